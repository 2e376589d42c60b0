"""Making this installation an office, in one dialog: the kind of office in words, its
region from the region table, the passphrase typed twice with a hint of its strength, and
at the end the fingerprint with how to read it out by phone."""

from __future__ import annotations

import peewee as pw
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.core import accounts, regions
from ektp_desk.core.sync import office
from ektp_desk.ui import theme
from ektp_desk.ui.runner import JobRunner
from ektp_desk.ui.widgets import error_label, error_text, tr


def passphrase_strength(text: str) -> tuple[str, str]:
    """(notice kind, words) for a passphrase being typed: core refuses fewer than
    office.MIN_PASSPHRASE non-blank characters; longer and mixed is harder to guess."""
    solid = sum(not ch.isspace() for ch in text)
    if solid < office.MIN_PASSPHRASE:
        return "error", tr("Terlalu pendek: minimal {n} karakter.").format(
            n=office.MIN_PASSPHRASE)
    kinds = sum((any(c.islower() for c in text), any(c.isupper() for c in text),
                 any(c.isdigit() for c in text), any(not c.isalnum() for c in text)))
    if len(text) >= 16 or (len(text) >= 12 and kinds >= 3):
        return "ok", tr("Kuat.")
    if len(text) >= 10 and kinds >= 2:
        return "info", tr("Cukup. Lebih panjang lebih aman (mis. beberapa kata).")
    return "warn", tr("Lemah: mudah ditebak. Pakai beberapa kata, angka atau tanda baca.")


def reading_guide(fingerprint: str) -> str:
    """How to read a fingerprint out by phone: its groups of four, numbered."""
    return "   ".join(f"{n}) {' '.join(group)}"
                      for n, group in enumerate(fingerprint.split("-"), 1))


class OfficeIdentityDialog(QDialog):
    """`created(OfficeResult)` once the identity is written; the dialog then shows the
    fingerprint until the clerk closes it."""

    created = Signal(object)

    def __init__(self, db: pw.Database, runner: JobRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.runner = runner
        self.table = regions.default_table()
        self.result_: office.OfficeResult | None = None
        self._suggested_name = ""
        self.setWindowTitle(self.tr("Buat identitas kantor"))
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_form())
        self.stack.addWidget(self._build_done())
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        self._kind_changed()
        self._start_from_profile()
        self._update()

    def _start_from_profile(self) -> None:
        """The kind, region and name the first run put in the office profile, if any."""
        kind, code, name = office.profile_defaults(self.db)
        if not kind:  # no first run yet: the region table's suggestion stands
            return
        if kind == "kota":
            self.kota_radio.setChecked(True)  # refills the regions
        found = self.region.findData(code) if code else -1
        if found >= 0:
            self.region.setCurrentIndex(found)
        if name.strip():
            self.name.setText(name.strip())

    # --- the form ------------------------------------------------------------------------
    def _build_form(self) -> QWidget:
        form_page = QWidget()
        self.kecamatan_radio = QRadioButton(self.tr(
            "&Kantor kecamatan: melayani warga satu kecamatan"))
        self.kota_radio = QRadioButton(self.tr(
            "&Dindukcapil kota: kantor pusat yang meneruskan data antarkecamatan"))
        self.kecamatan_radio.setChecked(True)
        self.kinds = QButtonGroup(self)
        for radio in (self.kecamatan_radio, self.kota_radio):
            self.kinds.addButton(radio)
            radio.toggled.connect(lambda on: on and self._kind_changed())
        self.region = QComboBox()
        self.region.setObjectName("region")
        self.region.currentIndexChanged.connect(self._region_changed)
        self.name = QLineEdit()
        self.name.setObjectName("officeName")
        self.name.textEdited.connect(self._update)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit()
        self.again.setObjectName("passphraseAgain")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        for edit in (self.passphrase, self.again):
            edit.textChanged.connect(self._update)
        # one line, always shown (no jump as the clerk types); a wrapped notice bar would
        # not get its height inside the form
        self.strength = QLabel()
        self.strength.setObjectName("strength")
        self.strength_kind = ""
        self.strength.setStyleSheet(theme.notice_style("info", "QLabel#strength"))
        self.match_hint = QLabel()
        self.match_hint.setObjectName("matchHint")
        self.match_hint.setStyleSheet(theme.text_style(theme.HINT))
        self.error = error_label()
        self.buttons = QDialogButtonBox()
        self.create_button = QPushButton(self.tr("&Buat identitas"))
        self.create_button.setDefault(True)
        self.buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.tr("Batal"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.create)
        self.buttons.rejected.connect(self.reject)

        hint = QLabel(self.tr(
            "Kata sandi melindungi kunci kantor di PC ini. Ia diminta setiap kali berkas "
            "sinkronisasi dibuat atau dibuka, dan tidak dapat dipulihkan bila lupa: "
            "catat dan simpan di tempat aman."))
        hint.setWordWrap(True)
        hint.setStyleSheet(theme.text_style(theme.HINT))
        form = QFormLayout()
        form.addRow(self.tr("Jenis kantor:"), self.kecamatan_radio)
        form.addRow("", self.kota_radio)
        form.addRow(self.tr("&Wilayah:"), self.region)
        form.addRow(self.tr("&Nama kantor:"), self.name)
        form.addRow(self.tr("Kata &sandi:"), self.passphrase)
        form.addRow("", self.strength)
        form.addRow(self.tr("&Ulangi kata sandi:"), self.again)
        form.addRow("", self.match_hint)
        for row in range(form.rowCount()):
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label is not None and isinstance(label.widget(), QLabel) and field is not None:
                label.widget().setBuddy(field.widget())
        layout = QVBoxLayout(form_page)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        return form_page

    def _kind_changed(self) -> None:
        self.region.blockSignals(True)
        self.region.clear()
        if self.kota_radio.isChecked():
            code = self.table.city_code
            self.region.addItem(f"{code[:2]}.{code[2:]} {self.table.city_name}", code)
        else:
            for kec in sorted(self.table.kecamatan.values(), key=lambda k: k.code):
                self.region.addItem(f"{regions.format_code(kec.code)} Kecamatan {kec.name}",
                                    kec.code)
        self.region.blockSignals(False)
        self._region_changed()

    def _region_changed(self) -> None:
        code = self.region.currentData()
        if code is None:
            suggested = ""
        elif self.kota_radio.isChecked():
            suggested = f"Dindukcapil {self.table.city_name}"
        else:
            suggested = f"Kecamatan {self.table.kecamatan_name(code)}"
        # the name follows the region until the clerk writes one of their own
        if not self.name.text() or self.name.text() == self._suggested_name:
            self.name.setText(suggested)
        self._suggested_name = suggested
        self._update()

    def kind(self) -> str:
        return "kota" if self.kota_radio.isChecked() else "kecamatan"

    def why_not(self) -> str:
        """Why the identity cannot be made yet ("" when it can)."""
        if self.region.currentData() is None:
            return self.tr("Pilih wilayah kantor.")
        if not self.name.text().strip():
            return self.tr("Isi nama kantor.")
        if passphrase_strength(self.passphrase.text())[0] == "error":
            return self.tr("Kata sandi minimal {n} karakter.").format(n=office.MIN_PASSPHRASE)
        if self.again.text() != self.passphrase.text():
            return self.tr("Kedua kata sandi belum sama.")
        return ""

    def _update(self) -> None:
        typed = self.passphrase.text()
        if typed:
            kind, words = passphrase_strength(typed)
            words = self.tr("Kekuatan kata sandi: {}").format(words)
        else:
            kind, words = "info", self.tr(
                "Minimal {n} karakter; beberapa kata mudah diingat dan sulit ditebak.").format(
                    n=office.MIN_PASSPHRASE)
        self.strength_kind = kind
        self.strength.setText(words)
        self.strength.setStyleSheet(theme.notice_style(kind, "QLabel#strength"))
        if self.again.text():
            same = self.again.text() == typed
            self.match_hint.setText(self.tr("Sama.") if same
                                    else self.tr("Belum sama dengan kata sandi di atas."))
        else:
            self.match_hint.setText("")
        reason = self.why_not()
        self.create_button.setEnabled(not reason)
        self.create_button.setToolTip(reason)

    def create(self) -> None:
        if self.why_not():
            return
        self.error.setVisible(False)
        self.create_button.setEnabled(False)
        by = accounts.acting_name(self.db)
        self.runner.run_write(
            office.init_office, kind=self.kind(), code=self.region.currentData(),
            name=self.name.text().strip(), passphrase=self.passphrase.text(), by=by,
            title=self.tr("Membuat kunci kantor"), on_success=self._created,
            on_failure=self._failed)

    def _failed(self, error: BaseException) -> None:
        self.error.setText(error_text(error))
        self.error.setVisible(True)
        self._update()

    # --- the end: the fingerprint ---------------------------------------------------------
    def _build_done(self) -> QWidget:
        done = QWidget()
        self.done_title = QLabel()
        self.done_title.setWordWrap(True)
        self.fingerprint = QLabel()
        self.fingerprint.setObjectName("fingerprint")
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(mono.pointSizeF() * 1.8)
        mono.setWeight(QFont.Weight.Bold)
        self.fingerprint.setFont(mono)
        self.fingerprint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.guide = QLabel()
        self.guide.setObjectName("guide")
        self.guide.setWordWrap(True)
        close = QDialogButtonBox()
        self.done_button = close.addButton(self.tr("&Selesai"),
                                           QDialogButtonBox.ButtonRole.AcceptRole)
        close.accepted.connect(self.accept)
        layout = QVBoxLayout(done)
        layout.addWidget(self.done_title)
        layout.addWidget(self.fingerprint)
        layout.addWidget(self.guide)
        layout.addStretch(1)
        layout.addWidget(close)
        return done

    def _created(self, result: office.OfficeResult) -> None:
        self.result_ = result
        made = result.office
        self.done_title.setText(self.tr(
            "Identitas kantor dibuat: <b>{office_id}</b> — {name}.<br>Sidik kunci kantor "
            "ini:").format(office_id=made.office_id, name=made.name))
        self.fingerprint.setText(made.fingerprint)
        self.guide.setText(self.tr(
            "Simpan kartu kantor dan kirim ke kantor lain. Lalu telepon mereka dan bacakan "
            "sidik kunci ini per kelompok empat karakter, huruf demi huruf:\n\n{spoken}\n\n"
            "Angkanya hanya 2 sampai 7, jadi \"O\" selalu huruf O dan \"I\" selalu huruf I. "
            "Kantor itu mengetik sidik yang Anda bacakan saat mempercayai kartu Anda; bila "
            "satu karakter saja berbeda, kartunya ditolak.").format(
                spoken=reading_guide(made.fingerprint)))
        self.stack.setCurrentIndex(1)
        self.done_button.setFocus()
        self.created.emit(result)
