"""Typed questions find the right life situation: accuracy over realistic queries, and the conversation."""

from typing import Any

import pytest
import yaml

from bot.content.validation import load_or_fail
from bot.search import SearchIndex
from tests.conftest import DATA, SCENARIOS, TODAY, BotClient, content

QUERIES: dict[str, list[list[str]]] = yaml.safe_load((DATA / "search_queries.yaml").read_text(encoding="utf-8"))
ACCURACY: dict[str, Any] = {}  # read by the terminal summary in conftest


def index() -> SearchIndex:
    return content(SCENARIOS)[1]


@pytest.mark.parametrize("locale", ["ru", "en"])
def test_search_accuracy(locale: str) -> None:
    queries = QUERIES[locale]
    top1 = top3 = 0
    misses = []
    for query, expected in queries:
        found = [match.scenario.id for match in index().search(query, locale)]
        top1 += found[:1] == [expected]
        top3 += expected in found
        if expected not in found:
            misses.append(f"{query!r} → {found} (expected {expected})")
    ACCURACY[locale] = (len(queries), top1 / len(queries), top3 / len(queries), misses)
    assert top3 / len(queries) >= 0.9, misses


def test_the_query_set_covers_every_scenario() -> None:
    assert len(QUERIES["ru"]) >= 60
    catalog, _ = load_or_fail([SCENARIOS], today=TODAY, max_age_days=365)
    for locale in ("ru", "en"):
        assert {expected for _, expected in QUERIES[locale]} == {scenario.id for scenario in catalog}


def test_nonsense_finds_nothing() -> None:
    assert index().search("абырвалг", "ru") == []
    assert index().search("", "ru") == []
    assert index().search("15.12", "ru") == [], "numbers alone say nothing about a situation"


def test_a_question_lands_on_the_step_it_is_about() -> None:
    best = index().search("потеряла паспорт", "ru")[0]
    assert (best.scenario.id, best.step_id) == ("passport", "lost")


async def test_typed_question_offers_matches_and_opens_the_step(client: BotClient) -> None:
    await client.send("потеряла паспорт что делать")
    assert "Вот что я нашёл" in client.last_text
    assert client.buttons()[0] == "Паспорт РФ — получение и замена: Паспорт потерян или украден"
    await client.click("Паспорт потерян или украден")
    assert "Паспорт потерян или украден" in client.last_text
    assert "Шаг 2 из" in client.last_text, "landing mid-way still counts the steps before it"
    await client.click("⬅️ Назад")
    assert "Почему меняете паспорт" in client.last_text


async def test_nothing_found_is_said_honestly(client: BotClient) -> None:
    await client.send("абырвалг")
    assert "не нашёл" in client.last_text
    assert any("Паспорт РФ" in label for label in client.buttons()), "the menu is offered instead"


def test_weak_matches_are_left_out() -> None:
    assert [m.scenario.id for m in index().search("как записаться к врачу", "ru")] == ["doctor"]


def test_a_word_in_the_other_language_is_still_found() -> None:
    assert "safety" in [m.scenario.id for m in index().search("scam", "ru")]
    assert [m.scenario.id for m in index().search("пенсия", "en")][:1] == ["pension"]
