"""A signed WeChat request is used once, on every gateway and Rasa server; WeChat's retries still get their answer.

In plaintext mode the signature covers the token, the timestamp and the nonce, not the body: a signed query
string seen once (a proxy's log, a browser's history) would let anyone post any XML under it for ten minutes.
The stores are a real Redis (as in the production profile) or each process's memory; the Rasa servers are the
real WeChat channel called the way Sanic calls it, the assistant behind it a recorder.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from aiohttp import web
from wechatpy.crypto import WeChatCrypto
from wechatpy.utils import WeChatSigner

from bot.backing import REDIS_SERVER, start_redis
from bot.config import WeChatSettings
from bot.servers import free_port
from bot.web.app import create_app
from bot.web.keys import FOLLOWERS
from channels.wechat import WeChatInput
from tests.e2e import wechat
from tests.integration.test_web import SECRET

needs_redis = pytest.mark.skipif(not Path(REDIS_SERVER).exists(), reason="redis-server is not installed")
IDS = itertools.count(int(time.time() * 1000))
RESIDENT = "oResidentReplay01"
USED = "这个请求已经收到过，不再受理"


class Assistant:
    """What reached the assistant, and its answer: a number for each message heard."""

    def __init__(self, seconds: float = 0.0) -> None:
        self.heard: list[tuple[str, str]] = []
        self.seconds = seconds

    async def __call__(self, message) -> None:
        self.heard.append((message.sender_id, message.text))
        await asyncio.sleep(self.seconds)
        message.output_channel.messages.append(
            {"recipient_id": message.sender_id, "text": f"已记录，编号 XQ{len(self.heard):06d}"})


def signed_query(timestamp: str | None = None, nonce: str | None = None) -> dict:
    """A new signature, as WeChat makes for every delivery (retries included)."""
    timestamp, nonce = timestamp or str(int(time.time())), nonce or f"n{next(IDS)}"
    signer = WeChatSigner()
    signer.add_data(wechat.TOKEN, timestamp, nonce)
    return {"signature": signer.signature, "timestamp": timestamp, "nonce": nonce}


def text_message(content: str, openid: str = RESIDENT, msg_id: int | None = None) -> str:
    return wechat.WeChatServer.text(openid, content, msg_id or next(IDS))


def reply_of(body: str) -> str:
    return wechat.WeChatServer("").reply_text(body)


def rasa_server(assistant: Assistant, redis_url: str | None = None, safe_mode: bool = False, reply_window=4.0):
    """One Rasa server's WeChat webhook: the channel's POST handler, called the way Sanic calls it."""
    settings = WeChatSettings(token=wechat.TOKEN, app_id=wechat.APP_ID, encoding_aes_key=wechat.AES_KEY,
                              safe_mode=safe_mode, reply_window=reply_window, redis_url=redis_url)
    channel = WeChatInput(settings, service=SimpleNamespace(send=_not_sent))
    handler = next(r.handler for r in channel.blueprint(assistant)._future_routes
                   if r.uri == "/webhook" and "POST" in r.methods)

    async def post(body: str, query: dict) -> tuple[int, str]:
        answer = await handler(SimpleNamespace(args=query, body=body.encode("utf-8")))
        return answer.status, answer.body.decode("utf-8")

    post.channel = channel
    return post


async def _not_sent(openid: str, piece: str) -> None:
    raise AssertionError(f"nothing is pushed in these tests: {piece}")


@pytest.fixture(scope="module")
def redis_url(reachable_dir):
    if not Path(REDIS_SERVER).exists():
        pytest.skip("redis-server is not installed")
    folder = reachable_dir("wechat-replays")
    server = start_redis(folder / "redis" / "data", free_port(), folder / "redis.log")
    yield server.url
    server.stop()


# -- one Rasa server, stores in memory (the development profile) -----------------------------------
async def test_the_same_signed_request_twice_is_refused_the_second_time():
    assistant = Assistant()
    post = rasa_server(assistant)
    query = signed_query()
    status, body = await post(text_message("村口路灯坏了"), query)
    assert status == 200 and "XQ000001" in reply_of(body)
    forged = text_message("我是城厢镇的，别的事", openid="oSomeoneElse01")  # any XML under the seen query
    assert await post(forged, query) == (403, USED)
    assert assistant.heard == [(RESIDENT, "村口路灯坏了")]


async def test_a_wechat_retry_gets_the_same_answer_but_its_signed_query_is_used_once():
    assistant = Assistant()
    post = rasa_server(assistant)
    message = text_message("楼道里堆满了杂物", msg_id=next(IDS))
    first = await post(message, signed_query())
    retry_query = signed_query()  # WeChat's retry: the same MsgId under a new timestamp and nonce
    retry = await post(message, retry_query)
    assert first[0] == retry[0] == 200 and reply_of(first[1]) == reply_of(retry[1])
    assert "XQ000001" in reply_of(retry[1]) and len(assistant.heard) == 1
    assert await post(message, retry_query) == (403, USED)  # that retry's query replayed


async def test_a_replay_in_safe_mode_is_refused_too():
    assistant = Assistant()
    post = rasa_server(assistant, safe_mode=True)
    crypto = WeChatCrypto(wechat.TOKEN, wechat.AES_KEY, wechat.APP_ID)
    sealed = wechat.WeChatServer("", crypto).seal(text_message("垃圾桶满了没人清"))
    query = wechat.WeChatServer("", crypto).query(sealed)  # the query repeats the envelope's time and nonce
    assert (await post(sealed, query))[0] == 200
    assert await post(sealed, query) == (403, USED)
    assert len(assistant.heard) == 1


# -- several Rasa servers sharing Redis (the production profile) ----------------------------------
@needs_redis
async def test_a_replay_to_another_rasa_server_is_refused(redis_url):
    assistant = Assistant()
    server_a, server_b = rasa_server(assistant, redis_url), rasa_server(assistant, redis_url)
    query = signed_query()
    assert (await server_a(text_message("小区门口的井盖松了"), query))[0] == 200
    assert await server_b(text_message("随便什么", openid="oSomeoneElse02"), query) == (403, USED)
    assert len(assistant.heard) == 1


@needs_redis
async def test_a_retry_that_reaches_another_rasa_server_gets_the_first_servers_answer(redis_url):
    # Was: each server kept its retries in its own memory, so the second server asked the
    # assistant again (a need filed twice) and answered with another number.
    assistant = Assistant(seconds=0.3)
    server_a, server_b = rasa_server(assistant, redis_url), rasa_server(assistant, redis_url)
    message = text_message("河边的护栏断了一截", msg_id=next(IDS))
    (status_a, body_a), (status_b, body_b) = await asyncio.gather(
        server_a(message, signed_query()), server_b(message, signed_query()))
    assert status_a == status_b == 200
    assert reply_of(body_a) == reply_of(body_b) and "XQ000001" in reply_of(body_b)
    later = await server_b(message, signed_query())  # a third delivery, after the answer was kept
    assert reply_of(later[1]) == reply_of(body_a)
    assert assistant.heard == [(RESIDENT, "河边的护栏断了一截")]


# -- gateways in front of the Rasa servers ---------------------------------------------------------
@pytest.fixture
async def rasa_behind(aiohttp_server):
    """A Rasa server the gateways hand WeChat's requests to: the real channel, in memory."""
    assistant = Assistant()
    post = rasa_server(assistant)

    async def webhook(request: web.Request) -> web.Response:
        status, body = await post((await request.read()).decode("utf-8"), dict(request.query))
        return web.Response(text=body, status=status, content_type="application/xml" if status == 200 else "text/plain")

    app = web.Application()
    app.router.add_post("/webhooks/wechat/webhook", webhook)
    server = await aiohttp_server(app)
    server.assistant = assistant
    return server


async def gateway(aiohttp_client, settings, rasa, monkeypatch, redis_url: str | None):
    monkeypatch.setenv("WECHAT_TOKEN", wechat.TOKEN)
    monkeypatch.setenv("WECHAT_NEWS_SECONDS", "0")
    if redis_url:
        monkeypatch.setenv("REDIS_URL", redis_url)
    else:
        monkeypatch.delenv("REDIS_URL", raising=False)
    return await aiohttp_client(create_app(settings, str(rasa.make_url("")), SECRET))


@needs_redis
async def test_a_replay_sent_to_a_second_gateway_is_refused(aiohttp_client, settings, catalog, rasa_behind,
                                                            monkeypatch, redis_url):
    first = await gateway(aiohttp_client, settings, rasa_behind, monkeypatch, redis_url)
    second = await gateway(aiohttp_client, settings, rasa_behind, monkeypatch, redis_url)
    query = signed_query()
    reply = await first.post("/wechat", params=query, data=text_message("公园的长椅坏了"))
    assert reply.status == 200 and "XQ000001" in reply_of(await reply.text())
    replay = await second.post("/wechat", params=query, data=text_message("别人的话", openid="oSomeoneElse03"))
    assert replay.status == 403 and await replay.text() == USED
    assert rasa_behind.assistant.heard == [(RESIDENT, "公园的长椅坏了")]


async def test_the_gateway_knows_the_sender_from_the_message_not_from_the_query(aiohttp_client, settings, catalog,
                                                                                rasa_behind, monkeypatch):
    client = await gateway(aiohttp_client, settings, rasa_behind, monkeypatch, None)
    query = {**signed_query(), "openid": "oVolunteerQuery01"}  # no signature covers the query's openid
    reply = await client.post("/wechat", params=query, data=text_message("路灯不亮", openid="oResidentBody01"))
    assert reply.status == 200
    assert client.server.app[FOLLOWERS].reachable() == ["oResidentBody01"]
