"""`python -m bench.backends` (in `make bench`): the bot on SQLite and on PostgreSQL (+ Redis), side by side.

Per backend: µs per update one at a time, updates/s and p50/p99 with 64 in flight, the ratio to SQLite in the same
run, and the database requests and Redis commands per update; then three workers draining scheduled messages at two
SEND_RATEs, and how long a new leader takes to take over after kill -9 of the old one. Prints the table and writes
it into docs/benchmarks.md between its markers (bench/sections.py), with the machine's load and the command.

Needs PostgreSQL (BENCH_POSTGRES_URL, default the test database) and Redis (BENCH_REDIS_URL); works in a schema and
under a key prefix of its own, both removed afterwards.
"""

import argparse
import asyncio
import logging
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from redis._parsers import _AsyncHiredisParser, _AsyncRESP3Parser
from redis.asyncio import Redis
from redis.utils import HIREDIS_AVAILABLE

from bench.backends_drain import drain, drain_rows
from bench.backends_load import LoadRuns, Measured, cpu_per_update_us, per_update_us
from bench.backends_procs import Processes
from bench.backends_setup import (
    POSTGRES_URL,
    REDIS_URL,
    Content,
    Workers,
    postgres_workers,
    redis_prefix,
    schema_of_our_own,
    servers_missing,
    sqlite_workers,
)
from bench.fakes import CannedTelegram
from bench.load import STORED_USERS, _top_costs, feed
from bench.sections import BEGIN, END, with_section
from bench.takeover import takeovers
from bench.traffic import ROOT, People, bot_traffic, load_catalog, seed
from bot.__main__ import event_loop
from bot.app import create_bot
from bot.core.database import Database
from bot.core.i18n import I18n
from bot.core.moving import copy_to_postgresql
from bot.features.scenarios.search import SearchIndex
from bot.runner import share_the_interpreter

DOCS = ROOT / "docs" / "benchmarks.md"
NOTES = ROOT / "bench" / "backends.md"  # what was changed for PostgreSQL and what each change gained, by hand
MANY = 64
RATES = (25, 100)
TAKEOVERS = 3
ONE_WORKER = "PostgreSQL + Redis, 1 worker"
_BEGAN = time.perf_counter()


def log(line: str) -> None:
    print(f"[{time.perf_counter() - _BEGAN:4.0f} s] {line}", file=sys.stderr, flush=True)


@asynccontextmanager
async def backends(content: Content, workdir: Path) -> AsyncIterator[tuple[list[Workers | Processes], object]]:
    """The backends on the same seeded people; yields them and a function that clears Redis between runs."""
    path = workdir / "bench.sqlite3"
    await (await Database.open(path)).close()
    seed(path, content.catalog, STORED_USERS)
    async with schema_of_our_own() as schema, redis_prefix() as prefix:
        await copy_to_postgresql(path, POSTGRES_URL, schema=schema)
        opened: list[Workers | Processes] = [
            await sqlite_workers(content, path),
            await postgres_workers(content, "PostgreSQL, no Redis", schema, 1, None),
            await postgres_workers(content, ONE_WORKER, schema, 1, prefix, _AsyncRESP3Parser),  # the bot's, no hiredis
        ]
        if HIREDIS_AVAILABLE:  # from the `bench` extra; without it the row is left out
            hiredis = await postgres_workers(content, f"{ONE_WORKER}, hiredis", schema, 1, prefix, _AsyncHiredisParser)
            opened.append(hiredis)
        opened.append(await Processes("PostgreSQL + Redis, 3 worker processes", schema, prefix, 3).start())
        client = Redis.from_url(REDIS_URL)

        async def forget() -> None:
            keys = [key async for key in client.scan_iter(f"{prefix}*")]
            if keys:
                await client.delete(*keys)

        try:
            yield opened, forget
        finally:
            await client.aclose()
            for workers in opened:
                await workers.close()


async def run_load(content: Content, people: int, repeats: int, profile: bool) -> tuple[dict[str, Measured], str]:
    bot = create_bot("42:BENCH", session=CannedTelegram())
    with tempfile.TemporaryDirectory(prefix="bench-backends-") as tmp:
        log(f"Seeding {STORED_USERS:,} people into SQLite and PostgreSQL…")
        async with backends(content, Path(tmp)) as (opened, forget):
            runs = LoadRuns(content, bot, People(STORED_USERS), forget)  # type: ignore[arg-type]
            log(f"Load: {len(opened)} backends × (1, {MANY}) in flight × {repeats} runs of {people} people")
            results = await runs.measure(opened, people, repeats, (1, MANY), log)
            where = await profiled(runs, opened[2], people) if profile else ""  # type: ignore[arg-type]
    return results, where


async def profiled(runs: LoadRuns, workers: Workers, people: int) -> str:
    """pyinstrument over one run of `workers` with 64 in flight: where an update's time goes."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        return "pyinstrument is not installed (the `bench` extra): profile skipped."
    await runs.forget()
    updates = bot_traffic(runs.bot, runs.content.catalog, runs.people.take(people))
    profiler = Profiler(interval=0.0005, async_mode="enabled")
    profiler.start()
    await feed(workers, runs.bot, updates, MANY)  # type: ignore[arg-type]
    return f"{workers.name}, {MANY} in flight:\n" + _top_costs(profiler.stop(), 20, len(updates))


def load_table(results: dict[str, Measured]) -> str:
    sqlite = next(iter(results.values()))
    lines = [
        f"| Backend | µs per update, one at a time | updates/s, {MANY} in flight | × SQLite | p50 / p99 at {MANY}, ms"
        f" | CPU µs per update at {MANY}: the bot + the servers | database requests per update"
        " | Redis commands per update |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, m in results.items():
        ratios = [a.per_second / b.per_second for a, b in zip(m.runs[MANY], sqlite.runs[MANY], strict=True)]
        lines.append(
            f"| {name} | {m.median(1, per_update_us):,.0f} | {m.median(MANY, lambda r: r.per_second):,.0f}"
            f" | {statistics.median(ratios):.2f}× ({min(ratios):.2f}–{max(ratios):.2f}) "
            f"| {m.median(MANY, lambda r: r.percentile(0.5) * 1e3):.1f} / "
            f"{m.median(MANY, lambda r: r.percentile(0.99) * 1e3):.1f} | {m.median(MANY, cpu_per_update_us):,.0f}"
            f" + {statistics.median(m.servers[MANY]):,.0f}"
            f" | {m.trips:.1f} | {m.redis:.1f} |"
        )
    return "\n".join(lines)


def others_table(drained: list[str], takeover: list[float]) -> str:
    seconds = ", ".join(f"{s:.2f}" for s in takeover)
    return "\n".join(
        [
            "| Part | Setting | Figure | Check |",
            "| --- | --- | --- | --- |",
            *drained,
            f"| Leader taken over after kill -9 | {len(takeover)} times, subprocesses | median"
            f" {statistics.median(takeover):.2f} s ({seconds}) | followers ask every 2 s (ASK_EVERY) |",
        ]
    )


def section(tables: str, elapsed: float) -> str:
    notes = NOTES.read_text(encoding="utf-8").strip() if NOTES.exists() else ""
    load = subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()
    return f"""{BEGIN}
## Two backends: SQLite and PostgreSQL (+ Redis)

Written by `{command()}` on {time.strftime("%Y-%m-%d %H:%M")} UTC in {elapsed:.0f} s; machine load at the end:
`{load}` (`uptime`). Same walk as above (bench/traffic.py), the same {STORED_USERS:,} people stored in each database,
the same fake Telegram; medians of the runs, the ratio to SQLite taken within each round. Redis replies are read by
redis-py's own parser (in Python) except in the "hiredis" row. Three worker processes are three OS processes
(bench/backends_procs.py), each with its own PostgreSQL pool and Redis client on the same schema; people are hashed
to them (user id modulo 3) as a load balancer keeping a person on one worker would, the {MANY} in flight split
among them, and their updates counted over one wall-clock window, first start to last end (one at a time, they take
turns). Requests are counted on one more sequential run: for SQLite the calls into aiosqlite's thread, for
PostgreSQL every statement sent on an asyncpg connection (BEGIN, COMMIT and the pool's reset included), for Redis
every command (a script's EVALSHA is one). The CPU columns: the bot's process (or the three worker processes summed),
and the servers' read from /proc for every `postgres` and `redis-server` process, so other work on the same servers
counts too (the SQLite row shows how much).

{tables}

{notes}
{END}"""


def command() -> str:
    return f"PYTHONPATH=. .venv/bin/python -m bench.backends {' '.join(sys.argv[1:])}".strip()


def main() -> int:
    # The sender's job is skipped while its previous run still paces a backlog: said every second, of no interest here.
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(prog="python -m bench.backends", description=__doc__)
    parser.add_argument("--load", type=int, default=300, metavar="N", help="people per load run (~11 updates each)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="pyinstrument over PostgreSQL + Redis, one worker")
    parser.add_argument("--no-docs", action="store_true", help="print only; docs/benchmarks.md is left as it is")
    parser.add_argument("--load-only", action="store_true", help="no drain, no takeover; docs are not written")
    options = parser.parse_args()
    missing = asyncio.run(servers_missing())
    if missing:
        print(f"{missing}: the two-backend bench is skipped, docs/benchmarks.md keeps its last table")
        return 0
    share_the_interpreter()  # as bot/runner.py does
    catalog = load_catalog()
    content = Content(catalog, SearchIndex(catalog), I18n("ru"))
    with asyncio.Runner(loop_factory=event_loop()) as runner:
        results, where = runner.run(run_load(content, options.load, options.repeats, options.profile))
        if where:
            log(f"\n{where}\n")
        if options.load_only:
            print(load_table(results))
            return 0
        log(f"Drain: three workers at SEND_RATE {RATES}…")
        drained = drain_rows([runner.run(drain(content, rate)) for rate in RATES])
        log(f"Takeover: {TAKEOVERS} times kill -9 of the leader…")
        taken = runner.run(takeovers(TAKEOVERS))
    tables = f"{load_table(results)}\n\n{others_table(drained, taken)}"
    print(tables)
    if not options.no_docs:
        text = section(tables, time.perf_counter() - _BEGAN)
        DOCS.write_text(with_section(DOCS.read_text(encoding="utf-8"), text), encoding="utf-8")
        print(f"\nWritten into {DOCS.relative_to(ROOT)} between its markers.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
