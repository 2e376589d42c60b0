"""The Kota Pekalongan region table and loose kelurahan matching (docs/domain.md, "Regions")."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ektp_desk.core import regions


@pytest.fixture(scope="module")
def table():
    return regions.default_table()


def test_four_kecamatan_twenty_seven_kelurahan(table):
    assert sorted(table.kecamatan) == ["337501", "337502", "337503", "337504"]
    assert len(table.kelurahan) == 27
    assert table.kelurahan["3375011002"].name == "Medono"
    assert table.kecamatan_name("337504") == "Pekalongan Selatan"


@pytest.mark.parametrize(("written", "code"), [
    ("Noyontaan Sari", "3375021002"), ("NOYONTAANSARI", "3375021002"),
    ("noyontaan-sari", "3375021002"), ("Pasir Kraton Kramat", "3375011008"),
    ("Soko Duwet", "3375041010"), ("Kalibaros", "3375021012"), ("KALI BAROS", "3375021012"),
    ("Kel. Medono", "3375011002"), ("KELURAHAN  TIRTO", "3375011009"),
    ("3375011002", "3375011002"), ("33.75.01.1002", "3375011002"),
])
def test_spellings_match(table, written, code):
    assert table.match_kelurahan(written).kelurahan.code == code


@pytest.mark.parametrize(("old", "code"), [
    ("Sapuro", "3375011004"), ("Kebulen", "3375011004"), ("Bendan", "3375011006"),
    ("Kergon", "3375011006"), ("Landungsari", "3375021002"),
])
def test_pre_2015_names_match_and_are_marked_old(table, old, code):
    match = table.match_kelurahan(old)
    assert match.kelurahan.code == code
    assert match.old_name


def test_four_digit_code_needs_the_kecamatan(table):
    assert table.match_kelurahan("1002") is None
    assert table.match_kelurahan("1002", "337503").kelurahan.name == "Krapyak"


def test_unknown_name(table):
    assert table.match_kelurahan("Atlantis") is None
    assert table.match_kelurahan("") is None


def test_kecamatan_by_name_or_code(table):
    assert table.match_kecamatan("PEKALONGAN BARAT").code == "337501"
    assert table.match_kecamatan("Kec. Pekalongan Utara").code == "337503"
    assert table.match_kecamatan("Selatan").code == "337504"
    assert table.match_kecamatan("33.75.02").code == "337502"


def test_another_city_is_just_another_file(tmp_path):
    data = {"province": {"code": "33", "name": "Jawa Tengah"},
            "city": {"code": "3376", "name": "Kota Tegal"},
            "kecamatan": [{"code": "337601", "name": "Tegal Barat",
                           "kelurahan": [{"code": "1001", "name": "Pesurungan Lor"}]}]}
    path = tmp_path / "tegal.json"
    path.write_text(json.dumps(data))
    other = regions.load(path)
    assert other.match_kelurahan("pesurungan-lor").kelurahan.code == "3376011001"


@given(st.sampled_from(sorted(regions.default_table().kelurahan)),
       st.sampled_from([str.upper, str.lower, str.title]),
       st.sampled_from(["", " ", "-"]))
def test_every_official_name_matches_however_written(code, case, joiner):
    table = regions.default_table()
    name = table.kelurahan[code].name
    written = case(joiner.join(name.split(" ")) if joiner else name.replace(" ", ""))
    assert table.match_kelurahan(written).kelurahan.code == code


def test_format_code():
    assert regions.format_code("3375011002") == "33.75.01.1002"
    assert regions.format_code("337501") == "33.75.01"
