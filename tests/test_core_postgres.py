"""The PostgreSQL backend: the same schema as SQLite's, ids wide enough for Telegram, migrations that several
workers may start at once, and placeholders rewritten without touching literals."""

import asyncio
from pathlib import Path

import pytest

from bot.core.backends import open_database
from bot.core.config import Settings
from bot.core.database import Database, migration_files
from bot.core.postgres import READ_POOL_SIZE, READ_SETTINGS, PostgresDatabase, numbered
from tests.conftest import POSTGRES_URL, Backend


def settings_for(backend: Backend, tmp_path: Path) -> Settings:
    return Settings(_env_file=None, database_path=tmp_path / "bot.sqlite3", **backend.settings)


def test_placeholders_are_numbered_outside_literals_and_names() -> None:
    assert numbered("SELECT ? , '?' , \"a?\" , ?") == "SELECT $1 , '?' , \"a?\" , $2"
    assert numbered("UPDATE t SET a = ? WHERE b = ?1 OR c = ?1") == "UPDATE t SET a = $1 WHERE b = $1 OR c = $1"
    assert numbered("SELECT 'it''s ?', ?") == "SELECT 'it''s ?', $1"


def test_postgresql_history_starts_with_its_own_schema_file() -> None:
    files = migration_files(dialect="postgresql")
    assert files[0][1].parent.name == "postgresql" and files[0][0] == 11
    assert [version for version, _ in files] == [v for v, _ in migration_files() if v >= 11]


async def test_every_integer_column_is_bigint(postgres: Backend, tmp_path: Path) -> None:
    database = await open_database(settings_for(postgres, tmp_path), schema=postgres.schema)
    try:
        narrow = await database.fetch_all(
            "SELECT table_name, column_name, data_type FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND data_type IN ('integer', 'smallint')"
        )
    finally:
        await database.close()
    assert narrow == [], "Telegram ids and counts need BIGINT"


async def test_the_two_databases_have_the_same_tables_and_columns(postgres: Backend, tmp_path: Path) -> None:
    sqlite = await Database.open(tmp_path / "bot.sqlite3")
    pg = await open_database(settings_for(postgres, tmp_path), schema=postgres.schema)
    try:
        shapes = []
        for database in (sqlite, pg):
            columns, references = await database.catalogue()
            shapes.append(({(t, c, n) for t, c, n in columns}, set(references)))
    finally:
        await sqlite.close()
        await pg.close()
    (sqlite_columns, sqlite_references), (pg_columns, pg_references) = shapes
    assert {(t, c) for t, c, _ in pg_columns} ^ {(t, c) for t, c, _ in sqlite_columns} == set()
    # SQLite does not call an INTEGER PRIMARY KEY "NOT NULL"; PostgreSQL does: only SQLite's NOT NULLs are compared.
    required = {(t, c) for t, c, not_null in pg_columns if not_null}
    assert {(t, c) for t, c, not_null in sqlite_columns if not_null} <= required
    assert pg_references == sqlite_references


async def test_workers_starting_together_migrate_once(postgres: Backend, tmp_path: Path) -> None:
    url = postgres.settings["database_url"]
    opened = await asyncio.gather(*(PostgresDatabase.open(url, schema=postgres.schema) for _ in range(3)))
    try:
        rows = await opened[0].fetch_all("SELECT version FROM schema_migrations ORDER BY version")
    finally:
        for database in opened:
            await database.close()
    assert [row[0] for row in rows] == [v for v, _ in migration_files(dialect="postgresql")]


async def test_a_server_that_cannot_be_reached_is_one_line_without_the_password() -> None:
    from bot.core.database import DatabaseError

    with pytest.raises(DatabaseError) as caught:
        await PostgresDatabase.open("postgresql://bot:secret@127.0.0.1:1/bot")
    assert "secret" not in str(caught.value) and "\n" not in str(caught.value)


async def advisory_locks(postgres: Backend) -> int:
    """Advisory locks held in the server for this test's schema (the first of their two keys is its hash)."""
    import asyncpg

    connection = await asyncpg.connect(POSTGRES_URL)
    try:
        return await connection.fetchval(
            "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 2"
            " AND classid = (hashtext($1)::bigint & 4294967295)::oid",
            postgres.schema,
        )
    finally:
        await connection.close()


async def test_no_pooled_connection_keeps_an_advisory_lock(postgres: Backend, tmp_path: Path) -> None:
    """The pool's reset does nothing (a round trip saved per read and write), so the connections that took the
    migrations' or the leader's lock must not go back to the pool holding it."""
    database = await open_database(settings_for(postgres, tmp_path), schema=postgres.schema)
    try:
        assert isinstance(database, PostgresDatabase)
        assert await advisory_locks(postgres) == 0, "the migrations' lock went with its connection"
        async with database.leadership() as lock:
            assert lock is not None and await advisory_locks(postgres) == 1
        assert await advisory_locks(postgres) == 0, "stepping down let go of the leader's lock"
        async with database.leadership() as again:
            assert again is not None, "so this worker (or any other) can lead again"
    finally:
        await database.close()


NOW = "2026-11-01 10:00:00"
PROGRESS = (
    "INSERT INTO progress (user_id, scenario_id, step_id, trail, ticks, version, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)"
)
EVENT = "INSERT INTO events (user_id, kind, created_at) VALUES (?, ?, ?)"


async def test_an_updates_writes_to_several_tables_go_as_one_statement_all_or_nothing(
    postgres: Backend, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An update typically writes its progress and an event: one round trip (a data-modifying WITH) instead of
    BEGIN, two statements and COMMIT; and still both or neither."""
    import asyncpg

    database = await open_database(settings_for(postgres, tmp_path), schema=postgres.schema)
    sent: list[str] = []
    execute = asyncpg.connection.Connection.execute

    async def recorded(self: asyncpg.Connection, query: str, *args: object, **kwargs: object) -> str:
        sent.append(query)
        return await execute(self, query, *args, **kwargs)

    try:
        tx = database.transaction()
        tx.execute("INSERT INTO users (id, locale, created_at, updated_at) VALUES (?, 'ru', ?, ?)", (5, NOW, NOW))
        await tx.commit()
        monkeypatch.setattr(asyncpg.connection.Connection, "execute", recorded)
        tx = database.transaction()
        tx.execute(PROGRESS, (5, "passport", "reason", "[]", "{}", "1", NOW))
        tx.execute(EVENT, (5, "start", NOW))
        await tx.commit()
        assert len(sent) == 1 and sent[0].startswith("WITH "), sent

        tx = database.transaction()
        tx.execute(EVENT, (6, "start", NOW))
        tx.execute(PROGRESS, (6, "passport", "reason", "[]", "{}", "1", NOW))  # person 6 does not exist
        with pytest.raises(asyncpg.ForeignKeyViolationError):
            await tx.commit()
        assert await database.fetch_all("SELECT user_id, kind FROM events ORDER BY id") == [(5, "start")]
        assert await database.fetch_all("SELECT user_id, step_id FROM progress") == [(5, "reason")]
    finally:
        await database.close()


async def test_writes_to_one_table_keep_their_order(postgres: Backend, tmp_path: Path) -> None:
    """Parts of one statement cannot see each other's rows, so a row inserted and then updated goes the long way."""
    database = await open_database(settings_for(postgres, tmp_path), schema=postgres.schema)
    try:
        tx = database.transaction()
        tx.execute("INSERT INTO users (id, locale, created_at, updated_at) VALUES (?, 'ru', ?, ?)", (7, NOW, NOW))
        tx.execute("UPDATE users SET locale = ? WHERE id = ?", ("en", 7))
        await tx.commit()
        assert await database.fetch_all("SELECT locale FROM users WHERE id = 7") == [("en",)]
    finally:
        await database.close()


async def test_the_long_reads_have_their_own_connections_planned_for_their_values(
    postgres: Backend, tmp_path: Path
) -> None:
    """/stats reads (`read_apart`) go to a pool of READ_POOL_SIZE connections that plan each statement for its own
    values, start no parallel workers, and know their tables are in memory; the updates' connections keep
    PostgreSQL's defaults."""
    database = await open_database(settings_for(postgres, tmp_path), schema=postgres.schema)
    assert isinstance(database, PostgresDatabase)
    assert READ_SETTINGS["plan_cache_mode"] == "force_custom_plan"
    settings = f"SELECT {', '.join(f'current_setting($${name}$$)' for name in READ_SETTINGS)}"
    wanted = [tuple(READ_SETTINGS.values())]
    try:
        assert await database.read_apart(settings) == wanted
        assert all(a != b for a, b in zip((await database.fetch_all(settings))[0], wanted[0], strict=True))
        assert await database.read_apart("SELECT COUNT(*) FROM events") == [(0,)], "the schema of the test's own"
        pids = await asyncio.gather(*[database.read_apart("SELECT pg_backend_pid(), pg_sleep(0.2)") for _ in range(4)])
        assert len({pid for ((pid, _),) in pids}) == READ_POOL_SIZE
    finally:
        await database.close()
