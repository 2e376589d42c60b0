"""The logged-in account in the window: what its role may use, the idle lock, and changing
one's password (docs/domain.md, "Accounts and roles").

- :class:`RoleGate` disables the pages and actions a role may not use, with a tooltip
  saying who may ("Hanya untuk admin"), and keeps them disabled when their page enables
  them again for its own reasons.
- :class:`SessionGuard` covers the window with a lock screen after ``idle_lock_minutes``
  without a key press or a mouse move in any of the program's windows (it watches the
  top-level windows only, not every object); the password of the account, or of another
  account (a new session), opens it again.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QWindow
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.core import accounts, settings
from ektp_desk.core.errors import UserError
from ektp_desk.ui.dialogs.login import ChangePasswordDialog, password_edit
from ektp_desk.ui.widgets import error_label, page_title

Target = QWidget | QAction | QListWidgetItem

# the pages only some roles may open, and the buttons of a page only some may press
PAGE_RIGHTS = {"sinkronisasi": "sync", "kantor": "office_profile", "pengaturan": "settings"}
PAGE_BUTTONS: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = {
    "sinkronisasi": ((("init_button", "trust_button", "rotate_button", "retire_button",
                       "restore_button"), "office_keys"),),
    "meja": ((("close_day_button",), "close_day"),),
    "surat": ((("reprint_button",), "reprint"),),
    "jadwal": ((("auto_button", "add_button", "cancel_button", "move_slot_button",
                 "move_people_button"), "schedule"),),
}

# what the input of a person is made of: any of these restarts the idle time
INPUT_EVENTS = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress,
                          QEvent.Type.MouseMove, QEvent.Type.Wheel,
                          QEvent.Type.TouchBegin})


class RoleGate(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._rules: list[tuple[Target, str, str]] = []  # target, action, its own tooltip
        self._blocked: set[int] = set()
        self._wanted: dict[int, bool] = {}  # a blocked widget's state as its page set it

    def add(self, target: Target, action: str) -> None:
        self._rules.append((target, action, target.toolTip()))
        if isinstance(target, QWidget):
            target.installEventFilter(self)

    def apply(self, role: str | None) -> None:
        for target, action, tip in self._rules:
            allowed = accounts.may(role, action)
            target.setToolTip(tip if allowed else accounts.who_may(action))
            if isinstance(target, QListWidgetItem):
                flags = target.flags()
                target.setFlags(flags | Qt.ItemFlag.ItemIsEnabled if allowed
                                else flags & ~Qt.ItemFlag.ItemIsEnabled)
            elif isinstance(target, QAction):
                target.setEnabled(allowed)
            elif allowed and id(target) in self._blocked:
                self._blocked.discard(id(target))
                target.setEnabled(self._wanted.pop(id(target), True))
            elif not allowed and id(target) not in self._blocked:
                self._wanted[id(target)] = target.isEnabled()
                self._blocked.add(id(target))
                target.setEnabled(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.EnabledChange and id(watched) in self._blocked \
                and isinstance(watched, QWidget) and watched.isEnabled():
            self._wanted[id(watched)] = True  # its page enabled it: not for this role
            watched.setEnabled(False)
        return False


class LockScreen(QWidget):
    """What covers the window while it is locked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("accountName")
        self.password_edit = password_edit("password")
        self.unlock_button = QPushButton(self.tr("&Buka"))
        self.unlock_button.setObjectName("unlock")
        self.unlock_button.setDefault(True)
        self.password_edit.returnPressed.connect(self.unlock_button.click)
        self.error = error_label()
        note = QLabel(self.tr("Layar dikunci karena tidak dipakai. Masukkan kata sandi akun "
                              "ini, atau masuk dengan akun lain."))
        note.setWordWrap(True)
        form = QFormLayout()
        name_label = QLabel(self.tr("&Nama akun:"))
        name_label.setBuddy(self.name_edit)
        password_label = QLabel(self.tr("&Kata sandi:"))
        password_label.setBuddy(self.password_edit)
        form.addRow(name_label, self.name_edit)
        form.addRow(password_label, self.password_edit)
        box = QWidget()
        box.setFixedWidth(460)
        inner = QVBoxLayout(box)
        inner.addWidget(page_title(self.tr("Terkunci")))
        inner.addWidget(note)
        inner.addLayout(form)
        inner.addWidget(self.error)
        inner.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)


class SessionGuard(QObject):
    """The account's session in a main window: role gating, the idle lock, the Berkas
    menu's *Ganti kata sandi…* and *Kunci layar*."""

    locked = Signal()
    unlocked = Signal(object)  # the account now logged in

    def __init__(self, window: QWidget, account: accounts.Account, *,
                 idle_ms: int | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.db = window.db  # type: ignore[attr-defined]
        self.account = account
        accounts.sign_in(self.db, account)
        window._update_user_label()  # type: ignore[attr-defined]  # the account, not the setting
        self.gate = RoleGate(self)
        self._gate_window()
        self.gate.apply(account.role)

        self.lock_screen = LockScreen()
        self.lock_screen.unlock_button.clicked.connect(self.try_unlock)
        self.stack = QStackedWidget()
        self.stack.addWidget(window.takeCentralWidget())  # type: ignore[attr-defined]
        self.stack.addWidget(self.lock_screen)
        window.setCentralWidget(self.stack)  # type: ignore[attr-defined]

        minutes = int(settings.get(self.db, "idle_lock_minutes"))
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.setInterval(idle_ms if idle_ms is not None else minutes * 60_000)
        self.idle.timeout.connect(self.lock)
        self.idle.start()
        self._watched: set[int] = set()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusWindowChanged.connect(self._watch)
        window.installEventFilter(self)  # its Show: then its QWindow exists
        self._add_menu()

    # --- gating -------------------------------------------------------------------------
    def _gate_window(self) -> None:
        """The navigation and menu now; a page's own buttons when the page is built (the
        pages after the first are built after the first paint: docs/architecture.md,
        "Cold start"), so gating never builds a page."""
        w = self.window
        rows = list(w.pages)  # type: ignore[attr-defined]
        for attribute, action in PAGE_RIGHTS.items():
            row = rows.index(w.page_title(attribute))  # type: ignore[attr-defined]
            self.gate.add(w.nav.item(row), action)  # type: ignore[attr-defined]
            self.gate.add(w.page_actions[row], action)  # type: ignore[attr-defined]
        self.gate.add(w.import_action, "import")  # type: ignore[attr-defined]
        w.page_built.connect(self._gate_page)  # type: ignore[attr-defined]
        for attribute in PAGE_BUTTONS:
            if w.pages.built(w.page_title(attribute)):  # type: ignore[attr-defined]
                self._gate_page(attribute, getattr(w, attribute), apply=False)

    def _gate_page(self, attribute: str, page: QWidget, apply: bool = True) -> None:
        for names, action in PAGE_BUTTONS.get(attribute, ()):
            for name in names:
                self.gate.add(getattr(page, name), action)
        if apply:
            self.gate.apply(self.account.role)

    def _apply_role(self) -> None:
        self.gate.apply(self.account.role)
        nav = self.window.nav  # type: ignore[attr-defined]
        item = nav.currentItem()
        if item is not None and not item.flags() & Qt.ItemFlag.ItemIsEnabled:
            nav.setCurrentRow(0)  # the new account may not see the page left open

    # --- menu ---------------------------------------------------------------------------
    def _add_menu(self) -> None:
        w = self.window
        self.password_action = QAction(self.tr("Ganti kata &sandi…"), w)
        self.password_action.triggered.connect(self.change_password)
        self.lock_action = QAction(self.tr("Kunci &layar"), w)
        self.lock_action.triggered.connect(self.lock)
        menu = w.file_menu  # type: ignore[attr-defined]
        menu.insertAction(w.quit_action, self.password_action)  # type: ignore[attr-defined]
        menu.insertAction(w.quit_action, self.lock_action)  # type: ignore[attr-defined]
        menu.insertSeparator(w.quit_action)  # type: ignore[attr-defined]
        menu.setToolTipsVisible(True)  # the import action says who may

    def change_password(self) -> ChangePasswordDialog:
        dialog = ChangePasswordDialog(self.db, self.account, self.window)
        dialog.open()
        return dialog

    # --- idle lock ----------------------------------------------------------------------
    def _watch(self, window: QWindow | None) -> None:
        if window is not None and id(window) not in self._watched:
            self._watched.add(id(window))
            window.installEventFilter(self)
            window.destroyed.connect(lambda: self._watched.discard(id(window)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.window:
            if kind == QEvent.Type.Show:
                self._watch(self.window.windowHandle())
        elif kind in INPUT_EVENTS and not self.is_locked():
            self.idle.start()  # activity: the idle time starts again
        return False

    def _shortcut_actions(self) -> list[QAction]:
        w = self.window
        return [*w.page_actions, w.import_action,  # type: ignore[attr-defined]
                self.password_action, self.lock_action]

    def is_locked(self) -> bool:
        return self.stack.currentWidget() is self.lock_screen

    def lock(self) -> None:
        if self.is_locked():
            return
        self.idle.stop()
        self.stack.setCurrentWidget(self.lock_screen)
        self.window.menuBar().setEnabled(False)  # type: ignore[attr-defined]
        for action in self._shortcut_actions():  # Ctrl+1… would reach the pages behind
            action.setEnabled(False)
        self.lock_screen.name_edit.setText(self.account.name)
        self.lock_screen.password_edit.clear()
        self.lock_screen.error.setVisible(False)
        self.lock_screen.password_edit.setFocus()
        self.locked.emit()

    def try_unlock(self) -> None:
        screen = self.lock_screen
        try:
            account = accounts.authenticate(self.db, screen.name_edit.text(),
                                            screen.password_edit.text())
        except UserError as exc:
            screen.password_edit.clear()
            screen.error.setText(exc.message)
            screen.error.setVisible(True)
            return
        if account.name != self.account.name:  # another clerk: a new session
            self.account = account
            accounts.sign_in(self.db, account)
            self.window._update_user_label()  # type: ignore[attr-defined]
        self.stack.setCurrentIndex(0)
        self.window.menuBar().setEnabled(True)  # type: ignore[attr-defined]
        for action in self._shortcut_actions():
            action.setEnabled(True)
        self._apply_role()
        self.idle.start()
        self.unlocked.emit(account)
