"""Keys that do what they show: every underlined Alt+letter on a page or dialog presses
its button, no two visible buttons share one, and an Alt+letter that nothing takes never
changes a combo box behind the clerk's back (widgets.AltLetterGuard)."""

from __future__ import annotations

import datetime as dt
import string

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLabel, QWidget

from ektp_desk.core import demo
from ektp_desk.ui.app import install_key_guard
from ektp_desk.ui.main_window import MainWindow


def mnemonic(text: str) -> str | None:
    """The letter a '&' underlines in a button's text ('&&' is a literal ampersand)."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] != "&":
                return text[i + 1].lower()
            i += 1
        i += 1
    return None


def shown_buttons(root: QWidget) -> dict[str, list[QAbstractButton]]:
    """The visible buttons under root by the letter they underline."""
    found: dict[str, list[QAbstractButton]] = {}
    for button in root.findChildren(QAbstractButton):
        letter = mnemonic(button.text())
        if letter and button.isVisible():
            found.setdefault(letter, []).append(button)
    return found


def label_letters(root: QWidget) -> dict[str, list[str]]:
    """The letters visible labels underline to move to their buddy field."""
    found: dict[str, list[str]] = {}
    for label in root.findChildren(QLabel):
        letter = mnemonic(label.text()) if label.buddy() is not None else None
        if letter and label.isVisible():
            found.setdefault(letter, []).append(label.text())
    return found


def menu_letters(window: QWidget) -> set[str]:
    bar = window.menuBar() if hasattr(window, "menuBar") else None
    return {mnemonic(a.text()) for a in bar.actions()} - {None} if bar else set()


def press_alt(qtbot, window: QWidget, letter: str) -> None:
    focus = QApplication.focusWidget() or window
    qtbot.keyClick(focus, getattr(Qt.Key, f"Key_{letter.upper()}"),
                   Qt.KeyboardModifier.AltModifier)


def activate(qtbot, window: QWidget) -> None:
    """Show the window and make it the active one: shortcuts act in the active window."""
    window.show()
    qtbot.waitExposed(window)
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)


def check_every_mnemonic(qtbot, window: QWidget, where: str) -> None:
    """Each visible, enabled button's Alt+letter presses it; no letter is shown twice."""
    buttons = shown_buttons(window)
    labels = label_letters(window)
    twice = {letter: [b.text() for b in group] + labels.get(letter, [])
             for letter, group in buttons.items() if len(group) + len(labels.get(letter, [])) > 1}
    assert not twice, f"{where}: one Alt+letter on several buttons: {twice}"
    clash = (set(buttons) | set(labels)) & menu_letters(window)
    assert not clash, f"{where}: Alt+{clash} is taken by the menu bar"
    for letter, (button,) in buttons.items():
        if not button.isEnabled():
            continue
        pressed: list[bool] = []
        button.pressed.connect(lambda seen=pressed: seen.append(True))
        button.blockSignals(False)
        # the click that follows a mnemonic's press would open the button's dialog; the
        # press alone shows that the key reached the button
        button.pressed.connect(lambda b=button: b.blockSignals(True))
        press_alt(qtbot, window, letter)
        assert pressed, f"{where}: Alt+{letter.upper()} did not press {button.text()!r}"
        qtbot.waitUntil(lambda b=button: not b.isDown(), timeout=5000)
        button.blockSignals(False)
        button.pressed.disconnect()


def check_no_combo_changes(qtbot, window: QWidget, where: str) -> None:
    taken = set(shown_buttons(window)) | set(label_letters(window)) | menu_letters(window)
    for combo in window.findChildren(QComboBox):
        if not (combo.isVisible() and combo.isEnabled()) or combo.count() < 2:
            continue
        combo.setFocus()
        qtbot.waitUntil(lambda c=combo: c.hasFocus(), timeout=5000)
        before = combo.currentIndex()
        for letter in string.ascii_lowercase:
            if letter not in taken:
                press_alt(qtbot, window, letter)
        assert combo.currentIndex() == before, \
            f"{where}: an Alt+letter changed {combo.objectName() or combo}"


@pytest.fixture
def window(qtbot, db, db_path):
    install_key_guard(QApplication.instance())
    demo.fill(db, 200, build_index=False)
    main = MainWindow(db, db_path)
    qtbot.addWidget(main)
    main.resize(1366, 728)
    activate(qtbot, main)
    yield main
    main.close()


def test_every_page_mnemonic_presses_its_button(qtbot, window):
    for row, (title, page) in enumerate(window.pages.items()):
        window.nav.setCurrentRow(row)
        # a page is built on its first visit: wait for its first reads too
        qtbot.waitUntil(lambda p=page: p.isVisible() and not window.runner.busy, timeout=5000)
        check_every_mnemonic(qtbot, window, title)


def test_no_alt_letter_changes_a_combo_box(qtbot, window):
    for row, (title, page) in enumerate(window.pages.items()):
        window.nav.setCurrentRow(row)
        # a page is built on its first visit: wait for its first reads too
        qtbot.waitUntil(lambda p=page: p.isVisible() and not window.runner.busy, timeout=5000)
        check_no_combo_changes(qtbot, window, title)


def auto_schedule(db, runner):
    from ektp_desk.ui.dialogs.auto_schedule import AutoScheduleDialog

    return AutoScheduleDialog(db, runner, today=dt.date(2026, 12, 7))


def holidays(db, runner):
    from ektp_desk.ui.dialogs.holidays import HolidayDialog

    return HolidayDialog(db, runner, year=2026, today=dt.date(2026, 12, 7))


def walk_in(db, runner):
    from ektp_desk.ui.dialogs.walk_in import WalkInDialog

    return WalkInDialog(runner, dt.date(2026, 12, 7))


def office_identity(db, runner):
    from ektp_desk.ui.dialogs.office_identity import OfficeIdentityDialog

    return OfficeIdentityDialog(db, runner)


def import_wizard(db, runner):
    from ektp_desk.ui.dialogs.import_wizard import ImportWizard

    return ImportWizard(db, runner)


def audit_viewer(db, runner):
    from ektp_desk.ui.dialogs.audit_viewer import AuditViewerDialog

    return AuditViewerDialog(db, runner, today=dt.date(2026, 12, 7))


def login(db, runner):
    from ektp_desk.core import accounts
    from ektp_desk.ui.dialogs.login import LoginDialog

    accounts.add_demo_accounts(db)
    return LoginDialog(db, name="operator")


def change_password(db, runner):
    from ektp_desk.core import accounts
    from ektp_desk.ui.dialogs.login import ChangePasswordDialog

    accounts.add_demo_accounts(db)
    return ChangePasswordDialog(db, accounts.get(db, "operator"))


def first_run(db, runner):
    from ektp_desk.ui.dialogs.first_run import FirstRunWizard

    return FirstRunWizard(db)


def place_dialog(db, runner):
    from ektp_desk.ui.pages.jemput_bola.place_dialog import PlaceDialog

    return PlaceDialog(runner)


def visit_dialog(db, runner):
    from ektp_desk.core import scheduling
    from ektp_desk.ui.pages.jemput_bola.visit_dialog import VisitDialog

    return VisitDialog(db, runner, scheduling.list_places(db), today=dt.date(2026, 12, 7))


def problem_message(db, runner):
    from ektp_desk.ui.crash import error_box

    return error_box(None)


DIALOGS = (auto_schedule, holidays, walk_in, office_identity, import_wizard, audit_viewer,
           login, change_password, first_run, place_dialog, visit_dialog, problem_message)


@pytest.mark.parametrize("make", DIALOGS, ids=lambda f: f.__name__)
def test_every_dialog_mnemonic_presses_its_button_and_no_alt_letter_changes_a_choice(
        qtbot, db, runner, make):
    install_key_guard(QApplication.instance())
    demo.fill(db, 50, build_index=False)
    dialog = make(db, runner)
    qtbot.addWidget(dialog)
    activate(qtbot, dialog)
    check_every_mnemonic(qtbot, dialog, make.__name__)
    check_no_combo_changes(qtbot, dialog, make.__name__)
    dialog.close()


def test_alt_p_previews_and_leaves_who_is_chosen_alone(qtbot, db, runner):
    """Alt+P in Jadwalkan otomatis once fell through to the focused combo box and changed
    "Warga" to "Panggilan ulang: yang tidak hadir" where the clerk could not see it."""
    install_key_guard(QApplication.instance())
    demo.fill(db, 50, build_index=False)
    dialog = auto_schedule(db, runner)
    qtbot.addWidget(dialog)
    activate(qtbot, dialog)
    combos = [c for c in dialog.findChildren(QComboBox) if c.isVisible() and c.count() > 1]
    assert combos
    for combo in combos:
        combo.setFocus()
        qtbot.waitUntil(combo.hasFocus, timeout=5000)
        before = combo.currentText()
        with qtbot.waitSignal(dialog.preview_button.pressed, timeout=5000):
            dialog.preview_button.blockSignals(False)
            press_alt(qtbot, dialog, "p")
        dialog.preview_button.blockSignals(True)  # the preview itself is not this test's
        qtbot.waitUntil(lambda: not dialog.preview_button.isDown(), timeout=5000)
        dialog.preview_button.blockSignals(False)
        assert combo.currentText() == before
    dialog.close()
