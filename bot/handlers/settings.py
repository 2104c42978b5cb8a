"""/settings: time zone and which scheduled messages to get; the buttons under every scheduled message
(«Не напоминать об этом», «Напомнить завтра»)."""

from datetime import UTC, datetime, timedelta

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.callbacks import FamilyCb, NotifyCb, SettingsCb, ZoneCb
from bot.config import Settings
from bot.db.repositories import Repo, User
from bot.display import chat_of, show
from bot.handlers.menu import show_in_place
from bot.i18n import Translator
from bot.outbox import KINDS
from bot.reminders import REMIND_AT
from bot.roles import is_staff
from bot.settings_views import ZONES, families, settings_screen, zone_of, zones_screen
from bot.views import Screen


async def main_screen(
    user: User, repo: Repo, t: Translator, settings: Settings, optouts: frozenset[str] | None = None, intro: str = ""
) -> Screen:
    """The /settings screen; `optouts` as they will be once this update's writes are applied."""
    if optouts is None:
        optouts = await repo.delivery.optouts(user.id)
    staff = await is_staff(user.id, settings, repo)
    return settings_screen(t, user, settings, optouts, staff, intro)


async def cmd_settings(message: Message, bot: Bot, user: User, repo: Repo, t: Translator, settings: Settings) -> None:
    await show(bot, user, message.chat.id, await main_screen(user, repo, t, settings))


async def settings_screen_chosen(
    query: CallbackQuery, callback_data: SettingsCb, bot: Bot, user: User, repo: Repo, t: Translator, settings: Settings
) -> None:
    if callback_data.screen == "zones":
        await show_in_place(query, bot, user, zones_screen(t))
        return
    await show_in_place(query, bot, user, await main_screen(user, repo, t, settings))


async def zone_chosen(
    query: CallbackQuery, callback_data: ZoneCb, bot: Bot, user: User, repo: Repo, t: Translator, settings: Settings
) -> None:
    if callback_data.zone in ZONES:
        user.time_zone = callback_data.zone
    await show_in_place(query, bot, user, await main_screen(user, repo, t, settings, intro=t("outbox-zone-set")))


async def family_toggled(
    query: CallbackQuery, callback_data: FamilyCb, bot: Bot, user: User, repo: Repo, t: Translator, settings: Settings
) -> None:
    family = callback_data.family
    optouts = await repo.delivery.optouts(user.id)
    if family in optouts:
        repo.delivery.opt_in(user.id, family)
        optouts -= {family}
    elif family in families(await is_staff(user.id, settings, repo)):
        repo.delivery.opt_out(user.id, family)
        optouts |= {family}
    await show_in_place(query, bot, user, await main_screen(user, repo, t, settings, optouts))


async def notify_pressed(
    query: CallbackQuery,
    callback_data: NotifyCb,
    bot: Bot,
    user: User,
    repo: Repo,
    t: Translator,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    row = await repo.outbox.get(callback_data.row, user.id)
    kind = KINDS.get(row.kind) if row else None
    if row is None or kind is None:
        callback_answer.text = t("stale-button")
        return
    if callback_data.stop:
        repo.delivery.opt_out(user.id, kind.family)
        text = t("outbox-stopped", family=t(f"outbox-family-{kind.family}"))
    else:
        zone = zone_of(user, settings)
        tomorrow = datetime.now(UTC).astimezone(zone).date() + timedelta(days=1)
        due = settings.quiet_hours.next_allowed(datetime.combine(tomorrow, REMIND_AT, zone), zone)
        repo.outbox.snooze(row.id, user.id, due)
        text = t("outbox-snoozed", day=due.strftime("%d.%m"), time=due.strftime("%H:%M"))
    await show(bot, user, chat_of(query), Screen(text))


def create_router() -> Router:
    router = Router(name="settings")
    router.message.register(cmd_settings, Command("settings"))
    router.callback_query.register(settings_screen_chosen, SettingsCb.filter())
    router.callback_query.register(zone_chosen, ZoneCb.filter())
    router.callback_query.register(family_toggled, FamilyCb.filter())
    router.callback_query.register(notify_pressed, NotifyCb.filter())
    return router
