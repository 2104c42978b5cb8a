"""Kinds of scheduled messages: what each one says when it is due. Features register their kinds here.

How a feature sends something later (homework nudges, pledge nudges, digests, ...):

1. Register the kind once, at import of the feature's module, with the function that writes the message::

       from bot.features.reminders.letters import Letter, kind
       from bot.core.screens import Screen

       @kind("homework-nudge", family="nudges", snooze=True)
       async def homework_nudge(letter: Letter) -> Screen | None:
           if await letter.repo.homework.done(letter.user_id, letter.payload["assignment"]):
               return None  # no longer relevant: nothing is sent, the row is dropped
           return Screen(letter.t(NUDGE_TEXT_KEY, title=...), rows=...)

   The function gets a `Letter`: the payload (the parsed values stored with the row), the recipient's Translator
   (`letter.t`, their language), their time zone, a read-only `repo` and the catalog. It returns the screen to send,
   or None when the message is no longer relevant. It must not write. Keep it small: it runs for every message of
   a backlog on the loop that answers people.
2. Schedule it in a handler, inside the update's transaction (written with the update's other writes)::

       repo.outbox.add(user.id, "homework-nudge", {"assignment": 12}, due_at=deadline - timedelta(hours=24),
                       key="12")

   `due_at` is an aware datetime; the same person and `key` are stored once (a second add changes nothing), so a
   key names the occasion ("12", "doctor:2026-12-15"). `repo.outbox.cancel(user.id, kind, key=...)` forgets a
   message not sent yet (e.g. when the deadline moves, cancel and add again).

The sender then takes care of the rest: the person's quiet hours (a message due at night waits for the morning in
their zone), their opt-outs (`family`: one of FAMILIES, switched in /settings and by «Не напоминать об этом» under
every such message), «Напомнить завтра» under kinds registered with `snooze=True`, Telegram's rate limits, people
who blocked the bot, and restarts and crashes (at most one duplicate after a crash between sending and recording).
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot.core.config import Settings
from bot.core.i18n import Translator
from bot.features.scenarios.validation import Catalog

if TYPE_CHECKING:
    from bot.core.people import Repo
    from bot.core.screens import Screen

# Families of kinds a person can switch off, in the order /settings shows them. The class news (bot/features/
# classnews, and the copy of a request for help sent to a student) are a family each: a teacher may want one and
# not another.
FAMILIES = ("reminders", "followups", "nudges", "digests", "news-joined", "news-homework", "news-pledges", "news-help")


@dataclass(frozen=True)
class Letter:
    """One due message, with what its kind needs to write it for the recipient."""

    id: int
    user_id: int
    kind: str
    payload: dict[str, Any]
    t: Translator
    zone: ZoneInfo
    repo: "Repo"
    catalog: Catalog
    settings: Settings


Write = Callable[[Letter], Awaitable["Screen | None"]]


@dataclass(frozen=True)
class Kind:
    name: str
    family: str
    write: Write
    snooze: bool


KINDS: dict[str, Kind] = {}


def kind(name: str, *, family: str, snooze: bool = False) -> Callable[[Write], Write]:
    """Register `name`: the decorated function writes its messages (see the module docstring)."""
    if family not in FAMILIES:
        raise ValueError(f"kind {name!r}: family {family!r} is not one of {FAMILIES}")

    def register(write: Write) -> Write:
        if name in KINDS and KINDS[name].write is not write:
            raise ValueError(f"kind {name!r} is registered twice")
        KINDS[name] = Kind(name, family, write, snooze)
        return write

    return register
