"""The main window: navigation, status bar, the import action, settings, closing safely."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from ektp_desk.core import demo, search, settings
from ektp_desk.ui.dialogs.import_wizard import ImportWizard
from ektp_desk.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, db, db_path):
    demo.fill(db, 300, build_index=False)
    main = MainWindow(db, db_path)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.runner.shutdown()


def test_opens_on_warga_with_the_people_and_indexes_names_in_the_background(
        qtbot, window, db, output_dir):
    assert window.stack.currentWidget() is window.warga
    qtbot.waitUntil(lambda: window.warga.table.model().rowCount() == 300, timeout=5000)
    qtbot.waitUntil(lambda: search.pending(db) == 0, timeout=10000)
    assert "Meja 1" in window.user_label.text()
    assert str(window.db_path) in window.db_label.text()
    window.grab().save(str(output_dir / "main_window.png"))


def test_keyboard_navigation_between_pages(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.pengaturan
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.warga


def test_import_action_opens_the_wizard(qtbot, window):
    window.import_action.trigger()
    wizards = [w for w in window.findChildren(ImportWizard) if w.isVisible()]
    assert len(wizards) == 1
    wizards[0].reject()


def test_saving_settings_updates_the_status_bar(qtbot, window, db):
    page = window.pengaturan
    page.editors["desk_name"].setText("Meja Kecamatan Barat")
    with qtbot.waitSignal(window.bus.changed, timeout=5000):
        page.save_button.click()
    assert settings.get(db, "desk_name") == "Meja Kecamatan Barat"
    assert "Meja Kecamatan Barat" in window.user_label.text()


def test_bad_setting_is_refused_with_a_message(qtbot, window, db, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    page = window.pengaturan
    page.editors["user_name"].setText("   ")
    page.save_button.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert "Nama petugas" in shown[0]
    assert settings.get(db, "user_name") == "petugas"


def test_closing_during_a_job_asks_first(qtbot, window, monkeypatch):
    import threading

    release = threading.Event()
    window.runner.run_write(lambda db, progress, cancel: release.wait(5), title="Lama")
    asked = []

    def answer(*args, **kwargs):
        asked.append(args[2])
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer)
    window.close()
    assert asked and window.isVisible()
    release.set()
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=5000)
    window.close()
    assert not window.isVisible()
