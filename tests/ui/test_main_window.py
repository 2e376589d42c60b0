"""The main window: navigation, status bar, the import action, settings, closing safely."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
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
    main.close()  # as the program closes it: never a question, whatever still runs


def test_opens_on_warga_with_the_people_and_indexes_names_in_the_background(
        qtbot, window, db, output_dir):
    assert window.current_page() is window.warga
    qtbot.waitUntil(lambda: window.warga.table.model().rowCount() == 300, timeout=5000)
    qtbot.waitUntil(lambda: search.pending(db) == 0, timeout=10000)
    qtbot.waitUntil(lambda: "Meja 1" in window.user_label.text(), timeout=5000)
    assert str(window.db_path) in window.db_label.text()
    window.grab().save(str(output_dir / "main_window.png"))


def test_keyboard_navigation_between_pages(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() is window.pengaturan
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() is window.warga


def test_the_readme_names_the_page_keys_the_window_has(window):
    """Ctrl+1… follow the pages in order, are listed in the Halaman menu, and the README
    says the same."""
    keys = {action.text(): action.shortcut().toString() for action in window.page_actions}
    assert list(keys) == list(window.pages)
    assert list(keys.values()) == [f"Ctrl+{n}" for n in range(1, len(keys) + 1)]
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Halaman")
    assert [a.text() for a in menu.actions()] == list(keys)
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert f"`Ctrl+1`…`Ctrl+{len(keys)}` jump between them" in readme
    said = dict(re.findall(r"\*([A-Z][A-Za-z ]+)\*\*? \(`(Ctrl\+\d)`\)", readme))
    assert said, "the README names no page key"
    for page, key in said.items():
        assert keys.get(page) == key, f"README: {page} is {key}, the window says {keys.get(page)}"


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
    qtbot.waitUntil(lambda: "Meja Kecamatan Barat" in window.user_label.text(), timeout=5000)


def test_routing_choices_show_in_words_and_save_their_codes(qtbot, window, db):
    combo = window.pengaturan.editors["route_warga_binaan"]
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Kunjungan ke rutan/lapas", "Kantor (dipanggil)"]
    assert combo.currentText() == "Kunjungan ke rutan/lapas"  # the default
    combo.setCurrentIndex(combo.findData("kantor"))
    with qtbot.waitSignal(window.bus.changed, timeout=5000):
        window.pengaturan.save_button.click()
    assert settings.get(db, "route_warga_binaan") == "kantor"
    assert settings.get(db, "receipt_acknowledger") == "Lurah"  # a choice in words as is


def test_bad_setting_is_refused_with_a_message(qtbot, window, db, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    page = window.pengaturan
    page.editors["user_name"].setText("   ")
    page.save_button.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert "Nama petugas" in shown[0]
    assert settings.get(db, "user_name") == "petugas"


def record_questions(monkeypatch) -> list[str]:
    """QMessageBox.question answered No, and what it asked."""
    asked: list[str] = []

    def question(*args, **kwargs):
        asked.append(args[2])
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def test_closing_by_the_program_during_a_read_neither_asks_nor_hangs(
        qtbot, window, monkeypatch, until_cancelled):
    # the hang seen at teardown: a reload still running when a test closed the window
    asked = record_questions(monkeypatch)
    handle = window.runner.run_read(until_cancelled, with_progress=True)
    qtbot.waitUntil(until_cancelled.started.is_set, timeout=5000)
    assert window.runner.busy
    window.close()
    assert not asked and not window.isVisible()
    assert handle.token.cancelled and not window.runner.busy


def test_closing_by_the_program_during_a_write_does_not_ask(qtbot, window, monkeypatch,
                                                           until_cancelled):
    asked = record_questions(monkeypatch)
    handle = window.runner.run_write(until_cancelled, title="Lama")
    qtbot.waitUntil(until_cancelled.started.is_set, timeout=5000)
    window.close()
    assert not asked and not window.isVisible()
    assert handle.token.cancelled


def test_the_clerk_closing_during_a_read_is_not_asked(qtbot, window, monkeypatch,
                                                      until_cancelled):
    asked = record_questions(monkeypatch)
    handle = window.runner.run_read(until_cancelled, with_progress=True)
    qtbot.waitUntil(until_cancelled.started.is_set, timeout=5000)
    window.quit_action.trigger()
    assert not asked and not window.isVisible()
    assert handle.token.cancelled


class FromWindowSystem(QCloseEvent):
    """The close the window system sends for the title bar's X or Alt+F4 (spontaneous);
    offscreen Qt has no way to send one, and QWindow.close() is a program's close."""

    def spontaneous(self) -> bool:
        return True


def test_the_clerk_closing_from_the_menu_during_a_write_is_asked_first(qtbot, window,
                                                                       monkeypatch):
    release = threading.Event()
    window.runner.run_write(lambda db, progress, cancel: release.wait(5), title="Lama")
    asked = record_questions(monkeypatch)
    window.quit_action.trigger()
    assert asked == ["Masih ada pekerjaan yang berjalan. Batalkan dan keluar?"]
    assert window.isVisible()
    release.set()
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=5000)
    window.quit_action.trigger()
    assert len(asked) == 1 and not window.isVisible()


def test_the_clerk_closing_with_the_title_bar_during_a_write_is_asked_first(
        qtbot, window, monkeypatch):
    release = threading.Event()
    window.runner.run_write(lambda db, progress, cancel: release.wait(5), title="Lama")
    asked = record_questions(monkeypatch)
    event = FromWindowSystem()
    window.closeEvent(event)
    assert len(asked) == 1 and not event.isAccepted() and window.runner.busy_writing
    release.set()
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=5000)
    event = FromWindowSystem()
    window.closeEvent(event)
    assert len(asked) == 1 and event.isAccepted()


def test_the_status_bar_flags_a_polling_day_that_has_passed(qtbot, window, db, monkeypatch,
                                                            output_dir):
    from ektp_desk.core import settings
    from ektp_desk.core.jobs import Changes

    monkeypatch.setenv("EKTP_DESK_TODAY", "2026-12-07")
    window.bus.announce(Changes(settings=True))  # the default election: 14 Februari 2024
    qtbot.waitUntil(window.election_label.isVisible, timeout=5000)
    assert "14 Februari 2024 sudah lewat" in window.election_label.text()
    assert "Pengaturan" in window.election_label.toolTip()
    window.statusBar().grab().save(str(output_dir / "status_bar_election_passed.png"))

    window.bus.announce(settings.save_many(db, {"election_date": "2029-02-14",
                                                "election_name": "Pemilihan Umum 2029"}))
    qtbot.waitUntil(lambda: not window.election_label.isVisible(), timeout=5000)
