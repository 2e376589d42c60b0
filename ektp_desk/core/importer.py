"""Importing the KPU list: read, map columns, validate, upsert.

The public API, used by the CLI (`ektp-desk import`) and the import wizard:

- :func:`run_import`: validate every row and upsert the people in ONE transaction (or only
  count, with ``dry_run=True``); returns an :class:`ImportResult`;
- :func:`write_error_report`: the rejected and duplicate rows with their original columns
  and a reason, as csv or xlsx, so the clerk can fix them and import the file again.

Reading the file (the header row below any title rows, the target fields, the guessed
column mapping) is :mod:`ektp_desk.core.import_source`. What a row must be and what it
becomes (the NIK checks, the derived columns, the warnings, the merge into a stored person)
is :mod:`ektp_desk.core.person_record`, shared with the desk's walk-in.

How it stays fast (the target: the whole command within 2.5× of reading the file and
``executemany`` into a plain table): rows are read in one go (csv module or python-calamine),
each row is parsed with cached cell parsers (:mod:`ektp_desk.core.fields`), known NIKs are
looked up in chunks, and new and changed people are written with ``executemany`` on the raw
connection inside one transaction; a big load into a small list drops the secondary indexes
and builds them again after it. The cyclic garbage collector is paused meanwhile (see
:func:`_no_cyclic_gc`). New people are not added to the name index here; they stay above
the watermark for :func:`ektp_desk.core.search.index_pending`.

Measured here (100,000 rows, 2 cores): the rows written unvalidated into the person table
(28 columns, UNIQUE nik, five secondary indexes, WAL commit) already cost ~3× that
raw baseline, so the 2.5× target cannot be met by the checks getting cheaper alone.
Overlapping the checks with the writing in a thread does not work: ``executemany`` gives
up the GIL for every row's ``sqlite3_step`` and then waits for a busy thread to hand it
back (100,000 rows took 80 s instead of 0.27 s beside a busy thread).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import gc
import os
import re
import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import peewee as pw

from ektp_desk.core import accounts, audit, backup, clock, messages, outputs, search
from ektp_desk.core import fields as F
from ektp_desk.core import nik as nik_rules
from ektp_desk.core import text as core_text
from ektp_desk.core.errors import UserError, environment_error
from ektp_desk.core.import_source import Source, read_source, resolve_mapping
from ektp_desk.core.jobs import (
    NEVER_CANCELLED,
    CancelToken,
    Changes,
    Progress,
    ThrottledProgress,
    no_progress,
)
from ektp_desk.core.person_record import (
    COLUMNS,
    INSERT,
    N_VALUE,
    NOTHING,
    Context,
    NikInfo,
    Parser,
    is_empty,
    load_context,
    merge_sources,
    stored_sources,
)

# --- messages ------------------------------------------------------------------------------


messages.register({
    "import_no_name_column": (
        "Kolom NAMA tidak ditemukan. Pastikan ada judul kolom 'NAMA' atau pilih kolomnya.",
        "No NAME column found. Make sure the header row has a 'NAMA' column, or map it.",
    ),
    "import_name_empty": ("Nama kosong", "Name is empty"),
    "import_name_script": (
        "Nama memakai huruf selain huruf Latin; daftar KPU hanya memakai huruf Latin",
        "The name uses letters other than Latin ones; the KPU list only uses Latin letters",
    ),
    "import_duplicate": (
        "NIK sama dengan baris {first}; baris ini tidak diimpor",
        "Same NIK as row {first}; this row was not imported",
    ),
    "import_duplicate_other_name": (
        "NIK sama dengan baris {first} (atas nama {name}); periksa NIK, baris ini tidak "
        "diimpor",
        "Same NIK as row {first} (name {name}); check the NIK, this row was not imported",
    ),
    "import_reading": ("Membaca berkas", "Reading the file"),
    "import_checking": ("Memeriksa baris", "Checking rows"),
    "import_saving": ("Menyimpan", "Saving"),
    "import_report_reason": ("ALASAN DITOLAK", "REASON REJECTED"),
    "import_report_row": ("BARIS ASAL", "SOURCE ROW"),
    "import_report_column": ("KOLOM {n}", "COLUMN {n}"),
    "import_summary": (
        "{rows} baris data: {inserted} baru, {updated} diperbarui, {unchanged} tidak "
        "berubah, {rejected} ditolak, {duplicates} ganda; {warnings} dengan peringatan.",
        "{rows} data rows: {inserted} new, {updated} updated, {unchanged} unchanged, "
        "{rejected} rejected, {duplicates} duplicates; {warnings} with warnings.",
    ),
    "import_dry_run": ("Uji coba: tidak ada yang disimpan.", "Dry run: nothing was saved."),
    "import_report_failed": (
        "{detail}. Laporan kesalahan tidak ditulis; hasil impor di atas tetap berlaku.",
        "{detail}. The error report was not written; the import above stands.",
    ),
    "import_report_written": (
        "Baris yang ditolak dan ganda disimpan di {path}; perbaiki lalu impor lagi.",
        "Rejected and duplicate rows were written to {path}; fix them and import again.",
    ),
})


# --- results -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A row that was not imported: rejected (hard error) or a duplicate NIK."""

    row: int  # row number as the clerk sees it in the file
    nik: str  # the NIK as written
    name: str
    reason: str  # plain Indonesian (or English with --lang en)
    code: str  # machine-readable reason, e.g. 'nik_panjang_salah', 'nama_kosong', 'duplikat'
    duplicate_of: int | None = None  # for duplicates: the row that was imported
    cells: tuple[object, ...] = ()  # the original cells, for the error report

    @property
    def is_duplicate(self) -> bool:
        return self.duplicate_of is not None


CODE_NAME_EMPTY = "nama_kosong"
CODE_NAME_SCRIPT = "nama_huruf_bukan_latin"
CODE_DUPLICATE = "duplikat"


@dataclass
class ImportResult:
    """What an import did (or, for a dry run, would do). Counts are of data rows:
    rows = inserted + updated + unchanged + rejected + duplicates."""

    file_name: str
    sha256: str
    sheet: str | None
    dry_run: bool
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    duplicates: int = 0
    warnings: int = 0  # imported rows with at least one warning
    warning_counts: dict[str, int] = field(default_factory=dict)  # warning code → rows
    problems: list[RowProblem] = field(default_factory=list)  # rejected and duplicates
    headers: list[str] = field(default_factory=list)  # the file's headers (error report)
    delimiter: str | None = None  # of a csv source: the error report uses the same
    batch_id: int | None = None
    changes: Changes = field(default_factory=Changes)

    def counts(self) -> dict[str, int]:
        """The counts as printed by ``ektp-desk import --json``."""
        return {"rows": self.rows, "inserted": self.inserted, "updated": self.updated,
                "unchanged": self.unchanged, "rejected": self.rejected,
                "duplicates": self.duplicates, "warnings": self.warnings}

    def summary(self) -> str:
        """One line for people, in the current language."""
        return messages.text("import_summary", **{k: core_text.format_count(v)
                                                  for k, v in self.counts().items()})


# --- parsing rows --------------------------------------------------------------------------

_NAME_NORM = COLUMNS.index("name_norm")




class _Rows:
    """The accepted rows of a file, in file order, plus what was refused."""

    def __init__(self) -> None:
        self.count = 0
        self.row_numbers: list[int] = []
        self.niks: list[NikInfo] = []
        self.names: list[tuple[str, str]] = []
        self.sources: list[tuple[object, ...]] = []
        self.problems: list[RowProblem] = []
        self.rejected = 0
        self.duplicates = 0


_RT_OR_RW = re.compile(r"R[TW]", re.IGNORECASE)


def _address(cell: object) -> tuple[str | None, bool, str | None, str | None]:
    """(address tidied and without its RT/RW or None, whether it named an RT or RW, rt, rw)
    of an ALAMAT cell; memoised per cell by :func:`_parse_rows` (addresses repeat)."""
    address = NOTHING.get(cell, cell)  # type: ignore[call-overload]
    if not address:
        return None, False, None, None
    if type(address) is not str:
        address = F.cell_text(address)
    elif "  " in address or address[0] == " " or address[-1] == " " or "\n" in address:
        address = " ".join(address.split())
    if _RT_OR_RW.search(address):
        address, rt, rw = F.split_address(address)
        return address or None, True, rt, rw
    return address or None, False, None, None


CHECK_EVERY = 4096  # rows between cancel checks and progress reports (~10 ms of work)


def _parse_rows(source: Source, cols: dict[str, int], parser: Parser, progress: Progress,
                cancel: CancelToken, total: int) -> _Rows:
    """Hard checks (NIK, name, the same NIK twice) and the source values of every row."""
    out = _Rows()
    # Rows are padded to `empty + 1` cells; an unmapped field reads cell `empty`: always ''.
    empty = max([source.width, *[c + 1 for c in cols.values()]])
    pad = [""] * (empty + 1)
    width = empty + 1
    i_nik, i_name = cols["nik"], cols["name"]
    i_nkk, i_place, i_date, i_pd = (cols.get(f, empty) for f in (
        "nkk", "birth_place", "birth_date", "birth_place_date"))
    i_sex, i_marital, i_address = (cols.get(f, empty) for f in ("sex", "marital", "address"))
    i_rt, i_rw, i_rtrw = (cols.get(f, empty) for f in ("rt", "rw", "rt_rw"))
    i_kel, i_kec, i_dis, i_note = (cols.get(f, empty) for f in (
        "kelurahan", "kecamatan", "disability", "note"))
    title_kel = source.title_values.get("kelurahan") or None
    title_kec = source.title_values.get("kecamatan") or None
    addresses = parser.addresses
    nothing = NOTHING.get  # nothing(cell, cell): None for '', '-' and the like, else the cell
    parse_nik = parser.nik
    name_of = parser.name
    NikError = nik_rules.NikError
    seen: dict[str, int] = {}
    lang = messages.language()
    niks, names, sources, row_numbers = out.niks, out.names, out.sources, out.row_numbers
    first_index = source.first_data_row - 1
    rows = source.rows
    for index in range(first_index, len(rows)):
        if not (index - first_index) % CHECK_EVERY:
            cancel.raise_if_cancelled()
            progress(index - first_index, total * 2, messages.text("import_checking"))
        cells = rows[index]
        if len(cells) < width:
            cells = [*cells, *pad[len(cells):]]
        raw_nik = cells[i_nik]
        name, name_norm = name_of(cells[i_name])
        if not name_norm and is_empty(raw_nik):
            continue  # a blank, note or signature line, not a person
        if type(raw_nik) is str and raw_nik.strip().upper() == "NIK":
            continue  # the header repeated (each printed page has one)
        out.count += 1
        try:
            nik = parse_nik(raw_nik)
        except NikError as exc:
            out.rejected += 1
            out.problems.append(RowProblem(
                index + 1, F.cell_text(raw_nik), name,
                nik_rules.reason_text(exc.code, lang=lang, **exc.params), exc.code, None,
                tuple(cells)))
            continue
        # Cyrillic, CJK, Devanagari …: the search key drops them, so say why, not "empty"
        foreign = not name.isascii() and core_text.has_foreign_letters(name)
        if foreign or not name_norm:
            code, reason = ((CODE_NAME_SCRIPT, "import_name_script") if foreign
                            else (CODE_NAME_EMPTY, "import_name_empty"))
            out.rejected += 1
            out.problems.append(RowProblem(index + 1, F.cell_text(raw_nik), name,
                                           messages.text(reason), code, None, tuple(cells)))
            continue
        value = nik[N_VALUE]
        first = seen.get(value)
        if first is not None:
            out.duplicates += 1
            first_name, first_norm = names[first]
            reason = (messages.text("import_duplicate", first=row_numbers[first])
                      if first_norm == name_norm
                      else messages.text("import_duplicate_other_name",
                                         first=row_numbers[first], name=first_name))
            out.problems.append(RowProblem(index + 1, F.cell_text(raw_nik), name, reason,
                                           CODE_DUPLICATE, row_numbers[first], tuple(cells)))
            continue

        place = nothing(cells[i_place], cells[i_place])
        birth = nothing(cells[i_date], cells[i_date])
        if i_pd != empty and (place is None or birth is None):
            p, d = F.split_place_date(cells[i_pd])
            place = place or p or None
            birth = birth or d or None
        if birth is not None:
            odd = parser.birth_problem(birth)
            if odd is not None:
                out.rejected += 1
                out.problems.append(RowProblem(index + 1, F.cell_text(raw_nik), name,
                                               odd[1], odd[0], None, tuple(cells)))
                continue
        seen[value] = len(niks)
        rt = nothing(cells[i_rt], cells[i_rt])
        rw = nothing(cells[i_rw], cells[i_rw])
        if i_rtrw != empty and (rt is None or rw is None) and cells[i_rtrw]:
            try:
                prt, prw = F.parse_rt_rw(cells[i_rtrw])
            except ValueError:
                prt, prw = cells[i_rtrw], None  # kept, then flagged when parsed
            rt, rw = rt or prt, rw or prw
        cell = cells[i_address]
        found = addresses.get(cell)
        if found is None:
            found = addresses[cell] = _address(cell)
        address, split, art, arw = found
        if split:
            rt, rw = rt or art, rw or arw
        kel = nothing(cells[i_kel], cells[i_kel]) or title_kel
        kec = nothing(cells[i_kec], cells[i_kec]) or title_kec
        row_numbers.append(index + 1)
        niks.append(nik)
        names.append((name, name_norm))
        sources.append((nothing(cells[i_nkk], cells[i_nkk]), place, birth,
                        nothing(cells[i_sex], cells[i_sex]),
                        nothing(cells[i_marital], cells[i_marital]), address, rt, rw,
                        kel, kec, nothing(cells[i_dis], cells[i_dis]),
                        nothing(cells[i_note], cells[i_note])))
    return out


# --- the import ----------------------------------------------------------------------------

LOOKUP_CHUNK = 900  # NIKs per "IN (…)" query: well under SQLite's variable limit
WRITE_CHUNK = 5_000
_PERSON_COLUMNS = ", ".join(COLUMNS)
_UPDATE = ("UPDATE person SET " + ", ".join(f"{c} = ?" for c in COLUMNS[1:])
           + ", last_import_id = ?, updated_at = ? WHERE id = ?")


def run_import(
    db: pw.SqliteDatabase,
    path: str | Path | Source,
    *,
    sheet: str | None = None,
    mapping: Mapping[str, int | str | None] | None = None,
    dry_run: bool = False,
    today: dt.date,
    progress: Progress = no_progress,
    cancel: CancelToken = NEVER_CANCELLED,
) -> ImportResult:
    """Import the KPU list at `path` (or an already read :class:`Source`).

    `mapping` (field id → column index or header text) replaces the guessed one; fields
    not in it are not imported. Everything is written in one transaction: a cancel or an
    error leaves the database exactly as it was. Known NIKs are updated field by field
    (non-empty cells overwrite, empty cells keep the old value); status and events are
    never touched. Raises UserError (unreadable/empty file, no NIK column, bad mapping,
    database busy) or Cancelled.
    """
    if not dry_run:  # the preview reads only
        accounts.require_acting(db, "import")
    with _no_cyclic_gc():
        return _run_import(db, path, sheet=sheet, mapping=mapping, dry_run=dry_run,
                           today=today, progress=progress, cancel=cancel)


@contextlib.contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for the import. Reading and checking 100,000 rows
    keep several hundred thousand lists and tuples alive (none in a reference cycle), and
    every few hundred allocations make the collector walk them again: measured ~0.2 s of a
    100,000-row import. Reference counting still frees everything as usual; the collector
    comes back afterwards, also on an error or a cancel."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _run_import(
    db: pw.SqliteDatabase,
    path: str | Path | Source,
    *,
    sheet: str | None,
    mapping: Mapping[str, int | str | None] | None,
    dry_run: bool,
    today: dt.date,
    progress: Progress,
    cancel: CancelToken,
) -> ImportResult:
    progress = ThrottledProgress(progress)
    progress(0, 1, messages.text("import_reading"))
    source = path if isinstance(path, Source) else read_source(path, sheet)
    cols = resolve_mapping(source, mapping)
    if "nik" not in cols:
        raise UserError("no_nik_column")
    if "name" not in cols:
        raise UserError("import_no_name_column")
    try:
        ctx = load_context(db, today)
        total = max(1, source.row_count)
        parser = Parser(ctx)
        rows = _parse_rows(source, cols, parser, progress, cancel, total)
        if rows.count == 0:
            raise UserError("file_empty")
        result = ImportResult(
            file_name=source.path.name, sha256=source.sha256, sheet=source.sheet,
            dry_run=dry_run, rows=rows.count, rejected=rows.rejected,
            duplicates=rows.duplicates, problems=rows.problems,
            headers=list(source.headers), delimiter=source.delimiter)
        if dry_run:
            _plan(db, rows, parser, result, progress, cancel, total)
        else:
            backup.before(db, backup.IMPORT)
            with db.atomic():
                plan = _plan(db, rows, parser, result, progress, cancel, total)
                _write(db, plan, ctx, result, progress, cancel, total)
            result.changes = Changes(people=bool(result.inserted or result.updated),
                                     imports=True)
    except (sqlite3.DatabaseError, pw.DatabaseError) as exc:
        known = environment_error(exc)  # busy, full or read-only: words for the clerk
        if known is None:
            raise
        raise known from exc
    progress(total * 2, total * 2, messages.text("import_saving"))
    return result


@dataclass
class _Plan:
    inserts: list[tuple]
    updates: list[tuple]  # (COLUMNS[1:]…, id)
    renamed: list[tuple[int, str, str]]  # (person id, old name_norm, new name_norm)


def _existing(conn: sqlite3.Connection, niks: list[str]) -> dict[str, tuple[int, tuple]]:
    """NIK → (person id, stored COLUMNS) for the NIKs already in the database."""
    found: dict[str, tuple[int, tuple]] = {}
    if conn.execute("SELECT 1 FROM person LIMIT 1").fetchone() is None:
        return found  # first import into an empty list: nothing to look up
    sql_cache: dict[int, str] = {}
    for start in range(0, len(niks), LOOKUP_CHUNK):
        chunk = niks[start:start + LOOKUP_CHUNK]
        sql = sql_cache.get(len(chunk))
        if sql is None:
            sql = (f"SELECT id, {_PERSON_COLUMNS} FROM person "
                   f"WHERE nik IN ({', '.join('?' * len(chunk))})")
            sql_cache[len(chunk)] = sql
        for row in conn.execute(sql, chunk):
            found[row[1]] = (row[0], row[1:])
    return found


def _plan(db: pw.Database, rows: _Rows, parser: Parser, result: ImportResult,
          progress: Progress, cancel: CancelToken, total: int) -> _Plan:
    """Derive every accepted row (merged with the stored person for known NIKs) and sort
    them into new, changed and unchanged; fills the counts of `result`."""
    conn = db.connection()
    existing = _existing(conn, [n[N_VALUE] for n in rows.niks])
    plan = _Plan([], [], [])
    by_warnings: dict[str, int] = {}  # warnings JSON → rows
    derive = parser.derive
    niks, names, sources = rows.niks, rows.names, rows.sources
    count = len(niks)
    for index in range(count):
        if not index % CHECK_EVERY:
            cancel.raise_if_cancelled()
            progress(total + index * total // max(1, count), total * 2,
                     messages.text("import_saving"))
        nik = niks[index]
        name, name_norm = names[index]
        known = existing.get(nik[N_VALUE]) if existing else None
        if known is None:
            stored = derive(nik, name, name_norm, sources[index])
            plan.inserts.append(stored)
        else:
            person_id, old = known
            merged = merge_sources(sources[index], stored_sources(old))
            stored = derive(nik, name, name_norm, merged)
            if stored == old:
                result.unchanged += 1
            else:
                plan.updates.append((*stored[1:], person_id))
                if old[_NAME_NORM] != stored[_NAME_NORM]:
                    plan.renamed.append((person_id, old[_NAME_NORM], stored[_NAME_NORM]))
        warnings = stored[-1]
        if warnings != "[]":
            by_warnings[warnings] = by_warnings.get(warnings, 0) + 1
    warning_counts: dict[str, int] = {}
    for warnings, rows_with in by_warnings.items():
        for code in warnings[2:-2].split('","'):
            warning_counts[code] = warning_counts.get(code, 0) + rows_with
    result.inserted = len(plan.inserts)
    result.updated = len(plan.updates)
    result.warnings = sum(by_warnings.values())
    result.warning_counts = dict(sorted(warning_counts.items()))
    return plan


def _by_name(row: tuple) -> str:
    return row[_NAME_NORM]


REBUILD_MIN_ROWS = 20_000


def _indexes_to_rebuild(conn: sqlite3.Connection, inserting: int) -> list[tuple[str, str]]:
    """The person table's secondary indexes, when building them afresh after the load is
    cheaper than updating them row by row: a big import into a list no bigger than it
    (SQLite sorts once instead of inserting 100,000 times into five B-trees). DDL is
    transactional in SQLite, so a cancel or an error brings the indexes back untouched.
    The NIK's UNIQUE index stays (it has no SQL and guards the load)."""
    if inserting < REBUILD_MIN_ROWS:
        return []
    existing = conn.execute("SELECT count(*) FROM person").fetchone()[0]
    if existing > inserting:
        return []
    return conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'person' "
        "AND sql IS NOT NULL ORDER BY name").fetchall()


def _write(db: pw.Database, plan: _Plan, ctx: Context, result: ImportResult,
           progress: Progress, cancel: CancelToken, total: int) -> None:
    """Record the batch and write the people (inside the caller's transaction)."""
    conn = db.connection()
    now = clock.timestamp()
    cursor = conn.execute(
        "INSERT INTO import_batch (file_name, sha256, sheet, rows, inserted, updated, "
        "unchanged, rejected, duplicates, warnings, imported_at, imported_by) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (result.file_name, result.sha256, result.sheet, result.rows, result.inserted,
         result.updated, result.unchanged, result.rejected, result.duplicates,
         result.warnings, now, ctx.user))
    batch_id = cursor.lastrowid
    result.batch_id = batch_id
    tail = (batch_id, batch_id, now, now)
    # In name order: the secondary indexes all end in name_norm, so most index inserts
    # become appends (measured: ~25% faster than file order at 100,000 rows).
    inserts = sorted(plan.inserts, key=_by_name)
    rebuild = _indexes_to_rebuild(conn, len(inserts))
    for _name, _sql in rebuild:
        conn.execute(f'DROP INDEX "{_name}"')
    for start in range(0, len(inserts), WRITE_CHUNK):
        cancel.raise_if_cancelled()
        conn.executemany(INSERT, [row + tail for row in inserts[start:start + WRITE_CHUNK]])
        done = min(len(inserts), start + WRITE_CHUNK)
        progress(total + done * total // len(inserts), total * 2,
                 messages.text("import_saving"))
    for _name, sql in rebuild:
        cancel.raise_if_cancelled()
        conn.execute(sql)
    if plan.updates:
        cancel.raise_if_cancelled()
        updates = [(*row[:-1], batch_id, now, row[-1]) for row in plan.updates]
        for start in range(0, len(updates), WRITE_CHUNK):
            cancel.raise_if_cancelled()
            conn.executemany(_UPDATE, updates[start:start + WRITE_CHUNK])
        for person_id, old_norm, new_norm in plan.renamed:
            search.reindex_name(db, person_id, old_norm, new_norm)
    cancel.raise_if_cancelled()
    audit.record(db, ctx.user, "import", file=result.file_name, sha256=result.sha256,
                 sheet=result.sheet, batch=batch_id, **result.counts())


# --- the error report ----------------------------------------------------------------------


def write_error_report(result: ImportResult, out_path: str | Path, *,
                       db: pw.Database | None = None, user: str | None = None) -> Path:
    """Write the rejected and duplicate rows (original columns + reason + source row) to
    `out_path`: xlsx when it ends in .xlsx, csv otherwise. Returns the path written.

    The file is a valid KPU list again (the original header and cells), so once fixed it
    can be imported as it is; the two added columns are ignored by the import. A NIK the
    source held as an Excel number is written back as a number, never "repaired".
    """
    out = Path(out_path)
    if db is not None:  # the refused rows hold full NIKs: an export, recorded first
        audit.record_before_disclosure(
            db, user or accounts.acting_name(db), "ekspor_laporan_impor",
            file=out.name, source=result.file_name, rows=len(result.problems))
    width = max([len(result.headers), *[len(p.cells) for p in result.problems]], default=0)

    def used(column: int) -> bool:
        return bool(column < len(result.headers) and result.headers[column]) or any(
            column < len(p.cells) and F.cell_text(p.cells[column]) for p in result.problems)

    while width and not used(width - 1):
        width -= 1  # columns empty everywhere (the padding of short rows)
    headers = [(result.headers[i] if i < len(result.headers) else "") or
               messages.text("import_report_column", n=i + 1) for i in range(width)]
    headers += [messages.text("import_report_reason"), messages.text("import_report_row")]
    rows = [([*p.cells[:width], *[""] * (width - len(p.cells))], p.reason, p.row)
            for p in sorted(result.problems, key=lambda p: p.row)]
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        if out.suffix.lower() == ".xlsx":
            _write_xlsx_report(tmp, headers, rows)
        else:
            _write_csv_report(tmp, headers, rows, result.delimiter or ";")
        os.replace(tmp, out)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise UserError("write_failed", path=out, detail=exc.strerror or exc) from exc
    return out


def _report_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) >= 1e15:
        return f"{value:.15G}"  # as Excel shows it: the lost digit stays visibly lost
    if isinstance(value, dt.datetime | dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        return day.strftime("%d-%m-%Y")
    return F.cell_text(value)


def _csv_report_cell(value: object) -> object:
    text = _report_text(value)
    # a number the source held as one stays a number (-5 is not a formula); text is made safe
    if isinstance(value, int | float) and not isinstance(value, bool):
        return text
    return outputs.csv_cell(text)


def _write_csv_report(path: Path, headers: list[str],
                      rows: list[tuple[list[object], str, int]], delimiter: str) -> None:
    # UTF-8 with BOM: Excel then opens it with the right letters; same separator as the source
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(outputs.csv_row(headers))
        for cells, reason, row_no in rows:
            writer.writerow([*(_csv_report_cell(c) for c in cells), reason, row_no])
        handle.flush()
        os.fsync(handle.fileno())


def _write_xlsx_report(path: Path, headers: list[str],
                       rows: list[tuple[list[object], str, int]]) -> None:
    import xlsxwriter  # only when a report is written

    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False,
                                           "strings_to_formulas": False,
                                           "strings_to_urls": False})
    try:
        sheet = book.add_worksheet("Ditolak")
        bold = book.add_format({"bold": True})
        date_format = book.add_format({"num_format": "dd-mm-yyyy"})
        text_format = book.add_format({"num_format": "@"})
        sheet.write_row(0, 0, headers, bold)
        for r, (cells, reason, row_no) in enumerate(rows, start=1):
            for c, value in enumerate(cells):
                if isinstance(value, dt.datetime | dt.date):
                    sheet.write_datetime(r, c, value if isinstance(value, dt.datetime)
                                         else dt.datetime.combine(value, dt.time()),
                                         date_format)
                elif isinstance(value, bool):
                    sheet.write_boolean(r, c, value)
                elif isinstance(value, int | float):
                    sheet.write_number(r, c, value)
                elif value is not None and value != "":
                    sheet.write_string(r, c, str(value), text_format)
            sheet.write_string(r, len(cells), reason)
            sheet.write_number(r, len(cells) + 1, row_no)
        sheet.freeze_panes(1, 0)
    finally:
        book.close()
