"""Urgency, in the plan's own words: 急 (urgent), 难 (hard), 愁 (worrying), 盼 (hoped-for)."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Urgency:
    code: str  # stored in the catalog
    english: str
    button: str
    cues: tuple[str, ...]


URGENCIES: tuple[Urgency, ...] = (
    Urgency(
        "急",
        "urgent",
        "急：有危险或影响吃住出行，要马上处理",
        ("危险", "漏电", "着火", "冒烟", "塌", "救命", "赶紧", "马上来", "马上处理", "急死", "很急", "急事", "着急",
         "受伤", "摔倒", "摔了", "淹了", "停水", "停电", "没水", "没电", "煤气味", "消防通道", "漏气", "倒在地上",
         "出人命", "要出事", "出事体", "急煞", "急格", "急额", "急的", "吓人", "天天要走", "小孩要走",
         "会出事", "等勿及", "等不及"),
    ),
    Urgency(
        "难",
        "hard",
        "难：老大难，反映多次一直没解决",
        ("老大难", "好几年", "多年", "几年了", "一直没", "反映过好几次", "反映了好几次", "多次反映",
         "没人管", "解决不了", "拖了", "好几趟", "好几次", "讲过", "说过", "反映过", "没用", "前年", "去年就",
         "老问题", "一直勿", "难办", "难弄", "难格", "难额"),
    ),
    Urgency(
        "愁",
        "worrying",
        "愁：天天烦心，影响生活",
        ("烦死", "愁", "头疼", "闹心", "睡不着", "烦心", "天天", "烦", "担心", "勿定", "不放心", "勿放心",
         "睡勿着", "心里", "难受", "勿舒服", "不舒服", "闹得慌", "吵得"),
    ),
    Urgency(
        "盼",
        "hoped-for",
        "盼：希望以后能改善",
        ("希望", "建议", "盼", "能不能", "可不可以", "想要", "最好能", "要是有", "增加", "多搞", "慢慢",
         "有空", "以后", "将来", "勿急", "不急", "想有", "最好"),
    ),
)

_BY_CODE = {u.code: u for u in URGENCIES}

# Phrases that state the urgency outright; the entity tagger learns them too. Longer phrases
# win over the shorter ones inside them, so "不是特别急" is 盼, not 急.
PHRASES: dict[str, tuple[str, ...]] = {
    "急": ("很急", "非常急", "特别急", "紧急", "急事", "十万火急", "急得很", "火烧眉毛", "急急急", "很着急", "蛮急"),
    "难": ("老大难", "很难办", "难解决"),
    "愁": ("发愁", "愁死了", "犯愁", "愁得很"),
    "盼": ("不急", "不着急", "不是很急", "不是特别急", "不太急", "不怎么急", "不紧急", "不是很紧急", "慢慢来",
          "盼望", "期盼"),
}
# Words that contain an urgency phrase but say nothing about urgency ("紧急程度选错了").
NOT_URGENCY = ("紧急程度", "紧急情况", "紧急电话", "紧急联系人")


def phrase_urgency(text: str) -> str | None:
    """The urgency named by the longest phrase found in the text."""
    for word in NOT_URGENCY:
        text = text.replace(word, "")
    found = [(len(p), code) for code, phrases in PHRASES.items() for p in phrases if p in text]
    return max(found)[1] if found else None


def urgency_codes() -> tuple[str, ...]:
    return tuple(_BY_CODE)


# A one-word answer in dialect: "老急额", "蛮急", "勿急" (the first clause of "难额，反映过好几趟了").
_FIRST_CLAUSE = re.compile(r"[，,。.!！?？；;\s]")
_PARTICLES = "的额个格咯哉噢哦啊呀吧呢啦了嘞"
_ONE_WORD = re.compile(r"(?:老|蛮|很|非常|特别|交关|真|太|有点|比较|挺|相当|好)?(急|难|愁|盼)")
_NOT_URGENT = re.compile(r"(?:不|勿|覅|没|不太|勿太|不怎么|没那么|不是很|勿是老|不算|勿算|不是太|勿是|倒勿|倒不)急")


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
    stated = phrase_urgency(text)
    if stated:
        return stated
    hits = [u.code for u in URGENCIES if any(cue in text for cue in u.cues)]
    if len(hits) == 1:
        return hits[0]
    if "急" in hits:  # safety first when several cues appear
        return "急"
    return None


def learned_urgency(answer: str) -> str | None:
    """The urgency an answer to "这件事有多急？" conveys in its own words ("讲了五趟了都不管" → 难),
    when the model learned from such answers (data/urgency/) is sure; else None, and it is asked."""
    from bot.needs.classifier import URGENCY, rank

    ranking = rank(answer, task=URGENCY)
    return ranking.best if ranking.sure else None
