"""The office profile and letter texts page driven as a clerk would: the form saves what is
typed, an unknown placeholder is refused inline with the core's message and blocks Simpan,
the live preview follows the texts, the logo chooser stores the image; nothing previewed is
registered."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QFileDialog, QListWidget

from ektp_desk.core import demo, scheduling
from ektp_desk.core.errors import UserError
from ektp_desk.core.letters import profile, templates
from ektp_desk.ui.pages.kantor import ProfilKantorPage
from tests.plan_helpers import without_pupil_rule

TODAY = dt.date(2024, 1, 15)
FEB_5 = dt.date(2024, 2, 5)


@pytest.fixture
def scheduled(db):
    demo.fill(db, 20, build_index=False)
    without_pupil_rule(db)
    plan = scheduling.plan(db, scheduling.Selection(), FEB_5, dt.date(2024, 2, 16),
                           today=TODAY, past_election=True)
    scheduling.apply_plan(db, plan, today=TODAY)
    return db


@pytest.fixture
def page(qtbot, scheduled, runner):
    kantor = ProfilKantorPage(scheduled, runner, runner.bus, today=TODAY)
    qtbot.addWidget(kantor)
    kantor.resize(1280, 800)
    with qtbot.waitSignal(kantor.preview_rendered, timeout=10000):
        kantor.show()
    qtbot.waitExposed(kantor)
    return kantor


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


def type_into(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)


def count(db, table: str) -> int:
    return db.execute_sql(f"SELECT count(*) FROM {table}").fetchone()[0]


def grab(qtbot, page, path: Path) -> None:
    qtbot.wait(50)  # let the layout settle, as it has when a clerk looks
    page.grab().save(str(path))


def test_the_form_shows_the_stored_profile_and_a_preview(qtbot, page, scheduled, output_dir):
    stored = profile.load(scheduled)
    assert page.field_editors["government"].text() == stored.government
    assert page.field_editors["paper"].currentData() == "A4"
    assert not page.field_editors["print_full_nik"].isChecked()
    assert set(page.field_editors) == {f.key for f in profile.FIELDS}
    assert page.person_combo.count() > 0 and page.person_combo.isEnabled()
    assert page.viewer.page_label.text() == "Halaman 1 dari 1"
    assert stored.government in pdf_text(page.last_preview)
    assert page.save_button.isEnabled()
    assert count(scheduled, "letter") == 0  # a preview registers nothing
    grab(qtbot, page, output_dir / "profil_kantor.png")


def test_the_profile_form_saves_what_is_typed(qtbot, page, scheduled):
    editors = page.field_editors
    type_into(qtbot, editors["signer_name"], "Dra. SITI NUR'AINI, M.Si.")
    type_into(qtbot, editors["signer_nip"], "19700101 199003 2 005")
    type_into(qtbot, editors["telephone"], "(0285) 421000")
    editors["paper"].setCurrentIndex(editors["paper"].findData("F4"))
    editors["print_full_nik"].setChecked(True)
    assert page.save_button.isEnabled()
    with qtbot.waitSignal(page.saved, timeout=10000), \
            qtbot.waitSignal(page.runner.bus.changed, timeout=10000):
        qtbot.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    stored = profile.load(scheduled)
    assert (stored.signer_name, stored.signer_nip, stored.telephone, stored.paper,
            stored.print_full_nik) == ("Dra. SITI NUR'AINI, M.Si.", "19700101 199003 2 005",
                                       "(0285) 421000", "F4", True)
    qtbot.waitUntil(lambda: "tersimpan" in page.status.text(), timeout=5000)


def test_a_bad_nip_is_refused_inline_and_blocks_saving(qtbot, page, scheduled):
    type_into(qtbot, page.field_editors["signer_nip"], "12345")
    assert not page.save_button.isEnabled()
    assert page.profile_error.isVisible()
    assert "NIP harus 18 angka" in page.profile_error.text()
    assert "⚠" in page.tabs.tabText(0)
    type_into(qtbot, page.field_editors["signer_nip"], "197001011990032005")
    assert page.save_button.isEnabled() and not page.profile_error.isVisible()


def test_an_unknown_placeholder_is_refused_with_the_core_message(qtbot, page, scheduled,
                                                                 output_dir):
    page.tabs.setCurrentIndex(1)
    editor = page.part_editors[(1, "pembuka")]
    editor.edit.setFocus()
    editor.edit.moveCursor(editor.edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor.edit, " Hubungi {foo}.")
    assert not page.save_button.isEnabled()
    assert editor.error.isVisible()
    with pytest.raises(UserError) as core:
        templates.validate_text("pembuka", "x {foo}")
    assert editor.error.text() == str(core.value.message)
    assert "{foo}" in editor.error.text() and "tidak dikenal" in editor.error.text()
    assert "⚠" in page.tabs.tabText(1)
    grab(qtbot, page, output_dir / "profil_kantor_placeholder_error.png")
    # saving is refused even by the shortcut, and nothing is stored
    qtbot.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not page.runner.busy_writing  # no save job started (it would register at once)
    assert count(scheduled, "letter_template") == 0
    # fixed: the message goes, Simpan comes back
    text = editor.text().replace("{foo}", "{kelurahan}")
    editor.edit.setPlainText(text)
    assert not editor.error.isVisible() and page.save_button.isEnabled()


def test_the_live_preview_follows_a_text_change_and_saving_keeps_it(qtbot, page, scheduled,
                                                                    output_dir):
    page.tabs.setCurrentIndex(1)
    editor = page.part_editors[(1, "hal")]
    with qtbot.waitSignal(page.preview_rendered, timeout=5000):
        type_into(qtbot, editor.edit, "Undangan Perekaman {kelurahan}")
    text = pdf_text(page.last_preview)
    assert "Undangan Perekaman" in text
    assert "Panggilan Perekaman KTP Elektronik" not in text
    assert count(scheduled, "letter") == 0
    grab(qtbot, page, output_dir / "profil_kantor_texts.png")
    # the second-call tab previews the second-call wording
    with qtbot.waitSignal(page.preview_rendered, timeout=5000):
        page.tabs.setCurrentIndex(2)
    assert "Undangan Perekaman" not in pdf_text(page.last_preview)
    with qtbot.waitSignal(page.saved, timeout=10000):
        page.save_button.click()
    assert templates.load_texts(scheduled).parts[1]["hal"] == "Undangan Perekaman {kelurahan}"
    assert (1, "hal") in templates.load_texts(scheduled).custom
    # back to the default text: saving removes the office's own wording
    qtbot.waitUntil(lambda: page.part_editors[(1, "hal")].text().startswith("Undangan"),
                    timeout=5000)
    page.restore_defaults(1)
    with qtbot.waitSignal(page.saved, timeout=10000):
        page.save_button.click()
    assert count(scheduled, "letter_template") == 0


def test_a_placeholder_is_inserted_from_the_list(qtbot, page):
    page.tabs.setCurrentIndex(1)
    editor = page.part_editors[(1, "penutup")]
    editor.edit.setFocus()
    editor.edit.moveCursor(editor.edit.textCursor().MoveOperation.End)
    listing = page.findChild(QListWidget, "placeholders_1")
    item = listing.item(0)
    listing.itemActivated.emit(item)
    assert editor.text().endswith("{nama}")
    assert page.save_button.isEnabled()


def test_choosing_a_logo_shows_it_and_saves_its_bytes(qtbot, page, scheduled, tmp_path,
                                                      monkeypatch):
    logo = tmp_path / "logo.png"
    image = QImage(120, 140, QImage.Format.Format_RGB32)
    image.fill(QColor("#1a5fb4"))
    assert image.save(str(logo))
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *a, **k: (str(logo), "Gambar (*.png)"))
    with qtbot.waitSignal(page.preview_rendered, timeout=5000):
        page.logo_choose.click()
    assert not page.logo_thumb.pixmap().isNull()
    assert page.logo_name.text() == "logo.png"
    with qtbot.waitSignal(page.saved, timeout=10000):
        page.save_button.click()
    stored = profile.load(scheduled)
    assert stored.logo == logo.read_bytes()
    # a logo file that is gone is refused inline, with the core's words
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *a, **k: (str(tmp_path / "hilang.png"), ""))
    qtbot.waitUntil(lambda: page.logo_remove.isEnabled(), timeout=5000)
    page.logo_choose.click()
    assert "tidak ditemukan" in page.profile_error.text()
    assert not page.save_button.isEnabled()
    page.remove_logo()
    assert page.save_button.isEnabled()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_choosing_a_fifo_as_logo_is_refused_without_hanging(qtbot, page, tmp_path,
                                                            monkeypatch):
    fifo = tmp_path / "logo.png"
    os.mkfifo(fifo)  # opening it for reading would block until someone writes
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(fifo), ""))
    page.logo_choose.click()
    assert "bukan berkas gambar biasa" in page.profile_error.text()
    assert page.logo_thumb.pixmap().isNull()
    assert not page.save_button.isEnabled()


def test_the_filing_code_is_chosen_and_signature_and_stamp_images_are_stored(
        qtbot, page, scheduled, tmp_path, monkeypatch):
    pattern = page.field_editors["number_pattern"]
    assert page.classification.currentData() == "400.12.2.1"
    page.classification.setCurrentIndex(page.classification.findData("471.13"))
    page.classification.activated.emit(page.classification.currentIndex())
    assert pattern.text() == "471.13/{nomor}/Dindukcapil/{bulan_romawi}/{tahun}"
    type_into(qtbot, pattern, "{nomor}/DKP/{tahun}")  # an own pattern: the choice says so
    assert page.classification.currentData() is None
    type_into(qtbot, pattern, "471.13/{nomor}/Dindukcapil/{bulan_romawi}/{tahun}")
    assert page.classification.currentData() == "471.13"
    signature = tmp_path / "ttd.png"
    image = QImage(300, 120, QImage.Format.Format_ARGB32)
    image.fill(QColor("#203080"))
    assert image.save(str(signature))
    not_image = tmp_path / "cap.png"
    not_image.write_text("bukan gambar")
    answers = iter([str(signature), str(not_image)])
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *a, **k: (next(answers), "Gambar (*.png)"))
    page.findChild(type(page.save_button), "choose_signature").click()
    assert page.image_labels["signature"].text() == "ttd.png"
    page.findChild(type(page.save_button), "choose_stamp").click()
    assert "bukan gambar" in page.profile_error.text() and not page.save_button.isEnabled()
    page.findChild(type(page.save_button), "remove_stamp").click()
    assert page.save_button.isEnabled()
    with qtbot.waitSignal(page.saved, timeout=10000):
        page.save_button.click()
    stored = profile.load(scheduled)
    assert stored.signature == signature.read_bytes() and stored.stamp is None
    assert stored.number_pattern.startswith("471.13/")
    qtbot.waitUntil(lambda: "Tersimpan" in page.image_labels["signature"].text(), timeout=5000)


def test_the_preview_follows_the_first_people_scheduled(qtbot, db, runner):
    """Opened before anyone is called, the preview waits; once people are scheduled it
    shows the first one's letter without the clerk picking them."""
    demo.fill(db, 20, build_index=False)
    kantor = ProfilKantorPage(db, runner, runner.bus, today=TODAY)
    qtbot.addWidget(kantor)
    kantor.resize(1280, 800)
    with qtbot.waitSignal(kantor.loaded, timeout=10000):
        kantor.show()
    qtbot.waitUntil(lambda: "setelah ada warga" in kantor.preview_note.text(), timeout=10000)
    assert kantor.person_combo.currentData() is None

    plan = scheduling.plan(db, scheduling.Selection(), FEB_5, dt.date(2024, 2, 16),
                           today=TODAY, past_election=True)
    with qtbot.waitSignal(kantor.preview_rendered, timeout=20000):
        runner.run_write(scheduling.apply_plan, plan, today=TODAY, source="jadwal")
    assert kantor.person_combo.currentData() is not None
