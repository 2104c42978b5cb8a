"""`python -m bench.stats`: the database time of /stats with 1,000,000 events and 100,000 people.

Seeds a year of synthetic history into a file under /tmp (`--path`), or with `--postgresql URL` into a PostgreSQL
schema (`--schema`, kept between runs like the file; `--fresh` seeds again), folds it into
the roll-ups as the job does (timed: the catch-up of the whole year, then one day), then times the queries one /stats
screen makes and the CSV's — for an administrator (everybody) and a coordinator (three groups), for each period —
read from the roll-ups and, in the same run, from the events alone (`StatsRepo.rollups = False`, as before them),
and the chart's. Figures only: the median and the range of several runs.
"""

import argparse
import asyncio
import gc
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import asyncpg

from bot.core.backends import AnyDatabase
from bot.core.database import Database
from bot.core.people import EventRepo
from bot.core.postgres import PostgresDatabase
from bot.features.scenarios.journey import Progress
from bot.features.scenarios.repo import ProgressRepo
from bot.features.stats.repo import Scope, StatsRepo
from bot.features.stats.rollups import START, fold, open_walk
from bot.features.stats.rules import PERIODS, chart_weeks, period, stamp

PATH = Path(tempfile.gettempdir()) / "timurovets-bench-stats.sqlite3"
SCHEMA = "bench_stats"
PEOPLE = 100_000
EVENTS = 1_000_000
GROUPS = 600
GROUP_SIZE = 25
COORDINATOR = 7  # owns groups 1–3
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
ZONE = ZoneInfo("Europe/Moscow")
SCENARIOS = ("passport", "doctor", "pension", "fraud", "account", "benefits", "school", "tax")
# A school-year mix: most events are steps of walks; the rest is what coordinators read.
KINDS = {
    "start": 12, "step": 45, "back": 5, "resume": 3, "complete": 7, "abandon": 4, "search_miss": 3, "quiz_done": 5,
    "quiz_missed": 8, "homework_done": 2, "homework_late": 1, "pledge_made": 1, "pledge_confirmed": 1,
    "pledge_self": 1, "followup_yes": 1, "followup_not_yet": 1, "followup_help": 1, "joined": 1,
}  # fmt: skip
RUNS = 7
UPDATES = 200  # per round of the update path's measure, with the index and without it
ROUNDS = 4
OPEN_WALKS_INDEX = (
    "CREATE INDEX progress_open_walks ON progress (user_id, scenario_id)"
    f" WHERE {open_walk('walk_started', 'walk_finished')}"
)  # as migration 0013 makes it
RAW_RUNS = 3  # events alone: seconds a run for an administrator's year


def history() -> dict[str, tuple[tuple[str, ...], Iterable[tuple]]]:
    """Every table's rows (columns, rows made as they are written), the same on both databases."""
    rng = random.Random(9)
    year = timedelta(days=365)
    first = NOW - year
    kinds, weights = list(KINDS), list(KINDS.values())

    def events() -> Iterable[tuple]:
        seconds = sorted(rng.random() * year.total_seconds() for _ in range(EVENTS))
        for s, kind in zip(seconds, rng.choices(kinds, weights, k=EVENTS), strict=True):
            yield _event(rng, kind, stamp(first + timedelta(seconds=s)))

    return {
        "users": (
            ("id", "locale", "first_name", "created_at", "updated_at"),
            ((i, "ru", "Аня", stamp(when), stamp(when)) for i in range(1, PEOPLE + 1)
             for when in [first + year * rng.random()]),
        ),
        "groups": (
            ("id", "name", "coordinator_user_id", "time_zone", "created_at"),
            ((g, f"Группа {g}", COORDINATOR if g <= 3 else 100 + g // 3, "Europe/Moscow", stamp(first))
             for g in range(1, GROUPS + 1)),
        ),
        "group_members": (
            ("group_id", "user_id", "joined_at"),
            ((g, (g - 1) * GROUP_SIZE + m + 1, stamp(first)) for g in range(1, GROUPS + 1) for m in range(GROUP_SIZE)),
        ),
        "progress": (
            ("user_id", "scenario_id", "step_id", "trail", "ticks", "version", "updated_at"),
            ((i, scenario, f"s{rng.randint(1, 9)}", "[]", "{}", "", stamp(first)) for i in range(1, PEOPLE + 1)
             for scenario in rng.sample(SCENARIOS, 3)),
        ),
        "coordinators": (("user_id", "created_at"), [(COORDINATOR, stamp(first))]),
        "events": (("user_id", "kind", "scenario_id", "step_id", "group_id", "value", "ref", "created_at"), events()),
    }  # fmt: skip


def seed_sqlite(path: Path) -> None:
    with sqlite3.connect(path) as db:
        for table, (columns, rows) in history().items():
            marks = ", ".join("?" * len(columns))
            db.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
        db.commit()


async def seed_postgresql(url: str, schema: str) -> None:
    connection = await asyncpg.connect(url, server_settings={"search_path": schema})
    try:
        for table, (columns, rows) in history().items():
            await connection.copy_records_to_table(table, records=rows, columns=columns)
        await connection.execute("ANALYZE")
    finally:
        await connection.close()


def _event(rng: random.Random, kind: str, when: str) -> tuple:
    user = rng.randint(1, PEOPLE)
    group = (user - 1) // GROUP_SIZE + 1 if user <= GROUPS * GROUP_SIZE else None
    scenario = rng.choice(SCENARIOS)
    if kind in ("homework_done", "homework_late", "joined"):
        return user, kind, None, None, group or 1, rng.randint(30, 100), str(rng.randint(1, 500)), when
    if kind == "quiz_done":
        return user, kind, scenario, None, None, rng.randint(20, 100), str(rng.randint(1, 10**6)), when
    if kind == "quiz_missed":
        return user, kind, scenario, None, None, None, f"q{rng.randint(1, 8)}", when
    if kind == "search_miss":
        return user, kind, None, None, None, None, rng.choice(("пенсия", "полис", "налог", None)), when
    if kind.startswith("pledge"):
        return user, kind, None, None, None, rng.randint(1, 3), str(rng.randint(1, 10**6)), when
    return user, kind, scenario, f"s{rng.randint(1, 9)}", None, None, None, when


async def screen(repo: StatsRepo, scope: Scope, key: str) -> None:
    """The queries of one /stats screen."""
    await repo.report(scope, period(key, NOW.astimezone(ZONE)))
    await repo.groups(scope)


async def chart(repo: StatsRepo, scope: Scope) -> None:
    await repo.weekly(scope, [stamp(week) for week in chart_weeks(NOW.astimezone(ZONE))], stamp(NOW))


async def csv(repo: StatsRepo, scope: Scope, key: str = "m") -> None:
    shown = period(key, NOW.astimezone(ZONE))
    await asyncio.gather(repo.report(scope, shown), repo.member_events(scope, shown.bounds), repo.members(scope))


async def timed(work: Callable[[], Awaitable[None]], runs: int = RUNS) -> tuple[float, float, float]:
    await work()  # warm the page cache
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        await work()
        times.append((time.perf_counter() - began) * 1e3)
    return statistics.median(times), min(times), max(times)


# What the job has folded, undone: the database as the migration left it.
UNFOLD = (
    *[(f"DELETE FROM {table}", ()) for table in ("stats_days", "stats_totals", "stats_members")],
    ("UPDATE progress SET walk_started = NULL, walk_finished = NULL", ()),
    ("UPDATE stats_folded SET folded_until = ?", (START,)),
)


async def folding(database: AnyDatabase) -> None:
    """The job's work, timed: the whole year folded from nothing (as the first run after the migration), then a day."""
    await database.write(UNFOLD)
    chunks = []
    write = database.write

    async def timed_write(statements: list) -> None:
        began = time.perf_counter()
        await write(statements)
        chunks.append((time.perf_counter() - began) * 1e3)

    database.write = timed_write  # type: ignore[method-assign]
    try:
        began = time.perf_counter()
        await fold(database, NOW - timedelta(days=1))
        year = time.perf_counter() - began
        print(f"fold, a year from nothing: {year:.2f} s in {len(chunks)} transactions of a day"
              f" (median {statistics.median(chunks):.0f} ms, the longest {max(chunks):.0f} ms)")  # fmt: skip
        chunks.clear()
        began = time.perf_counter()
        await fold(database, NOW)
        print(f"fold, one day: {(time.perf_counter() - began) * 1e3:.1f} ms, its transaction {chunks[0]:.1f} ms")
        began = time.perf_counter()
        await fold(database, NOW)
        print(f"fold, nothing new (every run but one a day): {(time.perf_counter() - began) * 1e3:.2f} ms")
    finally:
        del database.write
    print(f"on events: {await on_events(database)}")


async def on_events(database: AnyDatabase) -> str:
    """The triggers and indexes on the events table: what an update pays for when it writes an event."""
    if database.dialect == "postgresql":
        triggers = "SELECT tgname FROM pg_trigger WHERE tgrelid = 'events'::regclass AND NOT tgisinternal"
        indexes = "SELECT indexname FROM pg_indexes WHERE tablename = 'events' AND schemaname = current_schema()"
    else:
        triggers = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        indexes = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'"
    names = [sorted(name for (name,) in await database.fetch_all(sql)) for sql in (triggers, indexes)]
    return f"triggers {names[0]}, indexes {names[1]}"


async def open_seeded(options: argparse.Namespace) -> AnyDatabase:
    """The benchmark's database, seeded once (again with `--fresh`)."""
    began = time.perf_counter()
    if options.postgresql:
        try:
            connection = await asyncpg.connect(options.postgresql)
        except (OSError, asyncpg.PostgresError) as error:
            # `make bench` asks for PostgreSQL by default; a laptop without it still gets the SQLite figures.
            print(f"no PostgreSQL at {options.postgresql} ({type(error).__name__}): /stats on PostgreSQL not measured")
            raise SystemExit(0) from None
        try:
            if options.fresh:
                await connection.execute(f"DROP SCHEMA IF EXISTS {options.schema} CASCADE")
            fresh = not await connection.fetchval("SELECT 1 FROM pg_namespace WHERE nspname = $1", options.schema)
            if fresh:
                await connection.execute(f"CREATE SCHEMA {options.schema}")
        finally:
            await connection.close()
        database = await PostgresDatabase.open(options.postgresql, schema=options.schema)
        if fresh:
            await seed_postgresql(options.postgresql, options.schema)
        where = f"schema {options.schema}"
    else:
        fresh = options.fresh or not options.path.exists()
        if fresh:
            options.path.unlink(missing_ok=True)
            await (await Database.open(options.path)).close()
            seed_sqlite(options.path)
        database = await Database.open(options.path)
        where = str(options.path)
    if fresh:
        print(f"seeded {EVENTS:,} events and {PEOPLE:,} people in {time.perf_counter() - began:.0f} s: {where}")
    return database


# The tables a year of /stats reads, as autovacuum leaves them once they stop changing (it may be off on a test
# server): the planner's counts fresh, dead rows of the fold's updates gone, and the visibility map set, which
# index-only scans of the events' covering index need.
SETTLE = "VACUUM (ANALYZE) events, progress, users, group_members, stats_days, stats_totals, stats_members"


async def measure(options: argparse.Namespace) -> None:
    database = await open_seeded(options)
    print(f"database: {database.dialect}")
    try:
        await folding(database)
        if options.postgresql:
            connection = await asyncpg.connect(options.postgresql, server_settings={"search_path": options.schema})
            try:
                await connection.execute(SETTLE)
            finally:
                await connection.close()
        await update_path(database)
        gc.collect()  # as bot/runner.py does once started: a full collection then walks only what came after
        gc.freeze()
        repo = StatsRepo(database.transaction())
        print("\n| Query | Who | Roll-ups: median | min – max | Events alone: median | min – max | × faster |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        for who, scope in (("administrator", Scope()), ("coordinator, 3 groups", Scope(COORDINATOR))):
            for name, work in (
                *[(f"/stats screen, period {key}", lambda k=key, s=scope: screen(repo, s, k)) for key in PERIODS],
                *[(f"📄 CSV, period {key}", lambda k=key, s=scope: csv(repo, s, k)) for key in PERIODS],
                ("📈 chart, 8 weeks", lambda s=scope: chart(repo, s)),
            ):
                rolled = await timed(work)
                StatsRepo.rollups = False
                try:
                    raw = await timed(work, RAW_RUNS)
                finally:
                    StatsRepo.rollups = True
                print(_row(name, who, rolled, raw))
        print("\nThe parts of an administrator's screen and CSV that are about each person:")
        print("\n| Query | Period | Median | min – max |\n| --- | --- | --- | --- |")
        for key in PERIODS:
            bounds = period(key, NOW.astimezone(ZONE)).bounds
            stopped = await timed(lambda b=bounds: repo.dropouts(Scope(), b.start, b.end))
            print(f"| where walks stopped (each person's place, progress) | {key} | {_figures(stopped)} |")
            results = await timed(lambda b=bounds: repo.member_events(Scope(), b))
            print(f"| each member's results (the CSV's second file) | {key} | {_figures(results)} |")
    finally:
        await database.close()


async def update_path(database: AnyDatabase) -> None:
    """What a step of a guide writes (its event, the person's place: the bot's own repositories), timed with
    migration 0013's partial index on progress and without it, in alternating rounds, on places that are in the index
    (open walks). The fold's two columns are NULL or unchanged in an update's row, so they cost it nothing to write."""
    places = await database.fetch_all(
        f"SELECT user_id, scenario_id, step_id FROM progress WHERE {open_walk('walk_started', 'walk_finished')}"
        f" ORDER BY user_id LIMIT {UPDATES}"
    )
    ((last,),) = await database.fetch_all("SELECT MAX(id) FROM events")
    times: dict[str, list[float]] = {"with the index": [], "without it": []}
    try:
        for _ in range(ROUNDS):
            for indexed, spent in zip((True, False), times.values(), strict=True):
                if not indexed:
                    await database.write([("DROP INDEX progress_open_walks", ())])
                for user_id, scenario_id, step_id in places:
                    tx = database.transaction()
                    EventRepo(tx).add(user_id, "step", scenario_id, step_id)
                    ProgressRepo(tx).save(user_id, Progress(scenario_id, step_id, ""))
                    began = time.perf_counter()
                    await tx.commit()
                    spent.append((time.perf_counter() - began) * 1e6)
                if not indexed:
                    await database.write([(OPEN_WALKS_INDEX, ())])
    finally:
        await database.write([("DELETE FROM events WHERE id > ?", (last,))])
    print(f"\nAn update's writes (a step: its event and the person's place), {ROUNDS} × {UPDATES} commits each:")
    for label, spent in times.items():
        low, _, high = statistics.quantiles(spent, n=4)
        print(f"- {label}: median {statistics.median(spent):.0f} µs (quartiles {low:.0f} – {high:.0f} µs)")


def _figures(figures: tuple[float, float, float]) -> str:
    return f"{figures[0]:.1f} ms | {figures[1]:.1f} – {figures[2]:.1f} ms"


def _row(name: str, who: str, rolled: tuple[float, float, float], raw: tuple[float, float, float]) -> str:
    return (
        f"| {name} | {who} | {rolled[0]:.1f} ms | {rolled[1]:.1f} – {rolled[2]:.1f} ms"
        f" | {raw[0]:.1f} ms | {raw[1]:.1f} – {raw[2]:.1f} ms | {raw[0] / rolled[0]:.1f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.stats", description=__doc__)
    parser.add_argument("--fresh", action="store_true", help="seed the database again")
    parser.add_argument("--path", type=Path, default=PATH, help=f"the SQLite file (default {PATH})")
    parser.add_argument("--postgresql", metavar="URL", help="measure on PostgreSQL at URL instead of SQLite")
    parser.add_argument("--schema", default=SCHEMA, help=f"the PostgreSQL schema to seed and read (default {SCHEMA})")
    asyncio.run(measure(parser.parse_args()))


if __name__ == "__main__":
    main()
