"""The SQLite database: connection, migrations, the per-update transaction, and a cache of committed rows."""

import asyncio
import contextlib
import inspect
import logging
import re
import sqlite3
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path
from typing import Any

import aiosqlite

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
INTEGRITY_CHECK_SECONDS = 20.0
_MIGRATION_NAME = re.compile(r"^(\d{4})_\w+\.sql$")
Params = Sequence[Any]
Statement = tuple[str, Params]
# Rows of recently active people, ~300 bytes each with their keys: 1.5 MB. A person who has seen the menu holds up to
# ~10 (their record, one per scenario, their quiz attempt), so the last ~500 such people read nothing from disk
# (bench/memory.py measured 20,000 rows as 6.6 MB more after 20,000 people, and no fewer trips per update).
CACHE_LIMIT = 5_000


class DatabaseError(Exception):
    """The database cannot be used; the message is one line that says which file and why."""


class RowCache:
    """Rows as last committed, for the people who are active now: most updates then read nothing from disk.

    Only committed values enter (see `Transaction.on_commit`), so the cache is never ahead of the database.
    It is right only while this process is the database's one writer, which the runner makes sure of.
    """

    MISSING = object()  # "looked up, and there is no such row"

    def __init__(self, limit: int = CACHE_LIMIT) -> None:
        self._rows: OrderedDict[Hashable, Any] = OrderedDict()
        self._limit = limit

    def get(self, key: Hashable) -> Any:
        """The row, `MISSING` if known to be absent, or None if unknown."""
        row = self._rows.get(key)
        if row is not None:
            self._rows.move_to_end(key)
        return row

    def put(self, key: Hashable, row: Any) -> None:
        self._rows[key] = row
        self._rows.move_to_end(key)
        if len(self._rows) > self._limit:
            self._rows.popitem(last=False)

    def refresh(self, key: Hashable, row: Any) -> None:
        """Replace a row that is cached; one that is not (dropped, say, because its person was forgotten, or known
        to be absent) stays out."""
        if self._rows.get(key, self.MISSING) is not self.MISSING:
            self.put(key, row)

    def drop(self, match: Callable[[Hashable], bool]) -> None:
        for key in [key for key in self._rows if match(key)]:
            del self._rows[key]


class Database:
    """One aiosqlite connection shared by all updates.

    A lock keeps each transaction's writes together: no other update's statement can slip in between them.
    """

    dialect = "sqlite"
    shares_cache = True  # one process writes the file (the runner's lock makes sure), so committed rows stay right

    def __init__(self, connection: aiosqlite.Connection, *, one_trip: bool) -> None:
        self._connection = connection
        self._lock = asyncio.Lock()
        self._one_trip = one_trip
        self._waiting: list[tuple[Sequence[Statement], asyncio.Future[None]]] = []
        self._carrying = False  # a trip is under way: whoever writes now waits to be carried by the next one
        self._carrier: asyncio.Task[None] | None = None  # the task carrying the transactions that waited
        self.trips = 0  # calls into aiosqlite's thread so far: the benchmark's and tests' measure of an update's cost
        self._checkpoints: asyncio.Task[None] | None = None
        self.cache = RowCache()
        self._reader: aiosqlite.Connection | None = None
        self._reader_lock = asyncio.Lock()

    @property
    def one_trip(self) -> bool:
        """Whether a transaction's writes go to aiosqlite's thread in one trip (see `_one_trip_works`)."""
        return self._one_trip

    @classmethod
    async def open(cls, path: Path | str, migrations: Path = MIGRATIONS, *, public_calls: bool = False) -> "Database":
        """Open (creating it if needed) and migrate; a file that cannot be used raises `DatabaseError`.

        `public_calls` makes writes use only aiosqlite's public calls, as they do if its internals ever change.
        """
        in_memory = str(path) == ":memory:"
        try:
            if not in_memory:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            connection = await aiosqlite.connect(path)
        except (OSError, sqlite3.Error) as exc:
            raise DatabaseError(f"{path}: {exc}") from None
        try:
            await _check_integrity(connection)  # before anything is written, the journal mode included
            # WAL lets readers work while a write commits; NORMAL sync is durable across crashes of the process.
            # SQLite would fold the WAL back into the database inside some commit, with an fsync (8 ms stalls, see
            # docs/benchmarks.md); a side connection does it instead, and the automatic one only if that falls
            # behind.
            await connection.executescript(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 10000;"
                " PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;"
            )
            database = cls(connection, one_trip=not public_calls and await _one_trip_works(connection))
            await database.migrate(migrations)
            await database.analyze()
        except (sqlite3.Error, DatabaseError) as exc:
            # An open connection's thread would keep the process alive after the error: close it first.
            await connection.close()
            raise DatabaseError(f"{path}: {exc}") from None
        if not in_memory:
            database._checkpoints = asyncio.create_task(_checkpoint_forever(path))
            database._reader = await aiosqlite.connect(path)
        return database

    async def migrate(self, migrations: Path = MIGRATIONS) -> list[str]:
        """Apply the migrations not applied yet, each in its own transaction.

        Returns their names. A migration that fails is rolled back whole, so the database stays as it was.
        """
        await self._connection.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)"
        )
        await self._connection.commit()
        applied = {row[0] for row in await self._connection.execute_fetchall("SELECT version FROM schema_migrations")}
        done = []
        for version, file in migration_files(migrations):
            if version in applied:
                continue
            script = file.read_text(encoding="utf-8")
            record = f"INSERT INTO schema_migrations (version, name) VALUES ({version}, '{file.name}');"
            try:
                await self._connection.executescript(f"BEGIN;\n{script}\n{record}\nCOMMIT;")
            except sqlite3.Error as exc:
                await self._connection.rollback()
                raise DatabaseError(f"migration {file.name} failed ({exc}); the database was left as it was") from None
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
        self.trips += 1
        if self._one_trip:  # a transaction is one trip, so a read can never land in the middle of one
            return list(await self._connection.execute_fetchall(sql, params))
        async with self._lock:
            return list(await self._connection.execute_fetchall(sql, params))

    async def write(self, statements: Sequence[Statement]) -> None:
        """Run the statements as one transaction, in one trip to aiosqlite's thread when possible.

        Group commit: the transactions of updates that wait while a trip is under way go together in the next trip,
        with one commit for all (one that fails is undone alone, see `_in_thread`); each caller returns
        only once its own writes are on disk, so save-then-show holds and 64 people at once cost a few trips.
        """
        if not self._one_trip:
            async with self._lock:
                self.trips += len(statements) + 1
                return await _one_by_one(self._connection, statements)
        done = asyncio.get_running_loop().create_future()
        self._waiting.append((statements, done))
        if not self._carrying:
            # Nobody is carrying transactions, so nobody else waits: this caller's trip carries its own alone, and
            # whoever arrives meanwhile is carried by a task, so no caller waits for more than the trip after its own.
            self._carrying = True
            try:
                await self._trip()
            finally:
                if self._waiting:
                    self._carrier = asyncio.ensure_future(self._carry_on())
                else:
                    self._carrying = False
        await done

    async def _carry_on(self) -> None:
        try:
            while self._waiting:
                await self._trip()
        finally:
            self._carrying, self._carrier = False, None

    async def _trip(self) -> None:
        group, self._waiting = self._waiting, []
        async with self._lock:
            self.trips += 1
            with contextlib.suppress(Exception):  # every caller learns its own outcome from its future
                await _in_thread(self._connection, group)

    async def catalogue(self) -> tuple[list[tuple[str, str, bool]], list[tuple[str, str, str, str]]]:
        """The tables' columns (table, column, NOT NULL) in order, and their foreign keys (table, column → table,
        column), from SQLite's catalogue."""
        columns = await self.fetch_all(
            'SELECT m.name, p.name, p."notnull" FROM sqlite_master m, pragma_table_info(m.name) p'
            " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid"
        )
        references = await self.fetch_all(
            'SELECT m.name, f."from", f."table", f."to" FROM sqlite_master m, pragma_foreign_key_list(m.name) f'
            " WHERE m.type = 'table'"
        )
        return [(t, c, bool(n)) for t, c, n in columns], [tuple(row) for row in references]

    def transaction(self) -> "Transaction":
        return Transaction(self)

    async def close(self) -> None:
        if self._carrier is not None:
            await asyncio.wait([self._carrier])  # the transactions it carries are written before the connection closes
        if self._checkpoints is not None:
            self._checkpoints.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._checkpoints
        if self._reader is not None:
            await self._reader.close()
        await self._connection.close()


async def _one_trip_works(connection: aiosqlite.Connection) -> bool:
    """Whether aiosqlite's `_execute(fn, *args)` still runs a function in its thread, as in every release so far.

    aiosqlite has no public call for that, and without it each statement is a trip of its own (~70 µs and a thread
    switch). Its shape is checked once here; if it changed, writes fall back to public calls (`_one_by_one`).
    """
    execute = getattr(connection, "_execute", None)
    raw = getattr(connection, "_conn", None)
    if not callable(execute) or not isinstance(raw, sqlite3.Connection):
        return False
    if list(inspect.signature(execute).parameters)[:1] != ["fn"]:
        return False
    try:
        return await execute(lambda: raw.execute("SELECT 1").fetchone()) == (1,)
    except Exception:  # any other shape: the public path is always right
        return False


async def _in_thread(
    connection: aiosqlite.Connection, group: list[tuple[Sequence[Statement], "asyncio.Future[None]"]]
) -> None:
    """Apply a group of transactions in one trip, with one commit."""
    raw: sqlite3.Connection = connection._conn

    def apply() -> list[BaseException | None]:
        # First all together, without savepoints: each statement run here may wait for the main thread to let go
        # of the GIL, so fewer statements make a shorter trip. Only if one fails are they run again, each
        # transaction in a savepoint of its own, so that the failing one is undone alone.
        try:
            raw.execute("BEGIN")
            for statements, _ in group:
                for sql, params in statements:
                    raw.execute(sql, params)
            raw.commit()
            return [None] * len(group)
        except BaseException as exc:
            raw.rollback()
            if len(group) == 1 or not isinstance(exc, Exception):
                raise
        try:
            raw.execute("BEGIN")
            outcomes = [_in_savepoint(raw, statements) for statements, _ in group]
            raw.commit()
        except BaseException:
            raw.rollback()
            raise
        return outcomes

    try:
        outcomes = await connection._execute(apply)
    except Exception as exc:
        for _, done in group:
            done.set_exception(exc)
        raise
    for (_, done), outcome in zip(group, outcomes, strict=True):
        if outcome is None:
            done.set_result(None)
        else:
            done.set_exception(outcome)


def _in_savepoint(raw: sqlite3.Connection, statements: Sequence[Statement]) -> Exception | None:
    """One transaction of a group: undone alone if it fails; the failure is its outcome."""
    raw.execute("SAVEPOINT one_update")
    try:
        for sql, params in statements:
            raw.execute(sql, params)
    except Exception as exc:
        raw.execute("ROLLBACK TO one_update")
        return exc
    finally:
        raw.execute("RELEASE one_update")
    return None


async def _one_by_one(connection: aiosqlite.Connection, statements: Sequence[Statement]) -> None:
    try:
        for sql, params in statements:
            await connection.execute(sql, params)
        await connection.commit()
    except BaseException:
        await connection.rollback()
        raise


async def _check_integrity(connection: aiosqlite.Connection, limit: float = INTEGRITY_CHECK_SECONDS) -> None:
    """Refuse a database with damaged pages before writing to it: a bot that starts on one keeps writing and makes it
    worse. SQLite's quick check reads every page once (a few seconds for a large file); past `limit` it is stopped
    and the bot starts, with a warning, rather than keep people waiting."""
    try:
        rows = await asyncio.wait_for(connection.execute_fetchall("PRAGMA quick_check(3)"), limit)
        found = [row[0] for row in rows]
    except TimeoutError:
        await connection.interrupt()
        log.warning("the database's integrity check took over %s s and was skipped", limit)
        return
    except sqlite3.DatabaseError as exc:
        if "malformed" not in str(exc):
            raise  # not a database at all, say: the caller says so as it is
        found = [str(exc)]
    if found != ["ok"]:
        raise DatabaseError(
            f"damaged ({'; '.join(found)}); stop the bot and put back the last backup"
            " (made by `python -m bot backup PATH`, see the README)"
        )


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

    Reads go straight to the database (or its cache). Writes are collected and applied together by `commit()`,
    so the SQLite write lock is never held while a handler waits, and a failed update leaves nothing half-written.
    A handler therefore does not read its own writes. `on_commit` callbacks run once the writes are on disk.
    """

    def __init__(self, database: Any) -> None:
        """`database`: SQLite's `Database` or `bot.core.postgres.PostgresDatabase`."""
        self._database = database
        self._writes: list[Statement] = []
        self._after: list[Callable[[], None]] = []
        # Where several workers write, a row read in an earlier update may be stale: the cache lives for one update.
        self.cache = database.cache if database.shares_cache else RowCache()
        self.dialect: str = database.dialect
        self.fetch_one = database.fetch_one
        self.fetch_all = database.fetch_all
        self.read_apart = database.read_apart
        self.catalogue = database.catalogue

    def execute(self, sql: str, params: Params = ()) -> None:
        self._writes.append((sql, params))

    def on_commit(self, callback: Callable[[], None]) -> None:
        self._after.append(callback)

    async def commit(self) -> None:
        writes, self._writes = self._writes, []
        after, self._after = self._after, []
        if writes:
            await self._database.write(writes)
        for callback in after:
            callback()


def migration_files(folder: Path = MIGRATIONS, dialect: str = "sqlite") -> list[tuple[int, Path]]:
    """The migrations for a database, in order: the shared files, where `folder/<dialect>/` has a file of the same
    number that one instead. A dialect's history starts at its folder's first file (its schema as of then)."""
    files = _numbered(folder)
    own = _numbered(folder / dialect)
    if own:
        files = {version: file for version, file in files.items() if version > min(own)} | own
    return sorted(files.items())


def _numbered(folder: Path) -> dict[int, Path]:
    if not folder.is_dir():
        return {}
    found = (_MIGRATION_NAME.match(file.name) for file in folder.iterdir())
    return {int(match.group(1)): folder / match.group(0) for match in found if match}
