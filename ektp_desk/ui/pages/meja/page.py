"""The Meja Layanan page: the front desk on a recording day, keyboard and scanner first.

- The big search field always has the focus (every action gives it back). A USB barcode
  scanner types the letter's QR text (``EKTP:<code>``) and Enter: the person opens and,
  with "Tandai hadir saat dipindai" on, is marked hadir with a queue number, in one write
  job. A NIK or a name and Enter: a NIK opens its person; a name gives a list to pick from
  (Up/Down, Enter).
- The person card: name, a big status badge in the status's colour, the queue number, the
  summons, and a yellow banner with the core's warnings (scheduled another day or
  elsewhere: a warning, never a refusal).
- One button per outcome with its key (F2 Hadir, F3 Terekam, …); the keys work anywhere on
  the page. Gagal rekam and Tidak dapat dilayani ask their reason.
- Ctrl+Z undoes the shown person's last change (a correcting event); the history under the
  card strikes undone events through.
- Today's list (semua / dijadwalkan / hadir / menunggu / selesai) with queue numbers and
  counts, read again on every change notice and every few seconds (other desks).
- Datang langsung… (Ctrl+N) adds a walk-in; Tutup hari… marks the no-shows and shows the
  day's counts.

Every write goes through the runner's writer, every read through a reader thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import peewee as pw
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QItemSelectionModel,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.core import clock, desk, people, settings
from ektp_desk.core import nik as nik_rules
from ektp_desk.core.calendar import format_date_id, format_time_range
from ektp_desk.core.desk import PersonCard
from ektp_desk.core.errors import Cancelled, UserError
from ektp_desk.core.fields import age_on
from ektp_desk.core.jobs import Changes
from ektp_desk.core.letters.numbering import QR_PREFIX
from ektp_desk.core.people import format_count
from ektp_desk.core.status import CATEGORY_LABELS, STATUS_LABELS
from ektp_desk.ui.changes import ChangeBus
from ektp_desk.ui.dialogs.close_day import CloseDayDialog, close_day_job
from ektp_desk.ui.dialogs.walk_in import WalkInDialog
from ektp_desk.ui.pages.meja.dialogs import ReasonDialog
from ektp_desk.ui.pages.meja.jobs import (
    WALK_IN,
    Opened,
    TodayData,
    open_job,
    record_job,
    scan_job,
    search_job,
    today_job,
    undo_job,
)
from ektp_desk.ui.pages.meja.models import (
    HistoryModel,
    ResultsModel,
    TodayModel,
    status_colours,
    tint,
)
from ektp_desk.ui.runner import JobRunner
from ektp_desk.ui.widgets import confirm, error_text

REFRESH_MS = 15000  # today's list again, for what other desks marked
_CENTER = Qt.AlignmentFlag.AlignCenter

FILTERS: tuple[tuple[str, str], ...] = (
    ("all", QT_TRANSLATE_NOOP("MejaPage", "Semua")),
    ("scheduled", QT_TRANSLATE_NOOP("MejaPage", "Dijadwalkan")),
    ("arrived", QT_TRANSLATE_NOOP("MejaPage", "Hadir")),
    ("waiting", QT_TRANSLATE_NOOP("MejaPage", "Menunggu")),
    ("done", QT_TRANSLATE_NOOP("MejaPage", "Selesai")),
)

NOTICE_STYLES = {
    "info": "background: #eef4fc; border: 1px solid #b6cdee; color: #1e1e1e;",
    "ok": "background: #e3f3e4; border: 1px solid #8cc690; color: #1b4d1e;",
    "warn": "background: #fff4ce; border: 1px solid #e0b400; color: #5c4300;",
    "error": "background: #fde7e6; border: 1px solid #e7a29c; color: #8c1d18;",
}


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def classify(text: str) -> str:
    """What the clerk (or the scanner) entered: 'code' (the QR text), 'nik' (16 digits),
    'maybe_code' (12 letters and digits 2–7: a typed code, or a one-word name), 'search'
    (a name or the start of a NIK), or '' (nothing)."""
    value = text.strip()
    if not value:
        return ""
    if value.upper().startswith(QR_PREFIX):
        return "code"
    digits = "".join(ch for ch in value if ch not in " .-")
    if digits.isascii() and digits.isdigit():
        return "nik" if len(digits) == 16 else "search"
    compact = "".join(ch for ch in value if ch not in " -").upper()
    if len(compact) == 12 and all(ch.isascii() and (ch.isalpha() or ch in "234567")
                                  for ch in compact):
        return "maybe_code"
    return "search"


class MejaPage(QWidget):
    """The front desk. `today` is the recording day (the clock's when not given)."""

    person_shown = Signal(object)  # PersonCard | None, after the card changed
    today_loaded = Signal()  # today's list and counts were read again
    notice_changed = Signal(str, str)  # kind ('info'|'ok'|'warn'|'error'), text

    def __init__(self, db: pw.Database, runner: JobRunner, bus: ChangeBus | None = None,
                 parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mejaPage")
        self.db = db
        self.runner = runner
        self.bus = bus or runner.bus
        self.today = today or clock.today()
        self.card: PersonCard | None = None
        self.masked = bool(settings.get(db, "mask_nik"))
        self.dialog: QDialog | None = None
        self._open_generation = 0
        self._today_generation = 0
        self._searched_for: str | None = None
        self._search_generation = 0

        self.results_model = ResultsModel(self)
        self.results_model.masked = self.masked
        self.history_model = HistoryModel(self)
        self.today_model = TodayModel(self)
        self._build()
        self._connect()
        self._show_card(None)
        self.bus.changed.connect(self._on_changes)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setInterval(REFRESH_MS)
        self._refresh_timer.timeout.connect(self._periodic_refresh)
        self._refresh_timer.start()
        self.reload_today()

    # --- layout -------------------------------------------------------------------------
    def _build(self) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(self.tr("Pindai QR surat, atau ketik NIK / nama lalu "
                                               "Enter"))
        self.search.setClearButtonEnabled(True)
        big = self.search.font()
        big.setPointSizeF(big.pointSizeF() * 1.7)
        self.search.setFont(big)
        self.search.setMinimumHeight(self.search.fontMetrics().height() + 18)
        self.search.setToolTip(self.tr(
            "Pemindai: kode QR surat lalu Enter. NIK 16 angka: warga langsung dibuka. "
            "Nama: daftar pilihan (↑/↓, Enter). Esc mengosongkan."))
        self.auto_hadir = QCheckBox(self.tr("Tandai hadir saat dipindai"))
        self.auto_hadir.setObjectName("autoHadir")
        self.auto_hadir.setChecked(bool(settings.get(self.db, "desk_scan_marks_hadir")))
        self.auto_hadir.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.auto_hadir.setToolTip(self.tr(
            "Bila dicentang, warga yang kode suratnya dipindai langsung ditandai hadir dan "
            "mendapat nomor antrian."))
        self.walk_in_button = QPushButton(self.tr("Datang langsung…"))
        self.walk_in_button.setObjectName("walkIn")
        self.walk_in_button.setToolTip(self.tr("Warga yang tidak ada di daftar (Ctrl+N)"))
        self.close_day_button = QPushButton(self.tr("Tutup hari…"))
        self.close_day_button.setObjectName("closeDay")
        self.close_day_button.setToolTip(self.tr(
            "Menandai warga yang dijadwalkan hari ini dan tidak datang sebagai tidak hadir, "
            "lalu menampilkan rekap hari ini."))
        for button in (self.walk_in_button, self.close_day_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.auto_hadir)
        top.addWidget(self.walk_in_button)
        top.addWidget(self.close_day_button)

        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.setVisible(False)
        notice_font = self.notice.font()
        notice_font.setPointSizeF(notice_font.pointSizeF() * 1.15)
        self.notice.setFont(notice_font)
        self.notice_kind = ""

        # left: results, card, outcomes, history
        self.results = QTableView()
        self.results.setObjectName("results")
        self.results.setModel(self.results_model)
        self._table_style(self.results)
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.results.setVisible(False)
        self.results.setMaximumHeight(240)

        self.card_frame = QFrame()
        self.card_frame.setObjectName("card")
        self.card_frame.setStyleSheet(
            "QFrame#card { background: #ffffff; border: 1px solid #c8c8c8; "
            "border-radius: 6px; }")
        card_layout = QVBoxLayout(self.card_frame)
        card_layout.setContentsMargins(16, 12, 16, 12)
        self.empty = QLabel(self.tr("Pindai QR surat panggilan, atau ketik NIK atau nama lalu "
                                    "tekan Enter."))
        self.empty.setObjectName("empty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(_CENTER)
        self.empty.setStyleSheet("color: #707070;")
        empty_font = self.empty.font()
        empty_font.setPointSizeF(empty_font.pointSizeF() * 1.3)
        self.empty.setFont(empty_font)
        self.empty.setMinimumHeight(120)

        self.name_label = QLabel()
        self.name_label.setObjectName("name")
        self.name_label.setWordWrap(True)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        name_font = self.name_label.font()
        name_font.setBold(True)
        name_font.setPointSizeF(name_font.pointSizeF() * 2.0)
        self.name_label.setFont(name_font)
        self.badge = QLabel()
        self.badge.setObjectName("badge")
        self.badge.setAlignment(_CENTER)
        badge_font = self.badge.font()
        badge_font.setBold(True)
        badge_font.setPointSizeF(badge_font.pointSizeF() * 1.9)
        self.badge.setFont(badge_font)
        self.badge.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.attempts = QLabel()
        self.attempts.setObjectName("attempts")
        self.queue = QLabel()
        self.queue.setObjectName("queue")
        self.queue.setAlignment(_CENTER)
        self.queue.setTextFormat(Qt.TextFormat.RichText)
        self.queue.setMinimumWidth(110)
        self.queue.setStyleSheet("QLabel#queue { background: #eef4fc; border: 1px solid "
                                 "#b6cdee; border-radius: 6px; padding: 4px 10px; }")

        head = QHBoxLayout()
        left_head = QVBoxLayout()
        left_head.addWidget(self.name_label)
        badge_row = QHBoxLayout()
        badge_row.addWidget(self.badge)
        badge_row.addWidget(self.attempts)
        badge_row.addStretch(1)
        left_head.addLayout(badge_row)
        head.addLayout(left_head, 1)
        head.addWidget(self.queue, 0, Qt.AlignmentFlag.AlignTop)

        self.fields: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        entries = (("nik", self.tr("NIK")), ("born", self.tr("Lahir")),
                   ("address", self.tr("Alamat")), ("kelurahan", self.tr("Kelurahan")),
                   ("category", self.tr("Kategori")), ("summons", self.tr("Jadwal")))
        value_font = self.font()
        value_font.setPointSizeF(value_font.pointSizeF() * 1.2)
        for i, (key, title) in enumerate(entries):
            caption = QLabel(title)
            caption.setStyleSheet("color: #606060;")
            caption.setFont(value_font)
            value = QLabel()
            value.setObjectName(f"field_{key}")
            value.setWordWrap(True)
            value.setFont(value_font)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(caption, i, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, i, 1)
            self.fields[key] = value
        grid.setColumnStretch(1, 1)
        self._captions = [grid.itemAtPosition(i, 0).widget() for i in range(len(entries))]

        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("QLabel#banner { background: #fff4ce; border: 1px solid "
                                  "#e0b400; border-radius: 4px; padding: 6px; color: #5c4300;"
                                  " }")
        banner_font = self.banner.font()
        banner_font.setBold(True)
        banner_font.setPointSizeF(banner_font.pointSizeF() * 1.1)
        self.banner.setFont(banner_font)

        self.details = QWidget()
        details_layout = QVBoxLayout(self.details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addLayout(head)
        details_layout.addLayout(grid)
        details_layout.addWidget(self.banner)
        card_layout.addWidget(self.empty)
        card_layout.addWidget(self.details)

        self.outcome_buttons: dict[str, QPushButton] = {}
        outcomes = QGridLayout()
        outcomes.setSpacing(6)
        button_font = self.font()
        button_font.setBold(True)
        button_font.setPointSizeF(button_font.pointSizeF() * 1.05)
        per_row = 4
        for i, (status, key) in enumerate(desk.OUTCOME_KEYS.items()):
            label = STATUS_LABELS.get(status, status)
            if status == "sudah_rekam":
                label = self.tr("Sudah rekam")
            elif status == "tidak_dapat_dilayani":
                label = self.tr("Tak dapat dilayani")
            elif status == "suket":
                label = self.tr("Suket")
            button = QPushButton(f"{key}  {label}")
            button.setObjectName(f"outcome_{status}")
            button.setFont(button_font)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMinimumHeight(40)
            button.setToolTip(f"{STATUS_LABELS.get(status, status)} ({key})")
            colour, _text = status_colours(status)
            button.setStyleSheet(
                f"QPushButton {{ border: 1px solid #b8b8b8; border-left: 6px solid {colour};"
                f" border-radius: 4px; background: #fafafa; padding: 4px 8px;"
                f" text-align: left; }}"
                f" QPushButton:hover {{ background: {tint(colour, 0.85).name()}; }}"
                f" QPushButton:pressed {{ background: {tint(colour, 0.7).name()}; }}"
                f" QPushButton:disabled {{ color: #a8a8a8; border-left-color: #dddddd;"
                f" background: #f2f2f2; }}")
            button.clicked.connect(lambda _=False, s=status: self.mark(s))
            outcomes.addWidget(button, i // per_row, i % per_row)
            self.outcome_buttons[status] = button

        history_head = QHBoxLayout()
        history_title = QLabel(self.tr("Riwayat"))
        bold = history_title.font()
        bold.setBold(True)
        history_title.setFont(bold)
        self.undo_button = QPushButton(self.tr("Batalkan perubahan terakhir (Ctrl+Z)"))
        self.undo_button.setObjectName("undo")
        self.undo_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        history_head.addWidget(history_title)
        history_head.addStretch(1)
        history_head.addWidget(self.undo_button)
        self.history = QTableView()
        self.history.setObjectName("history")
        self.history.setModel(self.history_model)
        self._table_style(self.history)
        self.history.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.history.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 4, 0)
        left_layout.addWidget(self.results)
        left_layout.addWidget(self.card_frame)
        left_layout.addLayout(outcomes)
        left_layout.addLayout(history_head)
        left_layout.addWidget(self.history, 1)

        # right: today
        self.today_title = QLabel(self.tr("Hari ini: {date}").format(
            date=format_date_id(self.today)))
        self.today_title.setObjectName("todayTitle")
        title_font = self.today_title.font()
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.2)
        self.today_title.setFont(title_font)
        # the day's counts, which are also the list's filters
        self.filter_group = QButtonGroup(self)
        self.filter_group.setExclusive(True)
        self.filter_buttons: dict[str, QToolButton] = {}
        tiles = QHBoxLayout()
        tiles.setSpacing(4)
        tile_font = self.font()
        tile_font.setBold(True)
        tile_font.setPointSizeF(tile_font.pointSizeF() * 1.1)
        for key, label in FILTERS:
            tile = QToolButton()
            tile.setObjectName(f"filter_{key}")
            tile.setCheckable(True)
            tile.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            tile.setFont(tile_font)
            tile.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            tile.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            tile.setText(f"–\n{QCoreApplication.translate('MejaPage', label)}")
            tile.setStyleSheet(
                "QToolButton { border: 1px solid #c8c8c8; border-radius: 5px; "
                "background: #fafafa; padding: 4px 2px; color: #303030; }"
                " QToolButton:hover { background: #eef4fc; }"
                " QToolButton:checked { background: #1a5fb4; border-color: #1a5fb4; "
                "color: #ffffff; }")
            self.filter_group.addButton(tile)
            self.filter_buttons[key] = tile
            tiles.addWidget(tile)
        self.filter_buttons["all"].setChecked(True)
        self.filter_buttons["all"].setToolTip(self.tr("Semua warga hari ini"))
        self.filter_buttons["scheduled"].setToolTip(self.tr("Dijadwalkan hari ini"))
        self.filter_buttons["arrived"].setToolTip(self.tr("Sudah datang hari ini"))
        self.filter_buttons["waiting"].setToolTip(self.tr("Hadir, belum ada hasil"))
        self.filter_buttons["done"].setToolTip(self.tr("Sudah ada hasil (terekam, gagal, …)"))
        self.counts_label = QLabel()
        self.counts_label.setObjectName("counts")
        self.counts_label.setWordWrap(True)
        self.counts_label.setVisible(False)  # only for a read that failed
        self.today_view = QTableView()
        self.today_view.setObjectName("today")
        self.today_view.setModel(self.today_model)
        self._table_style(self.today_view)
        self.today_view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        header = self.today_view.horizontalHeader()
        header.setStretchLastSection(False)
        metrics = self.today_view.fontMetrics()
        for column, sample in ((0, "No. 000"), (1, "00.00"), (3, "Tidak dapat dilayani")):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 16)
        header.setSectionResizeMode(TodayModel.NAME, QHeaderView.ResizeMode.Stretch)
        self.today_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.today_empty = QLabel()
        self.today_empty.setObjectName("todayEmpty")
        self.today_empty.setEnabled(False)
        self.today_empty.setWordWrap(True)
        self.today_empty.setVisible(False)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(4, 0, 0, 0)
        right_layout.addWidget(self.today_title)
        right_layout.addLayout(tiles)
        right_layout.addWidget(self.counts_label)
        right_layout.addWidget(self.today_empty)
        right_layout.addWidget(self.today_view, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("splitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setCollapsible(0, False)
        self.splitter.setSizes([600, 500])

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(self.splitter, 1)
        self.setFocusProxy(self.search)

    def _table_style(self, view: QTableView) -> None:
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.setCornerButtonEnabled(False)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        rows = view.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(view.fontMetrics().height() + 10)
        header = view.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    def _connect(self) -> None:
        self.search.returnPressed.connect(self.submit)
        self.search.installEventFilter(self)
        self.results.doubleClicked.connect(lambda index: self._open_result(index.row()))
        self.today_view.doubleClicked.connect(lambda index: self._open_today(index.row()))
        self.today_view.installEventFilter(self)
        self.filter_group.buttonToggled.connect(
            lambda _button, checked: self.reload_today() if checked else None)
        self.walk_in_button.clicked.connect(self.open_walk_in)
        self.close_day_button.clicked.connect(self.ask_close_day)
        self.undo_button.clicked.connect(self.undo)

        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        self.shortcuts: dict[str, QShortcut] = {}
        for status, key in desk.OUTCOME_KEYS.items():
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(context)
            shortcut.activated.connect(lambda s=status: self.mark(s))
            self.shortcuts[status] = shortcut
        for sequence, slot in ((QKeySequence.StandardKey.Undo, self.undo),
                               (QKeySequence("Ctrl+N"), self.open_walk_in),
                               (QKeySequence.StandardKey.Find, self.focus_search)):
            shortcut = QShortcut(sequence, self)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)

    # --- keyboard -------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.search and kind == QEvent.Type.ShortcutOverride:
            assert isinstance(event, QKeyEvent)
            if event.matches(QKeySequence.StandardKey.Undo):
                return True  # Ctrl+Z undoes the person's last change, not the typing
        if watched is self.search and kind == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp,
                       Qt.Key.Key_PageDown) and self.results.isVisible():
                self._move_result(key)
                return True
            if key == Qt.Key.Key_Escape:
                self.clear_search()
                return True
        if watched is self.today_view and kind == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                current = self.today_view.currentIndex()
                if current.isValid():
                    self._open_today(current.row())
                return True
        return super().eventFilter(watched, event)

    def _move_result(self, key: int) -> None:
        count = self.results_model.rowCount()
        if not count:
            return
        row = self.results.currentIndex().row()
        step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -5,
                Qt.Key.Key_PageDown: 5}[Qt.Key(key)]
        self._select_result(min(max(row + step if row >= 0 else 0, 0), count - 1))

    def _select_result(self, row: int) -> None:
        index = self.results_model.index(row, 0)
        self.results.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.results.scrollTo(index)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _refocus(self) -> None:
        """Give the focus back to the search field (after every action)."""
        if self.dialog is not None and self.dialog.isVisible():
            return
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def _dialog_closed(self) -> None:
        """A dialog of the page closed: the window gets the keyboard back, and the search
        field the focus."""
        self.dialog = None
        QTimer.singleShot(0, self._focus_back)

    def _focus_back(self) -> None:
        window = self.window()
        if self.isVisible() and not window.isActiveWindow():
            window.activateWindow()
        self._refocus()

    def clear_search(self) -> None:
        self.search.clear()
        self._hide_results()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self._refocus)

    # --- entering a code, a NIK or a name -------------------------------------------------
    def submit(self) -> None:
        """Enter in the search field."""
        text = self.search.text().strip()
        if self.results.isVisible() and text == self._searched_for:
            current = self.results.currentIndex()
            if current.isValid():
                self._open_result(current.row())
                return
        kind = classify(text)
        if not kind:
            return
        self._hide_results()
        if kind in ("code", "maybe_code"):
            self._scan(text, maybe=kind == "maybe_code")
        elif kind == "nik":
            self._scan(text, maybe=False, mark=False)
        else:
            self._search(text)

    def _scan(self, text: str, *, maybe: bool, mark: bool | None = None) -> None:
        if mark is None:
            mark = self.auto_hadir.isChecked()
        self._open_generation += 1
        generation = self._open_generation

        def failed(error: BaseException) -> None:
            if maybe and isinstance(error, UserError) and text.replace(" ", "").isalpha():
                self._search(text, fallback=error)  # a one-word name, or a bad code
                return
            self._failed(error)

        if mark:
            self.runner.run_write(scan_job, text, mark=True, today=self.today,
                                  on_success=lambda result: self._opened(result, text),
                                  on_failure=failed)
        else:
            self.runner.run_read(scan_job, text, mark=False, today=self.today,
                                 on_success=lambda result: self._opened(
                                     result, text, generation), on_failure=failed)

    def _search(self, text: str, fallback: UserError | None = None) -> None:
        self._search_generation += 1
        generation = self._search_generation

        def found(results: list[PersonCard]) -> None:
            if generation != self._search_generation:
                return
            if not results and fallback is not None:
                self._failed(fallback)
                return
            self._show_results(text, results)

        self.runner.run_read(search_job, text, today=self.today, on_success=found,
                             on_failure=self._failed)

    def _show_results(self, text: str, results: list[PersonCard]) -> None:
        self._searched_for = text
        self.results_model.set_rows(results)
        if not results:
            self.results.setVisible(False)
            self._say("warn", self.tr("Tidak ada warga yang cocok dengan \"{text}\". Periksa "
                                      "ejaan, atau catat sebagai datang langsung (Ctrl+N)."
                                      ).format(text=text))
        else:
            self._fit_results()
            self.results.setVisible(True)
            self._select_result(0)
            if len(results) == 1:
                self._say("info", self.tr("1 warga cocok. Tekan Enter untuk membukanya."))
            else:
                self._say("info", self.tr("{n} warga cocok. Pilih dengan ↑/↓ lalu Enter."
                                          ).format(n=len(results)))
        self.search.selectAll()
        self._refocus()

    def _fit_results(self) -> None:
        self.results.resizeColumnsToContents()
        header = self.results.horizontalHeader()
        for column in range(self.results_model.columnCount() - 1):
            header.resizeSection(column, min(header.sectionSize(column), 260) + 12)
        rows = min(self.results_model.rowCount(), 6)
        height = header.height() + rows * self.results.verticalHeader().defaultSectionSize()
        self.results.setFixedHeight(height + 4)

    def _hide_results(self) -> None:
        self._searched_for = None
        self.results.setVisible(False)
        self.results_model.set_rows([])

    def _open_result(self, row: int) -> None:
        card = self.results_model.row_value(row)
        if card is None:
            return
        self._hide_results()
        self.search.clear()
        self.open_person(card.person_id)

    def _open_today(self, row: int) -> None:
        value = self.today_model.row_value(row)
        if value is not None:
            self.open_person(value.person_id)
        self._refocus()

    def open_person(self, person_id: int) -> None:
        """Show a person (read on a reader thread)."""
        self._open_generation += 1
        generation = self._open_generation
        self.runner.run_read(open_job, person_id, today=self.today,
                             on_success=lambda result: self._opened(result, None, generation),
                             on_failure=self._failed)

    # --- outcomes and undo ----------------------------------------------------------------
    def mark(self, status: str) -> None:
        """Record `status` for the shown person (gagal rekam and tidak dapat dilayani ask
        their reason first)."""
        card = self.card
        if card is None:
            self._say("warn", self.tr("Belum ada warga yang dibuka. Pindai kode surat atau "
                                      "cari NIK/nama dulu."))
            self._refocus()
            return
        if status == "gagal_rekam":
            self._ask_reason(card, status, self.tr("Gagal rekam"),
                             self.tr("Mengapa perekaman {name} gagal?").format(name=card.name),
                             desk.REASONS)
            return
        if status == "tidak_dapat_dilayani":
            self._ask_reason(card, status, self.tr("Tidak dapat dilayani"),
                             self.tr("Mengapa {name} tidak dapat dilayani?").format(
                                 name=card.name), desk.NOT_SERVED)
            return
        self._record(card, status, None, None)

    def _ask_reason(self, card: PersonCard, status: str, title: str, prompt: str,
                    reasons: Mapping[str, str]) -> None:
        dialog = ReasonDialog(title, prompt, reasons, self)
        self.dialog = dialog

        def done(result: int) -> None:
            self._dialog_closed()
            dialog.deleteLater()
            if result == QDialog.DialogCode.Accepted:
                code, note = dialog.chosen()
                self._record(card, status, code, note)

        dialog.finished.connect(done)
        dialog.open()

    def _record(self, card: PersonCard, status: str, reason: str | None,
                note: str | None) -> None:
        self.runner.run_write(record_job, card.person_id, status, reason=reason, note=note,
                              today=self.today,
                              on_success=lambda result: self._opened(result, None),
                              on_failure=self._failed)

    def undo(self) -> None:
        """Ctrl+Z: undo the shown person's last change."""
        card = self.card
        if card is None:
            self._say("warn", self.tr("Belum ada warga yang dibuka: tidak ada yang dibatalkan."))
            self._refocus()
            return
        self.runner.run_write(undo_job, card.person_id, today=self.today,
                              on_success=lambda result: self._opened(result, None),
                              on_failure=self._failed)

    # --- after a job ----------------------------------------------------------------------
    def _opened(self, result: Opened, scanned: str | None,
                generation: int | None = None) -> None:
        if generation is not None and generation != self._open_generation:
            return  # a later lookup is on its way
        card = result.card
        self._show_card(card)
        self.history_model.set_rows(result.history)
        self._fit_history()
        if scanned is not None and self.search.text().strip() == scanned:
            self.search.clear()  # ready for the next scan
        queue = self.tr(" · antrian {n}").format(n=card.queue_number) \
            if card.queue_number else ""
        if result.marked == WALK_IN:
            self._say("ok", self.tr("{name} dicatat sebagai datang langsung ({status}{queue})."
                                    ).format(name=card.name, status=card.status_label,
                                             queue=queue))
        elif result.undone:
            self._say("ok", self.tr("Perubahan terakhir {name} dibatalkan; status sekarang "
                                    "{status}.").format(name=card.name,
                                                        status=card.status_label))
        elif result.marked is not None:
            self._say("ok", self.tr("✓ {name}: {status}{queue}").format(
                name=card.name, status=card.status_label, queue=queue))
        elif scanned is not None and self.auto_hadir.isChecked() and \
                classify(scanned) != "nik":
            self._say("info", self.tr("{name} sudah berstatus {status}{queue}; tidak ditandai "
                                      "hadir lagi.").format(name=card.name,
                                                            status=card.status_label,
                                                            queue=queue))
        else:
            self._say("info", self.tr("{name} dibuka ({status}{queue}). Pilih hasil dengan "
                                      "tombol F.").format(name=card.name,
                                                          status=card.status_label,
                                                          queue=queue))
        if card.warnings:
            QApplication.beep()
        if not result.changes.any:  # after a change the list is read again and selects
            self._select_in_today(card.person_id)
        self._refocus()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, Cancelled):
            self._say("info", self.tr("Dibatalkan. Tidak ada yang diubah."))
        elif isinstance(error, UserError):
            self._say("error", error.message)
            QApplication.beep()
        else:
            self._say("error", error_text(error))
        self.search.selectAll()
        self._refocus()

    def _say(self, kind: str, text: str) -> None:
        self.notice_kind = kind
        self.notice.setText(text)
        self.notice.setStyleSheet(f"QLabel#notice {{ {NOTICE_STYLES[kind]} border-radius: 4px;"
                                  f" padding: 6px; }}")
        self.notice.setVisible(bool(text))
        self.notice_changed.emit(kind, text)

    # --- the card -------------------------------------------------------------------------
    def _show_card(self, card: PersonCard | None) -> None:
        self.card = card
        self.empty.setVisible(card is None)
        self.details.setVisible(card is not None)
        self.undo_button.setEnabled(card is not None)
        if card is None:
            self.history_model.set_rows([])
            for button in self.outcome_buttons.values():
                button.setEnabled(False)
            self.person_shown.emit(None)
            return
        self.name_label.setText(card.name)
        background, foreground = status_colours(card.status)
        self.badge.setText(card.status_label)
        self.badge.setStyleSheet(f"QLabel#badge {{ background: {background}; color: "
                                 f"{foreground}; border-radius: 8px; padding: 6px 22px; }}")
        self.attempts.setText(self.tr("Tidak hadir {n}×").format(n=card.attempts)
                              if card.attempts else "")
        if card.queue_number:
            self.queue.setText(self.tr("<div style='color:#1a5fb4'>ANTRIAN</div>"
                                       "<div style='font-size:30pt; font-weight:bold'>{n}"
                                       "</div>").format(n=card.queue_number))
            self.queue.setVisible(True)
        else:
            self.queue.setVisible(False)
        f = self.fields
        f["nik"].setText(nik_rules.mask(card.nik) if self.masked else card.nik)
        born = _as_date(card.birth_date)
        if self.masked:  # beside a masked NIK the age only: the date and sex give the NIK
            born_text = (self.tr("umur {n} tahun").format(n=age_on(born, self.today))
                         if born is not None else "–")
        else:
            born_text = people.format_date(card.birth_date) if card.birth_date else "–"
            if born is not None:
                born_text += self.tr("  (umur {n} tahun)").format(n=age_on(born, self.today))
        sex = {"L": self.tr("laki-laki"), "P": self.tr("perempuan")}.get(card.sex or "")
        f["born"].setText(f"{born_text}, {sex}" if sex else born_text)
        rt_rw = f"RT {card.rt or '–'} / RW {card.rw or '–'}"
        f["address"].setText(f"{card.address}, {rt_rw}" if card.address else rt_rw)
        f["kelurahan"].setText(card.kelurahan_name or "–")
        category = CATEGORY_LABELS.get(card.category, card.category)
        if card.disability:
            category += self.tr(" · disabilitas: {}").format(card.disability)
        f["category"].setText(category)
        f["summons"].setText(self._summons_text(card.summons))
        if card.warnings:
            self.banner.setText("\n".join(f"⚠ {text}" for text in card.warnings))
            self.banner.setVisible(True)
        else:
            self.banner.setVisible(False)
        for status, button in self.outcome_buttons.items():
            button.setEnabled(desk.allowed(card.status, status))
        self.person_shown.emit(card)

    def _summons_text(self, summons: Mapping[str, object] | None) -> str:
        if not summons:
            return self.tr("Tidak ada panggilan terbuka")
        parts = []
        day = _as_date(summons.get("date"))
        if day is not None:
            parts.append(self.tr("hari ini") if day == self.today else format_date_id(day))
        start, end = summons.get("start"), summons.get("end")
        if start and end:
            try:
                parts.append(format_time_range(str(start), str(end)))
            except UserError:
                parts.append(f"{start}–{end}")
        if summons.get("location"):
            parts.append(str(summons["location"]))
        round_ = summons.get("round")
        if round_:
            parts.append(self.tr("panggilan ke-{n}").format(n=round_))
        return " · ".join(parts) or "–"

    def _fit_history(self) -> None:
        header = self.history.horizontalHeader()
        self.history.resizeColumnsToContents()
        for column in range(self.history_model.columnCount() - 1):
            header.resizeSection(column, min(header.sectionSize(column), 280) + 12)
        if self.history_model.rowCount():
            self.history.scrollToBottom()

    # --- today ----------------------------------------------------------------------------
    @property
    def filter_key(self) -> str:
        for key, tile in self.filter_buttons.items():
            if tile.isChecked():
                return key
        return "all"

    def set_filter(self, key: str) -> None:
        self.filter_buttons[key].setChecked(True)

    def reload_today(self) -> None:
        self._today_generation += 1
        generation = self._today_generation
        self.runner.run_read(today_job, self.today, self.filter_key,
                             on_success=lambda data: self._today_read(data, generation),
                             on_failure=self._today_failed)

    def _today_read(self, data: TodayData, generation: int) -> None:
        if generation != self._today_generation:
            return
        shown = self.card.person_id if self.card is not None else None
        scrolled = self.today_view.verticalScrollBar().value()
        self.today_model.set_rows(data.rows)
        self.today_view.verticalScrollBar().setValue(scrolled)
        self._show_counts(data.counts)
        self.counts_label.setVisible(False)
        self.today_empty.setVisible(not data.rows)
        self.today_empty.setText(self.tr("Belum ada warga pada daftar ini."))
        if shown is not None:
            self._select_in_today(shown)
        self.today_loaded.emit()

    def _today_failed(self, error: BaseException) -> None:
        if isinstance(error, UserError):
            self.counts_label.setText(error.message)
            self.counts_label.setVisible(True)
        else:
            self._failed(error)

    def _show_counts(self, counts: Mapping[str, int]) -> None:
        for key, label in FILTERS:
            number = format_count(counts[key]) if key in counts else "–"
            self.filter_buttons[key].setText(
                f"{number}\n{QCoreApplication.translate('MejaPage', label)}")

    def _select_in_today(self, person_id: int) -> None:
        row = self.today_model.row_of(person_id)
        if row is None:
            self.today_view.clearSelection()
            return
        index = self.today_model.index(row, 0)
        self.today_view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.today_view.scrollTo(index)

    def _periodic_refresh(self) -> None:
        if self.isVisible():
            self.reload_today()

    def _on_changes(self, changes: Changes) -> None:
        if changes.settings:
            self.masked = bool(settings.get(self.db, "mask_nik"))
            self.results_model.masked = self.masked
        if changes.events or changes.people or changes.schedule or changes.imports:
            self.reload_today()

    # --- walk-ins and closing the day -----------------------------------------------------
    def open_walk_in(self) -> None:
        text = self.search.text().strip()
        kind = classify(text)
        dialog = WalkInDialog(self.runner, self.today, self,
                              nik=text if kind == "nik" else "",
                              name=text if kind == "search" and not text[:1].isdigit() else "")
        self.dialog = dialog

        def done(_result: int) -> None:
            self._dialog_closed()
            if dialog.result_value is not None:
                result = dialog.result_value
                self.search.clear()
                self._hide_results()
                self.runner.run_read(lambda db: desk.history(db, result.card.person_id),
                                     on_success=lambda rows: self._opened(
                                         Opened(result.card, rows, marked=WALK_IN), None),
                                     on_failure=self._failed)
            dialog.deleteLater()

        dialog.finished.connect(done)
        dialog.open()

    def ask_close_day(self) -> None:
        day = self.today
        if not confirm(self, self.tr("Tutup hari"),
                       self.tr("Tutup hari {date}?").format(date=format_date_id(day)),
                       informative=self.tr(
                           "Warga yang dijadwalkan hari ini dan belum datang ditandai tidak "
                           "hadir (masuk panggilan berikutnya). Bila ada yang keliru, dapat "
                           "dibatalkan per warga dengan Ctrl+Z."),
                       yes=self.tr("Ya, tutup hari"), no=self.tr("Batal")):
            QTimer.singleShot(0, self._focus_back)
            return
        self.runner.run_write(close_day_job, day, today=self.today,
                              title=self.tr("Menutup hari…"),
                              on_success=lambda result: self._day_closed(day, result),
                              on_failure=self._failed)

    def _day_closed(self, day: dt.date, result: desk.CloseDayResult) -> None:
        self._say("ok", self.tr("Hari ditutup: {n} warga ditandai tidak hadir.").format(
            n=format_count(result.no_show)))
        dialog = CloseDayDialog(day, result, self)
        self.dialog = dialog

        def done(_result: int) -> None:
            self._dialog_closed()
            dialog.deleteLater()

        dialog.finished.connect(done)
        dialog.open()
