"""What the bot keeps in memory per person is bounded: a process that served 100,000 people holds no more than one
that served a few thousand (bench/memory.py measures the process; these pin the bounds down)."""

import tracemalloc
from typing import Any

from aiogram.types import User as TelegramUser

from bot.core.database import CACHE_LIMIT, RowCache
from bot.core.throttle import SWEEP_EVERY, FloodGuard
from bot.features.scenarios.words import WORDS_REMEMBERED, Normalizer
from tests.conftest import StartApp
from tests.test_questions_unusual import Clock
from tests.test_scenarios_conversation import open_passport

MiB = 2**20


async def test_the_row_cache_holds_no_more_than_its_limit_however_many_people_came(start_app: StartApp) -> None:
    app = await start_app()
    app.database.cache = RowCache(limit=40)  # every transaction takes the database's cache as it starts
    people = [app.person(user_id) for user_id in range(5000, 5030)]
    for person in people:
        await person.send("/menu")
    assert len(app.database.cache._rows) == 40
    await people[0].send("/menu")
    assert "Выберите, что нужно сделать" in people[0].last_text, "the first person, read back from disk"


def _kept(make: Any) -> int:
    """Bytes still allocated by `make()` while its result lives."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        result = make()
        kept = tracemalloc.get_traced_memory()[0] - before
        del result
        return kept
    finally:
        tracemalloc.stop()


def test_a_full_row_cache_costs_a_few_megabytes() -> None:
    """Filled the way /start fills it: each person's record, their place in a scenario, and "not opened" marks."""

    def fill() -> RowCache:
        cache = RowCache()
        for user_id in range(10**9, 10**9 + CACHE_LIMIT):
            if user_id % 3 == 0:
                cache.put(("user", user_id), (user_id, "ru", "passport", None, f"Имя{user_id}", None, None))
            elif user_id % 3 == 1:
                cache.put(("progress", user_id, "passport"), ("passport", "s2", "3", '["s1"]', "{}"))
            else:
                cache.put(("progress", user_id, "doctor"), cache.MISSING)
        return cache

    assert _kept(fill) < 2.5 * MiB


def test_the_searchs_word_caches_filled_cost_a_few_megabytes() -> None:
    """Typed questions bring words without end (typos, names): the readings remembered for them are bounded."""
    normalizer = Normalizer()
    dictionary = normalizer._morph.dictionary.words.iterkeys()
    words = [word for word, _ in zip(dictionary, range(WORDS_REMEMBERED * 2), strict=False) if len(word) > 2]
    normalizer.terms(" ".join(words[:10]), "ru")  # pymorphy3's first parses load what it keeps anyway

    def fill() -> None:
        for word in words:
            normalizer.candidates(word, "ru")
            normalizer.in_dictionary(word, "ru")

    assert _kept(fill) < 6 * MiB  # 5.2 MiB with 10,000 words each; 50,000 held 23 MiB
    assert normalizer.candidates.cache_info().currsize == WORDS_REMEMBERED


async def test_ten_thousand_people_in_the_flood_guard_cost_little() -> None:
    """Every person who wrote in the last 10 seconds is remembered until the sweep (SWEEP_EVERY people)."""
    guard = FloodGuard(clock=Clock())

    async def handler(event: object, data: dict[str, Any]) -> None:
        pass

    async def serve() -> FloodGuard:
        for user_id in range(10**9, 10**9 + SWEEP_EVERY):
            sender = TelegramUser(id=user_id, is_bot=False, first_name="A")
            await guard(handler, object(), {"event_from_user": sender})  # type: ignore[arg-type]
        return guard

    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        await serve()
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(guard._recent) == SWEEP_EVERY
    assert kept < 2.5 * MiB  # a deque per person (760 bytes empty) made it 7.8 MiB


async def test_a_forgotten_person_leaves_nothing_in_the_row_cache(start_app: StartApp) -> None:
    app = await start_app(user_id=1001)
    client, other = app.client, app.person(2002)
    await open_passport(client)
    await other.send("/start")
    assert any(key[1] == 1001 for key in app.database.cache._rows)
    await client.send("/forget")
    await client.click("🗑 Да, удалить всё")
    assert not any(key[1] == 1001 for key in app.database.cache._rows)
    assert any(key[1] == 2002 for key in app.database.cache._rows), "nobody else is dropped"
