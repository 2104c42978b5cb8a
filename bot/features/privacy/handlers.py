"""/privacy: what the bot keeps and why; /mydata: all of it, as a message and a file; /forget: delete all of it."""

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.core.config import Settings
from bot.core.hooks import Hooks
from bot.core.i18n import I18n, Translator
from bot.core.people import Repo, User
from bot.core.screens import Screen, show, show_in_place
from bot.features.privacy.buttons import ForgetCb
from bot.features.privacy.views import forget_question, forgotten, my_data, my_data_file
from bot.features.scenarios.navigation import menu_screen
from bot.features.scenarios.validation import Catalog


async def cmd_privacy(message: Message, bot: Bot, user: User, t: Translator, settings: Settings) -> None:
    await show(bot, user, message.chat.id, Screen(t("privacy", min=settings.stats_min_people)))


async def cmd_mydata(
    message: Message, bot: Bot, user: User, repo: Repo, t: Translator, catalog: Catalog, settings: Settings
) -> None:
    data = await repo.privacy.everything(user.id)
    await show(bot, user, message.chat.id, Screen(my_data(t, data, catalog, settings.timezone)))
    if data:
        file = BufferedInputFile(my_data_file(data), filename="my-data.json")
        await bot.send_document(chat_id=message.chat.id, document=file, caption=t("privacy-mydata-caption"))


async def cmd_forget(message: Message, bot: Bot, user: User, repo: Repo, t: Translator) -> None:
    led = await repo.groups.led_by(user.id)
    await show(bot, user, message.chat.id, forget_question(t, len(led)))


async def forget_answered(
    query: CallbackQuery,
    callback_data: ForgetCb,
    bot: Bot,
    user: User,
    repo: Repo,
    t: Translator,
    catalog: Catalog,
    settings: Settings,
    i18n: I18n,
    hooks: Hooks,
) -> None:
    if not callback_data.sure:
        await show_in_place(query, bot, user, await menu_screen(t, user, repo, catalog, intro=t("privacy-forget-kept")))
        return
    successor = next((admin for admin in settings.admin_ids if admin != user.id), None)
    await hooks.fire(hooks.person_forgotten, repo, user.id)  # before the deletes: they read the person's rows
    result = await repo.privacy.forget(user.id, successor)
    repo.users.forgotten(user.id)
    i18n.forget_formatted()  # the texts it remembered may hold their first name or a help link
    await show_in_place(query, bot, user, Screen(forgotten(t, result)))


def create_router() -> Router:
    router = Router(name="privacy")
    router.message.register(cmd_privacy, Command("privacy"))
    router.message.register(cmd_mydata, Command("mydata"))
    router.message.register(cmd_forget, Command("forget"))
    router.callback_query.register(forget_answered, ForgetCb.filter())
    return router
