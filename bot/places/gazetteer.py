"""Taicang's towns and communities, and how people name them.

Built from the NBS 2023 division table (see ../shared/data/SOURCES.md). The gazetteer knows
every community by its official committee name (新塘村委会), the name people use (新塘村) and the
bare stem (新塘), and resolves what a resident typed into exactly one community, a short list to
choose from, or a suggestion for a typo.
"""

from __future__ import annotations

import csv
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pypinyin import lazy_pinyin, load_phrases_dict

from bot.places.aliases import PLACE_READINGS, TOWN_ALIASES

# Endings of the official committee names, longest first, and the kind they mark.
_OFFICIAL_ENDINGS = (
    ("社区居民委员会", "社区"),
    ("社区居委会", "社区"),
    ("村民委员会", "村"),
    ("村委会", "村"),
)
_COMMUNITY_FORMS = {
    "社区": ("{stem}社区居委会", "{stem}社区居民委员会", "{stem}居委会", "{stem}社区"),
    "村": ("{stem}村委会", "{stem}村民委员会", "{stem}村委", "{stem}村"),
}
_NEGATED = re.compile(r"(?:不是|勿是|弗是|并非|而非|而不是|覅写|不要写|别写成?)(?:那个|这个|格|个|迭个)?[\s,，（(]*$")
_DENIED_AFTER = re.compile(r"(?:村|社区)?(?:勿对|不对|弗对|错了|讲错|写错|弄错|搞错|说错)")
_NOISE = re.compile(r"[\s,，。.!！?？、；;:：~～\"'“”‘’()（）\[\]【】<>《》…·\-—_/\\|]+")


@dataclass(frozen=True)
class Town:
    code: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Community:
    code: str
    name: str  # official committee name, e.g. 新塘村委会
    stem: str  # 新塘
    kind: str  # 村 or 社区
    town: str  # official town name, e.g. 浏河镇

    @property
    def common_name(self) -> str:
        """What people call it: 新塘村, 南园社区."""
        return f"{self.stem}{self.kind}"

    @property
    def label(self) -> str:
        """Town and common name, for replies: 浏河镇新塘村."""
        return f"{self.town}{self.common_name}"

    def forms(self) -> tuple[str, ...]:
        return tuple(form.format(stem=self.stem) for form in _COMMUNITY_FORMS[self.kind])


@dataclass(frozen=True)
class Resolution:
    """What a resident's words say about the place.

    status is one of: found (community set), ambiguous (candidates to choose from),
    suggest (candidates that look like a typo of what was typed), town_only (town set, no
    community), not_found. unlisted: with town_only, a village or community was named that the town
    does not have (沙溪镇印溪社区): say so rather than guess one elsewhere.
    """

    status: str
    community: Community | None = None
    candidates: tuple[Community, ...] = ()
    town: Town | None = None
    unlisted: bool = False


@dataclass(frozen=True)
class Mention:
    """A place named in a text: span, label (town or community) and official name."""

    start: int
    end: int
    text: str
    label: str
    official: str | None  # None when the name belongs to several communities


@dataclass
class Gazetteer:
    towns: tuple[Town, ...]
    communities: tuple[Community, ...]
    # Bare stems that are also everyday words (胜利, 朝阳, 绿化): taken only as a whole answer.
    common_stems: frozenset[str] = frozenset()
    # Everyday words a bare stem's first character ends ("水泥" for 泥桥): "水泥桥" names no 泥桥村.
    words_into_stems: frozenset[str] = frozenset()
    _by_official: dict[str, Community] = field(init=False, repr=False)
    _town_by_name: dict[str, Town] = field(init=False, repr=False)
    _alias_index: dict[str, tuple[str, tuple[str, ...]]] = field(init=False, repr=False)
    _longest_first: list[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_official = {c.name: c for c in self.communities}
        self._town_by_name = {}
        for town in self.towns:
            for name in (town.name, *town.aliases):
                self._town_by_name[name] = town
        self._alias_index = self._build_alias_index()
        self._longest_first = sorted(self._alias_index, key=len, reverse=True)

    # -- construction -------------------------------------------------------------------
    @classmethod
    def from_csv(cls, path: str | Path, common_stems: Iterable[str] = (),
                 words_into_stems: Iterable[str] = ()) -> Gazetteer:
        towns: dict[str, Town] = {}
        communities = []
        with open(path, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                town_name = row["town_name"].strip()
                if town_name not in towns:
                    towns[town_name] = Town(
                        code=row["town_code"].strip(),
                        name=town_name,
                        aliases=tuple(TOWN_ALIASES.get(town_name, ())),
                    )
                stem, kind = split_official_name(row["name"].strip())
                communities.append(
                    Community(
                        code=row["code"].strip(),
                        name=row["name"].strip(),
                        stem=stem,
                        kind=kind,
                        town=town_name,
                    )
                )
        return cls(towns=tuple(towns.values()), communities=tuple(communities), common_stems=frozenset(common_stems),
                   words_into_stems=frozenset(words_into_stems))

    def _build_alias_index(self) -> dict[str, tuple[str, tuple[str, ...]]]:
        """alias -> (label, official names). Several names under one alias mean ambiguity."""
        index: dict[str, tuple[str, list[str]]] = {}
        for community in self.communities:
            for alias in (*community.forms(), community.stem):
                label, names = index.setdefault(alias, ("community", []))
                names.append(community.name)
        for name, town in self._town_by_name.items():
            # A town's own name wins over a community stem that spells the same (浮桥).
            index[name] = ("town", [town.name])
        return {alias: (label, tuple(names)) for alias, (label, names) in index.items()}

    # -- look-ups -----------------------------------------------------------------------
    def community(self, official_name: str) -> Community | None:
        return self._by_official.get(official_name)

    def town(self, name: str) -> Town | None:
        return self._town_by_name.get(name)

    def communities_in(self, town_name: str) -> tuple[Community, ...]:
        return tuple(c for c in self.communities if c.town == town_name)

    def ambiguous_stems(self) -> dict[str, tuple[Community, ...]]:
        """Bare names that belong to more than one community (新塘 → 新塘社区, 新塘村)."""
        groups: dict[str, list[Community]] = {}
        for community in self.communities:
            groups.setdefault(community.stem, []).append(community)
        return {stem: tuple(group) for stem, group in groups.items() if len(group) > 1}

    def aliases(self) -> Iterable[tuple[str, str, tuple[str, ...]]]:
        """Every alias with its label and the official names it may mean."""
        for alias, (label, names) in self._alias_index.items():
            yield alias, label, names

    # -- reading a text -----------------------------------------------------------------
    def mentions(self, text: str) -> list[Mention]:
        """Places named in text, longest alias first, without overlaps."""
        found: list[Mention] = []
        taken = [False] * len(text)
        whole = _NOISE.sub("", text).rstrip("的")
        for alias in self._longest_first:
            if alias in self.common_stems and alias != whole:
                continue
            start = text.find(alias)
            while start != -1:
                end = start + len(alias)
                inside_a_word = len(alias) == 2 and start > 0 and text[start - 1:start + 1] in self.words_into_stems
                if not any(taken[start:end]) and not inside_a_word:
                    label, names = self._alias_index[alias]
                    official = names[0] if len(names) == 1 else None
                    found.append(Mention(start, end, alias, label, official))
                    for i in range(start, end):
                        taken[i] = True
                start = text.find(alias, end)
        # "时思村（不是时思社区）": a place said not to be meant is no mention of it
        found = [m for m in found if not _NEGATED.search(text[max(0, m.start - 6):m.start])
                 and not _DENIED_AFTER.match(text, m.end)]  # "印北勿对，是洪泾村"
        return sorted(found, key=lambda m: m.start)

    def resolve(self, text: str, town: str | None = None, answering: bool = False) -> Resolution:
        """Resolve what a resident said about their place into one community if possible.

        answering: the text answers "which community?", so a bare name that is both a town
        and a community stem (浮桥) means the community.
        """
        cleaned = _NOISE.sub("", text or "")
        if not cleaned:
            return Resolution("not_found")
        mentions = self.mentions(cleaned)
        town_obj = self._town_in(mentions) or (self.town(town) if town else None)
        candidates = self._community_candidates(mentions)
        if candidates:
            return self._narrow(candidates, town_obj)
        if answering:
            same_stem = self._communities_named_like_town(mentions)
            if len(same_stem) == 1:
                return Resolution("suggest", candidates=same_stem, town=town_obj)
            if same_stem:
                return Resolution("ambiguous", candidates=same_stem, town=town_obj)
        begun = self._begun_with(text, town_obj)
        if begun:  # "浏河镇 浏什么村": the places of that town whose names begin so
            return Resolution("suggest", candidates=begun, town=town_obj)
        fuzzy = self._fuzzy_candidates(cleaned, mentions)
        named_town = self._town_in(mentions)
        town_obj = town_obj or (self._fuzzy_town(cleaned) if fuzzy else None)  # "福桥镇的西京社区": 浮桥镇 by its sound
        if fuzzy:
            narrowed = [c for c in fuzzy if town_obj is None or c.town == town_obj.name]
            if narrowed or named_town is None:
                return Resolution("suggest", candidates=tuple(narrowed or fuzzy), town=town_obj)
        if town_obj is not None:
            # the town said in these words, a community named that it does not have: not one of another town
            unlisted = named_town is not None and _names_a_community(cleaned, mentions)
            return Resolution("town_only", town=town_obj, unlisted=unlisted)
        fuzzy_town = self._fuzzy_town(cleaned)
        if fuzzy_town is not None:
            return Resolution("town_only", town=fuzzy_town)
        return Resolution("not_found")

    def _town_in(self, mentions: list[Mention]) -> Town | None:
        for mention in mentions:
            if mention.label == "town":
                return self.town(mention.official or "")
        return None

    def _communities_named_like_town(self, mentions: list[Mention]) -> tuple[Community, ...]:
        stems = {m.text for m in mentions if m.label == "town"}
        return tuple(c for c in self.communities if c.stem in stems)

    def _community_candidates(self, mentions: list[Mention]) -> list[Community]:
        named = [self._alias_index[m.text][1] for m in mentions if m.label == "community"]
        candidates: list[Community] = []
        for names in sorted(named, key=len):  # a place named in full first
            if len(names) > 1 and any(self._by_official[n] in candidates for n in names):
                continue  # "新塘村（村委会那个新塘）": the bare 新塘 is the 新塘村 already named
            candidates.extend(self._by_official[n] for n in names if self._by_official[n] not in candidates)
        return candidates

    @staticmethod
    def _narrow(candidates: list[Community], town: Town | None) -> Resolution:
        if town is not None:
            in_town = [c for c in candidates if c.town == town.name]
            if not in_town:
                # 浏河镇南园社区: 南园 is in 城厢镇, so ask rather than guess which half is wrong.
                return Resolution("suggest", candidates=tuple(candidates), town=town)
            candidates = in_town
        if len(candidates) == 1:
            return Resolution("found", community=candidates[0], town=town)
        return Resolution("ambiguous", candidates=tuple(candidates), town=town)

    def _begun_with(self, cleaned: str, town: Town | None) -> tuple[Community, ...]:
        """"浏什么村", "叫啥浏…村", "村名第一个字是浏": a name half remembered by its first character."""
        said = _FIRST_CHARACTER.search(re.sub(r"\s+", "", cleaned or ""))
        if said is None:
            return ()
        first, kind = said.group("first") or said.group("first2"), said.group("kind")
        found = tuple(c for c in self.communities if c.stem.startswith(first) and (not kind or c.kind == kind)
                      and (town is None or c.town == town.name))
        return found if 0 < len(found) <= MAX_BEGUN else ()

    def _fuzzy_candidates(self, cleaned: str, mentions: list[Mention]) -> list[Community]:
        """Communities whose names sound or look like what was typed (新堂村 → 新塘村)."""
        remainder = cleaned
        for mention in mentions:
            remainder = remainder.replace(mention.text, " ")
        pieces = _place_like_pieces(remainder)
        best: list[Community] = []
        best_score = 0.0
        for piece in pieces:
            for community in self.communities:
                score = _similarity(piece, community)
                if score > best_score + 1e-9:
                    best, best_score = [community], score
                elif abs(score - best_score) < 1e-9 and score > 0 and community not in best:
                    best.append(community)
        return best if best_score >= 0.75 else []

    def _fuzzy_town(self, cleaned: str) -> Town | None:
        spoken = _pinyin(cleaned)
        for name, town in self._town_by_name.items():
            if len(name) >= 2 and _pinyin(name) in spoken:
                return town
        return None


MAX_BEGUN = 4  # more places than this begin with the character: too many to offer
_FIRST_CHARACTER = re.compile(r"(?<![叫是个])(?P<first>[\u4e00-\u9fff])(?:什么|啥个|啥|某|…+|\.{2,}|x+|X+)(?P<kind>村|社区)"
                              r"|(?:第一个字|头一个字)(?:好像|大概|应该)?(?:也)?(?:是|叫)(?P<first2>[\u4e00-\u9fff])")


def split_official_name(official: str) -> tuple[str, str]:
    """新塘村委会 → (新塘, 村); 海塘社区居民委员会 → (海塘, 社区)."""
    for ending, kind in _OFFICIAL_ENDINGS:
        if official.endswith(ending):
            return official[: -len(ending)], kind
    raise ValueError(f"not a committee name: {official}")


def _names_a_community(cleaned: str, mentions: list[Mention]) -> bool:
    """Words ending in 村 or 社区 beside the town (印溪社区 of 沙溪镇印溪社区, 璜泾社区 of 璜泾镇璜泾社区)."""
    remainder = cleaned
    for mention in mentions:
        if mention.label == "town" and mention.text == mention.official:  # 璜泾镇, not the 璜泾 of 璜泾社区
            remainder = remainder.replace(mention.text, " ")
    return re.search(r"[\u4e00-\u9fff](?:村|社区)", remainder) is not None


def _place_like_pieces(text: str) -> list[str]:
    """Candidate place words in free text: the 2 to 4 characters before each 村/社区 with that
    ending (刘河新堂村 gives 新堂村, 河新堂村, 刘河新堂村), or the whole text when it is short."""
    pieces = []
    for match in re.finditer(r"村|社区", text):
        for size in (2, 3, 4):
            start = match.start() - size
            stem = text[max(start, 0):match.start()]
            if start >= 0 and re.fullmatch(r"[\u4e00-\u9fff]+", stem):
                pieces.append(stem + match.group(0))
    compact = text.replace(" ", "")
    if 2 <= len(compact) <= 8:
        pieces.append(compact)
    return pieces


def _similarity(piece: str, community: Community) -> float:
    best = 0.0
    for name in (community.common_name, community.stem):
        if len(name) < 2:
            continue
        if _pinyin(piece) == _pinyin(name):
            return 1.0  # a homophone: voice input and pinyin typing produce these
        best = max(best, difflib.SequenceMatcher(None, piece, name).ratio())
    return best


load_phrases_dict(PLACE_READINGS, style="normal")  # read as said there, before any name is read


@lru_cache(maxsize=4096)
def _pinyin(text: str) -> str:
    return "".join(lazy_pinyin(text))


_ORDINALS = {"1": 0, "一": 0, "第一": 0, "2": 1, "二": 1, "两": 1, "第二": 1, "3": 2, "三": 2, "第三": 2}


def choose_option(text: str, options: list[Community]) -> Community | None:
    """Which of the offered communities an answer picks: by number, by kind, or by name."""
    answer = _NOISE.sub("", text or "")
    if not answer or not options:
        return None
    named = [c for c in options if c.common_name in answer or c.name in answer]
    if len(named) == 1:
        return named[0]
    for word, index in _ORDINALS.items():
        if answer in (word, f"{word}个", f"第{word}个", f"选{word}") and index < len(options):
            return options[index]
    kind = "社区" if ("社区" in answer or "居委" in answer) else "村" if "村" in answer else None
    by_kind = [c for c in options if c.kind == kind]
    return by_kind[0] if len(by_kind) == 1 else None
