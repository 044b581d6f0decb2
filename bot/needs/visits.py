"""Call-backs (回访) on finished needs, and the rates counted from them.

A call-back asks the resident three things: were you contacted, is it solved, how satisfied (满意, 基本满意,
不满意). "没解决" from the reporter reopens the need (重办); 不满意 goes into the need's history with the
resident's words, so the community sees it. The rates follow the hotline assessment (接诉即办):

- 响应率 = call-backs saying the resident was contacted / call-backs answering that question;
- 解决率 = call-backs saying it is solved / call-backs answering that question;
- 满意率 = (满意 + 0.9 × 基本满意) / call-backs giving a satisfaction;
- composite = 0.1 × 响应率 + 0.5 × 解决率 + 0.4 × 满意率 (weights configurable);

each over the reporter's latest call-back on each need filed in the period (supporters' are counted apart);
and from the needs' own history:
- 按时签收率 = needs taken up (any status past 已受理) by their acknowledge limit / needs whose limit has come
  or that were taken up;
- 按时办结率 = needs finished (已解决 or 已关闭) by their finish limit / needs whose limit has come or that
  were finished;
- 重办率 = needs reopened at least once / needs finished at least once.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass
from datetime import date, datetime, time, timezone

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import aliased

from bot.catalog.db import Catalog
from bot.catalog.errors import CatalogError
from bot.catalog.models import CommunityRow, NeedRow, NeedUpdateRow, TownRow, VisitRow, utcnow
from bot.catalog.numbers import normalize_tracking_id
from bot.catalog.rate_counters import rate_sums
from bot.clock import CHINA
from bot.contact import mask_phones_in_text
from bot.matching import service as matching
from bot.vocab import status as need_status

SATISFACTION = ("满意", "基本满意", "不满意")
# What the call-back's answer slots keep (domain.yml): yes, no, or a question left when the resident moved on.
ANSWERED_YES, ANSWERED_NO, NOT_ANSWERED = "是", "否", "未答"
RESPONDENTS = ("reporter", "supporter")
SOURCES = ("chat", "phone")
WEIGHTS = (0.1, 0.5, 0.4)  # 响应率, 解决率, 满意率 in the composite


@dataclass(frozen=True)
class VisitAnswer:
    contacted: bool | None = None
    solved: bool | None = None
    satisfaction: str | None = None
    words: str = ""

    @property
    def empty(self) -> bool:
        return self.contacted is None and self.solved is None and self.satisfaction is None


@dataclass(frozen=True)
class VisitResult:
    tracking_id: str
    reopened: bool
    status_label: str


def record_visit(catalog: Catalog, tracking_id: str, answer: VisitAnswer, respondent: str = "reporter",
                 source: str = "chat", recorded_by: str = "resident") -> VisitResult:
    """Keep a call-back on a finished need; the reporter's "没解决" reopens it (重办)."""
    if answer.empty:
        raise CatalogError("回访至少要记下一项：是否联系过、是否解决、是否满意")
    if answer.satisfaction is not None and answer.satisfaction not in SATISFACTION:
        raise CatalogError("满意度只能是：" + "、".join(SATISFACTION))
    if respondent not in RESPONDENTS or source not in SOURCES:
        raise CatalogError("回访对象或方式不对")
    with catalog.unit_of_work() as session:
        need = session.execute(select(NeedRow).where(
            NeedRow.tracking_id == normalize_tracking_id(tracking_id))).scalar()
        if need is None:
            raise CatalogError(f"没有编号为 {tracking_id} 的需求")
        if need.status not in need_status.FINISHED_STATUSES:
            raise CatalogError(f"{need.tracking_id} 还{need_status.status_label(need.status)}，办结后再回访")
        session.add(VisitRow(need_id=need.id, respondent=respondent, source=source, contacted=answer.contacted,
                             solved=answer.solved, satisfaction=answer.satisfaction, words=answer.words[:500],
                             recorded_by=recorded_by[:64]))
        reopened = respondent == "reporter" and answer.solved is False
        if reopened:
            need.status, need.updated_at = need_status.REOPENED, utcnow()
            session.add(NeedUpdateRow(need_id=need.id, status=need_status.REOPENED, author=recorded_by[:64],
                                      note="回访：居民说还没解决，重新办理" + (f"（{mask_phones_in_text(answer.words)[:200]}）" if answer.words else "")))
            matching.reexamine(session, need)  # as any reopening: its matches are looked at again
        elif answer.satisfaction == "不满意":
            session.add(NeedUpdateRow(need_id=need.id, status=need.status, author=recorded_by[:64],
                                      note="回访不满意" + (f"：{mask_phones_in_text(answer.words)[:200]}" if answer.words else "")))
        return VisitResult(need.tracking_id, reopened, need_status.status_label(need.status))


@dataclass(frozen=True)
class Rates:
    needs: int  # filed in the period, in the area
    visits: int  # the reporters' valid call-backs counted
    supporter_visits: int
    responded: float | None
    solved: float | None
    satisfied: float | None
    composite: float | None
    on_time_acknowledged: float | None
    on_time_finished: float | None
    reopened: float | None


def rates(catalog: Catalog, community_ids: list[int] | None, start: datetime | None, end: datetime | None,
          now: datetime | None = None, weights: tuple[float, float, float] = WEIGHTS) -> Rates:
    """The rates of needs filed in [start, end) (UTC, no zone; None: unbounded) in these communities (None: all),
    as things stood at `now` (None: as they stand)."""
    with catalog.unit_of_work() as session:
        tallies = _tallies(session, community_ids, start, end, now, catalog.counted)
    return _rates_of(sum(tallies.values(), _Tally()), weights)


@dataclass(frozen=True)
class CommunityRates:
    """One community's rates, for rankings and the export."""

    community: str  # official committee name
    common_name: str  # 新塘村, as people say it
    town: str
    rates: Rates


def rates_by_community(catalog: Catalog, community_ids: list[int] | None, start: datetime | None,
                       end: datetime | None, now: datetime | None = None,
                       weights: tuple[float, float, float] = WEIGHTS) -> list[CommunityRates]:
    """The rates of each community of the area (every one, with or without needs), in the registry's order."""
    with catalog.unit_of_work() as session:
        tallies = _tallies(session, community_ids, start, end, now, catalog.counted)
        query = (select(CommunityRow.id, CommunityRow.name, CommunityRow.common_name, TownRow.name)
                 .join(TownRow, TownRow.id == CommunityRow.town_id).order_by(CommunityRow.code))
        if community_ids is not None:
            query = query.where(CommunityRow.id.in_(community_ids))
        communities = session.execute(query).all()
    return [CommunityRates(name, common, town, _rates_of(tallies.get(cid, _Tally()), weights))
            for cid, name, common, town in communities]


@dataclass(frozen=True)
class _Tally:
    """The counts behind the rates; every rate is a ratio of two, so a town's are its communities' summed."""

    needs: int = 0
    visits: int = 0
    supporter_visits: int = 0
    contacted: int = 0
    contacted_answers: int = 0
    solved: int = 0
    solved_answers: int = 0
    satisfied: int = 0
    basically_satisfied: int = 0
    satisfaction_answers: int = 0
    acknowledged_in_time: int = 0
    acknowledge_due: int = 0
    finished_in_time: int = 0
    finish_due: int = 0
    reopened: int = 0
    ever_finished: int = 0

    def __add__(self, other: _Tally) -> _Tally:
        return _Tally(*(a + b for a, b in zip(astuple(self), astuple(other), strict=True)))


def _rates_of(t: _Tally, weights: tuple[float, float, float]) -> Rates:
    responded = _ratio(t.contacted, t.contacted_answers)
    solved = _ratio(t.solved, t.solved_answers)
    satisfied = _ratio(t.satisfied + 0.9 * t.basically_satisfied, t.satisfaction_answers)
    composite = (None if None in (responded, solved, satisfied)
                 else weights[0] * responded + weights[1] * solved + weights[2] * satisfied)
    return Rates(t.needs, t.visits, t.supporter_visits, responded, solved, satisfied, composite,
                 _ratio(t.acknowledged_in_time, t.acknowledge_due), _ratio(t.finished_in_time, t.finish_due),
                 _ratio(t.reopened, t.ever_finished))


def _ratio(part: float, whole: int) -> float | None:
    return part / whole if whole else None


def _tallies(session, community_ids, start, end, now: datetime | None, counted: bool) -> dict[int, _Tally]:
    """The counts per community: as they stand, from the counters the database keeps (a period of whole
    China-time days); as of a past time, or without counters, from the needs and their history."""
    days = _whole_days(start, end)
    if now is None and counted and days is not None:
        return {cid: _Tally(**counts) for cid, counts in rate_sums(session, community_ids, *days, utcnow()).items()}
    return _counted_from_history(session, community_ids, start, end, now or utcnow())


def _whole_days(start: datetime | None, end: datetime | None) -> tuple[date | None, date | None] | None:
    """The China-time days [first, end) a period covers (None: unbounded), or None when it is cut inside a day."""
    days: list[date | None] = []
    for moment in (start, end):
        local = None if moment is None else moment.replace(tzinfo=timezone.utc).astimezone(CHINA)
        if local is not None and local.time() != time(0):
            return None
        days.append(local and local.date())
    return days[0], days[1]


def _counted_from_history(session, community_ids, start, end, now: datetime) -> dict[int, _Tally]:
    """The counts per community, from two grouped queries: the needs with their history, and the call-backs.
    Nothing per need comes back to Python."""
    rows: dict[int, dict[str, int]] = {}
    for query in (_history_counts(community_ids, start, end, now), _visit_counts(community_ids, start, end)):
        for row in session.execute(query).mappings():
            counts = rows.setdefault(row["community_id"], {})
            counts.update({k: int(v or 0) for k, v in row.items() if k != "community_id"})
    return {cid: _Tally(**counts) for cid, counts in rows.items()}


def _in_area(query, community_ids, start, end):
    if community_ids is not None:
        # With a period, the filing-time index (created_at, community_id) reads the fewest needs; the bare
        # column would lead SQLite, without statistics, to a town's whole history by the community index.
        community = NeedRow.community_id + 0 if start is not None else NeedRow.community_id
        query = query.where(community.in_(community_ids))
    if start is not None:
        query = query.where(NeedRow.created_at >= start)
    if end is not None:
        query = query.where(NeedRow.created_at < end)
    return query


def _community(per_need):
    """Grouped by an expression, not the bare column: SQLite would otherwise walk the whole (community, status)
    index to have the groups in order, rather than read only the period's needs by their filing time."""
    return (per_need.c.community_id + 0).label("community_id")


def _count(condition):
    return func.sum(case((condition, 1), else_=0))


# The needs of the period drive both queries (the index on their filing time or community), each need
# looking up its own few history entries and call-backs by need_id: a month costs a month's needs.
def _first_step(statuses_past, now: datetime):
    """The id of a need's earliest history entry of these statuses, as things stood at `now`."""
    return (select(func.min(NeedUpdateRow.id))
            .where(NeedUpdateRow.need_id == NeedRow.id, statuses_past, NeedUpdateRow.created_at <= now)
            .scalar_subquery())


def _history_counts(community_ids, start, end, now: datetime):
    """Each need's first step past 已受理 and first 办结, and whether it was reopened by `now`; then the
    on-time and reopened counts per community."""
    reopened = (select(NeedUpdateRow.id).where(NeedUpdateRow.need_id == NeedRow.id, NeedUpdateRow.status == need_status.REOPENED,
                                               NeedUpdateRow.created_at <= now).exists())
    steps = _in_area(
        select(NeedRow.community_id, NeedRow.acknowledge_by, NeedRow.finish_by,
               _first_step(NeedUpdateRow.status != need_status.RECEIVED, now).label("taken_id"),
               _first_step(NeedUpdateRow.status.in_(need_status.FINISHED_STATUSES), now).label("done_id"),
               case((reopened, 1), else_=0).label("was_reopened")),
        community_ids, start, end).subquery()
    taken, done = aliased(NeedUpdateRow), aliased(NeedUpdateRow)
    ack_by, finish_by = steps.c.acknowledge_by, steps.c.finish_by
    return (
        select(_community(steps), func.count().label("needs"),
               _count(and_(ack_by.isnot(None), or_(taken.id.isnot(None), ack_by <= now))).label("acknowledge_due"),
               _count(and_(ack_by.isnot(None), taken.created_at <= ack_by)).label("acknowledged_in_time"),
               _count(and_(finish_by.isnot(None), or_(done.id.isnot(None), finish_by <= now))).label("finish_due"),
               _count(and_(finish_by.isnot(None), done.created_at <= finish_by)).label("finished_in_time"),
               _count(done.id.isnot(None)).label("ever_finished"),
               _count(and_(done.id.isnot(None), steps.c.was_reopened == 1)).label("reopened"))
        .select_from(steps)
        .outerjoin(taken, taken.id == steps.c.taken_id)
        .outerjoin(done, done.id == steps.c.done_id)
        .group_by(_community(steps)))


def _visit_counts(community_ids, start, end):
    """Over each need's latest call-back from its reporter (latest by time, then by entry), and the
    supporters' call-backs counted apart."""
    latest = (select(VisitRow.id).where(VisitRow.need_id == NeedRow.id, VisitRow.respondent == "reporter")
              .order_by(VisitRow.created_at.desc(), VisitRow.id.desc()).limit(1).scalar_subquery())
    supporters = (select(func.count(VisitRow.id))
                  .where(VisitRow.need_id == NeedRow.id, VisitRow.respondent == "supporter").scalar_subquery())
    per_need = _in_area(select(NeedRow.community_id, latest.label("visit_id"), supporters.label("supporters")),
                        community_ids, start, end).subquery()
    v = aliased(VisitRow)
    return (select(_community(per_need), func.count(v.id).label("visits"),
                   func.sum(per_need.c.supporters).label("supporter_visits"),
                   _count(v.contacted.is_(True)).label("contacted"), func.count(v.contacted).label("contacted_answers"),
                   _count(v.solved.is_(True)).label("solved"), func.count(v.solved).label("solved_answers"),
                   _count(v.satisfaction == "满意").label("satisfied"),
                   _count(v.satisfaction == "基本满意").label("basically_satisfied"),
                   _count(v.satisfaction.in_(SATISFACTION)).label("satisfaction_answers"))
            .select_from(per_need).outerjoin(v, v.id == per_need.c.visit_id)
            .group_by(_community(per_need)))
