"""`ektp-desk letters …` and `ektp-desk letter …`: summoning letters (the office profile and
letter texts are under `ektp-desk office …`).

    letters (--slot ID | --date D | --kelurahan CODE | --unprinted | --reprint |
             --summons ID …) --out FILE.pdf [--receipts FILE.pdf] [--per-letter DIR]
            [--letter-date D] [--print [--printer NAME] [--copies N] [--pages A-B]
            [--duplex]] [--json]
    letters --visit ID --out FILE.pdf [--doc pemberitahuan|daftar|berita_acara|keluarga|all]
            [--new-number] [--letter-date D] [--print …] [--json]
                                         a jemput bola visit's documents
    letter find CODE [--json]            the letter a scanned QR code names
    letter register [--year Y] [--json]  the agenda surat keluar
    letter mark-reprint SUMMONS …        mark printed letters to print again (same number)
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from ektp_desk.cli import print_opts
from ektp_desk.cli.common import TerminalProgress, emit_json, iso_date, open_db, say
from ektp_desk.core.text import format_count

if TYPE_CHECKING:
    import peewee as pw


def register(sub: argparse._SubParsersAction) -> None:
    letters = sub.add_parser("letters", help="cetak surat panggilan (PDF) dan daftar tanda terima")
    which = letters.add_mutually_exclusive_group(required=True)
    which.add_argument("--slot", type=int, metavar="ID", help="semua surat satu sesi")
    which.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD",
                       help="semua surat untuk satu hari layanan")
    which.add_argument("--kelurahan", metavar="CODE", help="semua surat satu kelurahan")
    which.add_argument("--unprinted", action="store_true",
                       help="semua panggilan yang suratnya belum dicetak")
    which.add_argument("--reprint", action="store_true",
                       help="surat yang ditandai perlu dicetak ulang (nomor tetap)")
    which.add_argument("--summons", type=int, nargs="+", metavar="ID",
                       help="panggilan tertentu (nomor panggilan)")
    which.add_argument("--visit", type=int, metavar="ID",
                       help="dokumen kunjungan jemput bola (pemberitahuan, daftar peserta, "
                            "berita acara, surat keluarga)")
    letters.add_argument("--doc", default="all", metavar="JENIS",
                         choices=("pemberitahuan", "daftar", "berita_acara", "keluarga", "all"),
                         help="dengan --visit: pemberitahuan, daftar, berita_acara, keluarga "
                              "atau all (bawaan: semua yang dapat dibuat sekarang)")
    letters.add_argument("--new-number", action="store_true",
                         help="dengan --visit: nomor baru, bukan nomor cetakan sebelumnya")
    letters.add_argument("--out", type=Path, required=True, metavar="FILE.pdf",
                         help="satu PDF berisi semua surat")
    letters.add_argument("--receipts", type=Path, metavar="FILE.pdf",
                         help="daftar tanda terima per RT/RW")
    letters.add_argument("--per-letter", type=Path, metavar="DIR",
                         help="juga satu PDF per surat, dinamai sesuai nama warga")
    letters.add_argument("--letter-date", type=iso_date, metavar="YYYY-MM-DD",
                         help="tanggal surat (bawaan: hari ini)")
    letters.add_argument("--workers", type=int, metavar="N",
                         help="jumlah proses pembuat PDF (bawaan: jumlah inti, paling banyak 2)")
    print_opts.add_arguments(letters)
    letters.add_argument("--after-election", action="store_true",
                         help="tetap buat surat walau hari pemungutan suara sudah lewat")
    letters.add_argument("--json", action="store_true", help="cetak hasil sebagai JSON")
    letters.set_defaults(func=run_letters)

    letter = sub.add_parser("letter", help="register surat: cari kode, agenda, cetak ulang")
    lverbs = letter.add_subparsers(dest="letter_verb", metavar="TINDAKAN", required=True,
                                   parser_class=type(letter))
    find = lverbs.add_parser("find", help="surat dari kode QR atau kode surat")
    find.add_argument("code", metavar="CODE")
    find.add_argument("--json", action="store_true")
    find.set_defaults(func=run_find)
    agenda = lverbs.add_parser("register", help="agenda surat keluar (nomor yang terbit)")
    agenda.add_argument("--year", type=int)
    agenda.add_argument("--json", action="store_true")
    agenda.set_defaults(func=run_register)
    mark = lverbs.add_parser("mark-reprint", help="tandai surat untuk dicetak ulang")
    mark.add_argument("summons", type=int, nargs="+", metavar="SUMMONS")
    mark.add_argument("--json", action="store_true")
    mark.set_defaults(func=run_mark_reprint)


def run_letters(args: argparse.Namespace) -> int:
    from ektp_desk.core import clock, election
    from ektp_desk.core.errors import UserError
    from ektp_desk.core.letters import batch

    db = open_db(args)
    if args.visit is not None:
        return _run_visit(db, args)
    warning = election.current(db).passed_warning(clock.today())
    if warning:  # letters inviting people to a past election: only when asked for
        say(warning)
        if not args.after_election:
            raise UserError("letters_after_election")
    selection = batch.Selection(
        slot_id=args.slot, date=args.date, kelurahan=args.kelurahan,
        unprinted=args.unprinted, reprint=args.reprint,
        summons_ids=tuple(args.summons) if args.summons else None)
    if args.to_printer and args.pages:  # a range the PDF cannot have: refused before it is made
        from ektp_desk.core.printing import parse_range

        parse_range(args.pages, len(batch.select_summonses(db, selection)))
    progress = TerminalProgress()
    result = batch.print_batch(db, selection, out=args.out, receipts=args.receipts,
                               per_letter=args.per_letter, letter_date=args.letter_date,
                               workers=args.workers, hold=args.to_printer,
                               progress=progress)
    progress.finish()
    printed: dict[str, object] = {}
    if args.to_printer:  # the letters count as printed once the queue accepted them
        files = [(result.out, "surat", result.summons_ids)]
        if result.receipts:
            files.append((result.receipts, "tanda_terima", ()))
        printed = print_opts.print_outputs(db, args, files)
    if args.json:
        emit_json(result.as_json() | printed)
    else:
        numbers = (f", nomor {result.numbers[0]} s.d. {result.numbers[-1]}"
                   if result.numbers else "")
        say(f"{format_count(result.letters)} surat ({format_count(result.new_numbers)} "
            f"baru{numbers}; {format_count(result.reprints)} cetak ulang) ditulis ke "
            f"{result.out}.")
        if result.receipts:
            say(f"Daftar tanda terima: {result.receipts} ({result.receipt_pages} halaman).")
        if printed:
            say(f"Dikirim ke printer {printed['printer']}: {printed['printed_pages']} "
                f"halaman (pekerjaan {printed['job']}).")
    return 0


def _run_visit(db: pw.Database, args: argparse.Namespace) -> int:
    """`letters --visit ID`: the visit's documents in one PDF (core/letters/visit_docs)."""
    from ektp_desk.core.errors import UserError
    from ektp_desk.core.letters import visit_docs

    if args.receipts or args.per_letter:
        raise UserError("visitdoc_cli_options")
    result = visit_docs.make_visit_documents(db, args.visit, out=args.out, doc=args.doc,
                                             letter_date=args.letter_date,
                                             new_numbers=args.new_number)
    printed: dict[str, object] = {}
    if args.to_printer:
        printed = print_opts.print_outputs(db, args, [(result.out, "kunjungan", ())],
                                           visit_documents=result.documents_on_pages)
    if args.json:
        emit_json(result.as_json() | printed)
        return 0
    for doc in result.documents:
        again = " (cetak ulang)" if doc.reprint else ""
        say(f"{visit_docs.TITLES[doc.kind]}: nomor {doc.number}{again}, "
            f"{format_count(doc.pages)} halaman.")
    say(f"{format_count(len(result.documents))} dokumen kunjungan {result.visit_id} ditulis "
        f"ke {result.out}.")
    if printed:
        say(f"Dikirim ke printer {printed['printer']}: {printed['printed_pages']} "
            f"halaman (pekerjaan {printed['job']}).")
    return 0


def run_find(args: argparse.Namespace) -> int:
    from ektp_desk.core import scheduling
    from ektp_desk.core.errors import UserError
    from ektp_desk.core.letters import numbering

    db = open_db(args)
    info = numbering.find_letter(db, args.code)
    if info is None:
        raise UserError("letter_code_unknown", code=args.code)
    summons = scheduling.current_summons(db, [info.person_id]).get(info.person_id)
    row = {"number": info.number, "code": info.code, "person_id": info.person_id,
           "summons_id": info.summons_id, "current_summons_id": info.current_summons_id,
           "round": info.round, "letter_date": info.letter_date.isoformat(),
           "reprints": info.reprints, "summons": summons}
    if args.json:
        emit_json(row)
    else:
        when = f"  {summons['date']} {summons['start']} {summons['location']}" if summons else ""
        print(f"{info.number}  warga {info.person_id}  panggilan {info.current_summons_id}"
              f"{when}")
    return 0


def run_register(args: argparse.Namespace) -> int:
    from ektp_desk.core.letters import numbering

    db = open_db(args)
    rows = [{"number": i.number, "person_id": i.person_id, "summons_id": i.summons_id,
             "round": i.round, "letter_date": i.letter_date.isoformat(),
             "issued_at": i.issued_at, "reprints": i.reprints}
            for i in numbering.register_entries(db, year=args.year)]
    if args.json:
        emit_json(rows)
    else:
        for r in rows:
            print(f"{r['number']:<40} {r['letter_date']}  warga {r['person_id']:>7}  "
                  f"cetak ulang {r['reprints']}")
    return 0


def run_mark_reprint(args: argparse.Namespace) -> int:
    from ektp_desk.core.letters import batch

    db = open_db(args)
    result = batch.mark_for_reprint(db, args.summons)
    if args.json:
        emit_json({"marked": result.marked})
    else:
        say(f"{result.marked} surat ditandai untuk dicetak ulang.")
    return 0
