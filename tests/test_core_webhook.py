"""Webhook mode: Telegram posts updates to the bot's own server. Only a request with the secret token reaches the bot,
each update is handled before the answer goes back, and a stop lets the updates being handled finish."""

from pathlib import Path

import pytest

from bot.core.config import SettingsError, load_settings
from tests.test_core_polling import TOKEN
from tests.test_scenarios_validator import run_bot

SECRET = "w3bhook_SECRET-token"
PATH = "/telegram/updates"
URL = f"https://bot.example.org{PATH}"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


# --- settings ------------------------------------------------------------------------------------------------------


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    monkeypatch.chdir(tmp_path)  # no .env of the developer's is read
    for name in ("BOT_TOKEN", "WEBHOOK_URL", "WEBHOOK_SECRET", "WEBHOOK_HOST", "WEBHOOK_PORT"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_webhook_settings_default_to_polling_behind_a_local_proxy(clean_environment: pytest.MonkeyPatch) -> None:
    settings = load_settings()
    assert settings.webhook_url is None and settings.webhook_secret is None
    assert (settings.webhook_host, settings.webhook_port) == ("127.0.0.1", 8080)
    for name, value in {
        "BOT_TOKEN": TOKEN,
        "WEBHOOK_URL": URL,
        "WEBHOOK_SECRET": SECRET,
        "WEBHOOK_PORT": "8443",
    }.items():
        clean_environment.setenv(name, value)
    settings = load_settings()
    assert (str(settings.webhook_url), settings.webhook_port) == (URL, 8443)
    assert SECRET not in repr(settings), "the secret never shows in logs"


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (
            {"WEBHOOK_URL": URL},
            "wrong setting: WEBHOOK_SECRET: missing: WEBHOOK_URL needs it, so that nobody else can post updates",
        ),
        ({"WEBHOOK_SECRET": SECRET}, "wrong setting: WEBHOOK_SECRET: set, but WEBHOOK_URL is empty"),
        (
            {"WEBHOOK_URL": "http://bot.example.org/telegram/updates", "WEBHOOK_SECRET": SECRET},
            "wrong setting: WEBHOOK_URL: 'http://bot.example.org/telegram/updates' is not https",
        ),
        ({"WEBHOOK_URL": "not a url", "WEBHOOK_SECRET": SECRET}, "wrong setting: WEBHOOK_URL: Input should be a valid"),
        ({"WEBHOOK_URL": URL, "WEBHOOK_SECRET": "has spaces"}, "wrong setting: WEBHOOK_SECRET: 1 to 256 characters"),
        ({"WEBHOOK_URL": URL, "WEBHOOK_SECRET": "x" * 257}, "wrong setting: WEBHOOK_SECRET: 1 to 256 characters"),
        ({"WEBHOOK_URL": URL, "WEBHOOK_SECRET": "пароль"}, "wrong setting: WEBHOOK_SECRET: 1 to 256 characters"),
        ({"WEBHOOK_PORT": "70000"}, "wrong setting: WEBHOOK_PORT: Input should be less than or equal to 65535"),
    ],
)
def test_a_wrong_webhook_setting_is_named(
    clean_environment: pytest.MonkeyPatch, given: dict[str, str], message: str
) -> None:
    for name, value in {"BOT_TOKEN": TOKEN, **given}.items():
        clean_environment.setenv(name, value)
    with pytest.raises(SettingsError) as error:
        load_settings()
    assert str(error.value).startswith(message)
    assert SECRET not in str(error.value)


def test_a_webhook_without_a_token_stops_the_bot_with_one_line() -> None:
    result = run_bot(env={"WEBHOOK_URL": URL, "WEBHOOK_SECRET": SECRET})
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "error: wrong setting: WEBHOOK_URL: webhook mode needs BOT_TOKEN too (without a token the bot runs its"
        " console chat)"
    ]
