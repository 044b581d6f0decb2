"""Conversations in PostgreSQL with a copy in Redis: PostgreSQL stopping mid-conversation loses nothing."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.backing import start_postgres, start_redis
from bot.config import PROJECT_ROOT
from bot.servers import free_port

rasa_events = pytest.importorskip("rasa.shared.core.events")
from rasa.shared.core.domain import Domain  # noqa: E402
from rasa.shared.core.trackers import DialogueStateTracker  # noqa: E402

from channels.trackers import DurableTrackerStore  # noqa: E402


@pytest.fixture(scope="module")
def backing(reachable_dir):
    folder = reachable_dir("trackers")
    postgres = start_postgres(folder / "pg" / "data", free_port(), folder / "pg.log")
    postgres.create_database("tracker")
    redis_server = start_redis(folder / "redis" / "data", free_port(), folder / "redis.log")
    yield postgres, redis_server
    redis_server.stop()
    postgres.stop()


@pytest.fixture
def store(backing):
    postgres, redis_server = backing
    postgres.start()
    redis_server.start()
    url = make_url(postgres.url("tracker"))
    domain = Domain.load(str(PROJECT_ROOT / "domain.yml"))
    tracker_store = DurableTrackerStore(
        domain=domain, dialect="postgresql", host=url.host, port=url.port, db=url.database,
        username=url.username, password=url.password, redis_host=redis_server.host, redis_port=redis_server.port,
        redis_password=redis_server.password, key_prefix=f"test{free_port()}")
    yield tracker_store, postgres, redis_server
    tracker_store.engine.dispose()
    postgres.start()
    redis_server.start()


def said(tracker: DialogueStateTracker, text_: str, slot: str, value: str) -> DialogueStateTracker:
    tracker.update(rasa_events.UserUttered(text_, {"name": "inform", "confidence": 1.0}))
    tracker.update(rasa_events.SlotSet(slot, value))
    return tracker


def rows_in_postgres(postgres, sender: str) -> int:
    engine = create_engine(postgres.url("tracker"))
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM events WHERE sender_id = :s"), {"s": sender}).scalar()
    finally:
        engine.dispose()


def test_a_conversation_goes_on_while_postgresql_is_down_and_is_written_back(store):
    tracker_store, postgres, _ = store
    run = asyncio.new_event_loop().run_until_complete
    sender = "resident-outage"
    tracker = said(DialogueStateTracker(sender, tracker_store.domain.slots), "南园社区", "community", "南园社区居委会")
    run(tracker_store.save(tracker))
    assert rows_in_postgres(postgres, sender) == 2

    postgres.stop()
    during = run(tracker_store.retrieve(sender))  # read from the Redis copy
    assert during.get_slot("community") == "南园社区居委会"
    run(tracker_store.save(said(during, "楼道灯坏了", "description", "楼道灯坏了")))
    assert run(tracker_store.retrieve(sender)).get_slot("description") == "楼道灯坏了"

    postgres.start()
    after = run(tracker_store.retrieve(sender))  # marked: the copy is newer than PostgreSQL
    assert after.get_slot("description") == "楼道灯坏了" and after.get_slot("community") == "南园社区居委会"
    run(tracker_store.save(said(after, "不留", "phone", "不留")))
    assert rows_in_postgres(postgres, sender) == 6  # every event, none twice
    fresh = run(DurableTrackerStore.retrieve(tracker_store, sender))
    assert [fresh.get_slot(s) for s in ("community", "description", "phone")] == ["南园社区居委会", "楼道灯坏了", "不留"]


def test_a_quiet_conversation_is_written_back_by_another_save(store):
    tracker_store, postgres, _ = store
    run = asyncio.new_event_loop().run_until_complete
    postgres.stop()
    quiet = said(DialogueStateTracker("resident-quiet", tracker_store.domain.slots), "确认提交", "need_confirmed", True)
    run(tracker_store.save(quiet))
    postgres.start()
    other = said(DialogueStateTracker("resident-busy", tracker_store.domain.slots), "你好", "town", "城厢镇")
    run(tracker_store.save(other))
    assert rows_in_postgres(postgres, "resident-quiet") == 2


def test_redis_down_leaves_postgresql_serving_and_both_down_is_an_error(store):
    tracker_store, postgres, redis_server = store
    run = asyncio.new_event_loop().run_until_complete
    redis_server.stop()
    tracker = said(DialogueStateTracker("resident-r", tracker_store.domain.slots), "你好", "town", "沙溪镇")
    run(tracker_store.save(tracker))
    assert run(tracker_store.retrieve("resident-r")).get_slot("town") == "沙溪镇"
    postgres.stop()
    with pytest.raises(Exception):  # noqa: B017 - Rasa's fail-safe wrapper reports whatever it is
        run(tracker_store.save(said(tracker, "还在吗", "town", "浏河镇")))
