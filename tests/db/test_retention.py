"""Retention: a dry run, then a purge or anonymous counts; the report's figures kept, and no
NIK of a purged person left in the database file or its WAL (docs/domain.md,
"Retention")."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from ektp_desk.core import backup, migrations, retention
from ektp_desk.core import db as core_db
from tests.backup_helpers import audit_actions, build_full, dump, niks
from tests.sync_helpers import add_event

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
BEFORE = dt.date(2027, 6, 1)  # after every session of the demo drive
LATER = dt.datetime(2027, 7, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
KEPT = 3  # people with a card handed over after the date: still being served


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    city, _ = build_full(tmp_path_factory.mktemp("full"))
    db = core_db.open_database(city, bind=False)
    for nik in niks(city)[-KEPT:]:
        add_event(db, nik, "ktp_diterima", LATER)
    db.close()
    return city


@pytest.fixture
def city(template, tmp_path) -> Path:
    target = tmp_path / "data" / template.name
    target.parent.mkdir(parents=True)
    shutil.copyfile(template, target)
    return target


def raw_bytes(path: Path) -> bytes:
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_the_dry_run_counts_what_would_go_and_changes_nothing(city):
    before = dump(city)
    db = core_db.open_database(city, bind=False)
    try:
        dry = retention.plan(db, BEFORE)
    finally:
        db.close()
    assert dry.dry_run
    counts = dry.counts
    assert counts["people"] == len(niks(city)) - KEPT
    for kind in ("events", "summonses", "letters", "desk_events", "visit_people",
                 "print_links", "sync_items"):
        assert counts[kind] > 0, kind
    assert dump(city) == before
    assert backup.list_backups(backup.folder_for(city)) == []


def test_anonymised_purge_keeps_the_report_counts_and_leaves_no_nik_in_the_file(city):
    all_niks = niks(city)
    purged, kept = all_niks[:-KEPT], all_niks[-KEPT:]
    db = core_db.open_database(city, bind=False)
    figures = retention.report_counts(db)
    dry = retention.plan(db, BEFORE, anonymise=True)

    done = retention.purge(db, BEFORE, anonymise=True, by="admin")

    assert done.counts == dry.counts
    assert retention.report_counts(db) == figures
    assert sorted(niks_in(db)) == sorted(kept)
    assert db.execute_sql("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    # the name index was built anew: it finds those kept, and holds nobody gone
    from ektp_desk.core import search

    assert search.pending(db) == 0
    for pid, name in db.execute_sql("SELECT id, name_norm FROM person").fetchall():
        found = db.execute_sql("SELECT rowid FROM person_fts WHERE person_fts MATCH ?",
                               (f'"{name}"',)).fetchall()
        assert (pid,) in found
    assert db.execute_sql("SELECT count(*) FROM person_fts_docsize").fetchone()[0] == KEPT
    (detail,) = db.execute_sql(
        "SELECT detail FROM audit_log WHERE action = 'retensi_hapus'").fetchone()
    assert f'"people": {len(purged)}' in detail
    db.close()

    data = raw_bytes(city)
    assert [n for n in purged if n.encode("ascii") in data] == []
    assert all(n.encode("ascii") in data for n in kept)  # the search is not blind
    # the backup made first holds them, and the result says so
    assert done.made_backup in done.backups_with_nik
    assert all(n.encode("ascii") in done.made_backup.read_bytes() for n in purged[:5])


def test_purge_without_counts_and_with_the_backups_deleted(city):
    purged = niks(city)[:-KEPT]
    db = core_db.open_database(city, bind=False)
    backup.make_backup(db, reason=backup.DAILY)
    done = retention.purge(db, BEFORE, anonymise=False, by="admin", delete_backups=True)
    assert db.execute_sql("SELECT count(*) FROM anonymous_count").fetchone()[0] == 0
    assert retention.report_counts(db)["status"] == {"ktp_diterima": KEPT}
    db.close()
    assert done.backups_with_nik == [] and len(done.backups_deleted) == 2
    assert backup.list_backups(backup.folder_for(city)) == []
    data = raw_bytes(city)
    assert [n for n in purged if n.encode("ascii") in data] == []


def test_a_purge_that_takes_nobody_changes_nothing(city):
    db = core_db.open_database(city, bind=False)
    done = retention.purge(db, dt.date(2020, 1, 1), anonymise=True, by="admin")
    db.close()
    assert done.counts["people"] == 0 and done.backups_with_nik == []
    assert "retensi_hapus" not in audit_actions(city)


def test_the_anonymous_counts_come_with_an_upgrade_from_schema_1(tmp_path):
    target = tmp_path / "kantor.sqlite"
    shutil.copyfile(FIXTURES / "schema_v1.sqlite", target)
    db = core_db.open_database(target, bind=False)
    try:
        assert db.execute_sql("PRAGMA user_version").fetchone()[0] == \
            migrations.latest_version()
        done = retention.purge(db, dt.date(2100, 1, 1), anonymise=True, by="admin")
        assert done.counts["people"] == 4
        assert db.execute_sql("SELECT sum(n) FROM anonymous_count WHERE what = 'orang'"
                              ).fetchone()[0] == 4
    finally:
        db.close()


def niks_in(db) -> list[str]:
    return [r[0] for r in db.execute_sql("SELECT nik FROM person")]


def test_purge_at_the_receiving_office_takes_other_offices_calls(tmp_path, monkeypatch):
    """The kecamatan office imported the city's file: people, their summonses, letters and
    visit places as versions, and the city's calls per NIK (remote_call). All go."""
    from ektp_desk.core.sync import apply, office
    from tests.sync_helpers import PASS

    monkeypatch.setattr(office, "SCRYPT_N", 2**10)
    city, kec = build_full(tmp_path / "full")
    db = core_db.open_database(kec, bind=False)
    apply.import_file(db, next((city.parent / "files").glob("*.ektpsync")), passphrase=PASS,
                      write_receipt=False)
    gone = niks_in(db)
    kinds = {k for (k,) in db.execute_sql("SELECT DISTINCT kind FROM sync_item")}
    assert {"person", "summons", "visit_person"} <= kinds
    assert db.execute_sql("SELECT count(*) FROM remote_call").fetchone()[0] > 0

    done = retention.purge(db, BEFORE, anonymise=True, by="admin")

    assert done.counts["remote_calls"] > 0 and niks_in(db) == []
    for table in ("remote_call", "sync_item", "visit_person_removed"):
        assert db.execute_sql(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    assert db.execute_sql("PRAGMA foreign_key_check").fetchall() == []
    db.close()
    data = raw_bytes(kec)
    assert [n for n in gone if n.encode("ascii") in data] == []


def test_anonymised_purge_leaves_the_recap_as_it_was(city):
    """The recap (every figure: totals, breakdowns, each day, failure reasons, summoned)
    is the same after an anonymised purge as before it (core/reports adds the counts)."""
    from ektp_desk.core import reports

    db = core_db.open_database(city, bind=False)
    try:
        span = {"date_from": dt.date(2026, 1, 1), "date_to": dt.date(2027, 8, 1),
                "today": dt.date(2027, 8, 1), "office": "all"}
        # events the day series treats apart: one made on the spot (no desk) and one undone
        pid, day = db.execute_sql("SELECT person_id, min(at) FROM event").fetchone()
        spot = db.execute_sql("INSERT INTO event (person_id, kind, at, by_user) VALUES "
                              "(?, 'terekam', ?, 'uji')", (pid, day)).lastrowid
        undone = db.execute_sql("INSERT INTO event (person_id, kind, at, by_user, desk) "
                                "VALUES (?, 'hadir', ?, 'uji', 'Meja 1')", (pid, day)).lastrowid
        db.execute_sql("INSERT INTO event (person_id, kind, undoes, at, by_user, desk) VALUES "
                       "(?, 'batal', ?, ?, 'uji', 'Meja 1')", (pid, undone, day))
        before = reports.recap(db, **span).as_json()
        first = next(d for d in before["by_day"] if d["date"] == day[:10])
        assert first["recorded"] >= 1 and first["attended"] >= 1 and spot
        assert before["totals"]["summoned"] > 0 and before["totals"]["failed"] > 0
        assert any(r["code"] not in ("", "data_ganda") for r in before["failure_reasons"])
        retention.purge(db, BEFORE, anonymise=True, by="admin")
        assert db.execute_sql("SELECT count(*) FROM person").fetchone()[0] == KEPT
        assert reports.recap(db, **span).as_json() == before
    finally:
        db.close()
