"""Small widgets and helpers the pages and dialogs share."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QDate, QLocale, Qt
from PySide6.QtWidgets import QDateEdit, QMessageBox, QWidget

ERROR_STYLE = "color: #b3261e;"
INDONESIAN = QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia)



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
    edit.setLocale(INDONESIAN)
    popup = edit.calendarWidget()
    popup.setLocale(INDONESIAN)
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
