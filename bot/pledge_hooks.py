"""Where the pledges feature hears about outcomes: a helped person reached the end of the account scenario, or
answered «Да» to «Получилось оформить на Госуслугах?» for it. Either confirms the pledge items of the invitation
links they opened; the student's 🎉 message goes through the outbox.
"""

from datetime import UTC, datetime

from bot.db.pledges import Invitation
from bot.db.repositories import Repo

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


async def followup_said_yes(repo: Repo, user_id: int, scenario_id: str) -> None:
    """The person answered «Да» to «Получилось оформить на Госуслугах?» for `scenario_id`.

    Called inside the update's transaction (writes through `repo` are committed with the answer).
    """
    if scenario_id == ACCOUNT_SCENARIO:
        await confirm_invitations(repo, user_id)
