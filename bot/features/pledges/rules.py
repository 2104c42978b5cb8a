"""Pledges' pure logic: who can be helped, by when, and the per-student tally a coordinator sees."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from bot.features.pledges.repo import Pledge
from bot.features.reminders.rules import offered_day

# Who the helped person is to the student: a word from this list, never a name. Stored by word, sent as a digit.
RELATIONS = ("grandma", "grandpa", "mum", "dad", "neighbour", "relative", "acquaintance")
MAX_PEOPLE = 10
# The grammatical gender a relation gives the verb («бабушка прошла», «дедушка прошёл»). A neighbour, an
# acquaintance or another relative may be either: their texts are phrased without a gendered verb.
GENDERS = {"grandma": "f", "grandpa": "m", "mum": "f", "dad": "m"}


def gender(relation: str) -> str:
    return GENDERS.get(relation, "other")


def due_date(choice: str, today: date) -> date | None:
    """ "week": in 7 days; "month": the same day next month (the last day if the month is shorter); else a day a
    button carries (ISO: «✅ Да, 01.12.2027»), if it could be offered today."""
    if choice == "week":
        return today + timedelta(days=7)
    if choice != "month":
        return offered_day(choice, today)
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return date(year, month, min(today.day, calendar.monthrange(year, month)[1]))


@dataclass
class Tally:
    made: int = 0
    walked: int = 0
    confirmed: int = 0
    self_reported: int = 0
    overdue: int = 0


def tally(pledges: list[Pledge], today: date) -> dict[int, Tally]:
    """Per student: people promised, who walked the guide, who said it worked (confirmed), self-reported, waiting
    past the date."""
    result: dict[int, Tally] = {}
    for pledge in pledges:
        counts = result.setdefault(pledge.user_id, Tally())
        for item in pledge.items:
            counts.made += 1
            counts.walked += item.walked
            counts.confirmed += item.state == "confirmed"
            counts.self_reported += item.state == "self"
            counts.overdue += item.state == "waiting" and date.fromisoformat(pledge.due_date) < today
    return result
