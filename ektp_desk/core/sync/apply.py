"""Import: verify, decrypt, check, then apply a sync file in ONE transaction.

- rows already here (same origin and seq) are skipped; the same identity with different
  content is refused and reported (``sync_rejected``), never overwritten;
- people: every version is kept (``sync_item``); the person row shows the version chosen by
  :func:`records.choose` (owner's kecamatan office, then HLC), the same choice at every
  office whatever order files came in; overruled versions are listed in ``sync_conflict``;
- events are appended; each touched person's status is refolded in HLC order
  (:func:`status.fold_ordered`): a recorded person is never set back by a no-show from
  elsewhere;
- local changes are stamped first, so what this office changed and has not sent yet takes
  part in the choice like any version and, if overruled, is listed for review;
- a row that needs a person or an event not here yet is *deferred*: the high-water mark
  stops before it, so the receipt makes the sender send it again.

A crash or a kill at any point leaves the database as before (SQLite's transaction); the
receipt is written after the commit.

Speed (100,000 people and 300,000 events in seconds: benchmarks/bench_sync.py): rows are checked and
planned in Python over the parsed file and written in bulk (:func:`records.insert_many`);
a person new here with a single version needs no choice, and people new here are folded
from the events just received and inserted with their status. The fast paths are compared
with the general ones in tests/db/test_sync_fastpaths.py and the convergence test.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

import peewee as pw

from ektp_desk.core import accounts, audit, backup, calls, messages, search
from ektp_desk.core import clock as core_clock
from ektp_desk.core.errors import UserError
from ektp_desk.core.jobs import NEVER_CANCELLED, CancelToken, Changes, Progress, no_progress
from ektp_desk.core.status import START, Folded, folded, folds
from ektp_desk.core.sync import audit_heads, envelope, office, provenance, receipts, records
from ektp_desk.core.sync import hlc as hlc_mod
from ektp_desk.core.sync.records import PERSON_FIELDS

messages.register({
    "sync_counts_mismatch": (
        "Isi berkas {path} tidak sesuai kepalanya ({detail}); tidak diimpor.",
        "The content of {path} does not match its header ({detail}); not imported."),
    "sync_progress_verify": ("Memeriksa tanda tangan dan membuka berkas",
                             "Checking the signature and opening the file"),
    "sync_progress_apply": ("Menerapkan data", "Applying the data"),
    "sync_progress_fold": ("Menghitung status warga", "Computing people's statuses"),
    "sync_reason_mismatch": ("isi berbeda untuk baris yang sama ({origin} #{seq})",
                             "different content for the same row ({origin} #{seq})"),
    "sync_reason_invalid": ("baris tidak sah ({origin} #{seq})",
                            "invalid row ({origin} #{seq})"),
})

CHANGES = Changes(people=True, events=True, tables=frozenset({"sync_item", "sync_log"}))
_NIK = re.compile(r"\d{16}")


@dataclass(frozen=True)
class ImportResult:
    kind: str  # 'data' | 'receipt'
    origin: str
    file: Path
    new_people: int = 0
    updated_people: int = 0
    new_events: int = 0
    new_items: int = 0
    skipped: int = 0
    conflicts: int = 0
    rejected: int = 0
    deferred: int = 0
    acknowledged: int = 0
    receipt: Path | None = None
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    changes: Changes = CHANGES

    @property
    def applied(self) -> int:
        return self.new_events + self.new_items

    def as_json(self) -> dict[str, object]:
        return {"kind": self.kind, "origin": self.origin, "file": str(self.file),
                "applied": self.applied, "new_people": self.new_people,
                "updated_people": self.updated_people, "new_events": self.new_events,
                "skipped": self.skipped, "conflicts": self.conflicts,
                "rejected": self.rejected, "deferred": self.deferred,
                "acknowledged": self.acknowledged,
                "receipt": str(self.receipt) if self.receipt else None,
                "warnings": self.warnings}


# --- reading the payload -----------------------------------------------------------------

# Rows of a payload: "i" a version, "e" an event, "b" a batch signature, "k" a key introduced
# (see provenance); the shortest each can be to tell what it is, and what it counts as.
_MIN_LENGTH = {"i": 5, "e": 4, "b": 2, "k": 2}
_COUNTED_AS = {"i": None, "e": "event", "b": "batch", "k": "key"}


def _rows(payload: bytes, header: dict[str, Any], path: Path) -> list[list[Any]]:
    if not payload:
        rows: list[list[Any]] = []
    else:
        try:  # one parse of the whole payload is twice as fast as a parse per line
            rows = json.loads(b"[" + payload.replace(b"\n", b",") + b"]")
        except ValueError:
            raise UserError("sync_damaged", path=path, detail="baris data") from None
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        if (not isinstance(row, list) or not row or row[0] not in _MIN_LENGTH
                or len(row) < _MIN_LENGTH[row[0]]):  # too short to tell what it is
            raise UserError("sync_damaged", path=path, detail="baris data")
        counts[_COUNTED_AS[row[0]] or str(row[4])] += 1
    declared = {k: int(v) for k, v in header.get("counts", {}).items() if int(v)}
    if dict(counts) != declared or len(rows) != int(header.get("rows", -1)):
        raise UserError("sync_counts_mismatch", path=path,
                        detail=f"{dict(counts)} ≠ {declared}")
    return rows


def _valid_item(row: list[Any]) -> bool:
    try:
        _, origin, seq, stamp, kind, key, body = row
    except ValueError:
        return False
    if not (isinstance(origin, str) and isinstance(seq, int) and isinstance(stamp, str)
            and kind in records.ITEM_KINDS and isinstance(key, str)
            and isinstance(body, dict)):
        return False
    if kind == "person":
        f = body.get("f")
        return (isinstance(f, list) and len(f) == len(PERSON_FIELDS) and f[0] == key
                and bool(_NIK.fullmatch(key)) and isinstance(f[3], str)
                and isinstance(f[4], str) and isinstance(f[18], str)
                and isinstance(body.get("base", []), list))
    return True


_TEXT_OR_NONE = (str, type(None))


def _valid_event(row: list[Any]) -> bool:
    if len(row) != 13:
        return False
    _, origin, seq, stamp, nik, kind, reason, note, uo, us, at, by, desk = row
    return (isinstance(origin, str) and isinstance(seq, int) and isinstance(stamp, str)
            and isinstance(nik, str) and isinstance(kind, str) and isinstance(at, str)
            and isinstance(by, str) and isinstance(reason, _TEXT_OR_NONE)
            and isinstance(note, _TEXT_OR_NONE) and isinstance(desk, _TEXT_OR_NONE)
            and ((uo is None and us is None) or (isinstance(uo, str) and isinstance(us, int))))


# --- the import --------------------------------------------------------------------------

def import_file(db: pw.Database, path: Path | str, *, passphrase: str | None,
                now: dt.datetime | None = None, write_receipt: bool = True,
                progress: Progress = no_progress,
                cancel: CancelToken = NEVER_CANCELLED) -> ImportResult:
    """Import a sync file or a receipt meant for this office. Every refusal is a UserError
    raised before anything is written; a data file is applied in one transaction and a
    signed receipt is then written beside it."""
    accounts.require_acting(db, "sync")
    t0 = time.perf_counter()
    path = Path(path)
    when = now or core_clock.now()
    own = office.require_identity(db)
    progress(0, 4, messages.text("sync_progress_verify"))
    data, parsed = envelope.read(path)
    envelope.check_sender(db, parsed, own)  # the signature, before any decryption
    keys = office.unlock(db, passphrase)
    payload = envelope.decrypt(parsed, keys)
    header = parsed.header
    origin = str(header["origin"])
    file_sha = envelope._sha256(data)
    timings = {"verify_decrypt": time.perf_counter() - t0}
    if header["kind"] == "receipt":
        got = receipts.apply_receipt(db, header, payload, path, now=when)
        return ImportResult("receipt", origin, path, acknowledged=got.acknowledged,
                            rejected=len(got.rejected), changes=got.changes)
    if header["kind"] != "data":
        raise UserError("sync_damaged", path=path, detail="jenis berkas")
    with records.gc_paused():
        t1 = time.perf_counter()
        rows = _rows(payload, header, path)
        del payload
        # who wrote each row, before anything is written (refuses the whole file)
        t_check = time.perf_counter()
        checked = provenance.check(db, header, rows, own, path)
        timings["provenance"] = time.perf_counter() - t_check
        timings["parse"] = time.perf_counter() - t1
        cancel.raise_if_cancelled()
        backup.before(db, backup.SYNC_IMPORT)  # not timed: the file's own cost is measured
        progress(1, 4, messages.text("sync_progress_apply"))
        t2 = time.perf_counter()
        timings["apply"] = 0.0  # its parts ("apply.…") follow it
        lap = _stopwatch(timings, "apply.")
        with db.atomic():
            outcome = _apply(db, keys, header, rows, checked, path, when, progress, cancel,
                             lap)
        lap("commit")
        timings["apply"] = time.perf_counter() - t2
    receipt = None
    if write_receipt:
        t3 = time.perf_counter()
        receipt = receipts.write_receipt(
            db, keys, origin, path, file_sha256=file_sha, rejected=outcome.rejected_rows,
            summary=outcome.summary(), now=when)
        with db.atomic():
            db.execute_sql("UPDATE sync_log SET receipt = ? WHERE id = ?",
                           (str(receipt), outcome.log_id))
        timings["receipt"] = time.perf_counter() - t3
    timings["total"] = time.perf_counter() - t0
    return ImportResult(
        "data", origin, path, outcome.new_people, outcome.updated_people, outcome.new_events,
        outcome.new_items, outcome.skipped, outcome.conflicts, len(outcome.rejected_rows),
        outcome.deferred, 0, receipt, outcome.warnings, timings)


@dataclass
class _Outcome:
    new_people: int = 0
    updated_people: int = 0
    new_events: int = 0
    new_items: int = 0
    skipped: int = 0
    conflicts: int = 0
    deferred: int = 0
    rejected_rows: list[list[Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    log_id: int = 0
    seen_people: set[int] = field(default_factory=set)  # inserted or updated data

    def summary(self) -> dict[str, int]:
        return {"new_people": self.new_people, "updated_people": self.updated_people,
                "new_events": self.new_events, "new_items": self.new_items,
                "skipped": self.skipped, "conflicts": self.conflicts,
                "deferred": self.deferred, "rejected": len(self.rejected_rows)}


def _stopwatch(timings: dict[str, float], prefix: str) -> Callable[[str], None]:
    """``lap(name)`` records under ``prefix + name`` the time since the previous lap."""
    last = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal last
        now = time.perf_counter()
        timings[prefix + name] = now - last
        last = now
    return lap


def _apply(db: pw.Database, keys: office.Keys, header: dict[str, Any], rows: list[list[Any]],
           checked: provenance.Checked, path: Path, when: dt.datetime, progress: Progress,
           cancel: CancelToken, lap: Callable[[str], None]) -> _Outcome:
    conn = db.connection()
    own = keys.office.office_id
    out = _Outcome()
    at = when.isoformat(timespec="seconds")
    hlc_clock = hlc_mod.Clock.load(db)
    out.warnings += hlc_mod.skew_warnings(
        when, clock_last=hlc_clock.last, peer=str(header.get("origin_name") or header["origin"]),
        peer_now=_parse_time(header.get("created_at")))
    records.stamp(db, own, hlc_clock, when)
    provenance.sign_new(conn, keys)
    provenance.store(conn, checked)
    lap("stamp")
    items, events, deferred_seqs = [], [], defaultdict(list)
    for row in rows:
        if row[0] not in ("i", "e") or row[1] == own:
            continue  # signatures (checked), or our own rows back through a relay
        if row[0] == "i" and _valid_item(row):
            items.append(row)
        elif row[0] == "e" and _valid_event(row):
            events.append(row)
        else:
            out.rejected_rows.append([row[1], row[2], messages.text(
                "sync_reason_invalid", origin=row[1], seq=row[2])])
    max_stamp = max((str(r[3]) for r in chain(items, events)), default=None)
    lap("check")
    cancel.raise_if_cancelled()
    versions = _apply_items(conn, items, out, at, checked.items)
    # other offices' calls this file brings: the people they are about are read at once
    calls.refresh(conn, (row[6].get("nik") for row in items
                         if row[4] in calls.CALL_ITEM_KINDS
                         and isinstance(row[6].get("nik"), str)))
    lap("items")
    cancel.raise_if_cancelled()
    people = _choose_people(db, conn, own, header, versions, out, at)
    new_events, appended = _new_events(conn, events, people.ids, out, deferred_seqs)
    lap("plan")
    cancel.raise_if_cancelled()
    fresh = _insert_people(conn, people, appended, at, out)
    records.insert_many(conn, "event", _EVENT_COLUMNS, new_events)
    out.new_events = len(new_events)
    lap("insert")
    progress(2, 4, messages.text("sync_progress_fold"))
    _refold(conn, own, header, (set(people.ids.values()) | appended.keys())
            - people.inserts.keys(), fresh, out, at)
    lap("fold")
    for origin_, seq, reason in out.rejected_rows:
        conn.execute("INSERT OR REPLACE INTO sync_rejected (origin, seq, file, reason, at) "
                     "VALUES (?, ?, ?, ?, ?)", (origin_, seq, path.name, reason, at))
    _advance(conn, own, header, deferred_seqs)
    if max_stamp is not None:
        hlc_clock.observe(max_stamp)
        out.warnings += hlc_mod.skew_warnings(when, clock_last=max_stamp)
    hlc_clock.save(db)
    flagged = audit_heads.check_incoming(db, header, path.name, at)
    if flagged:
        out.warnings.append(flagged)
    out.warnings = list(dict.fromkeys(out.warnings))
    audit.record(db, accounts.acting_name(db), "sinkron_impor",
                 origin=header["origin"], file=path.name, summary=out.summary(),
                 audit_flagged=bool(flagged))
    cursor = conn.execute(
        "INSERT INTO sync_log (at, direction, peer, file, rows, new, updated, skipped, "
        "conflicts, rejected, deferred, detail) VALUES (?, 'import', ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?)",
        (at, header["origin"], str(path), len(rows), out.new_people + out.new_events
         + out.new_items, out.updated_people, out.skipped, out.conflicts,
         len(out.rejected_rows), out.deferred,
         json.dumps({"summary": out.summary(), "warnings": out.warnings,
                     "rejected": out.rejected_rows[:1000]}, ensure_ascii=False)))
    out.log_id = int(cursor.lastrowid or 0)
    progress(3, 4, messages.text("sync_progress_fold"))
    return out


def _parse_time(text: object) -> dt.datetime | None:
    try:
        when = dt.datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


Key = tuple[str, int]  # (origin, seq): a row's identity everywhere


def _stored(conn: Any, sql: str, keys: dict[Key, Any]) -> list[tuple[Any, ...]]:
    """The rows already here among ``keys``: ``sql`` selects (origin, seq, …) for an origin
    and a range of seqs; a file holds ranges, so one scan of an index per origin."""
    seqs: dict[str, list[int]] = defaultdict(list)
    for origin, seq in keys:
        seqs[origin].append(seq)
    return [row for origin in sorted(seqs)
            for row in conn.execute(sql, (origin, min(seqs[origin]), max(seqs[origin])))
            if (row[0], row[1]) in keys]


def _refuse(out: _Outcome, origin: str, seq: int) -> None:
    out.rejected_rows.append([origin, seq, messages.text("sync_reason_mismatch",
                                                         origin=origin, seq=seq)])


def _apply_items(conn: Any, items: list[list[Any]], out: _Outcome, at: str,
                 texts: dict[Key, tuple[str, str]] | None = None) -> list[list[Any]]:
    """Store new versions (``texts``: each one's canonical body and digest, when worked
    out already as the file was checked); returns the rows of the new person versions."""
    incoming: dict[Key, tuple[list[Any], str, str]] = {}  # row, canonical body, digest
    for row in items:
        _, origin, seq, stamp, kind, key, body = row
        if (origin, seq) in incoming:
            continue  # a row twice in one file: the first counts
        if texts is not None and (origin, seq) in texts:
            text, digest = texts[(origin, seq)]
        else:
            text = records.canonical(body)
            digest = records.item_digest(origin, seq, stamp, kind, key, text)
        incoming[(origin, seq)] = (row, text, digest)
    for origin, seq, digest in _stored(
            conn, "SELECT origin, seq, digest FROM sync_item WHERE origin = ? "
            "AND seq BETWEEN ? AND ? ORDER BY seq", incoming):
        if incoming.pop((origin, seq))[2] == digest:
            out.skipped += 1
        else:
            _refuse(out, origin, seq)
    records.insert_many(
        conn, "sync_item", records.ITEM_COLUMNS,
        [(origin, seq, row[4], row[5], row[3], digest, text, at)
         for (origin, seq), (row, text, digest) in sorted(incoming.items())])
    out.new_items = len(incoming)
    return [row for row, _, _ in incoming.values() if row[4] == "person"]


@dataclass
class _People:
    """The people a file brings versions of: their ids by NIK (for people new here, the
    ids their rows get when inserted) and, for those, the version chosen (fields, origin,
    seq, hlc)."""

    ids: dict[str, int] = field(default_factory=dict)
    inserts: dict[int, tuple[Any, ...]] = field(default_factory=dict)


def _choose_people(db: pw.Database, conn: Any, own: str, header: dict[str, Any],
                   versions_in: list[list[Any]], out: _Outcome, at: str) -> _People:
    """Choose each person's version among all known (:func:`records.choose`); people here
    are brought to it now, people new here are returned to insert."""
    new: dict[str, list[list[Any]]] = defaultdict(list)
    for row in versions_in:
        new[row[5]].append(row)
    people = _People()
    if not new:
        return people
    niks = sorted(new)  # people new here get their ids in NIK order
    wanted = json.dumps(niks)
    here = {r[0]: r[1:] for r in conn.execute(
        "SELECT nik, id, origin, origin_seq, name_norm FROM person "
        "WHERE nik IN (SELECT value FROM json_each(?))", (wanted,))}
    # A person new here with a single version needs no choice: that version is theirs.
    versions = records.load_versions(conn, here.keys() | {r[0] for r in conn.execute(
        "SELECT key FROM sync_item WHERE kind = 'person' AND key IN (SELECT value FROM "
        "json_each(?)) GROUP BY key HAVING count(*) > 1", (wanted,))})
    acked_own = _acked(conn, str(header["origin"]), own)
    next_id = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM person").fetchone()[0]
    updates, renamed, conflicts = [], [], []
    for nik in niks:
        if nik in versions:
            won, losers = records.choose(versions[nik])
            conflicts += [(at, nik, "person", won.origin, won.seq, loser.origin, loser.seq,
                           int(loser.origin == own and loser.seq > acked_own),
                           json.dumps({"winner_owned": won.owned, "loser_owned": loser.owned}))
                          for loser in losers if loser.fields != won.fields]
            chosen = (won.fields, won.origin, won.seq, won.hlc)
        else:
            row = new[nik][0]
            chosen = (row[6]["f"], row[1], row[2], row[3])
        if nik not in here:
            people.ids[nik] = next_id
            people.inserts[next_id] = chosen
            next_id += 1
            continue
        person_id, origin, seq, name_norm = here[nik]
        people.ids[nik] = person_id
        fields, w_origin, w_seq, w_hlc = chosen
        if (origin, seq) != (w_origin, w_seq):
            updates.append((*fields[1:], w_origin, w_seq, w_hlc, at, person_id))
            if name_norm != fields[4]:
                renamed.append((person_id, name_norm, fields[4]))
    conn.executemany(
        "UPDATE person SET " + ", ".join(f"{c} = ?" for c in PERSON_FIELDS[1:])
        + ", origin = ?, origin_seq = ?, hlc = ?, updated_at = ? WHERE id = ?", updates)
    # names of people already in the search index: keep the index true
    upto = search.indexed_upto(db)
    for person_id, old, new_name in renamed:
        if person_id <= upto:
            search.reindex_name(db, person_id, old, new_name)
    out.updated_people += len(updates)
    out.conflicts += records.insert_conflicts(conn, conflicts)
    out.seen_people |= people.inserts.keys() | {u[-1] for u in updates}
    return people


def _insert_people(conn: Any, people: _People, appended: dict[int, list[tuple[Any, ...]]],
                   at: str, out: _Outcome) -> list[Folded]:
    """Insert the people new here. They have no events but those this file appends: folded
    now, they are inserted with their status (rather than every new row written twice).
    Returns those folds."""
    nik_of = {person_id: nik for nik, person_id in people.ids.items()}
    fresh = {pid: folded(pid, nik_of[pid], START, appended[pid])
             for pid in people.inserts.keys() & appended.keys()}
    records.insert_many(
        conn, "person", ("id", *PERSON_FIELDS, "origin", "origin_seq", "hlc", "created_at",
                         "updated_at", "status"),
        [(pid, *map(records.to_null, fields, fields), origin, seq, stamp, at, at,
          fresh[pid].status if pid in fresh else START)
         for pid, (fields, origin, seq, stamp) in people.inserts.items()])
    out.new_people += len(people.inserts)
    return [f._replace(cached=f.status) for f in fresh.values()]


def _acked(conn: Any, peer: str, own: str) -> int:
    row = conn.execute("SELECT seq FROM sync_ack WHERE peer = ? AND origin = ?",
                       (peer, own)).fetchone()
    return int(row[0]) if row else 0


# The columns of an appended event, the first five as status.folds reads them.
_EVENT_COLUMNS = ("id", "kind", "origin", "undoes", "origin_seq", "person_id", "reason", "note",
                  "at", "by_user", "desk", "hlc")


def _new_events(conn: Any, events: list[list[Any]], people: dict[str, int], out: _Outcome,
                deferred: dict[str, list[int]]
                ) -> tuple[list[tuple[Any, ...]], dict[int, list[tuple[Any, ...]]]]:
    """The rows to append (:data:`_EVENT_COLUMNS`), in HLC order with their local ids, and
    the same rows per person (``people``: ids of the people the file brings, inserted or
    not yet)."""
    incoming: dict[Key, list[Any]] = {}
    for row in events:
        incoming.setdefault((row[1], row[2]), row)  # a row twice in one file: the first counts
    for stored in _stored(conn, f"SELECT {records.EVENT_COLUMNS} {records.EVENTS_FROM}",
                          incoming):
        row = incoming.pop((stored[0], stored[1]))
        if tuple(row[3:]) == stored[2:]:
            out.skipped += 1
        else:
            _refuse(out, row[1], row[2])
    niks = {row[4] for row in incoming.values()}
    person_ids = people | dict(conn.execute(
        "SELECT nik, id FROM person WHERE nik IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(niks - people.keys())),)))
    undoes = {k: (row[8], row[9]) for k, row in incoming.items() if row[8] is not None}
    here = {}  # events named by an undo that are here already: their ids
    for origin, seq in set(undoes.values()):
        found = conn.execute("SELECT id FROM event WHERE origin = ? AND origin_seq = ?",
                             (origin, seq)).fetchone()
        if found:
            here[(origin, seq)] = found[0]
    # rows whose person or undone event is not here yet wait for a later file (an undo of
    # a waiting undo waits too)
    waiting = ({k for k, row in incoming.items() if row[4] not in person_ids}
               if niks - person_ids.keys() else set())
    while late := {k for k, target in undoes.items() if k not in waiting and target not in here
                   and (target not in incoming or target in waiting)}:
        waiting |= late
    for origin, seq in waiting:
        deferred[origin].append(seq)
    out.deferred += len(waiting)
    # in HLC order, so local ids follow the clock within a file
    order = sorted((row for k, row in incoming.items() if k not in waiting) if waiting
                   else incoming.values(), key=lambda r: (r[3], r[1], r[2]))
    first_id = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM event").fetchone()[0]
    targets = set(undoes.values()) - here.keys()
    ids = here | {(r[1], r[2]): i for i, r in enumerate(order, first_id)
                  if (r[1], r[2]) in targets} if targets else here
    rows, appended = [], defaultdict(list)
    null = records.to_null  # (and NULL for no undo: the fold never matches it to an id)
    for event_id, r in enumerate(order, first_id):
        person_id = person_ids[r[4]]
        row = (event_id, r[5], r[1], ids[(r[8], r[9])] if r[8] is not None else records.NULL,
               r[2], person_id, null(r[6], r[6]), null(r[7], r[7]), r[10], r[11],
               null(r[12], r[12]), r[3])
        rows.append(row)
        appended[person_id].append(row)
    return rows, appended


def _refold(conn: Any, own: str, header: dict[str, Any], person_ids: set[int],
            fresh: list[Folded], out: _Outcome, at: str) -> None:
    """Recompute the status of the touched people from all their events in HLC order
    (``fresh``: the people new here, folded already); list the set-backs overruled."""
    changed, conflicts = records.refold(
        conn, chain(fresh, folds(conn, person_ids)), own=own,
        acked_own=_acked(conn, str(header["origin"]), own), at=at)
    out.conflicts += conflicts
    # "updated" also counts people whose status changed, beyond those whose data changed
    out.updated_people += len(changed - out.seen_people)


def _advance(conn: Any, own: str, header: dict[str, Any],
             deferred: dict[str, list[int]]) -> None:
    """Move each origin's high-water mark to the end of the file's range, unless the file
    starts after a gap, and never past a deferred row."""
    origins = header.get("contents", {}).get("origins", {})
    for origin, (first, last) in origins.items():
        if origin == own:
            continue
        conn.execute("INSERT OR IGNORE INTO sync_origin (origin) VALUES (?)", (origin,))
        current = conn.execute("SELECT applied FROM sync_origin WHERE origin = ?",
                               (origin,)).fetchone()[0]
        if int(first) > current + 1:
            continue  # a gap before this file: the next file from the sender fills it
        upto = int(last)
        if deferred.get(origin):
            upto = min(upto, min(deferred[origin]) - 1)
        if upto > current:
            conn.execute("UPDATE sync_origin SET applied = ? WHERE origin = ?",
                         (upto, origin))


def rewrite_receipt(db: pw.Database, imported: Path | str, *, passphrase: str | None,
                    now: dt.datetime | None = None, out_dir: Path | str | None = None) -> Path:
    """Write the receipt for an imported file again (lost, or its folder was read-only:
    then into ``out_dir``)."""
    accounts.require_acting(db, "sync")
    path = Path(imported)
    data, parsed = envelope.read(path)
    keys = office.unlock(db, passphrase)
    envelope.check_sender(db, parsed, keys.office)
    return receipts.write_receipt(db, keys, str(parsed.header["origin"]), path,
                                  file_sha256=envelope._sha256(data), rejected=[],
                                  summary={}, now=now or core_clock.now(),
                                  out_dir=Path(out_dir) if out_dir is not None else None)
