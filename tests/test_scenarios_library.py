"""The whole scenario library: every path of every scenario walked to its end, and every fact sourced."""

from collections.abc import Iterator

import pytest

from bot.console.chat import plain
from bot.features.scenarios.journey import Progress
from bot.features.scenarios.models import Scenario
from bot.features.scenarios.validation import FACT, load_or_fail
from bot.features.scenarios.views import summary
from tests.conftest import I18N, SCENARIOS, TODAY, StartApp, content

CATALOG, _ = load_or_fail([SCENARIOS], today=TODAY, max_age_days=365)


def paths(scenario: Scenario) -> Iterator[list[tuple[str, int]]]:
    """Every way from the start to an end, as (step, button index) pairs."""

    def walk(step_id: str, way: list[tuple[str, int]]) -> Iterator[list[tuple[str, int]]]:
        step = scenario.steps[step_id]
        if step.end:
            yield way
        for index, target in enumerate(step.targets):
            yield from walk(target, [*way, (step_id, index)])

    yield from walk(scenario.start, [])


def label(scenario: Scenario, step_id: str, index: int) -> str:
    step = scenario.steps[step_id]
    return "Дальше ➡️" if step.next is not None else step.choices[index].label("ru")


@pytest.mark.parametrize("scenario", list(CATALOG), ids=lambda s: s.id)
async def test_every_path_reaches_its_end(start_app: StartApp, scenario: Scenario) -> None:
    """Generated from the scenario graph: one person per path, all talking to the same running bot."""
    app = await start_app()
    for person, way in enumerate(paths(scenario), start=2000):
        client = app.person(person)
        await client.send("/start")
        await client.click(scenario.title("ru"))
        for number, (step_id, index) in enumerate(way, start=1):
            assert f"Шаг {number} из" in client.last_text, way
            assert scenario.steps[step_id].title("ru") in client.last_text, way
            await client.click(label(scenario, step_id, index))
        assert "Последний шаг" in client.text, way
        assert client.last_text.startswith(f"📋 Памятка: {scenario.title('ru')}"), way


def test_every_scenario_has_more_than_one_path() -> None:
    for scenario in CATALOG:
        assert len(list(paths(scenario))) >= 2, f"{scenario.id} does not branch"


def test_every_fact_bearing_step_names_its_source_and_review_date() -> None:
    unsourced = [
        f"{scenario.id}.{step_id}"
        for scenario in CATALOG
        for step_id, step in scenario.steps.items()
        if any(FACT.search(step.text(locale)) for locale in ("ru", "en")) and not (step.sources and step.reviewed)
    ]
    assert unsourced == []


def test_every_scenario_has_its_quiz_questions() -> None:
    for scenario in CATALOG:
        assert len(scenario.quiz) >= 6, scenario.id
        assert all(sum(o.correct for o in q.options) == 1 for q in scenario.quiz)


def test_every_quiz_question_names_what_it_teaches() -> None:
    """The quiz screens show, after an answer, the sources of the steps a question teaches (the validator checks
    that a figure in an explanation has one)."""
    unnamed = [f"{s.id}.{q.id}" for s in CATALOG for q in s.quiz if not (q.teaches or q.sources)]
    assert unnamed == []


def test_the_summary_names_no_choice_the_way_cannot_tell() -> None:
    """Two options of «hack_msg» lead to the same step; the way does not say which was pressed, so neither is named."""
    catalog, _ = content(SCENARIOS)
    safety = catalog.get("safety")
    progress = Progress.land(safety, "hack_msg")
    progress.advance("safe")
    card = plain(summary(I18N("ru"), safety, progress))
    assert "Позвонил(а), но ничего не сказал(а)" not in card and "Я не звонил(а)" not in card
