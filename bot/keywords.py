"""Content words of a text (jieba), for matching needs with resources and spotting repeats."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

MAX_KEYWORDS = 12
# Words every report or offer has, which say nothing about what it is about.
_STOPWORDS = frozenset(
    """我们 你们 他们 伲们 我家 可以 一个 没有 这个 那个 就是 还是 已经 以经 现在 时候 辰光 有人 有点 一点 一下 一直
    反映 问题 情况 事情 事体 希望 麻烦 谢谢 帮忙 帮助 社区 村里 小区 居民 村民 大家 什么 怎么 哪能 为什么 能不能
    好几 几天 好久 这边 那边 这里 那里 周末 上午 下午 晚上 每周 时间 免费 愿意 需要 需求 提供 老百姓 礼拜 星期 个月
    今天 昨天 明天 今朝 天天 经常 总是 老是""".split()
)
_CJK_WORD = re.compile(r"^[\u4e00-\u9fff]{2,8}$")
# Place words (新塘村 cut as 新/塘村) say where, not what: the matcher compares places itself.
_PLACE_PART = re.compile(r"村|社区|镇|街道|居委")


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(30)
    return jieba


def keywords(text: str, places: Iterable[str] = ()) -> list[str]:
    """Up to MAX_KEYWORDS distinct content words, in order of appearance.

    places: names of the place the text is about (新塘村, 新塘, 浏河镇), which every text from
    there shares and so would make unrelated texts look alike.
    """
    for place in sorted(places, key=len, reverse=True):
        text = (text or "").replace(place, " ")
    seen: dict[str, None] = {}
    for token in _jieba().lcut(text or ""):
        if _CJK_WORD.match(token) and token not in _STOPWORDS and not _PLACE_PART.search(token):
            seen.setdefault(token, None)
        if len(seen) >= MAX_KEYWORDS:
            break
    return list(seen)


def containment(first: set[str], second: set[str]) -> float:
    """Share of the smaller set found in the other: short texts about one thing score high."""
    if not first or not second:
        return 0.0
    return len(first & second) / min(len(first), len(second))
