"""Masuk (login) before the window opens, and Ganti kata sandi (Berkas menu).

A login is checked at once on the main thread: the argon2id hash takes a fifth of a
second on purpose, and nothing else runs before the window exists. Every attempt is
recorded by the core (docs/domain.md, "Accounts and roles").
"""

from __future__ import annotations

import peewee as pw
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.core import accounts
from ektp_desk.core.errors import UserError
from ektp_desk.ui.widgets import error_label


def password_edit(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class LoginDialog(QDialog):
    """Name and password; *Masuk* logs in (``account`` is then set), a wrong password or a
    locked account says so in Indonesian and the dialog stays."""

    def __init__(self, db: pw.Database, parent: QWidget | None = None, *,
                 name: str = "", message: str = "") -> None:
        super().__init__(parent)
        self.db = db
        self.account: accounts.Account | None = None
        self.setWindowTitle(self.tr("Masuk ke ektp-desk"))
        self.setMinimumWidth(380)
        self.name_edit = QLineEdit(name)
        self.name_edit.setObjectName("accountName")
        self.password_edit = password_edit("password")
        form = QFormLayout()
        name_label = QLabel(self.tr("&Nama akun:"))
        name_label.setBuddy(self.name_edit)
        password_label = QLabel(self.tr("&Kata sandi:"))
        password_label.setBuddy(self.password_edit)
        form.addRow(name_label, self.name_edit)
        form.addRow(password_label, self.password_edit)
        self.error = error_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.login_button = buttons.addButton(self.tr("&Masuk"),
                                              QDialogButtonBox.ButtonRole.AcceptRole)
        self.login_button.setObjectName("login")
        self.login_button.setDefault(True)
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if message:
            layout.addWidget(QLabel(message))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        (self.password_edit if name else self.name_edit).setFocus()

    def try_login(self) -> None:
        try:
            self.account = accounts.authenticate(self.db, self.name_edit.text(),
                                                 self.password_edit.text())
        except UserError as exc:
            self.password_edit.clear()
            self.password_edit.setFocus()
            self.error.setText(exc.message)
            self.error.setVisible(True)
            return
        self.accept()


class ChangePasswordDialog(QDialog):
    """The logged-in account's own password: the old one, the new one twice."""

    def __init__(self, db: pw.Database, account: accounts.Account,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.account = account
        self.setWindowTitle(self.tr("Ganti kata sandi"))
        self.setMinimumWidth(380)
        self.old_edit = password_edit("oldPassword")
        self.new_edit = password_edit("newPassword")
        self.repeat_edit = password_edit("repeatPassword")
        form = QFormLayout()
        for text, edit in ((self.tr("Kata sandi &lama:"), self.old_edit),
                           (self.tr("Kata sandi &baru:"), self.new_edit),
                           (self.tr("&Ulangi kata sandi baru:"), self.repeat_edit)):
            label = QLabel(text)
            label.setBuddy(edit)
            form.addRow(label, edit)
        self.error = error_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton(self.tr("&Simpan"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Akun: {}").format(account.name)))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> None:
        try:
            accounts.check_password(self.new_edit.text(), self.repeat_edit.text())
            accounts.set_password(self.db, self.account.name, self.new_edit.text(),
                                  old_password=self.old_edit.text(), actor=self.account)
        except UserError as exc:
            self.error.setText(exc.message)
            self.error.setVisible(True)
            return
        self.accept()
