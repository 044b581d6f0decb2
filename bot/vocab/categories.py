"""The seven dimensions of needs, and inferring one from a resident's description."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

_DATA = Path(__file__).resolve().parent.parent / "data" / "categories.yml"


@dataclass(frozen=True)
class Category:
    name: str  # the plan's Chinese name, stored in the catalog
    english: str
    button: str  # plain words a resident recognises
    strong: tuple[str, ...]
    keywords: tuple[str, ...]


@lru_cache(maxsize=1)
def categories() -> tuple[Category, ...]:
    raw = yaml.safe_load(_DATA.read_text(encoding="utf-8"))
    return tuple(
        Category(
            name=name,
            english=spec["english"],
            button=spec["button"],
            strong=tuple(spec.get("strong", ())),
            keywords=tuple(dict.fromkeys(spec.get("keywords", ()))),
        )
        for name, spec in raw.items()
    )


def category_names() -> tuple[str, ...]:
    return tuple(c.name for c in categories())


def normalize_category(text: str | None) -> str | None:
    """Map a category name, its button text or its English word to the plan's name."""
    if not text:
        return None
    value = text.strip()
    for category in categories():
        if value in (category.name, category.button, category.english):
            return category.name
    matches = {c.name for c in categories() if c.name in value or (len(value) >= 2 and value in c.name)}
    return matches.pop() if len(matches) == 1 else None


_EVERY_PLACE_WORDS = ("社区", "村居")  # in a dimension's name, and in any answer naming where
_CHOICE_FILLER = re.compile(r"^(?:那|就|还是|应该|应该是|算|算是|是|归|属于|选)+|(?:吧|的|格|额|个|方面|那类|这类|类|那种|呀|啊|哦)+$")


def _named_in_pieces(value: str) -> str | None:
    """"算设施吧 游乐设施": a piece of the answer that names one dimension, or shares a word of two characters with
    one dimension's name or button and with no other."""
    pieces = [_CHOICE_FILLER.sub("", p) for p in re.split(r"[\s，,。；;！!？?、]+", value) if p]
    for piece in (p for p in pieces if len(p) >= 2):
        named = {c.name for c in categories() if piece in c.name or c.name in piece}
        if len(named) == 1:
            return named.pop()
    shared = {c.name for c in categories() for p in pieces for i in range(len(p) - 1)
              if p[i:i + 2] in c.name + c.button and p[i:i + 2] not in _EVERY_PLACE_WORDS
              and p[i:i + 2] not in {d.name[-2:] for d in categories()}}  # 建设, 提升: every name's kind of work
    return shared.pop() if len(shared) == 1 else None


@lru_cache(maxsize=1)
def _keywords_longest_first() -> tuple[tuple[str, str, int], ...]:
    weighted = [(word, c.name, 2) for c in categories() for word in c.strong]
    weighted += [(word, c.name, 1) for c in categories() for word in c.keywords]
    return tuple(sorted(weighted, key=lambda item: len(item[0]), reverse=True))


def score_categories(description: str) -> dict[str, int]:
    """Keyword hits per dimension; a longer keyword hides the shorter ones inside it
    (卫生室 is a clinic, not 卫生; 停车费 is a fee, not parking)."""
    text = description or ""
    taken = [False] * len(text)
    scores: dict[str, int] = {}
    for word, name, weight in _keywords_longest_first():
        start = text.find(word)
        while start != -1:
            end = start + len(word)
            if not any(taken[start:end]):
                scores[name] = scores.get(name, 0) + weight
                for i in range(start, end):
                    taken[i] = True
            start = text.find(word, end)
    return scores


def infer_category(description: str) -> str | None:
    """The dimension a description clearly belongs to, or None when it is not clear.

    The model learned from residents' descriptions decides; the keyword table serves only when
    no model was built.
    """
    from bot.vocab.classifier import rank

    ranking = rank(description or "")
    if not ranking.ranked:
        return keyword_category(description)
    if ranking.sure:
        return ranking.best
    named = keyword_category(description)  # a word that names the dimension, which the model ranks high too
    return named if named and named in ranking.first(2) else None


def likeliest_categories(description: str) -> list[str]:
    """Every dimension, the likeliest for this description first (the order of the buttons)."""
    from bot.vocab.classifier import rank

    ranking = rank(description or "")
    scores = score_categories(description or "")
    total = sum(scores.values()) or 1
    # the model's probabilities, with a nudge for the dimensions the description's own words name
    blended = sorted(ranking.ranked, key=lambda item: -(item[1] + KEYWORD_NUDGE * scores.get(item[0], 0) / total))
    ranked = [name for name, _ in blended]
    return ranked + [name for name in category_names() if name not in ranked]


KEYWORD_NUDGE = 0.2


def keyword_category(description: str) -> str | None:
    scores = score_categories(description or "")
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]


def category_from_words(text: str) -> str | None:
    """The dimension a resident names in words ("这个算物业的事", a button's words), or None."""
    named = normalize_category(text) or _named_in_pieces(text)
    if named:
        return named
    for category in categories():
        if category.button and (category.button in text or text in category.button and len(text) >= 2):
            return category.name
    return keyword_category(text) or infer_category(text)
