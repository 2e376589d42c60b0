"""Accounts: the first is an admin, passwords as argon2id, five wrong ones lock, a disabled
account keeps its row, and one table says which role may do what."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from ektp_desk.core import accounts, audit, clock, migrations, settings
from ektp_desk.core import db as core_db
from ektp_desk.core.errors import UserError

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def audit_rows(db, action: str) -> list[tuple[str, dict]]:
    return [(by, json.loads(detail)) for by, detail in db.execute_sql(
        "SELECT by_user, detail FROM audit_log WHERE action = ? ORDER BY id", (action,))]


def first_admin(db) -> accounts.Account:
    """The first admin, logged in: the accounts after it are an admin's to add."""
    admin = accounts.add(db, "admin", "admin", "rahasia-123", display_name="Bu  Admin")
    accounts.sign_in(db, admin)
    return admin


def test_the_first_account_must_be_an_admin_and_nothing_is_stored_otherwise(db):
    with pytest.raises(UserError, match="Akun pertama harus admin"):
        accounts.add(db, "budi", "operator", "rahasia-123")
    assert not accounts.has_accounts(db)
    first_admin(db)
    accounts.add(db, "budi", "operator", "rahasia-456")
    assert [(a.name, a.role, a.display_name) for a in accounts.list_accounts(db)] == [
        ("admin", "admin", "Bu Admin"), ("budi", "operator", "budi")]
    stored = db.execute_sql("SELECT password_hash FROM account WHERE name = 'budi'"
                            ).fetchone()[0]
    assert stored.startswith("$argon2id$") and "rahasia" not in stored


@pytest.mark.parametrize(("name", "role", "password", "message"), [
    ("Budi Santoso", "admin", "rahasia-123", "Nama akun"),
    ("budi", "kepala", "rahasia-123", "Peran harus"),
    ("budi", "admin", "pendek", "minimal 8"),
])
def test_bad_input_is_refused_in_indonesian_and_changes_nothing(db, name, role, password,
                                                                message):
    with pytest.raises(UserError, match=message):
        accounts.add(db, name, role, password)
    assert accounts.list_accounts(db) == []


def test_a_name_is_taken_once(db):
    first_admin(db)
    with pytest.raises(UserError, match="sudah ada"):
        accounts.add(db, "ADMIN", "admin", "rahasia-456")


def test_wrong_then_right_password_each_recorded(db):
    accounts.add(db, "admin", "admin", "rahasia-123")
    with pytest.raises(UserError, match="kata sandi salah"):
        accounts.authenticate(db, "admin", "salah-salah")
    assert accounts.authenticate(db, "admin", "rahasia-123").role == "admin"
    assert audit_rows(db, "login_gagal") == [
        ("admin", {"reason": "kata_sandi_salah", "via": "jendela"})]
    assert audit_rows(db, "login") == [("admin", {"via": "jendela"})]
    with pytest.raises(UserError, match="kata sandi salah"):  # same words: no name probing
        accounts.authenticate(db, "siapa", "rahasia-123")


def test_five_wrong_passwords_lock_the_account_for_the_set_minutes(db, monkeypatch):
    first_admin(db)
    settings.set(db, "login_lock_minutes", 20)
    start = dt.datetime(2026, 11, 28, 9, 0, tzinfo=clock.WIB)
    monkeypatch.setattr(clock, "now", lambda: start)
    for _ in range(4):
        with pytest.raises(UserError, match="kata sandi salah"):
            accounts.authenticate(db, "admin", "salah-salah")
    with pytest.raises(UserError, match=r"dikunci karena 5 kali salah .* sampai pukul 09\.20"):
        accounts.authenticate(db, "admin", "salah-salah")
    # even the right password waits out the lock
    with pytest.raises(UserError, match="dikunci"):
        accounts.authenticate(db, "admin", "rahasia-123")
    monkeypatch.setattr(clock, "now", lambda: start + dt.timedelta(minutes=21))
    assert accounts.authenticate(db, "admin", "rahasia-123").name == "admin"
    reasons = [detail["reason"] for _, detail in audit_rows(db, "login_gagal")]
    assert reasons == ["kata_sandi_salah"] * 4 + ["dikunci", "terkunci"]


def test_a_disabled_account_keeps_its_row_and_cannot_log_in(db):
    first_admin(db)
    accounts.add(db, "budi", "operator", "rahasia-456")
    accounts.set_disabled(db, "budi", True, by="admin")
    assert accounts.get(db, "budi").disabled
    with pytest.raises(UserError, match="dinonaktifkan"):
        accounts.authenticate(db, "budi", "rahasia-456")
    with pytest.raises(UserError, match="admin aktif terakhir"):
        accounts.set_disabled(db, "admin", True, by="admin")
    accounts.set_disabled(db, "budi", False, by="admin")
    assert accounts.authenticate(db, "budi", "rahasia-456").name == "budi"


def test_own_password_needs_the_old_one_an_admin_resets_anothers(db):
    admin = first_admin(db)
    budi = accounts.add(db, "budi", "operator", "rahasia-456")
    with pytest.raises(UserError, match="lama salah"):
        accounts.set_password(db, "budi", "baru-sekali", old_password="salah", actor=budi)
    accounts.set_password(db, "budi", "baru-sekali", old_password="rahasia-456", actor=budi)
    with pytest.raises(UserError, match="Hanya admin yang boleh mengelola akun"):
        accounts.set_password(db, "admin", "direbut-123", actor=budi)
    accounts.set_password(db, "budi", "reset-oleh-admin", actor=admin)
    assert accounts.authenticate(db, "budi", "reset-oleh-admin").name == "budi"
    assert [by for by, _ in audit_rows(db, "kata_sandi_diubah")] == ["budi", "admin"]


def test_each_role_does_what_the_one_below_does_and_the_refusal_names_who_may():
    assert accounts.may("admin", "desk") and accounts.may("supervisor", "desk")
    assert accounts.may("supervisor", "close_day") and not accounts.may("operator", "close_day")
    assert not accounts.may("supervisor", "settings") and accounts.may("admin", "settings")
    assert not accounts.may(None, "search")
    with pytest.raises(UserError, match="Hanya admin yang boleh mengubah pengaturan"):
        accounts.require("supervisor", "settings")
    with pytest.raises(UserError, match="Hanya supervisor atau admin yang boleh menutup hari"):
        accounts.require("operator", "close_day")
    assert accounts.who_may("settings") == "Hanya untuk admin"
    assert set(accounts.ROLE_PERMISSIONS.values()) <= set(accounts.ROLES)
    assert set(accounts.ROLE_PERMISSIONS) == set(accounts.ACTION_WORDS)


def test_the_audit_names_the_account_logged_in(db):
    assert accounts.acting_name(db) == settings.get(db, "user_name")
    accounts.add(db, "admin", "admin", "rahasia-123")
    accounts.sign_in(db, accounts.authenticate(db, "admin", "rahasia-123"))
    settings.save_many(db, {"desk_name": "Meja 2"})
    assert audit_rows(db, "setting")[-1][0] == "admin"
    accounts.sign_out(db)
    assert accounts.acting_name(db) == settings.get(db, "user_name")


def test_demo_accounts_one_per_role(db):
    made = accounts.add_demo_accounts(db)
    assert sorted(a.role for a in made) == ["admin", "operator", "supervisor"]
    for name, _display, _role, password in accounts.DEMO_ACCOUNTS:
        assert accounts.authenticate(db, name, password).name == name
    assert accounts.add_demo_accounts(db) == []  # once


def test_the_default_cost_is_argon2id_with_the_documented_parameters(monkeypatch):
    monkeypatch.delenv(accounts.HASH_COST_ENV)
    stored = accounts.hash_password("rahasia-123")
    assert stored.startswith(f"$argon2id$v=19$m={accounts.MEMORY_KIB},"
                             f"t={accounts.TIME_COST},p={accounts.PARALLELISM}$")


def test_schema_1_upgrades_to_accounts_and_office_kind(tmp_path: Path):
    target = tmp_path / "kantor.sqlite"
    shutil.copyfile(FIXTURES / "schema_v1.sqlite", target)
    database = core_db.open_database(target)
    try:
        assert database.execute_sql("PRAGMA user_version").fetchone()[0] == \
            migrations.latest_version()
        assert not accounts.has_accounts(database)
        accounts.add(database, "admin", "admin", "rahasia-123")
        with pytest.raises(Exception, match="CHECK"):
            database.execute_sql(
                "INSERT INTO account (name, role, password_hash, created_at, created_by, "
                "password_changed_at) VALUES ('x', 'kepala', 'h', 'n', 'a', 'n')")
        assert database.execute_sql(
            "SELECT office_kind, region_code FROM office_profile").fetchone() == ("", "")
        audit.record(database, "admin", "uji")
    finally:
        database.close()


def test_only_a_supervisor_undoes_another_clerks_change(db):
    from ektp_desk.core import desk
    from tests.db.test_desk import DAY, Drive

    drive = Drive(db)
    person = drive.ids[0]
    staff = {a.name: a for a in accounts.add_demo_accounts(db)}
    accounts.sign_in(db, staff["admin"])
    accounts.add(db, "ani", "operator", "rahasia-ani")
    staff["ani"] = accounts.get(db, "ani")
    accounts.sign_in(db, staff["operator"])
    desk.checkin(db, drive.codes[person], today=DAY, desk="Meja 1", user="operator")
    accounts.sign_in(db, staff["ani"])
    with pytest.raises(UserError, match="Hanya supervisor atau admin yang boleh membatalkan "
                                        "perubahan petugas lain"):
        desk.undo_last(db, person, today=DAY, desk="Meja 1", user="ani")
    assert drive.status(person) == "hadir"
    accounts.sign_in(db, staff["supervisor"])
    assert desk.undo_last(db, person, today=DAY, desk="Meja 1",
                          user="supervisor").card.status == "dipanggil"
