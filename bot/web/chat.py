"""The chat endpoint behind the web page: an anonymous resident identity, then Rasa's REST channel."""

from __future__ import annotations

import json
import logging
import re

from aiohttp import web

from bot.needs.emergency import advice_not_yet_given
from bot.text import SILENT_COMMANDS, halfwidth_letters_and_digits
from bot.web.auth import current_cadre
from bot.web.clients import UNKNOWN
from bot.web.identity import COOKIE, MAX_AGE, new_resident_id
from bot.web.keys import LIMITS, METRICS, RASA, RASA_UPSTREAMS, SIGNER
from bot.web.responses import json_error, json_response
from bot.web.upstream import AllUpstreamsFailed

log = logging.getLogger(__name__)
MAX_MESSAGE_CHARS = 2000
LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
UNAVAILABLE = "助手暂时连不上，您的话没有丢，请稍等几秒再发一次。"


async def send(request: web.Request) -> web.Response:
    message = await _message(request)
    address = request.remote or UNKNOWN
    limits = request.app[LIMITS]
    refusal = await limits.refusal(address)
    if refusal:
        return _refused(message, *refusal)
    signer = request.app[SIGNER]
    cadre = current_cadre(request)
    sender = cadre.web_identity.split(":", 1)[1] if cadre else signer.unsign(request.cookies.get(COOKIE))
    sender = sender or new_resident_id()
    try:
        status, _, _, body = await request.app[RASA_UPSTREAMS].request(
            request.app[RASA], sender, "POST", "/webhooks/rest/webhook",
            json={"sender": sender, "message": message, "metadata": _metadata(limits, address)})
        answers = json.loads(body) if status == 200 else None
        if not isinstance(answers, list):
            raise AllUpstreamsFailed(f"status {status}")
        if not answers and not message.startswith(SILENT_COMMANDS):
            # Every message gets an answer unless an action failed (the action server restarting):
            # the page keeps the message and sends it again, and the form goes on from where it was.
            raise AllUpstreamsFailed("an empty answer")
    except (AllUpstreamsFailed, ValueError) as error:
        log.warning("no answer from the assistant (%s)", error)
        request.app[METRICS].failures.labels("web").inc()
        advice = advice_not_yet_given(message, [])  # even with the assistant down, an emergency is told
        return json_response({"error": f"{advice} {UNAVAILABLE}" if advice else UNAVAILABLE}, status=503)
    request.app[METRICS].messages.labels("web").inc()
    await limits.count_reports(address, sum(1 for a in answers if _custom(a).get("filed")))
    advice = advice_not_yet_given(message, [str(a.get("text") or "") for a in answers])
    if advice:
        answers = [{"text": advice}, *answers]
    response = json_response([_public(a) for a in answers])
    if cadre is None:  # renewed with every answer: MAX_AGE counts from the resident's last message
        response.set_cookie(COOKIE, signer.sign(sender), max_age=MAX_AGE, httponly=True, samesite="Lax")
    return response


async def _message(request: web.Request) -> str:
    _from_own_page(request)
    try:
        body = await request.json()
    except (ValueError, LookupError, RecursionError):  # bad JSON or bytes, an unknown charset, endless nesting
        raise json_error(web.HTTPBadRequest, "请求格式不对") from None
    message = body.get("message") if isinstance(body, dict) else None
    if not isinstance(message, str):
        raise json_error(web.HTTPBadRequest, "请输入要说的话")
    if len(message) > MAX_MESSAGE_CHARS:
        raise json_error(web.HTTPBadRequest, f"一次最多发{MAX_MESSAGE_CHARS}个字，请分几次说")
    # Half an emoji cut at the length limit arrives as a lone surrogate, which Rasa's tokenizer refuses.
    message = halfwidth_letters_and_digits(LONE_SURROGATE.sub("", message))
    if not message.strip():
        raise json_error(web.HTTPBadRequest, "请输入要说的话")
    return message


def _from_own_page(request: web.Request) -> None:
    """Refuse a message a browser sends from another page.

    A message runs as whoever the cookies say, a logged-in cadre too ("南园社区定为老街巷社区", then "好的").
    Pages of other origins, even on this host (another port, a sibling subdomain), can post only "simple"
    bodies without asking first, so the body must be declared JSON (which a browser sends across origins only
    after a preflight this gateway never allows); and a browser says where a request comes from (Origin,
    Sec-Fetch-Site), which must be this site. Scripts and apps that send neither header are not browsers
    acting for someone else and pass.
    """
    if request.content_type != "application/json":
        raise json_error(web.HTTPBadRequest, "请求格式不对")
    fetched_from = request.headers.get("Sec-Fetch-Site")
    origin = request.headers.get("Origin")
    if fetched_from is not None:  # the browser's own word, whatever Host a proxy passed on
        foreign = fetched_from not in ("same-origin", "none")
    else:  # an older browser: its Origin against the host asked for
        foreign = origin is not None and not _same_host(origin, request.host)
    if foreign:
        log.warning("a chat message from another page refused (Sec-Fetch-Site %s)", (fetched_from or "-")[:20])
        raise json_error(web.HTTPForbidden, "请在本站的聊天页里发消息")


def _same_host(origin: str, host: str) -> bool:
    """Whether an Origin header ("https://host:port") names this host and port (the scheme may differ behind
    a proxy that ends TLS)."""
    _, sep, rest = origin.partition("://")
    return bool(sep) and rest.rstrip("/").lower() == host.lower()


def _refused(message: str, refusal: str, retry_after: int) -> web.Response:
    """Too many messages or reports from this address: said politely, and an emergency is still told."""
    advice = advice_not_yet_given(message, [])
    response = json_response({"error": f"{advice} {refusal}" if advice else refusal}, status=429)
    response.headers["Retry-After"] = str(retry_after)
    return response


def _metadata(limits, address: str) -> dict:
    """What the actions may know of the client: its address as a keyed hash that changes daily, so a
    need's supports (附议) count once per address and day, and never the address itself."""
    return {"client": limits.keys.of_today(address)}


def _custom(answer) -> dict:
    custom = answer.get("custom") if isinstance(answer, dict) else None
    return custom if isinstance(custom, dict) else {}


def _public(answer: dict) -> dict:
    """Only what the page shows: the text, the buttons and a card."""
    kept = {"text": answer.get("text", "")}
    if answer.get("buttons"):
        kept["buttons"] = [{"title": b.get("title", ""), "payload": b.get("payload", "")} for b in answer["buttons"]]
    if isinstance(answer.get("custom"), dict) and answer["custom"].get("card"):
        kept["card"] = answer["custom"]
    return kept
