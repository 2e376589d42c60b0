"""An admin restores a backup from the running window (Pengaturan → Pulihkan dari cadangan…):
the window closes, the start puts the backup in place with no connection open, and the window
opens again after a new login (docs/architecture.md, "Backups and the database file")."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QMessageBox

from ektp_desk.core import accounts, backup, demo
from ektp_desk.core import db as core_db
from ektp_desk.ui import app as ui_app
from ektp_desk.ui.dialogs.restore_offer import RestoreChoiceDialog
from ektp_desk.ui.main_window import MainWindow
from tests.backup_helpers import chain_verifies


def name_of_first(db_path: Path) -> str:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT name FROM person ORDER BY id LIMIT 1").fetchone()[0]
    finally:
        conn.close()


def drive_with_a_backup_then_a_mistake(db_path: Path) -> tuple[str, Path]:
    db = core_db.open_database(db_path, bind=False)
    demo.fill(db, 200, seed=3)
    accounts.add_demo_accounts(db)
    made = backup.make_backup(db, reason=backup.MANUAL, now=dt.datetime(2026, 11, 27, 7, 45))
    db.close()
    good = name_of_first(db_path)
    conn = sqlite3.connect(db_path)  # the clerk's mistake, after the backup
    conn.execute("UPDATE person SET name = 'SALAH KETIK' WHERE id = (SELECT min(id) FROM person)")
    conn.commit()
    conn.close()
    return good, made


def test_an_admin_restores_from_the_window_and_works_on_after_a_new_login(
        qtbot, db_path, monkeypatch, output_dir, run_app_state):
    good, made = drive_with_a_backup_then_a_mistake(db_path)
    monkeypatch.setenv("EKTP_DESK_USER", "admin")
    monkeypatch.setenv("EKTP_DESK_PASSWORD", "admin-demo")

    listed: list[str] = []

    def choose_the_manual_backup(dialog: RestoreChoiceDialog) -> int:
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.grab().save(str(output_dir / "restore_choice.png"))
        rows = [dialog.backups.item(i) for i in range(dialog.backups.count())]
        listed.extend(row.text() for row in rows)
        [manual] = [i for i, row in enumerate(rows) if "manual" in row.text()]
        dialog.backups.setCurrentRow(manual)
        assert not dialog.restore_button.isDefault()  # Enter alone never restores
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RestoreChoiceDialog, "exec", choose_the_manual_backup)
    windows: list[MainWindow] = []
    checked = ui_app.StartChecks._checked

    def then(self, made_today):  # after each window's start checks
        windows.append(self.window)
        checked(self, made_today)
        if len(windows) == 1:  # the admin restores
            QTimer.singleShot(0, self.window.pengaturan.restore_button.click)
        else:  # the restored file's window: sound, so the test ends
            assert name_of_first(db_path) == good
            self.window.close()

    monkeypatch.setattr(ui_app.StartChecks, "_checked", then)
    assert name_of_first(db_path) == "SALAH KETIK"
    assert ui_app.run_app(db_path) == 0
    assert len(windows) == 2
    assert any("27 November 2026 pukul 07.45" in text for text in listed)
    assert name_of_first(db_path) == good
    kept = [b for b in backup.list_backups(backup.folder_for(db_path))
            if b.reason == backup.RESTORE]
    assert len(kept) == 1  # the state before the restore, mistake included, is kept
    conn = sqlite3.connect(kept[0].path)
    assert conn.execute("SELECT count(*) FROM person WHERE name = 'SALAH KETIK'"
                        ).fetchone()[0] == 1
    conn.close()
    conn = sqlite3.connect(db_path)
    by, detail = conn.execute("SELECT by_user, detail FROM audit_log "
                              "WHERE action = 'pulihkan_cadangan'").fetchone()
    conn.close()
    assert by == "admin" and made.name in detail
    assert chain_verifies(db_path)


def test_core_refuses_a_restore_asked_by_an_operator(qtbot, db_path, monkeypatch):
    """Pengaturan is the admin's page; were its button reached anyway, the start refuses."""
    drive_with_a_backup_then_a_mistake(db_path)
    db = core_db.open_database(db_path)
    operator = accounts.authenticate(db, "operator", "operator-demo")
    accounts.sign_in(db, operator)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: told.append(text))
    offered = backup.list_backups(backup.folder_for(db_path))[0]
    assert ui_app._restore_chosen(db, db_path, offered) is db  # the same database, open
    db.close()
    assert told and "admin" in told[0]
    assert name_of_first(db_path) == "SALAH KETIK"
    assert not [b for b in backup.list_backups(backup.folder_for(db_path))
                if b.reason == backup.RESTORE]
