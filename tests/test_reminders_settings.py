"""The outbox's settings: quiet hours, the follow-up delay, the send rate; and quiet hours as pure time logic."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.config import load_settings
from bot.core.quiet_hours import QuietHours

VLADIVOSTOK = ZoneInfo("Asia/Vladivostok")


def test_defaults() -> None:
    settings = load_settings(_env_file=None)
    assert settings.send_rate == 25
    assert str(settings.quiet_hours) == "21:00-09:00"
    assert settings.followup_after == timedelta(days=3)
    assert (settings.send_retries, settings.send_backoff) == (3, 1.0)


@pytest.mark.parametrize(("given", "meant"), [("259200", timedelta(days=3)), ("PT12H", timedelta(hours=12))])
def test_followup_after_in_seconds_or_iso_8601(given: str, meant: timedelta) -> None:
    assert load_settings(_env_file=None, followup_after=given).followup_after == meant


def test_empty_quiet_hours_mean_any_hour() -> None:
    quiet = load_settings(_env_file=None, quiet_hours="").quiet_hours
    night = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)  # 04:00 in Vladivostok
    assert quiet.next_allowed(night, VLADIVOSTOK) == night


def test_quiet_hours_in_the_persons_zone() -> None:
    quiet = QuietHours.parse("21:00-09:00")
    evening = datetime(2026, 11, 23, 11, 30, tzinfo=UTC)  # 21:30 in Vladivostok, 14:30 in Moscow
    assert quiet.next_allowed(evening, VLADIVOSTOK) == datetime(2026, 11, 24, 9, 0, tzinfo=VLADIVOSTOK)
    assert quiet.next_allowed(evening, ZoneInfo("Europe/Moscow")) == evening
    after_midnight = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # 01:00 on 24.11 in Vladivostok
    assert quiet.next_allowed(after_midnight, VLADIVOSTOK) == datetime(2026, 11, 24, 9, 0, tzinfo=VLADIVOSTOK)


def test_quiet_hours_within_one_day() -> None:
    lunch = QuietHours.parse("13:00-14:00")
    assert lunch.covers(time(13, 30)) and not lunch.covers(time(14, 0)) and not lunch.covers(time(2, 0))
    moment = datetime(2026, 11, 23, 13, 15, tzinfo=VLADIVOSTOK)
    assert lunch.next_allowed(moment, VLADIVOSTOK) == datetime(2026, 11, 23, 14, 0, tzinfo=VLADIVOSTOK)
