"""Every UI string exists in both languages, and every key the code uses exists."""

import re

from bot.config import LOCALES
from bot.i18n import LOCALES_DIR, I18n
from tests.conftest import ROOT

KEY_IN_CODE = re.compile(r"""\bt\(\s*["']([a-z][a-z0-9-]*)["']""")


def test_both_languages_have_the_same_keys() -> None:
    keys = I18n("ru").keys
    assert keys["ru"] - keys["en"] == set(), "missing in English"
    assert keys["en"] - keys["ru"] == set(), "missing in Russian"


def test_every_key_used_in_the_code_exists() -> None:
    used = {key for file in (ROOT / "bot").rglob("*.py") for key in KEY_IN_CODE.findall(file.read_text("utf-8"))}
    assert used, "the pattern finds the keys"
    keys = I18n("ru").keys
    for locale in LOCALES:
        assert used - keys[locale] == set(), f"used in code but missing in {LOCALES_DIR / locale}"


def test_variables_are_filled() -> None:
    t = I18n("ru")("en")
    assert t("progress-range", current=2, low=4, high=6) == "Step 2 of 4–6"
    assert I18n("ru")("ru")("progress-exact", current=1, total=3) == "Шаг 1 из 3"
