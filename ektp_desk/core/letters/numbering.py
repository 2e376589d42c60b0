"""Letter numbers, the letter register (agenda surat keluar) and QR letter codes.

A number comes from the office's pattern (default
``400.12.2.1/{nomor}/Dindukcapil/{bulan_romawi}/{tahun}``: the filing code for identity
documents since Permendagri 83/2022, see docs/domain.md "The letter") and a serial that
restarts each year. Serials are taken from the per-year counter ``letter_serial`` inside the write
transaction that registers the letters (SQLite's ``BEGIN IMMEDIATE``: one writer at a
time), so two batches never share a number; UNIQUE constraints on the number and on
(year, serial) make a shared or reused number impossible even for a buggy caller.

A letter belongs to a *call*: the summons it was first printed for and every summons that
replaced it (a move keeps the call). Printing the call again is a reprint: same number,
same code, one row in ``letter_reprint``.

Letter codes are random (60 bits, base32): they cannot be guessed or derived from another
letter's code, and hold no NIK (UU 27/2022). The QR code holds ``EKTP:<code>``.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import peewee as pw

from ektp_desk.core import audit, messages, models
from ektp_desk.core.errors import UserError
from ektp_desk.core.letters import templates

ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
DEFAULT_PATTERN = "400.12.2.1/{nomor}/Dindukcapil/{bulan_romawi}/{tahun}"
# The filing codes (klasifikasi arsip) a pattern may start with: Profil Kantor offers them
# as a choice. 471.13 is the code before Permendagri 83/2022; an office may keep it.
CLASSIFICATIONS: dict[str, str] = {
    "400.12.2.1": "400.12.2.1 (Permendagri 83/2022)",
    "471.13": "471.13 (kode lama)",
}
PATTERN_FIELDS = {
    "nomor": "nomor urut surat dalam setahun (1, 2, …)",
    "bulan_romawi": "bulan surat dalam angka Romawi (VII)",
    "bulan": "bulan surat dua angka (07)",
    "tahun": "tahun surat (2023)",
}
QR_PREFIX = "EKTP:"
CODE_LENGTH = 12  # 60 random bits in base32

messages.register({
    "number_pattern_field": (
        "Pola nomor surat memakai isian yang tidak dikenal: {{{name}}}. Isian yang dapat "
        "dipakai: {known}.",
        "The letter number pattern uses an unknown placeholder: {{{name}}}. Known: {known}."),
    "number_pattern_needs": (
        "Pola nomor surat harus memuat {{nomor}} dan {{tahun}}, agar setiap nomor berbeda "
        "(nomor urut dimulai lagi dari 1 setiap tahun).",
        "The letter number pattern must contain {{nomor}} and {{tahun}} so every number "
        "differs (the serial restarts at 1 each year)."),
    "letter_code_unknown": (
        "Kode surat '{code}' tidak dikenal. Periksa kodenya, atau cari warga dengan nama/NIK.",
        "Letter code '{code}' is unknown. Check the code, or search by name/NIK."),
    "number_serial_back": (
        "Nomor urut tahun {year} sudah sampai {last}; nomor berikutnya tidak boleh {value} "
        "(nomor surat tidak boleh dipakai dua kali).",
        "Serials of {year} have reached {last}; the next one cannot be {value} (a letter "
        "number is never reused)."),
})


def roman_month(month: int) -> str:
    """7 → 'VII'."""
    if not 1 <= month <= 12:
        raise ValueError(f"month {month}")
    return ROMAN_MONTHS[month - 1]


def validate_pattern(pattern: str) -> str:
    """The pattern, or UserError: unknown placeholder, broken braces, or missing {nomor} /
    {tahun} (without them numbers would repeat)."""
    names = templates.placeholders_in(pattern, part="Pola nomor surat")
    for name in names:
        if name not in PATTERN_FIELDS:
            raise UserError("number_pattern_field", name=name,
                            known=", ".join("{" + k + "}" for k in PATTERN_FIELDS))
    if "nomor" not in names or "tahun" not in names:
        raise UserError("number_pattern_needs")
    return pattern


def classification(pattern: str) -> str | None:
    """The known filing code a pattern starts with ('400.12.2.1'), or None."""
    head = pattern.split("/", 1)[0]
    return head if head in CLASSIFICATIONS else None


def with_classification(pattern: str, code: str) -> str:
    """The pattern with its filing code replaced (the rest, e.g. the office's part, kept);
    a pattern without a known code gets the code in front."""
    if code not in CLASSIFICATIONS:
        raise ValueError(code)
    if classification(pattern) is not None:
        return code + "/" + pattern.split("/", 1)[1]
    return f"{code}/{pattern}"


def format_number(pattern: str, serial: int, day: dt.date) -> str:
    """'400.12.2.1/{nomor}/Dindukcapil/{bulan_romawi}/{tahun}', 68, 3 Jul 2023 →
    '400.12.2.1/68/Dindukcapil/VII/2023'."""
    return pattern.format(nomor=serial, bulan_romawi=roman_month(day.month),
                          bulan=f"{day.month:02d}", tahun=day.year)


def last_serial(db: pw.Database, year: int) -> int:
    """The last serial given out in a year (0 when none)."""
    table = models.LetterSerial
    last = table.select(table.last).where(table.year == year).scalar(db)
    return int(last) if last is not None else 0


def _set_last_serial(db: pw.Database, year: int, last: int) -> None:
    table = models.LetterSerial
    (table.insert(year=year, last=last)
     .on_conflict(conflict_target=[table.year], update={table.last: pw.EXCLUDED.last})
     .execute(db))


def take_serials(db: pw.Database, year: int, count: int) -> int:
    """Take ``count`` serials of a year; returns the first. Call inside the transaction
    that registers the letters: it holds SQLite's write lock, so no other batch can take
    the same serials, and a rollback gives them back untouched."""
    first = last_serial(db, year) + 1
    _set_last_serial(db, year, first + count - 1)
    return first


def set_next_serial(db: pw.Database, year: int, next_serial: int, *, user: str) -> None:
    """Continue numbering at ``next_serial`` (the office's agenda already counts other
    letters this year). Only forward: a number is never given twice."""
    with db.atomic():
        last = last_serial(db, year)
        if next_serial <= last:
            raise UserError("number_serial_back", year=year, last=last, value=next_serial)
        _set_last_serial(db, year, next_serial - 1)
        audit.record(db, user, "nomor_surat_lanjut", year=year, next=next_serial)


def new_code() -> str:
    """A fresh random letter code: 12 characters of base32 (A–Z, 2–7), 60 bits."""
    return base64.b32encode(secrets.token_bytes(8)).decode("ascii")[:CODE_LENGTH]


def qr_payload(code: str) -> str:
    """What the QR code holds: 'EKTP:' and the code (QR alphanumeric mode: compact)."""
    return QR_PREFIX + code


_CODE = re.compile(rf"^[A-Z2-7]{{{CODE_LENGTH}}}$")


def normalize_code(text: str) -> str | None:
    """The code in a scanned or typed text ('EKTP:ABCD…', 'abcd efgh …'), else None."""
    value = re.sub(r"[\s-]", "", str(text)).upper()
    if value.startswith(QR_PREFIX):
        value = value[len(QR_PREFIX):]
    value = value.replace("0", "O").replace("1", "I").replace("8", "B")  # typed by hand
    return value if _CODE.match(value) else None


@dataclass(frozen=True, slots=True)
class LetterInfo:
    """A registered letter and, for a lookup, the call's current summons."""

    letter_id: int
    number: str
    code: str
    person_id: int
    summons_id: int  # the summons it was first printed for
    round: int
    letter_date: dt.date
    issued_at: str
    reprints: int
    current_summons_id: int | None = None  # the open summons of the call, if any


# Raw SQL: the lookup of a scanned code is on the desk's hot path (benchmarks/bench_desk.py),
# where building a peewee query costs more than running this one.
_LETTER_SQL = ("SELECT l.id, l.number, l.code, l.person_id, l.summons_id, l.round, "
               "l.letter_date, l.issued_at, (SELECT count(*) FROM letter_reprint r "
               "WHERE r.letter_id = l.id) FROM letter l")


def _info(row: tuple, current: int | None = None) -> LetterInfo:
    return LetterInfo(row[0], row[1], row[2], row[3], row[4], row[5],
                      dt.date.fromisoformat(row[6]), row[7], row[8], current)


def find_letter(db: pw.Database, scanned: str) -> LetterInfo | None:
    """The letter a scanned QR code (or a typed code) names, with the call's open summons
    (following moves), or None when the code is unknown or malformed."""
    code = normalize_code(scanned)
    if code is None:
        return None
    row = db.execute_sql(_LETTER_SQL + " WHERE l.code = ?", (code,)).fetchone()
    if row is None:
        return None
    current = db.execute_sql(
        "WITH RECURSIVE call(id) AS (SELECT ? UNION ALL SELECT s.id FROM summons s "
        "JOIN call ON s.replaces = call.id) SELECT m.id FROM call JOIN summons m "
        "ON m.id = call.id WHERE m.state = 'open' ORDER BY m.id DESC LIMIT 1",
        (row[4],)).fetchone()
    return _info(row, current[0] if current else None)


def find_family_letter(db: pw.Database, scanned: str) -> tuple[int, int] | None:
    """(person id, visit id) of the home visit's letter to the family that a scanned QR
    code (or typed code) names, else None. Its code is drawn like a summoning letter's
    and registered in ``visit_document`` (core/letters/visit_docs.py)."""
    code = normalize_code(scanned)
    if code is None:
        return None
    row = db.execute_sql("SELECT person_id, visit_id FROM visit_document WHERE code = ? "
                         "AND kind = 'surat_keluarga'", (code,)).fetchone()
    return (int(row[0]), int(row[1])) if row else None


def letters_for(db: pw.Database, summons_ids: Iterable[int]) -> dict[int, LetterInfo]:
    """The letter already registered for each summons' call (walking back through the
    summonses it replaced), keyed by summons id; summonses without one are absent.
    Raw SQL (a recursive walk over a whole print batch): benchmarks/bench_letters.py."""
    ids = json.dumps([int(i) for i in summons_ids])
    rows = db.execute_sql(
        "WITH RECURSIVE back(start, id) AS ("
        " SELECT value, value FROM json_each(?)"
        " UNION ALL SELECT back.start, s.replaces FROM back JOIN summons s ON s.id = back.id"
        " WHERE s.replaces IS NOT NULL) "
        "SELECT back.start, l.id, l.number, l.code, l.person_id, l.summons_id, l.round, "
        "l.letter_date, l.issued_at, (SELECT count(*) FROM letter_reprint r "
        "WHERE r.letter_id = l.id) FROM back JOIN letter l ON l.summons_id = back.id",
        (ids,))
    return {row[0]: _info(row[1:]) for row in rows}


def register_letters(db: pw.Database, rows: Iterable[Mapping[str, object]], *,
                     issued_at: str, by: str) -> None:
    """Insert new letters (number, year, serial, code, summons_id, person_id, round,
    letter_date) into the register. Call inside the batch's transaction. Raw executemany:
    thousands of rows a batch (benchmarks/bench_letters.py)."""
    db.connection().executemany(
        "INSERT INTO letter (number, year, serial, code, summons_id, person_id, round, "
        "letter_date, issued_at, issued_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(r["number"], r["year"], r["serial"], r["code"], r["summons_id"], r["person_id"],
          r["round"], r["letter_date"], issued_at, by) for r in rows])


def log_reprints(db: pw.Database, pairs: Iterable[tuple[int, int]], *, at: str,
                 by: str) -> None:
    """Log (letter_id, summons_id) reprints. Call inside the batch's transaction (raw
    executemany, as register_letters)."""
    db.connection().executemany(
        "INSERT INTO letter_reprint (letter_id, summons_id, reprinted_at, reprinted_by) "
        "VALUES (?, ?, ?, ?)", [(lid, sid, at, by) for lid, sid in pairs])


def register_entries(db: pw.Database, *, year: int | None = None,
                     limit: int | None = None) -> list[LetterInfo]:
    """The register, newest first (of one year, if given): the agenda surat keluar."""
    letter, reprint = models.Letter, models.LetterReprint
    reprints = reprint.select(pw.fn.count(reprint.id)).where(reprint.letter == letter.id)
    query = (letter.select(letter.id, letter.number, letter.code, letter.person_id,
                           letter.summons_id, letter.round, letter.letter_date,
                           letter.issued_at, reprints)
             .order_by(letter.year.desc(), letter.serial.desc()).tuples())
    if year is not None:
        query = query.where(letter.year == year)
    if limit is not None:
        query = query.limit(int(limit))
    return [_info(r) for r in query.execute(db)]
