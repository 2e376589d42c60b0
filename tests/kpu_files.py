"""Helpers that WRITE realistic KPU lists (docs/domain.md, "The KPU list") for tests and benchmarks.

A list is a header plus rows of cells; the writers put it in the shapes seen in practice:
xlsx with title rows above the header and real Excel dates (XlsxWriter or openpyxl), UTF-8
csv, and semicolon-separated Windows-1252 csv as Excel writes it on an Indonesian-locale PC.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ektp_desk.core import demo, regions

# The typical KPU sheet (docs/domain.md), with the KELURAHAN/KECAMATAN variant.
KPU_HEADER = ["NO", "NKK", "NIK", "NAMA LENGKAP", "TEMPAT LAHIR", "TANGGAL LAHIR",
              "STATUS PERKAWINAN (B/S/P)", "JENIS KELAMIN (L/P)", "ALAMAT (JALAN/DUKUH)", "RT",
              "RW", "KELURAHAN/DESA", "KECAMATAN", "KETERANGAN"]
TITLE_ROWS = [
    ["DAFTAR PEMILIH POTENSIAL NON KTP ELEKTRONIK"],
    ["PEMILIHAN UMUM TAHUN 2024"],
    ["KOTA PEKALONGAN"],
    [],
]


@dataclass(frozen=True)
class KpuPerson:
    """One row of a KPU list, with the values as a clerk would type them."""

    nik: str
    nkk: str
    name: str
    birth_place: str
    birth_date: dt.date
    marital: str  # B/S/P
    sex: str  # L/P
    address: str
    rt: str  # "001"
    rw: str
    kelurahan: str
    kecamatan: str
    note: str = ""

    def cells(self, number: int, *, date_text: str | None = None) -> list[object]:
        """The row in KPU_HEADER order; the birth date as a date, or as `date_text`."""
        return [number, self.nkk, self.nik, self.name, self.birth_place,
                self.birth_date if date_text is None else date_text, self.marital, self.sex,
                self.address, self.rt, self.rw, self.kelurahan, self.kecamatan, self.note]


def make_nik(region: str, birth: dt.date, sex: str, serial: int) -> str:
    day = birth.day + (40 if sex == "P" else 0)
    return f"{region}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


def make_nkk(region: str, recorded: dt.date, serial: int) -> str:
    return f"{region}{recorded.day:02d}{recorded.month:02d}{recorded.year % 100:02d}{serial:04d}"


def person(name: str = "BUDI SANTOSO", *, birth: dt.date = dt.date(2007, 2, 14), sex: str = "L",
           region: str = "337501", serial: int = 12, kelurahan: str = "Medono",
           kecamatan: str = "Pekalongan Barat", **changes: object) -> KpuPerson:
    """A valid person of Kota Pekalongan; keyword arguments change any field."""
    base = KpuPerson(
        nik=make_nik(region, birth, sex, serial),
        nkk=make_nkk(region, dt.date(2015, 3, 12), serial),
        name=name, birth_place="PEKALONGAN", birth_date=birth, marital="B", sex=sex,
        address="JL. MERDEKA NO. 5", rt="001", rw="002", kelurahan=kelurahan,
        kecamatan=kecamatan)
    return replace(base, **changes) if changes else base  # type: ignore[arg-type]


def sample_people(count: int, *, seed: int = 7, election: dt.date = dt.date(2024, 2, 14)
                  ) -> list[KpuPerson]:
    """`count` distinct, valid people: mostly 16–17-year-olds, some with disabilities,
    some warga binaan, apostrophes in names (demo.full_name), real kelurahan."""
    rng = random.Random(seed)
    table = regions.default_table()
    kelurahan = list(table.kelurahan.values())
    cutoff = election.replace(year=election.year - 17)
    used: set[str] = set()
    people = []
    for index in range(count):
        sex = rng.choice("LP")
        name = demo.full_name(rng, sex)
        roll = rng.random()
        note = ""
        if roll < 0.85:
            birth = cutoff - dt.timedelta(days=rng.randint(0, 700))
        elif roll < 0.93:
            birth = cutoff - dt.timedelta(days=rng.randint(800, 15000))
            note = rng.choice(("Tuna Netra", "tunarungu", "Disabilitas Fisik", "ODGJ",
                               "Tuna Grahita", "Tuna Daksa"))
        elif roll < 0.96:
            birth = cutoff - dt.timedelta(days=rng.randint(800, 9000))
            note = "Warga binaan Lapas"
        else:
            birth = cutoff - dt.timedelta(days=rng.randint(800, 20000))
            note = rng.choice(("mondok", "luar kota", "sudah rekam"))
        if birth.day in (1, 15, 31) or (birth.day, birth.month) == (1, 7):
            birth += dt.timedelta(days=1)  # no placeholder dates: keep warnings rare
        kel = rng.choice(kelurahan)
        region = kel.kecamatan_code
        serial = rng.randint(1, 9000)
        nik = make_nik(region, birth, sex, serial)
        while nik in used:
            serial += 1
            nik = make_nik(region, birth, sex, serial)
        used.add(nik)
        recorded = birth + dt.timedelta(days=rng.randint(0, 5000))
        people.append(KpuPerson(
            nik=nik, nkk=make_nkk(region, min(recorded, dt.date(2023, 1, 1)),
                                  rng.randint(1, 9999)),
            name=name, birth_place=rng.choice(demo.BIRTH_PLACES), birth_date=birth,
            marital="B", sex=sex,
            address=f"{rng.choice(demo.STREETS)} NO. {rng.randint(1, 150)}",
            rt=f"{rng.randint(1, 12):03d}", rw=f"{rng.randint(1, 9):03d}",
            kelurahan=kel.name, kecamatan=table.kecamatan_name(kel.kecamatan_code).upper(),
            note=note))
        del index
    return people


def rows_of(people: Iterable[KpuPerson], *, date_format: str | None = None) -> list[list[object]]:
    """Cells in KPU_HEADER order; dates as dates, or as text in `date_format` (strftime)."""
    return [p.cells(i, date_text=None if date_format is None else
                    p.birth_date.strftime(date_format))
            for i, p in enumerate(people, start=1)]


def _csv_text(value: object) -> str:
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    return "" if value is None else str(value)


def write_csv(path: Path, rows: Sequence[Sequence[object]], *,
              header: Sequence[str] = KPU_HEADER, title_rows: Sequence[Sequence[object]] = (),
              delimiter: str = ",", encoding: str = "utf-8", bom: bool = False,
              newline: str = "\r\n") -> Path:
    """A csv file; `encoding="cp1252", delimiter=";"` is what Indonesian Excel writes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    width = len(header)
    for title in title_rows:
        writer.writerow([_csv_text(c) for c in title] + [""] * (width - len(title)))
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_text(c) for c in row])
    data = buffer.getvalue().encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    path.write_bytes(data)
    return path


def write_kpu_csv(path: Path, people: Iterable[KpuPerson], **options: object) -> Path:
    """The people as a UTF-8 csv with dates as dd-mm-yyyy text."""
    return write_csv(path, rows_of(people), **options)  # type: ignore[arg-type]


def write_xlsx(path: Path, rows: Sequence[Sequence[object]], *,
               header: Sequence[str] = KPU_HEADER,
               title_rows: Sequence[Sequence[object]] = TITLE_ROWS, sheet: str = "DPT",
               extra_sheets: Sequence[str] = (), nik_as_number: bool = False,
               number_columns: bool = False) -> Path:
    """An xlsx as KPU sends it, written with XlsxWriter: title rows above the header,
    birth dates as real Excel dates (dd-mm-yyyy), NIK and NKK as text (or as numbers, the
    trap of docs/domain.md, "The KPU list"), optionally a row of column numbers under the header."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    try:
        for name in extra_sheets:
            book.add_worksheet(name).write(0, 0, "REKAPITULASI")
        ws = book.add_worksheet(sheet)
        date_format = book.add_format({"num_format": "dd-mm-yyyy"})
        bold = book.add_format({"bold": True})
        r = 0
        for title in title_rows:
            for c, value in enumerate(title):
                ws.write(r, c, value, bold)
            r += 1
        ws.write_row(r, 0, list(header), bold)
        r += 1
        if number_columns:
            ws.write_row(r, 0, list(range(1, len(header) + 1)))
            r += 1
        nik_columns = {i for i, h in enumerate(header) if h in ("NIK", "NKK")}
        for row in rows:
            for c, value in enumerate(row):
                if isinstance(value, dt.datetime):
                    ws.write_datetime(r, c, value, date_format)
                elif isinstance(value, dt.date):
                    ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_format)
                elif nik_as_number and c in nik_columns and isinstance(value, str) \
                        and value.isdigit():
                    ws.write_number(r, c, float(value))  # what Excel does to a typed NIK
                elif isinstance(value, int | float) and not isinstance(value, bool):
                    ws.write_number(r, c, value)
                elif value not in (None, ""):
                    ws.write_string(r, c, str(value))
            r += 1
    finally:
        book.close()
    return path


def write_xlsx_openpyxl(path: Path, rows: Sequence[Sequence[object]], *,
                        header: Sequence[str] = KPU_HEADER,
                        title_rows: Sequence[Sequence[object]] = TITLE_ROWS,
                        sheet: str = "DPT") -> Path:
    """The same with openpyxl (a second writer, so the reader is not tuned to one)."""
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = sheet
    for title in title_rows:
        ws.append(list(title) if title else [None])
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, dt.date):
                cell.number_format = "DD-MM-YYYY"
    book.save(path)
    return path


def write_kpu_xlsx(path: Path, people: Iterable[KpuPerson], **options: object) -> Path:
    """The people as an xlsx with title rows and real Excel dates."""
    return write_xlsx(path, rows_of(people), **options)  # type: ignore[arg-type]
