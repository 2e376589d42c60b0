"""The front desk from the command line:

    checkin CODE_OR_NIK [--status S] [--reason R] [--note T] [--place T] [--json]
    undo NIK [--json]
    history NIK [--json]
    walk-in --nik N --name NAME [--birth-date D] [--sex L|P] [--marital B|S|P]
            [--address A] [--rt N] [--rw N] [--kelurahan K] [--note T] [--json]
    close-day [--date D] [--json]

Each takes ``--today D`` (or EKTP_DESK_TODAY) for replays and tests, and ``--desk NAME`` /
``--user NAME`` (default: the settings ``desk_name`` / ``user_name``). ``close-day`` is the
desk's: the no-shows of ``schedule close-day`` plus the day's counts.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING

from ektp_desk.cli.common import emit_json, iso_date, open_db, say
from ektp_desk.core.desk_rules import DESK_KINDS, NEEDS_PLACE, REASONS_OF
from ektp_desk.core.status import STATUSES

if TYPE_CHECKING:
    import peewee as pw

    from ektp_desk.core.desk import PersonCard


def register(sub: argparse._SubParsersAction) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="cetak hasil sebagai JSON")
    common.add_argument("--today", type=iso_date, metavar="YYYY-MM-DD",
                        help="anggap hari ini tanggal ini (untuk uji coba)")
    common.add_argument("--desk", metavar="NAME", help="nama meja (bawaan: pengaturan)")
    common.add_argument("--user", metavar="NAME", help="nama petugas (bawaan: pengaturan)")

    checkin = sub.add_parser("checkin", parents=[common],
                             help="catat kedatangan atau hasil layanan seorang warga",
                             description="Cari warga dengan kode surat (QR) atau NIK lalu "
                                         "catat statusnya (bawaan: hadir).")
    checkin.add_argument("code_or_nik", metavar="CODE_OR_NIK")
    checkin.add_argument("--status", default="hadir", metavar="S",
                         help="status baru (bawaan hadir): "
                              f"{', '.join(s for s in STATUSES if s in DESK_KINDS)}")
    checkin.add_argument("--reason", metavar="R", help="alasan (kode): " + "; ".join(
        f"{status}: {'|'.join(reasons)}{'' if required else ' (boleh kosong)'}"
        for status, (reasons, required) in REASONS_OF.items()))
    checkin.add_argument("--note", metavar="T", help="keterangan")
    checkin.add_argument("--place", metavar="T",
                         help=f"tempat tujuan, wajib untuk {' / '.join(sorted(NEEDS_PLACE))} "
                              "(sama dengan --note)")
    checkin.set_defaults(func=run_checkin)

    undo = sub.add_parser("undo", parents=[common],
                          help="batalkan perubahan terakhir seorang warga",
                          description="Batalkan perubahan status terakhir yang dibuat di "
                                      "meja layanan (dengan peristiwa pembatalan).")
    undo.add_argument("nik", metavar="NIK")
    undo.set_defaults(func=run_undo)

    hist = sub.add_parser("history", parents=[common], help="riwayat status seorang warga")
    hist.add_argument("nik", metavar="NIK")
    hist.set_defaults(func=run_history)

    walk = sub.add_parser("walk-in", parents=[common],
                          help="tambah warga datang langsung dan catat hadir",
                          description="Tambah warga yang tidak ada di daftar (aturan NIK "
                                      "impor berlaku) dan catat hadir.")
    walk.add_argument("--nik", required=True)
    walk.add_argument("--name", required=True)
    walk.add_argument("--birth-date", metavar="D", help="tanggal lahir (mis. 14-02-2007)")
    walk.add_argument("--sex", metavar="L|P")
    walk.add_argument("--marital", metavar="B|S|P",
                      help="status perkawinan: B belum kawin, S kawin, P pernah kawin (umur "
                           "16 yang sudah/pernah kawin mendapat KTP-el tanpa menunggu 17)")
    walk.add_argument("--address", metavar="A")
    walk.add_argument("--rt", metavar="N")
    walk.add_argument("--rw", metavar="N")
    walk.add_argument("--kelurahan", metavar="CODE", help="kode atau nama kelurahan")
    walk.add_argument("--note", default="datang langsung", metavar="T")
    walk.set_defaults(func=run_walk_in)

    close = sub.add_parser("close-day", parents=[common],
                           help="tutup hari layanan: yang tidak datang menjadi tidak hadir",
                           description="Tandai warga yang dijadwalkan pada tanggal itu dan "
                                       "tidak datang sebagai tidak hadir, lalu hitung hasil "
                                       "hari itu per status dan kelurahan.")
    close.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD",
                       help="hari yang ditutup (bawaan: hari ini)")
    close.set_defaults(func=run_close_day)


def _context(args: argparse.Namespace, db: pw.Database) -> tuple[str, str, dt.date]:
    from ektp_desk.core import accounts, clock, settings

    desk = args.desk or str(settings.get(db, "desk_name"))
    # with accounts, --user was the account logged in (cli/access.py)
    user = accounts.acting_name(db) if accounts.current(db) else args.user or \
        accounts.acting_name(db)
    return desk, user, args.today or clock.today()


def _say_card(card: PersonCard, prefix: str = "") -> None:
    from ektp_desk.core.nik import mask

    queue = f", nomor antrian {card.queue_number}" if card.queue_number else ""
    say(f"{prefix}{card.name} ({mask(card.nik)}): {card.status_label}{queue}")
    for warning in card.warnings:
        say(f"  ! {warning}")


def run_checkin(args: argparse.Namespace) -> int:
    from ektp_desk.core import desk as core

    db = open_db(args)
    desk, user, today = _context(args, db)
    note = "; ".join(x for x in (args.place, args.note) if x) or None
    result = core.checkin(db, args.code_or_nik, status=args.status, reason=args.reason,
                          note=note, desk=desk, user=user, today=today)
    if args.json:
        emit_json({**result.card.as_json(), "event_id": result.event_id})
    else:
        _say_card(result.card)
    return 0


def _person_id(db: pw.Database, text: str, today: dt.date) -> int:
    from ektp_desk.core import desk as core

    return core.lookup(db, text, today=today).person_id


def run_undo(args: argparse.Namespace) -> int:
    from ektp_desk.core import desk as core

    db = open_db(args)
    desk, user, today = _context(args, db)
    result = core.undo_last(db, _person_id(db, args.nik, today), desk=desk, user=user,
                            today=today)
    if args.json:
        emit_json({**result.card.as_json(), "event_id": result.event_id})
    else:
        _say_card(result.card, "Dibatalkan. ")
    return 0


def run_history(args: argparse.Namespace) -> int:
    from ektp_desk.core import desk as core

    db = open_db(args)
    _desk, _user, today = _context(args, db)
    card = core.lookup(db, args.nik, today=today)
    rows = core.history(db, card.person_id)
    if args.json:
        emit_json({"person": card.as_json(), "events": [r.as_json() for r in rows]})
        return 0
    _say_card(card)
    for r in rows:
        mark = " (dibatalkan)" if r.undone else ""
        extra = "; ".join(x for x in (r.reason, r.note) if x)
        say(f"  {r.at}  {r.kind_label}{mark}"
            f"{'  ' + extra if extra else ''}  [{r.by_user}{', ' + r.desk if r.desk else ''}]")
    return 0


def run_walk_in(args: argparse.Namespace) -> int:
    from ektp_desk.core import desk as core

    db = open_db(args)
    desk, user, today = _context(args, db)
    result = core.add_walk_in(db, nik=args.nik, name=args.name, birth_date=args.birth_date,
                              sex=args.sex, marital=args.marital, address=args.address,
                              rt=args.rt, rw=args.rw,
                              kelurahan=args.kelurahan, note=args.note, desk=desk,
                              user=user, today=today)
    if args.json:
        emit_json({**result.card.as_json(), "event_id": result.event_id})
    else:
        _say_card(result.card, "Ditambahkan. ")
    return 0


def run_close_day(args: argparse.Namespace) -> int:
    from ektp_desk.core import desk as core
    from ektp_desk.core.calendar import format_date_id
    from ektp_desk.core.people import format_count
    from ektp_desk.core.status import STATUS_LABELS

    db = open_db(args)
    desk, user, today = _context(args, db)
    day = args.date or today
    result = core.close_day(db, day, desk=desk, user=user, today=today)
    if args.json:
        emit_json({"date": day.isoformat(), "no_show": result.no_show,
                   "counts_by_outcome": result.counts_by_outcome,
                   "counts_by_kelurahan": result.counts_by_kelurahan,
                   "waiting": list(result.waiting)})
        return 0
    say(f"Hari {format_date_id(day)} ditutup: {format_count(result.no_show)} tidak hadir.")
    for status, count in sorted(result.counts_by_outcome.items()):
        say(f"  {STATUS_LABELS.get(status, status)}: {format_count(count)}")
    if result.waiting:
        say(f"  ! {format_count(len(result.waiting))} warga masih menunggu (hadir, belum ada "
            f"hasil): {', '.join(result.waiting)}")
    return 0
