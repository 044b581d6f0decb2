"""Cadres' follow-ups by ellipsis, as a table: the last question, the follow-up, the question it asks."""

from datetime import date

import pytest

from bot.cadres.followup import read_swap, swapped_question
from bot.cadres.questions import CATALOG_INTENT, read_question

TODAY = date(2026, 12, 4)


@pytest.mark.parametrize("previous,follow_up,asked", [
    ("城厢镇试点覆盖率多少", "那浏河镇呢", "浏河镇试点覆盖率多少"),
    ("城厢镇试点覆盖率多少", "换成浮桥镇", "浮桥镇试点覆盖率多少"),
    ("城厢镇试点覆盖率多少", "东林村呢？", "东林村试点覆盖率多少"),
    ("城厢镇试点覆盖率多少", "全市呢", "全市试点覆盖率多少"),
    ("各镇覆盖率多少", "那我们镇呢", "我们镇覆盖率多少"),
    ("全市2022年底覆盖率达标了吗", "那浏河镇呢", "浏河镇2022年底覆盖率达标了吗"),
    ("全市2022年底覆盖率达标了吗", "去年呢", "全市去年覆盖率达标了吗"),
    ("南区社区今年居民提了多少需求", "去年呢", "南区社区去年居民提了多少需求"),  # the place still read first
    ("全市2022年底覆盖率达标了吗", "现在呢", "全市覆盖率达标了吗"),
    ("全市2022年底覆盖率达标了吗", "那浮桥镇去年呢", "浮桥镇去年覆盖率达标了吗"),
    ("沙溪镇有多少个老街巷社区试点", "那传统乡村呢", "沙溪镇传统乡村有多少个试点"),
    ("沙溪镇有多少个老街巷社区试点", "浏河的呢", "浏河镇有多少个老街巷社区试点"),
    ("我们镇待治理项目有哪些", "那双凤镇呢", "双凤镇待治理项目有哪些"),
    # what is counted, swapped alone
    ("浏河镇先治理项目有多少个", "那待治理呢", "浏河镇待治理项目有多少个"),
    ("先治理项目有哪些", "那待治理呢", "待治理项目有哪些"),
    ("浮桥镇资源清单有多少条", "那需求呢", "浮桥镇需求有多少条"),
    ("科教新城需求有多少条", "那资源呢？", "科教新城资源清单有多少条"),
    ("沙溪镇需求多少条", "它的资源呢", "沙溪镇资源清单有多少条"),  # 它: the place just asked about
    ("我们镇还没办结的需求有多少条", "办结了的呢？", "我们镇已办结的需求有多少条"),
    ("城厢镇养老这块需求有多少", "那物业方面呢", "城厢镇物业管理监督需求有多少条"),
    ("按60%的目标算现在浏河镇还差几个试点", "换成30%呢", "按30%的目标算现在浏河镇还差几个试点"),
    ("浮桥镇老街巷社区试点有几个", "换成村改居社区这个类型", "浮桥镇村改居社区试点有几个"),
    ("全市还有几个没分类", "哪几个 发下名单", "全市还有几个没分类，哪几个发下名单"),            # its list
    ("开发区23年底覆盖率多少", "差几个", "开发区23年底覆盖率多少，差几个"),                    # its gap
    ("浮桥镇试点覆盖率多少", "一共还差几个", "浮桥镇试点覆盖率多少，一共还差几个"),
    ("浮桥镇试点覆盖率多少", "名单发下", "浮桥镇试点覆盖率多少，名单发下"),
    # a swap and an added ask in one message
    ("浮桥镇试点覆盖率多少", "换成60%呢 还差几个", "浮桥镇试点覆盖率多少，按60%的目标，还差几个"),
    ("浮桥镇试点覆盖率多少", "离30%还差几个", "浮桥镇试点覆盖率多少，按30%的目标，还差几个"),
    ("浮桥镇试点覆盖率多少", "那沙溪镇呢 够不够三成", "沙溪镇试点覆盖率多少，够不够三成"),
    ("浮桥镇试点覆盖率多少", "城厢镇还差几个", "城厢镇试点覆盖率多少，还差几个"),
    ("全市需求有多少条", "那城厢镇呢，名单发下", "城厢镇需求有多少条，名单发下"),
    ("浏河镇需求有多少条", "没办结那条是啥 列出来", "浏河镇还没办结的需求有多少条，列出来"),
    # a level of urgency, reopened needs, a share or a split asked after a figure
    ("我们镇需求目录有多少条", "急的有几条", "我们镇急的需求有多少条"),
    ("浮桥镇需求有多少条", "难的呢", "浮桥镇难的需求有多少条"),
    ("我们镇需求目录有多少条", "急难愁盼的需求有几条", "我们镇按急难愁盼分的需求有多少条"),
    ("全市需求目录多少条", "重办的有几条", "全市重办的需求有多少条"),
    ("全市重办的需求有多少条", "占几成", "全市重办的需求有多少条，占几成"),
    ("全市资源清单多少条", "按类型分一下", "全市资源清单多少条，按类型分一下"),
    ("沙溪镇按维度排一下", "重办名单发我", "沙溪镇重办的需求有多少条，名单发我"),  # the list, not the ranking
    ("浏河镇需求几条，按村分", "只看急的", "浏河镇急的需求有多少条，按村分"),  # filtered, still split by village
    ("浮桥镇需求按维度分", "只看还没办结的", "浮桥镇还没办结的需求有多少条，按维度分"),
    ("全市急难愁盼各多少", "急的占几成", "全市急的需求有多少条，占几成"),
    ("我们区急的需求有几条", "难的呢", "我们区难的需求有多少条"),
    ("城厢镇试点覆盖率多少", "沙溪镇急的名单发我", "沙溪镇急的需求有多少条，名单发我"),  # the place and what is counted
    ("开发区急的需求有哪些", "只要急的 列一下", "开发区急的需求有多少条，列一下"),
    # round 10: a new split takes the place of the one before, the level kept
    ("沙溪镇难的需求按维度分", "按村分", "沙溪镇难的需求，按村分"),
    # round 11: a state and a level swapped together, the ranking by town kept
    ("全市急的需求有多少条，按镇分", "那未办结的急的呢", "全市还没办结的急的需求有多少条，按镇分"),
    ("各镇急的需求排个名", "那未办结的急的呢", "各镇排个名还没办结的急的需求有多少条"),
    ("闸北社区急的需求有几条", "是啥 谁报的", "闸北社区急的需求有几条，是啥谁报的"),  # the items counted, listed
    ("新建村难的需求有几条", "这8条具体是啥 列一下", "新建村难的需求有几条，这8条具体是啥列一下"),
    # round 15: a level after a tier keeps the tier, also when the tier was asked as matches
    ("哪些需求有资源对上了", "其中急的呢", "哪些先治理项目里急的有哪些"),
    ("沙溪镇先治理项目有多少个", "其中急的呢", "沙溪镇先治理项目里急的有几个"),
    # round 25: another provider of the resources asked about
    ("全市登记的党员资源有多少", "驻区单位呢", "全市登记的驻区单位资源有多少"),
    ("双凤镇驻区单位资源有伐", "党员呢", "双凤镇党员资源有伐"),
    ("全市资源有多少", "其中党员的呢", "全市党员资源有多少"),
    # round 26: a dimension swapped into a tier's question keeps the tier
    ("浮桥镇待治理项目有多少", "其中物业的呢", "浮桥镇物业管理监督待治理项目有多少个"),
    ("哪个维度待治理最多里急的有几个", "其中人居环境的呢", "哪个维度最多里急的人居环境整治待治理项目有多少个"),
    # round 34: a day counted from and a run of months give way to the time said next
    ("国庆以后浏河镇未办结几条", "今年呢", "浏河镇今年未办结几条"),
    ("7月到9月沙溪镇新增几条", "10月到现在呢", "沙溪镇10月到现在新增几条"),
    # a village of a ranking, said after its town, is one village: its needs, not its villages
    ("今年未办结的需求按村排一下", "城厢镇新农村呢", "城厢镇新农村今年未办结的需求"),
])
def test_a_follow_up_asks_the_last_question_with_one_part_swapped(gazetteer, previous, follow_up, asked):
    swap = read_swap(follow_up, gazetteer, TODAY)
    assert not swap.empty
    assert swapped_question(previous, swap, gazetteer) == asked


@pytest.mark.parametrize("said", ["好的谢谢", "那先这样吧", "我报的那个呢", "沙溪镇覆盖率呢", "那个", "", "那就这样"])
def test_what_swaps_no_part_is_not_a_follow_up(gazetteer, said):
    assert read_swap(said, gazetteer, TODAY).empty


@pytest.mark.parametrize("text", ["我们镇哪些超期了", "沙溪镇超期的有几件", "哪些社区亮红灯了"])
def test_a_message_naming_its_own_topic_is_a_new_question_not_a_follow_up(gazetteer, text):
    assert read_swap(text, gazetteer, TODAY).empty


@pytest.mark.parametrize("said, item, about", [
    ("第一个是啥情况", (1, "是啥情况"), True),
    ("那第三条现在啥状态", (3, "现在啥状态"), True),
    ("最后一个是啥类型", (-1, "是啥类型"), True),
    ("第12条的详细情况", (12, "的详细情况"), True),
    ("第一个", (1, ""), False),  # alone it may pick a button
    ("一共几个", None, False),
])
def test_an_item_of_a_list_is_named_by_its_place(said, item, about):
    from bot.cadres.followup import asks_about_listed_item, listed_item

    assert listed_item(said) == item
    assert asks_about_listed_item(said) is about


@pytest.mark.parametrize("previous, said, asked", [
    ("庆丰村是试点伐", "它有几条需求没办结", "双凤镇庆丰村有几条需求没办结"),
    ("沙溪镇有几个试点", "伊拉个资源有几条", "沙溪镇资源有几条"),
    ("庆丰村是试点伐", "城厢镇需求多少", "城厢镇需求多少"),  # a place named: no pronoun to read
    ("全市需求多少", "它有几条", "它有几条"),            # no place before: left as said
    ("双凤镇庆丰村是啥类型", "是不是试点", "双凤镇庆丰村是不是试点"),  # the community just asked about
    ("我们村是啥类型", "是试点吗", "我们村是试点吗"),
    ("双凤镇试点覆盖率", "是试点吗", "是试点吗"),  # no community before: the question as said
])
def test_a_pronoun_stands_for_the_last_questions_place(gazetteer, previous, said, asked):
    from bot.cadres.followup import with_place_of

    assert with_place_of(previous, said, gazetteer, TODAY, "ask_pilot_progress") == asked


@pytest.mark.parametrize("said, place", [
    ("跟浮桥比呢", "浮桥镇"), ("和沙溪镇比一下", "沙溪镇"), ("跟浮桥镇比比看", "浮桥镇"),
    ("浮桥呢", None), ("跟他们说一下", None),
    ("阿拉村办结率同双凤镇比高还是低", "双凤镇"),  # round 29: their own place and the measure named first
])
def test_a_comparison_names_the_other_place(gazetteer, said, place):
    from bot.cadres.followup import compared_place

    assert compared_place(said, gazetteer) == place


def test_a_rate_named_in_a_comparison_is_the_measure_compared():
    from bot.cadres.followup import compared_measure

    assert compared_measure("阿拉村办结率同双凤镇比高还是低")[1] == "办结率多少"
    assert compared_measure("伲镇覆盖率搭沙溪镇比比看")[1] == "试点覆盖率多少"


RANKING = "浏河镇需求共 42 条，各村（社区）从多到少：\n1. 浏河镇万安村 21条\n2. 浏河镇海塘社区 17条\n3. 浏河镇何桥村 4条"


@pytest.mark.parametrize("text, shown, top", [
    ("最多的是哪个", RANKING, ("最多", "浏河镇万安村", "21", "条")),
    ("哪个最少", RANKING, ("最少", "浏河镇何桥村", "4", "条")),
    # round 21: after the towns' coverage from high to low, the lowest is the last
    ("最少的是哪个", "全市试点覆盖率 35%\n各镇（区），从高到低：\n· 科教新城 62.5%（5/8）\n· 璜泾镇 0%（0/17）",
     ("最少", "璜泾镇", "0%", "（0/17）")),
    # round 25: the place said with the end asked
    ("最少的是哪个镇", "全市试点覆盖率 35%\n各镇（区），从高到低：\n· 科教新城 62.5%（5/8）\n· 璜泾镇 0%（0/17）",
     ("最少", "璜泾镇", "0%", "（0/17）")),
    ("哪个村最多", RANKING, ("最多", "浏河镇万安村", "21", "条")),
    ("哪个镇最多", RANKING, None),  # the villages were ranked: the towns are asked anew
    ("哪个最少", RANKING + "\n……共12个，点“查看完整名单”看全部。", None),  # the least is not shown
    ("最多的是哪个", "浏河镇需求目录共 75 条", None),  # no ranking shown: a question of its own
    ("最多的是哪类问题啊 物业的有几条", RANKING, None),
])
def test_the_top_of_the_ranking_just_shown(text, shown, top):
    from bot.cadres.followup import top_of_ranking

    assert top_of_ranking(text, shown) == top


@pytest.mark.parametrize("previous,follow_up,asked", [
    ("阿拉镇需求有几条 按村分一下", "万安村急的有几条", "万安村急的需求有多少条"),  # one village has no villages
    ("阿拉镇需求有几条 按村分一下", "万安村呢", "万安村需求有几条"),
    ("全市需求按镇分", "那浏河镇呢", "浏河镇需求按村分"),  # a town, split by its villages
])
def test_a_split_by_place_follows_the_place_asked(gazetteer, previous, follow_up, asked):
    assert swapped_question(previous, read_swap(follow_up, gazetteer, TODAY), gazetteer) == asked


@pytest.mark.parametrize("previous,follow_up,asked", [
    ("双凤镇急的需求有几条", "其中先治理几个", "双凤镇急的先治理项目有多少个"),  # the level kept with the tier
    ("全市急的需求有几条", "那待治理呢", "全市急的待治理项目有多少个"),
])
def test_a_tier_asked_after_a_level_keeps_the_level(gazetteer, previous, follow_up, asked):
    assert swapped_question(previous, read_swap(follow_up, gazetteer, TODAY), gazetteer) == asked


# Round 16: "总共多少条" asks the count of what was just asked, its list left out.
@pytest.mark.parametrize("previous,follow_up,asked", [
    ("哪些需求还没解决", "总共多少条？", "需求还没解决一共多少条"),
    ("急的需求列一下", "一共几个", "急的需求一共多少条"),
    ("沙溪镇的试点有哪些", "加起来多少", "沙溪镇的试点一共多少个"),
    ("城厢镇现在有多少资源？", "总共多少条？", "城厢镇现在有多少资源"),  # already a count: asked again as it was
    ("伲镇重办的需求有几条", "重办的是哪两条", "伲镇重办的需求有多少条，是哪两条"),
])
def test_a_total_or_the_items_of_the_last_figure(gazetteer, previous, follow_up, asked):
    assert swapped_question(previous, read_swap(follow_up, gazetteer, TODAY), gazetteer) == asked


@pytest.mark.parametrize("text, points", [
    ("具体讲讲这条", True), ("那条啥情况？", True), ("这条谁报的", True),
    ("这个月呢", False), ("第一条具体讲讲", False), ("那个村呢", False), ("这个镇的需求有多少", False),
])
def test_an_item_pointed_at_without_its_place_in_the_list(text, points):
    from bot.cadres.followup import points_at_listed_item

    assert points_at_listed_item(text) is points


@pytest.mark.parametrize("text, item, within", [
    ("急的里面第二条具体讲讲", (2, "具体讲讲"), "急的"),
    ("待治理里第一个啥情况", (1, "啥情况"), "待治理"),
    ("那些里面第二条谁报的", (2, "谁报的"), None),  # the list just shown itself
    ("第三条", (3, ""), None),
])
def test_an_item_counted_within_part_of_the_list(text, item, within):
    from bot.cadres.followup import listed_item, listed_within

    assert listed_item(text) == item and listed_within(text) == within


@pytest.mark.parametrize("said, place", [
    ("搭璜泾镇比比看，伲需求多还是伊拉多", "璜泾镇"), ("阿拉搭双凤比，覆盖率啥人高", "双凤镇"),
])
def test_a_comparison_in_wu_names_the_other_place(gazetteer, said, place):
    from bot.cadres.followup import compared_place

    assert compared_place(said, gazetteer) == place


@pytest.mark.parametrize("own, other, verdict", [
    ("沙溪镇需求目录共 118 条", "璜泾镇需求目录共 85 条", ("沙溪镇", "璜泾镇")),
    ("经济开发区试点覆盖率 46.7%", "双凤镇试点覆盖率 50%", ("双凤镇", "经济开发区")),
    ("沙溪镇需求目录共 85 条", "璜泾镇需求目录共 85 条", None),  # as many: no verdict
    ("沙溪镇试点覆盖率 30%", "璜泾镇需求 30 条", None),  # not the same measure
])
def test_which_of_two_answers_leads(gazetteer, own, other, verdict):
    from bot.cadres.followup import leading_place, which_is_more

    assert which_is_more(own, other, leading_place(own, gazetteer), leading_place(other, gazetteer)) == verdict


def test_a_rate_asked_is_compared_by_its_percentages_not_the_count_before_it(gazetteer):
    """"跟全市比 阿拉办结率算高还是低": the answers open with counts; the rates decide."""
    from bot.cadres.followup import compared_unit, leading_place, more_word, which_is_more

    own, other = "浏河镇的需求 75 件：办结率 45.3%", "全市的需求 600 件：办结率 42.7%"
    unit = compared_unit("跟全市比 阿拉办结率算高还是低")
    assert which_is_more(own, other, leading_place(own, gazetteer), leading_place(other, gazetteer), unit) == ("浏河镇", "全市")
    assert more_word(own, unit) == "高"
    assert compared_unit("跟全市比 需求多还是少") is None


@pytest.mark.parametrize("previous, said, asked", [
    # "N条里": of the items just counted, the time, place, level and dimension kept
    ("今年沙溪镇需求有几条 急个占几成", "急格15条里厢办好了几条", "今年沙溪镇急的需求里办好了几条"),
    ("今年璜泾镇物业管理监督需求有几条", "格么物业13条办结了几条", "今年璜泾镇物业管理监督需求里办结了几条"),
    ("浏河镇未办结的需求有几条", "这41条里急的有几条", "浏河镇未办结的需求里急的有几条"),
    ("全市需求有几条", "今年报了几条", "今年报了几条"),  # no count said back: asked as said
    ("浏河镇需求有几条", "列出最新的10条", "列出最新的10条"),  # a number of items asked for, not a count said back
    ("浏河镇需求有几条", "前5条是啥", "前5条是啥"),
])
def test_a_count_said_back_asks_of_its_items(gazetteer, previous, said, asked):
    from bot.cadres.followup import of_the_items_counted

    assert of_the_items_counted(previous, said, gazetteer, TODAY, CATALOG_INTENT) == asked


@pytest.mark.parametrize("previous,follow_up,asked", [
    ("城厢镇需求有几条", "其中物业的呢，还有几条没办好", "城厢镇还没办结的物业管理监督需求有多少条"),  # two parts, two clauses
    ("城厢镇需求有几条", "那浏河镇呢，去年", "浏河镇去年需求有几条"),
    ("城厢镇需求有几条", "还有几条没办好", "城厢镇还没办结的需求有多少条"),
])
def test_a_follow_up_said_in_two_clauses_swaps_both_parts(gazetteer, previous, follow_up, asked):
    assert swapped_question(previous, read_swap(follow_up, gazetteer, TODAY), gazetteer) == asked


def test_a_split_by_dimension_after_a_ranking_of_places_splits_the_needs(gazetteer):
    from datetime import date

    from bot.cadres.followup import read_swap, swapped_question

    swap = read_swap("按维度分一下", gazetteer, date(2026, 12, 1))
    assert swapped_question("哪个社区最少", swap, gazetteer) == "需求，按维度分一下"
    assert read_swap("按类型分分", gazetteer, date(2026, 12, 1)).added == "按类型分分"


def test_a_follow_up_in_wu_names_the_dimension(gazetteer):
    from datetime import date

    from bot.cadres.followup import read_swap

    assert read_swap("其中基础设施个呢", gazetteer, date(2026, 12, 1)).category == "基础设施提升"


@pytest.mark.parametrize("text, reversed_", [
    ("倒过来，最少的几个", True), ("那反过来排", True), ("从少到多", True), ("倒数第一是哪个", False), ("最多的是哪个", False),
])
def test_a_ranking_asked_from_its_other_end(text, reversed_):
    from bot.cadres.followup import asks_reversed

    assert asks_reversed(text) is reversed_


def test_these_n_items_open_a_follow_up():
    from bot.cadres.followup import core_of

    assert core_of("这42条按类别统计一下，每类几条").startswith("按类别统计")


@pytest.mark.parametrize("previous, shown, turned", [
    ("办结率最差的三个村是哪几个", "各村（社区）办结率从低到高", "办结率最好的三个村是哪几个"),
    ("各村需求排个名", "各村（社区）从多到少", "各村需求排个名，倒数"),
])
def test_a_ranking_turned_to_its_other_end(previous, shown, turned):
    from bot.cadres.followup import other_end

    assert other_end(previous, shown) == turned


@pytest.mark.parametrize("previous, text, asked", [
    ("沙溪镇需求有多少", "那去年报了多少", "沙溪镇那去年报了多少"),
    ("伲村是试点伐", "今年伲村一共报了几条", "今年伲村一共报了几条"),  # their own village said
    ("全市需求有多少", "那去年报了多少", "那去年报了多少"),
    ("沙溪镇需求有多少", "去年报了多少", "去年报了多少"),  # no 那: a question of its own
])
def test_a_short_question_of_its_own_keeps_the_last_place(gazetteer, previous, text, asked):
    from bot.cadres.followup import at_place_of

    assert at_place_of(previous, text, gazetteer, TODAY, "ask_catalog") == asked


def test_a_measure_of_its_own_is_no_follow_up(gazetteer):
    assert read_swap("今年伲村一共报了几条", gazetteer, TODAY).empty


@pytest.mark.parametrize("text, shown, top", [
    ("最高的是哪个", "全市各镇（区）办结率从高到低（8个有需求）：\n1. 城厢镇 47.7%（已办结 21 / 共 44 件）\n2. 浮桥镇 37.9%（已办结 53 / 共 140 件）",
     ("最高", "城厢镇", "47.7%", "")),
    ("最低个是哪个", "全市各镇（区）办结率从高到低（8个有需求）：\n1. 城厢镇 47.7%（已办结 21 / 共 44 件）\n2. 浮桥镇 37.9%（已办结 53 / 共 140 件）",
     ("最低", "浮桥镇", "37.9%", "")),
    ("最多的是哪个", "各村从少到多：\n1. 甲村 0条\n2. 乙村 3条", ("最多", "乙村", "3", "条")),
    ("最多的是哪个", "各村从少到多：\n1. 甲村 0条\n2. 乙村 3条\n查看完整名单", None),
])
def test_the_end_of_a_rate_ranking_or_one_from_low(text, shown, top):
    from bot.cadres.followup import top_of_ranking

    assert top_of_ranking(text, shown) == top


@pytest.mark.parametrize("said, first, other", [("浮桥搭沙溪比比看", "浮桥镇", "沙溪镇"), ("沙溪镇跟浮桥镇比一比", "沙溪镇", "浮桥镇"),
                                                ("跟浮桥比呢", None, "浮桥镇")])
def test_two_places_compared_ask_the_last_question_of_the_first(gazetteer, said, first, other):
    from bot.cadres.followup import compared_place, first_compared

    assert (first_compared(said, gazetteer), compared_place(said, gazetteer)) == (first, other)


def test_the_urgent_among_the_items_just_counted(gazetteer):
    swap = read_swap("新港花苑那12条里头急个有几条", gazetteer, TODAY)
    assert swapped_question("新港花苑社区待治理项目有哪些", swap, gazetteer) == "新港花苑急的待治理项目有多少个"


@pytest.mark.parametrize("said, question", [
    # round 28: of the urgent ones just counted, those not done or overdue; the level kept
    ("这139条里还没办掉的有几条", "全市还没办结的急的需求有多少条"),
    ("浮桥镇格23条里 超期的有伐", "浮桥镇急的超期的需求有几条"),
])
def test_a_state_or_measure_of_the_items_just_counted_keeps_their_level(gazetteer, said, question):
    swap = read_swap(said, gazetteer, TODAY)
    assert swapped_question("全市急的需求有多少", swap, gazetteer) == question
    asked = read_question(question, CATALOG_INTENT, gazetteer, TODAY)
    assert asked.urgency == "急"


def test_a_town_said_whole_is_that_town(gazetteer):
    from bot.cadres.followup import _place_in

    assert _place_in("双凤全镇未办结", gazetteer) == "双凤镇"
    assert _place_in("全镇", gazetteer) == "全镇"  # the asker's own


@pytest.mark.parametrize("said, place", [
    ("那跟全市平均比呢 伲覆盖率算低伐", "全市"),  # round 28: whether it is low, asked after the comparison
    ("跟浮桥比呢 阿拉覆盖率高伐", "浮桥镇"),
])
def test_a_comparison_asking_whether_it_is_low_or_high_names_the_other_place(gazetteer, said, place):
    from bot.cadres.followup import compared_place

    assert compared_place(said, gazetteer) == place


@pytest.mark.parametrize("previous, said, asked", [
    ("全市中期评估报告", "急的占几成", "全市急的需求有多少条，占几成"),  # the needs of its place, not the report again
    ("浏河镇中期评估", "急的呢", "浏河镇急的需求有多少条"),
    ("闸北社区未办结的需求有几条", "急格事体占几成", "闸北社区还没办结的急的需求有多少条，占几成"),  # 事体: the needs
    ("2025年浏河镇需求按村排一下", "勿是按村 按维度 就是物业 基础设施那种分类", "2025年浏河镇需求，按维度分一下"),
    ("全市中期评估报告", "那浏河镇呢", "浏河镇中期评估报告"),  # another place: the report of that place
])
def test_a_level_asked_after_the_mid_term_report_asks_of_the_needs(gazetteer, previous, said, asked):
    assert swapped_question(previous, read_swap(said, gazetteer, TODAY), gazetteer) == asked
