"""The aiohttp application: factory, routes, and the resources it opens and closes."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import aiohttp
from aiohttp import web
from sqlalchemy import text
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from bot.cadres.roster import RosterFile
from bot.catalog.db import Catalog
from bot.config import Settings
from bot.places.loader import load_gazetteer
from bot.reads.browse import ScopeError
from bot.web import api, auth, cases, catalogs, chat, dashboard, metrics, news, open311, reports, wechat
from bot.web.clients import forwarded_client
from bot.web.identity import Signer
from bot.web.keys import (
    CATALOG,
    FIGURES_CACHE,
    GAZETTEER,
    METRICS,
    RASA,
    RASA_UPSTREAMS,
    ROSTER,
    SESSIONS,
    SETTINGS,
    SIGNER,
    WECHAT_GATE,
)
from bot.web.limits import limits_of
from bot.web.responses import json_response
from bot.web.upstream import Upstreams

log = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parent / "static"
MAX_BODY = 64 * 1024


def create_app(settings: Settings, rasa_urls: str | Sequence[str], secret: str) -> web.Application:
    """The gateway in front of one Rasa server, or several sharing a tracker store and a lock store."""
    app = web.Application(client_max_size=MAX_BODY, middlewares=[forwarded_client, metrics.measure, security_headers,
                                                                    errors_in_chinese])
    app[SETTINGS] = settings
    app[RASA_UPSTREAMS] = Upstreams.of(rasa_urls)
    app[SIGNER] = Signer(secret)
    app[SESSIONS] = auth.Sessions()
    app[ROSTER] = RosterFile(settings.roster_file)  # re-read only when the file changes
    app[FIGURES_CACHE] = {}
    app[METRICS] = metrics.Metrics()
    app[METRICS].registry.register(metrics.SubmissionCounts(settings.outbox_path))
    app[WECHAT_GATE] = wechat.Gate.from_env()
    app.cleanup_ctx.append(_catalog)
    app.cleanup_ctx.append(_rasa_session)
    app.cleanup_ctx.append(news.volunteer_news)
    app.cleanup_ctx.append(limits_of(secret))
    setup_routes(app)
    return app


def setup_routes(app: web.Application) -> None:
    app.router.add_get("/", index)
    app.router.add_get("/healthz", health)
    app.router.add_get("/readyz", ready)
    app.router.add_get("/metrics", metrics.expose)
    app.router.add_get("/favicon.ico", no_icon)
    app.router.add_post("/chat/messages", chat.send)
    app.router.add_get("/wechat", wechat.forward)
    app.router.add_post("/wechat", wechat.forward)
    app.router.add_get("/login", auth.login_page)
    app.router.add_post("/login", auth.login)
    app.router.add_post("/logout", auth.logout)
    app.router.add_get("/api/me", auth.me)
    app.router.add_get("/dashboard", dashboard.page)
    app.router.add_get("/api/overview", dashboard.overview)
    app.router.add_get("/api/needs", catalogs.needs)
    app.router.add_get("/api/needs/{id}", catalogs.need)
    app.router.add_post("/api/needs/{id}/status", catalogs.change_status)
    app.router.add_post("/api/needs/{id}/supervise", catalogs.supervise)
    app.router.add_post("/api/needs/{id}/visits", catalogs.record_call_back)
    app.router.add_get("/api/projects", catalogs.projects)
    app.router.add_get("/api/resources", catalogs.resources)
    app.router.add_get("/api/export/{kind}.xlsx", catalogs.export)
    app.router.add_get("/api/cases", cases.cases)
    app.router.add_post("/api/cases", cases.add)
    app.router.add_get("/api/report", reports.report)
    app.router.add_get("/api/figures", api.figures)
    app.router.add_get("/api/rates", api.rates_report)
    app.router.add_get("/api/openapi.json", api.openapi)
    app.router.add_get("/open311/v2/services.json", open311.services)
    app.router.add_get("/open311/v2/requests.json", open311.requests_list)
    app.router.add_get("/open311/v2/requests/{id}.json", open311.request_detail)
    app.router.add_static("/static/", STATIC)
    vendor = app[SETTINGS].build_dir / "web"  # weui and echarts from npm, copied by `make build`
    if vendor.is_dir():
        app.router.add_static("/vendor/", vendor)


async def _catalog(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    app[CATALOG] = Catalog(settings.database_url)
    app[GAZETTEER] = load_gazetteer(settings.places_csv)
    yield
    app[CATALOG].dispose()


async def _rasa_session(app: web.Application) -> AsyncIterator[None]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
        app[RASA] = session
        yield


async def index(request: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC / "chat.html")


async def no_icon(request: web.Request) -> web.Response:
    return web.Response(status=204, headers={"Cache-Control": "max-age=86400"})


async def health(request: web.Request) -> web.Response:
    """Liveness: the gateway answers."""
    return web.json_response({"status": "ok"})


def _database_answers(catalog) -> bool:
    try:
        with catalog.unit_of_work() as session:
            session.execute(text("SELECT 1"))
        return True
    except SQLAlchemyError:
        return False


async def ready(request: web.Request) -> web.Response:
    """Readiness: the catalog answers a query and the assistant its status; 503 says which does not."""
    checks = {"database": "ok", "assistant": "ok"}
    if not await asyncio.get_running_loop().run_in_executor(None, _database_answers, request.app[CATALOG]):
        checks["database"] = "unreachable"
    answering, servers = await request.app[RASA_UPSTREAMS].any_ready(request.app[RASA], request.app[SETTINGS].rasa_token)
    if not answering:
        checks["assistant"] = "unreachable"
    checks["assistant_servers"] = f"{answering}/{servers}"  # ready while one answers; the rest is for alerts
    settings = request.app[SETTINGS]
    if settings.action_server_url:  # forms and reports stop without it
        checks["actions"] = await _answers(request.app[RASA], f"{settings.action_server_url}/health")
    if settings.redis_url:  # Rasa's lock store: no message is handled without it
        checks["redis"] = await asyncio.get_running_loop().run_in_executor(None, _redis_answers, settings.redis_url)
    ok = all(checks[part] == "ok" for part in ("database", "assistant", "actions", "redis") if part in checks)
    return json_response({"status": "ready" if ok else "not ready", **checks}, status=200 if ok else 503)


async def _answers(session: aiohttp.ClientSession, url: str) -> str:
    try:
        async with session.get(url, timeout=aiohttp.ClientTimeout(total=2)) as reply:
            return "ok" if reply.status == 200 else f"status {reply.status}"
    except (aiohttp.ClientError, asyncio.TimeoutError):
        return "unreachable"


def _redis_answers(url: str) -> str:
    import redis

    try:
        client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        try:
            return "ok" if client.ping() else "unreachable"
        finally:
            client.close()
    except redis.RedisError:
        return "unreachable"


HSTS_SECONDS = 180 * 24 * 3600
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; frame-ancestors 'none'; form-action 'self'")


@web.middleware
async def security_headers(request: web.Request, handler) -> web.StreamResponse:
    """No page runs a script it did not load from here, and none can be framed by another site.

    Refusals raised by handlers get the same headers; a refusal of a request whose body was never
    read also closes the connection, so the unread bytes cannot be taken for the next request.
    """
    try:
        response = await handler(request)
    except web.HTTPException as error:
        _protect(request, error)
        if error.status >= 400 and request.body_exists:
            error.force_close()
        raise
    _protect(request, response)
    return response


def _protect(request: web.Request, response: web.StreamResponse) -> None:
    if request.path.startswith(("/api/", "/open311/")):
        # The same URL answers the public and a cadre differently: no shared cache may keep either.
        response.headers.setdefault("Cache-Control", "no-store")
        response.headers.setdefault("Vary", "Authorization, Cookie")
    if request.secure:  # over TLS, directly or through a trusted proxy that ends it
        response.headers.setdefault("Strict-Transport-Security", f"max-age={HSTS_SECONDS}")
        for cookie in response.cookies.values():
            cookie["secure"] = True  # never sent back over plain HTTP, where anyone on the way reads it
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")


@web.middleware
async def errors_in_chinese(request: web.Request, handler) -> web.StreamResponse:
    """HTTP errors keep their status with a Chinese message; anything else is a 500 without a trace."""
    try:
        return await handler(request)
    except web.HTTPException as error:
        if error.content_type == "application/json" or error.status < 400:
            raise
        message = {404: "没有这个页面", 405: "不支持这种请求", 413: "内容太长了"}.get(error.status, "请求有误")
        return json_response({"error": message}, status=error.status)
    except ScopeError as error:  # a reader whose scope cannot be read whole sees nothing (fails closed)
        return json_response({"error": str(error)}, status=403)
    except OperationalError:  # the catalog's database is down or restarting: a wait, not a fault
        log.warning("the catalog is unreachable (%s)", request.path)
        return json_response({"error": "数据库暂时连不上，请稍后再试"}, status=503)
    except Exception:
        log.exception("unexpected error on %s", request.path)
        return json_response({"error": "服务暂时出了点问题，请稍后再试"}, status=500)
