"""/settings: time zone and which scheduled messages to get; the buttons under every scheduled message
(«Не напоминать об этом», «Напомнить завтра»)."""

from datetime import UTC, date, datetime, timedelta
from html import escape

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.core.buttons import MenuCb
from bot.core.config import Settings
from bot.core.filters import Awaiting
from bot.core.hooks import Hooks, Moment
from bot.core.i18n import Translator
from bot.core.people import Repo, User
from bot.core.screens import Screen, button, chat_of, show, show_in_place
from bot.features.members.roles import is_staff
from bot.features.reminders.buttons import FamilyCb, FollowupCb, NotifyCb, SettingsCb, VisitDayCb, ZoneCb
from bot.features.reminders.followup import ANSWERS, FOLLOWUP
from bot.features.reminders.letters import KINDS
from bot.features.reminders.rules import (
    REMIND_AT,
    DateError,
    NextYear,
    offered_day,
    parse_visit_date,
    short_day,
    visit_reminder_due,
)
from bot.features.reminders.views import (
    ZONES,
    families,
    next_year,
    settings_screen,
    zone_name,
    zone_of,
    zones_screen,
)
from bot.features.reminders.visits import VISIT_DATE, VISIT_REMINDER
from bot.features.scenarios.buttons import OpenCb, RemindCb, ResumeCb
from bot.features.scenarios.validation import Catalog


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


def example_date(user: User, settings: Settings) -> str:
    return (datetime.now(zone_of(user, settings)) + timedelta(days=7)).strftime("%d.%m")


async def remind_pressed(
    query: CallbackQuery, callback_data: RemindCb, bot: Bot, user: User, t: Translator, settings: Settings
) -> None:
    user.awaiting = VISIT_DATE + callback_data.scenario
    await show(bot, user, chat_of(query), Screen(t("remind-ask", example=example_date(user, settings))))


async def visit_date_typed(
    message: Message, bot: Bot, user: User, repo: Repo, t: Translator, settings: Settings
) -> None:
    zone = zone_of(user, settings)
    scenario_id = (user.awaiting or "").removeprefix(VISIT_DATE)
    try:
        visit = parse_visit_date(message.text or "", datetime.now(zone).date(), zone)
    except NextYear as question:
        yes = VisitDayCb(scenario=scenario_id, day=question.meant.isoformat())
        await show(bot, user, message.chat.id, next_year(t, "remind-next-year", question.meant, yes))
        return
    except DateError as error:
        await show(bot, user, message.chat.id, Screen(t(error.reason, example=example_date(user, settings))))
        return
    await save_visit(bot, user, repo, t, settings, message.chat.id, scenario_id or None, visit)


async def visit_day_chosen(
    query: CallbackQuery,
    callback_data: VisitDayCb,
    bot: Bot,
    user: User,
    repo: Repo,
    t: Translator,
    settings: Settings,
    catalog: Catalog,
    callback_answer: CallbackAnswer,
) -> None:
    """«✅ Да, 01.12.2027» (the same reminder twice is stored once)."""
    visit = offered_day(callback_data.day, datetime.now(zone_of(user, settings)).date())
    if visit is None or (callback_data.scenario and catalog.get(callback_data.scenario) is None):
        callback_answer.text = t("stale-button")
        return
    await save_visit(bot, user, repo, t, settings, chat_of(query), callback_data.scenario or None, visit)


async def save_visit(
    bot: Bot,
    user: User,
    repo: Repo,
    t: Translator,
    settings: Settings,
    chat_id: int,
    scenario_id: str | None,
    visit: date,
) -> None:
    zone = zone_of(user, settings)
    now = datetime.now(zone)
    due = visit_reminder_due(visit, now, zone, settings.quiet_hours)
    user.awaiting = None
    payload = {"scenario": scenario_id, "visit": visit.isoformat()}
    repo.outbox.add(user.id, VISIT_REMINDER, payload, due, key=f"{scenario_id or ''}:{visit.isoformat()}")
    day, time = short_day(due.date(), now.date()), due.strftime("%H:%M")
    text = t("remind-saved", visit=visit.strftime("%d.%m.%Y"), day=day, time=time, city=zone_name(t, user, settings))
    # The way back to the step the person asked from, so nobody has to guess /menu.
    back = ResumeCb(scenario=scenario_id, fresh=False) if scenario_id else MenuCb()
    label = t("btn-continue") if scenario_id else t("btn-menu")
    await show(bot, user, chat_id, Screen(text, ([button(label, back)],)))


def create_visits_router() -> Router:
    router = Router(name="reminders")
    router.callback_query.register(remind_pressed, RemindCb.filter())
    router.callback_query.register(visit_day_chosen, VisitDayCb.filter())
    router.message.register(visit_date_typed, Awaiting(VISIT_DATE))  # a command is never taken for the date
    return router


async def followup_answered(
    query: CallbackQuery,
    callback_data: FollowupCb,
    bot: Bot,
    user: User,
    repo: Repo,
    t: Translator,
    catalog: Catalog,
    callback_answer: CallbackAnswer,
    settings: Settings,
    hooks: Hooks,
) -> None:
    row = await repo.outbox.get(callback_data.row, user.id)
    event = ANSWERS.get(callback_data.answer)
    scenario = catalog.get(row.payload["scenario"]) if row and row.kind == FOLLOWUP else None
    if scenario is None or event is None:
        callback_answer.text = t("stale-button")
        return
    if await repo.outbox.answered(user.id, row.id, tuple(ANSWERS.values())):  # pressed twice, or an old message
        callback_answer.text = t("outbox-followup-already")
        return
    repo.events.add(user.id, event, scenario.id, ref=str(row.id))
    # Answered: after «Напомнить завтра» the same question waits for tomorrow, and would only say «Вы уже ответили».
    repo.outbox.settle(user.id, FOLLOWUP, key=scenario.id)
    pressed = query.message.message_id if isinstance(query.message, Message) else None
    moment = Moment(bot, user, repo, t, settings, chat_of(query), catalog, pressed)
    if event == "followup_help":  # who can help, or where, is the helpers feature's to say
        await hooks.fire(hooks.help_wanted, moment, scenario.id, row.id)
        return
    if event == "followup_yes":
        await hooks.fire(hooks.scenario_worked, moment, scenario.id)
    title = escape(scenario.title(t.locale))
    rows = [[button(t("btn-menu"), MenuCb())]]
    if callback_data.answer != "yes":
        rows.insert(0, [button(t("outbox-followup-open", title=title), OpenCb(scenario=scenario.id))])
    await show_in_place(query, bot, user, Screen(t(f"outbox-followup-{callback_data.answer}-said"), tuple(rows)))


def create_followup_router() -> Router:
    router = Router(name="followup")
    router.callback_query.register(followup_answered, FollowupCb.filter())
    return router
