"""WeChat's server calls the public gateway at /wechat; the channel itself runs inside Rasa on loopback.

The gateway checks WeChat's signature and refuses a signed request used before (shared by every
gateway through Redis in the production profile) before any Rasa server sees it; the Rasa channel
checks both again for whatever reaches it some other way.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Mapping

import aiohttp
from aiohttp import web
from redis import RedisError
from wechatpy.crypto import WeChatCrypto

from bot.config import WeChatSettings, load_wechat_settings
from bot.web.keys import FOLLOWERS, METRICS, RASA, RASA_UPSTREAMS, WECHAT_GATE
from bot.web.upstream import AllUpstreamsFailed
from bot.wechat.replays import OnceStore, first_use_of, once_store, verified_xml

log = logging.getLogger(__name__)
FORWARD_SECONDS = 10  # the channel answers within its own window; this only bounds a stuck Rasa
NOT_SIGNED = "签名不对"
USED = "这个请求已经收到过，不再受理"
UNAVAILABLE = "助手暂时不可用"


SENDER = re.compile(rb"<FromUserName>\s*(?:<!\[CDATA\[(.*?)\]\]>|([^<]*))\s*</FromUserName>", re.S)


class Gate:
    """WeChat's signature, and each signed request used once, checked at the gateway."""

    def __init__(self, settings: WeChatSettings, signed_requests: OnceStore) -> None:
        self.settings = settings
        self.crypto = (WeChatCrypto(settings.token, settings.encoding_aes_key, settings.app_id)
                       if settings.token and settings.safe_mode else None)
        self.signed_requests = signed_requests

    @classmethod
    def from_env(cls) -> Gate:
        settings = load_wechat_settings()
        return cls(settings, once_store(settings.redis_url, "gateway"))

    def refusal(self, query: Mapping, body: bytes) -> tuple[web.Response | None, bytes | str]:
        """A response refusing the request, or None; and the message XML to find its sender in."""
        if not self.settings.token:
            return None, b""  # the channel answers that it is not configured
        xml = verified_xml(self.settings.token, self.crypto, query, body)
        if xml is None:
            return web.Response(text=NOT_SIGNED, status=403), b""
        if not xml:
            return None, body  # no envelope at all: the channel answers that it is malformed
        try:
            first = first_use_of(self.signed_requests, query.get("timestamp", ""), query.get("nonce", ""))
        except RedisError as error:  # WeChat retries a message that got no answer
            log.warning("signed WeChat requests not checked in Redis (%s)", type(error).__name__)
            return web.Response(text=UNAVAILABLE, status=503), b""
        if not first:
            log.warning("a WeChat request signed before was refused at the gateway (a replay)")
            return web.Response(text=USED, status=403), b""
        return None, xml


def follower_key(xml: bytes | str) -> str:
    """Who the message is from, to keep them on one Rasa server: the sender in the message XML
    (never the query's openid, which no signature covers), else the body itself."""
    raw = xml.encode("utf-8") if isinstance(xml, str) else xml
    found = SENDER.search(raw[:4096])
    sender = (found.group(1) or found.group(2)) if found else None
    return sender.decode("utf-8", "replace") if sender else raw.decode("utf-8", "replace")


async def forward(request: web.Request) -> web.Response:
    """Hand the request to Rasa's WeChat channel as it came (query, body) and its answer back as it is.

    One follower stays on one Rasa server, which spares the conversation's lock; any server can
    answer, as conversations, choices and (in the production profile) retries are shared.
    """
    body = await request.read()
    key = ""
    if request.method == "POST":
        # Off the event loop: the used-once check may wait on Redis.
        refused, xml = await asyncio.get_running_loop().run_in_executor(
            None, request.app[WECHAT_GATE].refusal, request.query, body)
        if refused is not None:
            return refused
        key = follower_key(xml or body)
    headers = {"Content-Type": request.headers.get("Content-Type", "text/xml")}
    try:
        status, content_type, charset, answer = await request.app[RASA_UPSTREAMS].request(
            request.app[RASA], key, request.method, "/webhooks/wechat/webhook", params=request.query, data=body,
            headers=headers, timeout=aiohttp.ClientTimeout(total=FORWARD_SECONDS))
    except AllUpstreamsFailed:
        # WeChat retries a message that got no answer: nothing is lost while the assistant restarts.
        log.warning("no Rasa server answered a WeChat request")
        request.app[METRICS].failures.labels("wechat").inc()
        return web.Response(text=UNAVAILABLE, status=503)
    if request.method == "POST" and status == 200:
        request.app[METRICS].messages.labels("wechat").inc()
        request.app[FOLLOWERS].wrote(key)  # answered: the follower may be written to for 48 hours
    return web.Response(body=answer, status=status, content_type=content_type or "text/plain", charset=charset)
