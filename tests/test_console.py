"""The console chat, run as a person runs it: a subprocess with the answers piped to stdin."""

import json
import os
import queue
import re
import subprocess
import sys
import threading
from pathlib import Path

from aiogram.types import BufferedInputFile

from bot.console.files import SavedFiles, folder_for, safe_name
from tests.conftest import ROOT
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
    after = result.stdout.split("👤 1001 1")[-1]
    assert "Шаг 2 из" in after and "Паспорт испорчен" in after, "straight back to the step"


def said(out: str, line: str) -> str:
    """What the console printed after the person's line (shown as «👤 2 /start») and before the next one."""
    assert f"\n{line}\n" in out, f"{line!r} was not typed"
    return out.split(f"\n{line}\n", 1)[1].split("\n👤 ", 1)[0]


def test_console_switches_people_each_with_their_own_chat(tmp_path: Path) -> None:
    lines = ["/start", "2", "/as 2", "/start", "/mydata", "/as x", "/as", "/as 1001", "1"]
    result = run_bot(stdin="\n".join(lines) + "\n", env={"DATABASE_PATH": str(tmp_path / "bot.sqlite3")})
    assert result.returncode == 0, result.stderr
    out = result.stdout
    switched = said(out, "👤 1001 /as 2")
    assert "Теперь пишет 👤 2 Ольга" in switched and "── Бот" not in switched  # /as never reaches the bot
    assert "🔒 Что я храню о вас" in said(out, "👤 2 /start")  # the welcome for somebody new
    assert "Ваш код (ID) в Telegram: 2\n" in said(out, "👤 2 /mydata")
    assert "── Бот" not in said(out, "👤 2 /as x") and "/as 3 Вася" in said(out, "👤 2 /as x")
    assert "  👤 1001 Анна\n  ▶ 👤 2 Ольга\n" in said(out, "👤 2 /as")
    back = said(out, "👤 2 /as 1001")
    assert "Теперь пишет 👤 1001 Анна" in back and "[1] Первый паспорт в 14 лет" in back  # her buttons again
    # Her «1» presses her own last buttons (the passport's first step), not person 2's menu.
    assert "Шаг 2 из 4 · Первый паспорт в 14 лет" in said(out, "👤 1001 1")
    assert "Traceback" not in result.stderr


def test_console_saves_the_files_the_bot_sends(tmp_path: Path) -> None:
    env = {"DATABASE_PATH": str(tmp_path / "bot.sqlite3")}
    folder = tmp_path / "console-files"
    result = run_bot(stdin="/as 2\n/start\n/mydata\n", env=env)
    assert result.returncode == 0, result.stderr
    assert (
        f"── Бот: 📎 my-data.json\nВсе ваши данные, файл для компьютера (JSON)\n📎 saved: {folder}/001-my-data.json\n"
        in (result.stdout)
    )
    data = json.loads((folder / "001-my-data.json").read_bytes())
    assert [(row["id"], row["first_name"]) for row in data["users"]] == [(2, "Ольга")]
    again = run_bot(stdin="/as 2\n/start\n/mydata\n", env=env)  # a later run counts on, overwriting nothing
    assert f"📎 saved: {folder}/002-my-data.json\n" in again.stdout
    assert sorted(path.name for path in folder.iterdir()) == ["001-my-data.json", "002-my-data.json"]


class Console:
    """The console chat as a subprocess one types into while reading its answers (a link must be read to be opened)."""

    def __init__(self, env: dict[str, str]) -> None:
        environment = {"PATH": os.environ["PATH"], "BOT_TOKEN": "", **env}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "console"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=environment,
            cwd=ROOT,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.out: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put("")

    def type(self, *lines: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("".join(f"{line}\n" for line in lines))
        self.process.stdin.flush()

    def wait_for(self, pattern: str, seconds: float = 60) -> str:
        """Reads the answers until a line matches; returns the match."""
        while True:
            line = self.lines.get(timeout=seconds)
            assert line, f"the console ended before {pattern!r}:\n{''.join(self.out)}"
            self.out.append(line)
            if match := re.search(pattern, line):
                return match[0]

    def quit(self) -> str:
        """Leaves with /quit; returns everything the console printed."""
        self.type("/quit")
        assert self.process.wait(timeout=60) == 0
        while (line := self.lines.get(timeout=10)) != "":
            self.out.append(line)
        return "".join(self.out)


def test_console_walks_a_class_flow_saving_the_qr_code(tmp_path: Path) -> None:
    """README's class flow: administrator 1 invites coordinator 2, who makes a group; student 3 opens its link."""
    console = Console({"ADMIN_IDS": "1", "QUIET_HOURS": "", "DATABASE_PATH": str(tmp_path / "bot.sqlite3")})
    try:
        console.type("/as 1", "/coordinators", "1")  # ➕ Пригласить координатора
        invitation = console.wait_for(r"https://t\.me/timurovets_bot\?start=coord-\S+")
        console.type("/as 2", invitation, "/groups")  # a link pasted into the console is opened
        console.wait_for("Теперь вы координатор")
        console.type("1", "9Б, школа 12")  # ➕ Новая группа, its name
        link = console.wait_for(r"https://t\.me/timurovets_bot\?start=join-\w+")
        saved = console.wait_for(r"📎 saved: .*")
        console.type("/as 3", link, "1")  # ✅ Вступить
        console.wait_for("Вы в группе «9Б, школа 12»")
        console.type("/as 2", "/groups", "1")  # the group's card
        console.wait_for("• Петя")
        out = console.quit()
    finally:
        if console.process.poll() is None:
            console.process.kill()
    folder = tmp_path / "console-files"
    code = link.rsplit("-", 1)[1]
    assert saved == f"📎 saved: {folder}/001-join-{code}.png"
    poster = (folder / f"001-join-{code}.png").read_bytes()
    assert poster.startswith(b"\x89PNG\r\n\x1a\n") and len(poster) > 10_000, "the group's QR poster, as sent"
    assert "(ссылка открыта: /start join-" in out
    assert "\n👤 3 /as 2\n── Теперь пишет 👤 2 Ольга\n  последние кнопки в этом чате:\n  [1] Открыть группу\n" in out


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
