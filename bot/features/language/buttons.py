"""Buttons of /language."""

from bot.core.buttons import Button


class LanguageCb(Button, prefix="l1"):
    code: str
