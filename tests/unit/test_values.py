"""Field values in volunteers' own words: names, organisations, times, how far the help reaches."""

import pytest

from bot.dialogue.values import (
    beside_unit,
    breadth_from_words,
    name_from_words,
    organisation_in,
    stated_availability,
    time_from_words,
    time_phrase,
)


@pytest.mark.parametrize("said,name", [
    ("小周就行", "小周"),
    ("姓朱", "朱"),
    ("叫老张", "老张"),
    ("李建国，叫我老李就行", "老李"),          # the name asked for, not the full name
    ("村里人都叫我阿庆", "阿庆"),
    ("小杨，木易杨", "小杨"),                  # the spelling of a surname is not a name
    ("姓沈，三点水那个沈", "沈"),
    ("我们是惠民超市", "惠民超市"),
    ("王阿姨", "王阿姨"),
    ("姓朱 朱建华", "朱建华"),                 # the surname said first, then the name it begins
    ("老板姓顾", "顾老板"),
    ("联系人小李", "小李"),
    ("社团 班子名字叫璜泾宣卷队", "璜泾宣卷队"),
    ("璜泾宣卷队 联系我 我是领班老钱", "璜泾宣卷队（老钱）"),  # the troupe, and whom to ask for
])
def test_a_name_is_what_the_person_asks_to_be_called(said, name):
    assert name_from_words(said) == name


@pytest.mark.parametrize("said,organisation", [
    ("您好，我们是农商银行浏河支行，想定期到社区讲讲防诈骗", "农商银行浏河支行"),   # in full, not cut at 银行
    ("我们钓鱼协会愿意每个月组织会员捞垃圾", "钓鱼协会"),
    ("我们是太仓红十字志愿者协会，想", "太仓红十字志愿者协会"),
    ("伲饭店中午可以多烧几份饭菜", None),                                    # a kind of shop is not a name
    ("我们单位有三十几个年轻人", None),
    ("我是城南小学的少先队辅导员，学校想跟社区结对", "城南小学"),              # the school, not 的少先队
    ("阿拉是浮桥镇上开饭店个 想每个礼拜给孤老送几顿饭", None),               # what one does, not a name
    ("伲是镇上开了爿药房的", None),
    ("我们是开发区陆渡的苏州恒锐精密工会，有一辆11座面包车", "苏州恒锐精密工会"),  # where it is, then its name
    ("我们是太仓港顺达物流 周末有辆厢式货车空着", "太仓港顺达物流"),  # a trade name without 公司 (once asked again)
    ("阿拉物业有个会议室", None),  # the kind alone names no one
])
def test_an_organisation_named_in_an_offer_is_kept_whole(said, organisation):
    assert organisation_in(said) == organisation


@pytest.mark.parametrize("said", ["重阳节前后", "暑假里白天", "每个月月底", "礼拜六上半天"])
def test_times_as_people_say_them(said):
    assert time_from_words(said) == said


def test_the_longest_time_inside_a_message():
    assert time_phrase("我每周二下午3点到5点有空") == "每周二下午3点到5点"


@pytest.mark.parametrize("said,breadth", [
    ("全市都可以去", "city"), ("整个开发区都行", "town"), ("村里独居老人配药勿方便，我可以送", None),
])
def test_only_wide_scopes_are_read_from_an_opening(said, breadth):
    assert breadth_from_words(said) == breadth


@pytest.mark.parametrize("opening,time", [
    ("我周末上午可以来帮老人量血压", "周末上午"),
    ("我每周二下午3点到5点有空", "每周二下午3点到5点"),
    ("我每个月可以来一趟", None),            # a frequency: when exactly is asked
    ("平时欢喜拍照，社区搞活动可以来拍", None),
    ("电线老化都可以叫我去弄", None),
])
def test_only_a_definite_time_in_an_offer_stands_for_the_answer(opening, time):
    assert stated_availability(opening) == time


@pytest.mark.parametrize("organisation,asked", [
    ("钓鱼协会", True), ("学校团委", True), ("腰鼓队", True),
    ("浮桥江南丝竹队", False), ("农商银行浏河支行", False), ("太仓红十字志愿者协会", False), ("南园社区老年协会", False),
])
def test_an_organisation_named_only_by_its_kind_is_asked_in_full(gazetteer, organisation, asked):
    from bot.dialogue.places import GazetteerPlaces
    from bot.dialogue.values import needs_full_name

    assert needs_full_name(organisation, GazetteerPlaces(gazetteer)) is asked


# -- the kind of help: taken from the words only when they name it plainly, else the volunteer picks
@pytest.mark.parametrize("offer,kind", [
    ("周末可以给老人义诊，我是退休医生", "智力"),
    ("社区会议室晚上空着，可以借给居民开会用", "物力"),
])
def test_a_plainly_named_kind_of_help_is_taken(offer, kind):
    from bot.vocab.resources import infer_resource_type

    assert infer_resource_type(offer) == kind


@pytest.mark.parametrize("offer", [
    "工会想组织职工每个月来社区做志愿服务",      # 组织 here is a verb: the help is people
    "我以前当过老师，暑假里可以帮忙看看小孩",     # a teacher looking after children: people or expertise
    "店里逢年过节可以拿点米面送给孤老",          # one weak word only
])
def test_a_kind_of_help_the_words_do_not_settle_is_asked(offer):
    from bot.vocab.resources import infer_resource_type, likeliest_resource_types

    assert infer_resource_type(offer) is None
    assert len(likeliest_resource_types(offer)) == 6


@pytest.mark.parametrize("unit, person, written", [
    ("太仓勤丰包装", "小沈", "太仓勤丰包装（小沈）"),
    ("太仓勤丰包装（小王）", "小沈", "太仓勤丰包装（小沈）"),
    ("泥桥宣卷班", "泥桥", "泥桥宣卷班"),
    ("惠通驾校", None, "惠通驾校"),
])
def test_a_contact_person_is_written_beside_the_unit(unit, person, written):
    assert beside_unit(unit, person) == written


@pytest.mark.parametrize("said, name", [("我是排班的", None), ("我是顾", "顾"), ("我是小周", "小周"), ("我是钱美娟", "钱美娟"),
                                        ("朱建华 还有我老太婆徐秀英 两家头一道", "朱建华、徐秀英")])
def test_who_i_am_is_a_name_only_when_it_begins_like_one(said, name):
    assert name_from_words(said) == name
