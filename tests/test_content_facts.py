"""Facts the real scenarios must state, each pinned after a review or a fact check found it wrong or missing.

The scenarios load with the project's own loader, as the bot loads them; every test reads the texts (both languages)
and the sources people see. Facts and sources: shared/facts/gosuslugi-facts.md; how to cite: docs/authoring.md.
"""

import re
from collections.abc import Iterator

from bot.features.scenarios.models import Scenario, Source, Step
from bot.features.scenarios.validation import load_or_fail
from tests.conftest import SCENARIOS, TODAY

CATALOG, _ = load_or_fail([SCENARIOS], today=TODAY, max_age_days=365)


def scenario(scenario_id: str) -> Scenario:
    found = CATALOG.get(scenario_id)
    assert found is not None, scenario_id
    return found


def step(scenario_id: str, step_id: str) -> Step:
    return scenario(scenario_id).steps[step_id]


def ru(item: Step) -> str:
    return item.text("ru")


def en(item: Step) -> str:
    return item.text("en")


def texts(found: Scenario) -> Iterator[tuple[str, str, str]]:
    """(key, Russian, English) for every text a person reads in a scenario: steps, their buttons and lists, the quiz."""
    for step_id, item in found.steps.items():
        yield f"steps.{step_id}.text", item.text("ru"), item.text("en")
        for part in (*item.checklist, *(choice.label for choice in item.choices)):
            yield f"steps.{step_id}", part("ru"), part("en")
    for question in found.quiz:
        yield f"quiz.{question.id}.question", question.question("ru"), question.question("en")
        yield f"quiz.{question.id}.explanation", question.explanation("ru"), question.explanation("en")
        for option in question.options:
            yield f"quiz.{question.id}.options", option.text("ru"), option.text("en")


def all_texts() -> Iterator[tuple[str, str, str]]:
    for found in CATALOG:
        for key, text_ru, text_en in texts(found):
            yield f"{found.id}:{key}", text_ru, text_en


def all_sources() -> Iterator[tuple[str, Source]]:
    for found in CATALOG:
        for step_id, item in found.steps.items():
            for source in item.sources:
                yield f"{found.id}:steps.{step_id}", source
        for question in found.quiz:
            for source in question.sources:
                yield f"{found.id}:quiz.{question.id}", source


def said(found: Scenario) -> Iterator[tuple[str, str, str]]:
    """Step texts and quiz explanations: where a scenario states its facts (button labels only name them)."""
    for step_id, item in found.steps.items():
        yield f"steps.{step_id}", item.text("ru"), item.text("en")
    for question in found.quiz:
        yield f"quiz.{question.id}", question.explanation("ru"), question.explanation("en")


# 15. A traffic fine: the 60 days to pay run from the day the ruling takes legal effect (KoAP art. 32.2 part 1), not
# from the ruling; the 30 days of the 25% discount run from the day the ruling was made.
def test_the_60_days_for_a_fine_run_from_the_day_the_ruling_takes_legal_effect() -> None:
    stated = 0
    for key, text_ru, text_en in said(scenario("payments")):
        if "60 дней" in text_ru or "60 days" in text_en:
            stated += 1
            assert "вступ" in text_ru and "в законную силу" in text_ru, key
            assert "takes legal effect" in text_en or "took legal effect" in text_en, key
    assert "60 дней" in ru(step("payments", "fine_full")) and stated >= 3


def test_the_30_days_of_the_discount_run_from_the_day_of_the_ruling() -> None:
    stated = 0
    for key, text_ru, text_en in said(scenario("payments")):
        if "30 дней" in text_ru or "30 days" in text_en:
            stated += 1
            assert "вынес" in text_ru and "постановлени" in text_ru, key
            assert "ruling was made" in text_en or "day of the ruling" in text_en, key
    assert stated >= 4


def test_the_fine_steps_ask_for_the_date_of_the_ruling() -> None:
    first = step("payments", "fine_age")
    assert "постановлени" in ru(first) and "ruling" in en(first)


# 16. E-mail: the three official senders by name, not "any address at gosuslugi.ru, or a word with a dot before it".
SENDERS = ("no-reply@gosuslugi.ru", "no-reply@pos.gosuslugi.ru", "no-reply@dom.gosuslugi.ru")


def test_the_email_steps_name_the_three_official_senders() -> None:
    for step_id in ("email", "email_ok", "email_fake", "memo"):
        item = step("safety", step_id)
        for sender in SENDERS:
            assert sender in ru(item) and sender in en(item), (step_id, sender)
    question = next(q for q in scenario("safety").quiz if q.id == "email_address")
    assert all(sender in question.explanation("ru") for sender in SENDERS)


def test_no_text_lets_any_address_on_the_domain_pass() -> None:
    for key, text_ru, text_en in all_texts():
        assert "слово с точкой" not in text_ru and "a word and a dot" not in text_en, key
        assert "адрес на gosuslugi.ru" not in text_ru.lower() and "адресов на gosuslugi.ru" not in text_ru, key
        assert "address at gosuslugi.ru" not in text_en.lower() and "addresses at gosuslugi.ru" not in text_en, key


# 17. Max: Gosuslugi's only messenger, where it only sends notifications through its official bot, never chats and
# never asks for a code; named in the safety and the account scenarios. No "diagnostics" of an account by phone, no
# apps or screen sharing because a caller asks; after money is lost, have the cards blocked and warn the family.
def test_in_max_gosuslugi_only_sends_notifications_through_its_official_bot() -> None:
    item = step("safety", "chat_max")
    assert "Правила те же" not in ru(item) and "rules are the same" not in en(item)
    assert "Max" in ru(item) and "официальн" in ru(item) and "бот" in ru(item) and "уведомлени" in ru(item)
    assert "Max" in en(item) and "official bot" in en(item) and "notifications" in en(item)
    assert "не переписываются" in ru(item) and "код" in ru(item)
    assert "never chats" in en(item) and "code" in en(item)


def test_the_account_scenario_names_max_and_its_official_bot() -> None:
    for step_id in ("protect", "rel_safety"):
        item = step("account", step_id)
        assert "Max" in ru(item) and "официальн" in ru(item) and "бот" in ru(item), step_id
        assert "Max" in en(item) and "official bot" in en(item), step_id


def test_gosuslugi_runs_no_diagnostics_of_an_account_by_phone() -> None:
    for step_id in ("call_gu", "memo"):
        item = step("safety", step_id)
        assert "не проводят «диагностику» учётной записи по телефону" in ru(item), step_id
        assert "diagnostics" in en(item), step_id


def test_no_apps_and_no_screen_sharing_because_a_caller_asks() -> None:
    for step_id in ("call_gu", "call_sec", "memo"):
        item = step("safety", step_id)
        assert "не устанавливайте" in ru(item).lower() and "экран" in ru(item), step_id
        assert "install" in en(item) and "screen" in en(item), step_id


def test_after_money_is_lost_have_the_cards_blocked_and_warn_the_family() -> None:
    for scenario_id, step_id in (("safety", "paid"), ("payments", "scam_help")):
        item = step(scenario_id, step_id)
        assert "заблокировать карт" in ru(item) and "родн" in ru(item), step_id
        assert "block" in en(item) and "card" in en(item) and "family" in en(item), step_id


# 18. «Обычно для входа хватает пароля» contradicted the two-factor login the cited page describes.
def test_no_text_says_a_password_alone_is_enough_to_log_in() -> None:
    for key, text_ru, text_en in all_texts():
        assert "хватает пароля" not in text_ru, key
        assert "password is enough" not in text_en.lower(), key
    item = step("safety", "p_2fa")
    assert "Профиль → Безопасность → Вход в систему" in ru(item), "where the cited page says to check it"


# 19. The pension scam steps give the Social Fund's own free line, to check by dialling it yourself.
def test_the_pension_scam_steps_give_the_social_funds_free_line() -> None:
    for scenario_id, step_id in (("pension", "scam_call"), ("safety", "call_pens")):
        item = step(scenario_id, step_id)
        assert "8 800 100-00-01" in ru(item) and "8 800 100-00-01" in en(item), step_id
        assert any("8 800 100-00-01" in source.title for source in item.sources), step_id


# 20. Legal sources: a citation opens the article's own page, not the contents page of a whole code where the figure
# cannot be found; the Dzen post with a pre-2024 fee and the Sib.fm article are gone.
def test_no_source_is_the_dzen_post_or_the_sib_fm_article() -> None:
    for key, source in all_sources():
        host = (source.url.host or "").lower()
        assert host != "dzen.ru" and not host.endswith(".dzen.ru"), (key, str(source.url))
        assert host != "sib.fm" and not host.endswith(".sib.fm"), (key, str(source.url))


def test_no_legal_source_is_the_contents_page_of_a_whole_code() -> None:
    for key, source in all_sources():
        host, path = (source.url.host or "").lower(), source.url.path or "/"
        if host == "consultant.ru" or host.endswith(".consultant.ru"):
            assert re.fullmatch(r"/document/cons_doc_LAW_\d+/?", path) is None, (key, str(source.url))
        if host == "garant.ru" or host.endswith(".garant.ru"):
            assert re.fullmatch(r"/\d+/?", path) is None, (key, str(source.url))


def test_every_passport_fee_still_cites_an_official_page() -> None:
    for scenario_id in ("passport", "zagran"):
        for step_id, item in scenario(scenario_id).steps.items():
            if "₽" in ru(item):
                assert any(source.official for source in item.sources), (scenario_id, step_id)


# 21. The passport: the 90 days (to apply at 14, 20 and 45; the old passport's validity at 20 and 45) and the time to
# issue it, stated again, resting on the Government's regulation on the passport, not only on news.
def regulation(item: Step) -> list[Source]:
    return [source for source in item.sources if "№ 2267" in source.title and source.official]


def test_the_passport_at_20_and_45_states_its_90_days_with_the_regulation() -> None:
    item = step("passport", "age")
    assert "в течение 90 дней после дня рождения" in ru(item) and "не дольше 90 дней" in ru(item)
    assert "within 90 days after your birthday" in en(item) and "no longer than 90 days" in en(item)
    assert "вскоре" not in ru(item) and "не дольше этого срока" not in ru(item)
    assert regulation(item)


def test_the_first_passport_states_its_90_days_with_the_regulation() -> None:
    item = step("passport", "first14")
    assert "90 дней" in ru(item) and "90 days" in en(item) and regulation(item)


def test_the_passport_steps_state_the_time_to_issue_it_with_the_regulation() -> None:
    for step_id in ("online_visit", "office_visit"):
        item = step("passport", step_id)
        assert "5 рабочих дней" in ru(item) and "5 working days" in en(item), step_id
        assert regulation(item), step_id


def test_the_passport_quiz_teaches_the_90_days() -> None:
    for question_id in ("deadline", "old_valid"):
        question = next(q for q in scenario("passport").quiz if q.id == question_id)
        right = next(option for option in question.options if option.correct)
        assert "90" in right.text("ru") and "90" in question.explanation("ru"), question_id
        assert "90" in right.text("en") and "90" in question.explanation("en"), question_id
