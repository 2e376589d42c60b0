"""Outreach (jemput bola): who is proposed after too many no-shows, visits with their
team, capacity, people and outcomes, and the one-open-call rule (docs/domain.md,
"Jemput bola"): putting a person on a visit takes back their open office summons in the
same transaction, and its letter, if printed, is listed to withdraw.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import peewee as pw

from ektp_desk.core import accounts, audit, calendar, clock, messages
from ektp_desk.core.calendar import format_date_id
from ektp_desk.core.errors import UserError
from ektp_desk.core.jobs import Changes
from ektp_desk.core.scheduling.common import (
    DEFAULT_MAX_ATTEMPTS,
    LETTER_NOT_PRINTED,
    SERVED,
    SETTING_MAX_ATTEMPTS,
    VISIT_OUTCOMES,
    acting_user,
    ids_json,
    int_setting,
    today_or_clock,
)
from ektp_desk.core.scheduling.locations import get_location
from ektp_desk.core.scheduling.planner import Selection, select_candidates, select_person_ids
from ektp_desk.core.scheduling.summons import append_events, withdraw_for_visit
from ektp_desk.core.status import STATUS_LABELS
from ektp_desk.core.text import clean

SETTING_KIT_RATE = "kit_people_per_hour"
DEFAULT_KIT_RATE = 6
VISIT_SOURCES = ("tangan", "filter", "daftar", "kandidat", "rute")
# Why a person is not added to a visit (a batch skips and counts them).
SKIP_REASONS = ("tidak_ada", "sudah_ada", "sudah_dilayani", "ada_kunjungan")

messages.register({
    "visit_place_inactive": (
        "{location} sudah nonaktif; aktifkan dulu tempatnya untuk merencanakan kunjungan.",
        "{location} is inactive; reactivate the place to plan a visit there."),
    "visit_day_closed": (
        "{date} adalah {why}. Tandai kunjungan sebagai disengaja (--deliberate) bila tim "
        "memang bertugas hari itu.",
        "{date} is {why}. Mark the visit as deliberate (--deliberate) if the team does "
        "work that day."),
    "visit_why_weekend": ("akhir pekan", "a weekend"),
    "visit_why_holiday": ("hari libur ({name})", "a holiday ({name})"),
    "visit_bad_rt_rw": ("RT {rt} / RW {rw} tidak sah: tulis angka 1 sampai 999.",
                        "RT {rt} / RW {rw} is not valid: write a number from 1 to 999."),
    "visit_bad_kits": ("Jumlah alat rekam harus 1 atau lebih, bukan {value}.",
                       "The number of recording kits must be 1 or more, not {value}."),
    "visit_over_capacity": (
        "Kunjungan ini muat {capacity} orang ({kits} alat × {hours} jam × {rate} orang); "
        "sudah ada {present}, jadi {count} orang tidak muat. Tambah alat atau jam, atau "
        "buat kunjungan lain.",
        "This visit holds {capacity} people ({kits} kits × {hours} hours × {rate} people); "
        "{present} are on it, so {count} do not fit. Add kits or hours, or plan another "
        "visit."),
    "visit_closed": ("Kunjungan {visit_id} sudah {state}; daftarnya tidak diubah lagi.",
                     "Visit {visit_id} is already {state}; its list is not changed."),
    "visit_bad_source": ("Cara menambah warga tidak dikenal: {value}.",
                         "Unknown way of adding people: {value}."),
    "visit_refused_tidak_ada": ("Warga nomor {person} tidak ada.",
                                "Person number {person} does not exist."),
    "visit_refused_sudah_ada": ("{person} sudah ada dalam daftar kunjungan ini.",
                                "{person} is already on this visit's list."),
    "visit_refused_sudah_dilayani": (
        "{person} sudah terekam ({status}); tidak perlu dikunjungi.",
        "{person} is already recorded ({status}); no visit is needed."),
    "visit_refused_ada_kunjungan": (
        "{person} sudah masuk daftar kunjungan lain yang belum selesai (kunjungan {other}). "
        "Seorang warga hanya punya satu panggilan yang berlaku.",
        "{person} is already on another open visit (visit {other}). A person holds one "
        "open call at a time."),
})


def outreach_candidates(db: pw.Database, *, max_attempts: int | None = None) -> list[int]:
    """People proposed for a jemput bola visit: 'tidak_hadir' at least ``max_attempts``
    times (setting ``outreach_after_attempts``), without an open summons and not already on
    a planned visit; neighbours together."""
    attempts = max_attempts if max_attempts is not None else int_setting(
        db, SETTING_MAX_ATTEMPTS, DEFAULT_MAX_ATTEMPTS)
    candidates, _ = select_candidates(db, Selection(statuses=("tidak_hadir",)))
    return [c.person_id for c in candidates
            if c.no_shows >= attempts and not c.has_open and not c.on_visit]


# Who a visit chosen by filter takes: anyone not yet recorded (a summoned person's call is
# taken back), not the referred or those who cannot be served.
VISIT_FILTER_STATUSES = ("belum_dipanggil", "dipanggil", "tidak_hadir", "gagal_rekam",
                         "klarifikasi_selesai")


def visit_filter_ids(db: pw.Database, *, category: str | None = None,
                     kecamatan: str | None = None, kelurahan: str | None = None,
                     rw: str | None = None, rt: str | None = None) -> list[int]:
    """People for a visit by filter (category, kecamatan, kelurahan, RW, RT; names or
    codes), neighbours together. UserError for an unknown code or a bad RT/RW."""
    from ektp_desk.core import fields

    try:
        wanted_rw = fields.parse_rt(rw, rw=True) if rw else None
        wanted_rt = fields.parse_rt(rt) if rt else None
    except ValueError:
        raise UserError("visit_bad_rt_rw", rt=rt or "-", rw=rw or "-") from None
    ordered = select_person_ids(db, Selection(kecamatan=kecamatan, kelurahan=kelurahan,
                                              category=category,
                                              statuses=VISIT_FILTER_STATUSES))
    if not (wanted_rw or wanted_rt):
        return ordered
    keep = {r[0] for r in db.execute_sql(
        "SELECT id FROM person WHERE (? IS NULL OR rw = ?) AND (? IS NULL OR rt = ?)",
        (wanted_rw, wanted_rw, wanted_rt, wanted_rt))}
    return [pid for pid in ordered if pid in keep]


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
    team: tuple[str, ...] = ()
    kits: int = 1
    capacity: int | None = None
    deliberate: bool = False
    active_place: bool = True


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
    """A visit made or changed: people added, those skipped by reason (``tidak_ada``,
    ``sudah_ada``, ``sudah_dilayani``, ``ada_kunjungan``), and how many office summonses
    the visit took back (``withdrawn``)."""

    visit_id: int
    added: int = 0
    skipped: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    recorded: int = 0
    withdrawn: int = 0
    changes: Changes = field(default_factory=lambda: Changes(schedule=True))


_VISIT_SQL = """
SELECT v.id, v.location_id, l.name, l.kind, v.date, v.start_time, v.end_time, v.note, v.state,
       (SELECT count(*) FROM visit_person vp WHERE vp.visit_id = v.id),
       (SELECT count(*) FROM visit_person vp WHERE vp.visit_id = v.id AND vp.outcome IS NOT NULL),
       v.team, v.kits, v.capacity, v.deliberate, l.active
FROM visit v JOIN location l ON l.id = v.location_id
"""


def _visit_info(row: Sequence) -> VisitInfo:
    return VisitInfo(row[0], row[1], row[2], row[3], dt.date.fromisoformat(row[4]), row[5],
                     row[6], row[7], row[8], row[9], row[10], tuple(json.loads(row[11])),
                     row[12], row[13], bool(row[14]), bool(row[15]))


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


def kit_rate(db: pw.Database) -> int:
    """People one kit records in an hour away from the office (setting)."""
    return int_setting(db, SETTING_KIT_RATE, DEFAULT_KIT_RATE)


def visit_capacity(db: pw.Database, kits: int, start: str | None, end: str | None
                   ) -> int | None:
    """kits × hours × people per kit-hour; None when the hours are not set (no limit)."""
    if not start or not end:
        return None
    hours = (calendar.minutes(end) - calendar.minutes(start)) / 60
    return int(kits * hours * kit_rate(db))


def _check_day(db: pw.Database, day: dt.date, deliberate: bool) -> None:
    if deliberate:
        return
    holiday = calendar.holidays(db, day, day).get(day)
    if holiday is not None:
        why = messages.text("visit_why_holiday", name=holiday.name)
    elif day.weekday() >= 5:
        why = messages.text("visit_why_weekend")
    else:
        return
    raise UserError("visit_day_closed", date=format_date_id(day), why=why)


def _parse_kits(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str) \
            or not str(value).strip().isdigit() or int(value) < 1:
        raise UserError("visit_bad_kits", value=value)
    return int(value)


def create_visit(db: pw.Database, location_id: int, day: dt.date, *,
                 person_ids: Sequence[int] = (), start: str | None = None,
                 end: str | None = None, note: str | None = None,
                 team: Iterable[str] = (), kits: int = 1, deliberate: bool = False,
                 source: str = "tangan", sources: Mapping[int, str] | None = None,
                 today: dt.date | None = None, user: str | None = None) -> VisitResult:
    """Plan a jemput bola visit to an active place on a date, with its team, kits and
    hours, and its people (optional; add more with :func:`add_visit_people`). Outside
    office hours is normal for outreach; a weekend or holiday only when ``deliberate``.
    The people's open office summonses are taken back in the same transaction; more
    people than the capacity (kits × hours × ``kit_people_per_hour``) are refused.
    ``sources`` names how some people were found (filter, daftar, kandidat), else
    ``source``."""
    location = get_location(db, location_id)
    if not location.active:
        raise UserError("visit_place_inactive", location=location.name)
    if day < today_or_clock(today):
        raise UserError("sched_past_date", date=format_date_id(day))
    _check_day(db, day, deliberate)
    begin = calendar.parse_time(start) if start else None
    finish = calendar.parse_time(end) if end else None
    if begin and finish and begin >= finish:
        raise UserError("cal_bad_interval", start=calendar.format_time(begin),
                        end=calendar.format_time(finish))
    kit_count = _parse_kits(kits)
    names = [clean(name) for name in team if clean(name)]
    capacity = visit_capacity(db, kit_count, begin, finish)
    by = acting_user(db, user)
    with db.atomic():
        cursor = db.execute_sql(
            "INSERT INTO visit (location_id, date, start_time, end_time, note, created_at, "
            "team, kits, capacity, deliberate) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (location.id, day.isoformat(), begin, finish, clean(note) or None,
             clock.timestamp(), json.dumps(names, ensure_ascii=False), kit_count, capacity,
             int(deliberate)))
        visit_id = int(cursor.lastrowid)
        added = _add_to_visit(db, visit_id, person_ids, source, by, sources)
        audit.record(db, by, "kunjungan_buat", visit_id=visit_id, location_id=location.id,
                     date=day.isoformat(), people=added.added, withdrawn=added.withdrawn,
                     team=names, kits=kit_count, capacity=capacity, deliberate=deliberate)
    return VisitResult(visit_id, added.added, added.skipped, withdrawn=added.withdrawn)


_ADD_SQL = """
SELECT p.id, p.status,
       EXISTS (SELECT 1 FROM visit_person vp WHERE vp.visit_id = ? AND vp.person_id = p.id),
       (SELECT min(v.id) FROM visit_person vp JOIN visit v ON v.id = vp.visit_id
        WHERE vp.person_id = p.id AND vp.visit_id != ? AND vp.outcome IS NULL
          AND v.state = 'rencana')
FROM person p WHERE p.id IN (SELECT value FROM json_each(?))
"""


def _sort_out(db: pw.Database, visit_id: int, ids: Sequence[int]
              ) -> tuple[list[int], dict[str, list[int]], dict[int, tuple]]:
    """Who may be added, who is skipped and why, and each known person's row."""
    rows = db.execute_sql(_ADD_SQL, (visit_id, visit_id, ids_json(ids))).fetchall()
    known = {r[0]: r for r in rows}
    skipped: dict[str, list[int]] = {code: [] for code in SKIP_REASONS}
    adding = []
    for pid in ids:
        row = known.get(pid)
        if row is None:
            skipped["tidak_ada"].append(pid)
        elif row[2]:
            skipped["sudah_ada"].append(pid)
        elif row[1] in SERVED:
            skipped["sudah_dilayani"].append(pid)
        elif row[3] is not None:
            skipped["ada_kunjungan"].append(pid)
        else:
            adding.append(pid)
    return adding, skipped, known


def _add_to_visit(db: pw.Database, visit_id: int, person_ids: Sequence[int], source: str,
                  user: str, sources: Mapping[int, str] | None = None) -> VisitResult:
    """Add people (inside the caller's transaction): their open summonses are taken back
    first, so nobody holds an office call and a visit at once."""
    sources = sources or {}
    for code in {source, *sources.values()}:
        if code not in VISIT_SOURCES:
            raise UserError("visit_bad_source", value=code)
    ids = list(dict.fromkeys(int(i) for i in person_ids))
    if not ids:
        return VisitResult(visit_id)
    adding, skipped, _ = _sort_out(db, visit_id, ids)
    _check_room(db, visit_id, len(adding))
    now = clock.timestamp()
    withdrawn = withdraw_for_visit(db, adding, visit_id, now, user)
    db.connection().executemany(
        "INSERT INTO visit_person (visit_id, person_id, added_at, source, withdrawn_summons_id)"
        " VALUES (?, ?, ?, ?, ?)",
        [(visit_id, pid, now, sources.get(pid, source), withdrawn.get(pid)) for pid in adding])
    return VisitResult(visit_id, len(adding), {k: tuple(v) for k, v in skipped.items() if v},
                       withdrawn=len(withdrawn))


def _check_room(db: pw.Database, visit_id: int, count: int) -> None:
    row = db.execute_sql(
        "SELECT kits, capacity, start_time, end_time, (SELECT count(*) FROM visit_person "
        "WHERE visit_id = visit.id) FROM visit WHERE id = ?", (visit_id,)).fetchone()
    kits, capacity, start, end, present = row
    if capacity is None or present + count <= capacity:
        return
    hours = (calendar.minutes(end) - calendar.minutes(start)) / 60
    raise UserError("visit_over_capacity", capacity=capacity, kits=kits,
                    hours=f"{hours:g}".replace(".", ","), rate=kit_rate(db), present=present,
                    count=present + count - capacity)


def _open_visit(db: pw.Database, visit_id: int) -> VisitInfo:
    visit = get_visit(db, visit_id)
    if visit.state != "rencana":
        raise UserError("visit_closed", visit_id=visit_id, state=visit.state)
    if not visit.active_place:
        raise UserError("visit_place_inactive", location=visit.location)
    return visit


def add_visit_people(db: pw.Database, visit_id: int, person_ids: Sequence[int], *,
                     source: str = "tangan", sources: Mapping[int, str] | None = None,
                     user: str | None = None) -> VisitResult:
    """Add people to a planned visit (``source``: tangan, filter, daftar, kandidat, rute);
    their open office summonses are taken back. In a batch, unknown, already listed,
    recorded or elsewhere-visited people are skipped and counted; one person added
    explicitly is refused with the reason instead."""
    _open_visit(db, visit_id)
    ids = list(dict.fromkeys(int(i) for i in person_ids))
    if len(ids) == 1:
        _refuse_single(db, visit_id, ids[0])
    by = acting_user(db, user)
    with db.atomic():
        result = _add_to_visit(db, visit_id, ids, source, by, sources)
        audit.record(db, by, "kunjungan_tambah", visit_id=visit_id, people=result.added,
                     withdrawn=result.withdrawn, source=source)
    return result


def _refuse_single(db: pw.Database, visit_id: int, person_id: int) -> None:
    _, skipped, known = _sort_out(db, visit_id, [person_id])
    for code, ids in skipped.items():
        if ids:
            row = known.get(person_id)
            name = _person_name(db, person_id) if row else str(person_id)
            raise UserError(f"visit_refused_{code}", person=name,
                            status=STATUS_LABELS.get(row[1], row[1]) if row else "",
                            other=row[3] if row else "")


def _person_name(db: pw.Database, person_id: int) -> str:
    row = db.execute_sql("SELECT name FROM person WHERE id = ?", (person_id,)).fetchone()
    return row[0] if row else str(person_id)


def remove_visit_people(db: pw.Database, visit_id: int, person_ids: Sequence[int], *,
                        user: str | None = None) -> VisitResult:
    """Take people off a visit's list (their recorded outcomes, if any, stay as events).
    Their office summons stays taken back: the next plan calls them again."""
    get_visit(db, visit_id)
    with db.atomic():
        cursor = db.execute_sql(
            "DELETE FROM visit_person WHERE visit_id = ? "
            "AND person_id IN (SELECT value FROM json_each(?))", (visit_id, ids_json(person_ids)))
        audit.record(db, acting_user(db, user), "kunjungan_kurangi", visit_id=visit_id,
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
    by = acting_user(db, user)
    now = clock.timestamp()
    conn = db.connection()
    items = sorted(parsed.items())
    with db.atomic():
        event_ids = append_events(
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
            "AND person_id IN (SELECT value FROM json_each(?))", (now, ids_json(served)))
        conn.execute(
            "UPDATE visit SET state = 'selesai' WHERE id = ? AND state = 'rencana' AND NOT "
            "EXISTS (SELECT 1 FROM visit_person WHERE visit_id = ? AND outcome IS NULL)",
            (visit_id, visit_id))
        audit.record(db, by, "kunjungan_hasil", visit_id=visit_id, recorded=len(items))
    return VisitResult(visit_id, recorded=len(items),
                       changes=Changes(schedule=True, people=True, events=True))


def close_visit(db: pw.Database, visit_id: int, *, today: dt.date | None = None,
                user: str | None = None) -> VisitResult:
    """Close a visit on or after its day: whoever has no outcome yet did not come
    (``tidak_hadir`` for this visit, as closing a service day does); the visit is
    ``selesai`` with who closed it and when."""
    accounts.require_acting(db, "close_day")
    visit = get_visit(db, visit_id)
    if visit.state != "rencana":
        raise UserError("visit_closed", visit_id=visit_id, state=visit.state)
    if visit.date > today_or_clock(today):
        raise UserError("sched_close_future", date=format_date_id(visit.date))
    by = acting_user(db, user)
    absent = [r[0] for r in db.execute_sql(
        "SELECT person_id FROM visit_person WHERE visit_id = ? AND outcome IS NULL "
        "ORDER BY person_id", (visit_id,))]
    with db.atomic():
        if absent:
            record_visit_outcomes(db, visit_id, dict.fromkeys(absent, "tidak_hadir"), user=by)
        db.execute_sql("UPDATE visit SET state = 'selesai', closed_at = ?, closed_by = ? "
                       "WHERE id = ?", (clock.timestamp(), by, visit_id))
        audit.record(db, by, "kunjungan_tutup", visit_id=visit_id, no_show=len(absent))
    return VisitResult(visit_id, recorded=len(absent),
                       changes=Changes(schedule=True, people=True, events=bool(absent)))


# --- the one open call ---------------------------------------------------------------------

# An open visit call: on the list of a planned visit ('rencana') with no outcome yet.
@dataclass(frozen=True, slots=True)
class LetterToWithdraw:
    """A printed summoning letter whose call a visit took back: fetch it from the family
    (it names an office day the person no longer has)."""

    summons_id: int
    person_id: int
    name: str
    visit_id: int
    letter: str  # the letter state when it was taken back: dicetak or cetak_ulang
    number: str | None  # its number in the register, when this office printed it


def letters_to_withdraw(db: pw.Database, visit_id: int | None = None
                        ) -> list[LetterToWithdraw]:
    """Summonses taken back by a visit whose letter was printed, newest number first
    found along the summons' moves (a moved letter keeps its number)."""
    sql = """
WITH RECURSIVE chain(start, id) AS (
    SELECT m.id, m.id FROM summons m
    WHERE m.withdrawn_visit_id IS NOT NULL AND m.letter != ?
    UNION ALL
    SELECT chain.start, s.replaces FROM chain JOIN summons s ON s.id = chain.id
    WHERE s.replaces IS NOT NULL)
SELECT m.id, m.person_id, p.name, m.withdrawn_visit_id, m.letter,
       (SELECT l.number FROM chain c JOIN letter l ON l.summons_id = c.id
        WHERE c.start = m.id ORDER BY l.id DESC LIMIT 1)
FROM summons m JOIN person p ON p.id = m.person_id
WHERE m.withdrawn_visit_id IS NOT NULL AND m.letter != ?"""
    params: list[object] = [LETTER_NOT_PRINTED, LETTER_NOT_PRINTED]
    if visit_id is not None:
        sql += " AND m.withdrawn_visit_id = ?"
        params.append(visit_id)
    rows = db.execute_sql(sql + " ORDER BY m.withdrawn_visit_id, p.name_norm, m.id", params)
    return [LetterToWithdraw(*r) for r in rows]
