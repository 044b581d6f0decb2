"""The real Rasa server and action server, on the trained model, with a throw-away catalog."""

from __future__ import annotations

import json
import socket
import urllib.request
from pathlib import Path

import pytest

from bot.catalog.seed import create_catalog
from bot.config import PROJECT_ROOT
from bot.places.loader import load_gazetteer
from bot.servers import start, start_gateway

MODEL = PROJECT_ROOT / "models" / "taicang.tar.gz"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def e2e_database(tmp_path_factory, base_settings) -> str:
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
def servers(e2e_database, e2e_roster, tmp_path_factory, wechat_api):
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` first")
    running = start(
        MODEL,
        {"DATABASE_URL": e2e_database, "ROSTER_FILE": str(e2e_roster), **wechat_env(wechat_api)},
        rasa_port=free_port(),
        action_port=free_port(),
        log_dir=Path(tmp_path_factory.mktemp("logs")),
    )
    yield running
    running.stop()


@pytest.fixture(scope="session")
def gateway(servers, e2e_database, e2e_roster, wechat_api, tmp_path_factory):
    """The public web gateway (chat page, dashboard, API, /wechat) in front of the Rasa server."""
    port = free_port()
    env = {"DATABASE_URL": e2e_database, "SECRET_KEY": "e2e-gateway-secret-0123456789", "ROSTER_FILE": str(e2e_roster),
           **wechat_env(wechat_api)}
    process = start_gateway(servers.rasa_url, port, env, tmp_path_factory.mktemp("gateway") / "web.log")
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


@pytest.fixture
def chat(servers, request):
    return Chat(servers.rasa_url, f"e2e-{request.node.name}")
