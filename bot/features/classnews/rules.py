"""When the day's news goes out, and which events it covers. Pure date logic."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

NEWS_AT = time(18, 0)  # after lessons, before the evening: a teacher reads it with the day still in mind


@dataclass(frozen=True)
class Window:
    """The events one message tells about: from the previous day's 18:00 to this day's, in the group's zone. An
    event after 18:00 belongs to the next day's message, so none is told twice or lost."""

    day: date
    since: datetime
    until: datetime


def window(moment: datetime, zone: ZoneInfo) -> Window:
    local = moment.astimezone(zone)
    day = local.date() if local.time() < NEWS_AT else local.date() + timedelta(days=1)
    return Window(day, datetime.combine(day - timedelta(days=1), NEWS_AT, zone), datetime.combine(day, NEWS_AT, zone))
