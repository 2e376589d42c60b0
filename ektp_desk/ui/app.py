"""Starting the window: the QApplication, language, crash handling, the database."""

from __future__ import annotations

import getpass
import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

import peewee as pw
from PySide6.QtCore import (
    QCoreApplication,
    QLocale,
    QObject,
    Qt,
    QTimer,
    QTranslator,
    Signal,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QMessageBox

from ektp_desk import paths
from ektp_desk.core import accounts, backup, clock, messages, settings
from ektp_desk.core import db as core_db
from ektp_desk.core.backup import BackupFile
from ektp_desk.core.errors import UserError
from ektp_desk.ui import crash, gc_guard, startup_probe, widgets

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
    app.setWindowIcon(QIcon(str(paths.resource("icons", "ektp-desk.png"))))
    if sys.platform.startswith("linux"):
        # Qt's own file dialog speaks our qtbase_id catalogue; a desktop's native one would
        # speak whatever the desktop is set to (on Windows the native one follows Windows)
        app.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
    apply_language(app, messages.language())
    install_key_guard(app)
    gc_guard.install(app)
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


# a file these say is damaged may be replaced by its latest good backup
RESTORABLE = frozenset({"db_corrupt", "db_not_ektp", "db_version_bad"})
# what the start's checks say of a damaged file (the page check, the daily backup's copy)
DAMAGED = frozenset({"db_corrupt", "backup_check_failed"})


def _ask_restore(problem: str, offered: BackupFile, missing: bool) -> bool:
    from ektp_desk.ui.dialogs.restore_offer import RestoreOfferDialog

    dialog = RestoreOfferDialog(problem, offered, missing=missing)
    return dialog.exec() == QDialog.DialogCode.Accepted


def open_at_start(db_path: Path, ask: Callable[[str, BackupFile, bool], bool] = _ask_restore,
                  *, checks: bool = True) -> pw.SqliteDatabase | None:
    """The window's database; a damaged file, or none where backups stand, gets the offer
    of the latest good backup. With `checks`, every page read once (quick_check) and the
    day's first backup now; run_app passes False and runs them after the window's first
    paint (:class:`StartChecks`), keeping here only what stays cheap at any size: the
    header (a file cut short), opening it, and reading a small file whole
    (db.QUICK_CHECK_BEFORE_WINDOW_BYTES): a kota's damaged file is refused before the
    window. None: the clerk quit, or nothing could be opened (said in a box)."""
    if not db_path.exists():
        offered = backup.latest_good_backup(backup.folder_for(db_path), db_path.stem)
        problem = QCoreApplication.translate(
            "app", "Basis data {path} tidak ada. Mungkin terhapus atau dipindahkan."
        ).format(path=db_path)
        if offered is not None and ask(problem, offered, True) \
                and not _restore(db_path, offered):
            return None
    try:
        core_db.check_header(db_path)
        db = core_db.open_database(db_path, check=checks)
        if not checks:  # a small file is still read whole before the window
            try:
                core_db.check_pages(db, db_path, up_to=core_db.QUICK_CHECK_BEFORE_WINDOW_BYTES)
            except UserError:
                db.close()
                raise
    except UserError as exc:
        if exc.message_id not in RESTORABLE:
            QMessageBox.critical(None, "ektp-desk", exc.message)
            return None
        return _offer_restore(db_path, exc.message, ask)
    if not checks:
        return db
    try:
        backup.daily_backup_if_due(db, db_path, clock.today())
    except UserError as exc:
        if exc.message_id not in DAMAGED:  # no copy today; the window opens
            QMessageBox.warning(None, "ektp-desk", exc.message)
            return db
        # the copy holds the file's pages as they are: a large file's damage shows here
        db.close()
        return _offer_restore(db_path, exc.message, ask)
    return db


class StartChecks(QObject):
    """The start's checks after the window's first paint (core/backup.check_at_start:
    every page of a file too large to read before the window, then the day's first
    backup) on the runner's maintenance thread; they only read, so the clerk works
    meanwhile. Damage found closes the window and leaves `problem` for run_app, which
    offers the latest good backup as it does before the window; any other failure (no
    room for the copy) is a quiet line in the status bar and the log."""

    done = Signal(object)  # the backup made (a Path) or None; not after damage
    damaged = Signal(str)  # what the clerk is told

    def __init__(self, window: QMainWindow, db_path: Path) -> None:
        super().__init__(window)
        self.window = window
        self.db_path = db_path
        self.problem: str | None = None

    def start(self) -> None:
        self.window.runner.run_maintenance(  # type: ignore[attr-defined]
            backup.check_at_start, self.db_path, clock.today(),
            on_success=self._checked, on_failure=self._failed)

    def _checked(self, made: Path | None) -> None:
        if made is not None:
            crash.log.info("daily backup %s", made)
        self.done.emit(made)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, UserError) and error.message_id in DAMAGED:
            crash.log.warning("start checks: %s", error)
            self.problem = error.message
            self.damaged.emit(error.message)
            self.window.close()  # run_app offers the backup once the window is gone
            return
        if not isinstance(error, UserError):
            crash.report(error)
            return
        crash.log.warning("start checks: %s", error.message)
        # after the runner's `finished`, on which the window clears the job line
        QTimer.singleShot(0, lambda: self.window.job_label.setText(  # type: ignore[attr-defined]
            error.message))
        self.done.emit(None)


def _offer_restore(db_path: Path, problem: str, ask: Callable[[str, BackupFile, bool], bool]
                   ) -> pw.SqliteDatabase | None:
    """A damaged database: the latest good backup offered, restored and opened."""
    offered = backup.latest_good_backup(backup.folder_for(db_path), db_path.stem)
    if offered is None:
        QMessageBox.critical(None, "ektp-desk", problem)
        return None
    if not ask(problem, offered, False) or not _restore(db_path, offered):
        return None
    try:
        return core_db.open_database(db_path, check=True)
    except UserError as again:
        QMessageBox.critical(None, "ektp-desk", again.message)
        return None


def _restore_chosen(db: pw.SqliteDatabase, db_path: Path, chosen: BackupFile
                    ) -> pw.SqliteDatabase | None:
    """The backup an admin chose in the window, put in place once the window (and so its
    runner's threads and their connections) is gone; then the start again, with a login.
    Refused or failed, the same database opens again."""
    try:
        accounts.require_acting(db, "restore")
    except UserError as exc:
        QMessageBox.critical(None, "ektp-desk", exc.message)
        return db
    by = accounts.acting_name(db)
    db.close()
    if not _restore(db_path, chosen, by=by):
        return open_at_start(db_path, checks=False)
    try:
        return core_db.open_database(db_path, check=True)
    except UserError as again:
        QMessageBox.critical(None, "ektp-desk", again.message)
        return None


def _restore(db_path: Path, offered: BackupFile, *, by: str | None = None) -> bool:
    try:
        backup.restore(db_path, offered.path, by=by or getpass.getuser())
    except UserError as exc:
        QMessageBox.critical(None, "ektp-desk", exc.message)
        return False
    return True


def log_in(db: pw.Database, user: str | None = None) -> accounts.Account | None:
    """Who opens the window: on a database without accounts the first-run wizard makes
    the admin; else the login dialog, or EKTP_DESK_USER with EKTP_DESK_PASSWORD when both
    are set (what `tasks.py run` sets for the demo operator). None: cancelled."""
    if not accounts.has_accounts(db):  # core/first_run.needed, without importing it:
        # the wizard's modules (the office keys' cryptography) only when it is shown
        from ektp_desk.ui.dialogs.first_run import FirstRunWizard

        wizard = FirstRunWizard(db)
        return wizard.account if wizard.exec() else None
    name = user or os.environ.get("EKTP_DESK_USER")
    password = os.environ.get("EKTP_DESK_PASSWORD")
    message = ""
    if name and password:
        try:
            return accounts.authenticate(db, name, password)
        except UserError as exc:
            message = exc.message
    from ektp_desk.ui.dialogs.login import LoginDialog

    dialog = LoginDialog(db, name=name or "", message=message)
    startup_probe.type_at_login(dialog)  # benchmarks/bench_startup.py times the dialog
    return dialog.account if dialog.exec() else None


def run_app(db_path: Path, lang: str | None = None, user: str | None = None) -> int:
    """The window on the database at db_path, in `lang` when given (`--lang`), else in the
    language set in Pengaturan; `user` is the account the login asks for (`--user`).
    Before the first paint only what the first page needs (docs/architecture.md, "Cold
    start"); damage the start's checks find after it closes the window, offers the latest
    good backup and, restored, opens the window again after a new login."""
    app = make_application()
    crash.setup_logging()
    crash.install_excepthook()
    db = open_at_start(db_path, checks=False)
    while db is not None:
        apply_language(app, lang or str(settings.get(db, "language")))
        crash.use_database(db_path)
        from ektp_desk.ui.main_window import MainWindow

        account = log_in(db, user)
        if account is None:  # the wizard or the login was cancelled: nothing else opens
            return 0
        startup_probe.mark("accepted")
        try:
            window = MainWindow(db, db_path, account)
        except (pw.DatabaseError, sqlite3.DatabaseError) as exc:
            damage = core_db.damage_error(exc, db_path)
            if damage is None:
                raise
            # the first page met a damaged page before the checks after the paint could
            crash.log.warning("building the window: %s", exc)
            db.close()
            db = _offer_restore(db_path, damage.message, _ask_restore)
            continue
        checks = StartChecks(window, db_path)
        if startup_probe.enabled():  # benchmarks/bench_startup.py
            startup_probe.install(app, window,
                                  lambda w=window: w.warga.table.model().rowCount() > 0)
        window.show_on_screen()
        # after the first paint: the checks and the day's backup, the other pages, and the
        # letters (personal data) a killed print run left in hidden work folders
        window.after_first_paint(checks.start)
        window.build_pages_after_paint()
        QTimer.singleShot(0, _clean_letter_folders)
        code = app.exec()
        if window.restore_wanted is not None:  # an admin's restore (Pengaturan)
            db = _restore_chosen(db, db_path, window.restore_wanted)
            continue
        if checks.problem is None:
            return code
        db.close()
        db = _offer_restore(db_path, checks.problem, _ask_restore)
    return 1


def _clean_letter_folders() -> None:
    from ektp_desk.core.letters import workdirs

    workdirs.clean_at_start(paths.letters_dir())
