"""`python -m bench` (or `make bench`): load, layers, profile, start-up and memory; prints one table and writes it,
with the machine and the command, to docs/benchmarks.md. Figures only: nothing passes or fails on time.

`--quick` shrinks every part for a smoke test (its figures are not worth keeping; docs are not written).
"""

import argparse
import asyncio
import itertools
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from bench.counts import Counts
from bench.load import BARE, DURABLE_PEER, FULL, PEER, STORED_USERS, LoadBench, Run
from bench.memory import memory
from bench.sections import kept
from bench.startup import ROOT, startup
from bench.traffic import load_catalog, seed
from bot.__main__ import event_loop
from bot.core.database import Database

DOCS = ROOT / "docs" / "benchmarks.md"
CONCURRENCY = 64


_BEGAN = time.perf_counter()


def log(line: str) -> None:
    print(f"[{time.perf_counter() - _BEGAN:4.0f} s] {line}", file=sys.stderr, flush=True)


def spread(values: Iterable[float]) -> tuple[float, float, float]:
    values = list(values)
    return statistics.median(values), min(values), max(values)


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, ...]] = []

    def add(self, section: str, figure: str, values: Iterable[float], fmt: str, target: str = "") -> None:
        middle, low, high = spread(values)
        self.rows.append((section, figure, fmt.format(middle), f"{fmt.format(low)} – {fmt.format(high)}", target))

    def markdown(self) -> str:
        head = ("Part", "Figure", "Median", "Min – max", "Target / note")
        lines = [_row(head), _row(tuple("---" for _ in head))]
        return "\n".join([*lines, *map(_row, self.rows)])


def _row(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(cells) + " |"


def per_update(run: Run) -> float:
    return run.seconds / run.count


# The headline: the bot, the peers it should not be slower than (the durable one only if Redis could be reached), and
# the floor.
COMPARED = (FULL, PEER, DURABLE_PEER, BARE)


def compared(results: dict[tuple[str, int], list[Run]]) -> list[str]:
    return [name for name in COMPARED if (name, 1) in results]


def _cell(values: Iterable[float], fmt: str) -> str:
    middle, low, high = spread(values)
    return f"{fmt.format(middle)} ({fmt.format(low)}–{fmt.format(high)})"


def cpu(run: Run) -> float:
    return run.cpu_seconds / run.count


def _ratios(runs: list[Run], bare: list[Run], cost: Callable[[Run], float] = per_update) -> list[float]:
    """Per-update cost over bare aiogram's in the same round of runs, so a slow moment of the machine cancels out."""
    return [cost(a) / cost(b) for a, b in zip(runs, bare, strict=True)]


def headline(results: dict[tuple[str, int], list[Run]], counts: dict[str, Counts], modes: tuple[int, ...]) -> str:
    """One row per stack: wall time per update and its ratio to bare aiogram, one at a time and `modes[-1]` at a
    time; CPU per update (all threads); latency under concurrency; what an update costs in calls."""
    many = modes[-1]
    head = (
        "Stack",
        "µs per update, one at a time",
        "× bare",
        "CPU µs per update, all threads (× bare)",
        f"µs per update, {many} concurrent",
        "× bare",
        f"p50 / p99 at {many} concurrent, ms",
        "Telegram calls per update",
        "aiosqlite trips per update",
    )
    lines = [_row(head), _row(tuple("---" for _ in head))]
    for name in compared(results):
        one, all_ = results[name, 1], results[name, many]
        latency = (
            f"{statistics.median(r.percentile(0.5) for r in all_) * 1e3:.1f} / "
            f"{statistics.median(r.percentile(0.99) for r in all_) * 1e3:.1f}"
        )
        figures = counts[name].per_update()
        row = (
            name,
            _cell((per_update(r) * 1e6 for r in one), "{:,.0f}"),
            _cell(_ratios(one, results[BARE, 1]), "{:.2f}×"),
            f"{statistics.median(cpu(r) for r in one) * 1e6:,.0f} "
            f"({statistics.median(_ratios(one, results[BARE, 1], cpu)):.2f}×)",
            _cell((per_update(r) * 1e6 for r in all_), "{:,.0f}"),
            _cell(_ratios(all_, results[BARE, many]), "{:.2f}×"),
            latency,
            f"{figures['telegram_calls']:.2f}",
            f"{figures['database_trips']:.2f}",
        )
        lines.append(_row(row))
    return "\n".join(lines)


def breakdown(counts: dict[str, Counts]) -> str:
    """Where an update's work goes, counted (see `bench.counts`)."""
    head = (
        "Stack",
        "aiosqlite trips",
        "µs waiting on them",
        "of which SQL in the thread",
        "routers entered",
        "handler checks",
        "CallbackData.unpack tried / failed",
    )
    lines = [_row(head), _row(tuple("---" for _ in head))]
    for name in counts:
        c = counts[name].per_update()
        lines.append(
            _row(
                (
                    name,
                    f"{c['database_trips']:.2f}",
                    f"{c['database_wait']:,.0f}",
                    f"{c['database_sql']:,.0f}",
                    f"{c['routers']:.1f}",
                    f"{c['handler_checks']:.1f}",
                    f"{c['unpacks']:.1f} / {c['unpack_failures']:.1f}",
                )
            )
        )
    return "\n".join(lines)


def load_rows(table: Table, results: dict[tuple[str, int], list[Run]], modes: tuple[int, ...]) -> None:
    for mode in modes:
        part = "1. Load, " + ("sequential" if mode == 1 else f"{mode} concurrent")
        for name in compared(results):
            runs = results[name, mode]
            table.add(part, f"Updates/s — {name}", (r.per_second for r in runs), "{:,.0f}")
            queueing = "" if mode == 1 or name != FULL else f"mostly queueing: {mode} in flight ÷ updates/s"
            table.add(part, f"p50 latency — {name}", (r.percentile(0.5) * 1e3 for r in runs), "{:.2f} ms", queueing)
            table.add(part, f"p99 latency — {name}", (r.percentile(0.99) * 1e3 for r in runs), "{:.2f} ms")
        if mode == 1:
            p99 = (r.percentile(0.99, "next") * 1e3 for r in results[FULL, mode])
            table.add(part, "p99 of a scenario step (Next press) — bot", p99, "{:.2f} ms", "≤ 5 ms")


def layer_rows(table: Table, results: dict[tuple[str, int], list[Run]]) -> None:
    """The bot with one layer replaced, one update at a time (only so are they measured): what each layer costs."""
    part = "2. Layers, sequential"
    bot = [per_update(r) for r in results[FULL, 1]]
    for (name, mode), runs in results.items():
        if mode != 1 or not name.startswith(f"{FULL}, "):
            continue
        costs = [per_update(r) for r in runs]
        saved = statistics.median(bot) - statistics.median(costs)
        note = f"the layer costs {saved * 1e6:,.0f} µs/update, {saved / statistics.median(bot):.0%} of the bot"
        table.add(part, f"Wall per update — {name}", (c * 1e6 for c in costs), "{:,.0f} µs", note)
    table.add(part, "Wall per update — bot (all layers)", (c * 1e6 for c in bot), "{:,.0f} µs")


def startup_rows(table: Table, results: dict[str, list[tuple[float, dict[str, float]]]]) -> None:
    part = "3. Start-up"
    bot, bare = results["bot"], results["bare"]
    phases = {phase: statistics.median(p[phase] for _, p in bot) for phase in bot[0][1]}
    breakdown = ", ".join(f"{phase} {seconds:.2f}" for phase, seconds in phases.items())
    table.add(part, "Process start → ready — bot", (s for s, _ in bot), "{:.2f} s", f"phases (s): {breakdown}")
    table.add(part, "Process start → ready — bare aiogram", (s for s, _ in bare), "{:.2f} s")
    ratios = [a / b for (a, _), (b, _) in zip(bot, bare, strict=True)]
    table.add(part, "Start-up, bot ÷ bare", ratios, "{:.2f}×", "≤ 2×")


def memory_rows(table: Table, results: dict[str, list[dict[str, Any]]], db_mb: float) -> None:
    part = "4. Memory (RSS)"
    bot, bare = results["bot"], results["bare"]
    rss = {phase: statistics.median(r["phases"][phase] for r in bot) for phase in bot[0]["phases"]}
    steps = ", ".join(f"{phase} {mb:.0f}" for phase, mb in rss.items())
    stored = f"{STORED_USERS:,} people in SQLite ({db_mb:.0f} MB file); MB after each start-up phase: {steps}"
    table.add(part, "Bot, ready", (r["ready"] for r in bot), "{:.0f} MB", stored)
    table.add(part, "Bare aiogram, ready", (r["ready"] for r in bare), "{:.0f} MB")
    pairs = list(zip(bot, bare, strict=True))
    table.add(part, "Growth over bare aiogram, ready", (a["ready"] - b["ready"] for a, b in pairs), "{:.0f} MB")
    served = sorted(bot[0]["served"])
    for people in served:
        seconds = statistics.median(r["seconds"][people] for r in bot)
        note = f"≤ 150 MB; served in {seconds:.0f} s"
        table.add(
            part, f"Bot, after /start from {people:,} people", (r["served"][people] for r in bot), "{:.0f} MB", note
        )
        table.add(part, f"Bare aiogram, after {people:,} /start", (r["served"][people] for r in bare), "{:.0f} MB")
        growth = [a["served"][people] - b["served"][people] for a, b in pairs]
        goal = "≤ 50 MB (../shared/PERFORMANCE.md)"
        table.add(part, f"Growth over bare aiogram, after {people:,} people", growth, "{:.0f} MB", goal)
    # Serving grows any process (allocator arenas, caches); what the bot keeps per person is its growth beyond that.
    # From ready to the first checkpoint the bounded caches fill; between checkpoints only what is not bounded grows.
    for low, high in [(0, served[0]), *itertools.pairwise(served)]:
        kept = [(_grew(a, low, high) - _grew(b, low, high)) / (high - low) * 2**20 for a, b in pairs]
        span = f"people 1–{high:,}" if not low else f"people {low + 1:,}–{high:,}"
        note = "the bounded caches fill" if not low else "flat in people: 0"
        table.add(part, f"Bot's growth per person served beyond bare's, {span}", kept, "{:,.0f} bytes", note)


def _grew(result: dict[str, Any], low: int, high: int) -> float:
    """MB a memory child grew from `low` people served (0: ready) to `high`."""
    return result["served"][high] - (result["served"][low] if low else result["ready"])


def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "?")
    return (
        f"{os.cpu_count()} CPUs ({model}), {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, aiogram {version('aiogram')}, aiosqlite {version('aiosqlite')}, "
        f"pydantic {version('pydantic')}, SQLite {sqlite3.sqlite_version}"
    )


def command() -> str:
    own = f"{os.path.relpath(sys.executable, ROOT)} -m bench {' '.join(sys.argv[1:])}".strip()
    return f"make bench  →  {own}" if "MAKELEVEL" in os.environ else own


@dataclass(frozen=True)
class Plan:
    people: int = 300  # per load run, ~10 updates each
    repeats: int = 3
    served: tuple[int, ...] = (10_000, 100_000)  # RSS read after this many distinct people sent /start
    memory_repeats: int = 1  # pairs of memory processes: 100,000 people take the bot ~2–3 minutes
    modes: tuple[int, ...] = (1, CONCURRENCY)


QUICK = Plan(people=40, repeats=1, served=(500, 1_000))


@dataclass
class Load:
    runs: dict[tuple[str, int], list[Run]]
    counts: dict[str, Counts]
    profile: str
    peer_storage_mb: float
    notes: list[str]


async def run_load(workdir: Path, plan: Plan) -> Load:
    bench = LoadBench(workdir)
    try:
        log(f"Load: seeding {STORED_USERS:,} people (the bot's database, the peer's storage), building the stacks…")
        await bench.open()
        log(f"Load: {len(bench.stacks)} stacks × {plan.modes} × {plan.repeats} runs of {plan.people} people")
        runs = await bench.measure(plan.people, plan.repeats, plan.modes, log)
        log("Counts: one sequential run of the bot, the peer and bare aiogram with counters…")
        counts = {name: await bench.count(name, plan.people) for name in compared(runs)}
        log("Profile: one sequential run of the bot under pyinstrument…")
        return Load(runs, counts, await bench.profile(plan.people), bench.peer_storage_mb, bench.notes)
    finally:
        await bench.close()


async def seeded_database(path: Path) -> float:
    await (await Database.open(path)).close()
    seed(path, load_catalog(), STORED_USERS)
    return path.stat().st_size / 2**20


def memory_part(table: Table, workdir: Path, plan: Plan) -> None:
    log(f"Memory: {plan.memory_repeats} pair(s) of processes, serving {plan.served[-1]:,} people each…")
    seeded = workdir / "memory" / "seeded.sqlite3"
    seeded.parent.mkdir()
    db_mb = asyncio.run(seeded_database(seeded))
    memory_rows(table, memory(seeded, plan.memory_repeats, plan.served), db_mb)


def memory_only(plan: Plan) -> int:
    """`--memory`: the memory rows alone, to measure a change to what the bot holds without the load part's minutes."""
    table = Table()
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        memory_part(table, Path(tmp), plan)
    print(table.markdown())
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny runs to check the bench works; docs not written")
    parser.add_argument("--load", action="store_true", help="the load part only (~2 minutes); docs not written")
    parser.add_argument(
        "--memory", action="store_true", help="the memory part only (~4 minutes); docs not written"
    )
    parser.add_argument(
        "--asyncio", action="store_true", help="the load part on asyncio's event loop (default: the bot's, uvloop)"
    )
    options = parser.parse_args()
    plan = QUICK if options.quick else Plan()
    began = time.perf_counter()
    table = Table()
    if options.memory:
        return memory_only(plan)
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        workdir = Path(tmp)
        with asyncio.Runner(loop_factory=None if options.asyncio else event_loop()) as runner:
            load = runner.run(run_load(workdir, plan))
        load_rows(table, load.runs, plan.modes)
        layer_rows(table, load.runs)
        if not options.load:
            log(f"Start-up: {plan.repeats} + 1 warm-up rounds of fresh processes…")
            startup_rows(table, startup(workdir, plan.repeats))
            memory_part(table, workdir, plan)
        table.add(
            "4. Memory (RSS)",
            f"{PEER}'s MemoryStorage holding {STORED_USERS:,} people",
            [load.peer_storage_mb],
            "{:.0f} MB",
            "growth of the load process as the peer's people were seeded; never evicted",
        )
    elapsed = time.perf_counter() - began
    log(f"\n{load.profile}\n")
    for note in load.notes:
        log(f"Note: {note}")
    print(headline(load.runs, load.counts, plan.modes), breakdown(load.counts), table.markdown(), sep="\n\n")
    if plan != QUICK and not options.load:
        old = DOCS.read_text(encoding="utf-8") if DOCS.exists() else ""
        DOCS.write_text(kept(report(table, plan, load, elapsed), old), encoding="utf-8")  # bench.backends' part stays
        print(f"\nWritten to {DOCS.relative_to(ROOT)} with the machine, the method and the profile ({elapsed:.0f} s).")
    return 0


def report(table: Table, plan: Plan, load: Load, elapsed: float) -> str:
    updates = {name: load.runs[name, 1][0].count for name in compared(load.runs)}
    others = [run.others for runs in load.runs.values() for run in runs]
    many = plan.modes[-1]
    analysis = (ROOT / "bench" / "analysis.md").read_text(encoding="utf-8").strip()
    return f"""# Benchmarks

Written by `make bench` (code in `bench/`) on {time.strftime("%Y-%m-%d %H:%M")}, in {elapsed:.0f} s. Each figure is
the median of {plan.repeats} runs, with the lowest and highest; targets are printed next to the figures, nothing
passes or fails on time.

- Command: `{command()}`; the features' hot paths (quiz answer, joining a group, the outbox's drain,
  `/stats`) are in [benchmarks-features.md](benchmarks-features.md)
- Machine: {machine()}
- Event loop of the load part: {"asyncio's" if "--asyncio" in sys.argv else "uvloop's, as `python -m bot` runs"}
- **Load from other processes during the load runs: {statistics.median(others):.2f} of a core (median),
  {max(others):.2f} at most.** The bot needs both cores (its SQLite work runs in aiosqlite's thread), so a busy
  machine slows it more than the others: on a busy machine read the ratios and the CPU columns, not wall times.

## The bot, the peer and bare aiogram, per update

The same walk through each (issue 12's dialog: /start, Next ×4, a typed text, Back ×2, Next ×2), same fake Telegram,
same run. Ratios are taken within each round of runs, then the median; the range is in brackets.

{headline(load.runs, load.counts, plan.modes)}

Counted on one more sequential run of each, with counters patched in (`bench/counts.py`), per update:

{breakdown(load.counts)}

## Everything else

{table.markdown()}

## How it is measured

- **Load.** One process, one run after another, the stacks taking turns. Each run is {plan.people} people who have not
  written before in that process; one person in ten is new to the database (the peer's storage). The people's
  actions are interleaved, one action each in turn. Updates are built and validated (mounted on the bot) before the
  clock starts, then `gc.collect(); gc.freeze()` as `bot/runner.py` does. They go through `Dispatcher.feed_update`
  either one at a time or by {many} workers (bounded concurrency, as polling with a task limit); a person's next
  update waits until their previous one is answered, as with real people. Latency is per `feed_update`; with
  {many} in flight it is mostly waiting for the other {many - 1} (Little's law), so compare those figures between
  stacks, not with the sequential ones.
- **Traffic.** The bot ({updates[FULL]:,} updates a run): /start, the passport scenario opened from the menu, Next or
  a choice ×4, a typed question (searched), Back ×2, Next ×2 — {updates[FULL] // plan.people} updates a person.
  The peer ({updates[PEER]:,} updates): the same without the menu step — {updates[PEER] // plan.people} a person.
  Bare aiogram gets the bot's updates.
- **Bot** = `create_dispatcher` as `bot/runner.py` builds it: real SQLite file with {STORED_USERS:,} people, each with
  a users row and a half-walked scenario in `progress` (seeded with sqlite3 after the real migrations), the real
  scenarios, Fluent strings and search index.
- **aiogram-dialog** (`bench/peer.py`) = a `Dispatcher` with aiogram's `MemoryStorage`, a /start handler and one
  `Dialog` of 5 windows (a text and Back/Next buttons each; the last takes a typed text with `MessageInput`), set up
  with `setup_dialogs`. Its storage is seeded with the same {STORED_USERS:,} people, each half-way through the
  dialog (the stack and context records aiogram-dialog writes itself). Its random dialog id is fixed (still drawn)
  so the button presses can be built before the clock starts.
- **aiogram-dialog, Redis** = the same, on aiogram's `RedisStorage` with `DefaultKeyBuilder(with_destiny=True)` at
  `bench/peer.py`'s `REDIS_URL` (keys under `bench-peer:` only, deleted before seeding and after the runs), seeded
  the same way (pipelined): the peer whose state survives a restart. Left out with a note if Redis is unreachable.
- **Bare aiogram** = a `Dispatcher(disable_fsm=True)` with one handler that sends a message for every message and
  answers + edits for every button press: the floor.
- **Telegram** is `bench.fakes.CannedTelegram` for all: canned JSON parsed by aiogram's `check_response` (as
  aiogram's own MockedSession does), with one `await asyncio.sleep(0)` per call standing in for the network.
- **Counts**: aiosqlite trips are calls of `aiosqlite.Connection._execute` (every public call goes through it) made
  by an update; "waiting" is from the call to its result, "SQL" the time aiosqlite's thread spends in the call's
  function, so the difference is the hop between threads. Routers entered counts `Router.propagate_event` (the
  dispatcher included), handler checks `HandlerObject.check` (a router's own filters count as one check, even when
  it has none).
- **Layers** are replaced in the bench only: *no event log* makes `EventRepo.add` do nothing; *state in memory* gives
  `UserSession` a dict-backed stand-in for `Repo` (same {STORED_USERS:,} people), so no SQL runs at all; *i18n off*
  returns each UI string's key instead of formatting it with Fluent.
- **Start-up**: a fresh `python -m bench.startup` process per run (a new database, so migrations run), timed from
  spawning it to its "ready" line; one warm-up round is not counted.
- **Memory**: VmRSS from `/proc/self/status` of a fresh process: once ready (after `gc.freeze()`), and after it has
  answered /start from {plan.served[0]:,} and from {plan.served[-1]:,} distinct stored people (one process, read
  at each point; {plan.memory_repeats} pair(s) of processes). The bot's and the bare process run side by side.
  `python -m bench.memory trace WORKDIR PEOPLE` lists what the bot's Python allocations keep per person;
  `python -m bench --memory` runs this part alone (docs not written).
- **Adding a stack** (a variant of the bot, a layer taken out, another library): build its `Dispatcher` and append a
  `Stack(name, dispatcher, traffic)` in `LoadBench.open` (`bench/load.py`); `swap=` patches something only while it
  runs, `check=` verifies afterwards where its people ended. Names starting with "bot, " are reported as layers;
  add a name to `COMPARED` in `bench/__main__.py` to put it in the table above. `python -m bench --load` runs the
  load part alone (~2 minutes on a quiet machine, docs not written).

{analysis}

## Where the time goes (pyinstrument, full bot, sequential)

```text
{load.profile}
```
"""


if __name__ == "__main__":
    sys.exit(main())
