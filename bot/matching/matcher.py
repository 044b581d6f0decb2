"""Matching needs with resources, in memory, on plain values.

A resource reaches a need in the same community, the same town (a town-wide offer) or anywhere (a citywide
one). Within reach, a proposal is
- strong (有依据) when the resource offers a capability the need requires (bot/data/capabilities.yml): only a
  strong or a cadre-confirmed match makes a need a priority project (先治理);
- weak (可能相关) when only the resource's type fits the need's dimension (bot/data/resources.yml), in the same
  community or, beyond it, with content words in common: shown to cadres as a suggestion, never counted.
Strong proposals rank before weak ones; then the same community, the same town, the city; within a level, the
more the texts share, the higher. Every proposal carries the reasons it was made.

Candidates come from indexes (place and type buckets, keyword postings), never from a scan of
all resources for every need, so the cost grows with the catalog, not with needs × resources.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from bot.matching import capabilities
from bot.vocab.resources import compatibility

LEVELS = ("community", "town", "city")
# Levels dominate: any same-community proposal outranks any same-town one, which outranks any
# citywide one (similarity adds at most 150 within a level).
LEVEL_WEIGHT = {"community": 3000, "town": 2000, "city": 1000}
LEVEL_WORDS = {"community": "同一村（社区）", "town": "同一镇（区）", "city": "全市都可服务"}
STRONG_WEIGHT = 10000  # any strong proposal outranks any weak one
STRENGTH_WORDS = {"strong": "有依据", "weak": "可能相关"}
# The words both texts share are the resident's own: a reason names them for cadres in scope only.
SHARED_WORDS = "共同关键词"
# Words that name who is helped, not what with: shared alone they do not make a match.
GENERIC_WORDS = frozenset("老人 老年人 居民 村民 孩子 小孩 大家 家里 服务 帮助 活动 问题 免费 社区 志愿者".split())
MAX_PER_NEED = 3
MAX_PER_BUCKET = 200  # needs read for one new resource
MAX_PER_KEYWORD = 20  # postings read for one keyword: enough for the best few, bounded as the catalog grows
MAX_WEAK_PER_LEVEL = 60  # weak candidates scored at one level: bounded however dense the catalog


class _Tagged:
    """Capabilities and kinds of help, read once from an item's keywords (score() reads them for every pair)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "abilities", capabilities.of(self.keywords))
        object.__setattr__(self, "kinds", capabilities.of(self.keywords, capabilities.KIND_TAG))


@dataclass(frozen=True)
class NeedItem(_Tagged):
    id: int
    community_id: int
    town_id: int
    category: str
    keywords: frozenset[str]
    abilities: frozenset[str] = field(init=False, repr=False, compare=False)
    kinds: frozenset[str] = field(init=False, repr=False, compare=False)


@dataclass(frozen=True)
class ResourceItem(_Tagged):
    id: int
    scope: str
    community_id: int | None
    town_id: int | None
    resource_type: str
    keywords: frozenset[str]
    abilities: frozenset[str] = field(init=False, repr=False, compare=False)
    kinds: frozenset[str] = field(init=False, repr=False, compare=False)


def evidence(need: NeedItem, resource: ResourceItem) -> frozenset[str]:
    """The capabilities required and offered, when the kinds of help are not at odds."""
    if need.abilities.isdisjoint(resource.abilities):
        return frozenset()  # the common case, decided without a call
    return capabilities.evidence(need.abilities, resource.abilities, need.kinds, resource.kinds)


@dataclass(frozen=True)
class Proposal:
    need_id: int
    resource_id: int
    score: int
    level: str
    reason: str
    strength: str = "weak"


def reach(need: NeedItem, resource: ResourceItem) -> str | None:
    """The level at which the resource reaches the need, or None."""
    if resource.scope == "community" and resource.community_id == need.community_id:
        return "community"
    if resource.scope == "town" and resource.town_id == need.town_id:
        return "town"
    if resource.scope == "city":
        return "city"
    return None


def score(need: NeedItem, resource: ResourceItem) -> tuple[int, str, frozenset[str]] | None:
    """Score, level and shared words (capability tags included) of a pair, or None when the resource cannot
    serve the need. A pair sharing a capability tag is strong.

    Kept free of string building: the full run calls it for every candidate pair.
    """
    level = reach(need, resource)
    if level is None:
        return None
    shared = need.keywords & resource.keywords
    strong = bool(evidence(need, resource))
    if not strong:
        if resource.resource_type not in _serving_types(need.category):
            return None
        if level != "community" and not {w for w in shared - GENERIC_WORDS if not capabilities.is_tag(w)}:
            return None  # beyond the community, "老人" alone does not make a fridge repair a first-aid course
    union = len(need.keywords) + len(resource.keywords) - len(shared)
    similarity = round(100 * len(shared) / union) if union else 0
    value = LEVEL_WEIGHT[level] + similarity + 10 * min(len(shared), 5) + (STRONG_WEIGHT if strong else 0)
    return value, level, shared


def propose(need: NeedItem, resource: ResourceItem) -> Proposal | None:
    """The proposal of this resource for this need, with its reasons, or None."""
    scored = score(need, resource)
    return _proposal(need, resource, scored) if scored else None


def _proposal(need: NeedItem, resource: ResourceItem, scored: tuple[int, str, frozenset[str]]) -> Proposal:
    value, level, shared = scored
    abilities = evidence(need, resource)
    strength = "strong" if abilities else "weak"
    reasons = [STRENGTH_WORDS[strength], LEVEL_WORDS[level]]
    if abilities:
        reasons.append("能力相符：" + "、".join(sorted(abilities)))
    if resource.resource_type in _serving_types(need.category):
        reasons.append(f"类别相符：{need.category}←{resource.resource_type}")
    words = sorted(w for w in shared if not capabilities.is_tag(w))
    if words:
        reasons.append(f"{SHARED_WORDS}：" + "、".join(words))
    return Proposal(need.id, resource.id, value, level, "；".join(reasons), strength)


def public_reason(reason: str) -> str:
    """A stored reason without the words taken from the resident's text: the strength, the level, the
    capabilities and the fit of types stay, so the public still sees why a resource was proposed."""
    return "；".join(part for part in reason.split("；") if not part.startswith(f"{SHARED_WORDS}："))


@lru_cache(maxsize=16)
def _serving_types(category: str) -> frozenset[str]:
    return frozenset(compatibility().get(category, ()))


def best(proposals: Iterable[Proposal], limit: int = MAX_PER_NEED) -> list[Proposal]:
    return sorted(proposals, key=lambda p: (-p.score, p.resource_id))[:limit]


class ResourceIndex:
    """Resources by (level, place, type), with keyword postings inside each bucket."""

    def __init__(self, resources: Iterable[ResourceItem]) -> None:
        self.buckets: dict[tuple, list[ResourceItem]] = defaultdict(list)
        self.postings: dict[tuple, list[ResourceItem]] = defaultdict(list)
        self.capable: dict[tuple, list[ResourceItem]] = defaultdict(list)  # (level, place, capability tag), any type
        for resource in resources:
            self.add(resource)

    @staticmethod
    def _key(resource: ResourceItem) -> tuple:
        place = {"community": resource.community_id, "town": resource.town_id, "city": None}[resource.scope]
        return resource.scope, place, resource.resource_type

    def add(self, resource: ResourceItem) -> None:
        key = self._key(resource)
        self.buckets[key].append(resource)
        for word in capabilities.searchable(resource.keywords):
            self.postings[(key, word)].append(resource)
            if word.startswith(capabilities.TAG):
                self.capable[(*key[:2], word)].append(resource)

    def best_for(self, need: NeedItem) -> list[Proposal]:
        """The best proposals for a need, reading only the buckets that can still make the cut.

        Strong proposals outrank weak ones and nearer levels outrank farther ones, so the capability postings
        are read level by level until MAX_PER_NEED strong proposals are found, and the weak candidates only
        when fewer were, again level by level until the list is full. Every read is bounded (MAX_PER_KEYWORD,
        MAX_WEAK_PER_LEVEL), so the cost of one need does not grow with the catalog.
        """
        places = {"community": need.community_id, "town": need.town_id, "city": None}
        tags = [w for w in need.keywords if w.startswith(capabilities.TAG)]
        chosen: dict[int, tuple] = {}
        strong = 0
        for level in LEVELS if tags else ():
            for tag in tags:
                for resource in self.capable.get((level, places[level], tag), ())[:MAX_PER_KEYWORD]:
                    strong += self._consider(need, resource, chosen)
            if strong >= MAX_PER_NEED:
                return self._best(need, chosen)
        words = capabilities.searchable(need.keywords)
        for level in LEVELS:
            budget = MAX_WEAK_PER_LEVEL  # the best few weak ones are among the first read: words rank little
            for key in ((level, places[level], t) for t in compatibility().get(need.category, ())):
                found = [r for w in words for r in self.postings.get((key, w), ())[:MAX_PER_KEYWORD]]
                if level == "community":  # here a fit qualifies without a shared word
                    found += self.buckets.get(key, ())[:MAX_PER_NEED]
                for resource in found[:budget]:
                    self._consider(need, resource, chosen)
                budget -= min(budget, len(found))
            if len(chosen) >= MAX_PER_NEED:
                break
        return self._best(need, chosen)

    @staticmethod
    def _consider(need: NeedItem, resource: ResourceItem, chosen: dict[int, tuple]) -> int:
        """Score a candidate once; 1 if it is a new strong proposal."""
        if resource.id in chosen:
            return 0
        scored = score(need, resource)
        chosen[resource.id] = (-scored[0], resource.id, resource, scored) if scored else None
        return int(scored is not None and scored[0] >= STRONG_WEIGHT)

    @staticmethod
    def _best(need: NeedItem, chosen: dict[int, tuple]) -> list[Proposal]:
        top = heapq.nsmallest(MAX_PER_NEED, (c for c in chosen.values() if c is not None))
        return [_proposal(need, resource, scored) for _, _, resource, scored in top]


class NeedIndex:
    """Open needs by community and by (town, keyword) and (keyword), for one new resource."""

    def __init__(self, needs: Iterable[NeedItem]) -> None:
        self.by_community: dict[int, list[NeedItem]] = defaultdict(list)
        self.by_town_word: dict[tuple, list[NeedItem]] = defaultdict(list)
        self.by_word: dict[str, list[NeedItem]] = defaultdict(list)
        for need in needs:
            self.by_community[need.community_id].append(need)
            for word in capabilities.searchable(need.keywords):
                self.by_town_word[(need.town_id, word)].append(need)
                self.by_word[word].append(need)

    def candidates(self, resource: ResourceItem) -> Iterable[NeedItem]:
        if resource.scope == "community":
            return self.by_community.get(resource.community_id, ())
        lists = (
            (self.by_town_word.get((resource.town_id, w), ()) for w in capabilities.searchable(resource.keywords))
            if resource.scope == "town"
            else (self.by_word.get(w, ()) for w in capabilities.searchable(resource.keywords))
        )
        unique: dict[int, NeedItem] = {}
        for postings in lists:
            for need in postings[:MAX_PER_BUCKET]:
                unique.setdefault(need.id, need)
        return unique.values()


def match_all(needs: Iterable[NeedItem], resources: Iterable[ResourceItem]) -> list[Proposal]:
    """The best proposals for every need (at most MAX_PER_NEED each)."""
    index = ResourceIndex(resources)
    result: list[Proposal] = []
    for need in needs:
        result.extend(index.best_for(need))
    return result


def needs_for(resource: ResourceItem, index: NeedIndex, limit: int = 20) -> list[Proposal]:
    """The needs a new resource can serve, best first."""
    proposals = (propose(need, resource) for need in index.candidates(resource))
    return best((p for p in proposals if p is not None), limit)
