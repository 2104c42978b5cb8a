"""Files the bot sends in the console chat (a chart, a QR code, a CSV, /mydata's JSON), kept in a folder to open.

A terminal cannot show a picture, so the console writes each file the bot sends to `console-files/` next to the
database (`data/console-files/` by default), under a number that only grows and the name the bot gave it:
`001-my-data.json`, `002-join-ACD3F7.png`. The folder is made when the first file comes; nothing is overwritten,
a later run goes on counting from the highest number there.
"""

import re
import tempfile
from pathlib import Path, PurePath

from aiogram.types import BufferedInputFile, FSInputFile, InputFile

FOLDER_NAME = "console-files"
_UNSAFE = re.compile(r"[^\w.\-]+")  # \w is Unicode: a Russian file name stays readable
_NUMBERED = re.compile(r"^(\d+)-")
NAME_LIMIT = 80


def folder_for(database_path: Path) -> Path | None:
    """`console-files` beside the database; None for a database in memory (its files go to a temporary folder)."""
    return None if str(database_path) == ":memory:" else database_path.parent / FOLDER_NAME


def safe_name(name: str | None) -> str:
    """The bot's name for a file, fit for any file system: no folders, no spaces or odd characters, not hidden."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = re.sub(r"\.{2,}", ".", _UNSAFE.sub("_", base)).strip("._-") or "file"
    if len(cleaned) > NAME_LIMIT:
        path = PurePath(cleaned)
        suffix = path.suffix[:16]
        cleaned = path.stem[: NAME_LIMIT - len(suffix)] + suffix
    return cleaned


def contents(sent: InputFile | str) -> bytes | None:
    """The bytes of a file the bot sends; None for one given by Telegram's file id or a URL (nothing to save)."""
    if isinstance(sent, BufferedInputFile):
        return sent.data
    if isinstance(sent, FSInputFile):
        return Path(sent.path).read_bytes()
    return None


class SavedFiles:
    def __init__(self, folder: Path | None) -> None:
        self._folder = folder
        self._next: int | None = None

    def save(self, sent: InputFile | str, name: str | None) -> Path | None:
        """Writes the file and returns where, or None when there are no bytes to write. Raises OSError."""
        data = contents(sent)
        if data is None:
            return None
        folder = self._made()
        if self._next is None:
            taken = (_NUMBERED.match(path.name) for path in folder.iterdir())
            self._next = max((int(match[1]) for match in taken if match), default=0) + 1
        while True:
            path = folder / f"{self._next:03d}-{safe_name(name)}"
            self._next += 1
            try:
                with path.open("xb") as file:  # never over a file already there
                    file.write(data)
            except FileExistsError:
                continue
            return path

    def _made(self) -> Path:
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix=f"timurovets-{FOLDER_NAME}-"))
        self._folder.mkdir(parents=True, exist_ok=True)
        return self._folder
