"""Figures of the three catalogs for a community, a town or the whole city.

Counts come from the counter tables the database keeps (bot/catalog/counters.py); lists read
indexes and stop at the few rows a chat answer shows, so every answer stays fast on a catalog
of a million needs.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import text
from sqlalchemy.orm import Session

from bot.catalog.counters import in_list, monthly_by_category, need_tallies, resource_tallies
from bot.catalog.db import Catalog
from bot.clock import CHINA
from bot.contact import mask_phones_in_text
from bot.needs.deadlines import STAGE_WORDS, STAGES, Due, TimeLimits, late_stages
from bot.periods import whole_months
from bot.registry.service import Place, places
from bot.vocab import status as need_status

_OPEN_SQL = need_status.OPEN_SQL  # literal, so SQLite uses the partial index
_FINISHED_SQL = "(" + ", ".join(f"'{s}'" for s in need_status.FINISHED_STATUSES) + ")"


@dataclass(frozen=True)
class Area:
    """Where a question is about: a community (official name), a town, or the city (neither)."""

    town: str | None = None
    community: str | None = None

    def places(self, all_places: list[Place]) -> list[Place]:
        return [p for p in all_places if (self.community is None or p.community == self.community)
                and (self.town is None or p.town == self.town)]


@dataclass(frozen=True)
class CatalogFigures:
    needs: int
    open_needs: int
    done: int
    priority: int  # open needs whose project has a resource (先治理)
    pending: int  # open needs without one yet (待治理)
    by_category: tuple[tuple[str, int], ...]  # most first
    resources_here: int  # active resources registered for this place itself
    resources_reaching: int  # active town- or city-wide resources that also serve it
    reopened: int = 0  # open needs a resident said were not solved after all (重办)
    closed: int = 0  # finished without being solved (已关闭: withdrawn, duplicate, out of scope)


def community_ids(catalog: Catalog, area: Area) -> list[int] | None:
    """The area's communities' ids; None for the whole city."""
    if area.town is None and area.community is None:
        return None
    with catalog.unit_of_work() as session:
        return [p.community_id for p in area.places(places(session))]


def catalog_figures(catalog: Catalog, area: Area) -> CatalogFigures:
    with catalog.unit_of_work() as session:
        mine = area.places(places(session))
        ids = None if area.town is None and area.community is None else [p.community_id for p in mine]
        tallies = need_tallies(session, ids, catalog.counted)
        by_category: Counter[str] = Counter()
        counts: Counter[str] = Counter()
        for t in tallies:
            by_category[t.category] += t.n
            counts["all"] += t.n
            if t.status in need_status.OPEN_STATUSES:
                counts["open"] += t.n
                counts[t.tier or "pending"] += t.n
            elif t.status == need_status.DONE:
                counts["done"] += t.n
            elif t.status == need_status.CLOSED:
                counts["closed"] += t.n
            if t.status == need_status.REOPENED:
                counts["reopened"] += t.n
        here, reaching = _resources(session, catalog.counted, area, mine)
    return CatalogFigures(counts["all"], counts["open"], counts["done"], counts["priority"], counts["pending"],
                          tuple(by_category.most_common()), here, reaching, counts["reopened"], counts["closed"])


def _resources(session: Session, counted: bool, area: Area, mine: list[Place]) -> tuple[int, int]:
    community_ids = {p.community_id for p in mine}
    town_ids = _town_ids(session, {p.town for p in mine})
    here = reaching = 0
    for t in resource_tallies(session, counted):
        if t.status != "active":
            continue
        if area.town is None and area.community is None:
            here += t.n
        elif t.scope == "community" and t.community_id in community_ids:
            here += t.n
        elif t.scope == "town" and t.town_id in town_ids:
            if area.community is None:
                here += t.n
            else:
                reaching += t.n
        elif t.scope == "city":
            reaching += t.n
    return here, reaching


def resource_breakdown(catalog: Catalog, area: Area, by: str, start: date | None = None,
                       end: date | None = None, every_place: bool = False) -> list[tuple[str, int]]:
    """Resources registered for the area itself, per type ("type"), per kind of provider ("provider"), per town
    ("town", city-wide ones apart) or per village or community ("community", town- and city-wide ones apart), most first: the active ones, or all registered in [start, end) when a period is given.
    Every place: the area's villages and communities with none listed too, at 0 (for "哪个村最少")."""
    if end is None:
        when, params = "status = 'active'", {}
    else:
        low, high = utc_bounds(start, end)
        when, params = _created_between(low, high, None)
    with catalog.unit_of_work() as session:
        mine = area.places(places(session))
        community_ids = {p.community_id for p in mine}
        label_of = {p.community_id: p.label for p in mine}
        town_ids = _town_ids(session, {p.town for p in mine})
        towns = dict(session.execute(text("SELECT id, name FROM towns")).all())
        town_of = dict(session.execute(text("SELECT c.id, t.name FROM communities AS c JOIN towns AS t ON t.id = c.town_id")).all())
        kind = "provider_type" if by == "provider" else "resource_type"
        rows = session.execute(text(f"SELECT {kind}, scope, community_id, town_id, count(*) FROM resources "
                                    f"WHERE {when} AND tracking_id IS NOT NULL GROUP BY 1, 2, 3, 4"), params).all()
    whole_city = area.town is None and area.community is None
    counts: Counter[str] = Counter()
    for resource_type, scope, community_id, town_id, n in rows:
        here = whole_city or (scope == "community" and community_id in community_ids) or (
            scope == "town" and town_id in town_ids and area.community is None)
        if not here:
            continue
        if by in ("type", "provider"):
            counts[resource_type] += int(n)
        elif by == "community":  # a town's or the city's own resources apart: they belong to no one village
            counts[label_of.get(community_id) or {"city": "全市范围", "town": f"{towns.get(town_id, '')}全镇范围"}
                   .get(scope, "")] += int(n)
        else:
            counts[{"city": "全市范围", "town": towns.get(town_id, "")}.get(scope) or town_of.get(community_id, "")] += int(n)
    if every_place and by == "community":
        for label in label_of.values():
            counts.setdefault(label, 0)
    return counts.most_common()


def _town_ids(session: Session, names: set[str]) -> set[int]:
    rows = session.execute(text("SELECT id, name FROM towns")).all()
    return {i for i, name in rows if name in names}


def place_ranking(catalog: Catalog, area: Area, by_town: bool, tier: str | None = None,
                  start: date | None = None, end: date | None = None, state: str | None = None,
                  urgency: str | None = None, category: str | None = None) -> list[tuple[str, int]]:
    """Needs (or the open projects of one tier: priority, pending) per town or community of the area, most first;
    only those filed in [start, end) when a period is given, of one state, level or dimension when asked ("重办的哪个
    镇最多", "物业管理监督的需求主要在哪几个镇")."""
    with catalog.unit_of_work() as session:
        mine = area.places(places(session))
        scoped = [p.community_id for p in mine]
        params: dict = {"tier": tier} if tier else {}
        if tier and (urgency or category or end is not None):  # "人居环境里急的待治理按镇排": of that tier, those needs
            more, values = need_filters(category=category, state="open", urgency=urgency, prefix="n.")
            sql = (f"SELECT n.community_id, count(*) FROM needs AS n JOIN projects AS p ON p.need_id = n.id "
                   f"WHERE {in_list('n.community_id', scoped)} AND p.tier = :tier{more}")
            params = {**params, **values}
            if end is not None:
                low, high = utc_bounds(start, end)
                where, between = _created_between(low, high, None)
                sql, params = sql + " AND " + where.replace("created_at", "n.created_at"), {**params, **between}
        elif (state or urgency or category) and not tier:
            more, params = need_filters(category=category, state=state, urgency=urgency)
            sql = f"SELECT community_id, count(*) FROM needs WHERE {in_list('community_id', scoped)}{more}"
            if end is not None:
                low, high = utc_bounds(start, end)
                where, between = _created_between(low, high, None)
                sql, params = sql + f" AND {where}", {**params, **between}
        elif end is not None and not tier:
            low, high = utc_bounds(start, end)
            where, params = _created_between(low, high, scoped)
            sql = f"SELECT community_id, count(*) FROM needs WHERE {where}"
        elif catalog.counted:
            sql = f"SELECT community_id, sum(n) FROM need_counts WHERE {in_list('community_id', scoped)}"
            if tier:
                sql += f" AND tier = :tier AND status IN {_OPEN_SQL}"
        else:
            sql = (f"SELECT n.community_id, count(*) FROM needs AS n LEFT JOIN projects AS p ON p.need_id = n.id "
                   f"WHERE {in_list('n.community_id', scoped)}")
            if tier:
                sql += f" AND p.tier = :tier AND n.status IN {_OPEN_SQL}"
        counts = dict(session.execute(text(sql + " GROUP BY 1"), params).all())
    totals: Counter[str] = Counter()
    for place in mine:
        totals[place.town if by_town else place.label] += int(counts.get(place.community_id, 0))
    return totals.most_common()


# -- periods -------------------------------------------------------------------------------------
def utc_bounds(start: date | None, end: date) -> tuple[datetime | None, datetime]:
    """China-time days [start, end) as the naive UTC times the catalog stores."""
    def convert(day: date) -> datetime:
        return datetime(day.year, day.month, day.day, tzinfo=CHINA).astimezone(timezone.utc).replace(tzinfo=None)
    return (convert(start) if start else None), convert(end)


def _filed_bounds(since: date | None, before: date | None) -> tuple[datetime, datetime]:
    """China-time days [since, before) as stored times, either end open when not given."""
    return utc_bounds(since or date(1970, 1, 1), before or date(9999, 1, 1))


def needs_between(catalog: Catalog, area: Area, start: date | None, end: date) -> tuple[int, tuple[tuple[str, int], ...]]:
    """How many needs were filed in [start, end) (from the beginning when start is None), by category.

    Whole months come from the monthly counters; only the days of a month cut by the period are
    read from the needs themselves, so a year costs twelve counter reads, not a year of needs.
    """
    with catalog.unit_of_work() as session:
        mine = area.places(places(session))
        ids = None if area.town is None and area.community is None else [p.community_id for p in mine]
        counts: Counter[str] = Counter()
        if not catalog.counted:
            counts.update(_scan(session, ids, start, end))
        else:
            months, edges = whole_months(start, end)
            if months is not None:
                counts.update(monthly_by_category(session, ids, _month(months[0]), _month(months[1])))
            for low, high in edges:
                counts.update(_scan(session, ids, low, high))
    by_category = tuple((c, n) for c, n in counts.most_common() if n)
    return sum(n for _, n in by_category), by_category


def needs_where(catalog: Catalog, area: Area, category: str | None = None, state: str | None = None,
                start: date | None = None, end: date | None = None, urgency: str | None = None) -> int:
    """Needs of one dimension, state ("open", "done", "reopened") and/or level of urgency, filed in [start, end)
    when given: "养老这块有多少需求", "今年办结了几个", "急的有几条"."""
    with catalog.unit_of_work() as session:
        mine = area.places(places(session))
        ids = None if area.town is None and area.community is None else [p.community_id for p in mine]
        if end is None and start is None:
            where, params = "1 = 1", {}
        else:
            low, high = utc_bounds(start, end or date.max - timedelta(days=1))
            where, params = _created_between(low, high, None)
        if ids is not None:
            where += f" AND {in_list('community_id', ids)}"
        more, values = need_filters(category, state, urgency)
        return int(session.execute(text(f"SELECT count(*) FROM needs WHERE {where}{more}"), {**params, **values}).scalar() or 0)


def needs_by_urgency(catalog: Catalog, area: Area, state: str | None = None) -> dict[str, int]:
    """Needs per level of urgency (急难愁盼), of one state when asked."""
    with catalog.unit_of_work() as session:
        mine = area.places(places(session))
        where = "1 = 1" if area.town is None and area.community is None else in_list("community_id", [p.community_id for p in mine])
        more, values = need_filters(state=state)
        rows = session.execute(text(f"SELECT urgency, count(*) FROM needs WHERE {where}{more} GROUP BY 1"), values).all()
    return {level: int(n) for level, n in rows}


def needs_by_category_where(catalog: Catalog, area: Area, state: str | None = None, urgency: str | None = None,
                            before: date | None = None, since: date | None = None) -> tuple[int, tuple[tuple[str, int], ...]]:
    """Needs of one state and/or level per dimension ("急的按维度分"), filed in [since, before) when given ("拖了一个月
    以上的按维度分一下", "上个月急的按维度分一下"), most first, with their total."""
    with catalog.unit_of_work() as session:
        mine = area.places(places(session))
        where, params = ("1 = 1", {}) if before is None and since is None else \
            _created_between(*_filed_bounds(since, before), None)
        if area.town is not None or area.community is not None:
            where += f" AND {in_list('community_id', [p.community_id for p in mine])}"
        more, values = need_filters(state=state, urgency=urgency)
        rows = session.execute(text(f"SELECT category, count(*) FROM needs WHERE {where}{more} GROUP BY 1"),
                               {**params, **values}).all()
    by_category = tuple(sorted(((c, int(n)) for c, n in rows if n), key=lambda item: -item[1]))
    return sum(n for _, n in by_category), by_category


def open_tiers_where(catalog: Catalog, area: Area, category: str | None = None, urgency: str | None = None,
                     since: date | None = None, before: date | None = None) -> dict[str, int]:
    """Open needs per project tier (priority 先治理, pending 待治理) of one dimension or level, filed in [since, before)
    when given: "急的里面先治理几个", "今年未办结的里待治理几条"."""
    with catalog.unit_of_work() as session:
        mine = area.places(places(session))
        where = "1 = 1" if area.town is None and area.community is None else in_list("n.community_id", [p.community_id for p in mine])
        more, values = need_filters(category=category, state="open", urgency=urgency, prefix="n.")
        if since is not None or before is not None:
            low, high = _filed_bounds(since, before)
            more += " AND n.created_at >= :since_at AND n.created_at < :before_at"
            values = {**values, "since_at": low, "before_at": high}
        rows = session.execute(text(f"SELECT p.tier, count(*) FROM needs AS n JOIN projects AS p ON p.need_id = n.id "
                                    f"WHERE {where}{more} GROUP BY 1"), values).all()
    return {tier: int(n) for tier, n in rows}


def open_tiers_by_category(catalog: Catalog, area: Area, urgency: str | None = None) -> list[tuple[str, int, int]]:
    """Open needs per dimension, as (dimension, 先治理, 待治理), most 待治理 first: "待治理项目按维度分"."""
    with catalog.unit_of_work() as session:
        mine = area.places(places(session))
        where = "1 = 1" if area.town is None and area.community is None else in_list("n.community_id", [p.community_id for p in mine])
        more, values = need_filters(state="open", urgency=urgency, prefix="n.")
        rows = session.execute(text(f"SELECT n.category, p.tier, count(*) FROM needs AS n JOIN projects AS p ON p.need_id = n.id "
                                    f"WHERE {where}{more} GROUP BY 1, 2"), values).all()
    split: dict[str, dict[str, int]] = {}
    for category, tier, n in rows:
        split.setdefault(category, {})[tier] = int(n)
    found = [(c, t.get("priority", 0), t.get("pending", 0)) for c, t in split.items()]
    return sorted(found, key=lambda item: (-item[2], -item[1], item[0]))


def need_filters(category: str | None = None, state: str | None = None, urgency: str | None = None,
                 prefix: str = "") -> tuple[str, dict]:
    """SQL conditions (each starting with AND) and their values for a dimension, a state and a level."""
    sql, params = "", {}
    if category:
        sql, params["category"] = sql + f" AND {prefix}category = :category", category
    if state == "open":
        sql += f" AND {prefix}status IN {_OPEN_SQL}"
    elif state == "done":
        sql += f" AND {prefix}status = 'done'"
    elif state == "finished":  # 办结: solved or closed
        sql += f" AND {prefix}status IN {_FINISHED_SQL}"
    elif state == "reopened":
        sql, params["reopened"] = sql + f" AND {prefix}status = :reopened", need_status.REOPENED
    if urgency and urgency != "every":
        sql, params["urgency"] = sql + f" AND {prefix}urgency = :urgency", urgency
    return sql, params


def _month(day: date | None) -> str | None:
    return None if day is None else f"{day.year:04d}-{day.month:02d}"


def _scan(session: Session, ids: list[int] | None, start: date | None, end: date) -> dict[str, int]:
    low, high = utc_bounds(start, end)
    sql, params = _created_between(low, high, ids)
    return {category: int(n) for category, n in session.execute(
        text(f"SELECT category, count(*) FROM needs WHERE {sql} GROUP BY category"), params)}


def _created_between(low: datetime | None, high: datetime, ids: list[int] | None) -> tuple[str, dict]:
    sql, params = "created_at < :high", {"high": high}
    if low is not None:
        sql += " AND created_at >= :low"
        params["low"] = low
    if ids is not None:
        # "+" keeps SQLite on the created_at index: the period is the narrow side here.
        sql += f" AND +{in_list('community_id', ids)}"
    return sql, params


# -- lists (cadres only; see bot/cadres/access.py) ----------------------------------------------
@dataclass(frozen=True)
class NeedBrief:
    tracking_id: str
    place: str
    category: str
    description: str  # phones masked, shortened
    status: str
    filed_on: str  # China date
    days_waiting: int
    late: str = ""  # which time limit it is past and by how long ("办结超时3天")
    is_open: bool = True  # still to be done: days waited are shown only for these


def oldest_pending(catalog: Catalog, area: Area, limit: int, today: date) -> list[NeedBrief]:
    """Open needs without any resource (pending projects), the longest waiting first."""
    return open_projects(catalog, area, limit, today, "pending")


def supported_needs(catalog: Catalog, area: Area, limit: int, today: date) -> tuple[int, int, list[tuple[NeedBrief, int]]]:
    """Needs other residents joined (附议): how many, how many joinings in all, and the most joined first."""
    base = "SELECT n.id, p.supporters FROM needs AS n JOIN projects AS p ON p.need_id = n.id WHERE p.supporters > 0"
    with catalog.unit_of_work() as session:
        mine = area.places(places(session))
        if area.town is None and area.community is None:
            rows = list(session.execute(text(base)))
        else:
            ids = [p.community_id for p in mine]
            rows = list(session.execute(text(f"{base} AND {in_list('n.community_id', ids)}"))) if ids else []
        ranked = sorted(rows, key=lambda row: (-row[1], row[0]))[:limit]
        ids = sorted(row[0] for row in ranked)
        by_id = dict(zip(ids, _briefs(session, ids, mine, today), strict=True))
        return len(rows), sum(row[1] for row in rows), [(by_id[row[0]], row[1]) for row in ranked]


def open_projects(catalog: Catalog, area: Area, limit: int, today: date, tier: str | None,
                  urgency: str | None = None, category: str | None = None,
                  filed: tuple[date | None, date] | None = None) -> list[NeedBrief]:
    """Open needs of one tier (priority: a resource serves it; pending: none yet; None: both), of one level of
    urgency and one dimension when given, filed within [start, end) when given, the longest waiting first.

    Waiting is counted from filing (created_at): needs imported or queued late do not file in id order."""
    low, high = _filed_bounds(*filed) if filed else (None, None)
    base = ("SELECT n.created_at, n.id FROM needs AS n JOIN projects AS p ON p.need_id = n.id "
            f"WHERE n.status IN {_OPEN_SQL}" + (" AND p.tier = :tier" if tier else "")
            + (" AND n.urgency = :urgency" if urgency else "") + (" AND n.category = :category" if category else "")
            + (" AND n.created_at >= :low AND n.created_at < :high" if filed else ""))
    values = {"tier": tier, "urgency": urgency, "category": category, "low": low, "high": high}
    with catalog.unit_of_work() as session:
        mine = area.places(places(session))
        if area.town is None and area.community is None:
            rows = list(session.execute(text(base + " ORDER BY n.created_at, n.id LIMIT :k"), {"k": limit, **values}))
        else:
            rows = []
            for place in mine:  # one short walk per community, then the longest waiting overall
                rows += session.execute(text(base + " AND n.community_id = :c ORDER BY n.created_at, n.id LIMIT :k"),
                                        {"c": place.community_id, "k": limit, **values})
        oldest = sorted(rows, key=lambda row: (str(row[0]), row[1]))[:limit]
        ids = sorted(row[1] for row in oldest)
        by_id = dict(zip(ids, _briefs(session, ids, mine, today), strict=True))  # _briefs keeps the id order
        return [by_id[row[1]] for row in oldest]


def recent_needs(catalog: Catalog, area: Area, limit: int, today: date,
                 start: date | None = None, end: date | None = None,
                 category: str | None = None, state: str | None = None, urgency: str | None = None,
                 oldest_first: bool = False) -> list[NeedBrief]:
    """The latest needs filed in the area (within [start, end) when given; of one dimension, open or done when
    asked: "物业那块 哪几个"), newest first; or those waiting longest first ("最急的三条")."""
    low, high = utc_bounds(start, end or today + timedelta(days=1))
    with catalog.unit_of_work() as session:
        mine = area.places(places(session))
        scoped = None if area.town is None and area.community is None else [p.community_id for p in mine]
        sql, params = _created_between(low, high, scoped)
        more, values = need_filters(category, state, urgency)
        sql, params = sql + more, {**params, **values}
        order = "ASC" if oldest_first else "DESC"
        ids = list(session.execute(text(f"SELECT id FROM needs WHERE {sql} ORDER BY created_at {order} LIMIT :k"),
                                   {**params, "k": limit}).scalars())
        briefs = _briefs(session, ids, mine, today)
    return sorted(briefs, key=lambda b: (b.filed_on, b.tracking_id), reverse=not oldest_first)


def _briefs(session: Session, ids: list[int], mine: list[Place], today: date) -> list[NeedBrief]:
    if not ids:
        return []
    labels = {p.community_id: p.label for p in mine}
    rows = session.execute(text(
        "SELECT id, tracking_id, community_id, category, description, status, created_at FROM needs "
        f"WHERE {in_list('id', ids)} ORDER BY id"
    )).all()
    result = []
    for _id, tracking, community_id, category, description, status, created in rows:
        created = created if isinstance(created, datetime) else datetime.fromisoformat(str(created))
        filed = created.replace(tzinfo=timezone.utc).astimezone(CHINA).date()
        result.append(NeedBrief(tracking or "", labels.get(community_id, ""), category, shortened(description),
                                need_status.status_label(status), filed.isoformat(), max(0, (today - filed).days),
                                is_open=status in need_status.OPEN_STATUSES))
    return result


def shortened(description: str, limit: int = 30) -> str:
    """One line of a resident's or volunteer's words, phones masked, cut at limit."""
    masked = mask_phones_in_text(" ".join(description.split()))
    return masked if len(masked) <= limit else masked[: limit - 1] + "…"


# -- needs past their time limits (超期) --------------------------------------------------------------
@dataclass(frozen=True)
class LateFigures:
    open_needs: int
    late: int  # open needs past at least one limit
    by_stage: tuple[tuple[str, int], ...]  # acknowledge, contact, finish: needs past that limit
    lights: tuple[tuple[str, str, int, int], ...]  # (community, light, late, open), red then yellow, worst first
    supervised: int = 0  # open needs a town or city cadre pressed for (督办)
    unlimited: int = 0  # open needs filed with no time limit (before limits were kept): never counted as in time


def late_figures(catalog: Catalog, area: Area, now: datetime, limits: TimeLimits,
                 which: tuple[str, dict] = ("", {})) -> LateFigures:
    """How many open needs of the area are past a limit now (UTC, no zone), by stage and by community; `which`
    (SQL conditions starting with AND, and their values) keeps only some of them (a level, a period)."""
    with catalog.unit_of_work() as session:
        mine = area.places(places(session))
        labels = {p.community_id: p.label for p in mine}
        late = _late_rows(session, mine, area, now, which)
        open_by_community = _open_by_community(session, mine, area, which)
        supervised = _open_count(session, mine, area, "supervised_at IS NOT NULL", which)
        unlimited = _open_count(session, mine, area, "finish_by IS NULL", which)
    stages: Counter[str] = Counter()
    late_by_community: Counter[int] = Counter()
    for row in late:
        stages.update(row[1])
        late_by_community[row[0]] += 1
    lights = []
    for community_id, n in late_by_community.items():
        light = limits.light(n, open_by_community.get(community_id, n))
        if light != "green":
            lights.append((labels.get(community_id, ""), light, n, open_by_community.get(community_id, n)))
    lights.sort(key=lambda c: (c[1] != "red", -c[2] / max(c[3], 1), c[0]))
    return LateFigures(sum(open_by_community.values()), len(late),
                       tuple((stage, stages[stage]) for stage in STAGES), tuple(lights), supervised, unlimited)


def late_needs(catalog: Catalog, area: Area, limit: int, today: date, now: datetime,
               which: tuple[str, dict] = ("", {})) -> list[NeedBrief]:
    """Open needs past a limit, the longest past first, each saying which limit and by how long."""
    with catalog.unit_of_work() as session:
        mine = area.places(places(session))
        late = sorted(_late_rows(session, mine, area, now, which), key=lambda r: (r[2], r[3]))[:limit]
        ids = sorted(r[3] for r in late)
        by_id = dict(zip(ids, _briefs(session, ids, mine, today), strict=True))  # _briefs keeps the id order
    result = []
    for _, stages, passed, need_id in late:
        overdue_days = (now - passed).days
        words = "、".join(STAGE_WORDS[s] for s in stages)
        result.append(replace(by_id[need_id], late=f"{words}超时" + (f"{overdue_days}天" if overdue_days else "不到1天")))
    return result


def _late_rows(session: Session, mine: list[Place], area: Area, now: datetime,
               which: tuple[str, dict] = ("", {})) -> list[tuple]:
    """(community id, stages past, earliest limit passed, need id) of the area's open needs past a limit."""
    sql = (f"SELECT id, community_id, status, acknowledge_by, contact_by, finish_by FROM needs "
           f"WHERE status IN {_OPEN_SQL} AND (finish_by < :now OR contact_by < :now OR acknowledge_by < :now)")
    sql += _in_area(mine, area) + which[0]
    rows = []
    for need_id, community_id, status, *times in session.execute(text(sql), {"now": now, **which[1]}).all():
        due = Due(*(_as_datetime(t) for t in times))
        stages = late_stages(status, due, now)
        if stages:
            passed = min(getattr(due, f"{stage}_by") for stage in stages)
            rows.append((community_id, stages, passed, need_id))
    return rows


def _open_by_community(session: Session, mine: list[Place], area: Area,
                       which: tuple[str, dict] = ("", {})) -> dict[int, int]:
    sql = f"SELECT community_id, COUNT(*) FROM needs WHERE status IN {_OPEN_SQL}"
    sql += _in_area(mine, area) + which[0]
    return dict(session.execute(text(sql + " GROUP BY community_id"), which[1]).all())


def _open_count(session: Session, mine: list[Place], area: Area, condition: str,
                which: tuple[str, dict] = ("", {})) -> int:
    sql = f"SELECT COUNT(*) FROM needs WHERE status IN {_OPEN_SQL} AND {condition}"
    sql += _in_area(mine, area) + which[0]
    return session.execute(text(sql), which[1]).scalar() or 0


def filed_filters(category: str | None, urgency: str | None, start: date | None, end: date | None) -> tuple[str, dict]:
    """SQL conditions (each starting with AND) for needs of a dimension and a level filed in China-time days
    [start, end)."""
    sql, params = need_filters(category=category, urgency=urgency)
    if end is not None:
        low, high = utc_bounds(start, end)
        sql, params["filed_before"] = sql + " AND created_at < :filed_before", high
        if low is not None:
            sql, params["filed_from"] = sql + " AND created_at >= :filed_from", low
    return sql, params


def _in_area(mine: list[Place], area: Area) -> str:
    """The SQL condition keeping the area's needs ("" for the whole city)."""
    if area.town is None and area.community is None:
        return ""
    return f" AND {in_list('community_id', [p.community_id for p in mine])}"


def _as_datetime(value) -> datetime | None:
    if value is None:  # a need filed before due times were kept
        return None
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
