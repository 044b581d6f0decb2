"""Engines, session factories and the unit of work.

A process creates one Catalog at start-up from its settings; nothing connects at import time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog.counters import counters_supported, install_counters
from bot.catalog.models import Base
from bot.private_files import create_private_file, make_private_folder


def make_engine(database_url: str) -> Engine:
    if database_url.startswith("sqlite"):
        engine = create_engine(
            database_url, future=True, hide_parameters=True,  # errors get logged: no resident's words in them
            connect_args={"check_same_thread": False, "timeout": 30},
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "do_connect", _private_sqlite_file)
        return engine
    return create_engine(database_url, future=True, pool_pre_ping=True, hide_parameters=True)


def _private_sqlite_file(dialect, _record, cargs, _cparams) -> None:
    # The catalog holds residents' phones: SQLite would create it (and its WAL, which copies the
    # file's mode) readable by every local user. A missing folder is left missing: that error says
    # the catalog was never made (`make db`).
    database = cargs[0] if cargs else None
    if isinstance(database, str) and database not in ("", ":memory:") and not database.startswith("file:") \
            and Path(database).parent.is_dir():
        try:
            create_private_file(Path(database))
        except OSError:  # a folder we may not write to: SQLite's own error says so
            pass


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
            make_private_folder(Path(self.engine.url.database).parent)

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
