"""Personal names said among other words: "名字就三个字 周月琴", "周月琴是我名字", "勿对 是陆建纲 纲领格纲"."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

_DATA = Path(__file__).resolve().parent.parent / "data" / "surnames.yml"

# Characters that end or frame a name rather than belong to it: particles, the words around a name said
# ("是我名字", "侬记对了伐", "就三个字"), and titles ("周老师" is a way to address, not a full name).
_NOT_IN_A_NAME = set("是我的了没吧伐呢啊呀哦格个额哉就也都还要写改成名字叫姓侬记对错勿不覅弗有只三两个人称呼全号码电话手机村镇区苑"
                     "这那啥什么里边吗么在和跟与及或到去来做帮教修给把被让请谢好行可以")
_TITLES = re.compile(r"园长|校长|站长|所长|院长|科长|处长|局长|老师|师傅|阿姨|医生|律师|经理|主任|队长|会长|老板|书记|大伯|伯伯|阿婆|阿爷|叔叔|大姐|阿姐|大哥|阿哥|先生|女士|同志")
# "公共卫生科张慧敏": a department said just before the name ends there
_UNIT_ENDS = set("科室部处组院站所办队班")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=1)
def _surnames() -> tuple[frozenset[str], tuple[str, ...]]:
    data = yaml.safe_load(_DATA.read_text(encoding="utf-8"))
    return frozenset(re.sub(r"\s", "", data["single"])), tuple(data["double"])


def _name_at(text: str, start: int) -> str | None:
    """The full name beginning at start (a surname and one or two given characters), or None."""
    single, double = _surnames()
    surname = next((d for d in double if text.startswith(d, start)), None) or (
        text[start] if text[start] in single else None)
    if surname is None:
        return None
    given_at = start + len(surname)
    given = ""
    while len(given) < 2 and given_at + len(given) < len(text):
        char = text[given_at + len(given)]
        if not _CJK.match(char) or char in _NOT_IN_A_NAME:
            break
        given += char
    name = surname + given
    if not given or _TITLES.search(name) or len(name) < 2:
        return None
    after = text[given_at + len(given):given_at + len(given) + 1]
    if after and _CJK.match(after) and after not in _NOT_IN_A_NAME:
        return None  # "周月琴家" would run on: the name does not end here
    return name


# Who someone is to the speaker, said right before their name: "我老太婆徐秀英", "阿拉老头子陆福根"
_KIN = ("老太婆", "老头子", "老伴", "老婆", "老公", "爱人", "儿子", "女儿", "媳妇", "太太", "先生", "阿姐", "阿哥", "妹妹", "弟弟")


# "店长顾红梅", "队长徐建国": a post said right before the name
_TITLE_BEFORE = re.compile(r"(?:店长|组长|班长|领队|队长|经理|主任|书记|会长|站长|院长|园长|校长|老板|老板娘|负责人)$")
_PLACE_AFTER = re.compile(r"区|镇|小区|新村|苑|路|街|弄")


def full_names_in(text: str) -> list[str]:
    """Every full name standing alone or framed by naming words in the text, in order."""
    found: list[str] = []
    for at in range(len(text)):
        before = text[at - 1] if at else ""
        if before and _CJK.match(before) and before not in _NOT_IN_A_NAME and before not in _UNIT_ENDS \
                and not text[:at].endswith(_KIN) and not _TITLE_BEFORE.search(text[:at]):
            continue  # inside a word: "小周月琴" is no name beginning at 周 ("我老太婆徐秀英" names her)
        name = _name_at(text, at)
        if name and _PLACE_AFTER.match(text, at + len(name)):
            continue  # "岳王社区": the start of a place's name, no person's
        if name and name not in found and len(name) >= 3:
            found.append(name)
    return found


def full_name_in(text: str) -> str | None:
    """The one full name (three characters, or a double surname and more) the text gives, else None."""
    names = full_names_in(text)
    return names[0] if len(names) == 1 else None


def begins_like_a_name(name: str) -> bool:
    """"顾", "沈国平", "小周", "老沈": a surname first, or 小/老/阿 and a surname; "排班", "护士" begin with none."""
    single, double = _surnames()
    bare = name[1:] if len(name) > 1 and name[0] in "小老阿" else name
    return bool(bare) and (bare[0] in single or bare.startswith(double))
