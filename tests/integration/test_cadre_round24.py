"""Cadres' questions of round 24 of outside play, on the benchmark's catalog: one dimension's needs by place, the
resources not yet put to any need, each town's leading types asked per town and type, the mid-term evaluation, and
a kind of need the catalog does not list apart."""

from __future__ import annotations

import re

from sqlalchemy import text

from bot.cadres.questions import PILOT_INTENT
from bot.cadres.roster import Cadre
from tests.integration.conftest import ask

CITY = Cadre("C1", "测试", "city", None)
TOWN = Cadre("C2", "测试", "town", "浏河镇")


def test_one_dimensions_needs_ranked_by_town_add_up_to_that_dimension(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, CITY, "物业管理监督的需求主要在哪几个镇")
    total = int(re.search(r"全市物业管理监督需求共 (\d+) 条", reply).group(1))
    with filled.unit_of_work() as session:
        counted = session.execute(text("SELECT count(*) FROM needs WHERE category = '物业管理监督'")).scalar_one()
    assert total == counted and sum(int(n) for n in re.findall(r"\d+\. \S+ (\d+)条", reply)) == total


def test_resources_not_yet_put_to_any_need_are_counted_apart(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, TOWN, "伲镇有啥资源还没对接到项目")
    listed, unused = map(int, re.search(r"在册可用资源 (\d+) 条，其中还没对接上需求的 (\d+) 条", reply).groups())
    with filled.unit_of_work() as session:
        used = session.execute(text(
            "SELECT count(DISTINCT r.id) FROM resources r JOIN matches m ON m.resource_id = r.id "
            "JOIN towns t ON t.id = r.town_id WHERE t.name = '浏河镇' AND r.status = 'active' AND r.scope != 'city' "
            "AND (m.status IN ('confirmed', 'in_progress', 'done') OR (m.status = 'proposed' AND m.strength = 'strong'))"
        )).scalar_one()
    assert unused == listed - used and len(re.findall(r"^· ZY\d+", reply, re.MULTILINE)) == min(unused, 5)
    needs = ask(filled, gazetteer, base_settings, TOWN, "哪些需求还没有资源对接")
    assert "待治理" in needs and "还没对接上需求的" not in needs  # the needs without one, not the resources


def test_every_type_in_every_town_is_checked_never_answered_yes(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, CITY, "我是问每种类型是不是每个镇都至少有2个试点", PILOT_INTENT)
    assert reply.startswith(("够了。", "不够。")) and "牵头类型" in reply
    split = ask(filled, gazetteer, base_settings, CITY, "试点社区有几种类型？每个镇每类至少2个，达标了伐", PILOT_INTENT)
    assert "按类型：" in split and "每个牵头类型至少2个试点" in split


def test_the_mid_term_evaluation_is_where_to_get_it_and_the_figures_now(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, TOWN, "中期评估要准备啥", PILOT_INTENT)
    assert "下载中期评估报告" in reply and "浏河镇试点覆盖率" in reply and "牵头类型" in reply


def test_a_kind_of_need_the_catalog_does_not_list_apart_is_said_so(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, CITY, "平安建设类的需求有几条")
    assert reply.startswith("需求目录按七个维度分类，没有单列“平安建设”这一类") and "全市需求目录共" in reply


def test_the_whole_city_ranked_by_village_when_asked_so(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, CITY, "全市按村排一下待治理项目有多少个")
    assert "各村（社区）从多到少" in reply and "各镇（区）" not in reply


def test_the_closure_rate_ranked_by_town_gives_every_town_its_own_figure(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, CITY, "按镇排一下办结率")
    ranked = re.findall(r"^\d+\. (\S+) [\d.]+%（已办结 (\d+) / 共 (\d+) 件）", reply, re.MULTILINE)
    assert "各镇（区）办结率从高到低" in reply and len(ranked) == len(gazetteer.towns)
    sand = dict((town, (int(done), int(whole))) for town, done, whole in ranked)["沙溪镇"]
    alone = ask(filled, gazetteer, base_settings, Cadre("C3", "测试", "town", "沙溪镇"), "沙溪镇办结率是多少")
    assert f"已办结 {sand[0]} 件 / 共 {sand[1]} 件" in alone
