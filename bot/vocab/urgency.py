"""Urgency, in the plan's own words: 急 (urgent), 难 (hard), 愁 (worrying), 盼 (hoped-for)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

_DATA = Path(__file__).resolve().parent.parent / "data" / "urgency.yml"


@dataclass(frozen=True)
class Urgency:
    code: str  # stored in the catalog
    english: str
    button: str
    cues: tuple[str, ...]


def _load() -> dict:
    return yaml.safe_load(_DATA.read_text(encoding="utf-8"))


_VOCABULARY = _load()
URGENCIES: tuple[Urgency, ...] = tuple(
    Urgency(code, level["english"], level["button"], tuple(level["cues"]))
    for code, level in _VOCABULARY["levels"].items()
)
_BY_CODE = {u.code: u for u in URGENCIES}
MOST_URGENT = URGENCIES[0].code  # the first level of the vocabulary: 急
PHRASES: dict[str, tuple[str, ...]] = {code: tuple(words) for code, words in _VOCABULARY["phrases"].items()}
NOT_URGENCY: tuple[str, ...] = tuple(_VOCABULARY["not_urgency"])
_URGENT_IN_WORDS: tuple[str, ...] = tuple(_VOCABULARY["urgent_in_words"])
_DANGER: tuple[str, ...] = tuple(_VOCABULARY["danger"])


def phrase_urgency(text: str) -> str | None:
    """The urgency named by the longest phrase found in the text."""
    for word in NOT_URGENCY:
        text = text.replace(word, "")
    denied = _NOT_URGENT.search(text)  # "不算特别急": 特别急 taken back
    text = _NOT_URGENT.sub("", text)
    found = [(len(p), code) for code, phrases in PHRASES.items() for p in phrases if p in text]
    return max(found)[1] if found else ("盼" if denied else None)


def urgency_codes() -> tuple[str, ...]:
    return tuple(_BY_CODE)


# A one-word answer in dialect: "老急额", "蛮急", "勿急" (the first clause of "难额，反映过好几趟了").
_FIRST_CLAUSE = re.compile(r"[，,。.!！?？；;\s]")
_PARTICLES = "的额个格咯哉噢哦啊呀吧呢啦了嘞"
# "急", "老急", "算愁好了", "就算难吧": one level, said with a degree or as the one settled on
_ONE_WORD = re.compile(r"(?:就)?(?:算|算是|当|当作)?(?:老|蛮|很|非常|特别|交关|真|太|有点|比较|挺|相当|好)?(急|难|愁|盼)(?:好了|就好|算了|好)?")
_NOT_URGENT = re.compile(r"(?<!急)(?:不|勿|覅|没|不太|勿太|不怎么|没那么|不是很|勿是老|不算|勿算|不是太|勿是|倒勿|倒不)"
                         r"(?:特别|很|太|那么|多|怎么|非常|交关|老|蛮)?急")


def normalize_urgency(text: str | None) -> str | None:
    """Map what a resident tapped or typed (急, 很急, 不急, 老急额, a button text) to a code."""
    if not text:
        return None
    value = text.strip().rstrip("的啊呀吧呢。！!")
    return said_urgency(text) or infer_urgency(value)


def said_urgency(text: str | None) -> str | None:
    """The level said outright (急, 很急, 不急, 老急额, 老大难, a button's text), not inferred from cues."""
    if not text:
        return None
    value = text.strip().rstrip("的啊呀吧呢。！!")
    if value in _BY_CODE:
        return value
    word = _FIRST_CLAUSE.split(text.strip(), maxsplit=1)[0].rstrip(_PARTICLES)
    if _NOT_URGENT.fullmatch(word):
        return "盼"
    one = _ONE_WORD.fullmatch(word)
    if one:
        return one.group(1)
    for urgency in URGENCIES:
        if value == urgency.button or value == urgency.english:
            return urgency.code
    return phrase_urgency(value)


def infer_urgency(description: str) -> str | None:
    """The urgency a description states plainly, or None when it does not."""
    text = description or ""
    stated = phrase_urgency(text) or _level_in_a_clause(text)
    if stated:
        return stated
    hits = [u.code for u in URGENCIES if any(cue in text for cue in u.cues)]
    if len(hits) == 1:
        return hits[0]
    if "急" in hits:  # safety first when several cues appear
        return "急"
    return None


def described_urgency(description: str | None) -> str | None:
    """The urgency a description settles without asking: the level said outright ("急死人了", "不急",
    "老大难"), or danger to people (漏电, 怕起火) first. Cue words alone ("天天", "好几年") only hint, and
    the resident is asked."""
    text = description or ""
    stated = phrase_urgency(text) or _level_in_a_clause(text)
    if stated:
        return stated
    now = OVER_AND_DONE.sub("", text)  # "上次隔壁楼着火": danger told as what happened is no danger now
    if any(word in now for word in _URGENT_IN_WORDS + _DANGER):
        return "急"
    return None


def _level_in_a_clause(text: str) -> str | None:
    """"…漂了好多死鱼 急的 能不能快点来看看": a level said as a clause of its own, amid the story."""
    for clause in _FIRST_CLAUSE.split(text):
        said = _ONE_WORD.fullmatch(clause.strip().rstrip(_PARTICLES))
        if said and clause.strip():
            return said.group(1)
    return None


# What happened before, not now ("上次隔壁楼着火", "不是现在着火，是上个月的事"): words of danger in it call no one.
OVER_AND_DONE = re.compile(r"(?:上次|上回|上趟|上个月|上礼拜|上周|去年|前年|以前|之前|那次|有一次|前几年)[^，。,！!？?\s]*"
                           r"|[^，。,！!？?\s]*(?:不是现在|勿是现在)[^，。,！!？?\s]*")


def leaning_urgency(answer: str) -> str | None:
    """The level an answer leans to, sure or not (said back as a guess the person can change)."""
    from bot.vocab.classifier import URGENCY, rank

    return rank(answer, task=URGENCY).best or infer_urgency(answer)


def learned_urgency(answer: str) -> str | None:
    """The urgency an answer to "这件事有多急？" conveys in its own words ("讲了五趟了都不管" → 难),
    when the model learned from such answers (data/urgency/) is sure; else None, and it is asked."""
    from bot.vocab.classifier import URGENCY, rank

    ranking = rank(answer, task=URGENCY)
    return ranking.best if ranking.sure else None
