"""How a member is named on screens."""

from html import escape

from bot.core.i18n import Translator
from bot.features.members.repo import Member


def name_of(member: Member | None, t: Translator) -> str:
    return escape(member.name) if member and member.name else t("groups-nameless")
