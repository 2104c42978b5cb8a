"""Buttons of scheduled messages: under a message (stop, snooze), the follow-up's answers, and /settings."""

from bot.core.buttons import Button


class NotifyCb(Button, prefix="n1"):
    """Under a scheduled message: «Не напоминать об этом» (stop=True) or «Напомнить завтра» (stop=False)."""

    row: int
    stop: bool


class VisitDayCb(Button, prefix="v2"):
    """«✅ Да, 01.12.2027» when a typed visit date had passed this year: the scenario asked from, and the day (ISO)."""

    scenario: str
    day: str


class FollowupCb(Button, prefix="f1"):
    """An answer to «Получилось оформить на Госуслугах?» (the outbox row that asked): yes, not-yet or help."""

    row: int
    answer: str


class SettingsCb(Button, prefix="s1"):
    """A /settings screen: "main" or "zones"."""

    screen: str


class ZoneCb(Button, prefix="s2"):
    zone: str  # an IANA name from bot.features.reminders.views.ZONES


class FamilyCb(Button, prefix="s3"):
    """Turn one family of scheduled messages on or off."""

    family: str
