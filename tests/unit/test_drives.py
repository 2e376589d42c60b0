"""The export targets offered to a clerk: removable drives on Windows (drive type 2), the
writable mount folders of udisks on Linux."""

from __future__ import annotations

import ctypes
import os
from pathlib import Path
from typing import ClassVar

import pytest

from ektp_desk.core.drives import removable_drives


class FakeKernel32:
    """C: a fixed disk, D: a CD drive, E: and G: USB sticks; F: not mounted."""

    TYPES: ClassVar[dict[str, int]] = {"C:\\": 3, "D:\\": 5, "E:\\": 2, "G:\\": 2}

    def GetLogicalDrives(self) -> int:
        return sum(1 << (ord(root[0]) - ord("A")) for root in self.TYPES)

    def GetDriveTypeW(self, root: str) -> int:
        return self.TYPES.get(root, 1)


def test_windows_lists_only_removable_drive_letters(monkeypatch):
    monkeypatch.setattr(ctypes, "windll", type("WinDLL", (), {"kernel32": FakeKernel32()}),
                        raising=False)
    assert removable_drives(platform="win32") == [Path("E:\\"), Path("G:\\")]


def test_linux_lists_writable_stick_folders_under_each_user(tmp_path):
    media, run_media = tmp_path / "media", tmp_path / "run-media"
    (media / "kasi" / "FLASHDISK").mkdir(parents=True)
    (media / "kasi" / "SANDISK 16GB").mkdir()
    (media / "kasi" / "label.txt").write_text("bukan drive")
    locked = run_media / "admin" / "CDROM"
    locked.mkdir(parents=True)
    locked.chmod(0o555)
    try:
        found = removable_drives(platform="linux", mount_bases=(media, run_media,
                                                                tmp_path / "absent"))
    finally:
        locked.chmod(0o755)
    expected = [media / "kasi" / "FLASHDISK", media / "kasi" / "SANDISK 16GB"]
    if os.geteuid() == 0:  # root may write anywhere: the read-only mount is listed too
        expected.append(locked)
    assert found == expected


@pytest.mark.parametrize("platform", ["linux", "darwin"])
def test_no_mount_folders_means_no_drives(tmp_path, platform):
    assert removable_drives(platform=platform, mount_bases=(tmp_path / "none",)) == []
