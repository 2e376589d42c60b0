"""Export: one file for one office holding everything it has not acknowledged.

For every origin office (ourselves, and for the city office the kecamatan offices whose
rows it relays) the file holds the rows after what the recipient acknowledged, up to what
this database holds without a gap. The recipient's own rows never go back to it.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import peewee as pw

from ektp_desk.core import accounts, audit, messages
from ektp_desk.core import clock as core_clock
from ektp_desk.core.errors import UserError
from ektp_desk.core.jobs import NEVER_CANCELLED, CancelToken, Changes, Progress, no_progress
from ektp_desk.core.sync import audit_heads, envelope, office, provenance, records
from ektp_desk.core.sync import hlc as hlc_mod

messages.register({
    "sync_progress_stamp": ("Menyiapkan perubahan", "Preparing changes"),
    "sync_progress_collect": ("Mengumpulkan data", "Collecting data"),
    "sync_progress_seal": ("Mengenkripsi dan menandatangani", "Encrypting and signing"),
    "sync_progress_write": ("Menulis dan memeriksa berkas", "Writing and verifying the file"),
    "sync_peer_retired": (
        "Kunci kantor {office_id} sudah dipensiunkan; percayai kartunya yang baru dulu.",
        "The key of office {office_id} was retired; trust its new card first."),
})

CHUNK = 20_000


@dataclass(frozen=True)
class ExportResult:
    file: Path
    rows: int
    counts: dict[str, int]
    verified: bool
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    changes: Changes = field(
        default_factory=lambda: Changes(tables=frozenset({"sync_log"})))

    def as_json(self) -> dict[str, object]:
        return {"file": str(self.file), "rows": self.rows, "counts": self.counts,
                "verified": self.verified, "warnings": self.warnings}


def utc_stamp(now: dt.datetime) -> str:
    return now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def file_name(origin: str, recipient: str, first: int, last: int, now: dt.datetime) -> str:
    return f"{origin}_{recipient}_{first}-{last}_{utc_stamp(now)}{envelope.SUFFIX}"


def _ranges(conn: sqlite3.Connection, own: office.OfficeInfo, recipient: str
            ) -> dict[str, tuple[int, int]]:
    """origin → (first, last) seq to send: after the recipient's acknowledgement, up to what
    this database holds signed without a gap. A kecamatan office sends only its own rows;
    the city relays every office's; nobody sends the recipient its own rows back."""
    out = {}
    for origin, last_seq, applied, acked in conn.execute(
            "SELECT o.origin, o.last_seq, o.applied, coalesce(a.seq, 0) FROM sync_origin o "
            "LEFT JOIN sync_ack a ON a.peer = ? AND a.origin = o.origin "
            "WHERE o.origin != ?", (recipient, recipient)):
        if origin != own.office_id and own.kind != "kota":
            continue
        upto = provenance.covered_upto(conn, origin, acked + 1,
                                       last_seq if origin == own.office_id else applied)
        if upto > acked:
            out[origin] = (acked + 1, upto)
    return out


def _sendable(conn: sqlite3.Connection, own: office.OfficeInfo, recipient: str
              ) -> dict[str, int]:
    """origin → up to where this office may send its rows at all (held and signed)."""
    return {origin: provenance.covered_upto(
                conn, origin, 1, last_seq if origin == own.office_id else applied)
            for origin, last_seq, applied in conn.execute(
                "SELECT origin, last_seq, applied FROM sync_origin WHERE origin != ?",
                (recipient,))}


# The NIK a stored version is about: a person's key, or the "nik" of a summons or letter.
ITEM_NIK = "CASE kind WHEN 'person' THEN key ELSE json_extract(body, '$.nik') END"
_ITEMS = (f"SELECT seq, kind, key, hlc, body, {ITEM_NIK} FROM sync_item "
          "WHERE origin = ? AND seq BETWEEN ? AND ?")
_EVENTS = (f"SELECT e.origin_seq, json_array('e', {records.EVENT_COLUMNS}), p.nik "
           f"{records.EVENTS_RANGE}")


def scope_for(conn: sqlite3.Connection, peer: office.Peer) -> None:
    """Fill ``temp.scope`` with the NIKs a kecamatan office is sent: the people of its
    kecamatan, the people summoned to its locations or on visits there, and the people it
    wrote about itself (served at its desk, edited there). Nobody else's personal data
    leaves the city office for it."""
    run = conn.execute
    run("DROP TABLE IF EXISTS temp.scope")
    run("CREATE TEMP TABLE scope (nik TEXT PRIMARY KEY)")
    run("INSERT OR IGNORE INTO temp.scope SELECT nik FROM person WHERE kecamatan_code = ?",
        (peer.code,))
    run("INSERT OR IGNORE INTO temp.scope SELECT json_extract(body, '$.nik') FROM sync_item "
        "WHERE kind IN ('summons', 'visit_person') "
        "AND json_extract(body, '$.kecamatan_code') = ? "
        "AND json_extract(body, '$.nik') IS NOT NULL", (peer.code,))
    run(f"INSERT OR IGNORE INTO temp.scope SELECT {ITEM_NIK} FROM sync_item "
        f"WHERE origin = ? AND {ITEM_NIK} IS NOT NULL", (peer.office_id,))
    run("INSERT OR IGNORE INTO temp.scope SELECT p.nik FROM event e JOIN person p "
        "ON p.id = e.person_id WHERE e.origin = ?", (peer.office_id,))


class _Collect:
    """The rows of a file as they are gathered: their lines, which (origin, seq) they are,
    and the NIKs they are about."""

    def __init__(self, conn: sqlite3.Connection, counts: dict[str, int]) -> None:
        self.conn = conn
        self.counts = counts
        self.lines: list[str] = []
        self.included: dict[str, set[int]] = {}
        self.niks: set[str] = set()
        self.dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

    def add(self, origin: str, first: int, last: int, where: str = "") -> None:
        """The rows of ``origin`` from ``first`` to ``last`` not gathered yet; ``where``
        narrows them by ``{nik}``."""
        o = self.dumps(origin)
        seqs = self.included.setdefault(origin, set())
        for seq, kind, key, stamp, body, nik in self.conn.execute(
                f"{_ITEMS}{where.format(nik=ITEM_NIK)} ORDER BY seq", (origin, first, last)):
            if seq in seqs:
                continue
            seqs.add(seq)
            self.niks.add(nik)
            # the stored canonical body goes out as it is: no parse, no re-encode
            self.lines.append(f'["i",{o},{seq},"{stamp}",{self.dumps(kind)},'
                              f'{self.dumps(key)},{body}]')
            self.counts[kind] = self.counts.get(kind, 0) + 1
        # events are plain values: SQLite writes their JSON (3 times faster than Python)
        rows = [r for r in self.conn.execute(
            f"{_EVENTS}{where.format(nik='p.nik')} ORDER BY e.origin_seq",
            (origin, first, last)) if r[0] not in seqs]
        if rows:
            seqs.update(r[0] for r in rows)
            self.niks.update(r[2] for r in rows)
            self.lines += (r[1] for r in rows)
            self.counts["event"] = self.counts.get("event", 0) + len(rows)


def _lines(conn: sqlite3.Connection, ranges: dict[str, tuple[int, int]],
           counts: dict[str, int], cancel: CancelToken, *, scoped: bool,
           sendable: dict[str, int]) -> tuple[list[str], dict[str, set[int]]]:
    rows = _Collect(conn, counts)
    where = " AND {nik} IN (SELECT nik FROM temp.scope)" if scoped else ""
    for origin, (first, last) in sorted(ranges.items()):
        cancel.raise_if_cancelled()
        rows.add(origin, first, last, where)
    if scoped:
        # A person comes into scope (summoned here, or moved here) after rows about them
        # were left out: every person with a new row brings their whole history along.
        # Rows the recipient holds already are skipped there.
        conn.execute("DROP TABLE IF EXISTS temp.touched")
        conn.execute("CREATE TEMP TABLE touched (nik TEXT PRIMARY KEY)")
        conn.executemany("INSERT INTO temp.touched VALUES (?)", ((n,) for n in rows.niks))
        for origin, upto in sorted(sendable.items()):
            cancel.raise_if_cancelled()
            below = min(upto, ranges[origin][0] - 1) if origin in ranges else upto
            if below >= 1:
                rows.add(origin, 1, below, " AND {nik} IN (SELECT nik FROM temp.touched)")
    return rows.lines, rows.included


def _pack(lines: list[str], timings: dict[str, float]) -> envelope.Packed:
    started = time.perf_counter()
    packed = envelope.pack("\n".join(lines).encode())
    timings["pack"] = time.perf_counter() - started
    return packed


def export(db: pw.Database, to: str, out_dir: Path | str, *, passphrase: str | None,
           now: dt.datetime | None = None, progress: Progress = no_progress,
           cancel: CancelToken = NEVER_CANCELLED) -> ExportResult:
    """Write the file for office ``to`` into ``out_dir``: stamp local changes, collect what
    ``to`` has not acknowledged, seal, write safely, read back and verify. UserError for
    a wrong passphrase, an untrusted or retired recipient, or a folder that cannot be
    written (nothing is left half-written)."""
    accounts.require_acting(db, "sync")
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    when = now or core_clock.now()
    keys = office.unlock(db, passphrase)
    own = keys.office
    peer = office.get_peer(db, to)
    if peer is None:
        raise UserError("peer_unknown", office_id=to)
    if peer.retired:
        raise UserError("sync_peer_retired", office_id=to)
    progress(0, 4, messages.text("sync_progress_stamp"))
    conn = db.connection()
    counts: dict[str, int] = {}
    with records.gc_paused(), ThreadPoolExecutor(max_workers=1) as worker:
        with db.atomic():
            hlc_clock = hlc_mod.Clock.load(db)
            warnings = hlc_mod.skew_warnings(when, clock_last=hlc_clock.last)
            records.stamp(db, own.office_id, hlc_clock, when)
            hlc_clock.save(db)
            timings["stamp"] = time.perf_counter() - t0
            cancel.raise_if_cancelled()
            progress(1, 4, messages.text("sync_progress_collect"))
            t1 = time.perf_counter()
            provenance.sign_new(conn, keys)
            ranges = _ranges(conn, own, to)
            scoped = own.kind == "kota" and peer.kind == "kecamatan"
            if scoped:
                scope_for(conn, peer)
            lines, included = _lines(conn, ranges, counts, cancel, scoped=scoped,
                                     sendable=_sendable(conn, own, to) if scoped else {})
            signed, signers = provenance.batch_lines(conn, included)
            introduced = provenance.key_lines(db, signers, own=own, recipient=to)
            for kind, made in (("batch", signed), ("key", introduced)):
                if made:
                    counts[kind] = len(made)
            data_rows = len(lines)
            lines = introduced + signed + lines
            # the file's own row first, so the head the file carries covers it
            audit.record(db, accounts.acting_name(db), "sinkron_ekspor", to=to,
                         rows=data_rows, counts=counts)
            audit_part = audit_heads.outgoing(db, to)
            # compressed while the transaction commits: both let the other thread run
            packing = worker.submit(_pack, lines, timings)
            t_commit = time.perf_counter()
            timings["collect"] = t_commit - t1
        timings["commit"] = time.perf_counter() - t_commit
        cancel.raise_if_cancelled()
        progress(2, 4, messages.text("sync_progress_seal"))
        t2 = time.perf_counter()
        header = {"kind": "data", "origin_name": own.name, "origin_kind": own.kind,
                  "created_at": when.astimezone(dt.UTC).isoformat(timespec="seconds"),
                  "hlc": hlc_clock.last, "counts": counts, "rows": len(lines),
                  "contents": {"origins": {o: list(r) for o, r in ranges.items()}},
                  "audit": audit_part}
        data = envelope.seal(header, packing.result(), sender=keys, recipient_id=to,
                             recipient_box_public=peer.box_public,
                             recipient_fingerprint=peer.fingerprint)
        timings["seal"] = time.perf_counter() - t2
    first, last = ranges.get(own.office_id, (0, 0))
    out = Path(out_dir)
    path = out / file_name(own.office_id, to, first, last, when)
    n = 2
    while path.exists():  # two files in one second: never overwrite one
        path = out / file_name(own.office_id, to, first, last, when).replace(
            envelope.SUFFIX, f"-{n}{envelope.SUFFIX}")
        n += 1
    cancel.raise_if_cancelled()
    progress(3, 4, messages.text("sync_progress_write"))
    t3 = time.perf_counter()
    envelope.write_verified(path, data, own.sign_public)
    timings["write_verify"] = time.perf_counter() - t3
    with db.atomic():
        db.execute_sql(
            "INSERT INTO sync_log (at, direction, peer, file, rows, detail) "
            "VALUES (?, 'export', ?, ?, ?, ?)",
            (when.isoformat(timespec="seconds"), to, str(path), data_rows,
             json.dumps({"counts": counts, "origins": ranges, "bytes": len(data),
                         "audit_seq": audit_part["seq"] if audit_part else None})))
    progress(4, 4, messages.text("sync_progress_write"))
    timings["total"] = time.perf_counter() - t0
    return ExportResult(path, data_rows, counts, True, warnings, timings)
