"""Quiz screens: the list of quizzes, a question, an answered question with its explanation, the results."""

from functools import lru_cache
from html import escape

from bot.core.buttons import MenuCb
from bot.core.i18n import Translator
from bot.core.screens import Row, Screen, button
from bot.features.quizzes.buttons import QuizAnswerCb, QuizListCb, QuizMixCb, QuizNextCb, QuizResumeCb, QuizRetakeCb
from bot.features.quizzes.rules import Attempt, right_option
from bot.features.scenarios.buttons import QuizOpenCb
from bot.features.scenarios.models import Question, Scenario, Source
from bot.features.scenarios.validation import Catalog
from bot.features.scenarios.views import source_link

MIX_SIZE = 10  # questions in a self-check mix of every scenario


@lru_cache(maxsize=64)
def quiz_list(t: Translator, catalog: Catalog, unfinished: tuple[int, str] | None = None) -> Screen:
    """Every scenario's quiz and a mix; led by «continue» for an unfinished attempt (its id and title)."""
    rows: list[Row] = []
    if unfinished:
        attempt_id, title = unfinished
        rows.append([button(t("quiz-continue", title=title), QuizResumeCb(attempt=attempt_id))])
    rows += [
        [button(t("quiz-list-item", title=s.title(t.locale), count=len(s.quiz)), QuizOpenCb(scenario=s.id))]
        for s in catalog
        if s.quiz
    ]
    rows += [[button(t("quiz-mix", count=MIX_SIZE), QuizMixCb())], [button(t("btn-menu"), MenuCb())]]
    return Screen(t("quiz-list-title"), tuple(rows))


def question(t: Translator, attempt: Attempt, title: str, asked: Question) -> Screen:
    lang, ids = t.locale, {"attempt": attempt.id, "position": attempt.position}
    rows = [
        [button(asked.options[chosen].text(lang), QuizAnswerCb(**ids, option=shown))]
        for shown, chosen in enumerate(attempt.current.order)
    ]
    return Screen(_heading(t, attempt, title, asked), tuple(rows))


def answered(t: Translator, attempt: Attempt, title: str, scenario: Scenario, asked: Question) -> Screen:
    """The question again with ✅ or ❌, the right answer, the explanation and its sources, and «Next»."""
    chosen = attempt.answers[attempt.position]
    text = f"{_heading(t, attempt, title, asked)}\n\n{_feedback(t, scenario, asked.id, chosen)}"
    last = attempt.position == len(attempt.items) - 1 or attempt.complete
    label = t("quiz-btn-results") if last else t("btn-next")
    return Screen(text, ([button(label, QuizNextCb(attempt=attempt.id, position=attempt.position))],))


def _heading(t: Translator, attempt: Attempt, title: str, asked: Question) -> str:
    number = t("quiz-number", current=attempt.position + 1, total=len(attempt.items))
    return f"<b>📝 {escape(title)}</b>\n{number}\n\n{escape(asked.question(t.locale))}"


# The same few explanations are shown to everybody: kept formatted, as step screens are (bot/views.py). Keyed by the
# question's id: hashing the question itself would hash every text in it, on every press.
@lru_cache(maxsize=1024)
def _feedback(t: Translator, scenario: Scenario, question_id: str, chosen: int) -> str:
    asked = next(q for q in scenario.quiz if q.id == question_id)
    lang = t.locale
    right = asked.options[right_option(asked)].text(lang)
    if asked.options[chosen].correct:
        verdict = t("quiz-right", answer=escape(right))
    else:
        verdict = t("quiz-wrong", chosen=escape(asked.options[chosen].text(lang)), answer=escape(right))
    parts = [verdict, "", escape(asked.explanation(lang))]
    sources = scenario.sources_of(asked)
    if sources:
        parts += ["", _sources(t, scenario, asked, sources)]
    return "\n".join(parts)


def _sources(t: Translator, scenario: Scenario, asked: Question, sources: tuple[Source, ...]) -> str:
    """«Source: <link> (reviewed …)», the date being the oldest review of the steps the question teaches."""
    links = "; ".join(source_link(t, s) for s in sources)
    dates = [step.reviewed for step_id in asked.teaches if (step := scenario.steps.get(step_id)) and step.reviewed]
    reviewed = f" ({t('reviewed', date=min(dates).strftime('%d.%m.%Y'))})" if dates else ""
    label = t("quiz-source") if len(sources) == 1 else t("sources")
    return f"<i>{label}: {links}{reviewed}</i>"


def results(t: Translator, attempt: Attempt, title: str, missed: list[Question]) -> Screen:
    """The score, and each question answered wrongly with its right answer."""
    lang = t.locale
    lines = [
        f"<b>{escape(t('quiz-results-title', title=title))}</b>",
        t("quiz-score", score=attempt.score, total=attempt.total, percent=attempt.percent),
    ]
    if missed:
        lines += ["", t("quiz-missed")]
        lines += [
            f"• {escape(q.question(lang))} — <b>{escape(q.options[right_option(q)].text(lang))}</b>" for q in missed
        ]
    elif attempt.total:
        lines += ["", t("quiz-all-right")]
    rows = (
        [button(t("quiz-btn-retake"), QuizRetakeCb(attempt=attempt.id))],
        [button(t("quiz-btn-list"), QuizListCb())],
    )
    return Screen("\n".join(lines), rows)
