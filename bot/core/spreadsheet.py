"""CSV files that Russian Excel opens with a double click, whose cells Excel never takes for a formula."""

import csv
import io
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
