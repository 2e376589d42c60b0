"""Backups of the database file (docs/architecture.md, "Backups and the database file").

A backup is a copy made with SQLite's online backup API (consistent while desks work),
checked with ``PRAGMA integrity_check`` before it counts, in ``<data>/backups/`` named
``<stem>.<reason>.<YYYYmmdd-HHMMSS>.sqlite``, kept ``backup_keep_days`` days (never the
newest good one). Automatic ones: daily at the first start, and before a migration, an
import, a sync import, a purge and a restore (:func:`before`). A backup for a USB stick is
encrypted for the office itself: only whoever holds the office passphrase can open it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

import peewee as pw

from ektp_desk.core import audit, clock, messages, migrations, settings
from ektp_desk.core import db as core_db
from ektp_desk.core.errors import UserError

STAMP = "%Y%m%d-%H%M%S"
SUFFIX = ".sqlite"
ENCRYPTED_SUFFIX = ".ektpbackup"
PART_SUFFIX = ".part"  # a copy being made: `.<name>.part` until its check passed
STALE_PART = dt.timedelta(hours=1)  # older than this, no copy is still being made into it
_NAME = re.compile(r"^(?P<stem>.+)\.(?P<reason>[a-z0-9-]+)\.(?P<stamp>\d{8}-\d{6})(?:-\d+)?"
                   r"\.sqlite$")
# integrity_check also matches every index against its table: 142 s on a copy of 1,000,000
# people (586 MB, a loaded 2-core machine) where quick_check (every page, each b-tree's
# structure) took 10 s. Automatic backups of a larger file get quick_check; a manual or an
# encrypted one, and any file up to this size (some 100,000 people), integrity_check.
FULL_CHECK_MAX_BYTES = 64 * 1024 * 1024
# the reasons a backup is made, in its file name (a migration's is 'schema<N>')
DAILY, IMPORT, SYNC_IMPORT, PURGE, RESTORE, MANUAL = (
    "harian", "impor", "impor-sinkron", "retensi", "sebelum-pulih", "manual")

messages.register({
    # SQLite's own words ({detail}) stay in the error for the log
    "backup_check_failed": (
        "Cadangan {path} gagal diperiksa dan dihapus: basis data rusak, sebagian isinya "
        "tidak dapat dibaca lagi. Pulihkan dari cadangan sebelumnya yang baik.",
        "Backup {path} failed its check and was deleted: the database is damaged, part of "
        "it can no longer be read. Restore an earlier good backup."),
    "backup_memory": ("Basis data di memori tidak dapat dicadangkan.",
                      "A database in memory cannot be backed up."),
    "restore_bad_file": (
        "Berkas {path} tidak dapat dipulihkan: {detail}. Basis data tidak diubah.",
        "File {path} cannot be restored: {detail}. The database was not changed."),
    "restore_busy": (
        "Basis data {path} sedang dibuka program lain ({detail}). Tutup ektp-desk di meja "
        "lain lalu coba lagi. Basis data tidak diubah.",
        "Database {path} is open in another program ({detail}). Close ektp-desk at the "
        "other desks and try again. The database was not changed."),
    "backup_not_encrypted_backup": (
        "Berkas {path} bukan cadangan terenkripsi ektp-desk.",
        "File {path} is not an encrypted ektp-desk backup."),
    "backup_detail_not_ektp": ("bukan basis data ektp-desk", "not an ektp-desk database"),
    "backup_detail_newer": ("dibuat versi ektp-desk yang lebih baru (skema {found})",
                            "made by a newer ektp-desk (schema {found})"),
})


@dataclass(frozen=True)
class BackupFile:
    path: Path
    reason: str
    made_at: dt.datetime

    def as_json(self) -> dict[str, str]:
        return {"path": str(self.path), "reason": self.reason,
                "made_at": self.made_at.isoformat(timespec="seconds")}


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    saved_current: Path | None  # the state before the restore, kept in the backups folder
    schema: int  # the backup's schema version (migrated to the newest on opening)

    def as_json(self) -> dict[str, object]:
        return {"restored_from": str(self.restored_from),
                "saved_current": str(self.saved_current) if self.saved_current else None,
                "schema": self.schema}


def folder_for(db_path: Path) -> Path:
    return db_path.parent / "backups"


def db_file(db: pw.SqliteDatabase) -> Path | None:
    """The database's file, or None for a database in memory."""
    name = str(db.database)
    return None if name in ("", ":memory:") else Path(name)


def _new_path(folder: Path, stem: str, reason: str, when: dt.datetime) -> Path:
    base = f"{stem}.{reason}.{when.strftime(STAMP)}"
    path, n = folder / f"{base}{SUFFIX}", 1
    while path.exists():  # two backups in one second (an import right after the start)
        n += 1
        path = folder / f"{base}-{n}{SUFFIX}"
    return path


def parse_name(path: Path) -> BackupFile | None:
    match = _NAME.match(path.name)
    if match is None:
        return None
    made = dt.datetime.strptime(match["stamp"], STAMP)
    return BackupFile(path, match["reason"], made)


def list_backups(folder: Path, stem: str | None = None) -> list[BackupFile]:
    """This folder's backups (of the database named `stem`, if given), newest first."""
    if not folder.is_dir():
        return []
    found = [b for p in folder.glob(f"*{SUFFIX}") if (b := parse_name(p)) is not None
             and (stem is None or _NAME.match(p.name)["stem"] == stem)]  # type: ignore[index]
    return sorted(found, key=lambda b: (b.made_at, b.path.name), reverse=True)


def check_file(path: Path, *, full: bool = True) -> int:
    """The schema version of an ektp-desk database file that SQLite finds sound and this
    version can open; UserError otherwise. Read only: nothing beside it is created."""
    detail = None
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise UserError("restore_bad_file", path=path, detail=str(exc)) from exc
    try:
        detail = core_db.quick_check(conn, full=full)
        if detail is None:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            if version < 1 or not {"person", "meta", "audit_log"} <= tables:
                detail = messages.text("backup_detail_not_ektp")
            elif version > migrations.latest_version():
                detail = messages.text("backup_detail_newer", found=version)
    except sqlite3.DatabaseError as exc:
        detail = str(exc)
    finally:
        conn.close()
    if detail is not None:
        raise UserError("restore_bad_file", path=path, detail=detail)
    return version


def make_backup(db: pw.SqliteDatabase, dest: Path | None = None, *, reason: str,
                now: dt.datetime | None = None) -> Path:
    """A checked copy of the open database: at `dest`, or in the backups folder (which is
    then pruned). A copy failing its check (FULL_CHECK_MAX_BYTES) is deleted and UserError
    raised."""
    source = db_file(db)
    when = (now or clock.now()).replace(tzinfo=None)
    in_folder = dest is None  # only the folder's own backups are pruned
    if dest is None:
        if source is None:
            raise UserError("backup_memory")
        dest = _new_path(folder_for(source), source.stem, reason, when)
    elif dest.is_dir():
        dest = _new_path(dest, source.stem if source else "ektp-desk", reason, when)
    # written under a hidden name and given its own once checked: a copy cut short (the
    # program killed while it copies after the window opened) never counts as a backup
    part = dest.with_name(f".{dest.name}{PART_SUFFIX}")
    try:
        core_db.backup(db, part)
    except (OSError, sqlite3.Error) as exc:
        with contextlib.suppress(OSError):
            part.unlink(missing_ok=True)
        raise UserError("write_failed", path=dest, detail=getattr(exc, "strerror", None)
                        or str(exc)) from exc
    try:
        check_file(part, full=reason == MANUAL or part.stat().st_size <= FULL_CHECK_MAX_BYTES)
    except UserError as exc:
        part.unlink(missing_ok=True)
        raise UserError("backup_check_failed", path=dest,
                        detail=exc.params.get("detail", "")) from exc
    try:
        os.replace(part, dest)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise UserError("write_failed", path=dest, detail=exc.strerror or str(exc)) from exc
    if in_folder and source is not None:
        prune(dest.parent, source.stem, int(settings.get(db, "backup_keep_days")), when,
              keep=dest)
    return dest


def before(db: pw.SqliteDatabase, reason: str) -> Path | None:
    """The backup before a risky step (import, sync import, purge, restore); none for a
    database in memory (tests, the demo)."""
    return None if db_file(db) is None else make_backup(db, reason=reason)


def prune(folder: Path, stem: str, keep_days: int, now: dt.datetime, *,
          keep: Path | None = None) -> list[Path]:
    """Delete backups older than `keep_days`, never `keep` (the newest good one: the one
    just made and checked) nor, without it, the newest that passes the check."""
    if keep is None:
        newest = latest_good_backup(folder, stem)
        keep = newest.path if newest else None
    limit = now.replace(tzinfo=None) - dt.timedelta(days=keep_days)
    gone = []
    # a killed copy's leftovers, by the file's own age (not `now`, which may be a date
    # chosen for the backups' names)
    for part in folder.glob(f".{stem}.*{SUFFIX}{PART_SUFFIX}"):
        with contextlib.suppress(OSError):
            if part.stat().st_mtime < time.time() - STALE_PART.total_seconds():
                part.unlink()
    for item in list_backups(folder, stem):
        if item.made_at < limit and item.path != keep:
            with contextlib.suppress(OSError):
                item.path.unlink()
                gone.append(item.path)
    return gone


def latest_good_backup(folder: Path, stem: str | None = None) -> BackupFile | None:
    """The newest backup in `folder` that SQLite finds sound and this version can open."""
    for item in list_backups(folder, stem):
        try:
            check_file(item.path, full=False)
        except UserError:
            continue
        return item
    return None


def check_at_start(db: pw.SqliteDatabase, path: Path, today: dt.date) -> Path | None:
    """The window's start checks, run after its first paint (docs/architecture.md, "Cold
    start"): every page of a file too large to be read before the window
    (db.QUICK_CHECK_BEFORE_WINDOW_BYTES) and up to db.QUICK_CHECK_MAX_BYTES read once,
    then the day's first backup, whose checked copy shows a larger file's damage. Both
    only read the database (WAL: the clerk's writes go on meanwhile). UserError
    ``db_corrupt`` or ``backup_check_failed``: the file is damaged; returns the backup
    made, if any."""
    core_db.check_pages(db, path, above=core_db.QUICK_CHECK_BEFORE_WINDOW_BYTES)
    return daily_backup_if_due(db, path, today)


def daily_backup_if_due(db: pw.SqliteDatabase, path: Path, today: dt.date) -> Path | None:
    """Today's backup at the first start of the day; None when one was made already."""
    if any(b.reason == DAILY and b.made_at.date() == today
           for b in list_backups(folder_for(path), path.stem)):
        return None
    return make_backup(db, reason=DAILY)


# --- restore ---------------------------------------------------------------------------

def _save_current(db_path: Path, when: dt.datetime) -> Path | None:
    """The file as it is now, kept before it is replaced. A sound file is copied with the
    backup API (its WAL included); a damaged one byte for byte (reason 'rusak')."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    folder = folder_for(db_path)
    core_db.make_private_dir(folder)
    dest = _new_path(folder, db_path.stem, RESTORE, when)
    try:
        source = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            if core_db.quick_check(source) is not None:
                raise sqlite3.DatabaseError("rusak")
            core_db.create_private_file(dest)
            target = sqlite3.connect(dest)
            try:
                source.backup(target)
                target.execute("PRAGMA journal_mode = DELETE")
            finally:
                target.close()
        finally:
            source.close()
    except sqlite3.Error:
        dest.unlink(missing_ok=True)
        dest = _new_path(folder, db_path.stem, "rusak", when)
        shutil.copyfile(db_path, dest)
        wal = db_path.with_name(db_path.name + "-wal")
        if wal.exists():
            shutil.copyfile(wal, dest.with_name(dest.name + "-wal"))
    return dest


def restore(db_path: Path, backup_file: Path, *, by: str, passphrase: str | None = None,
            now: dt.datetime | None = None) -> RestoreResult:
    """Put `backup_file` (a backup, or an encrypted one with the office passphrase) in place
    of the database at `db_path`. The caller has closed its connections to it. The file is
    checked first; the current state is kept in the backups folder; the copy is written to
    a temporary name and renamed over the old file, whose -wal/-shm are removed; the
    restore is recorded in the audit trail of the restored database."""
    from ektp_desk.core import backup_crypto

    when = (now or clock.now()).replace(tzinfo=None)
    backup_file = Path(backup_file)
    if not backup_file.is_file():
        raise UserError("file_not_found", path=backup_file)
    core_db.check_local(db_path)
    plain = backup_file
    if backup_crypto.is_encrypted(backup_file):
        plain = backup_crypto.decrypt_to(backup_file, folder_for(db_path), passphrase)
    try:
        version = check_file(plain)
        saved = _save_current(db_path, when)
        _replace(db_path, plain)
    finally:
        if plain != backup_file:
            plain.unlink(missing_ok=True)
    db = core_db.open_database(db_path, bind=False)
    try:
        with db.atomic():
            audit.record(db, by, "pulihkan_cadangan", file=backup_file.name, schema=version,
                         saved=saved.name if saved else None)
    finally:
        db.close()
    return RestoreResult(backup_file, saved, version)


def _replace(db_path: Path, source: Path) -> None:
    tmp = db_path.with_name(f".{db_path.name}.pulih")
    try:
        core_db.make_private_dir(db_path.parent)
        tmp.unlink(missing_ok=True)
        core_db.create_private_file(tmp)
        src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        target = sqlite3.connect(tmp)
        try:
            src.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
            src.close()
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        # a stale WAL left beside the new file would be replayed into it
        for extra in ("-wal", "-shm"):
            db_path.with_name(db_path.name + extra).unlink(missing_ok=True)
        os.replace(tmp, db_path)
    except PermissionError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError("restore_busy", path=db_path, detail=exc.strerror or str(exc)) from exc
    except (OSError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        raise UserError("write_failed", path=db_path,
                        detail=getattr(exc, "strerror", None) or str(exc)) from exc
