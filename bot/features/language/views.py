"""The /language screen."""

from bot.core.i18n import Translator
from bot.core.screens import Screen, button
from bot.features.language.buttons import LanguageCb


def languages(t: Translator) -> Screen:
    return Screen(
        t("language-prompt"),
        ([button("Русский", LanguageCb(code="ru")), button("English", LanguageCb(code="en"))],),
    )
