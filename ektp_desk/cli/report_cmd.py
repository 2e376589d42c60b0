"""`ektp-desk report`: the drive's progress (core/reports) as JSON, csv, xlsx or PDF, and
the follow-up lists that come out of it.

    ektp-desk report [--date D | --from D --to D] [--office ID|all] [--out FILE] [--json]
    ektp-desk report --list KIND [--kelurahan CODE] [--office ID|all] [--out FILE]
                     [--json] [--unmasked]

Without a range: the whole drive (from its first event) to today. Everything is checked
before anything is counted or written: the range, the office, the list, the output's type
and path. The recap holds no NIK; a list masks them unless --unmasked, and every list that
leaves is in the audit log first.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from ektp_desk.cli import UsageError
from ektp_desk.cli.common import emit_json, iso_date, open_db, say, user_name


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "report", help="laporan kemajuan perekaman (JSON, csv, xlsx atau PDF)",
        description="Rekap perekaman: target, dipanggil, datang, terekam, gagal, tidak hadir, "
                    "per kantor, kecamatan, kelurahan, kategori dan hari, dan proyeksi ke "
                    "hari pemungutan suara. Tanpa tanggal: seluruh masa perekaman sampai "
                    "hari ini.")
    parser.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD",
                        help="satu hari saja")
    parser.add_argument("--from", dest="date_from", type=iso_date, metavar="YYYY-MM-DD",
                        help="hari pertama (bawaan: hari pertama perekaman)")
    parser.add_argument("--to", dest="date_to", type=iso_date, metavar="YYYY-MM-DD",
                        help="hari terakhir (bawaan: hari ini)")
    parser.add_argument("--office", metavar="ID|all",
                        help="kantor (id kantor atau kode kecamatannya) atau 'all' untuk "
                             "semua; bawaan: kantor ini")
    parser.add_argument("--out", type=Path, metavar="FILE.(csv|xlsx|pdf)",
                        help="tulis rekap ke berkas .csv, .xlsx atau .pdf (daftar: .csv atau "
                             ".xlsx)")
    parser.add_argument("--json", action="store_true", help="cetak angka-angkanya sebagai JSON")
    parser.add_argument("--list", dest="list_kind", metavar="DAFTAR",
                        choices=("belum_rekam", "tidak_hadir", "gagal",
                                 "ktp_belum_diserahkan"),
                        help="daftar tindak lanjut: belum_rekam, tidak_hadir, gagal atau "
                             "ktp_belum_diserahkan (NIK disamarkan; dicatat di log audit)")
    parser.add_argument("--kelurahan", metavar="KODE",
                        help="daftar untuk satu kelurahan saja (kode 10 angka)")
    parser.add_argument("--unmasked", action="store_true",
                        help="daftar dengan NIK lengkap (dicatat di log audit)")
    parser.set_defaults(func=run)


def _range(args: argparse.Namespace, db: object, today: dt.date) -> tuple[dt.date, dt.date]:
    from ektp_desk.core import reports

    if args.date is not None:
        if args.date_from is not None or args.date_to is not None:
            raise UsageError("--date tidak dapat dipakai bersama --from/--to")
        return args.date, args.date
    date_to = args.date_to or today
    if args.date_from is not None:
        return args.date_from, date_to
    start = reports.drive_start(db)  # type: ignore[arg-type]
    return (min(start, date_to) if start else date_to), date_to


def run_list(args: argparse.Namespace) -> int:
    """``--list``: one follow-up list to a file and/or as JSON, recorded first."""
    from ektp_desk.core import outputs
    from ektp_desk.core.reports import lists
    from ektp_desk.core.text import format_count

    if args.date is not None or args.date_from is not None or args.date_to is not None:
        raise UsageError("--list adalah keadaan sekarang: tanpa --date/--from/--to")
    if args.out is None and not args.json:
        raise UsageError("--list perlu --out FILE.(csv|xlsx) atau --json")
    if args.out is not None:
        lists.check_out_type(args.out)
    db = open_db(args)
    if args.out is not None:
        outputs.check_outputs([args.out], database=db)
        outputs.check_writable(args.out)
    found = lists.follow_up(db, args.list_kind, office=args.office, kelurahan=args.kelurahan)
    user = user_name(db)
    if args.out is not None:
        lists.export(db, found, args.out, user=user, unmasked=args.unmasked)
    if args.json:
        if args.out is None:
            lists.record(db, found, user=user, unmasked=args.unmasked, format="json")
        emit_json(found.as_json(unmasked=args.unmasked))
    masked = "NIK lengkap, dicatat" if args.unmasked else "NIK disamarkan"
    say(f"{found.title}: {format_count(len(found.rows))} orang ({masked})"
        + (f"; ditulis ke {args.out}." if args.out is not None else "."))
    return 0


def run(args: argparse.Namespace) -> int:
    from ektp_desk.core import clock, outputs, reports
    from ektp_desk.core.calendar import format_date_plain
    from ektp_desk.core.reports import files
    from ektp_desk.core.text import format_count

    if args.list_kind is not None:
        return run_list(args)
    if args.kelurahan is not None or args.unmasked:
        raise UsageError("--kelurahan dan --unmasked hanya untuk --list")
    kind = files.check_out_type(args.out) if args.out is not None else None
    db = open_db(args)
    today = clock.today()
    date_from, date_to = _range(args, db, today)
    reports.check_range(date_from, date_to)
    reports.resolve_scope(db, args.office)  # an unknown office is refused before any output
    if args.out is not None:
        outputs.check_outputs([args.out], database=db)
        outputs.check_writable(args.out)
    recap = reports.recap(db, date_from=date_from, date_to=date_to, office=args.office,
                          today=today)
    if kind is not None:
        files.write(recap, args.out, db=db)
    if args.json:
        emit_json(recap.as_json())
    else:
        t, p = recap.totals, recap.projection
        print(f"{recap.scope.name}: {format_date_plain(date_from)} – "
              f"{format_date_plain(date_to)}")
        print(f"Target {format_count(t.target)}, dipanggil {format_count(t.summoned)}, "
              f"datang {format_count(t.attended)}, terekam {format_count(t.recorded)} "
              f"({t.recorded_pct}), gagal {format_count(t.failed)}, tidak hadir "
              f"{format_count(t.no_show)}, belum dilayani {format_count(t.not_served)}")
        print(f"{format_count(p.days_left)} hari lagi ke {p.election_name}; perlu "
              f"{reports.format_rate(p.pace_needed)} orang per hari layanan, laju 7 hari "
              f"{reports.format_rate(p.pace_7d)} orang/hari; tercapai "
              f"{format_date_plain(p.done_by) if p.done_by else '–'}")
    if p_warning := recap.projection.warning:
        say(p_warning)
    if args.out is not None:
        say(f"Rekap ditulis ke {args.out}.")
    return 0
