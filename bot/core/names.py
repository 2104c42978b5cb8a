"""Names people chose — a Telegram first name, a group's name — made safe to show to other people.

A name is shown to others (a student's to the grandmother they help, a member's to the coordinator), so it must not
carry what a stranger could use against them: a link Telegram would make clickable («Петя gosuslugi.ru.evil.example»),
an @username, or invisible and direction-changing characters that hide or reorder text. Those are taken out; a name
with nothing left is no name. The result is what the bot keeps: a parsed value, never the raw text.
"""

import re
import unicodedata

LIMIT = 64
_LINK = re.compile(
    r"(?:https?://|www\.|t\.me/)\S*"  # an address with its scheme or a well-known start
    r"|\S*\b[\w-]+(?:\.[\w-]+)*\.(?:[a-z]{2,24}|рф)\b\S*"  # a bare domain, whatever follows it
    r"|(?<!\w)@\w+",  # an @username
    re.IGNORECASE,
)


def display_name(raw: str | None) -> str | None:
    if not raw:
        return None
    visible = "".join(char for char in unicodedata.normalize("NFKC", raw) if unicodedata.category(char) != "Cf")
    name = " ".join(_LINK.sub(" ", visible).split())[:LIMIT].strip()
    return name or None
