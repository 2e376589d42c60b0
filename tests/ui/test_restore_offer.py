"""At start: a damaged database is found and the latest good backup offered (*Pulihkan dari
cadangan …* / *Keluar*); a missing one with backups beside it too; the day's first backup."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from ektp_desk.core import backup, demo
from ektp_desk.core import db as core_db
from ektp_desk.ui import app as ui_app
from ektp_desk.ui.dialogs.restore_offer import RestoreOfferDialog
from tests.backup_helpers import chain_verifies, dump, niks
from tests.db.test_backup import corrupt


def backed_up_then_damaged(db_path: Path, damage: Callable[[Path], None]) -> tuple[Path, dict]:
    """A database of 2.000 people with a good backup of it, then damaged by `damage`."""
    db = core_db.open_database(db_path, bind=False)
    demo.fill(db, 2000, seed=9)
    backup.make_backup(db, reason=backup.DAILY, now=dt.datetime(2026, 11, 27, 7, 45))
    db.close()
    before = dump(db_path)
    damage(db_path)
    return db_path, before


@pytest.fixture
def kept(db_path: Path) -> tuple[Path, dict]:
    """Damaged in the middle of the file, as a failing disk would."""
    return backed_up_then_damaged(db_path, corrupt)


def clicking(qtbot, which: str, seen: list[RestoreOfferDialog]):
    """The window's question answered as a clerk would: the real dialog, one button."""
    def ask(problem: str, offered: backup.BackupFile, missing: bool) -> bool:
        dialog = RestoreOfferDialog(problem, offered, missing=missing)
        qtbot.addWidget(dialog)
        seen.append(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        button = dialog.restore_button if which == "restore" else dialog.quit_button
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        return dialog.result() == QDialog.DialogCode.Accepted
    return ask


def test_a_damaged_database_is_restored_from_the_backup_offered(qtbot, kept, output_dir):
    path, before = kept
    seen: list[RestoreOfferDialog] = []
    db = ui_app.open_at_start(path, ask=clicking(qtbot, "restore", seen))
    assert db is not None
    try:
        assert db.execute_sql("SELECT count(*) FROM person").fetchone()[0] == 2000
    finally:
        db.close()
    dialog = seen[0]
    dialog.grab().save(str(output_dir / "restore_offer.png"))
    assert "rusak" in dialog.problem.text()
    assert dialog.restore_button.text() == "&Pulihkan dari cadangan Jumat, 27 November 2026 " \
        "pukul 07.45"
    assert dialog.quit_button.text() == "&Keluar"
    assert dump(path, ("pulihkan_cadangan",)) == before
    assert chain_verifies(path)
    reasons = {b.reason for b in backup.list_backups(backup.folder_for(path))}
    assert {"rusak", "harian"} <= reasons  # the damaged file kept; the day's backup made


def test_quitting_leaves_the_damaged_file_as_it_was(qtbot, kept):
    path, _ = kept
    damaged = path.read_bytes()
    seen: list[RestoreOfferDialog] = []
    assert ui_app.open_at_start(path, ask=clicking(qtbot, "quit", seen)) is None
    assert seen and path.read_bytes() == damaged
    assert [b.reason for b in backup.list_backups(backup.folder_for(path))] == ["harian"]


def test_a_missing_database_is_offered_its_backup(qtbot, db_path):
    db = core_db.open_database(db_path, bind=False)
    demo.fill(db, 50, seed=2)
    backup.make_backup(db, reason=backup.DAILY, now=dt.datetime(2026, 11, 27, 7, 45))
    db.close()
    people = niks(db_path)
    for extra in ("", "-wal", "-shm"):
        db_path.with_name(db_path.name + extra).unlink(missing_ok=True)
    seen: list[RestoreOfferDialog] = []
    db = ui_app.open_at_start(db_path, ask=clicking(qtbot, "restore", seen))
    assert db is not None
    db.close()
    assert seen[0].quit_button.text() == "&Mulai basis data kosong"
    assert niks(db_path) == people


def test_a_sound_database_opens_with_the_days_backup_and_no_question(qtbot, db_path):
    def never(*_: object) -> bool:
        raise AssertionError("nothing to offer")

    db = ui_app.open_at_start(db_path, ask=never)
    assert db is not None
    db.close()
    again = ui_app.open_at_start(db_path, ask=never)
    assert again is not None
    again.close()
    assert [b.reason for b in backup.list_backups(backup.folder_for(db_path))] == ["harian"]


def test_a_large_file_is_checked_through_its_daily_backup(qtbot, kept, monkeypatch):
    """Above the size the start reads whole, the damage shows in the day's backup copy."""
    path, before = kept
    monkeypatch.setattr(core_db, "QUICK_CHECK_MAX_BYTES", 0)
    monkeypatch.setattr(backup, "FULL_CHECK_MAX_BYTES", 0)  # the copy gets quick_check
    seen: list[RestoreOfferDialog] = []
    db = ui_app.open_at_start(path, ask=clicking(qtbot, "restore", seen))
    assert db is not None
    db.close()
    assert "Cadangan" in seen[0].problem.text() and "gagal diperiksa" in seen[0].problem.text()
    assert dump(path, ("pulihkan_cadangan",)) == before
    assert chain_verifies(path)
