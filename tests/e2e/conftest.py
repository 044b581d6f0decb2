"""The real Rasa server and action server, on the trained model, with a throw-away catalog."""

from __future__ import annotations

import json
import socket
import urllib.request
from pathlib import Path

import pytest

from bot.catalog.db import Catalog
from bot.catalog.seed import seed_places
from bot.config import PROJECT_ROOT
from bot.places.loader import load_gazetteer
from bot.servers import start

MODEL = PROJECT_ROOT / "models" / "taicang.tar.gz"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def e2e_database(tmp_path_factory, base_settings) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'catalog.db'}"
    catalog = Catalog(url)
    catalog.create_schema()
    seed_places(catalog, load_gazetteer(base_settings.places_csv))
    catalog.dispose()
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
def servers(e2e_database, e2e_roster, tmp_path_factory):
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` first")
    running = start(
        MODEL,
        {"DATABASE_URL": e2e_database, "ROSTER_FILE": str(e2e_roster)},
        rasa_port=free_port(),
        action_port=free_port(),
        log_dir=Path(tmp_path_factory.mktemp("logs")),
    )
    yield running
    running.stop()


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
