"""The Surat page driven as a clerk would: choose the unprinted letters, preview one (nothing
registered), print the batch into a PDF (the save dialog answered), see the numbers and the
pages, mark letters for reprint; and the PDF viewer and printing helpers on their own."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog

from ektp_desk.core import demo, scheduling
from ektp_desk.core.letters import batch
from ektp_desk.ui import pdf_view
from ektp_desk.ui.pages import surat
from ektp_desk.ui.pages.surat import DATE, REPRINT, SLOT, UNPRINTED, LettersModel, SuratPage
from ektp_desk.ui.widgets import to_qdate
from tests.letter_helpers import give_logo
from tests.plan_helpers import without_pupil_rule

TODAY = dt.date(2024, 1, 15)
LETTER_DATE = TODAY
FEB_5 = dt.date(2024, 2, 5)
PEOPLE = 40


@pytest.fixture
def scheduled(db):
    demo.fill(db, PEOPLE, build_index=False)
    give_logo(db)
    without_pupil_rule(db)
    plan = scheduling.plan(db, scheduling.Selection(), FEB_5, dt.date(2024, 2, 16),
                           today=TODAY, past_election=True)
    scheduling.apply_plan(db, plan, today=TODAY)
    return db


@pytest.fixture
def page(qtbot, scheduled, runner):
    surat_page = SuratPage(scheduled, runner, runner.bus, today=TODAY)
    qtbot.addWidget(surat_page)
    surat_page.resize(1280, 760)
    with qtbot.waitSignal(surat_page.loaded, timeout=10000):
        surat_page.show()
    qtbot.waitExposed(surat_page)
    qtbot.waitUntil(lambda: surat_page.date_edit.date() == to_qdate(FEB_5), timeout=5000)
    return surat_page


def count(db, sql: str) -> int:
    return db.execute_sql(sql).fetchone()[0]


def shown(page: SuratPage, column: int) -> list[str]:
    model = page.model
    return [model.index(r, column).data() for r in range(model.rowCount())]


def choose(qtbot, page: SuratPage, kind: str) -> None:
    if kind == SLOT:  # the day's sessions are read first, then the chosen one's letters
        with qtbot.waitSignal(page.slots_loaded, timeout=10000):
            page.set_kind(kind)
    else:
        page.set_kind(kind)
    with qtbot.waitSignal(page.loaded, timeout=10000):
        pass


def focus_viewer(qtbot, page: SuratPage) -> None:
    """Give the viewer the keyboard, and wait until it has it. On a busy machine the print
    job's progress dialog took the active window (its parent here is the runner's, not the
    page), and a shortcut such as PgDown fires only in the active window."""
    page.activateWindow()
    page.viewer.scroll.setFocus()
    qtbot.waitUntil(page.viewer.scroll.hasFocus, timeout=5000)


def save_dialog_answers(monkeypatch, path: Path) -> list[str]:
    asked: list[str] = []

    def answer(parent, caption, directory, filter_):
        asked.append(directory)
        return str(path), filter_

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    return asked


def test_the_unprinted_batch_lists_every_summons_not_yet_printed(qtbot, page, qtmodeltester):
    assert page.kind == UNPRINTED
    assert page.model.rowCount() == PEOPLE
    assert set(shown(page, LettersModel.STATE)) == {"Belum dicetak"}
    assert set(shown(page, LettersModel.NUMBER)) == {"—"}
    # each with the session it calls them to, in words
    assert all(re.fullmatch(r"\w+, \d{1,2} Februari 2024 \d\d\.\d\d–\d\d\.\d\d", when)
               for when in shown(page, LettersModel.SESSION)), shown(page, LettersModel.SESSION)
    # in delivery order: kelurahan by kelurahan, then RW and RT
    kelurahan = shown(page, LettersModel.KELURAHAN)
    assert all(kelurahan) and kelurahan == sorted(kelurahan, key=kelurahan.index)
    assert all(re.fullmatch(r"\d{3}/\d{3}", v) for v in shown(page, LettersModel.RT_RW))
    assert "40 surat yang belum dicetak" in page.summary.text()
    assert not page.preview_button.isEnabled()
    assert page.print_button.isEnabled()
    assert not page.printer_button.isEnabled() and not page.open_button.isEnabled()
    qtmodeltester.check(page.model)


def test_preview_shows_one_letter_and_registers_nothing(qtbot, page, scheduled, output_dir):
    page.table.setFocus()
    page.table.selectRow(0)
    name = page.model.index(0, LettersModel.NAME).data()
    with qtbot.waitSignal(page.previewed, timeout=10000):
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.viewer.page_count == 1
    assert page.viewer.page_label.text() == "Halaman 1 dari 1"
    assert not page.viewer.image_label.pixmap().isNull()
    assert name in page.viewer_title.text() and "Pratinjau" in page.viewer_title.text()
    # a preview is not a letter: no number, nothing marked, no printing from it
    assert count(scheduled, "SELECT count(*) FROM letter") == 0
    assert count(scheduled, "SELECT count(*) FROM summons WHERE letter != 'belum_dicetak'") == 0
    assert not page.printer_button.isEnabled()
    qtbot.wait(50)  # let the layout settle, as it has when a clerk looks
    page.grab().save(str(output_dir / "surat_preview.png"))


def test_printing_the_batch_numbers_the_letters_and_shows_the_pdf(
        qtbot, page, scheduled, tmp_path, monkeypatch, output_dir, qtmodeltester):
    out = tmp_path / "cetak" / "surat.pdf"
    asked = save_dialog_answers(monkeypatch, out)
    page.receipts_check.setChecked(True)
    with qtbot.waitSignal(page.printed, timeout=60000) as printed, \
            qtbot.waitSignal(page.loaded, timeout=60000):
        qtbot.keyClick(page, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    # the dialog proposed a file in the data folder, named after the batch
    assert asked and "surat-belum-dicetak-2024-01-15.pdf" in asked[0]
    result = printed.args[0]
    assert (result.letters, result.new_numbers, result.out) == (PEOPLE, PEOPLE, out)
    assert len(pypdf.PdfReader(out).pages) == PEOPLE
    receipts = tmp_path / "cetak" / "surat-tanda-terima.pdf"
    assert receipts.exists() and result.receipts == receipts
    assert count(scheduled, "SELECT count(*) FROM letter") == PEOPLE
    # the viewer shows the batch, page by page
    assert page.viewer.source == out
    assert page.viewer.page_label.text() == "Halaman 1 dari 40"
    focus_viewer(qtbot, page)
    with qtbot.waitSignal(page.viewer.page_shown, timeout=5000,
                          check_params_cb=lambda index: index == 1):
        qtbot.keyClick(page.viewer.scroll, Qt.Key.Key_PageDown)
    assert page.viewer.page_label.text() == "Halaman 2 dari 40"
    with qtbot.waitSignal(page.viewer.page_shown, timeout=5000,
                          check_params_cb=lambda index: index == 39):
        qtbot.keyClick(page.viewer.scroll, Qt.Key.Key_End)
    assert page.viewer.current_page == 39
    assert page.printer_button.isEnabled() and page.open_button.isEnabled()
    assert page.receipts_button.isVisible()
    assert "PDF 40 surat dibuat" in page.status.text()
    qtbot.wait(50)  # let the layout settle, as it has when a clerk looks
    page.grab().save(str(output_dir / "surat_printed.png"))
    # a PDF is not a printed letter: numbered, but unprinted until a printer accepts it
    assert page.model.rowCount() == PEOPLE
    assert count(scheduled, "SELECT count(*) FROM summons WHERE letter = 'dicetak'") == 0
    choose(qtbot, page, DATE)
    assert page.model.rowCount() > 0
    assert set(shown(page, LettersModel.STATE)) == {"PDF dibuat"}
    numbers = shown(page, LettersModel.NUMBER)
    assert all(n.endswith("/Dindukcapil/I/2024") for n in numbers)
    qtmodeltester.check(page.model)
    qtbot.wait(50)  # let the layout settle, as it has when a clerk looks
    page.grab().save(str(output_dir / "surat_after_print.png"))


def test_marking_printed_letters_for_reprint_changes_their_state(
        qtbot, page, scheduled, tmp_path, monkeypatch):
    batch.print_batch(scheduled, batch.Selection(unprinted=True), out=tmp_path / "a.pdf",
                      letter_date=LETTER_DATE, workers=1)
    page.runner.bus.announce(batch.BatchResult(0, 0, None).changes)
    choose(qtbot, page, SLOT)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=5000)
    assert set(shown(page, LettersModel.STATE)) == {"Dicetak"}
    page.table.selectRow(0)
    page.table.selectionModel().select(
        page.model.index(1, 0), page.table.selectionModel().SelectionFlag.Select
        | page.table.selectionModel().SelectionFlag.Rows)
    chosen = page.selected_summons()
    assert len(chosen) == 2 and page.reprint_button.isEnabled()
    asked: list[str] = []
    monkeypatch.setattr(surat, "confirm", lambda *a, **k: asked.append(a[2]) or True)
    with qtbot.waitSignal(page.marked, timeout=10000), \
            qtbot.waitSignal(page.loaded, timeout=10000):
        qtbot.keyClick(page, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["Tandai 2 surat untuk dicetak ulang?"]
    states = shown(page, LettersModel.STATE)
    assert states[:2] == ["Cetak ulang", "Cetak ulang"] and set(states[2:]) == {"Dicetak"}
    assert "2 surat ditandai" in page.status.text()
    # the reprint batch holds exactly those, with their numbers kept
    choose(qtbot, page, REPRINT)
    assert sorted(r.summons_id for r in page.model.rows()) == sorted(chosen)
    assert all(n != "—" for n in shown(page, LettersModel.NUMBER))


def test_a_print_run_that_cannot_write_says_so_and_numbers_nothing(
        qtbot, page, scheduled, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    save_dialog_answers(monkeypatch, blocker / "surat.pdf")
    with qtbot.waitSignal(page.runner.finished, timeout=30000):
        page.print_button.click()
    assert "Tidak dapat menulis" in page.status.text()
    assert "color" in page.status.styleSheet()
    assert count(scheduled, "SELECT count(*) FROM letter") == 0
    assert page.viewer.page_count == 0


def test_a_slot_batch_offers_the_days_sessions(qtbot, page, scheduled):
    choose(qtbot, page, SLOT)
    slots = scheduling.list_slots(scheduled, FEB_5, FEB_5)
    assert page.slot_combo.count() == len(slots)
    assert page.only_unprinted.isVisible() and page.date_edit.isVisible()
    with qtbot.waitSignal(page.loaded, timeout=10000):
        assert page.select_slot(slots[-1].id)
    assert page.model.rowCount() == slots[-1].assigned
    with qtbot.waitSignal(page.slots_loaded, timeout=10000):
        page.date_edit.setDate(to_qdate(dt.date(2024, 2, 10)))  # a Sabtu: no session
    assert not page.slot_combo.isEnabled()
    assert page.model.rowCount() == 0 and "Pilih sesinya" in page.summary.text()


# --- the viewer and the printer ------------------------------------------------------------------

def test_the_viewer_pages_and_zooms(qtbot, scheduled, tmp_path):
    out = tmp_path / "s.pdf"
    batch.print_batch(scheduled, batch.Selection(unprinted=True), out=out,
                      letter_date=LETTER_DATE, workers=1)
    view = pdf_view.PdfView()
    qtbot.addWidget(view)
    view.resize(500, 700)
    view.show()
    qtbot.waitExposed(view)
    view.load(out)
    assert view.page_count == PEOPLE and view.page_label.text() == "Halaman 1 dari 40"
    width = view.image_label.pixmap().width()
    assert width <= view.scroll.viewport().width()  # fits the width
    view.set_zoom(200)
    assert view.image_label.pixmap().width() > width
    view.next_page()
    view.previous_page()
    view.previous_page()
    assert view.current_page == 0 and not view.prev_button.isEnabled()
    view.clear("kosong")
    assert view.page_count == 0 and view.image_label.text() == "kosong"


def test_printing_paints_every_page_on_the_printer(qtbot, scheduled, tmp_path):
    out = tmp_path / "s.pdf"
    batch.print_batch(scheduled, batch.Selection(summons_ids=(1, 2, 3)), out=out,
                      letter_date=LETTER_DATE, workers=1)
    printed = tmp_path / "printer.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(printed))
    document = pdf_view.open_document(out)
    try:
        pdf_view.prepare_printer(printer, document, "surat")
        assert printer.pageLayout().pageSize().id() == QPageSize.PageSizeId.A4
        assert pdf_view.paint_pages(document, printer, [0, 1, 2]) == 3
    finally:
        document.close()
    assert len(pypdf.PdfReader(printed).pages) == 3


def test_an_f4_page_gets_f4_paper():
    size = pdf_view.page_size_for(215 / 25.4 * 72, 330 / 25.4 * 72)
    assert size.name() == "F4"
    millimetres = size.size(QPageSize.Unit.Millimeter)
    assert (round(millimetres.width()), round(millimetres.height())) == (215, 330)


def dump(db) -> str:
    return "\n".join(db.connection().iterdump())


@pytest.mark.parametrize("target", ["link", "backups"])
def test_saving_the_letters_over_the_database_is_refused(qtbot, page, scheduled, monkeypatch,
                                                         tmp_path, target):
    """The page adds .pdf to a name without it, so the database is reached through a link
    named .pdf, or the backups folder beside it."""
    database = Path(scheduled.database)
    if target == "link":
        chosen = tmp_path / "surat.pdf"
        chosen.symlink_to(database)
    else:
        chosen = database.parent / "backups" / "surat.pdf"
    before, file_bytes = dump(scheduled), database.read_bytes()
    page.receipts_check.setChecked(True)
    save_dialog_answers(monkeypatch, chosen)
    page.print_button.click()  # refused at once: no job is started
    assert "basis data" in page.status.text() and str(chosen) in page.status.text()
    assert "color" in page.status.styleSheet()
    assert not page.runner.busy
    assert dump(scheduled) == before and database.read_bytes() == file_bytes
    assert count(scheduled, "SELECT count(*) FROM letter") == 0
    assert not (database.parent / "backups").exists()


def test_after_polling_day_the_page_warns_and_asks_before_making_letters(
        qtbot, scheduled, runner, tmp_path, monkeypatch):
    late = SuratPage(scheduled, runner, runner.bus, today=dt.date(2024, 3, 1))
    qtbot.addWidget(late)
    with qtbot.waitSignal(late.loaded, timeout=10000):
        late.show()
    assert late.kind == UNPRINTED
    qtbot.waitUntil(lambda: late.model.rowCount() > 0, timeout=10000)
    questions: list[str] = []
    monkeypatch.setattr(surat, "confirm", lambda _p, _t, text, **_k: questions.append(text)
                        or False)
    asked = save_dialog_answers(monkeypatch, tmp_path / "surat.pdf")
    late.print_letters()
    assert len(questions) == 1 and "sudah lewat" in questions[0]
    assert "Pemilihan Umum 2024" in questions[0]
    assert not asked and not (tmp_path / "surat.pdf").exists()  # answered no: nothing made
    assert "sudah lewat" in late.status.text()
    assert scheduled.execute_sql("SELECT count(*) FROM letter").fetchone()[0] == 0
