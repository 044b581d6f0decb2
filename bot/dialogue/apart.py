"""Held-out sets must be written apart from training data: the same message, seen both ways, is found.

Two texts are the same when they are equal after removing markup, punctuation, spaces and emoji,
or after also masking the place names in them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.places.gazetteer import Gazetteer

_MARKUP = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")
_NOT_WORD = re.compile(r"[^\w]|_", re.UNICODE)


def bare(text: str) -> str:
    return _NOT_WORD.sub("", _MARKUP.sub(r"\1", text or "")).lower()


def place_masked(text: str, gazetteer: Gazetteer) -> str:
    plain = _MARKUP.sub(r"\1", text or "")
    for mention in sorted(gazetteer.mentions(plain), key=lambda m: m.start, reverse=True):
        plain = plain[: mention.start] + "〇" + plain[mention.end:]
    return bare(plain)


def overlaps(held_out: Iterable[str], training: Iterable[str], gazetteer: Gazetteer) -> list[str]:
    """The held-out texts that are a training text in all but punctuation, spaces or places."""
    seen = set()
    for text in training:
        seen.add(bare(text))
        seen.add(place_masked(text, gazetteer))
    return [t for t in held_out if bare(t) in seen or place_masked(t, gazetteer) in seen]
