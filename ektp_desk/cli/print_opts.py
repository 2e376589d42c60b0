"""``--print [--printer NAME] [--copies N] [--pages A-B] [--duplex]`` for the verbs that
write documents: what ``--out`` wrote goes to the print system as it is (core/printing)."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path

import peewee as pw

from ektp_desk.core.errors import UserError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--print", action="store_true", dest="to_printer",
                        help="kirim PDF yang ditulis ke printer (vektor, tanpa skala)")
    parser.add_argument("--printer", metavar="NAME",
                        help="nama printer (bawaan: printer utama sistem)")
    parser.add_argument("--copies", type=int, default=1, metavar="N",
                        help="jumlah salinan (bawaan 1)")
    parser.add_argument("--pages", metavar="A-B", default="",
                        help="hanya halaman ini dari PDF utama, mis. 41-80 (kertas macet)")
    parser.add_argument("--duplex", action="store_true", help="cetak bolak-balik")


def print_outputs(db: pw.Database, args: argparse.Namespace,
                  files: Sequence[tuple[Path, str, Sequence[int]]], *,
                  visit_documents: Callable[[tuple[int, int] | None], Sequence[int]]
                  | None = None) -> dict[str, object]:
    """Print each (pdf, document kind, summons ids), ``--pages`` of the first only; the
    JSON fields of the last job, with the pages of all jobs added up. A range prints, and
    marks printed, only the letters on those pages. ``visit_documents`` gives the visit's
    documents on the first file's pages (linked to its job)."""
    from ektp_desk.core import printing
    from ektp_desk.core.printing import jobs

    system = printing.default_system()
    printer = args.printer or system.default_printer()
    if not printer:
        raise UserError("print_unknown_printer", printer="-",
                        known=", ".join(system.printers()) or "-")
    total = 0
    job = ""
    for n, (pdf, document, summons_ids) in enumerate(files):
        pages = (printing.parse_range(args.pages, printing.pdf_info(pdf)[0])
                 if n == 0 and args.pages else None)
        result = jobs.print_file(
            db, printing.PrintRequest(pdf, printer, args.copies, pages, "", args.duplex,
                                      pdf.name),
            document=document, summons_ids=jobs.letters_on_pages(summons_ids, pages),
            visit_document_ids=visit_documents(pages) if n == 0 and visit_documents else (),
            system=system)
        total += result.printed_pages
        job = result.job
    return {"printed_pages": total, "printer": printer, "job": job}
