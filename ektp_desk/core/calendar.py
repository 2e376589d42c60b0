"""The service calendar: Indonesian dates and times, holidays, opening hours, working days.

Day and month names are hard-coded (locale tables disagree: docs/domain.md, "The
letter"). Times are stored as ``HH:MM`` (sortable text) and shown with a dot, ``08.00``.
Weekdays are numbered as Python's ``date.weekday()``: 0 = Senin … 6 = Minggu.

Holidays (docs/domain.md, "Hours and holidays") are data in the ``holiday`` table,
preloaded by migrations 2 and 8 and editable, because the SKB was revised twice in 2023 and
Pemilu day was declared late. ``holiday_year`` says which years the list covers and which
of them are provisional (no SKB known yet).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import peewee as pw

from ektp_desk.core import accounts, audit, messages, models
from ektp_desk.core.errors import UserError
from ektp_desk.core.jobs import NEVER_CANCELLED, CancelToken, Changes, Progress, no_progress
from ektp_desk.core.text import clean

DAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTH_NAMES = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
               "September", "Oktober", "November", "Desember")
# Day and month names are Indonesian in every language (they are the letters' words); the
# rest of the calendar's words come from the message catalogue.
HOLIDAY_KINDS = messages.Labels("cal_kind_", {
    "libur": ("Libur nasional", "National holiday"),
    "cuti_bersama": ("Cuti bersama", "Collective leave day"),
})

messages.register({
    "cal_bad_time": (
        "Jam tidak sah: '{value}'. Tulis seperti 08.00 atau 14.30.",
        "Invalid time: '{value}'. Write it like 08.00 or 14.30.",
    ),
    "cal_bad_date": (
        "Tanggal tidak sah: '{value}'. Tulis seperti 2024-02-14 atau 14-02-2024.",
        "Invalid date: '{value}'. Write it like 2024-02-14 or 14-02-2024.",
    ),
    "cal_bad_interval": (
        "Jam mulai {start} harus sebelum jam selesai {end}.",
        "Start time {start} must be before end time {end}.",
    ),
    "cal_overlap": (
        "Jam layanan hari {day} tumpang tindih: {first} dan {second}.",
        "Service hours on {day} overlap: {first} and {second}.",
    ),
    "cal_bad_weekday": ("Hari tidak dikenal: {value}", "Unknown weekday: {value}"),
    "cal_holiday_name": (
        "Nama hari libur tidak boleh kosong.",
        "A holiday needs a name.",
    ),
    "cal_holiday_kind": (
        "Jenis hari libur harus 'libur' atau 'cuti_bersama', bukan '{kind}'.",
        "Holiday kind must be 'libur' or 'cuti_bersama', not '{kind}'.",
    ),
    "cal_holiday_missing": (
        "Tanggal {date} tidak ada di daftar hari libur.",
        "{date} is not in the holiday list.",
    ),
    "cal_holiday_no_rows": (
        "Berkas {path} tidak berisi satu pun tanggal libur yang sah.",
        "File {path} holds no valid holiday date.",
    ),
    "cal_importing_holidays": ("Mengimpor hari libur", "Importing holidays"),
    "cal_holiday_bad_rows": (
        "Berkas {path} tidak diimpor: {count} baris salah, tidak ada yang diubah. {rows}",
        "File {path} was not imported: {count} wrong rows, nothing was changed. {rows}",
    ),
    "cal_holiday_bad_row": ("Baris {row} ({text}): {reason}", "Row {row} ({text}): {reason}"),
    "cal_year_imported": ("Diimpor dari berkas {file}", "Imported from file {file}"),
    "cal_location_missing": (
        "Lokasi nomor {location_id} tidak ada.",
        "Location number {location_id} does not exist.",
    ),
})


# --- names and formats ------------------------------------------------------------------

def day_name(day: dt.date) -> str:
    """'Rabu' for 14 February 2024."""
    return DAY_NAMES[day.weekday()]


def month_name(month: int) -> str:
    """'Februari' for 2."""
    return MONTH_NAMES[month - 1]


def format_date_id(day: dt.date) -> str:
    """The date as letters write it: 'Rabu, 14 Februari 2024'."""
    return f"{DAY_NAMES[day.weekday()]}, {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def format_date_plain(day: dt.date) -> str:
    """Without the day name, as in a letter's place and date: '14 Februari 2024'."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


_TIME = re.compile(r"^\s*(\d{1,2})(?:\s*[.:]\s*(\d{2}))?\s*$")


def parse_time(value: str | dt.time) -> str:
    """'8', '8.00', '08:00', '08.00' → '08:00' (the stored form); UserError otherwise."""
    if isinstance(value, dt.time):
        return f"{value.hour:02d}:{value.minute:02d}"
    match = _TIME.match(str(value))
    if not match:
        raise UserError("cal_bad_time", value=value)
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 24 or minute > 59 or (hour == 24 and minute):
        raise UserError("cal_bad_time", value=value)
    return f"{hour:02d}:{minute:02d}"


def format_moment(at: str | None) -> str:
    """'2024-02-05T09:12:33+07:00' → '05-02-2024 09.12' (day first, times with a dot);
    anything not a timestamp unchanged."""
    try:
        moment = dt.datetime.fromisoformat(str(at))
    except ValueError:
        return at or ""
    return moment.strftime("%d-%m-%Y %H.%M")


def format_time(value: str | dt.time) -> str:
    """'08:00' → '08.00' (Indonesian writes times with a dot)."""
    return parse_time(value).replace(":", ".")


def format_time_range(start: str, end: str) -> str:
    """'08.00–09.00'."""
    return f"{format_time(start)}–{format_time(end)}"


def minutes(value: str) -> int:
    """'08:30' → 510."""
    hour, minute = value.split(":")
    return int(hour) * 60 + int(minute)


def from_minutes(total: int) -> str:
    """510 → '08:30'."""
    return f"{total // 60:02d}:{total % 60:02d}"


_DMY = re.compile(r"^\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{2}|\d{4})\s*$")
_D_MONTH_Y = re.compile(r"^\s*(?:[A-Za-z]+\s*,\s*)?(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})\s*$")
_MONTH_KEYS = {name.lower(): i + 1 for i, name in enumerate(MONTH_NAMES)}
_MONTH_KEYS.update({name.lower()[:3]: i + 1 for i, name in enumerate(MONTH_NAMES)})
_MONTH_KEYS.update({"agu": 8, "agt": 8, "ags": 8, "des": 12, "okt": 10, "peb": 2})


def parse_date(value: object) -> dt.date:
    """A date from a cell or an argument: a date object, ISO text, day-first text
    ('14-02-2024', '14/2/24') or Indonesian words ('14 Februari 2024', 'Rabu, 14 Februari
    2024'). UserError otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = clean(value)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        match = _DMY.match(text)
        if match:
            day, month, year = (int(g) for g in match.groups())
            if year < 100:
                year += 2000
            return dt.date(year, month, day)
        match = _D_MONTH_Y.match(text)
        if match and match.group(2).lower() in _MONTH_KEYS:
            return dt.date(int(match.group(3)), _MONTH_KEYS[match.group(2).lower()],
                           int(match.group(1)))
    except ValueError:
        pass
    raise UserError("cal_bad_date", value=text)


def parse_weekday(value: str | int) -> int:
    """'Senin' / 'senin' / 'sen' / 0 → 0."""
    if isinstance(value, int) and 0 <= value <= 6:
        return value
    key = str(value).strip().lower()
    if key.isdigit() and 0 <= int(key) <= 6:
        return int(key)
    for i, name in enumerate(DAY_NAMES):
        if name.lower() == key or (len(key) >= 3 and name.lower()[:3] == key[:3]):
            return i
    raise UserError("cal_bad_weekday", value=value)


def dates(date_from: dt.date, date_to: dt.date) -> list[dt.date]:
    """Every date from `date_from` to `date_to`, both included."""
    return [date_from + dt.timedelta(days=i) for i in range((date_to - date_from).days + 1)]


# --- opening hours --------------------------------------------------------------------------

@dataclass(frozen=True, slots=True, order=True)
class Interval:
    """A service period on one day, ``start`` < ``end``, both ``HH:MM``."""

    start: str
    end: str

    def __str__(self) -> str:
        return format_time_range(self.start, self.end)

    @property
    def minutes(self) -> int:
        return minutes(self.end) - minutes(self.start)


WeekHours = dict[int, tuple[Interval, ...]]
"""Service periods per weekday (0 = Senin); a missing or empty weekday means closed."""

# docs/domain.md, "Hours and holidays": kantor kecamatan Senin–Kamis 08.00–14.00, Jumat
# 08.00–10.30, no Saturday; Dindukcapil the same plus Sabtu 09.00–12.00. Editable per
# location.
KECAMATAN_HOURS: WeekHours = {
    0: (Interval("08:00", "14:00"),), 1: (Interval("08:00", "14:00"),),
    2: (Interval("08:00", "14:00"),), 3: (Interval("08:00", "14:00"),),
    4: (Interval("08:00", "10:30"),),
}
DINDUKCAPIL_HOURS: WeekHours = {**KECAMATAN_HOURS, 5: (Interval("09:00", "12:00"),)}


def make_hours(spec: Mapping[int | str, Iterable[tuple[str, str]]]) -> WeekHours:
    """Validated WeekHours from {weekday: [(start, end), …]}; times in any accepted form."""
    hours: WeekHours = {}
    for key, periods in spec.items():
        weekday = parse_weekday(key)
        made = []
        for start, end in periods:
            interval = Interval(parse_time(start), parse_time(end))
            if interval.start >= interval.end:
                raise UserError("cal_bad_interval", start=format_time(interval.start),
                                end=format_time(interval.end))
            made.append(interval)
        made.sort()
        for first, second in itertools.pairwise(made):
            if second.start < first.end:
                raise UserError("cal_overlap", day=DAY_NAMES[weekday], first=str(first),
                                second=str(second))
        if made:
            hours[weekday] = tuple(made)
    return hours


def location_hours(db: pw.Database, location_id: int) -> WeekHours:
    """The weekly service hours of one location (empty when it has none)."""
    return all_location_hours(db, [location_id]).get(location_id, {})


def all_location_hours(db: pw.Database,
                       location_ids: Iterable[int] | None = None) -> dict[int, WeekHours]:
    """Service hours of several (default: all) locations, keyed by location id."""
    hours = models.LocationHours
    query = (hours.select(hours.location_id, hours.weekday, hours.start_time, hours.end_time)
             .order_by(hours.location_id, hours.weekday, hours.start_time).tuples())
    if location_ids is not None:
        ids = sorted(set(location_ids))
        if not ids:
            return {}
        query = query.where(hours.location_id.in_(ids))
    found: dict[int, dict[int, list[Interval]]] = {}
    for location_id, weekday, start, end in query.execute(db):
        found.setdefault(location_id, {}).setdefault(weekday, []).append(Interval(start, end))
    return {loc: {day: tuple(p) for day, p in days.items()} for loc, days in found.items()}


@dataclass(frozen=True)
class CalendarResult:
    """What a calendar edit did; `changes` for the change bus."""

    count: int = 0
    changes: Changes = field(default_factory=lambda: Changes(schedule=True))


def set_location_hours(db: pw.Database, location_id: int,
                       hours: Mapping[int | str, Iterable[tuple[str, str]]], *,
                       user: str | None = None) -> CalendarResult:
    """Replace a location's weekly hours. Existing slots are not touched (they were
    announced already); new plans use the new hours."""
    made = make_hours(hours)
    if not models.Location.select().where(models.Location.id == location_id).exists(db):
        raise UserError("cal_location_missing", location_id=location_id)
    with db.atomic():
        (models.LocationHours.delete().where(models.LocationHours.location_id == location_id)
         .execute(db))
        count = insert_hours(db, location_id, dict(sorted(made.items())))
        audit.record(db, _user(db, user), "jam_layanan", location_id=location_id,
                     hours={DAY_NAMES[d]: [str(i) for i in p] for d, p in made.items()})
    return CalendarResult(count)


def insert_hours(db: pw.Database, location_id: int, hours: WeekHours) -> int:
    """Store a location's weekly hours (it has none yet); returns how many periods."""
    rows = [(location_id, day, i.start, i.end) for day, periods in hours.items()
            for i in periods]
    table = models.LocationHours
    (table.insert_many(rows, fields=[table.location_id, table.weekday, table.start_time,
                                     table.end_time])
     .execute(db))
    return len(rows)


def periods_on(day: dt.date, hours: WeekHours, holiday_dates: Container[dt.date]
               ) -> tuple[Interval, ...]:
    """The service periods of a day: none on a holiday or a closed weekday."""
    if day in holiday_dates:
        return ()
    return hours.get(day.weekday(), ())


def is_working_day(day: dt.date, hours: WeekHours, holiday_dates: Container[dt.date]) -> bool:
    """True when the location serves on that day (not a holiday, some hours that weekday)."""
    return bool(periods_on(day, hours, holiday_dates))


def working_days(date_from: dt.date, date_to: dt.date, hours: WeekHours,
                 holiday_dates: Container[dt.date]) -> list[dt.date]:
    """The days between the two dates (both included) on which the location serves."""
    return [d for d in dates(date_from, date_to) if is_working_day(d, hours, holiday_dates)]


def split_period(period: Interval, slot_minutes: int) -> list[Interval]:
    """A service period cut into slots of `slot_minutes`; the last may be shorter
    (Jumat 08.00–10.30 in hours: 08.00–09.00, 09.00–10.00, 10.00–10.30)."""
    start, end = minutes(period.start), minutes(period.end)
    pieces = []
    while start < end:
        stop = min(start + slot_minutes, end)
        pieces.append(Interval(from_minutes(start), from_minutes(stop)))
        start = stop
    return pieces


def slot_capacity(capacity_per_hour: int, interval: Interval) -> int:
    """Places in a slot: the hourly capacity prorated to the slot's length, rounded down,
    but at least 1 when the location serves anyone (a short slot is still a slot)."""
    if capacity_per_hour <= 0:
        return 0
    return max(1, capacity_per_hour * interval.minutes // 60)


# --- holidays -------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Holiday:
    date: dt.date
    name: str
    kind: str  # 'libur' | 'cuti_bersama'

    @property
    def kind_label(self) -> str:
        return HOLIDAY_KINDS.get(self.kind, self.kind)


def holidays(db: pw.Database, date_from: dt.date | None = None,
             date_to: dt.date | None = None) -> dict[dt.date, Holiday]:
    """Holidays between two dates (both included; open-ended when None), keyed by date."""
    table = models.Holiday
    low = date_from.isoformat() if date_from else "0000"
    high = date_to.isoformat() if date_to else "9999"
    query = (table.select(table.date, table.name, table.kind)
             .where(table.date.between(low, high)).order_by(table.date).tuples())
    return {dt.date.fromisoformat(d): Holiday(dt.date.fromisoformat(d), name, kind)
            for d, name, kind in query.execute(db)}


def list_holidays(db: pw.Database, year: int | None = None) -> list[Holiday]:
    """Every holiday (of one year, if given), in date order."""
    if year is None:
        return list(holidays(db).values())
    return list(holidays(db, dt.date(year, 1, 1), dt.date(year, 12, 31)).values())


def _check_kind(kind: str) -> str:
    kind = kind.strip().lower().replace(" ", "_")
    if kind in ("cuti", "cuti_bersama", "cb"):
        return "cuti_bersama"
    if kind in ("libur", "libur_nasional", "", "nasional"):
        return "libur"
    raise UserError("cal_holiday_kind", kind=kind)


def add_holiday(db: pw.Database, day: dt.date, name: str, kind: str = "libur", *,
                user: str | None = None) -> CalendarResult:
    """Add a holiday, or rename / re-kind the one on that date. Slots already made on
    that day stay (the clerk cancels or moves them from the Jadwal page)."""
    name = clean(name)
    if not name:
        raise UserError("cal_holiday_name")
    kind = _check_kind(kind)
    with db.atomic():
        _put_holiday(db, day, name, kind)
        audit.record(db, _user(db, user), "libur_tambah", date=day.isoformat(), name=name,
                     kind=kind)
    return CalendarResult(1)


def _put_holiday(db: pw.Database, day: dt.date, name: str, kind: str) -> None:
    table = models.Holiday
    (table.insert(date=day.isoformat(), name=name, kind=kind)
     .on_conflict(conflict_target=[table.date],
                  update={table.name: pw.EXCLUDED.name, table.kind: pw.EXCLUDED.kind})
     .execute(db))


def remove_holiday(db: pw.Database, day: dt.date, *, user: str | None = None
                   ) -> CalendarResult:
    """Remove the holiday on `day` (UserError when there is none)."""
    with db.atomic():
        removed = (models.Holiday.delete().where(models.Holiday.date == day.isoformat())
                   .execute(db))
        if removed == 0:
            raise UserError("cal_holiday_missing", date=format_date_plain(day))
        audit.record(db, _user(db, user), "libur_hapus", date=day.isoformat())
    return CalendarResult(1)


@dataclass(frozen=True)
class HolidayImport:
    """Counts of a holiday list import (a file with a wrong row is refused whole)."""

    added: int
    updated: int
    unchanged: int
    changes: Changes


_DATE_HEADERS = ("TANGGAL", "TGL", "DATE")
_NAME_HEADERS = ("KETERANGAN", "NAMA", "HARI LIBUR", "LIBUR", "NAME", "URAIAN")
_KIND_HEADERS = ("JENIS", "KIND", "TYPE")


def import_holidays(db: pw.Database, path: Path, *, sheet: str | None = None,
                    user: str | None = None, progress: Progress = no_progress,
                    cancel: CancelToken = NEVER_CANCELLED) -> HolidayImport:
    """Add the holidays listed in a csv or xlsx file (columns TANGGAL, KETERANGAN and
    optionally JENIS: libur / cuti bersama; without a header, the first two columns).
    Known dates are updated; nothing is removed; the years it covers become known (no
    longer provisional). All or nothing: a file with a wrong row, or without one valid
    date, changes nothing."""
    from ektp_desk.core import listfile

    rows = listfile.read_rows(path, sheet=sheet)
    header_at, columns = listfile.find_header(rows, {"date": _DATE_HEADERS,
                                                      "name": _NAME_HEADERS,
                                                      "kind": _KIND_HEADERS}, required="date")
    if header_at is None:
        columns, header_at = {"date": 0, "name": 1}, -1
    parsed: dict[dt.date, tuple[str, str]] = {}
    rejected: list[tuple[int, str, str]] = []
    for index in range(header_at + 1, len(rows)):
        row = rows[index]
        cell = listfile.cell(row, columns.get("date"))
        if cell in (None, ""):
            continue
        try:
            day = parse_date(cell)
            kind = _check_kind(str(listfile.cell(row, columns.get("kind")) or "libur"))
        except UserError as exc:
            rejected.append((index + 1, clean(cell), exc.message))
            continue
        # A holiday's name is stored data, shared by every screen and office: Indonesian.
        name = (clean(listfile.cell(row, columns.get("name")))
                or messages.text_in("id", "cal_kind_" + kind))
        parsed[day] = (name, kind)
    if rejected:
        # All or nothing: a list with a wrong row is fixed and imported again whole.
        raise UserError("cal_holiday_bad_rows", path=path.name, count=len(rejected),
                        rows="; ".join(messages.text("cal_holiday_bad_row", row=r, text=t,
                                                     reason=why) for r, t, why in rejected[:5]))
    if not parsed:
        raise UserError("cal_holiday_no_rows", path=path.name)
    known = holidays(db, min(parsed), max(parsed))
    added = updated = unchanged = 0
    with db.atomic():
        for done, (day, (name, kind)) in enumerate(sorted(parsed.items()), 1):
            cancel.raise_if_cancelled()
            old = known.get(day)
            if old is None:
                added += 1
            elif (old.name, old.kind) == (name, kind):
                unchanged += 1
                continue
            else:
                updated += 1
            _put_holiday(db, day, name, kind)
            progress(done, len(parsed), messages.text("cal_importing_holidays"))
        # The office imports a year's published list: that year is no longer provisional.
        years = sorted({day.year for day in parsed})
        source = messages.text_in("id", "cal_year_imported", file=path.name)
        for year in years:
            (models.HolidayYear.insert(year=year, provisional=False, source=source)
             .on_conflict(conflict_target=[models.HolidayYear.year],
                          update={models.HolidayYear.provisional: False,
                                  models.HolidayYear.source: source})
             .execute(db))
        audit.record(db, _user(db, user), "libur_impor", file=path.name, added=added,
                     updated=updated, years=years)
    return HolidayImport(added, updated, unchanged, Changes(schedule=added + updated > 0))


@dataclass(frozen=True, slots=True)
class HolidayYear:
    """A year the holiday list covers: provisional until its SKB is known."""

    year: int
    provisional: bool
    source: str


def holiday_years(db: pw.Database) -> dict[int, HolidayYear]:
    """The years the holiday list covers, by year."""
    table = models.HolidayYear
    query = table.select(table.year, table.provisional, table.source).tuples()
    return {y: HolidayYear(y, bool(p), s) for y, p, s in query.execute(db)}


def first_unknown_day(db: pw.Database, date_from: dt.date, date_to: dt.date
                      ) -> dt.date | None:
    """The first day of the range in a year whose holidays are provisional or not known at
    all (where a plan could book people on a holiday nobody entered); None when every year
    of the range has its published list."""
    known = {y for y, info in holiday_years(db).items() if not info.provisional}
    for year in range(date_from.year, date_to.year + 1):
        if year not in known:
            return max(date_from, dt.date(year, 1, 1))
    return None


def _user(db: pw.Database, user: str | None) -> str:
    return user if user else accounts.acting_name(db)


def weekday_names(days: Sequence[int]) -> str:
    """[0, 1, 2, 3] → 'Senin, Selasa, Rabu, Kamis'."""
    return ", ".join(DAY_NAMES[d] for d in days)
