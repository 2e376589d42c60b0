"""`ektp-desk demo --people N`: fill the database with synthetic people."""

from __future__ import annotations

import argparse

from ektp_desk.cli.common import TerminalProgress, emit_json, open_db, say


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("demo", help="isi basis data dengan warga contoh (sintetis)")
    parser.add_argument("--people", type=int, required=True, metavar="N",
                        help="jumlah warga contoh, 1 sampai 1.000.000")
    parser.add_argument("--seed", type=int, default=2024, help="benih acak (hasil sama)")
    parser.add_argument("--json", action="store_true", help="cetak hasil sebagai JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ektp_desk.core import demo, settings

    db = open_db(args)
    progress = TerminalProgress()
    result = demo.fill(db, args.people, seed=args.seed,
                       election=settings.get_date(db, "election_date"), progress=progress)
    progress.finish()
    if args.json:
        emit_json({"people": result.people})
    else:
        say(f"{result.people:,} warga contoh ditambahkan.".replace(",", "."))
    return 0
