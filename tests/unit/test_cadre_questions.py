"""Reading cadres' questions: time words, topics, places, community types."""

from __future__ import annotations

from datetime import date

import pytest

from bot.cadres.commands import orders_a_change, read_command
from bot.cadres.questions import (
    CATALOG_INTENT,
    PILOT_INTENT,
    PLACE_SPLIT,
    PLACES_ASKED,
    asks_for_figures,
    asks_for_split,
    ends_asked,
    few_asked,
    question_parts,
    read_question,
    unit_asked,
)
from bot.periods import parse_period
from bot.registry.progress import TARGETS
from bot.vocab.community_types import find_type, normalize_type

TODAY = date(2026, 11, 27)


@pytest.mark.parametrize("text, start, end, label", [
    ("今年新增多少需求", date(2026, 1, 1), date(2026, 11, 28), "2026年以来"),
    ("2022年底覆盖率", None, date(2023, 1, 1), "截至2022年底"),
    ("二零二三年的试点", date(2023, 1, 1), date(2024, 1, 1), "2023年"),
    ("上个月新增", date(2026, 10, 1), date(2026, 11, 1), "上个月（2026年10月）"),
    ("截至上个月底", None, date(2026, 11, 1), "截至2026年10月底"),
    ("最近一周", date(2026, 11, 21), date(2026, 11, 28), "最近一周"),
    ("去年", date(2025, 1, 1), date(2026, 1, 1), "2025年"),
    ("截至2023年6月30日", None, date(2023, 7, 1), "截至2023年6月30日"),
    ("12月份", date(2025, 12, 1), date(2026, 1, 1), "2025年12月"),  # December not yet come: last year's
    ("本周", date(2026, 11, 23), date(2026, 11, 28), "本周"),
    ("今年三季度新增多少需求", date(2026, 7, 1), date(2026, 10, 1), "2026年第三季度"),   # the quarter, not the year
    ("2023年第二季度", date(2023, 4, 1), date(2023, 7, 1), "2023年第二季度"),
    ("去年四季度", date(2025, 10, 1), date(2026, 1, 1), "2025年第四季度"),
    ("旧年新增多少", date(2025, 1, 1), date(2026, 1, 1), "2025年"),                       # Wu for 去年
    ("下半年呢", date(2026, 7, 1), date(2027, 1, 1), "2026年下半年"),
    ("23年底的时候全市试点有多少个", None, date(2024, 1, 1), "截至2023年底"),              # two-digit years
    ("二二年底达标没", None, date(2023, 1, 1), "截至2022年底"),
    ("今年年初全市覆盖率多少", None, date(2026, 1, 2), "2026年初"),
    ("全市眼下覆盖率到多少了", None, date(2026, 11, 28), "截至今天"),
    ("今朝新报上来的有伐", date(2026, 11, 27), date(2026, 11, 28), "今天"),  # 今朝: today, in Wu
    # from a day up to today: a holiday, a month, a day
    ("国庆以后报上来个急个有几条", date(2026, 10, 1), date(2026, 11, 28), "2026年10月1日以来"),
    ("10月1号以后", date(2026, 10, 1), date(2026, 11, 28), "2026年10月1日以来"),
    ("十月份以来新增多少", date(2026, 10, 1), date(2026, 11, 28), "2026年10月1日以来"),
    ("元旦以后", date(2026, 1, 1), date(2026, 11, 28), "2026年1月1日以来"),
    ("迭个季度新增几条", date(2026, 10, 1), date(2026, 11, 28), "2026年第四季度"),  # 迭个: this, in Wu
])
def test_time_words(text, start, end, label):
    period = parse_period(text, TODAY)
    assert (period.start, period.end, period.label) == (start, end, label)


def test_no_time_word_no_period():
    assert parse_period("南园社区有几个待治理项目", TODAY) is None
    assert parse_period("覆盖率达到60%没有", TODAY) is None


@pytest.mark.parametrize("text, intent, topic", [
    ("我们镇有几个试点社区？", PILOT_INTENT, "pilots"),
    ("全市覆盖率到多少了，30%达标没有？", PILOT_INTENT, "coverage"),
    ("伲镇覆改率几化", PILOT_INTENT, "coverage"),
    ("城厢镇每个牵头类型够不够两个试点", PILOT_INTENT, "lead_types"),
    ("南园社区是什么类型", PILOT_INTENT, "community_type"),
    ("王秀村阿是试点", PILOT_INTENT, "community_type"),
    ("城厢镇还有哪些没分类", PILOT_INTENT, "classified"),
    ("沙溪镇特色乡村有哪些", PILOT_INTENT, "by_type"),
    ("双凤镇城郊融合村还差几个", PILOT_INTENT, "lead_types"),
    ("城厢镇老街巷社区试点有哪些？", PILOT_INTENT, "pilots"),
    ("沙溪镇现在有多少待治理项目？", CATALOG_INTENT, "projects"),
    ("全市资源清单有多少条", CATALOG_INTENT, "resources"),
    ("反映最多的是哪类问题", CATALOG_INTENT, "top_categories"),
    ("上个月新增多少需求", CATALOG_INTENT, "new_needs"),
    ("哪些需求拖得最久还没资源", CATALOG_INTENT, "oldest_pending"),
    ("看看别人反映了啥", CATALOG_INTENT, "others_needs"),
    ("南园社区一共多少需求", CATALOG_INTENT, "needs"),
    ("阿拉镇复盖率多少", CATALOG_INTENT, "coverage"),   # a typo of 覆盖 taken for the catalog was the needs total
    ("沙溪镇还差几个试点", PILOT_INTENT, "coverage"),  # the gap to the target, not the list of pilots
    ("沙溪镇动迁安置社区有几个", PILOT_INTENT, "by_type"),  # that type's communities, not all of them
    ("全镇需求按维度从多到少排一下", CATALOG_INTENT, "top_categories"),  # dimensions ranked, not places
    ("璜泾镇分类工作做到哪一步了", PILOT_INTENT, "classified"),
    ("全市多少社区村，按八类分", PILOT_INTENT, "types_table"),  # each type's communities and pilots
    ("沙溪镇有哪几类、各几个试点", PILOT_INTENT, "types_table"),
    ("浮桥镇每种类型都有2个试点了吗", PILOT_INTENT, "lead_types"),  # the two-per-type rule, not any pilot
    ("每类至少2个哪些镇没达标", PILOT_INTENT, "lead_types"),
    ("哪几类还不到2个试点？", PILOT_INTENT, "lead_types"),  # round 10: the rule in other words
    ("各镇哪些类型试点不满2个", PILOT_INTENT, "lead_types"),
    ("城厢镇盼的需求每个社区几条", CATALOG_INTENT, "top_places"),  # split by village, the level kept
    ("还没列进去的是哪几个 啥类型", PILOT_INTENT, "not_pilots"),  # round 11: the communities not yet pilots
    ("沙溪镇哪几个村还不是试点", PILOT_INTENT, "not_pilots"),
    ("璜泾镇一个都没有？哪几个村还没开始", PILOT_INTENT, "not_pilots"),  # round 29: not started, not a count of villages
    ("双凤镇里向哪几个社区还没开始做试点", PILOT_INTENT, "not_pilots"),
    ("浏河镇试点开始了几个", PILOT_INTENT, "pilots"),
    ("南园社区是不是试点", PILOT_INTENT, "community_type"),  # one community asked about, not the list
    ("璜泾镇17个村社区按类型分", PILOT_INTENT, "types_table"),
    ("镇上资源按类型分", PILOT_INTENT, "resources"),  # the resource list's types, not the community types
    ("下一步重点抓啥", CATALOG_INTENT, "next_steps"),  # round 12: the gaps the figures show
    ("急的里面有多少等了好久还没人管的", CATALOG_INTENT, "oldest_pending"),
    ("附议最多的是哪几条", CATALOG_INTENT, "supported"),  # round 14: needs other residents joined
    ("有没有重复反映的", CATALOG_INTENT, "supported"),
])
def test_topics(gazetteer, text, intent, topic):
    assert read_question(text, intent, gazetteer, TODAY).topic == topic


def test_places_and_own_words(gazetteer):
    q = read_question("城厢镇老街巷社区试点有哪些", PILOT_INTENT, gazetteer, TODAY)
    assert (q.town, q.community, q.community_type, q.wants_list) == ("城厢镇", None, "老街巷社区", True)
    q = read_question("南园社去是什么类型", PILOT_INTENT, gazetteer, TODAY)  # a typo still finds it
    assert q.community == "南园社区居委会" and q.town == "城厢镇"
    assert read_question("新塘是啥类型", PILOT_INTENT, gazetteer, TODAY).ambiguous
    assert read_question("我们镇有几个试点", PILOT_INTENT, gazetteer, TODAY).own == "town"
    assert read_question("全市有几个试点", PILOT_INTENT, gazetteer, TODAY).city
    q = read_question("去年南区社区居民提了多少需求", CATALOG_INTENT, gazetteer, TODAY)  # 社区居民 keeps its name
    assert q.community == "南区社区居委会" and q.period is not None


def test_type_words():
    assert normalize_type("老街巷") == "老街巷社区"
    assert find_type("把涂松村改为拆迁村") == "拆迁撤并村"
    assert find_type("南园社区有几个试点") is None


def test_targets_at_their_boundaries():
    thirty, sixty = TARGETS
    assert [thirty.needed(n) for n in (10, 23, 160)] == [3, 7, 48]
    assert [sixty.needed(n) for n in (10, 15, 8, 160)] == [7, 10, 5, 97]


@pytest.mark.parametrize("text, kind, pilot, effective", [
    ("南园社区定为老街巷社区", "老街巷社区", None, TODAY),
    ("新塘村设为试点", None, True, TODAY),
    ("取消东林村的试点", None, False, TODAY),
    ("把洋沙社区加入试点自2022年10月1日起", None, True, date(2022, 10, 1)),
    ("王秀村 拆迁撤并村 试点", "拆迁撤并村", True, TODAY),
    ("闸北社区定为老街巷社区 勿是试点", "老街巷社区", False, TODAY),  # the pilot denied, not set
    ("闸北社区定为老街巷社区 试点先勿要 只定类型", "老街巷社区", None, TODAY),  # the pilot left as it is
])
def test_registry_commands(gazetteer, text, kind, pilot, effective):
    command = read_command(text, gazetteer, TODAY)
    assert (command.community_type, command.pilot, command.effective_on) == (kind, pilot, effective)
    assert command.community is not None or command.ambiguous


@pytest.mark.parametrize("text, intent, topics", [
    ("浮桥镇试点多少个、覆盖率多少、牵头类型够不够", PILOT_INTENT, ["pilots", "coverage", "lead_types"]),
    ("全市有多少个村，多少个社区", PILOT_INTENT, ["units"]),              # one answer gives both
    ("全市覆盖率到多少了，30%达标没有？", PILOT_INTENT, ["coverage"]),     # two wordings of one part
    ("三份目录各有多少", CATALOG_INTENT, ["overview"]),
    ("城厢镇有几个试点", PILOT_INTENT, ["pilots"]),
    ("我们镇30%达标没 现在几个试点 覆盖率多少", PILOT_INTENT, ["coverage", "pilots"]),  # pauses of voice input
    ("我们牵头的传统乡村 村改居社区 试点都够了吗", PILOT_INTENT, ["lead_types"]),
])
def test_each_part_of_a_question_is_read_with_the_place_said_once(gazetteer, text, intent, topics):
    from bot.cadres.questions import question_parts

    parts = question_parts(text, intent, gazetteer, TODAY)
    assert [p.topic for p in parts] == topics
    whole = read_question(text, intent, gazetteer, TODAY)
    assert all(p.town == whole.town for p in parts)


def test_a_bare_name_shared_by_two_places_is_asked_not_guessed(gazetteer):
    question = read_question("闸北是试点吗", PILOT_INTENT, gazetteer, TODAY)
    assert question.community is None and set(question.ambiguous) == {"闸北社区居委会", "闸北村委会"}
    assert read_question("新建的试点有哪些", PILOT_INTENT, gazetteer, TODAY).ambiguous == ()  # 新建 is a word here
    again = read_question("浮桥镇的浮桥是试点吗", PILOT_INTENT, gazetteer, TODAY)  # the town's name said again
    assert set(again.ambiguous) == {"浮桥社区居委会", "浮桥村委会"}
    assert read_question("浮桥镇有几个试点", PILOT_INTENT, gazetteer, TODAY).ambiguous == ()


@pytest.mark.parametrize("text, towns", [
    ("浮桥镇 璜泾镇各有几个试点", ["浮桥镇", "璜泾镇"]),
    ("城厢和沙溪覆盖率分别多少", ["城厢镇", "沙溪镇"]),
    ("港区和高新区试点几个", ["浮桥镇", "经济开发区"]),
    ("城厢镇南园社区是试点吗", ["城厢镇"]),
])
def test_two_places_in_one_question_are_each_answered(gazetteer, text, towns):
    from bot.cadres.questions import question_parts

    assert [p.town for p in question_parts(text, PILOT_INTENT, gazetteer, TODAY)] == towns


@pytest.mark.parametrize("text, places", [
    ("伲浏河镇个办结率搭全市比比看", [("浏河镇", None, False), (None, None, True)]),
    ("我们镇覆盖率跟全市比高还是低", [(None, "town", False), (None, None, True)]),
    ("浮桥镇满意率比全市平均高吗", [("浮桥镇", None, False), (None, None, True)]),
    ("城厢镇需求多少，全市呢", [("城厢镇", None, False), (None, None, True)]),
    ("全市办结率多少", [(None, None, True)]),
    ("全市各镇办结率比一比", [(None, None, True)]),
])
def test_a_place_set_beside_the_city_is_answered_for_both(gazetteer, text, places):
    from bot.cadres.questions import question_parts

    parts = question_parts(text, CATALOG_INTENT, gazetteer, TODAY)
    assert [(p.town, p.own, p.city) for p in parts] == places
    assert len({p.topic for p in parts}) == 1  # the same measure at both places


@pytest.mark.parametrize("text, yes_no", [
    ("东林村算不算试点村", True),
    ("2022年底30%那个目标全市达标了没", True),
    ("沙溪阿是完成60%了", True),
    ("鹊桥社区是试点吗现在", True),
    ("新毛社区有没有先治理项目", True),
    ("我们镇有几个试点", False),
    ("城厢镇试点覆盖率多少", False),
    ("城厢镇有哪些试点", False),
    ("开发区覆盖率多少 达标没", True),  # a figure, then on its own whether it is met
    ("浮桥镇覆盖率多少，够不够60%", True),
    ("城厢镇有几个试点 能列一下吗", False),  # only asks politely
])
def test_a_yes_no_question_is_told_from_a_question_for_a_figure(gazetteer, text, yes_no):
    assert read_question(text, PILOT_INTENT, gazetteer, TODAY).yes_no is yes_no


@pytest.mark.parametrize("text, category, state", [
    ("养老服务这块全市有多少需求", "社区服务供给", None),
    ("双凤镇环境卫生方面的需求有几条", "人居环境整治", None),
    ("路灯道路这些我们镇还有几个需求没办", "基础设施提升", "open"),
    ("我们镇今年需求多少条，没办结的多少", None, "open"),
    ("去年办结了几条需求", None, "finished"),
    ("去年解决了几条需求", None, "done"),
    ("浏河镇需求多少条", None, None),
    ("浮桥镇需求目录现在一共多少条", None, None),  # 浮桥镇's 桥 is no bridge
    ("何桥村需求多少条", None, None),
    ("南园社区基础设施方面的需求有哪些", "基础设施提升", None),  # half the name is the name
])
def test_a_catalog_question_may_name_a_dimension_and_a_state(gazetteer, text, category, state):
    question = read_question(text, CATALOG_INTENT, gazetteer, TODAY)
    assert (question.category, question.state) == (category, state)


def test_a_target_met_since_its_deadline_says_both():
    from datetime import date as day

    from bot.cadres.answers import _said_verdict
    from bot.registry.progress import TARGETS, TargetVerdict

    late = TargetVerdict(TARGETS[0], needed=48, pilots_now=56, pilots_then=18)
    assert _said_verdict("全市", late) == f"没有达标（按期限{TARGETS[0].label}，到期时差 30 个）；全市现在已达到。\n"
    assert _said_verdict("全市", TargetVerdict(TARGETS[0], 48, 20, 18)) is None  # not then, not now: 没有达标 says it
    assert day.today() > TARGETS[0].deadline


@pytest.mark.parametrize("text, question, intent", [
    ("城厢镇急的按村分", True, CATALOG_INTENT), ("回到浮桥 满意度咋样", True, CATALOG_INTENT),
    ("物业类还没办结的有哪些", True, CATALOG_INTENT), ("按镇分试点数", True, PILOT_INTENT),
    ("楼道灯坏了好几天了", False, None),
])
def test_a_split_asked_without_a_question_word_is_a_question(text, question, intent):
    from bot.cadres.commands import is_question
    from bot.cadres.questions import guess_intent

    assert (is_question(text), guess_intent(text)) == (question, intent)


def test_a_split_asked_after_a_count_names_no_place(gazetteer):
    question = read_question("盼的那15条按村分", CATALOG_INTENT, gazetteer, TODAY)
    assert question.unknown_place is None and question.urgency == "盼" and question.topic == "top_places"


def test_a_time_said_in_a_later_part_holds_for_that_part_only(gazetteer):
    from bot.cadres.questions import question_parts

    total, this_month = question_parts("城厢镇需求一共几条 这个月新增几条", CATALOG_INTENT, gazetteer, TODAY)
    assert total.period is None and this_month.period is not None and this_month.topic == "new_needs"
    parts = question_parts("全市2022年底覆盖率多少 资源有几条", CATALOG_INTENT, gazetteer, TODAY)
    assert len(parts) == 2 and all(part.period is not None for part in parts)  # said first, it holds for what follows


@pytest.mark.parametrize("asked, meant", [
    ("哪些需求有资源对上了", "哪些先治理项目"),
    ("浏河镇需求跟资源对接上的有几条", "浏河镇先治理项目有几条"),
    ("还没对上资源的需求有几个", "待治理项目有几个"),
    ("资源清单里有多少资源", "资源清单里有多少资源"),  # the resource list itself
    ("XQ000125 这条办到哪一步了，有资源对上伐", "XQ000125 这条办到哪一步了，有资源对上伐"),  # one need's own
])
def test_matches_asked_for_are_the_project_tiers_they_mean(asked, meant):
    from bot.cadres.questions import in_the_plans_words

    assert in_the_plans_words(asked) == meant


def test_new_reports_asked_by_a_cadre_are_a_figure_question():
    from bot.cadres.questions import guess_intent

    assert guess_intent("今朝新报上来的有伐？") == CATALOG_INTENT  # never a resident's status check


@pytest.mark.parametrize("text, topic, wants_list, yes_no", [
    ("城厢镇上个月新登记了几条资源", "resources", False, False),  # resources registered, not new needs
    ("双凤镇哪类还缺试点", "lead_types", False, False),
    ("浏河镇试点还缺哪几类", "lead_types", True, False),
    ("万丰村那两条待治理的具体是什么", "projects", True, False),  # "什么" asks what, not yes or no
    ("重办的是哪两条", "needs", True, False),
])
def test_round_sixteen_questions_read_for_what_they_ask(gazetteer, text, topic, wants_list, yes_no):
    intent = PILOT_INTENT if "试点" in text else CATALOG_INTENT
    question = read_question(text, intent, gazetteer, TODAY)
    assert (question.topic, question.wants_list, question.yes_no) == (topic, wants_list, yes_no)


@pytest.mark.parametrize("text, topics", [
    ("重办个4条是哪几个村", [("needs", "reopened")]),  # Wu 个 for 的: the reopened needs, not the villages
    ("全市有多少个村，多少个社区", [("units", None)]),  # 个 of a count stays a count
    ("对接成功了几对？满意度哪能", [("projects", None), ("rates", None)]),  # matched pairs are the 先治理 projects
])
def test_round_seventeen_questions_read_for_what_they_ask(gazetteer, text, topics):
    intent = PILOT_INTENT if "村，" in text else CATALOG_INTENT
    parts = question_parts(text, intent, gazetteer, TODAY)
    assert [(p.topic, p.state) for p in parts] == topics


def test_wu_not_is_read_as_not(gazetteer):
    question = read_question("新建村还有几条呒没办好，列出来看看", CATALOG_INTENT, gazetteer, TODAY)
    assert question.state == "open" and question.wants_list


@pytest.mark.parametrize("text, days", [
    ("超过一个月还没办的有几条", 30), ("超过30天还没办结的", 30), ("等了两个礼拜以上还没办的有多少", 14), ("需求有几条", None),
    ("超过三个月的需求", None),  # nothing said about waiting: no filter
])
def test_how_long_needs_have_waited(text, days):
    from bot.cadres.questions import waited_at_least

    found = waited_at_least(text)
    assert (found[0] if found else None) == days


@pytest.mark.parametrize("text, topic", [("还没试点个是哪几只村", "not_pilots"), ("我问没有试点的", "not_pilots"),
                                         ("双凤镇有没有试点", "pilots")])
def test_villages_not_yet_pilots_in_wu(gazetteer, text, topic):
    assert read_question(text, PILOT_INTENT, gazetteer, TODAY).topic == topic


@pytest.mark.parametrize("text, few, ends", [
    ("最急个三条发我看看", (True, 3), None),
    ("等得最久个两条是啥", (False, 2), None),
    ("办结率倒数三个是哪几个村", None, 3),
    ("最差的五个社区", None, 5),
    ("办结率排名", None, None),
    ("未办结个列出来 前三条", (False, 3), None),
    ("头两件详细讲讲", (False, 2), None),
])
def test_how_many_items_or_ranks_are_asked(text, few, ends):
    assert few_asked(text) == few
    assert ends_asked(text) == ends


@pytest.mark.parametrize("text, unit", [
    ("按镇排一下办结率", "town"), ("各镇需求多少", "town"), ("哪个镇最多", "town"), ("每个镇每类至少2个", "town"),
    ("沙溪镇跟浮桥镇比比", None), ("镇跟镇比一比", "town"), ("最少的是哪个社区", "community"), ("按村分一下", "community"),
    ("哪几个村还没有需求", "community"), ("最多的小区", "community"), ("哪个村民反映的", None), ("办结率排名", None),
])
def test_the_unit_places_are_asked_by(text, unit):
    assert unit_asked(text) == unit


@pytest.mark.parametrize("text, places, split", [
    ("上周呢，按村分一下", True, True),
    ("哪个社区的需求最多", True, False),
    ("各镇排一排", True, False),
    ("资源按类型分一下", False, True),
    ("各类分别几条", False, True),
    ("待治理的列几条看看", False, False),
])
def test_a_count_asked_by_place_or_split_some_way(text, places, split):
    assert bool(PLACES_ASKED.search(text)) is places
    assert asks_for_split(text) is split


def test_a_split_by_place_is_taken_out_whole():
    assert PLACE_SPLIT.sub("", "急的需求，按村分一下") == "急的需求"


@pytest.mark.parametrize("text, intent, topics", [
    ("试点社区有几种类型？每个镇每类至少2个，达标了伐", PILOT_INTENT, ["pilots", "lead_types"]),
    ("我是问每种类型是不是每个镇都至少有2个试点", PILOT_INTENT, ["lead_types"]),
    ("中期评估要准备啥", PILOT_INTENT, ["evaluation"]),
    ("哪些资源还没对接上需求？", CATALOG_INTENT, ["resources"]),
    ("哪些需求还没有资源对接", CATALOG_INTENT, ["projects"]),
    ("没对接上资源的需求有几条", CATALOG_INTENT, ["projects"]),
    ("物业管理监督的需求主要在哪几个镇", CATALOG_INTENT, ["top_places"]),
    ("阿拉镇里急个需求有几条，勒勒啥地方", CATALOG_INTENT, ["top_places"]),
    ("伲社区已经办好个需求，回访满意伐", CATALOG_INTENT, ["needs", "rates"]),
])
def test_round_twenty_four_topics(gazetteer, text, intent, topics):
    assert [p.topic for p in question_parts(text, intent, gazetteer, date(2026, 12, 7))] == topics


def test_a_level_said_in_wu_before_a_pause_is_the_level_asked(gazetteer):
    asked = question_parts("王秀社区个5条急个，具体啥事体", CATALOG_INTENT, gazetteer, date(2026, 12, 7))
    assert [(p.topic, p.urgency) for p in asked] == [("needs", "急")]


@pytest.mark.parametrize("text, figures", [
    ("按镇分一下，急的物业问题哪个镇最多", True),
    ("各镇需求数量排一下", True),
    ("我是问沙溪镇搭浮桥镇整体的办结率比一比", True),
    ("半泾村河道里垃圾好多", False),
    ("物业不管事，楼道灯坏了三个月", False),
])
def test_figures_asked_whatever_problem_words_a_question_holds(text, figures):
    assert asks_for_figures(text) is figures


@pytest.mark.parametrize("text, tier, urgency", [
    ("哪个维度待治理最多", "pending", None), ("先治理项目有哪些", "priority", None), ("先治理和待治理按维度分", None, None),
    ("浮桥镇急个待治理需求列出来看看", "pending", "急"), ("开发区这个月急个几条", None, "急"), ("着急个事体多伐", None, None),
    ("急个两条啥情况", None, "急"), ("需求有多少", None, None),
    ("今年璜泾镇物业管理监督的急需求有几条", None, "急"), ("紧急需求有几条", None, "急"),  # round 29: 急需求
])
def test_the_tier_and_the_level_asked(gazetteer, text, tier, urgency):
    question = read_question(text, CATALOG_INTENT, gazetteer, TODAY)
    assert (question.tier, question.urgency) == (tier, urgency)


def test_a_subject_said_alone_joins_the_part_after_it(gazetteer):
    parts = question_parts("那需求这边，待治理最多个是哪一类", CATALOG_INTENT, gazetteer, TODAY)
    assert [(p.topic, p.tier) for p in parts] == [("top_categories", "pending")]


def test_a_deadline_said_beside_now_asks_for_todays_figures(gazetteer):
    asked = read_question("2023年底要达到60%的目标，现在完成得哪能了", PILOT_INTENT, gazetteer, TODAY)
    assert asked.period is None or asked.period.end is None or asked.period.end > TODAY
    then = read_question("2023年底达到60%了没", PILOT_INTENT, gazetteer, TODAY)
    assert then.period is not None and then.period.end.year == 2024


def test_a_sentence_one_part_said_is_not_said_again_by_the_next():
    from bot.cadres.answers import _said_once

    first = "没有。双凤镇庆丰村属于传统乡村（2023-01-31起归入此类），不是试点。"
    second = "双凤镇试点覆盖率 50%（试点 7 个 / 共 14 个村（社区））。\n双凤镇庆丰村属于传统乡村（2023-01-31起归入此类），不是试点。"
    ranking = "各镇：\n1. 沙溪镇 3条\n2. 浮桥镇 2条"
    assert _said_once([first, second]) == [first, "双凤镇试点覆盖率 50%（试点 7 个 / 共 14 个村（社区））。"]
    assert _said_once([ranking, ranking.replace("各镇：", "各镇（急）：")])[1].count("条") == 2  # lists kept whole


@pytest.mark.parametrize("text, changes", [
    ("把黄桥村定为传统乡村", True),
    ("帮我把黄桥村设成传统乡村 改一下", True),
    ("黄桥村是啥类型", False),
    ("黄桥村定为传统乡村了没有", False),
])
def test_a_change_said_with_its_verb_is_no_follow_up(text, changes):
    assert orders_a_change(text) is changes


def test_voice_inputs_resources_read_as_resources():
    from bot.cadres.questions import wu_plain

    assert "资源清单" in wu_plain("我们镇紫源清单多少条") and "紫色" in wu_plain("紫色的")
