"""The eight community types, their short forms, and reading one from what a cadre typed."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

_DATA = Path(__file__).resolve().parent.parent / "data" / "community_types.yml"


@dataclass(frozen=True)
class CommunityType:
    name: str  # the plan's Chinese name, stored in the registry
    english: str
    group: str  # urban or rural
    kind: str  # 社区 or 村: the committee kind the type applies to
    short: tuple[str, ...]


@lru_cache(maxsize=1)
def community_types() -> tuple[CommunityType, ...]:
    raw = yaml.safe_load(_DATA.read_text(encoding="utf-8"))
    return tuple(
        CommunityType(name=name, english=spec["english"], group=spec["group"], kind=spec["kind"],
                      short=tuple(spec.get("short", ())))
        for name, spec in raw.items()
    )


def type_names() -> tuple[str, ...]:
    return tuple(t.name for t in community_types())


def type_aliases() -> list[tuple[str, str]]:
    """Every way to write a type (full name, short forms), longest first, with its name."""
    pairs = [(alias, t.name) for t in community_types() for alias in (t.name, *t.short)]
    return sorted(pairs, key=lambda pair: -len(pair[0]))


def normalize_type(text: str | None) -> str | None:
    """The type a text names exactly (老街巷 → 老街巷社区), or None."""
    if not text:
        return None
    value = "".join(text.split())
    for alias, name in type_aliases():
        if value == alias:
            return name
    return None


def find_type(text: str) -> str | None:
    """The type named anywhere inside a sentence (the longest alias wins), or None."""
    for alias, name in type_aliases():
        if alias in text:
            return name
    return None


def fits_kind(type_name: str, committee_kind: str) -> bool:
    """Urban types are for 社区, rural types for 村 (村改居社区 is a 社区 by definition)."""
    return next(t for t in community_types() if t.name == type_name).kind == committee_kind


def names_of_kind(committee_kind: str) -> tuple[str, ...]:
    """The types a committee of this kind (社区 or 村) may take, in the plan's order."""
    return tuple(t.name for t in community_types() if t.kind == committee_kind)
