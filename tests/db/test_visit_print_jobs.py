"""A visit's documents through the print queue (core/printing/jobs.py with
core/letters/visit_docs.py), on the test's own CUPS: one job per document set, its
documents linked to it, and a reprint that keeps its numbers and is audited as one."""

from __future__ import annotations

import json
from pathlib import Path

import pypdf
import pytest

from ektp_desk.core.errors import UserError
from ektp_desk.core.letters import visit_docs
from ektp_desk.core.printing import PrintRequest, jobs
from ektp_desk.core.printing.cups import CupsPrinting
from tests.cups_helpers import cups_server  # noqa: F401  (fixture)
from tests.db.test_visit_documents import school_visit, vdb  # noqa: F401  (fixture)

pytestmark = pytest.mark.slow


def audit_rows(db, action: str) -> list[dict]:
    return [json.loads(r[0]) for r in db.execute_sql(
        "SELECT detail FROM audit_log WHERE action = ? ORDER BY seq", (action,))]


def test_a_visits_documents_are_one_job_and_a_reprint_keeps_its_numbers(
        vdb, tmp_path: Path, cups_server):  # noqa: F811
    queue = cups_server.add_queue("kunjungan")
    system = CupsPrinting(str(cups_server.socket))
    visit = school_visit(vdb)
    made = visit_docs.make_visit_documents(vdb, visit, out=tmp_path / "k.pdf")
    numbers = [d.number for d in made.documents]
    assert [d.kind for d in made.documents] == ["pemberitahuan", "daftar_peserta"]

    first = jobs.print_file(vdb, PrintRequest(made.out, queue, title="kunjungan"),
                            document="kunjungan",
                            visit_document_ids=made.documents_on_pages(None), system=system)
    assert (first.documents, first.reprints, first.letters) == (2, 0, 0)
    [row] = jobs.recent_jobs(vdb)
    assert (row.document, row.documents, row.visit_id, row.letters, row.state) == (
        "kunjungan", 2, visit, 0, jobs.ACCEPTED)
    [printed] = cups_server.wait_output(queue)
    text = " ".join(pypdf.PdfReader(printed).pages[0].extract_text().split())
    assert numbers[0] in text  # the notice itself, as text: not a picture of it

    # made again and printed again: the same numbers, and the job says it is a reprint
    again = visit_docs.make_visit_documents(vdb, visit, out=tmp_path / "k2.pdf")
    assert [d.number for d in again.documents] == numbers
    assert [d.document_id for d in again.documents] == [d.document_id for d in made.documents]
    second = jobs.print_file(vdb, PrintRequest(again.out, queue, title="kunjungan"),
                             document="kunjungan",
                             visit_document_ids=again.documents_on_pages(None), system=system)
    assert (second.documents, second.reprints) == (2, 2)
    assert vdb.execute_sql("SELECT count(*) FROM visit_document").fetchone()[0] == 2
    first_audit, second_audit = audit_rows(vdb, "cetak_printer")
    assert (first_audit["visit_id"], first_audit["numbers"], first_audit["reprints"]) == (
        visit, numbers, 0)
    assert (second_audit["numbers"], second_audit["reprints"]) == (numbers, 2)
    assert [r.documents for r in jobs.recent_jobs(vdb)] == [2, 2]


def test_a_failed_job_is_no_print_and_a_range_holds_its_documents_only(
        vdb, tmp_path: Path, cups_server):  # noqa: F811
    queue = cups_server.add_queue("kunjungan-rentang")
    system = CupsPrinting(str(cups_server.socket))
    visit = school_visit(vdb)
    made = visit_docs.make_visit_documents(vdb, visit, out=tmp_path / "k.pdf")
    notice, roster = made.documents
    with pytest.raises(UserError, match="tidak dikenal"):
        jobs.print_file(vdb, PrintRequest(made.out, "tidak-ada", title="k"),
                        document="kunjungan", visit_document_ids=made.documents_on_pages(None),
                        system=system)
    assert jobs.recent_jobs(vdb)[0].state == jobs.JOB_FAILED
    # the last page only: the list alone; the refused job made it no reprint
    last = made.pages
    assert made.documents_on_pages((last, last)) == (roster.document_id,)
    result = jobs.print_file(vdb, PrintRequest(made.out, queue, pages=(last, last), title="k"),
                             document="kunjungan",
                             visit_document_ids=made.documents_on_pages((last, last)),
                             system=system)
    assert (result.documents, result.reprints, result.printed_pages) == (1, 0, 1)
    assert made.documents_on_pages((1, last)) == (notice.document_id, roster.document_id)
