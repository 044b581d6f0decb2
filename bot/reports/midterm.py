"""The figures of the mid-term evaluation (中期评估) for a town, a community or the city, as of a date.

Everything comes from the functions the chat, the dashboard and the API already use, so the report can never
disagree with them. What the data keeps history for is counted as things stood at the end of `as_of` (China
date): the registry (coverage, types, lead types), the needs filed and their dimensions, the rates (needs filed
by then, their timeliness as of then), the cases marked by then. The catalogs' 先治理/待治理 split and the work
past its time limits have no history: they are counted when the report is made, and the report says so.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from bot.catalog.db import Catalog
from bot.clock import CHINA
from bot.figures import (
    Area,
    CatalogFigures,
    LateFigures,
    catalog_figures,
    community_ids,
    late_figures,
    needs_between,
    utc_bounds,
)
from bot.needs.deadlines import TimeLimits, configured_limits
from bot.needs.visits import Rates, rates
from bot.projects.cases import Case, list_cases
from bot.registry.progress import CITY, LeadTypes, TargetVerdict, lead_checks, percent_text, progress, verdicts
from bot.registry.service import registry_reader
from bot.vocab.community_types import type_names


@dataclass(frozen=True)
class CoveragePoint:
    """The area's coverage on one day (a target's deadline, or the report's date)."""

    label: str
    day: date
    pilots: int
    communities: int

    @property
    def text(self) -> str:
        return percent_text(self.pilots, self.communities)

    @property
    def percent(self) -> float:
        return 100 * self.pilots / self.communities if self.communities else 0.0


@dataclass(frozen=True)
class LeadRow:
    town: str
    community_type: str
    pilots: int
    short: int  # pilots missing to the 2 a lead type needs


@dataclass(frozen=True)
class TypeRow:
    community_type: str
    communities: int
    pilots: int


@dataclass(frozen=True)
class TownRow:
    town: str
    communities: int
    pilots: int
    coverage_text: str


@dataclass(frozen=True)
class MidtermReport:
    area: str  # 城厢镇, 城厢镇南园社区 or 全市
    town: str | None
    community: str | None  # official name, for a community cadre's report
    as_of: date
    generated_at: datetime  # China time
    # the registry, of the town (a community's report shows its town: coverage is a town's figure)
    registry_place: str
    communities: int
    classified: int
    pilots: int
    coverage_text: str
    targets: tuple[TargetVerdict, ...]
    coverage_points: tuple[CoveragePoint, ...]  # at each deadline passed by as_of, and on as_of
    towns: tuple[TownRow, ...]  # the city's report: each town on as_of
    types: tuple[TypeRow, ...]
    lead_types: tuple[LeadRow, ...]
    lead_types_sample: bool
    pilot_list: tuple[tuple[str, str, str], ...]  # (place, type, pilot since)
    # the catalogs of the area
    needs_filed: int  # filed by the end of as_of
    by_category: tuple[tuple[str, int], ...]  # of those, most first
    catalogs_now: CatalogFigures  # as the catalogs stand when the report is made
    rates: Rates
    late: LateFigures  # when the report is made
    limits_sample: bool
    cases: tuple[Case, ...]


def collect(catalog: Catalog, lead_types: LeadTypes, as_of: date, town: str | None = None,
            community: str | None = None, community_label: str | None = None,
            now: datetime | None = None, limits: TimeLimits | None = None) -> MidtermReport:
    """The report's figures; `now` is UTC without a zone (default: the clock)."""
    as_they_stand = now is None  # the rates then come from the kept counters, unless the report is of a past day
    now = now or datetime.now(timezone.utc).replace(tzinfo=None)
    limits = limits or configured_limits()
    states_at = registry_reader(catalog)
    prog = progress(states_at(as_of), as_of, town)
    judged = tuple(verdicts(prog, states_at))
    points = tuple(CoveragePoint(f"{v.target.deadline.year}年底", v.target.deadline, v.pilots_then, prog.communities)
                   for v in judged if v.passed)
    points += (CoveragePoint(f"截至{as_of.isoformat()}", as_of, len(prog.pilots), prog.communities),)
    towns = () if town else tuple(_town_row(progress(states_at(as_of), as_of, name))
                                  for name in dict.fromkeys(s.town for s in states_at(as_of)))
    mine = [s for s in states_at(as_of) if town in (None, s.town)]
    classified = Counter(s.community_type for s in mine if s.community_type)
    types = tuple(TypeRow(name, classified[name], prog.by_type.get(name, 0)) for name in type_names())
    lead_towns = [town] if town else list(lead_types.towns)
    leads = tuple(LeadRow(name, c.community_type, c.pilots, c.short) for name in lead_towns
                  for c in lead_checks(progress(states_at(as_of), as_of, name), lead_types))
    pilots = tuple((s.label if town is None else s.label[len(s.town):], s.community_type or "",
                    s.pilot_since.isoformat() if s.pilot_since else "") for s in prog.pilots)

    area = Area(town, community)
    ids = community_ids(catalog, area)
    _, end_of_day = utc_bounds(None, as_of + timedelta(days=1))
    filed, by_category = needs_between(catalog, area, None, as_of + timedelta(days=1))
    return MidtermReport(
        area=community_label or town or CITY, town=town, community=community, as_of=as_of,
        generated_at=now.replace(tzinfo=timezone.utc).astimezone(CHINA),
        registry_place=prog.place, communities=prog.communities, classified=prog.classified,
        pilots=len(prog.pilots), coverage_text=prog.coverage_text, targets=judged, coverage_points=points,
        towns=towns, types=types, lead_types=leads, lead_types_sample=lead_types.sample, pilot_list=pilots,
        needs_filed=filed, by_category=by_category, catalogs_now=catalog_figures(catalog, area),
        rates=rates(catalog, ids, None, end_of_day, None if as_they_stand and now < end_of_day else min(now, end_of_day)),
        late=late_figures(catalog, area, now, limits), limits_sample=limits.sample,
        cases=tuple(list_cases(catalog, ids, until=end_of_day, types_on=as_of)),
    )


def _town_row(prog) -> TownRow:
    return TownRow(prog.place, prog.communities, len(prog.pilots), prog.coverage_text)


def share_text(value: float | None) -> str:
    """A rate as the chat and the dashboard write it: one decimal, "—" when nothing can be counted yet."""
    return "—" if value is None else f"{value * 100:.1f}%"


def default_filename(report: MidtermReport, extension: str) -> str:
    return f"中期评估_{report.area}_{report.as_of.isoformat()}.{extension}"
