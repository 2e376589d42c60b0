"""Roles are enforced in core, not only by disabled widgets: each function for a supervisor
or an admin refuses an operator logged in on the database, and nothing changes; an admin
passes the check; a database without accounts runs everything as before
(docs/domain.md, "Accounts and roles")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import peewee as pw
import pytest

from ektp_desk.core import accounts, desk, importer, retention, settings
from ektp_desk.core.errors import UserError
from ektp_desk.core.letters import batch
from ektp_desk.core.scheduling import outreach, summons
from ektp_desk.core.sync import apply, export, office
from tests.kpu_files import sample_people, write_kpu_csv

DAY = dt.date(2026, 1, 12)
Call = Callable[[pw.Database, Path], object]

# action of ROLE_PERMISSIONS -> a call of a guarded core function, as the window makes it
GUARDED: list[tuple[str, str, Call]] = [
    ("settings", "settings.set", lambda db, tmp: settings.set(db, "desk_name", "Meja 9")),
    ("settings", "settings.save_many",
     lambda db, tmp: settings.save_many(db, {"desk_name": "Meja 9"})),
    ("accounts", "accounts.add",
     lambda db, tmp: accounts.add(db, "ani", "operator", "rahasia-ani")),
    ("accounts", "accounts.set_disabled",
     lambda db, tmp: accounts.set_disabled(db, "supervisor", True)),
    ("office_keys", "office.init_office",
     lambda db, tmp: office.init_office(db, kind="kecamatan", code="337501",
                                        name="Kecamatan Pekalongan Barat",
                                        passphrase="rahasia kantor")),
    ("office_keys", "office.rotate_keys",
     lambda db, tmp: office.rotate_keys(db, "rahasia kantor")),
    ("office_keys", "office.trust_card", lambda db, tmp: office.trust_card(db, tmp / "x.json")),
    ("office_keys", "office.retire_key", lambda db, tmp: office.retire_key(db, "337502-ab12")),
    ("office_keys", "office.restore_key", lambda db, tmp: office.restore_key(db, "337502-ab12")),
    ("import", "importer.run_import",
     lambda db, tmp: importer.run_import(
         db, write_kpu_csv(tmp / "kpu.csv", sample_people(3)), today=DAY)),
    ("purge", "retention.purge",
     lambda db, tmp: retention.purge(db, DAY, anonymise=False, by="admin")),
    ("close_day", "desk.close_day",
     lambda db, tmp: desk.close_day(db, DAY, desk="Meja 1", user="operator", today=DAY)),
    ("close_day", "summons.close_day", lambda db, tmp: summons.close_day(db, DAY, today=DAY)),
    ("close_day", "outreach.close_visit", lambda db, tmp: outreach.close_visit(db, 1)),
    ("sync", "export.export", lambda db, tmp: export.export(db, "337502-ab12", tmp,
                                                              passphrase="rahasia kantor")),
    ("sync", "apply.import_file",
     lambda db, tmp: apply.import_file(db, tmp / "x.ektpsync", passphrase="rahasia kantor")),
    ("sync", "apply.rewrite_receipt",
     lambda db, tmp: apply.rewrite_receipt(db, tmp / "x.ektpsync", passphrase="rahasia")),
    ("reprint", "batch.mark_for_reprint", lambda db, tmp: batch.mark_for_reprint(db, [1])),
    ("reprint", "batch.print_batch",
     lambda db, tmp: batch.print_batch(db, batch.Selection(reprint=True), out=tmp / "s.pdf")),
]


def dump(db: pw.Database) -> list[str]:
    return list(db.connection().iterdump())


@pytest.fixture
def staff(db) -> dict[str, accounts.Account]:
    return {a.name: a for a in accounts.add_demo_accounts(db)}


@pytest.mark.parametrize(("action", "call"), [(a, c) for a, _n, c in GUARDED],
                         ids=[n for _a, n, _c in GUARDED])
def test_an_operator_is_refused_and_nothing_changes(db, tmp_path, staff, action, call):
    accounts.sign_in(db, staff["operator"])
    before = dump(db)
    what = accounts.ACTION_WORDS[action]
    with pytest.raises(UserError, match=rf"^Hanya (admin|supervisor atau admin) yang boleh "
                                        rf"{what}\.$"):
        call(db, tmp_path)
    assert dump(db) == before
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob("*.ektpsync"))


@pytest.mark.parametrize("call", [c for _a, _n, c in GUARDED],
                         ids=[n for _a, n, _c in GUARDED])
def test_an_admin_passes_the_check(db, tmp_path, staff, call):
    """The admin is not refused for the role; a call may still fail for what it was given
    (no sync identity, no such visit), in words that are not about roles."""
    accounts.sign_in(db, staff["admin"])
    try:
        call(db, tmp_path)
    except UserError as error:
        assert "yang boleh" not in error.message and "Perlu masuk" not in error.message


def test_accounts_but_nobody_logged_in_is_refused(db, tmp_path, staff):
    with pytest.raises(UserError, match="Perlu masuk dengan akun untuk mengubah pengaturan"):
        settings.save_many(db, {"desk_name": "Meja 9"})


def test_a_database_without_accounts_runs_as_before(db):
    settings.save_many(db, {"desk_name": "Meja 9"})
    assert settings.get(db, "desk_name") == "Meja 9"


def test_every_guarded_action_is_a_supervisors_or_an_admins():
    assert {a for a, _n, _c in GUARDED} <= {
        action for action, least in accounts.ROLE_PERMISSIONS.items() if least != "operator"}
