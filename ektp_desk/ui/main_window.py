"""The main window: navigation on the left, one page per area, a status bar."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import peewee as pw
from PySide6.QtCore import QRect, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QWidget,
)

from ektp_desk import __version__, paths
from ektp_desk.core import accounts, clock, election, search
from ektp_desk.core.backup import BackupFile
from ektp_desk.core.calendar import format_date_plain
from ektp_desk.core.jobs import Changes
from ektp_desk.ui import crash, theme
from ektp_desk.ui.changes import ChangeBus
from ektp_desk.ui.operations.settings import desk_and_user
from ektp_desk.ui.pages.warga import WargaPage
from ektp_desk.ui.runner import JobHandle, JobRunner
from ektp_desk.ui.session import SessionGuard
from ektp_desk.ui.widgets import ElidedLabel

# before any geometry was saved (and for tests): shown maximised by show_on_screen
FIRST_SIZE = (1280, 800)
PREBUILD_WAIT_MS = 100  # while the shown page still reads, the next page waits this long


def page_class(module: str, name: str) -> Any:
    """A page's class, its module imported only now (docs/architecture.md, "Cold start")."""
    return getattr(importlib.import_module(f"ektp_desk.ui.pages.{module}"), name)


class Pages(Mapping[str, QWidget]):
    """The pages by title in navigation order. A page after the first is built the first
    time it is asked for (shown, or looked up): their modules import reportlab, pypdfium2
    and cryptography, seconds of a cold start on a slow PC."""

    def __init__(self, build: Callable[[str], QWidget]) -> None:
        self._pages: dict[str, QWidget | None] = {}
        self._build = build

    def add(self, title: str, page: QWidget | None) -> None:
        self._pages[title] = page

    def built(self, title: str) -> bool:
        return self._pages[title] is not None

    def __getitem__(self, title: str) -> QWidget:
        page = self._pages[title]
        if page is None:
            page = self._pages[title] = self._build(title)
        return page

    def __iter__(self) -> Iterator[str]:
        return iter(self._pages)

    def __len__(self) -> int:
        return len(self._pages)


class MainWindow(QMainWindow):
    page_built = Signal(str, QWidget)  # its attribute (window.jadwal's "jadwal"), the page

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
        self._closing = False  # no page is built for a window closing or closed
        self.restore_wanted: BackupFile | None = None  # put in place by run_app once closed
        self.page_built.connect(self._connect_page)
        self.setWindowTitle(self.tr("ektp-desk — Perekaman e-KTP"))
        self.resize(*FIRST_SIZE)

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(180)
        self.stack = QStackedWidget()
        self.pages = Pages(self._build_page)
        self._factories: dict[str, tuple[str, Callable[[], QWidget]]] = {}
        self._lazy_titles: dict[str, str] = {}  # attribute (window.jadwal) -> title
        self._painted = False
        self._prebuild = False  # build_pages_after_paint was asked for
        self._after_paint: list[Callable[[], None]] = []  # run once the window painted
        self.page_actions: list[QAction] = []  # Ctrl+1… in page order, in the Halaman menu
        self.warga = WargaPage(db, self.runner, self.bus)
        self._add_page(self.tr("Warga"), self.warga)
        bus, runner = self.bus, self.runner
        self._add_page(self.tr("Jadwal"), "jadwal", lambda: page_class(
            "jadwal", "JadwalPage")(db, runner, bus))
        self._add_page(self.tr("Surat"), "surat", lambda: page_class(
            "surat", "SuratPage")(db, runner, bus))
        self._add_page(self.tr("Meja Layanan"), "meja", lambda: page_class(
            "meja", "MejaPage")(db, runner, bus))
        self._add_page(self.tr("Sinkronisasi"), "sinkronisasi", lambda: page_class(
            "sinkronisasi", "SinkronisasiPage")(db, runner, bus))
        self._add_page(self.tr("Profil Kantor"), "kantor", lambda: page_class(
            "kantor", "ProfilKantorPage")(db, runner, bus))
        self._add_page(self.tr("Pengaturan"), "pengaturan", lambda: page_class(
            "pengaturan", "PengaturanPage")(db, runner))
        # last, so the keys clerks and messages already know (Ctrl+1…7) stay as they were
        self._add_page(self.tr("Laporan"), "laporan", self._make_laporan)
        self._add_page(self.tr("Jemput Bola"), "jemput_bola", lambda: page_class(
            "jemput_bola", "JemputBolaPage")(db, runner, bus))
        self.nav.currentRowChanged.connect(self._show_row)
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
    def _add_page(self, title: str, page: QWidget | str,
                  factory: Callable[[], QWidget] | None = None) -> None:
        """A page built now, or (an attribute name and a factory) on first use."""
        # a page taller or wider than a small screen scrolls instead of growing the window
        scroll = QScrollArea()
        scroll.setObjectName("pageScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        if isinstance(page, QWidget):
            self.pages.add(title, page)
            scroll.setWidget(page)
        else:
            assert factory is not None
            self.pages.add(title, None)
            self._factories[title] = (page, factory)
            self._lazy_titles[page] = title
        self.nav.addItem(title)
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
        # a permanent widget of Ignored width is given none and drawn past the bar's end:
        # Preferred shows the message, shrinking to the minimum (never widening the window)
        self.job_label.setSizePolicy(QSizePolicy.Policy.Preferred,
                                     QSizePolicy.Policy.Preferred)
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

    def _build_page(self, title: str) -> QWidget:
        attribute, factory = self._factories[title]
        page = factory()  # a page that fails to build stays buildable: its error shows again
        del self._factories[title]
        scroll = self.stack.widget(list(self.pages).index(title))
        assert isinstance(scroll, QScrollArea)
        scroll.setWidget(page)
        setattr(self, attribute, page)
        self.page_built.emit(attribute, page)
        return page

    def page_title(self, attribute: str) -> str:
        """The navigation title of the page `window.<attribute>` (built or not)."""
        return self._lazy_titles[attribute]

    def __getattr__(self, name: str) -> Any:
        """`window.jadwal` and the like: the page, built now if it was not yet."""
        titles = self.__dict__.get("_lazy_titles", {})
        if name in titles:
            return self.pages[titles[name]]
        raise AttributeError(name)

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(self.pages):
            self.pages[list(self.pages)[row]]  # built before it is shown
        self.stack.setCurrentIndex(row)

    def build_pages_after_paint(self) -> None:
        """Build the pages not shown yet one at a time once the window has painted, so the
        first visit to each is quick but none delays the first page (run_app asks it)."""
        self._prebuild = True
        if self._painted:
            QTimer.singleShot(0, self._build_next_page)

    def after_first_paint(self, fn: Callable[[], None]) -> None:
        """Run `fn` once the window has painted, after the events queued with the paint
        (the start's checks and backup: docs/architecture.md, "Cold start")."""
        if self._painted:
            QTimer.singleShot(0, fn)
        else:
            self._after_paint.append(fn)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            # after the events queued with the first paint (the window is usable)
            for fn in self._after_paint:
                QTimer.singleShot(0, fn)
            self._after_paint.clear()
            if self._prebuild:
                QTimer.singleShot(0, self._build_next_page)

    def _build_next_page(self) -> None:
        if self._closing:
            return
        if self.runner.busy:  # the shown page's first reads come first
            QTimer.singleShot(PREBUILD_WAIT_MS, self._build_next_page)
            return
        waiting = [title for title in self.pages if not self.pages.built(title)]
        if waiting:
            self.pages[waiting[0]]
            QTimer.singleShot(0, self._build_next_page)

    def _make_laporan(self) -> QWidget:
        page = page_class("laporan", "LaporanPage")(self.db, self.runner, self.bus)
        page.open_people.connect(self.show_people_not_recorded)
        return page

    def show_people_not_recorded(self, kelurahan_code: str) -> None:
        """Warga, narrowed to one kelurahan's people not yet recorded (from Laporan)."""
        self.nav.setCurrentRow(0)  # Warga is the first page
        self.warga.show_filtered(kelurahan_code=kelurahan_code, not_recorded=True)

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

    def _connect_page(self, attribute: str, page: QWidget) -> None:
        if attribute == "pengaturan":
            page.restore_requested.connect(self.restore_from)  # type: ignore[attr-defined]

    def restore_from(self, chosen: BackupFile) -> None:
        """An admin's restore: the window closes as on Keluar (a running write is asked
        about), and run_app puts the backup in place with no connection open, then starts
        again. A close refused leaves everything as it was."""
        self.restore_wanted = chosen
        self.quit_by_clerk()
        if self.isVisible():
            self.restore_wanted = None

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
        self._closing = True
        self.runner.shutdown()
        self.save_geometry()
        event.accept()
