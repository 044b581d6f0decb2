"""Needs past their time limits: due times kept with each need, counts equal to an independent SQL count at
the limits' edges, and the chat answer a cadre gets ("我们镇哪些超期了")."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import text

from bot.cadres.access import Viewer
from bot.cadres.answers import Context, answer
from bot.cadres.questions import CATALOG_INTENT, read_question
from bot.cadres.roster import Cadre
from bot.figures import Area, late_figures, late_needs
from bot.needs.deadlines import configured_limits
from bot.needs.service import NeedDraft, file_need, find_need, update_status
from bot.registry.progress import load_lead_types

TOWN = "城厢镇"


def utc(china: str) -> datetime:
    return datetime.fromisoformat(china) - timedelta(hours=8)


@pytest.fixture
def needs(catalog, gazetteer):
    """Five needs of 城厢镇 filed on Monday 2026-11-30 at 10:00 China time, one of 沙溪镇, in several states."""
    here = gazetteer.communities_in(TOWN)
    cases = [  # (community, category, urgency, status)
        (here[0].name, "社区服务供给", "盼", "received"),
        (here[0].name, "社区服务供给", "急", "acknowledged"),
        (here[1].name, "基础设施提升", "难", "contacted"),
        (here[1].name, "人居环境整治", "愁", "in_progress"),
        (here[2].name, "人居环境整治", "盼", "done"),
        (gazetteer.communities_in("沙溪镇")[0].name, "社区服务供给", "盼", "received"),
    ]
    filed = []
    for i, (community, category, urgency, status) in enumerate(cases):
        need = file_need(catalog, NeedDraft(community, f"第{i}件事 需要有人来看看", category, urgency, None,
                                            f"resident-{i}", f"key-overdue-{i}"), received_at=utc("2026-11-30 10:00"))
        if status != "received":
            update_status(catalog, need.tracking_id, status, "测试", "C002")
        filed.append(need.tracking_id)
    return filed


def sql_late(catalog, now: datetime, town: str | None = None) -> int:
    """Open needs past a limit, counted straight from the table."""
    where = "" if town is None else " AND c.town_id = (SELECT id FROM towns WHERE name = :town)"
    sql = ("SELECT COUNT(*) FROM needs n JOIN communities c ON c.id = n.community_id "
           "WHERE n.status IN ('received', 'acknowledged', 'contacted', 'in_progress', 'reopened') AND ("
           " n.finish_by < :now"
           " OR (n.status IN ('received', 'acknowledged') AND n.contact_by < :now)"
           " OR (n.status = 'received' AND n.acknowledge_by < :now))" + where)
    with catalog.unit_of_work() as session:
        return session.execute(text(sql), {"now": now, "town": town}).scalar()


def test_each_need_keeps_the_due_times_of_its_urgency_and_dimension(catalog, needs):
    with catalog.unit_of_work() as session:
        rows = session.execute(text("SELECT tracking_id, acknowledge_by, contact_by, finish_by FROM needs "
                                    "ORDER BY id")).all()
    due = {r[0]: tuple(datetime.fromisoformat(str(t)) for t in r[1:]) for r in rows}
    assert due[needs[0]] == (utc("2026-11-30 12:00"), utc("2026-12-03 10:00"), utc("2026-12-09 17:30"))
    assert due[needs[1]][1] == utc("2026-12-01 10:00")  # 急: 24 hours on the clock
    assert due[needs[2]][2] == utc("2026-12-21 17:30")  # works: 15 working days
    assert find_need(catalog, needs[0]).finish_by == "2026-12-09T17:30:00+08:00"


@pytest.mark.parametrize("now, town_late", [
    ("2026-11-30 12:00", 0),  # exactly on the acknowledge limit: in time
    ("2026-11-30 12:01", 1),  # the received one is late to acknowledge
    ("2026-12-01 10:01", 2),  # the urgent one is late to contact
    ("2026-12-09 17:31", 3),  # and the ordinary in-progress one late to finish; the works one has till the 21st
    ("2026-12-21 17:31", 4),
])
def test_late_counts_equal_an_independent_count_at_the_edges(catalog, needs, now, town_late):
    figures = late_figures(catalog, Area(TOWN), utc(now), configured_limits())
    assert figures.late == town_late == sql_late(catalog, utc(now), TOWN)
    assert figures.open_needs == 4
    assert late_figures(catalog, Area(), utc(now), configured_limits()).late == sql_late(catalog, utc(now))


def test_late_needs_say_which_limit_and_the_longest_late_comes_first(catalog, needs, gazetteer):
    briefs = late_needs(catalog, Area(TOWN), 10, date(2026, 12, 11), utc("2026-12-11 09:00"))
    assert [b.tracking_id for b in briefs] == [needs[0], needs[1], needs[3]]
    assert briefs[0].late == "签收、联系居民、办结超时10天"  # past acknowledging since 11-30 12:00
    assert briefs[2].late == "办结超时1天"


def test_a_communitys_light_turns_with_its_share_of_late_needs(catalog, needs, gazetteer):
    figures = late_figures(catalog, Area(TOWN), utc("2026-12-10 09:00"), configured_limits())
    lights = {name: (light, late, total) for name, light, late, total in figures.lights}
    first, second = (TOWN + c.common_name for c in gazetteer.communities_in(TOWN)[:2])
    assert lights[first] == ("red", 2, 2)
    assert lights[second] == ("red", 1, 2)  # one of two open: 50%


def ask(catalog, gazetteer, settings, question, viewer):
    today = date.today()
    ctx = Context(catalog, gazetteer, load_lead_types(settings.lead_types_file), viewer, today)
    return answer(read_question(question, CATALOG_INTENT, gazetteer, today), ctx)


def test_a_town_cadre_asks_what_is_overdue_and_gets_the_needs(catalog, gazetteer, settings, needs):
    cadre = Viewer("rest", "wang", Cadre("C002", "王芳", "town", TOWN))
    reply = ask(catalog, gazetteer, settings, "我们镇哪些超期了", cadre)
    late = sql_late(catalog, datetime.utcnow(), TOWN)
    assert late >= 2  # on the day this runs: at least the received one and the urgent one
    assert f"{TOWN}有 {late} 件需求超过时限（未办结共 4 件）" in reply.text
    assert needs[0] in reply.text and needs[1] in reply.text and "超时" in reply.text
    assert needs[5] not in reply.text and "样例规则" in reply.text and "红灯" in reply.text


def test_the_public_gets_the_figures_of_late_work_not_the_needs(catalog, gazetteer, settings, needs):
    reply = ask(catalog, gazetteer, settings, "城厢镇超期的有几件", Viewer("rest", "resident-9"))
    late = sql_late(catalog, datetime.utcnow(), TOWN)
    assert f"{TOWN}有 {late} 件需求超过时限" in reply.text and needs[0] not in reply.text


@pytest.mark.parametrize("question", ["社区治理专项经费今年拨了多少钱", "试点考核是哪个部门负责 联系人电话",
                                      "开发区明年试点计划是啥"])
def test_a_question_about_what_no_catalog_keeps_is_answered_as_such(catalog, gazetteer, settings, question):
    cadre = Viewer("rest", "wang", Cadre("C002", "王芳", "town", TOWN))
    reply = ask(catalog, gazetteer, settings, question, cadre).text
    assert reply.startswith("这个我这里没有") and not re.search(r"\d+ ?(条|个)", reply)
