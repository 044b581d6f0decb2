"""Database models of the catalogs (SQLAlchemy 1.4 declarative)."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Column, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import declarative_base, relationship

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
    phone = Column(String(20), nullable=True)
    sender_id = Column(String(128), nullable=False)
    channel = Column(String(32), nullable=False, default="rest")
    status = Column(String(16), nullable=False, default="received")
    created_at = Column(DateTime, nullable=False, default=utcnow)
    updated_at = Column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    community = relationship("CommunityRow")
    updates = relationship("NeedUpdateRow", back_populates="need", order_by="NeedUpdateRow.id")

    __table_args__ = (
        Index("ix_needs_sender_created", "sender_id", "created_at"),
        Index("ix_needs_community_status", "community_id", "status"),
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
