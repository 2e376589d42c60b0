"""The front desk's jobs (Meja Layanan, Datang langsung, Tutup hari). The write jobs read
the desk and clerk names on the writer thread, in the job that writes the event. With a
``visit_id`` the desk serves that jemput bola visit (core/desk_visit.py): its people only,
and the outcome on the visit follows each event."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import peewee as pw

from ektp_desk.core import desk, desk_visit
from ektp_desk.core.desk import HistoryRow, PersonCard, TodayRow
from ektp_desk.core.jobs import Changes
from ektp_desk.ui.operations.settings import desk_and_user

WALK_IN = "datang_langsung"  # Opened.marked of a walk-in just added


@dataclass(frozen=True)
class Opened:
    """A person as the card shows it, with the history; `changes` when the job wrote."""

    card: PersonCard
    history: list[HistoryRow]
    changes: Changes = field(default_factory=Changes)
    marked: str | None = None  # the status this job recorded, if any
    undone: bool = False


def scan_job(db: pw.Database, text: str, *, mark: bool, today: dt.date,
             visit_id: int | None = None) -> Opened:
    """Open the person of a letter code or NIK; with `mark`, check them in (:func:`desk.scan`
    decides whether their status allows it)."""
    desk_name, user = desk_and_user(db)
    if visit_id is not None:
        result = desk_visit.scan_at_visit(db, visit_id, text, check_in=mark, desk=desk_name,
                                          user=user, today=today)
    else:
        result = desk.scan(db, text, check_in=mark, desk=desk_name, user=user, today=today)
    return Opened(result.card, desk.history(db, result.card.person_id), result.changes,
                  marked="hadir" if result.checked_in else None)


def open_job(db: pw.Database, person_id: int, *, today: dt.date,
             visit_id: int | None = None) -> Opened:
    """Read a person's card and history by id (a reader job)."""
    card = (desk_visit.open_at_visit(db, person_id, today=today) if visit_id is not None
            else desk.card(db, person_id, today=today))
    return Opened(card, desk.history(db, person_id))


def walk_in_opened(db: pw.Database, added: desk.DeskResult) -> Opened:
    """A walk-in just added, with their history (a reader job)."""
    return Opened(added.card, desk.history(db, added.card.person_id), marked=WALK_IN)


def record_job(db: pw.Database, person_id: int, status: str, *, reason: str | None,
               note: str | None, today: dt.date, visit_id: int | None = None) -> Opened:
    desk_name, user = desk_and_user(db)
    if visit_id is not None:
        result = desk_visit.record_at_visit(db, visit_id, person_id, status, reason=reason,
                                            note=note, desk=desk_name, user=user, today=today)
    else:
        result = desk.record(db, person_id, status, reason=reason, note=note, desk=desk_name,
                             user=user, today=today)
    return Opened(result.card, desk.history(db, person_id), result.changes, marked=status)


def undo_job(db: pw.Database, person_id: int, *, today: dt.date,
             visit_id: int | None = None) -> Opened:
    desk_name, user = desk_and_user(db)
    if visit_id is not None:
        result = desk_visit.undo_at_visit(db, visit_id, person_id, desk=desk_name, user=user,
                                          today=today)
    else:
        result = desk.undo_last(db, person_id, desk=desk_name, user=user, today=today)
    return Opened(result.card, desk.history(db, person_id), result.changes, undone=True)


def search_job(db: pw.Database, text: str, *, today: dt.date,
               visit_id: int | None = None) -> list[PersonCard]:
    if visit_id is not None:
        return desk_visit.search_at_visit(db, visit_id, text, today=today)
    return desk.search(db, text, limit=50, today=today)


@dataclass(frozen=True)
class TodayData:
    day: dt.date
    filter: str
    rows: list[TodayRow]
    counts: dict[str, int]


def today_job(db: pw.Database, day: dt.date, filter_key: str,
              visit_id: int | None = None) -> TodayData:
    if visit_id is not None:
        return TodayData(day, filter_key,
                         desk_visit.visit_today_list(db, visit_id, day, filter=filter_key),
                         desk_visit.visit_today_counts(db, visit_id, day))
    return TodayData(day, filter_key, desk.today_list(db, day, filter=filter_key),
                     desk.today_counts(db, day))


@dataclass(frozen=True)
class ServicePlace:
    """A choice of "Layanan di": the office (``visit_id`` None) or an open visit."""

    label: str
    visit_id: int | None


def service_places_job(db: pw.Database, today: dt.date) -> list[ServicePlace]:
    """The visits of today still open, for the desk's choice (the office comes first)."""
    return [ServicePlace(desk_visit.visit_label(v), v.id)
            for v in desk_visit.open_visits_on(db, today)]


def add_walk_in_job(db: pw.Database, values: dict[str, Any], *,
                    today: dt.date) -> desk.DeskResult:
    """Add a person not on the list (the Datang langsung dialog's values)."""
    desk_name, user = desk_and_user(db)
    return desk.add_walk_in(db, desk=desk_name, user=user, today=today, **values)


def close_day_job(db: pw.Database, day: dt.date, *, today: dt.date) -> desk.CloseDayResult:
    """Mark who was scheduled on `day` and did not come as tidak hadir."""
    desk_name, user = desk_and_user(db)
    return desk.close_day(db, day, desk=desk_name, user=user, today=today)
