"""/stats: exact figures from a hand-built history, the change against the previous period, who may see what,
the CSV file, the chart, the yearly goals, and both languages."""

import csv
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from aiogram.methods import SendDocument, SendPhoto
from aiogram.types import Chat, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.console.chat import plain
from bot.features.reminders.buttons import FamilyCb
from bot.features.stats.buttons import GoalCb, StatsCb
from bot.features.stats.digest import next_digest, queue_digests
from bot.features.stats.rules import Figure, parse_target, period
from bot.features.stats.views import change
from tests.conftest import I18N, App, BotClient, StartApp

ADMIN, COORDINATOR, OTHER_COORDINATOR = 1, 500, 600
MASHA, PETYA, STRANGER, KOLYA = 11, 12, 13, 21  # Masha and Petya are in 9Б, Kolya in the other coordinator's club
# Wednesday 25 November 2026, 12:00 in Moscow: this week began on Monday 23.11 at 00:00 Moscow time (22.11 21:00 UTC);
# the period it is compared with is Monday 16.11 00:00 to Wednesday 18.11 12:00.
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
LONG_AGO = "2026-01-10 10:00:00"

PEOPLE = [  # (id, first name, language, created at)
    (ADMIN, "Админ", "ru", LONG_AGO),
    (COORDINATOR, "Ольга", "ru", LONG_AGO),
    (OTHER_COORDINATOR, "Иван", "ru", LONG_AGO),
    (MASHA, "Маша", "ru", "2026-11-23 10:00:00"),
    (STRANGER, "Нина", "ru", "2026-11-24 10:00:00"),
    (KOLYA, "Коля", "ru", "2026-11-24 11:00:00"),
    (PETYA, "Петя", "ru", "2026-11-17 10:00:00"),  # new in the previous period
]
# (person, kind, scenario, step, group, value, ref, time in UTC)
HISTORY = [
    # This week.
    (MASHA, "joined", None, None, 1, None, None, "2026-11-23 09:59:00"),
    (MASHA, "start", "passport", "reason", None, None, None, "2026-11-23 10:01:00"),
    (MASHA, "step", "passport", "first14", None, None, None, "2026-11-23 10:02:00"),
    (MASHA, "complete", "passport", "first14_done", None, None, None, "2026-11-23 10:05:00"),
    (MASHA, "start", "doctor", "need", None, None, None, "2026-11-23 12:00:00"),
    (MASHA, "complete", "doctor", "attach_done", None, None, None, "2026-11-23 12:10:00"),
    (STRANGER, "start", "passport", "reason", None, None, None, "2026-11-24 10:00:00"),
    (STRANGER, "step", "passport", "first14", None, None, None, "2026-11-24 10:01:00"),
    (STRANGER, "abandon", "passport", "first14", None, None, None, "2026-11-24 10:02:00"),
    (KOLYA, "start", "passport", "reason", None, None, None, "2026-11-24 11:00:00"),
    (KOLYA, "step", "passport", "age", None, None, None, "2026-11-24 11:01:00"),
    (PETYA, "start", "doctor", "need", None, None, None, "2026-11-24 09:00:00"),
    (MASHA, "quiz_done", "passport", None, None, 80, "a1", "2026-11-23 13:00:00"),
    (PETYA, "quiz_done", "passport", None, None, 60, "a2", "2026-11-24 13:00:00"),
    (KOLYA, "quiz_done", "doctor", None, 2, 100, "a3", "2026-11-24 14:00:00"),
    (MASHA, "quiz_missed", "passport", None, None, None, "first_age", "2026-11-23 13:00:00"),
    (PETYA, "quiz_missed", "passport", None, None, None, "first_age", "2026-11-24 13:00:00"),
    (PETYA, "quiz_missed", "passport", None, None, None, "deadline", "2026-11-24 13:00:00"),
    (STRANGER, "search_miss", None, None, None, None, "пенсия", "2026-11-24 15:00:00"),
    (KOLYA, "search_miss", None, None, None, None, "пенсия", "2026-11-24 15:00:00"),
    (MASHA, "search_miss", None, None, None, None, None, "2026-11-24 15:00:00"),
    (MASHA, "homework_done", None, None, 1, 80, "7", "2026-11-23 14:00:00"),
    (PETYA, "homework_late", None, None, 1, 60, "7", "2026-11-24 14:00:00"),
    (KOLYA, "homework_done", None, None, 2, 100, "8", "2026-11-24 14:00:00"),
    (MASHA, "pledge_made", None, None, None, 2, None, "2026-11-23 15:00:00"),
    (MASHA, "pledge_walked", None, None, None, None, "31", "2026-11-24 14:00:00"),
    (MASHA, "pledge_walked", None, None, None, None, "33", "2026-11-24 14:30:00"),
    (MASHA, "pledge_confirmed", None, None, None, None, "31", "2026-11-24 15:00:00"),
    (PETYA, "pledge_self", None, None, None, None, "32", "2026-11-24 15:00:00"),
    (MASHA, "followup_yes", "passport", None, None, None, None, "2026-11-24 16:00:00"),
    (STRANGER, "followup_help", "passport", None, None, None, None, "2026-11-24 16:00:00"),
    (PETYA, "followup_not_yet", "doctor", None, None, None, None, "2026-11-24 16:00:00"),
    # The previous period.
    (PETYA, "start", "passport", "reason", None, None, None, "2026-11-17 10:00:00"),
    (PETYA, "complete", "passport", "first14_done", None, None, None, "2026-11-17 10:30:00"),
    (PETYA, "quiz_done", "passport", None, None, 50, "a0", "2026-11-17 11:00:00"),
    (PETYA, "search_miss", None, None, None, None, None, "2026-11-17 11:00:00"),
    (PETYA, "followup_yes", "passport", None, None, None, None, "2026-11-17 12:00:00"),
    # Earlier this year, in neither period; and after the previous one ended (Wednesday 18.11, 12:00 Moscow).
    (MASHA, "complete", "doctor", "attach_done", None, None, None, "2026-11-10 10:00:00"),
    (PETYA, "quiz_done", "passport", None, None, 10, "a-", "2026-11-19 11:00:00"),
]

# Where each person stands in each scenario they opened (the progress table).
PLACES = [
    (MASHA, "passport", "first14_done", "2026-11-23 10:05:00"),
    (MASHA, "doctor", "attach_done", "2026-11-23 12:10:00"),
    (STRANGER, "passport", "first14", "2026-11-24 10:02:00"),
    (KOLYA, "passport", "age", "2026-11-24 11:01:00"),
    (PETYA, "doctor", "need", "2026-11-24 09:00:00"),
    (PETYA, "passport", "first14_done", "2026-11-17 10:30:00"),
]


async def history(app: App, events: list[tuple] = HISTORY) -> None:
    """The people, groups and events, written straight into the database as other features would have."""
    await app.database.write(
        [
            *[
                (
                    "INSERT INTO users (id, first_name, locale, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                    (*p, p[3]),
                )
                for p in PEOPLE
            ],
            *[
                ("INSERT INTO coordinators (user_id, created_at) VALUES (?, ?)", (who, LONG_AGO))
                for who in (COORDINATOR, OTHER_COORDINATOR)
            ],
            (
                "INSERT INTO groups (id, name, coordinator_user_id, time_zone, created_at) VALUES"
                " (1, '9Б', ?, 'Europe/Moscow', ?), (2, 'Клуб', ?, 'Europe/Moscow', ?)",
                (COORDINATOR, LONG_AGO, OTHER_COORDINATOR, LONG_AGO),
            ),
            *[
                ("INSERT INTO group_members (group_id, user_id, joined_at) VALUES (?, ?, ?)", (group, who, LONG_AGO))
                for group, who in ((1, MASHA), (1, PETYA), (2, KOLYA))
            ],
            *[
                (
                    "INSERT INTO progress (user_id, scenario_id, step_id, trail, ticks, version, updated_at)"
                    " VALUES (?, ?, ?, '[]', '{}', '', ?)",
                    place,
                )
                for place in PLACES
            ],
            *[
                (
                    "INSERT INTO events (user_id, kind, scenario_id, step_id, group_id, value, ref, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    event,
                )
                for event in events
            ],
        ]
    )


@pytest.fixture
async def world(start_app: StartApp) -> App:
    # A class of two shows every figure here; the privacy floor itself (STATS_MIN_PEOPLE) has its own tests below.
    app = await start_app(admin_ids=(ADMIN,), stats_min_people=1)
    await history(app)
    return app


def lines(client: BotClient) -> list[str]:
    return client.last_text.splitlines()


def table(sent: SendDocument) -> list[list[str]]:
    return list(csv.reader(sent.document.data.decode("utf-8-sig").splitlines(), delimiter=";"))


async def members_file(coordinator: BotClient) -> list[list[str]]:
    """The table of each member's results that «📄 CSV» sends after the figures."""
    await coordinator.click("📄 CSV")
    _, members = [r for r in coordinator.replies if isinstance(r, SendDocument)]
    return table(members)


@time_machine.travel(NOW, tick=False)
async def test_an_administrator_sees_everybody_with_the_change(world: App) -> None:
    admin = world.person(ADMIN)
    await admin.send("/stats")
    assert lines(admin) == [
        "📊 Статистика: эта неделя (23.11–25.11)",
        "Все, кто пользуется ботом.",
        "В скобках — разница с предыдущим таким же периодом.",
        "",
        "Новых людей: 3 (+2)",
        "",
        "Инструкции: начали → прошли до конца (доля)",
        "• Паспорт РФ — получение и замена: 3 (+2) → 1 (±0) (33% (−67))",
        "• Поликлиника и запись к врачу: 2 (+2) → 1 (+1) (50%)",
        "",
        "Где останавливаются (шаг и сколько раз)",
        "• Поликлиника и запись к врачу: «Что нужно сделать» 1",
        "• Паспорт РФ — получение и замена: «Замена в 20 и 45 лет» 1, «Первый паспорт в 14 лет» 1",
        "",
        "Вопросов без ответа: 3 (+2) (пенсия 2)",
        "Тестов пройдено: 3 (+2), средний балл 80% (+30)",
        (
            "Трудные вопросы (ошибок): «В каком возрасте получают первый паспор…» 2;"
            " «Когда подавать документы на новый паспо…» 1"
        ),
        "Задания, «9Б»: сдано 1 (+1), с опозданием 1 (+1), не сдано 0 (±0)",
        "Задания, «Клуб»: сдано 1 (+1), с опозданием 0 (±0), не сдано 0 (±0)",
        (
            "Тимуровцы: обещаний помочь — 2 (+2), прошли инструкцию 2 (+2), на Госуслугах получилось 1 (+1),"
            " отметили сами 1 (+1)"
        ),
        "Ответили, получилось ли: 3 (+2), из них «Да» 33% (−67)",
        "",
        "Показатели программы",
        "Обучено людей: 3 (+2)",
        "Пользуются Госуслугами: 1 (±0)",
        "Помогли тимуровцы: 1 (+1)",
        "Консультации: 1 (+1)",
        "Активных групп: 2 (+2)",
    ]
    assert admin.buttons() == [
        "• Эта неделя", "Прошлая неделя", "30 дней", "Всё время", "📈 График", "📄 CSV", "🎯 Цели",
    ]  # fmt: skip


@time_machine.travel(NOW, tick=False)
async def test_a_coordinator_sees_only_the_people_of_their_groups(world: App) -> None:
    coordinator = world.person(COORDINATOR)
    await coordinator.send("/stats")
    text = coordinator.last_text
    assert "Участники ваших групп." in text
    assert "Новых людей: 1 (±0)" in text, "Masha this week, Petya the week before; Nina and Kolya are not theirs"
    assert "• Паспорт РФ — получение и замена: 1 (±0) → 1 (±0) (100% (±0))" in text
    assert "• Поликлиника и запись к врачу: 2 (+2) → 1 (+1) (50%)" in text
    assert "Тестов пройдено: 2 (+1), средний балл 70% (+20)" in text
    assert "Вопросов без ответа: 1 (±0)\n" in text, "no topic: the misses about «пенсия» were other people's"
    assert "Задания, «9Б»: сдано 1 (+1), с опозданием 1 (+1)" in text
    assert "Клуб" not in text and "пенсия" not in text
    assert "Обучено людей: 2 (+1)" in text
    assert "Активных групп: 1 (+1)" in text


@time_machine.travel(NOW, tick=False)
async def test_other_periods(world: App) -> None:
    admin = world.person(ADMIN)
    await admin.send("/stats")
    await admin.click("Прошлая неделя")
    assert admin.last_text.startswith("📊 Статистика: прошлая неделя (16.11–22.11)")
    assert "Новых людей: 1 (+1)" in admin.last_text
    assert "Тестов пройдено: 2 (+2), средний балл 30% (+30)" not in admin.last_text
    assert "Тестов пройдено: 2 (+2)" in admin.last_text, "Petya's two quizzes of 16–22.11"
    assert "• Эта неделя" not in admin.buttons() and "• Прошлая неделя" in admin.buttons()
    await admin.click("Всё время")
    text = admin.last_text
    assert text.startswith("📊 Статистика: всё время\nВсе, кто пользуется ботом.\n\n")
    assert "Новых людей: 7\n" in text, "no previous period, so no change"
    assert "• Поликлиника и запись к врачу: 2 → 2 (100%)" in text
    await admin.click("30 дней")
    assert admin.last_text.startswith("📊 Статистика: 30 дней (26.10–25.11)")


@time_machine.travel(NOW, tick=False)
async def test_members_and_strangers_are_refused_and_learn_nothing(world: App) -> None:
    for who in (MASHA, STRANGER):
        person = world.person(who)
        await person.send("/stats")
        assert person.last_text == (
            "Статистика доступна координаторам групп."
            " Если вы ведёте группу, попросите администратора бота пригласить вас."
        )
        assert person.buttons() == []


@time_machine.travel(NOW, tick=False)
async def test_a_forged_statistics_button_does_nothing(world: App) -> None:
    stranger = world.person(STRANGER)
    forged = Message(
        message_id=999,
        date=NOW,
        chat=Chat(id=STRANGER, type="private"),
        reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[
                [InlineKeyboardButton(text=label, callback_data=data.pack())]
                for label, data in (
                    ("week", StatsCb(action="show", period="w")),
                    ("csv", StatsCb(action="csv", period="a")),
                    ("chart", StatsCb(action="chart", period="a")),
                    ("goals", StatsCb(action="goals", period="w")),
                    ("goal", GoalCb(indicator="trained")),
                )
            ]
        ),
    )
    for label in ("week", "csv", "chart", "goals", "goal"):
        await stranger.click(label, message=forged)
        assert stranger.screens == [] and stranger.notice is None
        assert not [r for r in stranger.replies if isinstance(r, SendPhoto | SendDocument)]
    await stranger.send("150")
    assert "Готово" not in stranger.text, "no target question was asked"


@time_machine.travel(NOW, tick=False)
async def test_a_former_coordinator_loses_the_statistics(world: App) -> None:
    coordinator = world.person(COORDINATOR)
    await coordinator.send("/stats")
    await world.database.write([("DELETE FROM coordinators WHERE user_id = ?", (COORDINATOR,))])
    await coordinator.click("📄 CSV")
    assert coordinator.screens == [] and not [r for r in coordinator.replies if isinstance(r, SendDocument)]
    await coordinator.send("/stats")
    assert coordinator.last_text.startswith("Статистика доступна координаторам групп.")


@time_machine.travel(NOW, tick=False)
async def test_the_csv_opens_in_russian_excel(world: App) -> None:
    coordinator = world.person(COORDINATOR)
    await coordinator.send("/stats")
    await coordinator.click("📄 CSV")
    sent = [r for r in coordinator.replies if isinstance(r, SendDocument)]
    assert [document.caption for document in sent] == [
        "📄 Статистика: эта неделя. Файл открывается в Excel двойным щелчком.",
        "📄 Участники групп: эта неделя — результаты каждого. Файл открывается в Excel двойным щелчком.",
    ]
    assert [document.document.filename for document in sent] == [
        "Статистика, эта неделя, 25.11.2026.csv",
        "Участники групп, эта неделя, 25.11.2026.csv",
    ], "one table in each file, so Excel sorts it"
    data = sent[0].document.data
    assert data.startswith("\ufeff".encode()), "the byte order mark tells Excel the file is UTF-8"
    rows, members = [table(document) for document in sent]
    assert rows[0] == ["Показатель", "Этот период", "Предыдущий период"] and [] not in rows
    assert ["Новых людей", "1", "1"] in rows
    assert ["Обучено людей", "2", "1"] in rows
    assert ["Средний балл, %", "70", "50"] in rows
    assert ["Начали: Поликлиника и запись к врачу", "2", "0"] in rows
    assert ["Прошли инструкцию (обещания)", "2", "0"] in rows and ["Подтверждено", "1", "0"] in rows
    assert members == [
        [
            "Группа", "Имя", "Тестов пройдено", "Средний балл, %", "Заданий сдано", "Сдано с опозданием",
            "Заданий не сдано", "Обещали помочь (людям)", "Подтверждено", "Отмечено самими",
        ],
        ["9Б", "Маша", "1", "80", "1", "0", "0", "2", "1", "0"],
        ["9Б", "Петя", "1", "60", "0", "1", "0", "0", "0", "1"],
    ]  # fmt: skip


# (assignment, group, deadline in UTC): this week, this week, after now, the previous period, the other group's.
ASSIGNMENTS = [
    (7, 1, "2026-11-23 20:59:59"),
    (9, 1, "2026-11-24 20:59:59"),
    (10, 1, "2026-11-26 20:59:59"),
    (6, 1, "2026-11-17 20:59:59"),
    (8, 2, "2026-11-24 20:59:59"),
]
# (attempt, person, assignment, group, finished at): Masha did 7 and 6 and left 9 unfinished; Petya did 7 late.
ATTEMPTS = [
    (1, MASHA, 7, 1, "2026-11-23 14:00:00"),
    (2, PETYA, 7, 1, "2026-11-24 14:00:00"),
    (3, MASHA, 9, 1, None),
    (4, MASHA, 6, 1, "2026-11-16 14:00:00"),
]


async def homework(app: App) -> None:
    await app.database.write(
        [
            *[
                (
                    "INSERT INTO assignments (id, group_id, scenario_id, questions, pass_mark, deadline_at, origin,"
                    " created_by_user_id, created_at) VALUES (?, ?, 'passport', '[]', 70, ?, ?, 1, ?)",
                    (number, group, deadline, str(number), LONG_AGO),
                )
                for number, group, deadline in ASSIGNMENTS
            ],
            *[
                (
                    "INSERT INTO quiz_attempts (id, user_id, scenario_id, assignment_id, group_id, questions,"
                    " answers, position, score, started_at, finished_at)"
                    " VALUES (?, ?, 'passport', ?, ?, '[]', '[]', 0, 0, ?, ?)",
                    (number, who, assignment, group, LONG_AGO, finished),
                )
                for number, who, assignment, group, finished in ATTEMPTS
            ],
        ]
    )


@time_machine.travel(NOW, tick=False)
async def test_homework_missed_per_group_and_member(world: App) -> None:
    await homework(world)
    admin = world.person(ADMIN)
    await admin.send("/stats")
    assert "Задания, «9Б»: сдано 1 (+1), с опозданием 1 (+1), не сдано 2 (+1)" in admin.text, (
        "Masha's unfinished 9 and Petya's 9; the week before, Petya's 6; 10 is not due yet"
    )
    assert "Задания, «Клуб»: сдано 1 (+1), с опозданием 0 (±0), не сдано 1 (+1)" in admin.text
    coordinator = world.person(COORDINATOR)
    await coordinator.send("/stats")
    assert "не сдано 2 (+1)" in coordinator.text and "Клуб" not in coordinator.text
    header, *members = await members_file(coordinator)
    column = header.index("Заданий не сдано")
    assert [(row[1], row[column]) for row in members] == [("Маша", "1"), ("Петя", "1")]
    await coordinator.click("Прошлая неделя")
    assert "Задания, «9Б»: сдано 0 (±0), с опозданием 0 (±0), не сдано 1 (+1)" in coordinator.text


@time_machine.travel(NOW, tick=False)
async def test_a_cancelled_homework_is_missed_by_nobody(world: App) -> None:
    await homework(world)
    await world.database.write([("UPDATE assignments SET cancelled_at = ? WHERE id = 9", (LONG_AGO,))])
    admin = world.person(ADMIN)
    await admin.send("/stats")
    assert "Задания, «9Б»: сдано 1 (+1), с опозданием 1 (+1), не сдано 0 (−1)" in admin.text, "only Petya's 6, before"


@time_machine.travel(NOW, tick=False)
async def test_only_coordinators_and_administrators_may_switch_the_digest(world: App) -> None:
    await world.database.write([("UPDATE users SET locale = 'en' WHERE id = ?", (COORDINATOR,))])
    for who, language, label in (
        (ADMIN, "ru", "Сводки для координаторов"),
        (COORDINATOR, "en", "Summaries for coordinators"),
    ):
        staff = world.person(who, language)
        await staff.send("/settings")
        assert f"✅ {label}" in staff.buttons()
        await staff.click(f"✅ {label}")
        assert f"🔕 {label}" in staff.buttons()
    masha = world.person(MASHA)
    await masha.send("/settings")
    assert masha.buttons() == [
        "✅ Напоминания о визитах", "✅ Вопросы «Получилось?»", "✅ Напоминания о заданиях и обещаниях",
        "🕒 Часовой пояс: Москва", "🏠 Меню",
    ]  # fmt: skip
    forged = Message(
        message_id=998,
        date=NOW,
        chat=Chat(id=MASHA, type="private"),
        reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[[InlineKeyboardButton(text="d", callback_data=FamilyCb(family="digests").pack())]]
        ),
    )
    await masha.click("d", message=forged)
    optouts = await world.database.fetch_all("SELECT family FROM message_optouts WHERE user_id = ?", (MASHA,))
    assert optouts == [], "a forged switch does nothing"


@time_machine.travel(NOW, tick=False)
async def test_the_chart_is_a_png(world: App) -> None:
    admin = world.person(ADMIN)
    await admin.send("/stats")
    await admin.click("📈 График")
    (sent,) = [r for r in admin.replies if isinstance(r, SendPhoto)]
    assert sent.photo.data.startswith(b"\x89PNG\r\n\x1a\n")
    assert sent.caption == "📈 Последние 8 недель, по неделям с понедельника."


def test_the_chart_counts_in_whole_numbers_names_its_axes_and_shows_equal_lines() -> None:
    from bot.features.stats.files import chart_figure
    from bot.features.stats.views import chart_text

    weeks = [datetime(2026, 10, 5) + timedelta(weeks=n) for n in range(8)]
    same = [0, 1, 0, 2, 1, 3, 1, 2]  # small counts: a plain axis would step by 0.5 person
    series = {"new": same, "start": same, "complete": same, "quiz_done": [0] * 8}
    chart = chart_figure(chart_text(I18N("ru")), weeks, series)
    (axes,) = chart.axes
    assert [tick.get_text() for tick in axes.get_xticklabels()][:2] == ["05.10", "12.10"]
    assert axes.get_xlabel() == "Недели (с понедельника)" and axes.get_ylabel() == "Сколько за неделю"
    ticks = [tick for tick in axes.get_yticks() if axes.get_ylim()[0] <= tick <= axes.get_ylim()[1]]
    assert ticks == [0, 1, 2, 3], "whole people only"
    lines = axes.get_lines()
    assert [line.get_label() for line in lines] == [
        "Новые люди",
        "Начали инструкцию",
        "Прошли до конца",
        "Пройдено тестов",
    ]
    assert len({line.get_marker() for line in lines}) == 4 and len({line.get_linestyle() for line in lines}) == 4
    points = {(x, y) for line in lines[:3] for x, y in zip(line.get_xdata(), line.get_ydata(), strict=True)}
    assert len(points) == 3 * 8, "three equal lines are drawn side by side, none hidden under another"


@time_machine.travel(NOW, tick=False)
async def test_the_weekly_series_of_the_chart(world: App) -> None:
    from bot.composition import Repositories as Repo
    from bot.features.stats.repo import Scope
    from bot.features.stats.rules import chart_weeks, stamp

    now = NOW.astimezone(ZoneInfo("Europe/Moscow"))
    series = await Repo(world.database.transaction()).stats.weekly(
        Scope(), [stamp(monday) for monday in chart_weeks(now)], stamp(now)
    )
    assert series["new"][-2:] == [1, 3]
    assert series["start"][-2:] == [1, 5]
    assert series["complete"][-3:] == [1, 1, 2]
    assert series["quiz_done"][-2:] == [2, 3]


@time_machine.travel(NOW, tick=False)
async def test_goals_are_set_kept_and_shown(start_app: StartApp) -> None:
    app = await start_app(admin_ids=(ADMIN,), stats_min_people=1)
    await history(app)
    coordinator = app.person(COORDINATOR)
    await coordinator.send("/stats")
    await coordinator.click("🎯 Цели")
    assert "🎯 Цели на 2026 год (сделано с 1 января)" in coordinator.last_text
    assert "Обучено людей: 2 (цель не задана)" in coordinator.last_text, "Masha and Petya since 1 January"
    await coordinator.click("Обучено людей")
    assert coordinator.last_text == (
        "Напишите цель на 2026 год для показателя «Обучено людей» — одним числом, например 150."
    )
    await coordinator.send("сто пятьдесят")
    assert coordinator.last_text == "Не получилось понять число. Напишите цель цифрами, например 150."
    await coordinator.send("1 500 человек")
    assert "Готово: цель «Обучено людей» на 2026 год — 1500." in coordinator.last_text
    assert "Обучено людей: 2 из 1500 (0%)" in coordinator.last_text
    app = await start_app(admin_ids=(ADMIN,), stats_min_people=1)
    coordinator = app.person(COORDINATOR)
    await coordinator.send("/stats")
    await coordinator.click("🎯 Цели")
    assert "Обучено людей: 2 из 1500 (0%)" in coordinator.last_text, "kept across a restart"
    stored = await app.database.fetch_all("SELECT user_id, indicator, year, target FROM stats_targets")
    assert stored == [(COORDINATOR, "trained", 2026, 1500)]
    await coordinator.click("⬅️ К статистике")
    assert coordinator.last_text.startswith("📊 Статистика: эта неделя")


@time_machine.travel(NOW, tick=False)
async def test_statistics_in_english(world: App) -> None:
    await world.database.write([("UPDATE users SET locale = 'en' WHERE id = ?", (COORDINATOR,))])
    coordinator = world.person(COORDINATOR, "en")
    await coordinator.send("/stats")
    text = coordinator.last_text
    assert text.startswith("📊 Statistics: this week (23.11–25.11)\nMembers of your groups.")
    assert "New people: 1 (±0)" in text
    assert "• Russian passport — first one and replacement: 1 (±0) → 1 (±0) (100% (±0))" in text
    assert "People trained: 2 (+1)" in text
    assert 'Homework, "9Б": done 1 (+1), late 1 (+1), missed 0 (±0)' in text
    await coordinator.click("🎯 Goals")
    assert "People trained: 2 (no goal set)" in coordinator.last_text
    await world.person(STRANGER, "en").send("/stats")
    stranger = world.person(STRANGER, "en")
    await stranger.send("/stats")
    assert stranger.last_text.startswith("Статистика доступна"), "Nina's language is Russian in the database"


def test_periods_follow_the_viewers_week() -> None:
    vladivostok = datetime(2026, 11, 23, 1, 30, tzinfo=ZoneInfo("Asia/Vladivostok"))  # Monday night there
    assert period("w", vladivostok).bounds == (
        "2026-11-15 14:00:00", "2026-11-15 15:30:00", "2026-11-22 14:00:00", "2026-11-22 15:30:00",
    )  # fmt: skip
    moscow = datetime(2026, 11, 25, 12, 0, tzinfo=ZoneInfo("Europe/Moscow"))
    assert period("lw", moscow).bounds == (
        "2026-11-08 21:00:00", "2026-11-15 21:00:00", "2026-11-15 21:00:00", "2026-11-22 21:00:00",
    )  # fmt: skip
    assert period("m", moscow).bounds == (
        "2026-09-26 09:00:00", "2026-10-26 09:00:00", "2026-10-26 09:00:00", "2026-11-25 09:00:00",
    )  # fmt: skip
    assert period("a", moscow).bounds.start == "0000-00-00 00:00:00"


def test_change_and_typed_targets() -> None:
    assert change(Figure(12, 8)) == "12 (+4)"
    assert change(Figure(3, 5)) == "3 (−2)"
    assert change(Figure(70, 70), "%") == "70% (±0)"
    assert change(Figure(7)) == "7"
    assert change(Figure(1_500_000, 1_499_000)) == "1500000 (+1000)"
    assert [parse_target(text) for text in ("150", " 1 500 ", "1500 человек", "0", "сто", "-5", "2000000")] == [
        150, 1500, 1500, None, None, None, None,
    ]  # fmt: skip


async def test_the_weekly_digest_comes_on_monday_at_ten_in_each_zone(
    world: App, start_app: StartApp, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(NOW, tick=False)
    await world.database.write(
        [
            ("UPDATE users SET time_zone = 'Asia/Vladivostok' WHERE id = ?", (OTHER_COORDINATOR,)),
            ("INSERT INTO stats_targets VALUES (?, 'trained', 2026, 10, ?)", (COORDINATOR, LONG_AGO)),
        ]
    )
    settings = world.dispatcher["settings"]
    await queue_digests(world.database, settings)
    await queue_digests(world.database, settings)  # the hourly job again: the same week is queued once
    assert await world.drain() == [], "Wednesday: nothing is due"
    time_machine.move_to(datetime(2026, 11, 30, 0, 0, tzinfo=UTC), tick=False)  # 10:00 in Vladivostok
    [club] = await world.drain()
    assert club.chat_id == OTHER_COORDINATOR
    assert "«Клуб»: сдано 1 (+1)" in club.text and "9Б" not in club.text
    app = await start_app(admin_ids=(ADMIN,), stats_min_people=1)  # restarted between queueing and sending
    time_machine.move_to(datetime(2026, 11, 30, 7, 0, tzinfo=UTC), tick=False)  # 10:00 in Moscow
    sent = {message.chat_id: message for message in await app.drain()}
    assert sorted(sent) == [ADMIN, COORDINATOR]
    text = plain(sent[COORDINATOR].text)
    assert text.startswith("📊 Итоги недели 23.11–29.11\nВ скобках — разница с предыдущим таким же периодом.\n\n")
    assert "Новых людей: 1 (±0)" in text
    assert "Тестов пройдено: 2 (±0), средний балл 70% (+40)" in text, "compared with the whole week before"
    assert "Обучено людей: 2 из 10 (20%)" in text
    assert "Пользуются Госуслугами: 2 (цель не задана)" in text
    assert text.endswith("Подробнее, график и таблица — /stats")
    assert "Все" not in text and "Клуб" not in text
    assert "«Клуб»" in plain(sent[ADMIN].text)
    assert await app.drain() == [], "sent once"


async def test_no_digest_for_a_former_coordinator(world: App, time_machine: time_machine.TimeMachineFixture) -> None:
    time_machine.move_to(NOW, tick=False)
    await queue_digests(world.database, world.dispatcher["settings"])
    await world.database.write([("DELETE FROM coordinators WHERE user_id = ?", (COORDINATOR,))])
    time_machine.move_to(datetime(2026, 11, 30, 7, 0, tzinfo=UTC), tick=False)
    assert sorted(message.chat_id for message in await world.drain()) == [ADMIN, OTHER_COORDINATOR]


def test_the_digest_day() -> None:
    moscow = ZoneInfo("Europe/Moscow")
    monday_early = datetime(2026, 11, 30, 9, 59, tzinfo=moscow)
    assert next_digest(monday_early) == datetime(2026, 11, 30, 10, 0, tzinfo=moscow)
    assert next_digest(monday_early + timedelta(minutes=1)) == datetime(2026, 12, 7, 10, 0, tzinfo=moscow)
    assert next_digest(datetime(2026, 12, 6, 23, 0, tzinfo=moscow)) == datetime(2026, 12, 7, 10, 0, tzinfo=moscow)


@time_machine.travel(NOW, tick=False)
async def test_names_in_the_csv_never_start_a_formula(world: App) -> None:
    await world.database.write(
        [
            ("UPDATE groups SET name = ? WHERE name = '9Б'", ('=HYPERLINK("http://evil.example","9Б")',)),
            ("UPDATE users SET first_name = ? WHERE id = ?", ("+7 (999) =1+1", MASHA)),
            ("UPDATE users SET first_name = ? WHERE id = ?", ("-2+3", PETYA)),
        ]
    )
    coordinator = world.person(COORDINATOR)
    await coordinator.send("/stats")
    _, *members = await members_file(coordinator)
    assert [row[:2] for row in members] == [
        ['\'=HYPERLINK("http://evil.example","9Б")', "'+7 (999) =1+1"],
        ['\'=HYPERLINK("http://evil.example","9Б")', "'-2+3"],
    ]


async def test_no_everybody_digest_for_a_former_administrator(
    world: App, start_app: StartApp, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(NOW, tick=False)
    await queue_digests(world.database, world.dispatcher["settings"])
    app = await start_app(admin_ids=(), stats_min_people=1)  # ADMIN is no administrator any more when Monday comes
    time_machine.move_to(datetime(2026, 11, 30, 7, 0, tzinfo=UTC), tick=False)
    assert sorted(message.chat_id for message in await app.drain()) == [COORDINATOR, OTHER_COORDINATOR]


async def test_a_bot_without_administrators_sends_its_coordinators_the_digest(
    world: App, start_app: StartApp, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(NOW, tick=False)
    app = await start_app(admin_ids=(), stats_min_people=1)
    await queue_digests(app.database, app.dispatcher["settings"])
    time_machine.move_to(datetime(2026, 11, 30, 7, 0, tzinfo=UTC), tick=False)
    assert sorted(message.chat_id for message in await app.drain()) == [COORDINATOR, OTHER_COORDINATOR]


@time_machine.travel(NOW, tick=False)
async def test_another_groups_homework_of_a_shared_member_stays_out_of_the_coordinators_view(world: App) -> None:
    async def seen() -> tuple[str, list[list[str]]]:
        coordinator = world.person(COORDINATOR)
        await coordinator.send("/stats")
        screen = coordinator.last_text
        await coordinator.click("📄 CSV")
        return screen, [table(document) for document in coordinator.replies if isinstance(document, SendDocument)]

    before = await seen()
    # Masha also joins the other coordinator's club, which sets its own homework.
    await world.database.write(
        [
            ("INSERT INTO group_members (group_id, user_id, joined_at) VALUES (2, ?, ?)", (MASHA, LONG_AGO)),
            *[
                (
                    "INSERT INTO events (user_id, kind, scenario_id, group_id, value, ref, created_at)"
                    " VALUES (?, ?, 'doctor', 2, ?, ?, '2026-11-24 12:00:00')",
                    (MASHA, kind, value, ref),
                )
                for kind, value, ref in (("homework_late", 20, "9"), ("quiz_done", 20, "a9"), ("joined", None, None))
            ],
        ]
    )
    assert await seen() == before, "Ольга sees nothing of the club's work"
