"""`ektp-desk settings [KEY [VALUE]]`: read or change a setting."""

from __future__ import annotations

import argparse

from ektp_desk.cli.common import emit_json, open_db


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("settings", help="lihat atau ubah pengaturan")
    parser.add_argument("key", nargs="?", help="nama pengaturan")
    parser.add_argument("value", nargs="?", help="nilai baru")
    parser.add_argument("--json", action="store_true", help="cetak hasil sebagai JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ektp_desk.core import accounts, audit, settings

    db = open_db(args)
    if args.key is not None and args.value is not None:
        with db.atomic():
            settings.set(db, args.key, args.value)
            audit.record(db, accounts.acting_name(db), "setting", key=args.key,
                         value=args.value)
    values = settings.all_values(db)
    if args.key is not None:
        settings.validate(args.key, values.get(args.key, ""))  # unknown key → UserError
        values = {args.key: values[args.key]}
    if args.json:
        emit_json(values)
    else:
        for key, value in values.items():
            label = settings.BY_KEY[key].label
            print(f"{key} = {value}    # {label}")
    return 0
