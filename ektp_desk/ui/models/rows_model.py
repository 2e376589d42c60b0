"""RowsModel: the table model of the small lists (a few hundred rows at most) the pages and
dialogs show: a list of frozen rows, fixed columns, read-only.

A subclass names its ``COLUMNS`` (marked with ``QT_TRANSLATE_NOOP(CONTEXT, …)``; the header
translates them in ``CONTEXT``) and answers :meth:`cell`; :meth:`set_rows` replaces the rows
(a model reset). A list that shows only text gives its columns as data instead
(:class:`ColumnsModel`: header, the row's text, alignment).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

AnyIndex = QModelIndex | QPersistentModelIndex
# where a table's text sits: counts to the right, short codes centred
ALIGN_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
ALIGN_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
ALIGN_CENTER = Qt.AlignmentFlag.AlignCenter


class RowsModel(QAbstractTableModel):
    """A small list of frozen rows with fixed columns."""

    COLUMNS: tuple[str, ...] = ()
    CONTEXT = "RowsModel"  # the translation context of COLUMNS
    ROW_FLAGS = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                 | Qt.ItemFlag.ItemNeverHasChildren)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_value(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def find_row(self, matches: Callable[[Any], bool]) -> int | None:
        """The first row whose value `matches`, or None."""
        for row, value in enumerate(self._rows):
            if matches(value):
                return row
        return None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.COLUMNS):
            return QCoreApplication.translate(self.CONTEXT, self.COLUMNS[section])
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return self.ROW_FLAGS

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self.cell(self._rows[index.row()], index.column(), role)

    def cell(self, row: Any, column: int, role: int) -> Any:
        """What `row`'s cell in `column` shows for `role` (None: nothing)."""
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a :class:`ColumnsModel`."""

    header: str  # marked with QT_TRANSLATE_NOOP(CONTEXT, …)
    text: Callable[[Any], str]  # what a row shows in this column
    align: Qt.AlignmentFlag | None = None  # None: the view's default


class ColumnsModel(RowsModel):
    """A RowsModel that shows text only, its columns given as data in ``TABLE``."""

    TABLE: tuple[Column, ...] = ()  # a model whose texts need its own state sets it per instance

    @property
    def COLUMNS(self) -> tuple[str, ...]:  # type: ignore[override]
        return tuple(c.header for c in self.TABLE)  # what RowsModel's header reads

    def cell(self, row: Any, column: int, role: int) -> Any:
        spec = self.TABLE[column]
        if role == Qt.ItemDataRole.DisplayRole:
            return spec.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and spec.align is not None:
            return int(spec.align)
        return None
