"""`ektp-desk letters … --print` through the test's own CUPS: the letters and the delivery
list reach the queue as PDF, the JSON names the job, and the letters count as printed
only then; a queue that cannot take the job leaves them unprinted, with a reason."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pypdf
import pytest

from ektp_desk.core import db as core_db
from ektp_desk.core import demo, scheduling
from tests.cli_helpers import ektp, rows
from tests.cups_helpers import cups_server  # noqa: F401  (fixture)
from tests.letter_helpers import give_logo
from tests.plan_helpers import without_pupil_rule

pytestmark = pytest.mark.slow


def summoned(path: Path, people: int) -> Path:
    db = core_db.open_database(path, bind=False)
    demo.fill(db, people, build_index=False)
    give_logo(db)
    without_pupil_rule(db)
    plan = scheduling.plan(db, scheduling.Selection(), dt.date(2024, 2, 5),
                           dt.date(2024, 2, 16), today=dt.date(2024, 1, 15), past_election=True)
    scheduling.apply_plan(db, plan, today=dt.date(2024, 1, 15))
    db.close()
    return path


def test_letters_print_200_from_the_command_line(tmp_path: Path, cups_server):  # noqa: F811
    queue = cups_server.add_queue("cli")
    db = summoned(tmp_path / "ektp.sqlite", 200)
    out, receipts = tmp_path / "surat.pdf", tmp_path / "terima.pdf"
    done = ektp(db, "letters", "--unprinted", "--out", out, "--receipts", receipts,
                "--letter-date", "2024-01-20", "--print", "--printer", queue, "--json",
                env={"CUPS_SERVER": str(cups_server.socket), "EKTP_DESK_TODAY": "2024-01-15"})
    result = json.loads(done.stdout)
    receipt_pages = result["receipt_pages"]
    assert result["letters"] == 200
    assert result["printed_pages"] == 200 + receipt_pages
    assert result["printer"] == queue and result["job"].startswith(f"{queue}-")
    assert rows(db, "SELECT letter, count(*) FROM summons WHERE state = 'open' "
                    "GROUP BY letter") == [(scheduling.LETTER_PRINTED, 200)]
    assert rows(db, "SELECT document, state FROM print_job ORDER BY id") == [
        ("surat", "diterima"), ("tanda_terima", "diterima")]
    printed = cups_server.wait_output(queue, 2)
    pages = sorted(len(pypdf.PdfReader(p).pages) for p in printed)
    assert pages == sorted([200, receipt_pages])
    letters = next(p for p in printed if len(pypdf.PdfReader(p).pages) == 200)
    assert "Nomor" in pypdf.PdfReader(letters).pages[0].extract_text()
    assert letters.stat().st_size < 3 * out.stat().st_size


def test_print_to_an_unknown_printer_leaves_letters_unprinted(tmp_path: Path,
                                                             cups_server):  # noqa: F811
    db = summoned(tmp_path / "ektp.sqlite", 5)
    done = ektp(db, "letters", "--unprinted", "--out", tmp_path / "s.pdf", "--letter-date",
                "2024-01-20", "--print", "--printer", "tidak-ada", status=1,
                env={"CUPS_SERVER": str(cups_server.socket), "EKTP_DESK_TODAY": "2024-01-15"})
    assert "Printer \u201ctidak-ada\u201d tidak dikenal" in done.stderr
    assert rows(db, "SELECT DISTINCT letter FROM summons WHERE state = 'open'") == [
        (scheduling.LETTER_NOT_PRINTED,)]
    assert rows(db, "SELECT count(*) FROM letter") == [(5,)]  # numbers kept for the reprint
    again = ektp(db, "letters", "--unprinted", "--out", tmp_path / "t.pdf", "--letter-date",
                 "2024-01-21", "--json", env={"EKTP_DESK_TODAY": "2024-01-15"})
    assert json.loads(again.stdout)["reprints"] == 5


def test_a_page_range_prints_and_marks_only_those_letters(tmp_path: Path,
                                                         cups_server):  # noqa: F811
    queue = cups_server.add_queue("cli-halaman")
    db = summoned(tmp_path / "ektp.sqlite", 6)
    done = ektp(db, "letters", "--unprinted", "--out", tmp_path / "s.pdf", "--letter-date",
                "2024-01-20", "--print", "--printer", queue, "--pages", "2-3", "--json",
                env={"CUPS_SERVER": str(cups_server.socket), "EKTP_DESK_TODAY": "2024-01-15"})
    assert json.loads(done.stdout)["printed_pages"] == 2
    assert rows(db, "SELECT letter, count(*) FROM summons WHERE state = 'open' "
                    "GROUP BY letter ORDER BY letter") == [
        (scheduling.LETTER_NOT_PRINTED, 4), (scheduling.LETTER_PRINTED, 2)]
    [printed] = cups_server.wait_output(queue)
    assert len(pypdf.PdfReader(printed).pages) == 2
    bad = ektp(db, "letters", "--unprinted", "--out", tmp_path / "t.pdf", "--letter-date",
               "2024-01-20", "--print", "--printer", queue, "--pages", "3-9", status=1,
               env={"CUPS_SERVER": str(cups_server.socket), "EKTP_DESK_TODAY": "2024-01-15"})
    assert "Rentang halaman" in bad.stderr
    assert not (tmp_path / "t.pdf").exists()  # refused before the PDF was made
    assert rows(db, "SELECT count(*) FROM print_job") == [(1,)]
