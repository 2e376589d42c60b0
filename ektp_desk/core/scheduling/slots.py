"""Service slots: read for the calendar, added by hand, and cut from a location's weekly
hours as candidate slots, which planning and relocation fill (neighbours together).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import peewee as pw

from ektp_desk.core import audit, calendar, clock, messages
from ektp_desk.core.calendar import Interval, WeekHours, format_date_id, format_time_range
from ektp_desk.core.errors import UserError
from ektp_desk.core.jobs import NEVER_CANCELLED, CancelToken, Changes, Progress, no_progress
from ektp_desk.core.scheduling.common import (
    acting_user,
    check_range,
    ids_json,
    next_row_id,
    parse_capacity,
    slot_length,
    today_or_clock,
)
from ektp_desk.core.scheduling.limits import check_limits, day_rules
from ektp_desk.core.scheduling.locations import (
    Location,
    check_open,
    get_location,
    list_locations,
)
from ektp_desk.core.text import clean


@dataclass(frozen=True, slots=True)
class SlotInfo:
    """A slot as the Jadwal page shows it; ``assigned`` = open summonses in it."""

    id: int
    location_id: int
    location: str
    date: dt.date
    start: str
    end: str
    capacity: int
    assigned: int
    name: str | None
    deliberate: bool
    cancelled: bool

    @property
    def free(self) -> int:
        return max(self.capacity - self.assigned, 0)

    @property
    def label(self) -> str:
        """'Kantor Kecamatan Pekalongan Barat, Rabu, 14 Februari 2024 08.00–09.00'."""
        when = format_time_range(self.start, self.end)
        return f"{self.location}, {format_date_id(self.date)} {when}"

    def as_json(self) -> dict[str, object]:
        return {"id": self.id, "date": self.date.isoformat(), "start": self.start,
                "end": self.end, "location": self.location, "location_id": self.location_id,
                "capacity": self.capacity, "assigned": self.assigned, "name": self.name,
                "deliberate": self.deliberate, "cancelled": self.cancelled}


_SLOT_SQL = """
SELECT s.id, s.location_id, l.name, s.date, s.start_time, s.end_time, s.capacity,
       (SELECT count(*) FROM summons m WHERE m.slot_id = s.id AND m.state = 'open'),
       s.name, s.deliberate, s.cancelled
FROM slot s JOIN location l ON l.id = s.location_id
"""


def _slot_info(row: Sequence) -> SlotInfo:
    return SlotInfo(row[0], row[1], row[2], dt.date.fromisoformat(row[3]), row[4], row[5],
                    row[6], row[7], row[8], bool(row[9]), bool(row[10]))


def list_slots(db: pw.Database, date_from: dt.date, date_to: dt.date, *,
               location_ids: Iterable[int] | None = None,
               include_cancelled: bool = False) -> list[SlotInfo]:
    """Slots between two dates (both included) with how many are assigned, ordered by
    date, start and location: what the Jadwal calendar draws for a week or a month."""
    sql = _SLOT_SQL + " WHERE s.date >= ? AND s.date <= ?"
    params: list[object] = [date_from.isoformat(), date_to.isoformat()]
    if location_ids is not None:
        sql += " AND s.location_id IN (SELECT value FROM json_each(?))"
        params.append(ids_json(location_ids))
    if not include_cancelled:
        sql += " AND s.cancelled = 0"
    sql += " ORDER BY s.date, s.start_time, s.location_id, s.id"
    return [_slot_info(r) for r in db.execute_sql(sql, params)]


def get_slot(db: pw.Database, slot_id: int) -> SlotInfo:
    """One slot, or UserError."""
    row = db.execute_sql(_SLOT_SQL + " WHERE s.id = ?", (slot_id,)).fetchone()
    if row is None:
        raise UserError("sched_slot_missing", slot_id=slot_id)
    return _slot_info(row)


@dataclass(frozen=True, slots=True)
class SlotPerson:
    summons_id: int
    person_id: int
    nik: str
    name: str
    kelurahan_code: str | None
    rw: str | None
    rt: str | None
    round: int
    letter: str
    status: str


def slot_people(db: pw.Database, slot_id: int) -> list[SlotPerson]:
    """The people summoned to a slot (open summonses), neighbours together."""
    rows = db.execute_sql(
        "SELECT m.id, p.id, p.nik, p.name, p.kelurahan_code, p.rw, p.rt, m.round, m.letter, "
        "p.status FROM summons m JOIN person p ON p.id = m.person_id "
        "WHERE m.slot_id = ? AND m.state = 'open' "
        "ORDER BY p.kelurahan_code, p.rw, p.rt, p.name_norm, p.id", (slot_id,))
    return [SlotPerson(*r) for r in rows]


# The live sessions someone is summoned to, within a year of `today`, nearest first: coming
# ones (today included) before past ones, then by start, location and slot.
_NEAR_DAYS = 366
_NEAR_FROM = "FROM summons m JOIN slot s ON s.id = m.slot_id "
_NEAR_WHERE_ORDER = (
    " WHERE m.state = 'open' AND s.cancelled = 0 AND s.date >= :first AND s.date <= :last"
    " ORDER BY s.date < :today, abs(julianday(s.date) - julianday(:today)), s.start_time,"
    " s.location_id, s.id")


def _near(today: dt.date) -> dict[str, str]:
    return {"today": today.isoformat(),
            "first": (today - dt.timedelta(days=_NEAR_DAYS)).isoformat(),
            "last": (today + dt.timedelta(days=_NEAR_DAYS)).isoformat()}


def first_slot_day(db: pw.Database, today: dt.date) -> dt.date | None:
    """The first day from `today` on with a session someone is summoned to; else the last
    such day before it; None when nothing is scheduled within a year either way."""
    row = db.execute_sql("SELECT s.date " + _NEAR_FROM + _NEAR_WHERE_ORDER + " LIMIT 1",
                         _near(today)).fetchone()
    return dt.date.fromisoformat(row[0]) if row else None


@dataclass(frozen=True, slots=True)
class SummonedPerson:
    """Someone with an open summons, and when their session is."""

    summons_id: int
    name: str
    round: int
    date: dt.date
    start: str
    end: str


def summoned_near(db: pw.Database, today: dt.date, limit: int) -> list[SummonedPerson]:
    """At most `limit` people of the sessions nearest `today` (the order of
    :func:`first_slot_day`), neighbours together within a session as :func:`slot_people`
    lists them: whom a letter can be previewed for, in one query."""
    sql = ("SELECT m.id, p.name, m.round, s.date, s.start_time, s.end_time " + _NEAR_FROM
           + "JOIN person p ON p.id = m.person_id" + _NEAR_WHERE_ORDER
           + ", p.kelurahan_code, p.rw, p.rt, p.name_norm, p.id LIMIT :limit")
    rows = db.execute_sql(sql, {**_near(today), "limit": limit})
    return [SummonedPerson(r[0], r[1], r[2], dt.date.fromisoformat(r[3]), r[4], r[5])
            for r in rows]


@dataclass(frozen=True, slots=True)
class DayLoad:
    """One day at one location: people planned or assigned, and places still free."""

    date: dt.date
    location_id: int
    people: int
    places_left: int


def day_loads(db: pw.Database, date_from: dt.date, date_to: dt.date, *,
              location_ids: Iterable[int] | None = None) -> list[DayLoad]:
    """Per day and location: how many are summoned and how many places are left (a month
    view's cells)."""
    totals: dict[tuple[dt.date, int], list[int]] = {}
    for slot in list_slots(db, date_from, date_to, location_ids=location_ids):
        cell = totals.setdefault((slot.date, slot.location_id), [0, 0])
        cell[0] += slot.assigned
        cell[1] += slot.free
    return [DayLoad(d, loc, n, free) for (d, loc), (n, free) in sorted(totals.items())]


@dataclass(frozen=True)
class SlotResult:
    """A slot made or changed; ``slot_ids`` for several."""

    slot_ids: tuple[int, ...]
    changes: Changes = field(default_factory=lambda: Changes(schedule=True))

    @property
    def slot_id(self) -> int:
        return self.slot_ids[0]


def check_slot_time(db: pw.Database, location: Location, day: dt.date, interval: Interval,
                    deliberate: bool, *, ignore_slot: int | None = None) -> None:
    """A slot must not overlap a live one; unless deliberate, it must lie within the
    location's hours on a non-holiday."""
    for other in list_slots(db, day, day, location_ids=[location.id]):
        if other.id != ignore_slot and other.start < interval.end and interval.start < other.end:
            raise UserError("sched_slot_clash", location=location.name,
                            date=format_date_id(day), other=format_time_range(other.start,
                                                                              other.end),
                            range=str(interval))
    if not deliberate:
        check_open(db, location, day, interval)


def add_slot(db: pw.Database, location_id: int, day: dt.date, start: str, end: str, *,
             capacity: int | None = None, name: str | None = None, deliberate: bool = False,
             today: dt.date | None = None, user: str | None = None) -> SlotResult:
    """Add one slot by hand. Outside the hours or on a holiday only when ``deliberate``
    (a weekend or holiday session opened on purpose). Capacity defaults to the location's
    hourly capacity prorated to the slot's length."""
    location = get_location(db, location_id)
    if day < today_or_clock(today):
        raise UserError("sched_past_date", date=format_date_id(day))
    interval = Interval(calendar.parse_time(start), calendar.parse_time(end))
    if interval.start >= interval.end:
        raise UserError("cal_bad_interval", start=calendar.format_time(interval.start),
                        end=calendar.format_time(interval.end))
    places = (parse_capacity(capacity) if capacity is not None
              else calendar.slot_capacity(location.capacity_per_hour, interval))
    if places <= 0:
        raise UserError("sched_slot_capacity_zero")
    check_slot_time(db, location, day, interval, deliberate)
    with db.atomic():
        cursor = db.execute_sql(
            "INSERT INTO slot (location_id, date, start_time, end_time, capacity, name, "
            "deliberate, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (location_id, day.isoformat(), interval.start, interval.end, places,
             clean(name) or None, int(deliberate), clock.timestamp()))
        slot_id = int(cursor.lastrowid)
        audit.record(db, acting_user(db, user), "sesi_tambah", slot_id=slot_id,
                     date=day.isoformat(), start=interval.start, deliberate=deliberate)
    return SlotResult((slot_id,))


# --- candidate slots (existing and to be made) --------------------------------------------

class WSlot:
    """A slot being filled while planning: an existing one (slot_id) or a new one (None)."""

    __slots__ = ("already", "capacity", "date", "deliberate", "end", "free", "location_id",
                 "name", "plan_index", "slot_id", "start")

    def __init__(self, slot_id: int | None, location_id: int, date: dt.date, start: str,
                 end: str, capacity: int, already: int, name: str | None = None,
                 deliberate: bool = False) -> None:
        self.slot_id = slot_id
        self.location_id = location_id
        self.date = date
        self.start = start
        self.end = end
        self.capacity = capacity
        self.already = already
        self.free = max(capacity - already, 0)
        self.name = name
        self.deliberate = deliberate
        self.plan_index = -1


class WDay:
    """One day at one location: its slots in time order, filled from the earliest."""

    __slots__ = ("cursor", "date", "free", "location_id", "planned", "slots")

    def __init__(self, date: dt.date, location_id: int, slots: list[WSlot]) -> None:
        self.date = date
        self.location_id = location_id
        self.slots = slots
        self.free = sum(s.free for s in slots)
        self.cursor = 0
        self.planned = 0

    def take(self, count: int) -> list[WSlot]:
        """A slot for each of `count` people (count <= free), earliest slots first."""
        out: list[WSlot] = []
        slots = self.slots
        i = self.cursor
        need = count
        while need:
            slot = slots[i]
            if slot.free == 0:
                i += 1
                continue
            k = min(need, slot.free)
            out.extend([slot] * k)
            slot.free -= k
            need -= k
        self.cursor = i
        self.free -= count
        self.planned += count
        return out


def candidate_days(db: pw.Database, location_ids: Sequence[int], date_from: dt.date,
                   date_to: dt.date, slot_minutes: int, *,
                   not_before: tuple[str, str] | None = None) -> dict[int, list[WDay]]:
    """For each location, its days in the range with their slots: the existing live slots
    with free places, plus new slots cut from the weekly hours on working days wherever no
    slot (live or cancelled) overlaps, never in the midday break. `not_before` = (ISO
    date, 'HH:MM'): only slots starting then or later."""
    hours = calendar.all_location_hours(db, location_ids)
    holiday_dates = set(calendar.holidays(db, date_from, date_to))
    rules = day_rules(db)  # the midday break gets no new slot
    capacity = {loc.id: loc.capacity_per_hour for loc in list_locations(
        db, include_inactive=True) if loc.id in set(location_ids)}
    existing: dict[tuple[int, dt.date], list[tuple]] = {}
    rows = db.execute_sql(
        "SELECT s.id, s.location_id, s.date, s.start_time, s.end_time, s.capacity, "
        "s.cancelled, s.name, s.deliberate, "
        "(SELECT count(*) FROM summons m WHERE m.slot_id = s.id AND m.state = 'open') "
        "FROM slot s WHERE s.location_id IN (SELECT value FROM json_each(?)) "
        "AND s.date >= ? AND s.date <= ? ORDER BY s.date, s.start_time, s.id",
        (ids_json(location_ids), date_from.isoformat(), date_to.isoformat()))
    for row in rows:
        existing.setdefault((row[1], dt.date.fromisoformat(row[2])), []).append(row)
    result: dict[int, list[WDay]] = {}
    for location_id in location_ids:
        week: WeekHours = hours.get(location_id, {})
        per_hour = capacity.get(location_id, 0)
        days: list[WDay] = []
        for day in calendar.dates(date_from, date_to):
            there = existing.get((location_id, day), [])
            slots = [WSlot(r[0], location_id, day, r[3], r[4], r[5], r[9], r[7], bool(r[8]))
                     for r in there if not r[6]]
            periods = calendar.periods_on(day, week, holiday_dates)
            for period in rules.free_periods(day, periods):
                for piece in calendar.split_period(period, slot_minutes):
                    if any(r[3] < piece.end and piece.start < r[4] for r in there):
                        continue
                    places = calendar.slot_capacity(per_hour, piece)
                    if places > 0:
                        slots.append(WSlot(None, location_id, day, piece.start, piece.end,
                                           places, 0))
            if not_before is not None:
                slots = [s for s in slots if (s.date.isoformat(), s.start) >= not_before]
            slots = [s for s in slots if s.free > 0]
            if slots:
                slots.sort(key=lambda s: (s.start, s.end))
                days.append(WDay(day, location_id, slots))
        result[location_id] = days
    return result


class Allocator:
    """Places groups of neighbours: a whole group on one day (the first day, in location
    preference order, with room for all), else split over the earliest free places."""

    def __init__(self, days: Mapping[int, list[WDay]]) -> None:
        self.days = days
        self.first = dict.fromkeys(days, 0)

    def _first_open(self, location_id: int) -> int:
        days = self.days.get(location_id, [])
        i = self.first.get(location_id, 0)
        while i < len(days) and days[i].free == 0:
            i += 1
        self.first[location_id] = i
        return i

    def place(self, count: int, location_ids: Sequence[int]) -> list[WSlot]:
        """Slots for up to `count` people (fewer when everything is full)."""
        for location_id in location_ids:
            days = self.days.get(location_id, [])
            for j in range(self._first_open(location_id), len(days)):
                if days[j].free >= count:
                    return days[j].take(count)
        out: list[WSlot] = []
        for location_id in location_ids:
            days = self.days.get(location_id, [])
            for j in range(self._first_open(location_id), len(days)):
                day = days[j]
                if day.free:
                    out += day.take(min(day.free, count - len(out)))
                    if len(out) == count:
                        return out
        return out


def generate_slots(db: pw.Database, date_from: dt.date, date_to: dt.date, *,
                   location_ids: Iterable[int] | None = None, slot_minutes: int | None = None,
                   today: dt.date | None = None, user: str | None = None,
                   past_calendar: bool = False, past_election: bool = False,
                   progress: Progress = no_progress,
                   cancel: CancelToken = NEVER_CANCELLED) -> SlotResult:
    """Lay out empty slots ahead of time: each location's weekly hours cut into
    ``slot_minutes`` slots (capacity per hour prorated) on every day of the range that is
    not a holiday, wherever no slot exists yet. :func:`plan` does the same on demand, so
    this is only needed to show (or hand-fill) a calendar before planning.
    Default locations: the active kantor kecamatan and Dindukcapil. Like :func:`plan`, it
    refuses (PlanRefused) a range into a year of provisional holidays or past polling day
    unless ``past_calendar`` / ``past_election`` confirm it."""
    today = today_or_clock(today)
    check_range(date_from, date_to, today)
    check_limits(db, date_from, date_to, past_calendar=past_calendar,
                 past_election=past_election)
    minutes_ = slot_length(db, slot_minutes)
    if location_ids is None:
        ids = [loc.id for loc in list_locations(db, kinds=("kecamatan", "dindukcapil"))]
    else:
        ids = sorted({get_location(db, loc).id for loc in location_ids})
    names = {loc.id: loc.name for loc in list_locations(db, include_inactive=True)}
    progress(0, 1, messages.text("sched_progress_sessions"))
    days = candidate_days(db, ids, date_from, date_to, minutes_)
    if ids:
        check_locations(db, ids, days, date_from, date_to, names)
    new = [slot for loc in ids for day in days.get(loc, []) for slot in day.slots
           if slot.slot_id is None]
    cancel.raise_if_cancelled()
    by = acting_user(db, user)
    with db.atomic():
        made = insert_slots(db.connection(), new, clock.timestamp())
        audit.record(db, by, "sesi_buat", slots=len(made), date_from=date_from.isoformat(),
                     date_to=date_to.isoformat())
    progress(1, 1, messages.text("sched_progress_done"))
    return SlotResult(tuple(made))


def check_locations(db: pw.Database, needed: Sequence[int],
                    days_by_location: Mapping[int, list[WDay]], date_from: dt.date,
                    date_to: dt.date, names: Mapping[int, str]) -> set[int]:
    """Clear messages for locations that cannot take anyone; returns the locations closed
    on every day of the range (no service period, no slot), if some are open."""
    hours = calendar.all_location_hours(db, needed)
    per_hour = {loc.id: loc.capacity_per_hour for loc in list_locations(
        db, include_inactive=True)}
    closed: set[int] = set()
    for location_id in needed:
        if days_by_location.get(location_id):
            continue  # has places (possibly from deliberate slots): usable as it is
        has_slots = db.execute_sql(
            "SELECT 1 FROM slot WHERE location_id = ? AND cancelled = 0 AND date >= ? "
            "AND date <= ? LIMIT 1",
            (location_id, date_from.isoformat(), date_to.isoformat())).fetchone()
        if has_slots:
            continue  # full, not broken: its people are left over as 'penuh'
        if not hours.get(location_id):
            raise UserError("sched_no_hours", location=names.get(location_id, location_id))
        if per_hour.get(location_id, 0) <= 0:
            raise UserError("sched_zero_capacity", location=names.get(location_id, location_id))
        closed.add(location_id)
    if closed and closed == set(needed):
        raise UserError("sched_no_working_day", date_from=format_date_id(date_from),
                        date_to=format_date_id(date_to),
                        locations=", ".join(names.get(loc, str(loc)) for loc in needed))
    return closed


@dataclass(frozen=True, slots=True)
class PlannedSlot:
    """A slot a plan puts people in: an existing one (``slot_id``) or one the plan will
    create (``slot_id`` None) from the location's hours."""

    location_id: int
    date: dt.date
    start: str
    end: str
    capacity: int
    already: int  # open summonses before the plan
    added: int  # people the plan puts here
    slot_id: int | None
    name: str | None = None
    deliberate: bool = False


def insert_slots(conn: sqlite3.Connection, slots: Sequence[PlannedSlot | WSlot], now: str
                 ) -> list[int]:
    """Create the slots that have no id yet; returns each slot's id (existing or new)."""
    next_id = next_row_id(conn, "slot")
    ids: list[int] = []
    rows = []
    for slot in slots:
        if slot.slot_id is not None:
            ids.append(slot.slot_id)
            continue
        ids.append(next_id)
        rows.append((next_id, slot.location_id, slot.date.isoformat(), slot.start, slot.end,
                     slot.capacity, now))
        next_id += 1
    conn.executemany(
        "INSERT INTO slot (id, location_id, date, start_time, end_time, capacity, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    return ids
