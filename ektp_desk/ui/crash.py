"""Bugs go to a log file and a short message, never a raw traceback in front of a clerk:
what happened, what to do, where the log is, and a button that writes a problem report for
the city office (docs/architecture.md, "Errors a clerk can act on")."""

from __future__ import annotations

import datetime as dt
import logging
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

import PySide6
from PySide6.QtCore import QStandardPaths, qVersion
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from ektp_desk import paths
from ektp_desk.core import problem_report
from ektp_desk.core.db import make_private_dir
from ektp_desk.core.errors import UserError
from ektp_desk.ui.widgets import tr

log = logging.getLogger("ektp_desk")
LOG_NAME = "ektp-desk.log"
LOG_BYTES = 1_000_000  # a log this long is kept as ektp-desk.log.1 … .5 and a new one begun
LOG_KEEP = 5
_database: Path | None = None  # the window's database, for the report's row counts


def log_file() -> Path:
    return paths.log_dir() / LOG_NAME


def setup_logging() -> None:
    """Once per process: the log rotates in the data folder's logs/ (private: a traceback
    may quote a value); where that cannot be written, to stderr."""
    if any(getattr(h, "ektp_desk", False) for h in log.handlers):
        return
    handler: logging.Handler
    try:
        make_private_dir(paths.log_dir())
        handler = RotatingFileHandler(log_file(), maxBytes=LOG_BYTES, backupCount=LOG_KEEP,
                                      encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()
    handler.ektp_desk = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)


def use_database(path: Path | None) -> None:
    """The database whose schema version and row counts a problem report gives."""
    global _database
    _database = path


def report(exc: BaseException) -> None:
    """Log a bug and tell the clerk, in words, that the program (not they) made a mistake,
    what to do and where the log is; they can write a problem report from there."""
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    log.error("bug: %s", details)
    if QApplication.instance() is None:
        print(details, file=sys.stderr)
        return
    box = error_box(None)
    box.setDetailedText(details)
    send = box.button(QMessageBox.StandardButton.Save)
    box.exec()
    if box.clickedButton() is send:
        save_problem_report(None)


def error_box(parent: QWidget | None) -> QMessageBox:
    """The message an unexpected error shows: what happened, what to do, where the log is."""
    box = QMessageBox(QMessageBox.Icon.Critical, tr("Kesalahan program"),
                      tr("Terjadi kesalahan di dalam program, bukan kesalahan Anda. Data yang "
                         "sudah tersimpan aman."), QMessageBox.StandardButton.NoButton, parent)
    box.setInformativeText(tr(
        "Tutup pesan ini lalu coba lagi. Bila terulang, tekan Kirim laporan masalah dan "
        "kirim berkasnya ke Dindukcapil kota.\n\nCatatan (log) ada di:\n{}").format(
            paths.log_dir()))
    # a standard button keeps its role, but its words are ours
    box.addButton(QMessageBox.StandardButton.Save).setText(tr("&Kirim laporan masalah…"))
    close = box.addButton(QMessageBox.StandardButton.Close)
    close.setText(tr("&Tutup"))
    box.setDefaultButton(close)
    box.setEscapeButton(close)
    return box


def default_report_path() -> Path:
    """Documents (else the desktop, else home), named by the moment it is made."""
    folder = (QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
              or QStandardPaths.writableLocation(
                  QStandardPaths.StandardLocation.DesktopLocation) or str(Path.home()))
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M")
    return Path(folder) / f"ektp-desk-laporan-masalah-{stamp}.zip"


def write_problem_report(out: Path) -> Path:
    """The zip at `out`: logs and versions (with Qt's), no personal data."""
    return problem_report.write(out, paths.log_dir(), _database,
                                [("qt", qVersion()), ("pyside6", PySide6.__version__)])


def save_problem_report(parent: QWidget | None) -> Path | None:
    """Ask where, write the report and say where it is (or why it could not be written)."""
    chosen, _ = QFileDialog.getSaveFileName(parent, tr("Simpan laporan masalah"),
                                            str(default_report_path()),
                                            tr("Arsip zip (*.zip)"))
    if not chosen:
        return None
    out = Path(chosen) if chosen.lower().endswith(".zip") else Path(chosen + ".zip")
    try:
        written = write_problem_report(out)
    except UserError as exc:
        QMessageBox.warning(parent, tr("Laporan masalah"), exc.message)
        return None
    QMessageBox.information(parent, tr("Laporan masalah"), tr(
        "Laporan disimpan: {}\nKirim berkas ini ke Dindukcapil kota. Isinya hanya catatan "
        "program dan versinya, tanpa data warga.").format(written))
    return written


def install_excepthook() -> None:
    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        report(exc)

    sys.excepthook = hook
