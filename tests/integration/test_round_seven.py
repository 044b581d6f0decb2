"""Round 7 of outside play, at the actions: a volunteer asking which needs fit their help, the filing telling when a
need is due, a figure question inside a call-back form, a cadre's question about the need just shown, and names of
people masked even when given for a unit."""

from actions.handoff import ValidateCallbackForm
from actions.needs import ActionSubmitNeed, ValidateNeedForm
from actions.resources import ActionSubmitResource
from bot.needs.service import NeedDraft, file_need
from bot.reads.browse import CatalogFilter, browse_resources
from bot.resources.service import ResourceDraft, file_resource
from tests.integration.conftest import make_tracker, run_action, run_action_events

OFFER = {
    "resource_description": "我是退休医生，周末可以给老人量血压", "resource_type": "智力", "provider_type": "社区能人",
    "provider_name": "王建国", "resource_scope": "town", "town": "浏河镇", "available_time": "周末上午",
    "resource_phone": "13912345678", "resource_confirmed": True,
}
REPORT = {"community": "新塘村委会", "town": "浏河镇", "description": "村口路灯坏了一个礼拜了，夜里老人跌跤",
          "need_category": "基础设施提升", "urgency": "急", "phone": "13962712345", "need_confirmed": True}


def texts(messages):
    return "\n".join(m.get("text") or "" for m in messages)


def test_a_volunteer_asking_who_needs_their_help_hears_the_needs_matched_to_their_offer(actions_catalog):
    need = file_need(actions_catalog, NeedDraft("新塘村委会", "村里老人多，希望有人定期来给老人量血压", "社区服务供给", "盼",
                                                None, "resident-1", "n1"))
    run_action(ActionSubmitResource(), make_tracker("确认", intent="affirm", slots=OFFER, active_loop=None,
                                                    sender="volunteer-1"))
    asked = make_tracker("有没有人需要我帮忙的？", intent="report_need", requested_slot=None, active_loop="need_form",
                         sender="volunteer-1")
    events, messages = run_action_events(ValidateNeedForm(), asked)
    reply = texts(messages)
    assert "ZY000001" in reply and need.tracking_id in reply
    assert any(e.get("event") == "active_loop" and e.get("name") is None for e in events)  # no report opened
    assert "有多急" not in reply


def test_a_volunteer_with_no_offer_is_told_to_offer_first(actions_catalog):
    asked = make_tracker("我能帮点什么", intent="offer_resource", requested_slot=None, active_loop="resource_form",
                         sender="someone-new")
    _, messages = run_action_events(ValidateNeedForm(), asked)
    assert "还没有登记" in texts(messages)


def test_the_filing_says_when_it_is_due_and_who_calls_first_when_urgent(actions_catalog):
    _, messages = run_action(ActionSubmitNeed(), make_tracker("确认", intent="affirm", slots=REPORT, active_loop=None))
    reply = texts(messages)
    assert "XQ000001" in reply and "前办结或答复" in reply and "24 小时内" in reply
    _, messages = run_action(ActionSubmitNeed(), make_tracker("确认", intent="affirm", slots={**REPORT, "urgency": "盼"},
                                                              active_loop=None, sender="resident-2"))
    assert "前办结或答复" in texts(messages) and "24 小时内" not in texts(messages)


def test_a_figure_question_inside_a_call_back_form_is_answered_and_the_form_left(actions_catalog):
    tracker = make_tracker("浏河镇一共几条", intent="ask_catalog", requested_slot="callback_phone",
                           active_loop="callback_form", sender="resident-9")
    events, messages = run_action_events(ValidateCallbackForm(), tracker)
    assert "浏河镇" in texts(messages) and "条" in texts(messages)
    assert any(e.get("event") == "active_loop" and e.get("name") is None for e in events)


def test_a_phone_number_in_a_call_back_form_is_still_its_answer(actions_catalog):
    tracker = make_tracker("13912345678", requested_slot="callback_phone", active_loop="callback_form", sender="resident-9")
    events, _ = run_action_events(ValidateCallbackForm(), tracker)
    assert not any(e.get("event") == "active_loop" for e in events)


def test_a_persons_name_given_for_a_unit_is_masked_for_the_public(actions_catalog):
    draft = ResourceDraft("驻区单位", "杨卫东", "每天中午给独居老人送十份午饭", "物力", "city", None, None, "每天中午",
                          "13900005511", "shop-1", "r-shop-1")
    file_resource(actions_catalog, draft)
    shown = browse_resources(actions_catalog, CatalogFilter(None, None, status="active"), None, 1, 10)
    assert [row["provider"] for row in shown.rows] == ["杨**"]


def after_the_card(tracker, kind: str, tracking_id: str):
    """The tracker as it is right after the assistant showed this card."""
    tracker.events.insert(0, {"event": "bot", "text": tracking_id, "data": {"custom": {"card": kind, "tracking_id": tracking_id}}})
    return tracker


def test_a_question_right_after_filing_is_about_that_report_not_a_new_one(actions_catalog):
    run_action(ActionSubmitNeed(), make_tracker("确认", intent="affirm", slots={**REPORT, "phone": "不留"}, active_loop=None))
    asked = after_the_card(make_tracker("我勿留电话 伊拉哪能告诉我结果", intent="report_need", requested_slot=None,
                                        active_loop="need_form"), "tracking", "XQ000001")
    events, messages = run_action_events(ValidateNeedForm(), asked)
    reply = texts(messages)
    assert "XQ000001" in reply and "没留电话" in reply and "前办结或答复" in reply
    assert any(e.get("event") == "active_loop" and e.get("name") is None for e in events)
    complaint = after_the_card(make_tracker("我选的是急啊，怎么要到25号才办结？孩子天天走大路很危险", intent="report_need",
                                            requested_slot=None, active_loop="need_form"), "tracking", "XQ000001")
    _, messages = run_action_events(ValidateNeedForm(), complaint)
    assert "优先" in texts(messages) and "有多急" not in texts(messages)


def test_the_same_question_with_no_report_just_filed_is_left_to_the_form(actions_catalog):
    asked = make_tracker("我选的是急啊，怎么要到25号才办结？", intent="report_need", requested_slot=None, active_loop="need_form")
    _, messages = run_action_events(ValidateNeedForm(), asked)
    assert "没留电话" not in texts(messages) and "结果出来" not in texts(messages)


def test_a_volunteer_changes_the_time_reach_and_words_of_their_listed_offer(actions_catalog):
    from actions.status import ActionCheckStatus
    from bot.resources.service import find_offer

    need = file_need(actions_catalog, NeedDraft("新塘村委会", "村里老人多，希望有人定期来给老人量血压", "社区服务供给", "盼",
                                                None, "resident-1", "n1"))
    run_action(ActionSubmitResource(), make_tracker("确认", intent="affirm", slots=OFFER, active_loop=None,
                                                    sender="volunteer-1"))
    assert need.tracking_id in [n.tracking_id for n in find_offer(actions_catalog, "ZY000001")[1]]

    def said(words, sender="volunteer-1"):
        return texts(run_action(ActionCheckStatus(), make_tracker(words, intent="check_status", active_loop=None,
                                                                  sender=sender))[1])

    assert "已改：时间 → 每月第一个周六上午（ZY000001）" in said("ZY000001的时间改成每月第一个周六上午")
    assert find_offer(actions_catalog, "ZY000001")[0].available_time == "每月第一个周六上午"
    reply = said("ZY000001的服务范围改成沙溪镇")  # the blood-pressure need in 浏河镇 is out of reach now
    assert "沙溪镇" in reply and "暂时还没有对得上的需求" in reply
    assert find_offer(actions_catalog, "ZY000001")[1] == []
    reply = said("ZY000001的范围改成全市")
    assert need.tracking_id in reply  # proposed again where it reaches
    assert "改不了" in said("ZY000001的时间改成礼拜天", sender="someone-else")
    assert find_offer(actions_catalog, "ZY000001")[0].available_time == "每月第一个周六上午"


def test_broken_again_with_nothing_filed_here_is_filed_anew_with_its_words(actions_catalog):
    from actions.status import ActionCheckStatus

    said = "上个月报过的下水道又堵了，说修好了结果还是没修好，一下雨门口全是水"
    events, messages = run_action_events(ActionCheckStatus(), make_tracker(said, intent="not_solved", active_loop=None,
                                                                          sender="resident-new"))
    assert "重新登记" in texts(messages)
    assert {"event": "followup", "name": "need_form"} in [{k: e.get(k) for k in ("event", "name")} for e in events]


def test_a_privacy_question_right_after_filing_is_answered_as_one(actions_catalog):
    run_action(ActionSubmitNeed(), make_tracker("确认", intent="affirm", slots={**REPORT, "phone": "不留"}, active_loop=None))
    asked = after_the_card(make_tracker("我电话勿留 名字会得被养鸡格人家晓得伐", intent="report_need", requested_slot=None,
                                        active_loop="need_form"), "tracking", "XQ000001")
    _, messages = run_action_events(ValidateNeedForm(), asked)
    assert "打码" in texts(messages) and "有多急" not in texts(messages)


def test_words_about_a_listed_offer_that_change_no_field_are_never_called_someone_elses(actions_catalog):
    from actions.status import ActionCheckStatus

    run_action(ActionSubmitResource(), make_tracker("确认", intent="affirm", slots=OFFER, active_loop=None,
                                                    sender="volunteer-1"))
    _, messages = run_action(ActionCheckStatus(), make_tracker("ZY000001 更正：不是社区能人，是社区党员", intent="check_status",
                                                               active_loop=None, sender="volunteer-1"))
    assert "改不了" not in texts(messages) and "ZY000001" in texts(messages)
