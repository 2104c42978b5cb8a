"""Screens of /privacy, /mydata and /forget (pure: they build text and buttons, and talk to nobody)."""

import json
from html import escape
from typing import Any

from bot.core.i18n import Translator
from bot.core.screens import Screen, button
from bot.features.privacy.buttons import ForgetCb
from bot.features.privacy.repo import Forgotten
from bot.features.scenarios.validation import Catalog

# Shown by themselves in the readable summary; every other table is shown as a count of its rows.
DESCRIBED = ("users", "progress")


def my_data(t: Translator, data: dict[str, list[dict[str, Any]]], catalog: Catalog, zone: str) -> str:
    if not data:
        return t("privacy-mydata-nothing")
    lines = [t("privacy-mydata-title")]
    for user in data.get("users", ()):
        lines.append(t("privacy-mydata-id", id=str(user["id"])))  # a string: Fluent would write 1 001 for a number
        if user["first_name"]:
            lines.append(t("privacy-mydata-name", name=escape(user["first_name"])))
        lines.append(t("privacy-mydata-language"))
        lines.append(t("privacy-mydata-zone", zone=user["time_zone"] or t("privacy-mydata-zone-default", zone=zone)))
    for row in data.get("progress", ()):
        title, step_title = row["scenario_id"], row["step_id"]  # as stored, if the scenario file changed since
        scenario = catalog.get(title)
        if scenario and step_title in scenario.steps:
            title, step_title = scenario.title(t.locale), scenario.steps[step_title].title(t.locale)
        lines.append(t("privacy-mydata-place", scenario=escape(title), step=escape(step_title)))
    lines += [
        t("privacy-mydata-count", table=t("privacy-table", table=table), count=len(rows))
        for table, rows in data.items()
        if table not in DESCRIBED
    ]
    return "\n".join([*lines, "", t("privacy-mydata-file")])


def my_data_file(data: dict[str, list[dict[str, Any]]]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str).encode()


def forget_question(t: Translator, groups_led: int) -> Screen:
    """The question before deleting; a coordinator is told first that their groups leave them too."""
    rows = (
        [button(t("privacy-forget-yes"), ForgetCb(sure=True))],
        [button(t("privacy-forget-no"), ForgetCb(sure=False))],
    )
    text = t("privacy-forget-ask")
    if groups_led:
        text += "\n\n" + t("privacy-forget-groups", count=groups_led)
    return Screen(text, rows)


def forgotten(t: Translator, result: Forgotten) -> str:
    if not result.deleted and not result.groups:
        return t("privacy-forgot-nothing")
    lines = [t("privacy-forgot")]
    lines += [
        t("privacy-mydata-count", table=t("privacy-table", table=table), count=count)
        for table, count in result.deleted.items()
        if table != "users"
    ]
    if result.groups:
        handed = "privacy-forgot-handed" if result.handed_to is not None else "privacy-forgot-closed"
        lines.append(t(handed, count=result.groups))
    return "\n".join([*lines, "", t("privacy-forgot-end")])
