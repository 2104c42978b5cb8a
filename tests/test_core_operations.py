"""Operations: a backup of the live database that a bot continues from, and one bot process per database."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT, StartApp
from tests.test_scenarios_validator import run_bot


async def test_a_backup_made_while_the_bot_runs_is_restored_and_walked_on(start_app: StartApp, tmp_path: Path) -> None:
    live, copy = tmp_path / "bot.sqlite3", tmp_path / "backups" / "monday.sqlite3"
    app = await start_app(database=live, user_id=5)
    await app.client.send("/start")
    await app.client.click("Паспорт РФ")
    await app.client.click("Паспорт испорчен")

    # Another process, the bot still running; the backups folder does not exist yet.
    made = run_bot("backup", str(copy), env={"DATABASE_PATH": str(live)})
    assert made.returncode == 0, made.stderr
    assert made.stdout == f"backup of {live} written to {copy} ({copy.stat().st_size // 1024} KB)\n"
    await app.client.click("Дальше ➡️")  # after the backup: the restore takes the person back before this
    assert "Как подать" in app.client.last_text

    await app.database.close()  # the bot stops; restoring is copying the backup in place (README)
    for leftover in ("bot.sqlite3-wal", "bot.sqlite3-shm"):
        (tmp_path / leftover).unlink(missing_ok=True)
    shutil.copy(copy, live)
    client = (await start_app(database=live, user_id=5)).client
    await client.send("/menu")
    await client.click("▶️ Продолжить")
    assert "Паспорт испорчен" in client.last_text and "Шаг 2 из" in client.last_text, "back at the step"
    await client.click("Дальше ➡️")
    assert "Как подать" in client.last_text, "the walk goes on from the backup"


def test_a_backup_of_no_database_says_so(tmp_path: Path) -> None:
    result = run_bot("backup", str(tmp_path / "copy.sqlite3"), env={"DATABASE_PATH": str(tmp_path / "none.sqlite3")})
    assert result.returncode == 1
    assert result.stderr == f"error: backup failed: no database at {tmp_path / 'none.sqlite3'}\n"
    assert not (tmp_path / "copy.sqlite3").exists()


def held(lock: Path) -> bool:
    """Whether some process holds a flock on the file, read from /proc/locks (trying it could disturb the bot)."""
    if not lock.exists():
        return False
    inode = f":{lock.stat().st_ino} "
    return any("FLOCK" in line and inode in line for line in Path("/proc/locks").read_text().splitlines())


def test_a_second_bot_on_the_same_database_refuses_to_start(tmp_path: Path) -> None:
    database = tmp_path / "bot.sqlite3"
    env = {"PATH": os.environ["PATH"], "BOT_TOKEN": "", "DATABASE_PATH": str(database)}
    first = subprocess.Popen(
        [sys.executable, "-m", "bot"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    try:
        deadline = time.monotonic() + 60
        while not held(tmp_path / "bot.sqlite3.lock"):
            assert first.poll() is None and time.monotonic() < deadline, "the first bot did not start"
            time.sleep(0.05)  # waiting for another process to start: nothing to freeze here
        second = run_bot(env={"DATABASE_PATH": str(database)})
        assert second.returncode == 2
        assert second.stderr == f"error: another bot is already running on {database}; stop it first\n"
        out, _ = first.communicate("/start\n", timeout=60)
        assert first.returncode == 0 and "Я не Госуслуги" in out, "the first bot served on undisturbed"
    finally:
        first.kill()
    assert run_bot(stdin="/start\n", env={"DATABASE_PATH": str(database)}).returncode == 0, "the lock went with it"
