"""Starting the window: the QApplication, language, crash handling, the database."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from ektp_desk import paths
from ektp_desk.core import db as core_db
from ektp_desk.core import messages
from ektp_desk.core.errors import UserError
from ektp_desk.ui import crash, widgets

STYLE = """
QListWidget#navigation { font-size: 11pt; }
QListWidget#navigation::item { padding: 8px 10px; }
QLabel#pageTitle { font-size: 15pt; font-weight: 600; padding: 4px 0 8px 0; }
"""


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("ektp-desk")
    app.setOrganizationName("Dindukcapil")
    app.setStyleSheet(STYLE)
    app.setWindowIcon(QIcon(str(paths.resource("icons", "ektp-desk.png"))))
    if sys.platform.startswith("linux"):
        # Qt's own file dialog speaks our qtbase_id catalogue; a desktop's native one would
        # speak whatever the desktop is set to (on Windows the native one follows Windows)
        app.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
    _install_translators(app)
    install_key_guard(app)
    return app


def install_key_guard(app: QApplication) -> None:
    """Once per application: an Alt+letter nothing took changes nothing (widgets)."""
    if app.property("altLetterGuard") is None:
        guard = widgets.AltLetterGuard(app)
        app.focusChanged.connect(guard.watch)
        app.setProperty("altLetterGuard", guard)


def _install_translators(app: QApplication) -> None:
    """Indonesian is the source language; English comes from resources/i18n when chosen.
    Qt ships no Indonesian catalogue for its own dialogs (buttons, file dialog, a line
    edit's menu): resources/i18n/qtbase_id.ts is ours, compiled to the .qm beside it."""
    if messages.language() != "en":
        QLocale.setDefault(QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia))
        translator = qtbase_indonesian(app)
        if translator is not None:
            app.installTranslator(translator)
        return
    qt_translations = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, folder in (("ektp_desk_en", str(paths.resource("i18n"))),
                         ("qtbase_en", qt_translations)):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)


def qtbase_indonesian(parent: QApplication) -> QTranslator | None:
    """Qt's own words (standard buttons, file and input dialogs, a line edit's menu) in
    Indonesian, from resources/i18n/qtbase_id.qm; None when the file is missing."""
    translator = QTranslator(parent)
    return translator if translator.load("qtbase_id", str(paths.resource("i18n"))) else None


def run_app(db_path: Path) -> int:
    app = make_application()
    crash.setup_logging()
    crash.install_excepthook()
    try:
        db = core_db.open_database(db_path)
    except UserError as exc:
        QMessageBox.critical(None, "ektp-desk", exc.message)
        return 1
    from ektp_desk.ui import startup_probe
    from ektp_desk.ui.main_window import MainWindow

    window = MainWindow(db, db_path)
    if startup_probe.enabled():  # benchmarks/bench_startup.py
        startup_probe.install(app, window, lambda: window.warga.table.model().rowCount() > 0)
    window.show_on_screen()
    # after the first paint (docs/architecture.md, "Cold start"): the other pages, and the
    # letters (personal data) a killed print run left in hidden work folders
    window.build_pages_after_paint()
    QTimer.singleShot(0, _clean_letter_folders)
    return app.exec()


def _clean_letter_folders() -> None:
    from ektp_desk.core.letters import workdirs

    workdirs.clean_at_start(paths.letters_dir())
