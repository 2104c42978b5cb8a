"""The day's news, one message a kind: «📰 Группа «9Б» за день: вступили 3 человека.» Written when due, from the
events of its window; nothing happened (or the group closed meanwhile): nothing is sent."""

from datetime import date, datetime
from html import escape

from bot.core.i18n import Translator
from bot.core.screens import Screen
from bot.features.classnews.repo import News
from bot.features.reminders.letters import Letter, kind
from bot.features.reminders.rules import short_day

# Each kind is a family of its own: a coordinator switches off what they do not want, in /settings.
JOINED = News("news-joined", ("joined",))
HOMEWORK = News("news-homework", ("homework_done", "homework_late"))
PLEDGES = News("news-pledges", ("pledge_confirmed",), people=False)


def news_text(t: Translator, news: News, counts: list[tuple[str, int]], day: date, today: date) -> str:
    """One line for one group, a line per group for several; «за день» unless quiet hours kept it to another day."""
    when = t("classnews-today") if day == today else t("classnews-on", day=short_day(day, today))
    what = [(escape(name), t(f"classnews-{news.name}", count=count)) for name, count in counts]
    if len(what) == 1:
        text = t("classnews-one", group=what[0][0], when=when, what=what[0][1])
    else:
        lines = (t("classnews-line", group=group, what=said) for group, said in what)
        text = "\n".join((t("classnews-many", when=when), *lines))
    return f"{text}\n{t('classnews-more')}"


async def write(letter: Letter, news: News) -> Screen | None:
    payload = letter.payload
    counts = await letter.repo.classnews.counts(letter.user_id, news, payload["since"], payload["until"])
    if not counts:
        return None
    today = datetime.now(letter.zone).date()
    return Screen(news_text(letter.t, news, counts, date.fromisoformat(payload["day"]), today))


@kind(JOINED.name, family=JOINED.name)
async def joined_letter(letter: Letter) -> Screen | None:
    return await write(letter, JOINED)


@kind(HOMEWORK.name, family=HOMEWORK.name)
async def homework_letter(letter: Letter) -> Screen | None:
    return await write(letter, HOMEWORK)


@kind(PLEDGES.name, family=PLEDGES.name)
async def pledges_letter(letter: Letter) -> Screen | None:
    return await write(letter, PLEDGES)
