"""The start's checks after the first paint (docs/architecture.md, "Cold start"): the
window paints first, then every page is read and the day's backup made on the runner's
maintenance thread; the clerk's writes go on meanwhile; damage found then closes the
window and gets the offer of the latest good backup, as before the window."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel

from ektp_desk.core import accounts, backup, demo, settings
from ektp_desk.core import db as core_db
from ektp_desk.core.errors import UserError
from ektp_desk.ui import app as ui_app
from ektp_desk.ui.main_window import MainWindow
from tests.backup_helpers import chain_verifies, dump, niks
from tests.ui.test_restore_offer import (  # noqa: F401  (kept: the fixture)
    backed_up_then_damaged,
    clicking,
    kept,
)


class Sequence(QObject):
    """What happened, in order: the window's first paint (with the backups there then)."""

    def __init__(self, window: MainWindow, folder: Path) -> None:
        super().__init__(window)
        self.seen: list[str] = []
        self.backups_at_paint: list[backup.BackupFile] | None = None
        self.folder = folder
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and "painted" not in self.seen:
            self.seen.append("painted")
            self.backups_at_paint = backup.list_backups(self.folder)
        return False


def corrupt_aside(path: Path, table: str = "person_fts_data") -> None:
    """Damage, as a failing disk would, only the pages of a table the first page does not
    read (the name index, read by a search): the window builds, and only a check that reads
    every page finds it. Where `corrupt` lands depends on the file's layout."""
    conn = sqlite3.connect(path)
    try:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = [n for (n,) in conn.execute("SELECT pageno FROM dbstat WHERE name = ?",
                                            (table,))]
    finally:
        conn.close()
    assert pages, table
    with open(path, "r+b") as fh:
        for page in pages:
            fh.seek((page - 1) * page_size)
            fh.write(b"\xa5" * 64)  # the b-tree page header and its first cell pointers


@pytest.fixture
def kept_aside(db_path: Path) -> tuple[Path, dict]:
    """As `kept`, damaged aside from the first page's reads."""
    return backed_up_then_damaged(db_path, corrupt_aside)


def started_window(qtbot, db, db_path: Path) -> tuple[MainWindow, ui_app.StartChecks, Sequence]:
    """The window as run_app starts it: shown, the checks queued after its first paint."""
    window = MainWindow(db, db_path)
    qtbot.addWidget(window)
    checks = ui_app.StartChecks(window, db_path)
    sequence = Sequence(window, backup.folder_for(db_path))
    checks.done.connect(lambda _made: sequence.seen.append("checked"))
    checks.damaged.connect(lambda _problem: sequence.seen.append("damaged"))
    window.after_first_paint(checks.start)
    return window, checks, sequence


def test_the_days_backup_is_made_after_the_window_has_painted(qtbot, db, db_path):
    demo.fill(db, 300, seed=4)
    window, checks, sequence = started_window(qtbot, db, db_path)
    assert backup.list_backups(backup.folder_for(db_path)) == []  # nothing before the show
    with qtbot.waitSignal(checks.done, timeout=60000) as made:
        window.show()
    assert sequence.seen == ["painted", "checked"]
    assert sequence.backups_at_paint == []  # the window painted before the copy existed
    [daily] = backup.list_backups(backup.folder_for(db_path))
    assert daily.reason == backup.DAILY and daily.path == made.args[0]
    assert backup.check_file(daily.path) > 0  # a whole, checked copy
    assert not list(daily.path.parent.glob(".*.part"))  # no half copy left beside it
    assert window.isVisible() and checks.problem is None
    window.close()


def test_the_clerks_write_goes_on_while_the_backup_reads(qtbot, db, db_path, monkeypatch):
    """The copy holds a read of the database open (one SQLite backup step); with WAL a
    write from the window's writer commits meanwhile instead of waiting for it."""
    demo.fill(db, 100, seed=5)
    reading, release = threading.Event(), threading.Event()
    real_backup = core_db.backup

    def slow_backup(source, dest):
        conn = source.connection()
        conn.execute("BEGIN")
        conn.execute("SELECT count(*) FROM person").fetchone()  # the read snapshot held
        reading.set()
        release.wait(60)
        conn.execute("COMMIT")
        return real_backup(source, dest)

    monkeypatch.setattr(core_db, "backup", slow_backup)
    window, checks, _ = started_window(qtbot, db, db_path)
    window.show()
    qtbot.waitUntil(reading.is_set, timeout=60000)
    # the backup (a maintenance job) never counts as busy: the runner goes idle meanwhile
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=60000)
    assert not release.is_set()
    with qtbot.waitSignal(window.runner.finished, timeout=60000):
        window.runner.run_write(lambda d: settings.set(d, "desk_name", "Meja 2"))
    assert not release.is_set()  # the write committed while the backup still read
    assert settings.get(db, "desk_name") == "Meja 2"
    with qtbot.waitSignal(checks.done, timeout=60000):
        release.set()
    window.close()


def test_a_backup_that_cannot_be_made_is_a_quiet_line_and_the_window_stays(
        qtbot, db, db_path, monkeypatch, output_dir):
    def no_room(*_args, **_kwargs):
        raise UserError("write_failed", path=db_path.parent / "backups", detail="disk penuh")

    monkeypatch.setattr(backup, "make_backup", no_room)
    window, checks, sequence = started_window(qtbot, db, db_path)
    with qtbot.waitSignal(checks.done, timeout=60000) as made:
        window.show()
    assert made.args == [None] and sequence.seen == ["painted", "checked"]
    assert window.isVisible() and checks.problem is None
    # the line in the status bar (elided to its room; whole in its tooltip)
    qtbot.waitUntil(lambda: "disk penuh" in window.job_label.toolTip())
    qtbot.waitUntil(lambda: QLabel.text(window.job_label).endswith("penuh")
                    and window.job_label.geometry().right() < window.statusBar().width())
    window.grab().save(str(output_dir / "start_backup_failed.png"))
    window.close()


def test_a_small_damaged_file_is_still_refused_before_the_window(qtbot, kept):  # noqa: F811
    """A kota's file is read whole before the window (quick_check): the offer comes first."""
    path, before = kept
    seen = []
    db = ui_app.open_at_start(path, ask=clicking(qtbot, "restore", seen), checks=False)
    assert db is not None
    db.close()
    assert "rusak" in seen[0].problem.text()
    assert dump(path, ("pulihkan_cadangan",)) == before


@pytest.mark.parametrize("large", [False, True], ids=["read-whole", "through-the-backup"])
def test_damage_found_after_the_paint_closes_the_window_and_offers_the_backup(
        qtbot, kept_aside, monkeypatch, large, _bugs_fail_the_test):
    path, before = kept_aside
    # a file too large to read before the window (the 2.000 people stand for 400.000)
    monkeypatch.setattr(core_db, "QUICK_CHECK_BEFORE_WINDOW_BYTES", 0)
    if large:  # above the size the start reads whole: the day's backup copy shows it
        monkeypatch.setattr(core_db, "QUICK_CHECK_MAX_BYTES", 0)
        monkeypatch.setattr(backup, "FULL_CHECK_MAX_BYTES", 0)
    db = ui_app.open_at_start(path, ask=clicking(qtbot, "quit", []), checks=False)
    assert db is not None  # the damage is in the middle: opening does not see it
    window, checks, sequence = started_window(qtbot, db, path)
    # until the check closes it, the window may meet the damage itself (a damaged page of
    # the people list, a count); in the app those are crash boxes, here they are collected
    with qtbot.capture_exceptions() as failed_reads:
        with qtbot.waitSignal(checks.damaged, timeout=60000):
            window.show()
        qtbot.waitUntil(lambda: not window.isVisible())
        assert sequence.seen == ["painted", "damaged"]
        expected = "gagal diperiksa" if large else "rusak"
        assert expected in checks.problem
        # what run_app does once the window is gone: the same offer as before the window
        db.close()
        seen = []
        restored = ui_app._offer_restore(path, checks.problem,
                                         clicking(qtbot, "restore", seen))
        assert restored is not None
        restored.close()
    assert all(isinstance(error[1], sqlite3.DatabaseError) for error in failed_reads)
    assert all(isinstance(error, sqlite3.DatabaseError) for error in _bugs_fail_the_test)
    _bugs_fail_the_test.clear()  # the damage's own reads, not a bug of the start
    assert expected in seen[0].problem.text()
    assert dump(path, ("pulihkan_cadangan",)) == before
    assert chain_verifies(path)


def test_a_file_cut_short_is_refused_before_the_window(qtbot, kept, monkeypatch):  # noqa: F811
    """The header counts more pages than the file holds: found without reading them."""
    path, _ = kept
    monkeypatch.setattr(core_db, "QUICK_CHECK_BEFORE_WINDOW_BYTES", 0)  # not read whole
    with open(path, "r+b") as fh:
        fh.truncate(path.stat().st_size // 2)
    seen = []
    assert ui_app.open_at_start(path, ask=clicking(qtbot, "quit", seen), checks=False) is None
    assert seen and "rusak" in seen[0].problem.text()


@pytest.mark.parametrize("damaged", ["person_fts_data", "person"],
                         ids=["after-the-paint", "met-by-the-first-page"])
def test_run_app_restores_after_the_paint_and_opens_the_window_again(
        qtbot, db_path, monkeypatch, _bugs_fail_the_test, damaged, run_app_state):
    """The whole start (ui/app.run_app): window, damage found after its paint, the window
    closed, the backup offered and restored, a new login, the window again. Damage the
    first page meets while it is built (the people list itself) gets the same offer."""
    db = core_db.open_database(db_path, bind=False)
    demo.fill(db, 2000, seed=9)
    accounts.add_demo_accounts(db)
    backup.make_backup(db, reason=backup.DAILY, now=dt.datetime(2026, 11, 27, 7, 45))
    db.close()
    people = niks(db_path)
    corrupt_aside(db_path, damaged)
    monkeypatch.setattr(core_db, "QUICK_CHECK_BEFORE_WINDOW_BYTES", 0)
    monkeypatch.setenv("EKTP_DESK_USER", "operator")
    monkeypatch.setenv("EKTP_DESK_PASSWORD", "operator-demo")
    offers: list = []
    monkeypatch.setattr(ui_app, "_ask_restore", clicking(qtbot, "restore", offers))
    windows: list[MainWindow] = []
    checked = ui_app.StartChecks._checked

    def close_when_sound(self, made):  # the second window: sound, so the test ends
        windows.append(self.window)
        checked(self, made)
        self.window.close()

    monkeypatch.setattr(ui_app.StartChecks, "_checked", close_when_sound)
    assert ui_app.run_app(db_path) == 0
    assert len(offers) == 1 and "rusak" in offers[0].problem.text()
    assert len(windows) == 1  # the window of the restored file, after the damaged one's
    assert niks(db_path) == people and chain_verifies(db_path)
    assert all(isinstance(error, sqlite3.DatabaseError) for error in _bugs_fail_the_test)
    _bugs_fail_the_test.clear()  # the damaged file's own reads before the check landed
