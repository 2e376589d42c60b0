"""The civil servant's number (NIP) of the letter's signer: 18 digits,
``YYYYMMDD YYYYMM S NNN`` = birth date, start of service (TMT CPNS, year and month), sex
(1 man, 2 woman) and a serial. Printed grouped as ``19700101 199003 1 001`` however it was
typed (docs/domain.md, "The letter").
"""

from __future__ import annotations

import datetime as dt
import re

from ektp_desk.core import messages
from ektp_desk.core.errors import UserError

messages.register({
    "nip_digits": (
        "NIP harus 18 angka (spasi dan titik boleh), bukan '{value}'.",
        "A NIP has 18 digits (spaces and dots allowed), not '{value}'."),
    "nip_birth": (
        "NIP '{value}': 8 angka pertama harus tanggal lahir yang wajar (TTTTBBHH), bukan "
        "{part}.",
        "NIP '{value}': the first 8 digits must be a plausible birth date (YYYYMMDD), not "
        "{part}."),
    "nip_tmt": (
        "NIP '{value}': angka ke-9 s.d. 14 harus tahun dan bulan mulai bekerja (TTTTBB, "
        "setelah umur 17), bukan {part}.",
        "NIP '{value}': digits 9–14 must be the year and month service began (YYYYMM, "
        "after age 17), not {part}."),
    "nip_sex": (
        "NIP '{value}': angka ke-15 harus 1 (pria) atau 2 (wanita), bukan {part}.",
        "NIP '{value}': digit 15 must be 1 (man) or 2 (woman), not {part}."),
    "nip_serial": (
        "NIP '{value}': 3 angka terakhir (nomor urut) tidak boleh 000.",
        "NIP '{value}': the last 3 digits (serial) may not be 000."),
})

_SEPARATORS = re.compile(r"[\s.\-]+")


def digits(text: str) -> str:
    """The NIP's digits without the spaces, dots or dashes it was typed with."""
    return _SEPARATORS.sub("", text)


def validate(text: str, *, today: dt.date | None = None) -> str:
    """The NIP's 18 digits, or UserError naming the part that is wrong."""
    value = digits(text)
    today = today or dt.date.today()
    if not re.fullmatch(r"\d{18}", value):
        raise UserError("nip_digits", value=text)
    try:
        born = dt.date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        born = None
    if born is None or not 1930 <= born.year <= today.year - 17:
        raise UserError("nip_birth", value=text, part=value[:8])
    tmt_year, tmt_month = int(value[8:12]), int(value[12:14])
    if not (1 <= tmt_month <= 12 and born.year + 17 <= tmt_year <= today.year):
        raise UserError("nip_tmt", value=text, part=value[8:14])
    if value[14] not in "12":
        raise UserError("nip_sex", value=text, part=value[14])
    if value[15:] == "000":
        raise UserError("nip_serial", value=text)
    return value


def format_nip(text: str) -> str:
    """'197001011990031001' (or any spacing) → '19700101 199003 1 001'; text that is not
    18 digits is returned as typed (older data: printed, never silently changed)."""
    value = digits(text)
    if not re.fullmatch(r"\d{18}", value):
        return text.strip()
    return f"{value[:8]} {value[8:14]} {value[14]} {value[15:]}"
