"""The tables of the Jadwal page's detail pane: the selected day's slots, and the selected
slot's people (rows dragged from it onto the calendar move them)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QByteArray,
    QCoreApplication,
    QMimeData,
    QModelIndex,
    Qt,
)
from PySide6.QtWidgets import QWidget

from ektp_desk.core import nik as nik_rules
from ektp_desk.core import regions, scheduling
from ektp_desk.core.calendar import format_time_range
from ektp_desk.core.people import format_count
from ektp_desk.core.scheduling import SlotInfo, SlotPerson
from ektp_desk.ui import theme
from ektp_desk.ui.models.rows_model import ALIGN_CENTER, ALIGN_LEFT, ALIGN_RIGHT, RowsModel
from ektp_desk.ui.pages.jadwal.calendar_helpers import (
    DELIBERATE_MARK,
    PEOPLE_MIME,
    fullness,
    slot_tip,
)
from ektp_desk.ui.pages.jadwal.calendar_view import FULLNESS_COLOURS

REPRINT_TEXT = theme.colour(theme.REPRINT)
# short words for the letter column (the core's label is the tooltip)
LETTER_SHORT = {scheduling.LETTER_NOT_PRINTED: QT_TRANSLATE_NOOP("SlotPeopleModel",
                                                                 "Belum dicetak"),
                scheduling.LETTER_PRINTED: QT_TRANSLATE_NOOP("SlotPeopleModel",
                                                             "Sudah dicetak"),
                scheduling.LETTER_REPRINT: QT_TRANSLATE_NOOP("SlotPeopleModel", "Cetak ulang")}



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
            return ALIGN_RIGHT if column >= 2 else ALIGN_LEFT
        if role == Qt.ItemDataRole.BackgroundRole and column == 2:
            return FULLNESS_COLOURS[state][0]
        if role == Qt.ItemDataRole.ToolTipRole:
            return slot_tip(slot)
        if role == Qt.ItemDataRole.UserRole:
            return slot.id
        return None


class SlotPeopleModel(RowsModel):
    """The people of a slot: Nama, NIK (masked), Kelurahan, RT/RW, panggilan ke-, Surat.
    Rows can be dragged onto the calendar."""

    CONTEXT = "SlotPeopleModel"
    COLUMNS = (QT_TRANSLATE_NOOP("SlotPeopleModel", "Nama"),
               QT_TRANSLATE_NOOP("SlotPeopleModel", "NIK"),
               QT_TRANSLATE_NOOP("SlotPeopleModel", "Kelurahan"),
               QT_TRANSLATE_NOOP("SlotPeopleModel", "RT/RW"),
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
                return f"{person.rt or '–'}/{person.rw or '–'}"
            if column == 4:
                return str(person.round)
            return QCoreApplication.translate("SlotPeopleModel",
                                              LETTER_SHORT.get(person.letter, person.letter))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return ALIGN_CENTER if column in (3, 4) else ALIGN_LEFT
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


