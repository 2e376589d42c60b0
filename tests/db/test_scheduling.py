"""Call-up scheduling and outreach visits on real SQLite files.

Property tests (hypothesis) check what must hold for every input: no slot over capacity,
no summons on a holiday or outside hours unless the slot was deliberate, nobody with two
open summonses, same input same plan, and moves/cancellations keeping everyone summoned
exactly once with their printed letters marked for reprint. The other tests walk the
clerk's cases, including every bad input: a clear message and nothing changed.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import peewee as pw
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ektp_desk.core import calendar, scheduling
from ektp_desk.core import db as core_db
from ektp_desk.core.errors import Cancelled, UserError
from ektp_desk.core.jobs import CancelToken
from ektp_desk.core.scheduling import Selection
from ektp_desk.core.scheduling.common import ids_json
from tests.plan_helpers import without_pupil_rule

TODAY = dt.date(2024, 1, 2)  # a Selasa; the 2024 holidays are preloaded
BARAT, TIMUR, UTARA, SELATAN, DINDUK = 1, 2, 3, 4, 5
KELURAHAN = ("3375011002", "3375011003", "3375021004", "3375031007", "3375041004")

HYPOTHESIS = settings(max_examples=40, deadline=None,
                      suppress_health_check=[HealthCheck.function_scoped_fixture,
                                             HealthCheck.too_slow])


# --- helpers --------------------------------------------------------------------------------

_serial = iter(range(1, 10**9))


def add_people(db: pw.Database, rows, *, status: str = "belum_dipanggil",
               category: str = "pemula") -> list[int]:
    """rows: (kelurahan_code or None, rw, rt[, name]). Returns the new ids in order."""
    ids = []
    for row in rows:
        kel, rw, rt = row[:3]
        serial = next(_serial)
        name = row[3] if len(row) > 3 else f"WARGA {serial:05d}"
        cursor = db.execute_sql(
            "INSERT INTO person (nik, name, name_norm, birth_date, rt, rw, kelurahan_code, "
            "kecamatan_code, category, status, created_at, updated_at) "
            "VALUES (?, ?, ?, '2006-05-01', ?, ?, ?, ?, ?, ?, 'x', 'x')",
            (f"33750{serial:011d}", name, name, rt, rw, kel, kel[:6] if kel else None,
             category, status))
        ids.append(cursor.lastrowid)
    return ids


def rt_people(kel: str, rw: str, rt: str, n: int) -> list[tuple[str, str, str]]:
    return [(kel, rw, rt)] * n


def snapshot(db: pw.Database) -> dict[str, list[tuple]]:
    names = [r[0] for r in db.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE 'person_fts%' ORDER BY name")]
    return {name: sorted(db.execute_sql(f"SELECT * FROM {name}").fetchall(), key=repr)
            for name in names}


@contextmanager
def unchanged(db: pw.Database, message_id: str | None = None) -> Iterator[list[UserError]]:
    """Expect a UserError (with `message_id`) that leaves every table as it was."""
    before = snapshot(db)
    caught: list[UserError] = []
    with pytest.raises(UserError) as info:
        yield caught
    caught.append(info.value)
    assert info.value.message and info.value.message != info.value.message_id
    if message_id:
        assert info.value.message_id == message_id, info.value.message
    assert snapshot(db) == before


def check_invariants(db: pw.Database) -> None:
    over = db.execute_sql(
        "SELECT s.id FROM slot s WHERE (SELECT count(*) FROM summons m WHERE m.slot_id = s.id "
        "AND m.state = 'open') > s.capacity").fetchall()
    assert not over, "slot over capacity"
    hours = calendar.all_location_hours(db)
    holidays = set(calendar.holidays(db))
    rows = db.execute_sql(
        "SELECT DISTINCT s.id, s.location_id, s.date, s.start_time, s.end_time, s.deliberate, "
        "s.cancelled FROM slot s JOIN summons m ON m.slot_id = s.id WHERE m.state = 'open'")
    for _, location_id, date, start, end, deliberate, cancelled in rows:
        assert not cancelled, "open summons in a cancelled slot"
        if deliberate:
            continue
        day = dt.date.fromisoformat(date)
        assert day not in holidays, f"summons on holiday {day}"
        periods = hours.get(location_id, {}).get(day.weekday(), ())
        assert any(p.start <= start and end <= p.end for p in periods), \
            f"summons outside hours: {day} {start}-{end} at {location_id}"
    twice = db.execute_sql("SELECT person_id FROM summons WHERE state = 'open' "
                           "GROUP BY person_id HAVING count(*) > 1").fetchall()
    assert not twice, "two open summonses"
    wrong = db.execute_sql(
        "SELECT id, status FROM person WHERE (status = 'dipanggil') != EXISTS (SELECT 1 FROM "
        "summons m WHERE m.person_id = person.id AND m.state = 'open')").fetchall()
    assert not wrong, f"status and summons disagree: {wrong[:5]}"


def open_summons(db: pw.Database) -> dict[int, tuple]:
    """person_id -> (summons id, slot id, letter, replaces)."""
    return {r[0]: r[1:] for r in db.execute_sql(
        "SELECT person_id, id, slot_id, letter, replaces FROM summons WHERE state = 'open'")}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty migrated database, copied for each hypothesis example (fast)."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    core_db.open_database(path, bind=False).close()
    return path


@contextmanager
def fresh(template: Path) -> Iterator[pw.SqliteDatabase]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ektp.sqlite"
        shutil.copyfile(template, path)
        database = core_db.open_database(path, bind=False)
        try:
            yield database
        finally:
            database.close()


def plan(db, selection=None, date_from=dt.date(2024, 1, 3), date_to=dt.date(2024, 1, 31),
         **kw) -> scheduling.Plan:
    return scheduling.plan(db, selection or Selection(), date_from, date_to,
                           today=kw.pop("today", TODAY), **kw)


def apply(db, the_plan, **kw):
    return scheduling.apply_plan(db, the_plan, today=kw.pop("today", TODAY), **kw)


@pytest.fixture(autouse=True)
def _plan_without_pupil_rule(request: pytest.FixtureRequest) -> None:
    """The people here are 17 (add_people): these tests are about capacity, neighbours,
    holidays and moves, not pupils' hours (tests/db/test_plan_rules.py)."""
    if "db" in request.fixturenames:
        without_pupil_rule(request.getfixturevalue("db"))


# --- property tests ---------------------------------------------------------------------------

@st.composite
def scenarios(draw):
    people = draw(st.lists(st.tuples(st.sampled_from((*KELURAHAN, None)),
                                     st.sampled_from(["001", "002", "003"]),
                                     st.sampled_from(["001", "002", "003", "004"])),
                           max_size=90))
    capacities = draw(st.lists(st.integers(1, 12), min_size=5, max_size=5))
    offset = draw(st.integers(0, 45))
    length = draw(st.integers(0, 20))
    holidays = draw(st.sets(st.integers(0, length), max_size=4))
    deliberate = draw(st.lists(st.tuples(st.integers(1, 5), st.integers(0, length),
                                         st.sampled_from(["07:00", "15:00", "18:30"]),
                                         st.integers(1, 8)), max_size=3))
    return {
        "people": people, "capacities": capacities,
        "date_from": TODAY + dt.timedelta(days=offset),
        "date_to": TODAY + dt.timedelta(days=offset + length),
        "holidays": holidays, "deliberate": deliberate,
        "slot_minutes": draw(st.sampled_from([30, 60, 90])),
        "overflow": draw(st.sampled_from([(), (DINDUK,)])),
    }


def build(db: pw.Database, scenario: dict) -> None:
    add_people(db, scenario["people"])
    for location_id, capacity in enumerate(scenario["capacities"], 1):
        scheduling.update_location(db, location_id, capacity_per_hour=capacity)
    for offset in scenario["holidays"]:
        calendar.add_holiday(db, scenario["date_from"] + dt.timedelta(days=offset), "Libur uji")
    for location_id, offset, start, capacity in scenario["deliberate"]:
        day = scenario["date_from"] + dt.timedelta(days=offset)
        end = calendar.from_minutes(calendar.minutes(start) + 60)
        with contextlib.suppress(UserError):  # the same time drawn twice
            scheduling.add_slot(db, location_id, day, start, end, capacity=capacity,
                                deliberate=True, today=TODAY)


def plan_scenario(db: pw.Database, scenario: dict) -> scheduling.Plan:
    return scheduling.plan(db, Selection(), scenario["date_from"], scenario["date_to"],
                           today=TODAY, slot_minutes=scenario["slot_minutes"],
                           overflow=scenario["overflow"], past_election=True)


@HYPOTHESIS
@given(scenario=scenarios())
def test_plans_respect_capacity_hours_holidays_and_are_deterministic(template, scenario):
    with fresh(template) as db:
        build(db, scenario)
        before = snapshot(db)
        try:
            first = plan_scenario(db, scenario)
        except UserError as exc:
            # only when no location of anyone has a single service period in the range
            assert exc.message_id == "sched_no_working_day"
            assert snapshot(db) == before
            return
        assert snapshot(db) == before, "planning wrote something"
        assert plan_scenario(db, scenario) == first, "same input, different plan"
        assert first.scheduled + first.left_over_count == len(scenario["people"])
        for slot in first.slots:
            assert slot.already + slot.added <= slot.capacity
            assert scenario["date_from"] <= slot.date <= scenario["date_to"]

        apply(db, first)
        check_invariants(db)
        summoned = open_summons(db)
        assert set(summoned) == {a.person_id for a in first.assignments}
        left = {pid for ids in first.left_over.values() for pid in ids}
        assert not left & set(summoned)
        # the same people again: nobody can be summoned twice
        try:
            again = plan_scenario(db, scenario)
        except UserError as exc:  # those left need a location closed all through the range
            assert exc.message_id == "sched_no_working_day"
        else:
            assert again.scheduled == 0


@HYPOTHESIS
@given(scenario=scenarios(), data=st.data())
def test_cancelling_or_moving_a_slot_keeps_everyone_summoned_once(template, scenario, data):
    with fresh(template) as db:
        build(db, scenario)
        try:
            the_plan = plan_scenario(db, scenario)
        except UserError:
            return
        apply(db, the_plan)
        busy = [r[0] for r in db.execute_sql(
            "SELECT DISTINCT slot_id FROM summons WHERE state = 'open' ORDER BY slot_id")]
        if not busy:
            return
        slot_id = data.draw(st.sampled_from(busy), label="slot")
        printed = data.draw(st.sets(st.sampled_from(sorted(open_summons(db)))), label="printed")
        db.execute_sql("UPDATE summons SET letter = 'dicetak' WHERE state = 'open' AND "
                       "person_id IN (SELECT value FROM json_each(?))",
                       (ids_json(printed),))
        before = open_summons(db)
        inside = {pid for pid, (_, sid, _, _) in before.items() if sid == slot_id}

        if data.draw(st.booleans(), label="cancel"):
            result = scheduling.cancel_slot(db, slot_id, reason="listrik padam", today=TODAY,
                                            until=scenario["date_to"] + dt.timedelta(days=60))
            lost = set(result.unplaced)
        else:
            saturday = scenario["date_to"] + dt.timedelta(days=(5 - scenario["date_to"]
                                                               .weekday()) % 7 or 7)
            result = scheduling.move_slot(db, slot_id, saturday, "19:00", deliberate=True,
                                          today=TODAY)
            lost = set()
            assert {p for p, (_, sid, _, _) in open_summons(db).items()
                    if sid == result.slot_ids[0]} == inside

        check_invariants(db)
        after = open_summons(db)
        assert set(after) == set(before) - lost, "someone lost or gained a summons"
        assert result.moved == len(inside) - len(lost)
        assert lost <= inside
        assert not any(sid == slot_id for _, sid, _, _ in after.values())
        for pid in inside - lost:
            old_id = before[pid][0]
            _, new_slot, letter, replaces = after[pid]
            assert replaces == old_id and new_slot != slot_id
            assert letter == ("cetak_ulang" if pid in printed else "belum_dicetak")
        for pid in set(before) - inside:
            assert after[pid] == before[pid], "someone outside the slot was touched"
        for pid in lost:
            status = db.execute_sql("SELECT status FROM person WHERE id = ?", (pid,)).fetchone()
            assert status[0] == "belum_dipanggil"


# --- planning, case by case -------------------------------------------------------------------

def test_plan_saves_nothing_and_apply_saves_everything(db):
    ids = add_people(db, rt_people("3375011002", "001", "001", 5)
                     + rt_people("3375021004", "002", "003", 4))
    before = snapshot(db)
    the_plan = plan(db)
    assert snapshot(db) == before
    assert the_plan.scheduled == 9 and the_plan.left_over_count == 0
    assert the_plan.summary()["reasons"] == {}
    result = apply(db, the_plan, user="Rina")
    assert result.scheduled == 9
    assert result.changes.schedule and result.changes.people and result.changes.events
    check_invariants(db)
    events = db.execute_sql("SELECT person_id, kind, by_user FROM event ORDER BY id").fetchall()
    assert sorted(e[0] for e in events) == sorted(ids)
    assert {e[1:] for e in events} == {("dipanggil", "Rina")}
    assert db.execute_sql("SELECT DISTINCT status FROM person").fetchall() == [("dipanggil",)]
    summons = scheduling.current_summons(db, ids)
    assert summons[ids[0]] == {"slot_id": summons[ids[0]]["slot_id"], "date": "2024-01-03",
                               "start": "08:00", "location": "Kantor Kecamatan Pekalongan Barat",
                               "round": 1}
    assert summons[ids[5]]["location"] == "Kantor Kecamatan Pekalongan Timur"
    assert db.execute_sql("SELECT action FROM audit_log").fetchall()[-1] == ("jadwal_otomatis",)


def test_the_first_days_fill_hour_by_hour_and_holidays_are_skipped(db):
    # 8 Feb (Isra Mikraj) and 9 Feb (cuti bersama) are holidays, 10-11 Feb a weekend; the
    # 12.00–13.00 break gets no session, so a day takes 50
    add_people(db, [("3375011002", "001", f"{i:03d}") for i in range(1, 11) for _ in range(10)])
    the_plan = plan(db, date_from=dt.date(2024, 2, 7), date_to=dt.date(2024, 2, 13))
    dates = sorted({s.date for s in the_plan.slots})
    assert dates == [dt.date(2024, 2, 7), dt.date(2024, 2, 12)]
    first_day = [s for s in the_plan.slots if s.date == dt.date(2024, 2, 7)]
    assert [(s.start, s.end, s.added) for s in first_day] == [
        ("08:00", "09:00", 10), ("09:00", "10:00", 10), ("10:00", "11:00", 10),
        ("11:00", "12:00", 10), ("13:00", "14:00", 10)]


def test_neighbours_land_on_the_same_day(db):
    # kantor kecamatan: 10 per hour, 5 hours (the break kept free) = 50 a day
    rts = [("3375011002", "001", "001", 25), ("3375011002", "001", "002", 25),
           ("3375011002", "002", "001", 25), ("3375011003", "001", "001", 25)]
    ids_by_rt = {rt[:3]: add_people(db, rt_people(*rt[:3], rt[3])) for rt in rts}
    the_plan = plan(db)
    day_of = {a.person_id: the_plan.slots[a.slot].date for a in the_plan.assignments}
    for ids in ids_by_rt.values():
        assert len({day_of[i] for i in ids}) == 1, "an RT was split over days"
    # kelurahan order: the first two RTs share the first day
    first = ids_by_rt[("3375011002", "001", "001")][0]
    second = ids_by_rt[("3375011002", "001", "002")][0]
    assert day_of[first] == day_of[second] == dt.date(2024, 1, 3)


def test_an_rt_larger_than_a_day_is_split_over_consecutive_days(db):
    ids = add_people(db, rt_people("3375011002", "001", "001", 110))
    the_plan = plan(db)
    days = [the_plan.slots[a.slot].date for a in the_plan.assignments]
    assert days == sorted(days)
    assert sorted(set(days)) == [dt.date(2024, 1, 3), dt.date(2024, 1, 4), dt.date(2024, 1, 5)]
    assert len(ids) == the_plan.scheduled


def test_people_without_a_kecamatan_go_to_dindukcapil(db):
    ids = add_people(db, [(None, "001", "001")])
    the_plan = plan(db)
    assert the_plan.slots[the_plan.assignments[0].slot].location_id == DINDUK
    assert the_plan.assignments[0].person_id == ids[0]


def test_more_people_than_places_are_left_over_with_the_reason(db):
    add_people(db, rt_people("3375011002", "001", "001", 100))
    before = snapshot(db)
    one_day = plan(db, date_from=dt.date(2024, 1, 3), date_to=dt.date(2024, 1, 3))
    assert snapshot(db) == before
    assert (one_day.scheduled, one_day.left_over_count) == (50, 50)
    assert one_day.reasons == {"penuh": 50}
    summary = one_day.summary()
    assert summary["left_over_by_location"] == {"Kantor Kecamatan Pekalongan Barat": 50}
    assert "penuh" in summary["reason_texts"]["penuh"]
    assert summary["days"] == [{"date": "2024-01-03", "location":
                                "Kantor Kecamatan Pekalongan Barat", "location_id": 1,
                                "people": 50, "places_left": 0}]
    # with Dindukcapil as overflow everyone fits
    both = plan(db, date_from=dt.date(2024, 1, 3), date_to=dt.date(2024, 1, 3),
                overflow=(DINDUK,))
    assert both.scheduled == 100
    assert {s.location_id for s in both.slots} == {BARAT, DINDUK}


def test_a_custom_mapping_sends_a_kecamatan_elsewhere(db):
    add_people(db, rt_people("3375011002", "001", "001", 3))
    the_plan = plan(db, locations={"337501": [TIMUR]})
    assert {s.location_id for s in the_plan.slots} == {TIMUR}


def test_filters_pick_who(db):
    add_people(db, rt_people("3375011002", "001", "001", 2))
    add_people(db, rt_people("3375011003", "001", "001", 3))
    add_people(db, rt_people("3375021004", "001", "001", 4), category="disabilitas")
    add_people(db, rt_people("3375021004", "001", "002", 1), status="terekam")
    assert plan(db, Selection(kecamatan="337501")).scheduled == 5
    assert plan(db, Selection(kecamatan="33.75.01")).scheduled == 5
    assert plan(db, Selection(kelurahan="Podosugih")).scheduled == 3
    assert plan(db, Selection(kelurahan="3375011003")).scheduled == 3
    assert plan(db, Selection(category="disabilitas")).scheduled == 4
    assert plan(db).scheduled == 9


def test_a_hand_made_selection_reports_who_cannot_be_called(db):
    ok = add_people(db, rt_people("3375011002", "001", "001", 2))
    done = add_people(db, rt_people("3375011002", "001", "002", 1), status="terekam")
    the_plan = plan(db, Selection(person_ids=(*ok, *done, 999_999)))
    assert the_plan.scheduled == 2
    assert the_plan.left_over == {"status": tuple(done), "tidak_ada": (999_999,)}
    apply(db, the_plan)
    again = plan(db, Selection(person_ids=tuple(ok)))
    assert again.left_over == {"sudah_dipanggil": tuple(ok)}


def test_existing_slots_are_filled_before_new_ones_are_made(db):
    scheduling.add_slot(db, BARAT, dt.date(2024, 1, 3), "08.00", "09.00", capacity=3,
                        name="Sesi pagi", today=TODAY)
    add_people(db, rt_people("3375011002", "001", "001", 5))
    the_plan = plan(db, date_to=dt.date(2024, 1, 3))
    assert [(s.slot_id is not None, s.start, s.added) for s in the_plan.slots] == [
        (True, "08:00", 3), (False, "09:00", 2)]
    apply(db, the_plan)
    slots = scheduling.list_slots(db, dt.date(2024, 1, 3), dt.date(2024, 1, 3))
    assert [(s.start, s.assigned, s.capacity, s.name) for s in slots] == [
        ("08:00", 3, 3, "Sesi pagi"), ("09:00", 2, 10, None)]


def test_a_deliberate_weekend_session_is_used(db):
    saturday = dt.date(2024, 1, 6)
    with unchanged(db, "sched_slot_off_hours") as caught:
        scheduling.add_slot(db, BARAT, saturday, "08.00", "12.00", today=TODAY)
    assert "sesi khusus" in caught[0].message
    scheduling.add_slot(db, BARAT, saturday, "08.00", "12.00", capacity=20, deliberate=True,
                        name="Sabtu khusus", today=TODAY)
    add_people(db, rt_people("3375011002", "001", "001", 15))
    the_plan = plan(db, date_from=saturday, date_to=dt.date(2024, 1, 7))
    assert the_plan.scheduled == 15
    assert [(s.date, s.deliberate, s.added) for s in the_plan.slots] == [(saturday, True, 15)]


def test_a_holiday_session_needs_the_deliberate_flag(db):
    election = dt.date(2024, 2, 14)
    with unchanged(db, "sched_slot_off_hours") as caught:
        scheduling.add_slot(db, DINDUK, election, "08.00", "09.00", today=TODAY)
    assert "Hari pemungutan suara" in caught[0].message
    made = scheduling.add_slot(db, DINDUK, election, "08.00", "09.00", deliberate=True,
                               today=TODAY)
    assert scheduling.get_slot(db, made.slot_id).deliberate
    with unchanged(db, "sched_slot_clash"):
        scheduling.add_slot(db, DINDUK, election, "08.30", "09.30", deliberate=True,
                            today=TODAY)


# --- bad input: a clear message, nothing changed ------------------------------------------

def test_an_empty_range_is_refused(db):
    add_people(db, rt_people("3375011002", "001", "001", 2))
    with unchanged(db, "sched_range_empty") as caught:
        plan(db, date_from=dt.date(2024, 1, 10), date_to=dt.date(2024, 1, 9))
    assert "Rabu, 10 Januari 2024" in caught[0].message


def test_a_past_range_is_refused(db):
    add_people(db, rt_people("3375011002", "001", "001", 2))
    with unchanged(db, "sched_range_past") as caught:
        plan(db, date_from=dt.date(2023, 12, 1), date_to=dt.date(2024, 1, 9))
    assert "sudah lewat" in caught[0].message


def test_a_too_long_range_is_refused(db):
    with unchanged(db, "sched_range_too_long"):
        plan(db, date_from=dt.date(2024, 1, 3), date_to=dt.date(2025, 6, 1))


def test_a_range_without_a_working_day_is_refused(db):
    # Lebaran 2024: 8-12 April holidays and cuti bersama, 13-14 weekend, 15 cuti bersama
    add_people(db, rt_people("3375011002", "001", "001", 2))
    with unchanged(db, "sched_no_working_day") as caught:
        plan(db, date_from=dt.date(2024, 4, 8), date_to=dt.date(2024, 4, 15),
             past_election=True)
    assert "Kantor Kecamatan Pekalongan Barat" in caught[0].message
    with unchanged(db, "sched_no_working_day"):
        plan(db, date_from=dt.date(2024, 1, 6), date_to=dt.date(2024, 1, 7))  # a weekend


def test_zero_capacity_is_refused(db):
    add_people(db, rt_people("3375011002", "001", "001", 2))
    scheduling.update_location(db, BARAT, capacity_per_hour=0)
    with unchanged(db, "sched_zero_capacity") as caught:
        plan(db)
    assert "Pekalongan Barat" in caught[0].message
    with unchanged(db, "sched_slot_capacity_zero"):
        scheduling.add_slot(db, TIMUR, dt.date(2024, 1, 3), "08.00", "09.00", capacity=0,
                            today=TODAY)
    with unchanged(db, "sched_bad_capacity"):
        scheduling.update_location(db, TIMUR, capacity_per_hour=-3)


def test_a_location_without_hours_is_refused(db):
    add_people(db, rt_people("3375021004", "001", "001", 2))
    calendar.set_location_hours(db, TIMUR, {})
    with unchanged(db, "sched_no_hours") as caught:
        plan(db)
    assert "Pekalongan Timur" in caught[0].message and "jam layanan" in caught[0].message


@pytest.mark.parametrize(("selection", "message_id"), [
    (Selection(category="pelajar"), "sched_bad_category"),
    (Selection(kelurahan="Atlantis"), "sched_bad_kelurahan"),
    (Selection(kecamatan="999999"), "sched_bad_kecamatan"),
    (Selection(statuses=("rekam",)), "sched_bad_status"),
])
def test_unknown_filters_are_refused(db, selection, message_id):
    with unchanged(db, message_id):
        plan(db, selection)


def test_bad_slot_minutes_are_refused(db):
    with unchanged(db, "sched_bad_slot_minutes"):
        plan(db, slot_minutes=5)


def test_a_stale_plan_is_refused_and_saves_nothing(db):
    ids = add_people(db, rt_people("3375011002", "001", "001", 4))
    the_plan = plan(db)
    slot = scheduling.add_slot(db, TIMUR, dt.date(2024, 1, 3), "08.00", "09.00", today=TODAY)
    scheduling.summon_to_slot(db, [ids[2]], slot.slot_id, today=TODAY)
    with unchanged(db, "sched_plan_stale"):
        apply(db, the_plan)
    # a recorded person between preview and save also makes it stale
    other = plan(db)
    db.execute_sql("UPDATE person SET status = 'terekam' WHERE id = ?", (ids[0],))
    with unchanged(db, "sched_plan_stale"):
        apply(db, other)


def test_cancelling_apply_rolls_everything_back(db):
    add_people(db, rt_people("3375011002", "001", "001", 30))
    the_plan = plan(db)
    token = CancelToken()
    token.cancel()
    before = snapshot(db)
    with pytest.raises(Cancelled):
        apply(db, the_plan, cancel=token)
    assert snapshot(db) == before


def test_planning_reports_progress_and_can_be_cancelled(db):
    add_people(db, rt_people("3375011002", "001", "001", 3))
    seen = []
    plan(db, progress=lambda done, total, message="": seen.append((done, total)))
    assert seen[-1] == (3, 3)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        plan(db, cancel=token)


# --- moves --------------------------------------------------------------------------------

def applied(db, n=12, kel="3375011002"):
    ids = add_people(db, rt_people(kel, "001", "001", n))
    apply(db, plan(db))
    return ids


def test_moving_people_marks_printed_letters_for_reprint(db):
    ids = applied(db, 12)
    db.execute_sql("UPDATE summons SET letter = 'dicetak' WHERE person_id = ?", (ids[0],))
    target = scheduling.add_slot(db, BARAT, dt.date(2024, 1, 8), "08.00", "09.00", capacity=2,
                                 today=TODAY).slot_id
    result = scheduling.move_people(db, ids[:2], target, today=TODAY)
    assert result.moved == 2
    check_invariants(db)
    now = open_summons(db)
    assert now[ids[0]][1:3] == (target, "cetak_ulang")
    assert now[ids[1]][1:3] == (target, "belum_dicetak")
    states = db.execute_sql("SELECT state FROM summons WHERE person_id = ? ORDER BY id",
                            (ids[0],)).fetchall()
    assert states == [("moved",), ("open",)]
    # the slot is full now: one more does not fit, and nothing moves
    with unchanged(db, "sched_slot_full") as caught:
        scheduling.move_people(db, [ids[3]], target, today=TODAY)
    assert "tinggal 0 tempat" in caught[0].message


def test_moving_someone_without_a_summons_is_refused(db):
    ids = applied(db, 2)
    loner = add_people(db, [("3375011002", "009", "009", "SUHARTO")])
    target = scheduling.add_slot(db, BARAT, dt.date(2024, 1, 8), "08.00", "09.00",
                                 today=TODAY).slot_id
    with unchanged(db, "sched_no_open_summons") as caught:
        scheduling.move_people(db, [ids[0], loner[0]], target, today=TODAY)
    assert "SUHARTO" in caught[0].message


def test_moving_into_a_cancelled_or_past_slot_is_refused(db):
    ids = applied(db, 2)
    target = scheduling.add_slot(db, BARAT, dt.date(2024, 1, 8), "08.00", "09.00",
                                 today=TODAY).slot_id
    scheduling.cancel_slot(db, target, today=TODAY)
    with unchanged(db, "sched_slot_cancelled"):
        scheduling.move_people(db, ids, target, today=TODAY)
    first = open_summons(db)[ids[0]][1]
    with unchanged(db, "sched_slot_past"):
        scheduling.move_people(db, ids, first, today=dt.date(2024, 2, 1))


def test_cancelling_a_slot_sends_its_people_to_the_next_free_slots(db):
    ids = applied(db, 25)  # 08.00, 09.00 full, 10.00 has 5 on 3 January
    first_slot = open_summons(db)[ids[0]][1]
    inside = [p for p, (_, sid, _, _) in open_summons(db).items() if sid == first_slot]
    db.execute_sql("UPDATE summons SET letter = 'dicetak'")
    result = scheduling.cancel_slot(db, first_slot, reason="kit rusak", today=TODAY)
    assert result.moved == 10 and not result.unplaced
    check_invariants(db)
    slots = scheduling.list_slots(db, dt.date(2024, 1, 3), dt.date(2024, 1, 3))
    assert [(s.start, s.assigned) for s in slots] == [
        ("09:00", 10), ("10:00", 10), ("11:00", 5)]
    assert {open_summons(db)[i][2] for i in inside} == {"cetak_ulang"}
    assert {open_summons(db)[i][2] for i in set(ids) - set(inside)} == {"dicetak"}
    cancelled = scheduling.get_slot(db, first_slot)
    assert cancelled.cancelled and cancelled.assigned == 0
    # the cancelled hour is not offered again by the next plan
    more = add_people(db, rt_people("3375011002", "005", "001", 40))
    apply(db, plan(db, Selection(person_ids=tuple(more)), date_to=dt.date(2024, 1, 3)))
    assert "08:00" not in {s.start for s in scheduling.list_slots(
        db, dt.date(2024, 1, 3), dt.date(2024, 1, 3))}


def test_cancelling_without_room_gives_the_people_back(db):
    ids = applied(db, 5)
    slot = open_summons(db)[ids[0]][1]
    with unchanged(db, "sched_range_empty"):
        scheduling.cancel_slot(db, slot, until=dt.date(2024, 1, 2), today=TODAY)
    result = scheduling.cancel_slot(db, slot, relocate=False, today=TODAY)
    assert sorted(result.unplaced) == sorted(ids) and result.moved == 0
    check_invariants(db)
    assert not open_summons(db)
    assert db.execute_sql("SELECT DISTINCT status FROM person").fetchall() == [
        ("belum_dipanggil",)]
    undo = db.execute_sql("SELECT e.kind, e.reason, u.kind FROM event e JOIN event u "
                          "ON u.id = e.undoes").fetchall()
    assert set(undo) == {("batal", "sesi_dibatalkan", "dipanggil")}
    assert plan(db).scheduled == 5  # they are picked up again


def test_moving_a_whole_slot(db):
    ids = applied(db, 8)
    slot = open_summons(db)[ids[0]][1]
    with unchanged(db, "sched_slot_off_hours"):
        scheduling.move_slot(db, slot, dt.date(2024, 1, 6), "09.00", today=TODAY)
    with unchanged(db, "sched_same_slot"):
        scheduling.move_slot(db, slot, dt.date(2024, 1, 3), "08.00", today=TODAY)
    result = scheduling.move_slot(db, slot, dt.date(2024, 1, 4), "13.00", today=TODAY)
    check_invariants(db)
    new = scheduling.get_slot(db, result.slot_ids[0])
    assert (new.date, new.start, new.end, new.assigned) == (dt.date(2024, 1, 4), "13:00",
                                                            "14:00", 8)
    assert scheduling.get_slot(db, slot).cancelled


def test_summoning_by_hand(db):
    ids = add_people(db, rt_people("3375011002", "001", "001", 3))
    slot = scheduling.add_slot(db, BARAT, dt.date(2024, 1, 3), "08.00", "09.00", capacity=2,
                               today=TODAY).slot_id
    with unchanged(db, "sched_slot_full"):
        scheduling.summon_to_slot(db, ids, slot, today=TODAY)
    result = scheduling.summon_to_slot(db, ids[:2], slot, today=TODAY)
    assert result.moved == 2 and result.changes.events
    check_invariants(db)
    other = scheduling.add_slot(db, BARAT, dt.date(2024, 1, 3), "09.00", "10.00",
                                today=TODAY).slot_id
    with unchanged(db, "sched_not_schedulable"):
        scheduling.summon_to_slot(db, ids, other, today=TODAY)


# --- no-shows, second calls, outreach proposals --------------------------------------------

def mark_came(db, person_ids, kind="hadir"):
    for pid in person_ids:
        db.execute_sql("INSERT INTO event (person_id, kind, at, by_user) VALUES (?, ?, 'x', "
                       "'meja')", (pid, kind))
        db.execute_sql("UPDATE person SET status = ? WHERE id = ?", (kind, pid))


def test_no_shows_get_a_second_call_then_are_proposed_for_outreach(db):
    ids = applied(db, 6)
    day = dt.date(2024, 1, 3)
    mark_came(db, ids[:2], "terekam")
    with unchanged(db, "sched_close_future"):
        scheduling.close_day(db, day, today=TODAY)
    closed = scheduling.close_day(db, day, today=day)
    assert (closed.no_show, closed.attended) == (4, 2)
    assert db.execute_sql("SELECT count(*) FROM person WHERE status = 'tidak_hadir'"
                          ).fetchone()[0] == 4
    check_invariants(db)

    # a first-round plan does not pick them; a second round does, as round 2
    assert plan(db, date_from=day).scheduled == 0
    second = plan(db, Selection.second_round(), date_from=day, today=day)
    assert second.scheduled == 4 and {a.round for a in second.assignments} == {2}
    apply(db, second, today=day)
    assert {v["round"] for v in scheduling.current_summons(db).values()} == {2}
    second_day = second.slots[0].date
    scheduling.close_day(db, second_day, today=second_day)

    # two no-shows: proposed for jemput bola instead of a third call
    third = plan(db, Selection.second_round(), date_from=second_day, today=second_day)
    assert third.scheduled == 0 and sorted(third.outreach) == sorted(ids[2:])
    assert sorted(scheduling.outreach_candidates(db)) == sorted(ids[2:])
    assert scheduling.outreach_candidates(db, max_attempts=3) == []
    lenient = plan(db, Selection.second_round(), date_from=second_day, today=second_day,
                   max_attempts=3)
    assert lenient.scheduled == 4 and {a.round for a in lenient.assignments} == {3}


def test_a_second_call_cancelled_falls_back_to_tidak_hadir(db):
    ids = applied(db, 2)
    scheduling.close_day(db, dt.date(2024, 1, 3), today=dt.date(2024, 1, 3))
    second = plan(db, Selection.second_round(), date_from=dt.date(2024, 1, 4),
                  today=dt.date(2024, 1, 3))
    apply(db, second, today=dt.date(2024, 1, 3))
    slot = open_summons(db)[ids[0]][1]
    scheduling.cancel_slot(db, slot, relocate=False, today=dt.date(2024, 1, 3))
    assert db.execute_sql("SELECT DISTINCT status FROM person").fetchall() == [("tidak_hadir",)]
    check_invariants(db)


# --- outreach visits ------------------------------------------------------------------------

def test_an_outreach_visit_from_a_filter_with_outcomes(db):
    school = scheduling.add_location(db, "sekolah", "SMA Negeri 1 Pekalongan",
                                     address="Jl. Kartini", kecamatan_code="Pekalongan Timur"
                                     ).location_id
    assert scheduling.get_location(db, school).kecamatan_code == "337502"
    pupils = add_people(db, rt_people("3375021004", "001", "001", 4))
    add_people(db, rt_people("3375011002", "001", "001", 2))
    served = add_people(db, rt_people("3375021004", "001", "002", 1), status="terekam")
    chosen = scheduling.select_person_ids(db, Selection(kecamatan="337502",
                                                        statuses=("belum_dipanggil", "terekam")))
    assert chosen == [*pupils, *served]
    visit = scheduling.create_visit(db, school, dt.date(2024, 1, 10), person_ids=chosen,
                                    start="09.00", end="12.00", note="aula", today=TODAY)
    assert visit.added == 4 and visit.skipped == {"sudah_dilayani": tuple(served)}
    again = scheduling.add_visit_people(db, visit.visit_id, [pupils[0], 424242])
    assert again.added == 0 and again.skipped == {"sudah_ada": (pupils[0],),
                                                  "tidak_ada": (424242,)}
    # people on a planned visit are not summoned to an office meanwhile
    the_plan = plan(db, Selection(kecamatan="337502"))
    assert the_plan.left_over == {"ada_kunjungan": tuple(pupils)}

    with unchanged(db, "sched_bad_outcome"):
        scheduling.record_visit_outcomes(db, visit.visit_id, {pupils[0]: "hadir_sekali"})
    with unchanged(db, "sched_not_on_visit"):
        scheduling.record_visit_outcomes(db, visit.visit_id, {served[0]: "terekam"})
    result = scheduling.record_visit_outcomes(db, visit.visit_id, {
        pupils[0]: "terekam", pupils[1]: ("gagal_rekam", "sidik jari tidak terbaca"),
        pupils[2]: "tidak_hadir"})
    assert result.recorded == 3
    rows = {p.person_id: (p.status, p.outcome, p.reason)
            for p in scheduling.visit_people(db, visit.visit_id)}
    assert rows[pupils[1]] == ("gagal_rekam", "gagal_rekam", "sidik jari tidak terbaca")
    assert rows[pupils[3]] == ("belum_dipanggil", None, None)
    info = scheduling.get_visit(db, visit.visit_id)
    assert (info.people, info.recorded, info.state) == (4, 3, "rencana")
    scheduling.record_visit_outcomes(db, visit.visit_id, {pupils[3]: "sudah_rekam"})
    assert scheduling.get_visit(db, visit.visit_id).state == "selesai"
    notes = db.execute_sql("SELECT DISTINCT note FROM event WHERE kind != 'dipanggil'"
                           ).fetchall()
    assert notes == [("Jemput bola: SMA Negeri 1 Pekalongan",)]
    assert [v.id for v in scheduling.list_visits(db)] == [visit.visit_id]


def test_recording_on_a_visit_closes_an_open_summons(db):
    ids = applied(db, 2)
    home = scheduling.add_location(db, "rumah", "Kunjungan rumah Medono").location_id
    visit = scheduling.create_visit(db, home, dt.date(2024, 1, 5), person_ids=ids, today=TODAY)
    scheduling.record_visit_outcomes(db, visit.visit_id, {ids[0]: "terekam"})
    assert set(open_summons(db)) == {ids[1]}
    check_invariants(db)


def write_school_csv(path: Path, rows, encoding="cp1252") -> None:
    with path.open("w", encoding=encoding, newline="") as handle:
        out = csv.writer(handle, delimiter=";")
        out.writerow(["DAFTAR SISWA KELAS XII"])
        out.writerow([])
        out.writerow(["No", "Nama Siswa", "NIK", "Tgl Lahir"])
        out.writerows(rows)


def test_a_school_list_is_matched_by_nik_then_by_name(db, tmp_path):
    ids = add_people(db, [("3375011002", "001", "001", "ANDRÉ WIJAYA"),
                          ("3375011002", "001", "001", "SITI AMINAH"),
                          ("3375011002", "001", "002", "BUDI"),
                          ("3375011002", "001", "003", "BUDI")])
    niks = dict(db.execute_sql("SELECT id, nik FROM person"))
    path = tmp_path / "siswa.csv"
    write_school_csv(path, [
        [1, "Andre Wijaya", "'" + niks[ids[0]], ""],
        [2, "siti aminah", "", ""],
        [3, "Budi", "", ""],                         # two BUDI: ambiguous
        [4, "Rahma", "3375015502070009", ""],         # NIK not in the list
        [5, "Fitri", "3.37501E+15", ""],              # Excel-damaged NIK
    ])
    before = snapshot(db)
    match = scheduling.match_people_list(db, path)
    assert snapshot(db) == before
    assert match.person_ids == (ids[0], ids[1]) and match.rows == 5
    reasons = {row: why for row, _, why in match.unmatched}
    assert set(reasons) == {6, 7, 8}
    assert "nama sama" in reasons[6]
    assert "tidak ada" in reasons[7]
    assert "notasi ilmiah" in reasons[8]


def test_a_school_list_in_xlsx(db, tmp_path):
    import xlsxwriter

    ids = add_people(db, [("3375011002", "001", "001", "NUR'AINI")])
    nik_value = db.execute_sql("SELECT nik FROM person WHERE id = ?", (ids[0],)).fetchone()[0]
    path = tmp_path / "santri.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Santri")
    sheet.write_row(0, 0, ["Pondok Pesantren Contoh"])
    sheet.write_row(2, 0, ["NO", "NAMA SANTRI", "NIK"])
    sheet.write_row(3, 0, [1, "Nur'aini", nik_value])
    sheet.write_row(4, 0, [2, "Nur Aini", None])
    book.close()
    match = scheduling.match_people_list(db, path)
    assert match.person_ids == (ids[0],)
    assert match.rows == 2


def test_a_list_without_names_or_niks_is_refused(db, tmp_path):
    path = tmp_path / "kosong.csv"
    path.write_text("A;B\n1;2\n", encoding="utf-8")
    with unchanged(db, "sched_list_no_column"):
        scheduling.match_people_list(db, path)


# --- holidays, locations, listing -----------------------------------------------------------

def test_holidays_can_be_added_and_removed_and_plans_follow(db):
    add_people(db, rt_people("3375011002", "001", "001", 2))
    friday = dt.date(2024, 1, 5)
    calendar.add_holiday(db, friday, "Libur daerah", "cuti bersama")
    assert calendar.holidays(db, friday, friday)[friday].kind == "cuti_bersama"
    with unchanged(db, "sched_no_working_day"):
        plan(db, date_from=friday, date_to=friday)
    calendar.remove_holiday(db, friday)
    assert plan(db, date_from=friday, date_to=friday).scheduled == 2
    with unchanged(db, "cal_holiday_missing"):
        calendar.remove_holiday(db, friday)
    with unchanged(db, "cal_holiday_name"):
        calendar.add_holiday(db, friday, "  ")
    with unchanged(db, "cal_holiday_kind"):
        calendar.add_holiday(db, friday, "X", "kerja")


def test_holidays_import_from_csv_and_xlsx(db, tmp_path):
    import xlsxwriter

    path = tmp_path / "libur.csv"
    path.write_text("DAFTAR LIBUR 2024\nTanggal;Keterangan;Jenis\n"
                    "17-08-2024;Hari Kemerdekaan RI;libur\n"
                    "14-02-2024;Hari pemungutan suara Pemilu 2024;libur\n"
                    "16 September 2024;Maulid Nabi Muhammad SAW;\n", encoding="cp1252")
    result = calendar.import_holidays(db, path)
    assert (result.added, result.updated, result.unchanged) == (2, 0, 1)
    assert calendar.holidays(db)[dt.date(2024, 9, 16)].name == "Maulid Nabi Muhammad SAW"

    book_path = tmp_path / "libur.xlsx"
    book = xlsxwriter.Workbook(str(book_path))
    sheet = book.add_worksheet()
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, ["TANGGAL", "KETERANGAN", "JENIS"])
    sheet.write_datetime(1, 0, dt.datetime(2024, 12, 25), date_format)
    sheet.write_row(1, 1, ["Hari Raya Natal", "libur"])
    sheet.write_datetime(2, 0, dt.datetime(2024, 12, 26), date_format)
    sheet.write_row(2, 1, ["Cuti bersama Natal", "cuti bersama"])
    book.close()
    result = calendar.import_holidays(db, book_path)
    assert result.added == 2
    assert calendar.holidays(db)[dt.date(2024, 12, 26)].kind == "cuti_bersama"

    bad = tmp_path / "bukan.csv"
    bad.write_text("Tanggal;Keterangan\nbesok;apa\n", encoding="utf-8")
    with unchanged(db, "cal_holiday_bad_rows"):
        calendar.import_holidays(db, bad)
    empty = tmp_path / "kosong.csv"
    empty.write_text("Tanggal;Keterangan\n", encoding="utf-8")
    with unchanged(db, "cal_holiday_no_rows"):
        calendar.import_holidays(db, empty)
    with unchanged(db, "file_not_found"):
        calendar.import_holidays(db, tmp_path / "tidak-ada.csv")


def test_locations_and_hours_can_be_edited(db):
    made = scheduling.add_location(db, "pesantren", "Ponpes Al-Hikmah", hours={
        "Sabtu": [("08.00", "11.00")]}, capacity_per_hour=6)
    assert calendar.location_hours(db, made.location_id) == {
        5: (calendar.Interval("08:00", "11:00"),)}
    with unchanged(db, "sched_bad_kind"):
        scheduling.add_location(db, "mall", "Mall")
    with unchanged(db, "sched_name_empty"):
        scheduling.add_location(db, "sekolah", " ")
    with unchanged(db, "cal_overlap"):
        calendar.set_location_hours(db, BARAT, {0: [("08.00", "12.00"), ("10.00", "13.00")]})
    with unchanged(db, "cal_location_missing"):
        calendar.set_location_hours(db, 999, {0: [("08.00", "12.00")]})
    scheduling.update_location(db, BARAT, active=False)
    assert BARAT not in [loc.id for loc in scheduling.list_locations(db)]
    # without its own office a kecamatan goes to Dindukcapil
    add_people(db, rt_people("3375011002", "001", "001", 1))
    assert plan(db).slots[0].location_id == DINDUK


def test_list_slots_and_day_loads_for_the_calendar(db):
    applied(db, 70)
    month = scheduling.list_slots(db, dt.date(2024, 1, 1), dt.date(2024, 1, 31))
    assert sum(s.assigned for s in month) == 70
    assert month[0].as_json() == {
        "id": month[0].id, "date": "2024-01-03", "start": "08:00", "end": "09:00",
        "location": "Kantor Kecamatan Pekalongan Barat", "location_id": 1, "capacity": 10,
        "assigned": 10, "name": None, "deliberate": False, "cancelled": False}
    assert month[0].label == "Kantor Kecamatan Pekalongan Barat, Rabu, 3 Januari 2024 " \
                             "08.00–09.00"
    loads = scheduling.day_loads(db, dt.date(2024, 1, 1), dt.date(2024, 1, 31))
    assert [(d.date.day, d.people, d.places_left) for d in loads] == [(3, 50, 0), (4, 20, 0)]
    people = scheduling.slot_people(db, month[0].id)
    assert len(people) == 10 and people[0].letter == "belum_dicetak"


def test_generating_empty_slots_ahead_of_time(db):
    week = (dt.date(2024, 2, 5), dt.date(2024, 2, 17))
    with pytest.raises(scheduling.PlanRefused):  # runs past polling day, 14 Feb
        scheduling.generate_slots(db, *week, today=TODAY)
    made = scheduling.generate_slots(db, *week, today=TODAY, past_election=True)
    slots = scheduling.list_slots(db, *week)
    assert len(made.slot_ids) == len(slots)
    # 8, 9, 10 (Imlek, a Saturday) and 14 Feb are holidays; Saturdays only at Dindukcapil
    per_day: dict[int, set[int]] = {}
    for slot in slots:
        per_day.setdefault(slot.date.day, set()).add(slot.location_id)
    every = {1, 2, 3, 4, 5}
    assert per_day == {5: every, 6: every, 7: every, 12: every, 13: every, 15: every,
                       16: every, 17: {DINDUK}}
    friday = [s for s in slots if s.date.day == 16 and s.location_id == BARAT]
    assert [(s.start, s.end, s.capacity) for s in friday] == [
        ("08:00", "09:00", 10), ("09:00", "10:00", 10), ("10:00", "10:30", 5)]
    assert {s.assigned for s in slots} == {0}
    check_invariants(db)
    # running it again makes nothing new; planning fills these slots instead of adding
    assert scheduling.generate_slots(db, *week, today=TODAY, past_election=True).slot_ids == ()
    add_people(db, rt_people("3375011002", "001", "001", 3))
    the_plan = plan(db, date_from=week[0], date_to=week[1], past_election=True)
    assert the_plan.new_slots == 0 and the_plan.slots[0].slot_id == slots[0].id
    with unchanged(db, "sched_no_working_day"):
        scheduling.generate_slots(db, dt.date(2024, 2, 8), dt.date(2024, 2, 9), today=TODAY,
                                  location_ids=[BARAT])
    with unchanged(db, "sched_range_past"):
        scheduling.generate_slots(db, dt.date(2023, 2, 8), dt.date(2024, 2, 9), today=TODAY)


def test_failed_recordings_can_be_called_again_by_status(db):
    ids = add_people(db, rt_people("3375011002", "001", "001", 2), status="gagal_rekam")
    assert plan(db).scheduled == 0
    called = plan(db, Selection(statuses=("gagal_rekam",)))
    assert [a.person_id for a in called.assignments] == ids


# --- the sessions nearest a day (the Surat page's first day, the letter preview's people) ---

def test_the_sessions_nearest_a_day_come_first_and_coming_before_past(db):
    def session(day: int, start: str, rows) -> int:
        slot = scheduling.add_slot(db, BARAT, dt.date(2024, 1, day), start,
                                   f"{int(start[:2]) + 1:02d}.00", today=TODAY).slot_id
        scheduling.summon_to_slot(db, add_people(db, rows), slot, today=TODAY)
        return slot

    assert scheduling.first_slot_day(db, dt.date(2024, 1, 10)) is None
    assert scheduling.summoned_near(db, dt.date(2024, 1, 10), 60) == []
    session(8, "08.00", [("3375011002", "001", "001", "PAST FAR")])
    session(9, "08.00", [("3375011002", "001", "001", "PAST NEAR")])
    session(11, "09.00", [("3375011002", "001", "001", "TOMORROW LATE")])
    session(11, "08.00", [("3375011002", "001", "001", "TOMORROW EARLY")])
    session(10, "10.00", [("3375011002", "002", "001", "TODAY RW 2"),
                          ("3375011002", "001", "001", "TODAY RW 1")])
    cancelled = session(10, "08.00", [("3375011002", "001", "001", "CANCELLED")])
    scheduling.cancel_slot(db, cancelled, relocate=False, today=TODAY)
    scheduling.add_slot(db, BARAT, dt.date(2024, 1, 10), "13.00", "14.00", today=TODAY)

    near = scheduling.summoned_near(db, dt.date(2024, 1, 10), 60)
    assert [p.name for p in near] == ["TODAY RW 1", "TODAY RW 2", "TOMORROW EARLY",
                                      "TOMORROW LATE", "PAST NEAR", "PAST FAR"]
    assert (near[0].date, near[0].start, near[0].end, near[0].round) == (
        dt.date(2024, 1, 10), "10:00", "11:00", 1)
    assert [p.name for p in scheduling.summoned_near(db, dt.date(2024, 1, 10), 2)] == [
        "TODAY RW 1", "TODAY RW 2"]
    assert scheduling.first_slot_day(db, dt.date(2024, 1, 10)) == dt.date(2024, 1, 10)
    assert scheduling.first_slot_day(db, dt.date(2023, 12, 1)) == dt.date(2024, 1, 8)
    assert scheduling.first_slot_day(db, dt.date(2024, 1, 13)) == dt.date(2024, 1, 11)
    # a year and a day either way at most
    assert scheduling.first_slot_day(db, dt.date(2025, 1, 11)) == dt.date(2024, 1, 11)
    assert scheduling.first_slot_day(db, dt.date(2025, 1, 12)) is None
    assert scheduling.summoned_near(db, dt.date(2025, 1, 12), 60) == []
