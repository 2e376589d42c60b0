"""The Jadwal page driven as a clerk would: auto-scheduling with its preview, the calendar,
a slot's people, moving people, cancelling and moving a slot, special sessions, holidays,
and bad input. Dates are passed in (TODAY), never read from the clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer
from PySide6.QtGui import QDropEvent, QImage
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from ektp_desk.core import calendar, demo, scheduling, settings
from ektp_desk.core.scheduling import Selection
from ektp_desk.core.scheduling.limits import day_rules, pelajar_birth_after
from ektp_desk.core.text import format_count
from ektp_desk.ui.dialogs.auto_schedule import AutoScheduleDialog
from ektp_desk.ui.dialogs.holidays import HolidayDialog
from ektp_desk.ui.dialogs.move_people import MovePeopleDialog
from ektp_desk.ui.pages.jadwal import JadwalPage, calendar_view
from ektp_desk.ui.pages.jadwal.calendar_helpers import (
    FULL,
    PARTLY,
    PEOPLE_MIME,
    WEEK,
    fullness,
    grid_dates,
    period_text,
    shift,
    short_names,
)
from ektp_desk.ui.pages.jadwal.calendar_view import DayCell
from ektp_desk.ui.pages.jadwal.slot_dialogs import AddSlotDialog, CancelSlotDialog, MoveSlotDialog
from ektp_desk.ui.widgets import to_qdate
from tests.plan_helpers import without_pupil_rule

TODAY = dt.date(2024, 2, 1)  # a Kamis; the 2024 holidays are preloaded
FEB_5, FEB_6, FEB_12 = dt.date(2024, 2, 5), dt.date(2024, 2, 6), dt.date(2024, 2, 12)
PEMILU = dt.date(2024, 2, 14)
BARAT, DINDUK = 1, 5
PEOPLE = 300


# --- fixtures and helpers -------------------------------------------------------------------

@pytest.fixture
def filled(db):
    demo.fill(db, PEOPLE, seed=7, build_index=False)
    without_pupil_rule(db)
    return db


@pytest.fixture
def scheduled(filled):
    """The 300 people planned and saved from Senin 5 Februari 2024."""
    plan = scheduling.plan(filled, Selection(), FEB_5, dt.date(2024, 2, 29), today=TODAY,
                           past_election=True)
    scheduling.apply_plan(filled, plan, today=TODAY)
    return filled


def make_page(qtbot, db, runner) -> JadwalPage:
    page = JadwalPage(db, runner, runner.bus, today=TODAY)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.show()
    qtbot.waitExposed(page)
    return page


@pytest.fixture
def page(qtbot, filled, runner):
    return make_page(qtbot, filled, runner)


@pytest.fixture
def scheduled_page(qtbot, scheduled, runner):
    page = make_page(qtbot, scheduled, runner)
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.show_date(FEB_5)
    return page


def open_summonses(db) -> int:
    return db.execute_sql("SELECT count(*) FROM summons WHERE state = 'open'").fetchone()[0]


def count(db, table: str) -> int:
    return db.execute_sql(f"SELECT count(*) FROM {table}").fetchone()[0]


def click_entry(qtbot, page: JadwalPage, day: dt.date, match: Callable) -> calendar_view.Entry:
    """Click the line of `day`'s cell for which match(entry) is true, as a clerk would."""
    calendar = page.calendar
    index = page.calendar_model.index_of(day)
    cell: DayCell = index.data(calendar_view.CELL_ROLE)
    rect = calendar.visualRect(index)
    layout = calendar.delegate.cell_layout(rect, cell, calendar.font())
    for box, i in layout.entries:
        if match(cell.entries[i]):
            qtbot.mouseClick(calendar.viewport(), Qt.MouseButton.LeftButton,
                             pos=box.center())
            return cell.entries[i]
    raise AssertionError(f"no such line on {day}")


def select_slot(qtbot, page: JadwalPage, slot_id: int) -> None:
    with qtbot.waitSignal(page.slot_loaded, timeout=10000):
        page.select_slot(slot_id)


def answer_message_box(button_text: str, tries: int = 200, grab_to=None) -> list[str]:
    """Click `button_text` in the next message box (it runs its own event loop);
    returns [the box's text] once answered. `grab_to`: save a picture of it first."""
    seen: list[str] = []

    def look(left: int = tries) -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                for button in widget.buttons():
                    if button.text() == button_text:
                        seen.append(widget.text())
                        if grab_to is not None:
                            widget.grab().save(str(grab_to))
                        button.click()
                        return
        if left:
            QTimer.singleShot(25, lambda: look(left - 1))

    QTimer.singleShot(0, look)
    return seen


def snap(qtbot, widget: QWidget, path) -> None:
    """Save what the clerk sees, once pending layouts and paints have run."""
    qtbot.wait(50)
    widget.grab().save(str(path))


def cell(page: JadwalPage, day: dt.date) -> DayCell:
    found = page.calendar_model.cell(day)
    assert found is not None
    return found


# --- the auto-scheduling dialog ---------------------------------------------------------

def test_auto_schedule_preview_saves_nothing_then_confirm_fills_the_calendar(
        qtbot, page, db, output_dir, qtmodeltester):
    dialog = page.open_auto_schedule()
    assert isinstance(dialog, AutoScheduleDialog) and dialog.isVisible()
    dialog.set_range(FEB_5, dt.date(2024, 2, 29))
    dialog.kecamatan.setCurrentIndex(0)  # Semua kecamatan
    assert not dialog.save_button.isEnabled()
    assert not dialog.election_notice.isVisible()  # polling day is still ahead

    # the range runs past polling day (14 Feb): refused, with a warning and a confirmation
    with qtbot.waitSignal(dialog.preview_ready, timeout=10000) as ready:
        qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    assert ready.args[0] is None and not dialog.save_button.isEnabled()
    assert dialog.limits_notice.isVisible() and dialog.confirm_limits.isVisible()
    assert "Rabu, 14 Februari 2024" in dialog.limits_notice.text()
    assert "centang konfirmasi" in dialog.summary.text()
    assert open_summonses(db) == 0 and count(db, "slot") == 0
    snap(qtbot, dialog, output_dir / "jadwal_auto_past_election.png")
    dialog.confirm_limits.setChecked(True)

    with qtbot.waitSignal(dialog.preview_ready, timeout=10000) as ready:
        qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    plan = ready.args[0]
    assert plan is not None and plan.scheduled == PEOPLE
    assert [lim.code for lim in plan.limits] == [scheduling.PAST_ELECTION]
    assert dialog.limits_notice.isVisible()  # still in sight before saving
    assert "<b>300</b> warga akan dijadwalkan" in dialog.summary.text()
    assert "Belum ada yang disimpan" in dialog.summary.text()
    assert dialog.days_model.rowCount() == sum(1 for d in plan.days if d.people)
    first = dialog.days_model.index(0, 0).data()
    assert first == "Senin, 5 Februari 2024"
    shown = sum(dialog.days_model.index(r, 2).data(Qt.ItemDataRole.UserRole)
                for r in range(dialog.days_model.rowCount()))
    assert shown == PEOPLE
    qtmodeltester.check(dialog.days_model)
    assert open_summonses(db) == 0 and count(db, "slot") == 0  # a preview writes nothing
    assert dialog.save_button.isEnabled()
    snap(qtbot, dialog, output_dir / "jadwal_auto_preview.png")

    with qtbot.waitSignal(dialog.saved, timeout=10000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert open_summonses(db) == PEOPLE
    # the page jumps to the first day of the plan and shows how full each location is
    qtbot.waitUntil(lambda: bool(cell(page, FEB_5).entries), timeout=10000)
    qtbot.waitUntil(lambda: not page._range_loading, timeout=10000)
    assert "300 warga dijadwalkan" in page.notice_text()
    assert page.period.text() == "Februari 2024"
    loads = {(d.date, d.location_id): d for d in scheduling.day_loads(db, FEB_5, FEB_6)}
    for day in (FEB_5, FEB_6):
        for entry in cell(page, day).entries:
            load = loads[(day, entry.location_id)]
            assert (entry.assigned, entry.capacity) == (load.people,
                                                      load.people + load.places_left)
    first_day = cell(page, FEB_5)
    assert [e.label for e in first_day.entries][:4] == ["Barat", "Timur", "Utara", "Selatan"]
    assert {e.fullness for e in first_day.entries} == {FULL}  # 60 of 60 at each office
    assert any(e.fullness == PARTLY for e in cell(page, FEB_6).entries)
    assert "50/50" in page.calendar_model.index_of(FEB_5).data()

    # click "Barat" on the 5th: its first slot opens with its people
    with qtbot.waitSignal(page.slot_loaded, timeout=10000):
        click_entry(qtbot, page, FEB_5, lambda e: e.label == "Barat")
    slot = page.slot
    assert slot is not None and slot.location_id == BARAT and slot.start == "08:00"
    assert page.slot_fields["location"].text() == "Kantor Kecamatan Pekalongan Barat"
    assert page.slot_fields["date"].text() == "Senin, 5 Februari 2024"
    assert page.slot_fields["hours"].text() == "08.00–09.00"
    assert page.slot_fields["capacity"].text().startswith("10 orang · 10 terisi · 0 sisa")
    people = page.people_model
    assert people.rowCount() == 10
    nik = people.index(0, 1).data()
    assert "••" in nik and len(nik) == 19  # 3375 01•• •••• ••••
    assert people.index(0, 5).data() == "Belum dicetak"
    assert page.day_model.rowCount() == len([s for s in page.visible_slots()
                                             if s.date == FEB_5])
    for model in (page.calendar_model, page.day_model, page.people_model):
        qtmodeltester.check(model)
    snap(qtbot, page, output_dir / "jadwal_month.png")


def test_past_range_shows_the_message_and_saves_nothing(qtbot, page, db, output_dir):
    dialog = page.open_auto_schedule()
    dialog.set_range(dt.date(2024, 1, 15), dt.date(2024, 1, 31))
    with qtbot.waitSignal(dialog.preview_ready, timeout=10000) as ready:
        qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    assert ready.args[0] is None
    assert "sudah lewat" in dialog.error_text
    assert "Kamis, 1 Februari 2024" in dialog.error_text  # "today" as passed in
    assert not dialog.save_button.isEnabled()
    dialog.save()  # even forced, there is no plan to save
    snap(qtbot, dialog, output_dir / "jadwal_auto_error.png")
    assert open_summonses(db) == 0 and count(db, "slot") == 0 and count(db, "event") == 0


def test_range_without_a_working_day_is_explained(qtbot, page, db):
    dialog = page.open_auto_schedule()
    dialog.set_range(dt.date(2024, 2, 10), dt.date(2024, 2, 11))  # Imlek Sabtu, Minggu
    with qtbot.waitSignal(dialog.preview_ready, timeout=10000):
        dialog.preview()
    assert "Tidak ada hari layanan" in dialog.error_text
    assert count(db, "slot") == 0


@pytest.mark.parametrize("breakage, date_from, date_to, words", [
    ("capacity", FEB_5, dt.date(2024, 2, 13), "0 orang per jam"),
    ("hours", FEB_5, dt.date(2024, 2, 13), "belum punya jam layanan"),
    (None, dt.date(2024, 2, 20), FEB_12, "Rentang tanggal kosong"),
])
def test_bad_input_is_explained_and_nothing_is_saved(qtbot, page, db, breakage, date_from,
                                                     date_to, words):
    if breakage == "capacity":
        scheduling.update_location(db, BARAT, capacity_per_hour=0)
    elif breakage == "hours":
        calendar.set_location_hours(db, BARAT, {})
    dialog = page.open_auto_schedule()
    dialog.set_range(date_from, date_to)
    with qtbot.waitSignal(dialog.preview_ready, timeout=10000) as ready:
        dialog.preview()
    assert ready.args[0] is None
    assert words in dialog.error_text
    assert not dialog.save_button.isEnabled()
    assert count(db, "slot") == 0 and open_summonses(db) == 0


def test_changing_the_choice_after_a_preview_asks_for_a_new_one(qtbot, page, db):
    dialog = page.open_auto_schedule()
    dialog.set_range(FEB_5, dt.date(2024, 2, 13))  # up to the eve of polling day
    with qtbot.waitSignal(dialog.preview_ready, timeout=10000):
        dialog.preview()
    assert dialog.save_button.isEnabled()
    dialog.kecamatan.setCurrentIndex(dialog.kecamatan.findText("Pekalongan Barat"))
    assert not dialog.save_button.isEnabled() and dialog.plan is None
    assert "Pratinjau lagi" in dialog.summary.text()
    kelurahan = [dialog.kelurahan.itemText(i) for i in range(1, dialog.kelurahan.count())]
    assert "Medono" in kelurahan and "Kauman" not in kelurahan  # only Pekalongan Barat's
    with qtbot.waitSignal(dialog.preview_ready, timeout=10000) as ready:
        dialog.preview()
    barat = db.execute_sql("SELECT count(*) FROM person WHERE kecamatan_code = '337501'"
                           ).fetchone()[0]
    assert ready.args[0].scheduled == barat < PEOPLE


def test_more_people_than_places_says_who_is_left_over_and_why(qtbot, page, db, output_dir):
    dialog = page.open_auto_schedule()
    dialog.set_range(FEB_5, FEB_5)  # one day: 50 places per office, about 75 people each
    with qtbot.waitSignal(dialog.preview_ready, timeout=10000) as ready:
        dialog.preview()
    plan = ready.args[0]
    assert plan.scheduled == 200 and plan.left_over_count == PEOPLE - 200
    assert dialog.left_over.isVisible()
    text = dialog.left_over.text()
    assert "tempat di lokasinya sudah penuh dalam rentang tanggal" in text
    assert "Kantor Kecamatan Pekalongan Barat" in text
    assert "tidak mendapat jadwal" in dialog.summary.text()
    assert open_summonses(db) == 0
    snap(qtbot, dialog, output_dir / "jadwal_auto_left_over.png")


def test_pupils_without_a_saturday_or_after_school_session_are_counted_plainly(
        qtbot, page, db, output_dir):
    settings.set(db, "pelajar_after_school", True)  # the default, off in `filled`
    rules = day_rules(db)
    pupils = db.execute_sql("SELECT count(*) FROM person WHERE birth_date > ?",
                            (pelajar_birth_after(db, rules),)).fetchone()[0]
    assert 0 < pupils < PEOPLE
    dialog = page.open_auto_schedule()
    dialog.set_range(FEB_5, dt.date(2024, 2, 9))  # Senin–Jumat, offices close at 14.00
    with qtbot.waitSignal(dialog.preview_ready, timeout=10000) as ready:
        dialog.preview()
    plan = ready.args[0]
    assert plan.reasons == {"pelajar_tanpa_sesi": pupils}
    assert plan.scheduled == PEOPLE - pupils
    assert dialog.left_over.isVisible()
    assert (f"{format_count(pupils)} orang: pelajar: tidak ada tempat di sesi hari Sabtu atau "
            "sepulang sekolah") in dialog.left_over.text()
    assert "buka sesi sore/malam atau hari Sabtu" in dialog.left_over.text()
    assert open_summonses(db) == 0
    snap(qtbot, dialog, output_dir / "jadwal_auto_pelajar_left_over.png")


# --- a slot's people, moves, cancellations ---------------------------------------------------

def test_move_a_person_to_another_slot(qtbot, scheduled_page, db, output_dir, qtmodeltester):
    page = scheduled_page
    target_id = scheduling.add_slot(db, BARAT, FEB_12, "08:00", "09:00", today=TODAY).slot_id
    source = next(s for s in page.visible_slots() if s.location_id == BARAT and s.date == FEB_5)
    select_slot(qtbot, page, source.id)
    assert not page.move_people_button.isEnabled()  # nobody chosen yet
    row = page.people_table.visualRect(page.people_model.index(2, 0))
    qtbot.mouseClick(page.people_table.viewport(), Qt.MouseButton.LeftButton,
                     pos=row.center())
    person = page.selected_people()[0]
    assert page.move_people_button.isEnabled()

    dialog = page.open_move_people()
    assert isinstance(dialog, MovePeopleDialog)
    if dialog.model.rowCount() == 0:
        qtbot.waitSignal(dialog.loaded, timeout=10000).wait()
    qtmodeltester.check(dialog.model)
    rows = [dialog.model.slot(r) for r in range(dialog.model.rowCount())]
    assert all(s.free > 0 and s.location_id == BARAT for s in rows)
    assert target_id in [s.id for s in rows] and source.id not in [s.id for s in rows]
    assert dialog.choose(target_id)
    snap(qtbot, dialog, output_dir / "jadwal_move_people.png")
    with qtbot.waitSignal(dialog.moved, timeout=10000):
        qtbot.mouseClick(dialog.move_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()

    qtbot.waitUntil(lambda: page.people_model.rowCount() == 9, timeout=10000)
    assert person.person_id not in [p.person_id for p in page.people_model.people()]
    qtbot.waitUntil(lambda: page.day_model.slot(page.day_model.row_of(source.id)).assigned
                    == 9, timeout=10000)
    assert page.day_model.index(page.day_model.row_of(source.id), 2).data() == "9/10"
    assert "1 orang dipindah ke Kantor Kecamatan Pekalongan Barat, Senin, 12 Februari 2024" \
        in page.notice_text()
    now = scheduling.current_summons(db, [person.person_id])[person.person_id]
    assert now["slot_id"] == target_id

    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.show_date(FEB_12)
    entries = cell(page, FEB_12).entries
    assert [(e.label, e.fill_text) for e in entries] == [("Barat", "1/10")]
    select_slot(qtbot, page, target_id)
    assert [p.person_id for p in page.people_model.people()] == [person.person_id]


def test_a_full_slot_cannot_be_chosen(qtbot, scheduled_page, db):
    page = scheduled_page
    slots = [s for s in page.visible_slots() if s.location_id == BARAT and s.date == FEB_5]
    select_slot(qtbot, page, slots[0].id)
    everyone = [p.person_id for p in page.people_model.people()]
    small = scheduling.add_slot(db, BARAT, FEB_12, "08:00", "09:00", capacity=3,
                                today=TODAY).slot_id
    page.select_people(everyone)
    dialog = page.open_move_people()
    qtbot.waitUntil(lambda: dialog.model.row_of(small) is not None, timeout=10000)
    assert not dialog.choose(small)  # 3 places for 10 people: greyed, not selectable
    assert not dialog.model.flags(dialog.model.index(dialog.model.row_of(small), 0))
    assert not dialog.move_button.isEnabled()
    assert "tidak cukup" in dialog.info.text()


def test_cancel_a_slot_moves_its_people_and_marks_printed_letters(
        qtbot, scheduled_page, db, output_dir):
    page = scheduled_page
    source = next(s for s in page.visible_slots() if s.location_id == BARAT and s.date == FEB_5)
    people = scheduling.slot_people(db, source.id)
    scheduling.mark_letters_printed(db, [p.summons_id for p in people[:4]])  # 4 handed out
    select_slot(qtbot, page, source.id)
    assert page.people_model.index(0, 5).data() == "Sudah dicetak"

    dialog = page.open_cancel_slot()
    assert isinstance(dialog, CancelSlotDialog)
    assert "10 orang di sesi ini dipindah" in dialog.findChildren(QLabel)[1].text()
    qtbot.keyClicks(dialog.reason, "listrik padam")
    snap(qtbot, dialog, output_dir / "jadwal_cancel_slot.png")
    with qtbot.waitSignal(page.notice_changed, timeout=10000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    notice = page.notice_text()
    assert "dibatalkan" in notice and "10 orang dipindah ke sesi berikutnya" in notice
    assert "Surat 4 orang yang sudah dicetak ditandai perlu dicetak ulang" in notice
    row = db.execute_sql("SELECT cancelled, cancel_reason FROM slot WHERE id = ?",
                         (source.id,)).fetchone()
    assert row == (1, "listrik padam")
    moved = scheduling.current_summons(db, [p.person_id for p in people])
    assert len(moved) == 10 and all(m["slot_id"] != source.id for m in moved.values())
    letters = dict(db.execute_sql(
        "SELECT person_id, letter FROM summons WHERE state = 'open' AND person_id IN "
        f"({','.join(str(p.person_id) for p in people)})").fetchall())
    assert [letters[p.person_id] for p in people[:4]] == ["cetak_ulang"] * 4
    assert [letters[p.person_id] for p in people[4:]] == ["belum_dicetak"] * 6
    assert open_summonses(db) == PEOPLE  # everyone still summoned exactly once
    qtbot.waitUntil(lambda: not page._range_loading, timeout=10000)
    assert source.id not in [s.id for s in page.visible_slots()]
    assert page.slot is None and page.people_model.rowCount() == 0
    snap(qtbot, page, output_dir / "jadwal_after_cancel.png")


def test_move_a_whole_slot_to_another_day(qtbot, scheduled_page, db):
    page = scheduled_page
    source = next(s for s in page.visible_slots() if s.location_id == BARAT and s.date == FEB_5)
    select_slot(qtbot, page, source.id)
    dialog = page.open_move_slot()
    assert isinstance(dialog, MoveSlotDialog)
    dialog.date.setDate(to_qdate(FEB_12))
    with qtbot.waitSignal(dialog.done, timeout=10000) as done:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    result = done.args[0]
    assert result.moved == 10
    qtbot.waitUntil(lambda: page.slot is not None and page.slot.id == result.slot_ids[0],
                    timeout=10000)
    assert page.slot.date == FEB_12 and page.slot.assigned == 10
    assert "10 orang ikut pindah" in page.notice_text()
    assert page.period.text() == "Februari 2024"
    # the calendar reloads its range in the background after the move
    qtbot.waitUntil(lambda: not page._range_loading and [
        e.fill_text for e in cell(page, FEB_12).entries][:1] == ["10/10"], timeout=10000)


def test_a_session_on_a_holiday_asks_first_then_is_special(qtbot, page, db, output_dir):
    page.show_date(PEMILU)
    qtbot.waitUntil(lambda: not page._range_loading, timeout=10000)
    assert cell(page, PEMILU).holiday.name == "Hari pemungutan suara Pemilu 2024"
    assert page.day_holiday.text() == "Libur nasional: Hari pemungutan suara Pemilu 2024"
    dialog = page.open_add_slot()
    assert isinstance(dialog, AddSlotDialog)
    dialog.location.setCurrentIndex(dialog.location.findData(DINDUK))
    assert dialog.date.text() == "14-02-2024"
    dialog.name.setText("Sesi Pemilu")
    assert dialog.capacity.value() == 20  # 10 an hour for 08.00–10.00
    snap(qtbot, dialog, output_dir / "jadwal_add_slot.png")

    asked = answer_message_box("Tidak")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(asked), timeout=10000)
    qtbot.waitUntil(lambda: dialog.error_text != "", timeout=10000)
    assert "hari libur: Hari pemungutan suara Pemilu 2024" in asked[0]
    assert count(db, "slot") == 0 and dialog.isVisible()  # "Tidak": nothing made

    asked = answer_message_box("Ya, buka sesi khusus",
                               grab_to=output_dir / "jadwal_special_session_question.png")
    with qtbot.waitSignal(dialog.done, timeout=10000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert asked
    row = db.execute_sql("SELECT location_id, date, start_time, end_time, capacity, name, "
                         "deliberate FROM slot").fetchone()
    assert row == (DINDUK, "2024-02-14", "08:00", "10:00", 20, "Sesi Pemilu", 1)
    qtbot.waitUntil(lambda: page.slot is not None and page.slot.deliberate, timeout=10000)
    assert "(sesi khusus)" in page.notice_text()
    qtbot.waitUntil(lambda: bool(cell(page, PEMILU).entries), timeout=10000)
    assert cell(page, PEMILU).entries[0].label == "★Dindukcapil"
    assert "Sesi khusus" in page.slot_fields["note"].text()


def test_dropping_people_on_a_slot_moves_them(qtbot, scheduled_page, db):
    page = scheduled_page
    target = scheduling.add_slot(db, BARAT, FEB_6, "13:00", "14:00", today=TODAY)
    page.refresh()
    qtbot.waitUntil(lambda: target.slot_id in [s.id for s in page.visible_slots()],
                    timeout=10000)
    source = next(s for s in page.visible_slots() if s.location_id == BARAT and s.date == FEB_5)
    select_slot(qtbot, page, source.id)
    indexes = [page.people_model.index(r, 0) for r in (0, 1)]
    mime = page.people_model.mimeData(indexes)
    assert mime.hasFormat(PEOPLE_MIME)
    moving = [page.people_model.person(r).person_id for r in (0, 1)]

    page.set_location(BARAT)  # one location: the day shows its slots, not a total
    qtbot.waitUntil(lambda: not page._range_loading and bool(cell(page, FEB_6).entries),
                    timeout=10000)
    index = page.calendar_model.index_of(FEB_6)
    day = index.data(calendar_view.CELL_ROLE)
    layout = page.calendar.delegate.cell_layout(page.calendar.visualRect(index), day,
                                                page.calendar.font())
    box = next(b for b, i in layout.entries if day.entries[i].slot_id == target.slot_id)
    drop = QDropEvent(QPointF(box.center()), Qt.DropAction.MoveAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(page.notice_changed, timeout=10000):
        page.calendar.dropEvent(drop)
    assert "2 orang dipindah" in page.notice_text()
    moved = scheduling.current_summons(db, moving)
    assert {m["slot_id"] for m in moved.values()} == {target.slot_id}


def test_dropping_people_on_a_day_offers_its_slots(qtbot, scheduled_page, db):
    page = scheduled_page
    source = next(s for s in page.visible_slots() if s.location_id == BARAT and s.date == FEB_5)
    select_slot(qtbot, page, source.id)
    mime = QMimeData()
    mime.setData(PEOPLE_MIME, page.people_model.mimeData(
        [page.people_model.index(0, 0)]).data(PEOPLE_MIME))
    index = page.calendar_model.index_of(FEB_12)
    drop = QDropEvent(QPointF(page.calendar.visualRect(index).center()),
                      Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    page.calendar.dropEvent(drop)
    dialog = page.dialog
    assert isinstance(dialog, MovePeopleDialog) and dialog.isVisible()
    assert dialog.date_from.text() == "12-02-2024"
    dialog.reject()


# --- holidays -------------------------------------------------------------------------------

def test_holiday_editor_adds_and_removes_a_holiday(qtbot, page, db, output_dir,
                                                   qtmodeltester):
    dialog = page.open_holidays()
    assert isinstance(dialog, HolidayDialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=10000)
    assert dialog.year.value() == 2024
    before = dialog.model.rowCount()
    assert dialog.model.index(0, 0).data() == "Senin, 1 Januari 2024"
    pemilu = dialog.model.row_of(PEMILU)
    assert dialog.model.index(pemilu, 1).data() == "Hari pemungutan suara Pemilu 2024"
    assert dialog.model.index(pemilu, 2).data() == "Libur nasional"
    qtmodeltester.check(dialog.model)

    day = dt.date(2024, 2, 21)
    dialog.new_date.setDate(to_qdate(day))
    qtbot.keyClicks(dialog.new_name, "Hari jadi Kota Pekalongan")
    dialog.new_kind.setCurrentIndex(dialog.new_kind.findData("cuti_bersama"))
    with qtbot.waitSignal(dialog.loaded, timeout=10000):
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.model.rowCount() == before + 1
    row = dialog.model.row_of(day)
    assert dialog.model.index(row, 2).data() == "Cuti bersama"
    assert dialog.selected().date == day
    assert "Rabu, 21 Februari 2024 ditambahkan" in dialog.message.text()
    # the calendar behind marks it at once (the change bus)
    qtbot.waitUntil(lambda: cell(page, day).holiday is not None, timeout=10000)
    assert cell(page, day).holiday.name == "Hari jadi Kota Pekalongan"
    snap(qtbot, dialog, output_dir / "jadwal_holidays.png")

    asked = answer_message_box("Ya, hapus")
    with qtbot.waitSignal(dialog.loaded, timeout=10000):
        qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert asked == ["Hapus hari libur Rabu, 21 Februari 2024 (Hari jadi Kota Pekalongan)?"]
    assert dialog.model.rowCount() == before and dialog.model.row_of(day) is None
    assert db.execute_sql("SELECT count(*) FROM holiday WHERE date = '2024-02-21'"
                          ).fetchone()[0] == 0
    qtbot.waitUntil(lambda: cell(page, day).holiday is None, timeout=10000)


def test_removing_a_holiday_can_be_refused(qtbot, page, db):
    dialog = page.open_holidays()
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=10000)
    dialog.select_date(PEMILU)
    asked = answer_message_box("Tidak")
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert asked
    assert db.execute_sql("SELECT count(*) FROM holiday WHERE date = '2024-02-14'"
                          ).fetchone()[0] == 1


def test_holidays_import_from_a_csv_file(qtbot, page, db, tmp_path, output_dir):
    bad = tmp_path / "libur_2028_salah.csv"
    bad.write_text("TANGGAL;KETERANGAN;JENIS\n01-01-2028;Tahun Baru 2028 Masehi;libur\n"
                   "31-02-2028;Salah tanggal;libur\n", encoding="utf-8")
    dialog = page.open_holidays()
    with qtbot.waitSignal(dialog.loaded, timeout=10000):
        dialog.year.setValue(2028)
    assert dialog.model.rowCount() == 0
    qtbot.waitUntil(lambda: "belum ada daftar resmi" in dialog.year_status.text(),
                    timeout=10000)
    dialog.import_file(str(bad))  # a wrong row: refused whole, nothing changed
    qtbot.waitUntil(lambda: "Baris 3" in dialog.message.text(), timeout=10000)
    assert "tidak ada yang diubah" in dialog.message.text()
    assert count(db, "holiday WHERE date LIKE '2028%'") == 0

    good = tmp_path / "libur_2028.csv"
    good.write_text("TANGGAL;KETERANGAN;JENIS\n01-01-2028;Tahun Baru 2028 Masehi;libur\n",
                    encoding="utf-8")
    with qtbot.waitSignal(dialog.changed, timeout=10000):
        dialog.import_file(str(good))
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=10000)
    assert "1 ditambahkan" in dialog.message.text()
    qtbot.waitUntil(lambda: "libur_2028.csv" in dialog.year_status.text(), timeout=10000)
    with qtbot.waitSignal(dialog.loaded, timeout=10000):
        dialog.year.setValue(2027)
    qtbot.waitUntil(lambda: "2027: sementara" in dialog.year_status.text(), timeout=10000)
    snap(qtbot, dialog, output_dir / "libur_2027_sementara.png")


# --- navigation -----------------------------------------------------------------------------

def test_navigation_views_and_keyboard(qtbot, scheduled_page):
    page = scheduled_page
    assert page.period.text() == "Februari 2024"
    assert page.calendar_model.rowCount() == 5  # 29 Jan – 3 Mar
    assert cell(page, TODAY).is_today
    with qtbot.waitSignal(page.loaded, timeout=10000):
        qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    assert page.period.text() == "Maret 2024"
    with qtbot.waitSignal(page.loaded, timeout=10000):
        qtbot.mouseClick(page.today_button, Qt.MouseButton.LeftButton)
    assert page.period.text() == "Februari 2024" and page.selected_day == TODAY
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.show_date(FEB_6)
    with qtbot.waitSignal(page.loaded, timeout=10000):
        qtbot.mouseClick(page.week_button, Qt.MouseButton.LeftButton)
    assert page.mode == WEEK and page.period.text() == "5–11 Februari 2024"
    assert page.calendar_model.rowCount() == 1
    week = cell(page, FEB_6)
    assert week.entries[0].kind == "heading"  # all locations: grouped
    assert any(e.kind == "slot" and e.label == "08.00" for e in week.entries)
    page.calendar.setFocus()
    with qtbot.waitSignal(page.loaded, timeout=10000):
        qtbot.keyClick(page.calendar, Qt.Key.Key_PageUp)
    assert page.period.text() == "29 Januari – 4 Februari 2024"
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.set_location(BARAT)
    with qtbot.waitSignal(page.loaded, timeout=10000):
        qtbot.keyClick(page.calendar, Qt.Key.Key_PageDown)
    assert page.selected_day == FEB_6
    with qtbot.waitSignal(page.loaded, timeout=10000):
        qtbot.keyClick(page.calendar, Qt.Key.Key_Down)  # past the week's edge: a week on
    assert page.selected_day == dt.date(2024, 2, 13) and page.period.text() == \
        "12–18 Februari 2024"
    with qtbot.waitSignal(page.loaded, timeout=10000):
        qtbot.keyClick(page.calendar, Qt.Key.Key_Up)
    only_barat = cell(page, FEB_5).entries
    assert only_barat and all(e.kind == "slot" and e.location_id == BARAT
                              for e in only_barat)
    assert [e.label for e in only_barat] == ["08.00", "09.00", "10.00", "11.00", "13.00"]


def test_a_new_location_appears_in_the_filter(qtbot, page, db, runner):
    result = scheduling.add_location(db, "sekolah", "SMA Negeri 1 Pekalongan",
                                     hours={"Senin": [("08.00", "12.00")]})

    def names() -> list[str]:
        return [page.location.itemText(i) for i in range(page.location.count())]

    assert "SMA Negeri 1 Pekalongan" not in names()
    runner.bus.announce(result.changes)
    qtbot.waitUntil(lambda: "SMA Negeri 1 Pekalongan" in names(), timeout=10000)
    assert page.short_names[result.location_id] == "SMA Negeri 1 Pekalongan"


def test_week_view_screenshot(qtbot, scheduled_page, output_dir):
    page = scheduled_page
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.set_view(WEEK)
    slot = next(s for s in page.visible_slots() if s.date == FEB_6)
    select_slot(qtbot, page, slot.id)
    # the picture is of what these say: the week, the slot chosen, its people listed
    assert page.mode == WEEK and page.period.text() == "5–11 Februari 2024"
    assert page.selected_slot_id == slot.id and page.selected_day == FEB_6
    assert page.slot_fields["date"].text() == "Selasa, 6 Februari 2024"
    assert slot.assigned > 0 and page.people_model.rowCount() == slot.assigned
    path = output_dir / "jadwal_week.png"
    path.unlink(missing_ok=True)
    snap(qtbot, page, path)
    picture = QImage(str(path))
    assert not picture.isNull() and picture.size() == page.size() * page.devicePixelRatio()


def test_pure_helpers():
    assert period_text(dt.date(2024, 12, 31), WEEK) == "30 Desember 2024 – 5 Januari 2025"
    assert shift(dt.date(2024, 1, 31), "month", 1) == dt.date(2024, 2, 29)
    assert shift(dt.date(2024, 1, 15), "month", -1) == dt.date(2023, 12, 15)
    assert len(grid_dates(dt.date(2024, 9, 10), "month")) == 42  # 6 weeks
    assert fullness(0, 10) == "kosong" and fullness(10, 10) == "penuh"
    assert fullness(3, 10) == "sebagian"
    locations = [scheduling.Location(1, "kecamatan", "Kantor Kecamatan Pekalongan Barat",
                                     None, "337501", 10, True),
                 scheduling.Location(2, "kecamatan", "Kantor Kecamatan Pekalongan Timur",
                                     None, "337502", 10, True),
                 scheduling.Location(5, "dindukcapil", "Dindukcapil Kota Pekalongan",
                                     None, None, 10, True),
                 scheduling.Location(6, "sekolah", "SMA 1", None, None, 10, True)]
    assert short_names(locations) == {1: "Barat", 2: "Timur", 5: "Dindukcapil",
                                      6: "SMA 1"}



def test_an_actions_notice_goes_when_the_clerk_leaves_the_page(qtbot, page):
    page.say("4.240 warga dijadwalkan (12 sesi baru).")
    assert page.notice_text().startswith("4.240 warga dijadwalkan")
    with qtbot.waitSignal(page.notice_changed, timeout=5000) as said:
        page.hide()  # another page is chosen in the window
    assert said.args == [""]
    page.show()
    qtbot.waitExposed(page)
    assert page.notice_text() == "" and not page.notice.isVisible()


def test_auto_schedule_flags_a_polling_day_that_has_passed(qtbot, db, runner):
    dialog = AutoScheduleDialog(db, runner, today=dt.date(2024, 3, 1))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.election_notice.isVisible()
    assert "sudah lewat" in dialog.election_notice.text()
    assert "14 Februari 2024" in dialog.election_notice.text()
