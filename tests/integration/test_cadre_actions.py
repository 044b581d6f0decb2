"""The cadre actions with rasa-sdk trackers: roster identities, scope, full lists, commands."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from actions import runtime
from actions.cadres import ActionAnswerQuestion, ActionShowMore, ActionUpdateRegistry
from bot.cli import main
from tests.integration.conftest import make_tracker, run_action
from tests.integration.registry_fixture import build_registry, file_needs


def add_cadres(settings, monkeypatch):
    monkeypatch.setenv("ROSTER_FILE", str(settings.roster_file))
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    assert main(["cadre", "add", "王芳", "--role", "town", "--town", "城厢", "--identity", "rest:cx-wang"]) == 0
    assert main(["cadre", "add", "李强", "--role", "community", "--community", "王秀村", "--identity", "rest:wx-li",
                 "--identity", "wechat:oWX123"]) == 0


def ask(text, intent="ask_pilot_progress", sender="resident-1", slots=None, channel="rest"):
    return make_tracker(text, intent, sender=sender, active_loop=None, slots=slots, channel=channel)


def command(text, sender, channel="rest", intent="update_registry"):
    """A registry command, then a tap on its 确认修改 button; the messages of both steps."""
    slots, preview = run_action(ActionUpdateRegistry(), ask(text, intent, sender=sender, channel=channel))
    if not slots.get("pending_registry"):
        return preview, []
    key = json.loads(slots["pending_registry"])["key"]
    tap = make_tracker(f'/update_registry{{"registry_confirm":"{key}"}}', "update_registry",
                       entities=[{"entity": "registry_confirm", "value": key}], sender=sender, active_loop=None,
                       slots={"pending_registry": slots["pending_registry"]}, channel=channel)
    _, done = run_action(ActionUpdateRegistry(), tap)
    return preview, done


def test_the_roster_decides_who_is_a_cadre(actions_catalog, gazetteer, settings, monkeypatch, capsys):
    add_cadres(settings, monkeypatch)
    build_registry(actions_catalog, gazetteer)
    _, messages = run_action(ActionAnswerQuestion(), ask("我们镇有几个试点社区", sender="cx-wang"))
    assert messages[0]["text"].startswith("城厢镇试点共 7 个")
    # the same sender id on another channel is not the cadre
    _, messages = run_action(ActionAnswerQuestion(), ask("我们镇有几个试点社区", sender="cx-wang", channel="wechat"))
    assert "哪个镇" in messages[0]["text"]
    assert main(["cadre", "list"]) == 0
    listed = capsys.readouterr().out
    assert "C001\t王芳\ttown\t城厢镇" in listed and "C002\t李强\tcommunity\t璜泾镇王秀村" in listed


def test_each_full_list_button_shows_its_own_list(actions_catalog, gazetteer):
    build_registry(actions_catalog, gazetteer)
    slots, messages = run_action(ActionAnswerQuestion(), ask("全市试点有哪些"))
    pilots_button = messages[0]["buttons"][0]["payload"]
    assert pilots_button.startswith('/show_more{"list_key":')
    later, messages = run_action(ActionAnswerQuestion(), ask("全市还有哪些没分类", slots=slots))
    kept = {**slots, **later}
    assert messages[0]["buttons"][0]["payload"] != pilots_button and len(kept["listed_questions"]) == 2

    def tap(payload, slots):
        key = json.loads(payload[len("/show_more"):])["list_key"]
        tracker = make_tracker(payload, "show_more", entities=[{"entity": "list_key", "value": key}],
                               active_loop=None, slots=slots)
        return run_action(ActionShowMore(), tracker)[1][0]["text"]

    assert tap(pilots_button, kept).count("· ") == 21  # the older button still shows the pilots
    assert "这份名单已经过期了" in tap('/show_more{"list_key":"0000000000"}', kept)
    _, messages = run_action(ActionShowMore(), ask("全部", "show_more"))
    assert "没有可以展开的名单" in messages[0]["text"]


def test_a_residents_home_community_answers_our_village(actions_catalog, gazetteer):
    file_needs(actions_catalog, gazetteer)
    tracker = ask("我们社区有多少需求", "ask_catalog", slots={"community": "南园社区居委会"})
    _, messages = run_action(ActionAnswerQuestion(), tracker)
    assert messages[0]["text"].startswith("城厢镇南园社区一共收到 3 条问题反映")


def test_registry_commands_only_for_cadres_in_scope(actions_catalog, gazetteer, settings, monkeypatch):
    add_cadres(settings, monkeypatch)
    _, messages = run_action(ActionUpdateRegistry(), ask("南园社区定为老街巷社区", "update_registry"))
    assert "只能由名册里" in messages[0]["text"]
    _, messages = run_action(ActionUpdateRegistry(), ask("沙溪镇半泾村设为特色乡村", "update_registry", sender="cx-wang"))
    assert "不在您的范围" in messages[0]["text"]
    preview, done = command("南园社区定为老街巷社区并设为试点", "cx-wang")
    assert preview[0]["text"].startswith("要记录：城厢镇南园社区自") and preview[0]["buttons"][0]["title"] == "确认修改"
    assert done[0]["text"].startswith("已记录：城厢镇南园社区自") and "为老街巷社区，且是试点。改之前：未分类" in done[0]["text"]
    _, done = command("王秀村 传统乡村", "oWX123", channel="wechat")
    assert "已记录：璜泾镇王秀村" in done[0]["text"]
    with actions_catalog.unit_of_work() as session:
        rows = session.execute(text("SELECT author, source FROM registry_changes ORDER BY id")).all()
        refused = session.execute(text("SELECT cadre_id, action, reason FROM access_refusals ORDER BY id")).all()
    assert rows == [("王芳（C001）", "chat:rest"), ("李强（C002）", "chat:wechat")]
    assert refused == [(None, "change_registry", "not_cadre"), ("C001", "change_registry", "out_of_scope")]


def test_a_broken_catalog_gets_an_apology_not_a_trace(actions_catalog, settings):
    actions_catalog.engine.dispose()
    with actions_catalog.unit_of_work() as session:
        session.execute(text("DROP TABLE registry_changes"))
    _, messages = run_action(ActionAnswerQuestion(), ask("全市有几个试点"))
    assert messages[0]["text"] == "抱歉，查询数字时出了点问题，请稍后再问一次。"


def test_a_cadre_export_shows_phones_only_in_scope(actions_catalog, gazetteer, settings, monkeypatch, capsys):
    add_cadres(settings, monkeypatch)
    file_needs(actions_catalog, gazetteer)
    assert main(["export", "needs", "--format", "csv", "--cadre", "C001"]) == 0
    out = capsys.readouterr().out
    assert out.count("13812345678") == 3 and "13962718830" not in out  # 城厢镇 only, in full
    assert main(["export", "needs", "--format", "csv"]) == 0
    assert "13812345678" not in capsys.readouterr().out


def test_a_question_taken_for_a_command_changes_nothing(actions_catalog, gazetteer, settings, monkeypatch):
    add_cadres(settings, monkeypatch)
    _, messages = run_action(ActionUpdateRegistry(), ask("南园社区是不是试点？", "update_registry", sender="cx-wang"))
    assert "南园社区还没有分类" in messages[0]["text"]
    with actions_catalog.unit_of_work() as session:
        assert session.execute(text("SELECT count(*) FROM registry_changes")).scalar() == 0


def test_backdated_and_future_commands_say_what_happens(actions_catalog, gazetteer, settings, monkeypatch):
    add_cadres(settings, monkeypatch)
    build_registry(actions_catalog, gazetteer)
    command("县府社区取消试点", "cx-wang")
    _, done = command("县府社区设为试点 从2022年10月1日起", "cx-wang")
    assert "之后已登记的记录也一起改为：2026-11-28起动迁安置社区，且是试点" in done[0]["text"].replace(
        runtime.today().isoformat(), "2026-11-28")
    _, messages = run_action(ActionUpdateRegistry(), ask("县府社区设为试点 从2099年1月1日起", "update_registry",
                                                         sender="cx-wang"))
    # already a pilot from an earlier date: the start moves to the date given
    assert "试点开始日期从2022-10-01改为2099-01-01" in messages[0]["text"], messages
    _, done = command("东林村定为城郊融合村 从2099年1月1日起", "cx-wang")
    assert "到那天才生效，现在仍是未分类" in done[0]["text"], done


def test_the_fallback_runs_a_cadre_command_once_and_listens(actions_catalog, gazetteer, settings, monkeypatch):
    from actions.fallback import ActionFallback

    add_cadres(settings, monkeypatch)
    slots, messages = run_action(ActionFallback(), ask("东林村 城郊融合村", "inform", sender="cx-wang"))
    assert len(messages) == 1 and messages[0]["text"].startswith("要记录：城厢镇东林村") and slots["pending_registry"]
    _, messages = run_action(ActionFallback(), ask("/affirm", "nlu_fallback"))
    assert "按钮已经用过了" in messages[0]["text"] and "Sorry" not in messages[0]["text"]



def test_nothing_is_written_until_the_cadre_confirms(actions_catalog, gazetteer, settings, monkeypatch):
    from actions.fallback import ActionFallback

    add_cadres(settings, monkeypatch)
    slots, preview = run_action(ActionUpdateRegistry(), ask("东林村定为城郊融合村", "update_registry", sender="cx-wang"))
    with actions_catalog.unit_of_work() as session:
        assert session.execute(text("SELECT count(*) FROM registry_changes")).scalar() == 0
    # a typed 好的 right after the preview confirms it
    tracker = make_tracker("好的", "affirm", sender="cx-wang", active_loop=None, slots=slots)
    tracker.events[:0] = [{"event": "user", "text": "东林村定为城郊融合村"}, {"event": "action", "name": "action_fallback"},
                          {"event": "slot", "name": "pending_registry", "value": slots["pending_registry"]}]
    _, done = run_action(ActionFallback(), tracker)
    assert done[0]["text"].startswith("已记录：城厢镇东林村")
    # an old button with another key does nothing
    stale = make_tracker('/update_registry{"registry_confirm":"00000000"}', "update_registry",
                        entities=[{"entity": "registry_confirm", "value": "00000000"}], sender="cx-wang",
                        active_loop=None, slots=slots)
    _, messages = run_action(ActionUpdateRegistry(), stale)
    assert "已经过期" in messages[0]["text"]
    with actions_catalog.unit_of_work() as session:
        assert session.execute(text("SELECT count(*) FROM registry_changes")).scalar() == 1


def test_a_yes_long_after_a_preview_changes_nothing(actions_catalog, gazetteer, settings, monkeypatch):
    from actions.fallback import ActionFallback

    add_cadres(settings, monkeypatch)
    slots, _ = run_action(ActionUpdateRegistry(), ask("东林村定为城郊融合村", "update_registry", sender="cx-wang"))
    tracker = make_tracker("好的", "affirm", sender="cx-wang", active_loop=None, slots=slots)
    tracker.events[:0] = [{"event": "user", "text": "东林村定为城郊融合村"},
                          {"event": "slot", "name": "pending_registry", "value": slots["pending_registry"]},
                          {"event": "user", "text": "城厢镇有几个试点"}, {"event": "action", "name": "action_answer_question"}]
    _, messages = run_action(ActionFallback(), tracker)
    assert "已记录" not in messages[0]["text"]
    with actions_catalog.unit_of_work() as session:
        assert session.execute(text("SELECT count(*) FROM registry_changes")).scalar() == 0


def test_typed_words_after_a_preview_and_a_second_tap(actions_catalog, gazetteer, settings, monkeypatch):
    from actions.fallback import ActionFallback

    add_cadres(settings, monkeypatch)
    slots, _ = run_action(ActionUpdateRegistry(), ask("东林村定为城郊融合村", "update_registry", sender="cx-wang"))

    def right_after(text, intent):
        tracker = make_tracker(text, intent, sender="cx-wang", active_loop=None, slots=slots)
        tracker.events[:0] = [{"event": "user", "text": "东林村定为城郊融合村"},
                              {"event": "slot", "name": "pending_registry", "value": slots["pending_registry"]}]
        return run_action(ActionFallback(), tracker)

    _, messages = right_after("不改了", "cancel")
    assert messages[0]["text"] == "好的，不改了。"
    done_slots, messages = right_after("确认修改", "nlu_fallback")
    assert messages[0]["text"].startswith("已记录：城厢镇东林村")
    key = json.loads(slots["pending_registry"])["key"]
    again = make_tracker(f'/update_registry{{"registry_confirm":"{key}"}}', "update_registry",
                         entities=[{"entity": "registry_confirm", "value": key}], sender="cx-wang", active_loop=None,
                         slots=done_slots)
    _, messages = run_action(ActionUpdateRegistry(), again)
    assert messages[0]["text"] == "这条修改已经记录过了，不用再点。"


@pytest.mark.parametrize("text", ["沙溪镇半泾村河道里垃圾好多 臭得来", "新华村的公厕脏得进不去 味道交关大 多少辰光没打扫了",
                                  "那个那个 就是我们半泾村的垃圾分类亭 以经坏了好久了 门都关不上"])
def test_a_problem_read_as_a_question_becomes_a_report(actions_catalog, gazetteer, text):
    events = asyncio_run_events(ActionAnswerQuestion(), ask(text, "ask_catalog"))
    assert {"event": "followup", "name": "need_form"} in [{k: e.get(k) for k in ("event", "name")} for e in events]


@pytest.mark.parametrize("text", ["看看别人反映了啥", "南园社区的路灯问题多不多", "城厢镇需求明细", "南园社区有几个志愿者"])
def test_a_question_about_problems_stays_a_question(actions_catalog, gazetteer, text):
    events = asyncio_run_events(ActionAnswerQuestion(), ask(text, "ask_catalog"))
    assert not any(e.get("event") == "followup" for e in events)


def test_a_cadres_command_read_as_a_question_is_previewed(actions_catalog, gazetteer, settings, monkeypatch):
    add_cadres(settings, monkeypatch)
    slots, messages = run_action(ActionAnswerQuestion(), ask("弇山社区 老街巷社区 试点", sender="cx-wang"))
    assert messages[0]["text"].startswith("要记录：城厢镇弇山社区") and slots["pending_registry"]
    _, messages = run_action(ActionAnswerQuestion(), ask("洪泾村哪天成为试点的", sender="cx-wang"))
    assert "要记录" not in messages[0]["text"]


def asyncio_run_events(action, tracker):
    import asyncio

    from rasa_sdk.executor import CollectingDispatcher

    from tests.integration.conftest import DOMAIN

    return asyncio.run(_events(action, CollectingDispatcher(), tracker, DOMAIN))


async def _events(action, dispatcher, tracker, domain):
    result = action.run(dispatcher, tracker, domain)
    return await result if hasattr(result, "__await__") else result


def test_coverage_and_pilot_answers_carry_a_figure_card_for_the_web_page(actions_catalog, gazetteer):
    build_registry(actions_catalog, gazetteer)
    _, messages = run_action(ActionAnswerQuestion(), ask("城厢镇覆盖率多少"))
    assert messages[0]["custom"] == {"card": "figure", "title": "城厢镇试点覆盖率", "value": "30.4%",
                                     "note": "试点 7 个 / 共 23 个村（社区）"}
    _, messages = run_action(ActionAnswerQuestion(), ask("全市试点有哪些"))
    assert messages[0]["custom"]["value"] == "21 个" and messages[0]["buttons"][0]["payload"].startswith("/show_more{")


@pytest.mark.parametrize("said, intent", [("双凤镇庆丰村。", "ask_pilot_progress"), ("双凤镇庆丰村", "update_registry"),
                                          ("我是庆丰村的", "ask_catalog")])
def test_a_bare_place_at_the_place_question_answers_it(actions_catalog, said, intent):
    from tests.integration.conftest import make_tracker as tracker_of

    tracker = tracker_of(said, intent, sender="resident-place", requested_slot="community",
                         slots={"description": "村里小桥的栏杆断了一截"})
    action = ActionUpdateRegistry() if intent == "update_registry" else ActionAnswerQuestion()
    events, messages = run_action(action, tracker)
    assert events["community"] == "庆丰村委会" and events["town"] == "双凤镇" and messages == []


def test_a_question_at_the_place_question_is_still_answered(actions_catalog, gazetteer):
    from tests.integration.conftest import make_tracker as tracker_of

    build_registry(actions_catalog, gazetteer)
    tracker = tracker_of("城厢镇有几个试点？", "ask_pilot_progress", sender="resident-q", requested_slot="community")
    _, messages = run_action(ActionAnswerQuestion(), tracker)
    assert messages[0]["text"].startswith("城厢镇试点共 7 个")


def test_a_town_typed_instead_of_tapped_answers_the_question_that_asked_for_it(actions_catalog):
    from actions.fallback import ActionFallback

    # "我们镇有几个试点" from someone the assistant cannot place: the town buttons carry the question.
    _, asked = run_action(ActionAnswerQuestion(), make_tracker("我们镇有几个试点", intent="ask_pilot_progress",
                                                               active_loop=None, sender="stranger"))
    assert asked[0]["text"].startswith("请问您问的是哪个镇")
    tracker = make_tracker("浏河镇的", intent="inform", active_loop=None, sender="stranger")
    tracker.events.insert(0, {"event": "bot", "text": asked[0]["text"], "data": {"buttons": asked[0]["buttons"]}})
    tracker.events.insert(0, {"event": "user", "text": "我们镇有几个试点"})
    _, messages = run_action(ActionFallback(), tracker)
    reply = "\n".join(m.get("text") or "" for m in messages)
    assert "浏河镇" in reply and "试点" in reply and "请问想反映问题" not in reply


def test_a_cadre_whose_scope_holds_a_need_reads_it_in_chat_others_only_its_status(actions_catalog, settings,
                                                                                   monkeypatch):
    from actions.status import ActionCheckStatus
    from bot.needs.service import NeedDraft, file_need

    add_cadres(settings, monkeypatch)
    need = file_need(actions_catalog, NeedDraft("南园社区居委会", "5号楼下水道堵了，电话13900002222", "基础设施提升", "急",
                                                "13900002222", "resident-9", "k-scope"))

    def asks(sender: str) -> str:
        _, messages = run_action(ActionCheckStatus(), ask(need.tracking_id, "check_status", sender=sender))
        return messages[0]["text"]

    town_cadre = asks("cx-wang")  # 城厢镇
    # within the cadre's scope the number is given in full, to call back; the words keep it masked
    assert "内容：5号楼下水道堵了，电话139****2222" in town_cadre and "联系电话：13900002222" in town_cadre
    assert "反映人：" in town_cadre
    assert "项目目录：待治理项目" in town_cadre  # where it stands, no resource matched yet
    for outsider in ("wx-li", "resident-3"):  # a village cadre elsewhere, a resident
        assert "下水道" not in asks(outsider) and "2222" not in asks(outsider)


def test_a_cadre_asking_the_chat_to_change_a_status_is_told_where_to_do_it(actions_catalog, settings, monkeypatch):
    from actions.status import ActionCheckStatus
    from bot.needs.service import NeedDraft, file_need, find_need

    add_cadres(settings, monkeypatch)
    need = file_need(actions_catalog, NeedDraft("南园社区居委会", "路灯坏了", "基础设施提升", "急", None, "r9", "k-change"))
    _, messages = run_action(ActionCheckStatus(), ask(f"把{need.tracking_id}改成处理中，备注：已通知", "check_status",
                                                      sender="cx-wang"))
    assert "状态没有改" in messages[0]["text"] and "/dashboard" in messages[0]["text"]
    assert find_need(actions_catalog, need.tracking_id).status == "received"


def _after_an_answer(text: str, intent: str, slots: dict):
    """The tracker of a message sent right after the assistant answered a figure question."""
    tracker = make_tracker(text, intent, active_loop=None, slots=slots)
    earlier = [{"event": "user", "text": "城厢镇试点覆盖率多少", "parse_data": {"intent": {"name": "ask_pilot_progress"}}},
               {"event": "action", "name": "action_answer_question"}, {"event": "action", "name": "action_listen"}]
    tracker.events = earlier + tracker.events
    return tracker


@pytest.mark.parametrize("said, intent, action", [
    ("那浏河镇末", "inform", "fallback"),        # a place alone, read as an answer to nothing
    ("那浏河镇呢", "check_status", "status"),      # an ellipsis taken for a status check
    ("浏河镇哪能", "ask_pilot_progress", "answer"),  # a whole question in the classifier's eyes
])
def test_right_after_a_figure_a_follow_up_continues_the_question(actions_catalog, gazetteer, said, intent, action):
    from actions.fallback import ActionFallback
    from actions.status import ActionCheckStatus

    build_registry(actions_catalog, gazetteer)
    slots, _ = run_action(ActionAnswerQuestion(), ask("城厢镇试点覆盖率多少"))
    runner = {"fallback": ActionFallback(), "status": ActionCheckStatus(), "answer": ActionAnswerQuestion()}[action]
    _, messages = run_action(runner, _after_an_answer(said, intent, slots))
    assert messages[0]["text"].startswith("浏河镇试点覆盖率"), messages


def test_a_yes_no_question_is_answered_yes_or_no_first(actions_catalog, gazetteer):
    build_registry(actions_catalog, gazetteer)
    _, messages = run_action(ActionAnswerQuestion(), ask("南园社区算不算试点"))
    assert messages[0]["text"].startswith("是。城厢镇南园社区属于动迁安置社区"), messages  # a pilot in the fixture
    _, messages = run_action(ActionAnswerQuestion(), ask("城厢镇2022年底30%达标了没"))
    assert messages[0]["text"].startswith(("达标了。", "没有达标。")), messages


@pytest.mark.parametrize("intent", ["update_registry", "ask_pilot_progress"])
def test_a_question_naming_a_type_and_pilots_is_answered_not_taken_for_a_change(actions_catalog, gazetteer, intent):
    build_registry(actions_catalog, gazetteer)
    action = ActionUpdateRegistry() if intent == "update_registry" else ActionAnswerQuestion()
    _, messages = run_action(action, make_tracker("全市普通商品房社区类的试点名单给我", intent, active_loop=None))
    assert messages[0]["text"].startswith("全市普通商品房社区试点共"), messages


def test_a_registry_figure_for_a_day_not_yet_come_says_so(actions_catalog):
    from datetime import date

    from bot.cadres.answers import _as_of_words
    from bot.periods import Period

    class Asked:
        period = Period(date(2027, 1, 1), date(2028, 1, 1), "2027年")

    class Now:
        today = date(2026, 12, 5)

    words = _as_of_words(Asked(), Now())
    assert words.startswith("2027年底还没到") and "截至2027年底" not in words


def test_an_item_of_the_list_just_shown_is_answered_by_its_place_in_the_list(actions_catalog, gazetteer):
    from actions.cadres import ActionAnswerFollowUp

    build_registry(actions_catalog, gazetteer)
    slots, messages = run_action(ActionAnswerQuestion(), ask("城厢镇有哪些试点"))
    first_listed = next(line for line in messages[0]["text"].splitlines() if line.startswith("· "))
    name = first_listed[2:].split("（")[0]
    _, messages = run_action(ActionAnswerFollowUp(), _after_an_answer("第一个是啥类型", "follow_up", slots))
    assert messages[0]["text"].startswith(f"城厢镇{name}属于"), messages
    _, messages = run_action(ActionAnswerFollowUp(), _after_an_answer("第九十个是啥", "follow_up", slots))
    assert "没有第 90 项" in messages[0]["text"], messages


def test_a_list_asked_of_one_dimension_or_state_lists_only_those(actions_catalog, gazetteer, settings, monkeypatch):
    add_cadres(settings, monkeypatch)
    build_registry(actions_catalog, gazetteer)
    file_needs(actions_catalog, gazetteer)
    _, messages = run_action(ActionAnswerQuestion(), ask("南园社区基础设施提升的需求有哪些", "ask_catalog", sender="cx-wang"))
    text = messages[0]["text"]
    assert "最新的基础设施提升需求：" in text and "楼道灯不亮" in text and "电梯坏了" in text
    assert "楼下垃圾乱堆" not in text  # another dimension
    _, messages = run_action(ActionAnswerQuestion(), ask("南园社区已办结的需求有哪些", "ask_catalog", sender="cx-wang"))
    text = messages[0]["text"]
    assert "楼下垃圾乱堆" in text and "电梯坏了" not in text  # only the one done


def test_a_figure_answered_by_the_fallback_is_still_the_last_figure():
    from rasa_sdk import Tracker

    from actions.cadres import just_answered_a_figure

    asked = '{"text": "沙溪镇急的需求有多少条", "intent": "ask_catalog"}'
    events = [{"event": "user", "text": "急的占几成"}, {"event": "action", "name": "action_fallback"},
              {"event": "slot", "name": "last_asked", "value": asked}, {"event": "bot", "text": "沙溪镇“急”的需求 27 条"},
              {"event": "action", "name": "action_listen"}, {"event": "user", "text": "只要急的 列一下"}]
    tracker = Tracker("cadre", {"last_asked": asked}, {"text": "只要急的 列一下"}, events, False, None, None, "action_listen")
    assert just_answered_a_figure(tracker)
    resident = [*events[:2], {"event": "bot", "text": "不好意思"}, *events[4:]]
    assert not just_answered_a_figure(Tracker("r", {"last_asked": asked}, {}, resident, False, None, None, "action_listen"))
