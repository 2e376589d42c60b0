"""The window in English (Pengaturan → Bahasa jendela): every page of the demo drive and
every dialog of tests/ui/test_mnemonics.py shows no Indonesian word that should have been
translated. Data stays as written (people's and places' names, office and location names,
the settings' values), and so do the day and month names (docs/architecture.md,
"Languages"); letters are not walked: they are official documents, always Indonesian."""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractListModel, QCoreApplication, QLocale, Qt, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTabBar,
    QWidget,
    QWizard,
)

from ektp_desk import paths
from ektp_desk.core import demo, demo_drive, messages, regions, settings
from ektp_desk.ui import app as ui_app
from ektp_desk.ui.main_window import MainWindow
from tests.ui.test_mnemonics import DIALOGS, activate, check_every_mnemonic

# Words a window in English must not show, unless they are data. Kept to words that are no
# English word and no domain term the English window keeps (kelurahan, kecamatan, RT/RW,
# NIK, KK, e-KTP, Lurah, jemput bola), nor a day or month name.
INDONESIAN = frozenset(re.findall(r"\w+", """
    ada adalah akan alamat alasan antrian atau baca bagian baris baru batal batalkan
    belum berikutnya berkas bila boleh buat buka bulan cari cetak cocok daftar dalam dan
    dari datang dengan dibatalkan dicetak dijadwalkan dipindah disimpan ditandai gagal
    hadir halaman hanya hapus hari hasil ini itu jadwal jadwalkan jam jenis juga jumlah
    kantor kata kelamin kembali kembalikan kesalahan keterangan kirim kosong kunci lagi
    lahir laki lanjut lewat lokasi masih memuat meja menunggu mohon nama nomor oleh orang
    pada panggilan pekerjaan pengaturan penuh perempuan peringatan perlu petugas pilih
    pindahkan pratinjau profil rekam sama sandi sebagai sebelumnya sedang selesai
    semua sesi simpan sinkronisasi sisa sudah surat tahun tambah tampilkan tanda tanggal
    tempat terima terisi tersimpan tidak tiap tutup umur untuk warga yang
"""))
WORD = re.compile(r"[A-Za-z]+")
CODE = re.compile(r"^[a-z0-9_.\-]*$")  # a stored code ('tidak_hadir'), not a text shown as is


def data_texts(db_path: Path) -> set[str]:
    """Every text the database holds as data (names, places, offices, settings' values),
    but not the codes or JSON the program stores for itself; and the region table's
    names."""
    found: set[str] = set()
    con = sqlite3.connect(db_path)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND name NOT IN ('event', 'audit_log', 'desk_event', 'meta')")]
        for table in tables:
            columns = [r[1] for r in con.execute(f"PRAGMA table_info({table})")]
            for column in columns:
                for (value,) in con.execute(
                        f'SELECT DISTINCT "{column}" FROM "{table}" WHERE typeof("{column}")'
                        " = 'text'"):
                    if table == "setting":  # mostly stored as JSON
                        with contextlib.suppress(ValueError):
                            value = json.loads(value)
                        value = value if isinstance(value, str) else ""
                    if value and not CODE.match(value) and not value.startswith(("{", "[")):
                        found.add(value)
    finally:
        con.close()
    table = regions.default_table()
    return found | {table.city_name} | {k.name for k in table.kecamatan.values()} | {
        k.name for k in table.kelurahan.values()}


def indonesian_words(text: str, data: dict[str, list[str]]) -> list[str]:
    """The list's words in `text` that are not part of a data text shown in it."""
    text = re.sub(r"<[^>]+>|\{\w+\}", " ", text)  # markup, a letter template's {field}
    # a word in capitals is a name as a file or a person writes it (the column TANGGAL)
    return [word for word in WORD.findall(text) if word.lower() in INDONESIAN
            and not (word.isupper() and len(word) > 1)
            and not any(value in text for value in data.get(word.lower(), ()))]


def by_word(texts: set[str]) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for value in texts:
        for word in {w.lower() for w in WORD.findall(value)} & INDONESIAN:
            index.setdefault(word, []).append(value)
    return index


def shown_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) of every word a clerk can read in root, shown now or on another tab or
    wizard page: titles, labels, buttons, tabs, group boxes, headers, table cells, combo
    items, placeholders, tooltips, menus and their actions."""
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        name = f"{type(w).__name__} {w.objectName()}".strip()
        if w.isWindow() and w.windowTitle():
            yield f"{name} title", w.windowTitle()
        if w.toolTip():
            yield f"{name} tooltip", w.toolTip()
        if isinstance(w, QLabel | QAbstractButton) and w.objectName() != "dbPath":
            yield name, w.text()
        elif isinstance(w, QGroupBox):
            yield name, w.title()
        elif isinstance(w, QTabBar):
            yield from ((name, w.tabText(i)) for i in range(w.count()))
        elif isinstance(w, QComboBox):
            yield from ((name, w.itemText(i)) for i in range(w.count()))
        elif isinstance(w, QLineEdit):
            yield f"{name} placeholder", w.placeholderText()
        elif isinstance(w, QWizard):
            for page_id in w.pageIds():
                page = w.page(page_id)
                yield f"{name} page", page.title()
                yield f"{name} page", page.subTitle()
            for which in (QWizard.WizardButton.NextButton, QWizard.WizardButton.BackButton,
                          QWizard.WizardButton.FinishButton,
                          QWizard.WizardButton.CancelButton):
                yield f"{name} button", w.buttonText(which)
        elif isinstance(w, QMenu):
            yield f"{name} menu", w.title()
        for action in QWidget.actions(w):  # a page may name its own attribute actions
            yield f"{name} action", action.text()
            yield f"{name} action tooltip", action.toolTip()
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount()
            for column in range(columns):
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    header = model.headerData(column, Qt.Orientation.Horizontal, role)
                    if isinstance(header, str):
                        yield f"{name} header", header
            for row in range(min(model.rowCount(), 30)):
                for column in range(columns):
                    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                        value = model.index(row, column).data(role)
                        if isinstance(value, str):
                            yield f"{name} cell[{row},{column}]", value


def untranslated(root: QWidget, where: str, data: dict[str, list[str]]) -> list[str]:
    return sorted({f"{where} / {place}: {words} in {text!r}"
                   for place, text in shown_texts(root)
                   if (words := indonesian_words(text, data))})


@pytest.fixture
def english(qapp) -> Iterator[None]:
    """The window's language set to English as at a start, and back to Indonesian after."""
    before, locale = messages.language(), QLocale()
    ui_app.apply_language(qapp, "en")
    yield
    ui_app.remove_translators(qapp)
    messages.set_language(before)
    QLocale.setDefault(locale)


def test_the_word_list_finds_what_it_is_for():
    """The walk's own check: an Indonesian text is caught, English and data pass."""
    data = by_word({"Kantor Kecamatan Pekalongan Barat"})
    assert indonesian_words("Simpan jadwal", data) == ["Simpan", "jadwal"]
    assert indonesian_words("Save the schedule", data) == []
    assert indonesian_words("Location: Kantor Kecamatan Pekalongan Barat", data) == []
    assert indonesian_words("Kantor baru", data) == ["Kantor", "baru"]
    assert indonesian_words("the column TANGGAL", data) == []


@pytest.mark.slow
def test_every_page_speaks_english(qtbot, english, db, db_path, output_dir):
    demo_drive.build(db, 400, seed=5)
    window = MainWindow(db, db_path)
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    qtbot.waitExposed(window)
    data = by_word(data_texts(db_path))
    found = untranslated(window.menuBar(), "menu", data)
    found += untranslated(window.statusBar(), "status bar", data)
    found += untranslated(window.nav, "navigation", data)
    for row, (title, page) in enumerate(window.pages.items()):
        window.nav.setCurrentRow(row)
        qtbot.waitUntil(page.isVisible, timeout=5000)
        qtbot.waitUntil(lambda: not window.runner.busy, timeout=20000)
        found += untranslated(page, title, data)
        window.grab().save(str(output_dir / f"english_{title.lower().replace(' ', '_')}.png"))
    assert "People" in window.pages and "Settings" in window.pages
    assert not found, "\n".join(found)
    # the English Alt+letters are pressed as in tests/ui/test_mnemonics.py
    ui_app.install_key_guard(QApplication.instance())
    activate(qtbot, window)
    for row, (title, page) in enumerate(window.pages.items()):
        window.nav.setCurrentRow(row)
        qtbot.waitUntil(page.isVisible, timeout=5000)
        check_every_mnemonic(qtbot, window, title)
    window.close()


@pytest.mark.parametrize("make", DIALOGS, ids=lambda f: f.__name__)
def test_every_dialog_speaks_english_and_keeps_its_keys(qtbot, english, db, db_path, runner,
                                                        make, output_dir):
    ui_app.install_key_guard(QApplication.instance())
    demo.fill(db, 50, build_index=False)
    dialog = make(db, runner)
    qtbot.addWidget(dialog)
    activate(qtbot, dialog)
    dialog.grab().save(str(output_dir / f"english_{make.__name__}.png"))
    found = untranslated(dialog, make.__name__, by_word(data_texts(db_path)))
    assert not found, "\n".join(found)
    check_every_mnemonic(qtbot, dialog, make.__name__)
    dialog.close()


def test_committed_qm_is_built_from_the_ts_and_every_text_is_translated(tmp_path):
    """`python3 tasks.py i18n` leaves them so: the .qm the window loads is the .ts's."""
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    source = paths.resource("i18n", "ektp_desk_en.ts")
    built = tmp_path / "ektp_desk_en.qm"
    subprocess.run([str(lrelease), str(source), "-qm", str(built)], check=True,
                   capture_output=True)
    assert built.read_bytes() == paths.resource("i18n", "ektp_desk_en.qm").read_bytes(), (
        "run: python3 tasks.py i18n")
    text = source.read_text(encoding="utf-8")
    assert "<translation>" in text and 'type="unfinished"' not in text


def test_the_language_setting_switches_the_window_and_the_core(qapp, english, db):
    assert QCoreApplication.translate("MainWindow", "Pengaturan") == "Settings"
    assert messages.text("cancelled") == "Cancelled. Nothing was changed."
    assert settings.BY_KEY["language"].label == "Window language"
    ui_app.apply_language(qapp, "id")
    assert QCoreApplication.translate("MainWindow", "Pengaturan") == "Pengaturan"
    assert messages.text("cancelled").startswith("Dibatalkan")
    assert len(qapp.findChildren(QTranslator, ui_app.TRANSLATOR_NAME)) == 1


def test_pengaturan_offers_the_language_by_name_and_stores_its_code(qtbot, db, runner):
    from ektp_desk.ui.pages.pengaturan import PengaturanPage

    page = PengaturanPage(db, runner)
    qtbot.addWidget(page)
    combo = page.editors["language"]
    assert [combo.itemText(i) for i in range(combo.count())] == ["Bahasa Indonesia", "English"]
    assert page.values()["language"] == "id"
    combo.setCurrentIndex(1)
    with qtbot.waitSignal(runner.finished, timeout=10000):
        page.save()
    assert settings.get(db, "language") == "en"
    page.load()
    assert combo.currentText() == "English"
