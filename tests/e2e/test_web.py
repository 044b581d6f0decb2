"""A resident chats through the web gateway with the real Rasa and action servers."""

from __future__ import annotations

import json
import urllib.request

import pytest
from sqlalchemy import text

from bot.catalog.db import Catalog
from bot.config import Settings
from bot.web.app import create_app
from bot.web.identity import COOKIE

pytestmark = pytest.mark.e2e


async def test_a_resident_reports_through_the_web_page(aiohttp_client, servers, e2e_database, base_settings):
    settings = Settings(database_url=e2e_database, places_csv=base_settings.places_csv, build_dir=base_settings.build_dir)
    client = await aiohttp_client(create_app(settings, servers.rasa_url, "e2e-secret-0123456789abcdef"))

    first = await client.post("/chat/messages", json={"message": "城厢镇南园社区楼道的灯坏了 <script>alert(1)</script> 很急"})
    assert first.status == 200
    cookie = first.cookies[COOKIE].value
    assert any("手机号" in m["text"] for m in await first.json()), await first.json()
    second = await client.post("/chat/messages", json={"message": "不留"})  # same browser, same conversation
    assert any("确认提交" in [b["title"] for b in m.get("buttons", [])] for m in await second.json())
    done = await client.post("/chat/messages", json={"message": "确认"})
    reply = "\n".join(m["text"] for m in await done.json())
    assert "编号：XQ" in reply
    tracking_id = reply.split("编号：")[1][:8]

    catalog = Catalog(e2e_database)
    try:
        with catalog.unit_of_work() as session:
            sender, description = session.execute(
                text("SELECT sender_id, description FROM needs WHERE tracking_id = :t"), {"t": tracking_id}).one()
    finally:
        catalog.dispose()
    assert cookie.startswith(sender + ".") and sender.startswith("web-")
    assert "<script>" in description  # stored as typed; every page shows it as text

    public = await (await client.get(f"/open311/v2/requests/{tracking_id}.json")).json()
    assert public[0]["status"] == "open" and "<script>" not in str(public)

    client.session.cookie_jar.update_cookies({COOKIE: sender + ".forged"})
    forged = await client.post("/chat/messages", json={"message": "我上次反映的那个怎么样了"})
    assert forged.cookies[COOKIE].value.split(".")[0] != sender  # a bad signature gets a new identity
    assert tracking_id not in "\n".join(m["text"] for m in await forged.json())


async def test_a_cadre_logged_in_on_the_web_asks_as_the_roster_cadre(aiohttp_client, servers, e2e_database,
                                                                      e2e_roster, base_settings):
    import os
    import subprocess
    import sys

    from bot.config import PROJECT_ROOT

    env = {**os.environ, "ROSTER_FILE": str(e2e_roster)}
    done = subprocess.run([sys.executable, "-m", "bot", "cadre", "passwd", "C001"], input="web-pass-城厢-2026\n",
                          cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    settings = Settings(database_url=e2e_database, places_csv=base_settings.places_csv,
                        build_dir=base_settings.build_dir, roster_file=e2e_roster)
    client = await aiohttp_client(create_app(settings, servers.rasa_url, "e2e-secret-0123456789abcdef"))

    anonymous = await client.post("/chat/messages", json={"message": "我们镇有几个试点社区"})
    assert "哪个镇" in "\n".join(m["text"] for m in await anonymous.json())  # a resident is asked which town

    page = await (await client.get("/login")).text()
    csrf = page.split('name="csrf" value="')[1].split('"')[0]
    assert (await client.post("/login", data={"csrf": csrf, "cadre_id": "C001",
                                              "password": "web-pass-城厢-2026"})).status == 200
    reply = await client.post("/chat/messages", json={"message": "我们镇有几个试点社区"})
    assert "\n".join(m["text"] for m in await reply.json()).startswith("城厢镇试点共")


def test_only_the_gateway_is_public_rasa_and_the_action_server_listen_on_loopback(servers):
    import psutil

    listening = []
    for pid in servers.pids():
        process = psutil.Process(pid)
        for member in [process, *process.children(recursive=True)]:
            listening += [c.laddr for c in member.net_connections(kind="inet") if c.status == psutil.CONN_LISTEN]
    ports = {address.port for address in listening}
    assert {int(servers.rasa_url.rsplit(":", 1)[1]), int(servers.action_url.rsplit(":", 1)[1])} <= ports
    assert {address.ip for address in listening} == {"127.0.0.1"}


def test_the_gateway_is_ready_when_everything_runs(gateway, servers):
    gateway_servers = servers
    with urllib.request.urlopen(f"{gateway}/readyz", timeout=10) as response:
        answered = len(gateway_servers.rasa_urls)
        expected = {"status": "ready", "database": "ok", "assistant": "ok", "assistant_servers": f"{answered}/{answered}"}
        if gateway_servers.production is not None:  # the profile also names the action server and Redis
            expected.update(actions="ok", redis="ok")
        assert json.loads(response.read()) == expected
