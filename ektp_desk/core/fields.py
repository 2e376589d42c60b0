"""Pure parsers for the cells of a KPU list (docs/domain.md, "The KPU list").

Each parser takes a cell as python-calamine or the csv module gives it (str, float, int,
date, datetime) and returns the stored form. Conventions: ``None`` means the cell is
empty; a non-empty cell that cannot be understood raises ``ValueError``. Values repeat a
lot in a list of 100,000 people (birth dates, sexes, KETERANGAN notes), so the text
parsers are cached.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from ektp_desk.core import nik as nik_rules
from ektp_desk.core import text as core_text

EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 0; right for every serial after Feb 1900
EXCEL_MAX_SERIAL = 2_958_465  # 9999-12-31
_EPOCH_ORDINAL = EXCEL_EPOCH.toordinal()
MIN_YEAR = 1850  # a four-digit year before this is a misreading, not a birth date


# --- cells as text -------------------------------------------------------------------------

def cell_text(value: object) -> str:
    """A cell as tidy text: '' for empty, numbers without a useless '.0', dates as ISO."""
    if value is None:
        return ""
    if type(value) is str:
        if "  " in value or "\n" in value or "\t" in value or value[:1].isspace() \
                or value[-1:].isspace():
            return " ".join(value.split())
        return value
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return " ".join(str(value).split())


def _key(value: object) -> str:
    """Upper case letters and digits only: the lookup key of small vocabularies."""
    return _NOT_ALNUM.sub("", cell_text(value).upper())


_NOT_ALNUM = re.compile(r"[^A-Z0-9]+")


# --- dates ---------------------------------------------------------------------------------

MONTHS: dict[str, int] = {
    "JANUARI": 1, "JANUARY": 1, "JAN": 1,
    "FEBRUARI": 2, "PEBRUARI": 2, "FEBRUARY": 2, "FEB": 2, "PEB": 2,
    "MARET": 3, "MARCH": 3, "MAR": 3,
    "APRIL": 4, "APR": 4,
    "MEI": 5, "MAY": 5,
    "JUNI": 6, "JUNE": 6, "JUN": 6,
    "JULI": 7, "JULY": 7, "JUL": 7,
    "AGUSTUS": 8, "AUGUST": 8, "AGU": 8, "AGT": 8, "AGS": 8, "AGST": 8, "AUG": 8,
    "SEPTEMBER": 9, "SEPT": 9, "SEP": 9,
    "OKTOBER": 10, "OCTOBER": 10, "OKT": 10, "OCT": 10,
    "NOVEMBER": 11, "NOPEMBER": 11, "NOV": 11, "NOP": 11,
    "DESEMBER": 12, "DECEMBER": 12, "DES": 12, "DEC": 12,
}
MONTH_NAMES_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
                  "September", "Oktober", "November", "Desember")

# A time of day after a date ("14/02/2007 0:00", "2007-02-14 00:00:00") is dropped.
_TRAILING_TIME = re.compile(r"(?:[ T]+\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?(?:\s*[AP]M)?)$",
                            re.IGNORECASE)
_NUMERIC = re.compile(r"^(\d{1,4})\s*[-/.\s]\s*(\d{1,2})\s*[-/.\s]\s*(\d{1,4})$")
_WORD_MONTH = re.compile(r"^(\d{1,2})\s*[-/.\s,]\s*([A-Za-z]+)\.?\s*[-/.\s,]\s*(\d{4}|\d{2})$")


def excel_serial_date(serial: float) -> dt.date:
    """The date of an Excel serial number (days since 1899-12-30); ValueError if absurd."""
    if serial != serial or not 1 <= serial <= EXCEL_MAX_SERIAL:
        raise ValueError(f"not an Excel date serial: {serial!r}")
    return dt.date.fromordinal(_EPOCH_ORDINAL + int(serial))


def _ymd(year: int, month: int, day: int, two_digit: bool, today: dt.date) -> dt.date | None:
    try:
        if two_digit:
            return nik_rules.century_date(day, month, year, today)
        if year < MIN_YEAR:  # "20070214" read day first would be the year 214
            return None
        return dt.date(year, month, day)
    except ValueError:
        return None


@lru_cache(maxsize=65_536)
def _parse_date_text(text: str, today: dt.date) -> tuple[dt.date | None, bool]:
    """(date or None if unreadable, exact) for a non-empty text; exact is False when the
    century was guessed from a two-digit year."""
    text = _TRAILING_TIME.sub("", text.strip()).strip()
    match = _NUMERIC.match(text)
    if match:
        first, second, third = match.groups()
        if len(first) == 4:  # 2007-02-14, 2007/2/14
            return _ymd(int(first), int(second), int(third), False, today), True
        if len(third) == 4:  # day first: 14-02-2007, 14/2/2007, 14.02.2007
            return _ymd(int(third), int(second), int(first), False, today), True
        if len(third) == 2:  # 14/2/07
            return _ymd(int(third), int(second), int(first), True, today), False
        return None, True
    match = _WORD_MONTH.match(text)
    if match:
        day, word, year = match.groups()
        month = MONTHS.get(word.upper())
        if month is None:
            return None, True
        two = len(year) == 2
        return _ymd(int(year), month, int(day), two, today), not two
    if text.isdigit() and text.isascii():
        if len(text) == 8:  # 14022007, or 20070214
            found = _ymd(int(text[4:]), int(text[2:4]), int(text[:2]), False, today)
            if found is None:
                found = _ymd(int(text[:4]), int(text[4:6]), int(text[6:]), False, today)
            return found, True
        if len(text) == 5:  # an Excel serial exported as text
            return excel_serial_date(int(text)), True
    return None, True


def parse_date_detail(value: object, today: dt.date) -> tuple[dt.date | None, bool]:
    """(date, exact) of a birth-date cell; (None, True) for an empty cell.

    Accepts date/datetime cells, Excel serial numbers (epoch 1899-12-30) and text in the
    forms KPU lists use, day first: "14-02-2007", "14/2/07", "14.02.2007", "2007-02-14",
    "14 Februari 2007", "14 FEB 2007", "14-Feb-07". A two-digit year takes the latest
    century that does not put the date in the future (then `exact` is False: the raw text
    is worth keeping). Raises ValueError for a non-empty cell that is not a date.
    """
    if value is None or value == "":
        return None, True
    if isinstance(value, dt.datetime):
        return value.date(), True
    if isinstance(value, dt.date):
        return value, True
    if isinstance(value, bool):
        raise ValueError(f"not a date: {value!r}")
    if isinstance(value, int | float):
        return excel_serial_date(value), True
    text = str(value)
    if not text.strip():
        return None, True
    found, exact = _parse_date_text(text, today)
    if found is None:
        raise ValueError(f"not a date: {text!r}")
    return found, exact


def parse_date(value: object, today: dt.date) -> dt.date | None:
    """A birth-date cell as a date (None if empty); ValueError if it is not a date.
    See :func:`parse_date_detail` for the accepted forms."""
    return parse_date_detail(value, today)[0]


def format_date_id(day: dt.date) -> str:
    """14 Februari 2007"""
    return f"{day.day} {MONTH_NAMES_ID[day.month - 1]} {day.year}"


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day `years` earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def age_on(birth: dt.date, day: dt.date) -> int:
    """Completed years on `day`."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


# Older than anyone alive: a typo (1896 for 1996), not a person to call in.
MAX_AGE_YEARS = 130
BIRTH_FUTURE = "tanggal_lahir_masa_depan"
BIRTH_TOO_OLD = "tanggal_lahir_terlalu_lama"


def implausible_birth(birth: dt.date, today: dt.date) -> str | None:
    """BIRTH_FUTURE for a birth date after `today`, BIRTH_TOO_OLD for one more than
    MAX_AGE_YEARS before it, else None."""
    if birth > today:
        return BIRTH_FUTURE
    if birth < years_before(today, MAX_AGE_YEARS):
        return BIRTH_TOO_OLD
    return None


def parse_placeholder(pattern: object) -> tuple[int, int | None]:
    """(day, month or None) of a ``placeholder_birth_dates`` entry: "DD-MM" (a day of a
    month, e.g. "01-07") or "DD" (that day of every month, e.g. "15"). ValueError when it
    is neither, or names no real day."""
    parts = re.split(r"[-/.\s]+", str(pattern).strip())
    if not 1 <= len(parts) <= 2 or not all(p.isascii() and p.isdigit() for p in parts):
        raise ValueError(f"not DD-MM or DD: {pattern!r}")
    day = int(parts[0])
    month = int(parts[1]) if len(parts) == 2 else None
    dt.date(2000, month or 1, day)  # ValueError for day 32 or month 13; 2000 has 29-02
    return day, month


def placeholder_matcher(patterns: Iterable[str]) -> Callable[[dt.date], bool]:
    """A test for placeholder birth dates from the setting ``placeholder_birth_dates``
    (entries as :func:`parse_placeholder` reads them)."""
    days: set[int] = set()
    day_months: set[tuple[int, int]] = set()
    for pattern in patterns:
        try:
            day, month = parse_placeholder(pattern)
        except ValueError:
            continue  # a setting stored before it was checked must not stop an import
        if month is None:
            days.add(day)
        else:
            day_months.add((day, month))

    def is_placeholder(day: dt.date) -> bool:
        return day.day in days or (day.day, day.month) in day_months

    return is_placeholder


# --- sex and marital status --------------------------------------------------------------

_SEX: dict[str, str] = {
    "L": "L", "LK": "L", "LAKI": "L", "LAKILAKI": "L", "LAKI2": "L", "LLAKI": "L",
    "PRIA": "L", "COWOK": "L", "M": "L", "MALE": "L", "1": "L",
    "P": "P", "PR": "P", "PRP": "P", "PEREMPUAN": "P", "WANITA": "P", "W": "P", "WNT": "P",
    "F": "P", "FEMALE": "P", "2": "P",
}


@lru_cache(maxsize=1024)
def _sex_text(text: str) -> str | None:
    return _SEX.get(_key(text))


def parse_sex(value: object) -> str | None:
    """'L' or 'P' from L/P, LK/PR, LAKI-LAKI/PEREMPUAN, PRIA/WANITA (and SIAK's 1/2);
    None if empty; ValueError if not understood."""
    if value is None or value == "":
        return None
    found = _sex_text(value if isinstance(value, str) else cell_text(value))
    if found is None:
        if not cell_text(value):
            return None
        raise ValueError(f"unknown sex: {value!r}")
    return found


_MARITAL: dict[str, str] = {
    "B": "B", "BK": "B", "BELUMKAWIN": "B", "BELUMMENIKAH": "B", "BLMKAWIN": "B",
    "TIDAKKAWIN": "B", "LAJANG": "B", "1": "B",
    "S": "S", "K": "S", "KAWIN": "S", "SUDAHKAWIN": "S", "MENIKAH": "S", "SUDAHMENIKAH": "S",
    "SK": "S", "2": "S",
    "P": "P", "PERNAHKAWIN": "P", "PERNAHMENIKAH": "P", "CERAI": "P", "CERAIHIDUP": "P",
    "CERAIMATI": "P", "CH": "P", "CM": "P", "JANDA": "P", "DUDA": "P", "3": "P", "4": "P",
}


@lru_cache(maxsize=1024)
def _marital_text(text: str) -> str | None:
    return _MARITAL.get(_key(text))


def parse_marital(value: object) -> str | None:
    """'B' (belum kawin), 'S' (sudah kawin) or 'P' (pernah kawin: cerai hidup/mati) from
    the B/S/P codes or the words; None if empty; ValueError if not understood."""
    if value is None or value == "":
        return None
    found = _marital_text(value if isinstance(value, str) else cell_text(value))
    if found is None:
        if not cell_text(value):
            return None
        raise ValueError(f"unknown marital status: {value!r}")
    return found


# --- RT / RW -------------------------------------------------------------------------------

_RT_ONLY = re.compile(r"^(?:R\.?\s*T\.?)?\s*[:.]?\s*0*(\d{1,3})$", re.IGNORECASE)
_RW_ONLY = re.compile(r"^(?:R\.?\s*W\.?)?\s*[:.]?\s*0*(\d{1,3})$", re.IGNORECASE)
_RT_RW_CELL = re.compile(
    r"^(?:RT\s*[./:]?\s*)?0*(\d{1,3})\s*(?:[/,\-]|\s)\s*(?:RW\s*[./:]?\s*)?0*(\d{1,3})$",
    re.IGNORECASE)
_RT_RW_SLASH_CELL = re.compile(r"^RT\s*/\s*RW\s*[.:]?\s*0*(\d{1,3})\s*/\s*0*(\d{1,3})$",
                               re.IGNORECASE)
# Inside an address: "RT 01/RW 02", "RT.001 RW.002", "Rt 1 Rw 2", "RT/RW 001/002"
_ADDR_PAIR = re.compile(
    r"\bRT\s*[./:]?\s*0*(\d{1,3})\s*(?:[/,]\s*)?RW\s*[./:]?\s*0*(\d{1,3})\b", re.IGNORECASE)
_ADDR_SLASH = re.compile(r"\bRT\s*/\s*RW\s*[.:]?\s*0*(\d{1,3})\s*/\s*0*(\d{1,3})\b",
                         re.IGNORECASE)
_ADDR_RT = re.compile(r"\bRT\s*[./:]?\s*0*(\d{1,3})\b", re.IGNORECASE)
_ADDR_RW = re.compile(r"\bRW\s*[./:]?\s*0*(\d{1,3})\b", re.IGNORECASE)
_ADDR_TIDY_COMMAS = re.compile(r"\s*([,;])(?:\s*[,;])*\s*")


def _three(number: str) -> str | None:
    value = int(number)
    return f"{value:03d}" if value > 0 else None


def parse_rt(value: object, *, rw: bool = False) -> str | None:
    """An RT (or, with ``rw=True``, RW) cell as '001'; None if empty or 0; ValueError
    if not a number from 1 to 999. Accepts "1", "01", "001", "RT 01", "RT.1", 1.0."""
    text = cell_text(value)
    if not text:
        return None
    match = (_RW_ONLY if rw else _RT_ONLY).match(text)
    if not match:
        raise ValueError(f"not an {'RW' if rw else 'RT'}: {text!r}")
    return _three(match.group(1))


def parse_rt_rw(value: object) -> tuple[str | None, str | None]:
    """A cell holding both, "RT 01/RW 02", "001/002", "RT/RW 1/2", as ('001', '002');
    (None, None) if empty; ValueError if not understood."""
    text = cell_text(value)
    if not text:
        return None, None
    match = _RT_RW_SLASH_CELL.match(text) or _RT_RW_CELL.match(text)
    if not match:
        raise ValueError(f"not an RT/RW: {text!r}")
    return _three(match.group(1)), _three(match.group(2))


def split_address(address: str) -> tuple[str, str | None, str | None]:
    """(address without its RT/RW, rt, rw) for an address that mentions them:
    "JL. MERDEKA NO. 5 RT 01/RW 02" → ("JL. MERDEKA NO. 5", "001", "002")."""
    if not address or ("rt" not in address and "RT" not in address
                       and "Rt" not in address and "rw" not in address.lower()):
        return address, None, None
    rt = rw = None
    rest = address
    for pattern in (_ADDR_SLASH, _ADDR_PAIR):
        match = pattern.search(rest)
        if match:
            rt, rw = _three(match.group(1)), _three(match.group(2))
            rest = rest[:match.start()] + " " + rest[match.end():]
            break
    else:
        match = _ADDR_RT.search(rest)
        if match:
            rt = _three(match.group(1))
            rest = rest[:match.start()] + " " + rest[match.end():]
        match = _ADDR_RW.search(rest)
        if match:
            rw = _three(match.group(1))
            rest = rest[:match.start()] + " " + rest[match.end():]
    if rest is address:
        return address, None, None
    rest = _ADDR_TIDY_COMMAS.sub(lambda m: m.group(1) + " ", rest)
    rest = " ".join(rest.split()).strip(" ,;-/")
    return rest, rt, rw


# --- disability and warga binaan ---------------------------------------------------------

DISABILITY_TYPES = ("Fisik", "Intelektual", "Mental", "Sensorik Netra", "Sensorik Rungu",
                    "Sensorik Wicara")
DISABILITY_UNSPECIFIED = "Lainnya"

_DISABILITY_WORDS: tuple[tuple[str, str], ...] = (
    ("Fisik", r"FISIK|T(?:UNA)?\s*DAKSA|DAKSA|LUMPUH\w*|KURSI\s*RODA|AMPUTASI|POLIO|"
              r"CACAT\s*(?:KAKI|TANGAN)|STROKE|KUSTA"),
    ("Intelektual", r"INTELEKTUAL|T(?:UNA)?\s*GRAHITA|GRAHITA|DOWN\s*SYNDROME|RETARDASI|"
                    r"LAMBAT\s*BELAJAR|SLOW\s*LEARNER"),
    ("Mental", r"MENTAL|ODGJ|GANGGUAN\s*JIWA|PSIKOSOSIAL|SKIZOFRENIA|AUTIS\w*|BIPOLAR|"
               r"DEPRESI|T(?:UNA)?\s*LARAS"),
    ("Sensorik Netra", r"NETRA|T(?:UNA)?\s*NETRA|BUTA|LOW\s*VISION"),
    ("Sensorik Rungu", r"RUNGU|T(?:UNA)?\s*RUNGU|TULI|RUNGU\s*WICARA"),
    ("Sensorik Wicara", r"WICARA|T(?:UNA)?\s*WICARA|BISU|RUNGU\s*WICARA"),
)
_DISABILITY_RES = tuple((label, re.compile(rf"(?<![A-Z])(?:{words})(?![A-Z])"))
                        for label, words in _DISABILITY_WORDS)
_GENERIC_DISABILITY = re.compile(
    r"(?<![A-Z])(?:DISABILITAS|DIFABEL|DISABEL|CACAT|TUNA|BERKEBUTUHAN\s*KHUSUS|ABK|"
    r"PENYANDANG)(?![A-Z])")
_NO_DISABILITY = re.compile(
    r"(?<![A-Z])(?:BUKAN|NON|TIDAK|TDK|TANPA|NORMAL)\s*(?:ADA\s*)?(?:PENYANDANG\s*)?"
    r"(?:DISABILITAS|DIFABEL|CACAT)?(?![A-Z])")
_NONE_WORDS = frozenset({"", "0", "TIDAK", "TDK", "T", "N", "NO", "NON", "BUKAN", "TIDAKADA",
                         "NORMAL", "NONDISABILITAS", "BUKANDISABILITAS", "TANPADISABILITAS",
                         "SEHAT", "X"})
_YES_WORDS = frozenset({"Y", "YA", "ADA", "1", "V", "DISABILITAS", "DIFABEL", "CACAT",
                        "PENYANDANGDISABILITAS"})


@lru_cache(maxsize=8192)
def _disability_text(text: str, column: bool) -> str | None:
    upper = " ".join(_NOT_ALNUM.sub(" ", text.upper().replace("-", "")).split())
    found = [label for label, pattern in _DISABILITY_RES if pattern.search(upper)]
    if found:
        return ", ".join(found)
    squeezed = upper.replace(" ", "")
    if column:
        if squeezed in _NONE_WORDS or not squeezed:
            return None
        if squeezed in _YES_WORDS or _GENERIC_DISABILITY.search(upper):
            return DISABILITY_UNSPECIFIED
        if _NO_DISABILITY.fullmatch(upper):
            return None
        return DISABILITY_UNSPECIFIED  # something is written in a disability column
    if _NO_DISABILITY.search(upper):
        return None
    if _GENERIC_DISABILITY.search(upper):
        return DISABILITY_UNSPECIFIED
    return None


def parse_disability(value: object, *, column: bool = False) -> str | None:
    """The kinds of disability a cell names, in the terms of docs/domain.md, "Who is a
    target" ("Fisik", "Intelektual", "Mental", "Sensorik Netra", "Sensorik Rungu", "Sensorik
    Wicara"; several joined by ", "), "Lainnya" for a disability of no named kind, None for
    none.

    Knows the usual words: tuna netra/tunanetra, tuna rungu, tuna wicara, tuna daksa,
    grahita, ODGJ, lumpuh, buta, tuli, bisu. With ``column=True`` the cell is a
    DISABILITAS column, where "YA", "ADA" or any unknown word mean a disability and "-",
    "TIDAK" mean none; in KETERANGAN only the words count ("mondok" is not a disability).
    """
    text = cell_text(value)
    if not text or text in ("-", "–"):
        return None
    return _disability_text(text, column)


_INMATE = re.compile(
    r"(?<![A-Z])(?:LAPAS|RUTAN|LPKA|NAPI|NARAPIDANA|WARGA\s*BINAAN|WBP|TAHANAN|"
    r"LEMBAGA\s*PEMASYARAKATAN|RUMAH\s*TAHANAN|PEMASYARAKATAN|BAPAS)(?![A-Z])")


@lru_cache(maxsize=8192)
def _inmate_text(text: str) -> bool:
    return _INMATE.search(" ".join(_NOT_ALNUM.sub(" ", text.upper()).split())) is not None


def is_inmate(value: object) -> bool:
    """Whether a note or an address says the person is a warga binaan (lapas, rutan,
    napi, narapidana, tahanan, warga binaan, WBP, LPKA)."""
    text = cell_text(value)
    return bool(text) and _inmate_text(text)


# --- names ---------------------------------------------------------------------------------

_ASCII_NOT_KEY = str.maketrans({chr(c): " " for c in range(128)
                                if not (chr(c).isdigit() or "A" <= chr(c) <= "Z")})


def name_fields(raw: object) -> tuple[str, str]:
    """(display name, search key) of a NAMA cell, exactly as
    ``(text.display_name(raw), text.search_key(text.display_name(raw)))``, with a fast path
    for plain ASCII names (nearly all of them)."""
    text = raw if type(raw) is str else cell_text(raw)
    if text.isascii():
        display = " ".join(text.split()).replace("`", "'").upper()
        if display.replace(" ", "").isalnum():  # letters, digits, single spaces: a key as is
            return display, display
        key = " ".join(display.replace("'", "").translate(_ASCII_NOT_KEY).split())
        return display, key
    display = core_text.display_name(text)
    return display, core_text.search_key(display)


# --- birth place and date in one cell -----------------------------------------------------

_PLACE_DATE = re.compile(r"^(.*?)[\s,/]+(\d.*)$")


def split_place_date(value: object) -> tuple[str, str]:
    """ "PEKALONGAN, 14-02-2007" → ("PEKALONGAN", "14-02-2007"); for TEMPAT/TGL LAHIR."""
    text = cell_text(value)
    if not text:
        return "", ""
    if "," in text:
        place, _, rest = text.rpartition(",")
        if any(ch.isdigit() for ch in rest):
            return place.strip(), rest.strip()
    match = _PLACE_DATE.match(text)
    if match:
        return match.group(1).strip(" ,"), match.group(2).strip()
    return text, ""


# --- category ------------------------------------------------------------------------------

def category(
    birth: dt.date | None,
    *,
    disability: str | None,
    inmate: bool,
    previous_election: dt.date,
) -> str:
    """The drive's category (codes of :mod:`ektp_desk.core.status`), the first that applies:
    warga_binaan, disabilitas, pemula, lainnya.

    Pemula: not yet 17 on the previous election day, so this election is their first.
    Those not yet 17 on this election day are pemula too (16-year-olds may already record);
    the importer flags them with a warning.
    """
    if inmate:
        return "warga_binaan"
    if disability:
        return "disabilitas"
    if birth is not None and birth > years_before(previous_election, 17):
        return "pemula"
    return "lainnya"
