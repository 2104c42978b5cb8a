"""`python -m bench.quiz`: what a quiz answer press costs next to a scenario step press, in the same runs.

The same harness as `bench.load`: the real bot over a SQLite file with 100,000 people (each also holding a passport
quiz attempt, seeded here), `CannedTelegram`, pre-built updates fed through `Dispatcher.feed_update`. Each person
opens the passport scenario and walks it, answering the passport quiz on the way — a step press, then a quiz answer
and its «Next», in turn — so both kinds of press meet the same database, caches and machine moments. Figures only.
"""

import argparse
import asyncio
import functools
import itertools
import json
import random
import sqlite3
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from aiogram.types import Update

from bench.fakes import callback_update, mount
from bench.load import FULL, STORED_USERS, LoadBench, Run, Stack
from bench.traffic import WALKED, Action, locale_of, path, seed
from bot.core.database import Database
from bot.features.quizzes.buttons import QuizAnswerCb, QuizNextCb
from bot.features.scenarios.buttons import ChoiceCb, OpenCb
from bot.features.scenarios.models import Scenario

STEP, ANSWER, NEXT = "choice", "answer", "next"


def seed_attempts(database_path: Path, scenario: Scenario, count: int) -> None:
    """Person i has an unanswered attempt at the scenario's quiz, numbered i, its options shuffled."""
    rng = random.Random(1)
    stamp = "2026-11-01 10:00:00.000000"
    rows = []
    for user_id in range(1, count + 1):
        items = []
        for question in scenario.quiz:
            order = list(range(len(question.options)))
            rng.shuffle(order)
            items.append([scenario.id, question.id, order])
        rows.append((user_id, user_id, scenario.id, json.dumps(items), "[]", 0, 0, stamp))
    connection = sqlite3.connect(database_path)
    with connection:
        connection.executemany(
            "INSERT INTO quiz_attempts (id, user_id, scenario_id, questions, answers, position, score, started_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    connection.close()


def script(scenario: Scenario, user_id: int) -> list[Action]:
    """Open the scenario, then alternately a step pressed and a quiz question answered (and «Next»)."""
    walk = [
        (STEP, ChoiceCb(scenario=scenario.id, step=step_id, index=index).pack())
        for step_id, _, index in path(scenario, user_id)
    ]
    quiz = []
    for position, question in enumerate(scenario.quiz):
        option = (user_id + position) % len(question.options)
        quiz.append((ANSWER, QuizAnswerCb(attempt=user_id, position=position, option=option).pack()))
        quiz.append((NEXT, QuizNextCb(attempt=user_id, position=position).pack()))
    actions: list[Action] = [("open", "callback", OpenCb(scenario=scenario.id).pack())]
    for step, *quiz_pair in itertools.zip_longest(walk, quiz[::2], quiz[1::2]):
        for press in (step, *quiz_pair):
            if press is not None:
                actions.append((press[0], "callback", press[1]))
    return actions


# Flood control's clock, a second further at every update: a person here presses ~25 times (the walk and the quiz),
# which the bench feeds within a few seconds; real people read each screen first. On the real clock
# bot/core/throttle.py would slow them down after 20 in 10 seconds, and the bench would time its notice instead.
human_pace = functools.partial(next, itertools.count(0.0, 1.0))


class StoredPeople:
    """The seeded people in turn, each walking once: every run starts from the same state."""

    def __init__(self, stored: int) -> None:
        self._ids = iter(range(1, stored + 1))

    def take(self, count: int) -> list[int]:
        return list(itertools.islice(self._ids, count))


class QuizBench(LoadBench):
    """`LoadBench` with the full bot only, every person also holding a quiz attempt, and the traffic above."""

    def __init__(self, workdir: Path) -> None:
        super().__init__(workdir)
        scenario = self.catalog.get(WALKED)
        assert scenario is not None and scenario.quiz
        self.scenario = scenario
        self.people = StoredPeople(STORED_USERS)  # each has an attempt to answer, so no one new to the database

    async def open(self) -> None:
        await (await Database.open(self.path)).close()  # the schema, from the real migrations
        seed(self.path, self.catalog, STORED_USERS)
        seed_attempts(self.path, self.scenario, STORED_USERS)
        self.database = await Database.open(self.path)
        self.stacks = [Stack(FULL, self.dispatcher(clock=human_pace), self.presses)]

    def presses(self, user_ids: list[int]) -> list[tuple[str, Update]]:
        """Everyone's presses interleaved, one of each person in turn, as `bench.traffic.traffic` does."""
        scripts = [(user_id, script(self.scenario, user_id)) for user_id in user_ids]
        update_ids = itertools.count(1)
        updates = []
        for turn in range(max(len(actions) for _, actions in scripts)):
            for user_id, actions in scripts:
                if turn < len(actions):
                    kind, _, data = actions[turn]
                    raw = callback_update(next(update_ids), user_id, data, locale_of(user_id))
                    updates.append((kind, mount(self.bot, raw)))
        return updates


def mean(run: Run, kind: str) -> float:
    return statistics.fmean(run.latencies[kind])


def median(run: Run, kind: str) -> float:
    return run.percentile(0.5, kind)


async def measure(people: int, repeats: int) -> list[Run]:
    with tempfile.TemporaryDirectory(prefix="bench-quiz-") as tmp:
        bench = QuizBench(Path(tmp))
        try:
            print(f"Seeding {STORED_USERS:,} people with progress and a quiz attempt each…", file=sys.stderr)
            await bench.open()
            stack = bench.stacks[0]
            await bench.run(stack, max(people // 10, 1), 1)  # first calls build caches: not measured
            runs = []
            for repeat in range(repeats):
                run = await bench.run(stack, people, 1)
                runs.append(run)
                print(
                    f"  run {repeat + 1}/{repeats}: step {mean(run, STEP) * 1e6:,.0f} µs, "
                    f"answer {mean(run, ANSWER) * 1e6:,.0f} µs (other processes: {run.others:.2f} cores)",
                    file=sys.stderr,
                )
            return runs
        finally:
            await bench.close()


def report(runs: list[Run]) -> str:
    def figure(kind: str) -> str:
        means = [mean(run, kind) * 1e6 for run in runs]
        p50 = statistics.median(median(run, kind) * 1e6 for run in runs)
        p99 = statistics.median(run.percentile(0.99, kind) * 1e3 for run in runs)
        spread = f"runs {min(means):,.0f}–{max(means):,.0f}"
        return f"mean {statistics.median(means):,.0f} µs ({spread}), p50 {p50:,.0f} µs, p99 {p99:.2f} ms"

    def ratio(measure: Callable[[Run, str], float]) -> str:
        ratios = [measure(run, ANSWER) / measure(run, STEP) for run in runs]
        return f"{statistics.median(ratios):.2f}× (runs {min(ratios):.2f}–{max(ratios):.2f}×)"

    count = {kind: len(runs[0].latencies[kind]) for kind in (STEP, ANSWER, NEXT)}
    others = statistics.median(run.others for run in runs)
    return "\n".join(
        [
            f"Sequential, {runs[0].count:,} updates a run, {len(runs)} runs (medians over runs); other processes kept"
            f" {others:.2f} cores busy meanwhile.",
            f"Scenario step press (choice) ×{count[STEP]:,}: {figure(STEP)}",
            f"Quiz answer press           ×{count[ANSWER]:,}: {figure(ANSWER)}",
            f"Quiz «Next» press           ×{count[NEXT]:,}: {figure(NEXT)}",
            f"Quiz answer ÷ scenario step, mean: {ratio(mean)}; p50: {ratio(median)}  (goal ≤ 1×)",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.quiz", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny runs to check the bench works")
    quick = parser.parse_args().quick
    runs = asyncio.run(measure(people=20 if quick else 300, repeats=1 if quick else 3))
    print(report(runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
