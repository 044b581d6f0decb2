"""Cadres' questions of round 22 of outside play, on the benchmark's catalog: a month's report, villages ranked by
the share of needs finished (worst first, as many as asked), the fewest ranked from the bottom, "一个多月", needs
waiting over a month split by dimension, a voice slip of 满意率, and the newest needs when none came this month."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.cadres.roster import Cadre
from bot.clock import china_today
from bot.figures import Area, catalog_figures, needs_where
from tests.integration.conftest import ask

CITY = Cadre("C1", "测试", "city", None)
TOWN = Cadre("C2", "测试", "town", "浏河镇")


def test_a_months_report_gives_every_part_with_the_catalogs_figures(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, TOWN, "帮伲出个月报")
    f = catalog_figures(filled, Area("浏河镇"))
    today = china_today()
    assert reply.startswith(f"浏河镇本月（{today.year}年{today.month}月）小结")
    for part in ("一、新增需求", "二、办理", "三、回访", "四、资源", "五、试点"):
        assert part in reply
    assert f"目录里未办结 {f.open_needs} 条（先治理 {f.priority}、待治理 {f.pending}）" in reply
    new = needs_where(filled, Area("浏河镇"), start=today.replace(day=1), end=today + timedelta(days=1))
    assert f"一、新增需求 {new} 条" in reply


def test_last_months_report_is_of_last_month(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, CITY, "上个月的月报出一份")
    assert reply.startswith("全市上个月（")


def test_villages_ranked_by_the_share_finished_worst_first_as_many_as_asked(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, Cadre("C5", "测试", "town", "双凤镇"), "双凤镇里各村办结率排个名，倒数三个")
    ranked = re.findall(r"^\d+\. \S+ (\d+(?:\.\d+)?)%（已办结 (\d+) / 共 (\d+) 件）", reply, re.MULTILINE)
    assert len(ranked) == 3
    shares = [float(s) for s, _, _ in ranked]
    assert shares == sorted(shares)
    assert "按时办结率" not in reply and "办结率 = 已办结" in reply


def test_the_bottom_of_a_ranking_is_the_fewest_first(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, TOWN, "伲镇各村排名，末几名是哪几个")
    counts = [int(n) for n in re.findall(r"^\d+\. \S+ (\d+)条", reply, re.MULTILINE)]
    assert "从少到多" in reply and counts == sorted(counts)


def test_more_than_a_month_said_in_words_and_split_by_dimension(filled, gazetteer, base_settings):
    waited = ask(filled, gazetteer, base_settings, CITY, "拖了一个多月的有几件")
    n = int(re.search(r"还没办结的需求 (\d+) 条", waited).group(1))
    split = ask(filled, gazetteer, base_settings, CITY, "拖了一个月以上的按维度分一下")
    assert sum(int(k) for k in re.findall(r"(\d+)条", split.split("按维度：")[1])) == n


def test_a_voice_slip_of_the_satisfaction_rate_is_the_rates(filled, gazetteer, base_settings):
    assert "满意率" in ask(filled, gazetteer, base_settings, TOWN, "阿拉镇的满意律多少")


def test_the_newest_needs_are_listed_when_none_came_lately(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, Cadre("C5", "测试", "town", "双凤镇"), "双凤镇最近报的需求是哪几条")
    recent = int(re.search(r"新增需求 (\d+) 条", reply).group(1))
    assert recent > 0 or ("目录里最新的几条" in reply and "· XQ" in reply)
