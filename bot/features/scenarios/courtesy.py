"""Greetings and thanks typed on their own: answered kindly rather than searched. Pure, no I/O."""

import re
from typing import Literal

Courtesy = Literal["greeting", "thanks"]

GREETINGS = {"привет", "приветствую", "здравствуй", "здравствуйте", "здрасте", "добрый", "доброе", "доброго"}
GREETINGS |= {"hello", "hi", "hey", "good", "greetings"}
THANKS = {"спасибо", "спасибочки", "благодарю", "thanks", "thank", "thx"}
# Words that go with a greeting or thanks and change nothing: «добрый день», «спасибо вам большое».
FILLER = {"день", "вечер", "утро", "утра", "дня", "вам", "тебе", "большое", "огромное", "всем", "бот", "ещё", "еще"}
FILLER |= {"morning", "afternoon", "evening", "you", "very", "much", "so", "a", "lot", "there", "again"}
_WORD = re.compile(r"[a-zа-яё]+")


def courtesy(text: str) -> Courtesy | None:
    """«спасибо» → thanks, «привет», «добрый день» → greeting; anything with more in it (a question) → None."""
    words = _WORD.findall(text.lower())
    if not words or any(word not in GREETINGS | THANKS | FILLER for word in words):
        return None
    if any(word in THANKS for word in words):
        return "thanks"
    if any(word in GREETINGS for word in words):
        return "greeting"
    return None
