"""`ektp-desk backup`, `restore` and `purge` as subprocesses: a backup restored after a
mistake, an encrypted one restored on a new PC, a purge after its dry run; confirmation
needed without a terminal, refusals with exit status 1 and nothing changed."""

from __future__ import annotations

import json
from pathlib import Path

from tests.backup_helpers import dump, niks
from tests.cli_helpers import DEMO_ADMIN, ektp, rows

PASS = "sandi-kantor-uji"
TODAY = {"EKTP_DESK_TODAY": "2026-11-28"}


def out(db: Path, *args: object, env: dict[str, str] | None = None) -> dict:
    return json.loads(ektp(db, *args, "--json", env={**TODAY, **(env or {})}).stdout)


def test_backup_then_restore_after_a_mistake(tmp_path):
    db = tmp_path / "kantor.sqlite"
    ektp(db, "demo", "--people", "40", "--drive", env=TODAY)
    before = dump(db)
    operator = {"EKTP_DESK_USER": "operator", "EKTP_DESK_PASSWORD": "operator-demo"}
    refused = ektp(db, "backup", status=1, env=operator).stderr  # a copy of every NIK
    assert "Hanya admin yang boleh membuat cadangan" in refused
    made = out(db, "backup", env=DEMO_ADMIN)
    assert Path(made["backup"]).parent == tmp_path / "backups"
    ektp(db, "settings", "user_name", "salah", env=DEMO_ADMIN)

    nobody = ektp(db, "restore", made["backup"], "--yes", status=1).stderr
    assert "Perlu masuk dengan akun untuk memulihkan cadangan" in nobody
    refused = ektp(db, "restore", made["backup"], "--yes", status=1, env=operator).stderr
    assert "Hanya admin yang boleh memulihkan cadangan" in refused
    refused = ektp(db, "restore", made["backup"], status=1, env=DEMO_ADMIN)  # no --yes
    assert "--yes" in refused.stderr
    assert rows(db, "SELECT value FROM setting WHERE key = 'user_name'") == [('"salah"',)]

    done = out(db, "restore", made["backup"], "--yes", env=DEMO_ADMIN)
    assert Path(done["saved_current"]).exists()
    # the backup holds the logins of the commands before it was made, and nothing else new
    assert dump(db, ("pulihkan_cadangan", "login")) == before
    by = rows(db, "SELECT by_user FROM audit_log WHERE action = 'pulihkan_cadangan'")
    assert by == [("admin",)]  # the account logged in on the database it replaced

    garbage = tmp_path / "bukan.sqlite"
    garbage.write_bytes(b"\0" * 4096)
    bad = ektp(db, "restore", str(garbage), "--yes", "--json", status=1, env=DEMO_ADMIN)
    assert json.loads(bad.stdout)["error"]["code"] == "restore_bad_file"
    assert dump(db, ("pulihkan_cadangan", "login")) == before


def test_encrypted_backup_on_a_stick_restores_on_a_new_pc(tmp_path):
    db = tmp_path / "kantor.sqlite"
    key = {"EKTP_DESK_PASSPHRASE": PASS}
    ektp(db, "demo", "--people", "30", env=TODAY)
    ektp(db, "office", "init", "--kind", "kota", "--code", "3375", "--name", "Dindukcapil",
         env={**key, **DEMO_ADMIN})
    stick = tmp_path / "FLASHDISK"
    stick.mkdir()
    assert ektp(db, "backup", "--encrypt", status=1, env=DEMO_ADMIN).stderr.count("--out") == 1
    made = out(db, "backup", "--encrypt", "--out", stick, env={**key, **DEMO_ADMIN})
    data = Path(made["backup"]).read_bytes()
    assert made["encrypted"] and not [n for n in niks(db) if n.encode() in data]

    new_pc = tmp_path / "pc-baru" / "ektp-desk.sqlite"
    wrong = ektp(new_pc, "restore", made["backup"], "--yes", status=1,
                 env={"EKTP_DESK_PASSPHRASE": "sandi-yang-salah"})
    assert "salah" in wrong.stderr and not new_pc.exists()
    out(new_pc, "restore", made["backup"], "--yes", env=key)
    assert niks(new_pc) == niks(db)


def test_purge_after_its_dry_run(tmp_path):
    db = tmp_path / "kantor.sqlite"
    ektp(db, "demo", "--people", "40", "--drive", env=TODAY)
    all_niks = niks(db)
    dry = out(db, "purge", "--before", "2099-01-01", "--anonymise", "--dry-run")
    assert dry["dry_run"] and dry["counts"]["people"] == len(all_niks)
    assert niks(db) == all_niks
    ektp(db, "purge", "--before", "2099-01-01", "--yes", status=1)  # no account
    ektp(db, "purge", "--before", "2099-01-01", status=1, env=DEMO_ADMIN)  # no --yes
    assert niks(db) == all_niks

    done = out(db, "purge", "--before", "2099-01-01", "--anonymise", "--yes", env=DEMO_ADMIN)
    assert done["counts"] == dry["counts"] and niks(db) == []
    assert len(done["backups_with_nik"]) == 1  # the one made before the purge, named
    raw = db.read_bytes()
    assert not [n for n in all_niks if n.encode() in raw]
    assert rows(db, "SELECT sum(n) FROM anonymous_count WHERE what = 'orang'") == [(40,)]

    text = ektp(db, "purge", "--before", "2099-01-01", "--dry-run", env=TODAY).stdout
    assert "people: 0" in text
