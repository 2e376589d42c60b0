"""Text normalisation shared by import, search and letters."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NOT_NAME = re.compile(r"[^A-Z0-9 ]+")


def clean(value: object) -> str:
    """A cell as tidy text: trimmed, inner runs of white space made one space."""
    if value is None:
        return ""
    return _SPACES.sub(" ", str(value)).strip()


def display_name(raw: object) -> str:
    """A name as it will be printed: upper case, single spaces, accents and apostrophes kept
    (MA'RUF, ANDRÉ), typographic apostrophes made plain."""
    text = unicodedata.normalize("NFC", clean(raw)).replace("’", "'").replace("`", "'")
    return text.upper()


def search_key(text: str) -> str:
    """The form names are searched in: upper case, no accents, no punctuation, single spaces.

    "Ma'ruf" → "MARUF", "André" → "ANDRE", "Nur  Aini" → "NUR AINI".
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).upper()
    text = text.replace("'", "").replace("’", "")
    return _SPACES.sub(" ", _NOT_NAME.sub(" ", text)).strip()


def has_foreign_letters(text: str) -> bool:
    """Whether `text` holds letters of a script other than Latin (Cyrillic, CJK,
    Devanagari …): the KPU list never does, and the search key would drop them."""
    return any(ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN")
               for ch in text if not ch.isascii())


def format_count(n: int) -> str:
    """12345 → '12.345': counts for people carry the Indonesian thousands dot everywhere."""
    return f"{n:,}".replace(",", ".")


def format_percent(part: int, whole: int) -> str:
    """964, 1000 → '96,4%': one decimal with the Indonesian comma; '–' when there is no
    whole to count against."""
    if whole <= 0:
        return "–"
    return f"{100 * part / whole:.1f}%".replace(".", ",")
