"""Personal data typed into the chat is deleted at once, with a plain warning, and is never stored or logged."""

import logging
import random
import re
import sqlite3
from pathlib import Path

import pytest
import time_machine
from aiogram.methods import DeleteMessage
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.console.chat import plain
from bot.console.emulator import Failure
from bot.core.i18n import I18n
from bot.features.privacy.sensitive import (
    Kind,
    find,
    inn_valid,
    luhn_valid,
    masked,
    normalise,
    reports_leak,
    snils_valid,
)
from tests.conftest import App, BotClient, StartApp
from tests.test_reminders_visits import NOON_IN_MOSCOW, pending, reach_booking
from tests.test_scenarios_validator import run_bot

FOUND = [
    ("паспорт 4512 345678", Kind.PASSPORT),
    ("серия 45 12 номер 345678 это мой паспорт", Kind.PASSPORT),
    ("мой паспорт 4512345678", Kind.PASSPORT),
    ("снилс 112-233-445 95", Kind.SNILS),
    ("11223344595", Kind.SNILS),
    ("снилс 112.233.445 95", Kind.SNILS),  # groups split by dots
    ("112.233.445-95", Kind.SNILS),
    ("СНИЛС: 112.233.445.95", Kind.SNILS),
    ("карта 4276 3800 1234 5679", Kind.CARD),
    ("4111-1111-1111-1111", Kind.CARD),
    ("4276 3800 1234 5678", Kind.CARD),  # a typo in the check digit: the shape of a card number is enough
    ("карта 4276-3800-1234-5678", Kind.CARD),
    ("номер карты 2200 1234 5678 9012, переведите", Kind.CARD),
    ("инн 500100732259", Kind.INN),
    ("ИНН организации 7707083893", Kind.INN),
    ("мой телефон +7 (916) 123-45-67", Kind.PHONE),
    ("позвоните мне 89161234567", Kind.PHONE),
    ("9161234567", Kind.PHONE),
    ("мой номер 912 345 67 89", Kind.PHONE),  # a mobile number without +7 or 8, in its usual groups
    ("тел. 912-345-67-89", Kind.PHONE),
    ("звоните (912) 345-67-89", Kind.PHONE),
    ("мой номер 912 345-67-89, звоните", Kind.PHONE),
    ("пишите на ivan.petrov@mail.ru", Kind.EMAIL),
    ("код 4821", Kind.CODE),
    ("пришёл код 739201", Kind.CODE),
    ("смс 1234", Kind.CODE),
    ("Код подтверждения: 48-21", Kind.CODE),
    ("код из смс 5531", Kind.CODE),
    ("my code is 482193", Kind.CODE),
    ("пароль Kotik2020", Kind.PASSWORD),
    ("мой пароль: ромашка", Kind.PASSWORD),
    ("пароль от госуслуг qwerty", Kind.PASSWORD),
    ("my password is hunter22", Kind.PASSWORD),
]

# The same data typed with Unicode the recognisers once missed: dashes other than '-', invisible characters inside a
# number (pasted from a bank's app or a web page), no-break spaces and full-width letters.
DISGUISED = [
    ("мой телефон +7 916 123\u201045\u201067", Kind.PHONE),  # hyphen
    ("8\u2011916\u2011123\u201145\u201167", Kind.PHONE),  # non-breaking hyphen
    ("+7 (916) 123\u201345\u201367", Kind.PHONE),  # en dash
    ("+7 916 123\u221245\u221267", Kind.PHONE),  # minus
    ("+7 916 123\u201445\u201467", Kind.PHONE),  # em dash
    ("+7\u00a0916\u00a0123\u00a045\u00a067", Kind.PHONE),  # no-break spaces
    ("снилс 112\u2010233\u2010445 95", Kind.SNILS),
    ("снилс 112\u2011233\u2011445\u201195", Kind.SNILS),
    ("снилс 112\u2013233\u2013445 95", Kind.SNILS),
    ("снилс 112\u2212233\u2212445 95", Kind.SNILS),
    ("снилс 112\uff0d233\uff0d445 95", Kind.SNILS),  # full-width hyphen-minus
    ("карта 4276\u200b3800\u200b1234\u200b5679", Kind.CARD),  # zero-width space
    ("карта 4276\u200c3800\u200c1234\u200c5679", Kind.CARD),  # zero-width non-joiner
    ("карта 4276\u200d3800\u200d1234\u200d5679", Kind.CARD),  # zero-width joiner
    ("карта 4276\u20603800\u20601234\u20605679", Kind.CARD),  # word joiner
    ("карта 4276\ufeff3800\ufeff1234\ufeff5679", Kind.CARD),  # zero-width no-break space
    ("карта 4276\u00ad3800\u00ad1234\u00ad5679", Kind.CARD),  # soft hyphen
    ("карта 42\u200b76 38\u200b00 1234 5679", Kind.CARD),  # inside the groups too
    ("карта 4276\u00a03800\u00a01234\u00a05679", Kind.CARD),
    ("пишите на ivan＠mail.ru", Kind.EMAIL),  # full-width at
    ("серия 45 12 № 345678", Kind.PASSPORT),  # № is not taken apart into «No»
    ("паспорт 4512\u200b345678", Kind.PASSPORT),
]

NOT_FOUND = [
    "15.12.2026",
    "визит 15.12",
    "пенсия 3500 рублей",
    "в 2026 году",
    "статья 333.33",
    "ст. 333.33 НК РФ",
    "мне 45 лет",
    "позвонила на 8 800 100-70-10",
    "смс с номера 0919",
    "пришло смс в 2026 году",
    "код подразделения 770-001",
    "письмо от no-reply@gosuslugi.ru",
    "забыла пароль от госуслуг",
    "как сменить пароль на госуслугах",
    "пароль не подходит",
    "password changed",
    "номер 122",
    "фиксированная выплата 9584,69 ₽",
    "потеряла паспорт что делать",
    "1234567890",  # ten digits, no checksum, no context: nothing to say it is a document
    "4276380012345678",  # run together and failing the Luhn check: a sum or an id, not taken for a card
    "4276 3800 1234 567",  # not four groups of four
    "4276 3800 1234 56789",
    "4276 3800 1234 5678 9012",
    "9 4276 3800 1234 5678",
    "4276.3800.1234.5678",
    "2019, 2020, 2021, 2022",
    "112-233-445 96",  # a SNILS with a wrong check number
    "12.12.2026",
    "цена 1 234 567 ₽",
    "цена 1\u00a0234\u00a0567\u00a0₽",  # no-break spaces, as a phone's keyboard puts them
    "цена 1\u202f234\u202f567 ₽",
    "мне 72 года",
    "статья 12.9 КоАП",
    "с 9 до 18",
    "с 9\u201318",
    "в 2019\u20142026 годах",
    "8 800 100-00-01",  # a public number, however its dashes are typed
    "8\u2011800\u2011100\u2011000\u2011001",
    "8 800 100\u201300\u201301",
    "8\u00a0800\u00a0100\u201000\u201001",
    "температура \u221215",
    "артикул 4\u200b8\u200b2\u200b1",
    "письмо от no-reply＠gosuslugi.ru",
    "тел. 912-345-67",  # too short for a phone
    "счёт 1 912 345 67 89",  # the tail of a longer number, not a phone on its own
    "912 345 67 89 01",
    "412 345 67 89",  # a mobile number starts with 9
    "112.233.445 96",  # dotted, and the check number is wrong
    "версия 112.233.445",
    "1.234.567.890 рублей",
]

LEAKS = ["я сказала код звонившему", "продиктовал пароль", "Назвала код из смс", "код сказала", "ввела пароль на сайте"]
NOT_LEAKS = ["просят продиктовать код", "я не сказала код", "код никому не сказала", "как сменить пароль"]


@pytest.mark.parametrize(("text", "kind"), FOUND)
def test_personal_data_is_recognised(text: str, kind: Kind) -> None:
    assert find(text) == kind


@pytest.mark.parametrize(("text", "kind"), DISGUISED)
def test_personal_data_is_recognised_whatever_unicode_it_is_typed_in(text: str, kind: Kind) -> None:
    assert find(text) == kind


@pytest.mark.parametrize("text", NOT_FOUND)
def test_near_misses_are_not_taken_for_personal_data(text: str) -> None:
    assert find(text) is None


@pytest.mark.parametrize(("text", "leak"), [(t, True) for t in LEAKS] + [(t, False) for t in NOT_LEAKS])
def test_a_code_given_away_is_recognised(text: str, leak: bool) -> None:
    assert reports_leak(text) is leak


INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u2063\u034f"
LOOKALIKES = {
    "-": "\u2010\u2011\u2012\u2013\u2014\u2212\ufe63\uff0d",
    " ": "\u00a0\u2009\u202f\u2007\u3000",
    "@": "\uff20\ufe6b",
    **{d: chr(0xFF10 + int(d)) + chr(0x1D7CE + int(d)) for d in "0123456789"},  # full-width, mathematical bold
    **{c: chr(ord(c) - ord("A") + 0xFF21) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"},
    **{c: chr(ord(c) - ord("a") + 0xFF41) for c in "abcdefghijklmnopqrstuvwxyz"},
}


def disguised(text: str, rng: random.Random) -> str:
    """The text with invisible characters put anywhere and characters swapped for what NFKC or a dash reads back."""
    typed = []
    for char in text:
        typed += rng.choices(INVISIBLE, k=rng.choice((0, 0, 0, 1, 2)))
        typed.append(rng.choice(char + LOOKALIKES.get(char, "")))
    return "".join(typed)


@settings(max_examples=500, deadline=None, database=None)
@given(st.data())
def test_what_unicode_a_text_is_typed_in_changes_nothing_found(data: st.DataObject) -> None:
    """Above all, normalising never turns a near miss into personal data, nor the other way round."""
    text, kind = data.draw(st.sampled_from([*FOUND, *DISGUISED, *((text, None) for text in NOT_FOUND)]))
    typed = disguised(text, data.draw(st.randoms(use_true_random=False)))
    assert find(typed) == kind, typed


@settings(max_examples=200, deadline=None, database=None)
@given(st.data())
def test_what_unicode_a_leak_is_typed_in_changes_nothing(data: st.DataObject) -> None:
    text, leak = data.draw(st.sampled_from([(t, True) for t in LEAKS] + [(t, False) for t in NOT_LEAKS]))
    typed = disguised(text, data.draw(st.randoms(use_true_random=False)))
    assert reports_leak(typed) is leak, typed


@settings(max_examples=500, deadline=None, database=None)
@given(
    st.text(
        st.one_of(
            st.sampled_from("0123456789 -.№@ёе\u0308" + INVISIBLE + "".join(LOOKALIKES.values())), st.characters()
        )
    )
)
def test_normalising_once_is_enough(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


def test_every_kind_is_named_in_both_languages() -> None:
    keys = I18n("ru").keys
    assert {kind.value for kind in Kind} <= keys["ru"] & keys["en"]


def test_checksums() -> None:
    assert snils_valid("11223344595") and not snils_valid("11223344596")
    assert luhn_valid("4111111111111111") and not luhn_valid("4111111111111112")
    assert inn_valid("7707083893") and not inn_valid("7707083894")
    assert inn_valid("500100732259") and not inn_valid("500100732258")


async def test_a_card_number_is_deleted_and_the_person_warned(client: BotClient) -> None:
    await client.send("/start")
    await client.send("вот моя карта 4276 3800 1234 5679, помогите")
    deleted = [r for r in client.replies if isinstance(r, DeleteMessage)]
    assert [(d.chat_id, d.message_id) for d in deleted] == [(1001, client.driver.screens()[-1].message_id - 1)]
    assert "Я удалил ваше сообщение: в нём был номер банковской карты." in client.last_text
    assert "даже этому боту" in client.last_text
    assert "Сотрудники Госуслуг никогда не просят коды" in client.last_text
    assert "115 и 8 800 100-70-10" in client.last_text and "Источник: ТАСС" in client.last_text
    assert "Вот что я нашёл" not in client.text, "the text was not searched"
    await client.click("🆘 Я уже назвал(а) код или пароль")
    assert "Вы назвали код или ввели пароль" in client.last_text
    assert "Да, могу войти" in client.buttons()


async def test_the_warning_in_english(start_app: StartApp) -> None:
    client = (await start_app(language="en")).client
    await client.send("my code is 482193")
    assert any(isinstance(r, DeleteMessage) for r in client.replies)
    assert "I deleted your message: it had an SMS code in it." in client.last_text
    assert "not even to this bot" in client.last_text
    await client.click("🆘 I already told a code or password")
    assert "You told a code or typed a password" in client.last_text


async def test_when_deleting_fails_the_person_is_asked_to_delete_it(app: App, client: BotClient) -> None:
    app.telegram.fail(DeleteMessage, Failure(400, "Bad Request: message can't be deleted"))
    await client.send("снилс 112-233-445 95")
    assert "В вашем сообщении есть номер СНИЛС. Я не смог удалить это сообщение. Удалите его сами" in client.last_text
    assert "даже этому боту" in client.last_text


async def test_a_code_given_to_a_caller_opens_what_to_do_now(app: App, client: BotClient) -> None:
    await client.send("/start")
    await client.click("Пенсия")
    await client.send("я сказала код звонившему")
    assert not any(isinstance(r, DeleteMessage) for r in client.replies), "there is no data in it to delete"
    assert "Вы назвали код или ввели пароль" in client.last_text
    assert "8 800 100-70-10" in client.last_text
    assert {"Да, могу войти", "Нет, не пускает"} <= set(client.buttons())
    assert ("start", "safety", "leaked") in await app.events()
    await client.click("⬅️ Назад")
    assert "Меня взломали" in client.last_text, "Back leads into the «if you were hacked» part"


async def test_a_code_with_its_digits_given_away_is_deleted_and_leads_on(client: BotClient) -> None:
    await client.send("продиктовала код 4821 звонившему")
    assert any(isinstance(r, DeleteMessage) for r in client.replies)
    assert "в нём был код из СМС" in client.text
    assert "Вы назвали код или ввели пароль" in client.last_text


@pytest.mark.parametrize(
    "text", ["карта 4276\u200b3800\u200b1234\u200b5679", "карта 4276 3800 1234 5678", "мой номер 912 345 67 89"]
)
async def test_data_once_missed_is_deleted_and_the_person_warned(client: BotClient, text: str) -> None:
    await client.send("/start")
    await client.send(text)
    assert any(isinstance(r, DeleteMessage) for r in client.replies)
    assert "Я удалил ваше сообщение" in client.last_text


@time_machine.travel(NOON_IN_MOSCOW, tick=False)
async def test_a_code_typed_as_the_visit_date_is_not_taken_for_it(app: App, client: BotClient) -> None:
    await reach_booking(client)
    await client.click("🔔 Напомнить накануне визита")
    await client.send("смс 1512")
    assert "Я удалил ваше сообщение" in client.last_text
    assert await pending(app) == []
    await client.send("15.12")
    assert "Записал: визит 15.12.2026" in client.last_text, "the question is still open"


CORPUS = [
    "паспорт 4512 345678",
    "снилс 112-233-445 95",
    "карта 4276 3800 1234 5679",
    "карта 4276 3800 1234 5678",
    "мой инн 500100732259",
    "телефон +7 916 123-45-67",
    "мой номер 912 345 67 89",
    "почта ivan.petrov@mail.ru",
    "пришёл код 739201",
    "пароль Kotik2020",
    "я сказала код звонившему",
    "потеряла паспорт что делать",
    "какая завтра погода в Твери",
    "абырвалг",
]


@time_machine.travel(NOON_IN_MOSCOW, tick=False)
async def test_nothing_typed_is_stored_or_logged(
    start_app: StartApp, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, aiosqlite's statements with their values included
    app = await start_app(database=tmp_path / "scan.sqlite3")
    for user_id in (1, 2):  # a person in a scenario and one at the menu
        client = app.person(user_id)
        await client.send("/start")
        if user_id == 1:
            await reach_booking(client)
            await client.click("🔔 Напомнить накануне визита")
            await client.send("17.12.2026")
            assert "Записал" in client.last_text
        for text in CORPUS:
            await client.send(text)
    cells = [str(value) for value in database_cells(tmp_path / "scan.sqlite3")]
    # Objects' memory addresses (0x7f9dd01b2020) are in aiosqlite's statements: four digits of a secret turn up in
    # them by chance, with a letter rather than a digit before them.
    log = re.sub(r"\b0x[0-9a-f]+\b", "0x…", caplog.text)
    assert any("2026-12-17" in cell for cell in cells), "the scan sees stored values: the parsed visit date"
    assert "aiosqlite" in caplog.text or "Update id" in caplog.text, "the log was captured"
    for text in [*CORPUS, "17.12.2026"]:
        # The text itself, and its digits run together as a number of their own: not inside a longer number such as
        # a timestamp's microseconds or a random id, where four digits turn up by chance.
        secrets = [re.escape(text)] + [
            rf"(?<!\d){digits}(?!\d)" for digits in ["".join(re.findall(r"\d", text))] if len(digits) >= 4
        ]
        for secret in secrets:
            assert not [cell for cell in cells if re.search(secret, cell)], f"{secret!r} is stored"
            assert not re.search(secret, log), f"{secret!r} is in the log"


def database_cells(path: Path) -> list[object]:
    with sqlite3.connect(path) as connection:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return [value for table in tables for row in connection.execute(f'SELECT * FROM "{table}"') for value in row]


def test_debug_logging_prints_no_sql(tmp_path: Path) -> None:
    env = {"DATABASE_PATH": str(tmp_path / "bot.sqlite3"), "LOG_LEVEL": "DEBUG"}
    result = run_bot(stdin="/start\nпароль Kotik2020\n", env=env)
    assert result.returncode == 0, result.stderr
    assert "INFO aiogram.event: Update id=2 is handled" in result.stderr, "the bot logs at DEBUG level"
    assert "aiosqlite" not in result.stderr and "INSERT" not in result.stderr
    assert "Kotik2020" not in result.stderr


async def test_a_deleted_question_is_answered_quoted_with_the_data_hidden(app: App, client: BotClient) -> None:
    await client.send("/start")
    await client.send("мой снилс 112-233-445 95, как записаться к врачу?")
    warning, answer = (plain(s.text) for s in client.screens[-2:])
    assert "Я удалил ваше сообщение" in warning
    assert "Вы спрашивали (номера и пароли я скрыл): «мой снилс •••, как записаться к врачу?»" in answer
    assert "112" not in answer and "445" not in answer
    assert any("врач" in label.lower() for label in client.buttons()), "the question is answered"


def test_masking_hides_every_number_address_and_password() -> None:
    assert masked("почта ivan＠mail.ru, пароль: Qwerty123 не пускает") == "почта •••, пароль: ••• не пускает"
    assert masked("карта 4276\u200b3800\u200b1234\u200b5679 заблокировали") == "карта ••• заблокировали"
    assert masked("как подтвердить учетку") == "как подтвердить учетку"
