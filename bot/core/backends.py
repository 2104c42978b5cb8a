"""Which database the settings choose: PostgreSQL when DATABASE_URL is given, else the SQLite file."""

from bot.core.config import Settings
from bot.core.database import Database
from bot.core.postgres import PostgresDatabase

AnyDatabase = Database | PostgresDatabase


async def open_database(settings: Settings, *, schema: str | None = None) -> AnyDatabase:
    """Open and migrate the database the settings name; one that cannot be used raises `DatabaseError`."""
    if settings.database_url is not None:
        return await PostgresDatabase.open(settings.database_url.get_secret_value(), schema=schema)
    return await Database.open(settings.database_path)
