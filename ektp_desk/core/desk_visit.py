"""The front desk at a jemput bola visit (docs/domain.md, "Recording at a visit").

The team's laptop runs the same desk: the same outcomes, undo and keys, on the visit's
people only. Each desk event written there names the visit in its ``desk`` field
(``kunjungan:<visit id> <desk name>``), so the event says where it happened wherever it
travels, and the person's outcome on the visit (``visit_person.outcome``) follows from
that event here in core: recording sets it, undoing the event clears it (or puts back the
visit's earlier outcome still standing). The visit_person row travels in the usual sync
file (core/calls.py), so the office sees the outcome and the person's status.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import peewee as pw

from ektp_desk.core import clock, messages, regions
from ektp_desk.core import nik as nik_rules
from ektp_desk.core import search as name_search
from ektp_desk.core.calendar import format_date_id, format_date_plain
from ektp_desk.core.desk import (
    FILTERS,
    DeskResult,
    PersonCard,
    Scanned,
    TodayRow,
    _check_kind,
    _DayRow,
    _label,
    _matches,
    _record_in,
    card,
    lookup,
    undo_last,
)
from ektp_desk.core.desk_rules import allowed
from ektp_desk.core.errors import UserError
from ektp_desk.core.scheduling.common import VISIT_OUTCOMES
from ektp_desk.core.scheduling.outreach import VisitInfo, get_visit, list_visits

messages.register({
    "deskv_not_open": (
        "Kunjungan {visit_id} sudah {state}; hasilnya tidak dicatat lagi di meja.",
        "Visit {visit_id} is already {state}; no more outcomes are recorded at the desk."),
    "deskv_not_today": (
        "Kunjungan ke {location} dijadwalkan {date}, bukan hari ini; hasilnya dicatat pada "
        "hari kunjungan.",
        "The visit to {location} is on {date}, not today; its outcomes are recorded on "
        "the day."),
    "deskv_not_on_list": (
        "{name} tidak ada dalam daftar kunjungan ke {location}. Tambahkan dulu di halaman "
        "Jemput Bola bila memang dilayani di sini.",
        "{name} is not on the list of the visit to {location}. Add them on the Jemput "
        "Bola page first if they are served here."),
    "deskv_label": ("Kunjungan: {location}, {date}", "Visit: {location}, {date}"),
})

_MARK = re.compile(r"^kunjungan:(\d+)(?:\s|$)")


def visit_desk(visit_id: int, desk: str) -> str:
    """The ``desk`` an event written at a visit carries: the visit first, then the desk."""
    return f"kunjungan:{int(visit_id)} {desk}".strip()


def visit_of_desk(desk: str | None) -> int | None:
    """The visit an event's ``desk`` names, or None for an office desk."""
    found = _MARK.match(desk or "")
    return int(found.group(1)) if found else None


def visit_label(visit: VisitInfo) -> str:
    """'Kunjungan: SMA N 1 Pekalongan, 14 Desember 2026' (the desk's choice)."""
    return messages.text("deskv_label", location=visit.location,
                         date=format_date_plain(visit.date))


def open_visits_on(db: pw.Database, day: dt.date) -> list[VisitInfo]:
    """The planned visits of a day: what the desk may serve besides the office."""
    return [v for v in list_visits(db, day, day) if v.state == "rencana"]


def _servable(db: pw.Database, visit_id: int, today: dt.date) -> VisitInfo:
    visit = get_visit(db, visit_id)
    if visit.state != "rencana":
        raise UserError("deskv_not_open", visit_id=visit_id, state=visit.state)
    if visit.date != today:
        raise UserError("deskv_not_today", location=visit.location,
                        date=format_date_id(visit.date))
    return visit


def _on_list(db: pw.Database, visit: VisitInfo, person_id: int) -> None:
    row = db.execute_sql(
        "SELECT p.name, vp.person_id FROM person p LEFT JOIN visit_person vp "
        "ON vp.person_id = p.id AND vp.visit_id = ? WHERE p.id = ?",
        (visit.id, person_id)).fetchone()
    if row is None:
        raise UserError("desk_person_missing", person_id=person_id)
    if row[1] is None:
        raise UserError("deskv_not_on_list", name=row[0], location=visit.location)


def _at_visit(found: PersonCard) -> PersonCard:
    # a person on a visit has no office summons on purpose: no warning about it
    no_summons = messages.text("desk_warn_no_summons")
    found.warnings = [w for w in found.warnings if w != no_summons]
    return found


def _follow(db: pw.Database, visit_id: int, person_id: int) -> None:
    """Set the person's outcome on the visit from their events at it: the latest outcome
    event written at this visit and not undone; none left, no outcome. An outcome the
    visit recorded itself (closing it) is kept unless its event was undone."""
    mark = visit_desk(visit_id, "")
    latest = db.execute_sql(
        "SELECT e.id, e.kind, e.reason, e.at FROM event e WHERE e.person_id = ? "
        "AND (e.desk = ? OR e.desk LIKE ? ESCAPE '\\') "
        "AND e.kind IN (SELECT value FROM json_each(?)) AND NOT EXISTS "
        "(SELECT 1 FROM event u WHERE u.person_id = e.person_id AND u.undoes = e.id) "
        "ORDER BY e.id DESC LIMIT 1",
        (person_id, mark, mark + " %", json.dumps(VISIT_OUTCOMES))).fetchone()
    if latest is not None:
        db.execute_sql(
            "UPDATE visit_person SET outcome = ?, reason = ?, event_id = ?, recorded_at = ? "
            "WHERE visit_id = ? AND person_id = ? AND event_id IS NOT ?",
            (latest[1], latest[2], latest[0], latest[3], visit_id, person_id, latest[0]))
        return
    db.execute_sql(
        "UPDATE visit_person SET outcome = NULL, reason = NULL, event_id = NULL, "
        "recorded_at = ? WHERE visit_id = ? AND person_id = ? AND event_id IS NOT NULL "
        "AND EXISTS (SELECT 1 FROM event u WHERE u.undoes = visit_person.event_id)",
        (clock.timestamp(), visit_id, person_id))


def record_at_visit(db: pw.Database, visit_id: int, person_id: int, status: str, *,
                    reason: str | None = None, note: str | None = None, desk: str,
                    user: str, today: dt.date) -> DeskResult:
    """:func:`desk.record` for a person on today's open visit: the same rules and event
    (its ``desk`` names the visit), and the person's outcome on the visit follows from it,
    in one transaction. Refused for a visit closed, not today's, or a person not on it."""
    status, reason, note = _check_kind(status, reason, note)
    with db.atomic():
        visit = _servable(db, visit_id, today)
        _on_list(db, visit, person_id)
        result = _record_in(db, person_id, status, reason, note,
                            desk=visit_desk(visit_id, desk), user=user, today=today)
        _follow(db, visit_id, person_id)
    _at_visit(result.card)
    return result


def undo_at_visit(db: pw.Database, visit_id: int, person_id: int, *, desk: str, user: str,
                  today: dt.date) -> DeskResult:
    """:func:`desk.undo_last` at a visit: the person's outcome on it follows the undo."""
    with db.atomic():
        visit = _servable(db, visit_id, today)
        _on_list(db, visit, person_id)
        result = undo_last(db, person_id, desk=visit_desk(visit_id, desk), user=user,
                           today=today)
        _follow(db, visit_id, person_id)
    _at_visit(result.card)
    return result


def scan_at_visit(db: pw.Database, visit_id: int, text: str, *, check_in: bool, desk: str,
                  user: str, today: dt.date) -> Scanned:
    """The desk's scan at a visit: the letter code or NIK of someone on the visit's list
    (refused with the reason for anyone else); with ``check_in``, marked hadir when the
    status allows it."""
    visit = _servable(db, visit_id, today)
    found = lookup(db, text, today=today)
    _on_list(db, visit, found.person_id)
    if not (check_in and allowed(found.status, "hadir")):
        return Scanned(_at_visit(found))
    result = record_at_visit(db, visit_id, found.person_id, "hadir", desk=desk, user=user,
                             today=today)
    return Scanned(result.card, checked_in=True, changes=result.changes)


def open_at_visit(db: pw.Database, person_id: int, *, today: dt.date) -> PersonCard:
    """A person's card at a visit (no office-summons warning)."""
    return _at_visit(card(db, person_id, today=today))


def search_at_visit(db: pw.Database, visit_id: int, text: str, *, limit: int = 50,
                    today: dt.date) -> list[PersonCard]:
    """The visit's people by NIK (full or prefix) or name part, in name order."""
    cond = name_search.condition(db, text)
    if cond is None:
        return []
    ids = [r[0] for r in db.execute_sql(
        f"SELECT p.id FROM person p JOIN visit_person vp ON vp.person_id = p.id "
        f"AND vp.visit_id = ? WHERE {cond.sql} ORDER BY p.name_norm, p.id LIMIT ?",
        (visit_id, *cond.params, int(limit)))]
    return [open_at_visit(db, pid, today=today) for pid in ids]


_VISIT_DAY_SQL = """
SELECT p.id, p.name, p.nik, p.kelurahan_code, p.kelurahan_raw, p.status, v.start_time,
       (SELECT d.queue_number FROM desk_event d WHERE d.person_id = p.id AND d.day = ?
        AND d.queue_number IS NOT NULL AND NOT EXISTS (SELECT 1 FROM event u
        WHERE u.person_id = d.person_id AND u.undoes = d.event_id)
        ORDER BY d.event_id DESC LIMIT 1),
       vp.outcome IS NOT NULL OR EXISTS (SELECT 1 FROM desk_event d WHERE d.person_id = p.id
        AND d.day = ?)
FROM visit_person vp JOIN person p ON p.id = vp.person_id JOIN visit v ON v.id = vp.visit_id
WHERE vp.visit_id = ?
"""


def _visit_rows(db: pw.Database, visit_id: int, day: dt.date) -> list[_DayRow]:
    table = regions.default_table()
    rows = []
    for pid, name, nik, kel, kel_raw, status, start, queue, seen in db.execute_sql(
            _VISIT_DAY_SQL, (day.isoformat(), day.isoformat(), visit_id)):
        row = TodayRow(pid, name, nik_rules.mask(nik),
                       table.kelurahan_name(kel) or (kel_raw or ""), start, status,
                       _label(status), queue)
        rows.append(_DayRow(row, True, bool(seen)))
    rows.sort(key=lambda r: (r.row.queue_number is None, r.row.queue_number or 0,
                             r.row.name, r.row.person_id))
    return rows


def visit_today_list(db: pw.Database, visit_id: int, day: dt.date, *,
                     filter: str = "all") -> list[TodayRow]:
    """The visit's people as the desk's day list shows them (the same filters)."""
    if filter not in FILTERS:
        raise UserError("desk_bad_filter", value=filter, choices=", ".join(FILTERS))
    return [r.row for r in _visit_rows(db, visit_id, day) if _matches(r, filter)]


def visit_today_counts(db: pw.Database, visit_id: int, day: dt.date) -> dict[str, int]:
    """How many of the visit's people each filter holds."""
    rows = _visit_rows(db, visit_id, day)
    return {f: sum(1 for r in rows if _matches(r, f)) for f in FILTERS}
