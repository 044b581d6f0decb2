"""Cadres' figures split and shared as asked (round 5 of outside play): by level of urgency, reopened needs by
town, shares of a whole, resources by type and by town, and overdue needs honest about needs without a limit.
Every split is checked against the whole it splits, on the benchmark's catalog of 600 needs."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from bot.cadres.questions import PILOT_INTENT
from bot.cadres.roster import Cadre
from bot.clock import china_today
from bot.figures import Area, catalog_figures, utc_bounds
from bot.registry.progress import percent_text
from tests.integration.conftest import ask

CITY = Cadre("C1", "测试", "city", None)
TOWN = Cadre("C2", "测试", "town", "浮桥镇")


def figures_in(line: str) -> list[int]:
    return [int(n) for n in re.findall(r"(\d+) ?条", line)]


def test_the_four_levels_of_urgency_add_up_to_the_towns_needs(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, TOWN, "我们镇按急难愁盼分的需求有多少条")
    levels = reply.splitlines()[0]
    assert all(level in levels for level in ("急", "难", "愁", "盼"))
    assert sum(figures_in(levels)) == catalog_figures(filled, Area("浮桥镇")).needs


def test_one_level_is_counted_alone(filled, gazetteer, base_settings):
    every = figures_in(ask(filled, gazetteer, base_settings, TOWN, "我们镇按急难愁盼分的需求有多少条").splitlines()[0])
    urgent = ask(filled, gazetteer, base_settings, TOWN, "我们镇急的需求有多少条").splitlines()[0]
    assert "“急”的" in urgent and figures_in(urgent)[0] == every[0]


def test_reopened_needs_split_by_town_add_up_to_the_citys(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, CITY, "重办的有几条 哪个镇最多")
    assert reply.startswith("全市重办的需求共 ") and "各镇（区）从多到少" in reply
    by_town = [int(n) for n in re.findall(r"\d+\. \S+ (\d+)条", reply)]
    assert by_town == sorted(by_town, reverse=True)
    assert sum(by_town) == catalog_figures(filled, Area()).reopened


def test_a_share_is_the_part_over_the_whole(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, CITY, "全市重办的需求有多少条，占几成")
    part, whole = (int(n) for n in re.search(r"重办的需求 (\d+) 条，占全部 (\d+) 条", reply).groups())
    assert f"{round(100 * part / whole, 1)}%" in reply
    projects = ask(filled, gazetteer, base_settings, TOWN, "我们镇先治理项目有多少个，占几成")
    f = catalog_figures(filled, Area("浮桥镇"))
    assert f"未办结的 {f.open_needs} 个里，先治理占 {round(100 * f.priority / f.open_needs, 1)}%" in projects


def test_a_levels_share_of_the_open_needs_is_of_the_open_needs(filled, gazetteer, base_settings):
    """"未办结需求里面紧急的有几条 占几成": the urgent ones over the open ones, never over every need."""
    reply = ask(filled, gazetteer, base_settings, CITY, "全市未办结需求里面紧急的有几条 占几成")
    part, whole = (int(n) for n in re.search(r"“急”的需求 (\d+) 条，占未办结 (\d+) 条", reply).groups())
    assert whole == catalog_figures(filled, Area()).open_needs
    assert f"{percent_text(part, whole)}" in reply


def test_resources_split_by_type_add_up_to_the_list(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, TOWN, "我们镇资源有多少，按类型分一下")
    split = next(line for line in reply.splitlines() if line.startswith("按类型："))
    assert sum(figures_in(split)) == catalog_figures(filled, Area("浮桥镇")).resources_here
    assert "试点" not in reply  # the resources split, not the pilots by type


def test_needs_filed_without_a_limit_are_never_said_to_be_in_time(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, TOWN, "我们镇超期的有几条")
    assert "登记时没有定办理时限" in reply
    assert "都在时限内）" not in reply


def test_one_levels_needs_split_by_dimension_add_up_to_that_level(filled, gazetteer, base_settings):
    urgent = figures_in(ask(filled, gazetteer, base_settings, TOWN, "我们镇急的需求有多少条").splitlines()[0])[0]
    reply = ask(filled, gazetteer, base_settings, TOWN, "浮桥镇急的需求按维度分")
    assert reply.startswith(f"浮桥镇“急”的需求共 {urgent} 条")
    assert sum(int(n) for n in re.findall(r"\d+\. \S+ (\d+)条", reply)) == urgent


def test_one_levels_open_needs_split_by_tier(filled, gazetteer, base_settings):
    from bot.figures import open_tiers_where

    reply = ask(filled, gazetteer, base_settings, TOWN, "急的里面先治理几个待治理几个")
    tiers = open_tiers_where(filled, Area("浮桥镇"), urgency="急")
    assert f"先治理项目 {tiers.get('priority', 0)} 个" in reply and f"待治理项目 {tiers.get('pending', 0)} 个" in reply
    every = catalog_figures(filled, Area("浮桥镇"))
    assert sum(tiers.values()) < every.open_needs  # only the urgent ones


def test_each_types_communities_and_pilots_in_one_table(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, CITY, "全市多少社区村，按八类分", PILOT_INTENT)
    head, *rows = reply.splitlines()
    total, pilots = (int(n) for n in re.match(r"全市共 (\d+) 个村（社区），试点 (\d+) 个", head).groups())
    assert sum(int(re.search(r" (\d+) 个（", r).group(1)) for r in rows) == total
    assert sum(int(re.search(r"试点 (\d+) 个）", r).group(1)) for r in rows) == pilots


def test_a_level_asked_alone_is_followed_by_its_own_dimensions_not_the_catalogs(filled, gazetteer, base_settings):
    from bot.figures import needs_by_category_where

    reply = ask(filled, gazetteer, base_settings, TOWN, "我们镇急的需求有多少条")
    _, by_category = needs_by_category_where(filled, Area("浮桥镇"), urgency="急")
    top = "、".join(f"{c} {n}条" for c, n in by_category[:4])
    assert f"其中最多的是：{top}。" in reply and "需求目录共" not in reply


def test_open_projects_split_by_dimension_add_up_to_the_tier(filled, gazetteer, base_settings):
    town = Area("浮桥镇", None)
    split = ask(filled, gazetteer, base_settings, TOWN, "浮桥镇待治理项目几个，按维度分")
    total = int(re.search(r"待治理项目共 (\d+) 个", split).group(1))
    assert total == catalog_figures(filled, town).pending
    assert sum(int(n) for n in re.findall(r"(\d+)个（", split)) == total
    both = ask(filled, gazetteer, base_settings, TOWN, "先治理和待治理按维度分")
    pairs = [(int(a), int(b)) for a, b in re.findall(r"先治理 (\d+)、待治理 (\d+)", both)]
    assert sum(a for a, _ in pairs) == catalog_figures(filled, town).priority and sum(b for _, b in pairs) == total


def test_each_towns_share_of_pending_projects_is_ranked(filled, gazetteer, base_settings):
    ranked = ask(filled, gazetteer, base_settings, CITY, "各镇待治理项目占比排个名")
    shares = [(int(n), int(whole)) for n, whole in re.findall(r"（(\d+)/(\d+)）", ranked)]
    assert len(shares) == 8 and [n / w for n, w in shares] == sorted((n / w for n, w in shares), reverse=True)
    assert sum(n for n, _ in shares) == catalog_figures(filled, Area(None, None)).pending


def test_a_split_by_place_says_its_total_first(filled, gazetteer, base_settings):
    split = ask(filled, gazetteer, base_settings, CITY, "全市急的需求有多少条，按镇分")
    total = int(re.search(r"共 (\d+) 条", split).group(1))
    assert sum(figures_in(split)[1:]) == total


def test_resources_split_by_their_type_in_other_words(filled, gazetteer, base_settings):
    split = ask(filled, gazetteer, base_settings, TOWN, "浮桥资源清单有啥，按资源类型分")
    assert "按类型：" in split


def test_the_communities_not_yet_pilots_are_the_rest_of_the_town(filled, gazetteer, base_settings):
    rest = ask(filled, gazetteer, base_settings, TOWN, "还没列进去的是哪几个 啥类型", PILOT_INTENT)
    pilots = ask(filled, gazetteer, base_settings, TOWN, "浮桥镇试点有几个", PILOT_INTENT)
    counted = int(re.search(r"共 (\d+) 个。", rest).group(1))
    made, whole = (int(n) for n in re.search(r"试点共 (\d+) 个（浮桥镇共 (\d+) 个", pilots).groups())
    assert counted + made == whole and len([line for line in rest.splitlines() if line.startswith("· ")]) > 0


def test_needs_other_residents_joined_are_counted_and_the_most_joined_listed(filled, gazetteer, base_settings):
    from bot.needs.service import iter_needs
    from bot.projects.service import support_need
    from bot.vocab.status import OPEN_STATUSES

    open_needs = [n for n in iter_needs(filled) if n.town == "浮桥镇" and n.status in OPEN_STATUSES][:2]
    for n, tracking in enumerate(need.tracking_id for need in open_needs):
        for who in range(n + 1):
            support_need(filled, tracking, f"neighbour-{tracking}-{who}")
    said = ask(filled, gazetteer, base_settings, TOWN, "附议最多的是哪几条")
    assert "附议的需求 2 条，附议共 3 人次" in said
    first, second = (said.index(need.tracking_id) for need in reversed(open_needs))
    assert first < second and "（附议 2 人）" in said  # the most joined first


def test_this_month_against_last_month_agrees_with_each_month_asked_alone(filled, gazetteer, base_settings):
    compared = ask(filled, gazetteer, base_settings, TOWN, "这个月新增需求比上个月多了还是少了")
    now, before = (int(n) for n in re.search(r"新增需求 (\d+) 条，上个月（\d+月）(\d+) 条", compared).groups())
    assert f"新增需求 {before} 条" in ask(filled, gazetteer, base_settings, TOWN, "上个月新增多少需求")
    assert f"新增需求 {now} 条" in ask(filled, gazetteer, base_settings, TOWN, "这个月新增多少需求")
    assert ("少了" if now < before else "多了" if now > before else "一样多") in compared


def test_a_list_of_urgent_needs_shows_those_still_waiting(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, CITY, "急的需求列几条看看")
    listed = [line for line in reply.splitlines() if line.startswith("· XQ")]
    assert listed and "还没办结的" in reply
    assert not any("已解决" in line or "已关闭" in line for line in listed)


def test_needs_matched_with_a_resource_are_the_first_tier(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, TOWN, "哪些需求有资源对上了")
    assert f"先治理项目 {catalog_figures(filled, Area('浮桥镇')).priority} 个" in reply
    assert "先治理项目：" in reply  # the list itself, not only the count


@pytest.mark.parametrize("text, answered", [
    ("超期没办的有多少？重办的那17条呢", ("算不出是否超期", "重办的需求")),  # two asks parted by a question mark
    ("阿拉镇里需求目录多少条，哪些最急", ("需求目录共", "“急”的需求")),  # one topic, two filters: two answers
])
def test_each_ask_of_a_message_is_answered(filled, gazetteer, base_settings, text, answered):
    reply = ask(filled, gazetteer, base_settings, TOWN, text)
    assert all(part in reply for part in answered)


def test_a_list_of_one_tier_and_one_dimension_shows_only_those(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, TOWN, "我们镇待治理的物业管理监督项目列出来")
    listed = [line for line in reply.splitlines() if line.startswith("· XQ")]
    assert listed and all("【物业管理监督】" in line for line in listed)


def test_rates_without_call_backs_say_how_many_needs_are_solved(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, CITY, "满意度怎么样")
    assert f"已解决 {catalog_figures(filled, Area()).done} 件" in reply  # no call-back yet is not no work done


def test_resources_registered_in_a_period_are_counted_by_when_they_came_in(filled, gazetteer, base_settings):
    from sqlalchemy import text as sql

    reply = ask(filled, gazetteer, base_settings, CITY, "今年新增了多少资源")
    # this year in China time: stored times are UTC, so the year began at 16:00 UTC on 31 December
    low, high = utc_bounds(date(china_today().year, 1, 1), china_today() + timedelta(days=1))
    with filled.unit_of_work() as session:
        registered = session.execute(sql("SELECT count(*) FROM resources WHERE tracking_id IS NOT NULL "
                                         "AND created_at >= :low AND created_at < :high"),
                                     {"low": low, "high": high}).scalar_one()
    head = re.search(r"新登记资源 (\d+) 条（(.*)）", reply)
    assert head and int(head.group(1)) == registered
    assert sum(figures_in(head.group(2))) == registered  # the split by type adds up to the whole


def test_a_town_s_resources_say_what_serves_it_in_all(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, TOWN, "浮桥镇现在有多少资源")
    here, wider, total = figures_in(reply)[:3]
    assert here + wider == total


def test_a_community_without_resources_of_its_own_is_shown_those_that_reach_it(filled, gazetteer, base_settings):
    community = Cadre("C3", "测试", "community", "浏河镇", "闸北社区居委会")
    reply = ask(filled, gazetteer, base_settings, community, "能服务闸北社区的资源有哪些")
    listed = [line for line in reply.splitlines() if line.startswith("· ZY")]
    assert "本身还没有登记的资源" in reply and listed
    assert all(line.split(" ")[2].startswith(("全市", "浏河镇【")) for line in listed)  # the city's or the town's own


def test_this_week_is_set_against_the_last(filled, gazetteer, base_settings):
    from datetime import timedelta

    from bot.figures import needs_between

    today = china_today()
    monday = today - timedelta(days=today.weekday())
    now, _ = needs_between(filled, Area(), monday, today + timedelta(days=1))
    before, _ = needs_between(filled, Area(), monday - timedelta(days=7), monday)
    reply = ask(filled, gazetteer, base_settings, CITY, "这礼拜新报上来几条，比上礼拜多还是少")
    assert f"新增需求 {now} 条" in reply and f"上周（{(monday - timedelta(days=7)).month}月" in reply, reply
    assert f"）{before} 条，" in reply


def test_a_community_s_resources_listed_include_those_that_reach_it(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, CITY, "孙桥村能用的资源有哪些")  # one of its own in the fixture
    assert "最新登记的资源：" in reply and "能服务这里的镇级、市级资源：" in reply, reply  # its own, then wider ones


# Round 26 of outside play: a tier, a level and a dimension said together are all kept.
def test_the_dimensions_ranked_among_one_tier(filled, gazetteer, base_settings):
    split = ask(filled, gazetteer, base_settings, CITY, "哪个维度待治理最多")
    assert int(re.search(r"待治理项目共 (\d+) 个", split).group(1)) == catalog_figures(filled, Area()).pending
    same = ask(filled, gazetteer, base_settings, CITY, "我问的是待治理的，还没处理的，哪个维度最多")
    assert same == split


def test_a_tier_ranked_by_town_keeps_the_level_and_the_dimension(filled, gazetteer, base_settings):
    from bot.figures import open_tiers_by_category

    ranked = ask(filled, gazetteer, base_settings, CITY, "人居环境整治里头急的待治理的有几条，按镇排一下")
    pending = dict((c, p) for c, _, p in open_tiers_by_category(filled, Area(), "急"))["人居环境整治"]
    assert f"人居环境整治“急”的待治理项目共 {pending} 条" in ranked
    assert sum(figures_in(ranked)[1:]) == pending


def test_an_urgent_tier_listed_in_wu_is_only_the_urgent(filled, gazetteer, base_settings):
    from bot.figures import open_tiers_where

    listed = ask(filled, gazetteer, base_settings, TOWN, "浮桥镇急个待治理需求列出来看看")
    tiers = open_tiers_where(filled, Area("浮桥镇"), urgency="急")
    assert f"待治理项目 {tiers['pending']} 个" in listed and "“急”的待治理项目：" in listed


def test_one_dimension_among_the_filtered_needs(filled, gazetteer, base_settings):
    from bot.figures import needs_by_category_where

    reply = ask(filled, gazetteer, base_settings, CITY, "人居环境整治的急的需求按维度分")
    total, by_category = needs_by_category_where(filled, Area(), urgency="急")
    assert f"人居环境整治“急”的需求共 {dict(by_category)['人居环境整治']} 条，占全市“急”的需求 {total} 条" in reply


def test_a_subject_said_alone_belongs_to_the_question_after_it(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, Cadre("C3", "测试", "town", "城厢镇"), "那需求这边，待治理最多个是哪一类")
    assert reply.startswith("城厢镇待治理项目共 ") and "需求目录共" not in reply


# Round 27 of outside play: this year against last, tiers misheard, "还有几条没办" as one question.
def test_this_year_is_set_beside_last_year_whole_and_to_this_day(filled, gazetteer, base_settings):
    from bot.figures import needs_between

    reply = ask(filled, gazetteer, base_settings, CITY, "今年新增的需求搭去年比比看")
    today = china_today()
    now, _ = needs_between(filled, Area(), date(today.year, 1, 1), today + timedelta(days=1))
    whole, _ = needs_between(filled, Area(), date(today.year - 1, 1, 1), date(today.year, 1, 1))
    assert f"新增需求 {now} 条" in reply and f"去年全年 {whole} 条" in reply and "去年同期" in reply
    assert ask(filled, gazetteer, base_settings, TOWN, "伲镇今年新增需求比旧年多还是少").startswith("浮桥镇今年")


def test_a_tier_misheard_by_voice_is_the_tier(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, TOWN, "浮桥镇带治理的按村排一下")
    assert f"待治理项目共 {catalog_figures(filled, Area('浮桥镇')).pending} 条" in reply


def test_how_many_are_still_open_among_the_urgent_is_one_question(filled, gazetteer, base_settings):
    from bot.figures import needs_by_category_where

    reply = ask(filled, gazetteer, base_settings, TOWN, "浮桥镇急个需求还有几条没办")
    total, _ = needs_by_category_where(filled, Area("浮桥镇"), "open", "急")
    assert reply.startswith(f"浮桥镇未办结的“急”的需求 {total} 条") and "\n\n" not in reply


def test_a_places_rank_in_its_town_agrees_with_the_towns_ranking(filled, gazetteer, base_settings):
    """Round 28: "在浏河镇排第几" from a community cadre got only its own counts."""
    zhabei = Cadre("C3", "测试", "community", "浏河镇", "闸北社区居委会")
    ranking = ask(filled, gazetteer, base_settings, zhabei, "浏河镇各村需求排一下")
    counts = {line.split(". ")[1].rsplit(" ", 1)[0]: int(line.rsplit(" ", 1)[1][:-1])
              for line in ranking.splitlines() if re.match(r"\d+\. ", line)}
    mine = counts.get("浏河镇闸北社区", 0)
    expected = 1 + sum(1 for n in counts.values() if n > mine)
    for said in ("在浏河镇排第几", "闸北社区需求在浏河镇排第几"):
        reply = ask(filled, gazetteer, base_settings, zhabei, said)
        assert f"闸北社区需求 {mine} 条" in reply and f"排第 {expected}" in reply, reply


def test_a_finished_need_listed_shows_no_days_waited(filled, gazetteer, base_settings):
    """Round 29: a solved or closed need listed with "已540天" read as still waiting."""
    finished = [line for line in ask(filled, gazetteer, base_settings, TOWN, "我们镇已办结的需求有哪些").splitlines()
                if line.startswith("· ")]
    assert finished and not any(re.search(r"已\d+天", line) for line in finished)
    still_open = [line for line in ask(filled, gazetteer, base_settings, TOWN, "我们镇未办结的需求有哪些").splitlines()
                  if line.startswith("· ")]
    assert still_open and all(re.search(r"已\d+天|当天反映|超时", line) for line in still_open)
