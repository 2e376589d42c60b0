"""A backup for a USB stick, encrypted for the office itself (docs/architecture.md,
"Backups and the database file").

It is a sync envelope (`core/sync/envelope.py`) of kind ``backup`` sealed by the office for
its own receiving key, its payload the checked database copy. Its plain header carries the
office's public keys and its private keys *as stored*, sealed under the passphrase (scrypt +
AES-GCM), so the office (or whoever holds its passphrase) can restore it on a new PC, while
a lost stick gives away nothing without the passphrase.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from pathlib import Path

import peewee as pw

from ektp_desk.core import audit, clock
from ektp_desk.core import backup as backup_mod
from ektp_desk.core import db as core_db
from ektp_desk.core.errors import UserError
from ektp_desk.core.sync import envelope, office
from ektp_desk.core.sync.office import Keys, b64, unb64

KIND = "backup"


def is_encrypted(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(len(envelope.MAGIC)) == envelope.MAGIC
    except OSError:
        return False


def make_encrypted_backup(db: pw.SqliteDatabase, dest: Path, *, keys: Keys, by: str = "admin",
                          now: dt.datetime | None = None) -> Path:
    """Write an encrypted backup to `dest` (a file, or a folder such as a stick's root),
    flushed and read back before it counts. The plain copy it is made from is written in
    the local backups folder and deleted afterwards."""
    when = now or clock.now()
    source = backup_mod.db_file(db)
    if source is None:
        raise UserError("backup_memory")
    if dest.is_dir():
        stamp = when.strftime(backup_mod.STAMP)
        name = f"ektp-desk-cadangan-{keys.office.office_id}-{stamp}"
        dest = dest / f"{name}{backup_mod.ENCRYPTED_SUFFIX}"
    folder = backup_mod.folder_for(source)
    core_db.make_private_dir(folder)
    plain = folder / f".{source.stem}.usb-part{backup_mod.SUFFIX}"
    plain.unlink(missing_ok=True)
    try:
        backup_mod.make_backup(db, plain, reason=backup_mod.MANUAL, now=when)
        payload = plain.read_bytes()
    finally:
        plain.unlink(missing_ok=True)
    own = keys.office
    people = db.execute_sql("SELECT count(*) FROM person").fetchone()[0]
    schema = db.execute_sql("PRAGMA user_version").fetchone()[0]
    header = {
        "kind": KIND, "counts": {"people": people}, "schema": schema,
        "made_at": when.isoformat(timespec="seconds"),
        "office": {**own.as_json(), "sign_public": b64(own.sign_public),
                   "box_public": b64(own.box_public)},
        "secret": office.sealed_secret(db),
    }
    data = envelope.seal(header, payload, sender=keys, recipient_id=own.office_id,
                         recipient_box_public=own.box_public,
                         recipient_fingerprint=own.fingerprint)
    del payload
    envelope.write_verified(dest, data, own.sign_public)
    with db.atomic():
        audit.record(db, by, "cadangan_terenkripsi", file=dest.name, people=people)
    return dest


def decrypt_to(path: Path, folder: Path, passphrase: str | None) -> Path:
    """The database inside an encrypted backup, written (private) to a temporary file in
    `folder`; the caller deletes it. Refuses a file that is not an encrypted backup, whose
    signature fails, or with a wrong passphrase."""
    _, parsed = envelope.read(path)
    header = parsed.header
    if header.get("kind") != KIND or "office" not in header or "secret" not in header:
        raise UserError("backup_not_encrypted_backup", path=path)
    try:
        card = header["office"]
        info = office.OfficeInfo(
            str(card["office_id"]), str(card["kind"]), str(card["code"]), str(card["name"]),
            str(card["fingerprint"]), unb64(card["sign_public"]), unb64(card["box_public"]))
    except (KeyError, ValueError, TypeError):
        raise UserError("sync_damaged", path=path, detail="kepala berkas") from None
    # the keys in the header must be the ones the fingerprint names, and must have signed it
    if office.fingerprint(info.office_id, info.sign_public, info.box_public) != info.fingerprint \
            or header.get("origin_key") != info.fingerprint:
        raise UserError("sync_damaged", path=path, detail="sidik kunci")
    envelope.check_signature(parsed, info.sign_public)
    keys = office.keys_from_sealed(info, passphrase, str(header["secret"]))
    payload = envelope.decrypt(parsed, keys)
    core_db.make_private_dir(folder)
    out = folder / f".{path.stem}.pulih-part{backup_mod.SUFFIX}"
    try:
        out.unlink(missing_ok=True)
        core_db.create_private_file(out)
        with open(out, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        with contextlib.suppress(OSError):
            out.unlink(missing_ok=True)
        raise UserError("write_failed", path=out, detail=exc.strerror or str(exc)) from exc
    return out

