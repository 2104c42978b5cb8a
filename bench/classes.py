"""`python -m bench.classes`: joining a group against a scenario step, on the same full stack in the same run.

Each person first opens the passport scenario (not timed); then, interleaved person by person so that machine noise
falls on every kind alike, three updates are timed: a scenario step (a choice pressed), the join offer
(`/start join-<code>`) and «Вступить» pressed. Sequential updates, real SQLite in a temporary folder, the canned
Telegram of bench/fakes.py. Figures only; nothing passes or fails.

    .venv/bin/python -m bench.classes [--people 1000]
"""

import argparse
import asyncio
import gc
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from bench.fakes import CannedTelegram, callback_update, message_update, mount
from bench.startup import ROOT
from bench.traffic import load_catalog
from bot.app import create_bot, create_dispatcher
from bot.composition import Repositories as Repo
from bot.core.config import Settings
from bot.core.database import Database
from bot.core.i18n import I18n
from bot.features.groups.buttons import JoinCb
from bot.features.members.repo import Group
from bot.features.scenarios.buttons import ChoiceCb, OpenCb
from bot.features.scenarios.search import SearchIndex

CODE = "ACDEFH"
FIRST_USER = 10_000


async def measure(workdir: Path, people: int) -> dict[str, list[float]]:
    catalog = load_catalog()
    settings = Settings(_env_file=None, database_path=workdir / "classes.sqlite3", scenarios_dir=ROOT / "scenarios")
    database = await Database.open(settings.database_path)
    try:
        tx = database.transaction()
        Repo(tx).groups.add(Group(1, "9Б", 1, settings.timezone, CODE))
        await tx.commit()
        dispatcher = create_dispatcher(
            settings=settings, database=database, catalog=catalog, i18n=I18n("ru"), search=SearchIndex(catalog)
        )
        telegram = CannedTelegram()
        bot = create_bot("42:BENCH", session=telegram)
        passport = catalog.get("passport")
        assert passport is not None
        users = range(FIRST_USER, FIRST_USER + people)
        numbers = iter(range(1, 10 * people))
        for user_id in users:  # not timed: everybody stands on the passport scenario's first step
            await dispatcher.feed_update(
                bot, mount(bot, callback_update(next(numbers), user_id, OpenCb(scenario=passport.id).pack()))
            )
        step = ChoiceCb(scenario=passport.id, step=passport.start, index=0).pack()
        timed = [
            (kind, mount(bot, raw))
            for user_id in users
            for kind, raw in (
                ("scenario step", callback_update(next(numbers), user_id, step)),
                ("join offer", message_update(next(numbers), user_id, f"/start join-{CODE}")),
                ("join pressed", callback_update(next(numbers), user_id, JoinCb(code=CODE, join=True).pack())),
            )
        ]
        gc.collect()
        gc.freeze()
        latencies: dict[str, list[float]] = defaultdict(list)
        for kind, update in timed:
            start = time.perf_counter()
            await dispatcher.feed_update(bot, update)
            latencies[kind].append(time.perf_counter() - start)
        if telegram.notices:
            raise RuntimeError(f"{telegram.notices} stale-button notices: the traffic went astray")
        joined = await database.fetch_one("SELECT COUNT(*) FROM group_members WHERE group_id = 1")
        if joined[0] != people:
            raise RuntimeError(f"{joined[0]} of {people} people joined")
        return latencies
    finally:
        await database.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    people = parser.parse_args().people
    with tempfile.TemporaryDirectory() as folder:
        latencies = asyncio.run(measure(Path(folder), people))
    step = statistics.median(latencies["scenario step"])
    print(f"{people} people, one update at a time (µs per update)")
    print(f"| {'update':<14} | {'median':>7} | {'p95':>7} | {'vs step':>7} |")
    print(f"|{'-' * 16}|{'-' * 9}|{'-' * 9}|{'-' * 9}|")
    for kind, values in latencies.items():
        values.sort()
        median, p95 = statistics.median(values), values[int(0.95 * len(values))]
        print(f"| {kind:<14} | {median * 1e6:>7.0f} | {p95 * 1e6:>7.0f} | {median / step:>6.2f}× |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
