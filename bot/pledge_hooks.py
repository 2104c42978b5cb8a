"""Where the pledges feature hears about outcomes reported elsewhere. The pledges work fills these in.

Today nobody has pledges, so each hook does nothing; the callers already call them at the right moment.
"""

from bot.db.repositories import Repo


async def followup_said_yes(repo: Repo, user_id: int, scenario_id: str) -> None:
    """The person answered «Да» to «Получилось оформить на Госуслугах?» for `scenario_id`.

    Called inside the update's transaction (writes through `repo` are committed with the answer). A person who came
    through a pledge invitation link has a pledge item for this scenario waiting: confirm it here and add a
    `pledge_confirmed` event (ref = the pledge item id).
    """
