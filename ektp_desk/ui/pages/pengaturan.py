"""Pengaturan: one editor per entry of the settings schema (core/settings.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import peewee as pw
from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.core import backup, settings
from ektp_desk.ui.runner import JobRunner
from ektp_desk.ui.widgets import key_for, page_title


class PengaturanPage(QWidget):
    restore_requested = Signal(object)  # the BackupFile an admin chose to put in place

    def __init__(self, db: pw.Database, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.runner = runner
        self.editors: dict[str, QWidget] = {}
        # two columns: one of 27 rows is taller than a 1366×768 screen leaves the page
        forms = QHBoxLayout()  # its spacing is its forms' too: a gap between them instead
        half = (len(settings.SCHEMA) + 1) // 2
        for index, spec in enumerate(settings.SCHEMA):
            if index % half == 0:
                if index:
                    forms.addSpacing(24)
                form = QFormLayout()
                form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
                forms.addLayout(form, 1)
            editor = self._editor_for(spec)
            self.editors[spec.key] = editor
            label = QLabel(spec.label)
            if spec.help:
                label.setToolTip(spec.help)
                editor.setToolTip(spec.help)
            form.addRow(label, editor)
        self.status = QLabel()
        self.save_button = QPushButton(self.tr("&Simpan"))
        key_for(self.save_button, "Ctrl+S")
        self.save_button.clicked.connect(self.save)
        self.reset_button = QPushButton(self.tr("Kembalikan"))
        self.reset_button.clicked.connect(self.load)
        # the admin's once accounts have roles (docs/architecture.md, "The audit trail")
        self.audit_button = QPushButton(self.tr("&Log audit…"))
        self.audit_button.clicked.connect(self.open_audit_log)
        self.restore_button = QPushButton(self.tr("Pulihkan dari &cadangan…"))
        self.restore_button.clicked.connect(self.choose_backup)
        buttons = QHBoxLayout()
        buttons.addWidget(self.audit_button)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.reset_button)
        buttons.addWidget(self.save_button)
        title = page_title(self.tr("Pengaturan"))
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(forms)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.load()

    def _editor_for(self, spec: settings.SettingDef) -> QWidget:
        if spec.kind == "date":
            editor = QDateEdit()
            editor.setCalendarPopup(True)
            editor.setDisplayFormat("dd-MM-yyyy")
            return editor
        if spec.kind == "bool":
            return QCheckBox()
        if spec.kind == "int":
            spin = QSpinBox()
            spin.setRange(spec.minimum or 0, spec.maximum or 1_000_000)
            return spin
        if spec.kind == "choice":
            combo = QComboBox()
            for code in spec.choices:
                combo.addItem(spec.choice_label(code), code)
            return combo
        return QLineEdit()

    def load(self) -> None:
        for key, value in settings.all_values(self.db).items():
            editor = self.editors[key]
            if isinstance(editor, QDateEdit):
                editor.setDate(QDate.fromString(value, Qt.DateFormat.ISODate))
            elif isinstance(editor, QCheckBox):
                editor.setChecked(bool(value))
            elif isinstance(editor, QSpinBox):
                editor.setValue(int(value))
            elif isinstance(editor, QComboBox):
                editor.setCurrentIndex(max(editor.findData(str(value)), 0))
            elif isinstance(editor, QLineEdit):
                editor.setText(", ".join(value) if isinstance(value, list) else str(value))
        self.status.clear()

    def values(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, editor in self.editors.items():
            if isinstance(editor, QDateEdit):
                qdate = editor.date()
                result[key] = dt.date(qdate.year(), qdate.month(), qdate.day()).isoformat()
            elif isinstance(editor, QCheckBox):
                result[key] = editor.isChecked()
            elif isinstance(editor, QSpinBox):
                result[key] = editor.value()
            elif isinstance(editor, QComboBox):
                result[key] = editor.currentData()
            elif isinstance(editor, QLineEdit):
                result[key] = editor.text()
        return result

    def save(self) -> None:
        values = self.values()
        self.runner.run_write(settings.save_many, values,
                              on_success=lambda _: self.status.setText(self.tr("Tersimpan.")))

    def choose_backup(self) -> None:
        """The admin picks a backup; the window then closes and the start puts it in place
        (no connection may be open on the file, docs/architecture.md "Backups and the
        database file") and opens the window again after a new login."""
        from ektp_desk.ui.dialogs.restore_offer import RestoreChoiceDialog

        db_path = Path(self.db.database)
        found = backup.list_backups(backup.folder_for(db_path), db_path.stem)
        if not found:
            QMessageBox.information(self, self.tr("Pulihkan dari cadangan"),
                                    self.tr("Belum ada cadangan basis data ini."))
            return
        dialog = RestoreChoiceDialog(found, self)
        self.restore_dialog = dialog  # for tests
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.chosen() is not None:
            self.restore_requested.emit(dialog.chosen())

    def open_audit_log(self) -> None:
        from ektp_desk.ui.dialogs.audit_viewer import AuditViewerDialog

        dialog = AuditViewerDialog(self.db, self.runner, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.audit_dialog = dialog  # for tests
        dialog.open()
