"""The Jadwal page's scheduling actions, handed by the page to one small controller: each
opens its dialog (or runs its write) on what the page shows, and when the write is done
says on the page what changed and shows where it went. The page keeps the state; this
keeps the texts of the outcomes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog

from ektp_desk.core import scheduling
from ektp_desk.core.calendar import format_date_id, format_time_range
from ektp_desk.core.people import format_count
from ektp_desk.core.scheduling import MoveResult, SlotInfo, SlotPerson, SlotResult
from ektp_desk.ui.dialogs.auto_schedule import AutoScheduleDialog
from ektp_desk.ui.dialogs.holidays import HolidayDialog
from ektp_desk.ui.dialogs.move_people import MovePeopleDialog
from ektp_desk.ui.pages.jadwal.calendar_view import Entry
from ektp_desk.ui.pages.jadwal.slot_dialogs import (
    AddSlotDialog,
    CancelSlotDialog,
    MoveSlotDialog,
    hhmm,
)
from ektp_desk.ui.widgets import to_date

if TYPE_CHECKING:
    from ektp_desk.ui.pages.jadwal.page import JadwalPage

PRINTED = (scheduling.LETTER_PRINTED, scheduling.LETTER_REPRINT)


def _printed(people: Iterable[SlotPerson], skip: Iterable[int] = ()) -> int:
    """How many of `people` had their letter printed already (it must be printed again)."""
    skipped = set(skip)
    return sum(1 for p in people if p.letter in PRINTED and p.person_id not in skipped)


class SlotActions:
    """Automatic scheduling, add / cancel / move a session, move people (by the dialog or
    by a drop on the calendar), and the holidays, for one :class:`JadwalPage`."""

    def __init__(self, page: JadwalPage) -> None:
        self.page = page
        self.tr = page.tr  # the texts keep the page's translation context
        self.dialog: QDialog | None = None  # the dialog opened last (tests drive it)
        self._dialogs: list[QDialog] = []

    # --- opening -----------------------------------------------------------------------
    def open_auto_schedule(self) -> AutoScheduleDialog:
        page = self.page
        start = max(page.selected_day, page.today + dt.timedelta(days=1))
        dialog = AutoScheduleDialog(page.db, page.runner, page, today=page.today,
                                    date_from=start)
        dialog.saved.connect(lambda result: self._after_auto(dialog, result))
        return self._open(dialog)

    def open_add_slot(self) -> AddSlotDialog:
        page = self.page
        location_id = page.location_id or (page.slot.location_id if page.slot else None)
        dialog = AddSlotDialog(page.runner, page.locations, max(page.selected_day, page.today),
                               page, location_id=location_id, today=page.today)
        dialog.done.connect(lambda result: self._after_add(dialog, result))
        return self._open(dialog)

    def open_cancel_slot(self) -> CancelSlotDialog | None:
        slot = self.page.slot
        if slot is None:
            return None
        dialog = CancelSlotDialog(slot, self.page)
        dialog.accepted.connect(lambda: self._cancel_slot(slot, dialog.reason.text(),
                                                          dialog.relocate.isChecked()))
        return self._open(dialog)

    def open_move_slot(self) -> MoveSlotDialog | None:
        page = self.page
        slot = page.slot
        if slot is None:
            return None
        printed = _printed(page.people_model.people())
        dialog = MoveSlotDialog(page.runner, slot, page.locations, page, today=page.today)
        dialog.done.connect(lambda result: self._after_move_slot(dialog, slot, result, printed))
        return self._open(dialog)

    def open_move_people(self, person_ids: Sequence[int] | None = None, *,
                         date_from: dt.date | None = None,
                         location_id: int | None = None) -> MovePeopleDialog | None:
        page = self.page
        slot = page.slot
        if slot is None:
            return None
        chosen = page.selected_people() if person_ids is None else [
            p for p in page.people_model.people() if p.person_id in set(person_ids)]
        if not chosen:
            return None
        dialog = MovePeopleDialog(page.db, page.runner, slot, [p.person_id for p in chosen],
                                  [p.name for p in chosen], page, today=page.today,
                                  locations=page.locations, date_from=date_from,
                                  location_id=location_id)
        printed = _printed(chosen)
        dialog.moved.connect(lambda result: self._after_move_people(dialog, result, printed))
        return self._open(dialog)

    def open_holidays(self) -> HolidayDialog:
        page = self.page
        dialog = HolidayDialog(page.db, page.runner, page, year=page.selected_day.year,
                               today=page.today)
        return self._open(dialog)

    def on_people_dropped(self, payload: dict, day: dt.date, entry: Entry | None) -> None:
        """People dragged from the slot's table: onto a slot they move at once; onto a day
        (or a location's line) the move dialog opens there."""
        page = self.page
        person_ids = [int(i) for i in payload.get("person_ids", [])]
        source = payload.get("slot_id")
        if not person_ids or source is None or source != page.selected_slot_id:
            return
        if entry is not None and entry.slot_id is not None:
            if entry.slot_id == source:
                return
            chosen = [p for p in page.people_model.people() if p.person_id in set(person_ids)]
            printed = _printed(chosen)
            target = next((s for s in page.visible_slots() if s.id == entry.slot_id), None)
            page.runner.run_write(
                scheduling.move_people, person_ids, entry.slot_id, today=page.today,
                on_success=lambda result: self._after_drop(target, result, printed),
                on_failure=page.say_error)
            return
        self.open_move_people(person_ids, date_from=day,
                              location_id=entry.location_id if entry is not None else None)

    def _open(self, dialog: Any) -> Any:
        # A closed dialog is kept until the next one opens (its results stay readable) and
        # while a job it started is still running (the job reports back to it).
        for old in list(self._dialogs):
            if not old.isVisible() and not getattr(old, "busy", False):
                self._dialogs.remove(old)
                old.deleteLater()
        self._dialogs.append(dialog)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _cancel_slot(self, slot: SlotInfo, reason: str, relocate: bool) -> None:
        page = self.page
        people = page.people_model.people() if page.people_model.slot_id == slot.id else []
        page.runner.run_write(
            scheduling.cancel_slot, slot.id, reason=reason.strip() or None, relocate=relocate,
            today=page.today, title=self.tr("Membatalkan sesi"),
            on_success=lambda result: self._after_cancel(slot, people, result),
            on_failure=page.say_error)

    # --- after the writes --------------------------------------------------------------
    def _reprint_text(self, printed: int) -> str:
        if printed:
            return self.tr("Surat {n} orang yang sudah dicetak ditandai perlu dicetak ulang."
                           ).format(n=format_count(printed))
        return self.tr("Surat mereka belum dicetak, jadi nanti dicetak dengan jadwal baru.")

    def _after_auto(self, dialog: AutoScheduleDialog, result: scheduling.ApplyResult) -> None:
        plan = dialog.plan
        self.page.say(self.tr("{n} warga dijadwalkan ({slots} sesi baru). Surat panggilan "
                              "dapat dicetak di halaman Surat.").format(
            n=format_count(result.scheduled), slots=format_count(result.slots_created)))
        if plan is not None and plan.slots:
            self.page.show_date(min(s.date for s in plan.slots))

    def _after_add(self, dialog: AddSlotDialog, result: SlotResult) -> None:
        day = to_date(dialog.date.date())
        when = format_time_range(hhmm(dialog.start.time()), hhmm(dialog.end.time()))
        text = self.tr("Sesi {location}, {date} {when} ditambahkan.").format(
            location=dialog.location.currentText(), date=format_date_id(day), when=when)
        if dialog.deliberate:
            text += " " + self.tr("(sesi khusus)")
        self.page.say(text)
        self.page.show_date(day, result.slot_id)

    def _after_cancel(self, slot: SlotInfo, people: list[SlotPerson],
                      result: MoveResult) -> None:
        unplaced = set(result.unplaced)
        printed = _printed(people, skip=unplaced)
        text = self.tr("Sesi {slot} dibatalkan.").format(slot=slot.label)
        if result.moved:
            text += " " + self.tr("{n} orang dipindah ke sesi berikutnya.").format(
                n=format_count(result.moved))
            text += " " + self._reprint_text(printed)
        if result.unplaced:
            text += " " + self.tr("{n} orang tidak mendapat tempat dan kembali berstatus "
                                  "belum dipanggil.").format(n=format_count(len(unplaced)))
        self.page.clear_slot()
        self.page.say(text)

    def _after_move_slot(self, dialog: MoveSlotDialog, old: SlotInfo, result: MoveResult,
                         printed: int) -> None:
        day = to_date(dialog.date.date())
        when = format_time_range(hhmm(dialog.start.time()), hhmm(dialog.end.time()))
        text = self.tr("Sesi {old} dipindah ke {date} {when}; {n} orang ikut pindah.").format(
            old=old.label, date=format_date_id(day), when=when, n=format_count(result.moved))
        if result.moved:
            text += " " + self._reprint_text(printed)
        self.page.say(text)
        self.page.show_date(day, result.slot_ids[0] if result.slot_ids else None)

    def _after_move_people(self, dialog: MovePeopleDialog, result: MoveResult,
                           printed: int) -> None:
        target = dialog.chosen()
        self._say_moved(result, target.label if target is not None else "", printed)

    def _after_drop(self, target: SlotInfo | None, result: MoveResult, printed: int) -> None:
        self._say_moved(result, target.label if target else "", printed)

    def _say_moved(self, result: MoveResult, where: str, printed: int) -> None:
        text = self.tr("{n} orang dipindah ke {slot}.").format(n=format_count(result.moved),
                                                              slot=where)
        if result.moved:
            text += " " + self._reprint_text(printed)
        self.page.say(text)
