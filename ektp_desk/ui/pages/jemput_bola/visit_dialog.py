"""Buat kunjungan: a jemput bola visit's place, day, hours, team and kits, its capacity
as core computes it (kits × hours × people a kit records an hour), the deliberate mark for
a weekend or holiday, and who to put on it (nobody yet, by filter, or the candidates of
repeated no-shows). Given a proposal, the same dialog makes the proposal's visits from the
first day on, split at the capacity (core/scheduling/proposals.make_visits)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import peewee as pw
from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.core import regions, scheduling
from ektp_desk.core.calendar import minutes
from ektp_desk.core.errors import Cancelled
from ektp_desk.core.people import format_count
from ektp_desk.core.scheduling import LOCATION_KINDS
from ektp_desk.core.scheduling.outreach import kit_rate
from ektp_desk.core.scheduling.places import Place
from ektp_desk.core.scheduling.proposals import ProposedVisit
from ektp_desk.core.status import CATEGORY_LABELS
from ektp_desk.ui.operations.outreach import NewVisit, create_visit_job, proposal_visits_job
from ektp_desk.ui.runner import JobRunner
from ektp_desk.ui.widgets import (
    buddy_label,
    date_edit,
    error_label,
    error_text,
    open_at,
    to_date,
)


def _time_edit(hhmm: str, name: str) -> QTimeEdit:
    edit = QTimeEdit(QTime.fromString(hhmm, "HH:mm"))
    edit.setObjectName(name)
    edit.setDisplayFormat("HH.mm")
    return edit


class VisitDialog(QDialog):
    """Simpan plans the visit (or the proposal's visits) on the writer; a refusal is shown
    here and nothing is made."""

    def __init__(self, db: pw.Database, runner: JobRunner, places: list[Place],
                 parent: QWidget | None = None, *, today: dt.date,
                 day: dt.date | None = None, proposal: ProposedVisit | None = None,
                 who: str = "none") -> None:
        super().__init__(parent)
        self.setObjectName("visitDialog")
        self.setWindowTitle(self.tr("Buat kunjungan dari usulan") if proposal
                            else self.tr("Buat kunjungan"))
        self.db, self.runner, self.today, self.proposal = db, runner, today, proposal
        self.result_value: Any = None

        self.place = QComboBox()
        self.place.setObjectName("place")
        if proposal is not None and proposal.location_id is None and proposal.kind == "rumah":
            self.place.addItem(self.tr("Rumah warga (tempat dibuat otomatis)"), 0)
        for place in places:
            if place.active:
                self.place.addItem(f"{place.name} — {LOCATION_KINDS.get(place.kind)}",
                                   place.id)
        if proposal is not None and proposal.location_id is not None:
            self.place.setCurrentIndex(max(self.place.findData(proposal.location_id), 0))
        self.day = date_edit(day or today)
        self.day.setObjectName("day")
        self.start = _time_edit("08:00", "start")
        self.end = _time_edit("12:00", "end")
        hours = QHBoxLayout()
        hours.addWidget(self.start)
        hours.addWidget(QLabel("–"))
        hours.addWidget(self.end)
        hours.addStretch(1)
        self.team = QLineEdit()
        self.team.setObjectName("team")
        self.team.setPlaceholderText(self.tr("Nama petugas, dipisah koma; yang pertama "
                                             "ketua tim"))
        self.kits = QSpinBox()
        self.kits.setObjectName("kits")
        self.kits.setRange(1, 20)
        self.capacity = QLabel()
        self.capacity.setObjectName("capacity")
        self.deliberate = QCheckBox(self.tr("Akhir pekan / hari libur &disengaja"))
        self.deliberate.setObjectName("deliberate")

        form = QFormLayout()
        form.addRow(buddy_label(self.tr("&Tempat"), self.place), self.place)
        form.addRow(buddy_label(self.tr("Tangga&l") if proposal is None
                                else self.tr("Mulai tangga&l"), self.day), self.day)
        form.addRow(buddy_label(self.tr("&Jam"), self.start), hours)
        form.addRow(buddy_label(self.tr("Ti&m"), self.team), self.team)
        form.addRow(buddy_label(self.tr("&Alat rekam"), self.kits), self.kits)
        form.addRow(self.tr("Daya tampung"), self.capacity)
        form.addRow("", self.deliberate)

        layout = QVBoxLayout(self)
        if proposal is not None:
            intro = QLabel(self.tr(
                "{n} warga diusulkan. Kunjungan dibuat pada hari kerja mulai tanggal ini, "
                "satu per hari, masing-masing sampai daya tampungnya.").format(
                    n=format_count(len(proposal.person_ids))))
            intro.setWordWrap(True)
            layout.addWidget(intro)
            self.deliberate.setVisible(False)
        layout.addLayout(form)
        self.who_box = self._build_who(who)
        layout.addWidget(self.who_box)  # parented first: setVisible(True) would open a window
        self.who_box.setVisible(proposal is None)
        self.error = error_label()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(self.tr("&Simpan"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("save")
        self.save_button.setDefault(True)
        cancel = buttons.addButton(self.tr("Batal"), QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        layout.addStretch(1)
        layout.addWidget(buttons)
        for signal in (self.kits.valueChanged, self.start.timeChanged, self.end.timeChanged):
            signal.connect(self._show_capacity)
        self._show_capacity()
        open_at(self, 620, 560)

    def _build_who(self, who: str) -> QGroupBox:
        box = QGroupBox(self.tr("Warga yang ditambahkan"))
        self.who_none = QRadioButton(self.tr("Nanti (tambah di daftar kunjungan)"))
        self.who_filter = QRadioButton(self.tr("Menurut sa&ringan:"))
        self.who_candidates = QRadioButton(self.tr("Kandidat (berulang tidak &hadir)"))
        self.who_group = QButtonGroup(box)
        for key, button in (("none", self.who_none), ("filter", self.who_filter),
                            ("candidates", self.who_candidates)):
            button.setObjectName(f"who_{key}")
            self.who_group.addButton(button)
            button.setChecked(key == who)
        self.category = QComboBox()
        self.category.setObjectName("category")
        self.category.addItem(self.tr("Semua kategori"), None)
        for code, label in CATEGORY_LABELS.items():
            self.category.addItem(label, code)
        self.kelurahan = QComboBox()
        self.kelurahan.setObjectName("filterKelurahan")
        self.kelurahan.addItem(self.tr("Semua kelurahan"), None)
        for kel in sorted(regions.default_table().kelurahan.values(), key=lambda k: k.name):
            self.kelurahan.addItem(kel.name, kel.code)
        self.rw = QLineEdit()
        self.rw.setObjectName("rw")
        self.rw.setPlaceholderText(self.tr("RW"))
        self.rt = QLineEdit()
        self.rt.setObjectName("rt")
        self.rt.setPlaceholderText(self.tr("RT"))
        for field in (self.rw, self.rt):
            field.setMaximumWidth(60)
        filters = QHBoxLayout()
        filters.addWidget(self.category)
        filters.addWidget(self.kelurahan, 1)
        filters.addWidget(self.rw)
        filters.addWidget(self.rt)
        layout = QVBoxLayout(box)
        layout.addWidget(self.who_none)
        layout.addWidget(self.who_filter)
        layout.addLayout(filters)
        layout.addWidget(self.who_candidates)
        note = QLabel(self.tr("Daftar sekolah atau lapas: buat kunjungannya dulu, lalu pakai "
                              "tab Impor daftar."))
        note.setWordWrap(True)
        layout.addWidget(note)
        return box

    def _hours(self) -> tuple[str, str]:
        return self.start.time().toString("HH:mm"), self.end.time().toString("HH:mm")

    def _show_capacity(self) -> None:
        start, end = self._hours()
        if start >= end:
            self.capacity.setText(self.tr("jam selesai harus setelah jam mulai"))
            return
        people = scheduling.visit_capacity(self.db, self.kits.value(), start, end)
        hours = f"{(minutes(end) - minutes(start)) / 60:g}".replace(".", ",")
        self.capacity.setText(self.tr("{n} orang ({kits} alat × {hours} jam × {rate} orang "
                                      "sejam)").format(
            n=format_count(people or 0), kits=self.kits.value(), hours=hours,
            rate=kit_rate(self.db)))

    def new_visit(self) -> NewVisit:
        start, end = self._hours()
        who = ("filter" if self.who_filter.isChecked() else
               "candidates" if self.who_candidates.isChecked() else "none")
        filters = {"category": self.category.currentData(),
                   "kelurahan": self.kelurahan.currentData(),
                   "rw": self.rw.text().strip() or None, "rt": self.rt.text().strip() or None}
        team = tuple(n.strip() for n in self.team.text().split(",") if n.strip())
        return NewVisit(int(self.place.currentData() or 0), to_date(self.day.date()), start,
                        end, team, self.kits.value(), self.deliberate.isChecked(),
                        who if self.proposal is None else "none", filters)

    def save(self) -> None:
        self.error.setVisible(False)
        new = self.new_visit()
        if self.proposal is None and not new.place_id:
            self._show_error(self.tr("Pilih tempatnya dulu (tambahkan di tab Tempat)."))
            return
        self.save_button.setEnabled(False)
        if self.proposal is not None:
            self.runner.run_write(proposal_visits_job, self.proposal, new, today=self.today,
                                  source=self, on_success=self._saved, on_failure=self._failed)
        else:
            self.runner.run_write(create_visit_job, new, today=self.today, source=self,
                                  on_success=self._saved, on_failure=self._failed)

    def _saved(self, result: Any) -> None:
        self.result_value = result
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        if not isinstance(error, Cancelled):
            self._show_error(error_text(error))

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)
