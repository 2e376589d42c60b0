"""Outreach (jemput bola): who is proposed after too many no-shows, visits with their
people and outcomes, and finding the people of a school's list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import peewee as pw

from ektp_desk.core import audit, calendar, clock, messages, nik
from ektp_desk.core.calendar import format_date_id
from ektp_desk.core.errors import UserError
from ektp_desk.core.jobs import Changes
from ektp_desk.core.people import person_id_by_nik
from ektp_desk.core.scheduling.common import (
    DEFAULT_MAX_ATTEMPTS,
    SERVED,
    SETTING_MAX_ATTEMPTS,
    VISIT_OUTCOMES,
    acting_user,
    ids_json,
    int_setting,
    today_or_clock,
)
from ektp_desk.core.scheduling.locations import get_location
from ektp_desk.core.scheduling.planner import Selection, select_candidates
from ektp_desk.core.scheduling.summons import append_events
from ektp_desk.core.text import clean, search_key


def outreach_candidates(db: pw.Database, *, max_attempts: int | None = None) -> list[int]:
    """People proposed for a jemput bola visit: 'tidak_hadir' at least ``max_attempts``
    times (setting ``outreach_after_attempts``), without an open summons and not already on
    a planned visit; neighbours together."""
    attempts = max_attempts if max_attempts is not None else int_setting(
        db, SETTING_MAX_ATTEMPTS, DEFAULT_MAX_ATTEMPTS)
    candidates, _ = select_candidates(db, Selection(statuses=("tidak_hadir",)))
    return [c.person_id for c in candidates
            if c.no_shows >= attempts and not c.has_open and not c.on_visit]


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
    if day < today_or_clock(today):
        raise UserError("sched_past_date", date=format_date_id(day))
    begin = calendar.parse_time(start) if start else None
    finish = calendar.parse_time(end) if end else None
    if begin and finish and begin >= finish:
        raise UserError("cal_bad_interval", start=calendar.format_time(begin),
                        end=calendar.format_time(finish))
    by = acting_user(db, user)
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
        (visit_id, ids_json(ids))).fetchall()
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
        audit.record(db, acting_user(db, user), "kunjungan_tambah", visit_id=visit_id,
                     people=result.added)
    return result


def remove_visit_people(db: pw.Database, visit_id: int, person_ids: Sequence[int], *,
                        user: str | None = None) -> VisitResult:
    """Take people off a visit's list (their recorded outcomes, if any, stay as events)."""
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
    why = messages.text("sched_match_not_found")
    if raw_nik not in (None, ""):
        try:
            digits = nik.normalize(raw_nik)
        except nik.NikError as exc:
            why = str(exc)
        else:
            person_id = person_id_by_nik(db, digits)
            if person_id is not None:
                return person_id, ""
            why = messages.text("sched_match_nik_unknown")
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
        return None, messages.text("sched_match_namesakes", count=len(ids))
    return None, (why if raw_nik not in (None, "")
                  else messages.text("sched_match_name_unknown"))
