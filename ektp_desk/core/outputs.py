"""Files the program writes: which paths an output may not take, and csv cells that a
spreadsheet must not run.

An output is checked before any work starts: it may not be the open database or one of
its companion files (``-wal``, ``-shm``, ``-journal``, the ``backups/`` folder beside it),
nor a file the same command reads, nor another output of the same command. Paths are
compared as the system sees them: made absolute, through symlinks, case-folded where the
file system ignores case, and as the same file when both exist (hard links).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path

from ektp_desk.core import messages
from ektp_desk.core.errors import UserError

messages.register({
    "output_is_database": (
        "Berkas keluaran {path} adalah basis data yang sedang dipakai (atau berkas "
        "pendampingnya). Pilih nama berkas lain. Tidak ada yang diubah.",
        "The output file {path} is the database in use (or one of its companion files). "
        "Choose another file name. Nothing was changed."),
    "output_in_backups": (
        "Berkas keluaran {path} berada di folder cadangan basis data. Pilih folder lain. "
        "Tidak ada yang diubah.",
        "The output file {path} is in the database's backup folder. Choose another "
        "folder. Nothing was changed."),
    "output_is_input": (
        "Berkas keluaran {path} adalah berkas yang sedang dibaca. Pilih nama berkas lain. "
        "Tidak ada yang diubah.",
        "The output file {path} is the file being read. Choose another file name. "
        "Nothing was changed."),
    "output_twice": (
        "Berkas keluaran {path} dipakai dua kali dalam satu perintah; yang kedua akan "
        "menimpa yang pertama. Pilih nama berkas yang berbeda. Tidak ada yang diubah.",
        "The output file {path} is given twice in one command; the second would overwrite "
        "the first. Choose different file names. Nothing was changed."),
    "output_is_folder": ("itu sebuah folder", "it is a folder"),
})

PathLike = str | os.PathLike[str]
DATABASE_SUFFIXES = ("", "-wal", "-shm", "-journal")
BACKUP_FOLDER = "backups"  # beside the database, as core.db names it


def _key(path: PathLike) -> str:
    return os.path.normcase(os.path.realpath(os.path.abspath(os.fspath(path))))


def _same(a: PathLike, a_key: str, b: PathLike, b_key: str) -> bool:
    if a_key == b_key:
        return True
    with contextlib.suppress(OSError):  # a hard link, or a case-folding disk on Linux
        return os.path.samefile(a, b)
    return False


def database_path(database: object) -> Path | None:
    """The file of a database given as a path or an open peewee database; None in memory."""
    name = getattr(database, "database", database)
    if name is None or str(name) in ("", ":memory:") or str(name).startswith("file::memory:"):
        return None
    return Path(os.fspath(name))


def check_outputs(outputs: Iterable[PathLike | None], *, database: object = None,
                  inputs: Iterable[PathLike | None] = ()) -> None:
    """Raise UserError naming the first output that is the database (or its -wal, -shm,
    -journal, or inside its backups folder), an input, or another output. None entries
    (an output not asked for) are skipped."""
    db_file = database_path(database)
    db_files = [(f, _key(f)) for f in (Path(f"{db_file}{s}") for s in DATABASE_SUFFIXES)
                ] if db_file else []
    backups = _key(db_file.parent / BACKUP_FOLDER) if db_file else None
    read = [(i, _key(i)) for i in inputs if i is not None]
    seen: set[str] = set()
    for out in outputs:
        if out is None:
            continue
        key = _key(out)
        if any(_same(out, key, f, k) for f, k in db_files):
            raise UserError("output_is_database", path=out)
        if backups is not None and (key == backups or key.startswith(backups + os.sep)):
            raise UserError("output_in_backups", path=out)
        if any(_same(out, key, i, k) for i, k in read):
            raise UserError("output_is_input", path=out)
        if key in seen:
            raise UserError("output_twice", path=out)
        seen.add(key)


# --- csv cells ----------------------------------------------------------------------------

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A cell as a csv file may hold it: text that a spreadsheet would read as a formula
    (starting with = + - @ tab or CR) gets a leading single quote, as OWASP's CSV injection
    guidance says; numbers, dates and other text are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_row(values: Iterable[object]) -> list[object]:
    return [csv_cell(v) for v in values]


def check_writable(path: PathLike) -> None:
    """Raise UserError('write_failed') now if `path` cannot be written later: a folder by
    that name, or a folder where no file can be made (read-only, missing drive)."""
    out = Path(path)
    if out.is_dir():
        raise UserError("write_failed", path=out, detail=messages.text("output_is_folder"))
    probe = out.with_name(f".{out.name}.{os.getpid()}.probe")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        probe.open("xb").close()
        probe.unlink()
    except OSError as exc:
        raise UserError("write_failed", path=out, detail=exc.strerror or exc) from None
