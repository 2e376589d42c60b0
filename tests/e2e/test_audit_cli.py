"""`ektp-desk audit …` as an admin's shell uses it: verify (exit status and the row named),
list with filters, export to csv with NIKs masked and the export itself recorded."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest

from tests.cli_helpers import DEMO_ADMIN, ektp, new_database, rows


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    path = tmp_path / "ektp.sqlite"
    ektp(path, "demo", "--people", "30", "--seed", "5")
    ektp(path, "settings", "desk_name", "Meja 2", env=DEMO_ADMIN)
    ektp(path, "settings", "user_name", "Budi", env=DEMO_ADMIN)
    nik = rows(path, "SELECT nik FROM person WHERE id = 3")[0][0]
    # a row about a person: the NIK searched for is stored masked, with the person's id
    ektp(path, "people", "--search", nik, "--unmasked", "--format", "json", env=DEMO_ADMIN)
    return path


def test_the_rows_are_the_admins_to_read(demo_db: Path):
    operator = {"EKTP_DESK_USER": "operator", "EKTP_DESK_PASSWORD": "operator-demo"}
    nobody = ektp(demo_db, "audit", "list", status=1).stderr
    assert "Perlu masuk dengan akun untuk membaca log audit" in nobody
    refused = ektp(demo_db, "audit", "list", status=1, env=operator).stderr
    assert "Hanya admin yang boleh membaca log audit" in refused
    ektp(demo_db, "audit", "verify", env=operator)  # the verdict names nobody


def test_verify_passes_on_an_honest_database(demo_db: Path):
    done = ektp(demo_db, "audit", "verify")
    assert done.stdout.startswith("Rantai log audit utuh:")
    got = json.loads(ektp(demo_db, "audit", "verify", "--json").stdout)
    assert got["ok"] is True and got["rows"] == got["head_seq"] >= 4


def test_verify_fails_naming_the_edited_row(demo_db: Path):
    with sqlite3.connect(demo_db) as conn:
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("UPDATE audit_log SET by_user = 'Orang lain' WHERE seq = 2")
    done = ektp(demo_db, "audit", "verify", status=1)
    assert "seq 2" in done.stdout and "telah diubah" in done.stdout
    got = json.loads(ektp(demo_db, "audit", "verify", "--json", status=1).stdout)
    assert (got["ok"], got["problem"], got["seq"]) == (False, "edited", 2)


def test_verify_fails_naming_the_deleted_row(demo_db: Path):
    with sqlite3.connect(demo_db) as conn:
        conn.execute("DROP TRIGGER audit_log_no_delete")
        conn.execute("DELETE FROM audit_log WHERE seq = 2")
    done = ektp(demo_db, "audit", "verify", status=1)
    assert "seq 2 hilang (dihapus)" in done.stdout


def test_list_filters_by_user_action_and_nik(demo_db: Path):
    everything = json.loads(ektp(demo_db, "audit", "list", "--json", env=DEMO_ADMIN).stdout)
    assert [r["seq"] for r in everything] == sorted((r["seq"] for r in everything),
                                                    reverse=True)
    # --user after the verb filters; the account that runs it comes from EKTP_DESK_USER
    admin = json.loads(ektp(demo_db, "audit", "list", "--user", "admin", "--json",
                            env=DEMO_ADMIN).stdout)
    assert admin and all(r["user"] == "admin" for r in admin)
    assert len(admin) < len(everything)
    assert json.loads(ektp(demo_db, "audit", "list", "--user", "Budi", "--json",
                           env=DEMO_ADMIN).stdout) == []  # a clerk's name, not the account
    settings = json.loads(ektp(demo_db, "audit", "list", "--action", "setting",
                               "--json", env=DEMO_ADMIN).stdout)
    assert len(settings) == 2 and {r["action"] for r in settings} == {"setting"}
    nik = rows(demo_db, "SELECT nik FROM person WHERE id = 3")[0][0]
    about = json.loads(ektp(demo_db, "audit", "list", "--nik", nik, "--json",
                            env=DEMO_ADMIN).stdout)
    assert [r["action"] for r in about] == ["ekspor_warga"]
    # the NIK in that export row's filter is masked: the row is not an unmasking of it
    assert nik not in about[0]["detail"] and nik[:4] in about[0]["detail"]
    assert nik not in rows(demo_db, "SELECT group_concat(detail) FROM audit_log")[0][0]
    none = json.loads(ektp(demo_db, "audit", "list", "--from", "2001-01-01", "--to",
                           "2001-01-02", "--json", env=DEMO_ADMIN).stdout)
    assert none == []


def test_list_refuses_a_bad_nik_in_indonesian(demo_db: Path):
    done = ektp(demo_db, "audit", "list", "--nik", "12345", status=1, env=DEMO_ADMIN)
    assert "harus 16 angka" in done.stderr


def test_export_writes_a_masked_csv_and_records_itself(demo_db: Path, tmp_path: Path):
    out = tmp_path / "audit.csv"
    before = rows(demo_db, "SELECT count(*) FROM audit_log")[0][0]
    done = ektp(demo_db, "audit", "export", "--out", out, env=DEMO_ADMIN)
    assert "diekspor" in done.stderr
    with out.open(encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    assert table[0] == ["seq", "waktu", "akun", "akun_os", "tindakan", "rincian", "hash"]
    # the command's login and the export's own row are written before the file, so the
    # file holds them
    assert len(table) - 1 == before + 2
    assert [r[4] for r in table[1:3]] == ["audit_ekspor", "login"]
    nik = rows(demo_db, "SELECT nik FROM person WHERE id = 3")[0][0]
    assert nik not in out.read_text(encoding="utf-8-sig")
    assert ektp(demo_db, "audit", "verify").returncode == 0


def test_export_cells_cannot_become_formulas(tmp_path: Path):
    # a database without accounts names the clerk of the settings, whatever was typed
    plain = new_database(tmp_path / "ektp.sqlite")
    ektp(plain, "settings", "user_name", "=HYPERLINK(\"http://x\")")
    out = tmp_path / "audit.csv"
    ektp(plain, "audit", "export", "--out", out, "--action", "audit_ekspor")
    with out.open(encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    assert table[1][2] == "'=HYPERLINK(\"http://x\")"


def test_export_refuses_the_database_itself_and_records_nothing(demo_db: Path):
    before = rows(demo_db, "SELECT count(*) FROM audit_log")[0][0]
    done = ektp(demo_db, "audit", "export", "--out", demo_db, status=1, env=DEMO_ADMIN)
    assert "basis data" in done.stderr
    # the command's login is all it left
    assert rows(demo_db, f"SELECT action FROM audit_log WHERE seq > {before}") == [("login",)]
