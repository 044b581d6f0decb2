"""The dashboard and the catalog API on a real catalog: scope, filters, status changes, Excel.

Four cadres: C001 city (password), C002 城厢镇 (password and token), C003 南园社区 (token),
C004 沙溪镇 (token). Needs from the registry fixture: 沙溪镇 4 open, 城厢镇南园社区 3 (one done).
"""

from __future__ import annotations

import io
import json
from datetime import date, datetime

import pytest
from argon2 import PasswordHasher
from openpyxl import load_workbook
from sqlalchemy import select, text, update

from bot.cadres.roster import Cadre, Roster, new_api_token, save_roster
from bot.catalog.models import NeedRow
from bot.needs.service import NeedDraft, file_need, find_need
from bot.projects.service import support_need
from bot.reads import browse
from bot.resources.service import ResourceDraft, file_resource
from bot.web.app import create_app
from tests.integration.registry_fixture import build_registry, file_needs
from tests.integration.test_web import SECRET, closed_port

PASSWORD = "太仓-dashboard-2026"
PERSON, SKILLS = "社区能人", "智力"


@pytest.fixture(scope="module")
def password_hash() -> str:
    return PasswordHasher().hash(PASSWORD)


@pytest.fixture
def tokens(settings, gazetteer, password_hash) -> dict[str, str]:
    nanyuan = gazetteer.resolve("南园社区").community
    made = {key: new_api_token() for key in ("C002", "C003", "C004")}
    save_roster(settings.roster_file, Roster([
        Cadre("C001", "李市", "city", password_hash=password_hash),
        Cadre("C002", "王芳", "town", "城厢镇", password_hash=password_hash, token_hash=made["C002"][1]),
        Cadre("C003", "陈社", "community", "城厢镇", nanyuan.name, token_hash=made["C003"][1]),
        Cadre("C004", "赵沙", "town", "沙溪镇", token_hash=made["C004"][1]),
    ]))
    return {key: token for key, (token, _) in made.items()}


@pytest.fixture
def filed(catalog, gazetteer):
    build_registry(catalog, gazetteer)
    return file_needs(catalog, gazetteer)


@pytest.fixture
async def client(aiohttp_client, settings, catalog, tokens, filed):
    return await aiohttp_client(create_app(settings, f"http://127.0.0.1:{closed_port()}", SECRET))


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


async def login(client, cadre_id: str = "C002") -> str:
    page = await client.get("/login")
    csrf = (await page.text()).split('name="csrf" value="')[1].split('"')[0]
    response = await client.post("/login", data={"csrf": csrf, "cadre_id": cadre_id, "password": PASSWORD},
                                 headers={"Accept": "text/html"}, allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == "/dashboard"
    return csrf


def boot_of(page: str) -> dict:
    """The data the dashboard's script reads, taken from the page the way the script takes it."""
    marker = '<script type="application/json" id="boot">'
    start = page.index(marker) + len(marker)
    return json.loads(page[start:page.index("</script>", start)])


# -- who sees what ---------------------------------------------------------------------------
async def test_the_public_list_has_no_residents_words_or_phones(client, filed):
    body = await (await client.get("/api/needs?size=200")).json()
    assert body["total"] == 7 and body["personal"] is False
    assert {r["tracking_id"] for r in body["rows"]} == set(filed["tracking"])
    text = json.dumps(body, ensure_ascii=False)
    assert "13962718830" not in text and "河道发臭" not in text and "电梯坏了" not in text


async def test_a_town_cadre_sees_their_town_in_full_and_nothing_else(client, tokens):
    body = await (await client.get("/api/needs", headers=bearer(tokens["C002"]))).json()
    assert body["personal"] is True and body["total"] == 3
    assert {r["community"] for r in body["rows"]} == {"南园社区"}
    assert {r["description"] for r in body["rows"]} == {"楼道灯不亮", "电梯坏了", "楼下垃圾乱堆"}
    assert {r["phone"] for r in body["rows"]} == {"13812345678"}
    outside = await client.get("/api/needs?town=沙溪", headers=bearer(tokens["C002"]))
    assert outside.status == 403 and (await outside.json())["error"] == "沙溪镇不在您负责的范围内"


@pytest.mark.parametrize("cadre, expected", [("C003", 3), ("C004", 4)])
async def test_each_cadre_gets_exactly_their_scope(client, tokens, cadre, expected):
    body = await (await client.get("/api/needs", headers=bearer(tokens[cadre]))).json()
    assert body["total"] == expected and all(r["phone"] for r in body["rows"])


async def test_a_wrong_or_revoked_token_is_refused_not_treated_as_public(client, tokens, settings, monkeypatch):
    wrong = await client.get("/api/needs", headers=bearer("tc_guessed"))
    assert wrong.status == 401 and (await wrong.json())["error"] == "令牌无效或已作废"
    from bot.cli import main

    monkeypatch.setenv("ROSTER_FILE", str(settings.roster_file))
    assert main(["cadre", "token", "C002"]) == 0  # a new token: the old one stops working
    assert (await client.get("/api/needs", headers=bearer(tokens["C002"]))).status == 401
    assert tokens["C002"] not in settings.roster_file.read_text(encoding="utf-8")


# -- filters ---------------------------------------------------------------------------------
@pytest.mark.parametrize("query, expected", [
    ("category=基础设施提升", 3), ("status=open", 6), ("status=done", 1), ("town=城厢&community=南园", 3),
    ("q=电梯", 1), ("tier=pending", 7), ("tier=priority", 0), ("from=2000-01-01&to=2000-01-02", 0),
])
async def test_filters_narrow_the_city_cadres_list(client, query, expected):
    await login(client, "C001")
    body = await (await client.get(f"/api/needs?{query}")).json()
    assert body["total"] == expected


async def test_the_public_cannot_search_words_it_is_not_shown(client, filed):
    assert (await (await client.get("/api/needs?q=电梯")).json())["total"] == 0
    one = await (await client.get(f"/api/needs?q={filed['tracking'][0].lower()}")).json()
    assert [r["tracking_id"] for r in one["rows"]] == [filed["tracking"][0]]


@pytest.mark.parametrize("query, error", [
    ("category=修路", "维度只能是"), ("status=lost", "状态只能是"), ("from=昨天", "from 要写成"),
    ("page=0", "page 必须是正整数"), ("town=上海", "没有叫“上海”的镇"), ("community=不存在村", "找不到唯一的村"),
    ("tier=soon", "项目类别只能是"),
])
async def test_bad_filters_are_answered_in_chinese(client, query, error):
    response = await client.get(f"/api/needs?{query}")
    assert response.status == 400 and (await response.json())["error"].startswith(error)


async def test_china_dates_bound_the_day_in_china_time(catalog, gazetteer, filed):
    first = filed["tracking"][0]
    with catalog.unit_of_work() as session:  # 23:59:59 on 1 January in Taicang is 15:59:59 UTC
        session.execute(update(NeedRow).where(NeedRow.tracking_id == first)
                        .values(created_at=datetime(2026, 1, 1, 15, 59, 59)))
    on_first = browse.browse_needs(catalog, browse.CatalogFilter(date_from=date(2026, 1, 1), date_to=date(2026, 1, 1)),
                                   None)
    on_second = browse.browse_needs(catalog, browse.CatalogFilter(date_from=date(2026, 1, 2), date_to=date(2026, 1, 2)),
                                    None)
    assert [r["tracking_id"] for r in on_first.rows] == [first] and on_second.total == 0


async def test_projects_put_priority_first_and_resources_keep_phones_for_their_scope(client, catalog, gazetteer,
                                                                                       tokens):
    nanyuan = gazetteer.resolve("南园社区").community
    file_resource(catalog, ResourceDraft(PERSON, "张师傅", "会修电梯，懂维修", SKILLS, "community", nanyuan.name, None,
                                         "周末", "13900001111", "volunteer-1", "res-key-1"))
    projects = await (await client.get("/api/projects", headers=bearer(tokens["C002"]))).json()
    tiers = [r["tier"] for r in projects["rows"]]
    assert tiers == sorted(tiers, key=lambda tier: tier != "priority")  # priority projects come first
    assert next(r for r in projects["rows"] if r["description"] == "电梯坏了")["tier"] == "priority"
    assert projects["rows"][-1]["tier"] == "pending"
    resources = await (await client.get("/api/resources", headers=bearer(tokens["C002"]))).json()
    assert resources["rows"][0]["phone"] == "13900001111" and resources["rows"][0]["provider"] == "张师傅"
    assert len(resources["rows"][0]["created_at"]) == 25  # to the second, for the cadre in scope
    public = await (await client.get("/api/resources")).json()
    assert public["rows"][0]["phone"] == "139****1111" and public["rows"][0]["provider"] == "张**"
    assert len(public["rows"][0]["created_at"]) == 10  # the day only, like a need's
    assert "电梯" not in json.dumps(public, ensure_ascii=False)  # a volunteer's own words may say where they live
    elsewhere = await (await client.get("/api/resources", headers=bearer(tokens["C004"]))).json()
    assert elsewhere["total"] == 0


# -- one need and its status -----------------------------------------------------------------
async def test_a_need_shows_its_history_to_the_cadre_in_scope_only(client, tokens, filed):
    done = filed["tracking"][-1]
    public = await (await client.get(f"/api/needs/{done}")).json()
    assert "description" not in public and all(h["note"] == "" for h in public["history"])
    mine = await (await client.get(f"/api/needs/{done}", headers=bearer(tokens["C002"]))).json()
    assert mine["description"] == "楼下垃圾乱堆" and [h["note"] for h in mine["history"]][-1] == "已清理"
    other = await client.get(f"/api/needs/{done}", headers=bearer(tokens["C004"]))
    assert other.status == 403 and "不在您负责的范围内" in (await other.json())["error"]
    assert (await client.get("/api/needs/XQ999999")).status == 404


async def test_a_cadre_changes_a_status_and_the_resident_sees_it(client, catalog, tokens, filed):
    tracking_id = filed["tracking"][4]  # 南园社区 楼道灯不亮
    response = await client.post(f"/api/needs/{tracking_id}/status", headers=bearer(tokens["C002"]),
                                 json={"status": "in_progress", "note": "已联系物业，本周内换灯"})
    body = await response.json()
    assert response.status == 200 and body["status_label"] == "处理中"
    assert body["history"][-1]["author"] == "王芳（C002）"
    seen = find_need(catalog, tracking_id)  # what the resident's status question reads
    assert seen.status == "in_progress" and seen.latest_note == "已联系物业，本周内换灯"


async def test_status_changes_are_refused_without_rights_and_change_nothing(client, catalog, tokens, filed):
    tracking_id = filed["tracking"][4]
    change = {"status": "done", "note": "x"}
    assert (await client.post(f"/api/needs/{tracking_id}/status", json=change)).status == 401
    outside = await client.post(f"/api/needs/{tracking_id}/status", headers=bearer(tokens["C004"]), json=change)
    assert outside.status == 403
    bad = await client.post(f"/api/needs/{tracking_id}/status", headers=bearer(tokens["C002"]), json={"status": "fixed"})
    assert bad.status == 400 and (await bad.json())["error"].startswith("状态只能是")
    long = await client.post(f"/api/needs/{tracking_id}/status", headers=bearer(tokens["C002"]),
                             json={"status": "done", "note": "长" * 501})
    assert long.status == 400 and "500" in (await long.json())["error"]
    csrf = await login(client)
    forged = await client.post(f"/api/needs/{tracking_id}/status", json=change)  # a session without the page's token
    assert forged.status == 403
    assert find_need(catalog, tracking_id).status == "received"
    ok = await client.post(f"/api/needs/{tracking_id}/status", json=change, headers={"X-CSRF-Token": csrf})
    assert ok.status == 200 and find_need(catalog, tracking_id).status == "done"


# -- Excel -----------------------------------------------------------------------------------
def sheet_rows(body: bytes) -> tuple[str, list[tuple], object]:
    sheet = load_workbook(io.BytesIO(body)).active
    rows = list(sheet.iter_rows(values_only=True))
    return rows[0][0], rows[2:], sheet


async def test_the_excel_export_holds_the_cadres_scope_with_phones(client, catalog, gazetteer, tokens):
    nanyuan = gazetteer.resolve("南园社区").community
    formula = "=HYPERLINK(\"http://x.example\",\"点我\")"
    file_need(catalog, NeedDraft(nanyuan.name, formula, "基础设施提升", "愁", None, "resident-f", "key-f"))
    assert (await client.get("/api/export/needs.xlsx")).status == 401
    response = await client.get("/api/export/needs.xlsx", headers=bearer(tokens["C002"]))
    assert response.status == 200 and "spreadsheetml" in response.headers["Content-Type"]
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
    caption, rows, sheet = sheet_rows(await response.read())
    assert caption.startswith("治理需求目录（城厢镇）")
    assert len(rows) == 4 and {r[2] for r in rows} == {"南园社区"} and "13812345678" in {r[9] for r in rows}
    cell = next(c for c in sheet["F"] if c.value == formula)
    assert cell.data_type == "s"  # a resident's "=…" stays text in the cadre's spreadsheet
    filtered = await client.get("/api/export/needs.xlsx?status=done", headers=bearer(tokens["C002"]))
    assert len(sheet_rows(await filtered.read())[1]) == 1
    for kind in ("projects", "resources"):
        other = await client.get(f"/api/export/{kind}.xlsx", headers=bearer(tokens["C004"]))
        assert other.status == 200
    projects = sheet_rows(await (await client.get("/api/export/projects.xlsx", headers=bearer(tokens["C004"]))).read())
    assert len(projects[1]) == 4 and {r[3] for r in projects[1]} <= {c.common_name for c in
                                                                      gazetteer.communities_in("沙溪镇")}
    assert (await client.get("/api/export/secrets.xlsx", headers=bearer(tokens["C002"]))).status == 404


# -- the pages -------------------------------------------------------------------------------
async def test_the_dashboard_needs_a_login_and_carries_the_scope(client):
    away = await client.get("/dashboard", allow_redirects=False)
    assert away.status == 303 and away.headers["Location"] == "/login"
    await login(client)
    page = await client.get("/dashboard")
    text = await page.text()
    assert page.status == 200 and "王芳（城厢镇）" in text and "/vendor/echarts.min.js" in text
    boot = boot_of(text)
    assert list(boot["places"]) == ["城厢镇"] and "南园社区" in boot["places"]["城厢镇"]
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    echarts = await client.get("/vendor/echarts.min.js")  # installed from npm by `make build`
    assert echarts.status == 200


async def test_a_wrong_password_on_the_login_page_is_said_on_the_page(client):
    page = await client.get("/login")
    csrf = (await page.text()).split('name="csrf" value="')[1].split('"')[0]
    response = await client.post("/login", data={"csrf": csrf, "cadre_id": "C002", "password": "wrong-password"},
                                 headers={"Accept": "text/html"}, allow_redirects=False)
    assert response.status == 401 and "编号或密码不对" in await response.text()


async def test_names_in_the_page_are_escaped(aiohttp_client, settings, catalog, password_hash):
    save_roster(settings.roster_file, Roster([Cadre("C001", "</script><script>alert(1)</script>", "city",
                                                    password_hash=password_hash)]))
    client = await aiohttp_client(create_app(settings, f"http://127.0.0.1:{closed_port()}", SECRET))
    await login(client, "C001")
    text = await (await client.get("/dashboard")).text()
    assert "<script>alert(1)" not in text and boot_of(text)["cadre"]["name"] == "</script><script>alert(1)</script>"


async def test_the_overview_gives_coverage_per_town_against_the_targets(client, tokens, gazetteer):
    public = await (await client.get("/api/overview?as_of=2023-12-31")).json()
    towns = {t["place"]: t for t in public["towns"]}
    assert set(towns) == {t.name for t in gazetteer.towns} and towns["城厢镇"]["pilots"] == 7 and towns["城厢镇"]["communities"] == 23
    # 浏河镇's 9 pilots came in June 2023: the 2022 target is judged at its deadline (none then), the 2023 one
    # wants more than 60%
    assert towns["浏河镇"]["coverage"] == 0.6 and [c["met"] for c in towns["浏河镇"]["targets"]] == [False, False]
    assert towns["浏河镇"]["targets"][0]["pilots_at_deadline"] == 0 and towns["浏河镇"]["targets"][0]["short_now"] == 0
    assert sum(public["city"]["by_type"].values()) == public["city"]["pilots"] == 7 + 5 + 9
    assert public["area"] == "全市" and public["catalogs"]["needs"] == 7
    mine = await (await client.get("/api/overview", headers=bearer(tokens["C002"]))).json()
    assert mine["area"] == "城厢镇" and mine["catalogs"]["needs"] == 3 and mine["lead_types"]["sample"] is True
    # Filed just now: none is past a limit yet (the late counts themselves: test_overdue.py)
    assert mine["late"] == {"late": 0, "open_needs": 2, "sample": True, "lights": [], "supervised": 0,
                            "by_stage": {"签收": 0, "联系居民": 0, "办结": 0}}


async def test_open311_shows_descriptions_to_a_cadre_in_scope_only(client, tokens, filed):
    ours, theirs = filed["tracking"][4], filed["tracking"][0]
    mine = await (await client.get(f"/open311/v2/requests/{ours}.json", headers=bearer(tokens["C002"]))).json()
    assert mine[0]["description"] == "楼道灯不亮"
    other = await (await client.get(f"/open311/v2/requests/{theirs}.json", headers=bearer(tokens["C002"]))).json()
    assert other[0]["description"].endswith("需求") and "河道" not in other[0]["description"]


async def test_many_cadres_opening_the_overview_at_once_cost_one_computation(client, monkeypatch):
    import asyncio

    from bot.web import dashboard

    calls = []
    original = dashboard._overview

    def counted(*args):
        calls.append(args)
        return original(*args)

    monkeypatch.setattr(dashboard, "_overview", counted)
    responses = await asyncio.gather(*(client.get("/api/overview?as_of=2024-01-01") for _ in range(20)))
    bodies = {await r.text() for r in responses}
    assert len(calls) == 1 and len(bodies) == 1 and all(r.status == 200 for r in responses)


@pytest.mark.parametrize("query", ["from=0001-01-01", "to=9999-12-31", "page=²", "size=²", "page=99999999999"])
async def test_edge_values_get_400_not_500(client, query):
    response = await client.get(f"/api/needs?{query}")
    assert response.status == 400 and "error" in await response.json()


@pytest.mark.parametrize("body, content_type", [('{"status": ["done"]}', "application/json"),
                                                ('{"status": "done"}', "application/json; charset=foo"),
                                                ("[" * 30_000 + "]" * 30_000, "application/json")])
async def test_odd_bodies_for_a_status_change_get_400(client, tokens, filed, body, content_type):
    response = await client.post(f"/api/needs/{filed['tracking'][4]}/status", data=body,
                                 headers={**bearer(tokens["C002"]), "Content-Type": content_type})
    assert response.status == 400 and "error" in await response.json()


async def test_control_characters_never_break_an_export(client, catalog, gazetteer, tokens):
    nanyuan = gazetteer.resolve("南园社区").community
    file_need(catalog, NeedDraft(nanyuan.name, "门口\x00有\x07坑", "基础设施提升", "愁", None, "resident-c", "key-c"))
    response = await client.get("/api/export/needs.xlsx?q=%00", headers=bearer(tokens["C002"]))
    assert response.status == 200 and len(sheet_rows(await response.read())[1]) == 4


async def test_answers_that_differ_by_reader_are_never_cached(client, tokens):
    response = await client.get("/api/needs", headers=bearer(tokens["C002"]))
    assert response.headers["Cache-Control"] == "no-store" and "Authorization" in response.headers["Vary"]


def test_wrong_passwords_lock_an_account_only_from_the_address_that_tried():
    from bot.web.auth import Sessions

    sessions = Sessions()
    for _ in range(5):
        sessions.failed("id:C001@10.0.0.9", "ip:10.0.0.9")
    assert sessions.blocked("id:C001@10.0.0.9", "ip:10.0.0.9")
    assert not sessions.blocked("id:C001@10.0.0.7", "ip:10.0.0.7")  # the cadre, from their own office


async def test_behind_a_proxy_wrong_passwords_lock_out_the_client_not_everyone(aiohttp_client, settings, catalog,
                                                                                tokens):
    # nginx on this host: every request comes from 127.0.0.1, the client's address is in X-Forwarded-For.
    import dataclasses

    from bot.config import proxy_networks

    proxied = dataclasses.replace(settings, trusted_proxies=proxy_networks("127.0.0.1,::1"))
    client = await aiohttp_client(create_app(proxied, f"http://127.0.0.1:{closed_port()}", SECRET))
    page = await client.get("/login")
    csrf = (await page.text()).split('name="csrf" value="')[1].split('"')[0]

    async def attempt(address: str, password: str) -> int:
        response = await client.post("/login", data={"csrf": csrf, "cadre_id": "C002", "password": password},
                                     headers={"X-Forwarded-For": address}, allow_redirects=False)
        return response.status

    # A guesser forges a first hop; the proxy appends the address it really came from.
    assert [await attempt(f"10.9.9.{i}, 203.0.113.9", "guess") for i in range(5)] == [401] * 5
    assert await attempt("203.0.113.9", PASSWORD) == 429  # that client is locked out, even with the password
    assert await attempt("198.51.100.7", PASSWORD) in (200, 302)  # the cadre, from their own office


async def test_a_login_outlives_a_gateway_restart_and_a_logout_ends_it_everywhere(aiohttp_client, settings, catalog,
                                                                                    tokens, filed):
    first = await aiohttp_client(create_app(settings, f"http://127.0.0.1:{closed_port()}", SECRET))
    await login(first)
    cookies = {name: morsel.value for name, morsel in first.session.cookie_jar.filter_cookies(first.make_url("/")).items()}
    # The gateway restarted (or a second one behind the same proxy): the same catalog, the same secret.
    second = await aiohttp_client(create_app(settings, f"http://127.0.0.1:{closed_port()}", SECRET), cookies=cookies)
    me = await second.get("/api/me")
    assert me.status == 200 and (await me.json())["id"] == "C002"
    csrf = cookies["tc_csrf"]
    assert (await second.post("/logout", data={"csrf": csrf})).status == 200
    assert (await first.get("/api/me")).status == 401  # closed for every gateway
    with catalog.unit_of_work() as session:  # only the token's hash was ever stored
        from bot.catalog.models import WebSessionRow

        assert all(len(row.token_hash) == 64 for row in session.query(WebSessionRow))


async def test_an_expired_session_is_nobody(client, catalog, monkeypatch):
    from datetime import timedelta

    from bot.cadres import sessions

    await login(client)
    assert (await client.get("/api/me")).status == 200
    later = sessions.utcnow() + timedelta(hours=9)  # sessions last 8 hours
    monkeypatch.setattr(sessions, "utcnow", lambda: later)
    assert (await client.get("/api/me")).status == 401


# -- what the public may not learn of a resident ----------------------------------------------------
# In a small village the minute a report came in, its urgency, its supporters or a word of it can tell who
# made it: the public reads the day, the dimension and the place; a cadre in scope reads everything.
def moved_to_new_years_eve(catalog, tracking_id: str) -> None:
    """Filed at 23:59:59 on 1 January in Taicang (15:59:59 UTC), last changed 09:02:03 on 2 January."""
    with catalog.unit_of_work() as session:
        session.execute(update(NeedRow).where(NeedRow.tracking_id == tracking_id)
                        .values(created_at=datetime(2026, 1, 1, 15, 59, 59), updated_at=datetime(2026, 1, 2, 1, 2, 3)))


async def test_the_public_reads_a_needs_day_not_its_time_urgency_or_supporters(client, catalog, tokens, filed):
    ours = filed["tracking"][4]  # 南园社区, 急
    moved_to_new_years_eve(catalog, ours)
    support_need(catalog, ours, "neighbour-1")
    public = await (await client.get(f"/api/needs/{ours}")).json()
    assert (public["created_at"], public["updated_at"]) == ("2026-01-01", "2026-01-02")
    assert "urgency" not in public and "supporters" not in public
    assert public["history"] and all(len(h["at"]) == 10 for h in public["history"])  # 2026-12-04, no time
    for listing in ("/api/needs", "/api/projects"):
        rows = (await (await client.get(f"{listing}?size=200")).json())["rows"]
        row = next(r for r in rows if r["tracking_id"] == ours)
        assert row["created_at"] == "2026-01-01" and "urgency" not in row and "supporters" not in row
    mine = await (await client.get(f"/api/needs/{ours}", headers=bearer(tokens["C002"]))).json()
    assert mine["created_at"] == "2026-01-01T23:59:59+08:00" and mine["updated_at"] == "2026-01-02T09:02:03+08:00"
    assert mine["urgency"] == "急" and mine["supporters"] == 1 and len(mine["history"][0]["at"]) == 25


async def test_open311_gives_the_public_a_day_at_midnight_and_a_cadre_in_scope_the_time(client, catalog, tokens,
                                                                                          filed):
    ours, theirs = filed["tracking"][4], filed["tracking"][0]
    for tracking_id in (ours, theirs):
        moved_to_new_years_eve(catalog, tracking_id)
    public = await (await client.get("/open311/v2/requests.json")).json()
    row = next(r for r in public if r["service_request_id"] == ours)
    # GeoReport v2 wants a datetime with its zone: the day's midnight in Taicang carries the day and nothing more.
    assert (row["requested_datetime"], row["updated_datetime"]) == ("2026-01-01T00:00:00+08:00",
                                                                     "2026-01-02T00:00:00+08:00")
    assert all(r["requested_datetime"].endswith("T00:00:00+08:00") for r in public)
    assert "urgency" not in json.dumps(public) and "supporters" not in json.dumps(public)
    mine = (await (await client.get(f"/open311/v2/requests/{ours}.json", headers=bearer(tokens["C002"]))).json())[0]
    assert (mine["requested_datetime"], mine["updated_datetime"]) == ("2026-01-01T23:59:59+08:00",
                                                                      "2026-01-02T09:02:03+08:00")
    other = (await (await client.get(f"/open311/v2/requests/{theirs}.json", headers=bearer(tokens["C002"]))).json())[0]
    assert other["requested_datetime"] == "2026-01-01T00:00:00+08:00"  # 沙溪镇 is outside 城厢镇's scope
    # Due to be finished at the close of a working day (15 working days for works), the day only for the public
    due = find_need(catalog, ours).finish_by
    assert mine["expected_datetime"] == due and due.endswith("T17:30:00+08:00")
    assert row["expected_datetime"] == due[:10] + "T00:00:00+08:00"


async def test_a_public_match_reason_keeps_why_but_not_the_residents_words(client, catalog, gazetteer, tokens, filed):
    nanyuan = gazetteer.resolve("南园社区").community
    file_resource(catalog, ResourceDraft(PERSON, "张师傅", "会修电梯，懂维修", SKILLS, "community", nanyuan.name, None,
                                         "周末", "13900001111", "volunteer-1", "res-key-1"))
    lift = filed["tracking"][5]  # 南园社区 电梯坏了
    mine = await (await client.get(f"/api/needs/{lift}", headers=bearer(tokens["C002"]))).json()
    full = mine["matches"][0]["reason"]
    assert full.endswith("；共同关键词：电梯")  # the cadre in scope sees every reason, the shared words too
    public = await (await client.get(f"/api/needs/{lift}")).json()
    # Why it was proposed is still said, in the vocabulary's words (能力相符：电梯维修), not in the resident's.
    assert public["matches"][0]["reason"] == full.removesuffix("；共同关键词：电梯")
    assert "共同关键词" not in json.dumps(public, ensure_ascii=False)


# -- 督办 -----------------------------------------------------------------------------------------
async def test_a_town_cadre_presses_for_a_need_which_then_heads_its_communitys_list(client, tokens, filed, catalog):
    oldest = filed["tracking"][4]  # 南园社区's first need: last in a newest-first list
    before = await (await client.get("/api/needs?town=城厢&community=南园", headers=bearer(tokens["C002"]))).json()
    assert before["rows"][-1]["tracking_id"] == oldest and not before["rows"][-1]["supervised"]
    reply = await client.post(f"/api/needs/{oldest}/supervise", json={"note": "月底前修好"},
                              headers=bearer(tokens["C002"]))
    body = await reply.json()
    assert reply.status == 200 and body["supervised"] and body["supervisions"] == 1
    assert body["history"][-1]["note"] == "督办：月底前修好" and "王芳" in body["history"][-1]["author"]
    after = await (await client.get("/api/needs?town=城厢&community=南园", headers=bearer(tokens["C002"]))).json()
    assert after["rows"][0]["tracking_id"] == oldest and after["rows"][0]["supervised"]
    overview = await (await client.get("/api/overview", headers=bearer(tokens["C002"]))).json()
    assert overview["late"]["supervised"] == 1
    with catalog.unit_of_work() as session:  # counted where the rates will read it
        assert session.execute(select(NeedRow.supervisions).where(NeedRow.tracking_id == oldest)).scalar() == 1


@pytest.mark.parametrize("cadre, number, status, says", [
    ("C003", 4, 403, "镇级、市级"),  # a community cadre updates the status instead
    ("C004", 4, 403, "不在您负责的范围内"),  # 沙溪镇's cadre, a 城厢镇 need
    ("C002", 6, 400, "不用督办"),  # already done
])
async def test_presses_that_may_not_be_made_change_nothing(client, tokens, filed, cadre, number, status, says):
    target = filed["tracking"][number]
    reply = await client.post(f"/api/needs/{target}/supervise", headers=bearer(tokens[cadre]))
    assert reply.status == status and says in (await reply.json())["error"]
    detail = await (await client.get(f"/api/needs/{target}", headers=bearer(tokens["C002"]))).json()
    assert not detail["supervised"] and detail["supervisions"] == 0


def test_a_town_cadre_presses_from_the_command_line(settings, filed, tokens, monkeypatch, capsys):
    from bot.cli import main

    monkeypatch.setenv("ROSTER_FILE", str(settings.roster_file))
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    assert main(["supervise", filed["tracking"][4], "--cadre", "C002", "--note", "尽快"]) == 0
    assert "已督办" in capsys.readouterr().out
    assert main(["supervise", filed["tracking"][0], "--cadre", "C002"]) == 2  # 沙溪镇's, not theirs
    assert "没有编号为" in capsys.readouterr().err


# -- call-backs by phone ---------------------------------------------------------------------------
async def test_a_cadre_records_a_call_back_made_by_phone(client, tokens, filed, catalog):
    done = filed["tracking"][6]
    reply = await client.post(f"/api/needs/{done}/visits", headers=bearer(tokens["C002"]),
                              json={"contacted": True, "solved": True, "satisfaction": "不满意", "words": "来得太慢"})
    body = await reply.json()
    assert reply.status == 200 and body["history"][-1]["note"] == "回访不满意：来得太慢"
    with catalog.unit_of_work() as session:
        assert session.execute(text("SELECT source, satisfaction FROM visits")).all() == [("phone", "不满意")]


@pytest.mark.parametrize("cadre, number, body, status", [
    ("C004", 6, {"solved": True}, 403),  # another town's cadre
    ("C002", 4, {"solved": True}, 400),  # still open: no call-back yet
    ("C002", 6, {"solved": "是"}, 400),  # not a yes or no
    ("C002", 6, {}, 400),  # nothing answered
])
async def test_call_backs_that_may_not_be_recorded_change_nothing(client, tokens, filed, catalog, cadre, number, body,
                                                                  status):
    reply = await client.post(f"/api/needs/{filed['tracking'][number]}/visits", headers=bearer(tokens[cadre]), json=body)
    assert reply.status == status and (await reply.json())["error"]
    with catalog.unit_of_work() as session:
        assert session.execute(text("SELECT COUNT(*) FROM visits")).scalar() == 0
