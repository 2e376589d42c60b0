"""The Meja Layanan page's reason dialog (why recording failed, why someone cannot be
served, why and where someone is referred)."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.ui import theme
from ektp_desk.ui.widgets import button_row

OTHER = "lainnya"  # the reason that needs a text


class ReasonDialog(QDialog):
    """Pick a reason with the keyboard: Up/Down or its number, Enter. "Lainnya" needs a
    text; with ``note_label`` the text is required whatever the reason (a place)."""

    def __init__(self, title: str, prompt: str, reasons: Mapping[str, str],
                 parent: QWidget | None = None, *, note_label: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reasonDialog")
        self.setWindowTitle(title)
        self.reasons = dict(reasons)
        self.note_required = note_label is not None
        label = QLabel(prompt)
        label.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("reasons")
        font = self.list.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.list.setFont(font)
        for number, (code, text) in enumerate(self.reasons.items(), start=1):
            item = QListWidgetItem(f"{number}.  {text}")
            item.setData(Qt.ItemDataRole.UserRole, code)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.setMinimumHeight(self.list.sizeHintForRow(0) * (len(self.reasons) + 1) + 6)
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet(theme.text_style(theme.ERROR))
        self.error.setVisible(False)
        self.save_button = QPushButton(self.tr("Simpan"))
        self.save_button.setDefault(True)
        self.save_button.setAutoDefault(True)
        cancel = QPushButton(self.tr("Batal"))
        cancel.setAutoDefault(False)
        buttons = button_row(self.save_button, cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.list)
        layout.addWidget(QLabel(note_label or self.tr("Keterangan:")))
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.setMinimumWidth(420)

        self.list.currentRowChanged.connect(self._on_row)
        self.list.itemDoubleClicked.connect(lambda _item: self.try_accept())
        self.list.installEventFilter(self)
        self.save_button.clicked.connect(self.try_accept)
        cancel.clicked.connect(self.reject)
        self._on_row(0)
        self.list.setFocus()

    def chosen(self) -> tuple[str, str | None]:
        item = self.list.currentItem()
        code = item.data(Qt.ItemDataRole.UserRole) if item is not None else ""
        return str(code), self.note.text().strip() or None

    def choose(self, code: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == code:
                self.list.setCurrentRow(row)
                return
        raise KeyError(code)

    def _on_row(self, _row: int) -> None:
        code, _note = self.chosen()
        self.note.setPlaceholderText(
            self.tr("Wajib diisi") if self.note_required
            else self.tr("Wajib diisi untuk Lainnya") if code == OTHER
            else self.tr("Boleh dikosongkan"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.list and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            number = event.key() - Qt.Key.Key_0
            if 1 <= number <= min(self.list.count(), 9) and not event.modifiers() & ~(
                    Qt.KeyboardModifier.KeypadModifier):
                self.list.setCurrentRow(number - 1)
                if self.chosen()[0] == OTHER or self.note_required:
                    self.note.setFocus()
                return True
        return super().eventFilter(watched, event)

    def try_accept(self) -> None:
        if not self.isVisible():
            return
        code, note = self.chosen()
        if not code:
            return
        if (code == OTHER or self.note_required) and not note:
            self.error.setText(self.tr("Tuliskan tempat tujuannya.") if self.note_required
                               else self.tr("Tuliskan alasannya untuk \"Lainnya\"."))
            self.error.setVisible(True)
            self.note.setFocus()
            return
        self.accept()
