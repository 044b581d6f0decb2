"""What the assistant says, as WeChat text: buttons become numbered choices, long answers are split.

WeChat shows no buttons in an Official Account chat, so "回复1：确认提交" lines stand in for them and
a reply of "1" (or "１", "一", "第1个") picks the first. A text message carries at most 2048 bytes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_BYTES = 2000  # WeChat's limit is 2048 bytes a text message; a little room for safety
_CHINESE_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_CHOICE = re.compile(r"^(?:回复|选|选择|第)?\s*(\d{1,2}|[一二两三四五六七八九十])\s*(?:个|项|号)?\s*[.。、]?$")


@dataclass(frozen=True)
class Answer:
    text: str  # everything the assistant said this turn, in order
    choices: tuple[str, ...] = ()  # the payloads the numbers stand for, "1" first


def as_text(messages: list[dict]) -> Answer:
    """The assistant's messages of one turn as one text; the last buttons become numbered choices."""
    parts: list[str] = []
    choices: tuple[str, ...] = ()
    for message in messages:
        if message.get("text"):
            # There is nothing to tap in WeChat: a choice is replied (its number or its words).
            parts.append(message["text"].strip().replace("点“", "回复“").replace("点击“", "回复“"))
        buttons = message.get("buttons") or []
        if buttons:
            choices = tuple(b.get("payload") or b.get("title", "") for b in buttons)
            lines = [f"回复{i}：{b.get('title', '')}" for i, b in enumerate(buttons, start=1)]
            parts.append("\n".join(lines))
    return Answer("\n\n".join(p for p in parts if p), choices)


def pick(text: str, choices: tuple[str, ...]) -> str | None:
    """The payload a numbered reply stands for, or None when the text is not such a reply."""
    if not choices:
        return None
    match = _CHOICE.match(unicodedata.normalize("NFKC", text or "").strip())
    if not match:
        return None
    token = match.group(1)
    number = int(token) if token.isdigit() else _CHINESE_DIGITS[token]
    return choices[number - 1] if 1 <= number <= len(choices) else None


def split(text: str, limit: int = MAX_BYTES) -> list[str]:
    """Pieces of at most `limit` UTF-8 bytes, cut at line ends where possible, never inside a character."""
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if len(candidate.encode("utf-8")) <= limit:
            current = candidate
            continue
        if current:
            pieces.append(current)
        current = ""
        while len(line.encode("utf-8")) > limit:  # one line longer than a message: cut by characters
            cut = _fit(line, limit)
            pieces.append(line[:cut])
            line = line[cut:]
        current = line
    if current or not pieces:
        pieces.append(current)
    return pieces


def _fit(line: str, limit: int) -> int:
    size = 0
    for index, char in enumerate(line):
        size += len(char.encode("utf-8"))
        if size > limit:
            return index
    return len(line)
