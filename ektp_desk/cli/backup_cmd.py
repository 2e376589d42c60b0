"""Backups, restore and retention (docs/architecture.md, "Backups and the database file";
docs/domain.md, "Retention").

    backup [--out FILE_OR_DIR] [--encrypt] [--json]   a checked copy (encrypted for a stick)
    restore FILE [--yes] [--json]                      the current state is backed up first
    purge --before DATE [--anonymise] [--dry-run] [--delete-backups] [--yes] [--json]

restore and purge ask y/n on a terminal; elsewhere they need --yes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ektp_desk.cli.common import emit_json, iso_date, open_db, passphrase, say, user_name
from ektp_desk.core import messages
from ektp_desk.core.errors import UserError

messages.register({
    "cli_confirm_needs_yes": (
        "{what}: tambahkan --yes untuk melanjutkan (tidak ada terminal untuk bertanya).",
        "{what}: add --yes to go ahead (there is no terminal to ask on)."),
    "cli_not_confirmed": ("Dibatalkan; tidak ada yang diubah.",
                          "Cancelled; nothing was changed."),
    "cli_encrypt_needs_out": (
        "Cadangan terenkripsi perlu --out (folder flashdisk atau nama berkas).",
        "An encrypted backup needs --out (the stick's folder or a file name)."),
})


def register(sub: argparse._SubParsersAction) -> None:
    json_flag = argparse.ArgumentParser(add_help=False)
    json_flag.add_argument("--json", action="store_true", help="cetak hasil sebagai JSON")
    yes_flag = argparse.ArgumentParser(add_help=False)
    yes_flag.add_argument("--yes", action="store_true", help="jangan bertanya (y/n)")

    made = sub.add_parser("backup", parents=[json_flag], help="buat cadangan basis data")
    made.add_argument("--out", type=Path, metavar="FILE",
                      help="berkas atau folder tujuan (bawaan: folder backups)")
    made.add_argument("--encrypt", action="store_true",
                      help="enkripsi untuk kantor ini (flashdisk); perlu kata sandi kunci")
    made.set_defaults(func=run_backup)

    back = sub.add_parser("restore", parents=[json_flag, yes_flag],
                          help="pulihkan basis data dari cadangan (admin)")
    back.add_argument("file", type=Path, metavar="FILE")
    back.set_defaults(func=run_restore)

    purge = sub.add_parser("purge", parents=[json_flag, yes_flag],
                           help="hapus atau anonimkan warga setelah kegiatan selesai (admin)")
    purge.add_argument("--before", type=iso_date, required=True, metavar="DATE",
                       help="warga yang jejak terakhirnya sebelum tanggal ini (YYYY-MM-DD)")
    purge.add_argument("--anonymise", action="store_true",
                       help="simpan jumlahnya tanpa identitas (laporan tetap sama)")
    purge.add_argument("--dry-run", action="store_true", help="hanya hitung, tidak menghapus")
    purge.add_argument("--delete-backups", action="store_true",
                       help="hapus juga cadangan lama yang masih memuat NIK mereka")
    purge.set_defaults(func=run_purge)


def _confirm(args: argparse.Namespace, what: str, question: str) -> None:
    """Go on with --yes, or after 'y' on a terminal; UserError otherwise (nothing done)."""
    if args.yes:
        return
    if not sys.stdin.isatty():
        raise UserError("cli_confirm_needs_yes", what=what)
    say(question)
    if input("[y/N] ").strip().lower() not in ("y", "ya"):
        raise UserError("cli_not_confirmed")


def run_backup(args: argparse.Namespace) -> int:
    from ektp_desk.core import backup, backup_crypto
    from ektp_desk.core.sync import office

    db = open_db(args)
    try:
        if args.encrypt:
            if args.out is None:
                raise UserError("cli_encrypt_needs_out")
            keys = office.unlock(db, passphrase())
            made = backup_crypto.make_encrypted_backup(db, args.out, keys=keys,
                                                       by=user_name(db))
        else:
            made = backup.make_backup(db, args.out, reason=backup.MANUAL)
    finally:
        db.close()
    if args.json:
        emit_json({"backup": str(made), "encrypted": args.encrypt,
                   "bytes": made.stat().st_size})
    else:
        print(made)
    return 0


def _who(args: argparse.Namespace, path: Path) -> str:
    """Who restores: the verb's account logged in on the database being replaced (an admin,
    cli/access.py), or the clerk it names; "admin" when it no longer opens (a damaged file
    is replaced, and nobody can log in on it, as at the window's start)."""
    import sqlite3

    import peewee as pw

    from ektp_desk.cli import access
    from ektp_desk.core import db as core_db

    try:
        db = core_db.open_database(path, bind=False)
    except UserError:
        return "admin"
    try:
        access.enter(args, db)  # a refusal (no account, not an admin) goes up
        return user_name(db)
    except (sqlite3.DatabaseError, pw.DatabaseError):  # a damaged file: it is replaced
        return "admin"
    finally:
        db.close()


def run_restore(args: argparse.Namespace) -> int:
    from ektp_desk.cli import db_path
    from ektp_desk.core import backup, backup_crypto

    path = db_path(args)
    if not args.file.is_file():
        raise UserError("file_not_found", path=args.file)
    by = _who(args, path) if path.exists() else "admin"  # refused before the question
    _confirm(args, "restore", f"Ganti basis data {path} dengan isi {args.file}? Keadaan "
             "sekarang dicadangkan dulu.")
    secret = passphrase() if backup_crypto.is_encrypted(args.file) else None
    result = backup.restore(path, args.file, by=by, passphrase=secret)
    if args.json:
        emit_json(result.as_json())
    else:
        say(f"Dipulihkan dari {result.restored_from}.")
        if result.saved_current:
            say(f"Keadaan sebelumnya disimpan di {result.saved_current}.")
    return 0


def run_purge(args: argparse.Namespace) -> int:
    from ektp_desk.core import retention

    db = open_db(args)
    try:
        if args.dry_run:
            result = retention.plan(db, args.before, anonymise=args.anonymise)
        else:
            _confirm(args, "purge", f"Hapus data warga yang jejak terakhirnya sebelum "
                     f"{args.before.isoformat()}? Lihat dulu dengan --dry-run.")
            result = retention.purge(db, args.before, anonymise=args.anonymise,
                                     by=user_name(db), delete_backups=args.delete_backups)
    finally:
        db.close()
    if args.json:
        emit_json(result.as_json())
        return 0
    head = "Akan dihapus" if result.dry_run else "Dihapus"
    print(f"{head} (sebelum {args.before.isoformat()}):")
    for name, n in result.counts.items():
        print(f"  {name}: {n:,}".replace(",", "."))
    if result.backups_with_nik:
        print("Cadangan yang masih memuat NIK warga ini (hapus dengan --delete-backups, atau "
              "simpan di tempat aman):")
        for path in result.backups_with_nik:
            print(f"  {path}")
    for path in result.backups_deleted:
        print(f"  dihapus: {path}")
    return 0
