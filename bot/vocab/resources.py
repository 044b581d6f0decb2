"""Resource types, provider types and the need-resource compatibility table."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

_DATA = Path(__file__).resolve().parent.parent / "data" / "resources.yml"

# How an organisation's name ends ("农商银行浏河支行", "璜泾宣卷队", "老杨家常菜馆"): a name without one is a person's.
ORGANISATION_SUFFIXES = ("有限公司", "公司", "协会", "商会", "团委", "支部", "支行", "分行", "银行", "学校", "中学", "小学",
                         "幼儿园", "医院", "卫生院", "超市", "中心", "服务队", "志愿队", "队", "社", "站", "所", "厂", "店",
                         "药房", "机构", "工会", "委员会", "联合会", "菜馆", "饭馆", "面馆", "餐厅", "酒家", "饭店",
                         "驾校", "宣卷班", "班子", "剧团", "艺术团", "合唱团", "书场", "诊所", "工作室",
                         "物流", "快递", "集团", "实业", "物业", "小吃", "小吃店", "餐馆", "排档")
# Words that make a shown name an organisation's, wherever they stand ("宣卷班子", "老杨家常菜", "湖川桥社区广场舞队").
_ORGANISATION_WORDS = re.compile("|".join((*ORGANISATION_SUFFIXES, "班", "团", "家常菜", "馆", "社区", "村", "物流", "机械", "科技",
                                           "电器", "五金", "装饰", "餐饮", "传媒", "物业", "诊所", "工作室", "集团", "实业")))
# The person an organisation's name names: "（周老板娘）", "队长钱美华", "老板杨卫东".
_PERSON_IN_NAME = re.compile(r"(?<=[（(])[^（）()]+(?=[）)])|(?:队长|老板娘|老板|负责人|联系人|会长|领班|班主|店主|经理)(?:是|叫)?"
                             r"[\u4e00-\u9fff]{1,3}$")


def looks_like_organisation(name: str) -> bool:
    """A name that says it is an organisation's ("阿芳家常菜馆（周老板娘）"), not a person's ("杨卫东")."""
    head = re.split(r"[（(\s]", name or "", maxsplit=1)[0]
    return len(head) >= 5 or bool(_ORGANISATION_WORDS.search(head))  # a person's name is two to four characters


def people_in_organisation_name(name: str) -> list[tuple[int, int]]:
    """Where the people an organisation's name names stand in it, to be masked."""
    return [match.span() for match in _PERSON_IN_NAME.finditer(name or "")]


@dataclass(frozen=True)
class Term:
    name: str
    english: str
    button: str
    strong: tuple[str, ...]
    keywords: tuple[str, ...]
    kind: str = ""  # person or organisation, for provider types


@lru_cache(maxsize=1)
def _raw() -> dict:
    return yaml.safe_load(_DATA.read_text(encoding="utf-8"))


def _terms(section: str) -> tuple[Term, ...]:
    return tuple(
        Term(name=name, english=spec["english"], button=spec["button"], strong=tuple(spec.get("strong", ())),
             keywords=tuple(spec.get("keywords", ())), kind=spec.get("kind", ""))
        for name, spec in _raw()[section].items()
    )


@lru_cache(maxsize=1)
def resource_types() -> tuple[Term, ...]:
    return _terms("resource_types")


@lru_cache(maxsize=1)
def provider_types() -> tuple[Term, ...]:
    return _terms("provider_types")


@lru_cache(maxsize=1)
def compatibility() -> dict[str, tuple[str, ...]]:
    """need dimension → resource types that can serve it."""
    return {category: tuple(types) for category, types in _raw()["compatibility"].items()}


def serves(category: str, resource_type: str) -> bool:
    return resource_type in compatibility().get(category, ())


def _scores(terms: tuple[Term, ...], text: str) -> list[tuple[str, int]]:
    """Each term's score in the text (a strong word counts two), highest first, zero scores left out."""
    scores = {term.name: 2 * sum(w in text for w in term.strong) + sum(w in text for w in term.keywords)
              for term in terms}
    return sorted(((name, score) for name, score in scores.items() if score), key=lambda item: item[1], reverse=True)


def _best(terms: tuple[Term, ...], text: str) -> str | None:
    ranked = _scores(terms, text)
    if not ranked:
        return None
    return None if len(ranked) > 1 and ranked[0][1] == ranked[1][1] else ranked[0][0]


# A resource type is taken from the volunteer's words only when they name it plainly: a strong word
# or two keywords, and nothing close for another type. Otherwise the volunteer picks (likeliest first).
SURE_SCORE = 2


def infer_resource_type(text: str) -> str | None:
    ranked = _scores(resource_types(), text or "")
    if not ranked or ranked[0][1] < SURE_SCORE:
        return None
    second = ranked[1][1] if len(ranked) > 1 else 0
    return ranked[0][0] if ranked[0][1] - second >= SURE_SCORE else None


def likeliest_resource_types(text: str) -> list[str]:
    """Every type, those the words point to first (the order of the buttons)."""
    ranked = [name for name, _ in _scores(resource_types(), text or "")]
    return ranked + [t.name for t in resource_types() if t.name not in ranked]


def resembles_a_resource(text: str) -> bool:
    """Any word of any resource type: enough to take a short message as an offer's description."""
    return bool(_scores(resource_types(), text or ""))


# "我是小学老师", "我在医院上班": one person speaking of their work, not the school or the hospital offering
_ONE_PERSON_AT_WORK = re.compile(r"(?<![们])我(?:是|在)[^，,。；;\s]{0,8}?(?:老师|教师|医生|护士|律师|电工|师傅|厨师|会计|"
                                 r"工程师|社工|上班|工作|做事)")
_SPEAKING_FOR_A_UNIT = re.compile(r"我们|伲|阿拉|单位|公司|我司|本店|我店")
PERSON_AT_WORK = "社区能人"


def infer_provider_type(text: str) -> str | None:
    if _ONE_PERSON_AT_WORK.search(text or "") and not _SPEAKING_FOR_A_UNIT.search(text or ""):
        return PERSON_AT_WORK
    return _best(provider_types(), text or "")


def _normalize(terms: tuple[Term, ...], text: str | None) -> str | None:
    value = (text or "").strip()
    for term in terms:
        if value in (term.name, term.button, term.english):
            return term.name
    named = [t.name for t in terms if _names(t, value)]
    return named[0] if len(named) == 1 else None


def _names(term: Term, value: str) -> bool:
    """A typed answer naming a choice: by its name, its name without 社区 ("社会组织"), its button's words
    ("算有一技之长的居民吧"), or, for an organisation, an example its button gives in brackets (队、协会、社团:
    "南园腰鼓队")."""
    label = re.sub(r"（.*?）", "", term.button)
    short = term.name[2:] if term.name.startswith("社区") and len(term.name) > 4 else term.name
    if any(form and form in value for form in (term.name, short, label)):
        return True
    if term.kind != "organisation":
        return False  # a resource type's examples (打扫、帮忙) are words of any offer, not a choice named
    examples = re.split(r"[、，,]", "".join(re.findall(r"（(.*?)）", term.button)))
    return any(re.search(rf"[\u4e00-\u9fff]{re.escape(e)}(?!长)", value) if len(e) == 1 else e in value
               for e in examples if e)


def normalize_resource_type(text: str | None) -> str | None:
    return _normalize(resource_types(), text) or _best(resource_types(), text or "")  # an answer: the best reading


def normalize_provider_type(text: str | None) -> str | None:
    return _normalize(provider_types(), text) or infer_provider_type(text or "")


def individual_type(text: str) -> str | None:
    """The person type taken for someone offering on their own ("我是个人"), or None when the words say no such thing."""
    individual = _raw()["individual"]
    return individual["taken_as"] if any(word in (text or "") for word in individual["words"]) else None


def provider_kind(provider_type: str) -> str:
    return next((t.kind for t in provider_types() if t.name == provider_type), "person")
