"""The chat endpoint behind the web page: an anonymous resident identity, then Rasa's REST channel."""

from __future__ import annotations

import asyncio
import logging

import aiohttp
from aiohttp import web

from bot.web.auth import current_cadre
from bot.web.identity import COOKIE, MAX_AGE, new_resident_id
from bot.web.keys import METRICS, RASA, RASA_URL, SIGNER
from bot.web.responses import json_error, json_response

log = logging.getLogger(__name__)
MAX_MESSAGE_CHARS = 2000
UNAVAILABLE = "助手暂时连不上，您的话没有丢，请稍等几秒再发一次。"


async def send(request: web.Request) -> web.Response:
    message = await _message(request)
    signer = request.app[SIGNER]
    cadre = current_cadre(request)
    sender = cadre.web_identity.split(":", 1)[1] if cadre else signer.unsign(request.cookies.get(COOKIE))
    fresh = sender is None
    sender = sender or new_resident_id()
    try:
        async with request.app[RASA].post(f"{request.app[RASA_URL]}/webhooks/rest/webhook",
                                          json={"sender": sender, "message": message}) as reply:
            if reply.status != 200:
                raise aiohttp.ClientResponseError(reply.request_info, (), status=reply.status)
            answers = await reply.json()
    except (aiohttp.ClientError, asyncio.TimeoutError):
        log.warning("the Rasa server did not answer")
        request.app[METRICS].failures.labels("web").inc()
        return json_response({"error": UNAVAILABLE}, status=503)
    request.app[METRICS].messages.labels("web").inc()
    response = json_response([_public(a) for a in answers])
    if fresh:
        response.set_cookie(COOKIE, signer.sign(sender), max_age=MAX_AGE, httponly=True, samesite="Lax")
    return response


async def _message(request: web.Request) -> str:
    try:
        body = await request.json()
    except (ValueError, LookupError, RecursionError):  # bad JSON or bytes, an unknown charset, endless nesting
        raise json_error(web.HTTPBadRequest, "请求格式不对") from None
    message = body.get("message") if isinstance(body, dict) else None
    if not isinstance(message, str):
        raise json_error(web.HTTPBadRequest, "请输入要说的话")
    if len(message) > MAX_MESSAGE_CHARS:
        raise json_error(web.HTTPBadRequest, f"一次最多发{MAX_MESSAGE_CHARS}个字，请分几次说")
    return message


def _public(answer: dict) -> dict:
    """Only what the page shows: the text, the buttons and a card."""
    kept = {"text": answer.get("text", "")}
    if answer.get("buttons"):
        kept["buttons"] = [{"title": b.get("title", ""), "payload": b.get("payload", "")} for b in answer["buttons"]]
    if isinstance(answer.get("custom"), dict) and answer["custom"].get("card"):
        kept["card"] = answer["custom"]
    return kept
