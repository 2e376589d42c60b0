"""Import: verify, decrypt, check, then apply a sync file in ONE transaction.

- rows already here (same origin and seq) are skipped; the same identity with different
  content is refused and reported (``sync_rejected``), never overwritten;
- people: every version is kept (``sync_item``); the person row shows the version chosen by
  :func:`records.choose` (owner's kecamatan office, then HLC), the same choice at every
  office whatever order files came in; overruled versions are listed in ``sync_conflict``;
- events are appended; each touched person's status is refolded in HLC order
  (:func:`records.fold`): a recorded person is never set back by a no-show from elsewhere;
- local changes are stamped first, so what this office changed and has not sent yet takes
  part in the choice like any version and, if overruled, is listed for review;
- a row that needs a person or an event not here yet is *deferred*: the high-water mark
  stops before it, so the receipt makes the sender send it again.

A crash or a kill at any point leaves the database as before (SQLite's transaction); the
receipt is written after the commit.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import peewee as pw

from ektp_desk.core import clock as core_clock
from ektp_desk.core import messages, search
from ektp_desk.core.errors import UserError
from ektp_desk.core.jobs import NEVER_CANCELLED, CancelToken, Changes, Progress, no_progress
from ektp_desk.core.sync import envelope, office, receipts, records
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
        if not isinstance(row, list) or not row or row[0] not in ("i", "e"):
            raise UserError("sync_damaged", path=path, detail="baris data")
        counts["event" if row[0] == "e" else str(row[4])] += 1
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


def _valid_event(row: list[Any]) -> bool:
    if len(row) != 13:
        return False
    _, origin, seq, stamp, nik, kind, _reason, _note, uo, us, at, by, _desk = row
    return (isinstance(origin, str) and isinstance(seq, int) and isinstance(stamp, str)
            and isinstance(nik, str) and isinstance(kind, str) and isinstance(at, str)
            and isinstance(by, str) and (uo is None) == (us is None))


# --- the import --------------------------------------------------------------------------

def import_file(db: pw.Database, path: Path | str, *, passphrase: str | None,
                now: dt.datetime | None = None, write_receipt: bool = True,
                progress: Progress = no_progress,
                cancel: CancelToken = NEVER_CANCELLED) -> ImportResult:
    """Import a sync file or a receipt meant for this office. Every refusal is a UserError
    raised before anything is written; a data file is applied in one transaction and a
    signed receipt is then written beside it."""
    import time

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
    t1 = time.perf_counter()
    rows = _rows(payload, header, path)
    del payload
    timings["parse"] = time.perf_counter() - t1
    cancel.raise_if_cancelled()
    progress(1, 4, messages.text("sync_progress_apply"))
    t2 = time.perf_counter()
    with db.atomic():
        outcome = _apply(db, own.office_id, header, rows, path, when, progress, cancel)
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


def _temp(conn: Any, name: str, columns: str) -> None:
    conn.execute(f"DROP TABLE IF EXISTS temp.{name}")
    conn.execute(f"CREATE TEMP TABLE {name} ({columns})")


def _apply(db: pw.Database, own: str, header: dict[str, Any], rows: list[list[Any]],
           path: Path, when: dt.datetime, progress: Progress, cancel: CancelToken
           ) -> _Outcome:
    conn = db.connection()
    out = _Outcome()
    at = when.isoformat(timespec="seconds")
    hlc_clock = hlc_mod.Clock.load(db)
    out.warnings += hlc_mod.skew_warnings(
        when, clock_last=hlc_clock.last, peer=str(header.get("origin_name") or header["origin"]),
        peer_now=_parse_time(header.get("created_at")))
    records.stamp(db, own, hlc_clock, when)
    items, events, deferred_seqs = [], [], defaultdict(list)
    for row in rows:
        if row[1] == own:
            continue  # our own rows coming back through a relay: we have them
        if row[0] == "i" and _valid_item(row):
            items.append(row)
        elif row[0] == "e" and _valid_event(row):
            events.append(row)
        else:
            out.rejected_rows.append([row[1], row[2], messages.text(
                "sync_reason_invalid", origin=row[1], seq=row[2])])
    max_stamp = max((str(r[3]) for r in rows), default=None)
    cancel.raise_if_cancelled()
    touched_niks = _apply_items(conn, items, out, at)
    cancel.raise_if_cancelled()
    bodies = {(r[1], r[2]): r[6] for r in items if r[4] == "person"}
    person_ids = _apply_people(db, conn, own, header, touched_niks, out, at, bodies)
    cancel.raise_if_cancelled()
    person_ids |= _apply_events(conn, events, out, deferred_seqs)
    cancel.raise_if_cancelled()
    progress(2, 4, messages.text("sync_progress_fold"))
    _refold(conn, own, header, person_ids, out, at)
    for origin_, seq, reason in out.rejected_rows:
        conn.execute("INSERT OR REPLACE INTO sync_rejected (origin, seq, file, reason, at) "
                     "VALUES (?, ?, ?, ?, ?)", (origin_, seq, path.name, reason, at))
    _advance(conn, own, header, deferred_seqs)
    if max_stamp is not None:
        hlc_clock.observe(max_stamp)
        out.warnings += hlc_mod.skew_warnings(when, clock_last=max_stamp)
    hlc_clock.save(db)
    out.warnings = list(dict.fromkeys(out.warnings))
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


def _apply_items(conn: Any, items: list[list[Any]], out: _Outcome, at: str) -> set[str]:
    """Store new versions; returns the NIKs whose person versions changed."""
    if not items:
        return set()
    _temp(conn, "inc_item", "origin TEXT, seq INTEGER, hlc TEXT, kind TEXT, key TEXT, "
                            "digest TEXT, body TEXT, PRIMARY KEY (origin, seq)")
    rows = []
    for _, origin, seq, stamp, kind, key, body in items:
        text = records.canonical(body)
        rows.append((origin, seq, stamp, kind, key,
                     records.item_digest(origin, seq, stamp, kind, key, text), text))
    conn.executemany("INSERT OR IGNORE INTO temp.inc_item VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    for origin, seq, same in conn.execute(
            "SELECT i.origin, i.seq, s.digest = i.digest FROM temp.inc_item i "
            "JOIN sync_item s ON s.origin = i.origin AND s.seq = i.seq"):
        if same:
            out.skipped += 1
        else:
            out.rejected_rows.append([origin, seq, messages.text(
                "sync_reason_mismatch", origin=origin, seq=seq)])
    niks = {r[0] for r in conn.execute(
        "SELECT i.key FROM temp.inc_item i WHERE i.kind = 'person' AND NOT EXISTS "
        "(SELECT 1 FROM sync_item s WHERE s.origin = i.origin AND s.seq = i.seq)")}
    cursor = conn.execute(
        "INSERT INTO sync_item (origin, seq, kind, key, hlc, digest, body, received_at) "
        "SELECT origin, seq, kind, key, hlc, digest, body, ? FROM temp.inc_item i "
        "WHERE NOT EXISTS (SELECT 1 FROM sync_item s WHERE s.origin = i.origin "
        "AND s.seq = i.seq)", (at,))
    out.new_items = cursor.rowcount
    conn.execute("DROP TABLE temp.inc_item")
    return niks


def _apply_people(db: pw.Database, conn: Any, own: str, header: dict[str, Any],
                  niks: set[str], out: _Outcome, at: str,
                  bodies: dict[tuple[str, int], dict[str, Any]]) -> set[int]:
    """Bring each touched person's row to its chosen version; returns the person ids."""
    if not niks:
        return set()
    versions = records.load_versions(conn, niks, bodies)
    current = {r[1]: (r[0], r[2], r[3], r[4]) for r in conn.execute(
        "SELECT p.id, p.nik, p.origin, p.origin_seq, p.name_norm FROM temp.want_nik w "
        "JOIN person p ON p.nik = w.nik")}
    acked_own = _acked(conn, str(header["origin"]), own)
    inserts, updates, renamed, conflicts = [], [], [], []
    for nik in sorted(niks):
        winner, losers = records.choose(versions[nik])
        for loser in losers:
            if loser.fields != winner.fields:
                conflicts.append((at, nik, "person", winner.origin, winner.seq, loser.origin,
                                  loser.seq, int(loser.origin == own and loser.seq > acked_own),
                                  json.dumps({"winner_owned": winner.owned,
                                              "loser_owned": loser.owned})))
        cur = current.get(nik)
        if cur is None:
            inserts.append((*winner.fields, winner.origin, winner.seq, winner.hlc, at, at))
        elif (cur[1], cur[2]) != winner.ident:
            updates.append((*winner.fields[1:], winner.origin, winner.seq, winner.hlc, at,
                            cur[0]))
            if cur[3] != winner.fields[4]:
                renamed.append((cur[0], cur[3], winner.fields[4]))
    cols = ", ".join(PERSON_FIELDS)
    conn.executemany(
        f"INSERT INTO person ({cols}, origin, origin_seq, hlc, created_at, updated_at) "
        f"VALUES ({', '.join('?' * (len(PERSON_FIELDS) + 5))})", inserts)
    conn.executemany(
        "UPDATE person SET " + ", ".join(f"{c} = ?" for c in PERSON_FIELDS[1:])
        + ", origin = ?, origin_seq = ?, hlc = ?, updated_at = ? WHERE id = ?", updates)
    # names of people already in the search index: keep the index true
    upto = search.indexed_upto(db)
    for person_id, old, new in renamed:
        if person_id <= upto:
            search.reindex_name(db, person_id, old, new)
    out.new_people += len(inserts)
    out.updated_people += len(updates)
    out.conflicts += records.insert_conflicts(conn, conflicts)
    changed = {nik for nik in niks if nik not in current} | {
        nik for nik, cur in current.items() if cur[0] in {u[-1] for u in updates}}
    ids = {}
    for person_id, nik in conn.execute(
            "SELECT p.id, p.nik FROM temp.want_nik w JOIN person p ON p.nik = w.nik"):
        ids[person_id] = nik
    out.seen_people |= {pid for pid, nik in ids.items() if nik in changed}
    return set(ids)


def _acked(conn: Any, peer: str, own: str) -> int:
    row = conn.execute("SELECT seq FROM sync_ack WHERE peer = ? AND origin = ?",
                       (peer, own)).fetchone()
    return int(row[0]) if row else 0


_EVENT_COLUMNS = ("origin TEXT, seq INTEGER, hlc TEXT, nik TEXT, kind TEXT, reason TEXT, "
                  "note TEXT, uo TEXT, us INTEGER, at TEXT, by_user TEXT, desk TEXT, "
                  "state TEXT NOT NULL DEFAULT 'new', PRIMARY KEY (origin, seq)")


def _apply_events(conn: Any, events: list[list[Any]], out: _Outcome,
                  deferred: dict[str, list[int]]) -> set[int]:
    """Append new events (set-based SQL: this is the bulk path); returns the person ids
    that got events."""
    if not events:
        return set()
    _temp(conn, "inc_event", _EVENT_COLUMNS)
    conn.executemany("INSERT OR IGNORE INTO temp.inc_event (origin, seq, hlc, nik, kind, "
                     "reason, note, uo, us, at, by_user, desk) VALUES "
                     "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (r[1:] for r in events))
    marks = []
    for origin, seq, same in conn.execute(
            "SELECT i.origin, i.seq, (e.hlc IS i.hlc AND p.nik IS i.nik AND e.kind IS i.kind "
            "AND e.reason IS i.reason AND e.note IS i.note AND u.origin IS i.uo "
            "AND u.origin_seq IS i.us AND e.at IS i.at AND e.by_user IS i.by_user "
            "AND e.desk IS i.desk) FROM temp.inc_event i "
            "JOIN event e ON e.origin = i.origin AND e.origin_seq = i.seq "
            "JOIN person p ON p.id = e.person_id LEFT JOIN event u ON u.id = e.undoes"):
        if same:
            out.skipped += 1
            marks.append(("skip", origin, seq))
        else:
            out.rejected_rows.append([origin, seq, messages.text(
                "sync_reason_mismatch", origin=origin, seq=seq)])
            marks.append(("reject", origin, seq))
    conn.executemany("UPDATE temp.inc_event SET state = ? WHERE origin = ? AND seq = ?", marks)
    # rows whose person or undone event is not here yet wait for a later file
    conn.execute("UPDATE temp.inc_event SET state = 'defer' WHERE state = 'new' AND NOT "
                 "EXISTS (SELECT 1 FROM person p WHERE p.nik = temp.inc_event.nik)")
    while True:  # an undo of a deferred undo is deferred too
        cursor = conn.execute(
            "UPDATE temp.inc_event SET state = 'defer' WHERE state = 'new' AND uo IS NOT NULL "
            "AND NOT EXISTS (SELECT 1 FROM event u WHERE u.origin = temp.inc_event.uo "
            "AND u.origin_seq = temp.inc_event.us) AND NOT EXISTS (SELECT 1 FROM "
            "temp.inc_event j WHERE j.origin = temp.inc_event.uo "
            "AND j.seq = temp.inc_event.us AND j.state = 'new')")
        if cursor.rowcount == 0:
            break
    for origin, seq in conn.execute("SELECT origin, seq FROM temp.inc_event "
                                    "WHERE state = 'defer'"):
        deferred[origin].append(seq)
        out.deferred += 1
    # in HLC order, so local ids follow the clock within a file
    cursor = conn.execute(
        "INSERT INTO event (person_id, kind, reason, note, at, by_user, desk, origin, "
        "origin_seq, hlc) SELECT p.id, i.kind, i.reason, i.note, i.at, i.by_user, i.desk, "
        "i.origin, i.seq, i.hlc FROM temp.inc_event i JOIN person p ON p.nik = i.nik "
        "WHERE i.state = 'new' ORDER BY i.hlc, i.origin, i.seq")
    out.new_events = cursor.rowcount
    conn.execute(
        "UPDATE event SET undoes = (SELECT u.id FROM event u WHERE u.origin = i.uo "
        "AND u.origin_seq = i.us) FROM temp.inc_event i WHERE i.state = 'new' "
        "AND i.uo IS NOT NULL AND event.origin = i.origin AND event.origin_seq = i.seq")
    ids = {r[0] for r in conn.execute(
        "SELECT DISTINCT p.id FROM temp.inc_event i JOIN person p ON p.nik = i.nik "
        "WHERE i.state = 'new'")}
    conn.execute("DROP TABLE temp.inc_event")
    return ids


def _refold(conn: Any, own: str, header: dict[str, Any], person_ids: set[int],
            out: _Outcome, at: str) -> None:
    """Recompute the status of the touched people from all their events in HLC order."""
    changed, conflicts = records.refold(conn, person_ids, own=own,
                                        acked_own=_acked(conn, str(header["origin"]), own),
                                        at=at)
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
                    now: dt.datetime | None = None) -> Path:
    """Write the receipt for an imported file again (e.g. the folder was read-only)."""
    path = Path(imported)
    data, parsed = envelope.read(path)
    keys = office.unlock(db, passphrase)
    envelope.check_sender(db, parsed, keys.office)
    return receipts.write_receipt(db, keys, str(parsed.header["origin"]), path,
                                  file_sha256=envelope._sha256(data), rejected=[],
                                  summary={}, now=now or core_clock.now())
