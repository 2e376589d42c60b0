"""What travels in a sync file and how local rows get their identity.

Rows (JSON lines of the payload)::

    ["i", origin, seq, hlc, kind, key, body]      a version of a person, summons or letter
    ["e", origin, seq, hlc, nik, kind, reason, note, undoes_origin, undoes_seq, at, by, desk]

*Stamping* gives every local row that has none yet (``origin_seq IS NULL``: new, or
changed since, see the triggers of migration 5) the identity ``(this office, next seq,
HLC)``. It runs at the start of every export and import, in the same transaction, so a
local change is always stamped before anything received can be merged with it.

Person versions name the versions they replaced (``base``): versions no other version
replaced are the *heads*; more than one head is a conflict, resolved everywhere by the same
rule (:func:`choose`): the owner's version (the office of the person's kecamatan) first,
then the later HLC, then (origin, seq).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import peewee as pw

from ektp_desk.core.sync import hlc as hlc_mod
from ektp_desk.core.sync.office import owner_code

PERSON_FIELDS = ("nik", "nkk", "nkk_raw", "name", "name_norm", "birth_place", "birth_date",
                 "birth_date_raw", "sex", "marital", "address", "rt", "rw", "kelurahan_code",
                 "kelurahan_raw", "kecamatan_code", "disability", "note", "category",
                 "warnings")
KECAMATAN_AT = PERSON_FIELDS.index("kecamatan_code")
ITEM_KINDS = ("person", "summons", "letter")

# Statuses a person keeps: a later no-show (or call, or arrival) from elsewhere does not
# set them back (the overruled event stays in the history and is listed for review).
RECORDED = frozenset({"terekam", "sudah_rekam", "suket", "ktp_dicetak", "ktp_diterima"})
SETBACK = frozenset({"belum_dipanggil", "dipanggil", "hadir", "tidak_hadir",
                     "tidak_dapat_dilayani"})
UNDO = "batal"
START = "belum_dipanggil"


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def item_digest(origin: str, seq: int, hlc: str, kind: str, key: str, body_text: str) -> str:
    return hashlib.sha256(f"{origin}\0{seq}\0{hlc}\0{kind}\0{key}\0{body_text}".encode()
                          ).hexdigest()


# --- choosing among person versions --------------------------------------------------------

@dataclass(frozen=True)
class Version:
    origin: str
    seq: int
    hlc: str
    fields: tuple[Any, ...]
    base: tuple[tuple[str, int], ...]

    @property
    def ident(self) -> tuple[str, int]:
        return (self.origin, self.seq)

    @property
    def owned(self) -> bool:
        """Written by the office of the person's own kecamatan."""
        return owner_code(self.origin) == (self.fields[KECAMATAN_AT] or "")

    @classmethod
    def from_body(cls, origin: str, seq: int, hlc: str, body: dict[str, Any]) -> Version:
        return cls(origin, int(seq), hlc, tuple(body["f"]),
                   tuple((str(o), int(s)) for o, s in body.get("base", ())))


def heads(versions: Sequence[Version]) -> list[Version]:
    replaced = {b for v in versions for b in v.base}
    return [v for v in versions if v.ident not in replaced]


def choose(versions: Sequence[Version]) -> tuple[Version, list[Version]]:
    """(winner, overruled heads). Deterministic for a set of versions, whatever order they
    arrived in: the owner's version, then the later HLC, then (origin, seq)."""
    tops = heads(versions) or list(versions)
    ranked = sorted(tops, key=lambda v: (v.owned, v.hlc, v.origin, v.seq))
    return ranked[-1], ranked[:-1]


# --- the status fold -----------------------------------------------------------------------

@dataclass(frozen=True)
class Ev:
    hlc: str
    origin: str
    seq: int
    kind: str
    undoes: tuple[str, int] | None = None


def fold(events: Iterable[Ev]) -> tuple[str, list[tuple[Ev, Ev]]]:
    """A person's status from all its events, in HLC order (the same at every office), and
    the (overruled, recorded-by) pairs: events that would have set a recorded person back."""
    ordered = sorted(events, key=lambda e: (e.hlc, e.origin, e.seq))
    undone = {e.undoes for e in ordered if e.undoes is not None}
    status, recorded_by = START, None
    overruled = []
    for e in ordered:
        if e.kind == UNDO or (e.origin, e.seq) in undone:
            continue
        if (recorded_by is not None and e.kind in SETBACK and e.origin != recorded_by.origin):
            overruled.append((e, recorded_by))
            continue
        status = e.kind
        recorded_by = e if e.kind in RECORDED else None
    return status, overruled


def insert_conflicts(conn: Any, rows: list[tuple]) -> int:
    """Record conflicts for review (each overruled row once); returns how many are new."""
    before = conn.total_changes
    conn.executemany(
        "INSERT OR IGNORE INTO sync_conflict (at, nik, kind, winner_origin, winner_seq, "
        "loser_origin, loser_seq, local_unsent, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows)
    return int(conn.total_changes - before)


def refold(conn: Any, person_ids: Iterable[int], *, own: str, acked_own: int, at: str
           ) -> tuple[set[int], int]:
    """Set the cached status of these people to :func:`fold` of all their events; record
    set-backs that were overruled. Returns (people whose status changed, new conflicts)."""
    ids = list(person_ids)
    if not ids:
        return set(), 0
    _temp(conn, "want_pid", "id INTEGER PRIMARY KEY")
    conn.executemany("INSERT OR IGNORE INTO temp.want_pid VALUES (?)", ((i,) for i in ids))
    people = {r[0]: (r[1], r[2]) for r in conn.execute(
        "SELECT p.id, p.nik, p.status FROM temp.want_pid w JOIN person p ON p.id = w.id")}
    events: dict[int, list[Ev]] = {}
    for pid, stamp_, origin, seq, kind, uo, us in conn.execute(
            "SELECT e.person_id, e.hlc, e.origin, e.origin_seq, e.kind, u.origin, "
            "u.origin_seq FROM temp.want_pid w JOIN event e ON e.person_id = w.id "
            "LEFT JOIN event u ON u.id = e.undoes"):
        events.setdefault(pid, []).append(
            Ev(stamp_ or "", origin, seq or 0, kind, (uo, us) if uo is not None else None))
    updates, conflicts = [], []
    for pid, (nik, status) in people.items():
        new_status, overruled = fold(events.get(pid, ()))
        if new_status != status:
            updates.append((new_status, pid))
        for loser, winner in overruled:
            conflicts.append((at, nik, "status", winner.origin, winner.seq, loser.origin,
                              loser.seq, int(loser.origin == own and loser.seq > acked_own),
                              json.dumps({"overruled": loser.kind, "kept": winner.kind})))
    conn.executemany("UPDATE person SET status = ? WHERE id = ?", updates)
    conn.execute("DROP TABLE temp.want_pid")
    return {u[1] for u in updates}, insert_conflicts(conn, conflicts)


# --- stamping local rows -------------------------------------------------------------------

@dataclass
class Stamped:
    people: int = 0
    events: int = 0
    summons: int = 0
    letters: int = 0

    @property
    def total(self) -> int:
        return self.people + self.events + self.summons + self.letters


def _next_seqs(conn: Any, office_id: str, n: int) -> int:
    """Reserve n sequence numbers; returns the first."""
    conn.execute("INSERT OR IGNORE INTO sync_origin (origin) VALUES (?)", (office_id,))
    last = conn.execute("SELECT last_seq FROM sync_origin WHERE origin = ?",
                        (office_id,)).fetchone()[0]
    conn.execute("UPDATE sync_origin SET last_seq = ?, applied = ? WHERE origin = ?",
                 (last + n, last + n, office_id))
    return int(last) + 1


def _temp(conn: Any, name: str, columns: str) -> None:
    conn.execute(f"DROP TABLE IF EXISTS temp.{name}")
    conn.execute(f"CREATE TEMP TABLE {name} ({columns})")


def load_versions(conn: Any, niks: Iterable[str],
                  bodies: dict[tuple[str, int], dict[str, Any]] | None = None
                  ) -> dict[str, list[Version]]:
    """Every known version of these people (all offices), by NIK. ``bodies``: versions
    already parsed (just received), so they are not parsed again."""
    bodies = bodies or {}
    _temp(conn, "want_nik", "nik TEXT PRIMARY KEY")
    conn.executemany("INSERT OR IGNORE INTO temp.want_nik VALUES (?)", ((n,) for n in niks))
    out: dict[str, list[Version]] = {}
    for key, origin, seq, stamp in conn.execute(
            "SELECT s.key, s.origin, s.seq, s.hlc FROM temp.want_nik w "
            "JOIN sync_item s ON s.kind = 'person' AND s.key = w.nik"):
        body = bodies.get((origin, seq))
        if body is None:
            body = json.loads(conn.execute("SELECT body FROM sync_item WHERE origin = ? AND "
                                           "seq = ?", (origin, seq)).fetchone()[0])
        out.setdefault(key, []).append(Version.from_body(origin, seq, stamp, body))
    return out


def stamp(db: pw.Database, office_id: str, clock: hlc_mod.Clock, now: dt.datetime
          ) -> Stamped:
    """Give every unstamped local row its identity. Call inside the caller's transaction."""
    conn = db.connection()
    done = Stamped()
    now_ms = hlc_mod.wall_ms(now)
    received = now.isoformat(timespec="seconds")
    done.people = _stamp_people(conn, office_id, clock, now_ms, received)
    done.events, person_ids = _stamp_events(conn, office_id, clock, now_ms)
    # The desk folds by row order, sync by HLC; they can differ only for people who also
    # have events from other offices: refold those before anything travels.
    refold(conn, _with_foreign_events(conn, person_ids, office_id), own=office_id,
           acked_own=0, at=received)
    done.summons = _stamp_summons(conn, office_id, clock, now_ms, received)
    done.letters = _stamp_letters(conn, office_id, clock, now_ms, received)
    return done


def _with_foreign_events(conn: Any, person_ids: set[int], own: str) -> list[int]:
    if not person_ids:
        return []
    _temp(conn, "stamped_pid", "id INTEGER PRIMARY KEY")
    conn.executemany("INSERT INTO temp.stamped_pid VALUES (?)", ((i,) for i in person_ids))
    found = [r[0] for r in conn.execute(
        "SELECT s.id FROM temp.stamped_pid s WHERE EXISTS (SELECT 1 FROM event e "
        "WHERE e.person_id = s.id AND e.origin != ? AND e.origin_seq IS NOT NULL)", (own,))]
    conn.execute("DROP TABLE temp.stamped_pid")
    return found


def _physical(text: str | None, now_ms: int) -> int:
    # the wall clock of the change when stored, else now; never after now (a row cannot
    # be written in the future of its own stamping)
    value = hlc_mod.iso_ms(text)
    return now_ms if value is None else min(value, now_ms)


def _insert_items(conn: Any, rows: list[tuple]) -> None:
    conn.executemany(
        "INSERT INTO sync_item (origin, seq, kind, key, hlc, digest, body, received_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)


def _stamp_people(conn: Any, office_id: str, clock: hlc_mod.Clock, now_ms: int,
                  received: str) -> int:
    rows = conn.execute(
        f"SELECT id, updated_at, {', '.join(PERSON_FIELDS)} FROM person "
        "WHERE origin_seq IS NULL ORDER BY id").fetchall()
    if not rows:
        return 0
    known = load_versions(conn, (r[2] for r in rows))
    first = _next_seqs(conn, office_id, len(rows))
    items, stamps = [], []
    for i, row in enumerate(rows):
        person_id, updated_at, fields = row[0], row[1], row[2:]
        nik = fields[0]
        versions = known.get(nik, [])
        seq = first + i
        stamp_ = clock.tick(_physical(updated_at, now_ms))
        # the edit was made on top of everything known then: it replaces all heads
        body = canonical({"f": list(fields),
                          "base": sorted([list(v.ident) for v in heads(versions)])})
        items.append((office_id, seq, "person", nik, stamp_,
                      item_digest(office_id, seq, stamp_, "person", nik, body), body,
                      received))
        stamps.append((seq, stamp_, person_id))
    _insert_items(conn, items)
    conn.executemany(f"UPDATE person SET origin = '{_q(office_id)}', origin_seq = ?, hlc = ? "
                     "WHERE id = ?", stamps)
    return len(rows)


def _q(text: str) -> str:
    return text.replace("'", "''")


def _stamp_events(conn: Any, office_id: str, clock: hlc_mod.Clock, now_ms: int
                  ) -> tuple[int, set[int]]:
    rows = conn.execute(
        "SELECT id, person_id, at FROM event WHERE origin_seq IS NULL ORDER BY id").fetchall()
    if not rows:
        return 0, set()
    first = _next_seqs(conn, office_id, len(rows))
    _temp(conn, "stamp_event", "id INTEGER PRIMARY KEY, seq INTEGER, hlc TEXT")
    conn.executemany("INSERT INTO temp.stamp_event VALUES (?, ?, ?)",
                     [(row[0], first + i, clock.tick(_physical(row[2], now_ms)))
                      for i, row in enumerate(rows)])
    conn.execute(f"UPDATE event SET origin = '{_q(office_id)}', origin_seq = s.seq, "
                 "hlc = s.hlc FROM temp.stamp_event s WHERE event.id = s.id")
    conn.execute("DROP TABLE temp.stamp_event")
    return len(rows), {r[1] for r in rows}


_SUMMONS_SQL = """
SELECT m.id, p.nik, s.date, s.start_time, s.end_time, l.name, l.kind, l.kecamatan_code,
       m.round, m.state, m.letter, m.attended, m.replaces, m.created_at, m.closed_at
FROM summons m JOIN person p ON p.id = m.person_id JOIN slot s ON s.id = m.slot_id
JOIN location l ON l.id = s.location_id
WHERE m.origin_seq IS NULL ORDER BY m.id
"""


def _stamp_summons(conn: Any, office_id: str, clock: hlc_mod.Clock, now_ms: int,
                   received: str) -> int:
    rows = conn.execute(_SUMMONS_SQL).fetchall()
    if not rows:
        return 0
    first = _next_seqs(conn, office_id, len(rows))
    items, stamps = [], []
    for i, r in enumerate(rows):
        seq = first + i
        key = f"{office_id}/{r[0]}"
        stamp_ = clock.tick(_physical(r[14] or r[13], now_ms))
        body = canonical({"nik": r[1], "date": r[2], "start": r[3], "end": r[4],
                          "location": r[5], "location_kind": r[6], "kecamatan_code": r[7],
                          "round": r[8], "state": r[9], "letter": r[10], "attended": r[11],
                          "replaces": f"{office_id}/{r[12]}" if r[12] is not None else None,
                          "created_at": r[13], "closed_at": r[14]})
        items.append((office_id, seq, "summons", key, stamp_,
                      item_digest(office_id, seq, stamp_, "summons", key, body), body,
                      received))
        stamps.append((seq, stamp_, r[0]))
    _insert_items(conn, items)
    conn.executemany(f"UPDATE summons SET origin = '{_q(office_id)}', origin_seq = ?, "
                     "hlc = ? WHERE id = ?", stamps)
    return len(rows)


def _stamp_letters(conn: Any, office_id: str, clock: hlc_mod.Clock, now_ms: int,
                   received: str) -> int:
    rows = conn.execute(
        "SELECT l.id, l.number, l.code, p.nik, l.round, l.letter_date, l.issued_at, "
        "l.issued_by, l.summons_id FROM letter l JOIN person p ON p.id = l.person_id "
        "WHERE l.origin_seq IS NULL ORDER BY l.id").fetchall()
    if not rows:
        return 0
    first = _next_seqs(conn, office_id, len(rows))
    items, stamps = [], []
    for i, r in enumerate(rows):
        seq = first + i
        stamp_ = clock.tick(_physical(r[6], now_ms))
        body = canonical({"number": r[1], "code": r[2], "nik": r[3], "round": r[4],
                          "letter_date": r[5], "issued_at": r[6], "issued_by": r[7],
                          "summons": f"{office_id}/{r[8]}"})
        items.append((office_id, seq, "letter", r[2], stamp_,
                      item_digest(office_id, seq, stamp_, "letter", r[2], body), body,
                      received))
        stamps.append((seq, stamp_, r[0]))
    _insert_items(conn, items)
    conn.executemany(f"UPDATE letter SET origin = '{_q(office_id)}', origin_seq = ?, "
                     "hlc = ? WHERE id = ?", stamps)
    return len(rows)


def unstamped(db: pw.Database) -> int:
    """Local changes not stamped yet (they will travel in the next file)."""
    return sum(db.execute_sql(f"SELECT count(*) FROM {t} WHERE origin_seq IS NULL"
                              ).fetchone()[0] for t in ("person", "event", "summons", "letter"))
