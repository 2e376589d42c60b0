"""`ektp-desk sync …`: USB sync files between offices (docs/architecture.md, "Sync files").

    sync export --to OFFICE_ID --out DIR [--json]
    sync import FILE [--json]                    a data file or a receipt
    sync status [--json]
    sync conflicts [--all] [--json]              conflicts for review (what was overruled)
    sync review ID [ID …]                        mark conflicts reviewed
    sync receipt FILE [--out DIR] [--json]       write the receipt of an imported file again
                                                 (into DIR when the stick is read-only)

The office identity and keys are under `ektp-desk office …`. The passphrase of the office
keys comes from EKTP_DESK_PASSPHRASE, else it is asked for.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ektp_desk.cli.common import (
    TerminalProgress,
    emit_json,
    open_db,
    passphrase,
    say,
    user_name,
)


def register(sub: argparse._SubParsersAction) -> None:
    sync = sub.add_parser("sync", help="sinkronisasi antarkantor lewat flashdisk")
    verbs = sync.add_subparsers(dest="sync_verb", metavar="TINDAKAN", required=True,
                                parser_class=type(sync))
    json_flag = argparse.ArgumentParser(add_help=False)
    json_flag.add_argument("--json", action="store_true", help="cetak hasil sebagai JSON")

    exp = verbs.add_parser("export", parents=[json_flag], help="buat berkas untuk kantor lain")
    exp.add_argument("--to", required=True, metavar="OFFICE_ID")
    exp.add_argument("--out", type=Path, required=True, metavar="DIR")
    exp.set_defaults(func=run_export)
    imp = verbs.add_parser("import", parents=[json_flag],
                           help="impor berkas sinkronisasi atau tanda terima")
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.set_defaults(func=run_import)
    status = verbs.add_parser("status", parents=[json_flag], help="keadaan per kantor")
    status.set_defaults(func=run_status)
    conflicts = verbs.add_parser("conflicts", parents=[json_flag],
                                 help="konflik untuk ditinjau")
    conflicts.add_argument("--all", action="store_true", help="juga yang sudah ditinjau")
    conflicts.set_defaults(func=run_conflicts)
    review = verbs.add_parser("review", parents=[json_flag],
                              help="tandai konflik sudah ditinjau")
    review.add_argument("ids", type=int, nargs="+", metavar="ID")
    review.set_defaults(func=run_review)
    receipt = verbs.add_parser("receipt", parents=[json_flag],
                               help="tulis lagi tanda terima untuk berkas yang sudah diimpor")
    receipt.add_argument("file", type=Path, metavar="FILE")
    receipt.add_argument("--out", type=Path, metavar="DIR",
                         help="folder untuk tanda terima (bawaan: di samping berkas)")
    receipt.set_defaults(func=run_receipt)


def run_export(args: argparse.Namespace) -> int:
    from ektp_desk.core.sync import export

    db = open_db(args)
    progress = TerminalProgress()
    got = export.export(db, args.to, args.out, passphrase=passphrase(), progress=progress)
    progress.finish()
    for warning in got.warnings:
        say(f"Peringatan: {warning}")
    if args.json:
        emit_json({"file": str(got.file), "rows": got.rows, "counts": got.counts,
                   "verified": got.verified, "warnings": got.warnings})
    else:
        say(f"{got.rows} baris ditulis dan diperiksa: {got.file}\nFlashdisk aman dicabut.")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from ektp_desk.core.sync import apply

    db = open_db(args)
    progress = TerminalProgress()
    got = apply.import_file(db, args.file, passphrase=passphrase(), progress=progress)
    progress.finish()
    for warning in got.warnings:
        say(f"Peringatan: {warning}")
    if args.json:
        emit_json(got.as_json())
    elif got.kind == "receipt":
        say(f"Tanda terima dari {got.origin}: {got.acknowledged} baris dikonfirmasi.")
    else:
        say(f"Dari {got.origin}: {got.new_people} warga baru, {got.updated_people} "
            f"diperbarui, {got.new_events} kejadian baru, {got.skipped} sudah ada, "
            f"{got.conflicts} konflik untuk ditinjau, {got.rejected} ditolak, "
            f"{got.deferred} ditunda.\nTanda terima: {got.receipt}")
    return 0


def run_status(args: argparse.Namespace) -> int:
    from ektp_desk.core.sync import status

    db = open_db(args)
    got = status.sync_status(db)
    if args.json:
        emit_json(got.as_json())
        return 0
    own = got.office
    print(f"Kantor: {own['office_id']} ({own['name']})" if own else "Kantor: belum dibuat")
    print(f"Perubahan belum dicap: {got.unstamped}; konflik terbuka: {got.conflicts_open}; "
          f"baris ditolak: {got.rejected}")
    for p in got.peers:
        print(f"  {p.office_id:<14} {p.name:<28} terkirim {p.sent:>8}  dikonfirmasi "
              f"{p.acknowledged:>8}  tertunda {p.pending:>8}  berkas terakhir masuk "
              f"{p.last_import or '-'}")
    return 0


def run_conflicts(args: argparse.Namespace) -> int:
    from ektp_desk.core import nik as nik_rules
    from ektp_desk.core.sync import review

    db = open_db(args)
    listed = review.conflicts(db, include_reviewed=args.all)
    if args.json:  # NIKs masked in lists (README, "Data protection")
        emit_json({"conflicts": [c.as_json(mask=nik_rules.mask) for c in listed]})
        return 0
    for c in listed:
        state = f"ditinjau {c.reviewed_by}" if c.reviewed_at else "terbuka"
        unsent = " (perubahan kantor ini, belum terkirim)" if c.local_unsent else ""
        print(f"#{c.id}  {c.at}  {nik_rules.mask(c.nik)}  {c.name}  [{state}]\n"
              f"    {c.title}: {c.summary()}\n    dipakai: {c.winner}; ditolak: "
              f"{c.loser}{unsent}")
    if not listed:
        say("Tidak ada konflik untuk ditinjau.")
    return 0


def run_review(args: argparse.Namespace) -> int:
    from ektp_desk.core.sync import review

    db = open_db(args)
    done = review.mark_reviewed(db, args.ids, by=user_name(db))
    if args.json:
        emit_json({"reviewed": done.marked})
    else:
        say(f"{done.marked} konflik ditandai sudah ditinjau.")
    return 0


def run_receipt(args: argparse.Namespace) -> int:
    from ektp_desk.core.sync import apply

    db = open_db(args)
    path = apply.rewrite_receipt(db, args.file, passphrase=passphrase(), out_dir=args.out)
    if args.json:
        emit_json({"receipt": str(path)})
    else:
        say(f"Tanda terima ditulis: {path}")
    return 0
