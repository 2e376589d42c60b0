"""The auto-scheduling dialog with routing by category and evening sessions: the preview
says how many go to the offices and how many are proposed for visits, by kind; the
evening choice calls everyone to their own kantor kelurahan (docs/domain.md, "Routing by
category", "Evening sessions")."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from ektp_desk.core import scheduling, settings
from ektp_desk.ui.dialogs.auto_schedule import AutoScheduleDialog
from tests.db.test_scheduling import add_people, rt_people
from tests.plan_helpers import SETTING as PUPIL_RULE

TODAY = dt.date(2024, 1, 2)
MEDONO, KAUMAN = "3375011002", "3375021004"


def _known(db) -> None:
    settings.set(db, PUPIL_RULE, False)  # the people here are 17: not about pupils' hours
    add_people(db, rt_people(MEDONO, "001", "001", 5))
    add_people(db, rt_people(MEDONO, "002", "001", 3), category="warga_binaan")
    add_people(db, rt_people(KAUMAN, "001", "001", 4), category="disabilitas")


def _dialog(qtbot, db, runner) -> AutoScheduleDialog:
    dialog = AutoScheduleDialog(db, runner, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.set_range(dt.date(2024, 1, 3), dt.date(2024, 1, 31))
    return dialog


def _snap(dialog, path) -> None:
    dialog.layout().activate()  # the summary's new lines laid out before the grab
    dialog.grab().save(str(path))


def _preview(qtbot, dialog):
    with qtbot.waitSignal(dialog.preview_ready, timeout=20000) as ready:
        qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    return ready.args[0]


def test_the_preview_counts_the_offices_and_the_proposed_visits_apart(qtbot, db, runner,
                                                                      output_dir):
    _known(db)
    dialog = _dialog(qtbot, db, runner)
    plan = _preview(qtbot, dialog)
    assert plan.scheduled == 5 and plan.proposed_visits == {"lapas": 3, "rumah": 4,
                                                            "sekolah": 0}
    text = dialog.summary.text()
    assert ("<b>5</b> ke kantor, <b>7</b> diusulkan untuk kunjungan (3 lapas, 4 rumah), "
            "tidak dipanggil.") in text
    assert not dialog.left_over.isVisible()  # proposed is not left over
    _snap(dialog, output_dir / "auto_schedule_routing.png")

    # with the setting changed, the inmates are called to their office too
    settings.save_many(db, {"route_warga_binaan": "kantor"})
    plan = _preview(qtbot, dialog)
    assert plan.scheduled == 8
    assert "<b>8</b> ke kantor, <b>4</b> diusulkan untuk kunjungan (4 rumah)" in \
        dialog.summary.text()


def test_the_evening_choice_calls_everyone_to_their_own_kantor_kelurahan(qtbot, db, runner,
                                                                         output_dir):
    _known(db)
    settings.save_many(db, {"route_disabilitas": "kantor"})
    scheduling.generate_evening_series(db, dt.date(2024, 1, 3), dt.date(2024, 1, 31),
                                       kelurahan_codes=[MEDONO], today=TODAY)
    dialog = _dialog(qtbot, db, runner)
    dialog.evening.setChecked(True)
    plan = _preview(qtbot, dialog)
    medono = scheduling.kelurahan_offices(db)[MEDONO]
    assert plan.evening and {s.location_id for s in plan.slots} == {medono}
    assert plan.scheduled == 5 and plan.left_over_count == 4  # Kauman has no evening
    assert "4 orang: tidak ada sesi malam di kantor kelurahannya" in dialog.left_over.text()
    assert dialog.days_model.index(0, 1).data() == "Kantor Kelurahan Medono"
    _snap(dialog, output_dir / "auto_schedule_evening.png")
    # unticked, the same people go to their kantor kecamatan again
    dialog.evening.setChecked(False)
    assert dialog.plan is None and not dialog.save_button.isEnabled()
    plan = _preview(qtbot, dialog)
    assert medono not in {s.location_id for s in plan.slots} and plan.scheduled == 9
