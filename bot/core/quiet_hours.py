"""Never at night: the hours in a person's own time zone when no scheduled message is sent. Pure, no I/O."""

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

_RANGE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


@dataclass(frozen=True)
class QuietHours:
    """From `start` to `end` local time; the range may cross midnight (21:00-09:00). None of both: never quiet."""

    start: time | None = None
    end: time | None = None

    @classmethod
    def parse(cls, text: str) -> "QuietHours":
        """`HH:MM-HH:MM`, or empty for none; ValueError with a one-line reason otherwise."""
        if not text.strip():
            return cls()
        match = _RANGE.match(text)
        if not match:
            raise ValueError(f"'{text}' is not a range of hours (example: 21:00-09:00, or empty for none)")
        try:
            start, end = time(int(match[1]), int(match[2])), time(int(match[3]), int(match[4]))
        except ValueError:
            raise ValueError(f"'{text}' has an hour or minute out of range (example: 21:00-09:00)") from None
        if start == end:
            raise ValueError(f"'{text}' starts and ends at the same time (empty means no quiet hours)")
        return cls(start, end)

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}" if self.start and self.end else ""

    def covers(self, moment: time) -> bool:
        if self.start is None or self.end is None:
            return False
        if self.start < self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end

    def next_allowed(self, moment: datetime, zone: ZoneInfo) -> datetime:
        """The moment itself if it is outside quiet hours in `zone`, else the morning they end (in `zone`)."""
        local = moment.astimezone(zone)
        if self.end is None or not self.covers(local.time()):
            return local
        day = local.date() if local.time() < self.end else local.date() + timedelta(days=1)
        return datetime.combine(day, self.end, zone)


DEFAULT_QUIET_HOURS = QuietHours(time(21, 0), time(9, 0))
