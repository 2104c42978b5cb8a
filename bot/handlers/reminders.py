""" "Remind me the day before the visit": the person types the date, the reminder goes into the outbox.

The outbox sends it (bot/sender.py) the day before at 10:00 in the person's time zone, never in their quiet hours.
"""

from datetime import date, datetime, timedelta
from html import escape

from aiogram import Bot, Router
from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Message

from bot.callbacks import MenuCb, OpenCb, RemindCb, ResumeCb
from bot.config import Settings
from bot.db.repositories import Repo, User
from bot.display import chat_of, show
from bot.i18n import Translator
from bot.outbox import Letter, kind
from bot.reminders import DateError, parse_visit_date, visit_reminder_due
from bot.settings_views import zone_name, zone_of
from bot.views import Screen, button

VISIT_DATE = "visit-date:"
VISIT_REMINDER = "visit-reminder"


class AwaitingVisitDate(Filter):
    """The person was asked for the date of a visit (async: no thread hop, see ../shared/PERFORMANCE.md)."""

    async def __call__(self, message: Message, user: User) -> bool:
        return bool(user.awaiting and user.awaiting.startswith(VISIT_DATE) and message.text)


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
    now = datetime.now(zone)
    try:
        visit = parse_visit_date(message.text or "", now.date())
    except DateError as error:
        await show(bot, user, message.chat.id, Screen(t(error.reason, example=example_date(user, settings))))
        return
    due = visit_reminder_due(visit, now, zone, settings.quiet_hours)
    scenario_id = (user.awaiting or "").removeprefix(VISIT_DATE) or None
    user.awaiting = None
    payload = {"scenario": scenario_id, "visit": visit.isoformat()}
    repo.outbox.add(user.id, VISIT_REMINDER, payload, due, key=f"{scenario_id or ''}:{visit.isoformat()}")
    day, time = due.strftime("%d.%m"), due.strftime("%H:%M")
    text = t("remind-saved", visit=visit.strftime("%d.%m.%Y"), day=day, time=time, city=zone_name(t, user, settings))
    # The way back to the step the person asked from, so nobody has to guess /menu.
    back = ResumeCb(scenario=scenario_id, fresh=False) if scenario_id else MenuCb()
    label = t("btn-continue") if scenario_id else t("btn-menu")
    await show(bot, user, message.chat.id, Screen(text, ([button(label, back)],)))


@kind(VISIT_REMINDER, family="reminders")
async def visit_letter(letter: Letter) -> Screen | None:
    visit = date.fromisoformat(letter.payload["visit"])
    if visit < datetime.now(letter.zone).date():  # sent late (the bot was down): the visit has passed
        return None
    t = letter.t
    scenario = letter.catalog.get(letter.payload["scenario"] or "")
    text = t("outbox-visit-due", day=visit.strftime("%d.%m.%Y"))
    if scenario is None:
        return Screen(text)
    return Screen(
        text, ([button(t("outbox-visit-open", title=escape(scenario.title(t.locale))), OpenCb(scenario=scenario.id))],)
    )


def create_router() -> Router:
    router = Router(name="reminders")
    router.callback_query.register(remind_pressed, RemindCb.filter())
    router.message.register(visit_date_typed, AwaitingVisitDate())
    return router
