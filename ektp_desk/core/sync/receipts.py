"""Receipts: after an import, a signed file for the sender saying, per origin, up to which
sequence number this office now holds everything (high-water marks) and which rows it
refused and why. Importing it at the sender marks those rows acknowledged, so its next
export to us holds only what is new. A lost receipt only means the next file repeats rows,
which the importer skips."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import peewee as pw

from ektp_desk.core import accounts, audit, messages
from ektp_desk.core.errors import UserError
from ektp_desk.core.jobs import Changes
from ektp_desk.core.sync import audit_heads, envelope, office, status

messages.register({
    "sync_receipt_damaged": ("Tanda terima {path} rusak: {detail}",
                             "Receipt {path} is damaged: {detail}"),
    "sync_receipt_write_failed": (
        "Data sudah diimpor, tetapi tanda terima tidak dapat ditulis ke {path} ({detail}). "
        "Buat tanda terima lagi dari halaman Sinkronisasi.",
        "The data was imported, but the receipt could not be written to {path} ({detail}). "
        "Make the receipt again from the Sinkronisasi page."),
})

RECEIPT_MARK = ".receipt"


@dataclass(frozen=True)
class ReceiptResult:
    peer: str
    acknowledged: int  # rows newly acknowledged by this receipt
    rejected: list[list[Any]]
    file: Path
    changes: Changes = field(default_factory=lambda: Changes(tables=frozenset({"sync_ack"})))


def high_water(db: pw.Database) -> dict[str, int]:
    """origin → the sequence up to which this database holds every row."""
    out = {}
    own = office.identity(db)
    for origin, last_seq, applied in db.execute_sql(
            "SELECT origin, last_seq, applied FROM sync_origin"):
        out[origin] = last_seq if own is not None and origin == own.office_id else applied
    return out


def receipt_path(imported: Path) -> Path:
    name = imported.name
    stem = name[:-len(envelope.SUFFIX)] if name.endswith(envelope.SUFFIX) else name
    return imported.with_name(f"{stem}{RECEIPT_MARK}{envelope.SUFFIX}")


def make_receipt(db: pw.Database, keys: office.Keys, sender: str, *, for_file: str,
                 file_sha256: str, rejected: list[list[Any]], summary: dict[str, int],
                 now: dt.datetime) -> bytes:
    peer = office.get_peer(db, sender)
    if peer is None:
        raise UserError("peer_unknown", office_id=sender)
    body = {"for_file": for_file, "file_sha256": file_sha256, "hw": high_water(db),
            "rejected": rejected, "summary": summary,
            "audit_seen": audit_heads.seen_for_receipt(db, sender)}
    payload = json.dumps(body, sort_keys=True, ensure_ascii=False).encode("utf-8")
    header = {"kind": "receipt", "origin_name": keys.office.name,
              "origin_kind": keys.office.kind,
              "created_at": now.astimezone(dt.UTC).isoformat(timespec="seconds"),
              "counts": {"receipt": 1}, "rows": 0, "contents": {"for_file": for_file}}
    return envelope.seal(header, payload, sender=keys, recipient_id=sender,
                         recipient_box_public=peer.box_public,
                         recipient_fingerprint=peer.fingerprint)


def write_receipt(db: pw.Database, keys: office.Keys, sender: str, imported: Path, *,
                  file_sha256: str, rejected: list[list[Any]], summary: dict[str, int],
                  now: dt.datetime, out_dir: Path | None = None) -> Path:
    """Write the receipt beside the imported file, or into ``out_dir`` (a stick that is
    read-only); verified like any sync file."""
    path = receipt_path(imported)
    if out_dir is not None:
        path = Path(out_dir) / path.name
    data = make_receipt(db, keys, sender, for_file=imported.name, file_sha256=file_sha256,
                        rejected=rejected, summary=summary, now=now)
    try:
        envelope.write_verified(path, data, keys.office.sign_public)
    except UserError as exc:
        raise UserError("sync_receipt_write_failed", path=path,
                        detail=exc.params.get("detail", exc.message)) from exc
    return path


def apply_receipt(db: pw.Database, header: dict[str, Any], payload: bytes, path: Path, *,
                  now: dt.datetime) -> ReceiptResult:
    """Mark what the receipt's sender holds as acknowledged (never lowering a mark: an old
    receipt imported late changes nothing)."""
    try:
        body = json.loads(payload.decode("utf-8"))
        marks = {str(k): int(v) for k, v in body["hw"].items()}
        rejected = list(body.get("rejected", []))
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        raise UserError("sync_receipt_damaged", path=path, detail="isi") from None
    peer = str(header["origin"])
    when = now.isoformat(timespec="seconds")
    acknowledged = 0
    with db.atomic():
        known = office.get_peer(db, peer)
        scoped = known is not None and status.in_scope_only(db, office.identity(db), known)
        for origin, seq in marks.items():
            if origin == peer:
                continue  # its own rows never travel back to it
            old = db.execute_sql("SELECT seq FROM sync_ack WHERE peer = ? AND origin = ?",
                                 (peer, origin)).fetchone()
            before = old[0] if old else 0
            if seq <= before:
                continue
            acknowledged += status.count_rows(db, origin, before, seq, scoped)
            db.execute_sql(
                "INSERT INTO sync_ack (peer, origin, seq, at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(peer, origin) DO UPDATE SET seq = excluded.seq, at = excluded.at",
                (peer, origin, seq, when))
        audit_heads.note_acked(db, peer, body.get("audit_seen"))
        audit.record(db, accounts.acting_name(db), "sinkron_tanda_terima",
                     peer=peer, file=path.name, acknowledged=acknowledged)
        db.execute_sql(
            "INSERT INTO sync_log (at, direction, peer, file, rows, rejected, detail) "
            "VALUES (?, 'receipt_in', ?, ?, ?, ?, ?)",
            (when, peer, str(path), acknowledged, len(rejected),
             json.dumps({"for_file": body.get("for_file"), "rejected": rejected[:1000],
                         "summary": body.get("summary")}, ensure_ascii=False)))
    return ReceiptResult(peer, acknowledged, rejected, path)
