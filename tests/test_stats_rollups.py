"""Statistics roll-ups (bot/features/stats/rollups.py): what an administrator sees from the folded days equals what
counting the events shows — every period's screen, both CSV files and the goals, for the administrator and for
coordinators — after a fold, a fold run again or interrupted, events that come after a fold, a restart, and a person
forgotten after their days were folded."""

import asyncio
import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from aiogram.methods import SendDocument

from bot.core.database import Database
from bot.features.stats import rollups
from bot.features.stats.digest import Digests
from bot.features.stats.repo import COUNTED_KINDS, TOPIC_KINDS, StatsRepo
from bot.features.stats.rollups import fold, folded_until
from bot.features.stats.rules import stamp
from tests.conftest import App, StartApp

# Wednesday 25 November 2026, 12:00 in Moscow. The history goes back 75 days: "30 days" and the 30 days before them.
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
ADMIN, COORDINATOR, OTHER_COORDINATOR = 1, 500, 600
MEMBERS = range(11, 41)  # in groups 1 and 2 (Ольга's) and 3 (Иван's), by id; 11–13 in two groups
OTHERS = range(41, 47)  # in no group
FORGOTTEN = 14
VIEWERS = (ADMIN, COORDINATOR, OTHER_COORDINATOR)
SCENARIOS = ("passport", "doctor", "pension")
KINDS = (
    "start", "start", "complete", "step", "abandon", "search_miss", "quiz_done", "quiz_done", "quiz_missed",
    "homework_done", "homework_late", "pledge_made", "pledge_walked", "pledge_confirmed", "pledge_self",
    "followup_yes", "followup_not_yet", "followup_help", "joined",
)  # fmt: skip


def group_of(user_id: int) -> int | None:
    return None if user_id not in MEMBERS else 1 + user_id % 3


def event(rng: random.Random, when: datetime) -> tuple:
    """(person, kind, scenario, step, group, value, ref, time), shaped as the features write them."""
    user = rng.choice([*MEMBERS, *OTHERS])
    kind = rng.choice(KINDS)
    scenario = rng.choice(SCENARIOS)
    group = group_of(user)
    if kind in ("homework_done", "homework_late", "joined"):
        return user, kind, None, None, group or 1, rng.randint(30, 100), str(rng.randint(1, 9)), stamp(when)
    if kind == "quiz_done":
        return user, kind, scenario, None, rng.choice((None, group)), rng.randint(20, 100), "a", stamp(when)
    if kind in TOPIC_KINDS:
        ref = rng.choice(("пенсия", "полис", None)) if kind == "search_miss" else f"q{rng.randint(1, 4)}"
        return user, kind, scenario if kind == "quiz_missed" else None, None, None, None, ref, stamp(when)
    if kind.startswith("pledge"):
        return user, kind, None, None, None, rng.randint(1, 3), str(rng.randint(1, 99)), stamp(when)
    return user, kind, scenario, f"s{rng.randint(1, 4)}", None, None, None, stamp(when)


def events_between(seed: int, first: datetime, last: datetime, count: int) -> list[tuple]:
    rng = random.Random(seed)
    span = (last - first).total_seconds()
    return [event(rng, first + timedelta(seconds=int(rng.random() * span))) for _ in range(count)]


INSERT_EVENT = (
    "INSERT INTO events (user_id, kind, scenario_id, step_id, group_id, value, ref, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)


async def seed(app: App) -> None:
    rng = random.Random(3)
    long_ago = stamp(NOW - timedelta(days=400))
    people = [(who, long_ago) for who in VIEWERS]
    people += [(who, stamp(NOW - timedelta(days=rng.randint(0, 80), minutes=rng.randint(0, 1440)))) for who in
               [*MEMBERS, *OTHERS]]  # fmt: skip
    memberships = [(group_of(who), who) for who in MEMBERS] + [(1 + (who + 1) % 3, who) for who in (11, 12, 13)]
    await app.database.write(
        [
            *[
                (
                    "INSERT INTO users (id, first_name, locale, created_at, updated_at) VALUES (?, ?, 'ru', ?, ?)",
                    (who, f"Имя{who}", when, when),
                )
                for who, when in people
            ],
            *[
                ("INSERT INTO coordinators (user_id, created_at) VALUES (?, ?)", (who, long_ago))
                for who in (COORDINATOR, OTHER_COORDINATOR)
            ],
            (
                "INSERT INTO groups (id, name, coordinator_user_id, time_zone, created_at) VALUES (1, '9Б', ?,"
                " 'Europe/Moscow', ?), (2, '10А', ?, 'Europe/Moscow', ?), (3, 'Клуб', ?, 'Europe/Moscow', ?)",
                (COORDINATOR, long_ago, COORDINATOR, long_ago, OTHER_COORDINATOR, long_ago),
            ),
            *[
                ("INSERT INTO group_members (group_id, user_id, joined_at) VALUES (?, ?, ?)", (group, who, long_ago))
                for group, who in memberships
            ],
            *[
                (
                    "INSERT INTO progress (user_id, scenario_id, step_id, trail, ticks, version, updated_at)"
                    " VALUES (?, ?, ?, '[]', '{}', '', ?)",
                    (who, scenario, f"s{rng.randint(1, 4)}", long_ago),
                )
                for who in [*MEMBERS, *OTHERS]
                for scenario in SCENARIOS
                if rng.random() < 0.8
            ],
            *[(INSERT_EVENT, row) for row in events_between(1, NOW - timedelta(days=75), NOW, 1500)],
        ]
    )


@contextmanager
def counting_events() -> Iterator[None]:
    """/stats as it was before the roll-ups: every figure counted from the events."""
    StatsRepo.rollups = False
    try:
        yield
    finally:
        StatsRepo.rollups = True


async def everything(app: App, who: int) -> list:
    """Every screen of /stats a viewer has, each period's two CSV files, and the goals."""
    viewer = app.person(who)
    seen: list = []
    for label in ("Эта неделя", "Прошлая неделя", "30 дней", "Всё время"):
        await viewer.send("/stats")
        if label != "Эта неделя":
            await viewer.click(label)
        seen.append(viewer.last_text)
        await viewer.click("📄 CSV")
        seen += [sent.document.data for sent in viewer.replies if isinstance(sent, SendDocument)]
    await viewer.click("🎯 Цели")
    seen.append(viewer.last_text)
    return seen


async def assert_both_ways_agree(app: App) -> None:
    with counting_events():
        expected = [await everything(app, who) for who in VIEWERS]
    shown = [await everything(app, who) for who in VIEWERS]
    for who, wanted, got in zip(VIEWERS, expected, shown, strict=True):
        assert len(got) == 13, "four screens, eight files, the goals"
        for number, (one, other) in enumerate(zip(wanted, got, strict=True)):
            assert one == other, f"viewer {who}, item {number}"


async def rolled_up(database: Database) -> int:
    """Events counted in the roll-ups (not the people counted on their first day)."""
    ((count,),) = await database.fetch_all(
        f"SELECT COALESCE(SUM(count), 0) FROM stats_days WHERE kind IN ({rollups.marks(rollups.FOLDED_KINDS)})"
    )
    return count


async def assert_folded_exactly(database: Database) -> None:
    """The totals are the days summed; each person's results and each walk's last start and complete are those of
    the folded events: nothing counted twice, nothing missed."""
    boundary = await folded_until(database)

    async def nonzero(sql: str, params: tuple = ()) -> dict:
        return {tuple(key): (int(count), int(total)) for *key, count, total in await database.fetch_all(sql, params)
                if count or total}  # fmt: skip

    days = await nonzero(
        "SELECT kind, scenario_id, group_id, ref, SUM(count), SUM(total) FROM stats_days GROUP BY 1, 2, 3, 4"
    )
    assert await nonzero("SELECT kind, scenario_id, group_id, ref, count, total FROM stats_totals") == days
    members = await nonzero(
        "SELECT user_id, COALESCE(group_id, 0), kind, COUNT(*), COALESCE(SUM(value), 0) FROM events"
        f" WHERE created_at < ? AND kind IN ({rollups.marks(rollups.MEMBER_KINDS)}) GROUP BY 1, 2, 3",
        (boundary,),
    )
    assert members and await nonzero("SELECT user_id, group_id, kind, count, total FROM stats_members") == members
    walks = await database.fetch_all(
        "SELECT p.user_id, p.scenario_id, MAX(CASE WHEN kind = 'start' THEN e.id END),"
        " MAX(CASE WHEN kind = 'complete' THEN e.id END) FROM progress p JOIN events e ON e.user_id = p.user_id"
        " AND e.scenario_id = p.scenario_id AND e.kind IN ('start', 'complete') AND e.created_at < ? GROUP BY 1, 2",
        (boundary,),
    )
    stored = await database.fetch_all(
        "SELECT user_id, scenario_id, walk_started, walk_finished FROM progress WHERE walk_started IS NOT NULL"
        " OR walk_finished IS NOT NULL"
    )
    assert walks and sorted(map(tuple, stored)) == sorted(map(tuple, walks))


async def firsts(database: Database) -> dict[str, int]:
    return dict(await database.fetch_all("SELECT kind, SUM(count) FROM stats_days WHERE kind LIKE '*%' GROUP BY kind"))


@pytest.fixture
async def world(start_app: StartApp, time_machine: time_machine.TimeMachineFixture) -> App:
    time_machine.move_to(NOW, tick=False)
    app = await start_app(admin_ids=(ADMIN,), stats_min_people=1)
    await seed(app)
    return app


async def test_every_screen_and_file_is_the_same_from_the_roll_ups(world: App) -> None:
    assert await fold(world.database) == "2026-11-25 00:00:00", "the days up to yesterday"
    folded = await world.database.fetch_all(
        f"SELECT COUNT(*) FROM events WHERE created_at < ? AND kind IN ({rollups.marks(rollups.FOLDED_KINDS)})",
        ("2026-11-25",),
    )
    assert await rolled_up(world.database) == folded[0][0] > 1000, "every folded event counted once"
    ever = await world.database.fetch_one(
        "SELECT COUNT(DISTINCT CASE WHEN kind IN ('complete', 'quiz_done') THEN user_id END),"
        " COUNT(DISTINCT CASE WHEN kind = 'followup_yes' THEN user_id END) FROM events WHERE created_at < '2026-11-25'"
    )
    assert await firsts(world.database) == {"*trained": ever[0], "*eservices": ever[1]}, "each person on one day"
    await assert_folded_exactly(world.database)
    await assert_both_ways_agree(world)


async def test_the_screens_read_the_roll_ups(world: App) -> None:
    """Events of a folded day deleted behind the roll-ups' back (nothing the bot does) are still counted: the
    administrator's figures come from the days, not from the events."""
    await fold(world.database)
    admin = world.person(ADMIN)

    async def since_the_start() -> str:
        await admin.send("/stats")
        await admin.click("Всё время")
        return admin.last_text

    before = await since_the_start()
    assert "Вопросов без ответа: " in before
    await world.database.write([("DELETE FROM events WHERE kind = 'search_miss' AND created_at < '2026-11-20'", ())])
    assert await since_the_start() == before
    with counting_events():
        assert await since_the_start() != before


async def test_a_fold_run_again_or_twice_at_once_counts_each_event_once(world: App) -> None:
    boundary = await fold(world.database)
    counted = await rolled_up(world.database)
    assert await fold(world.database) == boundary and await rolled_up(world.database) == counted
    # Another process that read the old boundary commits the same fold afterwards: it adds nothing.
    tx = world.database.transaction()
    tx.execute(rollups.LOCK)
    for sql in rollups.FOLDS:
        tx.execute(sql, (rollups.START, boundary, rollups.START))
    tx.execute(rollups.MOVE, (boundary, rollups.START))
    await tx.commit()
    assert await rolled_up(world.database) == counted and await folded_until(world.database) == boundary
    await assert_folded_exactly(world.database)
    await assert_both_ways_agree(world)


async def test_an_interrupted_fold_leaves_nothing_and_is_done_by_the_next_run(
    world: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rollups, "MOVE", "UPDATE stats_folded SET no_such_column = ? WHERE folded_until = ?")
    with pytest.raises(Exception, match="no_such_column"):
        await fold(world.database)
    assert await rolled_up(world.database) == 0 and await folded_until(world.database) == rollups.START
    for table in ("stats_totals", "stats_members"):
        assert await world.database.fetch_all(f"SELECT * FROM {table}") == [], table
    assert await world.database.fetch_all("SELECT 1 FROM progress WHERE walk_started IS NOT NULL") == []
    monkeypatch.undo()
    await fold(world.database)
    assert await folded_until(world.database) == "2026-11-25 00:00:00"
    await assert_folded_exactly(world.database)
    await assert_both_ways_agree(world)


async def test_a_long_history_is_folded_a_day_at_a_time(world: App, monkeypatch: pytest.MonkeyPatch) -> None:
    boundaries = []
    real = rollups.folded_until

    async def watched(database: Database) -> str:
        boundaries.append(await real(database))
        return boundaries[-1]

    monkeypatch.setattr(rollups, "folded_until", watched)
    await fold(world.database)
    (first,) = await world.database.fetch_one("SELECT MIN(created_at) FROM events")
    day = datetime.fromisoformat(first[:10]).date()
    assert boundaries[:3] == [rollups.START, *[f"{day + timedelta(days=n)} 00:00:00" for n in (1, 2)]]
    days = (NOW.date() - day).days
    assert days >= 70 and len(boundaries) == 1 + days, "a transaction a day, then nothing left to fold"


async def test_events_after_a_fold_and_the_next_day_folded(
    world: App, time_machine: time_machine.TimeMachineFixture
) -> None:
    await fold(world.database)
    # Today's events, after the boundary: read from the events until their day is folded.
    today = events_between(2, NOW.replace(hour=0), NOW, 60)
    await world.database.write([(INSERT_EVENT, row) for row in today])
    await assert_both_ways_agree(world)
    # The day ended, but only an hour ago: not folded yet (an update may still be writing into it).
    time_machine.move_to(datetime(2026, 11, 26, 1, 0, tzinfo=UTC), tick=False)
    assert await fold(world.database) == "2026-11-25 00:00:00"
    time_machine.move_to(datetime(2026, 11, 26, 2, 30, tzinfo=UTC), tick=False)
    assert await fold(world.database) == "2026-11-26 00:00:00"
    later = events_between(3, datetime(2026, 11, 26, 0, 0, tzinfo=UTC), datetime(2026, 11, 26, 2, 30, tzinfo=UTC), 40)
    await world.database.write([(INSERT_EVENT, row) for row in later])
    await assert_both_ways_agree(world)


async def test_the_boundary_survives_a_restart(
    world: App, start_app: StartApp, time_machine: time_machine.TimeMachineFixture
) -> None:
    await fold(world.database)
    counted = await rolled_up(world.database)
    time_machine.move_to(NOW + timedelta(days=2), tick=False)
    app = await start_app(admin_ids=(ADMIN,), stats_min_people=1)  # the same database, opened again
    assert await folded_until(app.database) == "2026-11-25 00:00:00"
    more = events_between(4, NOW, NOW + timedelta(days=2), 200)
    await app.database.write([(INSERT_EVENT, row) for row in more])
    assert await fold(app.database) == "2026-11-27 00:00:00"
    new_days = await app.database.fetch_one(
        f"SELECT COUNT(*) FROM events WHERE created_at >= '2026-11-25' AND created_at < '2026-11-27'"
        f" AND kind IN ({rollups.marks(rollups.FOLDED_KINDS)})"
    )
    assert await rolled_up(app.database) == counted + new_days[0], "the days after the boundary, and only those"
    await assert_folded_exactly(app.database)
    await assert_both_ways_agree(app)


async def test_a_person_forgotten_after_folding_leaves_no_count(world: App) -> None:
    await fold(world.database)
    theirs = await world.database.fetch_one(
        f"SELECT COUNT(*) FROM events WHERE user_id = ? AND created_at < '2026-11-25'"
        f" AND kind IN ({rollups.marks(rollups.FOLDED_KINDS)})",
        (FORGOTTEN,),
    )
    assert theirs[0] > 10, "the person has events in the folded days"
    counted, people = await rolled_up(world.database), await firsts(world.database)
    person = world.person(FORGOTTEN)
    await person.send("/forget")
    await person.click("🗑 Да, удалить всё")
    assert await world.database.fetch_all("SELECT 1 FROM events WHERE user_id = ?", (FORGOTTEN,)) == []
    assert await rolled_up(world.database) == counted - theirs[0]
    assert await firsts(world.database) == {"*trained": people["*trained"] - 1, "*eservices": people["*eservices"] - 1}
    for table in ("stats_days", "stats_totals"):
        columns = {column for name, column, _ in (await world.database.catalogue())[0] if name == table}
        assert columns >= {"kind", "count"} and not columns & {"user_id"}, f"{table}: counts, never a person"
    assert await world.database.fetch_all("SELECT 1 FROM stats_members WHERE user_id = ?", (FORGOTTEN,)) == []
    await assert_folded_exactly(world.database)
    await assert_both_ways_agree(world)


def test_the_roll_ups_hold_every_kind_the_figures_count() -> None:
    assert set(rollups.FOLDED_KINDS) == set(COUNTED_KINDS) | set(TOPIC_KINDS)
    assert rollups.TOPIC_KINDS == TOPIC_KINDS


async def test_the_job_folds_at_start_up(start_app: StartApp) -> None:
    app = await start_app()
    days_ago = datetime.now(UTC) - timedelta(days=3)
    await app.database.write([(INSERT_EVENT, (5, "start", "passport", "a", None, None, None, stamp(days_ago)))])
    digests = Digests(app.database, app.dispatcher["settings"])
    await digests.start()
    try:
        for _ in range(200):
            if await folded_until(app.database) != rollups.START:
                break
            await asyncio.sleep(0.01)
    finally:
        await digests.stop()
    assert await folded_until(app.database) == rollups.day_start(datetime.now(UTC) - rollups.LAG)
    assert await rolled_up(app.database) == 1


async def test_where_walks_stopped_since_the_start_reads_only_the_open_walks(tmp_path: Path) -> None:
    """The query repeats the partial index's condition, so SQLite reads the open walks from the index alone (a
    rewording of either would quietly read every place instead)."""
    database = await Database.open(tmp_path / "bot.sqlite3")
    try:
        plan = await database.fetch_all(f"EXPLAIN QUERY PLAN {rollups.OPEN_WALKS}", (rollups.START, stamp(NOW)))
    finally:
        await database.close()
    assert any("USING INDEX progress_open_walks" in row[-1] for row in plan), plan
