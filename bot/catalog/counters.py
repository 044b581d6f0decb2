"""Counters of needs and resources per place, kept by the database itself.

Cadres ask for city-wide figures over catalogs of up to a million needs; grouping the needs
table for each question takes too long, so triggers keep small counter tables exact in the
same transaction as every insert, update and delete, whichever code path writes. A catalog
whose database has no triggers here (anything but SQLite for now) is counted by scanning.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from bot.catalog.rate_counters import RATE_TRIGGERS, REBUILD_RATES

_NEED_KEY = "community_id, category, status, tier"
_RESOURCE_KEY = "scope, community_id, town_id, status"


def _bump(table: str, key: str, select_values: str, delta: int) -> str:
    """An upsert adding delta to the counter row the SELECT names."""
    return (f"INSERT INTO {table} ({key}, n) {select_values.replace('@N', str(delta))} "
            f"ON CONFLICT ({key}) DO UPDATE SET n = n + ({delta});")


_PROJECT_TIER = "COALESCE((SELECT tier FROM projects WHERE need_id = {id}), '')"

_SQLITE_TRIGGERS = {
    "trg_need_counts_insert": f"""
        CREATE TRIGGER trg_need_counts_insert AFTER INSERT ON needs BEGIN
          {_bump("need_counts", _NEED_KEY,
                 "SELECT NEW.community_id, NEW.category, NEW.status, " + _PROJECT_TIER.format(id="NEW.id")
                 + ", @N WHERE true", 1)}
        END""",
    "trg_need_counts_update": f"""
        CREATE TRIGGER trg_need_counts_update AFTER UPDATE OF community_id, category, status ON needs
        WHEN OLD.community_id IS NOT NEW.community_id OR OLD.category IS NOT NEW.category
             OR OLD.status IS NOT NEW.status BEGIN
          {_bump("need_counts", _NEED_KEY,
                 "SELECT OLD.community_id, OLD.category, OLD.status, " + _PROJECT_TIER.format(id="OLD.id")
                 + ", @N WHERE true", -1)}
          {_bump("need_counts", _NEED_KEY,
                 "SELECT NEW.community_id, NEW.category, NEW.status, " + _PROJECT_TIER.format(id="NEW.id")
                 + ", @N WHERE true", 1)}
        END""",
    "trg_need_counts_delete": f"""
        CREATE TRIGGER trg_need_counts_delete AFTER DELETE ON needs BEGIN
          {_bump("need_counts", _NEED_KEY,
                 "SELECT OLD.community_id, OLD.category, OLD.status, " + _PROJECT_TIER.format(id="OLD.id")
                 + ", @N WHERE true", -1)}
        END""",
    "trg_project_counts_insert": f"""
        CREATE TRIGGER trg_project_counts_insert AFTER INSERT ON projects BEGIN
          {_bump("need_counts", _NEED_KEY,
                 "SELECT community_id, category, status, '', @N FROM needs WHERE id = NEW.need_id", -1)}
          {_bump("need_counts", _NEED_KEY,
                 "SELECT community_id, category, status, NEW.tier, @N FROM needs WHERE id = NEW.need_id", 1)}
        END""",
    "trg_project_counts_update": f"""
        CREATE TRIGGER trg_project_counts_update AFTER UPDATE OF tier ON projects
        WHEN OLD.tier IS NOT NEW.tier BEGIN
          {_bump("need_counts", _NEED_KEY,
                 "SELECT community_id, category, status, OLD.tier, @N FROM needs WHERE id = OLD.need_id", -1)}
          {_bump("need_counts", _NEED_KEY,
                 "SELECT community_id, category, status, NEW.tier, @N FROM needs WHERE id = NEW.need_id", 1)}
        END""",
    "trg_project_counts_delete": f"""
        CREATE TRIGGER trg_project_counts_delete AFTER DELETE ON projects BEGIN
          {_bump("need_counts", _NEED_KEY,
                 "SELECT community_id, category, status, OLD.tier, @N FROM needs WHERE id = OLD.need_id", -1)}
          {_bump("need_counts", _NEED_KEY,
                 "SELECT community_id, category, status, '', @N FROM needs WHERE id = OLD.need_id", 1)}
        END""",
}
def _row_triggers(name: str, table: str, counter: str, key: str, values: str, columns: str) -> dict[str, str]:
    """Insert, update (of these columns) and delete triggers moving one row's count."""
    bump = {ref: {d: _bump(counter, key, values.format(r=ref), d) for d in (1, -1)} for ref in ("NEW", "OLD")}
    return {
        f"trg_{name}_insert": f"CREATE TRIGGER trg_{name}_insert AFTER INSERT ON {table} BEGIN {bump['NEW'][1]} END",
        f"trg_{name}_update": (f"CREATE TRIGGER trg_{name}_update AFTER UPDATE OF {columns} ON {table} BEGIN "
                               f"{bump['OLD'][-1]} {bump['NEW'][1]} END"),
        f"trg_{name}_delete": f"CREATE TRIGGER trg_{name}_delete AFTER DELETE ON {table} BEGIN {bump['OLD'][-1]} END",
    }


_SQLITE_TRIGGERS.update(_row_triggers(
    "resource_counts", "resources", "resource_counts", _RESOURCE_KEY,
    "SELECT {r}.scope, COALESCE({r}.community_id, 0), COALESCE({r}.town_id, 0), {r}.status, @N WHERE true",
    "scope, community_id, town_id, status",
))
_MONTH_KEY = "community_id, month, category"
_SQLITE_TRIGGERS.update(_row_triggers(
    "need_month_counts", "needs", "need_month_counts", _MONTH_KEY,
    "SELECT {r}.community_id, strftime('%Y-%m', {r}.created_at, '+8 hours'), {r}.category, @N WHERE true",
    "community_id, category, created_at",
))

_SQLITE_TRIGGERS.update(RATE_TRIGGERS)

_REBUILD = (
    "DELETE FROM need_counts",
    "INSERT INTO need_counts (community_id, category, status, tier, n) "
    "SELECT n.community_id, n.category, n.status, COALESCE(p.tier, ''), count(*) "
    "FROM needs AS n LEFT JOIN projects AS p ON p.need_id = n.id GROUP BY 1, 2, 3, 4",
    "DELETE FROM resource_counts",
    "INSERT INTO resource_counts (scope, community_id, town_id, status, n) "
    "SELECT scope, COALESCE(community_id, 0), COALESCE(town_id, 0), status, count(*) "
    "FROM resources GROUP BY 1, 2, 3, 4",
    "DELETE FROM need_month_counts",
    "INSERT INTO need_month_counts (community_id, month, category, n) "
    "SELECT community_id, strftime('%Y-%m', created_at, '+8 hours'), category, count(*) FROM needs GROUP BY 1, 2, 3",
    *REBUILD_RATES,
)


def counters_supported(engine: Engine) -> bool:
    return engine.url.get_backend_name() == "sqlite"


def install_counters(engine: Engine) -> bool:
    """Create the triggers that are missing and recount once; True when anything was created."""
    if not counters_supported(engine):
        return False
    with engine.begin() as connection:
        present = set(connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars())
        missing = [name for name in _SQLITE_TRIGGERS if name not in present]
        for name in missing:
            connection.execute(text(_SQLITE_TRIGGERS[name]))
        if missing:
            rebuild_counters(connection)
    return bool(missing)


def rebuild_counters(connection: Connection | Session) -> None:
    for statement in _REBUILD:
        connection.execute(text(statement))


@dataclass(frozen=True)
class NeedTally:
    category: str
    status: str
    tier: str
    n: int


def need_tallies(session: Session, community_ids: Iterable[int] | None, counted: bool) -> list[NeedTally]:
    """Needs of these communities (all when None) grouped by category, status and tier.

    At most 7 categories x 5 statuses x 3 tiers rows come back, whatever the catalog's size.
    """
    ids = None if community_ids is None else sorted({int(i) for i in community_ids})
    if counted:
        sql = "SELECT category, status, tier, sum(n) FROM need_counts WHERE n > 0"
        column = "community_id"
    else:
        sql = ("SELECT n.category, n.status, COALESCE(p.tier, ''), count(*) FROM needs AS n "
               "LEFT JOIN projects AS p ON p.need_id = n.id WHERE 1 = 1")
        column = "n.community_id"
    if ids is not None:
        sql += f" AND {in_list(column, ids)}"
    rows = session.execute(text(sql + " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"))
    return [NeedTally(c, s, t, int(n)) for c, s, t, n in rows]


@dataclass(frozen=True)
class ResourceTally:
    scope: str
    community_id: int
    town_id: int
    status: str
    n: int


def resource_tallies(session: Session, counted: bool) -> list[ResourceTally]:
    """Resources grouped by scope, place and status (a few hundred rows at most)."""
    if counted:
        sql = "SELECT scope, community_id, town_id, status, n FROM resource_counts WHERE n > 0"
    else:
        sql = ("SELECT scope, COALESCE(community_id, 0), COALESCE(town_id, 0), status, count(*) "
               "FROM resources GROUP BY 1, 2, 3, 4")
    return [ResourceTally(*row) for row in session.execute(text(sql))]


def monthly_by_category(session: Session, community_ids: list[int] | None, first_month: str | None,
                        end_month: str) -> dict[str, int]:
    """Needs filed in the China-time months [first_month, end_month) ("2026-01"), by category."""
    sql = "SELECT category, sum(n) FROM need_month_counts WHERE month < :end"
    params: dict[str, object] = {"end": end_month}
    if first_month is not None:
        sql += " AND month >= :first"
        params["first"] = first_month
    if community_ids is not None:
        sql += f" AND {in_list('community_id', community_ids)}"
    return {category: int(n) for category, n in session.execute(text(sql + " GROUP BY category"), params)}


def in_list(column: str, ids: Iterable[int]) -> str:
    """column IN (1, 2, 3) from integers (never from text), or a condition that is false when empty."""
    return f"{column} IN ({', '.join(str(int(i)) for i in ids) or 'NULL'})"
