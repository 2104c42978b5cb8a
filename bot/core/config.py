"""Settings, read once from the environment and an optional `.env` file, then passed down."""

import re
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from aiogram.utils.token import TokenValidationError, validate_token
from pydantic import AnyHttpUrl, Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.core.quiet_hours import DEFAULT_QUIET_HOURS, QuietHours

Locale = Literal["ru", "en"]
LOCALES: tuple[Locale, ...] = ("ru", "en")
# What Telegram accepts as a webhook's secret_token, sent back in every request's X-Telegram-Bot-Api-Secret-Token.
WEBHOOK_SECRET_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,256}")
REDIS_SCHEMES = ("redis", "rediss", "unix")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True)

    bot_token: SecretStr | None = None
    telegram_api_base: AnyHttpUrl | None = None
    database_path: Path = Path("data/bot.sqlite3")
    # postgresql://user@host:5432/name: PostgreSQL instead of the SQLite file, for several workers (docs/deploy.md).
    database_url: SecretStr | None = None
    scenarios_dir: Path = Path("scenarios")
    admin_ids: Annotated[tuple[int, ...], NoDecode] = ()
    default_locale: Locale = "ru"
    timezone: str = "Europe/Moscow"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    review_max_age_days: int = Field(default=365, ge=1)
    # A coordinator sees figures about the people of their groups (/stats, the digest) only when their groups have
    # this many: in a smaller group each figure is about someone they can name (/privacy says so).
    stats_min_people: int = Field(default=5, ge=1)
    # Scheduled messages (bot/sender.py): Telegram allows ~30 messages a second to different people.
    send_rate: int = Field(default=25, ge=1)
    quiet_hours: Annotated[QuietHours, NoDecode] = DEFAULT_QUIET_HOURS
    followup_after: timedelta = Field(default=timedelta(days=3), gt=timedelta(0))
    # A request Telegram answers with a 5xx or that fails on the network is tried this many more times, waiting
    # SEND_BACKOFF seconds, then twice that, and so on.
    send_retries: int = Field(default=3, ge=0, le=10)
    send_backoff: float = Field(default=1.0, ge=0)
    # Webhook mode (bot/webhook.py): with WEBHOOK_URL, Telegram posts updates to it instead of being long-polled.
    # The server listens on WEBHOOK_HOST:WEBHOOK_PORT behind a reverse proxy that holds the HTTPS certificate.
    webhook_url: AnyHttpUrl | None = None
    webhook_secret: SecretStr | None = Field(default=None, validate_default=True)
    webhook_host: str = "127.0.0.1"
    webhook_port: int = Field(default=8080, ge=1, le=65535)
    # Redis the bot's workers share (the per-person lock, flood control, the screen record, update de-duplication);
    # empty: one worker, all of it in memory. Secret: the address may hold a password.
    redis_url: SecretStr | None = None

    @field_validator("bot_token", mode="before")
    @classmethod
    def _empty_token_means_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            try:
                validate_token(value.get_secret_value())
            except TokenValidationError:
                raise ValueError("not a Telegram token (it looks like 123456:ABC-DEF…, from @BotFather)") from None
        return value

    @field_validator("telegram_api_base", mode="before")
    @classmethod
    def _empty_base_means_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("database_url", mode="before")
    @classmethod
    def _empty_url_means_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("database_url")
    @classmethod
    def _postgresql_url(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith(("postgresql://", "postgres://")):
            raise ValueError("not a PostgreSQL address (it looks like postgresql://bot@127.0.0.1:5432/bot)")
        return value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"'{value}' is not a known time zone (example: Europe/Moscow)") from None
        return value

    @field_validator("quiet_hours", mode="before")
    @classmethod
    def _parse_quiet_hours(cls, value: object) -> object:
        return QuietHours.parse(value) if isinstance(value, str) else value

    @field_validator("followup_after", mode="before")
    @classmethod
    def _seconds(cls, value: object) -> object:
        # pydantic reads "P3D" and the number 3600 but not the text "3600" an environment variable holds.
        return int(value) if isinstance(value, str) and value.strip().isdigit() else value

    @field_validator("webhook_url", "webhook_secret", mode="before")
    @classmethod
    def _empty_webhook_means_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: AnyHttpUrl | None, info: ValidationInfo) -> AnyHttpUrl | None:
        if value is None:
            return value
        if value.scheme != "https":
            raise ValueError(f"'{value}' is not https (Telegram posts updates only to https:// addresses)")
        if "bot_token" in info.data and info.data["bot_token"] is None:  # a malformed token is reported on its own
            raise ValueError("webhook mode needs BOT_TOKEN too (without a token the bot runs its console chat)")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        # Checked here, after WEBHOOK_URL (fields are validated in order); a wrong URL is reported on its own.
        url_given = info.data.get("webhook_url") is not None
        if value is None:
            if url_given:
                raise ValueError("missing: WEBHOOK_URL needs it, so that nobody else can post updates to the bot")
            return value
        if not WEBHOOK_SECRET_SHAPE.fullmatch(value.get_secret_value()):
            raise ValueError("1 to 256 characters, only A-Z, a-z, 0-9, _ and - (Telegram's rule for secret_token)")
        if not url_given and "webhook_url" in info.data:
            raise ValueError("set, but WEBHOOK_URL is empty: set both for webhook mode, neither for long polling")
        return value

    @field_validator("redis_url", mode="before")
    @classmethod
    def _empty_redis_means_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("redis_url")
    @classmethod
    def _redis_scheme(cls, value: SecretStr | None) -> SecretStr | None:
        # The address is not repeated in the message: it may hold a password.
        if value is not None and urlsplit(value.get_secret_value().strip()).scheme not in REDIS_SCHEMES:
            raise ValueError("not a Redis address (redis://, rediss:// or unix://; example: redis://127.0.0.1:6379/0)")
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class SettingsError(Exception):
    """A setting is wrong; the message is one line that names it."""


def load_settings(**overrides: object) -> Settings:
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        wrong = "; ".join(f"{_name(err['loc'])}: {err['msg'].removeprefix('Value error, ')}" for err in exc.errors())
        raise SettingsError(f"wrong setting: {wrong}") from None


def _name(loc: tuple[object, ...]) -> str:
    return str(loc[0]).upper() if loc else "settings"
