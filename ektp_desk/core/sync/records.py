"""What travels in a sync file and how local rows get their identity.

Rows (JSON lines of the payload)::

    ["i", origin, seq, hlc, kind, key, body]      a version of a person, summons, letter or
                                                  person on a visit
    ["e", origin, seq, hlc, nik, kind, reason, note, undoes_origin, undoes_seq, at, by, desk]

*Stamping* gives every local row that has none yet (``origin_seq IS NULL``: new, or
changed since, see the triggers of migrations 5 and 12) the identity ``(this office, next
seq, HLC)``. It runs at the start of every export and import, in the same transaction, so a
local change is always stamped before anything received can be merged with it.

Person versions name the versions they replaced (``base``): versions no other version
replaced are the *heads*; more than one head is a conflict, resolved everywhere by the same
rule (:func:`choose`): the owner's version (the office of the person's kecamatan) first,
then the later HLC, then (origin, seq).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import peewee as pw

from ektp_desk.core.status import KIND, ORIGIN, SEQ, Folded, fold_ordered, folds
from ektp_desk.core.sync import hlc as hlc_mod
from ektp_desk.core.sync.office import owner_code

PERSON_FIELDS = ("nik", "nkk", "nkk_raw", "name", "name_norm", "birth_place", "birth_date",
                 "birth_date_raw", "sex", "marital", "address", "rt", "rw", "kelurahan_code",
                 "kelurahan_raw", "kecamatan_code", "disability", "note", "category",
                 "warnings")
KECAMATAN_AT = PERSON_FIELDS.index("kecamatan_code")
ITEM_KINDS = ("person", "summons", "letter", "visit_person")
ITEM_COLUMNS = ("origin", "seq", "kind", "key", "hlc", "digest", "body", "received_at")

# one encoder for every body: json.dumps with options builds a new one per call
_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))

# The events of one origin in a range of seqs, as they travel: the "e" row after its tag.
EVENT_COLUMNS = ("e.origin, e.origin_seq, e.hlc, p.nik, e.kind, e.reason, e.note, u.origin, "
                 "u.origin_seq, e.at, e.by_user, e.desk")
EVENTS_RANGE = ("FROM event e JOIN person p ON p.id = e.person_id "
                "LEFT JOIN event u ON u.id = e.undoes WHERE e.origin = ? "
                "AND e.origin_seq IS NOT NULL AND e.origin_seq BETWEEN ? AND ?")
EVENTS_FROM = EVENTS_RANGE + " ORDER BY e.origin_seq"


def canonical(value: Any) -> str:
    return _CANONICAL.encode(value)


# --- bulk work -----------------------------------------------------------------------------

# Bound as SQL NULL (SQLite stores no NaN), four times faster than None: sqlite3 looks None
# up among its adapters, a float it binds at once. ``to_null(v, v)`` is NULL for None.
NULL = float("nan")
to_null = {None: NULL}.get


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Bulk work (a whole file parsed and applied) makes millions of objects that live
    until it ends: the cyclic collector's passes over them find nothing and cost more than
    the parsing itself. Reference counting still frees everything as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _stage(conn: Any, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    # a plain TEMP table takes executemany a third faster than a table with keys, checks
    # and indexes to evaluate at every step; one statement then copies it over
    conn.execute("DROP TABLE IF EXISTS temp.bulk")
    conn.execute(f"CREATE TEMP TABLE bulk ({', '.join(columns)})")
    conn.executemany(f"INSERT INTO temp.bulk VALUES ({', '.join('?' * len(columns))})", rows)


def insert_many(conn: Any, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
                ) -> None:
    """INSERT rows (None given as :data:`NULL`) into ``table``, in their order."""
    _stage(conn, columns, rows)
    cols = ", ".join(columns)
    conn.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM temp.bulk ORDER BY rowid")
    conn.execute("DROP TABLE temp.bulk")


def update_many(conn: Any, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]],
                key: str = "id") -> None:
    """UPDATE ``table`` from rows (``key``, *values of ``columns``), as :func:`insert_many`."""
    _stage(conn, ("id", *columns), rows)
    conn.execute(f"UPDATE {table} SET {', '.join(f'{c} = b.{c}' for c in columns)} "
                 f"FROM temp.bulk b WHERE {table}.{key} = b.id")
    conn.execute("DROP TABLE temp.bulk")


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
    the (overruled, recorded-by) pairs: events that would have set a recorded person back.
    The rule itself is :func:`status.fold_ordered`."""
    ordered = sorted(events, key=lambda e: (e.hlc, e.origin, e.seq))
    status, pairs = fold_ordered([((e.origin, e.seq), e.kind, e.origin, e.undoes)
                                  for e in ordered])
    return status, [(ordered[i], ordered[j]) for i, j in pairs]


def insert_conflicts(conn: Any, rows: list[tuple]) -> int:
    """Record conflicts for review (each overruled row once); returns how many are new."""
    before = conn.total_changes
    conn.executemany(
        "INSERT OR IGNORE INTO sync_conflict (at, nik, kind, winner_origin, winner_seq, "
        "loser_origin, loser_seq, local_unsent, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows)
    return int(conn.total_changes - before)


def refold(conn: Any, folded: Iterable[Folded], *, own: str, acked_own: int, at: str
           ) -> tuple[set[int], int]:
    """Set the cached status of people to the fold of all their events (``folded``:
    :func:`status.folds` of them, after :func:`stamp`); record the set-backs overruled.
    Returns (people whose status changed, new conflicts)."""
    updates, conflicts = [], []
    for f in folded:
        if f.status != f.cached:
            updates.append((f.status, f.person_id))
        for loser, winner in f.overruled:
            conflicts.append((at, f.nik, "status", winner[ORIGIN], winner[SEQ],
                              loser[ORIGIN], loser[SEQ],
                              int(loser[ORIGIN] == own and loser[SEQ] > acked_own),
                              json.dumps({"overruled": loser[KIND], "kept": winner[KIND]})))
    conn.executemany("UPDATE person SET status = ? WHERE id = ?", updates)
    return {u[1] for u in updates}, insert_conflicts(conn, conflicts)


# --- stamping local rows -------------------------------------------------------------------

@dataclass
class Stamped:
    people: int = 0
    events: int = 0
    summons: int = 0
    letters: int = 0
    visits: int = 0

    @property
    def total(self) -> int:
        return self.people + self.events + self.summons + self.letters + self.visits


def _next_seqs(conn: Any, office_id: str, n: int) -> int:
    """Reserve n sequence numbers; returns the first."""
    conn.execute("INSERT OR IGNORE INTO sync_origin (origin) VALUES (?)", (office_id,))
    last = conn.execute("SELECT last_seq FROM sync_origin WHERE origin = ?",
                        (office_id,)).fetchone()[0]
    conn.execute("UPDATE sync_origin SET last_seq = ?, applied = ? WHERE origin = ?",
                 (last + n, last + n, office_id))
    return int(last) + 1


def load_versions(conn: Any, niks: Iterable[str]) -> dict[str, list[Version]]:
    """Every known version of these people (all offices), by NIK."""
    out: dict[str, list[Version]] = {}
    for key, origin, seq, stamp_, body in conn.execute(
            "SELECT key, origin, seq, hlc, body FROM sync_item WHERE kind = 'person' "
            "AND key IN (SELECT value FROM json_each(?))", (json.dumps(list(niks)),)):
        out.setdefault(key, []).append(Version.from_body(origin, seq, stamp_, json.loads(body)))
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
    # Local writes cache the new event's kind as the status; for people who also have
    # events from other offices the fold may overrule it (a set-back of someone recorded
    # elsewhere): refold those, listing the conflict, before anything travels.
    refold(conn, folds(conn, _with_foreign_events(conn, person_ids, office_id)),
           own=office_id, acked_own=0, at=received)
    done.summons = _stamp_summons(conn, office_id, clock, now_ms, received)
    done.letters = _stamp_letters(conn, office_id, clock, now_ms, received)
    done.visits = _stamp_visit_people(conn, office_id, clock, now_ms, received)
    return done


def _with_foreign_events(conn: Any, person_ids: set[int], own: str) -> list[int]:
    # two probes of the identity index settle the usual case of no foreign event at all
    if not person_ids or not conn.execute(
            "SELECT EXISTS (SELECT 1 FROM event WHERE origin_seq IS NOT NULL AND origin > ?) "
            "OR EXISTS (SELECT 1 FROM event WHERE origin_seq IS NOT NULL AND origin < ?)",
            (own, own)).fetchone()[0]:
        return []
    return [r[0] for r in conn.execute(
        "SELECT DISTINCT person_id FROM event WHERE origin != ? AND origin_seq IS NOT NULL "
        "AND person_id IN (SELECT value FROM json_each(?))", (own, json.dumps(list(person_ids))))]


def _physical(text: str | None, now_ms: int) -> int:
    # the wall clock of the change when stored, else now; never after now (a row cannot
    # be written in the future of its own stamping)
    value = hlc_mod.iso_ms(text)
    return now_ms if value is None else min(value, now_ms)


def _stamp_versions(conn: Any, office_id: str, clock: hlc_mod.Clock, now_ms: int,
                    received: str, kind: str, table: str,
                    rows: list[tuple[int, str, str | None, str]], row_key: str = "id") -> int:
    """Stamp rows that travel as versions (``kind`` items of ``table``), each given as
    (row id, key, when it changed, canonical body): the body goes into ``sync_item``, the
    row gets its identity."""
    if not rows:
        return 0
    first = _next_seqs(conn, office_id, len(rows))
    stamps = clock.ticks(_physical(r[2], now_ms) for r in rows)
    items = [(office_id, seq, kind, key, stamp_,
              item_digest(office_id, seq, stamp_, kind, key, body), body, received)
             for seq, (_, key, _, body), stamp_ in zip(range(first, first + len(rows)), rows,
                                                       stamps, strict=True)]
    insert_many(conn, "sync_item", ITEM_COLUMNS, items)
    update_many(conn, table, ("origin", "origin_seq", "hlc"),
                [(r[0], office_id, item[1], item[4]) for item, r in zip(items, rows, strict=True)],
                row_key)
    return len(rows)


def _stamp_people(conn: Any, office_id: str, clock: hlc_mod.Clock, now_ms: int,
                  received: str) -> int:
    # SQLite writes the fields' JSON just as canonical() does (text and nulls: same escapes,
    # no spaces), three times faster than fetching them and encoding in Python
    rows = conn.execute(
        f"SELECT id, updated_at, nik, json_array({', '.join(PERSON_FIELDS)}) FROM person "
        "WHERE origin_seq IS NULL ORDER BY id").fetchall()
    known = load_versions(conn, (r[2] for r in rows)) if rows else {}
    # the edit was made on top of everything known then: it replaces all heads
    bases = {nik: canonical(sorted([list(v.ident) for v in heads(versions)]))
             for nik, versions in known.items()}
    return _stamp_versions(conn, office_id, clock, now_ms, received, "person", "person", [
        (r[0], r[2], r[1], f'{{"base":{bases.get(r[2], "[]")},"f":{r[3]}}}') for r in rows])


def _stamp_events(conn: Any, office_id: str, clock: hlc_mod.Clock, now_ms: int
                  ) -> tuple[int, set[int]]:
    rows = conn.execute(
        "SELECT id, person_id, at FROM event WHERE origin_seq IS NULL ORDER BY id").fetchall()
    if not rows:
        return 0, set()
    first = _next_seqs(conn, office_id, len(rows))
    stamps = clock.ticks(_physical(r[2], now_ms) for r in rows)
    update_many(conn, "event", ("origin", "origin_seq", "hlc"),
                [(r[0], office_id, seq, stamp_) for seq, stamp_, r in zip(
                    range(first, first + len(rows)), stamps, rows, strict=True)])
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
    return _stamp_versions(conn, office_id, clock, now_ms, received, "summons", "summons", [
        (r[0], f"{office_id}/{r[0]}", r[14] or r[13], canonical({
            "nik": r[1], "date": r[2], "start": r[3], "end": r[4], "location": r[5],
            "location_kind": r[6], "kecamatan_code": r[7], "round": r[8], "state": r[9],
            "letter": r[10], "attended": r[11],
            "replaces": f"{office_id}/{r[12]}" if r[12] is not None else None,
            "created_at": r[13], "closed_at": r[14]}))
        for r in conn.execute(_SUMMONS_SQL)])


def _stamp_letters(conn: Any, office_id: str, clock: hlc_mod.Clock, now_ms: int,
                   received: str) -> int:
    return _stamp_versions(conn, office_id, clock, now_ms, received, "letter", "letter", [
        (r[0], r[2], r[6], canonical({
            "number": r[1], "code": r[2], "nik": r[3], "round": r[4], "letter_date": r[5],
            "issued_at": r[6], "issued_by": r[7], "summons": f"{office_id}/{r[8]}"}))
        for r in conn.execute(
            "SELECT l.id, l.number, l.code, p.nik, l.round, l.letter_date, l.issued_at, "
            "l.issued_by, l.summons_id FROM letter l JOIN person p ON p.id = l.person_id "
            "WHERE l.origin_seq IS NULL ORDER BY l.id")])


# A person on a visit, with the visit and its place, as it travels (kind "visit_person",
# key "office/visit id/NIK"); the receiving office reads it as a call (core/calls.py).
_VISIT_PEOPLE_SQL = """
SELECT vp.rowid, p.nik, vp.visit_id, v.date, v.start_time, v.end_time, l.name, l.kind,
       coalesce(l.kecamatan_code, substr(l.kelurahan_code, 1, 6)), v.state, vp.outcome,
       vp.reason, vp.added_at, vp.recorded_at
FROM visit_person vp JOIN person p ON p.id = vp.person_id JOIN visit v ON v.id = vp.visit_id
JOIN location l ON l.id = v.location_id
WHERE vp.origin_seq IS NULL ORDER BY vp.visit_id, vp.person_id
"""
# Taken off a visit after the row travelled (migration 12's trigger): a closing version.
_VISIT_REMOVED_SQL = """
SELECT x.id, p.nik, x.visit_id, v.date, v.start_time, v.end_time, l.name, l.kind,
       coalesce(l.kecamatan_code, substr(l.kelurahan_code, 1, 6)), v.state, x.removed_at
FROM visit_person_removed x JOIN person p ON p.id = x.person_id
LEFT JOIN visit v ON v.id = x.visit_id LEFT JOIN location l ON l.id = v.location_id
WHERE x.origin_seq IS NULL ORDER BY x.id
"""


def _stamp_visit_people(conn: Any, office_id: str, clock: hlc_mod.Clock, now_ms: int,
                        received: str) -> int:
    def body(r: tuple, **more: Any) -> str:
        return canonical({"nik": r[1], "visit": f"{office_id}/{r[2]}", "date": r[3],
                          "start": r[4], "end": r[5], "location": r[6], "location_kind": r[7],
                          "kecamatan_code": r[8], "state": r[9], **more})
    # removals first: a person taken off and put back before this stamping is on the
    # visit, and the later stamp wins
    removed = _stamp_versions(conn, office_id, clock, now_ms, received, "visit_person",
                              "visit_person_removed", [
        (r[0], f"{office_id}/{r[2]}/{r[1]}", r[10],
         body(r, outcome=None, reason=None, removed=True))
        for r in conn.execute(_VISIT_REMOVED_SQL)])
    return removed + _stamp_versions(
        conn, office_id, clock, now_ms, received, "visit_person", "visit_person", [
            (r[0], f"{office_id}/{r[2]}/{r[1]}", r[13] or r[12],
             body(r, outcome=r[10], reason=r[11], removed=False))
            for r in conn.execute(_VISIT_PEOPLE_SQL)], row_key="rowid")


def unstamped(db: pw.Database) -> int:
    """Local changes not stamped yet (they will travel in the next file)."""
    return sum(db.execute_sql(f"SELECT count(*) FROM {t} WHERE origin_seq IS NULL"
                              ).fetchone()[0] for t in ("person", "event", "summons", "letter",
                                                        "visit_person",
                                                        "visit_person_removed"))
