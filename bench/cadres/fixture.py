"""The fixed world the cadre-question suite asks about.

The registry is `registry.csv`, imported through the same importer a town uses. The catalogs are
generated from a seed: needs filed over the last two years (so "今年", "上个月" always have
entries whatever day the suite runs), mixed statuses, resources of every scope, and active
matches with evidence (strong) that make a need's project 先治理 (the tier the matcher would give it).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert, select

from bot.catalog.db import Catalog
from bot.catalog.models import CommunityRow, MatchRow, NeedRow, ProjectRow, ResourceRow, utcnow
from bot.catalog.seed import create_catalog
from bot.places.gazetteer import Gazetteer
from bot.registry.importer import import_registry
from bot.vocab.categories import category_names
from bot.vocab.resources import provider_types, resource_types

HERE = Path(__file__).resolve().parent
REGISTRY_SHEET = HERE / "registry.csv"
NEEDS, RESOURCES = 600, 60
OPEN = ("received", "in_progress", "reopened")
STATUSES, STATUS_WEIGHTS = ("received", "in_progress", "done", "closed", "reopened"), (35, 20, 35, 7, 3)
WORDS = {
    "基础设施提升": ["路灯不亮", "下水道堵了", "路面坑坑洼洼", "电梯老是坏"],
    "人居环境整治": ["垃圾没人清", "河浜发臭", "楼道堆满杂物", "乱搭乱建"],
    "多元文化融合": ["想要个读书角", "新市民融不进来", "没有文艺活动", "广场舞太吵起矛盾"],
    "社区服务供给": ["老人吃饭难", "缺日间照料", "看病配药不方便", "小孩放学没人管"],
    "物业管理监督": ["物业不作为", "物业费乱收", "保安不管事", "维修基金用不了"],
    "基层群众自治": ["业委会选不出来", "加装电梯谈不拢", "停车位怎么分要商量", "村规民约没人议"],
    "基层组织建设": ["村务公开不及时", "网格员见不到人", "党员活动太少", "社区办事来回跑"],
}


def build(database_url: str, gazetteer: Gazetteer, seed: int = 14) -> None:
    """A fresh catalog at database_url holding the suite's registry and catalogs."""
    create_catalog(database_url, gazetteer)
    catalog = Catalog(database_url)
    try:
        report = import_registry(catalog, gazetteer, REGISTRY_SHEET, author="基准", today=date.today())
        if not report.applied:
            raise RuntimeError(report.summary())
        _fill_catalogs(catalog, random.Random(seed))
    finally:
        catalog.dispose()


def _fill_catalogs(catalog: Catalog, rng: random.Random) -> None:
    categories = list(category_names())
    now = utcnow()
    with catalog.unit_of_work() as session:
        places = session.execute(select(CommunityRow.id, CommunityRow.town_id)).all()
        busy = rng.sample(places, 25)  # a few places file most needs, as in life
        resources = [_resource(i, rng, places, now) for i in range(1, RESOURCES + 1)]
        session.execute(insert(ResourceRow), resources)
        needs, projects, matches = [], [], []
        for i in range(1, NEEDS + 1):
            community, town = rng.choice(busy) if rng.random() < 0.6 else rng.choice(places)
            category = rng.choice(categories)
            created = now - timedelta(days=rng.uniform(0, 730))
            status = rng.choices(STATUSES, STATUS_WEIGHTS)[0]
            needs.append({"id": i, "tracking_id": f"XQ{i:06d}", "idempotency_key": f"suite-n{i}",
                          "community_id": community, "description": rng.choice(WORDS[category]),
                          "category": category, "urgency": rng.choice("急难愁盼"), "keywords": "", "phone": None,
                          "sender_id": f"suite-resident-{i}", "channel": "bench", "status": status,
                          "created_at": created, "updated_at": created})
            serving = [r for r in resources if _serves(r, community, town)]
            matched = status != "closed" and serving and rng.random() < 0.35
            projects.append({"need_id": i, "tier": "priority" if matched and status in OPEN else "pending",
                             "supporters": 0, "updated_at": now})
            if matched:
                match_status = "done" if status == "done" else rng.choice(("proposed", "confirmed", "in_progress"))
                matches.append({"need_id": i, "resource_id": rng.choice(serving)["id"], "status": match_status,
                                "strength": "strong", "score": 3, "reason": "基准", "closed_reason": "", "created_at": created,
                                "updated_at": created})
        session.execute(insert(NeedRow), needs)
        session.execute(insert(ProjectRow), projects)
        if matches:
            session.execute(insert(MatchRow), matches)


def _resource(i: int, rng: random.Random, places: list, now) -> dict:
    community, town = rng.choice(places)
    scope = rng.choices(("community", "town", "city"), (65, 25, 10))[0]
    return {"id": i, "tracking_id": f"ZY{i:06d}", "idempotency_key": f"suite-r{i}",
            "provider_type": rng.choice([t.name for t in provider_types()]), "provider_name": f"志愿者{i}",
            "description": "可以帮忙", "resource_type": rng.choice([t.name for t in resource_types()]),
            "scope": scope, "community_id": community if scope == "community" else None,
            "town_id": town if scope != "city" else None, "available_time": "周末", "phone": "13900000000",
            "sender_id": f"suite-volunteer-{i}", "keywords": "", "status": "active" if rng.random() < 0.9 else "withdrawn",
            "created_at": now - timedelta(days=rng.uniform(0, 500))}


def _serves(resource: dict, community: int, town: int) -> bool:
    if resource["status"] != "active":
        return False
    if resource["scope"] == "community":
        return resource["community_id"] == community
    return resource["scope"] == "city" or resource["town_id"] == town
