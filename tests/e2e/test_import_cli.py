"""`ektp-desk import` as a subprocess: JSON on stdout, Indonesian messages on stderr, exit codes."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests import cli_helpers
from tests.kpu_files import person, sample_people, write_csv, write_kpu_csv, write_kpu_xlsx

KEYS = ["rows", "inserted", "updated", "unchanged", "rejected", "duplicates", "warnings"]


def ektp(*args: object, db: Path) -> subprocess.CompletedProcess[str]:
    return cli_helpers.ektp(db, *args, status=None, timeout=120)


def count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.fixture
def kpu_xlsx(tmp_path: Path) -> Path:
    crowd = [*sample_people(25, seed=1), person("SALAH NIK", nik="3.37501E+15")]
    crowd.append(crowd[0])  # the same person twice
    return write_kpu_xlsx(tmp_path / "daftar_kpu.xlsx", crowd)


def test_import_json_then_reimport_is_unchanged(tmp_path, kpu_xlsx):
    db = tmp_path / "ektp.sqlite"
    done = ektp("import", kpu_xlsx, "--json", db=db)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1  # exactly one JSON object
    counts = json.loads(lines[0])
    assert list(counts) == KEYS
    assert counts == {"rows": 27, "inserted": 25, "updated": 0, "unchanged": 0,
                      "rejected": 1, "duplicates": 1, "warnings": counts["warnings"]}
    assert count(db, "person") == 25

    again = ektp("import", kpu_xlsx, "--json", db=db)
    assert json.loads(again.stdout)["unchanged"] == 25
    assert json.loads(again.stdout)["inserted"] == 0
    assert count(db, "import_batch") == 2


def test_summary_in_indonesian_on_stderr_and_error_report(tmp_path, kpu_xlsx):
    db = tmp_path / "ektp.sqlite"
    report = tmp_path / "kesalahan.xlsx"
    done = ektp("import", kpu_xlsx, "--errors", report, db=db)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert "25 baru" in done.stderr and "1 ditolak" in done.stderr and "1 ganda" in done.stderr
    assert report.exists()
    assert "kesalahan.xlsx" in done.stderr


def test_dry_run_writes_nothing(tmp_path):
    db = tmp_path / "ektp.sqlite"
    path = write_kpu_csv(tmp_path / "kpu.csv", sample_people(10, seed=2), delimiter=";",
                         encoding="cp1252")
    done = ektp("import", path, "--dry-run", "--json", db=db)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["inserted"] == 10
    assert "Uji coba" in done.stderr
    assert count(db, "person") == 0 and count(db, "import_batch") == 0


def test_sheet_option(tmp_path):
    db = tmp_path / "ektp.sqlite"
    path = write_kpu_xlsx(tmp_path / "kpu.xlsx", [person()], extra_sheets=["REKAP"],
                          sheet="KEL MEDONO")
    assert json.loads(ektp("import", path, "--sheet", "KEL MEDONO", "--json",
                           db=db).stdout)["inserted"] == 1
    wrong = ektp("import", path, "--sheet", "TIDAK ADA", "--json", db=db)
    assert wrong.returncode == 1
    assert "Lembar kerja 'TIDAK ADA' tidak ada" in wrong.stderr
    assert json.loads(wrong.stdout)["error"]["code"] == "sheet_not_found"


@pytest.mark.parametrize(("make", "words"), [
    (lambda d: d / "hilang.csv", "Berkas tidak ditemukan"),
    (lambda d: write_csv(d / "tanpa_nik.csv", [["1", "BUDI"]], header=["NO", "NAMA"]),
     "Kolom NIK tidak ditemukan"),
    (lambda d: write_csv(d / "kosong.csv", []), "Berkas kosong"),
])
def test_bad_file_exit_1_with_a_clear_message(tmp_path, make, words):
    db = tmp_path / "ektp.sqlite"
    done = ektp("import", make(tmp_path), "--json", db=db)
    assert done.returncode == 1
    assert words in done.stderr
    assert "Traceback" not in done.stderr
    assert json.loads(done.stdout)["error"]["message"] in done.stderr  # --json: an object


def test_wrong_usage_exit_2(tmp_path):
    done = ektp("import", db=tmp_path / "ektp.sqlite")
    assert done.returncode == 2
    assert "FILE" in done.stderr or "file" in done.stderr
