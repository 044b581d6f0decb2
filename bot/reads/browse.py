"""Browsing the three catalogs page by page, with filters and a reader's scope.

A reader is either the public (no scope: no resident's words, names or phones) or a cadre with
a scope (the city, a town or one community), who sees everything inside it in full and nothing
outside it. The dashboard, the JSON API and the Excel export all read through here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import joinedload

from bot.catalog.counters import need_tallies
from bot.catalog.db import Catalog
from bot.catalog.models import CommunityRow, MatchRow, NeedRow, ProjectRow, ResourceRow, TownRow
from bot.catalog.numbers import normalize_tracking_id
from bot.clock import CHINA, iso_china
from bot.contact import mask_phone
from bot.matching import service as matching
from bot.matching.matcher import public_reason
from bot.resources.service import mask_name
from bot.vocab import match_status
from bot.vocab import status as need_status

MAX_PAGE_SIZE = 200
URGENCY_ORDER = ("急", "难", "愁", "盼")


class ScopeError(PermissionError):
    """A filter reaching outside the reader's scope; the message is safe to show."""


@dataclass(frozen=True)
class Scope:
    """Where a cadre may see personal details: the city (both None), a town, or one community."""

    town: str | None = None
    community: str | None = None  # official committee name

    @classmethod
    def of(cls, cadre) -> Scope:
        if cadre.role == "city":
            return cls()
        # A scope not written whole fails closed: a town cadre without a town is not the city.
        if cadre.role == "town" and cadre.town:
            return cls(cadre.town)
        if cadre.role == "community" and cadre.community:
            return cls(cadre.town, cadre.community)
        raise ScopeError("名册里这位干部的辖区没有写全，请市级管理员补上")

    def covers(self, town: str | None, community: str | None) -> bool:
        if self.community is not None:
            return community == self.community
        return self.town is None or town == self.town


@dataclass(frozen=True)
class CatalogFilter:
    town: str | None = None
    community: str | None = None  # official committee name
    category: str | None = None  # a dimension for needs, a resource type for resources
    status: str | None = None  # a status code, or "open"
    tier: str | None = None  # priority or pending (projects)
    date_from: date | None = None  # China dates, both ends included
    date_to: date | None = None
    text: str | None = None  # a tracking number, or words of the description (cadres only)
    providers: tuple[str, ...] = ()  # resources only: of these kinds of provider (社区党员, 驻区单位, …)
    unmatched: bool = False  # resources only: not yet put to a need (no match that counts, none done)


@dataclass(frozen=True)
class Page:
    rows: list[dict]
    total: int
    page: int
    size: int


# -- needs and projects ------------------------------------------------------------------------
# A page is read in two steps: the ids of the page from a narrow query (only the tables the
# filters need, sorted by index where it can), then those rows in full. Counting and sorting
# 100k needs with every joined column carried along was five times slower.
def browse_needs(catalog: Catalog, filt: CatalogFilter, scope: Scope | None, page: int = 1,
                 size: int = 50) -> Page:
    return _need_page(catalog, filt, scope, page, size, (_supervised_first(), NeedRow.id.desc()))


def browse_projects(catalog: Catalog, filt: CatalogFilter, scope: Scope | None, page: int = 1,
                    size: int = 50) -> Page:
    """Projects in the order a town works on them: priority first, then support, urgency, age."""
    urgency = case({u: i for i, u in enumerate(URGENCY_ORDER)}, value=NeedRow.urgency, else_=9)
    order = (_supervised_first(), case((ProjectRow.tier == "priority", 0), else_=1), ProjectRow.supporters.desc(),
             urgency, NeedRow.id)
    return _need_page(catalog, filt, scope, page, size, order, by_project=True)


def _supervised_first():
    """督办 needs still open come first."""
    return case((and_(NeedRow.supervised_at.isnot(None), NeedRow.status.in_(need_status.OPEN_STATUSES)), 0), else_=1)


def iter_needs(catalog: Catalog, filt: CatalogFilter, scope: Scope | None) -> Iterator[dict]:
    """Every need the filter selects, newest first, for an export."""
    query = _full_needs().where(*_need_conditions(filt, scope)).order_by(NeedRow.id.desc())
    with catalog.unit_of_work() as session:
        for need, project in session.execute(query.execution_options(yield_per=1000)):
            yield _need_row(need, project, scope is not None)


def iter_projects(catalog: Catalog, filt: CatalogFilter, scope: Scope | None) -> Iterator[dict]:
    """Every project the filter selects, in the project catalog's order, for an export."""
    page = 1
    while True:
        found = browse_projects(catalog, filt, scope, page, MAX_PAGE_SIZE)
        yield from found.rows
        if page * found.size >= found.total:
            return
        page += 1


def need_detail(catalog: Catalog, tracking_id: str, scope: Scope | None) -> dict | None:
    """One need with its history and its matches, or None when it does not exist.

    Raises ScopeError when it exists outside the reader's scope.
    """
    normalized = normalize_tracking_id(tracking_id)
    with catalog.unit_of_work() as session:
        found = session.execute(
            _full_needs().options(joinedload(NeedRow.updates)).where(NeedRow.tracking_id == normalized)
        ).unique().first()
        if found is None:
            return None
        need, project = found
        if scope is not None and not scope.covers(need.community.town.name, need.community.name):
            raise ScopeError("这条需求不在您负责的范围内")
        detail = _need_row(need, project, scope is not None)
        detail["history"] = [_update(u, personal=scope is not None) for u in need.updates]
        detail["matches"] = _matches(session, need.id, scope)
        return detail


def _need_page(catalog: Catalog, filt: CatalogFilter, scope: Scope | None, page: int, size: int, order,
               by_project: bool = False) -> Page:
    size, page = max(1, min(size, MAX_PAGE_SIZE)), max(1, page)
    conditions = _need_conditions(filt, scope)
    counting = select(func.count()).select_from(NeedRow)
    if by_project:  # every need has its project; scanning projects in id order keeps SQLite's plan cheap
        narrow = select(NeedRow.id).select_from(ProjectRow).join(NeedRow, NeedRow.id == ProjectRow.need_id)
    else:
        narrow = select(NeedRow.id).select_from(NeedRow)
        if filt.tier:
            narrow = narrow.outerjoin(ProjectRow, ProjectRow.need_id == NeedRow.id)
    if filt.tier:
        counting = counting.outerjoin(ProjectRow, ProjectRow.need_id == NeedRow.id)
    with catalog.unit_of_work() as session:
        total = _total_from_counters(session, filt, scope) if catalog.counted else None
        if total is None:
            total = session.execute(counting.where(*conditions)).scalar_one()
        ids = session.execute(narrow.where(*conditions).order_by(*order).limit(size).offset((page - 1) * size)
                              ).scalars().all()
        found = {need.id: (need, project) for need, project in session.execute(_full_needs().where(NeedRow.id.in_(ids)))}
        rows = [_need_row(*found[i], scope is not None) for i in ids if i in found]
    return Page(rows, total, page, size)


def _total_from_counters(session, filt: CatalogFilter, scope: Scope | None) -> int | None:
    """The total from the counter tables when they keep what the filter asks (no dates, no words).

    Only for a town or a community: the whole city's count(*) walks one index faster than the
    counters' thousands of rows are summed.
    """
    if filt.date_from or filt.date_to or filt.text:
        return None
    ids = _community_ids(session, filt, scope)
    if ids is None:
        return None
    statuses = need_status.OPEN_STATUSES if filt.status == "open" else ((filt.status,) if filt.status else None)
    total = 0
    for tally in need_tallies(session, ids, counted=True):
        if (filt.category and tally.category != filt.category) or (statuses and tally.status not in statuses):
            continue
        if filt.tier and (tally.tier == "priority") != (filt.tier == "priority"):
            continue
        total += tally.n
    return total


def _community_ids(session, filt: CatalogFilter, scope: Scope | None) -> list[int] | None:
    """The communities both the scope and the filter allow; None for the whole city."""
    query = select(CommunityRow.id).join(TownRow, TownRow.id == CommunityRow.town_id)
    narrowed = False
    for wanted in (scope, filt):
        if wanted is not None and wanted.community:
            query, narrowed = query.where(CommunityRow.name == wanted.community), True
        elif wanted is not None and wanted.town:
            query, narrowed = query.where(TownRow.name == wanted.town), True
    return list(session.execute(query).scalars()) if narrowed else None


def _full_needs():
    return (select(NeedRow, ProjectRow).outerjoin(ProjectRow, ProjectRow.need_id == NeedRow.id)
            .options(joinedload(NeedRow.community).joinedload(CommunityRow.town)))


def _need_conditions(filt: CatalogFilter, scope: Scope | None) -> list:
    conditions = _place_conditions(NeedRow.community_id, None, filt, scope)
    if filt.category:
        conditions.append(NeedRow.category == filt.category)
    if filt.status == "open":
        conditions.append(NeedRow.status.in_(need_status.OPEN_STATUSES))
    elif filt.status:
        conditions.append(NeedRow.status == filt.status)
    if filt.tier == "priority":
        conditions.append(ProjectRow.tier == "priority")
    elif filt.tier == "pending":
        conditions.append(or_(ProjectRow.tier.is_(None), ProjectRow.tier != "priority"))
    conditions += _date_conditions(NeedRow.created_at, filt)
    if filt.text:
        conditions.append(_text_match(filt.text, NeedRow.tracking_id, NeedRow.description, scope))
    return conditions


def _need_row(need: NeedRow, project: ProjectRow | None, personal: bool) -> dict:
    tier = project.tier if project else "pending"
    row = {
        "tracking_id": need.tracking_id,
        "town": need.community.town.name,
        "community": need.community.common_name,
        "category": need.category,
        "status": need.status,
        "status_label": need_status.status_label(need.status),
        "tier": tier,
        "tier_label": matching.TIER_LABELS[tier],
        "created_at": _when(need.created_at, personal),
        "updated_at": _when(need.updated_at, personal),
        "supervised": bool(need.supervised_at) and need.status in need_status.OPEN_STATUSES,
    }
    if personal:
        row["supervisions"] = need.supervisions or 0
        row["finish_by"] = iso_china(need.finish_by)
        row["urgency"] = need.urgency
        row["supporters"] = project.supporters if project else 0
        row["description"] = need.description
        row["phone"] = need.phone or ""
    return row


def _when(moment: datetime | None, personal: bool) -> str:
    """A cadre in scope reads the time to the second; the public the China date only, since in a small
    village the minute a report came in, its urgency or its count of supporters can tell who made it."""
    return iso_china(moment) if personal else iso_china(moment)[:10]


def _update(update, personal: bool) -> dict:
    author = {"system": "系统", "resident": "居民"}.get(update.author, update.author)
    return {"at": _when(update.created_at, personal), "status": update.status,
            "status_label": need_status.status_label(update.status),
            "note": update.note if personal else "", "author": author if personal else ""}


def _matches(session, need_id: int, scope: Scope | None) -> list[dict]:
    rows = session.execute(
        select(MatchRow).options(joinedload(MatchRow.resource).joinedload(ResourceRow.community))
        .where(MatchRow.need_id == need_id).order_by(MatchRow.score.desc(), MatchRow.id)
    ).scalars()
    # need_detail has refused a cadre outside the need's scope: a scope here is one that covers the need.
    personal = scope is not None
    return [{"resource": m.resource.tracking_id, "resource_type": m.resource.resource_type,
             "provider": _provider(m.resource, scope), "status": m.status, "strength": m.strength,
             "status_label": matching.match_label(m.status, m.strength),
             "reason": m.reason if personal else public_reason(m.reason)} for m in rows]


# -- resources ---------------------------------------------------------------------------------
def browse_resources(catalog: Catalog, filt: CatalogFilter, scope: Scope | None, page: int = 1,
                     size: int = 50) -> Page:
    size, page = max(1, min(size, MAX_PAGE_SIZE)), max(1, page)
    conditions = _resource_conditions(filt, scope)
    with catalog.unit_of_work() as session:
        total = session.execute(select(func.count()).select_from(ResourceRow).where(*conditions)).scalar_one()
        found = session.execute(_full_resources().where(*conditions).order_by(ResourceRow.id.desc())
                                .limit(size).offset((page - 1) * size)).scalars()
        rows = [_resource_row(r, scope) for r in found]
    return Page(rows, total, page, size)


def resources_reaching(catalog: Catalog, town: str, community: str | None, scope: Scope | None,
                       size: int = 50) -> Page:
    """Active resources registered for wider than the place that still serve it: the town's own (for one of
    its communities) and the whole city's, newest first."""
    town_id = select(TownRow.id).where(TownRow.name == town).scalar_subquery()
    wider = [ResourceRow.scope == "city"] + ([and_(ResourceRow.scope == "town", ResourceRow.town_id == town_id)]
                                             if community else [])
    conditions = [ResourceRow.status == "active", ResourceRow.tracking_id.isnot(None), or_(*wider)]
    with catalog.unit_of_work() as session:
        total = session.execute(select(func.count()).select_from(ResourceRow).where(*conditions)).scalar_one()
        found = session.execute(_full_resources().where(*conditions).order_by(ResourceRow.id.desc()).limit(size)).scalars()
        rows = [_resource_row(r, scope) for r in found]
    return Page(rows, total, 1, size)


def iter_resources(catalog: Catalog, filt: CatalogFilter, scope: Scope | None) -> Iterator[dict]:
    query = _full_resources().where(*_resource_conditions(filt, scope)).order_by(ResourceRow.id.desc())
    with catalog.unit_of_work() as session:
        for resource in session.execute(query.execution_options(yield_per=1000)).scalars():
            yield _resource_row(resource, scope)


def _full_resources():
    return select(ResourceRow).options(joinedload(ResourceRow.community).joinedload(CommunityRow.town),
                                       joinedload(ResourceRow.town))


def _resource_conditions(filt: CatalogFilter, scope: Scope | None) -> list:
    # A resource sits in a community, a town or the whole city; a town's include its communities'.
    conditions = _place_conditions(ResourceRow.community_id, ResourceRow.town_id, filt, scope)
    if filt.category:
        conditions.append(ResourceRow.resource_type == filt.category)
    if filt.status:
        conditions.append(ResourceRow.status == filt.status)
    if filt.providers:
        conditions.append(ResourceRow.provider_type.in_(filt.providers))
    if filt.unmatched:  # "哪些资源还没对接上需求": no match counted for a project, none done with it
        put_to_use = or_(matching.counts_for_tier(), MatchRow.status == match_status.DONE)
        conditions.append(~select(MatchRow.id).where(MatchRow.resource_id == ResourceRow.id, put_to_use).exists())
    conditions += _date_conditions(ResourceRow.created_at, filt)
    if filt.text:
        conditions.append(_text_match(filt.text, ResourceRow.tracking_id, ResourceRow.description, scope))
    return conditions


def _resource_row(resource: ResourceRow, scope: Scope | None) -> dict:
    if resource.community is not None:
        town, place = resource.community.town.name, resource.community.common_name
    else:
        town, place = (resource.town.name if resource.town else ""), ""
    personal = scope is not None
    return {
        "tracking_id": resource.tracking_id,
        "town": town or "全市",
        "community": place,
        "resource_type": resource.resource_type,
        "provider_type": resource.provider_type,
        "provider": _provider(resource, scope),
        # A volunteer's own words may hold an address or a WeChat id: the public sees only the kind of help.
        "description": resource.description if personal else f"{resource.resource_type}（{resource.provider_type}）",
        "available_time": resource.available_time,
        "phone": resource.phone if personal else mask_phone(resource.phone),
        "status": resource.status,
        "status_label": {"active": "可用", "paused": "已暂停"}.get(resource.status, "已撤回"),
        "created_at": _when(resource.created_at, personal),
    }


def _provider(resource: ResourceRow, scope: Scope | None) -> str:
    town = resource.community.town.name if resource.community else (resource.town.name if resource.town else None)
    community = resource.community.name if resource.community else None
    if scope is not None and scope.covers(town, community):  # the city's scope covers every place
        return resource.provider_name
    return mask_name(resource.provider_name)


# -- shared --------------------------------------------------------------------------------------
def _place_conditions(community_column, town_column, filt: CatalogFilter, scope: Scope | None) -> list:
    """Both the reader's scope and the filter, as conditions on the row's own columns (no joins)."""
    conditions = []
    for wanted in (scope, filt):
        if wanted is None:
            continue
        if wanted.community:
            conditions.append(community_column.in_(select(CommunityRow.id).where(CommunityRow.name == wanted.community)))
        elif wanted.town:
            town_id = select(TownRow.id).where(TownRow.name == wanted.town).scalar_subquery()
            in_town = community_column.in_(select(CommunityRow.id).where(CommunityRow.town_id == town_id))
            conditions.append(in_town if town_column is None else or_(in_town, town_column == town_id))
    return conditions


def check_within(filt: CatalogFilter, scope: Scope | None) -> None:
    """A cadre asking for a place outside their scope is told so rather than shown nothing."""
    if scope is None:
        return
    if filt.town and scope.town and filt.town != scope.town:
        raise ScopeError(f"{filt.town}不在您负责的范围内")
    if filt.community and scope.community and filt.community != scope.community:
        raise ScopeError("这个村（社区）不在您负责的范围内")


def _date_conditions(column, filt: CatalogFilter) -> list:
    conditions = []
    if filt.date_from:
        conditions.append(column >= _utc_midnight(filt.date_from))
    if filt.date_to:
        conditions.append(column < _utc_midnight(filt.date_to + timedelta(days=1)))
    return conditions


def _utc_midnight(day: date) -> datetime:
    """Stored times are naive UTC; a China day starts at 16:00 UTC the day before."""
    return datetime.combine(day, time(0), tzinfo=CHINA).astimezone(timezone.utc).replace(tzinfo=None)


def _text_match(text: str, tracking_column, description_column, scope: Scope | None):
    tracking_id = normalize_tracking_id(text)
    if tracking_id:
        return tracking_column == tracking_id
    if scope is None:  # the public cannot search words they are not shown
        return tracking_column == text.strip().upper()
    escaped = text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return description_column.like(f"%{escaped}%", escape="\\")
