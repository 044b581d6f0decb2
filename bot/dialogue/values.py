"""Field values in people's own words: where a volunteer can help, when, and what to call them."""

from __future__ import annotations

import re
from typing import Protocol

from bot.vocab.names import begins_like_a_name, full_names_in
from bot.vocab.resources import ORGANISATION_SUFFIXES

CITY_WORDS = ("全市", "整个太仓", "全太仓", "太仓都", "太仓哪里", "全城", "市里都", "太仓范围", "太仓市里")
ANYWHERE_WORDS = ("哪里都", "都可以去", "哪儿都", "啥地方都", "到处都", "随便哪里")
TOWN_WORDS = ("全镇", "整个镇", "镇上都", "全区", "镇里都", "街道都", "整个开发区", "下面的村", "各个村", "每个村", "几个村",
              "几个社区", "别的村", "其他村", "隔壁村也", "两三个村", "三两个村", "两个村", "三个村", "四五个村", "三四个村",
              "两三个社区", "两个社区", "几个小区", "周边的村", "周边村", "附近的村", "隔壁几个村", "附近村",
              "镇里哪里", "镇上哪里", "全街道", "本镇", "本区", "本街道", "镇范围", "镇里范围",
              "隔壁小区也", "附近小区", "周边小区", "隔壁社区也", "附近社区", "周边社区", "附近几个小区")
COMMUNITY_WORDS = ("本村", "本社区", "村里", "社区里", "就在", "只在", "附近", "小区里", "就我们", "就伲", "阿拉小区", "阿拉村",
                   "就阿拉", "伲小区", "阿拉社区", "伲社区",
                   "我们小区", "我们村", "伲村", "伲小区", "门口", "周边", "这一片")
SCOPE_SEPARATOR = "@"

_DAY = r"(?:每个?|逢)?(?:周[一二三四五六日天末]|星期[一二三四五六日天]|礼拜[一二三四五六日天]?|工作日|节假日|双休日?|每天|天天|平时|每周|周末|" \
       r"平常(?:辰光)?|(?:其他|其余|别的|空闲)辰光|农闲(?:辰光)?|农忙(?:辰光)?|" \
       r"(?:每个?|这个|下个)月(?:底|初|中)?|月底|月初|(?:春|中秋|端午|重阳|清明|国庆|元旦|劳动|儿童|妇女|元宵)节|过年|春节|" \
       r"暑假|寒假|放假|假期|逢年过节|" \
       r"(?:正月|腊月|冬月)(?:初[一二三四五六七八九十]|十[一二三四五六七八九]?|廿[一二三四五六七八九头]?|二十[一二三四五六七八九]?|三十|半|底|头|中)?)" \
       r"(?:前后|前|后|期间|里|里向)?"  # "腊月廿头到正月半": the farming calendar's months
# "7月10日到8月25日", "七月十号到八月二十五号": the days of a stretch of time
_NUM = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_DATE = rf"{_NUM}月{_NUM}(?:日|号)(?:(?:到|至|-|~|一直到)(?:{_NUM}月)?{_NUM}(?:日|号))?|" \
        rf"{_NUM}(?:日|号)(?:到|至|-|~){_NUM}(?:日|号)(?:之间|中间|里)?"  # "一号到五号之间": days of each month
_PART = r"(?:上午|下午|晚上|早上|中午|白天|傍晚|夜里|夜里向|夜头|下半天|上半天|下班后|下班以后|放学后|早晨|清早|日里向|日里|日间)"
_CLOCK = r"(?:\d{1,2}|[一二三四五六七八九十两]{1,3})点(?:半|钟)?"
_HOUR = rf"(?:{_CLOCK}(?:(?:到|至|-|~){_CLOCK})?(?:以后|之后|以前|前|后)?)"
TIME_WORDS = re.compile(rf"{_DATE}|{_DAY}(?:的)?{_PART}?{_HOUR}?|{_PART}{_HOUR}?|{_HOUR}|随叫随到|随时|有空就行|有空|什么时候都行|啥辰光都|"
                        r"随便啥辰光|随便什么时候|随便几时|"
                        r"都可以|都行|看情况|提前[^，,。]{0,4}?(?:打电话|联系|约|讲|说)|"
                        r"(?:早|提早)[一二两三四五六七八九十\d]{1,2}(?:天|日)[^，,。]{0,2}?(?:讲|说|约|打电话|通知|联系)")
_ORG_ENDS = ("公司", "协会", "商会", "团委", "支部", "支行", "银行", "学校", "中学", "小学", "医院", "卫生院", "超市", "中心",
             "队", "社", "站", "所", "厂", "店", "团", "会")
_NAME_FILLER = re.compile(r"^(?:(?:提供方|名字|称呼|名称|单位名字|单位名称)(?:就|要|请|帮我)?写(?:成|作)?|应该是|应当是|其实是|我叫|叫我|我姓|姓|你就叫我|就叫我|喊我|我是|伲是|阿拉是|我们是|我们叫|我们单位是|这里是|免贵姓|单位是|"
                          r"单位名称是|名称是|名字是|名字叫|称呼我|"
                          r"(?:我们|阿拉|伲|我伲)?(?:的)?(?:队伍|队|单位|协会|组织|团队|社团|合作社|饭店|店|公司|厂|超市|药房|班子|物业)?(?:的)?(?:全称|名字|名称)?"
                          r"(?:叫做|就叫|叫|是)(?=.{2,}(?:" + "|".join(_ORG_ENDS) + r")$))|"
                          r"(?:就行了?|就可以了?|就好了?|好了|吧|啊|呀|哦|的|额)+$")


class PlaceReader(Protocol):
    def place_in(self, text: str) -> str | None: ...

    def town_in(self, text: str) -> str | None: ...

    def town_of(self, official_name: str) -> str | None: ...


# A reach denied ("勿是全镇", "全镇跑勿过来"): no reach said, whatever word of reach it holds
_REACH_DENIED = re.compile(r"(?:并)?(?:不|勿|弗)是[^\s，,。；;就是]{1,8}|[^\s，,。；;]{0,8}(?:跑|顾|忙|走)(?:勿|不|弗)(?:过来|过去|到|动)[^\s，,。；;]{0,4}"
                           r"|[^\s，,。；;]{0,8}去(?:勿|不|弗)(?:了|脱)")


def scope_from_words(text: str, places: PlaceReader) -> str | None:
    """city, town or community, with the place when one is named: "town@城厢镇"; a reach denied beside the
    one meant is no reach ("勿是全镇 就阿拉社区 全镇跑勿过来" → community)."""
    kept = _REACH_DENIED.sub(" ", text)
    if kept != text:
        return _scope_from_words(kept, places) if kept.strip() else None
    return _scope_from_words(text, places)


def _scope_from_words(text: str, places: PlaceReader) -> str | None:
    if any(word in text for word in CITY_WORDS):
        return "city"
    town = places.town_in(text)
    place = places.place_in(text)
    if not (town or place) and any(word in text for word in ANYWHERE_WORDS):
        return "city"
    if any(word in text for word in TOWN_WORDS) or town:
        town = town or (places.town_of(place) if place else None)  # "就伲荣文村浪，隔壁几个村也好": 荣文村's town
        return f"town{SCOPE_SEPARATOR}{town}" if town else "town"
    if place:
        return f"community{SCOPE_SEPARATOR}{place}"
    if any(word in text for word in COMMUNITY_WORDS):
        return "community"
    if town:
        return f"town{SCOPE_SEPARATOR}{town}"
    return None


def breadth_from_words(text: str) -> str | None:
    """A wide scope said outright in an offer ("全市都可以去", "整个镇"): city or town, from words alone.

    Narrow words in an opening ("村里的老人…") describe the help, not where it reaches, so they are
    left for the scope question."""
    if any(word in text for word in CITY_WORDS + ANYWHERE_WORDS):
        return "city"
    if any(word in text for word in TOWN_WORDS):
        return "town"
    return None


def split_scope(value: str) -> tuple[str, str | None]:
    scope, _, place = (value or "").partition(SCOPE_SEPARATOR)
    return scope, (place or None)


_ANY_TIME_TAIL = re.compile(r"(?:有空就行|有空|都可以|都行)$")


def time_phrase(text: str) -> str | None:
    """The longest time expression inside a longer message (周末上午, 每周二下午3点到5点, 随时)."""
    spans: list[list[int]] = []
    for match in TIME_WORDS.finditer(text):
        if not match.group(0):
            continue
        gap = text[spans[-1][1]:match.start()] if spans else None
        if gap is not None and len(gap) <= 4 and not re.search(r"[，,。.；;！!？?]", gap):
            spans[-1][1] = match.end()  # "每月第二个礼拜六早上": one time, said in parts
        else:
            spans.append([match.start(), match.end()])
    found = [_ANY_TIME_TAIL.sub("", text[a:b]) or text[a:b] for a, b in spans]
    return max(reversed(found), key=len) if found else None  # "平时要上班，周末可以": the later one


_SPECIFIC = re.compile(rf"周[一二三四五六日天末]|星期[一二三四五六日天]|礼拜[一二三四五六日天]|双休|工作日|{_CLOCK}|"
                       rf"{_DAY}(?:的)?{_PART}")


def stated_availability(text: str) -> str | None:
    """A time in an offer's opening words definite enough to stand for the answer to "什么时间方便"
    ("每周二下午", "周末上午", "晚上七点以后"); a bare frequency ("每个月", "平时", "过年") is asked."""
    found = time_phrase(text)
    return found if found and _SPECIFIC.search(found) else None


def time_from_words(text: str) -> str | None:
    """The time as said ("礼拜六下半天", "晚上七点以后"): the words themselves, when they name a time."""
    if TIME_WORDS.search(text) or re.search(r"[一二三四五六七八九十\d]点|周[一二三四五六日末]|礼拜|星期", text):
        return text.strip(" ，,。.!！")
    return None


# The name a person asks to be called by: "唐卫东，叫我老唐就行", "村里人都叫我老钱".
_CALL_ME = re.compile(r"(?:都|就|一般|平时)?(?:叫|喊|称呼)(?:我|伲|阿拉)?([\u4e00-\u9fff]{1,4}?)(?:就行了?|就可以了?|就好了?|好了|好嘞|好勒|好哉|就是了|吧|啊|呀|哦|额|嘞|勒|哉)*$")
# How a surname is spelt out, not a name: "木易杨", "弓长张", "耳东陈", "三点水个浦".
_SPELLING = re.compile(r"^[\u4e00-\u9fff]{2,6}$")  # and ends in the surname it spells
_CLAUSES = re.compile(r"[，,。.；;！!\s]+")
# An organisation named in a volunteer's own words: "我们是农商银行浏河支行，想…".
_ORGANISATION = re.compile(r"(?:这里是|我们单位是|我们是|我是|伲是|阿拉是|我们|伲|阿拉)([\u4e00-\u9fffA-Za-z0-9（）()]{2,24})")
_DESCRIBED = re.compile(r"一家|一个|一支|这边|那边|在|屋里|家里|开(?:了|个|家|爿|一家|一爿|店|厂)?(?!发区)|自己|退休|以前|原来|原先|曾经")
# "浮桥镇上开饭店", "镇上开了爿药房": what one does for a living, not the shop's name
_RUNS_A = re.compile(r"开(?:了|个|家|爿|一家|一爿)?[\u4e00-\u9fff]{0,2}(?:店|饭店|药房|厂|超市|诊所)$")
_AFTER_NAME = re.compile(r"想|可以|愿意|能够|打算|准备|每个|每周|每月|每年|平时|长期|定期|经常|免费")


# A clause naming who offers, said among other answers: "联系人小李", "班子名字叫璜泾宣卷队", "饭店叫浮桥人家",
# "名字是朱建华", "我是领班老钱".
_NAMED_CLAUSE = re.compile(r"^(?:联系人(?:是|叫)?|(?:名字|名称|全称|称呼)(?:是|叫|写)|"
                           r"(?:饭店|店|店名|班子|单位|公司|队伍|团队|协会|社团|厂|药房)(?:的)?(?:名字|名称)?(?:叫做?|是)|"
                           r"(?:我是|伲是|阿拉是)?(?:领班|队长|老板|负责人|会长|店主|班主)(?=[\u4e00-\u9fff]{2,3}$)|"
                           r"(?:我是|伲是|阿拉是)[\u4e00-\u9fff]{0,4}?(?:部|科|办|办公室|室|处|组|中心)(?=[小老][\u4e00-\u9fff]$))"
                           r"(?P<name>[\u4e00-\u9fffA-Za-z0-9]{2,20})$")
# "老板姓顾": the title the person goes by, with the surname ("顾老板")
_TITLED_SURNAME = re.compile(r"^(?:我是)?(?P<title>老板娘|老板|师傅|老师|医生|律师|领班|队长|店主|班主)(?:是)?姓(?P<surname>[\u4e00-\u9fff])$")
_SURNAME_ONLY = re.compile(r"^(?:我|伲)?姓(?P<surname>[\u4e00-\u9fff])$")


# "吴园长", "顾师傅": a surname and the title the person goes by, said alone
_SURNAME_TITLE = re.compile(r"^[\u4e00-\u9fff](?:园长|校长|老师|医生|师傅|经理|主任|队长|会长|老板|老板娘|律师|站长|所长|院长|书记|阿姨|阿婆|伯伯)$")


def named_in_clause(clause: str) -> str | None:
    """The name one clause gives ("联系人小李" → 小李, "老板姓顾" → 顾老板), or None."""
    said_as_mine = _IS_MY_NAME.match(clause)
    if said_as_mine:  # "王秀英是我名字呀"
        return said_as_mine.group("name")
    titled = _TITLED_SURNAME.match(clause)
    if titled:
        return titled.group("surname") + titled.group("title")
    if _SURNAME_TITLE.match(clause):
        return clause
    named = _NAMED_CLAUSE.match(clause)
    name = named.group("name") if named else None
    if name is None or _NOT_SOMEONES_NAME.match(name):
        return None  # "联系人是我": the speaker, unnamed
    people = full_names_in(name)
    # "联系人写我们店长顾红梅": the person's full name, without the words of writing and of who they are
    return people[0] if len(people) == 1 and len(name) > len(people[0]) + 1 else name


_IS_MY_NAME = re.compile(r"^(?P<name>[\u4e00-\u9fff]{2,4})(?:是|就是)(?:我|伲|阿拉|我们)(?:的|个|格)?(?:名字|全名|姓名|大名)")
# Clauses that say what to write or where one lives, no name of their own: "写我单位名字", "我住万安村"
_NO_NAME_OF_ITS_OWN = r"(?:名字|名称|称呼|全名|姓名)(?:呀|啊|哦|吧)?$|^(?:我|伲|阿拉)?(?:住|住在|住勒|家住|家在)"
# Clauses about who offers that are no name: "勿是舞队" (denied), "这趟是我自家" (myself), "党员" (a role).
_ROLES = r"(?:预备)?党员|学生|居民|村民|志愿者|业主"  # who one is, never a name
_RETIRED = re.compile(r"^(?:我是|伲是|阿拉是)(?:村里|社区里?|镇上|厂里)?(?:的)?退休")
_NOT_A_NAME = re.compile(rf"{_NO_NAME_OF_ITS_OWN}|^(?:不|勿|弗|覅)是|我自家|我自己|是本人|个人名义|^(?:是)?(?:我|伲)个人(?:报名|来的|参加|的)?$|{_RETIRED.pattern[1:]}|^(?:寻|找|联系|打给|问)(?:我|伲|阿拉)|^(?:也是|是|我是)?(?:{_ROLES}|退休的?|楼组长|组长)$")
# Words that stand where a name was asked but name no one: the speaker, a role.
_REACH_ME = re.compile(r"(?:寻|找|联系|打给|问)(?:我|伲|阿拉)")  # "寻我好了": whom to call, unnamed
# "我名字记成啥了": a question about the name, never a name ("啥了" is no one)
_ASKED = re.compile(r"啥|什么|哪能|哪个|哪里|谁|[吗伐么][？?]?$|[？?]")
_NOT_SOMEONES_NAME = re.compile(rf"^(?:是?我|是?我自己|是?本人|是?我们|是?伲|是?阿拉|{_ROLES})$")


def name_begun_by(surname: str, clauses: list[str]) -> str | None:
    """"姓朱 朱建华", "我姓周，周秀英": the first clause that is a full name beginning with the surname said."""
    return next((c for c in clauses if c.startswith(surname) and 2 <= len(c) <= 4 and not re.search(r"\d", c)), None)


# "阿拉队伍叫玉影山夕阳红舞蹈队": the words before the unit's name
_UNIT_LEAD = re.compile(r"^(?:阿拉|我们|伲|我)?(?:的)?(?:队伍|团队|单位|公司|店|队|班子|协会)?(?:叫做|叫|名字叫|名称是|是)")


# "我是做水电的", "修自行车的": a trade said where a name was asked
_A_TRADE = re.compile(r"^(?:我|伲|阿拉)?(?:是)?(?:做|修|搞|弄|开|教|跑)[\u4e00-\u9fff]{1,6}(?:的|个|格)$")


# A word of when, not only "都可以": "双休日", "下午五点前", "礼拜三"
WHEN_WORD = re.compile(r"\d+点|[一二三四五六七八九十两]+点(?:钟|半|前|后|多|到|至|左右)|[上下中]午|上半日|下半日|上半天|下半天|夜里|晚上|早上|早浪|白天|日里|礼拜|星期|"
                        r"周[一二三四五六日天末]|双休|工作日|节假日|日脚|辰光|时间|月[初底中]|每月|\d{1,2}号(?![楼线门室])")

# Where they can go, said beside another answer or in a name's place ("而且不出镇", "太远不行", "双凤镇里厢哪个村都可以",
# "全镇都可以"): never a name, never words of the help
REACH_ASIDE = re.compile(r"(?:不出|勿出|弗出)(?:镇|村|区|社区|小区|街道)|(?:哪个|哪只|啥)(?:村|社区|地方)(?:都|侪)(?:可以|好|行)|"
                         r"^(?:全镇|全市|全村|整个镇|整个区)(?:都|侪)?(?:可以|好|行)?$|(?:都|侪)(?:可以|好|行)(?:去|跑)$|"
                         r"^(?:太远|远了|远个|远的)(?:了|个|的)?(?:不行|勿行|勿去|不去|覅)|^(?:只在|就在)?(?:附近|就近|近点)(?:的)?(?:好|可以|行)?$")


def names_no_one(words: str) -> bool:
    """"我个人报名", "联系人是我", "党员": words standing where a name goes that name no one."""
    return bool(_NOT_A_NAME.search(words))


def name_from_words(text: str) -> str | None:
    """"叫我小周就行" → 小周; "姓朱" → 朱; "唐卫东，叫老唐就行" → 老唐; an organisation's name as it is."""
    clauses = [c for c in _CLAUSES.split(text.strip()) if c]
    aside = [c for c in clauses if WHEN_WORD.search(c) and time_from_words(c) or REACH_ASIDE.search(c)]
    if aside:
        # "姓钱，周末有空", "只在双休日，而且不出镇 双凤镇里厢哪个村都可以": when and where, said beside the name or in
        # its place, are no part of it
        clauses = [c for c in clauses if c not in aside]
        if not clauses:
            return None
        text = " ".join(clauses)
    will_do = next((m.group("name") for c in clauses if (m := _NAME_WILL_DO.match(c)) and begins_like_a_name(m.group("name"))),
                   None)
    if will_do and not any(is_organisation_name(c) and not _NOT_A_UNIT.search(text) for c in clauses):
        return will_do  # "严律师就行 娄东律师事务所的 不过是我个人报名": what to call them, said so
    people = full_names_in(text)
    if len(people) >= 2 and "（" not in text and not any(is_organisation_name(c) for c in clauses) \
            and organisation_in(text) is None:
        return "、".join(people)  # "沈秀英 陆福根 夫妻俩": both of them, never the words around the names
    named = [c for c in clauses if not _NOT_A_NAME.search(c)]
    if named and len(named) < len(clauses):  # "钱美华 这趟是我自家 勿是舞队": the clause that names
        clauses, text = named, " ".join(named)
    for at, clause in enumerate(clauses[:-1]):  # "姓朱 朱建华": the surname first, then the name it begins
        surname = _SURNAME_ONLY.match(clause)
        full = name_begun_by(surname.group("surname"), clauses[at + 1:at + 2]) if surname else None
        if full:
            return full
    named = [n for c in clauses if (n := named_in_clause(c))]
    organisation = next((named_in_clause(c) or _UNIT_LEAD.sub("", c) for c in clauses if is_organisation_name(c)), None)
    if organisation and len(clauses) > 1:  # "璜泾宣卷队 联系我 我是领班老钱": the troupe, and who to ask for
        person = named[-1] if named else next((m.group(1) for c in clauses if (m := _CALL_ME.search(c))), None) \
            or next((f"姓{m.group('surname')}" for c in clauses if (m := _SURNAME_ONLY.match(c))), None)  # "阿香小吃 我姓钱"
        return beside_unit(organisation, person)
    if named:
        return named[-1]
    # "大家都叫我钱阿姨 就这样叫好了": the second only says so, no name of its own
    called = [m.group(1) for c in clauses if (m := _CALL_ME.search(c)) and m.start() <= 4
              and not re.fullmatch(r"好了?|好的|行|可以|这样|就这样", m.group(1))]
    if called and len(called[-1]) >= 2:
        return called[-1]
    if any(_A_TRADE.match(c) for c in _CLAUSES.split(text.strip()) if c):
        return None  # "我是做水电的，工具自家有": what they do, no name
    if len(clauses) > 1 and all(_SPELLING.match(c) and c[-1] in clauses[0] for c in clauses[1:]):
        text = clauses[0]
    name = text.strip(" ，,。.!！")
    for _ in range(2):
        name = _NAME_FILLER.sub("", name).strip(" ，,。.!！")
    if not name or len(name) > 40 or sum(ch.isdigit() for ch in name) >= 5 or _NOT_SOMEONES_NAME.match(name) \
            or _REACH_ME.fullmatch(name) or _RETIRED.match(text.strip()) or re.search(_NO_NAME_OF_ITS_OWN, name) \
            or _ASKED.search(name):
        return None  # "我是村里退休的赤脚医生": who they are, no name
    if _SAYS_WHO_I_AM.match(text.strip()) and not begins_like_a_name(name) and not is_organisation_name(name):
        return None  # "我是排班的": what they do, no name
    return name


# "严律师就行", "喊我潘师傅就好": a name with "that will do"
_NAME_WILL_DO = re.compile(r"^(?:叫|喊|称呼)?(?:我)?(?P<name>[\u4e00-\u9fff]{2,4}?)(?:就行|就好|就可以|就好了|就行了|就可以了|好了)$")
# "不代表律所", "我个人报名": the unit named is not the one offering
_NOT_A_UNIT = re.compile(r"不代表|勿代表|个人报名|个人名义|我自家|我自己|以个人")

_A_PLACE_GOES_ON = ("社区", "村委", "居委")
_SAYS_WHO_I_AM = re.compile(r"^(?:我是|伲是|阿拉是)")


# A name of its own (four characters at least) before the kind of organisation it is: "苏州恒锐精密工会", not "宣卷班子"
_OWN_NAME_BEFORE_ITS_KIND = re.compile(rf"^[\u4e00-\u9fffA-Za-z0-9]{{4,}}(?:{'|'.join(ORGANISATION_SUFFIXES)})")


def organisation_in(text: str) -> str | None:
    """The organisation a volunteer speaks for, named in a longer message, in full ("农商银行浏河支行")."""
    for match in _ORGANISATION.finditer(text):
        words = match.group(1)
        if _DESCRIBED.match(words):
            continue  # "一家在太仓登记的社工机构", "屋里开药房": what it is, not its name
        stop = _AFTER_NAME.search(words, 2)
        words = words[: stop.start()] if stop else words
        owner = words.find("的")  # "实验小学的大队辅导员": the organisation ends before 的
        if owner >= 2 and any(words[:owner].endswith(suffix) for suffix in ORGANISATION_SUFFIXES):
            words = words[:owner]
        elif owner >= 2 and _OWN_NAME_BEFORE_ITS_KIND.search(words[owner + 1:]):
            words = words[owner + 1:]  # "开发区陆渡的苏州恒锐精密工会": where it is, then a name of its own
        # "我是城厢镇康乐社区的": the 社 of 社区 and the 村 of a village end no organisation's name
        ends = [i + len(suffix) for suffix in ORGANISATION_SUFFIXES for i in _all(words, suffix) if i >= 2
                and not words.startswith(_A_PLACE_GOES_ON, i + len(suffix) - 1)]
        if ends and not _RUNS_A.search(words[: max(ends)]):
            return words[: max(ends)]
    return None


def needs_full_name(organisation: str, places: PlaceReader) -> bool:
    """"钓鱼协会", "学校团委", "丝竹队": a kind of organisation, not which one; a cadre could not find it.
    A name with a place in it ("浮桥江南丝竹队", "农商银行浏河支行") says which."""
    return not (CITY_NAME in organisation or places.town_in(organisation) or places.place_in(organisation))


CITY_NAME = "太仓"


def is_organisation_name(text: str) -> bool:
    """"双凤镇卫生院", "农商银行浏河支行": an organisation's name, even with a place inside."""
    words = (text or "").strip(" ，,。.")
    return bool(words) and organisation_in(f"我们是{words}") == words


def _all(text: str, part: str) -> list[int]:
    return [i for i in range(len(text)) if text.startswith(part, i)]


def beside_unit(unit: str, person: str | None) -> str:
    """"太仓勤丰包装（小沈）": who to ask for at a unit, written beside its name (in place of one written before)."""
    name = re.split(r"[（(]", unit, maxsplit=1)[0]
    surname = re.fullmatch(r"(?:我|伊|他|她|联系人)?(?:姓)(\S)", person or "")
    person = f"联系人姓{surname.group(1)}" if surname else person  # "联系人我姓沈"
    return f"{name}（{person}）" if person and person not in name else unit
