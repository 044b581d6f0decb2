"""Start, watch and stop the assistant's processes: the Rasa server and the action server.

Used by `make run` (python -m bot serve), by the end-to-end tests and by the benchmark, so the
three start the servers the same way. Only subprocesses here: nothing imports Rasa.
"""

from __future__ import annotations

import ctypes
import http.client
import json
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bot.config import PROJECT_ROOT
from bot.private_files import make_private_folder, open_private_log

VENV_BIN = Path(sys.executable).parent


@dataclass
class Servers:
    """A running pair of servers; stop() ends both."""

    rasa_url: str
    action_url: str
    processes: list[subprocess.Popen] = field(default_factory=list)
    rasa_token: str = ""  # for Rasa's HTTP API (status, trackers); its webhooks need none

    def api(self, path: str) -> str:
        """The URL of a Rasa API path, with the token."""
        return f"{self.rasa_url}{path}{'&' if '?' in path else '?'}token={self.rasa_token}"

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in self.processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def pids(self) -> list[int]:
        return [p.pid for p in self.processes]


def start(
    model: Path,
    env: dict[str, str],
    rasa_port: int = 5005,
    action_port: int = 5055,
    log_dir: Path | None = None,
    timeout: float = 240,
) -> Servers:
    """Start the action server and the Rasa server on loopback; return once both answer."""
    log_dir = log_dir or PROJECT_ROOT / "var" / "log"
    make_private_folder(log_dir)
    action_url = f"http://127.0.0.1:{action_port}"
    rasa_url = f"http://127.0.0.1:{rasa_port}"
    child_env = {**os.environ, **env, "PYTHONUNBUFFERED": "1", **server_tokens({**os.environ, **env})}
    child_env["ACTION_ENDPOINT_URL"] = f"{action_url}/webhook?token={child_env['ACTION_TOKEN']}"
    servers = Servers(rasa_url=rasa_url, action_url=action_url, rasa_token=child_env["RASA_TOKEN"])
    try:
        servers.processes.append(
            spawn(action_command(action_port),
                  {**child_env, "SANIC_HOST": "127.0.0.1"},  # rasa_sdk's only way to leave all addresses
                  log_dir / f"actions-{action_port}.log")
        )
        servers.processes.append(
            spawn(rasa_command(model, rasa_port, "endpoints.yml"), child_env, log_dir / f"rasa-{rasa_port}.log")
        )
        wait_for(f"{action_url}/health", servers, timeout)
        wait_for(servers.api("/status"), servers, timeout, needs_model=True)
    except BaseException:
        servers.stop()
        raise
    return servers


def start_gateway(rasa_urls: str | list[str], port: int, env: dict[str, str], log_path: Path | None = None,
                  timeout: float = 30) -> subprocess.Popen:
    """Start the web gateway (`python -m bot web`) in front of Rasa servers; return once it answers."""
    urls = [rasa_urls] if isinstance(rasa_urls, str) else rasa_urls
    process = spawn(gateway_command(port, urls), {**os.environ, **env, "PYTHONUNBUFFERED": "1"},
                     log_path or PROJECT_ROOT / "var" / "log" / f"web-{port}.log")
    try:
        _wait_for_gateway(process, port, timeout, log_path)
    except BaseException:  # also a Ctrl-C or SIGTERM while it starts: no gateway left behind
        process.terminate()
        process.wait(timeout=15)
        raise
    return process


def _wait_for_gateway(process: subprocess.Popen, port: int, timeout: float, log_path: Path | None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the web gateway exited early; see {log_path or 'var/log'}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"the web gateway did not answer within {timeout:.0f} s")


def server_tokens(env: dict[str, str]) -> dict[str, str]:
    """The tokens Rasa's API and the action server's webhook require: the ones set, or new random ones.

    A new one is also kept in this process's environment, so the gateway and any other server it starts
    later (all from the same environment) carry the same tokens."""
    tokens = {}
    for name in ("RASA_TOKEN", "ACTION_TOKEN"):
        tokens[name] = env.get(name) or os.environ.setdefault(name, secrets.token_urlsafe(24))
    return tokens


def action_command(port: int) -> list[str]:
    """rasa_sdk serving the actions, with the outbox worker beside it (`python -m actions`)."""
    return [str(VENV_BIN / "python"), "-m", "actions", "--port", str(port)]


def rasa_command(model: Path, port: int, endpoints: str) -> list[str]:
    """A Rasa server on loopback with the REST and WeChat channels, its API behind RASA_TOKEN."""
    return [str(VENV_BIN / "python"), "-m", "channels.rasa_server", "run", "--enable-api", "--interface", "127.0.0.1", "--port", str(port),
            "--model", str(model), "--endpoints", endpoints, "--credentials", "credentials.yml",
            "--response-timeout", "30"]


def gateway_command(port: int, rasa_urls: list[str]) -> list[str]:
    """The web gateway in front of these Rasa servers."""
    command = [str(VENV_BIN / "python"), "-m", "bot", "web", "--port", str(port)]
    for url in rasa_urls:
        command += ["--rasa-url", url]
    return command


def free_port() -> int:
    """A port nothing listens on now (tests and benchmarks start servers on them).

    Chosen below the kernel's range of ephemeral ports: while a server is still starting, a client polling
    a port inside that range can be given the same port as its own source and connect to itself, which
    both fools the readiness check and keeps the server from binding its port."""
    low, _ = _ephemeral_range()
    rng = random.SystemRandom()
    for _ in range(200):
        port = rng.randrange(max(1024, low - 12000), low - 1)
        if _bindable(port):
            return port
    with socket.socket() as sock:  # a crowded range: any free port, as before
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _ephemeral_range() -> tuple[int, int]:
    try:
        low, high = Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()
        return int(low), int(high)
    except (OSError, ValueError):
        return 32768, 60999


def _bindable(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port_pair() -> int:
    """A free port whose next one is free too (for a second Rasa server)."""
    for _ in range(50):
        port = free_port()
        if _bindable(port + 1):
            return port
    raise RuntimeError("no two free ports in a row")


def spawn(command: list[str], env: dict[str, str], log_path: Path) -> subprocess.Popen:
    """A child in the project folder, its output appended to log_path. Started from the main thread,
    it is told to stop when this process dies however it dies (even SIGKILL), so no server is left
    holding its port."""
    log = open_private_log(log_path)  # the child owns it for its lifetime; residents' words reach it
    on_death = _stop_with_parent if threading.current_thread() is threading.main_thread() else None
    return subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                            preexec_fn=on_death)  # noqa: PLW1509 - only prctl, before exec


_PR_SET_PDEATHSIG = 1


def _stop_with_parent() -> None:
    """In the child, before exec: SIGTERM when the parent exits (Linux; elsewhere nothing happens)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


def wait_for(url: str, servers: Servers, timeout: float, needs_model: bool = False) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for process in servers.processes:
            if process.poll() is not None:
                raise RuntimeError(f"a server exited early ({' '.join(map(str, process.args[:4]))}); see var/log")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                body = response.read()
                if not needs_model or json.loads(body).get("model_file"):
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, ValueError, http.client.HTTPException):
            pass  # not up yet; HTTPException: the port answered with something else (see supervisor._answers)
        time.sleep(0.5)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")


def serve(model: Path, rasa_port: int, action_port: int, web_port: int = 8080) -> int:
    """Run the servers and the web gateway in the foreground until Ctrl-C (make run)."""
    # SIGTERM (kill, a service manager, a container runtime) and SIGHUP (the terminal closed) stop it
    # like Ctrl-C, from the first moment: a signal while the servers start stops the ones already
    # started, and one just after the gateway answers still ends this process cleanly.
    previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        return _serve(model, rasa_port, action_port, web_port)
    except KeyboardInterrupt:
        return 0
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _serve(model: Path, rasa_port: int, action_port: int, web_port: int) -> int:
    servers = start(model, {}, rasa_port=rasa_port, action_port=action_port)
    try:
        servers.processes.append(start_gateway(servers.rasa_url, web_port, {}))
        _print_welcome(servers, web_port)
        while all(p.poll() is None for p in servers.processes):
            time.sleep(1)
        print("a server stopped; see var/log", file=sys.stderr)
        return 1
    finally:
        servers.stop()


def _print_welcome(servers: Servers, web_port: int) -> None:
    print(
        "\n助手已启动 / the assistant is running:\n"
        f"  chat page (open on a phone or a browser): http://127.0.0.1:{web_port}/\n"
        f"  cadres' dashboard: http://127.0.0.1:{web_port}/dashboard (python -m bot cadre passwd C001 first)\n"
        f"  WeChat Official Account server URL: http://<this host>:{web_port}/wechat (needs WECHAT_TOKEN …)\n"
        f"  Rasa REST webhook: {servers.rasa_url}/webhooks/rest/webhook\n"
        f"  action server:     {servers.action_url}\n\n"
        "Chat in the terminal:  make shell\n"
        "Or send a message:\n"
        f"  curl -s {servers.rasa_url}/webhooks/rest/webhook -H 'Content-Type: application/json' \\\n"
        "       -d '{\"sender\": \"resident-1\", \"message\": \"我是浏河镇新塘村的，村口路灯坏了\"}'\n\n"
        "Cadres: add yourself to the roster, then ask as that sender:\n"
        "  .venv/bin/python -m bot cadre add 王芳 --role town --town 城厢镇 --identity rest:wang-cx\n"
        "  (message from sender wang-cx: 我们镇有几个试点社区？)\n"
        "Load the pilot registry from a sheet: .venv/bin/python -m bot registry import 表格.xlsx --author 王芳\n\n"
        "Press Ctrl-C to stop.\n",
        flush=True,
    )


def _interrupt(_signum, _frame) -> None:
    raise KeyboardInterrupt
