"""Memory: resident set size of a process holding the bot over a database of 100,000 people, vs bare aiogram.

`python -m bench.memory bot|bare WORKDIR PEOPLE` is the child: it starts as in bench/startup.py, reads VmRSS, then
serves /start from PEOPLE distinct stored people (so anything kept per person in RAM shows) and reads VmRSS again.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.startup import ROOT, run_child, start

BATCH = 1_000  # updates are built a batch at a time, so holding them does not count as the bot's memory


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


async def _child(kind: str, workdir: Path, people: int) -> None:
    phases: dict[str, float] = {}  # RSS after each start-up phase: where the bot's memory goes
    dispatcher, bot, database = await start(kind, workdir, lambda phase: phases.__setitem__(phase, rss_mb()))
    ready = rss_mb()
    from bench.fakes import message_update, mount

    for first in range(1, people + 1, BATCH):
        ids = range(first, min(first + BATCH, people + 1))
        for update in [mount(bot, message_update(user_id, user_id, "/start")) for user_id in ids]:
            await dispatcher.feed_update(bot, update)
    print(json.dumps({"ready": ready, "served": rss_mb(), "phases": phases}), flush=True)
    if database is not None:
        await database.close()


def memory(seeded: Path, repeats: int, people: int) -> dict[str, list[dict[str, Any]]]:
    """Children run in pairs, the bot's and bare aiogram's side by side (memory does not care, the clock would).
    Each bot child gets its own copy of the seeded database, so each starts from the same state."""
    results: dict[str, list[dict[str, Any]]] = {"bot": [], "bare": []}
    for repeat in range(repeats):
        workdir = seeded.parent / f"run-{repeat}"
        workdir.mkdir()
        shutil.copy(seeded, workdir / "bot.sqlite3")
        children = {
            kind: subprocess.Popen(
                [sys.executable, "-m", "bench.memory", kind, str(workdir), str(people)],
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
            results[kind].append(json.loads(out))
    return results


if __name__ == "__main__":
    run_child(_child(sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])))
