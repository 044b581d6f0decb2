"""The real Rasa server and action server, on the trained model, with a throw-away catalog."""

from __future__ import annotations

import json
import os
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.catalog.seed import create_catalog
from bot.config import PROJECT_ROOT
from bot.places.loader import load_gazetteer
from bot.servers import free_port, free_port_pair, start, start_gateway

MODEL = PROJECT_ROOT / "models" / "taicang.tar.gz"


# E2E_PROFILE=prod runs the same tests on the production profile: PostgreSQL and Redis started
# in a temporary folder, two Rasa servers behind the gateway (make test runs both profiles).
PROFILE = os.environ.get("E2E_PROFILE", "sqlite")
# Hundreds of simulated residents all chat from this host, one address: the gateway's limits per address are off.
ONE_ADDRESS_FOR_ALL = {"CHAT_MESSAGES_PER_MINUTE": "0", "CHAT_REPORTS_PER_HOUR": "0"}


@dataclass
class Running:
    """The servers under test, whichever profile started them."""

    rasa_urls: list[str]
    action_url: str
    processes: list = field(default_factory=list)
    production: object | None = None  # bot.prod.Production on the production profile

    @property
    def rasa_url(self) -> str:
        return self.rasa_urls[0]

    def pids(self) -> list[int]:
        if self.production is not None:
            supervisor = self.production.supervisor
            return [pid for pid in (supervisor.pid(name) for name in supervisor.names() if name != "web") if pid]
        return [p.pid for p in self.processes]


@pytest.fixture(scope="session")
def production(reachable_dir, e2e_roster, wechat_api):
    """The production profile, started once for the session (only when E2E_PROFILE=prod)."""
    if PROFILE != "prod":
        yield None
        return
    from bot.prod import ProdSettings, Production

    state = reachable_dir("prod")
    settings = ProdSettings(
        state_dir=state, model=MODEL, instances=2, rasa_port=free_port_pair(), action_port=free_port(),
        web_port=free_port(), pg_port=free_port(), redis_port=free_port(),
        extra_env={"ROSTER_FILE": str(e2e_roster), "SECRET_KEY": "e2e-gateway-secret-0123456789",
                   "OUTBOX_RETRY": "1", **ONE_ADDRESS_FOR_ALL, **wechat_env(wechat_api)},
    )
    running = Production(settings).start()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def e2e_database(tmp_path_factory, base_settings, production) -> str:
    if production is not None:
        return production.database_url
    url = f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'catalog.db'}"
    create_catalog(url, load_gazetteer(base_settings.places_csv))
    return url


CADRE_SENDER = "e2e-cadre-chengxiang"


@pytest.fixture(scope="session")
def e2e_roster(tmp_path_factory) -> Path:
    """A roster with one town cadre of 城厢镇, known by the REST sender id the test uses."""
    path = tmp_path_factory.mktemp("roster") / "roster.yml"
    path.write_text(
        f"cadres:\n  - {{id: C001, name: 王芳, role: town, town: 城厢镇, identities: ['rest:{CADRE_SENDER}']}}\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="session")
def wechat_api():
    """WeChat's servers (api.weixin.qq.com) played by a local fake: the one thing not real here."""
    from tests.e2e.wechat import FakeWeChatApi

    fake = FakeWeChatApi().start()
    yield fake
    fake.stop()


def wechat_env(wechat_api, **extra: str) -> dict[str, str]:
    from tests.e2e import wechat

    return {"WECHAT_TOKEN": wechat.TOKEN, "WECHAT_APP_ID": wechat.APP_ID, "WECHAT_APP_SECRET": wechat.APP_SECRET,
            "WECHAT_API_BASE_URL": wechat_api.base_url, **extra}


@pytest.fixture(scope="session")
def servers(e2e_database, e2e_roster, tmp_path_factory, wechat_api, production):
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` first")
    if production is not None:
        yield Running(production.rasa_urls, production.action_url, production=production)
        return
    started = start(
        MODEL,
        {"DATABASE_URL": e2e_database, "ROSTER_FILE": str(e2e_roster), **wechat_env(wechat_api),
         "OUTBOX_PATH": str(tmp_path_factory.mktemp("outbox") / "outbox.db")},
        rasa_port=free_port(),
        action_port=free_port(),
        log_dir=Path(tmp_path_factory.mktemp("logs")),
    )
    yield Running([started.rasa_url], started.action_url, processes=started.processes)
    started.stop()


@pytest.fixture(scope="session")
def gateway(servers, e2e_database, e2e_roster, wechat_api, tmp_path_factory):
    """The public web gateway (chat page, dashboard, API, /wechat) in front of the Rasa servers."""
    if servers.production is not None:
        yield servers.production.gateway_url
        return
    port = free_port()
    env = {"DATABASE_URL": e2e_database, "SECRET_KEY": "e2e-gateway-secret-0123456789", "ROSTER_FILE": str(e2e_roster),
           **ONE_ADDRESS_FOR_ALL, **wechat_env(wechat_api)}
    process = start_gateway(servers.rasa_urls, port, env, tmp_path_factory.mktemp("gateway") / "web.log")
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


class Chat:
    """One resident talking to the REST webhook."""

    def __init__(self, rasa_url: str, sender: str) -> None:
        self.url = f"{rasa_url}/webhooks/rest/webhook"
        self.sender = sender

    def say(self, message: str) -> list[dict]:
        body = json.dumps({"sender": self.sender, "message": message}).encode("utf-8")
        request = urllib.request.Request(self.url, data=body, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())

    def text(self, message: str) -> str:
        return "\n".join(m.get("text", "") for m in self.say(message))

    def answer(self, reply: str, answers: dict[str, str], turns: int = 5) -> str:
        """Answer each question the assistant asks (found by its words) as a person would, until it asks
        none of them; the last reply. The questions may come in any order, or not at all."""
        for _ in range(turns):
            asked = next((question for question in answers if question in reply), None)
            if asked is None:
                break
            reply = self.text(answers[asked])
        return reply


@pytest.fixture
def chat(servers, request):
    return Chat(servers.rasa_url, f"e2e-{request.node.name}")


def scalar(database_url: str, sql: str):
    """One value read straight from the catalog the servers write (what a cadre's report would count)."""
    from sqlalchemy import text

    from bot.catalog.db import Catalog

    catalog = Catalog(database_url)
    try:
        with catalog.unit_of_work() as session:
            return session.execute(text(sql)).scalar()
    finally:
        catalog.dispose()
