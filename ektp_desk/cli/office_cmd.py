"""`ektp-desk office …`: this office. Its letter profile and texts, and its identity for
sync files (docs/architecture.md, "Sync files"): keys, office cards, trusted offices.

    office show [--json]                 the office profile (letterhead, signer, paper…)
    office set KEY VALUE                 e.g. office set paper F4; office set logo_path logo.png
    office text ROUND PART [VALUE]       show or change a letter text (no VALUE: back to default)
    office serial YEAR NEXT              continue numbering at NEXT this year
    office init [--kind kecamatan|kota] [--code CODE] [--name NAME] [--json]
    office card --out FILE               this office's card (public keys, fingerprint)
    office trust FILE [--fingerprint FP [--replace-key]]
                                         trust another office's card; a card that changes a
                                         trusted office's keys without a rotation statement
                                         needs the new fingerprint read out by phone and
                                         --replace-key
    office keys [--json]                 this office's identity and the trusted offices
    office rotate [--json]               new keys for this office
    office retire OFFICE_ID              refuse an office's current key (a lost PC)
    office restore OFFICE_ID [--fingerprint FP]
                                         undo a retirement or a wrong key replacement

The passphrase of the office keys comes from EKTP_DESK_PASSPHRASE, else it is asked for.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ektp_desk.cli.common import (
    emit_json,
    makes_database,
    open_db,
    passphrase,
    say,
    user_name,
)
from ektp_desk.core.errors import UserError


def register(sub: argparse._SubParsersAction) -> None:
    json_flag = argparse.ArgumentParser(add_help=False)
    json_flag.add_argument("--json", action="store_true", help="cetak hasil sebagai JSON")
    office = sub.add_parser("office", help="kantor ini: profil, teks surat, identitas, kunci")
    overbs = office.add_subparsers(dest="office_verb", metavar="TINDAKAN", required=True,
                                   parser_class=type(office))
    show = overbs.add_parser("show", help="tampilkan profil kantor")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=run_office_show)
    set_ = overbs.add_parser("set", help="ubah satu isian profil kantor")
    set_.add_argument("key", metavar="KEY")
    set_.add_argument("value", metavar="VALUE")
    set_.add_argument("--json", action="store_true")
    set_.set_defaults(func=run_office_set)
    text = overbs.add_parser("text", help="lihat atau ubah teks surat")
    text.add_argument("round", type=int, choices=(1, 2), metavar="ROUND")
    text.add_argument("part", metavar="PART")
    text.add_argument("value", nargs="?", metavar="VALUE",
                      help="teks baru (tanpa ini: kembali ke teks bawaan)")
    text.add_argument("--show", action="store_true", help="hanya tampilkan")
    text.add_argument("--json", action="store_true")
    text.set_defaults(func=run_office_text)
    serial = overbs.add_parser("serial", help="lanjutkan nomor urut surat dari NEXT")
    serial.add_argument("year", type=int)
    serial.add_argument("next", type=int)
    serial.set_defaults(func=run_office_serial)
    init = overbs.add_parser("init", parents=[json_flag], help="jadikan instalasi ini kantor")
    # each defaults to what the first run put in the office profile
    init.add_argument("--kind", choices=("kecamatan", "kota"),
                      help="jenis kantor (bawaan: dari profil kantor)")
    init.add_argument("--code", metavar="CODE",
                      help="kode wilayah: 6 angka kecamatan (337501) atau 4 angka kota (3375); "
                           "bawaan: dari profil kantor")
    init.add_argument("--name", metavar="NAME", help="nama kantor (bawaan: dari profil kantor)")
    init.set_defaults(func=run_init)
    makes_database(init)
    card = overbs.add_parser("card", parents=[json_flag], help="tulis kartu kantor ini")
    card.add_argument("--out", type=Path, required=True, metavar="FILE")
    card.set_defaults(func=run_card)
    trust = overbs.add_parser("trust", parents=[json_flag],
                              help="percayai kartu kantor lain (bandingkan sidik kunci)")
    trust.add_argument("file", type=Path, metavar="FILE")
    trust.add_argument("--fingerprint", metavar="FP",
                       help="sidik kunci yang dibacakan lewat telepon (diperiksa)")
    trust.add_argument("--replace-key", action="store_true",
                       help="konfirmasi: kartu ini mengganti kunci kantor yang sudah dipercaya "
                            "(hanya dengan --fingerprint)")
    trust.set_defaults(func=run_trust)
    keys = overbs.add_parser("keys", parents=[json_flag],
                             help="identitas kantor ini dan kantor tepercaya")
    keys.set_defaults(func=run_keys)
    rotate = overbs.add_parser("rotate", parents=[json_flag], help="ganti kunci kantor ini")
    rotate.set_defaults(func=run_rotate)
    retire = overbs.add_parser("retire", parents=[json_flag],
                               help="pensiunkan kunci kantor lain (PC hilang)")
    retire.add_argument("office_id", metavar="OFFICE_ID")
    retire.set_defaults(func=run_retire)
    restore = overbs.add_parser(
        "restore", parents=[json_flag],
        help="batalkan pensiun kunci, atau kembalikan kunci yang salah diganti")
    restore.add_argument("office_id", metavar="OFFICE_ID")
    restore.add_argument("--fingerprint", metavar="FP",
                         help="kunci yang dikembalikan (bawaan: kunci kantor itu sekarang)")
    restore.set_defaults(func=run_restore)


def run_office_show(args: argparse.Namespace) -> int:
    from ektp_desk.core.letters import profile

    db = open_db(args)
    values = profile.load(db).as_json()
    if args.json:
        emit_json(values)
    else:
        for f in profile.FIELDS:
            print(f"{f.key} = {values.get(f.key)}    # {f.label}")
    return 0


def run_office_set(args: argparse.Namespace) -> int:
    from ektp_desk.core.letters import profile

    db = open_db(args)
    result = profile.save(db, {args.key: args.value})
    if args.json:
        emit_json(result.profile.as_json())
    else:
        say(f"Profil kantor: {args.key} disimpan.")
    return 0


def run_office_text(args: argparse.Namespace) -> int:
    from ektp_desk.core.letters import templates

    db = open_db(args)
    if not args.show:
        templates.save_texts(db, {(args.round, args.part): args.value})
    texts = templates.load_texts(db)
    if args.part not in templates.PART_BY_KEY:
        templates.validate_text(args.part, "")  # UserError naming the known parts
    value = texts.parts[args.round][args.part]
    if args.json:
        emit_json({"round": args.round, "part": args.part, "text": value,
                   "custom": (args.round, args.part) in texts.custom})
    else:
        print(value)
    return 0


def run_office_serial(args: argparse.Namespace) -> int:
    from ektp_desk.core.letters import numbering

    db = open_db(args)
    numbering.set_next_serial(db, args.year, args.next, user=user_name(db))
    say(f"Nomor surat tahun {args.year} berikutnya: {args.next}.")
    return 0


def run_init(args: argparse.Namespace) -> int:
    from ektp_desk.core.sync import office

    db = open_db(args)
    kind, code, name = office.profile_defaults(db)
    if not (args.kind or kind):
        raise UserError("office_kind_not_set")
    made = office.init_office(db, kind=args.kind or kind, code=args.code or code,
                              name=args.name or name,
                              passphrase=passphrase(confirm=True) or "", by=user_name(db)).office
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
    if args.replace_key and not args.fingerprint:
        say("--replace-key hanya bersama --fingerprint: sidik kunci baru yang dibacakan "
            "lewat telepon.")
        return 2
    got = office.trust_card(db, args.file, by=user_name(db),
                            expected_fingerprint=args.fingerprint,
                            replace_key=args.replace_key)
    if args.json:
        emit_json({**got.peer.as_json(), "replaced": got.replaced, "how": got.how})
    else:
        say(f"Kantor {got.peer.office_id} ({got.peer.name}) dipercaya. Sidik kunci: "
            f"{got.peer.fingerprint}" + (f" (menggantikan {got.replaced})"
                                         if got.replaced else ""))
    return 0


def run_keys(args: argparse.Namespace) -> int:
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
    made = office.rotate_keys(db, passphrase() or "", by=user_name(db)).office
    if args.json:
        emit_json({"office_id": made.office_id, "fingerprint": made.fingerprint})
    else:
        say(f"Kunci baru. Sidik kunci: {made.fingerprint}. Kirim kartu kantor yang baru ke "
            "kantor lain.")
    return 0


def run_retire(args: argparse.Namespace) -> int:
    from ektp_desk.core.sync import office

    db = open_db(args)
    got = office.retire_key(db, args.office_id, by=user_name(db))
    if args.json:
        emit_json(got.peer.as_json())
    else:
        say(f"Kunci {got.peer.fingerprint} milik {got.peer.office_id} dipensiunkan.")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from ektp_desk.core.sync import office

    db = open_db(args)
    got = office.restore_key(db, args.office_id, args.fingerprint, by=user_name(db))
    if args.json:
        emit_json({**got.peer.as_json(), "replaced": got.replaced})
    else:
        say(f"Kunci {got.peer.fingerprint} milik {got.peer.office_id} dipercaya lagi."
            + (f" Kunci {got.replaced} dipensiunkan." if got.replaced else ""))
    return 0
