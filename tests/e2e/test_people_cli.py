"""`ektp-desk people` as a script would use it: a subprocess, JSON or csv on stdout."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.cli_helpers import DEMO_ADMIN, ektp

MASKED = "•"


def cli(db: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return ektp(db, *args, status=0 if check else None, timeout=120, env=DEMO_ADMIN)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("people") / "ektp.sqlite"
    cli(path, "demo", "--people", "120", "--seed", "3")
    with sqlite3.connect(path) as conn:  # a warning and a status, to see them come out
        conn.execute("UPDATE person SET warnings = '[\"nik_wilayah_beda\"]', status = 'hadir' "
                     "WHERE id = 1")
    return path


def rows_in_db(path: Path, where: str = "1", params: tuple = ()) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute(f"SELECT id, nik, nkk, name FROM person WHERE {where} ORDER BY id",
                            params).fetchall()


def audit_rows(path: Path) -> list[dict]:
    with sqlite3.connect(path) as conn:
        return [dict(json.loads(detail), action=action) for action, detail in conn.execute(
            "SELECT action, detail FROM audit_log WHERE action = 'ekspor_warga' ORDER BY id")]


def test_json_is_one_array_of_masked_people(demo_db):
    done = cli(demo_db, "people", "--format", "json")
    data = json.loads(done.stdout)
    expected = rows_in_db(demo_db)
    assert isinstance(data, list) and len(data) == len(expected) == 120
    first = data[0]
    assert {"nik", "nkk", "name", "birth_date", "sex", "address", "rt", "rw",
            "kelurahan_code", "kecamatan_code", "category", "status", "warnings"} <= set(first)
    for obj, (_id, nik, nkk, name) in zip(data, expected, strict=True):  # id order
        assert obj["name"] == name
        assert obj["nik"] == f"{nik[:4]} {nik[4:6]}•• •••• ••••"
        assert obj["nkk"] == f"{nkk[:4]} {nkk[4:6]}•• •••• ••••"
        assert len(obj["kelurahan_code"]) == 10 and obj["kelurahan_code"].isdigit()
        assert obj["kecamatan_code"] == obj["kelurahan_code"][:6]
        assert obj["sex"] in ("L", "P")
        assert len(obj["birth_date"]) == 4 and obj["birth_date"].isdigit()  # the year only
        assert isinstance(obj["warnings"], list)
    assert data[0]["warnings"] == ["nik_wilayah_beda"] and data[0]["status"] == "hadir"
    assert "120 warga diekspor" in done.stderr
    assert audit_rows(demo_db)[-1]["unmasked"] is False


def test_unmasked_export_shows_full_numbers_and_is_audited(demo_db):
    before = len(audit_rows(demo_db))
    data = json.loads(cli(demo_db, "people", "--unmasked").stdout)
    assert [(o["nik"], o["nkk"]) for o in data] == [(r[1], r[2]) for r in rows_in_db(demo_db)]
    assert all(MASKED not in o["nik"] for o in data)
    entries = audit_rows(demo_db)
    assert len(entries) == before + 1
    assert entries[-1]["unmasked"] is True and entries[-1]["count"] == 120


def test_csv_has_a_header_and_one_line_per_person(demo_db):
    done = cli(demo_db, "people", "--format", "csv", "--kecamatan", "337502")
    table = list(csv.DictReader(io.StringIO(done.stdout)))
    expected = rows_in_db(demo_db, "kecamatan_code = ?", ("337502",))
    assert [r["name"] for r in table] == [r[3] for r in expected]
    assert all(MASKED in r["nik"] for r in table)
    assert {r["kecamatan_code"] for r in table} == {"337502"}


def test_filters_search_and_names(demo_db):
    _id, nik, _nkk, name = rows_in_db(demo_db)[5]
    by_nik = json.loads(cli(demo_db, "people", "--search", nik).stdout)
    assert [o["name"] for o in by_nik] == [name]
    prefix = json.loads(cli(demo_db, "people", "--search", nik[:8]).stdout)
    assert name in {o["name"] for o in prefix}
    assert all(o["nik"].replace(" ", "").startswith(nik[:6]) for o in prefix)
    word = name.split()[0]
    found = json.loads(cli(demo_db, "people", "--search", word.lower()).stdout)
    assert found and all(word in o["name"].upper() for o in found)
    kel = json.loads(cli(demo_db, "people", "--kelurahan", "Medono").stdout)
    assert kel and {o["kelurahan_code"] for o in kel} == {"3375011002"}
    assert {o["kelurahan"] for o in kel} == {"Medono"}
    dotted = json.loads(cli(demo_db, "people", "--kelurahan", "33.75.01.1002").stdout)
    assert dotted == kel
    hadir = json.loads(cli(demo_db, "people", "--status", "hadir").stdout)
    assert len(hadir) == 1
    pemula = json.loads(cli(demo_db, "people", "--category", "pemula").stdout)
    assert pemula and {o["category"] for o in pemula} == {"pemula"}
    nobody = cli(demo_db, "people", "--search", "zzzz")
    assert json.loads(nobody.stdout) == []


def test_an_export_searched_by_a_nik_leaves_no_nik_in_the_audit_log(demo_db):
    nik = rows_in_db(demo_db)[7][1]
    grouped = f"{nik[:4]} {nik[4:8]} {nik[8:12]} {nik[12:]}"
    for typed in (nik, grouped, nik[:10]):
        cli(demo_db, "people", "--search", typed)
    searches = [e["filter"]["search"] for e in audit_rows(demo_db)[-3:]]
    masked = f"{nik[:4]} {nik[4:6]}•• •••• ••••"
    assert searches == [masked, masked, "•••• •••• ••"]
    with sqlite3.connect(demo_db) as conn:  # every column of every row, as stored
        stored = "\n".join("\t".join(map(str, row)) for row in conn.execute(
            "SELECT seq, at, by_user, os_user, action, detail FROM audit_log"))
    assert not re.search(r"\d(?:[ .]?\d){15}", stored)
    assert nik[:10] not in stored
    assert "utuh" in cli(demo_db, "audit", "verify").stdout


def test_wrong_usage_exits_2(demo_db):
    assert cli(demo_db, "people", "--kelurahan", "Atlantis", check=False).returncode == 2
    assert cli(demo_db, "people", "--status", "rekam", check=False).returncode == 2
    assert cli(demo_db, "people", "--format", "xml", check=False).returncode == 2
