"""Tinjau konflik: what sync's fixed rule overruled (a person changed at two offices, a
status not set back), with the offices and what differed, so an admin can phone the office
whose change lost. Marking reviewed only takes a row off the open list; no data changes."""

from __future__ import annotations

import peewee as pw
from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.core import accounts
from ektp_desk.core import nik as nik_rules
from ektp_desk.core.calendar import format_moment
from ektp_desk.core.sync import review
from ektp_desk.ui.runner import JobRunner
from ektp_desk.ui.widgets import open_at

COLUMNS = (QT_TRANSLATE_NOOP("ConflictsDialog", "Waktu"),
           QT_TRANSLATE_NOOP("ConflictsDialog", "NIK"),
           QT_TRANSLATE_NOOP("ConflictsDialog", "Nama"),
           QT_TRANSLATE_NOOP("ConflictsDialog", "Perkara"),
           QT_TRANSLATE_NOOP("ConflictsDialog", "Perbedaan"),
           QT_TRANSLATE_NOOP("ConflictsDialog", "Dipakai dari"),
           QT_TRANSLATE_NOOP("ConflictsDialog", "Ditolak dari"),
           QT_TRANSLATE_NOOP("ConflictsDialog", "Ditinjau"))
DIFFERENCES = COLUMNS.index("Perbedaan")


def _office(label: str) -> str:
    """'Kecamatan Pekalongan Barat (337501-9a5b)' → the name; the id goes to the tooltip."""
    return label.rsplit(" (", 1)[0]


class ConflictsDialog(QDialog):
    def __init__(self, db: pw.Database, runner: JobRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictsDialog")
        self.setWindowTitle(self.tr("Konflik untuk ditinjau"))
        open_at(self, 1100, 480)
        self.db = db
        self.runner = runner
        self.listed: list[review.Conflict] = []

        intro = QLabel(self.tr(
            "Aturan sinkronisasi sudah memilih: data dari kantor kecamatan pemilik warga, "
            "lalu yang paling akhir; status yang sudah terekam tidak dimundurkan. Yang ditolak "
            "tetap tersimpan di riwayat. Hubungi kantor yang perubahannya ditolak bila perlu, "
            "lalu tandai sudah ditinjau. Kolom Perbedaan: nilai yang ditolak → nilai yang "
            "dipakai."))
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(DIFFERENCES, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeaderItem(DIFFERENCES).setToolTip(
            self.tr("Nilai yang ditolak → nilai yang dipakai"))
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.show_reviewed = QCheckBox(self.tr("Tampilkan juga yang sudah ditinjau"))
        self.show_reviewed.toggled.connect(self.refresh)
        self.status = QLabel()
        self.mark_button = QPushButton(self.tr("&Tandai sudah ditinjau"))
        self.mark_button.clicked.connect(self.mark_selected)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.mark_selected)
        close = QPushButton(self.tr("Tutup"))
        buttons = QDialogButtonBox()
        buttons.addButton(self.mark_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.show_reviewed)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.listed = review.conflicts(self.db,
                                       include_reviewed=self.show_reviewed.isChecked())
        self.table.setRowCount(len(self.listed))
        for row, c in enumerate(self.listed):
            loser = _office(c.loser) + (self.tr(" (perubahan kantor ini, belum terkirim)")
                                        if c.local_unsent else "")
            reviewed = (f"{c.reviewed_by}, {format_moment(c.reviewed_at)}"
                        if c.reviewed_at else "")
            values = (format_moment(c.at), nik_rules.mask(c.nik), c.name, c.title,
                      "\n".join(f"{d.label}: {d.overruled} → {d.kept}" if d.field != "status"
                                else d.kept for d in c.differences),
                      _office(c.winner), loser, reviewed)
            tooltips = {5: c.winner, 6: c.loser}
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(tooltips.get(col, value))
                self.table.setItem(row, col, item)
        self.table.resizeRowsToContents()
        open_count = sum(1 for c in self.listed if c.reviewed_at is None)
        self.status.setText(self.tr("{n} konflik terbuka.").format(n=open_count)
                            if open_count else self.tr("Tidak ada konflik terbuka."))
        self._update_buttons()

    def selected_ids(self) -> list[int]:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        return [self.listed[r].id for r in sorted(rows) if self.listed[r].reviewed_at is None]

    def _update_buttons(self) -> None:
        self.mark_button.setEnabled(bool(self.selected_ids()) and not self.runner.busy)

    def mark_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        self.mark_button.setEnabled(False)
        self.runner.run_write(review.mark_reviewed, ids,
                              by=accounts.acting_name(self.db),
                              on_success=lambda _: self.refresh())
