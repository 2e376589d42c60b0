"""`ektp-desk people`: the people list as csv or JSON on stdout, NIK and NKK masked.

Rows stream from the database in keyset batches and are written as they come, so a list
of a million people needs no more memory than one batch. Every export is recorded in the
audit log (UU 27/2022) before its first row is written, an unmasked one with the fact that
it was unmasked. Masked rows give the birth year, not the date.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from ektp_desk.cli import UsageError
from ektp_desk.cli.common import open_db, say
from ektp_desk.core import outputs
from ektp_desk.core.status import CATEGORIES, STATUSES

FIELDS = ("nik", "nkk", "name", "birth_date", "sex", "address", "rt", "rw",
          "kelurahan_code", "kelurahan", "kecamatan_code", "kecamatan", "category", "status",
          "warnings", "summons_date", "summons_start", "summons_location", "summons_round")
SUMMONS_BATCH = 1000


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "people", help="daftar warga (csv atau JSON), NIK dan NKK disamarkan",
        description="Cetak daftar warga ke stdout. NIK dan NKK disamarkan kecuali --unmasked; "
                    "setiap ekspor dicatat.")
    parser.add_argument("--search", metavar="Q", default="",
                        help="bagian nama, atau NIK (lengkap atau awalannya)")
    parser.add_argument("--kelurahan", metavar="CODE",
                        help="kode kelurahan (10 angka, mis. 3375011002) atau namanya")
    parser.add_argument("--kecamatan", metavar="CODE",
                        help="kode kecamatan (6 angka, mis. 337501) atau namanya")
    parser.add_argument("--status", choices=STATUSES, metavar="S",
                        help=f"status layanan: {', '.join(STATUSES)}")
    parser.add_argument("--category", choices=CATEGORIES, metavar="C",
                        help=f"kategori: {', '.join(CATEGORIES)}")
    parser.add_argument("--format", choices=("json", "csv"), default="json",
                        help="json (satu array, bawaan) atau csv")
    parser.add_argument("--unmasked", action="store_true",
                        help="NIK dan NKK lengkap (dicatat di log audit)")
    parser.set_defaults(func=run)


def _region_codes(args: argparse.Namespace) -> tuple[str | None, str | None]:
    from ektp_desk.core import regions

    table = regions.default_table()
    kecamatan = kelurahan = None
    if args.kecamatan:
        found = table.match_kecamatan(args.kecamatan)
        if found is None:
            raise UsageError(f"kecamatan tidak dikenal: {args.kecamatan}")
        kecamatan = found.code
    if args.kelurahan:
        match = table.match_kelurahan(args.kelurahan, kecamatan)
        if match is None:
            raise UsageError(f"kelurahan tidak dikenal: {args.kelurahan}")
        kelurahan = match.kelurahan.code
    return kecamatan, kelurahan


def run(args: argparse.Namespace) -> int:
    from ektp_desk.core import accounts, audit, people, search

    kecamatan, kelurahan = _region_codes(args)
    flt = people.PeopleFilter(search=args.search or "", kecamatan=kecamatan,
                              kelurahan=kelurahan, category=args.category, status=args.status)
    db = open_db(args)
    # the row stores a NIK searched for masked: the person's id lets the audit's NIK
    # filter still find who exported them
    digits = search.nik_digits(flt.search)
    person_id = people.person_id_by_nik(db, digits) if digits and len(digits) == 16 else None
    # Recorded before the first row leaves, committed on its own: when the log cannot be
    # written (read-only or locked database) nothing is printed and the exit status is 1.
    audit.record_before_disclosure(
        db, accounts.acting_name(db), "ekspor_warga", format=args.format,
        unmasked=args.unmasked, count=people.count(db, flt),
        **({"person_id": person_id} if person_id is not None else {}),
        filter={k: v for k, v in (("search", flt.search), ("kecamatan", kecamatan),
                                  ("kelurahan", kelurahan), ("category", flt.category),
                                  ("status", flt.status)) if v})
    sent = [0]  # rows handed to the writer, kept when the pipe breaks midway
    records = _counted(_records(db, people.iter_rows(db, flt), unmasked=args.unmasked), sent)
    try:
        if args.format == "csv":
            _write_csv(sys.stdout, records)
        else:
            _write_json(sys.stdout, records)
        sys.stdout.flush()
    except BrokenPipeError:
        # `ektp-desk people | head`: the reader has had enough; not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    say(f"{people.format_count(sent[0])} warga diekspor"
        + (" (NIK lengkap, dicatat)." if args.unmasked else " (NIK disamarkan)."))
    return 0


def _counted(records: Iterator[dict[str, Any]], sent: list[int]) -> Iterator[dict[str, Any]]:
    for record in records:
        sent[0] += 1
        yield record


def _with_summons(db: Any, rows: Iterator[Any]) -> Iterator[tuple[Any, dict | None]]:
    """Each row with its one current call (this office's or another's, read-only:
    ``calls.current_calls``), looked up a batch at a time."""
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) == SUMMONS_BATCH:
            yield from _attach(db, batch)
            batch = []
    yield from _attach(db, batch)


def _attach(db: Any, batch: list[Any]) -> Iterator[tuple[Any, dict | None]]:
    from ektp_desk.core import calls

    if not batch:
        return
    found = calls.current_calls(db, [row.id for row in batch])
    for row in batch:
        call = found.get(row.id)
        yield row, call.as_json() if call else None


def _records(db: Any, rows: Iterator[Any], *, unmasked: bool) -> Iterator[dict[str, Any]]:
    from ektp_desk.core import nik, people, regions

    table = regions.default_table()
    for row, summons in _with_summons(db, rows):
        yield {
            "nik": row.nik if unmasked else nik.mask(row.nik),
            "nkk": (row.nkk if unmasked else people.mask_nkk(row.nkk)) or None,
            "name": row.name,
            # beside a masked NIK only the year (ISO 8601 at year precision): with the
            # date and sex the masked digits could be rebuilt
            "birth_date": row.birth_date if unmasked else people.birth_shown(
                row.birth_date, masked=True),
            "sex": row.sex,
            "address": row.address,
            "rt": row.rt,
            "rw": row.rw,
            "kelurahan_code": row.kelurahan_code,
            "kelurahan": people.kelurahan_label(row.kelurahan_code, row.kelurahan_raw) or None,
            "kecamatan_code": row.kecamatan_code,
            "kecamatan": table.kecamatan_name(row.kecamatan_code) or None,
            "category": row.category,
            "status": row.status,
            "warnings": list(row.warnings),
            "summons": summons,
        }


def _write_json(out: TextIO, records: Iterator[dict[str, Any]]) -> int:
    """One JSON array, written object by object."""
    # one encoder for all rows: json.dumps with options builds a new one on every call
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    count = 0
    out.write("[")
    for record in records:
        out.write((",\n" if count else "\n") + encode(record))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def _write_csv(out: TextIO, records: Iterator[dict[str, Any]]) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    count = 0
    for record in records:
        summons = record["summons"] or {}
        values = dict(record, warnings=";".join(record["warnings"]),
                      summons_date=summons.get("date"), summons_start=summons.get("start"),
                      summons_location=summons.get("location"),
                      summons_round=summons.get("round"))
        writer.writerow(outputs.csv_row("" if values[f] is None else values[f] for f in FIELDS))
        count += 1
    return count
