"""The matcher on plain values: reach, compatibility, ranking, reasons, and its indexes."""

import random

import pytest

from bot.matching.matcher import (
    MAX_PER_NEED,
    NeedIndex,
    NeedItem,
    ResourceItem,
    best,
    match_all,
    needs_for,
    propose,
)
from bot.vocab.resources import compatibility, serves

NEED = NeedItem(1, community_id=10, town_id=1, category="社区服务供给", keywords=frozenset({"老人", "血压"}))


def resource(rid, scope, community_id=None, town_id=None, resource_type="智力", words=("老人", "血压")):
    return ResourceItem(rid, scope, community_id, town_id, resource_type, frozenset(words))


def test_every_dimension_can_be_served_by_some_resource_types():
    table = compatibility()
    assert set(table) == {"基层组织建设", "基层群众自治", "基础设施提升", "人居环境整治", "多元文化融合", "社区服务供给", "物业管理监督"}
    assert all(table.values())
    assert serves("社区服务供给", "人力") and serves("社区服务供给", "智力")
    assert serves("人居环境整治", "物力") and serves("多元文化融合", "文化")
    assert not serves("多元文化融合", "物力")


def test_same_community_ranks_before_same_town_before_city():
    proposals = best([
        propose(NEED, resource(3, "city")),
        propose(NEED, resource(2, "town", town_id=1)),
        propose(NEED, resource(1, "community", community_id=10)),
    ])
    assert [p.resource_id for p in proposals] == [1, 2, 3]
    assert [p.level for p in proposals] == ["community", "town", "city"]


def test_resources_out_of_reach_or_of_the_wrong_type_are_not_proposed():
    assert propose(NEED, resource(1, "community", community_id=11)) is None
    assert propose(NEED, resource(2, "town", town_id=2)) is None
    assert propose(NEED, resource(3, "city", resource_type="文化")) is None


def test_beyond_the_community_the_texts_must_share_a_word():
    assert propose(NEED, resource(1, "town", town_id=1, words=("会议室",))) is None
    assert propose(NEED, resource(2, "city", words=("会议室",))) is None
    assert propose(NEED, resource(3, "community", community_id=10, resource_type="物力", words=("会议室",))) is not None


def test_a_proposal_says_why():
    proposal = propose(NEED, resource(1, "town", town_id=1))
    assert "同一镇" in proposal.reason
    assert "社区服务供给←智力" in proposal.reason
    assert "老人" in proposal.reason and "血压" in proposal.reason


def test_more_shared_words_rank_higher_within_a_level():
    close = propose(NEED, resource(1, "city", words=("老人", "血压")))
    loose = propose(NEED, resource(2, "city", words=("血压", "跳舞", "唱歌")))
    assert close.score > loose.score


def test_a_word_that_only_says_who_is_helped_does_not_match_beyond_the_community():
    # "老人" alone: a first-aid course is not a repair of an old man's television.
    assert propose(NEED, resource(1, "city", words=("老人", "急救"))) is None
    assert propose(NEED, resource(2, "community", community_id=10, words=("老人", "急救"))) is not None


def test_a_need_gets_at_most_a_few_proposals():
    resources = [resource(i, "community", community_id=10) for i in range(10)]
    assert len(match_all([NEED], resources)) == MAX_PER_NEED


def test_a_shared_capability_is_evidence_and_ranks_before_any_suggestion():
    need = NeedItem(1, 10, 1, "基础设施提升", frozenset({"能:路灯维修", "路灯", "门口"}))
    lamp_team = propose(need, resource(1, "city", resource_type="智力", words=("能:路灯维修", "照明")))
    neighbour = propose(need, resource(2, "community", community_id=10, resource_type="人力", words=("楼组长",)))
    assert lamp_team.strength == "strong" and "能力相符：路灯维修" in lamp_team.reason and "有依据" in lamp_team.reason
    assert neighbour.strength == "weak" and "可能相关" in neighbour.reason
    assert [p.resource_id for p in best([neighbour, lamp_team])] == [1, 2]


def test_a_capability_reaches_past_the_type_table_but_not_past_the_place():
    need = NeedItem(1, 10, 1, "多元文化融合", frozenset({"能:戏曲曲艺"}))
    troupe = resource(1, "town", town_id=1, resource_type="人力", words=("能:戏曲曲艺",))  # 人力 does not serve 文化
    assert propose(need, troupe).strength == "strong"
    assert propose(need, resource(2, "town", town_id=2, words=("能:戏曲曲艺",))) is None


def test_in_a_crowded_catalog_the_evidence_is_still_found():
    need = NeedItem(1, 10, 1, "基础设施提升", frozenset({"能:路灯维修", "路灯", "门口"}))
    crowd = [resource(i, "community", community_id=10, resource_type="人力", words=("门口", "帮忙"))
             for i in range(2, 500)]  # fit by place and type only
    lamp_team = resource(1000, "city", resource_type="智力", words=("能:路灯维修",))
    chosen = match_all([need], [*crowd, lamp_team])
    assert chosen[0].resource_id == 1000 and chosen[0].strength == "strong"
    assert len(chosen) == MAX_PER_NEED and all(p.strength == "weak" for p in chosen[1:])


def _random_catalog(seed: int, needs: int, resources: int):
    rng = random.Random(seed)
    words = [f"词{i}" for i in range(30)] + [f"能:能力{i}" for i in range(6)]  # capability tags make strong pairs
    categories = list(compatibility())
    types = ["人力", "物力", "文化", "智力", "宣传", "组织"]
    need_items = [
        NeedItem(i, rng.randrange(20), 0, rng.choice(categories), frozenset(rng.sample(words, 3))) for i in range(needs)
    ]
    need_items = [NeedItem(n.id, n.community_id, n.community_id // 5, n.category, n.keywords) for n in need_items]
    resource_items = []
    for i in range(resources):
        scope = rng.choice(["community", "town", "city"])
        community = rng.randrange(20)
        resource_items.append(ResourceItem(
            i, scope, community if scope == "community" else None, community // 5 if scope != "city" else None,
            rng.choice(types), frozenset(rng.sample(words, 3)),
        ))
    return need_items, resource_items


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_indexes_find_exactly_what_comparing_every_pair_finds(seed):
    needs, resources = _random_catalog(seed, 200, 60)
    brute = []
    for need in needs:
        brute.extend(best(p for p in (propose(need, r) for r in resources) if p is not None))
    assert sorted(match_all(needs, resources), key=lambda p: (p.need_id, p.resource_id)) == sorted(
        brute, key=lambda p: (p.need_id, p.resource_id)
    )


@pytest.mark.parametrize("seed", [4, 5])
def test_a_new_resource_finds_the_needs_a_full_comparison_finds(seed):
    needs, resources = _random_catalog(seed, 200, 30)
    index = NeedIndex(needs)
    for item in resources:
        brute = best((p for p in (propose(n, item) for n in needs) if p is not None), 1000)
        assert {p.need_id for p in needs_for(item, index, 1000)} == {p.need_id for p in brute}
