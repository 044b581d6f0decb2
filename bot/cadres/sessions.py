"""Cadres' dashboard sessions, kept in the catalog: they outlive a gateway restart.

The browser holds a random token (signed into its cookie by the gateway); the catalog holds only
its SHA-256, so a copy of the database opens nobody's session.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, select

from bot.catalog.db import Catalog
from bot.catalog.models import WebSessionRow, utcnow


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(catalog: Catalog, cadre_id: str, seconds: int) -> str:
    """A new session for the cadre; the token to give the browser. Expired sessions go meanwhile."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    with catalog.unit_of_work() as session:
        session.execute(delete(WebSessionRow).where(WebSessionRow.expires_at < now))
        session.add(WebSessionRow(token_hash=_hash(token), cadre_id=cadre_id,
                                  expires_at=now + timedelta(seconds=seconds)))
    return token


def session_cadre(catalog: Catalog, token: str | None) -> str | None:
    """The cadre id of a live session, or None (no token, unknown, expired or closed)."""
    if not token:
        return None
    with catalog.unit_of_work() as session:
        row = session.execute(select(WebSessionRow.cadre_id, WebSessionRow.expires_at)
                              .where(WebSessionRow.token_hash == _hash(token))).first()
    if row is None or row.expires_at < utcnow():
        return None
    return row.cadre_id


def close_session(catalog: Catalog, token: str | None) -> None:
    if token:
        with catalog.unit_of_work() as session:
            session.execute(delete(WebSessionRow).where(WebSessionRow.token_hash == _hash(token)))


def close_sessions_of(catalog: Catalog, cadre_id: str) -> int:
    """End every session of a cadre; how many there were."""
    with catalog.unit_of_work() as session:
        return session.execute(delete(WebSessionRow).where(WebSessionRow.cadre_id == cadre_id)).rowcount or 0
