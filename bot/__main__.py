"""`python -m bot` runs the bot (long polling with BOT_TOKEN, a webhook server with WEBHOOK_URL too, the console chat
without a token);
`python -m bot console` forces the console chat; `python -m bot validate [PATH...]` checks scenario files;
`python -m bot backup PATH` copies the database, safely while the bot runs."""

import argparse
import asyncio
import sqlite3
import sys
from datetime import date
from pathlib import Path

from bot.core.config import Settings, SettingsError, load_settings
from bot.core.files import backup
from bot.features.scenarios.validation import load_catalog


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Цифровой тимуровец — Telegram bot")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", help="long polling with BOT_TOKEN, a webhook with WEBHOOK_URL, else the console chat")
    commands.add_parser("console", help="chat with the bot in this terminal, no Telegram needed")
    check = commands.add_parser("validate", help="check scenario files; prints file:key: reason")
    check.add_argument("paths", nargs="*", type=Path, help="files or folders (default: SCENARIOS_DIR)")
    copy = commands.add_parser("backup", help="copy the database (DATABASE_PATH) to PATH, safe while the bot runs")
    copy.add_argument("path", type=Path, help="the file to write, e.g. backups/bot-2026-11-29.sqlite3")
    args = parser.parse_args(argv)

    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.command == "validate":
        return validate(settings, args.paths or [settings.scenarios_dir])
    if args.command == "backup":
        return make_backup(settings.database_path, args.path)
    from bot.runner import run

    return asyncio.run(run(settings, console=args.command == "console" or settings.bot_token is None))


def validate(settings: Settings, paths: list[Path]) -> int:
    missing = [path for path in paths if not path.exists()]
    if missing:
        print(f"error: no such file or folder: {', '.join(map(str, missing))}", file=sys.stderr)
        return 1
    catalog, problems = load_catalog(paths, today=date.today(), max_age_days=settings.review_max_age_days)
    for problem in problems:
        print(problem)
    errors = sum(not p.warning for p in problems)
    print(f"{len(catalog)} scenario(s) valid, {errors} error(s), {len(problems) - errors} warning(s)", file=sys.stderr)
    return 1 if errors else 0


def make_backup(database: Path, target: Path) -> int:
    try:
        size = backup(database, target)
    except (OSError, sqlite3.Error) as exc:
        print(f"error: backup failed: {exc}", file=sys.stderr)
        return 1
    print(f"backup of {database} written to {target} ({size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
