"""The follow-up lists that come out of the recap's figures (docs/domain.md, "Reports"):
whom to go after next, person by person.

- ``belum_rekam``: people still not recorded (not served yet, waiting, failed), by
  kelurahan: the list a kelurahan takes door to door;
- ``tidak_hadir``: no-shows to call again, with how many times they did not come and
  their last call;
- ``gagal``: failures to follow up (gagal_rekam with its reason, data_ganda), by reason;
- ``ktp_belum_diserahkan``: KTP-el cards printed but not handed over yet.

Each is read from the folded status cached in ``person.status`` (the recap's own source),
so a list's length is the matching figure of the recap. :func:`follow_up` reads a list;
:func:`export` writes it as csv or xlsx with NIKs masked (the people export's rule:
``nik.mask``, and the birth year only beside a masked NIK) unless ``unmasked``, recorded
in the audit trail before anything is written (``audit.record_before_disclosure``).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import peewee as pw

from ektp_desk.core import audit, messages, nik, outputs, people, regions
from ektp_desk.core.calendar import format_date_plain
from ektp_desk.core.desk_rules import reason_label
from ektp_desk.core.errors import UserError
from ektp_desk.core.reports.figures import NOT_SERVED, Scope, resolve_scope
from ektp_desk.core.reports.files import atomic_write
from ektp_desk.core.status import CATEGORY_LABELS, SHOWN_REASON_SQL, STATUS_LABELS
from ektp_desk.core.text import format_count

messages.register({
    "list_belum_rekam": ("Warga belum terekam per kelurahan",
                         "People not recorded yet, by kelurahan"),
    "list_tidak_hadir": ("Warga tidak hadir untuk dipanggil lagi",
                         "No-shows to call again"),
    "list_gagal": ("Gagal rekam untuk ditindaklanjuti", "Failures to follow up"),
    "list_ktp_belum_diserahkan": ("KTP-el sudah dicetak, belum diserahkan",
                                  "KTP-el cards printed, not handed over yet"),
    "list_unknown": (
        "Daftar '{kind}' tidak dikenal. Pilih salah satu: {known}. Tidak ada yang ditulis.",
        "Unknown list '{kind}'. Choose one of: {known}. Nothing was written."),
    "list_kelurahan_unknown": (
        "Kelurahan '{code}' tidak dikenal{within}. Tidak ada yang ditulis.",
        "Unknown kelurahan '{code}'{within}. Nothing was written."),
    "list_kelurahan_within": (" di wilayah {office}", " in {office}'s area"),
    "list_out_type": (
        "Jenis berkas daftar tidak dikenal: {path}. Gunakan .csv atau .xlsx.",
        "Unknown list file type: {path}. Use .csv or .xlsx."),
    "list_col_kelurahan": ("Kelurahan", "Kelurahan"),
    "list_col_nik": ("NIK", "NIK"),
    "list_col_name": ("Nama", "Name"),
    "list_col_birth": ("Lahir", "Born"),
    "list_col_sex": ("L/P", "M/F"),
    "list_col_address": ("Alamat", "Address"),
    "list_col_rt_rw": ("RT/RW", "RT/RW"),
    "list_col_category": ("Kategori", "Category"),
    "list_col_status": ("Status", "Status"),
    "list_col_no_shows": ("Tidak hadir (kali)", "No-shows"),
    "list_col_last_call": ("Panggilan terakhir", "Last call"),
    "list_col_reason": ("Alasan", "Reason"),
    "list_col_since": ("Sejak", "Since"),
    "list_col_count": ("Jumlah", "Count"),
    "list_masked_note": ("NIK disamarkan.", "NIKs masked."),
    "list_unmasked_note": ("NIK lengkap (pembukaan dicatat di log audit).",
                           "Full NIKs (the disclosure is in the audit log)."),
})

KINDS = ("belum_rekam", "tidak_hadir", "gagal", "ktp_belum_diserahkan")
# Which folded statuses each list holds (docs/domain.md, "Reports")
STATUSES: dict[str, frozenset[str]] = {
    "belum_rekam": NOT_SERVED | {"hadir", "klarifikasi_selesai", "gagal_rekam", "data_ganda"},
    "tidak_hadir": frozenset({"tidak_hadir"}),
    "gagal": frozenset({"gagal_rekam", "data_ganda"}),
    "ktp_belum_diserahkan": frozenset({"ktp_dicetak"}),
}
_COMMON = ("kelurahan", "nik", "name", "birth", "sex", "address", "rt_rw", "category")
COLUMNS: dict[str, tuple[str, ...]] = {
    "belum_rekam": (*_COMMON, "status", "last_call"),
    "tidak_hadir": (*_COMMON, "no_shows", "last_call"),
    "gagal": (*_COMMON, "reason", "since"),
    "ktp_belum_diserahkan": (*_COMMON, "since"),
}

# What a person's row needs besides the person: their last call (the latest day of a
# summons here in any state, a place on a visit, or another office's call that synced),
# the event their status shows (its day: since when), and how many no-shows stand.
#
# The last call is joined as sets, not looked up per person (19 s for the city's list at
# 1,000,000 people): every summons and every visit grouped by person in one walk of their
# indexes (migration 20 puts the slot and the visit in them), and the one remote call per
# NIK by its key (benchmarks/bench_report.py). A list of one kecamatan or kelurahan groups
# only its people's calls (_WITHIN), not the whole city's.
_LAST_CALL_JOINS = """
LEFT JOIN (SELECT m.person_id, max(s.date) AS day FROM summons m
           JOIN slot s ON s.id = m.slot_id {within_m} GROUP BY m.person_id) lm
       ON lm.person_id = p.id
LEFT JOIN (SELECT vp.person_id, max(v.date) AS day FROM visit_person vp
           JOIN visit v ON v.id = vp.visit_id {within_vp} GROUP BY vp.person_id) lv
       ON lv.person_id = p.id
LEFT JOIN remote_call lr ON lr.nik = p.nik"""
_WITHIN = "WHERE {call}.person_id IN (SELECT p.id FROM person p WHERE 1 {where})"
_NOT_UNDONE = "NOT EXISTS (SELECT 1 FROM event u WHERE u.undoes = e.id)"
_EXTRAS = {
    # the latest of the three days ('' stands for none: every day is an ISO date)
    "last_call": """nullif(max(coalesce(lm.day, ''), coalesce(lv.day, ''),
                            coalesce(lr.date, '')), '')""",
    "no_shows": f"""(SELECT count(*) FROM event e WHERE e.person_id = p.id
          AND e.kind = 'tidak_hadir' AND {_NOT_UNDONE})""",
    "reason": f"""CASE WHEN p.status = 'gagal_rekam'
          THEN {SHOWN_REASON_SQL.format(person="p.id")} END""",
    "since": f"""(SELECT max(e.at) FROM event e WHERE e.person_id = p.id AND e.kind = p.status
          AND {_NOT_UNDONE})""",
}
_LIST_SQL = """
SELECT p.id, p.nik, p.name, p.birth_date, p.birth_date_raw, p.sex, p.address, p.rt, p.rw,
       p.kecamatan_code, p.kelurahan_code, p.kelurahan_raw, p.category, p.status,
       {extras}
FROM person p {joins}
WHERE p.status IN ({statuses}) {where}
ORDER BY p.kelurahan_code, {order} p.name_norm || '', p.id
"""
# (``name_norm || ''`` sorts the same, but not by the name index: with the joins, SQLite
# would otherwise walk all of person_name to skip sorting one kelurahan's people)


def _list_sql(kind: str, where: str) -> str:
    """The list's query: only the columns it shows are worked out (NULL for the rest).
    ``where`` narrows the people with named parameters (``:kecamatan``, ``:kelurahan``);
    run it with :func:`_list_params`."""
    extras = ", ".join(_EXTRAS[c] if c in COLUMNS[kind] else "NULL" for c in _EXTRAS)
    joins = ""
    if "last_call" in COLUMNS[kind]:
        joins = _LAST_CALL_JOINS.format(
            within_m=_WITHIN.format(call="m", where=where) if where else "",
            within_vp=_WITHIN.format(call="vp", where=where) if where else "")
    statuses = ", ".join(f":status{i}" for i in range(len(STATUSES[kind])))
    return _LIST_SQL.format(extras=extras, statuses=statuses, joins=joins, where=where,
                            # gagal_rekam first, then data_ganda
                            order="p.status DESC," if kind == "gagal" else "")


def _list_params(kind: str, **named: str) -> dict[str, str]:
    """The parameters of :func:`_list_sql`: the list's statuses and ``named``."""
    return {**{f"status{i}": code for i, code in enumerate(sorted(STATUSES[kind]))},
            **named}


@dataclass(frozen=True)
class Row:
    """One person on a list, NIK in full: :func:`table_rows` masks it."""

    person_id: int
    nik: str
    name: str
    birth_date: str | None  # ISO
    birth_date_raw: str | None
    sex: str | None
    address: str | None
    rt: str | None
    rw: str | None
    kecamatan_code: str
    kelurahan_code: str
    kelurahan: str  # its name
    category: str
    status: str
    last_call: dt.date | None
    no_shows: int
    reason: str  # a gagal_rekam reason's code, 'data_ganda', or ''
    since: dt.date | None  # the day of the event the status shows

    def as_json(self, *, unmasked: bool = False) -> dict[str, object]:
        return {"person_id": self.person_id,
                "nik": self.nik if unmasked else nik.mask(self.nik),
                "name": self.name,
                "birth_date": (self.birth_date if unmasked else
                               people.birth_shown(self.birth_date, masked=True)),
                "kecamatan_code": self.kecamatan_code or None,
                "kelurahan_code": self.kelurahan_code or None, "category": self.category,
                "status": self.status,
                "last_call": self.last_call.isoformat() if self.last_call else None,
                "no_shows": self.no_shows, "reason": self.reason or None,
                "since": self.since.isoformat() if self.since else None}


@dataclass(frozen=True)
class FollowUp:
    kind: str
    scope: Scope
    kelurahan_code: str | None  # one kelurahan only, or None: the whole scope
    rows: tuple[Row, ...]

    @property
    def title(self) -> str:
        return messages.text(f"list_{self.kind}")

    def by_kelurahan(self) -> list[tuple[str, str, int]]:
        """(code, name, how many) per kelurahan, in code order."""
        counts = Counter((r.kelurahan_code, r.kelurahan) for r in self.rows)
        return [(code, name, n) for (code, name), n in sorted(counts.items())]

    def by_reason(self) -> list[tuple[str, str, int]]:
        """(code, words, how many) per failure reason."""
        counts = Counter(r.reason for r in self.rows)
        return [(code, _reason_words(code), n) for code, n in sorted(counts.items())]

    def as_json(self, *, unmasked: bool = False) -> dict[str, object]:
        return {"list": self.kind, "title": self.title,
                "office": {"office_id": self.scope.office_id, "name": self.scope.name,
                           "kecamatan_code": self.scope.kecamatan_code},
                "kelurahan_code": self.kelurahan_code, "count": len(self.rows),
                "masked": not unmasked,
                "rows": [r.as_json(unmasked=unmasked) for r in self.rows]}


def _reason_words(code: str) -> str:
    if code == "data_ganda":
        return STATUS_LABELS["data_ganda"]
    return reason_label(code) or code or messages.text("report_failed_no_reason")


def check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise UserError("list_unknown", kind=kind, known=", ".join(KINDS))


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def follow_up(db: pw.Database, kind: str, *, office: str | None = None,
              kelurahan: str | None = None) -> FollowUp:
    """The list ``kind`` (:data:`KINDS`) of the people in ``office``'s scope
    (:func:`figures.resolve_scope`), or of one kelurahan in it. UserError for an unknown
    list, office or kelurahan."""
    check_kind(kind)
    scope = resolve_scope(db, office)
    table = regions.default_table()
    where, named = "", {}
    if scope.kecamatan_code:
        where += " AND p.kecamatan_code = :kecamatan"
        named["kecamatan"] = scope.kecamatan_code
    if kelurahan is not None:
        known = table.kelurahan.get(kelurahan)
        if known is None or (scope.kecamatan_code
                             and known.kecamatan_code != scope.kecamatan_code):
            within = (messages.text("list_kelurahan_within", office=scope.name)
                      if scope.kecamatan_code else "")
            raise UserError("list_kelurahan_unknown", code=kelurahan, within=within)
        where += " AND p.kelurahan_code = :kelurahan"
        named["kelurahan"] = kelurahan
    rows = []
    labels: dict[tuple[str | None, str | None], str] = {}  # a few dozen kelurahan
    for (pid, digits, name, born, born_raw, sex, address, rt, rw, kec, kel, kel_raw,
         category, status, last_call, no_shows, reason, since) in db.execute_sql(
            _list_sql(kind, where), _list_params(kind, **named)):
        label = labels.get((kel, kel_raw))
        if label is None:
            label = labels[kel, kel_raw] = people.kelurahan_label(kel, kel_raw)
        rows.append(Row(pid, digits, name, born, born_raw, sex, address, rt, rw, kec or "",
                        kel or "", label, category, status,
                        _day(last_call), no_shows or 0,
                        "data_ganda" if status == "data_ganda" else reason or "",
                        _day(since)))
    if kind == "gagal":  # by reason, as the recap lists them
        rows.sort(key=lambda r: (r.reason, r.kelurahan_code))
    return FollowUp(kind, scope, kelurahan, tuple(rows))


# --- as a table ---------------------------------------------------------------------------

def header(kind: str) -> list[str]:
    return [messages.text(f"list_col_{c}") for c in COLUMNS[kind]]


def _cells(row: Row, *, unmasked: bool) -> dict[str, str]:
    return {
        "kelurahan": row.kelurahan, "nik": row.nik if unmasked else nik.mask(row.nik),
        "name": row.name,
        "birth": people.birth_shown(row.birth_date, row.birth_date_raw, masked=not unmasked),
        "sex": row.sex or "", "address": row.address or "",
        "rt_rw": "/".join(x for x in (row.rt, row.rw) if x),
        "category": CATEGORY_LABELS.get(row.category, row.category),
        "status": STATUS_LABELS.get(row.status, row.status),
        "no_shows": format_count(row.no_shows),
        "last_call": format_date_plain(row.last_call) if row.last_call else "",
        "reason": _reason_words(row.reason) if row.reason or row.status == "gagal_rekam"
        else "",
        "since": format_date_plain(row.since) if row.since else "",
    }


def table_rows(found: FollowUp, *, unmasked: bool = False) -> list[list[str]]:
    """The list as text cells, header first; NIKs masked unless ``unmasked``."""
    columns = COLUMNS[found.kind]
    out = [header(found.kind)]
    for row in found.rows:
        cells = _cells(row, unmasked=unmasked)
        out.append([cells[c] for c in columns])
    return out


# --- as a file ----------------------------------------------------------------------------

@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int
    unmasked: bool


def check_out_type(path: Path) -> str:
    """'csv' or 'xlsx'; UserError for another type (nothing written)."""
    suffix = Path(path).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise UserError("list_out_type", path=path)
    return suffix[1:]


def export(db: pw.Database, found: FollowUp, path: Path, *, user: str,
           unmasked: bool = False) -> ExportResult:
    """Write the list to ``path`` (.csv or .xlsx). The export is recorded in the audit
    trail first, committed on its own (an unmasked one says so); when the record cannot be
    written nothing is (UserError)."""
    kind = check_out_type(path)
    record(db, found, user=user, unmasked=unmasked, format=kind, file=Path(path).name)
    rows = table_rows(found, unmasked=unmasked)
    if kind == "csv":
        atomic_write(path, lambda temp: _write_csv(temp, rows))
    else:
        atomic_write(path, lambda temp: _write_xlsx(temp, found, rows, unmasked))
    return ExportResult(Path(path), len(found.rows), unmasked)


def record(db: pw.Database, found: FollowUp, *, user: str, unmasked: bool, format: str,
           file: str | None = None) -> None:
    """The audit row of a list leaving the program (a file, or JSON printed), written and
    committed before any of it leaves; UserError when it cannot be."""
    audit.record_before_disclosure(
        db, user, "ekspor_daftar", list=found.kind, file=file, format=format,
        unmasked=unmasked, count=len(found.rows), office=found.scope.office_id,
        kelurahan=found.kelurahan_code)


def _write_csv(temp: Path, rows: list[list[str]]) -> None:
    with temp.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        for row in rows:
            writer.writerow(outputs.csv_row(row))


def _write_xlsx(temp: Path, found: FollowUp, rows: list[list[str]], unmasked: bool) -> None:
    """Daftar (title, office, the masking note, a frozen header, every cell a string:
    nothing typed in a name or an address becomes a formula) and Ringkasan (how many per
    kelurahan, or per reason for failures)."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(temp), {"strings_to_formulas": False,
                                           "strings_to_urls": False,
                                           "strings_to_numbers": False})
    try:
        _fill(book, found, rows, unmasked)
    finally:
        book.close()


def _fill(book: Any, found: FollowUp, rows: list[list[str]], unmasked: bool) -> None:
    title = book.add_format({"bold": True, "font_size": 14})
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1,
                            "text_wrap": True, "valign": "top"})
    count = book.add_format({"num_format": "#,##0"})
    sheet = book.add_worksheet("Daftar")
    sheet.write_string(0, 0, found.title, title)
    where = found.scope.name
    if found.kelurahan_code:
        where += f" – {regions.default_table().kelurahan_name(found.kelurahan_code)}"
    sheet.write_string(1, 0, f"{messages.text('report_office')}: {where}")
    sheet.write_string(2, 0, f"{format_count(len(found.rows))} orang. " + messages.text(
        "list_unmasked_note" if unmasked else "list_masked_note"))
    top = 4
    sheet.write_row(top, 0, rows[0], head)
    for i, row in enumerate(rows[1:], start=top + 1):
        for j, cell in enumerate(row):
            sheet.write_string(i, j, cell)
    sheet.freeze_panes(top + 1, 3)
    widths = {"kelurahan": 18, "nik": 21, "name": 28, "address": 30, "reason": 30,
              "last_call": 20, "since": 20, "status": 16, "category": 18}
    for j, column in enumerate(COLUMNS[found.kind]):
        sheet.set_column(j, j, widths.get(column, 10))
    summary = book.add_worksheet("Ringkasan")
    parts = found.by_reason() if found.kind == "gagal" else found.by_kelurahan()
    first = messages.text("list_col_reason" if found.kind == "gagal" else "list_col_kelurahan")
    summary.write_row(0, 0, [messages.text("report_col_code"), first,
                             messages.text("list_col_count")], head)
    for i, (code, name, n) in enumerate(parts, start=1):
        summary.write_string(i, 0, code)
        summary.write_string(i, 1, name)
        summary.write_number(i, 2, n, count)
    summary.set_column(0, 0, 14)
    summary.set_column(1, 1, 36)
