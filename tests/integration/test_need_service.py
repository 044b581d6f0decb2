"""The needs catalog services against a real SQLite database."""

import io
import json
from datetime import datetime

import pytest

from bot.catalog.errors import CatalogError
from bot.catalog.numbers import normalize_tracking_id
from bot.needs.service import (
    CHINA,
    CallbackDraft,
    NeedDraft,
    expected_contact,
    export_needs,
    file_need,
    find_need,
    is_filed_by,
    iter_needs,
    latest_need_of,
    request_callback,
    update_status,
)


def draft(**changes) -> NeedDraft:
    values = dict(
        community="新塘村委会",
        description="村口路灯坏了一个礼拜了，电话13912345678",
        category="基础设施提升",
        urgency="急",
        phone="13912345678",
        sender_id="resident-1",
        idempotency_key="key-1",
    )
    values.update(changes)
    return NeedDraft(**values)


def test_a_filed_need_gets_a_tracking_number_and_is_in_the_catalog(catalog):
    need = file_need(catalog, draft())
    assert need.tracking_id == "XQ000001"
    assert need.town == "浏河镇"
    assert need.community == "新塘村委会"
    assert need.status == "received"
    stored = list(iter_needs(catalog))
    assert [n.tracking_id for n in stored] == ["XQ000001"]


def test_the_same_submission_twice_is_recorded_once(catalog):
    first = file_need(catalog, draft())
    again = file_need(catalog, draft(description="something else"))
    assert again.tracking_id == first.tracking_id
    assert again.description == first.description
    assert len(list(iter_needs(catalog))) == 1


def test_different_submissions_get_distinct_numbers(catalog):
    numbers = {file_need(catalog, draft(idempotency_key=f"k{i}")).tracking_id for i in range(5)}
    assert len(numbers) == 5


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"community": "北京朝阳社区"}, "没有"),
        ({"category": "其他"}, "类别"),
        ({"urgency": "特急"}, "紧急程度"),
        ({"description": "   "}, "描述"),
    ],
)
def test_bad_drafts_are_refused_and_change_nothing(catalog, changes, message):
    with pytest.raises(CatalogError, match=message):
        file_need(catalog, draft(**changes))
    assert list(iter_needs(catalog)) == []


def test_status_follows_the_latest_update(catalog):
    need = file_need(catalog, draft())
    update_status(catalog, need.tracking_id, "in_progress", "已派电工去看", "城厢镇干部")
    found = find_need(catalog, need.tracking_id.lower())
    assert found.status == "in_progress"
    assert found.status_label == "处理中"
    assert found.latest_note == "已派电工去看"
    with pytest.raises(CatalogError):
        update_status(catalog, "XQ999999", "done")
    with pytest.raises(CatalogError):
        update_status(catalog, need.tracking_id, "finished")


def test_the_latest_need_of_a_sender_and_who_filed_it(catalog):
    file_need(catalog, draft(idempotency_key="a"))
    second = file_need(catalog, draft(idempotency_key="b", description="垃圾没人收"))
    file_need(catalog, draft(idempotency_key="c", sender_id="someone-else"))
    assert latest_need_of(catalog, "resident-1").tracking_id == second.tracking_id
    assert latest_need_of(catalog, "nobody") is None
    assert is_filed_by(catalog, second.tracking_id, "resident-1")
    assert not is_filed_by(catalog, second.tracking_id, "someone-else")


@pytest.mark.parametrize(
    "said, normalized",
    [("XQ000012", "XQ000012"), ("xq 12", "XQ000012"), ("ＸＱ０００１２", "XQ000012"), ("编号XQ-000345", "XQ000345"),
     ("12", None), ("", None)],
)
def test_tracking_numbers_are_read_as_people_type_them(said, normalized):
    assert normalize_tracking_id(said) == normalized


def test_export_json_has_one_object_per_line_with_masked_phones(catalog):
    file_need(catalog, draft())
    out = io.StringIO()
    assert export_needs(catalog, "json", out) == 1
    lines = out.getvalue().splitlines()
    record = json.loads(lines[0])
    for key in ("tracking_id", "town", "community", "category", "description", "urgency", "status", "created_at"):
        assert record[key], key
    assert record["community"] == "新塘村委会"
    assert "13912345678" not in out.getvalue()
    assert record["phone_masked"] == "139****5678"
    assert "139****5678" in record["description"]


def test_export_csv_has_a_header_and_a_row(catalog):
    file_need(catalog, draft())
    out = io.StringIO()
    export_needs(catalog, "csv", out)
    rows = out.getvalue().splitlines()
    assert rows[0].startswith("tracking_id,town,community")
    assert rows[1].startswith("XQ000001,浏河镇,新塘村委会")
    with pytest.raises(CatalogError):
        export_needs(catalog, "xml", io.StringIO())


@pytest.mark.parametrize(
    "now, expected",
    [
        (datetime(2026, 11, 25, 10, 0, tzinfo=CHINA), datetime(2026, 11, 25, 17, 0, tzinfo=CHINA)),  # Wednesday morning
        (datetime(2026, 11, 25, 16, 0, tzinfo=CHINA), datetime(2026, 11, 26, 12, 0, tzinfo=CHINA)),  # Wednesday late
        (datetime(2026, 11, 27, 18, 0, tzinfo=CHINA), datetime(2026, 11, 30, 12, 0, tzinfo=CHINA)),  # Friday evening
        (datetime(2026, 11, 28, 10, 0, tzinfo=CHINA), datetime(2026, 11, 30, 12, 0, tzinfo=CHINA)),  # Saturday
    ],
)
def test_call_backs_happen_in_working_hours(now, expected):
    assert expected_contact(now) == expected


def test_a_call_back_request_is_recorded_once(catalog):
    request = CallbackDraft(sender_id="resident-1", phone="13912345678", idempotency_key="cb", community="南园社区居委会")
    now = datetime(2026, 11, 25, 10, 0, tzinfo=CHINA)
    first = request_callback(catalog, request, now)
    again = request_callback(catalog, request, now)
    assert first == again
    assert first.community_name == "南园社区"
    assert first.phone_masked == "139****5678"
    from sqlalchemy import func, select

    from bot.catalog.models import CallbackRow

    with catalog.unit_of_work() as session:
        assert session.execute(select(func.count(CallbackRow.id))).scalar() == 1


def test_a_failing_statement_does_not_carry_the_residents_words_into_the_error(catalog):
    # Actions log the error of a failed filing; SQLAlchemy would print the statement's values in it.
    import sqlalchemy as sa

    with pytest.raises(sa.exc.DBAPIError) as failure:
        with catalog.unit_of_work() as session:
            session.execute(sa.text("INSERT INTO no_such_table VALUES (:words)"), {"words": "电话13912345678"})
    assert "13912345678" not in str(failure.value)
    assert "no_such_table" in str(failure.value)  # the statement itself is still told
