"""`ektp-desk demo --people N [--drive]`: fill the database with synthetic people, and with
`--drive` a drive in progress today (core/demo_drive.py)."""

from __future__ import annotations

import argparse

from ektp_desk.cli.common import TerminalProgress, emit_json, makes_database, open_db, say


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("demo", help="isi basis data dengan warga contoh (sintetis)")
    parser.add_argument("--people", type=int, required=True, metavar="N",
                        help="jumlah warga contoh, 1 sampai 1.000.000")
    parser.add_argument("--seed", type=int, default=2024, help="benih acak (hasil sama)")
    parser.add_argument("--drive", action="store_true",
                        help="juga pemilu mendatang, jadwal, surat, layanan hari ini dan "
                             "kunjungan jemput bola: pendataan yang sedang berjalan")
    parser.add_argument("--json", action="store_true", help="cetak hasil sebagai JSON")
    parser.set_defaults(func=run)
    makes_database(parser)


def run(args: argparse.Namespace) -> int:
    from ektp_desk.core import accounts, demo, demo_drive, settings
    from ektp_desk.core.people import format_count

    db = open_db(args)
    progress = TerminalProgress()
    if args.drive:
        drive = demo_drive.build(db, args.people, seed=args.seed, progress=progress)
        people = drive.people
    else:
        people = demo.fill(db, args.people, seed=args.seed,
                           election=settings.get_date(db, "election_date"),
                           previous_election=settings.get_date(db, "previous_election_date"),
                           progress=progress).people
    progress.finish()
    made = accounts.add_demo_accounts(db)  # one per role, named in the README
    if args.json:
        result: dict[str, object] = {"people": people,
                                     "accounts": [a.name for a in made]}
        if args.drive:
            result.update(election=drive.election.name, election_date=drive.election.day,
                          scheduled=drive.scheduled, letters=drive.letters,
                          checked_in_today=drive.checked_in_today, no_show=drive.no_show,
                          visit_id=drive.visit_id)
        emit_json(result)
    else:
        say(f"{format_count(people)} warga contoh ditambahkan.")
        if args.drive:
            say(f"{drive.election.name}: {format_count(drive.scheduled)} warga dijadwalkan, "
                f"{format_count(drive.letters)} surat dicetak, "
                f"{format_count(drive.checked_in_today)} warga hadir hari ini.")
        if made:
            say("Akun contoh: " + ", ".join(f"{a.name} ({a.role})" for a in made)
                + "; kata sandinya di README.")
    return 0
