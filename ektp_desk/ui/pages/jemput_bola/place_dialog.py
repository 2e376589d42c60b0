"""Tambah / Ubah tempat: an outreach place (school, pesantren, rutan/lapas, panti, home,
kantor kelurahan) with its kelurahan and contact. Core checks everything
(core/scheduling/places.py); a refusal is shown here and the dialog stays open."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.core import regions
from ektp_desk.core.errors import Cancelled
from ektp_desk.core.scheduling import LOCATION_KINDS, OUTREACH_KINDS
from ektp_desk.core.scheduling.places import NPSN_KINDS, Place
from ektp_desk.ui.operations.outreach import save_place_job
from ektp_desk.ui.runner import JobRunner
from ektp_desk.ui.widgets import buddy_label, error_label, error_text, open_at


class PlaceDialog(QDialog):
    """The place's fields; Simpan adds it (or saves the changes) on the writer."""

    def __init__(self, runner: JobRunner, parent: QWidget | None = None, *,
                 place: Place | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("placeDialog")
        self.setWindowTitle(self.tr("Ubah tempat") if place else self.tr("Tambah tempat"))
        self.runner = runner
        self.place = place
        self.saved_id: int | None = None

        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for code in OUTREACH_KINDS:
            self.kind.addItem(LOCATION_KINDS.get(code, code), code)
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.name.setPlaceholderText(self.tr("mis. SMA Negeri 1 Pekalongan"))
        self.address = QLineEdit()
        self.address.setObjectName("address")
        self.kelurahan = QComboBox()
        self.kelurahan.setObjectName("kelurahan")
        self.kelurahan.addItem(self.tr("(belum dipilih)"), None)
        table = regions.default_table()
        for kel in sorted(table.kelurahan.values(), key=lambda k: k.name):
            kec = table.kecamatan_name(kel.kecamatan_code)
            self.kelurahan.addItem(f"{kel.name} — {kec}" if kec else kel.name, kel.code)
        self.contact_name = QLineEdit()
        self.contact_name.setObjectName("contactName")
        self.contact_title = QLineEdit()
        self.contact_title.setObjectName("contactTitle")
        self.contact_title.setPlaceholderText(self.tr("mis. Kepala Sekolah"))
        self.phone = QLineEdit()
        self.phone.setObjectName("phone")
        self.npsn = QLineEdit()
        self.npsn.setObjectName("npsn")
        self.npsn.setPlaceholderText(self.tr("8 angka, untuk sekolah dan pesantren"))
        self.npsn.setMaxLength(8)

        form = QFormLayout()
        form.addRow(buddy_label(self.tr("&Jenis"), self.kind), self.kind)
        form.addRow(buddy_label(self.tr("Na&ma"), self.name), self.name)
        form.addRow(buddy_label(self.tr("&Alamat"), self.address), self.address)
        form.addRow(buddy_label(self.tr("Ke&lurahan"), self.kelurahan), self.kelurahan)
        form.addRow(buddy_label(self.tr("K&ontak"), self.contact_name), self.contact_name)
        form.addRow(buddy_label(self.tr("Ja&batan"), self.contact_title), self.contact_title)
        form.addRow(buddy_label(self.tr("&Telepon"), self.phone), self.phone)
        form.addRow(buddy_label(self.tr("N&PSN"), self.npsn), self.npsn)

        self.error = error_label()
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(self.tr("&Simpan"),
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("save")
        self.save_button.setDefault(True)
        cancel = self.buttons.addButton(self.tr("Batal"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("cancel")
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Tempat jemput bola tidak pernah dihapus: nonaktifkan bila "
                               "tidak dipakai lagi; kunjungannya tetap tercatat."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        if place is not None:
            self._fill(place)
        self._kind_changed()
        open_at(self, 560, 420)

    def _fill(self, place: Place) -> None:
        self.kind.setCurrentIndex(max(self.kind.findData(place.kind), 0))
        self.name.setText(place.name)
        self.address.setText(place.address or "")
        self.kelurahan.setCurrentIndex(max(self.kelurahan.findData(place.kelurahan_code), 0))
        self.contact_name.setText(place.contact_name or "")
        self.contact_title.setText(place.contact_title or "")
        self.phone.setText(place.contact_phone or "")
        self.npsn.setText(place.npsn or "")

    def _kind_changed(self) -> None:
        takes = self.kind.currentData() in NPSN_KINDS
        self.npsn.setEnabled(takes)
        if not takes:
            self.npsn.clear()

    def values(self) -> dict[str, Any]:
        return {"kind": self.kind.currentData(), "name": self.name.text(),
                "address": self.address.text(), "kelurahan": self.kelurahan.currentData(),
                "contact_name": self.contact_name.text(),
                "contact_title": self.contact_title.text(),
                "contact_phone": self.phone.text(), "npsn": self.npsn.text() or None}

    def save(self) -> None:
        self.error.setVisible(False)
        self.save_button.setEnabled(False)
        self.runner.run_write(save_place_job, self.place.id if self.place else None,
                              self.values(), source=self, on_success=self._saved,
                              on_failure=self._failed)

    def _saved(self, result: Any) -> None:
        self.saved_id = result.location_id
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        if not isinstance(error, Cancelled):
            self.error.setText(error_text(error))
            self.error.setVisible(True)
