"""Services on the pilot registry: record types and pilots, read the state as of a date.

Facts are appended, never edited (see RegistryChangeRow). A chat command adds a fact from a
date on; an imported sheet is the community's corrected timeline and supersedes its earlier
facts. The state of a community on a date is its latest effective fact that is not superseded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.catalog.db import Catalog
from bot.catalog.models import CommunityRow, RegistryChangeRow, TownRow, utcnow
from bot.vocab.community_types import fits_kind, names_of_kind, type_names


class RegistryError(ValueError):
    """A registry change that cannot be made; the message is safe to show a cadre."""


@dataclass(frozen=True)
class Fact:
    effective_on: date
    community_type: str | None
    is_pilot: bool


@dataclass(frozen=True)
class CommunityState:
    community_id: int
    community: str  # official name
    label: str  # town + common name, for replies
    town: str
    kind: str
    community_type: str | None
    is_pilot: bool
    pilot_since: date | None
    classified_on: date | None


@dataclass(frozen=True)
class Place:
    community_id: int
    community: str
    label: str
    town: str
    kind: str


def places(session: Session) -> list[Place]:
    rows = session.execute(
        select(CommunityRow.id, CommunityRow.name, CommunityRow.common_name, CommunityRow.kind, TownRow.name)
        .join(TownRow, TownRow.id == CommunityRow.town_id).order_by(CommunityRow.code)
    ).all()
    return [Place(i, name, f"{town}{common}", town, kind) for i, name, common, kind, town in rows]


def registry_states(session: Session, as_of: date) -> list[CommunityState]:
    """Every community's type and pilot status on a date (all 160, classified or not)."""
    facts: dict[int, list[RegistryChangeRow]] = {}
    query = (select(RegistryChangeRow)
             .where(RegistryChangeRow.superseded_at.is_(None), RegistryChangeRow.effective_on <= as_of)
             .order_by(RegistryChangeRow.effective_on, RegistryChangeRow.id))
    for fact in session.execute(query).scalars():
        facts.setdefault(fact.community_id, []).append(fact)
    return [_state(place, facts.get(place.community_id, [])) for place in places(session)]


def registry_reader(catalog) -> Callable[[date], list[CommunityState]]:
    """The registry as it stood on a day, read once per day asked (a target's deadline, today)."""
    read: dict[date, list[CommunityState]] = {}

    def states_at(day: date) -> list[CommunityState]:
        if day not in read:
            with catalog.unit_of_work() as session:
                read[day] = registry_states(session, day)
        return read[day]

    return states_at


def _state(place: Place, facts: list[RegistryChangeRow]) -> CommunityState:
    community_type, pilot, pilot_since, classified_on = None, False, None, None
    for fact in facts:
        if fact.community_type != community_type or classified_on is None:
            classified_on = fact.effective_on if fact.community_type else None
        if fact.is_pilot and not pilot:
            pilot_since = fact.effective_on
        community_type, pilot = fact.community_type, fact.is_pilot and bool(fact.community_type)
    return CommunityState(
        place.community_id, place.community, place.label, place.town, place.kind, community_type,
        pilot, pilot_since if pilot else None, classified_on if community_type else None,
    )


def current_facts(session: Session, community_id: int) -> list[Fact]:
    rows = session.execute(
        select(RegistryChangeRow)
        .where(RegistryChangeRow.community_id == community_id, RegistryChangeRow.superseded_at.is_(None))
        .order_by(RegistryChangeRow.effective_on, RegistryChangeRow.id)
    ).scalars()
    return [Fact(r.effective_on, r.community_type, r.is_pilot) for r in rows]


def add_fact(session: Session, community_id: int, fact: Fact, author: str, source: str, note: str = "") -> None:
    session.add(RegistryChangeRow(
        community_id=community_id, effective_on=fact.effective_on, community_type=fact.community_type,
        is_pilot=fact.is_pilot, author=author, source=source, note=note,
    ))


def replace_facts(session: Session, community_id: int, facts: Iterable[Fact], author: str, source: str) -> bool:
    """Make these facts the community's timeline; False when it already was exactly that."""
    wanted = list(facts)
    if current_facts(session, community_id) == wanted:
        return False
    now = utcnow()
    for row in session.execute(
        select(RegistryChangeRow)
        .where(RegistryChangeRow.community_id == community_id, RegistryChangeRow.superseded_at.is_(None))
    ).scalars():
        row.superseded_at = now
    for fact in wanted:
        add_fact(session, community_id, fact, author, source)
    return True


# -- single changes (chat and command line) -----------------------------------------------------
@dataclass(frozen=True)
class Change:
    community: str  # label
    community_type: str | None
    is_pilot: bool
    effective_on: date
    before_type: str | None
    before_pilot: bool
    changed: bool
    scheduled: bool = False  # effective_on is still to come: today's state is before_*
    later: tuple[Fact, ...] = ()  # facts recorded for dates after effective_on, rewritten by the command
    moved_from: date | None = None  # a pilot start moved later, from this date


def change_registry(
    catalog: Catalog, community: str, *, community_type: str | None = None, pilot: bool | None = None,
    effective_on: date, author: str, source: str, today: date | None = None, apply: bool = True,
) -> Change:
    """Set a community's type and/or pilot status from a date on (a chat or CLI command).

    apply=False checks the change and says what it would do, writing nothing (the preview a
    cadre confirms in chat).

    "From that date on" holds until today: facts recorded for later dates keep what they say
    about the other attribute but take the commanded one, so a backdated command (新塘村设为试点
    从2023年3月1日起) restores history instead of being hidden by later records.
    """
    if community_type is not None and community_type not in type_names():
        raise RegistryError(f"没有“{community_type}”这种类型；八种类型是：{'、'.join(type_names())}")
    with catalog.unit_of_work() as session:
        place = next((p for p in places(session) if p.community == community), None)
        if place is None:
            raise RegistryError(f"太仓没有叫“{community}”的村或社区")
        today = today or effective_on
        before = _state_of(session, place, today)
        at_start = _state_of(session, place, effective_on)
        facts = current_facts(session, place.community_id)
        moved_from = None
        if pilot and at_start.is_pilot and at_start.pilot_since and at_start.pilot_since < effective_on:
            # "设为试点 从D起" for a pilot since an earlier date corrects the start date to D
            moved_from = at_start.pilot_since
            facts = [Fact(f.effective_on, f.community_type, False) if moved_from <= f.effective_on < effective_on
                     else f for f in facts]
        wanted = _with(Fact(effective_on, at_start.community_type, at_start.is_pilot), community_type, pilot)
        later = [f for f in facts if f.effective_on > effective_on]
        timeline = [wanted] + [_with(f, community_type, pilot) for f in later]
        for fact in timeline:
            _check(place, fact)
        earlier = [f for f in facts if f.effective_on <= effective_on]
        if moved_from:
            earlier.append(Fact(moved_from, at_start.community_type, False))
        changed = _effective(earlier + timeline) != _effective(current_facts(session, place.community_id))
        if changed and apply:
            if later or moved_from:
                replace_facts(session, place.community_id, earlier + timeline, author, source)
            else:
                add_fact(session, place.community_id, wanted, author, source)
        upto = max(today, effective_on)
        after = _state(place, [f for f in sorted(earlier + timeline, key=lambda f: f.effective_on)
                               if f.effective_on <= upto]) if changed else before
        rewritten = [_with(f, community_type, pilot) for f in later if f != _with(f, community_type, pilot)]
        return Change(community=place.label, community_type=after.community_type, is_pilot=after.is_pilot,
                      effective_on=effective_on, before_type=before.community_type, before_pilot=before.is_pilot,
                      changed=changed, scheduled=effective_on > today, later=tuple(rewritten),
                      moved_from=moved_from if changed else None)


def _state_of(session: Session, place: Place, day: date) -> CommunityState:
    return next(s for s in registry_states(session, day) if s.community_id == place.community_id)


def _with(fact: Fact, community_type: str | None, pilot: bool | None) -> Fact:
    return Fact(fact.effective_on, community_type or fact.community_type,
                fact.is_pilot if pilot is None else pilot)


def _effective(facts: list[Fact]) -> list[tuple]:
    """The states a timeline produces, day by day where it changes (to compare two timelines)."""
    result, state = [], (None, False)
    for fact in sorted(facts, key=lambda f: f.effective_on):
        new = (fact.community_type, fact.is_pilot and bool(fact.community_type))
        if new != state:
            result.append((fact.effective_on, *new))
            state = new
    return result


def _check(place: Place, fact: Fact) -> None:
    if fact.community_type is None and fact.is_pilot:
        when = fact.effective_on.isoformat()
        raise RegistryError(f"{place.label}在{when}时还没有分类，请把类型一起写上，例如："
                            f"{place.label[len(place.town):]}定为{_example(place.kind)}并设为试点 从{when}起")
    if fact.community_type is not None and not fits_kind(fact.community_type, place.kind):
        raise RegistryError(_kind_message(place.label, place.kind, fact.community_type))


def _example(kind: str) -> str:
    return names_of_kind(kind)[1 if kind == "社区" else 0]  # 老街巷社区 for a 社区, 传统乡村 for a 村


def _kind_message(label: str, kind: str, type_name: str) -> str:
    allowed = "、".join(names_of_kind(kind))
    return f"{label}是{'居委会（社区）' if kind == '社区' else '村委会（村）'}，不能归为{type_name}；可选：{allowed}"


def kind_problem(label: str, kind: str, type_name: str) -> str | None:
    """Why a type cannot apply to a committee of this kind, or None when it can."""
    return None if fits_kind(type_name, kind) else _kind_message(label, kind, type_name)


@dataclass(frozen=True)
class HistoryEntry:
    effective_on: str
    community_type: str
    is_pilot: bool
    author: str
    source: str
    recorded_at: str
    superseded: bool


def registry_history(catalog: Catalog, community: str) -> list[HistoryEntry]:
    """Everything ever recorded about a community, superseded facts included, oldest first."""
    with catalog.unit_of_work() as session:
        rows = session.execute(
            select(RegistryChangeRow).join(CommunityRow, CommunityRow.id == RegistryChangeRow.community_id)
            .where(CommunityRow.name == community).order_by(RegistryChangeRow.id)
        ).scalars()
        return [
            HistoryEntry(r.effective_on.isoformat(), r.community_type or "未分类", r.is_pilot, r.author, r.source,
                         r.recorded_at.strftime("%Y-%m-%d %H:%M"), r.superseded_at is not None)
            for r in rows
        ]
