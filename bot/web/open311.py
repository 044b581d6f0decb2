"""A read-only Open311 GeoReport v2 view of the needs catalog, for civic-tech tools.

Public: no resident's words, phone or identity, only what a notice board would show (the
dimension, the community, the status and the dates, each at midnight China time: in a small village
the minute a report came in can tell who made it). With a cadre's token (or session), a need
inside the cadre's scope also carries the resident's description and its times to the second.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone

from aiohttp import web
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from bot.cadres.roster import Cadre
from bot.catalog.models import CommunityRow, NeedRow, NeedUpdateRow
from bot.clock import CHINA
from bot.contact import mask_phones_in_text
from bot.needs import status as need_status
from bot.needs.categories import categories
from bot.needs.service import iso_china, normalize_tracking_id
from bot.web.auth import reader
from bot.web.keys import CATALOG
from bot.web.responses import json_error, json_response

MAX_PAGE = 200
# Deep pages cost the database a scan of every row skipped; a tool wanting more narrows by dates.
MAX_OFFSET = 10_000


def service_code(category_name: str) -> str:
    english = next(c.english for c in categories() if c.name == category_name)
    return english.replace(" ", "-").replace("'", "")


async def services(request: web.Request) -> web.Response:
    body = [
        {"service_code": service_code(c.name), "service_name": c.name, "description": c.button,
         "metadata": False, "type": "realtime", "keywords": ",".join(c.strong), "group": "治理需求目录"}
        for c in categories()
    ]
    return json_response(body)


async def requests_list(request: web.Request) -> web.Response:
    query = request.query
    statement = select(NeedRow).options(joinedload(NeedRow.community).joinedload(CommunityRow.town))
    if query.get("service_code"):
        names = [c.name for c in categories() if service_code(c.name) in query["service_code"].split(",")]
        statement = statement.where(NeedRow.category.in_(names))
    if query.get("status"):
        wanted = query["status"].split(",")
        statuses = [s for s in need_status.STATUS_LABELS if _open311_status(s) in wanted]
        statement = statement.where(NeedRow.status.in_(statuses))
    for name, op in (("start_date", "__ge__"), ("end_date", "__lt__")):
        if query.get(name):
            statement = statement.where(getattr(NeedRow.created_at, op)(_utc(query[name], name)))
    size = _page_size(query.get("page_size"))
    page = _positive(query.get("page"), "page", 1)
    if (page - 1) * size > MAX_OFFSET:
        raise json_error(web.HTTPBadRequest, [{"code": 400, "description":
                                               f"最多翻到第 {MAX_OFFSET} 条之后，请用 start_date、end_date 缩小范围"}])
    statement = statement.order_by(NeedRow.id.desc()).limit(size).offset((page - 1) * size)
    cadre = reader(request)

    def read() -> list[dict]:
        with request.app[CATALOG].unit_of_work() as session:
            needs = session.execute(statement).scalars().all()
            notes = _latest_notes(session, [need.id for need in needs])
            return [_request(need, cadre, notes.get(need.id, "")) for need in needs]

    return json_response(await asyncio.get_running_loop().run_in_executor(None, read))  # off the event loop


async def request_detail(request: web.Request) -> web.Response:
    tracking_id = request.match_info["id"].upper()[:16]
    cadre = reader(request)
    # Only a tracking number reaches the query: PostgreSQL refuses a NUL in a string with an exception.
    normalized = normalize_tracking_id(tracking_id)

    def read() -> dict | None:
        if not normalized:
            return None
        with request.app[CATALOG].unit_of_work() as session:
            need = session.execute(
                select(NeedRow).options(joinedload(NeedRow.community).joinedload(CommunityRow.town))
                .where(NeedRow.tracking_id == normalized)
            ).scalar()
            return _request(need, cadre, _latest_notes(session, [need.id]).get(need.id, "")) if need is not None else None

    found = await asyncio.get_running_loop().run_in_executor(None, read)
    if found is None:
        raise json_error(web.HTTPNotFound, [{"code": 404, "description": f"没有编号为 {tracking_id} 的需求"}])
    return json_response([found])


def _latest_notes(session, need_ids: list[int]) -> dict[int, str]:
    """Each need's latest history note, in one query for a page of needs."""
    if not need_ids:
        return {}
    latest = (select(func.max(NeedUpdateRow.id)).where(NeedUpdateRow.need_id.in_(need_ids))
              .group_by(NeedUpdateRow.need_id))
    return dict(session.execute(select(NeedUpdateRow.need_id, NeedUpdateRow.note)
                                .where(NeedUpdateRow.id.in_(latest))).all())


def _request(need: NeedRow, cadre: Cadre | None, note: str = "") -> dict:
    place = f"{need.community.town.name}{need.community.common_name}"
    inside = cadre is not None and cadre.covers(need.community.town.name, need.community.name)
    return {
        "service_request_id": need.tracking_id,
        "status": _open311_status(need.status),
        # The latest note of its history (phones masked). A note may quote the resident (回访不满意：…), so as
        # on the dashboard only a cadre of the need's scope reads it; anyone else gets it empty.
        "status_notes": mask_phones_in_text(note) if inside else "",
        "service_name": need.category,
        "service_code": service_code(need.category),
        "description": need.description if inside else f"{place}的{need.category}需求",
        "agency_responsible": need.community.name,  # the committee that answers for it
        "requested_datetime": _datetime(need.created_at, inside),
        "updated_datetime": _datetime(need.updated_at, inside),
        # When it is due to be finished (办结 limit, bot/needs/deadlines.py); absent for needs filed before limits.
        **({"expected_datetime": _datetime(need.finish_by, inside)} if need.finish_by else {}),
        "address": place,
        "address_id": need.community.code,
    }


def _datetime(moment: datetime, inside: bool) -> str:
    """GeoReport v2 wants a W3C datetime with its zone: outside a cadre's scope, the day's China midnight."""
    shown = iso_china(moment)
    return shown if inside else datetime.fromisoformat(shown[:10]).replace(tzinfo=CHINA).isoformat()


def _open311_status(status: str) -> str:
    return "open" if status in need_status.OPEN_STATUSES else "closed"


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
