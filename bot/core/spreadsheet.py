"""CSV files that Russian Excel opens with a double click, whose cells Excel never takes for a formula, under names
Windows accepts."""

import csv
import io
import re
from collections.abc import Iterable, Sequence

# Excel takes a UTF-8 file for its local code page unless it starts with a byte order mark, and in a Russian
# locale it splits columns at «;» (the comma is the decimal separator there).
BOM = "\ufeff"
SEPARATOR = ";"
# OWASP's rule for CSV injection: a cell that begins with one of these is a formula to Excel (a name like
# «=HYPERLINK(…)» or «@SUM(…)»), so it is written with a leading apostrophe, which Excel shows as plain text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> object:
    """A cell as written: text that could start a formula is defused; numbers and everything else stay."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_bytes(rows: Iterable[Sequence[object]]) -> bytes:
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=SEPARATOR, lineterminator="\r\n")
    writer.writerows([cell(value) for value in row] for row in rows)
    return out.getvalue().encode("utf-8")


# Windows refuses these characters in a file name, and a name ending in a dot or a space; these device names it
# takes for a device whatever follows them. Everything else, Cyrillic too, is fine.
_NOT_IN_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_DEVICES = {"CON", "PRN", "AUX", "NUL", *(f"{port}{n}" for port in ("COM", "LPT") for n in range(1, 10))}
NAME_LIMIT = 120  # characters before the extension: well within Windows' 255, and readable in a list of files


def file_name(title: str, extension: str = "csv") -> str:
    """`title.extension` as Windows accepts it: what it refuses becomes a space, and the title a readable one."""
    stem = " ".join(_NOT_IN_NAMES.sub(" ", title).split())[:NAME_LIMIT].rstrip(". ")
    if stem.split(".")[0].upper() in _DEVICES:
        stem = f"_{stem}"
    return f"{stem or 'file'}.{extension}"
