"""The needs catalog as Open311 GeoReport v2 sees it: the service list, a filtered page of requests, one request.

Public: no resident's words, phone or identity, only what a notice board would show (the dimension, the
community, the status and the dates, each at midnight China time: in a small village the minute a report came
in can tell who made it). A reader whose scope covers a need's place also gets the resident's description,
its latest note and its times to the second. The web view (bot/web/open311.py) checks the parameters and
calls these off the event loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from bot.catalog.db import Catalog
from bot.catalog.models import CommunityRow, NeedRow, NeedUpdateRow
from bot.clock import CHINA, iso_china
from bot.contact import mask_phones_in_text
from bot.vocab import status as need_status
from bot.vocab.categories import categories


class Reader(Protocol):
    def covers(self, town: str | None, community: str | None) -> bool: ...


@dataclass(frozen=True)
class RequestQuery:
    service_codes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()  # Open311's: open, closed
    start: datetime | None = None  # UTC, naive, as stored
    end: datetime | None = None
    page: int = 1
    size: int = 50


def service_code(category_name: str) -> str:
    english = next(c.english for c in categories() if c.name == category_name)
    return english.replace(" ", "-").replace("'", "")


def service_list() -> list[dict]:
    return [
        {"service_code": service_code(c.name), "service_name": c.name, "description": c.button,
         "metadata": False, "type": "realtime", "keywords": ",".join(c.strong), "group": "治理需求目录"}
        for c in categories()
    ]


def requests_page(catalog: Catalog, query: RequestQuery, reader: Reader | None) -> list[dict]:
    statement = _with_place(select(NeedRow))
    if query.service_codes:
        statement = statement.where(NeedRow.category.in_(
            [c.name for c in categories() if service_code(c.name) in query.service_codes]))
    if query.statuses:
        statement = statement.where(NeedRow.status.in_(
            [s for s in need_status.STATUS_LABELS if open311_status(s) in query.statuses]))
    if query.start:
        statement = statement.where(NeedRow.created_at >= query.start)
    if query.end:
        statement = statement.where(NeedRow.created_at < query.end)
    statement = statement.order_by(NeedRow.id.desc()).limit(query.size).offset((query.page - 1) * query.size)
    with catalog.unit_of_work() as session:
        needs = session.execute(statement).scalars().all()
        notes = _latest_notes(session, [need.id for need in needs])
        return [_request(need, reader, notes.get(need.id, "")) for need in needs]


def one_request(catalog: Catalog, tracking_id: str, reader: Reader | None) -> dict | None:
    with catalog.unit_of_work() as session:
        need = session.execute(_with_place(select(NeedRow)).where(NeedRow.tracking_id == tracking_id)).scalar()
        return _request(need, reader, _latest_notes(session, [need.id]).get(need.id, "")) if need is not None else None


def open311_status(status: str) -> str:
    return "open" if status in need_status.OPEN_STATUSES else "closed"


def _with_place(statement):
    return statement.options(joinedload(NeedRow.community).joinedload(CommunityRow.town))


def _latest_notes(session, need_ids: list[int]) -> dict[int, str]:
    """Each need's latest history note, in one query for a page of needs."""
    if not need_ids:
        return {}
    latest = (select(func.max(NeedUpdateRow.id)).where(NeedUpdateRow.need_id.in_(need_ids))
              .group_by(NeedUpdateRow.need_id))
    return dict(session.execute(select(NeedUpdateRow.need_id, NeedUpdateRow.note)
                                .where(NeedUpdateRow.id.in_(latest))).all())


def _request(need: NeedRow, reader: Reader | None, note: str = "") -> dict:
    place = f"{need.community.town.name}{need.community.common_name}"
    inside = reader is not None and reader.covers(need.community.town.name, need.community.name)
    return {
        "service_request_id": need.tracking_id,
        "status": open311_status(need.status),
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
    """GeoReport v2 wants a W3C datetime with its zone: outside a reader's scope, the day's China midnight."""
    shown = iso_china(moment)
    return shown if inside else datetime.fromisoformat(shown[:10]).replace(tzinfo=CHINA).isoformat()
