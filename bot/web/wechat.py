"""WeChat's server calls the public gateway at /wechat; the channel itself runs inside Rasa on loopback."""

from __future__ import annotations

import logging
import re

import aiohttp
from aiohttp import web

from bot.web.keys import FOLLOWERS, METRICS, RASA, RASA_UPSTREAMS
from bot.web.upstream import AllUpstreamsFailed

log = logging.getLogger(__name__)
FORWARD_SECONDS = 10  # the channel answers within its own window; this only bounds a stuck Rasa


SENDER = re.compile(rb"<FromUserName>\s*(?:<!\[CDATA\[(.*?)\]\]>|([^<]*))\s*</FromUserName>", re.S)


def follower_key(openid: str | None, body: bytes) -> str:
    """Who the message is from, to keep them on one Rasa server: WeChat's openid in the query, else
    the sender in the XML, else (an encrypted body without openid) the body itself, so at least a
    retry goes where the first delivery went."""
    if openid:
        return openid
    found = SENDER.search(body[:4096])
    sender = (found.group(1) or found.group(2)) if found else None
    return sender.decode("utf-8", "replace") if sender else body.decode("utf-8", "replace")


async def forward(request: web.Request) -> web.Response:
    """Hand the request to Rasa's WeChat channel as it came (query, body) and its answer back as it is.

    One follower stays on one Rasa server (WeChat puts the openid in the query), so that server's
    memory of the choices it offered and of the messages it answered serves the follower's replies
    and WeChat's retries.
    """
    body = await request.read()
    headers = {"Content-Type": request.headers.get("Content-Type", "text/xml")}
    key = follower_key(request.query.get("openid"), body)
    try:
        status, content_type, charset, answer = await request.app[RASA_UPSTREAMS].request(
            request.app[RASA], key, request.method, "/webhooks/wechat/webhook", params=request.query, data=body,
            headers=headers, timeout=aiohttp.ClientTimeout(total=FORWARD_SECONDS))
    except AllUpstreamsFailed:
        # WeChat retries a message that got no answer: nothing is lost while the assistant restarts.
        log.warning("no Rasa server answered a WeChat request")
        request.app[METRICS].failures.labels("wechat").inc()
        return web.Response(text="助手暂时不可用", status=503)
    if request.method == "POST" and status == 200:
        request.app[METRICS].messages.labels("wechat").inc()
        request.app[FOLLOWERS].wrote(key)  # answered: the follower may be written to for 48 hours
    return web.Response(body=answer, status=status, content_type=content_type or "text/plain", charset=charset)
