"""Jemput bola visits on real SQLite files: team, kits and capacity; people added by hand,
by filter, from a list and from the candidates; the office summons a visit takes back and
the printed letters to withdraw; closing a visit; every bad input refused unchanged."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from ektp_desk.core import calls, scheduling, settings
from ektp_desk.core.errors import UserError
from ektp_desk.core.letters import batch
from ektp_desk.core.scheduling import Selection
from tests.db.test_scheduling import (
    TODAY,
    add_people,
    applied,
    check_invariants,
    open_summons,
    plan,
    rt_people,
    unchanged,
)
from tests.letter_helpers import give_logo
from tests.plan_helpers import without_pupil_rule

WEDNESDAY = dt.date(2024, 1, 10)
KEL = "3375011002"


@pytest.fixture(autouse=True)
def _no_pupil_rule(db) -> None:
    without_pupil_rule(db)  # add_people makes 17-year-olds; pupils' hours are not the point


def school(db, name: str = "SMA Negeri 1 Pekalongan") -> int:
    return scheduling.add_place(db, "sekolah", name, kelurahan=KEL).location_id


def visit(db, place: int, ids=(), **kw) -> scheduling.VisitResult:
    kw.setdefault("start", "08.00")
    kw.setdefault("end", "12.00")
    return scheduling.create_visit(db, place, kw.pop("day", WEDNESDAY), person_ids=ids,
                                   today=kw.pop("today", TODAY), **kw)


def test_a_visit_has_a_team_and_a_capacity_of_kits_times_hours(db):
    place = school(db)
    made = visit(db, place, team=["Rina", " Budi ", ""], kits=2, start="08.00", end="11.30",
                 note="aula")
    info = scheduling.get_visit(db, made.visit_id)
    assert info.team == ("Rina", "Budi") and info.kits == 2
    assert info.capacity == 2 * 3.5 * 6 == 42  # kit_people_per_hour defaults to 6
    settings.set(db, "kit_people_per_hour", 10)
    assert scheduling.visit_capacity(db, 3, "17:00", "21:00") == 120
    assert scheduling.get_visit(db, visit(db, place, start=None, end=None).visit_id
                                ).capacity is None  # no hours, no limit


def test_adding_people_takes_back_their_office_summons_and_lists_printed_letters(db):
    ids = applied(db, 4)
    summonses = open_summons(db)
    scheduling.mark_letters_printed(db, [summonses[ids[0]][0]])
    made = visit(db, school(db), ids[:3])
    assert (made.added, made.withdrawn) == (3, 3)
    assert set(open_summons(db)) == {ids[3]}
    rows = db.execute_sql(
        "SELECT m.person_id, m.state, m.withdrawn_visit_id, vp.withdrawn_summons_id = m.id, "
        "p.status FROM summons m JOIN visit_person vp ON vp.person_id = m.person_id "
        "JOIN person p ON p.id = m.person_id ORDER BY m.person_id").fetchall()
    assert rows == [(pid, "cancelled", made.visit_id, 1, "belum_dipanggil")
                    for pid in ids[:3]]
    undo = db.execute_sql("SELECT person_id, reason FROM event WHERE kind = 'batal' "
                          "ORDER BY person_id").fetchall()
    assert undo == [(pid, "jemput_bola") for pid in ids[:3]]
    [letter] = scheduling.letters_to_withdraw(db)
    assert (letter.person_id, letter.visit_id, letter.letter) == \
        (ids[0], made.visit_id, "dicetak")
    current = calls.current_calls(db, ids)
    visits = {pid for pid, call in current.items() if call.kind == "visit"}
    assert visits == set(ids[:3])  # the visit is their one call, the summons gone
    assert current[ids[0]].as_json() == {
        "kind": "visit", "visit_id": made.visit_id, "date": "2024-01-10", "start": "08:00",
        "location": "SMA Negeri 1 Pekalongan", "round": None, "office": "", "read_only": False}
    scheduling.record_visit_outcomes(db, made.visit_id, {ids[0]: "terekam"})
    assert {pid for pid, call in calls.current_calls(db).items()
            if call.kind == "visit"} == set(ids[1:3])
    check_invariants(db)


def test_a_letter_printed_with_its_number_is_listed_with_that_number(db, tmp_path):
    give_logo(db)
    ids = applied(db, 2)
    batch.print_batch(db, batch.Selection(unprinted=True), out=tmp_path / "surat.pdf",
                      workers=1, letter_date=TODAY)
    numbers = dict(db.execute_sql("SELECT person_id, number FROM letter"))
    made = visit(db, school(db), ids)
    listed = {w.person_id: w.number for w in scheduling.letters_to_withdraw(db, made.visit_id)}
    assert listed == numbers and all(listed.values())


def test_nobody_on_an_open_visit_is_summoned_to_an_office(db):
    ids = add_people(db, rt_people(KEL, "001", "001", 3))
    made = visit(db, school(db), ids[:2])
    the_plan = plan(db)
    assert the_plan.left_over.get("ada_kunjungan") == tuple(ids[:2])
    assert {a.person_id for a in the_plan.assignments} == {ids[2]}
    slot = scheduling.add_slot(db, 1, dt.date(2024, 1, 8), "08.00", "09.00", capacity=5,
                               today=TODAY).slot_id
    with unchanged(db, "sched_not_schedulable"):
        scheduling.summon_to_slot(db, [ids[0]], slot, today=TODAY)
    scheduling.remove_visit_people(db, made.visit_id, [ids[0]])
    assert scheduling.summon_to_slot(db, [ids[0]], slot, today=TODAY).moved == 1


def test_a_batch_skips_and_counts_a_single_add_is_refused(db):
    ids = add_people(db, rt_people(KEL, "001", "001", 3))
    recorded = add_people(db, rt_people(KEL, "001", "002", 1), status="terekam")
    place = school(db)
    first = visit(db, place, ids[:1])
    second = visit(db, place, day=dt.date(2024, 1, 11))
    result = scheduling.add_visit_people(db, second.visit_id,
                                         [*ids, *recorded, 777_777], source="filter")
    assert result.added == 2
    assert result.skipped == {"ada_kunjungan": (ids[0],), "sudah_dilayani": tuple(recorded),
                              "tidak_ada": (777_777,)}
    sources = {r[0] for r in db.execute_sql(
        "SELECT source FROM visit_person WHERE visit_id = ?", (second.visit_id,))}
    assert sources == {"filter"}
    with unchanged(db, "visit_refused_ada_kunjungan") as caught:
        scheduling.add_visit_people(db, second.visit_id, [ids[0]])
    assert f"kunjungan {first.visit_id}" in caught[0].message
    with unchanged(db, "visit_refused_sudah_dilayani") as caught:
        scheduling.add_visit_people(db, second.visit_id, recorded)
    assert "Terekam" in caught[0].message
    with unchanged(db, "visit_refused_sudah_ada"):
        scheduling.add_visit_people(db, second.visit_id, [ids[1]])


def test_people_by_filter(db):
    inmates = add_people(db, rt_people(KEL, "004", "002", 3), category="warga_binaan")
    add_people(db, rt_people(KEL, "004", "003", 2), category="warga_binaan")
    add_people(db, rt_people(KEL, "004", "002", 2), category="disabilitas")
    assert scheduling.visit_filter_ids(db, category="warga_binaan", kelurahan="Medono",
                                       rw="4", rt="RT 02") == inmates
    assert len(scheduling.visit_filter_ids(db, category="warga_binaan")) == 5
    assert len(scheduling.visit_filter_ids(db, kelurahan=KEL, rw="004", rt="002")) == 5
    with pytest.raises(UserError) as info:
        scheduling.visit_filter_ids(db, rt="satu")
    assert info.value.message_id == "visit_bad_rt_rw"


def test_people_from_the_outreach_candidates(db):
    """Two no-shows: proposed for jemput bola, and taken onto a visit from there."""
    ids = applied(db, 2, kel="3375021004")
    scheduling.close_day(db, dt.date(2024, 1, 3), today=dt.date(2024, 1, 3))
    second = plan(db, Selection.second_round(), date_from=dt.date(2024, 1, 4),
                  today=dt.date(2024, 1, 3))
    scheduling.apply_plan(db, second, today=dt.date(2024, 1, 3))
    scheduling.close_day(db, second.slots[0].date, today=second.slots[0].date)
    assert sorted(scheduling.outreach_candidates(db)) == sorted(ids)
    made = scheduling.create_visit(db, school(db), dt.date(2024, 1, 17), start="08.00",
                                   end="10.00", person_ids=scheduling.outreach_candidates(db),
                                   source="kandidat", today=dt.date(2024, 1, 12))
    assert made.added == 2 and scheduling.outreach_candidates(db) == []
    assert {r[0] for r in db.execute_sql("SELECT source FROM visit_person")} == {"kandidat"}


def test_closing_a_visit_marks_who_was_not_met(db):
    ids = add_people(db, rt_people(KEL, "001", "001", 3))
    made = visit(db, school(db), ids)
    with unchanged(db, "sched_close_future"):
        scheduling.close_visit(db, made.visit_id, today=TODAY)
    scheduling.record_visit_outcomes(db, made.visit_id, {ids[0]: "terekam"})
    closed = scheduling.close_visit(db, made.visit_id, today=WEDNESDAY, user="Rina")
    assert closed.recorded == 2
    statuses = dict(db.execute_sql("SELECT id, status FROM person"))
    assert [statuses[i] for i in ids] == ["terekam", "tidak_hadir", "tidak_hadir"]
    row = db.execute_sql("SELECT state, closed_by, closed_at IS NOT NULL FROM visit"
                         ).fetchone()
    assert row == ("selesai", "Rina", 1)
    with unchanged(db, "visit_closed"):
        scheduling.close_visit(db, made.visit_id, today=WEDNESDAY)
    with unchanged(db, "visit_closed"):
        scheduling.add_visit_people(db, made.visit_id, ids[1:])


def test_a_deliberate_visit_may_fall_on_a_holiday_or_weekend(db):
    place = school(db)
    assert visit(db, place, day=dt.date(2024, 2, 8), deliberate=True).visit_id
    assert visit(db, place, day=dt.date(2024, 1, 13), deliberate=True).visit_id
    assert scheduling.get_visit(db, 1).deliberate


def _inactive_place(db) -> int:
    place = scheduling.add_place(db, "rutan", "Rutan lama").location_id
    scheduling.set_place_active(db, place, False)
    return place


@pytest.mark.parametrize(("case", "message_id"), [
    ("past", "sched_past_date"),
    ("holiday", "visit_day_closed"),
    ("weekend", "visit_day_closed"),
    ("over_capacity", "visit_over_capacity"),
    ("inactive", "visit_place_inactive"),
    ("bad_kits", "visit_bad_kits"),
    ("bad_hours", "cal_bad_interval"),
    ("add_over_capacity", "visit_over_capacity"),
])
def test_bad_visit_input_is_refused_and_changes_nothing(db, case, message_id):
    ids = applied(db, 8)
    place = school(db)
    small = visit(db, place, ids[:5], kits=1, start="08.00", end="09.00", day=WEDNESDAY)
    calls = {
        "past": lambda: visit(db, place, ids[5:], day=dt.date(2024, 1, 1)),
        "holiday": lambda: visit(db, place, ids[5:], day=dt.date(2024, 2, 8)),
        "weekend": lambda: visit(db, place, ids[5:], day=dt.date(2024, 1, 14)),
        "over_capacity": lambda: visit(db, place, ids[5:], start="08.00", end="08.15"),
        "inactive": lambda: visit(db, _inactive_place(db), ids[5:]),
        "bad_kits": lambda: visit(db, place, ids[5:], kits=0),
        "bad_hours": lambda: visit(db, place, ids[5:], start="10.00", end="09.00"),
        "add_over_capacity": lambda: scheduling.add_visit_people(db, small.visit_id, ids[5:]),
    }
    if case == "inactive":
        place_id = _inactive_place(db)
        calls["inactive"] = lambda: visit(db, place_id, ids[5:])
    with unchanged(db, message_id) as caught:
        calls[case]()
    if case == "add_over_capacity":
        assert "muat 6 orang" in caught[0].message and "2 orang tidak muat" in caught[0].message
    assert set(open_summons(db)) == set(ids[5:])


# --- a lapas list ---------------------------------------------------------------------------

FIRST = ("AHMAD", "BUDI", "CAHYO", "DWI", "EKO", "FAJAR", "GILANG", "HADI", "IRFAN", "JOKO",
         "KURNIAWAN", "LUTFI")
LAST = ("SANTOSO", "PRASETYO", "HIDAYAT", "SAPUTRA", "WIBOWO", "NUGROHO", "SETIAWAN",
        "RAHMAN", "MAULANA", "FIRMANSYAH")


def test_a_lapas_list_of_120_names_with_birth_dates_is_matched_with_a_review(db, tmp_path):
    """120 inmates listed by name and birth date (no NIK), as a lapas hands them over:
    110 found outright (5 of them namesakes told apart by the birth date), 3 whose name
    matches with another birth date and 2 written short ('M. ...') for review, 5 unknown."""
    names = [f"{a} {b}" for a in FIRST for b in LAST][:115]
    people = []
    for i, name in enumerate(names):
        birth = dt.date(1980, 1, 1) + dt.timedelta(days=97 * i)
        people.append((name, birth))
    twins = [(names[i], dt.date(1999, 9, 9) + dt.timedelta(days=i)) for i in range(5)]
    ids = _inmates(db, people + twins)
    by_row = list(zip(names, (b for _, b in people), strict=True))
    rows = [(n, b.strftime("%d-%m-%Y")) for n, b in by_row[:105]]
    rows += [(n, "01-01-1970") for n, _ in by_row[105:108]]          # birth date differs
    alike = [("MUHAMMAD RIZKI", dt.date(2001, 3, 4)), ("MUHAMMAD ILHAM", dt.date(2002, 5, 6))]
    alike_ids = _inmates(db, alike)
    rows += [("M. RIZKI", "04-03-2001"), ("M ILHAM", "06/05/2002")]   # written short
    rows += [(n, b.strftime("%d-%m-%Y")) for n, b in twins]          # namesakes, own dates
    rows += [(f"TIDAK DIKENAL {i}", "01-02-1990") for i in range(5)]  # unknown
    assert len(rows) == 120
    path = tmp_path / "wbp.csv"
    with path.open("w", encoding="cp1252", newline="") as handle:
        out = csv.writer(handle, delimiter=";")
        out.writerow(["DAFTAR WARGA BINAAN LAPAS KELAS IIA PEKALONGAN"])
        out.writerow(["Keadaan per 2 Januari 2024"])
        out.writerow([])
        out.writerow(["NO", "NAMA WBP", "TEMPAT LAHIR", "TGL LAHIR", "PERKARA"])
        out.writerows([i + 1, n, "PEKALONGAN", b, "-"] for i, (n, b) in enumerate(rows))

    match = scheduling.match_people_list(db, path)
    assert match.rows == 120
    assert len(match.person_ids) == 110
    assert set(match.person_ids) == {*ids[:105], *ids[115:]}
    review = {a.row: a for a in match.ambiguous}
    assert len(review) == 5 and len(match.unmatched) == 5
    differs = [review[row] for row in (5 + 105, 5 + 106, 5 + 107)]
    assert all("tanggal lahir berbeda" in a.reason for a in differs)
    assert ids[105] in differs[0].candidates
    assert review[5 + 108].candidates == (alike_ids[0],)
    assert "nama mirip" in review[5 + 108].reason
    assert all("tidak ditemukan" in why for _, _, why in match.unmatched)

    with pytest.raises(UserError) as info:
        scheduling.resolve_list(match, {5 + 108: ids[0]})
    assert info.value.message_id == "list_bad_choice"
    chosen = scheduling.resolve_list(match, {5 + 108: alike_ids[0], 5 + 109: alike_ids[1],
                                             5 + 105: ids[105]})
    assert len(chosen) == 113
    lapas = scheduling.add_place(db, "lapas", "Lapas Kelas IIA Pekalongan").location_id
    made = scheduling.create_visit(db, lapas, WEDNESDAY, person_ids=chosen, start="08.00",
                                   end="15.00", kits=3, team=["Rina", "Budi", "Sari"],
                                   source="daftar", today=TODAY)
    assert made.added == 113 and made.skipped == {}


def _inmates(db, rows: list[tuple[str, dt.date]]) -> list[int]:
    ids = add_people(db, [(KEL, "001", "001", name) for name, _ in rows],
                     category="warga_binaan")
    db.connection().executemany("UPDATE person SET birth_date = ? WHERE id = ?",
                                [(b.isoformat(), pid) for (_, b), pid in zip(rows, ids,
                                                                              strict=True)])
    return ids


def test_a_list_without_a_name_or_nik_column_changes_nothing(db, tmp_path: Path):
    path = tmp_path / "wbp.csv"
    path.write_text("NO;NAMA KAMAR;TGL LAHIR\n1;BLOK A;01-01-1990\n", encoding="utf-8")
    with unchanged(db, "sched_list_no_column"):
        scheduling.match_people_list(db, path)
