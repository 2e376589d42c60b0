"""A database of every earlier schema opens in the newest, with a backup made first."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import peewee as pw
import pytest

from ektp_desk.core import calendar, migrations, models, people, regions, scheduling
from ektp_desk.core import db as core_db
from ektp_desk.core.migrations import m0002_scheduling
from tests.plan_helpers import without_pupil_rule

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture
def v1_copy(tmp_path: Path) -> Path:
    target = tmp_path / "kantor.sqlite"
    shutil.copyfile(FIXTURES / "schema_v1.sqlite", target)
    return target


def tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_fixture_is_schema_1():
    conn = sqlite3.connect(FIXTURES / "schema_v1.sqlite")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert "slot" not in tables(conn)
    assert conn.execute("SELECT count(*) FROM person").fetchone()[0] == 4
    conn.close()


def test_v1_upgrades_to_newest_with_a_backup_first(v1_copy: Path):
    database = core_db.make_database(v1_copy)
    database.connect()
    backup = core_db.migrate(database, v1_copy)
    assert database.execute_sql("PRAGMA user_version").fetchone()[0] == \
        migrations.latest_version() >= 2

    # the backup is the file as it was: schema 1, same people, no scheduling tables
    assert backup is not None and backup.exists()
    assert backup.parent == v1_copy.parent / "backups"
    assert "schema1" in backup.name
    old = sqlite3.connect(backup)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    assert "slot" not in tables(old)
    assert old.execute("SELECT nik, status FROM person ORDER BY id").fetchall() == \
        database.execute_sql("SELECT nik, status FROM person ORDER BY id").fetchall()
    old.close()

    # people, events and settings survived
    assert database.execute_sql("SELECT count(*) FROM person").fetchone()[0] == 4
    assert database.execute_sql("SELECT kind FROM event").fetchall() == [("terekam",)]
    assert database.execute_sql(
        "SELECT value FROM setting WHERE key = 'user_name'").fetchone()[0] == '"Rina"'
    database.close()


def test_upgraded_database_has_the_preloaded_calendar(v1_copy: Path):
    database = core_db.open_database(v1_copy, bind=False)
    try:
        locations = scheduling.list_locations(database, kinds=("kecamatan", "dindukcapil"))
        assert [loc.name for loc in locations] == [
            "Kantor Kecamatan Pekalongan Barat", "Kantor Kecamatan Pekalongan Timur",
            "Kantor Kecamatan Pekalongan Utara", "Kantor Kecamatan Pekalongan Selatan",
            "Dindukcapil Kota Pekalongan"]
        assert locations[4].address == "Jl. Majapahit No. 18, Kota Pekalongan"
        assert [loc.kecamatan_code for loc in locations[:4]] == [
            "337501", "337502", "337503", "337504"]
        assert calendar.location_hours(database, 1) == calendar.KECAMATAN_HOURS
        assert calendar.location_hours(database, 5) == calendar.DINDUKCAPIL_HOURS
        found = calendar.holidays(database, dt.date(2023, 1, 1), dt.date(2024, 12, 31))
        assert len(found) == len(m0002_scheduling.HOLIDAYS)
        assert found[dt.date(2024, 2, 14)].kind == "libur"
        assert found[dt.date(2024, 2, 9)].kind == "cuti_bersama"
        assert {d.year for d in found} == {2023, 2024}
        assert max(found) <= dt.date(2024, 6, 30)
    finally:
        database.close()


def test_upgraded_database_schedules(v1_copy: Path):
    database = core_db.open_database(v1_copy, bind=False)
    try:
        today = dt.date(2024, 1, 2)
        without_pupil_rule(database)  # its people are 17: Wednesday to Friday has no Saturday
        plan = scheduling.plan(database, scheduling.Selection(), dt.date(2024, 1, 3),
                               dt.date(2024, 1, 5), today=today)
        assert plan.scheduled == 3  # the fourth is already recorded
        scheduling.apply_plan(database, plan, today=today)
        assert set(scheduling.current_summons(database)) == {1, 2, 3}
    finally:
        database.close()


def test_upgrade_and_fresh_database_have_the_same_schema(v1_copy: Path, tmp_path: Path):
    upgraded = core_db.open_database(v1_copy, bind=False)
    fresh = core_db.open_database(tmp_path / "fresh.sqlite", bind=False)
    query = "SELECT type, name, sql FROM sqlite_master ORDER BY type, name"
    try:
        assert upgraded.execute_sql(query).fetchall() == fresh.execute_sql(query).fetchall()
    finally:
        upgraded.close()
        fresh.close()


def test_models_match_the_migrated_tables(db):
    # the models never create tables, so check that every field has its column
    for model in models.ALL_MODELS:
        table = model._meta.table_name
        columns = {r[1] for r in db.execute_sql(f"PRAGMA table_info({table})")}
        assert columns, table
        fields = {f.column_name for f in model._meta.sorted_fields}
        assert fields <= columns, (table, fields - columns)


def test_one_open_summons_is_enforced_by_the_schema(db):
    db.execute_sql(
        "INSERT INTO person (nik, name, name_norm, category, created_at, updated_at) "
        "VALUES ('3375011402070012', 'A', 'A', 'pemula', 'x', 'x')")
    db.execute_sql("INSERT INTO slot (location_id, date, start_time, end_time, capacity, "
                   "created_at) VALUES (1, '2024-01-03', '08:00', '09:00', 5, 'x')")
    insert = ("INSERT INTO summons (person_id, slot_id, state, created_at) "
              "VALUES (1, 1, ?, 'x')")
    db.execute_sql(insert, ("open",))
    db.execute_sql(insert, ("moved",))  # closed ones may pile up
    with pytest.raises(pw.IntegrityError):
        db.execute_sql(insert, ("open",))


def test_birth_date_order_is_served_by_an_index(db):
    assert people.index_serves(db, people.Sort("birth_date"))
    for descending in (False, True):
        order = people.Sort("birth_date", descending).order_by()
        plan = db.execute_sql(
            f"EXPLAIN QUERY PLAN SELECT p.id FROM person p ORDER BY {order}").fetchall()
        assert "person_birth" in str(plan) and "TEMP B-TREE" not in str(plan)


def test_upgraded_database_records_print_jobs(v1_copy: Path):
    """From schema 1: the print job tables come, a job linked to its summonses, its state
    checked by the schema."""
    database = core_db.open_database(v1_copy, bind=False)
    try:
        assert {"print_job", "print_job_summons"} <= {r[0] for r in database.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        today = dt.date(2024, 1, 2)
        without_pupil_rule(database)  # its people are 17: Wednesday to Friday has no Saturday
        plan = scheduling.plan(database, scheduling.Selection(), dt.date(2024, 1, 3),
                               dt.date(2024, 1, 5), today=today)
        scheduling.apply_plan(database, plan, today=today)
        database.execute_sql(
            "INSERT INTO print_job (created_at, by_user, document, pdf, printer, system, "
            "pages, copies, state, updated_at) VALUES ('x', 'Rina', 'surat', 's.pdf', 'P', "
            "'cups', 3, 1, 'diterima', 'x')")
        database.execute_sql("INSERT INTO print_job_summons SELECT 1, id, letter FROM summons")
        with pytest.raises(pw.IntegrityError):  # a state outside the list is refused
            database.execute_sql("UPDATE print_job SET state = 'hilang'")
    finally:
        database.close()


def test_upgraded_database_has_the_outreach_places(v1_copy: Path):
    """From schema 1: the place table is rebuilt with its new kinds and columns, every id
    kept (the slots and hours still point to their place), and the kantor kelurahan of
    the region table come preloaded, their addresses left to fill in."""
    database = core_db.open_database(v1_copy, bind=False)
    try:
        assert database.execute_sql("PRAGMA foreign_key_check").fetchall() == []
        kelurahan = database.execute_sql(
            "SELECT name, kecamatan_code, kelurahan_code, address FROM location "
            "WHERE kind = 'kelurahan' ORDER BY kelurahan_code").fetchall()
        table = regions.default_table()
        assert len(kelurahan) == len(table.kelurahan) == 27
        assert ("Kantor Kelurahan Medono", "337501", "3375011002", None) in kelurahan
        assert all(table.kelurahan[code].kecamatan_code == kec
                   for _, kec, code, _ in kelurahan)
        assert calendar.location_hours(database, 1) == calendar.KECAMATAN_HOURS
        database.execute_sql(
            "INSERT INTO location (kind, name, contact_name, contact_title, npsn) VALUES "
            "('panti', 'Panti Wredha', 'Bu Sri', 'Kepala Panti', NULL)")
        with pytest.raises(pw.IntegrityError):  # a kind outside the list is refused
            database.execute_sql("INSERT INTO location (kind, name) VALUES ('pasar', 'X')")
        database.execute_sql(
            "INSERT INTO visit (location_id, date, created_at, team, kits, capacity) "
            "VALUES (1, '2024-01-10', 'x', '[\"Budi\"]', 2, 40)")
        assert database.execute_sql("SELECT team, kits, capacity, series, deliberate "
                                    "FROM visit").fetchall() == [('["Budi"]', 2, 40, None, 0)]
    finally:
        database.close()


def test_upgraded_database_has_the_report_indexes(v1_copy: Path):
    """From schema 1: the progress report's indexes (migration 16) are there, and it
    reads its counts (migration 18), never the wide person table."""
    from ektp_desk.core.reports import figures

    database = core_db.open_database(v1_copy, bind=False)
    try:
        assert database.execute_sql("PRAGMA user_version").fetchone()[0] == (
            migrations.latest_version())
        names = {r[0] for r in database.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"person_report", "event_at", "event_undoes"} <= names
        plan = " ".join(str(r) for r in database.execute_sql(
            "EXPLAIN QUERY PLAN " + figures._PEOPLE_SQL.format(scope="")))
        assert "SCAN person_count" in plan  # the counts migration 18 keeps, not every person
        day = " ".join(str(r) for r in database.execute_sql(
            "EXPLAIN QUERY PLAN " + figures._DAY_SQL.format(scope=""), ("2024-01-01",
                                                                       "2024-01-02")))
        assert "SEARCH event_day_count USING PRIMARY KEY (day>? AND day<?)" in day
    finally:
        database.close()


def test_upgraded_database_links_print_jobs_to_visit_documents(v1_copy: Path):
    """From schema 1: a print job holds a visit's documents (migration 19), the reprint
    noted, and only documents the register has."""
    database = core_db.open_database(v1_copy, bind=False)
    try:
        columns = [r[1] for r in database.execute_sql(
            "PRAGMA table_info(print_job_visit_document)")]
        assert columns == ["job_id", "document_id", "reprint"]
        database.execute_sql(
            "INSERT INTO print_job (created_at, by_user, document, pdf, printer, system, "
            "pages, copies, updated_at) VALUES ('x', 'Rina', 'kunjungan', 'k.pdf', 'P', "
            "'cups', 2, 1, 'x')")
        with pytest.raises(pw.IntegrityError):  # no such document in visit_document
            database.execute_sql("INSERT INTO print_job_visit_document VALUES (1, 5, 0)")
    finally:
        database.close()


def test_upgraded_database_groups_calls_by_person_from_the_indexes(v1_copy: Path):
    """From schema 1: migration 20's indexes carry the slot and the visit, so the lists'
    last call walks them alone (no summons or visit_person row read), and a summons
    still finds a person's open call by the same index."""
    from ektp_desk.core.reports import lists

    database = core_db.open_database(v1_copy, bind=False)
    try:
        assert database.execute_sql("PRAGMA user_version").fetchone()[0] == (
            migrations.latest_version())
        columns = {name: [r[2] for r in database.execute_sql(f"PRAGMA index_info({name})")]
                   for name in ("summons_person", "visit_person_person")}
        assert columns == {"summons_person": ["person_id", "state", "slot_id"],
                           "visit_person_person": ["person_id", "visit_id"]}
        plan = " ".join(str(r) for r in database.execute_sql(
            "EXPLAIN QUERY PLAN " + lists._list_sql("belum_rekam", ""),
            lists._list_params("belum_rekam")))
        assert "SCAN m USING COVERING INDEX summons_person" in plan
        assert "SCAN vp USING COVERING INDEX visit_person_person" in plan
        assert "CORRELATED" not in plan  # nothing looked up per person
        open_call = " ".join(str(r) for r in database.execute_sql(
            "EXPLAIN QUERY PLAN SELECT id FROM summons WHERE person_id = ? AND state = 'open'",
            (1,)))
        assert "summons_person (person_id=? AND state=?)" in open_call or (
            "summons_one_open" in open_call)
    finally:
        database.close()
