"""Keep named child processes running: restart one that exits, with a growing pause.

A background thread watches the children, so tests can drive a Supervisor directly; the
production profile calls run_forever() in the foreground. Log lines name the child and its exit
code, never its command line or environment (they hold passwords).
"""

from __future__ import annotations

import http.client
import json
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bot.private_files import make_private_folder
from bot.servers import spawn


@dataclass
class _Child:
    name: str
    command: list[str]
    env: dict[str, str]
    log_path: Path
    ready_url: str | None
    ready_key: str | None
    delay: float
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    restart_at: float | None = None
    restarts: int = 0
    delays: list[float] = field(default_factory=list)

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None


def _describe(code: int) -> str:
    if code < 0:
        try:
            return f"was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    return f"exited with {code}"


def _say(message: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} supervisor: {message}", file=sys.stderr, flush=True)


class Supervisor:
    """Named children, each restarted when it exits until stop()."""

    def __init__(self, backoff: float = 1.0, max_backoff: float = 30.0, reset_after: float = 60.0,
                 stop_timeout: float = 15.0, poll_interval: float = 0.2) -> None:
        self._backoff = backoff
        self._max_backoff = max_backoff
        self._reset_after = reset_after
        self._stop_timeout = stop_timeout
        self._poll_interval = poll_interval
        self._children: dict[str, _Child] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def add(self, name: str, command: list[str], env: dict[str, str], log_path: Path,
            ready_url: str | None = None, ready_key: str | None = None) -> None:
        """Start a child now. Ready when ready_url answers 2xx (with a truthy JSON ready_key, if given)."""
        make_private_folder(log_path.parent)
        child = _Child(name, list(command), dict(env), log_path, ready_url, ready_key, delay=self._backoff)
        with self._lock:
            if self._stopping.is_set():
                raise RuntimeError("the supervisor is stopping")
            if name in self._children:
                raise ValueError(f"a child named {name} already exists")
            self._launch(child)
            self._children[name] = child
        if self._thread is None:
            self._thread = threading.Thread(target=self._watch, name="supervisor", daemon=True)
            self._thread.start()

    def wait_ready(self, timeout: float = 240) -> None:
        """Return once every child with a ready_url answers; raise if one keeps exiting or time runs out."""
        deadline = time.monotonic() + timeout
        with self._lock:
            pending = [c for c in self._children.values() if c.ready_url]
            baseline = {c.name: c.restarts for c in pending}
        while pending:
            pending = [c for c in pending if not self._answers(c)]
            for child in pending:
                if child.restarts - baseline[child.name] >= 3:
                    raise RuntimeError(f"{child.name} keeps exiting; see {child.log_path}")
            if pending and time.monotonic() > deadline:
                names = ", ".join(c.name for c in pending)
                raise TimeoutError(f"not ready within {timeout:.0f} s: {names}; see {pending[0].log_path.parent}")
            if pending:
                time.sleep(0.5)

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        """Signal a child as a crash would (tests); the supervisor restarts it."""
        with self._lock:
            child = self._children[name]
            if child.alive():
                child.process.send_signal(sig)

    def restart_count(self, name: str) -> int:
        with self._lock:
            return self._children[name].restarts

    def restart_delays(self, name: str) -> list[float]:
        """The pauses before each restart so far, in seconds."""
        with self._lock:
            return list(self._children[name].delays)

    def pid(self, name: str) -> int | None:
        """The running child's process id; None while it waits to be restarted."""
        with self._lock:
            child = self._children[name]
            return child.process.pid if child.alive() else None

    def names(self) -> list[str]:
        with self._lock:
            return list(self._children)

    def stop(self) -> None:
        """SIGTERM every child, SIGKILL whichever is still there after stop_timeout; no more restarts."""
        with self._lock:
            self._stopping.set()  # under the lock: the watcher cannot be half-way through a restart
            processes = [c.process for c in self._children.values() if c.alive()]
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + self._stop_timeout
        for process in processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def run_forever(self) -> int:
        """Supervise in the foreground until Ctrl-C or SIGTERM, then stop every child."""
        in_main = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGTERM, _interrupt) if in_main else None
        try:
            while not self._stopping.wait(1):
                pass
        except KeyboardInterrupt:
            _say("stopping")
        finally:
            self.stop()
            if in_main:
                signal.signal(signal.SIGTERM, previous)
        return 0

    def _watch(self) -> None:
        while not self._stopping.wait(self._poll_interval):
            with self._lock:
                if self._stopping.is_set():
                    return
                now = time.monotonic()
                for child in self._children.values():
                    self._tend(child, now)

    def _tend(self, child: _Child, now: float) -> None:
        if child.restart_at is not None:
            if now >= child.restart_at:
                child.restart_at = None
                child.restarts += 1
                try:
                    self._launch(child)
                except OSError as error:  # e.g. the program vanished: try again after the next pause
                    child.process = None
                    _say(f"{child.name} could not be started: {error.strerror}")
            return
        code = child.process.poll() if child.process else None
        if code is None and child.process is not None:
            return
        if now - child.started_at >= self._reset_after:
            child.delay = self._backoff  # it ran long enough: this exit is not part of a crash loop
        delay = child.delay
        child.delay = min(delay * 2, self._max_backoff)
        child.delays.append(delay)
        child.restart_at = now + delay
        what = _describe(code) if code is not None else "could not be started"
        _say(f"{child.name} {what}, restarting in {delay:g} s")

    def _launch(self, child: _Child) -> None:
        child.started_at = time.monotonic()
        child.process = spawn(child.command, child.env, child.log_path)

    @staticmethod
    def _answers(child: _Child) -> bool:
        if not child.alive():
            return False
        try:
            with urllib.request.urlopen(child.ready_url, timeout=2) as response:
                body = response.read()
        except (urllib.error.URLError, OSError, http.client.HTTPException):
            # HTTPException: something that is not the server yet answered on the port (a TCP connection to a
            # port nobody listens on yet can meet itself and read back "GET /status HTTP/1.1").
            return False
        if child.ready_key is None:
            return True
        try:
            return bool(json.loads(body).get(child.ready_key))
        except (ValueError, AttributeError):
            return False


def _interrupt(_signum, _frame) -> None:
    raise KeyboardInterrupt


class StoreWatchdog:
    """Starts again a database server that went down without being stopped on purpose.

    PostgreSQL daemonizes itself and Redis is started by bot/backing.py, so neither is a child
    the Supervisor could wait on; each store says whether it is `wanted`, whether it is
    `running()`, and how to `start()`. Stores stopped on purpose (a maintenance stop) stay down.
    """

    def __init__(self, stores: list, interval: float = 2.0, max_backoff: float = 30.0) -> None:
        self._stores = list(stores)
        self._interval = interval
        self._max_backoff = max_backoff
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._restarts: dict[str, int] = {store.name: 0 for store in self._stores}

    def start(self) -> StoreWatchdog:
        self._thread = threading.Thread(target=self._watch, name="store-watchdog", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()

    def restart_count(self, name: str) -> int:
        return self._restarts[name]

    def _watch(self) -> None:
        pause = {store.name: 0.0 for store in self._stores}
        next_try = {store.name: 0.0 for store in self._stores}
        while not self._stopping.wait(self._interval):
            for store in self._stores:
                now = time.monotonic()
                if not store.wanted or now < next_try[store.name] or store.running():
                    continue
                if self._stopping.is_set():
                    return
                if not store.wanted:  # stopped on purpose while we looked
                    continue
                _say(f"{store.name} went down, starting it again")
                try:
                    store.start()
                except (OSError, RuntimeError, TimeoutError) as error:
                    pause[store.name] = min(max(pause[store.name] * 2, self._interval), self._max_backoff)
                    next_try[store.name] = now + pause[store.name]
                    _say(f"{store.name} could not be started ({type(error).__name__}), next try in "
                         f"{pause[store.name]:g} s")
                    continue
                pause[store.name] = 0.0
                self._restarts[store.name] += 1
