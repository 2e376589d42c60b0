"""The auto-scheduling dialog: who and when → Pratinjau (a plan, nothing saved) → Simpan.

"Pratinjau" runs :func:`scheduling.plan` as a read job (off the UI thread, with the
runner's delayed progress dialog); the preview shows, per day and location, how many are
scheduled and how many places are left, and who is left over and why, in Indonesian words.
"Simpan jadwal" saves exactly that plan with :func:`scheduling.apply_plan` (one write job,
one transaction); the core refuses a plan that went stale meanwhile. Bad input (an empty or
past range, no working day, zero capacity, a location without hours) comes back as the
core's UserError message, shown in the dialog; nothing is saved.

A range reaching into a year whose holidays are provisional, or past polling day, is
refused by the core (``PlanRefused``): the dialog shows why in a warning and a check box
to confirm, and the next Pratinjau plans with that confirmation. A polling day already
passed is flagged at the top (docs/domain.md, "The election").
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from typing import Any

import peewee as pw
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QDate,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.core import clock, election, regions, scheduling
from ektp_desk.core.calendar import format_date_id
from ektp_desk.core.errors import Cancelled
from ektp_desk.core.people import format_count
from ektp_desk.core.scheduling import Plan, PlanRefused, Selection
from ektp_desk.core.status import CATEGORY_LABELS
from ektp_desk.ui.models.rows_model import ALIGN_LEFT, ALIGN_RIGHT, RowsModel
from ektp_desk.ui.runner import JobHandle, JobRunner
from ektp_desk.ui.theme import NoticeBar
from ektp_desk.ui.widgets import (
    buddy_label,
    choice_combo,
    date_edit,
    error_label,
    error_text,
    fill_kelurahan,
    key_for,
    open_at,
    rows_table,
    to_date,
    to_qdate,
)

DEFAULT_RANGE_DAYS = 27  # four weeks from the start day

# Who to call: the status of the people a run picks up.
WHO_FIRST = ("belum_dipanggil",)
WHO_SECOND = ("tidak_hadir",)


class PlanDaysModel(RowsModel):
    """The preview: one row per day and location where the plan puts people."""

    CONTEXT = "PlanDaysModel"
    COLUMNS = (QT_TRANSLATE_NOOP("PlanDaysModel", "Tanggal"),
               QT_TRANSLATE_NOOP("PlanDaysModel", "Lokasi"),
               QT_TRANSLATE_NOOP("PlanDaysModel", "Dijadwalkan"),
               QT_TRANSLATE_NOOP("PlanDaysModel", "Sisa tempat"))

    def set_plan(self, plan: Plan | None) -> None:
        self.set_rows([] if plan is None else [
            (d.date, plan.location_names.get(d.location_id, str(d.location_id)), d.people,
             d.places_left) for d in plan.days if d.people])

    def cell(self, row: tuple[dt.date, str, int, int], column: int, role: int) -> Any:
        day, location, people, left = row
        if role == Qt.ItemDataRole.DisplayRole:
            return (format_date_id(day), location, format_count(people),
                    format_count(left))[column]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return ALIGN_RIGHT if column >= 2 else ALIGN_LEFT
        if role == Qt.ItemDataRole.UserRole:
            return row[column]
        return None


class AutoScheduleDialog(QDialog):
    """Pick who and a date range, preview the plan, then save it.

    Signals: ``preview_ready(plan or None)`` after each Pratinjau (None: it failed, the
    reason is in :attr:`error`); ``saved(ApplyResult)`` once the plan is saved (the dialog
    then closes). :attr:`plan` is the previewed plan, if any.
    """

    preview_ready = Signal(object)
    saved = Signal(object)

    def __init__(self, db: pw.Database, runner: JobRunner, parent: QWidget | None = None, *,
                 today: dt.date | None = None, date_from: dt.date | None = None,
                 person_ids: Sequence[int] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("autoScheduleDialog")
        self.db = db
        self.runner = runner
        self.today = today or clock.today()
        self.person_ids = tuple(person_ids) if person_ids is not None else None
        self.plan: Plan | None = None
        self.result: scheduling.ApplyResult | None = None
        self._handle: JobHandle | None = None
        self._refused: set[str] = set()  # limit codes the core refused, to confirm
        self.regions = regions.default_table()
        self.setWindowTitle(self.tr("Jadwalkan otomatis"))
        self._build(date_from or self.today + dt.timedelta(days=1))
        self._connect()
        open_at(self, 760, 640)

    # --- layout ------------------------------------------------------------------------
    def _build(self, start: dt.date) -> None:
        who = QGroupBox(self.tr("Siapa yang dipanggil"))
        who_form = QFormLayout(who)
        self.who = QComboBox()
        self.who.setObjectName("who")
        self.who.addItem(self.tr("Semua yang belum dipanggil"), WHO_FIRST)
        self.who.addItem(self.tr("Panggilan ulang: yang tidak hadir"), WHO_SECOND)
        self.kecamatan = choice_combo("kecamatan", self.tr("Semua kecamatan"), (
            (kec.name, kec.code) for kec in self.regions.kecamatan.values()))
        self.kelurahan = QComboBox()
        self.kelurahan.setObjectName("kelurahan")
        self._fill_kelurahan(None)
        self.category = choice_combo("category", self.tr("Semua kategori"), (
            (label, code) for code, label in CATEGORY_LABELS.items()))
        if self.person_ids is not None:
            chosen = QLabel(self.tr("{} warga yang dipilih di halaman Warga").format(
                format_count(len(self.person_ids))))
            chosen.setObjectName("chosen")
            who_form.addRow(self.tr("Warga:"), chosen)
            for combo in (self.who, self.kecamatan, self.kelurahan, self.category):
                combo.setEnabled(False)
        else:
            who_form.addRow(buddy_label(self.tr("&Warga:"), self.who), self.who)
        who_form.addRow(buddy_label(self.tr("K&ecamatan:"), self.kecamatan), self.kecamatan)
        who_form.addRow(buddy_label(self.tr("Ke&lurahan:"), self.kelurahan), self.kelurahan)
        who_form.addRow(buddy_label(self.tr("&Kategori:"), self.category), self.category)

        when = QGroupBox(self.tr("Rentang tanggal"))
        when_form = QFormLayout(when)
        self.date_from = date_edit(start)
        self.date_from.setObjectName("dateFrom")
        self.date_to = date_edit(start + dt.timedelta(days=DEFAULT_RANGE_DAYS))
        self.date_to.setObjectName("dateTo")
        when_form.addRow(buddy_label(self.tr("&Dari tanggal:"), self.date_from), self.date_from)
        when_form.addRow(buddy_label(self.tr("Sa&mpai tanggal (batas akhir):"), self.date_to),
                         self.date_to)
        self.evening = QCheckBox(self.tr("Ke sesi malam di kantor kel&urahan masing-masing"))
        self.evening.setObjectName("evening")
        self.evening.setToolTip(self.tr(
            "Setiap warga dipanggil ke sesi malam di kantor kelurahannya sendiri; buat sesi "
            "malamnya dulu di halaman Jadwal."))
        when_form.addRow(self.evening)
        hint = QLabel(self.tr("Hari libur, akhir pekan dan jam tutup tiap lokasi dilewati. "
                              "Tetangga (kelurahan, RW, RT) dijadwalkan pada hari yang sama."))
        hint.setWordWrap(True)
        hint.setEnabled(False)
        when_form.addRow(hint)

        top = QHBoxLayout()
        top.addWidget(who, 1)
        top.addWidget(when, 1)

        self.preview_button = QPushButton(self.tr("&Pratinjau"))
        self.preview_button.setObjectName("previewButton")
        self.preview_button.setToolTip(self.tr("Menyusun jadwal tanpa menyimpan"))
        key_for(self.preview_button, "Ctrl+Return")
        self.preview_button.setDefault(True)

        self.election_notice = NoticeBar()
        warning = election.current(self.db).passed_warning(self.today)
        if warning:
            self.election_notice.show_notice("warn", warning)
        self.limits_notice = NoticeBar()
        self.confirm_limits = QCheckBox(self.tr(
            "Saya mengerti: tetap &jadwalkan melewati batas ini"))
        self.confirm_limits.setObjectName("confirmLimits")
        self.confirm_limits.setVisible(False)

        self.error = error_label()
        self.summary = QLabel(self.tr("Pilih warga dan rentang tanggal, lalu tekan Pratinjau. "
                                      "Belum ada yang disimpan."))
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.left_over = QLabel()
        self.left_over.setObjectName("leftOver")
        self.left_over.setWordWrap(True)
        self.left_over.setTextFormat(Qt.TextFormat.RichText)
        self.left_over.setVisible(False)

        self.days_model = PlanDaysModel(self)
        self.days = rows_table(self.days_model, "days", self, stretch=1)

        self.save_button = QPushButton(self.tr("&Simpan jadwal"))
        self.save_button.setObjectName("saveButton")
        self.save_button.setToolTip(self.tr("Menyimpan jadwal seperti pada pratinjau"))
        key_for(self.save_button, "Ctrl+S")
        self.save_button.setEnabled(False)
        self.close_button = QPushButton(self.tr("Tutup"))
        self.close_button.setObjectName("closeButton")
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.election_notice)
        layout.addLayout(top)
        layout.addWidget(self.limits_notice)
        layout.addWidget(self.confirm_limits)
        layout.addWidget(self.error)
        layout.addWidget(self.summary)
        layout.addWidget(self.left_over)
        layout.addWidget(self.days, 1)
        layout.addLayout(buttons)

    def _connect(self) -> None:
        self.kecamatan.currentIndexChanged.connect(self._on_kecamatan)
        for combo in (self.who, self.kelurahan, self.category):
            combo.currentIndexChanged.connect(self._invalidate)
        self.evening.toggled.connect(self._invalidate)
        self.date_from.dateChanged.connect(self._on_date_from)
        self.date_to.dateChanged.connect(self._invalidate)
        self.preview_button.clicked.connect(self.preview)
        self.confirm_limits.toggled.connect(self._invalidate)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)

    def _fill_kelurahan(self, kecamatan_code: str | None) -> None:
        fill_kelurahan(self.kelurahan, self.regions, kecamatan_code,
                       self.tr("Semua kelurahan"))

    # --- the public face ---------------------------------------------------------------
    def selection(self) -> Selection:
        """The Selection the fields describe."""
        return Selection(
            kecamatan=self.kecamatan.currentData(),
            kelurahan=self.kelurahan.currentData(),
            category=self.category.currentData(),
            person_ids=self.person_ids,
            statuses=tuple(self.who.currentData()),
        )

    def date_range(self) -> tuple[dt.date, dt.date]:
        return to_date(self.date_from.date()), to_date(self.date_to.date())

    def set_range(self, date_from: dt.date, date_to: dt.date) -> None:
        self.date_from.setDate(to_qdate(date_from))
        self.date_to.setDate(to_qdate(date_to))

    @property
    def busy(self) -> bool:
        return self._handle is not None and not self._handle.done

    def preview(self) -> None:
        """Compute the plan off the UI thread; nothing is written."""
        if self.busy:
            return
        self._invalidate()
        date_from, date_to = self.date_range()
        self.summary.setText(self.tr("Menyusun pratinjau…"))
        self._set_busy(True)
        confirmed = self._refused if self.confirm_limits.isChecked() else set()
        self._handle = self.runner.run_read(
            scheduling.plan, self.selection(), date_from, date_to, today=self.today,
            past_calendar=scheduling.PAST_CALENDAR in confirmed,
            past_election=scheduling.PAST_ELECTION in confirmed,
            evening=self.evening.isChecked(),
            title=self.tr("Menyusun pratinjau jadwal"), with_progress=True,
            on_success=self._preview_done, on_failure=self._preview_failed)

    def save(self) -> None:
        """Save the previewed plan (one write job); the dialog closes when it is done."""
        if self.plan is None or not self.plan.scheduled or self.busy:
            return
        self._set_busy(True)
        self.summary.setText(self.tr("Menyimpan jadwal…"))
        self._handle = self.runner.run_write(
            scheduling.apply_plan, self.plan, today=self.today,
            title=self.tr("Menyimpan jadwal"),
            on_success=self._saved, on_failure=self._save_failed)

    # --- reacting ----------------------------------------------------------------------
    def _on_kecamatan(self) -> None:
        self._fill_kelurahan(self.kecamatan.currentData())
        self._invalidate()

    def _on_date_from(self, qdate: QDate) -> None:
        if self.date_to.date() < qdate:  # keep the range the right way round while typing
            self.date_to.setDate(qdate.addDays(DEFAULT_RANGE_DAYS))
        self._invalidate()

    def _invalidate(self) -> None:
        had = self.plan is not None
        self.plan = None
        self.days_model.set_plan(None)
        self.left_over.setVisible(False)
        self.error.setVisible(False)
        self.save_button.setEnabled(False)
        if had:
            self.summary.setText(self.tr("Pilihan berubah: tekan Pratinjau lagi. Belum ada "
                                         "yang disimpan."))

    def _set_busy(self, busy: bool) -> None:
        self.preview_button.setEnabled(not busy)
        self.save_button.setEnabled(not busy and self.plan is not None
                                    and self.plan.scheduled > 0)

    def _preview_done(self, plan: Plan) -> None:
        self._set_busy(False)
        self.plan = plan
        self.error.setVisible(False)
        if plan.limits:  # confirmed: still in sight while the clerk decides to save
            self.limits_notice.show_notice("warn", "\n".join(lim.message
                                                             for lim in plan.limits))
        else:
            self.limits_notice.setVisible(False)
            self.confirm_limits.setVisible(False)
        self.summary.setText(self._summary_html(plan))
        reasons = self._left_over_html(plan)
        self.left_over.setText(reasons)
        self.left_over.setVisible(bool(reasons))
        self.days_model.set_plan(plan)
        self.save_button.setEnabled(plan.scheduled > 0)
        if plan.scheduled:
            self.save_button.setFocus()
        self.preview_ready.emit(plan)

    def _preview_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.plan = None
        if isinstance(error, Cancelled):
            self.summary.setText(self.tr("Pratinjau dibatalkan. Belum ada yang disimpan."))
        elif isinstance(error, PlanRefused):
            self._refused |= {lim.code for lim in error.limits}
            self.limits_notice.show_notice("warn", "\n".join(lim.message
                                                             for lim in error.limits))
            self.confirm_limits.blockSignals(True)
            self.confirm_limits.setChecked(False)
            self.confirm_limits.blockSignals(False)
            self.confirm_limits.setVisible(True)
            self.summary.setText(self.tr("Belum ada yang disimpan. Ubah rentang tanggal, atau "
                                         "centang konfirmasi lalu tekan Pratinjau lagi."))
        else:
            self._show_error(error)
            self.summary.setText(self.tr("Tidak ada yang disimpan."))
        self.preview_ready.emit(None)

    def _saved(self, result: scheduling.ApplyResult) -> None:
        self._set_busy(False)
        self.result = result
        self.saved.emit(result)
        self.accept()

    def _save_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, Cancelled):
            self.summary.setText(self.tr("Penyimpanan dibatalkan. Tidak ada yang disimpan."))
            return
        self.plan = None  # a stale or refused plan must be made again
        self.save_button.setEnabled(False)
        self._show_error(error)
        self.summary.setText(self.tr("Tidak ada yang disimpan. Tekan Pratinjau lagi."))

    def _show_error(self, error: BaseException) -> None:
        self.error.setText(error_text(error))
        self.error.setVisible(True)

    @property
    def error_text(self) -> str:
        return self.error.text() if self.error.isVisible() else ""

    # --- texts -------------------------------------------------------------------------
    def _summary_html(self, plan: Plan) -> str:
        period = self.tr("{start} s.d. {end}").format(start=format_date_id(plan.date_from),
                                                     end=format_date_id(plan.date_to))
        if not plan.scheduled and not plan.left_over_count and not plan.proposed_total:
            return self.tr("Tidak ada warga yang cocok dengan pilihan ini ({}).").format(period)
        text = self.tr("<b>{people}</b> warga akan dijadwalkan di <b>{slots}</b> sesi "
                       "({new} sesi baru), {period}.").format(
            people=format_count(plan.scheduled), slots=format_count(plan.slots_used),
            new=format_count(plan.new_slots), period=period)
        if plan.left_over_count:
            text += " " + self.tr("<b>{}</b> tidak mendapat jadwal.").format(
                format_count(plan.left_over_count))
        text += " " + self.tr("Belum ada yang disimpan.")
        if plan.proposed_total:
            text += "<br>" + self._routing_text(plan)
        return text

    def _routing_text(self, plan: Plan) -> str:
        """'X ke kantor, Y diusulkan untuk kunjungan (Z lapas, W rumah)': who the routing
        by category keeps away from the offices (docs/domain.md, "Routing by category")."""
        words = {"lapas": self.tr("{n} lapas"), "rumah": self.tr("{n} rumah"),
                 "sekolah": self.tr("{n} sekolah")}
        kinds = ", ".join(words[kind].format(n=format_count(n))
                          for kind, n in plan.proposed_visits.items() if n)
        return self.tr("<b>{office}</b> ke kantor, <b>{visits}</b> diusulkan untuk kunjungan "
                       "({kinds}), tidak dipanggil.").format(
            office=format_count(plan.scheduled), visits=format_count(plan.proposed_total),
            kinds=kinds)

    def _left_over_html(self, plan: Plan) -> str:
        if not plan.left_over_count:
            return ""
        lines = []
        for code, count in plan.reasons.items():
            line = self.tr("{n} orang: {why}").format(n=format_count(count),
                                                      why=scheduling.reason_text(code))
            if code == "penuh" and plan.full_locations:
                where = ", ".join(f"{plan.location_names.get(loc, loc)}: {format_count(n)}"
                                  for loc, n in plan.full_locations.items())
                line += f" ({where})"
            lines.append("• " + html.escape(line))
        return self.tr("Tidak mendapat jadwal:") + "<br>" + "<br>".join(lines)


