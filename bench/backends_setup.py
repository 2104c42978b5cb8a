"""The bot on each backend for `python -m bench.backends`: SQLite, PostgreSQL alone, PostgreSQL with Redis (one
worker, three workers), all holding the same seeded people, plus the counters of database and Redis requests.

Several workers here are several dispatchers in this one process, each with its own PostgreSQL pool and Redis client
(the drain of scheduled messages); the load's three workers are three processes (bench/backends_procs.py).
"""

import contextlib
import itertools
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
from aiogram import Bot, Dispatcher
from aiogram.types import Update
from redis._parsers import BaseParser
from redis.asyncio import Redis
from redis.exceptions import RedisError

from bench.traffic import ROOT
from bot.app import create_dispatcher
from bot.core.config import Settings
from bot.core.database import Database
from bot.core.i18n import I18n
from bot.core.postgres import PostgresDatabase
from bot.core.workers import SharedRedis
from bot.features.scenarios.search import SearchIndex
from bot.features.scenarios.validation import Catalog

POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")  # keys under a prefix of the run's own


@dataclass
class Content:
    catalog: Catalog
    search: SearchIndex
    i18n: I18n


@dataclass
class Workers:
    """One backend: its workers' dispatchers (updates go to them in turn) and what to close afterwards."""

    name: str
    dispatchers: list[Dispatcher]
    databases: list[Any]
    redis: list[Redis] = field(default_factory=list)
    _turns: Iterator[Dispatcher] | None = None

    async def feed_update(self, bot: Bot, update: Update) -> Any:
        """As a load balancer would: each update to the next worker, whoever the person is."""
        if self._turns is None:
            self._turns = itertools.cycle(self.dispatchers)
        return await next(self._turns).feed_update(bot, update)

    @property
    def trips(self) -> int:
        """SQLite's calls into aiosqlite's thread (PostgreSQL's are counted on the wire, see `counting_requests`)."""
        return sum(getattr(database, "trips", 0) for database in self.databases)

    async def close(self) -> None:
        for database in self.databases:
            await database.close()
        for client in self.redis:
            await client.aclose()


def dispatcher(content: Content, database: Any, shared: SharedRedis | None = None, **given: Any) -> Dispatcher:
    """The bot's dispatcher as bot/runner.py builds it for these settings."""
    settings = Settings(_env_file=None, scenarios_dir=ROOT / "scenarios", quiet_hours="", **given)
    return create_dispatcher(
        settings=settings,
        database=database,
        catalog=content.catalog,
        i18n=content.i18n,
        search=content.search,
        workers=shared,
    )


async def sqlite_workers(content: Content, path: Path) -> Workers:
    database = await Database.open(path)
    return Workers("SQLite", [dispatcher(content, database, database_path=path)], [database])


async def postgres_workers(
    content: Content,
    name: str,
    schema: str,
    count: int,
    prefix: str | None,
    parser: type[BaseParser] | None = None,
    **given: Any,
) -> Workers:
    """`count` workers on the PostgreSQL `schema`; with Redis (under `prefix`) unless `prefix` is None, its replies
    read by `parser` (redis-py's default: hiredis's when installed, else its own in Python)."""
    workers = Workers(name, [], [])
    for _ in range(count):
        database = await PostgresDatabase.open(POSTGRES_URL, schema=schema)
        workers.databases.append(database)
        shared = None
        if prefix is not None:
            workers.redis.append(Redis.from_url(REDIS_URL, **({"parser_class": parser} if parser else {})))
            shared = SharedRedis(workers.redis[-1], prefix)
        workers.dispatchers.append(dispatcher(content, database, shared, database_url=POSTGRES_URL, **given))
    return workers


@contextlib.asynccontextmanager
async def schema_of_our_own() -> AsyncIterator[str]:
    """A PostgreSQL schema made for this run and dropped after it: nothing else in the database is touched."""
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    await _run(f"CREATE SCHEMA {schema}")
    try:
        yield schema
    finally:
        await _run(f"DROP SCHEMA {schema} CASCADE")


@contextlib.asynccontextmanager
async def redis_prefix() -> AsyncIterator[str]:
    """A key prefix of this run's own, its keys deleted afterwards."""
    prefix = f"bench-{uuid.uuid4().hex[:10]}:"
    try:
        yield prefix
    finally:
        client = Redis.from_url(REDIS_URL)
        keys = [key async for key in client.scan_iter(f"{prefix}*")]
        if keys:
            await client.delete(*keys)
        await client.aclose()


async def _run(sql: str) -> None:
    connection = await asyncpg.connect(POSTGRES_URL)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@dataclass
class Requests:
    postgres: int = 0  # statements and queries sent on asyncpg connections (BEGIN, COMMIT and resets included)
    redis: int = 0  # commands sent by redis-py clients (a script's EVALSHA is one)


@contextlib.contextmanager
def counting_requests() -> Iterator[Requests]:
    """Counts each request at the client libraries' one door: asyncpg's `Connection.execute` without arguments (a
    simple query: BEGIN, COMMIT, the pool's reset) and `Connection._execute` (every query with arguments and every
    fetch), and redis-py's `Redis.execute_command`."""
    counts = Requests()
    patched = [
        (asyncpg.connection.Connection, "_execute", "postgres"),
        (Redis, "execute_command", "redis"),
    ]
    originals = [(owner, name, getattr(owner, name)) for owner, name, _ in patched]
    simple = asyncpg.connection.Connection.execute

    def counted(original: Any, what: str) -> Any:
        async def call(*args: Any, **kwargs: Any) -> Any:
            setattr(counts, what, getattr(counts, what) + 1)
            return await original(*args, **kwargs)

        return call

    async def execute(self: asyncpg.Connection, query: str, *args: Any, **kwargs: Any) -> Any:
        if not args:  # with arguments it goes through `_execute`, counted there
            counts.postgres += 1
        return await simple(self, query, *args, **kwargs)

    for owner, name, what in patched:
        setattr(owner, name, counted(getattr(owner, name), what))
    asyncpg.connection.Connection.execute = execute  # type: ignore[method-assign]
    try:
        yield counts
    finally:
        asyncpg.connection.Connection.execute = simple  # type: ignore[method-assign]
        for owner, name, original in originals:
            setattr(owner, name, original)


async def servers_missing() -> str | None:
    """Why the two-backend bench cannot run here (`make bench` on a laptop without the servers goes on without it)."""
    try:
        await (await asyncpg.connect(POSTGRES_URL, timeout=5)).close()
    except (OSError, asyncpg.PostgresError) as error:
        return f"no PostgreSQL at {POSTGRES_URL} ({type(error).__name__})"
    redis = Redis.from_url(REDIS_URL, socket_connect_timeout=5)
    try:
        await redis.ping()
    except (OSError, RedisError) as error:
        return f"no Redis at {REDIS_URL} ({type(error).__name__})"
    finally:
        await redis.aclose()
    return None
