"""Call-back answers read in residents' own words: Mandarin, Wu dialect, voice-to-text, several at once."""

import pytest

from bot.needs.visit_reading import read_visit_answer

CASES = [
    # (message, question open, contacted, solved, satisfaction)
    ("联系过了", "contacted", True, None, None),
    ("有过的", "contacted", True, None, None),
    ("嗯嗯", "contacted", True, None, None),
    ("没有", "contacted", False, None, None),
    ("弗曾", "contacted", False, None, None),
    ("呒没人来过", "contacted", False, None, None),
    ("一个电话也没", "contacted", False, None, None),
    ("师傅上门来看过哉", "contacted", True, None, None),
    ("打过电话给我的", "contacted", True, None, None),
    ("来过了，修好了，蛮满意", "contacted", True, True, "满意"),
    ("修好哉", "solved", None, True, None),
    ("路灯亮了", "solved", None, True, None),
    ("没修好", "solved", None, False, None),
    ("还是老样子", "solved", None, False, None),
    ("修是修了，过了两天又坏了", "solved", None, False, None),
    ("根本没人管过，还是坏的", "solved", False, False, None),
    ("勿灵格", "solved", None, False, None),
    ("是的", "solved", None, True, None),
    ("还没呢", "solved", None, False, None),
    ("满意得很", "satisfaction", None, None, "满意"),
    ("不满意", "satisfaction", None, None, "不满意"),
    ("勿满意，拖了半个月", "satisfaction", None, None, "不满意"),
    ("基本满意", "satisfaction", None, None, "基本满意"),
    ("还可以吧，就是慢了点", "satisfaction", None, None, "基本满意"),
    ("马马虎虎", "satisfaction", None, None, "基本满意"),
    ("交关好，谢谢师傅", "satisfaction", None, None, "满意"),
    ("态度不好", "satisfaction", None, None, "不满意"),
    ("有人打电话来了，但是没解决，不满意", "contacted", True, False, "不满意"),
    ("垃圾清掉了 谢谢你们", "solved", None, True, "满意"),
]


@pytest.mark.parametrize(("text", "asked", "contacted", "solved", "satisfaction"), CASES)
def test_an_answer_is_read_for_each_question_it_answers(text, asked, contacted, solved, satisfaction):
    reading = read_visit_answer(text, asked)
    assert (reading.contacted, reading.solved, reading.satisfaction, reading.declined) == (
        contacted, solved, satisfaction, False)


@pytest.mark.parametrize("text", ["以后再说", "不想回答", "别问了", "算了"])
def test_a_resident_may_decline(text):
    reading = read_visit_answer(text, "contacted")
    assert reading.declined and reading.answered == ()


@pytest.mark.parametrize("text", ["我家门口的路灯又不亮了，在新塘村", "你好", "XQ000123进度怎么样", "asdfgh"])
def test_other_matters_answer_nothing_by_themselves(text):
    reading = read_visit_answer(text, "satisfaction")
    assert reading.satisfaction is None and not reading.declined


def test_a_bare_yes_answers_only_the_question_asked():
    assert read_visit_answer("对的", "satisfaction").answered == ("satisfaction",)
    assert read_visit_answer("对的", "satisfaction").satisfaction == "满意"
    assert read_visit_answer("对的", None).answered == ()


@pytest.mark.parametrize(("text", "flag"), [
    ("我要反映一下，楼道里的灯也不亮", "other_matter"), ("东门口的窨井盖翘起来哉", "problem_told"),
    ("老年人体检几时开始", "question")])
def test_another_matter_is_told_apart_from_an_answer(text, flag):
    assert getattr(read_visit_answer(text, "solved"), flag)
