"""The audit log's hash chain: an honest log verifies; an edited, deleted, reordered or
inserted row is named; two desks writing at once keep one chain; old rows are chained by
the migration."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import threading
from pathlib import Path

import peewee as pw
import pytest

from ektp_desk.core import audit, audit_query, migrations
from ektp_desk.core import db as core_db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _fill(db, n: int = 6) -> None:
    for i in range(n):
        audit.record(db, "Rina", "setting", key="desk_name", value=f"Meja {i}")


def _raw(db_path: Path) -> sqlite3.Connection:
    """A plain SQLite connection as someone with the file would use, triggers dropped
    (they only stop mistakes)."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("DROP TRIGGER audit_log_no_delete")
    return conn


def test_an_honest_log_verifies(db):
    _fill(db)
    result = audit.verify(db)
    assert result.ok and result.rows == 6 and result.head_seq == 6
    assert "6 baris" in result.message
    rows = db.execute_sql("SELECT seq, prev_hash, hash, os_user FROM audit_log "
                          "ORDER BY seq").fetchall()
    assert [r[0] for r in rows] == [1, 2, 3, 4, 5, 6]
    assert rows[0][1] == audit.GENESIS
    assert all(rows[i][1] == rows[i - 1][2] for i in range(1, 6))
    assert rows[0][3]  # the computer's account is filled in
    assert audit.head(db) == (6, rows[-1][2])


def test_empty_log_verifies(db):
    assert audit.verify(db).ok


def test_triggers_refuse_update_and_delete(db):
    _fill(db, 2)
    with pytest.raises(pw.IntegrityError, match="tidak boleh diubah"):
        db.execute_sql("UPDATE audit_log SET action = 'x' WHERE seq = 1")
    with pytest.raises(pw.IntegrityError, match="tidak boleh dihapus"):
        db.execute_sql("DELETE FROM audit_log WHERE seq = 2")
    assert audit.verify(db).ok


def test_an_edited_row_is_named(db, db_path):
    _fill(db)
    conn = _raw(db_path)
    conn.execute("UPDATE audit_log SET detail = '{\"key\": \"desk_name\"}' WHERE seq = 3")
    conn.close()
    result = audit.verify(db)
    assert not result.ok
    assert (result.problem, result.seq) == ("edited", 3)
    assert "seq 3" in result.message and "diubah" in result.message
    assert result.rows == 2


def test_a_deleted_row_is_named(db, db_path):
    _fill(db)
    conn = _raw(db_path)
    conn.execute("DELETE FROM audit_log WHERE seq = 4")
    conn.close()
    result = audit.verify(db)
    assert (result.ok, result.problem, result.seq) == (False, "deleted", 5)
    assert result.message.startswith("Baris log audit seq 4 hilang (dihapus)")


def test_a_deleted_row_with_renumbering_is_named(db, db_path):
    _fill(db)
    conn = _raw(db_path)
    conn.execute("DELETE FROM audit_log WHERE seq = 2")
    conn.execute("UPDATE audit_log SET seq = seq - 1 WHERE seq > 2")
    conn.close()
    result = audit.verify(db)
    assert (result.ok, result.problem, result.seq) == (False, "link", 2)


def test_reordered_rows_are_named(db, db_path):
    _fill(db)
    conn = _raw(db_path)
    # swap the places of seq 3 and 4
    conn.execute("UPDATE audit_log SET seq = -1 WHERE seq = 3")
    conn.execute("UPDATE audit_log SET seq = 3 WHERE seq = 4")
    conn.execute("UPDATE audit_log SET seq = 4 WHERE seq = -1")
    conn.close()
    result = audit.verify(db)
    assert (result.ok, result.problem, result.seq) == (False, "link", 3)
    assert "disisipkan" in result.message


def test_a_row_inserted_with_a_forged_hash_is_named(db, db_path):
    _fill(db)
    conn = _raw(db_path)
    # a row pushed in at seq 3 with a well-made hash over the wrong predecessor
    conn.execute("UPDATE audit_log SET seq = seq + 100 WHERE seq >= 3")
    conn.execute("UPDATE audit_log SET seq = seq - 99 WHERE seq >= 103")
    forged = audit.row_hash(audit.GENESIS, 3, "2026-11-28T08:00:00+07:00", "X", "", "y", "{}")
    conn.execute("INSERT INTO audit_log (seq, at, by_user, os_user, action, detail, "
                 "prev_hash, hash) VALUES (3, '2026-11-28T08:00:00+07:00', 'X', '', 'y', "
                 "'{}', ?, ?)", (audit.GENESIS, forged))
    conn.close()
    result = audit.verify(db)
    assert (result.ok, result.problem, result.seq) == (False, "link", 3)


def test_a_row_moved_out_of_id_order_is_named(db, db_path):
    """Hashes and links hold, but a row's id puts it after the row that follows it: it was
    moved (or inserted) out of place."""
    _fill(db, 3)
    conn = _raw(db_path)
    conn.execute("UPDATE audit_log SET id = 100 WHERE seq = 1")
    conn.close()
    result = audit.verify(db)
    assert (result.ok, result.problem, result.seq) == (False, "order", 2)


def test_the_first_bad_row_is_named_when_several_are(db, db_path):
    _fill(db, 8)
    conn = _raw(db_path)
    conn.execute("UPDATE audit_log SET by_user = 'Budi' WHERE seq IN (5, 7)")
    conn.close()
    assert audit.verify(db).seq == 5


def test_record_inside_a_rolled_back_transaction_leaves_no_row(db):
    _fill(db, 2)
    with pytest.raises(RuntimeError), db.atomic():
        audit.record(db, "Rina", "setting", key="x")
        raise RuntimeError("the change failed")
    assert audit.head(db)[0] == 2
    _fill(db, 1)
    assert audit.verify(db).ok and audit.head(db)[0] == 3


def test_two_desks_writing_at_once_keep_one_chain(db_path):
    """Two connections (two desks on one shared file) append at the same time: SQLite's
    write lock serialises them and every row links to the one before."""
    first = core_db.open_database(db_path, bind=False)
    first.close()
    per_desk = 150
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def desk(name: str) -> None:
        database = core_db.open_database(db_path, bind=False)
        try:
            start.wait()
            for i in range(per_desk):
                audit.record(database, name, "status_meja", person_id=i)
        except BaseException as exc:  # reported to the test below
            errors.append(exc)
        finally:
            database.close()

    threads = [threading.Thread(target=desk, args=(f"Meja {n}",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    database = core_db.open_database(db_path, bind=False)
    try:
        result = audit.verify(database)
        assert result.ok and result.rows == 2 * per_desk
        users = [r[0] for r in database.execute_sql(
            "SELECT by_user FROM audit_log ORDER BY seq")]
        # both desks wrote, interleaved or not, into the one chain
        assert users.count("Meja 1") == users.count("Meja 2") == per_desk
    finally:
        database.close()


def test_migration_chains_the_rows_an_old_database_holds(tmp_path: Path):
    path = tmp_path / "lama.sqlite"
    shutil.copyfile(FIXTURES / "schema_v1.sqlite", path)
    conn = sqlite3.connect(path)
    conn.executemany("INSERT INTO audit_log (at, by_user, action, detail) VALUES (?, ?, ?, ?)",
                     [(f"2024-01-0{d}T08:00:00+07:00", "Rina", "import", f'{{"rows": {d}}}')
                      for d in (1, 2, 3)])
    conn.commit()
    conn.close()
    database = core_db.open_database(path, bind=False)
    try:
        assert database.execute_sql("PRAGMA user_version").fetchone()[0] == \
            migrations.latest_version()
        rows = database.execute_sql("SELECT seq, action, detail, os_user FROM audit_log "
                                    "ORDER BY seq").fetchall()
        assert rows == [(1, "import", '{"rows": 1}', ""), (2, "import", '{"rows": 2}', ""),
                        (3, "import", '{"rows": 3}', "")]
        assert audit.verify(database).ok
        audit.record(database, "Rina", "setting", key="x")
        assert audit.verify(database).rows == 4
        with pytest.raises(pw.IntegrityError):
            database.execute_sql("DELETE FROM audit_log")
    finally:
        database.close()


NIK = "3375014102070012"


def test_nik_like_runs_are_masked_before_the_row_is_hashed(db):
    """A NIK typed anywhere (a search, a file name, a reason) is stored masked and the
    chain hashes what is stored; the program's own numbers stay as they are."""
    digest = "ab" + "1234567890123456" + "c" * 46  # a sha256 with a long run of digits
    audit.record(db, "Rina", "ekspor_warga", filter={"search": NIK[:8], "kecamatan": "337501"},
                 file=f"warga {NIK[:4]} {NIK[4:8]} {NIK[8:12]} {NIK[12:]}.csv",
                 reason=f"salah NIK {NIK}.", sha256=digest, count=12, big=int(NIK),
                 kelurahan="3375011001", backup="ektp.harian.20261208-101010.sqlite",
                 office="337501-ab12",
                 niks=[NIK, f"{NIK[:4]}.{NIK[4:8]}.{NIK[8:12]}.{NIK[12:]}"])
    (detail,) = db.execute_sql("SELECT detail FROM audit_log").fetchone()
    stored = json.loads(detail)
    # no 12-digit run, however grouped, but in the digest
    assert not re.search(r"\d(?:[ .]?\d){11}", detail.replace(digest, ""))
    assert stored["filter"] == {"search": "•••• ••••", "kecamatan": "337501"}
    assert stored["file"] == "warga 3375 01•• •••• ••••.csv"
    assert stored["reason"] == "salah NIK 3375 01•• •••• ••••."
    assert stored["big"] == "3375 01•• •••• ••••"
    assert stored["niks"] == ["3375 01•• •••• ••••"] * 2
    kept = ("sha256", "count", "kelurahan", "backup", "office")
    assert [stored[k] for k in kept] == [
        digest, 12, "3375011001", "ektp.harian.20261208-101010.sqlite", "337501-ab12"]
    assert audit.verify(db).ok


def test_an_old_row_holding_a_nik_still_verifies(db):
    """Rows written before masking keep their text: verification hashes what is stored
    (the viewer masks it when shown)."""
    with db.atomic():  # as record wrote it before
        audit._append(db, "Rina", "ekspor_warga", f'{{"filter": {{"search": "{NIK}"}}}}', "")
    audit.record(db, "Rina", "ekspor_warga", filter={"search": NIK})
    stored = [d for (d,) in db.execute_sql("SELECT detail FROM audit_log ORDER BY seq")]
    assert NIK in stored[0] and NIK not in stored[1]
    assert audit.verify(db).ok and audit.verify(db).rows == 2
    assert all(NIK not in row.detail for row in audit_query.page(db))
