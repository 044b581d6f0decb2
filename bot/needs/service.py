"""Services on the needs catalog: file a need, look one up, follow its status, hand off.

Every function takes plain values and a Catalog and returns plain values (views), so the
actions, the command line and later the web all share them.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from bot.catalog.db import Catalog
from bot.catalog.errors import CatalogError
from bot.catalog.export import ExportFormatError, write_rows
from bot.catalog.models import CallbackRow, CommunityRow, NeedRow, NeedUpdateRow, utcnow
from bot.catalog.numbers import format_tracking_id, normalize_tracking_id, reserve_numbers
from bot.clock import CHINA, iso_china
from bot.contact import mask_phone, mask_phones_in_text
from bot.matching import service as matching
from bot.needs.deadlines import configured_limits
from bot.vocab import status as need_status
from bot.vocab.categories import category_names
from bot.vocab.urgency import urgency_codes


@dataclass(frozen=True)
class NeedDraft:
    community: str  # official committee name
    description: str
    category: str
    urgency: str
    phone: str | None
    sender_id: str
    idempotency_key: str
    channel: str = "rest"


@dataclass(frozen=True)
class NeedView:
    tracking_id: str
    town: str
    community: str
    community_name: str
    category: str
    description: str
    urgency: str
    status: str
    status_label: str
    phone_masked: str
    created_at: str
    updated_at: str
    latest_note: str
    latest_note_at: str
    finish_by: str = ""  # China time; "" for a need filed before due times were kept

    def public(self) -> dict:
        """What anyone may see: personal data masked, including numbers inside the text."""
        data = asdict(self)
        data["description"] = mask_phones_in_text(self.description)
        return data


@dataclass(frozen=True)
class CallbackDraft:
    sender_id: str
    phone: str
    idempotency_key: str
    community: str | None = None
    reason: str = ""


@dataclass(frozen=True)
class CallbackView:
    community_name: str
    phone_masked: str
    contact_by: datetime  # China time


def file_need(catalog: Catalog, draft: NeedDraft, tracking_id: str | None = None,
              received_at: datetime | None = None) -> NeedView:
    """Put a need into the catalog once: a repeated idempotency key returns the first record.

    `tracking_id` is a number the outbox took from the series earlier; without one the need takes
    the next number now. `received_at` (UTC) is when the resident submitted it, for a need the
    outbox files later; without it, now.
    """
    _check_draft(draft)
    try:
        with catalog.unit_of_work() as session:
            existing = _need_by_key(session, draft.idempotency_key)
            if existing is not None:
                return _view(existing)
            community = _community(session, draft.community)
            need = NeedRow(
                idempotency_key=draft.idempotency_key,
                community_id=community.id,
                description=draft.description,
                category=draft.category,
                urgency=draft.urgency,
                phone=draft.phone,
                sender_id=draft.sender_id,
                channel=draft.channel,
                status=need_status.RECEIVED,
                keywords=matching.need_keywords(draft.description, community.place_names()),
                created_at=received_at or utcnow(),
                updated_at=received_at or utcnow(),
            )
            need.tracking_id = tracking_id or format_tracking_id(reserve_numbers(session, 1)[0])
            due = configured_limits().due(need.created_at, need.urgency, need.category)
            need.acknowledge_by, need.contact_by, need.finish_by = due.acknowledge_by, due.contact_by, due.finish_by
            session.add(need)
            session.flush()
            session.add(NeedUpdateRow(need_id=need.id, status=need_status.RECEIVED, note="已收到您的反映",
                                      created_at=received_at or utcnow()))
            # The need becomes a project in the same transaction, matched at once.
            matching.index_need(session, need)
            session.flush()
            matching.propose_for_need(session, need)
            session.flush()
            session.refresh(need)
            return _view(need)
    except IntegrityError:
        # Two deliveries of the same submission raced; the other one committed first.
        with catalog.unit_of_work() as session:
            existing = _need_by_key(session, draft.idempotency_key)
            if existing is None:
                raise
            return _view(existing)


def find_need(catalog: Catalog, tracking_id: str) -> NeedView | None:
    normalized = normalize_tracking_id(tracking_id)
    if normalized is None:
        return None
    with catalog.unit_of_work() as session:
        need = _first(session, _need_query().where(NeedRow.tracking_id == normalized))
        return _view(need) if need else None


def reporter_phone(catalog: Catalog, tracking_id: str) -> str | None:
    """The reporter's number in full, for a cadre whose scope holds the need (the caller checks the scope)."""
    normalized = normalize_tracking_id(tracking_id)
    with catalog.unit_of_work() as session:
        return session.execute(select(NeedRow.phone).where(NeedRow.tracking_id == normalized)).scalar() if normalized else None


def latest_need_of(catalog: Catalog, sender_id: str) -> NeedView | None:
    """The need this sender filed last ("我上次反映的那个")."""
    with catalog.unit_of_work() as session:
        query = _need_query().where(NeedRow.sender_id == sender_id).order_by(NeedRow.id.desc()).limit(1)
        need = _first(session, query)
        return _view(need) if need else None


def needs_filed_by(catalog: Catalog, sender_id: str, limit: int = 5) -> tuple[list[NeedView], int]:
    """The newest needs this sender filed ("我反映过哪些事"), and how many there are in all."""
    with catalog.unit_of_work() as session:
        total = session.execute(select(func.count()).select_from(NeedRow).where(NeedRow.sender_id == sender_id)).scalar()
        ids = session.execute(select(NeedRow.id).where(NeedRow.sender_id == sender_id)
                              .order_by(NeedRow.id.desc()).limit(limit)).scalars().all()
        rows = session.execute(_need_query().where(NeedRow.id.in_(ids)).order_by(NeedRow.id.desc())).unique().scalars()
        return [_view(need) for need in rows], total


def needs_supported_by(catalog: Catalog, sender_id: str, limit: int = 5) -> list[NeedView]:
    """The needs this sender said "me too" (附议) to, newest support first."""
    from bot.catalog.models import SupportRow

    with catalog.unit_of_work() as session:
        ids = session.execute(select(SupportRow.need_id).where(SupportRow.sender_id == sender_id)
                              .order_by(SupportRow.id.desc()).limit(limit)).scalars().all()
        rows = {need.id: need for need in session.execute(_need_query().where(NeedRow.id.in_(ids))).unique().scalars()}
        return [_view(rows[i]) for i in ids if i in rows]


def is_supported_by(catalog: Catalog, tracking_id: str, sender_id: str) -> bool:
    """Whether this sender said "me too" (附议) to the need: they follow its progress notes."""
    from bot.catalog.models import SupportRow

    with catalog.unit_of_work() as session:
        return session.execute(
            select(SupportRow.id).join(NeedRow, NeedRow.id == SupportRow.need_id)
            .where(NeedRow.tracking_id == normalize_tracking_id(tracking_id), SupportRow.sender_id == sender_id)
        ).first() is not None


def is_filed_by(catalog: Catalog, tracking_id: str, sender_id: str) -> bool:
    """Whether this sender filed the need: only they see its description in chat."""
    with catalog.unit_of_work() as session:
        owner = session.execute(
            select(NeedRow.sender_id).where(NeedRow.tracking_id == normalize_tracking_id(tracking_id))
        ).scalar()
        return owner is not None and owner == sender_id


def update_status(catalog: Catalog, tracking_id: str, status: str, note: str = "", author: str = "system") -> NeedView:
    if status not in need_status.STATUS_LABELS:
        raise CatalogError(f"未知的状态：{status}")
    with catalog.unit_of_work() as session:
        need = _first(session, _need_query().where(NeedRow.tracking_id == normalize_tracking_id(tracking_id)))
        if need is None:
            raise CatalogError(f"没有编号为 {tracking_id} 的需求")
        need.status = status
        need.updated_at = utcnow()
        session.add(NeedUpdateRow(need_id=need.id, status=status, note=note, author=author))
        matching.settle_matches(session, need.id, status)
        session.flush()
        session.refresh(need)
        return _view(need)


def supervise_need(catalog: Catalog, tracking_id: str, note: str, author: str) -> NeedView:
    """督办: a town or city cadre presses for an open need; kept in its history, counted, and the need heads
    its community's list while open. Who may do it is the caller's to check (scope and role)."""
    with catalog.unit_of_work() as session:
        need = _first(session, _need_query().where(NeedRow.tracking_id == normalize_tracking_id(tracking_id)))
        if need is None:
            raise CatalogError(f"没有编号为 {tracking_id} 的需求")
        if need.status not in need_status.OPEN_STATUSES:
            raise CatalogError(f"{need.tracking_id} 已经{need_status.status_label(need.status)}，不用督办")
        need.supervised_at = utcnow()
        need.supervisions = (need.supervisions or 0) + 1
        session.add(NeedUpdateRow(need_id=need.id, status=need.status, author=author,
                                  note="督办：" + (note.strip() or "请加快办理，按时限办结")))
        session.flush()
        session.refresh(need)
        return _view(need)


def add_note(catalog: Catalog, tracking_id: str, note: str, author: str) -> None:
    """Add a line to a need's history without changing its status (a resident's reminder)."""
    with catalog.unit_of_work() as session:
        need = _first(session, _need_query().where(NeedRow.tracking_id == normalize_tracking_id(tracking_id)))
        if need is None:
            raise CatalogError(f"没有编号为 {tracking_id} 的需求")
        session.add(NeedUpdateRow(need_id=need.id, status=need.status, note=note, author=author))


def change_phone(catalog: Catalog, sender_id: str, phone: str, note: str) -> list[str]:
    """A reporter's new number put on each of their open needs (the history says so, without the number);
    the tracking ids changed."""
    from bot.vocab.status import OPEN_STATUSES

    with catalog.unit_of_work() as session:
        needs = session.execute(select(NeedRow).where(NeedRow.sender_id == sender_id,
                                                      NeedRow.status.in_(OPEN_STATUSES))).scalars().all()
        for need in needs:
            need.phone = phone
            session.add(NeedUpdateRow(need_id=need.id, status=need.status, note=note, author="resident"))
        return [need.tracking_id for need in needs]


def iter_needs(catalog: Catalog) -> Iterator[NeedView]:
    with catalog.unit_of_work() as session:
        for need in session.execute(_need_query().order_by(NeedRow.id)).unique().scalars():
            yield _view(need)


def request_callback(catalog: Catalog, draft: CallbackDraft, now: datetime | None = None) -> CallbackView:
    """Record a call-back request for the community worker; idempotent like file_need.

    `now` (aware) is when the resident asked; the outbox passes it for a request it files later.
    """
    asked_at = now or datetime.now(CHINA)
    contact_by = expected_contact(asked_at)
    with catalog.unit_of_work() as session:
        existing = session.execute(
            select(CallbackRow).where(CallbackRow.idempotency_key == draft.idempotency_key)
        ).scalar()
        if existing is None:
            community = _community(session, draft.community) if draft.community else None
            existing = CallbackRow(
                idempotency_key=draft.idempotency_key,
                sender_id=draft.sender_id,
                community_id=community.id if community else None,
                phone=draft.phone,
                reason=draft.reason,
                created_at=asked_at.astimezone(timezone.utc).replace(tzinfo=None),
                contact_by=contact_by.astimezone(timezone.utc).replace(tzinfo=None),
            )
            session.add(existing)
            session.flush()
        community_name = existing.community.common_name if existing.community else ""
        return CallbackView(
            community_name=community_name,
            phone_masked=mask_phone(existing.phone),
            contact_by=existing.contact_by.replace(tzinfo=timezone.utc).astimezone(CHINA),
        )


CALLBACK_FIELDS = ["requested_at", "contact_by", "town", "community", "phone", "reason", "status"]


def export_callbacks(catalog: Catalog, covers, full_phones: bool, fmt: str, out: io.TextIOBase) -> int:
    """The call-back requests (转人工) a scope covers, oldest first, for the workers who return them.

    covers(town, community) as Cadre.covers; phones in full only for a cadre's own export.
    """
    def rows():
        with catalog.unit_of_work() as session:
            query = select(CallbackRow).options(joinedload(CallbackRow.community).joinedload(CommunityRow.town))
            for callback in session.execute(query.order_by(CallbackRow.id)).scalars():
                community = callback.community
                town = community.town.name if community else None
                if covers(town, community.name if community else None):
                    yield {"requested_at": iso_china(callback.created_at), "contact_by": iso_china(callback.contact_by),
                           "town": town or "", "community": community.common_name if community else "",
                           "phone": callback.phone if full_phones else mask_phone(callback.phone),
                           "reason": mask_phones_in_text(callback.reason), "status": callback.status}

    try:
        return write_rows(rows(), fmt, out, CALLBACK_FIELDS)
    except ExportFormatError as error:
        raise CatalogError(str(error)) from error


def expected_contact(now: datetime) -> datetime:
    """When a community worker calls back: within working hours (Mon-Fri 9:00-17:00, China time).

    A request made before 15:00 on a working day is answered that day; later ones by 12:00 on
    the next working day. Public holidays are not modelled.
    """
    local = now.astimezone(CHINA)
    if local.weekday() < 5 and local.hour < 15:
        return local.replace(hour=17, minute=0, second=0, microsecond=0)
    day = local + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day.replace(hour=12, minute=0, second=0, microsecond=0)


def export_needs(catalog: Catalog, fmt: str, out: io.TextIOBase) -> int:
    """Write the needs catalog as JSON lines or CSV, with personal data masked."""
    try:
        return write_rows((need.public() for need in iter_needs(catalog)), fmt, out,
                          list(NeedView.__dataclass_fields__))
    except ExportFormatError as error:
        raise CatalogError(str(error)) from error


def export_needs_in_scope(catalog: Catalog, covers, fmt: str, out: io.TextIOBase) -> int:
    """A cadre's export: only the needs their scope covers, with residents' phones in full.

    covers(town, community) says whether the cadre may see a place (Cadre.covers).
    """
    fields = [*NeedView.__dataclass_fields__, "phone"]

    def rows():
        with catalog.unit_of_work() as session:
            for need in session.execute(_need_query().order_by(NeedRow.id)).unique().scalars():
                view = _view(need)
                if covers(view.town, view.community):
                    yield {**asdict(view), "phone": need.phone or ""}

    try:
        return write_rows(rows(), fmt, out, fields)
    except ExportFormatError as error:
        raise CatalogError(str(error)) from error


# -- helpers ------------------------------------------------------------------------------
def _check_draft(draft: NeedDraft) -> None:
    if not draft.description.strip():
        raise CatalogError("问题描述不能为空")
    if draft.category not in category_names():
        raise CatalogError(f"未知的需求类别：{draft.category}")
    if draft.urgency not in urgency_codes():
        raise CatalogError(f"未知的紧急程度：{draft.urgency}")


def _community(session: Session, official_name: str) -> CommunityRow:
    community = session.execute(
        select(CommunityRow).options(joinedload(CommunityRow.town)).where(CommunityRow.name == official_name)
    ).scalar()
    if community is None:
        raise CatalogError(f"太仓没有叫“{official_name}”的村或社区")
    return community


def _need_query():
    return select(NeedRow).options(
        joinedload(NeedRow.community).joinedload(CommunityRow.town), joinedload(NeedRow.updates)
    )


def _first(session: Session, query) -> NeedRow | None:
    return session.execute(query).unique().scalars().first()


def _need_by_key(session: Session, key: str) -> NeedRow | None:
    return _first(session, _need_query().where(NeedRow.idempotency_key == key))


def _view(need: NeedRow) -> NeedView:
    latest = need.updates[-1] if need.updates else None
    return NeedView(
        tracking_id=need.tracking_id,
        town=need.community.town.name,
        community=need.community.name,
        community_name=need.community.common_name,
        category=need.category,
        description=need.description,
        urgency=need.urgency,
        status=need.status,
        status_label=need_status.status_label(need.status),
        phone_masked=mask_phone(need.phone),
        created_at=iso_china(need.created_at),
        updated_at=iso_china(need.updated_at),
        latest_note=latest.note if latest else "",
        latest_note_at=iso_china(latest.created_at) if latest else "",
        finish_by=iso_china(need.finish_by),
    )


