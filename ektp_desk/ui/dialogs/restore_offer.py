"""At start, a damaged database (or none where backups stand): the window offers the latest
good backup (docs/architecture.md, "Backups and the database file")."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ektp_desk.core.backup import BackupFile
from ektp_desk.core.calendar import format_date_id, format_time
from ektp_desk.ui.widgets import open_at, tr


def made_at_text(item: BackupFile) -> str:
    """'Rabu, 25 November 2026 pukul 08.00'."""
    return tr("{date} pukul {time}").format(date=format_date_id(item.made_at.date()),
                                            time=format_time(item.made_at.time()))


class RestoreOfferDialog(QDialog):
    """The problem, the backup offered and its time; *Pulihkan dari cadangan …* accepts,
    *Keluar* (or, with no file at all, *Mulai basis data kosong*) rejects."""

    def __init__(self, problem: str, offered: BackupFile, *, missing: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("ektp-desk: basis data"))
        layout = QVBoxLayout(self)
        self.problem = QLabel(problem)
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        when = made_at_text(offered)
        self.offer = QLabel(self.tr(
            "Cadangan terakhir yang baik dibuat {when} ({name}). Data sesudah itu tidak ada "
            "di dalamnya. Keadaan basis data sekarang disimpan dulu di folder cadangan."
        ).format(when=when, name=offered.path.name))
        self.offer.setWordWrap(True)
        layout.addWidget(self.offer)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.restore_button = QPushButton(self.tr("&Pulihkan dari cadangan {when}").format(
            when=when))
        self.restore_button.setDefault(True)
        self.restore_button.clicked.connect(self.accept)
        self.quit_button = QPushButton(self.tr("&Mulai basis data kosong") if missing
                                       else self.tr("&Keluar"))
        self.quit_button.clicked.connect(self.reject)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.quit_button)
        layout.addLayout(buttons)
        open_at(self, 620, 220)
