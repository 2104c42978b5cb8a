"""Personal data in typed text: document and card numbers, contacts, one-time codes and passwords.

People who trust a chat that looks official type their passport or an SMS code into it. These recognisers find such
data so the bot can delete the message and warn. Numbers with a checksum (SNILS, INN, card) must pass it, so a sum,
a date or an article number is not taken for one; only a card number in its printed shape (4276 3800 1234 5678) is
one even with a typo in its check digit. Pure functions, no I/O.

Text is normalised once before the recognisers read it (see `normalise`), so a number typed with a Unicode dash, a
no-break space or full-width characters, or with invisible characters pasted into it, is read like its plain form.
The recognisers answer only whether and what was found, never where, so nothing has to be mapped back.
"""

import re
import unicodedata
from enum import StrEnum


class Kind(StrEnum):
    """What was found; the value is the UI string that names it."""

    PASSPORT = "safety-kind-passport"
    SNILS = "safety-kind-snils"
    CARD = "safety-kind-card"
    INN = "safety-kind-inn"
    PHONE = "safety-kind-phone"
    EMAIL = "safety-kind-email"
    CODE = "safety-kind-code"
    PASSWORD = "safety-kind-password"


_GAP = r"[ \t\-]?"  # people split long numbers with a space or a dash
_DIGITS = re.compile(r"(?<![\d.,/])\d(?:[ \t\-]?\d){9,18}(?![\d.,/]?\d)")
# SNILS written as on the green card but with dots for dashes: 112.233.445 95. Dots join digits in this shape only,
# so a date, a price with dots for thousands or an article number is not read as one long number.
_SNILS_DOTTED = re.compile(r"(?<![\d.,/])\d{3}\.\d{3}\.\d{3}[ \t.\-]?\d\d(?![\d.,/]?\d)")
# A card number in its printed shape, four groups of four split alike, is one even with a typo in its check digit; run
# together, digits must pass the Luhn check to be taken for a card, so a sum or an id is not.
_CARD_GROUPED = re.compile(r"(?<![\d.,/])(?<!\d[ \t\-])\d{4}([ \t\-])\d{4}\1\d{4}\1\d{4}(?![ \t\-.,/]?\d)")
_PASSPORT = re.compile(rf"(?<![\d.,])\d\d{_GAP}\d\d(?:[ \t]*(?:№|номер))?[ \t]+\d{{6}}(?![\d.,]?\d)")
_PHONE = re.compile(r"(?<![\d\w])(?:\+7|8|7)[ \t\-]*\(?\d{3}\)?[ \t\-]*\d{3}[ \t\-]*\d{2}[ \t\-]*\d{2}(?!\d)")
# A mobile number without +7 or 8: 9XX XXX-XX-XX, run together or in its usual groups, but not the tail or the head
# of a longer number.
_MOBILE = re.compile(
    r"(?<![\d.,])(?<!\d[ \t\-])(?:9\d\d|\(9\d\d\))[ \t\-]?\d{3}[ \t\-]?\d\d[ \t\-]?\d\d(?![ \t\-.,]?\d)"
)
_EMAIL = re.compile(r"(?<![\w.+\-])[\w.+\-]+@([\w\-]+(?:\.[\w\-]+)+)")
# Numbers that belong to organisations, not to a person: toll-free lines and Gosuslugi's SMS sender.
_PUBLIC_PHONE = re.compile(r"^(?:\+?7|8)(?:800|80[0-9])")
_PUBLIC_MAIL = ("gosuslugi.ru",)
_CODE = re.compile(
    r"\b(?:код\w*|смс|sms|пин\w*|pin|code)\b"
    r"(?P<gap>(?:[ \t:—\-]+(?:из|с|от|подтверждения|пришел|пришло|пришла|был|такой|вот|это|is|from|was|sms|смс)\b)*)"
    r"[ \t:—\-]*(?P<code>\d(?:[ \t\-]?\d){3,7})(?![\d.,]?\d)(?![ \t]*(?:год|г\b|руб|р\b|₽|%|шт|лет|раз))",
    re.IGNORECASE,
)
_NOT_CODES = {"0919", "0900"}
_NOT_PASSWORDS = {"gosuslugi", "sms", "госуслуг"}
_PASSWORD = re.compile(
    r"\b(?:(?P<ru>парол\w*)|password|passcode)\b(?:[ \t]+от[ \t]+\w+)?"
    r"(?P<said>[ \t]*[:=—\-]|[ \t]+(?:это|такой|был|is|was))?[ \t]*(?P<word>\S{4,})",
    re.IGNORECASE,
)
_GAVE = r"(?:сказал|назвал|продиктовал|сообщил|отправил|переслал|передал|ввел|дал)[аи]?\b"
_SECRET = r"(?:код\w*|парол\w*)"
_LEAK = re.compile(
    rf"(?<!не )\b{_GAVE}(?:[ \t]+\w+){{0,3}}?[ \t]+{_SECRET}"
    rf"|\b{_SECRET}(?:[ \t]+\w+){{0,3}}?[ \t]+(?<!не ){_GAVE}"
    r"|(?<!n't )(?<!not )\b(?:told|gave|read out|sent|entered|shared)\b(?:[ \t]+\w+){0,3}?[ \t]+(?:code|password)",
    re.IGNORECASE,
)


# Dashes people (and their phones' keyboards) put between digits, read as '-'. After NFKC: it already maps the
# non-breaking hyphen to the hyphen, and the small and full-width hyphen-minus to '-'.
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58", "-"))
_INVISIBLE = {"\u034f"}  # the combining grapheme joiner: a mark, not a format character, but as invisible


def normalise(text: str) -> str:
    """The text as the recognisers read it: no invisible characters, NFKC, every dash '-'.

    Format characters (zero-width spaces and joiners, the word joiner, the byte order mark, the soft hyphen,
    direction marks) go first, so a mark they separated from its letter composes with it under NFKC. NFKC turns
    no-break and thin spaces into spaces and full-width digits and '＠' into plain ones; '№' is kept, not taken
    apart into «No». Idempotent: normalising twice gives what normalising once does.
    """
    if text.isascii():
        return text
    text = "".join(c for c in text if c not in _INVISIBLE and unicodedata.category(c) != "Cf")
    text = "№".join(unicodedata.normalize("NFKC", part) for part in text.split("№"))
    return text.translate(_DASHES)


def find(text: str) -> Kind | None:
    """The first kind of personal data in the text, or None."""
    text = normalise(text)
    for kind, recognise in _RECOGNISERS:
        if recognise(text):
            return kind
    return None


_MASKED = "•••"
# What is hidden when a message is quoted back: every run of four or more digits (with the spaces and dashes people
# put in them), e-mail addresses, and the word after «пароль» / a code word. More than the recognisers find, on
# purpose: the quote is a convenience, and a year hidden by mistake costs nothing.
_MASK_DIGITS = re.compile(r"\+?\d(?:[ \t\-.()]?\d){3,}")
_MASK_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")


def masked(text: str) -> str:
    """The text with anything that could be personal data replaced by «•••», to quote it back to the person."""
    text = normalise(text)
    text = _MASK_EMAIL.sub(_MASKED, text)
    text = _PASSWORD.sub(lambda m: m[0][: m.start("word") - m.start()] + _MASKED, text)
    return _MASK_DIGITS.sub(_MASKED, text)


def reports_leak(text: str) -> bool:
    """The person says they gave away a code or a password: «я сказала код звонившему», «продиктовал пароль»."""
    return bool(_LEAK.search(normalise(text).replace("ё", "е").replace("Ё", "Е")))


def snils_valid(digits: str) -> bool:
    if len(digits) != 11 or not digits.isdigit():
        return False
    total = sum(int(d) * (9 - i) for i, d in enumerate(digits[:9]))
    return int(digits[9:]) == total % 101 % 100


def luhn_valid(digits: str) -> bool:
    if not 13 <= len(digits) <= 19 or not digits.isdigit():
        return False
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def inn_valid(digits: str) -> bool:
    def check(weights: tuple[int, ...]) -> int:
        return sum(w * int(d) for w, d in zip(weights, digits, strict=False)) % 11 % 10

    if not digits.isdigit():
        return False
    if len(digits) == 10:
        return check((2, 4, 10, 3, 5, 9, 4, 6, 8)) == int(digits[9])
    if len(digits) == 12:
        return check((7, 2, 4, 10, 3, 5, 9, 4, 6, 8)) == int(digits[10]) and check(
            (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
        ) == int(digits[11])
    return False


def _numbers(text: str) -> list[str]:
    return [re.sub(r"\D", "", found) for found in _DIGITS.findall(text)]


def _has_passport(text: str) -> bool:
    return bool(_PASSPORT.search(text)) or (
        "паспорт" in text.lower() and any(len(n) == 10 and not _is_phone(n) for n in _numbers(text))
    )


def _has_snils(text: str) -> bool:
    dotted = [re.sub(r"\D", "", found) for found in _SNILS_DOTTED.findall(text)]
    return any(snils_valid(n) for n in _numbers(text) + dotted)


def _has_card(text: str) -> bool:
    return bool(_CARD_GROUPED.search(text)) or any(luhn_valid(n) for n in _numbers(text))


def _has_inn(text: str) -> bool:
    return any(inn_valid(n) and not _is_phone(n) for n in _numbers(text))


def _is_phone(digits: str) -> bool:
    """A Russian mobile number: 9XX XXX-XX-XX, with or without 8 or 7 in front."""
    return len(digits) in (10, 11) and digits[-10] == "9"


def _has_phone(text: str) -> bool:
    for found in _PHONE.finditer(text):
        digits = re.sub(r"\D", "", found[0])
        if not _PUBLIC_PHONE.match(digits):
            return True
    return bool(_MOBILE.search(text))


def _has_email(text: str) -> bool:
    return any(not m[1].lower().endswith(_PUBLIC_MAIL) for m in _EMAIL.finditer(text))


def _has_code(text: str) -> bool:
    return any(re.sub(r"\D", "", m["code"]) not in _NOT_CODES for m in _CODE.finditer(text))


def _has_password(text: str) -> bool:
    """A word after «пароль» that looks like one: given after a colon, with digits, or in Latin letters."""
    for m in _PASSWORD.finditer(text):
        word = m["word"]
        latin = bool(m["ru"]) and any(c.isascii() and c.isalpha() for c in word)
        if (m["said"] or latin or any(c.isdigit() for c in word)) and word.lower() not in _NOT_PASSWORDS:
            return True
    return False


# Checksummed numbers first: a valid SNILS or card is named as such even where the looser patterns also match.
_RECOGNISERS = (
    (Kind.SNILS, _has_snils),
    (Kind.CARD, _has_card),
    (Kind.PASSPORT, _has_passport),
    (Kind.INN, _has_inn),
    (Kind.PHONE, _has_phone),
    (Kind.EMAIL, _has_email),
    (Kind.CODE, _has_code),
    (Kind.PASSWORD, _has_password),
)
