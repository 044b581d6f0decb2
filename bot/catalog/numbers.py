"""Tracking numbers, handed out by the catalog before the record they name exists.

A number taken here is never given again, whether or not its record is ever written, so an
action server can keep a block of them and still number a report while the catalog is down.
"""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.catalog.models import NeedRow, NumberSeriesRow

NEED_SERIES = "need"


def reserve_numbers(session: Session, count: int, series: str = NEED_SERIES) -> range:
    """Take `count` consecutive numbers of a series inside the caller's transaction.

    The UPDATE comes first so that the row stays locked (PostgreSQL) or the database stays
    write-locked (SQLite) until the caller commits: two callers never get the same numbers.
    """
    if count < 1:
        raise ValueError("count must be positive")
    for _attempt in range(2):
        moved = session.execute(
            update(NumberSeriesRow).where(NumberSeriesRow.name == series)
            .values(next_value=NumberSeriesRow.next_value + count)
        ).rowcount
        if moved:
            after = session.execute(select(NumberSeriesRow.next_value).where(NumberSeriesRow.name == series)).scalar_one()
            return range(after - count, after)
        _start_series(session, series)
    raise RuntimeError(f"number series {series!r} could not be started")


def _start_series(session: Session, series: str) -> None:
    # A catalog made by create_all (tests) has no series yet; numbers before it were row ids.
    start = (session.execute(select(func.max(NeedRow.id))).scalar() or 0) + 1
    try:
        with session.begin_nested():
            session.add(NumberSeriesRow(name=series, next_value=start))
    except IntegrityError:
        pass  # another writer started it first
