"""The production profile under load and faults: PostgreSQL, Redis, two Rasa servers, supervised.

Runs with E2E_PROFILE=prod (make test runs the e2e tier once per profile). Every resident talks
to the public gateway's chat endpoint with their own cookie, as the web page does.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time
import urllib.request

import pytest
from sqlalchemy import select

from bench.residents import TRACKING, Resident, browser, make_residents, run_all
from bot.catalog.db import Catalog
from bot.catalog.models import CommunityRow, NeedRow, TownRow
from tests.e2e.conftest import PROFILE

pytestmark = pytest.mark.skipif(PROFILE != "prod", reason="the production profile's own tests (E2E_PROFILE=prod)")

def places(database_url: str, count: int) -> list[str]:
    catalog = Catalog(database_url)
    try:
        with catalog.unit_of_work() as session:
            rows = session.execute(select(TownRow.name, CommunityRow.common_name).join(CommunityRow.town)
                                   .order_by(CommunityRow.id).limit(count)).all()
    finally:
        catalog.dispose()
    return [f"{town}{name}" for town, name in rows]


def residents(gateway: str, database_url: str, count: int, first_building: int, first_place: int = 0) -> list[Resident]:
    return make_residents(gateway, places(database_url, 40 + first_place)[first_place:], count, first_building)


def raised(outcomes: list) -> list[str]:
    """The tracking numbers, or the first resident's failure raised."""
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            raise outcome
    return outcomes


def reports(group: list[Resident]) -> list[str]:
    return raised(asyncio.run(run_all(group)))


def filed(database_url: str, group: list[Resident]) -> dict[str, list[tuple[str, str]]]:
    """Each resident's problem → the (tracking number, sender) of every need that reports it."""
    catalog = Catalog(database_url)
    try:
        with catalog.unit_of_work() as session:
            rows = session.execute(select(NeedRow.tracking_id, NeedRow.description, NeedRow.sender_id)
                                   .where(NeedRow.description.contains("号楼"))).all()
    finally:
        catalog.dispose()
    return {r.problem: [(number, sender) for number, description, sender in rows if f"的，{r.problem}" in description]
            for r in group}


def assert_each_filed_once(group: list[Resident], numbers: list[str], database_url: str) -> None:
    # A report kept in the outbox (told "已保存") is filed by the action server once the catalog answers; on two busy
    # cores two hundred of them can take a minute or more. What matters is that each arrives, once: how fast is bench's.
    wait_until(lambda: all(filed(database_url, group).values()), 180, "every report reaching the catalog")
    records = filed(database_url, group)
    for resident, number in zip(group, numbers, strict=True):  # one record, under the number they were told
        assert [n for n, _ in records[resident.problem]] == [number], (resident.problem, resident.replies[-3:])
    assert len(set(numbers)) == len(group)
    assert len({records[r.problem][0][1] for r in group}) == len(group)  # a conversation of their own each


def wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {timeout:.0f} s")
        time.sleep(0.5)


def both_rasa_servers_answer(production) -> bool:
    for url in production.rasa_urls:
        try:
            with urllib.request.urlopen(f"{url}/status?token={production.tokens['RASA_TOKEN']}", timeout=2) as response:
                if not json.loads(response.read()).get("model_file"):
                    return False
        except OSError:
            return False
    return True


def test_two_hundred_residents_file_at_once_on_two_rasa_servers(servers, gateway, e2e_database):
    group = residents(gateway, e2e_database, 200, first_building=1000)
    numbers = reports(group)
    assert_each_filed_once(group, numbers, e2e_database)


def test_one_rasa_server_killed_under_load_the_other_carries_every_conversation(servers, gateway, e2e_database):
    production = servers.production
    group = residents(gateway, e2e_database, 40, first_building=1300)

    async def scenario() -> list[str]:
        running = asyncio.ensure_future(run_all(group))
        await asyncio.sleep(4)  # mid-dialogue, messages in flight on both servers
        production.supervisor.kill("rasa-1", signal.SIGKILL)
        return await running

    numbers = raised(asyncio.run(scenario()))
    assert_each_filed_once(group, numbers, e2e_database)
    assert production.supervisor.restart_count("rasa-1") >= 1
    wait_until(lambda: both_rasa_servers_answer(production), 180, "rasa-1 coming back")


def test_the_action_server_killed_mid_form_and_the_form_goes_on(servers, gateway, e2e_database):
    production = servers.production
    (resident,) = residents(gateway, e2e_database, 1, first_building=1400, first_place=60)
    restarts = production.supervisor.restart_count("actions")

    async def scenario() -> str:
        async with browser(180) as session:
            first = await resident.say(session, f"我是{resident.place}的，{resident.problem}")
            production.supervisor.kill("actions", signal.SIGKILL)
            await asyncio.sleep(0.2)
            async with session.post(f"{gateway}/chat/messages", json={"message": resident.answer(first)}) as response:
                told = await response.json()
            assert response.status == 503 and "没有丢" in told["error"]  # kept by the page, sent again
            reply = await resident.say(session, resident.answer(first))  # as the page re-sends it
            for _ in range(8):
                found = TRACKING.search(reply)
                if found and "已" in reply:
                    return found.group(0)
                reply = await resident.say(session, resident.answer(reply))
            raise AssertionError(resident.replies)

    number = asyncio.run(scenario())
    assert production.supervisor.restart_count("actions") == restarts + 1
    assert [n for n, _ in filed(e2e_database, [resident])[resident.problem]] == [number]


def test_postgresql_stopped_during_a_submission_the_outbox_files_it_under_the_same_number(servers, gateway,
                                                                                            e2e_database):
    production = servers.production
    (resident,) = residents(gateway, e2e_database, 1, first_building=1500, first_place=70)

    async def scenario() -> tuple[str, str]:
        async with browser(180) as session:
            reply = await resident.say(session, f"我是{resident.place}的，{resident.problem}")
            while "请核对" not in reply:
                reply = await resident.say(session, resident.answer(reply))
            production.postgres.stop()
            try:
                kept = await resident.say(session, "确认提交")
                during = await resident.say(session, "我上次反映的那个")
            finally:
                production.postgres.start()
            return kept, during

    kept, during = asyncio.run(scenario())
    assert "已保存" in kept and "不用再提交" in kept
    number = TRACKING.search(kept).group(0)
    assert number in during and "正在记入" in during
    wait_until(lambda: filed(e2e_database, [resident])[resident.problem], 60, "the outbox filing the report")
    assert [n for n, _ in filed(e2e_database, [resident])[resident.problem]] == [number]

    async def afterwards() -> str:
        async with browser(60) as session:
            return await resident.say(session, number)

    status = asyncio.run(afterwards())
    assert number in status and "已受理" in status


def test_redis_restarted_conversations_go_on(servers, gateway, e2e_database):
    production = servers.production
    group = residents(gateway, e2e_database, 10, first_building=1600)

    async def scenario() -> list[str]:
        running = asyncio.ensure_future(run_all(group))
        await asyncio.sleep(3)  # mid-dialogue
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, production.redis.stop)
        await asyncio.sleep(1)
        await loop.run_in_executor(None, production.redis.start)
        return await running

    numbers = raised(asyncio.run(scenario()))
    assert_each_filed_once(group, numbers, e2e_database)


class ResidentWithPhone(Resident):
    """Leaves a phone for the call-back, so the logs can be searched for it afterwards."""

    def __init__(self, gateway: str, place: str, problem: str, phone: str) -> None:
        super().__init__(gateway, place, problem)
        self.phone = phone

    def answer(self, reply: str) -> str:
        return self.phone if "手机号" in reply else super().answer(reply)


def test_postgresql_crashing_is_started_again_and_nothing_is_lost(servers, gateway, e2e_database):
    production = servers.production
    group = [ResidentWithPhone(r.gateway, r.place, r.problem, f"1391234{1700 + i:04d}")
             for i, r in enumerate(residents(gateway, e2e_database, 12, first_building=1700, first_place=10))]
    restarts = production.watchdog.restart_count("postgres")

    async def scenario() -> list[str]:
        running = asyncio.ensure_future(run_all(group))
        await asyncio.sleep(3)  # mid-dialogue
        os.kill(production.postgres.pid(), signal.SIGKILL)  # a crash, not a maintenance stop
        return await running

    numbers = raised(asyncio.run(scenario()))
    wait_until(lambda: production.watchdog.restart_count("postgres") > restarts, 60, "PostgreSQL started again")
    assert_each_filed_once(group, numbers, e2e_database)
    # Whatever failed meanwhile was logged by every process without the residents' phones.
    logs = "".join(path.read_text(errors="replace") for path in production.log_dir.glob("*.log"))
    assert not [r.phone for r in group if r.phone in logs]
