"""试点特色案例: marking a resolved need as a case, what is refused, the command line and the web API.

From the registry fixture: 城厢镇南园社区 has 3 needs, the last one 已解决; 沙溪镇 has 4 open needs.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from bot.catalog.errors import CatalogError
from bot.cli import main
from bot.projects.cases import add_case, list_cases
from tests.integration.registry_fixture import build_registry, file_needs
from tests.integration.test_dashboard import bearer, client, login, password_hash, tokens  # noqa: F401

TITLE, ACCOUNT = "垃圾乱堆当天清", "居民反映楼下垃圾乱堆，社区当天组织志愿者清理，联系电话13812345678。"


@pytest.fixture
def filed(catalog, gazetteer):
    build_registry(catalog, gazetteer)
    return file_needs(catalog, gazetteer)


def _cases_in_db(catalog) -> list[tuple]:
    with catalog.engine.connect() as connection:
        return connection.execute(text(
            "SELECT n.tracking_id, c.title, c.author FROM cases AS c JOIN needs AS n ON n.id = c.need_id")).all()


def test_a_resolved_need_becomes_a_case_listed_with_its_place_and_dimension(catalog, filed):
    done = filed["tracking"][-1]
    case = add_case(catalog, done.lower(), f"  {TITLE} ", ACCOUNT, "王芳（C002）")
    assert _cases_in_db(catalog) == [(done, TITLE, "王芳（C002）")]
    assert list_cases(catalog, None) == [case]
    assert (case.town, case.community, case.category, case.community_type) == (
        "城厢镇", "南园社区", "人居环境整治", _registry_type(catalog, filed["nanyuan"].name))
    assert "138****5678" in case.account and "13812345678" not in case.account  # the phone is masked when shown


def _registry_type(catalog, community: str) -> str:
    with catalog.engine.connect() as connection:
        return connection.execute(text(
            "SELECT r.community_type FROM registry_changes AS r JOIN communities AS c ON c.id = r.community_id "
            "WHERE c.name = :name AND r.superseded_at IS NULL ORDER BY r.effective_on DESC, r.id DESC LIMIT 1"),
            {"name": community}).scalar() or ""


def test_cases_are_listed_per_town(catalog, filed):
    add_case(catalog, filed["tracking"][-1], TITLE, ACCOUNT, "测试")
    with catalog.engine.connect() as connection:
        shaxi = [i for (i,) in connection.execute(text(
            "SELECT c.id FROM communities AS c JOIN towns AS t ON t.id = c.town_id WHERE t.name = '沙溪镇'"))]
    assert list_cases(catalog, shaxi) == []
    assert [c.title for c in list_cases(catalog, None)] == [TITLE]


@pytest.mark.parametrize("which, title, account, message", [
    ("open", TITLE, ACCOUNT, "已解决的需求才能作为试点特色案例"),
    ("unknown", TITLE, ACCOUNT, "没有编号为 XQ999999 的需求"),
    ("done", "清", ACCOUNT, "案例标题要2到40个字"),
    ("done", "清" * 41, ACCOUNT, "案例标题要2到40个字"),
    ("done", TITLE, "", "请写一段简要介绍"),
    ("done", TITLE, "好" * 1001, "简要介绍最多1000个字"),
])
def test_what_cannot_be_a_case_is_refused_in_chinese(catalog, filed, which, title, account, message):
    number = {"open": filed["tracking"][0], "done": filed["tracking"][-1], "unknown": "XQ999999"}[which]
    with pytest.raises(CatalogError, match=message):
        add_case(catalog, number, title, account, "测试")
    assert _cases_in_db(catalog) == []


def test_a_need_is_a_case_at_most_once(catalog, filed):
    add_case(catalog, filed["tracking"][-1], TITLE, ACCOUNT, "测试")
    with pytest.raises(CatalogError, match="已经是试点特色案例了"):
        add_case(catalog, filed["tracking"][-1], "另一个标题", ACCOUNT, "测试")
    assert len(_cases_in_db(catalog)) == 1


def test_the_command_line_adds_and_lists_cases(settings, catalog, filed, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    done = filed["tracking"][-1]
    assert main(["case", "add", done, "--title", TITLE, "--account", ACCOUNT, "--author", "王芳"]) == 0
    assert f"{done} 已记为试点特色案例：{TITLE}（城厢镇南园社区）" in capsys.readouterr().out
    assert main(["case", "list", "--town", "城厢镇"]) == 0
    out = capsys.readouterr().out
    assert "城厢镇试点特色案例 1 个" in out and TITLE in out and "138****5678" in out
    assert main(["case", "list", "--town", "沙溪镇"]) == 0
    assert "沙溪镇试点特色案例 0 个" in capsys.readouterr().out
    assert main(["case", "list", "--town", "火星镇"]) == 2
    assert "太仓没有叫“火星镇”的镇（区）" in capsys.readouterr().err
    assert main(["case", "add", filed["tracking"][0], "--title", TITLE, "--account", ACCOUNT]) == 2
    assert "已解决的需求才能" in capsys.readouterr().err


async def test_a_cadre_marks_a_case_of_their_scope_on_the_web(client, tokens, catalog, filed):  # noqa: F811
    done = filed["tracking"][-1]
    outside = await client.post("/api/cases", json={"tracking_id": done, "title": TITLE, "account": ACCOUNT},
                                headers=bearer(tokens["C004"]))  # 沙溪镇's cadre, a need of 城厢镇
    assert outside.status == 403 and "不在您负责的范围内" in (await outside.json())["error"]
    assert _cases_in_db(catalog) == []
    csrf = await login(client, "C002")
    no_csrf = await client.post("/api/cases", json={"tracking_id": done, "title": TITLE, "account": ACCOUNT})
    assert no_csrf.status == 403 and _cases_in_db(catalog) == []
    made = await client.post("/api/cases", json={"tracking_id": done, "title": TITLE, "account": ACCOUNT},
                             headers={"X-CSRF-Token": csrf})
    assert made.status == 201, await made.text()
    assert (await made.json())["title"] == TITLE and _cases_in_db(catalog) == [(done, TITLE, "王芳（C002）")]
    again = await client.post("/api/cases", json={"tracking_id": done, "title": TITLE, "account": ACCOUNT},
                              headers={"X-CSRF-Token": csrf})
    assert again.status == 400 and "已经是试点特色案例了" in (await again.json())["error"]
    short = await client.post("/api/cases", json={"tracking_id": filed["tracking"][4], "title": "x", "account": "y"},
                              headers={"X-CSRF-Token": csrf})
    assert short.status == 400 and (await short.json())["error"] == "案例标题要2到40个字"
    wrong = await client.post("/api/cases", json={"tracking_id": 7, "title": TITLE, "account": ACCOUNT},
                              headers={"X-CSRF-Token": csrf})
    assert wrong.status == 400


async def test_the_cases_listed_on_the_web_are_the_cadres_scope(client, tokens, catalog, filed):  # noqa: F811
    add_case(catalog, filed["tracking"][-1], TITLE, ACCOUNT, "测试")
    assert (await client.get("/api/cases")).status == 401
    mine = await (await client.get("/api/cases", headers=bearer(tokens["C002"]))).json()
    assert mine["total"] == 1 and mine["rows"][0]["tracking_id"] == filed["tracking"][-1]
    assert "13812345678" not in str(mine)
    community = await (await client.get("/api/cases", headers=bearer(tokens["C003"]))).json()
    assert community["total"] == 1
    other = await (await client.get("/api/cases", headers=bearer(tokens["C004"]))).json()
    assert other == {"total": 0, "rows": []}
