"""First run: the office profile (the letterhead fields, plus the office kind and region
code sync routes by) and the first admin account, saved together or not at all
(docs/domain.md, "Accounts and roles")."""

from __future__ import annotations

from collections.abc import Mapping

import peewee as pw

from ektp_desk.core import accounts
from ektp_desk.core.letters import profile
from ektp_desk.core.sync import office

# the profile fields the wizard asks (the images, paper and numbering stay on Profil Kantor)
PROFILE_KEYS = ("government", "office", "address", "postcode", "telephone", "city")


def needed(db: pw.Database) -> bool:
    """A database with no account yet: the window opens the wizard before anything."""
    return not accounts.has_accounts(db)


def office_kind(db: pw.Database) -> tuple[str, str]:
    """The office kind and region code set at first run ('' when not yet)."""
    kind, code, _name = office.profile_defaults(db)
    return kind, code


def check_office(values: Mapping[str, object], kind: str, code: str) -> dict[str, object]:
    """The profile values as stored, after checking them and the kind and code; UserError
    for the first wrong one."""
    checked = profile.validate(values)
    office._validate(kind, code, str(checked.get("office", "")))  # the rule sync applies
    return checked


def complete(db: pw.Database, values: Mapping[str, object], *, kind: str, code: str,
             admin: str, password: str, display_name: str = "") -> accounts.Account:
    """Save the profile, the kind and code, and the first admin, in one transaction."""
    check_office(values, kind, code)
    if accounts.has_accounts(db):  # a second wizard on the same file: the first one won
        raise pw.IntegrityError("accounts already exist")
    with db.atomic():
        account = accounts.add(db, admin, "admin", password, display_name=display_name,
                               by=admin.strip().lower())
        profile.save(db, values, user=account.name)
        db.execute_sql("UPDATE office_profile SET office_kind = ?, region_code = ? "
                       "WHERE id = 1", (kind.strip().lower(), code.strip()))
    return account
