"""An unexpected error: a short message (what happened, what to do, where the log is), a
log that rotates in the data folder, and "Kirim laporan masalah" writing the zip for the
city office."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ektp_desk import paths
from ektp_desk.ui import crash
from tests.ui.test_mnemonics import mnemonic

NIK = "3375012505040001"


@pytest.fixture
def logging_to_data_folder(monkeypatch):
    """crash.setup_logging as the window calls it, taken out again after the test."""
    monkeypatch.setattr(crash, "LOG_BYTES", 2000)
    crash.setup_logging()
    yield
    for handler in [h for h in crash.log.handlers if getattr(h, "ektp_desk", False)]:
        crash.log.removeHandler(handler)
        handler.close()


def test_the_log_rotates_in_the_data_folder(logging_to_data_folder):
    for i in range(200):
        crash.log.warning("background job %d: the database is busy", i)
    logs = sorted(p.name for p in paths.log_dir().glob("ektp-desk.log*"))
    assert logs[0] == "ektp-desk.log" and "ektp-desk.log.1" in logs
    assert len(logs) <= crash.LOG_KEEP + 1
    assert paths.log_dir().parent == paths.data_dir()
    crash.setup_logging()  # a second call adds no second handler
    assert sum(getattr(h, "ektp_desk", False) for h in crash.log.handlers) == 1


def test_the_message_says_what_happened_what_to_do_and_where_the_log_is(qtbot):
    box = crash.error_box(None)
    qtbot.addWidget(box)
    words = box.text() + box.informativeText()
    assert "bukan kesalahan Anda" in words and "coba lagi" in words
    assert str(paths.log_dir()) in words
    labels = {mnemonic(b.text()): b.text() for b in box.buttons()}
    assert labels == {"k": "&Kirim laporan masalah…", "t": "&Tutup"}


def test_kirim_laporan_masalah_writes_a_zip_without_the_nik(
        qtbot, logging_to_data_folder, db, db_path, tmp_path, monkeypatch):
    crash.log.error("bug: KeyError: %r", NIK)
    crash.use_database(db_path)
    out = tmp_path / "kiriman" / "laporan"
    asked: list[str] = []

    def save_name(parent, title, suggested, kinds):
        asked.append(suggested)
        return str(out), kinds

    told: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    monkeypatch.setattr(QMessageBox, "information", lambda p, t, text: told.append(text))
    try:
        written = crash.save_problem_report(None)
    finally:
        crash.use_database(None)
    assert written == out.with_suffix(".zip") and written.is_file()
    assert Path(asked[0]).name.startswith("ektp-desk-laporan-masalah-")
    assert str(written) in told[0]
    with zipfile.ZipFile(written) as archive:
        text = "\n".join(archive.read(n).decode() for n in archive.namelist())
        assert "versions.txt" in archive.namelist() and "logs/ektp-desk.log" in archive.namelist()
    assert "KeyError" in text and NIK not in text
    assert "qt: 6." in text and "rows person: 0" in text


def test_a_report_that_cannot_be_written_says_why(qtbot, db_path, tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a: (str(blocker / "r.zip"), ""))
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda p, t, text: warned.append(text))
    assert crash.save_problem_report(None) is None
    assert warned and "r.zip" in warned[0]


def test_the_help_menu_offers_the_report(qtbot, db, db_path):
    from ektp_desk.ui.main_window import MainWindow

    window = MainWindow(db, db_path)
    qtbot.addWidget(window)
    texts = [a.text() for m in window.menuBar().actions() for a in m.menu().actions()]
    assert "&Kirim laporan masalah…" in texts
    window.close()
