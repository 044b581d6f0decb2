"""A cadre's follow-up by ellipsis: "那浏河镇呢", "去年呢", "换成老街巷社区" ask the last question again
with one part swapped (the place, the time or the community type), and nothing else changed.

The follow-up is turned back into a whole question, so the question reader and the answers stay
the only place that knows what a figure means, and a chain of follow-ups keeps every part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.cadres.questions import OWN_COMMUNITY_WORDS, OWN_TOWN_WORDS
from bot.periods import parse_period
from bot.places import Gazetteer
from bot.registry.types import find_type, type_aliases

# What wraps the swapped part: "那…呢", "换成…看看", "…的情况呢", "…又是多少".
_OPENING = re.compile(r"^(?:嗯+|好的?|行|哦|那么?|那就|再|换成|换到|换|改成|看一下|看看|再看看|我想看看|说说)+")
_CLOSING = re.compile(r"(?:呢|的呢|格呢|额呢|怎么样|怎样|如何|哪能|又是多少|是多少|多少|的情况呢|的情况|情况|的数字|的数|看看|"
                      r"那边|这边|的|格|额|吧|呀|啊|[？?。！!，,\s])+$")
# Time words a cadre uses for "as things stand" (no period: the answer is as of today).
_NOW = re.compile(r"^(?:现在|目前|当前|眼下|今天|到今天|截至今天|截止今天|最新)$")
# Time phrases in a question, removed when the follow-up names another time.
_PERIOD_WORDS = re.compile(
    r"(?:截至|截止到?|到)?(?:(?:\d{4}|[零〇一二三四五六七八九]{4}|今|去|前|明|旧|上)年(?:底|末|初|度|上半年|下半年)?|"
    r"上个?月底?|这个月|本月|上周|本周|这周|最近(?:[一两三四五六七八九十\d]+)?(?:周|个?月|天|年)|"
    r"近(?:[一两三四五六七八九十\d]+)?(?:周|个?月|天|年)|\d{1,2}月(?:底|份)?|第?[一二三四1-4]季度|上半年|下半年|"
    r"现在|目前|当前|眼下|今天)")
_CITY_WORDS = re.compile(r"全市|全太仓|太仓市|整个太仓|市里|各镇|全部镇|所有镇")
_MEASURE = re.compile(r"覆盖|试点|需求|诉求|资源|项目|先治理|待治理|达标|目标|牵头|分类|名单|排名|多少个|几个")


@dataclass(frozen=True)
class Swap:
    """The parts a follow-up names; the text says them as the cadre did."""

    place: str | None = None
    period: str | None = None  # "" for "现在": the time is dropped
    community_type: str | None = None

    @property
    def empty(self) -> bool:
        return self.place is None and self.period is None and self.community_type is None


def core_of(text: str) -> str:
    """"那浏河镇呢" → 浏河镇: the follow-up without what wraps it."""
    plain = re.sub(r"\s+", "", text or "")
    return _CLOSING.sub("", _OPENING.sub("", plain))


def read_swap(text: str, gazetteer: Gazetteer, today: date) -> Swap:
    """Which parts a short follow-up names. A follow-up that names a measure is a question of its own."""
    core = core_of(text)
    if not core or len(core) > 16 or _MEASURE.search(core):
        return Swap()
    place = _place_in(core, gazetteer)
    kind = find_type(core)
    rest = core
    for word in (place, _alias_in(core)):
        if word:
            rest = rest.replace(word, "")
    period = None
    if _NOW.match(rest):
        period = ""
    elif rest and parse_period(rest, today) is not None:
        period = rest
    if (place, period, kind) == (None, None, None):
        return Swap()
    return Swap(place, period, kind)


def _place_in(core: str, gazetteer: Gazetteer) -> str | None:
    own = re.search(f"{OWN_COMMUNITY_WORDS}|{OWN_TOWN_WORDS}", core)
    if own:
        return own.group(0)
    city = _CITY_WORDS.search(core)
    if city:
        return city.group(0)
    mentions = [m for m in gazetteer.mentions(core) if m.label in ("town", "community")]
    if mentions:
        return core[mentions[0].start:mentions[-1].end]
    bare = _PERIOD_WORDS.sub("", core)
    heard = gazetteer.resolve(bare) if len(bare) >= 2 else None
    if heard is not None and heard.status == "town_only" and heard.town is not None:
        return heard.town.name  # "刘河" heard for 浏河: the town by its own name
    return None


def _alias_in(text: str) -> str | None:
    found = [alias for alias, _ in type_aliases() if alias in text]
    return max(found, key=len) if found else None


def swapped_question(previous: str, swap: Swap, gazetteer: Gazetteer) -> str:
    """The previous question with the follow-up's parts in place of its own."""
    text = re.sub(r"\s+", "", previous or "")
    front = []
    if swap.place is not None:
        text = _without_places(text, gazetteer)
        front.append(swap.place)
    if swap.period is not None:
        text = _PERIOD_WORDS.sub("", text)
        front.append(swap.period)
    text = text.lstrip("，,的")
    if swap.community_type is not None:
        for alias, _ in sorted(type_aliases(), key=lambda pair: len(pair[0]), reverse=True):
            text = text.replace(alias, "")
        at = _after_leading_place(text, gazetteer) if swap.place is None else 0
        text = text[:at] + swap.community_type + text[at:]  # "城厢镇" + 传统乡村 + "试点覆盖率多少"
    return "".join(front) + text


def _after_leading_place(text: str, gazetteer: Gazetteer) -> int:
    """Where the place (and time) a question opens with ends: a type named after it reads naturally."""
    at = 0
    while True:
        said = re.compile(f"{_CITY_WORDS.pattern}|{OWN_COMMUNITY_WORDS}|{OWN_TOWN_WORDS}").match(text, at)
        place = said.end() if said else next((m.end for m in gazetteer.mentions(text) if m.start == at), None)
        time = _PERIOD_WORDS.match(text, at)
        step = place or (time.end() if time and time.end() > at else None)
        if step is None:
            return at
        at = step


def _without_places(text: str, gazetteer: Gazetteer) -> str:
    for pattern in (OWN_COMMUNITY_WORDS, OWN_TOWN_WORDS, _CITY_WORDS.pattern):
        text = re.sub(pattern, "", text)
    spans = [(m.start, m.end) for m in gazetteer.mentions(text) if m.label in ("town", "community")]
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + text[end:]
    return text
