"""A numbered WeChat reply picks what the assistant offered last, whichever Rasa server offered it.

Two channels stand for two Rasa servers sharing one conversation store, as in the production
profile: the offer is read from the conversation, not from one server's memory.
"""

from __future__ import annotations

import hashlib
import time
from collections import deque
from types import SimpleNamespace

import pytest
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, UserUttered

from bot.config import WeChatSettings
from channels.wechat import WeChatInput

TOKEN = "choices-wechat-token"
OPENID = "oChoices1"
NO_PHONE = [{"title": "不留", "payload": "/deny"}]
CHECK = [{"title": "确认提交", "payload": "/affirm"}, {"title": "修改", "payload": "/修改"}]


class Assistant:
    """Rasa's part, reduced to what matters here: each turn is written to the shared store."""

    def __init__(self, store: InMemoryTrackerStore, offers: deque) -> None:
        self.store = store
        self.offers = offers
        self.heard: list[str] = []

    async def __call__(self, message) -> None:
        self.heard.append(message.text)
        tracker = await self.store.get_or_create_tracker(message.sender_id)
        buttons = self.offers.popleft()
        tracker.update(UserUttered(message.text))
        tracker.update(BotUttered("请选择", data={"buttons": buttons}))
        await self.store.save(tracker)
        message.output_channel.messages.append({"recipient_id": message.sender_id, "text": "请选择",
                                                "buttons": buttons})


def server(assistant: Assistant, store):
    """One Rasa server's WeChat webhook, called the way Sanic calls it, with Rasa's agent on the app."""
    channel = WeChatInput(WeChatSettings(token=TOKEN, app_id="wx0123456789abcdef"), service=SimpleNamespace())
    handler = next(r.handler for r in channel.blueprint(assistant)._future_routes
                   if r.uri == "/webhook" and "POST" in r.methods)
    app = SimpleNamespace(ctx=SimpleNamespace(agent=SimpleNamespace(tracker_store=store)))
    sent = iter(range(1, 1000))

    async def say(text: str):
        number = next(sent)
        timestamp, nonce = str(int(time.time())), f"n{number}"  # WeChat signs each request anew
        signature = hashlib.sha1("".join(sorted((TOKEN, timestamp, nonce))).encode()).hexdigest()
        body = (f"<xml><ToUserName>gh_a</ToUserName><FromUserName>{OPENID}</FromUserName>"
                f"<CreateTime>{timestamp}</CreateTime><MsgType>text</MsgType><Content>{text}</Content>"
                f"<MsgId>{id(channel)}{number}</MsgId></xml>")
        request = SimpleNamespace(args={"signature": signature, "timestamp": timestamp, "nonce": nonce},
                                  body=body.encode(), app=app)
        return await handler(request)

    return say


@pytest.fixture
def store() -> InMemoryTrackerStore:
    return InMemoryTrackerStore(Domain.empty())


async def test_a_number_picks_the_latest_offer_even_when_another_server_made_it(store):
    offers = deque([NO_PHONE, CHECK, NO_PHONE])
    assistant = Assistant(store, offers)
    server_a, server_b = server(assistant, store), server(assistant, store)
    await server_a("我要反映问题")  # server A offers 回复1：不留
    await server_b("路灯坏了")  # A failed over: server B offers 回复1：确认提交
    await server_a("1")  # the follower is back on A, whose memory still holds 不留
    assert assistant.heard[-1] == "/affirm"


async def test_a_number_with_nothing_offered_stays_the_number(store):
    assistant = Assistant(store, deque([[], NO_PHONE]))
    say = server(assistant, store)
    await say("你好")
    await say("２")  # fullwidth, as a Chinese keyboard types it
    assert assistant.heard == ["你好", "2"]


async def test_an_offer_older_than_half_an_hour_is_not_picked(store):
    assistant = Assistant(store, deque([CHECK, NO_PHONE]))
    say = server(assistant, store)
    await say("路灯坏了")
    tracker = await store.retrieve(OPENID)
    for event in tracker.events:
        event.timestamp -= 31 * 60
    await store.save(tracker)
    await say("1")
    assert assistant.heard[-1] == "1"


async def test_a_welcome_is_a_passive_reply_however_short_the_window(store):
    # Was: it went through the same 4-second window as the assistant's answers, so a busy server
    # answered "success" and the welcome was pushed later, or raced a window of a millisecond.
    channel = WeChatInput(WeChatSettings(token=TOKEN, app_id="wx0123456789abcdef", reply_window=0.000001),
                          service=SimpleNamespace())
    heard = []
    handler = next(r.handler for r in channel.blueprint(heard.append)._future_routes
                   if r.uri == "/webhook" and "POST" in r.methods)
    timestamp, nonce = str(int(time.time())), "n1"
    signature = hashlib.sha1("".join(sorted((TOKEN, timestamp, nonce))).encode()).hexdigest()
    body = (f"<xml><ToUserName>gh_a</ToUserName><FromUserName>{OPENID}</FromUserName><CreateTime>{timestamp}"
            "</CreateTime><MsgType>event</MsgType><Event>subscribe</Event></xml>")
    answer = await handler(SimpleNamespace(args={"signature": signature, "timestamp": timestamp, "nonce": nonce},
                                           body=body.encode()))
    assert "欢迎关注" in answer.body.decode() and heard == []  # the assistant is not asked


async def test_an_emergency_gets_the_advice_whatever_the_assistant_answered(store):
    assistant = Assistant(store, deque([NO_PHONE]))  # the assistant took "救命啊" for something else
    reply = await server(assistant, store)("救命啊")
    text = reply.body.decode()
    assert "120" in text and "请选择" in text and text.index("120") < text.index("请选择")
