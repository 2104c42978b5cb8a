"""«Нужна помощь» reaches a person: the student who pledged to help, else the group's coordinator, with consent and
with where the person is stuck (nothing they typed); with nobody to ask, where to get help offline."""

from datetime import UTC, datetime, timedelta

import time_machine

from bot.composition import Repositories as Repo
from bot.features.helpers.buttons import PassOnCb
from tests.classes_helpers import (
    GRANNY,
    MASHA,
    PETYA,
    TEACHER,
    join,
    make_coordinator,
    make_group,
    person,
    press_forged,
    started,
)
from tests.conftest import App, BotClient, StartApp
from tests.test_pledges import ACCOUNT_WALK, pledge

NOON = datetime(2026, 11, 23, 9, tzinfo=UTC)  # 12:00 in Moscow


async def ask_later(app: App, user_id: int, scenario: str) -> None:
    """The follow-up «Получилось?» about `scenario`, due now."""
    tx = app.database.transaction()
    Repo(tx).outbox.add(user_id, "followup", {"scenario": scenario}, datetime.now(UTC), key=scenario)
    await tx.commit()


async def need_help(app: App, client: BotClient) -> None:
    """The follow-up arrives and the person presses «🙋 Нужна помощь» under it (their coordinator may get the day's
    class news meanwhile)."""
    assert len([m for m in await app.drain() if m.chat_id == client.driver.chat["id"]]) == 1
    await client.click("🙋 Нужна помощь")


async def test_the_grandmother_reaches_the_student_who_pledged(
    start_app: StartApp, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(NOON, tick=False)
    app = await started(start_app)
    petya = person(app, PETYA, "Петя")
    (token,) = await pledge(petya, "бабушка")
    granny = person(app, GRANNY, "Нина")
    await granny.send(f"/start help-{token}")
    for label in ACCOUNT_WALK:
        await granny.click(label)
    await granny.click("⏳ Пока нет")
    await app.drain()

    time_machine.move_to(NOON + timedelta(days=3), tick=False)
    [question] = await app.drain()
    assert question.text.endswith("Получилось зарегистрироваться или подтвердить учётную запись?")
    asked = granny.driver.keyboard_message()
    await granny.send("/menu")  # she tries again and gets stuck at the sign-up
    await granny.click("Учётная запись на Госуслугах")
    await granny.click("Для себя")
    await granny.click("Учётной записи ещё нет")
    await granny.click("🙋 Нужна помощь", message=asked)
    assert granny.last_text == (
        "Могу передать, что вам нужна помощь. Сообщение получит Петя — тот, кто прислал вам ссылку на меня и обещал"
        " помочь с Госуслугами.\nЯ напишу только, в какой инструкции и на каком шаге вы остановились. Передать, что"
        " вам нужна помощь?"
    )
    offer = granny.telegram.messages[(GRANNY, asked.message_id)]  # the follow-up, turned into the question
    await granny.click("✅ Да, передать", message=offer)
    assert granny.last_text.startswith("Передал. Петя получит от меня сообщение")
    assert (
        granny.screens[-1].reply_markup.inline_keyboard[0][0].text == "🔄 Пройти «Учётная запись на Госуслугах» ещё раз"
    )

    [to_petya] = await app.drain()
    assert to_petya.chat_id == PETYA
    assert to_petya.text.startswith(
        "🙋 Просит помочь с Госуслугами: бабушка.\nГде трудность: инструкция «Учётная запись на Госуслугах»,"
        " шаг «Регистрация».\nЧто сделать: позвоните или зайдите и пройдите этот шаг вместе"
    )
    assert "Нина" not in to_petya.text, "the student knows her as бабушка"
    assert to_petya.reply_markup.inline_keyboard[0][0].text == "📖 Открыть «Учётная запись на Госуслугах»"

    await granny.click("✅ Да, передать", message=offer)  # pressed again
    assert granny.notice == "Уже передал, спасибо!"
    masha = person(app, MASHA, "Маша")
    row = (await app.database.fetch_one("SELECT id FROM outbox WHERE kind = 'followup'"))[0]
    await press_forged(masha, PassOnCb(row=row, helper=PETYA, yes=True).pack())
    assert masha.screens == [], "someone else's follow-up passes nothing on"
    time_machine.shift(timedelta(minutes=1))
    assert await app.drain() == []
    assert await app.database.fetch_all("SELECT user_id, scenario_id, step_id FROM help_requests") == [
        (GRANNY, "account", "register")
    ]


async def test_a_member_reaches_their_coordinator_only_if_they_agree(
    start_app: StartApp, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(NOON, tick=False)
    app = await started(start_app)
    teacher = await make_coordinator(app)
    masha = person(app, MASHA, "Маша")
    await join(masha, await make_group(teacher))

    await ask_later(app, MASHA, "passport")
    await need_help(app, masha)
    assert "Сообщение получит Ольга — руководитель вашей группы «9Б, школа 12»." in masha.last_text
    await masha.click("Нет, не надо")
    assert "МФЦ" in masha.last_text and "центры правовой информации" in masha.last_text
    time_machine.shift(timedelta(minutes=1))
    assert await app.drain() == [], "she did not agree: nobody is told"

    time_machine.move_to(datetime(2026, 11, 23, 19, tzinfo=UTC))  # 22:00 in Moscow
    await ask_later(app, MASHA, "doctor")
    time_machine.move_to(datetime(2026, 11, 24, 6, tzinfo=UTC))  # the question waited for the morning
    await need_help(app, masha)
    await masha.click("✅ Да, передать")
    time_machine.shift(timedelta(seconds=2))  # the day's class news went to the teacher a moment ago
    [to_teacher] = await app.drain()
    assert to_teacher.chat_id == TEACHER
    assert to_teacher.text.startswith(
        "🙋 Просит помочь с Госуслугами: Маша из группы «9Б, школа 12».\nИнструкция: «Поликлиника и запись к врачу»."
    )


async def test_with_nobody_to_ask_it_says_where_to_get_help(
    start_app: StartApp, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(NOON, tick=False)
    app = await started(start_app)
    petya = person(app, PETYA, "Петя")
    (token,) = await pledge(petya, "дедушка")
    grandpa = person(app, GRANNY, "Иван")
    await grandpa.send(f"/start help-{token}")
    await petya.send("/settings")
    await petya.click("✅ Напоминания о заданиях и обещаниях")  # Petya switched such messages off: nobody would read it

    await ask_later(app, GRANNY, "account")
    await need_help(app, grandpa)
    assert grandpa.last_text == (
        "Вот где помогут с Госуслугами:\n"
        "• МФЦ — там подтверждают учётную запись Госуслуг и принимают заявления.\n"
        "• Библиотека — во многих есть центры правовой информации, где помогают разобраться с Госуслугами."
        " Спросите в ближайшей.\n"
        "• Официальная поддержка Госуслуг: 8 800 100-70-10 и 115 (по данным МВД, ТАСС, 26.11.2025).\n"
        "Никому не называйте коды из СМС и пароли — даже им.\n"
        "Можно пройти инструкцию ещё раз, шаг за шагом, или попросить помочь родных и внуков."
    )
    assert grandpa.buttons() == ["🔄 Пройти «Учётная запись на Госуслугах» ещё раз", "🏠 Меню"]
