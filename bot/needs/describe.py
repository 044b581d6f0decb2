"""Telling a real description of a problem from a bare request to report one."""

from __future__ import annotations

import re

from bot.needs.categories import score_categories
from bot.places import Gazetteer

# Words of a request to report something, greetings and fillers: what remains after removing
# them (and the place) is the description, if anything of substance is left.
_FILLERS = sorted(
    (
        "我要反映", "我想反映", "反映一下", "反映个", "反映", "投诉一下", "投诉", "举报", "报告",
        "提个意见", "提意见", "提建议", "意见", "建议一下", "报修", "报个修", "问题", "情况", "事情",
        "事体", "一件事", "个事", "一下", "帮忙", "帮我", "麻烦", "你好", "您好", "侬好", "在吗",
        "请问", "我是", "我住", "住在", "我们", "伲", "我", "的", "了", "啊", "呀", "哦", "吧", "呢",
        "想", "要", "个", "有", "在", "这边", "那边", "这里", "那里", "一", "点", "小区", "村里",
        "社区里", "社区", "村", "镇", "找", "跟你", "和你", "说说", "讲讲", "说一下", "讲一下",
        "居民", "村民", "老百姓", "喂", "嗯",
    ),
    key=len,
    reverse=True,
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
# Something broken or wrong, said in a word: "树倒了", "墙塌了", "水停了", "狗咬人".
PROBLEM = re.compile(r"坏|倒|塌|断|漏|堵|裂|破|碎|掉|歪|丢|没了|不见|停|不亮|不通|积水|淹|臭|吵|咬|着火|冒烟|烧|"
                      r"脏|乱|偷|霉|渗|缺|松|晃|翻|陷|坑")


def description_from_message(text: str, gazetteer: Gazetteer) -> str | None:
    """The message itself when it describes a problem; None when it only asks to report one."""
    remainder = text or ""
    for mention in gazetteer.mentions(remainder):
        remainder = remainder.replace(mention.text, "")
    for filler in _FILLERS:
        remainder = remainder.replace(filler, "")
    substance = len(_CJK.findall(remainder))
    if substance >= 6 or (substance >= 3 and score_categories(remainder)):
        return text.strip()
    if substance >= 2 and PROBLEM.search(remainder):  # a thing and what is wrong with it, nothing more
        return text.strip()
    return None


# Where a second matter starts: "另外…", "还有…", "二是…", "第二…", "再一个…".
_NEXT_MATTER = re.compile(r"[，,。；;\s]*(?:另外|还有一个|还有一件|还有就是|还有|再一个|再有|二是|第二件?|其次|其二|二来)[，,：:\s]*")
_COUNTED = re.compile(r"^(?:一是|第一件?|首先|一来|两件事[：:，,]?|两个事[：:，,]?)")


def split_problems(text: str, gazetteer: Gazetteer) -> list[str]:
    """One message naming two problems ("路灯坏了，还有垃圾桶满了没人倒"): each problem on its own.

    A piece counts only when it describes a problem by itself (a thing and what is wrong with it),
    so "路灯坏了，另外晚上很黑" stays one problem.
    """
    pieces = [p.strip(" ，,。；;") for p in _NEXT_MATTER.split(text or "") if p.strip(" ，,。；;")]
    if len(pieces) < 2:
        return [text]
    if not all(_is_a_problem(p, gazetteer) for p in pieces[1:]) or not _is_a_problem(pieces[0], gazetteer):
        return [text]
    return [_COUNTED.sub("", p).strip(" ，,：:") or p for p in pieces]


_WRONG = re.compile(r"满出来|满了|没人(?:管|收|扫|倒|修|清|来)|失灵|不灵|不好用|太吵|太响|没有(?:灯|路灯|水|电)")


def _is_a_problem(piece: str, gazetteer: Gazetteer) -> bool:
    core = re.sub(r"^(?:[^，,：:]*?两件事[：:，,]?|一是|第一件?)", "", piece)
    return description_from_message(core, gazetteer) is not None and bool(PROBLEM.search(core) or _WRONG.search(core))
