""" "Remind me the day before the visit": the person types the date, the reminder goes into the outbox.

The outbox sends it (bot/sender.py) the day before at 10:00 in the person's time zone, never in their quiet hours.
"""

from datetime import date, datetime
from html import escape

from bot.core.screens import Screen, button
from bot.features.reminders.letters import Letter, kind
from bot.features.scenarios.buttons import OpenCb

VISIT_DATE = "visit-date:"
VISIT_REMINDER = "visit-reminder"


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
