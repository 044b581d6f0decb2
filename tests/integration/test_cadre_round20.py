"""Cadres' questions of round 20 of outside play, on the benchmark's catalog: the closure rate, resources of one
kind of provider, the most urgent few, two weeks compared, what "有依据"/"可能相关" mean, pilots "完成了伐", and a
yes that agrees with the resources that serve a community."""

from __future__ import annotations

import re

from bot.cadres.questions import PILOT_INTENT
from bot.cadres.roster import Cadre
from bot.figures import Area, catalog_figures
from tests.integration.conftest import ask

CITY = Cadre("C1", "测试", "city", None)
TOWN = Cadre("C2", "测试", "town", "浏河镇")
VILLAGE = Cadre("C3", "测试", "community", "浏河镇", "闸北社区居委会")


def test_the_closure_rate_is_the_share_of_needs_finished(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, TOWN, "伲镇上办结率几化")
    f = catalog_figures(filled, Area("浏河镇"))
    finished = f.done + f.closed  # 办结: solved or closed, as its definition says (round 23)
    assert f"（已办结 {finished} 件 / 共 {f.needs} 件：已解决 {f.done}、已关闭 {f.closed}）" in reply
    assert f"办结率 {finished / f.needs * 100:.1f}%" in reply


def test_party_members_resources_are_only_theirs(filled, gazetteer, base_settings):
    every = ask(filled, gazetteer, base_settings, CITY, "资源清单有几条")
    party = ask(filled, gazetteer, base_settings, CITY, "资源清单里党员资源有几化")
    total = int(re.search(r"在册可用资源 (\d+) 条", every).group(1))
    counted = int(re.search(r"党员提供的在册可用资源 (\d+) 条", party).group(1))
    assert 0 < counted < total


def test_a_yes_about_party_resources_agrees_with_the_count(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, Cadre("C4", "测试", "town", "经济开发区"), "开发区有党员资源伐")
    counted = re.search(r"党员提供的在册可用资源 (\d+) 条|还没有党员提供的资源", reply)
    assert counted and reply.startswith("有。" if counted.group(1) else "没有。")


def test_the_most_urgent_three_are_three_urgent_needs_waiting_longest(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, CITY, "需求清单里最急个三条是啥")
    listed = [line for line in reply.splitlines() if line.startswith("· XQ")]
    waited = [int(re.search(r"已(\d+)天", line).group(1)) for line in listed]
    assert "最急的3条" in reply and len(listed) == 3 and waited == sorted(waited, reverse=True)


def test_last_week_and_this_week_are_both_answered(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, CITY, "上礼拜跟这礼拜比呢，新增几化")
    assert "上周" in reply and "本周" in reply and reply.count("新增需求") == 2


def test_what_a_match_with_evidence_means_is_said_with_the_tiers(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, CITY, "先治理里向有依据的是几条？可能相关是啥意思")
    assert "先治理项目" in reply and "可能相关" in reply and "不算先治理" in reply


def test_pilots_done_this_year_is_the_coverage_against_the_target(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, TOWN, "伲浏河镇试点今年完成了伐", PILOT_INTENT)
    assert reply.startswith(("没有达标。", "达标了。")) and "试点覆盖率" in reply


def test_resources_serving_a_community_with_none_of_its_own_are_a_yes(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, VILLAGE, "能服务伲社区个资源有伐")
    assert reply.startswith("有。") and "也能服务" in reply


def test_satisfaction_slipped_in_voice_input_is_the_rates(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, VILLAGE, "伲社区满意都多少")
    assert "居民回访" in reply


def test_resources_split_by_who_offers_them_add_up_to_the_list(filled, gazetteer, base_settings):
    """Round 21: "按提供方分一下，党员、单位、社会组织、能人各有多少" gives each kind of provider."""
    reply = ask(filled, gazetteer, base_settings, CITY, "资源方面，按提供方分一下，党员、单位、社会组织、能人各有多少")
    total = int(re.search(r"在册可用资源 (\d+) 条", reply).group(1))
    split = re.search(r"按提供方：(.*)。", reply).group(1)
    assert "社区党员" in split and sum(int(n) for n in re.findall(r"(\d+)条", split)) == total


def test_as_many_of_the_longest_waiting_as_asked(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, CITY, "全市等得最久个三条呢")
    assert len([line for line in reply.splitlines() if line.startswith("· XQ")]) == 3 and "还有更多" not in reply


def test_evidence_asked_in_other_words_and_the_target_gap_from_a_catalog_question(filled, gazetteer, base_settings):
    """Round 21: "有佐证的有几条" is the tiers with what they count; "离60%还差几个" is the target, never the catalog."""
    evidenced = ask(filled, gazetteer, base_settings, CITY, "有佐证的有几条？")
    assert "先治理项目" in evidenced and "有依据" in evidenced
    gap = ask(filled, gazetteer, base_settings, CITY, "离60%还差几个")
    assert gap.startswith("全市离“2023年超过60%”") and "需求目录" not in gap


def test_a_rate_compared_with_last_month_gives_both_months_each_of_its_own_needs(filled, gazetteer, base_settings):
    """Round 21: "办结率跟上个月比呢" answers this month and last month, each counted on the needs filed in it."""
    reply = ask(filled, gazetteer, base_settings, CITY, "办结率跟上个月比呢")
    blocks = reply.split("\n\n")
    assert blocks[0].startswith("本月") and blocks[1].startswith("上个月"), reply
    for block in blocks:
        filed = int(re.search(r"的需求 (\d+) 件", block).group(1))
        assert f"/ 共 {filed} 件：" in block
