"""Deep links (https://t.me/<bot>?start=<kind>-<token>), their tokens, and join codes."""

import hashlib
import re
import secrets

from aiogram import Bot

# Letters and digits nobody mixes up, on a screen or read aloud: no 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V, G/6.
CODE_ALPHABET = "ACDEFHJKMNPRTWXY34679"
CODE_LENGTH = 6
# Russian letters that look like Latin ones: a student typing on a Russian keyboard still gets the code right.
_CYRILLIC = str.maketrans("АСЕНКМРТХУ", "ACEHKMPTXY")


async def deep_link(bot: Bot, payload: str) -> str:
    me = await bot.me()
    return f"https://t.me/{me.username}?start={payload}"


def new_token() -> str:
    return secrets.token_urlsafe(16)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_join_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def read_join_code(text: str) -> str | None:
    """The code as typed ("acd 3f7", "АСD-3F7") in its stored form, or None if it cannot be one."""
    code = re.sub(r"[\s\-]", "", text).upper().translate(_CYRILLIC)
    if len(code) == CODE_LENGTH and all(char in CODE_ALPHABET for char in code):
        return code
    return None
