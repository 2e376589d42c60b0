"""`ektp-desk place …`: outreach places (jemput bola) and the kantor kelurahan.

    place add --kind KIND --name N [--address A] [--kelurahan CODE] [--contact NAME]
              [--contact-title JABATAN] [--phone P] [--npsn N] [--json]
    place list [--kind KIND] [--all] [--json]
    place edit ID [--kind KIND] [--name N] [--address A] [--kelurahan CODE] [--contact NAME]
              [--contact-title JABATAN] [--phone P] [--npsn N] [--json]
    place deactivate ID | activate ID [--json]

Kinds: sekolah, pesantren, rutan_lapas (or lapas, rutan), panti, rumah, kelurahan. An
empty value ("") clears a field on edit.
"""

from __future__ import annotations

import argparse

from ektp_desk.cli.common import emit_json, open_db, say

KINDS_HELP = "sekolah, pesantren, rutan_lapas (lapas, rutan), panti, rumah, kelurahan"
# option name → keyword of core's add_place / update_place
_FIELDS = (("address", "address"), ("kelurahan", "kelurahan"), ("contact", "contact_name"),
           ("contact_title", "contact_title"), ("phone", "contact_phone"), ("npsn", "npsn"))


def register(sub: argparse._SubParsersAction) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="cetak hasil sebagai JSON")
    parser = sub.add_parser("place", help="tempat jemput bola: sekolah, pesantren, lapas, …")
    verbs = parser.add_subparsers(dest="place_verb", metavar="TINDAKAN", required=True,
                                  parser_class=type(parser))

    add = verbs.add_parser("add", parents=[common], help="tambah tempat")
    add.add_argument("--kind", required=True, metavar="KIND", help=KINDS_HELP)
    add.add_argument("--name", required=True, metavar="N", help="nama tempat")
    _field_flags(add)
    add.set_defaults(func=run_add)

    lst = verbs.add_parser("list", parents=[common], help="daftar tempat")
    lst.add_argument("--kind", action="append", metavar="KIND", help=KINDS_HELP)
    lst.add_argument("--all", action="store_true", help="termasuk yang nonaktif")
    lst.set_defaults(func=run_list)

    edit = verbs.add_parser("edit", parents=[common], help="ubah tempat")
    edit.add_argument("place_id", type=int, metavar="ID")
    edit.add_argument("--kind", metavar="KIND", help=KINDS_HELP)
    edit.add_argument("--name", metavar="N")
    _field_flags(edit)
    edit.set_defaults(func=run_edit)

    for verb, active, words in (("deactivate", False, "nonaktifkan tempat"),
                                ("activate", True, "aktifkan lagi tempat")):
        state = verbs.add_parser(verb, parents=[common], help=words)
        state.add_argument("place_id", type=int, metavar="ID")
        state.set_defaults(func=run_set_active, active=active)


def _field_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--address", metavar="A", help="alamat")
    parser.add_argument("--kelurahan", metavar="CODE", help="kelurahan (kode atau nama)")
    parser.add_argument("--contact", metavar="NAME", help="nama kontak")
    parser.add_argument("--contact-title", metavar="JABATAN",
                        help="jabatan kontak (kepala sekolah, pengasuh, kalapas, …)")
    parser.add_argument("--phone", metavar="P", help="telepon kontak")
    parser.add_argument("--npsn", metavar="N", help="NPSN (sekolah dan pesantren, 8 angka)")


def _given(args: argparse.Namespace) -> dict[str, str]:
    return {keyword: getattr(args, option) for option, keyword in _FIELDS
            if getattr(args, option) is not None}


def run_add(args: argparse.Namespace) -> int:
    from ektp_desk.core import scheduling

    db = open_db(args)
    result = scheduling.add_place(db, args.kind, args.name, **_given(args))
    place = scheduling.get_place(db, result.location_id)
    if args.json:
        emit_json({"id": place.id})
    else:
        say(f"Tempat {place.id} ditambahkan: {place.name} ({place.kind_label}).")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from ektp_desk.core import scheduling
    from ektp_desk.core.scheduling.places import parse_kind

    db = open_db(args)
    kinds = [parse_kind(k) for k in args.kind] if args.kind else None
    places = scheduling.list_places(db, kinds=kinds, include_inactive=args.all)
    if args.json:
        emit_json([p.as_json() for p in places])
    else:
        for p in places:
            mark = "" if p.active else "  (nonaktif)"
            print(f"{p.id:>4}  {p.kind_label:<18} {p.name:<40} {p.address or '-'}{mark}")
    return 0


def run_edit(args: argparse.Namespace) -> int:
    from ektp_desk.core import scheduling

    db = open_db(args)
    scheduling.update_place(db, args.place_id, kind=args.kind, name=args.name, **_given(args))
    place = scheduling.get_place(db, args.place_id)
    if args.json:
        emit_json(place.as_json())
    else:
        say(f"Tempat {place.id} diubah: {place.name}.")
    return 0


def run_set_active(args: argparse.Namespace) -> int:
    from ektp_desk.core import scheduling

    db = open_db(args)
    scheduling.set_place_active(db, args.place_id, args.active)
    if args.json:
        emit_json({"id": args.place_id, "active": args.active})
    else:
        say(f"Tempat {args.place_id} {'diaktifkan' if args.active else 'dinonaktifkan'}.")
    return 0
