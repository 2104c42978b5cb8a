"""Dates as people type them, and when to remind: the day before a visit, outside quiet hours in the person's time
zone. Pure date logic, no I/O (dateparser reads only the language files it ships)."""

import re
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.core.quiet_hours import QuietHours

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

REMIND_AT = time(10, 0)
LATE_BOOKING_GAP = timedelta(hours=2)
FURTHEST = timedelta(days=366)
# A day and month already past this year are next year's without a question only while that is less than half a
# year away («10.01» typed in December); «01.12» typed on 02.12 may as well be a slip for a day just gone, so we ask.
NEXT_YEAR_WITHOUT_ASKING = timedelta(days=183)
LONGEST_DATE = 40  # characters: a longer text is a sentence, not a date (and parsing it would cost for nothing)
_DATE = re.compile(r"^\s*(\d{1,2})[./\-\s](\d{1,2})(?:[./\-\s](\d{2}|\d{4}))?\s*(?:г\.?|года?)?\s*$")
# «до 5 декабря», «by Friday»: words a deadline is often typed with, which dateparser does not expect.
_LEADING_WORDS = ("до", "к", "ко", "by", "until", "till")
_NOON = time(12, 0)  # the time of day relative dates count from: «через 2 часа» then shows up as not a whole day
_WHOLE_DAYS = ("day", "week", "month")


class DateError(ValueError):
    """The text is not a usable date; `reason` is a UI string key (`remind-…`, features swap the prefix)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NextYear(DateError):
    """A day and month that passed this year a short while ago: the person is asked whether `meant`, next year's,
    is what they mean (or types another date)."""

    def __init__(self, meant: date) -> None:
        super().__init__("remind-next-year")
        self.meant = meant


def parse_visit_date(text: str, today: date, zone: ZoneInfo, *, today_ok: bool = False) -> date:
    """A date as people type it: 15.12, 15.12.2026, 15/12/26, «5 декабря», «в пятницу», «завтра», «через неделю»
    (Russian or English), counted from `today` in the person's (or group's) `zone`. Today itself only if `today_ok`
    (homework due at the end of today); not more than a year ahead. Raises DateError, or NextYear to ask first."""
    match = _DATE.match(text)
    if match:
        day = _numeric(match, today)
    elif len(text) <= LONGEST_DATE and any(c.isalpha() for c in text):
        day = _in_words(text, today, zone)
    else:
        raise DateError("remind-not-a-date")
    return within_reach(day, today, today_ok=today_ok)


def within_reach(day: date, today: date, *, today_ok: bool = False) -> date:
    """The day, if it is not past (nor today, unless `today_ok`) and at most a year ahead; else DateError."""
    if day < today or (day == today and not today_ok):
        raise DateError("remind-too-late")
    if day - today > FURTHEST:
        raise DateError("remind-too-far")
    return day


def offered_day(value: str, today: date, *, today_ok: bool = False) -> date | None:
    """A day a button carries (ISO, e.g. the «01.12.2027?» answer), if it is one the bot could have offered today:
    buttons can be forged or kept for long."""
    try:
        return within_reach(date.fromisoformat(value), today, today_ok=today_ok)
    except ValueError:  # DateError too
        return None


def short_day(day: date, today: date) -> str:
    """«15.12» this year, «15.12.2027» in another: a day shown without its year is read as this year's."""
    return day.strftime("%d.%m" if day.year == today.year else "%d.%m.%Y")


def _numeric(match: re.Match[str], today: date) -> date:
    day, month, year = int(match[1]), int(match[2]), match[3]
    if year is None:
        return _without_year(day, month, today)
    try:
        return date(int(year) + (2000 if len(year) == 2 else 0), month, day)
    except ValueError:
        raise DateError("remind-not-a-date") from None


def _without_year(day: int, month: int, today: date) -> date:
    """This year's day, unless it has passed: then next year's, asking first if that is far off."""
    for year in (today.year, today.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:  # 31.02, or 29.02 outside a leap year
            continue
        if candidate >= today:
            if candidate.year > today.year and candidate - today > NEXT_YEAR_WITHOUT_ASKING:
                raise NextYear(candidate)
            return candidate
    raise DateError("remind-not-a-date")


def _in_words(text: str, today: date, zone: ZoneInfo) -> date:
    """Words through dateparser: a relative day («завтра», «через неделю»), a day with its month («5 декабря»,
    «5 December 2027») or a weekday («в пятницу»). Anything else it reads («мне 72», «2 часа», «72 года», a bare «5»)
    is not a date here."""
    words = text.strip().rstrip(".").split()
    if len(words) > 1 and words[0].lower() in _LEADING_WORDS:
        words = words[1:]
    text = " ".join(words)
    base = datetime.combine(today, _NOON)
    relative = _reader(base, zone, "relative-time").get_date_data(text)
    if relative.date_obj is not None:
        if relative.period in _WHOLE_DAYS and relative.date_obj.time() == _NOON:
            return relative.date_obj.date()
        raise DateError("remind-not-a-date")
    dated = _reader(base, zone, "absolute-time", "day", "month").get_date_data(text).date_obj
    if dated is not None:
        if _reader(base, zone, "absolute-time", "day", "month", "year").get_date_data(text).date_obj is not None:
            return dated.date()
        return _without_year(dated.day, dated.month, today)
    weekday = _reader(base, zone, "absolute-time").get_date_data(text)
    if weekday.date_obj is not None and weekday.period == "day" and not any(c.isdigit() for c in text):
        return weekday.date_obj.date()  # the next such weekday: dateparser prefers the future
    raise DateError("remind-not-a-date")


def _reader(base: datetime, zone: ZoneInfo, parser: str, *required: str) -> "DateDataParser":
    # Imported on the first date typed in words, not at start-up: dateparser (with regex) holds ~8 MB of resident
    # memory once it has parsed, which a bot whose people never type a date like «5 декабря» would carry for nothing.
    # The price: that first date's answer comes 60–80 ms later, on top of the ~300–450 ms dateparser's first parse
    # costs either way (python -m bench.first_use; docs/benchmarks.md, memory).
    from dateparser.date import DateDataParser

    settings = {
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": base,
        "TIMEZONE": zone.key,
        "RETURN_AS_TIMEZONE_AWARE": False,
        "DATE_ORDER": "DMY",
        "PARSERS": [parser],
        "REQUIRE_PARTS": list(required),
    }
    return DateDataParser(languages=["ru", "en"], settings=settings)


def visit_reminder_due(visit: date, now: datetime, zone: ZoneInfo, quiet: QuietHours) -> datetime:
    """The day before the visit at 10:00 local time. If that has passed already (a visit booked for tomorrow), some
    hours from now rather than at once — a reminder in the same minute as «запланировано» reminds nobody — and
    never at night."""
    wanted = datetime.combine(visit - timedelta(days=1), REMIND_AT, zone)
    return quiet.next_allowed(max(wanted, now + LATE_BOOKING_GAP), zone)
