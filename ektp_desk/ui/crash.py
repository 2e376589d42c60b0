"""Bugs go to a log file and a crash dialog, never a raw traceback in front of a clerk."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from ektp_desk import paths

log = logging.getLogger("ektp_desk")


def setup_logging() -> None:
    folder = paths.log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(folder / "ektp-desk.log", encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)


def report(exc: BaseException) -> None:
    """Log a bug and tell the clerk, in words, that the program (not they) made a mistake."""
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    log.error("bug: %s", details)
    if QApplication.instance() is None:
        print(details, file=sys.stderr)
        return
    box = QMessageBox(QMessageBox.Icon.Critical, "Kesalahan program",
                      "Terjadi kesalahan di dalam program. Data yang sudah tersimpan aman.\n\n"
                      "Mohon laporkan ke petugas TI beserta berkas catatan:\n"
                      f"{paths.log_dir() / 'ektp-desk.log'}")
    box.setDetailedText(details)
    box.addButton("Tutup", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def install_excepthook() -> None:
    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        report(exc)

    sys.excepthook = hook
