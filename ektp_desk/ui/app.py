"""Starting the window: the QApplication, language, crash handling, the database."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLocale, Qt, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from ektp_desk import paths
from ektp_desk.core import db as core_db
from ektp_desk.core import messages, settings
from ektp_desk.core.errors import UserError
from ektp_desk.ui import crash, widgets

TRANSLATOR_NAME = "ektpDeskTranslator"  # ours, so a change of language removes only ours
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
    if sys.platform.startswith("linux"):
        # Qt's own file dialog speaks our qtbase_id catalogue; a desktop's native one would
        # speak whatever the desktop is set to (on Windows the native one follows Windows)
        app.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
    apply_language(app, messages.language())
    install_key_guard(app)
    return app


def install_key_guard(app: QApplication) -> None:
    """Once per application: an Alt+letter nothing took changes nothing (widgets)."""
    if app.property("altLetterGuard") is None:
        guard = widgets.AltLetterGuard(app)
        app.focusChanged.connect(guard.watch)
        app.setProperty("altLetterGuard", guard)


def apply_language(app: QApplication, lang: str) -> None:
    """Speak `lang` ('id' or 'en') from now on: the core's messages and Qt's translators.
    Indonesian is the source language; Qt ships no Indonesian catalogue for its own dialogs
    (buttons, file dialog, a line edit's menu), so resources/i18n/qtbase_id.ts is ours.
    English is resources/i18n/ektp_desk_en.qm (`python3 tasks.py i18n`); Qt's own words
    are English already. Widgets built before the call keep their words."""
    messages.set_language(lang)
    remove_translators(app)
    if messages.language() == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
        translator = QTranslator(app)
        if translator.load("ektp_desk_en", str(paths.resource("i18n"))):
            translator.setObjectName(TRANSLATOR_NAME)
            app.installTranslator(translator)
        return
    QLocale.setDefault(QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia))
    translator = qtbase_indonesian(app)
    if translator is not None:
        translator.setObjectName(TRANSLATOR_NAME)
        app.installTranslator(translator)


def remove_translators(app: QApplication) -> None:
    """Take out the translators apply_language installed (not anyone else's)."""
    for translator in app.findChildren(QTranslator, TRANSLATOR_NAME):
        app.removeTranslator(translator)
        translator.setParent(None)  # now Python's: freed with the last reference


def qtbase_indonesian(parent: QApplication) -> QTranslator | None:
    """Qt's own words (standard buttons, file and input dialogs, a line edit's menu) in
    Indonesian, from resources/i18n/qtbase_id.qm; None when the file is missing."""
    translator = QTranslator(parent)
    return translator if translator.load("qtbase_id", str(paths.resource("i18n"))) else None


def run_app(db_path: Path, lang: str | None = None) -> int:
    """The window on the database at db_path, in `lang` when given (`--lang`), else in the
    language set in Pengaturan."""
    app = make_application()
    crash.setup_logging()
    crash.install_excepthook()
    try:
        db = core_db.open_database(db_path)
    except UserError as exc:
        QMessageBox.critical(None, "ektp-desk", exc.message)
        return 1
    apply_language(app, lang or str(settings.get(db, "language")))
    crash.use_database(db_path)
    from ektp_desk.core.letters import workdirs
    from ektp_desk.ui.main_window import MainWindow

    # letters (personal data) a killed print run left in hidden work folders
    workdirs.clean_at_start(paths.letters_dir())

    window = MainWindow(db, db_path)
    window.show_on_screen()
    return app.exec()
