"""What the audit trail records: one row per import however many people it brings, one per
desk outcome and undo, the export of an import's refused rows (before it is written),
a setting's change; each with the account, the computer's account, the time and what."""

from __future__ import annotations

import json

import pytest

from ektp_desk.core import audit, desk, importer, settings
from ektp_desk.core.errors import UserError
from tests.db.test_desk import DAY, WHO, Drive
from tests.kpu_files import rows_of, sample_people, write_csv

KPU_TODAY = DAY


def rows(db, action: str) -> list[dict]:
    return [dict(json.loads(d), _user=u, _os=o, _at=a) for u, o, a, d in db.execute_sql(
        "SELECT by_user, os_user, at, detail FROM audit_log WHERE action = ? ORDER BY seq",
        (action,))]


def test_an_import_is_one_row_however_many_people(db, tmp_path):
    path = write_csv(tmp_path / "kpu.csv", rows_of(sample_people(300)))
    result = importer.run_import(db, path, today=KPU_TODAY)
    assert result.inserted == 300
    got = rows(db, "import")
    assert len(got) == 1 and got[0]["file"] == "kpu.csv"
    assert got[0]["_os"] and got[0]["_at"].startswith("20")
    assert audit.verify(db).ok


def test_each_desk_outcome_and_undo_is_one_row(db):
    drive = Drive(db)
    before = db.execute_sql("SELECT count(*) FROM audit_log").fetchone()[0]
    a = drive.ids[0]
    done = desk.checkin(db, drive.codes[a], today=DAY, **WHO)
    desk.record(db, a, "terekam", today=DAY, **WHO)
    desk.undo_last(db, a, today=DAY, **WHO)
    assert db.execute_sql("SELECT count(*) FROM audit_log").fetchone()[0] == before + 3
    status = rows(db, "status_meja")
    assert [(r["status"], r["previous"], r["_user"], r["desk"]) for r in status] == [
        ("hadir", "dipanggil", "ani", "Meja 1"), ("terekam", "hadir", "ani", "Meja 1")]
    assert status[0]["event_id"] == done.event_id and status[0]["person_id"] == a
    undo = rows(db, "status_batal")
    assert [(r["person_id"], r["kind"]) for r in undo] == [(a, "terekam")]


def test_a_refused_desk_action_records_nothing(db):
    drive = Drive(db)
    before = audit.head(db)
    with pytest.raises(UserError):
        desk.record(db, drive.ids[0], "terekam", today=DAY, **WHO)  # not here yet
    assert audit.head(db) == before


def test_the_import_report_of_refused_rows_is_recorded_before_it_is_written(db, tmp_path):
    people = sample_people(3)
    table = rows_of(people)
    table[2][2] = "12345"  # a NIK too short: refused
    result = importer.run_import(db, write_csv(tmp_path / "kpu.csv", table), today=KPU_TODAY)
    assert result.rejected == 1
    report = importer.write_error_report(result, tmp_path / "kesalahan.csv", db=db,
                                         user="Rina")
    assert report.exists()
    got = rows(db, "ekspor_laporan_impor")
    assert [(r["file"], r["rows"], r["_user"]) for r in got] == [("kesalahan.csv", 1, "Rina")]


def test_a_setting_change_is_recorded(db):
    settings.save_many(db, {"desk_name": "Meja 7"})
    got = rows(db, "setting")
    assert got and got[-1]["values"] == {"desk_name": "Meja 7"}
