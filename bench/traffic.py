"""The bot's world for benchmarks: 100,000 people already in the database, and the synthetic traffic of issue 12's
dialog — /start, a life situation opened from the menu, Next ×4, a typed question, Back ×2, Next ×2."""

import itertools
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import fields
from datetime import date
from pathlib import Path

from aiogram import Bot
from aiogram.types import Update

from bench.fakes import SCREEN_ID, callback_update, message_update, mount
from bot.core.people import User
from bot.features.scenarios.buttons import BackCb, ChoiceCb, OpenCb
from bot.features.scenarios.journey import Progress, target_of
from bot.features.scenarios.models import Scenario, Step
from bot.features.scenarios.validation import Catalog, load_or_fail

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
WALKED = "passport"  # the scenario the traffic walks; stored progress is in the others, so a walk never "resumes"
QUESTIONS = ("как получить паспорт в 14 лет?", "Сколько стоит пошлина", "а если я потерял паспорт", "спасибо!")
NEW_USER_EVERY = 10  # one person in ten writes for the first time (a users row is inserted)
NEW_IDS_FROM = 10_000_000

Action = tuple[str, str, str]  # (kind for the statistics, "message" or "callback", text or callback data)


def load_catalog() -> Catalog:
    catalog, _ = load_or_fail([SCENARIOS], today=date.today(), max_age_days=365)
    return catalog


def path(scenario: Scenario, variant: int) -> list[tuple[str, Step, int]]:
    """A way from the start to an end: each step passed and the index of the button pressed on it."""
    progress, way = Progress.begin(scenario), []
    while not (current := progress.step(scenario)).end:
        index = 0 if current.next is not None else (variant + len(way)) % len(current.choices)
        way.append((progress.step_id, current, index))
        progress.advance(target_of(current, index))  # type: ignore[arg-type]
    return way


def locale_of(user_id: int) -> str:
    return "en" if user_id % 10 == 3 else "ru"


def stored_state(catalog: Catalog, count: int) -> Iterator[tuple[User, Progress]]:
    """Person i is half-way through one of the scenarios other than the walked one (so the menu offers "continue")."""
    others = [scenario for scenario in catalog if scenario.id != WALKED]
    for user_id in range(1, count + 1):
        scenario = others[user_id % len(others)]
        way = path(scenario, user_id)
        progress = Progress.begin(scenario)
        for step_id, current, index in way[: len(way) // 2]:
            if current.checklist:
                progress.ticks[step_id] = [0]
            progress.advance(target_of(current, index))  # type: ignore[arg-type]
        user = User(user_id, locale_of(user_id), active_scenario=scenario.id, screen_message_id=SCREEN_ID)
        yield user, progress


def seed(database_path: Path, catalog: Catalog, count: int) -> None:
    """Fill the (migrated) database directly with sqlite3: far quicker than 100,000 updates through the bot."""
    stamp = "2026-11-01 10:00:00.000000"
    state = list(stored_state(catalog, count))
    # The users table has a column per stored field of User (the screen record is kept in memory only).
    columns = [field.name for field in fields(User) if not field.name.startswith("screen_")]
    connection = sqlite3.connect(database_path)
    with connection:  # one transaction
        connection.executemany(
            f"INSERT INTO users ({', '.join(columns)}, created_at, updated_at)"
            f" VALUES ({', '.join('?' * len(columns))}, ?, ?)",
            ((*user.state(), stamp, stamp) for user, _ in state),
        )
        connection.executemany(
            "INSERT INTO progress (user_id, scenario_id, step_id, trail, ticks, version, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (user.id, p.scenario_id, p.step_id, json.dumps(p.trail), json.dumps(p.ticks), p.version, stamp)
                for user, p in state
            ),
        )
    connection.close()


FORWARD = 4  # presses forward before the typed question; then Back ×2 and forward ×2 again


def dialog_way(scenario: Scenario, variant: int) -> list[tuple[str, Step, int]]:
    """A way through the scenario long enough that FORWARD presses do not reach its end (the variant picks the
    choices, so people spread over the scenario's branches)."""
    for attempt in range(variant, variant + 10):
        way = path(scenario, attempt)
        if len(way) > FORWARD:
            return way
    raise ValueError(f"{scenario.id}: no way with more than {FORWARD} presses")


def script(scenario: Scenario, variant: int) -> list[Action]:
    """One person's visit, the dialog shape of issue 12 with the scenario opened from the menu first: /start, open
    the scenario, Next (or a choice) ×4, a typed question, Back ×2, Next ×2."""
    way = dialog_way(scenario, variant)

    def press(number: int) -> Action:
        step_id, _, index = way[number]
        return ("next", "callback", ChoiceCb(scenario=scenario.id, step=step_id, index=index).pack())

    def back(number: int) -> Action:
        return ("back", "callback", BackCb(scenario=scenario.id, step=way[number][0]).pack())

    return [
        ("start", "message", "/start"),
        ("open", "callback", OpenCb(scenario=scenario.id).pack()),
        *map(press, range(FORWARD)),
        ("text", "message", QUESTIONS[variant % len(QUESTIONS)]),
        back(FORWARD),
        back(FORWARD - 1),
        press(FORWARD - 2),
        press(FORWARD - 1),
    ]


class People:
    """Hands out people nobody has used in this process yet, so every run starts from the same kind of state."""

    def __init__(self, stored: int) -> None:
        self._stored = iter(range(1, stored + 1))
        self._new = itertools.count(NEW_IDS_FROM)

    def take(self, count: int) -> list[int]:
        return [next(self._new) if n % NEW_USER_EVERY == 0 else next(self._stored) for n in range(count)]


def traffic(bot: Bot, scripts: list[tuple[int, list[Action]]]) -> list[tuple[str, Update]]:
    """Everyone's visits interleaved, one action of each person in turn: a person's next update arrives long after
    the previous one was answered, as in real life (and as the scripts need: each press fits the screen before)."""
    update_ids = itertools.count(1)
    updates = []
    for turn in range(max(len(actions) for _, actions in scripts)):
        for user_id, actions in scripts:
            if turn < len(actions):
                kind, event, payload = actions[turn]
                build = message_update if event == "message" else callback_update
                updates.append((kind, mount(bot, build(next(update_ids), user_id, payload, locale_of(user_id)))))
    return updates


def bot_traffic(bot: Bot, catalog: Catalog, user_ids: list[int]) -> list[tuple[str, Update]]:
    scenario = catalog.get(WALKED)
    assert scenario is not None
    return traffic(bot, [(user_id, script(scenario, user_id)) for user_id in user_ids])
