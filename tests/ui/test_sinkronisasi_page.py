"""The Sinkronisasi page as a clerk uses it: export to a folder (told to unplug only after
the read-back check), import at the other office with the summary shown, the receipt back
at the sender, a bad file refused in words. QFileDialog and QInputDialog are patched."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog

from ektp_desk.ui.changes import ChangeBus
from ektp_desk.ui.pages.sinkronisasi import SinkronisasiPage, removable_drives
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
    return page, runner


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
        assert page.table.item(0, 5).text() == "20"  # pending for the kecamatan office
        stick = tmp_path / "flashdisk"
        stick.mkdir()
        dialogs["folder"] = str(stick)
        page.choose_folder()
        with qtbot.waitSignal(runner.finished, timeout=WAIT):
            page.export_button.click()
        assert "aman dicabut" in page.export_label.text()
        files = list(stick.glob("*.ektpsync"))
        assert len(files) == 1 and str(files[0]) in page.export_label.text()
        assert page.table.item(0, 3).text() == "20"  # sent
        page.grab().save(str(output_dir / "sinkronisasi_export.png"))
    finally:
        runner.shutdown()

    kpage, krunner = make_page(qtbot, kec.db)
    try:
        dialogs["open"] = str(files[0])
        with qtbot.waitSignal(krunner.finished, timeout=WAIT):
            kpage.import_button.click()
        text = kpage.import_label.text()
        assert "baru 20" in text and "dilewati 0" in text and "konflik untuk ditinjau 0" in text
        receipt = next(stick.glob("*.receipt.ektpsync"))
        assert str(receipt) in text
        assert kpage.table.item(0, 6).text() != "-"  # when the last file came
        # the same file again: nothing new, everything skipped
        with qtbot.waitSignal(krunner.finished, timeout=WAIT):
            kpage.import_button.click()
        assert "baru 0" in kpage.import_label.text()
        assert "dilewati 20" in kpage.import_label.text()
        kpage.grab().save(str(output_dir / "sinkronisasi_import.png"))
    finally:
        krunner.shutdown()

    page, runner = make_page(qtbot, city.db)
    try:
        dialogs["open"] = str(receipt)
        with qtbot.waitSignal(runner.finished, timeout=WAIT):
            page.import_button.click()
        assert "20 baris dikonfirmasi" in page.import_label.text()
        assert page.table.item(0, 4).text() == "20" and page.table.item(0, 5).text() == "0"
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
        assert "bukan berkas sinkronisasi" in page.import_label.text()
        dialogs["folder"] = str(tmp_path)
        page.choose_folder()
        dialogs["passphrase"] = "sandi-yang-salah"
        with qtbot.waitSignal(runner.finished, timeout=WAIT):
            page.export_button.click()
        assert "salah" in page.export_label.text()
        assert not list(tmp_path.glob("*.ektpsync")) or all(
            p.name == "surat.ektpsync" for p in tmp_path.glob("*.ektpsync"))
    finally:
        runner.shutdown()


def test_removable_drives_lists_only_folders():
    assert all(p.is_dir() for p in removable_drives())
