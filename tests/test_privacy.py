"""What the bot keeps about a person: /privacy says it, /mydata shows it, /forget deletes it — in every table."""

import json
import re
from datetime import UTC, datetime
from graphlib import TopologicalSorter

import time_machine
from aiogram.methods import SendDocument

from bot.core.database import Database
from tests.conftest import App, BotClient, StartApp
from tests.test_reminders_visits import reach_booking
from tests.test_scenarios_conversation import open_passport

NOON_IN_MOSCOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
PERSON = re.compile(r"^(user_id|.+_user_id)$")


async def person_columns(database: Database) -> dict[str, list[str]]:
    """Every column holding a Telegram user id, by table, read from the schema (so new tables are included)."""
    found: dict[str, list[str]] = {"users": ["id"]}
    columns, _ = await database.catalogue()
    for table, column, _ in columns:
        if PERSON.match(column):
            found.setdefault(table, []).append(column)
    return found


async def mentions(database: Database, user_id: int) -> dict[str, int]:
    """Rows of each table that mention the person in any of its user id columns."""
    counts = {}
    for table, columns in (await person_columns(database)).items():
        where = " OR ".join(f'"{column}" = ?1' for column in columns)
        (count,) = await database.fetch_one(f'SELECT COUNT(*) FROM "{table}" WHERE {where}', (user_id,))
        if count:
            counts[table] = count
    return counts


async def column_types(database: Database, table: str) -> list[tuple[str, str, bool]]:
    """(name, type, whether the database numbers it itself) of each column of the table."""
    if database.dialect == "postgresql":
        rows = await database.fetch_all(
            "SELECT column_name, upper(data_type), is_identity = 'YES' FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
            (table,),
        )
        return [(name, kind, auto) for name, kind, auto in rows]
    info = await database.fetch_all(f'PRAGMA table_info("{table}")')  # cid, name, type, notnull, default, pk
    rowid = [name for _, name, kind, _, _, pk in info if pk] if sum(row[5] > 0 for row in info) == 1 else []
    return [(name, kind.upper(), name in rowid and kind.upper() == "INTEGER") for _, name, kind, _, _, _ in info]


async def fill_every_other_table(database: Database, user_id: int) -> None:
    """A row about the person in each table no conversation reached yet (tables added by later features)."""
    _, references = await database.catalogue()
    person = await person_columns(database)
    parents = {table: {parent for child, _, parent, _ in references if child == table} for table in person}
    for table in TopologicalSorter(parents).static_order():  # a row's parent rows are written before it
        columns = person.get(table)
        if not columns or table in await mentions(database, user_id):
            continue
        info = [(name, kind) for name, kind, auto in await column_types(database, table) if not auto]
        values = [user_id if name in columns else 1 if "INT" in kind else "x" for name, kind in info]
        names = ", ".join(f'"{name}"' for name, _ in info)
        marks = ", ".join("?" * len(values))
        await database.write([(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', values)])


async def walk_a_little(client: BotClient) -> None:
    await open_passport(client)
    await client.click("Паспорт испорчен")


async def set_a_reminder(client: BotClient) -> None:
    await reach_booking(client)
    await client.click("🔔 Напомнить накануне визита")
    await client.send("15.12")
    assert "Записал" in client.last_text


async def add_groups(database: Database) -> None:
    """Roles and groups have no screens yet: rows as those features will write them. 1001 leads group 1 and is
    a member of group 2, which administrator 7 leads; 1001 made 2002 a coordinator."""
    await database.write(
        [
            ("INSERT INTO coordinators (user_id, added_by_user_id, created_at) VALUES (1001, 7, '2026-11-01')", ()),
            ("INSERT INTO coordinators (user_id, added_by_user_id, created_at) VALUES (2002, 1001, '2026-11-02')", ()),
            (
                "INSERT INTO groups (id, name, coordinator_user_id, time_zone, created_at) VALUES"
                " (1, '5А', 1001, 'Europe/Moscow', '2026-11-01'), (2, 'Библиотека', 7, 'Europe/Moscow', '2026-11-01')",
                (),
            ),
            ("INSERT INTO group_members (group_id, user_id, joined_at) VALUES (2, 1001, '2026-11-03')", ()),
            ("INSERT INTO group_members (group_id, user_id, joined_at) VALUES (1, 2002, '2026-11-03')", ()),
            # A table a later feature could add: the person's rows, and rows of another table that point at them.
            ("CREATE TABLE diary (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, day TEXT)", ()),
            ("CREATE TABLE diary_lines (diary_id INTEGER NOT NULL REFERENCES diary (id), line TEXT)", ()),
            ("INSERT INTO diary (id, user_id, day) VALUES (1, 1001, '2026-11-20'), (2, 2002, '2026-11-20')", ()),
            ("INSERT INTO diary_lines (diary_id, line) VALUES (1, 'a'), (1, 'b'), (2, 'c')", ()),
        ]
    )


async def test_first_start_mentions_privacy_once(client: BotClient) -> None:
    await client.send("/start")
    assert "🔒 Что я храню о вас и как это удалить: /privacy" in client.last_text
    await client.send("/start")
    assert "/privacy" not in client.last_text, "only the first /start mentions it"


async def test_first_start_in_english(start_app: StartApp) -> None:
    client = (await start_app(language="en")).client
    await client.send("/start")
    assert "🔒 What I keep about you and how to delete it: /privacy" in client.last_text


async def test_privacy_says_what_is_kept_who_sees_it_and_how_to_delete_it(app: App) -> None:
    for user_id, language, phrases in [
        (3000, "ru", ["имя из Telegram", "Ведущий вашей группы", "не видит никто", "Пока вы не попросите", "/forget"]),
        (3001, "en", ["first name from Telegram", "leader of your group", "Nobody sees", "Until you ask", "/forget"]),
    ]:
        client = app.person(user_id, language)
        await client.send("/privacy")
        for phrase in phrases:
            assert phrase in client.last_text


@time_machine.travel(NOON_IN_MOSCOW, tick=False)
async def test_mydata_shows_everything_as_a_message_and_a_file(app: App, client: BotClient) -> None:
    await walk_a_little(client)
    await set_a_reminder(client)
    await client.send("/mydata")
    text = client.last_text
    assert "Вот всё, что я о вас храню" in text
    assert "• Ваш код (ID) в Telegram: 1001" in text and "• Имя из Telegram: Анна" in text
    assert "• Часовой пояс: как у бота (Europe/Moscow)" in text
    assert "• Паспорт РФ — получение и замена: шаг «Паспорт испорчен»" in text
    assert "• Запланированные сообщения: 1" in text
    (document,) = [r for r in client.replies if isinstance(r, SendDocument)]
    data = json.loads(document.document.data)
    assert data["users"][0]["first_name"] == "Анна"
    assert json.loads(data["outbox"][0]["payload"])["visit"] == "2026-12-15"
    assert {row["scenario_id"] for row in data["progress"]} == {"passport", "doctor"}
    assert len(data["events"]) == len(await app.events())


async def test_mydata_in_english_and_for_somebody_new(app: App) -> None:
    client = app.person(3001, "en")
    await client.send("/mydata")
    assert client.last_text == "I keep nothing about you yet."
    assert not any(isinstance(r, SendDocument) for r in client.replies)
    await client.send("/mydata")
    assert "• Language: English" in client.last_text


@time_machine.travel(NOON_IN_MOSCOW, tick=False)
async def test_forget_leaves_no_row_that_mentions_the_person(start_app: StartApp) -> None:
    app = await start_app(user_id=1001, admin_ids=(7,))
    client, other = app.client, app.person(2002)
    await walk_a_little(client)
    await set_a_reminder(client)
    await walk_a_little(other)
    await add_groups(app.database)
    await fill_every_other_table(app.database, 1001)
    before = await mentions(app.database, 1001)
    assert set(before) == set(await person_columns(app.database)), "every table has a row about the person"
    others_before = await mentions(app.database, 2002)

    await client.send("/forget")
    assert "Удалить всё, что я о вас храню?" in client.last_text
    await client.click("🗑 Да, удалить всё")
    text = client.last_text
    assert text.startswith("Готово, я удалил всё, что хранил о вас:")
    assert f"• Инструкции, которые вы открывали: {before['progress']}" in text
    assert "• Запланированные сообщения: 1" in text and "• Участие в группах: 1" in text and "• diary: 1" in text
    assert "• Ваши группы (1) переданы администратору бота." in text

    assert await mentions(app.database, 1001) == {}
    assert await app.database.fetch_all("SELECT coordinator_user_id, closed_at FROM groups ORDER BY id") == [
        (7, None),
        (7, None),
    ]
    assert await app.database.fetch_all("SELECT line FROM diary_lines") == [("c",)], "rows pointing at theirs go"
    others_after = await mentions(app.database, 2002)
    assert others_after == others_before, "nothing of another person is deleted"
    assert await app.database.fetch_one("SELECT added_by_user_id FROM coordinators WHERE user_id = 2002") == (None,)

    await client.send("/start")
    assert "/privacy" in client.last_text, "writing again starts from a clean slate"


async def test_a_coordinator_with_no_administrator_closes_their_groups(start_app: StartApp) -> None:
    app = await start_app(user_id=1001, language="en")
    client = app.client
    await client.send("/start")
    await add_groups(app.database)
    await client.send("/forget")
    assert "⚠️ You lead 1 group: I will hand them to an administrator or, if there is none, close them" in (
        client.last_text
    ), "a coordinator is warned before their class loses its group"
    await client.click("🗑 Yes, delete everything")
    assert "• Your groups (1) were closed." in client.last_text
    assert "If you write to me again, we start from a clean slate." in client.last_text
    (group,) = await app.database.fetch_all("SELECT coordinator_user_id, closed_at FROM groups WHERE id = 1")
    assert group[0] == 0 and group[1] is not None
    assert await mentions(app.database, 1001) == {}


async def test_changing_your_mind_deletes_nothing(app: App, client: BotClient) -> None:
    await walk_a_little(client)
    before = await mentions(app.database, 1001)
    await client.send("/forget")
    await client.click("Нет, оставить")
    assert client.last_text.startswith("Хорошо, ничего не удалял.")
    assert "Выберите, что нужно сделать" in client.last_text
    assert await mentions(app.database, 1001) == before


async def test_forgetting_while_the_bot_waits_for_a_typed_answer_leaves_nothing_behind(start_app: StartApp) -> None:
    app = await start_app(user_id=1001)
    client = app.person(1001, first_name="Евлампия")
    await reach_booking(client)
    await client.click("🔔 Напомнить накануне визита")  # the bot now waits for a typed date
    await client.send("/forget")
    await client.click("🗑 Да, удалить всё")  # the press also clears the question the bot was waiting on
    assert await mentions(app.database, 1001) == {}

    await client.send("/start")  # a newcomer again: greeted, recorded anew, and nothing fails
    assert "/privacy" in client.last_text
    await client.click("Паспорт")
    assert "Паспорт" in client.last_text
    assert await app.database.fetch_one("SELECT COUNT(*) FROM users WHERE id = 1001") == (1,)


async def test_forgetting_leaves_no_text_with_the_persons_name_in_memory(start_app: StartApp) -> None:
    app = await start_app(user_id=1001)
    i18n = app.dispatcher["i18n"]
    student = app.person(1001, first_name="Евлампия")
    await student.send("/pledge")
    await student.click("🤝 Пообещать помочь")
    await student.click("1")
    await student.click("бабушка")
    await student.click("Через неделю")
    assert "Евлампия" in student.text, "the help message names the student"
    await student.send("/forget")
    await student.click("🗑 Да, удалить всё")
    # The translator remembers formatted texts to save time; none may keep the forgotten person's name.
    remembered = [text for locale in ("ru", "en") for text in i18n(locale)._formatted.values()]
    assert not any("Евлампия" in text for text in remembered)
