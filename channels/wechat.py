"""The WeChat Official Account channel for Rasa, built on wechatpy.

WeChat's server calls /webhooks/wechat/webhook with signed XML (plain or AES-encrypted) and waits
5 seconds for an answer. We answer passively within `reply_window`; when the assistant takes
longer we answer "success" and send the reply through the customer-service message API. Retries
of a message are answered from `Deliveries` and never reach the assistant twice; a signed request
(timestamp, nonce) is accepted once (bot/wechat/replays.py). Both are kept in Redis in the
production profile, so every Rasa server shares them.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from xml.parsers.expat import ExpatError

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from redis import RedisError
from sanic import Blueprint, response
from sanic.request import Request
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.events import SubscribeEvent, SubscribeScanEvent, UnsubscribeEvent
from wechatpy.exceptions import InvalidSignatureException, WeChatClientException
from wechatpy.messages import LocationMessage, TextMessage, VoiceMessage
from wechatpy.replies import TextReply
from wechatpy.utils import check_signature

from bot.config import WeChatSettings, load_wechat_settings
from bot.needs.emergency import advice_not_yet_given
from bot.text import SILENT_COMMANDS, halfwidth_letters_and_digits
from bot.wechat.replays import first_use_of, fresh, once_store, verified_xml
from bot.wechat.replies import Answer, as_text, is_numbered_reply, pick, pieces_of
from bot.wechat.retries import Deliveries, Delivery
from bot.wechat.service import ServiceApi

log = logging.getLogger(__name__)
CHANNEL = "wechat"
WELCOME = ("您好，欢迎关注！我是太仓城乡社区分类共建小助手。\n"
           "身边有急难愁盼的事（路灯坏了、垃圾没人清、楼道堆物……），直接发文字或语音告诉我，我帮您记进社区的需求目录，"
           "给您一个编号，随时能查进度。\n想当志愿者、出一份力，发“我想当志愿者”。\n干部可以直接问试点进度，比如“我们镇有几个试点？”")
NOT_HEARD = "抱歉，这段语音没听清。请再说一遍，或者直接打字告诉我。"
NOT_READ = "抱歉，我现在只看得懂文字和语音。请用文字或语音把事情告诉我，比如“我是浏河镇新塘村的，村口路灯坏了”。"
TOO_SLOW = "抱歉，刚才没来得及回复。您的话已经收到，请稍等片刻。"
OUTSIDE = "您发的位置（{place}）不在太仓市。我只管太仓市的村（社区），请告诉我是哪个镇、哪个村（社区），比如“浏河镇新塘村”。"
UNFINISHED = "抱歉，助手正在恢复，刚才这句话没有处理完。请过半分钟再发一次，您前面说的内容都还在。"
TOO_LONG = "您这段话太长了，请分几段发给我，每段说一件事，我一段一段记。"
MAX_CHARS = 2000  # as on the web page; longer texts would hold up everyone's answers while read
USED = "这个请求已经收到过，不再受理"
UNAVAILABLE = "助手暂时不可用"
CHOICES_KEEP_SECONDS = 30 * 60


class WeChatInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return CHANNEL

    @classmethod
    def from_credentials(cls, credentials):
        return cls(load_wechat_settings())  # secrets come from the environment, never from the file

    def __init__(self, settings: WeChatSettings, service: ServiceApi | None = None) -> None:
        self.settings = settings
        self.service = service or ServiceApi(settings)
        self.crypto = (WeChatCrypto(settings.token, settings.encoding_aes_key, settings.app_id)
                       if settings.token and settings.safe_mode else None)
        self.deliveries = Deliveries.for_profile(settings.redis_url)
        self.signed_requests = once_store(settings.redis_url, "rasa")
        self.choices: dict[str, tuple[float, tuple[str, ...]]] = {}  # openid → (when, payloads)
        self.pending_pushes: set[asyncio.Task] = set()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable]) -> Blueprint:
        hook = Blueprint("wechat_webhook", __name__)

        @hook.route("/", methods=["GET"])
        async def health(_: Request):
            return response.json({"status": "ok" if self.settings.token else "not configured"})

        @hook.route("/webhook", methods=["GET"])
        async def verify(request: Request):
            if not self.settings.token:
                return response.text("公众号渠道未配置", status=503)
            if not self._signed(request):
                return response.text("签名不对", status=403)
            return response.text(request.args.get("echostr", ""))

        @hook.route("/webhook", methods=["POST"])
        async def receive(request: Request):
            if not self.settings.token:
                return response.text("公众号渠道未配置", status=503)
            xml = self._plain_xml(request)
            if xml is None:
                return response.text("签名不对", status=403)
            try:
                if xml and not first_use_of(self.signed_requests, request.args.get("timestamp", ""),
                                            request.args.get("nonce", "")):
                    log.warning("a WeChat request signed before was refused (a replay)")
                    return response.text(USED, status=403)
            except RedisError as error:  # WeChat retries a message that got no answer
                log.warning("signed WeChat requests not checked in Redis (%s)", type(error).__name__)
                return response.text(UNAVAILABLE, status=503)
            try:
                message = parse_message(xml)
            except (ExpatError, KeyError, TypeError, ValueError, AttributeError):
                log.warning("malformed WeChat XML refused")
                return response.text("消息格式不对", status=400)
            if message is None or not getattr(message, "source", None):
                return response.text("消息格式不对", status=400)
            try:
                key = _delivery_key(message)
            except (TypeError, ValueError, OverflowError, OSError):  # a MsgId or CreateTime that is no number or time
                return response.text("消息格式不对", status=400)
            if not _single_values(message):
                return response.text("消息格式不对", status=400)
            return await self._answer(message, key, on_new_message, _agent_of(request))

        return hook

    # -- one delivery ------------------------------------------------------------------------
    async def _answer(self, message, key: str, on_new_message, agent=None):
        known = _said(message)
        if isinstance(known, Answer):  # a welcome, a refusal: ready at once, always a passive reply
            return self._passive(message, known, None) if known.whole else response.text("success")
        try:
            delivery, first = self.deliveries.start(
                key, lambda: self._work(message.source, known, on_new_message, agent))
        except RedisError as error:  # WeChat retries a message that got no answer
            log.warning("the WeChat retry store in Redis failed (%s)", type(error).__name__)
            return response.text(UNAVAILABLE, status=503)
        if not first:
            log.info("WeChat retry of a message already received (%s)", _hashed(key))
        try:
            answer = await asyncio.wait_for(asyncio.shield(delivery.work), timeout=self.settings.reply_window)
        except asyncio.TimeoutError:
            if not delivery.late:
                delivery.late = True
                delivery.work.add_done_callback(lambda _: self._push_later(message.source, delivery))
            return response.text("success")
        except Exception:
            log.exception("the assistant failed on a WeChat message")
            answer = Answer("抱歉，助手出了点问题，请稍后再发一次。")
        if not answer.whole or not delivery.answer_passively():
            return response.text("success")
        return self._passive(message, answer, delivery)

    def _passive(self, message, answer: Answer, delivery: Delivery | None):
        pieces = pieces_of(answer)
        if len(pieces) > 1 and (delivery is None or delivery.first_to_send_rest()):  # the rest as service messages
            self._spawn(self._send_all(message.source, pieces[1:]))
        reply = TextReply(content=pieces[0], message=message).render()
        if self.crypto is not None:
            reply = self.crypto.encrypt_message(reply, _nonce(), str(int(time.time())))
        return response.text(reply, content_type="application/xml")

    def _push_later(self, openid: str, delivery: Delivery) -> None:
        if delivery.work.cancelled() or delivery.work.exception() is not None:
            answer = Answer(TOO_SLOW)
        else:
            answer = delivery.work.result()
        if answer.whole and delivery.push():
            self._spawn(self._send_all(openid, pieces_of(answer)))

    async def _send_all(self, openid: str, pieces: list[str]) -> None:
        for piece in pieces:
            try:
                await self.service.send(openid, piece)
            except (WeChatClientException, OSError) as error:
                # The error's text may hold the token URL with the AppSecret: its kind only.
                log.warning("a customer-service message could not be sent (%s)", type(error).__name__)
                return

    def _spawn(self, coroutine) -> None:
        task = asyncio.ensure_future(coroutine)
        self.pending_pushes.add(task)
        task.add_done_callback(self.pending_pushes.discard)

    # -- what the message says -----------------------------------------------------------------
    async def _work(self, openid: str, text: str, on_new_message, agent=None) -> Answer:
        """What the assistant answers to the text of a message."""
        text = await self._chosen(openid, halfwidth_letters_and_digits(text), agent)
        collector = CollectingOutputChannel()
        await on_new_message(UserMessage(text, collector, openid, input_channel=CHANNEL))
        if not collector.messages and not text.startswith(SILENT_COMMANDS):
            # Every message gets an answer unless an action failed (the action server restarting).
            answer = Answer(UNFINISHED)
        else:
            answer = as_text(collector.messages)
            self.choices[openid] = (time.monotonic(), answer.choices)
        advice = advice_not_yet_given(text, [answer.text])
        return replace(answer, text=f"{advice}\n\n{answer.text}".strip()) if advice else answer

    async def _chosen(self, openid: str, text: str, agent) -> str:
        """A numbered reply becomes the payload of the button it stands for."""
        if not is_numbered_reply(text):
            return text
        choices = await _offered_in_conversation(agent, openid)
        if choices is None:  # no conversation store to ask: what this server offered last
            when, remembered = self.choices.get(openid, (0.0, ()))
            choices = remembered if time.monotonic() - when <= CHOICES_KEEP_SECONDS else ()
        return pick(text, choices) or text

    # -- signatures --------------------------------------------------------------------------
    def _signed(self, request: Request) -> bool:
        args = request.args
        if not fresh(args.get("timestamp", "")):
            log.warning("a WeChat request with an old or missing timestamp was refused")
            return False
        try:
            check_signature(self.settings.token, args.get("signature", ""), args.get("timestamp", ""),
                            args.get("nonce", ""))
        except InvalidSignatureException:
            log.warning("a WeChat request with a bad signature was refused")
            return False
        return True

    def _plain_xml(self, request: Request) -> bytes | str | None:
        """The message XML when the request is really from WeChat, else None."""
        return verified_xml(self.settings.token, self.crypto, request.args, request.body)


def _said(message) -> str | Answer:
    """The text a message gives the assistant, or the answer it gets without the assistant."""
    if isinstance(message, (SubscribeEvent, SubscribeScanEvent)):
        return Answer(WELCOME)
    if isinstance(message, UnsubscribeEvent) or getattr(message, "type", "") == "event":
        return Answer("")
    if isinstance(message, TextMessage):
        text = message.content or ""
    elif isinstance(message, VoiceMessage):
        text = (message.recognition or "").strip()
        if not text:
            return Answer(NOT_HEARD)
    elif isinstance(message, LocationMessage):
        text = message.label or ""  # e.g. 江苏省苏州市太仓市浏河镇新塘村: answers a place question
        if not text:
            return Answer(NOT_READ)
        if re.search(r"[省市]", text) and "太仓" not in text:
            return Answer(OUTSIDE.format(place=text[:40]))
    else:
        return Answer(NOT_READ)
    return Answer(TOO_LONG) if len(text) > MAX_CHARS else text


def _agent_of(request):
    """Rasa's agent, which the server keeps on its Sanic app."""
    return getattr(getattr(getattr(request, "app", None), "ctx", None), "agent", None)


async def _offered_in_conversation(agent, openid: str) -> tuple[str, ...] | None:
    """The choices of the assistant's last turn, read from the conversation store.

    Every Rasa server shares that store, so a "1" picks what was offered last whichever server
    offered it (a server's own memory may hold an older offer). None when there is no store.
    """
    store = getattr(agent, "tracker_store", None)
    if store is None:
        return None
    try:
        tracker = await store.retrieve(openid)
    except Exception as error:  # the store failing: fall back to this server's memory
        log.warning("choices not read from the conversation store (%s)", type(error).__name__)
        return None
    if tracker is None:
        return ()
    turn: list[dict] = []
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, ActionExecuted) and event.action_name == ACTION_LISTEN_NAME and turn:
            break  # what the gateway pushed since (a call-back) is a turn of its own, numbered on its own
        if isinstance(event, BotUttered):
            if time.time() - (event.timestamp or 0) > CHOICES_KEEP_SECONDS:
                break
            turn.append({"buttons": (event.data or {}).get("buttons") or []})
    return as_text(list(reversed(turn))).choices


_READ_FIELDS = ("source", "target", "id", "content", "recognition", "label")


def _single_values(message) -> bool:
    """Every field the channel reads holds one value: WeChat never nests or repeats them, and a
    list or a dict there would fail deep in the assistant (an openid used as a key, a text tokenized)."""
    return isinstance(message.source, str) and all(
        not isinstance(getattr(message, name, None), (dict, list, tuple)) for name in _READ_FIELDS)


def _delivery_key(message) -> str:
    message_id = getattr(message, "id", None)
    if message_id:
        return f"msg:{message_id}"
    return f"event:{message.source}:{getattr(message, 'create_time', '')}:{getattr(message, 'event', '')}"


def _hashed(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:10]


def _nonce() -> str:
    return secrets.token_hex(8)
