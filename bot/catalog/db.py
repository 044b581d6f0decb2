"""Engines, session factories and the unit of work.

A process creates one Catalog at start-up from its settings; nothing connects at import time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog.counters import counters_supported, install_counters
from bot.catalog.models import Base


def make_engine(database_url: str) -> Engine:
    if database_url.startswith("sqlite"):
        engine = create_engine(
            database_url, future=True, hide_parameters=True,  # errors get logged: no resident's words in them
            connect_args={"check_same_thread": False, "timeout": 30},
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(database_url, future=True, pool_pre_ping=True, hide_parameters=True)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets the action server write while an export or the dashboard reads.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


class Catalog:
    """The database behind the three catalogs, and units of work on it."""

    def __init__(self, database_url: str) -> None:
        self.engine = make_engine(database_url)
        self._sessions = sessionmaker(bind=self.engine, future=True, expire_on_commit=False)

    def create_schema(self) -> None:
        """Today's schema in one step (tests); a deployed catalog is migrated (bot.catalog.migrate)."""
        self.make_folder()
        Base.metadata.create_all(self.engine)
        install_counters(self.engine)

    def make_folder(self) -> None:
        """A SQLite file's folder, so a fresh checkout's var/ need not exist."""
        if self.engine.url.get_backend_name() == "sqlite" and self.engine.url.database:
            from pathlib import Path

            Path(self.engine.url.database).parent.mkdir(parents=True, exist_ok=True)

    @property
    def counted(self) -> bool:
        """True when the database keeps the need and resource counters itself."""
        return counters_supported(self.engine)

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """A session that commits when the block ends and rolls back if it raises."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()
