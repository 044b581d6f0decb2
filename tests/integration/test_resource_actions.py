"""The resource form and "me too", run with rasa-sdk trackers against a real SQLite catalog."""

import pytest

from actions.needs import ActionAskSupportChoice, ActionSubmitNeed, ValidateNeedForm
from actions.resources import ActionAskResourceConfirmed, ActionSubmitResource, ValidateResourceForm
from bot.needs.service import NeedDraft, file_need
from bot.projects.service import project_of
from tests.integration.conftest import entity, make_tracker, run_action

OFFER = "我是退休医生，周末可以给老人量血压"
FILLED = {
    "resource_description": OFFER, "resource_type": "智力", "provider_type": "社区能人", "provider_name": "王建国",
    "resource_scope": "town", "town": "浏河镇", "available_time": "周末上午", "resource_phone": "13912345678",
    "resource_confirmed": True,
}


def texts(messages):
    return "\n".join(m.get("text") or "" for m in messages)


def test_the_first_offer_message_fills_what_it_says(actions_catalog):
    tracker = make_tracker(OFFER, intent="offer_resource", requested_slot=None, active_loop="resource_form")
    slots, _ = run_action(ValidateResourceForm(), tracker)
    assert slots["resource_description"] == OFFER
    assert slots["resource_type"] == "智力"
    assert slots["provider_type"] == "社区能人"
    assert slots["available_time"] == "周末"
    assert slots.get("resource_scope") is None  # asked next, after the name


def test_scope_answers_and_the_place_they_need(actions_catalog):
    base = {**FILLED, "resource_scope": None, "town": None, "resource_confirmed": None}
    slots, _ = run_action(ValidateResourceForm(), make_tracker("全镇都可以", requested_slot="resource_scope",
                                                              slots=base, active_loop="resource_form"))
    assert slots["resource_scope"] == "town"
    slots, _ = run_action(ValidateResourceForm(), make_tracker("只在南园社区", requested_slot="resource_scope",
                                                              slots=base, active_loop="resource_form"))
    assert slots["resource_scope"] == "community" and slots["community"] == "南园社区居委会"
    slots, messages = run_action(ValidateResourceForm(), make_tracker("上海", requested_slot="town",
                                                                      slots={**base, "resource_scope": "town"},
                                                                      active_loop="resource_form"))
    assert slots["town"] is None and "没找到这个镇" in texts(messages)
    slots, _ = run_action(ValidateResourceForm(), make_tracker("高新区", requested_slot="town",
                                                              slots={**base, "resource_scope": "town"},
                                                              active_loop="resource_form"))
    assert slots["town"] == "经济开发区"


def test_an_offer_needs_a_real_phone(actions_catalog):
    base = {**FILLED, "resource_phone": None, "resource_confirmed": None}
    slots, messages = run_action(ValidateResourceForm(), make_tracker("不留", requested_slot="resource_phone",
                                                                      slots=base, active_loop="resource_form"))
    assert slots["resource_phone"] is None and "需要一个电话" in texts(messages)


def test_the_summary_masks_the_name_and_phone(actions_catalog):
    _, messages = run_action(ActionAskResourceConfirmed(), make_tracker(
        slots={**FILLED, "resource_confirmed": None}, requested_slot="resource_confirmed", active_loop="resource_form"))
    reply = texts(messages)
    assert "王**" in reply and "139****5678" in reply and "浏河镇" in reply
    assert "王建国" not in reply and "13912345678" not in reply


def test_submitting_lists_the_offer_and_names_the_needs_it_serves(actions_catalog):
    need = file_need(actions_catalog, NeedDraft("新塘村委会", "村里老人多，希望有人定期来给老人量血压", "社区服务供给", "盼",
                                                None, "resident-1", "n1"))
    tracker = make_tracker("确认", intent="affirm", slots=FILLED, active_loop=None, sender="volunteer-1")
    slots, messages = run_action(ActionSubmitResource(), tracker)
    reply = texts(messages)
    assert "ZY000001" in reply and need.tracking_id in reply
    assert f"· {need.tracking_id}" in reply and "1. " not in reply  # not a numbered menu to reply to on WeChat
    assert project_of(actions_catalog, need.tracking_id).tier == "priority"
    assert slots["resource_description"] is None
    run_action(ActionSubmitResource(), tracker)  # delivered again: listed once
    assert len(project_of(actions_catalog, need.tracking_id).matches) == 1


def test_a_similar_open_need_is_offered_for_support(actions_catalog):
    first = file_need(actions_catalog, NeedDraft("新塘村委会", "村口路灯坏了一个礼拜了", "基础设施提升", "急",
                                                 None, "resident-1", "n1"))
    slots = {"community": "新塘村委会", "description": "新塘村口的路灯坏了", "need_category": "基础设施提升"}
    tracker = make_tracker("新塘村口的路灯坏了", intent="report_need", slots=slots, requested_slot="need_category",
                           sender="neighbour")
    required = __import__("asyncio").run(ValidateNeedForm().required_slots(
        ["community", "description", "need_category", "support_choice", "urgency", "phone", "need_confirmed"],
        None, tracker, {}))
    assert "support_choice" in required
    _, messages = run_action(ActionAskSupportChoice(), make_tracker(slots=slots, requested_slot="support_choice",
                                                                    sender="neighbour"))
    assert first.tracking_id in texts(messages)
    assert [b["title"] for b in messages[0]["buttons"]] == ["是同一件事，我附议", "不是，单独登记"]

    chosen, _ = run_action(ValidateNeedForm(), make_tracker("是同一件事", intent="affirm", slots=slots,
                                                            requested_slot="support_choice", sender="neighbour"))
    assert chosen["support_choice"] == "support" and chosen["similar_need"] == first.tracking_id

    done, messages = run_action(ActionSubmitNeed(), make_tracker("是同一件事", intent="affirm", active_loop=None,
                                                                 slots={**slots, **chosen}, sender="neighbour"))
    assert "已为 " + first.tracking_id + " 附议" in texts(messages)
    assert project_of(actions_catalog, first.tracking_id).supporters == 1
    assert done["support_choice"] is None


def test_no_similar_need_means_no_support_question(actions_catalog):
    slots = {"community": "新塘村委会", "description": "村口路灯坏了", "need_category": "基础设施提升"}
    tracker = make_tracker("村口路灯坏了", intent="report_need", slots=slots)
    required = __import__("asyncio").run(ValidateNeedForm().required_slots(
        ["community", "description", "need_category", "support_choice", "urgency"], None, tracker, {}))
    assert "support_choice" not in required


def test_a_place_entity_in_an_offer_sets_the_community(actions_catalog):
    tracker = make_tracker("我们公司在新塘村边上，会议室可以借给村里用", intent="offer_resource", requested_slot=None,
                           active_loop="resource_form", entities=[entity("community", "新塘村委会")],
                           mapped={"community": "新塘村委会"})
    slots, _ = run_action(ValidateResourceForm(), tracker)
    assert slots["resource_scope"] == "community"
    assert slots["provider_type"] == "驻区单位" and slots["resource_type"] == "物力"


def test_a_phone_number_is_never_kept_as_the_volunteers_name(actions_catalog):
    base = {**FILLED, "provider_name": None, "resource_confirmed": None}
    slots, messages = run_action(ValidateResourceForm(), make_tracker("13912345678", requested_slot="provider_name",
                                                                      slots=base, active_loop="resource_form"))
    # The number is kept as the phone (said back masked), never as the name, which is asked again.
    said = " ".join(m.get("text", "") for m in messages)
    assert slots.get("provider_name") is None and slots["resource_phone"] == "13912345678" and "139****5678" in said


@pytest.mark.parametrize("said, kept", [("确认", None), ("好的", None), ("1", None), ("随时", "随时"), ("周末上午", "周末上午")])
def test_a_bare_yes_is_not_taken_for_the_time(actions_catalog, said, kept):
    base = {**FILLED, "available_time": None, "resource_confirmed": None}
    slots, _ = run_action(ValidateResourceForm(), make_tracker(said, requested_slot="available_time", slots=base,
                                                              active_loop="resource_form"))
    assert slots["available_time"] == kept


def test_an_offer_neither_catalog_nor_outbox_can_take_keeps_the_form_open_for_a_later_confirmation(
        actions_catalog, settings, tmp_path):
    from rasa_sdk.executor import CollectingDispatcher

    from actions import runtime
    from tests.integration.conftest import DOMAIN

    actions_catalog.engine.dispose()
    (tmp_path / "a-file").write_text("")  # the outbox's folder cannot be made: the disk is the problem
    runtime.configure(settings.__class__(**{**settings.__dict__, "database_url": "sqlite:////nonexistent/dir/c.db",
                                            "outbox_path": tmp_path / "a-file" / "outbox.db"}))
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("确认提交", intent="affirm", slots=FILLED, active_loop=None)
    events = ActionSubmitResource().run(dispatcher, tracker, DOMAIN)
    assert "没能登记" in texts(dispatcher.messages) and "确认提交" in texts(dispatcher.messages)
    assert {"event": "followup", "name": "resource_form"} in [
        {"event": e["event"], "name": e.get("name")} for e in events]
    assert {"event": "slot", "name": "resource_confirmed"} in [
        {"event": e["event"], "name": e.get("name")} for e in events]


@pytest.mark.parametrize(("form", "slot", "active_loop"), [
    (ValidateResourceForm, "resource_phone", "resource_form"), (ValidateNeedForm, "phone", "need_form")])
def test_the_phone_is_acknowledged_when_given_not_when_the_form_checks_it_again(actions_catalog, form, slot,
                                                                                  active_loop):
    given = make_tracker("我电话13900001111", requested_slot=slot, active_loop=active_loop,
                         entities=[entity("phone", "13900001111")], mapped={slot: "13900001111"})
    slots, messages = run_action(form(), given)
    assert slots[slot] == "13900001111" and any("电话记为 139****1111" in m.get("text", "") for m in messages)
    # The form opened again after a refused submission re-checks every slot it holds.
    again = make_tracker("确认提交", intent="affirm", requested_slot=None, active_loop=active_loop,
                         mapped={slot: "13900001111"})
    slots, messages = run_action(form(), again)
    assert slots[slot] == "13900001111" and not any("电话记为" in m.get("text", "") for m in messages)


@pytest.mark.parametrize(("said", "slot", "value"), [
    ("时间改成礼拜六礼拜天都可以", "available_time", "礼拜六礼拜天都可以"),
    ("名字改成陈伯伯", "provider_name", "陈伯伯"),
])
def test_a_volunteer_changes_a_field_by_typing_it_at_the_summary(actions_catalog, said, slot, value):
    summary = {**FILLED, "resource_confirmed": None}
    slots, _ = run_action(ValidateResourceForm(), make_tracker(said, intent="correct", slots=summary,
                                                              active_loop="resource_form",
                                                              requested_slot="resource_confirmed"))
    assert slots[slot] == value and slots["resource_confirmed"] is None


def test_a_correction_misread_as_a_report_or_a_hand_off_stays_in_the_offer(actions_catalog):
    # Was: "能提供的改成…" (read as report_need) switched to a need report, "我是个人不是单位" (read as
    # human_handoff) to a call-back request; either way the offer was lost.
    summary = {**FILLED, "resource_confirmed": None}
    slots, _ = run_action(ValidateResourceForm(), make_tracker("能提供的改成打扫卫生、陪老人聊天", intent="report_need",
                                                              slots=summary, active_loop="resource_form",
                                                              requested_slot="resource_confirmed"))
    assert slots["resource_description"] == "打扫卫生、陪老人聊天" and slots["resource_confirmed"] is None
    slots, _ = run_action(ValidateResourceForm(), make_tracker("我是个人不是单位", intent="human_handoff",
                                                              slots=summary, active_loop="resource_form",
                                                              requested_slot="resource_confirmed"))
    # the nearest person type, said back as a guess to be corrected, then the summary again
    assert slots["provider_type"] == "社区能人" and slots["resource_confirmed"] is None


@pytest.mark.parametrize("said", ["算了就这样吧", "就这样提交", "这样就行了"])
def test_just_as_it_is_at_the_summary_files_it(actions_catalog, said):
    summary = {**FILLED, "resource_confirmed": None}
    slots, _ = run_action(ValidateResourceForm(), make_tracker(said, intent="cancel", slots=summary,
                                                              active_loop="resource_form",
                                                              requested_slot="resource_confirmed"))
    assert slots["resource_confirmed"] is True


@pytest.mark.parametrize("said", ["我想当志愿者", "我也想出份力", "我想报名当志愿者"])
def test_wanting_to_help_without_saying_how_is_asked_how(actions_catalog, said):
    # Was: the summary read "能提供：我想当志愿者".
    opening = make_tracker(said, intent="offer_resource", requested_slot=None, active_loop="resource_form")
    slots, _ = run_action(ValidateResourceForm(), opening)
    assert slots.get("resource_description") is None
    answer = make_tracker(said, requested_slot="resource_description", active_loop="resource_form",
                          mapped={"resource_description": said})
    slots, messages = run_action(ValidateResourceForm(), answer)
    assert slots["resource_description"] is None and "能提供什么帮助" in texts(messages)


def test_a_volunteer_takes_their_own_offer_off_the_list_and_no_one_elses(actions_catalog):
    from actions.fallback import ActionFallback
    from bot.resources.service import find_offer

    need = file_need(actions_catalog, NeedDraft("新塘村委会", "村里老人多，希望有人定期来给老人量血压", "社区服务供给", "盼",
                                                None, "resident-1", "n1"))
    run_action(ActionSubmitResource(), make_tracker("确认", intent="affirm", slots=FILLED, active_loop=None,
                                                    sender="volunteer-1"))
    assert project_of(actions_catalog, need.tracking_id).tier == "priority"
    _, messages = run_action(ActionFallback(), make_tracker("ZY000001 撤掉", intent="cancel", active_loop=None,
                                                            sender="someone-else"))
    assert "不是您登记的" in texts(messages) and find_offer(actions_catalog, "ZY000001")[0].status == "active"
    _, messages = run_action(ActionFallback(), make_tracker("所里领导讲暂时勿做了 刚才那个撤掉吧", intent="cancel",
                                                            active_loop=None, sender="volunteer-1"))
    assert "已把 ZY000001 从资源清单上撤下" in texts(messages), texts(messages)
    assert find_offer(actions_catalog, "ZY000001")[0].status == "withdrawn"
    assert project_of(actions_catalog, need.tracking_id).tier == "pending"  # the need looks for help again


def test_a_volunteers_new_number_goes_on_their_offers(actions_catalog):
    from rasa_sdk.executor import CollectingDispatcher

    from actions.status import new_phone
    from bot.resources.service import find_offer

    run_action(ActionSubmitResource(), make_tracker("确认", intent="affirm", slots=FILLED, active_loop=None,
                                                    sender="volunteer-2"))
    dispatcher = CollectingDispatcher()
    new_phone(dispatcher, make_tracker("电话换了 新个是13814560000", active_loop=None, sender="volunteer-2"),
              "电话换了 新个是13814560000")
    assert "ZY000001" in texts(dispatcher.messages) and "138****0000" in texts(dispatcher.messages)
    assert find_offer(actions_catalog, "ZY000001")[0].phone_masked == "138****0000"


def test_a_button_for_another_question_is_never_an_answer_to_this_one(actions_catalog):
    base = {**FILLED, "provider_name": None, "resource_confirmed": None}
    tracker = make_tracker('/inform{"resource_type":"智力"}', entities=[entity("resource_type", "智力")],
                           requested_slot="provider_name", slots=base, active_loop="resource_form")
    slots, _ = run_action(ValidateResourceForm(), tracker)
    assert slots.get("provider_name") is None


def test_a_volunteer_adds_to_their_own_offer_by_its_number(actions_catalog):
    from actions.status import ActionCheckStatus
    from bot.resources.service import find_offer

    run_action(ActionSubmitResource(), make_tracker("确认", intent="affirm", slots=FILLED, active_loop=None,
                                                    sender="volunteer-3"))
    said = "ZY000001 补充 有投影仪跟音响也可以用"
    _, messages = run_action(ActionCheckStatus(), make_tracker(said, intent="check_status", active_loop=None,
                                                               sender="someone-else"))
    assert "没能补充" in texts(messages) and "投影仪" not in find_offer(actions_catalog, "ZY000001")[0].description
    _, messages = run_action(ActionCheckStatus(), make_tracker(said, intent="check_status", active_loop=None,
                                                               sender="volunteer-3"))
    assert "已补充到 ZY000001" in texts(messages), texts(messages)
    assert find_offer(actions_catalog, "ZY000001")[0].description.endswith("；有投影仪跟音响也可以用")


def test_words_added_right_after_an_offer_is_listed_go_into_it(actions_catalog):
    from actions.status import ActionCheckStatus
    from bot.resources.service import find_offer

    run_action(ActionSubmitResource(), make_tracker("确认", intent="affirm", slots=FILLED, active_loop=None,
                                                    sender="volunteer-4"))
    tracker = make_tracker("再加一句 有投影仪跟音响也可以用", intent="check_status", active_loop=None, sender="volunteer-4")
    card = {"event": "bot", "text": "✅ 已记入资源清单，编号：ZY000001。",
            "data": {"custom": {"card": "resource", "tracking_id": "ZY000001", "helpable": []}}}
    tracker.events.insert(0, card)
    tracker.events.insert(0, {"event": "user", "text": "确认"})
    _, messages = run_action(ActionCheckStatus(), tracker)
    assert "已补充到 ZY000001" in texts(messages), texts(messages)
    assert find_offer(actions_catalog, "ZY000001")[0].description.endswith("；有投影仪跟音响也可以用")


def test_a_landline_written_into_the_help_is_kept_as_a_contact():
    """"能提供改成：…；座机0512-53581276": the number is no word of the help, and is never dropped without a word."""
    from actions.resources import _numbers_only_in_notes

    assert _numbers_only_in_notes("面包车一辆；座机0512-53581276", "17751283360") == "面包车一辆；（联系：0512-53581276）"
    assert _numbers_only_in_notes("会修电器 13912345678") == "会修电器"  # the number about to be the phone
