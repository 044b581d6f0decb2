"""The project catalog (治理项目目录): views, ranking, "me too", and the life of a match."""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from bot.catalog.db import Catalog
from bot.catalog.errors import CatalogError
from bot.catalog.export import ExportFormatError, write_rows
from bot.catalog.models import CommunityRow, MatchRow, NeedRow, NeedUpdateRow, ProjectRow, SupportRow, utcnow
from bot.catalog.numbers import normalize_tracking_id
from bot.clock import iso_china
from bot.contact import mask_phones_in_text
from bot.matching import duplicates
from bot.matching import service as matching
from bot.needs.service import NeedView, find_need
from bot.vocab import match_status
from bot.vocab import status as need_status

URGENCY_RANK = {"急": 0, "难": 1, "愁": 2, "盼": 3}
SAME_PROBLEM_WINDOW_DAYS = 90  # an open need older than this is history, not the report beside a new one
SAME_PROBLEM_CANDIDATES = 300  # the community's newest open needs compared with a new report
OWN_REPEAT_WINDOW_DAYS = 3  # a resident's own report this recent, told again, is the same report, not a new one


@dataclass(frozen=True)
class ProjectView:
    tracking_id: str
    town: str
    community: str
    community_name: str
    category: str
    description: str
    urgency: str
    status: str
    status_label: str
    tier: str
    tier_label: str
    supporters: int
    matches: list[dict]
    created_at: str


def iter_projects(catalog: Catalog):
    """Projects in the order a town works on them: priority first, then support, urgency, age."""
    with catalog.unit_of_work() as session:
        rows = session.execute(
            select(ProjectRow, NeedRow)
            .join(NeedRow, NeedRow.id == ProjectRow.need_id)
            .options(joinedload(NeedRow.community).joinedload(CommunityRow.town))
        ).all()
        matches = _matches_by_need(session, [need.id for _, need in rows])
        ranked = sorted(rows, key=lambda r: (r[0].tier != "priority", -r[0].supporters,
                                             URGENCY_RANK.get(r[1].urgency, 9), r[1].id))
        for project, need in ranked:
            yield _view(project, need, matches.get(need.id, []))


def project_of(catalog: Catalog, tracking_id: str) -> ProjectView | None:
    normalized = normalize_tracking_id(tracking_id)
    with catalog.unit_of_work() as session:
        row = session.execute(
            select(ProjectRow, NeedRow).join(NeedRow, NeedRow.id == ProjectRow.need_id)
            .options(joinedload(NeedRow.community).joinedload(CommunityRow.town))
            .where(NeedRow.tracking_id == normalized)
        ).first()
        if row is None:
            return None
        project, need = row
        return _view(project, need, _matches_by_need(session, [need.id]).get(need.id, []))


def export_projects(catalog: Catalog, fmt: str, out: io.TextIOBase) -> int:
    try:
        return write_rows((asdict(p) for p in iter_projects(catalog)), fmt, out, list(ProjectView.__dataclass_fields__))
    except ExportFormatError as error:
        raise CatalogError(str(error)) from error


# -- me too --------------------------------------------------------------------------------------
def find_similar_open_need(catalog: Catalog, community: str, description: str, sender_id: str = "") -> NeedView | None:
    """An open need of the same community, filed lately by someone else, about the same problem (附议).

    Any dimension: two residents may file one problem under different ones. A resident's own report is never
    offered back to them as someone else's.
    """
    return _same_open_need(catalog, community, description, NeedRow.sender_id != sender_id, SAME_PROBLEM_WINDOW_DAYS)


def find_own_same_need(catalog: Catalog, community: str, description: str, sender_id: str) -> NeedView | None:
    """An open need this resident filed in the last few days about the same problem: the same words sent again
    by mistake, or the matter told again, is pointed to that report rather than filed twice."""
    if not sender_id:
        return None
    return _same_open_need(catalog, community, description, NeedRow.sender_id == sender_id, OWN_REPEAT_WINDOW_DAYS)


def _same_open_need(catalog: Catalog, community: str, description: str, whose, days: int) -> NeedView | None:
    since = utcnow() - timedelta(days=days)
    with catalog.unit_of_work() as session:
        place = session.execute(
            select(CommunityRow).options(joinedload(CommunityRow.town)).where(CommunityRow.name == community)
        ).scalar()
        names = place.place_names() if place else ()
        rows = session.execute(
            select(NeedRow.tracking_id, NeedRow.description)
            .join(CommunityRow, CommunityRow.id == NeedRow.community_id)
            .where(CommunityRow.name == community, NeedRow.status.in_(need_status.OPEN_STATUSES),
                   NeedRow.created_at >= since, whose)
            .order_by(NeedRow.id.desc())
            .limit(SAME_PROBLEM_CANDIDATES)
        ).all()
    if not rows:
        return None
    new = duplicates.read(description, names)
    scored = [(duplicates.same_problem(new, duplicates.read(text, names)), tracking_id) for tracking_id, text in rows]
    scored = [s for s in scored if s[0] >= duplicates.SAME_ENOUGH]
    return find_need(catalog, max(scored)[1]) if scored else None


class SupportedFromHereToday(CatalogError):
    """Another support for this need came from the same web client address today."""


def support_need(catalog: Catalog, tracking_id: str, sender_id: str, client_key: str | None = None) -> int:
    """Add this resident's support (附议) to an open need, once; returns the support count.

    `client_key` is the web client's address as a hash that changes daily: a second resident from the same
    address the same day is refused (SupportedFromHereToday), since a script is a new resident every request.
    """
    try:
        with catalog.unit_of_work() as session:
            need = _need(session, tracking_id)
            if need.status not in need_status.OPEN_STATUSES:
                raise CatalogError(f"{need.tracking_id} 已经{need_status.status_label(need.status)}，不能再附议")
            already = session.execute(
                select(SupportRow.id).where(SupportRow.need_id == need.id, SupportRow.sender_id == sender_id)
            ).scalar()
            if already is None and need.sender_id != sender_id:
                if client_key and _supported_from(session, need.id, client_key):
                    raise SupportedFromHereToday(need.tracking_id)
                session.add(SupportRow(need_id=need.id, sender_id=sender_id, client_key=client_key or None))
                session.flush()
            return _recount(session, need.id)
    except IntegrityError:  # the same resident's (or address's) support delivered twice at once
        with catalog.unit_of_work() as session:
            return _recount(session, _need(session, tracking_id).id)


def _supported_from(session: Session, need_id: int, client_key: str) -> bool:
    return session.execute(
        select(SupportRow.id).where(SupportRow.need_id == need_id, SupportRow.client_key == client_key)
    ).scalar() is not None


def _recount(session: Session, need_id: int) -> int:
    count = session.execute(select(func.count(SupportRow.id)).where(SupportRow.need_id == need_id)).scalar()
    project = session.execute(select(ProjectRow).where(ProjectRow.need_id == need_id)).scalar()
    if project is not None and project.supporters != count:
        project.supporters = count
    return count


# -- a resident says it is not solved --------------------------------------------------------------
def reopen_need(catalog: Catalog, tracking_id: str, sender_id: str, words: str = "") -> NeedView:
    """A resident says a done or closed need is not solved: it is open again (重办) with their words in its history,
    and its matches are looked at again: proposals closed only because it was solved come back, and resources
    listed since are proposed."""
    note = f"居民反馈还没解决：{mask_phones_in_text(words.strip())[:500]}" if words.strip() else "居民反馈：问题还没解决"
    with catalog.unit_of_work() as session:
        need = _need(session, tracking_id)
        supporters = set(session.execute(select(SupportRow.sender_id).where(SupportRow.need_id == need.id)).scalars())
        if sender_id != need.sender_id and sender_id not in supporters:
            raise CatalogError("只有反映人或附议人可以要求重新处理")
        if need.status in (need_status.DONE, need_status.CLOSED):
            need.status = need_status.REOPENED
            need.updated_at = utcnow()
            session.add(NeedUpdateRow(need_id=need.id, status=need_status.REOPENED, note=note, author="resident"))
            matching.reexamine(session, need)
    return find_need(catalog, tracking_id)


# -- the life of a match -----------------------------------------------------------------------------
def set_match_status(catalog: Catalog, match_id: int, status: str, reason: str = "", author: str = "cadre") -> dict:
    """Move a match along proposed → confirmed → in progress → done, or close it with a reason.

    The need follows: a confirmed or started match puts it in progress, a done match makes it
    done. Closing is never done: a closed match only gives the need back to the pending
    projects when no other resource serves it.
    """
    with catalog.unit_of_work() as session:
        match = session.get(MatchRow, match_id)
        if match is None:
            raise CatalogError(f"没有编号为 {match_id} 的匹配")
        if status not in match_status.MATCH_FLOW.get(match.status, ()):
            raise CatalogError(
                f"匹配现在是“{match_status.MATCH_LABELS[match.status]}”，不能改为“{match_status.MATCH_LABELS.get(status, status)}”"
            )
        if status == match_status.CLOSED and not reason.strip():
            raise CatalogError("关闭匹配要写明原因")
        match.status = status
        match.closed_reason = reason.strip() if status == match_status.CLOSED else ""
        match.updated_at = utcnow()
        need = match.need
        resource_id = match.resource.tracking_id
        if status in match_status.AT_WORK and need.status in (need_status.RECEIVED, need_status.REOPENED):
            _move_need(session, need, need_status.IN_PROGRESS, f"已对接资源 {resource_id}", author)
        elif status == match_status.DONE and need.status in need_status.OPEN_STATUSES:
            _move_need(session, need, need_status.DONE, reason or f"已由资源 {resource_id} 协助解决", author)
        session.flush()
        matching.refresh_tiers(session, [need.id])
        return {"match": match.id, "status": status, "need": need.tracking_id, "need_status": need.status}


def _move_need(session: Session, need: NeedRow, status: str, note: str, author: str) -> None:
    need.status = status
    need.updated_at = utcnow()
    session.add(NeedUpdateRow(need_id=need.id, status=status, note=note, author=author))


# -- helpers -------------------------------------------------------------------------------------------
def _need(session: Session, tracking_id: str) -> NeedRow:
    need = session.execute(select(NeedRow).where(NeedRow.tracking_id == normalize_tracking_id(tracking_id))).scalar()
    if need is None:
        raise CatalogError(f"没有编号为 {tracking_id} 的需求")
    return need


def _matches_by_need(session: Session, need_ids: list[int]) -> dict[int, list[dict]]:
    result: dict[int, list[dict]] = {}
    for chunk in range(0, len(need_ids), 500):
        rows = session.execute(
            select(MatchRow).options(joinedload(MatchRow.resource))
            .where(MatchRow.need_id.in_(need_ids[chunk:chunk + 500]))
            .order_by(MatchRow.score.desc(), MatchRow.id)
        ).scalars()
        for match in rows:
            result.setdefault(match.need_id, []).append({
                "match_id": match.id,
                "resource": match.resource.tracking_id,
                "resource_type": match.resource.resource_type,
                "provider_type": match.resource.provider_type,
                "status": match.status,
                "strength": match.strength,
                "status_label": matching.match_label(match.status, match.strength),
                "reason": match.reason,
                "closed_reason": match.closed_reason,
            })
    return result


def _view(project: ProjectRow, need: NeedRow, matches: list[dict]) -> ProjectView:
    return ProjectView(
        tracking_id=need.tracking_id,
        town=need.community.town.name,
        community=need.community.name,
        community_name=need.community.common_name,
        category=need.category,
        description=mask_phones_in_text(need.description),
        urgency=need.urgency,
        status=need.status,
        status_label=need_status.status_label(need.status),
        tier=project.tier,
        tier_label=matching.TIER_LABELS[project.tier],
        supporters=project.supporters,
        matches=matches,
        created_at=iso_china(need.created_at),
    )
