"""The heads of the offices' audit chains in sync files (docs/architecture.md, "The audit
trail"): an office's trail cannot be rewritten after a file left it without the receiver
noticing.

- The sender puts in each file's (signed) header its head (seq, hash) and ``checks``: the
  hash its chain holds *now* at every seq the recipient may hold as its latest head of
  ours: the one the recipient's last receipt said it holds, and the head of every file
  sent to it since. A row gone from there is carried as null.
- The receiver keeps every head it was given (``audit_head``). A newer file must carry,
  at the seq of the latest head held, the very hash held; the hash of a row covers every
  row before it, so that one check proves the whole earlier trail unchanged. A file whose
  chain does not extend it is flagged (the data is still applied: see the docs).
"""

from __future__ import annotations

from typing import Any

import peewee as pw

from ektp_desk.core import audit, messages
from ektp_desk.core import db as core_db

messages.register({
    "audit_head_rewritten": (
        "Log audit kantor {office} telah diubah sejak berkas sebelumnya: rantainya pada seq "
        "{seq} tidak sama dengan yang diterima dulu ({file}). Laporkan ke admin; data "
        "berkas tetap diimpor.",
        "The audit log of office {office} was changed since an earlier file: its chain at "
        "seq {seq} differs from the one received before ({file}). Tell the admin; the "
        "file's data was still imported."),
    "audit_head_unproven": (
        "Berkas dari kantor {office} tidak membawa bukti bahwa log auditnya menyambung dari "
        "seq {seq} yang diterima dulu ({file}); log audit mungkin telah ditulis ulang. "
        "Laporkan ke admin; data berkas tetap diimpor.",
        "The file from office {office} carries no proof that its audit log extends seq "
        "{seq} received before ({file}); the log may have been rewritten. Tell the admin; "
        "the file's data was still imported."),
})


def _acked_key(peer: str) -> str:
    return f"audit_acked:{peer}"


def outgoing(db: pw.Database, peer: str) -> dict[str, Any] | None:
    """The header's ``audit`` part of a file for ``peer`` (call after the export's own
    audit row is written, so the head covers it); None for an empty log."""
    top = audit.head(db)
    if top is None:
        return None
    acked = int(core_db.meta_get(db, _acked_key(peer), "0") or 0)
    seqs = {acked} if acked else set()
    seqs |= {int(r[0]) for r in db.execute_sql(
        "SELECT json_extract(detail, '$.audit_seq') FROM sync_log WHERE direction = 'export' "
        "AND peer = ? AND json_extract(detail, '$.audit_seq') >= ?", (peer, acked))}
    checks = audit.hashes_at(db, seqs)
    return {"seq": top[0], "hash": top[1],
            "checks": {str(s): h for s, h in sorted(checks.items())}}


def latest(db: pw.Database, office_id: str) -> tuple[int, str, str] | None:
    """(seq, hash, file) of the latest head held for ``office_id``."""
    row = db.execute_sql("SELECT seq, hash, file FROM audit_head WHERE office_id = ? "
                         "ORDER BY id DESC LIMIT 1", (office_id,)).fetchone()
    return (int(row[0]), str(row[1]), str(row[2])) if row else None


def check_incoming(db: pw.Database, header: dict[str, Any], file: str, at: str
                   ) -> str | None:
    """Check a data file's audit head against the latest held for its office and keep it;
    returns the warning when the chain does not extend it (None when it does, or when the
    file carries no head: a program from before the chain). Inside the import's
    transaction."""
    carried = header.get("audit")
    office_id = str(header["origin"])
    if not isinstance(carried, dict):
        return None
    try:
        seq, digest = int(carried["seq"]), str(carried["hash"])
        checks = {int(k): v for k, v in dict(carried.get("checks") or {}).items()}
    except (KeyError, TypeError, ValueError):
        return None  # the signature vouches for the header: only an odd sender gets here
    checks[seq] = digest
    held = latest(db, office_id)
    warning = None
    if held is not None:
        held_seq, held_hash, held_file = held
        if seq < held_seq and audit_hash_held(db, office_id, seq) == digest:
            return None  # a file sent before the latest one, imported after it
        if held_seq not in checks:
            warning = messages.text("audit_head_unproven", office=office_id, seq=held_seq,
                                    file=held_file)
        elif checks[held_seq] != held_hash:
            warning = messages.text("audit_head_rewritten", office=office_id, seq=held_seq,
                                    file=held_file)
    insert = ("INSERT INTO audit_head (office_id, seq, hash, seen_at, file, flagged) "
              "VALUES (?, ?, ?, ?, ?, ?)")
    if warning is None:
        # the earlier heads it vouches for, so a file sent before it and imported after it
        # is recognised (before the head: the latest is the row added last)
        db.connection().executemany(insert, [
            (office_id, s, h, at, file, None) for s, h in sorted(checks.items())
            if s != seq and isinstance(h, str) and audit_hash_held(db, office_id, s) != h])
    db.execute_sql(insert, (office_id, seq, digest, at, file, warning))
    return warning


def audit_hash_held(db: pw.Database, office_id: str, seq: int) -> str | None:
    row = db.execute_sql("SELECT hash FROM audit_head WHERE office_id = ? AND seq = ? "
                         "ORDER BY id DESC LIMIT 1", (office_id, seq)).fetchone()
    return None if row is None else str(row[0])


def seen_for_receipt(db: pw.Database, sender: str) -> int | None:
    """The seq of the sender's latest head held here, told back in the receipt."""
    held = latest(db, sender)
    return None if held is None else held[0]


def note_acked(db: pw.Database, peer: str, seq: object) -> None:
    """A receipt from ``peer`` says it holds our head up to ``seq`` (never lowered)."""
    try:
        value = int(seq)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return
    old = int(core_db.meta_get(db, _acked_key(peer), "0") or 0)
    if value > old:
        core_db.meta_set(db, _acked_key(peer), str(value))
