"""A cadre's short chat command for one community: 南园社区定为老街巷社区, 新塘村设为试点."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.periods import parse_period
from bot.places import Gazetteer
from bot.registry.types import find_type

_PILOT = r"试点|试典|事点"
_REMOVE = r"取消|撤销|撤掉|不再|退出|移出|去掉|删除|删掉|拿掉|除名|不是试点|不当试点|不做试点|不搞试点|剔除"


_QUESTION = re.compile(r"[?？]|[吗嘛呢伐哇]$|是不是|有没有|阿是|算不算|是否|几个|多少|哪些|哪个|什么|啥|还是")


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
    if resolution.status == "found":
        community = resolution.community.name
    elif resolution.status in ("ambiguous", "suggest"):
        ambiguous = tuple(c.name for c in resolution.candidates)
    pilot = None
    if re.search(_PILOT, plain):
        pilot = not re.search(_REMOVE, plain)
    period = parse_period(plain, today)
    effective = today
    if period is not None:
        effective = period.start if period.start and not period.is_point else period.as_of
    return RegistryCommand(community, ambiguous, find_type(plain), pilot, effective)
