"""Reading the audit log: filters (account, action, dates, NIK), pages newest first, and
the csv export. NIKs in a row's detail are masked like everywhere else (README, "Data
protection"), except in the row of an unmasking, which is about that very disclosure."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import peewee as pw

from ektp_desk.core import audit, messages, nik, outputs, people, search
from ektp_desk.core.errors import UserError
from ektp_desk.core.jobs import Changes

messages.register({
    "audit_filter_nik_bad": (
        "NIK untuk saringan log audit harus 16 angka, bukan '{nik}'.",
        "The NIK to filter the audit log by must be 16 digits, not '{nik}'."),
    "audit_filter_dates_bad": (
        "Tanggal awal ({start}) sesudah tanggal akhir ({end}).",
        "The start date ({start}) is after the end date ({end})."),
})

# the rows of a disclosure of a full NIK: their detail is the record of it, shown whole
UNMASKING_ACTIONS = frozenset({"tampilkan_nik"})
CSV_FIELDS = ("seq", "waktu", "akun", "akun_os", "tindakan", "rincian", "hash")
PAGE = 500
_SIXTEEN_DIGITS = re.compile(r"(?<!\d)\d{16}(?!\d)")


@dataclass(frozen=True)
class AuditFilter:
    user: str = ""
    action: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    nik: str = ""

    def as_json(self) -> dict[str, str]:
        return {k: str(v) for k, v in (
            ("user", self.user), ("action", self.action), ("from", self.date_from),
            ("to", self.date_to), ("nik", nik.mask(self.nik) if self.nik else "")) if v}


@dataclass(frozen=True)
class AuditRow:
    seq: int
    at: str
    by_user: str
    os_user: str
    action: str
    detail: str  # NIKs masked unless the row records an unmasking
    hash: str

    def as_json(self) -> dict[str, object]:
        return {"seq": self.seq, "at": self.at, "user": self.by_user,
                "os_user": self.os_user, "action": self.action, "detail": self.detail,
                "hash": self.hash}


def shown_detail(action: str, detail: str) -> str:
    if action in UNMASKING_ACTIONS:
        return detail
    return _SIXTEEN_DIGITS.sub(lambda m: nik.mask(m.group()), detail)


def _where(db: pw.Database, flt: AuditFilter) -> tuple[list[str], list[object]]:
    """SQL conditions for a filter; UserError (nothing read) for a bad NIK or dates."""
    terms: list[str] = []
    params: list[object] = []
    if flt.user:
        terms.append("by_user = ?")
        params.append(flt.user)
    if flt.action:
        terms.append("action = ?")
        params.append(flt.action)
    if flt.date_from and flt.date_to and flt.date_from > flt.date_to:
        raise UserError("audit_filter_dates_bad", start=flt.date_from, end=flt.date_to)
    if flt.date_from:
        terms.append("at >= ?")
        params.append(flt.date_from.isoformat())
    if flt.date_to:  # `at` starts with the local date: before the next day
        terms.append("at < ?")
        params.append((flt.date_to + dt.timedelta(days=1)).isoformat())
    if flt.nik.strip():
        digits = search.nik_digits(flt.nik)
        if digits is None or len(digits) != 16:
            raise UserError("audit_filter_nik_bad", nik=nik.mask(flt.nik))
        # rows name a person by id; a few (an import's refusals) carry the NIK itself
        person_id = people.person_id_by_nik(db, digits)
        terms.append("(json_extract(detail, '$.person_id') = ? OR instr(detail, ?) > 0)")
        params += [-1 if person_id is None else person_id, digits]
    return terms, params


def page(db: pw.Database, flt: AuditFilter = AuditFilter(), *, before_seq: int | None = None,
         limit: int = PAGE) -> list[AuditRow]:
    """Up to ``limit`` rows matching ``flt``, newest first, older than ``before_seq``: a
    keyset page, as fast at the millionth row as at the first."""
    terms, params = _where(db, flt)
    if before_seq is not None:
        terms.append("seq < ?")
        params.append(before_seq)
    where = f"WHERE {' AND '.join(terms)}" if terms else ""
    rows = db.execute_sql(
        f"SELECT seq, at, by_user, os_user, action, detail, hash FROM audit_log {where} "
        "ORDER BY seq DESC LIMIT ?", (*params, limit)).fetchall()
    return [AuditRow(s, a, u, o, act, shown_detail(act, d), h)
            for s, a, u, o, act, d, h in rows]


def iter_rows(db: pw.Database, flt: AuditFilter = AuditFilter()) -> Iterator[AuditRow]:
    before = None
    while rows := page(db, flt, before_seq=before, limit=5_000):
        yield from rows
        before = rows[-1].seq


def _distinct(db: pw.Database, column: str) -> list[str]:
    """The distinct values of an indexed column, one index seek each (SELECT DISTINCT
    would read all million entries)."""
    return [r[0] for r in db.execute_sql(
        f"WITH RECURSIVE v(x) AS (SELECT min({column}) FROM audit_log UNION ALL "
        f"SELECT (SELECT min({column}) FROM audit_log WHERE {column} > x) FROM v "
        "WHERE x IS NOT NULL) SELECT x FROM v WHERE x IS NOT NULL")]


def actions(db: pw.Database) -> list[str]:
    """The actions the log holds (for the viewer's filter)."""
    return _distinct(db, "action")


def users(db: pw.Database) -> list[str]:
    return _distinct(db, "by_user")


def choices(db: pw.Database) -> tuple[list[str], list[str]]:
    """(accounts, actions) the log holds, for the viewer's filters."""
    return users(db), actions(db)


@dataclass(frozen=True)
class ExportResult:
    file: Path
    rows: int
    changes: Changes = field(default_factory=lambda: Changes(tables=frozenset({"audit_log"})))


def export_csv(db: pw.Database, flt: AuditFilter, out_path: Path | str, *, user: str
               ) -> ExportResult:
    """Write the rows matching ``flt`` to a csv file (cells sanitised against formulas,
    NIKs masked), newest first. The export is itself recorded first, committed on its own
    (no record, no file); the file is written to a temporary name, then renamed."""
    out = Path(out_path)
    outputs.check_outputs([out], database=db)
    outputs.check_writable(out)
    _where(db, flt)  # a bad filter is refused before anything is recorded
    audit.record_before_disclosure(db, user, "audit_ekspor", file=out.name,
                                   filter=flt.as_json())
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    count = 0
    try:
        with tmp.open("w", newline="", encoding="utf-8-sig") as f:
            writer = csv.writer(f)
            writer.writerow(CSV_FIELDS)
            for row in iter_rows(db, flt):
                writer.writerow(outputs.csv_row((row.seq, row.at, row.by_user, row.os_user,
                                                 row.action, row.detail, row.hash)))
                count += 1
        os.replace(tmp, out)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise UserError("write_failed", path=out, detail=exc.strerror or exc) from exc
    return ExportResult(out, count)
