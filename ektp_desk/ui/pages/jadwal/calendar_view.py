"""The calendar of the Jadwal page: the cells a range of days makes (:func:`build_cells`), the
model holding them, the delegate painting a day, and the view (clicks on a slot's line, PgUp
/ PgDown, people dropped on a day or a slot)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from ektp_desk.core.calendar import DAY_NAMES, Holiday, format_date_id, format_time
from ektp_desk.core.people import format_count
from ektp_desk.core.scheduling import SlotInfo
from ektp_desk.ui import theme
from ektp_desk.ui.models.rows_model import ALIGN_CENTER, ALIGN_LEFT, ALIGN_RIGHT
from ektp_desk.ui.pages.jadwal.calendar_helpers import (
    DELIBERATE_MARK,
    EMPTY,
    FULL,
    MONTH,
    PARTLY,
    PEOPLE_MIME,
    fullness,
    slot_tip,
)

AnyIndex = QModelIndex | QPersistentModelIndex


CELL_ROLE = Qt.ItemDataRole.UserRole + 1
DATE_ROLE = Qt.ItemDataRole.UserRole + 2

# the fullness colours: background and accent
FULLNESS_COLOURS = {
    EMPTY: tuple(map(theme.colour, theme.FULLNESS["empty"])),
    PARTLY: tuple(map(theme.colour, theme.FULLNESS["partly"])),
    FULL: tuple(map(theme.colour, theme.FULLNESS["full"])),
}
HOLIDAY_BG = theme.colour(theme.HOLIDAY_BG)
HOLIDAY_HATCH = theme.colour(theme.HOLIDAY_HATCH)
HOLIDAY_TEXT = theme.colour(theme.ERROR)
WEEKEND_BG = theme.colour(theme.WEEKEND_BG)
OTHER_MONTH_BG = theme.colour(theme.OTHER_MONTH_BG)
GRID = theme.colour(theme.GRID)
TODAY_COLOUR = theme.colour(theme.TODAY)
SELECTED_SLOT = theme.colour(theme.SELECTED)
DIM_TEXT = theme.colour(theme.FAINT)
TEXT = theme.colour(theme.TEXT)


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
                                     slot.location_id, slot.deliberate, slot_tip(slot)))
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
            background = theme.colour(theme.WHITE)
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
            painter.setPen(theme.colour(theme.WHITE))
            painter.drawText(box, ALIGN_CENTER, number)
            today_text = QCoreApplication.translate("DayDelegate", "hari ini")
            painter.setFont(self.entry_font(option.font))
            painter.setPen(TODAY_COLOUR)
            painter.drawText(layout.header.adjusted(box.width() + 4, 0, 0, 0), ALIGN_LEFT,
                             today_text)
        else:
            painter.setPen(DIM_TEXT if dim else HOLIDAY_TEXT if cell.holiday or
                           cell.date.weekday() == 6 else TEXT)
            painter.drawText(layout.header, ALIGN_LEFT, number)

        font = self.entry_font(option.font)
        fm = QFontMetrics(font)
        if layout.holiday is not None and cell.holiday is not None:
            painter.setFont(font)
            painter.setPen(DIM_TEXT if dim else HOLIDAY_TEXT)
            if layout.holiday.height() > fm.height():
                painter.drawText(layout.holiday, int(ALIGN_LEFT | Qt.AlignmentFlag.AlignTop)
                                 | int(Qt.TextFlag.TextWordWrap), _two_lines(
                                     cell.holiday.name, fm, layout.holiday.width()))
            else:
                painter.drawText(layout.holiday, ALIGN_LEFT, fm.elidedText(
                    cell.holiday.name, Qt.TextElideMode.ElideRight, layout.holiday.width()))

        for box, i in layout.entries:
            self._paint_entry(painter, box, cell.entries[i], font, dim)
        if layout.overflow is not None:
            painter.setFont(font)
            painter.setPen(DIM_TEXT)
            more = QCoreApplication.translate("DayDelegate", "+{} lagi").format(layout.hidden)
            painter.drawText(layout.overflow.adjusted(4, 0, 0, 0), ALIGN_LEFT, more)
        painter.restore()

    def _paint_entry(self, painter: QPainter, box: QRect, entry: Entry, font: QFont,
                     dim: bool) -> None:
        fm = QFontMetrics(font)
        if entry.kind == "heading":
            bold = QFont(font)
            bold.setBold(True)
            painter.setFont(bold)
            painter.setPen(DIM_TEXT if dim else TEXT)
            painter.drawText(box.adjusted(1, 0, 0, 0), ALIGN_LEFT, QFontMetrics(bold).elidedText(
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
        painter.drawText(inner, ALIGN_RIGHT, fill)
        label_width = inner.width() - fill_width - 4
        label = _fit_label(entry.label, fm, label_width)
        if label:
            painter.drawText(inner.adjusted(0, 0, -fill_width - 4, 0), ALIGN_LEFT, label)

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


