"""Anything Telegram can deliver gets a short helpful answer or is ignored, never an error: other content than text,
groups and channels, floods, forged buttons and deep links."""

from datetime import UTC, datetime

from aiogram.methods import AnswerCallbackQuery, GetMe, LeaveChat, SendMessage
from aiogram.types import ChatMemberAdministrator, InlineKeyboardButton

from bot.console.emulator import Failure, FakeTelegram
from tests.conftest import App, BotClient, StartApp

FILE = {"file_id": "AgAD", "file_unique_id": "AQAD"}
USER = {"id": 1001, "is_bot": False, "first_name": "Анна"}
# Content of every kind a person can send in a private chat, as Bot API JSON, and the answer each gets.
CONTENT = {
    "photo": [{**FILE, "width": 640, "height": 480}],
    "sticker": {**FILE, "type": "regular", "width": 512, "height": 512, "is_animated": False, "is_video": False},
    "voice": {**FILE, "duration": 3},
    "video": {**FILE, "width": 640, "height": 480, "duration": 3},
    "video_note": {**FILE, "length": 240, "duration": 3},
    "audio": {**FILE, "duration": 3},
    "document": {**FILE, "file_name": "скан паспорта.pdf"},
    "animation": {**FILE, "width": 1, "height": 1, "duration": 1},
    "location": {"latitude": 55.75, "longitude": 37.62},
    "venue": {"location": {"latitude": 55.75, "longitude": 37.62}, "title": "МФЦ", "address": "Тверская, 1"},
    "contact": {"phone_number": "+79001234567", "first_name": "Иван"},
    "poll": {
        "id": "1",
        "question": "Да?",
        "options": [{"persistent_id": str(n), "text": text, "voter_count": 0} for n, text in enumerate(["Да", "Нет"])],
        "total_voter_count": 0,
        "is_closed": False,
        "is_anonymous": True,
        "type": "regular",
        "allows_multiple_answers": False,
        "allows_revoting": False,
        "members_only": False,
    },
    "dice": {"emoji": "🎲", "value": 3},
}
ANSWERS = {
    "photo": "Я понимаю только текст и кнопки",
    "voice": "Я понимаю только текст и кнопки",
    "video": "Я понимаю только текст и кнопки",
    "video_note": "Я понимаю только текст и кнопки",
    "audio": "Я понимаю только текст и кнопки",
    "document": "Я понимаю только текст и кнопки",
    "poll": "Я понимаю только текст и кнопки",
    "sticker": "🙂 Выберите, с чем помочь",
    "dice": "🙂 Выберите, с чем помочь",
    "animation": "🙂 Выберите, с чем помочь",
    "location": "Мне не нужно знать, где вы находитесь",
    "venue": "Мне не нужно знать, где вы находитесь",
    "contact": "Номера телефонов мне не нужны",
}


RIGHTS = [name for name, field in ChatMemberAdministrator.model_fields.items() if field.is_required()]
NO_RIGHTS = dict.fromkeys(RIGHTS, False)  # "status" and "user" are set after


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def group(kind: str = "group") -> dict:
    return {"id": -100123, "type": kind, "title": "5 «А»"}


def membership(chat: dict, old: str, new: str) -> dict:
    bot = FakeTelegram.ME.model_dump(exclude_none=True)
    return {
        "chat": chat,
        "from": USER,
        "date": datetime.now(UTC),
        "old_chat_member": {"status": old, "user": bot},
        "new_chat_member": {**(NO_RIGHTS if new == "administrator" else {}), "status": new, "user": bot},
    }


async def test_every_kind_of_content_gets_a_short_answer_and_the_menu(client: BotClient) -> None:
    assert set(CONTENT) == set(ANSWERS)
    await client.send("/start")
    for kind, content in CONTENT.items():
        await client.send_message(**{kind: content})
        assert ANSWERS[kind] in client.last_text, kind
        assert "Паспорт РФ — получение и замена" in client.buttons(), f"{kind}: the menu comes along"


async def test_the_answers_in_english(start_app: StartApp) -> None:
    client = (await start_app(language="en")).client
    await client.send_message(photo=CONTENT["photo"])
    assert "I understand only text and buttons" in client.last_text
    await client.send("👍🙏")
    assert "🙂 Pick what I can help with" in client.last_text


async def test_emoji_long_texts_forwards_and_edits(client: BotClient) -> None:
    await client.send("👍👍👍")
    assert client.last_text.startswith("🙂 Выберите, с чем помочь")
    await client.send("потеряла паспорт " * 240 + "а" * 16)  # 4,096 characters
    assert client.last_text.startswith("Сообщение очень длинное. Напишите вопрос коротко")
    origin = {"type": "user", "date": datetime.now(UTC), "sender_user": {"id": 5, "is_bot": False, "first_name": "X"}}
    await client.send_message(text="Госуслуги: ваш аккаунт заблокирован, назовите код", forward_origin=origin)
    assert client.last_text.startswith("Пересланные сообщения я не читаю")
    assert client.buttons()[0] == "Это правда Госуслуги?", "the scam checker comes first"
    await client.feed(edited_message={**client.driver.message(text="как записаться к врачу"), "edit_date": 1})
    assert client.replies == [], "an edited message is ignored"
    await client.send_message(pinned_message=client.driver.message(text="x"))
    assert client.replies == [], "a service message is ignored"


async def test_added_to_a_group_the_bot_says_where_it_works_and_leaves(app: App, client: BotClient) -> None:
    await client.feed(my_chat_member=membership(group(), "left", "member"))
    said, left = [r for r in client.replies if isinstance(r, SendMessage | LeaveChat)]
    assert isinstance(said, SendMessage) and said.chat_id == -100123
    assert said.text == (
        "Я работаю только в личных сообщениях, поэтому ухожу из этого чата. "
        "Напишите мне лично: https://t.me/timurovets_bot"
    )
    assert isinstance(left, LeaveChat) and left.chat_id == -100123
    assert await app.database.fetch_all("SELECT id FROM users") == [], "nobody's record is made for a group"


async def test_the_goodbye_is_in_the_language_of_whoever_added_the_bot(client: BotClient) -> None:
    change = membership(group("supergroup"), "left", "member")
    change["from"] = {**USER, "language_code": "en"}
    await client.feed(my_chat_member=change)
    (said,) = [r for r in client.replies if isinstance(r, SendMessage)]
    assert (
        said.text
        == "I only work in private messages, so I am leaving this chat. Write to me directly: https://t.me/timurovets_bot"
    )


async def test_a_channel_that_forbids_posting_is_left_all_the_same(client: BotClient, telegram: FakeTelegram) -> None:
    telegram.fail(SendMessage, Failure(400, "Bad Request: need administrator rights in the channel chat"))
    await client.feed(my_chat_member=membership(group("channel"), "left", "administrator"))
    assert [type(r) for r in client.replies if not isinstance(r, GetMe)] == [SendMessage, LeaveChat]


async def test_group_chatter_and_presses_get_no_answer(app: App, client: BotClient) -> None:
    for text in ["/start", "привет всем", "/help@timurovets_bot"]:
        await client.send_message(text=text, chat=group("supergroup"))
        assert client.replies == []
    message = client.driver.message(text="old", chat=group(), **{"from": FakeTelegram.ME.model_dump()})
    query = {"id": "77", "from": USER, "chat_instance": "g", "message": message, "data": "m1"}
    await client.feed(callback_query=query)
    assert [type(r) for r in client.replies] == [AnswerCallbackQuery], "a press is answered, nothing more"
    await client.feed(channel_post=client.driver.message(text="news", chat=group("channel")))
    assert client.replies == []
    assert await app.database.fetch_all("SELECT id FROM users") == []


async def test_a_flood_is_slowed_down_and_nobody_else_notices(start_app: StartApp) -> None:
    clock = Clock()
    app = await start_app(clock=clock)
    flooder, other = app.client, app.person(2002)
    for _ in range(20):
        await flooder.send("/menu")
        assert "Выберите, что нужно сделать" in flooder.last_text
        clock.now += 0.1
    await flooder.send("/menu")
    assert flooder.last_text == "Вы пишете очень часто, я не успеваю. Подождите минуту, и продолжим."
    await flooder.send("/menu")
    assert flooder.replies == [], "then ignored"
    await other.send("/menu")
    assert "Выберите, что нужно сделать" in other.last_text, "another person is served at once"
    clock.now += 59
    await press(flooder, "m1")  # a press during the pause is not even answered
    assert flooder.replies == []
    clock.now += 2
    await flooder.send("/menu")
    assert "Выберите, что нужно сделать" in flooder.last_text, "after a minute all is well again"


async def test_a_flood_of_presses_gets_the_notice_on_the_button(start_app: StartApp) -> None:
    clock = Clock()
    client = (await start_app(clock=clock, language="en")).client
    await client.send("/start")
    menu = client.driver.keyboard_message()
    for _ in range(20):
        await client.click("Russian passport", message=menu)
    (answer,) = [r for r in client.replies if isinstance(r, AnswerCallbackQuery)]
    assert answer.text == "You are writing very often and I cannot keep up. Please wait a minute, then we go on."
    assert answer.show_alert is True


async def test_spread_out_messages_are_never_slowed_down(start_app: StartApp) -> None:
    clock = Clock()
    client = (await start_app(clock=clock)).client
    for _ in range(60):
        await client.send("/menu")
        assert "Выберите, что нужно сделать" in client.last_text
        clock.now += 0.6  # 100 a minute, but never more than 17 in 10 seconds


async def press(client: BotClient, data: str) -> None:
    """Press a button carrying any data at all on the newest message with buttons."""
    message = client.driver.keyboard_message()
    await client._act(client.driver.press(message, InlineKeyboardButton(text="?", callback_data=data)))


async def test_forged_buttons_bring_the_menu_and_are_always_answered(client: BotClient) -> None:
    await client.send("/start")
    for data in [
        "\x00\xff\ufffd:::",  # random bytes
        "m2",  # a version the bot does not know
        "z9:passport",  # a prefix nobody uses
        "c1:passport:start:abc",  # not a number
        "c1:passport",  # parts missing
        "r1:passport:maybe",
        "x1:perhaps",
        "c1:nosuch:start:0",  # an unknown scenario
        "o1:nosuch",
        "c1:passport:nosuch:0",  # an unknown step
        "t1:passport:why:99",
        "l1:xx",  # an unknown language
        "j1:passport:nosuch",
        "b1:passport:why",
        "c1:" + "x" * 300,
    ]:
        await press(client, data)
        assert any(isinstance(r, AnswerCallbackQuery) for r in client.replies), data
        assert client.buttons(), data
    await press(client, "z9")
    assert client.notice == "Эта кнопка не действует. Вот меню."
    assert "Паспорт РФ — получение и замена" in client.buttons()
    await press(client, "v1:nosuch")  # a reminder for a scenario that does not exist: asked, nothing breaks
    assert "Когда у вас визит?" in client.last_text


async def test_another_persons_button_moves_nobody(app: App) -> None:
    anna, boris = app.client, app.person(2002)
    await anna.send("/start")
    await anna.click("Паспорт РФ")
    await anna.click("Паспорт испорчен")
    annas_next = next(b for row in anna.driver.keyboard_message().reply_markup.inline_keyboard for b in row)
    await boris.send("/start")
    await press(boris, annas_next.callback_data)
    assert boris.notice == "Эта кнопка уже не действует. Показываю, где вы сейчас."
    assert "Шаг 1 из" in boris.last_text, "Boris stays at the start of his own walk"


async def test_deep_links_of_any_kind_bring_the_menu(client: BotClient) -> None:
    links = ["/start abc", "/start " + "x" * 4000, "/start g_12345", "/start \x00\u202e", "/start@timurovets_bot q"]
    for text in links:
        await client.send(text)
        assert "Выберите, что нужно сделать" in client.last_text, text[:30]
