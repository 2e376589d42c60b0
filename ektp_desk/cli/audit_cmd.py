"""`ektp-desk audit …`: the audit trail (docs/architecture.md, "The audit trail").

    audit verify [--json]           exit 0 when the chain is whole, 1 naming the first bad row
    audit list [--user U] [--action A] [--from D] [--to D] [--nik N] [--limit N] [--json]
    audit export --out F.csv [the same filters]      recorded in the log before it is written
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ektp_desk.cli.common import emit_json, iso_date, open_db, say, user_name


def register(sub: argparse._SubParsersAction) -> None:
    audit = sub.add_parser("audit", help="log audit: periksa rantai, lihat, ekspor")
    verbs = audit.add_subparsers(dest="audit_verb", metavar="TINDAKAN", required=True,
                                 parser_class=type(audit))
    json_flag = argparse.ArgumentParser(add_help=False)
    json_flag.add_argument("--json", action="store_true", help="cetak hasil sebagai JSON")
    filters = argparse.ArgumentParser(add_help=False)
    # dest by_user: the global --user (dest account) is who runs the verb, this one a filter
    filters.add_argument("--user", dest="by_user", default="", help="hanya akun ini")
    filters.add_argument("--action", default="", help="hanya tindakan ini")
    filters.add_argument("--from", dest="date_from", type=iso_date, metavar="YYYY-MM-DD",
                         help="sejak tanggal ini")
    filters.add_argument("--to", dest="date_to", type=iso_date, metavar="YYYY-MM-DD",
                         help="sampai tanggal ini")
    filters.add_argument("--nik", default="", help="hanya baris tentang warga ber-NIK ini")

    verify = verbs.add_parser("verify", parents=[json_flag],
                              help="periksa rantai hash log audit")
    verify.set_defaults(func=run_verify)
    listing = verbs.add_parser("list", parents=[json_flag, filters],
                               help="daftar baris log audit, terbaru dulu")
    listing.add_argument("--limit", type=int, default=100, help="paling banyak (bawaan 100)")
    listing.set_defaults(func=run_list)
    export = verbs.add_parser("export", parents=[json_flag, filters],
                              help="ekspor log audit ke csv (NIK disamarkan)")
    export.add_argument("--out", type=Path, required=True, metavar="F.csv")
    export.set_defaults(func=run_export)


def _filter(args: argparse.Namespace):  # -> audit_query.AuditFilter (imported lazily)
    from ektp_desk.core import audit_query

    return audit_query.AuditFilter(user=args.by_user, action=args.action,
                                   date_from=args.date_from, date_to=args.date_to,
                                   nik=args.nik)


def run_verify(args: argparse.Namespace) -> int:
    from ektp_desk.core import audit

    result = audit.verify(open_db(args))
    if args.json:
        emit_json(result.as_json())
    else:
        print(result.message)
    return 0 if result.ok else 1


def run_list(args: argparse.Namespace) -> int:
    from ektp_desk.core import audit_query

    db = open_db(args)
    rows = audit_query.page(db, _filter(args), limit=max(1, args.limit))
    if args.json:
        emit_json([r.as_json() for r in rows])
    else:
        for r in rows:
            print(f"{r.seq}\t{r.at}\t{r.by_user}\t{r.action}\t{r.detail}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from ektp_desk.core import audit_query, text

    db = open_db(args)
    result = audit_query.export_csv(db, _filter(args), args.out, user=user_name(db))
    if args.json:
        emit_json({"file": str(result.file), "rows": result.rows})
    else:
        say(f"{text.format_count(result.rows)} baris log audit diekspor ke {result.file}.")
    return 0
