"""Whether two residents' reports are about the same problem (附议), on plain text.

Two reports are the same problem when they read alike by sound (syllable pairs, so 后头/后面 after the synonyms
and homophone typos still meet, with a little more when they require the same jobs), and name neither different
jobs (capabilities), nor different faults (坏了 vs 太贵), nor different spots: 3号楼 and 5幢, 1单元 and 2单元,
东门 and 西门 are different problems however alike the words. SAME_ENOUGH and SAME_JOB_BONUS were chosen on
bench/dev/duplicate_pairs.yml; bench/heldout/ measures them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from bot.matching import capabilities

SAME_ENOUGH = 0.3  # similarity (0..1) at which a report is offered as the same problem, with its spot agreeing
RIDING_FAULTS = frozenset({"安全隐患", "没人管"})  # faults said beside what is wrong (很危险, 没人修)
SAME_JOB_BONUS = 0.1  # added when both require exactly the same capabilities (half when they share some)
_NUMERALS = {c: str(i) for i, c in enumerate("零一二三四五六七八九")} | {"两": "2", "十": "10"}
# A numbered spot: building, unit, floor, door, group (号楼 after the synonyms turn 幢/栋 into it).
_SPOT = re.compile(r"(\d+|[零一二两三四五六七八九十廿]+)\s*(号楼|幢|栋|号|单元|楼|层|组|室|排|弄)")
_BUILDING = re.compile(r"(\d+|[零一二两三四五六七八九十廿]+)\s*(?:号楼|幢|栋)")  # one way of writing a building
_SIDE = re.compile(r"([东南西北])\s*(门|面|边|侧|头|角|大门|区)")
_DOOR = re.compile(r"([前后正侧])\s*(?:门|大门)")  # 前门 and 后门 of one school are two spots
_SYLLABLE = re.compile(r"^[a-z]+$")
# Function characters every sentence has (的, 了, 很, …): alike in any two reports, so not compared.
_PARTICLES = re.compile(r"[的了吗呢吧啊呀哦很也都就还又在是有个着过得地么啦嘛伐格个]")


@dataclass(frozen=True)
class Reading:
    """What the comparison needs of one report, read once."""

    grams: Counter
    jobs: frozenset[str]
    faults: frozenset[str]
    spots: frozenset[tuple[str, str]]
    sides: frozenset[str]


def read(text: str, places: Iterable[str] = ()) -> Reading:
    """places: the names of the community and its town, which every report from there may say and which say
    nothing about the problem."""
    for place in sorted(places, key=len, reverse=True):
        text = (text or "").replace(place, " ")
    text = _BUILDING.sub(lambda m: f"{_number(m.group(1))}号楼", capabilities.normalized(text or ""))
    sounds = [s for s in capabilities.syllables(_PARTICLES.sub("", text)) if _SYLLABLE.match(s)]
    grams = Counter(sounds) + Counter(zip(sounds, sounds[1:], strict=False))
    return Reading(grams, capabilities.required(text), capabilities.faults(text), _spots(text),
                   frozenset(m[0] for m in _SIDE.findall(text)) | frozenset(_DOOR.findall(text)))


def _spots(text: str) -> frozenset[tuple[str, str]]:
    kinds = {"号楼": "楼", "幢": "楼", "栋": "楼", "号": "楼", "楼": "层"}
    return frozenset((_number(n), kinds.get(kind, kind)) for n, kind in _SPOT.findall(text))


def _number(word: str) -> str:
    if word.isdigit():
        return str(int(word))
    word = word.replace("廿", "二十")  # 廿三幢: twenty-three, as Wu speakers write it
    if word.startswith("十"):
        word = "一" + word
    digits = [_NUMERALS.get(c, "") for c in word if c != "十"]
    value = "".join(digits)
    if "十" in word and len(digits) == 1:
        value += "0"
    return value


def similarity(first: Reading, second: Reading) -> float:
    """Cosine of the two reports' syllables and syllable pairs."""
    shared = sum(count * second.grams[gram] for gram, count in first.grams.items() if gram in second.grams)
    norm = math.sqrt(sum(c * c for c in first.grams.values()) * sum(c * c for c in second.grams.values()))
    return shared / norm if norm else 0.0


def different_spot(first: Reading, second: Reading) -> bool:
    """Both name a spot of the same kind (building, unit, side) and the spots differ."""
    for kind in {k for _, k in first.spots} & {k for _, k in second.spots}:
        if {n for n, k in first.spots if k == kind}.isdisjoint({n for n, k in second.spots if k == kind}):
            return True
    return bool(first.sides and second.sides and first.sides.isdisjoint(second.sides))


def same_problem(first: Reading, second: Reading) -> float:
    """The similarity when the two can be the same problem, else 0."""
    if (_differ(first.jobs, second.jobs) or _differ(_what_is_wrong(first), _what_is_wrong(second))
            or different_spot(first, second)):
        return 0.0
    bonus = SAME_JOB_BONUS if first.jobs and first.jobs == second.jobs else SAME_JOB_BONUS / 2 if first.jobs & second.jobs else 0
    return similarity(first, second) + bonus


def _what_is_wrong(reading: Reading) -> frozenset[str]:
    """The faults a report names, without those said beside another ("井盖坏了很危险" is broken, not a hazard
    apart from "井盖被偷了很危险")."""
    own = reading.faults - RIDING_FAULTS
    return own or reading.faults


def _differ(first: frozenset[str], second: frozenset[str]) -> bool:
    """Both say something, and nothing in common."""
    return bool(first and second and first.isdisjoint(second))
