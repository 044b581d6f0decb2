"""Tracking numbers, handed out by the catalog before the record they name exists.

A number taken here is never given again, whether or not its record is ever written, so an
action server can keep a block of them and still number a report while the catalog is down.
"""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.catalog.models import NeedRow, NumberSeriesRow, ResourceRow
from bot.contact import to_digits

NEED_SERIES = "need"
RESOURCE_SERIES = "resource"  # volunteers' offers (ZY numbers)
TRACKING_PREFIX = "XQ"  # needs
OFFER_PREFIX = "ZY"
# Before its series existed, a record's number was its row id: a series starts after the highest.
_NUMBERED_BY_ROW_ID = {NEED_SERIES: NeedRow.id, RESOURCE_SERIES: ResourceRow.id}


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
    # A catalog made by create_all (tests), or a series added later (offers), has no row yet;
    # the numbers given before it were row ids.
    start = (session.execute(select(func.max(_NUMBERED_BY_ROW_ID[series]))).scalar() or 0) + 1
    try:
        with session.begin_nested():
            session.add(NumberSeriesRow(name=series, next_value=start))
    except IntegrityError:
        pass  # another writer started it first


def format_tracking_id(number: int) -> str:
    return f"{TRACKING_PREFIX}{number:06d}"


def normalize_tracking_id(text: str | None) -> str | None:
    """XQ000012 from 'xq 000012', 'XQ-12', 'ＸＱ０００１２' or 'XQ零零零零一二'."""
    return read_numbered_id(text, TRACKING_PREFIX)


def format_offer_id(number: int) -> str:
    return f"{OFFER_PREFIX}{number:06d}"


def normalize_offer_id(text: str | None) -> str | None:
    """ZY000012 from 'zy 000012', 'ZY-12', 'ＺＹ０００１２' or 'ZY零零零零一二'."""
    return read_numbered_id(text, OFFER_PREFIX)


def read_numbered_id(text: str | None, prefix: str) -> str | None:
    """A catalog number (XQ for needs, ZY for resources) however typed or spoken, as the catalog writes it."""
    if not text:
        return None
    value = to_digits(unicodedata.normalize("NFKC", text)).upper()  # "XQ零零零零一二" as voice input gives it
    match = re.search(rf"{prefix}\s*[-_]?\s*(\d{{1,9}})", value)
    return f"{prefix}{int(match.group(1)):06d}" if match else None
