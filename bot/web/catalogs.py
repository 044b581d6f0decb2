"""The catalogs over HTTP: lists with filters, one need with its history, status changes, Excel.

Without a cadre (session or API token) the lists carry no resident's words, names or phones;
a cadre sees everything inside their scope and is told plainly when asking outside it.
"""

from __future__ import annotations

import asyncio
import re
from datetime import date, datetime
from urllib.parse import quote

from aiohttp import web

from bot.catalog.errors import CatalogError
from bot.catalog.excel import (
    NEED_COLUMNS,
    PROJECT_COLUMNS,
    RATE_COLUMNS,
    RESOURCE_COLUMNS,
    export_caption,
    workbook_bytes,
)
from bot.clock import CHINA
from bot.figures import Area
from bot.needs.service import supervise_need, update_status
from bot.needs.visits import VisitAnswer, record_visit
from bot.reads import browse
from bot.vocab import status as need_status
from bot.vocab.categories import category_names
from bot.vocab.resources import resource_types
from bot.web.api import rates_document
from bot.web.auth import reader, required_cadre
from bot.web.keys import CATALOG, GAZETTEER
from bot.web.responses import json_error, json_response

MAX_NOTE_CHARS = 500
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)  # dates a catalog can hold, with room
# Control characters, and lone surrogates (JSON's "\ud800" escapes) that no database can store as UTF-8.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
RESOURCE_STATUSES = ("active", "paused", "withdrawn")


def rate_rows(catalog, filt: browse.CatalogFilter, scope: browse.Scope):
    """The rates workbook: one row per community of the place asked (within the scope), the lowest
    composite first, then the whole place's total."""
    area = Area(filt.town or scope.town, filt.community or scope.community)
    document = rates_document(catalog, area, "", filt.date_from, filt.date_to)
    total = {"town": "合计", "community": "", **document["rates"]}
    for row in [*document["communities"], total]:
        yield {key: "—" if value is None else value for key, value in row.items()}


EXPORTS = {
    "needs": ("治理需求目录", NEED_COLUMNS, browse.iter_needs),
    "projects": ("治理项目目录", PROJECT_COLUMNS, browse.iter_projects),
    "resources": ("治理资源清单", RESOURCE_COLUMNS, browse.iter_resources),
    "rates": ("回访率和按时率", RATE_COLUMNS, rate_rows),
}


async def needs(request: web.Request) -> web.Response:
    return await _listing(request, browse.browse_needs, need_like=True)


async def projects(request: web.Request) -> web.Response:
    return await _listing(request, browse.browse_projects, need_like=True)


async def resources(request: web.Request) -> web.Response:
    return await _listing(request, browse.browse_resources, need_like=False)


async def need(request: web.Request) -> web.Response:
    scope = _scope(request)
    detail = await _run(browse.need_detail, request.app[CATALOG], request.match_info["id"], scope)
    if detail is None:
        raise json_error(web.HTTPNotFound, f"没有编号为 {request.match_info['id'][:16]} 的需求")
    return json_response(detail)


async def change_status(request: web.Request) -> web.Response:
    """A cadre moves a need along; the resident sees the new status and note when they ask."""
    cadre = required_cadre(request, changing=True)
    body = await _json_body(request)
    status = body.get("status")
    if not isinstance(status, str) or status not in need_status.STATUS_LABELS:
        raise json_error(web.HTTPBadRequest, "状态只能是：" + "、".join(need_status.STATUS_LABELS.values()))
    note = _note(body)
    return await _change_need(request, cadre, lambda catalog, tracking_id, author: update_status(
        catalog, tracking_id, status, note.strip() or need_status.status_label(status), author))


async def supervise(request: web.Request) -> web.Response:
    """督办: a town or city cadre presses for an open need of their scope."""
    cadre = required_cadre(request, changing=True)
    if cadre.role not in ("town", "city"):
        raise json_error(web.HTTPForbidden, "督办由镇级、市级干部发起；村（社区）干部请直接更新办理状态")
    note = _note(await _json_body(request) if request.can_read_body else {})  # the note is optional
    return await _change_need(request, cadre, lambda catalog, tracking_id, author: supervise_need(
        catalog, tracking_id, note, author))


async def record_call_back(request: web.Request) -> web.Response:
    """A call-back (回访) made by phone, recorded by a cadre whose scope holds the need."""
    cadre = required_cadre(request, changing=True)
    body = await _json_body(request)
    answer = VisitAnswer(_yes_no(body, "contacted"), _yes_no(body, "solved"), body.get("satisfaction"),
                         CONTROL.sub("", _note(body, "words")))
    respondent = body.get("respondent", "reporter")
    if respondent not in ("reporter", "supporter") or (answer.satisfaction is not None
                                                       and not isinstance(answer.satisfaction, str)):
        raise json_error(web.HTTPBadRequest, "回访对象只能是 reporter 或 supporter，满意度写满意、基本满意或不满意")
    return await _change_need(request, cadre, lambda catalog, tracking_id, author: record_visit(
        catalog, tracking_id, answer, respondent, "phone", author))


def _yes_no(body: dict, key: str) -> bool | None:
    value = body.get(key)
    if value is not None and not isinstance(value, bool):
        raise json_error(web.HTTPBadRequest, f"{key} 只能是 true、false 或不填")
    return value


def _note(body: dict, key: str = "note") -> str:
    note = body.get(key, "")
    if not isinstance(note, str) or len(note) > MAX_NOTE_CHARS:
        raise json_error(web.HTTPBadRequest, f"说明最多{MAX_NOTE_CHARS}个字")
    return CONTROL.sub("", note)


async def _change_need(request: web.Request, cadre, change) -> web.Response:
    """Make a change to a need of the cadre's scope (404 when there is none, 403 outside it); the need after it."""
    scope = browse.Scope.of(cadre)
    catalog = request.app[CATALOG]
    tracking_id = request.match_info["id"]
    if await _run(browse.need_detail, catalog, tracking_id, scope) is None:
        raise json_error(web.HTTPNotFound, f"没有编号为 {tracking_id[:16]} 的需求")
    try:
        await _run(change, catalog, tracking_id, f"{cadre.name}（{cadre.id}）")
    except CatalogError as error:
        raise json_error(web.HTTPBadRequest, str(error)) from None
    return json_response(await _run(browse.need_detail, catalog, tracking_id, scope))


async def export(request: web.Request) -> web.Response:
    """The catalog as an Excel workbook, for the cadre's scope only, with phones in full."""
    cadre = required_cadre(request)
    kind = request.match_info["kind"]
    if kind not in EXPORTS:
        raise json_error(web.HTTPNotFound, "没有这份目录")
    title, columns, rows_of = EXPORTS[kind]
    scope = browse.Scope.of(cadre)
    filt = _filter(request, need_like=kind != "resources")
    _check_within(filt, scope)
    catalog = request.app[CATALOG]

    def build() -> tuple[bytes, int]:
        rows = rows_of(catalog, filt, scope)
        caption = export_caption(title, cadre.scope_label, _filter_words(filt), datetime.now(CHINA))
        return workbook_bytes(title, columns, rows, caption)

    body, count = await asyncio.get_running_loop().run_in_executor(None, build)
    filename = f"{title}-{cadre.scope_label}-{datetime.now(CHINA):%Y%m%d}.xlsx"
    return web.Response(body=body, headers={
        "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Content-Disposition": f"attachment; filename=\"{kind}.xlsx\"; filename*=UTF-8''{quote(filename)}",
        "X-Record-Count": str(count),
        "Cache-Control": "no-store",  # phones in full: never kept by a shared cache
    })


async def _listing(request: web.Request, browse_page, need_like: bool) -> web.Response:
    scope = _scope(request)
    filt = _filter(request, need_like)
    _check_within(filt, scope)
    page = _positive(request.query.get("page"), "page", 1)
    size = min(_positive(request.query.get("size"), "size", 50), browse.MAX_PAGE_SIZE)
    found = await _run(browse_page, request.app[CATALOG], filt, scope, page, size)
    return json_response({"total": found.total, "page": found.page, "size": found.size, "rows": found.rows,
                          "personal": scope is not None})


def _scope(request: web.Request) -> browse.Scope | None:
    cadre = reader(request)
    return browse.Scope.of(cadre) if cadre else None


def _check_within(filt: browse.CatalogFilter, scope: browse.Scope | None) -> None:
    try:
        browse.check_within(filt, scope)
    except browse.ScopeError as error:
        raise json_error(web.HTTPForbidden, str(error)) from None


def _filter(request: web.Request, need_like: bool) -> browse.CatalogFilter:
    query = request.query
    town, community = _place(request, query.get("town", "").strip(), query.get("community", "").strip())
    category = query.get("category", "").strip() or None
    status = query.get("status", "").strip() or None
    if need_like:
        if category and category not in category_names():
            raise json_error(web.HTTPBadRequest, "维度只能是：" + "、".join(category_names()))
        if status and status != "open" and status not in need_status.STATUS_LABELS:
            raise json_error(web.HTTPBadRequest, "状态只能是：open、" + "、".join(need_status.STATUS_LABELS))
    else:
        if category and category not in {t.name for t in resource_types()}:
            raise json_error(web.HTTPBadRequest, "资源类型只能是：" + "、".join(t.name for t in resource_types()))
        if status and status not in RESOURCE_STATUSES:
            raise json_error(web.HTTPBadRequest, "状态只能是 active、paused 或 withdrawn")
    tier = query.get("tier", "").strip() or None
    if tier and tier not in ("priority", "pending"):
        raise json_error(web.HTTPBadRequest, "项目类别只能是 priority（先治理）或 pending（待治理）")
    text = CONTROL.sub("", query.get("q", "")).strip()[:50] or None
    return browse.CatalogFilter(town, community, category, status, tier, _date(query.get("from"), "from"),
                                _date(query.get("to"), "to"), text)


def _place(request: web.Request, town: str, community: str) -> tuple[str | None, str | None]:
    gazetteer = request.app[GAZETTEER]
    found_town = None
    if town:
        found_town = gazetteer.town(town)
        if found_town is None:
            raise json_error(web.HTTPBadRequest, f"没有叫“{town[:20]}”的镇（区、街道）")
    if not community:
        return (found_town.name if found_town else None), None
    resolution = gazetteer.resolve(community, town=found_town.name if found_town else None, answering=True)
    if resolution.status != "found":
        raise json_error(web.HTTPBadRequest, f"找不到唯一的村（社区）“{community[:20]}”")
    return resolution.community.town, resolution.community.name


def _date(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise json_error(web.HTTPBadRequest, f"{name} 要写成 2026-01-31 这样的日期") from None
    if not EARLIEST <= day <= LATEST:
        raise json_error(web.HTTPBadRequest, f"{name} 要在 {EARLIEST} 到 {LATEST} 之间")
    return day


def _positive(value: str | None, name: str, default: int) -> int:
    if value is None or value == "":
        return default
    if not (value.isascii() and value.isdigit()) or len(value) > 6 or int(value) < 1:
        raise json_error(web.HTTPBadRequest, f"{name} 必须是正整数")
    return int(value)


def _filter_words(filt: browse.CatalogFilter) -> dict[str, str]:
    return {"镇": filt.town or "", "村（社区）": filt.community or "", "类别": filt.category or "",
            "状态": need_status.status_label(filt.status) if filt.status and filt.status != "open" else
            ("未办结" if filt.status == "open" else ""),
            "从": filt.date_from.isoformat() if filt.date_from else "",
            "到": filt.date_to.isoformat() if filt.date_to else "", "搜索": filt.text or ""}


async def _json_body(request: web.Request) -> dict:
    try:
        body = await request.json()
    except (ValueError, LookupError, RecursionError):  # bad JSON, an unknown charset, nesting without end
        raise json_error(web.HTTPBadRequest, "请求格式不对") from None
    if not isinstance(body, dict):
        raise json_error(web.HTTPBadRequest, "请求格式不对")
    return body


async def _run(function, *args):
    """Database work off the event loop, so one slow query does not stall every chat."""
    try:
        return await asyncio.get_running_loop().run_in_executor(None, function, *args)
    except browse.ScopeError as error:
        raise json_error(web.HTTPForbidden, str(error)) from None
