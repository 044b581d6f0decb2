"""Call-backs (回访) and the rates counted from them, each equal to an independent SQL count."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import text

from bot.catalog.errors import CatalogError
from bot.needs.service import NeedDraft, file_need, find_need, update_status
from bot.needs.visits import VisitAnswer, rates, record_visit

MONDAY = datetime(2026, 11, 30, 2, 0)  # 10:00 China time


def at(hours: float) -> datetime:
    return MONDAY + timedelta(hours=hours)


@pytest.fixture
def needs(catalog, gazetteer):
    """Six needs of one community, taken up and finished at known times, and call-backs answered every way."""
    place = gazetteer.communities_in("城厢镇")[0].name
    filed = [file_need(catalog, NeedDraft(place, f"第{i}件 路灯不亮要修", "社区服务供给", "盼", None, f"r{i}", f"v{i}"),
                       received_at=MONDAY).tracking_id for i in range(6)]

    def step(number: str, status: str, hours: float) -> None:
        update_status(catalog, number, status, "测试", "C001")
        with catalog.unit_of_work() as session:  # as if done then
            session.execute(text("UPDATE need_updates SET created_at = :t WHERE id = (SELECT MAX(id) FROM need_updates)"),
                            {"t": at(hours)})

    step(filed[0], "acknowledged", 1)  # in time (limit: 2 working hours)
    step(filed[0], "done", 24)  # in time (7 working days)
    step(filed[1], "in_progress", 3)  # late to acknowledge
    step(filed[1], "done", 24 * 12)  # late to finish
    step(filed[2], "closed", 48)
    step(filed[3], "done", 30)
    step(filed[4], "acknowledged", 1.5)  # still open
    visits = [
        (filed[0], VisitAnswer(True, True, "满意"), "reporter"),
        (filed[1], VisitAnswer(True, True, "基本满意"), "reporter"),
        (filed[2], VisitAnswer(False, None, "不满意", "没人联系过我"), "reporter"),
        (filed[3], VisitAnswer(True, True, "满意"), "reporter"),  # answered twice: the latest counts
        (filed[3], VisitAnswer(True, False, "不满意", "灯又不亮了"), "reporter"),  # reopens it
        (filed[0], VisitAnswer(None, True, "满意"), "supporter"),  # counted apart
    ]
    for number, answer, who in visits:
        record_visit(catalog, number, answer, who, "phone", "王芳（C002）")
    return filed


def sql(catalog, query: str) -> float:
    with catalog.unit_of_work() as session:
        return session.execute(text(query)).scalar()


LATEST = ("SELECT v.* FROM visits v WHERE v.respondent = 'reporter' AND v.id = "
          "(SELECT MAX(w.id) FROM visits w WHERE w.need_id = v.need_id AND w.respondent = 'reporter')")


def test_each_rate_equals_an_independent_count(catalog, needs):
    found = rates(catalog, None, None, None, at(24 * 30))
    assert found.visits == sql(catalog, f"SELECT COUNT(*) FROM ({LATEST}) l") == 4
    assert found.supporter_visits == 1
    assert found.responded == sql(catalog, f"SELECT AVG(CASE WHEN contacted THEN 1.0 ELSE 0 END) FROM ({LATEST}) l "
                                           "WHERE contacted IS NOT NULL") == 0.75
    assert found.solved == pytest.approx(sql(catalog, f"SELECT AVG(CASE WHEN solved THEN 1.0 ELSE 0 END) FROM ({LATEST}) l "
                                                       "WHERE solved IS NOT NULL")) == pytest.approx(2 / 3)
    satisfied = sql(catalog, f"SELECT AVG(CASE satisfaction WHEN '满意' THEN 1.0 WHEN '基本满意' THEN 0.9 ELSE 0 END) "
                             f"FROM ({LATEST}) l WHERE satisfaction IS NOT NULL")
    assert found.satisfied == pytest.approx(satisfied) == pytest.approx((1 + 0.9) / 4)
    assert found.composite == pytest.approx(0.1 * 0.75 + 0.5 * (2 / 3) + 0.4 * (1.9 / 4))


def test_on_time_and_reopened_rates_read_the_needs_history(catalog, needs):
    found = rates(catalog, None, None, None, at(24 * 30))
    # taken up in time: #0 (1 h) and #4 (1.5 h); late: #1 (3 h, past 12:00), #2 (closed after two days),
    # #3 (done after 30 h), #5 (never, its limit long past)
    assert found.on_time_acknowledged == pytest.approx(2 / 6)
    # finished in time (7 working days): #0, #2, #3; late: #1; #4 and #5 open past their limit
    assert found.on_time_finished == pytest.approx(3 / 6)
    assert found.reopened == pytest.approx(1 / 4)  # #3 of the four finished
    assert find_need(catalog, needs[3]).status == "reopened"


def test_before_its_limits_come_an_open_need_is_not_counted_late(catalog, needs):
    early = rates(catalog, None, None, None, at(1.2))  # only #0 was taken up by then, no limit has come
    assert early.on_time_acknowledged == 1.0 and early.on_time_finished is None and early.reopened is None


@pytest.mark.parametrize("answer, says", [(VisitAnswer(), "至少要记下一项"), (VisitAnswer(satisfaction="还行"), "满意度只能是")])
def test_a_call_back_without_an_answer_or_on_an_open_need_is_refused(catalog, needs, answer, says):
    with pytest.raises(CatalogError, match=says):
        record_visit(catalog, needs[0], answer)
    with pytest.raises(CatalogError, match="办结后再回访"):
        record_visit(catalog, needs[4], VisitAnswer(solved=True))


def test_a_cadre_asks_the_rates_in_chat(catalog, gazetteer, settings, needs):
    from datetime import date

    from bot.cadres.access import Viewer
    from bot.cadres.answers import Context, answer
    from bot.cadres.questions import CATALOG_INTENT, read_question
    from bot.cadres.roster import Cadre
    from bot.registry.progress import load_lead_types

    with catalog.unit_of_work() as session:  # the fixture's late 办结 is dated after today: it is done by now
        session.execute(text("UPDATE need_updates SET created_at = :now WHERE created_at > :now"),
                        {"now": datetime.utcnow()})
    ctx = Context(catalog, gazetteer, load_lead_types(settings.lead_types_file),
                  Viewer("rest", "wang", Cadre("C002", "王芳", "town", "城厢镇")), date.today())
    reply = answer(read_question("我们镇满意率多少", CATALOG_INTENT, gazetteer, date.today()), ctx)
    assert "城厢镇的需求 6 件，居民回访 4 件（另有附议人回访 1 件）" in reply.text
    assert "响应率 75.0%、解决率 66.7%、满意率 47.5%，综合 59.8%" in reply.text
    now = rates(catalog, None, None, None, datetime.utcnow())  # the history counted as it stands today
    assert f"重办率 {now.reopened * 100:.1f}%" in reply.text and f"按时签收率 {now.on_time_acknowledged * 100:.1f}%" in reply.text


def test_a_call_back_by_phone_is_recorded_from_the_command_line(catalog, settings, needs, monkeypatch, capsys):
    from bot.cadres.roster import Cadre, Roster, save_roster
    from bot.cli import main

    save_roster(settings.roster_file, Roster([Cadre("C002", "王芳", "town", "城厢镇"), Cadre("C004", "赵沙", "town", "沙溪镇")]))
    monkeypatch.setenv("ROSTER_FILE", str(settings.roster_file))
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    assert main(["visit", needs[2], "--cadre", "C002", "--solved", "no", "--words", "还是黑的"]) == 0
    assert "已重新办理" in capsys.readouterr().out and find_need(catalog, needs[2]).status == "reopened"
    assert main(["visit", needs[0], "--cadre", "C004", "--satisfaction", "满意"]) == 2  # not 沙溪镇's
    assert sql(catalog, "SELECT COUNT(*) FROM visits WHERE source = 'phone' AND recorded_by LIKE '赵沙%'") == 0


@pytest.fixture
def three_places(catalog, gazetteer, needs):
    """Besides the six needs of the first community: two in a second one, both solved, and one in a third,
    still open, without a call-back."""
    first, second, third = gazetteer.communities_in("城厢镇")[:3]
    more = [file_need(catalog, NeedDraft(second.name, f"第{i}件 垃圾桶满了", "社区服务供给", "盼", None, f"s{i}", f"w{i}"),
                      received_at=MONDAY).tracking_id for i in range(2)]
    file_need(catalog, NeedDraft(third.name, "健身器材坏了", "社区服务供给", "盼", None, "t0", "x0"), received_at=MONDAY)
    for number, satisfaction in zip(more, ("满意", "基本满意"), strict=True):
        update_status(catalog, number, "done", "测试", "C001")
        record_visit(catalog, number, VisitAnswer(True, True, satisfaction), "reporter", "phone", "王芳（C002）")
    return first, second, third


PER_COMMUNITY = ("SELECT c.name, COUNT(l.id), SUM(CASE WHEN l.solved THEN 1.0 ELSE 0 END) / COUNT(l.solved), "
                 "SUM(CASE l.satisfaction WHEN '满意' THEN 1.0 WHEN '基本满意' THEN 0.9 ELSE 0 END) / COUNT(l.satisfaction) "
                 f"FROM ({LATEST}) l JOIN needs n ON n.id = l.need_id JOIN communities c ON c.id = n.community_id "
                 "GROUP BY c.name")


def test_each_community_has_its_own_rates_equal_to_an_independent_count(catalog, three_places):
    from bot.needs.visits import rates_by_community

    rows = {r.community: r for r in rates_by_community(catalog, None, None, None, at(24 * 30))}
    with catalog.unit_of_work() as session:
        counted = {name: (n, solved, satisfied) for name, n, solved, satisfied in session.execute(text(PER_COMMUNITY))}
        needs_of = dict(session.execute(text("SELECT c.name, COUNT(n.id) FROM communities c "
                                             "LEFT JOIN needs n ON n.community_id = c.id GROUP BY c.name")).all())
    assert len(rows) == len(needs_of) == 160  # every community, with or without needs
    assert {name: r.rates.needs for name, r in rows.items()} == needs_of
    for name, (n, solved, satisfied) in counted.items():
        assert rows[name].rates.visits == n
        assert rows[name].rates.solved == pytest.approx(solved) and rows[name].rates.satisfied == pytest.approx(satisfied)
    first, second, third = three_places
    assert rows[second.name].rates.solved == 1.0 and rows[second.name].rates.satisfied == pytest.approx(0.95)
    assert rows[third.name].rates.needs == 1 and rows[third.name].rates.solved is None
    # the city's rates are its communities' counted together, not an average of their rates
    city = rates(catalog, None, None, None, at(24 * 30))
    assert city.visits == 6 and city.solved == pytest.approx(4 / 5)


def test_a_period_and_an_area_narrow_the_rates(catalog, three_places):
    first, second, _ = three_places
    with catalog.unit_of_work() as session:
        ids = {name: i for i, name in session.execute(text("SELECT id, name FROM communities")).all()}
    only_second = rates(catalog, [ids[second.name]], None, None, at(24 * 30))
    assert (only_second.needs, only_second.visits, only_second.solved) == (2, 2, 1.0)
    assert rates(catalog, None, at(1), None, at(24 * 30)).needs == 0  # all were filed at MONDAY
    assert rates(catalog, None, MONDAY, at(1), at(24 * 30)).needs == 9


def test_a_cadre_asks_which_community_ranks_lowest(catalog, gazetteer, settings, three_places):
    from datetime import date

    from bot.cadres.access import Viewer
    from bot.cadres.answers import Context, answer
    from bot.cadres.questions import CATALOG_INTENT, read_question
    from bot.cadres.roster import Cadre
    from bot.registry.progress import load_lead_types

    first, second, third = three_places
    ctx = Context(catalog, gazetteer, load_lead_types(settings.lead_types_file),
                  Viewer("rest", "wang", Cadre("C002", "王芳", "town", "城厢镇")), date.today())

    def ask(text: str) -> list[str]:
        return answer(read_question(text, CATALOG_INTENT, gazetteer, date.today()), ctx).text.splitlines()

    lowest = ask("我们镇哪个村解决率最低")
    assert lowest[0] == "城厢镇各村（社区）解决率从低到高（2个有数）："
    assert lowest[1] == f"1. {first.common_name} 66.7%（回访 4 件）"  # #3 not solved, #2 not answered
    assert lowest[2] == f"2. {second.common_name} 100.0%（回访 2 件）"
    assert lowest[3].startswith("另有 ") and "还没有回访，不参加排名" in lowest[3] and third.common_name in lowest[3]
    assert lowest[4].startswith("解决率 = 回访中说已解决的件数")
    highest = ask("城厢镇满意率最高的社区是哪个")
    assert highest[1] == f"1. {second.common_name} 95.0%（回访 2 件）" and highest[2].startswith(f"2. {first.common_name} 47.5%")
