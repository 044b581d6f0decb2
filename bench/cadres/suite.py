"""Play the cadre-question suite through a running Rasa server and check each reply against the truth."""

from __future__ import annotations

import json
import re
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

from bench.cadres.truth import Truth

HERE = Path(__file__).resolve().parent
# The suite's cadres: key in the questions → role, town, community.
CADRES = {
    "city": ("city", None, None),
    **{town: ("town", town, None) for town in ("城厢镇", "沙溪镇", "浏河镇", "浮桥镇", "璜泾镇", "双凤镇", "经济开发区", "科教新城")},
    "庆丰村": ("community", "双凤镇", "庆丰村委会"),
    "闸北社区": ("community", "浏河镇", "闸北社区居委会"),
}
MORE = ("查看完整", "更多", "全部")
# A yes/no answer opens with the answer itself, not with words that merely contain 有 or 没有.
YES_HEAD = re.compile(r"^(?:是的?|对的?|有的?|达标了|已达标|已经达标了?|够了|已经够了|满足)$")
NO_HEAD = re.compile(r"^(?:不是.{0,10}|否|没有|没有达标|未达标|还没达标|不够|还不够|没有够)$")
MET_WORDS = ("达标", "已达到", "不差", "已经够", "够了", "已满足", "满足")


@dataclass
class Turn:
    said: str
    reply: str
    follow_up: bool
    failed: list[str] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)  # kind → expectations checked


@dataclass
class Outcome:
    id: str
    cadre: str
    turns: list[Turn]

    @property
    def ok(self) -> bool:
        return not any(t.failed for t in self.turns)


def load_suite(directory: Path = HERE) -> list[dict]:
    sequences = []
    for path in sorted(directory.glob("questions_*.yml")):
        sequences += yaml.safe_load(path.read_text(encoding="utf-8"))["sequences"]
    return sequences


def sender(sequence: dict) -> str:
    return f"suite-{sequence['id']}"


def roster_text(sequences: list[dict]) -> str:
    """A roster where each sequence is said by its own identity of its cadre (fresh context each)."""
    identities: dict[str, list[str]] = {key: [] for key in CADRES}
    for sequence in sequences:
        identities[sequence["cadre"]].append(f"rest:{sender(sequence)}")
    entries = []
    for number, (key, (role, town, community)) in enumerate(CADRES.items(), start=900):
        entry = {"id": f"C{number}", "name": f"测试{key}", "role": role, "identities": identities[key]}
        entry.update({k: v for k, v in (("town", town), ("community", community)) if v})
        entries.append(entry)
    return yaml.safe_dump({"cadres": entries}, allow_unicode=True, sort_keys=False)


def _post(rasa_url: str, who: str, message: str) -> list[dict]:
    body = json.dumps({"sender": who, "message": message}).encode("utf-8")
    request = urllib.request.Request(f"{rasa_url}/webhooks/rest/webhook", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read())


def _text(messages: list[dict]) -> str:
    parts = []
    for message in messages:
        parts.append(message.get("text", ""))
        parts += [b.get("title", "") for b in message.get("buttons") or []]
    return "\n".join(p for p in parts if p)


def _whole_reply(rasa_url: str, who: str, said: str, wants_list: bool) -> str:
    messages = _post(rasa_url, who, said)
    reply = _text(messages)
    if wants_list:  # a long list is cut: follow its own "查看完整名单" button
        for message in messages:
            for button in message.get("buttons") or []:
                if any(word in button.get("title", "") for word in MORE):
                    reply += "\n" + _text(_post(rasa_url, who, button["payload"]))
    return reply


def play_sequence(rasa_url: str, sequence: dict, truth: Truth) -> Outcome:
    turns = []
    for step in sequence["turns"]:
        expects = step.get("expect") or []
        wants_list = any("list" in e for e in expects)
        reply = _whole_reply(rasa_url, sender(sequence), step["say"], wants_list)
        turn = Turn(step["say"], reply, bool(step.get("follow_up")))
        for expectation in expects:
            (kind, value), = expectation.items()
            kind = "yes" if kind is True else kind  # YAML 1.1 reads a bare yes: as true
            turn.checked[kind] = turn.checked.get(kind, 0) + 1
            problem = check(kind, value, reply, truth)
            if problem:
                turn.failed.append(f"{kind} {value}: {problem}")
        turns.append(turn)
    return Outcome(sequence["id"], sequence["cadre"], turns)


def _has_number(reply: str, n: int) -> bool:
    return re.search(rf"(?<![\d.]){n}(?![\d.%])", reply) is not None


def _first_clause(reply: str) -> str:
    return re.split(r"[，,。；;：:\n！!？?（(]", reply.strip(), maxsplit=1)[0].strip()


def check(kind: str, value, reply: str, truth: Truth) -> str | None:
    """Why the reply misses this expectation (None when it meets it)."""
    if kind == "not":
        return f"says {value}" if value in reply else None
    if kind == "ask":
        missing = [name for name in value if name not in reply and name[-4:] not in reply]
        return f"does not ask between {missing}" if missing or ("？" not in reply and "?" not in reply) else None
    expected = truth.evaluate(value)
    if kind == "count":
        n = len(expected) if isinstance(expected, list) else int(expected)
        return None if _has_number(reply, n) else f"expected {n}"
    if kind == "name":
        return None if expected and expected in reply else f"expected {expected}"
    if kind == "percent":
        shown = f"{Decimal(expected):.1f}"
        forms = {f"{shown}%"} | ({f"{int(Decimal(shown))}%"} if shown.endswith(".0") else set())
        return None if any(f in reply for f in forms) else f"expected {shown}%"
    if kind == "gap":
        if expected == 0:
            return None if any(w in reply for w in MET_WORDS) else "expected it met"
        return None if re.search(rf"差\s*{expected}\s*个", reply) else f"expected 差 {expected} 个"
    if kind == "list":
        if not expected:
            return None if "没有" in reply or re.search(r"(?<!\d)0\s*[个条项]", reply) else "expected 没有"
        missing = [item for item in expected if item not in reply]
        return f"missing {len(missing)} of {len(expected)}: {missing[:5]}" if missing else None
    if kind == "yes":
        head = _first_clause(reply)
        if (YES_HEAD if expected else NO_HEAD).match(head):
            return None
        return f"expected {'yes' if expected else 'no'} first, got {head!r}"
    if kind == "top":
        if not expected:
            return None if "没有" in reply else "expected 没有"
        places = {name: reply.find(name) for name in truth.candidates(value) if name in reply}
        if not places:
            return f"names none; expected {expected}"
        first = min(places, key=places.get)
        return None if first in expected else f"named {first} first; expected {expected}"
    raise ValueError(f"unknown expectation {kind}")


def play_all(rasa_url: str, sequences: list[dict], truth: Truth, workers: int = 3) -> list[Outcome]:
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(lambda s: play_sequence(rasa_url, s, truth), sequences))


def summary(outcomes: list[Outcome]) -> dict:
    turns = [t for o in outcomes for t in o.turns]
    figures = [t for t in turns if any(k in t.checked for k in ("count", "percent", "gap"))]
    figure_ok = sum(1 for t in figures if not any(f.split()[0] in ("count", "percent", "gap") for f in t.failed))
    follow_ups = [t for t in turns if t.follow_up]
    multi = [t for t in turns if sum(t.checked.values()) > 1]

    def share(part: int, whole: int) -> float:
        return round(part / whole, 3) if whole else 1.0

    return {
        "sequences": len(outcomes), "questions": len(turns),
        "answered_in_shape": share(sum(1 for t in turns if not t.failed), len(turns)),
        "figures_right": share(figure_ok, len(figures)),
        "follow_ups_understood": share(sum(1 for t in follow_ups if not t.failed), len(follow_ups)),
        "multi_part_answered": share(sum(1 for t in multi if not t.failed), len(multi)),
        "follow_ups": len(follow_ups), "multi_part": len(multi),
    }
