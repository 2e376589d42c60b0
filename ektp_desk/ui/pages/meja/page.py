"""MejaPage: the Meja Layanan page's behaviour (the package docstring says what the page
does); its widgets are built in ``sections.py`` and ``card.py``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import peewee as pw
from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QDialog, QSplitter, QVBoxLayout, QWidget

from ektp_desk.core import clock, desk, desk_rules, settings
from ektp_desk.core.calendar import format_date_id
from ektp_desk.core.desk import PersonCard
from ektp_desk.core.errors import Cancelled, UserError
from ektp_desk.core.jobs import Changes
from ektp_desk.core.letters.numbering import QR_PREFIX
from ektp_desk.core.people import format_count
from ektp_desk.ui.changes import ChangeBus, PageRefresh
from ektp_desk.ui.dialogs.close_day import CloseDayDialog
from ektp_desk.ui.dialogs.walk_in import WalkInDialog
from ektp_desk.ui.operations.desk import (
    WALK_IN,
    Opened,
    TodayData,
    close_day_job,
    open_job,
    scan_job,
    search_job,
    today_job,
    undo_job,
    walk_in_opened,
)
from ektp_desk.ui.pages.meja import outcomes, visit_mode
from ektp_desk.ui.pages.meja.card import build_person_card, show_person_card
from ektp_desk.ui.pages.meja.models import HistoryModel, ResultsModel, TodayModel
from ektp_desk.ui.pages.meja.sections import (
    FILTERS,
    build_history,
    build_notice,
    build_outcome_keys,
    build_results,
    build_search_bar,
    build_today,
    fit_columns,
    select_row,
)
from ektp_desk.ui.runner import JobRunner
from ektp_desk.ui.widgets import confirm, error_text, page_title

REFRESH_MS = 15000  # today's list again, for what other desks marked


def classify(text: str) -> str:
    """What the clerk (or the scanner) entered: 'code' (the QR text), 'nik' (16 digits),
    'maybe_code' (12 letters and digits 2–7: a typed code, or a one-word name), 'search'
    (a name or the start of a NIK), or '' (nothing)."""
    value = text.strip()
    if not value:
        return ""
    if value.upper().startswith(QR_PREFIX):
        return "code"
    digits = "".join(ch for ch in value if ch not in " .-")
    if digits.isascii() and digits.isdigit():
        return "nik" if len(digits) == 16 else "search"
    compact = "".join(ch for ch in value if ch not in " -").upper()
    if len(compact) == 12 and all(ch.isascii() and (ch.isalpha() or ch in "234567")
                                  for ch in compact):
        return "maybe_code"
    return "search"


class MejaPage(QWidget):
    """The front desk. `today` is the recording day (the clock's when not given)."""

    person_shown = Signal(object)  # PersonCard | None, after the card changed
    today_loaded = Signal()  # today's list and counts were read again
    notice_changed = Signal(str, str)  # kind ('info'|'ok'|'warn'|'error'), text
    service_places_loaded = Signal()  # the "Layanan di" choices were read again
    visit_closed = Signal(object)  # VisitResult, after Tutup kunjungan

    def __init__(self, db: pw.Database, runner: JobRunner, bus: ChangeBus | None = None,
                 parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mejaPage")
        self.db = db
        self.runner = runner
        self.bus = bus or runner.bus
        self.today = today or clock.today()
        self.card: PersonCard | None = None
        self.masked = bool(settings.get(db, "mask_nik"))
        self.dialog: QDialog | None = None
        self._searched_for: str | None = None
        self.opening = False  # a person (or a search) is being read: the keys wait
        # the read showing a person: a later lookup replaces it
        self._opening = (id(self), "open")

        self.results_model = ResultsModel(self)
        self.results_model.masked = self.masked
        self.history_model = HistoryModel(self)
        self.today_model = TodayModel(self)
        self._build()
        self._connect()
        self._show_card(None)
        self.bus.changed.connect(self._on_settings)
        self.refresher = PageRefresh(
            self, self.bus, lambda c: c.events or c.people or c.schedule or c.imports,
            self.reload_today)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setInterval(REFRESH_MS)
        self._refresh_timer.timeout.connect(self._periodic_refresh)
        self._refresh_timer.start()
        self.reload_today()
        visit_mode.reload_choices(self)
        self.places_refresher = PageRefresh(self, self.bus, lambda c: c.schedule,
                                            lambda: visit_mode.reload_choices(self))

    @property
    def visit_id(self) -> int | None:
        """The jemput bola visit this desk serves now, or None for the office."""
        value = self.service_at.currentData()
        return int(value) if value is not None else None

    def show_nobody(self) -> None:
        self._show_card(None)

    # --- layout -------------------------------------------------------------------------
    def _build(self) -> None:
        """The search bar and notice on top; below, the person (results, card, outcome keys,
        history) beside today's list. The sections' builders name the widgets."""
        top = build_search_bar(self)
        build_notice(self)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 4, 0)
        left_layout.addWidget(build_results(self))
        left_layout.addWidget(build_person_card(self))
        left_layout.addLayout(build_outcome_keys(self))
        left_layout.addLayout(build_history(self))
        left_layout.addWidget(self.history, 1)
        right = build_today(self)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("splitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setCollapsible(0, False)
        self.splitter.setSizes([600, 500])

        layout = QVBoxLayout(self)
        layout.addLayout(visit_mode.build_choice(self, page_title(self.tr("Meja Layanan"))))
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(self.splitter, 1)
        self.setFocusProxy(self.search)

    def _connect(self) -> None:
        self.search.returnPressed.connect(self.submit)
        self.search.textChanged.connect(lambda _text: outcomes.refresh_outcomes(self))
        self.search.installEventFilter(self)
        self.results.doubleClicked.connect(lambda index: self._open_result(index.row()))
        self.today_view.doubleClicked.connect(lambda index: self._open_today(index.row()))
        self.today_view.installEventFilter(self)
        self.filter_group.buttonToggled.connect(
            lambda _button, checked: self.reload_today() if checked else None)
        self.walk_in_button.clicked.connect(self.open_walk_in)
        self.close_day_button.clicked.connect(self.ask_close_day)
        self.undo_button.clicked.connect(self.undo)

        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        self.shortcuts: dict[str, QShortcut] = {}
        # a key does what its button does; a greyed-out button's key only says why
        keys = {**{(status, None): key for status, key in desk_rules.OUTCOME_KEYS.items()},
                ("terekam", outcomes.TANPA_JARI): desk_rules.TANPA_JARI_KEY}
        for (status, reason), key in keys.items():
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(context)
            shortcut.activated.connect(lambda s=status, r=reason: self.mark(s, r))
            self.shortcuts[key] = shortcut
        for sequence, slot in ((QKeySequence.StandardKey.Undo, self.undo),
                               (QKeySequence("Ctrl+N"), self.open_walk_in),
                               (QKeySequence.StandardKey.Find, self.focus_search)):
            shortcut = QShortcut(sequence, self)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)

    # --- keyboard -------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.search and kind == QEvent.Type.ShortcutOverride:
            assert isinstance(event, QKeyEvent)
            if event.matches(QKeySequence.StandardKey.Undo):
                return True  # Ctrl+Z undoes the person's last change, not the typing
        if watched is self.search and kind == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp,
                       Qt.Key.Key_PageDown) and self.results.isVisible():
                self._move_result(key)
                return True
            if key == Qt.Key.Key_Escape:
                self.clear_search()
                return True
        if watched is self.today_view and kind == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                current = self.today_view.currentIndex()
                if current.isValid():
                    self._open_today(current.row())
                return True
        return super().eventFilter(watched, event)

    def _move_result(self, key: int) -> None:
        count = self.results_model.rowCount()
        if not count:
            return
        row = self.results.currentIndex().row()
        step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -5,
                Qt.Key.Key_PageDown: 5}[Qt.Key(key)]
        select_row(self.results, min(max(row + step if row >= 0 else 0, 0), count - 1))

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def refocus(self) -> None:
        """Give the focus back to the search field (after every action)."""
        if self.dialog is not None and self.dialog.isVisible():
            return
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def dialog_closed(self) -> None:
        """A dialog of the page closed: the window gets the keyboard back, and the search
        field the focus."""
        self.dialog = None
        QTimer.singleShot(0, self._focus_back)

    def _focus_back(self) -> None:
        window = self.window()
        if self.isVisible() and not window.isActiveWindow():
            window.activateWindow()
        self.refocus()

    def clear_search(self) -> None:
        self.search.clear()
        self._hide_results()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self.refocus)

    # --- entering a code, a NIK or a name -------------------------------------------------
    def submit(self) -> None:
        """Enter in the search field."""
        text = self.search.text().strip()
        if self.results.isVisible() and text == self._searched_for:
            current = self.results.currentIndex()
            if current.isValid():
                self._open_result(current.row())
                return
        kind = classify(text)
        if not kind:
            return
        self._hide_results()
        if kind in ("code", "maybe_code"):
            self._scan(text, maybe=kind == "maybe_code")
        elif kind == "nik":
            self._scan(text, maybe=False, mark=False)
        else:
            self._search(text)

    def _scan(self, text: str, *, maybe: bool, mark: bool | None = None) -> None:
        if mark is None:
            mark = self.auto_hadir.isChecked()
        def failed(error: BaseException) -> None:
            if maybe and isinstance(error, UserError) and text.replace(" ", "").isalpha():
                self._search(text, fallback=error)  # a one-word name, or a bad code
                return
            self.failed(error)

        self._set_opening(True)
        if mark:
            self.runner.forget(self._opening)  # the scan is what the clerk wants shown now
            self.runner.run_write(scan_job, text, mark=True, today=self.today, source=self,
                                  visit_id=self.visit_id,
                                  on_success=lambda result: self.opened(result, text),
                                  on_failure=failed)
        else:
            self.runner.run_read(scan_job, text, mark=False, today=self.today,
                                 key=self._opening, visit_id=self.visit_id,
                                 on_success=lambda result: self.opened(result, text),
                                 on_failure=failed)

    def _search(self, text: str, fallback: UserError | None = None) -> None:
        def found(results: list[PersonCard]) -> None:
            if not results and fallback is not None:
                self.failed(fallback)
                return
            self._show_results(text, results)

        # a newer search replaces this one
        self._set_opening(True)
        self.runner.run_read(search_job, text, today=self.today, visit_id=self.visit_id,
                             on_success=found,
                             on_failure=self.failed, key=(id(self), "search"))

    def _set_opening(self, value: bool) -> None:
        self.opening = value
        outcomes.refresh_outcomes(self)

    def _show_results(self, text: str, results: list[PersonCard]) -> None:
        self._searched_for = text
        self.opening = False
        self.results_model.set_rows(results)
        if not results:
            self.results.setVisible(False)
            self.say("warn", self.tr("Tidak ada warga yang cocok dengan \"{text}\". Periksa "
                                      "ejaan, atau catat sebagai datang langsung (Ctrl+N)."
                                      ).format(text=text))
        else:
            self._fit_results()
            self.results.setVisible(True)
            select_row(self.results, 0)
            if len(results) == 1:
                self.say("info", self.tr("1 warga cocok. Tekan Enter untuk membukanya."))
            else:
                self.say("info", self.tr("{n} warga cocok. Pilih dengan ↑/↓ lalu Enter."
                                          ).format(n=len(results)))
        self.search.selectAll()
        outcomes.refresh_outcomes(self)
        self.refocus()

    def _fit_results(self) -> None:
        fit_columns(self.results, 260)
        header = self.results.horizontalHeader()
        rows = min(self.results_model.rowCount(), 6)
        height = header.height() + rows * self.results.verticalHeader().defaultSectionSize()
        self.results.setFixedHeight(height + 4)

    def _hide_results(self) -> None:
        self._searched_for = None
        self.results.setVisible(False)
        self.results_model.set_rows([])
        outcomes.refresh_outcomes(self)

    def _open_result(self, row: int) -> None:
        card = self.results_model.row_value(row)
        if card is None:
            return
        self._hide_results()
        self.search.clear()
        self.open_person(card.person_id)

    def _open_today(self, row: int) -> None:
        value = self.today_model.row_value(row)
        if value is not None:
            self.clear_search()  # the card then matches what the page shows
            self.open_person(value.person_id)
        self.refocus()

    def open_person(self, person_id: int) -> None:
        """Show a person (read on a reader thread)."""
        self._set_opening(True)
        self.runner.run_read(open_job, person_id, today=self.today, key=self._opening,
                             visit_id=self.visit_id,
                             on_success=lambda result: self.opened(result, None),
                             on_failure=self.failed)

    # --- outcomes and undo ----------------------------------------------------------------
    def mark(self, status: str, reason: str | None = None) -> None:
        """Record `status` for the shown person (``outcomes.mark`` says when it may)."""
        outcomes.mark(self, status, reason)

    def undo(self) -> None:
        """Ctrl+Z: undo the shown person's last change."""
        card = self.card
        if card is None:
            self.say("warn", self.tr("Belum ada warga yang dibuka: tidak ada yang dibatalkan."))
            self.refocus()
            return
        self.runner.run_write(undo_job, card.person_id, today=self.today, source=self,
                              visit_id=self.visit_id,
                              on_success=lambda result: self.opened(result, None),
                              on_failure=self.failed)

    # --- after a job ----------------------------------------------------------------------
    def opened(self, result: Opened, scanned: str | None) -> None:
        card = result.card
        self.opening = False
        self._show_card(card)
        self.history_model.set_rows(result.history)
        self._fit_history()
        if scanned is not None and self.search.text().strip() == scanned:
            self.search.clear()  # ready for the next scan
        queue = self.tr(" · antrian {n}").format(n=card.queue_number) \
            if card.queue_number else ""
        if result.marked == WALK_IN:
            self.say("ok", self.tr("{name} dicatat sebagai datang langsung ({status}{queue})."
                                    ).format(name=card.name, status=card.status_label,
                                             queue=queue))
        elif result.undone:
            self.say("ok", self.tr("Perubahan terakhir {name} dibatalkan; status sekarang "
                                    "{status}.").format(name=card.name,
                                                        status=card.status_label))
        elif result.marked is not None:
            self.say("ok", self.tr("✓ {name}: {status}{queue}").format(
                name=card.name, status=card.status_label, queue=queue))
        elif scanned is not None and self.auto_hadir.isChecked() and \
                classify(scanned) != "nik":
            self.say("info", self.tr("{name} sudah berstatus {status}{queue}; tidak ditandai "
                                      "hadir lagi.").format(name=card.name,
                                                            status=card.status_label,
                                                            queue=queue))
        else:
            self.say("info", self.tr("{name} dibuka ({status}{queue}). Pilih hasil dengan "
                                      "tombol F.").format(name=card.name,
                                                          status=card.status_label,
                                                          queue=queue))
        if card.warnings:
            QApplication.beep()
        if not result.changes.any:  # after a change the list is read again and selects
            self._select_in_today(card.person_id)
        self.refocus()

    def failed(self, error: BaseException) -> None:
        self._set_opening(False)
        if isinstance(error, Cancelled):
            self.say("info", self.tr("Dibatalkan. Tidak ada yang diubah."))
        elif isinstance(error, UserError):
            self.say("error", error.message)
            QApplication.beep()
        else:
            self.say("error", error_text(error))
        self.search.selectAll()
        self.refocus()

    def say(self, kind: str, text: str) -> None:
        self.notice.show_notice(kind, text)
        self.notice_changed.emit(kind, text)

    @property
    def notice_kind(self) -> str:
        return self.notice.kind

    # --- the card -------------------------------------------------------------------------
    def _show_card(self, card: PersonCard | None) -> None:
        self.card = card
        show_person_card(self, card)
        self.undo_button.setEnabled(card is not None)
        if card is None:
            self.history_model.set_rows([])
        outcomes.refresh_outcomes(self)
        self.person_shown.emit(card)

    def _fit_history(self) -> None:
        fit_columns(self.history, 280)
        if self.history_model.rowCount():
            self.history.scrollToBottom()

    # --- today ----------------------------------------------------------------------------
    @property
    def filter_key(self) -> str:
        for key, tile in self.filter_buttons.items():
            if tile.isChecked():
                return key
        return "all"

    def set_filter(self, key: str) -> None:
        self.filter_buttons[key].setChecked(True)

    def reload_today(self) -> None:
        self.runner.run_read(today_job, self.today, self.filter_key, self.visit_id,
                             key=(id(self), "today"),
                             on_success=self._today_read, on_failure=self._today_failed)

    def _today_read(self, data: TodayData) -> None:
        shown = self.card.person_id if self.card is not None else None
        scrolled = self.today_view.verticalScrollBar().value()
        self.today_model.set_rows(data.rows)
        self.today_view.verticalScrollBar().setValue(scrolled)
        self._show_counts(data.counts)
        self.counts_label.setVisible(False)
        self.today_empty.setVisible(not data.rows)
        self.today_empty.setText(self.tr("Belum ada warga pada daftar ini."))
        if shown is not None:
            self._select_in_today(shown)
        self.today_loaded.emit()

    def _today_failed(self, error: BaseException) -> None:
        if isinstance(error, UserError):
            self.counts_label.setText(error.message)
            self.counts_label.setVisible(True)
        else:
            self.failed(error)

    def _show_counts(self, counts: Mapping[str, int]) -> None:
        for key, label in FILTERS:
            number = format_count(counts[key]) if key in counts else "–"
            self.filter_buttons[key].setText(
                f"{number}\n{QCoreApplication.translate('MejaPage', label)}")

    def _select_in_today(self, person_id: int) -> None:
        row = self.today_model.row_of(person_id)
        if row is None:
            self.today_view.clearSelection()
            return
        select_row(self.today_view, row)

    def _periodic_refresh(self) -> None:
        if self.isVisible():
            self.reload_today()

    def _on_settings(self, changes: Changes) -> None:
        if changes.settings:
            self.masked = bool(settings.get(self.db, "mask_nik"))
            self.results_model.masked = self.masked

    # --- walk-ins and closing the day -----------------------------------------------------
    def open_walk_in(self) -> None:
        text = self.search.text().strip()
        kind = classify(text)
        dialog = WalkInDialog(self.runner, self.today, self,
                              nik=text if kind == "nik" else "",
                              name=text if kind == "search" and not text[:1].isdigit() else "")
        self.dialog = dialog

        def done(_result: int) -> None:
            self.dialog_closed()
            if dialog.result_value is not None:
                result = dialog.result_value
                self.search.clear()
                self._hide_results()
                self._set_opening(True)
                self.runner.run_read(walk_in_opened, result,
                                     on_success=lambda opened: self.opened(opened, None),
                                     on_failure=self.failed)
            dialog.deleteLater()

        dialog.finished.connect(done)
        dialog.open()

    def ask_close_day(self) -> None:
        """Tutup hari: read what closing will do, then ask (the count is in the question).
        At a visit: Tutup kunjungan."""
        if self.visit_id is not None:
            visit_mode.ask_close_visit(self, self.visit_id)
            return
        day = self.today
        self.runner.run_read(desk.close_day_preview, day, key=(id(self), "close"),
                             on_success=lambda preview: self._confirm_close(day, preview),
                             on_failure=self.failed)

    def _confirm_close(self, day: dt.date, preview: desk.ClosePreview) -> None:
        marks = self.tr("{n} warga yang dijadwalkan hari ini dan belum datang akan ditandai "
                        "tidak hadir (masuk panggilan berikutnya).").format(
                            n=format_count(preview.no_show)) if preview.no_show else self.tr(
                        "Tidak ada warga yang akan ditandai tidak hadir.")
        waiting = self.tr(" {n} warga masih menunggu (hadir, belum ada hasil) dan tidak "
                          "ditandai: {names}.").format(
                              n=format_count(len(preview.waiting)),
                              names=", ".join(preview.waiting[:5])
                              + (", …" if len(preview.waiting) > 5 else "")
                          ) if preview.waiting else ""
        if not confirm(self, self.tr("Tutup hari"),
                       self.tr("Tutup hari {date}?").format(date=format_date_id(day)),
                       informative=marks + waiting + self.tr(
                           " Bila ada yang keliru, dapat dibatalkan per warga dengan Ctrl+Z."),
                       yes=self.tr("Ya, tutup hari"), no=self.tr("Batal")):
            QTimer.singleShot(0, self._focus_back)
            return
        self.runner.run_write(close_day_job, day, today=self.today, source=self,
                              title=self.tr("Menutup hari…"),
                              on_success=lambda result: self._day_closed(day, result),
                              on_failure=self.failed)

    def _day_closed(self, day: dt.date, result: desk.CloseDayResult) -> None:
        self.say("ok", self.tr("Hari {date} ditutup: {n} warga ditandai tidak hadir.").format(
            date=format_date_id(day), n=format_count(result.no_show)))
        dialog = CloseDayDialog(day, result, self)
        self.dialog = dialog

        def done(_result: int) -> None:
            self.dialog_closed()
            dialog.deleteLater()

        dialog.finished.connect(done)
        dialog.open()
