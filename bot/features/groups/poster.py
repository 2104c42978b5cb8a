"""The join poster: a group's QR code with its name, code and link printed under it, to show in class or print.

Pillow (which matplotlib needs anyway), segno and matplotlib's own DejaVu font (it has Cyrillic letters) are loaded
only when a poster is drawn: most updates never draw one, and the bot's resident memory should not carry them
(docs/benchmarks.md, memory).
"""

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.ImageFont import FreeTypeFont

QUIET_ZONE = 4  # modules of white around the code: what the QR standard asks, so every phone's camera finds it
WIDTH = 800  # pixels, about: sharp on a printed A5 sheet and under Telegram's 1280 for photos
MARGIN = 0.06  # of the width, left and right of the text


@dataclass(frozen=True)
class Line:
    text: str
    size: float  # of the width
    bold: bool = False


def poster_png(link: str, lines: Sequence[Line]) -> bytes:
    """The QR code of `link` with its quiet zone, and the lines under it, each wrapped to the width."""
    import segno
    from PIL import Image, ImageDraw

    code = segno.make(link, error="m")
    modules = code.symbol_size(border=QUIET_ZONE)[0]
    scale = max(WIDTH // modules, 4)
    drawn = io.BytesIO()
    code.save(drawn, kind="png", scale=scale, border=QUIET_ZONE)
    qr = Image.open(drawn).convert("L")
    width = qr.width
    margin = round(width * MARGIN)
    words = [(font(line, width), line) for line in lines]
    wrapped = [(face, list(wrap(line.text, face, width - 2 * margin))) for face, line in words]
    gap = round(width * 0.02)
    height = qr.height + sum(line_height(face) * len(rows) + gap for face, rows in wrapped) + margin
    poster = Image.new("L", (width, height), 255)
    poster.paste(qr, (0, 0))
    pen = ImageDraw.Draw(poster)
    top = qr.height
    for face, rows in wrapped:
        for row in rows:
            pen.text((width / 2, top), row, font=face, fill=0, anchor="ma")
            top += line_height(face)
        top += gap
    out = io.BytesIO()
    poster.save(out, format="PNG", optimize=True)
    return out.getvalue()


def font(line: Line, width: int) -> "FreeTypeFont":
    import matplotlib
    from PIL import ImageFont

    name = "DejaVuSans-Bold.ttf" if line.bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name), round(width * line.size))


def line_height(face: "FreeTypeFont") -> int:
    return round(face.size * 1.3)


def wrap(text: str, face: "FreeTypeFont", width: int) -> Iterator[str]:
    """The text in rows no wider than `width`, broken between words; a word too long for a row (a link) is broken
    where it has to be."""
    row = ""
    for word in text.split():
        candidate = f"{row} {word}" if row else word
        if face.getlength(candidate) <= width:
            row = candidate
            continue
        if row:
            yield row
        row = word
        while face.getlength(row) > width:
            cut = next(n for n in range(len(row), 0, -1) if face.getlength(row[:n]) <= width or n == 1)
            yield row[:cut]
            row = row[cut:]
    if row:
        yield row
