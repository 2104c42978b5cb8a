"""Screens that keep people safe: the warning after personal data was typed into the chat."""

from bot.core.buttons import MenuCb
from bot.core.i18n import Translator
from bot.core.screens import Screen, button
from bot.features.privacy.sensitive import Kind
from bot.features.safety.buttons import LeakedCb
from bot.features.scenarios.models import Scenario
from bot.features.scenarios.validation import Catalog

# Where the safety scenario tells someone who gave away a code what to do now (with the support numbers), and the
# step of its «if you were hacked» part that leads there.
SAFETY, HACKED, LEAKED = "safety", "hacked", "leaked"


def leaked_scenario(catalog: Catalog) -> Scenario | None:
    """The safety scenario, if this library has it with its «hacked → leaked» way."""
    scenario = catalog.get(SAFETY)
    if scenario is None or HACKED not in scenario.steps or LEAKED not in scenario.steps[HACKED].targets:
        return None
    return scenario


def personal_data_warning(t: Translator, catalog: Catalog, kind: Kind, deleted: bool) -> Screen:
    what = t(kind.value)
    head = t("safety-deleted", kind=what) if deleted else t("safety-not-deleted", kind=what)
    rows = [[button(t("safety-btn-leaked"), LeakedCb())]] if leaked_scenario(catalog) else []
    rows.append([button(t("btn-menu"), MenuCb())])
    return Screen(f"{head}\n\n{t('safety-warning')}\n\n{t('safety-support')}", tuple(rows))


def thanks(t: Translator) -> Screen:
    return Screen(t("safety-thanks"), ([button(t("btn-menu"), MenuCb())],))
