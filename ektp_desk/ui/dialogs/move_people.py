"""Move people of one slot to another: a list of the slots that still have free places
(by location and date range), the clerk picks one, the core moves them if there is room
(:func:`scheduling.move_people` checks capacity again in its transaction) and marks their
printed letters for reprint.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from typing import Any

import peewee as pw
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QItemSelectionModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.core import clock, scheduling
from ektp_desk.core.calendar import format_date_id, format_time_range
from ektp_desk.core.errors import Cancelled, UserError
from ektp_desk.core.people import format_count
from ektp_desk.core.scheduling import Location, MoveResult, SlotInfo
from ektp_desk.ui import theme
from ektp_desk.ui.models.rows_model import ALIGN_LEFT, ALIGN_RIGHT, AnyIndex, RowsModel
from ektp_desk.ui.operations.schedule import free_slots
from ektp_desk.ui.runner import JobHandle, JobRunner
from ektp_desk.ui.widgets import (
    buddy_label,
    date_edit,
    error_label,
    error_text,
    key_for,
    open_at,
    rows_table,
    to_date,
)

DEFAULT_DAYS = 30
NAMES_SHOWN = 6
TOO_SMALL = theme.colour(theme.FAINT)


class SlotChoiceModel(RowsModel):
    """Slots with free places. A slot with fewer places than people to move is shown but
    cannot be chosen."""

    CONTEXT = "SlotChoiceModel"
    COLUMNS = (QT_TRANSLATE_NOOP("SlotChoiceModel", "Tanggal"),
               QT_TRANSLATE_NOOP("SlotChoiceModel", "Jam"),
               QT_TRANSLATE_NOOP("SlotChoiceModel", "Lokasi"),
               QT_TRANSLATE_NOOP("SlotChoiceModel", "Terisi"),
               QT_TRANSLATE_NOOP("SlotChoiceModel", "Sisa"))
    ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def __init__(self, needed: int = 1, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.needed = needed

    def set_slots(self, slots: Sequence[SlotInfo]) -> None:
        self.set_rows(slots)

    def slot(self, row: int) -> SlotInfo | None:
        return self.row_value(row)

    def fits(self, row: int) -> bool:
        slot = self.slot(row)
        return slot is not None and slot.free >= self.needed

    def row_of(self, slot_id: int) -> int | None:
        return self.find_row(lambda slot: slot.id == slot_id)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if index.isValid() and not self.fits(index.row()):
            return Qt.ItemFlag.NoItemFlags
        return super().flags(index)

    def cell(self, slot: SlotInfo, column: int, role: int) -> Any:
        fits = slot.free >= self.needed
        if role == Qt.ItemDataRole.DisplayRole:
            return (format_date_id(slot.date), format_time_range(slot.start, slot.end),
                    slot.location, f"{slot.assigned}/{slot.capacity}",
                    format_count(slot.free))[column]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return ALIGN_RIGHT if column >= 3 else ALIGN_LEFT
        if role == Qt.ItemDataRole.ForegroundRole and not fits:
            return TOO_SMALL
        if role == Qt.ItemDataRole.ToolTipRole and not fits:
            return QCoreApplication.translate(
                "SlotChoiceModel", "Tinggal {free} tempat: tidak cukup untuk {n} orang").format(
                free=slot.free, n=self.needed)
        if role == Qt.ItemDataRole.UserRole:
            return slot.id
        return None


class MovePeopleDialog(QDialog):
    """Choose the slot the people go to.

    Signals: ``loaded`` after the list of slots is (re)read; ``moved(MoveResult)`` once the
    core moved them (the dialog then closes).
    """

    loaded = Signal()
    moved = Signal(object)

    def __init__(self, db: pw.Database, runner: JobRunner, source: SlotInfo,
                 person_ids: Sequence[int], names: Sequence[str] = (),
                 parent: QWidget | None = None, *, today: dt.date | None = None,
                 locations: Sequence[Location] | None = None,
                 date_from: dt.date | None = None, location_id: int | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("movePeopleDialog")
        self.db = db
        self.runner = runner
        self.source = source
        self.person_ids = tuple(dict.fromkeys(person_ids))
        self.today = today or clock.today()
        self.result: MoveResult | None = None
        self._handle: JobHandle | None = None
        self._preselect: int | None = None
        self._reading: JobHandle | None = None
        self.setWindowTitle(self.tr("Pindahkan orang"))
        start = max(date_from or self.today, self.today)
        self._build(names, locations if locations is not None
                    else scheduling.list_locations(db),
                    source.location_id if location_id is None else location_id, start)
        self._connect()
        open_at(self, 760, 520)
        self.reload()

    def _build(self, names: Sequence[str], locations: Sequence[Location], location_id: int,
               start: dt.date) -> None:
        count = len(self.person_ids)
        who = ", ".join(names[:NAMES_SHOWN]) + (" …" if len(names) > NAMES_SHOWN else "")
        intro = QLabel(self.tr("Pindahkan <b>{n} orang</b> dari sesi {slot}").format(
            n=format_count(count), slot=html.escape(self.source.label)) +
            (f":<br>{html.escape(who)}" if who else "."))
        intro.setObjectName("intro")
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)

        self.location = QComboBox()
        self.location.setObjectName("location")
        self.location.addItem(self.tr("Semua lokasi"), None)
        for loc in locations:
            self.location.addItem(loc.name, loc.id)
        self.location.setCurrentIndex(max(self.location.findData(location_id), 0))
        self.date_from = date_edit(start)
        self.date_from.setObjectName("dateFrom")
        self.date_to = date_edit(max(start, self.source.date) + dt.timedelta(days=DEFAULT_DAYS))
        self.date_to.setObjectName("dateTo")
        filters = QHBoxLayout()
        for text, widget in ((self.tr("&Lokasi:"), self.location),
                             (self.tr("&Dari:"), self.date_from),
                             (self.tr("&Sampai:"), self.date_to)):
            filters.addWidget(buddy_label(text, widget))
            filters.addWidget(widget, 2 if widget is self.location else 0)

        self.model = SlotChoiceModel(count, self)
        self.table = rows_table(self.model, "slots", self, stretch=2,
                                selection=QAbstractItemView.SelectionMode.SingleSelection)

        self.info = QLabel()
        self.info.setObjectName("info")
        self.info.setWordWrap(True)
        self.error = error_label()

        self.move_button = QPushButton(self.tr("&Pindahkan"))
        self.move_button.setObjectName("moveButton")
        self.move_button.setDefault(True)
        self.move_button.setEnabled(False)
        key_for(self.move_button, "Ctrl+Return")
        self.cancel_button = QPushButton(self.tr("Batal"))
        self.cancel_button.setObjectName("cancelButton")
        buttons = QHBoxLayout()
        buttons.addWidget(self.info, 1)
        buttons.addWidget(self.move_button)
        buttons.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

    def _connect(self) -> None:
        self.location.currentIndexChanged.connect(self.reload)
        self.date_from.dateChanged.connect(self.reload)
        self.date_to.dateChanged.connect(self.reload)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.table.doubleClicked.connect(lambda _index: self.move())
        self.move_button.clicked.connect(self.move)
        self.cancel_button.clicked.connect(self.reject)

    # --- the public face ---------------------------------------------------------------
    def reload(self) -> None:
        location_id = self.location.currentData()
        # an answer for filters no longer shown is dropped (the newer read replaces it)
        self._reading = self.runner.run_read(
            free_slots, to_date(self.date_from.date()), to_date(self.date_to.date()),
            None if location_id is None else [location_id], exclude=self.source.id,
            today=self.today, on_failure=self._failed, on_success=self._loaded,
            key=(id(self), "slots"))

    @property
    def busy(self) -> bool:
        """A job of this dialog still runs (it will report back here)."""
        return any(h is not None and not h.done for h in (self._handle, self._reading))

    def chosen(self) -> SlotInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.slot(rows[0].row()) if rows else None

    def choose(self, slot_id: int) -> bool:
        """Select a slot in the list (False when it is not there or too small)."""
        row = self.model.row_of(slot_id)
        if row is None or not self.model.fits(row):
            self._preselect = slot_id
            return False
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def move(self) -> None:
        target = self.chosen()
        if target is None or (self._handle is not None and not self._handle.done):
            return
        self.error.setVisible(False)
        self.move_button.setEnabled(False)
        self._handle = self.runner.run_write(
            scheduling.move_people, list(self.person_ids), target.id,
            today=self.today, on_success=self._moved, on_failure=self._move_failed)

    @property
    def error_text(self) -> str:
        return self.error.text() if self.error.isVisible() else ""

    # --- reacting ----------------------------------------------------------------------
    def _loaded(self, slots: list[SlotInfo]) -> None:
        self.model.set_slots(slots)
        fitting = sum(1 for row in range(len(slots)) if self.model.fits(row))
        if not slots:
            self.info.setText(self.tr("Tidak ada sesi dengan tempat kosong di rentang ini. "
                                      "Ubah lokasi atau tanggal, atau buat sesi baru."))
        elif fitting < len(slots):
            self.info.setText(self.tr("{fit} sesi cukup tempat; yang abu-abu tidak cukup "
                                      "untuk {n} orang.").format(fit=fitting,
                                                                 n=len(self.person_ids)))
        else:
            self.info.setText(self.tr("{} sesi dengan tempat kosong.").format(fitting))
        if self._preselect is not None:
            wanted, self._preselect = self._preselect, None
            self.choose(wanted)
        self._on_selection()
        self.loaded.emit()

    def _failed(self, error: BaseException) -> None:
        self.error.setText(error.message if isinstance(error, UserError) else str(error))
        self.error.setVisible(True)
        self.loaded.emit()

    def _on_selection(self, *_args: Any) -> None:
        self.move_button.setEnabled(self.chosen() is not None)

    def _moved(self, result: MoveResult) -> None:
        self.result = result
        self.moved.emit(result)
        self.accept()

    def _move_failed(self, error: BaseException) -> None:
        self._on_selection()
        if isinstance(error, Cancelled):
            return
        self.error.setText(error_text(error))
        self.error.setVisible(True)
        self.reload()  # the places may have changed



