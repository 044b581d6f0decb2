"""Answer time for each kind of cadre question on a large catalog (1M needs, 200k resources).

Each timing is the whole answer a cadre gets (reading the question, the queries, composing the
reply), as a city cadre so that lists are shown; places rotate over every town and many
communities. Needs are spread over four years with mixed statuses and tiers, and the registry
classifies about 60% of communities, 40% as pilots, at dates from 2022 on.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import date, timedelta
from pathlib import Path

from bench.matching import build_catalog
from bench.rates import add_history, time_rates, time_report
from bot.cadres.access import Viewer
from bot.cadres.answers import Context, answer
from bot.cadres.questions import CATALOG_INTENT, PILOT_INTENT, read_question
from bot.cadres.roster import Cadre
from bot.catalog.db import Catalog
from bot.config import load_settings
from bot.places.gazetteer import Gazetteer
from bot.registry.progress import load_lead_types
from bot.registry.service import Fact, add_fact, places
from bot.vocab.community_types import community_types

CITY_CADRE = Viewer("bench", "city", Cadre("C000", "基准", "city", None, None, ("bench:city",)))
QUESTIONS = {
    "pilots in a town (list)": (PILOT_INTENT, "{town}有哪些试点"),
    "coverage, city, as of 2022-12-31": (PILOT_INTENT, "2022年底全市覆盖率达标没有"),
    "lead types of a town": (PILOT_INTENT, "{town}每个牵头类型有没有两个试点"),
    "a community's type": (PILOT_INTENT, "{community}是什么类型"),
    "unclassified communities of a town": (PILOT_INTENT, "{town}还有哪些没分类"),
    "needs, city": (CATALOG_INTENT, "全市一共多少需求"),
    "needs, town": (CATALOG_INTENT, "{town}有多少需求"),
    "needs, community": (CATALOG_INTENT, "{community}有多少需求"),
    "priority / pending projects, town": (CATALOG_INTENT, "{town}有多少待治理项目"),
    "resources, town": (CATALOG_INTENT, "{town}资源清单有多少条"),
    "top categories, city": (CATALOG_INTENT, "全市反映最多的是哪类问题"),
    "new needs last month, town": (CATALOG_INTENT, "{town}上个月新增多少需求"),
    "new needs this year, city": (CATALOG_INTENT, "今年全市新增多少需求"),
    "longest waiting, city (list)": (CATALOG_INTENT, "全市哪些需求等得最久还没有资源"),
    "longest waiting, town (list)": (CATALOG_INTENT, "{town}哪些需求等得最久还没有资源"),
    "longest waiting, community (list)": (CATALOG_INTENT, "{community}哪些需求等得最久还没有资源"),
    "latest needs, town (list)": (CATALOG_INTENT, "{town}最近别人都反映了啥"),
    "towns ranked by needs, city": (CATALOG_INTENT, "哪个镇需求最多"),
    "three catalogs at once, town": (CATALOG_INTENT, "{town}需求多少条资源多少条项目多少个"),
    # the rates read each need's history and call-backs (bench/rates.py adds them)
    "rates last month, city": (CATALOG_INTENT, "上个月全市满意率多少"),
    "rates this year, town": (CATALOG_INTENT, "{town}今年解决率多少"),
    "communities ranked by a rate this month, town": (CATALOG_INTENT, "{town}这个月哪个村满意率最低"),
}


def add_registry(catalog: Catalog, seed: int = 5) -> None:
    rng = random.Random(seed)
    with catalog.unit_of_work() as session:
        for place in places(session):
            if rng.random() > 0.6:
                continue
            kind = rng.choice([t.name for t in community_types() if t.kind == place.kind])
            classified = date(2022, 3, 1) + timedelta(days=rng.randint(0, 600))
            add_fact(session, place.community_id, Fact(classified, kind, False), "基准", "bench")
            if rng.random() < 0.66:
                add_fact(session, place.community_id, Fact(classified + timedelta(days=rng.randint(0, 200)), kind, True),
                         "基准", "bench")


def _p(values: list[float], q: float) -> float:
    return round(sorted(values)[int(q * (len(values) - 1))], 1)


def run(work: Path, gazetteer: Gazetteer, needs: int = 1_000_000, rounds: int = 40) -> dict:
    path = work / f"questions-{needs}.db"
    started = time.perf_counter()
    catalog = build_catalog(path, needs, gazetteer, spread_days=4 * 365)
    add_registry(catalog)
    add_history(catalog)
    built = time.perf_counter() - started
    lead_types = load_lead_types(load_settings().lead_types_file)
    today = date.today()
    rng = random.Random(3)
    towns = [t.name for t in gazetteer.towns]
    communities = [c.label for c in gazetteer.communities]
    results = {}
    for name, (intent, template) in QUESTIONS.items():
        timings = []
        for i in range(rounds + 1):
            text = template.format(town=towns[i % len(towns)], community=rng.choice(communities))
            started = time.perf_counter()
            ctx = Context(catalog, gazetteer, lead_types, CITY_CADRE, today)
            reply = answer(read_question(text, intent, gazetteer, today), ctx)
            elapsed = (time.perf_counter() - started) * 1000
            if i:  # the first round warms the caches
                timings.append(elapsed)
        results[name] = {"p50_ms": round(statistics.median(timings), 1), "p95_ms": _p(timings, 0.95),
                         "sample": reply.text.splitlines()[0][:60]}
        print("questions", name, results[name], flush=True)
    rates = time_rates(catalog)  # rates() itself, the city at this size among them
    report = time_report(catalog)  # the 中期评估 report of the busiest town
    catalog.dispose()
    path.unlink(missing_ok=True)
    return {"needs": needs, "resources": needs // 5, "build_seconds": round(built, 1), "answers": results,
            "rates": rates, "report": report}
