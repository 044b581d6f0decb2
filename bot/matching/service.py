"""Matching against the catalog: incremental on every new need or resource, and full re-runs.

Project tiers follow the plan's rule (有需求且有资源) with evidence, and are kept in the same transaction as the
matches: a need is a priority project (先治理项目) when a match is confirmed or in progress, or proposed with
evidence (strong: the resource offers a capability the need requires); otherwise it is pending (待治理项目),
and weak proposals are shown beside it as 可能相关 suggestions.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from bot.catalog.db import Catalog
from bot.catalog.models import (
    CommunityRow,
    MatchRow,
    NeedKeywordRow,
    NeedRow,
    ProjectRow,
    ResourceKeywordRow,
    ResourceRow,
    TownRow,
    utcnow,
)
from bot.keywords import keywords
from bot.matching import capabilities
from bot.matching.matcher import (
    MAX_PER_BUCKET,
    NeedIndex,
    NeedItem,
    Proposal,
    ResourceItem,
    best,
    match_all,
    needs_for,
    propose,
)
from bot.vocab import status as need_status
from bot.vocab.match_status import (
    ACTIVE_MATCHES,
    AT_WORK,
    CLOSED,
    CONFIRMED,
    DONE,
    IN_PROGRESS,
    MATCH_LABELS,
    PROPOSED,
)

SOLVED_REASON = "需求已解决"  # a proposal closed with its need, not judged wrong: it comes back if the need reopens
WEAK_LABEL = "可能相关"  # a weak proposal, in place of 待确认
TIER_LABELS = {"priority": "先治理项目", "pending": "待治理项目"}


@dataclass(frozen=True)
class MatchReport:
    open_needs: int
    active_resources: int
    new_matches: int
    priority: int
    pending: int


# -- what a record is about ---------------------------------------------------------------------
def need_keywords(description: str, places: Iterable[str]) -> str:
    """A need's content words and the capabilities it requires, as stored in NeedRow.keywords."""
    return " ".join([*capabilities.tags(capabilities.required(description)),
                     *capabilities.tags(capabilities.kinds_needed(description), capabilities.KIND_TAG),
                     *keywords(description, places)])


def resource_keywords(description: str, places: Iterable[str]) -> str:
    """A resource's content words and the capabilities it offers, as stored in ResourceRow.keywords."""
    return " ".join([*capabilities.tags(capabilities.offered(description)),
                     *capabilities.tags(capabilities.kinds_offered(description), capabilities.KIND_TAG),
                     *keywords(description, places)])


# -- items from rows ------------------------------------------------------------------------
def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in (text or "").split() if w)


def need_item(need: NeedRow, town_id: int) -> NeedItem:
    return NeedItem(need.id, need.community_id, town_id, need.category, _words(need.keywords))


def resource_item(resource: ResourceRow) -> ResourceItem:
    return ResourceItem(resource.id, resource.scope, resource.community_id, resource.town_id,
                        resource.resource_type, _words(resource.keywords))


# -- indexing ---------------------------------------------------------------------------------
def index_need(session: Session, need: NeedRow) -> None:
    _post_need_keywords(session, need)
    session.add(ProjectRow(need_id=need.id, tier="pending"))


def _post_need_keywords(session: Session, need: NeedRow) -> None:
    session.add_all(NeedKeywordRow(need_id=need.id, keyword=w[:32]) for w in capabilities.searchable(_words(need.keywords)))


def index_resource(session: Session, resource: ResourceRow) -> None:
    session.add_all(ResourceKeywordRow(resource_id=resource.id, keyword=w[:32])
                    for w in capabilities.searchable(_words(resource.keywords)))


def resource_place_words(session: Session, resource: ResourceRow) -> tuple[str, ...]:
    """How a resource's own description may name its place (left out of its keywords)."""
    if resource.community_id:
        return session.get(CommunityRow, resource.community_id).place_names()
    if resource.town_id:
        town = session.get(TownRow, resource.town_id).name
        return (town, town.rstrip("镇"))
    return ()


def reindex(catalog: Catalog) -> tuple[int, int]:
    """Read every need's and resource's words again — records filed before capabilities were read, or after
    bot/data/capabilities.yml grew — rewriting keywords and postings where they changed. Returns how many needs
    and resources changed; match_everything then proposes new pairs and re-grades proposed ones."""
    with catalog.unit_of_work() as session:
        places = {c.id: c.place_names() for c in session.execute(select(CommunityRow)).scalars()}
        needs = 0
        for need in _in_pages(session, NeedRow):
            fresh = need_keywords(need.description, places.get(need.community_id, ()))
            if fresh != need.keywords:
                need.keywords = fresh
                session.query(NeedKeywordRow).filter(NeedKeywordRow.need_id == need.id).delete()
                _post_need_keywords(session, need)
                needs += 1
        resources = 0
        for resource in _in_pages(session, ResourceRow):
            fresh = resource_keywords(resource.description, resource_place_words(session, resource))
            if fresh != resource.keywords:
                resource.keywords = fresh
                session.query(ResourceKeywordRow).filter(ResourceKeywordRow.resource_id == resource.id).delete()
                index_resource(session, resource)
                resources += 1
        return needs, resources


def _in_pages(session: Session, row_type, size: int = 1000):
    """Every row of a table, a page at a time by id (a million needs are never all in memory)."""
    last = 0
    while True:
        page = session.execute(select(row_type).where(row_type.id > last).order_by(row_type.id).limit(size)).scalars().all()
        if not page:
            return
        yield from page
        last = page[-1].id
        session.flush()
        session.expunge_all()


# -- incremental ------------------------------------------------------------------------------
def propose_for_need(session: Session, need: NeedRow) -> list[Proposal]:
    """Match one new need against the resources that can reach it (indexed queries only)."""
    town_id = session.execute(select(CommunityRow.town_id).where(CommunityRow.id == need.community_id)).scalar()
    item = need_item(need, town_id)
    words = capabilities.searchable(item.keywords)
    active = ResourceRow.status == "active"  # of any type: a shared capability is evidence across the type table
    here = and_(ResourceRow.scope == "community", ResourceRow.community_id == need.community_id)
    beyond = or_(ResourceRow.scope == "city", and_(ResourceRow.scope == "town", ResourceRow.town_id == town_id))
    candidates = {r.id: r for r in session.execute(select(ResourceRow).where(active, here).limit(MAX_PER_BUCKET)).scalars()}
    # Capabilities first (here and beyond), then content words beyond, each bounded: common words must not crowd
    # out the evidence.
    tags = [w for w in words if w.startswith(capabilities.TAG)]
    for group, reach in ((tags, or_(here, beyond)), ([w for w in words if w not in tags], beyond)):
        if group:
            by_word = (select(ResourceRow).join(ResourceKeywordRow, ResourceKeywordRow.resource_id == ResourceRow.id)
                       .where(active, ResourceKeywordRow.keyword.in_(group), reach).limit(MAX_PER_BUCKET))
            candidates.update({r.id: r for r in session.execute(by_word).scalars()})
    chosen = best(p for p in (propose(item, resource_item(r)) for r in candidates.values()) if p is not None)
    _insert(session, chosen)
    refresh_tiers(session, [need.id])
    return chosen


def propose_for_resource(session: Session, resource: ResourceRow, limit: int = 20) -> list[Proposal]:
    """Match one new resource against the open needs it can reach; promotes their projects."""
    item = resource_item(resource)
    # Pending projects first: a new resource is news for them, not for those already served. Any dimension: a
    # shared capability is evidence across the type table (score() judges each pair).
    base = (
        select(NeedRow, CommunityRow.town_id)
        .join(CommunityRow, CommunityRow.id == NeedRow.community_id)
        .join(ProjectRow, ProjectRow.need_id == NeedRow.id)
        .where(NeedRow.status.in_(need_status.OPEN_STATUSES))
        .order_by(ProjectRow.tier, NeedRow.id)
    )
    if resource.scope == "community":
        query = base.where(NeedRow.community_id == resource.community_id).limit(MAX_PER_BUCKET)
    else:
        words = capabilities.searchable(item.keywords)
        if not words:
            return []
        query = base.join(NeedKeywordRow, NeedKeywordRow.need_id == NeedRow.id).where(NeedKeywordRow.keyword.in_(words))
        if resource.scope == "town":
            query = query.where(CommunityRow.town_id == resource.town_id)
        query = query.limit(MAX_PER_BUCKET)
    needs = {need.id: need_item(need, town_id) for need, town_id in session.execute(query)}
    chosen = needs_for(item, NeedIndex(needs.values()), limit)
    _insert(session, chosen)
    refresh_tiers(session, [p.need_id for p in chosen])
    return chosen


def _insert(session: Session, proposals: Iterable[Proposal]) -> int:
    """Add proposals not yet recorded for their pair; a pair is never proposed twice."""
    proposals = list(proposals)
    if not proposals:
        return 0
    need_ids = {p.need_id for p in proposals}
    existing = set(
        session.execute(select(MatchRow.need_id, MatchRow.resource_id).where(MatchRow.need_id.in_(need_ids))).all()
    )
    fresh = [p for p in proposals if (p.need_id, p.resource_id) not in existing]
    session.add_all(
        MatchRow(need_id=p.need_id, resource_id=p.resource_id, score=p.score, reason=p.reason, status=PROPOSED,
                 strength=p.strength)
        for p in fresh
    )
    session.flush()
    return len(fresh)


def counts_for_tier():
    """A match that makes its need a priority project: taken up by a cadre, or proposed with evidence."""
    return or_(MatchRow.status.in_(AT_WORK),
               and_(MatchRow.status == PROPOSED, MatchRow.strength == "strong"))


def match_label(status: str, strength: str) -> str:
    return WEAK_LABEL if status == PROPOSED and strength != "strong" else MATCH_LABELS[status]


def refresh_tiers(session: Session, need_ids: Iterable[int]) -> None:
    """Set each project's tier from its matches that count (counts_for_tier), in the caller's transaction."""
    ids = list(set(need_ids))
    for chunk in range(0, len(ids), 500):
        part = ids[chunk:chunk + 500]
        matched = set(session.execute(
            select(MatchRow.need_id).where(MatchRow.need_id.in_(part), counts_for_tier())
        ).scalars())
        for tier, group in (("priority", [i for i in part if i in matched]), ("pending", [i for i in part if i not in matched])):
            if group:
                session.execute(
                    update(ProjectRow).where(ProjectRow.need_id.in_(group), ProjectRow.tier != tier)
                    .values(tier=tier, updated_at=utcnow())
                )


# -- full re-run ------------------------------------------------------------------------------
def match_everything(catalog: Catalog) -> MatchReport:
    """Re-run matching on the whole catalog; running it twice changes nothing the second time."""
    with catalog.unit_of_work() as session:
        rows = session.execute(
            select(NeedRow.id, NeedRow.community_id, CommunityRow.town_id, NeedRow.category, NeedRow.keywords)
            .join(CommunityRow, CommunityRow.id == NeedRow.community_id)
            .where(NeedRow.status.in_(need_status.OPEN_STATUSES))
        ).all()
        needs = [NeedItem(i, c, t, cat, _words(k)) for i, c, t, cat, k in rows]
        resources = [
            ResourceItem(i, s, c, t, rt, _words(k))
            for i, s, c, t, rt, k in session.execute(
                select(ResourceRow.id, ResourceRow.scope, ResourceRow.community_id, ResourceRow.town_id,
                       ResourceRow.resource_type, ResourceRow.keywords).where(ResourceRow.status == "active")
            ).all()
        ]
        with _no_cyclic_gc():
            proposals = match_all(needs, resources)
        created = _insert_many(session, proposals)
        _refresh_open_tiers(session)
        tiers = dict(session.execute(select(ProjectRow.tier, func.count()).group_by(ProjectRow.tier)).all())
        return MatchReport(len(needs), len(resources), created, tiers.get("priority", 0), tiers.get("pending", 0))


@contextmanager
def _no_cyclic_gc():
    """Millions of small index objects make CPython's cycle collector rescan the heap again and
    again; they hold no cycles, so it is paused while the full run builds and reads them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _refresh_open_tiers(session: Session) -> None:
    """refresh_tiers for every open need at once, in two set-based statements."""
    served = select(MatchRow.id).where(MatchRow.need_id == ProjectRow.need_id, counts_for_tier())
    open_needs = select(NeedRow.id).where(NeedRow.status.in_(need_status.OPEN_STATUSES))
    for tier, condition in (("priority", served.exists()), ("pending", ~served.exists())):
        session.execute(
            update(ProjectRow)
            .where(ProjectRow.need_id.in_(open_needs), ProjectRow.tier != tier, condition)
            .values(tier=tier, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )


def _insert_many(session: Session, proposals: list[Proposal]) -> int:
    """Add new pairs; a proposed pair read again with other evidence takes the new strength."""
    existing = {(n, r): (i, s, st_) for i, n, r, s, st_ in session.execute(
        select(MatchRow.id, MatchRow.need_id, MatchRow.resource_id, MatchRow.strength, MatchRow.status)).all()}
    fresh = [p for p in proposals if (p.need_id, p.resource_id) not in existing]
    for strength in ("strong", "weak"):
        changed = [existing[key][0] for p in proposals if (key := (p.need_id, p.resource_id)) in existing
                   and existing[key][2] == PROPOSED and p.strength == strength != existing[key][1]]
        for chunk in range(0, len(changed), 500):
            session.execute(update(MatchRow).where(MatchRow.id.in_(changed[chunk:chunk + 500]))
                            .values(strength=strength).execution_options(synchronize_session=False))
    if fresh:
        now = utcnow()
        session.execute(
            MatchRow.__table__.insert(),
            [
                {"need_id": p.need_id, "resource_id": p.resource_id, "score": p.score, "reason": p.reason,
                 "status": PROPOSED, "strength": p.strength, "closed_reason": "", "created_at": now, "updated_at": now}
                for p in fresh
            ],
        )
    return len(fresh)


# -- the life of a match ------------------------------------------------------------------------
def counted_matches_of_resource(session: Session, resource_id: int) -> int:
    """The resource's open matches that count for a need's tier (evidenced, or taken on by a cadre)."""
    return session.execute(select(func.count()).select_from(MatchRow).where(
        MatchRow.resource_id == resource_id, MatchRow.status.in_(ACTIVE_MATCHES), counts_for_tier())).scalar_one()


def close_matches_of_resource(session: Session, resource_id: int, reason: str) -> list[int]:
    need_ids = list(session.execute(
        select(MatchRow.need_id).where(MatchRow.resource_id == resource_id, MatchRow.status.in_(ACTIVE_MATCHES))
    ).scalars())
    session.execute(
        update(MatchRow)
        .where(MatchRow.resource_id == resource_id, MatchRow.status.in_(ACTIVE_MATCHES))
        .values(status=CLOSED, closed_reason=reason, updated_at=utcnow())
    )
    refresh_tiers(session, need_ids)
    return need_ids


BEYOND_REACH = "资源服务范围已改"
PAUSED_REASON = "资源暂停"  # a match set aside while its resource is paused: proposed again when it is resumed


def reopen_paused_matches(session: Session, resource_id: int) -> None:
    """A resumed resource: its matches set aside by the pause, with needs still open, proposed again."""
    open_needs = select(NeedRow.id).where(NeedRow.status.in_(need_status.OPEN_STATUSES))
    need_ids = list(session.execute(
        select(MatchRow.need_id).where(MatchRow.resource_id == resource_id, MatchRow.status == CLOSED,
                                       MatchRow.closed_reason == PAUSED_REASON, MatchRow.need_id.in_(open_needs))
    ).scalars())
    if need_ids:
        session.execute(
            update(MatchRow).where(MatchRow.resource_id == resource_id, MatchRow.need_id.in_(need_ids),
                                   MatchRow.status == CLOSED, MatchRow.closed_reason == PAUSED_REASON)
            .values(status=PROPOSED, closed_reason="", updated_at=utcnow())
        )
        refresh_tiers(session, need_ids)


def set_reach_of_matches(session: Session, resource_id: int, beyond: list[int], within: list[int]) -> None:
    """A resource's reach changed: its matches with needs beyond it closed, those closed for the same reason that
    it reaches again proposed again."""
    if beyond:
        session.execute(
            update(MatchRow)
            .where(MatchRow.resource_id == resource_id, MatchRow.need_id.in_(beyond), MatchRow.status.in_(ACTIVE_MATCHES))
            .values(status=CLOSED, closed_reason=BEYOND_REACH, updated_at=utcnow())
        )
    if within:
        session.execute(
            update(MatchRow)
            .where(MatchRow.resource_id == resource_id, MatchRow.need_id.in_(within), MatchRow.status == CLOSED,
                   MatchRow.closed_reason == BEYOND_REACH)
            .values(status=PROPOSED, closed_reason="", updated_at=utcnow())
        )
    refresh_tiers(session, [*beyond, *within])


def reexamine(session: Session, need: NeedRow) -> None:
    """A reopened need: proposals closed because it was solved come back, and new resources are proposed."""
    session.execute(
        update(MatchRow).where(MatchRow.need_id == need.id, MatchRow.status == CLOSED,
                               MatchRow.closed_reason == SOLVED_REASON)
        .values(status=PROPOSED, closed_reason="", updated_at=utcnow())
    )
    session.flush()
    propose_for_need(session, need)  # refreshes the tier too


def settle_matches(session: Session, need_id: int, new_status: str) -> None:
    """A need that is done or closed takes its open matches with it."""
    if new_status == need_status.DONE:
        changes = ((PROPOSED, CLOSED, SOLVED_REASON), (CONFIRMED, DONE, ""), (IN_PROGRESS, DONE, ""))
    elif new_status == need_status.CLOSED:
        changes = tuple((status, CLOSED, "需求已关闭") for status in ACTIVE_MATCHES)
    else:
        return
    for old, new, reason in changes:
        session.execute(
            update(MatchRow).where(MatchRow.need_id == need_id, MatchRow.status == old)
            .values(status=new, closed_reason=reason, updated_at=utcnow())
        )
