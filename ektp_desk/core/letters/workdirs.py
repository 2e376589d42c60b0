"""The hidden work folders of a print run (``.ektp-surat-*``), and clearing stale ones.

A print run renders its letters (personal data) into a work folder beside the output, so
the finished files are moved into place on the same disk and nothing lands in the system
temp folder. The run holds an OS lock on a file inside its folder while it lives; a folder
whose lock can be taken belongs to a run that was killed, and is removed at the next start
of a print run in that folder, and at app start for the usual letters folder.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

PREFIX = ".ektp-surat-"
OLD_TEMP_PREFIX = "ektp-surat-"  # parts that older versions left in the system temp folder
LOCK_NAME = ".kunci"
# A folder younger than this is left alone even unlocked: its run may not have taken the
# lock yet (the lock is taken right after the folder is made).
STALE_AFTER_S = 60.0


def _try_lock(handle: BinaryIO) -> bool:
    """Take the exclusive lock without waiting; False when another process holds it."""
    try:
        if os.name == "nt":
            import msvcrt

            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


class WorkDir:
    """A locked ``.ektp-surat-*`` folder in `parent` (made private by mkdtemp); ``close``
    removes it with everything in it."""

    def __init__(self, parent: Path) -> None:
        self.path = Path(tempfile.mkdtemp(prefix=PREFIX, dir=parent))
        self._lock: BinaryIO | None = (self.path / LOCK_NAME).open("wb")
        _try_lock(self._lock)  # a folder made this instant: nobody else holds it

    def close(self) -> None:
        if self._lock is not None:
            self._lock.close()  # closing lets the lock go
            self._lock = None
        shutil.rmtree(self.path, ignore_errors=True)


def _old(path: Path, now: float) -> bool:
    try:
        return now - path.stat().st_mtime > STALE_AFTER_S
    except OSError:
        return False


def _stale(folder: Path, now: float) -> bool:
    """Left by a run that no longer lives: old enough, and its lock free (or no lock)."""
    if not _old(folder, now):
        return False
    try:
        handle = (folder / LOCK_NAME).open("rb")
    except FileNotFoundError:
        return True  # made before locks were used, or its run died before locking
    except OSError:
        return False
    with handle:
        return _try_lock(handle)


def _entries(folder: Path, prefix: str) -> Iterator[Path]:
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            if entry.name.startswith(prefix) and entry.is_dir() and not entry.is_symlink():
                yield entry


def _clean(folder: Path, prefix: str) -> list[Path]:
    now = time.time()
    removed = []
    for entry in _entries(folder, prefix):
        if _stale(entry, now):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def clean_stale(folder: Path) -> list[Path]:
    """Remove the ``.ektp-surat-*`` folders in `folder` that no running print run holds;
    returns those removed. Never raises: a folder that cannot be read is left alone."""
    return _clean(folder, PREFIX)


def clean_at_start(letters_folder: Path) -> list[Path]:
    """At app start: stale work folders in the usual letters folder, and the parts older
    versions left in the system temp folder."""
    return [*_clean(letters_folder, PREFIX),
            *_clean(Path(tempfile.gettempdir()), OLD_TEMP_PREFIX)]
