"""The command line as a careful tool: a mistyped --db creates nothing, failures under --json
are a JSON object too, argparse's own words speak Indonesian (English with --lang en)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_helpers import DEMO_ADMIN, ektp, rows


@pytest.mark.parametrize("verb", [
    ("people",),
    ("settings",),
    ("settings", "desk_name", "Meja 2"),
    ("schedule", "list"),
    ("letter", "register"),
    ("history", "3375011402070012"),
    ("sync", "status"),
])
def test_a_missing_database_is_refused_by_verbs_that_do_not_make_one(tmp_path: Path, verb):
    typo = tmp_path / "ektpp.sqlite"
    done = ektp(typo, *verb, status=1)
    assert "Basis data" in done.stderr and "tidak ada" in done.stderr
    assert "'import', 'demo' atau 'office init'" in done.stderr
    assert done.stdout == ""  # not '[]': nothing was listed
    assert list(tmp_path.iterdir()) == []  # no database, no -wal, no folder


def test_the_missing_database_message_in_english(tmp_path: Path):
    done = ektp(tmp_path / "nope.sqlite", "--lang", "en", "people", status=1)
    assert "does not exist" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_verbs_that_make_a_database_create_it(tmp_path: Path):
    made = tmp_path / "baru.sqlite"
    ektp(made, "demo", "--people", "5")
    assert rows(made, "SELECT count(*) FROM person") == [(5,)]
    office = tmp_path / "kantor.sqlite"
    ektp(office, "office", "init", "--kind", "kecamatan", "--code", "337501", "--name",
         "Kecamatan Pekalongan Barat", env={"EKTP_DESK_PASSPHRASE": "sandi-kantor-uji"})
    assert office.exists()
    # once it exists, every verb opens it
    assert json.loads(ektp(made, "people", "--format", "json").stdout)


def test_a_failure_under_json_is_an_error_object_on_stdout(tmp_path: Path):
    typo = tmp_path / "ektpp.sqlite"
    done = ektp(typo, "settings", "--json", status=1)
    error = json.loads(done.stdout)["error"]
    assert error["code"] == "cli_db_missing"
    assert "tidak ada" in error["message"] and error["message"] in done.stderr
    # a refusal from the core: its message id is the code, the database unchanged
    db = tmp_path / "ektp.sqlite"
    ektp(db, "demo", "--people", "3")
    done = ektp(db, "settings", "slot_minutes", "5", "--json", status=1, env=DEMO_ADMIN)
    error = json.loads(done.stdout)["error"]
    assert error["code"] == "setting_invalid" and error["message"] in done.stderr
    assert rows(db, "SELECT value FROM setting WHERE key = 'slot_minutes'") == []


def test_a_usage_error_under_json_is_an_error_object_too(tmp_path: Path):
    done = ektp(tmp_path / "x.sqlite", "demo", "--people", "banyak", "--json", status=2)
    error = json.loads(done.stdout)["error"]
    assert error["code"] == "usage" and "--people" in error["message"]
    assert list(tmp_path.iterdir()) == []


def test_argparse_speaks_indonesian(tmp_path: Path):
    db = tmp_path / "x.sqlite"
    helped = ektp(db, "--help")
    assert helped.stdout.startswith("pemakaian: ektp-desk")
    assert "tampilkan bantuan ini lalu keluar" in helped.stdout
    assert "pilihan:" in helped.stdout and "usage" not in helped.stdout
    typo = ektp(db, "peple", status=2)
    assert "kesalahan: argumen PERINTAH: pilihan tidak sah: 'peple'" in typo.stderr
    assert "pemakaian:" in typo.stderr
    missing = ektp(db, "demo", status=2)
    assert "argumen berikut wajib diisi: --people" in missing.stderr
    assert list(tmp_path.iterdir()) == []


def test_argparse_speaks_english_with_lang_en(tmp_path: Path):
    db = tmp_path / "x.sqlite"
    typo = ektp(db, "--lang", "en", "peple", status=2)
    assert "error: argument PERINTAH: invalid choice: 'peple'" in typo.stderr
    assert typo.stderr.startswith("usage: ")
    missing = ektp(db, "--lang=en", "demo", status=2)
    assert "the following arguments are required: --people" in missing.stderr
    helped = ektp(db, "--lang", "en", "--help")
    assert "show this help message and exit" in helped.stdout


def test_demo_drive_from_the_command_line(tmp_path: Path):
    db = tmp_path / "demo.sqlite"
    made = json.loads(ektp(db, "demo", "--people", "1500", "--drive", "--json").stdout)
    assert made["people"] == 1500 and made["election"] == "Pemilihan Umum 2029"
    assert made["scheduled"] > 0 and made["letters"] > 0 and made["checked_in_today"] > 0
    settings = json.loads(ektp(db, "settings", "--json").stdout)
    assert settings["election_date"] == made["election_date"]
    # a second drive over the first would rewrite its settings and schedule: refused
    before = rows(db, "SELECT count(*) FROM person")
    again = ektp(db, "demo", "--people", "10", "--drive", status=1, env=DEMO_ADMIN)
    assert "basis data kosong" in again.stderr
    assert rows(db, "SELECT count(*) FROM person") == before
