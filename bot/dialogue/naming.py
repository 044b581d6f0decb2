"""Which of a person's own reports or offers their words name, when they give no number.

"河浜还是老样子", "操场格就撤脱吧，礼堂照旧借": the item is told by the two-character pieces of Chinese its
words share with the message; pieces every complaint shares (修好, 还是) tell nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol, TypeVar

from bot.replies import words


class Described(Protocol):
    description: str


Item = TypeVar("Item", bound=Described)


@lru_cache(maxsize=1)
def _common_pairs() -> frozenset[str]:
    return frozenset(words("status.common_pairs"))


def pieces(text: str) -> set[str]:
    """Two-character pieces of the Chinese in a text (桥栏杆 → 桥栏, 栏杆), without those every report shares."""
    chinese = "".join(re.findall(r"[\u4e00-\u9fff]", text or ""))
    return {chinese[i:i + 2] for i in range(len(chinese) - 1)} - _common_pairs()


def shared(text: str, item: Described) -> int:
    """How many pieces of the text the item's words share."""
    return len(pieces(text) & pieces(item.description))


def named_by_words(items: Sequence[Item], text: str) -> Item | None:
    """The one item sharing strictly the most pieces with the text; None when none shares any or two tie."""
    said = pieces(text)
    counts = [len(said & pieces(item.description)) for item in items]
    best = max(counts, default=0)
    return items[counts.index(best)] if best and counts.count(best) == 1 else None


def sharing(items: Sequence[Item], text: str, at_least: int) -> list[Item]:
    """The items sharing at least so many pieces with the text, the most shared first."""
    said = pieces(text)
    counted = [(len(said & pieces(item.description)), item) for item in items]
    return [item for count, item in sorted(counted, key=lambda pair: -pair[0]) if count >= at_least]


# "送饭那个事，我婆婆是瘫在床上的": the matter named before the words about it
_MATTER_NAMED = re.compile(r"([\u4e00-\u9fff]{2,8}?)(?:那个事情?|那件事?|那桩事?|格事体|个事体|搿桩事体?|的事情?|那条)")


def named_by_its_matter(items: Sequence[Item], text: str) -> Item | None:
    """The item whose matter the words name outright ("送饭那个事"), before any other words are weighed; None when
    no matter is named or it names none of the items alone."""
    said = _MATTER_NAMED.search(text or "")
    return named_by_words(items, said.group(1)) if said else None
