"""`ektp-desk import FILE [--sheet NAME] [--dry-run] [--errors OUT] [--json]`: the KPU list."""

from __future__ import annotations

import argparse
from pathlib import Path

from ektp_desk.cli.common import TerminalProgress, emit_json, makes_database, open_db, say


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "import", help="impor daftar pemilih dari KPU (xlsx atau csv)",
        description="Impor daftar pemilih potensial dari KPU. NIK yang sudah ada diperbarui; "
                    "status dan riwayatnya tidak diubah.")
    parser.add_argument("file", type=Path, metavar="FILE", help="berkas .xlsx atau .csv")
    parser.add_argument("--sheet", metavar="NAME",
                        help="nama lembar kerja (bawaan: lembar pertama yang berkolom NIK)")
    parser.add_argument("--dry-run", action="store_true",
                        help="hanya periksa dan hitung, tidak menyimpan apa pun")
    parser.add_argument("--errors", type=Path, metavar="OUT",
                        help="simpan baris yang ditolak dan ganda ke OUT (.xlsx atau .csv)")
    parser.add_argument("--json", action="store_true", help="cetak hasil sebagai JSON")
    parser.set_defaults(func=run)
    makes_database(parser)


def run(args: argparse.Namespace) -> int:
    from ektp_desk.cli import db_path
    from ektp_desk.core import clock, importer, messages, outputs
    from ektp_desk.core.errors import UserError

    # the report's path is checked before the database is opened: a bad one changes nothing
    if args.errors is not None:
        outputs.check_outputs([args.errors], database=db_path(args), inputs=[args.file])
        outputs.check_writable(args.errors)
    db = open_db(args)
    progress = TerminalProgress()
    try:
        result = importer.run_import(db, args.file, sheet=args.sheet, dry_run=args.dry_run,
                                     today=clock.today(), progress=progress)
    finally:
        progress.finish()
    report_error = None
    if args.errors is not None:
        try:
            written = importer.write_error_report(result, args.errors, db=db)
        except UserError as exc:  # the import is saved all the same: say both
            report_error = exc
        else:
            say(messages.text("import_report_written", path=written))
    if args.json:
        emit_json(result.counts())
    else:
        say(result.summary())
    if args.dry_run:
        say(messages.text("import_dry_run"))
    if report_error is not None:
        say(messages.text("import_report_failed", detail=report_error.message))
        return 1
    return 0
