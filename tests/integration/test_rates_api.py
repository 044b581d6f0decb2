"""The rates over HTTP (/api/rates), in the Excel export, and the Open311 fields from the same history.

Cadres and needs from the dashboard tests: C002 城厢镇 (token), C003 南园社区 (token), C004 沙溪镇 (token);
沙溪镇 has 4 open needs, 城厢镇南园社区 3, the last one done. Each figure is checked against its own SQL.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from bot.clock import china_today
from bot.needs.service import update_status
from bot.needs.visits import VisitAnswer, record_visit
from tests.integration.test_dashboard import bearer, client, filed, password_hash, sheet_rows, tokens  # noqa: F401

RATE_KEYS = {"needs", "visits", "responded", "solved", "satisfied", "composite", "on_time_acknowledged",
             "on_time_finished", "reopened"}


@pytest.fixture
def called_back(catalog, filed):  # noqa: F811
    """Two of 南园社区's needs finished and called back: one 满意 and solved, one 基本满意 and never contacted."""
    done, other = filed["tracking"][-1], filed["tracking"][-2]
    update_status(catalog, other, "done", "已修好，联系人 13912345678", "测试")
    record_visit(catalog, done, VisitAnswer(True, True, "满意"), "reporter", "phone", "王芳（C002）")
    record_visit(catalog, other, VisitAnswer(False, True, "基本满意"), "reporter", "phone", "王芳（C002）")
    record_visit(catalog, done, VisitAnswer(None, None, "不满意"), "supporter", "phone", "王芳（C002）")
    return filed


def sql(catalog, query: str, **params):
    with catalog.unit_of_work() as session:
        return session.execute(text(query), params).all()


async def test_a_town_cadre_gets_the_towns_rates_and_each_community(client, catalog, called_back, tokens):  # noqa: F811
    response = await client.get("/api/rates", headers=bearer(tokens["C002"]))
    assert response.status == 200
    body = await response.json()
    assert set(body) == {"area", "from", "to", "weights", "rates", "communities"}
    assert (body["area"], body["from"], body["to"]) == ("城厢镇", None, None)
    assert body["weights"] == {"responded": 0.1, "solved": 0.5, "satisfied": 0.4}
    (needs,), = sql(catalog, "SELECT COUNT(*) FROM needs n JOIN communities c ON c.id = n.community_id "
                             "JOIN towns t ON t.id = c.town_id WHERE t.name = '城厢镇'")
    whole = body["rates"]
    assert set(whole) == RATE_KEYS | {"supporter_visits"}
    assert (whole["needs"], whole["visits"], whole["supporter_visits"]) == (needs, 2, 1) == (3, 2, 1)
    assert whole["responded"] == 0.5 and whole["solved"] == 1.0 and whole["satisfied"] == 0.95
    assert whole["composite"] == pytest.approx(0.1 * 0.5 + 0.5 * 1.0 + 0.4 * 0.95, abs=1e-4)
    assert whole["reopened"] == 0.0  # two finished, neither reopened
    towns_communities = sql(catalog, "SELECT c.common_name FROM communities c JOIN towns t ON t.id = c.town_id "
                                     "WHERE t.name = '城厢镇'")
    rows = body["communities"]
    assert sorted(r["community"] for r in rows) == sorted(name for name, in towns_communities)
    assert all(set(r) == RATE_KEYS | {"community", "town"} and r["town"] == "城厢镇" for r in rows)
    nanyuan = next(r for r in rows if r["community"] == "南园社区")
    assert (nanyuan["needs"], nanyuan["visits"], nanyuan["composite"]) == (3, 2, whole["composite"])
    composites = [r["composite"] for r in rows]
    assert composites[0] == nanyuan["composite"] and all(c is None for c in composites[1:])  # nulls last


async def test_a_community_cadre_gets_their_own_and_dates_narrow_the_needs(client, called_back, tokens):  # noqa: F811
    own = await (await client.get("/api/rates", headers=bearer(tokens["C003"]))).json()
    assert own["area"] == "城厢镇南园社区" and [r["community"] for r in own["communities"]] == ["南园社区"]
    today = china_today()
    same_day = await (await client.get(f"/api/rates?from={today}&to={today}", headers=bearer(tokens["C003"]))).json()
    assert (same_day["from"], same_day["to"], same_day["rates"]["needs"]) == (today.isoformat(), today.isoformat(), 3)
    before = await (await client.get(f"/api/rates?to={today - timedelta(days=1)}", headers=bearer(tokens["C003"]))).json()
    assert before["rates"]["needs"] == 0 and before["rates"]["solved"] is None


@pytest.mark.parametrize("query, says", [("from=2026-13-01", "from 要写成"), ("to=昨天", "to 要写成"),
                                         ("from=2026-02-01&to=2026-01-01", "from 不能晚于 to")])
async def test_bad_dates_get_400_in_chinese(client, tokens, query, says):  # noqa: F811
    response = await client.get(f"/api/rates?{query}", headers=bearer(tokens["C002"]))
    assert response.status == 400 and says in (await response.json())["error"]


async def test_the_rates_need_a_cadre(client):  # noqa: F811
    assert (await client.get("/api/rates")).status == 401


async def test_the_rates_workbook_has_a_row_per_community_and_a_total(client, catalog, called_back, tokens):  # noqa: F811
    response = await client.get("/api/export/rates.xlsx", headers=bearer(tokens["C002"]))
    assert response.status == 200
    caption, rows, sheet = sheet_rows(await response.read())
    assert caption.startswith("回访率和按时率（城厢镇）")
    header = [cell.value for cell in sheet[2]]
    assert header[:8] == ["镇（区、街道）", "村（社区）", "需求件数", "居民回访件数", "响应率", "解决率", "满意率", "综合得分"]
    (communities,), = sql(catalog, "SELECT COUNT(*) FROM communities c JOIN towns t ON t.id = c.town_id "
                                   "WHERE t.name = '城厢镇'")
    assert len(rows) == communities + 1
    total = rows[-1]
    assert total[:4] == ("合计", None, 3, 2) and total[5] == 1.0  # (an empty cell reads back as None)
    nanyuan_row = next(i for i, row in enumerate(rows, start=3) if row[1] == "南园社区")
    assert sheet.cell(nanyuan_row, 7).value == 0.95 and sheet.cell(nanyuan_row, 7).number_format == "0.0%"
    assert next(row for row in rows if row[2] == 0)[4] == "—"  # no call-back: no figure


async def test_open311_notes_for_a_cadre_in_scope_and_the_committee(client, called_back, tokens, gazetteer):  # noqa: F811
    number = called_back["tracking"][-2]
    mine = (await (await client.get(f"/open311/v2/requests/{number}.json", headers=bearer(tokens["C002"]))).json())[0]
    assert mine["status_notes"].startswith("已修好，联系人 139") and "13912345678" not in mine["status_notes"]
    assert mine["agency_responsible"] == gazetteer.resolve("南园社区").community.name
    public = (await (await client.get("/open311/v2/requests.json")).json())
    shown = next(r for r in public if r["service_request_id"] == number)
    assert shown["status_notes"] == "" and shown["agency_responsible"] == mine["agency_responsible"]
    listed = await (await client.get("/open311/v2/requests.json", headers=bearer(tokens["C002"]))).json()
    assert next(r for r in listed if r["service_request_id"] == number)["status_notes"] == mine["status_notes"]
