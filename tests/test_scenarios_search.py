"""Typed questions find the right life situation: accuracy over realistic queries, and the conversation."""

from typing import Any

import pytest
import yaml

from bench.search_quality import evaluate, heldout
from bot.features.scenarios.search import SearchIndex
from bot.features.scenarios.validation import load_or_fail
from tests.conftest import DATA, SCENARIOS, TODAY, App, BotClient, StartApp, content

QUERIES: dict[str, list[list[str]]] = yaml.safe_load((DATA / "search_queries.yaml").read_text(encoding="utf-8"))
OUT_OF_SCOPE: dict[str, list[str]] = yaml.safe_load((DATA / "search_out_of_scope.yaml").read_text(encoding="utf-8"))
ACCURACY: dict[str, Any] = {}  # read by the terminal summary in conftest
WRONGLY_MATCHED: dict[str, Any] = {}  # likewise


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


@pytest.mark.parametrize("locale", ["ru", "en"])
def test_questions_the_library_does_not_cover_find_nothing(locale: str) -> None:
    questions = OUT_OF_SCOPE[locale]
    wrong = [f"{q!r} → {found}" for q in questions if (found := [m.scenario.id for m in index().search(q, locale)])]
    WRONGLY_MATCHED[locale] = (len(questions), len(wrong) / len(questions), wrong)
    assert len(wrong) / len(questions) <= 0.1, wrong


def test_the_out_of_scope_set_is_large_enough() -> None:
    assert len(OUT_OF_SCOPE["ru"]) >= 40 and len(OUT_OF_SCOPE["en"]) >= 10
    assert not set(OUT_OF_SCOPE["ru"]) & {query for query, _ in QUERIES["ru"]}


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
    assert "Я пока не знаю ответа на этот вопрос" in client.last_text
    assert any("Паспорт РФ" in label for label in client.buttons()), "the menu is offered instead"


async def test_one_shared_word_is_not_an_answer(app: App, client: BotClient) -> None:
    await client.send("записаться к парикмахеру")
    assert "Я пока не знаю ответа на этот вопрос" in client.last_text
    assert "Поддержка Госуслуг: 115 и 8 800 100-70-10" in client.last_text
    assert "Источник: ТАСС со ссылкой на МВД России, 26.11.2025" in client.last_text
    assert "Вот что я нашёл" not in client.text
    assert client.buttons()[:2] == ["Учётная запись на Госуслугах", "Паспорт РФ — получение и замена"]
    await client.send("справка об инвалидности")
    await client.send("какая завтра погода")
    assert "Я пока не знаю ответа на этот вопрос" in client.last_text
    expected = [("search_miss", "записаться"), ("search_miss", "справка"), ("search_miss", None)]
    assert await misses(app) == expected, "counted by a library word, never by the text"


async def test_i_dont_know_in_english(start_app: StartApp) -> None:
    app = await start_app(language="en")
    await app.client.send("how much is bitcoin")
    assert "I don't know the answer to this question yet" in app.client.last_text
    assert "Gosuslugi support: 115 and 8 800 100-70-10" in app.client.last_text
    assert "Russian passport — first one and replacement" in app.client.buttons()
    assert [kind for kind, _ in await misses(app)] == ["search_miss"]


async def test_a_question_found_is_not_counted_as_missed(app: App, client: BotClient) -> None:
    await client.send("как записаться к врачу")
    assert "Вот что я нашёл" in client.last_text
    assert await misses(app) == []


@pytest.mark.parametrize("greeting", ["привет", "Здравствуйте!", "добрый день", "Доброе утро"])
async def test_a_greeting_gets_a_greeting_and_the_menu(app: App, client: BotClient, greeting: str) -> None:
    await client.send(greeting)
    assert client.last_text.startswith("Здравствуйте! Я помогаю разобраться с Госуслугами.")
    assert "Паспорт РФ — получение и замена" in client.buttons()
    assert await misses(app) == []


async def test_thanks_get_a_kind_word(client: BotClient) -> None:
    await client.send("Спасибо большое!")
    assert client.last_text.startswith("Пожалуйста! Рад помочь.")
    await client.click("🏠 Меню")
    assert "Выберите, что нужно сделать" in client.last_text


async def test_greeting_and_thanks_in_english(start_app: StartApp) -> None:
    client = (await start_app(language="en")).client
    await client.send("hi")
    assert client.last_text.startswith("Hello! I help with Gosuslugi.")
    await client.send("thank you very much")
    assert client.last_text.startswith("You're welcome!")


async def test_a_greeting_with_a_question_is_searched(client: BotClient) -> None:
    await client.send("привет, потеряла паспорт")
    assert "Вот что я нашёл" in client.last_text


async def misses(app: App) -> list[tuple]:
    rows = await app.database.transaction().fetch_all("SELECT kind, ref FROM events WHERE kind = 'search_miss'")
    return [tuple(row) for row in rows]


def test_weak_matches_are_left_out() -> None:
    assert [m.scenario.id for m in index().search("как записаться к врачу", "ru")] == ["doctor"]


def test_a_word_in_the_other_language_is_still_found() -> None:
    assert "safety" in [m.scenario.id for m in index().search("scam", "ru")]
    assert [m.scenario.id for m in index().search("пенсия", "en")][:1] == ["pension"]


# The tuning list: the questions of the search issue and others written for tuning. The search was tuned on these
# (and on search_queries.yaml / search_out_of_scope.yaml), never on tests/data/search_heldout.yaml.
# (question, scenario, step or None where any step will do)
ISSUE_EXAMPLES = [
    ("внуку 14 лет нужен паспорт", "passport", "first14"),
    ("штраф за парковку", "payments", None),
    ("записаться к окулисту", "doctor", None),
    ("госуслуги не пускают", "safety", "h_out"),
    ("как подтвердить учетку", "account", "confirm_way"),
    ("как зарегистрироваться на госуслугах", "account", "register"),
    ("забыла пароль", "safety", "h_out"),
]
TUNING = [
    *ISSUE_EXAMPLES,
    ("сыну исполнилось 14 нужен паспорт", "passport", "first14"),
    ("штраф за неправильную парковку оплатить", "payments", None),
    ("штраф за парковку со скидкой", "payments", None),
    ("записаться к кардиологу", "doctor", None),
    ("к глазному врачу записаться", "doctor", None),
    ("не могу войти в госуслуги", "safety", "h_out"),
    ("забыл пароль от госуслуг", "safety", "h_out"),
    ("как восстановить пароль", "safety", "h_out"),
    ("подтвердить учётку в мфц", "account", "mfc_prepare"),
    ("учетка не подтверждена", "account", None),
    ("регистрация на госуслугах для пенсионера", "account", "register"),
    ("мама просит сделать ей госуслуги", "account", "rel_rules"),
    ("дочке 5 лет нужен загранпаспорт", "zagran", "child_how"),
    # long questions with words of their own around a phrase the library knows
    ("соседка говорит надо вызвать врача на дом а как это", "doctor", "home"),
    ("дочь говорит поставь самозапрет на кредиты как это сделать", "safety", "p_loans"),
    ("пришло письмо заплатить налог на имущество за гараж", "payments", "tax"),
    ("зять советует подтвердить учетную запись в мфц а зачем", "account", None),
    ("вчера звонили из пенсионного фонда и просили код из смс", "pension", "scam_call"),
    ("в электричке украли сумку вместе с паспортом", "passport", "lost"),
]
TUNING_OUT_OF_SCOPE = [
    "где оставить машину на парковке",
    "какой пароль от вайфая",
    "как зарегистрироваться в одноклассниках",
    pytest.param(
        "как подтвердить номер в вотсапе",
        marks=pytest.mark.xfail(strict=True, reason="«вотсап» and «номер» are the scam scenario's words: a near miss"),
    ),
    "внук не звонит",
    "как забыть плохое",
    "хочу записаться к парикмахеру на стрижку в субботу",
    "как перевести деньги на карту сбербанка дочке",
    "где купить карту для проезда в автобусе",
    "сломался телефон и не работает ватсап",
    "помогите выбрать новый телевизор на дачу",
    "соседка говорит что пенсию прибавят с нового года",
]


ISSUE_IDS = [
    "grandson-14-passport",
    "parking-fine",
    "oculist",
    "wont-let-me-in",
    "confirm-uchetka",
    "register",
    "forgot",
]


@pytest.mark.parametrize(("question", "scenario", "step"), ISSUE_EXAMPLES, ids=ISSUE_IDS)
def test_an_example_of_the_issue_lands_right(question: str, scenario: str, step: str | None) -> None:
    best = index().search(question, "ru")[0]
    assert best.scenario.id == scenario
    if step:
        assert best.step_id == step


def test_a_forgotten_password_leads_to_getting_back_in() -> None:
    """The account scenario has no step on a forgotten password; the safety scenario's «Как вернуть доступ» is the
    library's password recovery (the login page's recovery, the bank's app, support, a service centre)."""
    account = content(SCENARIOS)[0].get("account")
    assert account and not any("пароль" in step.title("ru").lower() for step in account.steps.values()), (
        "the account scenario has a password step now: «забыла пароль» should land there"
    )
    for question in ("забыла пароль", "забыл пароль от госуслуг", "госуслуги не пускают"):
        best = index().search(question, "ru")[0]
        assert (best.scenario.id, best.step_id) == ("safety", "h_out"), question


@pytest.mark.parametrize(("question", "scenario", "step"), TUNING)
def test_a_tuning_question_finds_its_scenario_and_step(question: str, scenario: str, step: str | None) -> None:
    found = [(match.scenario.id, match.step_id) for match in index().search(question, "ru")]
    assert found, f"{question!r} found nothing"
    assert found[0][0] == scenario, found
    if step:
        assert found[0][1] == step, found


@pytest.mark.parametrize("question", TUNING_OUT_OF_SCOPE)
def test_a_tuning_question_out_of_scope_finds_nothing(question: str) -> None:
    assert index().search(question, "ru") == []


def test_registering_offers_the_adults_way_before_the_teenagers() -> None:
    best = index().search("как зарегистрироваться на госуслугах", "ru")[0]
    assert (best.scenario.id, best.step_id) == ("account", "register"), "an adult asking is not sent to the teen's path"


# Floors on the held-out set (tests/data/search_heldout.yaml; docs/search-quality.md): the figures measured when the
# search change was finished, as counts. Never raise them by tuning on that set; a change that lowers them must say
# why in docs/search-quality.md.
HELDOUT_TOP1 = 68  # of 80 in-scope questions: the expected scenario is the first offered (85%)
HELDOUT_STEP = 23  # of the 40 that name a step: landed there (57%)
HELDOUT_REFUSED = 44  # of 45 out-of-scope questions: «Я пока не знаю» (98%)


def test_the_held_out_rates_stay_at_their_floors() -> None:
    quality = evaluate(index())
    print("\n".join(["", "held-out search quality:", *quality.lines()]))  # shown with -s
    assert (quality.in_scope, quality.with_step, quality.out_of_scope) == (80, 40, 45), "the set changed: re-measure"
    assert quality.top1 >= HELDOUT_TOP1, quality.misses
    assert quality.step_right >= HELDOUT_STEP, quality.wrong_steps
    assert quality.refused >= HELDOUT_REFUSED, quality.wrongly_matched


def test_the_held_out_set_is_large_and_apart_from_the_tuning_questions() -> None:
    data = heldout()
    questions = [item["q"] for item in data["in_scope"]] + data["out_of_scope"]
    assert len(data["in_scope"]) >= 60 and len(data["out_of_scope"]) >= 40
    assert len(set(questions)) == len(questions)
    tuning = {question for question, _, _ in TUNING} | {
        q if isinstance(q, str) else q.values[0] for q in TUNING_OUT_OF_SCOPE
    }
    tuning |= {question for question, _ in QUERIES["ru"]} | set(OUT_OF_SCOPE["ru"])
    assert not set(questions) & tuning
    catalog = content(SCENARIOS)[0]
    for item in data["in_scope"]:
        scenarios = [item["scenario"]] if isinstance(item["scenario"], str) else item["scenario"]
        steps = [item["step"]] if isinstance(item.get("step"), str) else item.get("step", [])
        assert all(catalog.get(scenario) for scenario in scenarios), item
        assert all(any(step in catalog.get(scenario).steps for scenario in scenarios) for step in steps), item
