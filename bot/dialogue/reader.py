"""Reading a message for what it says, given the open form and the question it answers.

One place decides what a message means in the middle of a form: a function from the message (its
words, and the classifier's intent) and the conversation's state (the open form, the question that
was open when it came, what is filled) to a short list of commands the actions apply. Every
message in a form is read here whatever question was asked, so a correction, a detail, a
confirmation, a cancellation, a hand-off or a status question is recognised at any step.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import yaml

from bot.cadres.questions import count_said
from bot.contact import (
    is_decline,
    is_number_label,
    mask_phone,
    number_attempt,
    parse_phone,
    partial_mobile,
    phones_in,
    to_digits,
    without_phones,
)
from bot.dialogue.commands import (
    AddDetail,
    AnotherProblem,
    AnswerQuestion,
    Aside,
    AskAgain,
    AskStatus,
    Cancel,
    ClarifyCancel,
    Command,
    Confirm,
    HandOff,
    Hold,
    KeepApart,
    NeedsToHelp,
    SetField,
    Unclear,
)
from bot.dialogue.values import (
    REACH_ASIDE,
    SCOPE_SEPARATOR,
    WHEN_WORD,
    beside_unit,
    is_organisation_name,
    name_begun_by,
    name_from_words,
    named_in_clause,
    names_no_one,
    organisation_in,
    scope_from_words,
    split_scope,
    stated_availability,
    time_from_words,
    time_phrase,
)
from bot.matching.capabilities import required
from bot.needs.describe import PROBLEM, matters_counted
from bot.replies import say
from bot.vocab.categories import categories, category_from_words, keyword_category
from bot.vocab.names import full_names_in
from bot.vocab.resources import (
    individual_type,
    looks_like_organisation,
    normalize_provider_type,
    normalize_resource_type,
    provider_types,
    resource_types,
)
from bot.vocab.urgency import (
    URGENCIES,
    infer_urgency,
    leaning_urgency,
    learned_urgency,
    normalize_urgency,
    phrase_urgency,
    said_urgency,
)

_WORDS = Path(__file__).resolve().parent.parent / "data" / "reading.yml"
NO_PHONE = "不留"
ASIDE_INTENTS = ("faq", "greet", "thank", "ask_help", "goodbye", "ask_pilot_progress", "ask_catalog")
ASIDE_CONFIDENCE = 0.8


class Places(Protocol):
    def place_in(self, text: str) -> str | None:
        """The place words of the text when they name a known town or community, else None."""

    def town_in(self, text: str) -> str | None:
        """The town the text names when it names no community, else None."""

    def towns_in(self, text: str) -> list[str]:
        """Every town the text names plainly, in the order said."""

    def forms_of(self, official_name: str) -> tuple[str, ...]:
        """The ways people name a community (新塘村委会, 新塘村, 新塘)."""

    def common_name(self, official_name: str) -> str | None:
        """What people call a community (新塘村), or None for words that are not an official name."""

    def describes(self, text: str) -> bool:
        """The words describe a problem, not just name a place or say a word."""

    def is_another_problem(self, text: str, than: str) -> bool:
        """The words describe a problem of their own, of another dimension than `than`."""

    def without_places(self, text: str) -> str:
        """The words left when the places they name are taken out."""

    def town_of(self, official_name: str) -> str | None:
        """The town a community (by its official name) belongs to."""


@dataclass(frozen=True)
class FormFields:
    confirm: str  # the slot the summary fills
    notes: str  # the free-text field a detail adds to
    phone: str
    # field → words naming it, in the order a value is tried when no field is named
    named_by: Mapping[str, tuple[str, ...]]


FORMS: dict[str, FormFields] = {
    "need_form": FormFields(
        confirm="need_confirmed", notes="description", phone="phone",
        named_by={
            "phone": ("电话", "手机", "号码"),
            "urgency": ("紧急", "急不急", "急勿急", "急弗急", "程度", "有多急", "算急", "算难", "算愁", "算盼"),
            "community": ("地点", "地方", "地址", "位置", "村", "社区", "小区", "镇"),
            "need_category": ("类别", "类型", "分类", "哪一类", "算"),
            "description": ("问题", "描述", "内容", "情况", "事情", "说的"),
        },
    ),
    "resource_form": FormFields(
        confirm="resource_confirmed", notes="resource_description", phone="resource_phone",
        named_by={
            "resource_phone": ("电话", "手机", "号码"),
            "resource_scope": ("范围", "地方", "地点", "哪里"),
            "available_time": ("时间", "时候", "几点"),
            "provider_name": ("单位名称", "单位名字", "公司名字", "公司名称", "店名", "队名", "团名", "名字", "称呼", "名称", "姓", "叫",
                              "提供方", "联系人"),
            "resource_type": ("资源类型", "类型", "类别"),
            "provider_type": ("身份", "个人", "单位", "党员"),
            "resource_description": ("内容", "描述", "能做", "提供", "帮助", "帮忙那块", "帮忙那里", "帮忙那栏"),
        },
    ),
    "callback_form": FormFields(
        confirm="", notes="", phone="callback_phone",
        named_by={"callback_phone": ("电话", "手机", "号码"), "community": ("地点", "地方", "村", "社区")},
    ),
}
FREE_TEXT = ("description", "resource_description")


@dataclass(frozen=True)
class Message:
    text: str
    intent: str = ""
    confidence: float = 0.0


@dataclass(frozen=True)
class State:
    form: str | None
    asked: str | None  # the question that was open when the message came
    filled: Mapping[str, Any] = field(default_factory=dict)
    offered: tuple[str, ...] = ()  # the titles of the buttons just shown, in their order


@lru_cache(maxsize=1)
def _signals() -> dict[str, re.Pattern]:
    raw = yaml.safe_load(_WORDS.read_text(encoding="utf-8"))
    return {kind: re.compile("|".join(f"(?:{p})" for p in patterns)) for kind, patterns in raw.items()}


def says(kind: str, text: str) -> bool:
    """The text carries this signal (confirm, cancel, handoff, status, correction, question)."""
    return _signals()[kind].search(text or "") is not None


_PUNCT = re.compile(r"[\s，。,.!！?？~～、：:；;…（）()]+")
_CONTENT = re.compile(r"[\u4e00-\u9fff]")
# Filler that carries no detail of its own ("好的", "嗯", "谢谢").
_FILLER = re.compile(r"好的|好|嗯+|哦+|噢+|啊+|呀|吧|了|的|额|格|个|哉|谢谢|麻烦你|麻烦了|对|是|行|可以|那个|就是|然后")


def content_chars(text: str) -> int:
    return len(_CONTENT.findall(_FILLER.sub("", text or "")))


# Who greets and to whom, and the particles around a greeting: nothing of a matter in them.
_GREETING_FRAME = re.compile(r"小助手|助手|同志|师傅|老师|领导|阿拉|伲|我|侬|你|您|[啊呀哦噢吧嘛哈啦了哉伐吗么格额的呐嘞]")
_NOT_WORDS = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]+")


def only_greets(text: str) -> bool:
    """The message greets and says nothing else: no matter, no question, whatever the classifier read into it."""
    greeting = _signals()["greeting"]
    if not greeting.search(text or ""):
        return False
    rest = _GREETING_FRAME.sub("", greeting.sub("", text))
    return not _NOT_WORDS.sub("", rest)


def clause_split(text: str) -> list[str]:
    return [piece for piece in _PUNCT.split(text or "") if piece]


# -- values of each field ---------------------------------------------------------------------------
def _phone(text: str, form: str) -> str | None:
    phone = parse_phone(text)
    if phone:
        return phone
    if form == "need_form" and is_decline(text) and re.search(r"电话|号码|留|手机|^(不用|不要|覅|勿要|没有)", text):
        return NO_PHONE
    return None


_SO_BE_IT = re.compile(r"(急|难|愁|盼)就\1")


def _urgency(text: str) -> str | None:
    """"老急额", "急就急吧" (so be it), "勿急额 慢慢叫", "心里一直勿定，总归担心": how urgent, in words."""
    return _stated_urgency(text) or infer_urgency(text)


_BUT = re.compile(r"[，,。\s]*(?:就是|只是|主要是|但是|不过|可是)")


_LEVEL_NOT_SAID = re.compile(r"(?:没|没有|勿曾|呒没|不曾|朆)(?:说|讲|选|点)(?:过)?(?:是)?[急难愁盼]")
_SECOND_THOUGHT = re.compile(r"算了|想想还是|还是改成|不对|勿对|说错了|讲错了|讲错哉")


def _stated_urgency(text: str) -> str | None:
    """The level said outright: a level word, "不急", "急就急吧", "吃饭的事急"; after "不急，就是…"
    the words that follow say which level it is ("急倒勿急，就是天天看着烦" is 愁)."""
    text = _LEVEL_NOT_SAID.sub("", text)  # "我没说盼啊": the level named is denied, not said
    second = _SECOND_THOUGHT.search(text)
    if second and content_chars(text[second.end():]):
        # "急的…算了还是难吧", "急个，哦勿对，也勿算急，算愁好了": what is said after the second thought
        return _level_said_last(text[second.end():])
    but = _BUT.search(text)
    if but and _NOT_URGENT_WORDS.search(text[:but.start()]):
        rest = text[but.end():]
        learned = learned_urgency(rest) if content_chars(rest) >= 4 else None  # "就是问问" says no level
        return _level_in(rest) or learned or infer_urgency(rest) or "盼"
    return _level_in(text)


def _level_said_last(text: str) -> str | None:
    """The level these words leave standing: of several said one after another ("也勿算急，算愁好了") the last,
    else the one said outright. The summary's own reading (`_level_put_right`) builds on the same two."""
    levels = [level for c in clause_split(text) if (level := _level_in(c))]
    return levels[-1] if len(levels) > 1 else _stated_urgency(text)


def urgency_change_asked(text: str) -> str | None:
    """The level a filed report is asked to be changed to ("紧急程度能不能改成急"), or None."""
    if not says("urgency_change_asked", text or ""):
        return None
    found = re.findall(r"(?:改成|改为|调成|调到|换成|升到|提到|升成|提成|算|是)(急|难|愁|盼)", text)
    return found[-1] if found else None


def _level_in(text: str) -> str | None:
    named = _named_after_not_urgent(text)
    if named:
        return named
    for piece in [text, *clause_split(text)]:
        so_be_it = _SO_BE_IT.search(piece)
        if so_be_it:
            return so_be_it.group(1)
        if _NOT_URGENT_WORDS.search(piece):
            return "盼"
        found = said_urgency(piece) if len(piece) <= 8 else None
        if found:
            return found
        level = _LEVEL_AT_THE_END.search(piece)  # "吃饭的事急", "狗的事挺急": the answer ends in the level
        if level:
            return level.group(1)
    return None


def _named_after_not_urgent(text: str) -> str | None:
    """"急倒也勿算急，…讲过好几趟一直没人修，算老大难": a level named after "not urgent" is the one meant."""
    denied = _NOT_URGENT_WORDS.search(text)
    if denied is None:
        return None
    for clause in clause_split(text[denied.end():]):
        level = said_urgency(clause) if len(clause) <= 8 else phrase_urgency(clause)
        if level and level != "盼":
            return level
    return None


_LEVEL_AT_THE_END = re.compile(r"(?:的事|那个|这个|那件|这件|的|格|额)?(?:算|就算|还是算|挺|蛮|老|很|比较|特别|交关|有点|最|更)?"
                               r"([急难愁盼])(?:的|额|格|个|点|得很|得要命|死了|啊|呀|哦|吧|嘞|了|哉)*$")
_NOT_URGENT_WORDS = re.compile(r"(?<!急)(?:不|勿|覅|没|弗)(?:算|是|太|怎么|那么|大|用)?(?:啥|什么|多|特别|很|太|老|蛮|非常|交关)?着?急"
                               r"|倒(?:勿|不)急|(?:谈|算|称)(?:不|勿)上(?:很|太|多|啥|什么|特别)?急")


_CHOICE_NOT = re.compile(r"^(?:我|伲|阿拉)?(?:又|也)?(?:勿是|不是|弗是|不算|勿算|没有|呒没)")


def value_for(field_name: str, text: str, form: str, places: Places) -> str | None:
    """The value this text gives the field, normalised, or None when it gives none."""
    text = (text or "").strip(" ，,。.!！")
    if not text:
        return None
    readers: dict[str, Callable[[], str | None]] = {
        "phone": lambda: _phone(text, form),
        "resource_phone": lambda: parse_phone(text),
        "callback_phone": lambda: parse_phone(text),
        "urgency": lambda: _urgency(text),
        "community": lambda: places.place_in(text) or places.place_in(_SPOT_AFTER.sub("", text)),
        "town": lambda: places.town_in(text),
        "need_category": lambda: category_from_words(text),
        "resource_type": lambda: normalize_resource_type(text),
        "provider_type": lambda: normalize_provider_type(text),
        "provider_name": lambda: name_from_words(_without_talk(text)) or _name_among_answers(text),
        "resource_scope": lambda: _scope_said(text, places),
        "available_time": lambda: _time_said(text),
        "description": lambda: without_phones(text) if content_chars(without_phones(text)) >= 2 else None,
        "resource_description": lambda: without_phones(text) if content_chars(without_phones(text)) >= 2 else None,
    }
    reader = readers.get(field_name)
    if field_name not in CLOSED_CHOICES:
        return reader() if reader else None
    return _choice_in_clauses(field_name, text, form, places, reader)


def _choice_in_clauses(field_name: str, text: str, form: str, places: Places,
                       read_whole: Callable[[], str | None] | None) -> str | None:
    """A closed choice said among other words: the clause that names it, never one the person denied."""
    clauses = clause_split(text)
    if len(clauses) > 1 and any(_CHOICE_NOT.match(c) for c in clauses):
        # "我就是个学生，勿是党员，算有一技之长的居民好了": the choice denied is no answer; the one left is
        kept = [c for c in clauses if not _CHOICE_NOT.match(c)]
        return next((v for c in reversed(kept) if (v := value_for(field_name, c, form, places))), None)
    value = read_whole() if read_whole else None
    if value is None and len(clauses) > 1:
        # "算技术吧，电工活": the clause that names a choice, not the two readings of the whole at odds
        value = next((v for c in clauses if (v := value_for(field_name, c, form, places))), None)
    return value


def _name_among_answers(text: str) -> str | None:
    """"陆建国 电话1390000… 礼拜天下半天有空": the clause that is a name, beside a phone, a time or a reach."""
    clauses = clause_split(text)
    if len(clauses) < 2:
        return None
    for clause in clauses:
        if parse_phone(clause) or time_from_words(clause) or _SCOPE_SAID.search(clause) or says("about_the_talk", clause):
            continue
        name = named_in_clause(clause) or name_from_words(clause)
        if name and 2 <= len(name) <= 6 and not re.search(r"[\d]", name) and not _NO_NAME_WORDS.search(name):
            return name
    return None


_A_ROLE = re.compile(r"领队|队长|负责人|会长|组长|团长|班长|站长|主任|书记|社长|副会长|副队长|联系人|"
                    r"电工|木匠|水电工|护士|医生|老师|教师|律师|会计|厨师|司机|理发师|剃头师傅|保安|退休工人|退休干部|党员")


# "工具自家有", "材料要自己买": a clause about the help, read where a name is looked for among answers
_NO_NAME_WORDS = re.compile(r"有$|没有|自家|自己|可以|能|会|要|免费|工具|材料")


def _without_talk(text: str) -> str:
    """"刚讲过了 张律师": the words without those about the conversation itself."""
    clauses = clause_split(text)
    kept = [c for c in clauses if not says("about_the_talk", c)]
    if len(kept) == len(clauses):  # nothing about the talk: its pieces, a name's brackets kept ("…故事会（朱婷）")
        return re.sub(r"[\s，。,.!！?？~～、：:；;…]+", " ", text).strip()
    return " ".join(kept) if kept else text


def _scope_said(text: str, places: Places) -> str | None:
    """"伲住勒城厢镇南郊社区 城厢镇都可以跑": the clause saying how far one goes, before where one lives."""
    reach = [c for c in clause_split(text) if _SCOPE_SAID.search(c) and not _DENIED_SCOPE.search(c)]
    whole = scope_from_words(text, places)
    for clause in reversed(reach):
        scope = scope_from_words(clause, places)
        if scope:  # "范围就阿拉村里 双凤镇庆丰村": the level said, the place from the rest
            return whole if whole and whole.startswith(scope + SCOPE_SEPARATOR) else scope
    return whole


def _time_said(text: str) -> str | None:
    """"中午十一点光景 礼拜一到礼拜五 老板姓顾 电话138…": the clauses naming a time, not the name or number beside."""
    if time_from_words(text) is None:
        return None
    clauses = _unavailability_joined(clause_split(text))
    timed = [c for c in clauses if time_from_words(c) and not parse_phone(c) and not named_in_clause(c)
             and not (_SCOPE_SAID.search(c) and _AREA_WORD.search(c) and not stated_availability(c))
             and not says("about_the_talk", c)]
    free = [c for c in timed if not _UNAVAILABLE.search(c)]  # "工作日白天车要跑业务，周日全天可以借": when it is free
    # "礼拜六礼拜天 平常辰光勿来事": when they cannot, said beside when they can, belongs to the time
    busy = [c for c in clauses if c not in free and _UNAVAILABLE.search(c) and (_BUSY_WHEN.search(c) or c in timed)
            and content_chars(c) <= 12]
    # "礼拜六上半天，落雨勿来": the weather they do not come in is part of when
    busy += [c for c in clauses if c not in timed and c not in busy and _WEATHER.search(c) and content_chars(c) <= 10]
    told = f"（{'，'.join(busy)}）" if busy and free else ""
    if free and len(free) < len(timed):
        return " ".join(_FREE_LEAD.sub("", c) for c in free) + told
    if len(clauses) > 1 and timed and len(timed) < len(clauses):
        return " ".join(timed) + told
    if not timed:
        return None  # "科教新城范围内都行 远了也可以线上": how far they go, no time
    return time_from_words(text)


# "只有礼拜天有空": the time without the words leading it
_FREE_LEAD = re.compile(r"^(?:是|就是|只有|只是)")


def _unavailability_joined(clauses: list[str]) -> list[str]:
    """"礼拜天要接孙子，勿来事": "勿来事" alone says the clause before it is when they cannot."""
    joined: list[str] = []
    for clause in clauses:
        if joined and content_chars(clause) <= 3 and _UNAVAILABLE.fullmatch(clause.strip("啊呀哦哉个格的了")):
            joined[-1] += "，" + clause
        else:
            joined.append(clause)
    return joined


_REACH_REASON = re.compile(r"跑远|太远|远了|再远|更远|路远|派车|走勿动|走不动|跑勿动|跑不动|吃勿消|吃不消|来勿及|来不及|腿脚|年纪大|就近|近点|近一点|"
                           r"^(?:我|伲|阿拉)?(?:骑|开|坐)(?:个|只|辆)?(?:电瓶车|电动车|自行车|脚踏车|摩托|助动车|车子|车|公交|三轮车)(?:过去|过来|去|来)?(?:个|的|格)?$")  # how they get there
_HELP_BROUGHT = re.compile(r"上门|送上门|送过去|我去|我来|接送")
# "附近几个村都可以" says where; "白天夜里都可以" says when
_AREA_WORD = re.compile(r"村|社区|小区|镇|市|附近|周边|范围|哪里|哪搭|整个|全[市镇]|远|近")
_WEATHER = re.compile(r"落雨|下雨|刮风|落雪|下雪|天好|天气|高温|太热|太冷|台风")
_BUSY_WHEN = re.compile(r"平常|平时|平日|其他|其余|别的|另外|工作日|上班|白天|夜里|晚上|辰光|时间|农忙")


_UNAVAILABLE = re.compile(r"不行|没空|勿空|不空|不方便|勿方便|勿来事|不得空|勿得空|没时间|走不开|要跑业务|要上班|要加班|要值班|要出车|不可以|不能|"
                          r"(?:我|伲|阿拉)?要(?:去|接|送|陪|带)(?:镇上|医院|孙|小囡|小孩|老人|学校|外头|上海|苏州)|"
                          r"(?:要|得)(?:开会|保养|上课|出差|看病)")


# "南郊社区12幢后面": the spot in the place, said after its name
_SPOT_AFTER = re.compile(r"\d+\s*(?:号楼|幢|栋|号|单元|组).*$|[东南西北](?:门|面|边|头).*$")
CLOSED_CHOICES = ("need_category", "resource_type", "provider_type")
CHOICE_ATTEMPT_CHARS = 8  # "平安建设", "算技术吧": a try at the choice asked for, not a detail of the matter


# -- corrections ------------------------------------------------------------------------------------
_NEG = r"(?:不|勿|覅|弗)是"
_NOT_X_BUT_Y = re.compile(rf"{_NEG}(?P<old>[^，,。\s]+?)[，,、。\s]*(?:而|应该|应当|其实)?(?<![不勿弗覅])是(?P<new>.+)$")
# "勿是廿分钟，要走半个钟头": the new words said as what it takes, the verb kept with them
_NOT_X_IT_TAKES_Y = re.compile(rf"{_NEG}(?P<old>[^，,。\s]+?)[，,、。\s]+(?P<new>(?:要|得)[^，,。\s]{{2,}}.*)$")
_Y_NOT_X = re.compile(rf"(?:应该|其实)?是?(?P<new>[^，,。\s]+?)[，,、。\s]*{_NEG}(?P<old>[^，,。\s]+)")
# "把路灯两个字改成电线杆", "把紧急程度改成难": what is changed, then its new words
_X_CHANGE_TO = re.compile(r"把(?P<old>[^，,。\s]+?)(?:这|那)?(?:[两三四五几\d]个字|几个字|这句话?|个字)?"
                          r"(?:改成|改为|换成|写成)[:：\s]*(?P<new>.+)$")
_CHANGE_TO = re.compile(r"(?:改成|改为|换成|改到|写成|应该是|其实是|更正为|更正成|更正)[:：\s]*(?P<new>.+)$")
_WRONG_THEN = re.compile(r"(?:[弄搞写说讲打记填选]错|错了|(?<!对)(?:勿对|不对|弗对))(?:了|哉|勒|啦|咯)?(?:的|个|格|额)?[，,、。\s]*"
                         r"(?:应该|其实)?是?(?P<new>.+)$")
_TRAILING = re.compile(r"[，,。.!！]*(?:才对|就对了|吧|啊|呀|的|额|哦|了|格|哉|嘞|(?<=[村区镇楼号灯路桥])个)*[，,。.!！]*$")


# "内容里还是泥桥村 要改成涂松村": the old word still written, then the new one
_STILL_X_CHANGE_TO = re.compile(r"(?:还是|还写着|写的是|写的|写成了?|开头的|里面的|里头的)(?P<old>[^，,。\s]+?)[，,。\s]*(?:要|应该|得|请|麻烦)?"
                                r"(?:改成|改为|换成|写成)(?P<new>.+)$")


# "问题里还写着璜泾 勿对个 是双凤": the old word still written, said wrong, then the new one
_STILL_X_WRONG = re.compile(r"(?:还写着|还是|写的是|写成了?)(?P<old>[^，,。\s]+?)[，,。\s]*(?:勿对|不对|弗对|错了?)"
                            r"(?:个|格|的|了|哉|额)?[，,。\s]*(?:应该|其实)?是(?P<new>.+)$")


_OWN_SLIP = re.compile(r"[讲说写打记填弄搞]错|错了|勿对|不对|弗对|搞混|记岔")
_EDIT_WORD = re.compile(r"换|加|改|删|添|减|替换|换掉|增加|添加|加上|改掉|删掉|调换")
_NO_VALUE_DENIED = ("问题", "个问题", "啥问题", "事", "事情", "啥", "什么", "那个意思", "这个意思")


def _new_and_old(text: str) -> tuple[str, str | None, int] | None:
    """The new value a correction gives, the old one it denies, and where the new value starts."""
    for pattern in (_STILL_X_WRONG, _NOT_X_BUT_Y, _NOT_X_IT_TAKES_Y, _Y_NOT_X, _STILL_X_CHANGE_TO, _X_CHANGE_TO,
                    _CHANGE_TO, _WRONG_THEN):
        found = pattern.search(text)
        if found and found.groupdict().get("old") in _NO_VALUE_DENIED:
            continue  # "…不是问题，是我也能做的": "no problem", no value taken back
        if found and _EDIT_WORD.fullmatch(found.groupdict().get("old") or ""):
            continue  # "勿是换 是加": how to change, not a value of the record taken back
        if found and found.groupdict().get("old") and says("about_the_talk", found.group("old")):
            continue  # "刚刚勿是讲过了么": asked back about the talk, no value taken back
        if found and pattern is _Y_NOT_X and _OWN_SLIP.search(found.group("new")):
            continue  # "我刚刚讲错了，勿是廿分钟…": the slip owned, not the new value
        if found and pattern is _Y_NOT_X and text.startswith(found.group("new")) \
                and found.group("new").strip(" ，,。：:") in _field_words():
            continue  # "类型勿是文化，礼堂是借场地": the field said, then the value denied; no new value yet
        if found and found.group("new"):
            new = found.group("new").strip(" ，,。：:")
            deeper = _CHANGE_TO.search(new) if pattern is not _CHANGE_TO else None
            if deeper and deeper.start() > 0 and deeper.group("new").strip(" ，,。：:"):
                new = deeper.group("new").strip(" ，,。：:")  # "勿是内容，是单位名字写错了，应该是戚浦小学": the last word
            old = found.groupdict().get("old")
            if new:
                return new, (old.strip(" ，,。") if old else None), found.start()
    return None


@lru_cache(maxsize=1)
def _field_words() -> frozenset[str]:
    return frozenset(w for form in FORMS.values() for words in form.named_by.values() for w in words)


def _field_named(text: str, fields: FormFields) -> str | None:
    """The field the words name first ("类别算社区服务吧": 类别, not the 社区 of 社区服务); a field denied
    ("勿是类别 是急勿急 改成难") is not the one meant."""
    found = [(at, -len(word), name) for name, words in fields.named_by.items() for word in words
             for at in _places_of(text, word) if not _NEG_BEFORE.search(text[:at])]
    return min(found)[2] if found else None


_NEG_BEFORE = re.compile(r"(?:不|勿|弗|覅)是$")


def _places_of(text: str, word: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(word), text) if names_the_field(text, m.start(), word)]


# Field words inside other words: "教老人用智能手机" names no phone.
_NOT_THE_FIELD = {"手机": re.compile(r"(?:智能|老年人?|用|玩|教)$"), "时间": re.compile(r"(?:长|短|没|有)$"),
                  "姓": re.compile(r"百$")}


# ... and before: "村里人", "社区干部" are people, "镇政府" a body, none of them the place written.
_NOT_THE_FIELD_AFTER = {
    "算": re.compile(r"^(?:了|啦|哉|脱|数|账|命)"),  # "算了，就这样提交吧": no category named
    "村": re.compile(r"^(?:里人|里的人|里个人|里格人|里向人|上人|民|干部|书记|长|委|部|里干部)"),
    "社区": re.compile(r"^(?:干部|书记|工作人员|里人|里的人|医院|医生|卫生)"),
    "镇": re.compile(r"^(?:上人|政府|干部|里干部|领导)"),
    # "叫阿拉去跳", "叫人来修": asking someone to come, no name
    "叫": re.compile(r"^(?:阿拉|我们|伲|我|人|他们|伊拉|大家)?(?:去|来|帮|过去|过来|跳|唱|演|上门|修)"),
}


def names_the_field(text: str, at: int, word: str) -> bool:
    inside, after = _NOT_THE_FIELD.get(word), _NOT_THE_FIELD_AFTER.get(word)
    return (inside is None or not inside.search(text[:at])) and (after is None or not after.match(text[at + len(word):]))


# Words quoted to be taken out ("最后那句“对了这种一般”是多出来的，删掉吧", "把'我不想被人半夜打电话'删掉"), then
# perhaps what to write instead ("…不要，改成：上周电梯困住过一位老人").
_QUOTED = re.compile(r"[“\"'‘「『]([^”\"'’」』]{2,60})[”\"'’」』]")
_OUT_WORDS = re.compile(r"去掉|去脱|拿脱|拿掉|删掉|删了|删脱|删除|划掉|勿要|不要|覅|别写|多出来|多余|多了")
_QUOTED_VALUE = re.compile(r"(?:写|改成|改为|换成|写成|是|叫)[：:\s]*" + _QUOTED.pattern)
_INSTEAD = re.compile(r"(?:改成|改为|换成|写成)[：:，,\s]*(?P<new>.+)$")
_SEPARATORS = "[\\s，,。.；;、！!？?：:]*"
_SENTENCE_NAMED = re.compile(r"那句|这句|那段|这段|那一句|这一句")


def _quoted_removed(text: str, state: State, places: Places) -> list[Command] | None:
    """Quoted words taken out of the description (or the offer), and what to write there instead; None when the
    message quotes nothing to take out."""
    fields = FORMS.get(state.form or "")
    notes = (state.filled.get(fields.notes) or "") if fields and fields.notes else ""
    quoted = _QUOTED.findall(text)
    if not notes or not quoted or not _OUT_WORDS.search(_QUOTED.sub("", text)):
        return None
    after = text[max(m.end() for m in _QUOTED.finditer(text)):]
    instead = _INSTEAD.search(after)
    whole = _WRITE_AS.search(after) if not instead else None
    if whole and _field_named(after[:whole.start()], fields) in (None, fields.notes):
        # "'跑远了吃勿消'覅写进去，就写帮小囡辅导作业": all of it is to say only that
        said = _WRITE_AS_TAIL.sub("", whole.group("new").strip(" ，,。"))
        if content_chars(said) >= 2:
            return [SetField(fields.notes, said, corrected=True)]
    new = instead.group("new").strip(" ，,。") if instead else ""
    kept = notes
    for words in quoted:
        pattern = _quoted_pattern(words)
        if pattern is None:
            continue
        found = pattern.search(kept)
        if found is None:
            held = _field_holding(pattern, state) if len(quoted) == 1 and not new else None
            if held:  # "名字写戚浦小学，前头'还是'两个字覅": the words are in the name, taken out of it
                return [SetField(held, pattern.sub("", state.filled[held], count=1).strip(" ，,。"), corrected=True)]
            return [AskAgain(fields.notes)]  # the words are not written there: asked, never guessed
        start, end = found.span()
        if new and _SENTENCE_NAMED.search(text):  # "那句“等下…”不要，改成：…": the sentence it begins, rewritten
            start = max(kept.rfind(mark, 0, start) for mark in "；;。！!？?") + 1
            ends = [i for i in (kept.find(mark, end) for mark in "；;。！!？?") if i >= 0]
            end = min(ends) if ends else len(kept)
        kept = kept[:start] + new + kept[end:]
        new = ""
    kept = re.sub(r"^[；;，,、\s]+|[；;，,、\s]+$", "", re.sub(r"([；;，,、])\s*[；;，,、]+", r"\1", kept))
    if not kept:
        return [AskAgain(fields.notes)]
    return [SetField(fields.notes, kept, corrected=True), *_said_before_the_quote(text, state, kept, places)]


_ELLIPSIS = re.compile(r"…+|\.{3,}|。{3,}")


def _quoted_pattern(words: str) -> re.Pattern | None:
    """The quoted words as written, whatever the punctuation between them; "我开小店个…勿想得罪人" stands for the
    words from its first part to its last."""
    parts = [[ch for ch in part if re.match(r"[\w]", ch)] for part in _ELLIPSIS.split(words)]
    parts = [part for part in parts if part]
    if not parts:
        return None
    return re.compile(".*?".join(_SEPARATORS.join(re.escape(ch) for ch in part) for part in parts))


_WORDED_FIELDS = ("provider_name", "available_time")  # written as said, so words may be taken out of them
# "内容后头多了礼拜一到礼拜六，拿伊去脱", "多了个写字": words written once too many, said without quotes
_EXTRA_WORDS = re.compile(r"(?:多了|多出来|多写了|多出了?)(?:个|格|一句|几个字|两个字)?[：:\s]*(?P<words>[^，,。；;\s]{1,20})")


def _extra_words_removed(text: str, state: State) -> list[Command] | None:
    fields = FORMS.get(state.form or "")
    found = _EXTRA_WORDS.search(text) if fields else None
    if found is None or not (state.asked == fields.confirm or says("correction", text)):
        return None
    words = re.sub(r"(?:两个|几个)?字$", "", found.group("words")) or found.group("words")  # "多了个写字": the 写
    for name in (fields.notes, *_WORDED_FIELDS):
        value = state.filled.get(name) if name else None
        if isinstance(value, str) and words in value:
            kept = re.sub(r"^[\s，,。；;]+|[\s，,。；;]+$", "", value.replace(words, "", 1))
            if content_chars(kept) >= 2:
                return [SetField(name, kept, corrected=True)]
    return None


def _field_holding(pattern: re.Pattern, state: State) -> str | None:
    """The field besides the description whose words hold the quoted ones, leaving something when taken out."""
    return next((name for name in _WORDED_FIELDS if isinstance(state.filled.get(name), str)
                 and (found := pattern.search(state.filled[name]))
                 and content_chars(state.filled[name][:found.start()] + state.filled[name][found.end():]) >= 2), None)


_WHERE_IN_THE_TEXT = re.compile(r"问题描述|问题|描述|内容|能提供的?|最后|最前|前面|后面|后头|前头|开头|末尾|那句话?|这句话?|那段|这段|"
                                r"里头|里面|里|的|把|还有|另外|再|中间")


def _said_before_the_quote(text: str, state: State, notes: str, places: Places) -> list[Command]:
    """"不算老大难，改成天天烦心那档吧。把'…'去掉": what comes before the quoted words, read on its own (a level,
    a fact), never lost."""
    before = re.sub(r"(?:还有|另外|再|把)+$", "", text[:min(m.start() for m in _QUOTED.finditer(text))].strip(" ，,。；;"))
    if content_chars(_WHERE_IN_THE_TEXT.sub("", before)) < 3:
        return []  # "问题描述最后那句": where the quoted words are, nothing of its own
    rest_state = replace(state, filled={**state.filled, FORMS[state.form or ""].notes: notes})
    if state.form == "need_form" and (_LEVEL_CHOSEN.search(before) or says("correction", before)):
        changed = _CHANGE_TO.search(before)  # "不算老大难，改成天天烦心那档吧": the level after 改成
        said = changed.group("new") if changed else before
        level = _stated_urgency(said) or learned_urgency(said)
        if level and level != state.filled.get("urgency"):
            return [SetField("urgency", level, corrected=True)]
    corrected = [c for c in read_correction(before, rest_state, places) if isinstance(c, SetField)] \
        if says("correction", before) else []
    return corrected or [AddDetail(before)]


# Words naming a field at the head of its part of a message that corrects several ("时间就写周日全天。范围是整个浮桥镇").
SEGMENT_WORDS = {
    "need_form": {"community": ("地点", "地方", "地址"), "urgency": ("紧急程度", "急不急", "急勿急"),
                  "phone": ("电话", "号码", "手机"), "need_category": ("类别", "分类"), "description": ("问题描述", "描述")},
    "resource_form": {"resource_scope": ("服务范围", "范围"), "available_time": ("时间",),
                      "provider_name": ("名字", "称呼", "名称", "提供方", "联系人", "我姓"), "resource_phone": ("电话", "号码", "手机"),
                      "resource_description": ("能提供的", "能提供", "内容", "帮助", "帮忙那块", "帮忙那里", "帮忙那栏"),
                      "resource_type": ("资源类型",)},
}
_SEGMENT_LEAD = re.compile(r"^(?:的)?(?:也|还)?(?:要)?(?:改一下|改下|改改|改成|改为|换成|写成|应该是|其实是|就写|只写|写|填|就是|还是|是|就|在)?"
                           r"[：:，,\s]*(?:改成|改为|是|就是|写)?[：:\s]*")
_DENIED_PIECE = re.compile(r"^(?:不|勿|弗|覅)(?:光|只|单|仅|止)|^(?:不|勿|弗|覅)是|^(?:不要|勿要|覅)|(?:不行|没空|不方便|勿来事|不得空|勿得空)|"
                           r"^[一二三两四五\d]个字$|^(?:都)?(?:没问题|对的|对个|不变|一样)$|^(?:还有|另外|以及|而且|和|再)$")


_LAST_DIGITS = re.compile(r"(?:(?:最后|后|末尾|尾巴)(?:的|面|头)?(?:(?:[两二三四234])(?:位|个数字?|个号)(?:数字?)?)?|尾号|尾数)"
                          r"(?:是|改成|应该是|为|换成)?[：:\s]*(?P<digits>\d{2,4})(?!\d)")
# "最后一位是6 勿是9": the one last digit
_LAST_DIGIT = re.compile(r"(?:最后|末尾|尾巴)(?:的|面|头)?(?:一|1)(?:位|个数字?|个号)(?:数字?)?(?:是|改成|应该是|为|换成)?[：:\s]*"
                         r"(?P<digits>\d)(?!\d)")
# "最后是7309 勿是7390", "勿是7390 是7309": the digits said, and the ones written wrongly
_DIGITS_SWAPPED = re.compile(r"(?P<new>\d{2,6})[，,\s]*(?:不|勿|弗)是[：:\s]*(?P<old>\d{2,6})(?!\d)|"
                             r"(?:不|勿|弗)是[：:\s]*(?P<old2>\d{2,6})[，,\s]*(?:而是|应该是|是|改成)[：:\s]*(?P<new2>\d{2,6})(?!\d)")


_SPOT_NUMBER = re.compile(r"门牌|\d+(?:楼|幢|栋|号楼|室|单元|组|层)")


def _last_digits_corrected(text: str, state: State) -> list[Command] | None:
    """"号码输错了，最后四位是3465", "最后是7309 勿是7390": the number given, the digits said wrongly replaced."""
    fields = FORMS.get(state.form or "")
    if fields and fields.phone and parse_phone(text or ""):
        return _digits_put_right_at_once(text, fields.phone)
    current = parse_phone(str(state.filled.get(fields.phone) or "")) if fields and fields.phone else None
    if not current or len(current) < 11:
        return None
    swapped = _DIGITS_SWAPPED.search(text or "")
    about_the_phone = re.search(r"电话|手机|(?<!门牌)号码|数字|尾号", text or "") and not _SPOT_NUMBER.search(text or "")
    if swapped and (about_the_phone or len(swapped.group("old") or swapped.group("old2")) >= 4):
        new, old = swapped.group("new") or swapped.group("new2"), swapped.group("old") or swapped.group("old2")
        if len(new) == len(old) and current.count(old) == 1:
            return [SetField(fields.phone, current.replace(old, new), corrected=True)]
        if current.endswith(old[-len(new):]) if len(new) <= len(old) else False:
            return [SetField(fields.phone, current[:-len(new)] + new, corrected=True)]
        return [AskAgain(fields.phone)]  # the wrong digits are not in the number: asked again, never guessed
    found = _LAST_DIGITS.search(text or "") or _LAST_DIGIT.search(text or "")
    if not found:
        return None
    digits = found.group("digits")
    return [SetField(fields.phone, current[:-len(digits)] + digits, corrected=True)]



def _digits_put_right_at_once(text: str, field_name: str) -> list[Command] | None:
    """"13862473915 哦勿对 最后是916": the number just typed, its last digits put right in the same breath."""
    typed = re.search(r"\d[\d\s-]{9,}\d", text)
    after = text[typed.end():] if typed else ""
    if not typed or not re.search(r"勿对|不对|弗对|错了|说错|讲错|打错|输错", after):
        return None
    found = _LAST_DIGITS.search(after) or _LAST_DIGIT.search(after)
    given = parse_phone(typed.group())
    if not found or not given or len(given) < 11 or parse_phone(after):
        return None
    digits = found.group("digits")
    return [SetField(field_name, given[:-len(digits)] + digits)]

def _field_segments(text: str, state: State, places: Places) -> list[Command] | None:
    """"服务范围改成全镇，时间还是礼拜二礼拜四下午": each field named with its own words after it, each read on its
    own; None unless two fields or more are named."""
    words = SEGMENT_WORDS.get(state.form or "")
    if not words:
        return None
    pattern = "|".join(sorted((re.escape(w) for ws in words.values() for w in ws), key=len, reverse=True))
    field_of = {w: f for f, ws in words.items() for w in ws}
    hits: list[tuple[int, int, str]] = []
    for found in re.finditer(pattern, text):
        if _NEG_BEFORE.search(text[:found.start()]) or not names_the_field(text, found.start(), found.group()):
            continue
        field_name = field_of[found.group()]
        if hits and hits[-1][2] == field_name:
            hits[-1] = (hits[-1][0], found.end(), field_name)  # "名字不对，名字就是…": its value after the last
            continue
        hits.append((found.start(), found.end(), field_name))
    if len({f for _, _, f in hits}) < 2:
        return None
    commands: list[Command] = []
    ends = [0, *[h[1] for h in hits[:-1]]]
    for (start, end, field_name), following, before in zip(hits, [*[h[0] for h in hits[1:]], len(text)], ends, strict=True):
        value = _segment_value(field_name, text[end:following], state, places)
        if value is None and before < start:  # "…璜泾镇里都好跑，范围帮我改一下": the value said before the field
            value = _segment_value(field_name, text[before:start], state, places)
        if value is None:
            commands.append(AskAgain(field_name))
        else:
            commands.append(_unchanged(SetField(field_name, value, corrected=True), state))
            commands += _rewrite_notes(field_name, None, value, state, places)
    return commands


_IN_CLAUSE_DENIAL = re.compile(r"(?<=[\u4e00-\u9fff\d])(?:不|勿|弗|覅)(?:光|只)?是")


def _segment_value(field_name: str, words: str, state: State, places: Places) -> str | None:
    body = _SEGMENT_LEAD.sub("", words.strip(" ，,。；;！!"))
    # "涂松村不是泥桥村": the words before the denial
    clauses = [_IN_CLAUSE_DENIAL.split(c)[0] or c for c in clause_split(body)]
    kept = [c for c in clauses if not _DENIED_PIECE.search(c) and not says("correction", c) or _CHANGE_TO.search(c)]
    said = " ".join(_SEGMENT_LEAD.sub("", c) for c in kept).strip()
    if not said:
        return None
    if field_name == "provider_name":
        said = re.sub(r"[一二三两四五\d]个字$", "", said)
    return value_for(field_name, said, state.form or "", places)


def read_corrections(text: str, state: State, places: Places) -> list[Command]:
    """Every correction a message makes: "地方改成涂松村 紧急程度改成难" changes both fields."""
    challenged = _challenged_field(text.strip(), state)
    if challenged:  # "类别哪能是多元文化融合 这个是噪音扰民呀": the field denied, then what it is
        field, word, rest = challenged
        rest = re.sub(r"^[\s，,。]*(?:这个|迭个|格个|搿个|伊|这|明明|明明是|其实)?(?:是|算|属于)?", "", rest)
        if field == "urgency":
            return []  # the level questioned and counted anew is read where levels are (_level_questioned)
        read = [c for c in _read_corrections(f"{word}不对 应该是{rest}", state, places)
                if getattr(c, "field", None) == field] if content_chars(rest) >= 2 else []
        return read or [AskAgain(field)]
    removal = _removal_then_more(text, state, places)
    if removal:
        return removal
    return _read_corrections(text, state, places)




def _removal_then_more(text: str, state: State, places: Places) -> list[Command] | None:
    """"能提供那里问补贴那句删脱。还有范围，附近几个村都可以": words taken out in one sentence, the rest read
    on its own (a removal is never read as the new words of the field it names)."""
    if not says("remove_words", text) or _QUOTED.search(text) or _DROP_LAST.search(text) or _ASKED_NOT_WRITTEN.search(text):
        return None  # quoted words, the last words added, or their questions written in: their own readings
    sentences = [p for p in re.split(r"(?<=[。；;！!])|[，,\s]+(?=再加|还要加|另外加|加一句|补一句|再补)", text) if p.strip()]
    removing = "".join(p for p in sentences if says("remove_words", p))
    removed = _words_removed(removing, state)
    fields = FORMS.get(state.form or "")
    if not removed or fields is None or not any(getattr(c, "field", None) == fields.notes for c in removed):
        return None  # (words asked out that are not written: said back as it stands, never written in their place)
    rest = "".join(p for p in sentences if not says("remove_words", p)).strip()
    if not rest:
        return removed
    notes = next((c.value for c in removed if isinstance(c, SetField) and c.field == fields.notes), None)
    added = _WORDS_ADDED.match(rest + " ")
    if added and content_chars(rest[added.end():]) >= 2:  # "…删脱，再加一句 垃圾房个门坏脱了关勿拢": the words added after
        return removed + [AddDetail(rest[added.end():].strip(" ，,：:"))]
    after = replace(state, filled={**state.filled, fields.notes: notes}) if notes else state
    return removed + [c for c in _read_corrections(rest, after, places) if getattr(c, "field", None) != fields.notes]


def _read_corrections(text: str, state: State, places: Places) -> list[Command]:
    each = _sentence_by_sentence(text, state, places)
    if each:
        return each
    return _read_corrections_whole(text, state, places)


def _sentence_by_sentence(text: str, state: State, places: Places) -> list[Command]:
    """"名字写“…”就好。“我们勿是来求帮忙”这句删脱。类型应该是文化活动吧": sentences that each change a field of
    their own, each read on its own; nothing when any sentence changes nothing or two change the same field."""
    sentences = [p for p in re.split(r"(?<=[。；;！!])", text) if content_chars(p) >= 2]
    if len(sentences) < 2:
        return []
    read = [_read_corrections_whole(p, state, places) or _place_said_alone(p, state, places) for p in sentences]
    fields = [c.field for commands in read for c in commands if isinstance(c, SetField)]
    if not all(read) or any(not isinstance(c, SetField) for commands in read for c in commands) \
            or len(fields) != len(set(fields)):
        return []
    return [c for commands in read for c in commands]


def _place_said_alone(sentence: str, state: State, places: Places) -> list[Command]:
    """"是凡山村！" as one sentence of several: the place meant, when nothing else is said in it."""
    sentence = _WRONG_NOW.sub("", sentence)  # "哪能地点又变回香塘村了 是凡山村！": the place after the dismay
    place = places.place_in(sentence) if state.form == "need_form" else None
    rest = re.sub(r"^(?:勿对|不对|弗对)?[，,\s]*(?:是|就是|应该是|其实是|在)?", "", places.without_places(sentence).strip(" ，,。！!"))
    if place is None or content_chars(rest) > 1 or place == state.filled.get("community"):
        return []
    return [SetField("community", place, corrected=True)]


# "哪能地点又变回香塘村了": dismay at what is written now, which names the wrong value, not the one meant
_WRONG_NOW = re.compile(r"(?:哪能|怎么|为啥|为什么|咋)(?:会)?[^，,。！!？?\s]{0,6}(?:又|还)(?:变回|变成|写成|记成|是)[^，,。！!？?\s]{0,12}"
                        r"(?:了|哉|啦)?[，,。！!？?\s]*")


def _read_corrections_whole(text: str, state: State, places: Places) -> list[Command]:
    said = _WRONG_NOW.sub("", text).strip()
    text = said if content_chars(said) >= 2 else text
    at_summary = state.form in FORMS and state.asked == FORMS[state.form].confirm
    # the edits of the text itself first, then several fields named at once: the first that reads the message
    for edit in (lambda: _questions_taken_out(text, state), lambda: _kind_said_as_the_provider(text, state),
                 lambda: _written_words_out(text, state),
                 lambda: _pairs_replaced(text, state, places),
                 lambda: _words_replaced(text, state, places), lambda: _quoted_removed(text, state, places),
                 lambda: _notes_rewritten(text, state),
                 lambda: _added_to_a_field(text, state),
                 lambda: _last_digits_corrected(text, state),
                 lambda: _field_segments(text, state, places) if says("correction", text) or at_summary else None,
                 lambda: _spot_numbers_corrected(text, state), lambda: _direction_corrected(text, state),
                 lambda: _sentences_dropped(text, state),
                 lambda: _last_words_dropped(text, state), lambda: _only_the_start_kept(text, state),
                 lambda: _words_removed(text, state),
                 lambda: _extra_words_removed(text, state)):
        commands = edit()
        if commands:
            return commands
    parts = _correction_parts(text, state)
    if len(parts) > 1:
        each = [c for part in parts for c in (_written_as(part, state, places) or read_correction(part, state, places))]
        if len({c.field for c in each if isinstance(c, (SetField, AskAgain))}) > 1:
            last = {c.field: c for c in each if isinstance(c, (SetField, AskAgain))}
            return list(last.values())
    read = _written_as(text, state, places) or read_correction(text, state, places)
    denied = _denied_then_said(text, state)
    return denied if denied and _words_lost_or_elsewhere(read, denied) else read


def _words_lost_or_elsewhere(read: list[Command], denied: list[Command]) -> bool:
    """The general reading of "勿是A，是B" asks again, changes another field, or keeps far fewer of the written words
    than putting B where A stands ("勿是外机滴水，是空调冷凝水管子断脱了" is no new description, nor a category)."""
    notes = denied[0]
    kept = next((c for c in read if isinstance(c, SetField) and c.field == notes.field), None)
    return kept is None or any(isinstance(c, AskAgain) for c in read) or len(kept.value) < 0.6 * len(notes.value)


# "南门口要改成北门口", "把“通通下水道”改成“修修门锁”", "描述里南门口改成北门口": words as written, then new words
_OPENS, _CLOSES = "“\"'‘「『", "”\"'’」』"
_QUOTED_REPLACED = re.compile(rf"(?:把|拿)?[{_OPENS}](?P<old>[^{_CLOSES}]{{1,40}})[{_CLOSES}](?:这几个字|几个字|这句话?|那句话?)?"
                              rf"(?:要|应该|请|帮我|麻烦)?(?:改成|改为|换成|写成|改做)[：:\s]*[{_OPENS}]?(?P<new>[^{_CLOSES}]+)[{_CLOSES}]?")
_PLAIN_REPLACED = re.compile(r"(?:^|[，,。；;\s])(?:[^，,。；;\s]{0,6}?(?:里|里头|里面|那里)(?:的|格|个)?)?(?:把|拿)?"
                             r"(?P<old>[^，,。；;\s]{2,20}?)(?:要|应该|请|帮我|麻烦)?(?:改成|改为|换成|写成|改做)[：:\s]*"
                             r"(?P<new>[^，,。；;\s]+)")
# Said after the new words, about the rest: "其他勿变", "我讲过了"
_REST_UNCHANGED = re.compile(r"^(?:其他|其余|别的|其它|别格|其他格)(?:都|侪)?(?:(?:勿|不|覅|别)(?:变|动|改)|没问题|呒问题|没错|勿错|对的|一样|照旧)|"
                             r"^(?:我)?(?:讲|说)过(?:了|哉)")


_ONLY = re.compile(r"^(?:光|只|就|单)")
_IN_BETWEEN = "[也都还又就]?"  # "墙刮坏了" said of "墙也刮坏了"


def _denied_then_said(text: str, state: State) -> list[Command] | None:
    """Words said not to be what is written, then what is meant: the written words replaced where they stand (what
    is said after them is added); None when the words denied are not written."""
    fields = FORMS.get(state.form or "")
    text = text.strip()
    said = _NOT_X_BUT_Y.search(text)  # "勿是外机滴水，是空调冷凝水管子断脱了", "勿是光写春联 是写春联搭福字 …"
    notes = (state.filled.get(fields.notes) or "") if fields and fields.notes else ""
    if not said or not notes or not re.fullmatch(r"(?:勿对|不对|弗对)?[，,\s]*", text[:said.start()]):
        return None
    old = re.sub(r"(?:呀|啊|哦)$", "", said.group("old"))
    new, *after = re.split(r"[，,。；;\s]", said.group("new").strip(), maxsplit=1)  # the words meant, then more said
    rest = (after[0] if after else "").strip(" ，,。")
    for denied in (old, _ONLY.sub("", old)):
        written = re.search(_IN_BETWEEN.join(re.escape(c) for c in denied), notes)
        if written and content_chars(denied) >= 2:
            start = written.start()
            # "勿是外机滴水，是空调冷凝水…" of "楼上空调外机滴水": the words before it that the new ones say again
            start -= next((k for k in range(min(len(new), start), 1, -1) if notes[start - k:start] == new[:k]), 0)
            return [SetField(fields.notes, notes[:start] + new + notes[written.end():], corrected=True),
                    *([AddDetail(rest)] if content_chars(rest) >= 4 else [])]
    return None


# "问题里头开头还写着沙溪香塘村 拿伊去脱": the words said to be written, then taken out by a pronoun
_WRITTEN_THEN_OUT = re.compile(r"(?:还|也)?(?:写着|写了|写的是|写的|有)(?P<what>[^，,。；;\s]{2,24}?)[，,\s]*(?:拿|把)?(?:伊|它|迭个|搿个|格个|这个|那个)?"
                               r"(?:也|都)?(?:去脱|去掉|删脱|删掉|拿脱|拿掉|划掉)(?:伊|它)?(?:吧|了|哉|好了)?[。！!\s]*$")


def _written_words_out(text: str, state: State) -> list[Command] | None:
    fields = FORMS.get(state.form or "")
    notes = (state.filled.get(fields.notes) or "") if fields and fields.notes else ""
    said = _WRITTEN_THEN_OUT.search(text.strip())
    if not said or not notes or said.group("what") not in notes:
        return None
    kept = re.sub(r"^[\s，,；;]+|[\s，,；;]+$", "", notes.replace(said.group("what"), "", 1))
    return [SetField(fields.notes, kept, corrected=True)] if content_chars(kept) >= 2 else None


def _pairs_replaced(text: str, state: State, places: Places) -> list[Command] | None:
    """"两三点改成三四点 还有3号楼改成8号楼", "两天改成三天，青菜改成西兰花": several words each changed where written in the
    free text, all of them or none (never "已改" with one of two done)."""
    fields = FORMS.get(state.form or "")
    notes = (state.filled.get(fields.notes) or "") if fields and fields.notes else ""
    pairs = [(m.group("old").strip(), m.group("new").strip(" ，,。")) for m in _PLAIN_REPLACED.finditer(text)]
    pairs = [(re.sub(r"^(?:还有|另外|再|和|跟)", "", old), new) for old, new in pairs]
    if len(pairs) < 2 or not notes:
        return None
    if any(old not in notes or not new or _field_named(old, fields) not in (None, fields.notes) for old, new in pairs):
        return None
    kept = notes
    for old, new in pairs:
        kept = kept.replace(old, new, 1)
    return [SetField(fields.notes, kept, corrected=True)]


def _words_replaced(text: str, state: State, places: Places) -> list[Command] | None:
    """Words said as written, to be changed to new ones: changed where they are written (the free text first, then
    the time or the name), never the instruction written in; words not found written are no change of this kind."""
    fields = FORMS.get(state.form or "")
    found = _QUOTED_REPLACED.search(text) or _PLAIN_REPLACED.search(text)
    if fields is None or found is None:
        return None
    old, new = found.group("old").strip(), found.group("new").strip(" ，,。")
    if not new or old == new or content_chars(new) < 1:
        return None
    named = _field_named(old, fields)
    if named and named not in FREE_TEXT and content_chars(old) <= 4:
        # "紧急程度改为愁", "时间是腊月廿头到正月半": the field named, never those words where the description says them
        return None
    written = [f for f in (fields.notes, "available_time", "provider_name") if old in (state.filled.get(f) or "")]
    if not written:
        return None
    rest = [c for c in clause_split(text[found.end():]) if content_chars(c) >= 2 and not _REST_UNCHANGED.search(c)]
    if rest:
        return None  # more said after: read as a whole by the other readings
    field = written[0]
    return [SetField(field, (state.filled.get(field) or "").replace(old, new, 1), corrected=True)]


# The free text named ("能提供写", "问题描述那里只要", "内容就写"), then told what it is to say instead
def _names_one(clause: str) -> bool:
    """"我叫钱卫东", "另外我大名叫钱卫东": a name said, read apart from the words it stands beside."""
    return bool(name_said(clause) or re.search(r"(?:大名|名字|姓名)(?:叫|是)", clause) and full_names_in(clause))


# "手机勿开勿是帮忙呀": words said to be no part of the free text, naming what they are about
_NOT_OF_THE_NOTES = re.compile(r"(?:勿|不|弗)是(?:帮忙|帮助|能提供|提供|问题)")
_NOTES_NAMED = {"need_form": r"问题描述|问题|描述", "resource_form": r"能提供的?|提供的?(?:帮助)?|内容|描述"}
_REWRITE_MARK = (r"(?:那里|那边|那一栏|那块|里面|里头|里)?[\s，,]*(?:就|只|也)?(?:写成?|改成|改为|换成|只要一句|只写一句|只留一句|只要|就一句)"
                 r"(?:(?:得)?(?:短一点|短点|简单点|简单一点|简单些|少一点|精简一点))?")  # "就写短一点：…"
# The words said again in short, to stand for them: "简单说就是：会议室免费借给村里用"
_IN_SHORT = re.compile(r"^(?:简单(?:说|讲|讲讲|点说|点讲|来说)|总之|总而言之|一句话|一句话讲|总的来说|长话短说)(?:就是|是)?[：:，,\s]+(?P<new>.+)$")
# Words saying the whole text is to go ("前头那些全部删脱", "写得乱七八糟", "只要一句"): what follows replaces it
_WHOLE_GOES = re.compile(r"(?:后头|后面|前头|前面|最后)(?:格|的|那|这)?(?:几句|那句|这句|几个字|一句)[^，,。]{0,3}(?:覅|勿要|不要|别|删|去掉|拿脱)"
                         r"(?:写进去|写上去|写|掉|脱)?|全部(?:删|去|拿)|(?:前头|前面|上面)(?:那些|的|那段|那句|写的)|乱七八糟|只要一句|只写一句|只留一句|重新写")
_WRITE_INSTEAD = re.compile(r"(?:写成?|改成|改为|换成|只要一句|只写一句|只留一句|就一句|只要)[：:，,\s]*(?P<new>.+)$")
# Said after the new words, about them: "小人去掉", "好了", "就行"
_AFTER_THE_WORDS = re.compile(rf"{_OUT_WORDS.pattern}|^(?:好了?|就行了?|就好|可以了?|就介|就这样|谢谢)$")


def _notes_rewritten(text: str, state: State) -> list[Command] | None:
    """"能提供写 教竹编 也可以帮忙修竹篮竹椅", "前头那些全部删脱 只要一句 教老人家竹编…", "前面那句乱七八糟的去掉
    改成：…": the free text told what to say instead, in full; what follows the words is the new text, and
    removals or courtesies said after it are no part of it."""
    fields = FORMS.get(state.form or "")
    named = _NOTES_NAMED.get(state.form or "")
    if not fields or not named or not state.filled.get(fields.notes):
        return None
    others = [c for c in clause_split(text) if _field_named(c, fields) not in (None, fields.notes) and not _names_one(c)
              and not _NOT_OF_THE_NOTES.search(c)]
    if others:
        return None  # "地点写南郊社区12幢后面 问题就写…": several fields told, each read as such
    told = re.search(rf"(?:{named}){_REWRITE_MARK}(?![得错])[：:，,\s]*(?P<new>.+)$", text)  # "写错了" tells no words
    if told is None and says("correction", text):  # "勿对勿对 问题是老街公共厕所邋遢 臭…": the words as they should be
        told = re.search(rf"(?:^|[\s，,])(?:{named})(?:应该是|是)(?P<new>.+)$", text)
    if told is None and _WHOLE_GOES.search(text):
        # "前头那些覅写上去，就写上门帮…": what to write follows the words saying what not to
        start = max([_WHOLE_GOES.search(text).end(), *(m.end() for m in _NOT_PUT_IN.finditer(text))])
        told = _WRITE_INSTEAD.search(text, start)
    if told is None:
        told = _IN_SHORT.search(text)
    if told is None:
        return None
    said = told.group("new")
    clauses = clause_split(said)
    dropped = [c for c in clauses if _names_one(c)]  # the name is read apart
    clauses = [c for c in clauses if c not in dropped]
    while clauses and _AFTER_THE_WORDS.search(clauses[-1]):
        dropped.append(clauses.pop())
    for clause in dropped:  # the words as said, with their own stops, without the clauses that are no part of them
        said = said.replace(clause, "")
    new = re.sub(r"([\s，,。；;])[\s，,。；;]+", r"\1", said).strip(" ：:，,。；;")
    if content_chars(new) < 4 or any(re.match(r"(?:不|勿|弗)是", c) for c in clauses):
        return None  # "问题是路灯 不是垃圾": one word for another, read as such
    return [SetField(fields.notes, new, corrected=True), *_name_beside(dropped, state)]


def _name_beside(clauses: list[str], state: State) -> list[Command]:
    """"另外我大名叫钱卫东" said with new words for the help: the name, as the name field takes it."""
    named = next((c for c in clauses if _names_one(c)), None)
    if state.form != "resource_form" or named is None:
        return []
    who = full_names_in(named)
    who = who[0] if who else name_said(named)
    unit = state.filled.get("provider_name") or ""
    value = beside_unit(unit, who) if is_organisation_name(unit) and "（" not in unit else who
    return [SetField("provider_name", value, corrected=value != unit)] if who else []


# A field named, then words to add to it: "时间那里帮我加一句考试周不来", "能提供的后面再加上 会修竹椅"
_ADD_TO = re.compile(r"(?:那里|那边|那一栏|里面|里头|里|后面|后头)?(?:帮我|给我|麻烦)?(?:要|也要|还要)?(?:再)?(?:写上|加上|添上|补上|加|添|补)(?:一句|一下|上|个)?"
                     r"[：:，,\s]*(?P<new>.+)$")
_ADD_BACK = re.compile(r"(?:加|添|补|写|放|记)(?:回去|回来|进去|上去|一句|上)(?:吧|一下|好伐)?[：:]\s*(?P<new>[^：:]+)$")
_ADDED_FIELDS = {"available_time": r"时间", "description": r"问题描述|问题|描述", "resource_description": r"能提供的?|内容"}


_SENTENCE_MISSING = re.compile(r"(?P<what>[^，,。！!？?\s]{2,24}?)(?:的|个|格)?(?:那句|这句|那段|这段|那条)(?:话)?(?:还是)?"
                               r"(?:没|没有|勿曾|呒没|漏)(?:写|记|加|放)(?:上去|进去|上)?|"
                               r"(?P<what2>[^，,。！!？?\s]{2,24}?)(?:的|个|格)?(?:那句|这句|那段|这段)(?:话)?(?:漏掉了|漏了|漏脱了)")
_HOLD_HEAD = re.compile(r"^(?:让我|我|等我|容我)(?:再)?(?:想想|想一想|想一下|考虑考虑|考虑一下)(?:看)?[…。，,.\s]+")
_MISSED_THEN_SAID = re.compile(r"(?:哪能|怎么|为啥|为什么|咋)(?:会)?(?:没|没有|呒没|勿曾|勿)(?:写|记|加)(?:上去|进去|上|牢)?"
                               r"(?:呀|啊|呢|哦|哉)?[，,。！!？?\s]+(?P<new>.+)$")
def _contact_in(text: str) -> str | None:
    """"联系人写我们店长顾红梅": the person named after 联系人, by their full name when it is said."""
    after = re.search(r"联系人[^，,。；;\s]*", text)
    names = full_names_in(after.group()) if after else []
    if names:
        return names[0]
    named = _CONTACT_NAMED.search(text)
    return named.group("who") if named else None


_CONTACT_NAMED = re.compile(r"联系人(?:是|叫|姓|为|：|:)?\s*(?![写记加要也没勿我伲阿上是])(?P<who>[\u4e00-\u9fff]{1,4}?)"
                            r"(?=也|要|写|记|加|没|勿|，|,|。|；|\s|电话|手机|$)")


def _contact_named(text: str, state: State) -> list[Command]:
    """"还有联系人沈经理也写一下": the unit's contact person, beside its name ("太仓绿城物业（沈经理）")."""
    named = _contact_in(text)
    unit = state.filled.get("provider_name") or ""
    if state.form != "resource_form" or not named or not unit or "（" in unit or not is_organisation_name(unit):
        return []
    return [SetField("provider_name", beside_unit(unit, named), corrected=True)]


def _added_to_a_field(text: str, state: State) -> list[Command] | None:
    """Words added to a field named: the time gets them after what it says; the free text gets them as a detail."""
    fields = FORMS.get(state.form or "")
    for field_name, words in _ADDED_FIELDS.items():
        if not fields or field_name not in fields.named_by or not state.filled.get(field_name):
            continue
        found = re.search(rf"(?:{words}){_ADD_TO.pattern}", text)
        new = found.group("new").strip(" ：:，,。") if found else ""
        new = re.split(r"[。！!？?；;]", new)[0]  # "时间加上：周末要提前一天说。另外…？": the next sentence is its own
        # "…呀，不然别人以为我一直有空": why it should be written is no part of it
        new = _TAIL_PARTICLES.sub("", "，".join(c for c in clause_split(new) if not says("about_the_talk", c)))
        if content_chars(new) < 2:
            continue
        if field_name == fields.notes:
            return [AddDetail(new)]
        return [SetField(field_name, f"{state.filled[field_name]}（{new}）", corrected=True)]
    missing = _SENTENCE_MISSING.search(text)
    said = (missing.group("what") or missing.group("what2")) if missing else ""
    if fields and fields.notes and state.filled.get(fields.notes) and content_chars(said) >= 2:
        # "免费和空调电费我们出的那句没写上去": the sentence described is the one to add; a contact named beside it
        # ("还有联系人沈经理也写一下") goes beside the unit's name
        rest = text[:missing.start()] + text[missing.end():]
        return [AddDetail(said.strip(" ：:，,。")), *_contact_named(rest, state)]
    missed = _MISSED_THEN_SAID.search(text)
    if fields and fields.notes and state.filled.get(fields.notes) and missed:
        # "鸽子屎个事体哪能呒没写 12幢 养了三四十只 …": the words said after the complaint are the ones to add
        words = detail_words(missed.group("new"))
        if content_chars(words) >= 4:
            return [AddDetail(words)]
    told = _ADD_BACK.search(text)
    if fields and fields.notes and state.filled.get(fields.notes) and told and content_chars(told.group("new")) >= 2:
        # "助餐点那句还是没有啊 帮我加回去：村里原来有个…": the words after the colon, not the asking
        return [AddDetail(told.group("new").strip(" ：:，,。"))]
    return None


# Where exactly, by number: a floor, a building, a unit, a room, a group of a village
_SPOT_KINDS = {"楼": "floor", "层": "floor", "幢": "building", "栋": "building", "号楼": "building",
               "单元": "unit", "室": "room", "组": "group"}
# "3号楼下头" is building 3 still; "3楼下头", "3楼梯" name no floor
_SPOT = re.compile(r"(?P<n>\d{1,4}|[一二三四五六七八九十两]{1,3})(?P<kind>号楼(?![梯道])|(?:单元|[楼层幢栋室组])(?![梯道房顶下上]))")
_SPOT_TOLD = re.compile(r"(?:楼层|几楼|楼号|幢号|门牌|单元|房间)(?:是|写|改成|应该是)")


_TAIL_PARTICLES = re.compile(r"(?:才对|的|个|格|额|呀|啊|哦|哉|了)+$")


def _spot_numbers_corrected(text: str, state: State) -> list[Command] | None:
    """"我记错了 是14幢 勿是12幢 楼层是7楼": each floor, building or room said anew takes the place of the one of its
    kind in the words, or is added when the words name none; the ones denied are never written."""
    fields = FORMS.get(state.form or "")
    notes = (state.filled.get(fields.notes) or "") if fields and fields.notes else ""
    if not notes or not (says("correction", text) or _SPOT_TOLD.search(text)) \
            or any(_field_named(c, fields) not in (None, fields.notes) for c in clause_split(text)):
        return None  # "地点写南郊社区12幢后面 问题就写…": fields told what to write, read as such
    affirmed, denied_words = [], []
    for clause in clause_split(text):
        if _DENIED_PIECE.search(clause):
            denied_words.append(clause)
            continue
        head, *rest = _IN_CLAUSE_DENIAL.split(clause, maxsplit=1)  # "是5楼勿是3楼": 3楼 denied
        affirmed.append(head)
        denied_words += rest
    said = [m for clause in affirmed for m in _SPOT.finditer(clause)]
    if not said:
        return None
    denied = [m.group() for clause in denied_words for m in _SPOT.finditer(clause)]
    kept, added = notes, []
    for spot in said:
        kind = _SPOT_KINDS[spot.group("kind")]
        written = [m for m in _SPOT.finditer(kept) if _SPOT_KINDS[m.group("kind")] == kind]
        if any(m.group() == spot.group() for m in written):
            continue
        taken_back = [d for d in denied if d in kept and _SPOT_KINDS[_SPOT.match(d).group("kind")] == kind]
        # "是12组桥头那一段": the words said after the spot go with it, when they are not written yet
        tail = _TAIL_PARTICLES.sub("", spot.string[spot.end():]).strip(" ，,")
        new = spot.group() + (tail if content_chars(tail) >= 2 and tail not in kept and not says("correction", tail) else "")
        if len(taken_back) == 1 and not written:  # "勿是3楼，是5楼" of "3楼下头…": the words denied, where written
            kept = kept.replace(taken_back[0], new, 1)
        elif len(written) == 1:
            kept = kept[:written[0].start()] + new + kept[written[0].end():]
        elif not written:
            added.append(spot.group())
        else:
            return [AskAgain(fields.notes)]  # two floors written: which one is meant is asked, never guessed
    if kept == notes:
        if added and content_chars(detail_words(" ".join(c for c in clause_split(text) if not _SPOT.search(c)))) >= 4:
            return None  # "…哪能呒没写 12幢 养了三四十只 …": the spot is one of the words missed, all of them added
        return [AddDetail("".join(added))] if added else None
    # one change of the words: a detail applied after it would start again from the words before it
    return [SetField(fields.notes, kept + ("，" + "".join(added) if added else ""), corrected=True)]


# "勿对是北边那个门口": a side said for a thing; "南门口" written: the side put right where written
_SIDE_SAID = re.compile(r"(?P<side>[东南西北])(?:边|面|头|首|侧)?(?:那个|那只|那|个|格|的|额)?(?P<thing>[\u4e00-\u9fff]{1,2})")


def _direction_corrected(text: str, state: State) -> list[Command] | None:
    fields = FORMS.get(state.form or "")
    notes = state.filled.get(fields.notes) if fields and fields.notes else None
    at_summary = fields is not None and state.asked == fields.confirm
    if not notes or not (says("correction", text) or at_summary) or content_chars(text) > 14:
        return None
    for said in _SIDE_SAID.finditer(text):
        written = re.search(rf"(?P<side>[东南西北])(?=(?:边|面|头|首|侧)?(?:的|个|格)?{said.group('thing')})", notes)
        if written and written.group("side") != said.group("side") and said.group("side") not in notes[written.start():written.end() + 4]:
            swapped = notes[:written.start()] + said.group("side") + notes[written.end():]
            return [SetField(fields.notes, swapped, corrected=True)]
    return None


def _correction_parts(text: str, state: State) -> list[str]:
    """The message cut where a clause corrects another field than the one being corrected."""
    fields = FORMS[state.form or ""] if state.form in FORMS else None
    if fields is None or not says("correction", text):
        return [text]
    parts: list[list[str]] = []
    named: set[str] = set()
    denied = ""
    for clause in _assignment_split(clause_split(text), fields):
        if _only_a_field_denied(clause, fields) and not parts:
            denied += clause + "，"  # "勿是内容，是单位名字写错了…": which field is not meant, said before the one that is
            continue
        clause, denied = denied + clause, ""
        field = _field_named(clause, fields)
        starts = bool(parts) and field is not None and field not in named and says("correction", clause) \
            and fields.notes not in named and says("correction", " ".join(parts[-1])) \
            and not (named and _VALUE_LEAD.match(clause))  # "类别不对吧 应该是环境问题": the value of the field named
        if not parts or starts:
            parts.append([])
            named = set()
        parts[-1].append(clause)
        named |= {field} if field else set()
    return [" ".join(part) for part in parts] if len(parts) > 1 else [text]  # one part: as said, brackets kept


# "类别哪能是多元文化融合", "紧急程度为啥是难": a field's value questioned as wrong
_CHALLENGED = re.compile(r"^(?P<field>类别|类型|分类|紧急程度|程度|地方|地点)(?:哪能|怎么|为啥|为什么|咋|哪能会|怎么会)(?:会)?(?:是|算|记成|分到|写成)"
                         r"[^，,。\s]{0,10}")
# "哪能会是物业 明明是邻里之间个矛盾呀": the value written questioned, with no field named
_VALUE_CHALLENGED = re.compile(r"^(?:哪能|怎么|为啥|为什么|做啥|咋)(?:会)?(?:是|算|记成|分到|归到)(?P<value>[^，,。？?\s]{1,10})")


def _challenged_field(text: str, state: State) -> tuple[str, str, str] | None:
    """(field, its word, what follows) for a field's value questioned as wrong, else None."""
    fields = FORMS.get(state.form or "")
    if fields is None:
        return None
    named = _CHALLENGED.match(text)
    if named:
        field = _field_named(named.group("field"), fields)
        return (field, named.group("field"), text[named.end():]) if field else None
    found = _VALUE_CHALLENGED.match(text)
    if found is None or state.form != "need_form":
        return None
    value = found.group("value")
    if re.fullmatch(r"[急难愁盼](?:个|的|格)?", value):
        return "urgency", "紧急程度", text[found.end():]
    if state.filled.get("need_category") and category_from_words(value) == state.filled.get("need_category"):
        return "need_category", "类别", text[found.end():]
    return None


_VALUE_LEAD = re.compile(r"^(?:应该是|应当是|其实是|应该算|应该归|应该分到|应该属于)")


def _only_a_field_denied(clause: str, fields: FormFields) -> bool:
    said = re.match(r"^(?:不|勿|弗|覅)是(?P<word>.+?)(?:啊|呀|哦|个|格)?$", clause)
    return bool(said) and any(said.group("word") in words for words in fields.named_by.values())


def _assignment_split(clauses: list[str], fields: FormFields) -> list[str]:
    """"称呼写沈律师时间就写礼拜天上午" in one breath: cut where a second field is told what to write."""
    words = "|".join(sorted({w for ws in fields.named_by.values() for w in ws if len(w) >= 2}, key=len, reverse=True))
    told = re.compile(rf"(?:{words})+(?:就|要|请|帮我)?(?:写成?|填成?|记成?|改成|改为|换成|就是)(?![错反]|勿对|不对)")
    pieces = []
    for clause in clauses:
        cuts = [0, *[m.start() for m in told.finditer(clause) if m.start() > 0], len(clause)]
        pieces += [clause[a:b] for a, b in zip(cuts, cuts[1:], strict=False) if clause[a:b]]
    return pieces


# "问题里头电话去掉呀", "还有急个两个字也拿脱", "问题前面那句刚刚讲过了呀去掉", "后头啥辰光那几个字删掉": words taken out
_REMOVED = re.compile(r"(?P<field>(?:问题|描述|内容|能提供的?|提供(?!方)的?)(?:那里|那边|那块|这里|里头|里面|里向|里)?(?:的)?)?(?:前面|后面|后头|前头)?"
                      r"(?P<lead>那句|这句|那几个字|这几个字)?(?P<what>[^，,。\s]{1,24}?)"
                      r"(?P<marker>那句话?|这句话?|那几个字|这几个字|几个字|[两三四五六七八九十]个字|个字|那个|这个|那条|这条|那件|这件|格个|迭个)?(?:也|都)?"
                      r"(?:去掉|拿脱|拿掉|删掉|删了|删脱|划掉|(?:勿要|不要|覅|别)(?:写|放|加|记)(?:在|进|到)?)")
_PHONE_NAMED = re.compile(r"电话|号码|手机")
def _clause_said_loosely(words: str, notes: str) -> str | None:
    """"急事打电话约那句" of "…居民有急事也可以先打电话约": the one clause holding the words in their order."""
    if content_chars(words) < 3:
        return None
    pattern = re.compile(".*?".join(re.escape(ch) for ch in words))
    clauses = [c for c in re.split(r"[，,；;。！!？?]", notes) if c.strip()]
    holding = [c for c in clauses if pattern.search(c)]
    if holding:
        return holding[0] if len(holding) == 1 else None
    return _clause_sharing_most(words, clauses)


def _clause_sharing_most(words: str, clauses: list[str]) -> str | None:
    """"问电话留谁的那句" of "…；对了联系电话留我爸的还是我的": said in other words, the one clause sharing the most
    characters of the matter with them (two at least, and more than any other clause)."""
    wanted = set(_CONTENT.findall(_FILLER.sub("", words)))
    shared = sorted(((len(wanted & set(c)), c) for c in clauses), reverse=True)
    if not shared or shared[0][0] < 2 or (len(shared) > 1 and shared[1][0] == shared[0][0]):
        return None
    return shared[0][1]


# "那句问电话留谁的不用写进去": the sentence pointed at, then what it says
_SENTENCE_DESCRIBED = re.compile(r"(?:那句|这句|搿句|那一句|这一句)(?:话)?(?P<what>[^，,。\s]{2,16}?)(?:的|格|个)(?:话)?"
                                 r"(?=$|[\s，,]|(?:也|都)?(?:不用|不要|勿要|覅|别|删|去掉|拿))")


_SENTENCE_POINTED = re.compile(r"^(?:哎|唉|喏|还有)?[，,\s]*(?:问题|描述|内容|能提供的?)?(?:那里|里头|里面|里)?(?P<what>[^，,。\s]{1,12}?)(?:那句|这句|搿句)(?:话)?")
_PRONOUN_REMOVAL = re.compile(r"(?:拿|把)?(?:伊|它|迭个|搿个|格个|这个|那个|迭句|搿句)?(?:也|都)?(?:删脱|删掉|去掉|去脱|拿脱|拿掉|划掉)(?:伊|它)?(?:吧|了|哉|好了)?")
_POINTED_REMOVAL = re.compile(r"(?:拿|把)?(?:这句|那句|搿句|迭句|格句|这几个字|那几个字|搿几个字|这些|这段|那段)(?:话)?(?:也|都)?"
                              r"(?:去掉|拿脱|拿掉|删掉|删了|删脱|划掉|勿要写|不要写|别写|覅写|勿要|不要|覅)(?:了|吧|哦)?"
                              r"(?:[\s，,]*(?:勿要写|不要写|别写|覅写))?")
# "删掉 其他辰光要跑车": the verb first, then the words
_REMOVED_FIRST = re.compile(r"^(?:请|帮我|麻烦)?(?:删掉|去掉|拿脱|拿掉|删脱|划掉)(?:这几个字|这句|几个字|一句)?[：:，,\s]+"
                            r"(?:问题里的?|问题里头的?|能提供里的?|描述里的?)?(?P<what>[^，,。\s][^，,。]{0,23})$")
_TWO_REMOVED = re.compile(r"(?P<one>[^，,。\s]{1,16}?)(?:那句|这句)(?:话)?(?:跟|和|同|搭|还有|以及|、|，|,)\s*(?P<other>[^，,。\s]{1,16}?)"
                          r"(?:那句|这句)(?:话)?(?:也|都|侪)?\s*(?:去掉|拿脱|拿掉|删掉|删了|删脱|划掉|勿要|不要|覅)")
# "问题就留第一句 烧垃圾那句 后面统统勿要": the words up to the sentence named (or the first) kept, the rest taken out
_ONLY_START_KEPT = re.compile(r"(?:就|只|光)(?:留|保留|要|写)(?:第一句|头一句|开头那?句|前面那?句|第一段)|"
                              r"(?:后面|后头|后边)(?:的|格|个)?(?:话)?(?:统统|全部|都|侪|一概)(?:勿要|不要|覅|删脱|删掉|去掉|拿脱|拿掉)")
_SENTENCE_NAMED_BY = re.compile(r"(?P<what>[^，,。\s]{2,12}?)(?:那句|这句)")


# "格个是我问问侬个 勿要记进去", "怎么把我问的话都写进去了": the questions they asked are no part of the words
_ASKED_NOT_WRITTEN = re.compile(r"(?:我|伲|阿拉)(?:是)?(?:问问|问|随便问问)(?:侬|你|您)?(?:个|的|格)?(?:话)?[^。]{0,8}(?:勿要|不要|覅|别|弗要|不用)(?:记|写|放)|"
                                r"(?:怎么|哪能|为啥|为什么)[^。]{0,4}(?:把|拿)(?:我|伲|阿拉)(?:问|讲)(?:个|的|格)(?:话|问题)?[^。]{0,4}(?:写|记|放)(?:进去|上去|进来|上)|"
                                r"(?:我|伲|阿拉)(?:问|讲)(?:个|的|格)(?:话|问题)[^。]{0,3}(?:哪能|怎么|为啥|为什么)[^。]{0,3}(?:写|记|放)(?:进去|上去|进来|上)")


# "看看有没有小孩要补课的": what they would look for among the needs, said after asking for them
_LOOKS_FOR = re.compile(r"^(?:看看|看一看|看下|瞧瞧)?(?:有没有|有勿有|有冇|有啥|有什么)")
_WAIT_WORD = re.compile(r"等下|等一下|等一歇|等歇|等等|哦|噢|对了|还有")


# "提供方是单位 勿是个人": who offers is a unit (or a person, a party member): the identity, never the name
_PROVIDER_KIND = re.compile(r"^(?:提供方|提供的|身份)(?:是|算|应该是|其实是)(?P<kind>单位|企业|公司|个人|党员|社会组织|组织|学校|志愿者)"
                            r"(?:[\s，,]*(?:勿|不|弗)是(?:单位|企业|个人|党员)(?:啊|呀|哦)?)?$")


def _kind_said_as_the_provider(text: str, state: State) -> list[Command] | None:
    found = _PROVIDER_KIND.match(re.sub(r"\s+", " ", text.strip()))
    if state.form != "resource_form" or found is None:
        return None
    kind = "驻区单位" if found.group("kind") in ("单位", "企业", "公司", "学校") else normalize_provider_type(found.group("kind"))
    return [SetField("provider_type", kind, corrected=True)] if kind else [AskAgain("provider_type")]


def _notes_of(state: State) -> tuple[FormFields | None, str]:
    """The open form's fields and the words of its free-text field so far ("" when none)."""
    fields = FORMS.get(state.form or "")
    return fields, ((state.filled.get(fields.notes) or "") if fields and fields.notes else "")


_POINTED_SENTENCE = re.compile(r"(?P<what>[^\s，,。；;]{2,12}?)(?:个|的|格)?(?:搿|这|那|迭|格)句")


def _questions_taken_out(text: str, state: State) -> list[Command] | None:
    fields, notes = _notes_of(state)
    if not notes or not _ASKED_NOT_WRITTEN.search(text):
        return None
    pointed = _POINTED_SENTENCE.search(text)
    named = [s for s in re.split(r"(?<=[；;。！!？?])", notes) if pointed and pointed.group("what") in s]
    if len(named) == 1:  # "能勿能匿名搿句是我问侬个 勿要写进去": the sentence its words name, none other
        kept = re.sub(r"^[，,；;\s]+|[，,；;\s]+$", "", notes.replace(named[0], "", 1))
        return [SetField(fields.notes, kept, corrected=True)] if kept else [AskAgain(fields.notes)]
    segments = [p for p in re.split(r"(?<=[，,；;。！!？?])", notes) if p.strip()]
    kept_segments = []
    for segment in segments:
        asked = {part.strip(" ，,；;。") for clause, _ in service_questions(segment) for part in clause.split(" ")}
        parts = segment.split(" ")
        kept = [p for p in parts if p.strip(" ，,；;。") not in asked and not says("question", p) and not _ASKS_OUTRIGHT.search(p)
                and not _WAIT_WORD.fullmatch(p)]  # "等下" said before the question
        kept_segments.append(" ".join(kept) if len(kept) < len(parts) else segment)
    joined = re.sub(r"^[，,；;\s]+|[，,；;\s]+$", "", "".join(kept_segments))
    if not joined or joined == notes:
        return [AskAgain(fields.notes)]  # which words were the question is asked, never guessed
    # "…哪能写进去了 我怕担责任勿要写": the words named beside it taken out too
    rest = " ".join(c for c in clause_split(_ASKED_NOT_WRITTEN.sub("", text)) if content_chars(c) >= 2)
    also = _words_removed(rest, replace(state, filled={**state.filled, fields.notes: joined})) if rest else None
    changed = next((c.value for c in also or [] if isinstance(c, SetField) and c.field == fields.notes), None)
    return [SetField(fields.notes, changed or joined, corrected=True)]


def _only_the_start_kept(text: str, state: State) -> list[Command] | None:
    fields, notes = _notes_of(state)
    if not notes or not _ONLY_START_KEPT.search(text):
        return None
    pieces = [p for p in re.split(r"(?<=[，,；;。！!？?])", notes) if p.strip()]
    named = [m.group("what") for m in _SENTENCE_NAMED_BY.finditer(_ONLY_START_KEPT.sub("", text))]
    upto = next((i for i, p in enumerate(pieces) for what in named if what in p), None)
    if upto is None and not re.search(r"第一句|头一句|开头|前面那?句|第一段", text):
        return [AskAgain(fields.notes)]  # "后面统统勿要" after what: asked, never guessed
    upto = upto or 0
    kept = "".join(pieces[:upto + 1]).rstrip("，,；;。 ")
    if len(pieces) < 2 or kept == notes.rstrip("，,；;。 "):
        return [AskAgain(fields.notes)]  # which words to keep is asked, never guessed
    return [SetField(fields.notes, kept, corrected=True)]


_NOT_CANCELLED = re.compile(r"(?:不|勿|覅|别|弗|没|甭)(?:要|是)?(?:取消|撤回)")  # "不取消 我要改问题描述", "勿是取消"
_FIELD_LEAD = r"^(?:问题|描述|内容|能提供的?|提供的?)(?:里头|里面|里向|里)?(?:的)?\s*(?:就|是)?"
_CLAUSE_MARKERS = ("那句", "这句", "那个", "这个", "那条", "这条", "那件", "这件", "格个", "迭个")  # the clause holding the words


def _words_removed(text: str, state: State) -> list[Command] | None:
    """Words the person wants out of the description (a number, a phrase said by mistake); None when the message
    takes nothing out. Only words named as words ("…两个字", "…那句", "问题里头…") are taken out: "把垃圾拿掉" is
    a problem, not an edit."""
    fields = FORMS.get(state.form or "")
    notes = (state.filled.get(fields.notes) or "") if fields and fields.notes else ""
    if not notes or not says("remove_words", text):
        return None
    kept, unfound, asked = notes, False, False
    first = _REMOVED_FIRST.match(text.strip())
    clauses = [f"{first.group('what').strip()}那句删掉"] if first else clause_split(text)
    both = _TWO_REMOVED.search(text)
    if both:  # "问我儿子那句跟啥个难那句删脱伊": each sentence named taken out
        clauses = [f"{both.group('one')}那句删掉", f"{both.group('other')}那句删掉"]
    described = next((m for c in clauses if (m := _SENTENCE_DESCRIBED.search(c))), None)
    if described is not None:
        clauses = [f"{described.group('what')}那句删掉"]
    named_first = next((i for i, c in enumerate(clauses) if _SENTENCE_POINTED.match(c)), None)
    if named_first is not None and any(_PRONOUN_REMOVAL.fullmatch(c) for c in clauses[named_first + 1:]):
        # "电话那句勿是帮忙的内容，拿伊删脱": the sentence named, then taken out by a pronoun
        clauses = [f"{_SENTENCE_POINTED.match(clauses[named_first]).group('what')}那句删掉"]
    pointed = next((i for i, c in enumerate(clauses) if i and _POINTED_REMOVAL.fullmatch(c)), None)
    if pointed is not None:  # "能提供里面 就普通居民 个人志愿者 这句删掉": the words said before it, as one phrase
        said = re.sub(_FIELD_LEAD, "", " ".join(c for c in clauses[:pointed] if not _NOT_CANCELLED.fullmatch(c))).strip()
        clauses = [f"{said}那句删掉"] + clauses[pointed + 1:] if said else clauses
    for clause in clauses:
        told = _REMOVED.search(clause)
        # "我怕担责任勿要写" where those words are written: words about writing name words, never a job to be done
        about_writing = len(clause_split(text)) == 1 and re.search(r"(?:勿要|不要|覅|别)(?:写|放|加|记)", clause) and told is not None \
            and len(told.group("what")) >= 3 and told.group("what") in kept
        if told is None or not (told.group("field") or told.group("lead") or told.group("marker")
                                or _PHONE_NAMED.search(told.group("what")) or about_writing):
            continue
        asked = True
        what = re.sub(r"^(?:还有|另外|再把|把|那个|这个|里头|里面)+", "", told.group("what"))
        if content_chars(re.sub(r"^(?:问题|描述|内容|能提供的?)(?:里头|里面|里向|里)?", "", what)) < 2 \
                and not _PHONE_NAMED.search(what) and "字" not in (told.group("marker") or ""):
            unfound = True  # "问题里那句…": no word of the matter said, so nothing is guessed out
            continue
        if what not in kept and (told.group("marker") or "").startswith(_CLAUSE_MARKERS):
            what = re.sub(r"^(?:我|伲|阿拉)?(?:问|讲|说|写|提|加)(?:的|个|格)?", "", what)  # "问补贴那句": 补贴 is written
            what = what if what in kept else _clause_said_loosely(what, kept) or what
        sentences = [p for p in re.split(r"(?<=[；;。！!？?])", kept) if p.strip()]
        clause_named = what and what in kept and (told.group("marker") or "").startswith(_CLAUSE_MARKERS)
        if _PHONE_NAMED.search(what) and not clause_named:
            kept = without_phones(kept)
        elif clause_named:  # "电话那句" where 电话 is written: that sentence, not only the number
            holding = next(p for p in sentences if what in p)
            clauses = [c for c in re.split(r"(?<=[，,])", holding) if c.strip()]
            if len(clauses) < 2 and len(sentences) < 2:  # one sentence said with voice input's pauses for commas
                paused = [c for c in re.split(r"(?<=\s)", holding) if c.strip()]
                clauses = paused if any(what in c for c in paused) else clauses
            holding_clause = next((c for c in clauses if what in c), "")
            paused = [p for p in holding_clause.strip(" ，,").split(" ") if p]
            if len(clauses) > 1 and len(paused) > 1 and sum(what in p for p in paused) == 1 and what not in paused[0]:
                # a sentence is named by its beginning; words after a pause are only those words
                # "吓煞人那句" of "老鼠多得不得了 夜里…窜出来 吓煞人，…": the piece said between pauses, not the clause
                kept = kept.replace(holding_clause, holding_clause.replace(next(p for p in paused if what in p), "", 1)
                                    .replace("  ", " ").replace(" ，", "，").replace(" ,", ","))
                continue
            if len(clauses) > 1 and any(what not in c for c in clauses):
                # "楼道灯那句删掉" of "物业费涨了三成，楼道灯坏了也不修": that clause only, the rest of the sentence kept
                ending = holding[len(holding.rstrip("；;。！!？?")):]
                kept = kept.replace(holding, "".join(c for c in clauses if what not in c).rstrip("，,；;。！!？?") + ending)
            elif len(sentences) < 2:
                unfound = True  # "把路灯那句删掉" of a one-sentence report: what to keep is asked, never guessed
            else:
                kept = "".join(p for p in sentences if what not in p)
        elif what and what in kept:
            kept = kept.replace(what, "")
        else:
            unfound = True
    kept = re.sub(r"\s{2,}", " ", re.sub(r"^[；;，,\s]+|[；;，,\s]+$", "", re.sub(r"([；;，,])\s*[；;，,]+", r"\1", kept)))
    kept = re.sub(r"\s+([；;，,])", r"\1", kept)  # "敲坏了 ，天天要停车" once "有事打我" is out
    if kept != notes and kept:
        return [SetField(fields.notes, kept, corrected=True)]
    if unfound or kept != notes:
        return [AskAgain(fields.notes)]
    return [SetField(fields.notes, notes)] if asked else None  # already not there: said back as it stands


# "就写全市吧", "问题里写得乱七八糟 就写河浜臭 有死鱼", "时间只写礼拜三下半天就好": what to write, said outright
# "就写上门帮老人剃头": the 上 of 上门 is the offer's own word, not "写上"
_WRITE_AS = re.compile(r"(?:就|只|光|重新|干脆)写(?:成|作|个|上去|上(?![门班课街楼午海面头]))?[：:，,\s]*(?P<new>.+)$")
_NOT_PUT_IN = re.compile(r"(?:勿要|不要|覅|别)(?:放|写|加|记)(?:进去|上去|上)?")
_WRITE_AS_TAIL = re.compile(r"(?:就好了?|就行了?|就可以了?|好了|吧|就够了)$")


def _written_as(text: str, state: State, places: Places) -> list[Command]:
    """The field told what to write (named, or the one whose value the words are) and the words to write."""
    fields = FORMS.get(state.form or "")
    told = _WRITE_AS.search(text)
    if fields is None or told is None:
        return []
    quoted = _QUOTED.match(told.group("new").strip())
    if quoted:  # "名字写“浪港妈妈故事会（朱婷）”就好": the words inside the quotes, as written
        new = quoted.group(1).strip()
    else:
        kept = [re.sub(r"[一二三两四五\d]个字$", "", _WRITE_AS_TAIL.sub("", c)) for c in clause_split(told.group("new"))
                if not says("about_the_talk", c) and not says("remove_words", c) and not _NOT_PUT_IN.search(c)]
        new = " ".join(c for c in kept if c)
    if not new:
        return []
    named = _field_named(text[:told.start()], fields)
    candidates = [named] if named else [f for f in fields.named_by if f not in FREE_TEXT + ("provider_name",)]
    for candidate in candidates:
        value = value_for(candidate, new, state.form or "", places) if candidate != fields.confirm else None
        if value is not None:
            return [SetField(candidate, value, corrected=True)]
    return [AskAgain(named)] if named else []


# "最后那句别写进去", "刚才加的那句删掉": the last words added to the description taken out again
_DROP_LAST = re.compile(r"(?:最后|刚才|刚刚|后来|后面|后头|末尾)(?:加|补|说|讲)?(?:的|个|格)?(?:那|这|一)?(?:一|两)?(?:句|条|段|点)(?:话)?"
                        r".{0,16}(?:别|不要|勿要|覅|甭|不用|删|去掉|拿掉|拿脱|勿写|不写|算了|取消)|(?:别|不要|勿要|覅)写进去|"
                        r"^(?:拿|把)?(?:搿|这|那)句(?:话)?(?:删脱|删掉|去掉|拿脱|拿掉)")


def _last_words_dropped(text: str, state: State) -> list[Command] | None:
    fields = FORMS.get(state.form or "")
    if fields is None or not fields.notes or not _DROP_LAST.search(text):
        return None
    notes = state.filled.get(fields.notes) or ""
    pointed = re.search(r"(?:这|那|搿|迭)句", text)
    before = text[:min(_DROP_LAST.search(text).start(), pointed.start() if pointed else len(text))].strip(" ，,")
    if content_chars(before) >= 2 and before in notes:
        return None  # "都跑到我店里来借 这句话删脱": the sentence said before it, wherever it stands
    pieces = [p for p in re.split(r"；", notes) if p]
    if len(pieces) < 2:
        pieces = [p for p in re.split(r"(?<=[。！？!?])", notes) if p.strip()]
    if len(pieces) < 2 and len(notes.split()) > 2:
        # one sentence said by voice, its pauses as spaces: the last piece said is the last sentence
        return [SetField(fields.notes, notes.rsplit(" ", 1)[0].rstrip(" ，,"), corrected=True)]
    if len(pieces) < 2:
        return [AskAgain(fields.notes)]  # one sentence only: which words to keep is asked, never guessed
    return [SetField(fields.notes, ("；" if "；" in notes else "").join(pieces[:-1]).rstrip("；"), corrected=True)]


_NTH_SENTENCE = re.compile(r"(?P<back>倒数)?第(?P<n>[一二两三四五六七八九十\d]{1,2})(?:句|条|段)|(?P<first>头|开头|前头|前面)(?:的|个|格)?(?:那|这)?一?(?:句|条|段)"
                           r"|(?P<last>最后|末尾|后头|后面)(?:的|个|格)?(?:那|这)?一?(?:句|条|段)")
_DROP_VERB = re.compile(r"别|不要|勿要|覅|甭|删|去掉|拿掉|拿脱|去脱|勿写|不写")


def _sentences_dropped(text: str, state: State) -> list[Command] | None:
    """"第二句也勿要 最后一句勿要": the sentences named by their place among what was written, every one of
    them; the last one alone is read by _last_words_dropped. A place beyond what was written is asked, never guessed."""
    fields = FORMS.get(state.form or "")
    named = list(_NTH_SENTENCE.finditer(text))
    if fields is None or not fields.notes or not _DROP_VERB.search(text) or not named \
            or all(m.group("last") for m in named) or content_chars(_NTH_SENTENCE.sub("", _DROP_VERB.sub("", text))) > 6:
        return None
    notes = state.filled.get(fields.notes) or ""
    pieces = _sentences_of(notes)
    places = set()
    for m in named:
        if m.group("n"):
            n = count_said(m.group("n")) or 0
            places.add(len(pieces) - n if m.group("back") else n - 1)
        else:
            places.add(0 if m.group("first") else len(pieces) - 1)
    if len(pieces) < 2 or any(not 0 <= p < len(pieces) for p in places) or len(places) >= len(pieces):
        return [AskAgain(fields.notes)]  # which words to keep is asked, never guessed
    kept = [piece for i, piece in enumerate(pieces) if i not in places]
    joiner = "；" if "；" in notes else ("" if re.search(r"[。！？!?]", notes) else "，")
    return [SetField(fields.notes, joiner.join(p.strip() for p in kept).rstrip("；，"), corrected=True)]


def _sentences_of(notes: str) -> list[str]:
    """The sentences of what was written: pieces added apart, else sentences, else clauses."""
    for splitter in (r"；", r"(?<=[。！？!?])", r"[，,]"):
        pieces = [p for p in re.split(splitter, notes) if p.strip()]
        if len(pieces) >= 2:
            return pieces
    return [notes]


# Words that change what was written (a "不是" alone may tell the matter: "也不是一天两天了")
_CHANGE_SAID = re.compile(r"改|换|错|勿对|不对|更正|重写|重新写|删|去掉|拿脱|拿掉")
_DEICTIC = re.compile(r"(?:这|那|迭|搿|格)(?:个|样|件|桩|条)?(?:事|事情|事体)?")


def read_correction(text: str, state: State, places: Places) -> list[Command]:
    """"地方弄错了，是涂松村，不是泥桥村", "不是急 是难", "范围就城厢镇，不是全市", "问题改成…"."""
    if not says("correction", text) or state.form not in FORMS:
        return []
    fields = FORMS[state.form]
    found = _new_and_old(text)
    if found is None:
        named = _field_named(text, fields)
        if not named or named == fields.confirm:
            return []
        return _value_said_after(text, named, state, places) or [AskAgain(named)]
    raw_new, old, start = found
    written = _WRITTEN_AS.search(text) if old is None else None
    if written and written.group("word") in (state.filled.get(fields.notes) or ""):
        old = written.group("word")  # "问题里头还写着城厢镇，…是浮桥镇": that word put right, never the whole text
    new = _TRAILING.sub("", raw_new)
    # "难，讲了好几年了" → 难; "伲勿光是庆丰村 附近几个村都好去 整个双凤镇都可以" → the first clause not denied
    kept = [c for c in clause_split(new) if not _DENIED.search(c)] or clause_split(new)
    head = _TRAILING.sub("", kept[0]) if kept else new
    said_first = _field_named(text[:start], fields)
    named = said_first or _field_named(head, fields) or (_field_named(old, fields) if old else None)
    if old and len(old) >= 2 and _only_a_field_denied(f"勿是{old}", fields) \
            and _field_named(old, fields) not in ("community", "town"):
        named = said_first or _field_named(head, fields) or _field_named(text, fields)  # "勿是内容，是单位名字…"
    if named in FREE_TEXT and not _CHANGE_SAID.search(text) and old and not _DEICTIC.fullmatch(old) \
            and not any(old in str(value) for value in state.filled.values() if value):
        return []  # "这个事情说起来也不是一天两天了": the matter told about, nothing written taken back
    if state.asked in FREE_TEXT and named is None and not old and start > 0:
        return []  # "把车库改成小饭店" describes the problem: ordinary words, not a correction
    denied = _DENIED_LEVEL.search(text) if state.form == "need_form" else None
    if denied:  # "算老大难，别标急": the level said beside the one taken back
        level = _stated_urgency(_DENIED_LEVEL.sub("", text)) or learned_urgency(_DENIED_LEVEL.sub("", text))
        if level and level != denied.group()[-1]:
            return [SetField("urgency", level, corrected=True)]
    if named == "provider_name" and re.fullmatch(r"[^（(，,\s]+[（(][^）)]{1,12}[）)]", new.strip()):
        head = new.strip()  # "称呼改成 农商行浮桥支行（周雯）": the unit and its contact, as written
    level_denied = bool(old and _LEVEL_WORD.search(old)) or _stated_urgency(head) is not None
    if state.form == "need_form" and (named == "urgency" or named is None and level_denied):
        return _urgency_corrected(text, head, new)  # "不是急 是难", "勿是啥急事体…就是盼着有"
    other_place = _the_other_place(new, state, places) if named in (None, "community") else None
    if other_place:  # "是浮桥镇老闸社区，七丫村是我娘家": of two places, the one not written already
        return [SetField("community", other_place, corrected=True), *_rewrite_notes("community", None, other_place, state, places)]
    notes = state.filled.get(fields.notes) or ""
    in_notes = said_first == fields.notes or said_first is None and not _same_kind(old or "", new, state, places)
    if old and old in notes and in_notes:  # "内容里还是泥桥村 要改成涂松村": the word in the words, whatever it is
        return [SetField(fields.notes, _replaced(notes, old, new, raw_new.strip(" ，,。.!！")), corrected=True)]
    if state.form == "resource_form" and named is None and not old and _THE_HELP_ITSELF.match(head):
        return [SetField(fields.notes, head, corrected=True)]  # "改成 做楼组长": what they will do, the offer's words
    renamed = _name_put_right(old, head, new, named, state) or _time_put_right(
        old or _without_field_words(text[:start].strip(" ，,"), "available_time", fields).strip(" ，,"), head, new, named, state)
    if renamed:
        return renamed
    candidates = [named] if named else [f for f in fields.named_by if f not in FREE_TEXT + ("provider_name",)]
    for candidate in candidates:
        closed = candidate not in FREE_TEXT
        if not closed and old:
            continue  # an old word said for the description: replaced where written, never the whole text
        if named is None and old and content_chars(head) > 8 and value_for(candidate, old, state.form, places) is None:
            continue  # "倒垃圾个是夜里开三轮车来个，勿是阿拉村里人": a fact told, no value of the field taken back
        if candidate == "available_time":  # "寒暑假，以及每月第二个周六下午": a time said in parts, all of it
            head = " ".join(c for c in clause_split(new) if not _DENIED_PIECE.search(c)) or head
        bare = _without_field_words(head, candidate, fields)  # "类别算基础设施" → 基础设施
        value = (value_for(candidate, head, state.form, places) if closed else None) or (
            value_for(candidate, bare, state.form, places) if closed and bare != head else None) or value_for(
            candidate, new if closed else raw_new, state.form, places)
        if closed and value is not None and "@" not in value:
            # "附近几个村都好去 整个双凤镇都可以": a scope said twice, the second time with its place
            fuller = value_for(candidate, " ".join(kept), state.form, places)
            value = fuller if fuller and fuller.startswith(value + "@") else value
        if value is not None:
            return [SetField(candidate, value, corrected=True), *_rewrite_notes(candidate, old, value, state, places)]
    if named in FREE_TEXT or named is None:
        return _replace_in_notes(raw_new, old, state, fields, named)
    if named in PHONE_FIELDS and not re.search(r"\d", to_digits(new)) and _CONTACT_NOTE.search(new) and fields.notes:
        return [AddDetail(say_contact_note(new))]  # "联系那里改成：请下午打电话": how to reach them, the number kept
    return [AskAgain(named)]


def _name_put_right(old: str | None, head: str, new: str, named: str | None, state: State) -> list[Command]:
    """"勿是李，是黎，黎秀英": a character of the name written put right; the full name when it is said too."""
    name = state.filled.get("provider_name") or ""
    if state.form != "resource_form" or not old or not name or old not in name or named not in (None, "provider_name") \
            or not re.fullmatch(r"[\u4e00-\u9fff]{1,4}", head) or len(old) > 4:
        return []
    full = next((c for c in clause_split(new) if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", c) and c[0] == head[0]
                 and not re.search(r"[格的个额字]", c)), None)
    value = full or (name.replace(old, head, 1) if len(head) == len(old) else None)
    return [SetField("provider_name", value, corrected=True)] if value and value != name else []


def _time_put_right(old: str | None, head: str, new: str, named: str | None, state: State) -> list[Command]:
    """"上半天改成下半天 上午所里要值班" of "每个月第一个礼拜天上半天": the words put right where they stand in the time,
    the rest of it kept, why said beside it."""
    time = state.filled.get("available_time") or ""
    if state.form != "resource_form" or not old or old not in time or old == time \
            or named not in (None, "available_time") or time_from_words(head) is None:
        return []
    why = [c for c in clause_split(new)[1:] if c != head]
    value = time.replace(old, head, 1) + (f"（{'，'.join(why)}）" if why else "")
    return [SetField("available_time", value, corrected=True)] if value != time else []


_THE_HELP_ITSELF = re.compile(r"^(?:我)?(?:做|当|帮|教|陪|送|给|上门|可以|能|愿意)")


def _the_other_place(new: str, state: State, places: Places) -> str | None:
    """The place a correction gives when its words name two, one of them the place already written."""
    current = state.filled.get("community")
    if state.form != "need_form" or not current:
        return None
    forms = [f for f in places.forms_of(current) if len(f) >= 2]
    clauses = clause_split(new)
    if len(clauses) < 2 or not any(f in c for c in clauses for f in forms):
        return None
    for clause in clauses:
        if any(f in clause for f in forms):
            continue
        value = value_for("community", re.sub(r"^(?:应该是|其实是|就是|是)", "", clause), state.form, places)
        if value and value != current and len(value) <= 14:
            return value
    return None


def _without_field_words(text: str, field_name: str, fields: FormFields) -> str:
    words = "|".join(sorted(fields.named_by.get(field_name, ()), key=len, reverse=True))
    if not words:
        return text
    text = _FIELD_ASKED_AS_A_QUESTION.sub("", text)  # "急勿急" names the level, says none
    return re.sub(rf"^.{{0,4}}?(?:{words})(?:就|要|应该|请|帮我)?(?:算|是|改成|改为|换成|写成?|填成?|记成?|归)?", "", text) or text


_FIELD_ASKED_AS_A_QUESTION = re.compile(r"急[不勿弗]急|有多急")


_DENIED = re.compile(r"(?:不|勿|弗|覅)(?:光|只|单|仅)?是|不要|覅|勿要|不止|勿止")


def _value_said_after(text: str, named: str, state: State, places: Places) -> list[Command]:
    """"范围改一下，覅整个双凤镇了，就凤雅社区": the field named, then its new value, last clause first."""
    if named in FREE_TEXT:
        return []
    quoted = _QUOTED_VALUE.search(text)
    value = value_for(named, quoted.group(1), state.form or "", places) if quoted else None
    if value is not None:  # "名字写“浪港妈妈故事会（朱婷）”就好": the words inside the quotes, as written
        return [SetField(named, value, corrected=True), *_rewrite_notes(named, None, value, state, places)]
    clauses = clause_split(text)
    told = _without_field_words(clauses[0], named, FORMS[state.form or ""]) if clauses else ""
    if _HOW_WRITTEN.fullmatch(told):
        told = ""  # "单位名字写全 太仓恒通机械有限公司": how to write it; the value follows
    if told and told != clauses[0] and not _CHOICE_NOT.match(told):  # "名字写康宁大药房浏河店": the value in it
        value = value_for(named, told, state.form or "", places)
        if value is not None:
            return [SetField(named, value, corrected=True), *_rewrite_notes(named, None, value, state, places)]
    pieces = [p for p in clauses[1:] if not _DENIED_PIECE.search(p)]  # "…，不光府东": the place it is not only
    if named == "resource_scope" and any(_SCOPE_SAID.search(p) for p in pieces):
        # "范围勿是光直塘 沙溪镇下面都可以 双凤那边黄桥村…我也去": the piece saying how far, not the last place named
        reach = _scope_said(" ".join(p for p in pieces if _SCOPE_SAID.search(p)), places)
        if reach:
            return [SetField(named, reach, corrected=True)]
    timed = [re.sub(r"^(?:是|就是)", "", p) for p in pieces if time_from_words(p) or _EXCEPT.match(p)]
    if named == "available_time" and len(timed) > 1:  # "是春节前两个礼拜 除脱礼拜三上半天 日里向都好": all of it
        return [SetField(named, " ".join(timed), corrected=True)]
    units = [p for p in pieces if is_organisation_name(p)] if named == "provider_name" else []
    if units:  # "公司名字写全一点 太仓港顺达物流有限公司 会议室能坐三十来个人": the unit's name, the rest of the help
        value = value_for(named, units[0], state.form or "", places) or units[0]
        rest = "，".join(p for p in pieces if p not in units and not says("question", p))
        return [SetField(named, value, corrected=True), *_rewrite_notes(named, None, value, state, places),
                *([AddDetail(rest)] if content_chars(rest) >= 4 else [])]
    affirmed = [p for p in pieces if _AFFIRMED_VALUE.match(p)]
    for piece in affirmed + [p for p in reversed(pieces) if p not in affirmed]:
        value = value_for(named, piece, state.form or "", places)
        if value is not None:
            return [SetField(named, value, corrected=True), *_rewrite_notes(named, None, value, state, places)]
    return []


def _reach_beside(text: str, state: State, places: Places) -> list[Command]:
    """The reach said in clauses of their own beside another field's answer ("全太仓都跑的 不光陆渡")."""
    if state.form != "resource_form":
        return []
    said = [c for c in clause_split(text) if _SCOPE_SAID.search(c) and not time_from_words(c)]
    reach = _scope_said("，".join(said), places) if said else None
    if reach is None:
        return []
    had = state.filled.get("resource_scope")
    return [SetField("resource_scope", reach, corrected=bool(had) and had != reach)]


_EXCEPT = re.compile(r"^(?:除脱|除了|除开|除掉|除去)")
# "我看还是算物业小区管理吧": a dimension chosen in words at another question
_DIMENSION_CHOSEN = re.compile(r"^(?:我看|我觉得|伲看|阿拉看|格么|那么)?(?:还是|就|那就|应该)?(?:算|归|记成|改成|选)(?:到|成|为)?"
                               r"[^，,。？?]{2,10}?(?:吧|好了|就好|就行|算了)?[。！!]*$")


def _dimension_chosen(text: str, state: State) -> list[Command]:
    chosen = keyword_category(text) if state.form == "need_form" and state.asked not in ("need_category", *FREE_TEXT) \
        and _DIMENSION_CHOSEN.match(text.strip()) else None
    if not chosen or chosen == state.filled.get("need_category"):
        return []
    return [SetField("need_category", chosen, corrected=bool(state.filled.get("need_category")))]
# "日里向都可以 勿对 礼拜三上半天要去上课 其他辰光都好": a time, then the one part of it they cannot, then "the rest is fine"
_TIME_EXCEPTED = re.compile(r"^(?P<free>.+?)[，,。\s]*(?:勿对|不对|哦不|噢不)[，,。\s]*(?P<busy>.+?)[，,。\s]*"
                            r"(?P<rest>(?:其他|其余|别的|其它)(?:辰光|时间|日子|时候)?都(?:好|可以|行|有空|来事)(?:个|的|格)?)[。！!]*$")



_EXCEPTED = re.compile(r"除外|除开|除掉|不算|勿算")
_FREE_SAID = re.compile(r"都可以|都行|都好|侪可以|侪好|有空|方便|可以")


def _exception_beside_the_time(commands: list[Command], text: str, state: State) -> list[Command]:
    """When they cannot come, said of an offer's time kept ("每个月最后一个周六晚上不行 要加班"): written beside the
    time, never in its place, never dropped; "周末晚上都可以 就是每月最后一个周六除外": the time and its exception."""
    kept = str(state.filled.get("available_time") or "")
    if state.form != "resource_form" or state.asked == "available_time":
        return commands
    clauses = clause_split(text)
    busy = [c for c in clauses if time_from_words(c) and (_UNAVAILABLE.search(c) or _EXCEPTED.search(c))
            and not _FREE_SAID.search(c)]
    free = [c for c in clauses if time_from_words(c) and c not in busy and _FREE_SAID.search(c)]
    said = next((c.value for c in commands if isinstance(c, SetField) and c.field == "available_time"), None)
    if not busy or said and not (_UNAVAILABLE.search(said) or _EXCEPTED.search(said)) \
            or any(time_from_words(c) and c not in busy and c not in free for c in clauses):
        return commands  # "工作日白天恰恰不行，是周日全天": the time itself said anew
    reasons = [c for c in clauses if c not in busy and c not in free and _BUSY_REASON.search(c)]
    exception = "，".join(re.sub(r"^(?:就是|只是|但是|不过|还有)", "", c) for c in busy + reasons)
    base = " ".join(re.sub(r"(?:都可以|都行|都好|侪可以|侪好)$", "", re.sub(r"^(?:不是|勿是)?(?:是|就是)?", "", c))
                    for c in free) or (
        kept if kept and not (_UNAVAILABLE.search(kept) or _EXCEPTED.search(kept)) else "")
    if not base:
        return commands
    time = f"{base}（{exception}）"
    rest = [c for c in commands if not (isinstance(c, SetField) and c.field == "available_time") and not isinstance(c, Unclear)
            and not (isinstance(c, AddDetail) and any(b in c.text for b in busy))]
    return [*rest, SetField("available_time", time, corrected=bool(kept))]


_BUSY_REASON = re.compile(r"^(?:要|得)?(?:加班|上班|上课|值班|出差|接孙|带孙|看病|开会)")

def _time_excepted(text: str, state: State) -> list[Command]:
    """At the time question, a time said with one part taken out of it: the time with the exception beside it, in
    their words, never the exception alone as the time."""
    said = _TIME_EXCEPTED.match((text or "").strip()) if state.asked == "available_time" else None
    if not said or not time_from_words(said.group("free")):
        return []
    return [SetField("available_time", f"{said.group('free').strip()}（{said.group('busy').strip()}，{said.group('rest')}）")]


_HOW_WRITTEN = re.compile(r"(?:写|记)?(?:全|完整|全称|全名|清楚|清爽|正确|对|准确)(?:一点|点|些|一些)?(?:吧|呀|啊)?")
_LEVEL_WORD = re.compile(r"[急难愁盼]")
_AFFIRMED_VALUE = re.compile(r"^(?:应该|其实|就|要)?(?:是|改成|改为|换成|在)")
_DENIED_LEVEL = re.compile(rf"(?:{_NEG}|(?:别|不要|勿要|覅)(?:标|写|选|算|填|标成|写成)?)[急难愁盼]")


def _urgency_corrected(text: str, head: str, new: str) -> list[Command]:
    """The urgency denied and another given: read from the new words first, then from the whole message."""
    undenied = _DENIED_LEVEL.sub("", text)  # "紧急程度勿是愁 改成急": 愁 is the level taken back
    level = _level_said_last(new) or _stated_urgency(head) or _stated_urgency(undenied) or learned_urgency(new)
    return [SetField("urgency", level, corrected=True)] if level else [AskAgain("urgency")]


def _swapped(notes: str, old: str, word: str) -> str:
    """The old words replaced by the new; new words that run on into what follows the old ones ("是小桥栏杆断脱
    勿是洙泾村栏杆" where "…洙泾村栏杆断脱了" is written) replace that too, so nothing is said twice."""
    def swap(found: re.Match) -> str:
        after, before = notes[found.end():], notes[:found.start()]
        new = word
        overlap = next((k for k in range(min(len(new), len(after)), 0, -1) if new.endswith(after[:k])), 0)
        clause_after = re.split(r"[，,。；;]", after, maxsplit=1)[0]
        further = 0 if overlap else next((k for k in range(len(new) - 1, 1, -1) if new[-k:] in clause_after), 0)
        if further:  # "是两个礼拜回来一趟" of "一个礼拜只能回来一趟": what follows is written already, further on
            new = new[:-further]
        # "要走廿分钟" told "要走半个钟头": the words before the old ones are not said twice
        said_before = _said_before(before, new)
        plain = re.sub(r"^([^是]{0,3})是", r"\1", new)  # "伲是住辣四区" said of "伲住辣三区": the 是 only restates
        if not said_before and plain != new and _said_before(before, plain):
            new, said_before = plain, _said_before(before, plain)
        return new[said_before:] + "\0" * overlap  # marks the characters the new words already say
    marked = re.sub(re.escape(old), swap, notes)
    return re.sub(r"\0+", lambda m: "", _drop_marked(marked))


def _said_before(before: str, new: str) -> int:
    """How many of the new words' first characters the text already says just before the old ones."""
    return next((k for k in range(min(len(new) - 1, len(before)), 1, -1) if before.endswith(new[:k])), 0)


def _drop_marked(text: str) -> str:
    """Each run of n markers takes the n characters after it away."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "\0":
            n = len(text[i:]) - len(text[i:].lstrip("\0"))
            i += n + n
            continue
        out.append(text[i])
        i += 1
    return "".join(out)


def _replaced(notes: str, old: str, word: str, clause: str) -> str:
    """"是路灯不是红绿灯" swaps the word; a whole new clause ("是小区里的充电桩坏了，…") takes the
    place of the clause that held the old word."""
    if not clause_split(word)[1:] and len(word) <= 8:
        return _swapped(notes, old, word)
    first_said = clause_split(word)[0]
    if len(old) <= 6 and len(first_said) <= 8:
        # "老伴勿是走了 是住院了 我一个人在屋里 其他对个": the word swapped; what follows it is added only when it
        # tells something the words do not ("…要走半个钟头，而且站头是搬到河对过去了")
        swapped = _swapped(notes, old, first_said)
        more = []
        for said in clause_split(word)[1:]:
            taken_back = _fact_taken_back(said, swapped)
            if taken_back is not None:  # "水滴下来倒没有": the written clause it denies is replaced by the denial
                swapped = taken_back
            elif _tells_more(said, swapped) or _names_what_is_wrong(said, swapped):
                more.append(said)
        return "，".join([swapped, *more])
    new = clause
    at = notes.index(old)
    start = max(notes.rfind(mark, 0, at) for mark in "，,。；;") + 1
    ends = [i for i in (notes.find(mark, at) for mark in "，,。；;") if i >= 0]
    return notes[:start] + new + notes[min(ends) if ends else len(notes):]


_TAKEN_BACK = re.compile(r"(?:倒|其实|并|也)?(?:没有|没|勿曾|呒没|不会|勿会)(?:的|格|个|了|哉)?$")


def _fact_taken_back(clause: str, notes: str) -> str | None:
    """"水滴下来倒没有" after "…，水滴下来": the words with the clause they deny said anew, else None."""
    if not _TAKEN_BACK.search(clause):
        return None
    fact = _TAKEN_BACK.sub("", clause)
    written = [c for c in re.split(r"(?<=[，,；;。])", notes) if c.strip()]
    holding = [c for c in written if content_chars(fact) >= 2 and fact in c]
    if len(holding) != 1:
        return None
    ending = holding[0][len(holding[0].rstrip("，,；;。")):]
    return notes.replace(holding[0], clause + ending)


def _names_what_is_wrong(clause: str, notes: str) -> bool:
    """A short clause naming what is wrong, not yet written ("发霉", "漏电"): a fact, however few its words."""
    from bot.matching.capabilities import faults

    chars = [ch for ch in clause if "\u4e00" <= ch <= "\u9fff"]
    return content_chars(clause) >= 2 and bool(faults(clause)) and not any(ch in notes for ch in chars) \
        and not says("about_the_talk", clause)


def _tells_more(clause: str, notes: str) -> bool:
    """A clause said after a correction that is a fact of its own: not talk, and mostly words not yet written."""
    if content_chars(clause) < 4 or says("about_the_talk", clause) or says("correction", clause):
        return False
    chars = [ch for ch in clause if "\u4e00" <= ch <= "\u9fff" or ch.isdigit()]
    return sum(ch in notes for ch in chars) < len(chars) / 2


def _same_kind(old: str, new: str, state: State, places: Places) -> bool:
    """Both words are values of one closed field ("不是急 是难", "是涂松村不是泥桥村")."""
    closed = [f for f in FORMS[state.form or ""].named_by if f not in FREE_TEXT + ("provider_name", "need_category")]
    return any(value_for(f, old, state.form or "", places) and value_for(f, new, state.form or "", places)
               for f in closed)


_WRITTEN_AS = re.compile(r"(?:还|仍然|依旧)?(?:写着|写的是|写成|记着|记成|写了)(?P<word>[^，,。？?的个格]{2,8}?)(?=[，,。？?的个格]|$)")


def _replace_in_notes(new: str, old: str | None, state: State, fields: FormFields, named: str | None) -> list[Command]:
    notes = state.filled.get(fields.notes) or ""
    if old and old in notes:
        return [SetField(fields.notes, _swapped(notes, old, new), corrected=True)]
    if old and named == fields.notes:
        return [AskAgain(fields.notes)]  # "还写着璜泾" where no 璜泾 is written: asked again, never wiped
    if named == fields.notes or (named is None and state.asked == fields.notes):
        return [SetField(fields.notes, new, corrected=True)]
    return []


_STEM_FOLLOWED = r"这|那|里|边|搭|格|的|个|额|人|$|[\s，,。；;！!？?]"


def _wrong_town_put_right(notes: str, value: str, places: Places) -> str:
    """"我是城厢镇六尺社区的" for 浮桥镇六尺社区: the town typed wrong before the place's name, put right."""
    right = places.town_of(value)
    for form in sorted((f for f in places.forms_of(value) if len(f) >= 2), key=len, reverse=True):
        at = notes.find(form)
        said = places.town_in(notes[max(0, at - 4):at]) if at > 0 else None
        if right and said and said != right:
            stem = said[:-1] if said.endswith("镇") else said
            head = re.sub(rf"{re.escape(stem)}镇?$", right, notes[max(0, at - 4):at])
            return notes[:max(0, at - 4)] + head + notes[at:]
    return notes


def _rewrite_notes(field_name: str, old: str | None, value: str, state: State, places: Places) -> list[Command]:
    """A place corrected: the description's words naming the old place are rewritten too."""
    if field_name != "community" or state.form != "need_form":
        return []
    notes = _wrong_town_put_right(state.filled.get("description") or "", value, places)
    if old and places.town_in(old) and places.town_of(value):
        # "是城厢镇东林村勿是沙溪": the town denied is the town in the words, the village's name stays its own
        town = places.town_in(old)
        notes = re.sub(rf"{re.escape(town[:-1] if town.endswith('镇') else town)}镇?", places.town_of(value), notes)
        old = None
    stale = set(places.forms_of(state.filled.get("community") or "")) | ({old} if old else set())
    stale = {s for s in stale if s and len(s) >= 2 and s in notes}
    if not stale:
        changed = notes != (state.filled.get("description") or "")
        return [SetField("description", notes, corrected=True)] if changed else []
    new = places.common_name(value) or value
    # One pass, longest form first, with the kind of place said after a bare stem ("时思" + "村"): the new name
    # is never rewritten again, and no "时思社区村" is left behind.
    # a bare stem names the place only before its kind or a word about where ("泥桥这里", "七丫的"), never
    # inside another noun ("小桥栏杆" of 小桥村)
    said = "|".join(re.escape(word) + ("" if word.endswith(("村", "社区", "会")) else
                                       rf"(?:(?:村委会|居委会|村|社区)|(?={_STEM_FOLLOWED}))")
                    for word in sorted(stale, key=len, reverse=True))
    notes = re.sub(said, new, notes)
    return [SetField("description", notes, corrected=True)]


# -- the whole reading --------------------------------------------------------------------------------
SERVICE_TOPICS = ("pardon", "masked", "read_back", "emergency", "robot", "levels", "tiers", "choices", "charge", "paid", "materials",
                  "agreement", "call_hours",
                  "helpers", "cost", "insurance", "why_asked", "submit_how", "quit", "share_contact", "own_staff", "visit",
                  "how_known", "who",
                  "reported_before", "contact", "when", "privacy", "wechat", "repair_line", "useful", "whose_phone", "kept_after")
# Topics the general answers (faq) have no answer for: answered in the form's own words in either form
OWN_ANSWER_TOPICS = ("helpers", "charge", "insurance", "robot", "levels", "choices", "emergency", "pardon", "read_back", "masked", "when",
                     "why_asked", "submit_how", "quit", "share_contact", "visit", "how_known", "wechat", "repair_line",
                     "useful", "own_staff", "privacy", "whose_phone", "kept_after", "call_hours")


def service_questions(text: str) -> list[tuple[str, str]]:
    """(clause, topic) for each clause asking about the service: what it costs, who handles it, whether it was
    reported before."""
    found = []
    for clause in clause_split(text):
        topic = next((t for t in SERVICE_TOPICS if says(f"service_{t}", clause)), None)
        if topic:
            found.append((clause, topic))
    clauses = clause_split(text)
    for first, second in zip(clauses, clauses[1:], strict=False) if not found else ():
        pair = f"{first} {second}"  # "万一磕了碰了 算啥人个": a question said over a pause of voice input
        topic = next((t for t in SERVICE_TOPICS if says(f"service_{t}", pair)), None) if pair in (text or "") else None
        if topic:
            found.append((pair, topic))
            break
    joined = re.sub(r"\s+", "", text or "")
    if any(topic == "pardon" for _, topic in found):
        # "类别 啥意思 我勿懂": said in pieces, the question is about what the pieces name together
        named = next((t for t in SERVICE_TOPICS if t != "pardon" and says(f"service_{t}", joined)), None)
        if named:
            return [(clause, named if topic == "pardon" else topic) for clause, topic in found]
    return found


_QUESTION_LEAD = re.compile(r"(?:这个事情|迭桩事体|迭个事体|这件事|这个事|那个事|格种事体|这种事|这个|迭个|格个|伊个)?(?:到底|最后|究竟|那)?"
                            r"(?:会|是|要)?(?:由|归|给|交给|交)?(?:这种|格种|迭种)?(?:事情|事体)?(?:一般|通常|大概|大约)?$")
_QUESTION_OPENING = re.compile(r"^(?:哦|噢)?(?:对了|还有|另外|请问|想问一下|问一下|顺便问一下)")


# Topics whose question is the whole clause, whatever comes before the words that name it
WHOLE_QUESTION_TOPICS = ("why_asked", "submit_how", "quit", "share_contact", "own_staff", "visit", "how_known", "wechat", "read_back",
                         "masked", "whose_phone", "kept_after",
                         "repair_line")


def _before_the_question(clause: str) -> str:
    """"急的呀这个事情到底归谁管" said in one breath: "急的呀", the words before the question."""
    starts = sorted((found.start(), t) for t in SERVICE_TOPICS if (found := _signals()[f"service_{t}"].search(clause)))
    if starts and starts[0][1] in WHOLE_QUESTION_TOPICS:
        return ""  # "到辰光居民个电话会得给阿拉伐": the words before are the question's own
    head = clause[:starts[0][0]] if starts else ""
    if re.match(_ASKS_FIRST, head) or _ASKED_OF_WHOM.search(head) or _AFTER_SUBMITTING.search(head):
        return ""  # "问一下登记在你们这里要付啥费用吗", "修电梯要阿拉出钱伐": all of it is the question
    head = _YOU_SAY.sub("", _ASKING_YOU.sub("", _QUESTION_OPENING.sub("", _QUESTION_LEAD.sub("", head))))
    return "" if _DOING_HEAD.match(head.strip(" ，,")) else head  # "对了去表演有补贴伐": what is asked about


_DOING_HEAD = re.compile(r"^(?:对了|哦对了)?(?:去|来|到|做|搞|当|参加|上门)[\u4e00-\u9fff]{1,4}$")
# "修电梯要阿拉…", "这个钱得居民…": the words before the question say who it asks about, no fact
_ASKED_OF_WHOM = re.compile(r"(?:要|需要|得|会|让|叫|由|是不是要|阿是要)(?:我|我们|阿拉|伲|居民|住户|大家|自家|自己|业主|村民|老百姓)?$")
_YOU_SAY = re.compile(r"(?:侬|你|您)(?:讲|说|看|觉得)(?:伲|我|阿拉|我们)?$")  # "侬讲伲选哪个好": said to the assistant


_ASKING_YOU = re.compile(r"(?:我|伲|阿拉)?(?:是)?(?:在)?(?:想)?问(?:侬|你|您|一下|下)+$")  # "我问侬 要勿要报警"


# "问一下，登记在你们这里，我们要付啥费用吗？": what follows the opener, up to the question mark, is one question
_ASKS_FIRST = r"^(?:另外|顺便|顺带|再|还|还有)?(?:我|伲|阿拉)?(?:想|要)?(?:再)?(?:问(?:一下|下|一声|问|个事|个问题)|请问|打听一下|咨询一下)"
# the opener at the start, or after a sentence ends ("难吧…另外我想问一下，…？")
_ASK_OPENER = re.compile(r"(?:^|(?<=[。！!？?…~～]))" + _ASKS_FIRST.removeprefix("^") + r"[，,。：:\s]+")


# "手机打错字哉", "手机上打字勿灵光": the phone one types on, which names no field
_TYPING_ON_A_PHONE = re.compile(r"手机(?=(?:上|里)?(?:打字|打错字|打错了字|打错个字|输入|拼音|语音|键盘|自动))")


_KIND_APART = re.compile(r"[，,\s]*(?:是|在)(?P<kind>村里|村上|村|农村|社区|小区)(?:里)?[，,\s]*(?:勿|不|弗)是(?:社区|村|小区)")
_CHANGE_LEAD = re.compile(r"^(?:改|修改|更改|改一下)(?P<field>内容|问题描述|问题|描述|能提供的帮助|能提供|帮助|称呼|名字|时间|地点|类别|类型|电话)"
                          r"\s*[:：]\s*")


_FIELD_IS = re.compile(r"(?P<lead>^|[，,。\s])(?P<field>时间|辰光|名字|称呼|单位名字|单位名称|电话|号码|地点|类别|类型|范围)"
                       r"(?:应该|就)?是(?![勿不弗否])[:：]?(?=[^，,。？?]{2,})")


def _plainly(text: str, state: State) -> str:
    """The message with what is no part of its meaning made plain: a typing phone dropped, a question said in
    pieces after "问一下" joined into one (once the matter is told: before, "问一下，路灯坏了…" may be the matter)."""
    text = _TYPING_ON_A_PHONE.sub("", text)
    if state.form in FORMS:
        text = _CHANGE_LEAD.sub(r"\g<field>改成", text)  # "改内容：…" says "内容改成…"
        if state.asked == FORMS[state.form].confirm and not says("question", text):
            # "多了个写字，时间是礼拜一到礼拜六": a field given anew ("电话是多少" asks, and is left as it is)
            text = _FIELD_IS.sub(r"\g<lead>\g<field>改成", text)
    kind = _KIND_APART.search(text) if state.asked in ("community", "town") else None
    if kind:  # "璜泾王秀，是村里，勿是社区": the place's kind said apart from its name is read as part of it
        name = text[:kind.start()].rstrip(" ，,。")
        text = name + ("村" if kind.group("kind").startswith(("村", "农村")) else "社区") + text[kind.end():]
    opener = _ASK_OPENER.search(text) if state.asked and state.asked not in FREE_TEXT else None
    if opener is None:
        return text
    end = re.search(r"[？?]", text[opener.end():])
    asked = text[:opener.end() + end.end()] if end else text
    return text[:opener.start()] + opener.group(0).strip("，,。：: ") + re.sub(r"[，,、\s]+", "", asked[opener.end():]) \
        + text[len(asked):]


def read(message: Message, state: State, places: Places) -> list[Command]:
    """What this message asks of the open form; a question about the service beside it is answered apart."""
    message = replace(message, text=_plainly(message.text or "", state))
    picked = button_picked(message.text or "", state.offered)
    if picked:  # "第一个", "选最后一个": the button at that place, as if its words were typed
        message = replace(message, text=picked)
    commands = _read_one(message, state, places)
    if len(commands) == 1:  # one change read from several sentences: the others may have been lost
        commands = _changes_in_turn(message, state, places) or commands
    commands = _choice_asked_is_the_answer(commands, state, places)
    if is_a_button_title(message.text or ""):
        # a button's words typed or sent as text (WeChat shows buttons as words to type): the choice, no detail
        commands = [c for c in commands if not isinstance(c, AddDetail)]
    if state.form == "need_form" and says("keep_me_secret", message.text or ""):
        commands = _kept_secret(commands, state)
    if state.form == "resource_form":
        commands = _who_said_beside_the_name(commands)
        commands = _names_together(commands, message.text or "")
        commands = _one_type(message.text or "", [_contact_kept(_unit_named(c, state), state) for c in commands], state)
        commands = _offer_asides(commands, state, message.text or "")
        commands = [_contact_notes_kept(c, state) for c in commands]
        commands = _liaison_beside_the_unit(commands, state)
        commands = _town_denied(commands, message.text or "", places)
        commands = [_name_without_its_label(c) for c in commands]
    added = _WORDS_ADDED.match(message.text or "") if state.form == "resource_form" else None
    if added and any(isinstance(c, SetField) and c.field == "resource_scope" for c in commands):
        # "再加一句：牌楼社区、老闸社区…离网点近，优先安排": words for the help, the reach left as it is
        words = (message.text or "")[added.end():].strip(" ，,：:")
        commands = [c for c in commands if not (isinstance(c, SetField) and c.field == "resource_scope")
                    and not (isinstance(c, AnswerQuestion) and c.topic == "two_communities")
                    and not (isinstance(c, AddDetail) and c.text.startswith(say_also_reaches("\0").split("\0")[0]))]
        if not any(isinstance(c, AddDetail) for c in commands) and content_chars(words) >= 2:
            commands.append(AddDetail(words))
    if any(isinstance(c, AnswerQuestion) and c.topic == "tiers" for c in commands):
        # "我看别人讲先治理待治理个": said about the question, no word of the matter
        commands = [c for c in commands if not (isinstance(c, AddDetail) and re.search(r"先治理|待治理", c.text))]
    # "哪能地点又变回香塘村了" beside the value meant: dismay at the record, put right, no question to answer
    commands = [c for c in commands if not (isinstance(c, AnswerQuestion) and c.topic == "other" and _WRONG_NOW.search(c.asked)
                                            and any(isinstance(o, SetField) for o in commands))]
    if _ASKED_NOT_WRITTEN.search(message.text or ""):  # "怎么把我问的话都写进去了": the words put right, no question
        commands = [c for c in commands if not (isinstance(c, AnswerQuestion) and c.topic == "other")]
    if any(isinstance(c, AddDetail) for c in commands):  # "…这个要写上吗": written, and the note says so
        commands = [c for c in commands if not (isinstance(c, AnswerQuestion) and c.topic == "other"
                                                and _WRITE_IT_ASKED.search(c.asked))]
    at, put_right = _denied_at_the_end(commands, message.text or "", state)
    if put_right:  # the words before it read on their own, as if the correction had been sent apart
        # (the words changed first: a detail of the answer goes onto the changed words)
        commands = put_right + read(replace(message, text=(message.text or "")[:at].strip(" ，,。")), state, places)
    named = [_contact_person(c, message.text or "", state) for c in _details_once(commands)]
    # a name put beside the unit as it already stands ("联系人写徐建国" again) changes nothing, and says so
    return [_unchanged(c, state) if isinstance(c, SetField) and c.field == "provider_name" else c for c in named]


_NAME_LABEL = re.compile(r"^(?:提供方|称呼|名字|名称|单位名称|单位名字|单位|全称)(?:是|叫|写|改成|就是|应该是)[：:\s]*")


def _name_without_its_label(command: Command) -> Command:
    """"提供方是太仓市仁和堂大药房浮桥牌楼店（顾红梅）": the name, without the words that said which field it is."""
    if not (isinstance(command, SetField) and command.field == "provider_name"):
        return command
    bare = _NAME_LABEL.sub("", command.value)
    inner = re.fullmatch(r"(?P<words>[^（]+)（(?P<person>[^（）]+)）", bare)
    if inner and names_no_one(inner.group("words")):
        bare = inner.group("person")  # "我个人报名（沈佳怡）": she is the one offering, by her name
    return replace(command, value=bare) if bare and bare != command.value else command


_TOWN_DENIED = re.compile(r"(?:勿|不|弗)是(?:全镇|整个镇|全区|整个区|全街道)")
_NEIGHBOURS = re.compile(r"(?:旁边|附近|隔壁|周边|边上)(?:的|个|格)?(?:几个|两个|两三个|三四个)?(?:村|社区|小区)")


def _town_denied(commands: list[Command], text: str, places: Places) -> list[Command]:
    """"范围勿是全镇 就岳王社区搭旁边几个村": the community named is the reach and its neighbours go beside the help;
    the town denied is never the reach."""
    town = next((c for c in commands if isinstance(c, SetField) and c.field == "resource_scope"
                 and split_scope(c.value)[0] == "town"), None)
    place = places.place_in(text)
    if town is None or not _TOWN_DENIED.search(text) or place is None:
        return commands
    reach = replace(town, value=f"community{SCOPE_SEPARATOR}{place}")
    beside = _NEIGHBOURS.search(text)
    kept = [reach if c is town else c for c in commands
            if not (isinstance(c, AddDetail) and (beside and beside.group() in c.text or place in c.text))]
    return kept + ([AddDetail(say_also_reaches(beside.group()))] if beside else [])


_LIAISON = re.compile(r"^(?:具体|平时)?(?:对接|联系|有事)(?:就|请|可以)?(?:找|寻|联系|打给)")


def _liaison_beside_the_unit(commands: list[Command], state: State) -> list[Command]:
    """"太仓顺港物流有限公司 我是行政小张 具体对接找我们车队的徐建国徐队长": who to deal with goes beside the
    unit's name, never into the help."""
    commands = [_posted_person_apart(c, state) if isinstance(c, AddDetail) else c for c in commands]
    commands = [c for c in commands if c is not None]
    unit = next((c for c in commands if isinstance(c, SetField) and c.field == "provider_name"
                 and "（" not in c.value and is_organisation_name(c.value)), None)
    liaison = next((c for c in commands if isinstance(c, AddDetail) and _LIAISON.match(c.text) and _liaison(c.text)), None)
    if unit is None or liaison is None:
        return commands
    named = replace(unit, value=beside_unit(unit.value, _liaison(liaison.text)))
    return [named if c is unit else c for c in commands if c is not liaison]


_POSTED_PERSON = re.compile(r"^(?:会计|出纳|主任|队长|经理|店长|负责人|联系人)(?:是|叫)?(?P<who>[\u4e00-\u9fff]{2,3})$")


def _posted_person_apart(detail: AddDetail, state: State) -> Command | None:
    """"会计钱秀芬，我再讲一遍噢" said with a unit's number: who answers it goes beside the unit's name, and saying the
    number again is no word of the help."""
    unit = state.filled.get("provider_name") or ""
    clauses = clause_split(detail.text)
    posted = [m for c in clauses if (m := _POSTED_PERSON.match(c))]
    beside = bool(posted) and bool(unit) and "（" not in unit and is_organisation_name(unit)
    kept = [c for c in clauses if not (beside and _POSTED_PERSON.match(c)) and not _SAID_AGAIN.search(c)]
    if len(kept) == len(clauses):
        return detail
    if beside:
        return SetField("provider_name", beside_unit(unit, posted[0].group("who")), corrected=True)
    return AddDetail("，".join(kept)) if kept else None


_TITLED = re.compile(r"(?P<title>[\u4e00-\u9fff](?:队长|经理|主任|师傅|老师|书记|店长|科长|部长))$")


def _liaison(words: str) -> str | None:
    """The person named: "…的徐建国徐队长" is 徐建国, "…找徐队长" is 徐队长."""
    titled = _TITLED.search(words)
    names = full_names_in(words[:titled.start()] if titled else words)
    return names[0] if names else (titled.group("title") if titled else None)


_DENIED_AT_END = re.compile(rf"(?:^|[。！!？?；;\s，,])(?:哦|噢|哎)?(?:对了)?[，,\s]*(?={_NEG})")


def _denied_at_the_end(commands: list[Command], text: str, state: State) -> tuple[int, list[Command]]:
    """"不算急吧 …。哦对了，不是二楼，是三楼" at another question: where the words put right begin, and the change of
    them; nothing when the message has no such ending or the words were changed already."""
    fields = FORMS.get(state.form or "")
    if not fields or not fields.notes or any(isinstance(c, SetField) and c.field == fields.notes for c in commands):
        return 0, []
    at = next((m.end() for m in _DENIED_AT_END.finditer(text) if m.end() > 0 and content_chars(text[:m.start()]) >= 2), None)
    return (at, _denied_then_said(text[at:], state) or []) if at else (0, [])


def _details_once(commands: list[Command]) -> list[Command]:
    """A detail read twice ("阿拉去年就讲过一趟了，一直呒没弄" and "一直呒没弄"): written once, in its longer form."""
    details = [_PUNCT.sub("", c.text) for c in commands if isinstance(c, AddDetail)]
    return [c for c in commands if not (isinstance(c, AddDetail) and any(
        _PUNCT.sub("", c.text) in other and _PUNCT.sub("", c.text) != other for other in details))]


# "我负责个", "姓潘", "喊我潘师傅": who the person is to the unit, said with its name
_WHO_TO_THE_UNIT = re.compile(r"^(?:我|伲|阿拉)?(?:是)?(?:负责|负责人|老板|老板娘|店主|领班|联系人|管事)(?:个|的|格|额)?$|^(?:我|伲)?姓(?P<surname>[\u4e00-\u9fff])$|"
                        r"^(?:大家|别人|人家)?(?:都)?(?:喊|叫|称呼)(?:我|伲)?(?P<called>[\u4e00-\u9fff]{2,4}?)(?:就行|就好|好了)?$")


def _who_said_beside_the_name(commands: list[Command]) -> list[Command]:
    """Clauses saying who the person named is ("我负责个 姓潘 喊我潘师傅") are no words of the help."""
    name = next((c.value for c in commands if isinstance(c, SetField) and c.field == "provider_name"), None)
    if not name:
        return commands
    kept = []
    for command in commands:
        if isinstance(command, AddDetail):
            clauses = clause_split(command.text)
            left = [c for c in clauses if not ((m := _WHO_TO_THE_UNIT.match(c)) and (m.group("surname") or "") in name
                                               and (m.group("called") or "") in name)]
            if len(left) < len(clauses):
                if not left:
                    continue
                command = AddDetail("，".join(left))
        kept.append(command)
    return kept


_TYPE_ADDED = re.compile(r"也加上|也要加|也(?:出|算|记|写)|还有|两(?:个|样|类)都|都要(?:算|记|写)")
_TWO_TYPES_ASKED = re.compile(r"(?:能|可以|好)(?:选|填|记|写)(?:两|2|几)(?:个|样|类)|(?:只能|只好)(?:填|选|记|写)一(?:个|样|类)|"
                               r"分(?:成|开)两(?:条|个|份)(?:登记|记)|(?:要不要|能不能|好不好|可不可以|要勿要)分开(?:登记|记)")


def _one_type(text: str, commands: list[Command], state: State) -> list[Command]:
    """An offer is of one type. Another added ("类型只写了物力 我们也出人的 人力也加上"): the type kept and the other
    written beside the help, said so; "能选两个吗", "类型只能填一个吗": answered so."""
    kept = state.filled.get("resource_type")
    added = next((c for c in commands if isinstance(c, SetField) and c.field == "resource_type"), None)
    if added is not None and kept and added.value != kept and _TYPE_ADDED.search(text):
        rest = [c for c in commands if c is not added and not isinstance(c, AddDetail)]
        return [*rest, AddDetail(say_also_of_type(added.value)), AnswerQuestion("two_types", added.value)]
    if kept and _TWO_TYPES_ASKED.search(text):  # the question is answered, never written into the help
        return [c for c in commands if not (isinstance(c, AnswerQuestion) and c.topic == "other")
                and not (isinstance(c, AddDetail) and _TWO_TYPES_ASKED.search(c.text))] + [AnswerQuestion("two_types", "")]
    return commands


def say_also_of_type(resource_type: str) -> str:
    from bot.replies import say

    return say("reading.also_of_type", resource_type=resource_type)


_WRITE_IT_ASKED = re.compile(r"(?:要|要不要|要勿要|需要|用不用|好不好)(?:写|记)(?:上|进|进去|上去|一笔)?(?:吗|伐|么|不)?[？?]?$")
_CONTACT_BESIDE = re.compile(r"（[^（）]*[找联系寻问][^（）]*）$")


def _contact_kept(command: Command, state: State) -> Command:
    """A unit's name written out in full ("公司名字写全一点 太仓港顺达物流有限公司"): the person to ask for, said before
    beside the old name ("（找工会的陈主席）"), stays beside the new one."""
    if not (isinstance(command, SetField) and command.field == "provider_name" and command.corrected):
        return command
    beside = _CONTACT_BESIDE.search(str(state.filled.get("provider_name") or ""))
    if beside is None or "（" in command.value or not is_organisation_name(command.value):
        return command
    return replace(command, value=command.value + beside.group())


def _names_together(commands: list[Command], text: str) -> list[Command]:
    """"提供方写两个人名字 沈秀英 陆福根": two people offering together are both the name, written once."""
    from bot.vocab.names import full_names_in

    named = [c for c in commands if isinstance(c, SetField) and c.field == "provider_name"]
    people = full_names_in(text)
    if not named or len(people) < 2 or not all(c.value in people for c in named) or organisation_in(text):
        return commands
    together = replace(named[0], value="、".join(people))
    return [together if c is named[0] else c for c in commands if c not in named[1:]]


_ONLY_NOW = re.compile(r"^(?:现在|目前|以后)?(?:只有|只能|只在|就只有|只)")
# "阿拉退休了", "其他日脚都好": why they are free, and when they are not said again. No words of the help.
_WHY_FREE = re.compile(r"^(?:我|阿拉|伲|我们)?(?:已经)?退休(?:了|哉|脱了)?$|^(?:其他|其余|别的)(?:日脚|日子|时间|辰光|时候)(?:都|侪|也)?(?:好|可以|行|有空)|"
                       # "阿姨们要烧夜饭的": why not then, beside a time said
                       r"^[^，,。]{0,6}(?:要|得)(?:烧夜饭|烧饭|做饭|烧中饭|带孙子|带孙女|带小孩|带小囡|接小孩|接孙子|接小囡|上班|上课|看店|开店|做生意)(?:个|的|格|额)?$")


def _offer_asides(commands: list[Command], state: State, text: str) -> list[Command]:
    """Words said beside an answer that are no words of the help: a time of day or week ("车子下午五点前要回厂",
    "其他日脚都好") goes beside the time, the reach said again and why they are free are left out; "只在双休日，
    而且不出镇 …" said at the reach question gives the time too, when none is known."""
    time = next((c for c in commands if isinstance(c, SetField) and c.field == "available_time"), None)
    kept_time = str(time.value if time else state.filled.get("available_time") or "")
    if not kept_time and state.asked not in ("available_time", "resource_description"):
        said = [c for c in clause_split(text) if time_from_words(c) and WHEN_WORD.search(c) and not required(c)
                and not REACH_ASIDE.search(c)
                and not any(isinstance(k, SetField) and c in str(k.value) for k in commands)]
        if len(said) == 1:  # a time said beside the answer asked: the time, as a first answer, out of the help's words
            rest = [replace(k, text="，".join(p for p in clause_split(k.text) if p != said[0]))
                    if isinstance(k, AddDetail) else k for k in commands]
            rest = [k for k in rest if not (isinstance(k, AddDetail) and not k.text)]
            return _offer_asides([*rest, SetField("available_time", re.sub(r"^(?:只在|就在|只有)", "", said[0]))], state, "")
    result, beside = [], []
    for command in commands:
        if not isinstance(command, AddDetail) or command.text.startswith("（"):
            result.append(command)
            continue
        words = []
        for clause in clause_split(command.text):
            if REACH_ASIDE.search(clause) or _WHY_FREE.match(clause):
                continue
            if kept_time and time_from_words(clause) and WHEN_WORD.search(clause) and not required(clause):
                beside.append(clause)  # a time said aside, with no job in it
                continue
            words.append(clause)
        if words:
            result.append(replace(command, text="，".join(words)) if len(words) < len(clause_split(command.text))
                          else command)
    if not beside:
        return result
    only = [c for c in beside if _ONLY_NOW.search(c)]
    if only and time is None and state.filled.get("available_time"):
        # "只有礼拜天有空了" at the summary: the time said anew, never a remark beside the old one ("周末（只有…）")
        return [*result, SetField("available_time", _ONLY_NOW.sub("", only[-1]), corrected=True)]
    written = f"{kept_time}（{'，'.join(beside)}）"
    if time is not None:
        return [replace(c, value=written) if c is time else c for c in result]
    return [*result, SetField("available_time", written, corrected=True)]


def _contact_notes_kept(command: Command, state: State) -> Command:
    """The help's words rewritten ("能提供改成：…"): how to reach them, noted beside the old words ("（联系：座机…）",
    "（联系：别直接把号码给当事人）"), stays beside the new ones."""
    if not (isinstance(command, SetField) and command.field == "resource_description" and command.corrected):
        return command
    from bot.replies import say

    head, tail = say("reading.contact_note", words="\0").split("\0")
    old = str(state.filled.get("resource_description") or "")
    notes = [n for n in re.findall(f"{re.escape(head)}.*?{re.escape(tail)}", old) if n not in command.value]
    return replace(command, value=command.value + "".join(notes)) if notes else command


_WE_ARE = re.compile(r"^(?:我们|阿拉|伲|我伲)(?:是|单位是|公司是|单位叫|公司叫|叫)(?P<unit>.{4,})$")


def _unit_named(command: Command, state: State) -> Command:
    """"我勿是个人，是单位，我们是太仓市安居物业管理有限公司": the unit's name, never words of the offer."""
    said = _WE_ARE.match(command.text.strip(" ，,。")) if isinstance(command, AddDetail) else None
    if not said or not is_organisation_name(said.group("unit")) or state.filled.get("provider_name") == said.group("unit"):
        return command
    return SetField("provider_name", said.group("unit"), corrected=bool(state.filled.get("provider_name")))


def _kept_secret(commands: list[Command], state: State) -> list[Command]:
    """"另外我不希望我的名字露出来，邻居之间抬头不见低头见": the wish written for whoever handles it (with the reason
    said beside it), never as words of the problem, and how their details are kept answered."""
    from bot.replies import say

    reason = "，".join(clause for c in commands if isinstance(c, AddDetail) for clause in clause_split(c.text)
                      if not says("keep_me_secret", clause))
    note = say("reading.secret_note") + (f"（{reason}）" if reason else "")
    kept = [c for c in commands if not isinstance(c, AddDetail)]
    if say("reading.secret_note") not in (state.filled.get("description") or ""):
        kept.append(AddDetail(note))
    if not any(isinstance(c, AnswerQuestion) for c in kept):
        kept.append(AnswerQuestion("privacy"))
    return kept


_PLACE_IN_ROW = re.compile(r"^(?:我|伲|阿拉)?(?:就)?(?:选|要|点|揿|挑)?(?:第(?P<n>[一二三四五六七八九1-9])|(?P<first>头)一|(?P<last>最后|末)(?:一|那))"
                           r"(?:个|项|种|条|只|样|档)?(?:吧|好了|就好|就行|呀|啊|哦|额|个)?[。！!]*$")


def button_picked(text: str, offered: tuple[str, ...]) -> str | None:
    """"第一个", "选最后一个", "头一个": the title of the button at that place among those just shown."""
    said = _PLACE_IN_ROW.match(re.sub(r"\s+", "", text or ""))
    if not said or not offered:
        return None
    if said.group("last"):
        return offered[-1]
    at = 1 if said.group("first") else "一二三四五六七八九".find(said.group("n")) + 1 or int(said.group("n"))
    return offered[at - 1] if at <= len(offered) else None


def _choice_asked_is_the_answer(commands: list[Command], state: State, places: Places) -> list[Command]:
    """"辅导作业算啥？专业知识伐": a question whether it is the choice taken is answered by taking it, never
    with "答不准"."""
    chosen = {c.field: c.value for c in commands if isinstance(c, SetField) and c.field in CLOSED_CHOICES}

    def taken(command: Command) -> str | None:
        if not (isinstance(command, AnswerQuestion) and command.topic == "other" and command.asked):
            return None
        return next((value for field, value in chosen.items()
                     if value_for(field, command.asked, state.form or "", places) == value), None)

    return [AnswerQuestion("choice_yes", value) if (value := taken(c)) else c for c in commands]


@lru_cache(maxsize=1)
def _button_titles() -> frozenset[str]:
    titles = [u.button for u in URGENCIES] + [c.button for c in categories()]
    titles += [t.button for t in (*resource_types(), *provider_types())]
    return frozenset(_bare(t) for t in titles)


def _bare(text: str) -> str:
    return re.sub(r"[\s，,。.：:；;！!？?、“”\"'（）()]", "", text)


def is_a_button_title(text: str) -> bool:
    """The whole message is the words of one of the choices' buttons ("急：有危险或影响吃住出行，要马上处理")."""
    return _bare(text) in _button_titles()


_UNWRITTEN = re.compile(r"(?:还是)?(?:没|勿曾|没有|漏)(?:写|记|加)(?:上去|上|进去)?(?:啊|呀|哦|嘛|了|哉)?$")


def _contact_person(command: Command, text: str, state: State) -> Command:
    """"联系人小沈没写上去啊": a unit's contact person, written beside its name ("太仓勤丰包装（小沈）")."""
    if not (isinstance(command, SetField) and command.field == "provider_name" and "联系人" in text) \
            or "（" in command.value:
        return command
    named = _contact_in(text)
    person = named or re.sub(r"^(?:写上|记上|写|上)[\s，,]+", "", _UNWRITTEN.sub("", command.value)).strip(" ，,。")
    unit = state.filled.get("provider_name") or ""
    if named and is_organisation_name(command.value) and person not in command.value:
        return replace(command, value=beside_unit(command.value, person))  # "合作社叫雅鹿… 联系人潘师傅": the new name
    bare = re.sub(r"（.*?）", "", unit)
    if not person or not unit or not is_organisation_name(bare) or person in bare:
        return replace(command, value=person or command.value)
    # "联系人是店长顾红梅 不是写" of "…店（写我们店长顾红梅）": the person alone beside the unit's name
    return replace(command, value=beside_unit(bare if person in unit else unit, person))


_SENTENCE_END = re.compile(r"(?<=[。！!])")


def _changes_in_turn(message: Message, state: State, places: Places) -> list[Command] | None:
    """"勿是沪剧，是锡剧。活动室是礼拜一到礼拜五锁牢", "问题里向格电话号码拿脱伊。再加一句：…": at the summary, a
    change said in its own sentence and more said after it; each sentence read for itself, in the order said."""
    fields = FORMS.get(state.form or "")
    if fields is None or not fields.confirm or state.asked != fields.confirm:
        return None
    sentences = [s for s in _SENTENCE_END.split(message.text or "") if content_chars(s) >= 2]
    if len(sentences) < 2:
        return None
    first = _read_one(replace(message, text=sentences[0]), state, places)
    if not any(isinstance(c, SetField) and c.corrected for c in first):
        # "红纸笔墨我自家带，这句也写上去。还有名字写钱文华就好": words to add first, then the change
        added = [c for c in first if isinstance(c, AddDetail)]
        if not added or len(added) != len(first):
            return None
        rest = _changes_in_turn(replace(message, text="".join(sentences[1:])), state, places) or _read_one(
            replace(message, text="".join(sentences[1:])), state, places)
        changed = any(isinstance(c, SetField) and c.corrected for c in rest)
        return added + [c for c in rest if not isinstance(c, (Unclear, Confirm))] if changed else None
    rest = _read_one(replace(message, text="".join(sentences[1:])), state, places)
    return first + [c for c in rest if not isinstance(c, (Unclear, Confirm)) and c not in first]


def _read_one(message: Message, state: State, places: Places) -> list[Command]:
    same = _same_number_again(message.text or "", state)
    if same is not None:
        return same + [c for c in _read_detailed(replace(message, text=_SAME_NUMBER.sub("", message.text)), state, places)
                       if not isinstance(c, Unclear)]
    commands = _with_every_number(_read_detailed(message, state, places), message.text or "", state)
    once: list[Command] = []
    commands = _reach_widened(_on_their_own(commands, message.text or "", state), message.text or "", state, places)
    commands = _exception_beside_the_time(commands, message.text or "", state)
    commands = _one_reach(commands, message.text or "", state, places)
    commands = _name_apart(commands, message.text or "", state)
    commands = _choice_denied(commands, message.text or "", state)
    timed = state.asked == "available_time" or any(isinstance(c, SetField) and c.field == "available_time" for c in commands)
    again = _time_said_again(message.text or "") if timed else None
    if again:  # "每个月第一个周三上午 哦不对 是第二个周三…": the time as put right
        again = _time_said(again) or again  # "礼拜六 礼拜天车子要保养": when they cannot, in brackets
        commands = [replace(c, value=again) if isinstance(c, SetField) and c.field == "available_time" else c
                    for c in commands]
        if not any(isinstance(c, SetField) and c.field == "resource_scope" for c in commands):
            commands += _reach_beside(message.text or "", state, places)  # "…还有我们全太仓都跑的": the reach too
    clauses = clause_split(message.text or "")
    # "我是领队": a role is who they are in the unit, never its name
    commands = [c for c in commands if not (isinstance(c, SetField) and c.field == "provider_name" and _A_ROLE.fullmatch(c.value))]
    for command in (_one_name(_full_name(c, clauses) if isinstance(c, SetField) else c) for c in
                    (_first_answer(c, state) for c in commands)):
        if command not in once:  # "电话13812673390 我姓沈 沈医生": the name is taken once, and said back once
            once.append(command)
    return once


WHO_CHARS = 12  # "就普通居民 个人志愿者": who offers, no word of the help

# Words that say a name is what a clause gives: "我全名叫周月琴", "名字改成周月琴", "联系人写陆建华", "周月琴是我名字".
_NAME_WORDS = re.compile(r"全名|名字|姓名|称呼|联系人|我叫|叫我|叫做|名称")


def name_said(text: str) -> str | None:
    """The full name a message gives as a name ("名字就三个字 周月琴", "勿对 是陆建纲 纲领格纲"): in a clause with
    words naming it, or a clause that is the name alone; None when no one such name is said."""
    found = []
    for clause in clause_split(text):
        bare = re.sub(r"^(?:勿对|不对|弗对|哦|对了|是|就是|应该是)+", "", clause)
        named = full_names_in(clause)
        if len(named) == 1 and (_NAME_WORDS.search(clause) or bare == named[0]):
            found.append(named[0])
    if not found and _NAME_WORDS.search(text) and len(full_names_in(text)) == 1:
        found = full_names_in(text)  # "联系人是我 公共卫生科张慧敏": the name in the clause after the words
    return found[0] if len(set(found)) == 1 else None


def _name_apart(commands: list[Command], text: str, state: State) -> list[Command]:
    """A volunteer's full name said among other words is their name, never a word of another field: "就写辅导小学生
    做作业 好了 我全名叫周月琴" sets the help and the name; "名字就三个字 周月琴" and "勿对 是陆建纲 纲领格纲" (the
    name taken before was 陆建刚) set the name to the name alone."""
    if state.form != "resource_form":
        return commands
    name = name_said(text)
    old = state.filled.get("provider_name") or ""
    if not name or name == old:
        return commands
    spelt_anew = not _NAME_WORDS.search(text) and len(old) == len(name) and old[:1] == name[:1]
    if not (_NAME_WORDS.search(text) or spelt_anew or state.asked == "provider_name"):
        return commands
    taken = next((c for c in commands if isinstance(c, SetField) and c.field == "provider_name"), None)
    person = name
    said_unit = taken.value if taken and looks_like_organisation(taken.value) and person not in taken.value else ""
    unit = said_unit or (old if looks_like_organisation(old) else "")
    if unit and person not in unit and (_CONTACT_WORDS.search(text) or not _NAME_SET.search(text)):
        # "联系人是我 公共卫生科张慧敏": who to ask for at the unit, kept beside its name
        name = beside_unit(unit, person)
    elif unit or taken and (person not in taken.value or _A_NAME_AS_IS.fullmatch(taken.value)):
        return commands  # "李建国，叫我老李就行": the name they ask for; "钱美芳（钱阿姨）": both kept
    naming = [c for c in clause_split(text) if person in c]
    kept: list[Command] = []
    for command in commands:
        if isinstance(command, SetField) and command.field == "provider_name":
            kept.append(replace(command, value=name, corrected=bool(old)))
            continue
        if isinstance(command, (SetField, AddDetail)) and any(c in _command_words(command) for c in naming):
            words = _command_words(command)
            for clause in naming:
                words = words.replace(clause, "")
            # "纲领格纲" (how the name is written), "只有三个字", "勿对": about the name, no word of the help
            words = " ".join(c for c in clause_split(words) if not (_ABOUT_THE_NAME.search(c) or set(c) & set(person[1:])))
            words = re.sub(r"^[\s，,。；;]+|[\s，,。；;]+$", "", words)
            if content_chars(words) < 2:
                continue
            command = replace(command, value=words) if isinstance(command, SetField) else replace(command, text=words)
        kept.append(command)
    notes = state.filled.get("resource_description") or ""
    if person in notes and not any(isinstance(c, SetField) and c.field == "resource_description" for c in kept):
        # "张慧敏是联系人不是帮助内容": the name written into the help before is taken out of it
        left = "；".join(p for p in re.split(r"[；;]", notes) if person not in p)
        kept = [c for c in kept if not (isinstance(c, AskAgain) and c.field == "resource_description")]
        kept += [SetField("resource_description", left, corrected=True)] if content_chars(left) >= 4 else []
    return kept if taken else [*kept, SetField("provider_name", name, corrected=bool(old))]


_CONTACT_WORDS = re.compile(r"联系人|找(?:我们)?[^，,。\s]{0,4}(?:的|格)?")
_NAME_SET = re.compile(r"(?:名字|称呼|全名|姓名|提供方)(?:就|要|请|帮我)?(?:写成?|改成|改为|换成|是|叫)")


_A_NAME_AS_IS = re.compile(r"[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{2,4}（[^）]+）")


LISTED_CHOICES = ("need_category", "resource_type")  # the choices listed when asked about (answer_categories, _resource_types)
# "类别写物业管理勿大对", "勿是物业管理": the choice written, denied
_CHOICE_DENIED = re.compile(r"(?:勿|不|弗)(?:大|太)?对|(?:勿|不|弗)是|(?:勿|不|弗)(?:大|太)?(?:合适|准确)")


def _choice_denied(commands: list[Command], text: str, state: State) -> list[Command]:
    """A choice said wrong, and what it should be named in words no choice has ("应该算消防安全吧"): the choices
    are listed and asked again, never the one denied said back as if chosen."""
    kept = []
    for command in commands:
        if isinstance(command, SetField) and command.field in LISTED_CHOICES and not command.corrected \
                and state.filled.get(command.field) == command.value and says("correction", text) \
                and _denies(text, command.field, command.value):
            kept += [AnswerQuestion("choices"), AskAgain(command.field)]
            continue
        kept.append(command)
    if any(isinstance(c, AskAgain) and c.field in LISTED_CHOICES for c in kept) \
            and not any(isinstance(c, AnswerQuestion) and c.topic == "choices" for c in kept):
        kept.insert(0, AnswerQuestion("choices"))  # asked again: the choices listed with what each means
    return [c for c in kept if not (isinstance(c, AddDetail) and any(isinstance(k, AskAgain) and k.field in LISTED_CHOICES
                                                                      for k in kept) and content_chars(c.text) <= 8)]


def _denies(text: str, field_name: str, value: str) -> bool:
    """A clause denying that value ("类别写物业管理勿大对", "勿是物业管理"), not another one ("应该是群众自治 勿是组织建设"
    while 群众自治 is the value)."""
    for clause in clause_split(text):
        if _CHOICE_DENIED.search(clause):
            said = _CHOICE_DENIED.sub("", clause)
            reader = category_from_words if field_name == "need_category" else normalize_resource_type
            if reader(said.strip(" ，,。")) == value:
                return True
    return False


_ABOUT_THE_NAME = re.compile(r"^(?:勿对|不对|弗对|错了|写错了?)$|^(?:只有|就|一共|是)?[一二三两四\d]个字$")


def _command_words(command: Command) -> str:
    return command.value if isinstance(command, SetField) else getattr(command, "text", "")


def _on_their_own(commands: list[Command], text: str, state: State) -> list[Command]:
    """"我是个人 勿是单位", "就普通居民 个人志愿者": who offers, in words the plan's types do not use; the nearest
    person type is taken and said back as a guess (never asked again and again)."""
    if state.form != "resource_form" or any(isinstance(c, SetField) and c.field == "provider_type" for c in commands):
        return commands
    taken = individual_type(text)
    asked_about = state.asked == "provider_type" or any(isinstance(c, AskAgain) and c.field == "provider_type" for c in commands)
    if not taken or not asked_about:
        return commands
    kept = [c for c in commands if not (isinstance(c, AskAgain) and c.field == "provider_type") and not isinstance(c, Unclear)
            and not (isinstance(c, AddDetail) and individual_type(c.text) and content_chars(c.text) <= WHO_CHARS)]
    return [SetField("provider_type", taken, corrected=bool(state.filled.get("provider_type")), guessed=True), *kept]


_ADDS_A_PLACE = re.compile(r"再加|还有|也(?:可以|能|好)?去|加上|另外|(?:勿|不|弗)是换[^，,。]{0,2}是加|都要算|都算(?:进去)?|"
                           r"(?:两|几)(?:个|只)(?:村|社区|小区|地方)都")



def _reach_widened(commands: list[Command], text: str, state: State, places: Places) -> list[Command]:
    """Where else one goes, said while another question is open ("其实隔壁新塘村也好去", "隔壁几个村也好去的"): the
    reach, never a word of the help. A place named is added beside the one kept; neighbours unnamed widen it to the
    kept place's town, said back as a reading to put right."""
    if state.form != "resource_form":
        return commands
    kept = state.filled.get("community") if state.filled.get("resource_scope") == "community" else None
    town = places.town_of(kept) if kept else None
    if any(isinstance(c, SetField) and c.field == "resource_scope" for c in commands):
        return [replace(c, value=f"town{SCOPE_SEPARATOR}{town}", guessed=True)
                if town and isinstance(c, SetField) and c.field == "resource_scope" and c.value == "town" else c
                for c in commands]
    if state.asked == "resource_scope" or not any(isinstance(c, AddDetail) for c in commands) \
            or _DENIED_SCOPE.search(text):
        return commands
    if not (_SCOPE_SAID.search(text) or (_ADDS_A_PLACE.search(text) and places.communities_in(text))):
        return commands
    scope = _scope_said(text, places)
    if scope == "town" and town:
        scope = f"town{SCOPE_SEPARATOR}{town}"
    if not scope or scope in ("town", "community"):
        return commands
    reach = SetField("resource_scope", scope, corrected=True, guessed=scope.startswith("town") and not places.towns_in(text))
    return [reach, *(c for c in commands if not isinstance(c, AddDetail))]

def _one_reach(commands: list[Command], text: str, state: State, places: Places) -> list[Command]:
    """An offer reaches one community, one town or the city. Two communities said ("就紫薇苑跟何桥村两个地方"), or
    one more added to the one kept ("服务范围再加一个何桥村"): the first stays the reach and the others are written
    beside the help, so no place said is dropped and the reach is never widened unasked."""
    at = next((i for i, c in enumerate(commands) if isinstance(c, SetField) and c.field == "resource_scope"), None)
    if at is None or state.form != "resource_form":
        return commands
    reaches = [c for c in commands if isinstance(c, SetField) and c.field == "resource_scope"]
    if len(reaches) > 1:  # "附近几个村也行，浏河镇里向都好开过去": the reach said twice, the one naming its place kept
        fullest = next((c for c in reversed(reaches) if SCOPE_SEPARATOR in c.value), reaches[-1])
        commands = [c for c in commands if c not in reaches or c is fullest]
        at = commands.index(fullest)
    reach_value = str(commands[at].value)
    if reach_value.startswith("town") and not commands[at].guessed:
        # "沙溪镇下面都可以 直塘归庄我也去": the town said, its villages named inside it; villages of another town
        # ("双凤那边黄桥村新卫村我也去") written beside the help
        town = reach_value.split(SCOPE_SEPARATOR, 1)[1] if SCOPE_SEPARATOR in reach_value else state.filled.get("town")
        said = " ".join(c for c in clause_split(text) if not _WHERE_THEY_ARE.search(c))  # where they live is no reach
        outside = [c for c in places.communities_in(said) if town and places.town_of(c) != town]
        if outside and not _WORDS_ADDED.match(text):
            kept = [c for c in commands if not (isinstance(c, AddDetail) and set(places.communities_in(c.text)) & set(outside))]
            return [*kept, AddDetail(say_also_reaches("、".join(places.common_name(c) or c for c in outside)))]
        return commands
    if not reach_value.startswith("community") and not commands[at].guessed:
        return commands
    named = places.communities_in(text)
    own = state.filled.get("community")
    if own and own not in named and named and _OWN_VILLAGE.search(text):
        named = [own, *named]  # "就阿拉村里 还有隔壁何桥村也好": their own village first, the other beside it
    kept = state.filled.get("community") if state.filled.get("resource_scope") == "community" else None
    if kept and _ADDS_A_PLACE.search(text) and named:
        named = [kept, *[n for n in named if n != kept]]  # the place kept stays the reach
    if len(named) < 2:
        return commands
    others = "、".join(places.common_name(n) or n for n in named[1:])
    reach = _unchanged(SetField("resource_scope", f"community{SCOPE_SEPARATOR}{named[0]}",
                                corrected=bool(state.filled.get("resource_scope"))), state)
    # said so: the reach is the first place, the others written beside the help (never a silent "已改")
    return [*commands[:at], reach, *commands[at + 1:], AddDetail(say_also_reaches(others)),
            AnswerQuestion("two_communities", others)]


_YES_AND_MORE = re.compile(r"^(?:对的|对|是的|好的|好|嗯|没错|可以)[的格个呀啊哦]*[，,。\s]*(?:哦|噢|对了)?[，,\s]*"
                           r"(?:还有|另外|再加一句|补充一句|补充)[，,：:\s]*(?P<more>.+)$")
_WHERE_THEY_ARE = re.compile(r"在|住|旁边|隔壁|网点|门店|店面|家里")
_OWN_VILLAGE = re.compile(r"(?:阿拉|伲|我们|我伲|自家|本)(?:个|格|的)?(?:村|小区|社区)")


def say_also_reaches(places_named: str) -> str:
    from bot.replies import say

    return say("reading.also_reaches", places=places_named)


def _one_name(command: Command) -> Command:
    """"小顾 顾晓峰": a familiar name and the full name of the same person; the full name is the name."""
    if not (isinstance(command, SetField) and command.field == "provider_name"):
        return command
    pieces = [p for p in re.split(r"[\s，,、]+", command.value) if p]
    full = [p for p in pieces if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", p) and p[0] not in "小老阿"]
    if len(pieces) == 2 and len(full) == 1 and all(p == full[0] or re.fullmatch(rf"[小老阿]{full[0][0]}", p) for p in pieces):
        return replace(command, value=full[0])
    return command


def _first_answer(command: Command, state: State) -> Command:
    """"应该算难吧 勿是急" before any level was taken: a first answer, never called a change."""
    if isinstance(command, SetField) and command.corrected and state.filled.get(command.field) in (None, ""):
        return replace(command, corrected=False)
    return command


def _one_number_twice(numbers: list[str], text: str) -> str | None:
    """Two mobile numbers a digit or two apart, said as one ("我再讲一遍"), not as a second number: both, masked."""
    mobiles = sorted({n for n in numbers if len(n) == 11 and n.startswith("1")})
    if len(mobiles) != 2 or says("second_phone", text) or _CONTACT_NOTE.search(without_phones(text)) and not _SAID_AGAIN.search(text):
        return None
    if says("correction", text) or any(_number_denied(n, text) for n in mobiles):
        return None  # "13013761592 勿对 是13913761592": the slip put right, the second is the number
    apart = sum(a != b for a, b in zip(*mobiles, strict=True))
    return "、".join(mask_phone(n) for n in mobiles) if apart <= 2 else None


_SAID_AGAIN = re.compile(r"再讲一遍|再说一遍|再报一遍|重新讲|重新报|讲错|说错|报错")


def _with_every_number(commands: list[Command], text: str, state: State) -> list[Command]:
    """Two numbers given ("手机138… 不通就打我儿子139…"), or one more after the first ("电话再加一个 我老伴的139…"):
    the first (or the one given before) stays the phone, and every other is kept beside it as how to reach the
    person, never dropped and never put in its place."""
    fields = FORMS.get(state.form or "")
    numbers = phones_in(text) if fields and fields.phone and fields.notes else []
    if not numbers or any(isinstance(c, (Cancel, AskAgain)) for c in commands):
        return commands
    slip = _one_number_twice(numbers, text)
    if slip:  # "13771590826 我再讲一遍噢 13771590836": which of the two is right is asked, never guessed
        return [c for c in commands if not (isinstance(c, SetField) and c.field == fields.phone)
                and not (isinstance(c, AddDetail) and any(n in c.text for n in numbers))] + [AnswerQuestion("two_numbers", slip)]
    before = state.filled.get(fields.phone)
    adds = bool(before) and before != NO_PHONE and says("second_phone", text) and not says("phone_change", text)
    taken = next((c.value for c in commands if isinstance(c, SetField) and c.field == fields.phone), None)
    others = [n for n in numbers if n != before] if adds else [n for n in numbers if n != (taken or numbers[0])]
    if taken and _digits_put_right_at_once(text, fields.phone):
        others = [n for n in others if n != parse_phone(text)]  # the number typed wrong and put right: no second one
    others = [n for n in others if not _number_denied(n, text)]  # "130… 勿对 是139…": a slip, never a contact
    if not others:
        return commands
    if adds:
        commands = [c for c in commands if not (isinstance(c, SetField) and c.field == fields.phone)]
    head, tail = say_contact_note("\0").split("\0")
    notes = [c for c in commands if isinstance(c, AddDetail) and c.text.endswith(tail) and head in c.text]
    noted = notes[0].text.rsplit(head, 1)[1][:-len(tail)].split("，") if notes else []
    # "还有个号码53581234 是屋里座机": with one more number, the words about it too
    pieces = [p for p in clause_split(text) if p not in noted and (set(phones_in(p) or [parse_phone(p)]) & set(others)
                                                                   or adds and _CONTACT_NOTE.search(p))]
    if notes:  # "白天打座机" kept already: one note, in the order said
        words = noted + pieces
        words.sort(key=lambda w: text.find(w) if w in text else len(text))
        matter = notes[0].text.rsplit(head, 1)[0]
        return [AddDetail(matter + say_contact_note("，".join(words))) if c is notes[0] else c for c in commands]
    if not pieces:
        return commands  # the other digits are no words of their own (a number said twice, put right): no empty note
    return commands + [AddDetail(say_contact_note("，".join(pieces)))]


_DENIED_AFTER = re.compile(r"^[\s，,。]*(?:哦|噢|啊|呃|哎呀|哎哟|啊呀|喔唷|要死)?[\s，,]*(?:勿对|不对|弗对|错了|错脱|打错|说错|讲错|输错|按错|勿是|不是)")
_DENIED_BEFORE = re.compile(r"(?:勿是|不是|弗是|勿要|不要|删脱|删掉|去掉)[\s，,：:]*$")


def _number_denied(number: str, text: str) -> bool:
    """The number said and taken back in the same breath ("13013761592 勿对 是13913761592", "勿是130…")."""
    for found in re.finditer(r"\d[\d\s-]{6,}\d", to_digits(text)):
        if parse_phone(found.group()) == number:
            return bool(_DENIED_AFTER.match(text[found.end():]) or _DENIED_BEFORE.search(text[:found.start()]))
    return False


_SAME_NUMBER = re.compile(r"(?:还是|就是|就用|用|跟)(?:刚刚|刚才|前头|前面|上面|之前|上趟|上次|头先)(?:那个|个|格|的|额)?(?:号码|电话|手机号?)"
                          r"(?:一样)?|(?:号码|电话)(?:跟|同|和)(?:刚才|刚刚|前面|上面|之前)(?:一样|相同)")


def _same_number_again(text: str, state: State) -> list[Command] | None:
    """"还是刚才那个号码": the number given earlier in this conversation (for the report or the offer), when there
    is one and no other number is said."""
    fields = FORMS.get(state.form or "")
    if fields is None or not fields.phone or not _SAME_NUMBER.search(text) or parse_phone(text):
        return None
    earlier = next((state.filled.get(f) for f in (fields.phone, *PHONE_FIELDS)
                    if state.filled.get(f) and state.filled.get(f) != NO_PHONE), None)
    return [SetField(fields.phone, earlier)] if earlier else [AskAgain(fields.phone)]  # none given before: asked


def _read_detailed(message: Message, state: State, places: Places) -> list[Command]:
    commands = []
    for command in _read_with_questions(message, state, places):
        if isinstance(command, AddDetail):
            words = detail_words(command.text)
            if content_chars(words) < 2 and not _SPOT_NUMBER.search(words) \
                    and not (PROBLEM.search(words) and len(re.findall(r"[\u4e00-\u9fff]", words)) >= 2):
                continue  # "12幢" says where, "坏了" what is wrong
            if state.asked in PHONE_FIELDS and _about_the_number(words):
                continue  # "哦多按了一个 最后一个7勿要", "8026 刚才没发完": how the number was typed, no word of the matter
            written = state.filled.get("community")
            if written and state.asked not in ("community", "town") and _only_a_place(words, places) == written:
                continue  # "…地方记对了伐 浏河东仓村": the place written, said back to be sure, no detail
            command = AddDetail(words)
        elif isinstance(command, SetField) and command.field in FREE_TEXT and command.field == state.asked:
            words = detail_words(command.value)  # "刚刚勿是讲过了么 隔壁狗夜里叫": the matter, not the talk about it
            command = replace(command, value=words) if content_chars(words) >= 2 else command
        commands.append(command)
    return commands


_NUMBER_TALK = re.compile(r"[\d\s，,。.！!、:：-]|[哦噢啊呃嗯哎呀哈的了格个]|多按|多打|多输|按错|打错|输错|按多|打多|一个|一位|[一二三四五六七八九零幺两]|"
                          r"最后|前面|后面|前头|后头|第|勿要|不要|弗要|去掉|删掉|删脱|拿掉|刚才|刚刚|没发完|没打完|没写完|发漏|漏了|漏脱|"
                          r"号码|数字|位数|手机号?|电话|是|多了|少了|还有|剩下")


def _about_the_number(words: str) -> bool:
    """Words about typing the number and nothing else."""
    return not _NUMBER_TALK.sub("", words)


def detail_words(text: str) -> str:
    """The words of a detail without those about the conversation ("我刚说的…怎么没写进去", "这个也写上")."""
    kept = []
    for clause in re.split(r"(?<=[，,。；;！!？?\s])", text):
        bare = _signals()["talk_wrapper"].sub("", clause.strip())
        if bare and not says("about_the_talk", bare.strip(" ，,。；;！!？?")):
            kept.append(bare.rstrip(" ，,。；;！!？?") + clause[len(clause.rstrip(" ，,。；;！!？?")):])
    return "".join(kept).strip(" ，,；;")


# "再加一句，修电是勿收钞票个，材料要住户自己买": words to add, where only what is asked outright is a question
_WORDS_ADDED = re.compile(r"^(?:再|还要|我再|另外)?(?:补充|加上|添上|再加|追加|加)(?:一下|一句|两句|几句|一条|一点)?[，,：:\s]")


_WHY_ASKED = re.compile(r"^(?:因为)?(?:我|伲|阿拉)?(?:勿想|不想|弗想|怕|担心|勿要|不要)(?:让|被|叫)?[^，,。]{0,14}(?:晓得|知道|看到|寻|找|麻烦)")


def _read_with_questions(message: Message, state: State, places: Places) -> list[Command]:
    commands = _read(message, state, places)
    if any(isinstance(c, AnswerQuestion) and c.topic == "place_unknown" for c in commands):
        return commands
    challenged = _challenged_field((message.text or "").strip(), state)
    if challenged and any(isinstance(c, (SetField, AskAgain)) for c in commands):
        # "类别哪能是多元文化融合 …": a value denied, not a question to answer, nor words of the matter
        return [c for c in commands if not (isinstance(c, AddDetail) and challenged[0] != "urgency")]
    asked = service_questions(message.text or "")
    if _WORDS_ADDED.match(message.text or ""):
        asked = [(clause, topic) for clause, topic in asked if says("question", clause)]
    if state.asked == "urgency":  # "侬讲伲选哪个好" at the level question: the four levels, not the seven dimensions
        asked = [(clause, "levels" if topic == "choices" else topic) for clause, topic in asked]
    own = state.form == "resource_form" or any(topic in OWN_ANSWER_TOPICS for _, topic in asked)
    if asked and own and commands and all(isinstance(c, Aside) and (c.intent == "faq" or (
            c.intent in COURTESIES and not only_greets(message.text or ""))) for c in commands):
        # "做志愿者要交钱伐 出了事情谁负责": answered for a volunteer, not with the residents' general answers
        return [AnswerQuestion(topic) for topic in dict.fromkeys(topic for _, topic in asked)]
    if not asked or not commands or all(isinstance(c, Aside) for c in commands):
        others = _other_questions(message.text or "", commands, state)
        if others and isinstance(others[0], AnswerQuestion):  # "个人信息会公开伐？" at the name question: no name
            commands = [c for c in commands if not (isinstance(c, SetField) and c.value in others[0].asked)]
        return commands + others
    # the rest of the message read on its own: the question's words fill no field and describe nothing
    questions = {clause for clause, _ in asked}
    paused = {part for clause in questions if " " in clause for part in clause.split(" ")}  # asked over a pause
    questions = {c for c in questions if " " not in c} | paused
    said = [p.strip() for p in re.split(r"(?<=[？?！!。，,；;…\s])", message.text or "") if p.strip()]
    pieces = [(c, says("question", p)) for p in said for c in clause_split(p)]
    # "…到底归啥人管 村里还是环保": the choices offered after a question are part of it
    pieces = [(c, asks or bool(i and (pieces[i - 1][0] in questions or pieces[i - 1][1]) and "还是" in c
                               and not places.describes(c)))
              for i, (c, asks) in enumerate(pieces)]
    # "我要是年纪大了唱勿动了，好随时勿做伐？": a condition said before the question is part of it
    pieces = [(c, asks or bool(_CONDITION.match(c) and i + 1 < len(pieces) and pieces[i + 1][1]))
              for i, (c, asks) in enumerate(pieces)]
    # "燃气抢修电话是几号啊？我勿晓得": not knowing, said after the question, is part of it; so is why one asks
    # ("能勿能匿名啊 我勿想让楼下晓得是我报个")
    pieces = [(c, asks or bool(i and (_NOT_KNOWING.fullmatch(c) or _WHY_ASKED.match(c))
                               and (pieces[i - 1][0] in questions or pieces[i - 1][1])))
              for i, (c, asks) in enumerate(pieces)]
    notes = state.filled.get(FORMS[state.form].notes) or "" if state.form in FORMS else ""
    heads = {c: "" if c in paused or _WHY_ASKED.match(c) else _before_the_question(c) for c in questions}
    heads = {c: "" if head and head.strip(" ，,") in notes else head for c, head in heads.items()}  # "助浴是要收钱的吗"
    rest = " ".join(heads[c] if c in questions else c for c, asks in pieces
                    if c in questions or not asks)  # "是社区书记还是镇上？": part of the question
    rest = rest if content_chars(rest) >= 1 or parse_phone(rest) else ""
    read_rest = _read(replace(message, text=rest), state, places) if re.search(r"[\u4e00-\u9fff\d]", rest) else []
    kept = [c for c in read_rest if not isinstance(c, (Unclear, Aside)) and not _only_field_words(c, state)]
    # "名字记的啥？哪能一串星星": the field said back as well as the stars explained
    kept = [c for c in commands if isinstance(c, AnswerQuestion) and c.topic == "written" and c not in kept] + kept
    suggested = _suggested_place_affirmed(message.text or "", state)
    if suggested and not any(isinstance(c, SetField) and c.field == "community" for c in kept):
        kept = [SetField("community", suggested), *kept]  # "对个 要多少辰光有人来啊": the yes, and the question
    return kept + [AnswerQuestion(topic) for topic in dict.fromkeys(topic for _, topic in asked)]


_NOT_KNOWING = re.compile(r"(?:我|伲|阿拉)?(?:也|真个|真的)?(?:勿晓得|不晓得|弗晓得|不知道|勿清爽|不清楚|搞勿清|搞不清|弄勿清|弄不清)(?:个|格|的|呀|啊|哦|额)*")
_CONDITION = re.compile(r"^(?:我|伲|阿拉)?(?:要是|如果|万一|假如|假使|倘若|要么|以后要是|以后万一)")


def _only_field_words(command: Command, state: State) -> bool:
    """"电话号码" left of "电话号码会给别人看到伐": the subject of the question, no detail."""
    fields = FORMS.get(state.form or "")
    if not isinstance(command, AddDetail) or fields is None:
        return False
    words = "|".join(sorted({w for ws in fields.named_by.values() for w in ws}, key=len, reverse=True))
    return content_chars(re.sub(words, "", command.text)) < 2


# "着火了怎么办", "小孩掉河里哪能办": what a reporter fears, said as a question nobody is to answer
_WORRY = re.compile(r"^(?:万一|要是|如果|假如)?(?![^，,。]*(?:我|伲|阿拉|侬|你|您|该|应该))[^，,。？?]{2,14}"
                    r"(?:怎么办|哪能办|咋办|哪能弄)[？?！!啊呀哦]*$")


def _other_questions(text: str, commands: list[Command], state: State) -> list[Command]:
    """A question of no known topic asked beside an answer ("打扫卫生要自己带工具吗"): said back as one for the
    people who will call, never written into the record; a fear said as a question in a report is a detail of it."""
    if not any(isinstance(c, SetField) for c in commands) or any(isinstance(c, AnswerQuestion) for c in commands):
        return []
    asked = [c for c in clause_split(text) if says("question", c) and content_chars(c) >= 3 and parse_phone(c) is None
             and not says("about_the_talk", c)]
    if state.form == "need_form" and asked and all(_WORRY.match(c) for c in asked):
        return [AddDetail("，".join(asked))]
    return [AnswerQuestion("other", asked[-1])] if asked else []


def _read(message: Message, state: State, places: Places) -> list[Command]:
    text = (message.text or "").strip()
    if not text or state.form not in FORMS:
        return []
    if text.startswith("/"):
        # a button: its intent and entities are read by the slot mappings; the cancel button cancels here, and
        # the other form's button ("我想出份力" in a report) leaves this form for that one
        if re.match(r"^/(?:cancel|stop|deny_report)\b", text):
            return [Cancel()]
        other = OTHER_FORM.get(state.form or "", ("",))[0]
        return [Aside(other)] if other and re.match(rf"^/{other}\b", text) else []
    fields = FORMS[state.form]
    asks_who_calls = says("service_contact", text) and says("question", text)  # "提交以后啥人会打电话拨我？"
    if says("handoff", text) and state.form != "callback_form" and not asks_who_calls:
        if state.asked == fields.confirm and fields.confirm and says("confirm", _signals()["handoff"].sub("", text)):
            return [Confirm(), HandOff()]  # "提交 叫人打电话给我": filed, and someone will call
        return _answered_beside_the_person(text, state, places) + [HandOff()]
    if says("hold", text):
        return [Hold()]
    paused = _HOLD_HEAD.match(text)
    if paused and state.asked != fields.confirm and not places.describes(text[paused.end():]) \
            and places.place_in(text) is None and parse_phone(text) is None and not says("cancel", text):
        return [Hold()]  # "让我想想…都是邻居 闹僵了勿好": a moment asked, with why, and no word of the matter
    if says("resume_report", text) and state.asked != fields.confirm and content_chars(text) <= 12 \
            and parse_phone(text) is None:
        return [Hold(resumed=True)]  # "老头子讲要报的，还是报吧": the question asked again, nothing read into it
    if state.asked == "community" and _PLACE_UNKNOWN.search(text) and places.place_in(text) is None \
            and places.town_in(text) is None:
        # "我也搞不清楚居委会叫啥…你帮我看看是哪个": helped to find it; once the town is known, a guess among its own
        return [AnswerQuestion("place_guess_ok" if state.filled.get("town") else "place_unknown")]
    named = places.place_in(text) if state.asked == "community" else None
    address = _address_said(text, places) if state.asked == "community" and not (named and places.town_of(named)) else None
    if address:
        # "东亭南路那个老小区 9幢": where exactly is kept in the words; the village or community is still asked,
        # a guess allowed ("都说了不知道 你就记城厢镇东亭南路9幢"): staff check it by the road and the building
        town = places.town_in(text)
        road = re.match(r"[\u4e00-\u9fff]+?(?:路|街|弄|巷|大道)", address)
        kept = [] if road and road.group(0) in (state.filled.get("description") or "") else [AddDetail(address)]
        return [*([SetField("community", town)] if town else []), *kept,
                AnswerQuestion("address_kept" if not (town or state.filled.get("town")) else "place_guess_ok", address)]
    two = _two_towns_reached(text, state, places)
    if two:
        phone = parse_phone(text) if state.asked in PHONE_FIELDS else None
        return [SetField(state.asked, phone), *two] if phone else two  # "0512-53456789，…双凤镇跟璜泾镇都好去"
    if state.asked in PHONE_FIELDS and partial_mobile(text) and content_chars(text) <= 4:
        return []  # "手机号139 1263": the first digits, the rest to come; the phone field says so and waits
    if state.asked in PHONE_FIELDS and number_attempt(text):
        return []  # "号头是幺三八…" with a digit too many: the number asked again, never kept as words of the matter
    if state.asked in PHONE_FIELDS and _HAS_ONE.match(text):
        return [Hold(resumed=True)]  # "有格": a number there is, not yet given; the question alone is asked again
    kept = _kept_as_is(text, state, fields)
    if kept:
        return kept
    written = _asks_what_is_written(text, fields)
    if written:
        return [AnswerQuestion("written", written)]
    wrong_form = switches_to(text) == OTHER_FORM.get(state.form or "", ("",))[0]  # "勿是来反映问题的 我想出份力"
    if says("asks_for_needs", text) and not wrong_form \
            and not says("correction", re.sub(r"(?:不|勿)是(?:来)?(?:反映|报修|报)(?:问题|事情|事体)?", "", text)):
        if state.form == "resource_form" and state.filled.get("resource_description") and state.asked != "resource_confirmed":
            # "…城厢镇里别的事体也行 现在有哪些人在求助" mid-offer: the rest is read, the offer goes on, and the needs
            # it fits are shown once it is listed (never the draft thrown away for the list)
            # "等下 想问下附近有啥需要帮忙的伐 看看有没有小孩要补课的": the pause and the rest of the question no answer
            rest = "，".join(c for c in clause_split(text) if not says("asks_for_needs", c) and not _WAIT_WORD.fullmatch(c)
                            and not says("question", c) and not _LOOKS_FOR.match(c))
            said = _read_one(replace(message, text=rest), state, places) if content_chars(rest) >= 2 else []
            return [c for c in said if not isinstance(c, (Unclear, NeedsToHelp))] + [AnswerQuestion("needs_after_offer")]
        return [NeedsToHelp()]
    suggested = _suggested_place_affirmed(text, state)
    if suggested:  # "是的，就是南郊社区…另外更正一下：不是上个月，是上上个月": the yes, then what is put right
        clauses = clause_split(text)
        for at in range(1, len(clauses)):
            rest = "，".join(clauses[at:])
            fixed = [c for c in read_corrections(rest, state, places) if isinstance(c, SetField)
                     and c.field != "community"] if says("correction", rest) else []
            if fixed:
                return [SetField("community", suggested), *fixed]
        return [SetField("community", suggested)]
    switch = switches_to(text) if not (state.form == "need_form" and says("resume_report", text)) else None
    if switch:
        if OTHER_FORM.get(state.form or "", ("",))[0] == switch:
            return [Aside(switch)]  # the rules for the other form take over, carrying what was said
        return [Unclear()] if state.asked in FREE_TEXT else []  # already in that form: words about it, not of it
    if state.form == "need_form" and state.filled.get("support_choice") == "separate" and _SUPPORT_AFTER_ALL.search(text):
        return [SetField("support_choice", "support")]  # "我还是附议XQ000602好了": the earlier report after all
    if asks_about_the_service(message) and not _answers_beside_the_question(text, state, places):
        return [Aside(message.intent or "faq")]
    if message.intent in ("check_status", "not_solved") and message.confidence >= ASIDE_CONFIDENCE and (
            says("status", text) or says("question", text) or says("when_done", text)) \
            and not _answers_beside_the_question(text, state, places) \
            and not (service_questions(text) and len(clause_split(text)) > 1):  # "就西郊社区。登记了会有人来检查伐？"
        # the rule for status questions answers it, then the form goes on; "158…。就是文渊路那一段。啥辰光能修好？"
        # answers the question asked first, and its own question is answered apart
        return [Aside(message.intent)]
    if says("status", text) and not says("correction", text) and not (
            state.asked == "urgency" and _stated_urgency(clause_split(text)[0] if clause_split(text) else "")):
        return [AskStatus()]  # (at the level question, "难吧，之前讲过一次没下文" is the level and why)
    if state.asked in CLOSED_CHOICES and state.asked != "urgency" and all(
            _UP_TO_YOU.match(c) or _UNSURE_OF_LEVEL.search(c) or _NOT_KNOWING.fullmatch(c) for c in clause_split(text)):
        return [Unclear()]  # "我也弄勿清 侬看着办" where a dimension is asked: the choices again, no word of the matter
    if state.asked == "urgency" and _UP_TO_YOU.match(text):  # "侬看着办": the level the words lean to, said back
        leaning = leaning_urgency(state.filled.get("description") or "")
        return [SetField("urgency", leaning, guessed=True)] if leaning else [AnswerQuestion("pardon")]
    if state.asked == "provider_name" and _only_a_reach(text, places):
        # "就本社区" where the name was asked: how far the help reaches, never a name
        reach, had = _scope_said(text, places), state.filled.get("resource_scope")
        return [SetField("resource_scope", reach, corrected=bool(had) and had != split_scope(reach)[0])]
    if state.asked == "support_choice":
        fixed = [c for c in read_corrections(text, state, places) if isinstance(c, (SetField, AddDetail))] \
            if says("correction", text) else []
        if fixed:  # "勿是3号楼，是5号楼" while 附议 is asked: the words put right, the question still open
            return fixed
        choice = support_choice(text, message.intent)
        if choice:
            return [SetField("support_choice", choice)]
    if says("cancel", text) and _NOT_A_REPORT.search(text):
        return [Cancel()]  # "取消，我不是反映问题", "不是新问题，取消这个": this draft was never meant
    apart = kept_apart(text, state, places)
    if apart:
        return apart
    another = another_problem(text, state, places)
    if another:
        return another
    said_outright = _time_excepted(text, state) or _dimension_chosen(text, state)
    if said_outright:  # a field said outright at another question ("…其他辰光都好", "还是算物业小区管理吧")
        return said_outright
    # "做啥记急 又勿是急个 算盼好了": the level taken back and counted anew, read before any other correction
    corrections = _level_questioned(text, state, fields) or [_unchanged(c, state) for c in read_corrections(text, state, places)] \
        or _level_taken_back(text, state, fields)
    if corrections:
        # "13962645501。范围还是放大点…": the number asked; "电话180…，7幢一单元。还有勿是盼，是难": a number said ahead
        phone_field = state.asked if state.asked in PHONE_FIELDS else fields.phone
        phone = parse_phone(text) if phone_field and (state.asked in PHONE_FIELDS or not state.filled.get(phone_field)) else None
        if phone and not any(getattr(c, "field", None) == phone_field for c in corrections):
            corrections.insert(0, SetField(phone_field, phone))
        corrections += _fact_beside(text, corrections, fields, places) + _answer_beside(text, corrections, state, places) \
            + _spot_beside(text, corrections, state, places)
    if _wants_the_other_form(message, state) and not (corrections and _field_named(text, fields)):
        return [Aside(message.intent)]  # asking for help while offering it, or the other way round
    confirmed = bool(fields.confirm) and says("confirm", text) and not NEGATED_SUBMIT.search(text) \
        and not _asks_something(text) and not (asks_who_calls and _AFTER_SUBMITTING.search(text))
    if says("cancel", _NOT_CANCELLED.sub("", text)) and not confirmed and not corrections and not _MIND_CHANGED.search(text):
        return _cancel_or_not(text, state, fields, places)
    if state.asked == fields.confirm and fields.confirm and not corrections and not confirmed and parse_phone(text) \
            and fields.phone and state.filled.get(fields.phone) in (None, "", NO_PHONE):
        # "算了 电话还是留一个吧 139…": the number not left before, given at the summary
        return _answer(message, replace(state, asked=fields.phone), fields, places)
    more = _YES_AND_MORE.match(text) if state.asked == fields.confirm and fields.confirm and not corrections else None
    if more and content_chars(more.group("more")) >= 4:
        # "对的 哦还有房东说可能是水管冻裂了": more words before it goes, the card shown again with them
        return [AddDetail(more.group("more").strip(" ，,。"))]
    if state.asked == fields.confirm and fields.confirm:
        return _at_summary(message, state, fields, corrections, confirmed, places)
    if confirmed and not corrections and state.filled.get(state.asked or "") and state.asked not in FREE_TEXT \
            and places.place_in(text) is None and content_chars(_signals()["confirm"].sub("", text)) <= 6:
        # ("算了 还是报吧 开发区华盛园社区 12幢 …" gives the place asked and the matter: an answer, not a yes)
        return [Confirm()]  # "算了，可以提交吧" while a field given already is asked again: it stays, the report goes
    if corrections:
        return corrections
    return _answer(message, state, fields, places)


def _two_towns_reached(text: str, state: State, places: Places) -> list[Command]:
    """"浮桥镇跟沙溪镇都可以去": a reach of two towns, which the list keeps as the whole city, said so; the towns named
    are kept in the offer's words for whoever arranges it."""
    if state.form != "resource_form" or not (state.asked == "resource_scope" or _SCOPE_SAID.search(text)
                                              or re.search(r"范围", text)):
        return []
    towns = places.towns_in(text)
    if len(towns) < 2:
        return []
    reach_words = " ".join(c for c in clause_split(text) if not _WHERE_THEY_ARE.search(c))  # "网点在…凤雅社区旁边": where, not how far
    villages = [c for c in places.communities_in(reach_words) if places.town_of(c) in towns]
    partly = {places.town_of(c) for c in villages}
    whole = [t for t in towns if t not in partly]
    if partly and len(whole) == 1:
        # "沙溪镇下面都可以 双凤那边黄桥村新卫村我也去": one town whole, some villages of the other beside it
        others = "、".join(places.common_name(c) or c for c in villages)
        return [SetField("resource_scope", f"town{SCOPE_SEPARATOR}{whole[0]}", corrected=bool(state.filled.get("resource_scope"))),
                AddDetail(say_also_reaches(others))]
    if partly:
        return []
    named = "、".join(towns)
    kept = f"{say('reading.reach_note_head')}{named}）"
    notes = state.filled.get("resource_description") or ""
    return [SetField("resource_scope", "city", corrected=bool(state.filled.get("resource_scope"))),
            *([] if kept in notes else [AddDetail(kept)]), AnswerQuestion("two_towns", named)]


# "侬看着办", "你定吧", "随便": the choice left to the assistant
_UP_TO_YOU = re.compile(r"^(?:侬|你|您)?(?:看着办|看着弄|看着来|定|帮我定|帮我选|说了算|讲了算)(?:吧|好了|就好|呀|啊)?[。！!\s]*$|"
                        r"^(?:随便|都行|都可以|无所谓|勿晓得|不知道)(?:吧|啊|呀)?[。！!\s]*$")


# "有格", "有的", "好的": yes to "留个电话", the number still to come
_HAS_ONE = re.compile(r"^(?:有|有的|有格|有个|有额|好|好的|好格|可以|行|嗯|嗯嗯|对)[的格个额呀啊哦哉]*[，,。！!~～\s]*$")


# The place's name not known: "搞不清楚居委会叫啥", "勿晓得阿拉是啥社区", "村名记不得了"
# A road and a building, a housing estate by its kind ("东亭南路那个老小区 9幢", "新华西路12号"): where, not which
# village or community
_ADDRESS = re.compile(r"(?P<road>(?:(?![镇村里两几多远走条段])[\u4e00-\u9fff]){2,4}(?:路|街|弄|巷|大道)(?![村社口灯面边上牌线况]))(?P<rest>[^，,。！!？?；;]{0,12}?"
                      r"(?:\d{1,4}|[一二三四五六七八九十两]{1,3})\s*(?:号楼|幢|栋|号|单元|室))?")
_ADDRESS_LEAD = re.compile(r"^.*?(?:记|写|是|在|住|住在|就)(?=[\u4e00-\u9fff]{2,4}(?:路|街|弄|巷|大道))")


def _address_said(text: str, places: Places) -> str | None:
    """The road and building said, without the words around them ("你就记城厢镇东亭南路9幢" → "东亭南路9幢")."""
    for town in filter(None, [places.town_in(text)]):
        text = text.replace(town, "")
    found = _ADDRESS.search(_ADDRESS_LEAD.sub("", text))
    if found is None:
        return None
    road = re.sub(r"^(?:你|侬|就|记|写|是|在|住|伲|阿拉|我|那|个|格|的)+", "", found.group("road"))
    return (road + (found.group("rest") or "")).strip() if len(road) >= 3 else None


_PLACE_UNKNOWN = re.compile(r"(?:搞不清|搞勿清|勿晓得|不晓得|不知道|勿知道|记不得|记勿得|记不清|说不清|讲勿清|讲不清)(?:楚)?[^，,。？?]{0,6}"
                            r"(?:居委会?|村委会?|社区|村|名字|叫啥|叫什么|是哪个|哪个)|(?:居委会?|村委会?|社区|村)(?:名|名字)?(?:叫啥|叫什么)"
                            r"[^，,。]{0,4}(?:搞不清|搞勿清|勿晓得|不晓得|不知道|记不得|记勿得|记不清|勿清爽|不清爽|不清楚|吃不准|吃勿准)|"
                            # "具体算哪个社区我也不清楚": which one it counts as, not known
                            r"(?:哪个|啥|哪一个)(?:社区|村|居委会?)[^，,。]{0,4}(?:不清楚|勿清爽|不清爽|不知道|勿晓得|不晓得|吃不准|吃勿准)|"
                            r"(?:村|社区|居委会?|村委会?)(?:个|的|格)?(?:名|名字|叫啥)(?:我)?(?:也)?(?:记不得|记勿得|记不清|忘记|忘了|忘脱|"
                            r"勿晓得|不晓得|不知道|搞不清|搞勿清)")


_WRITTEN_ASKED = re.compile(r"^(?:我的|伲个|阿拉个)?(?P<field>[\u4e00-\u9fff]{1,4}?)(?:现在|到底)?(?:记|写|登记|填)(?:的|得|个|格|成|了)?"
                            r"(?:是|对)?[^，,。；;？?]{0,12}?(?:伐|吗|么|吧|对伐|对吗|对不对|对勿对|啥|什么|啥个|啥人|多少)"
                            r"(?:呀|啊|哦|嘞|啦)?[？?]?(?=$|[，,。\s？?])")


# "这个算啥类别啊": the dimension taken so far, asked about
_CATEGORY_ASKED = re.compile(r"(?:这个|这件事|搿个|迭个|格个)?(?:是)?(?:算|分到|分在|分成|归到|归在|归|属于|记成|记的)(?:是)?(?:啥|什么|哪)(?:个|一)?"
                             r"(?P<field>类别|类|方面)")


# "电话后头几位是3619对哇": the number checked by its last digits
_PHONE_CHECKED = re.compile(r"(?:电话|号码|手机)[^，,。\d]{0,8}\d{3,4}(?:对哇|对伐|对吗|对不对|对勿对|吧|伐|吗)[？?]?$")


def _asks_what_is_written(text: str, fields: FormFields) -> str | None:
    """"名字记的是老陆伐", "电话写对了吗": the field asked about, to be said back as it stands, never changed."""
    if _PHONE_CHECKED.search(text.strip()) and not re.search(r"改|换|错|(?:不|勿|弗)是|应该", text):
        return fields.phone or None
    clauses = clause_split(text)
    found = _WRITTEN_ASKED.match(text.strip()) or _CATEGORY_ASKED.search(text)
    asking = [c for c in clauses if not says("service_masked", c)]
    if found is None and len(asking) == 1 < len(clauses):
        found = _WRITTEN_ASKED.match(asking[0])  # "提供方那里星号一长串 名字记的是啥呀"
    if found is None or re.search(r"改|换|错|(?:不|勿|弗)是|应该", text) or parse_phone(text):
        return None
    named = _field_named(found.group("field"), fields)
    return named if named and named not in (fields.confirm,) else None


def _answered_beside_the_person(text: str, state: State, places: Places) -> list[Command]:
    """"当然急啊。这种事能不能直接找个社区的人跟我说？": the open question answered in the clauses that ask for no one."""
    if not state.asked or state.asked in FREE_TEXT or state.asked == FORMS[state.form or ""].confirm:
        return []
    rest = " ".join(c for c in clause_split(text) if not says("handoff", c) and not says("question", c))
    value = value_for(state.asked, rest, state.form or "", places) if content_chars(rest) >= 1 else None
    return [SetField(state.asked, value)] if value is not None else []


# "提交以后啥人会打电话拨我？": what happens once it is in, asked before saying yes
_AFTER_SUBMITTING = re.compile(r"(?:提交|交上去|报上去|登记)(?:了)?(?:以后|之后|后)")


def _kept_as_is(text: str, state: State, fields: FormFields) -> list[Command] | None:
    """"帮助内容勿变，照原来格": the field named (or asked) as it stands, said back, never these words written in."""
    clauses = clause_split(text)
    asked_value = state.filled.get(state.asked or "") if state.asked in FREE_TEXT else None
    if asked_value and clauses and says("said_before", clauses[0]):
        # "问题我前面已经说过了呀，就是村规民约的事": the words stand; what else is said is a detail of them
        rest = [c for c in clauses[1:] if not says("about_the_talk", c) and content_chars(c) >= 2]
        return [SetField(state.asked, asked_value), *([AddDetail("，".join(rest))] if rest else [])]
    if not says("keep_as_is", text):
        return None
    named = _field_named(text, fields) or (state.asked if state.asked in FREE_TEXT else fields.notes)
    value = state.filled.get(named or "")
    return [SetField(named, value)] if named and value not in (None, "") else None


def _asks_something(text: str) -> bool:
    """"报上去是勿是又到村干部手里…": a question of its own (not one about the service, answered apart) is no
    yes to the summary, whatever words of submitting it holds."""
    return any(says("question", c) and not any(says(f"service_{t}", c) for t in SERVICE_TOPICS)
               for c in clause_split(text))


def _suggested_place_affirmed(text: str, state: State) -> str | None:
    """"是的 是城厢镇 我讲错了" to "您说的是“城厢镇万丰村”吗？": the place suggested, however the yes goes on."""
    options = state.filled.get("place_options") or []
    if state.asked != "community" or state.filled.get("place_question") != "suggest" or not options:
        return None
    clauses = clause_split(text)
    if not clauses or re.match(r"^(?:不|勿|弗|覅)", text) or not _YES_FIRST.match(clauses[0]):
        return None
    return options[0] if len(clauses[0]) <= 4 else None  # "是的", "对个": a yes, not "是城厢镇另外一个村"


def _unchanged(command: Command, state: State) -> Command:
    """A correction that gives the value already there changes nothing: said back as it stands, never "已改"."""
    if isinstance(command, SetField) and command.corrected and _holds(state, command):
        return SetField(command.field, command.value)
    return command


def _holds(state: State, command: SetField) -> bool:
    """The form holds the value already: a reach as its scope and place ("community@紫薇苑社区居委会")."""
    if state.filled.get(command.field) == command.value:
        return True
    if command.field not in SCOPE_FIELDS or SCOPE_SEPARATOR not in command.value:
        return False
    scope, place = split_scope(command.value)
    return state.filled.get(command.field) == scope and place in (state.filled.get("community"), state.filled.get("town"))


FACT_CHARS = 8  # "急倒是不急", "是环境问题" restate the correction; a fact says who, what or when


def _fact_beside(text: str, corrections: list[Command], fields: FormFields, places: Places) -> list[Command]:
    """"紧急程度改成急，上礼拜还有个老太太在积水里滑倒了": a correction and a new fact said with it; the fact
    goes into the description (unless the correction rewrote the description itself)."""
    rewritten = [c.value for c in corrections if isinstance(c, SetField) and c.field == fields.notes]
    if any(isinstance(c, AddDetail) for c in corrections):
        return []  # "…帮我加回去：…": the words to add were said as such, the rest is about them
    spot_only = bool(_SPOT.search(text))  # "勿是8幢 是9幢": a number put right, the words otherwise as they were
    if not fields.notes or rewritten and not spot_only and not any(isinstance(c, SetField) and c.field == "community"
                                                                   for c in corrections):
        return []  # the words corrected themselves; after a place corrected, a fact said with it is still added
    clauses = clause_split(text)
    # "…还有补充一句 晚上六点以后最严重 …": what follows words announcing more is more, whatever it says
    announced = next((i for i, c in enumerate(clauses) if says("supplement", c) and content_chars(c) <= 6), len(clauses))
    facts = [p for i, p in enumerate(clauses)
             if content_chars(p) >= (WHY_CHARS if i > announced or says("why", p) or places.describes(p) else FACT_CHARS)
             and not says("correction", p) and not says("remove_words", p)
             and not (says("about_the_talk", p) and not says("why", p))
             and not any(isinstance(c, SetField) and _piece_gives(p, c) and not (c.field == "urgency" and says("why", p))
                         for c in corrections)
             and not _LEVEL_WORD.search(p) and not _CLASSED.search(p) and not _glosses_a_level(p)
             and (i > announced or places.describes(p) or says("why", p) or _names_a_spot(p, places) and not any(
                 isinstance(c, SetField) and c.field == "community" for c in corrections))]
    facts = [f for f in facts if not any(f in words for words in rewritten) and not (spot_only and _SPOT.search(f))]
    if any(isinstance(c, SetField) and c.field in PHONE_FIELDS for c in corrections):
        facts = [f for f in facts if not _OF_THE_LINE.search(f)]  # "我手机老是勿开": why another number, no fact
    return [AddDetail("，".join(facts))] if facts else []


_OF_THE_LINE = re.compile(r"手机|电话|号码|座机")


def _glosses_a_level(clause: str) -> bool:
    """"就是天天烦心": the words of a level's own button, said to choose it, no fact of the matter."""
    from bot.vocab.urgency import URGENCIES

    bare = re.sub(r"^(?:就是|而是|是|就|主要是)", "", clause).strip()
    return len(bare) >= 2 and any(bare in u.button for u in URGENCIES)


def _spot_beside(text: str, corrections: list[Command], state: State, places: Places) -> list[Command]:
    """"地方要写清爽 是弇山新村后门弄堂口": the place is the community's, where exactly in it goes into the words;
    so does "阿拉是5号楼302" said beside a level or a number put right."""
    if state.form != "need_form" or not any(isinstance(c, SetField) and c.field in ("community", "urgency", "phone")
                                            for c in corrections) \
            or any(isinstance(c, (SetField, AddDetail)) and getattr(c, "field", "") == "description" for c in corrections):
        return []
    notes = state.filled.get("description") or ""
    spots = [bare for c in clause_split(text) if (bare := re.sub(r"^(?:就是|应该是|是|在)", "", c))
             and _names_a_spot(bare, places) and not says("correction", bare) and bare not in notes]
    return [AddDetail("，".join(spots))] if spots else []


ANSWER_CHARS = 4  # "愁", "难个": a short clause answering the open question


def _answer_beside(text: str, corrections: list[Command], state: State, places: Places) -> list[Command]:
    """"愁 噢地方讲错了 是城厢镇东林村勿是沙溪": the open question answered beside a correction, in a short clause."""
    asked = state.asked
    if asked not in (*CLOSED_CHOICES, "urgency") or any(getattr(c, "field", None) == asked for c in corrections):
        return []
    for clause in clause_split(text):
        if content_chars(clause) <= ANSWER_CHARS and not says("correction", clause):
            value = value_for(asked, clause, state.form or "", places)
            if value is not None:
                return [SetField(asked, value)]
    return []


# "咬人个事体算平安建设", "这个属于物业的": where the matter belongs, said about a field, no fact of the matter
_CLASSED = re.compile(r"算(?:是)?[^，,。]{0,8}(?:的事|方面|类|建设|整治|提升|供给|监督|自治|融合)|属于|归到|归为|类别|分类|"
                      r"是[\u4e00-\u9fff]{1,4}(?:问题|方面|的事|格事体|个事体|类)(?:呀|啊|吧|嘛|哦)?$")  # "护栏坏脱是安全问题"

_NOT_A_REPORT = re.compile(r"(?:不|勿|弗)是(?:来|要|想)?(?:反映|报|登记|提)(?:问题|事情|事体|需求)?|(?:不|勿|弗)是新(?:的|个)?(?:问题|事情|事体)"
                           r"|(?:不|勿|弗)是(?:要|来)?(?:出力|登记资源|提供)")
OTHER_FORM = {"need_form": ("offer_resource", "offer"), "resource_form": ("report_need", "request")}
NEGATED_SUBMIT = re.compile(r"(?:不|勿|覅|别|甭|弗|先别|先不)(?:要|用)?(?:提交|报|登记|交|发)|(?:提交|交上去|报上去|交)(?:之前|以前|前)")


def _wants_the_other_form(message: Message, state: State) -> bool:
    """Offering help in the middle of a report (or asking for it mid-offer), in plain words too:
    a classifier's guess alone never throws the open form away."""
    intent, kind = OTHER_FORM.get(state.form or "", ("", ""))
    if _GOES_ON.match(message.text) or _KEEP_THIS_ONE.search(message.text):
        # "还有伲楼里几个小姑娘会唱山歌，可以一道表演": more about this report; "我可以来当志愿者…不过迭桩事体还是要
        # 帮我登记上去": the offer said beside this one, which stays
        return False
    return message.intent == intent and message.confidence >= ASIDE_CONFIDENCE and opening_kind(message.text) == kind


_GOES_ON = re.compile(r"^(?:还有|而且|补充一下|补充一句|再补充)")
_KEEP_THIS_ONE = re.compile(r"(?:还是|照样|也|先)(?:要)?(?:帮我|帮伲|替我)?(?:登记|报|记)(?:上去|下来|一下|好)?(?:噢|哦|啊|呀|的|个)?[。！!]*$|"
                            r"(?:迭桩|这件|这个|格个|搿桩)(?:事体|事情|需求)?(?:还是|照样|也)要(?:报|登记|记)")


_SUPPORT_AFTER_ALL = re.compile(r"(?<![不勿覅别弗])附议|就跟(?:前头|前面|刚才|那个|伊拉|他们)")


def support_choice(text: str, intent: str | None) -> str | None:
    """"是同一件事" supports the earlier report (附议); "不是一回事" files this one apart."""
    # the words first, the classifier after: "是同一件，不用再报" says no to a second report, yes to the first
    if says("other_matter", text):
        return "separate"
    if says("same_matter", text):
        return "support"
    return {"deny": "separate", "affirm": "support"}.get(intent or "")


# The whole report thrown away, not a sentence of it: "刚才那个不要了 删掉", "删掉吧，勿要了", "全部作废".
_EVERYTHING = re.compile(r"全部|统统|全都|都不要|都删|都取消|都不报|都覅|两件都|两个都|一起取消")
_THROWN_AWAY = re.compile(r"(?:不要了|勿要了|覅了).{0,4}删|删.{0,4}(?:不要了|勿要了|覅了)|(?:全部|都|统统|整个)(?:删|作废|不要)")


# "算了 电话还是留一个吧": giving in, not giving up
_MIND_CHANGED = re.compile(r"^(?:算了|算啦)[，,\s]*[^，,。\s]{0,6}还是(?!不|勿|覅|算了|取消)")


def _cancel_or_not(text: str, state: State, fields: FormFields, places: Places) -> list[Command]:
    """"算了不留电话了" declines the phone; "算了 急就急吧" answers; "算了不报了" cancels."""
    if state.asked == fields.phone and re.search(r"电话|号码|手机|留", text) and not re.search(r"报|登记|反映", text):
        return [SetField(fields.phone, NO_PHONE)] if state.form == "need_form" else [ClarifyCancel()]
    strong = re.search(r"取消|不报|不反映|不登记|不想报|不提了|撤回|不弄了|不办了|覅报|勿报|覅登记|勿登记|不搞了|退出|cancel|"
                       r"(?:不要|勿要|覅|不用|别)再(?:登记|报|记)|是同一(?:桩|件|个)事|"
                       r"^(?:不要|勿要|覅|不用|别)记[^，,。]{0,3}[，,。\s]*(?:我|伲|阿拉)?(?:就|只是|只|随便)?问问", text) or NEGATED_SUBMIT.search(text) or _THROWN_AWAY.search(text)
    if state.asked and state.asked != fields.confirm and not strong:
        rest = re.sub(r"算了吧?|算啦", "", text)
        value = value_for(state.asked, rest, state.form or "", places) if content_chars(rest) >= 1 else None
        if value is not None and state.asked not in FREE_TEXT:
            return [SetField(state.asked, value)]
    if strong and _EVERYTHING.search(text):
        return [Cancel(everything=True)]
    return [Cancel()] if strong or re.fullmatch(r"(算了|算了吧|算啦|覅了|勿要了|不要了|不用了)[，,。！!\s]*(谢谢|谢了)?[。！!]*", text) else [ClarifyCancel()]


def _at_summary(message: Message, state: State, fields: FormFields, corrections: list[Command],
                confirmed: bool, places: Places) -> list[Command]:
    text = message.text.strip()
    clauses = clause_split(text)
    asked_apart = [c for c in clauses if says("question", c)]
    if asked_apart and len(asked_apart) < len(clauses) and not corrections:
        after = clauses[clauses.index(asked_apart[0]) + 1:]
        if clauses[0] in asked_apart and all(_context_of_the_question(c, fields) for c in after):
            # "那志愿时长能记吗？我们支部要统计的": why they ask, no word for the record
            return [AnswerQuestion("other", "，".join(clauses))]
        # "报上去是勿是又到村干部手里 电话先勿留": the question is answered apart (or said back), the rest read
        rest = " ".join(c for c in clauses if c not in asked_apart)
        return _at_summary(replace(message, text=rest), state, fields, corrections, confirmed, places)
    added = re.match(r"^(?:(?:对了|哦对了|噢对了|还有)[，,\s]*)?(?:再|还要|还想|我再|另外)?(?:补充|加上|添上|再加|追加|补|加)(?:一下|一句|两句|几句|说明|一条|一点|一样)?"
                     r"[，,：:\s]*", text)
    if added and text[added.end():]:
        return [AddDetail(text[added.end():]), *([Confirm()] if confirmed else [])]
    if corrections:
        level = [] if any(getattr(c, "field", None) == "urgency" for c in corrections) else \
            [c for c in _level_put_right(text, state) if not isinstance(c, AddDetail)]
        return corrections + level + ([Confirm()] if confirmed and "提交" in text else [])
    level_first = _level_put_right(text, state)
    if any(isinstance(c, SetField) for c in level_first):
        return level_first  # "想想还是算老大难吧，跟物业讲了三趟都没用": the level, never the 物业 read as a category
    talk = [c for c in clause_split(text) if content_chars(c) >= 2]
    if not corrections and not confirmed and talk and all(says("about_the_talk", c) for c in talk) \
            and content_chars(detail_words(text)) < 2 and not says("confirm", text) \
            and not re.match(r"^(?:嗯|好|对|行|是的|可以|没问题|ok)", text, re.IGNORECASE):
        return [Unclear()]  # "电话就刚刚那个 对格": nothing to change, the summary shown again as it stands
    named = _field_named(text, fields)
    if named and named not in FREE_TEXT and named != fields.confirm:
        value = value_for(named, _without_field_words(text, named, fields), state.form or "", places)
        if value is not None and value != state.filled.get(named) and not (confirmed and value == NO_PHONE):
            # "电话还是留手机吧 13771234567"; "算了，就这样提交吧，请工作人员再与我电话核实" declines no number
            return [SetField(named, value, corrected=True)]
    put_right = _level_put_right(text, state) or _number_put_right(text, state)
    if put_right:
        return put_right
    restated = _level_restated(text) if state.form == "need_form" else None
    if restated and restated != state.filled.get("urgency"):
        # "路是急个呀 会跌跤个": the level said again, unlike the one shown, corrects it; the reason is a detail
        why = [c for c in clause_split(text) if _LEVEL_RESTATED.search(c) is None and content_chars(c) >= 3]
        return [SetField("urgency", restated, corrected=True), *([AddDetail("，".join(why))] if why else [])]
    reach = _reach_told(text, state, places)
    if reach:
        return reach
    if named and named != fields.confirm and not confirmed and _names_only_a_field(text, fields.named_by[named]) \
            and (named in FREE_TEXT or value_for(named, text, state.form or "", places) is None):
        return [AskAgain(named)]  # "问题" typed where the fields to change are shown: that one, never a yes
    if named and named != fields.confirm and _TO_BE_CHANGED.search(text) and not says("about_the_talk", text):
        return [AskAgain(named)]  # "其他都对，就是急勿急改一改": that field asked for anew, never a yes
    if confirmed or _affirmed(message):
        return [Confirm()]
    if asked_apart and _ASKS_OUTRIGHT.search(text) and not places.describes(text):
        return [AnswerQuestion("other", text)]  # "中间四位是多少", "场地要我自家寻伐": asked, never written in
    if named and re.search(r"(?:要|想|帮我|我来)(?:改|换)(?:一下|下|掉)?", text) and not says("about_the_talk", text):
        return [AskAgain(named)]  # "不取消 我要改问题描述": that field asked for anew
    if asked_apart and len(asked_apart) == len(clauses):
        return [AnswerQuestion("other", text)]  # a question of no known topic, never written in
    if content_chars(text) >= 6 and not ANOTHER_MATTER.match(text):
        return [AddDetail(text)]  # words said at the summary belong to the report, shown in it again
    if state.form == "need_form" and _names_a_spot(text, places):
        return [AddDetail(text)]  # "东边路口": where exactly, in a few words, never dropped
    if state.form == "need_form" and content_chars(text) <= CHOICE_ATTEMPT_CHARS and value_for("need_category", text, state.form, places):
        return [AskAgain("need_category")]  # "邻里", "养老": a category named alone; which one is asked, never guessed
    return [Unclear()]


# A field to be changed, its new value not said: "急勿急改一改", "电话要换一下"
_TO_BE_CHANGED = re.compile(r"(?:改一改|改一下|改下|改改|换一下|换一换|要改|要换|想改|得改)(?:吧|呀|哦|一下|下)?[。！!\s]*$")
_FIELD_ASKED_FOR = re.compile(r"^(?:改|要改|我要改|修改)|(?:要改|改一下|改下)$")


def _names_only_a_field(text: str, words: tuple[str, ...]) -> bool:
    """"问题", "改地点", "电话要改": only a field's name (and a word of changing it), nothing else said ("对，两个事情"
    agrees, whatever word of a field it holds)."""
    bare = re.sub(r"[\s，,。！!？?：:]", "", _FIELD_ASKED_FOR.sub("", text.strip()))
    return bool(bare) and re.fullmatch("(?:" + "|".join(map(re.escape, words)) + ")+", bare) is not None
# "算是盼吧", "急么也算急个", "就算愁好了", "记急的": the level the matter counts as, in a clause of its own
_COUNTED_AS = re.compile(r"(?:^|[么嘛末呢，,\s])(?:那|那就|就|也|还是|应该|总归|要)?(?:算|算是|当|当是|归|记|记成|记作|写|写成)(?:是|个|成)?([急难愁盼])"
                         r"(?:个|的|格|额|吧|了|哉|呀|啊|好了|就好|就行)*$")


_WHY_SO = re.compile(r"做啥|为啥|为什么|哪能|怎么|啥个|凭啥")


def _counted_level(clause: str) -> str | None:
    """The level a short clause says the matter counts as: "算是盼吧", or after a second thought "想想还是算老大难吧"."""
    if content_chars(clause) > 10 or _WHY_SO.search(clause):
        return None  # "做啥记急": the level written, questioned, not counted
    counted = _COUNTED_AS.search(clause)
    if counted:
        return counted.group(1)
    return _stated_urgency(clause) if _SECOND_THOUGHT.search(clause) else None


def _level_taken_back(text: str, state: State, fields: FormFields) -> list[Command]:
    """"其实也勿算急，就是烦" at a later question: the level given before, taken back and put right (as at the summary),
    whatever is asked now; the rest of the message is a detail."""
    if state.asked in (fields.confirm, "urgency", *FREE_TEXT) or not state.filled.get("urgency") \
            or not any(_NOT_URGENT_WORDS.search(c) and content_chars(c) <= 8 for c in clause_split(text)):
        return []
    return _level_put_right(text, state)


def _level_questioned(text: str, state: State, fields: FormFields) -> list[Command]:
    """"啥个难 阿拉还没反映过 就是天天烦 算愁好了", "做啥记急 又勿是急个 算盼好了": the level shown questioned and
    another counted in a clause of its own, at any question but the level's own: that one, the why kept."""
    shown = state.filled.get("urgency")
    if state.form != "need_form" or state.asked in ("urgency", *FREE_TEXT) or not shown:
        return []
    clauses = clause_split(text)
    if any((level := _counted_level(c)) and level != shown for c in clauses) \
            and any(shown in c and not _counted_level(c) for c in clauses):
        return _level_put_right(text, state)
    return []


def _level_put_right(text: str, state: State) -> list[Command]:
    """At the summary, the level said to be other than shown: "谈不上急，算是盼吧" sets 盼; "急倒勿急" denies 急 and names
    none, so the level is asked again, never guessed; a clause with no level in it is a detail."""
    if state.form != "need_form":
        return []
    shown = state.filled.get("urgency")
    clauses = clause_split(text)
    counted = {level for c in clauses if (level := _counted_level(c))}
    denied = [c for c in clauses if _NOT_URGENT_WORDS.search(c) and content_chars(c) <= 8]
    why = [c for c in clauses if not _counted_level(c) and not _COUNTED_AS.search(c) and c not in denied
           and content_chars(c) >= 3 and _LEVEL_RESTATED.search(c) is None
           and not (_WHY_SO.search(c) and re.search(r"[急难愁盼]", c))]  # "做啥记急": about the level
    if len(counted) == 1 and counted != {shown}:
        return [SetField("urgency", counted.pop(), corrected=True), *([AddDetail("，".join(why))] if why else [])]
    level = _stated_urgency(text) if denied and not counted and _BUT.search(text) else None
    if level and level != shown:  # "急倒勿急，就是天天看着烦": what follows "not urgent" says which it is
        told = [c for c in why if not _BUT.match(c) and _stated_urgency(c) != level]  # "还有一桩，…": a detail after it
        return [SetField("urgency", level, corrected=True), *([AddDetail("，".join(told))] if told else [])]
    leaning = leaning_urgency("，".join(why)) if denied and not counted and why else None
    if leaning and leaning != shown:
        # "勿算急个 格是老毛病了 年年落大雨侪要淹 讲了交关趟了": not that level, and the story leans to another, said back
        return [SetField("urgency", leaning, corrected=True, guessed=True), AddDetail("，".join(why))]
    if denied and not counted and shown == "急" and not why:
        return [AskAgain("urgency")]
    return []


# A level said in a short clause of its own ("路是急个呀", "蛮急额", "老难个"), not a word inside a sentence.
_NUMBERED_SPOT = re.compile(r"^(?:是|应该是|勿对，?是|不对，?是)?(\d{1,4})(幢|栋|号楼|单元|室|组|号)(?:呀|啊|哦|哉|吧)?$")


def _number_put_right(text: str, state: State) -> list[Command] | None:
    """"13幢" alone at the summary, where "12幢" is written: that number put right where it is written."""
    said = _NUMBERED_SPOT.match(re.sub(r"\s+", "", text))
    fields = FORMS.get(state.form or "")
    if not said or fields is None:
        return None
    notes = state.filled.get(fields.notes) or ""
    number, unit = said.groups()
    written = [m for m in re.finditer(rf"(?<!\d)(\d{{1,4}}){re.escape(unit)}", notes) if m.group(1) != number]
    if len(written) != 1:
        return None  # none written, or two: which one is meant is not guessed
    at = written[0]
    return [SetField(fields.notes, notes[:at.start(1)] + number + notes[at.end(1):], corrected=True)]


# "路是急个呀", "愁" alone: the level said again at the summary
_LEVEL_RESTATED = re.compile(r"^(?:.{0,3}?(?:是|讲|讲了|说|说了|蛮|老|交关|很|非常|特别|真|太|实在|改成|算))?(急|难|愁|盼)(?:个|的|额|格)?"
                             r"(?:吧|呀|啊|哉|了|嘞|咯)?$")


def _level_restated(text: str) -> str | None:
    levels = {m.group(1) for c in clause_split(text) if (m := _LEVEL_RESTATED.search(c)) and content_chars(c) <= 6}
    return levels.pop() if len(levels) == 1 else None


# A yes said as a word of its own, not the first character of a sentence ("是村里活动室…锁牢", "好几年没人修",
# "对面格路灯"): after it only particles, another yes, or words that go with a yes (提交, 谢谢, 就这样).
_YES_FIRST = re.compile(r"^(?!对了|好像|是不是|好在|是这样|是要|是想)"
                        r"(?:(?:好|对|是|行|嗯|可以|没问题|冇问题|没啥问题|没得问题|确认|没错|勿错|不错|ok|OK|Ok)"
                        r"[的格个额呀啊哉了吧咯嘞哦呃滴噢哒啦么伐]*)+"
                        r"(?=$|[\s，,。！!～~、.]|提交|确认|就这样|就介|就是这样|这样|没问题|可以|谢谢|麻烦)")


def _reach_told(text: str, state: State, places: Places) -> list[Command] | None:
    """"另外其实整个科教新城我都能跑，我有电瓶车" at an offer's summary: the reach put right, the rest a detail."""
    clause = reach_clause(text) if state.form == "resource_form" else None
    scope = value_for("resource_scope", clause, "resource_form", places) if clause else None
    now_scope, now_place = split_scope(state.filled.get("resource_scope") or "")
    if scope == "town" and now_scope == "community" and now_place and places.town_of(now_place):
        scope = f"town{SCOPE_SEPARATOR}{places.town_of(now_place)}"  # "附近几个社区也行": the town around their place
    if scope == "community" and now_scope != "community" and state.filled.get("community"):
        scope = f"community{SCOPE_SEPARATOR}{state.filled['community']}"  # "勿是全镇 就阿拉社区": their own place
    if not scope or SCOPE_SEPARATOR not in scope or scope == state.filled.get("resource_scope"):
        return None
    # "勿光是阿拉社区": the reach it is not only, no word of the help
    rest = [c for c in clause_split(text) if c != clause and content_chars(c) >= 4 and not _DENIED_PIECE.search(
        re.sub(r"^(?:还有|另外|而且)", "", c)) and not _DENIED_SCOPE.search(c)]
    return [SetField("resource_scope", scope, corrected=True), *([AddDetail("，".join(rest))] if rest else [])]


def _context_of_the_question(clause: str, fields: FormFields) -> bool:
    """A short clause after a question, naming no field and no number: the reason for asking."""
    return content_chars(clause) <= 8 and _field_named(clause, fields) is None and parse_phone(clause) is None \
        and not says("correction", clause) and not says("confirm", clause)


def _affirmed(message: Message) -> bool:
    """"好的，麻烦了", "是的 没啥要改的了", "好额好额 谢谢侬": a yes first, and nothing after it to change."""
    first_clause = clause_split(message.text)[0] if clause_split(message.text) else ""
    if _YES_FIRST.match(first_clause) and not says("correction", message.text.replace("没啥要改", "")) \
            and not says("remove_words", message.text):  # "好 问题里最后那句…删脱伊": a change first
        return True
    return message.intent == "affirm" and message.confidence >= 0.5 and content_chars(message.text) <= 4


ANOTHER_MATTER = re.compile(r"^(?:还有一个问题|还有一件事|另外一件事|另外还有个事|再反映|我还要反映|还想反映)")
# A second matter raised mid-report: "对了，还有个事，楼道灯也不亮", "另外再反映一下…", "顺便讲一下…".
_THING_TOO = re.compile(r"^[^，,。]{2,10}?也(?:勿|不|弗|没|坏|漏|堵|断|塌|臭|吵)")  # "路口格路灯也勿亮": another thing, too
_AND_ALSO = re.compile(r"^(?:对了|哦对了|噢对了)?[，,\s]*(?:还有|另外)[，,：:\s]+")  # "还有 路口格路灯也勿亮"
_NEXT_MATTER_FIRST = re.compile(r"^(?:对了|哦对了|噢对了|嗯|还有啊)?[，,\s]*(?=另外|还有|再|我还|还想|顺便)(?:另外|还有)?"
                                r"(?:再|还|我还要|我还想|还想|顺便(?:再)?)?(?:一|个|一个|件|一件|桩|一桩)?"
                                r"(?:事情|事体|事|问题|反映(?:一下|一声|个)?|说(?:一下|一声|个)?|讲(?:一下|一声|个)?)[：:，,。\s]*")


# The request around "分开记": "能不能把这两桩事体分开记伐" (what is left beside it may be another matter)
_APART_BEFORE = (r"(?:能不能|能勿能|好不好|好勿好|可不可以|可以|麻烦|帮我|帮伲|请)?(?:把|拿)?(?:这|搿|迭|格|那)?(?:两|三|四|几)?"
                 r"(?:桩|件|个|条|样)?(?:事体|事情|事|问题)?(?:侪|都|也)?")
_APART_AFTER = r"(?:记|报|登记|写)?(?:好伐|好吗|可以伐|可以吗|伐|吗|么|吧|呀|啊)?"


def without_apart_request(text: str) -> str:
    """The words beside a request to keep matters apart ("…这两桩事体分开记" → "…")."""
    request = re.compile(f"{_APART_BEFORE}(?:{_signals()['keep_apart'].pattern}){_APART_AFTER}")
    return request.sub("，", text or "").strip(" ，,。？?！!")


def kept_apart(text: str, state: State, places: Places) -> list[Command]:
    """"这两桩事体分开记": the matters of the report kept apart; "路灯也坏了 分开记": that one filed on its own."""
    if state.form != "need_form" or state.asked in ("support_choice", "description") or not says("keep_apart", text):
        return []
    rest = re.sub(r"^(?:还有|另外|再有|还)", "", without_apart_request(text)).strip(" ，,。")
    if rest and places.is_another_problem(rest, ""):  # said to be apart: no need to be sure it is another matter
        return [AnotherProblem(rest)]
    return [KeepApart(matters_counted(text))]


def another_problem(text: str, state: State, places: Places) -> list[Command]:
    """A new matter started in the middle of a report, not a detail of this one."""
    if state.form != "need_form" or state.asked in (None, "description"):
        return []
    also = _AND_ALSO.match(text)
    start = _NEXT_MATTER_FIRST.match(text) or (also if also and _THING_TOO.search(text[also.end():]) else None)
    rest = text[start.end():].strip() if start else ""
    notes = state.filled.get("description") or ""
    return [AnotherProblem(rest)] if rest and places.is_another_problem(rest, notes) else []


_BESIDES = re.compile(r"(?:[，,。；;！!\s]|^)(?:哦|噢)?(?:对了)?[，,\s]*(?:另外|还有|顺便(?:讲一下|说一下|讲一声|反映一下)?|对了)[，,：:\s]*"
                      r"(?:(?:还有|再)?(?:一|个|一个|件|一件|桩|一桩)?(?:事情|事体|事|问题)[，,：:\s]*)?")


def offer_and_problem(text: str, places: Places) -> tuple[str, str] | None:
    """"我是退休电工 可以帮邻居修修电灯插座 另外阿拉楼道灯坏脱一个多月了": the offer, and a problem of the
    volunteer's own said after it, apart; None when nothing after a "besides" is a problem of its own."""
    for besides in _BESIDES.finditer(text or ""):
        offer, problem = text[:besides.start()].strip(" ，,。；;"), text[besides.end():].strip(" ，,。；;")
        if content_chars(offer) >= 4 and problem and says_it_offers(offer) and not says_it_offers(problem) \
                and places.is_another_problem(problem, ""):
            return offer, problem
    return None


def says_it_offers(text: str) -> bool:
    return opening_kind(text) == "offer" or says("offer", text)


# A place's name half remembered: "村名第一个字好像是浏", "浏什么村", "叫啥记不清了"
_NAME_HALF_REMEMBERED = re.compile(r"(?:村名|名字|第一个字|头一个字)(?:好像|大概|应该)?(?:也)?(?:是|叫)|"
                                   r"[\u4e00-\u9fff](?:什么|啥个|啥|某|…+|\.{2,})(?:村|社区)")


def _answer(message: Message, state: State, fields: FormFields, places: Places) -> list[Command]:
    """The answer to the open question, other fields the message fills, and any detail it adds."""
    text = message.text.strip()
    asked = state.asked
    commands: list[Command] = []
    answered = value_for(asked, text, state.form or "", places) if asked else None
    if asked == "community" and _NAME_HALF_REMEMBERED.search(text):
        return [SetField("community", text)]  # "浏河镇 浏什么村": all of it for the place look-up, none a detail
    if asked == "community" and answered == text:
        spot = _place_then_more(text, state, places)  # "黄泾镇雅路村 我住在三组 离村部有两里路": the place, then a detail
        if spot:
            return spot
    guessed_level = False
    told_why = False  # the level read from what the words tell ("反映好几次了一直没人管"): they are a detail too
    about_else = asked == "urgency" and bool(_ADDING.match(text) or _OTHER_FIELD_WORDS.search(text)
                                            or _KEEP_THIS_ONE.search(text) or opening_kind(text) == "offer")
    if about_else:
        answered = _stated_urgency(text)  # a detail, or words about another field: only a level said outright
    elif asked == "urgency" and not says("question", text):
        # the answer to "有多急": a level said outright, else what the words mean, learned from answers
        # like them, else the cue words
        stated = _stated_urgency(text)
        # a question beside the answer ("我是问你刚才记了些什么") or a level denied ("我没说盼啊") tells no level
        denied = _LEVEL_NOT_SAID.search(text)
        if denied and not _stated_urgency(text) and not service_questions(text):
            return [AskAgain("urgency")]  # "我没说盼啊": the level is asked again, never guessed
        no_level = bool(service_questions(text) or denied)
        unsure = _UNSURE_OF_LEVEL.search(text)
        learned = None if stated or no_level or unsure else learned_urgency(text)
        answered = stated or learned or (None if no_level else answered)
        guessed_level = stated is None and answered is not None and content_chars(text) >= WHY_CHARS * 2
        told_why = (stated is None and answered is not None and content_chars(text) >= WHY_CHARS
                    and (says("why", text) or places.describes(text)) and not _LEVEL_CHOSEN.search(text))
        if answered is None and unsure and leaning_urgency(text):
            # "我也勿晓得算啥 上个礼拜跌了一跤…": the level the story leans to, said back as a guess; the story kept
            story = "，".join(c for c in clause_split(text) if not _UNSURE_OF_LEVEL.search(c))
            # the story's own lean ("河边玩总归有点危险"), not the shrug's ("你看着办吧")
            level = (content_chars(story) >= 4 and leaning_urgency(story)) or leaning_urgency(text)
            return [SetField("urgency", level, guessed=True), *([AddDetail(story)] if content_chars(story) >= 4 else [])]
        if answered is None and text in (state.filled.get("description") or ""):
            # said again after it went into the description: take the level the words lean to, and say so
            leaning = leaning_urgency(text)
            if leaning:
                return [SetField("urgency", leaning, guessed=True)]
    if answered is not None and asked in ("provider_name", "available_time", *FREE_TEXT) and _only_a_place(text, places):
        answered = None  # a place typed where a name, a time or the problem was asked: it is the place
    if answered is not None and asked in SCOPE_FIELDS and not _SCOPE_SAID.search(text) \
            and any(is_organisation_name(c) and places.town_in(c) for c in clause_split(text)):
        answered = None  # "太仓农商行双凤支行，联系人我姓沈": the unit's name holds a town, and says no reach
    if answered is not None:  # a level read from a story ("上个礼拜跌了一跤…") is said back as a guess
        # a dimension read from words of the matter, not chosen by its name ("墙缝一年比一年大"): said back as a guess
        guessed_dimension = asked == "need_category" and not (keyword_category(text) or _DIMENSION_WORDS.search(text)
                                                              or is_a_button_title(text) or content_chars(text) <= CHOICE_WORDS)
        commands.append(SetField(asked, answered, guessed=asked == "urgency" and guessed_level or guessed_dimension))
    for other in _other_fields(text, state, fields, places, skip=asked):
        commands.append(other)
    if commands:
        detail = _why_told(text, answered) if told_why else _detail_left(text, commands, state, places) \
            or _spot_after_place(text, state, places)
        if asked == "available_time" and detail:
            commands, detail = _time_remarks_kept(commands, detail)
        if asked == "urgency" and detail:  # "刚说了急的呀", "你看着办吧": about the level, no word of the matter
            detail = _without_level_talk(detail)
        if asked == "need_category":  # "没有消防格啊 格么还是物业小区管理吧": about the choices, no word of the matter
            # "村里向个老年助餐点关脱哉" names the dimension by telling the matter: kept
            detail = "，".join(c for c in clause_split(detail) if not _ABOUT_A_CHOICE.search(c) and not (
                content_chars(c) <= CHOICE_WORDS and value_for(asked, c, state.form or "", places) and not PROBLEM.search(c)
                and (keyword_category(c) or _DIMENSION_WORDS.search(c))))  # "落雨天墙里向有点潮" tells the matter: kept
        if asked not in FREE_TEXT and fields.notes and detail and text not in (state.filled.get(fields.notes) or ""):
            commands.append(AddDetail(detail))
        return commands
    if _is_aside(message):
        # a short question the classifier gave no aside intent: the general answers (faq) take it, never silence
        return [Aside(message.intent if message.intent in ASIDE_INTENTS else "faq")]
    if asked in CLOSED_CHOICES and content_chars(text) <= CHOICE_ATTEMPT_CHARS and not places.describes(text):
        return [Unclear()]  # the choices are shown again; the words are no detail of the matter
    if _ASKS_OUTRIGHT.search(text) and not places.describes(text) and not _OPENS_WITH_SUPPLEMENT.match(text):
        return [AnswerQuestion("other", text)]  # "场地要我自家寻伐？": asked, never written into the record
    if fields.notes and content_chars(text) >= 4 and (asked not in ("community", "town") or places.describes(text)):
        return [AddDetail(supplement_words(text) if _OPENS_WITH_SUPPLEMENT.match(text) and supplement_words(text) else text)]
    if state.form == "need_form" and asked in ("community", "town") and _piece_of_the_matter(text, places):
        return [AddDetail(text)]  # "坏了", "三天了", "东门那边" where the place was asked: kept, the place asked again
    return [Unclear()]


# How long it has lasted ("三天了", "半个月了", "好几个礼拜了"): a piece of the matter, never a place
_LASTED = re.compile(r"(?:\d{1,3}|[一二三四五六七八九十两半几好多]{1,3})(?:个)?(?:天|日|礼拜|星期|周|个月|月|年|钟头|小时)(?:了|哉|多|啦|嘞)?$|"
                     r"^(?:老早|交关辰光|好久|蛮久|一直|天天|每天|夜夜|一到落雨)")


def _piece_of_the_matter(text: str, places: Places) -> bool:
    """A short piece of the matter typed where the place was asked ("坏了", "三天了", "农贸市场对面"): not a place
    the look-up can take, not a question, but what is wrong, for how long, or where exactly."""
    plain = re.sub(r"[\s，,。.!！~～]+", "", text)
    if len(re.findall(r"[\u4e00-\u9fff]", plain)) < 2 or places.place_in(plain) or places.town_in(plain) \
            or says("question", plain):
        return False
    if re.search(r"(?:村|社区|居委会?|小区|镇)(?:的|格|个)?$", plain) or _PLACE_UNKNOWN.search(plain):
        return False  # a place's name tried, misspelt or half remembered: the look-up answers it
    return bool(PROBLEM.search(plain) or keyword_category(plain) or _LASTED.search(plain)
                or (content_chars(plain) >= 3 and re.search(r"对面|旁边|边上|后面|后头|前面|门口|那边|那搭|附近|隔壁", plain)))


# A question asked outright (not "好几天" inside a statement): its mark, its particle or its question words
_ASKS_OUTRIGHT = re.compile(r"[？?]|(?:吗|伐|么|呢|哦)[。！!]?$|是不是|是勿是|有没有|有勿有|对勿对|对不对|是多少|要不要|要勿要|阿是|阿要|"
                            r"(?:啥|什么|哪)(?:个|些|里|儿)?(?:人|辰光|时候|地方)?[^，,。]{0,3}$")
def _without_level_talk(detail: str) -> str:
    """"刚说了急的呀", "你看着办吧", the "死人了" of "急死人了": about the level, no word of the matter."""
    clauses = clause_split(detail)
    kept = [c for c in clauses if not (content_chars(c) <= 8 and (_LEVEL_TALK.search(c) or _UNSURE_OF_LEVEL.search(c)))
            and not _LEVEL_LEFT_OVER.match(c.strip())]
    return detail if len(kept) == len(clauses) else "，".join(kept)


_LEVEL_LEFT_OVER = re.compile(r"^(?:死人|煞人|死|煞|得要命|得勿得了)(?:了|哉|啦|呀)?[！!。]*$")  # of "急死人了"
_LEVEL_TALK = re.compile(r"(?:算|说|讲|记|是|当)(?:了|过)?[^，,。]{0,2}[急难愁盼](?:的|个|格|额|呀|啊|吧|了|哉|么|嘛)*$|"
                         r"^(?:那|那么|格么|搿么|么)?(?:就|还是)[急难愁盼](?:的|个|格|额|呀|啊|吧|了|哉|么|嘛|好了)*$")  # "那就急吧"
_UNSURE_OF_LEVEL = re.compile(r"(?:勿|不|弗)(?:晓得|知道|清楚|好说)|说不好|讲勿清|讲不清|算啥|算哪个|算哪一档|"
                              r"(?:侬|你|您)(?:就)?(?:看着办|看着弄|看着来|定|帮我定|帮我选)")
WHY_CHARS = 4  # "老急额" says a level; "说过好几趟了没用" says why


def _why_told(text: str, level: str | None) -> str:
    """"愁天天烦" typed at the level question: the level, then words that only say what it means (no detail)."""
    if level and text.startswith(level):
        rest = text[len(level):].strip(" ，,。")
        return rest if content_chars(rest) > WHY_CHARS else ""
    return text
# "算天天烦心那种吧", "改成天天烦心那档": a level chosen by what it means, not a reason
_LEVEL_CHOSEN = re.compile(r"^(?:就|那就|还是|应该)?算|那种|那档|这档|那一档|那一种|那类")


def _spot_after_place(text: str, state: State, places: Places) -> str:
    """"浮桥镇老闸社区 12幢": where exactly, said after the place asked for, kept in the words."""
    if state.asked not in ("community", "town"):
        return ""
    rest = _PLACE_NOISE.sub("", places.without_places(text)).strip()
    if rest and (_SPOT_NUMBER.search(rest) or _names_a_spot(rest, places)) and not _PLACE_UNKNOWN.search(rest):
        return rest
    return _matter_after_place(text, places)


def _matter_after_place(text: str, places: Places) -> str:
    """"是的是的就是岳星村田里烧的是塑料啥个都有味道臭的来": typed without a pause, the matter said after the place
    is a detail (a pause would have made it a clause of its own)."""
    if len(clause_split(text)) > 1:
        return ""
    official = places.place_in(text)
    ends = [text.rfind(form) + len(form) for form in places.forms_of(official) if form in text] if official else []
    tail = text[max(ends):].strip(" ，,。") if ends else ""
    return tail if content_chars(tail) >= 6 and places.describes(tail) else ""


def _place_then_more(text: str, state: State, places: Places) -> list[Command]:
    """A place not written exactly, said first, with more words after it: the place for the form to resolve (or
    suggest), the rest a detail of the matter."""
    clauses = clause_split(text)
    if len(clauses) < 2:
        return []
    place = value_for("community", clauses[0], state.form or "", places)
    rest = " ".join(clauses[1:])
    if place is None or places.without_places(rest) != rest or content_chars(rest) < 4:
        return []
    if _PLACE_UNKNOWN.search(rest):
        return [SetField("community", place)]  # "我是浏河镇的，村名记不得了": the town, and no detail
    return [SetField("community", place), AddDetail(rest)]


# Words naming a field of the report itself (not 村 or 社区, which any answer may mention).
_OTHER_FIELD_WORDS = re.compile(r"类别|分类|哪一类|归到|电话|号码|手机|地点|地址|地方弄错|地方错")
_ADDING = re.compile(r"^(?:对了|哦对了|噢对了|还有|另外|补充|再补充|而且|顺便)")


# Words about when, said beside the time ("小朋友放学以后嘛", "考试周除外", "农忙辰光勿来事"): part of the time
_TIME_REMARK = re.compile(r"放学|下班|以后|以前|之后|之前|前后|左右|除外|农忙|考试|节假日|寒暑假|暑假|寒假|过年|提前|预约|辰光|时候|"
                          r"休息天|休息日|不固定|勿固定|排班|轮班|倒班|"
                          r"(?:要|得)(?:排练|上班|值班|上课|开会|接送|带孙|带小囡|接小囡|送小囡|种田|出车)|田也要种|田里忙")


def _with_remarks(time: str, remarks: list[str]) -> str:
    """"平常辰光侪来事（农忙辰光勿来事）" and "自家田也要种": one bracket, the remarks in the order said."""
    if time.endswith("）"):
        return f"{time[:-1]}，{'，'.join(remarks)}）"
    return f"{time}（{'，'.join(remarks)}）"


def _time_remarks_kept(commands: list[Command], detail: str) -> tuple[list[Command], str]:
    """The remarks about when kept with the time, the rest left as a detail of the help."""
    remarks = [c for c in clause_split(detail) if _TIME_REMARK.search(c) and content_chars(c) <= 12]
    if not remarks:
        return commands, detail
    rest = "，".join(c for c in clause_split(detail) if c not in remarks)
    timed = [replace(c, value=_with_remarks(c.value, remarks)) if isinstance(c, SetField) and c.field == "available_time"
             else c for c in commands]
    return timed, rest if content_chars(rest) >= 4 else ""


_SLIP = re.compile(r"(?:哦|噢|喔)?(?:不对|勿对|弗对|讲错了?|说错了?)[，,\s]*(?:是|应该是)?")


def _time_said_again(text: str) -> str | None:
    """"每个月第一个周三上午 哦不对 是第二个周三 第一个周三我们院里要开会": the time as put right; the part said
    anew takes the place of the one like it ("第一个周三" → "第二个周三"), the rest of what was said first kept."""
    slip = _SLIP.search(text)
    if slip is None or slip.start() == 0 or _TIME_EXCEPTED.match(text.strip()):
        return None  # "…勿对 礼拜三上半天要上课 其他辰光都好": a part taken out, not the time said anew
    before, after = text[:slip.start()].strip(" ，,"), clause_split(text[slip.end():])
    if time_from_words(before) is None:
        return None  # "名字勿对个 … 时间就是…": the slip is another field's
    # "礼拜三我要带孙子 礼拜四上半天吧": when they cannot is no time said anew; "五点半开门个 五点半到八点半": the span
    timed = [c for c in after if time_from_words(c) and not _UNAVAILABLE.search(c)]
    spans = [c for c in timed if re.search(r"到|至|[-—~～]", c)]
    day = r"礼拜|星期|周[一二三四五六日天末]|号|工作日|双休"
    if timed and spans and spans[0] != timed[0] and re.search(day, timed[0]) and not re.search(day, spans[0]):
        anew = f"{timed[0]} {spans[0]}"  # "礼拜四下午 两点到四点": the day, then its hours
    else:
        anew = (spans or timed or [""])[0]
    anew = re.sub(r"[吧呀啊哦哉了]+$", "", anew)
    if not anew or time_from_words(anew) is None:
        return None
    for size in (len(anew), len(anew) - 1, len(anew) + 1):
        for at in range(len(before) - size + 1):
            piece = before[at:at + size]
            if piece[-2:] == anew[-2:] and piece != anew:
                return before[:at] + anew + before[at + size:]
    return anew


CHOICE_WORDS = 10  # "物业小区管理吧": a choice said; longer, the words tell the matter
_DIMENSION_WORDS = re.compile(r"基础设施|设施|人居环境|环境|物业|服务供给|社区服务|文化融合|文化|群众自治|自治|组织建设|基层组织|类别|这一类")
_ABOUT_A_CHOICE = re.compile(r"^(?:哦|噢)?没有.{1,6}(?:格|的|个)?(?:啊|呀|哦|嘛)?$|还是|那就|格么|类别|这一类|那一类|选")
_LEVEL_OUTRIGHT = re.compile(r"(?:还是|应该|就|那就)?(?:算|是|改成)(?:是)?[急难愁盼](?:格|的|额|个|吧|哉|点)?")


def _other_fields(text: str, state: State, fields: FormFields, places: Places, skip: str | None) -> list[Command]:
    """Fields a message fills though another question was asked: a phone, a clear urgency word."""
    found: list[Command] = []
    place = _only_a_place(text, places)
    if place and state.form == "resource_form" and _SCOPE_SAID.search(text):
        place = None  # "沙溪镇哪里都可以" at the time question: how far they go, read as the reach below
    if place and skip not in ("community", "town", "resource_scope"):
        if state.form == "resource_form" and not state.filled.get("resource_scope"):
            town = places.town_in(place)
            return [SetField("resource_scope", f"town@{town}" if town else f"community@{place}")]
        if state.form == "resource_form":
            return [SetField("town" if places.town_in(place) else "community", place, corrected=True)]
        if state.form == "need_form":
            return [SetField("community", place, corrected=bool(state.filled.get("community")))]
    phone = parse_phone(text)
    if phone and skip != fields.phone and fields.phone:
        found.append(SetField(fields.phone, phone))
    elif state.form == "need_form" and skip != fields.phone and not state.filled.get(fields.phone) \
            and any(_phone(c, state.form) == NO_PHONE and _PHONE_WORD.search(c) for c in clause_split(text)):
        found.append(SetField(fields.phone, NO_PHONE))  # "盼个，电话勿留了": no number, said before it was asked
    if state.form == "resource_form":
        found += _offer_fields_said(text, state, places, skip)
    if state.form == "need_form" and skip != "urgency":
        had = state.filled.get("urgency")
        # "愁" alone at the phone question, the level taken from the words already: the level is being told
        short = clause_split(text) if not had else [text] if content_chars(text) <= 3 else []
        # "…算急格 手机189…": a level chosen outright in its own clause, beside other words
        short += [c for c in clause_split(text) if had and _LEVEL_OUTRIGHT.fullmatch(c)]
        for piece in short:
            if len(piece) <= 5:
                urgency = normalize_urgency(piece)
                if urgency and urgency != had:
                    found.append(SetField("urgency", urgency, corrected=bool(had)))
                    break
    return found


_PHONE_WORD = re.compile(r"电话|号码|手机")


def reach_clause(text: str) -> str | None:
    """"…整个沙溪镇都可以去…": the clause saying how far a volunteer goes, in a longer message; None when none does."""
    clauses = clause_split(text)
    for denied, after in zip(clauses, clauses[1:], strict=False):
        if _REACH_NOT.match(denied) and _SCOPE_SAID.search(denied):
            return after  # "勿是全镇 就阿拉社区": the reach said after the one denied
    said = [c for c in clauses if _SCOPE_SAID.search(c) and not _DENIED_SCOPE.search(c)]
    return said[-1] if said else None


_REACH_NOT = re.compile(r"^(?:范围)?(?:并)?(?:不|勿|弗)是")


_CALLED = re.compile(r"^(?:我叫|名字叫|我的名字(?:是|叫)|叫我|叫(?=[\u4e00-\u9fff]{2,3}$)|大家都?叫我?|都叫我|(?:我|伲)?姓[\u4e00-\u9fff]，?叫)(?P<name>[\u4e00-\u9fff]{2,4})$")
# "我是孟河村的退休电工顾福根", "我是九曲社区剃头个老张": a trade, then the name
_TRADE_THEN_NAME = re.compile(r"^(?:我是|伲是|阿拉是).{0,14}?(?:电工|木匠|瓦匠|医生|护士|老师|律师|会计|师傅|厨师|司机|理发师|药剂师|"
                              r"党员|工人|剃头|理发|修车)(?:个|的|格|额)?(?P<name>[老小阿][\u4e00-\u9fff]|[\u4e00-\u9fff]{3})$")


def person_named(text: str) -> str | None:
    """"我叫陈思雨，在利泰社区住…": the name a clause of a longer message gives its writer, else None."""
    for clause in clause_split(text):
        found = _CALLED.match(clause) or _TRADE_THEN_NAME.match(clause)
        if found and not re.search(r"社区|村|镇|小区|单位|公司|退休|居民|志愿", found.group("name")):
            return found.group("name")
    said = _SURNAME_THEN_NAME.search(text or "")  # "…新塘村的我姓李叫李秀英我会唱…": said in one breath
    return said.group("name") if said and said.group("name")[0] == said.group("surname") else None


_SURNAME_THEN_NAME = re.compile(r"(?:我|伲)姓(?P<surname>[\u4e00-\u9fff])[，,\s]*(?:叫|名字叫|全名叫)"
                                r"(?P<name>[\u4e00-\u9fff](?:(?![我会是住在有的今明电手号])[\u4e00-\u9fff]){1,2})")


# "就本社区", "全镇都行" said where a name was asked: how far the help reaches, never a name
_REACH_NOT_NAME = re.compile(r"本(?:社区|村|小区|镇)|全(?:镇|市|村)|整个|范围|都行|都可以|附近")


def _only_a_reach(text: str, places: Places) -> bool:
    return bool(_REACH_NOT_NAME.search(text)) and content_chars(_REACH_NOT_NAME.sub("", text)) <= 2 \
        and _scope_said(text, places) is not None
_SCOPE_SAID = re.compile(r"范围|都可以|都行|侪可以|侪行|都好(?:开|跑|骑|送)?(?:过)?去|跑得过来|跑得动|都能(?:开|跑)?(?:过)?去|都去得|都送得到|哪里都|整个|全市|全镇|"
                         r"全太仓|全(?:[\u4e00-\u9fff]{2,3})(?:都|侪)(?:跑|去|送|开)|"
                         # "附近几个社区叫阿拉去跳也行的", "双凤镇别的村也可以": other places too
                         r"(?:附近|周边|周围|隔壁|别的|其他|其它|旁边)(?:的)?(?:几个|各个)?(?:村|社区|小区)[^，,。]{0,10}?(?:也行|也可以|也好|也能|也去)")


_UNIT_CALLED = re.compile(r"^(?:就)?(?:叫|叫做|名字叫|名称是|全称是?|所名是?|单位是|单位叫)([\u4e00-\u9fffA-Za-z0-9（）()]{4,24})$")


def _offer_fields_said(text: str, state: State, places: Places, skip: str | None) -> list[Command]:
    """A volunteer's name ("叫我沈律师就可以了") or reach ("还是城厢镇范围吧") said at another question."""
    found: list[Command] = []
    times: list[str] = []
    clauses = clause_split(text)
    if skip != "provider_name" and any(is_organisation_name(c) for c in clauses) \
            and any(named_in_clause(c) for c in clauses if not is_organisation_name(c)):
        both = value_for("provider_name", text, "resource_form", places)
        if both and "（" in both:  # "泥桥宣卷班，我是班主朱根宝" at another question: the troupe, its leader beside it
            return [SetField("provider_name", both, corrected=bool(state.filled.get("provider_name")))]
    together = value_for("provider_name", text, "resource_form", places) \
        if skip != "provider_name" and len(full_names_in(text)) >= 2 else None
    if together and "、" in together:  # "朱建华 还有我老太婆徐秀英 两家头一道": both, as one name, said once
        found.append(SetField("provider_name", together, corrected=bool(state.filled.get("provider_name"))))
        skip = "provider_name"
    for clause in clauses:
        if says("about_the_talk", clause):
            continue  # "我是问，…": about the talk, no name
        unit = _UNIT_CALLED.match(clause)
        if unit and is_organisation_name(unit.group(1)):  # "叫沙溪恒信律师事务所": the unit's name
            clause = unit.group(1)
        if skip != "provider_name" and (_NAMING.search(clause) or named_in_clause(clause) or _a_contact_person(clause)
                                        or (unit or not state.filled.get("provider_name")) and is_organisation_name(clause)):
            name = value_for("provider_name", clause, "resource_form", places)
            unit = state.filled.get("provider_name") or ""
            if name and looks_like_organisation(unit) and (not looks_like_organisation(name) or _a_contact_person(clause)) \
                    and name not in unit and not _NAME_SET.search(text):
                # "15850216739，我姓沈" after the school's name: who to ask for there, beside the school
                name = beside_unit(unit, name)
            if name:
                found.append(SetField("provider_name", name, corrected=bool(state.filled.get("provider_name"))))
        if skip != "available_time" and not state.filled.get("available_time") and stated_availability(clause) \
                and time_phrase(clause) in (clause, re.sub(r"(?:都有空|有空|都可以|都行|方便)$", "", clause)):
            times.append(clause)  # "…电话133… 礼拜一上半天" said at the phone question
        if _DENIED_SCOPE.search(clause) and "还是" in clause:
            clause = clause.rsplit("还是", 1)[1]  # "全市跑不过来还是城厢镇范围吧": what is said after 还是
        if skip not in SCOPE_FIELDS and _SCOPE_SAID.search(clause) and not _DENIED_SCOPE.search(clause):
            scope = value_for("resource_scope", clause, "resource_form", places)
            if scope and scope != state.filled.get("resource_scope"):
                found.append(SetField("resource_scope", scope, corrected=bool(state.filled.get("resource_scope"))))
    if times:  # "中午十一点以后 礼拜一到礼拜六": one time, said in parts
        found.append(SetField("available_time", " ".join(times)))
    return [_full_name(c, clause_split(text)) for c in found]


def _a_contact_person(clause: str) -> bool:
    """"行政部顾建华", "顾建华": a person's full name, perhaps after their department, said alone."""
    names = full_names_in(clause)
    return len(clause) <= 9 and bool(names) and clause.endswith(names[-1]) and not re.search(r"\d", clause) \
        and not time_phrase(clause) and not stated_availability(clause) and not says("question", clause)


def _full_name(command: SetField, clauses: list[str]) -> SetField:
    """"我姓周，周秀英": a surname said first, then the name it begins."""
    if command.field != "provider_name":
        return command
    if len(command.value) == 1:
        full = name_begun_by(command.value, clauses)
        return replace(command, value=full) if full else command
    said = name_said(command.value) if len(command.value) > 6 and "（" not in command.value \
        and not is_organisation_name(command.value) else None
    if said and said != command.value:
        return replace(command, value=said)  # "哎呀越弄越乱 名字就钱卫东三个字": the name in the sentence
    # "我叫钱阿姨 钱美芳": the name they go by, and their full name said after it; both kept
    called = _CALLED_BY.fullmatch(command.value)
    surname = (called.group("surname") or called.group("surname2")) if called else None
    said_at = next((i for i, c in enumerate(clauses) if command.value in c), len(clauses))
    # only a full name said after it: "李建国，叫我老李就行" is the name they want
    full = name_begun_by(surname, [c for c in clauses[said_at + 1:] if c != command.value]) if surname else None
    return replace(command, value=f"{full}（{command.value}）") if full and len(full) == 3 else command


_CALLED_BY = re.compile(r"[小老阿](?P<surname>[\u4e00-\u9fff])|(?P<surname2>[\u4e00-\u9fff])(?:阿姨|师傅|老师|医生|大伯|伯伯|阿婆|阿爷|叔叔|大姐|阿姐|大哥|阿哥)")


_DENIED_SCOPE = re.compile(r"跑不过来|跑勿过来|跑不动|跑勿动|去不了|去勿了|顾不过来|顾勿过来|不行|勿来事")


_PLACE_NOISE = re.compile(r"[\s，。,.!！、~～]|^(我是|我在|住在|伲是|阿拉是|就是|是|在)|的$|格$|额$|那边$|这边$")


def _only_a_place(text: str, places: Places) -> str | None:
    """The whole message is a place ("双凤镇湖川桥社区"): the place, else None."""
    bare = _PLACE_NOISE.sub("", text)
    if not bare or len(bare) > 14 or places.describes(text) or organisation_in(text) or is_organisation_name(bare):
        return None
    if full_names_in(bare) == [bare]:
        return None  # "钱文渊": a person's full name, though 文渊 names a community too
    if content_chars(places.without_places(bare)) > PLACE_NOISE_CHARS:
        return None  # "璜泾宣卷队 联系我 我是领班老钱": a place inside other words is no place answer
    return places.place_in(bare)


PLACE_NOISE_CHARS = 3  # "伲住勒" beside "城厢镇南郊社区"


def only_a_place(text: str, places: Places) -> bool:
    """The words name a place and little else ("伲住勒庆丰村"), not a name or a matter with a place in it."""
    return content_chars(places.without_places(_PLACE_NOISE.sub("", text))) <= PLACE_NOISE_CHARS


# "急的呀…", "老急个…": a level said first with its particle (never "盼望…", "难得…", which are words of their own)
_LEVEL_HEAD = re.compile(r"^(?:是|算|蛮|老|交关|特别|非常|很|真)?[急难愁盼](?:的|个|格|额|得来|得很|煞)(?:呀|啊|哦|哉|了|嘞|唻)?")


def _detail_left(text: str, commands: list[Command], state: State, places: Places) -> str:
    """What the message says beyond the fields it filled: "挺急的，已经有人摔过一跤了" keeps "已经有人摔过一跤了".

    Only the clauses no field took are a detail, so a phone number, a level, a name or a reach said beside
    it never goes into the description; words about the conversation itself ("我刚刚讲过哉") are none."""
    pieces = clause_split(text)
    head = _LEVEL_HEAD.match(text.strip()) if len(pieces) == 1 and any(
        isinstance(c, SetField) and c.field == "urgency" for c in commands) else None
    if head and content_chars(text.strip()[head.end():]) >= WHY_CHARS:
        pieces = [head.group(), text.strip()[head.end():]]  # "急的呀我老公脚不好…" typed by voice: the level, then why
    phoned = any(isinstance(c, SetField) and c.field in PHONE_FIELDS for c in commands)
    if phoned and len(phones_in(text)) == 1 and content_chars(without_phones(text)) >= 2:
        # "…电话0512 53571246手机勿大会用伲住辣5幢2单元301": the words beside the number, the number cut out
        pieces = clause_split(without_phones(text))
    elif len(pieces) < 2:
        return ""
    if any(isinstance(c, SetField) and c.value == NO_PHONE for c in commands):
        # "不留 怕被村干部记恨": why no number is left is no detail of the matter, and is private; "电话就不留了 上礼拜
        # 老张夜里差点翻到河里去": what happened is the matter's, never dropped
        told = [p for p in pieces[1:] if not _WHY_NO_NUMBER.search(p)
                and not any(isinstance(c, SetField) and _piece_gives(p, c) for c in commands)]
        return "，".join(told) if any(places.describes(p) for p in told) else ""
    rest = [p for p in pieces if not any(isinstance(c, SetField) and _piece_gives(p, c) and not _why_of_level(p, c, pieces)
                                         for c in commands)]
    rest = [p for p in rest if parse_phone(p) is None and not says("about_the_talk", p) and not says("question", p)
            and not _PLACE_UNKNOWN.search(p)
            and not (content_chars(p) <= CHOICE_ATTEMPT_CHARS and not _names_a_spot(p, places) and any(
                isinstance(c, SetField) and c.field in (*CLOSED_CHOICES, "community", "town")
                and value_for(c.field, p, state.form or "", places) == c.value for c in commands))]
    if state.asked in SCOPE_FIELDS:
        # "范围就阿拉村里 双凤镇庆丰村": the reach said twice, once loosely; "跑远了吃勿消": why it reaches no further
        rest = [p for p in rest if value_for(state.asked, p, state.form or "", places) is None
                and (not _REACH_REASON.search(p) or _HELP_BROUGHT.search(p))]  # "走不动的我上门": the help
    if state.asked == "provider_name":
        rest = [p for p in rest if not _NAMING.search(p)]  # "我叫蒋文浩，叫我小蒋就行": both clauses name
    named = [n for c in commands if isinstance(c, SetField) and c.field == "provider_name"
             for n in full_names_in(str(c.value))]
    rest = [p for p in rest if not any(n in p for n in named)]  # "还有我老太婆徐秀英": a name written already
    if state.form == "resource_form":  # "范围还是放大点", "叫我小周就行": about the offer's fields, no detail
        rest = [p for p in rest if not (_SCOPE_SAID.search(p) or _NAMING.search(p) or _DENIED_SCOPE.search(p)
                                        or _ABOUT_WHO.search(p)
                                        or named_in_clause(p) or time_phrase(p) == p
                                        or time_from_words(p) and _UNAVAILABLE.search(p))]
    notes: list[str] = []
    if any(isinstance(c, SetField) and c.field in PHONE_FIELDS for c in commands):
        rest = [p for p in rest if not says("phone_change", p) and not _ABOUT_LEAVING_IT.search(p)
                and not re.fullmatch(r"(?:留|留个|留一个|有|好)(?:个|的|格)?", p)]  # "留个，因为要晓得结果": why, no fact
        # "是伲囡儿格号码 伊会得接", "白天上班可能接不到", "姓陈，下午都方便": how to reach them, kept apart from the matter
        given = "".join(re.sub(r"\D", "", c.value) for c in commands if isinstance(c, SetField) and c.field in PHONE_FIELDS)
        # "电话0512 53521234": a piece of the number itself is no note
        rest = [p for p in rest if not (re.sub(r"\D", "", p) and re.sub(r"\D", "", p) in given
                                        and content_chars(re.sub(r"电话|号码|手机|座机|屋里|家里|办公室|[\d\s-]", "", p)) < 1)]
        rest = [p for p in rest if not _WHOSE_LINE.fullmatch(p) and not is_number_label(p)]  # "阿拉屋里向(电话…)", "电话 …"
        notes = [p for p in rest if _CONTACT_NOTE.search(p) and (not places.describes(p) or _WHOSE_NUMBER.search(p))]
        rest = [p for p in rest if p not in notes]
    if state.form == "need_form":  # "我叫顾建林", "我姓沈": who to ask for, never the matter
        notes += [p for p in rest if _NAMES_ONESELF.fullmatch(p) and p not in notes]
        rest = [p for p in rest if p not in notes]
    # "是我手机": whose number it is, when it is one's own, says nothing more
    notes = [p for p in notes if not _ONES_OWN_NUMBER.fullmatch(p) and not _ABOUT_LEAVING_IT.search(p)]
    note = say_contact_note("，".join(notes)) if notes else ""
    if max((content_chars(p) for p in rest), default=0) < 5 and not any(_SPOT.search(p) for p in rest):
        return note  # "阿拉住5楼，楼上是6楼": short, but where exactly is a detail
    # "12幢" beside the place is where exactly; "还是报吧" is the decision to report, no word of the matter
    return "，".join(p for p in rest if (content_chars(p) >= 2 or _SPOT.search(p))
                    and not (says("resume_report", p) and content_chars(p) <= 6)) + note


def _why_of_level(piece: str, command: SetField, pieces: list[str]) -> bool:
    """"愁个 天天要出门的", "难 去年就讲过": after the level, why it is so, which is a detail; "愁 天天烦心" only
    glosses the level, and the level itself is no detail."""
    return command.field == "urgency" and piece != pieces[0] and content_chars(piece) >= WHY_CHARS \
        and not _glosses_a_level(piece) and _stated_urgency(piece) is None


# Words about reaching the person, said beside their number
_CONTACT_NOTE = re.compile(r"号码|电话|手机|座机|微信|囡儿|囡囡|儿子|女儿|老伴|家属|媳妇|孙子|孙女|^(?:伊|他|她)(?:叫|姓)|记一记|也记|记牢|接不到|会接|会得接|勿接|不接|接得到|打(?:格|这|我|他|她|伊|伲)|方便|(?:勿|不|弗)通|"
                           r"^(?:我|伲)?姓[\u4e00-\u9fff]$|^(?:上午|下午|晚上|白天|中午|夜里)|"
                           r"(?:上午|下午|晚上|白天|中午|夜里|早上|傍晚|礼拜天|周末)[^，,]{0,3}(?:打|联系|寻我|找我)|^(?:找|转)[\u4e00-\u9fff]{1,6}$")


_WHOSE_LINE = re.compile(r"(?:阿拉|伲|我|我们|我家)(?:屋里向|屋里厢|屋里|家里)?(?:个|格|的)?")
# "这是卫生院办公室座机": whose number it is, whatever the words name
_WHOSE_NUMBER = re.compile(r"^(?:这是|这个是|是|迭个是|格是)[^，,。]{0,10}(?:座机|电话|号码|手机|手机号)$")
_NAMES_ONESELF = re.compile(r"(?:我叫|我是|叫我|我姓|伲姓|阿拉姓|我名字叫)[\u4e00-\u9fff]{1,3}")
_WHY_NO_NUMBER = re.compile(r"怕|担心|记恨|得罪|报复|麻烦|打扰|烦|骚扰|不方便|勿方便|隐私|不想|勿想|覅|不愿|勿愿|不用|电话|号码|手机")
_ABOUT_LEAVING_IT = re.compile(r"(?:电话|号码|手机)[^，,]{0,4}(?:还是)?(?:留|给)(?:一个|个|下)?(?:吧|了|哉)?$|"
                               r"^(?:因为|为了|好)(?:要|想)?(?:晓得|知道|听|等|收到)(?:个|格)?(?:结果|消息|回音|进度|回复)|"
                               # "算了还是留一个吧", "好嘞留么留一个", "有托管班的话好通知我": leaving it, and why
                               r"^(?:算了|好嘞|好吧|那)?(?:还是|么)?(?:留|给)(?:么留|就留)?(?:一个|个|下|一只|只)(?:吧|了|哉|好了)?$|"
                               r"(?:好|方便|可以)(?:通知|联系|告诉|打电话给|打给)(?:我|伲|阿拉)(?:一声|一下)?(?:吧|伐)?$|"
                               r"(?:呒没|没有|没|勿曾|还没)(?:讲|说)(?:过)?(?:勿留|不留|覅留|不要留)")
_ONES_OWN_NUMBER = re.compile(r"(?:是|这是|就是)?(?:我|本人|我自家|我自己)(?:的|格|个)?(?:手机|电话|号码|手机号|手机号码)")


def say_contact_note(words: str) -> str:
    """How to reach the resident, marked so that no one reads it as the matter: "（联系：白天上班可能接不到）"."""
    from bot.replies import say

    return say("reading.contact_note", words=words)


_NAMING = re.compile(r"^(?:我叫|我姓|我是|叫我|大家都?叫|都叫我|免贵姓|名字叫|(?:寻|找|联系|打给)我(?:好了|就行|就好|就可以)$)")
# "这趟是我自家", "勿是舞队": who offers (the person, not the team), no word of the help itself
_ABOUT_WHO = re.compile(r"^(?:就|是|就是|这趟是|这次是|迭趟是)?(?:我自家|我自己)(?:个人|一个人)?(?:的|个|呀|啊)?$|"
                        r"^(?:阿拉|伲|我们)?(?:两家头|两个人|夫妻俩|老两口|两口子)(?:一道|一起|一块)?(?:来|去|做)?(?:的|个|呀)?$|是本人|个人名义|联系人(?:就)?是我|^(?:不|勿|弗|覅)是.{0,6}(?:队|单位|组织|公司|班子|协会)|"
                        # "我只是帮她打字的", "我是帮店长来登记一下": who types it, no word of the help
                        r"^(?:我|伲)?(?:只是|就是|是)?(?:帮|替|代)(?:她|他|伊|店长|老板|老板娘|领导|经理|阿拉|我们)[\u4e00-\u9fff]{0,3}?(?:打字|登记|报名|发消息|发|填|弄)(?:一下|下)?(?:的|个|格|额)?$")
_SPOT_WORDS = re.compile(r"门|楼|幢|栋|号|路|桥|弄|巷|边|头|搭|口|旁|对面|后面|前面|里面|新村|小区|花园|苑|组")


def _names_a_spot(piece: str, places: Places) -> bool:
    """"弇山新村后门那搭": where exactly, beside the place's name, not the name said again."""
    return content_chars(places.without_places(piece)) >= 3 and bool(_SPOT_WORDS.search(places.without_places(piece)))


SCOPE_FIELDS = ("resource_scope",)
PHONE_FIELDS = ("phone", "resource_phone", "callback_phone")


_SAYS_WHAT_IT_IS = re.compile(r"^(?:迭个|这个|格个|搿个|伊个|那个|这|迭|这事|迭桩事)?(?:就)?(?:是|算|属于|归)")


def _piece_gives(piece: str, command: SetField) -> bool:
    if command.field in ("phone", "resource_phone", "callback_phone"):
        return parse_phone(piece) is not None or command.value == NO_PHONE and is_decline(piece)
    if command.field == "urgency":
        return normalize_urgency(piece) == command.value and len(piece) <= 6
    if command.field == "need_category" and content_chars(piece) <= FACT_CHARS + 2 and _SAYS_WHAT_IT_IS.match(piece):
        return category_from_words(piece) == command.value  # "迭个是邻里纠纷": why the dimension, no fact
    return command.value in piece or piece in command.value


def _is_aside(message: Message) -> bool:
    if message.intent in ASIDE_INTENTS and message.confidence >= ASIDE_CONFIDENCE:
        return True
    return says("question", message.text) and content_chars(message.text) <= 12


def reads_as_report(text: str) -> bool:
    """An opening taken for an offer whose words report a problem or ask for help: no offer in the
    words, and the model of offers and reports (learned from the same examples) sure it is a report."""
    from bot.vocab.classifier import KIND, rank

    kind = opening_kind(text)
    if kind is not None:
        return kind == "request"
    ranking = rank(text, task=KIND)
    return ranking.best == "report" and ranking.ranked[0][1] >= REPORT_SURE


REPORT_SURE = 0.8
# An intent the model may give a plain report by accident ("…还没人扶起来" read as a handoff or a complaint that an
# old need is unsolved, "…空调坏了 夏天没人去" as an offer), with the signals in the words that the intent itself
# needs. A message the classifier could not place (nlu_fallback) needs none: a plain report is a report.
NEEDS_ITS_WORDS = {"goodbye": ("farewell",), "human_handoff": ("handoff",), "not_solved": ("unsolved", "status"),
                   "check_status": ("status",), "offer_resource": ("offer",), "nlu_fallback": ()}
FULL_REPORT_CHARS = 8  # a report says what and where: a few words ("还没好") are no report


def lacks_its_words(intent: str, text: str) -> bool:
    """An intent that is only itself with its own words ("still not solved", a handoff) said without them."""
    return intent in NEEDS_ITS_WORDS and not any(says(kind, text) for kind in NEEDS_ITS_WORDS[intent])


def plainly_reports(text: str, at_least: int = FULL_REPORT_CHARS) -> bool:
    """A problem said in words ("倒了", "断了") at some length, not a question about figures ("那个数字怎么样")."""
    return content_chars(text) >= at_least and PROBLEM.search(text) is not None and reads_as_report(text)


def misread_report(intent: str, text: str) -> bool:
    """The model gave an intent whose own words are missing to a message that plainly reports a problem."""
    if not lacks_its_words(intent, text):
        return False  # another intent, or its own words: as the model read it
    return plainly_reports(text)


LONG_REPORT_CHARS = 20  # a report long enough to say where, what and how bad


def misread_chatter(intent: str, text: str, names_a_place: bool) -> bool:
    """Out of scope for a message that names a place of Taicang and plainly reports a problem there: a report
    with something odd in it (a pasted link, markup, a stray English word) is still a report."""
    return intent == "out_of_scope" and names_a_place and plainly_reports(text)


def misread_faq(intent: str, answer: str | None, text: str, names_a_place: bool) -> bool:
    """A general answer (faq) given to a message that reports a problem of a named place at length: the
    emergency answer with no danger in the words ("…电梯坏了三天了 我八十多岁了爬不动楼 你们快点派人来修修"),
    or another answer to words that ask nothing."""
    from bot.needs.emergency import emergency_advice

    if intent != "faq" or not names_a_place or emergency_advice(text) is not None:
        return False
    if answer != "faq/emergency" and says("question", text):
        return False
    return plainly_reports(text, LONG_REPORT_CHARS)


def misread_faq_topic(intent: str, answer: str | None, text: str) -> str | None:
    """The intent a general answer (faq) should give way to: a question about the plan's mid-term evaluation is a
    question about the programme's figures; an answer about a topic the words never touch ("…打疫苗要去哪里"
    answered about volunteering) is no answer, and the question is out of scope. None: the answer stands."""
    if intent != "faq":
        return None
    if says("mid_term_evaluation", text):
        return "ask_pilot_progress"
    topic = "faq_topic_" + (answer or "").removeprefix("faq/")
    if topic in _signals() and not says(topic, text) and not plainly_reports(text):
        return "out_of_scope"
    return None


# "这条是先治理还是待治理", "有没有对上资源", "它有人接了伐": about the need whose card was just shown
_ABOUT_AN_ITEM = re.compile(r"先治理|待治理|资源|对上|匹配|对接|有人接|认领|超期|超时|逾期|到期|期限|谁报|啥人报|哪个报|"
                            r"(?:谁|啥人|哪个)(?:在(?:跟|跟进|负责|管|办)|跟进|负责)|"
                            r"(?:什么时候|啥辰光|几时|哪天|啥时候)(?:报|反映|登记)")
_THIS_ITEM = re.compile(r"这条|这个需求|这件|这桩|该条|这一条|^它|^伊|那条|刚才那|[格搿迭伊]条|[格搿迭]个需求|[格搿迭]桩")


# "电话多少", "有电话伐，阿拉好去寻伊", "格条急勿急": what the card of the need just shown says
_ITS_REPORTER = re.compile(r"^(?:那|它|伊|这条|那条|格条|搿条|迭条)?(?:的|个)?(?:有|阿有|有没有|有勿有|留)?(?:电话|号码|手机)"
                           r"(?:多少|是多少|呢|号码|伐|吗|有伐)?|谁报|啥人报|哪个报|哪位报|"
                           r"(?:什么时候|啥辰光|几时|哪天|啥时候)(?:报|反映|登记)|报的时间|反映时间|急(?:勿|不|弗)急|紧急(?:伐|吗)|"
                           # "内容呢 全文给我看看": what it says, in full
                           r"^(?:那)?(?:它|伊|这条|那条|格条)?(?:的|个)?(?:内容|全文|原文|原话|详细内容|具体内容)(?:呢|是啥|有伐|给我|发我|看看)")


_ABOUT_THE_OUTCOME = re.compile(r"结果|进度|办结|办好|几号|多久|什么时候|啥时候|啥辰光|几时|哪天|晓得|知道|告诉我|通知|到期|时限|"
                                r"来修|派人|啥人会来|谁会来|谁来|有人来|怎么要到|为啥要|为什么要|要到")


def offer_field_changes(text: str, places: Places) -> list[SetField]:
    """"ZY000071的时间改成每月第一个周六上午": the fields of a listed offer its maker changes, with their values."""
    bare = re.sub(r"(?i)zy\s*\d{3,}(?:的|个|格|额)?", "", text or "").strip(" ，,。")
    if _ASKS_IF_WRITTEN.search(bare):
        return []  # "帮我查查 名字写的朱慧英伐": asked what is written, nothing changed
    if not says("correction", bare):
        return _reach_said_of_a_listed_offer(bare, places)
    state = State("resource_form", "resource_confirmed", {})
    commands = _field_segments(bare, state, places) or read_corrections(bare, state, places)
    return [c for c in commands if isinstance(c, SetField) and c.value]


# A listed offer's places beyond its reach, said ("其实隔壁黄桥村也好去"): written beside its help
ALSO_REACHES = "also_reaches"


def _reach_said_of_a_listed_offer(text: str, places: Places) -> list[SetField]:
    """"其实隔壁黄桥村也好去" after an offer is listed: the place written beside the help (an offer reaches one place);
    "隔壁几个村也好去的", "整个双凤镇都可以": the reach widened, said back as read."""
    if _DENIED_SCOPE.search(text) or says("question", text):
        return []
    named = places.communities_in(text)
    if named and _ADDS_A_PLACE.search(text):
        return [SetField(ALSO_REACHES, "、".join(places.common_name(n) or n for n in named))]
    scope = _scope_said(text, places) if _SCOPE_SAID.search(text) else None
    if not scope or scope == "community" or scope.startswith(f"community{SCOPE_SEPARATOR}"):
        return []
    return [SetField("resource_scope", scope, corrected=True, guessed=not places.towns_in(text))]


_ASKS_IF_WRITTEN = re.compile(r"(?:写|记)(?:的|得|成|了)?(?:是)?[^，,。\s]{1,10}(?:伐|吗|么|对伐|对吗|对勿对|对不对)[？?]?$")


def asks_about_the_report_just_filed(text: str) -> bool:
    """"我勿留电话 伊拉哪能告诉我结果", "我选的是急啊，怎么要到25号才办结？": a question about how the report just
    filed goes on, not a new report."""
    asked = says("question", text) or any(says("question", p.strip()) for p in re.split(r"(?<=[？?！!。，,\s])", text or ""))
    return asked and (_ABOUT_THE_OUTCOME.search(text or "") is not None or says("service_privacy", text)
                      or says("asks_for_helpers", text)) \
        and not says("supplement", text) and not _ANOTHER_TOO.search(text or "")


# "隔壁楼下水道也堵了": another thing wrong too, a report of its own
_ANOTHER_TOO = re.compile(r"也(?:坏|堵|漏|不亮|勿亮|没人|断|塌|臭|破|掉|歪|堆)")


def asks_when_it_was_reported(text: str) -> bool:
    """"啥辰光报的", "谁报的": about the need just shown, in so few words that only a card makes sense of them."""
    return content_chars(text) <= 8 and re.search(r"谁报|啥人报|哪个报|(?:什么时候|啥辰光|几时|哪天|啥时候)(?:报|反映|登记)的",
                                                  text or "") is not None


def asks_about_its_reporter(text: str) -> bool:
    """"电话多少", "啥辰光报的", "物业费乱收格条，电话有伐": about who reported the need just shown (or named), or when."""
    return content_chars(text) <= 14 and not re.search(r"\d{5,}", text or "") \
        and any(_ITS_REPORTER.search(c) for c in re.split(r"[，,。？?！!\s]+", text or ""))


def about_an_item(text: str) -> bool:
    """The words ask where one need stands in the project catalog (its tier, its resources)."""
    return _ABOUT_AN_ITEM.search(text or "") is not None


# "按维度分一下", "按类型分分", "按社区排一下": the figure just given, split; "第二条…有人对接伐": an item listed
_SPLIT_ONLY = re.compile(r"^(?:那|再|帮我|麻烦)?(?:按|分)(?:各)?(?:个)?(?:类型|类别|维度|方面|七个方面|镇|村|社区|村社区|村（社区）)"
                         r"(?:来)?(?:分|统计|排|列|算)?(?:分|一下|下|一分|排|一排)?(?:看|看看)?[吧呢呀。？?！!]*$")
_ITEM_NUMBERED = re.compile(r"第[一二三四五六七八九十\d]{1,3}(?:条|个|项|件)")


def splits_the_last_answer(text: str) -> bool:
    return _SPLIT_ONLY.match(re.sub(r"\s+", "", text or "")) is not None


# "详细点", "具体一点讲讲": the last answer in more detail
_IN_DETAIL = re.compile(r"^(?:再|麻烦|帮我)?(?:详细|具体|细)(?:点|一点|些|一些)(?:讲讲|说说|看看)?(?:呢|吧|呀|啊)?[。？?！!]*$")


# "迭4条是啥物事，列出来看看", "这几条是啥": the items the last figure counted, listed
_THOSE_COUNTED = re.compile(r"^(?:格|迭|搿|那|这)(?:[两三四五六七八九十\d]+|几)(?:条|个|件|项)(?:需求|项目)?(?:是|到底是)?"
                            r"(?:啥|什么|啥物事|啥事体|啥事情|哪些)?(?:事|物事)?[，,。\s]*(?:列出来|列一列|列一下|具体)?"
                            r"(?:看看|讲讲|说说)?[。？?！!]*$")


def asks_for_more_detail(text: str) -> bool:
    plain = re.sub(r"\s+", "", text or "")
    return _IN_DETAIL.match(plain) is not None or _THOSE_COUNTED.match(plain) is not None


def asks_about_this_item(text: str) -> bool:
    """"这条是先治理还是待治理": a follow-up about the item just shown, whatever the classifier said (faq)."""
    return about_an_item(text) and (_THIS_ITEM.search(text or "") is not None or _ITEM_NUMBERED.search(text or "") is not None)


def misread_follow_up(intent: str, text: str, names_something: bool) -> bool:
    """A follow-up names what it changes (a place, a period, a type) or asks again in its own words ("那…呢",
    "换成…", "其中…几条"); the model's follow_up for anything else ("阿拉又来哉", "我又来了") is a misreading."""
    return intent == "follow_up" and not names_something and not says("follow_up", text)


UNSURE_FLOOR = 0.3  # below this a reading is a guess: the resident is asked to say it again


def unsure_reading(ranking: list[tuple[str, float]], text: str, names_something: bool) -> str | None:
    """When the classifiers disagree and neither is sure (nlu_fallback), the best-ranked reading that keeps its
    own words ("阿拉又来哉": not_solved without a word of "still not solved", so the greeting ranked next), or
    None to ask back."""
    for intent, score in ranking:
        if score < UNSURE_FLOOR:
            return None
        if intent != "nlu_fallback" and not misread_follow_up(intent, text, names_something) \
                and not lacks_its_words(intent, text):
            return intent
    return None


_LIST_OF_COUNTED = re.compile(r"(?:\d+|[两三四五六七八九十几]+)(?:条|个|件|项)[^，,。]{0,6}(?:列出来|列一下|列下|发我|发给我|给我看|都是啥|是哪几)|"
                              r"把[^，,。]{0,12}(?:需求|项目|资源|诉求)[^，,。]{0,4}(?:列出来|列一下|发我|发给我)")


def misread_figure_question(intent: str, text: str, names_a_place: bool = False) -> str | None:
    """The figure intent of a question the classifier took for something else, or None:
    - for a general question about the plan (faq): "本镇代治理项目有哪几个", "海塘社区还有几个项目没资源对接的"
      ask for a count or a list in a scope (a scope word, or a place the tagger found);
    - for a change to the registry: "涂松村列入试点了伐" asks, and a question never changes the registry."""
    from bot.cadres.commands import is_question
    from bot.cadres.questions import CATALOG_INTENT, PILOT_INTENT, guess_intent

    if intent == "update_registry" and is_question(text):
        return guess_intent(text) or PILOT_INTENT
    if intent in ("correct", "deny") and (is_question(text) or _ASKED_AGAIN.match(text)) and content_chars(text) >= 4:
        return guess_intent(text)  # "闸北社区是勿是试点", "勿对，我问没有试点的": asked, nothing put right
    if intent in ("inform", "report_need") and _LIST_OF_COUNTED.search(text):
        return guess_intent(text) or CATALOG_INTENT  # "把虹桥村急的6条列出来": the needs counted a moment ago, listed
    if intent == "faq" and _SPLIT_OF_A_LIST.search(text) and not says("definition", text):
        # "资源按类型分": a catalog split, not how the plan works
        return CATALOG_INTENT if re.search(r"资源|需求|项目|治理", text) else guess_intent(text) or PILOT_INTENT
    if intent in ("out_of_scope", "faq", "correct", "deny") and _HOW_COUNTED.search(text or ""):
        return guess_intent(text) or CATALOG_INTENT  # "办结率42.6%是怎么算的": the figure again, with how it is counted
    scoped = names_a_place or says("figures_scope", text)
    if intent == "faq" and asks_for_counted_items(text, names_a_place):
        return guess_intent(text) or CATALOG_INTENT  # "万丰村那两条待治理的具体是什么": those items, not a definition
    if intent != "faq" or says("definition", text) or not (says("figures_count", text) and scoped):
        return None
    return guess_intent(text)


# How a figure of the catalogs is counted, the figure named: "办结率42.6%是怎么算的", "覆盖率哪能算个"
_HOW_COUNTED = re.compile(r"(?:率|满意度|覆盖|先治理|待治理)[^，,。？?]{0,12}(?:怎么算|咋算|哪能算|怎样算|如何算|怎么计算|如何计算|"
                          r"怎么来的|哪能来个|怎么统计|咋统计|算法|口径)")
_ASKED_AGAIN = re.compile(r"^(?:勿对|不对|不是|勿是)?[，,\s]*我(?:是)?(?:想)?问(?:的是)?")


def asks_for_counted_items(text: str, names_a_place: bool) -> bool:
    """"万丰村那两条待治理的具体是什么": the items a figure counted, asked for in a scope or by what they are."""
    return _ITEMS_ASKED.search(text or "") is not None and (
        names_a_place or says("figures_scope", text) or _COUNTED_THING.search(text or "") is not None)


_ITEMS_ASKED = re.compile(r"哪[两三四五六七八九十\d]+[条个项件]|(?:格|迭|搿|那|这)?[两三四五六七八九十\d]+(?:条|个|项|件)[^，,。？?]{0,8}"
                          r"(?:是啥|是什么|啥物事|啥事体|啥事情|具体|内容|列一列|列一下)")
_COUNTED_THING = re.compile(r"需求|项目|治理|重办|超期|急|资源|试点|没办结|未办结")
_SPLIT_OF_A_LIST = re.compile(r"(?:资源|需求|项目|试点|先治理|待治理)[^，,。？?]{0,6}(?:按(?:各)?(?:类型|类别|维度|镇|村|社区)(?:来)?"
                              r"(?:分|统计|排|列)|分别(?:多少|几))")
_PROGRAMME = re.compile(r"试点|覆盖率|复盖率|分类|先治理|待治理|需求目录|资源清单|项目目录|八种类型|几种类型|达标")


def misread_programme_question(intent: str, text: str) -> str | None:
    """A question about the programme the model took for a report ("我们社区能不能申请试点 咋申请",
    "我们跟浮桥比 哪个覆盖率高"): the figures it asks for, else a question about the plan (faq); None for a
    report, or for words that plainly report a problem."""
    from bot.cadres.commands import is_question
    from bot.cadres.questions import guess_intent

    if intent != "report_need" or not _PROGRAMME.search(text or "") or plainly_reports(text):
        return None
    if not (says("question", text) or is_question(text) or _ASKING.search(text)):
        return None
    figures = says("figures_count", text) or _FIGURES_ASKED.search(text)
    return (guess_intent(text) if figures else None) or "faq"


_ASKING = re.compile(r"咋|如何|怎样|能不能|可不可以|哪个|哪些|几个|多少|是不是|有没有")
# compared, or asked yes or no ("哪个覆盖率高", "是不是试点", "达标没"): figures, not how the plan works
_FIGURES_ASKED = re.compile(r"哪个.{0,6}(?:高|低|多|少|快|慢)|比一下|比比|对比|是不是|是否|阿是|达标")


WHEN_DONE_CHARS = 12  # "啥辰光来修": a question of its own; longer, the words may report something new


def asks_when_done(intent: str, text: str) -> bool:
    """"啥辰光来修", "什么时候能修好" read as chatter, a general answer or a guess: a question about the
    resident's report (its status and time limit), unless the words report a problem."""
    if not says("when_done", text) or plainly_reports(text):
        return False
    if intent == "report_need":  # "桥栏杆个事体啥辰光来修", "今天能有人来看看吗": about the matter already told
        named = _MATTER_NAMED.search(text) is not None and content_chars(text) <= 2 * WHEN_DONE_CHARS
        return named or (content_chars(text) <= WHEN_DONE_CHARS and PROBLEM.search(text) is None)
    # "格么到底啥辰光有人来修 夜里真格危险": the question with a word of why it matters, no report of its own
    return intent in ("out_of_scope", "nlu_fallback", "faq", "goodbye", "thank") and content_chars(text) <= 2 * WHEN_DONE_CHARS


_WANTS_TO_REPORT = re.compile(r"^(?:我|伲|阿拉|我们|侬好|你好|您好|\s)*(?:想|要|来|还想|还要|再)(?:反映|报|提|讲|说)(?:个|一个|一下|件|桩|两个|几个)?"
                              r"(?:事|事体|事情|问题|情况|意见)?[啊呀哦吧哉了。！!～~\s]*$")


def only_wants_to_report(text: str) -> bool:
    """"我想反映个事体": a report about to start, nothing asked about an earlier one."""
    return _WANTS_TO_REPORT.match((text or "").strip()) is not None


_FIXED = re.compile(r"(?:修|弄|搞|处理|整|换|装|补|铺|填|通|疏通)(?:好|完|掉|脱)(?:了|哉|啦|勒)|解决(?:了|哉|啦)|"
                    r"(?:重新|又)?开门(?:了|哉|啦)|(?<![不勿没])(?:亮|通)(?:了|哉|啦)|清(?:掉|走|干净|爽)(?:了|哉|啦)|(?:运|拖|搬)走(?:了|哉|啦)")


def tells_it_is_solved(intent: str, text: str) -> bool:
    """"修好了，谢谢侬", "阅览室昨天重新开门了": a matter said to be solved, whatever courtesy the classifier heard; the
    words are for the report about it."""
    return intent in ("thank", "affirm", "goodbye", "greet", "inform", "report_need") and says_it_is_fixed(text)


def says_it_is_fixed(text: str) -> bool:
    """"路灯修好了", "阅览室重新开门了", "垃圾清掉了": done, in so many words; not asked, not still wrong."""
    return _FIXED.search(text or "") is not None and not says("question", text) and not says("unsolved", text)


def misread_status(intent: str, text: str) -> bool:
    """"伲刚刚报个河浜死鱼 有人来看过伐": a report named as made earlier and asked after, read as a new report."""
    return intent == "report_need" and says("status", text) and not says("unsolved", text)


_MATTER_NAMED = re.compile(r"(?:个|格|的|那个|迭个|那桩|迭桩)(?:事体|事情|事)|那件事|这件事")


def adds_to_filed_report(text: str) -> bool:
    """"给刚刚报的XQ000602加点情况 …", "XQ000611 补充一下 …": words for a report already filed, named as such
    (a detail sent mid-form without naming an earlier report is a detail of the open one)."""
    return says("supplement", text) and (says("own_earlier", text) or _OPENS_WITH_SUPPLEMENT.match(text or "") is not None)


def gives_a_new_phone(text: str) -> bool:
    """"我电话换号了 新号是13912345678": a number for the reports already filed (mid-form, the form takes it)."""
    return says("phone_change", text) and _phone(text, "need_form") is not None


_OPENS_WITH_SUPPLEMENT = re.compile(r"^(?:再|还要|还想|我想|我要|我再|伲再|阿拉再|另外)?(?:补充|加一句|加两句|加点情况|讲一句|说一句)")


_SUPPLEMENT_PREAMBLE = re.compile(
    r"^.{0,24}?(?:补充|加一句|加两句|加点情况|加个情况|加点内容|忘记讲|忘了说|忘记说|漏讲|漏说|再讲一句|再说一句|再加一条|加一条|"
    r"再补一条|补一条|再补一句|补一句|再加一样|再加一点|加一点)"
    r"(?:一下|一句|两句|一条|一点|点|个)?(?:了|哉)?(?:情况|内容)?(?:进去|上去)?(?:到|给|进)?[：:，,。\s]*")


def said_beside_resuming(text: str) -> str:
    """"哦不 还是报吧 实在吃勿消了 每天半夜两三点还在叫": what is said beside taking a withdrawn report up again
    (a detail of it), or "" when nothing is."""
    rest = _signals()["resume_report"].sub(" ", text or "")
    rest = detail_words(re.sub(r"^[\s，,]*(?:(?:嗯|哦|噢|哦不|不对|算了|想想|我想想|再想想)[\s，,]*)*(?:(?:我|伲|阿拉)(?=[\s，,]))?[\s，,]*(?=\S{2})", "", rest)
                        .strip(" ，,。"))
    return rest if content_chars(rest) >= 4 else ""


def supplement_words(text: str) -> str:
    """The words to add, without what says they are an addition ("XQ000611 补充一下 被圈的地方是7组晒谷场")."""
    words = _SUPPLEMENT_PREAMBLE.sub("", (text or "").strip(), count=1)
    words = re.sub(r"(?:XQ|xq|Xq)\s*\d{3,}", "", words).strip(" ，,。：:")
    return words if content_chars(words) >= 4 else ""


def opening_kind(text: str) -> str | None:
    """"offer" when the words offer help, "request" when they ask for it, else None (the classifier decides)."""
    switch = switches_to(text)
    if switch:
        return "request" if switch == "report_need" else "offer"  # "我想帮忙 不对 其实我是想反映个事情"
    if says("request", text):
        return "request"  # "想有人教教", "有没有人能…": asking, even when a helping verb follows
    return "offer" if says("offer", text) else None


_NUMBER_OF_AN_OFFER = re.compile(r"(?i)zy\s*\d{3,}")
_ABOUT_A_NUMBER = re.compile(r"电话|联系|手机|号码|谁|啥人|哪个|是啥|情况|怎么样|哪能|匹配|对上|在伐|还在")


def asks_about_a_listed_offer(text: str) -> bool:
    """"ZY000061 这个护士电话给我下": a question about an offer by its number (its card), never a new offer."""
    return bool(_NUMBER_OF_AN_OFFER.search(text or "")) and bool(_ABOUT_A_NUMBER.search(text or "")) \
        and not _CHANGES_AN_OFFER.search(text or "")


# Words that change a listed offer ("ZY… 时间改成…", "ZY… 撤脱伊") rather than ask about it
_CHANGES_AN_OFFER = re.compile(r"改|换成|撤|取消|删|再加|加一|补充|扩大|放大")


# "下一步重点抓啥", "工作从哪里入手": a cadre asking what to take up first (never a resident's next step)
_NEXT_WORK = re.compile(r"重点抓|先抓|抓啥|抓什么|抓哪|工作建议|怎么推进|从哪里?入手|短板|薄弱|下一步.{0,4}(?:重点|工作|抓)")


def asks_for_next_steps(text: str) -> bool:
    return bool(_NEXT_WORK.search(text or ""))


def asks_to_say_again(text: str) -> bool:
    """"侬讲啥", "听勿懂": the last question not understood."""
    return says("service_pardon", (text or "").strip())


def asks_if_a_person_answers(text: str) -> bool:
    """"侬是真人还是机器人": asked who answers, with no person asked for in the rest of the message."""
    clauses = clause_split(text)
    asked = [c for c in clauses if says("service_robot", c)]
    return bool(asked) and not any(says("handoff", c) for c in clauses if c not in asked)


def asks_which_needs_fit(text: str) -> bool:
    """"有没有人需要帮忙的 哪里缺人": someone willing to help asks where help is needed (never a report)."""
    return says("asks_for_needs", text) and not _FOR_ME.search(text or "")


_FOR_ME = re.compile(r"(?:帮|替|给)(?:我|伲|阿拉)(?!们?(?:社区|村|小区))|(?:我|伲|阿拉)(?:屋里|家里|家)")


def switches_to(text: str) -> str | None:
    """The intent of a message saying the speaker is in the wrong form: "我不是提供帮助 是反映问题" reports,
    "勿是来报事体个 其实是想出份力" offers; None for any other message."""
    if says("to_report", text):
        return "report_need"
    if says("to_offer", text):
        return "offer_resource"
    return None


COURTESIES = ("thank", "greet", "goodbye")
_THANKS = re.compile(r"谢谢(侬|你|您|你们|了)?|多谢|感谢|麻烦(侬|你|您)?了?|辛苦(侬|你|您)?了?|再见|拜拜")


def question_after_courtesy(intent: str, text: str) -> bool:
    """"谢谢侬 要钞票伐": thanks (or a greeting) said with a question; the question is what needs an answer."""
    if intent not in COURTESIES:
        return False
    rest = _PHATIC.sub("，", _THANKS.sub("，", _signals()["greeting"].sub("，", text or "")))
    return any(says("question", c) and content_chars(c) >= 2 for c in clause_split(rest))


# Checking the line is open ("喂喂 听得到吗"): part of the greeting, no question to answer
_PHATIC = re.compile(r"(?:听|看)得?(?:到|见|清)(?:吗|伐|不|没)?|收到(?:吗|伐|没)?|能听到(?:吗|伐)?|"
                     r"还?在(?:上班|值班|线|不在)?(?:伐|吗|不|没)|有人(?:值班|在)?(?:伐|吗)|有空(?:伐|吗|不|没)")


FAQ_ASIDE_CONFIDENCE = 0.5  # with a question said in words, a lower bar than a bare classifier's guess
ASIDE_CONTEXT_CHARS = 8  # "我是小本生意" beside a question is context; more is a detail to keep


def _answers_beside_the_question(text: str, state: State, places: Places) -> bool:
    """"蛮急个 修要收钞票伐": the open question answered in a clause of its own beside the question."""
    if state.asked and state.asked == FORMS.get(state.form or "", FormFields("", "", "", {})).confirm:
        return any(says("confirm", c) for c in clause_split(text) if not says("question", c))  # "提交 会勿会…"
    if state.asked not in (*CLOSED_CHOICES, "urgency", *PHONE_FIELDS):
        return False  # a name or a time may be any words: a question's own clause would pass for one
    return any(value_for(state.asked, c, state.form or "", places) is not None
               for c in clause_split(text) if not says("question", c))


def asks_about_the_service(message: Message) -> bool:
    """A question about the service asked while a form waits for an answer ("你们这个登记要收管理费伐 我是小本
    生意", "你们是哪个部门的"): never the answer to the open question, never a name or a description."""
    text = message.text or ""
    if message.intent != "faq" or message.confidence < FAQ_ASIDE_CONFIDENCE or plainly_reports(text):
        return False
    clauses = clause_split(text)
    asking = [c for c in clauses if says("question", c)]
    if not asking:
        return False
    return sum(content_chars(c) for c in clauses if c not in asking) < ASIDE_CONTEXT_CHARS


_SWITCH_TAIL = re.compile(r"(?:是|其实|而是)([^是]*)$")
_SWITCH_WORDS = re.compile(r"反映|问题|提要求|要求|投诉|事情|事体|求助|帮忙|出力|出份力|提供|帮助|志愿者|想|要|来|个|一下|登记")


def carried_over(text: str, said_before: str | None) -> str | None:
    """What the other form takes from a switch ("勿是我出力呀 是想请社区办学习班"): the words said before it in
    the form it leaves, and what the switch itself adds ("想请社区办学习班"); None when neither says anything."""
    tail = _SWITCH_TAIL.search(text or "")
    added = tail.group(1).strip(" ，,。!！") if tail else ""
    if content_chars(_SWITCH_WORDS.sub("", added)) < 3:
        added = ""
    kept = "，".join(part for part in ((said_before or "").strip(), added) if part)
    return kept or None


def withdraws_an_offer(text: str) -> bool:
    """"下个月开始没空了，先停一停": words of taking one's offer off the list, and no job to be done named beside
    them ("门口违建要撤掉", "路灯停一停又亮" are reports), unless the job is their own offer ("阿拉登记个剃头先停一停")."""
    found = _signals()["withdraw_offer"].search(text or "")
    if not found or PROBLEM.search(text[:found.start()] + text[found.end():]):
        return False
    if re.search(r"(?:我|伲|阿拉|我们)(?:就|也|还是|真个)?$", text[:found.start()]):
        return True  # "伲儿子叫我勿要爬高落低 我勿做了": what they themselves stop doing, whatever job is named
    return not required(text) or bool(_signals()["own_offer"].search(text))
