"""The web gateway's handlers on a real catalog: Open311, the chat endpoint's bad input, identities."""

from __future__ import annotations

import socket
from datetime import datetime

import pytest

from bot.web.app import create_app
from bot.web.identity import COOKIE, Signer
from tests.integration.registry_fixture import file_needs

SECRET = "test-secret-0123456789abcdef"


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
async def client(aiohttp_client, settings, catalog):
    return await aiohttp_client(create_app(settings, f"http://127.0.0.1:{closed_port()}", SECRET))


async def test_open311_lists_needs_without_personal_data(client, catalog, gazetteer):
    filed = file_needs(catalog, gazetteer)
    services = await (await client.get("/open311/v2/services.json")).json()
    assert len(services) == 7 and {s["service_name"] for s in services} >= {"基础设施提升", "物业管理监督"}
    requests = await (await client.get("/open311/v2/requests.json")).json()
    assert {r["service_request_id"] for r in requests} == set(filed["tracking"])
    body = str(requests)
    assert "13962718830" not in body and "河道发臭" not in body and "resident-" not in body
    closed = await (await client.get("/open311/v2/requests.json?status=closed")).json()
    assert [r["service_request_id"] for r in closed] == [filed["tracking"][-1]]
    one = await (await client.get(f"/open311/v2/requests/{filed['tracking'][0].lower()}.json")).json()
    assert one[0]["address"] == "沙溪镇" + gazetteer.communities_in("沙溪镇")[0].common_name


@pytest.mark.parametrize("query, status", [("page_size=abc", 400), ("start_date=yesterday", 400), ("page=0", 400),
                                           ("page_size=100000", 200)])
async def test_open311_bad_parameters_get_400_in_chinese(client, query, status):
    response = await client.get(f"/open311/v2/requests.json?{query}")
    assert response.status == status
    if status == 400:
        assert "必须是正整数" in await response.text() or "ISO 8601" in await response.text()


async def test_unknown_request_and_page(client):
    response = await client.get("/open311/v2/requests/XQ999999.json")
    assert response.status == 404 and "没有编号为 XQ999999 的需求" in await response.text()
    response = await client.get("/nothing-here")
    assert response.status == 404 and (await response.json())["error"] == "没有这个页面"


@pytest.mark.parametrize("body, error", [('{"message": 3}', "请输入要说的话"), ("not json", "请求格式不对"),
                                         ('{"message": "' + "长" * 2001 + '"}', "一次最多发2000个字")])
async def test_chat_bad_input_is_refused_in_chinese(client, body, error):
    response = await client.post("/chat/messages", data=body, headers={"Content-Type": "application/json"})
    assert response.status == 400 and (await response.json())["error"].startswith(error)


async def test_an_oversized_body_is_refused(client):
    response = await client.post("/chat/messages", data="x" * (70 * 1024), headers={"Content-Type": "application/json"})
    assert response.status == 413 and (await response.json())["error"] == "内容太长了"


async def test_the_assistant_unreachable_is_said_plainly(client):
    response = await client.post("/chat/messages", json={"message": "路灯坏了"})
    assert response.status == 503 and "您的话没有丢" in (await response.json())["error"]


async def test_the_chat_page_is_served(client):
    page = await client.get("/")
    assert page.status == 200 and "太仓社区小助手" in await page.text()
    weui = await client.get("/vendor/weui.min.css")  # installed from npm by `make build`
    assert weui.status == 200 and ".weui-btn" in await weui.text()
    for name in ("chat.js", "dashboard.js"):  # residents' words are never parsed as HTML
        script = await (await client.get(f"/static/{name}")).text()
        assert "textContent" in script and "innerHTML" not in script and "insertAdjacentHTML" not in script


def test_a_signed_identity_cannot_be_forged():
    signer = Signer(SECRET)
    token = signer.sign("web-abc")
    assert signer.unsign(token) == "web-abc"
    assert signer.unsign(token.replace("web-abc", "web-xyz")) is None
    assert signer.unsign("web-abc") is None and signer.unsign(None) is None
    assert Signer("another-secret-0123456789").unsign(token) is None
    assert COOKIE == "tc_resident"


async def test_public_figures_match_the_registry_and_catalog(client, catalog, gazetteer):
    from tests.integration.registry_fixture import build_registry

    build_registry(catalog, gazetteer)
    file_needs(catalog, gazetteer)
    town = await (await client.get("/api/figures?town=城厢&as_of=2022-12-31")).json()
    assert town["place"] == "城厢镇" and town["pilots"]["pilots"] == 7 and town["pilots"]["communities"] == 23
    assert town["pilots"]["targets"][0] == {"target": "2022年底达到30%", "deadline": "2022-12-31", "needed": 7,
                                            "met": True, "short": 0, "pilots_at_deadline": 7, "short_now": 0}
    # 科教新城 had 2 of the 3 needed at the end of 2022 and 5 now: the chat and the API say the same
    kejiao = await (await client.get("/api/figures?town=科教新城")).json()
    first = kejiao["pilots"]["targets"][0]
    assert (first["met"], first["short"], first["pilots_at_deadline"], first["short_now"]) == (False, 1, 2, 0)
    assert town["catalogs"]["needs"] == 3 and town["catalogs"]["done"] == 1
    city = await (await client.get("/api/figures")).json()
    assert city["pilots"]["pilots"] == 21 and city["catalogs"]["pending_projects"] == 6
    assert "13962718830" not in str(city) and "河道发臭" not in str(city)
    bad = await client.get("/api/figures?town=火星镇")
    assert bad.status == 400 and "火星镇" in (await bad.json())["error"]
    assert (await client.get("/api/figures?as_of=yesterday")).status == 400


async def test_the_openapi_document_lists_every_public_route(client):
    document = await (await client.get("/api/openapi.json")).json()
    assert document["openapi"].startswith("3.")
    served = {r.resource.canonical for r in client.app.router.routes()
              if r.resource is not None and r.resource.canonical.startswith(("/api/", "/open311/", "/chat/"))}
    assert served - {"/api/openapi.json"} == set(document["paths"])  # every API route described, no more
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def add_cadre_with_password(settings, monkeypatch, password="城厢镇-pass-2026"):
    import io

    from bot.cli import main

    monkeypatch.setenv("ROSTER_FILE", str(settings.roster_file))
    assert main(["cadre", "add", "王芳", "--role", "town", "--town", "城厢镇", "--identity", "rest:wang-cx"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    assert main(["cadre", "passwd", "C001"]) == 0
    return password


async def csrf_of(client) -> str:
    page = await client.get("/login")
    text = await page.text()
    return text.split('name="csrf" value="')[1].split('"')[0]


async def test_a_cadre_logs_in_and_out(client, settings, monkeypatch):
    password = add_cadre_with_password(settings, monkeypatch)
    assert "password_hash: $argon2id$" in settings.roster_file.read_text(encoding="utf-8")
    assert password not in settings.roster_file.read_text(encoding="utf-8")
    assert (await client.get("/api/me")).status == 401
    csrf = await csrf_of(client)
    ok = await client.post("/login", data={"csrf": csrf, "cadre_id": "c001", "password": password})
    assert ok.status == 200 and (await ok.json())["scope"] == "城厢镇"
    me = await (await client.get("/api/me")).json()
    assert me == {"id": "C001", "cadre": "王芳", "role": "town", "scope": "城厢镇"}
    assert (await client.post("/logout", data={"csrf": csrf})).status == 200
    assert (await client.get("/api/me")).status == 401


async def test_login_needs_the_forms_csrf_token(client, settings, monkeypatch):
    password = add_cadre_with_password(settings, monkeypatch)
    await csrf_of(client)
    response = await client.post("/login", data={"csrf": "guessed", "cadre_id": "C001", "password": password})
    assert response.status == 403 and "页面已过期" in await response.text()
    assert (await client.get("/api/me")).status == 401


async def test_wrong_passwords_are_limited(client, settings, monkeypatch):
    password = add_cadre_with_password(settings, monkeypatch)
    csrf = await csrf_of(client)
    for _ in range(5):
        wrong = await client.post("/login", data={"csrf": csrf, "cadre_id": "C001", "password": "123456"})
        assert wrong.status == 401 and (await wrong.json())["error"] == "编号或密码不对"
    blocked = await client.post("/login", data={"csrf": csrf, "cadre_id": "C001", "password": password})
    assert blocked.status == 429 and "15分钟" in (await blocked.json())["error"]
    assert (await client.get("/api/me")).status == 401


async def test_a_forged_session_cookie_is_nobody(client, settings, monkeypatch):
    add_cadre_with_password(settings, monkeypatch)
    client.session.cookie_jar.update_cookies({"tc_session": "anything.0123456789abcdef0123456789abcdef"})
    assert (await client.get("/api/me")).status == 401


async def test_metrics_count_requests_and_messages_for_a_local_scraper(client):
    await client.get("/open311/v2/requests.json")
    await client.post("/chat/messages", json={"message": "路灯坏了"})  # the assistant is down here: a failure
    body = await (await client.get("/metrics")).text()
    assert 'tc_http_requests_total{route="/open311/v2/requests.json",status="2xx"} 1.0' in body
    assert 'tc_assistant_unavailable_total{channel="web"} 1.0' in body
    assert "tc_catalog_needs 0.0" in body


async def test_metrics_from_another_host_need_the_token(aiohttp_client, settings, catalog):
    import dataclasses

    app = create_app(dataclasses.replace(settings, metrics_token="scrape-secret"), "http://127.0.0.1:9", SECRET)
    client = await aiohttp_client(app)
    assert (await client.get("/metrics")).status == 403
    assert (await client.get("/metrics", headers={"Authorization": "Bearer scrape-secret"})).status == 200


async def test_readiness_says_which_part_is_missing(client):
    response = await client.get("/readyz")
    assert response.status == 503
    assert await response.json() == {"status": "not ready", "database": "ok", "assistant": "unreachable",
                                     "assistant_servers": "0/1"}
    assert (await client.get("/healthz")).status == 200  # alive all the same


async def test_open311_dates_without_a_zone_are_taicang_time(client, catalog, gazetteer):
    from sqlalchemy import update

    from bot.catalog.models import NeedRow

    first = file_needs(catalog, gazetteer)["tracking"][0]
    with catalog.unit_of_work() as session:  # 01:00 on 2 January in Taicang is 17:00 UTC on 1 January
        session.execute(update(NeedRow).where(NeedRow.tracking_id == first).values(created_at=datetime(2026, 1, 1, 17)))
    found = await (await client.get("/open311/v2/requests.json?start_date=2026-01-02&end_date=2026-01-03")).json()
    assert [r["service_request_id"] for r in found] == [first]
    assert (await client.get("/open311/v2/requests.json?start_date=9999-12-31T23:59:59-12:00")).status == 400


async def test_metrics_count_the_reports_kept_in_the_outbox(client, settings):
    from bot.needs.service import NeedDraft
    from bot.outbox import Outbox

    body = await (await client.get("/metrics")).text()
    assert "tc_outbox_kept 0.0" in body and "tc_catalog_up 1.0" in body and "tc_assistant_servers_up 0.0" in body
    assert 'tc_needs_submitted_total{outcome="filed"} 0.0' in body
    outbox = Outbox(settings.outbox_path)
    outbox.keep(NeedDraft("南园社区居委会", "路灯坏了", "基础设施提升", "愁", None, "r", "k"))
    body = await (await client.get("/metrics")).text()
    assert "tc_outbox_kept 1.0" in body
    assert 'tc_outbox_waiting{kind="need",state="kept"} 1.0' in body  # by kind and state, for an alert
    assert 'tc_outbox_waiting{kind="offer",state="refused"} 0.0' in body
    from bot.web.keys import CATALOG

    outbox.deliver(client.server.app[CATALOG])  # the action server's worker, once the catalog answers
    body = await (await client.get("/metrics")).text()
    assert "tc_outbox_kept 0.0" in body and 'tc_needs_submitted_total{outcome="delivered"} 1.0' in body


async def test_refusals_carry_the_same_protective_headers(client):
    refused = await client.get("/api/needs?page=x")
    assert refused.status == 400
    assert refused.headers["Cache-Control"] == "no-store" and "Content-Security-Policy" in refused.headers
    assert refused.headers["X-Content-Type-Options"] == "nosniff"


async def test_a_chat_message_of_half_an_emoji_is_refused_kindly(client):
    response = await client.post("/chat/messages", data=b'{"message": "\\ud800"}',
                                 headers={"Content-Type": "application/json"})
    assert response.status == 400 and (await response.json())["error"] == "请输入要说的话"


async def test_readiness_names_a_missing_action_server_and_redis(aiohttp_client, settings, catalog):
    import dataclasses

    app = create_app(dataclasses.replace(settings, action_server_url=f"http://127.0.0.1:{closed_port()}",
                                         redis_url=f"redis://127.0.0.1:{closed_port()}/0"),
                     f"http://127.0.0.1:{closed_port()}", SECRET)
    client = await aiohttp_client(app)
    response = await client.get("/readyz")
    body = await response.json()
    assert response.status == 503
    assert body["actions"] == "unreachable" and body["redis"] == "unreachable" and body["database"] == "ok"


async def test_a_catalog_that_cannot_be_reached_is_a_503_in_chinese(aiohttp_client, settings, tmp_path):
    import dataclasses

    gone = dataclasses.replace(settings, database_url=f"sqlite:///{tmp_path / 'no' / 'such' / 'catalog.db'}")
    client = await aiohttp_client(create_app(gone, f"http://127.0.0.1:{closed_port()}", SECRET))
    response = await client.get("/api/figures")
    assert response.status == 503 and (await response.json())["error"] == "数据库暂时连不上，请稍后再试"


async def test_metrics_through_a_proxy_are_not_local(aiohttp_client, settings, catalog):
    import dataclasses

    from bot.config import proxy_networks

    proxied = dataclasses.replace(settings, trusted_proxies=proxy_networks("127.0.0.1"))
    client = await aiohttp_client(create_app(proxied, "http://127.0.0.1:9", SECRET))
    assert (await client.get("/metrics")).status == 403  # the proxy named no client: not taken for this host
    assert (await client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"})).status == 403
    # Without trusted proxies the header is nobody's word: a local request stays local.
    plain = await aiohttp_client(create_app(settings, "http://127.0.0.1:9", SECRET))
    assert (await plain.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"})).status == 200


async def test_an_emergency_is_told_even_when_the_assistant_is_down(client):
    response = await client.post("/chat/messages", json={"message": "救命啊 有人掉河里了"})
    body = await response.json()
    assert response.status == 503 and "120" in body["error"] and "没有丢" in body["error"]
