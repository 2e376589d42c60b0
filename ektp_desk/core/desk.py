"""The front desk (meja layanan): check-in, outcomes, undo, walk-ins, closing the day.

Everything that happens to a person is an append-only ``event`` (docs/architecture.md,
"Events and the status fold"); the person's ``status`` is a cached fold of those events
(:func:`status.refold_status`, the fold sync uses too), and a mistake is undone by a later
``batal`` event that names the event it undoes. The desk only ever undoes the event the
status shows, and only one it wrote itself.

Every write is one transaction (``BEGIN IMMEDIATE`` through ``db.atomic()``): the status is
re-read and checked inside it, so two desks marking the same person cannot both pass a
check the other one invalidates, and the queue number (nomor antrian) of a day is
``max + 1`` under the write lock (a UNIQUE index guards it too).

"Today" is a parameter everywhere: the service day a desk event belongs to is stored in
``desk_event.day`` beside the event (``event.at`` is the wall clock), so a replayed drive or
a PC with a wrong clock still puts arrivals on the right day's list.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import peewee as pw

from ektp_desk.core import (
    accounts,
    audit,
    clock,
    messages,
    person_record,
    regions,
    scheduling,
    settings,
)
from ektp_desk.core import nik as nik_rules
from ektp_desk.core import search as name_search
from ektp_desk.core import text as core_text
from ektp_desk.core.calendar import format_date_id, format_time
from ektp_desk.core.desk_rules import (
    DESK_KINDS,
    NEEDS_PLACE,
    REASONS_OF,
    UNDO,
    age_refusal,
    allowed,
    reason_label,
    refusal,
)
from ektp_desk.core.errors import UserError
from ektp_desk.core.fields import age_on, parse_marital, split_address
from ektp_desk.core.jobs import Changes
from ektp_desk.core.letters import numbering
from ektp_desk.core.people import birth_shown, person_id_by_nik
from ektp_desk.core.status import STATUS_LABELS, refold_status, shown_event

FILTERS = ("all", "scheduled", "arrived", "waiting", "done")
# an outcome: everything the desk records but the arrival itself
DONE = DESK_KINDS - {"hadir"}
NEEDS_SUMMONS = frozenset({"belum_dipanggil", "tidak_hadir", "gagal_rekam",
                           "klarifikasi_selesai"})

# Read when the lead registers it in settings.SCHEMA (the location this desk serves).
SETTING_DESK_LOCATION = "desk_location_id"

messages.register({
    "desk_empty": ("Ketik NIK atau pindai kode QR surat panggilan.",
                   "Type a NIK or scan the letter's QR code."),
    "desk_malformed": (
        "'{text}' bukan kode surat maupun NIK. Kode surat 12 huruf/angka (dari QR), NIK 16 "
        "angka.",
        "'{text}' is neither a letter code nor a NIK. A letter code has 12 letters/digits "
        "(from the QR), a NIK 16 digits."),
    "desk_nik_length": ("NIK harus 16 angka; yang diketik {count} angka ({text}).",
                        "A NIK has 16 digits; {count} were typed ({text})."),
    "desk_nik_invalid": ("NIK {nik} tidak sah: {reason}.", "NIK {nik} is invalid: {reason}."),
    "desk_nik_unknown": (
        "NIK {nik} tidak ada dalam daftar warga. Bila memenuhi syarat, tambahkan sebagai "
        "warga datang langsung.",
        "NIK {nik} is not in the list. If eligible, add the person as a walk-in."),
    "desk_code_unknown": (
        "Kode surat {code} tidak terdaftar. Periksa suratnya, atau cari dengan NIK atau nama.",
        "Letter code {code} is not registered. Check the letter, or search by NIK or name."),
    "desk_code_cancelled": (
        "Surat {number} ({name}) tidak berlaku lagi: panggilannya dibatalkan. {current}",
        "Letter {number} ({name}) is no longer valid: its summons was cancelled. {current}"),
    "desk_current_summons": (
        "Panggilan yang berlaku: {date} pukul {start} di {location}.",
        "The current summons: {date} at {start} at {location}."),
    "desk_no_current_summons": (
        "Warga ini tidak punya panggilan yang berlaku; cari dengan NIK bila tetap dilayani.",
        "This person holds no current summons; search by NIK to serve them anyway."),
    "desk_person_missing": ("Warga nomor {person_id} tidak ada.",
                            "Person number {person_id} does not exist."),
    "desk_bad_status": ("Status tidak dikenal: {value}. Pilih: {choices}.",
                        "Unknown status: {value}. Choose: {choices}."),
    "desk_not_desk_status": (
        "{label} tidak dicatat di meja layanan: {why}",
        "{label} is not recorded at the desk: {why}"),
    "desk_why_dipanggil": ("panggilan dibuat di halaman Jadwal.",
                           "summonses are made on the Jadwal page."),
    "desk_why_tidak_hadir": ("yang tidak datang ditandai saat Tutup hari.",
                             "no-shows are marked when the day is closed."),
    "desk_why_belum": ("status awal tidak dapat dicatat; gunakan Batalkan.",
                       "the initial status cannot be recorded; use Undo."),
    "desk_already_here": (
        "{name} sudah tercatat hadir{queue}.", "{name} is already marked present{queue}."),
    "desk_queue_suffix": (" (nomor antrian {number})", " (queue number {number})"),
    "desk_reason_needed": ("Pilih alasan {label}: {choices}.",
                           "Choose a reason for {label}: {choices}."),
    "desk_reason_unknown": ("Alasan tidak dikenal: {value}. Pilih: {choices}.",
                            "Unknown reason: {value}. Choose: {choices}."),
    "desk_reason_not_used": ("{label} tidak memakai alasan (diberikan: {value}).",
                             "{label} takes no reason (given: {value})."),
    "desk_note_needed": ("Alasan 'Lainnya' perlu keterangan.",
                         "The reason 'Lainnya' needs a note."),
    "desk_nothing_to_undo": ("Tidak ada perubahan {name} yang dapat dibatalkan.",
                             "There is no change of {name} to undo."),
    "desk_undo_not_desk": (
        "Perubahan terakhir {name} ({label}, {at}) dibuat oleh {source}, bukan di meja "
        "layanan; batalkan dari sana.",
        "{name}'s last change ({label}, {at}) was made by {source}, not at the desk; undo "
        "it there."),
    "desk_source_schedule": ("Jadwal", "the schedule"),
    "desk_source_close": ("Tutup hari", "closing the day"),
    "desk_source_visit": ("jemput bola / sistem", "an outreach visit / the system"),
    "desk_bad_filter": ("Saringan tidak dikenal: {value}. Pilih: {choices}.",
                        "Unknown filter: {value}. Choose: {choices}."),
    "desk_walkin_exists": (
        "NIK {nik} sudah ada dalam daftar atas nama {name}; gunakan check-in biasa.",
        "NIK {nik} is already in the list as {name}; check them in instead."),
    "desk_walkin_name": ("Nama warga tidak boleh kosong.", "The name cannot be empty."),
    "desk_walkin_nik": ("NIK tidak sah: {reason}.", "Invalid NIK: {reason}."),
    "desk_walkin_name_script": (
        "Nama hanya boleh memakai huruf Latin, seperti di daftar KPU.",
        "The name can only use Latin letters, as in the KPU list."),
    "desk_walkin_marital": (
        "Status perkawinan '{value}' tidak dikenal. Pilih B (belum kawin), S (kawin) atau P "
        "(pernah kawin).",
        "Marital status '{value}' not understood. Choose B (not married), S (married) or P "
        "(was married)."),
    "desk_walkin_birth": ("{reason}. Periksa tanggal lahirnya.", "{reason}. Check the birth date."),
    "desk_warn_other_day": ("Dijadwalkan {date} pukul {start}, bukan hari ini.",
                            "Scheduled on {date} at {start}, not today."),
    "desk_warn_past_day": ("Jadwalnya {date} pukul {start} sudah lewat.",
                           "Their session on {date} at {start} has passed."),
    "desk_warn_elsewhere": ("Dijadwalkan di {location}, bukan di lokasi meja ini.",
                            "Scheduled at {location}, not at this desk's location."),
    "desk_warn_no_summons": ("Tidak punya panggilan (datang tanpa jadwal).",
                             "Holds no summons (came without an appointment)."),
    "desk_warn_under_16": (
        "Belum berumur 16 tahun ({age} tahun): belum dapat direkam.",
        "Younger than 16 ({age}): cannot be recorded yet."),
    "desk_warn_old_letter": ("Surat ini untuk {date}; hari itu sudah ditutup.",
                             "This letter is for {date}; that day is closed."),
    "desk_warn_foreign_letter": (
        "Surat {number} diterbitkan oleh {office}; warga dilayani di sini.",
        "Letter {number} was issued by {office}; the person is served here."),
    "desk_warn_walk_in": ("Warga datang langsung (tidak ada dalam daftar KPU).",
                          "Walk-in (not in the KPU list)."),
    "desk_kind_undo": ("Pembatalan: {label}", "Undo: {label}"),
})


def _label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


# --- the person card ---------------------------------------------------------------------

@dataclass
class PersonCard:
    """What the desk shows of one person. ``summons``: the open summons, else the latest
    closed one, as {"summons_id", "slot_id", "date" (ISO), "start", "end" ('HH:MM'),
    "location", "location_id", "round", "state"}; ``queue_number``: today's, if arrived;
    ``warnings``: Indonesian sentences (a warning never refuses)."""

    person_id: int
    nik: str
    name: str
    birth_date: str | None
    sex: str | None
    address: str | None
    rt: str | None
    rw: str | None
    kelurahan_code: str | None
    kelurahan_name: str
    kecamatan_code: str | None
    category: str
    disability: str | None
    status: str
    status_label: str
    attempts: int
    summons: dict[str, object] | None
    queue_number: int | None
    warnings: list[str] = field(default_factory=list)
    marital: str | None = None  # 'B', 'S' (kawin), 'P' (pernah kawin): the card's age rule

    def as_json(self) -> dict[str, object]:
        """For the CLI: the NIK masked, so the birth year only (ISO 8601 at year precision):
        with the date and sex the masked digits could be rebuilt."""
        return {"person_id": self.person_id, "nik_masked": nik_rules.mask(self.nik),
                "name": self.name,
                "birth_date": birth_shown(self.birth_date, masked=True) or None,
                "sex": self.sex,
                "kelurahan_code": self.kelurahan_code, "kelurahan": self.kelurahan_name,
                "category": self.category, "status": self.status,
                "status_label": self.status_label, "attempts": self.attempts,
                "summons": self.summons, "queue_number": self.queue_number,
                "warnings": list(self.warnings)}


@dataclass(frozen=True)
class DeskResult:
    card: PersonCard
    event_id: int
    changes: Changes = field(default_factory=lambda: Changes(people=True, events=True))


_CARD_SQL = ("SELECT id, nik, name, birth_date, sex, address, rt, rw, kelurahan_code, "
             "kelurahan_raw, kecamatan_code, category, disability, status, marital FROM person "
             "WHERE id = ?")
_SUMMONS_SQL = (
    "SELECT m.id, m.slot_id, s.date, s.start_time, s.end_time, l.name, l.id, m.round, m.state "
    "FROM summons m JOIN slot s ON s.id = m.slot_id JOIN location l ON l.id = s.location_id "
    "WHERE m.person_id = ? AND m.state IN ('open', 'closed') "
    "ORDER BY m.state = 'open' DESC, m.id DESC LIMIT 1")
_QUEUE_SQL = (
    "SELECT d.queue_number FROM desk_event d WHERE d.person_id = ? AND d.day = ? "
    "AND d.queue_number IS NOT NULL AND NOT EXISTS (SELECT 1 FROM event u "
    "WHERE u.person_id = d.person_id AND u.undoes = d.event_id) "
    "ORDER BY d.event_id DESC LIMIT 1")
_ATTEMPTS_SQL = (
    "SELECT count(*) FROM event e WHERE e.person_id = ? AND e.kind = 'tidak_hadir' "
    "AND NOT EXISTS (SELECT 1 FROM event u WHERE u.person_id = e.person_id "
    "AND u.undoes = e.id)")


def _desk_location(db: pw.Database) -> int | None:
    if SETTING_DESK_LOCATION not in settings.BY_KEY:
        return None
    value = settings.get(db, SETTING_DESK_LOCATION)
    return int(value) if value not in (None, "", 0) else None


def card(db: pw.Database, person_id: int, *, today: dt.date) -> PersonCard:
    """A person's card by id (for someone picked from a list rather than scanned)."""
    return _card(db, person_id, today)


def _card(db: pw.Database, person_id: int, today: dt.date,
          extra: Sequence[str] = ()) -> PersonCard:
    row = db.execute_sql(_CARD_SQL, (person_id,)).fetchone()
    if row is None:
        raise UserError("desk_person_missing", person_id=person_id)
    (pid, nik, name, birth, sex, address, rt, rw, kel_code, kel_raw, kec_code, category,
     disability, status, marital) = row
    found = db.execute_sql(_SUMMONS_SQL, (pid,)).fetchone()
    summons = None
    if found is not None:
        summons = {"summons_id": found[0], "slot_id": found[1], "date": found[2],
                   "start": found[3], "end": found[4], "location": found[5],
                   "location_id": found[6], "round": found[7], "state": found[8]}
    queue = db.execute_sql(_QUEUE_SQL, (pid, today.isoformat())).fetchone()
    attempts = db.execute_sql(_ATTEMPTS_SQL, (pid,)).fetchone()[0]
    warnings = list(extra)
    if summons is not None and summons["state"] == "open":
        day = dt.date.fromisoformat(str(summons["date"]))
        when = {"date": format_date_id(day), "start": format_time(str(summons["start"]))}
        if day > today:
            warnings.append(messages.text("desk_warn_other_day", **when))
        elif day < today:
            warnings.append(messages.text("desk_warn_past_day", **when))
        here = _desk_location(db)
        if here is not None and summons["location_id"] != here:
            warnings.append(messages.text("desk_warn_elsewhere", location=summons["location"]))
    elif status in NEEDS_SUMMONS:
        warnings.append(messages.text("desk_warn_no_summons"))
    if birth:
        age = age_on(dt.date.fromisoformat(birth), today)
        if age < 16:
            warnings.append(messages.text("desk_warn_under_16", age=age))
    kelurahan = regions.default_table().kelurahan_name(kel_code) or (kel_raw or "")
    return PersonCard(pid, nik, name, birth, sex, address, rt, rw, kel_code, kelurahan,
                      kec_code, category, disability, status, _label(status), attempts,
                      summons, queue[0] if queue else None, warnings, marital)


# --- finding a person --------------------------------------------------------------------

def _nik_person(db: pw.Database, text: str, digits: str, today: dt.date) -> int:
    if len(digits) != 16:
        raise UserError("desk_nik_length", count=len(digits), text=text[:40])
    person_id = person_id_by_nik(db, digits)
    if person_id is None:
        try:
            nik_rules.parse(digits, today)
        except nik_rules.NikError as exc:
            raise UserError("desk_nik_invalid", nik=digits, reason=nik_rules.reason_text(
                exc.code, lang=messages.language(), **exc.params)) from None
        raise UserError("desk_nik_unknown", nik=digits)
    return person_id


def _current_text(db: pw.Database, person_id: int) -> str:
    current = scheduling.current_summons(db, [person_id]).get(person_id)
    if current is None:
        return messages.text("desk_no_current_summons")
    return messages.text("desk_current_summons",
                         date=format_date_id(dt.date.fromisoformat(str(current["date"]))),
                         start=format_time(str(current["start"])),
                         location=current["location"])


def _resolve(db: pw.Database, code_or_nik: str, today: dt.date) -> tuple[int, list[str]]:
    """(person id, extra warnings) for a scanned code or a typed NIK, or UserError."""
    text = str(code_or_nik or "").strip()
    if not text:
        raise UserError("desk_empty")
    digits = name_search.nik_digits(text)
    # 12 digits could be a letter code typed with digits only; anything else numeric is a NIK
    if digits is not None and not (len(digits) == 12 and numbering.normalize_code(text)):
        return _nik_person(db, text, digits, today), []
    code = numbering.normalize_code(text)
    if code is None:
        raise UserError("desk_malformed", text=text[:40])
    letter = numbering.find_letter(db, code)
    if letter is None:
        family = numbering.find_family_letter(db, code)  # a home visit's letter
        if family is not None:
            return family[0], []
        return _foreign_letter_person(db, code)
    if letter.current_summons_id is not None:
        return letter.person_id, []
    # the call is over: cancelled (refused) or closed (an old letter: served with a warning)
    last = db.execute_sql(
        "WITH RECURSIVE call(id) AS (SELECT ? UNION ALL SELECT s.id FROM summons s "
        "JOIN call ON s.replaces = call.id) SELECT m.state, s.date FROM call "
        "JOIN summons m ON m.id = call.id JOIN slot s ON s.id = m.slot_id "
        "ORDER BY m.id DESC LIMIT 1", (letter.summons_id,)).fetchone()
    if last is None or last[0] != "closed":
        name = db.execute_sql("SELECT name FROM person WHERE id = ?",
                              (letter.person_id,)).fetchone()
        raise UserError("desk_code_cancelled", number=letter.number,
                        name=name[0] if name else "?",
                        current=_current_text(db, letter.person_id))
    return letter.person_id, [messages.text(
        "desk_warn_old_letter", date=format_date_id(dt.date.fromisoformat(last[1])))]


def _foreign_letter_person(db: pw.Database, code: str) -> tuple[int, list[str]]:
    """A letter another office issued, known here from sync files: a person summoned by
    their kecamatan may come to Dindukcapil (or the other way round) and is served."""
    row = db.execute_sql(
        "SELECT s.origin, json_extract(s.body, '$.number'), p.id, coalesce(o.name, s.origin) "
        "FROM sync_item s JOIN person p ON p.nik = json_extract(s.body, '$.nik') "
        "LEFT JOIN sync_peer o ON o.office_id = s.origin "
        "WHERE s.kind = 'letter' AND s.key = ? ORDER BY s.hlc DESC LIMIT 1",
        (code,)).fetchone()
    if row is None:
        raise UserError("desk_code_unknown", code=code)
    return int(row[2]), [messages.text("desk_warn_foreign_letter", number=row[1],
                                       office=row[3])]


def lookup(db: pw.Database, code_or_nik: str, *, today: dt.date) -> PersonCard:
    """The person a scanned letter code (QR: 'EKTP:…' or the bare 12-character code) or a
    typed NIK names. Reads only. UserError with a clear message for an empty, malformed
    or unknown code, a NIK that is invalid or not in the list, and the code of a cancelled
    summons (saying which summons is current). A moved summons' letter finds the new
    session; a letter of a closed day finds the person with a warning."""
    person_id, extra = _resolve(db, code_or_nik, today)
    return _card(db, person_id, today, extra)


def search(db: pw.Database, text: str, *, limit: int = 20,
           today: dt.date | None = None) -> list[PersonCard]:
    """People by NIK (full or prefix) or name part (the Warga search), at most ``limit``,
    NIKs in NIK order and names in name order."""
    cond = name_search.condition(db, text)
    if cond is None:
        return []
    order = "p.nik" if name_search.nik_digits(text) is not None else "p.name_norm, p.id"
    ids = [r[0] for r in db.execute_sql(
        f"SELECT p.id FROM person p WHERE {cond.sql} ORDER BY {order} LIMIT ?",
        (*cond.params, int(limit)))]
    day = today if today is not None else clock.today()
    return [_card(db, pid, day) for pid in ids]


# --- recording ---------------------------------------------------------------------------

def _check_kind(status: str, reason: str | None, note: str | None
                ) -> tuple[str, str | None, str | None]:
    status = (status or "").strip().lower()
    if status not in STATUS_LABELS:
        raise UserError("desk_bad_status", value=status,
                        choices=", ".join(sorted(DESK_KINDS)))
    if status not in DESK_KINDS:
        why = {"dipanggil": "desk_why_dipanggil", "tidak_hadir": "desk_why_tidak_hadir"}.get(
            status, "desk_why_belum")
        raise UserError("desk_not_desk_status", label=_label(status), why=messages.text(why))
    reason = (reason or "").strip().lower() or None
    note = " ".join((note or "").split()) or None
    choices, required = REASONS_OF.get(status, ({}, False))
    if not choices:
        if reason is not None:
            raise UserError("desk_reason_not_used", label=_label(status), value=reason)
    elif reason is None:
        if required:
            raise UserError("desk_reason_needed", label=_label(status),
                            choices=", ".join(choices))
    elif reason not in choices:
        raise UserError("desk_reason_unknown", value=reason, choices=", ".join(choices))
    elif reason == "lainnya" and not note:
        raise UserError("desk_note_needed")
    if status in NEEDS_PLACE and not note:
        raise UserError("desk_place_needed", label=_label(status))
    return status, reason, note


def _office(db: pw.Database) -> str:
    # The queue is per office and day; the office id arrives with sync (meta 'office_id').
    row = db.execute_sql("SELECT value FROM meta WHERE key = 'office_id'").fetchone()
    return row[0] if row else ""


def _append(db: pw.Database, person_id: int, kind: str, reason: str | None,
            note: str | None, undoes: int | None, *, desk: str, user: str,
            day: dt.date, queue: bool) -> int:
    conn = db.connection()
    cursor = conn.execute(
        "INSERT INTO event (person_id, kind, reason, note, undoes, at, by_user, desk) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (person_id, kind, reason, note, undoes, clock.timestamp(), user, desk))
    event_id = int(cursor.lastrowid or 0)
    office = _office(db)
    number = None
    if queue:
        number = conn.execute(
            "SELECT coalesce(max(queue_number), 0) + 1 FROM desk_event "
            "WHERE day = ? AND office = ? AND queue_number IS NOT NULL",
            (day.isoformat(), office)).fetchone()[0]
    conn.execute("INSERT INTO desk_event (event_id, person_id, day, office, queue_number) "
                 "VALUES (?, ?, ?, ?, ?)", (event_id, person_id, day.isoformat(), office,
                                             number))
    return event_id


def _refusal(db: pw.Database, person_id: int, name: str, current: str, target: str,
             today: dt.date) -> UserError:
    if current == target == "hadir":
        queue = db.execute_sql(_QUEUE_SQL, (person_id, today.isoformat())).fetchone()
        suffix = messages.text("desk_queue_suffix", number=queue[0]) if queue else ""
        return UserError("desk_already_here", name=name, queue=suffix)
    return refusal(name, current, target)


def _record_in(db: pw.Database, person_id: int, status: str, reason: str | None,
               note: str | None, *, desk: str, user: str, today: dt.date,
               extra: Sequence[str] = ()) -> DeskResult:
    """record() inside the caller's transaction: check against the status read now."""
    row = db.execute_sql("SELECT status, name, birth_date, marital FROM person WHERE id = ?",
                         (person_id,)).fetchone()
    if row is None:
        raise UserError("desk_person_missing", person_id=person_id)
    current, name, birth, marital = row
    if not allowed(current, status):
        raise _refusal(db, person_id, name, current, status, today)
    too_young = age_refusal(status, name=name, birth_date=birth, marital=marital, today=today)
    if too_young is not None:
        raise too_young
    event_id = _append(db, person_id, status, reason, note, None, desk=desk, user=user,
                       day=today, queue=status == "hadir")
    # the new event is the latest and not undone, so the fold is simply its kind
    db.execute_sql("UPDATE person SET status = ? WHERE id = ?", (status, person_id))
    audit.record(db, user, "status_meja", person_id=person_id, status=status,
                 previous=current, reason=reason, event_id=event_id, desk=desk)
    return DeskResult(_card(db, person_id, today, extra), event_id)


def record(db: pw.Database, person_id: int, status: str, *, reason: str | None = None,
           note: str | None = None, desk: str, user: str, today: dt.date) -> DeskResult:
    """Record an outcome (one of :data:`DESK_KINDS`) for a person: one event, in one
    transaction. Refused (UserError, nothing changed) when :data:`TRANSITIONS` does not
    allow it from the current status, when a reason is missing or unknown
    (:data:`desk_rules.REASONS_OF`; 'lainnya' needs a note, a referral its place in the
    note), when recording is asked for someone not present, and by the age rules
    (:func:`desk_rules.age_refusal`: recording from 16, the card from 17 or marriage).
    'hadir' gives the day's next queue number (``card.queue_number``)."""
    status, reason, note = _check_kind(status, reason, note)
    with db.atomic():
        return _record_in(db, person_id, status, reason, note, desk=desk, user=user,
                          today=today)


def checkin(db: pw.Database, code_or_nik: str, *, status: str = "hadir",
            reason: str | None = None, note: str | None = None, desk: str, user: str,
            today: dt.date) -> DeskResult:
    """:func:`lookup` + :func:`record` in one transaction: what a scan plus Enter does."""
    status, reason, note = _check_kind(status, reason, note)
    with db.atomic():
        person_id, extra = _resolve(db, code_or_nik, today)
        return _record_in(db, person_id, status, reason, note, desk=desk, user=user,
                          today=today, extra=extra)


@dataclass(frozen=True)
class Scanned:
    """What a scan at the desk gives the page: the person's card, and whether this scan
    checked them in (``changes`` then says what was written)."""

    card: PersonCard
    checked_in: bool = False
    changes: Changes = field(default_factory=Changes)


def scan(db: pw.Database, text: str, *, check_in: bool, desk: str, user: str,
         today: dt.date) -> Scanned:
    """The desk's scan: a letter code or a NIK opens that person (UserError with the reason
    when the text names nobody). With ``check_in`` the person is marked hadir when
    :data:`TRANSITIONS` allows it; someone already hadir or done is only opened. Without
    ``check_in`` it reads only."""
    card = lookup(db, text, today=today)
    if not (check_in and allowed(card.status, "hadir")):
        return Scanned(card)
    # lookup and record again in one transaction (another desk may have been quicker)
    result = checkin(db, text, status="hadir", desk=desk, user=user, today=today)
    return Scanned(result.card, checked_in=True, changes=result.changes)


def undo_last(db: pw.Database, person_id: int, *, desk: str, user: str,
              today: dt.date) -> DeskResult:
    """Undo the person's latest change made at a desk: a 'batal' event naming it (nothing
    is deleted), then the status folds back. Refused when nothing is left to undo, or when
    the latest change came from the schedule, closing the day or an outreach visit."""
    with db.atomic():
        row = db.execute_sql("SELECT name FROM person WHERE id = ?", (person_id,)).fetchone()
        if row is None:
            raise UserError("desk_person_missing", person_id=person_id)
        # the change the status shows (sync's fold order), not simply the newest row
        shown = shown_event(db, person_id)
        if shown is None:
            raise UserError("desk_nothing_to_undo", name=row[0])
        last_id, last_kind = shown
        at_desk = db.execute_sql("SELECT 1 FROM desk_event WHERE event_id = ?",
                                 (last_id,)).fetchone()
        if at_desk is None:
            at = db.execute_sql("SELECT at FROM event WHERE id = ?", (last_id,)).fetchone()[0]
            source = {"dipanggil": "desk_source_schedule",
                      "tidak_hadir": "desk_source_close"}.get(last_kind, "desk_source_visit")
            raise UserError("desk_undo_not_desk", name=row[0], label=_label(last_kind),
                            at=at[:16].replace("T", " "), source=messages.text(source))
        _may_undo(db, last_id)
        event_id = _append(db, person_id, UNDO, None, None, last_id, desk=desk, user=user,
                           day=today, queue=False)
        refold_status(db, [person_id])
        audit.record(db, user, "status_batal", person_id=person_id, undoes=last_id,
                     kind=last_kind, event_id=event_id, desk=desk)
        return DeskResult(_card(db, person_id, today), event_id)


def _may_undo(db: pw.Database, event_id: int) -> None:
    """Another clerk's change is undone only by a supervisor or an admin (docs/domain.md,
    "Accounts and roles"); without a logged-in account there is nobody to tell apart."""
    account = accounts.current(db)
    if account is None:
        return
    by = db.execute_sql("SELECT by_user FROM event WHERE id = ?", (event_id,)).fetchone()[0]
    if by != account.name:
        accounts.require(account, "undo_others")


# --- history -----------------------------------------------------------------------------

@dataclass(frozen=True)
class HistoryRow:
    event_id: int
    at: str
    kind: str
    kind_label: str
    reason: str | None
    note: str | None
    by_user: str
    desk: str | None
    undone: bool

    def as_json(self) -> dict[str, object]:
        return {"event_id": self.event_id, "at": self.at, "kind": self.kind,
                "kind_label": self.kind_label, "reason": self.reason, "note": self.note,
                "by_user": self.by_user, "desk": self.desk, "undone": self.undone}


def history(db: pw.Database, person_id: int) -> list[HistoryRow]:
    """Every event of a person, oldest first, with whether it was undone. Reasons are
    given in words; an undo reads 'Pembatalan: <what it undid>'."""
    rows = db.execute_sql(
        "SELECT id, kind, reason, note, undoes, at, by_user, desk FROM event "
        "WHERE person_id = ? ORDER BY id", (person_id,)).fetchall()
    kinds = {r[0]: r[1] for r in rows}
    undone = {r[4] for r in rows if r[4] is not None}
    out = []
    for eid, kind, reason, note, undoes, at, by_user, desk in rows:
        if kind == UNDO:
            label = messages.text("desk_kind_undo", label=_label(kinds.get(undoes, "?")))
        else:
            label = _label(kind)
        out.append(HistoryRow(eid, at, kind, label, reason_label(reason), note, by_user,
                              desk, eid in undone))
    return out


# --- today's list ------------------------------------------------------------------------

@dataclass(frozen=True)
class TodayRow:
    person_id: int
    name: str
    nik_masked: str
    kelurahan_name: str
    slot_start: str | None
    status: str
    status_label: str
    queue_number: int | None


# Scheduled that day (an open or closed summons in a slot of the day) or seen at a desk
# that day (a desk event), with the day's surviving queue number.
_TODAY_SQL = """
WITH day_people(person_id) AS (
    SELECT m.person_id FROM slot s JOIN summons m ON m.slot_id = s.id
    WHERE s.date = :day AND m.state IN ('open', 'closed')
    UNION
    SELECT person_id FROM desk_event WHERE day = :day
)
SELECT p.id, p.name, p.nik, p.kelurahan_code, p.kelurahan_raw, p.status,
       (SELECT min(s.start_time) FROM summons m JOIN slot s ON s.id = m.slot_id
        WHERE m.person_id = p.id AND s.date = :day AND m.state IN ('open', 'closed')),
       (SELECT d.queue_number FROM desk_event d WHERE d.person_id = p.id AND d.day = :day
        AND d.queue_number IS NOT NULL AND NOT EXISTS (SELECT 1 FROM event u
        WHERE u.person_id = d.person_id AND u.undoes = d.event_id)
        ORDER BY d.event_id DESC LIMIT 1),
       EXISTS (SELECT 1 FROM desk_event d WHERE d.person_id = p.id AND d.day = :day)
FROM day_people JOIN person p ON p.id = day_people.person_id
"""


class _DayRow(NamedTuple):
    row: TodayRow
    scheduled: bool
    at_desk: bool


def _day_rows(db: pw.Database, day: dt.date) -> list[_DayRow]:
    table = regions.default_table()
    out = []
    for pid, name, nik, kel_code, kel_raw, status, start, queue, at_desk in db.execute_sql(
            _TODAY_SQL.replace(":day", "?1"), (day.isoformat(),)):
        row = TodayRow(pid, name, nik_rules.mask(nik),
                       table.kelurahan_name(kel_code) or (kel_raw or ""), start, status,
                       _label(status), queue)
        out.append(_DayRow(row, start is not None, bool(at_desk)))
    out.sort(key=lambda r: (r.row.queue_number is None, r.row.queue_number or 0,
                            r.row.slot_start or "99", r.row.name, r.row.person_id))
    return out


def _matches(item: _DayRow, filter: str) -> bool:
    status = item.row.status
    if filter == "scheduled":
        return item.scheduled
    if filter == "arrived":  # came today: a queue number, or an outcome at a desk today
        return item.row.queue_number is not None or (item.at_desk and status in DONE)
    if filter == "waiting":
        return status == "hadir"
    if filter == "done":
        return status in DONE
    return True


def today_list(db: pw.Database, day: dt.date, *, filter: str = "all") -> list[TodayRow]:
    """The day's people: scheduled that day or seen at a desk that day, by queue number
    (arrivals first), then session time and name. ``filter``: all, scheduled (has a
    session that day), arrived (came: queue number or an outcome today), waiting (hadir,
    no outcome yet), done (an outcome: terekam, gagal rekam, sudah rekam, …)."""
    if filter not in FILTERS:
        raise UserError("desk_bad_filter", value=filter, choices=", ".join(FILTERS))
    return [r.row for r in _day_rows(db, day) if _matches(r, filter)]


def today_counts(db: pw.Database, day: dt.date) -> dict[str, int]:
    """How many people each :func:`today_list` filter holds (one query)."""
    rows = _day_rows(db, day)
    return {f: sum(1 for r in rows if _matches(r, f)) for f in FILTERS}


# --- walk-ins ----------------------------------------------------------------------------

def add_walk_in(db: pw.Database, *, nik: str, name: str, birth_date: str | None = None,
                sex: str | None = None, marital: str | None = None,
                address: str | None = None, rt: str | None = None,
                rw: str | None = None, kelurahan: str | None = None,
                note: str = "datang langsung", desk: str, user: str,
                today: dt.date) -> DeskResult:
    """Add a person who is not on the list, at the desk, and record them 'hadir'.

    The import's rules and parsers apply: a hard NIK error or an empty name is a
    UserError (nothing written); warnings (NIK date/sex/region differs, under 16, not 17
    on election day, unknown kelurahan …) are kept on the person as for an import, and
    the card says "under 16" when so. ``marital`` (B/S/P or the words) decides whether a
    16-year-old's card may be printed. A NIK already on the list is refused."""
    parser = person_record.Parser(person_record.load_context(db, today))
    try:
        parsed = parser.nik(nik)
    except nik_rules.NikError as exc:
        raise UserError("desk_walkin_nik", reason=nik_rules.reason_text(
            exc.code, lang=messages.language(), **exc.params)) from None
    display, name_norm = parser.name(name)
    if not display.isascii() and core_text.has_foreign_letters(display):
        raise UserError("desk_walkin_name_script")
    if not name_norm:
        raise UserError("desk_walkin_name")
    if birth_date:
        odd = parser.birth_problem(birth_date)
        if odd is not None:
            raise UserError("desk_walkin_birth", reason=odd[1])
    try:
        marital = parse_marital(marital)
    except ValueError:
        raise UserError("desk_walkin_marital", value=str(marital)[:40]) from None
    address = " ".join((address or "").split()) or None
    if address and not (rt and rw):
        address, art, arw = split_address(address)
        rt, rw = rt or art, rw or arw
        address = address or None
    source = (None, None, birth_date or None, sex or None, marital, address, rt or None,
              rw or None, kelurahan or None, None, None, note or None)
    row = parser.derive(parsed, display, name_norm, source)
    now = clock.timestamp()
    with db.atomic():
        existing = db.execute_sql("SELECT name FROM person WHERE nik = ?",
                                  (row[0],)).fetchone()
        if existing is not None:
            raise UserError("desk_walkin_exists", nik=row[0], name=existing[0])
        cursor = db.connection().execute(person_record.INSERT,
                                          (*row, None, None, now, now))
        person_id = int(cursor.lastrowid or 0)
        audit.record(db, user, "warga_datang_langsung", person_id=person_id, desk=desk,
                     nik=nik_rules.mask(row[0]), warnings=json.loads(row[-1]))
        return _record_in(db, person_id, "hadir", None, note or None, desk=desk, user=user,
                          today=today, extra=[messages.text("desk_warn_walk_in")])


# --- closing the day ---------------------------------------------------------------------

@dataclass(frozen=True)
class CloseDayResult:
    """``counts_by_outcome``: the day's people by status code; ``counts_by_kelurahan``:
    kelurahan name → status code → count."""

    no_show: int
    counts_by_outcome: dict[str, int]
    counts_by_kelurahan: dict[str, dict[str, int]]
    waiting: tuple[str, ...] = ()  # names of those still hadir with no outcome
    changes: Changes = field(
        default_factory=lambda: Changes(schedule=True, people=True, events=True))


def day_counts(db: pw.Database, day: dt.date
               ) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    """The day's people (:func:`today_list`) by status, and by kelurahan and status."""
    rows = [r.row for r in _day_rows(db, day)]
    by_outcome = dict(Counter(r.status for r in rows))
    by_kelurahan: dict[str, Counter[str]] = {}
    for r in rows:
        by_kelurahan.setdefault(r.kelurahan_name or "-", Counter())[r.status] += 1
    return by_outcome, {k: dict(v) for k, v in sorted(by_kelurahan.items())}


@dataclass(frozen=True)
class ClosePreview:
    """What closing a day will do: ``no_show`` people become tidak hadir; ``waiting``:
    the names of those who came and still have no outcome (they are not marked)."""

    no_show: int
    waiting: tuple[str, ...]


# Summoned that day and never came (still 'dipanggil'): whom scheduling.close_day marks.
_NO_SHOW_SQL = ("SELECT count(*) FROM summons m JOIN slot s ON s.id = m.slot_id "
                "JOIN person p ON p.id = m.person_id "
                "WHERE m.state = 'open' AND s.date = ? AND p.status = 'dipanggil'")


def _waiting(db: pw.Database, day: dt.date) -> tuple[str, ...]:
    return tuple(r.row.name for r in _day_rows(db, day) if _matches(r, "waiting"))


def close_day_preview(db: pw.Database, day: dt.date) -> ClosePreview:
    """What :func:`close_day` would do now, for its confirmation (reads only)."""
    no_show = db.execute_sql(_NO_SHOW_SQL, (day.isoformat(),)).fetchone()[0]
    return ClosePreview(int(no_show), _waiting(db, day))


def close_day(db: pw.Database, day: dt.date, *, desk: str, user: str,
              today: dt.date) -> CloseDayResult:
    """Close a service day: whoever was summoned that day and did not come becomes
    'tidak_hadir' (:func:`scheduling.close_day`, which feeds the second call), then the
    day's counts per outcome and kelurahan, all in one transaction. Closing again finds
    no one new (no_show 0). A day in the future is refused."""
    accounts.require_acting(db, "close_day")
    with db.atomic():
        closed = scheduling.close_day(db, day, today=today, user=user)
        by_outcome, by_kelurahan = day_counts(db, day)
        audit.record(db, user, "meja_tutup_hari", date=day.isoformat(), desk=desk,
                     no_show=closed.no_show, counts=by_outcome)
    return CloseDayResult(closed.no_show, by_outcome, by_kelurahan, _waiting(db, day))
