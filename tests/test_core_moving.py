"""Moving an installation from the SQLite file to PostgreSQL: everything comes over, counted, and only once."""

from pathlib import Path

import pytest

from bot.__main__ import main
from bot.composition import Repositories as Repo
from bot.core.database import Database
from bot.core.moving import CopyError, copy_to_postgresql
from bot.core.postgres import PostgresDatabase
from tests.conftest import Backend, StartApp
from tests.test_scenarios_conversation import open_passport


async def test_a_person_continues_on_postgresql_where_they_were(
    start_app: StartApp, postgres: Backend, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app = await start_app(user_id=1001)
    await open_passport(app.client)
    await app.client.click("Паспорт испорчен")
    await app.person(1002).send("/start")
    tables = {}
    for table in ("users", "progress", "events", "install_secret"):
        (tables[table],) = await app.database.fetch_one(f"SELECT COUNT(*) FROM {table}")
    (secret,) = await app.database.fetch_one("SELECT secret FROM install_secret")
    await app.database.close()

    url = str(postgres.settings["database_url"])
    counts = await copy_to_postgresql(tmp_path / "bot.sqlite3", url, schema=postgres.schema)
    assert {table: counts[table] for table in tables} == tables

    moved = await PostgresDatabase.open(postgres.settings["database_url"], schema=postgres.schema)
    try:
        repo = Repo(moved.transaction())
        person = await repo.users.get(1001)
        assert person is not None and person.active_scenario == "passport"
        assert (await repo.progress.get(1001, "passport")).step_id != "start"
        assert (await moved.fetch_one("SELECT secret FROM install_secret")) == (secret,)
        repo.events.add(1001, "start", "doctor")  # numbering goes on after the copied rows
        await repo.tx.commit()
        (last,) = await moved.fetch_one("SELECT MAX(id) FROM events")
        assert last == tables["events"] + 1
    finally:
        await moved.close()

    with pytest.raises(CopyError, match="not empty"):
        await copy_to_postgresql(tmp_path / "bot.sqlite3", postgres.settings["database_url"], schema=postgres.schema)


def test_copy_to_refuses_while_the_bot_runs_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.core.files import lock_database

    path = tmp_path / "bot.sqlite3"
    monkeypatch.setenv("DATABASE_PATH", str(path))
    assert lock_database(path)  # the running bot's lock (this process holds it now)
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "bot", "copy-to", "postgresql://nobody@127.0.0.1:1/x"],
        capture_output=True,
        text=True,
        env={"DATABASE_PATH": str(path), "PATH": "/usr/bin:/bin"},
        cwd=Path(__file__).resolve().parent.parent,
        check=False,
    )
    assert done.returncode == 2 and "stop it" in done.stderr


async def test_copy_to_a_server_that_is_not_there_is_one_line(tmp_path: Path) -> None:
    await (await Database.open(tmp_path / "bot.sqlite3")).close()
    with pytest.raises(CopyError) as caught:
        await copy_to_postgresql(tmp_path / "bot.sqlite3", "postgresql://bot:secret@127.0.0.1:1/bot")
    assert "secret" not in str(caught.value)
    assert main is not None
