"""The call-back rates (bot/needs/visits.py) on a large synthetic catalog.

`add_history` gives a catalog from bench.matching.build_catalog what the rates read: each need's time
limits (签收 2 hours, 响应 3 days, 办结 7 days after filing), its history (taken up, finished, reopened, as its status
says, some of them late) and call-backs on the finished ones (most reporters answer, some twice, a few
supporters). bench/questions.py times the rate questions with it; run this file alone to time rates()
itself:

    .venv/bin/python -m bench.rates 100000
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import bindparam, func, insert, select, update

from bot.catalog.db import Catalog
from bot.catalog.models import CommunityRow, NeedRow, NeedUpdateRow, TownRow, VisitRow
from bot.clock import china_today
from bot.figures import utc_bounds
from bot.needs.visits import rates, rates_by_community

BATCH = 20000
ANSWERS = (("满意", 60), ("基本满意", 25), ("不满意", 15))


def add_history(catalog: Catalog, seed: int = 11) -> None:
    """Steps and call-backs that would fall after now are left out: the history as it stands."""
    rng = random.Random(seed)
    now = datetime.utcnow()
    with catalog.unit_of_work() as session:
        needs = session.execute(select(NeedRow.id, NeedRow.status, NeedRow.created_at).order_by(NeedRow.id)).all()
        for at in range(0, len(needs), BATCH):
            limits, steps, visits = [], [], []
            for need_id, status, created in needs[at:at + BATCH]:
                limits.append({"nid": need_id, "ack": created + timedelta(hours=2), "con": created + timedelta(days=3),
                               "fin": created + timedelta(days=7)})
                steps.append(_step(need_id, "received", created))
                if status == "received":
                    continue
                taken = created + timedelta(hours=rng.choice((0.5, 1, 1.5, 3, 30)))
                steps.append(_step(need_id, "acknowledged", taken))
                if status == "in_progress":
                    continue
                done = taken + timedelta(days=rng.choice((1, 3, 6, 9, 20)))
                steps.append(_step(need_id, "done" if status != "closed" else "closed", done))
                if rng.random() < 0.75:
                    visits.append(_visit(rng, need_id, "reporter", done + timedelta(days=2), status == "reopened"))
                    if rng.random() < 0.1:  # asked again: the later answer counts
                        visits.append(_visit(rng, need_id, "reporter", done + timedelta(days=4), status == "reopened"))
                if rng.random() < 0.05:
                    visits.append(_visit(rng, need_id, "supporter", done + timedelta(days=3), False))
                if status == "reopened":
                    steps.append(_step(need_id, "reopened", done + timedelta(days=4, hours=1)))
            session.execute(update(NeedRow).where(NeedRow.id == bindparam("nid"))
                            .values(acknowledge_by=bindparam("ack"), contact_by=bindparam("con"),
                                    finish_by=bindparam("fin")), limits)
            session.execute(insert(NeedUpdateRow), [s for s in steps if s["created_at"] <= now])
            visits = [v for v in visits if v["created_at"] <= now]
            if visits:
                session.execute(insert(VisitRow), visits)


def _step(need_id: int, status: str, at: datetime) -> dict:
    return {"need_id": need_id, "status": status, "note": "", "author": "bench", "created_at": at}


def _visit(rng: random.Random, need_id: int, who: str, at: datetime, not_solved: bool) -> dict:
    satisfaction = rng.choices([a for a, _ in ANSWERS], [w for _, w in ANSWERS])[0]
    return {"need_id": need_id, "respondent": who, "source": "chat", "contacted": rng.random() < 0.9,
            "solved": not not_solved and rng.random() < 0.85, "satisfaction": satisfaction, "words": "",
            "recorded_by": "bench", "created_at": at}


def time_rates(catalog: Catalog, rounds: int = 10) -> dict:
    """p50 / p95 in ms of rates() as a cadre gets them (as they stand, over whole China-time days): the city
    (all time, this year, the last 30 days), one town, the city by community; and once counted from the needs'
    history (as of a past day's end), which must give the same figures as the kept counters."""
    today = china_today()
    with catalog.unit_of_work() as session:
        town = session.execute(select(TownRow.id).order_by(TownRow.code)).scalars().first()
        ids = list(session.execute(select(CommunityRow.id).where(CommunityRow.town_id == town)).scalars())
    year, month_ago = utc_bounds(today.replace(month=1, day=1), today + timedelta(days=1)), \
        utc_bounds(today - timedelta(days=29), today + timedelta(days=1))
    cases = {
        "city, all time": lambda: rates(catalog, None, None, None),
        "city, this year": lambda: rates(catalog, None, *year),
        "city, last 30 days": lambda: rates(catalog, None, *month_ago),
        "one town, all time": lambda: rates(catalog, ids, None, None),
        "city by community (ranking)": lambda: rates_by_community(catalog, None, None, None),
    }
    results = {}
    for name, run in cases.items():
        timings = []
        for i in range(rounds + 1):
            started = time.perf_counter()
            run()
            if i:  # the first round warms the caches
                timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        results[name] = {"p50_ms": round(statistics.median(timings), 1),
                         "p95_ms": round(timings[int(0.95 * (len(timings) - 1))], 1)}
        print("rates", name, results[name], flush=True)
    results["from the history, as of yesterday"] = _history_agrees(catalog, today)
    return results


def _history_agrees(catalog: Catalog, today) -> dict:
    """Seconds to count the city's rates from the needs' history; stops the run if the kept counters disagree
    (needs filed up to yesterday, counted as of now, against the counters as they stand)."""
    _, end = utc_bounds(None, today)
    kept = rates(catalog, None, None, end)
    started = time.perf_counter()
    counted = rates(catalog, None, None, end, datetime.utcnow())
    seconds = round(time.perf_counter() - started, 2)
    if kept != counted:
        raise SystemExit(f"the kept rate counters disagree with the history: {kept} != {counted}")
    print("rates from the history", seconds, "s, equal to the kept counters", flush=True)
    return {"seconds": seconds, "equal_to_kept_counters": True}


def time_report(catalog: Catalog) -> dict:
    """Seconds to make the 中期评估 report of the town with the most needs, as a PDF and as a workbook."""
    from bot.config import load_settings
    from bot.registry.progress import load_lead_types
    from bot.reports.midterm import collect
    from bot.reports.pdf import render_pdf
    from bot.reports.xlsx import render_xlsx

    with catalog.unit_of_work() as session:
        town = session.execute(select(TownRow.name).join(CommunityRow, CommunityRow.town_id == TownRow.id)
                               .join(NeedRow, NeedRow.community_id == CommunityRow.id)
                               .group_by(TownRow.name).order_by(func.count().desc())).scalars().first()
    results = {"town": town}
    for kind, render in (("pdf", render_pdf), ("xlsx", render_xlsx)):
        started = time.perf_counter()
        made = collect(catalog, load_lead_types(load_settings().lead_types_file), china_today(), town)
        size = len(render(made))
        results[f"{kind}_seconds"] = round(time.perf_counter() - started, 2)
        results[f"{kind}_bytes"] = size
    print("report", results, flush=True)
    return results


def main(argv: list[str]) -> int:
    from bench.matching import build_catalog
    from bot.config import load_settings
    from bot.places.loader import load_gazetteer

    needs = int(argv[0]) if argv else 100_000
    path = Path("bench/work") / f"rates-{needs}.db"
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    catalog = build_catalog(path, needs, load_gazetteer(load_settings().places_csv), spread_days=4 * 365)
    add_history(catalog)
    print(f"built {needs} needs in {time.perf_counter() - started:.0f} s", flush=True)
    time_rates(catalog)
    time_report(catalog)
    catalog.dispose()
    path.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
