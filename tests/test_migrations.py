"""The stairway: every migration applies, in order, to an empty database; applying again changes nothing."""

from pathlib import Path

from bot.db.database import Database, migration_files


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


def test_migration_numbers_are_unique_and_consecutive() -> None:
    numbers = [number for number, _ in migration_files()]
    assert numbers == list(range(1, len(numbers) + 1))
