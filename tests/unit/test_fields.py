"""Cell parsers of KPU lists (docs/domain.md, "The KPU list"): dates, sex, marital status,
RT/RW, disability, names; property tests for the rules that must hold for every input."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ektp_desk.core import fields as F
from ektp_desk.core import text as core_text

TODAY = dt.date(2026, 11, 28)
MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
             "September", "Oktober", "November", "Desember")
MONTHS_SHORT = ("JAN", "FEB", "MAR", "APR", "MEI", "JUN", "JUL", "AGU", "SEP", "OKT", "NOV",
                "DES")

# Every way a KPU list writes a four-digit-year date (day first), as a formatter.
FOUR_DIGIT_FORMATS = {
    "14-02-2007": lambda d: f"{d.day:02d}-{d.month:02d}-{d.year}",
    "14/2/2007": lambda d: f"{d.day}/{d.month}/{d.year}",
    "14.02.2007": lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
    "2007-02-14": lambda d: d.isoformat(),
    "2007/2/14": lambda d: f"{d.year}/{d.month}/{d.day}",
    "14 Februari 2007": lambda d: f"{d.day} {MONTHS_ID[d.month - 1]} {d.year}",
    "14 FEBRUARI 2007": lambda d: f"{d.day} {MONTHS_ID[d.month - 1].upper()} {d.year}",
    "14 FEB 2007": lambda d: f"{d.day} {MONTHS_SHORT[d.month - 1]} {d.year}",
    "14-Feb-2007": lambda d: f"{d.day}-{MONTHS_SHORT[d.month - 1].title()}-{d.year}",
    "14/02/2007 0:00": lambda d: f"{d.day:02d}/{d.month:02d}/{d.year} 0:00",
    "2007-02-14 00:00:00": lambda d: f"{d.isoformat()} 00:00:00",
    "14022007": lambda d: f"{d.day:02d}{d.month:02d}{d.year}",
}
TWO_DIGIT_FORMATS = {
    "14/2/07": lambda d: f"{d.day}/{d.month}/{d.year % 100:02d}",
    "14-02-07": lambda d: f"{d.day:02d}-{d.month:02d}-{d.year % 100:02d}",
    "14-Feb-07": lambda d: f"{d.day}-{MONTHS_SHORT[d.month - 1].title()}-{d.year % 100:02d}",
}

dates = st.dates(min_value=dt.date(1900, 3, 1), max_value=TODAY)


class TestDates:
    @pytest.mark.parametrize("text", ["14-02-2007", "14/2/07", "2007-02-14", "14 Februari 2007",
                                      "14 FEB 2007", "14.02.2007", "14 Pebruari 2007",
                                      "14-Feb-07", " 14/02/2007 ", "14 feb. 2007",
                                      "14/02/2007 00:00", "39127", "14022007"])
    def test_the_forms_of_issue_2(self, text):
        assert F.parse_date(text, TODAY) == dt.date(2007, 2, 14)

    def test_excel_serial_numbers(self):
        assert F.parse_date(39127.0, TODAY) == dt.date(2007, 2, 14)
        assert F.parse_date(39127, TODAY) == dt.date(2007, 2, 14)
        assert F.excel_serial_date(1) == dt.date(1899, 12, 31)

    def test_date_cells_from_calamine(self):
        assert F.parse_date(dt.date(2007, 2, 14), TODAY) == dt.date(2007, 2, 14)
        assert F.parse_date(dt.datetime(2007, 2, 14, 0, 0), TODAY) == dt.date(2007, 2, 14)

    @pytest.mark.parametrize("empty", [None, "", "   "])
    def test_empty_is_none(self, empty):
        assert F.parse_date(empty, TODAY) is None

    @pytest.mark.parametrize("text", ["30-02-2007", "14/13/2007", "abc", "14 Brumaire 2007",
                                      "2007", "1-2-3-4", "00-00-0000", "20070230"])
    def test_not_a_date(self, text):
        with pytest.raises(ValueError):
            F.parse_date(text, TODAY)

    def test_day_first(self):
        assert F.parse_date("03/04/2007", TODAY) == dt.date(2007, 4, 3)

    def test_two_digit_year_takes_latest_century_not_in_future(self):
        assert F.parse_date("14/2/07", TODAY) == dt.date(2007, 2, 14)
        assert F.parse_date("14/2/26", TODAY) == dt.date(2026, 2, 14)  # already past
        assert F.parse_date("27/11/26", TODAY) == dt.date(2026, 11, 27)
        assert F.parse_date("29/11/26", TODAY) == dt.date(1926, 11, 29)
        assert F.parse_date("1/1/45", TODAY) == dt.date(1945, 1, 1)

    def test_exactness_says_whether_the_century_was_guessed(self):
        assert F.parse_date_detail("14/2/07", TODAY) == (dt.date(2007, 2, 14), False)
        assert F.parse_date_detail("14/2/2007", TODAY) == (dt.date(2007, 2, 14), True)

    @given(day=dates, form=st.sampled_from(sorted(FOUR_DIGIT_FORMATS)))
    def test_any_date_in_any_four_digit_form_parses_back(self, day, form):
        assert F.parse_date(FOUR_DIGIT_FORMATS[form](day), TODAY) == day

    @given(day=st.dates(min_value=F.years_before(TODAY, 99), max_value=TODAY),
           form=st.sampled_from(sorted(TWO_DIGIT_FORMATS)))
    def test_any_date_of_the_last_century_in_two_digit_form_parses_back(self, day, form):
        assume(not (day.month == 2 and day.day == 29))  # 29/2/00 may mean another century
        assert F.parse_date(TWO_DIGIT_FORMATS[form](day), TODAY) == day

    @given(day=dates)
    def test_any_excel_serial_parses_back(self, day):
        serial = (day - F.EXCEL_EPOCH).days
        assert F.parse_date(float(serial), TODAY) == day
        if serial >= 10_000:  # as text only with five digits: "2007" is a year, not a serial
            assert F.parse_date(str(serial), TODAY) == day

    @given(text=st.text(max_size=20))
    def test_never_crashes_on_any_text(self, text):
        with contextlib.suppress(ValueError):
            F.parse_date(text, TODAY)


class TestAges:
    def test_years_before_29_february(self):
        assert F.years_before(dt.date(2024, 2, 29), 17) == dt.date(2007, 2, 28)
        assert F.years_before(dt.date(2024, 2, 14), 17) == dt.date(2007, 2, 14)

    def test_age_on(self):
        assert F.age_on(dt.date(2007, 2, 14), dt.date(2024, 2, 14)) == 17
        assert F.age_on(dt.date(2007, 2, 15), dt.date(2024, 2, 14)) == 16

    @pytest.mark.parametrize(("day", "expected"), [
        (dt.date(2007, 1, 1), True), (dt.date(2007, 7, 1), True), (dt.date(2007, 12, 31), True),
        (dt.date(2007, 3, 15), True), (dt.date(2007, 2, 14), False), (dt.date(2007, 7, 2), False)])
    def test_placeholder_dates_from_the_setting(self, day, expected):
        matcher = F.placeholder_matcher(["01-01", "01-07", "31-12", "15"])
        assert matcher(day) is expected

    def test_placeholder_setting_with_a_typo_does_not_fail(self):
        assert F.placeholder_matcher(["1-7", "x", "15"])(dt.date(2000, 7, 1))

    @pytest.mark.parametrize(("birth", "disability", "inmate", "expected"), [
        (dt.date(2007, 2, 14), None, False, "pemula"),  # 17 on election day
        (dt.date(2002, 4, 18), None, False, "pemula"),  # 16 at the 2019 election
        (dt.date(2002, 4, 17), None, False, "lainnya"),  # 17 at the 2019 election
        (dt.date(2008, 1, 1), None, False, "pemula"),  # 16 at the election: still first-timer
        (dt.date(1990, 1, 1), None, False, "lainnya"),
        (dt.date(1990, 1, 1), "Fisik", False, "disabilitas"),
        (dt.date(2007, 2, 14), "Fisik", True, "warga_binaan"),
        (None, None, False, "lainnya"),
    ])
    def test_category(self, birth, disability, inmate, expected):
        assert F.category(birth, disability=disability, inmate=inmate,
                          previous_election=dt.date(2019, 4, 17)) == expected


class TestSexAndMarital:
    @pytest.mark.parametrize(("cell", "sex"), [
        ("L", "L"), ("l", "L"), ("LK", "L"), ("Lk", "L"), ("LAKI-LAKI", "L"), ("Laki Laki", "L"),
        ("laki2", "L"), ("PRIA", "L"), (" L ", "L"), ("L.", "L"), (1.0, "L"),
        ("P", "P"), ("PR", "P"), ("PEREMPUAN", "P"), ("Perempuan", "P"), ("WANITA", "P"),
        ("W", "P"), (2, "P")])
    def test_sex(self, cell, sex):
        assert F.parse_sex(cell) == sex

    @pytest.mark.parametrize("cell", [None, "", "  "])
    def test_sex_empty(self, cell):
        assert F.parse_sex(cell) is None

    @pytest.mark.parametrize("cell", ["X", "LP", "?", "BANCI"])
    def test_sex_unknown(self, cell):
        with pytest.raises(ValueError):
            F.parse_sex(cell)

    @pytest.mark.parametrize(("cell", "code"), [
        ("B", "B"), ("BELUM KAWIN", "B"), ("Belum Kawin", "B"), ("belum menikah", "B"),
        ("S", "S"), ("KAWIN", "S"), ("Sudah Kawin", "S"), ("K", "S"),
        ("P", "P"), ("CERAI HIDUP", "P"), ("CERAI MATI", "P"), ("Cerai  Mati", "P"),
        ("PERNAH KAWIN", "P"), ("CM", "P"), ("1", "B"), ("2", "S"), ("3", "P"), ("4", "P")])
    def test_marital(self, cell, code):
        assert F.parse_marital(cell) == code

    def test_marital_unknown_and_empty(self):
        assert F.parse_marital("") is None
        with pytest.raises(ValueError):
            F.parse_marital("JOMBLO")


class TestRtRw:
    @pytest.mark.parametrize("cell", ["001", "1", "01", "RT 01", "RT.1", "rt 001", 1.0, 1])
    def test_rt_forms(self, cell):
        assert F.parse_rt(cell) == "001"

    def test_rw(self):
        assert F.parse_rt("RW 02", rw=True) == "002"
        assert F.parse_rt("12", rw=True) == "012"

    def test_zero_and_empty(self):
        assert F.parse_rt("0") is None
        assert F.parse_rt("") is None

    @pytest.mark.parametrize("cell", ["A", "1000", "RT", "1/2"])
    def test_not_an_rt(self, cell):
        with pytest.raises(ValueError):
            F.parse_rt(cell)

    @pytest.mark.parametrize("cell", ["RT 01/RW 02", "001/002", "1/2", "RT/RW 1/2",
                                      "RT.01 RW.02", "01 / 02", "RT 1 RW 2", "001-002"])
    def test_both_in_one_cell(self, cell):
        assert F.parse_rt_rw(cell) == ("001", "002")

    @pytest.mark.parametrize(("address", "expected"), [
        ("JL. MERDEKA NO. 5 RT 01/RW 02", ("JL. MERDEKA NO. 5", "001", "002")),
        ("JL MERDEKA RT.001 RW.002, KRAPYAK", ("JL MERDEKA, KRAPYAK", "001", "002")),
        ("DUKUH KRAPYAK Rt 3 Rw 4", ("DUKUH KRAPYAK", "003", "004")),
        ("RT/RW 001/002 JL. SAMUDRA", ("JL. SAMUDRA", "001", "002")),
        ("GG. MAWAR RT 05", ("GG. MAWAR", "005", None)),
        ("JL. KERTOHARJO NO. 3", ("JL. KERTOHARJO NO. 3", None, None)),
        ("JL. SURTAMA", ("JL. SURTAMA", None, None)),
        ("", ("", None, None)),
    ])
    def test_inside_the_address(self, address, expected):
        assert F.split_address(address) == expected

    @given(rt=st.integers(1, 999), rw=st.integers(1, 99),
           street=st.sampled_from(["JL. MERDEKA NO. 5", "DUKUH SOKOREJO", "GG. MELATI 3"]),
           form=st.sampled_from(["{s} RT {rt:02d}/RW {rw:02d}", "{s}, RT.{rt:03d} RW.{rw:03d}",
                                 "{s} Rt {rt} Rw {rw}", "RT/RW {rt}/{rw} {s}"]))
    def test_any_rt_rw_in_an_address_is_found_and_removed(self, rt, rw, street, form):
        address = form.format(s=street, rt=rt, rw=rw)
        assert F.split_address(address) == (street, f"{rt:03d}", f"{rw:03d}")


class TestDisability:
    @pytest.mark.parametrize(("cell", "kind"), [
        ("Tuna Netra", "Sensorik Netra"), ("tunanetra", "Sensorik Netra"),
        ("buta", "Sensorik Netra"), ("Tuna Rungu", "Sensorik Rungu"),
        ("tunarungu", "Sensorik Rungu"), ("TULI", "Sensorik Rungu"),
        ("Tuna Wicara", "Sensorik Wicara"), ("bisu", "Sensorik Wicara"),
        ("Tuna Rungu Wicara", "Sensorik Rungu, Sensorik Wicara"),
        ("Tuna Daksa", "Fisik"), ("daksa", "Fisik"), ("Disabilitas Fisik", "Fisik"),
        ("lumpuh", "Fisik"), ("Grahita", "Intelektual"), ("tunagrahita", "Intelektual"),
        ("Intelektual", "Intelektual"), ("ODGJ", "Mental"), ("gangguan jiwa", "Mental"),
        ("Mental", "Mental"), ("Sensorik Netra", "Sensorik Netra"),
        ("Disabilitas", "Lainnya"), ("penyandang disabilitas", "Lainnya"),
    ])
    def test_kinds_in_keterangan(self, cell, kind):
        assert F.parse_disability(cell) == kind

    @pytest.mark.parametrize("cell", ["mondok", "luar kota", "sudah rekam", "", None, "-",
                                      "bukan disabilitas", "tidak", "PINDAH"])
    def test_notes_that_are_not_a_disability(self, cell):
        assert F.parse_disability(cell) is None

    @pytest.mark.parametrize(("cell", "kind"), [
        ("YA", "Lainnya"), ("ADA", "Lainnya"), ("-", None), ("TIDAK", None), ("0", None),
        ("Netra", "Sensorik Netra"), ("kusta", "Fisik"), ("lainnya", "Lainnya")])
    def test_in_a_disability_column(self, cell, kind):
        assert F.parse_disability(cell, column=True) == kind

    @pytest.mark.parametrize(("cell", "inmate"), [
        ("Warga binaan Lapas", True), ("RUTAN", True), ("napi", True), ("Narapidana", True),
        ("Lapas Kelas IIA Pekalongan", True), ("WBP", True), ("tahanan", True),
        ("mondok", False), ("", False), ("KELAPASAN", False), (None, False)])
    def test_warga_binaan(self, cell, inmate):
        assert F.is_inmate(cell) is inmate


class TestNames:
    @pytest.mark.parametrize(("raw", "display", "key"), [
        ("SUHARTO", "SUHARTO", "SUHARTO"),
        ("ma'ruf", "MA'RUF", "MARUF"),
        ("NUR’AINI", "NUR'AINI", "NURAINI"),
        ("H. AHMAD  BIN  ABDUL", "H. AHMAD BIN ABDUL", "H AHMAD BIN ABDUL"),
        ("HJ. SITI BINTI SLAMET", "HJ. SITI BINTI SLAMET", "HJ SITI BINTI SLAMET"),
        ("  budi santoso ", "BUDI SANTOSO", "BUDI SANTOSO"),
        ("André", "ANDRÉ", "ANDRE"),
        ("", "", ""),
    ])
    def test_name_fields(self, raw, display, key):
        assert F.name_fields(raw) == (display, key)

    @given(st.text(max_size=40))
    def test_fast_path_agrees_with_text_module(self, raw):
        display = core_text.display_name(raw)
        assert F.name_fields(raw) == (display, core_text.search_key(display))

    @given(st.text(alphabet=st.sampled_from("ABCDEFGHIJ abcd'’`.-\t\u00a0É"), max_size=30))
    def test_fast_path_agrees_on_name_like_text(self, raw):
        display = core_text.display_name(raw)
        assert F.name_fields(raw) == (display, core_text.search_key(display))


class TestCells:
    @pytest.mark.parametrize(("cell", "text"), [
        (None, ""), ("", ""), ("  a  b ", "a b"), (1.0, "1"), (3375011402070012.0,
                                                               "3375011402070012"),
        (1.5, "1.5"), (dt.date(2007, 2, 14), "2007-02-14"),
        (dt.datetime(2007, 2, 14), "2007-02-14"), (True, "1")])
    def test_cell_text(self, cell, text):
        assert F.cell_text(cell) == text

    @pytest.mark.parametrize(("cell", "expected"), [
        ("PEKALONGAN, 14-02-2007", ("PEKALONGAN", "14-02-2007")),
        ("PEKALONGAN 14 FEBRUARI 2007", ("PEKALONGAN", "14 FEBRUARI 2007")),
        ("KOTA PEKALONGAN, 14 Feb 2007", ("KOTA PEKALONGAN", "14 Feb 2007")),
        ("PEKALONGAN", ("PEKALONGAN", "")), ("", ("", ""))])
    def test_place_and_date_in_one_cell(self, cell, expected):
        assert F.split_place_date(cell) == expected

    def test_format_date_id(self):
        assert F.format_date_id(dt.date(2024, 2, 14)) == "14 Februari 2024"
