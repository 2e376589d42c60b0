"""Printing through a real CUPS: the test's own cupsd with cups-pdf queues. The printed PDF
is read back: its pages, its text (vector, not pictures), its paper and its size."""

from __future__ import annotations

import datetime as dt

import pypdf
import pytest

from ektp_desk.core import scheduling
from ektp_desk.core.errors import UserError
from ektp_desk.core.letters import batch, numbering
from ektp_desk.core.printing import PrintRequest, jobs
from ektp_desk.core.printing.cups import CupsPrinting
from tests.cups_helpers import cups_server  # noqa: F401  (fixture)
from tests.db.test_letters import LETTER_DATE, schedule

pytestmark = pytest.mark.slow


def letter_states(db, ids) -> dict[str, int]:
    got: dict[str, int] = {}
    for (state,) in db.execute_sql(
            "SELECT letter FROM summons WHERE id IN (" + ",".join(map(str, ids)) + ")"):
        got[state] = got.get(state, 0) + 1
    return got


def held_batch(db, tmp_path, people: int):
    schedule(db, people)
    return batch.print_batch(db, batch.Selection(unprinted=True), out=tmp_path / "surat.pdf",
                             letter_date=LETTER_DATE, hold=True)


def test_200_letters_print_as_vectors_on_f4(db, tmp_path, cups_server):  # noqa: F811
    queue = cups_server.add_queue("kantor")
    db.execute_sql("UPDATE office_profile SET paper = 'F4'")
    made = held_batch(db, tmp_path, 200)
    assert made.letters == 200
    # the PDF is made and numbered, but nothing is printed yet
    assert letter_states(db, made.summons_ids) == {scheduling.LETTER_NOT_PRINTED: 200}
    assert len(numbering.letters_for(db, made.summons_ids)) == 200

    result = jobs.print_file(db, PrintRequest(made.out, queue, title="surat"),
                             summons_ids=made.summons_ids,
                             system=CupsPrinting(str(cups_server.socket)))
    assert result.printed_pages == 200 and result.printer == queue
    assert result.job.startswith(f"{queue}-")
    assert letter_states(db, made.summons_ids) == {scheduling.LETTER_PRINTED: 200}

    [printed] = cups_server.wait_output(queue)
    reader = pypdf.PdfReader(printed)
    assert len(reader.pages) == 200
    first = " ".join(reader.pages[0].extract_text().split())
    own = " ".join(pypdf.PdfReader(made.out).pages[0].extract_text().split())
    name = db.execute_sql("SELECT p.name FROM summons m JOIN person p ON p.id = m.person_id "
                          "WHERE m.id = ?", (made.summons_ids[0],)).fetchone()[0]
    assert name.split()[0] in first and "Nomor" in first, first[:300]
    assert numbering.letters_for(db, [made.summons_ids[0]])[made.summons_ids[0]].number in own
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == \
        (215, 330)  # F4 reached the printer, not scaled to A4
    ratio = printed.stat().st_size / made.out.stat().st_size
    print(f"printed {printed.stat().st_size} bytes vs letters {made.out.stat().st_size}: "
          f"{ratio:.2f}×")
    assert ratio < 3

    update = jobs.refresh_jobs(db, system=CupsPrinting(str(cups_server.socket)))
    assert update.jobs == 1
    [row] = jobs.recent_jobs(db)
    assert (row.state, row.letters, row.job) == (jobs.FINISHED, 200, result.job)


def test_cancelled_job_leaves_letters_unprinted(db, tmp_path, cups_server):  # noqa: F811
    queue = cups_server.add_queue("batal")
    made = held_batch(db, tmp_path, 12)
    numbers = numbering.letters_for(db, made.summons_ids)
    system = CupsPrinting(str(cups_server.socket))
    cups_server.gate.touch()  # the job waits in the queue
    try:
        result = jobs.print_file(db, PrintRequest(made.out, queue), summons_ids=made.summons_ids,
                                 system=system)
        assert letter_states(db, made.summons_ids) == {scheduling.LETTER_PRINTED: 12}
        update = jobs.cancel_job(db, result.job_id, system=system)
    finally:
        cups_server.gate.unlink()
    assert update.letters_back == 12
    assert letter_states(db, made.summons_ids) == {scheduling.LETTER_NOT_PRINTED: 12}
    assert jobs.recent_jobs(db)[0].state == jobs.JOB_CANCELLED
    # CUPS stops the held backend, then files the job as cancelled
    assert cups_server.wait_for(lambda: system.status(result.job).state == "dibatalkan")
    # the numbers are kept: the next print reuses them
    again = batch.print_batch(db, batch.Selection(unprinted=True), out=tmp_path / "lagi.pdf",
                              letter_date=LETTER_DATE + dt.timedelta(days=1), hold=True)
    assert again.new_numbers == 0 and again.reprints == 12
    assert numbering.letters_for(db, made.summons_ids) .keys() == numbers.keys()
    assert not list(cups_server.out(queue).glob("*.pdf"))


def test_stopped_refusing_and_unknown_printers_say_why(db, tmp_path, cups_server):  # noqa: F811
    made = held_batch(db, tmp_path, 3)
    system = CupsPrinting(str(cups_server.socket))
    stopped = cups_server.add_queue("berhenti")
    cups_server.run("cupsdisable", "-r", "kertas macet", stopped)
    refusing = cups_server.add_queue("menolak")
    cups_server.run("cupsreject", refusing)
    for printer, message_id, words in (
            (stopped, "print_printer_stopped", "sedang dihentikan"),
            (refusing, "print_refused", "menolak pekerjaan cetak"),
            ("tidak-ada", "print_unknown_printer", "tidak dikenal")):
        with pytest.raises(UserError) as caught:
            jobs.print_file(db, PrintRequest(made.out, printer), summons_ids=made.summons_ids,
                            system=system)
        assert caught.value.message_id == message_id
        assert words in caught.value.message and printer in caught.value.message
        assert letter_states(db, made.summons_ids) == {scheduling.LETTER_NOT_PRINTED: 3}
    assert "kertas macet" in jobs.recent_jobs(db, 3)[2].message
    assert [r.state for r in jobs.recent_jobs(db, 3)] == [jobs.JOB_FAILED] * 3


def test_bad_requests_are_refused_before_the_queue(db, tmp_path, cups_server):  # noqa: F811
    made = held_batch(db, tmp_path, 2)
    system = CupsPrinting(str(cups_server.socket))
    for request, message_id in ((PrintRequest(made.out, "x", copies=0), "print_bad_copies"),
                                (PrintRequest(made.out, "x", pages=(2, 5)), "print_bad_range"),
                                (PrintRequest(tmp_path / "tidak.pdf", "x"), "print_no_pdf")):
        with pytest.raises(UserError) as caught:
            jobs.print_file(db, request, summons_ids=made.summons_ids, system=system)
        assert caught.value.message_id == message_id
    assert jobs.recent_jobs(db) == []
