"""Moving from the SQLite file to PostgreSQL (`python -m bot copy-to postgresql://…`), for an installation that
outgrows one process. Everything is copied in one PostgreSQL transaction, each table's count is checked, and a
database that already holds anything is refused, so a copy is never mixed with other data."""

import sqlite3
from contextlib import closing
from graphlib import TopologicalSorter
from pathlib import Path

import asyncpg

from bot.core.database import Database, DatabaseError
from bot.core.postgres import PostgresDatabase

# Written by the migrations themselves. The copy replaces the rows of REPLACED with the file's own: the
# installation's secret, so keyed hashes made before the move (counts of wrong join codes) still match, and how far
# the statistics' roll-ups have folded the events (their folded days come over too).
BOOKKEEPING = {"schema_migrations"}
REPLACED = {"install_secret", "stats_folded"}


class CopyError(Exception):
    """The copy was refused or failed; the message is one line, and PostgreSQL was left as it was."""


async def copy_to_postgresql(source: Path, url: str, *, schema: str | None = None) -> dict[str, int]:
    """Copy every row of the SQLite database at `source` into the PostgreSQL database at `url` (its `schema`, if
    given, else the default one); rows per table."""
    if not source.is_file():
        raise CopyError(f"no database at {source}")
    try:
        await (await Database.open(source)).close()  # brought up to the current schema, as the bot would
        target = await PostgresDatabase.open(url, schema=schema)
    except DatabaseError as exc:
        raise CopyError(str(exc)) from None
    try:
        columns, references = await target.catalogue()
    finally:
        await target.close()
    tables: dict[str, list[str]] = {}
    for table, column, _ in columns:
        tables.setdefault(table, []).append(column)
    parents = {table: {parent for child, _, parent, _ in references if child == table} for table in tables}
    order = [table for table in TopologicalSorter(parents).static_order() if table not in BOOKKEEPING]
    with closing(sqlite3.connect(source)) as sqlite:
        connection = await asyncpg.connect(url, server_settings={"search_path": schema} if schema else None)
        try:
            return await _copy(sqlite, connection, order, tables)
        finally:
            await connection.close()


async def _copy(
    sqlite: sqlite3.Connection, connection: asyncpg.Connection, order: list[str], tables: dict[str, list[str]]
) -> dict[str, int]:
    try:
        busy = [t for t in order if t not in REPLACED and await connection.fetchval(f'SELECT EXISTS (TABLE "{t}")')]
        if busy:
            raise CopyError(f"the PostgreSQL database is not empty ({', '.join(busy)}); copy into an empty one")
        counts = {}
        schema = await connection.fetchval("SELECT current_schema()")
        async with connection.transaction():
            for table in order:
                names = ", ".join(f'"{column}"' for column in tables[table])
                rows = sqlite.execute(f'SELECT {names} FROM "{table}"').fetchall()
                if table in REPLACED:
                    await connection.execute(f'DELETE FROM "{table}"')
                await connection.copy_records_to_table(table, records=rows, columns=tables[table], schema_name=schema)
                copied = await connection.fetchval(f'SELECT COUNT(*) FROM "{table}"')
                if copied != len(rows):
                    raise CopyError(f"{table}: {len(rows)} rows in the file, {copied} in PostgreSQL; nothing was kept")
                if "id" in tables[table]:  # numbering goes on after the copied ids
                    await connection.execute(
                        f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), MAX(id)) FROM \"{table}\""
                        f" HAVING pg_get_serial_sequence('\"{table}\"', 'id') IS NOT NULL AND MAX(id) IS NOT NULL"
                    )
                counts[table] = copied
        return counts
    except (asyncpg.PostgresError, asyncpg.DataError) as exc:
        raise CopyError(f"the copy failed and nothing was kept: {exc}") from None
