"""Log Audit: the audit trail with filters (account, action, dates, NIK), newest first,
its csv export and a check of the hash chain (docs/architecture.md, "The audit trail").

The table loads a page at a time as it is scrolled (``fetchMore``, keyset pages of
``audit_query.PAGE`` rows read on the runner), so a log of a million rows opens as fast as
a short one. It is meant for the admin; who may open it is decided where it is opened.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import peewee as pw
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    Qt,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.core import accounts, audit, audit_query, clock
from ektp_desk.core.text import format_count
from ektp_desk.ui.models.rows_model import AnyIndex
from ektp_desk.ui.runner import JobRunner
from ektp_desk.ui.widgets import (
    ERROR_STYLE,
    buddy_label,
    date_edit,
    error_text,
    open_at,
    rows_table,
    to_date,
)

PAGE_KEY = "audit_viewer_page"


def shown_time(at: str) -> str:
    """'2026-11-28T08:05:09+07:00' → '28-11-2026 08.05.09', as clerks write times."""
    try:
        when = dt.datetime.fromisoformat(at)
    except ValueError:
        return at
    return when.strftime("%d-%m-%Y %H.%M.%S")


class AuditModel(QAbstractTableModel):
    """The rows loaded so far; asks for the next page when the view scrolls to the end."""

    COLUMNS = (QT_TRANSLATE_NOOP("AuditModel", "Seq"),
               QT_TRANSLATE_NOOP("AuditModel", "Waktu"),
               QT_TRANSLATE_NOOP("AuditModel", "Akun"),
               QT_TRANSLATE_NOOP("AuditModel", "Akun komputer"),
               QT_TRANSLATE_NOOP("AuditModel", "Tindakan"),
               QT_TRANSLATE_NOOP("AuditModel", "Rincian"))

    def __init__(self, load_more: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[audit_query.AuditRow] = []
        self._load_more = load_more  # called with the seq to page before
        self.more = False
        self.loading = False

    def reset(self) -> None:
        self.beginResetModel()
        self._rows = []
        self.more, self.loading = False, True
        self.endResetModel()

    def append(self, rows: list[audit_query.AuditRow]) -> None:
        self.loading = False
        self.more = len(rows) >= audit_query.PAGE
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()

    def row_value(self, row: int) -> audit_query.AuditRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self.more and not self.loading

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent) and self._rows:
            self.loading = True
            self._load_more(self._rows[-1].seq)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.COLUMNS):
            return QCoreApplication.translate("AuditModel", self.COLUMNS[section])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_value(index.row()) if index.isValid() else None
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (format_count(row.seq), shown_time(row.at), row.by_user, row.os_user,
                    row.action, row.detail)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 5:
            return row.detail
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class AuditViewerDialog(QDialog):
    def __init__(self, db: pw.Database, runner: JobRunner, parent: QWidget | None = None,
                 *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.runner = runner
        self.setWindowTitle(self.tr("Log Audit"))
        day = today or clock.today()
        self.user_combo = QComboBox()
        self.user_combo.setObjectName("audit_user")
        self.action_combo = QComboBox()
        self.action_combo.setObjectName("audit_action")
        self.user_combo.addItem(self.tr("Semua akun"), "")
        self.action_combo.addItem(self.tr("Semua tindakan"), "")
        self.dates_box = QCheckBox(self.tr("&Tanggal"))
        self.date_from = date_edit(day - dt.timedelta(days=30))
        self.date_to = date_edit(day)
        self.nik_edit = QLineEdit()
        self.nik_edit.setPlaceholderText(self.tr("16 angka"))
        self.nik_edit.setMaxLength(24)
        self.filter_button = QPushButton(self.tr("&Saring"))
        self.filter_button.setDefault(True)
        self.filter_button.clicked.connect(self.reload)
        self.nik_edit.returnPressed.connect(self.reload)
        self.dates_box.toggled.connect(self._dates_toggled)
        self._dates_toggled(False)

        # two rows: the 1366×768 laptop at 125 % leaves some 1,090 px for the dialog
        filters = QGridLayout()
        filters.addWidget(buddy_label(self.tr("A&kun"), self.user_combo), 0, 0)
        filters.addWidget(self.user_combo, 0, 1)
        filters.addWidget(buddy_label(self.tr("Tind&akan"), self.action_combo), 0, 2)
        filters.addWidget(self.action_combo, 0, 3)
        filters.addWidget(buddy_label(self.tr("&NIK"), self.nik_edit), 0, 4)
        filters.addWidget(self.nik_edit, 0, 5)
        dates = QHBoxLayout()
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel("–"))
        dates.addWidget(self.date_to)
        dates.addStretch(1)
        dates.addWidget(self.filter_button)
        filters.addWidget(self.dates_box, 1, 0)
        filters.addLayout(dates, 1, 1, 1, 5)
        for column in (1, 3, 5):
            filters.setColumnStretch(column, 1)

        self.model = AuditModel(self._load_page, self)
        self.table = rows_table(self.model, "audit_rows", self)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        # fixed widths: measuring a growing table's rows on every page would cost more
        metrics = self.fontMetrics()
        for column, sample in enumerate(("1.000.000", "28-11-2026 08.00.00", "Nama Petugas",
                                         "petugas", "kunci_kantor_dipulihkan")):
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            self.table.setColumnWidth(column, max(metrics.horizontalAdvance(sample),
                                                  metrics.horizontalAdvance(title)) + 24)
        self.count_label = QLabel()
        self.result_label = QLabel()
        self.result_label.setObjectName("audit_result")
        self.result_label.setWordWrap(True)
        self.export_button = QPushButton(self.tr("&Ekspor…"))
        self.export_button.clicked.connect(self.export)
        self.verify_button = QPushButton(self.tr("&Periksa rantai"))
        self.verify_button.clicked.connect(self.verify)
        close = QPushButton(self.tr("Tut&up"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.verify_button)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.result_label)
        layout.addLayout(buttons)
        open_at(self, 1100, 640)
        self._fill_choices()
        self.reload()

    # --- filters and pages ------------------------------------------------------------

    def _dates_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)

    def _fill_choices(self) -> None:
        # a million rows take a moment to list: read on the runner
        self.runner.run_read(audit_query.choices, on_success=self._choices_read,
                             on_failure=lambda e: self._set_error(error_text(e)))

    def _choices_read(self, found: tuple[list[str], list[str]]) -> None:
        for combo, everything, values in (
                (self.user_combo, self.tr("Semua akun"), found[0]),
                (self.action_combo, self.tr("Semua tindakan"), found[1])):
            keep = combo.currentData()
            combo.clear()
            combo.addItem(everything, "")
            for value in values:
                combo.addItem(value, value)
            combo.setCurrentIndex(max(combo.findData(keep), 0) if keep else 0)

    def current_filter(self) -> audit_query.AuditFilter:
        dated = self.dates_box.isChecked()
        return audit_query.AuditFilter(
            user=self.user_combo.currentData() or "",
            action=self.action_combo.currentData() or "",
            date_from=to_date(self.date_from.date()) if dated else None,
            date_to=to_date(self.date_to.date()) if dated else None,
            nik=self.nik_edit.text().strip())

    def reload(self) -> None:
        self.model.reset()
        self._set_error(None)
        self.count_label.setText(self.tr("Memuat…"))
        self._load_page(None)

    def _load_page(self, before_seq: int | None) -> None:
        flt = self.current_filter()
        self.runner.run_read(audit_query.page, flt, before_seq=before_seq, key=PAGE_KEY,
                             on_success=self._page_loaded, on_failure=self._page_failed)

    def _page_loaded(self, rows: list[audit_query.AuditRow]) -> None:
        self.model.append(rows)
        shown = format_count(self.model.rowCount())
        self.count_label.setText(self.tr("{n} baris ditampilkan{more}").format(
            n=shown, more=self.tr(", gulir untuk memuat lagi") if self.model.more else ""))

    def _page_failed(self, error: BaseException) -> None:
        self.model.loading = False
        self.count_label.clear()
        self._set_error(error_text(error))

    def _set_error(self, text: str | None) -> None:
        self.result_label.setStyleSheet(ERROR_STYLE if text else "")
        self.result_label.setText(text or "")

    # --- export and verify --------------------------------------------------------------

    def export(self) -> None:
        name = f"log-audit-{clock.today().isoformat()}.csv"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Ekspor log audit"), name,
                                              self.tr("CSV (*.csv)"))
        if not path:
            return
        user = accounts.acting_name(self.db)
        self.runner.run_write(audit_query.export_csv, self.current_filter(), Path(path),
                              user=user, title=self.tr("Mengekspor log audit"),
                              on_success=self._exported,
                              on_failure=lambda e: self._set_error(error_text(e)))

    def _exported(self, result: audit_query.ExportResult) -> None:
        self.reload()  # the export's own row is now the newest
        self._fill_choices()
        self.result_label.setText(self.tr("{n} baris diekspor ke {file}.").format(
            n=format_count(result.rows), file=result.file))

    def verify(self) -> None:
        self.verify_button.setEnabled(False)
        self.runner.run_read(audit.verify, with_progress=True,
                             title=self.tr("Memeriksa rantai log audit"),
                             on_success=self._verified, on_failure=self._verify_failed)

    def _verified(self, result: audit.VerifyResult) -> None:
        self.verify_button.setEnabled(True)
        self._set_error(None if result.ok else result.message)
        if result.ok:
            self.result_label.setText(result.message)

    def _verify_failed(self, error: BaseException) -> None:
        self.verify_button.setEnabled(True)
        self._set_error(error_text(error))

