"""The Surat page: choose a batch of summoning letters, see each letter's state and number,
preview one letter (registers nothing), print the batch into a PDF (numbers are taken and
registered by the core), then look at it, send it to a printer or open it.

A batch is one of: the letters not printed yet (the clerk's usual batch), those marked for
reprint, one session (slot), one day, or one kelurahan (optionally only the unprinted ones).
Reading the list runs on a reader thread; printing runs on the runner's writer with its
progress dialog and Batal. Changes to letters or the schedule (from any page) reload the
list, or mark it stale until the page is shown again.

Keyboard: Enter on a letter (or Alt+P) previews it, Ctrl+P prints the batch, Ctrl+U marks
the selected letters for reprint, Ctrl+Shift+P sends the printed PDF to a printer, Ctrl+O
opens it, F5 reads the list again.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import peewee as pw
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ektp_desk import paths
from ektp_desk.core import clock, election, outputs, regions, scheduling
from ektp_desk.core.calendar import format_date_id, format_time_range
from ektp_desk.core.errors import Cancelled, UserError
from ektp_desk.core.letters import batch
from ektp_desk.core.letters.batch import BatchResult, LetterStatus, Selection
from ektp_desk.core.people import format_count
from ektp_desk.core.scheduling import SlotInfo
from ektp_desk.ui import theme
from ektp_desk.ui.changes import ChangeBus, PageRefresh
from ektp_desk.ui.models.rows_model import RowsModel
from ektp_desk.ui.pdf_view import PdfView, open_pdf
from ektp_desk.ui.print_queue import PrintJobsPanel, ask_printer
from ektp_desk.ui.runner import JobRunner
from ektp_desk.ui.widgets import (
    ERROR_STYLE,
    buddy_label,
    confirm,
    date_edit,
    error_text,
    fill_kelurahan,
    key_for,
    page_title,
    rows_table,
    to_date,
    to_qdate,
)

AnyIndex = QModelIndex | QPersistentModelIndex
SUMMONS_ROLE = Qt.ItemDataRole.UserRole + 1

# the kinds of batch, in the order the combo lists them
UNPRINTED, REPRINT, SLOT, DATE, KELURAHAN = "belum", "ulang", "sesi", "tanggal", "kelurahan"
KINDS = (
    (UNPRINTED, QT_TRANSLATE_NOOP("SuratPage", "Belum dicetak")),
    (REPRINT, QT_TRANSLATE_NOOP("SuratPage", "Perlu dicetak ulang")),
    (SLOT, QT_TRANSLATE_NOOP("SuratPage", "Per sesi")),
    (DATE, QT_TRANSLATE_NOOP("SuratPage", "Per tanggal")),
    (KELURAHAN, QT_TRANSLATE_NOOP("SuratPage", "Per kelurahan")),
)
STATE_LABELS = {
    scheduling.LETTER_NOT_PRINTED: QT_TRANSLATE_NOOP("LettersModel", "Belum dicetak"),
    scheduling.LETTER_PRINTED: QT_TRANSLATE_NOOP("LettersModel", "Dicetak"),
    scheduling.LETTER_REPRINT: QT_TRANSLATE_NOOP("LettersModel", "Cetak ulang"),
}
STATE_TIPS = {
    scheduling.LETTER_NOT_PRINTED: QT_TRANSLATE_NOOP(
        "LettersModel", "Surat belum dicetak; nomornya diberikan saat dicetak."),
    scheduling.LETTER_PRINTED: QT_TRANSLATE_NOOP("LettersModel", "Surat sudah dicetak."),
    scheduling.LETTER_REPRINT: QT_TRANSLATE_NOOP(
        "LettersModel", "Surat perlu dicetak ulang (jadwal berubah, atau hilang/rusak); "
        "nomornya tetap."),
}
STATE_COLOURS = {
    scheduling.LETTER_NOT_PRINTED: theme.colour(theme.DIM),
    scheduling.LETTER_PRINTED: theme.colour(theme.OK),
    scheduling.LETTER_REPRINT: theme.colour(theme.REPRINT),
}
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


# translate("Context", "…"), the form lupdate reads (not a wrapper of it)
translate = QCoreApplication.translate


class LettersModel(RowsModel):
    """The letters of a batch in print (delivery) order: No., name, kelurahan, RT/RW, the
    session they are called to, state, number, reprints."""

    COLUMNS = (QT_TRANSLATE_NOOP("LettersModel", "No."),
               QT_TRANSLATE_NOOP("LettersModel", "Nama"),
               QT_TRANSLATE_NOOP("LettersModel", "Kelurahan"),
               QT_TRANSLATE_NOOP("LettersModel", "RT/RW"),
               QT_TRANSLATE_NOOP("LettersModel", "Jadwal"),
               QT_TRANSLATE_NOOP("LettersModel", "Status surat"),
               QT_TRANSLATE_NOOP("LettersModel", "Nomor surat"),
               QT_TRANSLATE_NOOP("LettersModel", "Dicetak ulang"))
    CONTEXT = "LettersModel"
    NO, NAME, KELURAHAN, RT_RW, SESSION, STATE, NUMBER, REPRINTS = range(8)

    # data() is overridden, not cell(): the "No." column needs the row number

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == SUMMONS_ROLE:
            return row.summons_id
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.NO:
                return format_count(index.row() + 1)
            if column == self.NAME:
                return row.name
            if column == self.KELURAHAN:
                return row.kelurahan
            if column == self.RT_RW:
                return row.rt_rw
            if column == self.SESSION:
                return row.session
            if column == self.STATE:
                if row.letter == scheduling.LETTER_NOT_PRINTED and row.number:
                    return translate("LettersModel", "PDF dibuat")  # not accepted by a printer
                return translate("LettersModel", STATE_LABELS.get(row.letter, row.letter))
            if column == self.NUMBER:
                return row.number or "—"
            if column == self.REPRINTS:
                return f"{row.reprints}×" if row.reprints else ""
            return None
        if role == Qt.ItemDataRole.ForegroundRole and column == self.STATE:
            colour = STATE_COLOURS.get(row.letter)
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.STATE and row.letter in STATE_TIPS:
                return translate("LettersModel", STATE_TIPS[row.letter])
            if column == self.NUMBER and row.number is None:
                return translate("LettersModel", "Belum bernomor: nomor diberikan saat dicetak.")
            if column == self.REPRINTS and row.reprints:
                return translate("LettersModel", "Sudah dicetak ulang {n} kali dengan nomor yang "
                           "sama.").format(n=row.reprints)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.NO, self.REPRINTS):
            return _RIGHT
        return None


def _slug(text: str) -> str:
    keep = "".join(c.lower() if c.isalnum() else "-" for c in text)
    return "-".join(p for p in keep.split("-") if p)[:40] or "surat"


class SuratPage(QWidget):
    """Signals: ``loaded`` when the table shows the chosen batch; ``previewed`` when the
    viewer shows a one-letter preview; ``printed(object)`` with the BatchResult when a
    print run finished; ``marked`` after letters were marked for reprint."""

    loaded = Signal()
    slots_loaded = Signal()
    previewed = Signal()
    printed = Signal(object)
    marked = Signal()

    def __init__(self, db: pw.Database, runner: JobRunner, bus: ChangeBus | None = None,
                 parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.runner = runner
        self.bus = bus
        self._today = today
        self._loading = False
        self.printed_pdf: Path | None = None
        self.printed_receipts: Path | None = None
        self.printed_ids: tuple[int, ...] = ()  # the summonses of the PDF shown
        self.table_regions = regions.default_table()
        # before the widgets: building them may ask for a reload already
        self.refresher = PageRefresh(self, bus, lambda c: c.letters or c.schedule or c.people,
                                     self._reload_shown, stale=True)
        self._build()
        self.runner.run_read(scheduling.first_slot_day, self.today, on_success=self._set_first_day,
                             on_failure=self._say_error)

    @property
    def today(self) -> dt.date:
        return self._today or clock.today()

    # --- layout -----------------------------------------------------------------------------
    def _build(self) -> None:
        title = page_title(self.tr("Surat Panggilan"))

        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("kind")
        for kind, label in KINDS:
            self.kind_combo.addItem(self.tr(label), kind)
        self.kind_combo.setToolTip(self.tr("Surat mana yang ditampilkan dan dicetak"))
        self.date_edit = date_edit(self.today)
        self.date_edit.setObjectName("date")
        self.slot_combo = QComboBox()
        self.slot_combo.setObjectName("slot")
        self.slot_combo.setMinimumContentsLength(36)
        self.kelurahan_combo = QComboBox()
        self.kelurahan_combo.setObjectName("kelurahan")
        fill_kelurahan(self.kelurahan_combo, self.table_regions, None,
                       self.tr("Pilih kelurahan…"))
        self.only_unprinted = QCheckBox(self.tr("Hanya yang &belum dicetak"))
        self.only_unprinted.setObjectName("onlyUnprinted")
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.date_edit.dateChanged.connect(self._date_changed)
        self.slot_combo.currentIndexChanged.connect(lambda _: self.reload())
        self.kelurahan_combo.currentIndexChanged.connect(lambda _: self.reload())
        self.only_unprinted.toggled.connect(lambda _: self.reload())
        self.date_label = buddy_label(self.tr("&Tanggal:"), self.date_edit)
        self.slot_label = buddy_label(self.tr("S&esi:"), self.slot_combo)
        self.kelurahan_label = buddy_label(self.tr("&Kelurahan:"), self.kelurahan_combo)
        choose = self._choose_layout = QHBoxLayout()
        choose.addWidget(buddy_label(self.tr("&Surat:"), self.kind_combo))
        choose.addWidget(self.kind_combo)
        for widget in (self.date_label, self.date_edit, self.slot_label, self.slot_combo,
                       self.kelurahan_label, self.kelurahan_combo):
            choose.addWidget(widget)
        choose.addWidget(self.only_unprinted)
        choose.addStretch(1)

        self.model = LettersModel(self)
        self.table = rows_table(self.model, "letters", self,
                                selection=QAbstractItemView.SelectionMode.ExtendedSelection,
                                stretch=LettersModel.NAME)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.activated.connect(lambda _: self.preview_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)

        self.preview_button = QPushButton(self.tr("&Pratinjau"))
        self.preview_button.setObjectName("preview")
        self.preview_button.setToolTip(self.tr(
            "Pratinjau surat warga yang dipilih (Enter). Tidak mencatat nomor apa pun."))
        self.preview_button.clicked.connect(self.preview_selected)
        self.print_button = QPushButton(self.tr("&Cetak…"))
        self.print_button.setObjectName("print")
        self.print_button.setToolTip(self.tr(
            "Buat PDF semua surat pilihan ini; surat baru mendapat nomor dan "
            "tercatat di agenda surat keluar."))
        key_for(self.print_button, "Ctrl+P")
        self.print_button.clicked.connect(self.print_letters)
        self.receipts_check = QCheckBox(self.tr("Juga daftar &tanda terima"))
        self.receipts_check.setObjectName("receipts")
        self.receipts_check.setToolTip(self.tr(
            "Juga buat PDF daftar tanda terima per RT/RW untuk pengantar surat."))
        self.reprint_button = QPushButton(self.tr("Tandai cetak &ulang"))
        self.reprint_button.setObjectName("markReprint")
        self.reprint_button.setToolTip(self.tr(
            "Tandai surat terpilih yang sudah dicetak (hilang atau rusak) untuk dicetak "
            "ulang dengan nomor yang sama."))
        key_for(self.reprint_button, "Ctrl+U")
        self.reprint_button.clicked.connect(self.mark_selected_for_reprint)
        self.reload_button = QPushButton(self.tr("Muat ulang"))
        self.reload_button.setObjectName("reload")
        self.reload_button.setToolTip(self.tr("Baca daftar surat lagi"))
        key_for(self.reload_button, "F5")
        self.reload_button.clicked.connect(self.reload)
        actions = QHBoxLayout()
        actions.addWidget(self.preview_button)
        actions.addWidget(self.reprint_button)
        actions.addStretch(1)
        actions.addWidget(self.reload_button)
        actions.addWidget(self.receipts_check)
        actions.addWidget(self.print_button)
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(choose)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.summary)
        left_layout.addLayout(actions)
        left_layout.addWidget(self.status)
        self.jobs_panel = PrintJobsPanel(self.db, self.runner, self.bus)
        self.jobs_panel.sent.connect(self._sent_to_printer)
        self.jobs_panel.failed.connect(self._say_error_text)
        left_layout.addWidget(self.jobs_panel)

        self.viewer_title = QLabel()
        self.viewer_title.setObjectName("viewerTitle")
        self.viewer_title.setTextFormat(Qt.TextFormat.RichText)
        self.printer_button = QPushButton(self.tr("Cetak ke p&rinter…"))
        self.printer_button.setObjectName("toPrinter")
        self.printer_button.setToolTip(self.tr(
            "Kirim PDF surat yang sudah dibuat ke printer"))
        key_for(self.printer_button, "Ctrl+Shift+P")
        self.printer_button.clicked.connect(self.send_to_printer)
        self.open_button = QPushButton(self.tr("Bu&ka PDF"))
        self.open_button.setObjectName("openPdf")
        self.open_button.setToolTip(self.tr("Buka PDF surat di penampil PDF"))
        key_for(self.open_button, "Ctrl+O")
        self.open_button.clicked.connect(self.open_printed)
        self.receipts_button = QPushButton(self.tr("Buka &daftar tanda terima"))
        self.receipts_button.setObjectName("openReceipts")
        self.receipts_button.clicked.connect(self.open_receipts)
        self.back_button = QPushButton(self.tr("Hasil cetak"))
        self.back_button.setObjectName("showPrinted")
        self.back_button.setToolTip(self.tr("Tampilkan lagi PDF hasil cetak terakhir"))
        self.back_button.clicked.connect(self.show_printed)
        viewer_buttons = QHBoxLayout()
        viewer_buttons.addWidget(self.back_button)
        viewer_buttons.addStretch(1)
        viewer_buttons.addWidget(self.receipts_button)
        viewer_buttons.addWidget(self.open_button)
        viewer_buttons.addWidget(self.printer_button)
        self.viewer = PdfView()
        self.viewer.setObjectName("viewer")
        self.viewer.clear(self.tr("Pilih surat lalu tekan Pratinjau, atau cetak surat "
                                  "pilihan ini."))
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.viewer_title)
        right_layout.addWidget(self.viewer, 1)
        right_layout.addLayout(viewer_buttons)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(splitter, 1)
        self._kind_changed()
        self._update_buttons()

    # --- choosing the batch ---------------------------------------------------------------------
    @property
    def kind(self) -> str:
        return str(self.kind_combo.currentData())

    def set_kind(self, kind: str) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))

    def _kind_changed(self) -> None:
        kind = self.kind
        for widget, shown in ((self.date_label, kind in (SLOT, DATE)),
                              (self.date_edit, kind in (SLOT, DATE)),
                              (self.slot_label, kind == SLOT),
                              (self.slot_combo, kind == SLOT),
                              (self.kelurahan_label, kind == KELURAHAN),
                              (self.kelurahan_combo, kind == KELURAHAN),
                              (self.only_unprinted, kind in (SLOT, DATE, KELURAHAN))):
            widget.setVisible(shown)
        self._choose_layout.invalidate()  # hiding before the page is shown leaves it stale
        if kind == SLOT:
            self._load_slots()
        self.reload()

    def _date_changed(self) -> None:
        if self.kind == SLOT:
            self._load_slots()
        self.reload()

    def _set_first_day(self, day: dt.date | None) -> None:
        if day is not None and to_date(self.date_edit.date()) != day:
            self.date_edit.setDate(to_qdate(day))

    def _load_slots(self) -> None:
        day = to_date(self.date_edit.date())
        self.runner.run_read(scheduling.list_slots, day, day, key=(id(self), "slots"),
                             on_success=self._slots_ready, on_failure=self._say_error)

    def _slots_ready(self, slots: list[SlotInfo]) -> None:
        keep = self.slot_combo.currentData()
        self.slot_combo.blockSignals(True)
        self.slot_combo.clear()
        for slot in slots:
            label = self.tr("{time} {place} ({count} orang)").format(
                time=format_time_range(slot.start, slot.end), place=slot.location,
                count=format_count(slot.assigned))
            self.slot_combo.addItem(label, slot.id)
            self.slot_combo.setItemData(self.slot_combo.count() - 1, slot.label,
                                        Qt.ItemDataRole.ToolTipRole)
        if not slots:
            self.slot_combo.addItem(self.tr("Tidak ada sesi pada tanggal ini"), None)
        found = self.slot_combo.findData(keep) if keep is not None else -1
        self.slot_combo.setCurrentIndex(max(found, 0))
        self.slot_combo.setEnabled(bool(slots))
        self.slot_combo.blockSignals(False)
        self.slots_loaded.emit()
        self.reload()

    def select_slot(self, slot_id: int) -> bool:
        index = self.slot_combo.findData(slot_id)
        if index >= 0:
            self.slot_combo.setCurrentIndex(index)
        return index >= 0

    def selection(self) -> Selection:
        """The batch the controls choose (may be empty: nothing chosen yet)."""
        kind = self.kind
        only = self.only_unprinted.isChecked()
        if kind == UNPRINTED:
            return Selection(unprinted=True)
        if kind == REPRINT:
            return Selection(reprint=True)
        if kind == SLOT:
            slot_id = self.slot_combo.currentData()
            return Selection(slot_id=int(slot_id), unprinted=only) if slot_id else Selection()
        if kind == DATE:
            return Selection(date=to_date(self.date_edit.date()), unprinted=only)
        code = self.kelurahan_combo.currentData()
        return Selection(kelurahan=str(code), unprinted=only) if code else Selection()

    def _describe(self, selection: Selection) -> str:
        """The batch in words for the clerk."""
        kind = self.kind
        if kind == SLOT and selection.slot_id is not None:
            words = self.tr("sesi {slot}").format(slot=self.slot_combo.currentText())
        elif kind == DATE and selection.date is not None:
            words = format_date_id(selection.date)
        elif kind == KELURAHAN and selection.kelurahan:
            words = self.tr("kelurahan {name}").format(name=self.kelurahan_combo.currentText())
        elif kind == REPRINT:
            return self.tr("yang perlu dicetak ulang")
        else:
            return self.tr("yang belum dicetak")
        if selection.unprinted:
            words += self.tr(", hanya yang belum dicetak")
        return words

    # --- the list -------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the chosen batch's letters again (on a reader thread); while the page is
        hidden, only remember to do it when it is shown."""
        if not self.isVisible():
            self.refresher.stale = True
            return
        selection = self.selection()
        self.refresher.stale = False
        if selection.empty:
            self.runner.forget((id(self), "letters"))  # no batch: an older answer is moot
            self.model.set_rows([])
            self.summary.setText(self.tr("Pilih sesinya.") if self.kind == SLOT
                                 else self.tr("Pilih kelurahannya."))
            self._loading = False
            self._update_buttons()
            self.loaded.emit()
            return
        self._loading = True
        self._update_buttons()
        # another choice made meanwhile replaces this read
        self.runner.run_read(batch.letter_statuses, selection, key=(id(self), "letters"),
                             on_success=self._rows_ready, on_failure=self._load_failed)

    def _rows_ready(self, rows: list[LetterStatus]) -> None:
        keep = set(self.selected_summons())
        self._loading = False
        self.model.set_rows(rows)
        if keep:
            selection = self.table.selectionModel()
            for row, status in enumerate(rows):
                if status.summons_id in keep:
                    selection.select(self.model.index(row, 0),
                                     selection.SelectionFlag.Select
                                     | selection.SelectionFlag.Rows)
        self.summary.setText(self._summary_text(rows))
        self._update_buttons()
        self.loaded.emit()

    def _load_failed(self, error: BaseException) -> None:
        self._loading = False
        self.model.set_rows([])
        self.summary.setText("")
        self._say_error(error)
        self._update_buttons()
        self.loaded.emit()

    def _summary_text(self, rows: Sequence[LetterStatus]) -> str:
        if not rows:
            return self.tr("Tidak ada surat {what}.").format(what=self._describe(
                self.selection()))
        counts = {state: 0 for state in STATE_LABELS}
        for row in rows:
            counts[row.letter] = counts.get(row.letter, 0) + 1
        return self.tr("{total} surat {what}: {printed} dicetak, {unprinted} belum dicetak, "
                       "{reprint} perlu dicetak ulang.").format(
            total=format_count(len(rows)), what=self._describe(self.selection()),
            printed=format_count(counts[scheduling.LETTER_PRINTED]),
            unprinted=format_count(counts[scheduling.LETTER_NOT_PRINTED]),
            reprint=format_count(counts[scheduling.LETTER_REPRINT]))

    def selected_summons(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [r.summons_id for r in (self.model.row_value(i) for i in rows) if r]

    def selected_rows(self) -> list[LetterStatus]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [r for r in (self.model.row_value(i) for i in rows) if r is not None]

    def _update_buttons(self) -> None:
        chosen = self.selected_rows()
        self.preview_button.setEnabled(len(chosen) >= 1)
        self.reprint_button.setEnabled(any(r.letter == scheduling.LETTER_PRINTED
                                           for r in chosen))
        self.print_button.setEnabled(not self._loading and self.model.rowCount() > 0)
        showing_printed = (self.printed_pdf is not None
                           and self.viewer.source == self.printed_pdf)
        self.printer_button.setEnabled(showing_printed)
        self.open_button.setEnabled(showing_printed)
        self.receipts_button.setVisible(self.printed_receipts is not None)
        self.back_button.setVisible(self.printed_pdf is not None and not showing_printed)

    def _reload_shown(self) -> None:
        if self.kind == SLOT:
            self._load_slots()
        else:
            self.reload()

    # --- preview --------------------------------------------------------------------------
    def preview_selected(self) -> None:
        """The first selected person's letter in the viewer, rendered by the core with the
        saved texts; registers nothing."""
        chosen = self.selected_rows()
        if not chosen:
            return
        row = self.table.currentIndex().row()
        current = self.model.row_value(row) if row >= 0 else None
        status = current if current in chosen else chosen[0]
        self.runner.run_read(
            batch.preview_letter, status.summons_id, letter_date=self._today,
            key=(id(self), "preview"),
            on_success=lambda data: self._show_preview(status, data),
            on_failure=self._say_error)

    def _show_preview(self, status: LetterStatus, data: bytes) -> None:
        self.viewer.load(data)
        note = (self.tr("nomor {number}").format(number=status.number) if status.number
                else self.tr("nomor belum diberikan"))
        self.viewer_title.setText(self.tr(
            "<b>Pratinjau</b> surat {name} ({note})<br>Pratinjau tidak dicatat dan kode "
            "QR-nya tidak berlaku; surat yang dikirim dibuat dengan Cetak…").format(
            name=html.escape(status.name), note=html.escape(note)))
        self._update_buttons()
        self.previewed.emit()

    # --- printing -------------------------------------------------------------------------
    def default_path(self, selection: Selection) -> Path:
        """Where a batch PDF goes unless the clerk picks another place: the data folder's
        'surat' folder, named after the batch and the date, never over an older file."""
        if selection.slot_id is not None:
            what = f"sesi-{selection.slot_id}"
        elif selection.date is not None:
            what = selection.date.isoformat()
        elif selection.kelurahan:
            what = _slug(self.kelurahan_combo.currentText())
        elif selection.reprint:
            what = "cetak-ulang"
        else:
            what = "belum-dicetak"
        folder = paths.letters_dir()
        stem = f"surat-{what}-{self.today.isoformat()}"
        path = folder / f"{stem}.pdf"
        n = 2
        while path.exists():
            path = folder / f"{stem}-{n}.pdf"
            n += 1
        return path

    def print_letters(self) -> None:
        """Ask where to save, then print the batch into that PDF (and the delivery list
        beside it) on the writer, with the progress dialog and Batal."""
        selection = self.selection()
        count = self.model.rowCount()
        if selection.empty or not count:
            return
        warning = election.current(self.db).passed_warning(self.today)
        if warning:  # a letter must not invite people to an election already held
            self._say(warning)
            if not confirm(self, self.tr("Pemilu sudah lewat"),
                           warning + "\n\n" + self.tr("Tetap buat surat?"),
                           yes=self.tr("Tetap buat"), no=self.tr("Batal")):
                return
        default = self.default_path(selection)
        default.parent.mkdir(parents=True, exist_ok=True)
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Simpan {n} surat sebagai PDF").format(n=format_count(count)),
            str(default), self.tr("Berkas PDF (*.pdf)"))
        if not chosen:
            return
        out = Path(chosen)
        if out.suffix.lower() != ".pdf":
            out = out.with_name(out.name + ".pdf")
        receipts = (out.with_name(f"{out.stem}-tanda-terima.pdf")
                    if self.receipts_check.isChecked() else None)
        try:  # refused here, before the PDF shown is let go or any letter is made
            outputs.check_outputs([out, receipts], database=self.db)
        except UserError as exc:
            self._say_error(exc)
            return
        self._say("")
        # let go of the PDF shown (Windows cannot replace an open file)
        self.viewer.clear(self.tr("Membuat surat…"))
        self.viewer_title.clear()
        self.printed_pdf = self.printed_receipts = None
        self._update_buttons()
        self.print_button.setEnabled(False)
        self.runner.run_write(
            batch.print_batch, selection, out=out, receipts=receipts,
            letter_date=self._today, hold=True,
            title=self.tr("Mencetak {n} surat").format(n=format_count(count)),
            on_success=self._printed, on_failure=self._print_failed)

    def _printed(self, result: BatchResult) -> None:
        self.printed_pdf = result.out
        self.printed_receipts = result.receipts
        self.printed_ids = result.summons_ids
        numbers = (self.tr("; nomor baru {first} s.d. {last}").format(
            first=result.numbers[0], last=result.numbers[-1]) if result.numbers else "")
        self._say(self.tr("PDF {letters} surat dibuat ({new} baru{numbers}; {reprints} cetak "
                          "ulang) di {path}. Surat tercatat dicetak setelah printer "
                          "menerimanya.").format(
            letters=format_count(result.letters), new=format_count(result.new_numbers),
            numbers=numbers, reprints=format_count(result.reprints), path=result.out))
        self.show_printed()
        self.printed.emit(result)

    def _print_failed(self, error: BaseException) -> None:
        self.viewer.clear(self.tr("Tidak ada surat yang dicetak."))
        if isinstance(error, Cancelled):
            self._say(self.tr("Pencetakan dibatalkan; tidak ada nomor yang dipakai."))
        else:
            self._say_error(error)
        self._update_buttons()

    def show_printed(self) -> None:
        """The last printed batch PDF in the viewer."""
        if self.printed_pdf is None:
            return
        try:
            self.viewer.load(self.printed_pdf)
        except Exception as exc:  # the file was moved or deleted meanwhile
            self.viewer.clear(self.tr("Berkas {path} tidak dapat dibuka ({detail}).").format(
                path=self.printed_pdf, detail=type(exc).__name__))
            self.printed_pdf = None
        else:
            self.viewer_title.setText(self.tr("<b>Hasil cetak</b>: {name} ({pages} halaman)"
                                              ).format(name=html.escape(self.printed_pdf.name),
                                                       pages=format_count(
                                                           self.viewer.page_count)))
            self.viewer_title.setToolTip(str(self.printed_pdf))
        self._update_buttons()

    def send_to_printer(self) -> None:
        """The print dialog, then the PDF itself to the print system on the writer."""
        if self.printed_pdf is None or not self.printed_pdf.exists():
            return
        request = ask_printer(self, self.printed_pdf, self.printed_pdf.name)
        if request is not None:
            self.jobs_panel.send(request, self.printed_ids, document="surat",
                                 title=self.tr("Mengirim ke printer {printer}").format(
                                     printer=request.printer))

    def _sent_to_printer(self, result: Any) -> None:
        self._say(self.tr("Dikirim ke printer {printer}: {pages} halaman, {letters} surat "
                          "tercatat dicetak (pekerjaan {job}).").format(
            printer=result.printer, pages=format_count(result.printed_pages),
            letters=format_count(result.letters), job=result.job))

    def open_printed(self) -> None:
        if self.printed_pdf is not None:
            open_pdf(self.printed_pdf)

    def open_receipts(self) -> None:
        if self.printed_receipts is not None:
            open_pdf(self.printed_receipts)

    # --- reprint ----------------------------------------------------------------------------
    def mark_selected_for_reprint(self) -> None:
        rows = [r for r in self.selected_rows() if r.letter == scheduling.LETTER_PRINTED]
        if not rows:
            self._say(self.tr("Pilih surat yang sudah dicetak untuk ditandai cetak ulang."))
            return
        names = ", ".join(r.name for r in rows[:3]) + (", …" if len(rows) > 3 else "")
        if not confirm(self, self.tr("Tandai cetak ulang"),
                       self.tr("Tandai {n} surat untuk dicetak ulang?").format(
                           n=format_count(len(rows))),
                       informative=self.tr("{names}\nNomor suratnya tetap. Cetak ulang "
                                           "dengan pilihan 'Perlu dicetak ulang'.").format(
                           names=names),
                       yes=self.tr("Tandai")):
            return
        self.runner.run_write(batch.mark_for_reprint, [r.summons_id for r in rows],
                              on_success=self._marked, on_failure=self._say_error)

    def _marked(self, result: scheduling.LetterResult) -> None:
        self._say(self.tr("{n} surat ditandai untuk dicetak ulang (nomornya tetap).").format(
            n=format_count(result.marked)))
        self.marked.emit()

    # --- messages -------------------------------------------------------------------------
    def _say(self, text: str) -> None:
        self.status.setStyleSheet("")
        self.status.setText(text)

    def _say_error(self, error: BaseException) -> None:
        self._say_error_text(error_text(error))

    def _say_error_text(self, text: str) -> None:
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(text)

