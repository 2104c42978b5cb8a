"""The PostgreSQL database (`DATABASE_URL=postgresql://…`): the same interface as the SQLite one, for several workers.

The repositories' SQL is shared: it is written with `?` placeholders and portable functions, and only the
placeholders are rewritten here (`$1`, `$2`, …). What differs between the two databases in more than spelling lives
in the two backends side by side: the catalogue read (`catalogue`), the migrations' files (a `postgresql/` folder),
and how workers take turns (advisory locks).

Several workers may write at once, so nothing read here is cached across updates: each update's transaction gets
a cache of its own (`Transaction`), which still spares it reading the same row twice.
"""

import asyncio
import contextlib
import logging
import re
from collections.abc import AsyncIterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import asyncpg

from bot.core.database import MIGRATIONS, DatabaseError, Params, Statement, Transaction, migration_files

log = logging.getLogger(__name__)

DIALECT = "postgresql"
POOL_SIZE = 10  # connections per worker: updates in flight share them
READ_POOL_SIZE = 2  # more per worker for the long reads of /stats (`read_apart`): two people reading at once
# How the long reads' connections plan (bench/stats.py measured each):
READ_SETTINGS = {
    # Each statement for its own values: asyncpg prepares every statement, and after five runs PostgreSQL would keep
    # one generic plan for any period (a year's read planned like a week's: 2–3× slower).
    "plan_cache_mode": "force_custom_plan",
    # A query's own workers only fight the updates for the cores, and cost their start-up each time.
    "max_parallel_workers_per_gather": "0",
    # The tables they read are in memory: with the default (4, a disk's seek) "where walks stopped" over a week or a
    # month read all 300,000 places instead of looking up its few thousand walks (last week's screen: 90 → 27 ms).
    "random_page_cost": "1.1",
    # A year of each member's results is grouped in memory, not spilled to disk (the default is 4 MB).
    "work_mem": "16MB",
}
# Advisory lock keys: any number, the same in every worker. A lock is the whole server's, so it is taken together with
# the schema's hash: two bots in two schemas of one database (`?search_path=` in the URL) each have their own leader.
MIGRATION_LOCK = 7_201_001
LEADER_LOCK = 7_201_002
_SCHEMA_AND_KEY = "hashtext(current_schema()), $1"  # the two-key form: (the schema's hash, the lock's key)
# A literal or a quoted name is copied as it is; a `?` or `?N` outside them becomes `$N`.
_PLACEHOLDER = re.compile(r"'(?:[^']|'')*'|\"[^\"]*\"|\?(\d*)")


@lru_cache(maxsize=2048)
def numbered(sql: str, after: int = 0) -> str:
    """The statement with PostgreSQL's placeholders: `?` → `$1`, `$2`, … in order; `?N` → `$N`; each number moved
    on by `after` (the parameters of the statements before it in one combined statement)."""
    count = after

    def replace(match: re.Match[str]) -> str:
        nonlocal count
        if not match.group(0).startswith("?"):
            return match.group(0)
        if match.group(1):
            return f"${int(match.group(1)) + after}"
        count += 1
        return f"${count}"

    return _PLACEHOLDER.sub(replace, sql)


def combined(statements: Sequence[Statement]) -> Statement | None:
    """The statements as one data-modifying statement (`WITH w0 AS (INSERT …), w1 AS (UPDATE …) SELECT 1`, with
    PostgreSQL's placeholders already numbered across the parts): one
    round trip instead of BEGIN, each statement and COMMIT, and as atomic. None where that could change what they
    do (see `_combined_sql`)."""
    sql = _combined_sql(tuple((sql, len(params)) for sql, params in statements))
    return None if sql is None else (sql, [value for _, params in statements for value in params])


@lru_cache(maxsize=1024)
def _combined_sql(statements: tuple[tuple[str, int], ...]) -> str | None:
    """The combined statement for these statements and their numbers of parameters, worked out once per shape (the
    checks cost ~70 µs an update when repeated). The parts of one statement all see the database as it was before
    it, so each must write a table of its own and mention no table another part writes (PostgreSQL's documentation,
    "Data-Modifying Statements in WITH"); else None."""
    tables = [_written(sql) for sql, _ in statements]
    if None in tables or len(set(tables)) < len(tables):
        return None
    for (sql, _), own in zip(statements, tables, strict=True):
        if any(re.search(rf"\b{table}\b", sql) for table in tables if table != own):
            return None
    parts, before = [], 0
    for number, (sql, count) in enumerate(statements):
        parts.append(f"w{number} AS ({numbered(sql, before)})")
        before += count
    return f"WITH {', '.join(parts)} SELECT 1"


_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.IGNORECASE)


def _written(sql: str) -> str | None:
    """The table a single INSERT, UPDATE or DELETE writes; None for anything else (several statements included)."""
    match = _WRITE.match(sql)
    return match.group(1).lower() if match and ";" not in sql else None


class PostgresDatabase:
    """A pool of asyncpg connections; each transaction is its own, and PostgreSQL shares WAL flushes between
    concurrent commits, so updates need no group commit of ours."""

    dialect = DIALECT
    shares_cache = False  # another worker may change any row between two updates

    def __init__(self, pool: asyncpg.Pool, reads: asyncpg.Pool | None = None) -> None:
        self._pool = pool
        self._reads = reads or pool
        self.trips = 0  # requests to the server: the same measure as SQLite's trips to its thread

    @classmethod
    async def open(cls, url: str, migrations: Path = MIGRATIONS, *, schema: str | None = None) -> "PostgresDatabase":
        """Connect and migrate; a server that cannot be used raises `DatabaseError` (one line, no password).

        `schema` puts every table in that schema (tests give each test its own)."""
        settings = {"search_path": schema} if schema else {}
        try:
            pool = await asyncpg.create_pool(
                url, min_size=1, max_size=POOL_SIZE, server_settings=settings, reset=_nothing_to_reset
            )
        except (OSError, asyncpg.PostgresError, ValueError) as exc:
            raise DatabaseError(f"{_safe(url)}: {exc}") from None
        reads = asyncpg.create_pool(
            url, min_size=0, max_size=READ_POOL_SIZE, server_settings={**settings, **READ_SETTINGS}
        )  # connects when /stats is first read
        database = cls(pool, await reads)
        try:
            await database.migrate(migrations)
        except BaseException:
            await database.close()
            raise
        return database

    async def migrate(self, migrations: Path = MIGRATIONS) -> list[str]:
        """Apply the migrations not applied yet, each in its own transaction, under an advisory lock: workers
        starting together wait for the first one instead of racing it."""
        done = []
        async with self._locked("pg_advisory_lock", MIGRATION_LOCK) as connection:
            assert connection is not None  # pg_advisory_lock waits until it has the lock
            await connection.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL)"
            )
            applied = {row[0] for row in await connection.fetch("SELECT version FROM schema_migrations")}
            for version, file in migration_files(migrations, DIALECT):
                if version in applied:
                    continue
                try:
                    async with connection.transaction():
                        await connection.execute(file.read_text(encoding="utf-8"))
                        await connection.execute(
                            "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", version, file.name
                        )
                except asyncpg.PostgresError as exc:
                    raise DatabaseError(
                        f"migration {file.name} failed ({exc}); the database was left as it was"
                    ) from None
                done.append(file.name)
        return done

    async def analyze(self) -> None:
        await self._pool.execute("ANALYZE")

    async def fetch_one(self, sql: str, params: Params = ()) -> tuple[Any, ...] | None:
        rows = await self.fetch_all(sql, params)
        return rows[0] if rows else None

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Any]:
        self.trips += 1
        # Tuples, as sqlite3 gives: the repositories unpack and compare rows the same way on both databases.
        return [tuple(row) for row in await self._pool.fetch(numbered(sql), *params)]

    async def read_apart(self, sql: str, params: Params = ()) -> list[Any]:
        """A long read (statistics over a year of events) on the pool kept for them, planned for its own values
        (`READ_SETTINGS`): it keeps no update waiting for a connection."""
        self.trips += 1
        return [tuple(row) for row in await self._reads.fetch(numbered(sql), *params)]

    async def write(self, statements: Sequence[Statement]) -> None:
        # One statement is a transaction of its own: no BEGIN and COMMIT to wait for.
        sql, params = statements[0]
        one = (numbered(sql), params) if len(statements) == 1 else combined(statements)
        async with self._pool.acquire() as connection:
            if one is not None:
                self.trips += 1
                await connection.execute(one[0], *one[1])
                return
            async with connection.transaction():
                self.trips += len(statements) + 2
                for sql, params in statements:
                    await connection.execute(numbered(sql), *params)

    async def catalogue(self) -> tuple[list[tuple[str, str, bool]], list[tuple[str, str, str, str]]]:
        """The tables' columns (table, column, NOT NULL) in order, and their foreign keys (table, column → table,
        column), from PostgreSQL's information_schema."""
        columns = await self.fetch_all(
            "SELECT c.table_name, c.column_name, c.is_nullable = 'NO' FROM information_schema.columns c"
            " JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name"
            " WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'"
            " ORDER BY c.table_name, c.ordinal_position"
        )
        references = await self.fetch_all(
            "SELECT k.table_name, k.column_name, u.table_name, u.column_name"
            " FROM information_schema.referential_constraints r"
            " JOIN information_schema.key_column_usage k"
            "  ON k.constraint_schema = r.constraint_schema AND k.constraint_name = r.constraint_name"
            " JOIN information_schema.key_column_usage u ON u.constraint_schema = r.unique_constraint_schema"
            "  AND u.constraint_name = r.unique_constraint_name AND u.ordinal_position = k.ordinal_position"
            " WHERE r.constraint_schema = current_schema()"
        )
        return columns, references

    def transaction(self) -> Transaction:
        return Transaction(self)

    @contextlib.asynccontextmanager
    async def leadership(self) -> AsyncIterator["LeaderLock | None"]:
        """The leader's advisory lock, if no other worker holds it (else None), for as long as the block runs. The
        lock lives as long as its connection, so a worker that dies hands it on at once."""
        async with self._locked("pg_try_advisory_lock", LEADER_LOCK) as connection:
            yield None if connection is None else LeaderLock(connection)

    @contextlib.asynccontextmanager
    async def _locked(self, function: str, key: int) -> AsyncIterator[asyncpg.Connection | None]:
        """A pooled connection holding the advisory lock `key` for as long as the block runs, taken with `function`:
        `pg_advisory_lock` waits for it, `pg_try_advisory_lock` does not (None if another holds it). A connection
        that holds the lock is then closed instead of going back to the pool: closing surely lets go of the lock (the
        pool's reset does not, see `_nothing_to_reset`), so no pooled connection ever holds one."""
        connection = await self._pool.acquire()
        locked = True  # until known otherwise: if asking fails, the connection is closed all the same
        try:
            locked = await connection.fetchval(f"SELECT {function}({_SCHEMA_AND_KEY})", key) is not False
            yield connection if locked else None
        except GeneratorExit:  # closed where it stood, its event loop gone: nothing can be awaited, the socket is cut
            connection.terminate()
            raise
        except BaseException:
            await self._let_go(connection, locked)
            raise
        await self._let_go(connection, locked)

    async def _let_go(self, connection: asyncpg.Connection, locked: bool) -> None:
        if locked:
            # If closing fails, asyncpg aborts the connection (the server then ends its session) all the same.
            with contextlib.suppress(asyncpg.PostgresError, OSError, asyncpg.InterfaceError, TimeoutError):
                await connection.close(timeout=5)
        await self._pool.release(connection)  # for a closed one, only the pool's bookkeeping

    async def close(self) -> None:
        for pool in {self._reads, self._pool}:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(pool.close(), 10)


async def _nothing_to_reset(connection: asyncpg.Connection) -> None:
    """The pool's reset, run as a connection goes back to the pool: nothing, instead of asyncpg's default (a round
    trip of `pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL`) after every read and write. Safe because
    nothing here leaves session state behind: asyncpg itself rolls back a transaction left open (before calling
    this), the search path is set when connecting, no cursor, LISTEN or SET is ever used on pooled connections, and
    the only advisory locks are taken on connections that are closed after use (`PostgresDatabase._locked`)."""


class LeaderLock:
    def __init__(self, connection: asyncpg.Connection) -> None:
        self._connection = connection

    async def held_while(self, every: float) -> None:
        """Return once the connection that holds the lock is lost (checked every `every` seconds)."""
        while True:
            await asyncio.sleep(every)
            try:
                await asyncio.wait_for(self._connection.fetchval("SELECT 1"), every)
            except (asyncpg.PostgresError, OSError, TimeoutError, asyncpg.InterfaceError):
                return


def _safe(url: str) -> str:
    """The URL without its password, for an error line."""
    return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)
