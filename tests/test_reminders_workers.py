"""Scheduled messages with several workers on one PostgreSQL database: no row is claimed twice, whatever races."""

import asyncio
from datetime import UTC, datetime

import pytest
import time_machine

from bot.composition import Repositories as Repo
from tests.conftest import StartApp

NOON_IN_MOSCOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
pytestmark = pytest.mark.postgresql_only


async def test_two_claimers_racing_never_take_the_same_row(
    start_app: StartApp, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(NOON_IN_MOSCOW, tick=False)
    first, second = await start_app(), await start_app()
    taken: list[int] = []
    for race in range(20):
        tx = first.database.transaction()
        for user_id in range(10_000 + 25 * race, 10_000 + 25 * (race + 1)):
            Repo(tx).outbox.add(user_id, "followup", {"scenario": "passport"}, NOON_IN_MOSCOW, key="passport")
        await tx.commit()
        claims = await asyncio.gather(first.dispatcher["sender"].claim(), second.dispatcher["sender"].claim())
        taken += [row.id for claim in claims for row in claim]
    assert len(taken) == len(set(taken)), "a row claimed by two senders would be sent twice"
    (count,) = await first.database.fetch_one("SELECT COUNT(*) FROM outbox WHERE attempts > 1")
    assert count == 0
