"""The command line acts as an account: writes need one, a wrong password is refused and
recorded, reading runs without one but masked, and a database with no account yet runs
as before."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ektp_desk.cli import VERB_MODULES, access, build_parser
from tests.cli_helpers import ektp, new_database, rows

ADMIN = {"EKTP_DESK_USER": "admin", "EKTP_DESK_PASSWORD": "rahasia-admin"}


@pytest.fixture
def office(tmp_path: Path) -> Path:
    """A database with its first admin and an operator, made through the command line."""
    db = new_database(tmp_path / "kantor.sqlite")
    made = ektp(db, "user", "add", "admin", "--role", "admin", "--json",
                env={"EKTP_DESK_NEW_PASSWORD": "rahasia-admin"})
    assert json.loads(made.stdout)["account"]["role"] == "admin"
    assert "Belum ada akun" in made.stderr  # no account yet: it ran, and said so
    ektp(db, "user", "add", "budi", "--role", "operator",
         env={**ADMIN, "EKTP_DESK_NEW_PASSWORD": "rahasia-budi"})
    return db


def test_the_first_account_must_be_an_admin(tmp_path: Path):
    db = new_database(tmp_path / "baru.sqlite")
    done = ektp(db, "user", "add", "budi", "--role", "operator", status=1,
                env={"EKTP_DESK_NEW_PASSWORD": "rahasia-budi"})
    assert "Akun pertama harus admin" in done.stderr
    assert rows(db, "SELECT COUNT(*) FROM account") == [(0,)]


def test_a_write_without_an_account_is_refused_and_changes_nothing(office: Path):
    done = ektp(office, "settings", "desk_name", "Meja 9", status=1)
    assert "Perlu masuk dengan akun untuk mengubah pengaturan" in done.stderr
    assert rows(office, "SELECT COUNT(*) FROM setting WHERE key = 'desk_name'") == [(0,)]
    ektp(office, "--user", "admin", "settings", "desk_name", "Meja 9",
         env={"EKTP_DESK_PASSWORD": "rahasia-admin"})
    assert rows(office, "SELECT by_user FROM audit_log WHERE action = 'setting'") == [
        ("admin",)]


def test_a_wrong_password_is_refused_and_recorded(office: Path):
    done = ektp(office, "--user", "admin", "settings", "desk_name", "Meja 9", status=1,
                env={"EKTP_DESK_PASSWORD": "salah-sekali"})
    assert "Nama akun atau kata sandi salah" in done.stderr
    assert rows(office, "SELECT by_user, action, detail FROM audit_log "
                        "WHERE action = 'login_gagal'") == [
        ("admin", "login_gagal", '{"reason": "kata_sandi_salah", "via": "cli"}')]
    assert rows(office, "SELECT COUNT(*) FROM setting WHERE key = 'desk_name'") == [(0,)]


def test_every_login_of_a_command_is_recorded_once(office: Path):
    """A write and a read run with an account each leave one login row of their own; a
    read without an account logs nobody in; the chain still verifies."""
    logins = "SELECT by_user, detail FROM audit_log WHERE action = 'login' ORDER BY seq"
    before = rows(office, logins)
    ektp(office, "settings", "desk_name", "Meja 9", env=ADMIN)  # a write
    budi = {"EKTP_DESK_USER": "budi", "EKTP_DESK_PASSWORD": "rahasia-budi"}
    ektp(office, "settings", "desk_name", env=budi)  # a read
    ektp(office, "settings", "desk_name")  # a read without an account
    assert rows(office, logins)[len(before):] == [
        ("admin", '{"via": "cli"}'), ("budi", '{"via": "cli"}')]
    # the login comes before the row of what the command did, under the same account
    assert rows(office, "SELECT action FROM audit_log WHERE by_user = 'admin' "
                        "ORDER BY seq DESC LIMIT 2") == [("setting",), ("login",)]
    assert "utuh" in ektp(office, "audit", "verify").stdout


def test_a_role_that_may_not_is_told_who_may(office: Path):
    done = ektp(office, "settings", "desk_name", "Meja 9", status=1,
                env={"EKTP_DESK_USER": "budi", "EKTP_DESK_PASSWORD": "rahasia-budi"})
    assert "Hanya admin yang boleh mengubah pengaturan" in done.stderr


def test_reading_runs_without_an_account_but_never_unmasked(office: Path):
    assert ektp(office, "settings", "desk_name").stdout.startswith("desk_name = ")
    refused = ektp(office, "people", "--unmasked", status=1)
    assert "membuka NIK lengkap" in refused.stderr
    assert rows(office, "SELECT COUNT(*) FROM audit_log WHERE action = 'ekspor_warga'") == [
        (0,)]
    ektp(office, "people", "--unmasked", env={"EKTP_DESK_USER": "budi",
                                               "EKTP_DESK_PASSWORD": "rahasia-budi"})


def test_disable_keeps_the_row_and_the_account_cannot_act(office: Path):
    ektp(office, "user", "disable", "budi", env=ADMIN)
    listed = json.loads(ektp(office, "user", "list", "--json").stdout)["accounts"]
    assert [(a["name"], a["disabled"]) for a in listed] == [("admin", False), ("budi", True)]
    done = ektp(office, "people", "--unmasked", status=1,
                env={"EKTP_DESK_USER": "budi", "EKTP_DESK_PASSWORD": "rahasia-budi"})
    assert "dinonaktifkan" in done.stderr
    assert rows(office, "SELECT name, disabled FROM account ORDER BY name") == [
        ("admin", 0), ("budi", 1)]


def test_own_password_changed_with_the_old_one(office: Path):
    budi = {"EKTP_DESK_USER": "budi", "EKTP_DESK_PASSWORD": "rahasia-budi"}
    ektp(office, "user", "password", "budi", env={**budi,
                                                  "EKTP_DESK_NEW_PASSWORD": "baru-sekali"})
    ektp(office, "people", "--unmasked", status=1, env=budi)
    ektp(office, "people", "--unmasked",
         env={"EKTP_DESK_USER": "budi", "EKTP_DESK_PASSWORD": "baru-sekali"})


def test_every_verb_declares_what_it_needs():
    parser = build_parser()
    funcs = set()

    def walk(p):
        for action in p._actions:
            if hasattr(action, "choices") and isinstance(action.choices, dict):
                for child in action.choices.values():
                    func = child.get_default("func")
                    if func is not None:
                        funcs.add(f"{func.__module__.rsplit('.', 1)[-1]}.{func.__name__}")
                    walk(child)

    walk(parser)
    assert len({f.split(".")[0] for f in funcs}) == len(VERB_MODULES)
    assert funcs == set(access.VERB_PERMISSIONS)
