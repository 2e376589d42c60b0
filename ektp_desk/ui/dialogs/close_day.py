"""Tutup hari: after a confirmation the core marks everyone scheduled today who did not
come as tidak hadir (they feed the second call); this dialog then shows the day's counts per
outcome and per kelurahan. Fuller reports come with the Laporan page.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.core import desk
from ektp_desk.core.calendar import format_date_id
from ektp_desk.core.people import format_count
from ektp_desk.core.status import STATUS_LABELS, STATUSES
from ektp_desk.ui import theme
from ektp_desk.ui.models.rows_model import ALIGN_RIGHT
from ektp_desk.ui.widgets import button_row, open_at


def _ordered(statuses: set[str]) -> list[str]:
    known = [s for s in STATUSES if s in statuses]
    return known + sorted(statuses - set(known))


def _label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def _table(rows: int, columns: int) -> QTableWidget:
    table = QTableWidget(rows, columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    rows_header = table.verticalHeader()
    rows_header.setVisible(False)
    rows_header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows_header.setDefaultSectionSize(table.fontMetrics().height() + 8)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setHighlightSections(False)
    return table


def _item(text: str, *, number: bool = False, bold: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if number:
        item.setTextAlignment(ALIGN_RIGHT)
    if bold:
        font = QFont(item.font())
        font.setBold(True)
        item.setFont(font)
    return item


class CloseDayDialog(QDialog):
    """The day's result: how many were marked tidak hadir, counts per outcome and per
    kelurahan."""

    def __init__(self, day: dt.date, result: desk.CloseDayResult,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("closeDayDialog")
        self.setWindowTitle(self.tr("Hari ditutup"))
        self.result_value = result

        title = QLabel(self.tr("Rekap {date}").format(date=format_date_id(day)))
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        title.setFont(font)
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        if result.no_show:
            self.summary.setText(self.tr(
                "{n} warga yang dijadwalkan hari ini tidak datang dan ditandai tidak hadir; "
                "mereka masuk panggilan berikutnya.").format(n=format_count(result.no_show)))
        else:
            self.summary.setText(self.tr("Semua warga yang dijadwalkan hari ini sudah datang "
                                         "atau sudah dicatat."))

        # someone who came and got no outcome: the clerk should look before leaving
        self.waiting = QLabel()
        self.waiting.setObjectName("waiting")
        self.waiting.setWordWrap(True)
        self.waiting.setStyleSheet(theme.notice_style("warn"))
        self.waiting.setVisible(bool(result.waiting))
        if result.waiting:
            self.waiting.setText(self.tr(
                "⚠ {n} warga masih menunggu (hadir, belum ada hasil): {names}. Catat hasilnya, "
                "atau periksa besok.").format(n=format_count(len(result.waiting)),
                                              names=", ".join(result.waiting)))

        outcomes = _ordered({s for s, n in result.counts_by_outcome.items() if n})
        self.outcomes = _table(len(outcomes) + 1, 2)
        self.outcomes.setObjectName("outcomes")
        self.outcomes.setHorizontalHeaderLabels([self.tr("Hasil"), self.tr("Jumlah")])
        total = 0
        for row, status in enumerate(outcomes):
            count = result.counts_by_outcome[status]
            total += count
            self.outcomes.setItem(row, 0, _item(_label(status)))
            self.outcomes.setItem(row, 1, _item(format_count(count), number=True))
        self.outcomes.setItem(len(outcomes), 0, _item(self.tr("Jumlah"), bold=True))
        self.outcomes.setItem(len(outcomes), 1,
                              _item(format_count(total), number=True, bold=True))
        self.outcomes.resizeColumnsToContents()
        self.outcomes.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch)
        # a handful of rows: shown whole, no scrolling
        self.outcomes.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.outcomes.setFixedHeight(
            self.outcomes.horizontalHeader().sizeHint().height()
            + self.outcomes.verticalHeader().defaultSectionSize() * self.outcomes.rowCount()
            + 2 * self.outcomes.frameWidth())

        columns = _ordered({s for per in result.counts_by_kelurahan.values()
                            for s, n in per.items() if n})
        names = sorted(result.counts_by_kelurahan)
        self.kelurahan = _table(len(names), len(columns) + 2)
        self.kelurahan.setObjectName("kelurahan")
        self.kelurahan.setHorizontalHeaderLabels(
            [self.tr("Kelurahan")] + [_label(s) for s in columns] + [self.tr("Jumlah")])
        for row, name in enumerate(names):
            per = result.counts_by_kelurahan[name]
            self.kelurahan.setItem(row, 0, _item(name or self.tr("(tanpa kelurahan)")))
            for col, status in enumerate(columns, start=1):
                count = per.get(status, 0)
                self.kelurahan.setItem(row, col, _item(format_count(count) if count else "–",
                                                       number=True))
            self.kelurahan.setItem(row, len(columns) + 1,
                                   _item(format_count(sum(per.values())), number=True,
                                         bold=True))
        self.kelurahan.resizeColumnsToContents()
        self.kelurahan.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch)

        close = QPushButton(self.tr("Tutup"))
        close.setObjectName("close")
        close.setDefault(True)
        close.clicked.connect(self.accept)
        buttons = button_row(close)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.summary)
        layout.addWidget(self.waiting)
        layout.addWidget(QLabel(self.tr("Per hasil")))
        layout.addWidget(self.outcomes)
        layout.addWidget(QLabel(self.tr("Per kelurahan")))
        layout.addWidget(self.kelurahan, 1)
        layout.addLayout(buttons)
        open_at(self, max(560, 180 + 110 * len(columns)), 560)

    def outcome_counts(self) -> dict[str, str]:
        """What the outcome table shows, label → count text (for tests and a quick read)."""
        shown = {}
        for row in range(self.outcomes.rowCount()):
            label, count = self.outcomes.item(row, 0), self.outcomes.item(row, 1)
            if label is not None and count is not None:
                shown[label.text()] = count.text()
        return shown
