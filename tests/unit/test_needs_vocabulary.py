"""The seven dimensions, urgency, and telling a description from a bare request to report one."""

import pytest

from bot.needs.describe import description_from_message
from bot.vocab.categories import categories, category_names, infer_category, normalize_category
from bot.vocab.urgency import URGENCIES, infer_urgency, normalize_urgency, urgency_codes

SEVEN = ("基础设施提升", "人居环境整治", "多元文化融合", "社区服务供给", "物业管理监督", "基层群众自治", "基层组织建设")


def test_the_plan_has_exactly_the_seven_dimensions():
    assert set(category_names()) == set(SEVEN)
    assert len(category_names()) == 7


def test_every_dimension_has_its_own_button_text():
    buttons = [c.button for c in categories()]
    assert len(set(buttons)) == 7
    assert all(buttons)


# -- infer_category ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "description, category",
    [
        ("村口路灯坏了一个礼拜了，晚上黑乎乎的", "基础设施提升"),
        ("小区门口马路上一个大坑，电瓶车骑过去差点摔跤", "基础设施提升"),
        ("老小区想加装电梯，楼里都是七八十岁的", "基础设施提升"),
        ("下水道堵了，一下雨就冒水", "基础设施提升"),
        ("楼下垃圾堆了好几天没人清理，臭死了", "人居环境整治"),
        ("河道里全是水葫芦，水都黑臭了", "人居环境整治"),
        ("隔壁在院子里搭违建，把过道堵死了", "人居环境整治"),
        ("我们是外地来的新市民，社区活动从来没人叫我们", "多元文化融合"),
        ("村里文化活动太少，想看露天电影", "多元文化融合"),
        ("广场舞没地方跳", "多元文化融合"),
        ("老人吃饭不方便，希望办个老年食堂", "社区服务供给"),
        ("孩子放学没人管，希望有四点半课堂", "社区服务供给"),
        ("想给老母亲申请居家养老服务", "社区服务供给"),
        ("物业费年年涨，服务越来越差", "物业管理监督"),
        ("物业公司不作为，报修没人来", "物业管理监督"),
        ("业委会选了好几年选不出来", "物业管理监督"),
        ("村里的账目从来不公开", "基层群众自治"),
        ("邻里纠纷想请社区调解", "基层群众自治"),
        ("村规民约定好了没人遵守", "基层群众自治"),
        ("村干部作风有问题，办事看人情", "基层组织建设"),
        ("网格员从来没见过", "基层组织建设"),
        ("党支部活动光拍照片，啥实事也不做", "基层组织建设"),
    ],
)
def test_a_clear_description_gets_its_dimension(description, category):
    assert infer_category(description) == category


@pytest.mark.parametrize("description", ["你好", "我有个事情想说一下", "帮帮忙", "谢谢", "", None])
def test_a_vague_message_gets_no_dimension(description):
    assert infer_category(description) is None


def test_a_village_clinic_problem_is_a_community_service():
    assert infer_category("村卫生室经常关门") == "社区服务供给"


def test_a_parking_fee_complaint_is_about_property_management():
    assert infer_category("小区停车费太贵") == "物业管理监督"


# -- normalize_category -----------------------------------------------------------------------
@pytest.mark.parametrize("category", categories(), ids=lambda c: c.english)
def test_a_dimension_is_recognised_by_name_button_text_and_english(category):
    assert normalize_category(category.name) == category.name
    assert normalize_category(category.button) == category.name
    assert normalize_category(f"  {category.button} ") == category.name
    assert normalize_category(category.english) == category.name


@pytest.mark.parametrize(
    "said, category",
    [("我选基础设施提升", "基础设施提升"), ("算人居环境整治吧", "人居环境整治"), ("物业", "物业管理监督"), ("人居环境", "人居环境整治")],
)
def test_a_dimension_named_inside_an_answer_or_by_its_main_word_is_recognised(said, category):
    assert normalize_category(said) == category


@pytest.mark.parametrize("said", ["", None, "随便", "不知道"])
def test_an_answer_that_names_no_dimension_gives_none(said):
    assert normalize_category(said) is None


def test_a_word_shared_by_two_dimensions_is_not_taken_for_one_of_them():
    assert normalize_category("基层") is None


# -- normalize_urgency ------------------------------------------------------------------------
def test_the_four_urgency_codes_are_the_plans_words():
    assert urgency_codes() == ("急", "难", "愁", "盼")


@pytest.mark.parametrize("urgency", URGENCIES, ids=lambda u: u.english)
def test_an_urgency_is_recognised_by_code_button_text_and_english(urgency):
    assert normalize_urgency(urgency.code) == urgency.code
    assert normalize_urgency(f" {urgency.code} ") == urgency.code
    assert normalize_urgency(urgency.button) == urgency.code
    assert normalize_urgency(urgency.english) == urgency.code


@pytest.mark.parametrize(
    "said, code",
    [
        ("很急", "急"),
        ("急急急", "急"),
        ("急死了", "急"),
        ("急事", "急"),
        ("急得很", "急"),
        ("老大难", "难"),
        ("难解决", "难"),
        ("发愁", "愁"),
        ("愁死了", "愁"),
        ("犯愁", "愁"),
        ("盼望", "盼"),
        ("期盼", "盼"),
        ("不急", "盼"),
        ("不着急", "盼"),
        ("不是很急", "盼"),
        ("不太急", "盼"),
        ("慢慢来", "盼"),
        ("不急的 慢慢弄", "盼"),
    ],
)
def test_an_urgency_typed_in_everyday_words_is_recognised(said, code):
    assert normalize_urgency(said) == code


@pytest.mark.parametrize("said", ["", "   ", None, "一般", "不知道"])
def test_an_answer_that_states_no_urgency_gives_none(said):
    assert normalize_urgency(said) is None


@pytest.mark.parametrize(
    "said, code",
    [("特别急", "急"), ("非常急", "急"), ("紧急", "急"), ("十万火急", "急"), ("很着急", "急"), ("很难办", "难")],
)
def test_more_everyday_urgency_words_are_recognised(said, code):
    assert normalize_urgency(said) == code


def test_hard_to_say_is_not_recorded_as_a_long_standing_problem():
    assert normalize_urgency("难说") is None


@pytest.mark.parametrize("said", ["不是特别急", "不紧急"])
def test_other_ways_of_saying_not_urgent_are_hoped_for(said):
    assert normalize_urgency(said) == "盼"


# -- infer_urgency ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "description, code",
    [
        ("电线漏电了，很危险", "急"),
        ("家里停水两天了", "急"),
        ("有人摔倒了", "急"),
        ("楼道灯坏了好几年了，一直没人管", "难"),
        ("反映过好几次，解决不了", "难"),
        ("楼上天天半夜跳绳，吵得睡不着", "愁"),
        ("希望村里多装几盏路灯", "盼"),
        ("建议在河边多放几张椅子", "盼"),
    ],
)
def test_a_description_that_says_how_urgent_it_is_gets_that_urgency(description, code):
    assert infer_urgency(description) == code


def test_danger_wins_when_a_description_also_hopes_for_something():
    assert infer_urgency("电线漏电了很危险，希望赶紧来修") == "急"


@pytest.mark.parametrize("description", ["路灯坏了", "垃圾没人收", "", None])
def test_a_description_that_does_not_say_how_urgent_it_is_gets_none(description):
    assert infer_urgency(description) is None


@pytest.mark.parametrize("description", ["这个事不急，有空来修一下", "不着急，就是希望能修好", "慢慢来，马上也修不好"])
def test_a_resident_who_says_it_is_not_urgent_is_never_recorded_as_urgent(description):
    assert infer_urgency(description) in (None, "盼")


def test_saying_it_is_very_pressing_is_urgent():
    assert infer_urgency("这事很着急，路灯坏了") == "急"


def test_new_year_coming_soon_is_not_an_emergency():
    assert infer_urgency("马上要过年了，希望能把路灯修好") == "盼"


# -- described_urgency: what settles a description's urgency without asking ----------------------
@pytest.mark.parametrize("description, code", [
    ("楼道里电线冒烟了", "急"),
    ("路灯坏了，急死人了", "急"),
    ("这个事不急，有空来修一下", "盼"),
    ("村里老大难问题，排水沟堵了", "难"),
])
def test_a_description_that_says_the_level_or_tells_of_danger_settles_it(description, code):
    from bot.vocab.urgency import described_urgency

    assert described_urgency(description) == code


@pytest.mark.parametrize("description", ["楼上天天半夜跳绳", "楼道灯坏了好几年了", "希望村里多装几盏路灯", "路灯坏了"])
def test_cue_words_alone_leave_the_level_to_the_resident(description):
    from bot.vocab.urgency import described_urgency

    assert described_urgency(description) is None


# -- description_from_message -----------------------------------------------------------------
@pytest.mark.parametrize(
    "message",
    [
        "我是浏河镇新塘村的，村口路灯坏了一个礼拜了",
        "我要反映浏河镇新塘村村口的路灯坏了",
        "我住在胜利村，村口的桥塌了",
        "路灯坏了",
        "垃圾没人收",
        "楼上空调外机滴水到我家窗台",
        "晚上十点以后楼上还在跳绳",
        # A place, then one thing and what is wrong with it.
        "我是城厢镇南园社区的，树倒了",
        "沙溪镇的，墙塌了",
        "我在璜泾镇，灯坏了",
        "我新塘村的 狗咬人",
        "浏河镇水停了",
    ],
)
def test_a_message_that_describes_a_problem_is_kept_whole(gazetteer, message):
    assert description_from_message(message, gazetteer) == message


def test_the_kept_description_is_trimmed(gazetteer):
    assert description_from_message("  路灯坏了  ", gazetteer) == "路灯坏了"


@pytest.mark.parametrize(
    "message",
    [
        "我要反映问题",
        "侬好 伲要反映个事体",
        "我是浏河镇新塘村的",
        "我住在南园社区",
        "想投诉一下",
        "有个情况要报告",
        "领导你好 我有个问题想反映一下",
        "我是王秀社区的 有点事体想反映",
        "有件急事要反映",
        "喂喂 我要反映",
        "",
        # Answers to other questions said where a description was asked for.
        "很急", "不留", "确认提交", "取消", "没事了",
    ],
)
def test_a_bare_request_greeting_or_place_is_not_a_description(gazetteer, message):
    assert description_from_message(message, gazetteer) is None


def test_a_problem_without_category_keywords_is_still_a_description(gazetteer):
    message = "小区门口一直有人摆摊"
    assert description_from_message(message, gazetteer) == message


@pytest.mark.parametrize(("said", "code"), [
    ("急额", "急"), ("老急额", "急"), ("蛮急额", "急"), ("急哉", "急"), ("急的，挡在路当中", "急"),
    ("难额，反映过好几趟了", "难"), ("勿急额", "盼"), ("不太急", "盼"), ("勿急", "盼"),
])
def test_a_one_word_urgency_in_dialect_is_read(said, code):
    assert normalize_urgency(said) == code


@pytest.mark.parametrize("said", ["好的", "确认", "一般"])
def test_words_that_are_no_urgency_stay_unread(said):
    assert normalize_urgency(said) is None


@pytest.mark.parametrize("said", ["有人在河里游泳好像不行了", "救命啊", "有人持刀在小区里", "我胸口好痛喘不上气",
                                  "电线杆上的电线在冒火花", "隔壁老太太两天没出门了，敲门也没人应",
                                  "阿拉隔壁孤老太一家头住 好几天没看到伊出来", "老太门口牛奶也没拿进去 三天了",
                                  "浮桥镇 要紧伐 要勿要打110", "上个月有人晕倒 现在又倒在地上了",
                                  "老人可能晕倒了，敲门没人应"])
def test_an_emergency_in_everyday_words_is_told_to_call_for_help(said):
    from bot.needs.emergency import emergency_advice

    assert emergency_advice(said) and "拨打" in emergency_advice(said)


@pytest.mark.parametrize("said", ["村口路灯坏了", "楼上打架子鼓太吵了", "河里有垃圾", "游泳池不开放", "这个刀口伤好了",
                                  "消防通道堵牢哉 万一着火哪能办", "村委会去过两趟 敲门没人应", "三天没见到垃圾车来",
                                  "类别改平安建设 着火骗子都是平安个事体",
                                  "消防通道天天被堵，上次隔壁楼着火消防车都进不来", "不是现在着火，是上个月的事",
                                  "电瓶车拖到楼道里充电，哪天烧起来谁负责", "早晚要烧起来", "门口摆摊的把消防通道堵牢了，真要着火消防车根本进不来"])
def test_everyday_problems_are_no_emergency(said):
    from bot.needs.emergency import emergency_advice

    assert emergency_advice(said) is None


# -- the thing named first, and matters counted ---------------------------------------------------
@pytest.mark.parametrize("message, thing", [("路灯", "路灯"), ("垃圾", "垃圾"), ("我要反映问题", None), ("有个事", None)])
def test_the_thing_named_alone_is_kept_for_what_comes_after(gazetteer, message, thing):
    from bot.needs.describe import thing_named

    assert thing_named(message, gazetteer) == thing


def test_matters_counted_are_split_where_their_markers_start_them(gazetteer):
    from bot.needs.describe import split_problems

    said = "两个事，一个是12幢后面消防通道天天停满私家车，消防车肯定进不来，还有一个是5幢楼上有人拉电线下来给电瓶车充电，两个都帮我报一下"
    assert split_problems(said, gazetteer) == ["12幢后面消防通道天天停满私家车，消防车肯定进不来", "5幢楼上有人拉电线下来给电瓶车充电"]
