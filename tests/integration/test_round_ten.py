"""Round 10 of outside play, at the actions: a withdrawn report taken up again, whether anyone can help with the
report just filed, a field asked about said back unchanged, a second number kept, and a volunteer's questions
answered for volunteers."""

from actions.needs import ActionSubmitNeed, ValidateNeedForm
from actions.resources import ValidateResourceForm
from actions.status import ActionCheckStatus
from tests.integration.conftest import make_tracker, run_action, run_action_events

REPORT = {"community": "梅园社区居委会", "town": "城厢镇", "description": "隔壁人家的狗夜里一直叫，楼道里还有狗屎",
          "need_category": "人居环境整治", "urgency": "愁", "phone": "13962712345"}
OFFER = {"resource_description": "退休电工，可以帮老人修电灯电线", "resource_type": "人力", "provider_type": "社区能人",
         "provider_name": "老陆", "resource_scope": "town", "town": "双凤镇", "available_time": "礼拜六礼拜天",
         "resource_phone": "13912345678"}


def texts(messages):
    return "\n".join(m.get("text") or "" for m in messages)


def slots_of(events):
    return {e["name"]: e.get("value") for e in events if e.get("event") == "slot"}


def test_a_cancelled_report_is_kept_in_the_chat_and_taken_up_again_with_the_new_words(actions_catalog):
    cancelling = make_tracker("算了不报了 邻里邻舍格 怕伤和气", intent="cancel", slots=REPORT, requested_slot="need_confirmed")
    events, messages = run_action_events(ValidateNeedForm(), cancelling)
    kept = slots_of(events)["withdrawn_report"]
    assert kept["description"] == REPORT["description"] and "还是报吧" in texts(messages)
    again = make_tracker("哦不 还是报吧 实在吃勿消了 每天半夜两三点还在叫", intent="report_need", requested_slot=None,
                         slots={"withdrawn_report": kept})
    events, messages = run_action_events(ValidateNeedForm(), again)
    taken = slots_of(events)
    assert taken["description"] == REPORT["description"] + "；实在吃勿消了 每天半夜两三点还在叫"
    assert taken["community"] == "梅园社区居委会" and taken["urgency"] == "愁" and taken["withdrawn_report"] is None
    assert taken["requested_slot"] == "need_confirmed"  # the summary comes next, nothing asked twice


def test_a_report_withdrawn_before_its_level_asks_for_the_level_when_taken_up_again(actions_catalog):
    kept = {k: v for k, v in REPORT.items() if k not in ("urgency", "phone")}
    again = make_tracker("还是报吧", intent="report_need", requested_slot=None, slots={"withdrawn_report": kept})
    events, _ = run_action_events(ValidateNeedForm(), again)
    assert slots_of(events)["requested_slot"] == "urgency"


def test_whether_anyone_can_help_with_the_report_just_filed_is_answered_for_that_report(actions_catalog):
    _, filed = run_action(ActionSubmitNeed(), make_tracker("确认", intent="affirm", slots={**REPORT, "need_confirmed": True},
                                                           active_loop=None))
    tracking_id = next(m["custom"]["tracking_id"] for m in filed if m.get("custom"))
    asked = make_tracker("那现在到底有没有会修的志愿者 能直接联系伐", intent="check_status", active_loop=None)
    asked.events.insert(0, {"event": "bot", "text": tracking_id, "data": {"custom": {"card": "tracking", "tracking_id": tracking_id}}})
    _, messages = run_action(ActionCheckStatus(), asked)
    assert tracking_id in texts(messages) and "还没有对上合适的志愿者" in texts(messages)
    assert "还没有登记过资源" not in texts(messages)


def test_a_field_asked_about_is_said_back_and_left_as_it_is(actions_catalog):
    tracker = make_tracker("名字记的是老陆伐", slots=OFFER, requested_slot="resource_confirmed", active_loop="resource_form",
                           sender="volunteer-1")
    events, messages = run_action_events(ValidateResourceForm(), tracker)
    assert "称呼记的是：老陆" in texts(messages)  # their own name, to them
    assert "provider_name" not in slots_of(events)


def test_a_second_number_and_who_to_ask_for_are_kept_beside_the_offer(actions_catalog):
    tracker = make_tracker("0512-53581234 找人事部", slots={**OFFER, "resource_phone": None}, requested_slot="resource_phone",
                           active_loop="resource_form", sender="volunteer-2")
    events, _ = run_action_events(ValidateResourceForm(), tracker)
    taken = slots_of(events)
    assert taken["resource_phone"] == "0512-53581234"
    assert taken["resource_description"].endswith("（联系：找人事部）")


def test_a_volunteer_asking_about_insurance_hears_a_volunteers_answer(actions_catalog):
    tracker = make_tracker("问一下 出了事情谁负责 要自己买保险吗", intent="faq", slots={**OFFER, "available_time": None},
                           requested_slot="available_time", active_loop="resource_form", sender="volunteer-3")
    _, messages = run_action_events(ValidateResourceForm(), tracker)
    assert "人身意外伤害保险" in texts(messages)
    assert "您反映的事" not in texts(messages)


def test_a_cadre_in_scope_reads_who_offers_a_listed_offer_in_full_and_others_do_not(actions_catalog, settings, monkeypatch):
    from actions.resources import ActionSubmitResource
    from bot.cli import main

    monkeypatch.setenv("ROSTER_FILE", str(settings.roster_file))
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    assert main(["cadre", "add", "王芳", "--role", "town", "--town", "双凤镇", "--identity", "rest:sf-wang"]) == 0
    assert main(["cadre", "add", "李强", "--role", "town", "--town", "沙溪镇", "--identity", "rest:sx-li"]) == 0
    run_action(ActionSubmitResource(), make_tracker("确认", intent="affirm", slots={**OFFER, "provider_name": "陆建平",
                                                                                   "resource_confirmed": True},
                                                    active_loop=None, sender="volunteer-9"))

    def asks(sender):
        return texts(run_action(ActionCheckStatus(), make_tracker("ZY000001 这个师傅电话给我下", intent="check_status",
                                                                  active_loop=None, sender=sender))[1])

    assert "陆建平" in asks("sf-wang") and "13912345678" in asks("sf-wang")
    assert "陆建平" not in asks("sx-li") and "13912345678" not in asks("sx-li")
