"""Datang langsung: a person not on the list is added at the desk.

The clerk types the NIK first; the dialog reads the birth date and sex out of it as a
suggestion and flags, without refusing, someone not yet 16 (they are added and marked
hadir; the core refuses recording them). The core applies the same NIK rules as the import
and refuses a bad or known NIK with a message, which is shown here and the dialog stays
open. A walk-in needs a kelurahan and an address (whose target they join, where a letter
reaches them). Enter moves to the next field and never saves: only Simpan (Ctrl+Enter)
does, so a half-filled form is not saved by a reflex.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QRegularExpressionValidator, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.core import desk, regions
from ektp_desk.core import nik as nik_rules
from ektp_desk.core.errors import Cancelled
from ektp_desk.core.fields import age_on
from ektp_desk.ui import theme
from ektp_desk.ui.operations.desk import add_walk_in_job
from ektp_desk.ui.runner import JobHandle, JobRunner
from ektp_desk.ui.widgets import button_row, date_edit, error_label, error_text, to_date, to_qdate

ELIGIBLE_AGE = 16
WARN_STYLE = theme.notice_style("warn")
_NO_DATE = dt.date(1900, 1, 1)  # the date field's "not filled in" value


class WalkInDialog(QDialog):
    """NIK, nama, tgl lahir, L/P, status kawin, alamat, RT, RW, kelurahan; Simpan adds the
    person."""

    added = Signal(object)  # desk.DeskResult

    def __init__(self, runner: JobRunner, today: dt.date, parent: QWidget | None = None, *,
                 nik: str = "", name: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("walkInDialog")
        self.setWindowTitle(self.tr("Datang langsung"))
        self.runner = runner
        self.today = today
        self.result_value: desk.DeskResult | None = None
        self._handle: JobHandle | None = None
        self._date_from_nik = False

        intro = QLabel(self.tr(
            "Warga yang tidak ada di daftar dicatat di sini dengan keterangan "
            "\"datang langsung\". NIK diperiksa dengan aturan yang sama seperti impor."))
        intro.setWordWrap(True)

        self.nik = QLineEdit(nik)
        self.nik.setObjectName("nik")
        self.nik.setPlaceholderText(self.tr("16 angka"))
        self.nik.setValidator(QRegularExpressionValidator(r"[0-9 .\-]{0,24}", self.nik))
        self.name = QLineEdit(name)
        self.name.setObjectName("name")
        self.name.setPlaceholderText(self.tr("Nama lengkap seperti di KK"))
        self.birth = date_edit(_NO_DATE)
        self.birth.setObjectName("birthDate")
        self.birth.setMinimumDate(to_qdate(_NO_DATE))
        self.birth.setMaximumDate(to_qdate(today))
        self.birth.setSpecialValueText(self.tr("(dari NIK)"))
        self.sex = QComboBox()
        self.sex.setObjectName("sex")
        self.sex.addItem(self.tr("(dari NIK)"), None)
        self.sex.addItem(self.tr("L — Laki-laki"), "L")
        self.sex.addItem(self.tr("P — Perempuan"), "P")
        self.marital = QComboBox()
        self.marital.setObjectName("marital")
        self.marital.addItem(self.tr("Belum kawin"), "B")
        self.marital.addItem(self.tr("Kawin"), "S")
        self.marital.addItem(self.tr("Pernah kawin (cerai hidup/mati)"), "P")
        self.marital.setToolTip(self.tr("Umur 16 yang sudah atau pernah kawin mendapat KTP-el "
                                        "tanpa menunggu umur 17."))
        self.address = QLineEdit()
        self.address.setObjectName("address")
        self.rt = QLineEdit()
        self.rt.setObjectName("rt")
        self.rw = QLineEdit()
        self.rw.setObjectName("rw")
        for field in (self.rt, self.rw):
            field.setValidator(QRegularExpressionValidator(r"[0-9]{0,3}", field))
            field.setMaximumWidth(60)
        self.kelurahan = QComboBox()
        self.kelurahan.setObjectName("kelurahan")
        self.kelurahan.addItem(self.tr("(belum dipilih)"), None)
        table = regions.default_table()
        for kel in sorted(table.kelurahan.values(), key=lambda k: k.name):
            kec = table.kecamatan_name(kel.kecamatan_code)
            self.kelurahan.addItem(f"{kel.name} — {kec}" if kec else kel.name, kel.code)

        rt_rw = QHBoxLayout()
        rt_rw.addWidget(self.rt)
        rt_rw.addWidget(QLabel(self.tr("RW")))
        rt_rw.addWidget(self.rw)
        rt_rw.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("&NIK"), self.nik)
        form.addRow(self.tr("Na&ma"), self.name)
        form.addRow(self.tr("Tgl &lahir"), self.birth)
        form.addRow(self.tr("L/&P"), self.sex)
        form.addRow(self.tr("Status ka&win"), self.marital)
        form.addRow(self.tr("&Alamat"), self.address)
        form.addRow(self.tr("RT"), rt_rw)
        form.addRow(self.tr("&Kelurahan"), self.kelurahan)

        self.flag = QLabel()
        self.flag.setObjectName("flag")
        self.flag.setWordWrap(True)
        self.flag.setStyleSheet(WARN_STYLE)
        self.flag.setVisible(False)
        self.error = error_label()

        self.save_button = QPushButton(self.tr("&Simpan"))
        self.save_button.setObjectName("save")
        self.save_button.setToolTip(self.tr("Simpan (Ctrl+Enter)"))
        self.cancel_button = QPushButton(self.tr("Batal"))
        for button in (self.save_button, self.cancel_button):
            button.setAutoDefault(False)  # Enter in a field never presses them
        buttons = button_row(self.save_button, self.cancel_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.flag)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.setMinimumWidth(460)

        self.nik.textChanged.connect(self._on_nik)
        self.birth.dateChanged.connect(self._on_birth)
        # a "fill this in" message goes once the field is filled
        self.address.textChanged.connect(lambda _text: self.error.setVisible(False))
        self.kelurahan.currentIndexChanged.connect(lambda _i: self.error.setVisible(False))
        self.save_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.submit)
        self._order: list[QWidget] = [self.nik, self.name, self.birth, self.sex,
                                      self.marital, self.address, self.rt, self.rw,
                                      self.kelurahan]
        for edit in (self.nik, self.name, self.address, self.rt, self.rw):
            edit.installEventFilter(self)
        self._on_nik(self.nik.text())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(watched, QLineEdit):
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
                    event.modifiers() & Qt.KeyboardModifier.ControlModifier):
                # Enter goes on to the next field, never saves
                after = self._order[self._order.index(watched) + 1:]
                if after:
                    after[0].setFocus(Qt.FocusReason.TabFocusReason)
                return True
        return super().eventFilter(watched, event)

    # --- live hints ---------------------------------------------------------------------
    def birth_date(self) -> dt.date | None:
        day = to_date(self.birth.date())
        return None if day == _NO_DATE else day

    def _on_nik(self, text: str) -> None:
        digits = "".join(ch for ch in text if ch.isdigit())
        parsed: nik_rules.Nik | None = None
        if len(digits) == 16:
            try:
                parsed = nik_rules.parse(digits, self.today)
            except nik_rules.NikError as exc:
                self._show_error(str(exc))
            else:
                self.error.setVisible(False)
        else:
            self.error.setVisible(False)
        if parsed is not None and (self.birth_date() is None or self._date_from_nik):
            self.birth.blockSignals(True)
            self.birth.setDate(QDate(parsed.birth_date.year, parsed.birth_date.month,
                                     parsed.birth_date.day))
            self.birth.blockSignals(False)
            self._date_from_nik = True
            self.sex.setCurrentIndex(max(self.sex.findData(parsed.sex), 0))
        self._update_flag()

    def _on_birth(self) -> None:
        self._date_from_nik = False
        self._update_flag()

    def _update_flag(self) -> None:
        born = self.birth_date()
        if born is None:
            self.flag.setVisible(False)
            return
        age = age_on(born, self.today)
        if age < ELIGIBLE_AGE:
            self.flag.setText(self.tr(
                "⚠ Umur {age} tahun: belum 16 tahun, belum dapat direkam KTP-el. Warga tetap "
                "dapat dicatat hadir dan diberi tanda; perekamannya ditolak sampai umur 16."
                ).format(age=age))
            self.flag.setVisible(True)
        else:
            self.flag.setVisible(False)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)

    # --- saving -------------------------------------------------------------------------
    def fields(self) -> dict[str, Any]:
        def text(edit: QLineEdit) -> str | None:
            return edit.text().strip() or None

        return {
            "nik": self.nik.text().strip(),
            "name": self.name.text().strip(),
            "birth_date": born.isoformat() if (born := self.birth_date()) else None,
            "sex": self.sex.currentData(),
            "marital": self.marital.currentData(),
            "address": text(self.address),
            "rt": text(self.rt),
            "rw": text(self.rw),
            "kelurahan": self.kelurahan.currentData(),
        }

    @property
    def busy(self) -> bool:
        return self._handle is not None and not self._handle.done

    def submit(self) -> None:
        if self.busy:
            return
        values = self.fields()
        if not values["nik"]:
            self._show_error(self.tr("Isi NIK warga."))
            self.nik.setFocus()
            return
        if not values["name"]:
            self._show_error(self.tr("Isi nama warga."))
            self.name.setFocus()
            return
        if not values["address"]:
            self._show_error(self.tr("Isi alamat warga."))
            self.address.setFocus()
            return
        if not values["kelurahan"]:
            self._show_error(self.tr("Pilih kelurahan warga."))
            self.kelurahan.setFocus()
            return
        self.error.setVisible(False)
        self.save_button.setEnabled(False)
        self._handle = self.runner.run_write(add_walk_in_job, values, today=self.today,
                                             on_success=self._succeeded,
                                             on_failure=self._failed)

    def _succeeded(self, result: desk.DeskResult) -> None:
        self.save_button.setEnabled(True)
        self.result_value = result
        self.added.emit(result)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(error, Cancelled):
            return
        self._show_error(error_text(error))
        self.nik.setFocus()
