"""Settings, read once from the environment and an optional `.env` file, then passed down."""

from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from aiogram.utils.token import TokenValidationError, validate_token
from pydantic import AnyHttpUrl, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

Locale = Literal["ru", "en"]
LOCALES: tuple[Locale, ...] = ("ru", "en")


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
