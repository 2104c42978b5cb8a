"""The console chat, run as a person runs it: a subprocess with the answers piped to stdin."""

from pathlib import Path

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
    result = run_bot(stdin="/menu\n1\n", env=database)
    assert "[1] ▶️ Продолжить: Паспорт РФ — получение и замена" in result.stdout
    after = result.stdout.split("👤 1")[-1]
    assert "Шаг 2 из" in after and "Паспорт испорчен" in after, "straight back to the step"
