"""The city office holds each kecamatan office's schedule, read-only (core/calls.py): the
summonses and visits that arrive in sync files become each person's one current call."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from ektp_desk.core import calls, migrations, scheduling
from ektp_desk.core import db as core_db
from ektp_desk.core.sync import records
from tests import sync_helpers as sh

DAY = dt.date(2026, 12, 14)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> dict[str, sh.Office]:
    return sh.build(tmp_path_factory.mktemp("calls-offices"), people=30)


@pytest.fixture
def offices(template: dict[str, sh.Office], tmp_path: Path) -> dict[str, sh.Office]:
    made = sh.copy_offices(template, tmp_path / "offices")
    yield made
    for item in made.values():
        item.db.close()


def pid(office: sh.Office, nik: str) -> int:
    return office.db.execute_sql("SELECT id FROM person WHERE nik = ?", (nik,)).fetchone()[0]


def slot_at(office: sh.Office, code: str, day: dt.date = DAY, start: str = "08:00") -> int:
    db = office.db
    found = db.execute_sql("SELECT id FROM location WHERE kind = 'kecamatan' AND "
                           "kecamatan_code = ? ORDER BY id LIMIT 1", (code,)).fetchone()
    return scheduling.add_slot(db, found[0], day, start, "12:00", deliberate=True,
                               today=sh.NOW.date()).slot_ids[0]


def summon(office: sh.Office, nik: str, code: str, day: dt.date = DAY) -> int:
    slot = slot_at(office, code, day)
    scheduling.summon_to_slot(office.db, [pid(office, nik)], slot, today=sh.NOW.date())
    return slot


def test_a_kecamatan_schedule_shows_at_the_city_read_only(offices, tmp_path):
    city, kec = offices["kota"], offices["337501"]
    nik = sh.resident(city.db, "337501")
    sh.exchange(city, kec, tmp_path)
    summon(kec, nik, "337501")
    sh.exchange(kec, city, tmp_path)

    call = calls.current_calls(city.db, [pid(city, nik)])[pid(city, nik)]
    assert call == calls.Call("slot", None, None, DAY.isoformat(), "08:00", "12:00",
                              "Kantor Kecamatan Pekalongan Barat", "kecamatan", 1,
                              kec.office_id, True)
    assert calls.office_name(city.db, kec.office_id) == "Kecamatan 337501"  # its card
    # the city schedules nothing of its own for them: its own tables are untouched
    assert city.db.execute_sql("SELECT count(*) FROM summons").fetchone()[0] == 0
    assert pid(city, nik) in calls.summoned_ids(city.db)
    # the kecamatan office itself sees its own call, editable
    assert calls.current_calls(kec.db)[pid(kec, nik)].read_only is False


@pytest.fixture(params=["per_nik", "whole_table"])
def refresh_way(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways an import refreshes the calls it brings give the same table."""
    monkeypatch.setattr(calls, "_FULL_SHARE", 0 if request.param == "per_nik" else 10**9)
    return request.param


def test_a_move_between_slots_shows_the_newer_call_only(offices, tmp_path, refresh_way):
    city, kec = offices["kota"], offices["337501"]
    nik = sh.resident(city.db, "337501")
    sh.exchange(city, kec, tmp_path)
    summon(kec, nik, "337501")
    sh.exchange(kec, city, tmp_path)
    later = slot_at(kec, "337501", DAY + dt.timedelta(days=1))
    scheduling.move_people(kec.db, [pid(kec, nik)], later, today=sh.NOW.date())
    sh.exchange(kec, city, tmp_path, sh.NOW + dt.timedelta(hours=1))

    everyone = calls.current_calls(city.db)
    assert [c.date for c in everyone.values()] == [(DAY + dt.timedelta(days=1)).isoformat()]
    # both versions are held (the move and the moved), one call is current
    held = city.db.execute_sql("SELECT count(DISTINCT key) FROM sync_item "
                               "WHERE kind = 'summons'").fetchone()[0]
    assert held == 2


def test_a_person_called_by_two_offices_is_called_once(offices, tmp_path, refresh_way):
    """Moved from Pekalongan Barat to Pekalongan Timur: each office summons them (Barat
    from the old address before it heard of the move); the city holds one call, the
    newer; the report counts the person once; Timur keeps its own call."""
    city, west, east = offices["kota"], offices["337501"], offices["337502"]
    nik = sh.resident(city.db, "337501")
    sh.exchange(city, west, tmp_path)
    city.db.execute_sql("UPDATE person SET kecamatan_code = '337502' WHERE nik = ?", (nik,))
    sh.exchange(city, east, tmp_path)
    summon(west, nik, "337501")
    summon(east, nik, "337502", DAY + dt.timedelta(days=3))
    sh.exchange(west, city, tmp_path, sh.NOW + dt.timedelta(minutes=10))
    sh.exchange(east, city, tmp_path, sh.NOW + dt.timedelta(hours=1))

    everyone = calls.current_calls(city.db)
    assert list(everyone) == [pid(city, nik)]
    assert everyone[pid(city, nik)].office == east.office_id
    assert everyone[pid(city, nik)].date == (DAY + dt.timedelta(days=3)).isoformat()
    assert city.db.execute_sql(f"SELECT count(*) FROM ({calls.EVER_CALLED_SQL})"
                               ).fetchone()[0] == 1
    # the city relays Barat's call to Timur: Timur's own call stays the current one there
    sh.exchange(city, east, tmp_path, sh.NOW + dt.timedelta(hours=2))
    assert east.db.execute_sql("SELECT open, office FROM remote_call WHERE nik = ?",
                               (nik,)).fetchone() == (1, west.office_id)
    here = calls.current_calls(east.db)[pid(east, nik)]
    assert (here.read_only, here.office) == (False, east.office_id)


def test_a_local_call_wins_over_a_remote_one(offices, tmp_path):
    city, kec = offices["kota"], offices["337501"]
    nik = sh.resident(city.db, "337501")
    sh.exchange(city, kec, tmp_path)
    # both call them before either heard of the other's call
    slot = summon(city, nik, "337501", DAY + dt.timedelta(days=5))
    summon(kec, nik, "337501")
    sh.exchange(kec, city, tmp_path, sh.NOW + dt.timedelta(hours=1))
    call = calls.current_calls(city.db)[pid(city, nik)]
    assert (call.kind, call.slot_id, call.read_only, call.office) == (
        "slot", slot, False, city.office_id)


def visit_at(office: sh.Office, nik: str, code: str) -> int:
    db = office.db
    place = scheduling.add_location(db, "sekolah", "SMA Negeri 1 Pekalongan",
                                    kecamatan_code=code).location_id
    return scheduling.create_visit(db, place, DAY, person_ids=[pid(office, nik)],
                                   start="09:00", end="11:00", today=sh.NOW.date()).visit_id


def test_a_visit_travels_to_the_city_and_its_end_too(offices, tmp_path, refresh_way):
    city, kec = offices["kota"], offices["337501"]
    nik, other = sh.resident(city.db, "337501"), sh.resident(city.db, "337501", 1)
    sh.exchange(city, kec, tmp_path)
    visit = visit_at(kec, nik, "337501")
    scheduling.add_visit_people(kec.db, visit, [pid(kec, other)])
    result = sh.exchange(kec, city, tmp_path)
    assert result.rejected == 0

    found = calls.current_calls(city.db)
    assert found[pid(city, nik)] == calls.Call(
        "visit", None, None, DAY.isoformat(), "09:00", "11:00", "SMA Negeri 1 Pekalongan",
        "sekolah", None, kec.office_id, True)
    assert found[pid(city, nik)].as_json()["kind"] == "visit"
    assert "slot_id" not in found[pid(city, nik)].as_json()

    # taken off the visit at the kecamatan office: no longer called at the city, but
    # counted as called once
    scheduling.remove_visit_people(kec.db, visit, [pid(kec, other)])
    assert records.unstamped(kec.db) == 1
    kec.db.execute_sql("UPDATE visit SET start_time = '10:00' WHERE id = ?", (visit,))
    sh.exchange(kec, city, tmp_path, sh.NOW + dt.timedelta(hours=1))
    found = calls.current_calls(city.db)
    assert pid(city, other) not in found
    assert found[pid(city, nik)].start == "10:00"  # the visit's change travelled
    assert {pid(city, nik), pid(city, other)} <= calls.summoned_ids(city.db)

    # recorded on the visit: the call is over at the city too
    scheduling.record_visit_outcomes(kec.db, visit, {pid(kec, nik): "terekam"})
    sh.exchange(kec, city, tmp_path, sh.NOW + dt.timedelta(hours=2))
    assert calls.current_calls(city.db) == {}
    assert city.db.execute_sql("SELECT status FROM person WHERE nik = ?",
                               (nik,)).fetchone() == ("terekam",)


def test_a_visit_of_a_kecamatan_is_relayed_to_its_office(offices, tmp_path):
    """A visit the city plans at a place in a kecamatan brings the person into that
    office's scope, like a summons to its locations."""
    city, kec = offices["kota"], offices["337502"]
    nik = sh.resident(city.db, "337501")
    visit_at(city, nik, "337502")
    sh.exchange(city, kec, tmp_path)
    call = calls.current_calls(kec.db)[pid(kec, nik)]
    assert (call.kind, call.office, call.read_only) == ("visit", city.office_id, True)


def test_migration_fills_the_calls_already_held(tmp_path):
    """From schema 1 up to 11, with summons versions of another office held; the step to
    the newest fills ``remote_call`` from them and keeps every version."""
    path = tmp_path / "kota.sqlite"
    path.write_bytes((Path(__file__).parent.parent / "fixtures" / "schema_v1.sqlite"
                      ).read_bytes())
    old = core_db.make_database(path)  # with the pragmas a real upgrade runs under
    conn = old.connection()
    for step in migrations.steps():
        if 1 < step.version < 12:
            with old.atomic():
                step.apply(conn)
                conn.execute(f"PRAGMA user_version = {step.version:d}")
    nik = conn.execute("SELECT nik FROM person ORDER BY id LIMIT 1").fetchone()[0]
    conn.execute("INSERT INTO sync_office (office_id, kind, code, name, sign_public, "
                 "box_public, fingerprint, secret, created_at) VALUES ('3375-aaaa', 'kota', "
                 "'3375', 'Dindukcapil', x'00', x'00', 'F', '{}', 'x')")
    body = {"nik": nik, "date": "2026-12-14", "start": "08:00", "end": "12:00",
            "location": "Kantor Kecamatan Pekalongan Barat", "location_kind": "kecamatan",
            "kecamatan_code": "337501", "round": 1, "state": "open", "replaces": None}
    for seq, (state, stamp) in enumerate((("open", "0001"), ("moved", "0002")), 1):
        conn.execute("INSERT INTO sync_item VALUES ('337501-bbbb', ?, 'summons', ?, ?, 'd', "
                     "?, 'x')", (seq, "337501-bbbb/1", stamp,
                                 json.dumps(body | {"state": state})))
    conn.execute("INSERT INTO sync_item VALUES ('337501-bbbb', 3, 'summons', '337501-bbbb/2', "
                 "'0003', 'd', ?, 'x')",
                 (json.dumps(body | {"date": "2026-12-15", "replaces": "337501-bbbb/1"}),))
    conn.commit()
    old.close()

    db = core_db.open_database(path, bind=False)
    try:
        assert db.execute_sql("PRAGMA user_version").fetchone()[0] == \
            migrations.latest_version()
        assert db.execute_sql("SELECT count(*) FROM sync_item").fetchone()[0] == 3
        assert db.execute_sql("SELECT nik, open, kind, office, key, date FROM remote_call"
                              ).fetchall() == [(nik, 1, "slot", "337501-bbbb",
                                                "337501-bbbb/2", "2026-12-15")]
        db.execute_sql("INSERT INTO sync_item VALUES ('x', 1, 'visit_person', 'k', 'h', 'd', "
                       "'{}', 'x')")  # the new kind is taken
    finally:
        db.close()
