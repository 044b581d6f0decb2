"""Round 38 of outside play, read by the reader: each message as a resident, a volunteer or a cadre typed it, with
the question that was open, and what the form must do with it."""

from __future__ import annotations

import pytest

from bot.dialogue.commands import AnswerQuestion, Aside, AskAgain, SetField
from bot.dialogue.places import GazetteerPlaces
from bot.dialogue.reader import Message, offer_and_problem, read, said_beside_resuming
from tests.unit.test_reader import need_at, offer_at


@pytest.fixture(scope="module")
def towns_and_villages(gazetteer):
    return GazetteerPlaces(gazetteer)


TOWN_WIDE = {"resource_scope": "town", "town": "城厢镇", "community": "梅园社区居委会"}
RATS = "楼道里老鼠交关多。晚上吱吱叫。小囡吓得勿敢下楼。物业讲勿管。"


@pytest.mark.parametrize("text, intent, state, expected", [
    # asked whether a machine answers, read by the classifier as a greeting: answered, never taken for a place
    ("侬是机器人伐", "greet", need_at("community", community=None), [AnswerQuestion("robot")]),
    ("侬好", "greet", need_at("community", community=None), [Aside("greet")]),
    # sentences named by their place, every one of them; a place beyond the words is asked
    ("第二句也勿要 最后一句勿要", "inform", need_at("need_confirmed", description=RATS),
     [SetField("description", "楼道里老鼠交关多。小囡吓得勿敢下楼。", True)]),
    ("第二句勿要", "inform", need_at("need_confirmed", description="楼道里老鼠交关多，晚上吱吱叫，小囡吓得勿敢下楼"),
     [SetField("description", "楼道里老鼠交关多，小囡吓得勿敢下楼", True)]),
    ("头一句拿脱", "inform", need_at("need_confirmed", description="楼道里老鼠交关多；晚上吱吱叫"),
     [SetField("description", "晚上吱吱叫", True)]),
    ("第五句删脱", "inform", need_at("need_confirmed", description="楼道里老鼠交关多，晚上吱吱叫"), [AskAgain("description")]),
    # a reach denied and the one meant said after it: their own community, never the town denied
    ("勿是全镇 就阿拉社区 全镇跑勿过来", "inform", offer_at("resource_confirmed", **TOWN_WIDE),
     [SetField("resource_scope", "community@梅园社区居委会", True)]),
    ("范围勿对呀 勿是全镇 就阿拉社区", "inform", offer_at("resource_confirmed", **TOWN_WIDE),
     [SetField("resource_scope", "community", True)]),
    ("勿是全镇 就阿拉社区", "inform", offer_at("resource_scope", resource_scope=None), [SetField("resource_scope", "community")]),
    # talk about the number typed (an apology for a digit missed, "留好了") is no word of the matter
    ("勿好意思少打一位 是幺三九五幺二六零四八七", "inform", need_at("phone", phone=None), [SetField("phone", "13951260487")]),
    ("电话留好了 13773628014", "inform", need_at("phone", phone=None), [SetField("phone", "13773628014")]),
    # a word of the time put right where it stands, the rest of the time kept
    ("上半天改成下半天 上午所里要值班", "inform", offer_at("resource_confirmed", available_time="每个月第一个礼拜天上半天"),
     [SetField("available_time", "每个月第一个礼拜天下半天（上午所里要值班）", True)]),
    ("时间礼拜六改成礼拜天", "inform", offer_at("resource_confirmed", available_time="每个礼拜六上午"),
     [SetField("available_time", "每个礼拜天上午", True)]),
    ("时间改成礼拜天", "inform", offer_at("resource_confirmed", available_time="每个礼拜六上午"),
     [SetField("available_time", "礼拜天", True)]),
    # asking to stay anonymous, with why: answered, never a level nor words of the problem
    ("能勿能匿名啊 我勿想让楼下晓得是我报个", "inform", need_at("urgency", urgency=None, description="8幢2单元水管爆脱了"),
     [AnswerQuestion("privacy")]),
    # the sentence named by its words taken out, none other ("总阀勿晓得辣啥地方" asks nothing); the worry answered
    ("问题里头 能勿能匿名搿句是我问侬个 勿要写进去 楼下看到要寻我麻烦个", "inform",
     need_at("need_confirmed", description="8幢2单元水管爆脱了；总阀勿晓得辣啥地方；能勿能匿名啊 我勿想让楼下"),
     [SetField("description", "8幢2单元水管爆脱了；总阀勿晓得辣啥地方", True), AnswerQuestion("privacy")]),
    # a yes to the place suggested, with a question: both
    ("对个 要多少辰光有人来啊", "affirm",
     need_at("community", community=None, place_options=["新丰社区居委会"], place_question="suggest"),
     [SetField("community", "新丰社区居委会"), AnswerQuestion("when")]),
    # when they will be called, asked: answered, never a person asked for
    ("会勿会有人半夜里打电话给我", "inform", offer_at("resource_phone", resource_phone=None), [AnswerQuestion("call_hours")]),
    ("晚上会不会打电话来啊 13913761592", "inform", need_at("phone", phone=None),
     [SetField("phone", "13913761592"), AnswerQuestion("call_hours")]),
    # a question about the name shown masked: never taken for the name ("啥了")
    ("提供方哪能是一串星号 我名字记成啥了", "inform", offer_at("resource_confirmed", provider_name="沈阿姨"),
     [AskAgain("provider_name"), AnswerQuestion("masked")]),
])
def test_round_thirty_eight(towns_and_villages, text, intent, state, expected):
    assert read(Message(text, intent, 0.9), state, towns_and_villages) == expected


@pytest.mark.parametrize("text, expected", [
    # a problem of the volunteer's own said after the offer: apart, to be reported after the offer
    ("我是退休电工 可以帮邻居修修电灯插座 另外阿拉楼道灯坏脱一个多月了",
     ("我是退休电工 可以帮邻居修修电灯插座", "阿拉楼道灯坏脱一个多月了")),
    ("我会理发 可以每个月上门帮老人剃头，另外还有个事，阿拉小区门口路灯勿亮",
     ("我会理发 可以每个月上门帮老人剃头", "阿拉小区门口路灯勿亮")),
    # more of the offer after "还有": one offer
    ("我可以帮老人量血压，还有陪诊也可以", None),
    ("阿拉单位有三十几个年轻人 缺人手尽管开口 另外我们还有一辆车可以借", None),
])
def test_offer_and_a_problem_apart(towns_and_villages, text, expected):
    assert offer_and_problem(text, towns_and_villages) == expected


@pytest.mark.parametrize("text, expected", [
    # a cancelled report taken up again in other words: every word of the matter said beside it kept
    ("嗯 想想还是报一报 阿拉老头子高血压礼拜六配勿到药", "阿拉老头子高血压礼拜六配勿到药"),
    ("哦不 还是报吧 实在吃勿消了 每天半夜两三点还在叫", "实在吃勿消了 每天半夜两三点还在叫"),
    ("还是报吧", ""),
])
def test_words_beside_taking_a_report_up_again(text, expected):
    assert said_beside_resuming(text) == expected
