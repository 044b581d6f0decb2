"""Simulated conversations played through the real Rasa and action servers, judged by the catalog.

Each conversation (bench/conversations/*.yml, format in bench/conversations/README.md) is a person
who opens with a message, then answers whatever question the assistant asks (read from the
tracker's open form and requested slot), saying an interjection once at the question it names.
Success is judged by what a person would check: the right record(s) in the catalog, read with
plain SQL, the last summary showing what was said, and no acknowledgement that was not true.
"""

from __future__ import annotations

import json
import os
import re
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from sqlalchemy import create_engine, text

SUITE = Path(__file__).resolve().parent / "conversations"
CONFIRM_SLOTS = {"need_confirmed": "confirm", "resource_confirmed": "confirm"}
TAPPED = {"need_category", "resource_type", "provider_type"}
MAX_TURNS = 16


def load_suite(folder: Path = SUITE) -> list[dict]:
    conversations = []
    for path in sorted(folder.glob("*.yml")):
        conversations += yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return conversations


@dataclass
class Outcome:
    id: str
    kind: str
    problems: list[str] = field(default_factory=list)
    turns: list[tuple[str, str]] = field(default_factory=list)
    category_asked: bool = False
    category_in_first_two: bool | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


class Player:
    def __init__(self, rasa_url: str, database_url: str, timeout: float = 60.0):
        self.rasa_url = rasa_url.rstrip("/")
        self.engine = create_engine(database_url)
        self.timeout = timeout

    # -- talking ---------------------------------------------------------------------------------
    def send(self, sender: str, message: str) -> list[dict]:
        body = json.dumps({"sender": sender, "message": message}).encode("utf-8")
        request = urllib.request.Request(f"{self.rasa_url}/webhooks/rest/webhook", data=body,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            return json.loads(response.read().decode("utf-8"))

    def open_question(self, sender: str) -> str | None:
        token = urllib.parse.quote(os.environ.get("RASA_TOKEN", ""))  # set by bot.servers.start in this process
        url = f"{self.rasa_url}/conversations/{urllib.parse.quote(sender)}/tracker?include_events=NONE&token={token}"
        with urllib.request.urlopen(url, timeout=self.timeout) as response:
            tracker = json.loads(response.read().decode("utf-8"))
        if not (tracker.get("active_loop") or {}).get("name"):
            return None
        asked = (tracker.get("slots") or {}).get("requested_slot")
        return CONFIRM_SLOTS.get(asked, asked) if asked else None

    def play(self, conversation: dict, sender: str | None = None) -> Outcome:
        sender = sender or f"sim-{conversation['id']}-{uuid.uuid4().hex[:8]}"
        outcome = Outcome(conversation["id"], conversation.get("kind", ""))
        pending = list(conversation.get("interject") or [])
        answers = conversation.get("answers") or {}
        replies = self._say(sender, conversation["opening"], outcome)
        first = True
        restated = False
        for _ in range(MAX_TURNS):
            question = self.open_question(sender)
            if question is None and not restated and first and _what_they_came_for(answers):
                # Nothing was opened by the first message ("我是三市村的"): a person asked
                # "想反映问题…还是…" says what they came for.
                restated = True
                replies = self._say(sender, _what_they_came_for(answers), outcome)
                continue
            if question is None:
                break
            said = _interjection(pending, question, first)
            first = False
            if said is None:
                said = self._answer(question, answers, replies, outcome)
            if said is None:
                outcome.problems.append(f"asked {question}, which this person has no answer for")
                break
            replies = self._say(sender, said, outcome)
        else:
            outcome.problems.append("the conversation never ended")
        self.judge(sender, conversation.get("expect") or {}, outcome)
        return outcome

    def _say(self, sender: str, message: str, outcome: Outcome) -> list[dict]:
        replies = self.send(sender, message)
        outcome.turns.append((message, "\n".join(r.get("text") or "" for r in replies)))
        return replies

    @staticmethod
    def _answer(question: str, answers: dict, replies: list[dict], outcome: Outcome) -> str | None:
        value = answers.get(question)
        if value is None:
            return None
        value = str(value)
        if question in TAPPED:
            buttons = [b for r in replies for b in (r.get("buttons") or [])]
            tapped = next((i for i, b in enumerate(buttons) if value in (b.get("payload") or "")), None)
            if question == "need_category":
                outcome.category_asked = True
                outcome.category_in_first_two = tapped is not None and tapped < 2
            if tapped is not None:
                return buttons[tapped]["payload"]
        return value

    # -- judging ---------------------------------------------------------------------------------
    def judge(self, sender: str, expect: dict, outcome: Outcome) -> None:
        needs, resources, callbacks = self.records(sender)
        problems = outcome.problems
        record = expect.get("record")
        wanted_needs = expect.get("records") or (1 if record == "need" else 0)
        if record == "need" or expect.get("records"):
            if len(needs) < wanted_needs:
                problems.append(f"{len(needs)} needs filed, {wanted_needs} expected")
            elif len(needs) > wanted_needs:
                problems.append(f"{len(needs)} needs filed, only {wanted_needs} expected")
        if record == "resource" and len(resources) != 1:
            problems.append(f"{len(resources)} offers listed, 1 expected")
        if record == "none" and (needs or resources):
            problems.append("something was filed though the person cancelled")
        not_record = expect.get("not_record")
        if (not_record == "resource" and resources) or (not_record == "need" and needs):
            problems.append(f"a {not_record} was filed that should not have been")
        if expect.get("callback") and not callbacks:
            problems.append("no call-back request recorded")
        if needs:
            self._judge_needs(needs, expect, problems)
        if resources:
            self._judge_resource(resources[0], expect, problems)
        problems.extend(false_acknowledgements(outcome.turns, needs, resources))

    @staticmethod
    def _judge_needs(needs: list[dict], expect: dict, problems: list[str]) -> None:
        need = needs[0]
        if expect.get("community") and not _same_place(expect["community"], need):
            problems.append(f"place {need['town']}{need['common_name']}, expected {expect['community']}")
        if expect.get("town") and need["town"] != _town(expect["town"]):
            problems.append(f"town {need['town']}, expected {expect['town']}")
        for key, column in (("category", "category"), ("urgency", "urgency")):
            if expect.get(key) and not expect.get("records") and need[column] != expect[key]:
                problems.append(f"{key} {need[column]}, expected {expect[key]}")
        if "phone" in expect:
            wanted = None if expect["phone"] in (None, "none", "") else str(expect["phone"])
            if need["phone"] != wanted:
                problems.append(f"phone {need['phone']}, expected {wanted}")
        words = "\n".join(n["description"] for n in needs)
        for word in expect.get("mentions") or []:
            if word not in words:
                problems.append(f"'{word}' missing from the description")

    @staticmethod
    def _judge_resource(resource: dict, expect: dict, problems: list[str]) -> None:
        for key, column in (("resource_type", "resource_type"), ("scope", "scope")):
            if expect.get(key) and resource[column] != expect[key]:
                problems.append(f"{key} {resource[column]}, expected {expect[key]}")
        if expect.get("name") and resource["provider_name"] != expect["name"]:
            problems.append(f"name '{resource['provider_name']}', expected '{expect['name']}'")
        place = expect.get("scope_place")
        if place and expect.get("scope") != "city":
            where = f"{resource['town'] or ''}{resource['common_name'] or ''}{resource['community_town'] or ''}"
            if not any(p in where for p in (place, place.rstrip("镇"), _town(place))):
                problems.append(f"scope place '{where}', expected {place}")
        for word in expect.get("time_mentions") or []:
            if word not in (resource["available_time"] or ""):
                problems.append(f"time '{resource['available_time']}' lacks '{word}'")
        if expect.get("phone") and resource["phone"] != str(expect["phone"]):
            problems.append(f"phone {resource['phone']}, expected {expect['phone']}")

    def records(self, sender: str) -> tuple[list[dict], list[dict], list[dict]]:
        with self.engine.connect() as connection:
            needs = [dict(r._mapping) for r in connection.execute(text(
                "SELECT n.description, n.category, n.urgency, n.phone, c.common_name, c.name AS official, "
                "t.name AS town FROM needs n JOIN communities c ON c.id = n.community_id "
                "JOIN towns t ON t.id = c.town_id WHERE n.sender_id = :s ORDER BY n.id"), {"s": sender})]
            resources = [dict(r._mapping) for r in connection.execute(text(
                "SELECT r.resource_type, r.scope, r.provider_name, r.available_time, r.phone, t.name AS town, "
                "c.common_name, ct.name AS community_town FROM resources r LEFT JOIN towns t ON t.id = r.town_id "
                "LEFT JOIN communities c ON c.id = r.community_id LEFT JOIN towns ct ON ct.id = c.town_id "
                "WHERE r.sender_id = :s ORDER BY r.id"), {"s": sender})]
            callbacks = [dict(r._mapping) for r in connection.execute(text(
                "SELECT phone FROM callbacks WHERE sender_id = :s"), {"s": sender})]
        return needs, resources, callbacks


TOWN_NAMES = {"高新区": "经济开发区", "开发区": "经济开发区", "娄东街道": "经济开发区", "陆渡街道": "经济开发区",
              "港区": "浮桥镇", "科教城": "科教新城"}


def _town(name: str) -> str:
    return TOWN_NAMES.get(name, name if name.endswith(("镇", "区", "城")) else f"{name}镇")


def _same_place(expected: str, need: dict) -> bool:
    bare = re.sub(r"(居委会|村委会|居民委员会)$", "", expected)
    return bare in (need["common_name"], need["official"]) or bare in need["official"] or need["common_name"] in bare


def _what_they_came_for(answers: dict) -> str | None:
    return answers.get("description") or answers.get("resource_description")


def _interjection(pending: list[dict], question: str, first: bool) -> str | None:
    for index, item in enumerate(pending):
        if item.get("at") == question or (item.get("at") == "next" and first):
            pending.pop(index)
            return str(item["text"])
    if question == "confirm" and pending:
        # Its question was never asked (the assistant inferred that field): a person still says it
        # before confirming.
        return str(pending.pop(0)["text"])
    return None


def false_acknowledgements(turns: list[tuple[str, str]], needs: list[dict], resources: list[dict]) -> list[str]:
    """Replies that said something was recorded or changed when the record does not show it."""
    problems = []
    said = "\n".join(reply for _, reply in turns)
    if re.search(r"已(?:经)?记入[^\n]{0,12}需求目录", said) and not needs:
        problems.append("told the report was filed, but no need is in the catalog")
    if "已经改过来了" in said:
        problems.append("said 已经改过来了 without showing the field and its new value")
    for changed in re.findall(r"已改：(\S+) → ([^\n]+)", said):
        field_name, value = changed
        if field_name == "紧急程度" and needs and needs[-1]["urgency"] != value.strip():
            problems.append(f"said urgency changed to {value}, but filed {needs[-1]['urgency']}")
    return problems


def play_all(rasa_url: str, database_url: str, conversations: Iterable[dict], workers: int = 4) -> list[Outcome]:
    player = Player(rasa_url, database_url)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(player.play, conversations))


def summary(outcomes: list[Outcome]) -> dict:
    by_kind: dict[str, list[int]] = {}
    for outcome in outcomes:
        counts = by_kind.setdefault(outcome.kind, [0, 0])
        counts[0] += outcome.ok
        counts[1] += 1
    asked = [o for o in outcomes if o.category_asked]
    problems = Counter(p.split(",")[0].split(" ")[0] for o in outcomes for p in o.problems)
    return {
        "conversations": len(outcomes),
        "succeeded": sum(o.ok for o in outcomes),
        "success_rate": round(sum(o.ok for o in outcomes) / len(outcomes), 3) if outcomes else None,
        "by_kind": {kind: f"{ok}/{total}" for kind, (ok, total) in sorted(by_kind.items())},
        "category_asked": len(asked),
        "category_in_first_two": sum(bool(o.category_in_first_two) for o in asked),
        "problem_kinds": dict(problems.most_common(12)),
    }
