"""Sending a made PDF to a printer from the window, and the last print jobs.

The system print dialog chooses the printer, the page range, the copies and duplex; the
PDF itself then goes to the print system (core/printing) on the runner's writer, never
on the GUI thread. Only when the print system refuses the PDF is the old way offered:
pages rasterised and painted on the printer (``pdf_view.print_pdf``), slower and with a
far bigger print job, and the clerk is told so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import peewee as pw
from PySide6.QtCore import Signal
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.core import printing, scheduling
from ektp_desk.core.errors import UserError
from ektp_desk.core.printing import PrintRequest, jobs
from ektp_desk.ui.changes import ChangeBus, PageRefresh
from ektp_desk.ui.pdf_view import open_document, prepare_printer, print_pdf
from ektp_desk.ui.runner import JobRunner
from ektp_desk.ui.widgets import confirm, error_text, tr

# the print system's refusals after which rasterising may still get the pages out
RASTER_FALLBACK = ("print_refused", "print_no_system")


def ask_printer(parent: QWidget, pdf: Path, title: str) -> PrintRequest | None:
    """The system print dialog for a PDF: the request the clerk chose, None if cancelled."""
    document = open_document(pdf)
    try:
        count = len(document)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        prepare_printer(printer, document, title)
        paper = printing.paper_for(*document[0].get_size()) if count else "A4"
    finally:
        document.close()
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(tr("Cetak ke printer"))
    dialog.setMinMax(1, max(count, 1))
    dialog.setFromTo(1, max(count, 1))
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return None
    pages = None
    if printer.printRange() == QPrinter.PrintRange.PageRange:
        pages = (max(printer.fromPage(), 1), min(printer.toPage() or count, count))
    return PrintRequest(pdf, printer.printerName(), max(printer.copyCount(), 1), pages, paper,
                        printer.duplex() != QPrinter.DuplexMode.DuplexNone, title)


class PrintJobsPanel(QWidget):
    """The last print jobs (when, printer, pages, letters, state) with Batalkan for a job
    still in the queue and Perbarui to ask the print system how the jobs went.

    ``sent(object)`` with the PrintResult once a PDF was accepted; ``failed(str)`` with the
    words when it was not."""

    sent = Signal(object)
    failed = Signal(str)
    loaded = Signal()

    WHEN, PRINTER, PAGES, LETTERS, STATE = range(5)

    def __init__(self, db: pw.Database, runner: JobRunner, bus: ChangeBus | None = None,
                 parent: QWidget | None = None,
                 system: Callable[[], printing.PrintSystem] = printing.default_system) -> None:
        super().__init__(parent)
        self.db = db
        self.runner = runner
        self.system = system
        self.rows: list[jobs.PrintJobRow] = []
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("printJobs")
        self.table.setHorizontalHeaderLabels([
            self.tr("Waktu"), self.tr("Printer"), self.tr("Halaman"), self.tr("Surat"),
            self.tr("Keadaan")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMaximumHeight(140)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.cancel_button = QPushButton(self.tr("Bat&alkan pekerjaan"))
        self.cancel_button.setObjectName("cancelJob")
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.refresh_button = QPushButton(self.tr("Perbarui"))
        self.refresh_button.setObjectName("refreshJobs")
        self.refresh_button.clicked.connect(self.refresh)
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel(self.tr("<b>Pekerjaan cetak terakhir</b>")))
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        self.refresher = PageRefresh(self, bus, lambda c: c.letters, self.reload, stale=True)
        self._update_buttons()

    # --- sending ----------------------------------------------------------------------------
    def send(self, request: PrintRequest, summons_ids: Sequence[int], *, document: str,
             title: str, visit_document_ids: Sequence[int] = ()) -> None:
        """Hand the PDF to the print system on the writer; the letters count as printed
        once it accepts. ``visit_document_ids``: a visit's documents on the pages sent,
        linked to the job."""
        summons_ids = jobs.letters_on_pages(summons_ids, request.pages)
        self._last = (request, summons_ids)
        self.runner.run_write(jobs.print_file, request, document=document,
                              summons_ids=summons_ids, visit_document_ids=visit_document_ids,
                              system=self.system(), title=title, on_success=self._sent,
                              on_failure=self._send_failed)

    def _sent(self, result: jobs.PrintResult) -> None:
        self.reload()
        self.sent.emit(result)

    def _send_failed(self, error: BaseException) -> None:
        self.reload()
        words = error_text(error)
        if isinstance(error, UserError) and error.message_id in RASTER_FALLBACK and confirm(
                self, self.tr("Cetak sebagai gambar?"), words,
                informative=self.tr(
                    "Printer ini tidak menerima PDF. Halaman dapat dikirim sebagai gambar: "
                    "jauh lebih lambat dan berkas cetaknya ratusan kali lebih besar."),
                yes=self.tr("Cetak sebagai gambar")):
            self._print_as_pictures()
            return
        self.failed.emit(words)

    def _print_as_pictures(self) -> None:
        request, summons_ids = self._last
        if print_pdf(request.pdf, self, title=request.title) and summons_ids:
            self.runner.run_write(scheduling.mark_letters_printed, summons_ids,
                                  on_success=lambda _: self.reload(),
                                  on_failure=lambda e: self.failed.emit(error_text(e)))

    # --- the list ---------------------------------------------------------------------------
    def reload(self) -> None:
        self.runner.run_read(jobs.recent_jobs, key=(id(self), "jobs"), on_success=self._show,
                             on_failure=lambda e: self.failed.emit(error_text(e)))

    def refresh(self) -> None:
        self.runner.run_write(jobs.refresh_jobs, system=self.system(),
                              on_success=lambda _: self.reload(),
                              on_failure=lambda e: self.failed.emit(error_text(e)))

    def cancel_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        self.runner.run_write(jobs.cancel_job, row.id, system=self.system(),
                              on_success=lambda _: self.reload(),
                              on_failure=lambda e: self.failed.emit(error_text(e)))

    def selected(self) -> jobs.PrintJobRow | None:
        picked = self.table.selectionModel().selectedRows()
        return self.rows[picked[0].row()] if picked else None

    def _show(self, rows: list[jobs.PrintJobRow]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for n, row in enumerate(rows):
            state = jobs.STATE_WORDS.get(row.state, row.state)
            held = str(row.letters) if row.letters else ""
            if row.documents:  # a visit's documents, listed like letters
                held = self.tr("{n} dokumen kunjungan {visit}").format(
                    n=row.documents, visit=row.visit_id)
            cells = (row.created_at[11:16].replace(":", "."), row.printer,
                     str(row.pages * row.copies), held,
                     f"{state}: {row.message}" if row.message else state)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(f"{row.job or ''} {row.created_at}")
                self.table.setItem(n, column, item)
        if any(row.documents for row in rows):  # "2 dokumen kunjungan 7" in one line
            self.table.resizeColumnToContents(self.LETTERS)
        self._update_buttons()
        self.loaded.emit()

    def _update_buttons(self) -> None:
        row = self.selected()
        self.cancel_button.setEnabled(row is not None and row.state in jobs.OPEN_STATES)
