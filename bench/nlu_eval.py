"""Evaluate a trained model on annotated examples: intents, and place entities with their values.

Rasa's own `rasa test nlu` leaves the spaCy extractor out of its entity report (it counts it as
pre-trained), so places are scored here: a place counts as right when its span, its label and
its value (the official name for an unambiguous alias) are all right.

    python bench/nlu_eval.py bench/dev/intents.yml [--show-failures]

prints the trained model's intent macro-F1 on a list of {text, intent}, the intents under 0.95 and the
commonest confusions: the development set (bench/dev/intents.yml) is for finding what the classifier
misreads; the held-out set is measured by `make bench`, not studied.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.places.gazetteer import Gazetteer  # noqa: E402

PLACE_LABELS = ("town", "community")
_ANNOTATION = re.compile(r"\[([^\]]+)\]\((\w+)\)|\[([^\]]+)\]\{([^}]*)\}")


@dataclass
class Example:
    text: str
    intent: str
    places: list[tuple[int, int, str]]  # start, end, label


@dataclass
class Scores:
    intents: dict[str, dict[str, int]] = field(default_factory=dict)
    place_tp: int = 0
    place_fp: int = 0
    place_fn: int = 0
    value_right: int = 0
    value_total: int = 0
    errors: list[dict] = field(default_factory=list)

    def count_intent(self, expected: str, predicted: str) -> None:
        for name in (expected, predicted):
            self.intents.setdefault(name, {"tp": 0, "fp": 0, "fn": 0})
        if expected == predicted:
            self.intents[expected]["tp"] += 1
        else:
            self.intents[expected]["fn"] += 1
            self.intents[predicted]["fp"] += 1

    def summary(self) -> dict:
        f1s = {}
        for name, c in self.intents.items():
            if c["tp"] + c["fn"] == 0:
                continue  # only intents that occur in the data count for the macro average
            precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
            recall = c["tp"] / (c["tp"] + c["fn"])
            f1s[name] = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        total = sum(c["tp"] + c["fn"] for c in self.intents.values())
        correct = sum(c["tp"] for c in self.intents.values())
        p = self.place_tp / (self.place_tp + self.place_fp) if self.place_tp + self.place_fp else 0.0
        r = self.place_tp / (self.place_tp + self.place_fn) if self.place_tp + self.place_fn else 0.0
        return {
            "examples": total,
            "intent_macro_f1": round(sum(f1s.values()) / len(f1s), 4) if f1s else 0.0,
            "intent_accuracy": round(correct / total, 4) if total else 0.0,
            "intent_f1": {k: round(v, 3) for k, v in sorted(f1s.items())},
            "place_precision": round(p, 4),
            "place_recall": round(r, 4),
            "place_entity_f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "place_value_accuracy": round(self.value_right / self.value_total, 4) if self.value_total else 0.0,
            "place_support": self.place_tp + self.place_fn,
            "errors_sample": self.errors[:40],
        }


def read_listed(path: Path) -> list[Example]:
    """A held-out list of {text, intent} (no entity annotation)."""
    items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [Example(str(item["text"]), item["intent"], []) for item in items]


def read_examples(paths: list[Path]) -> list[Example]:
    examples = []
    for path in paths:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in data.get("nlu", []):
            if "intent" not in block:
                continue
            intent = block["intent"].split("/")[0]
            for line in str(block.get("examples", "")).splitlines():
                raw = line.strip()
                if raw.startswith("- "):
                    examples.append(_parse(raw[2:].strip(), intent))
    return examples


def _parse(raw: str, intent: str) -> Example:
    text, places, cursor = "", [], 0
    for match in _ANNOTATION.finditer(raw):
        text += raw[cursor:match.start()]
        value = match.group(1) or match.group(3)
        label = match.group(2) or _label_of(match.group(4))
        start = len(text)
        text += value
        if label in PLACE_LABELS:
            places.append((start, len(text), label))
        cursor = match.end()
    text += raw[cursor:]
    return Example(text=text, intent=intent, places=places)


def _label_of(spec: str) -> str:
    match = re.search(r'"entity"\s*:\s*"(\w+)"', spec)
    return match.group(1) if match else ""


def expected_value(gazetteer: Gazetteer, alias: str, label: str) -> str:
    """The official name an alias must come out as; an ambiguous name stays as said."""
    for name, alias_label, names in gazetteer.aliases():
        if name == alias and alias_label == label:
            return names[0] if len(names) == 1 else alias
    return alias


def evaluate(model: Path, examples: list[Example], gazetteer: Gazetteer) -> dict:
    return score(model, examples, gazetteer).summary()


def score(model: Path, examples: list[Example], gazetteer: Gazetteer | None = None) -> Scores:
    """Every example parsed by the trained model; the gazetteer is needed only for examples with places."""
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    scores = Scores()

    async def run() -> None:
        for example in examples:
            parsed = await agent.parse_message(example.text)
            predicted_intent = (parsed.get("intent") or {}).get("name") or "nlu_fallback"
            scores.count_intent(example.intent, predicted_intent)
            found = {
                (e["start"], e["end"], e["entity"]): e["value"]
                for e in parsed.get("entities", [])
                if e.get("entity") in PLACE_LABELS
            }
            wanted = {(s, e, label) for s, e, label in example.places}
            scores.place_tp += len(wanted & found.keys())
            scores.place_fp += len(found.keys() - wanted)
            scores.place_fn += len(wanted - found.keys())
            for span in wanted & found.keys():
                scores.value_total += 1
                expected = expected_value(gazetteer, example.text[span[0]:span[1]], span[2])
                scores.value_right += found[span] == expected
            if predicted_intent != example.intent or wanted != found.keys():
                scores.errors.append({"text": example.text, "intent": example.intent, "predicted": predicted_intent,
                                      "places": sorted(wanted), "found": sorted(found)})

    asyncio.run(run())
    return scores


def confusions(model: Path, examples: list[Example]) -> tuple[dict, list[tuple[str, str, str]]]:
    """The summary of intents, and every (expected, predicted, text) the model got wrong."""
    import logging

    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # no debug line per message
    scores = score(model, examples)
    wrong = [(e["intent"], e["predicted"], e["text"]) for e in scores.errors if e["intent"] != e["predicted"]]
    return scores.summary(), wrong


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("examples", type=Path, help="a YAML list of {text, intent}")
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "taicang.tar.gz")
    parser.add_argument("--show-failures", action="store_true")
    args = parser.parse_args()
    summary, wrong = confusions(args.model, read_listed(args.examples))
    print(f"{summary['examples']} messages: macro-F1 {summary['intent_macro_f1']}, accuracy {summary['intent_accuracy']}")
    print("under 0.95:", {name: f1 for name, f1 in summary["intent_f1"].items() if f1 < 0.95})
    print("confusions:", collections.Counter((e, p) for e, p, _ in wrong).most_common(15))
    if args.show_failures:
        for expected, predicted, text in wrong:
            print(f"  {expected} → {predicted}: {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
