"""Coordinators made by invitation, groups made with a join code and QR code, joining, leaving, the card."""

import io
from datetime import UTC, datetime, timedelta

import segno
import time_machine
from aiogram.methods import SendDocument, SendPhoto
from PIL import Image

from tests.classes_helpers import (
    ADMIN,
    MASHA,
    PETYA,
    TEACHER,
    assign_homework,
    join,
    link_in,
    make_coordinator,
    make_group,
    open_card,
    person,
    started,
)
from tests.conftest import StartApp


async def test_a_coordinator_is_made_by_a_single_use_invitation(start_app: StartApp) -> None:
    app = await started(start_app)
    admin = person(app, ADMIN, "Админ")
    await admin.send("/coordinators")
    assert "Пока ни одного координатора" in admin.last_text
    await admin.click("➕ Пригласить координатора")
    token = link_in(admin.last_text, "coord")
    assert "действует 7 дней и только один раз" in admin.last_text

    stranger = person(app, PETYA, "Петя")
    await stranger.send("/groups")
    assert "Вы пока не состоите ни в одной группе" in stranger.last_text, "not a coordinator yet"
    teacher = person(app, TEACHER, "Ольга")
    await teacher.send(f"/start coord-{token}")
    assert "Теперь вы координатор" in teacher.last_text
    await stranger.send(f"/start coord-{token}")
    assert "уже использована или устарела" in stranger.last_text, "single use"
    await stranger.send("/groups")
    assert "Вы пока не состоите ни в одной группе" in stranger.last_text
    await teacher.send("/groups")
    assert "➕ Новая группа" in teacher.buttons()

    await admin.send("/coordinators")
    assert "• Ольга" in admin.last_text
    await admin.click("❌ Отозвать: Ольга")
    await admin.click("❌ Да, отозвать")
    assert admin.notice == "Права координатора отозваны."
    assert "Ольга" not in admin.last_text
    await teacher.send("/groups")
    assert "Вы пока не состоите ни в одной группе" in teacher.last_text, "revoked"


async def test_an_invitation_expires_after_seven_days(start_app: StartApp) -> None:
    app = await started(start_app)
    admin = person(app, ADMIN, "Админ")
    with time_machine.travel(datetime(2026, 11, 23, 9, tzinfo=UTC), tick=False) as traveller:
        await admin.send("/coordinators")
        await admin.click("➕ Пригласить координатора")
        token = link_in(admin.last_text, "coord")
        traveller.shift(timedelta(days=7, minutes=1))
        teacher = person(app, TEACHER, "Ольга")
        await teacher.send(f"/start coord-{token}")
        assert "уже использована или устарела" in teacher.last_text


async def test_coordinators_is_for_administrators_only(start_app: StartApp) -> None:
    app = await started(start_app)
    await person(app, PETYA, "Петя").send("/coordinators")
    assert app.telegram.requests[-1].text == "Эта команда только для администраторов бота."


async def test_a_group_is_made_with_a_code_a_link_and_a_qr_code(start_app: StartApp) -> None:
    app = await started(start_app)
    teacher = await make_coordinator(app)
    await teacher.send("/groups")
    await teacher.click("➕ Новая группа")
    await teacher.send("x" * 65)
    assert "от 1 до 64 знаков" in teacher.last_text
    await teacher.send("  9Б,   школа 12 ")
    code = link_in(teacher.text, "join")
    assert f"Код для вступления: {code}" in teacher.text
    assert len(code) == 6 and not set(code) & set("0O1IL")
    photos = [r for r in teacher.replies if isinstance(r, SendPhoto)]
    assert len(photos) == 1 and photos[0].photo.data.startswith(b"\x89PNG"), "a QR code picture"
    assert f"start=join-{code}" in photos[0].caption
    await teacher.send("/groups")
    assert "9Б, школа 12 (0)" in teacher.buttons()


async def test_joining_by_link_and_by_join(start_app: StartApp) -> None:
    app = await started(start_app)
    teacher = await make_coordinator(app)
    code = await make_group(teacher)
    petya = person(app, PETYA, "Петя")
    await petya.send(f"/start join-{code}")
    offer = petya.last_text
    assert "«9Б, школа 12»" in offer and "Её ведёт Ольга" in offer
    assert "ваше имя из Telegram — «Петя»" in offer and "Что вы пишете мне, координатор не видит" in offer
    await petya.click("Не сейчас")
    assert "не вступаем" in petya.last_text
    await join(petya, code)

    masha = person(app, MASHA, "Маша")
    await masha.send("/join")
    assert "Напишите код группы" in masha.last_text
    await masha.send(code.lower()[:3] + " " + code.lower()[3:])
    await masha.click("✅ Вступить")
    assert "Вы в группе «9Б, школа 12»" in masha.last_text
    await masha.send(f"/join {code}")
    assert "Вы уже состоите в группе" in masha.last_text

    await teacher.send("/groups")
    await teacher.click("9Б, школа 12 (2)")
    assert "• Петя" in teacher.last_text and "• Маша" in teacher.last_text
    kinds = [kind for kind, _, _ in await app.events(PETYA)]
    assert kinds == ["joined"]


async def test_a_wrong_code_and_the_throttle_survive_a_restart(start_app: StartApp) -> None:
    app = await started(start_app)
    code = await make_group(await make_coordinator(app))
    petya = person(app, PETYA, "Петя")
    with time_machine.travel(datetime(2026, 11, 23, 9, tzinfo=UTC), tick=False) as traveller:
        await petya.send("/join AAAAAA")
        assert petya.last_text == "Такого кода нет. Проверьте буквы и цифры и напишите код ещё раз."
        for _ in range(8):
            await petya.send("/join 123")
        app = await started(start_app)
        petya = person(app, PETYA, "Петя")
        await petya.send("/start join-AAAAAA")
        assert "Такого кода нет" in petya.last_text, "the tenth wrong code is still answered"
        await petya.send(f"/join {code}")
        assert "Слишком много неверных кодов" in petya.last_text, "even the right code waits"
        traveller.shift(timedelta(minutes=61))
        await petya.send(f"/join {code}")
        assert "Вас приглашают в группу" in petya.last_text


async def test_a_member_leaves_and_a_new_code_replaces_the_old(start_app: StartApp) -> None:
    app = await started(start_app)
    teacher = await make_coordinator(app)
    code = await make_group(teacher)
    petya = person(app, PETYA, "Петя")
    await join(petya, code)
    await petya.send("/groups")
    assert "«9Б, школа 12», координатор — Ольга" in petya.last_text
    await petya.click("🚪 Выйти из «9Б, школа 12»")
    await petya.click("Да, выйти")
    assert "Вы вышли из группы" in petya.last_text
    assert [kind for kind, _, _ in await app.events(PETYA)] == ["joined", "left"]

    masha = person(app, MASHA, "Маша")
    await masha.send(f"/start join-{code}")
    offer = masha.driver.keyboard_message()
    await teacher.send("/groups")
    await teacher.click("9Б, школа 12")
    await teacher.click("🔑 Новый код")
    assert "Старый код и QR перестанут работать" in teacher.last_text, "asked first: posters are printed"
    await teacher.click("Нет, не надо")
    assert f"Код для вступления: {code}" in teacher.last_text, "nothing changed"
    await teacher.click("🔑 Новый код")
    asked = teacher.driver.keyboard_message()
    await teacher.click("🔑 Да, заменить код")
    new = link_in(teacher.last_text, "join")
    assert new != code and f"Код для вступления: {new}" in teacher.last_text
    (photo,) = [r for r in teacher.replies if isinstance(r, SendPhoto)]
    assert f"start=join-{new}" in photo.caption, "the new QR code comes at once"
    await teacher.click("🔑 Да, заменить код", message=asked)
    assert await app.database.fetch_all("SELECT join_code FROM groups") == [(new,)], "a second press changes nothing"
    assert not [r for r in teacher.replies if isinstance(r, SendPhoto)]
    await masha.click("✅ Вступить", message=offer)
    assert "Этот код уже не действует" in masha.last_text
    await masha.send(f"/join {code}")
    assert "Такого кода нет" in masha.last_text
    await join(masha, new)


async def test_the_card_sends_the_qr_poster_again(start_app: StartApp) -> None:
    app = await started(start_app)
    teacher = await make_coordinator(app)
    code = await make_group(teacher, "7А")
    await open_card(teacher, "7А")
    await teacher.click("🖨 QR-код")
    (photo,) = [r for r in teacher.replies if isinstance(r, SendPhoto)]
    link = f"https://t.me/timurovets_bot?start=join-{code}"
    assert link in photo.caption and teacher.screens == [], "the card stays as it is"
    poster = Image.open(io.BytesIO(photo.photo.data))
    poster.load()
    assert poster.format == "PNG"
    qr = segno.make(link, error="m")
    modules = qr.symbol_size(border=0)[0]
    scale = poster.width // (modules + 8)
    assert poster.width == (modules + 8) * scale and scale >= 8, "a quiet zone of four modules each side"
    assert 500 <= poster.width <= 1280, "printable, and Telegram keeps it sharp"
    pixels = poster.convert("L")

    def dark(column: float, row: float) -> bool:
        return pixels.getpixel((int((column + 4.5) * scale), int((row + 4.5) * scale))) < 128

    assert [[dark(x, y) for x in range(modules)] for y in range(modules)] == [
        [bool(bit) for bit in row] for row in qr.matrix
    ], "the code is intact"
    around = [(x, y) for x in range(-4, modules + 4) for y in range(-4, modules + 4)]
    assert not any(dark(x, y) for x, y in around if not (0 <= x < modules and 0 <= y < modules)), "quiet zone"
    below = pixels.crop((0, (modules + 8) * scale, poster.width, poster.height))
    assert poster.height > poster.width + 4 * scale and below.getextrema()[0] < 128, "the name, code and link printed"


async def test_the_coordinator_renames_removes_and_closes(start_app: StartApp) -> None:
    app = await started(start_app)
    teacher = await make_coordinator(app)
    code = await make_group(teacher)
    petya = person(app, PETYA, "Петя")
    await join(petya, code)
    await teacher.send("/groups")
    await teacher.click("9Б, школа 12")
    await teacher.click("✏️ Переименовать")
    await teacher.send("10Б")
    assert teacher.last_text.startswith("10Б")
    await teacher.click("👤 Удалить участника")
    await teacher.click("❌ Петя")
    await teacher.click("Да, удалить")
    assert "• Петя" not in teacher.last_text and "Пока никто не вступил" in teacher.last_text
    assert [kind for kind, _, _ in await app.events(PETYA)] == ["joined", "left"]
    await teacher.click("🗑 Закрыть группу")
    await teacher.click("Да, закрыть группу")
    assert "Группа «10Б» закрыта" in teacher.last_text
    await petya.send(f"/join {code}")
    assert "Такого кода нет" in petya.last_text


async def test_groups_in_english(start_app: StartApp) -> None:
    app = await started(start_app)
    code = await make_group(await make_coordinator(app))
    john = person(app, PETYA, "John", "en")
    await john.send(f"/start join-{code}")
    assert "You are invited to the group “9Б, школа 12”, run by Ольга." in john.last_text
    await john.click("✅ Join")
    assert "Done! You are in" in john.last_text
    await john.send("/coordinators")
    assert john.last_text == "This command is for the bot's administrators only."


@time_machine.travel(datetime(2026, 11, 23, 9, tzinfo=UTC), tick=False)
async def test_a_student_chooses_how_the_teacher_sees_them(start_app: StartApp) -> None:
    app = await start_app(admin_ids=(ADMIN,), stats_min_people=1)
    teacher = await make_coordinator(app)
    code = await make_group(teacher)
    await join(person(app, PETYA, "Маша"), code)  # the first Маша keeps her Telegram name
    masha = person(app, MASHA, "Маша")
    await masha.send(f"/start join-{code}")
    assert "ваше имя из Telegram — «Маша»" in masha.last_text
    await masha.click("✏️ Как меня подписать для учителя")
    assert "Как подписать вас для учителя?" in masha.last_text
    assert await app.database.fetch_all("SELECT user_id FROM group_members WHERE user_id = ?", (MASHA,)) == []
    await masha.send("М" * 65)
    assert "от 1 до 64 знаков" in masha.last_text
    await masha.send("  Маша   К. @masha_k ")
    assert "Вы в группе «9Б, школа 12»" in masha.last_text and "Учитель видит вас как «Маша К.»" in masha.last_text
    stored = await app.database.fetch_all("SELECT display_name FROM group_members WHERE user_id = ?", (MASHA,))
    assert stored == [("Маша К.",)], "only the cleaned name is kept"

    await open_card(teacher)
    assert "• Маша\n• Маша К." in teacher.last_text
    await teacher.click("👤 Удалить участника")
    assert "❌ Маша К." in teacher.buttons()
    await assign_homework(teacher)
    await open_card(teacher)
    await teacher.click("📊 Результаты")
    await teacher.click("Паспорт РФ")
    assert "• Маша К. — не начато" in teacher.last_text
    await teacher.click("📄 Файл для Excel")
    (document,) = [r for r in teacher.replies if isinstance(r, SendDocument)]
    assert document.document.data.decode("utf-8-sig").split("\r\n")[2].startswith("Маша К.;не начато;")
    await teacher.send("/stats")
    await teacher.click("📄 CSV")
    members = [r for r in teacher.replies if isinstance(r, SendDocument)][-1].document.data.decode("utf-8-sig")
    assert "9Б, школа 12;Маша;" in members and "9Б, школа 12;Маша К.;" in members

    await masha.send("/forget")
    await masha.click("🗑 Да, удалить всё")
    assert await app.database.fetch_all("SELECT display_name FROM group_members WHERE user_id = ?", (MASHA,)) == []


async def test_a_name_for_the_teacher_after_the_code_was_replaced(start_app: StartApp) -> None:
    app = await started(start_app)
    teacher = await make_coordinator(app)
    code = await make_group(teacher)
    masha = person(app, MASHA, "Маша")
    await masha.send(f"/join {code}")
    await masha.click("✏️ Как меня подписать для учителя")
    await open_card(teacher)
    await teacher.click("🔑 Новый код")
    await teacher.click("🔑 Да, заменить код")
    await masha.send("Маша К.")
    assert "Этот код уже не действует" in masha.last_text
    assert await app.database.fetch_all("SELECT user_id FROM group_members") == []
    await masha.send("Маша К.")
    assert "Этот код уже не действует" not in masha.last_text, "asked once: the typed text is not a name any more"
