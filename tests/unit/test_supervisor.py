"""The supervisor restarts children that exit, with a growing pause, and stops them all."""

from __future__ import annotations

import itertools
import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.supervisor import StoreWatchdog, Supervisor

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]
CRASHER = [sys.executable, "-c", "import sys; sys.exit(3)"]
# Exits with 5 a little after SIGTERM, as a server finishing its requests would.
SLOW_TO_STOP = [sys.executable, "-c",
                "import signal, sys, time\n"
                "signal.signal(signal.SIGTERM, lambda *_: (time.sleep(0.3), sys.exit(5)))\n"
                "time.sleep(60)"]
STUBBORN = [sys.executable, "-c", "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)"]


def until(condition: Callable[[], bool], timeout: float = 5) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.fixture
def supervisor():
    supervisor = Supervisor(backoff=0.05, max_backoff=0.4, reset_after=60, stop_timeout=1, poll_interval=0.02)
    yield supervisor
    supervisor.stop()


def test_a_killed_child_is_restarted(supervisor: Supervisor, tmp_path: Path, capfd):
    supervisor.add("sleeper", SLEEPER, dict(os.environ), tmp_path / "sleeper.log")
    first = supervisor.pid("sleeper")
    supervisor.kill("sleeper", signal.SIGKILL)
    until(lambda: supervisor.pid("sleeper") not in (None, first))
    assert supervisor.restart_count("sleeper") == 1
    assert "sleeper was killed by SIGKILL, restarting in 0.05 s" in capfd.readouterr().err


def test_the_pause_doubles_up_to_the_limit(supervisor: Supervisor, tmp_path: Path, capfd):
    supervisor.add("crasher", CRASHER, dict(os.environ), tmp_path / "crasher.log")
    until(lambda: len(supervisor.restart_delays("crasher")) >= 5, timeout=10)
    assert supervisor.restart_delays("crasher")[:5] == [0.05, 0.1, 0.2, 0.4, 0.4]
    assert "crasher exited with 3, restarting in 0.1 s" in capfd.readouterr().err


def test_the_pause_starts_again_after_a_long_run(tmp_path: Path):
    supervisor = Supervisor(backoff=0.05, max_backoff=1, reset_after=0.3, stop_timeout=1, poll_interval=0.02)
    try:
        supervisor.add("sleeper", SLEEPER, dict(os.environ), tmp_path / "sleeper.log")
        for expected in (1, 2):
            pid = supervisor.pid("sleeper")
            supervisor.kill("sleeper")
            until(lambda pid=pid: supervisor.pid("sleeper") not in (None, pid))
            assert supervisor.restart_count("sleeper") == expected
        time.sleep(0.4)  # up longer than reset_after
        supervisor.kill("sleeper")
        until(lambda: supervisor.restart_count("sleeper") == 3)
        assert supervisor.restart_delays("sleeper") == [0.05, 0.1, 0.05]
    finally:
        supervisor.stop()


def test_stop_ends_every_child_and_restarts_none(supervisor: Supervisor, tmp_path: Path):
    supervisor.add("a", SLEEPER, dict(os.environ), tmp_path / "a.log")
    supervisor.add("slow", SLOW_TO_STOP, dict(os.environ), tmp_path / "slow.log")
    supervisor.add("stubborn", STUBBORN, dict(os.environ), tmp_path / "stubborn.log")
    time.sleep(0.3)  # the children install their signal handlers
    pids = [supervisor.pid(name) for name in ("a", "slow", "stubborn")]
    started = time.monotonic()
    supervisor.stop()
    assert time.monotonic() - started < 3  # stop_timeout is 1 s, then SIGKILL
    assert all(gone(pid) for pid in pids)
    time.sleep(0.2)
    assert [supervisor.restart_count(n) for n in ("a", "slow", "stubborn")] == [0, 0, 0]
    assert [supervisor.pid(n) for n in ("a", "slow", "stubborn")] == [None, None, None]
    with pytest.raises(RuntimeError):
        supervisor.add("late", SLEEPER, dict(os.environ), tmp_path / "late.log")


def test_wait_ready_waits_for_the_url(supervisor: Supervisor, tmp_path: Path):
    server = [sys.executable, "-c",
              "import time, http.server, sys; time.sleep(0.3); "
              "http.server.HTTPServer(('127.0.0.1', int(sys.argv[1])), http.server.SimpleHTTPRequestHandler)"
              ".serve_forever()", str(_free_port())]
    supervisor.add("web", server, dict(os.environ), tmp_path / "web.log", ready_url=f"http://127.0.0.1:{server[-1]}/")
    supervisor.wait_ready(timeout=10)


def test_wait_ready_gives_up_on_a_crash_loop(supervisor: Supervisor, tmp_path: Path):
    supervisor.add("crasher", CRASHER, dict(os.environ), tmp_path / "crasher.log", ready_url="http://127.0.0.1:9/")
    with pytest.raises(RuntimeError, match="crasher keeps exiting"):
        supervisor.wait_ready(timeout=10)


def _free_port() -> int:
    from bot.servers import free_port

    return free_port()


class FlakyStore:
    """A database server stand-in that is down and refuses to start `failures` times."""

    name = "postgres"

    def __init__(self, failures: int) -> None:
        self.wanted = True
        self.up = False
        self.failures = failures
        self.attempts: list[float] = []

    def running(self) -> bool:
        return self.up

    def start(self) -> None:
        self.attempts.append(time.monotonic())
        if len(self.attempts) <= self.failures:
            raise RuntimeError("initdb failed")
        self.up = True


def test_the_store_watchdog_keeps_trying_with_longer_pauses():
    store = FlakyStore(failures=3)
    watchdog = StoreWatchdog([store], interval=0.05, max_backoff=0.4).start()
    try:
        until(store.running, timeout=5)
    finally:
        watchdog.stop()
    assert watchdog.restart_count("postgres") == 1
    gaps = [b - a for a, b in itertools.pairwise(store.attempts)]
    assert len(gaps) == 3 and gaps[-1] > gaps[0]


def test_the_store_watchdog_leaves_a_store_stopped_on_purpose():
    store = FlakyStore(failures=0)
    store.wanted = False
    watchdog = StoreWatchdog([store], interval=0.02).start()
    time.sleep(0.3)
    watchdog.stop()
    assert store.attempts == [] and watchdog.restart_count("postgres") == 0
