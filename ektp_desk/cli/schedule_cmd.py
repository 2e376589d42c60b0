"""`ektp-desk schedule …`: call-up scheduling, slots, holidays, locations, outreach visits.

    schedule auto --from D --to D [--kecamatan C] [--kelurahan C] [--category C]
                  [--second-round] [--status S] [--person P …] [--overflow LOC]
                  [--evening] [--past-calendar] [--past-election] [--dry-run] [--json]
    schedule list [--date D | --from D --to D] [--location ID] [--all] [--json]
    schedule people SLOT_ID [--json]
    schedule move --slot ID --person P [--person P …]
    schedule close-day --date D
    schedule holidays list [--year Y] | add DATE NAME [--cuti] | remove DATE | import FILE
    schedule slot add --location ID --date D --start HH.MM --end HH.MM [--capacity N]
                      [--name TEXT] [--deliberate]
    schedule slot generate --from D --to D [--location ID …] [--past-calendar]
                           [--past-election]
    schedule slot generate --evening --from D --to D [--kelurahan CODE …]
                           [--start 17.00 --end 21.00] [--weekday DAY …] [--deliberate]
    schedule slot cancel ID [--reason TEXT] [--no-relocate]
    schedule slot move ID --date D --start HH.MM [--end HH.MM] [--deliberate]
    schedule locations [--json]
    schedule visit create --location ID --date D [--start HH.MM --end HH.MM] [--kits N]
                          [--team NAME …] [--deliberate] [--note T] [--person P …]
                          [--category C] [--kelurahan CODE] [--rw RW] [--rt RT]
                          [--list FILE [--choose ROW=ID …]] [--candidates]
    schedule visit add ID [the same --person, --category … --candidates]
    schedule visit list | people ID | record ID --person P --outcome CODE [--reason T]
    schedule visit close ID

People (P) are given by NIK (16 digits) or by their number in the database. Every verb
takes --today YYYY-MM-DD (default: the real date) so scripts and tests can pin the day.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

import peewee as pw

from ektp_desk.cli.common import TerminalProgress, emit_json, iso_date, open_db, say
from ektp_desk.core.text import format_count


def register(sub: argparse._SubParsersAction) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--today", type=iso_date, metavar="YYYY-MM-DD",
                        help="anggap hari ini tanggal ini (untuk uji coba)")
    common.add_argument("--json", action="store_true", help="cetak hasil sebagai JSON")

    parser = sub.add_parser("schedule", help="jadwal panggilan, sesi, hari libur, jemput bola")
    verbs = parser.add_subparsers(dest="schedule_verb", metavar="TINDAKAN", required=True,
                                  parser_class=type(parser))

    auto = verbs.add_parser("auto", parents=[common], help="jadwalkan warga secara otomatis")
    auto.add_argument("--from", dest="date_from", type=iso_date, required=True,
                      metavar="YYYY-MM-DD", help="tanggal pertama")
    auto.add_argument("--to", dest="date_to", type=iso_date, required=True, metavar="YYYY-MM-DD",
                      help="tanggal terakhir (batas waktu)")
    auto.add_argument("--kecamatan", metavar="CODE", help="hanya warga kecamatan ini")
    auto.add_argument("--kelurahan", metavar="CODE", help="hanya warga kelurahan ini")
    auto.add_argument("--category", metavar="C", help="hanya kategori ini (mis. pemula)")
    auto.add_argument("--second-round", action="store_true",
                      help="panggil lagi yang tidak hadir (panggilan berikutnya)")
    auto.add_argument("--status", action="append", metavar="S",
                      help="hanya warga berstatus ini (bawaan: belum_dipanggil; boleh berulang)")
    auto.add_argument("--person", action="append", metavar="P",
                      help="hanya warga ini (NIK atau nomor; boleh berulang)")
    auto.add_argument("--overflow", type=int, action="append", metavar="LOC",
                      help="lokasi cadangan bila kantor kecamatan penuh (mis. Dindukcapil)")
    auto.add_argument("--slot-minutes", type=int, metavar="N", help="lama satu sesi (menit)")
    auto.add_argument("--evening", action="store_true",
                      help="panggil ke sesi malam di kantor kelurahan masing-masing")
    _limit_flags(auto)
    auto.add_argument("--dry-run", action="store_true", help="pratinjau saja, tidak disimpan")
    auto.set_defaults(func=run_auto)

    lst = verbs.add_parser("list", parents=[common], help="daftar sesi jadwal")
    lst.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD", help="satu hari")
    lst.add_argument("--from", dest="date_from", type=iso_date, metavar="YYYY-MM-DD")
    lst.add_argument("--to", dest="date_to", type=iso_date, metavar="YYYY-MM-DD")
    lst.add_argument("--location", type=int, action="append", metavar="ID")
    lst.add_argument("--all", action="store_true", help="termasuk sesi yang dibatalkan")
    lst.set_defaults(func=run_list)

    people = verbs.add_parser("people", parents=[common], help="warga yang dipanggil ke sesi")
    people.add_argument("slot_id", type=int, metavar="SLOT")
    people.set_defaults(func=run_people)

    move = verbs.add_parser("move", parents=[common], help="pindahkan warga ke sesi lain")
    move.add_argument("--slot", type=int, required=True, metavar="ID", help="sesi tujuan")
    move.add_argument("--person", action="append", required=True, metavar="P")
    move.set_defaults(func=run_move)

    close = verbs.add_parser("close-day", parents=[common],
                             help="tutup hari layanan: yang tidak datang menjadi tidak hadir")
    close.add_argument("--date", type=iso_date, required=True, metavar="YYYY-MM-DD")
    close.add_argument("--location", type=int, action="append", metavar="ID")
    close.set_defaults(func=run_close_day)

    locations = verbs.add_parser("locations", parents=[common], help="daftar lokasi layanan")
    locations.set_defaults(func=run_locations)

    _register_holidays(verbs, common)
    _register_slot(verbs, common)
    _register_visit(verbs, common)


def _limit_flags(parser: argparse.ArgumentParser) -> None:
    """The clerk's confirmations of a range past the known holidays or polling day."""
    parser.add_argument("--past-calendar", action="store_true",
                        help="tetap jadwalkan di tahun yang hari liburnya belum pasti")
    parser.add_argument("--past-election", action="store_true",
                        help="tetap jadwalkan sesudah hari pemungutan suara")


def _register_holidays(verbs: argparse._SubParsersAction, common: argparse.ArgumentParser
                       ) -> None:
    holidays = verbs.add_parser("holidays", help="hari libur nasional dan cuti bersama")
    hverbs = holidays.add_subparsers(dest="holiday_verb", metavar="TINDAKAN", required=True,
                                     parser_class=type(holidays))
    hl = hverbs.add_parser("list", parents=[common], help="daftar hari libur")
    hl.add_argument("--year", type=int)
    hl.set_defaults(func=run_holidays_list)
    ha = hverbs.add_parser("add", parents=[common], help="tambah atau ubah hari libur")
    ha.add_argument("date", type=iso_date, metavar="YYYY-MM-DD")
    ha.add_argument("name", metavar="NAMA")
    ha.add_argument("--cuti", action="store_true", help="cuti bersama (bukan libur nasional)")
    ha.set_defaults(func=run_holidays_add)
    hr = hverbs.add_parser("remove", parents=[common], help="hapus hari libur")
    hr.add_argument("date", type=iso_date, metavar="YYYY-MM-DD")
    hr.set_defaults(func=run_holidays_remove)
    hi = hverbs.add_parser("import", parents=[common],
                           help="impor daftar hari libur (csv/xlsx: TANGGAL, KETERANGAN, JENIS)")
    hi.add_argument("file", type=Path, metavar="FILE")
    hi.add_argument("--sheet", metavar="NAME")
    hi.set_defaults(func=run_holidays_import)


def _register_slot(verbs: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    slot = verbs.add_parser("slot", help="tambah, batalkan atau pindahkan satu sesi")
    sverbs = slot.add_subparsers(dest="slot_verb", metavar="TINDAKAN", required=True,
                                 parser_class=type(slot))
    add = sverbs.add_parser("add", parents=[common], help="tambah sesi (juga sesi khusus)")
    add.add_argument("--location", type=int, required=True, metavar="ID")
    add.add_argument("--date", type=iso_date, required=True, metavar="YYYY-MM-DD")
    add.add_argument("--start", required=True, metavar="HH.MM")
    add.add_argument("--end", required=True, metavar="HH.MM")
    add.add_argument("--capacity", type=int, metavar="N")
    add.add_argument("--name", metavar="TEXT")
    add.add_argument("--deliberate", action="store_true",
                     help="sesi khusus: boleh di hari libur, akhir pekan, di luar jam layanan")
    add.set_defaults(func=run_slot_add)
    cancel = sverbs.add_parser("cancel", parents=[common],
                               help="batalkan sesi; warganya dipindah ke sesi kosong berikutnya")
    cancel.add_argument("slot_id", type=int, metavar="ID")
    cancel.add_argument("--reason", metavar="TEXT")
    cancel.add_argument("--no-relocate", action="store_true",
                        help="jangan pindahkan warganya (panggilan mereka dibatalkan)")
    cancel.add_argument("--until", type=iso_date, metavar="YYYY-MM-DD",
                        help="cari sesi pengganti sampai tanggal ini")
    cancel.set_defaults(func=run_slot_cancel)
    gen = sverbs.add_parser("generate", parents=[common],
                            help="buat sesi kosong dari jam layanan (tanpa warga)")
    gen.add_argument("--from", dest="date_from", type=iso_date, required=True, metavar="YYYY-MM-DD")
    gen.add_argument("--to", dest="date_to", type=iso_date, required=True, metavar="YYYY-MM-DD")
    gen.add_argument("--location", type=int, action="append", metavar="ID")
    gen.add_argument("--slot-minutes", type=int, metavar="N")
    gen.add_argument("--evening", action="store_true",
                     help="sesi malam di kantor kelurahan, tiap kelurahan satu malam bergiliran")
    gen.add_argument("--kelurahan", action="append", metavar="CODE",
                     help="dengan --evening: hanya kelurahan ini (boleh berulang)")
    gen.add_argument("--start", default="17.00", metavar="HH.MM", help="dengan --evening")
    gen.add_argument("--end", default="21.00", metavar="HH.MM", help="dengan --evening")
    gen.add_argument("--weekday", action="append", metavar="HARI",
                     help="dengan --evening: hari yang dipakai (bawaan Senin–Jumat)")
    gen.add_argument("--deliberate", action="store_true",
                     help="dengan --evening: hari libur juga dipakai, dengan sengaja")
    _limit_flags(gen)
    gen.set_defaults(func=run_slot_generate)
    mv = sverbs.add_parser("move", parents=[common], help="pindahkan sesi ke waktu lain")
    mv.add_argument("slot_id", type=int, metavar="ID")
    mv.add_argument("--date", type=iso_date, required=True, metavar="YYYY-MM-DD")
    mv.add_argument("--start", required=True, metavar="HH.MM")
    mv.add_argument("--end", metavar="HH.MM")
    mv.add_argument("--location", type=int, metavar="ID")
    mv.add_argument("--deliberate", action="store_true")
    mv.set_defaults(func=run_slot_move)


def _register_visit(verbs: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    visit = verbs.add_parser("visit", help="kunjungan jemput bola")
    vverbs = visit.add_subparsers(dest="visit_verb", metavar="TINDAKAN", required=True,
                                  parser_class=type(visit))
    create = vverbs.add_parser("create", parents=[common], help="rencanakan kunjungan")
    create.add_argument("--location", type=int, required=True, metavar="ID")
    create.add_argument("--date", type=iso_date, required=True, metavar="YYYY-MM-DD")
    create.add_argument("--start", metavar="HH.MM")
    create.add_argument("--end", metavar="HH.MM")
    create.add_argument("--kits", type=int, default=1, metavar="N",
                        help="jumlah alat rekam (kapasitas = alat × jam × warga per alat-jam)")
    create.add_argument("--team", action="append", metavar="NAME", help="petugas (berulang)")
    create.add_argument("--deliberate", action="store_true",
                        help="sengaja pada hari libur atau akhir pekan")
    create.add_argument("--note", metavar="TEXT")
    _people_flags(create)
    create.set_defaults(func=run_visit_create)
    add = vverbs.add_parser("add", parents=[common], help="tambah warga ke kunjungan")
    add.add_argument("visit_id", type=int, metavar="ID")
    _people_flags(add)
    add.set_defaults(func=run_visit_add)
    close = vverbs.add_parser("close", parents=[common],
                              help="tutup kunjungan: yang belum ditemui menjadi tidak hadir")
    close.add_argument("visit_id", type=int, metavar="ID")
    close.set_defaults(func=run_visit_close)
    vl = vverbs.add_parser("list", parents=[common], help="daftar kunjungan")
    vl.set_defaults(func=run_visit_list)
    vp = vverbs.add_parser("people", parents=[common], help="warga dalam kunjungan")
    vp.add_argument("visit_id", type=int, metavar="ID")
    vp.set_defaults(func=run_visit_people)
    vr = vverbs.add_parser("record", parents=[common], help="catat hasil kunjungan")
    vr.add_argument("visit_id", type=int, metavar="ID")
    vr.add_argument("--person", action="append", required=True, metavar="P")
    vr.add_argument("--outcome", required=True,
                    help="terekam, gagal_rekam, tidak_hadir, sudah_rekam, tidak_dapat_dilayani")
    vr.add_argument("--reason", metavar="TEXT")
    vr.set_defaults(func=run_visit_record)


def _people_flags(parser: argparse.ArgumentParser) -> None:
    """The four ways people are put on a visit: by hand, by filter, a list, candidates."""
    parser.add_argument("--person", action="append", metavar="P")
    parser.add_argument("--category", metavar="C", help="warga kategori ini (mis. warga_binaan)")
    parser.add_argument("--kelurahan", metavar="CODE", help="warga kelurahan ini")
    parser.add_argument("--rw", metavar="RW", help="warga RW ini")
    parser.add_argument("--rt", metavar="RT", help="warga RT ini")
    parser.add_argument("--list", type=Path, metavar="FILE",
                        help="daftar nama/NIK (csv/xlsx): siswa sekolah, santri, warga binaan")
    parser.add_argument("--choose", action="append", metavar="ROW=ID",
                        help="untuk baris daftar yang meragukan: pilih warga nomor ID")
    parser.add_argument("--candidates", "--outreach-candidates", dest="outreach_candidates",
                        action="store_true",
                        help="tambahkan warga yang diusulkan untuk jemput bola")


# --- helpers ------------------------------------------------------------------------------

def _today(args: argparse.Namespace) -> dt.date:
    from ektp_desk.core import clock

    return args.today or clock.today()


def _person_ids(db: pw.Database, refs: list[str] | None) -> list[int]:
    """NIKs (16 digits) or database numbers → ids; UserError for unknown NIKs."""
    from ektp_desk.core import people
    from ektp_desk.core.errors import UserError

    ids: list[int] = []
    for ref in refs or []:
        text = ref.strip().replace(" ", "").replace(".", "")
        if len(text) == 16 and text.isdigit():
            person_id = people.person_id_by_nik(db, text)
            if person_id is None:
                raise UserError("person_not_found", nik=text)
            ids.append(person_id)
        elif text.isdigit():
            ids.append(int(text))
        else:
            raise UserError("person_not_found", nik=ref)
    return ids


# --- verbs ----------------------------------------------------------------------------------

def run_auto(args: argparse.Namespace) -> int:
    from ektp_desk.core import calendar, scheduling

    db = open_db(args)
    today = _today(args)
    person_ids = _person_ids(db, args.person) if args.person else None
    statuses = tuple(args.status or ()) + (("tidak_hadir",) if args.second_round else ())
    statuses = statuses or ("belum_dipanggil",)
    selection = scheduling.Selection(
        kecamatan=args.kecamatan, kelurahan=args.kelurahan, category=args.category,
        person_ids=tuple(person_ids) if person_ids is not None else None, statuses=statuses)
    progress = TerminalProgress()
    plan = scheduling.plan(db, selection, args.date_from, args.date_to, today=today,
                           overflow=tuple(args.overflow or ()), slot_minutes=args.slot_minutes,
                           past_calendar=args.past_calendar, past_election=args.past_election,
                           evening=args.evening, progress=progress)
    applied = False
    if not args.dry_run and plan.scheduled:
        scheduling.apply_plan(db, plan, today=today, progress=progress)
        applied = True
    progress.finish()
    summary = plan.summary()
    summary["applied"] = applied
    if args.json:
        emit_json(summary)
        return 0
    for day in plan.days:
        if day.people:
            print(f"{calendar.format_date_id(day.date):<28} "
                  f"{plan.location_names.get(day.location_id, ''):<40} "
                  f"{format_count(day.people):>6} orang, "
                  f"sisa tempat {format_count(day.places_left)}")
    for limit in plan.limits:
        say(f"Dikonfirmasi: {limit.message}")
    for code, count in plan.reasons.items():
        say(f"Tidak terjadwal: {format_count(count)} orang, {scheduling.reason_text(code)}.")
    if plan.proposed_total:
        kinds = ", ".join(f"{format_count(n)} {scheduling.PROPOSAL_LABELS[kind]}"
                          for kind, n in plan.proposed_visits.items() if n)
        say(f"{format_count(plan.proposed_total)} diusulkan untuk kunjungan ({kinds}), "
            "tidak dipanggil ke kantor.")
    verb = "dijadwalkan" if applied else "dapat dijadwalkan (pratinjau, belum disimpan)"
    say(f"{format_count(plan.scheduled)} warga {verb} di {format_count(plan.slots_used)} sesi; "
        f"{format_count(plan.left_over_count)} tersisa.")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from ektp_desk.core import calendar, scheduling

    db = open_db(args)
    if args.date:
        date_from = date_to = args.date
    else:
        date_from = args.date_from or _today(args)
        date_to = args.date_to or date_from + dt.timedelta(days=30)
    slots = scheduling.list_slots(db, date_from, date_to, location_ids=args.location,
                                  include_cancelled=args.all)
    if args.json:
        emit_json([s.as_json() for s in slots])
        return 0
    for s in slots:
        flags = (" [khusus]" if s.deliberate else "") + (" [batal]" if s.cancelled else "")
        print(f"{s.id:>6}  {calendar.format_date_id(s.date):<28} "
              f"{calendar.format_time_range(s.start, s.end)}  {s.location:<40} "
              f"{s.assigned:>4}/{s.capacity:<4}{flags}")
    return 0


def run_people(args: argparse.Namespace) -> int:
    from ektp_desk.core import nik, scheduling

    db = open_db(args)
    scheduling.get_slot(db, args.slot_id)
    people = scheduling.slot_people(db, args.slot_id)
    rows = [{"person_id": p.person_id, "nik": nik.mask(p.nik), "name": p.name,
             "kelurahan_code": p.kelurahan_code, "rw": p.rw, "rt": p.rt, "round": p.round,
             "letter": p.letter, "status": p.status} for p in people]
    if args.json:
        emit_json(rows)
    else:
        for r in rows:
            print(f"{r['nik']:<20} {r['name']:<40} RT {r['rt']}/RW {r['rw']}  {r['letter']}")
    return 0


def _emit_move(args: argparse.Namespace, result: Any, message: str) -> int:
    if args.json:
        emit_json({"moved": result.moved, "unplaced": len(result.unplaced),
                   "slot_ids": list(result.slot_ids)})
    else:
        say(message)
    return 0


def run_move(args: argparse.Namespace) -> int:
    from ektp_desk.core import scheduling

    db = open_db(args)
    result = scheduling.move_people(db, _person_ids(db, args.person), args.slot,
                                    today=_today(args))
    return _emit_move(args, result, f"{format_count(result.moved)} warga dipindahkan.")


def run_close_day(args: argparse.Namespace) -> int:
    from ektp_desk.core import scheduling

    db = open_db(args)
    result = scheduling.close_day(db, args.date, location_ids=args.location, today=_today(args))
    if args.json:
        emit_json({"no_show": result.no_show, "attended": result.attended})
    else:
        say(f"Hari ditutup: {format_count(result.attended)} datang, "
            f"{format_count(result.no_show)} tidak hadir.")
    return 0


def run_locations(args: argparse.Namespace) -> int:
    from ektp_desk.core import calendar, scheduling

    db = open_db(args)
    rows = []
    for loc in scheduling.list_locations(db, include_inactive=True):
        hours = calendar.location_hours(db, loc.id)
        rows.append({"id": loc.id, "kind": loc.kind, "name": loc.name, "address": loc.address,
                     "kecamatan_code": loc.kecamatan_code,
                     "capacity_per_hour": loc.capacity_per_hour, "active": loc.active,
                     "hours": {calendar.DAY_NAMES[d]: [str(p) for p in periods]
                               for d, periods in sorted(hours.items())}})
    if args.json:
        emit_json(rows)
    else:
        for r in rows:
            hours = "; ".join(f"{d} {', '.join(p)}" for d, p in r["hours"].items()) or "-"
            print(f"{r['id']:>4}  {r['name']:<40} {r['capacity_per_hour']:>3}/jam  {hours}")
    return 0


def run_holidays_list(args: argparse.Namespace) -> int:
    from ektp_desk.core import calendar

    db = open_db(args)
    found = calendar.list_holidays(db, args.year)
    years = calendar.holiday_years(db)
    if args.json:
        emit_json([{"date": h.date.isoformat(), "name": h.name, "kind": h.kind} for h in found])
        return 0
    for h in found:
        print(f"{calendar.format_date_id(h.date):<28} {h.kind_label:<16} {h.name}")
    shown = [args.year] if args.year else sorted(years)
    for year in shown:
        info = years.get(year)
        if info is None:
            say(f"Tahun {year}: belum ada daftar hari libur; jadwal di tahun ini perlu "
                "konfirmasi (--past-calendar). Impor daftar resmi dengan "
                "'schedule holidays import FILE'.")
        elif info.provisional:
            say(f"Tahun {year}: sementara, {info.source}")
        else:
            say(f"Tahun {year}: {info.source}")
    if not found:
        say(f"Tidak ada hari libur {'tahun ' + str(args.year) if args.year else ''} "
            "dalam daftar.".replace("  ", " "))
    return 0


def run_holidays_add(args: argparse.Namespace) -> int:
    from ektp_desk.core import calendar

    db = open_db(args)
    calendar.add_holiday(db, args.date, args.name, "cuti_bersama" if args.cuti else "libur")
    if args.json:
        emit_json({"added": 1})
    else:
        say(f"Hari libur {calendar.format_date_id(args.date)} disimpan.")
    return 0


def run_holidays_remove(args: argparse.Namespace) -> int:
    from ektp_desk.core import calendar

    db = open_db(args)
    calendar.remove_holiday(db, args.date)
    if args.json:
        emit_json({"removed": 1})
    else:
        say(f"Hari libur {calendar.format_date_id(args.date)} dihapus.")
    return 0


def run_holidays_import(args: argparse.Namespace) -> int:
    from ektp_desk.core import calendar

    db = open_db(args)
    result = calendar.import_holidays(db, args.file, sheet=args.sheet)
    if args.json:
        emit_json({"added": result.added, "updated": result.updated,
                   "unchanged": result.unchanged})
    else:
        say(f"{result.added} ditambahkan, {result.updated} diubah, {result.unchanged} sama.")
    return 0


def run_slot_add(args: argparse.Namespace) -> int:
    from ektp_desk.core import scheduling

    db = open_db(args)
    result = scheduling.add_slot(db, args.location, args.date, args.start, args.end,
                                 capacity=args.capacity, name=args.name,
                                 deliberate=args.deliberate, today=_today(args))
    slot = scheduling.get_slot(db, result.slot_id)
    if args.json:
        emit_json(slot.as_json())
    else:
        say(f"Sesi {slot.id} dibuat: {slot.label}, {slot.capacity} tempat.")
    return 0


def run_slot_generate(args: argparse.Namespace) -> int:
    from ektp_desk.core import scheduling

    db = open_db(args)
    if args.evening:
        return _evening_series(db, args)
    result = scheduling.generate_slots(db, args.date_from, args.date_to,
                                       location_ids=args.location,
                                       slot_minutes=args.slot_minutes, today=_today(args),
                                       past_calendar=args.past_calendar,
                                       past_election=args.past_election)
    if args.json:
        emit_json({"created": len(result.slot_ids)})
    else:
        say(f"{format_count(len(result.slot_ids))} sesi dibuat.")
    return 0


def _evening_series(db: pw.Database, args: argparse.Namespace) -> int:
    from ektp_desk.core import scheduling

    result = scheduling.generate_evening_series(
        db, args.date_from, args.date_to, kelurahan_codes=args.kelurahan, start=args.start,
        end=args.end, weekdays=args.weekday, deliberate=args.deliberate, today=_today(args),
        past_calendar=args.past_calendar, past_election=args.past_election)
    if args.json:
        emit_json({"created": len(result.slot_ids), "slot_ids": list(result.slot_ids),
                   "series": result.series, "existing": list(result.existing),
                   "without_evening": list(result.without_evening)})
        return 0
    say(f"{format_count(len(result.slot_ids))} sesi malam dibuat (seri {result.series}).")
    if result.without_evening:
        say(f"{format_count(len(result.without_evening))} kelurahan belum mendapat malam "
            f"dalam rentang ini: {', '.join(result.without_evening)}.")
    return 0


def run_slot_cancel(args: argparse.Namespace) -> int:
    from ektp_desk.core import scheduling

    db = open_db(args)
    result = scheduling.cancel_slot(db, args.slot_id, reason=args.reason,
                                    relocate=not args.no_relocate, until=args.until,
                                    today=_today(args))
    return _emit_move(args, result, f"Sesi {args.slot_id} dibatalkan: {format_count(result.moved)} "
                                    f"warga dipindah, {format_count(len(result.unplaced))} tanpa "
                                    "jadwal pengganti.")


def run_slot_move(args: argparse.Namespace) -> int:
    from ektp_desk.core import scheduling

    db = open_db(args)
    result = scheduling.move_slot(db, args.slot_id, args.date, args.start, args.end,
                                  location_id=args.location, deliberate=args.deliberate,
                                  today=_today(args))
    return _emit_move(args, result, f"Sesi dipindah ke sesi {result.slot_ids[0]}: "
                                    f"{format_count(result.moved)} warga ikut pindah.")


def _choices(values: list[str] | None) -> dict[int, int]:
    from ektp_desk.cli import UsageError

    chosen: dict[int, int] = {}
    for value in values or []:
        row, _, person = value.partition("=")
        if not (row.strip().isdigit() and person.strip().isdigit()):
            raise UsageError(f"--choose harus BARIS=NOMOR, bukan '{value}'")
        chosen[int(row)] = int(person)
    return chosen


Review = list[tuple[int, str, str, tuple[int, ...]]]


def _visit_people(db: pw.Database, args: argparse.Namespace) -> tuple[dict[int, str], Review]:
    """{person id: how found} from the flags, and the list rows for the clerk to review
    (not found, or ambiguous and not chosen yet)."""
    from ektp_desk.core import scheduling

    sources: dict[int, str] = dict.fromkeys(_person_ids(db, args.person), "tangan")
    review: Review = []
    if any(v is not None for v in (args.category, args.kelurahan, args.rw, args.rt)):
        for pid in scheduling.visit_filter_ids(db, category=args.category,
                                               kelurahan=args.kelurahan, rw=args.rw,
                                               rt=args.rt):
            sources.setdefault(pid, "filter")
    if args.list:
        match = scheduling.match_people_list(db, args.list)
        chosen = _choices(args.choose)
        for pid in scheduling.resolve_list(match, chosen):
            sources.setdefault(pid, "daftar")
        review = sorted([(r, t, why, ()) for r, t, why in match.unmatched]
                        + [(a.row, a.text, a.reason, a.candidates)
                           for a in match.ambiguous if a.row not in chosen])
    if args.outreach_candidates:
        for pid in scheduling.outreach_candidates(db):
            sources.setdefault(pid, "kandidat")
    return sources, review


def _emit_visit(args: argparse.Namespace, result: Any, review: Review, verb: str) -> int:
    if args.json:
        emit_json({"id": result.visit_id, "visit_id": result.visit_id, "added": result.added,
                   "withdrawn_summons": result.withdrawn,
                   "skipped": {k: len(v) for k, v in result.skipped.items()},
                   "unmatched": [{"row": r, "text": t, "reason": why, "candidates": list(c)}
                                 for r, t, why, c in review]})
    else:
        for row, text, why, candidates in review:
            options = f" [calon: {', '.join(map(str, candidates))}]" if candidates else ""
            say(f"Baris {row} ({text}): {why}{options}")
        say(f"Kunjungan {result.visit_id} {verb} {format_count(result.added)} warga; "
            f"{format_count(result.withdrawn)} panggilan kantor ditarik.")
    return 0


def run_visit_create(args: argparse.Namespace) -> int:
    from ektp_desk.core import scheduling

    db = open_db(args)
    sources, review = _visit_people(db, args)
    result = scheduling.create_visit(db, args.location, args.date, person_ids=list(sources),
                                     sources=sources, start=args.start, end=args.end,
                                     note=args.note, team=args.team or (), kits=args.kits,
                                     deliberate=args.deliberate, today=_today(args))
    return _emit_visit(args, result, review, "dibuat dengan")


def run_visit_add(args: argparse.Namespace) -> int:
    from ektp_desk.core import scheduling

    db = open_db(args)
    sources, review = _visit_people(db, args)
    result = scheduling.add_visit_people(db, args.visit_id, list(sources), sources=sources)
    return _emit_visit(args, result, review, "ditambah")


def run_visit_close(args: argparse.Namespace) -> int:
    from ektp_desk.core import scheduling

    db = open_db(args)
    result = scheduling.close_visit(db, args.visit_id, today=_today(args))
    if args.json:
        emit_json({"id": result.visit_id, "tidak_hadir": result.recorded})
    else:
        say(f"Kunjungan {result.visit_id} ditutup; {format_count(result.recorded)} warga "
            "tidak hadir.")
    return 0


def run_visit_list(args: argparse.Namespace) -> int:
    from ektp_desk.core import calendar, scheduling

    db = open_db(args)
    visits = scheduling.list_visits(db)
    if args.json:
        emit_json([{"id": v.id, "location": v.location, "location_id": v.location_id,
                    "kind": v.kind, "date": v.date.isoformat(), "start": v.start,
                    "end": v.end, "note": v.note, "state": v.state, "people": v.people,
                    "recorded": v.recorded} for v in visits])
    else:
        for v in visits:
            print(f"{v.id:>5}  {calendar.format_date_id(v.date):<28} {v.location:<40} "
                  f"{v.recorded}/{v.people}  {v.state}")
    return 0


def run_visit_people(args: argparse.Namespace) -> int:
    from ektp_desk.core import nik, scheduling

    db = open_db(args)
    scheduling.get_visit(db, args.visit_id)
    rows = [{"person_id": p.person_id, "nik": nik.mask(p.nik), "name": p.name,
             "status": p.status, "outcome": p.outcome, "reason": p.reason}
            for p in scheduling.visit_people(db, args.visit_id)]
    if args.json:
        emit_json(rows)
    else:
        for r in rows:
            print(f"{r['nik']:<20} {r['name']:<40} {r['outcome'] or '-'}")
    return 0


def run_visit_record(args: argparse.Namespace) -> int:
    from ektp_desk.core import scheduling

    db = open_db(args)
    ids = _person_ids(db, args.person)
    result = scheduling.record_visit_outcomes(
        db, args.visit_id, dict.fromkeys(ids, (args.outcome, args.reason)))
    if args.json:
        emit_json({"recorded": result.recorded})
    else:
        say(f"{format_count(result.recorded)} hasil dicatat.")
    return 0
