"""Migration 17's cached figures, backfilled from schema 1's upgrade path and then kept by
triggers: ``person.called`` equal to ``calls.EVER_CALLED_SQL`` (everyone ever called, here
or at another office), read by the report from its index, never clearing a person's sync
stamp; ``event_day_count`` equal to a fresh count of the events."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

from ektp_desk.core import calls, desk, migrations, reports, scheduling
from ektp_desk.core import db as core_db
from ektp_desk.core.reports import figures
from tests.plan_helpers import without_pupil_rule

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def counts_hold(db) -> bool:
    """person_count and event_day_count hold what fresh counts give (empty rows aside)."""
    from ektp_desk.core.migrations import m0018_report_called as m17

    kept = set(db.execute_sql("SELECT * FROM person_count WHERE n != 0").fetchall())
    fresh = set(db.execute_sql(m17.PEOPLE_BACKFILL.split("\n", 2)[2]).fetchall())
    return kept == fresh and day_counts_hold(db)


def day_counts_hold(db) -> bool:
    """event_day_count holds what a fresh count of the events gives (empty rows aside)."""
    from ektp_desk.core.migrations import m0018_report_called as m17

    kept = set(db.execute_sql("SELECT * FROM event_day_count WHERE n != 0").fetchall())
    fresh = set(db.execute_sql(m17.BACKFILL.split("\n", 1)[1]).fetchall())
    return kept == fresh


def _called(db) -> set[int]:
    return {r[0] for r in db.execute_sql("SELECT id FROM person WHERE called = 1")}


def _remote_call(conn, nik: str) -> None:
    conn.execute("INSERT INTO remote_call (nik, open, kind, office, key, hlc, date) VALUES "
                 "(?, 1, 'slot', '337502-x', 'k', '0001', '2024-01-04')", (nik,))


def _person(db, nik: str) -> None:
    db.execute_sql("INSERT INTO person (nik, name, name_norm, category, warnings, created_at, "
                   "updated_at, kecamatan_code) VALUES (?, 'Baru', 'baru', 'pemilih_pemula', "
                   "'[]', 'x', 'x', '337501')", (nik,))


def test_upgrade_from_schema_1_backfills_the_flag(tmp_path: Path):
    """Schema 1 stepped up to 16, calls of all three kinds made, then migration 17: the
    flag is set for exactly those people, and the report reads it from its index."""
    path = tmp_path / "kantor.sqlite"
    shutil.copyfile(FIXTURES / "schema_v1.sqlite", path)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    steps = migrations.steps()
    for step in steps[1:16]:
        conn.execute("BEGIN")
        step.apply(conn)
        conn.execute(f"PRAGMA user_version = {step.version:d}")
        conn.execute("COMMIT")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 16
    niks = dict(conn.execute("SELECT id, nik FROM person"))
    conn.execute("INSERT INTO location (id, kind, name) VALUES (90, 'kecamatan', 'Kantor')")
    conn.execute("INSERT INTO slot (id, location_id, date, start_time, end_time, capacity, "
                 "created_at) VALUES (90, 90, '2024-01-03', '08:00', '12:00', 10, 'x')")
    conn.execute("INSERT INTO summons (person_id, slot_id, state, created_at) "
                 "VALUES (1, 90, 'closed', 'x')")
    conn.executemany("INSERT INTO event (person_id, kind, at, by_user, desk) VALUES "
                     "(?, ?, ?, 'uji', ?)", [(1, "dipanggil", "2024-01-02T07:00:00+07:00", None),
                                             (1, "hadir", "2024-01-03T08:00:00+07:00", "M1")])
    _remote_call(conn, niks[3])
    conn.close()

    database = core_db.open_database(path, bind=False)
    try:
        assert database.execute_sql("PRAGMA user_version").fetchone()[0] == (
            migrations.latest_version())
        assert _called(database) == {1, 3} == calls.summoned_ids(database)
        assert counts_hold(database)
        assert database.execute_sql("SELECT sum(n) FROM event_day_count").fetchone()[0] >= 2
        assert counts_hold(database)
        assert database.execute_sql("SELECT sum(n), sum(n * called) FROM person_count "
                                    ).fetchone() == (4, 2)
        reasons = " ".join(str(r) for r in database.execute_sql(
            "EXPLAIN QUERY PLAN " + figures._REASONS_SQL.format(scope="", anon_scope="")))
        assert "SEARCH e USING COVERING INDEX event_failed (person_id=?)" in reasons
    finally:
        database.close()


def test_triggers_keep_the_flag_equal_to_everyone_ever_called(tmp_path: Path):
    path = tmp_path / "kantor.sqlite"
    shutil.copyfile(FIXTURES / "schema_v1.sqlite", path)
    database = core_db.open_database(path, bind=False)
    try:
        today = dt.date(2024, 1, 2)
        # a person with a sync stamp: being called is no change of their details
        database.execute_sql("UPDATE person SET origin = 'kota', origin_seq = 7 WHERE id = 1")
        without_pupil_rule(database)
        plan = scheduling.plan(database, scheduling.Selection(), dt.date(2024, 1, 3),
                               dt.date(2024, 1, 5), today=today)
        scheduling.apply_plan(database, plan, today=today)
        assert _called(database) == {1, 2, 3} == calls.summoned_ids(database)
        assert database.execute_sql(
            "SELECT origin_seq FROM person WHERE id = 1").fetchone()[0] == 7

        # a place on a visit sets it; taken off the list again, it is worked out anew
        _person(database, "3375011111110002")
        place = scheduling.add_location(database, "sekolah", "SMA Negeri 1").location_id
        visit = scheduling.create_visit(database, place, dt.date(2024, 1, 4),
                                        person_ids=[5], today=today).visit_id
        assert 5 in _called(database)
        scheduling.remove_visit_people(database, visit, [5])
        assert 5 not in _called(database)
        assert _called(database) == calls.summoned_ids(database)

        # another office's call (sync): for a person held here, and for one arriving later
        conn = database.connection()
        nik4 = database.execute_sql("SELECT nik FROM person WHERE id = 4").fetchone()[0]
        _remote_call(conn, nik4)
        _remote_call(conn, "3375011111110001")
        _person(database, "3375011111110001")
        assert _called(database) == calls.summoned_ids(database)
        assert len(_called(database)) == 5
        assert counts_hold(database)
    finally:
        database.close()


def test_day_counts_follow_events_and_moved_people(tmp_path: Path):
    """Events recorded and undone, a person moved to another kecamatan, their events
    deleted as a purge does: the counts stay equal to a fresh count and follow the person."""
    path = tmp_path / "kantor.sqlite"
    shutil.copyfile(FIXTURES / "schema_v1.sqlite", path)
    database = core_db.open_database(path, bind=False)
    try:
        today = dt.date(2024, 1, 3)
        without_pupil_rule(database)
        plan = scheduling.plan(database, scheduling.Selection(), today, today, today=today)
        scheduling.apply_plan(database, plan, today=today)
        who = {"desk": "Meja 1", "user": "uji", "today": today}
        pid, kec = database.execute_sql(
            "SELECT p.id, p.kecamatan_code FROM person p JOIN summons m ON m.person_id = p.id "
            "ORDER BY p.id LIMIT 1").fetchone()
        desk.record(database, pid, "hadir", **who)
        desk.record(database, pid, "terekam", **who)
        desk.undo_last(database, pid, **who)
        desk.record(database, pid, "terekam", **who)
        assert counts_hold(database)
        day = database.execute_sql("SELECT substr(at, 1, 10) FROM event WHERE person_id = ? "
                                   "AND kind = 'terekam'", (pid,)).fetchone()[0]
        on = dt.date.fromisoformat(day)

        def recorded(code: str) -> int:
            sql = ("SELECT coalesce(sum(n), 0) FROM event_day_count WHERE day = ? "
                   "AND kecamatan_code = ? AND kind = 'terekam'")
            return database.execute_sql(sql, (day, code)).fetchone()[0]

        assert recorded(kec) == 2  # the undone one is counted here, left out by the report
        everyone = reports.recap(database, date_from=on, date_to=on, today=on)
        assert everyone.by_day[0].recorded == 1
        other = "337504" if kec != "337504" else "337501"
        database.execute_sql("UPDATE person SET kecamatan_code = ? WHERE id = ?", (other, pid))
        assert counts_hold(database)
        assert (recorded(kec), recorded(other)) == (0, 2)
        # a purge's way: the call and the desk's rows, then every event of the person
        for table in ("summons", "desk_event"):
            database.execute_sql(f"DELETE FROM {table} WHERE person_id = ?", (pid,))
        database.execute_sql("DELETE FROM event WHERE person_id = ?", (pid,))
        assert counts_hold(database) and recorded(other) == 0
    finally:
        database.close()
