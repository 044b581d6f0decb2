"""What a volunteer has not heard yet: needs matched to their offers since they were last told.

A volunteer is told of matches when they list an offer; one who comes back later hears of the needs matched
since, with evidence or by a cadre (weak suggestions are the cadres' to judge), while the need is still open.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from bot.catalog.db import Catalog
from bot.catalog.models import MatchRow, NeedRow, ResourceRow, VolunteerNewsRow, utcnow
from bot.matching import service as matching
from bot.needs import status as st
from bot.resources.service import HelpableNeed, mark_told

MAX_NEWS = 20


def news_for(catalog: Catalog, sender_id: str) -> list[tuple[str, HelpableNeed]]:
    """(offer number, need) pairs matched since this volunteer was last told, newest first; they are told now."""
    now = utcnow()
    try:
        with catalog.unit_of_work() as session:
            told = session.get(VolunteerNewsRow, sender_id)
            if told is None:
                return []  # never listed an offer here: nothing to tell
            rows = session.execute(
                select(ResourceRow.tracking_id, NeedRow, MatchRow.reason)
                .join(MatchRow, MatchRow.resource_id == ResourceRow.id)
                .join(NeedRow, NeedRow.id == MatchRow.need_id)
                .options(joinedload(NeedRow.community))
                .where(ResourceRow.sender_id == sender_id, ResourceRow.status == "active",
                       matching.counts_for_tier(), MatchRow.updated_at > told.told_until,
                       NeedRow.status.in_(st.OPEN_STATUSES))
                .order_by(MatchRow.updated_at.desc(), MatchRow.id.desc())
                .limit(MAX_NEWS)
            ).all()
            mark_told(session, sender_id, now)
            return [(offer, HelpableNeed(need.tracking_id, need.community.common_name, need.category, reason))
                    for offer, need, reason in rows]
    except IntegrityError:  # two messages of one volunteer at once: the other one told them
        return []
