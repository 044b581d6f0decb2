"""The overview's figures for the dashboard's own-town marks and its targets "at the deadline" and "now".

Registry fixture: 城厢镇 has 7 pilots since 2022-09-01 (老街巷 2, 普通商品房 1, 动迁安置 4); the sample lead
types of 城厢镇 are 老街巷社区 and 普通商品房社区. C002 is 城厢镇's town cadre, C003 南园社区's.
"""

from __future__ import annotations

from datetime import date

from bot.registry.service import change_registry, registry_states
from tests.integration.test_dashboard import bearer, client, filed, password_hash, tokens  # noqa: F401


async def test_the_overview_names_the_readers_own_town(client, tokens):  # noqa: F811
    public = await (await client.get("/api/overview")).json()
    town = await (await client.get("/api/overview", headers=bearer(tokens["C002"]))).json()
    community = await (await client.get("/api/overview", headers=bearer(tokens["C003"]))).json()
    assert public["town"] is None and town["town"] == "城厢镇" and community["town"] == "城厢镇"


async def test_lead_types_are_judged_at_the_end_of_2023_and_now(client, tokens, catalog, gazetteer):  # noqa: F811
    # A second 普通商品房社区 pilot in 城厢镇 from 2024-01-10: met now, still short at the end of 2023.
    pilots = {s.community for s in filed_pilots(catalog)}
    newcomer = next(c for c in gazetteer.communities_in("城厢镇") if c.kind == "社区" and c.name not in pilots)
    change_registry(catalog, newcomer.name, community_type="普通商品房社区", pilot=True, effective_on=date(2024, 1, 10),
                    author="测试", source="test")
    later = await (await client.get("/api/overview?as_of=2024-03-01", headers=bearer(tokens["C002"]))).json()
    assert later["lead_types"]["deadline"] == "2023-12-31"
    assert later["lead_types"]["checks"] == [
        {"type": "老街巷社区", "pilots": 2, "short": 0, "pilots_at_deadline": 2, "short_at_deadline": 0},
        {"type": "普通商品房社区", "pilots": 2, "short": 0, "pilots_at_deadline": 1, "short_at_deadline": 1}]
    before = await (await client.get("/api/overview?as_of=2023-06-30", headers=bearer(tokens["C002"]))).json()
    assert [(c["pilots"], c["pilots_at_deadline"]) for c in before["lead_types"]["checks"]] == [(2, None), (1, None)]
    # Before 2022-09-01 城厢镇 had no pilot: "now" then is 0, and neither deadline had come.
    early = await (await client.get("/api/overview?as_of=2022-08-01", headers=bearer(tokens["C002"]))).json()
    mine = next(t for t in early["towns"] if t["place"] == early["town"])
    assert mine["pilots"] == 0 and [t["pilots_at_deadline"] for t in mine["targets"]] == [None, None]


def filed_pilots(catalog):
    with catalog.unit_of_work() as session:
        return [s for s in registry_states(session, date(2026, 1, 1)) if s.is_pilot]
