"""Where the pledges feature hears about outcomes: a helped person reached the end of the account scenario, or
answered «Да» to «Получилось оформить на Госуслугах?» for it. Either confirms the pledge items of the invitation
links they opened; the student's 🎉 message goes through the outbox.
"""

from datetime import UTC, datetime
from html import escape

from bot.core.hooks import Moment
from bot.core.people import Repo
from bot.features.pledges.repo import Invitation

ACCOUNT_SCENARIO = "account"  # the scenario a helped person is invited to (scenarios/10-account.yaml)
PLEDGE_CONFIRMED = "pledge-confirmed"


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
    """The person answered «Да» to «Получилось оформить на Госуслугах?» for `scenario_id` (in the update's
    transaction: the confirmations are committed with the answer)."""
    if scenario_id == ACCOUNT_SCENARIO:
        await confirm_invitations(moment.repo, moment.user.id)


async def confirm_help(moment: Moment, scenario_id: str) -> None:
    """A person invited by a «Тимуровец» reached the end of the account scenario: their pledge items are confirmed,
    the students get a 🎉 message (through the outbox), and the helped person hears that the student will know."""
    if scenario_id != ACCOUNT_SCENARIO:
        return
    for invited in await confirm_invitations(moment.repo, moment.user.id):
        text = moment.t("pledge-helped-thanks", student=escape(invited.student_name or "—"))
        await moment.bot.send_message(chat_id=moment.chat_id, text=text)
