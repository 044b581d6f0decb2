"""试点特色案例: a resolved need a cadre holds up as an example of the pilots' work.

A cadre marks a need that is 已解决 with a title and a short account; the cases are listed per town,
shown on the dashboard and included in the mid-term evaluation report. Callers check the cadre's scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.catalog.db import Catalog
from bot.catalog.errors import CatalogError
from bot.catalog.models import CaseRow, CommunityRow, NeedRow, TownRow
from bot.catalog.numbers import normalize_tracking_id
from bot.clock import CHINA, china_today
from bot.contact import mask_phones_in_text
from bot.registry.service import registry_states
from bot.vocab import status as need_status

TITLE_CHARS = (2, 40)
ACCOUNT_CHARS = 1000


@dataclass(frozen=True)
class Case:
    id: int
    tracking_id: str
    title: str
    account: str  # phones masked
    community: str  # common name (南园社区)
    town: str
    community_type: str  # the registry's type today, "" when not classified
    category: str  # the need's dimension
    created_on: str  # China date the case was marked
    author: str


def add_case(catalog: Catalog, tracking_id: str, title: str, account: str, author: str) -> Case:
    """Mark a resolved need as a case; a CatalogError (in Chinese) says why it cannot be."""
    title, account = " ".join((title or "").split()), (account or "").strip()
    low, high = TITLE_CHARS
    if not low <= len(title) <= high:
        raise CatalogError(f"案例标题要{low}到{high}个字")
    if not account:
        raise CatalogError("请写一段简要介绍：做了什么、效果怎样")
    if len(account) > ACCOUNT_CHARS:
        raise CatalogError(f"简要介绍最多{ACCOUNT_CHARS}个字")
    number = normalize_tracking_id(tracking_id)
    try:
        with catalog.unit_of_work() as session:
            need = session.execute(select(NeedRow).where(NeedRow.tracking_id == number)).scalar() if number else None
            if need is None:
                raise CatalogError(f"没有编号为 {(tracking_id or '')[:16]} 的需求")
            if need.status != need_status.DONE:
                raise CatalogError(f"{need.tracking_id} 现在是“{need_status.status_label(need.status)}”，"
                                   "已解决的需求才能作为试点特色案例")
            if session.execute(select(CaseRow.id).where(CaseRow.need_id == need.id)).first():
                raise CatalogError(f"{need.tracking_id} 已经是试点特色案例了")
            row = CaseRow(need_id=need.id, title=title, account=account, author=author[:64])
            session.add(row)
            session.flush()
            case_id = row.id
    except IntegrityError:  # marked at the same moment by someone else
        raise CatalogError(f"{number} 已经是试点特色案例了") from None
    return next(c for c in list_cases(catalog, None) if c.id == case_id)


def list_cases(catalog: Catalog, community_ids: list[int] | None, until: datetime | None = None,
               types_on: date | None = None) -> list[Case]:
    """The cases of these communities (None: the whole city), oldest first; only those marked before `until`
    (UTC, no zone) when given. The community type is the registry's on `types_on` (default today)."""
    query = (select(CaseRow, NeedRow.tracking_id, NeedRow.category, NeedRow.community_id,
                    CommunityRow.common_name, TownRow.name)
             .join(NeedRow, NeedRow.id == CaseRow.need_id)
             .join(CommunityRow, CommunityRow.id == NeedRow.community_id)
             .join(TownRow, TownRow.id == CommunityRow.town_id)
             .order_by(CaseRow.created_at, CaseRow.id))
    if community_ids is not None:
        query = query.where(NeedRow.community_id.in_(community_ids))
    if until is not None:
        query = query.where(CaseRow.created_at < until)
    with catalog.unit_of_work() as session:
        rows = session.execute(query).all()
        types = {s.community_id: s.community_type or "" for s in registry_states(session, types_on or china_today())} \
            if rows else {}
    return [Case(row.id, tracking, row.title, mask_phones_in_text(row.account), community, town,
                 types.get(community_id, ""), category, _china_date(row.created_at), row.author)
            for row, tracking, category, community_id, community, town in rows]


def _china_date(moment: datetime) -> str:
    return moment.replace(tzinfo=timezone.utc).astimezone(CHINA).date().isoformat()
