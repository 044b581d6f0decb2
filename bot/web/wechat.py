"""WeChat's server calls the public gateway at /wechat; the channel itself runs inside Rasa on loopback."""

from __future__ import annotations

import asyncio
import logging

import aiohttp
from aiohttp import web

from bot.web.keys import METRICS, RASA, RASA_URL

log = logging.getLogger(__name__)
FORWARD_SECONDS = 10  # the channel answers within its own window; this only bounds a stuck Rasa


async def forward(request: web.Request) -> web.Response:
    """Hand the request to Rasa's WeChat channel as it came (query, body) and its answer back as it is."""
    body = await request.read()
    url = f"{request.app[RASA_URL]}/webhooks/wechat/webhook"
    headers = {"Content-Type": request.headers.get("Content-Type", "text/xml")}
    try:
        async with request.app[RASA].request(request.method, url, params=request.query, data=body, headers=headers,
                                             timeout=aiohttp.ClientTimeout(total=FORWARD_SECONDS)) as reply:
            if request.method == "POST" and reply.status == 200:
                request.app[METRICS].messages.labels("wechat").inc()
            return web.Response(body=await reply.read(), status=reply.status,
                                content_type=reply.content_type or "text/plain", charset=reply.charset)
    except (aiohttp.ClientError, asyncio.TimeoutError):
        # WeChat retries a message that got no answer: nothing is lost while the assistant restarts.
        log.warning("the Rasa server did not answer a WeChat request")
        request.app[METRICS].failures.labels("wechat").inc()
        return web.Response(text="助手暂时不可用", status=503)
