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

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from bot.catalog.db import Catalog
from bot.catalog.models import NeedRow, NeedUpdateRow, VisitRow, utcnow
from bot.contact import mask_phones_in_text
from bot.matching import service as matching
from bot.needs import status as st
from bot.needs.service import CatalogError, normalize_tracking_id

SATISFACTION = ("满意", "基本满意", "不满意")
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
        if need.status not in st.FINISHED_STATUSES:
            raise CatalogError(f"{need.tracking_id} 还{st.status_label(need.status)}，办结后再回访")
        session.add(VisitRow(need_id=need.id, respondent=respondent, source=source, contacted=answer.contacted,
                             solved=answer.solved, satisfaction=answer.satisfaction, words=answer.words[:500],
                             recorded_by=recorded_by[:64]))
        reopened = respondent == "reporter" and answer.solved is False
        if reopened:
            need.status, need.updated_at = st.REOPENED, utcnow()
            session.add(NeedUpdateRow(need_id=need.id, status=st.REOPENED, author=recorded_by[:64],
                                      note="回访：居民说还没解决，重新办理" + (f"（{mask_phones_in_text(answer.words)[:200]}）" if answer.words else "")))
            matching.reexamine(session, need)  # as any reopening: its matches are looked at again
        elif answer.satisfaction == "不满意":
            session.add(NeedUpdateRow(need_id=need.id, status=need.status, author=recorded_by[:64],
                                      note="回访不满意" + (f"：{mask_phones_in_text(answer.words)[:200]}" if answer.words else "")))
        return VisitResult(need.tracking_id, reopened, st.status_label(need.status))


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
          now: datetime, weights: tuple[float, float, float] = WEIGHTS) -> Rates:
    """The rates of needs filed in [start, end) (UTC, no zone; None: unbounded) in these communities (None: all)."""
    with catalog.unit_of_work() as session:
        needs = _needs(session, community_ids, start, end)
        ids = [n.id for n in needs]
        latest = _latest_reporter_visits(session, ids)
        supporters = _count_supporter_visits(session, ids)
        history = _history(session, ids)
    responded = _share([v.contacted for v in latest if v.contacted is not None])
    solved = _share([v.solved for v in latest if v.solved is not None])
    scores = [{"满意": 1.0, "基本满意": 0.9, "不满意": 0.0}[v.satisfaction] for v in latest if v.satisfaction]
    satisfied = sum(scores) / len(scores) if scores else None
    composite = (None if None in (responded, solved, satisfied)
                 else weights[0] * responded + weights[1] * solved + weights[2] * satisfied)
    return Rates(len(needs), len(latest), supporters, responded, solved, satisfied, composite,
                 *_on_time(needs, history, now))


def _needs(session, community_ids, start, end) -> list:
    query = select(NeedRow.id, NeedRow.acknowledge_by, NeedRow.finish_by)
    if community_ids is not None:
        query = query.where(NeedRow.community_id.in_(community_ids))
    if start is not None:
        query = query.where(NeedRow.created_at >= start)
    if end is not None:
        query = query.where(NeedRow.created_at < end)
    return session.execute(query).all()


def _latest_reporter_visits(session, ids: list[int]) -> list:
    latest: dict[int, VisitRow] = {}
    for chunk in _chunks(ids):
        for visit in session.execute(select(VisitRow).where(VisitRow.need_id.in_(chunk),
                                                            VisitRow.respondent == "reporter")
                                     .order_by(VisitRow.created_at, VisitRow.id)).scalars():
            latest[visit.need_id] = visit
    return list(latest.values())


def _count_supporter_visits(session, ids: list[int]) -> int:
    return sum(len(session.execute(select(VisitRow.id).where(VisitRow.need_id.in_(chunk),
                                                             VisitRow.respondent == "supporter")).all())
               for chunk in _chunks(ids))


def _history(session, ids: list[int]) -> dict[int, list[tuple[str, datetime]]]:
    steps: dict[int, list[tuple[str, datetime]]] = {}
    for chunk in _chunks(ids):
        for need_id, status, at in session.execute(
                select(NeedUpdateRow.need_id, NeedUpdateRow.status, NeedUpdateRow.created_at)
                .where(NeedUpdateRow.need_id.in_(chunk)).order_by(NeedUpdateRow.id)).all():
            steps.setdefault(need_id, []).append((status, at))
    return steps


def _on_time(needs, history, now: datetime) -> tuple[float | None, float | None, float | None]:
    acknowledged, finished, reopened, ever_finished = [], [], 0, 0
    for need in needs:
        steps = [(status, at) for status, at in history.get(need.id, []) if at <= now]  # as things stood then
        taken = next((at for status, at in steps if status != st.RECEIVED), None)
        done = next((at for status, at in steps if status in st.FINISHED_STATUSES), None)
        if need.acknowledge_by is not None and (taken is not None or need.acknowledge_by <= now):
            acknowledged.append(taken is not None and taken <= need.acknowledge_by)
        if need.finish_by is not None and (done is not None or need.finish_by <= now):
            finished.append(done is not None and done <= need.finish_by)
        if done is not None:
            ever_finished += 1
            reopened += any(status == st.REOPENED for status, _ in steps)
    return _share(acknowledged), _share(finished), (reopened / ever_finished if ever_finished else None)


def _share(answers: list[bool]) -> float | None:
    return sum(answers) / len(answers) if answers else None


def _chunks(ids: list[int], size: int = 500):
    for i in range(0, len(ids), size):
        yield ids[i:i + size]
