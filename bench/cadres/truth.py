"""The right answer to each measure of the cadre-question suite, counted with plain SQL.

Deliberately independent of the assistant: nothing here imports bot.figures, bot.registry or
bot.cadres. A registry state "as of" a day is the latest effective fact not superseded; the
targets are the plan's (at least 30% by 2022-12-31, more than 60% by 2023-12-31).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml
from sqlalchemy import create_engine, text

CHINA = timezone(timedelta(hours=8))
OPEN = "('received', 'in_progress', 'reopened')"
# A match that counts: taken up by a cadre, or proposed with evidence (README, "Matching and the project catalog").
COUNTED_MATCH = "(m.status IN ('confirmed', 'in_progress') OR (m.status = 'proposed' AND m.strength = 'strong'))"
TARGETS = {"2022": (date(2022, 12, 31), 30, False), "2023": (date(2023, 12, 31), 60, True)}
LEAD_TYPES = Path(__file__).resolve().parents[2] / "bot" / "data" / "lead_types.sample.yml"
_CALL = re.compile(r"^\s*(\w+)\s*\((.*)\)\s*$")


@dataclass(frozen=True)
class Call:
    name: str
    args: dict[str, str]


def parse(expression: str) -> Call:
    match = _CALL.match(expression)
    if not match:
        raise ValueError(f"not a measure: {expression!r}")
    args = {}
    for part in filter(None, (p.strip() for p in match.group(2).split(","))):
        key, _, value = part.partition("=")
        args[key.strip()] = value.strip()
    return Call(match.group(1), args)


def day(word: str | None, today: date) -> date | None:
    """A date argument: YYYY-MM-DD or a word evaluated on `today`."""
    if not word:
        return None
    first_of_month = today.replace(day=1)
    last_month_end = first_of_month - timedelta(days=1)
    words = {
        "today": today, "year_start": date(today.year, 1, 1), "last_year_start": date(today.year - 1, 1, 1),
        "last_year_end": date(today.year - 1, 12, 31), "month_start": first_of_month,
        "last_month_start": last_month_end.replace(day=1), "last_month_end": last_month_end,
        "week_start": today - timedelta(days=today.weekday()),
    }
    return words[word] if word in words else date.fromisoformat(word)


def percent(part: int, whole: int) -> Decimal:
    if not whole:
        return Decimal("0.0")
    return (Decimal(part * 100) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class Truth:
    """Measures over one database, evaluated on one day."""

    def __init__(self, database_url: str, today: date | None = None) -> None:
        self.engine = create_engine(database_url)
        self.today = today or datetime.now(CHINA).date()
        self.lead_types = yaml.safe_load(LEAD_TYPES.read_text(encoding="utf-8"))["towns"]

    def close(self) -> None:
        self.engine.dispose()

    def evaluate(self, expression: str):
        call = parse(expression)
        return getattr(self, f"m_{call.name}")(**call.args)

    # -- registry ---------------------------------------------------------------------------------
    def _states(self, at: date) -> list[dict]:
        sql = text(
            "SELECT c.id, c.common_name AS name, c.kind, t.name AS town, r.community_type AS type, r.is_pilot AS pilot "
            "FROM communities c JOIN towns t ON t.id = c.town_id "
            "LEFT JOIN registry_changes r ON r.id = (SELECT r2.id FROM registry_changes r2 "
            "  WHERE r2.community_id = c.id AND r2.superseded_at IS NULL AND r2.effective_on <= :d "
            "  ORDER BY r2.effective_on DESC, r2.id DESC LIMIT 1)")
        with self.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(sql, {"d": at})]

    def _rows(self, town=None, at=None, **_) -> list[dict]:
        rows = self._states(day(at, self.today) or self.today)
        return [r for r in rows if town is None or r["town"] == town]

    def m_places(self, town=None, kind=None) -> int:
        return sum(1 for r in self._rows(town) if kind is None or r["kind"] == kind)

    def _pilots(self, town=None, type=None, at=None) -> list[str]:
        return [r["name"] for r in self._rows(town, at) if r["pilot"] and (type is None or r["type"] == type)]

    def m_pilots(self, town=None, type=None, at=None) -> list[str]:
        return self._pilots(town, type, at)

    def m_classified(self, town=None, type=None) -> int:
        return sum(1 for r in self._rows(town) if r["type"] and (type is None or r["type"] == type))

    def m_unclassified(self, town=None) -> list[str]:
        return [r["name"] for r in self._rows(town) if not r["type"]]

    def m_new_pilots(self, town=None, **period) -> list[str]:
        start = day(period.get("from"), self.today)
        end = day(period.get("to"), self.today) or self.today
        before = set(self._pilots(town, at=(start - timedelta(days=1)).isoformat()))
        return [name for name in self._pilots(town, at=end.isoformat()) if name not in before]

    def m_coverage(self, town=None, at=None) -> Decimal:
        rows = self._rows(town, at)
        return percent(sum(1 for r in rows if r["pilot"]), len(rows))

    @staticmethod
    def _needed(target: str, communities: int) -> int:
        _, share, strict = TARGETS[target]
        return communities * share // 100 + 1 if strict else math.ceil(communities * share / 100)

    def m_gap(self, target, town=None) -> int:
        deadline = TARGETS[target][0]
        at = min(deadline, self.today).isoformat()
        return max(0, self._needed(target, len(self._rows(town))) - len(self._pilots(town, at=at)))

    def m_gap_now(self, target, town=None) -> int:
        return max(0, self._needed(target, len(self._rows(town))) - len(self._pilots(town)))

    def m_met(self, target, town=None) -> bool:
        return self.m_gap(target, town) == 0

    def m_lead_gap(self, town, type) -> int:
        return max(0, 2 - len(self._pilots(town, type)))

    def m_lead_short(self, town) -> list[str]:
        return [t for t in self.lead_types[town] if self.m_lead_gap(town, t)]

    def m_lead_ok(self, town) -> bool:
        return not self.m_lead_short(town)

    def m_type_of(self, community, town=None) -> str | None:
        return next((r["type"] for r in self._rows(town) if r["name"] == community), None)

    def m_is_pilot(self, community, town=None) -> bool:
        return community in self._pilots(town)

    def _towns(self) -> list[str]:
        with self.engine.connect() as connection:
            return [name for (name,) in connection.execute(text("SELECT name FROM towns ORDER BY id"))]

    def m_towns_meeting(self, target) -> list[str]:
        return [t for t in self._towns() if self.m_met(target, t)]

    def m_towns_short(self, target) -> list[str]:
        return [t for t in self._towns() if not self.m_met(target, t)]

    def m_towns_without_pilots(self) -> list[str]:
        return [t for t in self._towns() if not self._pilots(t)]

    # -- catalogs ---------------------------------------------------------------------------------
    def _place_filter(self, alias: str, town=None, community=None) -> tuple[str, dict]:
        sql, params = "", {}
        if town:
            sql += f" AND {alias}.community_id IN (SELECT c.id FROM communities c JOIN towns t ON t.id = c.town_id " \
                   "WHERE t.name = :town)"
            params["town"] = town
        if community:
            sql += f" AND {alias}.community_id IN (SELECT id FROM communities WHERE common_name = :community " \
                   "OR name = :community)"
            params["community"] = community
        return sql, params

    def _utc(self, word: str | None, end: bool = False) -> datetime | None:
        value = day(word, self.today)
        if value is None:
            return None
        start = datetime.combine(value + timedelta(days=1 if end else 0), datetime.min.time(), CHINA)
        return start.astimezone(timezone.utc).replace(tzinfo=None)

    def _need_rows(self, town=None, community=None, category=None, state=None, **period) -> list[tuple]:
        where, params = self._place_filter("n", town, community)
        if category:
            where += " AND n.category = :category"
            params["category"] = category
        if state == "open":
            where += f" AND n.status IN {OPEN}"
        elif state == "done":  # 解决: solved
            where += " AND n.status = 'done'"
        elif state == "finished":  # 办结: solved or closed, as the finished rate counts it
            where += " AND n.status IN ('done', 'closed')"
        low, high = self._utc(period.get("from")), self._utc(period.get("to"), end=True)
        if low:
            where += " AND n.created_at >= :low"
            params["low"] = low
        if high:
            where += " AND n.created_at < :high"
            params["high"] = high
        sql = ("SELECT n.tracking_id, t.name, c.common_name, n.category FROM needs n "
               "JOIN communities c ON c.id = n.community_id JOIN towns t ON t.id = c.town_id WHERE 1 = 1" + where)
        with self.engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql), params)]

    def m_needs(self, **kwargs) -> int:
        return len(self._need_rows(**kwargs))

    def m_projects(self, tier, town=None, community=None) -> list[str]:
        where, params = self._place_filter("n", town, community)
        sql = (f"SELECT n.tracking_id FROM needs n JOIN projects p ON p.need_id = n.id "
               f"WHERE p.tier = :tier AND n.status IN {OPEN}" + where + " ORDER BY n.id")
        with self.engine.connect() as connection:
            return [tid for (tid,) in connection.execute(text(sql), {**params, "tier": tier})]

    def m_resources(self, town=None, community=None) -> list[str]:
        sql, params = "SELECT r.tracking_id FROM resources r WHERE r.status = 'active'", {}
        if community:
            sql += (" AND r.scope = 'community' AND r.community_id IN "
                    "(SELECT id FROM communities WHERE common_name = :community OR name = :community)")
            params["community"] = community
        elif town:
            sql += (" AND ((r.scope = 'community' AND r.community_id IN (SELECT c.id FROM communities c "
                    "JOIN towns t ON t.id = c.town_id WHERE t.name = :town)) OR (r.scope = 'town' AND r.town_id = "
                    "(SELECT id FROM towns WHERE name = :town)))")
            params["town"] = town
        with self.engine.connect() as connection:
            return [tid for (tid,) in connection.execute(text(sql + " ORDER BY r.id"), params)]

    def m_matches(self, resource) -> list[str]:
        sql = (f"SELECT n.tracking_id FROM matches m JOIN needs n ON n.id = m.need_id JOIN resources r "
               f"ON r.id = m.resource_id WHERE r.tracking_id = :resource AND {COUNTED_MATCH} ORDER BY n.id")
        with self.engine.connect() as connection:
            return [tid for (tid,) in connection.execute(text(sql), {"resource": resource})]

    @staticmethod
    def _most(values: list[str]) -> list[str]:
        """Every value tied for the most (a tie accepts either)."""
        counts: dict[str, int] = {}
        for value in values:
            counts[value] = counts.get(value, 0) + 1
        top = max(counts.values(), default=0)
        return [v for v, n in counts.items() if n == top]

    def m_town_most_needs(self, **period) -> list[str]:
        return self._most([row[1] for row in self._need_rows(**period)])

    def m_community_most_needs(self, town, **period) -> list[str]:
        return self._most([row[2] for row in self._need_rows(town=town, **period)])

    def m_category_most(self, town=None, community=None, **period) -> list[str]:
        return self._most([row[3] for row in self._need_rows(town=town, community=community, **period)])

    def candidates(self, expression: str) -> list[str]:
        """What a `top` answer may name instead (every town, community or category)."""
        call = parse(expression)
        with self.engine.connect() as connection:
            if call.name == "town_most_needs":
                return self._towns()
            if call.name == "category_most":
                return [c for (c,) in connection.execute(text("SELECT DISTINCT category FROM needs"))]
            return [r["name"] for r in self._rows(call.args.get("town"))]
