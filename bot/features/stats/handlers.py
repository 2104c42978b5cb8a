"""/stats for coordinators and administrators: figures per period, a chart, a CSV file and the yearly goals.

Who may see what is decided on every update, on the server: a button kept from the days someone was a coordinator,
or a forged one, does nothing.
"""

import asyncio
from datetime import datetime
from typing import Any

from aiogram import Bot, Router
from aiogram.filters import Command, Filter
from aiogram.types import BufferedInputFile, CallbackQuery, Message, TelegramObject

from bot.core.config import Settings
from bot.core.i18n import Translator
from bot.core.people import Repo, User
from bot.core.screens import Screen, chat_of, show, show_in_place
from bot.core.spreadsheet import file_name
from bot.features.scenarios.validation import Catalog
from bot.features.stats.buttons import GoalCb, StatsCb
from bot.features.stats.files import chart_png, figures_csv, members_csv
from bot.features.stats.repo import Scope
from bot.features.stats.rules import (
    INDICATORS,
    PERIODS,
    Goal,
    chart_weeks,
    member_results,
    parse_target,
    period,
    stamp,
    zone_of,
)
from bot.features.stats.views import ask_target, chart_text, goals, stats

TARGET = "stats-target:"


async def scope_of(user: User, repo: Repo, settings: Settings) -> Scope | None:
    """Administrators see everybody, coordinators the people of their groups, anyone else nothing."""
    if user.id in settings.admin_ids:
        return Scope()
    if await repo.stats.is_coordinator(user.id):
        return Scope(user.id)
    return None


async def too_few(scope: Scope, repo: Repo, settings: Settings) -> bool:
    """Figures about a coordinator's people are shown only when their groups have STATS_MIN_PEOPLE or more: in a
    smaller one each figure is about someone the coordinator can name."""
    return not scope.everybody and await repo.stats.people_in(scope) < settings.stats_min_people


class Viewer(Filter):
    """Passes administrators, and coordinators whose groups are large enough, handing the handler their scope;
    `small=True` passes the coordinators of groups too small to be shown figures instead."""

    def __init__(self, *, small: bool = False) -> None:
        self.small = small

    async def __call__(
        self, event: TelegramObject, user: User, repo: Repo, settings: Settings
    ) -> dict[str, Any] | bool:
        scope = await scope_of(user, repo, settings)
        if scope is None or await too_few(scope, repo, settings) != self.small:
            return False
        return {"scope": scope}


class AwaitingTarget(Filter):
    async def __call__(self, message: Message, user: User) -> bool:
        return bool(user.awaiting and user.awaiting.startswith(TARGET) and message.text and message.text[0] != "/")


def local_now(user: User, settings: Settings) -> datetime:
    return datetime.now(zone_of(user.time_zone, settings.zone))


async def stats_screen(
    key: str, user: User, repo: Repo, t: Translator, catalog: Catalog, settings: Settings, scope: Scope
) -> Screen:
    shown = period(key, local_now(user, settings))
    report = await repo.stats.report(scope, shown)
    return stats(t, catalog, report, shown, await repo.stats.groups(scope), scope.everybody)


async def cmd_stats(
    message: Message,
    bot: Bot,
    user: User,
    repo: Repo,
    t: Translator,
    catalog: Catalog,
    settings: Settings,
    scope: Scope,
) -> None:
    await show(bot, user, message.chat.id, await stats_screen("w", user, repo, t, catalog, settings, scope))


async def stats_pressed(
    query: CallbackQuery,
    callback_data: StatsCb,
    bot: Bot,
    user: User,
    repo: Repo,
    t: Translator,
    catalog: Catalog,
    settings: Settings,
    scope: Scope,
) -> None:
    key, action = callback_data.period, callback_data.action
    if key not in PERIODS:
        return
    if action == "show":
        await show_in_place(query, bot, user, await stats_screen(key, user, repo, t, catalog, settings, scope))
    elif action == "chart":
        await send_chart(query, bot, user, repo, t, settings, scope)
    elif action == "csv":
        await send_csv(query, bot, user, repo, t, catalog, settings, scope, key)
    elif action == "goals":
        now = local_now(user, settings)
        progress = await repo.stats.goals(scope, user.id, now)
        await show_in_place(query, bot, user, goals(t, progress, now.year))


async def send_chart(
    query: CallbackQuery, bot: Bot, user: User, repo: Repo, t: Translator, settings: Settings, scope: Scope
) -> None:
    now = local_now(user, settings)
    weeks = chart_weeks(now)
    series = await repo.stats.weekly(scope, [stamp(monday) for monday in weeks], stamp(now))
    # Drawing takes a few hundred milliseconds of CPU: off the event loop, so other people's answers don't wait.
    png = await asyncio.to_thread(chart_png, chart_text(t), weeks, series)
    photo = BufferedInputFile(png, filename="stats.png")
    await bot.send_photo(chat_id=chat_of(query), photo=photo, caption=t("stats-chart-caption"))


async def send_csv(
    query: CallbackQuery,
    bot: Bot,
    user: User,
    repo: Repo,
    t: Translator,
    catalog: Catalog,
    settings: Settings,
    scope: Scope,
    key: str,
) -> None:
    now = local_now(user, settings)
    shown = period(key, now)
    # Side by side: on PostgreSQL the reads share the two read connections (SQLite's reader takes them in turn).
    report, results, people = await asyncio.gather(
        repo.stats.report(scope, shown), repo.stats.member_events(scope, shown.bounds), repo.stats.members(scope)
    )
    members = member_results(people, results)
    names = {"period": t(f"stats-period-{key}"), "date": f"{now:%d.%m.%Y}"}
    files = (
        ("figures", figures_csv(t, catalog, report)),
        ("members", members_csv(t, await repo.stats.groups(scope), members)),
    )
    for table, data in files:  # one table in each file: Excel sorts a sheet only when it holds one
        document = BufferedInputFile(data, filename=file_name(t(f"stats-csv-file-{table}", **names)))
        await bot.send_document(
            chat_id=chat_of(query), document=document, caption=t(f"stats-csv-caption-{table}", **names)
        )


async def goal_pressed(
    query: CallbackQuery, callback_data: GoalCb, bot: Bot, user: User, t: Translator, settings: Settings, scope: Scope
) -> None:
    if callback_data.indicator not in INDICATORS:
        return
    user.awaiting = TARGET + callback_data.indicator
    await show_in_place(query, bot, user, ask_target(t, callback_data.indicator, local_now(user, settings).year))


async def target_typed(
    message: Message, bot: Bot, user: User, repo: Repo, t: Translator, settings: Settings, scope: Scope
) -> None:
    indicator = (user.awaiting or "").removeprefix(TARGET)
    now = local_now(user, settings)
    target = parse_target(message.text or "")
    if indicator not in INDICATORS or target is None:
        await show(bot, user, message.chat.id, Screen(t("stats-goal-bad")))
        return
    user.awaiting = None
    repo.stats.set_target(user.id, indicator, now.year, target)
    # The write is applied after this handler: show the new target from what was typed, not from a read.
    progress = [
        Goal(goal.indicator, goal.reached, target) if goal.indicator == indicator else goal
        for goal in await repo.stats.goals(scope, user.id, now)
    ]
    saved = t("stats-goal-saved", name=t(f"stats-ind-{indicator}"), year=str(now.year), target=str(target))
    await show(bot, user, message.chat.id, goals(t, progress, now.year, notice=saved))


async def too_small(event: TelegramObject, bot: Bot, user: User, t: Translator, settings: Settings) -> None:
    chat_id = event.chat.id if isinstance(event, Message) else chat_of(event)  # type: ignore[arg-type]
    await show(bot, user, chat_id, Screen(t("stats-too-few", count=settings.stats_min_people)))


async def refused(message: Message, bot: Bot, user: User, t: Translator) -> None:
    await show(bot, user, message.chat.id, Screen(t("stats-refused")))


async def ignored(query: CallbackQuery) -> None:
    """A statistics button pressed by someone who may not see statistics: nothing happens, nothing is revealed."""


def create_router() -> Router:
    router = Router(name="stats")
    router.message.register(cmd_stats, Command("stats"), Viewer())
    router.message.register(too_small, Command("stats"), Viewer(small=True))
    router.message.register(refused, Command("stats"))
    router.callback_query.register(stats_pressed, StatsCb.filter(), Viewer())
    router.callback_query.register(goal_pressed, GoalCb.filter(), Viewer())
    router.callback_query.register(too_small, StatsCb.filter(), Viewer(small=True))
    router.callback_query.register(too_small, GoalCb.filter(), Viewer(small=True))
    router.callback_query.register(ignored, StatsCb.filter())
    router.callback_query.register(ignored, GoalCb.filter())
    router.message.register(target_typed, AwaitingTarget(), Viewer())
    return router
