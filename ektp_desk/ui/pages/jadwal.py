"""The Jadwal page: a week or month calendar of the summoning slots, per location, with how
full each is; a slot's detail with its people; and the scheduling actions (automatic
scheduling, add / cancel / move a session, move people, holidays).

Only the visible range is read (:func:`scheduling.list_slots` and the holidays between the
first and last day of the grid), on a reader thread; a month with 100,000 people scheduled
opens in a fraction of a second. Every change goes through the runner's writer and comes
back as ``Changes`` on the bus, which makes the page read its range again.

Keyboard: arrows move between days, PgUp/PgDown change the week or month, Enter goes to the
day's sessions; the action buttons have Ctrl shortcuts (see their tooltips).
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import peewee as pw
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QByteArray,
    QCoreApplication,
    QEvent,
    QItemSelectionModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTime,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTimeEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.core import calendar, clock, regions, scheduling, settings
from ektp_desk.core import nik as nik_rules
from ektp_desk.core.calendar import (
    DAY_NAMES,
    Holiday,
    Interval,
    format_date_id,
    format_time,
    format_time_range,
    month_name,
)
from ektp_desk.core.errors import Cancelled, UserError
from ektp_desk.core.jobs import Changes
from ektp_desk.core.people import format_count
from ektp_desk.core.scheduling import Location, MoveResult, SlotInfo, SlotPerson, SlotResult
from ektp_desk.ui.changes import ChangeBus
from ektp_desk.ui.dialogs.auto_schedule import AutoScheduleDialog
from ektp_desk.ui.dialogs.holidays import HolidayDialog
from ektp_desk.ui.dialogs.move_people import MovePeopleDialog
from ektp_desk.ui.models.rows_model import RowsModel
from ektp_desk.ui.runner import JobHandle, JobRunner
from ektp_desk.ui.widgets import (
    ERROR_STYLE,
    buddy_label,
    confirm,
    date_edit,
    error_label,
    error_text,
    rows_table,
    to_date,
)

AnyIndex = QModelIndex | QPersistentModelIndex
MONTH, WEEK = "month", "week"
PEOPLE_MIME = "application/x-ektp-desk-people"
CELL_ROLE = Qt.ItemDataRole.UserRole + 1
DATE_ROLE = Qt.ItemDataRole.UserRole + 2
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignCenter

# How full a slot is: background and accent colours, and the word for it.
EMPTY, PARTLY, FULL = "kosong", "sebagian", "penuh"
FULLNESS_COLOURS = {
    EMPTY: (QColor("#dcefdc"), QColor("#2e7d32")),
    PARTLY: (QColor("#fff0bf"), QColor("#b7860b")),
    FULL: (QColor("#f8d2ce"), QColor("#c62828")),
}
FULLNESS_LABELS = {EMPTY: QT_TRANSLATE_NOOP("JadwalPage", "Kosong"),
                   PARTLY: QT_TRANSLATE_NOOP("JadwalPage", "Terisi sebagian"),
                   FULL: QT_TRANSLATE_NOOP("JadwalPage", "Penuh")}
HOLIDAY_BG = QColor("#fdf3f3")
HOLIDAY_HATCH = QColor("#f3cccc")
HOLIDAY_TEXT = QColor("#b3261e")
WEEKEND_BG = QColor("#f4f4f4")
OTHER_MONTH_BG = QColor("#fafafa")
GRID = QColor("#d0d0d0")
TODAY_COLOUR = QColor("#1a5fb4")
SELECTED_SLOT = QColor("#1f3a5f")
DIM_TEXT = QColor("#9a9a9a")
TEXT = QColor("#1e1e1e")
REPRINT_TEXT = QColor("#a04000")
NOTICE_STYLE = ("QLabel#notice { background: #eef4fc; border: 1px solid #b6cdee; "
                "border-radius: 3px; padding: 5px; }")
DELIBERATE_MARK = "★"
BUSY_DELAY_MS = 300
PRINTED = (scheduling.LETTER_PRINTED, scheduling.LETTER_REPRINT)
# short words for the letter column (the core's label is the tooltip)
LETTER_SHORT = {scheduling.LETTER_NOT_PRINTED: QT_TRANSLATE_NOOP("SlotPeopleModel",
                                                                 "Belum dicetak"),
                scheduling.LETTER_PRINTED: QT_TRANSLATE_NOOP("SlotPeopleModel",
                                                             "Sudah dicetak"),
                scheduling.LETTER_REPRINT: QT_TRANSLATE_NOOP("SlotPeopleModel", "Cetak ulang")}


def fullness(assigned: int, capacity: int) -> str:
    """kosong (nobody yet), sebagian, or penuh (no place left)."""
    if assigned <= 0 and capacity > 0:
        return EMPTY
    return FULL if assigned >= capacity else PARTLY


def short_names(locations: Iterable[Location]) -> dict[int, str]:
    """Names that fit a calendar cell: the words all locations of a kind share are dropped
    ('Kantor Kecamatan Pekalongan Barat' → 'Barat'); a kind with one location keeps its
    first word ('Dindukcapil Kota Pekalongan' → 'Dindukcapil')."""
    by_kind: dict[str, list[Location]] = {}
    for loc in locations:
        by_kind.setdefault(loc.kind, []).append(loc)
    names: dict[int, str] = {}
    for group in by_kind.values():
        words = [loc.name.split() for loc in group]
        if len(group) == 1:
            first = words[0]
            names[group[0].id] = first[0] if first and len(first[0]) >= 6 else group[0].name
            continue
        shared = 0
        while all(len(w) > shared + 1 for w in words) and len({w[shared] for w in words}) == 1:
            shared += 1
        for loc, parts in zip(group, words, strict=True):
            names[loc.id] = " ".join(parts[shared:]) or loc.name
    return names


def grid_dates(anchor: dt.date, mode: str) -> list[dt.date]:
    """The days the calendar shows: whole weeks (Senin first) around the anchor's month,
    or the anchor's week."""
    if mode == WEEK:
        first = anchor - dt.timedelta(days=anchor.weekday())
        return [first + dt.timedelta(days=i) for i in range(7)]
    start = anchor.replace(day=1)
    end = (start.replace(year=start.year + 1, month=1) if start.month == 12
           else start.replace(month=start.month + 1)) - dt.timedelta(days=1)
    first = start - dt.timedelta(days=start.weekday())
    last = end + dt.timedelta(days=6 - end.weekday())
    return calendar.dates(first, last)


def period_text(anchor: dt.date, mode: str) -> str:
    """'Februari 2024', or a week: '5–11 Februari 2024', '29 Januari – 4 Februari 2024'."""
    if mode == MONTH:
        return f"{month_name(anchor.month)} {anchor.year}"
    days = grid_dates(anchor, WEEK)
    first, last = days[0], days[-1]
    if first.month == last.month:
        return f"{first.day}–{last.day} {month_name(last.month)} {last.year}"
    if first.year == last.year:
        return f"{first.day} {month_name(first.month)} – {last.day} {month_name(last.month)} " \
               f"{last.year}"
    return f"{calendar.format_date_plain(first)} – {calendar.format_date_plain(last)}"


def shift(anchor: dt.date, mode: str, steps: int) -> dt.date:
    """The anchor one week or one month on (or back); the day clamped to the month."""
    if mode == WEEK:
        return anchor + dt.timedelta(days=7 * steps)
    month = anchor.month - 1 + steps
    year, month = anchor.year + month // 12, month % 12 + 1
    for day in (anchor.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _fit_label(text: str, fm: QFontMetrics, width: int) -> str:
    """The label whole if it fits; elided ('Sela…') while that keeps three letters; else
    cut to what fits without '…' (in a narrow cell 'Sel 585/600' reads better than
    '… 585/600'). The tooltip has the full name."""
    if fm.horizontalAdvance(text) <= width:
        return text
    elided = fm.elidedText(text, Qt.TextElideMode.ElideRight, width)
    if len(elided.rstrip("…").strip()) >= 3:
        return elided
    while text and fm.horizontalAdvance(text) > width:
        text = text[:-1]
    return text.rstrip()


def _two_lines(text: str, fm: QFontMetrics, width: int) -> str:
    """The text broken into at most two lines of `width`, the second elided."""
    words = text.split()
    first = ""
    while words and fm.horizontalAdvance(f"{first} {words[0]}".strip()) <= width:
        first = f"{first} {words.pop(0)}".strip()
    if not first:
        return fm.elidedText(text, Qt.TextElideMode.ElideRight, width)
    rest = " ".join(words)
    if not rest:
        return first
    return first + "\n" + fm.elidedText(rest, Qt.TextElideMode.ElideRight, width)




def _qtime(value: str) -> QTime:
    hour, minute = value.split(":")
    return QTime(int(hour), int(minute))


def _hhmm(value: QTime) -> str:
    return f"{value.hour():02d}:{value.minute():02d}"


def _time_edit(value: str) -> QTimeEdit:
    edit = QTimeEdit(_qtime(value))
    edit.setDisplayFormat("HH.mm")
    return edit


# --- what the calendar shows ---------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Entry:
    """One line of a day cell: a slot, a location's day total (month view, all locations),
    or a location heading (week view, all locations)."""

    kind: str  # 'slot' | 'location' | 'heading'
    label: str
    assigned: int = 0
    capacity: int = 0
    slot_id: int | None = None
    location_id: int | None = None
    deliberate: bool = False
    tip: str = ""

    @property
    def fill_text(self) -> str:
        return f"{self.assigned}/{self.capacity}"

    @property
    def fullness(self) -> str:
        return fullness(self.assigned, self.capacity)


@dataclass(frozen=True, slots=True)
class DayCell:
    date: dt.date
    in_period: bool
    is_today: bool
    holiday: Holiday | None = None
    entries: tuple[Entry, ...] = ()
    assigned: int = 0
    capacity: int = 0


@dataclass(frozen=True)
class RangeData:
    """What one read of the visible range brings back."""

    date_from: dt.date
    date_to: dt.date
    location_ids: tuple[int, ...] | None
    slots: list[SlotInfo]
    holidays: dict[dt.date, Holiday]
    locations: list[Location] = field(default_factory=list)


def load_range(db: pw.Database, date_from: dt.date, date_to: dt.date,
               location_ids: Sequence[int] | None) -> RangeData:
    """The slots and holidays of the visible days, and the locations (a reader-thread
    job)."""
    slots = scheduling.list_slots(db, date_from, date_to, location_ids=location_ids)
    return RangeData(date_from, date_to, tuple(location_ids) if location_ids else None,
                     slots, calendar.holidays(db, date_from, date_to),
                     scheduling.list_locations(db))


@dataclass(frozen=True)
class SlotDetail:
    slot: SlotInfo
    people: list[SlotPerson]
    masked: bool


def load_slot(db: pw.Database, slot_id: int) -> SlotDetail:
    """A slot with fresh counts and its people (a reader-thread job)."""
    return SlotDetail(scheduling.get_slot(db, slot_id), scheduling.slot_people(db, slot_id),
                      bool(settings.get(db, "mask_nik")))


def _slot_tip(slot: SlotInfo) -> str:
    state = QCoreApplication.translate("JadwalPage",
                                       FULLNESS_LABELS[fullness(slot.assigned, slot.capacity)])
    parts = [slot.location, f"{format_time_range(slot.start, slot.end)} · "
             f"{slot.assigned}/{slot.capacity} · {state}"]
    if slot.deliberate:
        parts.append(QCoreApplication.translate("JadwalPage", "Sesi khusus"))
    if slot.name:
        parts.append(slot.name)
    return "\n".join(parts)


def build_cells(days: Sequence[dt.date], mode: str, anchor: dt.date, slots: Iterable[SlotInfo],
                holidays: dict[dt.date, Holiday], names: dict[int, str], *, all_locations: bool,
                today: dt.date) -> list[DayCell]:
    """The calendar cells: per slot, or (a month of all locations) per location."""
    by_day: dict[dt.date, list[SlotInfo]] = {}
    for slot in slots:
        by_day.setdefault(slot.date, []).append(slot)
    cells = []
    for day in days:
        day_slots = by_day.get(day, [])
        entries: list[Entry] = []
        if all_locations and mode == MONTH:
            totals: dict[int, list[int]] = {}
            for slot in day_slots:
                total = totals.setdefault(slot.location_id, [0, 0])
                total[0] += slot.assigned
                total[1] += slot.capacity
            full_names = {s.location_id: s.location for s in day_slots}
            special = {s.location_id for s in day_slots if s.deliberate}
            for location_id in sorted(totals):
                assigned, capacity = totals[location_id]
                label = names.get(location_id, full_names[location_id])
                if location_id in special:
                    label = f"{DELIBERATE_MARK}{label}"
                entries.append(Entry("location", label, assigned, capacity,
                                     location_id=location_id,
                                     deliberate=location_id in special,
                                     tip=f"{full_names[location_id]}\n{assigned}/{capacity}"))
        else:
            ordered = sorted(day_slots, key=lambda s: (s.location_id, s.start, s.end)) \
                if all_locations else day_slots
            last_location = None
            for slot in ordered:
                if all_locations and slot.location_id != last_location:
                    last_location = slot.location_id
                    entries.append(Entry("heading", names.get(slot.location_id, slot.location),
                                         location_id=slot.location_id, tip=slot.location))
                label = format_time(slot.start)
                if slot.deliberate:
                    label = f"{DELIBERATE_MARK}{label}"
                entries.append(Entry("slot", label, slot.assigned, slot.capacity, slot.id,
                                     slot.location_id, slot.deliberate, _slot_tip(slot)))
        in_period = day.month == anchor.month if mode == MONTH else True
        cells.append(DayCell(day, in_period, day == today, holidays.get(day), tuple(entries),
                             sum(s.assigned for s in day_slots),
                             sum(s.capacity for s in day_slots)))
    return cells


class CalendarModel(QAbstractTableModel):
    """Weeks × 7 days; each cell is a :class:`DayCell` (CELL_ROLE)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cells: list[DayCell] = []
        self._index: dict[dt.date, int] = {}
        self.selected_slot: int | None = None

    def set_cells(self, cells: Sequence[DayCell]) -> None:
        if [c.date for c in cells] == [c.date for c in self._cells]:
            self._cells = list(cells)  # same days: repaint, keep the current index
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rowCount() - 1, self.columnCount() - 1))
            return
        self.beginResetModel()
        self._cells = list(cells)
        self._index = {c.date: i for i, c in enumerate(self._cells)}
        self.endResetModel()

    def set_selected_slot(self, slot_id: int | None) -> None:
        if slot_id != self.selected_slot:
            self.selected_slot = slot_id
            if self._cells:
                self.dataChanged.emit(self.index(0, 0),
                                      self.index(self.rowCount() - 1, self.columnCount() - 1))

    def cells(self) -> list[DayCell]:
        return list(self._cells)

    def cell(self, day: dt.date) -> DayCell | None:
        i = self._index.get(day)
        return self._cells[i] if i is not None else None

    def index_of(self, day: dt.date) -> QModelIndex:
        i = self._index.get(day)
        return QModelIndex() if i is None else self.index(i // 7, i % 7)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cells) // 7

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 7

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        i = index.row() * 7 + index.column()
        if not 0 <= i < len(self._cells):
            return None
        cell = self._cells[i]
        if role == Qt.ItemDataRole.DisplayRole:
            lines = [str(cell.date.day)]
            if cell.holiday:
                lines.append(cell.holiday.name)
            lines += [e.label if e.kind == "heading" else f"{e.label} {e.fill_text}"
                      for e in cell.entries]
            return "\n".join(lines)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [format_date_id(cell.date)]
            if cell.holiday:
                lines.append(f"{cell.holiday.kind_label}: {cell.holiday.name}")
            if cell.capacity:
                lines.append(QCoreApplication.translate(
                    "CalendarModel", "{assigned} dari {capacity} tempat terisi").format(
                    assigned=format_count(cell.assigned), capacity=format_count(cell.capacity)))
            return "\n".join(lines)
        if role == CELL_ROLE:
            return cell
        if role == DATE_ROLE:
            return cell.date
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < 7):
            return DAY_NAMES[section]
        return None


@dataclass
class _CellLayout:
    header: QRect
    holiday: QRect | None
    entries: list[tuple[QRect, int]] = field(default_factory=list)
    overflow: QRect | None = None
    hidden: int = 0


class DayDelegate(QStyledItemDelegate):
    """Paints a day: its number, the holiday's name, then one coloured line per entry
    ('08.00  12/40'); '+N lagi' when they do not all fit."""

    PAD = 2

    def __init__(self, model: CalendarModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model

    def entry_font(self, base: QFont) -> QFont:
        font = QFont(base)
        font.setPointSizeF(max(base.pointSizeF() * 0.9, 7.0))
        return font

    def cell_layout(self, rect: QRect, cell: DayCell, base: QFont) -> _CellLayout:
        fm = QFontMetrics(self.entry_font(base))
        head_fm = QFontMetrics(base)
        pad = self.PAD
        left, width = rect.left() + pad, rect.width() - 2 * pad
        header = QRect(left, rect.top() + pad, width, head_fm.height())
        y = header.bottom() + 3
        holiday = None
        if cell.holiday is not None:
            lines = 1 if cell.entries else 2  # room for a longer name on a closed day
            holiday = QRect(left, y, width, fm.height() * lines)
            y = holiday.bottom() + 3
        line = fm.height() + 3
        lines = max((rect.bottom() - pad - y + 1) // line, 0)
        layout = _CellLayout(header, holiday)
        count = len(cell.entries)
        shown = count if count <= lines else max(lines - 1, 0)
        for i in range(shown):
            layout.entries.append((QRect(left, y + i * line, width, line - 2), i))
        if shown < count and lines > 0:
            layout.overflow = QRect(left, y + shown * line, width, line - 2)
            layout.hidden = count - shown
        return layout

    def entry_at(self, rect: QRect, cell: DayCell, pos: QPoint, base: QFont) -> Entry | None:
        for box, i in self.cell_layout(rect, cell, base).entries:
            if box.contains(pos):
                return cell.entries[i]
        return None

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        cell = index.data(CELL_ROLE)
        if not isinstance(cell, DayCell):
            super().paint(painter, option, index)
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        rect = QRect(option.rect)
        if cell.holiday is not None:
            background = HOLIDAY_BG
        elif not cell.in_period:
            background = OTHER_MONTH_BG
        elif cell.date.weekday() >= 5:
            background = WEEKEND_BG
        else:
            background = QColor("#ffffff")
        painter.fillRect(rect, background)
        if cell.holiday is not None:
            painter.fillRect(rect, QBrush(HOLIDAY_HATCH, Qt.BrushStyle.BDiagPattern))
        painter.setPen(QPen(GRID, 1))
        painter.drawLine(rect.topRight(), rect.bottomRight())
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            highlight = option.palette.highlight().color()
            painter.setPen(QPen(highlight, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(1, 1, -2, -2))

        layout = self.cell_layout(rect, cell, option.font)
        dim = not cell.in_period
        # the day number; today in a filled box, holidays in red
        head_font = QFont(option.font)
        head_font.setBold(True)
        painter.setFont(head_font)
        number = str(cell.date.day)
        head_fm = QFontMetrics(head_font)
        if cell.is_today:
            box = QRect(layout.header.left(), layout.header.top(),
                        head_fm.horizontalAdvance(number) + 8, layout.header.height())
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(TODAY_COLOUR)
            painter.drawRoundedRect(box, 3, 3)
            painter.setPen(QColor("#ffffff"))
            painter.drawText(box, _CENTER, number)
            today_text = QCoreApplication.translate("DayDelegate", "hari ini")
            painter.setFont(self.entry_font(option.font))
            painter.setPen(TODAY_COLOUR)
            painter.drawText(layout.header.adjusted(box.width() + 4, 0, 0, 0), _LEFT, today_text)
        else:
            painter.setPen(DIM_TEXT if dim else HOLIDAY_TEXT if cell.holiday or
                           cell.date.weekday() == 6 else TEXT)
            painter.drawText(layout.header, _LEFT, number)

        font = self.entry_font(option.font)
        fm = QFontMetrics(font)
        if layout.holiday is not None and cell.holiday is not None:
            painter.setFont(font)
            painter.setPen(DIM_TEXT if dim else HOLIDAY_TEXT)
            if layout.holiday.height() > fm.height():
                painter.drawText(layout.holiday, int(_LEFT | Qt.AlignmentFlag.AlignTop)
                                 | int(Qt.TextFlag.TextWordWrap), _two_lines(
                                     cell.holiday.name, fm, layout.holiday.width()))
            else:
                painter.drawText(layout.holiday, _LEFT, fm.elidedText(
                    cell.holiday.name, Qt.TextElideMode.ElideRight, layout.holiday.width()))

        for box, i in layout.entries:
            self._paint_entry(painter, box, cell.entries[i], font, dim)
        if layout.overflow is not None:
            painter.setFont(font)
            painter.setPen(DIM_TEXT)
            more = QCoreApplication.translate("DayDelegate", "+{} lagi").format(layout.hidden)
            painter.drawText(layout.overflow.adjusted(4, 0, 0, 0), _LEFT, more)
        painter.restore()

    def _paint_entry(self, painter: QPainter, box: QRect, entry: Entry, font: QFont,
                     dim: bool) -> None:
        fm = QFontMetrics(font)
        if entry.kind == "heading":
            bold = QFont(font)
            bold.setBold(True)
            painter.setFont(bold)
            painter.setPen(DIM_TEXT if dim else TEXT)
            painter.drawText(box.adjusted(1, 0, 0, 0), _LEFT, QFontMetrics(bold).elidedText(
                entry.label, Qt.TextElideMode.ElideRight, box.width() - 1))
            return
        background, accent = FULLNESS_COLOURS[entry.fullness]
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(background.lighter(104) if dim else background)
        painter.drawRoundedRect(box, 3, 3)
        painter.fillRect(QRect(box.left(), box.top(), 3, box.height()), accent)
        if entry.slot_id is not None and entry.slot_id == self.model.selected_slot:
            painter.setPen(QPen(SELECTED_SLOT, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(box.adjusted(1, 1, -1, -1), 3, 3)
        painter.setFont(font)
        painter.setPen(DIM_TEXT if dim else TEXT)
        inner = box.adjusted(5, 0, -2, 0)
        fill = entry.fill_text
        fill_width = fm.horizontalAdvance(fill)
        painter.drawText(inner, _RIGHT, fill)
        label_width = inner.width() - fill_width - 4
        label = _fit_label(entry.label, fm, label_width)
        if label:
            painter.drawText(inner.adjusted(0, 0, -fill_width - 4, 0), _LEFT, label)

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        return QSize(90, 90)


class CalendarView(QTableView):
    """The grid of days. Clicking a line of a day selects that slot (``entry_clicked``);
    PgUp/PgDown change the period; people dragged from the slot's table can be dropped
    on a day or a slot (``people_dropped``)."""

    entry_clicked = Signal(object, object)  # date, Entry
    period_step = Signal(int)  # -1 back, +1 on
    day_step = Signal(int)  # days to move the selection past the grid's edge
    day_activated = Signal(object)  # date (Enter)
    people_dropped = Signal(object, object, object)  # payload dict, date, Entry | None

    def __init__(self, model: CalendarModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendar")
        self.setModel(model)
        self.delegate = DayDelegate(model, self)
        self.setItemDelegate(self.delegate)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setMinimumSectionSize(40)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        header.setMinimumSectionSize(40)
        self.setMouseTracking(True)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDropIndicatorShown(False)

    def entry_at(self, pos: QPoint) -> tuple[DayCell | None, Entry | None]:
        index = self.indexAt(pos)
        if not index.isValid():
            return None, None
        cell = index.data(CELL_ROLE)
        if not isinstance(cell, DayCell):
            return None, None
        return cell, self.delegate.entry_at(self.visualRect(index), cell, pos, self.font())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        super().mousePressEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            cell, entry = self.entry_at(event.position().toPoint())
            if cell is not None and entry is not None:
                self.entry_clicked.emit(cell.date, entry)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        current = self.currentIndex()
        rows = self.model().rowCount()
        if key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            self.period_step.emit(-1 if key == Qt.Key.Key_PageUp else 1)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and current.isValid():
            self.day_activated.emit(current.data(DATE_ROLE))
            return
        if current.isValid() and key == Qt.Key.Key_Down and current.row() == rows - 1:
            self.day_step.emit(7)
            return
        if current.isValid() and key == Qt.Key.Key_Up and current.row() == 0:
            self.day_step.emit(-7)
            return
        super().keyPressEvent(event)

    # drag and drop of people from the slot's table onto a day or a slot
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(PEOPLE_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if not event.mimeData().hasFormat(PEOPLE_MIME):
            event.ignore()
            return
        cell, _entry = self.entry_at(event.position().toPoint())
        if cell is None:
            event.ignore()
            return
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        if not mime.hasFormat(PEOPLE_MIME):
            event.ignore()
            return
        cell, entry = self.entry_at(event.position().toPoint())
        if cell is None:
            event.ignore()
            return
        payload = json.loads(bytes(mime.data(PEOPLE_MIME).data()).decode("utf-8"))
        event.acceptProposedAction()
        self.people_dropped.emit(payload, cell.date, entry)


# --- the day's slots and the slot's people -------------------------------------------------

class DaySlotsModel(RowsModel):
    """The slots of the selected day: Jam, Lokasi, Terisi, Sisa."""

    CONTEXT = "DaySlotsModel"
    COLUMNS = (QT_TRANSLATE_NOOP("DaySlotsModel", "Jam"),
               QT_TRANSLATE_NOOP("DaySlotsModel", "Lokasi"),
               QT_TRANSLATE_NOOP("DaySlotsModel", "Terisi"),
               QT_TRANSLATE_NOOP("DaySlotsModel", "Sisa"))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._names: dict[int, str] = {}

    def set_slots(self, slots: Sequence[SlotInfo], names: dict[int, str] | None = None) -> None:
        """The day's slots; `names` are short location names (the full one is the tip)."""
        self._names = dict(names or {})
        self.set_rows(slots)

    def slot(self, row: int) -> SlotInfo | None:
        return self.row_value(row)

    def row_of(self, slot_id: int | None) -> int | None:
        return self.find_row(lambda slot: slot.id == slot_id)

    def cell(self, slot: SlotInfo, column: int, role: int) -> Any:
        state = fullness(slot.assigned, slot.capacity)
        if role == Qt.ItemDataRole.DisplayRole:
            when = format_time_range(slot.start, slot.end)
            if slot.deliberate:
                when = f"{DELIBERATE_MARK} {when}"
            return (when, self._names.get(slot.location_id, slot.location),
                    f"{slot.assigned}/{slot.capacity}", format_count(slot.free))[column]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column >= 2 else _LEFT
        if role == Qt.ItemDataRole.BackgroundRole and column == 2:
            return FULLNESS_COLOURS[state][0]
        if role == Qt.ItemDataRole.ToolTipRole:
            return _slot_tip(slot)
        if role == Qt.ItemDataRole.UserRole:
            return slot.id
        return None


class SlotPeopleModel(RowsModel):
    """The people of a slot: Nama, NIK (masked), Kelurahan, RW/RT, panggilan ke-, Surat.
    Rows can be dragged onto the calendar."""

    CONTEXT = "SlotPeopleModel"
    COLUMNS = (QT_TRANSLATE_NOOP("SlotPeopleModel", "Nama"),
               QT_TRANSLATE_NOOP("SlotPeopleModel", "NIK"),
               QT_TRANSLATE_NOOP("SlotPeopleModel", "Kelurahan"),
               QT_TRANSLATE_NOOP("SlotPeopleModel", "RW/RT"),
               QT_TRANSLATE_NOOP("SlotPeopleModel", "Ke-"),
               QT_TRANSLATE_NOOP("SlotPeopleModel", "Surat"))
    ROW_FLAGS = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                 | Qt.ItemFlag.ItemIsDragEnabled)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slot_id: int | None = None
        self.masked = True
        self._regions = regions.default_table()

    def set_people(self, slot_id: int | None, people: Sequence[SlotPerson],
                   masked: bool = True) -> None:
        self.slot_id = slot_id
        self.masked = masked
        self.set_rows(people)

    def person(self, row: int) -> SlotPerson | None:
        return self.row_value(row)

    def people(self) -> list[SlotPerson]:
        return self.rows()

    def cell(self, person: SlotPerson, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return person.name
            if column == 1:
                return nik_rules.mask(person.nik) if self.masked else person.nik
            if column == 2:
                return self._regions.kelurahan_name(person.kelurahan_code) or "–"
            if column == 3:
                return f"{person.rw or '–'}/{person.rt or '–'}"
            if column == 4:
                return str(person.round)
            return QCoreApplication.translate("SlotPeopleModel",
                                              LETTER_SHORT.get(person.letter, person.letter))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _CENTER if column in (3, 4) else _LEFT
        if role == Qt.ItemDataRole.ToolTipRole and column in (0, 2):
            return self.cell(person, column, Qt.ItemDataRole.DisplayRole)
        if role == Qt.ItemDataRole.ToolTipRole and column == 5:
            return scheduling.LETTER_LABELS.get(person.letter, person.letter)
        if role == Qt.ItemDataRole.ForegroundRole and column == 5 and \
                person.letter == scheduling.LETTER_REPRINT:
            return REPRINT_TEXT
        if role == Qt.ItemDataRole.UserRole:
            return person.person_id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal \
                and section == 4:
            return QCoreApplication.translate("SlotPeopleModel", "Panggilan ke-")
        return super().headerData(section, orientation, role)

    def mimeTypes(self) -> list[str]:
        return [PEOPLE_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        ids = [self._rows[r].person_id for r in rows if r < len(self._rows)]
        mime = QMimeData()
        payload = {"slot_id": self.slot_id, "person_ids": ids,
                   "names": [self._rows[r].name for r in rows if r < len(self._rows)]}
        mime.setData(PEOPLE_MIME, QByteArray(json.dumps(payload).encode("utf-8")))
        return mime

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction


# --- small dialogs for one slot ------------------------------------------------------------

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
        start, end = _hhmm(self.start.time()), _hhmm(self.end.time())
        if loc is None or start >= end:
            return
        self._updating = True
        self.capacity.setValue(max(calendar.slot_capacity(loc.capacity_per_hour,
                                                          Interval(start, end)), 1))
        self._updating = False

    def _job(self) -> tuple[Any, tuple, dict]:
        return (scheduling.add_slot,
                (self.location.currentData(), to_date(self.date.date()),
                 _hhmm(self.start.time()), _hhmm(self.end.time())),
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
                (self.slot.id, to_date(self.date.date()), _hhmm(self.start.time()),
                 _hhmm(self.end.time())),
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
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.ok_button)
        buttons.addWidget(self.no_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(info)
        layout.addLayout(form)
        layout.addLayout(buttons)
        _fit(self, 520)


# --- the page -------------------------------------------------------------------------------

class JadwalPage(QWidget):
    """The Jadwal page.

    Signals: ``loaded`` when the calendar shows the data of the visible range;
    ``slot_loaded`` when the selected slot's people are shown; ``notice_changed(str)`` when
    the page reports the outcome of an action.
    """

    loaded = Signal()
    slot_loaded = Signal()
    notice_changed = Signal(str)

    def __init__(self, db: pw.Database, runner: JobRunner, bus: ChangeBus | None = None,
                 parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("jadwalPage")
        self.db = db
        self.runner = runner
        self.bus = bus
        self.today = today or clock.today()
        self.mode = MONTH
        self.anchor = self.today
        self.selected_day = self.today
        self.selected_slot_id: int | None = None
        self.slot: SlotInfo | None = None
        self.dialog: QDialog | None = None  # the dialog opened last (tests drive it)
        self._dialogs: list[QDialog] = []
        self._range: RangeData | None = None
        self._range_generation = 0
        self._slot_generation = 0
        self._range_loading = False
        self.locations: list[Location] = scheduling.list_locations(db)
        self.short_names = short_names(self.locations)
        self._build()
        self._connect()
        if bus is not None:
            bus.changed.connect(self._on_changes)
        self._show_period()

    # --- layout ------------------------------------------------------------------------
    def _build(self) -> None:
        title = QLabel(self.tr("Jadwal"))
        title.setObjectName("pageTitle")
        title_font = title.font()
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.3)
        title.setFont(title_font)

        self.location = QComboBox()
        self.location.setObjectName("location")
        self.location.addItem(self.tr("Semua lokasi"), None)
        for loc in self.locations:
            self.location.addItem(loc.name, loc.id)
        self.location.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.location.setToolTip(self.tr("Tampilkan sesi semua lokasi atau satu lokasi"))
        location_label = buddy_label(self.tr("Lo&kasi:"), self.location)

        self.week_button = QToolButton()
        self.week_button.setObjectName("weekButton")
        self.week_button.setText(self.tr("&Minggu"))
        self.month_button = QToolButton()
        self.month_button.setObjectName("monthButton")
        self.month_button.setText(self.tr("B&ulan"))
        self.view_group = QButtonGroup(self)
        for button in (self.week_button, self.month_button):
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            self.view_group.addButton(button)
        self.month_button.setChecked(True)

        self.prev_button = QToolButton()
        self.prev_button.setObjectName("prevButton")
        self.prev_button.setText("‹")
        self.prev_button.setShortcut(QKeySequence("Ctrl+PgUp"))
        self.prev_button.setToolTip(self.tr("Sebelumnya (Ctrl+PgUp)"))
        self.today_button = QToolButton()
        self.today_button.setObjectName("todayButton")
        self.today_button.setText(self.tr("Hari &ini"))
        self.today_button.setShortcut(QKeySequence("Ctrl+T"))
        self.today_button.setToolTip(self.tr("Kembali ke hari ini (Ctrl+T)"))
        self.next_button = QToolButton()
        self.next_button.setObjectName("nextButton")
        self.next_button.setText("›")
        self.next_button.setShortcut(QKeySequence("Ctrl+PgDown"))
        self.next_button.setToolTip(self.tr("Berikutnya (Ctrl+PgDown)"))
        self.period = QLabel()
        self.period.setObjectName("period")
        period_font = self.period.font()
        period_font.setBold(True)
        period_font.setPointSizeF(period_font.pointSizeF() * 1.2)
        self.period.setFont(period_font)
        self.busy = QLabel(self.tr("Memuat…"))
        self.busy.setObjectName("busy")
        self.busy.setEnabled(False)
        self.busy.setVisible(False)
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(BUSY_DELAY_MS)
        self._busy_timer.timeout.connect(lambda: self.busy.setVisible(self._range_loading))

        bar = QHBoxLayout()
        bar.addWidget(title)
        bar.addSpacing(12)
        bar.addWidget(location_label)
        bar.addWidget(self.location)
        bar.addSpacing(12)
        bar.addWidget(self.week_button)
        bar.addWidget(self.month_button)
        bar.addSpacing(12)
        bar.addWidget(self.prev_button)
        bar.addWidget(self.today_button)
        bar.addWidget(self.next_button)
        bar.addSpacing(8)
        bar.addWidget(self.period)
        bar.addWidget(self.busy)
        bar.addStretch(1)

        self.auto_button = self._action(self.tr("Jadwalkan &otomatis…"), "Ctrl+J",
                                        self.tr("Menjadwalkan banyak warga sekaligus, dengan "
                                                "pratinjau sebelum disimpan"), "autoButton")
        self.add_button = self._action(self.tr("&Tambah sesi…"), "Ctrl+N",
                                       self.tr("Membuka sesi baru, juga sesi khusus di akhir "
                                               "pekan atau hari libur"), "addButton")
        self.cancel_button = self._action(self.tr("&Batalkan sesi…"), "Ctrl+Del",
                                          self.tr("Membatalkan sesi terpilih; orangnya "
                                                  "dipindah ke sesi berikutnya"),
                                          "cancelButton")
        self.move_slot_button = self._action(self.tr("Pindahkan &sesi…"), "Ctrl+M",
                                             self.tr("Memindahkan sesi terpilih beserta "
                                                     "orangnya ke waktu lain"), "moveSlotButton")
        self.move_people_button = self._action(self.tr("Pindahkan o&rang…"), "Ctrl+Shift+M",
                                               self.tr("Memindahkan warga yang dipilih di "
                                                       "tabel ke sesi lain (atau seret ke "
                                                       "kalender)"), "movePeopleButton")
        self.holiday_button = self._action(self.tr("Hari &libur…"), "Ctrl+L",
                                           self.tr("Daftar hari libur dan cuti bersama"),
                                           "holidayButton")
        actions = QHBoxLayout()
        for button in (self.auto_button, self.add_button, self.cancel_button,
                       self.move_slot_button, self.move_people_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.holiday_button)

        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setStyleSheet(NOTICE_STYLE)
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.setVisible(False)

        self.calendar_model = CalendarModel(self)
        self.calendar = CalendarView(self.calendar_model)
        legend = QLabel(self._legend_html())
        legend.setObjectName("legend")
        legend.setTextFormat(Qt.TextFormat.RichText)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.calendar, 1)
        left_layout.addWidget(legend)

        self.detail = self._build_detail()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("splitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setCollapsible(0, False)
        self.splitter.setSizes([580, 520])

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(actions)
        layout.addWidget(self.notice)
        layout.addWidget(self.splitter, 1)

    def _action(self, text: str, shortcut: str, tip: str, name: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setShortcut(QKeySequence(shortcut))
        native = QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)
        button.setToolTip(f"{tip} ({native})")
        return button

    def _legend_html(self) -> str:
        parts = []
        for state, (background, accent) in FULLNESS_COLOURS.items():
            parts.append(f"<span style='background-color:{background.name()};"
                         f"color:{accent.name()}'>&nbsp;■&nbsp;</span>&nbsp;"
                         f"{self.tr(FULLNESS_LABELS[state])}")
        parts.append(f"<b style='color:{HOLIDAY_TEXT.name()}'>14</b>&nbsp;"
                     f"<span style='color:{HOLIDAY_TEXT.name()}'>"
                     f"{self.tr('Hari libur / cuti bersama')}</span>")
        parts.append(f"{DELIBERATE_MARK}&nbsp;{self.tr('Sesi khusus')}")
        return "&nbsp;&nbsp;&nbsp;".join(parts)

    def _build_detail(self) -> QWidget:
        pane = QFrame()
        pane.setObjectName("detail")
        pane.setMinimumWidth(380)
        self.day_title = QLabel()
        self.day_title.setObjectName("dayTitle")
        day_font = self.day_title.font()
        day_font.setBold(True)
        day_font.setPointSizeF(day_font.pointSizeF() * 1.15)
        self.day_title.setFont(day_font)
        self.day_holiday = QLabel()
        self.day_holiday.setObjectName("dayHoliday")
        self.day_holiday.setStyleSheet(f"color: {HOLIDAY_TEXT.name()};")
        self.day_holiday.setWordWrap(True)

        self.day_model = DaySlotsModel(self)
        self.day_table = self._table(self.day_model, "daySlots",
                                     QAbstractItemView.SelectionMode.SingleSelection, stretch=1)
        self.day_empty = QLabel()
        self.day_empty.setObjectName("dayEmpty")
        self.day_empty.setEnabled(False)
        self.day_empty.setWordWrap(True)

        self.slot_box = QGroupBox(self.tr("Sesi"))
        self.slot_box.setObjectName("slotBox")
        form = QFormLayout(self.slot_box)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.slot_fields: dict[str, QLabel] = {}
        for key, label in (("location", self.tr("Lokasi")), ("date", self.tr("Tanggal")),
                           ("hours", self.tr("Jam")), ("capacity", self.tr("Kapasitas")),
                           ("note", self.tr("Keterangan"))):
            value = QLabel()
            value.setObjectName(f"slot_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.slot_fields[key] = value
            form.addRow(label, value)
        self.slot_form = form
        self.slot_empty = QLabel(self.tr("Pilih sesi di kalender atau di daftar sesi hari "
                                         "itu."))
        self.slot_empty.setObjectName("slotEmpty")
        self.slot_empty.setEnabled(False)
        self.slot_empty.setWordWrap(True)

        self.people_label = QLabel()
        self.people_label.setObjectName("peopleLabel")
        self.people_model = SlotPeopleModel(self)
        self.people_table = self._table(self.people_model, "people",
                                        QAbstractItemView.SelectionMode.ExtendedSelection)
        self.people_table.setDragEnabled(True)
        self.people_table.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.people_table.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.people_table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.people_table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.people_table.horizontalHeader()
        header.setStretchLastSection(False)
        metrics = self.people_table.fontMetrics()
        # sized to typical values, never measured over the rows; the name takes the rest
        self._people_widths = [metrics.horizontalAdvance(sample) + 10 for sample in (
            "MUHAMMAD NUR SAPUTRA", "3375 01•• •••• 0000", "Pringrejo", "000/000",
            "Ke-", "Sudah dicetak")]
        for column, width in enumerate(self._people_widths):
            header.resizeSection(column, width)
        self.people_table.viewport().installEventFilter(self)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.day_title)
        top_layout.addWidget(self.day_holiday)
        top_layout.addWidget(self.day_table, 1)
        top_layout.addWidget(self.day_empty)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.slot_box)
        bottom_layout.addWidget(self.slot_empty)
        bottom_layout.addWidget(self.people_label)
        bottom_layout.addWidget(self.people_table, 1)
        self.detail_splitter = QSplitter(Qt.Orientation.Vertical)
        self.detail_splitter.setObjectName("detailSplitter")
        self.detail_splitter.addWidget(top)
        self.detail_splitter.addWidget(bottom)
        self.detail_splitter.setSizes([200, 460])
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addWidget(self.detail_splitter)
        return pane

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.people_table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_people_columns()
        return super().eventFilter(watched, event)

    def _fit_people_columns(self) -> None:
        """The name column takes what the others leave (never less than a short name);
        below that the table scrolls sideways."""
        header = self.people_table.horizontalHeader()
        others = sum(w for column, w in enumerate(self._people_widths)
                     if column and not self.people_table.isColumnHidden(column))
        room = self.people_table.viewport().width() - others
        header.resizeSection(0, max(room, self._people_widths[0] * 2 // 3))

    def _table(self, model: RowsModel, name: str, selection: QAbstractItemView.SelectionMode,
               *, stretch: int | None = None) -> QTableView:
        """A read-only rows table of the detail pane: one line a row, fixed row height."""
        table = rows_table(model, name, self, selection=selection, stretch=stretch)
        table.setWordWrap(False)
        table.setCornerButtonEnabled(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.horizontalHeader().setHighlightSections(False)
        return table

    def _connect(self) -> None:
        self.location.currentIndexChanged.connect(self._on_location)
        self.week_button.clicked.connect(lambda: self.set_view(WEEK))
        self.month_button.clicked.connect(lambda: self.set_view(MONTH))
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.today_button.clicked.connect(self.go_today)
        self.calendar.selectionModel().currentChanged.connect(self._on_current_day)
        self.calendar.entry_clicked.connect(self._on_entry_clicked)
        self.calendar.period_step.connect(self.step)
        self.calendar.day_step.connect(
            lambda days: self.show_date(self.selected_day + dt.timedelta(days=days)))
        self.calendar.day_activated.connect(self._focus_day_table)
        self.calendar.people_dropped.connect(self._on_people_dropped)
        self.day_table.selectionModel().currentRowChanged.connect(self._on_day_row)
        self.people_table.selectionModel().selectionChanged.connect(
            lambda *_: self._update_buttons())
        self.auto_button.clicked.connect(self.open_auto_schedule)
        self.add_button.clicked.connect(self.open_add_slot)
        self.cancel_button.clicked.connect(self.open_cancel_slot)
        self.move_slot_button.clicked.connect(self.open_move_slot)
        self.move_people_button.clicked.connect(self.open_move_people)
        self.holiday_button.clicked.connect(self.open_holidays)

    # --- the public face: navigation ---------------------------------------------------
    @property
    def location_id(self) -> int | None:
        return self.location.currentData()

    def set_location(self, location_id: int | None) -> None:
        self.location.setCurrentIndex(max(self.location.findData(location_id), 0))

    def set_view(self, mode: str) -> None:
        self.mode = mode
        (self.week_button if mode == WEEK else self.month_button).setChecked(True)
        self.anchor = self.selected_day
        self._show_period()

    def step(self, steps: int) -> None:
        """One week or month on (positive) or back."""
        self.anchor = shift(self.anchor, self.mode, steps)
        offset = 7 * steps if self.mode == WEEK else None
        if offset is not None:
            self.selected_day += dt.timedelta(days=offset)
        else:
            self.selected_day = self.anchor
        self._show_period()

    def go_today(self) -> None:
        self.show_date(self.today)

    def show_date(self, day: dt.date, slot_id: int | None = None) -> None:
        """Show the period holding `day`, select it (and a slot of it)."""
        self.anchor = day
        self.selected_day = day
        if slot_id is not None:
            self._select_slot(slot_id)
        self._show_period()

    def select_slot(self, slot_id: int) -> None:
        """Select a slot of the visible range (its day, its row, its people)."""
        for slot in self._range.slots if self._range else []:
            if slot.id == slot_id:
                self._set_day(slot.date)
                self._select_slot(slot_id)
                return

    def visible_range(self) -> tuple[dt.date, dt.date]:
        days = grid_dates(self.anchor, self.mode)
        return days[0], days[-1]

    def visible_slots(self) -> list[SlotInfo]:
        return list(self._range.slots) if self._range else []

    def refresh(self) -> None:
        """Read the visible range again (and the selected slot's people)."""
        self._load_range()
        if self.selected_slot_id is not None:
            self._load_slot(self.selected_slot_id)

    # --- the public face: actions ------------------------------------------------------
    def open_auto_schedule(self) -> AutoScheduleDialog:
        start = max(self.selected_day, self.today + dt.timedelta(days=1))
        dialog = AutoScheduleDialog(self.db, self.runner, self, today=self.today,
                                    date_from=start)
        dialog.saved.connect(lambda result: self._after_auto(dialog, result))
        return self._open(dialog)

    def open_add_slot(self) -> AddSlotDialog:
        location_id = self.location_id or (self.slot.location_id if self.slot else None)
        dialog = AddSlotDialog(self.runner, self.locations, max(self.selected_day, self.today),
                               self, location_id=location_id, today=self.today)
        dialog.done.connect(lambda result: self._after_add(dialog, result))
        return self._open(dialog)

    def open_cancel_slot(self) -> CancelSlotDialog | None:
        slot = self.slot
        if slot is None:
            return None
        dialog = CancelSlotDialog(slot, self)
        dialog.accepted.connect(lambda: self._cancel_slot(slot, dialog.reason.text(),
                                                          dialog.relocate.isChecked()))
        return self._open(dialog)

    def open_move_slot(self) -> MoveSlotDialog | None:
        slot = self.slot
        if slot is None:
            return None
        printed = self._printed_count()
        dialog = MoveSlotDialog(self.runner, slot, self.locations, self, today=self.today)
        dialog.done.connect(lambda result: self._after_move_slot(dialog, slot, result, printed))
        return self._open(dialog)

    def open_move_people(self, person_ids: Sequence[int] | None = None, *,
                         date_from: dt.date | None = None,
                         location_id: int | None = None) -> MovePeopleDialog | None:
        slot = self.slot
        if slot is None:
            return None
        chosen = self.selected_people() if person_ids is None else [
            p for p in self.people_model.people() if p.person_id in set(person_ids)]
        if not chosen:
            return None
        dialog = MovePeopleDialog(self.db, self.runner, slot, [p.person_id for p in chosen],
                                  [p.name for p in chosen], self, today=self.today,
                                  locations=self.locations, date_from=date_from,
                                  location_id=location_id)
        printed = sum(1 for p in chosen if p.letter in PRINTED)
        dialog.moved.connect(lambda result: self._after_move_people(dialog, result, printed))
        return self._open(dialog)

    def open_holidays(self) -> HolidayDialog:
        dialog = HolidayDialog(self.db, self.runner, self, year=self.selected_day.year,
                               today=self.today)
        return self._open(dialog)

    def selected_people(self) -> list[SlotPerson]:
        rows = sorted(i.row() for i in self.people_table.selectionModel().selectedRows())
        return [p for p in (self.people_model.person(r) for r in rows) if p is not None]

    def select_people(self, person_ids: Iterable[int]) -> None:
        wanted = set(person_ids)
        selection = self.people_table.selectionModel()
        selection.clearSelection()
        for row in range(self.people_model.rowCount()):
            person = self.people_model.person(row)
            if person is not None and person.person_id in wanted:
                selection.select(self.people_model.index(row, 0),
                                 QItemSelectionModel.SelectionFlag.Select
                                 | QItemSelectionModel.SelectionFlag.Rows)

    def notice_text(self) -> str:
        return self.notice.text() if self.notice.isVisible() else ""

    # --- loading -----------------------------------------------------------------------
    def _show_period(self) -> None:
        days = grid_dates(self.anchor, self.mode)
        if not days[0] <= self.selected_day <= days[-1]:
            self.selected_day = self.anchor
        self.period.setText(period_text(self.anchor, self.mode))
        same_grid = [c.date for c in self.calendar_model.cells()] == days
        if not same_grid:
            # the new grid at once (numbers, no slots yet); the slots follow from the reader
            self._range = None
            self._set_cells([])
        self._load_range()

    def _load_range(self) -> None:
        first, last = self.visible_range()
        self._range_generation += 1
        generation = self._range_generation
        location_id = self.location_id
        self._range_loading = True
        self._busy_timer.start()
        self.runner.run_read(load_range, first, last,
                             None if location_id is None else [location_id],
                             on_success=lambda data: self._range_loaded(generation, data),
                             on_failure=lambda error: self._range_failed(generation, error))

    def _range_loaded(self, generation: int, data: RangeData) -> None:
        if generation != self._range_generation:
            return  # a newer period or filter was asked for meanwhile
        self._range_loading = False
        self._busy_timer.stop()
        self.busy.setVisible(False)
        if data.locations and data.locations != self.locations:
            self._set_locations(data.locations)
        self._range = data
        self._set_cells(data.slots, data.holidays)
        self.loaded.emit()

    def _range_failed(self, generation: int, error: BaseException) -> None:
        if generation != self._range_generation:
            return
        self._range_loading = False
        self._busy_timer.stop()
        self.busy.setVisible(False)
        self._say_error(error)
        self.loaded.emit()

    def _set_cells(self, slots: Sequence[SlotInfo],
                   holidays: dict[dt.date, Holiday] | None = None) -> None:
        days = grid_dates(self.anchor, self.mode)
        cells = build_cells(days, self.mode, self.anchor, slots, holidays or {},
                            self.short_names, all_locations=self.location_id is None,
                            today=self.today)
        self.calendar_model.set_cells(cells)
        index = self.calendar_model.index_of(self.selected_day)
        if index.isValid() and self.calendar.currentIndex() != index:
            self.calendar.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self._show_day()

    def _load_slot(self, slot_id: int) -> None:
        self._slot_generation += 1
        generation = self._slot_generation
        self.runner.run_read(load_slot, slot_id,
                             on_success=lambda detail: self._slot_loaded(generation, detail),
                             on_failure=lambda error: self._slot_failed(generation, error))

    def _slot_loaded(self, generation: int, detail: SlotDetail) -> None:
        if generation != self._slot_generation or detail.slot.id != self.selected_slot_id:
            return
        if detail.slot.cancelled:
            self._select_slot(None)
            self.slot_loaded.emit()
            return
        self.slot = detail.slot
        self._fill_slot_fields(detail.slot)
        keep = {p.person_id for p in self.selected_people()}
        self.people_model.set_people(detail.slot.id, detail.people, detail.masked)
        # the round matters from the second call on; without one it only takes room
        self.people_table.setColumnHidden(4, all(p.round == 1 for p in detail.people))
        self._fit_people_columns()
        if keep:
            self.select_people(keep)
        count = len(detail.people)
        self.people_label.setText(self.tr("{n} orang dipanggil ke sesi ini").format(
            n=format_count(count)) if count else self.tr("Belum ada yang dipanggil ke sesi "
                                                          "ini."))
        self._update_buttons()
        self.slot_loaded.emit()

    def _slot_failed(self, generation: int, error: BaseException) -> None:
        if generation != self._slot_generation:
            return
        self._select_slot(None)
        if not (isinstance(error, UserError) and error.message_id == "sched_slot_missing"):
            self._say_error(error)
        self.slot_loaded.emit()

    def _set_locations(self, locations: list[Location]) -> None:
        """A location was added, renamed or closed: the filter follows (keeping its
        choice when the location is still there)."""
        self.locations = locations
        self.short_names = short_names(locations)
        keep = self.location.currentData()
        self.location.blockSignals(True)
        self.location.clear()
        self.location.addItem(self.tr("Semua lokasi"), None)
        for loc in locations:
            self.location.addItem(loc.name, loc.id)
        found = self.location.findData(keep) if keep else 0
        self.location.setCurrentIndex(max(found, 0))
        self.location.blockSignals(False)
        if found < 0:  # the location shown is gone: show them all
            self._load_range()

    # --- selection ---------------------------------------------------------------------
    def _on_location(self) -> None:
        self._load_range()  # the same days: the cells change when the answer comes

    def _on_current_day(self, current: QModelIndex, _previous: QModelIndex) -> None:
        day = current.data(DATE_ROLE) if current.isValid() else None
        if isinstance(day, dt.date) and day != self.selected_day:
            self.selected_day = day
            self._show_day()

    def _set_day(self, day: dt.date) -> None:
        self.selected_day = day
        index = self.calendar_model.index_of(day)
        if index.isValid():
            self.calendar.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self._show_day()

    def _on_entry_clicked(self, day: dt.date, entry: Entry) -> None:
        if day != self.selected_day:
            self._set_day(day)
        if entry.slot_id is not None:
            self._select_slot(entry.slot_id)
        else:  # a location's day total or heading: its first slot of the day
            for slot in self._day_slots(day):
                if slot.location_id == entry.location_id:
                    self._select_slot(slot.id)
                    break

    def _day_slots(self, day: dt.date) -> list[SlotInfo]:
        if self._range is None:
            return []
        slots = [s for s in self._range.slots if s.date == day]
        return sorted(slots, key=lambda s: (s.start, s.location_id))

    def _show_day(self) -> None:
        day = self.selected_day
        self.day_title.setText(format_date_id(day))
        holiday = self._range.holidays.get(day) if self._range else None
        self.day_holiday.setText(self.tr("{kind}: {name}").format(
            kind=holiday.kind_label, name=holiday.name) if holiday else "")
        self.day_holiday.setVisible(holiday is not None)
        slots = self._day_slots(day)
        self.day_model.set_slots(slots, self.short_names)
        if self._range is None:
            self.day_empty.setText(self.tr("Memuat…"))
        elif not slots:
            self.day_empty.setText(self.tr("Tidak ada sesi pada hari ini."))
        else:
            total = sum(s.capacity for s in slots)
            assigned = sum(s.assigned for s in slots)
            self.day_empty.setText(self.tr("{n} sesi · {assigned} dari {total} tempat terisi"
                                           ).format(n=len(slots), assigned=format_count(assigned),
                                                    total=format_count(total)))
        self.day_empty.setEnabled(bool(slots))
        row = self.day_model.row_of(self.selected_slot_id)
        if row is not None:
            self.day_table.selectionModel().setCurrentIndex(
                self.day_model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            slot = self.day_model.slot(row)
            if slot is not None and self.slot is not None and slot.id == self.slot.id:
                self.slot = slot  # fresh counts from the range read
                self._fill_slot_fields(slot)
        elif (self.selected_slot_id is not None and self._range is not None
              and not self._range_loading):
            still_there = any(s.id == self.selected_slot_id for s in self._range.slots)
            if not still_there:
                self._select_slot(None)
        self._update_buttons()

    def _on_day_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        slot = self.day_model.slot(current.row()) if current.isValid() else None
        if slot is not None and slot.id != self.selected_slot_id:
            self._select_slot(slot.id)

    def _focus_day_table(self, _day: dt.date) -> None:
        self.day_table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if self.day_model.rowCount() and not self.day_table.currentIndex().isValid():
            self.day_table.selectRow(0)

    def _select_slot(self, slot_id: int | None) -> None:
        changed = slot_id != self.selected_slot_id
        self.selected_slot_id = slot_id
        self.calendar_model.set_selected_slot(slot_id)
        if slot_id is None:
            self.slot = None
            self.people_model.set_people(None, [])
            self._fill_slot_fields(None)
            self.people_label.setText("")
            self.day_table.clearSelection()
            self._update_buttons()
            return
        slot = next((s for s in self.visible_slots() if s.id == slot_id), None)
        if slot is None:  # not in the range read yet (just made): wait for its detail
            self.slot = None
            self._fill_slot_fields(None)
        else:
            self.slot = slot
            self._fill_slot_fields(slot)
            row = self.day_model.row_of(slot_id)
            if row is not None and self.day_table.currentIndex().row() != row:
                self.day_table.selectionModel().setCurrentIndex(
                    self.day_model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows)
        if changed:
            self.people_model.set_people(slot_id, [])
            self.people_label.setText(self.tr("Memuat…"))
        self._update_buttons()
        self._load_slot(slot_id)

    def _fill_slot_fields(self, slot: SlotInfo | None) -> None:
        self.slot_box.setVisible(slot is not None)
        self.slot_empty.setVisible(slot is None)
        self.people_table.setVisible(slot is not None)
        if slot is None:
            return
        f = self.slot_fields
        f["location"].setText(slot.location)
        f["date"].setText(format_date_id(slot.date))
        f["hours"].setText(format_time_range(slot.start, slot.end))
        state = FULLNESS_LABELS[fullness(slot.assigned, slot.capacity)]
        f["capacity"].setText(self.tr("{capacity} orang · {assigned} terisi · {free} sisa "
                                      "({state})").format(
            capacity=format_count(slot.capacity), assigned=format_count(slot.assigned),
            free=format_count(slot.free), state=self.tr(state)))
        notes = []
        if slot.deliberate:
            notes.append(self.tr("Sesi khusus (dibuka di luar jam layanan biasa)"))
        if slot.name:
            notes.append(slot.name)
        f["note"].setText("; ".join(notes) or "–")

    def _update_buttons(self) -> None:
        slot = self.slot
        usable = slot is not None and slot.date >= self.today
        self.cancel_button.setEnabled(usable)
        self.move_slot_button.setEnabled(usable)
        self.move_people_button.setEnabled(usable and bool(self.selected_people()))

    # --- after the actions -------------------------------------------------------------
    def _open(self, dialog: Any) -> Any:
        # A closed dialog is kept until the next one opens (its results stay readable) and
        # while a job it started is still running (the job reports back to it).
        for old in list(self._dialogs):
            if not old.isVisible() and not getattr(old, "busy", False):
                self._dialogs.remove(old)
                old.deleteLater()
        self._dialogs.append(dialog)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _say(self, text: str) -> None:
        self.notice.setStyleSheet(NOTICE_STYLE)
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
        self.notice_changed.emit(text)

    def _say_error(self, error: BaseException) -> None:
        if isinstance(error, Cancelled):
            self._say(self.tr("Dibatalkan. Tidak ada yang diubah."))
            return
        self._say(error_text(error))
        self.notice.setStyleSheet(NOTICE_STYLE + f" QLabel#notice {{ {ERROR_STYLE} }}")

    def _printed_count(self, excluding: Iterable[int] = ()) -> int:
        skip = set(excluding)
        return sum(1 for p in self.people_model.people()
                   if p.letter in PRINTED and p.person_id not in skip)

    def _reprint_text(self, printed: int) -> str:
        if printed:
            return self.tr("Surat {n} orang yang sudah dicetak ditandai perlu dicetak ulang."
                           ).format(n=format_count(printed))
        return self.tr("Surat mereka belum dicetak, jadi nanti dicetak dengan jadwal baru.")

    def _after_auto(self, dialog: AutoScheduleDialog, result: scheduling.ApplyResult) -> None:
        plan = dialog.plan
        self._say(self.tr("{n} warga dijadwalkan ({slots} sesi baru). Surat panggilan dapat "
                          "dicetak di halaman Surat.").format(
            n=format_count(result.scheduled), slots=format_count(result.slots_created)))
        if plan is not None and plan.slots:
            self.show_date(min(s.date for s in plan.slots))

    def _after_add(self, dialog: AddSlotDialog, result: SlotResult) -> None:
        day = to_date(dialog.date.date())
        when = format_time_range(_hhmm(dialog.start.time()), _hhmm(dialog.end.time()))
        text = self.tr("Sesi {location}, {date} {when} ditambahkan.").format(
            location=dialog.location.currentText(), date=format_date_id(day), when=when)
        if dialog.deliberate:
            text += " " + self.tr("(sesi khusus)")
        self._say(text)
        self.show_date(day, result.slot_id)

    def _cancel_slot(self, slot: SlotInfo, reason: str, relocate: bool) -> None:
        people = self.people_model.people() if self.people_model.slot_id == slot.id else []
        self.runner.run_write(
            scheduling.cancel_slot, slot.id, reason=reason.strip() or None, relocate=relocate,
            today=self.today, title=self.tr("Membatalkan sesi"),
            on_success=lambda result: self._after_cancel(slot, people, result),
            on_failure=self._say_error)

    def _after_cancel(self, slot: SlotInfo, people: list[SlotPerson],
                      result: MoveResult) -> None:
        unplaced = set(result.unplaced)
        printed = sum(1 for p in people if p.letter in PRINTED and p.person_id not in unplaced)
        text = self.tr("Sesi {slot} dibatalkan.").format(slot=slot.label)
        if result.moved:
            text += " " + self.tr("{n} orang dipindah ke sesi berikutnya.").format(
                n=format_count(result.moved))
            text += " " + self._reprint_text(printed)
        if result.unplaced:
            text += " " + self.tr("{n} orang tidak mendapat tempat dan kembali berstatus "
                                  "belum dipanggil.").format(n=format_count(len(unplaced)))
        self._select_slot(None)
        self._say(text)

    def _after_move_slot(self, dialog: MoveSlotDialog, old: SlotInfo, result: MoveResult,
                         printed: int) -> None:
        day = to_date(dialog.date.date())
        when = format_time_range(_hhmm(dialog.start.time()), _hhmm(dialog.end.time()))
        text = self.tr("Sesi {old} dipindah ke {date} {when}; {n} orang ikut pindah.").format(
            old=old.label, date=format_date_id(day), when=when, n=format_count(result.moved))
        if result.moved:
            text += " " + self._reprint_text(printed)
        self._say(text)
        self.show_date(day, result.slot_ids[0] if result.slot_ids else None)

    def _after_move_people(self, dialog: MovePeopleDialog, result: MoveResult,
                           printed: int) -> None:
        target = dialog.chosen()
        where = target.label if target is not None else ""
        text = self.tr("{n} orang dipindah ke {slot}.").format(n=format_count(result.moved),
                                                              slot=where)
        if result.moved:
            text += " " + self._reprint_text(printed)
        self._say(text)

    def _on_people_dropped(self, payload: dict, day: dt.date, entry: Entry | None) -> None:
        person_ids = [int(i) for i in payload.get("person_ids", [])]
        source = payload.get("slot_id")
        if not person_ids or source is None or source != self.selected_slot_id:
            return
        if entry is not None and entry.slot_id is not None:
            if entry.slot_id == source:
                return
            chosen = [p for p in self.people_model.people() if p.person_id in set(person_ids)]
            printed = sum(1 for p in chosen if p.letter in PRINTED)
            target = next((s for s in self.visible_slots() if s.id == entry.slot_id), None)
            self.runner.run_write(
                scheduling.move_people, person_ids, entry.slot_id, today=self.today,
                on_success=lambda result: self._after_drop(target, result, printed),
                on_failure=self._say_error)
            return
        self.open_move_people(person_ids, date_from=day,
                              location_id=entry.location_id if entry is not None else None)

    def _after_drop(self, target: SlotInfo | None, result: MoveResult, printed: int) -> None:
        text = self.tr("{n} orang dipindah ke {slot}.").format(
            n=format_count(result.moved), slot=target.label if target else "")
        if result.moved:
            text += " " + self._reprint_text(printed)
        self._say(text)

    def _on_changes(self, changes: Changes) -> None:
        if changes.schedule or changes.people:
            self.refresh()

