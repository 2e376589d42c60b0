"""NIK and NKK rules (docs/domain.md), with property tests for what must hold for every input."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ektp_desk.core import nik
from ektp_desk.core.nik import NikError

TODAY = dt.date(2026, 11, 28)


def make(province="33", rest="7501", day=14, month=2, year=2007, female=False, serial="0012"):
    d = day + (40 if female else 0)
    return f"{province}{rest}{d:02d}{month:02d}{year % 100:02d}{serial}"


def reason(raw, today=TODAY):
    with pytest.raises(NikError) as info:
        nik.parse(raw, today)
    return info.value.code


class TestHardErrors:
    def test_valid_man(self):
        parsed = nik.parse("3375011402070012", TODAY)
        assert parsed.sex == "L"
        assert parsed.birth_date == dt.date(2007, 2, 14)
        assert parsed.region == "337501"
        assert parsed.serial == "0012"

    def test_valid_woman_day_plus_40(self):
        parsed = nik.parse("3375015402070012", TODAY)
        assert parsed.sex == "P"
        assert parsed.birth_date == dt.date(2007, 2, 14)

    @pytest.mark.parametrize("raw", ["'3375011402070012", "3375 0114 0207 0012",
                                     "3375.01.140207.0012", " 3375011402070012 ",
                                     "’3375011402070012"])
    def test_separators_and_apostrophe_are_removed(self, raw):
        assert nik.parse(raw, TODAY).value == "3375011402070012"

    @pytest.mark.parametrize("raw", [None, "", "   ", "'"])
    def test_empty(self, raw):
        assert reason(raw) == nik.EMPTY

    @pytest.mark.parametrize("raw", ["3.37501E+15", "3,37501E+15", "3.3750114020700E+15",
                                     "'3.37501E+15", "3375011402E5"])
    def test_scientific_notation_is_never_repaired(self, raw):
        assert reason(raw) == nik.SCIENTIFIC

    def test_excel_number_that_lost_its_last_digit(self):
        assert reason(3375011402070010.0) == nik.NUMBER_LOST_DIGIT
        assert reason(3375011402070010) == nik.NUMBER_LOST_DIGIT

    def test_exact_number_cell_is_accepted(self):
        assert nik.parse(3375011402070012.0, TODAY).value == "3375011402070012"
        assert nik.parse(3375011402070012, TODAY).value == "3375011402070012"

    @pytest.mark.parametrize("raw", ["337501140207001", "33750114020700123"])
    def test_15_or_17_digits(self, raw):
        assert reason(raw) == nik.WRONG_LENGTH

    def test_letters(self):
        assert reason("33750114O2070012") == nik.NOT_DIGITS

    @pytest.mark.parametrize("province", ["00", "10", "20", "22", "30", "37", "50", "54",
                                          "60", "66", "70", "77", "80", "83", "90", "97", "99"])
    def test_unknown_province(self, province):
        assert reason(make(province=province)) == nik.UNKNOWN_PROVINCE

    @pytest.mark.parametrize("month", [0, 13, 19, 99])
    def test_bad_month(self, month):
        raw = f"33750114{month:02d}070012"
        assert reason(raw) == nik.BAD_MONTH

    @pytest.mark.parametrize("day", ["00", "32", "39", "40", "72", "99"])
    def test_bad_day(self, day):
        assert reason(f"337501{day}02070012") == nik.BAD_DAY

    @pytest.mark.parametrize("raw", ["3375013102070012", "3375017102070012",
                                     "3375012902070012", "3375013104070012"])
    def test_not_a_calendar_date(self, raw):
        assert reason(raw) == nik.NOT_A_DATE

    def test_leap_day(self):
        assert nik.parse("3375012902080012", TODAY).birth_date == dt.date(2008, 2, 29)

    def test_zero_serial(self):
        assert reason("3375011402070000") == nik.ZERO_SERIAL

    def test_bool_is_not_a_nik(self):
        assert reason(True) == nik.NOT_DIGITS


class TestCentury:
    def test_latest_year_not_in_future(self):
        assert nik.parse(make(year=2026), TODAY).birth_date.year == 2026
        assert nik.parse(make(year=1927), TODAY).birth_date.year == 1927
        assert nik.parse(make(year=1999), TODAY).birth_date.year == 1999

    def test_same_year_later_date_is_last_century(self):
        raw = make(day=29, month=12, year=2026)
        assert nik.parse(raw, TODAY).birth_date == dt.date(1926, 12, 29)


def test_messages_are_indonesian_with_english_option():
    err = NikError(nik.WRONG_LENGTH, length=15, raw="337501140207001")
    assert "harus 16 angka" in str(err)
    assert "must be 16 digits" in nik.reason_text(nik.WRONG_LENGTH, "en", length=15, raw="x")


def test_mask_keeps_only_the_region():
    assert nik.mask("3375015402070012") == "3375 01•• •••• ••••"
    assert "540207" not in nik.mask("3375015402070012")
    assert "0012" not in nik.mask("3375015402070012")  # the serial is hidden too
    assert nik.mask(None) == ""


@pytest.mark.parametrize(("raw", "masked"), [
    ("337501540207001", "3375 01•• •••• •••"),  # 15 digits: an NKK the list got wrong
    ("33750154020700123", "3375 01•• •••• •••• •"),
    ("3375 0154", "•••• ••••"),  # too short to show even the region
    ("3.37501E+15", "•••• •••• •••"),
    ("3375O10203150004", "3375 O1•• •••• ••••"),  # a letter O typed for a zero
])
def test_mask_hides_invalid_numbers_too(raw, masked):
    assert nik.mask(raw) == masked
    assert nik.mask(raw).count("•") >= len(raw.replace(" ", "")) - 6


class TestNkk:
    def test_valid(self):
        parsed = nik.parse_nkk("3375011203150004", TODAY)
        assert parsed.recorded_on == dt.date(2015, 3, 12)

    def test_no_plus_40_in_nkk(self):
        with pytest.raises(NikError) as info:
            nik.parse_nkk("3375015203150004", TODAY)
        assert info.value.code == nik.BAD_DAY


# --- properties --------------------------------------------------------------------------

provinces = st.sampled_from(sorted(nik.PROVINCE_CODES))
dates = st.dates(min_value=dt.date(1927, 1, 1), max_value=TODAY)


@given(provinces, st.integers(0, 9999), dates, st.booleans(), st.integers(1, 9999))
def test_every_valid_nik_round_trips(province, area, birth, female, serial):
    raw = make(f"{province:02d}", f"{area:04d}", birth.day, birth.month, birth.year, female,
               f"{serial:04d}")
    parsed = nik.parse(raw, TODAY)
    assert parsed.value == raw
    assert parsed.sex == ("P" if female else "L")
    assert parsed.birth_date == birth
    assert parsed.birth_date <= TODAY


@given(st.text(alphabet="0123456789", min_size=16, max_size=16), dates)
def test_parse_either_accepts_or_gives_a_known_reason(raw, today):
    try:
        parsed = nik.parse(raw, today)
    except NikError as exc:
        assert exc.code in nik.REASONS
        assert str(exc)
    else:
        assert parsed.birth_date <= today
        assert 1 <= int(raw[8:10]) <= 12
        assert parsed.serial != "0000"


@given(st.text(max_size=30))
def test_any_text_gives_nik_or_nikerror(raw):
    with contextlib.suppress(NikError):
        nik.parse(raw, TODAY)


@given(st.from_regex(r"\A[0-9]{16}\Z"), st.sampled_from(["'", " ", ".", "’"]))
def test_decoration_does_not_change_the_result(raw, mark):
    decorated = mark + raw[:4] + (" " if mark == " " else "") + raw[4:]
    try:
        expected = nik.parse(raw, TODAY)
    except NikError as exc:
        with pytest.raises(NikError) as info:
            nik.parse(decorated, TODAY)
        assert info.value.code == exc.code
    else:
        assert nik.parse(decorated, TODAY) == expected


@given(st.integers(10**14, 10**15 - 1))
def test_numbers_ending_in_zero_are_distrusted(tenth):
    number = tenth * 10  # what Excel's 15 significant digits leave of a 16-digit NIK
    with pytest.raises(NikError) as info:
        nik.parse(float(number), TODAY)
    assert info.value.code == nik.NUMBER_LOST_DIGIT
