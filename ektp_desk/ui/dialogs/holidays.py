"""The holiday editor: the holidays of one year, add, remove (with a confirmation), and
import a list from a csv/xlsx file (TANGGAL, KETERANGAN, JENIS), all through the runner.

Holidays are data (docs/domain.md, "Hours and holidays": the SKB was revised twice in 2023
and Pemilu day was declared a week before): every change is announced on the change bus, so
the Jadwal calendar marks the new holiday at once. Sessions already made on a new holiday
stay; the dialog says so, and the clerk cancels or moves them on the Jadwal page.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import peewee as pw
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QItemSelectionModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.core import calendar, clock
from ektp_desk.core.calendar import Holiday, format_date_id
from ektp_desk.core.errors import Cancelled
from ektp_desk.core.people import format_count
from ektp_desk.ui import theme
from ektp_desk.ui.models.rows_model import RowsModel
from ektp_desk.ui.operations.schedule import HolidayAdded, add_holiday
from ektp_desk.ui.runner import JobHandle, JobRunner
from ektp_desk.ui.widgets import (
    ERROR_STYLE,
    buddy_label,
    confirm,
    date_edit,
    error_text,
    key_for,
    open_at,
    rows_table,
    to_date,
    to_qdate,
)

CUTI_COLOUR = theme.colour(theme.CUTI)


class HolidayModel(RowsModel):
    """The holidays of a year, by date: Tanggal, Nama, Jenis."""

    CONTEXT = "HolidayModel"
    COLUMNS = (QT_TRANSLATE_NOOP("HolidayModel", "Tanggal"),
               QT_TRANSLATE_NOOP("HolidayModel", "Nama"),
               QT_TRANSLATE_NOOP("HolidayModel", "Jenis"))

    def set_holidays(self, holidays: list[Holiday]) -> None:
        self.set_rows(holidays)

    def holiday(self, row: int) -> Holiday | None:
        return self.row_value(row)

    def row_of(self, day: dt.date) -> int | None:
        return self.find_row(lambda holiday: holiday.date == day)

    def cell(self, holiday: Holiday, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (format_date_id(holiday.date), holiday.name, holiday.kind_label)[column]
        if role == Qt.ItemDataRole.ForegroundRole and holiday.kind == "cuti_bersama":
            return CUTI_COLOUR
        if role == Qt.ItemDataRole.UserRole:
            return holiday
        return None


class HolidayDialog(QDialog):
    """Signals: ``loaded`` after the year's list is (re)read; ``changed`` after an add,
    a removal or an import."""

    loaded = Signal()
    changed = Signal()

    def __init__(self, db: pw.Database, runner: JobRunner, parent: QWidget | None = None, *,
                 year: int | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("holidayDialog")
        self.db = db
        self.runner = runner
        self.today = today or clock.today()
        self._select_after_load: dt.date | None = None
        self._handle: JobHandle | None = None
        self._reading: JobHandle | None = None
        self.setWindowTitle(self.tr("Hari libur"))
        self._build(year or self.today.year)
        self._connect()
        open_at(self, 720, 560)
        self.reload()

    def _build(self, year: int) -> None:
        self.year = QSpinBox()
        self.year.setObjectName("year")
        self.year.setRange(2000, 2100)
        self.year.setValue(year)
        self.count = QLabel()
        self.count.setObjectName("count")
        top = QHBoxLayout()
        top.addWidget(buddy_label(self.tr("&Tahun:"), self.year))
        top.addWidget(self.year)
        top.addStretch(1)
        top.addWidget(self.count)
        self.year_status = QLabel()
        self.year_status.setObjectName("yearStatus")
        self.year_status.setWordWrap(True)

        self.model = HolidayModel(self)
        self.table = rows_table(self.model, "holidays", self, stretch=1,
                                selection=QAbstractItemView.SelectionMode.SingleSelection)

        add_box = QGroupBox(self.tr("Tambah hari libur"))
        form = QFormLayout(add_box)
        self.new_date = date_edit(self._default_new_date(year))
        self.new_date.setObjectName("newDate")
        self.new_name = QLineEdit()
        self.new_name.setObjectName("newName")
        self.new_name.setPlaceholderText(self.tr("mis. Hari pemungutan suara Pemilu 2024"))
        self.new_kind = QComboBox()
        self.new_kind.setObjectName("newKind")
        for code, label in calendar.HOLIDAY_KINDS.items():
            self.new_kind.addItem(label, code)
        self.add_button = QPushButton(self.tr("T&ambah"))
        self.add_button.setObjectName("addButton")
        self.add_button.setEnabled(False)
        row = QHBoxLayout()
        row.addWidget(self.new_kind, 1)
        row.addWidget(self.add_button)
        for text, widget in ((self.tr("Ta&nggal:"), self.new_date),
                             (self.tr("Na&ma:"), self.new_name)):
            form.addRow(buddy_label(text, widget), widget)
        form.addRow(buddy_label(self.tr("&Jenis:"), self.new_kind), row)

        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setVisible(False)

        self.remove_button = QPushButton(self.tr("&Hapus…"))
        self.remove_button.setObjectName("removeButton")
        self.remove_button.setToolTip(self.tr("Menghapus hari libur yang dipilih"))
        key_for(self.remove_button, QKeySequence(QKeySequence.StandardKey.Delete))
        self.remove_button.setEnabled(False)
        self.import_button = QPushButton(self.tr("&Impor dari berkas…"))
        self.import_button.setObjectName("importButton")
        self.import_button.setToolTip(self.tr(
            "Berkas .xlsx atau .csv dengan kolom TANGGAL, KETERANGAN dan (boleh) JENIS: "
            "libur / cuti bersama. Tanggal yang sudah ada diperbarui."))
        self.close_button = QPushButton(self.tr("Tutup"))
        self.close_button.setObjectName("closeButton")
        buttons = QHBoxLayout()
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.year_status)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(add_box)
        layout.addLayout(buttons)

    def _default_new_date(self, year: int) -> dt.date:
        return self.today if year == self.today.year else dt.date(year, 1, 1)

    def _connect(self) -> None:
        self.year.valueChanged.connect(self._on_year)
        self.new_name.textChanged.connect(
            lambda text: self.add_button.setEnabled(bool(text.strip())))
        self.new_name.returnPressed.connect(self.add)
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove_selected)
        self.import_button.clicked.connect(self.import_file)
        self.close_button.clicked.connect(self.accept)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.remove_button.setEnabled(self.selected() is not None))

    # --- the public face ---------------------------------------------------------------
    def reload(self) -> None:
        # an answer for a year no longer shown is dropped (the newer read replaces it)
        self._reading = self.runner.run_read(
            calendar.list_holidays, self.year.value(), on_failure=self._failed,
            on_success=self._loaded, key=(id(self), "holidays"))
        self.runner.run_read(calendar.holiday_years, on_success=self._show_year,
                             key=(id(self), "holiday-years"))

    def _show_year(self, years: dict[int, calendar.HolidayYear]) -> None:
        """Whether the year shown has its published list (the planner asks otherwise)."""
        info = years.get(self.year.value())
        if info is None:
            text = self.tr("Tahun {year}: belum ada daftar resmi; jadwal di tahun ini perlu "
                           "konfirmasi. Impor daftar dari SKB.").format(year=self.year.value())
        elif info.provisional:
            text = self.tr("Tahun {year}: sementara. {source}").format(
                year=info.year, source=info.source)
        else:
            text = self.tr("Tahun {year}: {source}").format(year=info.year, source=info.source)
        self.year_status.setText(text)
        self.year_status.setStyleSheet(theme.notice_style("warn" if info is None or info.provisional
                                                    else "info"))

    @property
    def busy(self) -> bool:
        """A job of this dialog still runs (it will report back here)."""
        return any(h is not None and not h.done for h in (self._handle, self._reading))

    def selected(self) -> Holiday | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.holiday(rows[0].row()) if rows else None

    def select_date(self, day: dt.date) -> None:
        row = self.model.row_of(day)
        if row is not None:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(self.model.index(row, 0))

    def add(self) -> None:
        name = self.new_name.text().strip()
        if not name:
            return
        day = to_date(self.new_date.date())
        self._run(add_holiday, day, name, self.new_kind.currentData(), today=self.today,
                  on_success=lambda added: self._after_add(day, name, added))

    def remove_selected(self) -> None:
        holiday = self.selected()
        if holiday is None:
            return
        question = self.tr("Hapus hari libur {date} ({name})?").format(
            date=format_date_id(holiday.date), name=holiday.name)
        if not confirm(self, self.tr("Hapus hari libur"), question,
                       yes=self.tr("Ya, hapus"), no=self.tr("Tidak"),
                       informative=self.tr("Tanggal itu menjadi hari kerja biasa untuk "
                                           "jadwal berikutnya.")):
            return
        self._run(calendar.remove_holiday, holiday.date,
                  on_success=lambda _: self._after_remove(holiday))

    def import_file(self, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self, self.tr("Impor daftar hari libur"), str(Path.home()),
                self.tr("Daftar hari libur (*.xlsx *.csv);;Semua berkas (*)"))
        if not path:
            return
        self._run(calendar.import_holidays, Path(path), title=self.tr("Mengimpor hari libur"),
                  on_success=self._after_import)

    # --- reacting ----------------------------------------------------------------------
    def _run(self, fn: Any, *args: Any, on_success: Any, title: str | None = None,
             **kwargs: Any) -> None:
        self._handle = self.runner.run_write(fn, *args, title=title, on_success=on_success,
                                             on_failure=self._failed, **kwargs)

    def _on_year(self, year: int) -> None:
        self.new_date.setDate(to_qdate(self._default_new_date(year)))
        self.reload()

    def _loaded(self, holidays: list[Holiday]) -> None:
        self.model.set_holidays(holidays)
        libur = sum(1 for h in holidays if h.kind == "libur")
        self.count.setText(self.tr("{total} hari: {libur} libur nasional, {cuti} cuti bersama"
                                   ).format(total=len(holidays), libur=libur,
                                            cuti=len(holidays) - libur))
        self.remove_button.setEnabled(False)
        if self._select_after_load is not None:
            self.select_date(self._select_after_load)
            self._select_after_load = None
        self.loaded.emit()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, Cancelled):
            self._say(self.tr("Dibatalkan. Tidak ada yang diubah."))
        else:
            self._say(error_text(error), error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setVisible(bool(text))

    def _after_add(self, day: dt.date, name: str, added: HolidayAdded) -> None:
        text = self.tr("{date} ditambahkan sebagai hari libur: {name}.").format(
            date=format_date_id(day), name=name)
        if added.sessions:
            text += " " + self.tr("Sudah ada {n} sesi pada tanggal itu; sesi itu tetap ada. "
                                  "Batalkan atau pindahkan di halaman Jadwal.").format(
                n=added.sessions)
        self._say(text)
        self.new_name.clear()
        self._select_after_load = day
        if self.year.value() != day.year:
            self.year.setValue(day.year)  # reloads
        else:
            self.reload()
        self.changed.emit()

    def _after_remove(self, holiday: Holiday) -> None:
        self._say(self.tr("{date} ({name}) dihapus dari daftar hari libur.").format(
            date=format_date_id(holiday.date), name=holiday.name))
        self.reload()
        self.changed.emit()

    def _after_import(self, result: calendar.HolidayImport) -> None:
        text = self.tr("Impor selesai: {added} ditambahkan, {updated} diperbarui, "
                       "{unchanged} tidak berubah.").format(
            added=format_count(result.added), updated=format_count(result.updated),
            unchanged=format_count(result.unchanged))
        self._say(text)
        self.reload()
        self.changed.emit()
