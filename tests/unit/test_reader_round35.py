"""Rounds 35 to 37 of outside play, read by the reader: each message as a resident, a volunteer or a cadre typed it, with
the question that was open, and what the form must do with it."""

from __future__ import annotations

import pytest

from bot.dialogue.commands import AddDetail, AnswerQuestion, Aside, Cancel, Confirm, Hold, SetField, Unclear
from bot.dialogue.places import GazetteerPlaces
from bot.dialogue.reader import Message, read
from tests.unit.test_reader import need_at, offer_at


@pytest.fixture(scope="module")
def towns_and_villages(gazetteer):
    return GazetteerPlaces(gazetteer)

OPENED = {"community": None, "urgency": None, "phone": None, "need_category": None}
PIGEONS = "想问下 楼上邻居养鸽子 这种能不能反映的"
PHARMACY = "太仓市仁和堂大药房浮桥牌楼店"


@pytest.mark.parametrize("text, intent, state, expected", [
    # the place given with the matter after a moment's doubt: the place and every word of the matter, no yes
    ("算了 还是报吧 开发区华盛园社区 12幢 伊拉养了三四十只 阳台上全是鸽子屎 衣裳都勿敢晒", "report_need",
     need_at("community", **{**OPENED, "community": "华盛园社区居委会"}, description=PIGEONS),
     [SetField("community", "华盛园社区居委会"), AddDetail("12幢，伊拉养了三四十只，阳台上全是鸽子屎，衣裳都勿敢晒")]),
    ("算了，可以提交吧", "affirm", need_at("community", community="华盛园社区居委会"), [Confirm()]),
    # the words missed, said again after the complaint: all of them added, not only the building
    ("勿对呀 鸽子屎个事体哪能呒没写 12幢 养了三四十只 阳台上全是鸽子屎 衣裳勿敢晒", "report_need", need_at("need_confirmed"),
     [AddDetail("12幢 养了三四十只 阳台上全是鸽子屎 衣裳勿敢晒")]),
    ("刚刚讲烧的是塑料味道臭的没记上去啊", "report_need", need_at("need_confirmed"), [AddDetail("烧的是塑料味道臭的")]),
    # a yes to the place suggested, with the matter typed on without a pause
    ("是的是的就是岳星村田里烧的是塑料啥个都有味道臭的来", "report_need",
     need_at("community", community="岳星村委会", place_options=["岳星村委会"], place_question="suggest"),
     [SetField("community", "岳星村委会"), AddDetail("田里烧的是塑料啥个都有味道臭的来")]),
    ("刚刚勿是讲了嘛 单元门口台阶 轮椅推勿出去呀", "report_need", need_at("description", description=None),
     [SetField("description", "单元门口台阶 轮椅推勿出去呀")]),
    # the level said as a decision, and why: the decision is no word of the matter
    ("那就急吧，怕是有人偷排污水", "inform", need_at("urgency", urgency=None),
     [SetField("urgency", "急"), AddDetail("怕是有人偷排污水")]),
    ("一般", "inform", need_at("urgency", urgency=None), [SetField("urgency", "盼")]),
    # which tier, asked mid-form: a question, never a level
    ("我这个是先治理还是待治理", "faq", need_at("urgency", urgency=None), [Aside("faq")]),
    ("想想还是改成难吧 阿拉去年就讲过一趟了 一直呒没弄", "correct", need_at("need_confirmed", urgency="盼"),
     [SetField("urgency", "难", True), AddDetail("阿拉去年就讲过一趟了，一直呒没弄")]),
    ("勿要记 我就问问 算了", "deny", need_at("urgency", urgency=None), [Cancel()]),
    # a moment asked, with why, and no word of the matter; with a matter in it, the words are kept
    ("我再想想 老头子勿让我报", "report_need", need_at("community", **OPENED, description=PIGEONS), [Hold()]),
    ("让我想想 楼道里灯坏了三天了", "report_need", need_at("community", **OPENED, description=PIGEONS),
     [AddDetail("让我想想 楼道里灯坏了三天了")]),
])
def test_residents(towns_and_villages, text, intent, state, expected):
    assert read(Message(text, intent, 0.9), state, towns_and_villages) == expected


SPARKS = "沙溪香塘村 弄堂里电线垂下来 还冒火星"
TOILET = "公共厕所白天一直锁着 大家没地方上厕所，都跑到我店里来借；（联系：座机0512-53571846 白天打店里）"


@pytest.mark.parametrize("text, state, expected", [
    # words denied, then the words meant: put where the denied ones stand, the rest of the words kept
    ("勿是外机滴水，是空调冷凝水管子断脱了", need_at("need_confirmed", description="楼上空调外机滴水 滴在我家阳台上 衣裳都晒勿了"),
     [SetField("description", "楼上空调冷凝水管子断脱了 滴在我家阳台上 衣裳都晒勿了", True)]),
    ("勿是墙刮坏了，是人家屋檐刮坏了", need_at("need_confirmed", description="路牌转了方向 大货车开进弄堂 墙也刮坏了"),
     [SetField("description", "路牌转了方向 大货车开进弄堂 人家屋檐刮坏了", True)]),
    # words said to be written, taken out by a pronoun; a place after dismay at the one written
    ("问题里头开头还写着沙溪香塘村 拿伊去脱", need_at("need_confirmed", description=SPARKS, community="凡山村委会"),
     [SetField("description", "弄堂里电线垂下来 还冒火星", True)]),
    ("哪能地点又变回香塘村了 是凡山村！问题描述改成：弄堂里电线垂得老低 还冒火星",
     need_at("need_confirmed", description=SPARKS, community="香塘村委会"),
     [SetField("community", "凡山村委会", True), SetField("description", "弄堂里电线垂得老低 还冒火星", True)]),
    # the sentence said before "这句话删脱" goes, not the last one
    ("都跑到我店里来借 这句话删脱 勿要写进去 难为情个", need_at("need_confirmed", description=TOILET),
     [SetField("description", "公共厕所白天一直锁着 大家没地方上厕所；（联系：座机0512-53571846 白天打店里）", True)]),
    ("我也弄勿清 侬看着办", need_at("need_category", need_category=None), [Unclear()]),
    # why the level, said after it, is a detail; the level's own gloss is none
    ("愁个 天天要出门的", need_at("urgency", urgency=None), [SetField("urgency", "愁"), AddDetail("天天要出门的")]),
    ("愁 天天烦心", need_at("urgency", urgency=None), [SetField("urgency", "愁")]),
    ("勿是光写春联 是写春联搭福字 小人要学毛笔字也好教教", offer_at("resource_confirmed", resource_description="过年前后免费帮大家写春联"),
     [SetField("resource_description", "过年前后免费帮大家写春联搭福字", True), AddDetail("小人要学毛笔字也好教教")]),
    ("拆迁改成征收补偿，其他没问题", offer_at("resource_confirmed", resource_description="免费法律咨询 婚姻家庭、拆迁这些都可以"),
     [SetField("resource_description", "免费法律咨询 婚姻家庭、征收补偿这些都可以", True)]),
    # the time named is the time, in the farming calendar too, never words of the help
    ("时间是腊月廿头到正月半", offer_at("resource_confirmed", resource_description="写春联 过年前后的时间都可以", available_time="过年前后"),
     [SetField("available_time", "腊月廿头到正月半", True)]),
    ("腊月廿头到正月半", offer_at("available_time", available_time=None), [SetField("available_time", "腊月廿头到正月半")]),
])
def test_round_thirty_six(towns_and_villages, text, state, expected):
    assert read(Message(text, "correct", 0.9), state, towns_and_villages) == expected


@pytest.mark.parametrize("text, state, expected", [
    ("帮助写成：借厢式货车一辆加两名搬运工 帮老人搬家具等大件。联系人写徐建国",
     offer_at("resource_confirmed", provider_name="太仓顺港物流有限公司", resource_description="我们公司做物流的 有一辆厢式货车可以借出来"),
     [SetField("resource_description", "借厢式货车一辆加两名搬运工 帮老人搬家具等大件", True),
      SetField("provider_name", "太仓顺港物流有限公司（徐建国）", True)]),
    ("油费公司承担 这句加到帮助后面", offer_at("resource_confirmed"), [AddDetail("油费公司承担")]),
    ("工作日下午车子空 提前两天预约 月底几天忙勿来", offer_at("available_time", available_time=None),
     [SetField("available_time", "工作日下午车子空 提前两天预约 月底几天忙勿来")]),
    ("太仓顺港物流有限公司 我是行政小张 具体对接找我们车队的徐建国徐队长", offer_at("provider_name", provider_name=None),
     [SetField("provider_name", "太仓顺港物流有限公司（徐建国）")]),
    ("我住沙溪岳王那边 附近几个村都可以 骑电瓶车过去", offer_at("resource_scope", resource_scope=None),
     [SetField("resource_scope", "town@沙溪镇")]),
    ("13962618457 哦不对 我手机老是勿开 用我老婆个号码 13771935206", offer_at("resource_phone", resource_phone=None),
     [SetField("resource_phone", "13771935206")]),
    ("帮忙那块写得乱七八糟 手机勿开勿是帮忙呀 就写修水龙头漏水 换龙头 另外我大名叫钱卫东",
     offer_at("resource_confirmed", provider_name="钱师傅", resource_description="我退休前是做水电个；我手机老是勿开"),
     [SetField("resource_description", "修水龙头漏水 换龙头", True), SetField("provider_name", "钱卫东", True)]),
    ("名字写钱卫东 范围勿是全镇 就岳王社区搭旁边几个村", offer_at("resource_confirmed", provider_name="钱师傅", resource_scope="town"),
     [SetField("provider_name", "钱卫东", True), SetField("resource_scope", "community@岳王社区居委会", True),
      AddDetail("（也可以去：旁边几个村）")]),
    ("哎呀越弄越乱 名字就钱卫东三个字", offer_at("resource_confirmed", provider_name="钱卫东、岳王社"),
     [SetField("provider_name", "钱卫东", True)]),
    ("提前一个礼拜讲好就行 晚上勿来 阿姨们要烧夜饭的 对了去表演有补贴伐", offer_at("available_time", available_time=None),
     [SetField("available_time", "提前一个礼拜讲好就行 晚上勿来"), AnswerQuestion("paid")]),
    ("联系人写我们店长顾红梅 她电话18915763302 我只是帮她打字的", offer_at("resource_phone", provider_name=PHARMACY, resource_phone=None),
     [SetField("resource_phone", "18915763302"), SetField("provider_name", f"{PHARMACY}（顾红梅）", True)]),
    ("提供方括号里那个写***是啥 联系人是店长顾红梅 不是写", offer_at("resource_confirmed", provider_name=f"{PHARMACY}（写我们店长顾红梅）"),
     [SetField("provider_name", f"{PHARMACY}（顾红梅）", True), AnswerQuestion("masked")]),
    ("哎 药房名字没了 提供方是太仓市仁和堂大药房浮桥牌楼店 联系人顾红梅 两个都要有", offer_at("resource_confirmed", provider_name="店长顾红梅"),
     [SetField("provider_name", f"{PHARMACY}（顾红梅）", True)]),
    ("提供方不对 是我个人报名 不代表幼儿园的 我叫沈佳怡 叫我沈老师就行", offer_at("resource_confirmed", provider_name="双凤幼儿园"),
     [SetField("provider_name", "沈佳怡", True)]),
])
def test_volunteers(towns_and_villages, text, state, expected):
    assert read(Message(text, "inform", 0.9), state, towns_and_villages) == expected


@pytest.mark.parametrize("text, state, expected", [
    # several words changed at once: all of them, or the message is read otherwise (never "已改" with one of two)
    ("两三点改成三四点 还有3号楼改成8号楼 我记错了", need_at("need_confirmed", description="3号楼隔壁人家养的狗 夜里两三点还在叫"),
     [SetField("description", "8号楼隔壁人家养的狗 夜里三四点还在叫", True)]),
    ("两天改成三天，青菜改成西兰花", need_at("need_confirmed", description="田间路积水两天了 青菜都淹了"),
     [SetField("description", "田间路积水三天了 西兰花都淹了", True)]),
    # the last sentence of words said by voice is the piece after the last pause, never the whole text asked again
    ("想想还是 最后一句勿要", need_at("need_confirmed", description="老早个空店面 夜里有人赌铜钿 陌生人进进出出 就是还有人进进出出"),
     [SetField("description", "老早个空店面 夜里有人赌铜钿 陌生人进进出出", True)]),
    # one number said twice a digit apart: which one is asked, both masked; who answers it goes beside the unit
    ("13962281234 再讲一遍 13962281284", need_at("phone", phone=None), [AnswerQuestion("two_numbers", "139****1234、139****1284")]),
    ("会计钱秀芬 13771590826 我再讲一遍噢 13771590836",
     offer_at("resource_phone", resource_phone=None, provider_name="璜泾荣文村股份经济合作社"),
     [SetField("provider_name", "璜泾荣文村股份经济合作社（钱秀芬）", True), AnswerQuestion("two_numbers", "137****0826、137****0836")]),
    # a word put right at the end of an answer to another question: both read
    ("不算急吧 孩子周末想去看书。哦对了，不是二楼，是三楼", need_at("urgency", urgency=None, description="服务中心二楼阅览室一直关着门"),
     [SetField("description", "服务中心三楼阅览室一直关着门", True), SetField("urgency", "盼"), AddDetail("孩子周末想去看书")]),
    # the number given before said to stand: nothing changed, the summary again; four characters named go
    ("电话就刚刚那个 对格", need_at("need_confirmed"), [Unclear()]),
    ("嗯，都记上", need_at("need_confirmed"), [Confirm()]),
    ("有事打我四个字拿脱", need_at("need_confirmed", description="停车场坑坑洼洼 车子底盘都敲坏了 有事打我，天天要停车"),
     [SetField("description", "停车场坑坑洼洼 车子底盘都敲坏了，天天要停车", True)]),
])
def test_round_thirty_seven(towns_and_villages, text, state, expected):
    assert read(Message(text, "inform", 0.9), state, towns_and_villages) == expected
