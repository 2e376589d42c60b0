"""The Jadwal page and a kantor kelurahan's evening: people of Medono dragged from
Medono's evening onto Kauman's are refused by core with the words the clerk needs (both
kelurahan named), and their summonses stay where they were."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDropEvent

from ektp_desk.core import scheduling
from ektp_desk.core.scheduling import generate_evening_series
from ektp_desk.ui.pages.jadwal import calendar_view
from ektp_desk.ui.pages.jadwal.calendar_helpers import WEEK
from tests.db.test_scheduling import add_people, rt_people
from tests.plan_helpers import without_pupil_rule
from tests.ui.test_jadwal_page import TODAY, cell, make_page, select_slot, snap

FEB_5, FEB_6 = dt.date(2024, 2, 5), dt.date(2024, 2, 6)
MEDONO, KAUMAN = "3375011002", "3375021004"


def test_a_drop_on_another_kelurahans_evening_is_refused_and_moves_nobody(
        qtbot, db, runner, output_dir):
    without_pupil_rule(db)
    people = add_people(db, rt_people(MEDONO, "001", "001", 2))
    [medono] = generate_evening_series(db, FEB_5, FEB_5, kelurahan_codes=[MEDONO],
                                       today=TODAY).slot_ids
    [kauman] = generate_evening_series(db, FEB_6, FEB_6, kelurahan_codes=[KAUMAN],
                                       today=TODAY).slot_ids
    scheduling.summon_to_slot(db, people, medono, today=TODAY)
    page = make_page(qtbot, db, runner)
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.show_date(FEB_5)
    select_slot(qtbot, page, medono)
    mime = page.people_model.mimeData([page.people_model.index(r, 0) for r in (0, 1)])

    page.set_view(WEEK)  # a week of all locations shows each slot under its office
    qtbot.waitUntil(lambda: not page._range_loading and bool(cell(page, FEB_6).entries),
                    timeout=10000)
    assert page.selected_slot_id == medono
    index = page.calendar_model.index_of(FEB_6)
    day = index.data(calendar_view.CELL_ROLE)
    layout = page.calendar.delegate.cell_layout(page.calendar.visualRect(index), day,
                                                page.calendar.font())
    box = next(b for b, i in layout.entries if day.entries[i].slot_id == kauman)
    drop = QDropEvent(QPointF(box.center()), Qt.DropAction.MoveAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(page.notice_changed, timeout=10000):
        page.calendar.dropEvent(drop)
    assert page.notice_text().startswith(
        "Sesi malam Kelurahan Kauman hanya untuk warga Kelurahan Kauman; ")
    assert page.notice_text().count("tinggal di Kelurahan Medono") == 2
    held = scheduling.current_summons(db, people)
    assert {m["slot_id"] for m in held.values()} == {medono}
    snap(qtbot, page, output_dir / "jadwal_evening_refused.png")
