"""A citizen walks the passport scenario: menu, steps, Back, Menu, checklist, summary, resume, languages."""

from aiogram.methods import EditMessageText, SendMessage, SetMyCommands

from bot.console.chat import plain
from tests.conftest import App, BotClient, StartApp


async def open_passport(client: BotClient) -> None:
    await client.send("/start")
    await client.click("Паспорт РФ")


async def test_start_says_what_the_bot_is_and_shows_the_menu(client: BotClient) -> None:
    await client.send("/start")
    assert "Я не Госуслуги" in client.last_text
    assert "никогда не прошу пароли, коды из СМС" in client.last_text
    assert any("Паспорт РФ" in label for label in client.buttons())


async def test_passport_for_the_20th_birthday_online(app: App, client: BotClient) -> None:
    await open_passport(client)
    assert "Почему меняете паспорт" in client.last_text
    assert "Шаг 1 из" in client.last_text

    await client.click("Исполнилось 20 или 45 лет")
    assert "Документы на новый паспорт подайте в течение 90 дней после дня рождения" in client.last_text
    assert "проверено 29.11.2026" in client.last_text, "a step with a deadline shows its review date"
    law = "(статья 333.33 НК РФ) (https://www.consultant.ru/"
    assert law in client.last_text, "a law's text is official: no mark"
    assert "(новости) (https://fbm.ru/" in client.last_text, "a source off the official domains is marked as news"
    await client.click("Дальше ➡️")
    await client.click("Через Госуслуги")
    assert "Заявление на Госуслугах" in client.last_text
    await client.click("☐ Старый паспорт")
    assert "☑ Старый паспорт" in client.buttons()
    await client.click("Дальше ➡️")
    await client.click("Дальше ➡️")
    assert "Новый паспорт оформляют не дольше 5 рабочих дней" in client.last_text
    await client.click("Дальше ➡️")

    end, card = client.screens
    assert isinstance(end, EditMessageText) and "Последний шаг" in client.text
    assert isinstance(card, SendMessage) and card.reply_markup is None, "the summary is a plain message to forward"
    summary = client.last_text
    assert summary.startswith("📋 Памятка: Паспорт РФ")
    assert "Это не Госуслуги" in summary
    assert "• Почему меняете паспорт: Исполнилось 20 или 45 лет" in summary
    assert "☑ Старый паспорт" in summary and "☐ Свидетельство о рождении" in summary
    assert "consultant.ru" in summary
    kinds = [kind for kind, _, _ in await app.events()]
    assert kinds[0] == "start" and kinds[-1] == "complete" and kinds.count("step") == 5


async def test_back_returns_to_the_previous_step_and_menu_leaves(app: App, client: BotClient) -> None:
    await open_passport(client)
    assert "⬅️ Назад" not in client.buttons(), "the first step has nowhere to go back to"
    await client.click("Паспорт испорчен")
    assert "1 500 ₽" in client.last_text
    await client.click("⬅️ Назад")
    assert "Почему меняете паспорт" in client.last_text
    await client.click("Паспорт потерян или украден")
    await client.click("🏠 Меню")
    assert "Выберите, что нужно сделать" in client.last_text
    assert ("abandon", "passport", "lost") in await app.events()


async def test_ticks_can_be_undone(client: BotClient) -> None:
    await open_passport(client)
    for label in ("Исполнилось 20 или 45 лет", "Дальше ➡️", "Сразу в МФЦ или МВД", "☐ Свидетельство о рождении"):
        await client.click(label)
    assert "☑ Свидетельство о рождении" in client.buttons()
    await client.click("☑ Свидетельство о рождении")
    assert "☐ Свидетельство о рождении" in client.buttons()


async def test_coming_back_offers_to_continue_or_start_over(app: App, client: BotClient) -> None:
    await open_passport(client)
    await client.click("Сменил(а) фамилию или имя")
    await client.click("Дальше ➡️")
    await client.send("/menu")
    assert client.buttons()[0] == "▶️ Продолжить: Паспорт РФ — получение и замена"

    await client.click("▶️ Продолжить: Паспорт РФ")  # says what they want: no second question
    assert "Как подать" in client.last_text and "Шаг 3 из" in client.last_text

    await client.send("/menu")
    await client.click("Паспорт РФ — получение и замена")  # the guide itself, from the list: continue or over?
    assert "остановились на шаге 3: «Как подать»" in client.last_text
    await client.click("🔄 Начать заново")
    assert "Шаг 1 из" in client.last_text
    kinds = [kind for kind, _, _ in await app.events()]
    assert kinds.count("resume") == 1 and kinds.count("start") == 2 and kinds.count("abandon") == 2


async def test_cancel_stops_the_scenario_and_keeps_progress(app: App, client: BotClient) -> None:
    await client.send("/cancel")
    assert "Сейчас нечего останавливать" in client.last_text
    await open_passport(client)
    await client.click("Паспорт испорчен")
    await client.send("/cancel")
    assert "Всё сохранено" in client.last_text
    assert client.buttons()[0].startswith("▶️ Продолжить")
    assert ("abandon", "passport", "damaged") in await app.events()


async def test_help_and_unknown_input(client: BotClient) -> None:
    await client.send("/help")
    assert "/menu" in client.last_text and "/language" in client.last_text and "/cancel" in client.last_text
    assert "Я не Госуслуги" in client.last_text and "8 800 100-70-10" in client.last_text
    await client.send("/frobnicate")
    assert "Такой команды я не знаю" in client.last_text


async def test_language_switch_is_remembered(start_app: StartApp) -> None:
    client = (await start_app(user_id=7)).client
    await client.send("/language")
    await client.click("English")
    assert "Done, we speak English now" in client.last_text
    assert "Russian passport — first one and replacement" in client.buttons()
    restarted = (await start_app(user_id=7)).client
    await restarted.send("/help")
    assert "How to use me" in restarted.last_text


async def test_english_telegram_app_gets_english(start_app: StartApp) -> None:
    client = (await start_app(language="en-GB")).client
    await client.send("/start")
    assert "I am not Gosuslugi" in client.last_text
    await client.click("Russian passport")
    assert "Step 1 of" in client.last_text and "Why you need a new passport" in client.last_text


async def test_commands_are_registered_in_both_languages(start_app: StartApp) -> None:
    client = (await start_app(admin_ids=(7, 8))).client
    bot, dispatcher = client.driver.bot, client.driver.dispatcher
    await dispatcher.emit_startup(bot=bot, **dispatcher.workflow_data)
    registered = [r for r in client.telegram.requests if isinstance(r, SetMyCommands)]
    lists = {
        (r.language_code, r.scope.chat_id if r.scope else None): {c.command: c.description for c in r.commands}
        for r in registered
    }
    assert set(lists) == {(language, chat) for language in (None, "en") for chat in (None, 7, 8)}
    by_language = {language: lists[(language, None)] for language in (None, "en")}
    assert by_language[None]["help"] == "Помощь и безопасность"
    assert by_language["en"]["help"] == "Help and safety"
    public = {
        *("start", "menu", "quiz", "help", "language", "settings", "cancel"),
        *("groups", "join", "homework", "pledge", "stats"),
        *("privacy", "mydata", "forget"),
    }
    assert set(by_language[None]) == set(by_language["en"]) == public, "/coordinators is for administrators only"
    for admin in (7, 8):
        assert set(lists[(None, admin)]) == set(lists[("en", admin)]) == public | {"coordinators"}
    assert lists[(None, 8)]["coordinators"] != lists[("en", 8)]["coordinators"], "in both languages"
    assert by_language["en"]["stats"] == "Statistics for coordinators"
    assert by_language["en"]["forget"] == "Delete everything about me"
    assert by_language[None]["settings"] == "Часовой пояс и напоминания"
    await dispatcher.emit_shutdown(bot=bot, **dispatcher.workflow_data)


async def test_the_summary_card_lists_each_thing_once_and_only_what_was_chosen(app: App, client: BotClient) -> None:
    await client.send("/start")
    await client.click("Учётная запись на Госуслугах")
    for label in ("Для себя", "Учётной записи ещё нет", "Дальше ➡️"):
        await client.click(label)
    await client.click("☐ Паспорт")  # ticked on one step; the MFC step lists the passport again
    for label in ("Дальше ➡️", "В МФЦ или центре обслуживания", "Дальше ➡️", "Дальше ➡️", "Дальше ➡️"):
        await client.click(label)
    step, card = (plain(s.text) for s in client.screens[-2:])
    assert "Ниже — памятка" in step, "the step says the card follows"
    assert "Ниже — памятка" not in card, "the card does not talk about itself"
    assert card.count("☑ Паспорт") == 1 and "☐ Паспорт\n" not in card, "once, ticked since it was ticked once"
    assert "Что подготовить и сделать:" in card
