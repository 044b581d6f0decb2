"""China time: stored times are UTC; residents and cadres count days in China (UTC+8)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

CHINA = timezone(timedelta(hours=8))


def china_today() -> date:
    return datetime.now(CHINA).date()


def china_date(moment: datetime) -> date:
    """The day in China of a stored time (UTC, with or without its zone)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return aware.astimezone(CHINA).date()


def iso_china(moment: datetime | None) -> str:
    """Stored times are UTC; residents and cadres read China time."""
    if moment is None:
        return ""
    return moment.replace(tzinfo=timezone.utc).astimezone(CHINA).isoformat(timespec="seconds")
