"""One worker leads — sends scheduled messages and digests — and another takes over when it dies."""

import asyncio
from pathlib import Path

import pytest

from bot.core.backends import open_database
from bot.core.config import Settings
from bot.core.leader import Duty, Leadership
from bot.core.postgres import LEADER_LOCK
from tests.conftest import Backend, database_for_test

QUICK = 0.05  # seconds between attempts to lead, so the test takes a fraction of a second


class Worker:
    def __init__(self, name: str, log: list[str]) -> None:
        self.name, self.log = name, log

    async def start(self, bot: object) -> None:
        self.log.append(f"{self.name} leads")

    async def stop(self) -> None:
        self.log.append(f"{self.name} stops")


async def until(condition, seconds: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    for _ in range(int(seconds / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("did not happen in time")


async def test_sqlite_leads_from_start_up(tmp_path: Path) -> None:
    log: list[str] = []
    database = await open_database(Settings(_env_file=None, database_path=tmp_path / "bot.sqlite3"))
    worker = Worker("only", log)
    leadership = Leadership(database, [Duty(worker.start, worker.stop)])
    await leadership.start(None)  # type: ignore[arg-type]
    await leadership.stop()
    await database.close()
    assert log == ["only leads", "only stops"]


async def test_one_worker_leads_and_the_next_takes_over_when_it_dies(postgres: Backend, tmp_path: Path) -> None:
    settings = Settings(_env_file=None, database_path=tmp_path / "x", **postgres.settings)
    databases = [await open_database(settings, schema=postgres.schema) for _ in range(2)]
    log: list[str] = []
    workers = [Worker(name, log) for name in ("first", "second")]
    leaderships = [
        Leadership(database, [Duty(worker.start, worker.stop)], ask_every=QUICK)
        for database, worker in zip(databases, workers, strict=True)
    ]
    try:
        await leaderships[0].start(None)  # type: ignore[arg-type]
        await until(lambda: leaderships[0].leading)
        await leaderships[1].start(None)  # type: ignore[arg-type]
        await asyncio.sleep(5 * QUICK)
        assert log == ["first leads"], "the second worker waits while the first holds the lock"
        # The first worker's server connection dies, as it does when its process is killed with -9.
        await postgres.run(
            "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory'"
            f" AND classid = {LEADER_LOCK} AND objid = hashtext('{postgres.schema}')::oid AND objsubid = 2"
        )
        await until(lambda: leaderships[1].leading)
        await until(lambda: not leaderships[0].leading)
        assert log[:1] == ["first leads"] and "second leads" in log and "first stops" in log
        assert log.count("second leads") == 1
    finally:
        for leadership in leaderships:
            await leadership.stop()
        for database in databases:
            await database.close()


@pytest.mark.parametrize("workers", [3])
async def test_workers_starting_together_elect_one_leader(postgres: Backend, tmp_path: Path, workers: int) -> None:
    settings = Settings(_env_file=None, database_path=tmp_path / "x", **postgres.settings)
    databases = [await open_database(settings, schema=postgres.schema) for _ in range(workers)]
    log: list[str] = []
    leaderships = [
        Leadership(database, [Duty(Worker(str(n), log).start)], ask_every=QUICK) for n, database in enumerate(databases)
    ]
    try:
        await asyncio.gather(*(leadership.start(None) for leadership in leaderships))  # type: ignore[arg-type]
        await asyncio.sleep(10 * QUICK)
        assert sum(leadership.leading for leadership in leaderships) == 1 and len(log) == 1
    finally:
        for leadership in leaderships:
            await leadership.stop()
        for database in databases:
            await database.close()


async def test_two_bots_in_two_schemas_of_one_database_each_have_a_leader(postgres: Backend, tmp_path: Path) -> None:
    """Advisory locks are the whole database's: the leader's lock is the schema's own, or only one bot would lead."""
    log: list[str] = []
    async with database_for_test("postgresql", tmp_path) as other:
        settings = Settings(_env_file=None, database_path=tmp_path / "x", **postgres.settings)
        databases = [await open_database(settings, schema=bot.schema) for bot in (postgres, other)]
        leaderships = [
            Leadership(database, [Duty(Worker(f"bot {n}", log).start)], ask_every=QUICK)
            for n, database in enumerate(databases)
        ]
        try:
            for leadership in leaderships:
                await leadership.start(None)  # type: ignore[arg-type]
            await until(lambda: all(leadership.leading for leadership in leaderships))
            assert sorted(log) == ["bot 0 leads", "bot 1 leads"]
        finally:
            for leadership in leaderships:
                await leadership.stop()
            for database in databases:
                await database.close()
