"""Start-up: from process start to a dispatcher ready to serve, the bot vs bare aiogram, each in a fresh process.

`python -m bench.startup bot|bare WORKDIR` is the child: it starts like bot/runner.py does, prints its phases as one
JSON line when ready, and exits. Only the standard library is imported at module level, so the child's imports are
part of what is timed.
"""

import asyncio
import gc
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


class Laps:
    def __init__(self) -> None:
        self.phases: dict[str, float] = {}
        self._mark = time.perf_counter()

    def __call__(self, phase: str) -> None:
        now = time.perf_counter()
        self.phases[phase] = now - self._mark
        self._mark = now


async def start_bot(database_path: Path, lap: Callable[[str], None]) -> tuple[Any, Any, Any]:
    """What bot/runner.py does before serving: (dispatcher, bot, database)."""
    from datetime import date

    from bench.fakes import CannedTelegram
    from bot.app import create_bot, create_dispatcher
    from bot.core.config import load_settings
    from bot.core.database import Database
    from bot.core.i18n import I18n
    from bot.features.scenarios.search import SearchIndex
    from bot.features.scenarios.validation import load_or_fail

    lap("imports")
    settings = load_settings(database_path=database_path, scenarios_dir=ROOT / "scenarios")
    lap("settings")
    catalog, _ = load_or_fail([settings.scenarios_dir], today=date.today(), max_age_days=settings.review_max_age_days)
    lap("scenarios")
    database = await Database.open(settings.database_path)
    lap("database")
    i18n, search = I18n(settings.default_locale), SearchIndex(catalog)
    lap("i18n+search")
    dispatcher = create_dispatcher(settings=settings, database=database, catalog=catalog, i18n=i18n, search=search)
    bot = create_bot("42:BENCH", session=CannedTelegram())
    lap("dispatcher")
    return dispatcher, bot, database


async def start_bare(lap: Callable[[str], None]) -> tuple[Any, Any, None]:
    from aiogram import Bot

    from bench.fakes import CannedTelegram, bare_dispatcher

    lap("imports")
    dispatcher, bot = bare_dispatcher(), Bot("42:BENCH", session=CannedTelegram())
    lap("dispatcher")
    return dispatcher, bot, None


async def start(kind: str, workdir: Path, lap: Callable[[str], None]) -> tuple[Any, Any, Any]:
    started = await (start_bot(workdir / "bot.sqlite3", lap) if kind == "bot" else start_bare(lap))
    gc.collect()  # as bot/runner.py does once started
    gc.freeze()
    lap("gc freeze")
    return started


async def _child(kind: str, workdir: Path) -> None:
    lap = Laps()
    _, _, database = await start(kind, workdir, lap)
    print(json.dumps(lap.phases), flush=True)
    if database is not None:
        await database.close()


def measure(kind: str, workdir: Path) -> tuple[float, dict[str, float]]:
    """Seconds from spawning the process to its "ready" line (interpreter start included), and its phases."""
    began = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "bench.startup", kind, str(workdir)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    seconds = time.perf_counter() - began
    if child.wait() != 0 or not line:
        raise RuntimeError(f"the {kind} start-up child failed")
    return seconds, json.loads(line)


def startup(workdir: Path, repeats: int) -> dict[str, list[tuple[float, dict[str, float]]]]:
    results: dict[str, list[tuple[float, dict[str, float]]]] = {"bot": [], "bare": []}
    for repeat in range(repeats + 1):
        for kind in results:
            fresh = workdir / f"startup-{kind}-{repeat}"  # a new database every time: migrations run
            fresh.mkdir()
            measured = measure(kind, fresh)
            if repeat:  # the first round only warms the disk cache: not counted
                results[kind].append(measured)
    return results


def run_child(child: Any) -> None:
    """Run a child's coroutine and leave with os._exit: after a failure, aiosqlite's worker thread (not a daemon)
    would otherwise keep the process, and the parent waiting for it, alive forever."""
    try:
        asyncio.run(child)
    except BaseException:
        import traceback

        traceback.print_exc()
        os._exit(1)
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    run_child(_child(sys.argv[1], Path(sys.argv[2])))
