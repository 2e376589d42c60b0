"""Evening sessions at the kantor kelurahan (docs/domain.md, "Evening sessions").

Kota Pekalongan held recording evenings at each of its 27 kelurahan offices, 17.00–21.00.
:func:`generate_evening_series` lays them out as one series of slots: each kelurahan's
office on its own evening, in turn across the date range. A kantor kelurahan serves only
the people of its kelurahan: :func:`kelurahan_offices` is the map the planner uses to call
each person to their own (``plan(..., evening=True)``), and :func:`check_own_kelurahan`
refuses a summons or a move by hand into another kelurahan's session.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import peewee as pw

from ektp_desk.core import audit, calendar, clock, messages, models, regions
from ektp_desk.core.calendar import Interval
from ektp_desk.core.errors import UserError
from ektp_desk.core.jobs import Changes
from ektp_desk.core.scheduling.common import (
    acting_user,
    check_range,
    ids_json,
    today_or_clock,
)
from ektp_desk.core.scheduling.limits import check_limits
from ektp_desk.core.scheduling.slots import list_slots
from ektp_desk.core.text import display_name, format_count

EVENING_START, EVENING_END = "17:00", "21:00"
EVENING_NAME = "Sesi malam"
WORKDAYS = (0, 1, 2, 3, 4)  # Senin–Jumat, the kelurahan offices' own days

messages.register({
    "evening_no_office": (
        "Tidak ada kantor kelurahan yang aktif untuk {codes}.",
        "No active kantor kelurahan for {codes}."),
    "evening_no_day": (
        "Tidak ada malam yang bisa dipakai antara {date_from} dan {date_to} (hari libur "
        "dilewati; hari yang dipilih: {days}).",
        "No usable evening between {date_from} and {date_to} (holidays are skipped; days "
        "chosen: {days})."),
    "evening_none_in_range": (
        "Tidak ada sesi malam di kantor kelurahan antara {date_from} dan {date_to}. Buat "
        "sesi malam dulu (Jadwal, atau schedule slot generate --evening).",
        "No evening session at a kantor kelurahan between {date_from} and {date_to}. Make "
        "the evening sessions first (Jadwal, or schedule slot generate --evening)."),
    "evening_other_kelurahan": (
        "Sesi malam Kelurahan {kelurahan} hanya untuk warga Kelurahan {kelurahan}; {people}. "
        "Tidak ada yang diubah.",
        "The evening session of Kelurahan {kelurahan} is for the people of Kelurahan "
        "{kelurahan} only; {people}. Nothing was changed."),
    "evening_lives_in": ("{name} tinggal di Kelurahan {kelurahan}",
                         "{name} lives in Kelurahan {kelurahan}"),
    "evening_lives_unknown": ("kelurahan {name} tidak tercatat",
                              "{name}'s kelurahan is not on record"),
    "evening_more_people": ("dan {count} warga lainnya", "and {count} more"),
})
NAMES_SHOWN = 3  # people named in the refusal; the rest are counted


def kelurahan_offices(db: pw.Database, *, include_inactive: bool = False) -> dict[str, int]:
    """Kelurahan code → its kantor kelurahan (the first by id when there are several)."""
    table = models.Location
    query = (table.select(table.id, table.kelurahan_code)
             .where((table.kind == "kelurahan") & table.kelurahan_code.is_null(False))
             .order_by(table.id))
    if not include_inactive:
        query = query.where(table.active == True)  # noqa: E712 (peewee expression)
    offices: dict[str, int] = {}
    for row in query.tuples().execute(db):
        offices.setdefault(row[1], row[0])
    return offices


def office_kelurahan(db: pw.Database) -> dict[int, str]:
    """Every kantor kelurahan (active or not) → the kelurahan it serves."""
    table = models.Location
    return dict(table.select(table.id, table.kelurahan_code)
                .where((table.kind == "kelurahan") & table.kelurahan_code.is_null(False))
                .tuples().execute(db))


def check_own_kelurahan(db: pw.Database, location_id: int, person_ids: Sequence[int]
                        ) -> None:
    """UserError, naming the session's kelurahan and each person's, when a session at a
    kantor kelurahan would take people of another kelurahan (or of none on record). Any
    other location takes anyone. There is no override: docs/domain.md, "Evening
    sessions"."""
    serves = office_kelurahan(db).get(location_id)
    if serves is None or not person_ids:
        return
    others = db.execute_sql(
        "SELECT name, kelurahan_code FROM person WHERE id IN (SELECT value FROM json_each(?)) "
        "AND (kelurahan_code IS NULL OR kelurahan_code != ?) ORDER BY id",
        (ids_json(person_ids), serves)).fetchall()
    if not others:
        return
    table = regions.default_table()
    told = [messages.text("evening_lives_in", name=display_name(name),
                          kelurahan=table.kelurahan_name(code) or code) if code else
            messages.text("evening_lives_unknown", name=display_name(name))
            for name, code in others[:NAMES_SHOWN]]
    if len(others) > NAMES_SHOWN:
        told.append(messages.text("evening_more_people",
                                  count=format_count(len(others) - NAMES_SHOWN)))
    raise UserError("evening_other_kelurahan", kelurahan=table.kelurahan_name(serves) or serves,
                    people=", ".join(told))


@dataclass(frozen=True)
class EveningResult:
    """An evening series: the slots made (by date), the series' token (in the audit log),
    the evenings already there (an overlapping slot kept as it is), and the kelurahan the
    range held no evening for."""

    slot_ids: tuple[int, ...]
    series: str
    existing: tuple[int, ...] = ()
    without_evening: tuple[str, ...] = ()
    changes: Changes = field(default_factory=lambda: Changes(schedule=True))


def generate_evening_series(
    db: pw.Database,
    date_from: dt.date,
    date_to: dt.date,
    *,
    kelurahan_codes: Iterable[str] | None = None,
    start: str = EVENING_START,
    end: str = EVENING_END,
    weekdays: Iterable[int | str] | None = None,
    deliberate: bool = False,
    capacity: int | None = None,
    today: dt.date | None = None,
    user: str | None = None,
    past_calendar: bool = False,
    past_election: bool = False,
) -> EveningResult:
    """One evening session (``start``–``end``, a slot named "Sesi malam") at each
    kelurahan's office in turn: the first kelurahan (by code) on the first usable evening,
    the next on the next, starting over once every kelurahan had one, until the range
    ends. Usable evenings fall on ``weekdays`` (0 = Senin; default Senin–Jumat) and not on
    a holiday, unless ``deliberate`` (then holidays are used on purpose too). Capacity:
    the office's hourly capacity over the session, unless given.

    UserError (nothing written) for a past, empty or too long range, bad times, an unknown
    kelurahan or one without an active office, a range without a usable evening;
    PlanRefused past the known holidays or polling day unless confirmed."""
    today = today_or_clock(today)
    check_range(date_from, date_to, today)
    interval = Interval(calendar.parse_time(start), calendar.parse_time(end))
    if interval.start >= interval.end:
        raise UserError("cal_bad_interval", start=calendar.format_time(interval.start),
                        end=calendar.format_time(interval.end))
    days_of_week = _weekdays(weekdays)
    offices = _chosen_offices(db, kelurahan_codes)
    check_limits(db, date_from, date_to, past_calendar=past_calendar,
                 past_election=past_election)
    off = set() if deliberate else set(calendar.holidays(db, date_from, date_to))
    evenings = [day for day in calendar.dates(date_from, date_to)
                if day.weekday() in days_of_week and day not in off]
    if not evenings:
        raise UserError("evening_no_day", date_from=calendar.format_date_id(date_from),
                        date_to=calendar.format_date_id(date_to),
                        days=calendar.weekday_names(sorted(days_of_week)))
    per_hour = {row[0]: row[1] for row in models.Location.select(
        models.Location.id, models.Location.capacity_per_hour).tuples().execute(db)}
    places = {loc: capacity if capacity is not None
              else calendar.slot_capacity(per_hour[loc], interval) for _, loc in offices}
    if any(n <= 0 for n in places.values()):
        raise UserError("sched_slot_capacity_zero")
    live = {(s.location_id, s.date): s for s in list_slots(
        db, date_from, date_to, location_ids=[loc for _, loc in offices])
        if s.start < interval.end and interval.start < s.end}
    new: list[tuple[int, dt.date]] = []
    existing: list[int] = []
    for index, day in enumerate(evenings):
        _, location_id = offices[index % len(offices)]
        there = live.get((location_id, day))
        if there is not None:
            existing.append(there.id)  # an evening (or another session) already there
        else:
            new.append((location_id, day))
    served = {offices[i % len(offices)][0] for i in range(len(evenings))}
    series = f"malam-{date_from.isoformat()}-{secrets.token_hex(3)}"
    now = clock.timestamp()
    with db.atomic():
        ids = [int(db.execute_sql(
            "INSERT INTO slot (location_id, date, start_time, end_time, capacity, name, "
            "deliberate, created_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?)",
            (loc, day.isoformat(), interval.start, interval.end, places[loc], EVENING_NAME,
             now)).lastrowid) for loc, day in new]
        audit.record(db, acting_user(db, user), "sesi_malam_buat", series=series,
                     slots=len(ids), slot_ids=ids, date_from=date_from.isoformat(),
                     date_to=date_to.isoformat(), start=interval.start, end=interval.end)
    return EveningResult(tuple(ids), series, tuple(existing),
                         tuple(code for code, _ in offices if code not in served))


def _weekdays(values: Iterable[int | str] | None) -> set[int]:
    if values is None:
        return set(WORKDAYS)
    found = {calendar.parse_weekday(v) for v in values}  # UserError for a wrong one
    if not found:
        raise UserError("cal_bad_weekday", value="")
    return found


def _chosen_offices(db: pw.Database, codes: Iterable[str] | None
                    ) -> Sequence[tuple[str, int]]:
    """(kelurahan code, office id) in code order: the kelurahan asked for, else all."""
    offices = kelurahan_offices(db)
    if codes is None:
        wanted = sorted(offices)
    else:
        table = regions.default_table()
        wanted = []
        for code in codes:
            match = table.match_kelurahan(str(code), None)
            if match is None:
                raise UserError("sched_bad_kelurahan", value=code)
            wanted.append(match.kelurahan.code)
        wanted = sorted(dict.fromkeys(wanted))
    missing = [code for code in wanted if code not in offices]
    if missing or not wanted:
        raise UserError("evening_no_office", codes=", ".join(missing) or "-")
    return [(code, offices[code]) for code in wanted]
