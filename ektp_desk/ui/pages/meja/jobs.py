"""The Meja Layanan page's jobs: plain functions of the database that the page runs through
the runner (writes on its writer thread, reads on a reader thread)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import peewee as pw

from ektp_desk.core import desk, settings
from ektp_desk.core.desk import HistoryRow, PersonCard, TodayRow
from ektp_desk.core.jobs import Changes

WALK_IN = "datang_langsung"  # Opened.marked of a walk-in just added


@dataclass(frozen=True)
class Opened:
    """A person as the card shows it, with the history; `changes` when the job wrote."""

    card: PersonCard
    history: list[HistoryRow]
    changes: Changes = field(default_factory=Changes)
    marked: str | None = None  # the status this job recorded, if any
    undone: bool = False


def _desk_user(db: pw.Database) -> tuple[str, str]:
    return str(settings.get(db, "desk_name")), str(settings.get(db, "user_name"))


def scan_job(db: pw.Database, text: str, *, mark: bool, today: dt.date) -> Opened:
    """Open the person of a letter code or NIK; with `mark`, check them in (:func:`desk.scan`
    decides whether their status allows it)."""
    desk_name, user = _desk_user(db)
    result = desk.scan(db, text, check_in=mark, desk=desk_name, user=user, today=today)
    return Opened(result.card, desk.history(db, result.card.person_id), result.changes,
                  marked="hadir" if result.checked_in else None)


def open_job(db: pw.Database, person_id: int, *, today: dt.date) -> Opened:
    """Read a person's card and history by id (a reader job)."""
    return Opened(desk.card(db, person_id, today=today), desk.history(db, person_id))


def record_job(db: pw.Database, person_id: int, status: str, *, reason: str | None,
               note: str | None, today: dt.date) -> Opened:
    desk_name, user = _desk_user(db)
    result = desk.record(db, person_id, status, reason=reason, note=note, desk=desk_name,
                         user=user, today=today)
    return Opened(result.card, desk.history(db, person_id), result.changes, marked=status)


def undo_job(db: pw.Database, person_id: int, *, today: dt.date) -> Opened:
    desk_name, user = _desk_user(db)
    result = desk.undo_last(db, person_id, desk=desk_name, user=user, today=today)
    return Opened(result.card, desk.history(db, person_id), result.changes, undone=True)


def search_job(db: pw.Database, text: str, *, today: dt.date) -> list[PersonCard]:
    return desk.search(db, text, limit=50, today=today)


@dataclass(frozen=True)
class TodayData:
    day: dt.date
    filter: str
    rows: list[TodayRow]
    counts: dict[str, int]


def today_job(db: pw.Database, day: dt.date, filter_key: str) -> TodayData:
    return TodayData(day, filter_key, desk.today_list(db, day, filter=filter_key),
                     desk.today_counts(db, day))
