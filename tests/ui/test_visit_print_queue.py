"""The Kunjungan tab sends a visit's documents through the print queue the summoning
letters use (the test's own cupsd, a cups-pdf queue): the print dialog answered, the PDF
itself handed to the queue on the runner's writer as one job holding the documents, listed
below them like a letters job; sent again, the job is a reprint with the same numbers."""

from __future__ import annotations

import pypdf
import pytest

from ektp_desk.core.printing import PrintRequest, jobs
from ektp_desk.ui.pages.jemput_bola import JemputBolaPage, visits_tab
from ektp_desk.ui.widgets import to_qdate
from tests.cups_helpers import cups_server  # noqa: F401  (fixture)
from tests.db.test_visit_documents import TODAY, VISIT_DAY, school_visit, vdb  # noqa: F401

pytestmark = pytest.mark.slow
WAIT = 30000


def test_the_kunjungan_tab_queues_a_visits_documents(
        qtbot, vdb, runner, monkeypatch, cups_server, output_dir):  # noqa: F811
    monkeypatch.setenv("CUPS_SERVER", str(cups_server.socket))
    queue = cups_server.add_queue("jemput")
    visit = school_visit(vdb)
    asked = []

    def answer(parent, pdf, title):  # the system print dialog: this queue, every page
        asked.append(pdf)
        return PrintRequest(pdf, queue, 1, None, "A4", False, title)

    monkeypatch.setattr(visits_tab, "ask_printer", answer)
    page = JemputBolaPage(vdb, runner, today=TODAY)
    qtbot.addWidget(page)
    page.resize(1186, 700)  # the window less its navigation at 1366×768
    with qtbot.waitSignal(page.places_loaded, timeout=WAIT):
        page.show()
    tab = page.visits_tab
    with qtbot.waitSignal(page.visit_shown, timeout=WAIT,
                          check_params_cb=lambda v: v.id == visit):
        tab.calendar.setSelectedDate(to_qdate(VISIT_DAY))
    assert not tab.printer_button.isEnabled()  # nothing made yet
    with qtbot.waitSignal(page.document_made, timeout=WAIT) as made:
        tab.doc_buttons["pemberitahuan"].click()
    [notice] = made.args[0].documents
    assert tab.printer_button.isEnabled()

    with qtbot.waitSignal(tab.jobs_panel.sent, timeout=WAIT) as sent:
        tab.printer_button.click()  # Cetak ke printer…
    assert asked == [made.args[0].out]
    result = sent.args[0]
    assert (result.documents, result.reprints, result.printer) == (1, 0, queue)
    assert f"Dikirim ke printer {queue}: 1 halaman, 1 dokumen" in page.notice.text()
    job = vdb.execute_sql("SELECT j.document, l.document_id, l.reprint FROM print_job j "
                          "JOIN print_job_visit_document l ON l.job_id = j.id").fetchall()
    assert job == [("kunjungan", notice.document_id, 0)]
    qtbot.waitUntil(lambda: tab.jobs_panel.table.rowCount() == 1, timeout=WAIT)
    cells = [tab.jobs_panel.table.item(0, c).text() for c in range(5)]
    assert cells[1:4] == [queue, "1", f"1 dokumen kunjungan {visit}"]
    assert cells[4] == jobs.STATE_WORDS[jobs.ACCEPTED]
    [printed] = cups_server.wait_output(queue)
    assert notice.number in " ".join(pypdf.PdfReader(printed).pages[0].extract_text().split())

    # made and sent again: the same number, the job a reprint
    with qtbot.waitSignal(page.document_made, timeout=WAIT) as again:
        tab.doc_buttons["pemberitahuan"].click()
    assert again.args[0].documents[0].number == notice.number
    with qtbot.waitSignal(tab.jobs_panel.sent, timeout=WAIT) as resent:
        tab.printer_button.click()
    assert (resent.args[0].documents, resent.args[0].reprints) == (1, 1)
    assert "1 cetak ulang dengan nomor yang sama" in page.notice.text()
    qtbot.waitUntil(lambda: tab.jobs_panel.table.rowCount() == 2, timeout=WAIT)
    qtbot.wait(50)
    page.grab().save(str(output_dir / "jemput_bola_print_queue.png"))
