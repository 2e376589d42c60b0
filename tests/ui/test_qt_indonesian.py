"""Qt's own dialogs speak Indonesian: our qtbase_id catalogue, and the .qm built from it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from ektp_desk import paths
from ektp_desk.ui.app import qtbase_indonesian

ENGLISH = re.compile(r"\b(OK|Cancel|Yes|No|Save|Open|Look in|File name|Files of type|Close|"
                     r"Undo|Redo|Cut|Copy|Paste|Delete|Select All|Back|Forward|Detail View|"
                     r"List View|New Folder|Parent Directory|Directory|Size|Date Modified)\b")


@pytest.fixture
def indonesian(qapp):
    translator = qtbase_indonesian(qapp)
    assert translator is not None, "resources/i18n/qtbase_id.qm is missing"
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


def words(widget: QWidget) -> list[str]:
    """Every text a clerk can read on `widget`: labels, buttons, their tooltips."""
    found = [b.text() for b in widget.findChildren(QAbstractButton)]
    found += [b.toolTip() for b in widget.findChildren(QAbstractButton)]
    found += [label.text() for label in widget.findChildren(QLabel)]
    return [w.replace("&", "") for w in found if w]


def english(texts: list[str]) -> list[str]:
    return [t for t in texts if ENGLISH.search(t)]


def test_message_box_buttons_are_indonesian(qtbot, indonesian):
    buttons = QMessageBox.StandardButton
    box = QMessageBox(QMessageBox.Icon.Question, "Judul", "Teks",
                      buttons.Ok | buttons.Cancel | buttons.Yes | buttons.No | buttons.Save
                      | buttons.Open | buttons.Close)
    qtbot.addWidget(box)
    box.show()
    texts = words(box)
    assert english(texts) == []
    assert {"Batal", "Ya", "Tidak", "Simpan", "Buka", "Tutup"} <= set(texts)


def test_input_dialog_and_line_edit_menu_are_indonesian(qtbot, indonesian):
    dialog = QInputDialog()
    qtbot.addWidget(dialog)
    dialog.setLabelText("Kata sandi:")
    dialog.show()
    texts = words(dialog)
    assert english(texts) == [] and "Batal" in texts
    edit = QLineEdit("isi")
    qtbot.addWidget(edit)
    menu = edit.createStandardContextMenu()
    items = [a.text().replace("&", "").split("\t")[0] for a in menu.actions() if a.text()]
    assert english(items) == []
    assert {"Urungkan", "Potong", "Salin", "Tempel", "Hapus", "Pilih Semua"} <= set(items)


def test_qt_file_dialog_is_indonesian(qtbot, indonesian, tmp_path, output_dir):
    for mode in (QFileDialog.AcceptMode.AcceptOpen, QFileDialog.AcceptMode.AcceptSave):
        dialog = QFileDialog(None, "Pilih berkas", str(tmp_path), "Daftar KPU (*.xlsx)")
        qtbot.addWidget(dialog)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setAcceptMode(mode)
        dialog.show()
        texts = words(dialog)
        assert english(texts) == [], texts
        assert "Nama berkas:" in texts and "Lihat di:" in texts
        box = dialog.findChild(QDialogButtonBox)
        assert {b.text().replace("&", "") for b in box.buttons()} & {"Buka", "Simpan"}
        dialog.grab().save(str(output_dir / f"qt_file_dialog_{mode.name}.png"))
        dialog.close()


def test_the_application_uses_qt_dialogs_on_linux(qapp):
    from ektp_desk.ui import app

    had = qapp.testAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)
    try:
        app.make_application()
        assert qapp.testAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs) == (
            sys.platform.startswith("linux"))
    finally:
        qapp.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, had)
        qapp.setStyleSheet("")
        for translator in qapp.findChildren(QTranslator):
            qapp.removeTranslator(translator)


def test_committed_qm_is_built_from_the_ts(tmp_path):
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    source = paths.resource("i18n", "qtbase_id.ts")
    built = tmp_path / "qtbase_id.qm"
    subprocess.run([str(lrelease), str(source), "-qm", str(built)], check=True,
                   capture_output=True)
    assert built.read_bytes() == paths.resource("i18n", "qtbase_id.qm").read_bytes(), (
        "run: pyside6-lrelease resources/i18n/qtbase_id.ts -qm resources/i18n/qtbase_id.qm")


def test_every_translation_is_filled_in():
    text = paths.resource("i18n", "qtbase_id.ts").read_text(encoding="utf-8")
    assert "<translation>" in text and 'type="unfinished"' not in text
