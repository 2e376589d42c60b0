"""The words of a letter: templates and placeholders, numbers and Roman months, letter
codes, Indonesian dates and hours, and line breaking that never overflows."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ektp_desk.core.election import Election
from ektp_desk.core.errors import UserError
from ektp_desk.core.letters import batch, nip, numbering, templates
from ektp_desk.core.letters.profile import OfficeProfile
from ektp_desk.core.letters.receipts import number_lines
from ektp_desk.core.letters.render import (
    FONT,
    FONT_BOLD,
    letter_values,
    printable,
    salutation,
    wrap,
)

# typed out here on purpose: not taken from the code under test
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember"]
PROFILE = OfficeProfile(
    government="PEMERINTAH KOTA PEKALONGAN", office="DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL",
    address="Jl. Majapahit No. 18", telephone="(0285) 422814", contact="", website="",
    postcode="", city="Pekalongan", signer_title="KEPALA", signer_name="", signer_rank="",
    signer_nip="", logo=None, logo_path=None, signature=None, stamp=None, paper="A4",
    print_full_nik=False, number_pattern=numbering.DEFAULT_PATTERN)


def values(day: dt.date, start: str = "08:00", end: str = "10:00", round_: int = 1) -> dict:
    return letter_values(name="NUR'AINI", nik="3375 01•• •••• ••••", address="JL. MERDEKA",
                         rt="001", rw="002", kelurahan="Medono", kecamatan="Pekalongan Barat",
                         day=day, start=start, end=end, place="Kantor Kecamatan",
                         place_address="", number="400.12.2.1/1/Dindukcapil/VII/2023",
                         round_=round_, letter_date=dt.date(2023, 7, 3),
                         election=Election("Pemilihan Umum 2024", dt.date(2024, 2, 14)),
                         profile=PROFILE)


def test_every_day_of_2023_and_2024_in_indonesian():
    anchor = dt.date(2024, 2, 14)  # Rabu: election day
    day = dt.date(2023, 1, 1)
    while day <= dt.date(2024, 12, 31):
        got = values(day)
        name = DAYS[(2 + (day - anchor).days) % 7]
        assert got["hari_tanggal"] == f"{name}, {day.day} {MONTHS[day.month - 1]} {day.year}"
        assert got["tanggal"] == f"{day.day} {MONTHS[day.month - 1]} {day.year}"
        day += dt.timedelta(days=1)
    assert values(dt.date(2024, 2, 14))["hari_tanggal"] == "Rabu, 14 Februari 2024"
    assert values(dt.date(2023, 7, 3))["tanggal_surat"] == "3 Juli 2023"
    assert values(dt.date(2023, 7, 3))["tanggal_pemilu"] == "14 Februari 2024"


def test_hours_are_written_with_a_dot_and_wib():
    # a range is written without spaces around its en dash
    assert values(dt.date(2024, 2, 14))["pukul"] == "08.00–10.00 WIB"
    assert values(dt.date(2024, 2, 16), "10:00", "10:30")["pukul"] == "10.00–10.30 WIB"
    assert batch.format_slot_time("13:00", "14:00") == "13.00–14.00 WIB"


def test_round_words():
    assert values(dt.date(2024, 2, 14), round_=2)["putaran"] == "Kedua"
    assert values(dt.date(2024, 2, 14), round_=3)["putaran_kecil"] == "ketiga"
    assert templates.ordinal(12) == "Ke-12"
    assert templates.round_key(1) == 1 and templates.round_key(2) == 2 == templates.round_key(5)


def test_roman_months():
    assert [numbering.roman_month(m) for m in range(1, 13)] == [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
    with pytest.raises(ValueError):
        numbering.roman_month(13)


def test_number_pattern():
    # the default is the filing code of Permendagri 83/2022, keeping the office's part
    assert numbering.format_number(numbering.DEFAULT_PATTERN, 68, dt.date(2023, 7, 3)) == \
        "400.12.2.1/68/Dindukcapil/VII/2023"
    assert numbering.format_number("400.12.2.1/{nomor}/{bulan_romawi}/{tahun}", 68,
                                   dt.date(2026, 4, 1)) == "400.12.2.1/68/IV/2026"
    assert numbering.format_number("{nomor}/{bulan}/{tahun}", 5, dt.date(2024, 1, 9)) == \
        "5/01/2024"


@pytest.mark.parametrize("pattern, words", [
    ("471.13/{nomer}/{tahun}", "{nomer}"),
    ("471.13/{nomor}/VII", "{nomor} dan {tahun}"),
    ("471.13/{nomor/{tahun}", "kurung kurawal"),
    ("471.13/{nomor:03d}/{tahun}", "tidak boleh memakai"),
])
def test_bad_number_patterns_are_refused_with_words(pattern: str, words: str):
    with pytest.raises(UserError) as caught:
        numbering.validate_pattern(pattern)
    assert words in caught.value.message


def test_default_texts_are_valid_and_differ_by_round():
    texts = templates.default_texts()
    assert set(texts.parts) == {1, 2}
    for round_ in (1, 2):
        assert set(texts.parts[round_]) == set(templates.PART_BY_KEY)
        for part, text in texts.parts[round_].items():
            assert templates.validate_text(part, text) == text
    assert texts.for_round(1)["pembuka"] != texts.for_round(2)["pembuka"]
    assert texts.for_round(3) is texts.for_round(2)
    filled = templates.fill(texts.for_round(2)["hal"], values(dt.date(2024, 2, 14), round_=2))
    assert filled == "Panggilan Kedua Perekaman KTP-el"


def test_unknown_placeholder_is_refused_naming_it():
    with pytest.raises(UserError) as caught:
        templates.validate_text("pembuka", "Yth. {nama}, datang pada {hari_tangal}.")
    message = caught.value.message
    assert "{hari_tangal}" in message and "tidak dikenal" in message
    assert "Paragraf pembuka" in message and "{hari_tanggal}" in message  # the known ones


@pytest.mark.parametrize("text, words", [
    ("Datang {nama!r}", "tidak boleh memakai"),
    ("Datang {nama:>20}", "tidak boleh memakai"),
    ("Datang {nama", "tidak berpasangan"),
    ("Datang nama}", "tidak berpasangan"),
    ("Datang {}", "isian kosong"),
    ("Datang {0}", "{0}"),
    ("Datang {nama.upper}", "{nama.upper}"),
])
def test_template_tricks_are_refused(text: str, words: str):
    with pytest.raises(UserError) as caught:
        templates.validate_text("penutup", text)
    assert words in caught.value.message


def test_template_rules():
    with pytest.raises(UserError, match="tidak boleh kosong"):
        templates.validate_text("hal", "   ")
    with pytest.raises(UserError, match="tidak dikenal"):
        templates.validate_text("kop", "x")
    with pytest.raises(UserError, match="terlalu panjang"):
        templates.validate_text("penutup", "x" * 2001)
    assert templates.validate_text("penutup", "  Terima\r\n kasih  ") == "Terima kasih"
    assert templates.validate_text("bawa", "satu \r\n\r\n dua") == "satu\ndua"
    assert templates.validate_text("penutup", "Harga {{tetap}}") == "Harga {{tetap}}"
    assert templates.fill("Harga {{tetap}} {nama}", {"nama": "SITI"}) == "Harga {tetap} SITI"
    assert templates.placeholders_in("{nama} {rt}/{rw}") == ["nama", "rt", "rw"]


def test_with_changes_previews_unsaved_texts():
    base = templates.default_texts()
    changed = base.with_changes({(1, "hal"): "Undangan {nama}"})
    assert changed.parts[1]["hal"] == "Undangan {nama}" and (1, "hal") in changed.custom
    assert base.parts[1]["hal"] != "Undangan {nama}"
    assert changed.with_changes({(1, "hal"): None}).parts[1]["hal"] == base.parts[1]["hal"]
    with pytest.raises(UserError, match="Putaran surat"):
        base.with_changes({(3, "hal"): "x"})
    with pytest.raises(UserError, match=r"\{namaa\}"):
        base.with_changes({(2, "hal"): "{namaa}"})


def test_letter_codes_are_random_base32_without_nik():
    codes = {numbering.new_code() for _ in range(5000)}
    assert len(codes) == 5000
    assert all(re.fullmatch(r"[A-Z2-7]{12}", c) for c in codes)
    code = next(iter(codes))
    assert numbering.qr_payload(code) == f"EKTP:{code}"
    assert numbering.normalize_code(f"EKTP:{code}") == code
    assert numbering.normalize_code(" ektp:" + code.lower()) == code
    spaced = " ".join(code[i:i + 4] for i in range(0, 12, 4))
    assert numbering.normalize_code(spaced) == code
    assert numbering.normalize_code("3375014102070012") is None  # a NIK is not a code
    assert numbering.normalize_code("EKTP:SHORT") is None


def test_printable_keeps_names_and_replaces_what_the_font_lacks():
    assert printable("NUR'AINI") == "NUR'AINI"
    assert printable("MA’RUF") == "MA'RUF"
    assert printable("ANDRÉ SÉBASTIEN") == "ANDRÉ SÉBASTIEN"
    assert printable("ANDRE\u0301") == "ANDRÉ"  # decomposed accent composed
    assert printable("Ⅻ 5") == "XII 5"  # not in the font: its compatibility letters
    assert printable("日本") == "??"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ'É.,- "), max_size=200),
       st.floats(min_value=40, max_value=400), st.sampled_from([FONT, FONT_BOLD]))
def test_wrap_never_overflows_and_keeps_every_letter(text: str, width: float, font: str):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines = wrap(text, font, 11.0, width)
    for line, natural in lines:
        assert stringWidth(line, font, 11.0) <= width + 0.01
        assert abs(stringWidth(line, font, 11.0) - natural) < 0.01
    assert "".join(line for line, _ in lines).replace(" ", "") == text.replace(" ", "")


def test_file_names_are_safe_and_unique_by_number():
    name = batch.file_name("NUR'AINI <BINTI> A/B", "471.13/12/Dindukcapil/VII/2023")
    assert name == "NUR'AINI  BINTI  A B (471.13-12-Dindukcapil-VII-2023).pdf"
    assert batch.file_name("...", "1/2024") == "SURAT (1-2024).pdf"


def test_the_filing_code_is_a_choice_that_keeps_the_rest_of_the_pattern():
    assert numbering.classification(numbering.DEFAULT_PATTERN) == "400.12.2.1"
    old = numbering.with_classification(numbering.DEFAULT_PATTERN, "471.13")
    assert old == "471.13/{nomor}/Dindukcapil/{bulan_romawi}/{tahun}"
    assert numbering.classification(old) == "471.13"
    assert numbering.with_classification(old, "400.12.2.1") == numbering.DEFAULT_PATTERN
    assert numbering.with_classification("{nomor}/{tahun}", "471.13") == "471.13/{nomor}/{tahun}"
    assert numbering.classification("{nomor}/X/{tahun}") is None
    with pytest.raises(ValueError):
        numbering.with_classification(old, "999")


@pytest.mark.parametrize("typed", ["197001011990031001", "19700101 199003 1 001",
                                   " 19700101.199003.1.001 ", "19700101-199003-1-001"])
def test_a_nip_prints_grouped_however_it_was_typed(typed: str):
    assert nip.validate(typed, today=dt.date(2026, 12, 1)) == "197001011990031001"
    assert nip.format_nip(typed) == "19700101 199003 1 001"


@pytest.mark.parametrize(("typed", "why"), [
    ("19700101199003100", "18 angka"),  # 17 digits
    ("1970010119900310011", "18 angka"),
    ("19700101A990031001", "18 angka"),
    ("19701301199003 1 001", "tanggal lahir"),  # month 13
    ("19700230199003 1 001", "tanggal lahir"),  # 30 February
    ("18990101199003 1 001", "tanggal lahir"),
    ("20200101199003 1 001", "tanggal lahir"),  # a child
    ("19700101199013 1 001", "mulai bekerja"),  # TMT month 13
    ("19700101198003 1 001", "mulai bekerja"),  # at ten years old
    ("19700101203003 1 001", "mulai bekerja"),  # in the future
    ("19700101199003 3 001", "1 (pria) atau 2"),
    ("19700101199003 1 000", "000"),
])
def test_a_wrong_nip_is_refused_naming_the_part(typed: str, why: str):
    with pytest.raises(UserError, match=re.escape(why)):
        nip.validate(typed, today=dt.date(2026, 12, 1))


def test_salutation_follows_sex_never_both():
    assert salutation("L") == ("Sdr.", "Saudara")
    assert salutation("P") == ("Sdri.", "Saudari")
    # no sex column: the NIK's day (40 added for women)
    assert salutation(None, "3375014502070001")[0] == "Sdri."
    assert salutation(None, "3375010502070001")[0] == "Sdr."
    assert salutation("?", "")[0] == "Sdr."
    woman = letter_values(name="NUR'AINI", nik="", address="", rt="", rw="", kelurahan="",
                          kecamatan="", day=dt.date(2024, 2, 1), start="08:00", end="09:00",
                          place="", place_address="", number="1", round_=1,
                          letter_date=dt.date(2024, 1, 2),
                          election=Election("Pemilu 2029", dt.date(2029, 2, 14)),
                          profile=PROFILE, sex="P")
    assert (woman["sapaan"], woman["saudara"]) == ("Sdri.", "Saudari")
    assert woman["nama_pemilu"] == "Pemilu 2029" and woman["tanggal_pemilu"] == "14 Februari 2029"
    texts = templates.default_texts()
    for round_ in templates.ROUNDS:
        words = " ".join(texts.parts[round_].values())
        assert "Saudara/Saudari" not in words and "Sdr/Sdri" not in words
        assert "KTP elektronik" not in words.replace("Non KTP", "")
        assert "KTP Elektronik" not in words and "e-KTP" not in words
        assert "KTP-el" in words and "{nama_pemilu}" in words


@pytest.mark.parametrize("width", [30.0, 45.0, 60.0, 80.0, 200.0])
def test_a_letter_number_never_breaks_inside_month_and_year(width: float):
    lines = number_lines("400.12.2.1/2999/Dindukcapil/IV/2026", FONT, 8.5, width)
    assert "".join(lines) == "400.12.2.1/2999/Dindukcapil/IV/2026"
    assert lines[-1].endswith("IV/2026")
    assert all(line.endswith("/") for line in lines[:-1])
