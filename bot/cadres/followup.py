"""A cadre's follow-up by ellipsis: "那浏河镇呢", "去年呢", "换成老街巷社区" ask the last question again
with one part swapped (the place, the time or the community type), and nothing else changed.

The follow-up is turned back into a whole question, so the question reader and the answers stay
the only place that knows what a figure means, and a chain of follow-ups keeps every part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from bot.cadres.questions import (
    MID_TERM,
    OWN_COMMUNITY_WORDS,
    OWN_TOWN_WORDS,
    PLACE_SPLIT,
    PLACES_ASKED,
    RANK_OF,
    in_the_plans_words,
    is_list_question,
    names_a_topic,
    question_state_and_category,
    tier_asked,
    unit_asked,
    urgency_asked,
    wu_plain,
)
from bot.periods import parse_period
from bot.places import Gazetteer
from bot.vocab.categories import normalize_category, score_categories
from bot.vocab.community_types import find_type, type_aliases

# What wraps the swapped part: "那…呢", "换成…看看", "…的情况呢", "…又是多少".
_OPENING = re.compile(r"^(?:嗯+|好的?|行|哦|那么?|那就|再|只要|只看|光看|换成|换到|换|改成|看一下|看看|再看看|我想看看|说说|离|距离|它的|它|伊拉个|伊个|伊拉|这个村的|这个社区的|那个村的|那个社区的|"
                      r"(?:这|那|迭)(?:\d+|[一二两三四五六七八九十百几]+)?(?:条|件|个|些)(?:需求)?(?:里面|里头|当中)?)+")  # "这42条按类别统计一下"
_CLOSING = re.compile(r"(?:呢|的呢|格呢|额呢|末|怎么样|怎样|如何|哪能|怎么说|怎么讲|又是多少|是多少|多少|(?:还?有)?几[个条项件]|"
                      r"(?:的|格|个)?有(?:伐|吗|没有)|"
                      r"的情况呢|的情况|情况|的数字|的数|看看|"
                      r"那边|这边|的|格|额|吧|呀|啊|[？?。！!，,\s])+$")
# Time words a cadre uses for "as things stand" (no period: the answer is as of today).
_NOW = re.compile(r"^(?:现在|目前|当前|眼下|今天|到今天|截至今天|截止今天|最新)$")
# Time phrases in a question, removed when the follow-up names another time.
_PERIOD_WORDS = re.compile(
    # "国庆以后", "10月1号到现在", "7月到9月": a day counted from, a run of months (said before the month alone)
    r"(?:(?:\d{4}年|今年|去年)?(?:国庆节?|元旦|五一|劳动节|(?:\d{1,2}|[一二三四五六七八九十]{1,2})月份?"
    r"(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})[日号])?)(?:以后|以来|之后|开始|起|到现在|到今天|至今|到目前))|"
    r"(?:(?:\d{1,2}|[一二三四五六七八九十]{1,2})月份?(?:到|至|—|-|~|～)(?:\d{1,2}|[一二三四五六七八九十]{1,2})月份?(?:底|末)?)|"
    r"(?:截至|截止到?|到)?(?:(?:\d{4}|[零〇一二三四五六七八九]{4}|今|去|前|明|旧|上)年(?:底|末|初|度|上半年|下半年)?|"
    r"上个?月底?|这个月|本月|上周|本周|这周|最近(?:[一两三四五六七八九十\d]+)?(?:周|个?月|天|年)|"
    r"近(?:[一两三四五六七八九十\d]+)?(?:周|个?月|天|年)|\d{1,2}月(?:底|份)?|第?[一二三四1-4]季度|上半年|下半年|"
    r"现在|目前|当前|眼下|今天)")
_CITY_WORDS = re.compile(r"全市|全太仓|太仓市|整个太仓|市里|各镇|全部镇|所有镇")
_MEASURE = re.compile(r"覆盖|试点|需求|诉求|资源|项目|先治理|待治理|达标|目标|牵头|分类|名单|排名|多少个|几个|报了|反映了|上报|报上来")


@dataclass(frozen=True)
class Swap:
    """The parts a follow-up names; the text says them as the cadre did."""

    place: str | None = None
    period: str | None = None  # "" for "现在": the time is dropped
    community_type: str | None = None
    measure: str | None = None  # 需求, 资源, 先治理, 待治理, 覆盖率, 试点: "那资源呢", "那待治理呢"
    state: str | None = None  # open or done: "办结了的呢", "还没办结的呢"
    category: str | None = None  # a need dimension: "那物业方面呢"
    target: str | None = None  # 30 or 60: "换成30%呢"
    urgency: str | None = None  # 急, 难, 愁, 盼 or every: "急的有几条", "急难愁盼各多少"
    added: str | None = None  # "哪几个", "差几个": the same question, asking for its list or its gap too
    total: bool = False  # "总共多少条": the same question, asking only for its count
    provider: str | None = None  # who offers the resources counted: "党员资源有多少" then "驻区单位呢"

    @property
    def empty(self) -> bool:
        return not self.total and all(v is None for v in (
            self.place, self.period, self.community_type, self.measure, self.state, self.category, self.target,
            self.urgency, self.added, self.provider))


# Asked right after a figure: its list ("哪几个", "名单发下") or its gap ("差几个", "达标没").
# Said alone ("一共还差几个") or after a swap ("换成60%呢 还差几个", "那城厢镇呢 名单发下").
_ADDED_ASK = (r"(?:详细|具体|细)(?:点|一点|些|一些)(?:讲讲|说说|看看)?(?:呢|吧|呀)?|"
              r"(?=[^，]*(?:哪|名单|列|内容|是啥|是什么|具体|谁报|谁反映))(?:是|具体|分别|都|哪几个|哪几条|哪[两三四五六七八九十\d]+[条个项件]|哪些|名单|发下|发我|发一下|给我|列一下|列出来|有哪些|看看|"
              r"一下|呢|啥|什么|啥个|内容|那几条|这几条|那些|这些|那条|这条|[这那格迭搿][\d两三四五六七八九十]+[条个]|列一列|谁报的|谁反映的|啥人报的|电话多少|联系方式|[，,]|我|来|看|出来)+|(?:还)?差(?:几个|多少)个?(?:试点)?(?:呢|啊|了)?|(?:够不够|够了没|达标没|达标了没|达标了吗|达标了伐|达标伐)(?:三成|六成|30%|60%|30％|60％)?"
              r"|按(?:七个|几个|各个)?(?:类型|类别|维度|方面|镇|村|社区|紧急程度|急难愁盼)(?:来)?(?:分|统计|排|列)?(?:一下|下|分|一分|排|一排)?"
              r"|(?:各|分别)?(?:占|占了|占到)(?:几成|多少|百分之几|多少比例|比例多少)(?:呢|啊)?|(?:比例|占比)(?:是)?(?:多少|几)?(?:呢|啊)?")
_ADDED_FILLER = r"(?:那|一共|总共|共|合计|现在|目前|眼下|到底|的话|离目标|把|再|帮我|麻烦)*"
_ADDED = re.compile(rf"^{_ADDED_FILLER}(?:{_ADDED_ASK})$")
_ADDED_TAIL = re.compile(rf"[，,\s]*{_ADDED_FILLER}((?:{_ADDED_ASK}))[？?。！!]*$")


# A follow-up that swaps what is counted, not where or when.
_MEASURE_SWAPS = (
    ("待治理", r"待治理|待治里|代治理|没资源的项目"), ("先治理", r"先治理|先治里|有资源的项目"),
    ("资源", r"资源|资原|志愿者|能人"), ("需求", r"需求|诉求|问题"), ("项目", r"项目"),
    ("覆盖率", r"覆盖率?|覆改率"), ("试点", r"试点|试典"),
    ("满意率", r"满意率|满意度"), ("解决率", r"解决率"), ("按时办结率", r"按时办结率"), ("办结率", r"办结率"),
    ("签收率", r"签收率|按时签收率"), ("重办", r"重办(?:率|的)?"), ("超期", r"超期(?:的)?|逾期(?:的)?"),
)
_MEASURE_PHRASES = {
    "待治理": ("待治理项目有多少个", "待治理项目有哪些"), "先治理": ("先治理项目有多少个", "先治理项目有哪些"),
    "资源": ("资源清单有多少条", "资源有哪些"), "需求": ("需求有多少条", "最新的需求有哪些"),
    "项目": ("项目目录有多少个", "项目有哪些"), "覆盖率": ("试点覆盖率多少", "试点覆盖率多少"),
    "试点": ("有几个试点", "试点有哪些"),
    "满意率": ("满意率多少", "满意率多少"), "解决率": ("解决率多少", "解决率多少"), "办结率": ("办结率多少", "办结率多少"),
    "按时办结率": ("按时办结率多少", "按时办结率多少"),
    "签收率": ("按时签收率多少", "按时签收率多少"), "重办": ("重办的需求有几条", "重办的需求有哪些"),
    "超期": ("超期的需求有几条", "超期的需求有哪些"),
}
_STATE_SWAPS = (("reopened", r"重办|重新办|返工"),
                ("open", r"没办结|未办结|没办好|没办掉|没办脱|没弄好|没处理好?|没办|还没解决|没解决|未解决|在办|没完成|未完成"),
                ("done", r"解决了|已解决"), ("finished", r"办结|办好|办完|办掉|办脱|完成了|已完成"))
_URGENCY_SWAP = re.compile(r"(?:那|还有)?(?:最)?(?:紧)?(急难愁盼|急|难|愁|盼)(?:的|个|额|格)?(?:事|事情|需求)?(?:各|分别)?(?:有)?(?:多少|几条|几个)?")
_TARGET_SWAP = re.compile(r"(30|60|三成|六成)\s*[%％]?")
_SUBJECT_WORDS = re.compile(r"(?:试点)?覆盖率?|试点|需求目录|需求|诉求|资源清单|资源|项目目录|先治理项目|待治理项目|先治理|"
                            r"待治理|代治理|项目|(?:按时)?(?:满意|解决|办结|签收|响应|重办)[率度]|重办的?|超期的?|逾期的?|"
                            r"(?:还)?(?:没|未)?办结的?|已办结的?|(?:还)?没办好的?|(?:已经?)?解决了?的?")
_SPLIT_WORDS = re.compile(r"按(?:维度|类别|类型)(?:排一下|排|分一下|分)?|各(?:个)?维度(?:分别)?|七个维度(?:分别)?|"
                          r"按?急难愁盼(?:分的?|各)?|(?<![着焦])[急难愁盼]的")
# How a figure is split (by dimension, by place), without the filters it is counted under
_SPLIT_ONLY = re.compile(r"按(?:维度|类别|类型|镇|村|社区|村社区|各镇|各村)(?:来)?(?:排一下|排|分一下|分|统计|列)?(?:一下|下)?|"
                         r"各(?:个)?维度(?:分别)?|七个维度(?:分别)?")
# A split of the last question kept when a follow-up only filters what it counts ("按村分" then "只看急的").
_KEPT_SPLIT = re.compile(r"按(?:镇|村|社区|村社区|各镇|各村)(?:分|统计|排|列)?(?:一下|下)?|按(?:维度|类别)(?:分|排)(?:一下|下)?|"
                         r"各(?:个)?(?:镇|村社区|村|社区)(?=[^，,]*(?:排|多少|几))")
_ASKING_TAIL = re.compile(r"(?:一共|总共|共|现在)?(?:有|是)?(?:多少|几)[条个项化]?.*$|有哪些.*$|(?:的)?名单.*$|哪几.*$")


def core_of(text: str) -> str:
    """"那浏河镇呢" → 浏河镇: the follow-up without what wraps it."""
    plain = re.sub(r"\s+", "", text or "")
    return _CLOSING.sub("", _OPENING.sub("", plain))


def only_adds_an_ask(text: str) -> bool:
    """"按类型分一下", "占几成", "名单发下": an ask that only makes sense after a figure."""
    return _ADDED.match(re.sub(r"[\s，,。？?！!]+", "", text or "")) is not None


# "总共多少条？", "一共几个", "加起来多少": the count of what was just asked, its list left out.
_TOTAL = re.compile(r"^(?:那|那么)?(?:总共|一共|共计|合计|加起来|加在一起|统共|拢总|一共拢总|全部|总数)(?:是|有|一共)?"
                    r"(?:多少|几)(?:条|个|项|件|家)?(?:呢|啊|啦|了|哉)?$|^(?:那)?(?:有|是)?多少(?:条|个|项|件)(?:呢|啊)?$")


_WITHIN_COUNTED = re.compile(r"(?:那|这|迭|格|搿)?[\d一二两三四五六七八九十]+[条个件项](?:里头|里面|里向|里厢|中间|当中|里)")
# "格么物业13条办结了几条", "海塘社区格12条详细讲讲": a count just shown, said back to ask about its items
_COUNT_SAID_BACK = re.compile(r"(?:那|这|迭|格|搿)?(?:\d+|[两二三四五六七八九十]{1,3})[条件项](?:里头|里面|里向|里厢|中间|当中|里)?(?!需求|资源)")


_SPLIT_PUT_RIGHT = re.compile(r"(?:勿是|不是|弗是|不要|勿要)按(?:村|镇|社区|村社区).{0,4}按(?:维度|类别|方面|七个方面)")


# What may come before a count said back: the place or dimension it counted, a pointing word ("海塘社区格", "格么物业")
_WHICH_COUNTED = re.compile(r"^(?:那|是)?哪([\d一二两三四五六七八九十]+)[条个件项](?:啊|呀|呢)?(?:列出来|列一下|列列|发给我|看看|是啥|是什么|讲讲)?[？?。]*$")
_SAID_BACK_BEFORE = re.compile(r"[^\d多少几哪列最前后第看发给要]{0,10}")


def read_swap(text: str, gazetteer: Gazetteer, today: date) -> Swap:
    """Which parts a short follow-up names. A follow-up that names a measure is a question of its own."""
    text = wu_plain(text or "")  # "其中基础设施个呢": Wu 个 for 的, 呒没 for 没有
    text = _WITHIN_COUNTED.sub("", text)  # "那12条里头急个有几条": of the items just counted
    text = re.sub(r"(?<=[急难愁盼的])(?:事体|事情)(?=占|呢|有|$)", "", text)  # "急格事体占几成": 事体 is the needs
    plain = re.sub(r"[\s，,。？?！!]+", "", text)
    if _TOTAL.match(plain):
        return Swap(total=True)
    if _SPLIT_PUT_RIGHT.search(plain):  # "勿是按村 按维度 就是物业 基础设施那种分类": the split asked instead
        return Swap(added="按维度分一下")
    if RANK_OF.search(plain):
        return Swap()  # "在浏河镇排第几": a place's position, a question of its own
    merged = _swaps_said_apart(text, gazetteer, today)
    if merged is not None:  # "其中物业的呢，还有几条没办好": a dimension, then a state, each in its own clause
        return merged
    if _ADDED.match(plain):
        return Swap(added=plain)
    tail = _ADDED_TAIL.search((text or "").strip())
    if tail and tail.start():  # "换成60%呢 还差几个": the swap, then the same added ask
        head = read_swap(text[:tail.start()], gazetteer, today)
        parts = replace(head, added=None)
        # "没办结那条是啥 列出来": the swap, and the ask said last (which says the one before it again)
        return Swap() if parts.empty else replace(parts, added=tail.group(1))
    core = core_of(text)
    if not core or len(core) > 16:
        return Swap()
    provider = _PROVIDER_ALONE.fullmatch(core)
    if provider:  # "驻区单位呢" after "党员资源有多少": the same resources, of another provider
        return Swap(provider=provider.group("provider"))
    counted = None if _place_in(core, gazetteer) or parse_period(core, today) else _counted_swap(core)
    if counted is not None:
        return counted
    if _MEASURE.search(core) or names_a_topic(core):  # "我们镇哪些超期了" asks anew
        return Swap()
    place = _place_in(core, gazetteer)
    kind = find_type(core)
    rest = core
    said = [m.text for m in gazetteer.mentions(core) if m.label == "town"]  # "浮桥" said for 浮桥镇: taken out as said
    for word in (place, *said, _alias_in(core)):
        if word:
            rest = rest.replace(word, "")
    period = None
    if _NOW.match(rest):
        period = ""
    elif rest and parse_period(rest, today) is not None:
        period = rest
    if (place, period, kind) == (None, None, None):
        return Swap()
    counted = _counted_swap(rest) if place and rest and period is None and not kind else None
    if counted is not None:  # "沙溪镇急的": the place and what is counted, both swapped
        return replace(counted, place=place)
    return Swap(place, period, kind)


def _swaps_said_apart(text: str, gazetteer: Gazetteer, today: date) -> Swap | None:
    clauses = [c for c in re.split(r"[，,。？?！!；;\s]+", text or "") if c]
    if len(clauses) < 2:
        return None
    swaps = [read_swap(c, gazetteer, today) for c in clauses]
    if any(s.empty or s.added or s.total for s in swaps):
        return None
    merged: dict = {}
    for swap in swaps:
        for name, value in vars(swap).items():
            if value not in (None, False):
                if name in merged:
                    return None  # the same part said twice: not one follow-up
                merged[name] = value
    return Swap(**merged)


def _counted_swap(core: str) -> Swap | None:
    """"那待治理呢", "那资源呢", "办结了的呢", "那物业方面呢", "换成30%呢": what is counted, swapped alone."""
    rest = re.sub(r"^(?:其中|里面|里头|这里面)?(?:的)?", "", core)
    rest = re.sub(r"^(?:还有|还)?(?:几|多少)[条个件]?(?=(?:还)?(?:没|未|呒没|已|办|解决))", "", rest)  # "还有几条没办好"
    rest = re.sub(r"(?:那条|那几条|那些|这些|几条)?(?:是啥|是什么|是哪些|是哪几条)$", "", rest)  # "没办结那条是啥"
    rest = re.sub(r"(?:这类|这一类|类型|那个|这个|方面|这块|这一块|的|了|额|格)+$", "", rest)
    target = _TARGET_SWAP.fullmatch(re.sub(r"^按|的?目标$|那个$", "", rest))
    if target:
        return Swap(target="30" if target.group(1) in ("30", "三成") else "60")
    for state, pattern in _STATE_SWAPS:
        if re.fullmatch(rf"(?:还有?|已经?|已)?(?:{pattern})(?:了)?(?:的)?(?:需求)?", rest):
            return Swap(state=state)
        # "那未办结的急的呢", "急的没办结的呢": a state and a level swapped together
        both = re.fullmatch(rf"(?:还有?|已经?|已)?(?:{pattern})(?:了)?的?(?P<level>急难愁盼|[急难愁盼])(?:的|个)?(?:需求)?|"
                            rf"(?P<first>急难愁盼|[急难愁盼])(?:的|个)?(?:里面|里头|中)?(?:还有?|已经?|已)?(?:{pattern})(?:了)?(?:的)?(?:需求)?",
                            rest)
        if both:
            level = both.group("level") or both.group("first")
            return Swap(state=state, urgency="every" if len(level) > 1 else level)
    level = _URGENCY_SWAP.fullmatch(rest)
    if level:
        return Swap(urgency="every" if len(level.group(1)) > 1 else level.group(1))
    for measure, pattern in _MEASURE_SWAPS:
        if re.fullmatch(rf"(?:那)?(?:{pattern})(?:项目|清单|目录)?", rest):
            return Swap(measure=measure)
    category = normalize_category(rest)
    if category is None and 1 < len(rest) <= 6 and not find_type(rest):
        scores = score_categories(rest)
        best = sorted(scores.items(), key=lambda item: -item[1])
        if best and (len(best) == 1 or best[0][1] > best[1][1]):
            category = best[0][0]
    return Swap(category=category) if category else None


def _place_in(core: str, gazetteer: Gazetteer) -> str | None:
    whole_town = re.match(r"^(?P<town>[\u4e00-\u9fff]{2,3}?)(?:全镇|整个镇|全区|一镇)", core)
    heard_town = gazetteer.resolve(whole_town.group("town")) if whole_town else None
    if heard_town is not None and heard_town.town is not None:
        return heard_town.town.name  # "双凤全镇": the town, never 全镇 of the asker's
    own = re.search(f"{OWN_COMMUNITY_WORDS}|{OWN_TOWN_WORDS}", core)
    if own:
        return own.group(0)
    city = _CITY_WORDS.search(core)
    if city:
        return city.group(0)
    mentions = [m for m in gazetteer.mentions(core) if m.label in ("town", "community")]
    if len(mentions) == 1 and mentions[0].label == "town" and mentions[0].official:
        return mentions[0].official  # "浮桥" said: 浮桥镇, which no later words can split from its name
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


def swapped_question(previous: str, swap: Swap, gazetteer: Gazetteer, keep_split: bool = True) -> str:
    """The previous question with the follow-up's parts in place of its own."""
    text = in_the_plans_words(re.sub(r"\s+", "", previous or ""))
    if swap.provider:
        return _provider_swapped(text, swap.provider)
    if re.search(MID_TERM, text) and (swap.urgency or swap.state or swap.category):
        # "急的占几成" right after the mid-term report: the needs of its place, never the report again
        text = f"{_place_words(text) or leading_place(text, gazetteer) or ''}需求有多少条"
    level_only = replace(swap, urgency=None).empty and swap.urgency in ("急", "难", "愁", "盼")
    if level_only and re.search(r"先治理|待治理", text) and not re.search(r"[急难愁盼]的", text):
        # "哪些需求有资源对上了" then "其中急的呢": the urgent ones of that tier, never of every need
        listed = is_list_question(text)
        subject = re.sub(r"(?:有|是)?(?:多少|几)(?:个|条)?(?:呢)?$", "", text.rstrip("？?。"))
        return f"{subject}里{swap.urgency}的有{'哪些' if listed else '几个'}"
    if swap.total:  # "哪些需求还没解决" then "总共多少条": how many, without the list
        counted = re.sub(rf"{_LIST_WORDS}|[？?。！!]+$", "", text).strip("，,")
        unit = "个" if re.search(r"试点|村|社区|项目|单位", counted) else "条"
        return counted if re.search(r"多少|几[个条项件家]", counted) else f"{counted}一共多少{unit}"
    if swap.added is not None:  # "重办名单发我": the list asked for, not the split it replaces
        parts = replace(swap, added=None)
        base = text if parts.empty else swapped_question(previous, parts, gazetteer, False)
        # a new split ("按村分" after "按维度分") or a list takes the place of the split asked before
        base = _SPLIT_ONLY.sub("", base).rstrip("，,") if _SPLIT_ONLY.search(swap.added) or is_list_question(swap.added) else base
        if re.search(r"维度|类别|方面", swap.added):  # "哪个社区最少" then "按维度分一下": the dimensions, not the places
            base = PLACES_ASKED.sub("", base).strip("，,") or "需求"
        return f"{base}，{swap.added}"
    front = []
    if swap.place is not None:
        text = _without_places(text, gazetteer)
        front.append(swap.place)
    if swap.period is not None:
        text = _PERIOD_WORDS.sub("", text)
        if swap.place is None and swap.period:  # "南区社区" + 去年 + "居民提了多少需求": the place read as said
            at = _after_leading_place(text.lstrip("，,的"), gazetteer)
            text = text.lstrip("，,的")
            text = text[:at] + swap.period + text[at:] if at else swap.period + text
        else:
            front.append(swap.period)
    text = text.lstrip("，,的")
    split = _KEPT_SPLIT.search(text) if keep_split and (swap.urgency or swap.state) and not swap.measure else None
    text = _counted_as_swapped(text, swap, gazetteer)
    if split and split.group() not in text:  # "按村分" then "只看急的": the urgent ones, still split by village
        text = f"{text}，{split.group()}"
    if swap.community_type is not None:
        for alias, _ in sorted(type_aliases(), key=lambda pair: len(pair[0]), reverse=True):
            text = text.replace(alias, "")
        at = _after_leading_place(text, gazetteer) if swap.place is None else 0
        text = text[:at] + swap.community_type + text[at:]  # "城厢镇" + 传统乡村 + "试点覆盖率多少"
    text = re.sub(r"(?<![紧])([急难愁盼])(先治理|待治理)", r"\1的\2", text)  # "急的" kept before the tier swapped in
    if swap.place is not None and not _names_a_community(swap.place, gazetteer):
        text = re.sub(r"按(?:各)?镇", "按村", text)  # "全市按镇分" then "那浏河镇呢": the town by its villages
    if swap.place is not None and _names_a_community(swap.place, gazetteer):
        text = PLACE_SPLIT.sub("", text).rstrip("，,")  # "按村分" then "万安村呢": one village has no villages
    return "".join(front) + text


_LIST_WORDS = r"有哪些|哪些|哪几[个条项家]?|名单|列表|列出来|列出|列一下|明细|具体|发给我|看看|看一下"


# Who offers resources, named alone as a follow-up ("驻区单位呢", "那党员的呢")
_PROVIDERS = r"社区党员|党员|驻区单位|共建单位|单位|企业|社会组织|协会|社团|能人|楼组长|带头人"
_PROVIDER_ALONE = re.compile(rf"(?:那|换成|其中)?(?P<provider>{_PROVIDERS})(?:的|个|格|提供的)?(?:资源)?")
_PROVIDER_IN = re.compile(_PROVIDERS)


def _provider_swapped(text: str, provider: str) -> str:
    """The last question about resources asked of another provider; a question about anything else asks about
    that provider's resources in its place."""
    if _PROVIDER_IN.search(text):
        return _PROVIDER_IN.sub(provider, text, count=1)
    if "资源" in text:
        return text.replace("资源", f"{provider}资源", 1)
    return f"{_place_words(text)}{provider}资源有多少"


def _place_words(text: str) -> str:
    found = re.match(r"^(?:全市|全镇|[\u4e00-\u9fff]{2,6}?(?:镇|区|新城|社区|村))", text)
    return found.group() if found else ""


def _names_a_community(place: str, gazetteer: Gazetteer) -> bool:
    named = gazetteer.mentions(place)
    return any(m.label != "town" for m in named)  # "城厢镇新农村": a community, its town said before it


def _counted_as_swapped(text: str, swap: Swap, gazetteer: Gazetteer) -> str:
    """The question asking for the swapped measure, state, dimension or target, the rest kept."""
    if swap.target is not None:
        if _TARGET_SWAP.search(text):
            return _TARGET_SWAP.sub(f"{swap.target}%", text, count=1)
        return f"{text}，按{swap.target}%的目标"
    if swap.measure is None and swap.state is None and swap.category is None and swap.urgency is None:
        return text
    state, category = question_state_and_category(text, gazetteer)
    wants_list = is_list_question(text)
    head = _ASKING_TAIL.sub("", text)
    for name in ([category] if category else []):
        head = head.replace(name, "")
    head = re.sub(r"(?:[\u4e00-\u9fa5]{2}(?:方面|这块|这一块|类)的?)", "", head) if category else head
    if swap.state or swap.urgency or swap.category:  # "按维度排一下" then "重办名单发我": the list, not the ranking
        head = _SPLIT_WORDS.sub("", head)
    head = _SUBJECT_WORDS.sub("", head).rstrip("，,的")
    if swap.measure is not None:  # "浮桥镇格23条里 超期的有伐" after the urgent ones: the level kept as a level
        return re.sub(r"(?<![急难愁盼])([急难愁盼])$", r"\1的", head) + _MEASURE_PHRASES[swap.measure][wants_list]
    state = swap.state or state
    category = swap.category or category
    said_state = {"open": "还没办结的", "finished": "已办结的", "done": "已解决的", "reopened": "重办的"}.get(state or "", "")
    urgency = swap.urgency or urgency_asked(text)
    said_level = "按急难愁盼分的" if urgency == "every" else f"{urgency}的" if urgency else ""
    tier = None if swap.state else tier_asked(re.sub(r"\s+", "", text))
    if tier:  # "待治理的哪个维度最多" then "其中人居环境的呢": of that tier still
        return f"{head}{said_level}{category or ''}{'待治理' if tier == 'pending' else '先治理'}项目有多少个"
    return f"{head}{said_state}{said_level}{category or ''}需求有多少条"


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


def chosen_question(previous: str, intent: str, said: str, gazetteer: Gazetteer, today: date) -> str | None:
    """"是王秀村" or just "社区" after "您问的是哪一个？": the earlier question, naming the one chosen."""
    from bot.cadres.answers import name_in
    from bot.cadres.questions import read_question

    asked = read_question(previous, intent, gazetteer, today)
    options = [c for c in (gazetteer.community(n) for n in asked.ambiguous) if c]
    if not options:
        return None
    plain = re.sub(r"\s+", "", said or "")
    named = [c for c in options if c.common_name in plain or c.label in plain]
    if not named:
        kinds = [k for k in ("社区", "村") if k in plain]
        named = [c for c in options if kinds == [c.kind]]
    return name_in(previous, named[0]) if len(named) == 1 else None


# "第一个是啥情况", "第三条现在啥状态", "最后一个是啥类型": an item of the list just shown.
_ORDINAL = re.compile(r"^(?:格末|格么|那么|再看|那|那个|这个|其中|里面|(?P<within>[^，,。第]{1,6}?)(?:里面|里头|里向|中间|当中|之中|里))?(?:第(?P<n>[一二三四五六七八九十]{1,3}|[1-9]\d?)|(?P<last>最后一|末一))"
                      r"(?:个|条|项|件|家|位|只)")
_NUMBERS = "一二三四五六七八九十"
ASKS_ABOUT_ITEM = re.compile(r"是啥|是什么|啥情况|什么情况|情况|怎么回事|哪能|状态|进度|进展|类型|哪一类|啥类|详细|具体|内容|"
                             r"列出来|列一下|列一列|拿出来|明细|有哪些|哪几条|"
                             r"说说|讲讲|看看|是不是|阿是|有没有|谁|哪个|啥人|派给|交给|落实|办了没|修了没|[？?]$")


def listed_item(text: str) -> tuple[int, str] | None:
    """(1-based place in the list, -1 for the last; the words after it), or None."""
    plain = re.sub(r"\s+", "", text or "")
    found = _ORDINAL.match(plain)
    if not found:
        return None
    if found.group("last"):
        return -1, plain[found.end():]
    return _number(found.group("n")), plain[found.end():]


def listed_within(text: str) -> str | None:
    """"急的里面第二条": the words naming which part of the list the item is counted in ("急的"), or None."""
    found = _ORDINAL.match(re.sub(r"\s+", "", text or ""))
    within = found.group("within") if found else None
    return within if within and within not in ("那些", "这些", "刚才", "刚刚", "名单", "上面", "列表") else None


def _number(said: str) -> int:
    """"3" → 3, "三" → 3, "十二" → 12, "九十" → 90."""
    if said.isdigit():
        return int(said)
    tens, _, ones = said.rpartition("十")
    if "十" not in said:
        return _NUMBERS.index(said) + 1
    return (_NUMBERS.index(tens) + 1 if tens else 1) * 10 + (_NUMBERS.index(ones) + 1 if ones else 0)


# "具体讲讲这条", "那条啥情况": an item of the list just shown, pointed at without its place in the list.
_POINTED = re.compile(r"(?<![第])(?:这|那|该)(?:一)?(?:条|个|项|件)(?!月|礼拜|星期|镇|村|社区)")


def as_first_item(text: str) -> str:
    """"具体讲讲这条" when the list shown had one item: that item asked about by its place."""
    return f"第一条{text}"


def points_at_listed_item(text: str) -> bool:
    plain = re.sub(r"[\s，,。？?！!]+", "", text or "")
    return (len(plain) <= 14 and listed_item(plain) is None and _POINTED.search(plain) is not None
            and ASKS_ABOUT_ITEM.search(_POINTED.sub("", plain)) is not None)


def names_listed_item(text: str) -> bool:
    """"第四条", "那第二条呢" alone, right after a list: that item (asked about only where a list was shown)."""
    item = listed_item(text)
    return item is not None and not item[1].strip("呢啊呀？?。 ")


def asks_about_listed_item(text: str) -> bool:
    """"第一个是啥情况" asks about an item shown; "第一个" alone may be a choice among buttons."""
    item = listed_item(text)
    return item is not None and ASKS_ABOUT_ITEM.search(item[1]) is not None


def as_list_question(previous: str) -> str:
    """The last question, asking for its list (an item of it is asked about)."""
    return previous if is_list_question(previous) else f"{previous}，列一下"


def about_item_question(name: str, rest: str) -> str:
    """"第一个是啥类型" about 东市社区: 东市社区是啥类型; a bare "是啥情况" asks its type and whether it is a pilot."""
    return f"{name}{rest}" if re.search(r"类型|哪一类|啥类|试点", rest) else f"{name}是什么类型，是不是试点"


# "它有几条需求没办结", "伊拉个资源呢": the place of the last question, by a pronoun.
_PRONOUN = re.compile(r"^(?:那|那么)?(?:它们?|伊拉|伊|该村|该社区|这个村|这个社区|那个村|那个社区|这个镇|该镇)(?:的|个|格)?")


def with_place_of(previous: str | None, text: str, gazetteer: Gazetteer, today: date, intent: str) -> str:
    """The question with a pronoun for the last question's place replaced by that place's name."""
    from bot.cadres.questions import read_question

    plain = re.sub(r"\s+", "", text or "")
    said = _PRONOUN.match(plain) or _BARE_PILOT_ASK.match(plain)
    if not previous or not said or gazetteer.mentions(plain):
        return text
    asked = read_question(previous, intent, gazetteer, today)
    community = gazetteer.community(asked.community) if asked.community else None
    if community is None and asked.own == "community":
        return f"我们村{plain[said.end():]}"  # "我们村是啥类型" then "是不是试点": the cadre's own village
    if said.re is _BARE_PILOT_ASK and community is None:
        return text  # "是试点吗" after a town's figures asks about the town's pilots as it stands
    place = (community.town + community.common_name) if community else asked.town
    return f"{place}{plain[said.end():]}" if place else text


def of_the_items_counted(previous: str | None, text: str, gazetteer: Gazetteer, today: date, intent: str) -> str:
    """"急格15条里厢办好了几条" after this year's urgent needs of 沙溪镇: asked of those items, so the time, place, level,
    dimension and state of the last question are kept where the new words do not say their own."""
    from bot.cadres.questions import read_question

    plain = wu_plain(text or "")
    which = _WHICH_COUNTED.match(re.sub(r"\s+", "", plain))
    if previous and which:  # "哪两条 列出来" right after "“急”的需求 2 条": those items listed
        text = plain = f"这{which.group(1)}条里是哪几条"
    within = _WITHIN_COUNTED.search(plain) or _COUNT_SAID_BACK.search(plain)
    if not previous or within is None or not _SAID_BACK_BEFORE.fullmatch(plain[:within.start()]) \
            or len(re.sub(r"[\s，,。？?！!]", "", plain[within.end():])) < 2:
        return text  # "列出最新的10条", "前5条": a number of items asked for, not a count said back
    rest = wu_plain(text or "")[within.end():]
    # "其中人居环境个10条 有几条超期了": the part of the items named before their count is the one asked of
    named = read_question(plain[:within.start()], intent, gazetteer, today) if within.start() else None
    kept = _kept_of(previous, rest, gazetteer, today, intent, named.category if named else None)
    return f"{kept}需求里{rest}" if kept else text


def _kept_of(previous: str, rest: str, gazetteer: Gazetteer, today: date, intent: str, part: str | None = None) -> str:
    """The time, place, state, level and dimension of the last question that the new words do not say anew."""
    from bot.cadres.questions import read_question

    asked = read_question(previous, intent, gazetteer, today)
    new = read_question(rest, intent, gazetteer, today)
    community = gazetteer.community(asked.community) if asked.community else None
    place = "" if (new.town or new.community) else \
        (community.town + community.common_name) if community else (asked.town or ("全市" if asked.city else ""))
    period = _PERIOD_WORDS.search(re.sub(r"\s+", "", previous))
    said_period = period.group() if period and new.period is None else ""
    level = f"{asked.urgency}的" if asked.urgency and asked.urgency != "every" and not new.urgency else ""
    state = {"open": "未办结的", "finished": "已办结的", "done": "已解决的", "reopened": "重办的"}.get(
        asked.state or "", "") if not new.state else ""
    category = (part or asked.category or "") if not new.category else ""
    return f"{said_period}{place}{state}{level}{category}"


# "按村排排看", "分社区看看", "各村几条": the last figure split by place, nothing else asked
_BY_PLACE_ONLY = re.compile(r"^(?:那|格么|再)?(?:按|分)(?:各)?(?:个)?(?:村|社区|村社区|村（社区）|镇)(?:来)?(?:排|排排|排一排|排一下|排下|分|分一下|分分|统计|列|看|看看|排排看)"
                            r"(?:看|一下|下)?(?:呢|吧)?$|^各(?:个)?(?:村|社区|镇)(?:分别)?(?:几条|多少|有几条|各几条)(?:呢)?$")
_COUNT_ASKED_AT_END = re.compile(r"(?:有)?(?:几条|几个|多少条|多少个|多少|几化|几件)(?:呢|啊|呀|？|\?)*$")


_MONTH_BEFORE = re.compile(r"^(?:那|再)?(?:跟|和|同|搭|比|与)(?:前一个月|前个月|前头一个月|再前一个月|上上个月|上一个月)(?:比|相比|比比|比一比|对比)?"
                           r"(?:看|一下)?(?:呢|哪能|怎么样|多了还是少了)?$")
_MONTH_SAID = re.compile(r"上上个月|上个月|这个月|本月|(1[0-2]|[1-9])月份?")


def month_before_compared(previous: str | None, text: str) -> str:
    """"跟前一个月比呢" right after last month's figure: that figure, beside the month before it."""
    plain = re.sub(r"[\s，,。？?！!]+", "", text or "")
    said = _MONTH_SAID.search(re.sub(r"\s+", "", previous or ""))
    if not previous or not said or not _MONTH_BEFORE.match(plain) or said.group() == "上上个月":
        return text
    month = said.group(1)
    before = {"上个月": "上上个月", "这个月": "上个月", "本月": "上个月"}.get(said.group()) or \
        (f"{int(month) - 1}月" if month and int(month) > 1 else None)
    asked = _COUNT_ASKED_AT_END.sub("", re.sub(r"\s+", "", previous))
    return f"{asked}跟{before}比" if before else text


def ranked_as_asked(previous: str | None, text: str) -> str:
    """"按村排排看" right after "城厢镇今年新增待治理项目有多少个": that figure split by place, every part of it kept."""
    plain = re.sub(r"[\s，,。？?！!]+", "", text or "")
    if not previous or not _BY_PLACE_ONLY.match(plain):
        return text
    asked = _COUNT_ASKED_AT_END.sub("", re.sub(r"\s+", "", previous))
    return f"{asked} {plain}"


def of_the_last_figure(previous: str | None, text: str, gazetteer: Gazetteer, today: date, intent: str) -> str:
    """A follow-up said of the last figure ("按村排排看", "跟前一个月比呢", "其中待治理个几条") as a question of its own."""
    return among_those(previous, month_before_compared(previous, ranked_as_asked(previous, text)), gazetteer, today, intent)


def among_those(previous: str | None, text: str, gazetteer: Gazetteer, today: date, intent: str) -> str:
    """"其中待治理个几条" after this year's new needs of 浮桥镇: asked of those needs, their time, place, state, level
    and dimension kept where the new words say none of their own."""
    plain = re.sub(r"[\s，,。？?！!]+", "", text or "")
    if not previous or not plain.startswith("其中") or len(plain) > 20 or gazetteer.mentions(plain):
        return text
    kept = _kept_of(previous, plain[2:], gazetteer, today, intent)
    return f"{kept}需求里{plain[2:]}" if kept else text


def at_place_of(previous: str | None, text: str, gazetteer: Gazetteer, today: date, intent: str) -> str:
    """"那去年报了多少" after 沙溪镇's figures: a short question of its own, asked on (那, 其中) of the last question's
    place when it names none."""
    from bot.cadres.questions import read_question

    ranked = of_the_last_figure(previous, text, gazetteer, today, intent)
    if ranked != text:
        return ranked
    plain = re.sub(r"[\s，,。？?！!]+", "", text or "")
    if not previous or len(plain) > 16 or not re.match(r"那|其中", plain) or gazetteer.mentions(plain) \
            or re.search(f"{OWN_TOWN_WORDS}|{OWN_COMMUNITY_WORDS}", plain) or _CITY_WORDS.search(plain):
        return text
    asked = read_question(previous, intent, gazetteer, today)
    community = gazetteer.community(asked.community) if asked.community else None
    place = (community.town + community.common_name) if community else asked.town
    return f"{place}{plain}" if place else text


# "是不是试点", "是试点吗" right after a community was asked about: that community, not its town.
_BARE_PILOT_ASK = re.compile(r"^(?=(?:那|它|伊)?(?:是不是|是|算不算|算|阿是)(?:个)?试点)")


# "跟浮桥比呢", "和沙溪镇比一下": the last question for another place, beside the asker's own answer
_COMPARED = re.compile(r"^(?:那|再)?(?:(?:我们|阿拉|伲|我)(?:镇|村|社区)?(?:个|的|格)?(?:办结率|满意率|覆盖率|解决率|需求|资源|试点)?|我们镇|伲镇|阿拉镇)?"
                       r"(?:跟|和|同|与|搭)(?P<place>.+?)(?:比|比比|比一比|比一下|比较一下|比较|对比一下|对比|相比)"
                       r"(?:看|看看)?(?:呢|怎么样|如何|哪个高|谁高|谁多|咋样|哪能)?"
                       # "…，伲需求多还是伊拉多", "…，覆盖率啥人高": which is more, asked after
                       r"(?:(?:伲|阿拉|我们)?[^，,。？?]{0,6}(?:多还是|高还是|啥人|谁|哪个|算(?:低|高|多|少)|(?:低|高)(?:伐|吗|么|勿|不))"
                       r"[^，,。？?]{0,8})?$")


_FIRST_FIGURE = re.compile(r"(\d+(?:\.\d+)?)\s*(%|条|个|件)")


# The measure a comparison names, as the word that shows it is asked, the question asking it, and its intent.
_COMPARED_MEASURES = (("覆盖", "试点覆盖率多少", "ask_pilot_progress"), ("办结率", "办结率多少", "ask_catalog"),
                      ("满意率", "满意率多少", "ask_catalog"), ("解决率", "解决率多少", "ask_catalog"),
                      ("试点", "有几个试点", "ask_pilot_progress"),
                      ("需求", "需求有多少条", "ask_catalog"), ("资源", "资源清单有多少条", "ask_catalog"))


def compared_measure(text: str) -> tuple[str, str, str] | None:
    """"阿拉搭双凤比，覆盖率啥人高": the measure the comparison is about, when it names one."""
    return next((m for m in _COMPARED_MEASURES if m[0] in (text or "")), None)


CITY_WORD = "全市"


def leading_place(reply: str, gazetteer: Gazetteer) -> str:
    """The place an answer is about, as it opens ("城厢镇试点覆盖率…", "全市…")."""
    first_line = (reply or "").strip().split("\n", 1)[0]
    named = sorted(gazetteer.mentions(first_line), key=lambda m: m.start)
    if named:
        end = named[0].end
        for mention in named[1:]:  # "浏河镇闸北社区": the town and its community said as one place
            if mention.start != end:
                break
            end = mention.end
        return first_line[named[0].start:end]
    return CITY_WORD if CITY_WORD in first_line[:8] else ""


def compared_unit(question: str) -> str | None:
    """"办结率算高还是低", "占几成": a rate is compared, so its percentages, whatever count the answers open with."""
    return "%" if re.search(r"率|几成|比例|百分之|占比", question or "") else None


def _first_figure(answer: str, unit: str | None):
    return next((m for m in _FIRST_FIGURE.finditer(answer or "") if unit is None or m.group(2) == unit), None)


def measure_of(answer: str, place: str, unit: str | None = None) -> str:
    """"未办结的需求" of "浮桥镇未办结的需求 87 条": what the first figure counts, for saying which is more of what."""
    found = _first_figure(answer, unit)
    if found is None:
        return ""
    before = re.split(r"[，,。：:；;\n（(]", answer[:found.start()])[-1]
    words = before.removeprefix(place).strip() if place else before.strip()
    words = _MEASURE_TAIL.sub("", words.replace("需求目录", "需求"))  # "需求目录共 12 条": 需求
    return words if 2 <= len(words) <= 12 and not re.search(r"\d", words) else ""


_MEASURE_TAIL = re.compile(r"(?:共|一共|总共|合计|有|是|为)+$")


def more_word(answer: str, unit: str | None = None) -> str:
    """高 for a rate, 多 for a count: how the larger of two figures is said."""
    found = _first_figure(answer, unit)
    return "高" if found and found.group(2) == "%" else "多"


def which_is_more(own: str, other: str, own_place: str, other_place: str, unit: str | None = None) -> tuple[str, str] | None:
    """The place whose answer leads with the larger figure (of the same unit, or of the unit asked), and the smaller;
    None when the two cannot be told apart by those figures."""
    first, second = _first_figure(own, unit), _first_figure(other, unit)
    if not (first and second) or first.group(2) != second.group(2) or float(first.group(1)) == float(second.group(1)):
        return None
    return (own_place, other_place) if float(first.group(1)) > float(second.group(1)) else (other_place, own_place)


# "浮桥搭沙溪比比看": two places named, the last question asked of the first and set beside the second
_TWO_COMPARED = re.compile(r"^(?:那|再)?(?P<first>[^，,。跟和同与搭]{2,10}?)(?:跟|和|同|与|搭)(?P<place>[^，,。]+?)"
                           r"(?:比|比比|比一比|比一下|比较一下|比较|对比一下|对比|相比)(?:看|看看)?(?:呢|怎么样|如何|咋样|哪能)?$")


def compared_place(text: str, gazetteer: Gazetteer) -> str | None:
    """The place a follow-up compares the last answer with, or None."""
    plain = re.sub(r"[\s，,。？?！!]+", "", text or "")
    said = _COMPARED.match(plain)
    if said is None and first_compared(text, gazetteer) and not names_a_topic(plain) and not _MEASURE.search(plain) \
            and not re.search(r"率|满意", plain):
        said = _TWO_COMPARED.match(plain)  # "浮桥搭沙溪比比看"; "城厢镇搭浮桥镇的办结率比一比" asks a question of its own
    return _place_in(said.group("place"), gazetteer) if said else None


def first_compared(text: str, gazetteer: Gazetteer) -> str | None:
    """"浮桥搭沙溪比比看": the place named first, which the last question is asked of; None when only one is named."""
    said = _TWO_COMPARED.match(re.sub(r"[\s，,。？?！!]+", "", text or ""))
    first = _place_in(said.group("first"), gazetteer) if said else None
    return first if first and _place_in(said.group("place"), gazetteer) else None


# "最多的是哪个", "哪个最少": the first or last of the ranking just shown, not a new question
# "倒过来，最少的几个", "反过来排": the ranking just shown, from its other end
_REVERSED = re.compile(r"^(?:那|再|好|好的)?[，,\s]*(?:倒过来|反过来|倒一倒|倒个头|倒序|倒着排|从少到多|从低到高|倒数几个|末几名|最后几名)")
RANKED_FROM_THE_TOP = re.compile(r"从多到少|从高到低")
RANKED = re.compile(r"从多到少|从高到低|从少到多|从低到高")


def asks_reversed(text: str) -> bool:
    return bool(_REVERSED.search(re.sub(r"\s+", "", text or "")))


_LOW_END = {"最差": "最好", "最低": "最高", "最少": "最多", "倒数": "", "末几名": "前几名", "垫底": "最好", "从低到高": "从高到低",
            "从少到多": "从多到少"}


def other_end(previous: str, shown: str) -> str:
    """The last ranking question asked from the other end of the ranking just shown."""
    if RANKED_FROM_THE_TOP.search(shown):
        return f"{previous}，倒数"
    turned = previous
    for low, high in _LOW_END.items():
        turned = turned.replace(low, high)
    return turned if turned != previous else f"{previous}，从高到低"


_TOP_ASKED = re.compile(r"^(?:那|其中)?(?:最多|最少|最高|最低|排第一|第一名|倒数第一)(?:的|个|格)?(?:是)?(?:哪个|哪一个|哪|啥|什么|谁)?"
                        r"(?:镇|村|社区|小区|镇区)?(?:呢|啊|呀)?$"
                        r"|^(?:那|其中)?哪(?:个|一个|家)?(?:镇|村|社区|小区)?(?:最多|最少|最高|最低)(?:呢|啊)?$")
_RANKED_LINE = re.compile(r"^(\d+)\. (\S+) (\d+)(条|个|件)")
_RATE_LINE = re.compile(r"^\d+\. (\S+) (\d+(?:\.\d+)?%)")  # "1. 城厢镇 47.7%（已办结 21 / 共 44 件）"
_SHARE_LINE = re.compile(r"^· (\S+) (\d+(?:\.\d+)?%)(（\d+/\d+）)$")  # coverage of each town, from high to low


def top_of_ranking(text: str, shown: str) -> tuple[str, str, str, str] | None:
    """For "最多的是哪个" right after a ranking (of counts, or of shares from high to low: "· 璜泾镇 0%（0/17）"):
    (which end, name, figure, unit) of the ranking shown; None otherwise."""
    plain = re.sub(r"[\s，,。？?！!]+", "", text or "")
    if not _TOP_ASKED.match(plain):
        return None
    lines = [line.strip() for line in (shown or "").splitlines()]
    rows = [(m.group(2), m.group(3), m.group(4)) for line in lines if (m := _RANKED_LINE.match(line))] or [
        m.groups() for line in lines if (m := _SHARE_LINE.match(line))] or [
        (m.group(1), m.group(2), "") for line in lines if (m := _RATE_LINE.match(line))]
    if not rows:
        return None
    from_low = re.search(r"从低到高|从少到多", shown or "") is not None
    if from_low:
        rows = rows[::-1]  # "各村办结率从低到高": the highest is its last line
    unit = unit_asked(plain)
    ranked_by = "town" if "各镇" in (shown or "") else "community" if "各村" in (shown or "") else None
    if unit and ranked_by and unit != ranked_by:
        return None  # "哪个村最多" after the towns ranked: another ranking, asked anew
    least = "最少" in plain or "倒数" in plain or "最低" in plain
    if least != from_low and "查看完整名单" in shown:
        return None  # the ranking shown is cut short: the end asked for lies beyond its last line
    name, figure, unit = rows[-1] if least else rows[0]
    end = ("最低" if "最低" in plain else "最少") if least else ("最高" if "最高" in plain else "最多")
    return end, name, figure, unit
