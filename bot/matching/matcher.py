"""Matching needs with resources, in memory, on plain values.

A resource can serve a need when
- it reaches the need's place: the same community, the same town, or the whole city;
- its type fits the need's dimension (the compatibility table in bot/data/resources.yml);
- and, beyond the need's own community, the two texts share at least one keyword.
The same community ranks first, then the same town, then the city; within a level, the more
the texts share, the higher. Every proposal carries the reasons it was made.

Candidates come from indexes (place and type buckets, keyword postings), never from a scan of
all resources for every need, so the cost grows with the catalog, not with needs × resources.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from bot.resources.vocabulary import compatibility

LEVELS = ("community", "town", "city")
# Levels dominate: any same-community proposal outranks any same-town one, which outranks any
# citywide one (similarity adds at most 150 within a level).
LEVEL_WEIGHT = {"community": 3000, "town": 2000, "city": 1000}
LEVEL_WORDS = {"community": "同一村（社区）", "town": "同一镇（区）", "city": "全市都可服务"}
# Words that name who is helped, not what with: shared alone they do not make a match.
GENERIC_WORDS = frozenset("老人 老年人 居民 村民 孩子 小孩 大家 家里 服务 帮助 活动 问题 免费 社区 志愿者".split())
MAX_PER_NEED = 3
MAX_PER_BUCKET = 200  # needs read for one new resource
MAX_PER_KEYWORD = 20  # postings read for one keyword: enough for the best few, bounded as the catalog grows


@dataclass(frozen=True)
class NeedItem:
    id: int
    community_id: int
    town_id: int
    category: str
    keywords: frozenset[str]


@dataclass(frozen=True)
class ResourceItem:
    id: int
    scope: str
    community_id: int | None
    town_id: int | None
    resource_type: str
    keywords: frozenset[str]


@dataclass(frozen=True)
class Proposal:
    need_id: int
    resource_id: int
    score: int
    level: str
    reason: str


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
    """Score, level and shared words of a pair, or None when the resource cannot serve the need.

    Kept free of string building: the full run calls it for every candidate pair.
    """
    if resource.resource_type not in _serving_types(need.category):
        return None
    level = reach(need, resource)
    if level is None:
        return None
    shared = need.keywords & resource.keywords
    if level != "community" and not shared - GENERIC_WORDS:
        return None  # beyond the community, "老人" alone does not make a fridge repair a first-aid course
    union = len(need.keywords) + len(resource.keywords) - len(shared)
    similarity = round(100 * len(shared) / union) if union else 0
    return LEVEL_WEIGHT[level] + similarity + 10 * min(len(shared), 5), level, shared


def propose(need: NeedItem, resource: ResourceItem) -> Proposal | None:
    """The proposal of this resource for this need, with its reasons, or None."""
    scored = score(need, resource)
    return _proposal(need, resource, scored) if scored else None


def _proposal(need: NeedItem, resource: ResourceItem, scored: tuple[int, str, frozenset[str]]) -> Proposal:
    value, level, shared = scored
    reasons = [LEVEL_WORDS[level], f"类别相符：{need.category}←{resource.resource_type}"]
    if shared:
        reasons.append("共同关键词：" + "、".join(sorted(shared)))
    return Proposal(need.id, resource.id, value, level, "；".join(reasons))


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
        for resource in resources:
            self.add(resource)

    @staticmethod
    def _key(resource: ResourceItem) -> tuple:
        place = {"community": resource.community_id, "town": resource.town_id, "city": None}[resource.scope]
        return resource.scope, place, resource.resource_type

    def add(self, resource: ResourceItem) -> None:
        key = self._key(resource)
        self.buckets[key].append(resource)
        for word in resource.keywords:
            self.postings[(key, word)].append(resource)

    def best_for(self, need: NeedItem) -> list[Proposal]:
        """The best proposals for a need, reading only the buckets that can still make the cut.

        Levels dominate, so once the need's own community gives MAX_PER_NEED proposals the town
        and the city cannot change the result and are not read.
        """
        chosen: list[Proposal] = []
        places = {"community": need.community_id, "town": need.town_id, "city": None}
        for level in LEVELS:
            found: dict[int, ResourceItem] = {}
            for resource_type in compatibility().get(need.category, ()):
                key = (level, places[level], resource_type)
                for word in need.keywords:
                    for resource in self.postings.get((key, word), ())[:MAX_PER_KEYWORD]:
                        found[resource.id] = resource
                if level == "community":  # here a resource qualifies without a shared word
                    for resource in self.buckets.get(key, ())[:MAX_PER_NEED]:
                        found[resource.id] = resource
            for resource in found.values():
                scored = score(need, resource)
                if scored is not None:
                    chosen.append((-scored[0], resource.id, resource, scored))
            if len(chosen) >= MAX_PER_NEED:
                break
        return [_proposal(need, resource, scored) for _, _, resource, scored in heapq.nsmallest(MAX_PER_NEED, chosen)]


class NeedIndex:
    """Open needs by community and by (town, keyword) and (keyword), for one new resource."""

    def __init__(self, needs: Iterable[NeedItem]) -> None:
        self.by_community: dict[int, list[NeedItem]] = defaultdict(list)
        self.by_town_word: dict[tuple, list[NeedItem]] = defaultdict(list)
        self.by_word: dict[str, list[NeedItem]] = defaultdict(list)
        for need in needs:
            self.by_community[need.community_id].append(need)
            for word in need.keywords:
                self.by_town_word[(need.town_id, word)].append(need)
                self.by_word[word].append(need)

    def candidates(self, resource: ResourceItem) -> Iterable[NeedItem]:
        if resource.scope == "community":
            return self.by_community.get(resource.community_id, ())
        lists = (
            (self.by_town_word.get((resource.town_id, w), ()) for w in resource.keywords)
            if resource.scope == "town"
            else (self.by_word.get(w, ()) for w in resource.keywords)
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
