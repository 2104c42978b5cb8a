"""Every validator rule, each on a small broken copy of a scenario: the exact file, key and reason."""

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from bot.features.scenarios.validation import FEE_OR_DEADLINE, ContentError, load_catalog, load_or_fail
from tests.conftest import DATA, ROOT, SCENARIOS, TODAY

SHORT = (DATA / "short.yaml").read_text(encoding="utf-8")


def problems_of(tmp_path: Path, text: str, name: str = "broken.yaml", today: date = TODAY) -> list[str]:
    file = tmp_path / name
    file.write_text(text, encoding="utf-8")
    _, problems = load_catalog([file], today=today, max_age_days=365)
    return [str(p) for p in problems]


def broken(*edits: tuple[str, str]) -> str:
    text = SHORT
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def test_the_library_is_valid() -> None:
    catalog, problems = load_or_fail([SCENARIOS], today=TODAY, max_age_days=365)
    assert problems == []
    assert len(catalog) >= 1


def test_the_small_test_scenario_is_valid(tmp_path: Path) -> None:
    assert problems_of(tmp_path, SHORT) == []


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        ((("next: two", "next: tow"),), "steps.one.next: unknown step 'tow'"),
        ((("start: one", "start: zero"),), "start: unknown step 'zero'"),
        (
            (("next: two", "next: three"),),
            "steps.two: unreachable: no way leads here from the start step 'one'",
        ),
        (
            (("    next: three\n", ""),),
            "steps.two: a step needs exactly one way forward: 'choices', 'next' or 'end: true'",
        ),
        (
            (("    next: three\n", "    next: three\n    end: true\n"),),
            "steps.two: a step has more than one way forward: keep only one of 'choices', 'next', 'end'",
        ),
        (
            (("text: {ru: Начало., en: The start.}", "text: {ru: Начало.}"),),
            "steps.one.text.en: missing translation (en)",
        ),
        (
            (("title: {ru: Первый, en: First}", "title: {ru: '', en: First}"),),
            "steps.one.title.ru: missing translation (ru)",
        ),
        ((("    end: true\n", "    next: one\n"),), "steps.one: leads back to itself (one → two → three → one)"),
        ((("id: short", "id: Short-One"),), "id: an id may use only lowercase latin letters, digits and _"),
        ((("    next: two\n", "    next: two\n    nxet: three\n"),), "steps.one.nxet: unknown key (a typo?)"),
        (
            (("text: {ru: Начало., en: The start.}", "text: {ru: Начало., en: no}"),),
            "steps.one.text.en: should be text; put it in quotes",
        ),
    ],
)
def test_structure_rules(tmp_path: Path, edits: tuple[tuple[str, str], ...], expected: str) -> None:
    found = problems_of(tmp_path, broken(*edits))
    assert any(p.startswith(f"{tmp_path / 'broken.yaml'}:{expected}") for p in found), found


FACT_STEP = """
    sources:
      - title: A source
        url: {url}
    reviewed: {reviewed}
"""


# An article's own page (a whole code's contents page is refused, see CONTENTS_PAGE below).
LAW = "https://www.consultant.ru/document/cons_doc_LAW_52444/666281950a0403eaa8af836a26658a35043439b6/"
WHOLE_CODE = "https://www.consultant.ru/document/cons_doc_LAW_28165/"
NEWS = "https://tass.ru/obschestvo/25739671"
NEWS_SOURCE = f"    sources:\n      - {{title: ТАСС, url: '{NEWS}'}}\n"  # a quiz question's own source
NEWS_ONLY = (
    "states a fee or deadline but cites no official source (a law's text or an official page); news alone is not enough"
)
CONTENTS_PAGE = (
    "is the contents page of a whole code or law, where a reader cannot find the article: "
    "cite the article's own page (on consultant.ru it has one more part after the document id)"
)


def with_fact(
    url: str = LAW, reviewed: str = "2026-11-01", text: str = "Пошлина 300 ₽.", en: str = "The fee is 300 roubles."
) -> str:
    return broken(
        ("text: {ru: Середина., en: The middle.}", f'text: {{ru: "{text}", en: "{en}"}}'),
        ("    next: three\n", "    next: three\n" + FACT_STEP.format(url=url, reviewed=reviewed).lstrip("\n")),
    )


def test_a_sourced_fact_is_fine(tmp_path: Path) -> None:
    assert problems_of(tmp_path, with_fact()) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            broken(("text: {ru: Середина., en: The middle.}", "text: {ru: Штраф 2 000 ₽., en: A fine of 2 000 ₽.}")),
            [
                "steps.two.sources: states a number (fee, deadline, age or phone) but names no source",
                "steps.two.reviewed: has facts but no 'reviewed' date (when a person last checked them)",
            ],
        ),
        (with_fact(url="htp:/nowhere"), ["steps.two.sources.0.url: malformed URL 'htp:/nowhere'"]),
        (with_fact(url=NEWS), [f"steps.two.sources: {NEWS_ONLY}"]),
        (
            with_fact(url=NEWS, text="Ответ за 2 рабочих дня.", en="The answer comes soon."),
            [f"steps.two.sources: {NEWS_ONLY}"],
        ),
        (
            with_fact(url=NEWS, text="Ответ скоро.", en="The answer comes in 2 working days."),
            [f"steps.two.sources: {NEWS_ONLY}"],
        ),
        (
            with_fact(url="https://tass.ru/"),
            ["steps.two.sources.0.url: 'https://tass.ru/' is a site's home page: cite the page that holds the fact"],
        ),
        (
            with_fact(url="http://publication.pravo.gov.ru"),
            ["steps.two.sources.0.url: 'http://publication.pravo.gov.ru/' is a site's home page"],
        ),
        (with_fact(url=WHOLE_CODE), [f"steps.two.sources.0.url: '{WHOLE_CODE}' {CONTENTS_PAGE}"]),
        (
            with_fact(url="http://www.consultant.ru/document/cons_doc_LAW_34661"),
            [f"steps.two.sources.0.url: 'http://www.consultant.ru/document/cons_doc_LAW_34661' {CONTENTS_PAGE}"],
        ),
        (
            with_fact(url="https://base.garant.ru/10900200/"),
            [f"steps.two.sources.0.url: 'https://base.garant.ru/10900200/' {CONTENTS_PAGE}"],
        ),
        (with_fact(reviewed="2027-01-01"), ["steps.two.reviewed: review date 2027-01-01 is in the future"]),
        (with_fact(reviewed="01.11.2026"), ["steps.two.reviewed: should be a date like 2026-11-23"]),
        (
            with_fact(text="Ж" * 750),
            ["steps.two.text.ru: 750 characters, more than 700: shorten it to fit a phone screen"],
        ),
    ],
)
def test_fact_rules(tmp_path: Path, text: str, expected: list[str]) -> None:
    found = problems_of(tmp_path, text)
    for line in expected:
        assert any(p.startswith(f"{tmp_path / 'broken.yaml'}:{line}") for p in found), (line, found)


def test_a_page_with_a_query_is_not_a_home_page(tmp_path: Path) -> None:
    assert problems_of(tmp_path, with_fact(url="https://www.consultant.ru/?doc=490-fz")) == []


@pytest.mark.parametrize(
    "url",
    [
        LAW,
        "https://www.consultant.ru/document/cons_doc_LAW_34661/abc123/",
        "https://base.garant.ru/12125267/abc123/",
        "https://www.garant.ru/news/1780277/",
    ],
)
def test_an_articles_own_page_is_not_a_contents_page(tmp_path: Path, url: str) -> None:
    assert problems_of(tmp_path, with_fact(url=url)) == []


def test_a_quiz_questions_own_source_may_not_be_a_contents_page(tmp_path: Path) -> None:
    own = f"    sources:\n      - {{title: Налоговый кодекс, url: '{WHOLE_CODE}'}}\n"
    found = problems_of(tmp_path, with_question(explained("Пошлина 300 ₽.", "The fee is 300 roubles.", own)))
    assert f"{tmp_path / 'broken.yaml'}:quiz.0.sources.0.url: '{WHOLE_CODE}' {CONTENTS_PAGE}" in found, found


@pytest.mark.parametrize(
    ("text", "en"),
    [
        ("Звоните 115 или 8 800 100-70-10.", "Call 115 or 8 800 100-70-10."),
        ("СМС приходят с номера 0919.", "Texts come from 0919."),
        ("Первый паспорт — в 14 лет, с 1 сентября 2025 года.", "The first passport at 14, since 1 September 2025."),
    ],
)
def test_a_figure_that_is_no_fee_or_deadline_may_come_from_news_alone(tmp_path: Path, text: str, en: str) -> None:
    assert problems_of(tmp_path, with_fact(url=NEWS, text=text, en=en)) == []


@pytest.mark.parametrize(
    "text",
    [
        "Госпошлина — 300 ₽.",
        "штраф 2 000–3 000 руб.",
        "1,5 тыс. рублей",
        "не дольше 5 рабочих дней",
        "в течение 90 дней",
        "за 1 день",
        "до 3 месяцев",
        "через 2 недели",
        "за 24 часа",
        "скидка 25%",
        "на 7,6 процента",
        "The fee is 1,500 roubles.",
        "within 2 working days",
        "up to 3 months",
        "in 12 hours",
        "by 7.6 %",
    ],
)
def test_a_fee_or_deadline_is_recognised(text: str) -> None:
    assert FEE_OR_DEADLINE.search(text), text


@pytest.mark.parametrize(
    "text",
    [
        "в 14 лет",
        "с 1 сентября 2025 года",
        "позвоните 115",
        "8 800 100-70-10",
        "с номера 0919",
        "30 пенсионных баллов",
        "статья 333.33",
        "at 45",
        "since 2015",
        "call 112",
    ],
)
def test_an_age_date_or_phone_is_no_fee_or_deadline(text: str) -> None:
    assert not FEE_OR_DEADLINE.search(text), text


QUESTION_ONE = """    explanation: {ru: Потому что да., en: Because yes.}
    level: easy
  - id: q2"""


def with_question(*edits: tuple[str, str]) -> str:
    """The short scenario with its first quiz question changed, and a sourced fact in step two."""
    text = with_fact()
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def explained(ru: str, en: str, extra: str = "") -> tuple[str, str]:
    return QUESTION_ONE, f"    explanation: {{ru: {ru}, en: {en}}}\n{extra}    level: easy\n  - id: q2"


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        (
            (explained("Пошлина 300 ₽.", "The fee is 300 roubles."),),
            "quiz.0.explanation: states a number (fee, age, count of days) but names no source: "
            "add 'teaches' with the steps it comes from, or 'sources'",
        ),
        (
            (explained("Пошлина 300 ₽.", "The fee is 300 roubles.", "    teaches: [one]\n"),),
            "quiz.0.explanation: states a number",
        ),
        (
            (explained("Пошлина 300 ₽.", "The fee is 300 roubles.", NEWS_SOURCE),),
            f"quiz.0.explanation: {NEWS_ONLY}: teach a step that cites one, or add it to 'sources'",
        ),
        (
            (explained("Потому что да.", "Because yes.", "    teaches: [tow]\n"),),
            "quiz.0.teaches.0: unknown step 'tow'",
        ),
        (
            (explained("Да" * 101, "Yes."),),
            "quiz.0.explanation.ru: 202 characters, more than 200: shorten it to fit a phone screen",
        ),
        ((explained("Потому что да.", "''"),), "quiz.0.explanation.en: missing translation (en)"),
        (
            (('{text: {ru: Нет, en: "No"}}', '{text: {ru: Нет, en: "No"}, correct: true}'),),
            "quiz.0: exactly one option must have 'correct: true'",
        ),
        (
            (('      - {text: {ru: Нет, en: "No"}}\n      - {text: {ru: Не знаю, en: Not sure}}\n', ""),),
            "quiz.0.options: Tuple should have at least 2 items",
        ),
        (
            (('      - {text: {ru: Нет, en: "No"}}\n', '      - {text: {ru: Нет, en: "No"}}\n' * 6),),
            "quiz.0.options: Tuple should have at most 6 items",
        ),
    ],
)
def test_quiz_rules(tmp_path: Path, edits: tuple[tuple[str, str], ...], expected: str) -> None:
    found = problems_of(tmp_path, with_question(*edits))
    assert any(p.startswith(f"{tmp_path / 'broken.yaml'}:{expected}") for p in found), found


@pytest.mark.parametrize(
    "extra",
    [
        "    teaches: [two]\n",
        f"    sources:\n      - {{title: Налоговый кодекс, url: '{LAW}'}}\n",
    ],
)
def test_a_figure_in_an_explanation_is_fine_with_a_source(tmp_path: Path, extra: str) -> None:
    assert problems_of(tmp_path, with_question(explained("Пошлина 300 ₽.", "The fee is 300 roubles.", extra))) == []


def test_a_phone_number_in_an_explanation_may_come_from_news_alone(tmp_path: Path) -> None:
    question = explained("Поддержка Госуслуг — 115.", "Gosuslugi support is 115.", NEWS_SOURCE)
    assert problems_of(tmp_path, with_question(question)) == []


def test_an_old_review_is_a_warning_not_an_error(tmp_path: Path) -> None:
    found = problems_of(tmp_path, with_fact(reviewed="2025-06-01"))
    reason = "warning: reviewed 546 days ago (limit 365): check the facts again"
    assert found == [f"{tmp_path / 'broken.yaml'}:steps.two.reviewed: {reason}"]


def test_callback_data_must_fit_telegram(tmp_path: Path) -> None:
    long_id = "a" * 32
    text = broken(("id: short", f"id: {long_id}"), ("  two:", f"  {long_id}:"), ("next: two", f"next: {long_id}"))
    found = problems_of(tmp_path, text)
    reason = "button data would be 70 bytes, Telegram allows 64: shorten the ids"
    assert f"{tmp_path / 'broken.yaml'}:steps.{long_id}: {reason}" in found


def test_long_button_labels_are_refused(tmp_path: Path) -> None:
    found = problems_of(tmp_path, broken(("{ru: Ручка, en: A pen}", "{ru: Ручка" + " шариковая" * 5 + ", en: A pen}")))
    assert any(":steps.two.checklist.0.ru: 55 characters, more than 40" in p for p in found), found


def test_a_followup_is_a_short_question_and_may_be_left_out(tmp_path: Path) -> None:
    question = "en: Did it work on Gosuslugi?}"
    found = problems_of(tmp_path, broken((question, "en: Did it work" + " out for you" * 9 + "?}")))
    assert any(":followup.en: 120 characters, more than 100" in p for p in found), found
    found = problems_of(tmp_path, broken((question, "en: It worked.}")))
    assert any(":followup.en: it is a question answered yes or no: end it with '?'" in p for p in found), found
    without = "\n".join(line for line in SHORT.splitlines() if not line.startswith("followup:"))
    assert problems_of(tmp_path, without) == [], "a guide with nothing to do on Gosuslugi after it asks nothing"


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(SHORT, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(SHORT, encoding="utf-8")
    catalog, problems = load_catalog([tmp_path], today=TODAY, max_age_days=365)
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'b.yaml'}:id: duplicate id 'short' (also in {tmp_path / 'a.yaml'})"
    ]
    assert len(catalog) == 1


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    found = problems_of(tmp_path, SHORT.replace("  one:\n", "  one:\n   bad: [\n"))
    assert len(found) == 1 and found[0].startswith(f"{tmp_path / 'broken.yaml'}:line ") and "not valid YAML" in found[0]


def test_a_broken_file_stops_the_start(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text(broken(("next: two", "next: tow")), encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_or_fail([tmp_path], today=TODAY, max_age_days=365)
    assert "x.yaml:steps.one.next: unknown step 'tow'" in str(error.value)


def run_bot(*args: str, env: dict[str, str] | None = None, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """`python -m bot ...` as a person runs it from the project folder. Variables set here win over a developer's
    `.env`; the token is empty unless a test gives one, so the bot runs its console chat."""
    environment = {"PATH": os.environ["PATH"], "BOT_TOKEN": "", "DATABASE_PATH": ":memory:", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def test_validate_command_passes_on_the_library() -> None:
    result = run_bot("validate", str(SCENARIOS))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 error(s)" in result.stderr


def test_validate_command_fails_precisely_on_a_broken_copy(tmp_path: Path) -> None:
    copy = tmp_path / "20-passport.yaml"
    copy.write_text((SCENARIOS / "20-passport.yaml").read_text(encoding="utf-8").replace("next: how", "next: hwo", 1))
    result = run_bot("validate", str(copy))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [f"{copy}:steps.age.next: unknown step 'hwo'"]


def test_validate_command_names_a_home_page_source_in_a_copy(tmp_path: Path) -> None:
    original = (SCENARIOS / "30-foreign-passport.yaml").read_text(encoding="utf-8")
    copy = tmp_path / "30-foreign-passport.yaml"
    assert LAW in original
    copy.write_text(original.replace(LAW, "https://www.consultant.ru/", 1), encoding="utf-8")
    result = run_bot("validate", str(copy))
    assert result.returncode == 1
    [line] = result.stdout.splitlines()
    assert line.startswith(f"{copy}:steps.old.sources.")
    assert line.endswith(
        ".url: 'https://www.consultant.ru/' is a site's home page: cite the page that holds the fact "
        "(an article, the text of a law, an official help page)"
    )


def test_validate_command_names_a_whole_codes_contents_page_in_a_copy(tmp_path: Path) -> None:
    original = (SCENARIOS / "70-payments.yaml").read_text(encoding="utf-8")
    copy = tmp_path / "70-payments.yaml"
    assert original.count(LAW) == 1  # the state fee step cites the fee table's article page
    copy.write_text(original.replace(LAW, WHOLE_CODE), encoding="utf-8")
    result = run_bot("validate", str(copy))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [f"{copy}:steps.fee.sources.0.url: '{WHOLE_CODE}' {CONTENTS_PAGE}"]


def test_validate_command_names_an_unsourced_figure_in_a_quiz_explanation(tmp_path: Path) -> None:
    original = (SCENARIOS / "30-foreign-passport.yaml").read_text(encoding="utf-8")
    copy = tmp_path / "30-foreign-passport.yaml"
    taught = "    teaches: [kind, bio]\n"
    assert original.count(taught) == 1
    copy.write_text(original.replace(taught, ""), encoding="utf-8")
    result = run_bot("validate", str(copy))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [  # quiz.2 is the question on the biometric passport's fee
        f"{copy}:quiz.2.explanation: states a number (fee, age, count of days) but names no source: "
        "add 'teaches' with the steps it comes from, or 'sources'"
    ]


def test_validate_command_wants_an_official_source_for_a_deadline(tmp_path: Path) -> None:
    original = (SCENARIOS / "40-doctor.yaml").read_text(encoding="utf-8")
    copy = tmp_path / "40-doctor.yaml"
    vague = "Заявление рассматривают несколько рабочих дней."
    news = "        url: https://sevastopol.press/2025/09/30/na-gosuslugah-mozhno-pomenjat-polikliniku-ili-vracha/\n"
    assert original.count(vague) == 1 and news in original
    with_term = original.replace(vague, "Заявление рассматривают 2 рабочих дня.")
    copy.write_text(with_term, encoding="utf-8")
    result = run_bot("validate", str(copy))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [f"{copy}:steps.attach_wait.sources: {NEWS_ONLY}"]

    law = f"      - title: Приказ Минздрава (КонсультантПлюс)\n        url: {LAW}\n"
    end = with_term.index(news, with_term.index("  attach_wait:\n")) + len(news)  # after the step's news source
    copy.write_text(with_term[:end] + law + with_term[end:], encoding="utf-8")
    result = run_bot("validate", str(copy))
    assert result.returncode == 0, result.stdout


def test_the_bot_refuses_to_start_with_a_broken_scenario(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text(broken(("next: two", "next: tow")), encoding="utf-8")
    result = run_bot("console", env={"SCENARIOS_DIR": str(tmp_path), "DATABASE_PATH": str(tmp_path / "db.sqlite3")})
    assert result.returncode == 1
    assert f"{tmp_path / 'x.yaml'}:steps.one.next: unknown step 'tow'" in result.stderr
