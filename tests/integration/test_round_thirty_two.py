"""Round 32 of outside play, at the actions and on the benchmark's catalog: pieces of the matter typed where the
place was asked are kept, a reporter asking whether their need is 先治理 is told, a level said in Wu keeps its
part within its whole, communities not yet typed are listed, quarters are compared, and a cadre's figure question
that names a dimension never opens a resident's report."""

from __future__ import annotations

import re

from actions.needs import ActionSubmitNeed, ValidateNeedForm
from actions.status import ActionCheckStatus
from bot.cadres.roster import Cadre
from tests.integration.conftest import ask, make_tracker, run_action, run_action_events
from tests.integration.test_round_ten import REPORT, texts

FUQIAO = Cadre("C3", "测试", "town", "浮桥镇")
SHAXI = Cadre("C4", "测试", "town", "沙溪镇")


def slots_of(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_the_thing_named_first_then_what_is_wrong_at_the_place_question_are_kept(actions_catalog):
    opened = make_tracker("路灯", intent="report_need", requested_slot=None)
    events, messages = run_action_events(ValidateNeedForm(), opened)
    assert slots_of(events)["description"] == "路灯" and "是怎么了" in texts(messages)
    for said, kept in (("坏了", "路灯，坏了"), ("三天了", "路灯，坏了，三天了")):
        tracker = make_tracker(said, intent="inform", requested_slot="community", slots={"description": kept.rsplit("，", 1)[0]})
        events, messages = run_action_events(ValidateNeedForm(), tracker)
        assert slots_of(events)["description"] == kept and "没找到" not in texts(messages), texts(messages)


def test_a_reporter_asking_whether_their_need_is_first_to_be_done_is_told(actions_catalog):
    _, filed = run_action(ActionSubmitNeed(), make_tracker("确认", intent="affirm", slots={**REPORT, "need_confirmed": True},
                                                           active_loop=None))
    tracking_id = next(m["custom"]["tracking_id"] for m in filed if m.get("custom"))
    asked = make_tracker(f"{tracking_id} 是先治理还是待治理", intent="check_status", active_loop=None)
    _, messages = run_action(ActionCheckStatus(), asked)
    said = texts(messages)
    assert "项目目录：" in said and "治理" in said and "催办" not in said, said


def test_a_level_said_in_wu_keeps_its_part_within_its_whole(filled, gazetteer, base_settings):
    whole = ask(filled, gazetteer, base_settings, FUQIAO, "今年难个需求有几条")
    part = ask(filled, gazetteer, base_settings, FUQIAO, "今年难个未办结几条")
    count = int(re.search(r"“难”的需求 (\d+) 条", whole).group(1))
    open_count = int(re.search(r"未办结的“难”的需求 (\d+) 条", part).group(1))
    assert open_count <= count, (whole, part)
    ranked = ask(filled, gazetteer, base_settings, FUQIAO, "今年难个按村排一下")
    assert f"“难”的需求共 {count} 条" in ranked, ranked


def test_communities_not_yet_typed_are_listed(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, SHAXI, "哪些村还没定类型")
    assert "未分类的有：" in reply and "试点共" not in reply, reply


def test_this_quarter_and_the_last_are_both_answered(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, SHAXI, "迭个季度新增需求跟上个季度比哪能")
    assert "第四季度" in reply and "第三季度" in reply, reply


def test_a_cadres_figure_question_naming_a_dimension_opens_no_report(actions_catalog, settings, monkeypatch):
    from bot.cli import main

    monkeypatch.setenv("ROSTER_FILE", str(settings.roster_file))
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    assert main(["cadre", "add", "王芳", "--role", "town", "--town", "双凤", "--identity", "rest:sf-share"]) == 0
    tracker = make_tracker("我又没问基层群众自治 全镇个先治理占比", "check_status", sender="sf-share", active_loop=None)
    events, messages = run_action_events(ActionCheckStatus(), tracker)
    said = texts(messages)
    assert "重新登记" not in said and not any(e.get("name") == "need_form" for e in events), said


def test_a_thing_named_alone_with_no_form_open_starts_its_report(actions_catalog):
    from actions.fallback import ActionFallback

    tracker = make_tracker("扶手", intent="nlu_fallback", active_loop=None)
    events, messages = run_action_events(ActionFallback(), tracker)
    assert slots_of(events)["description"] == "扶手" and any(e.get("name") == "need_form" for e in events)
    assert not messages  # the form says what it took


def _previewed(actions_catalog, settings, monkeypatch, sender: str, change: str):
    """A town cadre's change previewed: the tracker events up to the preview, and the pending change."""
    from actions.cadres import ActionUpdateRegistry
    from bot.cli import main

    monkeypatch.setenv("ROSTER_FILE", str(settings.roster_file))
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    assert main(["cadre", "add", "王芳", "--role", "town", "--town", "璜泾", "--identity", f"rest:{sender}"]) == 0
    tracker = make_tracker(change, "update_registry", sender=sender, active_loop=None)
    events, messages = run_action_events(ActionUpdateRegistry(), tracker)
    assert "确认吗" in texts(messages), texts(messages)
    return tracker.events + [{"event": "bot", "text": texts(messages)}] + events, slots_of(events)["pending_registry"]


def test_a_preview_said_otherwise_afterwards_is_never_applied_by_the_typed_button(actions_catalog, settings, monkeypatch):
    from rasa_sdk.executor import CollectingDispatcher

    from actions.cadres import confirm_pending

    before, pending = _previewed(actions_catalog, settings, monkeypatch, "hj-stale", "把杨漕村定为传统乡村")
    later = make_tracker("确认修改", "update_registry", sender="hj-stale", active_loop=None, slots={"pending_registry": pending})
    between = [{"event": "user", "text": "类型勿动 只要列为试点"}, {"event": "bot", "text": "…"},
               {"event": "action", "name": "action_listen"}]
    later.events[:0] = before + between
    dispatcher = CollectingDispatcher()
    events = confirm_pending(dispatcher, later)
    assert events == [{"event": "slot", "timestamp": None, "name": "pending_registry", "value": None}]
    assert "没有记录" in dispatcher.messages[0]["text"]


def test_a_preview_given_another_day_is_previewed_again_from_that_day(actions_catalog, settings, monkeypatch):
    from rasa_sdk.executor import CollectingDispatcher

    from actions.cadres import confirm_pending

    before, pending = _previewed(actions_catalog, settings, monkeypatch, "hj-redate", "把杨漕村定为传统乡村")
    later = make_tracker("日期写错了 从11月1号起算", "inform", sender="hj-redate", active_loop=None,
                         slots={"pending_registry": pending})
    later.events[:0] = before
    dispatcher = CollectingDispatcher()
    events = confirm_pending(dispatcher, later)
    assert "11-01" in slots_of(events)["pending_registry"] and "确认吗" in dispatcher.messages[0]["text"]
