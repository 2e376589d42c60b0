"""The Laporan page's jobs: the recap of a period and office (one core call, on a reader
thread), the offices to choose from, and writing the recap shown to a file. The figures
are core's (``core/reports``); this only picks the dates and shapes the charts' series."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import peewee as pw

from ektp_desk.core import reports
from ektp_desk.core.reports import Recap, files
from ektp_desk.core.sync import office as sync_office

# The page's periods: today, the last 7 days (today included), the whole drive, or dates.
TODAY, WEEK, DRIVE, CHOSEN = "hari_ini", "7_hari", "seluruh", "pilih"
WEEK_DAYS = 7


@dataclass(frozen=True)
class Dashboard:
    """What the page shows: the recap, and whether this is the city office with the
    kecamatan offices it may narrow to (office id, name)."""

    recap: Recap
    city: bool
    offices: tuple[tuple[str, str], ...]


def period_dates(db: pw.Database, period: str, today: dt.date,
                 chosen: tuple[dt.date, dt.date] | None = None) -> tuple[dt.date, dt.date]:
    """The first and last day of a period (the whole drive: from its first event)."""
    if period == TODAY:
        return today, today
    if period == WEEK:
        return today - dt.timedelta(days=WEEK_DAYS - 1), today
    if period == CHOSEN and chosen is not None:
        return chosen
    return min(reports.drive_start(db) or today, today), today


def offices(db: pw.Database) -> tuple[bool, tuple[tuple[str, str], ...]]:
    """(the city office or no identity yet, the kecamatan offices known here by name)."""
    own = sync_office.identity(db)
    city = own is None or own.kind == "kota"
    known = sorted((p.name, p.office_id) for p in sync_office.peers(db)
                   if p.kind == "kecamatan")
    return city, tuple((office_id, name) for name, office_id in known) if city else ()


def load_dashboard(db: pw.Database, *, period: str, today: dt.date,
                   chosen: tuple[dt.date, dt.date] | None = None,
                   office: str | None = None) -> Dashboard:
    date_from, date_to = period_dates(db, period, today, chosen)
    recap = reports.recap(db, date_from=date_from, date_to=date_to, office=office,
                          today=today)
    city, known = offices(db)
    return Dashboard(recap, city, known)


# core's writers by kind; the PDF once core/reports has one (the page offers what is here)
WRITERS: dict[str, Callable[[Recap, Path], Path]] = {
    "xlsx": files.write_xlsx, "csv": files.write_csv,
    **({"pdf": files.write_pdf} if hasattr(files, "write_pdf") else {})}


def export_recap(db: pw.Database, recap: Recap, path: Path) -> Path:
    """Write the recap shown to ``path``, its kind by the suffix (core's check refuses
    another kind with a clear message)."""
    return WRITERS[files.check_out_type(path)](recap, path)


# --- the charts' series (the burn-down's is core's: Recap.burn_down) ---------------------

@dataclass(frozen=True)
class Behind:
    """A kelurahan's bar: the share of its people not yet recorded."""

    code: str
    name: str
    remaining: int
    people: int

    @property
    def share(self) -> float:
        return 100 * self.remaining / self.people if self.people else 0.0


def kelurahan_behind(recap: Recap) -> list[Behind]:
    """Every kelurahan, the furthest behind first (then by name)."""
    rows = [Behind(g.code, g.name, max(g.figures.target - g.figures.recorded, 0),
                   g.figures.target) for g in recap.by_kelurahan if g.code]
    return sorted(rows, key=lambda b: (-b.share, b.name))
