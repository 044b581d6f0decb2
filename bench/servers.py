"""Fresh servers for a benchmark suite: a throw-away catalog prepared by the suite, a roster, and the
real Rasa and action servers on free ports, stopped when the suite is done."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.servers import free_port, start

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "taicang.tar.gz"


@contextmanager
def fresh_servers(prefix: str, prepare: Callable[[str], None], roster: str = "cadres: []\n") -> Iterator[tuple[str, str]]:
    """(Rasa URL, database URL) of servers on a catalog that `prepare` built."""
    work = Path(tempfile.mkdtemp(prefix=prefix))
    database = f"sqlite:///{work / 'catalog.db'}"
    prepare(database)
    (work / "roster.yml").write_text(roster, encoding="utf-8")
    servers = start(MODEL, {"DATABASE_URL": database, "ROSTER_FILE": str(work / "roster.yml"),
                            "OUTBOX_PATH": str(work / "outbox.db")},
                    rasa_port=free_port(), action_port=free_port(), log_dir=work / "logs")
    try:
        yield servers.rasa_url, database
    finally:
        servers.stop()
