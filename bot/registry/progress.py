"""Progress against the plan: pilots, coverage and lead types, per town and for the city.

Coverage is the share of communities that are pilots of classified governance (a pilot always
has a type). The plan's targets: at least 30% by the end of 2022, more than 60% in 2023, and
in every town at least 2 pilots of each type it leads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

import yaml

from bot.registry.service import CommunityState
from bot.vocab.community_types import type_names

CITY = "全市"
MIN_PILOTS_PER_LEAD_TYPE = 2


@dataclass(frozen=True)
class Target:
    label: str  # 2022年底不低于30%
    deadline: date
    percent: int
    strict: bool  # "more than" rather than "at least"

    def needed(self, communities: int) -> int:
        """The fewest pilots that meet the target among this many communities."""
        if self.strict:
            return self.percent * communities // 100 + 1
        return -(-self.percent * communities // 100)


TARGETS = (
    Target("2022年底达到30%", date(2022, 12, 31), 30, strict=False),
    Target("2023年超过60%", date(2023, 12, 31), 60, strict=True),
)


@dataclass(frozen=True)
class TargetCheck:
    target: Target
    needed: int
    short: int  # pilots still missing; 0 when met

    @property
    def met(self) -> bool:
        return self.short == 0


def percent_text(part: int, whole: int) -> str:
    """A share as every surface shows it: rounded half up to one decimal, a whole number bare (41.25 → 41.3%)."""
    if not whole:
        return "0%"
    value = (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value.normalize():f}%" if value == value.to_integral() else f"{value}%"


@dataclass(frozen=True)
class Progress:
    place: str  # a town's name or 太仓市
    as_of: date
    communities: int
    classified: int
    pilots: tuple[CommunityState, ...]
    by_type: dict[str, int] = field(default_factory=dict)  # pilots per type

    @property
    def coverage(self) -> float:
        return len(self.pilots) / self.communities if self.communities else 0.0

    @property
    def coverage_text(self) -> str:
        return percent_text(len(self.pilots), self.communities)

    def checks(self) -> list[TargetCheck]:
        result = []
        for target in TARGETS:
            needed = target.needed(self.communities)
            result.append(TargetCheck(target, needed, max(0, needed - len(self.pilots))))
        return result


@dataclass(frozen=True)
class TargetVerdict:
    """A target judged the way the plan means it: on its deadline once that has passed, else today."""

    target: Target
    needed: int
    pilots_now: int
    pilots_then: int | None  # pilots on the deadline, once it has passed

    @property
    def passed(self) -> bool:
        return self.pilots_then is not None

    @property
    def short(self) -> int:
        """Pilots missing where the target is judged (at the deadline once it has passed)."""
        return max(0, self.needed - (self.pilots_then if self.passed else self.pilots_now))

    @property
    def short_now(self) -> int:
        return max(0, self.needed - self.pilots_now)

    @property
    def met(self) -> bool:
        return self.short == 0

    def as_dict(self) -> dict:
        """The one shape every surface shows (the chat's words, the dashboard and the JSON API)."""
        return {"target": self.target.label, "deadline": self.target.deadline.isoformat(), "needed": self.needed,
                "met": self.met, "short": self.short, "pilots_at_deadline": self.pilots_then,
                "short_now": self.short_now}


def verdicts(prog: Progress, states_at: Callable[[date], list[CommunityState]]) -> list[TargetVerdict]:
    """Each target for this town or the city, judged on its deadline once passed (states_at(day) gives
    the registry as it stood that day)."""
    town = None if prog.place == CITY else prog.place
    result = []
    for check in prog.checks():
        deadline = check.target.deadline
        then = len(progress(states_at(deadline), deadline, town).pilots) if deadline <= prog.as_of else None
        result.append(TargetVerdict(check.target, check.needed, len(prog.pilots), then))
    return result


def progress(states: list[CommunityState], as_of: date, town: str | None = None) -> Progress:
    """Figures for one town, or the whole city when town is None."""
    mine = [s for s in states if town is None or s.town == town]
    pilots = tuple(s for s in mine if s.is_pilot)
    by_type = {name: sum(1 for s in pilots if s.community_type == name) for name in type_names()}
    return Progress(town or CITY, as_of, len(mine), sum(1 for s in mine if s.community_type), pilots, by_type)


@dataclass(frozen=True)
class LeadCheck:
    community_type: str
    pilots: int

    @property
    def short(self) -> int:
        return max(0, MIN_PILOTS_PER_LEAD_TYPE - self.pilots)


@dataclass(frozen=True)
class LeadTypes:
    towns: dict[str, tuple[str, ...]]
    sample: bool  # True while the file is the shipped sample, not the annex's assignment


@lru_cache(maxsize=4)
def load_lead_types(path: Path) -> LeadTypes:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    towns = {town: tuple(types) for town, types in (raw.get("towns") or {}).items()}
    unknown = sorted({t for types in towns.values() for t in types} - set(type_names()))
    if unknown:
        raise ValueError(f"{path}: 未知的类型 {'、'.join(unknown)}")
    return LeadTypes(towns, bool(raw.get("sample", False)))


def lead_checks(prog: Progress, lead_types: LeadTypes) -> list[LeadCheck]:
    return [LeadCheck(t, prog.by_type.get(t, 0)) for t in lead_types.towns.get(prog.place, ())]
