"""Opening the database: pragmas, schema migrations with a backup first, and bulk helpers."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from pathlib import Path

import peewee as pw

from ektp_desk import paths
from ektp_desk.core import drives, messages, migrations
from ektp_desk.core.errors import UserError
from ektp_desk.core.models import database_proxy

messages.register({
    "db_network": (
        "Basis data {path} berada di drive jaringan ({where}). SQLite tidak dapat berbagi "
        "berkas basis data dengan aman antar-PC lewat jaringan: data bisa rusak. Beberapa "
        "meja berbagi basis data di satu PC: simpan basis data di disk lokal PC ini (mis. "
        "C:\\ atau folder data pengguna), dan pindahkan data antar-PC dengan berkas "
        "sinkronisasi atau cadangan.",
        "Database {path} is on a network drive ({where}). SQLite cannot share a database "
        "file safely between PCs over a network: the data can be damaged. Several desks "
        "share one PC's database: keep the database on this PC's local disk (e.g. C:\\ or "
        "the user's data folder), and move data between PCs with sync files or backups.",
    ),
    # SQLite's own words ({detail}) stay in the error for the log, not in the clerk's text
    "db_corrupt": (
        "Basis data {path} rusak: sebagian isinya tidak dapat dibaca lagi (disk bermasalah "
        "atau PC mati saat menulis). Pulihkan dari cadangan terakhir yang baik.",
        "Database {path} is damaged: part of it can no longer be read (a failing disk, or "
        "the PC went off while writing). Restore it from the latest good backup.",
    ),
})

BUSY_TIMEOUT_S = 10.0
# The window's start reads every page (quick_check) of a file up to this size: about 1 s per
# 60 MB on a loaded 2-core machine (9 s for 1,000,000 people, 586 MB). A larger file is
# checked once a day instead, through the copy its daily backup checks (core/backup.py).
QUICK_CHECK_MAX_BYTES = 256 * 1024 * 1024
# Read before the window only up to this size (some 25,000 people, a quarter second on a
# loaded 2-core machine), so a damaged file is refused before the clerk sees its data; a
# larger one is read after the first paint (core/backup.check_at_start, "Cold start").
QUICK_CHECK_BEFORE_WINDOW_BYTES = 16 * 1024 * 1024
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


# Personal data (UU 27/2022): on POSIX only the clerk's own account may read the database,
# its WAL and its backups; SQLite gives the -wal and -shm files the database file's mode.
PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def make_private_dir(folder: Path, *, existing_too: bool = False) -> None:
    """Create `folder` (and parents) readable by this account only; an existing folder is
    narrowed only when `existing_too` (a folder the clerk chose is theirs to share)."""
    existed = folder.is_dir()
    folder.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    if os.name == "posix" and (existing_too or not existed):
        os.chmod(folder, PRIVATE_DIR)  # mkdir's mode is cut by the umask


def create_private_file(path: Path) -> None:
    """Create `path`, empty and for this account only, when it does not exist yet."""
    # O_NONBLOCK: a FIFO given as the database must not hang the open
    os.close(os.open(path, os.O_CREAT | os.O_RDONLY | getattr(os, "O_NONBLOCK", 0),
                     PRIVATE_FILE))


def narrow_to_owner(path: Path) -> None:
    """Narrow a database made before files were private (and its -wal/-shm) to this
    account; only once it proved to be ours (a refused file keeps its mode)."""
    if os.name != "posix":
        return
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        # missing, or another account's file on a shared desk: left as it is
        with contextlib.suppress(FileNotFoundError, PermissionError):
            os.chmod(file, PRIVATE_FILE)


def check_local(path: Path | str, **probe: object) -> None:
    """Refuse a database on a network drive: SQLite's WAL cannot be shared between PCs."""
    where = drives.network_location(path, **probe)  # type: ignore[arg-type]
    if where is not None:
        raise UserError("db_network", path=path, where=where)


def quick_check(conn: sqlite3.Connection, *, full: bool = False) -> str | None:
    """None when SQLite finds the file sound, else its first complaint. `full` runs
    ``integrity_check`` (indexes against tables too), else ``quick_check``."""
    pragma = "integrity_check" if full else "quick_check"
    factory = conn.text_factory
    # a complaint may quote damaged bytes that are not UTF-8
    conn.text_factory = lambda raw: raw.decode("utf-8", "replace")
    try:
        rows = conn.execute(f"PRAGMA {pragma}(5)").fetchall()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    except UnicodeDecodeError:
        # SQLite's own error text quoted damaged bytes (a broken schema entry): damaged too
        return "database disk image is malformed"
    finally:
        conn.text_factory = factory
    found = [str(r[0]) for r in rows]
    return None if found == ["ok"] else "; ".join(found)


def check_pages(db: pw.SqliteDatabase, path: Path, *, above: int = -1,
                up_to: int | None = None) -> None:
    """Every page of a file of more than `above` bytes and up to `up_to` (default
    QUICK_CHECK_MAX_BYTES) read once (``quick_check``, on this thread's connection);
    UserError ``db_corrupt`` when SQLite finds damage."""
    if above < path.stat().st_size <= (QUICK_CHECK_MAX_BYTES if up_to is None else up_to):
        complaint = quick_check(db.connection())
        if complaint is not None:
            raise UserError("db_corrupt", path=path, detail=complaint)


DAMAGE_WORDS = ("database disk image is malformed", "file is not a database")


def damage_error(exc: BaseException, path: Path) -> UserError | None:
    """UserError ``db_corrupt`` when an error SQLite raised while reading is the file's own
    damage (a page met before the start's checks reached it), else None."""
    text = str(exc)
    if isinstance(exc, (sqlite3.DatabaseError, pw.DatabaseError)) and any(
            words in text for words in DAMAGE_WORDS):
        return UserError("db_corrupt", path=path, detail=text)
    return None


def check_header(path: Path) -> None:
    """The check a start can afford before its window (100 bytes read, whatever the size):
    a file shorter than the pages its header counts was cut short (a copy or a disk that
    stopped midway). UserError ``db_corrupt``; a file SQLite does not recognise is left
    to opening it, which refuses it."""
    try:
        with open(path, "rb") as fh:
            header = fh.read(100)
            size = os.fstat(fh.fileno()).st_size
    except OSError:
        return  # opening says what is wrong with it
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # the count is valid only while the change counter matches its own stamp
    if header[24:28] == header[92:96] and size < pages * page_size:
        raise UserError("db_corrupt", path=path,
                        detail=f"{size} bytes, the header counts {pages} pages of {page_size}")


def backup(db: pw.SqliteDatabase, dest: Path) -> Path:
    """A consistent copy of the open database (SQLite's online backup API)."""
    make_private_dir(dest.parent)
    create_private_file(dest)
    target = sqlite3.connect(dest)
    try:
        db.connection().backup(target)
        # one self-contained file: no -wal/-shm beside a copy that travels or waits
        target.execute("PRAGMA journal_mode = DELETE")
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


def open_database(path: Path | str, *, bind: bool = True,
                  check: bool = False) -> pw.SqliteDatabase:
    """Open (creating if needed) and migrate the database at `path`; bind the models to it.
    A database on a network drive is refused; `check` also reads every page of a file up
    to QUICK_CHECK_MAX_BYTES (``PRAGMA quick_check``: the window's start)."""
    is_memory = str(path) == ":memory:"
    file_path = None if is_memory else Path(path)
    if file_path is not None:
        check_local(file_path)
        try:
            make_private_dir(file_path.parent,
                             existing_too=file_path.parent == paths.data_dir())
            create_private_file(file_path)
        except OSError as exc:
            raise UserError("db_unopenable", path=file_path, detail=exc.strerror) from exc
    db = make_database(path)
    try:
        db.connect(reuse_if_open=True)
        if check and file_path is not None:
            check_pages(db, file_path)
        migrate(db, file_path)
        if file_path is not None:
            narrow_to_owner(file_path)
    except (sqlite3.DatabaseError, pw.DatabaseError) as exc:
        db.close()
        if "file is not a database" in str(exc):
            raise UserError("db_not_ektp", path=path) from exc
        if "malformed" in str(exc):
            raise UserError("db_corrupt", path=path, detail=str(exc)) from exc
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
