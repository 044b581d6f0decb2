"""Where one message's time goes: the path of whole need reports, part by part.

The Rasa agent runs in this process (the same model and endpoints as `make run`), with its graph nodes
(each NLU component and each policy), its calls to the action server (a real one, started here, on a
throw-away catalog) and its tracker store timed; residents file whole reports one at a time, answering what
they are asked, as in the latency benchmark. Prints, per message, the mean milliseconds of each part and what
is left (Rasa's own bookkeeping: events, featurising the tracker for the policies, the lock, the channel).

    python bench/profile_message.py [--reports 10]

Not a timed test: `make bench-profile` runs it; the README's profile paragraph comes from one run of it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import signal
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import load  # noqa: E402
from bench.residents import Resident, UnexpectedReply, filed_in_catalog, problem_for  # noqa: E402
from bot.catalog.seed import create_catalog  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.places.loader import load_gazetteer  # noqa: E402
from bot.servers import Servers, action_command, free_port, server_tokens, spawn, wait_for  # noqa: E402

MODEL = ROOT / "models" / "taicang.tar.gz"


class Clock:
    """Milliseconds spent per (kind, part) while a message is handled."""

    def __init__(self) -> None:
        self.spent: dict[tuple[str, str], float] = defaultdict(float)

    def add(self, kind: str, part: str, started: float) -> None:
        self.spent[(kind, part)] += (time.perf_counter() - started) * 1000


def instrument(clock: Clock) -> None:
    """Wrap the graph's nodes, the remote actions and the tracker store with timers."""
    from rasa.core.actions.action import RemoteAction
    from rasa.core.tracker_store import InMemoryTrackerStore
    from rasa.engine.graph import GraphNode

    node_call = GraphNode.__call__

    def timed_node(self, *inputs):
        started = time.perf_counter()
        try:
            return node_call(self, *inputs)
        finally:
            name = self._component_class.__name__
            clock.add("policy" if name.endswith("Policy") else "graph", name, started)

    GraphNode.__call__ = timed_node
    remote_run = RemoteAction.run

    async def timed_remote(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return await remote_run(self, *args, **kwargs)
        finally:
            clock.add("action server", self.name(), started)

    RemoteAction.run = timed_remote
    validate = RemoteAction._validate_action_result

    def timed_validation(self, result):
        started = time.perf_counter()
        try:
            return validate(self, result)
        finally:
            clock.add("Rasa checking the answers", "schema check of action-server answers", started)
            clock.spent[("action server", self.name())] -= (time.perf_counter() - started) * 1000

    RemoteAction._validate_action_result = timed_validation
    for method in ("retrieve", "save"):
        original = getattr(InMemoryTrackerStore, method)

        def timed(self, *args, _original=original, _method=method, **kwargs):
            async def run():
                started = time.perf_counter()
                try:
                    return await _original(self, *args, **kwargs)
                finally:
                    clock.add("tracker store", _method, started)
            return run()

        setattr(InMemoryTrackerStore, method, timed)


class InProcessResident(Resident):
    """A resident talking to the agent in this process (no HTTP in front of Rasa)."""

    def __init__(self, agent, sender: str, place: str, problem: str, clock: Clock) -> None:
        super().__init__("", place, problem)
        self.agent, self.sender, self.clock = agent, sender, clock
        self.totals_ms: list[float] = []

    async def say(self, session, message: str, patience: float = 90) -> str:
        from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

        from bench.residents import reply_text

        self.sent.append(message)
        output = CollectingOutputChannel()
        started = time.perf_counter()
        await self.agent.handle_message(UserMessage(message, output, self.sender))
        self.totals_ms.append((time.perf_counter() - started) * 1000)
        text = reply_text(output.messages)
        self.replies.append(text)
        return text


async def profile(reports: int, action_url: str, database: str, as_shipped: bool = False) -> dict:
    from rasa.core.agent import Agent
    from rasa.utils.endpoints import EndpointConfig
    from rasa.utils.log_utils import configure_structlog

    from channels import action_responses

    if not as_shipped:
        action_responses.install()  # as channels/rasa_server.py does for every server
    logging.basicConfig(level=logging.WARNING)
    configure_structlog(logging.WARNING)  # as the server runs: no debug lines in the measured time
    clock = Clock()
    agent = Agent.load(str(MODEL), action_endpoint=EndpointConfig(url=action_url))
    places = load.places_for_load(load_gazetteer(load_settings().places_csv))
    warm = InProcessResident(agent, "warm-up", places[0], problem_for(9000), Clock())
    await warm.report(None)  # the first call loads lazy parts of both servers
    instrument(clock)
    residents = [InProcessResident(agent, f"profile-{n}", places[n % len(places)], problem_for(9001 + n), clock)
                 for n in range(reports)]
    numbers = []
    for resident in residents:
        try:
            numbers.append((resident.place, resident.problem, await resident.report(None)))
        except UnexpectedReply as error:
            print("not filed:", error, file=sys.stderr)
    messages = sum(len(r.totals_ms) for r in residents)
    total = sum(sum(r.totals_ms) for r in residents)
    parts = {f"{kind}: {part}": round(ms / messages, 2) for (kind, part), ms in sorted(clock.spent.items())}
    by_kind: dict[str, float] = defaultdict(float)
    for (kind, _), ms in clock.spent.items():
        by_kind[kind] += ms / messages
    measured = sum(by_kind.values())
    return {
        "reports": reports, "filed": filed_in_catalog(database, numbers), "messages": messages,
        "per_message_ms": round(total / messages, 1),
        "by_kind_ms": {**{k: round(v, 1) for k, v in sorted(by_kind.items())},
                       "Rasa's own (the rest)": round(total / messages - measured, 1)},
        "parts_ms": parts,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=10)
    parser.add_argument("--profile-actions", metavar="FILE",
                        help="also run the action server under cProfile and write its profile here")
    parser.add_argument("--as-shipped", action="store_true",
                        help="Rasa's own check of the action server's answers (the schema checked on every call)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="profile-"))
    database = f"sqlite:///{work / 'catalog.db'}"
    create_catalog(database, load_gazetteer(load_settings().places_csv))
    env = {"DATABASE_URL": database, "OUTBOX_PATH": str(work / "outbox.db"), "PYTHONUNBUFFERED": "1"}
    child_env = {**os.environ, **env, **server_tokens({**os.environ, **env})}
    port = free_port()
    command = action_command(port)
    if args.profile_actions:
        command[1:1] = ["-m", "cProfile", "-o", str(Path(args.profile_actions).resolve())]
    servers = Servers(rasa_url="", action_url=f"http://127.0.0.1:{port}")
    servers.processes.append(spawn(command, {**child_env, "SANIC_HOST": "127.0.0.1"}, work / "actions.log"))
    try:
        wait_for(f"{servers.action_url}/health", servers, 120)
        os.environ.update(env)  # the agent's own reads of the catalog (none expected) use the same one
        result = asyncio.run(profile(args.reports, f"{servers.action_url}/webhook?token={child_env['ACTION_TOKEN']}",
                                     database, args.as_shipped))
    finally:
        if args.profile_actions:  # an interrupted server returns, so cProfile writes its file
            servers.processes[0].send_signal(signal.SIGINT)
            servers.processes[0].wait(timeout=30)
        servers.stop()
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0 if result["filed"] == result["reports"] else 1


if __name__ == "__main__":
    sys.exit(main())
