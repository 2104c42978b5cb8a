"""The spine every feature stands on: settings, the database and its migrations, people and their events, the
update middlewares (per-person lock, save-then-show, session), the switchboard, screens, buttons, i18n, hooks and
the Telegram request policy. It imports no feature (checked by import-linter, see pyproject.toml).
"""
