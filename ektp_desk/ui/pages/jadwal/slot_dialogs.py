"""The Jadwal page's dialogs for one slot: Tambah sesi and Pindahkan sesi (which run their
write and offer a special session when the core refuses the time), and Batalkan sesi."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.core import calendar, clock, scheduling
from ektp_desk.core.calendar import Interval
from ektp_desk.core.errors import Cancelled, UserError
from ektp_desk.core.people import format_count
from ektp_desk.core.scheduling import Location, SlotInfo
from ektp_desk.ui.runner import JobHandle, JobRunner
from ektp_desk.ui.widgets import (
    buddy_label,
    button_row,
    confirm,
    date_edit,
    error_label,
    error_text,
    to_date,
)


def _qtime(value: str) -> QTime:
    hour, minute = value.split(":")
    return QTime(int(hour), int(minute))


def hhmm(value: QTime) -> str:
    return f"{value.hour():02d}:{value.minute():02d}"


def _time_edit(value: str) -> QTimeEdit:
    edit = QTimeEdit(_qtime(value))
    edit.setDisplayFormat("HH.mm")
    return edit


class _SlotWriteDialog(QDialog):
    """Shared by Tambah sesi and Pindahkan sesi: runs the write, and when the core says the
    time is outside the hours or on a holiday, asks whether to open a special session."""

    done = Signal(object)  # SlotResult / MoveResult

    def __init__(self, runner: JobRunner, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.result: Any = None
        self.deliberate = False
        self._handle: JobHandle | None = None
        self.error = error_label()

    def _job(self) -> tuple[Any, tuple, dict]:
        raise NotImplementedError

    @property
    def busy(self) -> bool:
        return self._handle is not None and not self._handle.done

    def submit(self, deliberate: bool = False) -> None:
        if self._handle is not None and not self._handle.done:
            return
        self.deliberate = deliberate
        self.error.setVisible(False)
        fn, args, kwargs = self._job()
        self._handle = self.runner.run_write(fn, *args, deliberate=deliberate,
                                             on_success=self._succeeded,
                                             on_failure=self._failed, **kwargs)

    def _succeeded(self, result: Any) -> None:
        self.result = result
        self.done.emit(result)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, Cancelled):
            return
        if isinstance(error, UserError):
            special = error.message_id == "sched_slot_off_hours" and not self.deliberate
            if special and confirm(self, self.tr("Sesi khusus"), error.message,
                                   informative=self.tr("Buka sesi khusus pada waktu ini?"),
                                   yes=self.tr("Ya, buka sesi khusus"), no=self.tr("Tidak")):
                self.submit(deliberate=True)
                return
        self.error.setText(error_text(error))
        self.error.setVisible(True)

    @property
    def error_text(self) -> str:
        return self.error.text() if self.error.isVisible() else ""

    def _slot_form(self, locations: Sequence[Location], location_id: int | None,
                   day: dt.date, start: str, end: str, date_label: str) -> QFormLayout:
        """The fields of a slot's place and time (location, date, start–end) as a form."""
        self.location = _location_combo(locations, location_id)
        self.date = date_edit(day)
        self.date.setObjectName("date")
        self.start = _time_edit(start)
        self.start.setObjectName("start")
        self.end = _time_edit(end)
        self.end.setObjectName("end")
        times = QHBoxLayout()
        times.addWidget(self.start)
        times.addWidget(QLabel("–"))
        times.addWidget(self.end)
        times.addStretch(1)
        form = QFormLayout()
        form.addRow(buddy_label(self.tr("&Lokasi:"), self.location), self.location)
        form.addRow(buddy_label(date_label, self.date), self.date)
        form.addRow(buddy_label(self.tr("&Jam:"), self.start), times)
        return form

    def _buttons(self, ok_text: str) -> QHBoxLayout:
        self.ok_button = QPushButton(ok_text)
        self.ok_button.setObjectName("okButton")
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(lambda: self.submit())
        self.cancel_button = QPushButton(self.tr("Batal"))
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.ok_button)
        row.addWidget(self.cancel_button)
        return row


def _fit(dialog: QDialog, width: int) -> None:
    """Size a dialog to `width` and the height its wrapped texts need at that width."""
    dialog.layout().activate()
    height = dialog.heightForWidth(width) if dialog.hasHeightForWidth() else -1
    dialog.resize(width, max(height, dialog.minimumSizeHint().height()))


def _location_combo(locations: Sequence[Location], current: int | None) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName("location")
    for loc in locations:
        combo.addItem(loc.name, loc.id)
    combo.setCurrentIndex(max(combo.findData(current), 0) if current is not None else 0)
    return combo


class AddSlotDialog(_SlotWriteDialog):
    """Tambah sesi: a location, a date, start and end time, capacity (defaults to the
    location's hourly capacity for that length) and an optional name."""

    def __init__(self, runner: JobRunner, locations: Sequence[Location], day: dt.date,
                 parent: QWidget | None = None, *, location_id: int | None = None,
                 today: dt.date | None = None) -> None:
        super().__init__(runner, parent)
        self.setObjectName("addSlotDialog")
        self.setWindowTitle(self.tr("Tambah sesi"))
        self.today = today or clock.today()
        self.locations = {loc.id: loc for loc in locations}
        form = self._slot_form(locations, location_id, day, "08:00", "10:00",
                               self.tr("&Tanggal:"))
        self.capacity = QSpinBox()
        self.capacity.setObjectName("capacity")
        self.capacity.setRange(1, 10_000)
        self.capacity.setSuffix(self.tr(" orang"))
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.name.setPlaceholderText(self.tr("boleh kosong, mis. Sesi Sabtu untuk pelajar"))
        for text, widget in ((self.tr("&Kapasitas:"), self.capacity),
                             (self.tr("&Nama sesi:"), self.name)):
            form.addRow(buddy_label(text, widget), widget)
        hint = QLabel(self.tr("Di luar jam layanan, akhir pekan atau hari libur boleh, "
                              "sebagai sesi khusus (akan ditanyakan)."))
        hint.setWordWrap(True)
        hint.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addLayout(self._buttons(self.tr("&Simpan sesi")))
        self._capacity_edited = False
        self._updating = False
        self._auto_capacity()
        for signal in (self.location.currentIndexChanged, self.start.timeChanged,
                       self.end.timeChanged):
            signal.connect(self._auto_capacity)
        self.capacity.valueChanged.connect(self._capacity_touched)
        _fit(self, 460)

    def _capacity_touched(self) -> None:
        if not self._updating:
            self._capacity_edited = True

    def _auto_capacity(self) -> None:
        if self._capacity_edited:
            return
        loc = self.locations.get(self.location.currentData())
        start, end = hhmm(self.start.time()), hhmm(self.end.time())
        if loc is None or start >= end:
            return
        self._updating = True
        self.capacity.setValue(max(calendar.slot_capacity(loc.capacity_per_hour,
                                                          Interval(start, end)), 1))
        self._updating = False

    def _job(self) -> tuple[Any, tuple, dict]:
        return (scheduling.add_slot,
                (self.location.currentData(), to_date(self.date.date()),
                 hhmm(self.start.time()), hhmm(self.end.time())),
                {"capacity": self.capacity.value(), "name": self.name.text().strip() or None,
                 "today": self.today})


class MoveSlotDialog(_SlotWriteDialog):
    """Pindahkan sesi: the whole slot, with its people, to another date/time/location."""

    def __init__(self, runner: JobRunner, slot: SlotInfo, locations: Sequence[Location],
                 parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(runner, parent)
        self.setObjectName("moveSlotDialog")
        self.setWindowTitle(self.tr("Pindahkan sesi"))
        self.slot = slot
        self.today = today or clock.today()
        intro = QLabel(self.tr("Pindahkan sesi <b>{slot}</b> beserta <b>{n} orang</b> di "
                               "dalamnya.").format(slot=html.escape(slot.label),
                                                   n=format_count(slot.assigned)))
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        form = self._slot_form(locations, slot.location_id, max(slot.date, self.today),
                               slot.start, slot.end, self.tr("Tanggal &baru:"))
        self._length = calendar.minutes(slot.end) - calendar.minutes(slot.start)
        self.start.timeChanged.connect(
            lambda t: self.end.setTime(t.addSecs(self._length * 60)))
        note = QLabel(self.tr("Semua orang di sesi ini ikut pindah. Surat yang sudah dicetak "
                              "ditandai perlu dicetak ulang."))
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addLayout(self._buttons(self.tr("&Pindahkan sesi")))
        _fit(self, 480)

    def _job(self) -> tuple[Any, tuple, dict]:
        return (scheduling.move_slot,
                (self.slot.id, to_date(self.date.date()), hhmm(self.start.time()),
                 hhmm(self.end.time())),
                {"location_id": self.location.currentData(), "today": self.today})


class CancelSlotDialog(QDialog):
    """Batalkan sesi: why, and whether its people go to the next free slots."""

    def __init__(self, slot: SlotInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cancelSlotDialog")
        self.setWindowTitle(self.tr("Batalkan sesi"))
        title = QLabel(self.tr("Batalkan sesi <b>{}</b>?").format(html.escape(slot.label)))
        title.setWordWrap(True)
        title.setTextFormat(Qt.TextFormat.RichText)
        info = QLabel(self.tr(
            "{n} orang di sesi ini dipindah ke sesi kosong berikutnya di lokasi yang sama "
            "(sesi baru dibuat dari jam layanan bila perlu). Surat mereka yang sudah dicetak "
            "ditandai perlu dicetak ulang. Yang tidak mendapat tempat kembali berstatus "
            "belum dipanggil.").format(n=format_count(slot.assigned)))
        info.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(self.tr("mis. listrik padam, alat perekam rusak"))
        self.relocate = QCheckBox(self.tr("&Pindahkan orangnya ke sesi berikutnya"))
        self.relocate.setObjectName("relocate")
        self.relocate.setChecked(True)
        form = QFormLayout()
        form.addRow(buddy_label(self.tr("&Alasan:"), self.reason), self.reason)
        form.addRow(self.relocate)
        self.ok_button = QPushButton(self.tr("&Batalkan sesi"))
        self.ok_button.setObjectName("okButton")
        self.ok_button.clicked.connect(self.accept)
        self.no_button = QPushButton(self.tr("&Tidak"))
        self.no_button.setObjectName("noButton")
        self.no_button.setDefault(True)
        self.no_button.clicked.connect(self.reject)
        buttons = button_row(self.ok_button, self.no_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(info)
        layout.addLayout(form)
        layout.addLayout(buttons)
        _fit(self, 520)


