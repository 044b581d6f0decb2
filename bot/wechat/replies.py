"""What the assistant says, as WeChat text: buttons become numbered choices, long answers are split.

WeChat shows no buttons in an Official Account chat, so "回复1：确认提交" lines stand in for them and
a reply of "1" (or "１", "一", "第1个") picks the first. Choices are numbered on through one turn,
so two sets of buttons never both start at 1. A text message carries at most 2048 bytes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_BYTES = 2000  # WeChat's limit is 2048 bytes a text message; a little room for safety
_CHINESE_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_CHOICE = re.compile(r"^(?:回复|选|选择|第)?\s*(\d{1,2}|[一二两三四五六七八九十])\s*(?:个|项|号)?\s*[.。、]?$")
# There is nothing to tap in WeChat: what the web page asks to tap is replied instead.
_TAP_WORDS = ((re.compile(r"点(?:击)?(?:一下)?(?:下面|下方)?的?(?:按钮|选项)"), "回复下面的数字"),
              (re.compile(r"点(?:击)?(?:一下)?“"), "回复“"))


@dataclass(frozen=True)
class Answer:
    text: str  # what the assistant said this turn, in order, without the choices
    choices: tuple[str, ...] = ()  # the payloads the numbers stand for, "1" first
    menu: str = ""  # the "回复1：…" lines

    @property
    def whole(self) -> str:
        return "\n\n".join(part for part in (self.text, self.menu) if part)


def as_text(messages: list[dict]) -> Answer:
    """The assistant's messages of one turn as one text, every button a numbered choice."""
    parts: list[str] = []
    choices: list[str] = []
    lines: list[str] = []
    for message in messages:
        if message.get("text"):
            parts.append(_untapped(message["text"].strip()))
        for button in message.get("buttons") or []:
            choices.append(button.get("payload") or button.get("title", ""))
            lines.append(f"回复{len(choices)}：{button.get('title', '')}")
    return Answer("\n\n".join(p for p in parts if p), tuple(choices), "\n".join(lines))


def _untapped(text: str) -> str:
    for pattern, replacement in _TAP_WORDS:
        text = pattern.sub(replacement, text)
    return text


def is_numbered_reply(text: str) -> bool:
    """Whether the text could pick a numbered choice ("1", "回复2", "第三个")."""
    return bool(_CHOICE.match(unicodedata.normalize("NFKC", text or "").strip()))


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


def pieces_of(answer: Answer, limit: int = MAX_BYTES) -> list[str]:
    """The messages to send: the text cut to the limit, with the choices kept whole in the last one."""
    if not answer.menu:
        return split(answer.text, limit)
    pieces = split(answer.text, limit) if answer.text else []
    if pieces and len(f"{pieces[-1]}\n\n{answer.menu}".encode()) <= limit:
        pieces[-1] = f"{pieces[-1]}\n\n{answer.menu}"
        return pieces
    return pieces + split(answer.menu, limit)


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
