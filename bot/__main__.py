"""`python -m bot` runs the bot (long polling with BOT_TOKEN, a webhook server with WEBHOOK_URL too, the console chat
without a token);
`python -m bot console` forces the console chat; `python -m bot validate [PATH...]` checks scenario files;
`python -m bot backup PATH` copies the database, safely while the bot runs; `python -m bot copy-to URL` moves
everything from the SQLite file to an empty PostgreSQL database (docs/deploy.md)."""

import argparse
import asyncio
import sqlite3
import sys
from collections.abc import Callable
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
    move = commands.add_parser("copy-to", help="copy everything from DATABASE_PATH into an empty PostgreSQL database")
    move.add_argument("url", help="postgresql://user@host:5432/name (the bot must be stopped)")
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
    if args.command == "copy-to":
        return copy_to(settings.database_path, args.url)
    from bot.runner import run

    with asyncio.Runner(loop_factory=event_loop()) as runner:
        return runner.run(run(settings, console=args.command == "console" or settings.bot_token is None))


def event_loop() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop's event loop where it is installed (it is not on Windows), else asyncio's: an update cost ~7% less CPU
    on it in the same walk (docs/benchmarks.md), aiosqlite's results coming back through the loop included."""
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


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


def copy_to(database: Path, url: str) -> int:
    from bot.core.files import lock_database
    from bot.core.moving import CopyError, copy_to_postgresql

    if not lock_database(database):
        print(f"error: the bot is running on {database}; stop it, then copy", file=sys.stderr)
        return 2
    try:
        counts = asyncio.run(copy_to_postgresql(database, url))
    except CopyError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for table, count in counts.items():
        print(f"{table}: {count} rows")
    print(f"copied {sum(counts.values())} rows; set DATABASE_URL to this address and start the bot")
    return 0


if __name__ == "__main__":
    sys.exit(main())
