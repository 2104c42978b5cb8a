"""Getting to the list of life situations: /start, /menu, /cancel and the Menu button."""

from bot.core.i18n import Translator
from bot.core.people import Repo, User
from bot.core.screens import Screen
from bot.features.scenarios.validation import Catalog
from bot.features.scenarios.views import menu


async def leave_scenario(user: User, repo: Repo, catalog: Catalog) -> bool:
    """Step out of the scenario the person is in; an unfinished one counts as abandoned at its step.

    Returns whether the person was in the middle of a scenario.
    """
    scenario = catalog.get(user.active_scenario) if user.active_scenario else None
    user.active_scenario = user.awaiting = None
    if scenario is None:
        return False
    progress = await repo.progress.get(user.id, scenario.id)
    if progress is None or not progress.unfinished(scenario):
        return False
    repo.events.add(user.id, "abandon", scenario.id, progress.step_id)
    return True


async def menu_screen(t: Translator, user: User, repo: Repo, catalog: Catalog, intro: str | None = None) -> Screen:
    """The menu, led by a "continue" button for the scenario the person most recently left unfinished."""
    for progress in await repo.progress.all(user.id, (scenario.id for scenario in catalog)):
        scenario = catalog.get(progress.scenario_id)
        if scenario is not None and progress.unfinished(scenario):
            return menu(t, catalog, scenario, intro)
    return menu(t, catalog, None, intro)
