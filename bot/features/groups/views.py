"""Screens of groups: the coordinator's list and card, a member's list, the join offer. Pure: no I/O."""

from html import escape

from bot.core.i18n import Translator
from bot.core.screens import Row, Screen, button
from bot.features.groups.buttons import JoinCb, JoinNameCb, LeaveCb
from bot.features.members.buttons import GroupCb
from bot.features.members.repo import Group, Member
from bot.features.members.views import name_of
from bot.features.pledges.rules import Tally


def groups_list(t: Translator, led: list[Group], joined: list[Group], staff: bool) -> Screen:
    lines: list[str] = []
    rows: list[Row] = []
    if staff:
        lines.append(t("groups-led") if led else t("groups-led-none"))
        rows += [
            [button(t("groups-btn-open", name=g.name, count=g.members), GroupCb(action="open", group_id=g.id))]
            for g in led
        ]
        rows.append([button(t("groups-btn-new"), GroupCb(action="new"))])
    if joined:
        lines.append(t("groups-joined"))
        lines += [
            t("groups-joined-line", name=escape(g.name), coordinator=escape(g.coordinator_name or "—")) for g in joined
        ]
        rows += [[button(t("groups-btn-leave", name=g.name), LeaveCb(group_id=g.id))] for g in joined]
    elif not staff:
        lines.append(t("groups-none"))
    return Screen("\n\n".join(lines), tuple(rows))


def card(
    t: Translator, group: Group, link: str, members: list[Member], tallies: dict[int, Tally], homework: list[str]
) -> Screen:
    lines = [
        f"<b>{escape(group.name)}</b>",
        t("groups-card-code", code=group.join_code, count=len(members)),
        t("groups-card-link", link=link),
        "",
        f"<b>{t('groups-card-members')}</b>",
    ]
    for member in members:
        counts = tallies.get(member.user_id)
        line = f"• {name_of(member, t)}"
        if counts and counts.made:
            line += " — " + t(
                "groups-card-pledges",
                made=counts.made,
                walked=counts.walked,
                confirmed=counts.confirmed,
                reported=counts.self_reported,
                overdue=counts.overdue,
            )
        lines.append(line)
    if not members:
        lines.append(t("groups-card-no-members"))
    lines += ["", f"<b>{t('groups-card-homework')}</b>", *(homework or [t("groups-card-no-homework")])]
    ids = {"group_id": group.id}
    rows = (
        [button(t("groups-btn-assign"), GroupCb(action="assign", **ids))],
        [button(t("groups-btn-results"), GroupCb(action="results", **ids))],
        [
            button(t("groups-btn-qr"), GroupCb(action="qr", **ids)),
            button(t("groups-btn-code"), GroupCb(action="code", **ids)),
        ],
        [
            button(t("groups-btn-rename"), GroupCb(action="rename", **ids)),
            button(t("groups-btn-remove"), GroupCb(action="members", **ids)),
        ],
        [button(t("groups-btn-close"), GroupCb(action="close", **ids))],
        [button(t("groups-btn-list"), GroupCb(action="list"))],
    )
    return Screen("\n".join(lines), rows)


def member_picker(t: Translator, group: Group, members: list[Member]) -> Screen:
    rows = [
        [button(f"❌ {m.name or t('groups-nameless')}", GroupCb(action="remove", group_id=group.id, arg=m.user_id))]
        for m in members
    ]
    rows.append([button(t("btn-back"), GroupCb(action="open", group_id=group.id))])
    text = t("groups-remove-pick", name=escape(group.name)) if members else t("groups-card-no-members")
    return Screen(text, tuple(rows))


def join_offer(t: Translator, group: Group, first_name: str | None) -> Screen:
    text = t(
        "join-offer",
        name=escape(group.name),
        coordinator=escape(group.coordinator_name or "—"),
        me=escape(first_name or "—"),
    )
    code = group.join_code
    return Screen(
        text,
        (
            [button(t("join-btn-yes"), JoinCb(code=code, join=True))],
            [button(t("join-btn-name"), JoinNameCb(code=code))],
            [button(t("join-btn-no"), JoinCb(code=code, join=False))],
        ),
    )
