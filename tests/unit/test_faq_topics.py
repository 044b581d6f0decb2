"""A general answer (faq/<key>) is given only to words of its topic (bot/data/reading.yml faq_topic_<key>):
every training example of that answer must hold one of its words, or the check would turn real questions away."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.dialogue.reader import says

ROOT = Path(__file__).resolve().parents[2]
_MARKUP = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


def _examples() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            intent = block.get("intent", "")
            if intent.startswith("faq/"):
                lines = [line.strip()[2:].strip() for line in block["examples"].splitlines() if line.strip()]
                found.setdefault(intent.removeprefix("faq/"), []).extend(_MARKUP.sub(r"\1", line) for line in lines)
    return found


def _topics() -> list[str]:
    raw = yaml.safe_load((ROOT / "bot" / "data" / "reading.yml").read_text(encoding="utf-8"))
    return sorted(key.removeprefix("faq_topic_") for key in raw if key.startswith("faq_topic_"))


def test_some_answers_have_their_topic_words():
    assert {"volunteering", "how_long", "privacy"} <= set(_topics())


@pytest.mark.parametrize("key", _topics())
def test_every_training_example_of_an_answer_holds_its_topic_words(key):
    examples = _examples()[key]
    assert examples, f"no training examples for faq/{key}"
    assert [text for text in examples if not says(f"faq_topic_{key}", text)] == []
