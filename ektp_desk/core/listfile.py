"""Small lists a clerk brings in (holidays, a school's list of students): csv or xlsx read
into rows of cells, and a header finder. The KPU importer has its own, heavier reader.

csv: UTF-8 (with or without BOM) or Windows-1252, comma, semicolon or tab separated
(Excel on an Indonesian-locale PC writes semicolons). xlsx: read with python-calamine.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from pathlib import Path

from ektp_desk.core.errors import UserError
from ektp_desk.core.text import clean

MAX_HEADER_SEARCH = 20  # title rows above the header are common; more is not a list


def read_rows(path: Path, *, sheet: str | None = None) -> list[list[object]]:
    """Every row of the file as a list of cells (text for csv; numbers, dates or text for
    xlsx). UserError when the file is missing, unreadable or of an unknown type."""
    path = Path(path)
    if not path.exists():
        raise UserError("file_not_found", path=path)
    suffix = path.suffix.lower()
    try:
        if suffix in (".csv", ".txt"):
            return _read_csv(path.read_bytes())
        if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
            return _read_sheet(path, sheet)
    except UserError:
        raise
    except (OSError, ValueError, csv.Error) as exc:
        raise UserError("file_unreadable", path=path, detail=str(exc)) from exc
    except Exception as exc:  # calamine raises its own error types for broken files
        if type(exc).__module__.startswith("python_calamine"):
            raise UserError("file_unreadable", path=path, detail=str(exc)) from exc
        raise
    raise UserError("file_type_unknown", path=path)


def _read_csv(data: bytes) -> list[list[object]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    sample = "\n".join(text.splitlines()[:MAX_HEADER_SEARCH])
    delimiter = max((";", ",", "\t"), key=sample.count) if sample else ","
    return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _read_sheet(path: Path, sheet: str | None) -> list[list[object]]:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    names = book.sheet_names
    if sheet is not None and sheet not in names:
        raise UserError("sheet_not_found", sheet=sheet, sheets=", ".join(names))
    return [list(row) for row in book.get_sheet_by_name(sheet or names[0]).to_python()]


def header_key(value: object) -> str:
    """A header cell compared loosely: 'Nama Lengkap ' → 'NAMA LENGKAP'."""
    return clean(value).upper().replace("_", " ").rstrip(":")


def find_header(rows: Sequence[Sequence[object]], spec: Mapping[str, Sequence[str]], *,
                required: str) -> tuple[int | None, dict[str, int]]:
    """The index of the header row (the first row naming the `required` field within the
    first rows) and the column of each field found, by the names in `spec`."""
    for index, row in enumerate(rows[:MAX_HEADER_SEARCH]):
        keys = [header_key(c) for c in row]
        found: dict[str, int] = {}
        for field_name, names in spec.items():
            for column, key in enumerate(keys):
                if key in names and column not in found.values():
                    found[field_name] = column
                    break
        if required in found:
            return index, found
    return None, {}


def cell(row: Sequence[object], column: int | None) -> object:
    """The cell at `column`, or None when the row is short or the column absent."""
    if column is None or column >= len(row):
        return None
    return row[column]
