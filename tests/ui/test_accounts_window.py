"""The window with accounts: the first-run wizard, the login, a role's pages, the idle
lock, all with real widgets on a real database."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWizard

from ektp_desk.core import accounts, audit, first_run
from ektp_desk.core.letters import profile
from ektp_desk.ui.dialogs.first_run import FirstRunWizard
from ektp_desk.ui.dialogs.login import ChangePasswordDialog, LoginDialog
from ektp_desk.ui.main_window import MainWindow


def staff(db) -> dict[str, accounts.Account]:
    """An admin, a supervisor and an operator (the demo's three)."""
    accounts.add_demo_accounts(db)
    return {a.name: a for a in accounts.list_accounts(db)}


def nav_item(window: MainWindow, title: str):
    return window.nav.item(list(window.pages).index(title))


def test_the_first_run_wizard_saves_the_profile_and_the_first_admin(qtbot, db, output_dir):
    assert first_run.needed(db)
    wizard = FirstRunWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    office = wizard.office
    office.edits["government"].setText("PEMERINTAH KOTA PEKALONGAN")
    office.edits["office"].setText("KECAMATAN PEKALONGAN BARAT")
    office.edits["address"].setText("Jl. Jend. Sudirman No. 1")
    office.edits["city"].setText("")  # required: refused, and the wizard stays
    wizard.next()
    assert wizard.currentPage() is office
    assert "Tempat surat" in office.error.text() and office.error.isVisible()
    office.edits["city"].setText("Pekalongan")
    office.code.setCurrentIndex(office.code.findData("337501"))
    office.grab().save(str(output_dir / "first_run_office.png"))
    wizard.next()
    assert wizard.currentPage() is wizard.admin
    admin = wizard.admin
    admin.name.setText("sri")
    admin.display.setText("Sri Wahyuni")
    admin.password.setText("kantor-barat-1")
    admin.repeat.setText("kantor-barat-2")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert "tidak sama" in admin.error.text() and not accounts.has_accounts(db)
    admin.repeat.setText("kantor-barat-1")
    wizard.grab().save(str(output_dir / "first_run_admin.png"))
    with qtbot.waitSignal(wizard.accepted, timeout=5000):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.account is not None and wizard.account.role == "admin"
    assert [(a.name, a.display_name) for a in accounts.list_accounts(db)] == [
        ("sri", "Sri Wahyuni")]
    assert profile.load(db).office == "KECAMATAN PEKALONGAN BARAT"
    assert first_run.office_kind(db) == ("kecamatan", "337501")
    assert not first_run.needed(db)


def test_a_wrong_then_a_right_password(qtbot, db, output_dir):
    staff(db)
    dialog = LoginDialog(db, name="operator")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.password_edit.setText("salah-salah")
    dialog.login_button.click()
    assert dialog.isVisible() and dialog.account is None
    assert dialog.error.text() == "Nama akun atau kata sandi salah."
    assert dialog.password_edit.text() == ""
    dialog.grab().save(str(output_dir / "login_wrong.png"))
    dialog.password_edit.setText("operator-demo")
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.login_button.click()
    assert dialog.account is not None and dialog.account.role == "operator"
    actions = [r[0] for r in db.execute_sql("SELECT action FROM audit_log "
                                            "WHERE action LIKE 'login%' ORDER BY id")]
    assert actions == ["login_gagal", "login"]


def test_five_wrong_passwords_lock_the_account_with_the_time(qtbot, db):
    staff(db)
    dialog = LoginDialog(db, name="operator")
    qtbot.addWidget(dialog)
    for _ in range(accounts.MAX_FAILED):
        dialog.password_edit.setText("salah-salah")
        dialog.login_button.click()
    assert "dikunci karena 5 kali salah kata sandi, sampai pukul" in dialog.error.text()
    dialog.password_edit.setText("operator-demo")
    dialog.login_button.click()
    assert dialog.account is None and "dikunci" in dialog.error.text()


def test_an_operator_cannot_open_pengaturan_and_is_told_who_may(qtbot, db, db_path,
                                                               output_dir):
    people = staff(db)
    window = MainWindow(db, db_path, people["operator"])
    qtbot.addWidget(window)
    window.show()
    pengaturan = nav_item(window, "Pengaturan")
    assert not pengaturan.flags() & Qt.ItemFlag.ItemIsEnabled
    assert pengaturan.toolTip() == "Hanya untuk admin"
    assert not window.page_actions[list(window.pages).index("Pengaturan")].isEnabled()
    window.page_actions[list(window.pages).index("Pengaturan")].trigger()
    assert window.current_page() is not window.pengaturan
    assert nav_item(window, "Sinkronisasi").toolTip() == "Hanya untuk supervisor dan admin"
    assert not window.import_action.isEnabled()
    close_day = window.meja.close_day_button
    assert not close_day.isEnabled() and close_day.toolTip() == \
        "Hanya untuk supervisor dan admin"
    close_day.setEnabled(True)  # its page enabling it again changes nothing for this role
    assert not close_day.isEnabled()
    assert nav_item(window, "Meja Layanan").flags() & Qt.ItemFlag.ItemIsEnabled
    assert accounts.acting_name(db) == "operator"
    window.grab().save(str(output_dir / "operator_window.png"))
    window.close()


def test_the_window_locks_after_idle_time_and_opens_for_another_account(qtbot, db, db_path,
                                                                       output_dir):
    people = staff(db)
    window = MainWindow(db, db_path, people["operator"], idle_ms=50)
    qtbot.addWidget(window)
    window.show()
    session = window.session
    assert session is not None
    qtbot.waitUntil(session.is_locked, timeout=10_000)
    assert not window.menuBar().isEnabled()
    assert not any(a.isEnabled() for a in window.page_actions)
    screen = session.lock_screen
    assert screen.name_edit.text() == "operator"
    window.grab().save(str(output_dir / "idle_locked.png"))
    screen.password_edit.setText("salah-salah")
    screen.unlock_button.click()
    assert session.is_locked() and screen.error.text() == "Nama akun atau kata sandi salah."
    session.idle.setInterval(600_000)  # the rest of the test is not idle
    screen.name_edit.setText("admin")
    screen.password_edit.setText("admin-demo")
    with qtbot.waitSignal(session.unlocked, timeout=5000):
        screen.unlock_button.click()
    assert not session.is_locked() and window.menuBar().isEnabled()
    # a new session: the admin may open Pengaturan, and the audit names the admin
    assert nav_item(window, "Pengaturan").flags() & Qt.ItemFlag.ItemIsEnabled
    assert window.meja.close_day_button.isEnabled()
    assert accounts.acting_name(db) == "admin"
    audit.record(db, accounts.acting_name(db), "uji")
    window.close()


def test_change_own_password_from_the_menu(qtbot, db, db_path):
    people = staff(db)
    window = MainWindow(db, db_path, people["operator"])
    qtbot.addWidget(window)
    assert window.session is not None
    window.session.password_action.trigger()
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, ChangePasswordDialog))
    dialog.old_edit.setText("operator-demo")
    dialog.new_edit.setText("baru-sekali-1")
    dialog.repeat_edit.setText("baru-sekali-1")
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.save_button.click()
    assert accounts.authenticate(db, "operator", "baru-sekali-1").name == "operator"
    window.close()


def test_the_run_command_logs_in_as_the_demo_operator_without_a_dialog(qtbot, db,
                                                                       monkeypatch):
    """What `tasks.py run` sets for the demo database (README)."""
    from ektp_desk.ui.app import log_in

    staff(db)
    monkeypatch.setenv("EKTP_DESK_USER", "operator")
    monkeypatch.setenv("EKTP_DESK_PASSWORD", "operator-demo")
    account = log_in(db)
    assert account is not None and account.role == "operator"


def test_a_shortcut_to_a_forbidden_action_is_refused_by_core(qtbot, db, runner, monkeypatch):
    """Were the Pengaturan page open and its save enabled for an operator (a bug, a stray
    shortcut), Ctrl+S reaches core, which refuses it with the message: nothing saved."""
    from PySide6.QtWidgets import QMessageBox

    from ektp_desk.core import settings
    from ektp_desk.ui.pages.pengaturan import PengaturanPage

    accounts.sign_in(db, staff(db)["operator"])
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    page = PengaturanPage(db, runner)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    edit = page.editors["desk_name"]
    edit.setText("Meja 9")
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(shown))
    assert shown == ["Hanya admin yang boleh mengubah pengaturan."]
    assert settings.get(db, "desk_name") != "Meja 9"
    assert page.status.text() != "Tersimpan."
    assert not db.execute_sql("SELECT 1 FROM audit_log WHERE action = 'setting'").fetchone()
