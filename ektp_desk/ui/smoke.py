"""Off-screen runs of the window: a screenshot of a database, and `--self-check`.

    python -m ektp_desk.ui.smoke DB.sqlite OUT.png     the window on DB, saved as OUT.png
    ektp-desk --self-check [--lang en]                  a clerk's day in a fresh database

The self-check is what CI runs inside the built bundle (docs/architecture.md, "The
bundle"): core's steps (`core/selfcheck.py`), then the main window and every page shown.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import peewee as pw
from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from ektp_desk.core import db as core_db
from ektp_desk.core import messages
from ektp_desk.core.selfcheck import DayCheck, Report
from ektp_desk.ui.app import make_application

PAGE_WAIT_S = 30  # a page's first read on a slow PC; the check fails rather than hangs
# the offscreen platform says this of every top-level window; it is not a fault
HARMLESS = ("This plugin does not support propagateSizeHints",)


def _process_until(app: QApplication, done: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        if done():
            return True
        time.sleep(0.01)
    return done()


def main(argv: list[str]) -> int:
    db_path, out = Path(argv[0]), Path(argv[1])
    app = make_application()
    db = core_db.open_database(db_path)
    from ektp_desk.ui.main_window import MainWindow

    window = MainWindow(db, db_path)
    window.show()
    _process_until(app, lambda: window.warga.table.model().rowCount() > 0, 10)
    for _ in range(20):
        app.processEvents()
    out.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out))
    print(f"{out}: {window.warga.table.model().rowCount()} baris")
    window.close()
    return 0


def every_page(app: QApplication, db: pw.SqliteDatabase, db_path: Path,
               shots: Path | None = None) -> str:
    """Open the main window, show each page in turn until its reads are done and grab it;
    the people imported must be on Warga. Raises AssertionError naming what failed."""
    from ektp_desk.ui.main_window import MainWindow

    window = MainWindow(db, db_path)
    try:
        window.show()
        if app.windowIcon().isNull():
            raise AssertionError("ikon aplikasi tidak ada (resources/icons)")
        for row, title in enumerate(window.pages):
            window.nav.setCurrentRow(row)
            if window.current_page() is not window.pages[title]:
                raise AssertionError(f"halaman {title} tidak tampil")
            if not _process_until(app, lambda: not window.runner.busy, PAGE_WAIT_S):
                raise AssertionError(f"halaman {title} tidak selesai memuat")
            image = window.grab()
            if image.isNull():
                raise AssertionError(f"halaman {title} tidak tergambar")
            if shots is not None:
                image.save(str(shots / f"selfcheck_{row + 1}.png"))
        rows = window.warga.table.model().rowCount()
        if rows == 0:
            raise AssertionError("Warga tidak menampilkan warga yang diimpor")
        return messages.text("selfcheck_pages", count=len(window.pages), rows=rows)
    finally:
        window.close()


def self_check(shots: Path | None = None) -> int:
    """A fresh temporary database through a clerk's day, then every page of the window.
    Prints one line a step; 0 when all passed, 1 with what failed."""
    problems: list[str] = []

    def qt_messages(kind: QtMsgType, _context: object, message: str) -> None:
        if kind != QtMsgType.QtDebugMsg and not message.startswith(HARMLESS):
            problems.append(message)

    previous = qInstallMessageHandler(qt_messages)
    report = Report()
    saved_data_dir = os.environ.get("EKTP_DESK_DATA_DIR")
    try:
        with tempfile.TemporaryDirectory(prefix="ektp-self-check-") as name:
            folder = Path(name)
            # window.ini and letters go to the temporary folder, not the clerk's data
            os.environ["EKTP_DESK_DATA_DIR"] = str(folder)
            app = make_application()
            db_path = folder / "self-check.sqlite"
            if report.run(messages.text("selfcheck_step_database"), lambda: _open(db_path)):
                db = core_db.open_database(db_path)
                try:
                    if DayCheck(db, folder).run(report):
                        report.run(messages.text("selfcheck_step_window"),
                                   lambda: every_page(app, db, db_path, shots))
                finally:
                    db.close()
            if problems:
                report.run(messages.text("selfcheck_step_qt"), lambda: _fail("; ".join(problems)))
    finally:
        qInstallMessageHandler(previous)
        if saved_data_dir is None:
            os.environ.pop("EKTP_DESK_DATA_DIR", None)
        else:
            os.environ["EKTP_DESK_DATA_DIR"] = saved_data_dir
    for line in report.lines():
        print(line, flush=True)
    return 0 if report.ok else 1


def _open(db_path: Path) -> str:
    from ektp_desk.core import migrations

    # migrations are found by listing their package: a frozen app must list them too
    latest = migrations.latest_version()
    if latest < 1:
        raise AssertionError("langkah migrasi tidak ditemukan")
    core_db.open_database(db_path, bind=False).close()
    return messages.text("selfcheck_schema", version=latest)


def _fail(detail: str) -> str:
    raise AssertionError(detail)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
