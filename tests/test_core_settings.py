"""Settings: defaults, parsing, and a wrong value stopping start-up with one clear line."""

from pathlib import Path

import pytest

from bot.core.config import SettingsError, load_settings
from tests.test_scenarios_validator import run_bot


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no .env of the developer's is read
    for name in ("BOT_TOKEN", "TELEGRAM_API_BASE", "DATABASE_PATH", "ADMIN_IDS", "DEFAULT_LOCALE", "TIMEZONE"):
        monkeypatch.delenv(name, raising=False)


def test_defaults() -> None:
    settings = load_settings()
    assert settings.bot_token is None and settings.telegram_api_base is None
    assert settings.database_path == Path("data/bot.sqlite3")
    assert settings.default_locale == "ru" and settings.timezone == "Europe/Moscow"
    assert settings.admin_ids == ()


def test_values_from_the_environment_and_dotenv(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("BOT_TOKEN=123:abc\nADMIN_IDS=5, 7\n", encoding="utf-8")
    monkeypatch.setenv("TELEGRAM_API_BASE", "http://127.0.0.1:8081")
    monkeypatch.setenv("DEFAULT_LOCALE", "en")
    settings = load_settings()
    assert settings.bot_token.get_secret_value() == "123:abc"
    assert "123:abc" not in repr(settings), "the token never shows in logs"
    assert settings.admin_ids == (5, 7)
    assert str(settings.telegram_api_base) == "http://127.0.0.1:8081/"
    assert settings.default_locale == "en"


def test_an_empty_token_means_console_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", "  ")
    assert load_settings().bot_token is None


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "TIMEZONE",
            "Mars/Base",
            "wrong setting: TIMEZONE: 'Mars/Base' is not a known time zone (example: Europe/Moscow)",
        ),
        ("DEFAULT_LOCALE", "de", "wrong setting: DEFAULT_LOCALE: Input should be 'ru' or 'en'"),
        ("ADMIN_IDS", "12,abc", "wrong setting: ADMIN_IDS: Input should be a valid integer"),
        ("TELEGRAM_API_BASE", "not a url", "wrong setting: TELEGRAM_API_BASE: Input should be a valid URL"),
        ("QUIET_HOURS", "9-21", "wrong setting: QUIET_HOURS: '9-21' is not a range of hours (example: 21:00-09:00"),
        ("QUIET_HOURS", "25:00-09:00", "wrong setting: QUIET_HOURS: '25:00-09:00' has an hour or minute out of range"),
        ("QUIET_HOURS", "09:00-09:00", "wrong setting: QUIET_HOURS: '09:00-09:00' starts and ends at the same time"),
        ("FOLLOWUP_AFTER", "soon", "wrong setting: FOLLOWUP_AFTER: Input should be a valid timedelta"),
        ("SEND_RATE", "0", "wrong setting: SEND_RATE: Input should be greater than or equal to 1"),
    ],
)
def test_a_wrong_setting_is_named(monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as error:
        load_settings()
    assert str(error.value).startswith(message)


def test_a_wrong_setting_stops_the_bot_with_one_line() -> None:
    result = run_bot(env={"TIMEZONE": "Mars/Base"})
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "error: wrong setting: TIMEZONE: 'Mars/Base' is not a known time zone (example: Europe/Moscow)"
    ]
