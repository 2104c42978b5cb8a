"""Where «Нужна помощь» under a follow-up arrives (the hook help_wanted, fired by the reminders feature)."""

from bot.core.hooks import Moment
from bot.core.screens import show
from bot.features.helpers.views import offer, places
from bot.features.helpers.who import helper_of


async def help_wanted(moment: Moment, scenario_id: str, followup_id: int) -> None:
    """Ask whether to pass it on to the person who can help, or, with nobody to ask, say where to get help; in place
    of the follow-up that was answered."""
    helper = await helper_of(moment.repo, moment.user.id)
    if helper is None:
        screen = places(moment.t, moment.catalog.get(scenario_id))
    else:
        screen = offer(moment.t, helper, followup_id)
    await show(moment.bot, moment.user, moment.chat_id, screen, edit=moment.message_id)
