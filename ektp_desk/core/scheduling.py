"""Call-up scheduling (jadwal panggilan) and outreach visits (jemput bola), without Qt.

The clerk's flow, and the functions behind it:

1. **Locations** (:func:`list_locations`, :func:`add_location`, :func:`update_location`)
   with weekly hours (:mod:`ektp_desk.core.calendar`) and a capacity per hour. A kantor
   kecamatan serves the kecamatan in its ``kecamatan_code``; Dindukcapil serves people
   whose kecamatan is unknown.
2. **Plan** (:func:`plan`): who (a :class:`Selection`) and a date range → a :class:`Plan`,
   computed without writing anything: each person at their own kecamatan office, in a slot
   that respects capacity, hours and holidays, neighbours together (kelurahan, RW, RT on the
   same day). Same input, same plan. People who do not fit are listed with a reason.
3. **Apply** (:func:`apply_plan`) saves a plan in one transaction: slots, summonses, a
   ``dipanggil`` event per person, person.status = ``dipanggil``.
4. **Changes**: :func:`move_people`, :func:`summon_to_slot`, :func:`cancel_slot` (its people
   go to the next free slots), :func:`move_slot`. Letters already printed become
   ``cetak_ulang``. A person never holds two open summonses (a partial UNIQUE index too).
5. **No-shows**: :func:`close_day` marks who did not come (``tidak_hadir``); a plan with
   :meth:`Selection.second_round` calls them again (round N+1); after the configured number
   of no-shows they are proposed for outreach (:func:`outreach_candidates`).
6. **Outreach visits**: :func:`create_visit`, :func:`add_visit_people` (by hand, by
   :func:`select_person_ids`, or from a school's list via :func:`match_people_list`),
   :func:`record_visit_outcomes`.

Long functions have the shape ``f(db, …, *, progress, cancel) -> Result``; every write
returns a result with ``changes`` (:class:`ektp_desk.core.jobs.Changes`). Bad input raises
:class:`UserError` before anything is written. Dates are ``datetime.date``; times are
``'HH:MM'`` text (shown as ``08.00`` with :func:`calendar.format_time`). "Today" is a
parameter everywhere (default :func:`clock.today`), so tests never depend on the clock.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import peewee as pw

from ektp_desk.core import audit, calendar, clock, messages, nik, regions, settings, status
from ektp_desk.core.calendar import Interval, WeekHours, format_date_id, format_time_range
from ektp_desk.core.errors import UserError
from ektp_desk.core.jobs import (
    NEVER_CANCELLED,
    CancelToken,
    Changes,
    Progress,
    ThrottledProgress,
    no_progress,
)
from ektp_desk.core.status import CATEGORIES, STATUS_LABELS
from ektp_desk.core.text import clean, search_key

# --- vocabulary ---------------------------------------------------------------------------

LOCATION_KINDS: dict[str, str] = {
    "kecamatan": "Kantor kecamatan",
    "dindukcapil": "Dindukcapil",
    "sekolah": "Sekolah",
    "pesantren": "Pondok pesantren",
    "rutan_lapas": "Rutan/Lapas",
    "rumah": "Kunjungan rumah",
}
OUTREACH_KINDS = ("sekolah", "pesantren", "rutan_lapas", "rumah")

LETTER_NOT_PRINTED = "belum_dicetak"
LETTER_PRINTED = "dicetak"
LETTER_REPRINT = "cetak_ulang"
LETTER_LABELS = {LETTER_NOT_PRINTED: "Belum dicetak", LETTER_PRINTED: "Dicetak",
                 LETTER_REPRINT: "Perlu dicetak ulang"}
SUMMONS_STATES = ("open", "closed", "cancelled", "moved")

# Who may be called: never called, did not come, or came but recording failed.
SCHEDULABLE = ("belum_dipanggil", "tidak_hadir", "gagal_rekam")
# The desk's outcomes, also recorded on outreach visits.
VISIT_OUTCOMES = ("terekam", "gagal_rekam", "tidak_hadir", "sudah_rekam", "tidak_dapat_dilayani")
# Nobody is put on an outreach visit once served.
SERVED = ("terekam", "sudah_rekam", "ktp_dicetak", "ktp_diterima", "suket")

# Settings read when present in settings.SCHEMA (the lead adds them), else these defaults.
SETTING_MAX_ATTEMPTS = "outreach_after_attempts"
SETTING_SLOT_MINUTES = "slot_minutes"
DEFAULT_MAX_ATTEMPTS = 2
DEFAULT_SLOT_MINUTES = 60
DEFAULT_CAPACITY_PER_HOUR = 10
MAX_RANGE_DAYS = 366
DEFAULT_RELOCATE_DAYS = 60
CHUNK = 10_000

# Why a person is left out of a plan (codes in JSON, words on screens).
REASONS = ("penuh", "tanpa_hari_layanan", "tanpa_lokasi", "sudah_dipanggil", "status",
           "jemput_bola", "ada_kunjungan", "tidak_ada")

messages.register({
    "sched_reason_penuh": (
        "tempat di lokasinya sudah penuh dalam rentang tanggal",
        "no place left at their location in the date range"),
    "sched_reason_tanpa_hari_layanan": (
        "lokasinya tidak buka sehari pun dalam rentang tanggal (libur, akhir pekan)",
        "their location is closed on every day of the range (holidays, weekend)"),
    "sched_reason_tanpa_lokasi": (
        "tidak ada lokasi layanan untuk kecamatannya",
        "no service location for their kecamatan"),
    "sched_reason_sudah_dipanggil": (
        "sudah punya panggilan yang masih berlaku",
        "already holds an open summons"),
    "sched_reason_status": (
        "statusnya tidak memerlukan panggilan (mis. sudah terekam)",
        "their status needs no summons (e.g. already recorded)"),
    "sched_reason_jemput_bola": (
        "sudah berkali-kali tidak hadir: diusulkan untuk jemput bola",
        "did not come too many times: proposed for an outreach visit"),
    "sched_reason_ada_kunjungan": (
        "sudah masuk daftar kunjungan jemput bola",
        "already on an outreach visit list"),
    "sched_reason_tidak_ada": ("tidak ada dalam daftar warga", "not in the list of people"),
    "sched_range_empty": (
        "Rentang tanggal kosong: tanggal mulai {date_from} sesudah tanggal akhir {date_to}.",
        "Empty date range: the start {date_from} is after the end {date_to}."),
    "sched_range_past": (
        "Tanggal {date} sudah lewat (hari ini {today}). Pilih tanggal mulai hari ini atau "
        "sesudahnya.",
        "{date} has passed (today is {today}). Start today or later."),
    "sched_range_too_long": (
        "Rentang tanggal terlalu panjang ({days} hari); paling lama {max} hari.",
        "The date range is too long ({days} days); at most {max} days."),
    "sched_no_working_day": (
        "Tidak ada hari layanan antara {date_from} dan {date_to} di {locations}: semuanya "
        "hari libur, akhir pekan atau hari tutup. Pilih rentang lain atau buat sesi khusus.",
        "No service day between {date_from} and {date_to} at {locations}: all are holidays, "
        "weekends or closed days. Choose another range or add a special session."),
    "sched_zero_capacity": (
        "Kapasitas {location} 0 orang per jam, jadi tidak ada yang bisa dijadwalkan di sana. "
        "Isi kapasitas per jam lebih dari 0.",
        "{location} serves 0 people per hour, so nobody can be scheduled there. Set a "
        "capacity above 0."),
    "sched_no_hours": (
        "{location} belum punya jam layanan. Isi jam layanannya dulu.",
        "{location} has no service hours yet. Set its hours first."),
    "sched_bad_slot_minutes": (
        "Lama satu sesi harus antara 15 dan 480 menit, bukan {value}.",
        "A session must last 15 to 480 minutes, not {value}."),
    "sched_bad_kind": (
        "Jenis lokasi tidak dikenal: {kind}. Pilih: {kinds}.",
        "Unknown location kind: {kind}. Choose: {kinds}."),
    "sched_bad_capacity": (
        "Kapasitas harus bilangan bulat 0 atau lebih, bukan {value}.",
        "Capacity must be a whole number 0 or more, not {value}."),
    "sched_slot_capacity_zero": (
        "Kapasitas sesi harus lebih dari 0 orang.",
        "A session's capacity must be more than 0 people."),
    "sched_name_empty": ("Nama lokasi tidak boleh kosong.", "A location needs a name."),
    "sched_bad_kecamatan": ("Kecamatan tidak dikenal: {value}", "Unknown kecamatan: {value}"),
    "sched_bad_kelurahan": ("Kelurahan tidak dikenal: {value}", "Unknown kelurahan: {value}"),
    "sched_bad_category": (
        "Kategori tidak dikenal: {value}. Pilih: {choices}.",
        "Unknown category: {value}. Choose: {choices}."),
    "sched_bad_status": ("Status tidak dikenal: {value}.", "Unknown status: {value}."),
    "sched_plan_stale": (
        "Jadwal atau data warga berubah sejak pratinjau dibuat ({detail}). Buat pratinjau "
        "lagi; tidak ada yang disimpan.",
        "The schedule or the people changed since the preview was made ({detail}). Make the "
        "preview again; nothing was saved."),
    "sched_slot_missing": ("Sesi jadwal nomor {slot_id} tidak ada.",
                           "Session number {slot_id} does not exist."),
    "sched_slot_cancelled": ("Sesi {slot} sudah dibatalkan.", "Session {slot} is cancelled."),
    "sched_slot_past": ("Sesi {slot} sudah lewat.", "Session {slot} has passed."),
    "sched_slot_full": (
        "Sesi {slot} tinggal {free} tempat; {count} orang tidak muat.",
        "Session {slot} has {free} places left; {count} people do not fit."),
    "sched_slot_clash": (
        "Di {location} pada {date} sudah ada sesi {other} yang bertumpuk dengan {range}.",
        "{location} already has a session {other} on {date} overlapping {range}."),
    "sched_slot_off_hours": (
        "{date} pukul {range} di luar jam layanan {location}{why}. Tandai sebagai sesi khusus "
        "untuk sengaja membuka layanan.",
        "{date} {range} is outside the service hours of {location}{why}. Mark it as a special "
        "session to open on purpose."),
    "sched_holiday_why": (" (hari libur: {name})", " (holiday: {name})"),
    "sched_same_slot": ("Sesi tujuan sama dengan sesi asal.",
                        "The target session is the session itself."),
    "sched_no_open_summons": (
        "{count} orang tidak punya panggilan yang masih berlaku: {names}.",
        "{count} people hold no open summons: {names}."),
    "sched_not_schedulable": (
        "{count} orang tidak dapat dipanggil (sudah dipanggil, atau statusnya tidak "
        "memerlukan panggilan): {names}.",
        "{count} people cannot be summoned (already summoned, or their status needs no "
        "summons): {names}."),
    "sched_close_future": (
        "{date} belum tiba; hari layanan ditutup pada harinya atau sesudahnya.",
        "{date} has not come yet; a service day is closed on or after the day."),
    "sched_no_people": ("Tidak ada warga yang dipilih.", "No people were chosen."),
    "sched_person_missing": ("Warga nomor {ids} tidak ada.", "People number {ids} do not exist."),
    "sched_visit_missing": ("Kunjungan nomor {visit_id} tidak ada.",
                            "Visit number {visit_id} does not exist."),
    "sched_bad_outcome": ("Hasil tidak dikenal: {value}. Pilih: {choices}.",
                          "Unknown outcome: {value}. Choose: {choices}."),
    "sched_not_on_visit": (
        "Warga nomor {ids} tidak ada dalam daftar kunjungan ini.",
        "People number {ids} are not on this visit's list."),
    "sched_list_no_column": (
        "Berkas {path} tidak punya kolom NIK atau NAMA di baris judul.",
        "File {path} has no NIK or NAMA column in its header row."),
    "sched_past_date": ("Tanggal {date} sudah lewat.", "{date} has passed."),
})


def reason_text(code: str) -> str:
    """The words for a left-over reason code, in the current language."""
    return messages.text(f"sched_reason_{code}")


# --- small helpers --------------------------------------------------------------------------

def _user(db: pw.Database, user: str | None) -> str:
    return user if user else str(settings.get(db, "user_name"))


def _setting(db: pw.Database, key: str, default: int) -> int:
    """A setting if the schema has it (the lead registers it), else our default."""
    if key in settings.BY_KEY:
        return int(settings.get(db, key))
    return default


def _today(today: dt.date | None) -> dt.date:
    return today if today is not None else clock.today()


def _ids_json(ids: Iterable[int]) -> str:
    """Ids for ``json_each(?)``: one parameter however many ids (no variable limit)."""
    return json.dumps([int(i) for i in ids])


def _capacity(value: object) -> int:
    """A whole number of places, 0 or more (text from a form or the command line too)."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    else:
        raise UserError("sched_bad_capacity", value=value)
    if number < 0:
        raise UserError("sched_bad_capacity", value=value)
    return number


def _slot_minutes(db: pw.Database, value: int | None) -> int:
    minutes_ = value if value is not None else _setting(db, SETTING_SLOT_MINUTES,
                                                          DEFAULT_SLOT_MINUTES)
    if not 15 <= int(minutes_) <= 480:
        raise UserError("sched_bad_slot_minutes", value=minutes_)
    return int(minutes_)


def _names(db: pw.Database, person_ids: Sequence[int], limit: int = 5) -> str:
    rows = db.execute_sql(
        "SELECT name FROM person WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id "
        f"LIMIT {limit + 1}", (_ids_json(person_ids),)).fetchall()
    names = [r[0] for r in rows[:limit]]
    if len(person_ids) > limit:
        names.append("…")
    return ", ".join(names) or ", ".join(str(i) for i in person_ids[:limit])


def _check_range(date_from: dt.date, date_to: dt.date, today: dt.date) -> None:
    if date_from > date_to:
        raise UserError("sched_range_empty", date_from=format_date_id(date_from),
                        date_to=format_date_id(date_to))
    if date_from < today:
        raise UserError("sched_range_past", date=format_date_id(date_from),
                        today=format_date_id(today))
    days = (date_to - date_from).days + 1
    if days > MAX_RANGE_DAYS:
        raise UserError("sched_range_too_long", days=days, max=MAX_RANGE_DAYS)


# --- locations ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Location:
    id: int
    kind: str
    name: str
    address: str | None
    kecamatan_code: str | None
    capacity_per_hour: int
    active: bool

    @property
    def kind_label(self) -> str:
        return LOCATION_KINDS.get(self.kind, self.kind)


@dataclass(frozen=True)
class LocationResult:
    location_id: int
    changes: Changes = field(default_factory=lambda: Changes(schedule=True))


_LOCATION_SQL = ("SELECT id, kind, name, address, kecamatan_code, capacity_per_hour, active "
                 "FROM location")


def list_locations(db: pw.Database, *, kinds: Iterable[str] | None = None,
                   include_inactive: bool = False) -> list[Location]:
    """Locations (of some kinds), by id: the offices first, as preloaded."""
    rows = db.execute_sql(_LOCATION_SQL + " ORDER BY id").fetchall()
    wanted = set(kinds) if kinds is not None else None
    found = [Location(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6])) for r in rows]
    return [loc for loc in found
            if (include_inactive or loc.active) and (wanted is None or loc.kind in wanted)]


def get_location(db: pw.Database, location_id: int) -> Location:
    """One location, or UserError when there is none with that id."""
    row = db.execute_sql(_LOCATION_SQL + " WHERE id = ?", (location_id,)).fetchone()
    if row is None:
        raise UserError("cal_location_missing", location_id=location_id)
    return Location(row[0], row[1], row[2], row[3], row[4], row[5], bool(row[6]))


def _kecamatan_code(value: str | None) -> str | None:
    if value is None or not str(value).strip():
        return None
    found = regions.default_table().match_kecamatan(str(value))
    if found is None:
        raise UserError("sched_bad_kecamatan", value=value)
    return found.code


def add_location(db: pw.Database, kind: str, name: str, *, address: str | None = None,
                 kecamatan_code: str | None = None,
                 capacity_per_hour: int = DEFAULT_CAPACITY_PER_HOUR,
                 hours: Mapping[int | str, Iterable[tuple[str, str]]] | None = None,
                 user: str | None = None) -> LocationResult:
    """Add a place (an outreach place, another office), with optional weekly hours."""
    if kind not in LOCATION_KINDS:
        raise UserError("sched_bad_kind", kind=kind, kinds=", ".join(LOCATION_KINDS))
    name = clean(name)
    if not name:
        raise UserError("sched_name_empty")
    capacity = _capacity(capacity_per_hour)
    code = _kecamatan_code(kecamatan_code)
    made_hours = calendar.make_hours(hours or {})
    with db.atomic():
        cursor = db.execute_sql(
            "INSERT INTO location (kind, name, address, kecamatan_code, capacity_per_hour) "
            "VALUES (?, ?, ?, ?, ?)", (kind, name, clean(address) or None, code, capacity))
        location_id = int(cursor.lastrowid)
        db.connection().executemany(
            "INSERT INTO location_hours (location_id, weekday, start_time, end_time) "
            "VALUES (?, ?, ?, ?)",
            [(location_id, d, i.start, i.end) for d, p in made_hours.items() for i in p])
        audit.record(db, _user(db, user), "lokasi_tambah", location_id=location_id, kind=kind,
                     name=name)
    return LocationResult(location_id)


_UNSET = object()


def update_location(db: pw.Database, location_id: int, *, name: str | None = None,
                    address: object = _UNSET, kecamatan_code: object = _UNSET,
                    capacity_per_hour: int | None = None, active: bool | None = None,
                    user: str | None = None) -> LocationResult:
    """Change a location's fields (only those given). Existing slots keep their capacity."""
    get_location(db, location_id)
    updates: dict[str, object] = {}
    if name is not None:
        if not clean(name):
            raise UserError("sched_name_empty")
        updates["name"] = clean(name)
    if address is not _UNSET:
        updates["address"] = clean(address) or None
    if kecamatan_code is not _UNSET:
        updates["kecamatan_code"] = _kecamatan_code(kecamatan_code)  # type: ignore[arg-type]
    if capacity_per_hour is not None:
        updates["capacity_per_hour"] = _capacity(capacity_per_hour)
    if active is not None:
        updates["active"] = int(bool(active))
    if updates:
        with db.atomic():
            db.execute_sql(
                f"UPDATE location SET {', '.join(f'{k} = ?' for k in updates)} WHERE id = ?",
                (*updates.values(), location_id))
            audit.record(db, _user(db, user), "lokasi_ubah", location_id=location_id,
                         **{k: v for k, v in updates.items()})
    return LocationResult(location_id)


def default_locations(db: pw.Database) -> dict[str, tuple[int, ...]]:
    """Which locations serve each kecamatan, by preference: the active kantor kecamatan
    whose ``kecamatan_code`` it is. The key '' (kecamatan unknown) maps to Dindukcapil, which
    is also the fallback for a kecamatan without an office of its own."""
    mapping: dict[str, list[int]] = {}
    city: list[int] = []
    for loc in list_locations(db, kinds=("kecamatan", "dindukcapil")):
        if loc.kind == "kecamatan" and loc.kecamatan_code:
            mapping.setdefault(loc.kecamatan_code, []).append(loc.id)
        elif loc.kind == "dindukcapil":
            city.append(loc.id)
    result = {code: tuple(ids) for code, ids in mapping.items()}
    result[""] = tuple(city)
    return result


# --- slots ----------------------------------------------------------------------------------

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
        params.append(_ids_json(location_ids))
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


def _holiday_name(db: pw.Database, day: dt.date) -> str | None:
    found = calendar.holidays(db, day, day).get(day)
    return found.name if found else None


def _check_slot_time(db: pw.Database, location: Location, day: dt.date, interval: Interval,
                     deliberate: bool, *, ignore_slot: int | None = None) -> None:
    """A slot must not overlap a live one; unless deliberate, it must lie within the
    location's hours on a non-holiday."""
    for other in list_slots(db, day, day, location_ids=[location.id]):
        if other.id != ignore_slot and other.start < interval.end and interval.start < other.end:
            raise UserError("sched_slot_clash", location=location.name,
                            date=format_date_id(day), other=format_time_range(other.start,
                                                                              other.end),
                            range=str(interval))
    if deliberate:
        return
    holiday = _holiday_name(db, day)
    periods = calendar.location_hours(db, location.id).get(day.weekday(), ())
    inside = any(p.start <= interval.start and interval.end <= p.end for p in periods)
    if holiday or not inside:
        why = messages.text("sched_holiday_why", name=holiday) if holiday else ""
        raise UserError("sched_slot_off_hours", date=format_date_id(day), range=str(interval),
                        location=location.name, why=why)


def add_slot(db: pw.Database, location_id: int, day: dt.date, start: str, end: str, *,
             capacity: int | None = None, name: str | None = None, deliberate: bool = False,
             today: dt.date | None = None, user: str | None = None) -> SlotResult:
    """Add one slot by hand. Outside the hours or on a holiday only when ``deliberate``
    (a weekend or holiday session opened on purpose). Capacity defaults to the location's
    hourly capacity prorated to the slot's length."""
    location = get_location(db, location_id)
    if day < _today(today):
        raise UserError("sched_past_date", date=format_date_id(day))
    interval = Interval(calendar.parse_time(start), calendar.parse_time(end))
    if interval.start >= interval.end:
        raise UserError("cal_bad_interval", start=calendar.format_time(interval.start),
                        end=calendar.format_time(interval.end))
    places = (_capacity(capacity) if capacity is not None
              else calendar.slot_capacity(location.capacity_per_hour, interval))
    if places <= 0:
        raise UserError("sched_slot_capacity_zero")
    _check_slot_time(db, location, day, interval, deliberate)
    with db.atomic():
        cursor = db.execute_sql(
            "INSERT INTO slot (location_id, date, start_time, end_time, capacity, name, "
            "deliberate, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (location_id, day.isoformat(), interval.start, interval.end, places,
             clean(name) or None, int(deliberate), clock.timestamp()))
        slot_id = int(cursor.lastrowid)
        audit.record(db, _user(db, user), "sesi_tambah", slot_id=slot_id,
                     date=day.isoformat(), start=interval.start, deliberate=deliberate)
    return SlotResult((slot_id,))


# --- candidate slots (existing and to be made) --------------------------------------------

class _WSlot:
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


class _WDay:
    """One day at one location: its slots in time order, filled from the earliest."""

    __slots__ = ("cursor", "date", "free", "location_id", "planned", "slots")

    def __init__(self, date: dt.date, location_id: int, slots: list[_WSlot]) -> None:
        self.date = date
        self.location_id = location_id
        self.slots = slots
        self.free = sum(s.free for s in slots)
        self.cursor = 0
        self.planned = 0

    def take(self, count: int) -> list[_WSlot]:
        """A slot for each of `count` people (count <= free), earliest slots first."""
        out: list[_WSlot] = []
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


def _candidate_days(db: pw.Database, location_ids: Sequence[int], date_from: dt.date,
                    date_to: dt.date, slot_minutes: int, *,
                    not_before: tuple[str, str] | None = None) -> dict[int, list[_WDay]]:
    """For each location, its days in the range with their slots: the existing live slots
    with free places, plus new slots cut from the weekly hours on working days wherever no
    slot (live or cancelled) overlaps. `not_before` = (ISO date, 'HH:MM'): only slots
    starting then or later."""
    hours = calendar.all_location_hours(db, location_ids)
    holiday_dates = set(calendar.holidays(db, date_from, date_to))
    capacity = {loc.id: loc.capacity_per_hour for loc in list_locations(
        db, include_inactive=True) if loc.id in set(location_ids)}
    existing: dict[tuple[int, dt.date], list[tuple]] = {}
    rows = db.execute_sql(
        "SELECT s.id, s.location_id, s.date, s.start_time, s.end_time, s.capacity, "
        "s.cancelled, s.name, s.deliberate, "
        "(SELECT count(*) FROM summons m WHERE m.slot_id = s.id AND m.state = 'open') "
        "FROM slot s WHERE s.location_id IN (SELECT value FROM json_each(?)) "
        "AND s.date >= ? AND s.date <= ? ORDER BY s.date, s.start_time, s.id",
        (_ids_json(location_ids), date_from.isoformat(), date_to.isoformat()))
    for row in rows:
        existing.setdefault((row[1], dt.date.fromisoformat(row[2])), []).append(row)
    result: dict[int, list[_WDay]] = {}
    for location_id in location_ids:
        week: WeekHours = hours.get(location_id, {})
        per_hour = capacity.get(location_id, 0)
        days: list[_WDay] = []
        for day in calendar.dates(date_from, date_to):
            there = existing.get((location_id, day), [])
            slots = [_WSlot(r[0], location_id, day, r[3], r[4], r[5], r[9], r[7], bool(r[8]))
                     for r in there if not r[6]]
            for period in calendar.periods_on(day, week, holiday_dates):
                for piece in calendar.split_period(period, slot_minutes):
                    if any(r[3] < piece.end and piece.start < r[4] for r in there):
                        continue
                    places = calendar.slot_capacity(per_hour, piece)
                    if places > 0:
                        slots.append(_WSlot(None, location_id, day, piece.start, piece.end,
                                            places, 0))
            if not_before is not None:
                slots = [s for s in slots if (s.date.isoformat(), s.start) >= not_before]
            slots = [s for s in slots if s.free > 0]
            if slots:
                slots.sort(key=lambda s: (s.start, s.end))
                days.append(_WDay(day, location_id, slots))
        result[location_id] = days
    return result


class _Allocator:
    """Places groups of neighbours: a whole group on one day (the first day, in location
    preference order, with room for all), else split over the earliest free places."""

    def __init__(self, days: Mapping[int, list[_WDay]]) -> None:
        self.days = days
        self.first = dict.fromkeys(days, 0)

    def _first_open(self, location_id: int) -> int:
        days = self.days.get(location_id, [])
        i = self.first.get(location_id, 0)
        while i < len(days) and days[i].free == 0:
            i += 1
        self.first[location_id] = i
        return i

    def place(self, count: int, location_ids: Sequence[int]) -> list[_WSlot]:
        """Slots for up to `count` people (fewer when everything is full)."""
        for location_id in location_ids:
            days = self.days.get(location_id, [])
            for j in range(self._first_open(location_id), len(days)):
                if days[j].free >= count:
                    return days[j].take(count)
        out: list[_WSlot] = []
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
                   progress: Progress = no_progress,
                   cancel: CancelToken = NEVER_CANCELLED) -> SlotResult:
    """Lay out empty slots ahead of time: each location's weekly hours cut into
    ``slot_minutes`` slots (capacity per hour prorated) on every day of the range that is
    not a holiday, wherever no slot exists yet. :func:`plan` does the same on demand, so
    this is only needed to show (or hand-fill) a calendar before planning.
    Default locations: the active kantor kecamatan and Dindukcapil."""
    today = _today(today)
    _check_range(date_from, date_to, today)
    minutes_ = _slot_minutes(db, slot_minutes)
    if location_ids is None:
        ids = [loc.id for loc in list_locations(db, kinds=("kecamatan", "dindukcapil"))]
    else:
        ids = sorted({get_location(db, loc).id for loc in location_ids})
    names = {loc.id: loc.name for loc in list_locations(db, include_inactive=True)}
    progress(0, 1, "Menyiapkan sesi")
    days = _candidate_days(db, ids, date_from, date_to, minutes_)
    if ids:
        _check_locations(db, ids, days, date_from, date_to, names)
    new = [slot for loc in ids for day in days.get(loc, []) for slot in day.slots
           if slot.slot_id is None]
    cancel.raise_if_cancelled()
    by = _user(db, user)
    with db.atomic():
        made = _insert_slots(db.connection(), new, clock.timestamp())
        audit.record(db, by, "sesi_buat", slots=len(made), date_from=date_from.isoformat(),
                     date_to=date_to.isoformat())
    progress(1, 1, "Selesai")
    return SlotResult(tuple(made))


# --- planning -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Selection:
    """Who to schedule. Filters combine with AND. With ``person_ids`` (a hand-made
    selection) every schedulable status is accepted; otherwise ``statuses`` (default: not
    yet summoned). Codes: kecamatan 6 digits, kelurahan 10 digits (names are accepted)."""

    kecamatan: str | None = None
    kelurahan: str | None = None
    category: str | None = None
    person_ids: tuple[int, ...] | None = None
    statuses: tuple[str, ...] = ("belum_dipanggil",)

    @classmethod
    def second_round(cls, **filters: object) -> Selection:
        """Those who did not come (status ``tidak_hadir``): round N+1."""
        return cls(statuses=("tidak_hadir",), **filters)  # type: ignore[arg-type]

    def normalized(self) -> Selection:
        """Codes checked and normalised (UserError for unknown ones)."""
        table = regions.default_table()
        kecamatan = _kecamatan_code(self.kecamatan)
        kelurahan = None
        if self.kelurahan:
            match = table.match_kelurahan(self.kelurahan, kecamatan)
            if match is None:
                raise UserError("sched_bad_kelurahan", value=self.kelurahan)
            kelurahan = match.kelurahan.code
        if self.category and self.category not in CATEGORIES:
            raise UserError("sched_bad_category", value=self.category,
                            choices=", ".join(CATEGORIES))
        for code in self.statuses:
            if code not in STATUS_LABELS:
                raise UserError("sched_bad_status", value=code)
        ids = tuple(int(i) for i in self.person_ids) if self.person_ids is not None else None
        return Selection(kecamatan, kelurahan, self.category or None, ids,
                         tuple(self.statuses))


class _Candidate(NamedTuple):
    person_id: int
    kecamatan: str
    kelurahan: str
    rw: str
    rt: str
    status: str
    has_open: int
    calls: int  # closed summonses: rounds already made
    no_shows: int
    on_visit: int


_CANDIDATE_SQL = """
SELECT p.id, coalesce(p.kecamatan_code, substr(p.kelurahan_code, 1, 6), ''),
       coalesce(p.kelurahan_code, ''), coalesce(p.rw, ''), coalesce(p.rt, ''), p.status,
       EXISTS (SELECT 1 FROM summons m WHERE m.person_id = p.id AND m.state = 'open'),
       (SELECT count(*) FROM summons m WHERE m.person_id = p.id AND m.state = 'closed'),
       (SELECT count(*) FROM summons m WHERE m.person_id = p.id AND m.state = 'closed'
          AND m.attended = 0),
       EXISTS (SELECT 1 FROM visit_person vp JOIN visit v ON v.id = vp.visit_id
               WHERE vp.person_id = p.id AND vp.outcome IS NULL AND v.state = 'rencana')
FROM person p
"""


def _candidates(db: pw.Database, selection: Selection) -> tuple[list[_Candidate], list[int]]:
    """The selected people, neighbours together (kelurahan, RW, RT, name); and the
    requested ids that do not exist."""
    where, params = _selection_where(selection)
    sql = (_CANDIDATE_SQL + where +
           " ORDER BY p.kelurahan_code, p.rw, p.rt, p.name_norm, p.id")
    found = [_Candidate(*row) for row in db.execute_sql(sql, params)]
    missing: list[int] = []
    if selection.person_ids is not None:
        present = {c.person_id for c in found}
        missing = [i for i in dict.fromkeys(selection.person_ids) if i not in present]
    return found, missing


def _selection_where(selection: Selection) -> tuple[str, list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    if selection.person_ids is not None:
        clauses.append("p.id IN (SELECT value FROM json_each(?))")
        params.append(_ids_json(selection.person_ids))
    else:
        clauses.append(f"p.status IN ({','.join('?' * len(selection.statuses))})")
        params += list(selection.statuses)
    if selection.kecamatan:
        clauses.append("coalesce(p.kecamatan_code, substr(p.kelurahan_code, 1, 6)) = ?")
        params.append(selection.kecamatan)
    if selection.kelurahan:
        clauses.append("p.kelurahan_code = ?")
        params.append(selection.kelurahan)
    if selection.category:
        clauses.append("p.category = ?")
        params.append(selection.category)
    return " WHERE " + " AND ".join(clauses), params


def select_person_ids(db: pw.Database, selection: Selection) -> list[int]:
    """The ids a selection means (for a visit list chosen by filter), neighbours together."""
    selection = selection.normalized()
    where, params = _selection_where(selection)
    sql = f"SELECT p.id FROM person p{where} ORDER BY p.kelurahan_code, p.rw, p.rt, " \
          "p.name_norm, p.id"
    return [r[0] for r in db.execute_sql(sql, params)]


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


class Assignment(NamedTuple):
    """One person in a plan: ``slot`` indexes :attr:`Plan.slots`."""

    person_id: int
    slot: int
    round: int


@dataclass(frozen=True)
class Plan:
    """A preview of a scheduling run; nothing is written until :func:`apply_plan`."""

    selection: Selection
    date_from: dt.date
    date_to: dt.date
    slots: tuple[PlannedSlot, ...]  # used slots, by date, location, start
    assignments: tuple[Assignment, ...]  # neighbours together
    left_over: Mapping[str, tuple[int, ...]]  # reason code -> person ids
    days: tuple[DayLoad, ...]  # every candidate day per location, with load after the plan
    location_names: Mapping[int, str]
    full_locations: Mapping[int, int]  # location -> people left over because it was full
    max_attempts: int
    slot_minutes: int

    @property
    def scheduled(self) -> int:
        return len(self.assignments)

    @property
    def left_over_count(self) -> int:
        return sum(len(ids) for ids in self.left_over.values())

    @property
    def slots_used(self) -> int:
        return len(self.slots)

    @property
    def new_slots(self) -> int:
        return sum(1 for s in self.slots if s.slot_id is None)

    @property
    def reasons(self) -> dict[str, int]:
        """Left-over counts by reason code (only reasons that occur)."""
        return {code: len(ids) for code, ids in self.left_over.items() if ids}

    @property
    def outreach(self) -> tuple[int, ...]:
        """People proposed for an outreach visit (too many no-shows)."""
        return self.left_over.get("jemput_bola", ())

    def summary(self) -> dict[str, object]:
        """The JSON the CLI prints: counts, reasons, and the load per day and location."""
        return {
            "scheduled": self.scheduled,
            "left_over": self.left_over_count,
            "slots_used": self.slots_used,
            "new_slots": self.new_slots,
            "reasons": self.reasons,
            "reason_texts": {code: reason_text(code) for code in self.reasons},
            "left_over_by_location": {self.location_names.get(loc, str(loc)): n
                                      for loc, n in self.full_locations.items()},
            "outreach_proposed": len(self.outreach),
            "date_from": self.date_from.isoformat(),
            "date_to": self.date_to.isoformat(),
            "days": [{"date": d.date.isoformat(),
                      "location": self.location_names.get(d.location_id, ""),
                      "location_id": d.location_id, "people": d.people,
                      "places_left": d.places_left} for d in self.days if d.people],
        }


def plan(
    db: pw.Database,
    selection: Selection,
    date_from: dt.date,
    date_to: dt.date,
    *,
    today: dt.date | None = None,
    locations: Mapping[str, Sequence[int]] | None = None,
    overflow: Sequence[int] = (),
    slot_minutes: int | None = None,
    max_attempts: int | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken = NEVER_CANCELLED,
) -> Plan:
    """Compute (never write) who goes where and when.

    - ``locations`` maps a kecamatan code to location ids by preference (default
      :func:`default_locations`); ``overflow`` adds locations tried last for everyone
      (e.g. Dindukcapil).
    - Slots: existing live ones in the range with free places, and new ones cut from each
      location's weekly hours (``slot_minutes`` long, capacity per hour prorated) on days
      that are not holidays. Deliberate slots already made are used as they are.
    - Neighbours together: people in kelurahan, RW, RT, name order; each RT goes whole to
      the first day with room for it, else is split over the earliest places.
    - Round = earlier closed calls + 1; a ``tidak_hadir`` person with ``max_attempts``
      no-shows is left over as ``jemput_bola`` (proposed for an outreach visit).

    UserError: an empty, past or too long range; a needed location with zero capacity or
    without hours; a range without a single service day.
    """
    today = _today(today)
    _check_range(date_from, date_to, today)
    selection = selection.normalized()
    minutes_ = _slot_minutes(db, slot_minutes)
    attempts = max_attempts if max_attempts is not None else _setting(
        db, SETTING_MAX_ATTEMPTS, DEFAULT_MAX_ATTEMPTS)
    mapping = dict(default_locations(db))
    if locations:
        mapping.update({code: tuple(ids) for code, ids in locations.items()})
    fallback = mapping.get("", ())
    progress(0, 3, "Memilih warga")

    candidates, missing = _candidates(db, selection)
    cancel.raise_if_cancelled()
    allowed = set(SCHEDULABLE) if selection.person_ids is not None else set(selection.statuses)
    left: dict[str, list[int]] = {code: [] for code in REASONS}
    left["tidak_ada"] = missing
    queue: list[tuple[_Candidate, tuple[int, ...]]] = []
    for person in candidates:
        if person.has_open:
            left["sudah_dipanggil"].append(person.person_id)
        elif person.status not in allowed:
            left["status"].append(person.person_id)
        elif person.status == "tidak_hadir" and person.no_shows >= attempts:
            left["jemput_bola"].append(person.person_id)
        elif person.on_visit:
            left["ada_kunjungan"].append(person.person_id)
        else:
            prefs = tuple(dict.fromkeys((*mapping.get(person.kecamatan, fallback), *overflow)))
            if prefs:
                queue.append((person, prefs))
            else:
                left["tanpa_lokasi"].append(person.person_id)

    needed = sorted({loc for _, prefs in queue for loc in prefs})
    names = {loc.id: loc.name for loc in list_locations(db, include_inactive=True)}
    days_by_location: dict[int, list[_WDay]] = {}
    if needed:
        progress(1, 3, "Menyiapkan sesi")
        days_by_location = _candidate_days(db, needed, date_from, date_to, minutes_)
        closed = _check_locations(db, needed, days_by_location, date_from, date_to, names)
    else:
        closed = set()
    cancel.raise_if_cancelled()

    progress(2, 3, "Menyusun jadwal")
    allocator = _Allocator(days_by_location)
    placed: list[tuple[int, _WSlot, int]] = []
    full: Counter[int] = Counter()
    start = groups = 0
    while start < len(queue):
        # one group = the people of one RT (same location preferences, kelurahan, RW, RT)
        head, prefs = queue[start]
        key = (prefs, head.kelurahan, head.rw, head.rt)
        end = start + 1
        while end < len(queue) and (queue[end][1], queue[end][0].kelurahan,
                                    queue[end][0].rw, queue[end][0].rt) == key:
            end += 1
        group = queue[start:end]
        slots = allocator.place(len(group), prefs)
        for (person, _), slot in zip(group, slots, strict=False):
            placed.append((person.person_id, slot, person.calls + 1))
        shut = all(loc in closed for loc in prefs)
        for person, _ in group[len(slots):]:
            if shut:
                left["tanpa_hari_layanan"].append(person.person_id)
            else:
                left["penuh"].append(person.person_id)
                full[prefs[0]] += 1
        start = end
        groups += 1
        if groups % 256 == 0:
            cancel.raise_if_cancelled()

    used = sorted({id(s): s for _, s, _ in placed}.values(),
                  key=lambda s: (s.date, s.location_id, s.start, s.end))
    planned_slots = []
    for index, slot in enumerate(used):
        slot.plan_index = index
        planned_slots.append(PlannedSlot(slot.location_id, slot.date, slot.start, slot.end,
                                         slot.capacity, slot.already,
                                         max(slot.capacity - slot.already, 0) - slot.free,
                                         slot.slot_id, slot.name, slot.deliberate))
    assignments = tuple(Assignment(pid, slot.plan_index, rnd) for pid, slot, rnd in placed)
    days = tuple(DayLoad(day.date, day.location_id, day.planned, day.free)
                 for loc in needed for day in days_by_location.get(loc, []))
    days = tuple(sorted(days, key=lambda d: (d.date, d.location_id)))
    progress(3, 3, "Selesai")
    return Plan(
        selection=selection, date_from=date_from, date_to=date_to,
        slots=tuple(planned_slots), assignments=assignments,
        left_over={code: tuple(ids) for code, ids in left.items() if ids},
        days=days, location_names={loc: names.get(loc, str(loc)) for loc in needed},
        full_locations=dict(sorted(full.items())), max_attempts=attempts,
        slot_minutes=minutes_,
    )


def _check_locations(db: pw.Database, needed: Sequence[int],
                     days_by_location: Mapping[int, list[_WDay]], date_from: dt.date,
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


# --- writing summonses ---------------------------------------------------------------------

def _next_id(conn: sqlite3.Connection, table: str) -> int:
    # Explicit ids, taken inside the write transaction, let one executemany insert rows
    # that other rows refer to (events ← summonses) without a query per row.
    return int(conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0])


def _insert_slots(conn: sqlite3.Connection, slots: Sequence[PlannedSlot | _WSlot], now: str
                  ) -> list[int]:
    """Create the slots that have no id yet; returns each slot's id (existing or new)."""
    next_id = _next_id(conn, "slot")
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


def _append_events(conn: sqlite3.Connection, rows: Sequence[tuple[int, str, str | None,
                                                                   str | None, int | None]],
                   at: str, by_user: str) -> list[int]:
    """Append (person_id, kind, reason, note, undoes) events; returns their ids."""
    first = _next_id(conn, "event")
    conn.executemany(
        "INSERT INTO event (id, person_id, kind, reason, note, undoes, at, by_user) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(first + i, *row, at, by_user) for i, row in enumerate(rows)])
    return list(range(first, first + len(rows)))


def _refold_status(conn: sqlite3.Connection, person_ids: Sequence[int]) -> None:
    status.refold_status(conn, person_ids)


def _summon(conn: sqlite3.Connection, rows: Sequence[tuple[int, int, int]], now: str,
            user: str, *, progress: Progress, cancel: CancelToken, total: int) -> None:
    """Open summonses (person_id, slot_id, round): a 'dipanggil' event each, the summons,
    and person.status = 'dipanggil'. Raises IntegrityError on a second open summons."""
    for begin in range(0, len(rows), CHUNK):
        cancel.raise_if_cancelled()
        chunk = rows[begin:begin + CHUNK]
        event_ids = _append_events(
            conn, [(pid, "dipanggil", None, f"Panggilan ke-{rnd}" if rnd > 1 else None, None)
                   for pid, _, rnd in chunk], now, user)
        first = _next_id(conn, "summons")
        conn.executemany(
            "INSERT INTO summons (id, person_id, slot_id, round, event_id, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(first + i, pid, sid, rnd, eid, now)
             for i, ((pid, sid, rnd), eid) in enumerate(zip(chunk, event_ids, strict=True))])
        conn.execute("UPDATE person SET status = 'dipanggil' "
                     "WHERE id IN (SELECT value FROM json_each(?))",
                     (_ids_json(pid for pid, _, _ in chunk),))
        progress(begin + len(chunk), total, "Menyimpan jadwal")


@dataclass(frozen=True)
class ApplyResult:
    scheduled: int
    slots_created: int
    changes: Changes = field(
        default_factory=lambda: Changes(schedule=True, people=True, events=True))


def apply_plan(db: pw.Database, plan_: Plan, *, today: dt.date | None = None,
               user: str | None = None, progress: Progress = no_progress,
               cancel: CancelToken = NEVER_CANCELLED) -> ApplyResult:
    """Save a plan in one transaction: new slots, a summons and a 'dipanggil' event per
    person, person.status = 'dipanggil'. Checks first that nothing it relies on changed
    since the preview (statuses, open summonses, places, overlapping slots); if anything
    did, UserError and nothing is saved. Cancel rolls everything back."""
    today = _today(today)
    progress = ThrottledProgress(progress)
    total = len(plan_.assignments)
    if not total:
        return ApplyResult(0, 0, Changes())
    if plan_.slots and min(s.date for s in plan_.slots) < today:
        raise UserError("sched_range_past", date=format_date_id(plan_.date_from),
                        today=format_date_id(today))
    by = _user(db, user)
    now = clock.timestamp()
    conn = db.connection()
    with db.atomic():
        _check_still_valid(db, plan_)
        slot_ids = _insert_slots(conn, plan_.slots, now)
        # in person order: the person, event and summons indexes are then written in order
        rows = sorted((a.person_id, slot_ids[a.slot], a.round) for a in plan_.assignments)
        try:
            _summon(conn, rows, now, by, progress=progress, cancel=cancel, total=total)
        except sqlite3.IntegrityError as exc:
            raise UserError("sched_plan_stale", detail="warga sudah dipanggil") from exc
        audit.record(db, by, "jadwal_otomatis", scheduled=total,
                     slots_created=plan_.new_slots, date_from=plan_.date_from.isoformat(),
                     date_to=plan_.date_to.isoformat())
    return ApplyResult(total, plan_.new_slots)


def _check_still_valid(db: pw.Database, plan_: Plan) -> None:
    ids = _ids_json(a.person_id for a in plan_.assignments)
    changed = db.execute_sql(
        "SELECT count(*) FROM person WHERE id IN (SELECT value FROM json_each(?)) "
        f"AND status NOT IN ({','.join('?' * len(SCHEDULABLE))})", (ids, *SCHEDULABLE)
    ).fetchone()[0]
    if changed:
        raise UserError("sched_plan_stale", detail=f"status {changed} warga berubah")
    for slot in plan_.slots:
        if slot.slot_id is None:
            continue
        row = db.execute_sql(
            "SELECT cancelled, capacity, (SELECT count(*) FROM summons WHERE slot_id = slot.id"
            " AND state = 'open') FROM slot WHERE id = ?", (slot.slot_id,)).fetchone()
        if row is None or row[0] or row[2] + slot.added > row[1]:
            raise UserError("sched_plan_stale", detail="sesi sudah terisi atau dibatalkan")
    new = [s for s in plan_.slots if s.slot_id is None]
    if new:
        live: dict[tuple[int, str], list[tuple[str, str]]] = {}
        for loc, day, start, end in db.execute_sql(
                "SELECT location_id, date, start_time, end_time FROM slot "
                "WHERE date >= ? AND date <= ?",
                (min(s.date for s in new).isoformat(), max(s.date for s in new).isoformat())):
            live.setdefault((loc, day), []).append((start, end))
        for slot in new:
            for start, end in live.get((slot.location_id, slot.date.isoformat()), ()):
                if start < slot.end and slot.start < end:
                    raise UserError("sched_plan_stale", detail="sesi baru bertumpuk")


# --- moves and cancellations --------------------------------------------------------------

@dataclass(frozen=True)
class MoveResult:
    """People moved or summoned by hand; ``unplaced`` lost their call (no room left)."""

    moved: int
    unplaced: tuple[int, ...] = ()
    slot_ids: tuple[int, ...] = ()
    changes: Changes = field(default_factory=lambda: Changes(schedule=True))


def _usable_slot(db: pw.Database, slot_id: int, today: dt.date) -> SlotInfo:
    slot = get_slot(db, slot_id)
    if slot.cancelled:
        raise UserError("sched_slot_cancelled", slot=slot.label)
    if slot.date < today:
        raise UserError("sched_slot_past", slot=slot.label)
    return slot


class _Open(NamedTuple):
    summons_id: int
    person_id: int
    slot_id: int
    round: int
    letter: str
    event_id: int | None


def _open_summonses(db: pw.Database, person_ids: Sequence[int] | None = None, *,
                    slot_id: int | None = None) -> list[_Open]:
    sql = ("SELECT m.id, m.person_id, m.slot_id, m.round, m.letter, m.event_id FROM summons m "
           "JOIN person p ON p.id = m.person_id WHERE m.state = 'open'")
    params: list[object] = []
    if person_ids is not None:
        sql += " AND m.person_id IN (SELECT value FROM json_each(?))"
        params.append(_ids_json(person_ids))
    if slot_id is not None:
        sql += " AND m.slot_id = ?"
        params.append(slot_id)
    sql += " ORDER BY p.kelurahan_code, p.rw, p.rt, p.name_norm, p.id"
    return [_Open(*r) for r in db.execute_sql(sql, params)]


def _reprint(letter: str) -> str:
    # A letter already in someone's hands tells the old time: print a new one. One never
    # printed stays 'belum_dicetak' and is printed with the new time anyway.
    return LETTER_NOT_PRINTED if letter == LETTER_NOT_PRINTED else LETTER_REPRINT


def _move(conn: sqlite3.Connection, moves: Sequence[tuple[_Open, int]], now: str) -> None:
    """Close each open summons as 'moved' and open its successor in the new slot."""
    if not moves:
        return
    conn.executemany("UPDATE summons SET state = 'moved', closed_at = ? WHERE id = ?",
                     [(now, old.summons_id) for old, _ in moves])
    first = _next_id(conn, "summons")
    conn.executemany(
        "INSERT INTO summons (id, person_id, slot_id, round, letter, replaces, event_id, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(first + i, old.person_id, slot_id, old.round, _reprint(old.letter), old.summons_id,
          old.event_id, now) for i, (old, slot_id) in enumerate(moves)])


def _drop(conn: sqlite3.Connection, olds: Sequence[_Open], now: str, user: str,
          reason: str) -> None:
    """Cancel open summonses with no replacement: undo their 'dipanggil' event and fold
    the status back (belum_dipanggil, or tidak_hadir for a second call)."""
    if not olds:
        return
    conn.executemany("UPDATE summons SET state = 'cancelled', closed_at = ? WHERE id = ?",
                     [(now, old.summons_id) for old in olds])
    _append_events(conn, [(old.person_id, "batal", reason, None, old.event_id) for old in olds],
                   now, user)
    _refold_status(conn, [old.person_id for old in olds])


def move_people(db: pw.Database, person_ids: Sequence[int], slot_id: int, *,
                today: dt.date | None = None, user: str | None = None) -> MoveResult:
    """Move people (their open summonses) to another slot, if it has room for all. People
    already in that slot stay; letters already printed are marked for reprint."""
    today = _today(today)
    target = _usable_slot(db, slot_id, today)
    person_ids = list(dict.fromkeys(person_ids))
    if not person_ids:
        raise UserError("sched_no_people")
    olds = _open_summonses(db, person_ids)
    have = {o.person_id for o in olds}
    lacking = [p for p in person_ids if p not in have]
    if lacking:
        raise UserError("sched_no_open_summons", count=len(lacking), names=_names(db, lacking))
    moving = [o for o in olds if o.slot_id != slot_id]
    if len(moving) > target.free:
        raise UserError("sched_slot_full", slot=target.label, free=target.free,
                        count=len(moving) - target.free)
    by = _user(db, user)
    now = clock.timestamp()
    with db.atomic():
        _move(db.connection(), [(o, slot_id) for o in moving], now)
        audit.record(db, by, "jadwal_pindah", slot_id=slot_id, people=len(moving))
    return MoveResult(len(moving), (), (slot_id,))


def summon_to_slot(db: pw.Database, person_ids: Sequence[int], slot_id: int, *,
                   today: dt.date | None = None, user: str | None = None) -> MoveResult:
    """Summon people by hand into a slot (drag from the Warga list): each must be
    schedulable and without an open summons; the slot must have room for all."""
    today = _today(today)
    target = _usable_slot(db, slot_id, today)
    person_ids = list(dict.fromkeys(person_ids))
    if not person_ids:
        raise UserError("sched_no_people")
    candidates, missing = _candidates(db, Selection(person_ids=tuple(person_ids)))
    if missing:
        raise UserError("sched_person_missing", ids=", ".join(map(str, missing[:10])))
    refused = [c.person_id for c in candidates if c.has_open or c.status not in SCHEDULABLE]
    if refused:
        raise UserError("sched_not_schedulable", count=len(refused), names=_names(db, refused))
    if len(candidates) > target.free:
        raise UserError("sched_slot_full", slot=target.label, free=target.free,
                        count=len(candidates) - target.free)
    by = _user(db, user)
    now = clock.timestamp()
    with db.atomic():
        _summon(db.connection(), [(c.person_id, slot_id, c.calls + 1) for c in candidates],
                now, by, progress=no_progress, cancel=NEVER_CANCELLED, total=len(candidates))
        audit.record(db, by, "jadwal_manual", slot_id=slot_id, people=len(candidates))
    return MoveResult(len(candidates), (), (slot_id,),
                      Changes(schedule=True, people=True, events=True))


def _relocate(db: pw.Database, olds: Sequence[_Open], location_id: int, date_from: dt.date,
              date_to: dt.date, not_before: tuple[str, str] | None, slot_minutes: int,
              now: str, user: str, reason: str) -> MoveResult:
    """Move open summonses to the next free slots of a location (existing, or new ones
    from its hours); those that find none are cancelled. Call inside a transaction."""
    conn = db.connection()
    if not olds:
        return MoveResult(0)
    days = _candidate_days(db, [location_id], date_from, date_to, slot_minutes,
                           not_before=not_before)
    allocator = _Allocator(days)
    slots = allocator.place(len(olds), [location_id])
    used = list({id(s): s for s in slots}.values())
    ids = _insert_slots(conn, used, now)
    slot_id_of = {id(s): i for s, i in zip(used, ids, strict=True)}
    moves = [(old, slot_id_of[id(slot)]) for old, slot in zip(olds, slots, strict=False)]
    _move(conn, moves, now)
    dropped = list(olds[len(slots):])
    _drop(conn, dropped, now, user, reason)
    changes = Changes(schedule=True, people=bool(dropped), events=bool(dropped))
    return MoveResult(len(moves), tuple(o.person_id for o in dropped),
                      tuple(sorted(set(ids))), changes)


def cancel_slot(db: pw.Database, slot_id: int, *, reason: str | None = None,
                relocate: bool = True, until: dt.date | None = None,
                today: dt.date | None = None, user: str | None = None,
                progress: Progress = no_progress,
                cancel: CancelToken = NEVER_CANCELLED) -> MoveResult:
    """Cancel a slot (power cut, broken kit). Its people go to the next free slots of the
    same location, from the cancelled slot's end up to ``until`` (default 60 days later),
    new slots being made from the hours where needed; their printed letters are marked
    for reprint. Whoever finds no place (or all, with ``relocate=False``) loses the call:
    the summons is cancelled and the 'dipanggil' event undone, so the next plan picks
    them up again."""
    today = _today(today)
    slot = get_slot(db, slot_id)
    if slot.cancelled:
        raise UserError("sched_slot_cancelled", slot=slot.label)
    minutes_ = _slot_minutes(db, None)
    date_from = max(slot.date, today)
    date_to = until or (date_from + dt.timedelta(days=DEFAULT_RELOCATE_DAYS))
    if relocate and date_to < date_from:
        raise UserError("sched_range_empty", date_from=format_date_id(date_from),
                        date_to=format_date_id(date_to))
    by = _user(db, user)
    now = clock.timestamp()
    progress(0, 1, "Membatalkan sesi")
    with db.atomic():
        cancel.raise_if_cancelled()
        db.execute_sql("UPDATE slot SET cancelled = 1, cancel_reason = ? WHERE id = ?",
                       (clean(reason) or None, slot_id))
        olds = _open_summonses(db, slot_id=slot_id)
        if relocate:
            result = _relocate(db, olds, slot.location_id, date_from, date_to,
                               (slot.date.isoformat(), slot.end), minutes_, now, by,
                               "sesi_dibatalkan")
        else:
            _drop(db.connection(), olds, now, by, "sesi_dibatalkan")
            result = MoveResult(0, tuple(o.person_id for o in olds), (),
                                Changes(schedule=True, people=bool(olds), events=bool(olds)))
        audit.record(db, by, "sesi_batal", slot_id=slot_id, reason=reason,
                     moved=result.moved, unplaced=len(result.unplaced))
        cancel.raise_if_cancelled()
    progress(1, 1, "Selesai")
    return result


def move_slot(db: pw.Database, slot_id: int, day: dt.date, start: str, end: str | None = None,
              *, location_id: int | None = None, deliberate: bool = False,
              today: dt.date | None = None, user: str | None = None) -> MoveResult:
    """Move a whole slot to another date/time (and location): a new slot with the same
    capacity and name is made, the old one is cancelled, and all its people follow, their
    printed letters marked for reprint. Off-hours or a holiday only when ``deliberate``."""
    today = _today(today)
    old = get_slot(db, slot_id)
    if old.cancelled:
        raise UserError("sched_slot_cancelled", slot=old.label)
    if day < today:
        raise UserError("sched_past_date", date=format_date_id(day))
    location = get_location(db, location_id if location_id is not None else old.location_id)
    begin = calendar.parse_time(start)
    length = calendar.minutes(old.end) - calendar.minutes(old.start)
    finish = calendar.parse_time(end) if end else calendar.from_minutes(
        calendar.minutes(begin) + length)
    interval = Interval(begin, finish)
    if interval.start >= interval.end:
        raise UserError("cal_bad_interval", start=calendar.format_time(begin),
                        end=calendar.format_time(finish))
    if (location.id, day, interval.start, interval.end) == (old.location_id, old.date,
                                                           old.start, old.end):
        raise UserError("sched_same_slot")
    _check_slot_time(db, location, day, interval, deliberate, ignore_slot=slot_id)
    by = _user(db, user)
    now = clock.timestamp()
    with db.atomic():
        db.execute_sql("UPDATE slot SET cancelled = 1, cancel_reason = ? WHERE id = ?",
                       ("dipindah", slot_id))
        cursor = db.execute_sql(
            "INSERT INTO slot (location_id, date, start_time, end_time, capacity, name, "
            "deliberate, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (location.id, day.isoformat(), interval.start, interval.end, old.capacity,
             old.name, int(deliberate or _was_deliberate(db, slot_id)), now))
        new_id = int(cursor.lastrowid)
        olds = _open_summonses(db, slot_id=slot_id)
        _move(db.connection(), [(o, new_id) for o in olds], now)
        audit.record(db, by, "sesi_pindah", slot_id=slot_id, new_slot_id=new_id,
                     people=len(olds))
    return MoveResult(len(olds), (), (new_id,))


def _was_deliberate(db: pw.Database, slot_id: int) -> bool:
    row = db.execute_sql("SELECT deliberate FROM slot WHERE id = ?", (slot_id,)).fetchone()
    return bool(row and row[0])


def letters_to_print(db: pw.Database, *, slot_ids: Iterable[int] | None = None,
                     date_from: dt.date | None = None, date_to: dt.date | None = None,
                     reprint_only: bool = False) -> list[int]:
    """Open summonses whose letter still has to be printed ('belum_dicetak' or
    'cetak_ulang'; only the latter with ``reprint_only``), by slot date, time, location and
    neighbours: the order a batch of letters is printed and handed to RT heads."""
    states = (LETTER_REPRINT,) if reprint_only else (LETTER_NOT_PRINTED, LETTER_REPRINT)
    sql = ("SELECT m.id FROM summons m JOIN slot s ON s.id = m.slot_id "
           "JOIN person p ON p.id = m.person_id WHERE m.state = 'open' "
           f"AND m.letter IN ({','.join('?' * len(states))})")
    params: list[object] = list(states)
    if slot_ids is not None:
        sql += " AND m.slot_id IN (SELECT value FROM json_each(?))"
        params.append(_ids_json(slot_ids))
    if date_from is not None:
        sql += " AND s.date >= ?"
        params.append(date_from.isoformat())
    if date_to is not None:
        sql += " AND s.date <= ?"
        params.append(date_to.isoformat())
    sql += (" ORDER BY s.date, s.start_time, s.location_id, p.kelurahan_code, p.rw, p.rt, "
            "p.name_norm, p.id")
    return [r[0] for r in db.execute_sql(sql, params)]


@dataclass(frozen=True)
class LetterResult:
    marked: int
    changes: Changes = field(default_factory=lambda: Changes(schedule=True, letters=True))


def mark_letters_printed(db: pw.Database, summons_ids: Iterable[int]) -> LetterResult:
    """Record that the letters of these open summonses were printed (after the PDF is
    written); a later move marks them 'cetak_ulang' again."""
    with db.atomic():
        cursor = db.execute_sql(
            "UPDATE summons SET letter = ? WHERE state = 'open' "
            "AND id IN (SELECT value FROM json_each(?))", (LETTER_PRINTED, _ids_json(summons_ids)))
    return LetterResult(cursor.rowcount)


# --- closing a day, second calls, outreach proposals ----------------------------------------

@dataclass(frozen=True)
class CloseResult:
    no_show: int
    attended: int
    changes: Changes = field(
        default_factory=lambda: Changes(schedule=True, people=True, events=True))


def close_day(db: pw.Database, day: dt.date, *, location_ids: Iterable[int] | None = None,
              today: dt.date | None = None, user: str | None = None) -> CloseResult:
    """Close the open summonses of a service day (what the desk does at closing time).
    Whoever is still 'dipanggil' did not come: 'tidak_hadir' event and status, summons
    closed with attended = 0; the others (hadir, terekam, …) are closed as attended."""
    if day > _today(today):
        raise UserError("sched_close_future", date=format_date_id(day))
    sql = ("SELECT m.id, m.person_id, m.round, p.status FROM summons m "
           "JOIN slot s ON s.id = m.slot_id JOIN person p ON p.id = m.person_id "
           "WHERE m.state = 'open' AND s.date = ?")
    params: list[object] = [day.isoformat()]
    if location_ids is not None:
        sql += " AND s.location_id IN (SELECT value FROM json_each(?))"
        params.append(_ids_json(location_ids))
    rows = db.execute_sql(sql + " ORDER BY m.id", params).fetchall()
    absent = [r for r in rows if r[3] == "dipanggil"]
    came = [r for r in rows if r[3] != "dipanggil"]
    by = _user(db, user)
    now = clock.timestamp()
    conn = db.connection()
    with db.atomic():
        conn.executemany(
            "UPDATE summons SET state = 'closed', attended = ?, closed_at = ? WHERE id = ?",
            [(0, now, r[0]) for r in absent] + [(1, now, r[0]) for r in came])
        _append_events(conn, [(r[1], "tidak_hadir", None, f"Panggilan ke-{r[2]}", None)
                              for r in absent], now, by)
        conn.execute("UPDATE person SET status = 'tidak_hadir' "
                     "WHERE id IN (SELECT value FROM json_each(?))",
                     (_ids_json(r[1] for r in absent),))
        audit.record(db, by, "tutup_hari", date=day.isoformat(), no_show=len(absent),
                     attended=len(came))
    return CloseResult(len(absent), len(came))


def outreach_candidates(db: pw.Database, *, max_attempts: int | None = None) -> list[int]:
    """People proposed for a jemput bola visit: 'tidak_hadir' at least ``max_attempts``
    times (setting ``outreach_after_attempts``), without an open summons and not already on
    a planned visit; neighbours together."""
    attempts = max_attempts if max_attempts is not None else _setting(
        db, SETTING_MAX_ATTEMPTS, DEFAULT_MAX_ATTEMPTS)
    candidates, _ = _candidates(db, Selection(statuses=("tidak_hadir",)))
    return [c.person_id for c in candidates
            if c.no_shows >= attempts and not c.has_open and not c.on_visit]


def current_summons(db: pw.Database, person_ids: Iterable[int] | None = None
                    ) -> dict[int, dict[str, object]]:
    """Each person's open summons as ``{"slot_id", "date", "start", "location", "round"}``
    (date ISO, start 'HH:MM'), keyed by person id; people without one are absent. All open
    summonses when ``person_ids`` is None."""
    sql = ("SELECT m.person_id, m.slot_id, s.date, s.start_time, l.name, m.round "
           "FROM summons m JOIN slot s ON s.id = m.slot_id JOIN location l ON l.id = "
           "s.location_id WHERE m.state = 'open'")
    params: tuple = ()
    if person_ids is not None:
        sql += " AND m.person_id IN (SELECT value FROM json_each(?))"
        params = (_ids_json(person_ids),)
    return {pid: {"slot_id": sid, "date": day, "start": start, "location": loc, "round": rnd}
            for pid, sid, day, start, loc, rnd in db.execute_sql(sql, params)}


# --- outreach visits (jemput bola) ---------------------------------------------------------

@dataclass(frozen=True, slots=True)
class VisitInfo:
    id: int
    location_id: int
    location: str
    kind: str
    date: dt.date
    start: str | None
    end: str | None
    note: str | None
    state: str
    people: int
    recorded: int


@dataclass(frozen=True, slots=True)
class VisitPerson:
    person_id: int
    nik: str
    name: str
    kelurahan_code: str | None
    rw: str | None
    rt: str | None
    status: str
    outcome: str | None
    reason: str | None


@dataclass(frozen=True)
class VisitResult:
    """A visit made or changed: people added, and those skipped by reason
    (``tidak_ada``, ``sudah_ada``, ``sudah_dilayani``)."""

    visit_id: int
    added: int = 0
    skipped: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    recorded: int = 0
    changes: Changes = field(default_factory=lambda: Changes(schedule=True))


_VISIT_SQL = """
SELECT v.id, v.location_id, l.name, l.kind, v.date, v.start_time, v.end_time, v.note, v.state,
       (SELECT count(*) FROM visit_person vp WHERE vp.visit_id = v.id),
       (SELECT count(*) FROM visit_person vp WHERE vp.visit_id = v.id AND vp.outcome IS NOT NULL)
FROM visit v JOIN location l ON l.id = v.location_id
"""


def _visit_info(row: Sequence) -> VisitInfo:
    return VisitInfo(row[0], row[1], row[2], row[3], dt.date.fromisoformat(row[4]), row[5],
                     row[6], row[7], row[8], row[9], row[10])


def list_visits(db: pw.Database, date_from: dt.date | None = None,
                date_to: dt.date | None = None) -> list[VisitInfo]:
    """Visits between two dates (open-ended when None), by date."""
    rows = db.execute_sql(
        _VISIT_SQL + " WHERE v.date >= ? AND v.date <= ? ORDER BY v.date, v.id",
        (date_from.isoformat() if date_from else "0000",
         date_to.isoformat() if date_to else "9999"))
    return [_visit_info(r) for r in rows]


def get_visit(db: pw.Database, visit_id: int) -> VisitInfo:
    """One visit, or UserError."""
    row = db.execute_sql(_VISIT_SQL + " WHERE v.id = ?", (visit_id,)).fetchone()
    if row is None:
        raise UserError("sched_visit_missing", visit_id=visit_id)
    return _visit_info(row)


def visit_people(db: pw.Database, visit_id: int) -> list[VisitPerson]:
    """A visit's people with their current status and recorded outcome."""
    rows = db.execute_sql(
        "SELECT p.id, p.nik, p.name, p.kelurahan_code, p.rw, p.rt, p.status, vp.outcome, "
        "vp.reason FROM visit_person vp JOIN person p ON p.id = vp.person_id "
        "WHERE vp.visit_id = ? ORDER BY p.kelurahan_code, p.rw, p.rt, p.name_norm, p.id",
        (visit_id,))
    return [VisitPerson(*r) for r in rows]


def create_visit(db: pw.Database, location_id: int, day: dt.date, *,
                 person_ids: Sequence[int] = (), start: str | None = None,
                 end: str | None = None, note: str | None = None,
                 today: dt.date | None = None, user: str | None = None) -> VisitResult:
    """Plan a jemput bola visit to a place on a date, with its people (optional; add
    more with :func:`add_visit_people`). Outside office hours is normal for outreach."""
    location = get_location(db, location_id)
    if day < _today(today):
        raise UserError("sched_past_date", date=format_date_id(day))
    begin = calendar.parse_time(start) if start else None
    finish = calendar.parse_time(end) if end else None
    if begin and finish and begin >= finish:
        raise UserError("cal_bad_interval", start=calendar.format_time(begin),
                        end=calendar.format_time(finish))
    by = _user(db, user)
    with db.atomic():
        cursor = db.execute_sql(
            "INSERT INTO visit (location_id, date, start_time, end_time, note, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (location.id, day.isoformat(), begin, finish, clean(note) or None,
             clock.timestamp()))
        visit_id = int(cursor.lastrowid)
        added = _add_to_visit(db, visit_id, person_ids)
        audit.record(db, by, "kunjungan_buat", visit_id=visit_id, location_id=location.id,
                     date=day.isoformat(), people=added.added)
    return VisitResult(visit_id, added.added, added.skipped)


def _add_to_visit(db: pw.Database, visit_id: int, person_ids: Sequence[int]) -> VisitResult:
    ids = list(dict.fromkeys(int(i) for i in person_ids))
    if not ids:
        return VisitResult(visit_id)
    rows = db.execute_sql(
        "SELECT p.id, p.status, EXISTS (SELECT 1 FROM visit_person vp WHERE vp.visit_id = ? "
        "AND vp.person_id = p.id) FROM person p WHERE p.id IN (SELECT value FROM json_each(?))",
        (visit_id, _ids_json(ids))).fetchall()
    known = {r[0]: r for r in rows}
    skipped: dict[str, list[int]] = {"tidak_ada": [], "sudah_ada": [], "sudah_dilayani": []}
    adding = []
    for pid in ids:
        row = known.get(pid)
        if row is None:
            skipped["tidak_ada"].append(pid)
        elif row[2]:
            skipped["sudah_ada"].append(pid)
        elif row[1] in SERVED:
            skipped["sudah_dilayani"].append(pid)
        else:
            adding.append(pid)
    now = clock.timestamp()
    db.connection().executemany(
        "INSERT INTO visit_person (visit_id, person_id, added_at) VALUES (?, ?, ?)",
        [(visit_id, pid, now) for pid in adding])
    return VisitResult(visit_id, len(adding), {k: tuple(v) for k, v in skipped.items() if v})


def add_visit_people(db: pw.Database, visit_id: int, person_ids: Sequence[int], *,
                     user: str | None = None) -> VisitResult:
    """Add people to a visit; unknown, already listed or already served people are
    skipped and reported."""
    get_visit(db, visit_id)
    with db.atomic():
        result = _add_to_visit(db, visit_id, person_ids)
        audit.record(db, _user(db, user), "kunjungan_tambah", visit_id=visit_id,
                     people=result.added)
    return result


def remove_visit_people(db: pw.Database, visit_id: int, person_ids: Sequence[int], *,
                        user: str | None = None) -> VisitResult:
    """Take people off a visit's list (their recorded outcomes, if any, stay as events)."""
    get_visit(db, visit_id)
    with db.atomic():
        cursor = db.execute_sql(
            "DELETE FROM visit_person WHERE visit_id = ? "
            "AND person_id IN (SELECT value FROM json_each(?))", (visit_id, _ids_json(person_ids)))
        audit.record(db, _user(db, user), "kunjungan_kurangi", visit_id=visit_id,
                     people=cursor.rowcount)
    return VisitResult(visit_id)


def record_visit_outcomes(db: pw.Database, visit_id: int,
                          outcomes: Mapping[int, str | tuple[str, str | None]], *,
                          user: str | None = None) -> VisitResult:
    """Record what happened to each person on a visit, with the desk's outcomes
    (terekam, gagal_rekam + reason, tidak_hadir, sudah_rekam, tidak_dapat_dilayani +
    reason): an event each and the person's status. A person served this way loses any
    open summons (closed). The visit is 'selesai' once everyone has an outcome."""
    visit = get_visit(db, visit_id)
    parsed: dict[int, tuple[str, str | None]] = {}
    for pid, value in outcomes.items():
        code, reason = (value, None) if isinstance(value, str) else value
        if code not in VISIT_OUTCOMES:
            raise UserError("sched_bad_outcome", value=code, choices=", ".join(VISIT_OUTCOMES))
        parsed[int(pid)] = (code, clean(reason) or None)
    on_list = {r[0] for r in db.execute_sql(
        "SELECT person_id FROM visit_person WHERE visit_id = ?", (visit_id,))}
    strangers = [pid for pid in parsed if pid not in on_list]
    if strangers:
        raise UserError("sched_not_on_visit", ids=", ".join(map(str, strangers[:10])))
    by = _user(db, user)
    now = clock.timestamp()
    conn = db.connection()
    items = sorted(parsed.items())
    with db.atomic():
        event_ids = _append_events(
            conn, [(pid, code, reason, f"Jemput bola: {visit.location}", None)
                   for pid, (code, reason) in items], now, by)
        conn.executemany(
            "UPDATE visit_person SET outcome = ?, reason = ?, event_id = ?, recorded_at = ? "
            "WHERE visit_id = ? AND person_id = ?",
            [(code, reason, eid, now, visit_id, pid)
             for (pid, (code, reason)), eid in zip(items, event_ids, strict=True)])
        # each new event is this office's latest, so the status folds to its kind
        conn.executemany("UPDATE person SET status = ? WHERE id = ?",
                         [(code, pid) for pid, (code, _) in items])
        served = [pid for pid, (code, _) in items if code != "tidak_hadir"]
        conn.execute(
            "UPDATE summons SET state = 'closed', closed_at = ? WHERE state = 'open' "
            "AND person_id IN (SELECT value FROM json_each(?))", (now, _ids_json(served)))
        conn.execute(
            "UPDATE visit SET state = 'selesai' WHERE id = ? AND state = 'rencana' AND NOT "
            "EXISTS (SELECT 1 FROM visit_person WHERE visit_id = ? AND outcome IS NULL)",
            (visit_id, visit_id))
        audit.record(db, by, "kunjungan_hasil", visit_id=visit_id, recorded=len(items))
    return VisitResult(visit_id, recorded=len(items),
                       changes=Changes(schedule=True, people=True, events=True))


@dataclass(frozen=True)
class ListMatch:
    """People found in a list file (a school's list): ``person_ids`` in file order;
    ``unmatched`` rows as (row number as the clerk sees it, text, reason)."""

    person_ids: tuple[int, ...]
    unmatched: tuple[tuple[int, str, str], ...]
    rows: int


_NIK_HEADERS = ("NIK", "NO NIK", "NOMOR INDUK KEPENDUDUKAN", "NIK SISWA")
_NAME_HEADERS = ("NAMA", "NAMA LENGKAP", "NAMA SISWA", "NAMA SANTRI", "NAMA WARGA BINAAN")
_BIRTH_HEADERS = ("TANGGAL LAHIR", "TGL LAHIR", "TGL. LAHIR")


def match_people_list(db: pw.Database, path: Path, *, sheet: str | None = None) -> ListMatch:
    """Find the people of a list (csv or xlsx with a NIK and/or NAMA column, title rows
    allowed): by NIK; else by exact name (with the birth date, when given, to tell
    namesakes apart). Reads only; add the result with :func:`add_visit_people`."""
    from ektp_desk.core import listfile

    rows = listfile.read_rows(path, sheet=sheet)
    spec = {"nik": _NIK_HEADERS, "name": _NAME_HEADERS, "birth": _BIRTH_HEADERS}
    header_at, columns = listfile.find_header(rows, spec, required="nik")
    if header_at is None:
        header_at, columns = listfile.find_header(rows, spec, required="name")
    if header_at is None:
        raise UserError("sched_list_no_column", path=path.name)
    found: list[int] = []
    unmatched: list[tuple[int, str, str]] = []
    count = 0
    for index in range(header_at + 1, len(rows)):
        row = rows[index]
        raw_nik = listfile.cell(row, columns.get("nik"))
        raw_name = clean(listfile.cell(row, columns.get("name")))
        if raw_nik in (None, "") and not raw_name:
            continue
        count += 1
        person_id, why = _match_row(db, raw_nik, raw_name,
                                    listfile.cell(row, columns.get("birth")))
        if person_id is None:
            unmatched.append((index + 1, clean(raw_nik) or raw_name, why))
        else:
            found.append(person_id)
    return ListMatch(tuple(dict.fromkeys(found)), tuple(unmatched), count)


def _match_row(db: pw.Database, raw_nik: object, name: str, birth: object
               ) -> tuple[int | None, str]:
    why = "tidak ditemukan"
    if raw_nik not in (None, ""):
        try:
            digits = nik.normalize(raw_nik)
        except nik.NikError as exc:
            why = str(exc)
        else:
            row = db.execute_sql("SELECT id FROM person WHERE nik = ?", (digits,)).fetchone()
            if row:
                return row[0], ""
            why = "NIK tidak ada dalam daftar warga"
    if not name:
        return None, why
    ids = [r[0] for r in db.execute_sql("SELECT id, birth_date FROM person WHERE name_norm = ?",
                                        (search_key(name),))]
    if len(ids) > 1 and birth not in (None, ""):
        try:
            born = calendar.parse_date(birth).isoformat()
        except UserError:
            born = None
        if born:
            ids = [r[0] for r in db.execute_sql(
                "SELECT id FROM person WHERE name_norm = ? AND birth_date = ?",
                (search_key(name), born))]
    if len(ids) == 1:
        return ids[0], ""
    if len(ids) > 1:
        return None, f"nama sama untuk {len(ids)} warga; tambahkan NIK"
    return None, why if raw_nik not in (None, "") else "nama tidak ditemukan"
