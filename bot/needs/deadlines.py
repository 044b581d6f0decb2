"""When a need is due: acknowledged (签收), its resident contacted (响应), finished or answered (办结).

The limits come from a reviewed file (bot/data/time_limits.sample.yml, or TIME_LIMITS_FILE); working time
counts the file's working hours on China's working days, public holidays off and 调休 weekends worked,
from the chinesecalendar package. Times are UTC without a zone, as the catalog stores them, and are
counted in China time.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import cache, lru_cache
from pathlib import Path

import chinese_calendar
import yaml

from bot.clock import CHINA
from bot.config import PROJECT_ROOT
from bot.vocab import status as need_status

log = logging.getLogger(__name__)
SAMPLE_FILE = PROJECT_ROOT / "bot" / "data" / "time_limits.sample.yml"
UNITS = ("hours", "days", "working_hours", "working_days")
STAGES = ("acknowledge", "contact", "finish")
STAGE_WORDS = {"acknowledge": "签收", "contact": "联系居民", "finish": "办结"}
LIGHT_WORDS = {"green": "绿灯", "yellow": "黄灯", "red": "红灯"}
_LONGEST_BREAK = 40  # days: no run of days off in China's calendar comes near it


class TimeLimitsError(ValueError):
    """A time-limits file that cannot be used; the message says where."""


@dataclass(frozen=True)
class Limit:
    within: float
    unit: str

    def __str__(self) -> str:
        amount = f"{self.within:g}"
        return {"hours": f"{amount}小时", "days": f"{amount}天", "working_hours": f"{amount}个工作小时",
                "working_days": f"{amount}个工作日"}[self.unit]


@dataclass(frozen=True)
class Due:
    """A need's due times (UTC, no zone)."""

    acknowledge_by: datetime | None  # None: a need filed before due times were kept
    contact_by: datetime | None
    finish_by: datetime | None


@dataclass(frozen=True)
class TimeLimits:
    opens: time
    closes: time
    acknowledge: Limit
    contact: dict[str, Limit]  # by urgency; "default" for the others
    finish: Limit
    finish_complex: Limit
    complex_dimensions: frozenset[str]
    yellow_from: float
    red_from: float
    sample: bool

    def due(self, filed_at: datetime, urgency: str, dimension: str) -> Due:
        """The due times of a need filed at `filed_at` (UTC, no zone)."""
        contact = self.contact.get(urgency, self.contact["default"])
        finish = self.finish_complex if dimension in self.complex_dimensions else self.finish
        return Due(self.add(filed_at, self.acknowledge), self.add(filed_at, contact), self.add(filed_at, finish))

    def add(self, moment: datetime, limit: Limit) -> datetime:
        """`moment` (UTC, no zone) plus a limit, counted in China time."""
        local = moment.replace(tzinfo=timezone.utc).astimezone(CHINA).replace(tzinfo=None)
        if limit.unit == "hours":
            local += timedelta(hours=limit.within)
        elif limit.unit == "days":
            local += timedelta(days=limit.within)
        elif limit.unit == "working_hours":
            local = self._add_working_hours(local, timedelta(hours=limit.within))
        else:
            local = self._add_working_days(local, int(limit.within))
        return local.replace(tzinfo=CHINA).astimezone(timezone.utc).replace(tzinfo=None)

    def _add_working_hours(self, local: datetime, remaining: timedelta) -> datetime:
        at = self._working_from(local)
        while True:
            closing = datetime.combine(at.date(), self.closes)
            if at + remaining <= closing:
                return at + remaining
            remaining -= closing - at
            at = datetime.combine(next_working_day(at.date()), self.opens)

    def _working_from(self, local: datetime) -> datetime:
        """The first working moment at or after `local`."""
        if is_working_day(local.date()) and local.time() < self.closes:
            return max(local, datetime.combine(local.date(), self.opens))
        return datetime.combine(next_working_day(local.date()), self.opens)

    def _add_working_days(self, local: datetime, days: int) -> datetime:
        """The close of the `days`-th working day after the day it was filed (that day does not count)."""
        day = local.date()
        for _ in range(days):
            day = next_working_day(day)
        return datetime.combine(day, self.closes)

    def light(self, late: int, open_needs: int) -> str:
        """green, yellow or red, from the share of a community's open needs past a limit."""
        share = late / open_needs if open_needs else 0.0
        return "red" if share >= self.red_from and late else "yellow" if share >= self.yellow_from and late else "green"


def is_working_day(day: date) -> bool:
    """A working day in China: public holidays off, 调休 weekends worked. Past the years the calendar
    package knows (the State Council sets each year's in the autumn before), Monday to Friday."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        _warn_beyond_calendar(day.year)
        return day.weekday() < 5


def next_working_day(day: date) -> date:
    for step in range(1, _LONGEST_BREAK):
        candidate = day + timedelta(days=step)
        if is_working_day(candidate):
            return candidate
    raise AssertionError(f"no working day within {_LONGEST_BREAK} days after {day}")  # a broken calendar


@cache
def _warn_beyond_calendar(year: int) -> None:
    log.warning("chinesecalendar does not know %s's holidays yet: Monday to Friday count as working days "
                "(upgrade the package when the State Council publishes them)", year)


def late_stages(status: str, due: Due | None, now: datetime) -> tuple[str, ...]:
    """The limits an open need is past now (UTC, no zone): acknowledge while received, contact until the
    resident was contacted, finish while open."""
    if due is None or status not in need_status.OPEN_STATUSES:
        return ()
    late = []
    if status in need_status.AWAITING_ACKNOWLEDGEMENT and due.acknowledge_by and now > due.acknowledge_by:
        late.append("acknowledge")
    if status in need_status.AWAITING_CONTACT and due.contact_by and now > due.contact_by:
        late.append("contact")
    if due.finish_by and now > due.finish_by:
        late.append("finish")
    return tuple(late)


def configured_limits() -> TimeLimits:
    """The limits in force: TIME_LIMITS_FILE, else the shipped sample."""
    return load_time_limits(Path(os.environ.get("TIME_LIMITS_FILE") or SAMPLE_FILE))


@lru_cache(maxsize=4)
def load_time_limits(path: Path = SAMPLE_FILE) -> TimeLimits:
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        hours = raw["working_hours"]
        opens, closes = time.fromisoformat(str(hours["start"])), time.fromisoformat(str(hours["end"]))
        contact = {str(k): _limit(v, f"contact.{k}") for k, v in raw["contact"].items()}
        limits = TimeLimits(
            opens=opens, closes=closes,
            acknowledge=_limit(raw["acknowledge"], "acknowledge"),
            contact=contact,
            finish=_limit(raw["finish"]["default"], "finish.default"),
            finish_complex=_limit(raw["finish"].get("complex", raw["finish"]["default"]), "finish.complex"),
            complex_dimensions=frozenset(str(d) for d in raw.get("complex_dimensions") or ()),
            yellow_from=float(raw["traffic_light"]["yellow_from"]),
            red_from=float(raw["traffic_light"]["red_from"]),
            sample=bool(raw.get("sample", False)),
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as error:
        raise TimeLimitsError(f"时限文件 {path} 读不了：{error}") from None
    if "default" not in contact:
        raise TimeLimitsError(f"时限文件 {path}：contact 要有 default")
    if not opens < closes:
        raise TimeLimitsError(f"时限文件 {path}：working_hours 的 start 要早于 end")
    if not 0 < limits.yellow_from <= limits.red_from <= 1:
        raise TimeLimitsError(f"时限文件 {path}：traffic_light 要 0 < yellow_from ≤ red_from ≤ 1")
    return limits


def _limit(entry: dict, where: str) -> Limit:
    within, unit = float(entry["within"]), str(entry["unit"])
    if unit not in UNITS or within <= 0 or (unit == "working_days" and within != int(within)):
        raise ValueError(f"{where} 应为正数，unit 为 {'、'.join(UNITS)} 之一（working_days 为整数）")
    return Limit(within, unit)
