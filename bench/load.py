"""Whole need-report dialogues at 50, 200 and 500 concurrent residents, one Rasa server against two.

Each configuration is the production profile (PostgreSQL, Redis, the action server, N Rasa
servers, the gateway) started afresh in bench/work; the residents run in a second process on
loopback (bench/residents.py, as the chat page talks to the gateway) and all start together.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.residents import filed_in_catalog
from bot.config import PROJECT_ROOT
from bot.prod import ProdSettings, Production
from bot.servers import free_port, free_port_pair

LEVELS = (50, 200, 500)
LOAD_SCRIPT = r"""
import asyncio, json, sys, time
from bench.residents import make_residents, run_all

gateway, places, count, first = sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
group = make_residents(gateway, places, count, first)
started = time.perf_counter()
outcomes = asyncio.run(run_all(group, seconds=600))
elapsed = time.perf_counter() - started
print(json.dumps({
    "elapsed": elapsed,
    "latencies": [ms for r in group for ms in r.latencies_ms],
    "dialogue_seconds": [sum(r.latencies_ms) / 1000 for r, o in zip(group, outcomes) if isinstance(o, str)],
    "completed": sum(isinstance(o, str) for o in outcomes),
    "reports": [(r.place, r.problem, o) for r, o in zip(group, outcomes) if isinstance(o, str)],
    "failures": [str(o)[:200] for o in outcomes if not isinstance(o, str)][:5],
    "unavailable": sum(r.unavailable for r in group),
}))
"""


def run(work: Path, places: list[str], levels: tuple[int, ...] = LEVELS) -> dict:
    report: dict = {"levels": list(levels), "runs": []}
    building = 10_000
    for instances in (1, 2):
        production = _start(work / f"prod-{instances}", instances)
        try:
            for count in levels:
                result = _load(production.gateway_url, places, count, building)
                result["filed"] = filed_in_catalog(production.database_url, result.pop("reports"))
                building += count
                report["runs"].append({"rasa_servers": instances, "residents": count, **result})
                print("load", instances, count, {k: v for k, v in result.items() if k != "failures"}, flush=True)
        finally:
            production.stop()
    return report


# Every simulated resident chats from loopback, one address: the gateway's limits per address are off.
ONE_ADDRESS_FOR_ALL = {"CHAT_MESSAGES_PER_MINUTE": "0", "CHAT_REPORTS_PER_HOUR": "0"}


def _start(state: Path, instances: int) -> Production:
    settings = ProdSettings(state_dir=state, instances=instances, rasa_port=free_port_pair(),
                            action_port=free_port(), web_port=free_port(), pg_port=free_port(),
                            redis_port=free_port(),
                            extra_env={"SECRET_KEY": "bench-secret-0123456789abcdef", **ONE_ADDRESS_FOR_ALL})
    return Production(settings).start()


def _load(gateway: str, places: list[str], count: int, first_building: int) -> dict:
    out = subprocess.run([sys.executable, "-c", LOAD_SCRIPT, gateway, json.dumps(places, ensure_ascii=False),
                          str(count), str(first_building)],
                         cwd=PROJECT_ROOT, env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
                         capture_output=True, text=True, check=True, timeout=1800)
    raw = json.loads(out.stdout.strip().splitlines()[-1])
    ordered = sorted(raw["latencies"])
    dialogues = sorted(raw["dialogue_seconds"])
    return {
        "messages": len(ordered),
        "completed": raw["completed"],
        "reports": [tuple(report) for report in raw["reports"]],
        "unavailable_503": raw["unavailable"],
        "messages_per_second": round(len(ordered) / raw["elapsed"], 1),
        "p50_ms": round(statistics.median(ordered), 1) if ordered else None,
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1) if ordered else None,
        "dialogue_p95_s": round(dialogues[int(0.95 * (len(dialogues) - 1))], 1) if dialogues else None,
        "elapsed_s": round(raw["elapsed"], 1),
        "failures": raw["failures"],
    }


def places_for_load(gazetteer, count: int = 80) -> list[str]:
    """Town + community names, as residents say them, spread over the city."""
    names = [c.label for c in gazetteer.communities]
    step = max(1, len(names) // count)
    return names[::step][:count]


if __name__ == "__main__":  # python -m bench.load: this part alone
    from bot.config import load_settings
    from bot.places.loader import load_gazetteer

    started = time.time()
    result = run(PROJECT_ROOT / "bench" / "work", places_for_load(load_gazetteer(load_settings().places_csv)))
    print(json.dumps(result, ensure_ascii=False, indent=2))
    print(f"{time.time() - started:.0f} s", file=sys.stderr)
