"""Where a clerk's USB stick is: the drives offered as export targets."""

from __future__ import annotations

import ntpath
import os
import string
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

DRIVE_REMOVABLE = 2  # GetDriveTypeW: a USB stick or card reader
DRIVE_REMOTE = 4  # GetDriveTypeW: a mapped network drive
# file systems of a network share on Linux (/proc/self/mounts)
NETWORK_FS = frozenset({"nfs", "nfs4", "cifs", "smb3", "smbfs", "smb2", "ncpfs", "afs",
                        "fuse.sshfs"})
MOUNTS = Path("/proc/self/mounts")
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

    mask = ctypes.windll.kernel32.GetLogicalDrives()  # type: ignore[attr-defined]
    found = []
    for i, letter in enumerate(string.ascii_uppercase):
        root = f"{letter}:\\"
        if mask & (1 << i) and _windows_drive_type(root) == DRIVE_REMOVABLE:
            found.append(Path(root))
    return found


def _windows_drive_type(root: str) -> int:
    import ctypes

    return int(ctypes.windll.kernel32.GetDriveTypeW(root))  # type: ignore[attr-defined]


def _unescape_mount(field: str) -> str:
    # /proc/mounts writes a space in a mount point as \040, a tab as \011
    return field.encode("latin-1", "replace").decode("unicode_escape")


def mount_fstype(path: Path, mounts: Path = MOUNTS) -> str | None:
    """The file system type of the mount holding `path` (the longest mount point above
    it), or None when the mounts table cannot be read."""
    try:
        lines = mounts.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    target = str(path)
    best, fstype = -1, None
    for line in lines:
        parts = line.split()
        if len(parts) < 3:
            continue
        point = _unescape_mount(parts[1])
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) > best:
            best, fstype = len(point), parts[2]
    return fstype


def network_location(path: Path | str, *, windows: bool | None = None,
                     drive_type: Callable[[str], int] | None = None,
                     mounts: Path = MOUNTS) -> str | None:
    """What shows `path` is on a network drive (a UNC path, a mapped network drive, an
    NFS/SMB/CIFS mount), or None for a local disk. The Windows call and the mounts table
    can be given, so the decision is tested on any system."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        parts = text.replace("/", "\\").split("\\")
        return "UNC \\\\" + "\\".join(parts[2:4])
    if os.name == "nt" if windows is None else windows:
        drive = ntpath.splitdrive(os.path.abspath(text) if os.name == "nt" else text)[0]
        remote = (len(drive) == 2 and drive[1] == ":"
                  and (drive_type or _windows_drive_type)(drive + "\\") == DRIVE_REMOTE)
        return f"drive jaringan {drive}" if remote else None
    fstype = mount_fstype(Path(text).resolve(), mounts)
    return fstype if fstype in NETWORK_FS else None
