"""Memory: resident set size of a process holding the bot over a database of 100,000 people, vs bare aiogram.

`python -m bench.memory bot|bare WORKDIR PEOPLE[,PEOPLE…]` is the child: it starts as in bench/startup.py, reads
VmRSS, then serves /start from distinct stored people (so anything kept per person in RAM shows), reading VmRSS again
each time it has served one of the given numbers of people.

`python -m bench.memory trace WORKDIR PEOPLE` is a look inside instead: the bot serves PEOPLE people once to warm up,
then PEOPLE more under tracemalloc, and prints the places whose allocations are still alive after the second round,
in bytes per person served — what stays in the process per person. (Allocations Python does not make, SQLite's page
cache and the allocator's free lists, are not seen; compare with the RSS figures.)
"""

import gc
import json
import shutil
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

from bench.startup import ROOT, run_child, start

BATCH = 1_000  # updates are built a batch at a time, so holding them does not count as the bot's memory


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


async def _serve(dispatcher: Any, bot: Any, first: int, last: int) -> None:
    """/start from people first..last, a batch of pre-built updates at a time."""
    from bench.fakes import message_update, mount

    for start_id in range(first, last + 1, BATCH):
        ids = range(start_id, min(start_id + BATCH, last + 1))
        for update in [mount(bot, message_update(user_id, user_id, "/start")) for user_id in ids]:
            await dispatcher.feed_update(bot, update)


async def _child(kind: str, workdir: Path, checkpoints: list[int]) -> None:
    phases: dict[str, float] = {}  # RSS after each start-up phase: where the bot's memory goes
    dispatcher, bot, database = await start(kind, workdir, lambda phase: phases.__setitem__(phase, rss_mb()))
    ready = rss_mb()
    served: dict[int, float] = {}
    seconds: dict[int, float] = {}
    began, done = time.perf_counter(), 0
    for people in sorted(checkpoints):
        await _serve(dispatcher, bot, done + 1, people)
        done, served[people], seconds[people] = people, rss_mb(), time.perf_counter() - began
    print(json.dumps({"ready": ready, "served": served, "seconds": seconds, "phases": phases}), flush=True)
    if database is not None:
        await database.close()


async def _trace(workdir: Path, people: int, top: int = 12) -> None:
    dispatcher, bot, database = await start("bot", workdir, lambda phase: None)
    await _serve(dispatcher, bot, 1, people)  # caches fill up to their bounds first
    gc.collect()
    tracemalloc.start(12)
    before = tracemalloc.take_snapshot()
    await _serve(dispatcher, bot, people + 1, 2 * people)
    gc.collect()
    after = tracemalloc.take_snapshot()
    ignored = [tracemalloc.Filter(False, tracemalloc.__file__)]
    grown = after.filter_traces(ignored).compare_to(before.filter_traces(ignored), "traceback")
    print(f"{sum(s.size_diff for s in grown) / people:,.0f} bytes per person served still allocated, by where:")
    for stat in grown[:top]:
        frames = [f for f in stat.traceback if "/bench/" not in f.filename and "asyncio" not in f.filename]
        where = " ← ".join(f"{_short(f.filename)}:{f.lineno}" for f in reversed(frames[-4:]))
        print(f"  {stat.size_diff / people:7,.0f} B  ({stat.count_diff:+,} blocks)  {where}")
    await database.close()


def _short(path: str) -> str:
    for marker in ("site-packages/", f"{ROOT}/"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path.rsplit("/", 1)[-1]


def memory(seeded: Path, repeats: int, checkpoints: tuple[int, ...]) -> dict[str, list[dict[str, Any]]]:
    """Children run in pairs, the bot's and bare aiogram's side by side (memory does not care, the clock would).
    Each bot child gets its own copy of the seeded database, so each starts from the same state."""
    results: dict[str, list[dict[str, Any]]] = {"bot": [], "bare": []}
    for repeat in range(repeats):
        workdir = seeded.parent / f"run-{repeat}"
        workdir.mkdir()
        shutil.copy(seeded, workdir / "bot.sqlite3")
        children = {
            kind: subprocess.Popen(
                [sys.executable, "-m", "bench.memory", kind, str(workdir), ",".join(map(str, checkpoints))],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                text=True,
            )
            for kind in results
        }
        for kind, child in children.items():
            out, _ = child.communicate()
            if child.returncode != 0:
                raise RuntimeError(f"the {kind} memory child failed")
            found = json.loads(out)
            found["served"] = {int(k): v for k, v in found["served"].items()}
            found["seconds"] = {int(k): v for k, v in found["seconds"].items()}
            results[kind].append(found)
    return results


if __name__ == "__main__":
    kind, workdir, people = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    if kind == "trace":
        run_child(_trace(workdir, int(people)))
    else:
        run_child(_child(kind, workdir, [int(p) for p in people.split(",")]))
