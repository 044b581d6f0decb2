"""Fixtures for running custom actions with rasa-sdk trackers against a real SQLite catalog."""

from __future__ import annotations

import asyncio
import itertools
from pathlib import Path

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from bench.cadres import fixture
from bot.cadres.access import Viewer
from bot.cadres.answers import Context, answer_all
from bot.cadres.questions import CATALOG_INTENT, question_parts
from bot.catalog.db import Catalog
from bot.clock import china_today
from bot.registry.progress import load_lead_types

DOMAIN = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text(encoding="utf-8"))
_clock = itertools.count(1_700_000_000)


@pytest.fixture
def actions_catalog(settings, catalog):
    """The action server's runtime pointed at the test's catalog."""
    runtime.configure(settings)
    yield catalog
    runtime.configure(settings)


def make_tracker(
    text: str = "",
    intent: str = "inform",
    entities: list[dict] | None = None,
    slots: dict | None = None,
    requested_slot: str | None = None,
    active_loop: str | None = "need_form",
    sender: str = "resident-1",
    confidence: float = 0.99,
    mapped: dict | None = None,
    channel: str = "rest",
) -> Tracker:
    """A tracker just after a user message; `mapped` are the slots its entity mappings just set."""
    all_slots = {name: None for name in DOMAIN["slots"]}
    all_slots.update(slots or {})
    all_slots.update(mapped or {})
    all_slots["requested_slot"] = requested_slot
    latest = {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": entities or []}
    events = [{"event": "user", "timestamp": next(_clock), "text": text, "message_id": f"m{next(_clock)}",
               "parse_data": latest, "input_channel": channel}]
    events += [{"event": "slot", "name": name, "value": value} for name, value in (mapped or {}).items()]
    return Tracker(sender, all_slots, latest, events, False, None,
                   {"name": active_loop} if active_loop else {}, "action_listen")


def run_action(action, tracker: Tracker) -> tuple[dict, list[dict]]:
    """Run an action; return the slots it set and the messages it sent."""
    events, messages = run_action_events(action, tracker)
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}, messages


def run_action_events(action, tracker: Tracker) -> tuple[list[dict], list[dict]]:
    """Run an action; return every event it returned and the messages it sent."""
    dispatcher = CollectingDispatcher()
    return asyncio.run(_call(action, dispatcher, tracker)), dispatcher.messages


async def _call(action, dispatcher, tracker):
    result = action.run(dispatcher, tracker, DOMAIN)
    if asyncio.iscoroutine(result):
        result = await result
    return result


def entity(name: str, value: str) -> dict:
    return {"entity": name, "value": value, "start": 0, "end": len(value)}


@pytest.fixture
async def rasa(aiohttp_server):
    """A stand-in for Rasa's REST webhook, for tests of the gateway alone: it keeps what reached it (`heard`),
    files a report for "确认提交" as the assistant's answer would say, and answers anything else."""
    from aiohttp import web

    heard: list[dict] = []

    async def webhook(request: web.Request) -> web.Response:
        body = await request.json()
        heard.append(body)
        if body["message"] == "确认提交":
            return web.json_response([{"text": "✅ 已记入需求目录。", "custom": {
                "card": "tracking", "tracking_id": f"XQ{len(heard):06d}", "filed": True}}])
        return web.json_response([{"recipient_id": body["sender"], "text": REPLY}])

    app = web.Application()
    app.router.add_post("/webhooks/rest/webhook", webhook)
    server = await aiohttp_server(app)
    server.heard = heard
    return server


REPLY = "好的，请接着说。"


@pytest.fixture(scope="module")
def filled(tmp_path_factory, gazetteer):
    """The benchmark's fixture catalog, one per test module (some modules add to it)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('bench-catalog') / 'catalog.db'}"
    fixture.build(url, gazetteer)
    catalog = Catalog(url)
    yield catalog
    catalog.dispose()


def ask(filled, gazetteer, base_settings, cadre, text, intent=CATALOG_INTENT):
    """A cadre's question answered on the fixture catalog, as the chat answers it."""
    ctx = Context(filled, gazetteer, load_lead_types(base_settings.lead_types_file), Viewer("rest", "t", cadre), china_today())
    return answer_all(question_parts(text, intent, gazetteer, ctx.today), ctx).text
