"""The KPU-list importer on real files written by the tests (docs/domain.md, "The KPU list").

Every trap of docs/domain.md has a test that writes such a file and imports it; bad files
leave every table exactly as it was; re-import is an upsert that changes nothing.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ektp_desk.core import clock, import_source, importer, nik, person_record, search
from ektp_desk.core import settings as core_settings
from ektp_desk.core.errors import Cancelled, UserError
from ektp_desk.core.jobs import CancelToken, Changes
from tests.kpu_files import (
    KPU_HEADER,
    TITLE_ROWS,
    make_nik,
    person,
    rows_of,
    sample_people,
    write_csv,
    write_kpu_csv,
    write_kpu_xlsx,
    write_xlsx,
    write_xlsx_openpyxl,
)

TODAY = dt.date(2026, 11, 28)
FIXED_NOW = dt.datetime(2026, 11, 28, 9, 30, tzinfo=clock.WIB)


# --- helpers -------------------------------------------------------------------------------

def run(db, path, **options):
    options.setdefault("today", TODAY)
    return importer.run_import(db, path, **options)


def snapshot(db) -> dict[str, list[tuple]]:
    """Every row of every table (and the schema itself), to compare before and after."""
    tables = [r[0] for r in db.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    found = {"sqlite_master": db.execute_sql(
        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name").fetchall()}
    for table in tables:  # some (FTS shadow tables) have no rowid: sort in Python
        found[table] = sorted(db.execute_sql(f'SELECT * FROM "{table}"').fetchall(), key=repr)
    return found


def people(db, *columns: str) -> dict[str, dict]:
    """NIK → the person's columns (all of them by default)."""
    cursor = db.execute_sql("SELECT * FROM person ORDER BY nik")
    names = [d[0] for d in cursor.description]
    rows = {r[names.index("nik")]: dict(zip(names, r, strict=True)) for r in cursor.fetchall()}
    if columns:
        return {k: {c: v[c] for c in columns} for k, v in rows.items()}
    return rows


def one(db, nik_value: str) -> dict:
    return people(db)[nik_value]


def warnings_of(db, nik_value: str) -> list[str]:
    return json.loads(one(db, nik_value)["warnings"])


def csv_file(tmp_path: Path, rows, name="daftar.csv", **options) -> Path:
    return write_csv(tmp_path / name, rows, **options)


def cells(p, number=1, **overrides) -> list[object]:
    """A person's row in KPU_HEADER order, with cells replaced by header name."""
    row = p.cells(number, date_text=p.birth_date.strftime("%d-%m-%Y"))
    for header, value in overrides.items():
        row[KPU_HEADER.index(header.replace("_", " "))] = value
    return row


@pytest.fixture(autouse=True)
def _pinned_clock(monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: FIXED_NOW)


@pytest.fixture
def filled(db, tmp_path):
    """A database that already holds people from an earlier import."""
    run(db, write_kpu_csv(tmp_path / "earlier.csv", sample_people(30, seed=3)))
    return db


# --- reading and mapping ------------------------------------------------------------------

class TestReading:
    def test_title_rows_above_the_header_are_skipped(self, tmp_path):
        path = write_kpu_xlsx(tmp_path / "kpu.xlsx", [person()])
        source = import_source.read_source(path)
        assert source.header_row == len(TITLE_ROWS) + 1
        assert source.headers[:3] == ["NO", "NKK", "NIK"]
        assert [n for n, _ in source.data_rows()] == [len(TITLE_ROWS) + 2]
        assert source.preview(5)[0][1][2] == person().nik

    def test_semicolon_windows_1252_csv_is_detected(self, tmp_path):
        path = write_kpu_csv(tmp_path / "kpu.csv", [person(name="ANDRÉ")], delimiter=";",
                             encoding="cp1252", title_rows=[["DAFTAR PEMILIH"]])
        source = import_source.read_source(path)
        assert (source.delimiter, source.encoding, source.header_row) == (";", "cp1252", 2)
        assert source.preview(1)[0][1][3] == "ANDRÉ"

    def test_utf8_with_bom(self, tmp_path):
        path = write_kpu_csv(tmp_path / "kpu.csv", [person(name="ANDRÉ")], bom=True)
        source = import_source.read_source(path)
        assert source.headers[0] == "NO"  # no BOM glued to the first header
        assert source.preview(1)[0][1][3] == "ANDRÉ"

    def test_row_of_column_numbers_under_the_header_is_skipped(self, db, tmp_path):
        path = write_xlsx(tmp_path / "kpu.xlsx", rows_of([person()]), number_columns=True)
        result = run(db, path)
        assert (result.rows, result.inserted, result.rejected) == (1, 1, 0)

    def test_blank_rows_footer_and_repeated_header_are_not_people(self, db, tmp_path):
        rows = [cells(person()), [], KPU_HEADER,
                cells(person("SITI", sex="P", serial=13), 2), [""] * 5,
                ["", "", "", "", "", "", "", "", "", "", "", "", "", "Mengetahui,"]]
        result = run(db, csv_file(tmp_path, rows))
        assert (result.rows, result.inserted, result.rejected) == (2, 2, 0)

    def test_kelurahan_and_kecamatan_from_the_title_rows(self, db, tmp_path):
        header = [h for h in KPU_HEADER if h not in ("KELURAHAN/DESA", "KECAMATAN")]
        p = person()
        row = [c for h, c in zip(KPU_HEADER, cells(p), strict=True)
               if h not in ("KELURAHAN/DESA", "KECAMATAN")]
        path = write_xlsx(tmp_path / "kpu.xlsx", [row], header=header, title_rows=[
            ["DAFTAR PEMILIH POTENSIAL NON KTP ELEKTRONIK"],
            ["KECAMATAN", ":", "PEKALONGAN BARAT"], ["KELURAHAN : MEDONO"], []])
        source = import_source.read_source(path)
        assert source.title_values == {"kecamatan": "PEKALONGAN BARAT", "kelurahan": "MEDONO"}
        run(db, source)
        assert one(db, p.nik)["kelurahan_code"] == "3375011002"

    def test_the_first_sheet_with_a_nik_column_is_chosen(self, db, tmp_path):
        path = write_kpu_xlsx(tmp_path / "kpu.xlsx", [person()], extra_sheets=["REKAP"])
        source = import_source.read_source(path)
        assert source.sheet_names == ["REKAP", "DPT"]
        assert source.sheet == "DPT"
        assert run(db, path, sheet="DPT").inserted == 1

    def test_unknown_sheet(self, tmp_path):
        path = write_kpu_xlsx(tmp_path / "kpu.xlsx", [person()])
        with pytest.raises(UserError) as info:
            import_source.read_source(path, "LEMBAR9")
        assert info.value.message_id == "sheet_not_found"
        assert "DPT" in info.value.message

    def test_openpyxl_written_file(self, db, tmp_path):
        p = person()
        path = write_xlsx_openpyxl(tmp_path / "kpu.xlsx", rows_of([p]))
        run(db, path)
        assert one(db, p.nik)["birth_date"] == "2007-02-14"

    def test_header_row_can_be_given(self, tmp_path):
        path = write_kpu_xlsx(tmp_path / "kpu.xlsx", [person()])
        assert import_source.read_source(path, header_row=5).header_row == 5
        with pytest.raises(UserError):
            import_source.read_source(path, header_row=99)


class TestMapping:
    @pytest.mark.parametrize(("header", "field"), [
        ("NIK", "nik"), ("No. NIK", "nik"), ("NKK", "nkk"), ("NO. KK", "nkk"),
        ("NAMA", "name"), ("NAMA LENGKAP", "name"), ("TEMPAT LAHIR", "birth_place"),
        ("TANGGAL LAHIR", "birth_date"), ("TGL. LAHIR", "birth_date"),
        ("TGL LAHIR", "birth_date"), ("TANGGAL LAHIR (DD-MM-YYYY)", "birth_date"),
        ("TEMPAT/TGL LAHIR", "birth_place_date"), ("JENIS KELAMIN", "sex"),
        ("JENIS KELAMIN (L/P)", "sex"), ("L/P", "sex"), ("LK/PR", "sex"),
        ("STATUS PERKAWINAN", "marital"), ("STATUS PERKAWINAN (B/S/P)", "marital"),
        ("ALAMAT", "address"), ("ALAMAT (JALAN/DUKUH)", "address"), ("RT", "rt"),
        ("RW", "rw"), ("RT/RW", "rt_rw"), ("KELURAHAN", "kelurahan"), ("DESA", "kelurahan"),
        ("KELURAHAN/DESA", "kelurahan"), ("KECAMATAN", "kecamatan"),
        ("KETERANGAN", "note"), ("KETERANGAN/DISABILITAS", "note"),
        ("DISABILITAS", "disability"), ("JENIS DISABILITAS", "disability"),
        ("nama lengkap", "name"), ("  NIK  ", "nik")])
    def test_usual_kpu_headers(self, header, field):
        assert import_source.guess_mapping(["x", header]) == {field: 1}

    @pytest.mark.parametrize("header", ["NO", "UMUR", "USIA", "TPS", "NAMA IBU", "ALASAN"])
    def test_other_headers_are_not_mapped(self, header):
        assert import_source.guess_mapping([header]) == {}

    def test_leftmost_column_wins(self):
        assert import_source.guess_mapping(["NAMA", "NAMA LENGKAP"]) == {"name": 0}

    def test_fields_and_required(self):
        assert {"nik", "name"} == import_source.REQUIRED_FIELDS
        assert set(import_source.guess_mapping(KPU_HEADER)) <= set(import_source.FIELDS)
        assert all(f.label for f in import_source.FIELDS.values())

    def test_the_clerk_fixes_the_mapping(self, db, tmp_path):
        p = person()
        path = csv_file(tmp_path, [["1", p.nik, p.name, "14-02-2007"]],
                        header=["NO", "NOMOR IDENTITAS", "WARGA", "LAHIR"])
        with pytest.raises(UserError) as info:
            run(db, path)
        assert info.value.message_id == "no_nik_column"
        result = run(db, path, mapping={"nik": 1, "name": "WARGA", "birth_date": 3})
        assert result.inserted == 1
        assert one(db, p.nik)["name"] == p.name

    def test_bad_mappings(self, db, tmp_path):
        path = write_kpu_csv(tmp_path / "kpu.csv", [person()])
        for mapping, message_id in (({"nik": 2, "umur": 3}, "mapping_unknown_field"),
                                    ({"nik": 2, "name": 99}, "mapping_bad_column"),
                                    ({"nik": 2, "name": "TIDAK ADA"}, "mapping_bad_column"),
                                    ({"nik": 2}, "import_no_name_column")):
            with pytest.raises(UserError) as info:
                run(db, path, mapping=mapping)
            assert info.value.message_id == message_id


# --- the traps of docs/domain.md -----------------------------------------------------------

class TestTrap1NikAsExcelNumber:
    def test_nik_typed_as_number_loses_its_16th_digit(self, db, tmp_path):
        lost = person(serial=10)  # ends in 0: Excel's 15 digits may have eaten a digit
        kept = person("SITI", sex="P", serial=13)
        path = write_xlsx(tmp_path / "kpu.xlsx", rows_of([lost, kept]), nik_as_number=True)
        result = run(db, path)
        assert (result.inserted, result.rejected) == (1, 1)
        problem = result.problems[0]
        assert problem.code == nik.NUMBER_LOST_DIGIT
        assert problem.row == len(TITLE_ROWS) + 2
        assert "ketik ulang NIK sebagai teks" in problem.reason
        assert set(people(db)) == {kept.nik}

    def test_scientific_notation_is_rejected_never_repaired(self, db, tmp_path):
        p = person()
        rows = [cells(p, NIK="3.37501E+15"), cells(person(serial=13), 2, NIK="3,37501E+15")]
        result = run(db, csv_file(tmp_path, rows, delimiter=";"))
        assert result.rejected == 2 and result.inserted == 0
        assert {pr.code for pr in result.problems} == {nik.SCIENTIFIC}
        assert "notasi ilmiah" in result.problems[0].reason

    def test_nkk_in_scientific_notation_is_a_warning_kept_raw(self, db, tmp_path):
        p = person()
        run(db, csv_file(tmp_path, [cells(p, NKK="3.37501E+15")]))
        row = one(db, p.nik)
        assert (row["nkk"], row["nkk_raw"]) == (None, "3.37501E+15")
        assert person_record.W_NKK_INVALID in warnings_of(db, p.nik)


class TestTrap2NikWritten:
    @pytest.mark.parametrize("written", ["'{n}", "{a} {b} {c} {d}", "{a}.{b}.{c}.{d}",
                                         " {n} ", "’{n}"])
    def test_apostrophe_spaces_dots(self, db, tmp_path, written):
        p = person()
        n = p.nik
        text = written.format(n=n, a=n[:4], b=n[4:8], c=n[8:12], d=n[12:])
        result = run(db, csv_file(tmp_path, [cells(p, NIK=text)]))
        assert result.inserted == 1
        assert set(people(db)) == {n}

    @pytest.mark.parametrize(("written", "code"), [
        ("337501140207001", nik.WRONG_LENGTH), ("33750114020700123", nik.WRONG_LENGTH),
        ("", nik.EMPTY), ("3375013102070012", nik.NOT_A_DATE),
        ("9975011402070012", nik.UNKNOWN_PROVINCE), ("3375011402070000", nik.ZERO_SERIAL),
        ("33750114O2070012", nik.NOT_DIGITS)])
    def test_hard_errors(self, db, tmp_path, written, code):
        p = person()
        result = run(db, csv_file(tmp_path, [cells(p, NIK=written)]))
        assert (result.rows, result.rejected, result.inserted) == (1, 1, 0)
        assert result.problems[0].code == code
        assert result.problems[0].nik == written
        assert result.problems[0].name == p.name

    def test_empty_nik_of_an_inmate_is_listed_with_its_row(self, db, tmp_path):
        rows = [cells(person()), cells(person("WARGA LAPAS", serial=99), 2, NIK="",
                                       KETERANGAN="Warga binaan Lapas")]
        result = run(db, csv_file(tmp_path, rows, title_rows=[["DAFTAR"], []]))
        assert result.rejected == 1
        problem = result.problems[0]
        assert (problem.row, problem.name, problem.reason) == (5, "WARGA LAPAS", "NIK kosong")


class TestTrap3BirthDates:
    @pytest.mark.parametrize("written", ["14-02-2007", "14/2/07", "2007-02-14",
                                         "14 Februari 2007", "14 FEB 2007", "14.02.2007"])
    def test_text_forms(self, db, tmp_path, written):
        p = person()
        run(db, csv_file(tmp_path, [cells(p, TANGGAL_LAHIR=written)]))
        row = one(db, p.nik)
        assert row["birth_date"] == "2007-02-14"
        assert person_record.W_NIK_DATE not in warnings_of(db, p.nik)

    def test_two_digit_year_keeps_the_raw_text(self, db, tmp_path):
        p = person()
        run(db, csv_file(tmp_path, [cells(p, TANGGAL_LAHIR="14/2/07")]))
        assert one(db, p.nik)["birth_date_raw"] == "14/2/07"

    def test_excel_dates_and_serial_numbers(self, db, tmp_path):
        p, q = person(), person("SITI", sex="P", serial=13)
        rows = rows_of([p, q])
        rows[1][5] = 39127  # a date cell without date format: just the serial
        run(db, write_xlsx(tmp_path / "kpu.xlsx", rows))
        assert one(db, p.nik)["birth_date"] == one(db, q.nik)["birth_date"] == "2007-02-14"
        assert one(db, p.nik)["birth_date_raw"] is None

    def test_recorded_date_differs_from_the_nik(self, db, tmp_path):
        p = person()
        run(db, csv_file(tmp_path, [cells(p, TANGGAL_LAHIR="16-02-2007")]))
        assert one(db, p.nik)["birth_date"] == "2007-02-16"  # the recorded date wins
        assert person_record.W_NIK_DATE in warnings_of(db, p.nik)

    def test_unreadable_date_takes_the_nik_date_and_keeps_the_text(self, db, tmp_path):
        p = person()
        run(db, csv_file(tmp_path, [cells(p, TANGGAL_LAHIR="30-02-2007")]))
        row = one(db, p.nik)
        assert (row["birth_date"], row["birth_date_raw"]) == ("2007-02-14", "30-02-2007")
        assert person_record.W_DATE_UNREADABLE in warnings_of(db, p.nik)

    @pytest.mark.parametrize(("written", "code", "words"), [
        ("2031-01-01", "tanggal_lahir_masa_depan", "1 Januari 2031 belum terjadi"),
        ("01-01-2099", "tanggal_lahir_masa_depan", "1 Januari 2099 belum terjadi"),
        ("29-11-2026", "tanggal_lahir_masa_depan", "belum terjadi"),  # TODAY + 1
        ("1890-01-01", "tanggal_lahir_terlalu_lama", "lebih dari 130 tahun"),
    ])
    def test_future_or_absurdly_old_date_rejects_the_row(self, filled, tmp_path, written,
                                                         code, words):
        p = person("BARU", serial=77)
        known = next(iter(people(filled)))
        q = person("LAMA", serial=78)
        rows = [cells(p, TANGGAL_LAHIR=written), cells(q, 2)]
        upd = list(rows[1])
        upd[KPU_HEADER.index("NIK")] = known
        upd[KPU_HEADER.index("TANGGAL LAHIR")] = written
        before = one(filled, known)
        result = run(filled, csv_file(tmp_path, [rows[0], upd]))
        assert (result.rejected, result.inserted, result.updated) == (2, 0, 0)
        assert {pr.code for pr in result.problems} == {code}
        assert words in result.problems[0].reason
        assert p.nik not in people(filled) and one(filled, known) == before

    def test_born_today_is_accepted(self, db, tmp_path):
        p = person()
        run(db, csv_file(tmp_path, [cells(p, TANGGAL_LAHIR=TODAY.isoformat())]))
        assert one(db, p.nik)["birth_date"] == TODAY.isoformat()

    def test_empty_date_takes_the_nik_date(self, db, tmp_path):
        p = person()
        run(db, csv_file(tmp_path, [cells(p, TANGGAL_LAHIR="")]))
        assert one(db, p.nik)["birth_date"] == "2007-02-14"
        assert warnings_of(db, p.nik) == []


class TestTrap4PlaceholderDates:
    @pytest.mark.parametrize("birth", [dt.date(2006, 7, 1), dt.date(2006, 12, 31),
                                       dt.date(2007, 1, 1), dt.date(2006, 9, 15)])
    def test_placeholder_is_a_warning_not_an_error(self, db, tmp_path, birth):
        p = person(birth=birth)
        result = run(db, csv_file(tmp_path, [cells(p)]))
        assert (result.inserted, result.warnings) == (1, 1)
        assert result.warning_counts == {person_record.W_PLACEHOLDER: 1}
        assert warnings_of(db, p.nik) == [person_record.W_PLACEHOLDER]

    def test_placeholders_come_from_the_setting(self, db, tmp_path):
        core_settings.set(db, "placeholder_birth_dates", ["14-02"])
        p = person()
        run(db, csv_file(tmp_path, [cells(p)]))
        assert warnings_of(db, p.nik) == [person_record.W_PLACEHOLDER]


class TestTrap5Sex:
    @pytest.mark.parametrize(("written", "female"), [
        ("L", False), ("LK", False), ("LAKI-LAKI", False), ("Laki-laki", False),
        ("P", True), ("PR", True), ("PEREMPUAN", True), ("Perempuan", True)])
    def test_forms(self, db, tmp_path, written, female):
        p = person(sex="P" if female else "L")
        run(db, csv_file(tmp_path, [cells(p, **{"JENIS KELAMIN (L/P)": written})]))
        assert one(db, p.nik)["sex"] == ("P" if female else "L")
        assert warnings_of(db, p.nik) == []

    def test_conflict_with_the_nik_is_flagged(self, db, tmp_path):
        p = person(sex="L")  # day 14: a man's NIK
        run(db, csv_file(tmp_path, [cells(p, **{"JENIS KELAMIN (L/P)": "PEREMPUAN"})]))
        assert one(db, p.nik)["sex"] == "P"  # as written
        assert person_record.W_NIK_SEX in warnings_of(db, p.nik)

    def test_unknown_or_empty_sex_is_taken_from_the_nik(self, db, tmp_path):
        p, q = person(sex="P"), person("BUDI", serial=40)
        run(db, csv_file(tmp_path, [cells(p, **{"JENIS KELAMIN (L/P)": "X"}),
                                    cells(q, 2, **{"JENIS KELAMIN (L/P)": ""})]))
        assert (one(db, p.nik)["sex"], one(db, q.nik)["sex"]) == ("P", "L")
        assert person_record.W_SEX_UNKNOWN in warnings_of(db, p.nik)


class TestTrap6Names:
    @pytest.mark.parametrize(("written", "display", "norm"), [
        ("SUHARTO", "SUHARTO", "SUHARTO"),
        ("MA'RUF", "MA'RUF", "MARUF"),
        ("NUR'AINI", "NUR'AINI", "NURAINI"),
        ("H. AHMAD FAUZI", "H. AHMAD FAUZI", "H AHMAD FAUZI"),
        ("HJ. SITI AMINAH", "HJ. SITI AMINAH", "HJ SITI AMINAH"),
        ("BUDI BIN SLAMET", "BUDI BIN SLAMET", "BUDI BIN SLAMET"),
        ("SITI  BINTI   AHMAD", "SITI BINTI AHMAD", "SITI BINTI AHMAD"),
        ("budi santoso", "BUDI SANTOSO", "BUDI SANTOSO"),
        ("ANDRÉ", "ANDRÉ", "ANDRE"),
    ])
    def test_names(self, db, tmp_path, written, display, norm):
        p = person(written)
        run(db, write_kpu_csv(tmp_path / "kpu.csv", [p], delimiter=";", encoding="cp1252"))
        assert one(db, p.nik)["name"] == display
        assert one(db, p.nik)["name_norm"] == norm

    @pytest.mark.parametrize("written", ["王小明", "Иван Петров", "राम कुमार", "SITI देवी"])
    def test_other_scripts_are_rejected_for_their_script(self, db, tmp_path, written):
        result = run(db, csv_file(tmp_path, [cells(person(), **{"NAMA LENGKAP": written})]))
        assert (result.rejected, result.inserted) == (1, 0)
        assert result.problems[0].code == importer.CODE_NAME_SCRIPT
        assert "huruf Latin" in result.problems[0].reason
        assert people(db) == {}

    def test_empty_name_is_rejected(self, db, tmp_path):
        result = run(db, csv_file(tmp_path, [cells(person(), **{"NAMA LENGKAP": " "})]))
        assert result.rejected == 1
        assert result.problems[0].code == importer.CODE_NAME_EMPTY
        assert result.problems[0].reason == "Nama kosong"


class TestTrap7RtRw:
    @pytest.mark.parametrize(("rt", "rw"), [("001", "002"), ("1", "2"), ("01", "02"),
                                            ("RT 01", "RW 02")])
    def test_columns(self, db, tmp_path, rt, rw):
        p = person()
        run(db, csv_file(tmp_path, [cells(p, RT=rt, RW=rw)]))
        assert (one(db, p.nik)["rt"], one(db, p.nik)["rw"]) == ("001", "002")

    def test_both_in_one_cell(self, db, tmp_path):
        p = person()
        header = ["NIK", "NAMA", "ALAMAT", "RT/RW", "KELURAHAN"]
        run(db, csv_file(tmp_path, [[p.nik, p.name, "JL. MERDEKA 5", "RT 01/RW 02", "Medono"]],
                         header=header))
        row = one(db, p.nik)
        assert (row["address"], row["rt"], row["rw"]) == ("JL. MERDEKA 5", "001", "002")

    def test_inside_the_address_and_stripped_from_it(self, db, tmp_path):
        p = person()
        run(db, csv_file(tmp_path, [cells(p, RT="", RW="", **{
            "ALAMAT (JALAN/DUKUH)": "JL. MERDEKA NO. 5 RT 01/RW 02"})]))
        row = one(db, p.nik)
        assert (row["address"], row["rt"], row["rw"]) == ("JL. MERDEKA NO. 5", "001", "002")

    def test_unreadable_rt_is_a_warning(self, db, tmp_path):
        p = person()
        run(db, csv_file(tmp_path, [cells(p, RT="satu")]))
        assert one(db, p.nik)["rt"] is None
        assert person_record.W_RT_RW_UNREADABLE in warnings_of(db, p.nik)


class TestTrap8Kelurahan:
    @pytest.mark.parametrize(("written", "code", "old"), [
        ("Noyontaan Sari", "3375021002", False), ("noyontaan-sari", "3375021002", False),
        ("NOYONTAANSARI", "3375021002", False), ("Pasir Kraton Kramat", "3375011008", False),
        ("Soko Duwet", "3375041010", False), ("Kalibaros", "3375021012", False),
        ("Kel. Medono", "3375011002", False), ("Sapuro", "3375011004", True),
        ("Kebulen", "3375011004", True), ("Bendan", "3375011006", True),
        ("Kergon", "3375011006", True), ("Landungsari", "3375021002", True)])
    def test_variants_and_pre_2015_names(self, db, tmp_path, written, code, old):
        p = person(region=code[:6])
        run(db, csv_file(tmp_path, [cells(p, **{"KELURAHAN/DESA": written, "KECAMATAN": ""})]))
        row = one(db, p.nik)
        assert (row["kelurahan_code"], row["kecamatan_code"]) == (code, code[:6])
        assert row["kelurahan_raw"] == written
        assert (person_record.W_KEL_OLD in warnings_of(db, p.nik)) is old

    def test_unknown_kelurahan(self, db, tmp_path):
        p = person()
        run(db, csv_file(tmp_path, [cells(p, **{"KELURAHAN/DESA": "Wiradesa",
                                                 "KECAMATAN": ""})]))
        row = one(db, p.nik)
        assert (row["kelurahan_code"], row["kelurahan_raw"]) == (None, "Wiradesa")
        assert person_record.W_KEL_UNKNOWN in warnings_of(db, p.nik)

    def test_nik_region_differs_from_domicile(self, db, tmp_path):
        p = person(region="332601")  # first registered in Kabupaten Pekalongan
        run(db, csv_file(tmp_path, [cells(p)]))
        assert one(db, p.nik)["kecamatan_code"] == "337501"
        assert warnings_of(db, p.nik) == [person_record.W_NIK_REGION]


class TestTrap9Marital:
    @pytest.mark.parametrize(("written", "code"), [
        ("B", "B"), ("S", "S"), ("P", "P"), ("BELUM KAWIN", "B"), ("KAWIN", "S"),
        ("CERAI HIDUP", "P"), ("CERAI MATI", "P")])
    def test_forms(self, db, tmp_path, written, code):
        p = person()
        run(db, csv_file(tmp_path, [cells(p, **{"STATUS PERKAWINAN (B/S/P)": written})]))
        assert one(db, p.nik)["marital"] == code


class TestTrap10Duplicates:
    def test_same_person_twice(self, db, tmp_path):
        p = person()
        rows = [cells(p, 1), cells(person("SITI", sex="P", serial=13), 2), cells(p, 3)]
        result = run(db, csv_file(tmp_path, rows))
        assert (result.rows, result.inserted, result.duplicates) == (3, 2, 1)
        dup = result.problems[0]
        assert (dup.row, dup.duplicate_of, dup.code) == (4, 2, importer.CODE_DUPLICATE)
        assert dup.reason == "NIK sama dengan baris 2; baris ini tidak diimpor"

    def test_two_people_sharing_a_mistyped_nik(self, db, tmp_path):
        p = person()
        other = dataclasses.replace(person("JOKO WIDODO", serial=77), nik=p.nik)
        result = run(db, csv_file(tmp_path, [cells(p, 1), cells(other, 2)]))
        assert (result.inserted, result.duplicates) == (1, 1)
        assert "BUDI SANTOSO" in result.problems[0].reason
        assert one(db, p.nik)["name"] == "BUDI SANTOSO"  # the first one is imported


# --- categories and warnings -------------------------------------------------------------

class TestCategories:
    def test_from_the_data(self, db, tmp_path):
        pemula = person()
        older = person("SLAMET", birth=dt.date(1980, 5, 6), serial=20)
        netra = person("RATNA", birth=dt.date(1990, 5, 6), sex="P", serial=21,
                       note="Tuna Netra")
        inmate = person("AGUS", birth=dt.date(1995, 5, 6), serial=22, note="Warga binaan Lapas")
        odgj = person("EKO", birth=dt.date(2007, 1, 2), serial=23, note="ODGJ")
        mondok = person("IQBAL", birth=dt.date(2007, 1, 3), serial=24, note="mondok")
        run(db, write_kpu_csv(tmp_path / "kpu.csv", [pemula, older, netra, inmate, odgj, mondok]))
        found = people(db, "category", "disability", "note")
        assert found[pemula.nik]["category"] == "pemula"
        assert found[older.nik]["category"] == "lainnya"
        assert found[netra.nik] == {"category": "disabilitas", "disability": "Sensorik Netra",
                                    "note": "Tuna Netra"}
        assert found[inmate.nik]["category"] == "warga_binaan"
        assert found[odgj.nik]["disability"] == "Mental"
        assert found[mondok.nik] == {"category": "pemula", "disability": None,
                                     "note": "mondok"}

    def test_disability_column(self, db, tmp_path):
        p = person(birth=dt.date(1990, 5, 6))
        path = csv_file(tmp_path, [[p.nik, p.name, "Tuna Rungu", "sudah rekam"]],
                        header=["NIK", "NAMA", "JENIS DISABILITAS", "KETERANGAN"])
        run(db, path)
        assert people(db, "category", "disability")[p.nik] == {
            "category": "disabilitas", "disability": "Sensorik Rungu"}

    def test_pemula_follows_the_election_date_setting(self, db, tmp_path):
        p = person(birth=dt.date(2005, 6, 1))
        core_settings.set(db, "previous_election_date", "2024-02-14")
        core_settings.set(db, "election_date", "2029-02-14")
        run(db, csv_file(tmp_path, [cells(p)]))
        assert one(db, p.nik)["category"] == "lainnya"  # 18 at the 2024 election

    def test_pemula_is_derived_again_when_the_list_is_imported_after_a_date_change(
            self, db, tmp_path):
        # The category is set on import (docs/domain.md, "The election"): after the dates
        # change, importing the list again re-derives it.
        p = person(birth=dt.date(2005, 6, 1))
        source = csv_file(tmp_path, [cells(p)])
        run(db, source)
        assert one(db, p.nik)["category"] == "pemula"  # under 17 at the 2019 election
        core_settings.set(db, "previous_election_date", "2024-02-14")
        core_settings.set(db, "election_date", "2029-02-14")
        assert one(db, p.nik)["category"] == "pemula"  # stored: unchanged until re-import
        run(db, source)
        assert one(db, p.nik)["category"] == "lainnya"

    def test_age_warnings(self, db, tmp_path):
        young = person(birth=dt.date(2011, 3, 3))
        sixteen = person("SITI", sex="P", birth=dt.date(2007, 6, 2), serial=30)
        married = person("DEWI", sex="P", birth=dt.date(2007, 6, 3), serial=31, marital="S")
        run(db, write_kpu_csv(tmp_path / "kpu.csv", [young, sixteen, married]))
        assert warnings_of(db, young.nik) == [person_record.W_UNDER_16, person_record.W_NOT_17]
        assert warnings_of(db, sixteen.nik) == [person_record.W_NOT_17]
        assert warnings_of(db, married.nik) == []  # married: a voter before 17
        assert person_record.warning_text(person_record.W_NOT_17).startswith("Belum berumur 17")


# --- the same people in three files -------------------------------------------------------

def test_three_formats_import_to_the_same_database_content(tmp_path):
    from ektp_desk.core import db as core_db

    crowd = [*sample_people(60, seed=11), person("MA'RUF AMIN"), person("NUR'AINI", sex="P",
                                                                        serial=14),
             person("ANDRÉ", serial=15, note="Tuna Daksa"), person("SUHARTO", serial=16)]
    files = {
        "win1252.csv": write_csv(tmp_path / "win1252.csv", rows_of(crowd,
                                                                   date_format="%d/%m/%Y"),
                                 delimiter=";", encoding="cp1252",
                                 title_rows=[["DAFTAR PEMILIH POTENSIAL NON KTP-EL"], []]),
        "utf8.csv": write_csv(tmp_path / "utf8.csv", rows_of(crowd, date_format="%Y-%m-%d")),
        "titled.xlsx": write_xlsx(tmp_path / "titled.xlsx", rows_of(crowd)),
    }
    contents = {}
    for name, path in files.items():
        database = core_db.open_database(tmp_path / f"{name}.sqlite")
        try:
            result = run(database, path)
            assert (result.rows, result.inserted, result.rejected) == (len(crowd), len(crowd), 0)
            contents[name] = snapshot(database)["person"]
        finally:
            database.close()
    assert contents["win1252.csv"] == contents["utf8.csv"] == contents["titled.xlsx"]
    assert len(contents["utf8.csv"]) == len(crowd)


# --- bad files leave the database as it was -----------------------------------------------

class TestBadFiles:
    @pytest.mark.parametrize(("make", "message_id"), [
        (lambda d: d / "hilang.xlsx", "file_not_found"),
        (lambda d: _write(d / "rusak.xlsx", b"PK\x03\x04 this is not a zip"), "file_unreadable"),
        (lambda d: _write(d / "teks.xlsx", b"NIK;NAMA\n1;2\n"), "file_unreadable"),
        (lambda d: _write(d / "kosong.csv", b""), "file_empty"),
        (lambda d: _write(d / "spasi.csv", b" \r\n;;;\r\n"), "file_empty"),
        (lambda d: write_csv(d / "judul_saja.csv", []), "file_empty"),
        (lambda d: write_xlsx(d / "judul_saja.xlsx", []), "file_empty"),
        (lambda d: write_csv(d / "tanpa_nik.csv", [["1", "BUDI"]], header=["NO", "NAMA"]),
         "no_nik_column"),
        (lambda d: _write(d / "gambar.png", b"\x89PNG\r\n\x1a\n...."), "file_type_unknown"),
        (lambda d: _write(d / "daftar.pdf", b"%PDF-1.4 ..."), "file_type_unknown"),
        (lambda d: _write(d / "biner.csv", b"NIK,NAMA\n\x00\x01\x02"), "file_unreadable"),
        # UTF-16 cut short (an odd byte count) or with a lone surrogate: no traceback
        (lambda d: _write(d / "utf16_potong.csv", "NIK\tNAMA\n".encode("utf-16") + b"\x31"),
         "import_utf16_broken"),
        (lambda d: _write(d / "utf16_rusak.csv",
                          "NIK\tNAMA\n".encode("utf-16") + b"\x00\xd8\x41\x00"),
         "import_utf16_broken"),
    ])
    def test_database_unchanged(self, filled, tmp_path, make, message_id):
        before = snapshot(filled)
        path = make(tmp_path)
        with pytest.raises(UserError) as info:
            run(filled, path)
        assert info.value.message_id == message_id
        assert info.value.message  # words for the clerk
        assert snapshot(filled) == before

    @pytest.mark.parametrize("phase", ["Memeriksa", "Menyimpan"])
    def test_cancelled_midway_rolls_back(self, filled, tmp_path, phase, monkeypatch):
        monkeypatch.setattr(importer, "WRITE_CHUNK", 50)
        monkeypatch.setattr(importer, "CHECK_EVERY", 50)
        monkeypatch.setattr(importer, "ThrottledProgress", lambda p: p)  # see every report
        path = write_kpu_xlsx(tmp_path / "kpu.xlsx", sample_people(400, seed=5))
        before = snapshot(filled)
        token = CancelToken()
        seen = []

        def progress(done, total, message=""):
            seen.append(message)
            if message.startswith(phase):
                token.cancel()

        with pytest.raises(Cancelled):
            run(filled, path, progress=progress, cancel=token)
        assert any(m.startswith(phase) for m in seen)
        assert snapshot(filled) == before

    def test_cancel_after_the_indexes_were_dropped_restores_them(self, filled, tmp_path,
                                                                monkeypatch):
        monkeypatch.setattr(importer, "REBUILD_MIN_ROWS", 10)
        monkeypatch.setattr(importer, "WRITE_CHUNK", 20)
        monkeypatch.setattr(importer, "ThrottledProgress", lambda p: p)  # see every report
        path = write_kpu_csv(tmp_path / "kpu.csv", sample_people(200, seed=6))
        before = snapshot(filled)
        token = CancelToken()
        people_before = len(before["person"])
        copied = []

        def cancel_midway(done, total, message=""):
            if not filled.execute_sql("SELECT count(*) FROM sqlite_master "
                                      "WHERE name = 'person_name'").fetchone()[0]:
                copied.append(filled.execute_sql(
                    "SELECT count(*) FROM person").fetchone()[0] - people_before)
                token.cancel()

        with pytest.raises(Cancelled):
            run(filled, path, progress=cancel_midway, cancel=token)
        assert copied and 0 < copied[0] < 200  # the indexes were gone, some rows written
        assert snapshot(filled) == before  # the indexes too
        assert filled.execute_sql("SELECT count(*) FROM temp.sqlite_master").fetchone()[0] == 0

    def test_failure_while_writing_rolls_back(self, filled, tmp_path, monkeypatch):
        from ektp_desk.core import audit

        def broken(*args, **kwargs):
            raise RuntimeError("disk gone")

        monkeypatch.setattr(audit, "record", broken)
        before = snapshot(filled)
        with pytest.raises(RuntimeError):
            run(filled, write_kpu_csv(tmp_path / "kpu.csv", sample_people(10, seed=8)))
        assert snapshot(filled) == before

    def test_only_rejected_rows_is_not_an_error(self, db, tmp_path):
        result = run(db, csv_file(tmp_path, [cells(person(), NIK="123")]))
        assert (result.rows, result.rejected, result.inserted) == (1, 1, 0)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# --- upsert --------------------------------------------------------------------------------

class TestUpsert:
    def test_reimport_changes_nothing(self, db, tmp_path):
        crowd = sample_people(50, seed=9)
        path = write_kpu_xlsx(tmp_path / "kpu.xlsx", crowd)
        first = run(db, path)
        assert (first.inserted, first.updated, first.unchanged) == (50, 0, 0)
        before = snapshot(db)
        again = run(db, path)
        assert (again.rows, again.inserted, again.updated, again.unchanged) == (50, 0, 0, 50)
        after = snapshot(db)
        assert after["person"] == before["person"]
        assert after["event"] == before["event"]
        assert len(after["import_batch"]) == 2  # the second import is recorded, changing nothing
        # the same people in another format are the same too
        other = run(db, write_kpu_csv(tmp_path / "kpu.csv", crowd, delimiter=";",
                                      encoding="cp1252"))
        assert (other.unchanged, other.updated) == (50, 0)

    def test_newer_file_updates_fields_but_not_status_or_events(self, db, tmp_path):
        p, q = person(), person("SITI", sex="P", serial=13)
        run(db, write_kpu_csv(tmp_path / "v1.csv", [p, q]))
        person_id = one(db, p.nik)["id"]
        db.execute_sql("INSERT INTO event (person_id, kind, at, by_user) VALUES (?, ?, ?, ?)",
                       (person_id, "hadir", "2026-11-20T09:00:00+07:00", "sari"))
        db.execute_sql("UPDATE person SET status = 'hadir' WHERE id = ?", (person_id,))
        before = one(db, p.nik)
        events = snapshot(db)["event"]

        newer = dataclasses.replace(p, address="JL. SULAWESI NO. 9", rt="004",
                                    kelurahan="Tirto", birth_place="", nkk="")
        result = run(db, write_kpu_csv(tmp_path / "v2.csv", [newer, q]))
        assert (result.updated, result.unchanged, result.inserted) == (1, 1, 0)
        after = one(db, p.nik)
        assert (after["address"], after["rt"], after["kelurahan_code"]) == (
            "JL. SULAWESI NO. 9", "004", "3375011009")
        assert after["birth_place"] == before["birth_place"] == "PEKALONGAN"  # empty: kept
        assert after["nkk"] == before["nkk"]
        assert after["status"] == "hadir"
        assert (after["id"], after["created_at"], after["first_import_id"]) == (
            before["id"], before["created_at"], before["first_import_id"])
        assert after["last_import_id"] == result.batch_id != before["last_import_id"]
        assert snapshot(db)["event"] == events

    def test_kelurahan_moves_with_its_kecamatan(self, db, tmp_path):
        p = person()
        run(db, write_kpu_csv(tmp_path / "v1.csv", [p]))
        moved = dataclasses.replace(p, kelurahan="Krapyak", kecamatan="")
        run(db, write_kpu_csv(tmp_path / "v2.csv", [moved]))
        row = one(db, p.nik)
        assert (row["kelurahan_code"], row["kecamatan_code"]) == ("3375031002", "337503")
        assert person_record.W_KEC_MISMATCH not in warnings_of(db, p.nik)

    def test_new_people_wait_above_the_search_watermark(self, db, tmp_path):
        run(db, write_kpu_csv(tmp_path / "kpu.csv", sample_people(20, seed=2)))
        assert search.indexed_upto(db) == 0
        assert search.pending(db) == 20
        assert db.execute_sql("SELECT count(*) FROM person_fts_docsize").fetchone()[0] == 0

    def test_renamed_indexed_person_is_reindexed(self, db, tmp_path):
        p = person("BUDI SANTOSO")
        run(db, write_kpu_csv(tmp_path / "v1.csv", [p]))
        search.index_pending(db)

        def found(word):
            return db.execute_sql("SELECT count(*) FROM person_fts WHERE person_fts MATCH ?",
                                  (f'"{word}"',)).fetchone()[0]

        assert found("SANTOSO") == 1
        run(db, write_kpu_csv(tmp_path / "v2.csv", [dataclasses.replace(p, name="BUDI HARYANTO")]))
        assert (found("SANTOSO"), found("HARYANTO")) == (0, 1)

    def test_dry_run_writes_nothing_and_counts_the_same(self, filled, tmp_path):
        crowd = [*sample_people(30, seed=3)[:10], *sample_people(15, seed=4)]
        path = write_kpu_csv(tmp_path / "kpu.csv", [*crowd, crowd[0]])
        before = snapshot(filled)
        dry = run(filled, path, dry_run=True)
        assert snapshot(filled) == before
        assert dry.changes == Changes() and dry.batch_id is None
        real = run(filled, path)
        assert dry.counts() == real.counts()
        assert (real.inserted, real.unchanged, real.duplicates) == (15, 10, 1)
        assert real.changes == Changes(people=True, imports=True)

    def test_import_batch_and_audit_are_recorded(self, db, tmp_path):
        core_settings.set(db, "user_name", "sari")
        path = write_kpu_csv(tmp_path / "daftar_kpu.csv",
                             [person(), person("SITI", sex="P", serial=13)])
        path.write_bytes(path.read_bytes() + b"3,,123,SALAH,,,,,,,,,,\r\n")
        result = run(db, path)
        batch = db.execute_sql(
            "SELECT id, file_name, sha256, sheet, rows, inserted, updated, unchanged, rejected,"
            " duplicates, warnings, imported_at, imported_by FROM import_batch").fetchall()
        assert batch == [(result.batch_id, "daftar_kpu.csv",
                          hashlib.sha256(path.read_bytes()).hexdigest(), None, 3, 2, 0, 0, 1, 0,
                          0, "2026-11-28T09:30:00+07:00", "sari")]
        audit = db.execute_sql("SELECT by_user, action, detail FROM audit_log").fetchall()
        assert [(u, a) for u, a, _ in audit] == [("sari", "import")]
        assert json.loads(audit[0][2])["inserted"] == 2

    def test_dry_run_records_nothing(self, db, tmp_path):
        run(db, write_kpu_csv(tmp_path / "kpu.csv", [person()]), dry_run=True)
        assert db.execute_sql("SELECT count(*) FROM import_batch").fetchone()[0] == 0
        assert db.execute_sql("SELECT count(*) FROM audit_log").fetchone()[0] == 0

    def test_big_import_rebuilds_indexes_and_keeps_them(self, db, tmp_path, monkeypatch):
        monkeypatch.setattr(importer, "REBUILD_MIN_ROWS", 10)
        schema = snapshot(db)["sqlite_master"]
        run(db, write_kpu_csv(tmp_path / "kpu.csv", sample_people(40, seed=12)))
        assert snapshot(db)["sqlite_master"] == schema
        assert db.execute_sql("SELECT count(*) FROM temp.sqlite_master").fetchone()[0] == 0
        plan = db.execute_sql("EXPLAIN QUERY PLAN SELECT id FROM person "
                              "WHERE category = 'pemula' ORDER BY name_norm").fetchall()
        assert "person_category" in str(plan)


# --- the error report ---------------------------------------------------------------------

class TestErrorReport:
    def _problem_file(self, tmp_path, kind):
        good = person()
        bad_length = person("SITI", sex="P", serial=13)
        dup = person("BUDI SANTOSO")
        rows = [cells(good, 1), cells(bad_length, 2, NIK=bad_length.nik[:15]),
                cells(dup, 3)]
        if kind == "xlsx":
            return write_xlsx(tmp_path / "kpu.xlsx", rows), bad_length
        return write_csv(tmp_path / "kpu.csv", rows, delimiter=";", encoding="cp1252"), \
            bad_length

    @pytest.mark.parametrize(("source_kind", "report_suffix"), [
        ("xlsx", ".xlsx"), ("xlsx", ".csv"), ("csv", ".csv"), ("csv", ".xlsx")])
    def test_read_back_fix_and_import_again(self, db, tmp_path, source_kind, report_suffix):
        path, bad = self._problem_file(tmp_path, source_kind)
        result = run(db, path)
        assert (result.inserted, result.rejected, result.duplicates) == (1, 1, 1)
        report = importer.write_error_report(result, tmp_path / f"kesalahan{report_suffix}")
        source = import_source.read_source(report)
        assert source.header_row == 1
        assert source.headers[:len(KPU_HEADER)] == KPU_HEADER
        assert source.headers[-2:] == ["ALASAN DITOLAK", "BARIS ASAL"]
        rows = [cells_ for _, cells_ in source.data_rows()]
        assert len(rows) == 2
        first_data = 6 if source_kind == "xlsx" else 2
        assert [int(float(r[-1])) for r in rows] == [first_data + 1, first_data + 2]
        assert "16 angka" in str(rows[0][-2])
        assert "sama dengan baris" in str(rows[1][-2])
        # the clerk types the NIK right and imports the report again
        fixed = [list(r[:len(KPU_HEADER)]) for r in rows[:1]]
        fixed[0][2] = bad.nik
        fixed_path = (write_xlsx(tmp_path / "diperbaiki.xlsx", fixed, title_rows=[])
                      if report_suffix == ".xlsx" else
                      write_csv(tmp_path / "diperbaiki.csv", fixed, delimiter=";"))
        again = run(db, fixed_path)
        assert (again.inserted, again.rejected) == (1, 0)
        assert one(db, bad.nik)["name"] == "SITI"

    def test_reimporting_the_report_as_is_rejects_again(self, db, tmp_path):
        path, _bad = self._problem_file(tmp_path, "xlsx")
        report = importer.write_error_report(run(db, path), tmp_path / "kesalahan.xlsx")
        again = run(db, report)
        assert (again.rejected, again.unchanged, again.inserted) == (1, 1, 0)

    def test_number_nik_stays_a_number(self, db, tmp_path):
        lost = person(serial=10)
        path = write_xlsx(tmp_path / "kpu.xlsx", rows_of([lost]), nik_as_number=True)
        result = run(db, path)
        for suffix in (".xlsx", ".csv"):
            report = importer.write_error_report(result, tmp_path / f"r{suffix}")
            again = run(db, report)
            assert again.rejected == 1, suffix  # never silently "repaired"

    def test_csv_report_uses_the_source_separator_and_a_bom(self, db, tmp_path):
        path, _ = self._problem_file(tmp_path, "csv")
        report = importer.write_error_report(run(db, path), tmp_path / "r.csv")
        data = report.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        header = next(csv.reader([data[3:].decode().splitlines()[0]], delimiter=";"))
        assert header[-1] == "BARIS ASAL"

    def test_unwritable_report_is_a_user_error(self, db, tmp_path):
        path, _ = self._problem_file(tmp_path, "csv")
        blocker = tmp_path / "berkas"
        blocker.write_text("x")
        with pytest.raises(UserError) as info:
            importer.write_error_report(run(db, path), blocker / "r.csv")
        assert info.value.message_id == "write_failed"


# --- the NIK fast path agrees with the rules ----------------------------------------------

_CTX = None


def _parser():
    global _CTX
    if _CTX is None:
        from ektp_desk.core import regions

        _CTX = person_record.Context(TODAY, dt.date(2007, 2, 14), dt.date(2019, 4, 17),
                                     lambda d: False, regions.default_table(), "x")
    return person_record.Parser(_CTX)


def _outcome(fn, raw):
    try:
        value = fn(raw)
    except nik.NikError as exc:
        return ("error", exc.code)
    return ("ok", value)


digits16 = st.text(alphabet="0123456789", min_size=16, max_size=16)
plausible = st.builds(
    lambda prov, rest, day, month, yy, serial: f"{prov}{rest}{day:02d}{month:02d}{yy:02d}"
                                               f"{serial:04d}",
    st.sampled_from(["33", "31", "10", "99", "11"]), st.sampled_from(["7501", "2601", "0000"]),
    st.integers(0, 75), st.integers(0, 13), st.integers(0, 99), st.integers(0, 3))


@settings(max_examples=500)
@given(raw=st.one_of(digits16, plausible))
def test_nik_fast_path_agrees_with_nik_parse(raw):
    parser = _parser()

    def slow(r):
        parsed = nik.parse(r, TODAY)
        born = parsed.birth_date
        return (parsed.value, parsed.region, born, parsed.sex,
                (born.day, born.month, born.year % 100))

    assert _outcome(parser.nik, raw) == _outcome(slow, raw)


@settings(max_examples=300)
@given(raw=st.one_of(digits16, plausible))
def test_nkk_fast_path_agrees_with_parse_nkk(raw):
    try:
        expected = (nik.parse_nkk(raw, TODAY).value, None)
    except nik.NikError:
        expected = (None, raw)
    assert _parser().nkk(raw) == expected


def test_fixture_niks_are_valid():
    assert nik.parse(make_nik("337501", dt.date(2007, 2, 14), "P", 12), TODAY).sex == "P"


def test_dash_cells_mean_nothing_written(db, tmp_path):
    p = person(note="Tuna Netra")
    run(db, write_kpu_csv(tmp_path / "v1.csv", [p]))
    before = one(db, p.nik)
    dashed = cells(p, NKK="-", RT="-", RW="–", KETERANGAN="-", TEMPAT_LAHIR="-",
                   **{"KELURAHAN/DESA": "-", "KECAMATAN": "-", "ALAMAT (JALAN/DUKUH)": "-"})
    result = run(db, csv_file(tmp_path, [dashed], name="v2.csv"))
    assert result.unchanged == 1  # a dash keeps the old value, like an empty cell
    assert one(db, p.nik) == before
    fresh = person("SITI", sex="P", serial=13)
    run(db, csv_file(tmp_path, [cells(fresh, NKK="-", RT="-", KETERANGAN="-")], name="v3.csv"))
    row = one(db, fresh.nik)
    assert (row["nkk"], row["nkk_raw"], row["rt"], row["note"]) == (None, None, None, None)
    assert warnings_of(db, fresh.nik) == []


def test_a_cell_written_0_is_kept_as_text(db, tmp_path):
    # "0" is something written, not an empty cell: kept as text, and unchanged on re-import.
    p = person()
    path = csv_file(tmp_path, [cells(p, KETERANGAN="0", TEMPAT_LAHIR="0",
                                     **{"ALAMAT (JALAN/DUKUH)": "0"})])
    run(db, path)
    row = one(db, p.nik)
    assert (row["note"], row["birth_place"], row["address"]) == ("0", "0", "0")
    assert (row["nkk_raw"], row["birth_date_raw"], row["disability"]) == (None, None, None)
    assert run(db, path).unchanged == 1
