"""Call-backs (回访) asked in chat: who is asked about what, how often, and the answers recorded from their words."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text

from actions.greet import ActionGreet
from actions.status import ActionCheckStatus
from actions.visits import ActionSubmitVisit, ValidateVisitForm
from bot.catalog.models import utcnow
from bot.needs.service import NeedDraft, file_need, update_status
from bot.needs.visit_asks import call_back_due, note_answered, note_asked
from bot.needs.visits import VisitAnswer, record_visit
from bot.projects.service import support_need
from tests.integration.conftest import make_tracker, run_action, run_action_events

PLACE = "南园社区居委会"


def filed(catalog, sender="resident-1", number=1, description="路灯坏了") -> str:
    draft = NeedDraft(PLACE, f"{number}号楼{description}", "基础设施提升", "愁", None, sender, f"{sender}-{number}")
    return file_need(catalog, draft).tracking_id


def finished(catalog, sender="resident-1", number=1) -> str:
    tracking_id = filed(catalog, sender, number)
    update_status(catalog, tracking_id, "done", "已修好")
    return tracking_id


def visits_in_db(catalog) -> list[tuple]:
    with catalog.unit_of_work() as session:
        return session.execute(text("SELECT respondent, source, contacted, solved, satisfaction, words FROM visits "
                                    "ORDER BY id")).all()


def test_a_finished_need_is_due_once_and_open_ones_never(catalog):
    open_need = filed(catalog, number=1)
    done = finished(catalog, number=2)
    due = call_back_due(catalog, "resident-1")
    assert due.tracking_id == done and due.respondent == "reporter" and open_need != done
    assert call_back_due(catalog, "resident-2") is None


def test_nobody_is_asked_more_than_twice_nor_twice_in_a_day(catalog):
    done = finished(catalog)
    note_asked(catalog, done, "resident-1", "reporter")
    assert call_back_due(catalog, "resident-1") is None  # asked a moment ago
    assert call_back_due(catalog, "resident-1", now=utcnow() + timedelta(days=1)).tracking_id == done
    note_asked(catalog, done, "resident-1", "reporter")
    assert call_back_due(catalog, "resident-1", now=utcnow() + timedelta(days=3)) is None  # asked twice


def test_a_declined_or_answered_call_back_is_never_asked_again(catalog):
    declined, answered = finished(catalog, number=1), finished(catalog, number=2)
    note_asked(catalog, declined, "resident-1", "reporter", declined=True)
    note_asked(catalog, answered, "resident-1", "reporter")
    note_answered(catalog, answered, "resident-1", "reporter")
    assert call_back_due(catalog, "resident-1", now=utcnow() + timedelta(days=2)) is None


def test_a_call_back_by_phone_spares_the_chat_question(catalog):
    done = finished(catalog)
    record_visit(catalog, done, VisitAnswer(contacted=True, solved=True, satisfaction="满意"), source="phone",
                 recorded_by="cadre")
    assert call_back_due(catalog, "resident-1") is None


def test_a_need_finished_again_after_a_reopening_is_asked_about_afresh(catalog):
    done = finished(catalog)
    note_asked(catalog, done, "resident-1", "reporter")
    record_visit(catalog, done, VisitAnswer(solved=False, words="还是不亮"))
    note_answered(catalog, done, "resident-1", "reporter")
    update_status(catalog, done, "done", "换了灯头")
    assert call_back_due(catalog, "resident-1", now=utcnow() + timedelta(days=1)).tracking_id == done


def test_a_supporter_is_asked_after_their_own_reports(catalog):
    theirs = filed(catalog, sender="resident-2", number=1)
    support_need(catalog, theirs, "resident-1")
    update_status(catalog, theirs, "done", "已修好")
    due = call_back_due(catalog, "resident-1")
    assert due.tracking_id == theirs and due.respondent == "supporter"


def test_the_greeting_opens_the_call_back_with_the_need_named(actions_catalog):
    done = finished(actions_catalog)
    events, messages = run_action_events(ActionGreet(), make_tracker("你好", intent="greet", active_loop=None))
    assert done in messages[-1]["text"] and "回访" in messages[-1]["text"]
    assert {"event": "active_loop", "name": "visit_form"} in [{k: e.get(k) for k in ("event", "name")} for e in events]
    events, messages = run_action_events(ActionGreet(), make_tracker("你好", intent="greet", active_loop=None))
    assert not any(e.get("event") == "active_loop" for e in events)  # asked once today


def read(text_, asked="visit_contacted", intent="inform", confidence=0.5, slots=None):
    tracker = make_tracker(text_, intent=intent, confidence=confidence, requested_slot=asked, active_loop="visit_form",
                           slots={"visit_need": "XQ000001", "visit_respondent": "reporter", **(slots or {})})
    slots_set, _ = run_action(ValidateVisitForm(), tracker)
    return slots_set


def test_one_message_may_answer_all_three_questions():
    slots = read("来过哉，修好哉，蛮满意格")
    assert (slots["visit_contacted"], slots["visit_solved"], slots["visit_satisfaction"]) == ("是", "是", "满意")


def test_a_bare_answer_fills_the_question_asked():
    assert read("勿曾", asked="visit_contacted")["visit_contacted"] == "否"
    assert read("还行吧", asked="visit_satisfaction")["visit_satisfaction"] == "基本满意"


def test_a_new_report_in_the_middle_is_handled_as_a_report():
    slots = read("我要反映小区门口垃圾没人收", intent="report_need", confidence=0.95)
    assert slots["visit_next"] == "need_form" and slots["visit_contacted"] == "未答"


def test_words_that_answer_nothing_are_asked_again_once_then_left():
    assert read("啥", asked="visit_solved") == {"visit_unclear": True}
    slots = read("啥", asked="visit_solved", slots={"visit_unclear": True, "visit_contacted": "是"})
    assert slots == {"visit_solved": "未答", "visit_satisfaction": "未答"}


def submit(actions_catalog, tracking_id, **slots):
    tracker = make_tracker("", active_loop=None, slots={"visit_need": tracking_id, "visit_respondent": "reporter",
                                                         **slots})
    return run_action_events(ActionSubmitVisit(), tracker)


def test_the_answers_are_recorded_with_the_residents_words(actions_catalog):
    done = finished(actions_catalog)
    _, messages = submit(actions_catalog, done, visit_contacted="是", visit_solved="是", visit_satisfaction="基本满意",
                         visit_words="来过哉 修好哉 还行")
    assert visits_in_db(actions_catalog) == [("reporter", "chat", True, True, "基本满意", "来过哉 修好哉 还行")]
    assert "已记下" in messages[0]["text"] and "基本满意" in messages[0]["text"]
    assert call_back_due(actions_catalog, "resident-1", now=utcnow() + timedelta(days=2)) is None


def test_not_solved_reopens_the_need_and_says_so(actions_catalog):
    done = finished(actions_catalog)
    _, messages = submit(actions_catalog, done, visit_contacted="是", visit_solved="否", visit_satisfaction="不满意",
                         visit_words="灯还是不亮")
    with actions_catalog.unit_of_work() as session:
        status = session.execute(text("SELECT status FROM needs WHERE tracking_id = :t"), {"t": done}).scalar()
    assert status == "reopened" and "重办" in messages[0]["text"]


def test_a_decline_records_nothing_and_is_never_asked_again(actions_catalog):
    done = finished(actions_catalog)
    _, messages = submit(actions_catalog, done, visit_contacted="未答", visit_solved="未答", visit_satisfaction="未答",
                         visit_declined=True)
    assert visits_in_db(actions_catalog) == [] and "不打扰" in messages[0]["text"]
    assert call_back_due(actions_catalog, "resident-1", now=utcnow() + timedelta(days=2)) is None


def test_moving_on_records_what_was_said_and_hands_the_message_on(actions_catalog):
    done = finished(actions_catalog)
    events, messages = submit(actions_catalog, done, visit_contacted="是", visit_solved="未答",
                              visit_satisfaction="未答", visit_next="need_form", visit_words="联系过")
    assert visits_in_db(actions_catalog) == [("reporter", "chat", True, None, None, "联系过")]
    assert {"event": "followup", "name": "need_form"} in [{k: e.get(k) for k in ("event", "name")} for e in events]


def test_a_status_answer_about_a_finished_need_opens_its_call_back(actions_catalog):
    done = finished(actions_catalog)
    events, messages = run_action_events(ActionCheckStatus(), make_tracker(f"{done}怎么样了", intent="check_status",
                                                                           active_loop=None))
    assert messages[0]["text"].startswith(f"编号 {done}") and "回访" in messages[-1]["text"]
    assert any(e.get("event") == "active_loop" and e.get("name") == "visit_form" for e in events)


def test_the_message_that_opened_the_call_back_is_not_read_as_its_answer():
    tracker = make_tracker("你好呀，都修好了吗", intent="greet", active_loop="visit_form",
                           slots={"visit_need": "XQ000001", "visit_respondent": "reporter"})
    tracker.events.append({"event": "active_loop", "name": "visit_form"})  # opened by the greeting's answer
    assert run_action(ValidateVisitForm(), tracker) == ({}, [])


def test_words_not_understood_from_a_resident_with_a_finished_report_open_its_call_back(actions_catalog):
    from actions.fallback import ActionFallback

    done = finished(actions_catalog)
    events, messages = run_action_events(ActionFallback(), make_tracker("晚上好，吃过夜饭了伐", intent="out_of_scope",
                                                                        active_loop=None))
    assert done in messages[-1]["text"] and "没太听懂" not in messages[-1]["text"]
    assert any(e.get("event") == "active_loop" and e.get("name") == "visit_form" for e in events)


def test_a_status_question_instead_of_an_answer_is_answered_there_and_then(actions_catalog):
    """Not as a follow-up: after one, no rule knows what comes next and the fallback would be predicted in a loop."""
    done = finished(actions_catalog)
    tracker = make_tracker(f"{done}到底办得怎么样", intent="check_status", active_loop=None,
                           slots={"visit_need": done, "visit_respondent": "reporter", "visit_next": "action_check_status",
                                  "visit_contacted": "未答", "visit_solved": "未答", "visit_satisfaction": "未答"})
    events, messages = run_action_events(ActionSubmitVisit(), tracker)
    assert messages[0]["text"].startswith(f"编号 {done}")
    assert not any(e.get("event") == "followup" for e in events)


def test_a_report_filed_by_a_resident_with_a_finished_one_is_followed_by_its_call_back(actions_catalog):
    from actions.needs import ActionSubmitNeed

    done = finished(actions_catalog, number=7)
    slots = {"community": PLACE, "description": "楼下垃圾桶满了三天没人倒", "need_category": "人居环境整治",
             "urgency": "愁", "phone": "不留", "need_confirmed": True}
    events, messages = run_action_events(ActionSubmitNeed(), make_tracker("确认", intent="affirm", slots=slots,
                                                                           active_loop=None))
    assert "已记入" in messages[0]["text"] and done in messages[-1]["text"] and "回访" in messages[-1]["text"]
    assert any(e.get("event") == "active_loop" and e.get("name") == "visit_form" for e in events)


def test_a_supporter_is_not_shown_the_reporters_words(actions_catalog):
    theirs = filed(actions_catalog, sender="resident-2", number=3, description="家里电话13912345678，门口路灯坏了")
    support_need(actions_catalog, theirs, "resident-1")
    update_status(actions_catalog, theirs, "done", "已修好")
    _, messages = run_action_events(ActionGreet(), make_tracker("你好", intent="greet", active_loop=None))
    intro = messages[-1]["text"]
    assert theirs in intro and "附议" in intro and "南园社区" in intro and "基础设施提升" in intro
    assert "路灯" not in intro and "1391" not in intro
