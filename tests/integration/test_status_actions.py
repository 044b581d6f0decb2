"""Residents and volunteers asking where their things stand: all their needs, an offer by its number."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from actions.status import ActionCheckStatus
from bot.needs.service import NeedDraft, file_need, update_status
from bot.resources.service import ResourceDraft, file_resource, withdraw_resource
from bot.vocab.status import STATUS_LABELS
from tests.integration.conftest import entity, make_tracker, run_action

PLACE = "南园社区居委会"


def report(catalog, sender: str, number: int, description: str = "路灯坏了") -> str:
    draft = NeedDraft(PLACE, f"{number}号楼{description}", "基础设施提升", "愁", None, sender, f"{sender}-{number}")
    return file_need(catalog, draft).tracking_id


def offer(catalog, sender: str, key: str, description: str = "会修电器，电话13900001111") -> str:
    draft = ResourceDraft("社区能人", "张建国", description, "人力", "community", PLACE, None, "周末", "13900001111",
                          sender, key)
    return file_resource(catalog, draft)[0].tracking_id


def ask(text: str, sender: str = "resident-1", intent_name: str = "check_status", **kwargs) -> list[dict]:
    _, messages = run_action(ActionCheckStatus(), make_tracker(text, intent=intent_name, active_loop=None,
                                                               sender=sender, **kwargs))
    return messages


def test_a_resident_asking_what_they_reported_sees_each_of_their_needs(actions_catalog):
    mine = [report(actions_catalog, "resident-1", n) for n in (1, 2, 3)]
    theirs = report(actions_catalog, "resident-2", 9)
    update_status(actions_catalog, mine[0], "done", "已修好")
    (message,) = ask("我反映过哪些事")
    text = message["text"]
    assert text.startswith(f"编号 {mine[2]}") and "内容：3号楼路灯坏了" in text  # the newest in full
    assert f"· {mine[1]} 南园社区 基础设施提升：{STATUS_LABELS['received']}" in text
    assert f"· {mine[0]} 南园社区 基础设施提升：{STATUS_LABELS['done']}" in text
    assert theirs not in text
    assert [b["payload"] for b in message["buttons"]] == [f'/check_status{{"tracking_id":"{n}"}}' for n in mine[1::-1]]


def test_only_the_newest_five_are_listed_with_the_count_of_all(actions_catalog):
    numbers = [report(actions_catalog, "resident-1", n) for n in range(1, 8)]
    (message,) = ask("我报过的事情都怎么样了")
    listed = [n for n in numbers if n in message["text"]]
    assert listed == numbers[2:] and "一共反映过 7 件" in message["text"]


def test_a_single_need_is_shown_without_a_list(actions_catalog):
    number = report(actions_catalog, "resident-1", 1)
    (message,) = ask("我那个事办得怎么样了")
    assert number in message["text"] and "还反映过" not in message["text"] and not message.get("buttons")


def test_a_volunteer_asks_about_their_offer_by_number(actions_catalog):
    number = offer(actions_catalog, "volunteer-1", "o1")
    (message,) = ask(f"{number.lower()} 怎么样了", sender="volunteer-1")
    text = message["text"]
    assert text.startswith(f"编号 {number}（城厢镇南园社区，人力）") and "会修电器" in text and "在册" in text
    assert "13900001111" not in text and "139****1111" in text  # even to the volunteer, the phone is masked in chat
    (other,) = ask(number, sender="resident-5")
    assert "人力资源" in other["text"] and "会修电器" not in other["text"] and "只告诉登记的人" in other["text"]
    assert "当前状态：在册" in other["text"] and "联系您" not in other["text"]  # the volunteer is not the asker


def test_an_offer_number_spoken_or_typed_on_a_chinese_keyboard_is_found(actions_catalog):
    number = offer(actions_catalog, "volunteer-1", "o1")
    for said in ("ＺＹ" + number[2:], "ZY零零零零零一", "zy-1"):
        (message,) = ask(said, sender="volunteer-1")
        assert message["text"].startswith(f"编号 {number}"), said
    (missing,) = ask("ZY000099", sender="volunteer-1")
    assert "没有找到编号 ZY000099" in missing["text"]


def test_a_volunteer_without_a_number_sees_their_offers(actions_catalog):
    first, second = offer(actions_catalog, "volunteer-1", "o1"), offer(actions_catalog, "volunteer-1", "o2", "有面包车")
    withdraw_resource(actions_catalog, first)
    (message,) = ask("我报名的志愿者有消息吗", sender="volunteer-1")
    assert message["text"].startswith("您登记过的资源：")
    assert f"· {first} 人力（城厢镇南园社区）：已撤回" in message["text"] and f"· {second} 人力" in message["text"]
    assert [b["title"] for b in message["buttons"]] == [f"查 {second}", f"查 {first}"]


def test_someone_who_only_offered_help_and_asks_for_progress_sees_their_offers(actions_catalog):
    number = offer(actions_catalog, "volunteer-1", "o1")
    (message,) = ask("进度怎么样了", sender="volunteer-1")
    assert number in message["text"] and "您登记过的资源" in message["text"]


def test_someone_with_nothing_filed_is_told_so(actions_catalog):
    (message,) = ask("我反映过哪些事", sender="nobody")
    assert "还没有反映过问题" in message["text"]


def test_an_entity_number_wins_over_the_list(actions_catalog):
    numbers = [report(actions_catalog, "resident-1", n) for n in (1, 2)]
    (message,) = ask(f"查一下{numbers[0]}", entities=[entity("tracking_id", numbers[0])])
    assert message["text"].startswith(f"编号 {numbers[0]}") and "还反映过" not in message["text"]


def test_not_solved_reopens_the_finished_report_it_names_not_the_newest(actions_catalog):
    bridge = report(actions_catalog, "resident-1", 1, "桥栏杆断了")
    lamp = report(actions_catalog, "resident-1", 2, "路灯坏了")
    gym = report(actions_catalog, "resident-1", 3, "健身器材坏了")  # the newest, still open
    update_status(actions_catalog, bridge, "done", "已修好")
    update_status(actions_catalog, lamp, "done", "已修好")
    (message,) = ask("桥栏杆说是修好了，其实还是断额", intent_name="not_solved")
    assert f"{bridge} 已重新打开" in message["text"]
    (message,) = ask("说是修好了 其实还是老样子", intent_name="not_solved")  # no words: the newest finished one
    assert f"{lamp} 已重新打开" in message["text"]
    (message,) = ask("健身器材那个事有人管了吗")  # a status question names its report too
    assert message["text"].startswith(f"编号 {gym}")


def test_someone_who_never_offered_help_asking_about_it_is_told_so(actions_catalog):
    report(actions_catalog, "resident-1", 1)  # a report is no offer
    (message,) = ask("我报名的志愿者有消息吗")
    assert "还没有登记过资源或志愿服务" in message["text"] and message["buttons"][0]["payload"] == "/offer_resource"


def test_a_resident_who_only_supported_a_need_sees_it(actions_catalog):
    from bot.projects.service import support_need

    number = report(actions_catalog, "resident-2", 1)
    support_need(actions_catalog, number, "resident-1")  # 附议 instead of filing it again
    (message,) = ask("我反映过哪些事")
    assert "附议过" in message["text"] and number in message["text"]


def test_a_supporter_reads_the_progress_note_but_not_the_reporters_words(actions_catalog):
    from bot.projects.service import support_need

    number = report(actions_catalog, "resident-2", 1, "路灯坏了，我电话13900005555")
    support_need(actions_catalog, number, "resident-1")
    update_status(actions_catalog, number, "in_progress", "已派电工，周三来修")
    (message,) = ask(number)
    assert "已派电工，周三来修" in message["text"] and "路灯坏了" not in message["text"]


def test_the_resident_reads_when_an_open_report_is_due_and_a_finished_one_says_nothing_of_it(actions_catalog):
    from datetime import datetime

    draft = NeedDraft(PLACE, "楼道灯坏了", "社区服务供给", "盼", None, "resident-1", "due-1")
    number = file_need(actions_catalog, draft, received_at=datetime(2026, 11, 30, 2, 0)).tracking_id  # Mon 10:00
    (message,) = ask("我那个事办得怎么样了")
    assert "按时限应在 12月9日17:30 前办结或答复" in message["text"]  # 7 working days after the day it came
    (other,) = ask(f"{number} 怎么样了", sender="resident-2")
    assert "按时限" not in other["text"]  # someone else's report: its status only
    update_status(actions_catalog, number, "done", "已修好")
    done, call_back = ask("我那个事办得怎么样了")
    assert "按时限" not in done["text"] and "回访" in call_back["text"]  # finished: how did it go?


def cadre_roster(settings_path, role: str, town: str | None) -> None:
    from bot.cadres.roster import Cadre, Roster, save_roster

    save_roster(settings_path, Roster([Cadre("C002", "王芳", role, town, identities=("rest:cadre-1",))]))


def test_a_town_cadre_presses_for_a_need_by_its_number_in_chat(actions_catalog, settings):
    number = report(actions_catalog, "resident-1", 1)
    cadre_roster(settings.roster_file, "town", "城厢镇")
    (message,) = ask(f"督办{number} 月底前必须修好", sender="cadre-1", entities=[entity("tracking_id", number)])
    assert message["text"].startswith(f"已督办 {number}") and "列表最前" in message["text"]
    from bot.reads.browse import Scope, need_detail

    detail = need_detail(actions_catalog, number, Scope())
    assert detail["supervised"] and detail["history"][-1]["note"] == "督办：月底前必须修好"


@pytest.mark.parametrize("sender, role, town", [("resident-1", "town", "城厢镇"), ("cadre-1", "town", "沙溪镇"),
                                                ("cadre-1", "community", "城厢镇")])
def test_督办_from_anyone_else_presses_for_nothing(actions_catalog, settings, sender, role, town):
    number = report(actions_catalog, "resident-1", 1)
    cadre_roster(settings.roster_file, role, town)
    messages = ask(f"督办{number}", sender=sender, entities=[entity("tracking_id", number)])
    assert not any("已督办" in m.get("text", "") for m in messages)
    from bot.reads.browse import Scope, need_detail

    assert not need_detail(actions_catalog, number, Scope())["supervised"]


def test_a_greeting_misread_as_a_complaint_reopens_nothing(actions_catalog):
    """The classifier's guess alone is weak evidence: a finished need is reopened on the resident's words only."""
    number = report(actions_catalog, "resident-1", 1)
    update_status(actions_catalog, number, "done", "已修好")
    ask("侬好呀，又来寻侬哉", intent_name="not_solved")
    with actions_catalog.unit_of_work() as session:
        status = session.execute(text("SELECT status FROM needs WHERE tracking_id = :t"), {"t": number}).scalar()
    assert status == "done"


def test_words_added_to_a_filed_report_go_into_its_history_only_for_its_reporter(actions_catalog):
    def notes(number: str) -> list[str]:
        with actions_catalog.engine.connect() as conn:
            return [row[0] or "" for row in conn.execute(text(
                "SELECT u.note FROM need_updates u JOIN needs n ON n.id = u.need_id WHERE n.tracking_id = :t"), {"t": number})]

    number = report(actions_catalog, "resident-1", 1, "下水道堵了")
    (message,) = ask(f"{number} 补充一下 堵的地方是老街桥头菜场后面", entities=[entity("tracking_id", number)])
    assert message["text"] == f"已补充到 {number}：“堵的地方是老街桥头菜场后面”。社区工作人员处理时会看到。"
    assert any("老街桥头菜场后面" in note for note in notes(number))
    (message,) = ask("给刚刚报的加点情况 夜里还有老鼠")  # no number: the reporter's newest report
    assert message["text"].startswith(f"已补充到 {number}")
    (message,) = ask(f"{number} 补充一下 我也看到了", sender="resident-2", entities=[entity("tracking_id", number)])
    assert "不是您在这里反映的" in message["text"]
    assert not any("我也看到了" in note for note in notes(number))


def test_a_new_number_after_filing_goes_on_the_reporters_open_needs_only(actions_catalog):
    from bot.needs.service import find_need

    open_one = report(actions_catalog, "resident-1", 1)
    done_one = report(actions_catalog, "resident-1", 2)
    update_status(actions_catalog, done_one, "done", "已修好")
    theirs = report(actions_catalog, "resident-2", 3)
    (message,) = ask("我电话换号了 新号是13912345678")
    assert message["text"] == f"好的，已把电话改成 139****5678，用在您还没办结的 1 件反映上（{open_one}）。"
    assert "13912345678" not in message["text"]
    assert find_need(actions_catalog, open_one).phone_masked == "139****5678"
    assert find_need(actions_catalog, done_one).phone_masked != "139****5678"
    assert find_need(actions_catalog, theirs).phone_masked != "139****5678"
    (message,) = ask("我电话要换一个")
    assert "新的手机号" in message["text"]  # no number yet: asked for it, nothing changed
