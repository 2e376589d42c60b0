"""One open call per person: an office summons or a place on a planned visit, never both
and never two. A property test drives random sequences of the clerk's actions through the
core (planning, visits, adding and removing people, moves, cancels, printing, outcomes);
the schema's triggers (migration 13) refuse what slips past the core."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import peewee as pw
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ektp_desk.core import db as core_db
from ektp_desk.core import migrations, scheduling
from ektp_desk.core.errors import UserError
from ektp_desk.core.scheduling import Selection
from tests.db.test_scheduling import KELURAHAN, TODAY, add_people, check_invariants, fresh
from tests.plan_helpers import without_pupil_rule

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def check_one_open_call(db: pw.Database) -> None:
    twice = db.execute_sql("""
        SELECT person_id, count(*) FROM (
            SELECT person_id FROM summons WHERE state = 'open'
            UNION ALL
            SELECT vp.person_id FROM visit_person vp JOIN visit v ON v.id = vp.visit_id
            WHERE vp.outcome IS NULL AND v.state = 'rencana')
        GROUP BY person_id HAVING count(*) > 1""").fetchall()
    assert not twice, f"two open calls: {twice[:5]}"
    printed = {r[0] for r in db.execute_sql(
        "SELECT id FROM summons WHERE withdrawn_visit_id IS NOT NULL "
        "AND letter != 'belum_dicetak'")}
    assert printed == {w.summons_id for w in scheduling.letters_to_withdraw(db)}
    wrong = db.execute_sql("SELECT count(*) FROM summons WHERE withdrawn_visit_id IS NOT NULL "
                           "AND state != 'cancelled'").fetchone()[0]
    assert wrong == 0, "a withdrawn summons is still live"
    check_invariants(db)  # capacity, hours, status 'dipanggil' iff an open summons


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    database = core_db.open_database(path, bind=False)
    without_pupil_rule(database)
    add_people(database, [(KELURAHAN[i % len(KELURAHAN)], "001", f"00{i % 3 + 1}")
                          for i in range(24)])
    for name in ("SMA Negeri 1", "Lapas Kelas IIA"):
        scheduling.add_place(database, "sekolah", name)
    # half of them summoned already, so visits have office calls to take back
    first = scheduling.plan(database, Selection(kecamatan="337501"), TODAY + dt.timedelta(1),
                            TODAY + dt.timedelta(10), today=TODAY)
    scheduling.apply_plan(database, first, today=TODAY)
    database.close()
    return path


ACTIONS = ("plan", "visit", "add", "remove", "move", "cancel", "print", "record", "close")
# visits and adds drawn more often: they are what takes office calls back
step = st.tuples(st.sampled_from((*ACTIONS, "visit", "add", "visit", "add")),
                 st.lists(st.integers(1, 24), min_size=1, max_size=8),
                 st.integers(0, 30), st.integers(1, 3))


def run_step(db: pw.Database, action: str, people: list[int], n: int, k: int) -> bool:
    """Do one action; False when there was nothing to do it on."""
    day = TODAY + dt.timedelta(days=1 + n % 20)
    places = [p.id for p in scheduling.list_places(db)]
    visits = [v.id for v in scheduling.list_visits(db) if v.state == "rencana"]
    slots = [s.id for s in scheduling.list_slots(db, TODAY, TODAY + dt.timedelta(60))]
    if action == "plan":
        selection = Selection.second_round() if k == 3 else Selection()
        scheduling.apply_plan(db, scheduling.plan(db, selection, day, day + dt.timedelta(9),
                                                  today=TODAY), today=TODAY)
    elif action == "visit":
        scheduling.create_visit(db, places[n % 2], day, person_ids=people, start="08.00",
                                end="09.00", kits=k, deliberate=bool(n % 2), today=TODAY)
    elif action == "add" and visits:
        scheduling.add_visit_people(db, visits[n % len(visits)], people)
    elif action == "remove" and visits:
        scheduling.remove_visit_people(db, visits[n % len(visits)], people)
    elif action == "move" and slots:
        scheduling.move_people(db, people, slots[n % len(slots)], today=TODAY)
    elif action == "cancel" and slots:
        scheduling.cancel_slot(db, slots[n % len(slots)], relocate=k != 1, today=TODAY)
    elif action == "print":
        open_ids = [r[0] for r in db.execute_sql(
            "SELECT id FROM summons WHERE state = 'open' AND person_id IN "
            "(SELECT value FROM json_each(?))", (str(people),))]
        scheduling.mark_letters_printed(db, open_ids)
    elif action == "record" and visits:
        listed = {p.person_id for p in scheduling.visit_people(db, visits[n % len(visits)])}
        chosen = [p for p in people if p in listed]
        scheduling.record_visit_outcomes(
            db, visits[n % len(visits)],
            dict.fromkeys(chosen, ("terekam", "tidak_hadir", "gagal_rekam")[k - 1]))
    elif action == "close" and visits:
        visit = scheduling.get_visit(db, visits[n % len(visits)])
        scheduling.close_visit(db, visit.id, today=visit.date)
    else:
        return False
    return True


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(step, min_size=1, max_size=14))
def test_nobody_ever_holds_two_open_calls(template, steps):
    with fresh(template) as db:
        for action, people, n, k in steps:
            try:
                if run_step(db, action, people, n, k):
                    event(f"{action}: done")
            except UserError:  # a refused step changes nothing
                event(f"{action}: refused")
            check_one_open_call(db)
        event(f"withdrawn summonses: {'some' if _withdrawn(db) else 'none'}")


def _withdrawn(db: pw.Database) -> int:
    return db.execute_sql("SELECT count(*) FROM summons WHERE withdrawn_visit_id IS NOT NULL"
                          ).fetchone()[0]


def test_the_schema_refuses_a_second_open_call(db):
    without_pupil_rule(db)
    ids = add_people(db, [(KELURAHAN[0], "001", "001")] * 3)
    place = scheduling.add_place(db, "rumah", "Rumah Bp. Darmo").location_id
    made = scheduling.create_visit(db, place, dt.date(2024, 1, 10), person_ids=ids[:1],
                                   today=TODAY)
    other = scheduling.create_visit(db, place, dt.date(2024, 1, 11), today=TODAY)
    slot = scheduling.add_slot(db, 1, dt.date(2024, 1, 8), "08.00", "09.00", capacity=5,
                               today=TODAY).slot_id
    scheduling.summon_to_slot(db, ids[1:2], slot, today=TODAY)
    with pytest.raises(pw.IntegrityError, match="one open call"):  # summoned while visited
        db.execute_sql("INSERT INTO summons (person_id, slot_id, created_at) VALUES (?, ?, 'x')",
                       (ids[0], slot))
    with pytest.raises(pw.IntegrityError, match="one open call"):  # visited while summoned
        db.execute_sql("INSERT INTO visit_person (visit_id, person_id, added_at) "
                       "VALUES (?, ?, 'x')", (other.visit_id, ids[1]))
    with pytest.raises(pw.IntegrityError, match="one open call"):  # on two open visits
        db.execute_sql("INSERT INTO visit_person (visit_id, person_id, added_at) "
                       "VALUES (?, ?, 'x')", (other.visit_id, ids[0]))
    # once the visit has its outcome, an office call is allowed again
    scheduling.record_visit_outcomes(db, made.visit_id, {ids[0]: "tidak_hadir"})
    assert scheduling.summon_to_slot(db, ids[:1], slot, today=TODAY).moved == 1


def test_the_triggers_come_with_the_upgrade_from_schema_1(tmp_path: Path):
    path = tmp_path / "kantor.sqlite"
    shutil.copyfile(FIXTURES / "schema_v1.sqlite", path)
    core_db.open_database(path, bind=False).close()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.latest_version()
        triggers = {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        assert {"summons_one_open_call", "summons_reopen_one_call",
                "visit_person_one_open_call"} <= triggers
    finally:
        conn.close()
