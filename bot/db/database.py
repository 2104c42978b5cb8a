"""The SQLite database: connection, migrations, and the per-update transaction."""

import asyncio
import contextlib
import logging
import re
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import aiosqlite

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
_MIGRATION_NAME = re.compile(r"^(\d{4})_\w+\.sql$")
Params = Sequence[Any]


class Database:
    """One aiosqlite connection shared by all updates.

    A lock keeps each transaction's writes together: no other update's statement can slip in between them.
    """

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._connection = connection
        self._lock = asyncio.Lock()
        self._checkpoints: asyncio.Task[None] | None = None
        self._reader: aiosqlite.Connection | None = None
        self._reader_lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path | str) -> "Database":
        in_memory = str(path) == ":memory:"
        if not in_memory:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        connection = await aiosqlite.connect(path)
        # WAL lets readers work while a write commits; NORMAL sync is durable across crashes of the process.
        # SQLite would fold the WAL back into the database inside some commit, with an fsync (8 ms stalls, see
        # docs/benchmarks.md); a side connection does it instead, and the automatic one only if that falls behind.
        await connection.executescript(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 10000;"
            " PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;"
        )
        database = cls(connection)
        await database.migrate()
        await database.analyze()
        if not in_memory:
            database._checkpoints = asyncio.create_task(_checkpoint_forever(path))
            database._reader = await aiosqlite.connect(path)
        return database

    async def migrate(self) -> list[str]:
        """Apply the migrations not applied yet, each in its own transaction; returns their names."""
        await self._connection.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)"
        )
        applied = {row[0] for row in await self._connection.execute_fetchall("SELECT version FROM schema_migrations")}
        done = []
        for version, file in migration_files():
            if version in applied:
                continue
            script = file.read_text(encoding="utf-8")
            record = f"INSERT INTO schema_migrations (version, name) VALUES ({version}, '{file.name}');"
            await self._connection.executescript(f"BEGIN;\n{script}\n{record}\nCOMMIT;")
            done.append(file.name)
        return done

    async def analyze(self) -> None:
        """Refresh the query planner's statistics. Sampled, so a few milliseconds even with a million events;
        without them SQLite picks a slower index for /stats (../shared/PERFORMANCE.md, bench/stats.py)."""
        async with self._lock:
            await self._connection.executescript("PRAGMA analysis_limit = 1000; ANALYZE;")

    async def read_apart(self, sql: str, params: Params = ()) -> list[Any]:
        """A long read (statistics over a year of events) on a connection and thread of its own, so that nobody's
        answer waits behind it. It sees what is committed (WAL lets it read while the main connection writes)."""
        if self._reader is None:  # an in-memory database has no second connection to it
            return await self.fetch_all(sql, params)
        async with self._reader_lock:
            return list(await self._reader.execute_fetchall(sql, params))

    async def fetch_one(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        rows = await self.fetch_all(sql, params)
        return rows[0] if rows else None

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Any]:
        async with self._lock:
            return list(await self._connection.execute_fetchall(sql, params))

    async def write(self, statements: Iterable[tuple[str, Params]]) -> None:
        """Run the statements as one transaction, in one trip to aiosqlite's thread.

        A trip costs ~70 µs and a thread switch, and an update writes three or four statements. aiosqlite has no
        public call that runs a function in its thread; `_execute` is that call in every release, the version is
        pinned, and every test that writes goes through here.
        """
        async with self._lock:
            await self._connection._execute(_apply, self._connection._conn, list(statements))

    def transaction(self) -> "Transaction":
        return Transaction(self)

    async def close(self) -> None:
        if self._checkpoints is not None:
            self._checkpoints.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._checkpoints
        if self._reader is not None:
            await self._reader.close()
        await self._connection.close()


def _apply(connection: sqlite3.Connection, statements: list[tuple[str, Params]]) -> None:
    try:
        for sql, params in statements:
            connection.execute(sql, params)
        connection.commit()
    except BaseException:
        connection.rollback()
        raise


async def _checkpoint_forever(path: Path | str, every: float = 1.0) -> None:
    """Fold the WAL into the database file now and then, away from the connection that serves updates."""
    async with aiosqlite.connect(path) as side:
        while True:
            await asyncio.sleep(every)
            try:
                await side.execute("PRAGMA wal_checkpoint(PASSIVE)")
            except sqlite3.Error as exc:  # the automatic checkpoint still runs; try again next time
                log.warning("WAL checkpoint failed: %s", exc)


class Transaction:
    """The database work of one update.

    Reads go straight to the database. Writes are collected and applied together by `commit()`, which the
    middleware calls after the handler: so the SQLite write lock is never held while a handler waits for Telegram,
    and an update that fails half-way leaves nothing behind. A handler therefore does not read its own writes.
    """

    def __init__(self, database: Database) -> None:
        self._database = database
        self._writes: list[tuple[str, Params]] = []
        self.fetch_one = database.fetch_one
        self.fetch_all = database.fetch_all
        self.read_apart = database.read_apart

    def execute(self, sql: str, params: Params = ()) -> None:
        self._writes.append((sql, params))

    async def commit(self) -> None:
        if self._writes:
            writes, self._writes = self._writes, []
            await self._database.write(writes)


def migration_files() -> list[tuple[int, Path]]:
    files = []
    for file in MIGRATIONS.iterdir():
        match = _MIGRATION_NAME.match(file.name)
        if match:
            files.append((int(match.group(1)), file))
    return sorted(files)
