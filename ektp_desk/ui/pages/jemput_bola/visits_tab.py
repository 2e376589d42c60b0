"""The Kunjungan tab: a month calendar with the days that have visits marked, the chosen
day's visits, and the chosen visit's people (with their outcome; add by NIK, take off) and
documents (notice, daftar peserta, berita acara, family letters; made on the writer into
the letters folder, opened, and sent to a printer through the print queue the summoning
letters use: one job per document set, listed below them)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QUrl
from PySide6.QtGui import QBrush, QColor, QDesktopServices, QFont, QTextCharFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.core import scheduling
from ektp_desk.core.calendar import format_date_id
from ektp_desk.core.people import format_count
from ektp_desk.core.scheduling.outreach import VisitInfo
from ektp_desk.ui.operations.outreach import (
    MonthData,
    VisitDetail,
    add_person_job,
    documents_job,
    month_job,
    visit_job,
)
from ektp_desk.ui.pages.jemput_bola.models import (
    VisitPeopleModel,
    VisitsModel,
    hours_text,
    state_text,
)
from ektp_desk.ui.print_queue import PrintJobsPanel, ask_printer
from ektp_desk.ui.widgets import INDONESIAN, confirm, fit_columns, rows_table, to_date, to_qdate

if TYPE_CHECKING:
    from ektp_desk.ui.pages.jemput_bola.page import JemputBolaPage

MARKED = QColor("#d7ebff")
DOCUMENTS = (("pemberitahuan", QT_TRANSLATE_NOOP("VisitsTab", "Pemberit&ahuan")),
             ("daftar", QT_TRANSLATE_NOOP("VisitsTab", "&Daftar peserta")),
             ("berita_acara", QT_TRANSLATE_NOOP("VisitsTab", "Berita a&cara")),
             ("keluarga", QT_TRANSLATE_NOOP("VisitsTab", "Surat ke&luarga")))


class VisitsTab(QWidget):
    def __init__(self, page: JemputBolaPage) -> None:
        super().__init__(page)
        self.page = page
        self.month: MonthData | None = None
        self.visit: VisitInfo | None = None
        self.last_pdf: Any = None
        self.last_result: Any = None  # the VisitDocsResult of last_pdf
        self._marked: list[dt.date] = []

        self.calendar = QCalendarWidget()
        self.calendar.setObjectName("visitCalendar")
        self.calendar.setLocale(INDONESIAN)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(
            QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setSelectedDate(to_qdate(page.today))
        self.day_label = QLabel()
        self.day_label.setObjectName("dayLabel")
        self.visits_model = VisitsModel(self)
        self.visits = rows_table(self.visits_model, "dayVisits", self,
                                 selection=QAbstractItemView.SelectionMode.SingleSelection)
        self.new_button = QPushButton(self.tr("Buat &kunjungan…"))
        self.new_button.setObjectName("newVisit")

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 4, 0)
        left_layout.addWidget(self.calendar)
        left_layout.addWidget(self.day_label)
        left_layout.addWidget(self.visits, 1)
        left_layout.addWidget(self.new_button)

        self.header = QLabel(self.tr("Pilih kunjungan di kiri."))
        self.header.setObjectName("visitHeader")
        self.header.setWordWrap(True)
        self.people_model = VisitPeopleModel(self)
        self.people = rows_table(self.people_model, "visitPeople", self,
                                 selection=QAbstractItemView.SelectionMode.ExtendedSelection)
        self.add_button = QPushButton(self.tr("Tambah &warga…"))
        self.add_button.setObjectName("addPerson")
        self.remove_button = QPushButton(self.tr("Ha&pus dari daftar"))
        self.remove_button.setObjectName("removePeople")
        self.close_button = QPushButton(self.tr("&Tutup kunjungan…"))
        self.close_button.setObjectName("closeVisit")
        people_buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.close_button):
            people_buttons.addWidget(button)
        people_buttons.addStretch(1)
        self.doc_buttons: dict[str, QPushButton] = {}
        docs = QGridLayout()
        docs.addWidget(QLabel(self.tr("Dokumen:")), 0, 0)
        for column, (key, text) in enumerate(DOCUMENTS, start=1):
            button = QPushButton(self.tr(text))
            button.setObjectName(f"doc_{key}")
            button.clicked.connect(lambda _c=False, k=key: self.make_document(k))
            self.doc_buttons[key] = button
            docs.addWidget(button, 0, column)
        self.open_button = QPushButton(self.tr("B&uka PDF"))
        self.open_button.setObjectName("openPdf")
        self.open_button.setEnabled(False)
        docs.addWidget(self.open_button, 0, len(DOCUMENTS) + 1)
        self.printer_button = QPushButton(self.tr("Cetak ke p&rinter…"))
        self.printer_button.setObjectName("toPrinter")
        self.printer_button.setToolTip(self.tr(
            "Kirim PDF dokumen yang terakhir dibuat ke printer; nomornya tetap"))
        self.printer_button.setEnabled(False)
        docs.addWidget(self.printer_button, 0, len(DOCUMENTS) + 2)
        docs.setColumnStretch(len(DOCUMENTS) + 3, 1)
        self.jobs_panel = PrintJobsPanel(page.db, page.runner, page.bus, self)
        # Alt+A is Pemberitahuan's on this tab
        self.jobs_panel.cancel_button.setText(self.tr("Batalkan pek&erjaan"))
        self.jobs_panel.sent.connect(self._sent_to_printer)
        self.jobs_panel.failed.connect(lambda words: page.say("error", words))

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(4, 0, 0, 0)
        right_layout.addWidget(self.header)
        right_layout.addWidget(self.people, 1)
        right_layout.addLayout(people_buttons)
        right_layout.addLayout(docs)
        right_layout.addWidget(self.jobs_panel)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setCollapsible(0, False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(splitter)

        self.calendar.selectionChanged.connect(self._show_day)
        self.calendar.currentPageChanged.connect(lambda _y, _m: self.reload())
        self.visits.selectionModel().currentRowChanged.connect(
            lambda current, _old: self.open_visit(self.visits_model.row_value(current.row())))
        self.new_button.clicked.connect(lambda: page.new_visit(self.chosen_day()))
        self.add_button.clicked.connect(self.add_person)
        self.remove_button.clicked.connect(self.remove_people)
        self.close_button.clicked.connect(self.close_visit)
        self.open_button.clicked.connect(self.open_pdf)
        self.printer_button.clicked.connect(self.send_to_printer)
        self._update_buttons()

    # --- reading -------------------------------------------------------------------------
    def chosen_day(self) -> dt.date:
        return to_date(self.calendar.selectedDate())

    def reload(self) -> None:
        first = dt.date(self.calendar.yearShown(), self.calendar.monthShown(), 1)
        self.page.runner.run_read(month_job, first, key=(id(self), "month"),
                                  on_success=self._month_read, on_failure=self.page.failed)

    def _month_read(self, data: MonthData) -> None:
        self.month = data
        self.page.places_read(data.places)
        plain = QTextCharFormat()
        for day in self._marked:
            self.calendar.setDateTextFormat(to_qdate(day), plain)
        marked = QTextCharFormat()
        marked.setBackground(QBrush(MARKED))
        marked.setFontWeight(QFont.Weight.Bold)
        self._marked = sorted({v.date for v in data.visits})
        for day in self._marked:
            self.calendar.setDateTextFormat(to_qdate(day), marked)
        self._show_day()

    def _show_day(self) -> None:
        day = self.chosen_day()
        visits = [v for v in (self.month.visits if self.month else []) if v.date == day]
        keep = self.visit.id if self.visit else None
        self.visits_model.set_rows(visits)
        fit_columns(self.visits, 1)
        self.day_label.setText(self.tr("{date}: {n} kunjungan").format(
            date=format_date_id(day), n=format_count(len(visits))))
        row = self.visits_model.find_row(lambda v: v.id == keep)
        if row is None and visits:
            row = 0
        if row is not None:
            self.visits.selectRow(row)
            self.open_visit(self.visits_model.row_value(row))
        else:
            self.open_visit(None)

    def open_visit(self, visit: VisitInfo | None) -> None:
        if visit is None:
            self.visit = None
            self.people_model.set_rows([])
            self.header.setText(self.tr("Tidak ada kunjungan pada hari ini. Buat kunjungan "
                                        "baru, atau pilih tanggal yang bertanda."))
            self._update_buttons()
            return
        self.page.runner.run_read(visit_job, visit.id, key=(id(self), "visit"),
                                  on_success=self._visit_read, on_failure=self.page.failed)

    def show_visit(self, visit_id: int, day: dt.date) -> None:
        """Go to a visit (after it was made): its month, its day, the visit itself."""
        self.visit = VisitInfo(visit_id, 0, "", "", day, None, None, None, "rencana", 0, 0)
        self.calendar.setSelectedDate(to_qdate(day))
        self.reload()

    def _visit_read(self, detail: VisitDetail) -> None:
        visit = self.visit = detail.visit
        self.people_model.set_rows(detail.people)
        fit_columns(self.people, 0)
        team = ", ".join(visit.team) or self.tr("belum ditulis")
        capacity = format_count(visit.capacity) if visit.capacity else self.tr("tanpa batas")
        self.header.setText(self.tr(
            "<b>{place}</b> · {date} · {hours} · {state}<br>Tim: {team} · {kits} alat · "
            "daya tampung {capacity} · {n} warga, {done} sudah ada hasil").format(
                place=visit.location, date=format_date_id(visit.date), hours=hours_text(visit),
                state=state_text(visit.state), team=team, kits=visit.kits, capacity=capacity,
                n=format_count(visit.people), done=format_count(visit.recorded)))
        self._update_buttons()
        self.page.visit_shown.emit(visit)

    def _update_buttons(self) -> None:
        visit = self.visit
        planned = visit is not None and visit.state == "rencana" and bool(visit.location)
        for button in (self.add_button, self.remove_button):
            button.setEnabled(planned)
        self.close_button.setEnabled(planned and visit is not None
                                     and visit.date <= self.page.today)
        for key, button in self.doc_buttons.items():
            button.setEnabled(visit is not None and bool(visit.location) and visit.people > 0
                              and visit.state != "batal"
                              and (key != "keluarga" or visit.kind == "rumah")
                              and (key != "pemberitahuan" or visit.kind != "rumah")
                              and (key != "berita_acara" or visit.date <= self.page.today))

    # --- acting on the visit -------------------------------------------------------------
    def add_person(self) -> None:
        visit = self.visit
        if visit is None:
            return
        nik, ok = QInputDialog.getText(self, self.tr("Tambah warga"),
                                       self.tr("NIK warga yang ditambahkan ke kunjungan:"))
        if not ok or not nik.strip():
            return
        self.page.runner.run_write(add_person_job, visit.id, nik, source=self.page,
                                   on_success=lambda r: self._changed(
                                       self.tr("{n} warga ditambahkan.").format(
                                           n=format_count(r.added))),
                                   on_failure=self.page.failed)

    def remove_people(self) -> None:
        visit = self.visit
        rows = sorted({i.row() for i in self.people.selectionModel().selectedRows()})
        ids = [self.people_model.row_value(r).person_id for r in rows]
        if visit is None or not ids:
            self.page.say("warn", self.tr("Pilih dulu warga yang dikeluarkan dari daftar."))
            return
        if not confirm(self, self.tr("Hapus dari daftar"),
                       self.tr("Keluarkan {n} warga dari daftar kunjungan ini?").format(
                           n=format_count(len(ids))),
                       informative=self.tr("Panggilan kantornya tidak kembali; jadwal "
                                           "berikutnya memanggil mereka lagi."),
                       yes=self.tr("Ya, keluarkan"), no=self.tr("Batal")):
            return
        self.page.runner.run_write(scheduling.remove_visit_people, visit.id, ids,
                                   source=self.page,
                                   on_success=lambda _r: self._changed(
                                       self.tr("{n} warga dikeluarkan dari daftar.").format(
                                           n=format_count(len(ids)))),
                                   on_failure=self.page.failed)

    def close_visit(self) -> None:
        visit = self.visit
        if visit is None:
            return
        missing = visit.people - visit.recorded
        if not confirm(self, self.tr("Tutup kunjungan"),
                       self.tr("Tutup kunjungan ke {place}?").format(place=visit.location),
                       informative=self.tr("{n} warga yang belum ada hasilnya ditandai tidak "
                                           "hadir (masuk panggilan berikutnya).").format(
                                               n=format_count(missing)),
                       yes=self.tr("Ya, tutup"), no=self.tr("Batal")):
            return
        self.page.close_visit(visit.id)

    def _changed(self, text: str) -> None:
        self.page.say("ok", text)
        self.reload()

    def make_document(self, key: str) -> None:
        visit = self.visit
        if visit is None:
            return
        self.page.runner.run_write(documents_job, visit.id, key, today=self.page.today,
                                   source=self.page,
                                   title=self.tr("Membuat dokumen kunjungan…"),
                                   on_success=self._document_made,
                                   on_failure=self.page.failed)

    def _document_made(self, result: Any) -> None:
        self.last_pdf = result.out
        self.last_result = result
        self.open_button.setEnabled(True)
        self.printer_button.setEnabled(True)
        self.page.say("ok", self.tr("{n} halaman dibuat: {path}").format(
            n=format_count(result.pages), path=result.out))
        self.page.document_made.emit(result)

    def open_pdf(self) -> None:
        if self.last_pdf is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_pdf)))

    def send_to_printer(self) -> None:
        """The print dialog, then the last document set's PDF itself to the print system
        on the writer: one job, its documents (those on the pages chosen) linked to it."""
        result = self.last_result
        if result is None or not result.out.exists():
            self.page.say("warn", self.tr("Buat dulu dokumennya; berkas PDF-nya tidak ada."))
            return
        request = ask_printer(self, result.out, result.out.name)
        if request is not None:
            self.jobs_panel.send(request, (), document="kunjungan",
                                 title=self.tr("Mengirim ke printer {printer}").format(
                                     printer=request.printer),
                                 visit_document_ids=result.documents_on_pages(request.pages))

    def _sent_to_printer(self, result: Any) -> None:
        again = (self.tr(", {n} cetak ulang dengan nomor yang sama").format(
            n=format_count(result.reprints)) if result.reprints else "")
        self.page.say("ok", self.tr("Dikirim ke printer {printer}: {pages} halaman, {n} "
                                    "dokumen{again} (pekerjaan {job}).").format(
            printer=result.printer, pages=format_count(result.printed_pages),
            n=format_count(result.documents), again=again, job=result.job))
