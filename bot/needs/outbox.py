"""Reports kept on the action server's disk until the catalog has them (the durable outbox).

Every submission is written here first, with its tracking number, before the catalog is asked
to file it. When the catalog answers, the entry is removed; when it is unreachable, the entry
stays and `deliver` files it later under the same number. The numbers come in blocks reserved
from the catalog's series while it is up, so a resident gets their number during an outage too.

A local SQLite file in WAL mode: it survives a killed process, and several processes on one
host may share it (each statement waits for the others' locks).
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from bot.catalog.db import Catalog
from bot.catalog.numbers import reserve_numbers
from bot.needs.service import CatalogError, NeedDraft, NeedView, file_need, format_tracking_id

logger = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    idempotency_key TEXT PRIMARY KEY,
    tracking_id TEXT,
    draft TEXT NOT NULL,
    kept_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS free_numbers (value INTEGER PRIMARY KEY);
CREATE TABLE IF NOT EXISTS tally (outcome TEXT PRIMARY KEY, count INTEGER NOT NULL);
"""

# What became of submissions, counted since the outbox file was made (Prometheus counters):
# filed at once, kept during an outage, filed later from the outbox, refused as they were.
OUTCOMES = ("filed", "kept", "delivered", "refused")


@dataclass(frozen=True)
class Submission:
    """What became of one submission: filed now, or kept to be filed (need is None then)."""

    tracking_id: str | None
    need: NeedView | None

    @property
    def kept(self) -> bool:
        return self.need is None


class Outbox:
    def __init__(self, path: Path, block: int = 100) -> None:
        self.path = Path(path)
        self.block = block
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connection() as connection:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.executescript(SCHEMA)

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            connection.execute("PRAGMA synchronous=FULL")  # a kept report must survive a power cut
            yield connection
        finally:
            connection.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._connection() as connection:
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")

    def _count(self, outcome: str, connection: sqlite3.Connection | None = None) -> None:
        statement = ("INSERT INTO tally (outcome, count) VALUES (?, 1) "
                     "ON CONFLICT (outcome) DO UPDATE SET count = count + 1")
        if connection is not None:
            connection.execute(statement, (outcome,))
            return
        with self._transaction() as own:
            own.execute(statement, (outcome,))

    # -- numbers ---------------------------------------------------------------------------

    def numbers_left(self) -> int:
        with self._connection() as connection:
            return connection.execute("SELECT count(*) FROM free_numbers").fetchone()[0]

    def refill(self, catalog: Catalog) -> int:
        """Reserve a block from the catalog when half of the last one is used; return numbers added."""
        if self.numbers_left() * 2 > self.block:
            return 0
        with catalog.unit_of_work() as session:
            numbers = reserve_numbers(session, self.block)
        # Written after the catalog committed: if this write fails the block is merely skipped,
        # never handed out twice.
        with self._transaction() as connection:
            connection.executemany("INSERT INTO free_numbers (value) VALUES (?)", [(n,) for n in numbers])
        return len(numbers)

    def _take_number(self, connection: sqlite3.Connection) -> str | None:
        row = connection.execute("SELECT min(value) FROM free_numbers").fetchone()
        if row[0] is None:
            return None
        connection.execute("DELETE FROM free_numbers WHERE value = ?", (row[0],))
        return format_tracking_id(row[0])

    # -- entries ---------------------------------------------------------------------------

    def keep(self, draft: NeedDraft) -> str | None:
        """Write the draft down with its number; the same key keeps the same entry and number."""
        with self._transaction() as connection:
            row = connection.execute(
                "SELECT tracking_id FROM entries WHERE idempotency_key = ?", (draft.idempotency_key,)
            ).fetchone()
            if row is not None:
                return row[0]
            tracking_id = self._take_number(connection)
            connection.execute(
                "INSERT INTO entries (idempotency_key, tracking_id, draft, kept_at) VALUES (?, ?, ?, ?)",
                (draft.idempotency_key, tracking_id, json.dumps(asdict(draft), ensure_ascii=False), time.time()),
            )
            return tracking_id

    def discard(self, key: str, outcome: str) -> None:
        """Remove the entry, counting what became of it, in one transaction."""
        with self._transaction() as connection:
            if connection.execute("DELETE FROM entries WHERE idempotency_key = ?", (key,)).rowcount:
                self._count(outcome, connection)

    def pending(self) -> list[tuple[str | None, NeedDraft]]:
        return [(tracking_id, draft) for tracking_id, draft, _ in self._kept()]

    def _kept(self) -> list[tuple[str | None, NeedDraft, datetime]]:
        """Each kept report with its number and when the resident submitted it (UTC, naive)."""
        with self._connection() as connection:
            rows = connection.execute("SELECT tracking_id, draft, kept_at FROM entries ORDER BY kept_at").fetchall()
        return [(tracking_id, NeedDraft(**json.loads(draft)),
                 datetime.fromtimestamp(kept_at, timezone.utc).replace(tzinfo=None))
                for tracking_id, draft, kept_at in rows]

    def pending_count(self) -> int:
        with self._connection() as connection:
            return connection.execute("SELECT count(*) FROM entries").fetchone()[0]

    def holds(self, tracking_id: str) -> bool:
        with self._connection() as connection:
            return connection.execute("SELECT 1 FROM entries WHERE tracking_id = ?", (tracking_id,)).fetchone() is not None

    def latest_of(self, sender_id: str) -> str | None:
        """The number of this sender's newest kept report ("我上次反映的那个" during an outage)."""
        for tracking_id, draft in reversed(self.pending()):
            if draft.sender_id == sender_id:
                return tracking_id or ""
        return None

    # -- filing ----------------------------------------------------------------------------

    def submit(self, catalog: Catalog, draft: NeedDraft) -> Submission:
        """Keep the draft, then file it; a catalog that cannot be reached leaves it kept.

        A CatalogError (the draft itself is wrong) drops the entry and reaches the caller.
        """
        try:
            self.refill(catalog)
        except Exception:  # the catalog is down: the numbers already held are used
            logger.warning("could not reserve tracking numbers; using the %d held", self.numbers_left())
        tracking_id = self.keep(draft)
        try:
            need = file_need(catalog, draft, tracking_id)
        except CatalogError:
            self.discard(draft.idempotency_key, "refused")
            raise
        except Exception as error:
            logger.warning("the catalog did not take %s (%s); kept in the outbox", tracking_id, type(error).__name__)
            self._count("kept")
            return Submission(tracking_id, None)
        self.discard(draft.idempotency_key, "filed")
        return Submission(need.tracking_id, need)

    def deliver(self, catalog: Catalog) -> int:
        """File the kept drafts in the order they came. One the catalog refuses as it is stays kept for a person
        and the rest go on; the first that cannot reach the catalog stops the round (tried again later)."""
        filed = 0
        for tracking_id, draft, received_at in self._kept():
            try:
                file_need(catalog, draft, tracking_id, received_at)  # dated when the resident sent it
            except CatalogError as error:  # cannot be filed as it is (a place removed): kept for a person
                logger.error("outbox entry %s cannot be filed: %s", tracking_id, error)
                continue
            except Exception as error:
                logger.info("outbox: catalog still unreachable (%s); %d kept", type(error).__name__,
                            self.pending_count())
                break
            filed += 1
            self.discard(draft.idempotency_key, "delivered")
        return filed


def kept_count(path: Path) -> int:
    """How many reports an outbox file holds, read without creating or changing it (for /metrics)."""
    rows = _read_only(path, "SELECT count(*) FROM entries")
    return rows[0][0] if rows else 0


def submission_counts(path: Path) -> dict[str, int]:
    """What became of the submissions an outbox file has seen, by outcome (for /metrics)."""
    counts = dict.fromkeys(OUTCOMES, 0)
    counts.update(_read_only(path, "SELECT outcome, count FROM tally"))
    return counts


def _read_only(path: Path, query: str) -> list[tuple]:
    if not Path(path).exists():
        return []
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            return connection.execute(query).fetchall()
        finally:
            connection.close()
    except sqlite3.Error:  # an outbox made before the tally existed, or busy: nothing to tell yet
        return []


class OutboxWorker:
    """A daemon thread that delivers the outbox every few seconds while it holds anything."""

    def __init__(self, outbox: Callable[[], Outbox], catalog: Callable[[], Catalog], every: float = 5.0) -> None:
        self._outbox = outbox
        self._catalog = catalog
        self.every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="outbox", daemon=True)

    def start(self) -> OutboxWorker:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self.every + 5)

    def _run(self) -> None:
        first = True
        while first or not self._stop.wait(self.every):
            first = False
            try:
                self.round()
            except Exception as error:  # keep going: the next round may succeed
                logger.info("outbox round: the catalog is unreachable (%s)", type(error).__name__)

    def round(self) -> None:
        """File what is kept, then hold numbers enough for an outage (from start-up on, not at the first report)."""
        outbox, catalog = self._outbox(), self._catalog()
        if outbox.pending_count():
            filed = outbox.deliver(catalog)
            if filed:
                logger.info("outbox: %d kept report(s) filed", filed)
        outbox.refill(catalog)
