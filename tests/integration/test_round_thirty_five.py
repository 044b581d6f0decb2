"""Rounds 35 and 36 of outside play, at the actions: a report made for someone else keeps its first message, a cadre asking
for a file is told where to download it, a cadre's question about a resident's errand opens no report, and a
question about something else that names a place is no follow-up of the last figure."""

from __future__ import annotations

import json

from actions.cadres import cadre_question_instead, continued_question
from actions.needs import ValidateNeedForm
from tests.integration.conftest import entity, make_tracker, run_action_events
from tests.integration.test_round_ten import texts


def slots_of(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def _cadre(settings, monkeypatch, sender: str) -> None:
    from bot.cli import main

    monkeypatch.setenv("ROSTER_FILE", str(settings.roster_file))
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    assert main(["cadre", "add", "王芳", "--role", "town", "--town", "璜泾", "--identity", f"rest:{sender}"]) == 0


def _run(function, tracker):
    from rasa_sdk.executor import CollectingDispatcher

    dispatcher = CollectingDispatcher()
    return function(dispatcher, tracker, {}), texts(dispatcher.messages)


def test_a_report_made_for_an_uncle_keeps_the_matter_of_its_first_message(actions_catalog):
    said = "我帮阿拉爷叔反映一下 伊坐轮椅个 住城厢古塘社区 单元门口三级台阶 呒没坡道 轮椅推勿出去 一个号头没下楼了"
    events, messages = run_action_events(ValidateNeedForm(), make_tracker(said, intent="report_need", requested_slot=None))
    slots = slots_of(events)
    assert slots["description"] == said and slots["requested_slot"] != "description", texts(messages)


def test_a_cadre_asking_for_a_file_is_told_where_to_download_it(actions_catalog, settings, monkeypatch):
    _cadre(settings, monkeypatch, "hj-export")
    tracker = make_tracker("中期评估报告帮我导出来发我", "report_need", sender="hj-export", requested_slot=None)
    events, said = _run(cadre_question_instead, tracker)
    assert events == [] and "导出Excel" in said and "下载中期评估报告" in said, said


def test_a_cadres_question_about_a_residents_errand_opens_no_report(actions_catalog, settings, monkeypatch):
    _cadre(settings, monkeypatch, "hj-errand")
    tracker = make_tracker("有个老人问社保卡丢了到哪里补办 你晓得伐", "report_need", sender="hj-errand", requested_slot=None)
    events, said = _run(cadre_question_instead, tracker)
    assert events == [] and "12345" in said, said


def test_a_question_about_the_weather_naming_a_town_is_no_follow_up(actions_catalog, settings, monkeypatch):
    _cadre(settings, monkeypatch, "hj-weather")
    asked = json.dumps({"text": "璜泾镇人居环境整治没办结几条", "intent": "ask_catalog"}, ensure_ascii=False)
    tracker = make_tracker("明朝璜泾落雨伐", "out_of_scope", sender="hj-weather", active_loop=None, slots={"last_asked": asked})
    tracker.events[:0] = [{"event": "user", "text": "璜泾镇人居环境整治没办结几条"},
                          {"event": "action", "name": "action_answer_question"},
                          {"event": "slot", "name": "last_asked", "value": asked},
                          {"event": "bot", "text": "璜泾镇未办结的人居环境整治需求 8 条。"},
                          {"event": "action", "name": "action_listen"}]
    result, said = _run(continued_question, tracker)
    assert result is None and not said


def test_a_place_named_in_words_to_take_out_leaves_the_place_as_it_was(actions_catalog):
    """Round 36: "问题里头开头还写着沙溪香塘村 拿伊去脱" after the place was put right to 凡山村 moved it back."""
    filled = {"description": "沙溪香塘村 弄堂里电线垂下来 还冒火星", "community": "凡山村委会", "town": "沙溪镇",
              "urgency": "急", "phone": "13900001111", "need_category": "基础设施提升"}
    tracker = make_tracker("问题里头开头还写着沙溪香塘村 拿伊去脱", "correct", requested_slot="need_confirmed", slots=filled,
                           mapped={"community": "香塘村委会"}, entities=[entity("community", "香塘村")])
    tracker.events[:0] = [{"event": "slot", "name": name, "value": value} for name, value in filled.items()]
    events, messages = run_action_events(ValidateNeedForm(), tracker)
    slots = slots_of(events)
    assert slots["community"] == "凡山村委会" and slots["description"] == "弄堂里电线垂下来 还冒火星", texts(messages)


def test_two_people_offering_together_are_both_masked():
    from bot.resources.service import mask_name

    assert mask_name("俞晨阳、叶小棠") == "俞**、叶**"
