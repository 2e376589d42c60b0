"""The Warga table's model, in the manner of Anki's browser (docs/architecture.md).

- A snapshot of the matching ids, in order, as ``array('q')`` (8 bytes a person): rowCount
  is its length, so the scrollbar is true for a million people.
- ``data()`` loads rows a page (200) at a time by id into a bounded LRU cache.
- Sorting and filtering change the SQL (no QSortFilterProxyModel).
- With a runner, the id query runs on a reader thread. Meanwhile the model shows the
  first page from a LIMIT query and the true count (both cheap on the indexes) when it
  can, or keeps the previous result. A result that arrives after a newer query started
  is dropped, and the older query is interrupted inside SQLite.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from typing import Any, NamedTuple, Protocol

import peewee as pw
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QApplication, QStyle

from ektp_desk.core import nik as nik_rules
from ektp_desk.core import people, person_record, settings
from ektp_desk.core.errors import Cancelled, UserError
from ektp_desk.core.jobs import CancelToken
from ektp_desk.core.people import PeopleFilter, PersonRow, Sort
from ektp_desk.core.status import CATEGORY_LABELS, STATUS_LABELS

CACHE_ROWS = 5_000  # 25 pages: a few screens up and down, a few MB at most
READER_CACHE_KIB = 8_000  # SQLite page cache of a reader thread's connection; see _read_ids

AnyIndex = QModelIndex | QPersistentModelIndex


class ReadRunner(Protocol):
    """What the model needs of ui.runner.JobRunner."""

    def run_read(self, fn: Any, *args: Any, on_success: Any = None, on_failure: Any = None,
                 **kwargs: Any) -> Any: ...


class Column(NamedTuple):
    key: str
    sort: str | None  # a people.SORT_COLUMNS key, or None when not sortable
    sample: str  # a typical long value: the view sizes the column to it, not to the data
    align: Qt.AlignmentFlag


_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignCenter

# Order: what a clerk at the desk looks at first comes first; the address gives way when the
# window is narrow (the detail pane shows it whole).
COLUMNS: tuple[Column, ...] = (
    Column("name", "name", "SITI NUR RAHMAWATI", _LEFT),
    Column("warnings", None, "99", _CENTER),
    Column("nik", "nik", "3375 01•• •••• ••••", _LEFT),
    Column("birth_date", "birth_date", "28-02-2007", _LEFT),
    Column("sex", None, "L", _CENTER),
    Column("status", "status", "Belum dipanggil", _LEFT),
    Column("kelurahan", "place", "Kuripan Kertoharjo", _LEFT),  # the city's longest
    Column("rt_rw", "place", "001/002", _CENTER),
    Column("address", None, "JL. HAYAM WURUK NO. 1", _LEFT),
    Column("category", "category", "Warga binaan", _LEFT),
)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)


class _Entry(NamedTuple):
    row: PersonRow
    display: tuple[str, ...]


def _read_ids(db: pw.Database, flt: PeopleFilter, sort: Sort, *,
              cancel: CancelToken) -> array:
    """The id query, on a reader thread. Its scans walk whole indexes (30 MB at 1M people),
    which would fill each reader connection's 32 MB page cache and stay in memory for good;
    the OS file cache serves scans as fast, so reader connections keep a small cache."""
    db.execute_sql(f"PRAGMA cache_size = -{READER_CACHE_KIB:d}")
    return people.ordered_ids(db, flt, sort, cancel=cancel)


class PeopleModel(QAbstractTableModel):
    """Rows are people; see the module docstring for how they are loaded."""

    SortRole = Qt.ItemDataRole.UserRole + 1  # the raw value of the cell, for code not eyes
    RecordRole = Qt.ItemDataRole.UserRole + 2  # the row's people.PersonRow
    IdRole = Qt.ItemDataRole.UserRole + 3  # the person's id

    loaded = Signal(int, bool)  # row count, complete (False: only the first page is known)
    loading = Signal(bool)  # a query is running on a reader thread
    failed = Signal(str)  # a query failed for a reason the clerk can act on (busy database)

    def __init__(self, db: pw.Database, runner: ReadRunner | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._runner = runner
        self._filter = PeopleFilter()
        self._sort = people.BY_NAME
        self._ids = array("q")  # the ids known, in order
        self._total = 0  # rowCount; > len(_ids) while only the first page is known
        self._cache: OrderedDict[int, _Entry] = OrderedDict()
        self._reading = (id(self), "ids")  # the query in flight: a newer one replaces it
        self._cancel: CancelToken | None = None
        self._busy = False
        self._mask = True
        self._started = False
        titles = {
            "name": self.tr("Nama"), "nik": self.tr("NIK"), "birth_date": self.tr("Tgl lahir"),
            "sex": self.tr("L/P"), "address": self.tr("Alamat"), "rt_rw": self.tr("RT/RW"),
            "kelurahan": self.tr("Kelurahan"), "category": self.tr("Kategori"),
            "status": self.tr("Status"),
            "warnings": "",  # Peringatan: an icon, its name in the tooltip
        }
        self._headers = tuple(titles[key] for key in COLUMN_KEYS)
        tips = {"sex": self.tr("Jenis kelamin: L laki-laki, P perempuan"),
                "warnings": self.tr("Peringatan (jumlah)")}
        self._header_tips = {COLUMN_KEYS.index(k): text for k, text in tips.items()}
        # Short words in the table; the detail pane and tooltips give the full label.
        self._category_short = {"pemula": self.tr("Pemula"),
                                "disabilitas": self.tr("Disabilitas"),
                                "warga_binaan": self.tr("Warga binaan"),
                                "lainnya": self.tr("Lainnya")}
        self._warning_icon = None

    # --- queries -----------------------------------------------------------------------
    @property
    def filter(self) -> PeopleFilter:
        return self._filter

    @property
    def sort_order(self) -> Sort:
        return self._sort

    @property
    def complete(self) -> bool:
        """Whether every id of the current result is known (not only the first page)."""
        return self._started and not self._busy and len(self._ids) == self._total

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def masks_nik(self) -> bool:
        """The setting 'Samarkan NIK di daftar' as of the last query."""
        return self._mask

    def set_query(self, flt: PeopleFilter | None = None, sort: Sort | None = None, *,
                  _refresh: bool = False) -> None:
        """Show the people matching `flt` in `sort` order (None: keep the current one)."""
        self._filter = flt if flt is not None else self._filter
        self._sort = sort if sort is not None else self._sort
        self._started = True
        if self._cancel is not None:
            self._cancel.cancel()  # interrupts the older query inside SQLite
            self._cancel = None
        if self._runner is not None:
            self._runner.forget(self._reading)  # its answer, if it still comes, is stale
        self._mask = bool(settings.get(self._db, "mask_nik"))
        if self._runner is None:
            self._install(people.ordered_ids(self._db, self._filter, self._sort))
            return
        if not _refresh and self._filter.is_empty and people.index_serves(self._db, self._sort):
            # The whole list: its count and first page come straight off an index, so the
            # page fills at once while the full id list loads behind it.
            total = people.count(self._db, self._filter)
            first = people.ordered_ids(self._db, self._filter, self._sort,
                                       limit=people.PAGE_SIZE)
            self._install(first, total=total)
            if len(first) == total:
                return
        self._cancel = CancelToken()
        self._set_busy(True)
        self._runner.run_read(
            _read_ids, self._filter, self._sort, cancel=self._cancel,
            key=self._reading, on_success=self._on_ids, on_failure=self._on_failed,
        )

    def refresh(self) -> None:
        """Reload after the data changed (an import, a status event): cached rows are stale.
        The old ids stay on screen until the new ones come, so nothing jumps if nothing moved."""
        self._cache.clear()
        self.set_query(_refresh=True)

    def _on_ids(self, ids: array) -> None:
        self._cancel = None
        self._set_busy(False)
        self._install(ids)

    def _on_failed(self, error: BaseException) -> None:
        self._cancel = None
        self._set_busy(False)
        if isinstance(error, Cancelled):
            return  # we interrupted it ourselves
        if isinstance(error, UserError):
            self.failed.emit(error.message)
            return
        from ektp_desk.ui import crash

        crash.report(error)

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.loading.emit(busy)

    def _install(self, ids: array, total: int | None = None) -> None:
        total = len(ids) if total is None else total
        known = len(self._ids)
        if total == self._total == known and ids == self._ids:
            # A refresh that found the same people: keep scroll and selection, repaint.
            if total:
                self.dataChanged.emit(self.index(0, 0), self.index(total - 1, len(COLUMNS) - 1))
        elif total == self._total and known < total and ids[:known] == self._ids:
            # The full list behind the first page: same rows on top, nothing moves. Only
            # the placeholder rows below change.
            self._ids = ids
            if len(ids) > known:
                self.dataChanged.emit(self.index(known, 0),
                                      self.index(total - 1, len(COLUMNS) - 1))
        else:
            self.beginResetModel()
            self._ids = ids
            self._total = total
            self.endResetModel()
        self.loaded.emit(self._total, len(self._ids) == self._total)

    # --- rows --------------------------------------------------------------------------
    def person_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, person_id: int) -> int | None:
        """The row showing this person, or None (a scan of the ids: milliseconds)."""
        try:
            return self._ids.index(person_id)
        except ValueError:
            return None

    def record(self, row: int) -> PersonRow | None:
        entry = self._entry(row)
        return None if entry is None else entry.row

    def _entry(self, row: int) -> _Entry | None:
        if not 0 <= row < len(self._ids):
            return None
        person_id = self._ids[row]
        entry = self._cache.get(person_id)
        if entry is not None:
            self._cache.move_to_end(person_id)
            return entry
        self._load_page(row)
        return self._cache.get(person_id)  # None if deleted since the ids were read

    def _load_page(self, row: int) -> None:
        start = row - row % people.PAGE_SIZE
        wanted = [i for i in self._ids[start:start + people.PAGE_SIZE] if i not in self._cache]
        for person_id, person in people.fetch_rows(self._db, wanted).items():
            self._cache[person_id] = _Entry(person, self._display(person))
        while len(self._cache) > CACHE_ROWS:
            self._cache.popitem(last=False)

    def _display(self, p: PersonRow) -> tuple[str, ...]:
        """The texts of every column, made once per row load (data() is called a lot)."""
        texts = {
            "name": p.name,
            "nik": nik_rules.mask(p.nik) if self._mask else p.nik,
            # masked: the year only, the date and sex would give the masked digits back
            "birth_date": people.birth_shown(p.birth_date, masked=self._mask),
            "sex": p.sex or "",
            "address": p.address or "",
            "rt_rw": f"{p.rt or '-'}/{p.rw or '-'}" if (p.rt or p.rw) else "",
            "kelurahan": people.kelurahan_label(p.kelurahan_code, p.kelurahan_raw),
            "category": self._category_short.get(p.category, p.category),
            "status": STATUS_LABELS.get(p.status, p.status),
            "warnings": str(len(p.warnings)) if p.warnings else "",
        }
        return tuple(texts[key] for key in COLUMN_KEYS)

    # --- Qt model interface ------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemNeverHasChildren)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if COLUMN_KEYS[section] == "birth_date" and self._mask:
                return self.tr("Thn lahir")
            return self._headers[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._header_tips.get(section)
        if role == Qt.ItemDataRole.DecorationRole and COLUMN_KEYS[section] == "warnings":
            return self._icon()
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < self._total and 0 <= column < len(COLUMNS)):
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return COLUMNS[column].align
        if row >= len(self._ids):  # only the first page is known yet
            if role == Qt.ItemDataRole.DisplayRole and column == 0:
                return self.tr("Memuat…")
            return None
        if role == self.IdRole:
            return self._ids[row]
        entry = self._entry(row)
        if entry is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.display[column]
        if role == self.RecordRole:
            return entry.row
        if role == self.SortRole:
            return self._raw(entry.row, COLUMN_KEYS[column])
        key = COLUMN_KEYS[column]
        if key == "warnings" and entry.row.warnings:
            if role == Qt.ItemDataRole.ToolTipRole:
                return "\n".join(person_record.warning_text(w) for w in entry.row.warnings)
            if role == Qt.ItemDataRole.DecorationRole:
                return self._icon()
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "address" and entry.display[column]:
                return entry.display[column]  # addresses are often longer than the column
            if key == "category":
                return CATEGORY_LABELS.get(entry.row.category, entry.row.category)
        return None

    def _icon(self) -> Any:
        if self._warning_icon is None:
            style = QApplication.style()
            self._warning_icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        return self._warning_icon

    @staticmethod
    def _raw(p: PersonRow, key: str) -> Any:
        if key == "rt_rw":
            return (p.rw or "", p.rt or "")
        if key == "kelurahan":
            return p.kelurahan_code or ""
        if key == "warnings":
            return len(p.warnings)
        return getattr(p, key)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A header click: a new ORDER BY, not a sort in Python."""
        if not 0 <= column < len(COLUMNS) or COLUMNS[column].sort is None:
            return
        wanted = Sort(COLUMNS[column].sort or "name",
                      descending=order == Qt.SortOrder.DescendingOrder)
        if wanted == self._sort and self._started:
            return
        self.set_query(sort=wanted)
