"""The import wizard: pick file → fix the column mapping → preview (a dry run) → import.

Every step runs its core function through the JobRunner, off the UI thread; the import
itself shows its progress on the last page with Batal, then the summary and a button to
save the error report.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import peewee as pw
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from ektp_desk.core import clock, import_source, importer, outputs
from ektp_desk.core.errors import Cancelled, UserError
from ektp_desk.core.people import format_count
from ektp_desk.ui import theme
from ektp_desk.ui.operations.importing import read_source
from ektp_desk.ui.runner import JobHandle, JobRunner
from ektp_desk.ui.widgets import fit_columns, open_at, tr

NOT_USED = -1
PREVIEW_ROWS = 8
PROBLEM_ROWS_SHOWN = 500


def cell_text(value: object) -> str:
    """A spreadsheet cell as the clerk typed it: a whole number read as a float (NO 1.0,
    RT 3.0) shows as 1 and 3; Excel's 15-digit NIK floats keep their exponent (3.37501E+15),
    the sign that a digit is lost."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, float) and value.is_integer():
        return f"{value:.15G}"
    return str(value)


def _cell(value: object) -> QTableWidgetItem:
    item = QTableWidgetItem(cell_text(value))
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


def fill_problem_table(table: QTableWidget, problems: list[importer.RowProblem]) -> None:
    shown = problems[:PROBLEM_ROWS_SHOWN]
    table.setRowCount(len(shown))
    for row, problem in enumerate(shown):
        for column, value in enumerate((problem.row, problem.nik, problem.name, problem.reason)):
            table.setItem(row, column, _cell(value))


def problem_table() -> QTableWidget:
    table = QTableWidget(0, 4)
    table.setHorizontalHeaderLabels([tr("Baris"), tr("NIK tertulis"), tr("Nama"), tr("Alasan")])
    header = table.horizontalHeader()
    for column in range(3):  # at most a few hundred rows: measuring them is cheap
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
    table.verticalHeader().setVisible(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    return table


class ImportWizard(QWizard):
    """Holds what the pages share: the database, the runner, the source and the mapping."""

    source_loaded = Signal()
    preview_ready = Signal()
    import_done = Signal()

    def __init__(self, db: pw.Database, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.runner = runner
        self.source: import_source.Source | None = None
        self.mapping: dict[str, int] = {}
        self.preview_result: importer.ImportResult | None = None
        self.result: importer.ImportResult | None = None
        self.setWindowTitle(self.tr("Impor daftar pemilih dari KPU"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage)  # the page has its own
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("&Lanjut >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< &Kembali"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Batal"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Selesai"))
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Impor sekarang"))
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.import_page = ImportPage(self)
        for page in (self.file_page, self.mapping_page, self.preview_page, self.import_page):
            self.addPage(page)
            page.completeChanged.connect(self._explain_next)
        self.currentIdChanged.connect(lambda _: self._explain_next())
        open_at(self, 900, 620)

    def _explain_next(self) -> None:
        """Lanjut (or Impor sekarang) says why it is disabled: on its tooltip and in the
        page's hint line."""
        page = self.currentPage()
        if not isinstance(page, HintedPage):
            return
        reason = "" if page.isComplete() else page.why_not()
        for which in (QWizard.WizardButton.NextButton, QWizard.WizardButton.CommitButton):
            self.button(which).setToolTip(reason)
        page.hint.setText(reason)
        page.hint.setVisible(bool(reason))

    def reject(self) -> None:
        if self.import_page.handle is not None and not self.import_page.handle.done:
            self.import_page.cancel()  # the page closes nothing until the rollback is done
            return
        super().reject()


class HintedPage(QWizardPage):
    """A wizard page that can say why it is not complete (`why_not`), in `hint`, a line
    the page puts under its content."""

    def __init__(self) -> None:
        super().__init__()
        self.hint = QLabel()
        self.hint.setObjectName("nextHint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(theme.text_style(theme.HINT))
        self.hint.setVisible(False)

    def why_not(self) -> str:
        return ""


class FilePage(HintedPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("1. Pilih berkas"))
        self.setSubTitle(self.tr("Berkas daftar dari KPU: Excel (.xlsx) atau CSV."))
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(self.tr("Lokasi berkas…"))
        self.path_edit.editingFinished.connect(self.load)
        # a typed or pasted path loads as soon as it names a file
        self.path_edit.textChanged.connect(self._typed)
        browse = QPushButton(self.tr("&Pilih berkas…"))
        browse.clicked.connect(self.browse)
        self.sheet_combo = QComboBox()
        self.sheet_combo.activated.connect(lambda _: self.load())
        self.info = QLabel()
        self.info.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow(self.tr("Berkas:"), row)
        form.addRow(self.tr("Lembar kerja:"), self.sheet_combo)
        form.addRow(self.info)
        form.addRow(self.hint)
        self._loading: tuple[str, str | None] | None = None  # (path, sheet) being read

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Pilih daftar KPU"), str(Path.home()),
            self.tr("Daftar KPU (*.xlsx *.xls *.csv);;Semua berkas (*)"))
        if path:
            self.path_edit.setText(path)
            self.sheet_combo.clear()
            self.load()

    def _typed(self, text: str) -> None:
        path = Path(text.strip())
        if text.strip() and path.is_file():
            self.sheet_combo.clear()  # another file: its own sheets
            self.load()
        else:
            self.completeChanged.emit()  # the hint follows what is typed

    def load(self) -> None:
        path = self.path_edit.text().strip()
        if not path:
            return
        sheet = self.sheet_combo.currentText() or None
        loaded = self.w.source
        if loaded is not None and str(loaded.path) == path and sheet in (None, loaded.sheet):
            return  # editingFinished fires again when focus moves on: nothing new to read
        if self._loading == (path, sheet):
            return  # already being read
        self.w.source = None
        self._loading = (path, sheet)
        self.info.setText(self.tr("Membaca berkas…"))
        self.completeChanged.emit()
        self.w.runner.run_read(read_source, path, sheet, key="import-file",
                               on_success=self._loaded, on_failure=self._failed)

    def _loaded(self, source: import_source.Source) -> None:
        self._loading = None
        self.w.source = source
        if self.sheet_combo.count() != len(source.sheet_names):
            self.sheet_combo.clear()
            self.sheet_combo.addItems(source.sheet_names)
        if source.sheet:
            self.sheet_combo.setCurrentText(source.sheet)
        self.sheet_combo.setEnabled(len(source.sheet_names) > 1)
        self.info.setText(self.tr("Judul kolom ditemukan di baris {row}; {n} baris data.").format(
            row=source.header_row, n=format_count(source.row_count)))
        self.completeChanged.emit()
        self.w.source_loaded.emit()

    def _failed(self, error: BaseException) -> None:
        self._loading = None
        self.info.setText(error.message if isinstance(error, UserError) else str(error))
        self.completeChanged.emit()
        self.w.source_loaded.emit()

    def isComplete(self) -> bool:
        return self.w.source is not None and self._loading is None

    def why_not(self) -> str:
        typed = self.path_edit.text().strip()
        if self._loading is not None:
            return self.tr("Berkas sedang dibaca…")
        if not typed:
            return self.tr("Pilih berkas daftar KPU dulu (tombol Pilih berkas, atau ketik "
                           "lokasinya).")
        if not Path(typed).is_file():
            return self.tr("Tidak ada berkas di lokasi yang diketik.")
        return self.tr("Berkas ini belum dapat dibaca; lihat keterangan di atas.")


class MappingPage(HintedPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("2. Cocokkan kolom"))
        self.setSubTitle(self.tr("Periksa kolom berkas untuk setiap data. Yang bertanda * "
                                 "wajib ada."))
        self.combos: dict[str, QComboBox] = {}
        grid = QGridLayout()
        for index, (field_id, spec) in enumerate(import_source.FIELDS.items()):
            label = QLabel(spec.shown + (" *" if spec.required else ""))
            combo = QComboBox()
            combo.setObjectName(f"map_{field_id}")
            combo.currentIndexChanged.connect(lambda _: self.completeChanged.emit())
            label.setBuddy(combo)
            self.combos[field_id] = combo
            grid.addWidget(label, index // 2, (index % 2) * 2)
            grid.addWidget(combo, index // 2, (index % 2) * 2 + 1)
        self.sample = QTableWidget()
        self.sample.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sample.setMaximumHeight(200)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(QLabel(self.tr("Contoh isi berkas:")))
        layout.addWidget(self.sample)
        layout.addWidget(self.hint)

    def initializePage(self) -> None:
        source = self.w.source
        assert source is not None
        guessed = import_source.guess_mapping(source.headers)
        for field_id, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("(tidak dipakai)"), NOT_USED)
            for column, header in enumerate(source.headers):
                combo.addItem(self.tr("{header}  [kolom {n}]").format(
                    header=header or self.tr("(tanpa judul)"), n=column + 1), column)
            combo.setCurrentIndex(combo.findData(guessed.get(field_id, NOT_USED)))
            combo.blockSignals(False)
        rows = source.preview(PREVIEW_ROWS)
        self.sample.setColumnCount(len(source.headers))
        self.sample.setHorizontalHeaderLabels([h or "" for h in source.headers])
        self.sample.setRowCount(len(rows))
        self.sample.setVerticalHeaderLabels([str(number) for number, _ in rows])
        for r, (_, cells) in enumerate(rows):
            for c, value in enumerate(cells[: len(source.headers)]):
                self.sample.setItem(r, c, _cell(value))
        # a handful of rows: each column as wide as what it holds, then the clerk's to drag
        fit_columns(self.sample, interactive=range(self.sample.columnCount()))
        self.completeChanged.emit()

    def chosen(self) -> dict[str, int]:
        return {f: combo.currentData() for f, combo in self.combos.items()
                if combo.currentData() not in (None, NOT_USED)}

    def isComplete(self) -> bool:
        chosen = self.chosen()
        return all(f in chosen for f in import_source.REQUIRED_FIELDS)

    def why_not(self) -> str:
        chosen = self.chosen()
        missing = [import_source.FIELDS[f].shown for f in import_source.REQUIRED_FIELDS
                   if f not in chosen]
        return self.tr("Pilih kolom berkas untuk: {}.").format(", ".join(missing))

    def validatePage(self) -> bool:
        self.w.mapping = self.chosen()
        return True


class PreviewPage(HintedPage):
    """A dry run of the import: the same counts, nothing written."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("3. Pratinjau"))
        self.setSubTitle(self.tr("Hitungan ini dari pemeriksaan seluruh berkas; belum ada "
                                 "yang disimpan."))
        self.setCommitPage(True)
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.counts.setTextFormat(Qt.TextFormat.RichText)
        self.problems = problem_table()
        # the report can be saved before importing: fix the rows first, import once
        self.report_button = QPushButton(self.tr("Simpan &laporan kesalahan…"))
        self.report_button.clicked.connect(self.save_report)
        self.report_button.setVisible(False)
        self.report_label = QLabel()
        self.report_label.setWordWrap(True)
        self.report_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        report_row = QHBoxLayout()
        report_row.addWidget(self.report_button)
        report_row.addWidget(self.report_label, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addWidget(QLabel(self.tr("Baris yang tidak akan diimpor:")))
        layout.addWidget(self.problems)
        layout.addLayout(report_row)
        layout.addWidget(self.hint)
        self.handle: JobHandle | None = None

    def initializePage(self) -> None:
        self.w.preview_result = None
        self.counts.setText(self.tr("Memeriksa berkas…"))
        self.problems.setRowCount(0)
        self.report_button.setVisible(False)
        self.report_label.clear()
        self.handle = self.w.runner.run_read(
            importer.run_import, self.w.source, mapping=self.w.mapping, dry_run=True,
            today=clock.today(), title=self.tr("Memeriksa berkas"), with_progress=True,
            on_success=self._ready, on_failure=self._failed)
        self.completeChanged.emit()

    def _ready(self, result: importer.ImportResult) -> None:
        self.w.preview_result = result
        self.counts.setText(summary_html(result, preview=True))
        fill_problem_table(self.problems, result.problems)
        self.report_button.setVisible(bool(result.problems))
        self.completeChanged.emit()
        self.w.preview_ready.emit()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, Cancelled):
            self.counts.setText(self.tr("Pemeriksaan dibatalkan."))
        else:
            self.counts.setText(error.message if isinstance(error, UserError) else str(error))
        self.w.preview_ready.emit()

    def isComplete(self) -> bool:
        result = self.w.preview_result
        return result is not None and (result.inserted + result.updated) > 0

    def why_not(self) -> str:
        if self.w.preview_result is None:
            return self.tr("Tunggu sampai pemeriksaan berkas selesai.")
        return self.tr("Tidak ada warga baru atau yang berubah untuk diimpor.")

    def save_report(self) -> None:
        result = self.w.preview_result
        if result is not None:
            save_error_report(self, self.w, result, self.report_label.setText)


def summary_html(result: importer.ImportResult, *, preview: bool) -> str:
    def b(n: int) -> str:
        return f"<b>{format_count(n)}</b>"
    parts = [
        tr("{n} baris data").format(n=b(result.rows)),
        (tr("{n} warga baru akan ditambahkan") if preview
         else tr("{n} warga baru ditambahkan")).format(n=b(result.inserted)),
        (tr("{n} warga akan diperbarui") if preview
         else tr("{n} warga diperbarui")).format(n=b(result.updated)),
        tr("{n} tidak berubah").format(n=b(result.unchanged)),
        tr("{n} ditolak").format(n=b(result.rejected)),
        tr("{n} NIK ganda").format(n=b(result.duplicates)),
        tr("{n} dengan peringatan").format(n=b(result.warnings)),
    ]
    return " · ".join(parts)


class ImportPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("4. Impor"))
        self.setSubTitle(self.tr("Semua baris disimpan sekaligus: bila dibatalkan, tidak ada "
                                 "yang berubah."))
        self.bar = QProgressBar()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.cancel_button = QPushButton(self.tr("Batal"))
        self.cancel_button.clicked.connect(self.cancel)
        self.report_button = QPushButton(self.tr("Simpan &laporan kesalahan…"))
        self.report_button.clicked.connect(self.save_report)
        self.report_button.setVisible(False)
        self.problems = problem_table()
        self.problems.setVisible(False)
        row = QHBoxLayout()
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(self.problems)
        layout.addWidget(self.report_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.handle: JobHandle | None = None
        self.w.runner.progressed.connect(self._progress)

    def initializePage(self) -> None:
        self.w.result = None
        self.bar.setRange(0, 0)
        self.message.setText(self.tr("Mengimpor…"))
        self.cancel_button.setEnabled(True)
        self.handle = self.w.runner.run_write(
            importer.run_import, self.w.source, mapping=self.w.mapping, today=clock.today(),
            on_success=self._done, on_failure=self._failed)
        self.completeChanged.emit()

    def cancel(self) -> None:
        if self.handle is not None and not self.handle.done:
            self.handle.cancel()
            self.cancel_button.setEnabled(False)
            self.message.setText(self.tr("Membatalkan…"))

    def _progress(self, handle: JobHandle, done: int, total: int, message: str) -> None:
        if handle is self.handle:
            self.bar.setRange(0, max(total, 1))
            self.bar.setValue(done)

    def _done(self, result: importer.ImportResult) -> None:
        self.w.result = result
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.cancel_button.setVisible(False)
        self.message.setText(self.tr("Impor selesai.") + "<br>" + summary_html(result,
                                                                              preview=False))
        if result.problems:
            fill_problem_table(self.problems, result.problems)
            self.problems.setVisible(True)
            self.report_button.setVisible(True)
        self.completeChanged.emit()
        self.w.import_done.emit()

    def _failed(self, error: BaseException) -> None:
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.cancel_button.setVisible(False)
        if isinstance(error, Cancelled):
            self.message.setText(self.tr("Impor dibatalkan. Tidak ada data yang diubah."))
        elif isinstance(error, UserError):
            self.message.setText(error.message)
        else:
            from ektp_desk.ui import crash

            crash.report(error)
            self.message.setText(self.tr("Impor gagal karena kesalahan program."))
        self.w.result = None
        self.completeChanged.emit()
        self.w.import_done.emit()

    def save_report(self) -> None:
        result = self.w.result
        if result is not None:
            save_error_report(self, self.w, result, self._report_said)

    def _report_said(self, text: str) -> None:
        self.message.setText(self.message.text() + "<br>" + text)

    def isComplete(self) -> bool:
        return self.handle is not None and self.handle.done


def save_error_report(parent: QWidget, wizard: ImportWizard, result: importer.ImportResult,
                      say: Callable[[str], None]) -> None:
    """Ask where, check the path (never the database or the list being read) and write the
    refused rows with core's report writer; `say` tells the clerk what happened."""
    source = wizard.source
    suggested = str(Path(source.path).with_name(
        Path(result.file_name).stem + "_kesalahan.xlsx")) if source else ""
    path, _ = QFileDialog.getSaveFileName(
        parent, tr("Simpan laporan kesalahan"), suggested,
        tr("Excel (*.xlsx);;CSV (*.csv)"))
    if not path:
        return
    try:
        outputs.check_outputs([path], database=wizard.db,
                              inputs=[source.path if source else None])
        written = importer.write_error_report(result, path, db=wizard.db)
    except UserError as exc:
        say(exc.message)
        return
    say(tr("Laporan kesalahan disimpan: {}").format(written))
