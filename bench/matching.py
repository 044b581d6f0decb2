"""Matching on synthetic catalogs: the full run, and the cost of one new need or resource.

The catalogs use Taicang's 160 real communities, the seven dimensions and six resource types,
and keywords drawn from a skewed vocabulary (a few words are common, most are rare), with 20%
as many resources as needs: 70% serving one community, 20% a town, 10% the whole city. Community resources sit
in a quarter of the communities only, so most needs have none of their own and town and city matching is
exercised. Most needs require one capability and most resources offer one or two (bot/data/capabilities.yml),
so strong and weak matches are both made and counted.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

from sqlalchemy import func, insert, select

from bot.catalog.db import Catalog
from bot.catalog.models import (
    CommunityRow,
    MatchRow,
    NeedKeywordRow,
    NeedRow,
    ProjectRow,
    ResourceKeywordRow,
    ResourceRow,
    utcnow,
)
from bot.catalog.seed import seed_places
from bot.matching import capabilities
from bot.matching.service import match_everything
from bot.needs.service import NeedDraft, file_need
from bot.places.gazetteer import Gazetteer
from bot.resources.service import ResourceDraft, file_resource
from bot.vocab.categories import category_names
from bot.vocab.resources import provider_types, resource_types

VOCABULARY = [f"词{i:04d}" for i in range(3000)]
WEIGHTS = [1 / (rank + 1) for rank in range(len(VOCABULARY))]  # Zipf-like
BATCH = 20000
STATUSES = ("received", "in_progress", "done", "closed", "reopened")
STATUS_WEIGHTS = (30, 15, 45, 8, 2)


def _words(rng: random.Random) -> list[str]:
    return list(dict.fromkeys(rng.choices(VOCABULARY, WEIGHTS, k=4)))


def _tags(rng: random.Random, chance: float, most: int) -> list[str]:
    names = _capability_names()
    return capabilities.tags(frozenset(rng.sample(names, rng.randint(1, most)))) if rng.random() < chance else []


@lru_cache(maxsize=1)
def _capability_names() -> list[str]:
    """Read once: the catalog builder asks for every one of a million records."""
    return sorted({c for names in capabilities.vocabulary().need_words.values() for c in names})


def build_catalog(path: Path, needs: int, gazetteer: Gazetteer, seed: int = 7, spread_days: int = 0) -> Catalog:
    """A synthetic catalog; spread_days > 0 files the needs over that many past days, with
    mixed statuses and project tiers, as the cadre questions see a catalog in use."""
    path.unlink(missing_ok=True)
    catalog = Catalog(f"sqlite:///{path}")
    catalog.create_schema()
    seed_places(catalog, gazetteer)
    rng = random.Random(seed)
    categories = list(category_names())
    types = [t.name for t in resource_types()]
    providers = [t.name for t in provider_types()]
    now = utcnow()
    with catalog.unit_of_work() as session:
        communities = session.execute(select(CommunityRow.id, CommunityRow.town_id)).all()
        for start in range(0, needs, BATCH):
            rows, words, projects = [], [], []
            for i in range(start + 1, min(start + BATCH, needs) + 1):
                community, _ = rng.choice(communities)
                ws = _tags(rng, 0.8, 1) + _words(rng)
                created = now - timedelta(days=spread_days * (needs - i) / needs) if spread_days else now
                status = rng.choices(STATUSES, STATUS_WEIGHTS)[0] if spread_days else "received"
                rows.append({"id": i, "tracking_id": f"XQ{i:07d}", "idempotency_key": f"n{i}", "community_id": community,
                             "description": " ".join(ws), "category": rng.choice(categories), "urgency": "盼",
                             "phone": None, "sender_id": f"s{i}", "channel": "bench", "status": status,
                             "keywords": " ".join(ws), "created_at": created, "updated_at": created})
                words += [{"need_id": i, "keyword": w} for w in ws]
                tier = "priority" if spread_days and rng.random() < 0.3 else "pending"
                projects.append({"need_id": i, "tier": tier, "supporters": 0, "updated_at": now})
            session.execute(insert(NeedRow), rows)
            session.execute(insert(NeedKeywordRow), words)
            session.execute(insert(ProjectRow), projects)
        resources = needs // 5
        with_volunteers = rng.sample(communities, len(communities) // 4)
        for start in range(0, resources, BATCH):
            rows, words = [], []
            for i in range(start + 1, min(start + BATCH, resources) + 1):
                scope = rng.choices(["community", "town", "city"], [70, 20, 10])[0]
                community, town = rng.choice(with_volunteers if scope == "community" else communities)
                ws = _tags(rng, 0.9, 2) + _words(rng)
                rows.append({"id": i, "tracking_id": f"ZY{i:07d}", "idempotency_key": f"r{i}",
                             "provider_type": rng.choice(providers), "provider_name": "某某", "description": " ".join(ws),
                             "resource_type": rng.choice(types), "scope": scope,
                             "community_id": community if scope == "community" else None,
                             "town_id": town if scope != "city" else None, "available_time": "周末",
                             "phone": "13900000000", "sender_id": f"v{i}", "keywords": " ".join(ws),
                             "status": "active", "created_at": now})
                words += [{"resource_id": i, "keyword": w} for w in ws]
            session.execute(insert(ResourceRow), rows)
            session.execute(insert(ResourceKeywordRow), words)
    return catalog


def _timed(action, *args) -> float:
    started = time.perf_counter()
    action(*args)
    return (time.perf_counter() - started) * 1000


def incremental(catalog: Catalog, gazetteer: Gazetteer, rounds: int = 20) -> dict:
    """Milliseconds to file one need, and one resource, each matched at once."""
    rng = random.Random(11)
    communities = [c.name for c in gazetteer.communities]
    towns = [t.name for t in gazetteer.towns]
    types = [t.name for t in resource_types()]
    need_ms, resource_ms = [], []
    for i in range(rounds):
        text = " ".join(_words(rng))
        need = NeedDraft(rng.choice(communities), text, rng.choice(list(category_names())), "急", None,
                         f"bench-{i}", f"bench-n{i}")
        need_ms.append(_timed(file_need, catalog, need))
        scope = ("community", "town", "city")[i % 3]
        resource = ResourceDraft("社区能人", "某某", text, rng.choice(types), scope,
                                 rng.choice(communities) if scope == "community" else None,
                                 rng.choice(towns) if scope == "town" else None,
                                 "周末", "13900000000", f"bench-v{i}", f"bench-r{i}")
        resource_ms.append(_timed(file_resource, catalog, resource))
    return {
        "new_need_ms_median": round(statistics.median(need_ms), 1),
        "new_need_ms_p95": round(sorted(need_ms)[int(0.95 * (len(need_ms) - 1))], 1),
        "new_resource_ms_median": round(statistics.median(resource_ms), 1),
        "new_resource_ms_p95": round(sorted(resource_ms)[int(0.95 * (len(resource_ms) - 1))], 1),
    }


def run(work: Path, gazetteer: Gazetteer, sizes=(10_000, 100_000, 1_000_000)) -> list[dict]:
    results = []
    for size in sizes:
        started = time.perf_counter()
        catalog = build_catalog(work / f"matching-{size}.db", size, gazetteer)
        built = time.perf_counter() - started
        started = time.perf_counter()
        report = match_everything(catalog)
        full = time.perf_counter() - started
        started = time.perf_counter()
        again = match_everything(catalog)
        rerun = time.perf_counter() - started
        with catalog.unit_of_work() as session:
            strengths = dict(session.execute(select(MatchRow.strength, func.count()).group_by(MatchRow.strength)).all())
        result = {
            "needs": size, "resources": size // 5, "build_seconds": round(built, 1),
            "full_run_seconds": round(full, 2), "rerun_seconds": round(rerun, 2),
            "matches": report.new_matches, "rerun_new_matches": again.new_matches,
            "priority": report.priority, "pending": report.pending,
            "strong_matches": strengths.get("strong", 0), "weak_matches": strengths.get("weak", 0),
            **incremental(catalog, gazetteer),
        }
        catalog.dispose()
        (work / f"matching-{size}.db").unlink(missing_ok=True)
        print("matching", result, flush=True)
        results.append(result)
    return results
