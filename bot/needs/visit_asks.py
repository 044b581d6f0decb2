"""Asking residents for a call-back (回访) in chat: which finished need to ask whom about, and how often.

A resident is asked about a need finished lately the next time they write: their own reports first, then
ones they supported (附议, counted apart). Nobody is asked more than MAX_ASKS times, a day apart, and never
again once they answered, said not to ask, or a cadre recorded a call-back by phone. A need finished again
after a reopening is asked about afresh.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from bot.catalog.db import Catalog
from bot.catalog.models import NeedRow, SupportRow, VisitAskRow, VisitRow, utcnow
from bot.catalog.numbers import normalize_tracking_id
from bot.vocab import status as need_status

MAX_ASKS = 2
ASK_AGAIN_AFTER = timedelta(hours=20)
ASK_WITHIN = timedelta(days=60)


@dataclass(frozen=True)
class DueVisit:
    """A finished need a resident may be asked about: theirs (reporter) or one they supported (supporter)."""

    tracking_id: str
    respondent: str
    description: str  # for the reporter's own eyes only
    community_name: str  # as people say it (南园社区)
    category: str
    status: str
    filed_on: datetime  # UTC


def call_back_due(catalog: Catalog, sender_id: str, now: datetime | None = None,
                  tracking_id: str | None = None) -> DueVisit | None:
    """The need to ask this resident about now (only this one when a number is given), or None: finished
    lately, not answered by them, asked fewer than MAX_ASKS times and not within the last ASK_AGAIN_AFTER;
    their own reports before ones they supported."""
    now = now or utcnow()
    with catalog.unit_of_work() as session:
        for respondent, query in (("reporter", select(NeedRow).where(NeedRow.sender_id == sender_id)),
                                  ("supporter", select(NeedRow).join(SupportRow, SupportRow.need_id == NeedRow.id)
                                   .where(SupportRow.sender_id == sender_id))):
            if tracking_id is not None:
                query = query.where(NeedRow.tracking_id == normalize_tracking_id(tracking_id))
            needs = session.execute(query.where(NeedRow.status.in_(need_status.FINISHED_STATUSES),
                                                NeedRow.updated_at >= now - ASK_WITHIN)
                                    .order_by(NeedRow.updated_at.desc())).scalars().all()
            for need in needs:
                if _may_ask(session, need, sender_id, respondent, now):
                    return DueVisit(need.tracking_id, respondent, need.description,
                                    need.community.common_name or need.community.name, need.category,
                                    need.status, need.created_at)
    return None


def note_asked(catalog: Catalog, tracking_id: str, sender_id: str, respondent: str, declined: bool = False) -> None:
    """Keep that the resident was asked (or said not to ask again), so nobody is asked without end."""
    _note(catalog, tracking_id, sender_id, respondent, answered=False, declined=declined)


def note_answered(catalog: Catalog, tracking_id: str, sender_id: str, respondent: str) -> None:
    _note(catalog, tracking_id, sender_id, respondent, answered=True)


def _note(catalog: Catalog, tracking_id: str, sender_id: str, respondent: str, answered: bool,
          declined: bool = False) -> None:
    with catalog.unit_of_work() as session:
        need = session.execute(select(NeedRow).where(
            NeedRow.tracking_id == normalize_tracking_id(tracking_id))).scalar()
        if need is not None:
            _mark_ask(session, need, sender_id, respondent, answered, declined)


def _ask_of(session, need_id: int, sender_id: str) -> VisitAskRow | None:
    return session.execute(select(VisitAskRow).where(VisitAskRow.need_id == need_id,
                                                     VisitAskRow.sender_id == sender_id)).scalar()


def _may_ask(session, need: NeedRow, sender_id: str, respondent: str, now: datetime) -> bool:
    ask = _ask_of(session, need.id, sender_id)
    if ask is not None and ask.asked_at is not None and ask.asked_at >= need.updated_at:  # asked since it was finished
        if ask.answered_at is not None or ask.times >= MAX_ASKS or ask.asked_at > now - ASK_AGAIN_AFTER:
            return False
    answered = session.execute(select(VisitRow.id).where(
        VisitRow.need_id == need.id, VisitRow.respondent == respondent,
        VisitRow.created_at >= need.updated_at)).first()  # e.g. a call-back by phone since it was finished
    return answered is None


def _mark_ask(session, need: NeedRow, sender_id: str, respondent: str, answered: bool, declined: bool) -> None:
    ask = _ask_of(session, need.id, sender_id)
    if ask is None:
        ask = VisitAskRow(need_id=need.id, sender_id=sender_id[:128], respondent=respondent, times=0)
        session.add(ask)
    now = utcnow()
    if answered:
        ask.answered_at = now
    else:
        finished_again = ask.asked_at is not None and ask.asked_at < need.updated_at
        ask.times = MAX_ASKS if declined else (0 if finished_again else ask.times or 0) + 1
        ask.asked_at, ask.answered_at = now, None
