"""The production profile: `python -m bot prod` (make run-prod), and a Production object for tests.

PostgreSQL (catalog and conversations) and Redis (Rasa's lock store) on loopback, started here
unless given; then the catalog migrated; then the action server, N Rasa servers sharing the
tracker and lock stores, and the web gateway in front of them, each restarted when it exits.
Passwords go to the children's environment only: never to a command line, a banner or a log.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy.engine import make_url

from bot.backing import Postgres, Redis, read_or_make_secret, start_postgres, start_redis
from bot.config import PROJECT_ROOT, masked_repr
from bot.private_files import open_private_log
from bot.servers import VENV_BIN, action_command, gateway_command, rasa_command, server_tokens
from bot.supervisor import StoreWatchdog, Supervisor

# Variables holding a password or pointing at a store: each child gets only the ones it needs.
_PRIVATE = ("DATABASE_URL", "REDIS_URL", "TRACKER_DATABASE_URL", "TRACKER_DB_PASSWORD", "REDIS_PASSWORD")


@dataclass(frozen=True)
class ProdSettings:
    state_dir: Path
    model: Path = PROJECT_ROOT / "models" / "taicang.tar.gz"
    instances: int = 2
    rasa_port: int = 5005  # the first; the others follow
    action_port: int = 5055
    web_port: int = 8080
    pg_port: int = 5433
    redis_port: int = 6380
    database_url: str | None = None  # an existing PostgreSQL; None starts our own
    tracker_url: str | None = None  # defaults to database "tracker" beside database_url
    redis_url: str | None = None  # an existing Redis; None starts our own
    extra_env: dict[str, str] = field(default_factory=dict)
    ready_timeout: float = 300  # N Rasa servers loading the model at once on a small machine

    __repr__ = masked_repr  # the URLs' passwords and extra_env's secrets never reach a log

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> ProdSettings:
        env = dict(os.environ if env is None else env)
        database_url = env.get("DATABASE_URL", "")
        own_postgres = not database_url.startswith("postgresql")  # `make` exports the SQLite default
        return cls(
            state_dir=Path(env.get("PROD_STATE_DIR") or PROJECT_ROOT / "var" / "prod"),
            model=Path(env.get("MODEL", PROJECT_ROOT / "models" / "taicang.tar.gz")),
            instances=int(env.get("RASA_INSTANCES", "2")),
            rasa_port=int(env.get("RASA_PORT", "5005")),
            action_port=int(env.get("ACTION_PORT", "5055")),
            web_port=int(env.get("WEB_PORT", "8080")),
            pg_port=int(env.get("PG_PORT", "5433")),
            redis_port=int(env.get("REDIS_PORT", "6380")),
            database_url=None if own_postgres else database_url,
            tracker_url=None if own_postgres else env.get("TRACKER_DATABASE_URL") or None,
            redis_url=env.get("REDIS_URL") or None,
        )


class Production:
    """Everything the production profile runs; start() returns once it all answers."""

    def __init__(self, settings: ProdSettings) -> None:
        if settings.instances < 1:
            raise ValueError("RASA_INSTANCES 至少为 1")
        self.settings = settings
        self.log_dir = settings.state_dir / "log"
        self.postgres: Postgres | None = None
        self.redis: Redis | None = None
        self.supervisor = Supervisor()
        self.watchdog: StoreWatchdog | None = None
        self.database_url = settings.database_url or ""
        self.tracker_url = settings.tracker_url or ""
        self.redis_url = settings.redis_url or ""
        self.action_url = f"http://127.0.0.1:{settings.action_port}"
        self.rasa_urls = [f"http://127.0.0.1:{settings.rasa_port + i}" for i in range(settings.instances)]
        self.gateway_url = f"http://127.0.0.1:{settings.web_port}"
        self.startup_seconds: float | None = None
        self.tokens = server_tokens({**os.environ, **settings.extra_env})  # Rasa's API, the action webhook

    def __repr__(self) -> str:
        return f"Production(gateway={self.gateway_url}, rasa={self.rasa_urls}, state_dir={self.settings.state_dir})"

    def start(self) -> Production:
        began = time.monotonic()
        try:
            self._start_stores()
            self.watchdog = StoreWatchdog([store for store in (self.postgres, self.redis) if store]).start()
            self._migrate()
            self._start_servers()
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.monotonic() - began
        return self

    def stop(self) -> None:
        """Stop the servers, then the stores this profile started (not ones it was given)."""
        if self.watchdog is not None:
            self.watchdog.stop()
        self.supervisor.stop()
        if self.redis is not None:
            self.redis.stop()
        if self.postgres is not None:
            self.postgres.stop()

    def run_forever(self) -> int:
        try:
            return self.supervisor.run_forever()
        finally:
            self.stop()

    def _start_stores(self) -> None:
        state = self.settings.state_dir
        state.mkdir(parents=True, exist_ok=True)
        if not self.database_url:
            self.postgres = start_postgres(state / "postgres", self.settings.pg_port, self.log_dir / "postgres.log")
            for database in ("catalog", "tracker"):
                self.postgres.create_database(database)
            self.database_url = self.postgres.url("catalog")
            self.tracker_url = self.postgres.url("tracker")
        elif not self.tracker_url:
            self.tracker_url = make_url(self.database_url).set(database="tracker").render_as_string(False)
        if not self.redis_url:
            self.redis = start_redis(state / "redis", self.settings.redis_port, self.log_dir / "redis.log")
            self.redis_url = self.redis.url

    def _migrate(self) -> None:
        # The same command as `make db`, so the production catalog migrates the way the SQLite one does.
        log_path = self.log_dir / "init-db.log"
        with open_private_log(log_path) as log:
            result = subprocess.run([str(VENV_BIN / "python"), "-m", "bot", "init-db"], cwd=PROJECT_ROOT,
                                    env={**self._base_env(), "DATABASE_URL": self.database_url},
                                    stdout=log, stderr=subprocess.STDOUT)
        if result.returncode != 0:
            raise RuntimeError(f"migrating the catalog failed (exit {result.returncode}); see {log_path}")

    def _start_servers(self) -> None:
        base = self._base_env()
        self.supervisor.add("actions", action_command(self.settings.action_port), self._action_env(base), self.log_dir / "actions.log",
                            ready_url=f"{self.action_url}/health")
        rasa_env = {**base, **self.rasa_env()}
        for number, url in enumerate(self.rasa_urls, 1):
            self.supervisor.add(f"rasa-{number}", rasa_command(self.settings.model, self._port(url), "endpoints-prod.yml"),
                                rasa_env,
                                self.log_dir / f"rasa-{number}.log", ready_url=f"{url}/status?token={self.tokens['RASA_TOKEN']}", ready_key="model_file")
        self.supervisor.wait_ready(self.settings.ready_timeout)
        self.supervisor.add("web", gateway_command(self.settings.web_port, self.rasa_urls), self._gateway_env(base),
                            self.log_dir / "web.log", ready_url=f"{self.gateway_url}/healthz")
        self.supervisor.wait_ready(60)

    def rasa_env(self) -> dict[str, str]:
        """The variables endpoints-prod.yml reads."""
        tracker = make_url(self.tracker_url)
        redis = urlsplit(self.redis_url)
        return {
            "TRACKER_DB_HOST": tracker.host or "127.0.0.1",
            "TRACKER_DB_PORT": str(tracker.port or 5432),
            "TRACKER_DB_NAME": tracker.database or "tracker",
            "TRACKER_DB_USER": tracker.username or "",
            "TRACKER_DB_PASSWORD": tracker.password or "",
            "REDIS_HOST": redis.hostname or "127.0.0.1",
            "REDIS_PORT": str(redis.port or 6379),
            "REDIS_PASSWORD": redis.password or "",
            "ACTION_ENDPOINT_URL": f"{self.action_url}/webhook?token={self.tokens['ACTION_TOKEN']}",
            "RASA_TOKEN": self.tokens["RASA_TOKEN"],
            # A Rasa server killed mid-message leaves its conversation locked until the lock expires
            # (Rasa's default: 60 s); handling one message takes well under a second.
            "TICKET_LOCK_LIFETIME": "20",
        }

    def _base_env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in _PRIVATE}
        env.update({"RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2",
                    "SQLALCHEMY_SILENCE_UBER_WARNING": "1"})
        return {**env, **self.settings.extra_env, "PYTHONUNBUFFERED": "1"}

    def _action_env(self, base: dict[str, str]) -> dict[str, str]:
        return {**base, "SANIC_HOST": "127.0.0.1",  # rasa_sdk's only way to leave all addresses
                "ACTION_TOKEN": self.tokens["ACTION_TOKEN"],
                "DATABASE_URL": self.database_url, "OUTBOX_PATH": str(self.settings.state_dir / "outbox.db")}

    def _gateway_env(self, base: dict[str, str]) -> dict[str, str]:
        # The same secret after every restart, or each restart would forget every resident's cookie.
        secret = base.get("SECRET_KEY") or read_or_make_secret(self.settings.state_dir / "web.secret")
        return {**base, "DATABASE_URL": self.database_url, "REDIS_URL": self.redis_url, "SECRET_KEY": secret,
                "OUTBOX_PATH": str(self.settings.state_dir / "outbox.db"),  # /metrics counts what it holds
                "ACTION_SERVER_URL": self.action_url,  # /readyz asks it
                "RASA_TOKEN": self.tokens["RASA_TOKEN"]}

    @staticmethod
    def _port(url: str) -> int:
        return int(url.rsplit(":", 1)[1])

    def banner(self) -> str:
        stores = []
        if self.postgres is not None:
            stores.append(f"  PostgreSQL:   127.0.0.1:{self.postgres.port} (catalog, tracker), data in {self.postgres.data_dir}")
        if self.redis is not None:
            stores.append(f"  Redis:        127.0.0.1:{self.redis.port} (lock store, copies of conversations), data in {self.redis.data_dir}")
        seconds = f"{self.startup_seconds:.0f} s" if self.startup_seconds is not None else "?"
        return (
            f"\n助手已启动（生产配置，用时 {seconds}）/ the assistant is running (production profile):\n"
            f"  chat page:    {self.gateway_url}/\n"
            f"  dashboard:    {self.gateway_url}/dashboard\n"
            f"  Rasa servers: {', '.join(self.rasa_urls)}\n"
            f"  actions:      {self.action_url}\n"
            + "".join(line + "\n" for line in stores)
            + f"  logs:         {self.log_dir}\n"
            + (f"  passwords:    {self.settings.state_dir}/*.secret (mode 0600)\n" if stores else "")
            + "Every server is restarted when it exits. Press Ctrl-C to stop.\n"
        )


def run_production(env: dict[str, str] | None = None) -> int:
    """Start everything, print the banner, supervise until Ctrl-C, then stop everything."""
    production = Production(ProdSettings.from_env(env))
    try:
        production.start()
    except KeyboardInterrupt:
        return 130
    except (RuntimeError, TimeoutError, OSError) as error:
        print(f"启动失败 / could not start: {error}", file=sys.stderr)
        return 1
    print(production.banner(), flush=True)
    return production.run_forever()
