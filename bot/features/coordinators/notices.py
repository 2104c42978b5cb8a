"""The message that tells a person their coordinator rights were revoked. It goes through the outbox, so it waits
out the person's quiet hours and is tried again if Telegram fails, and it is queued once per revocation."""

from datetime import UTC, datetime

from bot.core.people import Repo
from bot.core.screens import Screen
from bot.features.members.repo import stamp
from bot.features.reminders.letters import Letter, kind

REVOKED = "coordinator-revoked"


def tell_revoked(repo: Repo, user_id: int) -> None:
    moment = datetime.now(UTC)
    repo.outbox.add(user_id, REVOKED, {}, moment, key=stamp(moment))


# Coordinators' mail: a coordinator who switched off the digests asked for none of it.
@kind(REVOKED, family="digests")
async def revoked_letter(letter: Letter) -> Screen | None:
    if await letter.repo.coordinators.is_coordinator(letter.user_id):
        return None  # invited again before the message went out: nothing to tell
    return Screen(letter.t("coord-revoked-letter"))
