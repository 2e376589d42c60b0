"""The Sinkronisasi page as a clerk uses it: export to a folder (told to unplug only after
the read-back check), import at the other office with the summary shown, the receipt back
at the sender, a bad file refused in words. QFileDialog and QInputDialog are patched."""

from __future__ import annotations

import json
import re

import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog

from ektp_desk.ui.changes import ChangeBus
from ektp_desk.ui.pages.sinkronisasi import SinkronisasiPage
from ektp_desk.ui.runner import JobRunner
from tests.sync_helpers import PASS, build

WAIT = 15_000


@pytest.fixture
def offices(tmp_path):
    made = build(tmp_path / "offices", people=20, kecamatan=("337501",))
    yield made
    for item in made.values():
        item.db.close()


def make_page(qtbot, db):
    runner = JobRunner(db, ChangeBus())
    page = SinkronisasiPage(db, runner, runner.bus)
    qtbot.addWidget(page)
    page.show()
    settle(qtbot, runner)  # its first reading of the office and the figures
    return page, runner


def settle(qtbot, runner) -> None:
    """Until the jobs, and the page's refresh that follows them, are done."""
    qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT)


@pytest.fixture
def dialogs(monkeypatch):
    """What the clerk would pick and type in the dialogs."""
    answers = {"folder": "", "open": "", "passphrase": PASS}
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        lambda *a, **k: answers["folder"])
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *a, **k: (answers["open"], ""))
    monkeypatch.setattr(QInputDialog, "getText",
                        lambda *a, **k: (answers["passphrase"], True))
    return answers


def test_export_to_a_folder_then_import_with_the_summary(qtbot, offices, dialogs, tmp_path,
                                                         output_dir):
    city, kec = offices["kota"], offices["337501"]
    page, runner = make_page(qtbot, city.db)
    try:
        assert city.office_id in page.identity_label.text()
        assert page.table.rowCount() == 1 and page.table.item(0, 0).text() == kec.office_id
        # pending for the kecamatan office: its own kecamatan's people
        mine = str(city.db.execute_sql("SELECT count(*) FROM person WHERE kecamatan_code = "
                                       "'337501'").fetchone()[0])
        assert page.table.item(0, 5).text() == mine
        stick = tmp_path / "flashdisk"
        stick.mkdir()
        dialogs["folder"] = str(stick)
        page.choose_folder()
        with qtbot.waitSignal(runner.finished, timeout=WAIT):
            page.export_button.click()
        settle(qtbot, runner)
        assert "aman dicabut" in page.export_label.text()
        files = list(stick.glob("*.ektpsync"))
        assert len(files) == 1 and f"Berkas: {files[0].name}" in page.export_label.text()
        assert f"Folder: {stick}" in page.export_label.text()
        assert page.table.item(0, 3).text() == mine  # sent
        qtbot.wait(50)  # the layout takes in the new text
        page.grab().save(str(output_dir / "sinkronisasi_export.png"))
    finally:
        runner.shutdown()

    kpage, krunner = make_page(qtbot, kec.db)
    try:
        dialogs["open"] = str(files[0])
        with qtbot.waitSignal(krunner.finished, timeout=WAIT):
            kpage.import_button.click()
        settle(qtbot, krunner)
        text = kpage.import_label.text()
        assert f"baru {mine}" in text and "dilewati 0" in text
        assert "konflik untuk ditinjau 0" in text
        receipt = next(stick.glob("*.receipt.ektpsync"))
        assert str(receipt) in text
        # when the last file came, as a clerk reads a moment
        assert re.fullmatch(r"\d\d-\d\d-\d{4} \d\d\.\d\d", kpage.table.item(0, 6).text())
        # the same file again: nothing new, everything skipped
        with qtbot.waitSignal(krunner.finished, timeout=WAIT):
            kpage.import_button.click()
        settle(qtbot, krunner)
        assert "baru 0" in kpage.import_label.text()
        assert f"dilewati {mine}" in kpage.import_label.text()
        qtbot.wait(50)  # the layout takes in the new text
        kpage.grab().save(str(output_dir / "sinkronisasi_import.png"))
    finally:
        krunner.shutdown()

    page, runner = make_page(qtbot, city.db)
    try:
        dialogs["open"] = str(receipt)
        with qtbot.waitSignal(runner.finished, timeout=WAIT):
            page.import_button.click()
        settle(qtbot, runner)
        assert f"{mine} baris dikonfirmasi" in page.import_label.text()
        assert page.table.item(0, 4).text() == mine and page.table.item(0, 5).text() == "0"
    finally:
        runner.shutdown()


def test_a_bad_file_or_a_wrong_passphrase_is_refused_in_words(qtbot, offices, dialogs,
                                                               tmp_path):
    city = offices["kota"]
    page, runner = make_page(qtbot, city.db)
    try:
        bogus = tmp_path / "surat.ektpsync"
        bogus.write_bytes(b"bukan berkas")
        dialogs["open"] = str(bogus)
        with qtbot.waitSignal(runner.finished, timeout=WAIT):
            page.import_button.click()
        settle(qtbot, runner)
        assert "bukan berkas sinkronisasi" in page.import_label.text()
        dialogs["folder"] = str(tmp_path)
        page.choose_folder()
        dialogs["passphrase"] = "sandi-yang-salah"
        with qtbot.waitSignal(runner.finished, timeout=WAIT):
            page.export_button.click()
        settle(qtbot, runner)
        assert "salah" in page.export_label.text()
        assert not list(tmp_path.glob("*.ektpsync")) or all(
            p.name == "surat.ektpsync" for p in tmp_path.glob("*.ektpsync"))
    finally:
        runner.shutdown()


def test_a_new_office_creates_its_identity_in_one_dialog(qtbot, tmp_path, monkeypatch,
                                                         output_dir):
    from ektp_desk.core import db as core_db
    from ektp_desk.core.sync import office

    db = core_db.open_database(tmp_path / "baru.sqlite", bind=False)
    monkeypatch.setattr(office, "SCRYPT_N", 2**10)
    page, runner = make_page(qtbot, db)
    try:
        assert "Belum ada identitas" in page.identity_label.text()
        assert page.init_button.isVisible() and not page.export_button.isEnabled()
        dialog = page.create_identity()
        qtbot.waitExposed(dialog)
        # the kind in words, the region from the region table, a name that follows it
        assert dialog.kecamatan_radio.isChecked()
        assert dialog.region.count() == 4
        dialog.region.setCurrentIndex(dialog.region.findData("337503"))
        assert dialog.region.currentText() == "33.75.03 Kecamatan Pekalongan Utara"
        assert dialog.name.text() == "Kecamatan Pekalongan Utara"
        dialog.kota_radio.setChecked(True)
        assert [dialog.region.itemData(i) for i in range(dialog.region.count())] == ["3375"]
        assert dialog.name.text() == "Dindukcapil Kota Pekalongan"
        dialog.kecamatan_radio.setChecked(True)
        dialog.region.setCurrentIndex(dialog.region.findData("337503"))
        # the passphrase: too short, weak, then typed twice but different, then the same
        qtbot.keyClicks(dialog.passphrase, "abc")
        assert dialog.strength_kind == "error" and not dialog.create_button.isEnabled()
        assert "minimal 8" in dialog.create_button.toolTip()
        dialog.passphrase.setText("sandisandi")
        assert dialog.strength_kind == "warn"
        dialog.passphrase.setText(PASS + "-Barat-7")
        assert dialog.strength_kind == "ok"
        qtbot.keyClicks(dialog.again, PASS)
        assert not dialog.create_button.isEnabled()
        assert dialog.create_button.toolTip() == "Kedua kata sandi belum sama."
        assert "Belum sama" in dialog.match_hint.text()
        dialog.again.setText(PASS + "-Barat-7")
        assert dialog.create_button.isEnabled() and dialog.match_hint.text() == "Sama."
        dialog.grab().save(str(output_dir / "office_identity_form.png"))
        with qtbot.waitSignal(dialog.created, timeout=WAIT):
            dialog.create_button.click()
        made = office.identity(db)
        assert made is not None and made.office_id.startswith("337503-")
        assert made.kind == "kecamatan" and made.name == "Kecamatan Pekalongan Utara"
        # the fingerprint at the end, with how to read it out
        assert dialog.fingerprint.text() == made.fingerprint
        first = made.fingerprint.split("-")[0]
        assert f"1) {' '.join(first)}" in dialog.guide.text()
        assert "telepon" in dialog.guide.text()
        dialog.grab().save(str(output_dir / "office_identity_fingerprint.png"))
        dialog.done_button.click()
        settle(qtbot, runner)
        qtbot.waitUntil(lambda: made.office_id in page.identity_label.text(), timeout=WAIT)
        assert made.fingerprint in page.identity_label.text()
        assert not page.init_button.isVisible() and page.card_button.isEnabled()
        office.unlock(db, PASS + "-Barat-7")  # the keys open with the passphrase typed
    finally:
        runner.shutdown()
        db.close()


def test_the_no_recipient_message_goes_once_an_office_is_trusted(qtbot, tmp_path, offices,
                                                                 monkeypatch, dialogs):
    from ektp_desk.core import db as core_db
    from ektp_desk.core.sync import office

    db = core_db.open_database(tmp_path / "baru.sqlite", bind=False)
    monkeypatch.setattr(office, "SCRYPT_N", 2**10)
    office.init_office(db, kind="kecamatan", code="337502", name="Timur", passphrase=PASS)
    page, runner = make_page(qtbot, db)
    try:
        page.export_button.click()
        assert page.export_label.text() == "Belum ada kantor tujuan yang dipercaya."
        card = office.export_card(offices["kota"].db, tmp_path / "kota.card")
        with qtbot.waitSignal(page.refreshed, timeout=WAIT):
            runner.run_write(office.trust_card, card)
        assert page.recipient.count() == 1
        assert page.export_label.text() == ""
    finally:
        runner.shutdown()
        db.close()


def test_the_two_counts_of_what_is_not_across_say_what_they_count(qtbot, offices, dialogs,
                                                                  tmp_path):
    city = offices["kota"]
    page, runner = make_page(qtbot, city.db)
    try:
        header = page.table.horizontalHeaderItem(5)
        assert header.text() == "Akan dikirim" and "tanda terima" in header.toolTip()
        before = page.review_label.text()
        assert before.startswith("Perubahan yang belum pernah diekspor: ")
        pending = int(page.table.item(0, 5).text().replace(".", ""))
        assert pending > 0
        stick = tmp_path / "flashdisk"
        stick.mkdir()
        dialogs["folder"] = str(stick)
        page.choose_folder()
        with qtbot.waitSignal(runner.finished, timeout=WAIT):
            page.export_button.click()
        settle(qtbot, runner)
        # exported but not yet confirmed: nothing new to export, the same rows still to go
        qtbot.waitUntil(lambda: "diekspor: 0 " in page.review_label.text(), timeout=WAIT)
        assert int(page.table.item(0, 5).text().replace(".", "")) == pending
    finally:
        runner.shutdown()


def test_conflicts_are_reviewed_from_the_page(qtbot, tmp_path, output_dir):
    from tests.sync_helpers import person_conflict

    made = build(tmp_path / "offices", people=8, kecamatan=("337501", "337502"))
    city, k1, k2 = made["kota"], made["337501"], made["337502"]
    nik = person_conflict(made, tmp_path, "address", "JL. PEMILIK", "JL. TAMU")
    page, runner = make_page(qtbot, city.db)
    try:
        assert "konflik untuk ditinjau: 1" in page.review_label.text()
        assert page.review_button.isEnabled()
        dialog = page.open_conflicts()
        qtbot.waitExposed(dialog)
        assert dialog.table.rowCount() == 1
        assert dialog.table.item(0, 1).text() == f"{nik[:4]} {nik[4:6]}•• •••• ••••"
        assert dialog.table.item(0, 4).text() == "Alamat: JL. TAMU → JL. PEMILIK"
        assert dialog.table.item(0, 5).text() == "Kecamatan 337501"
        assert k1.office_id in dialog.table.item(0, 5).toolTip()
        assert dialog.table.item(0, 6).text() == "Kecamatan 337502"
        assert k2.office_id in dialog.table.item(0, 6).toolTip()
        assert not dialog.mark_button.isEnabled()
        dialog.table.selectRow(0)
        assert dialog.mark_button.isEnabled()
        dialog.grab().save(str(output_dir / "sinkronisasi_konflik.png"))
        with qtbot.waitSignal(runner.finished, timeout=WAIT):
            dialog.mark_button.click()
        settle(qtbot, runner)
        assert dialog.table.rowCount() == 0
        assert dialog.status.text() == "Tidak ada konflik terbuka."
        dialog.show_reviewed.setChecked(True)
        assert dialog.table.rowCount() == 1 and dialog.table.item(0, 7).text()
        dialog.reject()
        assert "konflik untuk ditinjau: 0" in page.review_label.text()
        assert not page.review_button.isEnabled()
    finally:
        runner.shutdown()
        for item in made.values():
            item.db.close()


def test_keys_are_rotated_and_a_lost_office_retired_from_the_page(qtbot, offices, dialogs,
                                                                   monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from ektp_desk.core.sync import office

    city, kec = offices["kota"], offices["337501"]
    page, runner = make_page(qtbot, city.db)
    try:
        before = office.identity(city.db).fingerprint
        monkeypatch.setattr(office, "SCRYPT_N", 2**10)
        with qtbot.waitSignal(runner.finished, timeout=WAIT):
            page.rotate_button.click()
        settle(qtbot, runner)
        after = office.identity(city.db).fingerprint
        assert after != before and after in page.identity_label.text()
        office.unlock(city.db, PASS)

        assert not page.retire_button.isEnabled()  # nothing selected
        page.table.selectRow(0)
        assert page.retire_button.isEnabled()
        monkeypatch.setattr(QMessageBox, "question",
                            lambda *a, **k: QMessageBox.StandardButton.Yes)
        with qtbot.waitSignal(runner.finished, timeout=WAIT):
            page.retire_button.click()
        settle(qtbot, runner)
        assert office.peers(city.db)[0].retired
        assert "dipensiunkan" in page.table.item(0, 1).text()
        assert page.recipient.findData(kec.office_id) == -1  # no export to a retired key

        # a mistake: the admin restores the key
        page.table.selectRow(0)
        monkeypatch.setattr(QInputDialog, "getItem", lambda _p, _t, _l, items, *a, **k:
                            (items[0], True))
        with qtbot.waitSignal(runner.finished, timeout=WAIT):
            page.restore_button.click()
        settle(qtbot, runner)
        assert not office.peers(city.db)[0].retired
        assert page.recipient.findData(kec.office_id) != -1
    finally:
        runner.shutdown()


def test_a_card_changing_a_trusted_offices_keys_asks_before_replacing(qtbot, offices,
                                                                      dialogs, monkeypatch,
                                                                      tmp_path):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    from PySide6.QtWidgets import QMessageBox

    from ektp_desk.core.sync import office

    city, kec = offices["kota"], offices["337501"]
    genuine = office.get_peer(city.db, kec.office_id).fingerprint
    pub_s = Ed25519PrivateKey.generate().public_key().public_bytes_raw()
    pub_b = X25519PrivateKey.generate().public_key().public_bytes_raw()
    card = office.card_json(kec.db)
    card.update(sign_public=office.b64(pub_s), box_public=office.b64(pub_b), rotations=[],
                fingerprint=office.fingerprint(kec.office_id, pub_s, pub_b))
    fake = tmp_path / "palsu.card"
    fake.write_text(json.dumps(card))
    asked = []
    page, runner = make_page(qtbot, city.db)
    try:
        dialogs["open"] = str(fake)
        dialogs["passphrase"] = card["fingerprint"]  # what the admin types
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: (
            asked.append(a[2]) or QMessageBox.StandardButton.No))
        with qtbot.waitSignal(runner.finished, timeout=WAIT):
            page.trust_button.click()
        settle(qtbot, runner)
        assert asked and "tanpa pernyataan rotasi" in asked[0]
        assert office.get_peer(city.db, kec.office_id).fingerprint == genuine  # said No
        monkeypatch.setattr(QMessageBox, "question",
                            lambda *a, **k: QMessageBox.StandardButton.Yes)
        page.trust_button.click()  # refused, asked, then trusted with the admin's yes
        qtbot.waitUntil(lambda: office.get_peer(city.db, kec.office_id).fingerprint
                        == card["fingerprint"], timeout=WAIT)
        assert office.is_retired(city.db, kec.office_id, genuine)
    finally:
        runner.shutdown()


def test_the_office_card_over_the_database_is_refused(qtbot, offices, monkeypatch):
    city = offices["kota"]
    page, runner = make_page(qtbot, city.db)
    try:
        target = city.db.database
        before = "\n".join(city.db.connection().iterdump())
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (target, ""))
        page.card_button.click()  # refused at once: no job is started
        assert "basis data" in page.identity_label.text()
        assert not runner.busy
        assert "\n".join(city.db.connection().iterdump()) == before
    finally:
        runner.shutdown()


def test_a_file_from_an_office_whose_audit_trail_was_rewritten_is_flagged(
        qtbot, offices, dialogs, tmp_path):
    from ektp_desk.core.sync import export
    from tests.db.test_sync_audit_heads import rewrite_trail

    city, kec = offices["kota"], offices["337501"]
    first = export.export(kec.db, city.office_id, tmp_path, passphrase=PASS).file
    page, runner = make_page(qtbot, city.db)
    try:
        dialogs["open"] = str(first)
        with qtbot.waitSignal(runner.finished, timeout=WAIT):
            page.import_button.click()
        settle(qtbot, runner)
        assert "Log audit" not in page.import_label.text()
        kec.db.close()
        rewrite_trail(kec.path, 2)
        kec.db.connect()
        second = export.export(kec.db, city.office_id, tmp_path / "b", passphrase=PASS).file
        dialogs["open"] = str(second)
        with qtbot.waitSignal(runner.finished, timeout=WAIT):
            page.import_button.click()
        settle(qtbot, runner)
        text = page.import_label.text()
        assert f"Dari {kec.office_id}" in text  # the data itself was imported
        assert f"Log audit kantor {kec.office_id} telah diubah" in text
    finally:
        runner.shutdown()


def test_the_identity_dialog_starts_from_the_first_runs_office_profile(qtbot, tmp_path):
    from ektp_desk.core import db as core_db

    db = core_db.open_database(tmp_path / "baru.sqlite", bind=False)
    db.execute_sql("UPDATE office_profile SET office_kind = 'kecamatan', region_code = "
                   "'337504', office = 'KECAMATAN PEKALONGAN UTARA' WHERE id = 1")
    page, runner = make_page(qtbot, db)
    try:
        dialog = page.create_identity()
        qtbot.waitExposed(dialog)
        assert dialog.kecamatan_radio.isChecked()
        assert dialog.region.currentData() == "337504"
        assert dialog.name.text() == "KECAMATAN PEKALONGAN UTARA"
        dialog.reject()
    finally:
        runner.shutdown()
        db.close()
