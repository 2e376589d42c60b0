"""The import wizard driven as a clerk would: file → mapping → preview → import → report."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QWizard

from ektp_desk.core import importer
from ektp_desk.ui.dialogs.import_wizard import ImportWizard, cell_text
from ektp_desk.ui.runner import JobRunner

HEADER = "NO;NKK;NIK;NAMA LENGKAP;TEMPAT LAHIR;TANGGAL LAHIR;STATUS PERKAWINAN;JENIS KELAMIN;" \
         "ALAMAT;RT;RW;KELURAHAN;KETERANGAN"
ROWS = [
    "1;3375011203150004;'3375011402070012;BUDI SANTOSO;PEKALONGAN;14-02-2007;B;L;"
    "JL. MERDEKA 1;001;002;MEDONO;",
    "2;3375011203150004;3375015505070003;NUR'AINI;PEKALONGAN;15/05/2007;B;P;"
    "JL. MERDEKA 1;001;002;Medono;",
    "3;;3.37501E+15;SALAH NIK;PEKALONGAN;01-01-2007;B;L;JL. X;3;4;TIRTO;",
    "4;;3375011402070012;BUDI SANTOSO;PEKALONGAN;14-02-2007;B;L;JL. MERDEKA 1;1;2;MEDONO;",
]


@pytest.fixture
def kpu_csv(tmp_path: Path) -> Path:
    path = tmp_path / "daftar_kpu.csv"
    lines = ["DAFTAR PEMILIH POTENSIAL NON KTP ELEKTRONIK", "KECAMATAN PEKALONGAN BARAT", "",
             HEADER, *ROWS]
    path.write_bytes("\r\n".join(lines).encode("cp1252"))
    return path


@pytest.fixture
def wizard(qtbot, db):
    runner = JobRunner(db)
    dialog = ImportWizard(db, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    yield dialog
    runner.shutdown()


def choose_file(qtbot, wizard: ImportWizard, path: Path) -> None:
    with qtbot.waitSignal(wizard.source_loaded, timeout=10000):
        wizard.file_page.path_edit.setText(str(path))
        wizard.file_page.load()


def people(db) -> list[tuple]:
    return db.execute_sql("SELECT nik, name FROM person ORDER BY nik").fetchall()


def test_whole_wizard_imports_and_saves_the_error_report(qtbot, wizard, db, kpu_csv,
                                                         tmp_path, monkeypatch, output_dir):
    choose_file(qtbot, wizard, kpu_csv)
    assert wizard.file_page.isComplete()
    assert "baris 4" in wizard.file_page.info.text()

    wizard.next()  # → mapping, guessed from the headers
    assert wizard.currentPage() is wizard.mapping_page
    nik_combo = wizard.mapping_page.combos["nik"]
    assert nik_combo.currentText().startswith("NIK")
    assert wizard.mapping_page.isComplete()
    wizard.grab().save(str(output_dir / "import_wizard_mapping.png"))

    with qtbot.waitSignal(wizard.preview_ready, timeout=10000):
        wizard.next()  # → preview: a dry run
    preview = wizard.preview_result
    assert (preview.rows, preview.inserted, preview.rejected, preview.duplicates) == (4, 2, 1, 1)
    assert people(db) == []  # nothing written yet
    assert wizard.preview_page.problems.rowCount() == 2
    wizard.grab().save(str(output_dir / "import_wizard_preview.png"))
    assert wizard.button(QWizard.WizardButton.CommitButton).text() == "&Impor sekarang"

    with qtbot.waitSignal(wizard.import_done, timeout=10000):
        wizard.next()  # → import
    assert [n for n, _ in people(db)] == ["3375011402070012", "3375015505070003"]
    assert "Impor selesai" in wizard.import_page.message.text()
    assert wizard.import_page.report_button.isVisible()
    wizard.grab().save(str(output_dir / "import_wizard_done.png"))

    report = tmp_path / "kesalahan.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(report), ""))
    wizard.import_page.report_button.click()
    assert report.exists()
    assert "SALAH NIK" in report.read_text(encoding="utf-8-sig")


def test_unmapping_nik_blocks_the_next_step(qtbot, wizard, kpu_csv):
    choose_file(qtbot, wizard, kpu_csv)
    wizard.next()
    combo = wizard.mapping_page.combos["nik"]
    combo.setCurrentIndex(0)  # (tidak dipakai)
    assert not wizard.mapping_page.isComplete()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_fixing_the_mapping_changes_what_is_imported(qtbot, wizard, db, kpu_csv):
    choose_file(qtbot, wizard, kpu_csv)
    wizard.next()
    place = wizard.mapping_page.combos["birth_place"]
    place.setCurrentIndex(0)  # the clerk decides not to import TEMPAT LAHIR
    with qtbot.waitSignal(wizard.preview_ready, timeout=10000):
        wizard.next()
    with qtbot.waitSignal(wizard.import_done, timeout=10000):
        wizard.next()
    assert db.execute_sql("SELECT count(*) FROM person WHERE birth_place IS NOT NULL"
                          ).fetchone()[0] == 0


def test_unreadable_file_is_explained_and_blocks(qtbot, wizard, tmp_path):
    bad = tmp_path / "rusak.xlsx"
    bad.write_bytes(b"not a zip file")
    choose_file(qtbot, wizard, bad)
    assert not wizard.file_page.isComplete()
    assert "tidak dapat dibaca" in wizard.file_page.info.text()


def test_cancelling_the_import_changes_nothing(qtbot, wizard, db, kpu_csv, monkeypatch):
    choose_file(qtbot, wizard, kpu_csv)
    wizard.next()
    with qtbot.waitSignal(wizard.preview_ready, timeout=10000):
        wizard.next()
    real = importer.run_import

    def cancelled_at_once(*args, cancel, **kwargs):
        cancel.cancel()
        return real(*args, cancel=cancel, **kwargs)

    monkeypatch.setattr(importer, "run_import", cancelled_at_once)
    with qtbot.waitSignal(wizard.import_done, timeout=10000):
        wizard.next()
    assert "dibatalkan" in wizard.import_page.message.text()
    assert people(db) == []


def test_the_error_report_over_the_list_or_the_database_is_refused(qtbot, wizard, db,
                                                                   kpu_csv, monkeypatch):
    choose_file(qtbot, wizard, kpu_csv)
    wizard.next()
    with qtbot.waitSignal(wizard.preview_ready, timeout=10000):
        wizard.next()
    with qtbot.waitSignal(wizard.import_done, timeout=10000):
        wizard.next()
    source = kpu_csv.read_bytes()
    before = "\n".join(db.connection().iterdump())
    for target, words in ((kpu_csv, "sedang dibaca"), (Path(db.database), "basis data"),
                          (Path(f"{db.database}-wal"), "basis data")):
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            lambda *a, target=target, **k: (str(target), ""))
        wizard.import_page.report_button.click()
        text = wizard.import_page.message.text()
        assert words in text and str(target) in text and "disimpan" not in text
    assert kpu_csv.read_bytes() == source
    assert "\n".join(db.connection().iterdump()) == before


def test_a_typed_path_loads_as_soon_as_it_names_a_file(qtbot, wizard, kpu_csv, output_dir):
    page = wizard.file_page
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert not next_button.isEnabled()
    assert "Pilih berkas daftar KPU" in next_button.toolTip()
    assert page.hint.isVisible() and page.hint.text() == next_button.toolTip()
    typed = str(kpu_csv)
    qtbot.keyClicks(page.path_edit, typed[:-1])  # not a file yet: nothing is read
    assert wizard.source is None
    assert next_button.toolTip() == "Tidak ada berkas di lokasi yang diketik."
    with qtbot.waitSignal(wizard.source_loaded, timeout=10000):
        qtbot.keyClicks(page.path_edit, typed[-1])  # no button pressed, no Enter
    assert wizard.source is not None and str(wizard.source.path) == typed
    assert next_button.isEnabled() and next_button.toolTip() == ""
    assert not page.hint.isVisible()
    wizard.grab().save(str(output_dir / "import_wizard_typed.png"))


def test_the_mapping_says_which_required_column_is_missing(qtbot, wizard, kpu_csv):
    choose_file(qtbot, wizard, kpu_csv)
    wizard.next()
    wizard.mapping_page.combos["nik"].setCurrentIndex(0)  # (tidak dipakai)
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert not next_button.isEnabled()
    assert "NIK" in next_button.toolTip()
    assert wizard.mapping_page.hint.isVisible()
    assert wizard.mapping_page.hint.text() == next_button.toolTip()


def test_the_error_report_is_saved_from_the_preview_before_importing(
        qtbot, wizard, db, kpu_csv, tmp_path, monkeypatch, output_dir):
    choose_file(qtbot, wizard, kpu_csv)
    wizard.next()
    with qtbot.waitSignal(wizard.preview_ready, timeout=10000):
        wizard.next()
    page = wizard.preview_page
    assert page.report_button.isVisible()
    # over the list being read: refused in words, nothing written
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(kpu_csv), ""))
    source = kpu_csv.read_bytes()
    page.report_button.click()
    assert "sedang dibaca" in page.report_label.text()
    assert kpu_csv.read_bytes() == source
    report = tmp_path / "kesalahan.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(report), ""))
    page.report_button.click()
    assert report.exists() and str(report) in page.report_label.text()
    from openpyxl import load_workbook

    cells = [c for row in load_workbook(report).active.iter_rows(values_only=True)
             for c in row]
    assert "SALAH NIK" in cells
    assert people(db) == []  # still nothing imported
    wizard.grab().save(str(output_dir / "import_wizard_preview_report.png"))


def test_whole_numbers_from_a_spreadsheet_show_without_a_decimal(qtbot, wizard, tmp_path,
                                                                 output_dir):
    from tests.kpu_files import write_xlsx

    path = write_xlsx(tmp_path / "daftar.xlsx", [
        [1, "3375011203150004", "3375011402070012", "BUDI SANTOSO", "PEKALONGAN",
         "14-02-2007", "B", "L", "JL. MERDEKA 1", 1, 2, "MEDONO", ""]],
        header=HEADER.split(";"))
    choose_file(qtbot, wizard, path)
    wizard.next()
    sample = wizard.mapping_page.sample
    shown = [sample.item(0, c).text() for c in range(sample.columnCount())
             if sample.item(0, c) is not None]
    assert shown[0] == "1" and "1.0" not in shown and "2.0" not in shown
    wizard.grab().save(str(output_dir / "import_wizard_mapping_xlsx.png"))


@pytest.mark.parametrize(("value", "text"), [
    (1.0, "1"), (3.0, "3"), (2.5, "2.5"), (3.37501e15, "3.37501E+15"), ("007", "007"),
    (None, ""), (12, "12")])
def test_cell_text(value, text):
    assert cell_text(value) == text
