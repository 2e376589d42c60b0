"""The user guide's screenshots (docs/guide.md), made off-screen from a fresh demo drive.

    python -m ektp_desk.ui.screenshots [OUT_DIR]     default docs/screenshots/

`python3 tasks.py screenshots` runs it. A demo drive in progress today (core/demo_drive.py,
what `ektp-desk demo --drive` makes) is built in a temporary folder; the main window opens
at 1366×768 logged in as the demo's admin, so no page is greyed; every page is shown until
its reads are done and saved as ``<n>_<slug>.png``, then a few dialogs the guide shows.
The names are fixed and each run writes over the last, so the guide's images always match
the window as it is.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget

PEOPLE = 2000  # enough for every page to show counts over 999, quick to build
SIZE = (1366, 768)
WAIT_S = 60  # a page's first reads; the run fails rather than hangs
DEFAULT_OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def slug(title: str) -> str:
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return "_".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def _process_until(app: QApplication, done: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        app.processEvents()
        if done():
            break
        time.sleep(0.01)
    else:
        raise SystemExit(f"{what}: belum selesai setelah {WAIT_S} detik")
    for _ in range(10):  # the paints queued by what was just read
        app.processEvents()


def _save(widget: QWidget, path: Path) -> None:
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    if not image.save(str(path), "PNG", 0):  # 0: the smallest file
        raise SystemExit(f"{path}: tidak tersimpan")
    print(f"{path.name}: {image.width()}×{image.height()}, {path.stat().st_size // 1024} KB")


def make(out: Path) -> int:
    from ektp_desk.core import accounts, demo_drive, scheduling
    from ektp_desk.core import db as core_db
    from ektp_desk.ui.app import make_application

    out.mkdir(parents=True, exist_ok=True)
    # a fixed folder: the status bar shows the database's path, the same at every run
    folder = Path(tempfile.gettempdir()) / "ektp-desk-screenshots"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    try:
        os.environ["EKTP_DESK_DATA_DIR"] = str(folder)  # window.ini, letters: not the clerk's
        app = make_application()
        db_path = folder / "demo.sqlite"
        db = core_db.open_database(db_path)
        drive = demo_drive.build(db, PEOPLE)
        accounts.add_demo_accounts(db)
        admin = accounts.authenticate(db, "admin", "admin-demo")
        from ektp_desk.ui.main_window import MainWindow

        window = MainWindow(db, db_path, admin)
        window.resize(*SIZE)
        window.show()
        _process_until(app, lambda: window.warga.table.model().rowCount() > 0, "Warga")
        n = 0

        def shot(widget: QWidget, name: str) -> None:
            nonlocal n
            n += 1
            _save(widget, out / f"{n:02d}_{name}.png")

        for row, title in enumerate(window.pages):
            window.nav.setCurrentRow(row)
            _process_until(app, lambda: not window.runner.busy, title)
            page = window.current_page()
            if page is window.pages.get("Meja Layanan"):
                # a person still waiting opened, as after a scan: the card and the F-keys
                page.set_filter("waiting")
                _process_until(app, lambda: not window.runner.busy, title)
                waiting = page.today_model.row_value(0)
                if waiting is not None:
                    page.open_person(waiting.person_id)
                    _process_until(app, lambda: not window.runner.busy, title)
            elif page is window.pages.get("Jemput Bola"):
                # it opens on Kunjungan at today: the demo's visit to the prison instead
                visit = scheduling.get_visit(db, drive.visit_id)
                page.visits_tab.show_visit(visit.id, visit.date)
                _process_until(app, lambda: not window.runner.busy, title)
            shot(window, slug(title))
        page = window.jemput_bola
        for index, name in ((0, "tempat"), (2, "usulan")):
            page.tabs.setCurrentIndex(index)
            _process_until(app, lambda: not window.runner.busy, name)
            shot(window, f"jemput_bola_{name}")
        _dialogs(app, window, db, shot)
        window.close()
        db.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


def _dialogs(app: QApplication, window: QWidget, db: object,
             shot: Callable[[QWidget, str], None]) -> None:
    from ektp_desk.core import scheduling
    from ektp_desk.ui.dialogs.auto_schedule import AutoScheduleDialog
    from ektp_desk.ui.dialogs.login import LoginDialog
    from ektp_desk.ui.pages.jemput_bola.visit_dialog import VisitDialog

    login = LoginDialog(db, name="operator")
    login.show()
    _process_until(app, login.isVisible, "Masuk")
    shot(login, "dialog_masuk")
    login.close()

    jadwal = window.jadwal  # type: ignore[attr-defined]
    dialog = AutoScheduleDialog(db, window.runner, window, today=jadwal.today)
    dialog.show()
    previewed: list[object] = []
    dialog.preview_ready.connect(previewed.append)
    for _ in range(2):  # a range past the holidays known asks to confirm, as the clerk would
        previewed.clear()
        dialog.preview()
        _process_until(app, lambda: bool(previewed) and not window.runner.busy,
                       "Jadwalkan otomatis")
        if previewed[0] is not None or not dialog.confirm_limits.isVisible():
            break
        dialog.confirm_limits.setChecked(True)
    shot(dialog, "dialog_jadwalkan_otomatis")
    dialog.reject()

    page = window.jemput_bola  # type: ignore[attr-defined]
    visit = VisitDialog(db, window.runner, scheduling.list_places(db), page, today=page.today)
    visit.show()
    _process_until(app, lambda: not window.runner.busy, "Buat kunjungan")
    shot(visit, "dialog_buat_kunjungan")
    visit.reject()


def main(argv: list[str]) -> int:
    return make(Path(argv[0]) if argv else DEFAULT_OUT)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
