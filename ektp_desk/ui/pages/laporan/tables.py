"""The Laporan page's tables: the recap's breakdowns, days and failure reasons as
sortable item models, each cell written the Indonesian way and sorted by its number. The
column titles are the exports' (core/reports/files.py), so a page and its file agree."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from ektp_desk.core import messages
from ektp_desk.core.calendar import format_date_plain
from ektp_desk.core.reports import Day, Figures, Group, Reason
from ektp_desk.core.text import format_count
from ektp_desk.ui.widgets import fit_columns, rows_table

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
CODE_ROLE = Qt.ItemDataRole.UserRole + 2  # a row's code (the kelurahan's, say)
GROUP_COLUMNS = ("target", "summoned", "attended", "recorded", "recorded_pct", "failed",
                 "no_show", "not_served")
DAY_COLUMNS = ("summoned", "attended", "recorded", "failed", "no_show")

Cell = tuple[str, object]  # what is shown, what it sorts by


def _title(column: str) -> str:
    return messages.text(f"report_col_{column}")


def _count(n: int) -> Cell:
    return format_count(n), n


def _figure_cells(f: Figures) -> list[Cell]:
    share = f.recorded / f.target if f.target else -1.0
    return [_count(f.target), _count(f.summoned), _count(f.attended), _count(f.recorded),
            (f.recorded_pct, share), _count(f.failed), _count(f.no_show),
            _count(f.not_served)]


class RecapTable:
    """One table of the page: a model, a sorting proxy and the view over it."""

    def __init__(self, name: str, headers: Sequence[str], owner: QWidget, *,
                 stretch: int = 0) -> None:
        self.model = QStandardItemModel(0, len(headers), owner)
        self.model.setHorizontalHeaderLabels(list(headers))
        self.proxy = QSortFilterProxyModel(owner)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view: QTableView = rows_table(self.proxy, name, owner)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # as given until clicked
        self._stretch = stretch

    def fill(self, rows: Iterable[tuple[str, list[Cell]]]) -> None:
        """Rows of (code, cells); the numbers are aligned right."""
        self.model.setRowCount(0)
        for code, cells in rows:
            items = []
            for column, (text, key) in enumerate(cells):
                item = QStandardItem(text)
                item.setData(key, SORT_ROLE)
                item.setData(code, CODE_ROLE)
                if column and not isinstance(key, str):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                items.append(item)
            self.model.appendRow(items)
        fit_columns(self.view, self._stretch)

    def code_at(self, row: int) -> str:
        return str(self.proxy.index(row, 0).data(CODE_ROLE) or "")

    def texts(self, row: int) -> list[str]:
        """A shown row's cells, as the clerk reads them."""
        return [str(self.proxy.index(row, c).data() or "")
                for c in range(self.proxy.columnCount())]


def group_table(name: str, first: Sequence[str], owner: QWidget) -> RecapTable:
    return RecapTable(name, [*first, *(_title(c) for c in GROUP_COLUMNS)], owner)


def group_rows(groups: Iterable[Group], *, kecamatan: dict[str, str] | None = None
               ) -> list[tuple[str, list[Cell]]]:
    """A breakdown's rows: its name (and a kelurahan's kecamatan), then the figures."""
    rows = []
    for g in groups:
        cells: list[Cell] = [(g.name, g.name)]
        if kecamatan is not None:
            name = kecamatan.get(g.kecamatan_code, g.kecamatan_code or "-")
            cells.append((name, name))
        rows.append((g.code, cells + _figure_cells(g.figures)))
    return rows


def day_table(owner: QWidget) -> RecapTable:
    return RecapTable("byDay", [_title("date"), *(_title(c) for c in DAY_COLUMNS)], owner)


def day_rows(days: Iterable[Day]) -> list[tuple[str, list[Cell]]]:
    return [(d.day.isoformat(), [(format_date_plain(d.day), d.day.isoformat()),
                                 *(_count(getattr(d, c)) for c in DAY_COLUMNS)])
            for d in days]


def reason_table(owner: QWidget) -> RecapTable:
    return RecapTable("reasons", [_title("reason"), _title("count")], owner)


def reason_rows(reasons: Iterable[Reason]) -> list[tuple[str, list[Cell]]]:
    return [(r.code, [(r.label, r.label), _count(r.count)]) for r in reasons]
