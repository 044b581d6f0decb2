"""The call-back (回访) suite: residents whose report was finished write again and answer in their own words.

Each conversation sets up its finished need in the catalog (the resident's own, or one they supported), plays
the resident's messages through Rasa's REST webhook, and is judged by what the catalog then holds: the
call-back's answers, the need reopened when it is not solved, nothing recorded when the resident declined or
moved on. Both sets were written apart from the words the assistant knows; suite.yml was then used to improve
the reader, heldout.yml was written after it and is only measured.
"""

from __future__ import annotations

import json
import urllib.request
import uuid
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from sqlalchemy import text

from bot.catalog.db import Catalog
from bot.needs.service import NeedDraft, file_need, update_status
from bot.projects.service import support_need

SUITE = Path(__file__).resolve().parent / "call_backs" / "suite.yml"  # used while the reader was built
HELDOUT = Path(__file__).resolve().parent / "call_backs" / "heldout.yml"  # written afterwards, measured only
PLACE = "南园社区居委会"
ASKED = "联系过您吗"
ENDED = ("已记下", "不打扰")


def load_suite(path: Path = SUITE) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


@dataclass
class Outcome:
    id: str
    problems: list[str] = field(default_factory=list)
    turns: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def play_all(rasa_url: str, database_url: str, conversations: Iterable[dict], workers: int = 2) -> list[Outcome]:
    catalog = Catalog(database_url)
    try:
        # The finished needs are set up one after another, then the conversations played side by side.
        prepared = []
        for conversation in conversations:
            sender = f"cb-{conversation['id']}-{uuid.uuid4().hex[:8]}"
            prepared.append((conversation, sender, _finished_need(catalog, sender, conversation)))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(lambda p: play(rasa_url, catalog, *p), prepared))
    finally:
        catalog.dispose()


def play(rasa_url: str, catalog: Catalog, conversation: dict, sender: str, tracking_id: str) -> Outcome:
    outcome = Outcome(conversation["id"])
    reply = _say(rasa_url, sender, conversation["opening"].replace("{number}", tracking_id), outcome)
    if ASKED not in reply or tracking_id not in reply:
        outcome.problems.append("the call-back was not asked")
        return outcome
    for message in conversation.get("says") or []:
        if any(word in reply for word in ENDED):
            outcome.problems.append(f"ended before '{message}' was said")
            break
        reply = _say(rasa_url, sender, message, outcome)
    outcome.problems += _judged(catalog, tracking_id, conversation, outcome.turns)
    return outcome


def _finished_need(catalog: Catalog, sender: str, conversation: dict) -> str:
    reporter = sender if conversation.get("respondent", "reporter") == "reporter" else f"{sender}-neighbour"
    draft = NeedDraft(PLACE, conversation["need"], "基础设施提升", "愁", None, reporter, f"{sender}-need")
    tracking_id = file_need(catalog, draft).tracking_id
    if reporter != sender:
        support_need(catalog, tracking_id, sender)
    update_status(catalog, tracking_id, conversation.get("status", "done"), "已处理", author="bench")
    return tracking_id


def _say(rasa_url: str, sender: str, message: str, outcome: Outcome) -> str:
    body = json.dumps({"sender": sender, "message": message}).encode("utf-8")
    request = urllib.request.Request(f"{rasa_url}/webhooks/rest/webhook", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        reply = "\n".join(m.get("text", "") for m in json.loads(response.read()))
    outcome.turns.append((message, reply))
    return reply


def _judged(catalog: Catalog, tracking_id: str, conversation: dict, turns: list[tuple[str, str]]) -> list[str]:
    expect = conversation["expect"]
    with catalog.unit_of_work() as session:
        visits = session.execute(text(
            "SELECT v.respondent, v.contacted, v.solved, v.satisfaction FROM visits v JOIN needs n ON n.id = v.need_id "
            "WHERE n.tracking_id = :t ORDER BY v.id"), {"t": tracking_id}).all()
        status = session.execute(text("SELECT status FROM needs WHERE tracking_id = :t"), {"t": tracking_id}).scalar()
    wanted = (expect.get("contacted"), expect.get("solved"), expect.get("satisfaction"))
    problems = []
    if wanted == (None, None, None):
        if visits:
            problems.append(f"recorded {tuple(visits[-1][1:])}, expected nothing")
    elif not visits:
        problems.append(f"nothing recorded, expected {wanted}")
    elif tuple(visits[-1][1:]) != wanted or len(visits) != 1:
        problems.append(f"recorded {[tuple(v[1:]) for v in visits]}, expected {wanted}")
    elif visits[-1][0] != conversation.get("respondent", "reporter"):
        problems.append(f"recorded as {visits[-1][0]}")
    reopened = conversation.get("respondent", "reporter") == "reporter" and expect.get("solved") is False
    if reopened != (status == "reopened"):
        problems.append(f"status {status}")
    if expect.get("declined") and not any("不打扰" in reply for _, reply in turns):
        problems.append("a decline was not acknowledged")
    if expect.get("moved_on") and ASKED in turns[-1][1]:
        problems.append("held at the call-back after moving on")
    return problems


def summary(outcomes: list[Outcome]) -> dict:
    right = sum(o.ok for o in outcomes)
    return {"conversations": len(outcomes), "recorded_right": right,
            "share": round(right / len(outcomes), 3) if outcomes else None,
            "failed": {o.id: o.problems for o in outcomes if not o.ok}}


def run_suite(conversations: list[dict] | None = None, workers: int = 2) -> tuple[dict, list[Outcome]]:
    """The conversations (both sets by default) through freshly started servers and a fresh catalog."""
    from bench.servers import fresh_servers
    from bot.catalog.seed import create_catalog
    from bot.config import load_settings
    from bot.places.loader import load_gazetteer

    def prepare(database: str) -> None:
        create_catalog(database, load_gazetteer(load_settings().places_csv))

    with fresh_servers("taicang-call-backs-", prepare) as (rasa_url, database):
        outcomes = play_all(rasa_url, database, conversations or load_suite() + load_suite(HELDOUT), workers=workers)
    return summary(outcomes), outcomes
