""" "Remind me the day before the visit": the person types the date, the reminder is stored.

Sending stored reminders is a separate job (see the reminders table); until it runs, the bot says so honestly.
"""

from datetime import UTC, datetime, timedelta

from aiogram import Bot, Router
from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Message

from bot.callbacks import RemindCb
from bot.config import Settings
from bot.db.repositories import Reminder, Repo, User
from bot.display import chat_of, show
from bot.i18n import Translator
from bot.reminders import DateError, parse_visit_date, visit_reminder_due
from bot.views import Screen

VISIT_DATE = "visit-date:"


class AwaitingVisitDate(Filter):
    """The person was asked for the date of a visit (async: no thread hop, see ../shared/PERFORMANCE.md)."""

    async def __call__(self, message: Message, user: User) -> bool:
        return bool(user.awaiting and user.awaiting.startswith(VISIT_DATE) and message.text)


def example_date(settings: Settings) -> str:
    return (datetime.now(settings.zone) + timedelta(days=7)).strftime("%d.%m")


async def remind_pressed(
    query: CallbackQuery, callback_data: RemindCb, bot: Bot, user: User, t: Translator, settings: Settings
) -> None:
    user.awaiting = VISIT_DATE + callback_data.scenario
    await show(bot, user, chat_of(query), Screen(t("remind-ask", example=example_date(settings))))


async def visit_date_typed(
    message: Message, bot: Bot, user: User, repo: Repo, t: Translator, settings: Settings
) -> None:
    now = datetime.now(settings.zone)
    try:
        visit = parse_visit_date(message.text or "", now.date())
    except DateError as error:
        await show(bot, user, message.chat.id, Screen(t(error.reason, example=example_date(settings))))
        return
    due = visit_reminder_due(visit, now, settings.zone)
    scenario_id = (user.awaiting or "").removeprefix(VISIT_DATE) or None
    user.awaiting = None
    utc = due.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    repo.reminders.add(user.id, Reminder("visit", scenario_id, visit.isoformat(), utc))
    text = t("remind-saved", visit=visit.strftime("%d.%m.%Y"), day=due.strftime("%d.%m"), time=due.strftime("%H:%M"))
    await show(bot, user, message.chat.id, Screen(text))


def create_router() -> Router:
    router = Router(name="reminders")
    router.callback_query.register(remind_pressed, RemindCb.filter())
    router.message.register(visit_date_typed, AwaitingVisitDate())
    return router
