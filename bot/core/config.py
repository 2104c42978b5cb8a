"""Settings, read once from the environment and an optional `.env` file, then passed down."""

from datetime import timedelta
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from aiogram.utils.token import TokenValidationError, validate_token
from pydantic import AnyHttpUrl, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.core.quiet_hours import DEFAULT_QUIET_HOURS, QuietHours

Locale = Literal["ru", "en"]
LOCALES: tuple[Locale, ...] = ("ru", "en")
REDIS_SCHEMES = ("redis", "rediss", "unix")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True)

    bot_token: SecretStr | None = None
    telegram_api_base: AnyHttpUrl | None = None
    database_path: Path = Path("data/bot.sqlite3")
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
