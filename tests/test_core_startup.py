"""Start-up failures end the process at once with one clear line and exit code 2, as the README promises."""

import sqlite3
from pathlib import Path

from tests.test_scenarios_validator import run_bot


def test_a_file_that_is_not_a_database_stops_the_bot(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    path.write_bytes(b"not a database at all" * 200)
    result = run_bot(env={"DATABASE_PATH": str(path)})
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: database: {path}: file is not a database"


def test_a_database_in_a_folder_that_cannot_be_made_stops_the_bot(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    result = run_bot(env={"DATABASE_PATH": str(tmp_path / "file" / "bot.sqlite3")})
    assert result.returncode == 2
    assert result.stderr.startswith("error: database: ") and len(result.stderr.strip().splitlines()) == 1


def test_a_malformed_token_stops_the_bot(tmp_path: Path) -> None:
    result = run_bot(env={"BOT_TOKEN": "not-a-token", "DATABASE_PATH": str(tmp_path / "bot.sqlite3")})
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "error: wrong setting: BOT_TOKEN: not a Telegram token (it looks like 123456:ABC-DEF…, from @BotFather)"
    )


def test_a_database_with_damaged_pages_stops_the_bot_before_it_writes(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    with sqlite3.connect(path) as made:  # a database the bot made, with enough rows to fill many pages
        made.execute("CREATE TABLE filler (id INTEGER PRIMARY KEY, text TEXT)")
        made.executemany("INSERT INTO filler (text) VALUES (?)", [("x" * 200,)] * 2000)
        made.execute("CREATE INDEX filler_text ON filler (text)")
        page_size = made.execute("PRAGMA page_size").fetchone()[0]
    made.close()
    data = bytearray(path.read_bytes())
    data[page_size * 40 : page_size * 40 + 64] = b"\xff" * 64  # a page in the middle, garbled (a failing disk)
    path.write_bytes(bytes(data))
    before = path.read_bytes()
    result = run_bot(env={"DATABASE_PATH": str(path)})
    assert result.returncode == 2
    line = result.stderr.strip()
    assert line.startswith(f"error: database: {path}: damaged (") and len(line.splitlines()) == 1
    assert "python -m bot backup" in line
    assert path.read_bytes() == before, "nothing was written to it"
