"""Every custom action, run with rasa-sdk trackers against a real SQLite catalog."""

import pytest
from sqlalchemy import func, select

from actions.fallback import ActionFallback
from actions.handoff import ActionRequestCallback, ValidateCallbackForm
from actions.needs import (
    ActionAskNeedCategory,
    ActionAskNeedConfirmed,
    ActionAskUrgency,
    ActionCancelReport,
    ActionSubmitNeed,
    ValidateNeedForm,
)
from actions.places import ActionAskCommunity
from actions.status import ActionCheckStatus
from bot.catalog.models import CallbackRow, NeedRow
from bot.needs.service import NeedDraft, file_need, iter_needs, update_status
from tests.integration.conftest import entity, make_tracker, run_action

FIRST_MESSAGE = "我是浏河镇新塘村的，村口路灯坏了一个礼拜了"
FILLED = {
    "community": "新塘村委会",
    "town": "浏河镇",
    "description": "村口路灯坏了一个礼拜了",
    "need_category": "基础设施提升",
    "urgency": "急",
    "phone": "13912345678",
    "need_confirmed": True,
}


def texts(messages):
    return "\n".join(m.get("text") or "" for m in messages)


def test_what_the_first_message_says_is_not_asked_again(actions_catalog):
    # The entity mappings have already put the official place names into the slots.
    tracker = make_tracker(
        FIRST_MESSAGE, intent="report_need",
        entities=[entity("town", "浏河镇"), entity("community", "新塘村委会")],
        mapped={"town": "浏河镇", "community": "新塘村委会"}, requested_slot=None,
    )
    slots, messages = run_action(ValidateNeedForm(), tracker)
    assert slots["community"] == "新塘村委会"
    assert slots["description"] == FIRST_MESSAGE
    assert slots["need_category"] == "基础设施提升"
    assert slots.get("urgency") is None  # not stated: asked next
    assert "记下来" in texts(messages)


def test_a_bare_request_leaves_the_description_to_ask(actions_catalog):
    tracker = make_tracker("我要反映问题", intent="report_need", requested_slot=None)
    slots, _ = run_action(ValidateNeedForm(), tracker)
    assert slots.get("description") is None


def test_an_ambiguous_place_offers_both_and_the_answer_picks_one(actions_catalog):
    tracker = make_tracker("新塘", entities=[entity("community", "新塘")], mapped={"community": "新塘"},
                           requested_slot="community")
    slots, _ = run_action(ValidateNeedForm(), tracker)
    assert slots["community"] is None
    assert slots["place_question"] == "ambiguous"
    assert set(slots["place_options"]) == {"新塘社区居委会", "新塘村委会"}

    asked = make_tracker(slots={**slots}, requested_slot="community")
    _, messages = run_action(ActionAskCommunity(), asked)
    assert [b["title"] for b in messages[0]["buttons"]] == ["浏河镇新塘社区", "浏河镇新塘村"]

    answer = make_tracker("村里的", slots={**slots}, requested_slot="community")
    slots, _ = run_action(ValidateNeedForm(), answer)
    assert slots["community"] == "新塘村委会"
    assert slots["town"] == "浏河镇"


def test_a_typo_is_suggested_and_yes_accepts_it(actions_catalog):
    tracker = make_tracker("新堂村", requested_slot="community")
    slots, _ = run_action(ValidateNeedForm(), tracker)
    assert slots["place_question"] == "suggest"
    _, messages = run_action(ActionAskCommunity(), make_tracker(slots=slots, requested_slot="community"))
    assert "您说的是“浏河镇新塘村”吗？" in texts(messages)
    slots, _ = run_action(ValidateNeedForm(), make_tracker("对", intent="affirm", slots=slots, requested_slot="community"))
    assert slots["community"] == "新塘村委会"


def test_a_place_in_another_town_suggested_at_a_correction_is_taken_when_confirmed(actions_catalog):
    # Was: the report was in 城厢镇; "地点是新塘村" suggested 浏河镇新塘村, and "是的" suggested it again, forever.
    slots = {**FILLED, "town": "城厢镇", "community": "南园社区居委会", "need_confirmed": None}
    slots.update(run_action(ValidateNeedForm(), make_tracker(
        "地点是新塘村", intent="correct", entities=[entity("community", "新塘村")], slots=slots,
        mapped={"community": "新塘村"}, requested_slot="need_confirmed"))[0])
    assert slots["community"] is None and slots["place_options"] == ["新塘村委会"]
    _, messages = run_action(ActionAskCommunity(), make_tracker(slots=slots, requested_slot="community"))
    assert "您说的是“浏河镇新塘村”吗？" in texts(messages)
    confirmed, _ = run_action(ValidateNeedForm(), make_tracker("是的", intent="affirm", slots=slots,
                                                               requested_slot="community"))
    assert confirmed["community"] == "新塘村委会" and confirmed["town"] == "浏河镇"


def test_a_place_outside_taicang_is_asked_again(actions_catalog):
    slots, _ = run_action(ValidateNeedForm(), make_tracker("上海市徐汇区", requested_slot="community"))
    assert slots["community"] is None
    _, messages = run_action(ActionAskCommunity(), make_tracker(slots=slots, requested_slot="community"))
    assert "没找到" in texts(messages)


def test_a_town_alone_asks_for_the_community_with_its_list(actions_catalog):
    slots, _ = run_action(ValidateNeedForm(), make_tracker("伲是浏河的", requested_slot="community"))
    assert slots["town"] == "浏河镇" and slots["community"] is None
    _, messages = run_action(ActionAskCommunity(), make_tracker(slots=slots, requested_slot="community"))
    assert "浏河镇的哪个村或社区" in texts(messages)
    assert len(messages[0]["buttons"]) == 15


def test_the_phone_is_validated_and_echoed_masked(actions_catalog):
    slots, messages = run_action(ValidateNeedForm(), make_tracker("我手机幺三九 一二三四 五六七八", requested_slot="phone",
                                                                  slots={**FILLED, "phone": None, "need_confirmed": None}))
    assert slots["phone"] == "13912345678"
    assert "139****5678" in texts(messages) and "13912345678" not in texts(messages)

    slots, messages = run_action(ValidateNeedForm(), make_tracker("12345", requested_slot="phone",
                                                                  slots={**FILLED, "phone": None}))
    assert slots["phone"] is None
    assert "号码好像不对" in texts(messages)

    slots, _ = run_action(ValidateNeedForm(), make_tracker("不留", intent="faq", requested_slot="phone",
                                                          slots={**FILLED, "phone": None}))
    assert slots["phone"] == "不留"


def test_buttons_fill_category_and_urgency_and_typing_works_too(actions_catalog):
    base = {**FILLED, "need_category": None, "urgency": None, "need_confirmed": None}
    slots, _ = run_action(ValidateNeedForm(), make_tracker("物业小区管理", requested_slot="need_category", slots=base))
    assert slots["need_category"] == "物业管理监督"
    slots, messages = run_action(ValidateNeedForm(), make_tracker("随便", requested_slot="need_category", slots=base))
    assert slots["need_category"] is None and "按钮" in texts(messages)
    slots, _ = run_action(ValidateNeedForm(), make_tracker("不太急", requested_slot="urgency", slots=base))
    assert slots["urgency"] == "盼"
    _, messages = run_action(ActionAskNeedCategory(), make_tracker(slots=base))
    assert len(messages[0]["buttons"]) == 7
    _, messages = run_action(ActionAskUrgency(), make_tracker(slots=base))
    assert [b["payload"] for b in messages[0]["buttons"]][0] == '/inform{"urgency":"急"}'


def test_the_summary_masks_the_phone_and_a_correction_reopens_a_field(actions_catalog):
    summary_slots = {**FILLED, "need_confirmed": None}
    _, messages = run_action(ActionAskNeedConfirmed(), make_tracker(slots=summary_slots, requested_slot="need_confirmed"))
    assert "浏河镇新塘村" in texts(messages) and "139****5678" in texts(messages)
    assert "13912345678" not in texts(messages)
    assert [b["title"] for b in messages[0]["buttons"]] == ["确认提交", "修改", "取消"]

    slots, _ = run_action(ValidateNeedForm(), make_tracker("电话写错了", intent="correct", slots=summary_slots,
                                                          requested_slot="need_confirmed"))
    assert slots["phone"] is None

    slots, _ = run_action(ValidateNeedForm(), make_tracker("修改", intent="correct", slots=summary_slots,
                                                          requested_slot="need_confirmed"))
    assert slots["need_confirmed"] is None and slots.get("phone", "kept") == "kept"
    _, messages = run_action(ActionAskNeedConfirmed(), make_tracker("修改", intent="correct", slots=summary_slots,
                                                                    requested_slot="need_confirmed"))
    assert "要改哪一项" in texts(messages)

    slots, _ = run_action(ValidateNeedForm(), make_tracker("确认", intent="affirm", slots=summary_slots,
                                                          requested_slot="need_confirmed"))
    assert slots["need_confirmed"] is True


def test_a_correction_carrying_its_new_value_shows_the_summary_again(actions_catalog):
    # "电话改成…" at the summary: the new phone is in place, said with its field; the resident checks it.
    summary = {**FILLED, "need_confirmed": None}
    slots, said = run_action(ValidateNeedForm(), make_tracker(
        "电话改成13812349999", intent="correct", entities=[entity("phone", "13812349999")], slots=summary,
        requested_slot="need_confirmed"))
    assert slots["phone"] == "13812349999" and slots["need_confirmed"] is None
    assert "已改：电话 → 138****9999" in texts(said)
    _, messages = run_action(ActionAskNeedConfirmed(), make_tracker(
        "电话改成13812349999", intent="correct", slots={**summary, **slots}, requested_slot="need_confirmed"))
    assert "138****9999" in texts(messages) and "要改哪一项" not in texts(messages)
    assert [b["title"] for b in messages[0]["buttons"]] == ["确认提交", "修改", "取消"]


def test_a_phone_given_at_its_own_question_is_no_correction(actions_catalog):
    # The phone question answered: the form moves on to the summary, which is shown for the first time.
    slots = {**FILLED, "phone": "13812349999", "need_confirmed": None}
    tracker = make_tracker("13812349999", intent="inform", entities=[entity("phone", "13812349999")], slots=slots,
                           requested_slot="need_confirmed")
    tracker.events.insert(0, {"event": "slot", "name": "requested_slot", "value": "phone"})
    _, messages = run_action(ActionAskNeedConfirmed(), tracker)
    assert texts(messages).startswith("请核对") and "已经改过来了" not in texts(messages)


def test_a_long_description_is_capped(actions_catalog):
    slots, messages = run_action(ValidateNeedForm(), make_tracker("路灯坏了" * 1250, intent="report_need",
                                                                  requested_slot="description"))
    assert len(slots["description"]) <= 501
    assert "前500个字" in texts(messages)


def test_submitting_files_the_need_once_and_gives_its_number(actions_catalog):
    tracker = make_tracker("确认", intent="affirm", slots=FILLED, active_loop=None)
    slots, messages = run_action(ActionSubmitNeed(), tracker)
    assert "XQ000001" in texts(messages)
    assert slots["description"] is None and slots["tracking_id"] == "XQ000001"
    run_action(ActionSubmitNeed(), tracker)  # the same turn delivered again
    needs = list(iter_needs(actions_catalog))
    assert len(needs) == 1
    assert needs[0].community == "新塘村委会" and needs[0].urgency == "急"


def test_a_declined_phone_is_stored_as_none(actions_catalog):
    run_action(ActionSubmitNeed(), make_tracker("确认", intent="affirm", slots={**FILLED, "phone": "不留"}, active_loop=None))
    with actions_catalog.unit_of_work() as session:
        assert session.execute(select(NeedRow.phone)).scalar() is None


def test_a_failure_of_both_catalog_and_outbox_is_told_kindly_and_keeps_the_form(actions_catalog, settings, tmp_path):
    actions_catalog.engine.dispose()
    from actions import runtime

    (tmp_path / "a-file").write_text("")  # the outbox's folder cannot be made: the disk is the problem
    broken = settings.__class__(**{**settings.__dict__, "database_url": "sqlite:////nonexistent/dir/catalog.db",
                                   "outbox_path": tmp_path / "a-file" / "outbox.db"})
    runtime.configure(broken)
    slots, messages = run_action(ActionSubmitNeed(), make_tracker("确认", intent="affirm", slots=FILLED, active_loop=None))
    assert "没能提交" in texts(messages)
    assert "Traceback" not in texts(messages)
    assert slots == {"need_confirmed": None}


def test_status_by_number_and_by_my_last_report(actions_catalog):
    run_action(ActionSubmitNeed(), make_tracker("确认", intent="affirm", slots=FILLED, active_loop=None))
    update_status(actions_catalog, "XQ000001", "in_progress", "电工明天上午来修")

    _, messages = run_action(ActionCheckStatus(), make_tracker("我上次反映的那个", intent="check_status", active_loop=None))
    reply = texts(messages)
    assert "XQ000001" in reply and "处理中" in reply and "电工明天上午来修" in reply
    assert "路灯" in reply  # the resident's own report shows its description

    _, messages = run_action(ActionCheckStatus(), make_tracker("xq1", intent="check_status", active_loop=None,
                                                               entities=[entity("tracking_id", "xq1")], sender="stranger"))
    reply = texts(messages)
    assert "处理中" in reply and "路灯" not in reply  # someone else's number: no description

    _, messages = run_action(ActionCheckStatus(), make_tracker("XQ000099", intent="check_status", active_loop=None))
    assert "没有找到编号 XQ000099" in texts(messages)

    _, messages = run_action(ActionCheckStatus(), make_tracker("我反映的事呢", intent="check_status", active_loop=None,
                                                               sender="newcomer"))
    assert "还没有反映过" in texts(messages)


def test_cancel_records_nothing_and_clears_the_report(actions_catalog):
    slots, messages = run_action(ActionCancelReport(), make_tracker("不报了", intent="cancel", slots=FILLED,
                                                                    requested_slot="urgency"))
    assert "取消" in texts(messages)
    assert slots["description"] is None and slots["requested_slot"] is None
    assert list(iter_needs(actions_catalog)) == []


@pytest.mark.parametrize("said", ["算了不留了", "不用了", "弗留", "弗要留", "电话就不留了吧"])
def test_declining_the_phone_is_not_cancelling_the_report(actions_catalog, said):
    slots, messages = run_action(ActionCancelReport(), make_tracker(said, intent="cancel", slots=FILLED,
                                                                    requested_slot="phone"))
    assert slots["phone"] == "不留"  # the report goes on with no phone
    assert "不留电话" in texts(messages) and "已经取消" not in texts(messages)


def test_cancelling_at_the_phone_question_still_cancels(actions_catalog):
    _, messages = run_action(ActionCancelReport(), make_tracker("取消，不报了", intent="cancel", slots=FILLED,
                                                                requested_slot="phone"))
    assert "已经取消" in texts(messages)


def test_a_call_back_is_recorded_with_a_time_and_a_masked_phone(actions_catalog):
    slots, messages = run_action(ValidateCallbackForm(), make_tracker("0512-53512345", requested_slot="callback_phone",
                                                                      slots={"community": "南园社区居委会"},
                                                                      active_loop="callback_form"))
    assert slots["callback_phone"] == "0512-53512345"
    tracker = make_tracker("0512-53512345", slots={"community": "南园社区居委会", "callback_phone": "0512-53512345"},
                           active_loop=None)
    _, messages = run_action(ActionRequestCallback(), tracker)
    reply = texts(messages)
    assert "南园社区" in reply and "0512-****2345" in reply and "前联系您" in reply
    run_action(ActionRequestCallback(), tracker)
    with actions_catalog.unit_of_work() as session:
        assert session.execute(select(func.count(CallbackRow.id))).scalar() == 1


def test_a_call_back_needs_a_real_number(actions_catalog):
    slots, messages = run_action(ValidateCallbackForm(), make_tracker("不留", requested_slot="callback_phone",
                                                                      active_loop="callback_form"))
    assert slots["callback_phone"] is None
    assert "能接通的号码" in texts(messages)


def test_the_fallback_explains_and_offers_the_menu(actions_catalog):
    _, messages = run_action(ActionFallback(), make_tracker("", intent="nlu_fallback", active_loop=None))
    assert "没有输入内容" in texts(messages)
    assert [b["title"] for b in messages[0]["buttons"]] == ["我要反映问题", "查询办理进度", "我想出份力", "请工作人员联系我"]


def test_a_typo_in_the_first_message_is_suggested_not_asked_from_scratch(actions_catalog):
    tracker = make_tracker("我是刘河新堂村的，村口路灯坏了一个礼拜了", intent="report_need", requested_slot=None)
    slots, _ = run_action(ValidateNeedForm(), tracker)
    assert slots["description"].endswith("村口路灯坏了一个礼拜了")
    assert slots["place_question"] == "suggest"
    assert slots["place_options"] == ["新塘村委会"]


def test_a_first_message_without_a_place_asks_the_place_plainly(actions_catalog):
    slots, _ = run_action(ValidateNeedForm(), make_tracker("村口路灯坏了一个礼拜了", intent="report_need",
                                                          requested_slot=None))
    assert slots.get("place_question") is None and slots.get("community") is None
    _, messages = run_action(ActionAskCommunity(), make_tracker(slots=slots, requested_slot="community"))
    assert "哪个镇、哪个村" in texts(messages)


def test_a_place_said_on_its_own_is_kept_and_the_menu_offered(actions_catalog):
    tracker = make_tracker("我是浏河镇新塘村的", intent="inform", active_loop=None,
                           entities=[entity("community", "新塘村委会")], slots={"community": "新塘村委会"})
    _, messages = run_action(ActionFallback(), tracker)
    assert "您是浏河镇新塘村的" in texts(messages)
    assert len(messages[0]["buttons"]) == 4


def test_the_plain_questions_are_asked(actions_catalog):
    from actions.handoff import ActionAskCallbackPhone
    from actions.needs import ActionAskDescription, ActionAskPhone

    _, messages = run_action(ActionAskDescription(), make_tracker(requested_slot="description"))
    assert "什么问题" in texts(messages)
    _, messages = run_action(ActionAskPhone(), make_tracker(requested_slot="phone"))
    assert "手机号" in texts(messages) and messages[0]["buttons"][0]["payload"] == "不留"
    _, messages = run_action(ActionAskCallbackPhone(), make_tracker(requested_slot="callback_phone",
                                                                    active_loop="callback_form"))
    assert "电话号码" in texts(messages)


@pytest.mark.parametrize("said", ["1381234", "确认提交", "好的", "123 456", "OK"])
def test_numbers_and_button_words_are_not_taken_for_the_problem(actions_catalog, said):
    tracker = make_tracker(said, intent="inform", requested_slot="description", slots={"community": "南园社区居委会"})
    slots, messages = run_action(ValidateNeedForm(), tracker)
    assert slots.get("description") is None and "说说是什么问题" in texts(messages)


def test_a_spoken_tracking_number_is_read(actions_catalog):
    filed = file_need(actions_catalog, NeedDraft("南园社区居委会", "楼道灯坏了", "基础设施提升", "愁", None, "voice-1", "k-v1"))
    spoken = "XQ" + "".join("零一二三四五六七八九"[int(d)] for d in filed.tracking_id[2:])
    _, messages = run_action(ActionCheckStatus(), make_tracker(f"{spoken}怎么样了", intent="check_status",
                                                               active_loop=None, sender="voice-1"))
    assert filed.tracking_id in texts(messages) and "楼道灯坏了" in texts(messages)


def test_the_same_turn_handed_to_another_rasa_server_files_once(actions_catalog):
    # A second server gets the message again with a new id and time, from the same saved conversation.
    first = make_tracker("确认提交", intent="affirm", slots=FILLED, active_loop=None)
    second = make_tracker("确认提交", intent="affirm", slots=FILLED, active_loop=None)
    assert first.events[-1]["timestamp"] != second.events[-1]["timestamp"]
    _, one = run_action(ActionSubmitNeed(), first)
    _, two = run_action(ActionSubmitNeed(), second)
    assert len(list(iter_needs(actions_catalog))) == 1
    assert "XQ000001" in texts(one) and "XQ000001" in texts(two)
    other = make_tracker("确认提交", intent="affirm", slots={**FILLED, "description": "村口垃圾桶满了"}, active_loop=None)
    run_action(ActionSubmitNeed(), other)  # another report at the same point of a conversation is another record
    assert len(list(iter_needs(actions_catalog))) == 2


def test_a_report_confirmed_again_after_a_crash_is_told_its_number_not_filed_twice(actions_catalog):
    # The action server died after filing but before answering; the resident confirms again later.
    _, first = run_action(ActionSubmitNeed(), make_tracker("确认提交", intent="affirm", slots=FILLED, active_loop=None))
    _, again = run_action(ActionSubmitNeed(), make_tracker("好的 确认", intent="affirm", slots=FILLED, active_loop=None))
    assert len(list(iter_needs(actions_catalog))) == 1
    assert "XQ000001" in texts(first) and "XQ000001" in texts(again)


def test_confirming_again_after_the_submission_died_tells_the_number_once(actions_catalog):
    from actions.fallback import ActionFallback

    # The form closed with the report confirmed, then the action server died before answering.
    file_need(actions_catalog, NeedDraft("新塘村委会", FILLED["description"], "基础设施提升", "急", "13912345678",
                                         "default", "stale"))  # an earlier report: the number is not simply XQ000001
    slots, messages = run_action(ActionFallback(), make_tracker("确认提交", intent="affirm", slots=FILLED,
                                                                active_loop=None))
    number = slots["tracking_id"]
    assert number in texts(messages) and "已记入" in texts(messages)
    _, again = run_action(ActionFallback(), make_tracker("确认", intent="affirm", slots=FILLED, active_loop=None))
    assert number in texts(again)
    assert [n.tracking_id for n in iter_needs(actions_catalog)].count(number) == 1
    _, plain = run_action(ActionFallback(), make_tracker("好的", intent="affirm", active_loop=None))
    assert "好的👌" in texts(plain)  # nothing confirmed and unanswered: the usual reply


@pytest.mark.parametrize(("said", "slot", "value"), [
    ("问题改成河浜里发臭，死鱼老多", "description", "河浜里发臭，死鱼老多"),
    ("描述改为楼道灯一直闪", "description", "楼道灯一直闪"),
    ("紧急程度改成急", "urgency", "急"),
    ("勿是难，是急", "urgency", "急"),
    ("类别勿对，是路灯格事体", "need_category", "基础设施提升"),
    ("再补充一句，盖子坏脱一个多月了", "description", f"{FILLED['description']}；盖子坏脱一个多月了"),
])
def test_a_change_typed_at_the_summary_is_made_and_shown(actions_catalog, said, slot, value):
    # Was: the unchanged summary came back, and the resident filed it believing it was fixed.
    summary = {**FILLED, "need_confirmed": None, "urgency": "盼", "need_category": "人居环境整治"}  # each then changed
    slots, acknowledged = run_action(ValidateNeedForm(), make_tracker(said, intent="correct", slots=summary,
                                                                     requested_slot="need_confirmed"))
    assert slots[slot] == value and slots["need_confirmed"] is None
    if slot != "description" or "补充" not in said:  # a correction is said with its field and new value
        assert "已改：" in texts(acknowledged) and value[:10] in texts(acknowledged)
    _, messages = run_action(ActionAskNeedConfirmed(), make_tracker(said, intent="correct", slots={**summary, **slots},
                                                                    requested_slot="need_confirmed"))
    assert texts(messages).startswith("请核对") and value[:10] in texts(messages)


def test_a_correction_to_the_value_already_shown_is_never_called_a_change(actions_catalog):
    summary = {**FILLED, "need_confirmed": None, "urgency": "急"}
    slots, acknowledged = run_action(ValidateNeedForm(), make_tracker("紧急程度改成急", intent="correct", slots=summary,
                                                                     requested_slot="need_confirmed"))
    assert slots.get("urgency", "急") == "急" and "已改" not in texts(acknowledged)
    assert "急" in texts(acknowledged)  # said back as it stands


def test_another_matter_at_the_summary_changes_nothing(actions_catalog):
    summary = {**FILLED, "need_confirmed": None}
    slots, _ = run_action(ValidateNeedForm(), make_tracker("还有一个问题是楼下垃圾没人收", intent="report_need",
                                                          slots=summary, requested_slot="need_confirmed"))
    assert slots.get("description", FILLED["description"]) == FILLED["description"]


@pytest.mark.parametrize(("opening", "reused"), [("转人工", True), ("叫社区工作人员打电话给我", True),
                                                 ("有人找我帮忙吗", False)])
def test_a_phone_given_earlier_is_used_for_a_call_back_only_when_a_person_was_plainly_asked(actions_catalog, opening,
                                                                                            reused):
    # Was: a volunteer's "有人找我帮忙吗", read as a hand-off, booked a call-back on the spot.
    tracker = make_tracker(opening, intent="human_handoff", active_loop="callback_form",
                           slots={"phone": "13700003210", "community": "南园社区居委会"})
    slots, _ = run_action(ValidateCallbackForm(), tracker)
    assert (slots.get("callback_phone") == "13700003210") is reused


def test_a_first_message_that_fills_the_whole_form_is_no_correction(actions_catalog):
    # One long opening message ("…问题是…") reaches the summary at once: it is shown plainly.
    said = "我是浏河镇新塘村的，问题是村口路灯坏了一个礼拜了，很急，电话13912345678"
    slots = {**FILLED, "need_confirmed": None}
    tracker = make_tracker(said, intent="report_need", slots=slots, requested_slot="need_confirmed")
    tracker.events[:0] = [{"event": "action", "name": "action_session_start"},
                          {"event": "action", "name": "action_listen"}]
    _, messages = run_action(ActionAskNeedConfirmed(), tracker)
    assert texts(messages).startswith("请核对") and "已经改过来了" not in texts(messages)


def test_a_yes_to_a_suggested_place_that_goes_on_takes_the_place(actions_catalog):
    from actions.needs import ValidateNeedForm

    slots = {"description": "有陌生人上门推销保健品", "place_question": "suggest", "place_options": ["万丰村委会"],
             "town": "城厢镇"}
    tracker = make_tracker("是的 是城厢镇 我讲错了", intent="correct", slots=slots, requested_slot="community")
    found, _ = run_action(ValidateNeedForm(), tracker)
    assert found["community"] == "万丰村委会"
