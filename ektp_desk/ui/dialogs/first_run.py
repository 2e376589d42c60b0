"""Penyiapan pertama: on a database with no account, before anything else opens: the
office profile (the Profil Kantor letterhead fields, the office kind and region code)
and the first admin account, saved together by core/first_run.py."""

from __future__ import annotations

import peewee as pw
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from ektp_desk.core import accounts, first_run, regions
from ektp_desk.core.errors import UserError
from ektp_desk.core.letters import profile
from ektp_desk.ui.dialogs.login import password_edit
from ektp_desk.ui.widgets import error_label, open_at


class _Page(QWizardPage):
    def __init__(self, title: str, intro: str) -> None:
        super().__init__()
        self.setTitle(title)
        self.form = QFormLayout()
        self.error = error_label()
        layout = QVBoxLayout(self)
        text = QLabel(intro)
        text.setWordWrap(True)
        layout.addWidget(text)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def row(self, text: str, editor: QWidget) -> None:
        label = QLabel(text)
        label.setBuddy(editor)
        self.form.addRow(label, editor)

    def fail(self, exc: UserError) -> bool:
        self.error.setText(exc.message)
        self.error.setVisible(True)
        return False


class OfficePage(_Page):
    def __init__(self, db: pw.Database) -> None:
        super().__init__(self.tr("Profil kantor"), self.tr(
            "Kop surat dan kantor ini. Logo, tanda tangan dan teks surat diisi nanti di "
            "Profil Kantor."))
        current = profile.load(db)
        self.edits: dict[str, QLineEdit] = {}
        for key in first_run.PROFILE_KEYS:
            spec = profile.FIELD_BY_KEY[key]
            edit = QLineEdit(str(getattr(current, key) or ""))
            edit.setObjectName(key)
            edit.setToolTip(spec.shown_help)
            self.edits[key] = edit
            self.row(spec.shown_label + (" *" if spec.required else "") + ":", edit)
        self.kind = QComboBox()
        self.kind.setObjectName("officeKind")
        self.kind.addItem(self.tr("Kantor kecamatan"), "kecamatan")
        self.kind.addItem(self.tr("Dindukcapil (kota)"), "kota")
        self.code = QComboBox()
        self.code.setObjectName("regionCode")
        self.row(self.tr("&Jenis kantor:"), self.kind)
        self.row(self.tr("Kode &wilayah:"), self.code)
        self.kind.currentIndexChanged.connect(self._fill_codes)
        self._fill_codes()

    def _fill_codes(self) -> None:
        table = regions.default_table()
        self.code.clear()
        if self.kind.currentData() == "kota":
            self.code.addItem(f"{table.city_code} {table.city_name}", table.city_code)
            return
        for kec in table.kecamatan.values():
            self.code.addItem(f"{kec.code} {kec.name}", kec.code)

    def values(self) -> dict[str, object]:
        return {key: edit.text() for key, edit in self.edits.items()}

    def validatePage(self) -> bool:
        try:
            first_run.check_office(self.values(), self.kind.currentData(),
                                   self.code.currentData())
        except UserError as exc:
            return self.fail(exc)
        self.error.setVisible(False)
        return True


class AdminPage(_Page):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(self.tr("Akun admin pertama"), self.tr(
            "Admin mengatur pengaturan, akun, kunci kantor dan impor. Akun petugas lain "
            "dibuat admin nanti."))
        self.wizard_ = wizard
        self.name = QLineEdit("admin")
        self.name.setObjectName("adminName")
        self.display = QLineEdit()
        self.display.setObjectName("displayName")
        self.password = password_edit("password")
        self.repeat = password_edit("repeatPassword")
        self.row(self.tr("&Nama akun:"), self.name)
        self.row(self.tr("Nama lengka&p:"), self.display)
        self.row(self.tr("Kata sand&i:"), self.password)
        self.row(self.tr("&Ulangi kata sandi:"), self.repeat)

    def validatePage(self) -> bool:
        try:
            accounts.check_password(self.password.text(), self.repeat.text())
            self.wizard_.account = first_run.complete(
                self.wizard_.db, self.wizard_.office.values(),
                kind=self.wizard_.office.kind.currentData(),
                code=self.wizard_.office.code.currentData(), admin=self.name.text(),
                password=self.password.text(), display_name=self.display.text())
        except UserError as exc:
            return self.fail(exc)
        return True


class FirstRunWizard(QWizard):
    """Accepted once the profile and the admin are saved; ``account`` is then the admin,
    logged in."""

    def __init__(self, db: pw.Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.account: accounts.Account | None = None
        self.setWindowTitle(self.tr("Penyiapan pertama ektp-desk"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("&Lanjut >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< &Kembali"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Selesai"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Batal"))
        self.office = OfficePage(db)
        self.admin = AdminPage(self)
        self.addPage(self.office)
        self.addPage(self.admin)
        open_at(self, 640, 520)
