"""Update throughput and latency: the real bot, the bot with one layer taken out, and bare aiogram, all fed the
same pre-built updates in one process through `Dispatcher.feed_update` and the same fake Telegram."""

import asyncio
import gc
import logging
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import astuple, dataclass, field
from pathlib import Path
from unittest import mock

from aiogram import Bot, Dispatcher
from aiogram.types import Update

import bot.middlewares
from bench.fakes import CannedTelegram, bare_dispatcher
from bench.traffic import People, load_catalog, seed, stored_state, traffic
from bot.app import create_bot, create_dispatcher
from bot.config import LOCALES, Settings
from bot.content.validation import Catalog
from bot.db.database import Database
from bot.db.repositories import EventRepo, User
from bot.i18n import I18n
from bot.journey import Progress

STORED_USERS = 100_000
Patch = Callable[[], AbstractContextManager[object]]


@dataclass
class Stack:
    name: str
    dispatcher: Dispatcher
    patch: Patch = nullcontext  # a layer swapped out, only while this stack runs


@dataclass
class Run:
    seconds: float
    cpu_seconds: float
    latencies: dict[str, list[float]] = field(default_factory=dict)  # seconds, by kind of update

    @property
    def count(self) -> int:
        return sum(map(len, self.latencies.values()))

    @property
    def per_second(self) -> float:
        return self.count / self.seconds

    def percentile(self, q: float, kind: str | None = None) -> float:
        values = sorted(self.latencies[kind] if kind else [x for xs in self.latencies.values() for x in xs])
        return values[min(len(values) - 1, int(q * len(values)))]


# --- Layers taken out, in the bench only -------------------------------------------------------------------------


class _KeyTranslator:
    def __init__(self, locale: str) -> None:
        self.locale = locale

    def __call__(self, key: str, **args: object) -> str:
        return key


class KeysOnly(I18n):
    """i18n off: every UI string is its key, so no Fluent lookup or formatting happens."""

    def __call__(self, locale: str) -> _KeyTranslator:  # type: ignore[override]
        return self._keys.get(locale) or self._keys[self.default]

    @property
    def _keys(self) -> dict[str, _KeyTranslator]:
        return {locale: _KeyTranslator(locale) for locale in LOCALES}


class MemoryState:
    """Conversation state (people, progress, events) in dicts instead of SQLite, with the surface of `Repo`.
    Reads return copies, like rows from SQLite would; writes apply at once (nothing here can fail half-way)."""

    def __init__(self, catalog: Catalog) -> None:
        self.people: dict[int, tuple] = {}
        self.progress: dict[int, dict[str, Progress]] = {}
        self.events: list[tuple] = []
        for user, progress in stored_state(catalog, STORED_USERS):
            self.people[user.id] = astuple(user)
            self.progress[user.id] = {progress.scenario_id: progress}
        self.users, self.events_repo = self, self

    def repo(self, tx: object) -> "MemoryState":
        return self

    # users
    async def get(self, user_id: int) -> User | None:
        row = self.people.get(user_id)
        return User(*row) if row else None

    def add(self, user: User) -> None:
        self.people[user.id] = astuple(user)

    save_user = add

    @contextmanager
    def installed(self) -> Iterator[None]:
        with mock.patch.object(bot.middlewares, "Repo", self.repo):
            yield

    @property
    def repo_progress(self) -> "_MemoryProgress":
        return _MemoryProgress(self.progress)


class _MemoryProgress:
    def __init__(self, by_user: dict[int, dict[str, Progress]]) -> None:
        self._by_user = by_user

    async def get(self, user_id: int, scenario_id: str) -> Progress | None:
        found = self._by_user.get(user_id, {}).get(scenario_id)
        return _copy(found) if found else None

    async def all(self, user_id: int) -> list[Progress]:
        return [_copy(p) for p in reversed(self._by_user.get(user_id, {}).values())]  # most recently saved first

    def save(self, user_id: int, progress: Progress) -> None:
        mine = self._by_user.setdefault(user_id, {})
        mine.pop(progress.scenario_id, None)
        mine[progress.scenario_id] = _copy(progress)


def _copy(p: Progress) -> Progress:
    return Progress(p.scenario_id, p.step_id, p.version, list(p.trail), {k: list(v) for k, v in p.ticks.items()})
