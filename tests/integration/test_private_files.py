"""Files holding residents' phones are their owner's only: the catalog, the outbox, the servers' logs."""

import hashlib
import os
import shutil
import stat
import sys
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import text

from bot import backing
from bot.catalog.db import Catalog
from bot.outbox import Outbox
from bot.servers import spawn


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def usual_umask():
    """The usual umask (022), under which these files came out readable by every local user."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def test_a_new_sqlite_catalog_and_its_folder_are_the_owners_only(tmp_path):
    catalog = Catalog(f"sqlite:///{tmp_path / 'var' / 'catalog.db'}")
    catalog.create_schema()
    with catalog.unit_of_work() as session:
        session.execute(text("SELECT 1"))
        files = list((tmp_path / "var").iterdir())  # the catalog, and its WAL while a connection is open
        assert files and all(mode(path) == 0o600 for path in files)
    catalog.dispose()
    assert mode(tmp_path / "var") == 0o700


def test_an_outbox_and_its_wal_are_the_owners_only(tmp_path):
    Outbox(tmp_path / "kept" / "outbox.db")
    files = list((tmp_path / "kept").iterdir())
    assert files and all(mode(path) == 0o600 for path in files)
    assert mode(tmp_path / "kept") == 0o700


def test_an_outbox_an_earlier_version_made_stops_being_readable_by_everyone(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)  # a folder that was there already, maybe for other things: left as it is
    path = shared / "outbox.db"
    Outbox(path)
    path.chmod(0o644)
    Outbox(path)
    assert mode(path) == 0o640 and mode(shared) == 0o755  # others lose it; the group an operator gave keeps it


def test_a_servers_log_is_the_owners_only(tmp_path):
    log = tmp_path / "log" / "actions-5055.log"
    process = spawn([sys.executable, "-c", "print('13912345678 说路灯坏了')"], dict(os.environ), log)
    assert process.wait(timeout=30) == 0
    assert mode(tmp_path / "log") == 0o700 and mode(log) == 0o600 and "路灯" in log.read_text()


def test_the_fallback_folder_under_tmp_is_not_one_someone_could_make_first(tmp_path):
    wanted = tmp_path / "state" / "postgres"
    wanted.parent.mkdir()
    digest = hashlib.sha256(str(wanted.resolve()).encode()).hexdigest()[:12]
    planted = Path(tempfile.gettempdir()) / f"taicang-postgres-{digest}"  # the name earlier versions used
    planted.mkdir()
    planted.chmod(0o777)  # another local user's, made before our first start
    folder = None
    try:
        folder = backing._fallback_dir("postgres", wanted)
        assert folder != planted and folder.parent == planted.parent and folder.stat().st_uid == os.geteuid()
        assert mode(folder) == (0o711 if os.geteuid() == 0 else 0o700)  # postgres may pass through, not list
        assert backing._fallback_dir("postgres", wanted) == folder  # a restart, or another process, finds it again
        folder.chmod(0o777)  # someone could have changed what is in it since
        with pytest.raises(RuntimeError, match="not a folder only this user may change"):
            backing._fallback_dir("postgres", wanted)
    finally:
        shutil.rmtree(planted, ignore_errors=True)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


def test_a_fallback_folder_an_earlier_version_made_keeps_its_data(tmp_path):
    wanted = tmp_path / "state" / "postgres"
    wanted.parent.mkdir()
    digest = hashlib.sha256(str(wanted.resolve()).encode()).hexdigest()[:12]
    earlier = Path(tempfile.gettempdir()) / f"taicang-postgres-{digest}"
    earlier.mkdir(mode=0o755)
    try:
        (earlier / "PG_VERSION").write_text("15\n")
        assert backing._fallback_dir("postgres", wanted) == earlier
        assert mode(earlier) == (0o711 if os.geteuid() == 0 else 0o700)
    finally:
        shutil.rmtree(earlier, ignore_errors=True)
