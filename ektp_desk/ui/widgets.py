"""Small widgets and helpers the pages and dialogs share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QDate,
    QEvent,
    QLocale,
    QObject,
    QSize,
    Qt,
)
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QSizePolicy,
    QTableView,
    QWidget,
)

from ektp_desk.core import messages
from ektp_desk.core.errors import UserError
from ektp_desk.core.regions import RegionTable
from ektp_desk.ui import theme

ERROR_STYLE = theme.text_style(theme.ERROR)
INDONESIAN = QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia)


def tr(text: str) -> str:
    """tr() for module functions that build part of a page or dialog (they have no class of
    their own): lupdate files a bare tr() under the empty context, so it is read from there."""
    return QCoreApplication.translate("", text)


def error_text(error: BaseException) -> str:
    """What to tell the clerk about a failed job: a UserError's own message; anything else
    is a program error, reported to the log (crash.report) and told as such."""
    if isinstance(error, UserError):
        return error.message
    from ektp_desk.ui import crash

    crash.report(error)
    return QCoreApplication.translate("widgets", "Terjadi kesalahan program; rinciannya "
                                      "tercatat di log.")


def error_label() -> QLabel:
    """The hidden, wrapping, red label ("error") a dialog shows its error in."""
    label = QLabel()
    label.setObjectName("error")
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.setVisible(False)
    return label


def buddy_label(text: str, buddy: QWidget) -> QLabel:
    """A label whose mnemonic (&) focuses `buddy`."""
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def choice_combo(name: str, everything: str, choices: Iterable[tuple[str, Any]]) -> QComboBox:
    """A filter combo: `everything` (data None) first, then (label, data) `choices`."""
    combo = QComboBox()
    combo.setObjectName(name)
    combo.addItem(everything, None)
    for label, data in choices:
        combo.addItem(label, data)
    return combo


def fill_kelurahan(combo: QComboBox, table: RegionTable, kecamatan_code: str | None,
                   everything: str) -> None:
    """Fill a kelurahan filter combo with `everything` and the kelurahan of the kecamatan
    (all when None) by name, keeping the chosen one when it is still there; no signals."""
    keep = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(everything, None)
    choices = (table.kelurahan_in(kecamatan_code) if kecamatan_code
               else list(table.kelurahan.values()))
    for kel in sorted(choices, key=lambda k: k.name):
        combo.addItem(kel.name, kel.code)
    combo.setCurrentIndex(max(combo.findData(keep), 0) if keep else 0)
    combo.blockSignals(False)


def rows_table(model: QAbstractItemModel, name: str, owner: QWidget, *,
               selection: QAbstractItemView.SelectionMode | None = None,
               stretch: int | None = None) -> QTableView:
    """A table of `model` that selects whole rows, alternates row colours and has no row
    numbers; rows are one line of `owner`'s font (+8 px) high. `selection`: the selection
    mode (Qt's default when None); `stretch`: the column that takes the width left, the
    others fit their contents (all left as they are when None)."""
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if selection is not None:
        table.setSelectionMode(selection)
    table.setAlternatingRowColors(True)
    rows = table.verticalHeader()
    rows.setVisible(False)
    rows.setDefaultSectionSize(owner.fontMetrics().height() + 8)
    if stretch is not None:
        header = table.horizontalHeader()
        for column in range(model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch
                                        if column == stretch
                                        else QHeaderView.ResizeMode.ResizeToContents)
    return table


def fit_columns(view: QTableView, stretch: int | None = None, *,
                interactive: Iterable[int] = ()) -> None:
    """Columns sized to what they hold: each fits its contents, `stretch` (the name
    column, say) takes the width left, and `interactive` ones start at their contents'
    width and are then the clerk's to drag. Call it again after the model's columns change.
    A long model measures its rows on every change: for thousands of rows give the wide
    text column as `stretch` and the short ones fixed widths instead."""
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    keep = set(interactive)
    model = view.model()
    for column in range(model.columnCount() if model is not None else 0):
        if column == stretch:
            mode = QHeaderView.ResizeMode.Stretch
        elif column in keep:
            view.resizeColumnToContents(column)
            mode = QHeaderView.ResizeMode.Interactive
        else:
            mode = QHeaderView.ResizeMode.ResizeToContents
        header.setSectionResizeMode(column, mode)


def button_row(*buttons: QWidget) -> QHBoxLayout:
    """A dialog's closing buttons side by side at the right, in the order given."""
    row = QHBoxLayout()
    row.addStretch(1)
    for button in buttons:
        row.addWidget(button)
    return row


def page_title(text: str) -> QLabel:
    """The heading at the top of a page: one style for all (QLabel#pageTitle in app.py)."""
    label = QLabel(text)
    label.setObjectName("pageTitle")
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.3)  # also without the app's style sheet
    label.setFont(font)
    return label


class ElidedLabel(QLabel):
    """A one-line label that asks for no width of its own and cuts its text with "…" when
    narrow (the full text is its tooltip, and what text() answers): a long path or progress
    message in a row may not widen the window."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._full = ""
        self.setText(text)

    def setText(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def text(self) -> str:
        return self._full

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance(self._full) + 8,
                     super().sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideMiddle,
                                              max(self.width(), 0))
        super().setText(shown if self.width() > 0 else self._full)


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def to_date(qdate: QDate) -> dt.date:
    return dt.date(qdate.year(), qdate.month(), qdate.day())


def date_edit(day: dt.date) -> QDateEdit:
    """A date field as clerks write dates (dd-MM-yyyy), with an Indonesian calendar popup
    whose weeks start on Senin."""
    edit = QDateEdit(to_qdate(day))
    edit.setDisplayFormat("dd-MM-yyyy")
    edit.setCalendarPopup(True)
    # the popup's month and day names in the window's language (Indonesian by default)
    locale = INDONESIAN if messages.language() != "en" else QLocale()
    edit.setLocale(locale)
    popup = edit.calendarWidget()
    popup.setLocale(locale)
    popup.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
    popup.setGridVisible(True)
    return edit


def confirm(parent: QWidget | None, title: str, text: str, *, yes: str | None = None,
            no: str | None = None, informative: str = "") -> bool:
    """A question with Indonesian buttons (Qt has no Indonesian catalogue); "Tidak" is the
    default and Esc answers it."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.NoButton, parent)
    if informative:
        box.setInformativeText(informative)
    yes_button = box.addButton(yes or QCoreApplication.translate("confirm", "Ya"),
                               QMessageBox.ButtonRole.YesRole)
    no_button = box.addButton(no or QCoreApplication.translate("confirm", "Tidak"),
                              QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(no_button)
    box.setEscapeButton(no_button)
    box.exec()
    return box.clickedButton() is yes_button


def key_for(button: QAbstractButton, sequence: str | QKeySequence) -> QShortcut:
    """Give a button a key beside the Alt+letter its text underlines, and show the key on
    the button. (QAbstractButton.setShortcut would replace the underlined mnemonic, so
    Alt+letter would do nothing, or fall through to whatever has the focus.) The key acts
    only while the button can be clicked: visible on the current page, and enabled."""
    key = QKeySequence(sequence)
    native = key.toString(QKeySequence.SequenceFormat.NativeText)
    if button.text():
        button.setText(f"{button.text()}  ({native})")
    tip = button.toolTip()
    if tip and native not in tip:
        button.setToolTip(f"{tip} ({native})")
    elif not tip:
        button.setToolTip(native)
    shortcut = QShortcut(key, button)
    shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
    shortcut.activated.connect(lambda: _click_if_usable(button))
    return shortcut


def _click_if_usable(button: QAbstractButton) -> None:
    if button.isEnabled() and button.isVisible():
        button.animateClick()


class AltLetterGuard(QObject):
    """Swallows an Alt+letter that no mnemonic or menu took. Qt hands such a key press on
    to the focused widget, and a combo box or a list takes the letter as a search: the
    clerk's choice would change where they cannot see it. It watches only the widgets that
    search as you type, from the moment one first takes the focus (an application-wide
    filter would run Python for every event of every object, even objects being
    destroyed)."""

    def watch(self, _old: QWidget | None, new: QWidget | None) -> None:
        if isinstance(new, QComboBox | QAbstractItemView) and \
                not new.property("altLetterGuarded"):
            new.setProperty("altLetterGuarded", True)
            new.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if modifiers == Qt.KeyboardModifier.AltModifier and event.text().strip():
                return True
        return False


def open_at(window: QWidget, width: int, height: int) -> None:
    """Give a dialog its usual size, but never more than the screen leaves (a 1366×768
    laptop at 125 % leaves about 1093×550 under the title bar and the taskbar)."""
    room = screen_room(window)
    window.resize(min(width, room.width()), min(height, room.height()))


def screen_room(window: QWidget) -> QSize:
    """What the window's screen leaves for a window, less its frame and title bar."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry().size() - QSize(40, 80)
