"""Where each person is in each scenario they opened (the progress table), read through the cache of committed rows."""

import json
from collections.abc import Iterable

from bot.core.database import Transaction
from bot.core.people import now
from bot.features.scenarios.journey import Progress


class ProgressRepo:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    async def get(self, user_id: int, scenario_id: str) -> Progress | None:
        key = ("progress", user_id, scenario_id)
        row = self._tx.cache.get(key)
        if row is None:
            row = await self._tx.fetch_one(
                "SELECT scenario_id, step_id, version, trail, ticks FROM progress"
                " WHERE user_id = ? AND scenario_id = ?",
                (user_id, scenario_id),
            )
            row = tuple(row) if row else self._tx.cache.MISSING
            self._tx.cache.put(key, row)
        return None if row is self._tx.cache.MISSING else _progress(*row)

    async def all(self, user_id: int, scenario_ids: Iterable[str] = ()) -> list[Progress]:
        """Every scenario the person has opened, the most recently used first. Those of `scenario_ids` they have
        not opened are remembered as such: opening one from the menu then reads nothing."""
        rows = await self._tx.fetch_all(
            "SELECT scenario_id, step_id, version, trail, ticks FROM progress WHERE user_id = ?"
            " ORDER BY updated_at DESC",
            (user_id,),
        )
        found = {row[0]: tuple(row) for row in rows}
        for scenario_id in scenario_ids:
            self._tx.cache.put(("progress", user_id, scenario_id), found.get(scenario_id, self._tx.cache.MISSING))
        return [_progress(*row) for row in rows]

    def save(self, user_id: int, progress: Progress) -> None:
        row = (
            progress.scenario_id,
            progress.step_id,
            progress.version,
            json.dumps(progress.trail),
            json.dumps(progress.ticks, separators=(",", ":")),
        )
        self._tx.execute(
            "INSERT INTO progress (user_id, scenario_id, step_id, version, trail, ticks, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (user_id, scenario_id) DO UPDATE SET step_id = excluded.step_id, trail = excluded.trail,"
            " ticks = excluded.ticks, version = excluded.version, updated_at = excluded.updated_at",
            (user_id, *row, now()),
        )
        self._tx.on_commit(lambda: self._tx.cache.put(("progress", user_id, progress.scenario_id), row))


def _progress(scenario_id: str, step_id: str, version: str, trail: str, ticks: str) -> Progress:
    return Progress(scenario_id, step_id, version, json.loads(trail), json.loads(ticks))
