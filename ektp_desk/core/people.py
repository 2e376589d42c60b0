"""The people list: which people match a filter, in which order, and their rows.

After Anki's browser: one indexed query gives the ordered ids that match
(:func:`ordered_ids`, 8 bytes a person in an ``array('q')``), and rows are loaded a page at
a time by id (:func:`fetch_rows`). Exports stream with keyset paging (:func:`iter_rows`),
never holding more than one batch. No Qt here: the Warga page, the CLI and tests share it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from array import array
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from typing import NamedTuple

import peewee as pw

from ektp_desk.core import nik as nik_rules
from ektp_desk.core import regions, search
from ektp_desk.core.errors import Cancelled
from ektp_desk.core.jobs import NEVER_CANCELLED, CancelToken
from ektp_desk.core.person_record import warning_text
from ektp_desk.core.status import (
    CATEGORIES,
    CATEGORY_LABELS,
    RECORDED,
    STATUS_LABELS,
    STATUSES,
)
from ektp_desk.core.text import format_count  # noqa: F401  (the pages format with it)

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
PAGE_SIZE = 200  # rows loaded at a time by the table; far below SQLite's variable limit
_FETCH_CHUNK = 500


# --- filter and sort ----------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class PeopleFilter:
    """What the clerk narrowed the list to. Empty fields do not filter."""

    search: str = ""
    kecamatan: str | None = None  # 6 digits
    kelurahan: str | None = None  # 10 digits
    category: str | None = None  # a code of status.CATEGORIES
    status: str | None = None  # a code of status.STATUSES
    # not recorded yet: any status outside status.RECORDED (the Laporan page's "remaining")
    not_recorded: bool = False

    def __post_init__(self) -> None:
        if self.category is not None and self.category not in CATEGORIES:
            raise ValueError(f"unknown category {self.category!r}")
        if self.status is not None and self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}")

    @property
    def has_search(self) -> bool:
        return bool(self.search.strip())

    @property
    def is_empty(self) -> bool:
        return not (self.has_search or self.kecamatan or self.kelurahan or self.category
                    or self.status or self.not_recorded)


# Sort column → ORDER BY terms. Each list ends in a unique key so the order is total (keyset
# and paging need that) and each is served by an index (m0001; birth date: m0006).
SORT_TERMS: dict[str, tuple[str, ...]] = {
    "name": ("p.name_norm", "p.id"),
    "nik": ("p.nik",),
    "birth_date": ("p.birth_date", "p.name_norm", "p.id"),
    "place": ("p.kelurahan_code", "p.rw", "p.rt", "p.name_norm", "p.id"),
    "status": ("p.status", "p.name_norm", "p.id"),
    "category": ("p.category", "p.name_norm", "p.id"),
}
SORT_COLUMNS = tuple(SORT_TERMS)


@dataclass(frozen=True, slots=True)
class Sort:
    column: str = "name"
    descending: bool = False

    def __post_init__(self) -> None:
        if self.column not in SORT_TERMS:
            raise ValueError(f"cannot sort by {self.column!r}")

    def order_by(self) -> str:
        # Every term in the same direction, so SQLite can walk an index backwards.
        direction = " DESC" if self.descending else ""
        return ", ".join(term + direction for term in SORT_TERMS[self.column])


BY_NAME = Sort()


def _where(db: pw.Database, flt: PeopleFilter, *, keyset: bool = False,
           after_id: int = 0) -> tuple[str, list[object]]:
    conds: list[str] = []
    params: list[object] = []
    found = search.condition(db, flt.search, keyset=keyset, after_id=after_id) \
        if flt.has_search else None
    if found is not None:
        conds.append(found.sql)
        params.extend(found.params)
    # A unary + keeps SQLite from using a column's index: when a search drives the query
    # (its hits are few), or when scanning in id order (an index + sort per batch would
    # make a keyset export quadratic).
    plus = "+" if keyset or (found is not None and found.selective) else ""
    for column, value in (("kecamatan_code", flt.kecamatan), ("kelurahan_code", flt.kelurahan),
                          ("category", flt.category), ("status", flt.status)):
        if value:
            conds.append(f"{plus}p.{column} = ?")
            params.append(value)
    if flt.not_recorded:
        conds.append(f"{plus}p.status NOT IN ({', '.join('?' * len(RECORDED))})")
        params.extend(sorted(RECORDED))
    if after_id:
        conds.append("p.id > ?")
        params.append(after_id)
    return (" WHERE " + " AND ".join(conds) if conds else ""), params


def ordered_ids(db: pw.Database, flt: PeopleFilter = PeopleFilter(), sort: Sort = BY_NAME,
                *, limit: int | None = None,
                cancel: CancelToken = NEVER_CANCELLED) -> array:
    """The ids of the people matching `flt`, in `sort` order, as ``array('q')``.

    One query; with no filter it is a walk over a covering index. `limit` gives just the
    first rows (what a screen shows while the whole list loads). A cancel stops SQLite
    mid-query (raises Cancelled): a search typed further makes the last one worthless."""
    where, params = _where(db, flt)
    sql = f"SELECT p.id FROM person p{where} ORDER BY {sort.order_by()}"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    with _interruptible(db, cancel):
        cursor = db.execute_sql(sql, params)
        return array("q", map(itemgetter(0), cursor))


@contextmanager
def _interruptible(db: pw.Database, cancel: CancelToken) -> Iterator[None]:
    if cancel is NEVER_CANCELLED:
        yield
        return
    conn = db.connection()
    # SQLite calls this every N virtual-machine steps; non-zero aborts the statement.
    conn.set_progress_handler(lambda: cancel.cancelled, 10_000)
    try:
        yield
    except (sqlite3.OperationalError, pw.OperationalError) as exc:  # peewee wraps it
        if cancel.cancelled and "interrupt" in str(exc):
            raise Cancelled() from None
        raise
    finally:
        conn.set_progress_handler(None, 0)
    cancel.raise_if_cancelled()


def count(db: pw.Database, flt: PeopleFilter = PeopleFilter()) -> int:
    """How many people match (cheap for the index filters; a search costs what it costs)."""
    where, params = _where(db, flt)
    return int(db.execute_sql(f"SELECT count(*) FROM person p{where}", params).fetchone()[0])


def index_serves(db: pw.Database, sort: Sort) -> bool:
    """Whether an index gives `sort`'s order without sorting the whole table, so the first
    rows come back at once. Every sort has one since m0006; checked rather than assumed for
    birth date, whose index came last."""
    if sort.column != "birth_date":
        return True
    return "birth_date" in _leading_index_columns(db)


def _leading_index_columns(db: pw.Database) -> set[str]:
    found = set()
    for (name,) in db.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'person'"):
        first = db.execute_sql(f'PRAGMA index_info("{name}")').fetchone()
        if first is not None:
            found.add(first[2])
    return found


# --- rows ---------------------------------------------------------------------------------

class PersonRow(NamedTuple):
    """One line of the list: what the table and exports show."""

    id: int
    nik: str
    nkk: str | None
    name: str
    birth_date: str | None  # ISO
    sex: str | None  # 'L' | 'P'
    address: str | None
    rt: str | None
    rw: str | None
    kelurahan_code: str | None
    kelurahan_raw: str | None
    kecamatan_code: str | None
    category: str
    status: str
    warnings: tuple[str, ...]


_ROW_COLUMNS = ", ".join(
    f"p.{c}" for c in PersonRow._fields)  # same names and order as PersonRow


def _warnings(text: str | None) -> tuple[str, ...]:
    if not text or text == "[]":
        return ()
    value = json.loads(text)
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def _row(values: tuple) -> PersonRow:
    return PersonRow(*values[:-1], _warnings(values[-1]))


def fetch_rows(db: pw.Database, ids: Iterable[int]) -> dict[int, PersonRow]:
    """The rows of these ids (a page of a few hundred), by id. Missing ids are left out."""
    wanted = list(ids)
    rows: dict[int, PersonRow] = {}
    for start in range(0, len(wanted), _FETCH_CHUNK):
        chunk = wanted[start:start + _FETCH_CHUNK]
        marks = ",".join("?" * len(chunk))
        cursor = db.execute_sql(
            f"SELECT {_ROW_COLUMNS} FROM person p WHERE p.id IN ({marks})", chunk)
        for values in cursor:
            rows[values[0]] = _row(values)
    return rows


def iter_rows(db: pw.Database, flt: PeopleFilter = PeopleFilter(), *,
              batch: int = 1000) -> Iterator[PersonRow]:
    """Every matching person in id order (the order of import), `batch` rows per query.

    Keyset paging (``id > last``): each query starts where the last ended, so the whole
    export costs one pass whatever its size, and memory holds one batch."""
    after = 0
    while True:
        where, params = _where(db, flt, keyset=True, after_id=after)
        cursor = db.execute_sql(
            f"SELECT {_ROW_COLUMNS} FROM person p{where} ORDER BY p.id LIMIT ?",
            [*params, batch])
        rows = [_row(values) for values in cursor]
        yield from rows
        if len(rows) < batch:
            return
        after = rows[-1].id


# --- NIK lookup ---------------------------------------------------------------------------

def person_id_by_nik(db: pw.Database, digits: str) -> int | None:
    """The id of the person whose NIK is exactly `digits` (16 digits, already clean), or None.

    The one lookup by NIK: the desk's hot path, so raw SQL on the unique index (peewee's
    query builder costs some 25 times the lookup itself; benchmarks/bench_desk.py)."""
    row = db.execute_sql("SELECT id FROM person WHERE nik = ?", (digits,)).fetchone()
    return None if row is None else int(row[0])


def find_by_nik(db: pw.Database, nik: str) -> int | None:
    """The id of the person with exactly this NIK (spaces and dots ignored), or None."""
    digits = search.nik_digits(nik)
    if digits is None or len(digits) != 16:
        return None
    return person_id_by_nik(db, digits)


def find_by_nik_prefix(db: pw.Database, prefix: str, *, limit: int | None = 100) -> list[int]:
    """Ids of the people whose NIK starts with `prefix`, in NIK order (unique index range)."""
    digits = search.nik_digits(prefix)
    if digits is None or len(digits) > 16:
        return []
    cond = search.condition(db, digits)
    assert cond is not None
    sql = f"SELECT p.id FROM person p WHERE {cond.sql} ORDER BY p.nik"
    params = list(cond.params)
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [row[0] for row in db.execute_sql(sql, params)]


# --- one person, in full ------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ImportInfo:
    batch_id: int
    file_name: str
    imported_at: str
    imported_by: str


@dataclass(frozen=True, slots=True)
class EventInfo:
    id: int
    kind: str
    reason: str | None
    note: str | None
    at: str
    by_user: str
    desk: str | None
    undoes: int | None

    @property
    def label(self) -> str:
        if self.kind == "batal":
            return "Dibatalkan"
        return STATUS_LABELS.get(self.kind, self.kind)


@dataclass(frozen=True, slots=True)
class PersonDetail:
    """Everything the detail pane shows about one person."""

    id: int
    nik: str
    nkk: str | None
    nkk_raw: str | None
    name: str
    birth_place: str | None
    birth_date: str | None
    birth_date_raw: str | None
    sex: str | None
    marital: str | None
    address: str | None
    rt: str | None
    rw: str | None
    kelurahan_code: str | None
    kelurahan_raw: str | None
    kecamatan_code: str | None
    disability: str | None
    note: str | None
    category: str
    status: str
    warnings: tuple[str, ...]
    created_at: str
    updated_at: str
    first_import: ImportInfo | None = None
    last_import: ImportInfo | None = None
    events: tuple[EventInfo, ...] = field(default_factory=tuple)

    @property
    def kelurahan_name(self) -> str:
        return kelurahan_label(self.kelurahan_code, self.kelurahan_raw)

    @property
    def kecamatan_name(self) -> str:
        return regions.default_table().kecamatan_name(self.kecamatan_code)

    @property
    def category_label(self) -> str:
        return CATEGORY_LABELS.get(self.category, self.category)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def warning_texts(self) -> list[str]:
        return [warning_text(code) for code in self.warnings]


_DETAIL_COLUMNS = ("id", "nik", "nkk", "nkk_raw", "name", "birth_place", "birth_date",
                   "birth_date_raw", "sex", "marital", "address", "rt", "rw", "kelurahan_code",
                   "kelurahan_raw", "kecamatan_code", "disability", "note", "category",
                   "status", "warnings", "created_at", "updated_at", "first_import_id",
                   "last_import_id")


def person_detail(db: pw.Database, person_id: int) -> PersonDetail | None:
    """All fields of one person, the imports that brought them, and their events."""
    row = db.execute_sql(
        f"SELECT {', '.join(_DETAIL_COLUMNS)} FROM person WHERE id = ?", (person_id,)
    ).fetchone()
    if row is None:
        return None
    values = dict(zip(_DETAIL_COLUMNS, row, strict=True))
    first_id = values.pop("first_import_id")
    last_id = values.pop("last_import_id")
    values["warnings"] = _warnings(values["warnings"])
    imports = {}
    batch_ids = {i for i in (first_id, last_id) if i is not None}
    if batch_ids:
        marks = ",".join("?" * len(batch_ids))
        for batch_id, file_name, at, by in db.execute_sql(
                "SELECT id, file_name, imported_at, imported_by FROM import_batch "
                f"WHERE id IN ({marks})", list(batch_ids)):
            imports[batch_id] = ImportInfo(batch_id, file_name, at, by)
    events = tuple(
        EventInfo(*e) for e in db.execute_sql(
            "SELECT id, kind, reason, note, at, by_user, desk, undoes FROM event "
            "WHERE person_id = ? ORDER BY id", (person_id,)))
    return PersonDetail(**values, first_import=imports.get(first_id),
                        last_import=imports.get(last_id), events=events)


# --- words and formats shared by the screens and exports ----------------------------------

def mask_nkk(nkk: str | None) -> str:
    """An NKK for lists, masked as NIKs are: only the area kept."""
    return nik_rules.mask(nkk)


def birth_shown(iso: str | None, raw: str | None = None, *, masked: bool) -> str:
    """The birth date as shown beside a NIK: 14-02-2007, or only 2007 beside a masked NIK
    (the date and sex would give back the masked digits). `raw` is what the file said when
    it was no date; masked, only a year found in it is shown."""
    if not masked:
        return format_date(iso) or (raw or "")
    found = _YEAR.search(iso or raw or "")
    return found.group(0) if found else ""  # ISO 8601 at year precision, for exports too


def format_date(iso: str | None) -> str:
    """2007-02-14 → 14-02-2007 (as clerks write dates); anything else unchanged."""
    if not iso:
        return ""
    try:
        return dt.date.fromisoformat(iso).strftime("%d-%m-%Y")
    except ValueError:
        return iso


def kelurahan_label(code: str | None, raw: str | None = None) -> str:
    """The kelurahan's name from the region table, or what the file said when unknown."""
    return regions.default_table().kelurahan_name(code) or (raw or "")
