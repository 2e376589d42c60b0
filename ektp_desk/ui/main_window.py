"""The main window: navigation on the left, one page per area, a status bar."""

from __future__ import annotations

from pathlib import Path

import peewee as pw
from PySide6.QtCore import QRect, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QScrollArea,
    QStackedWidget,
    QWidget,
)

from ektp_desk import __version__, paths
from ektp_desk.core import accounts, clock, election, search
from ektp_desk.core.calendar import format_date_plain
from ektp_desk.core.jobs import Changes
from ektp_desk.ui import crash, theme
from ektp_desk.ui.changes import ChangeBus
from ektp_desk.ui.operations.settings import desk_and_user
from ektp_desk.ui.pages.jadwal import JadwalPage
from ektp_desk.ui.pages.kantor import ProfilKantorPage
from ektp_desk.ui.pages.meja import MejaPage
from ektp_desk.ui.pages.pengaturan import PengaturanPage
from ektp_desk.ui.pages.sinkronisasi import SinkronisasiPage
from ektp_desk.ui.pages.surat import SuratPage
from ektp_desk.ui.pages.warga import WargaPage
from ektp_desk.ui.runner import JobHandle, JobRunner
from ektp_desk.ui.session import SessionGuard
from ektp_desk.ui.widgets import ElidedLabel

# before any geometry was saved (and for tests): shown maximised by show_on_screen
FIRST_SIZE = (1280, 800)


class MainWindow(QMainWindow):
    def __init__(self, db: pw.Database, db_path: Path,
                 account: accounts.Account | None = None, *, idle_ms: int | None = None
                 ) -> None:
        """``account``: who logged in (ui/session.py gates and locks); None on a database
        without accounts, where everything is open as before. ``idle_ms``: the idle lock's
        time instead of the setting (tests)."""
        super().__init__()
        self.db = db
        self.db_path = db_path
        self.bus = ChangeBus(self)
        self.runner = JobRunner(db, self.bus, self)
        self._clerk_quits = False  # set by the Keluar menu for the close it starts
        self.setWindowTitle(self.tr("ektp-desk — Perekaman e-KTP"))
        self.resize(*FIRST_SIZE)

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(180)
        self.stack = QStackedWidget()
        self.warga = WargaPage(db, self.runner, self.bus)
        self.jadwal = JadwalPage(db, self.runner, self.bus)
        self.surat = SuratPage(db, self.runner, self.bus)
        self.meja = MejaPage(db, self.runner, self.bus)
        self.sinkronisasi = SinkronisasiPage(db, self.runner, self.bus)
        self.kantor = ProfilKantorPage(db, self.runner, self.bus)
        self.pengaturan = PengaturanPage(db, self.runner)
        self.pages: dict[str, QWidget] = {}
        self.page_actions: list[QAction] = []  # Ctrl+1… in page order, in the Halaman menu
        self._add_page(self.tr("Warga"), self.warga)
        self._add_page(self.tr("Jadwal"), self.jadwal)
        self._add_page(self.tr("Surat"), self.surat)
        self._add_page(self.tr("Meja Layanan"), self.meja)
        self._add_page(self.tr("Sinkronisasi"), self.sinkronisasi)
        self._add_page(self.tr("Profil Kantor"), self.kantor)
        self._add_page(self.tr("Pengaturan"), self.pengaturan)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.setCurrentRow(0)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self._build_menu()
        self._build_status_bar()
        self.bus.changed.connect(self._on_changes)
        self.runner.progressed.connect(self._on_progress)
        self.runner.finished.connect(self._on_job_finished)
        self._start_background_indexing()
        self.session: SessionGuard | None = None
        if account is not None:
            self.session = SessionGuard(self, account, idle_ms=idle_ms)

    # --- layout -------------------------------------------------------------------------
    def _add_page(self, title: str, page: QWidget) -> None:
        self.pages[title] = page
        self.nav.addItem(title)
        # a page taller or wider than a small screen scrolls instead of growing the window
        scroll = QScrollArea()
        scroll.setObjectName("pageScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(page)
        self.stack.addWidget(scroll)
        row = self.nav.count() - 1
        action = QAction(title, self)
        action.setShortcut(QKeySequence(f"Ctrl+{row + 1}"))
        action.triggered.connect(lambda: self.nav.setCurrentRow(row))
        self.page_actions.append(action)

    def _build_menu(self) -> None:
        self.file_menu = file_menu = self.menuBar().addMenu(self.tr("&Berkas"))
        self.import_action = QAction(self.tr("&Impor daftar KPU…"), self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(self.open_import_wizard)
        file_menu.addAction(self.import_action)
        file_menu.addSeparator()
        self.quit_action = QAction(self.tr("&Keluar"), self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.quit_by_clerk)
        file_menu.addAction(self.quit_action)
        pages_menu = self.menuBar().addMenu(self.tr("&Halaman"))
        pages_menu.addActions(self.page_actions)
        help_menu = self.menuBar().addMenu(self.tr("Ba&ntuan"))
        self.problem_report_action = QAction(self.tr("&Kirim laporan masalah…"), self)
        self.problem_report_action.setToolTip(self.tr(
            "Menyimpan catatan program dan versinya (tanpa data warga) dalam satu berkas zip "
            "untuk dikirim ke Dindukcapil kota"))
        self.problem_report_action.triggered.connect(lambda: crash.save_problem_report(self))
        help_menu.addAction(self.problem_report_action)
        about = QAction(self.tr("&Tentang ektp-desk"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.user_label = QLabel()
        # elided: a long path or job message may not widen the window past the screen
        self.db_label = ElidedLabel(self.tr("Basis data: {}").format(self.db_path))
        self.db_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.job_progress = QProgressBar()
        self.job_progress.setMaximumWidth(160)
        self.job_progress.setVisible(False)
        self.job_label = ElidedLabel()
        self.job_label.setMinimumWidth(120)
        # polling day already passed: plans and letters would be for an election that is over
        self.election_label = QLabel()
        self.election_label.setObjectName("electionPassed")
        self.election_label.setStyleSheet(theme.notice_style("warn"))
        self.election_label.setVisible(False)
        bar.addWidget(self.user_label)
        bar.addWidget(self.election_label)
        bar.addWidget(self.db_label, 1)
        bar.addPermanentWidget(self.job_label)
        bar.addPermanentWidget(self.job_progress)
        self._update_user_label()
        self._update_election_label()

    def _update_election_label(self) -> None:
        self.runner.run_read(election.current, key="status-bar-election",
                             on_success=self._show_election)

    def _show_election(self, vote: election.Election) -> None:
        warning = vote.passed_warning(clock.today())
        self.election_label.setText(self.tr("Hari pemungutan suara {} sudah lewat").format(
            format_date_plain(vote.day)) if warning else "")
        self.election_label.setToolTip(warning or "")
        self.election_label.setVisible(bool(warning))

    def _update_user_label(self) -> None:
        self.runner.run_read(desk_and_user, key="status-bar", on_success=lambda names:
                             self.user_label.setText(self.tr(
                                 "Meja: {desk} · Petugas: {user}").format(
                                     desk=names[0], user=names[1])))

    def current_page(self) -> QWidget:
        scroll = self.stack.currentWidget()
        assert isinstance(scroll, QScrollArea)
        return scroll.widget()

    # --- geometry -----------------------------------------------------------------------
    @staticmethod
    def _geometry_store() -> QSettings:
        """Per PC, beside the program's own data (not in the database, which travels)."""
        return QSettings(str(paths.data_dir() / "window.ini"), QSettings.Format.IniFormat)

    def show_on_screen(self) -> None:
        """Maximised the first time; after that as the clerk left it, within the screen."""
        saved = self._geometry_store().value("main/geometry")
        if saved is None or not self.restoreGeometry(saved):
            self.showMaximized()
            return
        self.show()  # the frame's size is known once shown
        screen = self.screen() or QGuiApplication.primaryScreen()
        if not self.isMaximized():
            self.fit_to(screen.availableGeometry())

    def fit_to(self, available: QRect) -> None:
        """Shrink and move the window so its frame lies inside `available`."""
        frame = self.frameGeometry()
        extra_w = frame.width() - self.width()
        extra_h = frame.height() - self.height()
        width = min(self.width(), available.width() - extra_w)
        height = min(self.height(), available.height() - extra_h)
        self.resize(max(width, self.minimumWidth()), max(height, self.minimumHeight()))
        x = min(max(frame.x(), available.x()), available.right() + 1 - self.width() - extra_w)
        y = min(max(frame.y(), available.y()), available.bottom() + 1 - self.height() - extra_h)
        self.move(max(x, available.x()), max(y, available.y()))

    def save_geometry(self) -> None:
        store = self._geometry_store()
        store.setValue("main/geometry", self.saveGeometry())
        store.sync()

    # --- actions ------------------------------------------------------------------------
    def open_import_wizard(self) -> None:
        from ektp_desk.ui.dialogs.import_wizard import ImportWizard

        wizard = ImportWizard(self.db, self.runner, self)
        wizard.open()

    def quit_by_clerk(self) -> None:
        """Berkas → Keluar: a clerk's close, which may ask first (see closeEvent)."""
        self._clerk_quits = True
        try:
            self.close()
        finally:
            self._clerk_quits = False

    def _about(self) -> None:
        text = self.tr("ektp-desk {}\nMeja layanan perekaman e-KTP.").format(__version__)
        QMessageBox.about(self, self.tr("Tentang ektp-desk"), text)

    def _start_background_indexing(self) -> None:
        if search.pending(self.db):
            self.runner.run_background(search.index_pending)

    def _on_changes(self, changes: Changes) -> None:
        if changes.settings:
            self._update_user_label()
            self._update_election_label()
        if changes.people:
            self._start_background_indexing()

    def _on_progress(self, handle: JobHandle, done: int, total: int, message: str) -> None:
        if handle.title is not None:
            return  # it has its own dialog
        self.job_label.setText(message)
        self.job_progress.setMaximum(max(total, 1))
        self.job_progress.setValue(done)
        self.job_progress.setVisible(True)

    def _on_job_finished(self, handle: JobHandle) -> None:
        if handle.title is None:
            self.job_label.clear()
            self.job_progress.setVisible(False)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Only a clerk's close (the title bar's X and Alt+F4 come spontaneous from the
        window system; Keluar sets its flag) asks, and only while a write job runs; reads
        are just cancelled. A close the program starts (tests, shutdown) never asks: a
        modal question nobody can answer would hang it."""
        by_clerk = event.spontaneous() or self._clerk_quits
        if by_clerk and self.runner.busy_writing:
            answer = QMessageBox.question(
                self, self.tr("Pekerjaan masih berjalan"),
                self.tr("Masih ada pekerjaan yang berjalan. Batalkan dan keluar?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        self.runner.shutdown()
        self.save_geometry()
        event.accept()
