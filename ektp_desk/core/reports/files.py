"""The recap as files: one csv table for other systems, an xlsx workbook for people
(sheets Rekap, Harian and Alasan), and a PDF ready to sign (``pdf.py``); :func:`write`
picks by the file's extension. None holds a NIK. Both are written to a temporary
name beside the target and renamed, so a failed write leaves no half file."""

from __future__ import annotations

import contextlib
import csv
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import peewee as pw

from ektp_desk.core import messages, outputs
from ektp_desk.core.calendar import format_date_plain
from ektp_desk.core.errors import UserError
from ektp_desk.core.letters import profile as office_profile
from ektp_desk.core.letters.profile import OfficeProfile
from ektp_desk.core.reports.figures import Figures, Recap, format_rate
from ektp_desk.core.status import STATUS_LABELS
from ektp_desk.core.text import format_count

messages.register({
    "report_title": ("Rekap perekaman KTP-el", "KTP-el recording recap"),
    "report_office": ("Kantor", "Office"),
    "report_period": ("Periode", "Period"),
    "report_made": ("Keadaan pada", "As of"),
    "report_projection": (
        "{days_left} hari lagi sampai {election} ({election_day}); sisa target {remaining} "
        "orang; perlu {needed} orang per hari layanan ({service_days} hari layanan); laju 7 "
        "hari terakhir {pace} orang/hari; target tercapai {done_by}.",
        "{days_left} days to {election} ({election_day}); {remaining} people left of the "
        "target; {needed} needed per service day ({service_days} service days); last 7 "
        "days' pace {pace} a day; target reached {done_by}."),
    "report_never": ("tidak tercapai pada laju ini", "not at this pace"),
    "report_col_section": ("Bagian", "Section"),
    "report_col_code": ("Kode", "Code"),
    "report_col_name": ("Nama", "Name"),
    "report_col_date": ("Tanggal", "Date"),
    "report_col_target": ("Target", "Target"),
    "report_col_people": ("Warga", "People"),
    "report_col_summoned": ("Dipanggil", "Summoned"),
    "report_col_attended": ("Datang", "Attended"),
    "report_col_recorded": ("Terekam", "Recorded"),
    "report_col_failed": ("Gagal", "Failed"),
    "report_col_no_show": ("Tidak hadir", "No-show"),
    "report_col_not_served": ("Belum dilayani", "Not served yet"),
    "report_col_unservable": ("Tidak dapat dilayani", "Cannot be served"),
    "report_col_elsewhere": ("Luar daerah / dirujuk", "Elsewhere / referred"),
    "report_col_recorded_pct": ("% terekam", "% recorded"),
    "report_col_reason": ("Alasan", "Reason"),
    "report_col_count": ("Jumlah", "Count"),
    "report_section_total": ("Jumlah", "Total"),
    "report_section_office": ("Kantor", "Office"),
    "report_section_kecamatan": ("Kecamatan", "Kecamatan"),
    "report_section_kelurahan": ("Kelurahan", "Kelurahan"),
    "report_section_category": ("Kategori", "Category"),
    "report_out_type": (
        "Jenis berkas laporan tidak dikenal: {path}. Gunakan .csv, .xlsx atau .pdf.",
        "Unknown report file type: {path}. Use .csv, .xlsx or .pdf."),
})

TABLE_HEADER = ("section", "code", "name", "date", "target", "people", "summoned",
                "attended", "recorded", "failed", "no_show", "not_served", "unservable",
                "elsewhere", "recorded_pct")
FIGURES = TABLE_HEADER[4:14]  # the counts of a Figures, in column order
SECTIONS = ("office", "kecamatan", "kelurahan", "category")


def _groups(recap: Recap) -> list[tuple[str, str, str, Figures]]:
    """(section, code, name, figures): the totals first, then each breakdown."""
    rows = [("total", recap.scope.office_id or "all", recap.scope.name, recap.totals)]
    for section, groups in zip(SECTIONS, (recap.by_office, recap.by_kecamatan,
                                          recap.by_kelurahan, recap.by_category), strict=True):
        rows += [(section, g.code, g.name, g.figures) for g in groups]
    return rows


def table_rows(recap: Recap) -> list[list[object]]:
    """The recap as one table (header first): the totals, each breakdown, each day, each
    failure reason; ``section`` says which row is what."""
    rows: list[list[object]] = [list(TABLE_HEADER)]
    for section, code, name, f in _groups(recap):
        rows.append([section, code, name, "", *(getattr(f, c) for c in FIGURES),
                     f.recorded_pct])
    blank = [""] * len(FIGURES)
    for d in recap.by_day:
        day = dict(zip(FIGURES, blank, strict=True)) | {
            k: v for k, v in d.as_json().items() if k != "date"}
        rows.append(["day", "", "", d.day.isoformat(), *day.values(), ""])
    for r in recap.failure_reasons:
        reason = dict(zip(FIGURES, blank, strict=True)) | {"failed": r.count}
        rows.append(["reason", r.code, r.label, "", *reason.values(), ""])
    return rows


def projection_text(recap: Recap) -> str:
    """The projection in a sentence (the xlsx and the PDF say the same)."""
    p = recap.projection
    return messages.text(
        "report_projection", days_left=format_count(p.days_left), election=p.election_name,
        election_day=format_date_plain(p.election_day), remaining=format_count(p.remaining),
        needed=format_rate(p.pace_needed), service_days=format_count(p.service_days_left),
        pace=format_rate(p.pace_7d),
        done_by=(format_date_plain(p.done_by) if p.done_by
                 else messages.text("report_never")))


def check_out_type(path: Path) -> str:
    """The output's kind ('csv', 'xlsx' or 'pdf'); UserError for another type."""
    suffix = Path(path).suffix.lower()
    if suffix not in (".csv", ".xlsx", ".pdf"):
        raise UserError("report_out_type", path=path)
    return suffix[1:]


def write(recap: Recap, path: Path, *, db: pw.Database | None = None,
          profile: OfficeProfile | None = None) -> Path:
    """The recap to ``path`` by its extension (.csv, .xlsx, .pdf; see
    :func:`check_out_type`). A PDF carries the office's kop and signer: ``profile``, else
    the one saved in ``db``."""
    kind = check_out_type(path)
    if kind == "csv":
        return write_csv(recap, path)
    if kind == "xlsx":
        return write_xlsx(recap, path)
    from ektp_desk.core.reports import pdf

    if profile is None:
        if db is None:
            raise ValueError("a PDF report needs the office profile or the database")
        profile = office_profile.load(db)
    return pdf.write_pdf(recap, path, profile)


def atomic_write(path: Path, write: Callable[[Path], None]) -> Path:
    """Write through ``write(temp)`` to a temporary name beside ``path``, then rename: a
    failed write leaves no half file (UserError)."""
    path = Path(path)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write(temp)
        os.replace(temp, path)
    except OSError as exc:
        raise UserError("write_failed", path=path, detail=exc.strerror or exc) from None
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
    return path


def write_csv(recap: Recap, path: Path) -> Path:
    """The table (:func:`table_rows`) as UTF-8 csv, cells safe from formula injection."""
    def write(temp: Path) -> None:
        with temp.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, lineterminator="\n")
            for row in table_rows(recap):
                writer.writerow(outputs.csv_row(row))
    return atomic_write(path, write)


def write_xlsx(recap: Recap, path: Path) -> Path:
    """A workbook for people: Rekap (title, office, period, the projection, a frozen
    header, the totals row first), Harian (each day) and Alasan (failure reasons)."""
    import xlsxwriter

    def write(temp: Path) -> None:
        book = xlsxwriter.Workbook(str(temp), {"strings_to_formulas": False,
                                               "strings_to_urls": False})
        try:
            _fill(book, recap)
        finally:
            book.close()
    return atomic_write(path, write)


def _fill(book: Any, recap: Recap) -> None:  # an xlsxwriter.Workbook
    title = book.add_format({"bold": True, "font_size": 14})
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1,
                            "text_wrap": True, "valign": "top"})
    count = book.add_format({"num_format": "#,##0"})
    total = book.add_format({"num_format": "#,##0", "bold": True, "top": 1})
    bold = book.add_format({"bold": True, "top": 1})
    text = messages.text
    p = recap.projection
    sheet = book.add_worksheet("Rekap")
    sheet.write(0, 0, text("report_title"), title)
    sheet.write(1, 0, f"{text('report_office')}: {recap.scope.name}")
    sheet.write(2, 0, f"{text('report_period')}: {format_date_plain(recap.date_from)} – "
                      f"{format_date_plain(recap.date_to)}; {text('report_made')} "
                      f"{format_date_plain(recap.today)}")
    sheet.write(3, 0, projection_text(recap))
    if p.warning:
        sheet.write(4, 0, p.warning, book.add_format({"bold": True, "font_color": "#C00000"}))
    columns = ("section", "code", "name", *FIGURES, "recorded_pct")
    top = 6
    sheet.write_row(top, 0, [text(f"report_col_{c}") for c in columns], head)
    for i, (section, code, name, f) in enumerate(_groups(recap), start=1):
        first = i == 1
        sheet.write(top + i, 0, text(f"report_section_{section}"), bold if first else None)
        sheet.write(top + i, 1, code, bold if first else None)
        sheet.write(top + i, 2, name, bold if first else None)
        for j, c in enumerate(FIGURES, start=3):
            sheet.write_number(top + i, j, getattr(f, c), total if first else count)
        sheet.write(top + i, len(columns) - 1, f.recorded_pct, bold if first else None)
    sheet.freeze_panes(top + 1, 3)
    sheet.set_column(0, 0, 12)
    sheet.set_column(1, 1, 14)
    sheet.set_column(2, 2, 26)
    sheet.set_column(3, len(columns) - 1, 11)
    sheet.set_row(top, 32)

    days = book.add_worksheet("Harian")
    day_columns = ("date", "summoned", "attended", "recorded", "failed", "no_show")
    days.write_row(0, 0, [text(f"report_col_{c}") for c in day_columns], head)
    for i, d in enumerate(recap.by_day, start=1):
        values = d.as_json()
        days.write(i, 0, format_date_plain(d.day))
        for j, c in enumerate(day_columns[1:], start=1):
            days.write_number(i, j, values[c], count)
    days.freeze_panes(1, 1)
    days.set_column(0, 0, 20)
    days.set_column(1, len(day_columns) - 1, 12)

    reasons = book.add_worksheet("Alasan")
    reasons.write_row(0, 0, [text("report_col_code"), text("report_col_reason"),
                             text("report_col_count")], head)
    for i, r in enumerate(recap.failure_reasons, start=1):
        reasons.write_row(i, 0, [r.code, r.label])
        reasons.write_number(i, 2, r.count, count)
    reasons.write(len(recap.failure_reasons) + 1, 1, STATUS_LABELS["gagal_rekam"] + " + "
                  + STATUS_LABELS["data_ganda"], bold)
    reasons.write_number(len(recap.failure_reasons) + 1, 2, recap.totals.failed, total)
    reasons.freeze_panes(1, 0)
    reasons.set_column(0, 0, 14)
    reasons.set_column(1, 1, 36)
    reasons.set_column(2, 2, 10)
