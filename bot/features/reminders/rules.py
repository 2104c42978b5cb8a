"""When to remind: the day before a visit, outside quiet hours in the person's time zone. Pure date logic, no I/O."""

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.quiet_hours import QuietHours

REMIND_AT = time(10, 0)
LATE_BOOKING_GAP = timedelta(hours=2)
FURTHEST = timedelta(days=366)
_DATE = re.compile(r"^\s*(\d{1,2})[./\-\s](\d{1,2})(?:[./\-\s](\d{2}|\d{4}))?\s*(?:г\.?|года?)?\s*$")


class DateError(ValueError):
    """The text is not a usable visit date; `reason` is a UI string key."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_visit_date(text: str, today: date) -> date:
    """A date typed as people type it: 15.12, 15.12.2026, 15/12/26. Without a year, the next such day."""
    match = _DATE.match(text)
    if not match:
        raise DateError("remind-not-a-date")
    day, month, year = int(match[1]), int(match[2]), match[3]
    try:
        if year is None:
            visit = date(today.year, month, day)
            if visit < today:
                visit = date(today.year + 1, month, day)
        else:
            visit = date(int(year) + (2000 if len(year) == 2 else 0), month, day)
    except ValueError:
        raise DateError("remind-not-a-date") from None
    if visit <= today:
        raise DateError("remind-too-late")
    if visit - today > FURTHEST:
        raise DateError("remind-too-far")
    return visit


def visit_reminder_due(visit: date, now: datetime, zone: ZoneInfo, quiet: QuietHours) -> datetime:
    """The day before the visit at 10:00 local time. If that has passed already (a visit booked for tomorrow), some
    hours from now rather than at once — a reminder in the same minute as «запланировано» reminds nobody — and
    never at night."""
    wanted = datetime.combine(visit - timedelta(days=1), REMIND_AT, zone)
    return quiet.next_allowed(max(wanted, now + LATE_BOOKING_GAP), zone)
