"""`ektp-desk sync …`: USB sync files between offices (DESIGN.md §4).

    sync office init --kind kecamatan|kota --code CODE --name NAME [--json]
    sync office card --out FILE                  this office's card (public keys)
    sync office trust FILE [--fingerprint FP]     trust another office's card
    sync office show [--json]                    identity and trusted offices
    sync office rotate [--json]                  new keys for this office
    sync office retire OFFICE_ID                 refuse an office's current key
    sync export --to OFFICE_ID --out DIR [--json]
    sync import FILE [--json]                    a data file or a receipt
    sync status [--json]
    sync conflicts [--json]                      conflicts for review

(`office …` is the letters' office profile, so office identity lives under `sync office`.)
The passphrase of the office keys comes from EKTP_DESK_PASSPHRASE, else it is asked for.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from ektp_desk.cli.common import TerminalProgress, emit_json, open_db, say


def register(sub: argparse._SubParsersAction) -> None:
    sync = sub.add_parser("sync", help="sinkronisasi antarkantor lewat flashdisk")
    verbs = sync.add_subparsers(dest="sync_verb", metavar="TINDAKAN", required=True,
                                parser_class=type(sync))
    json_flag = argparse.ArgumentParser(add_help=False)
    json_flag.add_argument("--json", action="store_true", help="cetak hasil sebagai JSON")

    office = verbs.add_parser("office", help="identitas kantor, kartu kantor, kunci")
    overbs = office.add_subparsers(dest="office_verb", metavar="TINDAKAN", required=True,
                                   parser_class=type(sync))
    init = overbs.add_parser("init", parents=[json_flag], help="jadikan instalasi ini kantor")
    init.add_argument("--kind", required=True, choices=("kecamatan", "kota"))
    init.add_argument("--code", required=True, metavar="CODE",
                      help="kode wilayah: 6 angka kecamatan (337501) atau 4 angka kota (3375)")
    init.add_argument("--name", required=True, metavar="NAME", help="nama kantor")
    init.set_defaults(func=run_init)
    card = overbs.add_parser("card", parents=[json_flag], help="tulis kartu kantor ini")
    card.add_argument("--out", type=Path, required=True, metavar="FILE")
    card.set_defaults(func=run_card)
    trust = overbs.add_parser("trust", parents=[json_flag],
                              help="percayai kartu kantor lain (bandingkan sidik kunci)")
    trust.add_argument("file", type=Path, metavar="FILE")
    trust.add_argument("--fingerprint", metavar="FP",
                       help="sidik kunci yang dibacakan lewat telepon (diperiksa)")
    trust.set_defaults(func=run_trust)
    show = overbs.add_parser("show", parents=[json_flag], help="identitas dan kantor tepercaya")
    show.set_defaults(func=run_show)
    rotate = overbs.add_parser("rotate", parents=[json_flag], help="ganti kunci kantor ini")
    rotate.set_defaults(func=run_rotate)
    retire = overbs.add_parser("retire", parents=[json_flag],
                               help="pensiunkan kunci kantor lain (PC hilang)")
    retire.add_argument("office_id", metavar="OFFICE_ID")
    retire.set_defaults(func=run_retire)

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
    conflicts.set_defaults(func=run_conflicts)


def _passphrase(confirm: bool = False) -> str | None:
    from ektp_desk.core.sync import office

    value = os.environ.get(office.PASSPHRASE_ENV)
    if value:
        return value
    if not sys.stdin.isatty():
        return None  # the core says what is missing
    first = getpass.getpass("Kata sandi kunci kantor: ")
    if confirm and getpass.getpass("Ulangi kata sandi: ") != first:
        say("Kata sandi tidak sama.")
        return None
    return first


def _user(db: object) -> str:
    from ektp_desk.core import settings

    return str(settings.get(db, "user_name"))  # type: ignore[arg-type]


def run_init(args: argparse.Namespace) -> int:
    from ektp_desk.core.sync import office

    db = open_db(args)
    made = office.init_office(db, kind=args.kind, code=args.code, name=args.name,
                              passphrase=_passphrase(confirm=True) or "", by=_user(db)).office
    if args.json:
        emit_json({"office_id": made.office_id, "fingerprint": made.fingerprint})
    else:
        say(f"Kantor {made.office_id} ({made.name}) dibuat. Sidik kunci: {made.fingerprint}")
    return 0


def run_card(args: argparse.Namespace) -> int:
    from ektp_desk.core.sync import office

    db = open_db(args)
    path = office.export_card(db, args.out)
    own = office.require_identity(db)
    if args.json:
        emit_json({"file": str(path), "office_id": own.office_id,
                   "fingerprint": own.fingerprint})
    else:
        say(f"Kartu kantor ditulis: {path}\nBacakan sidik kunci lewat telepon: "
            f"{own.fingerprint}")
    return 0


def run_trust(args: argparse.Namespace) -> int:
    from ektp_desk.core.sync import office

    db = open_db(args)
    got = office.trust_card(db, args.file, by=_user(db),
                            expected_fingerprint=args.fingerprint)
    if args.json:
        emit_json({**got.peer.as_json(), "replaced": got.replaced})
    else:
        say(f"Kantor {got.peer.office_id} ({got.peer.name}) dipercaya. Sidik kunci: "
            f"{got.peer.fingerprint}" + (f" (menggantikan {got.replaced})"
                                         if got.replaced else ""))
    return 0


def run_show(args: argparse.Namespace) -> int:
    from ektp_desk.core.sync import office

    db = open_db(args)
    own = office.identity(db)
    peers = office.peers(db)
    if args.json:
        emit_json({"office": own.as_json() if own else None,
                   "trusted": [p.as_json() for p in peers]})
        return 0
    if own is None:
        say("Identitas kantor belum dibuat.")
    else:
        print(f"{own.office_id}  {own.name} ({own.kind})  sidik kunci {own.fingerprint}")
    for p in peers:
        flag = "  [DIPENSIUNKAN]" if p.retired else ""
        print(f"  dipercaya: {p.office_id}  {p.name}  {p.fingerprint}{flag}")
    return 0


def run_rotate(args: argparse.Namespace) -> int:
    from ektp_desk.core.sync import office

    db = open_db(args)
    made = office.rotate_keys(db, _passphrase() or "", by=_user(db)).office
    if args.json:
        emit_json({"office_id": made.office_id, "fingerprint": made.fingerprint})
    else:
        say(f"Kunci baru. Sidik kunci: {made.fingerprint}. Kirim kartu kantor yang baru ke "
            "kantor lain.")
    return 0


def run_retire(args: argparse.Namespace) -> int:
    from ektp_desk.core.sync import office

    db = open_db(args)
    got = office.retire_key(db, args.office_id, by=_user(db))
    if args.json:
        emit_json(got.peer.as_json())
    else:
        say(f"Kunci {got.peer.fingerprint} milik {got.peer.office_id} dipensiunkan.")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from ektp_desk.core.sync import export

    db = open_db(args)
    progress = TerminalProgress()
    got = export.export(db, args.to, args.out, passphrase=_passphrase(), progress=progress)
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
    got = apply.import_file(db, args.file, passphrase=_passphrase(), progress=progress)
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
    from ektp_desk.core.sync import status

    db = open_db(args)
    rows = status.conflicts(db)
    for row in rows:  # DOMAIN.md §7: NIKs masked in lists
        row["nik"] = nik_rules.mask(str(row["nik"]))
    if args.json:
        emit_json({"conflicts": rows})
    else:
        for r in rows:
            print(f"{r['at']}  {r['nik']}  {r['kind']}  kalah: {r['loser_origin']}#"
                  f"{r['loser_seq']}  menang: {r['winner_origin']}#{r['winner_seq']}")
    return 0
