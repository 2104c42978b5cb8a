"""UI strings in Fluent files: `locales/<locale>/*.ftl`, one file per feature (bot.ftl holds the shared ones).

Fluent rather than gettext: messages are looked up by a stable key (fixing a Russian typo does not orphan the English
text), variables are named, Russian plural forms come from CLDR, and the files are plain text a volunteer can edit
without a compile step.
"""

import logging
from pathlib import Path

from fluent.runtime import FluentBundle
from fluent.syntax import FluentParser

from bot.core.config import LOCALES, Locale

LOCALES_DIR = Path(__file__).resolve().parents[2] / "locales"
MEMO_LIMIT = 20_000
log = logging.getLogger(__name__)


class Translator:
    """Formats UI strings for one locale, falling back to the default locale (and, last, to the key)."""

    def __init__(self, locale: Locale, bundle: FluentBundle, fallback: "Translator | None") -> None:
        self.locale = locale
        self._bundle = bundle
        self._fallback = fallback
        self._formatted: dict[tuple[object, ...], str] = {}

    def __call__(self, key: str, **args: object) -> str:
        # Fluent's resolver costs tens of microseconds a call, and the same few strings are asked for on every
        # update: remember each formatted text (the arguments are few distinct titles and numbers).
        memo = (key, *sorted(args.items()))
        text = self._formatted.get(memo)
        if text is None:
            text = self._format(key, args)
            if len(self._formatted) < MEMO_LIMIT:
                self._formatted[memo] = text
        return text

    def forget_formatted(self) -> None:
        self._formatted.clear()

    def _format(self, key: str, args: dict[str, object]) -> str:
        if not self._bundle.has_message(key):
            log.warning("missing UI string %r in %s", key, self.locale)
            return self._fallback(key, **args) if self._fallback else key
        text, errors = self._bundle.format_pattern(self._bundle.get_message(key).value, args)
        if errors:
            log.warning("UI string %r in %s: %s", key, self.locale, errors)
        return text


class I18n:
    def __init__(self, default: Locale, directory: Path = LOCALES_DIR) -> None:
        self.default = default
        self.keys: dict[Locale, set[str]] = {}
        bundles = {}
        # Without spans: fluent.runtime's own FluentResource keeps a Span object (each node's position in the file)
        # on every node of every message for as long as the bot runs; nothing reads them after parsing.
        parser = FluentParser(with_spans=False)
        for locale in LOCALES:
            bundle = FluentBundle([locale], use_isolating=False)
            self.keys[locale] = set()
            for file in sorted((directory / locale).glob("*.ftl")):
                resource = parser.parse(file.read_text(encoding="utf-8"))
                bundle.add_resource(resource)
                self.keys[locale] |= {entry.id.name for entry in resource.body if hasattr(entry, "id")}
            bundles[locale] = bundle
        base = Translator(default, bundles[default], None)
        self._translators = {
            locale: base if locale == default else Translator(locale, bundle, base)
            for locale, bundle in bundles.items()
        }

    def forget_formatted(self) -> None:
        """Drop every remembered text (some carry a person's first name or link): when a person is forgotten."""
        for translator in self._translators.values():
            translator.forget_formatted()

    def __call__(self, locale: str) -> Translator:
        return self._translators.get(locale, self._translators[self.default])  # type: ignore[arg-type]

    def guess(self, language_code: str | None) -> Locale:
        """The locale for a new user, from the language of their Telegram app."""
        code = (language_code or "").split("-")[0].lower()
        return code if code in LOCALES else self.default  # type: ignore[return-value]
