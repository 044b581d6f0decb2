"""Reports kept on the action server's disk until the catalog has them (the durable outbox).

Every submission is written here first, with its tracking number, before the catalog is asked
to file it. When the catalog answers, the entry is removed; when it is unreachable, the entry
stays and `deliver` files it later under the same number. The numbers come in blocks reserved
from the catalog's series while it is up, so a resident gets their number during an outage too.

It holds needs, volunteers' offers (numbered from their own series) and call-back requests (not
numbered: the resident is told when they will be called). An entry written before kinds existed
is a need. An entry the catalog refuses as it is (a place removed since) waits longer after each
refusal and is shown by `python -m bot outbox list`; one kept during an outage is tried every round.

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
from typing import Any

from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError, StatementError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from bot.catalog.db import Catalog
from bot.catalog.errors import CatalogError
from bot.catalog.numbers import (
    NEED_SERIES,
    RESOURCE_SERIES,
    format_offer_id,
    format_tracking_id,
    normalize_offer_id,
    normalize_tracking_id,
    reserve_numbers,
)
from bot.contact import mask_phones_in_text
from bot.needs.service import CallbackDraft, NeedDraft, file_need, request_callback
from bot.private_files import create_private_file
from bot.resources.service import ResourceDraft, file_resource

logger = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    idempotency_key TEXT PRIMARY KEY,
    tracking_id TEXT,
    draft TEXT NOT NULL,
    kept_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS free_numbers (value INTEGER PRIMARY KEY);
CREATE TABLE IF NOT EXISTS held_numbers (series TEXT NOT NULL, value INTEGER NOT NULL, PRIMARY KEY (series, value));
CREATE TABLE IF NOT EXISTS tally (outcome TEXT PRIMARY KEY, count INTEGER NOT NULL);
"""
# Added to entries after the first outbox files were written: an older file gains them when opened.
ENTRY_COLUMNS = {
    "kind": "TEXT",  # need, offer or callback; NULL in an entry written before kinds existed: a need
    "attempts": "INTEGER NOT NULL DEFAULT 0",  # tries to file it that failed, outages included
    "refusals": "INTEGER NOT NULL DEFAULT 0",  # of those, the ones the catalog refused it as it is
    "last_error": "TEXT NOT NULL DEFAULT ''",  # why the last try failed, phones masked
    "next_try": "REAL NOT NULL DEFAULT 0",  # not tried before this time (a refused entry waits)
}
# A refused entry waits a minute, then twice as long after each refusal, at most an hour: a person
# fixes the catalog (or drops the entry) meanwhile, and the log is not filled every round.
REFUSED_FIRST_WAIT = 60.0
REFUSED_LONGEST_WAIT = 3600.0

# What became of submissions, counted since the outbox file was made (Prometheus counters):
# filed at once, kept during an outage, filed later from the outbox, refused as they were.
# Needs are counted under the outcome itself, other kinds under "kind:outcome".
OUTCOMES = ("filed", "kept", "delivered", "refused")


def _file_callback(catalog: Catalog, draft: CallbackDraft, _number: str | None, received_at: datetime | None):
    return request_callback(catalog, draft, received_at.replace(tzinfo=timezone.utc) if received_at else None)


@dataclass(frozen=True)
class Kind:
    """A kind of submission the outbox keeps: how it is numbered, filed and read back."""

    name: str
    label: str  # what an operator reads (outbox list)
    draft: type
    series: str | None  # the catalog's number series; None: not numbered
    number: Callable[[int], str] | None
    file: Callable[[Catalog, Any, str | None, datetime | None], Any]  # (catalog, draft, number, received_at UTC)

    def number_of(self, record: Any) -> str | None:
        """The number a filed record carries (an offer is filed as its view and the needs it can help)."""
        view = record[0] if isinstance(record, tuple) else record
        return getattr(view, "tracking_id", None)


KINDS = {kind.name: kind for kind in (
    Kind("need", "需求", NeedDraft, NEED_SERIES, format_tracking_id, file_need),
    Kind("offer", "资源", ResourceDraft, RESOURCE_SERIES, format_offer_id, file_resource),
    Kind("callback", "回电", CallbackDraft, None, None, _file_callback),
)}
STATES = ("kept", "refused")  # waiting for the catalog to answer, or refused by it and waiting longer


def kind_of(draft: Any) -> Kind:
    return next(kind for kind in KINDS.values() if isinstance(draft, kind.draft))


@dataclass(frozen=True)
class Submission:
    """What became of one submission: filed now, or kept to be filed (record is None then).

    record is what the kind's filing returns: a NeedView, an offer's (ResourceView, helpable needs),
    a CallbackView.
    """

    tracking_id: str | None
    record: Any

    @property
    def kept(self) -> bool:
        return self.record is None

    @property
    def need(self) -> Any:
        return self.record


@dataclass(frozen=True)
class Entry:
    """A kept submission as an operator sees it: no personal data."""

    key: str  # its idempotency key (a hash of what was sent)
    kind: str
    tracking_id: str | None
    kept_at: datetime  # UTC, naive
    attempts: int
    refusals: int
    last_error: str
    next_try: float  # seconds since the epoch

    @property
    def state(self) -> str:
        return "refused" if self.refusals else "kept"

    def waited(self, now: float) -> float:
        """Seconds since it was sent, at now (seconds since the epoch)."""
        return now - self.kept_at.replace(tzinfo=timezone.utc).timestamp()

    @property
    def reference(self) -> str:
        """The start of its key: names an entry that has no number (a call-back, a need kept without one)."""
        return self.key[:8]

    @property
    def name(self) -> str:
        return self.tracking_id or f"#{self.reference}"


UNREACHABLE = (OperationalError, InterfaceError, DisconnectionError, PoolTimeout, OSError)


def unreachable(error: BaseException) -> bool:
    """The catalog could not be asked (down, moved, timed out), as opposed to refusing the entry."""
    return isinstance(error, UNREACHABLE)


def describe_error(error: BaseException) -> str:
    """Why a try failed, for an operator: no SQL parameters, phones masked, one short line."""
    if isinstance(error, CatalogError):
        text = str(error)
    elif isinstance(error, StatementError) and error.orig is not None:  # its text would carry the parameters
        text = f"{type(error).__name__}: {error.orig}"
    else:
        text = f"{type(error).__name__}: {error}"
    return mask_phones_in_text(" ".join(text.split()))[:200]


class Outbox:
    def __init__(self, path: Path, block: int = 100) -> None:
        self.path = Path(path)
        self.block = block
        create_private_file(self.path)  # it holds residents' phones; its WAL copies the file's mode
        with self._connection() as connection:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.executescript(SCHEMA)
        self._upgrade()

    def _upgrade(self) -> None:
        """Bring a file written by an older version up to date; what it holds stays as it was."""
        with self._transaction() as connection:
            have = {row[1] for row in connection.execute("PRAGMA table_info(entries)")}
            for column, declaration in ENTRY_COLUMNS.items():
                if column not in have:
                    connection.execute(f"ALTER TABLE entries ADD COLUMN {column} {declaration}")
            # Numbers held before there was more than one series are need numbers.
            connection.execute("INSERT OR IGNORE INTO held_numbers (series, value) SELECT ?, value FROM free_numbers",
                               (NEED_SERIES,))
            connection.execute("DELETE FROM free_numbers")

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

    def numbers_left(self, series: str = NEED_SERIES) -> int:
        with self._connection() as connection:
            return connection.execute("SELECT count(*) FROM held_numbers WHERE series = ?", (series,)).fetchone()[0]

    def refill(self, catalog: Catalog) -> int:
        """Reserve a block of each series from the catalog when half of the last one is used; return numbers added."""
        added = 0
        for series in {kind.series for kind in KINDS.values() if kind.series}:
            if self.numbers_left(series) * 2 > self.block:
                continue
            with catalog.unit_of_work() as session:
                numbers = reserve_numbers(session, self.block, series)
            # Written after the catalog committed: if this write fails the block is merely skipped,
            # never handed out twice.
            with self._transaction() as connection:
                connection.executemany("INSERT INTO held_numbers (series, value) VALUES (?, ?)",
                                       [(series, n) for n in numbers])
            added += len(numbers)
        return added

    def _take_number(self, connection: sqlite3.Connection, kind: Kind) -> str | None:
        if kind.series is None:
            return None
        row = connection.execute("SELECT min(value) FROM held_numbers WHERE series = ?", (kind.series,)).fetchone()
        if row[0] is None:
            return None
        connection.execute("DELETE FROM held_numbers WHERE series = ? AND value = ?", (kind.series, row[0]))
        return kind.number(row[0])

    # -- entries ---------------------------------------------------------------------------

    def keep(self, draft: Any) -> str | None:
        """Write the draft down with its number; the same key keeps the same entry and number."""
        kind = kind_of(draft)
        with self._transaction() as connection:
            row = connection.execute(
                "SELECT tracking_id FROM entries WHERE idempotency_key = ?", (draft.idempotency_key,)
            ).fetchone()
            if row is not None:
                return row[0]
            tracking_id = self._take_number(connection, kind)
            connection.execute(
                "INSERT INTO entries (idempotency_key, tracking_id, draft, kept_at, kind) VALUES (?, ?, ?, ?, ?)",
                (draft.idempotency_key, tracking_id, json.dumps(asdict(draft), ensure_ascii=False), time.time(),
                 kind.name),
            )
            return tracking_id

    def discard(self, key: str, outcome: str) -> None:
        """Remove the entry, counting what became of it, in one transaction."""
        with self._transaction() as connection:
            row = connection.execute("SELECT kind FROM entries WHERE idempotency_key = ?", (key,)).fetchone()
            if row is not None:
                connection.execute("DELETE FROM entries WHERE idempotency_key = ?", (key,))
                self._count(_tally_key(row[0], outcome), connection)

    def pending(self) -> list[tuple[str | None, Any]]:
        return [(tracking_id, draft) for _, tracking_id, draft, _ in self._kept()]

    def _kept(self, due_by: float | None = None) -> list[tuple[str, str | None, Any, datetime]]:
        """Each kept submission (key, number, draft, when it was sent: UTC, naive), oldest first.

        With due_by, only the ones whose next try is due by then. A draft that cannot be read back
        is given as its text, for deliver to set aside.
        """
        query = "SELECT idempotency_key, tracking_id, kind, draft, kept_at FROM entries"
        if due_by is not None:
            query += " WHERE next_try <= ?"
        with self._connection() as connection:
            rows = connection.execute(query + " ORDER BY kept_at", () if due_by is None else (due_by,)).fetchall()
        return [(key, tracking_id, _read_draft(kind, draft), datetime.fromtimestamp(kept_at, timezone.utc).replace(tzinfo=None))
                for key, tracking_id, kind, draft, kept_at in rows]

    def entries(self) -> list[Entry]:
        """What an operator sees of each kept submission, oldest first."""
        with self._connection() as connection:
            rows = connection.execute("SELECT idempotency_key, coalesce(kind, ?), tracking_id, kept_at, attempts, "
                                      "refusals, last_error, next_try FROM entries ORDER BY kept_at",
                                      (KINDS["need"].name,)).fetchall()
        return [Entry(key, kind, tracking_id, datetime.fromtimestamp(kept_at, timezone.utc).replace(tzinfo=None),
                      attempts, refusals, last_error, next_try)
                for key, kind, tracking_id, kept_at, attempts, refusals, last_error, next_try in rows]

    def find(self, name: str) -> list[Entry]:
        """The entries a number (XQ…, ZY…, however typed) or a reference (#1a2b3c4d) names."""
        wanted = name.strip()
        number = normalize_tracking_id(wanted) or normalize_offer_id(wanted)
        reference = wanted.removeprefix("#").lower()
        return [entry for entry in self.entries()
                if (number and entry.tracking_id == number) or (not number and len(reference) >= 4
                                                                 and entry.reference.lower().startswith(reference))]

    def drop(self, entry: Entry) -> bool:
        """Remove one entry for good (an operator's decision); its number is never given again."""
        with self._transaction() as connection:
            dropped = connection.execute("DELETE FROM entries WHERE idempotency_key = ?", (entry.key,)).rowcount
        if dropped:
            logger.warning("outbox entry %s (%s) dropped by an operator", entry.name, entry.kind)
        return bool(dropped)

    def retry_now(self, catalog: Catalog) -> int:
        """File every kept entry now, refused ones too, whatever their wait; return how many were filed."""
        with self._transaction() as connection:
            connection.execute("UPDATE entries SET next_try = 0")
        return self.deliver(catalog)

    def _note_failure(self, key: str, error: BaseException, refused: bool) -> None:
        """Count a failed try and say why; a refusal also puts the next try off, longer each time."""
        with self._transaction() as connection:
            row = connection.execute("SELECT refusals FROM entries WHERE idempotency_key = ?", (key,)).fetchone()
            if row is None:
                return
            refusals = row[0] + (1 if refused else 0)
            wait = min(REFUSED_FIRST_WAIT * 2 ** (refusals - 1), REFUSED_LONGEST_WAIT) if refused else 0.0
            connection.execute("UPDATE entries SET attempts = attempts + 1, refusals = ?, last_error = ?, "
                               "next_try = ? WHERE idempotency_key = ?",
                               (refusals, describe_error(error), time.time() + wait if refused else 0.0, key))

    def pending_count(self) -> int:
        with self._connection() as connection:
            return connection.execute("SELECT count(*) FROM entries").fetchone()[0]

    def holds(self, tracking_id: str) -> bool:
        with self._connection() as connection:
            return connection.execute("SELECT 1 FROM entries WHERE tracking_id = ?", (tracking_id,)).fetchone() is not None

    def latest_of(self, sender_id: str) -> str | None:
        """The number of this sender's newest kept report ("我上次反映的那个" during an outage)."""
        for tracking_id, draft in reversed(self.pending()):
            if isinstance(draft, NeedDraft) and draft.sender_id == sender_id:
                return tracking_id or ""
        return None

    # -- filing ----------------------------------------------------------------------------

    def submit(self, catalog: Catalog, draft: Any) -> Submission:
        """Keep the draft (a need, an offer or a call-back), then file it; a catalog that cannot be reached
        leaves it kept, under the number it was given.

        A CatalogError (the draft itself is wrong) drops the entry and reaches the caller.
        """
        kind = kind_of(draft)
        try:
            self.refill(catalog)
        except Exception:  # the catalog is down: the numbers already held are used
            logger.warning("could not reserve tracking numbers; using the %d held", self.numbers_left(kind.series or NEED_SERIES))
        tracking_id = self.keep(draft)
        try:
            record = kind.file(catalog, draft, tracking_id, None)
        except CatalogError:
            self.discard(draft.idempotency_key, "refused")
            raise
        except Exception as error:
            logger.warning("the catalog did not take %s %s (%s); kept in the outbox", kind.name, tracking_id or "",
                           type(error).__name__)
            self._note_failure(draft.idempotency_key, error, refused=False)
            self._count(_tally_key(kind.name, "kept"))
            return Submission(tracking_id, None)
        self.discard(draft.idempotency_key, "filed")
        return Submission(kind.number_of(record) or tracking_id, record)

    def deliver(self, catalog: Catalog) -> int:
        """File the kept drafts whose turn it is, in the order they came. One the catalog refuses as it is stays
        kept, waits longer and the rest go on; the first that cannot reach the catalog stops the round."""
        filed = 0
        for key, tracking_id, draft, received_at in self._kept(due_by=time.time()):
            try:
                if isinstance(draft, str):
                    raise CatalogError("这条记录无法读取（格式不对）")  # its text is a resident's: not shown
                kind_of(draft).file(catalog, draft, tracking_id, received_at)  # dated when it was sent
            except Exception as error:
                if unreachable(error):
                    self._note_failure(key, error, refused=False)
                    logger.info("outbox: catalog still unreachable (%s); %d kept", type(error).__name__,
                                self.pending_count())
                    break
                # Cannot be filed as it is (a place removed): kept for a person, tried less and less often.
                self._note_failure(key, error, refused=True)
                logger.error("outbox entry %s cannot be filed: %s", tracking_id or f"#{key[:8]}", describe_error(error))
                continue
            filed += 1
            self.discard(key, "delivered")
        return filed


def _tally_key(kind: str | None, outcome: str) -> str:
    return outcome if kind in (None, "need") else f"{kind}:{outcome}"


def _read_draft(kind: str | None, text: str) -> Any:
    """The draft an entry holds, as its kind's dataclass; its text when it cannot be read back."""
    try:
        return KINDS[kind or "need"].draft(**json.loads(text))
    except (KeyError, TypeError, ValueError):
        return text


def kept_count(path: Path) -> int:
    """How many reports an outbox file holds, read without creating or changing it (for /metrics)."""
    rows = _read_only(path, "SELECT count(*) FROM entries")
    return rows[0][0] if rows else 0


def submission_counts(path: Path) -> dict[str, int]:
    """What became of the submissions an outbox file has seen, by outcome (for /metrics)."""
    counts = dict.fromkeys(OUTCOMES, 0)
    counts.update((outcome, count) for outcome, count in _read_only(path, "SELECT outcome, count FROM tally")
                  if outcome in counts)
    return counts


def waiting_counts(path: Path) -> dict[tuple[str, str], int]:
    """Entries waiting in an outbox file by kind and state (kept, refused), read without changing it (for /metrics)."""
    counts = {(kind, state): 0 for kind in KINDS for state in STATES}
    rows = _read_only(path, "SELECT coalesce(kind, 'need'), refusals > 0, count(*) FROM entries GROUP BY 1, 2")
    for kind, refused, count in rows:
        if kind in KINDS:
            counts[(kind, STATES[1] if refused else STATES[0])] = count
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
