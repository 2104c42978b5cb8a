"""Screens of «Тимуровцы» pledges: the steps of making one, the list, and the message a student forwards."""

from datetime import date
from html import escape

from bot.core.i18n import Translator
from bot.core.screens import Row, Screen, button
from bot.features.pledges.buttons import PledgeCb, PledgeItemCb, WorkedCb
from bot.features.pledges.repo import Pledge
from bot.features.pledges.rules import MAX_PEOPLE, RELATIONS, gender

STATE_MARKS = {"confirmed": "✅", "walked": "👣", "self": "☑️", "waiting": "⏳"}


def relation(t: Translator, word: str) -> str:
    return t(f"pledge-who-{word}")


def day(value: str | date) -> str:
    return (date.fromisoformat(value) if isinstance(value, str) else value).strftime("%d.%m.%Y")


def pledges(t: Translator, made: list[Pledge], today: date) -> Screen:
    lines = [t("pledge-intro")]
    rows: list[Row] = []
    for pledge in made:
        overdue = date.fromisoformat(pledge.due_date) < today
        lines += ["", t("pledge-due-overdue" if overdue else "pledge-due", date=day(pledge.due_date))]
        for number, item in enumerate(pledge.items, 1):
            who = f"{number}. {relation(t, item.relation)}"
            state = t(f"pledge-state-{item.state}", gender=gender(item.relation))
            lines.append(f"{STATE_MARKS[item.state]} {who} — {state}")
            if item.state == "waiting":
                rows.append(
                    [
                        button(t("pledge-btn-link", who=who), PledgeItemCb(action="link", item_id=item.id)),
                        button(t("pledge-btn-self", who=who), PledgeItemCb(action="self", item_id=item.id)),
                    ]
                )
        cancel = PledgeItemCb(action="cancel", item_id=pledge.items[0].id)
        rows.append([button(t("pledge-btn-cancel", date=day(pledge.due_date)), cancel)])
    if made:
        lines += ["", t("pledge-legend")]
    rows.append([button(t("pledge-btn-new"), PledgeCb())])
    return Screen("\n".join(lines), tuple(rows))


def how_many(t: Translator) -> Screen:
    numbers = [button(str(n), PledgeCb(count=n)) for n in range(1, MAX_PEOPLE + 1)]
    return Screen(t("pledge-ask-count"), (numbers[:5], numbers[5:]))


def who(t: Translator, count: int, chosen: str) -> Screen:
    rows = [
        [button(relation(t, word), PledgeCb(count=count, relations=f"{chosen}{index}"))]
        for index, word in enumerate(RELATIONS)
    ]
    return Screen(t("pledge-ask-who", number=len(chosen) + 1, count=count), tuple(rows))


def by_when(t: Translator, count: int, chosen: str) -> Screen:
    ids = {"count": count, "relations": chosen}
    rows = (
        [button(t("pledge-btn-week"), PledgeCb(**ids, due="week"))],
        [button(t("pledge-btn-month"), PledgeCb(**ids, due="month"))],
        [button(t("pledge-btn-date"), PledgeCb(**ids, due="date"))],
    )
    return Screen(t("pledge-ask-due"), rows)


def made(t: Translator, pledge: Pledge) -> Screen:
    people = ", ".join(f"{n}. {relation(t, item.relation)}" for n, item in enumerate(pledge.items, 1))
    return Screen(t("pledge-made", count=len(pledge.items), date=day(pledge.due_date), people=people))


def invitation(t: Translator, student: str | None, link: str) -> str:
    """The message a student forwards to the person they help: plain words, who sends it, the link."""
    return t("pledge-forward", student=escape(student or "—"), link=link)


def worked_question(t: Translator, told: str | None) -> Screen:
    """At the end of the account guide, to a person a student invited; `told`: the students who now hear that they
    walked it (None when they had heard before)."""
    walked = t("pledge-walked-told", student=told) if told else t("pledge-walked-again")
    rows = (
        [button(t("pledge-btn-worked-yes"), WorkedCb(yes=True))],
        [button(t("pledge-btn-worked-not-yet"), WorkedCb(yes=False))],
    )
    return Screen(f"{walked}\n{t('pledge-worked-ask')}", rows)


def worked_not_yet(t: Translator) -> Screen:
    return Screen(t("pledge-worked-not-yet"), ([button(t("pledge-btn-worked-later"), WorkedCb(yes=True))],))
