"""At start, a damaged database (or none where backups stand): the window offers the latest
good backup; in the running window an admin chooses one (docs/architecture.md, "Backups and
the database file")."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.core.backup import BackupFile
from ektp_desk.core.calendar import format_date_id, format_time
from ektp_desk.core.text import format_count
from ektp_desk.ui.widgets import button_row, open_at, tr


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


class RestoreChoiceDialog(QDialog):
    """Pengaturan's *Pulihkan dari cadangan…*: the backups, newest first, and what a restore
    does; *Pulihkan* (never the default button) accepts with the one chosen."""

    def __init__(self, backups: list[BackupFile], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Pulihkan dari cadangan"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Cadangan basis data ini, yang terbaru di atas:")))
        self.backups = QListWidget()
        for item in backups:
            size = item.path.stat().st_size if item.path.exists() else 0
            row = QListWidgetItem(self.tr("{when} · {reason} · {size} MB").format(
                when=made_at_text(item), reason=item.reason,
                size=format_count(max(1, round(size / 1_000_000)))))
            row.setData(Qt.ItemDataRole.UserRole, item)
            self.backups.addItem(row)
        self.backups.setCurrentRow(0)
        layout.addWidget(self.backups, 1)
        warning = QLabel(self.tr(
            "Basis data akan diganti dengan cadangan yang dipilih: data sesudah cadangan itu "
            "tidak ada di dalamnya. Keadaan sekarang disimpan dulu di folder cadangan. "
            "Jendela ditutup, lalu dibuka lagi dan Anda perlu masuk lagi."))
        warning.setWordWrap(True)
        layout.addWidget(warning)
        self.restore_button = QPushButton(self.tr("&Pulihkan"))
        self.restore_button.setAutoDefault(False)
        self.restore_button.clicked.connect(self.accept)
        cancel = QPushButton(self.tr("&Batal"))
        cancel.setDefault(True)
        cancel.clicked.connect(self.reject)
        layout.addLayout(button_row(self.restore_button, cancel))
        open_at(self, 620, 360)

    def chosen(self) -> BackupFile | None:
        row = self.backups.currentItem()
        return None if row is None else row.data(Qt.ItemDataRole.UserRole)
