"""Cadres' questions of round 18 of outside play, on the benchmark's catalog: the fewest first, needs waiting longer
than a time said, a time asked again in the same message, villages not yet pilots in Wu, and a village cadre's
"伲是试点伐" about their own village."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.cadres.questions import PILOT_INTENT
from bot.cadres.roster import Cadre
from bot.clock import china_today
from bot.figures import Area, needs_where, place_ranking
from tests.integration.conftest import ask

TOWN = Cadre("C2", "测试", "town", "浏河镇")
VILLAGE = Cadre("C3", "测试", "community", "浏河镇", "闸北社区居委会")


def test_the_fewest_come_first_with_those_that_have_none(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, TOWN, "哪个社区最少")
    counts = [int(n) for n in re.findall(r"\d+\. \S+ (\d+)条", reply)]
    fewest = min(n for _, n in place_ranking(filled, Area("浏河镇"), False))
    assert "从少到多" in reply and counts == sorted(counts) and counts[0] == fewest


def test_needs_waiting_longer_than_a_month_are_those_filed_before_then_still_open(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, TOWN, "超过一个月还没办的有几条")
    cutoff = china_today() - timedelta(days=30)
    expected = needs_where(filled, Area("浏河镇"), None, "open", None, cutoff + timedelta(days=1))
    assert f"报了超过一个月（{cutoff.month}月{cutoff.day}日及以前报的）还没办结的需求 {expected} 条" in reply


def test_a_time_asked_again_in_the_same_message_is_answered_too(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, TOWN, "这个月新报几条，上个月呢")
    assert "本月" in reply and "上个月" in reply and reply.count("新增需求") == 2


def test_villages_not_yet_pilots_asked_in_wu_are_those_not_the_pilots(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, Cadre("C4", "测试", "town", "双凤镇"), "还没试点个是哪几只村", PILOT_INTENT)
    assert reply.startswith("双凤镇还不是试点的村（社区）")


def test_a_village_cadre_asking_whether_they_are_a_pilot_hears_of_their_own_village(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, VILLAGE, "伲是试点伐", PILOT_INTENT)
    assert "闸北社区" in reply.splitlines()[0] and "试点共" not in reply


def test_one_dimension_asked_is_told_where_its_needs_stand_never_the_whole_catalog(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, Cadre("C1", "测试", "city", None), "基础设施提升的需求有几条")
    every, open_n, done_n = (needs_where(filled, Area(), "基础设施提升", state) for state in (None, "open", "done"))
    assert reply.splitlines()[0] == f"全市基础设施提升需求 {every} 条。" and "需求目录共" not in reply
    assert f"其中未办结 {open_n} 条、已解决 {done_n} 条" in reply
