"""Files that hold residents' phones (the SQLite catalog, the outbox, the servers' logs): their owner's only.

They are created 0600 whatever the umask, and the folder made to hold them 0700. A folder that is
already there is left as it is (it may be shared: /var/log, a deployment's data folder). A file an
earlier version made readable by every local user loses that access; a group an operator gave it keeps.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

from bot.config import PROJECT_ROOT

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
# The project's var/ also holds the production profile's PostgreSQL data, which PostgreSQL's own
# user must pass through to reach: made for us, it may be traversed but not listed by others.
SHARED_STATE_FOLDER = (PROJECT_ROOT / "var", 0o711)


def make_private_folder(folder: Path) -> None:
    """Create `folder` 0700 (var/ 0711) if it is missing; one already there keeps its mode.

    Missing parents are made as `mkdir -p` makes them: they may come to hold other things (the
    production profile's state folder holds PostgreSQL's data as well as the logs' folder).
    """
    folder = Path(folder)
    if folder.is_dir():
        return
    folder.parent.mkdir(parents=True, exist_ok=True)
    mode = SHARED_STATE_FOLDER[1] if folder.absolute() == SHARED_STATE_FOLDER[0] else PRIVATE_FOLDER
    try:
        folder.mkdir(mode=mode)
    except FileExistsError:  # another process made it first, with the same mode
        return
    folder.chmod(mode)  # mkdir's mode passes through the umask


def create_private_file(path: Path) -> Path:
    """Make sure `path` exists as a file only its owner reads, before SQLite or a log writer opens it."""
    path = Path(path)
    make_private_folder(path.parent)
    os.close(_open_private(path, os.O_RDONLY))  # read-only: a catalog we may only read still opens
    return path


def open_private_log(path: Path) -> BinaryIO:
    """A log file opened for appending, created 0600 (and its folder 0700) if it is new."""
    path = Path(path)
    make_private_folder(path.parent)
    return os.fdopen(_open_private(path, os.O_WRONLY | os.O_APPEND), "ab")


def _open_private(path: Path, flags: int) -> int:
    fd = os.open(path, flags | os.O_CREAT | os.O_CLOEXEC, PRIVATE_FILE)
    try:
        mode = os.fstat(fd).st_mode & 0o777
        if mode & 0o007:  # made by an earlier version, or under a loose umask: others lose their access
            os.fchmod(fd, mode & ~0o007)
    except PermissionError:  # someone else's file we may write to: not ours to change
        pass
    return fd
