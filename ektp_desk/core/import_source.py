"""Reading a KPU list for import: a csv or a workbook, its header row below any title rows,
the target fields its columns can fill and the mapping of its headers to them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ektp_desk.core import fields as F
from ektp_desk.core import messages, outputs
from ektp_desk.core.errors import UserError

messages.register({
    "import_header_row_bad": (
        "Baris judul {row} tidak ada di berkas (berkas berisi {rows} baris).",
        "Header row {row} is not in the file (it has {rows} rows).",
    ),
    "import_utf16_broken": (
        "Berkas {path} rusak: teks UTF-16 di dalamnya terpotong atau tidak utuh. Simpan "
        "ulang dari Excel sebagai CSV UTF-8 lalu impor lagi.",
        "File {path} is damaged: its UTF-16 text is cut short or broken. Save it again "
        "from Excel as CSV UTF-8 and import again.",
    ),
})


# --- target fields and header mapping ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TargetField:
    """A field of a person that a column of the file can fill."""

    id: str
    label: str  # Indonesian, for the mapping step
    label_en: str
    required: bool = False

    @property
    def shown(self) -> str:
        """The label in the language of the messages (the window's language)."""
        return self.label_en if messages.language() == "en" else self.label


FIELDS: dict[str, TargetField] = {f.id: f for f in (
    TargetField("nik", "NIK", "NIK", True),
    TargetField("name", "Nama lengkap", "Full name", True),
    TargetField("nkk", "Nomor KK (NKK)", "Family card number (NKK)"),
    TargetField("birth_place", "Tempat lahir", "Place of birth"),
    TargetField("birth_date", "Tanggal lahir", "Date of birth"),
    TargetField("birth_place_date", "Tempat/tanggal lahir (satu kolom)",
                "Place/date of birth (one column)"),
    TargetField("sex", "Jenis kelamin (L/P)", "Sex (L/P)"),
    TargetField("marital", "Status perkawinan (B/S/P)", "Marital status (B/S/P)"),
    TargetField("address", "Alamat (jalan/dukuh)", "Address (street/hamlet)"),
    TargetField("rt", "RT", "RT"),
    TargetField("rw", "RW", "RW"),
    TargetField("rt_rw", "RT/RW (satu kolom)", "RT/RW (one column)"),
    TargetField("kelurahan", "Kelurahan/desa", "Kelurahan/village"),
    TargetField("kecamatan", "Kecamatan", "Kecamatan"),
    TargetField("disability", "Jenis disabilitas", "Kind of disability"),
    TargetField("note", "Keterangan", "Notes (KETERANGAN)"),
)}
"""Target field id → its definition, in the order the mapping step shows them."""

REQUIRED_FIELDS: frozenset[str] = frozenset(f.id for f in FIELDS.values() if f.required)

_HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "nik": ("NIK", "NO NIK", "NOMOR NIK", "NIK KTP", "N I K", "NOMOR INDUK KEPENDUDUKAN",
            "NIK PEMILIH"),
    "nkk": ("NKK", "NO KK", "NOMOR KK", "NO KARTU KELUARGA", "NOMOR KARTU KELUARGA", "KK",
            "NO NKK", "NOMOR NKK", "NKK PEMILIH"),
    "name": ("NAMA", "NAMA LENGKAP", "NAMA PEMILIH", "NAMA WARGA", "NAMA PENDUDUK",
             "NAMA SESUAI KK", "NAMA SESUAI KTP"),
    "birth_place": ("TEMPAT LAHIR", "TMP LAHIR", "TPT LAHIR", "TMPT LAHIR", "TEMPAT LHR",
                    "TMP LHR"),
    "birth_date": ("TANGGAL LAHIR", "TGL LAHIR", "TGL LHR", "TANGGAL LHR", "TGLLAHIR",
                   "TANGGAL BULAN TAHUN LAHIR", "TGL BLN THN LAHIR", "TANGGAL LAHIR DD MM YYYY"),
    "birth_place_date": ("TEMPAT TANGGAL LAHIR", "TEMPAT TGL LAHIR", "TTL",
                         "TEMPAT DAN TANGGAL LAHIR", "TEMPAT TGL LHR", "TMP TGL LAHIR"),
    "sex": ("JENIS KELAMIN", "JK", "L P", "LK PR", "KELAMIN", "SEX", "GENDER", "J K",
            "JNS KELAMIN", "JENIS KEL", "JNS KEL"),
    "marital": ("STATUS PERKAWINAN", "STATUS KAWIN", "KAWIN", "STS KAWIN", "PERKAWINAN",
                "STATUS NIKAH", "B S P", "STATUS PERNIKAHAN", "ST KAWIN", "STS PERKAWINAN"),
    "address": ("ALAMAT", "ALAMAT JALAN DUKUH", "ALAMAT LENGKAP", "JALAN DUKUH", "DUKUH",
                "JALAN", "ALAMAT RUMAH", "DUSUN", "JALAN DUKUH DUSUN", "ALAMAT JALAN"),
    "rt": ("RT", "NO RT"),
    "rw": ("RW", "NO RW"),
    "rt_rw": ("RT RW", "RTRW"),
    "kelurahan": ("KELURAHAN", "DESA", "KELURAHAN DESA", "DESA KELURAHAN", "KEL", "KEL DESA",
                  "DESA KEL", "NAMA KELURAHAN", "NAMA DESA", "KELURAHAN DESA DOMISILI"),
    "kecamatan": ("KECAMATAN", "KEC", "NAMA KECAMATAN"),
    "disability": ("DISABILITAS", "JENIS DISABILITAS", "DIFABEL", "PENYANDANG DISABILITAS",
                   "JENIS CACAT", "RAGAM DISABILITAS", "DISABILITAS JENIS"),
    "note": ("KETERANGAN", "KET", "CATATAN", "KETERANGAN DISABILITAS", "KET DISABILITAS",
             "KETERANGAN LAIN"),
}
_ALIAS_TO_FIELD = {alias: fid for fid, aliases in _HEADER_ALIASES.items() for alias in aliases}
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NOT_ALNUM = re.compile(r"[^A-Z0-9]+")


def _header_key(text: object) -> str:
    return " ".join(_NOT_ALNUM.sub(" ", F.cell_text(text).upper()).split())


def header_field(header: object) -> str | None:
    """The target field a header text means ("TGL. LAHIR" → birth_date), or None."""
    key = _header_key(header)
    if not key:
        return None
    found = _ALIAS_TO_FIELD.get(key) or _ALIAS_TO_FIELD.get(key.replace(" ", ""))
    if found is None:
        bare = _header_key(_PARENS.sub(" ", F.cell_text(header).upper()))
        found = _ALIAS_TO_FIELD.get(bare) if bare else None
    return found


def guess_mapping(headers: Sequence[object]) -> dict[str, int]:
    """Target field id → column index (0-based) for the headers we recognise.

    "NAMA LENGKAP" → name, "TGL. LAHIR" → birth_date, "JENIS KELAMIN (L/P)" → sex, ...
    Each field is used at most once (the leftmost column wins).
    """
    mapping: dict[str, int] = {}
    for index, header in enumerate(headers):
        fid = header_field(header)
        if fid is not None and fid not in mapping:
            mapping[fid] = index
    return mapping


# --- reading -------------------------------------------------------------------------------

CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
SHEET_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"})
HEADER_SEARCH_ROWS = 40  # title rows above the header: a few in practice

_TITLE_VALUE = re.compile(
    r"^\s*(KELURAHAN\s*/\s*DESA|DESA\s*/\s*KELURAHAN|KELURAHAN|DESA|KEL\.?|KECAMATAN|KEC\.?)"
    r"\s*[:=]?\s*(.*)$", re.IGNORECASE)


@dataclass
class Source:
    """A file opened for import: where the header is, what it says, and its data rows.

    ``header_row`` and every row number are 1-based and as the clerk sees them in the file
    (the Excel row number, or the record number of a csv); ``header_row`` is 0 when no
    header row was found.
    """

    path: Path
    kind: str  # 'csv' | 'xlsx'
    sheet_names: list[str]
    sheet: str | None
    header_row: int
    headers: list[str]
    sha256: str
    encoding: str | None = None  # csv only
    delimiter: str | None = None  # csv only
    title_values: dict[str, str] = field(default_factory=dict)
    """Values found in the title rows above the header, e.g. ``{'kelurahan': 'MEDONO'}``:
    they fill rows whose own cell is empty."""
    first_data_row: int = 1
    """Row number of the first row below the header (a row of column numbers 1, 2, 3…
    right under the header is skipped)."""
    rows: list[list[object]] = field(default_factory=list, repr=False)
    """Every row of the file or sheet; rows[i] is row number i + 1."""

    def data_rows(self) -> Iterator[tuple[int, list[object]]]:
        """(row number, cells) of every non-blank row below the header."""
        rows = self.rows
        for index in range(self.first_data_row - 1, len(rows)):
            cells = rows[index]
            if _blank(cells):
                continue
            yield index + 1, cells

    def preview(self, limit: int = 20) -> list[tuple[int, list[object]]]:
        """The first `limit` data rows, for the wizard's preview table."""
        found = []
        for item in self.data_rows():
            if len(found) >= limit:
                break
            found.append(item)
        return found

    @property
    def row_count(self) -> int:
        """Rows below the header (blank rows included): a total for progress bars."""
        return max(0, len(self.rows) - self.first_data_row + 1)

    @property
    def width(self) -> int:
        """Number of columns (the widest of the header and the first rows)."""
        widths = [len(self.headers)] + [len(r) for r in self.rows[:HEADER_SEARCH_ROWS]]
        return max(widths)

    def guess_mapping(self) -> dict[str, int]:
        return guess_mapping(self.headers)


def _blank(cells: Sequence[object]) -> bool:
    for cell in cells:
        if cell is not None and cell != "" and (type(cell) is not str or cell.strip()):
            return False
    return True


def read_source(path: str | Path, sheet: str | None = None, *,
                header_row: int | None = None) -> Source:
    """Open `path` (csv or xlsx) and find its header row.

    csv: comma, semicolon or tab, UTF-8 with or without BOM or Windows-1252 (detected).
    xlsx (and xls/xlsb/ods) through python-calamine; without `sheet`, the first sheet that
    has a NIK column. `header_row` (1-based) overrides the detection.
    Raises UserError: file_not_found, file_type_unknown, file_unreadable, sheet_not_found,
    file_empty, import_header_row_bad.
    """
    path = Path(path)
    if not path.is_file():
        raise UserError("file_not_found", path=path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError("file_unreadable", path=path, detail=exc.strerror or exc) from exc
    digest = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    if suffix in SHEET_SUFFIXES or (suffix not in CSV_SUFFIXES and _looks_like_workbook(data)):
        source = _read_workbook(path, data, digest, sheet)
    elif suffix in CSV_SUFFIXES:
        source = _read_csv(path, data, digest)
    else:
        raise UserError("file_type_unknown", path=path)
    if _blank_file(source.rows):
        raise UserError("file_empty")
    _place_header(source, header_row)
    return source


def _looks_like_workbook(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _blank_file(rows: list[list[object]]) -> bool:
    return all(_blank(r) for r in rows)


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:  # an odd byte count (cut short) or a lone surrogate
            raise UserError("import_utf16_broken", path=path) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Excel on an Indonesian-locale Windows PC: Windows-1252. Its five undefined bytes
    # are read as Latin-1 rather than failing the whole file.
    return data.decode("cp1252", errors="replace").replace("\ufffd", ""), "cp1252"


def _read_csv(path: Path, data: bytes, digest: str) -> Source:
    text, encoding = _decode(path, data)
    if "\x00" in text:
        raise UserError("file_unreadable", path=path, detail="bukan berkas teks")
    delimiter = _sniff_delimiter(text)
    try:
        rows: list[list[object]] = list(csv.reader(io.StringIO(text, newline=""),
                                                   delimiter=delimiter))
    except csv.Error as exc:
        raise UserError("file_unreadable", path=path, detail=str(exc)) from exc
    if _QUOTED_FORMULA.search(text):  # our own error report read again: its cells as they were
        rows = [[_unquoted(c) for c in row] for row in rows]
    return Source(path=path, kind="csv", sheet_names=[], sheet=None, header_row=0,
                  headers=[], sha256=digest, encoding=encoding, delimiter=delimiter, rows=rows)


_QUOTED_FORMULA = re.compile("'[" + re.escape("".join(outputs.FORMULA_START)) + "]")


def _unquoted(cell: object) -> object:
    """A cell the csv writers made safe with a leading quote, without it."""
    if isinstance(cell, str) and cell[:1] == "'" and cell[1:].startswith(outputs.FORMULA_START):
        return cell[1:]
    return cell


def _sniff_delimiter(text: str) -> str:
    """The separator that splits the head of the file into the most columns (comma wins a
    tie); Excel with an Indonesian locale writes semicolons."""
    sample = text[:65_536]
    if len(text) > len(sample):
        sample = sample[:sample.rfind("\n") + 1] or sample
    best, best_width = ",", 0
    for delimiter in (",", ";", "\t", "|"):
        try:
            rows = list(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter))
        except csv.Error:
            continue
        width = max((len(r) for r in rows[:HEADER_SEARCH_ROWS]), default=0)
        if width > best_width:
            best, best_width = delimiter, width
    return best


def _read_workbook(path: Path, data: bytes, digest: str, sheet: str | None) -> Source:
    from python_calamine import CalamineWorkbook  # imported when an xlsx is read

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = list(book.sheet_names)
    except Exception as exc:  # calamine raises several types for broken files
        raise UserError("file_unreadable", path=path, detail=_short(exc)) from exc
    if not names:
        raise UserError("file_empty")
    if sheet is not None and sheet not in names:
        raise UserError("sheet_not_found", sheet=sheet, sheets=", ".join(names))
    candidates = [sheet] if sheet is not None else names
    chosen: Source | None = None
    for name in candidates:
        try:
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception as exc:
            raise UserError("file_unreadable", path=path, detail=_short(exc)) from exc
        source = Source(path=path, kind="xlsx", sheet_names=names, sheet=name, header_row=0,
                        headers=[], sha256=digest, rows=rows)
        if sheet is not None:
            return source
        if chosen is None and not _blank_file(rows):
            chosen = source
        if _find_header(rows)[1]:
            return source  # the first sheet with a NIK column
    return chosen or Source(path=path, kind="xlsx", sheet_names=names, sheet=names[0],
                            header_row=0, headers=[], sha256=digest, rows=[])


def _short(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) < 200 else text[:200] + "…"


def _find_header(rows: list[list[object]]) -> tuple[int, bool]:
    """(1-based header row or 0, whether it has a NIK column): the first row naming NIK,
    else the row naming the most known fields (at least two), else the first row."""
    best_row, best_score = 0, 1
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = {header_field(c) for c in cells if c != "" and c is not None}
        found.discard(None)
        if ("nik" in found and len(found) >= 2) or (
                found == {"nik"} and _next_has_nik(rows, index)):
            return index + 1, True
        if len(found) > best_score:
            best_row, best_score = index + 1, len(found)
    if best_row == 0:  # nothing recognised: the first written row, for the clerk to map
        best_row = next((i + 1 for i, cells in enumerate(rows[:HEADER_SEARCH_ROWS])
                         if not _blank(cells)), 0)
    return best_row, False


def _next_has_nik(rows: list[list[object]], index: int) -> bool:
    """A lone 'NIK' header is a header when a NIK-like value sits under it."""
    if index + 1 >= len(rows):
        return False
    column = next(i for i, c in enumerate(rows[index]) if header_field(c) == "nik")
    below = rows[index + 1]
    return column < len(below) and len(F.cell_text(below[column]).replace(" ", "")) >= 15


def _place_header(source: Source, header_row: int | None) -> None:
    rows = source.rows
    if header_row is None:
        header_row, _ = _find_header(rows)
    elif not 0 <= header_row <= len(rows):
        raise UserError("import_header_row_bad", row=header_row, rows=len(rows))
    source.header_row = header_row
    if header_row:
        source.headers = [F.cell_text(c) for c in rows[header_row - 1]]
        while source.headers and not source.headers[-1]:
            source.headers.pop()
    source.first_data_row = header_row + 1
    if header_row and header_row < len(rows) and _is_column_numbers(rows[header_row]):
        source.first_data_row += 1
    source.title_values = _title_values(rows[:max(0, header_row - 1)])


def _is_column_numbers(cells: list[object]) -> bool:
    """KPU sheets often number the columns (1, 2, 3, …) in the row under the header."""
    values = [F.cell_text(c) for c in cells if F.cell_text(c)]
    if len(values) < 3 or not all(v.isdigit() for v in values):
        return False
    numbers = [int(v) for v in values]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers))) and numbers[0] <= 2


def _title_values(rows: list[list[object]]) -> dict[str, str]:
    """'KELURAHAN : MEDONO' and 'KECAMATAN : PEKALONGAN BARAT' in the title rows, written in
    one cell or as label and value in neighbouring cells."""
    found: dict[str, str] = {}
    for cells in rows:
        texts = [F.cell_text(c) for c in cells]
        filled = [t for t in texts if t]
        for position, text in enumerate(filled):
            match = _TITLE_VALUE.match(text)
            if not match:
                continue
            label, value = match.group(1).upper(), match.group(2).split(",")[0].strip(" :=")
            if not value:  # the value is in the next cell(s), perhaps after a lone ':'
                rest = [t for t in filled[position + 1:] if t.strip(" :=")]
                value = rest[0].strip(" :=") if rest else ""
            key = "kecamatan" if label.startswith("KEC") else "kelurahan"
            if value and key not in found:
                found[key] = value
    return found


def resolve_mapping(source: Source, mapping: Mapping[str, int | str | None] | None
                    ) -> dict[str, int]:
    """Field id → column index: `mapping` (field id → column index or header text, checked)
    or, without one, the guessed mapping of the source's headers."""
    if mapping is None:
        return guess_mapping(source.headers)
    keys = {_header_key(h): i for i, h in reversed(list(enumerate(source.headers)))}
    width = source.width
    resolved: dict[str, int] = {}
    for fid, column in mapping.items():
        if fid not in FIELDS:
            raise UserError("mapping_unknown_field", field=fid)
        if column is None or column == "" or column == -1:
            continue
        if isinstance(column, str):
            index = keys.get(_header_key(column))
            if index is None:
                raise UserError("mapping_bad_column", column=column)
        elif isinstance(column, int) and not isinstance(column, bool) and 0 <= column < width:
            index = column
        else:
            raise UserError("mapping_bad_column", column=column)
        resolved[fid] = index
    return resolved
