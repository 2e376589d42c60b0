"""Type and code primitives of the letters and the delivery list: the bundled font
(Liberation Sans, Arial's metrics, SIL OFL; registered once per process), text made
printable in it, greedy line breaking with a cache, and the QR code as PDF operators.
"""

from __future__ import annotations

import math
import unicodedata
from functools import lru_cache

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ektp_desk import paths

FONT = "EktpSans"
FONT_BOLD = "EktpSans-Bold"
FONT_FILES = {FONT: "LiberationSans-Regular.ttf", FONT_BOLD: "LiberationSans-Bold.ttf"}

PAPER_SIZES: dict[str, tuple[float, float]] = {
    "A4": (210 * mm, 297 * mm),
    "F4": (215 * mm, 330 * mm),
}


def register_fonts() -> None:
    """Register the bundled TrueType family once per process (reportlab's registry is
    global); ``<b>`` in platypus paragraphs then picks the bold face."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    for name, file in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(paths.resource("letters", "fonts", file))))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT,
                                  boldItalic=FONT_BOLD)


@lru_cache(maxsize=1)
def _font_chars() -> frozenset[int]:
    register_fonts()
    return frozenset(pdfmetrics.getFont(FONT).face.charToGlyph)


@lru_cache(maxsize=16384)
def printable(text: str) -> str:
    """The text with typographic quotes made plain and every character the font lacks
    replaced by its base letter (or '?'), so nothing prints as an empty box."""
    text = unicodedata.normalize("NFC", text).replace("\u2019", "'").replace("`", "'")
    chars = _font_chars()
    if all(ord(ch) in chars for ch in text):
        return text
    out = []
    for ch in text:
        if ord(ch) in chars:
            out.append(ch)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", ch)
                       if not unicodedata.combining(c))
        out.append(base if base and all(ord(c) in chars for c in base) else "?")
    return "".join(out)


def string_width(text: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, font, size)


@lru_cache(maxsize=8192)
def wrap(text: str, font: str, size: float, width: float, first_indent: float = 0.0
         ) -> tuple[tuple[str, float], ...]:
    """Greedy line breaking: ((line, natural width), …). A word longer than a line is cut
    (a 60-letter name without spaces still never overflows). Cached: the same paragraph
    for every person of a slot is broken once."""
    words = text.split()
    if not words:
        return ()
    space = string_width(" ", font, size)
    lines: list[tuple[str, float]] = []
    current: list[str] = []
    current_w = 0.0
    limit = width - first_indent
    for word in words:
        word_w = string_width(word, font, size)
        while word_w > width:  # cut an overlong word where it fills the line
            room = limit - (current_w + space if current else 0.0)
            cut = _fit_chars(word, font, size, room)
            if cut == 0:
                if current:
                    lines.append((" ".join(current), current_w))
                    current, current_w, limit = [], 0.0, width
                    continue
                cut = 1
            head = word[:cut]
            head_w = string_width(head, font, size)
            if current:
                current.append(head)
                current_w += space + head_w
            else:
                current, current_w = [head], head_w
            lines.append((" ".join(current), current_w))
            current, current_w, limit = [], 0.0, width
            word = word[cut:]
            word_w = string_width(word, font, size)
        if not current:
            current, current_w = [word], word_w
        elif current_w + space + word_w <= limit + 0.01:
            current.append(word)
            current_w += space + word_w
        else:
            lines.append((" ".join(current), current_w))
            current, current_w, limit = [word], word_w, width
    lines.append((" ".join(current), current_w))
    return tuple(lines)


def _fit_chars(word: str, font: str, size: float, room: float) -> int:
    """How many leading characters of `word` fit in `room` points."""
    count = 0
    for i in range(1, len(word) + 1):
        if string_width(word[:i], font, size) > room:
            break
        count = i
    return count


@lru_cache(maxsize=4)  # each letter's code is unique: only layout and drawing share it
def qr_modules(payload: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """The QR code of `payload` (error correction M) as (size in modules, dark runs
    (row, first column, length)); row 0 is the top."""
    import zxingcpp

    code = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    pixels = bytes(memoryview(code.to_image(scale=1, add_quiet_zones=False)))
    n = math.isqrt(len(pixels))
    runs = []
    for row in range(n):
        line = pixels[row * n:(row + 1) * n]
        col = 0
        while col < n:
            if line[col] == 0:  # 0 = dark module
                start = col
                while col < n and line[col] == 0:
                    col += 1
                runs.append((row, start, col - start))
            else:
                col += 1
    return n, tuple(runs)


def qr_path(payload: str, x: float, y: float, width: float) -> str:
    """PDF operators drawing the QR code's symbol (quiet zone not included) as one filled
    path with its lower-left corner at (x, y): one rectangle per run of dark modules."""
    n, runs = qr_modules(payload)
    module = width / n
    ops = [f"q 0 g {module:.4f} 0 0 {module:.4f} {x:.2f} {y:.2f} cm"]
    ops.extend(f"{col} {n - 1 - row} {length} 1 re" for row, col, length in runs)
    ops.append("f Q")
    return "\n".join(ops)
