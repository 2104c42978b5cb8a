"""«Тимуровцы»: a pledge confirmed by the helped person's walk, a self-reported one, a link used once, cancelling."""

from datetime import UTC, datetime, timedelta

import time_machine

from bot.composition import Repositories as Repo
from tests.classes_helpers import (
    ADMIN,
    GRANNY,
    MASHA,
    PETYA,
    join,
    link_in,
    make_coordinator,
    make_group,
    open_card,
    person,
    press_forged,
    started,
)
from tests.conftest import App, BotClient, StartApp

NOON = datetime(2026, 11, 23, 9, tzinfo=UTC)
NEIGHBOUR = 9
# The shortest way to an end of the account scenario.
ACCOUNT_WALK = ("Для ребёнка или подростка", "Сделаю запись ребёнку сам(а)", "Дальше ➡️")


async def pledge(student: BotClient, *people: str, due: str = "Через неделю") -> list[str]:
    """Makes a pledge; returns the tokens of its links, in order."""
    await student.send("/pledge")
    await student.click("🤝 Пообещать помочь")
    await student.click(str(len(people)))
    for who in people:
        await student.click(who)
    await student.click(due)
    return [link_in(s.text, "help") for s in student.screens[1:]]


async def test_walking_the_guide_is_told_apart_from_it_working_on_gosuslugi(
    start_app: StartApp, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(NOON, tick=False)
    app = await started(start_app)
    petya = person(app, PETYA, "Петя")
    tokens = await pledge(petya, "бабушка", "сосед(ка)")
    assert "Вы обещали помочь 2 людям до 30.11.2026: 1. бабушка, 2. сосед(ка)" in petya.screens[0].text
    forward = petya.text.split("\n")
    assert "Здравствуйте! Это Петя. Я хочу помочь вам с Госуслугами." in forward
    assert "никогда не спрашивает пароли" in petya.last_text
    assert len(set(tokens)) == 2
    assert (await app.events(PETYA))[-1] == ("pledge_made", None, None)

    granny = person(app, GRANNY, "Нина")
    await granny.send(f"/start help-{tokens[0]}")
    assert "Вас пригласил(а) Петя" in granny.text
    assert "Учётная запись на Госуслугах" in granny.last_text, "straight into the account scenario"
    for label in ACCOUNT_WALK:  # «Дальше» through the guide in a minute, ticking nothing
        await granny.click(label)
    assert granny.last_text == (
        "Вы прошли инструкцию до конца — Петя узнает об этом.\nА на самих Госуслугах получилось зарегистрироваться?"
    )
    assert "у вас получилось" not in granny.text, "nothing is registered yet"
    assert granny.buttons() == ["✅ Да, получилось", "⏳ Пока нет"]
    assert [m.text for m in await app.drain() if m.chat_id == PETYA] == [
        "👣 Шаг вперёд: бабушка прошла инструкцию по Госуслугам до конца.\nОбещание подтвердится, когда человек"
        " скажет мне, что на самих Госуслугах всё получилось. Если не выходит — помогите сделать это вместе."
    ]
    await petya.send("/pledge")
    assert "👣 1. бабушка — прошла инструкцию, ждём ответа, получилось ли на Госуслугах" in petya.last_text

    time_machine.shift(timedelta(hours=1))
    await granny.click("⏳ Пока нет")
    assert "Ничего страшного" in granny.last_text
    assert [m for m in await app.drain() if m.chat_id == PETYA] == [], "not confirmed"
    await granny.click("✅ Теперь получилось")  # she registered that evening
    assert granny.last_text == "Спасибо! Петя узнает, что у вас получилось."
    assert [m.text for m in await app.drain() if m.chat_id == PETYA] == [
        "🎉 Ура! Вам удалось помочь: бабушка сказала, что на Госуслугах всё получилось. Обещание подтверждено"
        " — спасибо, тимуровец!"
    ]
    assert [kind for kind, *_ in await app.events(GRANNY)][-2:] == ["followup_not_yet", "followup_yes"]
    scheduled = await Repo(app.database.transaction()).outbox.scheduled(GRANNY)
    assert scheduled == [], "she said it worked: the follow-up «Получилось?» is not asked"

    await petya.send("/pledge")
    assert "✅ 1. бабушка — на Госуслугах получилось, подтверждено" in petya.last_text
    assert "⏳ 2. сосед(ка) — ждём" in petya.last_text
    await petya.click("✋ 2. сосед(ка): помог(ла)")
    assert petya.notice == "Отметил: помогли без ссылки. Спасибо!"
    assert "☑️ 2. сосед(ка) — помог(ла) без ссылки" in petya.last_text
    kinds = [kind for kind, _, _ in await app.events(PETYA)]
    assert kinds == ["pledge_made", "pledge_walked", "pledge_confirmed", "pledge_self"]

    await granny.click("🏠 Меню")
    await granny.send(f"/start help-{tokens[0]}")
    assert "Вас пригласил(а)" in granny.text, "the same person may open their link again"
    for label in ACCOUNT_WALK:
        await granny.click(label)
    assert "Петя узнает" not in granny.text and "получилось" not in granny.text
    assert await app.drain() == [], "confirmed once"
    masha = person(app, MASHA, "Маша")
    await press_forged(masha, "p3:1")
    assert masha.screens == [] and await app.events(MASHA) == [], "a forged «Да» confirms nothing"


async def test_the_student_hears_it_in_the_helped_persons_grammar(
    start_app: StartApp, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(NOON, tick=False)
    app = await started(start_app)
    petya = person(app, PETYA, "Петя")
    tokens = await pledge(petya, "дедушка", "сосед(ка)")
    told = []
    for user_id, token in zip((GRANNY, NEIGHBOUR), tokens, strict=True):
        helped = person(app, user_id, "Иван")
        await helped.send(f"/start help-{token}")
        for label in ACCOUNT_WALK:
            await helped.click(label)
        told += [m.text for m in await app.drain() if m.chat_id == PETYA]
        time_machine.shift(timedelta(seconds=1))  # one message a second to a chat
        await helped.click("✅ Да, получилось")
        told += [m.text for m in await app.drain() if m.chat_id == PETYA]
        time_machine.shift(timedelta(seconds=1))
    assert [text.split(".")[0].removeprefix("🎉 Ура! ") for text in told] == [
        "👣 Шаг вперёд: дедушка прошёл инструкцию по Госуслугам до конца",
        "Вам удалось помочь: дедушка сказал, что на Госуслугах всё получилось",
        "👣 Шаг вперёд: сосед(ка) — инструкция по Госуслугам пройдена до конца",
        "Вам удалось помочь: сосед(ка) говорит, что на Госуслугах всё получилось",
    ]
    assert not any("(ла)" in text for text in told)


@time_machine.travel(NOON, tick=False)
async def test_a_link_works_for_one_person_only(start_app: StartApp) -> None:
    app = await started(start_app)
    petya = person(app, PETYA, "Петя")
    token = (await pledge(petya, "дедушка"))[0]
    await petya.send(f"/start help-{token}")
    assert "Это ваша ссылка-приглашение" in petya.last_text
    await person(app, GRANNY, "Иван").send(f"/start help-{token}")
    masha = person(app, MASHA, "Маша")
    await masha.send(f"/start help-{token}")
    assert "Здравствуйте! Я «Цифровой тимуровец»" in masha.last_text, "the ordinary greeting"
    assert "Вас пригласил(а)" not in masha.text
    await masha.send("/start help-made-up")
    assert "Здравствуйте! Я «Цифровой тимуровец»" in masha.last_text
    await masha.send("/start garbage")
    assert "Здравствуйте! Я «Цифровой тимуровец»" in masha.last_text


@time_machine.travel(NOON, tick=False)
async def test_who_comes_from_buttons_and_the_date_can_be_typed(app: App) -> None:
    petya = app.person(PETYA, "ru", "Петя")
    await petya.send("/pledge")
    await petya.click("🤝 Пообещать помочь")
    await petya.click("1")
    assert "Кто человек 1 из 1? Имя не нужно" in petya.last_text
    assert petya.buttons()[:2] == ["бабушка", "дедушка"]
    await petya.click("мама")
    await petya.click("Написать дату")
    await petya.send("вчера")
    assert "Этот день уже наступил или прошёл" in petya.last_text
    await petya.send("20.11")
    assert (
        petya.last_text == "20.11 в этом году уже прошло. Вы имели в виду 20.11.2027? Если нет — напишите другую дату."
    )
    await petya.click("✅ Да, 20.11.2027")
    assert "Вы обещали помочь 1 человеку до 20.11.2027" in petya.screens[0].text, "a past day, if meant, next year's"
    await petya.send("/pledge")
    await petya.click("❌ Отменить обещание до 20.11.2027")
    await petya.click("Да, отменить")
    assert "20.11.2027" not in petya.last_text


@time_machine.travel(NOON, tick=False)
async def test_the_date_can_be_typed_in_words(app: App) -> None:
    petya = app.person(PETYA, "ru", "Петя")
    await petya.send("/pledge")
    await petya.click("🤝 Пообещать помочь")
    await petya.click("1")
    await petya.click("бабушка")
    await petya.click("Написать дату")
    assert "«5 декабря»" in petya.last_text
    await petya.send("мне 15")
    assert "Не получилось понять дату" in petya.last_text, "a number of years is not a date"
    await petya.send("5 декабря")
    assert "Вы обещали помочь 1 человеку до 05.12.2026: 1. бабушка" in petya.screens[0].text
    assert await app.database.fetch_one("SELECT due_date FROM pledges") == ("2026-12-05",)


@time_machine.travel(NOON, tick=False)
async def test_a_double_press_makes_one_pledge_and_forged_buttons_do_nothing(app: App) -> None:
    petya = app.person(PETYA, "ru", "Петя")
    await petya.send("/pledge")
    await petya.click("🤝 Пообещать помочь")
    await petya.click("1")
    await petya.click("папа")
    when = petya.driver.keyboard_message()
    await petya.click("Через месяц", message=when)
    await petya.click("Через месяц", message=when)
    assert petya.screens == [], "the second press did nothing"
    await petya.send("/pledge")
    assert petya.last_text.count("— ждём") == 1 and "До 23.12.2026" in petya.last_text

    masha = app.person(MASHA, "ru", "Маша")
    for button in [b for row in petya.driver.keyboard_message().reply_markup.inline_keyboard for b in row][:3]:
        await press_forged(masha, button.callback_data)
        assert masha.notice == "Этого обещания больше нет." and masha.screens == [], "Petya's pledge is not Masha's"
    for forged in ("p1:11::", "p1:2:9:", "p1:1:0:year"):
        await press_forged(masha, forged)
        assert masha.screens == []


@time_machine.travel(NOON, tick=False)
async def test_the_coordinator_sees_pledges_per_member(start_app: StartApp) -> None:
    app = await started(start_app)
    teacher = await make_coordinator(app)
    code = await make_group(teacher)
    petya = person(app, PETYA, "Петя")
    await join(petya, code)
    tokens = await pledge(petya, "бабушка", "дедушка")
    granny = person(app, GRANNY, "Нина")
    await granny.send(f"/start help-{tokens[0]}")
    for label in ACCOUNT_WALK:
        await granny.click(label)
    with time_machine.travel(datetime(2026, 12, 5, 9, tzinfo=UTC), tick=False):
        await teacher.send("/groups")
        await teacher.click("9Б, школа 12")
        assert (
            "• Петя — обещал(а) помочь: 2, прошли инструкцию: 1, подтверждено: 0, сам(а) отметил(а): 0, просрочено: 1"
            in teacher.last_text
        )
    await granny.click("✅ Да, получилось")
    await open_card(teacher)
    assert "обещал(а) помочь: 2, прошли инструкцию: 1, подтверждено: 1, сам(а) отметил(а): 0" in teacher.last_text


@time_machine.travel(NOON, tick=False)
async def test_who_came_through_a_members_link_is_in_the_coordinators_statistics(start_app: StartApp) -> None:
    app = await start_app(admin_ids=(ADMIN,), stats_min_people=1)  # a class of one shows its figures here
    teacher = await make_coordinator(app)
    petya = person(app, PETYA, "Петя")
    await join(petya, await make_group(teacher))
    tokens = await pledge(petya, "бабушка")
    granny = person(app, GRANNY, "Нина")
    await granny.send(f"/start help-{tokens[0]}")
    for label in ACCOUNT_WALK:
        await granny.click(label)
    await person(app, MASHA, "Маша").send("/start")  # in no group and through no link: not the teacher's
    with time_machine.travel(datetime(2026, 11, 23, 10, tzinfo=UTC), tick=False):
        await teacher.send("/stats")
    assert "Новых людей: 2 (+2)" in teacher.last_text, "Petya and Nina; not Masha"
    assert "• Учётная запись на Госуслугах: 1 (+1) → 1 (+1) (100%)" in teacher.last_text, "Nina's walk"
    assert "Обучено людей: 1 (+1)" in teacher.last_text


@time_machine.travel(NOON, tick=False)
async def test_pledges_in_english(app: App) -> None:
    john = app.person(PETYA, "en", "John")
    await john.send("/pledge")
    await john.click("🤝 Make a pledge")
    await john.click("1")
    await john.click("grandma")
    await john.click("In a week")
    assert "You promised to help 1 person by 30.11.2026: 1. grandma." in john.screens[0].text
    assert "Hello! It's John. I want to help you with Gosuslugi." in john.last_text


@time_machine.travel(NOON, tick=False)
async def test_a_yes_to_the_follow_up_confirms_and_the_nudge_comes_three_days_before(start_app: StartApp) -> None:
    app = await started(start_app)
    petya = person(app, PETYA, "Петя")
    token = (await pledge(petya, "бабушка", "мама"))[0]
    granny = person(app, GRANNY, "Нина")
    await granny.send(f"/start help-{token}")
    await granny.send("/menu")  # she stopped half-way, and later did it with the family's help
    tx = app.database.transaction()
    Repo(tx).outbox.add(GRANNY, "followup", {"scenario": "account"}, datetime.now(UTC), key="account")
    await tx.commit()
    assert [m.chat_id for m in await app.drain()] == [GRANNY]
    await granny.click("✅ Да")
    assert [m.text for m in await app.drain() if m.chat_id == PETYA] == [
        "🎉 Ура! Вам удалось помочь: бабушка сказала, что на Госуслугах всё получилось. Обещание подтверждено"
        " — спасибо, тимуровец!"
    ]
    with time_machine.travel(datetime(2026, 11, 27, 7, 1, tzinfo=UTC), tick=False):  # 10:01 in Moscow
        nudges = await app.drain()
    assert [m.chat_id for m in nudges] == [PETYA]
    assert nudges[0].text.startswith(
        "⏰ Через 3 дня, 30.11.2026, срок вашего обещания «Тимуровцев». Ещё ждут помощи: мама."
    )


@time_machine.travel(NOON, tick=False)
async def test_a_name_carries_no_link_or_hidden_characters_to_the_helped_person(start_app: StartApp) -> None:
    app = await started(start_app)
    petya = person(app, PETYA, "Петя https://gosuslugi.ru.evil.example/login")
    (token,) = await pledge(petya, "бабушка")
    granny = person(app, GRANNY, "Нина")
    await granny.send(f"/start help-{token}")
    greeting = granny.text
    assert "Вас пригласил(а) Петя" in greeting
    assert "evil" not in greeting and "http" not in greeting and "gosuslugi.ru." not in greeting
    assert "evil" not in petya.text, "nor in the message the student forwards"

    hidden = person(app, 8, "\u200b\u2066\u202e")  # nothing visible, and a right-to-left override
    (token,) = await pledge(hidden, "сосед(ка)")
    neighbour = person(app, 9, "Иван")
    await neighbour.send(f"/start help-{token}")
    assert "Вас пригласил(а) —" in neighbour.text
    stored = await app.database.fetch_all("SELECT id, first_name FROM users WHERE id IN (?, 8) ORDER BY id", (PETYA,))
    assert stored == [(PETYA, "Петя"), (8, None)], "what is kept is the cleaned name"
