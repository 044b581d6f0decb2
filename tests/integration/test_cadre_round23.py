"""Cadres' questions of round 23 of outside play, on the benchmark's catalog: the new needs of a period split by
place, resources by type and of one type, the closure rate counting closed needs too, and a voice slip of it ranked
as many as asked."""

from __future__ import annotations

import re

from bot.cadres.roster import Cadre
from bot.figures import Area, resource_breakdown
from tests.integration.conftest import ask

CITY = Cadre("C1", "测试", "city", None)
TOWN = Cadre("C2", "测试", "town", "城厢镇")


def test_a_periods_new_needs_split_by_town_add_up(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, CITY, "上个月新增需求按镇分一下")
    total = int(re.search(r"新增需求 (\d+) 条", reply).group(1))
    split = reply.split("按镇（区）：")[1] if total else ""
    assert sum(int(n) for n in re.findall(r"(\d+)条", split)) == total


def test_resources_of_each_type_and_of_one_type(filled, gazetteer, base_settings):
    types = dict(resource_breakdown(filled, Area(None), "type"))
    every = ask(filled, gazetteer, base_settings, CITY, "全市资源目录里各类资源有多少")
    assert "按类型：" in every and all(f"{name} {n}条" in every for name, n in types.items())
    one = ask(filled, gazetteer, base_settings, CITY, "人力资源有几条")
    assert f"其中人力资源 {types.get('人力', 0)} 条" in one


def test_the_worst_three_by_a_voice_slip_of_the_closure_rate(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, TOWN, "伲镇办节率最差个三个社区")
    assert "办结率从低到高（前3个" in reply and len(re.findall(r"^\d+\. ", reply, re.MULTILINE)) == 3
