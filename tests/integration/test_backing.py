"""A real PostgreSQL and Redis in a throw-away folder: start, use, stop, start again, data kept."""

from __future__ import annotations

import os
import signal
import stat
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot import backing
from bot.servers import free_port
from bot.supervisor import StoreWatchdog

needs_postgres = pytest.mark.skipif(not list(Path("/usr/lib/postgresql").glob("*/bin/postgres")),
                                    reason="PostgreSQL is not installed (.ci/run installs it)")
needs_redis = pytest.mark.skipif(not Path(backing.REDIS_SERVER).exists(), reason="redis-server is not installed")


@pytest.fixture
def state_dir(reachable_dir) -> Path:
    return reachable_dir("backing")


def the_note(server: backing.Postgres) -> str:
    """What the notes table of the catalog database holds, read through a new connection."""
    engine = sa.create_engine(server.url("catalog"))
    try:
        with engine.connect() as connection:
            return connection.execute(sa.text("SELECT body FROM notes")).scalar()
    finally:
        engine.dispose()


def secret_mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(not list(Path("/usr/lib/postgresql").glob("*/bin/postgres")),
                    reason="PostgreSQL is not installed (.ci/run installs it)")
def test_postgres_keeps_its_data_across_a_restart(state_dir: Path):
    port = free_port()
    server = backing.start_postgres(state_dir / "postgres", port, state_dir / "log" / "postgres.log")
    try:
        assert server.running()
        server.create_database("catalog")
        server.create_database("catalog")  # idempotent
        engine = sa.create_engine(server.url("catalog"))
        with engine.begin() as connection:
            connection.execute(sa.text("CREATE TABLE notes (body text)"))
            connection.execute(sa.text("INSERT INTO notes VALUES ('路灯坏了')"))
            assert connection.execute(sa.text("SHOW max_connections")).scalar() == "200"
            assert connection.execute(sa.text("SHOW listen_addresses")).scalar() == "127.0.0.1"
            assert connection.execute(sa.text("SHOW fsync")).scalar() == "on"
        engine.dispose()

        server.stop()
        assert not server.running()
        server.start()
        assert the_note(server) == "路灯坏了"
    finally:
        server.stop()
    assert not server.running()

    secret = state_dir / "postgres.secret"
    password = secret.read_text().strip()
    assert secret_mode(secret) == 0o600
    assert password in server.url("catalog")
    assert password not in repr(server)
    assert str(port) in repr(server)


@pytest.mark.skipif(not Path(backing.REDIS_SERVER).exists(), reason="redis-server is not installed")
def test_redis_keeps_its_data_across_a_restart(state_dir: Path):
    import redis

    port = free_port()
    server = backing.start_redis(state_dir / "redis", port, state_dir / "log" / "redis.log")
    try:
        client = redis.Redis.from_url(server.url)
        client.set("taicang:test", "城厢镇")
        with pytest.raises(redis.AuthenticationError):
            redis.Redis(host=server.host, port=port).set("x", "y")
        server.stop()
        assert not server.running()
        server.start()
        assert redis.Redis.from_url(server.url).get("taicang:test").decode() == "城厢镇"
    finally:
        server.stop()
    assert not server.running()

    secret = state_dir / "redis.secret"
    assert secret_mode(secret) == 0o600
    assert secret_mode(state_dir / "redis" / "redis.conf") == 0o600
    assert server.password == secret.read_text().strip()
    assert server.url == f"redis://:{server.password}@127.0.0.1:{port}/0"
    assert server.password not in repr(server)


def test_the_scram_verifier_has_postgres_form():
    verifier = backing.scram_verifier("secret")
    assert verifier.startswith("SCRAM-SHA-256$4096:")
    assert "secret" not in verifier


def wait_for(condition, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def watched_redis(state_dir: Path):
    """A Redis of our own under a watchdog that looks every half second."""
    server = backing.start_redis(state_dir / "redis", free_port(), state_dir / "log" / "redis.log")
    watchdog = StoreWatchdog([server], interval=0.5).start()
    yield server, watchdog
    watchdog.stop()
    server.stop()


@needs_redis
def test_a_redis_that_crashed_is_started_again_with_its_data(watched_redis):
    import redis

    server, watchdog = watched_redis
    redis.Redis.from_url(server.url).set("taicang:lock", "浏河镇")
    time.sleep(1.5)  # appendfsync everysec: the write is on disk within a second
    crashed = server.pid()
    os.kill(crashed, signal.SIGKILL)
    assert wait_for(lambda: watchdog.restart_count("redis") == 1)
    assert server.running() and server.pid() != crashed
    assert redis.Redis.from_url(server.url).get("taicang:lock").decode() == "浏河镇"


@needs_redis
def test_a_redis_stopped_on_purpose_stays_down(watched_redis):
    server, watchdog = watched_redis
    server.stop()
    time.sleep(2)
    assert not server.running()
    assert watchdog.restart_count("redis") == 0
    server.start()  # and a store started again by hand is watched again
    os.kill(server.pid(), signal.SIGKILL)
    assert wait_for(lambda: watchdog.restart_count("redis") == 1)
    assert server.running()


@needs_postgres
def test_a_postgres_that_crashed_is_started_again_with_its_data(state_dir: Path):
    server = backing.start_postgres(state_dir / "postgres", free_port(), state_dir / "log" / "postgres.log")
    watchdog = StoreWatchdog([server], interval=0.5).start()
    try:
        server.create_database("catalog")
        engine = sa.create_engine(server.url("catalog"))
        with engine.begin() as connection:
            connection.execute(sa.text("CREATE TABLE notes (body text)"))
            connection.execute(sa.text("INSERT INTO notes VALUES ('井盖丢了')"))
        engine.dispose()
        crashed = server.pid()
        os.kill(crashed, signal.SIGKILL)
        assert wait_for(lambda: watchdog.restart_count("postgres") == 1, seconds=60)
        assert server.running() and server.pid() not in (None, crashed)
        assert the_note(server) == "井盖丢了"
    finally:
        watchdog.stop()
        server.stop()
