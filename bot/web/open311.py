"""A read-only Open311 GeoReport v2 view of the needs catalog, for civic-tech tools.

The handlers check the parameters and answer in Open311's shape; what is read, and what a reader may see
(public, or a cadre's token or session within its scope), is bot/reads/open311.py's.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone

from aiohttp import web

from bot.catalog.numbers import normalize_tracking_id
from bot.clock import CHINA
from bot.reads.open311 import RequestQuery, one_request, requests_page, service_list
from bot.web.auth import reader
from bot.web.keys import CATALOG
from bot.web.responses import json_error, json_response

MAX_PAGE = 200
# Deep pages cost the database a scan of every row skipped; a tool wanting more narrows by dates.
MAX_OFFSET = 10_000


async def services(request: web.Request) -> web.Response:
    return json_response(service_list())


async def requests_list(request: web.Request) -> web.Response:
    query = request.query
    start = _utc(query["start_date"], "start_date") if query.get("start_date") else None
    end = _utc(query["end_date"], "end_date") if query.get("end_date") else None
    size = _page_size(query.get("page_size"))
    page = _positive(query.get("page"), "page", 1)
    if (page - 1) * size > MAX_OFFSET:
        raise json_error(web.HTTPBadRequest, [{"code": 400, "description":
                                               f"最多翻到第 {MAX_OFFSET} 条之后，请用 start_date、end_date 缩小范围"}])
    asked = RequestQuery(
        service_codes=tuple(query["service_code"].split(",")) if query.get("service_code") else (),
        statuses=tuple(query["status"].split(",")) if query.get("status") else (),
        start=start, end=end, page=page, size=size,
    )
    found = await asyncio.get_running_loop().run_in_executor(  # off the event loop
        None, requests_page, request.app[CATALOG], asked, reader(request))
    return json_response(found)


async def request_detail(request: web.Request) -> web.Response:
    tracking_id = request.match_info["id"].upper()[:16]
    cadre = reader(request)
    # Only a tracking number reaches the query: PostgreSQL refuses a NUL in a string with an exception.
    normalized = normalize_tracking_id(tracking_id)
    found = None
    if normalized:
        found = await asyncio.get_running_loop().run_in_executor(None, one_request, request.app[CATALOG], normalized, cadre)
    if found is None:
        raise json_error(web.HTTPNotFound, [{"code": 404, "description": f"没有编号为 {tracking_id} 的需求"}])
    return json_response([found])


def _utc(value: str, name: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if moment.tzinfo is None:  # a time without a zone is Taicang's, as every time we show
            moment = moment.replace(tzinfo=CHINA)
        return moment.astimezone(timezone.utc).replace(tzinfo=None)
    except (ValueError, OverflowError):
        raise json_error(web.HTTPBadRequest, [{"code": 400, "description": f"{name} 不是 ISO 8601 时间"}]) from None


def _page_size(value: str | None) -> int:
    return min(_positive(value, "page_size", 50), MAX_PAGE)


def _positive(value: str | None, name: str, default: int) -> int:
    if value is None:
        return default
    if not (value.isascii() and value.isdigit()) or len(value) > 6 or int(value) < 1:
        raise json_error(web.HTTPBadRequest, [{"code": 400, "description": f"{name} 必须是正整数"}])
    return int(value)
