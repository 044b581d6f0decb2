"""Cleaning what residents type before it is stored or shown."""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b\u200c\u200e\u200f\u2028\u2029\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def clean_text(text: str | None) -> str:
    """Remove control characters and runs of blanks; keep everything a person wrote."""
    value = unicodedata.normalize("NFC", text or "")
    value = _CONTROL.sub("", value)
    value = _SPACES.sub(" ", value)
    value = re.sub(r"\s*\n\s*", "\n", value)
    return value.strip()


def cap_text(text: str, limit: int) -> tuple[str, bool]:
    """The text cut to limit characters, and whether it was cut."""
    if len(text) <= limit:
        return text, False
    return text[:limit].rstrip() + "…", True


def has_chinese(text: str) -> bool:
    return bool(_CJK.search(text or ""))


def looks_foreign(text: str) -> bool:
    """Latin words and no Chinese at all: most likely English."""
    return not has_chinese(text) and bool(_LATIN_WORD.search(text or ""))


def only_symbols(text: str) -> bool:
    """Emoji, punctuation or symbols with no letter or digit."""
    stripped = clean_text(text)
    return bool(stripped) and not any(ch.isalnum() for ch in stripped)


# Rasa's own commands, which answer nothing; every other message gets an answer unless an action
# failed (the action server restarting), which the channels tell the resident.
SILENT_COMMANDS = ("/restart", "/session_start", "/back")

# Fullwidth letters and digits (ＸＱ０００００７, １３９…) as Chinese keyboards type them, made ASCII
# before the assistant reads them; fullwidth punctuation (，？) stays, as residents write it.
_FULLWIDTH_ALNUM = {c: c - 0xFEE0 for c in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))}


def halfwidth_letters_and_digits(text: str) -> str:
    return text.translate(_FULLWIDTH_ALNUM)

