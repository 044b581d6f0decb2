"""What a volunteer has not heard yet: needs matched to their offers since they were last told.

A volunteer is told of matches when they list an offer; one who comes back later hears of the needs matched
since, with evidence or by a cadre (weak suggestions are the cadres' to judge), while the need is still open.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from bot.catalog.db import Catalog
from bot.catalog.models import MatchRow, NeedRow, ResourceRow, VolunteerNewsRow, utcnow
from bot.matching import service as matching
from bot.resources.service import HelpableNeed
from bot.vocab import status as need_status

MAX_NEWS = 20
SHOWN = 3


def news_for(catalog: Catalog, sender_id: str) -> list[tuple[str, HelpableNeed]]:
    """(offer number, need) pairs matched since this volunteer was last told, newest first; they are told now."""
    now = utcnow()
    with catalog.unit_of_work() as session:
        told = session.get(VolunteerNewsRow, sender_id)
        if told is None:
            return []  # never listed an offer here: nothing to tell
        rows = session.execute(
            _matched_since(select(ResourceRow.tracking_id, NeedRow, MatchRow.reason), told.told_until)
            .options(joinedload(NeedRow.community))
            .where(ResourceRow.sender_id == sender_id)
            .order_by(MatchRow.updated_at.desc(), MatchRow.id.desc())
            .limit(MAX_NEWS)
        ).all()
        # Told only if nobody told them meanwhile (a greeting, another gateway's push): never twice.
        taken = session.execute(update(VolunteerNewsRow)
                                .where(VolunteerNewsRow.sender_id == sender_id,
                                       VolunteerNewsRow.told_until == told.told_until)
                                .values(told_until=now).execution_options(synchronize_session=False))
        if taken.rowcount != 1:
            return []
        return [(offer, HelpableNeed(need.tracking_id, need.community.common_name, need.category, reason))
                for offer, need, reason in rows]


def senders_with_news(catalog: Catalog, senders: list[str]) -> list[str]:
    """Which of these senders have needs matched since they were last told (one query for many followers)."""
    if not senders:
        return []
    with catalog.unit_of_work() as session:
        query = (select(ResourceRow.sender_id).distinct()
                 .join(VolunteerNewsRow, VolunteerNewsRow.sender_id == ResourceRow.sender_id))
        return list(session.execute(
            _matched_since(query, VolunteerNewsRow.told_until).where(ResourceRow.sender_id.in_(senders))
        ).scalars())


def _matched_since(query, told_until):
    """The query over a volunteer's active offers and the open needs matched to them (with evidence, or taken
    up by a cadre) since told_until: what news is."""
    return (query.join(MatchRow, MatchRow.resource_id == ResourceRow.id)
            .join(NeedRow, NeedRow.id == MatchRow.need_id)
            .where(ResourceRow.status == "active", matching.counts_for_tier(), MatchRow.updated_at > told_until,
                   NeedRow.status.in_(need_status.OPEN_STATUSES)))


def news_text(news: list[tuple[str, HelpableNeed]], opening: str = "另外告诉您：") -> str:
    """The news as the volunteer reads it: what matched and why, never the resident's words or who they are."""
    offers = list(dict.fromkeys(offer for offer, _ in news))
    lines = [f"{opening}您登记的帮助（{'、'.join(offers)}）又对上了 {len(news)} 件需求："]
    lines += [need_line(n) for _, n in news[:SHOWN]]
    if len(news) > SHOWN:
        lines.append(f"还有 {len(news) - SHOWN} 件，发“{offers[0]}”可以查看全部。")
    lines.append("社区工作人员确认后会和您联系，不用回复。")
    return "\n".join(lines)


def need_line(need: HelpableNeed) -> str:
    """One matched need: number, place, dimension and the job in common. Bullets, not numbers: on WeChat a
    numbered line reads as a choice to reply with."""
    return f"· {need.tracking_id}（{need.community_name}，{need.category}）{plain_reason(need.reason)}"


def plain_reason(reason: str) -> str:
    """What a volunteer can read in a match's reason: the job in common, not the matcher's notation, and not
    the words shared with the resident's text (a volunteer is not a cadre: "透析" would say what ails them)."""
    parts = dict(part.split("：", 1) for part in reason.split("；") if "：" in part)
    return f"：需要{parts['能力相符']}" if parts.get("能力相符") else ""
