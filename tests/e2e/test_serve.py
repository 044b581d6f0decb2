"""`python -m bot serve` (what `make run` starts) stops every server it started, however it is stopped."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT
from bot.servers import free_port
from tests.e2e.conftest import MODEL

pytestmark = pytest.mark.e2e


def children_of(pid: int) -> list[int]:
    """Every live descendant of a process, read from /proc."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        kids = [child for child, ppid in parents.items() if ppid == parent]
        found += kids
        frontier += kids
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"


def port_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def start_serve(tmp_path, database: str) -> tuple[subprocess.Popen, dict[str, int]]:
    ports = {"--rasa-port": free_port(), "--action-port": free_port(), "--web-port": free_port()}
    command = [sys.executable, "-m", "bot", "serve", "--model", str(MODEL)]
    for flag, port in ports.items():
        command += [flag, str(port)]
    env = {**os.environ, "DATABASE_URL": database, "OUTBOX_PATH": str(tmp_path / "outbox.db")}
    serve = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return serve, ports


def stopped_cleanly(serve: subprocess.Popen, started: list[int], ports: dict[str, int]) -> None:
    """SIGTERM to serve alone, as `kill <pid>` or a service manager sends it: it ends with 0, every server it
    started is gone and every port is free."""
    serve.send_signal(signal.SIGTERM)
    assert serve.wait(timeout=60) == 0
    time.sleep(1)
    assert [pid for pid in started if alive(pid)] == []
    assert all(port_free(port) for port in ports.values())


def test_sigterm_while_the_servers_start_stops_the_ones_started(tmp_path, e2e_database):
    serve, ports = start_serve(tmp_path, e2e_database)
    try:
        deadline = time.monotonic() + 60
        while len(children_of(serve.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        started = children_of(serve.pid)
        assert started, "serve started no server"
        assert not answers(f"http://127.0.0.1:{ports['--web-port']}/healthz")  # still starting

        stopped_cleanly(serve, started, ports)
    finally:
        if serve.poll() is None:
            serve.kill()


def test_sigterm_to_serve_alone_stops_every_server_and_frees_the_ports(tmp_path, e2e_database):
    serve, ports = start_serve(tmp_path, e2e_database)
    try:
        deadline = time.monotonic() + 300
        while not answers(f"http://127.0.0.1:{ports['--web-port']}/healthz") and time.monotonic() < deadline:
            assert serve.poll() is None, "serve ended before it was ready"
            time.sleep(2)
        started = children_of(serve.pid)
        assert len(started) >= 3  # Rasa, the action server and the web gateway

        stopped_cleanly(serve, started, ports)
    finally:
        if serve.poll() is None:
            serve.kill()
