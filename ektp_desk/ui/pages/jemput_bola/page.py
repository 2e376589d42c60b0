"""JemputBolaPage: outreach in the window. Four tabs: *Tempat* (the places, added, changed
and deactivated through the place dialog), *Kunjungan* (the calendar of visits, a visit's
people and documents: visits_tab.py), *Usulan* (the visits routing by category proposes
and the candidates after repeated no-shows, each made into visits by the visit dialog) and
*Impor daftar* (a school or lapas list with its match review: import_tab.py). Every read
and write runs on the runner; the change bus reloads what changed."""

from __future__ import annotations

import datetime as dt

import peewee as pw
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.core import clock, scheduling
from ektp_desk.core.errors import Cancelled, UserError
from ektp_desk.core.people import format_count
from ektp_desk.core.scheduling.places import Place
from ektp_desk.core.scheduling.proposals import ProposedVisit
from ektp_desk.ui import theme
from ektp_desk.ui.changes import ChangeBus, PageRefresh
from ektp_desk.ui.operations.outreach import Proposals, proposals_job
from ektp_desk.ui.pages.jemput_bola.import_tab import ImportTab
from ektp_desk.ui.pages.jemput_bola.models import PlacesModel, ProposalsModel
from ektp_desk.ui.pages.jemput_bola.place_dialog import PlaceDialog
from ektp_desk.ui.pages.jemput_bola.visit_dialog import VisitDialog
from ektp_desk.ui.pages.jemput_bola.visits_tab import VisitsTab
from ektp_desk.ui.runner import JobRunner
from ektp_desk.ui.widgets import error_text, fit_columns, page_title, rows_table


class JemputBolaPage(QWidget):
    """`today` is the day visits are planned from (the clock's when not given)."""

    places_loaded = Signal()
    proposals_loaded = Signal()
    visit_shown = Signal(object)  # VisitInfo
    visit_closed = Signal(object)  # VisitResult
    document_made = Signal(object)  # VisitDocsResult
    list_added = Signal(object)  # VisitResult
    notice_changed = Signal(str, str)

    def __init__(self, db: pw.Database, runner: JobRunner, bus: ChangeBus | None = None,
                 parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("jemputBolaPage")
        self.db, self.runner = db, runner
        self.bus = bus or runner.bus
        self.today = today or clock.today()
        self.places: list[Place] = []
        self.proposals: Proposals | None = None
        self.dialog: QWidget | None = None

        self.notice = theme.NoticeBar()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.tabs.addTab(self._build_places(), self.tr("Tempat"))
        self.visits_tab = VisitsTab(self)
        self.tabs.addTab(self.visits_tab, self.tr("Kunjungan"))
        self.tabs.addTab(self._build_proposals(), self.tr("Usulan"))
        self.import_tab = ImportTab(self)
        self.tabs.addTab(self.import_tab, self.tr("Impor daftar"))
        self.tabs.setCurrentIndex(1)
        self.tabs.currentChanged.connect(self._tab_changed)

        layout = QVBoxLayout(self)
        layout.addWidget(page_title(self.tr("Jemput Bola")))
        layout.addWidget(self.notice)
        layout.addWidget(self.tabs, 1)
        self.refresher = PageRefresh(
            self, self.bus, lambda c: c.schedule or c.people or c.events or c.imports,
            self.reload, stale=True)

    # --- tabs ----------------------------------------------------------------------------
    def _build_places(self) -> QWidget:
        tab = QWidget()
        self.places_model = PlacesModel(self)
        self.places_view = rows_table(self.places_model, "places", self,
                                      selection=QAbstractItemView.SelectionMode.SingleSelection)
        self.add_place_button = QPushButton(self.tr("&Tambah tempat…"))
        self.add_place_button.setObjectName("addPlace")
        self.edit_place_button = QPushButton(self.tr("&Ubah…"))
        self.edit_place_button.setObjectName("editPlace")
        self.active_button = QPushButton(self.tr("Nonakti&fkan"))
        self.active_button.setObjectName("togglePlace")
        buttons = QHBoxLayout()
        for button in (self.add_place_button, self.edit_place_button, self.active_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.places_view, 1)
        layout.addLayout(buttons)
        self.add_place_button.clicked.connect(lambda: self.edit_place(None))
        self.edit_place_button.clicked.connect(lambda: self.edit_place(self.chosen_place()))
        self.active_button.clicked.connect(self.toggle_place)
        self.places_view.selectionModel().currentRowChanged.connect(
            lambda _c, _o: self._place_buttons())
        self.places_view.doubleClicked.connect(
            lambda _i: self.edit_place(self.chosen_place()))
        self._place_buttons()
        return tab

    def _build_proposals(self) -> QWidget:
        tab = QWidget()
        self.proposals_model = ProposalsModel(self)
        self.proposals_view = rows_table(
            self.proposals_model, "proposals", self,
            selection=QAbstractItemView.SelectionMode.SingleSelection)
        self.proposals_label = QLabel()
        self.proposals_label.setObjectName("proposalsLabel")
        self.proposals_label.setWordWrap(True)
        self.from_proposal_button = QPushButton(self.tr("Buat kunjungan dari &usulan…"))
        self.from_proposal_button.setObjectName("fromProposal")
        self.candidates_label = QLabel()
        self.candidates_label.setObjectName("candidatesLabel")
        self.candidates_button = QPushButton(self.tr("Buat kunjungan untuk &kandidat…"))
        self.candidates_button.setObjectName("forCandidates")
        row = QHBoxLayout()
        row.addWidget(self.candidates_label, 1)
        row.addWidget(self.candidates_button)
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.proposals_label)
        layout.addWidget(self.proposals_view, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.from_proposal_button)
        layout.addLayout(buttons)
        layout.addLayout(row)
        self.from_proposal_button.clicked.connect(self.visit_from_proposal)
        self.candidates_button.clicked.connect(
            lambda: self.new_visit(self.today, who="candidates"))
        self.proposals_view.doubleClicked.connect(lambda _i: self.visit_from_proposal())
        return tab

    def _tab_changed(self, index: int) -> None:
        if index == 2 and self.proposals is None:
            self.reload_proposals()

    # --- reading -------------------------------------------------------------------------
    def reload(self) -> None:
        self.visits_tab.reload()
        self.runner.run_read(scheduling.list_visits, self.today, key=(id(self), "open"),
                             on_success=self.import_tab.set_visits, on_failure=self.failed)
        if self.tabs.currentIndex() == 2 or self.proposals is not None:
            self.reload_proposals()

    def places_read(self, places: list[Place]) -> None:
        keep = self.chosen_place()
        self.places = places
        self.places_model.set_rows(places)
        fit_columns(self.places_view, 1)
        if keep is not None:
            row = self.places_model.find_row(lambda p: p.id == keep.id)
            if row is not None:
                self.places_view.selectRow(row)
        self._place_buttons()
        self.places_loaded.emit()

    def reload_proposals(self) -> None:
        self.proposals_label.setText(self.tr("Menghitung usulan…"))
        self.runner.run_read(proposals_job, key=(id(self), "proposals"),
                             on_success=self._proposals_read, on_failure=self.failed)

    def _proposals_read(self, data: Proposals) -> None:
        self.proposals = data
        self.proposals_model.places = data.places
        self.proposals_model.set_rows(data.proposals)
        fit_columns(self.proposals_view, 3)
        people = sum(len(p.person_ids) for p in data.proposals)
        self.proposals_label.setText(self.tr(
            "Menurut kategori (Pengaturan: tempat layanan tiap kategori): {n} warga dalam "
            "{v} usulan kunjungan. Pilih satu lalu buat kunjungannya.").format(
                n=format_count(people), v=format_count(len(data.proposals))))
        self.candidates_label.setText(self.tr(
            "Menurut ketidakhadiran: {n} warga tidak hadir {k} kali atau lebih.").format(
                n=format_count(len(data.candidates)), k=data.attempts))
        self.from_proposal_button.setEnabled(bool(data.proposals))
        self.candidates_button.setEnabled(bool(data.candidates))
        self.proposals_loaded.emit()

    # --- places --------------------------------------------------------------------------
    def chosen_place(self) -> Place | None:
        index = self.places_view.currentIndex()
        return self.places_model.row_value(index.row()) if index.isValid() else None

    def _place_buttons(self) -> None:
        place = self.chosen_place()
        self.edit_place_button.setEnabled(place is not None)
        self.active_button.setEnabled(place is not None)
        self.active_button.setText(self.tr("Akti&fkan") if place is not None
                                   and not place.active else self.tr("Nonakti&fkan"))

    def edit_place(self, place: Place | None) -> None:
        dialog = PlaceDialog(self.runner, self, place=place)
        self._open(dialog, lambda: self.say("ok", self.tr("Tempat disimpan.")))

    def toggle_place(self) -> None:
        place = self.chosen_place()
        if place is None:
            return
        self.runner.run_write(scheduling.set_place_active, place.id, not place.active,
                              source=self, on_success=lambda _r: self.say(
                                  "ok", self.tr("{name} sekarang {state}.").format(
                                      name=place.name, state=self.tr("nonaktif")
                                      if place.active else self.tr("aktif"))),
                              on_failure=self.failed)

    # --- visits --------------------------------------------------------------------------
    def new_visit(self, day: dt.date, *, who: str = "none",
                  proposal: ProposedVisit | None = None) -> None:
        dialog = VisitDialog(self.db, self.runner, self.places, self, today=self.today,
                             day=max(day, self.today), proposal=proposal, who=who)

        def made() -> None:
            result = dialog.result_value
            if proposal is not None:
                self.say("ok", self.tr("{v} kunjungan dibuat untuk {n} warga.").format(
                    v=format_count(len(result.visit_ids)), n=format_count(result.added)))
                self.tabs.setCurrentIndex(1)
                if result.visit_ids:
                    self.visits_tab.show_visit(result.visit_ids[0], dialog.new_visit().day)
                return
            skipped = sum(len(v) for v in result.skipped.values())
            self.say("ok", self.tr("Kunjungan dibuat dengan {n} warga{s}.").format(
                n=format_count(result.added), s=self.tr(
                    " ({n} dilewati)").format(n=format_count(skipped)) if skipped else ""))
            self.visits_tab.show_visit(result.visit_id, dialog.new_visit().day)

        self._open(dialog, made)

    def visit_from_proposal(self) -> None:
        index = self.proposals_view.currentIndex()
        proposal = self.proposals_model.row_value(index.row()) if index.isValid() else None
        if proposal is None:
            self.say("warn", self.tr("Pilih dulu satu usulan."))
            return
        self.new_visit(self.today + dt.timedelta(days=1), proposal=proposal)

    def close_visit(self, visit_id: int) -> None:
        def closed(result: scheduling.VisitResult) -> None:
            self.say("ok", self.tr("Kunjungan ditutup: {n} warga ditandai tidak hadir.").format(
                n=format_count(result.recorded)))
            self.visit_closed.emit(result)

        self.runner.run_write(scheduling.close_visit, visit_id, today=self.today, source=self,
                              on_success=closed, on_failure=self.failed)

    # --- dialogs and messages ------------------------------------------------------------
    def _open(self, dialog: PlaceDialog | VisitDialog, on_accept: object) -> None:
        self.dialog = dialog

        def done(result: int) -> None:
            self.dialog = None
            if result and callable(on_accept):
                on_accept()
            dialog.deleteLater()

        dialog.finished.connect(done)
        dialog.open()

    def say(self, kind: str, text: str) -> None:
        self.notice.show_notice(kind, text)
        self.notice_changed.emit(kind, text)

    def failed(self, error: BaseException) -> None:
        if isinstance(error, Cancelled):
            self.say("info", self.tr("Dibatalkan. Tidak ada yang diubah."))
        else:
            self.say("error", error.message if isinstance(error, UserError)
                     else error_text(error))
