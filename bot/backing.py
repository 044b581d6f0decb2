"""PostgreSQL and Redis for the production profile: Debian's packages, on loopback, started by us.

Each keeps its data under a state directory and a random password in a 0600 file beside it,
made on first use. Passwords never reach a command line, a log line or a repr. Stopping and
starting again on the same directory keeps the data (the fault tests do exactly that).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from bot.private_files import open_private_log

PG_SYSTEM_USER = "postgres"  # Debian's postgresql package creates it
PG_ROLE = "taicang"
REDIS_SERVER = "/usr/bin/redis-server"
SOCKET_PATH_MAX = 100  # sun_path holds 108 bytes with the terminating NUL
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def read_or_make_secret(path: Path) -> str:
    """The password kept in `path` (0600), made on first use."""
    if path.exists():
        path.chmod(0o600)
        return path.read_text(encoding="ascii").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    password = secrets.token_hex(24)  # hex: nothing to escape in URLs, YAML or config files
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as file:
        file.write(password + "\n")
    return password


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- PostgreSQL -------------------------------------------------------------------------------


def postgres_bin_dir() -> Path:
    """The newest /usr/lib/postgresql/<version>/bin."""
    found = [p.parent for p in Path("/usr/lib/postgresql").glob("*/bin/postgres")]
    if not found:
        raise FileNotFoundError("PostgreSQL is not installed (apt-get install postgresql)")
    return max(found, key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)


def _as_owner() -> list[str]:
    # initdb, pg_ctl and postgres refuse to run as root; as root they run as the postgres user.
    return ["runuser", "-u", PG_SYSTEM_USER, "--"] if os.geteuid() == 0 else []


def _give_to_owner(path: Path) -> None:
    if os.geteuid() == 0:
        shutil.chown(path, PG_SYSTEM_USER, PG_SYSTEM_USER)


def _owner_can_reach(directory: Path) -> bool:
    if os.geteuid() != 0:
        return True
    return subprocess.run([*_as_owner(), "test", "-x", str(directory)], cwd="/").returncode == 0


def _fallback_dir(kind: str, wanted: Path) -> Path:
    """A folder under /tmp for `wanted`, the same one at every start, that nobody else can have made.

    Its name is random (a name known in advance could be made first by another local user, who would
    then own the store's data); it is written down beside `wanted`, where only we may write, so a
    restart or another process starting the same store finds it again.
    """
    note = wanted.parent / f".{wanted.name}.{kind}-fallback"
    found = _recorded_fallback(note)
    if found is not None:
        return found
    stale = note.exists()  # it names a folder cleaned away with /tmp
    made = _earlier_fallback(kind, wanted) or Path(tempfile.mkdtemp(prefix=f"taicang-{kind}-"))
    # Under root, PostgreSQL's own user must pass through it to its data and socket; nobody lists it.
    made.chmod(0o711 if os.geteuid() == 0 else 0o700)
    if _write_note(note, made, replace=stale):
        return made
    if not any(made.iterdir()):  # another process wrote its note first: theirs is used
        made.rmdir()
    return _recorded_fallback(note) or made


def _write_note(note: Path, folder: Path, replace: bool) -> bool:
    """Name `folder` in `note` in one step; False if another process wrote a note meanwhile."""
    handle, draft = tempfile.mkstemp(dir=note.parent, prefix=note.name)
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.write(str(folder))
    try:
        if replace:
            os.replace(draft, note)
        else:
            os.link(draft, note)
        return True
    except FileExistsError:
        return False
    finally:
        Path(draft).unlink(missing_ok=True)


def _earlier_fallback(kind: str, wanted: Path) -> Path | None:
    """The folder earlier versions named after `wanted`'s path, with the store's data: kept if we made it."""
    digest = hashlib.sha256(str(wanted.resolve()).encode()).hexdigest()[:12]
    path = Path(tempfile.gettempdir()) / f"taicang-{kind}-{digest}"
    try:
        status = path.lstat()
    except FileNotFoundError:
        return None
    ours = stat.S_ISDIR(status.st_mode) and status.st_uid == os.geteuid() and not status.st_mode & 0o022
    return path if ours else None


def _recorded_fallback(note: Path) -> Path | None:
    """The folder a note names, if it is still there; one that is no longer ours stops the start."""
    try:
        path = Path(note.read_text(encoding="utf-8").strip())
        status = path.lstat()
    except FileNotFoundError:
        return None
    if not stat.S_ISDIR(status.st_mode) or status.st_uid != os.geteuid() or status.st_mode & 0o022:
        raise RuntimeError(f"{path} (named in {note}) is not a folder only this user may change: "
                           f"check who made it, then remove {note} to have a new one made")
    return path


def scram_verifier(password: str, iterations: int = 4096) -> str:
    """PostgreSQL's SCRAM-SHA-256 verifier, so the server never sees the password itself."""
    salt = secrets.token_bytes(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    server_key = hmac.new(salted, b"Server Key", "sha256").digest()
    b64 = lambda data: base64.b64encode(data).decode()  # noqa: E731
    return (f"SCRAM-SHA-256${iterations}:{b64(salt)}$"
            f"{b64(hashlib.sha256(client_key).digest())}:{b64(server_key)}")


class Postgres:
    """One PostgreSQL cluster on 127.0.0.1, its superuser reached only through its own socket."""

    host = "127.0.0.1"

    def __init__(self, data_dir: Path, port: int, log_path: Path, password: str, socket_dir: Path) -> None:
        self.data_dir = data_dir
        self.port = port
        self.log_path = log_path
        self.socket_dir = socket_dir
        self._password = password
        self._bin = postgres_bin_dir()
        self.wanted = False  # started by us and not stopped on purpose: a watchdog brings it back

    @property
    def name(self) -> str:
        return "postgres"

    def __repr__(self) -> str:
        return f"Postgres({self.host}:{self.port}, data_dir={str(self.data_dir)!r})"

    def url(self, database: str) -> str:
        return f"postgresql://{PG_ROLE}:{quote(self._password, safe='')}@{self.host}:{self.port}/{database}"

    def start(self, timeout: float = 60) -> None:
        """Start (initdb first on an empty directory); return once it accepts connections."""
        self.wanted = True
        if not (self.data_dir / "PG_VERSION").exists():
            self._initdb()
        self._write_settings()
        if not self.running():
            self._pg_ctl("start", "-w", "-t", str(int(timeout)))
        self._wait_ready(timeout)
        self._ensure_role()

    def stop(self, mode: str = "fast") -> None:
        """Stop; return once the server is down."""
        if mode not in ("smart", "fast", "immediate"):
            raise ValueError(f"unknown shutdown mode {mode!r}")
        self.wanted = False
        if self.running():
            self._pg_ctl("stop", "-m", mode, "-w", "-t", "60")

    def running(self) -> bool:
        status = subprocess.run([*_as_owner(), str(self._bin / "pg_ctl"), "status", "-D", str(self.data_dir)],
                                cwd="/", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return status.returncode == 0

    def pid(self) -> int | None:
        """The postmaster's process id while it runs (tests kill it as a crash would)."""
        try:
            return int((self.data_dir / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def create_database(self, name: str) -> None:
        """Create a database owned by the application role, unless it exists."""
        import psycopg2
        from psycopg2 import errors, sql

        if not _IDENTIFIER.match(name):
            raise ValueError(f"not a plain database name: {name!r}")
        connection = psycopg2.connect(self.url("postgres"), connect_timeout=10)
        try:
            connection.autocommit = True  # CREATE DATABASE refuses to run inside a transaction
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
                if cursor.fetchone() is None:
                    try:
                        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                    except errors.DuplicateDatabase:  # another process won the race
                        pass
        finally:
            connection.close()

    def _initdb(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.data_dir.chmod(0o700)
        _give_to_owner(self.data_dir)
        locale = "C.UTF-8" if _has_c_utf8() else "C"
        self._run([str(self._bin / "initdb"), "-D", str(self.data_dir), "--encoding=UTF8", f"--locale={locale}",
                   "--auth-local=peer", "--auth-host=scram-sha-256"], "initdb")
        conf = self.data_dir / "postgresql.conf"
        with conf.open("a", encoding="utf-8") as file:
            file.write("\n# Our settings, rewritten at every start by bot/backing.py\ninclude_if_exists = 'taicang.conf'\n")

    def _write_settings(self) -> None:
        self.socket_dir.mkdir(parents=True, exist_ok=True)
        self.socket_dir.chmod(0o700)
        _give_to_owner(self.socket_dir)
        settings = self.data_dir / "taicang.conf"
        settings.write_text(
            "# Written by bot/backing.py at every start: change it there.\n"
            "listen_addresses = '127.0.0.1'\n"
            f"port = {self.port}\n"
            f"unix_socket_directories = '{_quote_conf(self.socket_dir)}'\n"
            "max_connections = 200\n"
            "fsync = on\n"
            "synchronous_commit = on\n"
            "password_encryption = 'scram-sha-256'\n"
            # A failing statement is logged without its text: psycopg2 writes values into the SQL,
            # so the text would carry a resident's words and phone into postgres.log.
            "log_min_error_statement = panic\n"
            "log_statement = 'none'\n"
            "log_error_verbosity = terse\n",
            encoding="utf-8",
        )
        _give_to_owner(settings)

    def _pg_ctl(self, *args: str) -> None:
        # pg_ctl without -l hands its stdout to the server: our log file, opened by us, so the
        # postgres user needs no write access to the log folder. A new session keeps Ctrl-C off it.
        with open_private_log(self.log_path) as log:
            result = subprocess.run([*_as_owner(), str(self._bin / "pg_ctl"), *args, "-D", str(self.data_dir)],
                                    cwd="/", stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                    start_new_session=True)
        if result.returncode != 0:
            raise RuntimeError(f"pg_ctl {args[0]} failed (exit {result.returncode}); see {self.log_path}")

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        command = [str(self._bin / "pg_isready"), "-q", "-h", self.host, "-p", str(self.port), "-t", "2"]
        while subprocess.run(command, cwd="/").returncode != 0:
            if time.monotonic() > deadline:
                raise TimeoutError(f"PostgreSQL on port {self.port} did not accept connections within "
                                   f"{timeout:.0f} s; see {self.log_path}")
            time.sleep(0.3)

    def _ensure_role(self) -> None:
        # Through the superuser's socket with peer authentication; the password is set as a SCRAM
        # verifier on stdin, so it is on no command line and in no server log.
        script = (
            f"SELECT 'CREATE ROLE {PG_ROLE} LOGIN CREATEDB' "
            f"WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{PG_ROLE}')\\gexec\n"
            f"ALTER ROLE {PG_ROLE} WITH LOGIN CREATEDB PASSWORD '{scram_verifier(self._password)}';\n"
        )
        self._run([str(self._bin / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", str(self.socket_dir),
                   "-p", str(self.port), "-d", "postgres"], "setting up the role", stdin=script)

    def _run(self, command: list[str], what: str, stdin: str | None = None) -> None:
        result = subprocess.run([*_as_owner(), *command], cwd="/", input=stdin, text=True, capture_output=True)
        if result.returncode != 0:
            tail = "\n".join(result.stderr.strip().splitlines()[-5:])
            raise RuntimeError(f"PostgreSQL: {what} failed (exit {result.returncode}): {tail}")


def _has_c_utf8() -> bool:
    try:
        listed = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout
    except OSError:
        return False
    return any(line.lower() in ("c.utf8", "c.utf-8") for line in listed.split())


def _quote_conf(path: Path) -> str:
    return str(path).replace("'", "''")


def _postgres_home(data_dir: Path) -> Path:
    """The folder holding the data directory and the socket: data_dir's parent if reachable."""
    home = data_dir.parent
    home.mkdir(parents=True, exist_ok=True)
    if _owner_can_reach(home) and len(str(home / "pg-run" / ".s.PGSQL.65535")) <= SOCKET_PATH_MAX:
        return home
    fallback = _fallback_dir("postgres", data_dir)
    _say(f"PostgreSQL: the {PG_SYSTEM_USER} user cannot reach {home} (or the socket path is too long); "
         f"its data and socket are in {fallback} instead")
    return fallback


def start_postgres(data_dir: Path, port: int, log_path: Path) -> Postgres:
    """PostgreSQL on 127.0.0.1:port with its data in data_dir, started and ready."""
    data_dir = data_dir.resolve()
    password = read_or_make_secret(data_dir.parent / "postgres.secret")
    home = _postgres_home(data_dir)
    actual = data_dir if home == data_dir.parent else home / data_dir.name
    server = Postgres(actual, port, log_path, password, socket_dir=home / "pg-run")
    server.start()
    return server


# --- Redis ------------------------------------------------------------------------------------


class Redis:
    """One Redis on 127.0.0.1 with a password and an append-only file."""

    host = "127.0.0.1"

    def __init__(self, data_dir: Path, port: int, log_path: Path, password: str) -> None:
        self.data_dir = data_dir
        self.port = port
        self.log_path = log_path
        self.password = password
        self._process: subprocess.Popen | None = None
        self.wanted = False  # started by us and not stopped on purpose: a watchdog brings it back

    @property
    def name(self) -> str:
        return "redis"

    def pid(self) -> int | None:
        return self._process.pid if self._process is not None and self._process.poll() is None else None

    def __repr__(self) -> str:
        return f"Redis({self.host}:{self.port}, data_dir={str(self.data_dir)!r})"

    @property
    def url(self) -> str:
        return f"redis://:{quote(self.password, safe='')}@{self.host}:{self.port}/0"

    def start(self, timeout: float = 30) -> None:
        """Start on the same directory (its append-only file is reloaded); return once it answers."""
        self.wanted = True
        if self.running():
            return
        config = self._write_config()
        with open_private_log(self.log_path) as log:
            self._process = subprocess.Popen(
                [REDIS_SERVER, str(config)], cwd=self.data_dir, stdin=subprocess.DEVNULL,
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)  # Ctrl-C is ours to handle
        deadline = time.monotonic() + timeout
        while not self.running():
            if self._process.poll() is not None:
                raise RuntimeError(f"redis-server exited with {self._process.returncode}; see {self.log_path}")
            if time.monotonic() > deadline:
                self.stop()
                raise TimeoutError(f"Redis on port {self.port} did not answer within {timeout:.0f} s")
            time.sleep(0.1)

    def stop(self, timeout: float = 15) -> None:
        """SIGTERM (Redis flushes its append-only file); return once it is down."""
        self.wanted = False
        if self._process is None:
            self._shutdown_command()
            return
        if self._process.poll() is None:
            self._process.send_signal(signal.SIGTERM)
            try:
                self._process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None

    def running(self) -> bool:
        try:
            return bool(self._client().ping())
        except Exception:  # refused, wrong password, not Redis: not ours and not running
            return False

    def _client(self):
        import redis

        return redis.Redis(host=self.host, port=self.port, password=self.password, socket_timeout=2,
                           socket_connect_timeout=2)

    def _shutdown_command(self) -> None:
        # A server left by an earlier run (adopted by start()) is not our child: ask it to stop.
        import redis

        try:
            self._client().shutdown()
        except redis.ConnectionError:
            pass  # the connection closes as it shuts down
        deadline = time.monotonic() + 15
        while self.running() and time.monotonic() < deadline:
            time.sleep(0.1)

    def _write_config(self) -> Path:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.data_dir.chmod(0o700)
        config = self.data_dir / "redis.conf"
        fd = os.open(config, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # it holds the password
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(
                "# Written by bot/backing.py at every start: change it there.\n"
                f"bind {self.host}\nprotected-mode yes\nport {self.port}\n"
                f'dir "{self.data_dir}"\nlogfile ""\ndaemonize no\nalways-show-logo no\n'
                'appendonly yes\nappendfsync everysec\nsave ""\n'
                f"requirepass {self.password}\n"
            )
        config.chmod(0o600)
        return config


def start_redis(data_dir: Path, port: int, log_path: Path) -> Redis:
    """Redis on 127.0.0.1:port with its data in data_dir, started and answering."""
    data_dir = data_dir.resolve()
    server = Redis(data_dir, port, log_path, read_or_make_secret(data_dir.parent / "redis.secret"))
    server.start()
    return server
