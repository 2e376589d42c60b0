"""The scheduling jobs: the Jadwal calendar's reads, the slots people can be moved to, and
the holiday editor's add."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import peewee as pw

from ektp_desk.core import calendar, scheduling, settings
from ektp_desk.core.calendar import Holiday
from ektp_desk.core.jobs import Changes
from ektp_desk.core.scheduling import Location, SlotInfo, SlotPerson


@dataclass(frozen=True)
class RangeData:
    """What one read of the visible range brings back."""

    date_from: dt.date
    date_to: dt.date
    location_ids: tuple[int, ...] | None
    slots: list[SlotInfo]
    holidays: dict[dt.date, Holiday]
    locations: list[Location] = field(default_factory=list)


def load_range(db: pw.Database, date_from: dt.date, date_to: dt.date,
               location_ids: Sequence[int] | None) -> RangeData:
    """The slots and holidays of the visible days, and the locations (a reader-thread
    job)."""
    slots = scheduling.list_slots(db, date_from, date_to, location_ids=location_ids)
    return RangeData(date_from, date_to, tuple(location_ids) if location_ids else None,
                     slots, calendar.holidays(db, date_from, date_to),
                     scheduling.list_locations(db))


@dataclass(frozen=True)
class SlotDetail:
    slot: SlotInfo
    people: list[SlotPerson]
    masked: bool


def load_slot(db: pw.Database, slot_id: int) -> SlotDetail:
    """A slot with fresh counts and its people (a reader-thread job)."""
    return SlotDetail(scheduling.get_slot(db, slot_id), scheduling.slot_people(db, slot_id),
                      bool(settings.get(db, "mask_nik")))


def free_slots(db: pw.Database, date_from: dt.date, date_to: dt.date,
               location_ids: Sequence[int] | None, *, exclude: int,
               today: dt.date) -> list[SlotInfo]:
    """Live slots of the range that still have a free place, not past, not `exclude`."""
    return [s for s in scheduling.list_slots(db, date_from, date_to, location_ids=location_ids)
            if s.free > 0 and s.id != exclude and s.date >= today]


@dataclass(frozen=True)
class HolidayAdded:
    """A holiday added; `sessions`: the live sessions already made on that day (they stay,
    and the clerk should know)."""

    changes: Changes
    sessions: int


def add_holiday(db: pw.Database, day: dt.date, name: str, kind: str, *,
                today: dt.date) -> HolidayAdded:
    """Add a holiday (the holiday editor's write job)."""
    result = calendar.add_holiday(db, day, name, kind)
    sessions = len(scheduling.list_slots(db, day, day)) if day >= today else 0
    return HolidayAdded(result.changes, sessions)
