"""The front desk at a jemput bola visit (core/desk_visit.py) on real SQLite files: the
same outcomes and undo as the office desk, the visit's outcome following the events, the
visit's people only, closing the visit, and the laptop's work travelling in a sync file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ektp_desk.core import calls, desk, desk_visit, scheduling
from ektp_desk.core.errors import UserError
from tests import sync_helpers as sh
from tests.db.test_scheduling import TODAY, add_people
from tests.plan_helpers import without_pupil_rule

KEL = "3375011002"
DESK = dict(desk="Laptop 1", user="rina")


@pytest.fixture
def visit(db):
    """Today's visit to a school with three people on it, and the three ids."""
    without_pupil_rule(db)
    place = scheduling.add_place(db, "sekolah", "SMA N 1 Pekalongan", kelurahan=KEL)
    ids = add_people(db, [(KEL, "001", "001", f"SISWA {n}") for n in "ABC"])
    made = scheduling.create_visit(db, place.location_id, TODAY, person_ids=ids,
                                   start="08.00", end="12.00", today=TODAY)
    return made.visit_id, ids


def outcomes(db, visit_id: int) -> dict[int, tuple]:
    return {r[0]: (r[1], r[2]) for r in db.execute_sql(
        "SELECT person_id, outcome, reason FROM visit_person WHERE visit_id = ?",
        (visit_id,))}


def status(db, pid: int) -> str:
    return db.execute_sql("SELECT status FROM person WHERE id = ?", (pid,)).fetchone()[0]


def test_an_outcome_at_the_visit_is_an_event_naming_it_and_sets_the_visit_outcome(db, visit):
    visit_id, (a, b, c) = visit
    assert [v.id for v in desk_visit.open_visits_on(db, TODAY)] == [visit_id]
    assert desk_visit.visit_label(scheduling.get_visit(db, visit_id)) == \
        "Kunjungan: SMA N 1 Pekalongan, 2 Januari 2024"

    done = desk_visit.record_at_visit(db, visit_id, a, "hadir", today=TODAY, **DESK)
    assert done.card.queue_number == 1 and outcomes(db, visit_id)[a] == (None, None)
    desk_visit.record_at_visit(db, visit_id, a, "terekam", today=TODAY, **DESK)
    desk_visit.record_at_visit(db, visit_id, b, "hadir", today=TODAY, **DESK)
    desk_visit.record_at_visit(db, visit_id, b, "gagal_rekam", reason="sidik_jari",
                               today=TODAY, **DESK)
    assert outcomes(db, visit_id) == {a: ("terekam", None), b: ("gagal_rekam", "sidik_jari"),
                                      c: (None, None)}
    assert (status(db, a), status(db, b)) == ("terekam", "gagal_rekam")
    event = db.execute_sql("SELECT desk, id FROM event WHERE person_id = ? AND kind = "
                           "'terekam'", (a,)).fetchone()
    assert event[0] == f"kunjungan:{visit_id} Laptop 1"
    assert desk_visit.visit_of_desk(event[0]) == visit_id
    assert desk_visit.visit_of_desk("Meja 1") is None
    assert db.execute_sql("SELECT event_id FROM visit_person WHERE person_id = ?",
                          (a,)).fetchone()[0] == event[1]
    # the visit's day list and counts, with the desk's filters
    assert desk_visit.visit_today_counts(db, visit_id, TODAY) == {
        "all": 3, "scheduled": 3, "arrived": 2, "waiting": 0, "done": 2}
    assert [r.person_id for r in desk_visit.visit_today_list(db, visit_id, TODAY,
                                                              filter="done")] == [a, b]


def test_undo_at_the_visit_takes_the_outcome_back(db, visit):
    visit_id, (a, _b, _c) = visit
    desk_visit.record_at_visit(db, visit_id, a, "hadir", today=TODAY, **DESK)
    desk_visit.record_at_visit(db, visit_id, a, "gagal_rekam", reason="sidik_jari",
                               today=TODAY, **DESK)
    undone = desk_visit.undo_at_visit(db, visit_id, a, today=TODAY, **DESK)
    assert undone.card.status == "hadir"
    assert outcomes(db, visit_id)[a] == (None, None)
    desk_visit.record_at_visit(db, visit_id, a, "terekam", today=TODAY, **DESK)
    desk_visit.record_at_visit(db, visit_id, a, "ktp_dicetak", today=TODAY, **DESK)
    # a later step that is not a visit outcome leaves the visit's outcome as it was,
    # and undoing it too
    assert outcomes(db, visit_id)[a] == ("terekam", None)
    desk_visit.undo_at_visit(db, visit_id, a, today=TODAY, **DESK)
    assert outcomes(db, visit_id)[a] == ("terekam", None) and status(db, a) == "terekam"


def test_only_the_visits_people_today_and_while_open(db, visit):
    visit_id, (a, b, c) = visit
    other = add_people(db, [(KEL, "001", "001", "SISWA LAIN")])[0]
    before = db.execute_sql("SELECT count(*) FROM event").fetchone()
    with pytest.raises(UserError, match="tidak ada dalam daftar kunjungan"):
        desk_visit.record_at_visit(db, visit_id, other, "hadir", today=TODAY, **DESK)
    with pytest.raises(UserError, match="bukan hari ini"):
        desk_visit.record_at_visit(db, visit_id, a, "hadir",
                                   today=TODAY + dt.timedelta(days=1), **DESK)
    nik = db.execute_sql("SELECT nik FROM person WHERE id = ?", (other,)).fetchone()[0]
    with pytest.raises(UserError, match="tidak ada dalam daftar kunjungan"):
        desk_visit.scan_at_visit(db, visit_id, nik, check_in=True, today=TODAY, **DESK)
    assert db.execute_sql("SELECT count(*) FROM event").fetchone() == before
    # the search finds the visit's people only
    assert {card.person_id for card in desk_visit.search_at_visit(
        db, visit_id, "SISWA", today=TODAY)} == {a, b, c}
    scanned = desk_visit.scan_at_visit(
        db, visit_id, db.execute_sql("SELECT nik FROM person WHERE id = ?", (a,)).fetchone()[0],
        check_in=True, today=TODAY, **DESK)
    assert scanned.checked_in and scanned.card.status == "hadir"
    assert "Tidak punya panggilan (datang tanpa jadwal)." not in scanned.card.warnings

    # closing: whoever was not met did not come; the desk then records no more
    desk_visit.record_at_visit(db, visit_id, a, "terekam", today=TODAY, **DESK)
    scheduling.close_visit(db, visit_id, today=TODAY)
    assert outcomes(db, visit_id) == {a: ("terekam", None), b: ("tidak_hadir", None),
                                      c: ("tidak_hadir", None)}
    assert status(db, b) == "tidak_hadir"
    assert desk_visit.open_visits_on(db, TODAY) == []
    with pytest.raises(UserError, match="sudah selesai"):
        desk_visit.record_at_visit(db, visit_id, b, "hadir", today=TODAY, **DESK)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> dict[str, sh.Office]:
    return sh.build(tmp_path_factory.mktemp("visit-desk-offices"), people=20,
                    kecamatan=("337501",))


def test_a_visit_recorded_on_the_laptop_syncs_back_to_the_office(offices, tmp_path: Path):
    """The laptop is an office of its own (its identity, its database); what its desk
    recorded at the visit reaches the other office in the usual sync file."""
    city, laptop = offices["kota"], offices["337501"]
    nik = sh.resident(city.db, "337501")
    sh.exchange(city, laptop, tmp_path)
    day = sh.NOW.date()
    pid = laptop.db.execute_sql("SELECT id FROM person WHERE nik = ?", (nik,)).fetchone()[0]
    place = scheduling.add_place(laptop.db, "rutan_lapas", "Lapas Pekalongan",
                                 kelurahan="3375011002").location_id
    visit_id = scheduling.create_visit(laptop.db, place, day, person_ids=[pid],
                                       start="09:00", end="12:00", deliberate=True,
                                       today=day).visit_id
    desk_visit.record_at_visit(laptop.db, visit_id, pid, "hadir", today=day, **DESK)
    desk_visit.record_at_visit(laptop.db, visit_id, pid, "terekam", today=day, **DESK)

    result = sh.exchange(laptop, city, tmp_path, sh.NOW + dt.timedelta(hours=3))
    assert result.rejected == 0
    city_pid = city.db.execute_sql("SELECT id FROM person WHERE nik = ?", (nik,)).fetchone()[0]
    assert status(city.db, city_pid) == "terekam"
    # the event names the visit there too, and the visit's outcome arrived with it
    assert city.db.execute_sql(
        "SELECT desk FROM event WHERE person_id = ? AND kind = 'terekam'",
        (city_pid,)).fetchone()[0] == f"kunjungan:{visit_id} Laptop 1"
    body = city.db.execute_sql(
        "SELECT json_extract(body, '$.outcome'), json_extract(body, '$.location') "
        "FROM sync_item WHERE kind = 'visit_person' ORDER BY hlc DESC LIMIT 1").fetchone()
    assert body == ("terekam", "Lapas Pekalongan")
    assert city_pid not in calls.current_calls(city.db)  # the call is over there too
    assert desk.history(city.db, city_pid)[-1].kind == "terekam"
