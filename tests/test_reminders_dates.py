"""Dates as people type them, in figures or in words, read the same way for visit reminders, pledges and homework
deadlines (bot.features.reminders.rules.parse_visit_date). The conversations are in the tests of each feature."""

import subprocess
import sys
from datetime import date
from zoneinfo import ZoneInfo

import pytest

from bot.features.reminders.rules import DateError, NextYear, parse_visit_date
from tests.conftest import ROOT

MONDAY = date(2026, 11, 23)
MOSCOW = ZoneInfo("Europe/Moscow")

READ = {
    "15.12": date(2026, 12, 15),
    "15.12.2026 г.": date(2026, 12, 15),
    "1.12.26": date(2026, 12, 1),
    "завтра": date(2026, 11, 24),
    "Послезавтра.": date(2026, 11, 25),
    "в пятницу": date(2026, 11, 27),
    "в понедельник": date(2026, 11, 30),  # said on a Monday: next week's
    "через неделю": date(2026, 11, 30),
    "через две недели": date(2026, 12, 7),
    "через месяц": date(2026, 12, 23),
    "5 декабря": date(2026, 12, 5),
    "до 5 декабря": date(2026, 12, 5),
    "пятого декабря": date(2026, 12, 5),
    "в субботу 5 декабря": date(2026, 12, 5),
    "10 января": date(2027, 1, 10),
    "5 декабря 2026 года": date(2026, 12, 5),
    "tomorrow": date(2026, 11, 24),
    "on Friday": date(2026, 11, 27),
    "5 December": date(2026, 12, 5),
    "Dec 5": date(2026, 12, 5),
}

REFUSED = {
    "мне 72": "remind-not-a-date",
    "72": "remind-not-a-date",
    "72 года": "remind-not-a-date",
    "12": "remind-not-a-date",
    "в 5": "remind-not-a-date",
    "1000 рублей": "remind-not-a-date",
    "стоит 300 р": "remind-not-a-date",
    "через 2 часа": "remind-not-a-date",
    "в 10 утра": "remind-not-a-date",
    "декабрь": "remind-not-a-date",
    "31 февраля": "remind-not-a-date",
    "как записаться к врачу": "remind-not-a-date",
    "5 декабря, а лучше шестого или седьмого, как получится": "remind-not-a-date",
    "вчера": "remind-too-late",
    "сегодня": "remind-too-late",
    "5 декабря 2027": "remind-too-far",
}


@pytest.mark.parametrize(("text", "day"), READ.items())
def test_a_date_in_figures_or_words(text: str, day: date) -> None:
    assert parse_visit_date(text, MONDAY, MOSCOW) == day


@pytest.mark.parametrize(("text", "reason"), REFUSED.items())
def test_ages_prices_times_and_other_words_are_not_dates(text: str, reason: str) -> None:
    with pytest.raises(DateError) as error:
        parse_visit_date(text, MONDAY, MOSCOW)
    assert error.value.reason == reason


def test_words_are_read_without_the_network() -> None:
    """dateparser reads the language files it ships: a fresh interpreter with no network reads Russian and English."""
    script = (
        "import socket\n"
        "def refuse(*args, **kwargs): raise OSError('no network here')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "from datetime import date\n"
        "from zoneinfo import ZoneInfo\n"
        "from bot.features.reminders.rules import parse_visit_date\n"
        "zone, monday = ZoneInfo('Asia/Vladivostok'), date(2026, 11, 23)\n"
        "print(parse_visit_date('5 декабря', monday, zone), parse_visit_date('on Friday', monday, zone))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["2026-12-05", "2026-11-27"]


def test_a_day_gone_this_year_is_asked_about_and_today_is_for_homework() -> None:
    december_2 = date(2026, 12, 2)
    for text in ("01.12", "1 декабря", "15.06"):
        with pytest.raises(NextYear) as question:
            parse_visit_date(text, december_2, MOSCOW)
        assert question.value.meant.year == 2027
    assert parse_visit_date("10.01", december_2, MOSCOW) == date(2027, 1, 10), "January typed in December: no doubt"
    with pytest.raises(DateError):
        parse_visit_date("02.12", december_2, MOSCOW)
    assert parse_visit_date("02.12", december_2, MOSCOW, today_ok=True) == december_2
    assert parse_visit_date("сегодня", december_2, MOSCOW, today_ok=True) == december_2
