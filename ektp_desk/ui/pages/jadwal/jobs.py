"""The reads of the Jadwal page, run on a reader thread through the runner
(``f(db, …)``): the visible range, and one slot with its people."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import peewee as pw

from ektp_desk.core import calendar, scheduling, settings
from ektp_desk.core.calendar import Holiday
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


