"""The database file seen from outside the bot: one process at a time on it, and backups while it runs."""

import fcntl
import os
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import IO

_HELD: list[IO[str]] = []  # open lock files: a lock lasts as long as its file is open, i.e. the process's life


def lock_database(path: Path) -> bool:
    """Lock `<database>.lock` for the rest of this process's life; False if another process holds it.

    Two bots on one database would both long-poll Telegram (each getting some of the updates) and interleave their
    writes. The lock goes when the process ends, however it ends, so a crash leaves nothing to clean up.
    """
    if str(path) == ":memory:":
        return True  # nothing on disk to share
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = Path(f"{path}.lock").open("a")  # noqa: SIM115 - kept open on purpose: closing it would release the lock
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.close()
        return False
    _HELD.append(lock)
    return True


def backup(source: Path, target: Path) -> int:
    """Copy the database into `target` with SQLite's online backup API; returns the size in bytes.

    Safe while the bot runs: the copy is one consistent moment of the database (the bot's writes go on meanwhile).
    It is written beside the target first and renamed, so a half-written file never carries the target's name.
    """
    if not source.is_file():
        raise FileNotFoundError(f"no database at {source}")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.partial")
    partial.unlink(missing_ok=True)
    with closing(sqlite3.connect(source)) as live, closing(sqlite3.connect(partial)) as copy:
        live.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, with no -wal beside it
        (verdict,) = copy.execute("PRAGMA integrity_check").fetchone()
    if verdict != "ok":
        partial.unlink()
        raise sqlite3.DatabaseError(f"the copy failed its integrity check: {verdict}")
    os.replace(partial, target)
    return target.stat().st_size
