"""Where the pledges feature hears about outcomes. A helped person who reaches an end of the account scenario has
walked the guide, not yet registered: the student hears that, and the person is asked whether it worked. Their «Да»
(there, or to the follow-up «Получилось?» for the account) confirms the pledge items of the links they opened. The
students' messages go through the outbox.
"""

from datetime import UTC, datetime
from html import escape

from bot.core.hooks import Moment
from bot.core.people import Repo
from bot.core.screens import show
from bot.features.pledges.repo import Invitation
from bot.features.pledges.views import worked_question

ACCOUNT_SCENARIO = "account"  # the scenario a helped person is invited to (scenarios/10-account.yaml)
PLEDGE_CONFIRMED = "pledge-confirmed"
PLEDGE_WALKED = "pledge-walked"


def students(invited: list[Invitation]) -> str:
    return ", ".join(dict.fromkeys(escape(invitation.student_name or "—") for invitation in invited))


async def confirm_invitations(repo: Repo, user_id: int) -> list[Invitation]:
    """Confirm every item whose link this person opened; returns them (none if they came by no link)."""
    invited = await repo.pledges.awaiting_confirmation(user_id)
    for invitation in invited:
        item_id, student_id = invitation.item.id, invitation.student_user_id
        repo.pledges.confirm(item_id)
        repo.events.add(student_id, "pledge_confirmed", ref=str(item_id))
        repo.outbox.add(student_id, PLEDGE_CONFIRMED, {"item": item_id}, datetime.now(UTC), key=str(item_id))
    return invited


async def followup_said_yes(moment: Moment, scenario_id: str) -> None:
    """The person said it worked on Gosuslugi for `scenario_id` (in the update's transaction: the confirmations are
    committed with the answer)."""
    if scenario_id == ACCOUNT_SCENARIO:
        await confirm_invitations(moment.repo, moment.user.id)


async def walked_guide(moment: Moment, scenario_id: str) -> None:
    """A person invited by a «Тимуровец» reached an end of the account scenario: the items are marked walked (the
    students get a message, once), and the person is asked whether registering worked."""
    if scenario_id != ACCOUNT_SCENARIO:
        return
    repo = moment.repo
    invited = await repo.pledges.awaiting_confirmation(moment.user.id)
    if not invited:
        return
    first_walk = [invitation for invitation in invited if not invitation.item.walked]
    for invitation in first_walk:
        item_id, student_id = invitation.item.id, invitation.student_user_id
        repo.pledges.walk(item_id)
        repo.events.add(student_id, "pledge_walked", ref=str(item_id))
        repo.outbox.add(student_id, PLEDGE_WALKED, {"item": item_id}, datetime.now(UTC), key=str(item_id))
    told = students(first_walk) if first_walk else None
    await show(moment.bot, moment.user, moment.chat_id, worked_question(moment.t, told))
