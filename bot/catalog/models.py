"""Database models of the catalogs (SQLAlchemy 1.4 declarative)."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Boolean, Column, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import declarative_base, relationship

from bot.vocab.match_status import PROPOSED
from bot.vocab.status import OPEN_SQL, RECEIVED

Base = declarative_base()


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class TownRow(Base):
    __tablename__ = "towns"

    id = Column(Integer, primary_key=True)
    code = Column(String(12), unique=True, nullable=False)
    name = Column(String(32), unique=True, nullable=False)

    communities = relationship("CommunityRow", back_populates="town")


class CommunityRow(Base):
    __tablename__ = "communities"

    id = Column(Integer, primary_key=True)
    code = Column(String(12), unique=True, nullable=False)
    name = Column(String(64), unique=True, nullable=False)  # official committee name
    common_name = Column(String(64), nullable=False)
    kind = Column(String(8), nullable=False)  # 村 or 社区
    town_id = Column(Integer, ForeignKey("towns.id"), nullable=False, index=True)

    town = relationship("TownRow", back_populates="communities")

    def place_names(self) -> tuple[str, ...]:
        """How a text may name this place (新塘村, 新塘, 浏河镇, 浏河), for keyword extraction."""
        stem = self.common_name[: -len(self.kind)]
        town = self.town.name if self.town else ""
        return tuple(n for n in (self.name, self.common_name, stem, town, town.rstrip("镇")) if n)


class WebSessionRow(Base):
    """A cadre's login on the web dashboard, kept in the catalog so that it outlives a gateway
    restart and is shared by several gateways. Only the token's SHA-256 is stored."""

    __tablename__ = "web_sessions"

    token_hash = Column(String(64), primary_key=True)
    cadre_id = Column(String(16), nullable=False)
    expires_at = Column(DateTime, nullable=False, index=True)


class NumberSeriesRow(Base):
    """The next tracking number of a kind (need: XQ, resource: ZY).

    Numbers are handed out before their record exists (in blocks to each action server's outbox),
    so a resident keeps the same number when the catalog was unreachable at submission.
    """

    __tablename__ = "number_series"

    name = Column(String(16), primary_key=True)
    next_value = Column(Integer, nullable=False)


class NeedRow(Base):
    """An entry of the needs catalog (治理需求目录)."""

    __tablename__ = "needs"

    id = Column(Integer, primary_key=True)
    tracking_id = Column(String(16), unique=True, nullable=True)
    idempotency_key = Column(String(64), unique=True, nullable=False)
    community_id = Column(Integer, ForeignKey("communities.id"), nullable=False)
    description = Column(Text, nullable=False)
    category = Column(String(16), nullable=False)
    urgency = Column(String(4), nullable=False)
    keywords = Column(Text, nullable=False, default="")
    phone = Column(String(20), nullable=True)
    sender_id = Column(String(128), nullable=False)
    channel = Column(String(32), nullable=False, default="rest")
    status = Column(String(16), nullable=False, default=RECEIVED)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    updated_at = Column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)
    # Due times (bot/needs/deadlines.py), worked out when the need is filed and kept with it.
    acknowledge_by = Column(DateTime, nullable=True)
    contact_by = Column(DateTime, nullable=True)
    finish_by = Column(DateTime, nullable=True)
    # 督办: a town or city cadre pressed for it; it then heads its community's list while open.
    supervised_at = Column(DateTime, nullable=True)
    supervisions = Column(Integer, nullable=False, default=0, server_default="0")

    community = relationship("CommunityRow")
    updates = relationship("NeedUpdateRow", back_populates="need", order_by="NeedUpdateRow.id")

    __table_args__ = (
        Index("ix_needs_sender_created", "sender_id", "created_at"),
        Index("ix_needs_community_status", "community_id", "status"),
        Index("ix_needs_status_category", "status", "category"),
        # New needs in a period, per place and category, read from the index alone.
        Index("ix_needs_created_community", "created_at", "community_id", "category"),
        # Open needs of one community, oldest first (the "waiting longest" question).
        # Open needs by the day they must be finished (the overdue questions).
        Index("ix_needs_status_finish_by", "status", "finish_by"),
        Index("ix_needs_open_by_community", "community_id", "id",
              sqlite_where=text(f"status IN {OPEN_SQL}"), postgresql_where=text(f"status IN {OPEN_SQL}")),
    )


class NeedUpdateRow(Base):
    """One step in a need's history: a status change or a note from a cadre."""

    __tablename__ = "need_updates"

    id = Column(Integer, primary_key=True)
    need_id = Column(Integer, ForeignKey("needs.id"), nullable=False, index=True)
    status = Column(String(16), nullable=False)
    note = Column(Text, nullable=False, default="")
    author = Column(String(64), nullable=False, default="system")
    created_at = Column(DateTime, nullable=False, default=utcnow)

    need = relationship("NeedRow", back_populates="updates")


class CallbackRow(Base):
    """A resident's request to be called back by a community worker (human hand-off)."""

    __tablename__ = "callbacks"

    id = Column(Integer, primary_key=True)
    idempotency_key = Column(String(64), unique=True, nullable=False)
    sender_id = Column(String(128), nullable=False, index=True)
    community_id = Column(Integer, ForeignKey("communities.id"), nullable=True)
    phone = Column(String(20), nullable=False)
    reason = Column(Text, nullable=False, default="")
    status = Column(String(16), nullable=False, default="waiting")
    created_at = Column(DateTime, nullable=False, default=utcnow)
    contact_by = Column(DateTime, nullable=False)

    community = relationship("CommunityRow")


class ResourceRow(Base):
    """An entry of the resource list (治理资源清单)."""

    __tablename__ = "resources"

    id = Column(Integer, primary_key=True)
    tracking_id = Column(String(16), unique=True, nullable=True)
    idempotency_key = Column(String(64), unique=True, nullable=False)
    provider_type = Column(String(16), nullable=False)
    provider_name = Column(String(64), nullable=False)
    description = Column(Text, nullable=False)
    resource_type = Column(String(8), nullable=False)
    scope = Column(String(16), nullable=False)  # community, town or city
    community_id = Column(Integer, ForeignKey("communities.id"), nullable=True, index=True)
    town_id = Column(Integer, ForeignKey("towns.id"), nullable=True, index=True)
    available_time = Column(String(128), nullable=False, default="")
    phone = Column(String(20), nullable=False)
    sender_id = Column(String(128), nullable=False)
    keywords = Column(Text, nullable=False, default="")
    status = Column(String(16), nullable=False, default="active")  # active or withdrawn
    created_at = Column(DateTime, nullable=False, default=utcnow)

    community = relationship("CommunityRow")
    town = relationship("TownRow")

    __table_args__ = (Index("ix_resources_scope_status", "scope", "status", "resource_type"),)


class VolunteerNewsRow(Base):
    """Until when a volunteer has been told of the needs matched to their offers (told on filing, then on return)."""

    __tablename__ = "volunteer_news"

    sender_id = Column(String(128), primary_key=True)
    told_until = Column(DateTime, nullable=False)


class ProjectRow(Base):
    """An entry of the project catalog (治理项目目录): one per need.

    Its tier is derived from the matches (priority on a strong proposal or a match a cadre took up); its progress
    is the need's status, read from the need, so the two can never disagree.
    """

    __tablename__ = "projects"

    id = Column(Integer, primary_key=True)
    need_id = Column(Integer, ForeignKey("needs.id"), unique=True, nullable=False)
    tier = Column(String(16), nullable=False, default="pending")  # priority or pending
    supporters = Column(Integer, nullable=False, default=0)
    updated_at = Column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    need = relationship("NeedRow", backref="project", uselist=False)

    __table_args__ = (
        Index("ix_projects_tier", "tier", "supporters"),
        Index("ix_projects_tier_need", "tier", "need_id"),
    )


class MatchRow(Base):
    """A resource proposed for a need, with why; a cadre moves it along its life."""

    __tablename__ = "matches"

    id = Column(Integer, primary_key=True)
    need_id = Column(Integer, ForeignKey("needs.id"), nullable=False)
    resource_id = Column(Integer, ForeignKey("resources.id"), nullable=False, index=True)
    status = Column(String(16), nullable=False, default=PROPOSED)
    score = Column(Integer, nullable=False, default=0)
    # strong: the resource offers a capability the need requires; weak: place and type only (可能相关)
    strength = Column(String(8), nullable=False, default="weak", server_default="weak")
    reason = Column(Text, nullable=False, default="")
    closed_reason = Column(Text, nullable=False, default="")
    created_at = Column(DateTime, nullable=False, default=utcnow)
    updated_at = Column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    need = relationship("NeedRow")
    resource = relationship("ResourceRow")

    __table_args__ = (
        UniqueConstraint("need_id", "resource_id", name="uq_match_need_resource"),
        Index("ix_matches_need_status", "need_id", "status"),
    )


class VisitRow(Base):
    """A call-back (回访) on a finished need: was the resident contacted, is it solved, how satisfied.

    Asked in chat or made by phone and recorded by a cadre; the reporter's latest answer to each need is the
    one the rates count, supporters' (附议) answers are kept and counted apart.
    """

    __tablename__ = "visits"

    id = Column(Integer, primary_key=True)
    need_id = Column(Integer, ForeignKey("needs.id"), nullable=False)
    respondent = Column(String(16), nullable=False, default="reporter")  # reporter or supporter
    source = Column(String(16), nullable=False, default="chat")  # chat or phone
    contacted = Column(Boolean, nullable=True)  # None: not answered
    solved = Column(Boolean, nullable=True)
    satisfaction = Column(String(8), nullable=True)  # 满意, 基本满意 or 不满意
    words = Column(Text, nullable=False, default="")  # the resident's own words, for the community's list
    recorded_by = Column(String(64), nullable=False, default="resident")
    created_at = Column(DateTime, nullable=False, default=utcnow)

    __table_args__ = (Index("ix_visits_need_created", "need_id", "created_at"),)


class VisitAskRow(Base):
    """A call-back asked in chat (or on WeChat), so a resident is asked at most twice, a day apart, and an
    answer is taken for the need it was asked about."""

    __tablename__ = "visit_asks"

    id = Column(Integer, primary_key=True)
    need_id = Column(Integer, ForeignKey("needs.id"), nullable=False)
    sender_id = Column(String(128), nullable=False)
    respondent = Column(String(16), nullable=False, default="reporter")  # reporter or supporter
    times = Column(Integer, nullable=False, default=0)
    asked_at = Column(DateTime, nullable=True)
    answered_at = Column(DateTime, nullable=True)

    __table_args__ = (UniqueConstraint("need_id", "sender_id", name="uq_visit_ask_need_sender"),
                      Index("ix_visit_asks_sender", "sender_id"))


class SupportRow(Base):
    """A resident's "me too" (附议) on an open need instead of filing it again."""

    __tablename__ = "supports"

    id = Column(Integer, primary_key=True)
    need_id = Column(Integer, ForeignKey("needs.id"), nullable=False)
    sender_id = Column(String(128), nullable=False)
    # The web client's address as a keyed hash that changes daily (never the address): a support counts
    # once per address, need and day, since a script gets a new sender id with every request.
    client_key = Column(String(64), nullable=True)
    created_at = Column(DateTime, nullable=False, default=utcnow)

    __table_args__ = (UniqueConstraint("need_id", "sender_id", name="uq_support_need_sender"),
                      UniqueConstraint("need_id", "client_key", name="uq_support_need_client"))


class NeedKeywordRow(Base):
    """Inverted index of need keywords, so a new resource finds its needs without a scan."""

    __tablename__ = "need_keywords"

    need_id = Column(Integer, ForeignKey("needs.id"), primary_key=True)
    keyword = Column(String(32), primary_key=True)

    __table_args__ = (Index("ix_need_keywords_keyword", "keyword", "need_id"),)


class ResourceKeywordRow(Base):
    __tablename__ = "resource_keywords"

    resource_id = Column(Integer, ForeignKey("resources.id"), primary_key=True)
    keyword = Column(String(32), primary_key=True)

    __table_args__ = (Index("ix_resource_keywords_keyword", "keyword", "resource_id"),)


class RegistryChangeRow(Base):
    """One recorded fact about a community's type and pilot status, from a date on.

    Never updated in place: a correction (a re-import) marks the community's earlier facts
    superseded and records new ones, so who changed what and when stays readable, and the
    state "as of" any date is the latest effective fact that is not superseded.
    """

    __tablename__ = "registry_changes"

    id = Column(Integer, primary_key=True)
    community_id = Column(Integer, ForeignKey("communities.id"), nullable=False)
    effective_on = Column(Date, nullable=False)
    community_type = Column(String(16), nullable=True)  # None: not (or no longer) classified
    is_pilot = Column(Boolean, nullable=False, default=False)
    author = Column(String(64), nullable=False)
    source = Column(String(128), nullable=False)
    note = Column(Text, nullable=False, default="")
    recorded_at = Column(DateTime, nullable=False, default=utcnow)
    superseded_at = Column(DateTime, nullable=True)

    community = relationship("CommunityRow")

    __table_args__ = (Index("ix_registry_community", "community_id", "superseded_at", "effective_on"),)


class AccessRefusalRow(Base):
    """A request refused because the asker may not see or change it (kept for audit)."""

    __tablename__ = "access_refusals"

    id = Column(Integer, primary_key=True)
    channel = Column(String(32), nullable=False)
    sender_id = Column(String(128), nullable=False)
    cadre_id = Column(String(32), nullable=True)
    action = Column(String(32), nullable=False)  # what was asked: view_list, change_registry ...
    target = Column(String(64), nullable=False, default="")  # the place asked about
    reason = Column(String(64), nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow, index=True)


class NeedCountRow(Base):
    """How many needs share a community, category, status and project tier.

    Kept by database triggers (bot/catalog/counters.py) in the same transaction as every write,
    so a city-wide figure over a million needs reads a few thousand rows instead of scanning.
    """

    __tablename__ = "need_counts"

    community_id = Column(Integer, primary_key=True, autoincrement=False)
    category = Column(String(16), primary_key=True)
    status = Column(String(16), primary_key=True)
    tier = Column(String(16), primary_key=True)  # "" until the need's project exists
    n = Column(Integer, nullable=False, default=0)


class ResourceCountRow(Base):
    """How many resources share a scope, place and status (kept like NeedCountRow)."""

    __tablename__ = "resource_counts"

    scope = Column(String(16), primary_key=True)
    community_id = Column(Integer, primary_key=True, autoincrement=False)  # 0 when none
    town_id = Column(Integer, primary_key=True, autoincrement=False)  # 0 when none
    status = Column(String(16), primary_key=True)
    n = Column(Integer, nullable=False, default=0)


class NeedMonthCountRow(Base):
    """How many needs each community filed per China-time month and category (kept by triggers),
    so "new needs this year" adds up months instead of reading every need of the year."""

    __tablename__ = "need_month_counts"

    community_id = Column(Integer, primary_key=True, autoincrement=False)
    month = Column(String(7), primary_key=True)  # 2026-10, China time
    category = Column(String(16), primary_key=True)
    n = Column(Integer, nullable=False, default=0)


class RateCounts:
    """The counts the rates are ratios of (bot/catalog/rate_counters.COUNTED), on a need or summed."""

    visits = Column(Integer, nullable=False, default=0)
    supporter_visits = Column(Integer, nullable=False, default=0)
    contacted = Column(Integer, nullable=False, default=0)
    contacted_answers = Column(Integer, nullable=False, default=0)
    solved = Column(Integer, nullable=False, default=0)
    solved_answers = Column(Integer, nullable=False, default=0)
    satisfied = Column(Integer, nullable=False, default=0)
    basically_satisfied = Column(Integer, nullable=False, default=0)
    satisfaction_answers = Column(Integer, nullable=False, default=0)
    acknowledge_settled = Column(Integer, nullable=False, default=0)
    acknowledged_in_time = Column(Integer, nullable=False, default=0)
    finish_settled = Column(Integer, nullable=False, default=0)
    finished_in_time = Column(Integer, nullable=False, default=0)
    reopened = Column(Integer, nullable=False, default=0)
    ever_finished = Column(Integer, nullable=False, default=0)
    acknowledge_unmet = Column(Integer, nullable=False, default=0)  # a limit not met yet, passed or still to come
    finish_unmet = Column(Integer, nullable=False, default=0)


class NeedRateFactRow(RateCounts, Base):
    """One need's part in the rates (each count 0 or 1, or its supporters' call-backs), kept by triggers
    from the need, its history and its call-backs (bot/catalog/rate_counters.py)."""

    __tablename__ = "need_rate_facts"

    need_id = Column(Integer, primary_key=True, autoincrement=False)
    community_id = Column(Integer, nullable=False)
    day = Column(String(10), nullable=False)  # 2026-10-01, China time, the day it was filed
    month = Column(String(7), nullable=False)
    # A limit not yet met (not taken up, not finished): due once it has passed.
    acknowledge_pending = Column(DateTime, nullable=True)
    finish_pending = Column(DateTime, nullable=True)

    __table_args__ = (
        Index("ix_rate_facts_acknowledge_pending", "acknowledge_pending", "community_id", "day",
              sqlite_where=text("acknowledge_pending IS NOT NULL")),
        Index("ix_rate_facts_finish_pending", "finish_pending", "community_id", "day",
              sqlite_where=text("finish_pending IS NOT NULL")),
    )


class RateDayCountRow(RateCounts, Base):
    """The rate counts of the needs a community filed on one China-time day (kept by triggers)."""

    __tablename__ = "rate_day_counts"

    community_id = Column(Integer, primary_key=True, autoincrement=False)
    day = Column(String(10), primary_key=True)
    needs = Column(Integer, nullable=False, default=0)

    __table_args__ = (Index("ix_rate_day_counts_day", "day"),)


class RateMonthCountRow(RateCounts, Base):
    """The rate counts of the needs a community filed in one China-time month (kept by triggers)."""

    __tablename__ = "rate_month_counts"

    community_id = Column(Integer, primary_key=True, autoincrement=False)
    month = Column(String(7), primary_key=True)
    needs = Column(Integer, nullable=False, default=0)


class CaseRow(Base):
    """A 试点特色案例: a resolved need a cadre holds up as an example, with a title and a short account.

    One case per need; the place, dimension and dates are read from the need, so the two cannot disagree.
    """

    __tablename__ = "cases"

    id = Column(Integer, primary_key=True)
    need_id = Column(Integer, ForeignKey("needs.id"), unique=True, nullable=False)
    title = Column(String(40), nullable=False)
    account = Column(Text, nullable=False)
    author = Column(String(64), nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)

    need = relationship("NeedRow")
