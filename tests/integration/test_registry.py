"""Pilot progress and catalog figures, exact, against a registry with known numbers."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from bot.cadres.access import Viewer
from bot.cadres.answers import Context, answer
from bot.cadres.questions import CATALOG_INTENT, PILOT_INTENT, read_question
from bot.cadres.roster import Cadre
from bot.catalog.counters import need_tallies, rebuild_counters
from bot.figures import Area, catalog_figures
from bot.registry.progress import load_lead_types, progress
from bot.registry.service import RegistryError, change_registry, registry_history, registry_states
from tests.integration.registry_fixture import build_registry, file_needs

TODAY = date(2026, 11, 27)
END_2022 = date(2022, 12, 31)


@pytest.fixture
def registry(catalog, gazetteer):
    return build_registry(catalog, gazetteer)


def states(catalog, as_of):
    with catalog.unit_of_work() as session:
        return registry_states(session, as_of)


def ask(catalog, gazetteer, settings, text, intent=PILOT_INTENT, viewer=None, full=False):
    ctx = Context(catalog, gazetteer, load_lead_types(settings.lead_types_file),
                  viewer or Viewer("rest", "resident-x"), TODAY, full=full)
    return answer(read_question(text, intent, gazetteer, TODAY), ctx)


def test_thirty_percent_is_met_exactly_at_the_line(catalog, registry):
    prog = progress(states(catalog, END_2022), END_2022, "城厢镇")
    assert (prog.communities, len(prog.pilots)) == (23, 7)
    first, second = prog.checks()
    assert (first.needed, first.short, first.met) == (7, 0, True)  # ceil(6.9) = 7
    assert (second.needed, second.short) == (14, 7)  # more than 13.8


def test_exactly_sixty_percent_is_not_more_than_sixty(catalog, registry):
    prog = progress(states(catalog, TODAY), TODAY, "浏河镇")
    assert (prog.communities, len(prog.pilots)) == (15, 9)
    _, sixty = prog.checks()
    assert (sixty.needed, sixty.short, sixty.met) == (10, 1, False)


def test_the_date_decides_which_pilots_count(catalog, registry):
    assert len(progress(states(catalog, END_2022), END_2022, "科教新城").pilots) == 2
    later = progress(states(catalog, TODAY), TODAY, "科教新城")
    assert len(later.pilots) == 5 and later.checks()[1].met  # 5 of 8 is 62.5%
    assert len(progress(states(catalog, END_2022), END_2022, "浏河镇").pilots) == 0


def test_city_figures_add_up_over_all_160(catalog, registry):
    at_2022 = progress(states(catalog, END_2022), END_2022)
    now = progress(states(catalog, TODAY), TODAY)
    assert (at_2022.communities, len(at_2022.pilots), at_2022.classified) == (160, 9, 7 + 5 + 3)
    assert (len(now.pilots), now.classified) == (21, 7 + 5 + 9 + 3)
    assert [c.short for c in at_2022.checks()] == [48 - 9, 97 - 9]


def test_a_town_without_pilots_and_an_unclassified_community(catalog, gazetteer, settings, registry):
    reply = ask(catalog, gazetteer, settings, "沙溪镇有几个试点")
    assert "沙溪镇试点共 0 个" in reply.text and "共 28 个" in reply.text
    reply = ask(catalog, gazetteer, settings, "璜泾镇王秀村是什么类型")
    assert "王秀村还没有分类" in reply.text


def test_coverage_answer_gives_the_figure_and_how_many_short(catalog, gazetteer, settings, registry):
    reply = ask(catalog, gazetteer, settings, "全市覆盖率到多少了，30%达标没有")
    # the figure asked, then on its own whether it is met: the verdict first
    assert reply.text.startswith("没有达标。全市试点覆盖率 13.1%（试点 21 个 / 共 160 个村（社区））")
    # targets whose deadline has passed are judged on that day, with what is still missing now
    assert "2022年底达到30%（至少 48 个）：到期时试点 9 个，未达标，差 39 个；现在还差 27 个" in reply.text
    assert "2023年超过60%（至少 97 个）：到期时试点 21 个，未达标，差 76 个；现在还差 76 个" in reply.text
    assert "· 科教新城 62.5%（5/8）" in reply.text
    reply = ask(catalog, gazetteer, settings, "2022年底城厢镇覆盖率达标没有")
    assert "截至2022年底，城厢镇试点覆盖率 30.4%（试点 7 个 / 共 23 个村（社区））" in reply.text
    assert "2022年底达到30%（至少 7 个）：到期时试点 7 个，已达标。" in reply.text
    assert "2023年超过60%（至少 14 个）：还差 7 个" in reply.text  # not yet due on that date


def test_a_gap_asked_is_said_first_and_a_list_asked_is_shown(catalog, gazetteer, settings, registry):
    reply = ask(catalog, gazetteer, settings, "城厢镇还差几个试点")
    assert reply.text.startswith("城厢镇离“2023年超过60%”（至少 14 个）还差 7 个试点。"), reply.text
    reply = ask(catalog, gazetteer, settings, "城厢镇试点覆盖率多少，按30%的目标，还差几个")
    assert reply.text.startswith("城厢镇已达到“2022年底达到30%”（至少 7 个），不差了。"), reply.text
    reply = ask(catalog, gazetteer, settings, "全市一共还差几个")
    assert reply.text.startswith("全市离“2023年超过60%”（至少 97 个）还差 76 个试点。"), reply.text
    assert "各镇（区）还差：" in reply.text and "已达到的有科教新城" in reply.text
    reply = ask(catalog, gazetteer, settings, "城厢镇试点覆盖率多少，名单发下")
    names = [c.common_name for c in registry["chengxiang"][:2]]
    assert "试点名单：" in reply.text and all(name in reply.text for name in names)


def test_a_towns_coverage_asked_with_its_rank(catalog, gazetteer, settings, registry):
    reply = ask(catalog, gazetteer, settings, "城厢镇试点覆盖率多少，排全市第几")
    assert "在全市 8 个镇（区）里排第 3。" in reply.text, reply.text  # after 科教新城 62.5% and 浏河镇 60%


def test_pilots_of_a_type_in_a_town(catalog, gazetteer, settings, registry):
    reply = ask(catalog, gazetteer, settings, "城厢镇老街巷社区试点有哪些")
    names = [c.common_name for c in registry["chengxiang"][:2]]
    assert "城厢镇老街巷社区试点共 2 个" in reply.text
    assert all(name in reply.text for name in names)


def test_long_lists_are_short_in_chat_and_whole_on_request(catalog, gazetteer, settings, registry):
    short = ask(catalog, gazetteer, settings, "全市试点有哪些")
    assert short.text.count("· ") == 5 and "共21个" in short.text and short.buttons
    whole = ask(catalog, gazetteer, settings, "全市试点有哪些", full=True)
    assert whole.text.count("· ") == 21 and not whole.buttons


def test_lead_types_need_two_pilots_each(catalog, gazetteer, settings, registry):
    reply = ask(catalog, gazetteer, settings, "城厢镇每个牵头类型有没有两个试点")
    assert "老街巷社区 2个✓" in reply.text and "普通商品房社区 1个（还差1个）" in reply.text
    assert "示例数据" in reply.text  # the shipped assignment is a sample and says so


def test_catalog_figures_from_counters_match_a_full_count(catalog, gazetteer, registry):
    file_needs(catalog, gazetteer)
    with catalog.unit_of_work() as session:
        counted = sorted(need_tallies(session, None, counted=True), key=repr)
        scanned = sorted(need_tallies(session, None, counted=False), key=repr)
        assert counted == scanned
        rebuild_counters(session)
        assert sorted(need_tallies(session, None, counted=True), key=repr) == scanned
    shaxi = catalog_figures(catalog, Area(town="沙溪镇"))
    assert (shaxi.needs, shaxi.open_needs, shaxi.pending, shaxi.priority) == (4, 4, 4, 0)
    city = catalog_figures(catalog, Area())
    assert (city.needs, city.open_needs, city.done) == (7, 6, 1)
    assert city.by_category[0] == ("人居环境整治", 3)


def test_pending_projects_question(catalog, gazetteer, settings, registry):
    file_needs(catalog, gazetteer)
    reply = ask(catalog, gazetteer, settings, "沙溪镇现在有多少待治理项目", CATALOG_INTENT, CITY_CADRE)
    assert "待治理项目 4 个" in reply.text and "先治理项目 0 个" in reply.text
    plain = ask(catalog, gazetteer, settings, "沙溪镇现在有多少待治理项目", CATALOG_INTENT)  # a resident: everyday words
    assert "4 件还在找人帮忙" in plain.text and "待治理" not in plain.text


def test_which_projects_is_answered_with_the_list_in_scope_and_figures_outside(catalog, gazetteer, settings, registry):
    filed = file_needs(catalog, gazetteer)["tracking"]
    listed = ask(catalog, gazetteer, settings, "沙溪镇待治理项目有哪些", CATALOG_INTENT, CITY_CADRE)
    assert "待治理项目 4 个" in listed.text and "待治理项目：" in listed.text
    assert sum(tracking in listed.text for tracking in filed[:4]) == 4  # the four Shaxi needs, each by number
    none = ask(catalog, gazetteer, settings, "沙溪镇先治理项目有哪些", CATALOG_INTENT, CITY_CADRE)
    assert "没有先治理项目" in none.text  # an empty list is said, not left out
    public = ask(catalog, gazetteer, settings, "沙溪镇待治理项目有哪些", CATALOG_INTENT)
    assert not any(tracking in public.text for tracking in filed) and public.refused


def test_which_resources_is_answered_with_the_newest_offers(catalog, gazetteer, settings, registry):
    from bot.resources.service import ResourceDraft, file_resource

    file_resource(catalog, ResourceDraft("社区能人", "陈建国", "周末可以给老人量血压，电话13962711111", "智力", "town",
                                         None, "沙溪镇", "周末", "13962711111", "volunteer-1", "key-res-1"))
    listed = ask(catalog, gazetteer, settings, "沙溪镇的资源有哪些", CATALOG_INTENT, CITY_CADRE)
    assert "最新登记的资源：" in listed.text and "陈建国" in listed.text and "量血压" in listed.text
    assert "13962711111" not in listed.text  # a phone in the words is masked, even for the cadre
    public = ask(catalog, gazetteer, settings, "沙溪镇的资源有哪些", CATALOG_INTENT)
    assert "陈建国" not in public.text and "量血压" not in public.text  # the public sees the kind of help only


def test_how_many_short_for_one_type_is_its_gap_to_the_two_a_leading_town_needs(catalog, gazetteer, settings, registry):
    # the fixture: 城厢镇 has 1 普通商品房 pilot (a lead type there), 4 动迁安置 pilots (not a lead type)
    short = ask(catalog, gazetteer, settings, "城厢镇普通商品房社区还差几个", PILOT_INTENT)
    assert "普通商品房社区试点 1 个" in short.text and "还差 1 个" in short.text
    other = ask(catalog, gazetteer, settings, "城厢镇动迁安置社区够不够", PILOT_INTENT)
    assert "动迁安置社区试点 4 个" in other.text and "不是城厢镇牵头的类型" in other.text


def test_a_question_of_several_parts_gets_each_part_in_the_order_asked(catalog, gazetteer, settings, registry):
    from bot.cadres.answers import answer_all
    from bot.cadres.questions import question_parts

    viewer = Viewer("rest", "someone")
    ctx = Context(catalog, gazetteer, load_lead_types(settings.lead_types_file), viewer, TODAY)
    reply = answer_all(question_parts("城厢镇试点多少个、覆盖率多少、牵头类型够不够", PILOT_INTENT, gazetteer, TODAY), ctx)
    pilots, coverage, lead = (reply.text.index(word) for word in ("试点共 7 个", "覆盖率", "牵头类型"))
    assert pilots < coverage < lead  # each part answered, in the order asked


def test_how_many_villages_and_communities_comes_from_the_official_list(catalog, gazetteer, settings, registry):
    import csv

    rows = list(csv.DictReader(open(settings.places_csv, encoding="utf-8")))
    villages = sum(1 for r in rows if r["name"].endswith("村委会"))  # an independent count of the NBS list
    reply = ask(catalog, gazetteer, settings, "全市有多少个村，多少个社区", PILOT_INTENT)
    assert f"共 {len(rows)} 个村（社区）：村 {villages} 个，社区 {len(rows) - villages} 个。" in reply.text


def test_which_towns_met_a_target_names_both_sides_judged_on_the_deadline(catalog, gazetteer, settings, registry):
    # the fixture at the end of 2022: 城厢镇 7/23 (exactly 30%), 科教新城 2/8 (needs 3), the rest none
    reply = ask(catalog, gazetteer, settings, "2022年底哪些镇达标了", PILOT_INTENT)
    line = next(x for x in reply.text.splitlines() if x.startswith("2022年底达到30%："))
    assert "达标的有城厢镇；" in line and "科教新城（差1个）" in line and "浏河镇（差" in line
    assert "2023年超过60%" not in reply.text.split("各镇（区），从高到低：")[1]  # only the target asked


def test_new_pilots_in_a_period_are_counted_against_its_start(catalog, gazetteer, settings, registry):
    # the fixture: 科教新城 gained 3 pilots on 2023-03-01, 浏河镇 9 on 2023-06-01, nothing else in 2023
    reply = ask(catalog, gazetteer, settings, "2023年新增了几个试点", PILOT_INTENT)
    assert "新增试点 12 个" in reply.text and "期初 9 个" in reply.text
    assert "这段时间没有新增试点" in ask(catalog, gazetteer, settings, "今年新增了几个试点", PILOT_INTENT).text


def test_which_village_has_most_priority_projects_ranks_priority_projects_not_needs(catalog, gazetteer, settings,
                                                                                    registry):
    file_needs(catalog, gazetteer)  # 7 needs, none with a resource yet
    reply = ask(catalog, gazetteer, settings, "哪个村先治理项目最多", CATALOG_INTENT, CITY_CADRE)
    assert "还没有先治理项目" in reply.text
    pending = ask(catalog, gazetteer, settings, "哪个村待治理项目最多", CATALOG_INTENT, CITY_CADRE)
    assert "待治理项目共 " in pending.text and "从多到少" in pending.text


def test_new_needs_in_a_period(catalog, gazetteer, settings, registry):
    file_needs(catalog, gazetteer)
    with catalog.unit_of_work() as session:  # one need filed last year
        session.execute(text("UPDATE needs SET created_at = '2025-03-03 02:00:00' WHERE id = 1"))
    assert "2025年，全市新增需求 1 条" in ask(catalog, gazetteer, settings, "去年新增多少需求", CATALOG_INTENT).text
    reply = ask(catalog, gazetteer, settings, "2025年新增了多少需求", CATALOG_INTENT)
    assert "2025年，全市新增需求 1 条" in reply.text


def test_registry_history_keeps_who_and_when(catalog, gazetteer, registry):
    community = registry["chengxiang"][0]
    change_registry(catalog, community.name, pilot=False, effective_on=date(2024, 1, 1), author="王芳", source="chat:rest")
    entries = registry_history(catalog, community.name)
    assert [(e.author, e.is_pilot) for e in entries][-1] == ("王芳", False)
    assert len(progress(states(catalog, TODAY), TODAY, "城厢镇").pilots) == 6
    assert len(progress(states(catalog, date(2023, 12, 31)), date(2023, 12, 31), "城厢镇").pilots) == 7


def test_a_village_cannot_take_an_urban_type(catalog, gazetteer):
    village = next(c for c in gazetteer.communities if c.kind == "村")
    with pytest.raises(RegistryError, match="不能归为老街巷社区"):
        change_registry(catalog, village.name, community_type="老街巷社区", effective_on=TODAY, author="t", source="t")
    with pytest.raises(RegistryError, match="还没有分类"):
        change_registry(catalog, village.name, pilot=True, effective_on=TODAY, author="t", source="t")


# -- who may see what ------------------------------------------------------------------------
RESIDENT = Viewer("rest", "resident-x")
SHAXI_CADRE = Viewer("rest", "sx", Cadre("C002", "李强", "town", "沙溪镇", None, ("rest:sx",)))
CHENGXIANG_CADRE = Viewer("rest", "cx", Cadre("C003", "王芳", "town", "城厢镇", None, ("rest:cx",)))
CITY_CADRE = Viewer("rest", "city", Cadre("C001", "张敏", "city", None, None, ("rest:city",)))


def refusals(catalog):
    with catalog.unit_of_work() as session:
        return session.execute(text("SELECT cadre_id, action, target, reason FROM access_refusals")).all()


@pytest.mark.parametrize("viewer, sees", [(RESIDENT, False), (CHENGXIANG_CADRE, False), (SHAXI_CADRE, True),
                                          (CITY_CADRE, True)])
def test_who_sees_the_needs_of_shaxi(catalog, gazetteer, settings, registry, viewer, sees):
    filed = file_needs(catalog, gazetteer)
    reply = ask(catalog, gazetteer, settings, "沙溪镇哪些需求最久没有资源", CATALOG_INTENT, viewer)
    figure = "沙溪镇现在有 4 个待治理项目" if viewer.is_cadre else "沙溪镇现在有 4 件问题还在找人帮忙"
    assert figure in reply.text  # the public figure, for everyone
    shown = [t for t in filed["tracking"][:4] if t in reply.text]
    assert len(shown) == (4 if sees else 0)
    assert "13962718830" not in reply.text and "河道发臭" in reply.text if sees else "河道发臭" not in reply.text
    assert reply.refused is (not sees)
    logged = refusals(catalog)
    assert len(logged) == (0 if sees else 1)
    if not sees:
        assert logged[0][1:] == ("view_needs", "沙溪镇", "out_of_scope" if viewer.is_cadre else "not_cadre")


def test_a_resident_asking_what_others_reported_gets_figures_and_a_polite_no(catalog, gazetteer, settings, registry):
    file_needs(catalog, gazetteer)
    reply = ask(catalog, gazetteer, settings, "看看别人反映了啥", CATALOG_INTENT)
    assert "全市一共收到 7 条问题反映" in reply.text and "只有负责当地的干部可以查看" in reply.text
    assert "路灯坏了" not in reply.text and "XQ" not in reply.text
    assert len(refusals(catalog)) == 1


def test_our_town_means_the_cadres_own_town(catalog, gazetteer, settings, registry):
    reply = ask(catalog, gazetteer, settings, "我们镇有几个试点社区", viewer=CHENGXIANG_CADRE)
    assert reply.text.startswith("城厢镇试点共 7 个")
    asked = ask(catalog, gazetteer, settings, "我们镇有几个试点社区")  # a resident: which town?
    assert len(asked.buttons) == 8 and asked.buttons[0]["payload"] == "城厢镇有几个试点社区"


def test_period_counts_from_monthly_counters_equal_a_full_count(catalog, gazetteer):
    """Whole months from the counters plus the cut days read directly add up to a plain count."""
    import calendar
    import random

    from bot.figures import _scan, needs_between
    from bot.needs.service import NeedDraft, file_need

    rng = random.Random(4)
    communities = [c.name for c in gazetteer.communities_in("城厢镇")] + [c.name for c in gazetteer.communities_in("沙溪镇")]
    for i in range(120):
        file_need(catalog, NeedDraft(rng.choice(communities), f"问题{i}", rng.choice(["基础设施提升", "人居环境整治"]),
                                     "盼", None, f"s{i}", f"k{i}"))
    with catalog.unit_of_work() as session:  # spread over 2025-2026, some right at a China-time month edge
        for i in range(1, 121):
            month = rng.randint(1, 12)
            day = rng.choice([1, 14, calendar.monthrange(2025, month)[1]])  # the last day crosses into China's next month
            stamp = f"2025-{month:02d}-{day:02d} {rng.choice(['15:59:59', '16:00:00', '03:00:00'])}"
            session.execute(text("UPDATE needs SET created_at = :t WHERE id = :i"), {"t": stamp, "i": i})
    periods = [(None, date(2025, 7, 1)), (date(2025, 3, 15), date(2025, 9, 2)), (date(2025, 4, 1), date(2025, 5, 1)),
               (date(2025, 6, 3), date(2025, 6, 20)), (date(2025, 1, 1), date(2026, 1, 1)), (None, date(2025, 12, 17))]
    for area, ids in ((Area(), None), (Area(town="沙溪镇"), None)):
        for start, end in periods:
            with catalog.unit_of_work() as session:
                if area.town:
                    ids = [p.community_id for p in area.places(places_of(session))]
                expected = _scan(session, ids, start, end)
            total, by_category = needs_between(catalog, area, start, end)
            assert dict(by_category) == {k: v for k, v in expected.items() if v}, (area, start, end)
            assert total == sum(expected.values())


def places_of(session):
    from bot.registry.service import places

    return places(session)


def test_without_a_place_a_cadre_gets_their_own_scope(catalog, gazetteer, settings, registry):
    file_needs(catalog, gazetteer)
    nanyuan = gazetteer.resolve("南园社区").community
    village_cadre = Viewer("rest", "ny", Cadre("C004", "陈红", "community", "城厢镇", nanyuan.name, ("rest:ny",)))
    assert ask(catalog, gazetteer, settings, "有多少需求", CATALOG_INTENT, village_cadre).text.startswith(
        "城厢镇南园社区需求目录共 3 条")
    assert ask(catalog, gazetteer, settings, "有几个试点", viewer=village_cadre).text.startswith("城厢镇试点共 7 个")
    assert ask(catalog, gazetteer, settings, "有几个试点", viewer=CITY_CADRE).text.startswith("全市试点共 21 个")


def test_a_backdated_command_holds_until_today(catalog, gazetteer, registry):
    community = registry["chengxiang"][1]
    kw = {"author": "王芳", "source": "chat:rest", "today": TODAY}
    change_registry(catalog, community.name, pilot=False, effective_on=TODAY, **kw)
    restored = change_registry(catalog, community.name, pilot=True, effective_on=date(2022, 9, 1), **kw)
    assert restored.changed and (restored.before_pilot, restored.is_pilot) == (False, True)
    state = next(s for s in states(catalog, TODAY) if s.community == community.name)
    assert (state.is_pilot, state.pilot_since) == (True, date(2022, 9, 1))
    again = change_registry(catalog, community.name, pilot=True, effective_on=date(2022, 9, 1), **kw)
    assert not again.changed
    # a type given from an earlier date replaces the later type too
    retyped = change_registry(catalog, community.name, community_type="普通商品房社区", effective_on=date(2022, 1, 1), **kw)
    assert (retyped.before_type, retyped.community_type, retyped.is_pilot) == ("老街巷社区", "普通商品房社区", True)
    assert next(s for s in states(catalog, date(2022, 3, 1)) if s.community == community.name).community_type == "普通商品房社区"


def test_a_pilot_before_the_community_was_classified_is_refused_clearly(catalog, gazetteer):
    nanyuan = gazetteer.resolve("南园社区").community
    change_registry(catalog, nanyuan.name, community_type="老街巷社区", effective_on=TODAY, author="t", source="t")
    with pytest.raises(RegistryError, match="在2022-12-01时还没有分类"):
        change_registry(catalog, nanyuan.name, pilot=True, effective_on=date(2022, 12, 1), author="t", source="t",
                        today=TODAY)
    both = change_registry(catalog, nanyuan.name, community_type="老街巷社区", pilot=True, effective_on=date(2022, 12, 1),
                           author="t", source="t", today=TODAY)
    assert both.changed and both.is_pilot


def test_places_outside_taicang_and_definitions_are_not_answered_with_figures(catalog, gazetteer, settings, registry):
    assert "太仓没有叫“上海”" in ask(catalog, gazetteer, settings, "上海市黄浦区有几个试点").text
    assert "太仓没有叫“火星村”" in ask(catalog, gazetteer, settings, "火星村是不是试点").text
    assert ask(catalog, gazetteer, settings, "什么是老街巷社区").response == "utter_faq/community_types"
    # the programme's own words are not a place
    reply = ask(catalog, gazetteer, settings, "请问城乡社区分类共建试点的覆盖率截至2023年底是多少")
    assert reply.text.startswith("截至2023年底，全市试点覆盖率 13.1%")


def test_rankings_overview_and_classified_lists(catalog, gazetteer, settings, registry):
    file_needs(catalog, gazetteer)
    ranked = ask(catalog, gazetteer, settings, "哪个镇需求最多", CATALOG_INTENT).text
    assert "1. 沙溪镇 4条" in ranked and "2. 城厢镇 3条" in ranked
    overview = ask(catalog, gazetteer, settings, "全市需求多少条资源多少条项目多少个", CATALOG_INTENT).text
    assert "需求 7 条" in overview and "资源 0 条" in overview and "待治理 6 个" in overview
    classified = ask(catalog, gazetteer, settings, "沙溪镇已分类的有几个").text
    assert "已分类 3 个" in classified and "已分类的有：" in classified and classified.count("· ") == 3
    pilots = ask(catalog, gazetteer, settings, "城厢镇有哪些试点").text  # 7: shown whole, no button needed
    assert pilots.count("· ") == 7


def test_every_counter_agrees_with_a_full_count_after_many_kinds_of_write(catalog, gazetteer):
    from bot.matching.service import match_everything
    from bot.needs.service import update_status
    from bot.resources.service import ResourceDraft, file_resource, withdraw_resource

    filed = file_needs(catalog, gazetteer)
    shaxi = gazetteer.communities_in("沙溪镇")[0]
    for i, scope in enumerate(("community", "town", "city")):
        file_resource(catalog, ResourceDraft("社区能人", "王师傅", "修路灯 清理河道", "人力", scope,
                                             shaxi.name if scope == "community" else None,
                                             "沙溪镇" if scope == "town" else None, "周末", "13900000000",
                                             f"v{i}", f"r{i}"))
    match_everything(catalog)
    update_status(catalog, filed["tracking"][0], "in_progress", "", "t")
    withdraw_resource(catalog, "ZY000001", "不做了")
    with catalog.unit_of_work() as session:
        def rows(sql):
            return sorted(tuple(r) for r in session.execute(text(sql)).all())

        assert sorted(need_tallies(session, None, True), key=repr) == sorted(need_tallies(session, None, False), key=repr)
        assert rows("SELECT scope, community_id, town_id, status, n FROM resource_counts WHERE n > 0") == rows(
            "SELECT scope, COALESCE(community_id, 0), COALESCE(town_id, 0), status, count(*) FROM resources "
            "GROUP BY 1, 2, 3, 4")
        assert rows("SELECT community_id, month, category, n FROM need_month_counts WHERE n > 0") == rows(
            "SELECT community_id, strftime('%Y-%m', created_at, '+8 hours'), category, count(*) FROM needs "
            "GROUP BY 1, 2, 3")
