"""The rates as they stand, read from the counters the database keeps, equal the rates counted from the needs
and their history: for every period (whole months, cut months, a few days, unbounded), area and kind of write."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import text

from bot.catalog.counters import rebuild_counters
from bot.figures import utc_bounds
from bot.needs.service import NeedDraft, file_need, update_status
from bot.needs.visits import VisitAnswer, rates, rates_by_community, record_visit

# Filed at China times on both sides of a day's and a month's turn.
FILED = (datetime(2026, 9, 30, 15, 30), datetime(2026, 9, 30, 16, 30), datetime(2026, 10, 15, 1, 0),
         datetime(2026, 10, 31, 15, 59), datetime(2026, 10, 31, 16, 0), datetime(2026, 11, 20, 3, 0))
PERIODS = [(None, None), (date(2026, 10, 1), date(2026, 11, 1)), (date(2026, 9, 15), date(2026, 11, 21)),
           (date(2026, 10, 5), date(2026, 10, 20)), (None, date(2026, 10, 16)), (date(2026, 10, 2), None),
           (date(2026, 10, 1), date(2026, 12, 1)), (date(2026, 11, 1), date(2026, 11, 2))]


@pytest.fixture
def catalog_with_history(catalog, gazetteer):
    """Needs in three communities, filed across two month turns, taken up, finished, reopened and called back."""
    places = [c.name for c in gazetteer.communities_in("城厢镇")[:3]]
    numbers = []
    for i, filed in enumerate(FILED * 2):
        draft = NeedDraft(places[i % 3], f"第{i}件 路灯不亮要修", "社区服务供给", "急" if i % 2 else "盼", None, f"r{i}", f"k{i}")
        numbers.append(file_need(catalog, draft, received_at=filed).tracking_id)
    for i, number in enumerate(numbers):
        if i % 4 == 0:
            continue  # never taken up: due once its limits pass
        update_status(catalog, number, "acknowledged", "", "C001")
        if i % 4 == 1:
            continue
        update_status(catalog, number, "done" if i % 3 else "closed", "", "C001")
        answer = (VisitAnswer(True, True, "满意"), VisitAnswer(False, None, "基本满意"),
                  VisitAnswer(True, False, "不满意", "还是不亮"))[i % 3]
        record_visit(catalog, number, answer, "reporter", "chat")
        if i % 5 == 0:
            record_visit(catalog, number, VisitAnswer(True, True, "满意"), "supporter", "chat")
    _backdate_history(catalog)
    return numbers


def _backdate_history(catalog) -> None:
    """Each step a few hours after filing, some late, so on-time counts vary with the need."""
    with catalog.unit_of_work() as session:
        session.execute(text("UPDATE need_updates SET created_at = strftime('%Y-%m-%d %H:%M:%S.000000', (SELECT created_at "
                             "FROM needs WHERE needs.id = need_updates.need_id), '+' || ((need_updates.id % 7) * 9) "
                             "|| ' hours') "
                             "WHERE status != 'received'"))


def _bounds(first, last):
    return (utc_bounds(None, first)[1] if first else None), (utc_bounds(None, last)[1] if last else None)


def _both(catalog, ids, first, last):
    start, end = _bounds(first, last)
    kept = rates(catalog, ids, start, end)
    counted = rates(catalog, ids, start, end, datetime.utcnow())
    return kept, counted


def _ids(catalog, gazetteer):
    names = [c.name for c in gazetteer.communities_in("城厢镇")[:3]]
    with catalog.unit_of_work() as session:
        rows = dict(session.execute(text("SELECT name, id FROM communities")).all())
    return [rows[n] for n in names]


def test_the_kept_counts_equal_the_history_for_every_period_and_area(catalog, gazetteer, catalog_with_history):
    assert catalog.counted
    ids = _ids(catalog, gazetteer)
    for first, last in PERIODS:
        for area in (None, ids[:1], ids[1:], []):
            kept, counted = _both(catalog, area, first, last)
            assert kept == counted, (first, last, area)
    whole, _ = _both(catalog, None, None, None)
    assert whole.needs == 12 and whole.visits > 0 and whole.reopened is not None  # the fixture counts something


def test_each_community_ranks_the_same_from_the_kept_counts(catalog, catalog_with_history):
    for first, last in PERIODS[:4]:
        start, end = _bounds(first, last)
        assert rates_by_community(catalog, None, start, end) == rates_by_community(catalog, None, start, end,
                                                                                  datetime.utcnow())


def test_every_kind_of_write_moves_the_kept_counts(catalog, gazetteer, catalog_with_history):
    numbers = catalog_with_history
    ids = _ids(catalog, gazetteer)
    with catalog.unit_of_work() as session:
        # a need moved to another community, a limit passed, a call-back withdrawn, a need removed
        session.execute(text("UPDATE needs SET community_id = :c WHERE tracking_id = :n"), {"c": ids[2], "n": numbers[1]})
        session.execute(text("UPDATE needs SET acknowledge_by = :t WHERE tracking_id = :n"),
                        {"t": datetime.utcnow() + timedelta(days=3), "n": numbers[4]})
        session.execute(text("DELETE FROM visits WHERE id = (SELECT max(id) FROM visits)"))
        need = session.execute(text("SELECT id FROM needs WHERE tracking_id = :n"), {"n": numbers[6]}).scalar()
        for table in ("matches", "projects", "need_keywords", "supports", "visit_asks", "visits", "need_updates"):
            session.execute(text(f"DELETE FROM {table} WHERE need_id = :i"), {"i": need})
        session.execute(text("DELETE FROM needs WHERE id = :i"), {"i": need})
    update_status(catalog, numbers[5], "reopened", "居民说灯又坏了", "C001")
    for first, last in PERIODS:
        for area in (None, ids[2:]):
            kept, counted = _both(catalog, area, first, last)
            assert kept == counted, (first, last, area)
    assert rates(catalog, None, None, None).needs == 11


def test_a_recount_gives_the_counts_the_triggers_kept(catalog, catalog_with_history):
    def sums():
        with catalog.unit_of_work() as session:
            return [tuple(r) for r in session.execute(text(
                "SELECT community_id, month, needs, visits, solved, finish_settled, finished_in_time, reopened "
                "FROM rate_month_counts WHERE needs > 0 ORDER BY 1, 2"))]

    kept = sums()
    with catalog.unit_of_work() as session:
        rebuild_counters(session)
    assert sums() == kept and len(kept) >= 3


def test_the_rates_as_they_stand_are_read_from_the_kept_counts(catalog, catalog_with_history):
    """Not counted again from the needs: a count changed behind the triggers' back shows (a day cut, too)."""
    before = rates(catalog, None, None, None)
    cut = rates(catalog, None, *_bounds(date(2026, 10, 5), date(2026, 10, 20)))
    with catalog.unit_of_work() as session:
        session.execute(text("UPDATE rate_month_counts SET needs = needs + 100"))
        session.execute(text("UPDATE rate_day_counts SET needs = needs + 1000"))
    assert rates(catalog, None, None, None).needs >= before.needs + 100
    assert rates(catalog, None, *_bounds(date(2026, 10, 5), date(2026, 10, 20))).needs >= cut.needs + 1000
    # as of a past time, and for a period cut inside a day, the needs themselves are counted
    assert rates(catalog, None, None, None, datetime.utcnow()).needs == before.needs
    assert rates(catalog, None, datetime(2026, 10, 1), None).needs < 1000
