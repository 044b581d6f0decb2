"""Field values in people's own words: where a volunteer can help, when, and what to call them."""

from __future__ import annotations

import re
from typing import Protocol

CITY_WORDS = ("全市", "整个太仓", "全太仓", "太仓都", "太仓哪里", "全城", "市里都", "太仓范围", "太仓市里")
ANYWHERE_WORDS = ("哪里都", "都可以去", "哪儿都", "啥地方都", "到处都", "随便哪里")
TOWN_WORDS = ("全镇", "整个镇", "镇上都", "全区", "镇里都", "街道都", "整个开发区", "下面的村", "各个村", "每个村",
              "镇里哪里", "镇上哪里", "全街道")
COMMUNITY_WORDS = ("本村", "本社区", "村里", "社区里", "就在", "只在", "附近", "小区里", "就我们", "就伲", "阿拉小区",
                   "我们小区", "我们村", "伲村", "伲小区", "门口", "周边", "这一片")
SCOPE_SEPARATOR = "@"

_DAY = r"(?:每)?(?:周[一二三四五六日天末]|星期[一二三四五六日天]|礼拜[一二三四五六日天]?|工作日|节假日|双休日?|每天|天天|平时|每周|周末)"
_PART = r"(?:上午|下午|晚上|早上|中午|白天|傍晚|夜里|夜里向|下半天|上半天|下班后|下班以后|放学后)"
_HOUR = r"(?:\d{1,2}点(?:半|钟)?(?:(?:到|至|-|~)\d{1,2}点(?:半|钟)?)?(?:以后|之后|以前|前|后)?)"
TIME_WORDS = re.compile(rf"{_DAY}(?:的)?{_PART}?{_HOUR}?|{_PART}{_HOUR}?|{_HOUR}|随时|有空就行|有空|什么时候都行|啥辰光都|"
                        r"都可以|都行|看情况|提前(?:打电话|联系|约)")
_NAME_FILLER = re.compile(r"^(?:我叫|叫我|我姓|姓|你就叫我|就叫我|喊我|我是|伲是|阿拉是|我们是|我们叫|我们单位是|这里是|免贵姓|单位是|"
                          r"单位名称是|名称是|名字是|名字叫|称呼我)|"
                          r"(?:就行了?|就可以了?|就好了?|好了|吧|啊|呀|哦|的|额)+$")


class PlaceReader(Protocol):
    def place_in(self, text: str) -> str | None: ...

    def town_in(self, text: str) -> str | None: ...


def scope_from_words(text: str, places: PlaceReader) -> str | None:
    """city, town or community, with the place when one is named: "town@城厢镇"."""
    if any(word in text for word in CITY_WORDS):
        return "city"
    town = places.town_in(text)
    place = places.place_in(text)
    if not (town or place) and any(word in text for word in ANYWHERE_WORDS):
        return "city"
    if any(word in text for word in TOWN_WORDS) or town:
        return f"town{SCOPE_SEPARATOR}{town}" if town else "town"
    if place:
        return f"community{SCOPE_SEPARATOR}{place}"
    if any(word in text for word in COMMUNITY_WORDS):
        return "community"
    if town:
        return f"town{SCOPE_SEPARATOR}{town}"
    return None


def split_scope(value: str) -> tuple[str, str | None]:
    scope, _, place = (value or "").partition(SCOPE_SEPARATOR)
    return scope, (place or None)


def time_from_words(text: str) -> str | None:
    """The time as said ("礼拜六下半天", "晚上七点以后"): the words themselves, when they name a time."""
    if TIME_WORDS.search(text) or re.search(r"[一二三四五六七八九十\d]点|周[一二三四五六日末]|礼拜|星期", text):
        return text.strip(" ，,。.!！")
    return None


def name_from_words(text: str) -> str | None:
    """"叫我小周就行" → 小周; "姓朱" → 朱; an organisation's name as it is."""
    name = text.strip(" ，,。.!！")
    for _ in range(2):
        name = _NAME_FILLER.sub("", name).strip(" ，,。.!！")
    if not name or len(name) > 40 or sum(ch.isdigit() for ch in name) >= 5:
        return None
    return name
