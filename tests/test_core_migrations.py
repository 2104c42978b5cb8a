"""The stairway: every migration applies, in order, to an empty database and to a database at every earlier
version with people in it; a migration that fails leaves the database as it was."""

import asyncio
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from bot.core.database import MIGRATIONS, Database, DatabaseError, migration_files


async def test_all_migrations_apply_to_an_empty_database(tmp_path: Path) -> None:
    database = await Database.open(tmp_path / "empty.sqlite3")
    try:
        rows = await database.fetch_all("SELECT version, name FROM schema_migrations ORDER BY version")
        assert [name for _, name in rows] == [file.name for _, file in migration_files()]
        tables = {name for (name,) in await database.fetch_all("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"users", "progress", "events"} <= tables
        assert await database.migrate() == [], "a second run applies nothing"
        (mode,) = await database.fetch_one("PRAGMA journal_mode")
        assert mode == "wal"
    finally:
        await database.close()


def first(count: int, folder: Path) -> Path:
    """A migrations folder holding only the first `count` migrations: the schema of an older release."""
    folder.mkdir()
    for _, file in migration_files()[:count]:
        shutil.copy(file, folder)
    return folder


@pytest.mark.parametrize("version", range(1, len(migration_files())))
async def test_every_earlier_version_upgrades_with_its_people(tmp_path: Path, version: int) -> None:
    path = tmp_path / "old.sqlite3"
    old = await Database.open(path, first(version, tmp_path / "old"))
    await old.write([("INSERT INTO users (id, locale, created_at, updated_at) VALUES (5, 'ru', 'a', 'a')", ())])
    await old.close()

    upgraded = await Database.open(path)
    try:
        assert await upgraded.migrate() == []
        (count,) = await upgraded.fetch_one("SELECT count(*) FROM schema_migrations")
        assert count == len(migration_files())
        assert tuple(await upgraded.fetch_one("SELECT id, locale FROM users")) == (5, "ru")
    finally:
        await upgraded.close()


async def test_a_failing_migration_leaves_the_database_as_it_was(tmp_path: Path) -> None:
    folder = first(2, tmp_path / "broken")
    (folder / "0003_broken.sql").write_text("CREATE TABLE half (id INTEGER);\nALTER TABLE nowhere ADD COLUMN x;\n")
    path = tmp_path / "bot.sqlite3"
    await (await Database.open(path, first(2, tmp_path / "good"))).close()

    with pytest.raises(DatabaseError, match=r"migration 0003_broken.sql failed \(no such table: nowhere\)"):
        await Database.open(path, folder)
    with sqlite3.connect(path) as raw:
        assert [name for (name,) in raw.execute("SELECT name FROM schema_migrations")] == [
            file.name for _, file in migration_files()[:2]
        ]
        assert raw.execute("SELECT name FROM sqlite_master WHERE name = 'half'").fetchall() == []


async def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    path.write_bytes(b"this is a text file, not SQLite" * 100)
    with pytest.raises(DatabaseError, match="file is not a database"):
        await Database.open(path)


@pytest.mark.parametrize("public_calls", [False, True], ids=["one trip", "public calls"])
async def test_a_failed_write_is_rolled_back_whole(tmp_path: Path, public_calls: bool) -> None:
    database = await Database.open(tmp_path / "bot.sqlite3", public_calls=public_calls)
    assert database.one_trip is not public_calls
    try:
        insert = "INSERT INTO users (id, locale, created_at, updated_at) VALUES (?, 'ru', 'a', 'a')"
        await database.write([(insert, (1,))])
        with pytest.raises(sqlite3.IntegrityError):
            await database.write([(insert, (2,)), (insert, (1,))])  # the second one breaks the primary key
        assert [row[0] for row in await database.fetch_all("SELECT id FROM users")] == [1]
        await database.write([(insert, (3,))])
        assert [row[0] for row in await database.fetch_all("SELECT id FROM users ORDER BY id")] == [1, 3]
    finally:
        await database.close()


def test_migration_numbers_are_unique_and_ascending() -> None:
    """A number used twice would leave one of the two files unapplied. A gap is harmless (migrations made on
    parallel branches are numbered apart so that they never clash)."""
    numbers = [number for number, _ in migration_files(MIGRATIONS)]
    assert numbers == sorted(set(numbers)) and numbers[0] == 1


async def test_transactions_waiting_together_commit_together_and_fail_alone(tmp_path: Path) -> None:
    database = await Database.open(tmp_path / "bot.sqlite3")
    try:
        insert = "INSERT INTO users (id, locale, created_at, updated_at) VALUES (?, 'ru', 'a', 'a')"
        await database.write([(insert, (1,))])
        before = database.trips
        outcomes = await asyncio.gather(
            *(database.write([(insert, (user_id,)), (insert, (user_id + 100,))]) for user_id in (2, 1, 3, 4)),
            return_exceptions=True,
        )
        assert [type(outcome).__name__ for outcome in outcomes] == ["NoneType", "IntegrityError", *["NoneType"] * 2]
        assert [row[0] for row in await database.fetch_all("SELECT id FROM users ORDER BY id")] == [
            1, 2, 3, 4, 102, 103, 104
        ], "the failing transaction left nothing, not even its first statement; the others are whole"
        assert database.trips - before <= 3, "the waiting transactions went together"
    finally:
        await database.close()


async def test_a_committed_transaction_is_not_held_behind_the_others(tmp_path: Path) -> None:
    """64 people pressing all the time: a write returns once its trip is done, not after every other caller has
    taken a turn at the lock. Each turn is a pass of the event loop, and under load a pass is a millisecond or more
    of other people's updates: that made the 99th percentile at 64 in flight several hundred ms (docs/benchmarks.md).
    Here a task stands for that load, making every pass of the loop half a millisecond long; time is counted in
    passes, so the test does not depend on the machine's speed."""
    database = await Database.open(tmp_path / "bot.sqlite3")
    passes, waited = 0, []
    insert = "INSERT INTO users (id, locale, created_at, updated_at) VALUES (?, 'ru', 'a', 'a')"

    async def other_updates() -> None:
        nonlocal passes
        while True:
            time.sleep(0.0005)  # blocks the loop, as a handler's own work does
            await asyncio.sleep(0)
            passes += 1

    async def person(user_id: int) -> None:
        for press in range(10):
            arrived = passes
            await database.write([(insert, (user_id * 100 + press,))])
            waited.append(passes - arrived)

    load = asyncio.create_task(other_updates())
    try:
        trips = database.trips
        await asyncio.gather(*(person(user_id) for user_id in range(1, 65)))
        assert max(waited) <= 20, f"a write waited {max(waited)} passes of the event loop"
        assert database.trips - trips < 64 * 10 / 4, "the waiting transactions still went together"
    finally:
        load.cancel()
        await database.close()
