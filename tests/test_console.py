"""The console chat, run as a person runs it: a subprocess with the answers piped to stdin."""

from pathlib import Path

from aiogram.types import BufferedInputFile

from bot.console.files import SavedFiles, folder_for, safe_name
from tests.test_scenarios_validator import run_bot

PASSPORT_ONLINE = [
    "/start",
    "2",  # Паспорт РФ
    "99",  # a number with no button: a hint, nothing breaks
    "2",  # Исполнилось 20 или 45 лет
    "1",  # Дальше
    "1",  # Через Госуслуги
    "1",  # ☐ Старый паспорт
    "7",  # Дальше
    "1",  # Дальше
    "1",  # Дальше: the end
]


def test_console_walks_the_passport_scenario_to_its_end(tmp_path: Path) -> None:
    result = run_bot(stdin="\n".join(PASSPORT_ONLINE) + "\n", env={"DATABASE_PATH": str(tmp_path / "bot.sqlite3")})
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Я не Госуслуги" in out
    assert "[2] Паспорт РФ — получение и замена" in out
    assert "Нет кнопки с номером 99: введите число от 1 до 6." in out
    assert "[1] ☑ Старый паспорт" in out
    assert "📋 Памятка: Паспорт РФ — получение и замена" in out
    card = out.split("📋 Памятка")[1]
    assert "☑ Старый паспорт" in card and "Источники (проверено 23.11.2026):" in card
    assert "Traceback" not in result.stderr


def test_console_resumes_after_a_restart(tmp_path: Path) -> None:
    database = {"DATABASE_PATH": str(tmp_path / "bot.sqlite3")}
    run_bot(stdin="/start\n2\n4\n", env=database)  # Паспорт РФ → Паспорт испорчен, then the process ends
    result = run_bot(stdin="/menu\n1\n1\n", env=database)
    assert "[1] ▶️ Продолжить: Паспорт РФ — получение и замена" in result.stdout
    assert "остановились на шаге 2: «Паспорт испорчен»" in result.stdout
    assert "Шаг 2 из" in result.stdout.split("👤 1")[-1]


def test_console_file_names_are_safe_and_never_overwrite(tmp_path: Path) -> None:
    assert safe_name("stats-2026-11-30.csv") == "stats-2026-11-30.csv"
    assert safe_name("../../etc/passwd") == "passwd" and safe_name("C:\\x\\отчёт 9Б.csv") == "отчёт_9Б.csv"
    assert safe_name(".bashrc") == "bashrc" and safe_name("") == safe_name(None) == "file"
    assert safe_name("a\u202egpj.exe") == "a_gpj.exe"  # no right-to-left trick
    long = safe_name("я" * 300 + ".json")
    assert len(long) == 80 and long.endswith(".json")
    files = SavedFiles(tmp_path / "new" / "console-files")
    (tmp_path / "new" / "console-files").mkdir(parents=True)
    (tmp_path / "new" / "console-files" / "041-old.png").write_bytes(b"old")
    assert files.save(BufferedInputFile(b"x", "a.png"), "a.png") == tmp_path / "new" / "console-files" / "042-a.png"
    assert files.save("AgACAgIAAxkBAAI", "photo") is None  # a Telegram file id: nothing to save
    assert folder_for(Path("data/bot.sqlite3")) == Path("data/console-files") and folder_for(Path(":memory:")) is None
