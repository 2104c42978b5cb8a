"""What a coordinator's groups did in a window, counted from the events table."""

from dataclasses import dataclass

from bot.core.database import Transaction
from bot.features.stats.repo import Scope, events_in


@dataclass(frozen=True)
class News:
    """One kind of news: the events it counts, and whether it counts people (joins, homework) or events (pledge
    items confirmed: a student may have helped two people)."""

    name: str
    events: tuple[str, ...]
    people: bool = True


class ClassNewsRepo:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    async def counts(self, coordinator_user_id: int, news: News, since: str, until: str) -> list[tuple[str, int]]:
        """(group name, how many) for each open group of the coordinator where something of this kind happened.

        Which events a coordinator may see is stats' rule (`events_in`); an event is told in the group of its
        `group_id`, or, without one (a pledge), in each of the coordinator's groups the person is in. The
        coordinator's own doings are not news to them."""
        where, params = events_in(Scope(coordinator_user_id))
        marks = ", ".join("?" * len(news.events))
        how_many = "count(DISTINCT e.user_id)" if news.people else "count(*)"
        rows = await self._tx.fetch_all(
            f"WITH e AS (SELECT user_id, group_id FROM events WHERE kind IN ({marks})"
            f" AND created_at >= ? AND created_at < ?{where})"
            f" SELECT g.name, {how_many} FROM e JOIN group_members m ON m.user_id = e.user_id"
            " JOIN groups g ON g.id = m.group_id"
            " WHERE (e.group_id IS NULL OR e.group_id = g.id) AND g.coordinator_user_id = ? AND g.closed_at IS NULL"
            " AND e.user_id != g.coordinator_user_id GROUP BY g.id ORDER BY g.name",
            (*news.events, since, until, *params, coordinator_user_id),
        )
        return [(row[0], row[1]) for row in rows]
