"""Round 30 of outside play, on the benchmark's catalog and at the actions: a follow-up splitting needs that have
waited long keeps the wait (a part never larger than its whole), a list of them lists only them, resources ranked
by village, a meeting's summary asked for as 汇总; a volunteer's question about signing, asked with no form open,
answered as one."""

from __future__ import annotations

import re
from datetime import date, timedelta

from actions.fallback import ActionFallback
from bot.cadres.roster import Cadre
from bot.clock import china_today
from bot.figures import Area, catalog_figures
from tests.integration.conftest import ask, make_tracker, run_action
from tests.integration.test_round_ten import texts

CITY = Cadre("C1", "测试", "city", None)
ZONE = Cadre("C2", "测试", "town", "经济开发区")


def test_needs_waiting_a_month_split_by_town_add_up_to_their_count(filled, gazetteer, base_settings):
    counted = ask(filled, gazetteer, base_settings, CITY, "全市超过一个月没办结的急的需求有几条")
    whole = int(re.search(r"需求 (\d+) 条", counted).group(1))
    split = ask(filled, gazetteer, base_settings, CITY, "全市超过一个月没办结的急的需求 按镇分一下")
    assert "超过一个月" in split and f"共 {whole} 条" in split, split
    assert sum(int(n) for n in re.findall(r"\d+\. \S+ (\d+)条", split)) == whole


def test_a_list_of_needs_waiting_a_month_holds_only_those(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, ZONE, "哪些需求超过一个月没人管")
    counted = int(re.search(r"需求 (\d+) 条", reply).group(1))
    cutoff = china_today() - timedelta(days=30)
    filed = [date.fromisoformat(day) for day in re.findall(r"（(\d{4}-\d{2}-\d{2})，", reply)]
    assert filed and len(filed) <= counted and all(day <= cutoff for day in filed), reply


def test_resources_ranked_by_village_add_up_to_the_citys(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, CITY, "志愿者最多的是哪个村")
    assert "按村（社区），从多到少" in reply and "需求" not in reply, reply
    shown = [int(n) for n in re.findall(r"(\d+)条", reply.split("从多到少：")[1].split("。")[0])]
    assert shown == sorted(shown, reverse=True)
    wide = re.search(r"另有全镇、全市范围的 (\d+) 条", reply)
    total = int(re.search(r"在册可用资源 (\d+) 条", reply).group(1))
    assert total == catalog_figures(filled, Area()).resources_here
    if "等（共" not in reply:
        assert sum(shown) + (int(wide.group(1)) if wide else 0) == total


def test_a_summary_asked_for_before_a_meeting_is_the_summary(filled, gazetteer, base_settings):
    reply = ask(filled, gazetteer, base_settings, ZONE, "明早开会 给我一个本周的情况汇总")
    assert reply.startswith("经济开发区本周小结") and "试点" in reply, reply


def test_a_volunteers_question_about_signing_with_no_form_open_is_answered(actions_catalog):
    tracker = make_tracker("上门剪头发要签啥协议伐 出了事体算啥人个", intent="out_of_scope", active_loop=None)
    _, messages = run_action(ActionFallback(), tracker)
    said = texts(messages)
    assert "不用签协议" in said and "保险" in said and "试点" not in said and "顺便答您" not in said, said



def test_a_part_of_the_summary_asked_after_it_is_answered_not_the_summary_again(actions_catalog, settings, monkeypatch):
    """"重办那4条是啥", "换成资源" right after "这礼拜小结" gave the whole summary again."""
    import json

    from actions.cadres import ActionAnswerFollowUp
    from bot.cli import main

    monkeypatch.setenv("ROSTER_FILE", str(settings.roster_file))
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    assert main(["cadre", "add", "王芳", "--role", "town", "--town", "城厢", "--identity", "rest:cx-summary"]) == 0
    asked = json.dumps({"text": "城厢镇这礼拜小结", "intent": "ask_catalog"}, ensure_ascii=False)
    for text, expected in (("重办那4条是啥", "重办"), ("换成资源", "资源")):
        tracker = make_tracker(text, "ask_catalog", sender="cx-summary", active_loop=None, slots={"last_asked": asked})
        _, messages = run_action(ActionAnswerFollowUp(), tracker)
        said = texts(messages)
        assert "小结" not in said and expected in said, said


def test_the_citys_resources_usable_here_are_of_the_cadres_own_place(filled, gazetteer, base_settings):
    """"上面全市的资源能给伲用的有几条" from a village cadre gave every resource of the city."""
    village = Cadre("C3", "测试", "community", "双凤镇", "庆丰村委会")
    reply = ask(filled, gazetteer, base_settings, village, "上面全市的资源能给伲用的有几条")
    assert not reply.startswith("全市") and "庆丰村" in reply.splitlines()[0], reply
    assert catalog_figures(filled, Area()).resources_here != int(re.search(r"资源 (\d+) 条", reply).group(1))


def test_a_periods_needs_of_one_level_listed_are_of_that_level(filled, gazetteer, base_settings):
    """"11月急的需求是哪几条" counted the urgent ones, then listed every need of the month."""
    from sqlalchemy import text

    reply = ask(filled, gazetteer, base_settings, Cadre("C4", "测试", "town", "浮桥镇"), "今年急的需求是哪几条")
    listed = re.findall(r"· (XQ\d{6})", reply)
    assert listed and "最新的“急”的需求" in reply, reply
    with filled.unit_of_work() as session:
        levels = {row[0] for row in session.execute(
            text(f"SELECT urgency FROM needs WHERE tracking_id IN ({','.join(repr(t) for t in listed)})"))}
    assert levels == {"急"}, levels


def test_how_to_reach_them_goes_with_the_phone_to_the_second_matter(actions_catalog):
    from rasa_sdk.executor import CollectingDispatcher

    from actions.needs import ActionSubmitNeed

    tracker = make_tracker("确认", slots={"description": "村里老年食堂关了（联系：白天上班可能接不到，晚上打）",
                                          "more_problems": ["小囡放学没人管 在河边玩"]}, requested_slot=None)
    events = ActionSubmitNeed.next_problem(CollectingDispatcher(), tracker, [])
    described = next(e["value"] for e in events if e.get("name") == "description")
    assert described == "小囡放学没人管 在河边玩（联系：白天上班可能接不到，晚上打）"


def test_a_lead_type_with_too_few_communities_is_said_so(filled, gazetteer, base_settings):
    """"村改居阿拉只有一个社区 哪能凑两个": the target asked of a type the town has one community of."""
    reply = ask(filled, gazetteer, base_settings, Cadre("C5", "测试", "town", "璜泾镇"), "村改居社区还差几个试点",
                "ask_pilot_progress")
    assert "只有 1 个" in reply and "凑不满 2 个试点" in reply, reply


def test_a_short_number_names_the_need_just_shown_and_no_other():
    from actions.cadres import _short_number_named

    shown = make_tracker("125那条对上的资源是谁", slots={"tracking_id": "XQ000125"}, active_loop=None)
    assert _short_number_named(shown, "125那条对上的资源是谁") == "XQ000125"
    assert _short_number_named(shown, "126那条对上的资源是谁") is None  # not shown: never guessed
    assert _short_number_named(shown, "全市125条需求") is None


def test_the_change_button_typed_after_a_question_still_confirms(actions_catalog, gazetteer, settings, monkeypatch):
    """Round 31: "确认修改" typed after "等等，维新村现在算啥类型？" was answered "好的👌" and nothing was changed."""
    from actions.cadres import ActionUpdateRegistry
    from tests.integration.registry_fixture import build_registry
    from tests.integration.test_cadre_actions import add_cadres
    from tests.integration.test_cadre_actions import ask as cadre_asks

    add_cadres(settings, monkeypatch)
    build_registry(actions_catalog, gazetteer)
    slots, preview = run_action(ActionUpdateRegistry(), cadre_asks("南园社区定为老街巷社区", "update_registry", sender="cx-wang"))
    assert preview[0]["text"].startswith("要记录：") and slots.get("pending_registry"), preview
    typed = make_tracker("确认修改", "affirm", sender="cx-wang", active_loop=None,
                         slots={"pending_registry": slots["pending_registry"]})  # a question came in between
    _, messages = run_action(ActionFallback(), typed)
    assert texts(messages).startswith("已记录：城厢镇南园社区"), texts(messages)
    again = make_tracker("好的", "affirm", sender="cx-wang", active_loop=None,
                         slots={"pending_registry": slots["pending_registry"]})
    _, messages = run_action(ActionFallback(), again)
    assert "已记录" not in texts(messages)  # a bare 好的 later confirms nothing
