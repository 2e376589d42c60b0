"""Who runs a verb: the account (``--user NAME`` or ``EKTP_DESK_USER``, its password from
``EKTP_DESK_PASSWORD`` or a prompt without echo), and what each verb needs.

:data:`VERB_PERMISSIONS` is the one list of verbs: ``None`` reads (it runs without an
account, NIKs masked), an action of ``core.accounts.ROLE_PERMISSIONS`` writes and needs an
account whose role may do it, and a function decides from the arguments (``settings KEY
VALUE`` writes, ``settings KEY`` reads). A verb missing from the list counts as a write
for an admin, so a new verb is never open by mistake. A database with no account yet runs
every verb as before, and says so on stderr (docs/domain.md, "Accounts and roles").
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable

import peewee as pw

from ektp_desk.core import accounts, messages
from ektp_desk.core.errors import UserError

USER_ENV = "EKTP_DESK_USER"
PASSWORD_ENV = "EKTP_DESK_PASSWORD"

Need = str | None | Callable[[argparse.Namespace], str | None]


def _letters(args: argparse.Namespace) -> str:
    return "reprint" if getattr(args, "reprint", False) else "letters"


def _people(args: argparse.Namespace) -> str | None:
    return "unmask" if args.unmasked else None


def _settings(args: argparse.Namespace) -> str | None:
    return "settings" if args.value is not None else None


def _user(args: argparse.Namespace) -> str | None:
    # one's own password needs only one's own account; the core asks the rest
    return None if args.user_verb == "list" else \
        "own_password" if args.user_verb == "password" else "accounts"


# "<module>.<function>" of each verb's func -> what it needs
VERB_PERMISSIONS: dict[str, Need] = {
    "demo_cmd.run": "import",
    "import_cmd.run": "import",
    "settings_cmd.run": _settings,
    "people_cmd.run": _people,
    "user_cmd.run": _user,
    "desk_cmd.run_checkin": "desk",
    "desk_cmd.run_walk_in": "desk",
    "desk_cmd.run_undo": "desk",
    "desk_cmd.run_history": None,
    "desk_cmd.run_close_day": "close_day",
    "letters_cmd.run_letters": _letters,
    "letters_cmd.run_find": None,
    "letters_cmd.run_register": None,
    "letters_cmd.run_mark_reprint": "reprint",
    "office_cmd.run_office_show": None,
    "office_cmd.run_office_set": "office_profile",
    "office_cmd.run_office_text": lambda args: None if args.show else "office_profile",
    "office_cmd.run_office_serial": "office_profile",
    "office_cmd.run_init": "office_keys",
    "office_cmd.run_card": None,
    "office_cmd.run_trust": "office_keys",
    "office_cmd.run_keys": None,
    "office_cmd.run_rotate": "office_keys",
    "office_cmd.run_retire": "office_keys",
    "office_cmd.run_restore": "office_keys",
    "schedule_cmd.run_auto": lambda args: None if getattr(args, "dry_run", False)
    else "schedule",
    "schedule_cmd.run_list": None,
    "schedule_cmd.run_people": None,
    "schedule_cmd.run_locations": None,
    "schedule_cmd.run_move": "schedule",
    "schedule_cmd.run_close_day": "close_day",
    "schedule_cmd.run_holidays_list": None,
    "schedule_cmd.run_holidays_add": "schedule",
    "schedule_cmd.run_holidays_remove": "schedule",
    "schedule_cmd.run_holidays_import": "schedule",
    "schedule_cmd.run_slot_add": "schedule",
    "schedule_cmd.run_slot_generate": "schedule",
    "schedule_cmd.run_slot_cancel": "schedule",
    "schedule_cmd.run_slot_move": "schedule",
    "schedule_cmd.run_visit_create": "schedule",
    "schedule_cmd.run_visit_list": None,
    "schedule_cmd.run_visit_people": None,
    "schedule_cmd.run_visit_record": "desk",
    "sync_cmd.run_export": "sync",
    "sync_cmd.run_import": "sync",
    "sync_cmd.run_status": None,
    "sync_cmd.run_conflicts": None,
    "sync_cmd.run_review": "sync",
    "sync_cmd.run_receipt": "sync",
    "schedule_cmd.run_visit_add": "schedule",
    "schedule_cmd.run_visit_close": "close_day",
    "place_cmd.run_list": None,
    "place_cmd.run_add": "schedule",
    "place_cmd.run_edit": "schedule",
    "place_cmd.run_set_active": "schedule",
    "report_cmd.run": "reports",
    # the chain's verdict says nothing of anyone; the rows are the admin's, as in the window
    "audit_cmd.run_verify": None,
    "audit_cmd.run_list": "audit",
    "audit_cmd.run_export": "audit",
    # a plain backup is a copy of every NIK: the admin's, like restore and purge
    "backup_cmd.run_backup": "backup",
    "backup_cmd.run_restore": "restore",
    "backup_cmd.run_purge": lambda args: None if args.dry_run else "purge",
}

messages.register({
    "cli_no_accounts": (
        "Belum ada akun: perintah berjalan tanpa masuk. Buat akun admin pertama dengan "
        "'ektp-desk user add NAMA --role admin'.",
        "No account yet: commands run without logging in. Make the first admin account "
        "with 'ektp-desk user add NAME --role admin'."),
    "cli_password_missing": (
        "Kata sandi akun '{name}' tidak diberikan: isi EKTP_DESK_PASSWORD atau jalankan di "
        "terminal.",
        "No password for account '{name}': set EKTP_DESK_PASSWORD or run it in a terminal."),
    "cli_password_prompt": ("Kata sandi {name}: ", "Password for {name}: "),
})


def verb_key(args: argparse.Namespace) -> str:
    func = args.func
    return f"{func.__module__.rsplit('.', 1)[-1]}.{func.__name__}"


def needs(args: argparse.Namespace) -> str | None:
    """The action the verb, with these arguments, needs (None: it only reads)."""
    need = VERB_PERMISSIONS.get(verb_key(args), "import")
    return need(args) if callable(need) else need


def account_name(args: argparse.Namespace) -> str | None:
    # `checkin … --user NAME` named the clerk before there were accounts: it names the
    # account now, as the global --user does
    return (getattr(args, "account", None) or getattr(args, "user", None)
            or os.environ.get(USER_ENV) or None)


def password(name: str) -> str:
    value = os.environ.get(PASSWORD_ENV)
    if value:
        return value
    if not sys.stdin.isatty():
        raise UserError("cli_password_missing", name=name)
    return getpass.getpass(messages.text("cli_password_prompt", name=name))



def enter(args: argparse.Namespace, db: pw.Database) -> None:
    """Log the verb's account in on ``db``, or refuse: a write without an account, a
    wrong password, a role that may not. Once per command, and the login is recorded
    (``login``, via ``cli``) as the window's is, whether the verb reads or writes."""
    if getattr(args, "entered", False):
        return
    args.entered = True
    need = needs(args)
    if not accounts.has_accounts(db):
        print(f"ektp-desk: {messages.text('cli_no_accounts')}", file=sys.stderr)
        return
    name = account_name(args)
    if name is None:
        if need is not None:
            raise UserError("account_needed", what=accounts.ACTION_WORDS[need])
        return
    account = accounts.authenticate(db, name, password(name), via="cli")
    if need is not None:
        accounts.require(account, need)
    accounts.sign_in(db, account)
