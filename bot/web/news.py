"""Volunteers on WeChat hear of needs matched to their offers without writing first; residents whose need was
finished are asked for a call-back (回访).

The gateway sees every WeChat message pass on its way to the assistant, so it remembers when each follower
last wrote; while WeChat still accepts customer-service messages to them (48 hours after their last
message), it sends them what bot.resources.news has for them — once, as on a greeting. Followers
another gateway served are that gateway's to tell. A call-back is opened in the follower's conversation on a
Rasa server (the action action_offer_call_back), so their reply is read as its answer wherever it lands.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import AsyncIterator

from aiohttp import web
from wechatpy.exceptions import WeChatClientException

from bot.config import load_wechat_settings
from bot.needs.visit_asks import call_back_due
from bot.resources.news import news_for, news_text, senders_with_news
from bot.web.keys import CATALOG, FOLLOWERS, RASA, RASA_UPSTREAMS, SETTINGS, WECHAT_SERVICE
from bot.web.upstream import AllUpstreamsFailed
from bot.wechat.replies import Answer, as_text, pieces_of
from bot.wechat.service import ServiceApi

log = logging.getLogger(__name__)
REACHABLE_SECONDS = 47 * 3600  # WeChat's 48 hours, with room for delays and clocks
OPENID = re.compile(r"^[A-Za-z0-9_-]{6,64}$")
OPENING = "您好！"


class Followers:
    """When each WeChat follower last wrote to this gateway."""

    def __init__(self, clock=time.monotonic) -> None:
        self._clock = clock
        self._last: dict[str, float] = {}

    def wrote(self, openid: str) -> None:
        if OPENID.match(openid):
            self._last[openid] = self._clock()

    def reachable(self) -> list[str]:
        """Followers WeChat still lets us write to; the others are forgotten."""
        since = self._clock() - REACHABLE_SECONDS
        self._last = {openid: at for openid, at in self._last.items() if at >= since}
        return list(self._last)


async def push_news(app: web.Application) -> int:
    """Send each reachable volunteer the needs matched since they were last told; how many were told."""
    catalog, service = app[CATALOG], app[WECHAT_SERVICE]
    loop = asyncio.get_running_loop()
    told = 0
    for openid in await loop.run_in_executor(None, senders_with_news, catalog, app[FOLLOWERS].reachable()):
        news = await loop.run_in_executor(None, news_for, catalog, openid)
        if not news:
            continue  # told meanwhile, on a greeting
        try:
            for piece in pieces_of(Answer(news_text(news, OPENING))):
                await service.send(openid, piece)
            told += 1
        except (WeChatClientException, OSError) as error:
            # The error's text may hold the token URL with the AppSecret: its kind only.
            log.warning("a volunteer's news could not be sent (%s)", type(error).__name__)
    return told


async def push_call_backs(app: web.Application) -> int:
    """Ask each reachable follower with a finished need due a call-back; how many were asked."""
    catalog, service = app[CATALOG], app[WECHAT_SERVICE]
    loop = asyncio.get_running_loop()
    asked = 0
    for openid in app[FOLLOWERS].reachable():
        if await loop.run_in_executor(None, call_back_due, catalog, openid) is None:
            continue
        try:
            messages = await _run_in_conversation(app, openid, "action_offer_call_back")
            if messages:
                await _run_in_conversation(app, openid, "action_listen")  # the reply is then read as an answer
                for piece in pieces_of(as_text(messages)):
                    await service.send(openid, piece)
                asked += 1
        except (AllUpstreamsFailed, WeChatClientException, OSError, ValueError) as error:
            log.warning("a call-back could not be asked (%s)", type(error).__name__)
    return asked


async def _run_in_conversation(app: web.Application, openid: str, action: str) -> list[dict]:
    """Run one action in the follower's conversation on a Rasa server; the messages it said."""
    token = app[SETTINGS].rasa_token
    status, _, _, body = await app[RASA_UPSTREAMS].request(
        app[RASA], openid, "POST", f"/conversations/{openid}/execute", json={"name": action},
        params={"output_channel": "collector", **({"token": token} if token else {})})
    if status != 200:
        raise ValueError(f"Rasa answered {status}")
    return json.loads(body or b"{}").get("messages") or []


async def volunteer_news(app: web.Application) -> AsyncIterator[None]:
    """cleanup_ctx: the news loop, when the Official Account can send customer-service messages."""
    settings = load_wechat_settings()
    app[FOLLOWERS] = Followers()
    task = None
    if settings.can_send and settings.news_seconds > 0:
        app[WECHAT_SERVICE] = ServiceApi(settings)
        task = asyncio.create_task(_every(app, settings.news_seconds))
    yield
    if task is not None:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def _every(app: web.Application, seconds: float) -> None:
    while True:
        await asyncio.sleep(seconds)
        try:
            await push_news(app)
            await push_call_backs(app)
        except Exception:  # the catalog down for a while: try again next time
            log.exception("looking for volunteers' news or call-backs failed")
