"""NIK and NKK: normalising, parsing, validating and masking.

NIK = ``PP KK CC DDMMYY SSSS``: region of first registration, birth date (women: day + 40),
serial. There is no check digit. Hard errors reject a row; warnings keep it, flagged.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ektp_desk.core import messages

PROVINCE_CODES = frozenset(
    [11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53,
     61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96]
)

# Reasons a NIK is refused; each code is also its message's id in the catalogue.
EMPTY = "nik_kosong"
SCIENTIFIC = "nik_notasi_ilmiah"
NUMBER_LOST_DIGIT = "nik_angka_excel"
NOT_DIGITS = "nik_bukan_angka"
WRONG_LENGTH = "nik_panjang_salah"
UNKNOWN_PROVINCE = "nik_provinsi_tidak_dikenal"
BAD_MONTH = "nik_bulan_salah"
BAD_DAY = "nik_tanggal_salah"
NOT_A_DATE = "nik_tanggal_tidak_ada"
ZERO_SERIAL = "nik_nomor_urut_nol"

REASONS = (EMPTY, SCIENTIFIC, NUMBER_LOST_DIGIT, NOT_DIGITS, WRONG_LENGTH, UNKNOWN_PROVINCE,
           BAD_MONTH, BAD_DAY, NOT_A_DATE, ZERO_SERIAL)

messages.register({
    EMPTY: ("NIK kosong", "NIK is empty"),
    SCIENTIFIC: (
        "NIK tertulis dalam notasi ilmiah ({raw}): Excel sudah membuang digit terakhir, "
        "ketik ulang NIK sebagai teks",
        "NIK is in scientific notation ({raw}): Excel has dropped the last digit; "
        "retype the NIK as text",
    ),
    NUMBER_LOST_DIGIT: (
        "NIK tersimpan sebagai angka di Excel dan digit ke-16 mungkin hilang ({raw}); "
        "ketik ulang NIK sebagai teks",
        "NIK is stored as a number in Excel and its 16th digit may be lost ({raw}); "
        "retype the NIK as text",
    ),
    NOT_DIGITS: (
        "NIK berisi huruf atau tanda lain ({raw})",
        "NIK contains letters or symbols ({raw})",
    ),
    WRONG_LENGTH: (
        "NIK harus 16 angka, tertulis {length} angka ({raw})",
        "NIK must be 16 digits, found {length} ({raw})",
    ),
    UNKNOWN_PROVINCE: (
        "Kode provinsi {code} di NIK tidak dikenal",
        "Province code {code} in the NIK is unknown",
    ),
    BAD_MONTH: (
        "Bulan lahir di NIK ({month}) tidak sah",
        "Birth month in the NIK ({month}) is invalid",
    ),
    BAD_DAY: (
        "Tanggal lahir di NIK ({day}) tidak sah (01–31 laki-laki, 41–71 perempuan)",
        "Birth day in the NIK ({day}) is invalid (01–31 men, 41–71 women)",
    ),
    NOT_A_DATE: (
        "Tanggal lahir di NIK tidak ada di kalender ({day}-{month})",
        "Birth date in the NIK is not a calendar date ({day}-{month})",
    ),
    ZERO_SERIAL: ("Nomor urut NIK 0000 tidak sah", "NIK serial 0000 is invalid"),
})

_SCIENTIFIC = re.compile(r"^\s*'?\s*[0-9]+(?:[.,][0-9]+)?\s*[eE]\s*\+?\s*[0-9]+\s*$")
_SEPARATORS = str.maketrans("", "", " .-\u00a0\t")
MASK_CHAR = "•"  # a hidden digit of a masked NIK or NKK


class NikError(ValueError):
    """A NIK that must be refused; `code` is one of the constants above."""

    def __init__(self, reason: str, /, **params: object) -> None:
        self.code = reason
        self.params = params
        super().__init__(reason_text(reason, **params))


def reason_text(reason: str, /, lang: str | None = None, **params: object) -> str:
    """The words for a refusal reason, in `lang` ('id' or 'en'; default: the current one)."""
    return messages.text_in(lang or messages.language(), reason, **params)


@dataclass(frozen=True, slots=True)
class Nik:
    value: str
    region: str  # 6 digits, where the NIK was first registered
    birth_date: dt.date
    sex: str  # 'L' or 'P'
    serial: str

    @property
    def province(self) -> str:
        return self.value[:2]

    @property
    def kecamatan_code(self) -> str:
        return self.value[:6]


def normalize(raw: object) -> str:
    """The NIK's digits as text, or raise NikError.

    Accepts text with spaces, dots, hyphens or a leading apostrophe, and numbers from
    spreadsheet cells. A float/int cell is trusted only when it cannot have come from Excel's
    15-significant-digit rounding (its last digit is not 0); text in scientific notation is
    never "repaired": the 16th digit is gone for good.
    """
    if raw is None:
        raise NikError(EMPTY)
    if isinstance(raw, bool):
        raise NikError(NOT_DIGITS, raw=raw)
    if isinstance(raw, int | float):
        return _from_number(raw)
    text = str(raw).strip()
    if not text:
        raise NikError(EMPTY)
    if _SCIENTIFIC.match(text):
        raise NikError(SCIENTIFIC, raw=text)
    text = text.lstrip("'’`").translate(_SEPARATORS)
    if not text:
        raise NikError(EMPTY)
    if not text.isascii() or not text.isdigit():
        raise NikError(NOT_DIGITS, raw=str(raw).strip())
    return text


def _from_number(value: float) -> str:
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")) or not value.is_integer():
            raise NikError(NOT_DIGITS, raw=value)
        value = int(value)
    text = str(value)
    if len(text) == 16 and text.endswith("0"):
        raise NikError(NUMBER_LOST_DIGIT, raw=text)
    return text


def century_date(day: int, month: int, yy: int, today: dt.date) -> dt.date:
    """The date with the latest century that does not put it in the future."""
    year = (today.year // 100) * 100 + yy
    if year > today.year:
        year -= 100
    candidate = dt.date(year, month, day)
    if candidate > today:
        candidate = dt.date(year - 100, month, day)
    return candidate


def parse(raw: object, today: dt.date) -> Nik:
    """Parse and validate a NIK; raise NikError with the first hard error found."""
    digits = normalize(raw)
    if len(digits) != 16:
        raise NikError(WRONG_LENGTH, length=len(digits), raw=digits)
    province = int(digits[:2])
    if province not in PROVINCE_CODES:
        raise NikError(UNKNOWN_PROVINCE, code=digits[:2])
    day, month, yy = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    if not 1 <= month <= 12:
        raise NikError(BAD_MONTH, month=digits[8:10])
    if 1 <= day <= 31:
        sex = "L"
    elif 41 <= day <= 71:
        sex = "P"
        day -= 40
    else:
        raise NikError(BAD_DAY, day=digits[6:8])
    if digits[12:] == "0000":
        raise NikError(ZERO_SERIAL)
    try:
        birth = century_date(day, month, yy, today)
    except ValueError:
        raise NikError(NOT_A_DATE, day=f"{day:02d}", month=digits[8:10]) from None
    return Nik(digits, digits[:6], birth, sex, digits[12:])


@dataclass(frozen=True, slots=True)
class Nkk:
    value: str
    region: str
    recorded_on: dt.date
    serial: str


def parse_nkk(raw: object, today: dt.date) -> Nkk:
    """Parse an NKK (family card number): area(6), recording date DDMMYY (no +40), serial(4).

    Raises NikError with the same reason codes as NIKs (the NKK is never a key, so callers
    usually turn a bad NKK into a warning).
    """
    digits = normalize(raw)
    if len(digits) != 16:
        raise NikError(WRONG_LENGTH, length=len(digits), raw=digits)
    if int(digits[:2]) not in PROVINCE_CODES:
        raise NikError(UNKNOWN_PROVINCE, code=digits[:2])
    day, month, yy = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    if not 1 <= month <= 12:
        raise NikError(BAD_MONTH, month=digits[8:10])
    if not 1 <= day <= 31:
        raise NikError(BAD_DAY, day=digits[6:8])
    if digits[12:] == "0000":
        raise NikError(ZERO_SERIAL)
    try:
        recorded = century_date(day, month, yy, today)
    except ValueError:
        raise NikError(NOT_A_DATE, day=digits[6:8], month=digits[8:10]) from None
    return Nkk(digits, digits[:6], recorded, digits[12:])


def mask(nik: str | None) -> str:
    """A NIK or NKK for lists: only the region of first registration kept, DDMMYY and
    serial hidden, whether the number is valid or not.

    ``3375014102070012`` → ``3375 01•• •••• ••••``. The serial is hidden too: serials count
    up from 0001 for each region and birth date, so a shown serial next to a shown birth
    date gives the whole NIK. Rows that show a masked NIK show the birth year, not the
    date (:func:`ektp_desk.core.people.birth_shown`). A number as the list wrote it but
    refused (15 or 17 digits, a dot or a letter in it) is no less personal: its first six
    characters show only when at least six more stay hidden, else none do.
    """
    if not nik:
        return ""
    text = "".join(str(nik).split())  # regrouped in fours below
    shown = 6 if len(text) >= 12 else 0
    hidden = text[:shown] + MASK_CHAR * (len(text) - shown)
    return " ".join(hidden[i:i + 4] for i in range(0, len(hidden), 4))
