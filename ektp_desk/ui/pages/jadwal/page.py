"""The Jadwal page: a week or month calendar of the summoning slots, per location, with how
full each is; a slot's detail with its people; and the scheduling actions (automatic
scheduling, add / cancel / move a session, move people, holidays).

Only the visible range is read (:func:`scheduling.list_slots` and the holidays between the
first and last day of the grid), on a reader thread; a month with 100,000 people scheduled
opens in a fraction of a second. Every change goes through the runner's writer and comes
back as ``Changes`` on the bus, which makes the page read its range again.

Keyboard: arrows move between days, PgUp/PgDown change the week or month, Enter goes to the
day's sessions; the action buttons have Ctrl shortcuts (see their tooltips).

This module holds what the page shows (period, location, day, slot) and keeps its parts in
step; beside it are the calendar (``calendar_view``), the detail tables (``slot_models``),
the slot dialogs and the actions with their notices (``actions``); its reads are in
``ui/operations/schedule.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import peewee as pw
from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.core import clock
from ektp_desk.core.calendar import Holiday, format_date_id, format_time_range
from ektp_desk.core.errors import Cancelled, UserError
from ektp_desk.core.people import format_count
from ektp_desk.core.scheduling import Location, SlotInfo, SlotPerson
from ektp_desk.ui import theme
from ektp_desk.ui.changes import ChangeBus, PageRefresh
from ektp_desk.ui.dialogs.auto_schedule import AutoScheduleDialog
from ektp_desk.ui.dialogs.holidays import HolidayDialog
from ektp_desk.ui.dialogs.move_people import MovePeopleDialog
from ektp_desk.ui.models.rows_model import RowsModel
from ektp_desk.ui.operations.schedule import RangeData, SlotDetail, load_range, load_slot
from ektp_desk.ui.pages.jadwal.actions import SlotActions
from ektp_desk.ui.pages.jadwal.calendar_helpers import (
    DELIBERATE_MARK,
    FULLNESS_LABELS,
    MONTH,
    WEEK,
    fullness,
    grid_dates,
    period_text,
    shift,
    short_names,
)
from ektp_desk.ui.pages.jadwal.calendar_view import (
    DATE_ROLE,
    FULLNESS_COLOURS,
    HOLIDAY_TEXT,
    CalendarModel,
    CalendarView,
    Entry,
    build_cells,
)
from ektp_desk.ui.pages.jadwal.slot_dialogs import AddSlotDialog, CancelSlotDialog, MoveSlotDialog
from ektp_desk.ui.pages.jadwal.slot_models import DaySlotsModel, SlotPeopleModel
from ektp_desk.ui.runner import JobRunner
from ektp_desk.ui.widgets import buddy_label, error_text, key_for, page_title, rows_table

BUSY_DELAY_MS = 300


class JadwalPage(QWidget):
    """The Jadwal page.

    Signals: ``loaded`` when the calendar shows the data of the visible range;
    ``slot_loaded`` when the selected slot's people are shown; ``notice_changed(str)`` when
    the page reports the outcome of an action.
    """

    loaded = Signal()
    slot_loaded = Signal()
    notice_changed = Signal(str)

    def __init__(self, db: pw.Database, runner: JobRunner, bus: ChangeBus | None = None,
                 parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("jadwalPage")
        self.db = db
        self.runner = runner
        self.bus = bus
        self.today = today or clock.today()
        self.mode = MONTH
        self.anchor = self.today
        self.selected_day = self.today
        self.selected_slot_id: int | None = None
        self.slot: SlotInfo | None = None
        self._range: RangeData | None = None
        self._range_loading = False
        # the locations come with the first range read (load_range), off the GUI thread
        self.locations: list[Location] = []
        self.short_names: dict[int, str] = {}
        self.actions = SlotActions(self)
        self._build()
        self._connect()
        self.refresher = PageRefresh(self, bus, lambda c: c.schedule or c.people, self.refresh)
        self._show_period()

    # --- layout ------------------------------------------------------------------------
    def _build(self) -> None:
        title = page_title(self.tr("Jadwal"))

        self.location = QComboBox()
        self.location.setObjectName("location")
        self.location.addItem(self.tr("Semua lokasi"), None)
        for loc in self.locations:
            self.location.addItem(loc.name, loc.id)
        self.location.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.location.setToolTip(self.tr("Tampilkan sesi semua lokasi atau satu lokasi"))
        location_label = buddy_label(self.tr("Lo&kasi:"), self.location)

        self.week_button = QToolButton()
        self.week_button.setObjectName("weekButton")
        self.week_button.setText(self.tr("&Minggu"))
        self.month_button = QToolButton()
        self.month_button.setObjectName("monthButton")
        self.month_button.setText(self.tr("B&ulan"))
        self.view_group = QButtonGroup(self)
        for button in (self.week_button, self.month_button):
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            self.view_group.addButton(button)
        self.month_button.setChecked(True)

        self.prev_button = QToolButton()
        self.prev_button.setObjectName("prevButton")
        self.prev_button.setText("‹")
        self.prev_button.setToolTip(self.tr("Sebelumnya"))
        key_for(self.prev_button, "Ctrl+PgUp")
        self.today_button = QToolButton()
        self.today_button.setObjectName("todayButton")
        self.today_button.setText(self.tr("Hari &ini"))
        self.today_button.setToolTip(self.tr("Kembali ke hari ini"))
        key_for(self.today_button, "Ctrl+T")
        self.next_button = QToolButton()
        self.next_button.setObjectName("nextButton")
        self.next_button.setText("›")
        self.next_button.setToolTip(self.tr("Berikutnya"))
        key_for(self.next_button, "Ctrl+PgDown")
        self.period = QLabel()
        self.period.setObjectName("period")
        period_font = self.period.font()
        period_font.setBold(True)
        period_font.setPointSizeF(period_font.pointSizeF() * 1.2)
        self.period.setFont(period_font)
        self.busy = QLabel(self.tr("Memuat…"))
        self.busy.setObjectName("busy")
        self.busy.setEnabled(False)
        self.busy.setVisible(False)
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(BUSY_DELAY_MS)
        self._busy_timer.timeout.connect(lambda: self.busy.setVisible(self._range_loading))

        bar = QHBoxLayout()
        bar.addWidget(title)
        bar.addSpacing(12)
        bar.addWidget(location_label)
        bar.addWidget(self.location)
        bar.addSpacing(12)
        bar.addWidget(self.week_button)
        bar.addWidget(self.month_button)
        bar.addSpacing(12)
        bar.addWidget(self.prev_button)
        bar.addWidget(self.today_button)
        bar.addWidget(self.next_button)
        bar.addSpacing(8)
        bar.addWidget(self.period)
        bar.addWidget(self.busy)
        bar.addStretch(1)

        self.auto_button = self._action(self.tr("Jadwalkan &otomatis…"), "Ctrl+J",
                                        self.tr("Menjadwalkan banyak warga sekaligus, dengan "
                                                "pratinjau sebelum disimpan"), "autoButton")
        self.add_button = self._action(self.tr("&Tambah sesi…"), "Ctrl+N",
                                       self.tr("Membuka sesi baru, juga sesi khusus di akhir "
                                               "pekan atau hari libur"), "addButton")
        self.cancel_button = self._action(self.tr("B&atalkan sesi…"), "Ctrl+Del",
                                          self.tr("Membatalkan sesi terpilih; orangnya "
                                                  "dipindah ke sesi berikutnya"),
                                          "cancelButton")
        self.move_slot_button = self._action(self.tr("Pindahkan &sesi…"), "Ctrl+M",
                                             self.tr("Memindahkan sesi terpilih beserta "
                                                     "orangnya ke waktu lain"), "moveSlotButton")
        self.move_people_button = self._action(self.tr("Pindahkan o&rang…"), "Ctrl+Shift+M",
                                               self.tr("Memindahkan warga yang dipilih di "
                                                       "tabel ke sesi lain (atau seret ke "
                                                       "kalender)"), "movePeopleButton")
        self.holiday_button = self._action(self.tr("Hari &libur…"), "Ctrl+L",
                                           self.tr("Daftar hari libur dan cuti bersama"),
                                           "holidayButton")
        actions = QHBoxLayout()
        for button in (self.auto_button, self.add_button, self.cancel_button,
                       self.move_slot_button, self.move_people_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.holiday_button)

        self.notice = theme.NoticeBar()
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.calendar_model = CalendarModel(self)
        self.calendar = CalendarView(self.calendar_model)
        legend = QLabel(self._legend_html())
        legend.setObjectName("legend")
        legend.setTextFormat(Qt.TextFormat.RichText)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.calendar, 1)
        left_layout.addWidget(legend)

        self.detail = self._build_detail()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("splitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setCollapsible(0, False)
        self.splitter.setSizes([580, 520])

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(actions)
        layout.addWidget(self.notice)
        layout.addWidget(self.splitter, 1)

    def _action(self, text: str, shortcut: str, tip: str, name: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setToolTip(tip)
        key_for(button, shortcut)
        return button

    def _legend_html(self) -> str:
        parts = []
        for state, (background, accent) in FULLNESS_COLOURS.items():
            parts.append(f"<span style='background-color:{background.name()};"
                         f"color:{accent.name()}'>&nbsp;■&nbsp;</span>&nbsp;"
                         f"{self.tr(FULLNESS_LABELS[state])}")
        holiday, special = self.tr("Hari libur / cuti bersama"), self.tr("Sesi khusus")
        parts.append(f"<b style='color:{HOLIDAY_TEXT.name()}'>14</b>&nbsp;"
                     f"<span style='color:{HOLIDAY_TEXT.name()}'>{holiday}</span>")
        parts.append(f"{DELIBERATE_MARK}&nbsp;{special}")
        return "&nbsp;&nbsp;&nbsp;".join(parts)

    def _build_detail(self) -> QWidget:
        pane = QFrame()
        pane.setObjectName("detail")
        pane.setMinimumWidth(380)
        self.day_title = QLabel()
        self.day_title.setObjectName("dayTitle")
        day_font = self.day_title.font()
        day_font.setBold(True)
        day_font.setPointSizeF(day_font.pointSizeF() * 1.15)
        self.day_title.setFont(day_font)
        self.day_holiday = QLabel()
        self.day_holiday.setObjectName("dayHoliday")
        self.day_holiday.setStyleSheet(f"color: {HOLIDAY_TEXT.name()};")
        self.day_holiday.setWordWrap(True)

        self.day_model = DaySlotsModel(self)
        self.day_table = self._table(self.day_model, "daySlots",
                                     QAbstractItemView.SelectionMode.SingleSelection, stretch=1)
        self.day_empty = QLabel()
        self.day_empty.setObjectName("dayEmpty")
        self.day_empty.setEnabled(False)
        self.day_empty.setWordWrap(True)

        self.slot_box = QGroupBox(self.tr("Sesi"))
        self.slot_box.setObjectName("slotBox")
        form = QFormLayout(self.slot_box)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.slot_fields: dict[str, QLabel] = {}
        for key, label in (("location", self.tr("Lokasi")), ("date", self.tr("Tanggal")),
                           ("hours", self.tr("Jam")), ("capacity", self.tr("Kapasitas")),
                           ("note", self.tr("Keterangan"))):
            value = QLabel()
            value.setObjectName(f"slot_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.slot_fields[key] = value
            form.addRow(label, value)
        self.slot_form = form
        self.slot_empty = QLabel(self.tr("Pilih sesi di kalender atau di daftar sesi hari "
                                         "itu."))
        self.slot_empty.setObjectName("slotEmpty")
        self.slot_empty.setEnabled(False)
        self.slot_empty.setWordWrap(True)

        self.people_label = QLabel()
        self.people_label.setObjectName("peopleLabel")
        self.people_model = SlotPeopleModel(self)
        self.people_table = self._table(self.people_model, "people",
                                        QAbstractItemView.SelectionMode.ExtendedSelection)
        self.people_table.setDragEnabled(True)
        self.people_table.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.people_table.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.people_table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.people_table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.people_table.horizontalHeader()
        header.setStretchLastSection(False)
        metrics = self.people_table.fontMetrics()
        # sized to typical values, never measured over the rows; the name takes the rest
        self._people_widths = [metrics.horizontalAdvance(sample) + 10 for sample in (
            "MUHAMMAD NUR SAPUTRA", "3375 01•• •••• 0000", "Pringrejo", "000/000",
            "Ke-", "Sudah dicetak")]
        for column, width in enumerate(self._people_widths):
            header.resizeSection(column, width)
        self.people_table.viewport().installEventFilter(self)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.day_title)
        top_layout.addWidget(self.day_holiday)
        top_layout.addWidget(self.day_table, 1)
        top_layout.addWidget(self.day_empty)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.slot_box)
        bottom_layout.addWidget(self.slot_empty)
        bottom_layout.addWidget(self.people_label)
        bottom_layout.addWidget(self.people_table, 1)
        self.detail_splitter = QSplitter(Qt.Orientation.Vertical)
        self.detail_splitter.setObjectName("detailSplitter")
        self.detail_splitter.addWidget(top)
        self.detail_splitter.addWidget(bottom)
        self.detail_splitter.setSizes([200, 460])
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addWidget(self.detail_splitter)
        return pane

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.people_table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_people_columns()
        return super().eventFilter(watched, event)

    def _fit_people_columns(self) -> None:
        """The name column takes what the others leave (never less than a short name);
        below that the table scrolls sideways."""
        header = self.people_table.horizontalHeader()
        others = sum(w for column, w in enumerate(self._people_widths)
                     if column and not self.people_table.isColumnHidden(column))
        room = self.people_table.viewport().width() - others
        header.resizeSection(0, max(room, self._people_widths[0] * 2 // 3))

    def _table(self, model: RowsModel, name: str, selection: QAbstractItemView.SelectionMode,
               *, stretch: int | None = None) -> QTableView:
        """A read-only rows table of the detail pane: one line a row, fixed row height."""
        table = rows_table(model, name, self, selection=selection, stretch=stretch)
        table.setWordWrap(False)
        table.setCornerButtonEnabled(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.horizontalHeader().setHighlightSections(False)
        return table

    def _connect(self) -> None:
        self.location.currentIndexChanged.connect(self._on_location)
        self.week_button.clicked.connect(lambda: self.set_view(WEEK))
        self.month_button.clicked.connect(lambda: self.set_view(MONTH))
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.today_button.clicked.connect(self.go_today)
        self.calendar.selectionModel().currentChanged.connect(self._on_current_day)
        self.calendar.entry_clicked.connect(self._on_entry_clicked)
        self.calendar.period_step.connect(self.step)
        self.calendar.day_step.connect(
            lambda days: self.show_date(self.selected_day + dt.timedelta(days=days)))
        self.calendar.day_activated.connect(self._focus_day_table)
        self.calendar.people_dropped.connect(self.actions.on_people_dropped)
        self.day_table.selectionModel().currentRowChanged.connect(self._on_day_row)
        self.people_table.selectionModel().selectionChanged.connect(
            lambda *_: self._update_buttons())
        self.auto_button.clicked.connect(self.open_auto_schedule)
        self.add_button.clicked.connect(self.open_add_slot)
        self.cancel_button.clicked.connect(self.open_cancel_slot)
        self.move_slot_button.clicked.connect(self.open_move_slot)
        self.move_people_button.clicked.connect(self.open_move_people)
        self.holiday_button.clicked.connect(self.open_holidays)

    # --- the public face: navigation ---------------------------------------------------
    @property
    def location_id(self) -> int | None:
        return self.location.currentData()

    def set_location(self, location_id: int | None) -> None:
        self.location.setCurrentIndex(max(self.location.findData(location_id), 0))

    def set_view(self, mode: str) -> None:
        self.mode = mode
        (self.week_button if mode == WEEK else self.month_button).setChecked(True)
        self.anchor = self.selected_day
        self._show_period()

    def step(self, steps: int) -> None:
        """One week or month on (positive) or back."""
        self.anchor = shift(self.anchor, self.mode, steps)
        offset = 7 * steps if self.mode == WEEK else None
        if offset is not None:
            self.selected_day += dt.timedelta(days=offset)
        else:
            self.selected_day = self.anchor
        self._show_period()

    def go_today(self) -> None:
        self.show_date(self.today)

    def show_date(self, day: dt.date, slot_id: int | None = None) -> None:
        """Show the period holding `day`, select it (and a slot of it)."""
        self.anchor = day
        self.selected_day = day
        if slot_id is not None:
            self._select_slot(slot_id)
        self._show_period()

    def select_slot(self, slot_id: int) -> None:
        """Select a slot of the visible range (its day, its row, its people)."""
        for slot in self._range.slots if self._range else []:
            if slot.id == slot_id:
                self._set_day(slot.date)
                self._select_slot(slot_id)
                return

    def visible_range(self) -> tuple[dt.date, dt.date]:
        days = grid_dates(self.anchor, self.mode)
        return days[0], days[-1]

    def visible_slots(self) -> list[SlotInfo]:
        return list(self._range.slots) if self._range else []

    def refresh(self) -> None:
        """Read the visible range again (and the selected slot's people)."""
        self._load_range()
        if self.selected_slot_id is not None:
            self._load_slot(self.selected_slot_id)

    # --- the public face: actions (run by the page's SlotActions) ----------------------
    @property
    def dialog(self) -> QDialog | None:
        """The dialog opened last (tests drive it)."""
        return self.actions.dialog

    def open_auto_schedule(self) -> AutoScheduleDialog:
        return self.actions.open_auto_schedule()

    def open_add_slot(self) -> AddSlotDialog:
        return self.actions.open_add_slot()

    def open_cancel_slot(self) -> CancelSlotDialog | None:
        return self.actions.open_cancel_slot()

    def open_move_slot(self) -> MoveSlotDialog | None:
        return self.actions.open_move_slot()

    def open_move_people(self, person_ids: Sequence[int] | None = None, *,
                         date_from: dt.date | None = None,
                         location_id: int | None = None) -> MovePeopleDialog | None:
        return self.actions.open_move_people(person_ids, date_from=date_from,
                                             location_id=location_id)

    def open_holidays(self) -> HolidayDialog:
        return self.actions.open_holidays()

    def selected_people(self) -> list[SlotPerson]:
        rows = sorted(i.row() for i in self.people_table.selectionModel().selectedRows())
        return [p for p in (self.people_model.person(r) for r in rows) if p is not None]

    def select_people(self, person_ids: Iterable[int]) -> None:
        wanted = set(person_ids)
        selection = self.people_table.selectionModel()
        selection.clearSelection()
        for row in range(self.people_model.rowCount()):
            person = self.people_model.person(row)
            if person is not None and person.person_id in wanted:
                selection.select(self.people_model.index(row, 0),
                                 QItemSelectionModel.SelectionFlag.Select
                                 | QItemSelectionModel.SelectionFlag.Rows)

    def notice_text(self) -> str:
        return self.notice.text() if self.notice.isVisible() else ""

    # --- loading -----------------------------------------------------------------------
    def _show_period(self) -> None:
        days = grid_dates(self.anchor, self.mode)
        if not days[0] <= self.selected_day <= days[-1]:
            self.selected_day = self.anchor
        self.period.setText(period_text(self.anchor, self.mode))
        same_grid = [c.date for c in self.calendar_model.cells()] == days
        if not same_grid:
            # the new grid at once (numbers, no slots yet); the slots follow from the reader
            self._range = None
            self._set_cells([])
        self._load_range()

    def _load_range(self) -> None:
        first, last = self.visible_range()
        location_id = self.location_id
        self._range_loading = True
        self._busy_timer.start()
        self.runner.run_read(load_range, first, last,
                             None if location_id is None else [location_id],
                             # a newer period or filter asked for replaces this read
                             key=(id(self), "range"), on_success=self._range_loaded,
                             on_failure=self._range_failed)

    def _range_loaded(self, data: RangeData) -> None:
        self._range_loading = False
        self._busy_timer.stop()
        self.busy.setVisible(False)
        if data.locations and data.locations != self.locations:
            self._set_locations(data.locations)
        self._range = data
        self._set_cells(data.slots, data.holidays)
        self.loaded.emit()

    def _range_failed(self, error: BaseException) -> None:
        self._range_loading = False
        self._busy_timer.stop()
        self.busy.setVisible(False)
        self.say_error(error)
        self.loaded.emit()

    def _set_cells(self, slots: Sequence[SlotInfo],
                   holidays: dict[dt.date, Holiday] | None = None) -> None:
        days = grid_dates(self.anchor, self.mode)
        cells = build_cells(days, self.mode, self.anchor, slots, holidays or {},
                            self.short_names, all_locations=self.location_id is None,
                            today=self.today)
        self.calendar_model.set_cells(cells)
        index = self.calendar_model.index_of(self.selected_day)
        if index.isValid() and self.calendar.currentIndex() != index:
            self.calendar.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self._show_day()

    def _load_slot(self, slot_id: int) -> None:
        self.runner.run_read(load_slot, slot_id, key=(id(self), "slot"),
                             on_success=self._slot_loaded, on_failure=self._slot_failed)

    def _slot_loaded(self, detail: SlotDetail) -> None:
        if detail.slot.id != self.selected_slot_id:
            return
        if detail.slot.cancelled:
            self._select_slot(None)
            self.slot_loaded.emit()
            return
        self.slot = detail.slot
        self._fill_slot_fields(detail.slot)
        keep = {p.person_id for p in self.selected_people()}
        self.people_model.set_people(detail.slot.id, detail.people, detail.masked)
        # the round matters from the second call on; without one it only takes room
        self.people_table.setColumnHidden(4, all(p.round == 1 for p in detail.people))
        self._fit_people_columns()
        if keep:
            self.select_people(keep)
        count = len(detail.people)
        self.people_label.setText(self.tr("{n} orang dipanggil ke sesi ini").format(
            n=format_count(count)) if count else self.tr("Belum ada yang dipanggil ke sesi "
                                                          "ini."))
        self._update_buttons()
        self.slot_loaded.emit()

    def _slot_failed(self, error: BaseException) -> None:
        self._select_slot(None)
        if not (isinstance(error, UserError) and error.message_id == "sched_slot_missing"):
            self.say_error(error)
        self.slot_loaded.emit()

    def _set_locations(self, locations: list[Location]) -> None:
        """The first read brought the locations, or one was added, renamed or closed: the
        filter follows (keeping its choice when the location is still there)."""
        self.locations = locations
        self.short_names = short_names(locations)
        keep = self.location.currentData()
        self.location.blockSignals(True)
        self.location.clear()
        self.location.addItem(self.tr("Semua lokasi"), None)
        for loc in locations:
            self.location.addItem(loc.name, loc.id)
        found = self.location.findData(keep) if keep else 0
        self.location.setCurrentIndex(max(found, 0))
        self.location.blockSignals(False)
        if found < 0:  # the location shown is gone: show them all
            self._load_range()

    # --- selection ---------------------------------------------------------------------
    def _on_location(self) -> None:
        self._load_range()  # the same days: the cells change when the answer comes

    def _on_current_day(self, current: QModelIndex, _previous: QModelIndex) -> None:
        day = current.data(DATE_ROLE) if current.isValid() else None
        if isinstance(day, dt.date) and day != self.selected_day:
            self.selected_day = day
            self._show_day()

    def _set_day(self, day: dt.date) -> None:
        self.selected_day = day
        index = self.calendar_model.index_of(day)
        if index.isValid():
            self.calendar.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self._show_day()

    def _on_entry_clicked(self, day: dt.date, entry: Entry) -> None:
        if day != self.selected_day:
            self._set_day(day)
        if entry.slot_id is not None:
            self._select_slot(entry.slot_id)
        else:  # a location's day total or heading: its first slot of the day
            for slot in self._day_slots(day):
                if slot.location_id == entry.location_id:
                    self._select_slot(slot.id)
                    break

    def _day_slots(self, day: dt.date) -> list[SlotInfo]:
        if self._range is None:
            return []
        slots = [s for s in self._range.slots if s.date == day]
        return sorted(slots, key=lambda s: (s.start, s.location_id))

    def _show_day(self) -> None:
        day = self.selected_day
        self.day_title.setText(format_date_id(day))
        holiday = self._range.holidays.get(day) if self._range else None
        self.day_holiday.setText(self.tr("{kind}: {name}").format(
            kind=holiday.kind_label, name=holiday.name) if holiday else "")
        self.day_holiday.setVisible(holiday is not None)
        slots = self._day_slots(day)
        self.day_model.set_slots(slots, self.short_names)
        if self._range is None:
            self.day_empty.setText(self.tr("Memuat…"))
        elif not slots:
            self.day_empty.setText(self.tr("Tidak ada sesi pada hari ini."))
        else:
            total = sum(s.capacity for s in slots)
            assigned = sum(s.assigned for s in slots)
            self.day_empty.setText(self.tr("{n} sesi · {assigned} dari {total} tempat terisi"
                                           ).format(n=len(slots), assigned=format_count(assigned),
                                                    total=format_count(total)))
        self.day_empty.setEnabled(bool(slots))
        row = self.day_model.row_of(self.selected_slot_id)
        if row is not None:
            self.day_table.selectionModel().setCurrentIndex(
                self.day_model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            slot = self.day_model.slot(row)
            if slot is not None and self.slot is not None and slot.id == self.slot.id:
                self.slot = slot  # fresh counts from the range read
                self._fill_slot_fields(slot)
        elif (self.selected_slot_id is not None and self._range is not None
              and not self._range_loading):
            still_there = any(s.id == self.selected_slot_id for s in self._range.slots)
            if not still_there:
                self._select_slot(None)
        self._update_buttons()

    def _on_day_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        slot = self.day_model.slot(current.row()) if current.isValid() else None
        if slot is not None and slot.id != self.selected_slot_id:
            self._select_slot(slot.id)

    def _focus_day_table(self, _day: dt.date) -> None:
        self.day_table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if self.day_model.rowCount() and not self.day_table.currentIndex().isValid():
            self.day_table.selectRow(0)

    def _select_slot(self, slot_id: int | None) -> None:
        changed = slot_id != self.selected_slot_id
        self.selected_slot_id = slot_id
        self.calendar_model.set_selected_slot(slot_id)
        if slot_id is None:
            self.slot = None
            self.people_model.set_people(None, [])
            self._fill_slot_fields(None)
            self.people_label.setText("")
            self.day_table.clearSelection()
            self._update_buttons()
            return
        slot = next((s for s in self.visible_slots() if s.id == slot_id), None)
        if slot is None:  # not in the range read yet (just made): wait for its detail
            self.slot = None
            self._fill_slot_fields(None)
        else:
            self.slot = slot
            self._fill_slot_fields(slot)
            row = self.day_model.row_of(slot_id)
            if row is not None and self.day_table.currentIndex().row() != row:
                self.day_table.selectionModel().setCurrentIndex(
                    self.day_model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows)
        if changed:
            self.people_model.set_people(slot_id, [])
            self.people_label.setText(self.tr("Memuat…"))
        self._update_buttons()
        self._load_slot(slot_id)

    def clear_slot(self) -> None:
        """Select no slot (the one shown was cancelled)."""
        self._select_slot(None)

    def _fill_slot_fields(self, slot: SlotInfo | None) -> None:
        self.slot_box.setVisible(slot is not None)
        self.slot_empty.setVisible(slot is None)
        self.people_table.setVisible(slot is not None)
        if slot is None:
            return
        f = self.slot_fields
        f["location"].setText(slot.location)
        f["date"].setText(format_date_id(slot.date))
        f["hours"].setText(format_time_range(slot.start, slot.end))
        state = FULLNESS_LABELS[fullness(slot.assigned, slot.capacity)]
        f["capacity"].setText(self.tr("{capacity} orang · {assigned} terisi · {free} sisa "
                                      "({state})").format(
            capacity=format_count(slot.capacity), assigned=format_count(slot.assigned),
            free=format_count(slot.free), state=self.tr(state)))
        notes = []
        if slot.deliberate:
            notes.append(self.tr("Sesi khusus (dibuka di luar jam layanan biasa)"))
        if slot.name:
            notes.append(slot.name)
        f["note"].setText("; ".join(notes) or "–")

    def _update_buttons(self) -> None:
        slot = self.slot
        usable = slot is not None and slot.date >= self.today
        self.cancel_button.setEnabled(usable)
        self.move_slot_button.setEnabled(usable)
        self.move_people_button.setEnabled(usable and bool(self.selected_people()))

    # --- notices -----------------------------------------------------------------------
    def hideEvent(self, event: QHideEvent) -> None:
        """An action's outcome ("4.240 warga dijadwalkan") is news while the clerk is here;
        once they leave the page it describes a moment that has passed, so it goes. A
        spontaneous hide (the window minimised) is not leaving."""
        super().hideEvent(event)
        if not event.spontaneous() and self.notice.isVisible():
            self.say("")

    def say(self, text: str) -> None:
        """Report the outcome of an action above the calendar."""
        self.notice.show_notice("info", text)
        self.notice_changed.emit(text)

    def say_error(self, error: BaseException) -> None:
        if isinstance(error, Cancelled):
            self.say(self.tr("Dibatalkan. Tidak ada yang diubah."))
            return
        self.say(error_text(error))
        self.notice.show_notice("error", self.notice.text())


