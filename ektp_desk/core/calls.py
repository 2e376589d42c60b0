"""Each person's current call, this office's own and other offices' (read-only).

A *call* is a summons to a slot or a place on a jemput bola visit. This office's calls are
its ``summons`` and ``visit_person`` rows; other offices' arrive in sync files as versions
(``sync_item`` kinds ``summons`` and ``visit_person``) and are materialised per NIK in
``remote_call`` by the rule of the view ``remote_call_now`` (migration 12), refreshed by
every sync import in its transaction (:func:`refresh`).

A person is called once (docs/architecture.md, "Remote calls"): a local open call wins
over a remote one (this office can serve and change its own, and a person moved here is
its to schedule now); among local ones the open summons, then the open visit; among
remote ones the newest HLC. :func:`current_calls` is that rule: the people list and the
Warga pane read it, never the tables directly. (The desk serves another office's letter
from the letter versions it holds, core/desk.py, as before.)

"Summoned" in the report counts people ever called by anyone: :data:`EVER_CALLED_SQL`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

import peewee as pw

from ektp_desk.core import calendar, messages, regions

messages.register({
    "call_local": ("{when}, {place}{round}", "{when}, {place}{round}"),
    "call_remote": ("Dipanggil oleh {office}: {when}, {place}{round} — hanya-baca",
                    "Called by {office}: {when}, {place}{round} — read-only"),
    "call_round": (" (panggilan ke-{n})", " (call no. {n})"),
    "call_visit": (" (jemput bola)", " (outreach visit)"),
})

# A refresh recomputes the whole table in one pass over the call versions, rather than one
# indexed lookup per NIK (SQLite pushes an equality on ``nik`` into the view, not an IN
# list), when the NIKs touched are more than a third of those held: per NIK a lookup costs
# some three times a share of the pass (benchmarks/bench_calls.py).
_FULL_SHARE = 3

CALL_ITEM_KINDS = ("summons", "visit_person")

EVER_CALLED_SQL = """
SELECT person_id FROM summons
UNION SELECT person_id FROM visit_person
UNION SELECT p.id FROM remote_call r JOIN person p ON p.nik = r.nik
"""
"""The ids of every person ever called, by this office (a summons or a visit, whatever
became of it) or by another office (a call that arrived in a sync file, open or not): what
the report counts as *summoned*. A subquery: ``… WHERE p.id IN (EVER_CALLED_SQL)``."""


@dataclass(frozen=True)
class Call:
    """A person's current call. ``slot_id``/``visit_id`` are None for another office's
    call (``read_only``); ``office`` is the owning office's id ('' here when this
    database has no office identity yet)."""

    kind: str  # 'slot' | 'visit'
    slot_id: int | None
    visit_id: int | None
    date: str  # ISO
    start: str | None  # 'HH:MM'
    end: str | None
    location: str
    location_kind: str | None
    round: int | None
    office: str
    read_only: bool

    def as_json(self) -> dict[str, Any]:
        """The call as ``people --format json`` writes it."""
        out = asdict(self)
        for unlisted in ("slot_id" if self.kind == "visit" else "visit_id", "end",
                         "location_kind"):
            out.pop(unlisted)
        return out


def _own_office(db: pw.Database) -> str:
    row = db.execute_sql("SELECT office_id FROM sync_office").fetchone()
    return row[0] if row else ""


def _ids_param(person_ids: Iterable[int] | None) -> tuple[str, tuple]:
    if person_ids is None:
        return "", ()
    return "AND p.id IN (SELECT value FROM json_each(?))", (
        json.dumps([int(i) for i in person_ids]),)


_LOCAL_SUMMONS = """
SELECT p.id, m.slot_id, s.date, s.start_time, s.end_time, l.name, l.kind, m.round
FROM summons m JOIN person p ON p.id = m.person_id JOIN slot s ON s.id = m.slot_id
JOIN location l ON l.id = s.location_id WHERE m.state = 'open' {where}
"""
_LOCAL_VISITS = """
SELECT p.id, v.id, v.date, v.start_time, v.end_time, l.name, l.kind
FROM visit_person vp JOIN person p ON p.id = vp.person_id JOIN visit v ON v.id = vp.visit_id
JOIN location l ON l.id = v.location_id
WHERE v.state = 'rencana' AND vp.outcome IS NULL {where}
ORDER BY v.date DESC, v.id DESC
"""
_REMOTE = """
SELECT p.id, r.kind, r.date, r.start_time, r.end_time, r.location, r.location_kind, r.round,
       r.office
FROM remote_call r JOIN person p ON p.nik = r.nik WHERE r.open = 1 {where}
"""


def current_calls(db: pw.Database, person_ids: Iterable[int] | None = None
                  ) -> dict[int, Call]:
    """Each person's one current call, keyed by person id (people with none are absent;
    everyone's when ``person_ids`` is None). This office's open summons first, then its
    open visit, then another office's open call (read-only)."""
    ids = None if person_ids is None else list(person_ids)
    where, params = _ids_param(ids)
    own = _own_office(db)
    out: dict[int, Call] = {}
    for pid, office_, kind, day, start, end, place, place_kind, rnd in (
            (r[0], r[8], r[1], r[2], r[3], r[4], r[5], r[6], r[7])
            for r in db.execute_sql(_REMOTE.format(where=where), params)):
        out[pid] = Call(kind, None, None, day, start, end, place or "", place_kind,
                        rnd, office_, True)
    # the newest visit last: it stays
    for pid, visit_id, day, start, end, place, place_kind in reversed(
            db.execute_sql(_LOCAL_VISITS.format(where=where), params).fetchall()):
        out[pid] = Call("visit", None, visit_id, day, start, end, place, place_kind, None,
                        own, False)
    for pid, slot_id, day, start, end, place, place_kind, rnd in db.execute_sql(
            _LOCAL_SUMMONS.format(where=where), params):
        out[pid] = Call("slot", slot_id, None, day, start, end, place, place_kind, rnd, own,
                        False)
    return out


def summoned_ids(db: pw.Database) -> set[int]:
    """The ids of every person ever called (:data:`EVER_CALLED_SQL`)."""
    return {r[0] for r in db.execute_sql(EVER_CALLED_SQL)}


def office_name(db: pw.Database, office_id: str) -> str:
    """How a clerk knows an office: the name on its trusted card, else the region of its
    code ("Kantor Kecamatan Pekalongan Barat"), else its id."""
    row = db.execute_sql("SELECT name FROM sync_peer WHERE office_id = ? UNION ALL "
                         "SELECT name FROM sync_office WHERE office_id = ?",
                         (office_id, office_id)).fetchone()
    if row:
        return str(row[0])
    name = regions.default_table().kecamatan_name(office_id.split("-", 1)[0])
    return f"Kantor Kecamatan {name}" if name else office_id


def describe(db: pw.Database, call: Call) -> str:
    """The call in a sentence for a clerk: "Senin, 14 Desember 2026 08.00–12.00, Kantor
    Kecamatan Pekalongan Barat (panggilan ke-1)"; another office's says whose it is and
    that it is read-only here."""
    when = calendar.format_date_id(dt.date.fromisoformat(call.date))
    if call.start and call.end:
        when += " " + calendar.format_time_range(call.start, call.end)
    elif call.start:
        when += " " + calendar.format_time(call.start)
    more = (messages.text("call_round", n=call.round) if call.kind == "slot" and call.round
            else messages.text("call_visit") if call.kind == "visit" else "")
    if call.read_only:
        return messages.text("call_remote", office=office_name(db, call.office), when=when,
                             place=call.location, round=more)
    return messages.text("call_local", when=when, place=call.location, round=more)


def refresh(conn: Any, niks: Iterable[str]) -> None:
    """Bring ``remote_call`` up to date for these NIKs after call versions about them were
    stored (:data:`CALL_ITEM_KINDS`). Call inside the import's transaction."""
    wanted = sorted(set(niks))
    if not wanted:
        return
    held = conn.execute("SELECT count(*) FROM remote_call").fetchone()[0]
    if len(wanted) * _FULL_SHARE > held:
        conn.execute("DELETE FROM remote_call")
        conn.execute("INSERT INTO remote_call SELECT * FROM remote_call_now")
        return
    conn.executemany("DELETE FROM remote_call WHERE nik = ?", ((n,) for n in wanted))
    conn.executemany("INSERT INTO remote_call SELECT * FROM remote_call_now WHERE nik = ?",
                     ((n,) for n in wanted))
