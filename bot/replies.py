"""What the assistant says, kept in bot/data/replies/<topic>.yml so that a community worker can review and
correct the wording without reading Python.

A reply is named "<topic>.<name>" (topic = the file). `say` gives a sentence, its {value} marks filled from
the keyword arguments; `buttons` gives a fixed list of buttons; `words` gives a list of words the actions read
answers by. tests/unit/test_replies.py checks that every name used exists, is used, and gets its values.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

FOLDER = Path(__file__).resolve().parent / "data" / "replies"


@lru_cache(maxsize=1)
def all_replies() -> dict[str, dict]:
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) or {} for path in sorted(FOLDER.glob("*.yml"))}


def entry(name: str):
    """The raw entry: a sentence, a list of buttons, a list of words, or a table of them."""
    topic, _, key = name.partition(".")
    try:
        return all_replies()[topic][key]
    except KeyError:
        raise KeyError(f"no reply named {name!r} in {FOLDER}/{topic}.yml") from None


def say(name: str, /, **values) -> str:
    text = entry(name)
    if not isinstance(text, str):
        raise TypeError(f"reply {name!r} is not a sentence")
    return text.format(**values) if values else text


def buttons(name: str) -> list[dict]:
    """Fixed buttons, each {title, payload}; a fresh copy the caller may change."""
    return [dict(button) for button in entry(name)]


def words(name: str) -> tuple[str, ...]:
    return tuple(entry(name))
