"""What a need requires and what an offer can do, read from their words (bot/data/capabilities.yml)."""

import pytest
import yaml

from bot.config import PROJECT_ROOT
from bot.matching.capabilities import TAG, of, offered, required, tags, vocabulary


@pytest.mark.parametrize("need, capability", [
    ("小区门口的路灯不亮了", "路灯维修"),
    ("3号楼电题又坏了", "电梯维修"),  # voice input: 电题 sounds as 电梯
    ("绿化带边上音井盖没了", "井盖更换"),  # 音井盖 sounds as 窨井盖
    ("楼下下水道堵了 一下雨就返水", "管道疏通"),
    ("伲姆妈血压高 想有人来量量", "医疗健康"),
    ("想听宣卷，村里好多年没人唱了", "戏曲曲艺"),
    ("两家为了宅基地吵架闹了好几年", "纠纷调解"),
])
def test_a_need_requires_what_its_words_name(need, capability):
    assert capability in required(need)


def test_the_longest_word_wins_where_two_overlap():
    # 卫生室 is a clinic, not cleaning (卫生) inside it.
    assert required("村卫生室没有医生") == {"医疗健康"}


def test_dialect_is_read_as_its_written_form():
    assert required("门口路灯灯黑特了") == required("门口路灯不亮了")


@pytest.mark.parametrize("offer, capability", [
    ("我是退休电工，楼道灯插座这些都能弄", "电路维修"),
    ("电梯维保公司，可以上门检修", "电梯维修"),
    ("镇卫生院的医生，可以来村里量血压", "医疗健康"),
    ("我们锡剧团可以来演一场", "戏曲曲艺"),
])
def test_an_offer_offers_its_trade(offer, capability):
    assert capability in offered(offer)


def test_an_offer_naming_a_thing_without_doing_anything_to_it_offers_nothing_for_it():
    assert "电梯维修" not in offered("电梯广告公司，电梯里的广告屏可以优惠投放")
    assert "电梯维修" in offered("可以帮忙修电梯")


def test_words_that_name_nobody_s_job_offer_nothing():
    assert offered("我是党员，平时有空，有事叫我") == frozenset()
    assert required("麻烦你们帮帮忙") == frozenset()


def test_tags_travel_with_keywords_and_come_back():
    names = frozenset({"路灯维修", "电路维修"})
    assert all(t.startswith(TAG) for t in tags(names))
    assert of(frozenset(tags(names)) | {"路灯"}) == names


def test_every_capability_is_reachable_from_both_sides():
    raw = yaml.safe_load((PROJECT_ROOT / "bot" / "data" / "capabilities.yml").read_text(encoding="utf-8"))
    vocab = vocabulary()
    needed = {c for names in vocab.need_words.values() for c in names}
    provided = {c for names in [*vocab.trade_words.values(), *vocab.topic_words.values()] for c in names}
    assert needed == provided == set(raw["capabilities"])
    assert all(len(w) >= 1 and " " not in w for w in vocab.need_words)


def test_an_offer_to_sell_is_evidence_of_nothing_unless_something_is_given():
    assert offered("我们卖灭火器和消防器材，小区团购有优惠") == frozenset()
    assert "消防安全" in offered("消防站可以免费来小区检查灭火器")


@pytest.mark.parametrize("need, offer, strong", [
    ("12幢电梯坏了困人", "电梯维保公司，可以上门检修", True),
    ("想请人教小朋友学锡剧", "我们锡剧团可以来社区演一场", False),  # to be taught, not a performance
    ("装门禁的事大家意见不统一，想找人组织商量", "门禁厂家，单元门禁都能安装", False),  # to agree, not to install
])
def test_a_pair_is_strong_only_when_the_kinds_of_help_agree(need, offer, strong):
    from bot.matching.capabilities import evidence, kinds_needed, kinds_offered

    assert bool(evidence(required(need), offered(offer), kinds_needed(need), kinds_offered(offer))) is strong


def test_voice_input_spaces_do_not_hide_words():
    assert required("想 找 人 陪 去 医院 看看") == required("想找人陪去医院看看")


def test_a_common_word_that_only_sounds_like_a_job_means_itself():
    """愿意 (willing) sounds like 园艺 (gardening); 电题 is no word, so it is 电梯 mistyped by voice input."""
    assert "绿化养护" not in offered("我是退伍老兵，愿意去给孩子们讲讲亲身经历")
    assert "绿化养护" in offered("我会园艺，可以帮忙修剪绿化")
    assert "电梯维修" in required("电题坏了三天了")


def test_a_sound_across_two_words_is_no_word():
    """心里发毛 (uneasy): 里发 sounds like 理发 (a haircut) but lies across two words."""
    assert "理发" not in required("电瓶车电池鼓起来了，还能不能充，心里发毛")


def test_a_word_read_by_sound_never_runs_past_the_end_of_the_text():
    # 挂号 at the end of the text lies inside 网上挂号; a slice cut short by the end is no word.
    assert required("想学网上挂号") == {"数字助老"}


def test_a_common_word_means_itself_not_the_word_it_sounds_like():
    assert required("中午午睡被吵醒") == frozenset()  # 午睡 is no 污水
    assert "电梯维修" in required("3号楼电题又坏了")  # 电题 is no word of its own


@pytest.mark.parametrize("need, job", [
    ("公共绿地上有人搭了个鸡棚，早上四点鸡就开始叫", "急救培训"),  # 鸡就 sounds like 急救, and shares no character
    ("村里那条断头浜常年不流动", "文艺演出"),  # 常年 sounds like 唱念
])
def test_a_string_sharing_no_character_with_a_word_only_sounds_like_it(need, job):
    """Voice input mistypes a character or two of a word and keeps the rest (电题, 雪压)."""
    assert job not in required(need)
    assert "医疗健康" in required("老人雪压高，每天想量量")


def test_on_an_offer_a_trade_word_hides_a_topic_word_inside_it():
    assert offered("卫生院医生上门量血压") == {"医疗健康"}  # 卫生院 is no 卫生 (cleaning)


@pytest.mark.parametrize("need, offer, strong", [
    ("老两口想学跳交谊舞", "我们排舞队每天晚上跳，广场上人多热闹", False),  # a team that dances teaches no one
    ("老两口想学跳交谊舞", "退休舞蹈老师，可以免费教交谊舞", True),
    ("伲屋里向厨房下水道赌牢哉，一股臭气", "我是做管道疏通的，社区困难户免费", True),  # 赌牢 typed for 堵牢
    # a lesson offered in other words: a class given, a skill handed down
    ("小区几个老人想学打太极拳", "我练太极三十年，周末可以在广场开一堂太极课", True),
    ("村里的年轻人想学扎灯笼", "我是扎灯笼手艺的传人，愿意免费传授", True),
    # a body that cannot move them is care, not a thing stuck to repair
    ("我爸瘫在床上，我一个人抬不动他去洗澡", "护理站的护工可以上门助浴，一周两次", True),
])
def test_a_need_to_be_taught_or_repaired_meets_the_offer_that_does_it(need, offer, strong):
    from bot.matching.capabilities import evidence, kinds_needed, kinds_offered

    assert bool(evidence(required(need), offered(offer), kinds_needed(need), kinds_offered(offer))) is strong


@pytest.mark.parametrize("offer, sold", [
    ("我们是做空调清洗的，99元一台上门", True),  # a price is an offer to sell
    ("我们培训机构开了初中数学提高班，一学期3800元", True),
    ("退休电工，义务帮邻居修线路", False),
    ("社区长者食堂，十二块一荤两素，行动不便的可以送上门", False),  # the community's canteen, priced
])
def test_an_offer_with_a_price_and_nothing_given_is_paid_for(offer, sold):
    from bot.matching.capabilities import normalized, paid

    assert paid(normalized(offer)) is sold
    assert not offered(offer) if sold else offered(offer)  # a paid offer is evidence of nothing


def test_a_volunteer_asking_a_little_for_materials_is_not_taken_for_an_advert():
    from bot.matching.capabilities import normalized, selling

    assert not selling(normalized("我会理发，收5块钱成本费，周末可以来"))
