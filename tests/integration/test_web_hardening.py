"""The gateway refuses what a public deployment must: chat posts from other pages, roster entries whose
scope is not whole. A stand-in Rasa records what reaches it, so a refusal is seen to change nothing."""

from __future__ import annotations

import re

import pytest

from bot.cadres.roster import Cadre, Roster, RosterError, load_roster, new_api_token
from bot.reads.browse import Scope, ScopeError
from bot.web.app import create_app
from tests.integration.conftest import REPLY
from tests.integration.test_dashboard import PASSWORD, bearer, login, password_hash, tokens  # noqa: F401
from tests.integration.test_web import SECRET


@pytest.fixture
async def client(aiohttp_client, settings, catalog, tokens, rasa):  # noqa: F811
    return await aiohttp_client(create_app(settings, str(rasa.make_url("")).rstrip("/"), SECRET))


async def test_the_chat_page_of_a_logged_in_cadre_still_talks(client, rasa):
    await login(client, "C002")
    reply = await client.post("/chat/messages", json={"message": "我们镇有几个试点社区"},
                              headers={"Origin": f"http://{client.host}:{client.port}", "Sec-Fetch-Site": "same-origin"})
    assert reply.status == 200 and (await reply.json())[0]["text"] == REPLY
    assert rasa.heard[-1]["sender"].startswith("web-cadre-C002-")  # the cadre's own, unguessable sender


@pytest.mark.parametrize("headers", [
    {"Content-Type": "text/plain"},  # a "simple" cross-site form post, no preflight
    {"Content-Type": "application/json", "Origin": "http://127.0.0.1:9999"},  # another port, an older browser
    {"Content-Type": "application/json", "Origin": "http://127.0.0.1:9999", "Sec-Fetch-Site": "same-site"},
    {"Content-Type": "application/json", "Sec-Fetch-Site": "same-site"},  # a sibling subdomain
    {"Content-Type": "application/json", "Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
])
async def test_a_forged_chat_post_from_another_page_is_refused_and_reaches_nobody(client, rasa, headers):
    await login(client, "C002")
    reply = await client.post("/chat/messages", data='{"message": "南园社区定为老街巷社区"}'.encode(), headers=headers)
    assert reply.status in (400, 403)
    assert (await reply.json())["error"] in ("请求格式不对", "请在本站的聊天页里发消息")
    assert rasa.heard == []


def test_a_cadre_web_identity_cannot_be_guessed_from_the_roster_id(password_hash):  # noqa: F811
    cadre = Cadre("C001", "李市", "city", password_hash=password_hash)
    other = Cadre("C001", "李市", "city", password_hash=password_hash + "x")
    assert cadre.web_identity != "rest:web-cadre-C001"
    assert cadre.web_identity.startswith("rest:web-cadre-C001-") and len(cadre.web_identity) >= 35
    assert cadre.web_identity != other.web_identity  # a new password, a new identity
    assert Roster([cadre]).find("rest", cadre.web_identity.split(":", 1)[1]) == cadre
    assert Roster([cadre]).find("rest", "web-cadre-C001") is None


def write_roster(path, entries: str) -> None:
    path.write_text(f"cadres:\n{entries}", encoding="utf-8")


@pytest.mark.parametrize("entry, says", [
    ("- {id: C009, name: 甲, role: town}\n", "必须写明所属镇"),
    ("- {id: C009, name: 甲, role: town, town: ''}\n", "必须写明所属镇"),
    ("- {id: C009, name: 甲, role: community, town: 城厢镇}\n", "必须写明所属村（社区）"),
    ("- {name: 甲, role: city}\n", "没有编号"),
])
def test_a_roster_entry_without_a_whole_scope_is_refused(tmp_path, entry, says):
    path = tmp_path / "roster.yml"
    write_roster(path, entry + "- {id: C001, name: 李市, role: city}\n")
    with pytest.raises(RosterError, match=says):
        load_roster(path)
    assert [c.id for c in load_roster(path, strict=False).cadres] == ["C001"]  # the servers keep the rest


def test_a_scope_not_written_whole_covers_nothing():
    with pytest.raises(ScopeError):
        Scope.of(Cadre("C009", "甲", "town"))
    assert not Cadre("C009", "甲", "town").covers("城厢镇", None)


async def test_a_town_cadre_without_a_town_gets_no_access_on_the_web(client, settings, tokens):  # noqa: F811
    token, digest = new_api_token()
    text = settings.roster_file.read_text(encoding="utf-8")
    settings.roster_file.write_text(text + f"- id: C009\n  name: 甲\n  role: town\n  token_hash: {digest}\n",
                                    encoding="utf-8")
    refused = await client.get("/api/needs", headers=bearer(token))
    assert refused.status == 401  # neither the city's catalog nor the public's
    assert (await client.get("/api/me", headers=bearer(tokens["C002"]))).status == 200  # the others keep theirs


@pytest.mark.parametrize("headers", [
    {"Cookie": "tc_resident=web-abc.签名签名"}, {"Cookie": "tc_session=x.\udcff\udcfe"},
    {"Cookie": "tc_resident=web-\udcff.abc"},
])
async def test_a_cookie_signed_with_other_characters_is_nobody_not_an_error(client, rasa, headers):
    reply = await client.post("/chat/messages", json={"message": "你好"}, headers=headers)
    assert reply.status == 200 and (await reply.json())[0]["text"] == REPLY
    assert re.fullmatch(r"web-[0-9a-f]{24}", rasa.heard[-1]["sender"])  # a new resident, not the forged one


async def test_metrics_with_a_non_ascii_authorization_is_refused_not_an_error(aiohttp_client, settings, catalog):
    from dataclasses import replace

    app = create_app(replace(settings, metrics_token="metrics-token-0123456789"), "http://127.0.0.1:9", SECRET)
    client = await aiohttp_client(app)
    reply = await client.get("/metrics", headers={"Authorization": "Bearer 令牌"})
    assert reply.status in (401, 403) and "error" in await reply.json()


# -- sessions and tokens end when they should ---------------------------------------------------
def cli(monkeypatch, settings, *args: str, stdin: str = "") -> int:
    import io

    from bot.cli import main

    monkeypatch.setenv("ROSTER_FILE", str(settings.roster_file))
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(list(args))


async def test_a_new_password_ends_the_sessions_opened_with_the_old_one(client, settings, monkeypatch):
    await login(client, "C002")
    assert (await client.get("/api/me")).status == 200
    assert cli(monkeypatch, settings, "cadre", "passwd", "C002", stdin="另一个新密码-2026\n") == 0
    assert (await client.get("/api/me")).status == 401


async def test_a_revoked_token_is_refused(client, settings, tokens, monkeypatch):  # noqa: F811
    assert (await client.get("/api/me", headers=bearer(tokens["C003"]))).status == 200
    assert cli(monkeypatch, settings, "cadre", "token", "C003", "--revoke") == 0
    assert (await client.get("/api/me", headers=bearer(tokens["C003"]))).status == 401
    assert "token_hash" not in settings.roster_file.read_text(encoding="utf-8").split("id: C003")[1].split("- id:")[0]


def test_a_token_works_until_its_last_day(settings, monkeypatch, capsys, tokens):  # noqa: F811
    from datetime import timedelta

    from bot.clock import china_today

    assert cli(monkeypatch, settings, "cadre", "token", "C004", "--days", "30") == 0
    token = capsys.readouterr().out.strip()
    roster = load_roster(settings.roster_file)
    today = china_today()
    assert roster.by_token(token, today + timedelta(days=30)).id == "C004"
    assert roster.by_token(token, today + timedelta(days=31)) is None
    assert cli(monkeypatch, settings, "cadre", "token", "C004", "--days", "0") == 2
    assert "有效天数" in capsys.readouterr().err
    assert load_roster(settings.roster_file).by_token(token, today).id == "C004"  # a refused command changes nothing


async def test_logging_out_clears_what_the_browser_kept(client):
    csrf = await login(client, "C002")
    reply = await client.post("/logout", data={"csrf": csrf})
    assert reply.status == 200 and reply.headers["Clear-Site-Data"] == '"storage"'


async def test_a_residents_identity_is_renewed_with_each_answer_and_lasts_90_days(client, rasa):
    first = await client.post("/chat/messages", json={"message": "你好"})
    cookie = first.cookies["tc_resident"]
    assert int(cookie["max-age"]) == 90 * 24 * 3600
    again = await client.post("/chat/messages", json={"message": "路灯坏了"})
    assert again.cookies["tc_resident"].value == cookie.value  # the same resident, renewed
    assert rasa.heard[0]["sender"] == rasa.heard[1]["sender"]


async def test_a_failed_login_never_logs_what_was_typed_as_the_id(client, caplog):
    page = await client.get("/login")
    csrf = (await page.text()).split('name="csrf" value="')[1].split('"')[0]
    with caplog.at_level("WARNING", logger="bot.web.auth"):
        reply = await client.post("/login", data={"csrf": csrf, "cadre_id": "Mima2026xy", "password": "x"})
    assert reply.status == 401
    assert "MIMA2026XY" not in caplog.text.upper() and "login failed" in caplog.text


async def test_an_unknown_id_costs_a_password_check_like_a_known_one(client, monkeypatch):
    from bot.web import auth

    checked = []
    monkeypatch.setattr(auth, "_verify", lambda stored, password: checked.append(stored) or False)
    page = await client.get("/login")
    csrf = (await page.text()).split('name="csrf" value="')[1].split('"')[0]
    for cadre_id in ("C002", "C999"):
        reply = await client.post("/login", data={"csrf": csrf, "cadre_id": cadre_id, "password": "wrong-password"})
        assert reply.status == 401
    assert len(checked) == 2 and all(h.startswith("$argon2id$") for h in checked)


@pytest.mark.parametrize("query, status", [("page=999999", 400), ("page=52&page_size=200", 400),
                                           ("page=51&page_size=200", 200), ("page=201", 200)])
async def test_open311_pages_stop_where_the_database_would_scan_too_far(client, query, status):
    reply = await client.get(f"/open311/v2/requests.json?{query}")
    assert reply.status == status
    if status == 400:
        assert "start_date" in (await reply.json())[0]["description"]


# -- behind a TLS proxy --------------------------------------------------------------------------
@pytest.fixture
async def proxied(aiohttp_client, settings, catalog, tokens, rasa):  # noqa: F811
    """The gateway behind nginx on this host (the default TRUSTED_PROXIES)."""
    from dataclasses import replace

    from bot.config import proxy_networks

    trusting = replace(settings, trusted_proxies=proxy_networks("127.0.0.1,::1"))
    return await aiohttp_client(create_app(trusting, str(rasa.make_url("")).rstrip("/"), SECRET))


async def test_behind_a_tls_proxy_cookies_are_secure_and_hsts_is_sent(proxied):
    tls = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
    reply = await proxied.post("/chat/messages", json={"message": "你好"}, headers=tls)
    assert reply.status == 200 and reply.headers["Strict-Transport-Security"].startswith("max-age=")
    assert "Secure" in reply.headers["Set-Cookie"]
    login_page = await proxied.get("/login", headers=tls)
    assert "Secure" in login_page.headers["Set-Cookie"] and "Strict-Transport-Security" in login_page.headers


async def test_over_plain_http_or_from_an_untrusted_hop_no_hsts(proxied, client):
    plain = await proxied.post("/chat/messages", json={"message": "你好"}, headers={"X-Forwarded-For": "203.0.113.7"})
    assert "Strict-Transport-Security" not in plain.headers and "Secure" not in plain.headers["Set-Cookie"]
    claimed = await client.get("/login", headers={"X-Forwarded-Proto": "https"})  # no proxy trusted: anyone's header
    assert "Strict-Transport-Security" not in claimed.headers and "Secure" not in claimed.headers["Set-Cookie"]
