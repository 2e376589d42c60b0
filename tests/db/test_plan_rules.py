"""The calendar a plan may trust, polling day, and a plan people can keep: holidays
2025–2027 and their provisional flags, importing a year's list, the planner's refusals and
their confirmation, pupils on Saturdays or after school, the midday break kept free."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from ektp_desk.core import calendar, migrations, scheduling, settings
from ektp_desk.core import db as core_db
from ektp_desk.core.errors import UserError
from ektp_desk.core.scheduling import PAST_CALENDAR, PAST_ELECTION, PlanRefused, Selection
from tests.db.test_scheduling import (
    BARAT,
    DINDUK,
    TODAY,
    add_people,
    rt_people,
    snapshot,
    unchanged,
)
from tests.plan_helpers import without_pupil_rule

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
DEC_7 = dt.date(2026, 12, 7)


def test_holidays_2025_to_2027_are_preloaded_with_their_years(db):
    years = calendar.holiday_years(db)
    assert {y: info.provisional for y, info in years.items() if y >= 2025} == {
        2025: False, 2026: False, 2027: True}
    assert "1017 Tahun 2024" in years[2025].source
    assert "1497 Tahun 2025" in years[2026].source
    found = calendar.holidays(db, dt.date(2025, 1, 1), dt.date(2027, 12, 31))
    assert found[dt.date(2026, 12, 25)].kind == "libur"
    assert found[dt.date(2026, 12, 24)].kind == "cuti_bersama"
    assert found[dt.date(2025, 8, 18)].kind == "cuti_bersama"  # the SKB's 2025 change
    assert sorted(d for d in found if d.year == 2027) == [
        dt.date(2027, 1, 1), dt.date(2027, 5, 1), dt.date(2027, 6, 1), dt.date(2027, 8, 17),
        dt.date(2027, 12, 25)]
    assert len([d for d in found if d.year == 2026]) == 25
    assert calendar.first_unknown_day(db, dt.date(2026, 12, 1), dt.date(2027, 1, 15)) == \
        dt.date(2027, 1, 1)
    assert calendar.first_unknown_day(db, dt.date(2025, 1, 1), dt.date(2026, 12, 31)) is None


def test_migration_keeps_an_offices_own_holiday_edits(tmp_path):
    path = tmp_path / "kantor.sqlite"
    path.write_bytes((FIXTURES / "schema_v1.sqlite").read_bytes())
    conn = sqlite3.connect(path)
    for step in migrations.steps():
        if 1 < step.version < 8:
            step.apply(conn)
            conn.execute(f"PRAGMA user_version = {step.version:d}")
    # the office entered Natal 2026 itself, under its own name, before this version
    conn.execute("INSERT INTO holiday (date, name, kind) VALUES "
                 "('2026-12-25', 'Natal (SK Wali Kota)', 'libur')")
    conn.commit()
    conn.close()
    database = core_db.open_database(path, bind=False)
    try:
        found = calendar.holidays(database, dt.date(2026, 12, 1), dt.date(2026, 12, 31))
        assert found[dt.date(2026, 12, 25)].name == "Natal (SK Wali Kota)"
        assert dt.date(2026, 12, 24) in found
        assert calendar.holiday_years(database)[2027].provisional
    finally:
        database.close()


def test_importing_a_years_list_makes_it_known_and_is_audited(db, tmp_path):
    path = tmp_path / "libur2027.csv"
    path.write_text("TANGGAL;KETERANGAN;JENIS\n"
                    "2027-01-01;Tahun Baru 2027 Masehi;libur\n"
                    "2027-02-05;Cuti bersama Imlek (uji);cuti_bersama\n"
                    "2027-03-10;Idul Fitri (uji);libur\n", encoding="utf-8")
    result = calendar.import_holidays(db, path, user="Rina")
    assert (result.added, result.updated, result.unchanged) == (2, 0, 1)
    assert not calendar.holiday_years(db)[2027].provisional
    assert calendar.holidays(db)[dt.date(2027, 2, 5)].kind == "cuti_bersama"
    audit = db.execute_sql("SELECT by_user, action, detail FROM audit_log "
                           "ORDER BY id DESC LIMIT 1").fetchone()
    assert audit[:2] == ("Rina", "libur_impor") and "libur2027.csv" in audit[2]


def test_a_list_with_a_bad_row_changes_nothing(db, tmp_path):
    path = tmp_path / "libur.csv"
    path.write_text("TANGGAL;KETERANGAN;JENIS\n"
                    "2027-01-01;Tahun Baru;libur\n"
                    "2027-02-30;Salah tanggal;libur\n"
                    "2027-03-10;Jenis salah;kerja\n", encoding="utf-8")
    with unchanged(db, "cal_holiday_bad_rows") as caught:
        calendar.import_holidays(db, path)
    text = caught[0].message
    assert "Baris 3" in text and "Baris 4" in text and "tidak ada yang diubah" in text
    assert calendar.holiday_years(db)[2027].provisional


def test_the_planner_refuses_past_the_calendar_and_polling_day_unless_confirmed(db):
    settings.set(db, "election_date", "2027-02-17")
    add_people(db, rt_people("3375011002", "001", "001", 3))
    before = snapshot(db)
    with pytest.raises(PlanRefused) as info:
        scheduling.plan(db, Selection(), dt.date(2026, 12, 21), dt.date(2027, 1, 8), today=DEC_7)
    assert [lim.code for lim in info.value.limits] == [PAST_CALENDAR]
    assert "2027" in info.value.message and "--past-calendar" in info.value.message
    with pytest.raises(PlanRefused) as info:
        scheduling.plan(db, Selection(), dt.date(2026, 12, 21), dt.date(2027, 2, 26),
                        today=DEC_7)
    assert [lim.code for lim in info.value.limits] == [PAST_CALENDAR, PAST_ELECTION]
    assert "17 Februari 2027" in info.value.message
    with pytest.raises(PlanRefused) as info:  # one confirmation is not both
        scheduling.plan(db, Selection(), dt.date(2026, 12, 21), dt.date(2027, 2, 26),
                        today=DEC_7, past_calendar=True)
    assert [lim.code for lim in info.value.limits] == [PAST_ELECTION]
    assert snapshot(db) == before
    # within 2026 nothing needs confirming
    assert scheduling.plan_limits(db, dt.date(2026, 12, 8), dt.date(2026, 12, 31)) == []

    confirmed = scheduling.plan(db, Selection(), dt.date(2026, 12, 21), dt.date(2027, 1, 8),
                                today=DEC_7, past_calendar=True)
    assert [lim.code for lim in confirmed.limits] == [PAST_CALENDAR]
    assert confirmed.summary()["limits"][0]["date"] == "2027-01-01"
    assert confirmed.scheduled == 3


def test_nobody_is_booked_on_a_holiday_across_christmas_and_new_year(db):
    # 50 a day at each kantor kecamatan: 400 people fill 21 Dec – 8 Jan day after day
    without_pupil_rule(db)  # they are 17: this is about the holidays, not pupils' hours
    add_people(db, [("3375011002", f"{i % 5 + 1:03d}", f"{i % 9 + 1:03d}") for i in range(400)])
    the_plan = scheduling.plan(db, Selection(), dt.date(2026, 12, 21), dt.date(2027, 1, 15),
                               today=DEC_7, past_calendar=True, past_election=True)
    days = {s.date for s in the_plan.slots}
    holidays = set(calendar.holidays(db, dt.date(2026, 12, 21), dt.date(2027, 1, 15)))
    assert {dt.date(2026, 12, 24), dt.date(2026, 12, 25), dt.date(2027, 1, 1)} <= holidays
    assert not days & holidays
    assert dt.date(2026, 12, 28) in days and dt.date(2027, 1, 4) in days
    assert the_plan.scheduled == 400


def test_pupils_go_on_saturdays_or_after_school(db):
    assert settings.get(db, "pelajar_after_school") is True  # on by default
    pupils = add_people(db, rt_people("3375011002", "001", "001", 4))  # born 2006: 17 in 2024
    adults = add_people(db, rt_people("3375011002", "001", "002", 3))
    db.execute_sql("UPDATE person SET birth_date = '1990-03-01' WHERE id IN (?, ?, ?)",
                   tuple(adults))
    the_plan = scheduling.plan(db, Selection(), dt.date(2024, 1, 3), dt.date(2024, 1, 13),
                               today=TODAY)
    where = {a.person_id: the_plan.slots[a.slot] for a in the_plan.assignments}
    # the kantor kecamatan closes at 14.00, school ends at 14.00: Saturday at Dindukcapil
    assert {(where[p].date.weekday(), where[p].location_id) for p in pupils} == {(5, DINDUK)}
    assert {where[p].location_id for p in adults} == {BARAT}
    assert all(where[p].date.weekday() < 5 for p in adults)
    assert the_plan.pelajar == 4

    # school ends at 13.00: the 13.00–14.00 session on a weekday fits them
    settings.set(db, "school_end_time", "13.00")
    the_plan = scheduling.plan(db, Selection(), dt.date(2024, 1, 3), dt.date(2024, 1, 13),
                               today=TODAY)
    where = {a.person_id: the_plan.slots[a.slot] for a in the_plan.assignments}
    assert {(where[p].date, where[p].start) for p in pupils} == {(dt.date(2024, 1, 3), "13:00")}

    # off: pupils go anywhere, neighbours first
    settings.set(db, "pelajar_after_school", False)
    the_plan = scheduling.plan(db, Selection(), dt.date(2024, 1, 3), dt.date(2024, 1, 13),
                               today=TODAY)
    where = {a.person_id: the_plan.slots[a.slot] for a in the_plan.assignments}
    assert {(where[p].date, where[p].start) for p in pupils} == {(dt.date(2024, 1, 3), "08:00")}
    assert the_plan.pelajar == 0


def test_pupils_without_a_fitting_session_are_left_over_with_the_reason(db):
    settings.set(db, "pelajar_after_school", True)
    pupils = add_people(db, rt_people("3375011002", "001", "001", 2))
    the_plan = scheduling.plan(db, Selection(), dt.date(2024, 1, 3), dt.date(2024, 1, 5),
                               today=TODAY)  # Wednesday to Friday: no Saturday
    assert the_plan.left_over == {"pelajar_tanpa_sesi": tuple(pupils)}
    assert "Sabtu" in scheduling.reason_text("pelajar_tanpa_sesi")


def test_the_midday_break_is_kept_free(db):
    calendar.set_location_hours(db, BARAT, {"Senin": [("08.00", "15.00")],
                                            "Jumat": [("08.00", "15.00")]})
    monday, friday = dt.date(2024, 1, 8), dt.date(2024, 1, 12)
    made = scheduling.generate_slots(db, monday, friday, location_ids=[BARAT], today=TODAY)
    starts = {}
    for slot in scheduling.list_slots(db, monday, friday):
        starts.setdefault(slot.date, []).append((slot.start, slot.end))
    assert len(made.slot_ids) == sum(len(v) for v in starts.values())
    assert starts[monday] == [("08:00", "09:00"), ("09:00", "10:00"), ("10:00", "11:00"),
                              ("11:00", "12:00"), ("13:00", "14:00"), ("14:00", "15:00")]
    # Friday: from 11.30, for the Friday prayers
    assert starts[friday] == [("08:00", "09:00"), ("09:00", "10:00"), ("10:00", "11:00"),
                              ("11:00", "11:30"), ("13:00", "14:00"), ("14:00", "15:00")]


def test_break_and_school_hours_are_settings_checked_in_words(db):
    settings.set(db, "break_start", "12.30")
    assert settings.get(db, "break_start") == "12.30"
    with pytest.raises(UserError) as info:
        settings.save_many(db, {"school_end_time": "jam dua"})
    assert "14.00" in info.value.message
