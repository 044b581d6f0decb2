"""Due times of needs on China's calendar: working hours, public holidays, 调休 Saturdays, the limit itself."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.needs.deadlines import (
    SAMPLE_FILE,
    Due,
    TimeLimitsError,
    configured_limits,
    late_stages,
    load_time_limits,
)
from bot.vocab import status as st

LIMITS = load_time_limits()


def utc(china: str) -> datetime:
    """A China time written as people read it, as the catalog stores it (UTC, no zone)."""
    return datetime.fromisoformat(china) - timedelta(hours=8)


@pytest.mark.parametrize("filed, due", [
    ("2026-09-29 10:00", "2026-09-29 12:00"),  # a working morning
    ("2026-09-30 15:30", "2026-09-30 17:30"),  # due exactly at the close of the day
    ("2026-09-30 17:30", "2026-10-08 10:30"),  # filed at the close: the National Day holiday, then 2 hours
    ("2026-09-30 16:30", "2026-10-08 09:30"),  # one hour that day, one after the holiday
    ("2026-10-09 16:30", "2026-10-10 09:30"),  # the second hour on a 调休 working Saturday
    ("2026-09-26 10:00", "2026-09-28 10:30"),  # filed on a weekend: from Monday's opening
    ("2026-09-29 06:00", "2026-09-29 10:30"),  # before opening: from the opening
])
def test_acknowledging_counts_two_working_hours(filed, due):
    assert LIMITS.due(utc(filed), "盼", "社区服务供给").acknowledge_by == utc(due)


@pytest.mark.parametrize("urgency, due", [("急", "2026-10-01 16:30"), ("盼", "2026-10-03 16:30")])
def test_contact_is_on_the_clock_24_hours_for_urgent_needs_3_days_otherwise(urgency, due):
    assert LIMITS.due(utc("2026-09-30 16:30"), urgency, "社区服务供给").contact_by == utc(due)


@pytest.mark.parametrize("dimension, due", [
    ("社区服务供给", "2026-10-15 17:30"),  # 7 working days after the day it came: 10-08 … 10-15, the 调休 Saturday counted
    ("基础设施提升", "2026-10-27 17:30"),  # 15 for works
])
def test_finishing_counts_working_days_after_the_day_it_came(dimension, due):
    assert LIMITS.due(utc("2026-09-30 10:00"), "难", dimension).finish_by == utc(due)


def test_past_the_years_the_calendar_knows_monday_to_friday_are_working_days():
    assert LIMITS.due(utc("2031-05-02 17:30"), "盼", "社区服务供给").acknowledge_by == utc("2031-05-05 10:30")


def test_a_need_is_late_for_each_limit_it_passed_and_only_while_that_step_is_pending():
    due = Due(utc("2026-10-08 10:30"), utc("2026-10-03 16:30"), utc("2026-10-15 17:30"))
    assert late_stages(st.RECEIVED, due, utc("2026-10-08 10:30")) == ("contact",)  # exactly on the limit: in time
    assert late_stages(st.RECEIVED, due, utc("2026-10-08 10:31")) == ("acknowledge", "contact")
    assert late_stages(st.ACKNOWLEDGED, due, utc("2026-10-08 10:31")) == ("contact",)
    assert late_stages(st.CONTACTED, due, utc("2026-10-16 09:00")) == ("finish",)
    assert late_stages(st.DONE, due, utc("2026-12-01 09:00")) == ()
    assert late_stages(st.RECEIVED, None, utc("2026-12-01 09:00")) == ()


@pytest.mark.parametrize("late, open_needs, light", [(0, 0, "green"), (0, 10, "green"), (1, 11, "green"),
                                                     (1, 10, "yellow"), (2, 7, "yellow"), (3, 10, "red"),
                                                     (1, 1, "red")])
def test_a_communitys_light_comes_from_the_share_of_its_open_needs_late(late, open_needs, light):
    assert LIMITS.light(late, open_needs) == light


def test_the_shipped_file_is_marked_a_sample_and_is_the_default(monkeypatch):
    monkeypatch.delenv("TIME_LIMITS_FILE", raising=False)
    assert configured_limits() == LIMITS and LIMITS.sample


@pytest.mark.parametrize("change, says", [
    ("acknowledge: {within: 2, unit: weeks}", "unit"),
    ("acknowledge: {within: -1, unit: hours}", "正数"),
    ("working_hours: {start: '18:00', end: '09:00'}", "start 要早于 end"),
    ("traffic_light: {yellow_from: 0.5, red_from: 0.2}", "traffic_light"),
])
def test_a_broken_time_limits_file_is_refused_with_where(tmp_path, change, says):
    lines = SAMPLE_FILE.read_text(encoding="utf-8").splitlines()
    key = change.split(":", 1)[0]
    start = next(i for i, line in enumerate(lines) if line.startswith(key + ":"))
    end = next((i for i in range(start + 1, len(lines)) if lines[i] and not lines[i].startswith((" ", "#"))), len(lines))
    path = tmp_path / "limits.yml"
    path.write_text("\n".join(lines[:start] + [change] + lines[end:]), encoding="utf-8")
    with pytest.raises(TimeLimitsError, match=says):
        load_time_limits(path)
