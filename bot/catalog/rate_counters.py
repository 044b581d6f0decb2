"""Counters behind the call-back and on-time rates, kept by the database itself (SQLite, like counters.py).

The rates of a city of a million needs cannot be read need by need in the time a cadre waits. So each need
has one row of facts (need_rate_facts: was it taken up in time, finished in time, reopened, what its
reporter's latest call-back said), recomputed by triggers from the need, its history and its call-backs
whenever any of them is written; and the facts are summed per community and China-time day and month by
triggers on the facts. A period of whole months reads a few thousand month rows; the days of a cut month
come from the day rows.

Only one part of a rate depends on the time it is asked: a need not yet taken up (or not yet finished)
counts as due once its limit has passed. The sums count such unmet limits; the facts keep each limit while
it is unmet, under a partial index, so the ones still to come, a few weeks' needs at most, are counted at
the time of asking and taken away.

The facts are those of the history as it stands: a report as of a past day is counted from the history
itself (bot/needs/visits.py).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from bot.periods import whole_months
from bot.vocab import status as need_status

# Each counted column of a fact; the day and month rows hold their sums (and "needs", the rows counted).
COUNTED = ("visits", "supporter_visits", "contacted", "contacted_answers", "solved", "solved_answers", "satisfied",
           "basically_satisfied", "satisfaction_answers", "acknowledge_settled", "acknowledged_in_time",
           "finish_settled", "finished_in_time", "reopened", "ever_finished", "acknowledge_unmet", "finish_unmet")

_FINISHED = "(" + ", ".join(f"'{s}'" for s in need_status.FINISHED_STATUSES) + ")"
_FIRST_STEP = ("(SELECT created_at FROM need_updates WHERE id = (SELECT min(u.id) FROM need_updates AS u "
               "WHERE u.need_id = needs.id AND u.status {condition}))")

# One need's facts, from its own rows only (every lookup by need_id), as the exact count in visits.py reads them.
_FACTS_OF = f"""
    SELECT n.id, n.community_id, strftime('%Y-%m-%d', n.created_at, '+8 hours'),
           strftime('%Y-%m', n.created_at, '+8 hours'),
           v.id IS NOT NULL, n.supporters,
           COALESCE(v.contacted = 1, 0), v.contacted IS NOT NULL,
           COALESCE(v.solved = 1, 0), v.solved IS NOT NULL,
           COALESCE(v.satisfaction = '满意', 0), COALESCE(v.satisfaction = '基本满意', 0),
           COALESCE(v.satisfaction IN ('满意', '基本满意', '不满意'), 0),
           n.acknowledge_by IS NOT NULL AND n.taken_at IS NOT NULL, COALESCE(n.taken_at <= n.acknowledge_by, 0),
           n.finish_by IS NOT NULL AND n.done_at IS NOT NULL, COALESCE(n.done_at <= n.finish_by, 0),
           n.done_at IS NOT NULL AND n.was_reopened, n.done_at IS NOT NULL,
           n.acknowledge_by IS NOT NULL AND n.taken_at IS NULL, n.finish_by IS NOT NULL AND n.done_at IS NULL,
           CASE WHEN n.taken_at IS NULL THEN n.acknowledge_by END,
           CASE WHEN n.done_at IS NULL THEN n.finish_by END
    FROM (SELECT needs.id, needs.community_id, needs.created_at, needs.acknowledge_by, needs.finish_by,
                 {_FIRST_STEP.format(condition=f"!= '{need_status.RECEIVED}'")} AS taken_at,
                 {_FIRST_STEP.format(condition=f"IN {_FINISHED}")} AS done_at,
                 EXISTS (SELECT 1 FROM need_updates AS u WHERE u.need_id = needs.id
                         AND u.status = '{need_status.REOPENED}') AS was_reopened,
                 (SELECT w.id FROM visits AS w WHERE w.need_id = needs.id AND w.respondent = 'reporter'
                  ORDER BY w.created_at DESC, w.id DESC LIMIT 1) AS visit_id,
                 (SELECT count(*) FROM visits AS w WHERE w.need_id = needs.id
                  AND w.respondent = 'supporter') AS supporters
          FROM needs WHERE {{which}}) AS n
    LEFT JOIN visits AS v ON v.id = n.visit_id
    WHERE true"""

_FACT_COLUMNS = ("need_id, community_id, day, month, " + ", ".join(COUNTED)
                 + ", acknowledge_pending, finish_pending")
_KEPT = ", ".join(f"{c} = excluded.{c}" for c in _FACT_COLUMNS.split(", ")[1:])


def _refresh(need_id: str) -> str:
    """The upsert recomputing one need's facts (an update, so the facts' own triggers move the sums)."""
    return (f"INSERT INTO need_rate_facts ({_FACT_COLUMNS}) {_FACTS_OF.format(which=f'needs.id = {need_id}')} "
            f"ON CONFLICT (need_id) DO UPDATE SET {_KEPT};")


def _add(table: str, period: str, ref: str, sign: str) -> str:
    """Add (sign "") or take away (sign "-") one fact row's counts to its community's day or month row."""
    values = ", ".join(f"{sign}{ref}.{c}" for c in COUNTED)
    return (f"INSERT INTO {table} (community_id, {period}, needs, {', '.join(COUNTED)}) "
            f"VALUES ({ref}.community_id, {ref}.{period}, {sign}1, {values}) "
            f"ON CONFLICT (community_id, {period}) DO UPDATE SET needs = needs + excluded.needs, "
            + ", ".join(f"{c} = {c} + excluded.{c}" for c in COUNTED) + ";")


def _sums(ref: str, sign: str) -> str:
    return _add("rate_day_counts", "day", ref, sign) + " " + _add("rate_month_counts", "month", ref, sign)


RATE_TRIGGERS = {
    "trg_rate_facts_insert": f"CREATE TRIGGER trg_rate_facts_insert AFTER INSERT ON need_rate_facts BEGIN "
                             f"{_sums('NEW', '')} END",
    "trg_rate_facts_update": f"CREATE TRIGGER trg_rate_facts_update AFTER UPDATE ON need_rate_facts BEGIN "
                             f"{_sums('OLD', '-')} {_sums('NEW', '')} END",
    "trg_rate_facts_delete": f"CREATE TRIGGER trg_rate_facts_delete AFTER DELETE ON need_rate_facts BEGIN "
                             f"{_sums('OLD', '-')} END",
    "trg_rate_needs_insert": f"CREATE TRIGGER trg_rate_needs_insert AFTER INSERT ON needs BEGIN "
                             f"{_refresh('NEW.id')} END",
    "trg_rate_needs_update": ("CREATE TRIGGER trg_rate_needs_update AFTER UPDATE OF community_id, created_at, "
                              "acknowledge_by, finish_by ON needs BEGIN " + _refresh("NEW.id") + " END"),
    "trg_rate_needs_delete": ("CREATE TRIGGER trg_rate_needs_delete AFTER DELETE ON needs BEGIN "
                              "DELETE FROM need_rate_facts WHERE need_id = OLD.id; END"),
}
for _table in ("need_updates", "visits"):
    RATE_TRIGGERS |= {
        f"trg_rate_{_table}_insert": f"CREATE TRIGGER trg_rate_{_table}_insert AFTER INSERT ON {_table} BEGIN "
                                     f"{_refresh('NEW.need_id')} END",
        f"trg_rate_{_table}_update": f"CREATE TRIGGER trg_rate_{_table}_update AFTER UPDATE ON {_table} BEGIN "
                                     f"{_refresh('OLD.need_id')} {_refresh('NEW.need_id')} END",
        f"trg_rate_{_table}_delete": f"CREATE TRIGGER trg_rate_{_table}_delete AFTER DELETE ON {_table} BEGIN "
                                     f"{_refresh('OLD.need_id')} END",
    }

# The facts' delete and insert triggers move the sums, so the sums are emptied after the facts are.
REBUILD_RATES = (
    "DELETE FROM need_rate_facts",
    "DELETE FROM rate_day_counts",
    "DELETE FROM rate_month_counts",
    f"INSERT INTO need_rate_facts ({_FACT_COLUMNS}) {_FACTS_OF.format(which='true')}",
)


def rate_sums(session: Session, community_ids: list[int] | None, first_day: date | None, end_day: date | None,
              now: datetime) -> dict[int, dict[str, int]]:
    """The counts of the needs filed on the China-time days [first_day, end_day) (None: unbounded) per
    community, with the unmet limits that have passed by `now` (naive UTC) counted as due."""
    sums: dict[int, dict[str, int]] = {}
    for table, period, first, end in _pieces(first_day, end_day):
        sql = (f"SELECT community_id, sum(needs) AS needs, {', '.join(f'sum({c}) AS {c}' for c in COUNTED)} "
               f"FROM {table} WHERE 1 = 1")
        for row in session.execute(*_narrowed(sql, period, first, end, community_ids, "GROUP BY community_id")).mappings():
            counts = sums.setdefault(row["community_id"], dict.fromkeys(("needs", *COUNTED), 0))
            for name in counts:
                counts[name] += int(row[name] or 0)
    stamp = now.strftime("%Y-%m-%d %H:%M:%S.%f")  # as SQLAlchemy stores a DateTime in SQLite
    for kind in ("acknowledge", "finish"):
        sql = f"SELECT community_id, count(*) FROM need_rate_facts WHERE {kind}_pending > :now"
        statement, params = _narrowed(sql, "day", first_day and first_day.isoformat(),
                                      end_day and end_day.isoformat(), community_ids, "GROUP BY community_id")
        for community_id, to_come in session.execute(statement, params | {"now": stamp}):
            counts = sums.setdefault(community_id, dict.fromkeys(("needs", *COUNTED), 0))
            counts[f"{kind}_to_come"] = int(to_come)
    return {cid: _as_tally(counts) for cid, counts in sums.items()}


def _as_tally(counts: dict[str, int]) -> dict[str, int]:
    """Named as visits._Tally names them: a limit is due once met, or unmet and passed."""
    tally = {k: v for k, v in counts.items() if not k.endswith(("_settled", "_unmet", "_to_come"))}
    for kind in ("acknowledge", "finish"):
        tally[f"{kind}_due"] = counts[f"{kind}_settled"] + counts[f"{kind}_unmet"] - counts.get(f"{kind}_to_come", 0)
    return tally


def _narrowed(sql: str, period: str, first: str | None, end: str | None, community_ids: list[int] | None,
              tail: str) -> tuple:
    params: dict[str, object] = {}
    if first is not None:
        sql += f" AND {period} >= :first"
        params["first"] = first
    if end is not None:
        sql += f" AND {period} < :end"
        params["end"] = end
    statement = text(sql + (" AND community_id IN :ids " if community_ids is not None else " ") + tail)
    if community_ids is not None:
        statement = statement.bindparams(bindparam("ids", expanding=True))
        params["ids"] = [int(i) for i in community_ids] or [-1]
    return statement, params


def _pieces(first_day: date | None, end_day: date | None) -> list[tuple[str, str, str | None, str | None]]:
    """[first_day, end_day) as whole months from the month rows and the cut months' days from the day rows."""
    months, days = whole_months(first_day, end_day)
    pieces = [] if months is None else [("rate_month_counts", "month", *(m and m.isoformat()[:7] for m in months))]
    return pieces + [("rate_day_counts", "day", *(d and d.isoformat() for d in span)) for span in days]
