"""Where a clerk's USB stick is: the drives offered as export targets."""

from __future__ import annotations

import os
import string
import sys
from collections.abc import Sequence
from pathlib import Path

DRIVE_REMOVABLE = 2  # GetDriveTypeW: a USB stick or card reader
LINUX_MOUNT_BASES = (Path("/media"), Path("/run/media"))


def removable_drives(*, platform: str | None = None,
                     mount_bases: Sequence[Path] = LINUX_MOUNT_BASES) -> list[Path]:
    """Mounted removable drives: drive letters of removable type on Windows; the writable
    folders under /media/<user>/ and /run/media/<user>/ elsewhere (udisks' mount points)."""
    if (platform or sys.platform).startswith("win"):
        return _windows_drives()
    found = []
    for base in mount_bases:
        try:
            users = sorted(p for p in base.iterdir() if p.is_dir())
            for user in users:
                found += sorted(p for p in user.iterdir()
                                if p.is_dir() and os.access(p, os.W_OK))
        except OSError:
            continue  # no such base, or not ours to read
    return found


def _windows_drives() -> list[Path]:
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    mask = kernel32.GetLogicalDrives()
    found = []
    for i, letter in enumerate(string.ascii_uppercase):
        root = f"{letter}:\\"
        if mask & (1 << i) and kernel32.GetDriveTypeW(root) == DRIVE_REMOVABLE:
            found.append(Path(root))
    return found
