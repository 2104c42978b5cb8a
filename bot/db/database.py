"""The SQLite database: connection, migrations, and the per-update transaction."""

import asyncio
import re
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import aiosqlite

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

    @classmethod
    async def open(cls, path: Path | str) -> "Database":
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        connection = await aiosqlite.connect(path)
        # WAL lets readers work while a write commits; NORMAL sync is durable across crashes of the process.
        await connection.executescript(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
            "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;"
        )
        database = cls(connection)
        await database.migrate()
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

    async def fetch_one(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        rows = await self.fetch_all(sql, params)
        return rows[0] if rows else None

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Any]:
        async with self._lock:
            return list(await self._connection.execute_fetchall(sql, params))

    async def write(self, statements: Iterable[tuple[str, Params]]) -> None:
        """Run the statements as one transaction."""
        async with self._lock:
            try:
                for sql, params in statements:
                    await self._connection.execute(sql, params)
                await self._connection.commit()
            except BaseException:
                await self._connection.rollback()
                raise

    def transaction(self) -> "Transaction":
        return Transaction(self)

    async def close(self) -> None:
        await self._connection.close()


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
