"""The Meja Layanan page's sections: the search bar, the notice, the search results, the
outcome keys, the history and today's list (the person card is in ``card.py``), and the
helpers their tables share.

Each builder creates its widgets as attributes of the page (its methods and the tests use
them by name), translates in the page's context, and returns what the page's layout places.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QItemSelectionModel, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.core import desk_rules, settings
from ektp_desk.core.calendar import format_date_id
from ektp_desk.core.status import STATUS_LABELS
from ektp_desk.ui import theme, widgets
from ektp_desk.ui.pages.meja.models import TodayModel, status_colours, tint
from ektp_desk.ui.widgets import tr

if TYPE_CHECKING:
    from ektp_desk.ui.pages.meja.page import MejaPage

FILTERS: tuple[tuple[str, str], ...] = (
    ("all", QT_TRANSLATE_NOOP("MejaPage", "Semua")),
    ("scheduled", QT_TRANSLATE_NOOP("MejaPage", "Terjadwal")),
    ("arrived", QT_TRANSLATE_NOOP("MejaPage", "Hadir")),
    ("waiting", QT_TRANSLATE_NOOP("MejaPage", "Menunggu")),
    ("done", QT_TRANSLATE_NOOP("MejaPage", "Selesai")),
)

def table_style(view: QTableView) -> None:
    """The page's tables: whole rows, read-only, no row numbers, fixed row height."""
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


def fit_columns(view: QTableView, widest: int) -> None:
    """Columns to their contents, none wider than `widest` (the last one stretches)."""
    view.resizeColumnsToContents()
    header = view.horizontalHeader()
    for column in range(view.model().columnCount() - 1):
        header.resizeSection(column, min(header.sectionSize(column), widest) + 12)


def select_row(view: QTableView, row: int) -> None:
    """Select a whole row and scroll to it."""
    index = view.model().index(row, 0)
    view.selectionModel().setCurrentIndex(
        index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        | QItemSelectionModel.SelectionFlag.Rows)
    view.scrollTo(index)


def build_search_bar(page: MejaPage) -> QHBoxLayout:
    """The big search field (the scanner types into it), auto-hadir, walk-in, close day."""
    page.search = QLineEdit()
    page.search.setObjectName("search")
    page.search.setPlaceholderText(tr("Pindai QR surat, atau ketik NIK / nama lalu "
                                           "Enter"))
    page.search.setClearButtonEnabled(True)
    big = page.search.font()
    big.setPointSizeF(big.pointSizeF() * 1.7)
    page.search.setFont(big)
    page.search.setMinimumHeight(page.search.fontMetrics().height() + 18)
    page.search.setToolTip(tr(
        "Pemindai: kode QR surat lalu Enter. NIK 16 angka: warga langsung dibuka. "
        "Nama: daftar pilihan (↑/↓, Enter). Esc mengosongkan."))
    page.auto_hadir = QCheckBox(tr("Tandai hadir saat dipindai"))
    page.auto_hadir.setObjectName("autoHadir")
    page.auto_hadir.setChecked(bool(settings.get(page.db, "desk_scan_marks_hadir")))
    page.auto_hadir.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    page.auto_hadir.setToolTip(tr(
        "Bila dicentang, warga yang kode suratnya dipindai langsung ditandai hadir dan "
        "mendapat nomor antrian."))
    page.walk_in_button = QPushButton(tr("Datang langsung…"))
    page.walk_in_button.setObjectName("walkIn")
    page.walk_in_button.setToolTip(tr("Warga yang tidak ada di daftar (Ctrl+N)"))
    page.close_day_button = QPushButton(tr("Tutup hari…"))
    page.close_day_button.setObjectName("closeDay")
    page.close_day_button.setToolTip(tr(
        "Menandai warga yang dijadwalkan hari ini dan tidak datang sebagai tidak hadir, "
        "lalu menampilkan rekap hari ini."))
    for button in (page.walk_in_button, page.close_day_button):
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    top = QHBoxLayout()
    top.addWidget(page.search, 1)
    top.addWidget(page.auto_hadir)
    top.addWidget(page.walk_in_button)
    top.addWidget(page.close_day_button)
    return top


def build_notice(page: MejaPage) -> QLabel:
    """The line that says what the last action did (hidden until there is something)."""
    page.notice = theme.NoticeBar()
    notice_font = page.notice.font()
    notice_font.setPointSizeF(notice_font.pointSizeF() * 1.15)
    page.notice.setFont(notice_font)
    return page.notice


def build_results(page: MejaPage) -> QTableView:
    """The search results (hidden until a name is searched)."""
    page.results = QTableView()
    page.results.setObjectName("results")
    page.results.setModel(page.results_model)
    table_style(page.results)
    page.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    page.results.setVisible(False)
    page.results.setMaximumHeight(240)
    return page.results


# The outcome buttons, kin side by side: arriving and recording; clarifying and sending
# elsewhere; the card. (status, reason): the tanpa jari button records terekam with it.
OUTCOME_ORDER: tuple[tuple[str, str | None], ...] = (
    ("hadir", None), ("terekam", None), ("terekam", "tanpa_jari"), ("gagal_rekam", None),
    ("data_ganda", None),
    ("klarifikasi_selesai", None), ("sudah_rekam", None), ("rekam_luar_daerah", None),
    ("tidak_dapat_dilayani", None), ("dirujuk", None),
    ("suket", None), ("menunggu_blangko", None), ("menunggu_17", None), ("ktp_dicetak", None),
    ("ktp_diterima", None),
)
_SHORT = {  # labels that would not fit a button
    "sudah_rekam": QT_TRANSLATE_NOOP("MejaPage", "Sudah rekam"),
    "tidak_dapat_dilayani": QT_TRANSLATE_NOOP("MejaPage", "Tak dapat dilayani"),
    "suket": QT_TRANSLATE_NOOP("MejaPage", "Suket"),
    "rekam_luar_daerah": QT_TRANSLATE_NOOP("MejaPage", "Rekam luar daerah"),
    "klarifikasi_selesai": QT_TRANSLATE_NOOP("MejaPage", "Klarifikasi selesai"),
}


def build_outcome_keys(page: MejaPage) -> QGridLayout:
    """One button per outcome, with its key, five to a row."""
    page.outcome_buttons = {}
    outcomes = QGridLayout()
    outcomes.setSpacing(6)
    button_font = page.font()
    button_font.setBold(True)
    per_row = 5
    for i, (status, reason) in enumerate(OUTCOME_ORDER):
        if reason is None:
            button = _outcome_button(page, status, desk_rules.OUTCOME_KEYS[status],
                                     button_font)
            page.outcome_buttons[status] = button
        else:
            button = _outcome_button(page, status, desk_rules.TANPA_JARI_KEY, button_font,
                                     reason=reason)
            page.tanpa_jari_button = button
        outcomes.addWidget(button, i // per_row, i % per_row)
    for column in range(per_row):
        outcomes.setColumnStretch(column, 1)
    return outcomes


def _outcome_button(page: MejaPage, status: str, key: str, font: QFont, *,
                    reason: str | None = None) -> QPushButton:
    label = STATUS_LABELS.get(status, status)
    if reason is not None:
        label = tr("Tanpa jari")
        tip = desk_rules.RECORDED_NOTES[reason]
    else:
        tip = label
        if status in _SHORT:
            label = QCoreApplication.translate("MejaPage", _SHORT[status])
    button = QPushButton(f"{key}\n{label}")
    button.setObjectName(f"outcome_{status}" + (f"_{reason}" if reason else ""))
    button.setFont(font)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setMinimumHeight(44)
    button.setToolTip(f"{tip} ({key})")
    colour, _text = status_colours(status)
    button.setStyleSheet(
        f"QPushButton {{ border: 1px solid {theme.CONTROL_BORDER}; border-left: 6px solid "
        f"{colour}; border-radius: 4px; background: {theme.CONTROL}; padding: 2px 6px;"
        f" text-align: left; }}"
        f" QPushButton:hover {{ background: {tint(colour, 0.85).name()}; }}"
        f" QPushButton:pressed {{ background: {tint(colour, 0.7).name()}; }}"
        f" QPushButton:disabled {{ color: {theme.DISABLED_TEXT}; border-left-color: "
        f"{theme.DISABLED_EDGE}; background: {theme.DISABLED}; }}")
    button.clicked.connect(lambda _=False, s=status, r=reason: page.mark(s, r))
    return button


def build_history(page: MejaPage) -> QHBoxLayout:
    """The history's title row with the undo button (returned), and its table."""
    history_head = QHBoxLayout()
    history_title = QLabel(tr("Riwayat"))
    bold = history_title.font()
    bold.setBold(True)
    history_title.setFont(bold)
    page.undo_button = QPushButton(tr("Batalkan perubahan terakhir (Ctrl+Z)"))
    page.undo_button.setObjectName("undo")
    page.undo_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    history_head.addWidget(history_title)
    history_head.addStretch(1)
    history_head.addWidget(page.undo_button)
    page.history = QTableView()
    page.history.setObjectName("history")
    page.history.setModel(page.history_model)
    table_style(page.history)
    page.history.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    page.history.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    return history_head


def build_today(page: MejaPage) -> QWidget:
    """The right column: the day, its counts as filter tiles, and today's list."""
    page.today_title = QLabel(tr("Hari ini: {date}").format(
        date=format_date_id(page.today)))
    page.today_title.setObjectName("todayTitle")
    title_font = page.today_title.font()
    title_font.setBold(True)
    title_font.setPointSizeF(title_font.pointSizeF() * 1.2)
    page.today_title.setFont(title_font)
    tiles = _filter_tiles(page)
    page.counts_label = QLabel()
    page.counts_label.setObjectName("counts")
    page.counts_label.setWordWrap(True)
    page.counts_label.setVisible(False)  # only for a read that failed
    _today_view(page)
    page.today_empty = QLabel()
    page.today_empty.setObjectName("todayEmpty")
    page.today_empty.setEnabled(False)
    page.today_empty.setWordWrap(True)
    page.today_empty.setVisible(False)
    right = QWidget()
    right_layout = QVBoxLayout(right)
    right_layout.setContentsMargins(4, 0, 0, 0)
    right_layout.addWidget(page.today_title)
    right_layout.addLayout(tiles)
    right_layout.addWidget(page.counts_label)
    right_layout.addWidget(page.today_empty)
    right_layout.addWidget(page.today_view, 1)
    return right


def _filter_tiles(page: MejaPage) -> QHBoxLayout:
    """The day's counts, which are also the list's filters (one checked at a time)."""
    page.filter_group = QButtonGroup(page)
    page.filter_group.setExclusive(True)
    page.filter_buttons = {}
    tiles = QHBoxLayout()
    tiles.setSpacing(4)
    tile_font = page.font()
    tile_font.setBold(True)
    tile_font.setPointSizeF(tile_font.pointSizeF() * 1.1)
    for key, label in FILTERS:
        tile = QToolButton()
        tile.setObjectName(f"filter_{key}")
        tile.setCheckable(True)
        tile.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        tile.setFont(tile_font)
        tile.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        # the counts' digits may not widen the page past a small screen: the tiles share
        # the panel's width rather than ask for their text's
        tile.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        tile.setMinimumWidth(56)
        tile.setText(f"–\n{QCoreApplication.translate('MejaPage', label)}")
        tile.setStyleSheet(
            f"QToolButton {{ border: 1px solid {theme.PANEL_BORDER}; border-radius: 5px; "
            f"background: {theme.CONTROL}; padding: 4px 2px; color: {theme.CONTROL_TEXT}; }}"
            f" QToolButton:hover {{ background: {theme.HOVER}; }}"
            f" QToolButton:checked {{ background: {theme.TODAY}; border-color: {theme.TODAY}; "
            f"color: {theme.WHITE}; }}")
        page.filter_group.addButton(tile)
        page.filter_buttons[key] = tile
        tiles.addWidget(tile)
    page.filter_buttons["all"].setChecked(True)
    page.filter_buttons["all"].setToolTip(tr("Semua warga hari ini"))
    page.filter_buttons["scheduled"].setToolTip(tr("Dijadwalkan hari ini"))
    page.filter_buttons["arrived"].setToolTip(tr("Sudah datang hari ini"))
    page.filter_buttons["waiting"].setToolTip(tr("Hadir, belum ada hasil"))
    page.filter_buttons["done"].setToolTip(tr("Sudah ada hasil (terekam, gagal, …)"))
    return tiles


def _today_view(page: MejaPage) -> None:
    page.today_view = QTableView()
    page.today_view.setObjectName("today")
    page.today_view.setModel(page.today_model)
    table_style(page.today_view)
    page.today_view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
    # a day's list is short: its columns fit what they hold, the name takes the rest
    widgets.fit_columns(page.today_view, TodayModel.NAME)
    page.today_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
