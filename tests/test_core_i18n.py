"""Every UI string exists in both languages, and every key the code uses exists — passed directly or not."""

import ast
import re

from bot.app import COMMANDS
from bot.core.config import LOCALES
from bot.core.i18n import LOCALES_DIR, I18n
from tests.conftest import ROOT

# Keys are lowercase words joined by hyphens; a string of that shape anywhere in the code is taken for a key
# (a key travels through variables: an error's reason, a notice), except these names of other things.
KEY_SHAPE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)+$")
NOT_KEYS = {
    "utf-8",
    "utf-8-sig",
    "copy-to",  # a command of `python -m bot`
    "not-yet",  # a follow-up answer
    "visit-reminder",  # the outbox's kinds of message
    "help-asked",
    "group-name",  # what the bot asked a person to type (users.awaiting)
    "join-code",
    "stats-digest",  # another kind of message
    "coordinator-revoked",  # and another
    "help-copied",  # and the class news: kinds and families of their own
    "news-joined",
    "news-homework",
    "news-pledges",
    "news-help",
    "absolute-time",  # dateparser's parsers
    "relative-time",
    "console-files",  # the console chat's folder for the files the bot sends
    *("hw-done", "hw-late", "hw-missed", "pledges-made", "pledges-confirmed", "pledges-self"),  # statistics' figures
}


def keys_in_code() -> set[str]:
    used = {f"cmd-{name}" for name in COMMANDS}
    for file in (ROOT / "bot").rglob("*.py"):
        for node in ast.walk(ast.parse(file.read_text("utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and KEY_SHAPE.match(node.value):
                used.add(node.value)
            elif isinstance(node, ast.Call) and _translates(node.func) and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    used.add(first.value)
    return used - NOT_KEYS


def _translates(func: ast.expr) -> bool:
    """`t(...)`, `self.t(...)`, or a translator picked on the spot: `(t or i18n(locale))(...)`, `i18n(code)(...)`."""
    if isinstance(func, ast.Name | ast.Attribute):
        return (func.id if isinstance(func, ast.Name) else func.attr) == "t"
    return isinstance(func, ast.BoolOp | ast.Call)


def test_both_languages_have_the_same_keys() -> None:
    keys = I18n("ru").keys
    assert keys["ru"] - keys["en"] == set(), "missing in English"
    assert keys["en"] - keys["ru"] == set(), "missing in Russian"


def test_every_key_used_in_the_code_exists() -> None:
    used = keys_in_code()
    assert {"error", "stale-button", "scenario-changed", "remind-too-late", "cmd-help"} <= used, "indirect keys found"
    keys = I18n("ru").keys
    for locale in LOCALES:
        assert used - keys[locale] == set(), f"used in code but missing in {LOCALES_DIR / locale} (or add to NOT_KEYS)"


def test_variables_are_filled() -> None:
    t = I18n("ru")("en")
    assert t("progress-range", current=2, low=4, high=6) == "Step 2 of 4–6"
    assert I18n("ru")("ru")("progress-exact", current=1, total=3) == "Шаг 1 из 3"
