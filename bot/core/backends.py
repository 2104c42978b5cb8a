"""Which database the settings choose: PostgreSQL when DATABASE_URL is given, else the SQLite file.

asyncpg (and bot.core.postgres with it) is imported only when DATABASE_URL names PostgreSQL: a bot on its SQLite file
never uses it, and importing it costs that bot 2.9 MB of resident memory (docs/benchmarks.md, memory).
"""

from typing import TYPE_CHECKING, Union

from bot.core.config import Settings
from bot.core.database import Database

if TYPE_CHECKING:
    from bot.core.postgres import PostgresDatabase

# PostgreSQL's class as a string (which the `|` form cannot take), so that this module, imported by the core's
# middlewares, does not import asyncpg.
AnyDatabase = Union[Database, "PostgresDatabase"]


async def open_database(settings: Settings, *, schema: str | None = None) -> AnyDatabase:
    """Open and migrate the database the settings name; one that cannot be used raises `DatabaseError`."""
    if settings.database_url is not None:
        from bot.core.postgres import PostgresDatabase

        return await PostgresDatabase.open(settings.database_url.get_secret_value(), schema=schema)
    return await Database.open(settings.database_path)
