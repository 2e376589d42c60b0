"""Opening the database: pragmas, versioning, refusing what is not ours, settings, demo."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
import threading

import pytest

from ektp_desk import paths
from ektp_desk.core import db as core_db
from ektp_desk.core import demo, migrations, nik, regions, search, settings
from ektp_desk.core.errors import UserError


def test_pragmas(db):
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert db.execute_sql("PRAGMA synchronous").fetchone()[0] == 1


def test_new_database_is_at_latest_schema(db):
    assert db.execute_sql("PRAGMA user_version").fetchone()[0] == migrations.latest_version()


def test_reopening_migrates_nothing_and_makes_no_backup(db_path):
    core_db.open_database(db_path).close()
    database = core_db.open_database(db_path)
    assert core_db.migrate(database, db_path) is None
    database.close()
    assert not (db_path.parent / "backups").exists()


def test_each_thread_has_its_own_connection(db):
    seen = []
    thread = threading.Thread(target=lambda: seen.append(db.connection()))
    thread.start()
    thread.join()
    assert seen[0] is not db.connection()


def test_database_from_a_newer_version_is_refused_and_untouched(db_path):
    core_db.open_database(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA user_version = 999")
    conn.commit()
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(UserError) as info:
        core_db.open_database(db_path)
    assert info.value.message_id == "db_newer"
    assert "lebih baru" in info.value.message
    assert sqlite3.connect(db_path).execute("PRAGMA user_version").fetchone()[0] == 999
    assert len(db_path.read_bytes()) == len(before)


def test_negative_schema_version_is_refused_and_untouched(db_path):
    core_db.open_database(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA user_version = -1")
    before = db_path.read_bytes()
    with pytest.raises(UserError) as info:
        core_db.open_database(db_path)
    assert info.value.message_id == "db_version_bad"
    assert "(-1) tidak sah" in info.value.message  # not "table meta already exists"
    assert db_path.read_bytes() == before


def test_other_sqlite_file_is_refused(tmp_path):
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(UserError) as info:
        core_db.open_database(other)
    assert info.value.message_id == "db_not_ektp"


def test_garbage_file_is_refused(tmp_path):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(UserError):
        core_db.open_database(junk)


def test_backup_is_a_consistent_copy(db, tmp_path):
    demo.fill(db, 50, build_index=False)
    copy = core_db.backup(db, tmp_path / "b" / "copy.sqlite")
    assert sqlite3.connect(copy).execute("SELECT count(*) FROM person").fetchone()[0] == 50


class TestSettings:
    def test_defaults_then_stored(self, db):
        assert settings.get_date(db, "election_date") == dt.date(2024, 2, 14)
        settings.set(db, "election_date", "2029-02-14")
        assert settings.get_date(db, "election_date") == dt.date(2029, 2, 14)

    def test_save_many_is_all_or_nothing(self, db):
        with pytest.raises(UserError):
            settings.save_many(db, {"desk_name": "Meja 7", "election_date": "kemarin"})
        assert settings.get(db, "desk_name") == "Meja 1"
        settings.save_many(db, {"desk_name": "Meja 7"})
        assert settings.get(db, "desk_name") == "Meja 7"
        assert db.execute_sql("SELECT count(*) FROM audit_log WHERE action='setting'"
                              ).fetchone()[0] == 1

    def test_unknown_key(self, db):
        with pytest.raises(UserError):
            settings.set(db, "nope", 1)


class TestDemo:
    def test_demo_people_are_valid(self, db, today):
        demo.fill(db, 500)
        rows = db.execute_sql(
            "SELECT nik, sex, birth_date, kelurahan_code, kecamatan_code FROM person").fetchall()
        assert len(rows) == 500
        table = regions.default_table()
        for value, sex, birth, kelurahan, kecamatan in rows:
            parsed = nik.parse(value, today)
            assert parsed.sex == sex
            assert parsed.birth_date.isoformat() == birth
            assert table.kelurahan[kelurahan].kecamatan_code == kecamatan
        assert search.pending(db) == 0

    def test_demo_is_deterministic_and_adds_to_existing(self, db_path, tmp_path):
        a = core_db.open_database(db_path)
        demo.fill(a, 200, seed=7)
        demo.fill(a, 200, seed=7)  # same seed again: new NIKs, no clash
        assert a.execute_sql("SELECT count(DISTINCT nik) FROM person").fetchone()[0] == 400
        a.close()
        b = core_db.open_database(tmp_path / "b.sqlite")
        demo.fill(b, 200, seed=7)
        first = b.execute_sql("SELECT nik, name FROM person ORDER BY id LIMIT 200").fetchall()
        b.close()
        a = core_db.open_database(db_path)
        assert a.execute_sql("SELECT nik, name FROM person ORDER BY id LIMIT 200"
                             ).fetchall() == first

    def test_bounds(self, db):
        with pytest.raises(UserError):
            demo.fill(db, 0)


def test_search_index_catches_up_in_chunks_and_survives_cancel(db, monkeypatch):
    from ektp_desk.core.errors import Cancelled
    from ektp_desk.core.jobs import CancelToken

    demo.fill(db, 300, build_index=False)
    assert search.pending(db) == 300
    monkeypatch.setattr(search, "CHUNK", 100)
    token = CancelToken()
    calls = []

    def progress(done, total, message=""):
        calls.append(done)
        if done >= 100:
            token.cancel()

    with pytest.raises(Cancelled):
        search.index_pending(db, progress=progress, cancel=token)
    assert search.pending(db) == 200  # the finished chunk stays indexed
    search.index_pending(db)
    assert search.pending(db) == 0
    count = db.execute_sql("SELECT count(*) FROM person_fts").fetchone()[0]
    assert count == 300


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
class TestPrivateFiles:
    """Personal data: only the clerk's account may read the database and its copies."""

    @staticmethod
    def mode(path) -> int:
        return stat.S_IMODE(path.stat().st_mode)

    def test_new_database_wal_and_data_folder_are_private(self, tmp_path, monkeypatch):
        monkeypatch.setenv("EKTP_DESK_DATA_DIR", str(tmp_path / "data"))
        old_umask = os.umask(0o022)  # the usual one, which made the file 0644
        try:
            database = core_db.open_database(paths.default_db_path())
            database.execute_sql("INSERT INTO meta (key, value) VALUES ('x', 'y')")
        finally:
            os.umask(old_umask)
        folder = tmp_path / "data"
        assert self.mode(folder) == 0o700
        for name in ("ektp-desk.sqlite", "ektp-desk.sqlite-wal", "ektp-desk.sqlite-shm"):
            assert self.mode(folder / name) == 0o600, name
        database.close()

    def test_an_existing_database_and_data_folder_are_narrowed(self, tmp_path, monkeypatch):
        monkeypatch.setenv("EKTP_DESK_DATA_DIR", str(tmp_path / "data"))
        path = paths.default_db_path()
        core_db.open_database(path).close()
        os.chmod(path.parent, 0o755)
        os.chmod(path, 0o644)
        core_db.open_database(path).close()
        assert (self.mode(path.parent), self.mode(path)) == (0o700, 0o600)

    def test_a_folder_the_clerk_chose_is_left_alone(self, tmp_path):
        shared = tmp_path / "shared"
        shared.mkdir(mode=0o755)
        os.chmod(shared, 0o755)
        core_db.open_database(shared / "ektp.sqlite").close()
        assert self.mode(shared) == 0o755 and self.mode(shared / "ektp.sqlite") == 0o600

    def test_backups_are_private(self, db, tmp_path):
        old_umask = os.umask(0o022)
        try:
            copy = core_db.backup(db, tmp_path / "backups" / "copy.sqlite")
        finally:
            os.umask(old_umask)
        assert (self.mode(copy.parent), self.mode(copy)) == (0o700, 0o600)

    def test_a_refused_file_keeps_its_mode(self, tmp_path):
        junk = tmp_path / "junk.sqlite"
        junk.write_bytes(b"this is not a database at all" * 100)
        os.chmod(junk, 0o644)
        with pytest.raises(UserError):
            core_db.open_database(junk)
        assert self.mode(junk) == 0o644
