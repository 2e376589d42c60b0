"""The follow-up lists (core/reports/lists.py): the right people in each, as many as the
recap's figures say, exported as csv and xlsx with NIKs masked, cells safe from formula
injection, and every export in the audit log first."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ektp_desk.core import clock, demo, desk, nik, reports, scheduling
from ektp_desk.core.errors import UserError
from ektp_desk.core.reports import lists

DAY = dt.date(2026, 11, 30)  # a Monday
WHO = {"desk": "Meja 1", "user": "uji"}


@pytest.fixture
def drive(db, monkeypatch):
    """30 people: 20 called to one session; 6 recorded (2 cards printed, 1 handed over),
    2 failed with reasons, 1 duplicate, 11 no-shows when the day closes; 10 never called.
    One name and one address are written as formulas."""
    monkeypatch.setattr(clock, "now", lambda: dt.datetime.combine(DAY, dt.time(9), clock.WIB))
    demo.fill(db, 30, seed=3, build_index=False)
    ids = [r[0] for r in db.execute_sql("SELECT id FROM person ORDER BY id")]
    db.execute_sql("UPDATE person SET name = '=HYPERLINK(\"http://x\")', address = '+62 1' "
                   "WHERE id = ?", (ids[12],))
    place = scheduling.add_location(db, "kecamatan", "Kantor Kecamatan Pekalongan Barat",
                                    kecamatan_code="337501").location_id
    slot = scheduling.add_slot(db, place, DAY, "08:00", "12:00", capacity=40,
                               deliberate=True, today=DAY).slot_ids[0]
    scheduling.summon_to_slot(db, ids[:20], slot, today=DAY)
    for pid in ids[:6]:
        desk.record(db, pid, "hadir", today=DAY, **WHO)
        desk.record(db, pid, "terekam", today=DAY, **WHO)
    for pid in ids[2:4]:
        desk.record(db, pid, "ktp_dicetak", today=DAY, **WHO)
    desk.record(db, ids[3], "ktp_diterima", today=DAY, **WHO)
    for pid, reason in ((ids[6], "sidik_jari"), (ids[7], "sistem")):
        desk.record(db, pid, "hadir", today=DAY, **WHO)
        desk.record(db, pid, "gagal_rekam", reason=reason, today=DAY, **WHO)
    desk.record(db, ids[8], "hadir", today=DAY, **WHO)
    desk.record(db, ids[8], "data_ganda", today=DAY, **WHO)
    desk.close_day(db, DAY, today=DAY, **WHO)
    return ids


def _ids(found: lists.FollowUp) -> list[int]:
    return [r.person_id for r in found.rows]


def test_each_list_holds_the_right_people(db, drive):
    ids = drive
    recap = reports.recap(db, date_from=DAY, date_to=DAY, today=DAY).totals
    handed = lists.follow_up(db, "ktp_belum_diserahkan")
    assert _ids(handed) == [ids[2]]
    assert handed.rows[0].since == DAY
    failed = lists.follow_up(db, "gagal")
    assert {r.person_id: r.reason for r in failed.rows} == {
        ids[6]: "sidik_jari", ids[7]: "sistem", ids[8]: "data_ganda"}
    assert len(failed.rows) == recap.failed
    assert [(code, n) for code, _, n in failed.by_reason()] == [
        ("data_ganda", 1), ("sidik_jari", 1), ("sistem", 1)]
    absent = lists.follow_up(db, "tidak_hadir")
    assert sorted(_ids(absent)) == ids[9:20] and len(absent.rows) == recap.no_show
    assert {(r.no_shows, r.last_call) for r in absent.rows} == {(1, DAY)}
    waiting = lists.follow_up(db, "belum_rekam")
    assert sorted(_ids(waiting)) == sorted(ids[6:])
    assert len(waiting.rows) == recap.people - recap.recorded - recap.unservable - (
        recap.elsewhere)
    # per kelurahan: in kelurahan order, and one kelurahan alone on request
    codes = [r.kelurahan_code for r in waiting.rows]
    assert codes == sorted(codes)
    one = waiting.rows[0].kelurahan_code
    alone = lists.follow_up(db, "belum_rekam", kelurahan=one)
    assert _ids(alone) == [r.person_id for r in waiting.rows if r.kelurahan_code == one]
    assert dict((c, n) for c, _, n in waiting.by_kelurahan())[one] == len(alone.rows)


def test_exports_mask_niks_keep_cells_inert_and_are_audited(db, drive, tmp_path: Path):
    ids = drive
    niks = dict(db.execute_sql("SELECT id, nik FROM person"))
    found = lists.follow_up(db, "tidak_hadir")
    out_csv = lists.export(db, found, tmp_path / "tidak_hadir.csv", user="Rina").path
    out_xlsx = lists.export(db, found, tmp_path / "tidak_hadir.xlsx", user="Rina").path

    text = out_csv.read_text(encoding="utf-8")
    assert not any(niks[i] in text for i in ids)
    rows = list(csv.reader(text.splitlines()))
    assert rows[0][:3] == ["Kelurahan", "NIK", "Nama"]
    assert len(rows) == 1 + len(found.rows)
    assert {r[1] for r in rows[1:]} == {nik.mask(niks[i]) for i in ids[9:20]}
    assert all(len(r[3]) == 4 for r in rows[1:])  # the birth year only beside a masked NIK
    tricky = next(r for r in rows if "HYPERLINK" in r[2])
    assert tricky[2].startswith("'=") and tricky[5].startswith("'+")

    book = load_workbook(out_xlsx)
    assert book.sheetnames == ["Daftar", "Ringkasan"]
    sheet = book["Daftar"]
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not any(niks[i] in str(c.value) for c in cells for i in ids)
    formula = [c for c in cells if "HYPERLINK" in str(c.value)]
    assert formula and all(c.data_type == "s" for c in formula)
    assert sheet["A1"].value == "Warga tidak hadir untuk dipanggil lagi"
    assert sum(r[2] for r in book["Ringkasan"].iter_rows(min_row=2, values_only=True)) == 11

    # unmasked: full NIKs, and the audit says so; both masked exports are there before it
    lists.export(db, found, tmp_path / "full.csv", user="Rina", unmasked=True)
    assert niks[ids[9]] in (tmp_path / "full.csv").read_text(encoding="utf-8")
    rows = [json.loads(r[0]) for r in db.execute_sql(
        "SELECT detail FROM audit_log WHERE action = 'ekspor_daftar' ORDER BY seq")]
    assert [(r["file"], r["unmasked"], r["count"]) for r in rows] == [
        ("tidak_hadir.csv", False, 11), ("tidak_hadir.xlsx", False, 11),
        ("full.csv", True, 11)]


def test_bad_input_is_refused_and_writes_nothing(db, drive, tmp_path: Path):
    with pytest.raises(UserError) as unknown:
        lists.follow_up(db, "semua")
    assert "tidak dikenal" in unknown.value.message and "belum_rekam" in unknown.value.message
    with pytest.raises(UserError) as kelurahan:
        lists.follow_up(db, "belum_rekam", kelurahan="9999999999")
    assert "Kelurahan '9999999999' tidak dikenal" in kelurahan.value.message
    found = lists.follow_up(db, "gagal")
    before = db.execute_sql("SELECT count(*) FROM audit_log").fetchone()[0]
    with pytest.raises(UserError) as kind:
        lists.export(db, found, tmp_path / "gagal.pdf", user="Rina")
    assert ".csv atau .xlsx" in kind.value.message
    assert not (tmp_path / "gagal.pdf").exists()
    assert db.execute_sql("SELECT count(*) FROM audit_log").fetchone()[0] == before


# The lists' query before the last call was joined as sets (it was looked up per person):
# the reference the joined query must equal, row for row and column for column.
_OLD_LAST_CALL = """(SELECT max(d) FROM (
            SELECT s.date AS d FROM summons m JOIN slot s ON s.id = m.slot_id
            WHERE m.person_id = p.id
            UNION ALL SELECT v.date FROM visit_person vp JOIN visit v ON v.id = vp.visit_id
            WHERE vp.person_id = p.id
            UNION ALL SELECT r.date FROM remote_call r WHERE r.nik = p.nik))"""


def _old_list_sql(kind: str, where: str) -> str:
    new = lists._list_sql(kind, where)
    joins = new[new.index("LEFT JOIN"):new.index("WHERE p.status")]
    assert lists._EXTRAS["last_call"] in new and "remote_call lr" in joins
    return new.replace(lists._EXTRAS["last_call"], _OLD_LAST_CALL).replace(joins, "\n")


def _remote_call(db, pid: int, day: dt.date | None, *, open_: int = 1) -> None:
    """Another office's call for the person, as a sync import's refresh writes it
    (core/calls.refresh)."""
    db.execute_sql(
        "INSERT INTO remote_call (nik, open, kind, office, key, hlc, date) "
        "SELECT nik, ?, 'slot', '337502-kec', 'k' || id, '0001', ? FROM person WHERE id = ?",
        (open_, day.isoformat() if day else None, pid))


@pytest.fixture
def called_around(db, drive):
    """The drive, and the people never called there called in every other way: moved to a
    later slot and to an earlier one, on an outreach visit, called by another office only
    (one with no day), by another office and here; a no-show called again elsewhere."""
    ids = drive
    place = db.execute_sql("SELECT id FROM location").fetchone()[0]
    slots = {n: scheduling.add_slot(db, place, DAY + dt.timedelta(days=n), "08:00", "12:00",
                                    capacity=40, deliberate=True, today=DAY).slot_ids[0]
             for n in (1, 3)}
    scheduling.summon_to_slot(db, ids[20:23], slots[1], today=DAY)
    scheduling.move_people(db, ids[20:22], slots[3], today=DAY)  # later
    scheduling.summon_to_slot(db, ids[23:24], slots[3], today=DAY)
    scheduling.move_people(db, ids[23:24], slots[1], today=DAY)  # earlier
    school = scheduling.add_location(db, "sekolah", "SMA Negeri 1").location_id
    scheduling.create_visit(db, school, DAY + dt.timedelta(days=2), person_ids=ids[24:26],
                            today=DAY)
    _remote_call(db, ids[26], DAY + dt.timedelta(days=5))
    _remote_call(db, ids[27], None, open_=0)
    _remote_call(db, ids[25], DAY + dt.timedelta(days=9))  # after their visit
    _remote_call(db, ids[22], DAY - dt.timedelta(days=4))  # before their summons here
    _remote_call(db, ids[10], DAY + dt.timedelta(days=6))  # a no-show, called again there
    return ids


@pytest.mark.parametrize("kind", ["belum_rekam", "tidak_hadir"])
def test_the_joined_last_call_equals_the_lookup_per_person(db, called_around, kind):
    ids = called_around
    kelurahan = db.execute_sql("SELECT kelurahan_code FROM person WHERE id = ?",
                               (ids[10],)).fetchone()[0]  # a no-show: on both lists
    for where, named in (("", {}), (" AND p.kecamatan_code = :kecamatan",
                                    {"kecamatan": "337501"}),
                         (" AND p.kelurahan_code = :kelurahan", {"kelurahan": kelurahan})):
        params = lists._list_params(kind, **named)
        new = db.execute_sql(lists._list_sql(kind, where), params).fetchall()
        old = db.execute_sql(_old_list_sql(kind, where), params).fetchall()
        assert new == old and new
    found = {r.person_id: r.last_call for r in lists.follow_up(db, kind).rows}
    if kind == "tidak_hadir":
        assert found[ids[10]] == DAY + dt.timedelta(days=6)
        assert found[ids[11]] == DAY
        return
    def after(days: int) -> dt.date:
        return DAY + dt.timedelta(days=days)

    assert {pid: found[pid] for pid in ids[20:28]} == {
        ids[20]: after(3), ids[21]: after(3), ids[22]: after(1),
        ids[23]: after(3),  # the slot it was moved from is still a call
        ids[24]: after(2), ids[25]: after(9), ids[26]: after(5), ids[27]: None}
    assert found[ids[29]] is None  # never called
