"""`ektp-desk user add|list|disable|enable|password`: the accounts of this database.

A new password comes from ``EKTP_DESK_NEW_PASSWORD`` (scripts), else it is asked twice on
the terminal without echo. The first account must be an admin; after it, only an admin
manages accounts, and everyone may change their own password (the old one is the one they
logged in with).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from ektp_desk.cli.common import emit_json, open_db, say
from ektp_desk.core import messages
from ektp_desk.core.errors import UserError

NEW_PASSWORD_ENV = "EKTP_DESK_NEW_PASSWORD"

messages.register({
    "cli_new_password_missing": (
        "Kata sandi baru tidak diberikan: isi EKTP_DESK_NEW_PASSWORD atau jalankan di "
        "terminal.",
        "No new password given: set EKTP_DESK_NEW_PASSWORD or run it in a terminal."),
})


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("user", help="akun: tambah, daftar, nonaktifkan, kata sandi")
    verbs = parser.add_subparsers(dest="user_verb", metavar="PERINTAH", required=True)
    add = verbs.add_parser("add", help="tambah akun (akun pertama harus admin)")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", required=True, choices=("admin", "supervisor", "operator"))
    add.add_argument("--display-name", default="", metavar="T", help="nama lengkap")
    listing = verbs.add_parser("list", help="daftar akun")
    disable = verbs.add_parser("disable", help="nonaktifkan akun (tidak dihapus)")
    disable.add_argument("name", metavar="NAME")
    enable = verbs.add_parser("enable", help="aktifkan lagi akun")
    enable.add_argument("name", metavar="NAME")
    password = verbs.add_parser("password", help="ganti kata sandi akun")
    password.add_argument("name", metavar="NAME")
    for verb in (add, listing, disable, enable, password):
        verb.add_argument("--json", action="store_true", help="cetak hasil sebagai JSON")
        verb.set_defaults(func=run)


def _new_password() -> str:
    value = os.environ.get(NEW_PASSWORD_ENV)
    if value:
        return value
    if not sys.stdin.isatty():
        raise UserError("cli_new_password_missing")
    from ektp_desk.core import accounts

    first = getpass.getpass("Kata sandi baru: ")
    accounts.check_password(first, getpass.getpass("Ulangi kata sandi baru: "))
    return first


def run(args: argparse.Namespace) -> int:
    from ektp_desk.cli import access
    from ektp_desk.core import accounts

    db = open_db(args)
    actor = accounts.current(db)
    if args.user_verb == "list":
        found = accounts.list_accounts(db)
        if args.json:
            emit_json({"accounts": [a.as_json() for a in found]})
        for a in found if not args.json else ():
            state = " (nonaktif)" if a.disabled else ""
            print(f"{a.name}\t{a.role}\t{a.display_name}{state}")
        return 0
    if args.user_verb == "add":
        new = _new_password()
        done = accounts.add(db, args.name, args.role, new, display_name=args.display_name)
        message = f"Akun {done.name} ({done.role}) dibuat."
    elif args.user_verb in ("disable", "enable"):
        done = accounts.set_disabled(db, args.name, args.user_verb == "disable")
        message = f"Akun {done.name} {'dinonaktifkan' if done.disabled else 'diaktifkan'}."
    else:
        own = actor is not None and actor.name == args.name.strip().lower()
        old = access.password(actor.name) if own and actor is not None else None
        accounts.set_password(db, args.name, _new_password(), old_password=old, actor=actor)
        done = accounts.get(db, args.name)
        message = f"Kata sandi akun {done.name} diganti."
    if args.json:
        emit_json({"account": done.as_json()})
    else:
        say(message)
    return 0
