"""The durable outbox: a report made while the catalog is unreachable is kept, numbered and filed later."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest

from actions import runtime
from actions.needs import ActionSubmitNeed
from actions.status import ActionCheckStatus
from bot.catalog.db import Catalog
from bot.catalog.errors import CatalogError
from bot.needs.service import NeedDraft, find_need, iter_needs
from bot.outbox import Outbox, OutboxWorker, submission_counts
from tests.integration.conftest import make_tracker, run_action
from tests.integration.test_actions import FILLED, texts

DRAFT = NeedDraft("南园社区居委会", "12号楼楼道灯不亮了", "基础设施提升", "愁", "13812345678", "resident-1", "key-1")


class Outage:
    """The catalog's database made unreachable for real: its folder moves away, then comes back."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.folder = __import__("pathlib").Path(catalog.engine.url.database).parent
        self.away = self.folder.with_name(self.folder.name + "-away")

    def __enter__(self) -> Outage:
        self.catalog.engine.dispose()  # pooled connections would keep the moved file open
        self.folder.rename(self.away)
        return self

    def __exit__(self, *exc) -> None:
        self.catalog.engine.dispose()
        self.away.rename(self.folder)


@pytest.fixture
def outbox(tmp_path) -> Outbox:
    return Outbox(tmp_path / "outbox" / "outbox.db", block=10)


@pytest.fixture
def db(tmp_path, gazetteer):
    """A catalog in a folder of its own, so an outage can take the folder away."""
    from bot.catalog.seed import create_catalog

    url = f"sqlite:///{tmp_path / 'db' / 'catalog.db'}"
    create_catalog(url, gazetteer)
    catalog = Catalog(url)
    yield catalog
    catalog.dispose()


def test_a_submission_with_the_catalog_up_is_filed_and_leaves_nothing_kept(outbox, db):
    submission = outbox.submit(db, DRAFT)
    assert not submission.kept and submission.tracking_id == "XQ000001"
    assert find_need(db, "XQ000001").description == DRAFT.description
    assert outbox.pending_count() == 0
    assert outbox.numbers_left() == 9  # one block of ten reserved, one used


def test_an_outage_keeps_the_report_under_the_number_it_is_filed_with_later(outbox, db):
    outbox.refill(db)
    with Outage(db):
        submission = outbox.submit(db, DRAFT)
        again = outbox.submit(db, DRAFT)  # the same turn delivered again during the outage
        assert submission.kept and submission.tracking_id == again.tracking_id == "XQ000001"
        assert outbox.pending_count() == 1 and outbox.holds("XQ000001")
        assert outbox.deliver(db) == 0  # still down: nothing filed, nothing dropped
        assert outbox.pending_count() == 1
    sent = time.time()
    time.sleep(1.1)  # filed a moment after it was sent: the catalog dates it when it was sent
    assert outbox.deliver(db) == 1
    need = find_need(db, "XQ000001")
    assert need.description == DRAFT.description and need.phone_masked == "138****5678"
    from datetime import datetime

    assert datetime.fromisoformat(need.created_at).timestamp() <= sent
    assert outbox.pending_count() == 0
    assert outbox.submit(db, DRAFT).tracking_id == "XQ000001"  # a late retry finds the filed record
    assert len(list(iter_needs(db))) == 1
    # Both answers in the outage were "kept"; one delivery; the late retry was answered from the catalog.
    assert submission_counts(outbox.path) == {"filed": 1, "kept": 2, "delivered": 1, "refused": 0}


def test_reports_kept_in_an_outage_are_filed_in_order_with_distinct_numbers(outbox, db):
    outbox.refill(db)
    with Outage(db):
        numbers = [outbox.submit(db, replace(DRAFT, idempotency_key=f"k{i}", description=f"第{i}件事：路灯坏了")).tracking_id
                   for i in range(5)]
    assert numbers == [f"XQ00000{i}" for i in range(1, 6)]
    assert outbox.deliver(db) == 5
    filed = {n.tracking_id: n.description for n in iter_needs(db)}
    assert filed == {number: f"第{i}件事：路灯坏了" for i, number in enumerate(numbers)}


def test_without_numbers_held_the_report_is_kept_and_numbered_when_filed(outbox, db):
    with Outage(db):
        submission = outbox.submit(db, DRAFT)
        assert submission.kept and submission.tracking_id is None
        assert outbox.latest_of("resident-1") == ""
    outbox.deliver(db)
    (need,) = iter_needs(db)
    assert need.tracking_id.startswith("XQ") and need.description == DRAFT.description


def test_numbers_are_never_given_twice_by_two_outboxes_and_direct_filing(tmp_path, db):
    first, second = Outbox(tmp_path / "a.db", block=10), Outbox(tmp_path / "b.db", block=10)
    from bot.needs.service import file_need

    numbers = [first.submit(db, replace(DRAFT, idempotency_key="a")).tracking_id,
               file_need(db, replace(DRAFT, idempotency_key="direct")).tracking_id,
               second.submit(db, replace(DRAFT, idempotency_key="b")).tracking_id]
    assert numbers == ["XQ000001", "XQ000011", "XQ000012"]


def test_concurrent_submissions_get_distinct_numbers_and_one_record_each(outbox, db):
    drafts = [replace(DRAFT, idempotency_key=f"c{i}", sender_id=f"r{i}") for i in range(40)]
    with ThreadPoolExecutor(8) as pool:
        numbers = list(pool.map(lambda d: outbox.submit(db, d).tracking_id, drafts + drafts[:10]))
    assert len(set(numbers[:40])) == 40 and numbers[40:] == numbers[:10]
    assert len(list(iter_needs(db))) == 40


def test_a_wrong_draft_is_refused_and_not_kept(outbox, db):
    with pytest.raises(CatalogError):
        outbox.submit(db, replace(DRAFT, category="不存在的维度"))
    assert outbox.pending_count() == 0
    assert submission_counts(outbox.path)["refused"] == 1


def test_submission_counts_of_a_missing_or_older_outbox_are_zero(tmp_path):
    import sqlite3

    assert submission_counts(tmp_path / "none.db") == {"filed": 0, "kept": 0, "delivered": 0, "refused": 0}
    older = tmp_path / "older.db"  # an outbox file made before the tally existed
    sqlite3.connect(older).execute("CREATE TABLE entries (idempotency_key TEXT PRIMARY KEY)").connection.close()
    assert submission_counts(older) == {"filed": 0, "kept": 0, "delivered": 0, "refused": 0}
    assert not (tmp_path / "none.db").exists()


def test_the_kept_reports_survive_a_new_outbox_on_the_same_file(tmp_path, db):
    path = tmp_path / "restart" / "outbox.db"
    Outbox(path, block=10).refill(db)
    with Outage(db):
        kept = Outbox(path, block=10).submit(db, DRAFT)
    restarted = Outbox(path, block=10)  # the action server came back after being killed
    assert restarted.pending() == [(kept.tracking_id, DRAFT)]
    assert restarted.deliver(db) == 1 and find_need(db, kept.tracking_id) is not None


def test_the_worker_files_kept_reports_in_the_background(outbox, db):
    outbox.refill(db)
    with Outage(db):
        number = outbox.submit(db, DRAFT).tracking_id
    worker = OutboxWorker(lambda: outbox, lambda: db, every=0.05).start()
    try:
        deadline = time.monotonic() + 10
        while outbox.pending_count() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        worker.stop()
    assert find_need(db, number) is not None and outbox.pending_count() == 0
    assert not any(t.name == "outbox" and t.is_alive() for t in threading.enumerate())


def test_a_resident_is_told_the_report_is_saved_and_can_ask_about_it(settings, gazetteer, tmp_path):
    from bot.catalog.seed import create_catalog

    url = f"sqlite:///{tmp_path / 'db' / 'catalog.db'}"
    create_catalog(url, gazetteer)
    runtime.configure(replace(settings, database_url=url))
    try:
        catalog = runtime.catalog()
        runtime.outbox().refill(catalog)
        with Outage(catalog):
            slots, messages = run_action(ActionSubmitNeed(), make_tracker("确认", intent="affirm", slots=FILLED,
                                                                          active_loop=None))
            reply = texts(messages)
            assert "已保存" in reply and "XQ000001" in reply and "不用再提交" in reply
            assert slots["tracking_id"] == "XQ000001" and slots["description"] is None
            _, messages = run_action(ActionCheckStatus(), make_tracker("XQ000001", intent="check_status",
                                                                       active_loop=None))
            assert "XQ000001已保存" in texts(messages).replace(" ", "") and "Traceback" not in texts(messages)
        _, messages = run_action(ActionCheckStatus(), make_tracker("我上次反映的那个", intent="check_status",
                                                                   active_loop=None))
        assert "正在记入" in texts(messages)  # still kept until the worker's next round
        runtime.outbox().deliver(catalog)
        _, messages = run_action(ActionCheckStatus(), make_tracker("我上次反映的那个", intent="check_status",
                                                                   active_loop=None))
        assert "XQ000001" in texts(messages) and "已收到" in texts(messages) and "路灯" in texts(messages)
    finally:
        runtime.configure(settings)


def test_the_worker_holds_numbers_from_start_up_so_the_first_report_in_an_outage_has_one(outbox, db):
    worker = OutboxWorker(lambda: outbox, lambda: db, every=30).start()
    try:
        deadline = time.monotonic() + 10
        while not outbox.numbers_left() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        worker.stop()
    with Outage(db):
        assert outbox.submit(db, DRAFT).tracking_id == "XQ000001"


# -- offers and call-back requests go through the outbox too; refused entries wait; the operator's commands ------
OFFER_SLOTS = {
    "resource_description": "我是退休医生，周末可以给老人量血压", "resource_type": "智力", "provider_type": "社区能人",
    "provider_name": "王建国", "resource_scope": "town", "town": "浏河镇", "available_time": "周末上午",
    "resource_phone": "13912345678", "resource_confirmed": True,
}
CALLBACK_SLOTS = {"community": "南园社区居委会", "callback_phone": "13700001111"}


@pytest.fixture
def action_server(settings, db):
    """The action server's runtime on a catalog that an Outage can take away, with numbers held from start-up."""
    runtime.configure(replace(settings, database_url=str(db.engine.url)))
    runtime.outbox().refill(runtime.catalog())
    yield runtime.catalog()
    runtime.configure(settings)


def resources_filed(catalog: Catalog) -> list[str]:
    from bot.resources.service import iter_resources

    return [resource.tracking_id for resource in iter_resources(catalog)]


def callbacks_recorded(catalog: Catalog) -> list[tuple[str, str]]:
    from sqlalchemy import select

    from bot.catalog.models import CallbackRow

    with catalog.unit_of_work() as session:
        return [tuple(row) for row in session.execute(select(CallbackRow.phone, CallbackRow.sender_id))]


def test_an_offer_made_during_an_outage_is_kept_and_listed_under_its_number_once(action_server):
    from actions.resources import ActionSubmitResource

    tracker = make_tracker("确认提交", intent="affirm", slots=OFFER_SLOTS, active_loop=None, sender="volunteer-1")
    with Outage(action_server):
        slots, messages = run_action(ActionSubmitResource(), tracker)
        run_action(ActionSubmitResource(), tracker)  # the same confirmation delivered again during the outage
    reply = texts(messages)
    assert "已保存" in reply and "ZY000001" in reply and "不用再提交" in reply
    assert "已记入" not in reply  # not in the resource list yet: the volunteer is not told it is
    assert slots["resource_description"] is None
    assert runtime.outbox().deliver(action_server) == 1
    assert resources_filed(action_server) == ["ZY000001"]
    _, messages = run_action(ActionSubmitResource(), tracker)  # a late retry is answered from the list
    assert "已记入资源清单，编号：ZY000001" in texts(messages)
    assert resources_filed(action_server) == ["ZY000001"] and runtime.outbox().pending_count() == 0


def test_a_call_back_asked_for_during_an_outage_is_kept_and_recorded_once(action_server):
    from actions.handoff import ActionRequestCallback

    tracker = make_tracker("13700001111", slots=CALLBACK_SLOTS, active_loop=None, sender="resident-9")
    with Outage(action_server):
        _, messages = run_action(ActionRequestCallback(), tracker)
        run_action(ActionRequestCallback(), tracker)
    reply = texts(messages)
    assert "已保存" in reply and "137****1111" in reply and "不用再说一次" in reply
    assert "已请" not in reply and "前联系您" not in reply  # no time promised for a request not yet recorded
    assert [entry.kind for entry in runtime.outbox().entries()] == ["callback"]
    assert runtime.outbox().deliver(action_server) == 1
    run_action(ActionRequestCallback(), tracker)  # asked again once the catalog is back: the same request
    assert callbacks_recorded(action_server) == [("13700001111", "resident-9")]
    assert runtime.outbox().pending_count() == 0


def test_numbers_of_offers_come_from_their_own_series_and_are_never_given_twice(tmp_path, db):
    from bot.resources.service import ResourceDraft, file_resource

    first, second = Outbox(tmp_path / "a.db", block=10), Outbox(tmp_path / "b.db", block=10)
    offer = ResourceDraft("社区能人", "王建国", "周末可以给老人量血压", "智力", "town", None, "浏河镇", "周末",
                          "13912345678", "v", "o")
    numbers = [first.submit(db, replace(offer, idempotency_key="a")).tracking_id,
               file_resource(db, replace(offer, idempotency_key="direct"))[0].tracking_id,
               second.submit(db, replace(offer, idempotency_key="b")).tracking_id,
               first.submit(db, DRAFT).tracking_id]
    assert numbers == ["ZY000001", "ZY000011", "ZY000012", "XQ000001"]


def test_a_refused_entry_waits_longer_each_time_while_the_others_are_filed(outbox, db):
    from bot.outbox import waiting_counts

    outbox.refill(db)
    with Outage(db):
        removed = outbox.submit(db, replace(DRAFT, idempotency_key="gone", community="不存在村委会",
                                            description="电话13812345678，路灯坏了")).tracking_id
        other = outbox.submit(db, replace(DRAFT, idempotency_key="fine")).tracking_id
    assert outbox.deliver(db) == 1 and find_need(db, other) is not None
    (entry,) = outbox.entries()
    assert entry.tracking_id == removed and entry.attempts == 2 and entry.state == "refused"  # the outage, then the refusal
    assert "不存在村委会" in entry.last_error and 55 < entry.next_try - time.time() <= 60
    assert waiting_counts(outbox.path)[("need", "refused")] == 1
    assert outbox.deliver(db) == 0 and outbox.entries()[0].attempts == 2  # not tried again before its time
    outbox.retry_now(db)  # an operator's "try now"
    entry = outbox.entries()[0]
    assert entry.attempts == 3 and 115 < entry.next_try - time.time() <= 120  # twice as long after a second refusal


def test_an_outbox_file_written_before_kinds_existed_is_read_and_filed(tmp_path, db):
    import json
    import sqlite3
    from dataclasses import asdict

    path = tmp_path / "old" / "outbox.db"
    path.parent.mkdir()
    old = sqlite3.connect(path)
    old.executescript("CREATE TABLE entries (idempotency_key TEXT PRIMARY KEY, tracking_id TEXT, draft TEXT NOT NULL, "
                      "kept_at REAL NOT NULL); CREATE TABLE free_numbers (value INTEGER PRIMARY KEY); "
                      "CREATE TABLE tally (outcome TEXT PRIMARY KEY, count INTEGER NOT NULL);")
    old.execute("INSERT INTO entries VALUES (?, ?, ?, ?)", (DRAFT.idempotency_key, "XQ000001",
                                                            json.dumps(asdict(DRAFT), ensure_ascii=False), time.time()))
    old.executemany("INSERT INTO free_numbers VALUES (?)", [(2,), (3,)])
    old.commit()
    old.close()
    outbox = Outbox(path, block=10)
    assert outbox.pending() == [("XQ000001", DRAFT)] and outbox.entries()[0].kind == "need"
    assert outbox.numbers_left() == 2
    assert outbox.deliver(db) == 1 and find_need(db, "XQ000001").description == DRAFT.description


def test_the_operator_lists_retries_and_drops_kept_entries_from_the_command_line(tmp_path, db):
    import os
    import subprocess
    import sys

    from bot.config import PROJECT_ROOT
    from bot.needs.service import CallbackDraft

    outbox = Outbox(tmp_path / "cli" / "outbox.db", block=10)
    outbox.refill(db)
    with Outage(db):
        kept = outbox.submit(db, DRAFT).tracking_id
        outbox.submit(db, CallbackDraft("resident-9", "13700001111", "ab12cd34ef", "南园社区居委会", "路灯的事"))
        refused = outbox.submit(db, replace(DRAFT, idempotency_key="gone", community="不存在村委会")).tracking_id
    env = {**os.environ, "DATABASE_URL": str(db.engine.url), "OUTBOX_PATH": str(outbox.path)}

    def cli(*args):
        done = subprocess.run([sys.executable, "-m", "bot", "outbox", *args], cwd=PROJECT_ROOT, env=env,
                              capture_output=True, text=True, timeout=120)
        return done.returncode, done.stdout, done.stderr

    code, out, _ = cli("list")
    assert code == 0 and kept in out and refused in out and "#ab12cd34" in out and "回电" in out and "需求" in out
    assert "13812345678" not in out and "13700001111" not in out and "OperationalError" in out and "共 3 条" in out
    db.dispose()
    code, out, _ = cli("retry")
    assert code == 0 and "已记入目录 2 条，仍在等待 1 条" in out
    code, out, _ = cli("list")
    assert refused in out and "目录拒收" in out and "不存在村委会" in out and kept not in out
    code, _, err = cli("drop", refused.lower())
    assert code == 2 and "--yes" in err and outbox.pending_count() == 1  # nothing dropped without the confirmation
    code, _, err = cli("drop", "XQ999999", "--yes")
    assert code == 2 and "没有" in err and "Traceback" not in err
    code, out, _ = cli("drop", refused, "--yes")
    assert code == 0 and "已删除" in out and outbox.pending_count() == 0
    assert cli("list")[1].startswith("发件箱是空的")
