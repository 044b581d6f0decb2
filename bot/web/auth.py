"""Cadres' web login: argon2id passwords from the roster, server-side sessions, CSRF, rate limits.

The session cookie holds a signed random token (HttpOnly, SameSite=Lax); the session itself
(which cadre, until when) stays on the server, in the catalog (bot/cadres/sessions.py). Every form that changes something carries a CSRF
token that must equal the one in its own cookie. Wrong passwords are limited per account and per
address, and every failure is logged without the password.
"""

from __future__ import annotations

import asyncio
import html
import logging
import secrets
import time
from dataclasses import dataclass, field

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError

from bot.cadres.access import pseudonym
from bot.cadres.roster import Cadre
from bot.cadres.sessions import close_session, open_session, session_cadre
from bot.web.keys import CATALOG, ROSTER, SESSIONS, SIGNER
from bot.web.responses import json_error, json_response

log = logging.getLogger(__name__)
SESSION_COOKIE = "tc_session"
CSRF_COOKIE = "tc_csrf"
SESSION_SECONDS = 8 * 3600
MAX_FAILURES = 5  # per account from one address: nobody elsewhere can lock a cadre out
MAX_ADDRESS_FAILURES = 20  # per address over every account (an office behind one NAT has room)
FAILURE_WINDOW = 15 * 60
_hasher = PasswordHasher()
_UNKNOWN_HASH = _hasher.hash(secrets.token_urlsafe(16))  # checked for ids without a password: never matches


@dataclass
class Sessions:
    """Wrong passwords per account and address (the sessions themselves are in the catalog)."""

    failures: dict[str, list[float]] = field(default_factory=dict)  # account or address → failure times

    def blocked(self, account_key: str, address_key: str) -> bool:
        now = time.monotonic()
        for key, limit in ((account_key, MAX_FAILURES), (address_key, MAX_ADDRESS_FAILURES)):
            recent = [t for t in self.failures.get(key, []) if now - t < FAILURE_WINDOW]
            self.failures[key] = recent
            if len(recent) >= limit:
                return True
        return False

    def failed(self, *keys: str) -> None:
        for key in keys:
            self.failures.setdefault(key, []).append(time.monotonic())


def current_cadre(request: web.Request) -> Cadre | None:
    """The logged-in cadre, read from the roster as it is now (a removed cadre is logged out)."""
    token = request.app[SIGNER].unsign(request.cookies.get(SESSION_COOKIE))
    cadre_id = session_cadre(request.app[CATALOG], token)
    if cadre_id is None:
        return None
    cadre = request.app[ROSTER].current().by_id(cadre_id)
    return cadre if cadre and cadre.password_hash else None


def token_cadre(request: web.Request) -> Cadre | None:
    """The cadre whose API token is in `Authorization: Bearer …`; a wrong token is an error, not the public."""
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    token = token.strip()
    # Tokens are ASCII; other bytes (kept undecoded by aiohttp as surrogates) are nobody's token.
    cadre = request.app[ROSTER].current().by_token(token) if scheme.lower() == "bearer" and token.isascii() else None
    if cadre is None:
        log.warning("API token refused from %s", pseudonym(request.remote or "unknown"))
        raise json_error(web.HTTPUnauthorized, "令牌无效或已作废")
    return cadre


def reader(request: web.Request) -> Cadre | None:
    """Who reads the API: a cadre by token or by session, or None for the public."""
    return token_cadre(request) or current_cadre(request)


def required_cadre(request: web.Request, changing: bool = False) -> Cadre:
    """The cadre behind a request that needs one; a change by session also needs the page's CSRF token."""
    cadre = token_cadre(request)
    if cadre is not None:
        return cadre  # a token is sent on purpose, never by a browser on its own
    cadre = current_cadre(request)
    if cadre is None:
        raise json_error(web.HTTPUnauthorized, "请先登录")
    if changing:
        _check_csrf(request, request.headers.get("X-CSRF-Token"))
    return cadre


def csrf_token(request: web.Request) -> str:
    """The form token of this browser: the one in its cookie, or a new one (set_csrf_cookie sends it)."""
    return request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)


def set_csrf_cookie(response: web.StreamResponse, token: str) -> None:
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="Strict")


async def login_page(request: web.Request) -> web.Response:
    if current_cadre(request) is not None:
        return redirect("/dashboard")
    return _login_form(request, "")


def _login_form(request: web.Request, message: str, status: int = 200) -> web.Response:
    token = csrf_token(request)
    notice = f'<p class="error" role="alert">{html.escape(message)}</p>' if message else ""
    response = web.Response(text=_LOGIN.format(csrf=html.escape(token), message=notice), content_type="text/html",
                            status=status)
    set_csrf_cookie(response, token)
    return response


def redirect(location: str) -> web.Response:
    return web.Response(status=303, headers={"Location": location})


def _wants_page(request: web.Request) -> bool:
    """A browser's form post gets pages and redirects; scripts get JSON."""
    return "text/html" in request.headers.get("Accept", "")


async def _form(request: web.Request):
    """The posted form; a body that is no form (a multipart without its boundary or with a broken part
    header, an unknown charset) is a 400."""
    try:
        return await request.post()
    except (ValueError, LookupError, HttpProcessingError):
        raise json_error(web.HTTPBadRequest, "请求格式不对") from None


async def login(request: web.Request) -> web.Response:
    form = await _form(request)
    _check_csrf(request, form.get("csrf"))
    cadre_id = str(form.get("cadre_id", "")).strip().upper()[:16]
    password = str(form.get("password", ""))
    sessions = request.app[SESSIONS]
    address = request.remote or "unknown"
    keys = (f"id:{cadre_id}@{address}", f"ip:{address}")
    cadre = request.app[ROSTER].current().by_id(cadre_id)
    # Only a roster id is logged: what else was typed in the id box may be a password.
    logged_id = cadre.id if cadre else "(not in the roster)"
    if sessions.blocked(*keys):
        log.warning("login blocked after repeated failures: cadre=%s address=%s", logged_id, pseudonym(address))
        return _refused(request, "密码错误次数太多，请15分钟后再试", 429)
    # Off the event loop (argon2 takes tens of milliseconds), and a hash checked for an unknown id too, so
    # the time taken does not tell which ids exist.
    stored = cadre.password_hash if cadre and cadre.password_hash else _UNKNOWN_HASH
    verified = await asyncio.get_running_loop().run_in_executor(None, _verify, stored, password)
    if cadre is None or not cadre.password_hash or not verified:
        sessions.failed(*keys)
        log.warning("login failed: cadre=%s address=%s", logged_id, pseudonym(address))
        return _refused(request, "编号或密码不对", 401)
    token = open_session(request.app[CATALOG], cadre.id, SESSION_SECONDS)
    if _wants_page(request):
        response = redirect("/dashboard")
    else:
        response = json_response({"cadre": cadre.name, "scope": cadre.scope_label})
    response.set_cookie(SESSION_COOKIE, request.app[SIGNER].sign(token), max_age=SESSION_SECONDS, httponly=True,
                        samesite="Lax")  # a link opened from a chat arrives logged in; changes still need CSRF
    return response


def _refused(request: web.Request, message: str, status: int) -> web.Response:
    return _login_form(request, message, status) if _wants_page(request) else json_response({"error": message}, status)


async def logout(request: web.Request) -> web.Response:
    form = await _form(request)
    _check_csrf(request, form.get("csrf"))
    close_session(request.app[CATALOG], request.app[SIGNER].unsign(request.cookies.get(SESSION_COOKIE)))
    response = redirect("/login") if _wants_page(request) else json_response({"status": "已退出"})
    response.del_cookie(SESSION_COOKIE)
    # The chat page keeps the conversation (a cadre's need lists too) in the browser's storage: gone with the
    # login, on a shared computer. The dashboard's script also removes it, for browsers without this header.
    response.headers["Clear-Site-Data"] = '"storage"'
    return response


async def me(request: web.Request) -> web.Response:
    cadre = reader(request)
    if cadre is None:
        return json_response({"error": "请先登录"}, 401)
    return json_response({"id": cadre.id, "cadre": cadre.name, "role": cadre.role, "scope": cadre.scope_label})


def _verify(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerifyMismatchError, InvalidHashError):
        return False


def _check_csrf(request: web.Request, submitted) -> None:
    expected = request.cookies.get(CSRF_COOKIE)
    if not expected or not submitted or not secrets.compare_digest(_raw(submitted), _raw(expected)):
        raise json_error(web.HTTPForbidden, "页面已过期，请刷新后再试")


def _raw(value) -> bytes:
    """Bytes to compare: compare_digest refuses str with non-ASCII characters, which anyone can send."""
    return str(value).encode("utf-8", "surrogatepass")


_LOGIN = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>干部登录</title><link rel="stylesheet" href="/vendor/weui.min.css">
<link rel="stylesheet" href="/static/dashboard.css"></head>
<body class="login"><form method="post" action="/login" class="weui-form">
<div class="weui-form__text-area"><h2 class="weui-form__title">干部登录</h2></div>
<input type="hidden" name="csrf" value="{csrf}">
<p><label>名册编号 <input name="cadre_id" autocomplete="username" required></label></p>
<p><label>密码 <input name="password" type="password" autocomplete="current-password" required></label></p>
{message}<p><button class="weui-btn weui-btn_primary" type="submit">登录</button></p>
<p class="hint">编号和密码由市（镇）管理员用 <code>python -m bot cadre passwd</code> 设置。居民请直接<a href="/">聊天</a>。</p>
</form></body></html>"""
