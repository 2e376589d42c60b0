"""Opening the database: pragmas, schema migrations with a backup first, and bulk helpers."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import peewee as pw

from ektp_desk.core import migrations
from ektp_desk.core.errors import UserError
from ektp_desk.core.models import database_proxy

BUSY_TIMEOUT_S = 10.0
PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": 1,  # NORMAL: safe with WAL, much faster than FULL
    "cache_size": -32_000,  # 32 MB page cache
    "temp_store": 2,  # MEMORY
}


def _user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _has_tables(conn: sqlite3.Connection) -> bool:
    row = conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()
    return bool(row[0])


def backup(db: pw.SqliteDatabase, dest: Path) -> Path:
    """A consistent copy of the open database (SQLite's online backup API)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    target = sqlite3.connect(dest)
    try:
        db.connection().backup(target)
    finally:
        target.close()
    return dest


def backup_path_for(path: Path, version: int, when: dt.datetime) -> Path:
    stamp = when.strftime("%Y%m%d-%H%M%S")
    return path.parent / "backups" / f"{path.stem}.schema{version}.{stamp}.sqlite"


def migrate(db: pw.SqliteDatabase, path: Path | None) -> Path | None:
    """Bring the schema to the newest version; returns the backup made, if any."""
    conn = db.connection()
    found = _user_version(conn)
    known = migrations.latest_version()
    if found > known:
        raise UserError("db_newer", found=found, known=known)
    if found < 0:  # never written by us: migrating from "before 0" would recreate tables
        raise UserError("db_version_bad", path=path or ":memory:", found=found)
    if found == 0 and _has_tables(conn):
        raise UserError("db_not_ektp", path=path or ":memory:")
    if found == known:
        return None
    made = None
    if found > 0 and path is not None:
        made = backup(db, backup_path_for(path, found, dt.datetime.now()))
    for step in migrations.steps():
        if step.version <= found:
            continue
        with db.atomic():
            step.apply(conn)
            conn.execute(f"PRAGMA user_version = {step.version:d}")
    return made


def make_database(path: Path | str) -> pw.SqliteDatabase:
    """A peewee database with our pragmas; each thread gets its own connection."""
    return pw.SqliteDatabase(
        str(path),
        pragmas=PRAGMAS,
        timeout=BUSY_TIMEOUT_S,
        lock_type="IMMEDIATE",  # writers queue on busy_timeout instead of failing midway
    )


def open_database(path: Path | str, *, bind: bool = True) -> pw.SqliteDatabase:
    """Open (creating if needed) and migrate the database at `path`; bind the models to it."""
    is_memory = str(path) == ":memory:"
    file_path = None if is_memory else Path(path)
    if file_path is not None:
        try:
            file_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError("db_unopenable", path=file_path, detail=exc.strerror) from exc
    db = make_database(path)
    try:
        db.connect(reuse_if_open=True)
        migrate(db, file_path)
    except (sqlite3.DatabaseError, pw.DatabaseError) as exc:
        db.close()
        if "file is not a database" in str(exc):
            raise UserError("db_not_ektp", path=path) from exc
        raise UserError("db_unopenable", path=path, detail=str(exc)) from exc
    except BaseException:
        db.close()
        raise
    if bind:
        database_proxy.initialize(db)
    return db


def raw(db: pw.SqliteDatabase) -> sqlite3.Connection:
    """The thread's sqlite3 connection, for bulk paths (executemany) where the ORM is slow."""
    return db.connection()


def meta_get(db: pw.SqliteDatabase, key: str, default: str | None = None) -> str | None:
    row = db.execute_sql("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else default


def meta_set(db: pw.SqliteDatabase, key: str, value: str) -> None:
    db.execute_sql(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
