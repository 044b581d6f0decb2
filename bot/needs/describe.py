"""Telling a real description of a problem from a bare request to report one."""

from __future__ import annotations

import re

from bot.contact import without_phones
from bot.places import Gazetteer
from bot.vocab.categories import score_categories

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
                      r"脏|乱|偷|霉|渗|缺|松|晃|翻|陷|坑|关脱|关门|关掉|锁牢|锁起来|没人管")


def description_from_message(text: str, gazetteer: Gazetteer) -> str | None:
    """The message itself when it describes a problem; None when it only asks to report one."""
    remainder = _without_place_and_fillers(text, gazetteer)
    substance = len(_CJK.findall(remainder))
    if substance >= 6 or (substance >= 3 and score_categories(remainder)) \
            or substance >= 2 and PROBLEM.search(remainder):  # a thing and what is wrong with it, nothing more
        return _as_kept(text)
    return None


def thing_named(text: str, gazetteer: Gazetteer) -> str | None:
    """"路灯", "下水道", "垃圾": the thing a matter is about, said first with what is wrong still to come; None for
    a message that names no such thing."""
    resolved = gazetteer.resolve(text or "")
    if resolved.status != "not_found" or resolved.town is not None:
        return None  # "我住浮桥": a place, whatever everyday word its name is
    remainder = _without_place_and_fillers(text, gazetteer)
    return _as_kept(text) if 2 <= len(_CJK.findall(remainder)) <= 8 and score_categories(remainder) else None


def _without_place_and_fillers(text: str, gazetteer: Gazetteer) -> str:
    """The words left when the places named and the words of asking to report are taken out."""
    remainder = text or ""
    for mention in gazetteer.mentions(remainder):
        remainder = remainder.replace(mention.text, "")
    for filler in _FILLERS:
        remainder = remainder.replace(filler, "")
    return remainder


def _as_kept(text: str) -> str:
    kept = without_greeting(without_phones(text).strip())
    return kept or text.strip()  # the number goes in the phone field, a greeting nowhere


def is_thin(description: str) -> bool:
    """Only the thing named ("路灯"), nothing said of what is wrong with it."""
    return len(_CJK.findall(description or "")) <= 6 and not PROBLEM.search(description or "")


_GREETING = re.compile(r"^(?:(?:你好|您好|侬好|你们好|喂|哈喽|在吗|在伐|小助手)[\s，,！!。~～呀啊]*)+")


def without_greeting(text: str) -> str:
    """"你好 阿拉印北村格水沟堵牢哉": the words after a greeting (the greeting is no part of a matter or an offer)."""
    rest = _GREETING.sub("", text or "")
    return rest if len(_CJK.findall(rest)) >= 2 else (text or "")


# Where a second matter starts: "另外…", "还有…", "二是…", "第二…", "再一个…", "一个是…；一个是…", or a semicolon.
# "还有" alone starts a matter only after a full stop or a pause, or before a pause: "还有股味道", "还有人占车位"
# go on with the same one, and a later piece counts only when it is a problem of its own.
_NEXT_MATTER = re.compile(r"[，,。；;\s]*(?:另外|还有一个是|还有个是|还有一个|还有一件|还有一桩(?:事体|事情)?|还有件事(?:情|体)?|还有就是|还有(?=[，,：:\s])|(?<=[。！!？?\s])还有(?!点|些|一点|股|个味|人)|再一个|再有|二是|第二件?|其次|其二|二来|另一个是)[，,：:\s]*|"
                          r"[；;]\s*(?:一个是)?|[，,。]\s*一个是")
_COUNTED = re.compile(r"(?:想问|想说|想反映|反映|有)?(?:两件事|两个事|两个难处|两个问题|两个困难|两桩事|几个问题|两点)(?:体|情)?"
                      r"(?:侪|都|全)?(?:要)?(?:记下来|记一记|记上去|记上|登记|报上去)?[：:，,。]?")
_FIRST = re.compile(r"^[\s，,：:]*(?:一是|第一件?|首先|一来|一个是)")
_WRONG = re.compile(r"满出来|满了|没人(?:管|收|扫|倒|修|清|来|接|理)|失灵|不灵|不好用|太吵|太响|没有(?:灯|路灯|水|电)|关门|撤了|"
                    r"没着落|找不到|不方便|吃力|危险|锁(?:起来|牢|着|门)|没地方")


def split_problems(text: str, gazetteer: Gazetteer) -> list[str]:
    """One message naming two problems ("路灯坏了，还有垃圾桶满了没人倒"): each problem on its own.

    A piece counts only when it describes a problem by itself, and a later piece only when it is
    another matter: a thing and what is wrong with it, or a different dimension the model is sure
    of. So "路灯坏了，另外晚上很黑" stays one problem.
    """
    pieces = [p.strip(" ，,。；;") for p in _NEXT_MATTER.split(text or "") if p and p.strip(" ，,。；;")]
    cores = [_FIRST.sub("", _COUNTED.sub("", _without_intro(p))).strip(" ，,：:。") or p for p in pieces]
    if len(cores) > 2 and _COUNTED.fullmatch(cores[0].strip()):
        cores = cores[1:]  # "两个事，一个是…": the count said first, no part of the first matter
    talk = [c for c in cores if _ABOUT_THE_REPORT.search(c) and not PROBLEM.search(c) and not _WRONG.search(c)]
    if talk and len(cores) - len(talk) == 1:
        # "编号忘记脱了 算了 还有一桩事体 老街上格公共厕所…": words about another report, then the one matter
        return [c for c in cores if c not in talk]
    if len(cores) > 2 and description_from_message(cores[0], gazetteer) is None:
        cores[:2] = [f"{cores[0]}，{cores[1]}"]  # "良辅社区，一个是…": the place belongs to the first matter
    counted = matters_counted(text)
    if counted and counted == len(cores) > 1 and all(description_from_message(c, gazetteer) for c in cores):
        # "两个事，一个是…，还有一个是…": as many matters as counted, each where its marker starts it
        return [_without_request(c) for c in cores]
    if len(cores) < 2 or not all(is_a_problem(c, gazetteer) for c in cores):
        return [text]
    if not all(another_matter(before, after) for before, after in zip(cores, cores[1:], strict=False)):
        return [text]
    return cores


# "两个都帮我报一下": asking for the matters to be reported, no word of either
_BOTH_ASKED = re.compile(r"^(?:这|迭|格)?(?:两个|两件|两桩|两样)(?:事|事情|事体)?(?:都|侪|全)(?:要|帮我|拨我|给我|麻烦)?(?:报|记|登记|反映|处理)")


def _without_request(core: str) -> str:
    clauses = [c for c in re.split(r"[，,\s]+", core) if c.strip()]
    kept = [c for c in clauses if not _BOTH_ASKED.match(c)]
    return "，".join(kept) if kept and len(kept) < len(clauses) else core


# "你好 我是璜泾镇雅鹿村的退休老师 一是…": a greeting and who is speaking, before the first of the matters counted
_INTRO_THEN_FIRST = re.compile(r"^(?P<intro>[^。！!？?]{0,30}?)(?=一是|第一件?(?!次)|首先|一个是)")
_INTRO = re.compile(r"我是|伲是|阿拉是|你好|您好|侬好|喂")


def _without_intro(piece: str) -> str:
    found = _INTRO_THEN_FIRST.match(piece)
    intro = found.group("intro") if found else ""
    if intro and _INTRO.search(intro) and not PROBLEM.search(intro) and not _WRONG.search(intro):
        return piece[len(intro):]
    return piece


def is_a_problem(core: str, gazetteer: Gazetteer) -> bool:
    """The words describe a problem of their own: a thing and what is wrong, or a sure dimension."""
    if description_from_message(core, gazetteer) is None:
        return False
    return bool(PROBLEM.search(core) or _WRONG.search(core) or _sure_dimension(core))


# Words about a report (its number forgotten, given up asking), not a matter: "编号忘记脱了 算了"
_ABOUT_THE_REPORT = re.compile(r"编号|单号|忘记脱了|忘记了|忘掉了|记勿得|记不得|记不清")
_PAUSE = re.compile(r"[，,。；;\s]+")


def another_matter(before: str, after: str, strict: bool = False) -> bool:
    """The later words are a matter of their own, not more about the earlier one.

    strict: only a different dimension counts (words said mid-report are more often a detail;
    taking a detail for a new report would file it twice)."""
    first, *rest = _PAUSE.split(after.strip(" ，,。；;"), maxsplit=1) or [""]
    if len(first) <= 4 and not (PROBLEM.search(after) or _WRONG.search(after)):
        return False  # "…堆在楼道里 还有旧家具 讲了好几趟勿听": one more thing of the same matter
    if not strict and (PROBLEM.search(after) or _WRONG.search(after)):
        return True
    also = _ALSO_WRONG.match(after.strip(" ，,。"))
    if also and also.group("thing")[-2:] not in before:
        return True  # "还有 路口格路灯也勿亮": another thing wrong too, whatever its dimension
    dimension = _sure_dimension(after)
    return dimension is not None and dimension != _likeliest_dimension(before)


# "路口格路灯也勿亮", "楼下的门也坏了": another thing, wrong too
_ALSO_WRONG = re.compile(r"^(?:.{0,6}?(?:格|的|个|额))?(?P<thing>[\u4e00-\u9fff]{2,4}?)也(?:勿|不|弗|没|坏|漏|堵|断|塌|臭|吵|亮不|勿亮)")


def _sure_dimension(text: str) -> str | None:
    from bot.vocab.classifier import rank

    ranking = rank(text)
    return ranking.best if ranking.sure else None


def _likeliest_dimension(text: str) -> str | None:
    from bot.vocab.classifier import rank

    return rank(text).best


# "这两桩事体分开记", "分成三条": how many matters the person counts, when they say
_COUNT_SAID = re.compile(r"(?P<n>两|二|2|三|3|四|4)(?:桩|件|个|条|样)")
_COUNTS = {"两": 2, "二": 2, "2": 2, "三": 3, "3": 3, "四": 4, "4": 4}


def matters_counted(words: str) -> int | None:
    found = _COUNT_SAID.search(words or "")
    return _COUNTS[found.group("n")] if found else None


def problems_apart(text: str, gazetteer: Gazetteer, count: int | None = None) -> list[str]:
    """The matters of a text its writer asked to keep apart: each pause that starts another problem.

    Asked in so many words, a later problem of its own starts a matter even without "另外" or
    "还有" (an angry run-on "楼道里堆满杂物 路灯坏了一个月 楼上半夜吵"); words before the first
    problem (a place, who speaks) belong to it, and matters beyond the count said are joined to
    the one before them of the same dimension, or else to the one just before.
    """
    said = split_problems(text, gazetteer)
    if len(said) > 1 and (count is None or len(said) == count):
        return said
    groups: list[str] = []
    for clause in (c.strip() for c in _PAUSE.split(text or "")):
        if clause and groups and not (is_a_problem(clause, gazetteer) and another_matter(groups[-1], clause, strict=True)):
            groups[-1] = f"{groups[-1]}，{clause}"
        elif clause:
            groups.append(clause)
    if len(groups) > 1 and not is_a_problem(groups[0], gazetteer):
        groups[:2] = [f"{groups[0]}，{groups[1]}"]
    while count and len(groups) > count:
        groups = _joined_once(groups)
    return groups if len(groups) > 1 else [text]


def _joined_once(groups: list[str]) -> list[str]:
    """One matter fewer: a matter joined to the one before it of the same dimension, else the last two."""
    dimensions = [_likeliest_dimension(g) for g in groups]
    at = next((i for i in range(len(groups) - 1, 0, -1) if dimensions[i] == dimensions[i - 1]), len(groups) - 1)
    return groups[:at - 1] + [f"{groups[at - 1]}，{groups[at]}"] + groups[at + 1:]
