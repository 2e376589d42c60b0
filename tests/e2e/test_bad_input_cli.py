"""Bad input at the command line: a clear Indonesian message, exit status 1, and the
database exactly as it was."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.cli_helpers import ektp, new_database


def cli(db: Path, *args: str, env: dict[str, str] | None = None
        ) -> subprocess.CompletedProcess:
    return ektp(db, *args, env=env, status=None, timeout=120)


def dump(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return list(conn.iterdump())


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    path = new_database(tmp_path / "ektp.sqlite")
    done = cli(path, "settings", "placeholder_birth_dates", "01-01, 01-07")
    assert done.returncode == 0, done.stderr
    return path


@pytest.mark.parametrize("value", ["[[[", "32-01", "01-13", "31-02, 01-01", "1 2 3"])
def test_a_malformed_placeholder_date_setting_is_refused(db_file: Path, value: str):
    before = dump(db_file)
    done = cli(db_file, "settings", "placeholder_birth_dates", value)
    assert done.returncode == 1
    assert "Tanggal lahir pengganti" in done.stderr and "DD-MM atau DD" in done.stderr
    assert "Traceback" not in done.stderr
    assert dump(db_file) == before


def test_good_placeholder_dates_are_stored_tidy(db_file: Path):
    done = cli(db_file, "settings", "placeholder_birth_dates", " 29-02 ,15 ,31/12")
    assert done.returncode == 0, done.stderr
    assert "['29-02', '15', '31/12']" in done.stdout


@pytest.mark.parametrize(("kind", "code", "name", "secret", "words"), [
    ("kota", "3375", "Dindukcapil", " " * 8, "selain spasi"),
    ("kota", "3375", "Dindukcapil", "a  b  c  d  ", "selain spasi"),
    ("kecamatan", "999999", "Kecamatan Entah", "sandi-kantor-uji", "tidak ada dalam tabel"),
    ("kota", "3376", "Kota Lain", "sandi-kantor-uji", "tidak ada dalam tabel"),
    ("kota", "3375", "N" * 100_000, "sandi-kantor-uji", "terlalu panjang (100000 huruf"),
])
def test_office_init_refuses_a_blank_passphrase_unknown_region_and_huge_name(
        db_file: Path, kind: str, code: str, name: str, secret: str, words: str):
    before = dump(db_file)
    done = cli(db_file, "office", "init", "--kind", kind, "--code", code, "--name", name,
               env={"EKTP_DESK_PASSPHRASE": secret})
    assert done.returncode == 1 and words in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert dump(db_file) == before


def test_office_init_takes_a_known_kecamatan_and_a_spaced_passphrase(db_file: Path):
    done = cli(db_file, "office", "init", "--kind", "kecamatan", "--code", "337504",
               "--name", "Kecamatan Pekalongan Utara",
               env={"EKTP_DESK_PASSPHRASE": "kantor kita aman"})
    assert done.returncode == 0, done.stderr
    assert "337504-" in done.stdout + done.stderr



def test_office_init_starts_from_the_office_profile_of_the_first_run(db_file: Path):
    """The kind, region code and name the first-run wizard saved are `office init`'s
    defaults; with none saved it says what is missing and creates nothing."""
    before = dump(db_file)
    done = cli(db_file, "office", "init", env={"EKTP_DESK_PASSPHRASE": "kantor kita aman"})
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "belum ada di profil kantor" in done.stderr and "--kind" in done.stderr
    assert dump(db_file) == before
    with sqlite3.connect(db_file) as conn:  # what the first-run wizard saves
        conn.execute("UPDATE office_profile SET office_kind = 'kecamatan', "
                     "region_code = '337504', office = 'KECAMATAN PEKALONGAN UTARA' WHERE id = 1")
    done = cli(db_file, "office", "init", "--json",
               env={"EKTP_DESK_PASSPHRASE": "kantor kita aman"})
    assert done.returncode == 0, done.stderr
    assert '"office_id": "337504-' in done.stdout
    with sqlite3.connect(db_file) as conn:
        assert conn.execute("SELECT kind, name FROM sync_office").fetchone() == (
            "kecamatan", "KECAMATAN PEKALONGAN UTARA")

def test_lang_en_gives_the_message_and_the_setting_s_label_in_english(db_file: Path) -> None:
    before = dump(db_file)
    done = cli(db_file, "--lang", "en", "settings", "slot_minutes", "5")
    assert done.returncode == 1
    assert "Invalid value for setting 'Length of a session (minutes)': at least 15" in done.stderr
    assert dump(db_file) == before
