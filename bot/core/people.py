"""People: our record of each person, the events their actions leave for statistics, and the repositories of one
update. Repositories take the update's transaction, return small typed objects and never commit."""

from dataclasses import dataclass
from datetime import UTC, datetime

from bot.core.database import Transaction

# The person is read together with their place in their current scenario and their latest unfinished quiz attempt,
# then those rows are kept in the cache, so a step or a quiz press costs no query of its own (bench/quiz.py). The
# tables are the scenarios' and the quizzes' (their repositories read the cached rows); this is SQL, not an import.
ATTEMPT_COLUMNS = (
    "id",
    "user_id",
    "scenario_id",
    "assignment_id",
    "group_id",
    "questions",
    "answers",
    "position",
    "score",
    "started_at",
    "finished_at",
)
LATEST_COLUMNS = ", ".join(f"a.{name}" for name in ATTEMPT_COLUMNS)
LATEST_JOIN = (
    " LEFT JOIN quiz_attempts a ON a.id = (SELECT id FROM quiz_attempts WHERE user_id = u.id AND finished_at IS NULL"
    " ORDER BY started_at DESC LIMIT 1)"
)


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


@dataclass
class User:
    id: int
    locale: str
    active_scenario: str | None = None
    awaiting: str | None = None  # what the bot asked the person to type, e.g. "visit-date:doctor"
    first_name: str | None = None  # as Telegram sends it; the only name the bot keeps
    time_zone: str | None = None  # None: the TIMEZONE setting
    unreachable_at: str | None = None  # when Telegram last refused a message to them (403); cleared when they write
    # Which message shows the current screen, and what it shows, so an unchanged screen is never re-sent. Known only
    # once Telegram has taken the message, so kept in memory (the row cache), never in the database: a record that
    # a crash could leave behind the screen would make the bot skip an edit the person needs. With several workers it
    # is kept in Redis instead, taken out while an update of the person runs (bot/core/workers.py, `SharedScreens`).
    screen_message_id: int | None = None
    screen_digest: str | None = None

    def fields(self) -> tuple[object, ...]:
        """The values in column order (a shallow copy: dataclasses.astuple deep-copies, at a cost per update)."""
        return tuple(vars(self).values())

    def state(self) -> tuple[object, ...]:
        """The stored fields: everything but the screen record."""
        return self.fields()[:7]


class UserRepo:
    """People, read through the database's cache of committed rows: an active person costs no query."""

    def __init__(self, tx: Transaction) -> None:
        self._tx = tx
        self._gone: set[int] = set()

    def forgotten(self, user_id: int) -> None:
        """The person's rows were deleted in this update (/forget): nothing of them is written or cached again by it,
        whatever it changed in their record before or after (a pending question cleared by the press, the screen)."""
        self._gone.add(user_id)

    def was_forgotten(self, user_id: int) -> bool:
        return user_id in self._gone

    async def get(self, user_id: int) -> User | None:
        """The person, with their place in their current scenario and their latest unfinished quiz attempt (one
        query, or none when cached)."""
        cached = self._tx.cache.get(("user", user_id))
        if cached is not None:
            return None if cached is self._tx.cache.MISSING else User(*cached)
        row = await self._tx.fetch_one(
            "SELECT u.id, u.locale, u.active_scenario, u.awaiting, u.first_name, u.time_zone, u.unreachable_at,"
            f" p.scenario_id, p.step_id, p.version, p.trail, p.ticks, {LATEST_COLUMNS}"
            " FROM users u LEFT JOIN progress p ON p.user_id = u.id AND p.scenario_id = u.active_scenario"
            f"{LATEST_JOIN} WHERE u.id = ?",
            (user_id,),
        )
        if row is None:
            self._tx.cache.put(("user", user_id), self._tx.cache.MISSING)  # a new person: /start asks again
            return None
        user = tuple(row[:7])
        self._tx.cache.put(("user", user_id), user)
        if row[7] is not None:
            self._tx.cache.put(("progress", user_id, row[7]), tuple(row[7:12]))
        if row[12] is not None:
            self._tx.cache.put(("attempt", user_id), tuple(row[12:]))
        return User(*user)

    def add(self, user: User) -> None:
        stamp = now()
        self._tx.execute(
            "INSERT INTO users (id, locale, active_scenario, awaiting, first_name, time_zone, unreachable_at,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*user.state(), stamp, stamp),
        )
        self._cache_on_commit(user)

    def save(self, user: User) -> None:
        if user.id in self._gone:
            return
        self._tx.execute(
            "UPDATE users SET locale = ?, active_scenario = ?, awaiting = ?, first_name = ?, time_zone = ?,"
            " unreachable_at = ?, updated_at = ? WHERE id = ?",
            (*user.state()[1:], now(), user.id),
        )
        self._cache_on_commit(user)

    def remember_screen(self, user: User) -> None:
        """Which message shows what, once Telegram has taken it (in memory only, see `User`)."""
        if user.id not in self._gone:
            self._tx.cache.refresh(("user", user.id), user.fields())

    def unreachable(self, user_id: int) -> None:
        """Telegram refused a message (403). The person's cached record is dropped, so their next update reads the
        mark, and clears it: writing again shows they can be reached (`UserSession`)."""
        self._tx.execute("UPDATE users SET unreachable_at = ? WHERE id = ?", (now(), user_id))
        self._tx.on_commit(lambda: self._tx.cache.drop(("user", user_id).__eq__))

    def _cache_on_commit(self, user: User) -> None:
        row = user.fields()
        self._tx.on_commit(lambda: user.id in self._gone or self._tx.cache.put(("user", user.id), row))


class EventRepo:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    def add(
        self,
        user_id: int,
        kind: str,
        scenario_id: str | None = None,
        step_id: str | None = None,
        *,
        group_id: int | None = None,
        value: int | None = None,
        ref: str | None = None,
    ) -> None:
        self._tx.execute(
            "INSERT INTO events (user_id, kind, scenario_id, step_id, group_id, value, ref, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (user_id, kind, scenario_id, step_id, group_id, value, ref, now()),
        )

    async def recent(self, user_id: int, limit: int = 50) -> list[tuple[str, str | None, str | None]]:
        rows = await self._tx.fetch_all(
            "SELECT kind, scenario_id, step_id FROM events WHERE user_id = ? ORDER BY id DESC LIMIT ?",
            (user_id, limit),
        )
        return [tuple(row) for row in reversed(rows)]


class Repo:
    """The repositories of one update, sharing its transaction: the core's own. `bot.composition.Repositories` adds
    each feature's (`repo.pledges`, `repo.outbox`, …), and is what handlers receive."""

    def __init__(self, tx: Transaction) -> None:
        self.tx = tx
        self.users = UserRepo(tx)
        self.events = EventRepo(tx)
