"""A cadre's short chat command for one community: 南园社区定为老街巷社区, 新塘村设为试点."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.periods import parse_period
from bot.places import Gazetteer
from bot.vocab.community_types import find_type

_PILOT = r"试点|试典|事点"
_REMOVE = (r"取消|撤销|撤掉|撤脱|不再|退出|移出|去掉|删除|删掉|拿掉|除名|剔除|(?:不|勿|弗|覅)(?:是|当|做|搞|要)(?:个)?(?:试点|试典|事点)|"
           r"(?:试点|试典|事点)(?:先)?(?:不要|勿要|覅|弗要|不用|勿用)")
# "只定类型", "光改类型": the pilot status left as it is, whatever is said of it
_TYPE_ONLY = re.compile(r"(?:只|光|就|仅)(?:定|改|设|登记)(?:个)?类型")


_QUESTION = re.compile(r"[?？]|[吗嘛呢伐哇]$|了(?:没有|没|勿曾)$|是不是|是勿是|是弗是|有没有|有勿有|阿是|算不算|算勿算|是否|几个|多少|哪些|哪个|什么|啥|还是|哪天|"
                       r"哪一天|哪年|几时|何时|多久|啥辰光|几号|几条|几件|几家|几户|几位|列一下|列出来|名单|清单|"
                       r"咋样|怎么样|哪能|如何|几化|只看|排一下|月报|周报|季报|总结一下|小结|汇总|简报|"
                       r"按(?:各)?(?:镇|村|社区|村社区|维度|类别|类型|急难愁盼|紧急程度)(?:来)?(?:分|统计|排|列)")
_COMMAND_VERB = re.compile(r"设为|设成|定为|定成|列入|列为|纳入|加入|加进|移出|取消|撤销|改为|改成|归为|归类为|登记为|登记成|"
                           r"标为|标成|划为|划到|调整为|录入为|不再是|不当|拿掉|去掉")


def looks_like_command(text: str) -> bool:
    """A registry command whatever the classifier said: a change verb, or a place and a type, no question."""
    plain = re.sub(r"\s+", "", text or "")
    return not is_question(plain) and bool(_COMMAND_VERB.search(plain) or find_type(plain))


def orders_a_change(text: str) -> bool:
    """"把黄桥村定为传统乡村": a change said with its verb, never a follow-up to the last figure."""
    plain = re.sub(r"\s+", "", text or "")
    return not is_question(plain) and bool(_COMMAND_VERB.search(plain))


def is_question(text: str) -> bool:
    """A question about the registry must never change it, whatever the classifier thought."""
    return bool(_QUESTION.search(re.sub(r"\s+", "", text or "")))


@dataclass(frozen=True)
class RegistryCommand:
    community: str | None  # official name
    ambiguous: tuple[str, ...]
    community_type: str | None
    pilot: bool | None  # None: the command says nothing about pilots
    effective_on: date


def read_command(text: str, gazetteer: Gazetteer, today: date) -> RegistryCommand:
    plain = re.sub(r"\s+", "", text or "")
    resolution = gazetteer.resolve(plain)
    community, ambiguous = None, ()
    if resolution.status == "found" or (resolution.status == "suggest" and len(resolution.candidates) == 1):
        # a single suggestion (南圆社区) is safe here: the preview names it in full before anything is written
        community = (resolution.community or resolution.candidates[0]).name
    elif resolution.status in ("ambiguous", "suggest"):
        ambiguous = tuple(c.name for c in resolution.candidates)
    pilot = None
    if re.search(_PILOT, plain) and not _TYPE_ONLY.search(plain):
        pilot = not re.search(_REMOVE, plain)
    period = parse_period(plain, today)
    effective = today
    if period is not None:
        effective = period.start if period.start and not period.is_point else period.as_of
    return RegistryCommand(community, ambiguous, find_type(plain), pilot, effective)
