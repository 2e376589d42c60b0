"""The Meja Layanan page's table models (search results, a person's history, today's list)
and the status colours they share with the page."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt
from PySide6.QtGui import QColor, QFont

from ektp_desk.core import nik as nik_rules
from ektp_desk.core import people
from ektp_desk.core.calendar import format_moment, format_time
from ektp_desk.core.desk import HistoryRow, PersonCard, TodayRow
from ektp_desk.core.errors import UserError
from ektp_desk.ui import theme
from ektp_desk.ui.models.rows_model import RowsModel

_CENTER = Qt.AlignmentFlag.AlignCenter

def status_colours(status: str) -> tuple[str, str]:
    """(badge colour, text on it) of a status."""
    return theme.STATUS.get(status, theme.STATUS_UNKNOWN)


def tint(colour: str, amount: float = 0.8) -> QColor:
    """The colour mixed with white (for table cells, where a full colour would shout)."""
    base = QColor(colour)
    return QColor(round(base.red() + (255 - base.red()) * amount),
                  round(base.green() + (255 - base.green()) * amount),
                  round(base.blue() + (255 - base.blue()) * amount))


def _time(value: object) -> str:
    if not value:
        return ""
    try:
        return format_time(str(value))
    except UserError:
        return str(value)


def _status_cell(status: str, label: str, role: int) -> Any:
    if role == Qt.ItemDataRole.DisplayRole:
        return label
    if role == Qt.ItemDataRole.BackgroundRole:
        return tint(status_colours(status)[0], 0.78)
    if role == Qt.ItemDataRole.ForegroundRole:
        return theme.colour(theme.TEXT)
    return None


class ResultsModel(RowsModel):
    """Search results: the people who match a name or the start of a NIK."""

    CONTEXT = "MejaPage"
    COLUMNS = (QT_TRANSLATE_NOOP("MejaPage", "Nama"), QT_TRANSLATE_NOOP("MejaPage", "NIK"),
               QT_TRANSLATE_NOOP("MejaPage", "Tgl lahir"),
               QT_TRANSLATE_NOOP("MejaPage", "Kelurahan"),
               QT_TRANSLATE_NOOP("MejaPage", "Status"))

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.masked = True

    def cell(self, row: PersonCard, column: int, role: int) -> Any:
        if column == 4:
            return _status_cell(row.status, row.status_label, role)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return row.name
        if column == 1:
            return nik_rules.mask(row.nik) if self.masked else row.nik
        if column == 2:  # masked: the year only (the date and sex give the masked digits)
            return people.birth_shown(row.birth_date, masked=self.masked)
        if column == 3:
            return row.kelurahan_name
        return None


class HistoryModel(RowsModel):
    """A person's events, oldest first; undone ones struck through and grey."""

    CONTEXT = "MejaPage"
    COLUMNS = (QT_TRANSLATE_NOOP("MejaPage", "Waktu"),
               QT_TRANSLATE_NOOP("MejaPage", "Kejadian"),
               QT_TRANSLATE_NOOP("MejaPage", "Keterangan"),
               QT_TRANSLATE_NOOP("MejaPage", "Petugas"),
               QT_TRANSLATE_NOOP("MejaPage", "Meja"))

    def cell(self, row: HistoryRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return format_moment(row.at)
            if column == 1:
                return row.kind_label
            if column == 2:
                return " — ".join(x for x in (row.reason, row.note) if x)  # reason in words
            if column == 3:
                return row.by_user
            if column == 4:
                return row.desk or ""
            return None
        if role == Qt.ItemDataRole.FontRole and row.undone:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and row.undone:
            return theme.colour(theme.UNDONE)
        if role == Qt.ItemDataRole.ToolTipRole and row.undone:
            return QCoreApplication.translate("MejaPage", "Dibatalkan (Ctrl+Z)")
        return None


class TodayModel(RowsModel):
    """Today's people: queue number, session time, name, status (NIK and kelurahan in the
    name's tooltip)."""

    CONTEXT = "MejaPage"
    COLUMNS = (QT_TRANSLATE_NOOP("MejaPage", "No."), QT_TRANSLATE_NOOP("MejaPage", "Jam"),
               QT_TRANSLATE_NOOP("MejaPage", "Nama"), QT_TRANSLATE_NOOP("MejaPage", "Status"))
    NAME, STATUS = 2, 3

    def row_of(self, person_id: int) -> int | None:
        return self.find_row(lambda row: row.person_id == person_id)

    def cell(self, row: TodayRow, column: int, role: int) -> Any:
        if column == self.STATUS:
            return _status_cell(row.status, row.status_label, role)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 1):
            return int(_CENTER)
        if role == Qt.ItemDataRole.FontRole and column == 0 and row.queue_number:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column == self.NAME:
            return f"{row.name}\nNIK {row.nik_masked}\n{row.kelurahan_name}"
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return str(row.queue_number) if row.queue_number else "–"
        if column == 1:
            return _time(row.slot_start) or "–"
        if column == self.NAME:
            return row.name
        return None
