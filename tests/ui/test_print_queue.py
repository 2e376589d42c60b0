"""The Surat page prints through a real CUPS (the test's own cupsd, a cups-pdf queue): 200
letters made into a PDF, the print dialog answered, the PDF handed to the queue on the
runner's writer; the letters count as printed only then, the last jobs are listed, a job
still in the queue is cancelled from the list and its letters are unprinted again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import Qt

from ektp_desk.core import demo, scheduling
from ektp_desk.core.printing import PrintRequest
from ektp_desk.ui.pages import surat
from ektp_desk.ui.pages.surat import LettersModel, SuratPage
from tests.cups_helpers import cups_server  # noqa: F401  (fixture)
from tests.letter_helpers import give_logo
from tests.plan_helpers import without_pupil_rule
from tests.ui.test_surat_page import FEB_5, TODAY, count, save_dialog_answers, shown

pytestmark = pytest.mark.slow


def open_page(qtbot, db, runner, people: int) -> SuratPage:
    demo.fill(db, people, build_index=False)
    give_logo(db)
    without_pupil_rule(db)
    plan = scheduling.plan(db, scheduling.Selection(), FEB_5, dt.date(2024, 2, 23),
                           today=TODAY, past_election=True)
    scheduling.apply_plan(db, plan, today=TODAY)
    page = SuratPage(db, runner, runner.bus, today=TODAY)
    qtbot.addWidget(page)
    page.resize(1280, 860)
    with qtbot.waitSignal(page.loaded, timeout=20000):
        page.show()
    qtbot.waitExposed(page)
    return page


def make_pdf(qtbot, page: SuratPage, monkeypatch, out: Path) -> None:
    save_dialog_answers(monkeypatch, out)
    with qtbot.waitSignal(page.printed, timeout=120000), \
            qtbot.waitSignal(page.loaded, timeout=120000):
        qtbot.keyClick(page, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.printer_button.isEnabled(), timeout=10000)


def answer_print_dialog(monkeypatch, queue: str) -> list[Path]:
    """The system print dialog, answered: this queue, every page, one copy."""
    asked: list[Path] = []

    def answer(parent, pdf: Path, title: str) -> PrintRequest:
        asked.append(pdf)
        return PrintRequest(pdf, queue, 1, None, "A4", False, title)

    monkeypatch.setattr(surat, "ask_printer", answer)
    return asked


def test_200_letters_from_the_window_reach_the_queue_as_pdf(
        qtbot, db, runner, tmp_path, monkeypatch, cups_server, output_dir):  # noqa: F811
    monkeypatch.setenv("CUPS_SERVER", str(cups_server.socket))
    queue = cups_server.add_queue("jendela")
    page = open_page(qtbot, db, runner, 200)
    assert page.model.rowCount() == 200
    out = tmp_path / "surat.pdf"
    make_pdf(qtbot, page, monkeypatch, out)
    assert count(db, "SELECT count(*) FROM summons WHERE letter = 'dicetak'") == 0
    assert set(shown(page, LettersModel.STATE)) == {"PDF dibuat"}

    asked = answer_print_dialog(monkeypatch, queue)
    with qtbot.waitSignal(page.jobs_panel.sent, timeout=60000) as sent, \
            qtbot.waitSignal(page.loaded, timeout=60000):
        page.printer_button.click()  # Cetak ke printer…
    assert asked == [out]
    result = sent.args[0]
    assert (result.printed_pages, result.letters, result.printer) == (200, 200, queue)
    assert count(db, "SELECT count(*) FROM summons WHERE letter = 'dicetak'") == 200
    assert page.model.rowCount() == 0  # nothing left unprinted
    assert f"Dikirim ke printer {queue}: 200 halaman, 200 surat" in page.status.text()
    qtbot.waitUntil(lambda: page.jobs_panel.table.rowCount() == 1, timeout=10000)
    cells = [page.jobs_panel.table.item(0, c).text() for c in range(5)]
    assert cells[1:4] == [queue, "200", "200"] and cells[4] == "Diterima printer"

    [printed] = cups_server.wait_output(queue)
    reader = pypdf.PdfReader(printed)
    assert len(reader.pages) == 200
    assert "Nomor" in reader.pages[0].extract_text()  # text: vectors, not pictures
    assert printed.stat().st_size < 3 * out.stat().st_size
    # the print system says it is done: the list follows
    with qtbot.waitSignal(page.jobs_panel.loaded, timeout=20000):
        page.jobs_panel.refresh_button.click()
    assert page.jobs_panel.table.item(0, 4).text() == "Selesai"
    qtbot.wait(50)
    page.grab().save(str(output_dir / "surat_print_queue.png"))


def test_a_job_cancelled_from_the_list_unprints_its_letters(
        qtbot, db, runner, tmp_path, monkeypatch, cups_server):  # noqa: F811
    monkeypatch.setenv("CUPS_SERVER", str(cups_server.socket))
    queue = cups_server.add_queue("jendela-batal")
    page = open_page(qtbot, db, runner, 10)
    make_pdf(qtbot, page, monkeypatch, tmp_path / "surat.pdf")
    answer_print_dialog(monkeypatch, queue)
    cups_server.gate.touch()  # the job waits in the queue
    try:
        with qtbot.waitSignal(page.jobs_panel.sent, timeout=60000):
            page.printer_button.click()
        assert count(db, "SELECT count(*) FROM summons WHERE letter = 'dicetak'") == 10
        qtbot.waitUntil(lambda: page.jobs_panel.table.rowCount() == 1, timeout=10000)
        page.jobs_panel.table.selectRow(0)
        assert page.jobs_panel.cancel_button.isEnabled()
        with qtbot.waitSignal(page.jobs_panel.loaded, timeout=20000), \
                qtbot.waitSignal(page.loaded, timeout=20000):
            page.jobs_panel.cancel_button.click()
    finally:
        cups_server.gate.unlink()
    assert count(db, "SELECT count(*) FROM summons WHERE letter = 'dicetak'") == 0
    assert count(db, "SELECT count(*) FROM letter") == 10  # numbers kept for the reprint
    assert page.jobs_panel.table.item(0, 4).text() == "Dibatalkan"
    assert page.model.rowCount() == 10


def test_an_unknown_printer_is_said_and_nothing_is_printed(
        qtbot, db, runner, tmp_path, monkeypatch, cups_server):  # noqa: F811
    monkeypatch.setenv("CUPS_SERVER", str(cups_server.socket))
    page = open_page(qtbot, db, runner, 3)
    make_pdf(qtbot, page, monkeypatch, tmp_path / "surat.pdf")
    answer_print_dialog(monkeypatch, "tidak-ada")
    with qtbot.waitSignal(page.jobs_panel.failed, timeout=60000) as failed:
        page.printer_button.click()
    assert "tidak dikenal" in failed.args[0]
    assert "tidak dikenal" in page.status.text()
    assert count(db, "SELECT count(*) FROM summons WHERE letter = 'dicetak'") == 0
    qtbot.waitUntil(lambda: page.jobs_panel.table.rowCount() == 1, timeout=10000)
    assert page.jobs_panel.table.item(0, 4).text().startswith("Gagal")
