"""The rules of groups: names, join codes, and the limit on guessing them."""

import zlib
from datetime import UTC, datetime, timedelta

from bot.core.links import new_join_code
from bot.core.names import display_name
from bot.core.people import Repo
from bot.features.members.repo import Group

NAME_LIMIT = 64
WRONG_CODES_LIMIT = 10  # wrong join codes, typed or pressed, in WRONG_CODES_WINDOW before the door closes
WRONG_CODES_WINDOW = timedelta(hours=1)


def code_mark(code: str | None) -> int:
    """A number naming the code a confirmation was asked about (callback data has no room for text)."""
    return zlib.crc32((code or "").encode())


def clean_name(text: str) -> str | None:
    """A group's name, or a member's for the coordinator, as typed, if it is one: others see it, so it carries no
    link (see `display_name`)."""
    name = display_name(text) if len(text) <= 4 * NAME_LIMIT else None
    return name if name and len(" ".join(text.split())) <= NAME_LIMIT else None


async def unused_code(repo: Repo) -> str:
    while True:  # 21⁶ ≈ 86 million codes: a clash is rare, and then one more try settles it
        code = new_join_code()
        if not await repo.groups.code_taken(code):
            return code


async def group_of_code(repo: Repo, user_id: int, code: str | None) -> Group | str:
    """The open group with this join code, or why not: "join-throttled" (ten wrong codes in the hour, typed or
    pressed, and the door closes) or "join-wrong-code" (counted). A code pressed on a button is checked as strictly
    as a typed one: callback data can be forged."""
    moment = datetime.now(UTC)
    if await repo.groups.failures_since(user_id, moment - WRONG_CODES_WINDOW) >= WRONG_CODES_LIMIT:
        return "join-throttled"
    group = await repo.groups.by_code(code) if code else None
    if group is None:
        await repo.groups.add_failure(user_id, moment, moment - WRONG_CODES_WINDOW)
        return "join-wrong-code"
    return group
