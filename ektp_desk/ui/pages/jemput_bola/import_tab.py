"""The Impor daftar tab: a school's, pesantren's or lapas's list (csv or xlsx) matched to
the people (core/scheduling/visit_lists.py): who was found, each ambiguous row with a
choice of its candidates (nothing is guessed: a row left on "lewati" stays out), and the
rows not found with the reason; *Tambahkan ke kunjungan* puts them on the chosen visit."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.core.calendar import format_date_id
from ektp_desk.core.people import format_count
from ektp_desk.core.scheduling.outreach import VisitInfo
from ektp_desk.ui.operations.outreach import Matched, add_list_job, match_list_job
from ektp_desk.ui.widgets import buddy_label

if TYPE_CHECKING:
    from ektp_desk.ui.pages.jemput_bola.page import JemputBolaPage


def _table(name: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    header = table.horizontalHeader()
    for column in range(len(headers)):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
    return table


class ImportTab(QWidget):
    def __init__(self, page: JemputBolaPage) -> None:
        super().__init__(page)
        self.page = page
        self.matched: Matched | None = None

        self.visit = QComboBox()
        self.visit.setObjectName("listVisit")
        self.choose_button = QPushButton(self.tr("&Pilih berkas…"))
        self.choose_button.setObjectName("chooseList")
        self.summary = QLabel(self.tr("Pilih kunjungan tujuan, lalu berkas daftar (csv atau "
                                      "xlsx dengan kolom NIK dan/atau NAMA, boleh dengan "
                                      "TANGGAL LAHIR)."))
        self.summary.setObjectName("listSummary")
        self.summary.setWordWrap(True)
        self.ambiguous = _table("ambiguousRows", [self.tr("Baris"), self.tr("Di daftar"),
                                                  self.tr("Mengapa ragu"),
                                                  self.tr("Warga yang dimaksud")])
        self.unmatched = _table("unmatchedRows", [self.tr("Baris"), self.tr("Di daftar"),
                                                  self.tr("Mengapa tidak ditemukan")])
        self.add_button = QPushButton(self.tr("&Tambahkan ke kunjungan"))
        self.add_button.setObjectName("addList")
        self.add_button.setEnabled(False)

        top = QHBoxLayout()
        top.addWidget(buddy_label(self.tr("&Kunjungan tujuan"), self.visit))
        top.addWidget(self.visit, 1)
        top.addWidget(self.choose_button)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel(self.tr("Perlu dipilih (nama sama atau mirip):")))
        layout.addWidget(self.ambiguous, 2)
        layout.addWidget(QLabel(self.tr("Tidak ditemukan:")))
        layout.addWidget(self.unmatched, 1)
        layout.addLayout(bottom)

        self.choose_button.clicked.connect(self.choose_file)
        self.add_button.clicked.connect(self.add_to_visit)

    def set_visits(self, visits: list[VisitInfo]) -> None:
        """The planned visits a list may go to (kept chosen across reloads)."""
        keep = self.visit.currentData()
        self.visit.blockSignals(True)
        self.visit.clear()
        for visit in visits:
            if visit.state == "rencana":
                self.visit.addItem(f"{visit.location}, {format_date_id(visit.date)}", visit.id)
        self.visit.setCurrentIndex(max(self.visit.findData(keep), 0))
        self.visit.blockSignals(False)
        self._update()

    def choose_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("Pilih daftar sekolah atau lapas"), "",
            self.tr("Daftar (*.csv *.xlsx)"))
        if chosen:
            self.load(Path(chosen))

    def load(self, path: Path) -> None:
        """Match a list file (a reader job); the review fills when it answers."""
        self.summary.setText(self.tr("Mencocokkan {name}…").format(name=path.name))
        self.page.runner.run_read(match_list_job, path, key=(id(self), "match"),
                                  on_success=self._matched, on_failure=self.page.failed)

    def _matched(self, matched: Matched) -> None:
        self.matched = matched
        match = matched.match
        self.summary.setText(self.tr(
            "{name}: {rows} baris; {found} warga ditemukan, {ambiguous} perlu dipilih, "
            "{missing} tidak ditemukan.").format(
                name=matched.path.name, rows=format_count(match.rows),
                found=format_count(len(match.person_ids)),
                ambiguous=format_count(len(match.ambiguous)),
                missing=format_count(len(match.unmatched))))
        self.ambiguous.setRowCount(len(match.ambiguous))
        for row, item in enumerate(match.ambiguous):
            for column, text in enumerate((str(item.row), item.text, item.reason)):
                self.ambiguous.setItem(row, column, QTableWidgetItem(text))
            combo = QComboBox()
            combo.setObjectName(f"choice_{item.row}")
            combo.addItem(self.tr("— lewati baris ini —"), None)
            for pid in item.candidates:
                combo.addItem(matched.labels.get(pid, str(pid)), pid)
            self.ambiguous.setCellWidget(row, 3, combo)
        self.unmatched.setRowCount(len(match.unmatched))
        for row, (number, text, reason) in enumerate(match.unmatched):
            for column, value in enumerate((str(number), text, reason)):
                self.unmatched.setItem(row, column, QTableWidgetItem(value))
        self._update()

    def choices(self) -> dict[int, int]:
        """{row: person id} the clerk chose for the ambiguous rows."""
        chosen = {}
        if self.matched is None:
            return chosen
        for row, item in enumerate(self.matched.match.ambiguous):
            combo = self.ambiguous.cellWidget(row, 3)
            if isinstance(combo, QComboBox) and combo.currentData() is not None:
                chosen[item.row] = int(combo.currentData())
        return chosen

    def _update(self) -> None:
        self.add_button.setEnabled(self.matched is not None and self.visit.count() > 0)

    def add_to_visit(self) -> None:
        matched, visit_id = self.matched, self.visit.currentData()
        if matched is None or visit_id is None:
            return
        self.page.runner.run_write(add_list_job, int(visit_id), matched, self.choices(),
                                   source=self.page, on_success=self._added,
                                   on_failure=self.page.failed)

    def _added(self, result: object) -> None:
        skipped = sum(len(v) for v in result.skipped.values())  # type: ignore[attr-defined]
        self.page.say("ok", self.tr(
            "{n} warga dari daftar ditambahkan ke kunjungan{skipped}.").format(
                n=format_count(result.added),  # type: ignore[attr-defined]
                skipped=self.tr(" ({n} dilewati: sudah ada, sudah terekam, atau di kunjungan "
                                "lain)").format(n=format_count(skipped)) if skipped else ""))
        self.matched = None
        self.ambiguous.setRowCount(0)
        self.unmatched.setRowCount(0)
        self._update()
        self.page.list_added.emit(result)
