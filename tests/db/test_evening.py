"""Evening sessions at the kantor kelurahan (docs/domain.md, "Evening sessions"): one
series, each kelurahan on its own evening, at the hours asked, holidays skipped unless
deliberate, the usual refusals; and the planner calling everyone to their own kelurahan's
office, neighbours together."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

import pytest

from ektp_desk.core import calendar, scheduling
from ektp_desk.core.errors import UserError
from ektp_desk.core.scheduling import PlanRefused, Selection, generate_evening_series
from tests.db.test_scheduling import TODAY, add_people, apply, plan, rt_people, unchanged

JAN_3, FEB_12 = dt.date(2024, 1, 3), dt.date(2024, 2, 12)
ISRA_MIKRAJ, CUTI = dt.date(2024, 2, 8), dt.date(2024, 2, 9)
MEDONO, PODOSUGIH, KAUMAN, KRAPYAK = "3375011002", "3375011003", "3375021004", "3375031002"


def _series_slots(db, ids):
    return [s for s in scheduling.list_slots(db, JAN_3, dt.date(2024, 12, 31))
            if s.id in set(ids)]


def test_each_kelurahan_gets_its_own_evening_17_to_21_on_working_days(db):
    offices = scheduling.kelurahan_offices(db)
    assert len(offices) == 27
    result = generate_evening_series(db, JAN_3, FEB_12, today=TODAY, user="Rina")
    slots = _series_slots(db, result.slot_ids)
    assert len(slots) == 27 and not result.without_evening
    per_office = Counter(s.location_id for s in slots)
    assert set(per_office) == set(offices.values()) and set(per_office.values()) == {1}
    assert len({s.date for s in slots}) == 27  # one kelurahan an evening
    holidays = calendar.holidays(db, JAN_3, FEB_12)
    assert all(s.date.weekday() < 5 and s.date not in holidays for s in slots)
    assert {(s.start, s.end, s.name, s.deliberate) for s in slots} == {
        ("17:00", "21:00", "Sesi malam", True)}
    assert {s.capacity for s in slots} == {40}  # 10 an hour over four hours
    # in turn by kelurahan code: Medono (33.75.01.1002) first
    assert min(slots, key=lambda s: s.date).location_id == offices[MEDONO]
    audit = db.execute_sql("SELECT by_user, detail FROM audit_log "
                           "WHERE action = 'sesi_malam_buat'").fetchall()
    assert len(audit) == 1 and audit[0][0] == "Rina" and result.series in audit[0][1]
    # made again over the same range: the evenings are there, none twice
    again = generate_evening_series(db, JAN_3, FEB_12, today=TODAY)
    assert again.slot_ids == () and sorted(again.existing) == sorted(result.slot_ids)


def test_hours_days_and_kelurahan_chosen_and_holidays_only_when_deliberate(db):
    result = generate_evening_series(db, dt.date(2024, 2, 5), FEB_12,
                                     kelurahan_codes=["Medono", "33.75.02.1004"],
                                     start="18.00", end="21.30", weekdays=["Senin", "Kamis",
                                                                           "Jumat"],
                                     today=TODAY)
    slots = _series_slots(db, result.slot_ids)
    # Senin 5, (Kamis 8 and Jumat 9 are holidays), Senin 12
    assert [(s.date, s.start, s.end) for s in slots] == [
        (dt.date(2024, 2, 5), "18:00", "21:30"), (FEB_12, "18:00", "21:30")]
    assert [s.location_id for s in slots] == [scheduling.kelurahan_offices(db)[c]
                                              for c in (MEDONO, KAUMAN)]
    on_purpose = generate_evening_series(db, ISRA_MIKRAJ, CUTI, kelurahan_codes=[KRAPYAK],
                                         deliberate=True, today=TODAY)
    assert [s.date for s in _series_slots(db, on_purpose.slot_ids)] == [ISRA_MIKRAJ, CUTI]
    # a range too short for everyone says who had no evening
    short = generate_evening_series(db, dt.date(2024, 1, 3), dt.date(2024, 1, 4),
                                    kelurahan_codes=[MEDONO, PODOSUGIH, KAUMAN], today=TODAY)
    assert len(short.slot_ids) == 2 and short.without_evening == (KAUMAN,)


@pytest.mark.parametrize(("kwargs", "message_id"), [
    ({"date_from": dt.date(2024, 1, 1)}, "sched_range_past"),
    ({"start": "21.00", "end": "17.00"}, "cal_bad_interval"),
    ({"start": "25.00"}, "cal_bad_time"),
    ({"kelurahan_codes": ["Atlantis"]}, "sched_bad_kelurahan"),
    ({"weekdays": ["Minggu"], "date_from": dt.date(2024, 1, 8),
      "date_to": dt.date(2024, 1, 12)}, "evening_no_day"),
    ({"weekdays": ["Funday"]}, "cal_bad_weekday"),
])
def test_bad_input_is_refused_in_indonesian_and_writes_nothing(db, kwargs, message_id):
    args = {"date_from": JAN_3, "date_to": FEB_12, **kwargs}
    with unchanged(db, message_id):
        generate_evening_series(db, args.pop("date_from"), args.pop("date_to"), today=TODAY,
                                **args)


def test_past_polling_day_is_refused_unless_confirmed(db):
    with unchanged(db) as caught:
        generate_evening_series(db, FEB_12, dt.date(2024, 2, 20), today=TODAY)
    assert isinstance(caught[0], PlanRefused)
    done = generate_evening_series(db, FEB_12, dt.date(2024, 2, 20), today=TODAY,
                                   past_election=True)
    assert done.slot_ids


def test_an_office_switched_off_is_refused_by_name(db):
    office = scheduling.kelurahan_offices(db)[MEDONO]
    scheduling.update_location(db, office, active=False)
    with unchanged(db, "evening_no_office") as caught:
        generate_evening_series(db, JAN_3, FEB_12, kelurahan_codes=[MEDONO], today=TODAY)
    assert MEDONO in caught[0].message


def test_the_planner_calls_everyone_to_their_own_kelurahans_evening_neighbours_together(db):
    medono = [*add_people(db, rt_people(MEDONO, "001", "001", 15)),
              *add_people(db, rt_people(MEDONO, "001", "002", 15)),
              *add_people(db, rt_people(MEDONO, "002", "001", 15))]
    kauman = add_people(db, rt_people(KAUMAN, "003", "001", 12))
    krapyak = add_people(db, rt_people(KRAPYAK, "001", "001", 4))  # no evening there
    offices = scheduling.kelurahan_offices(db)
    generate_evening_series(db, JAN_3, dt.date(2024, 1, 31),
                            kelurahan_codes=[MEDONO, KAUMAN], today=TODAY)
    the_plan = plan(db, evening=True)  # the pupils' rule stays on: evenings suit pupils
    where = {a.person_id: the_plan.slots[a.slot] for a in the_plan.assignments}
    assert {where[p].location_id for p in medono} == {offices[MEDONO]}
    assert {where[p].location_id for p in kauman} == {offices[KAUMAN]}
    assert the_plan.left_over == {"tanpa_sesi_malam": tuple(krapyak)}
    assert the_plan.new_slots == 0 and the_plan.evening and the_plan.summary()["evening"]
    assert the_plan.pelajar == the_plan.scheduled == 57
    # neighbours together: each RT on one evening; 40 places, so the third RT of Medono
    # goes whole to Medono's next evening
    days_by_rt = defaultdict(set)
    for pid, slot in where.items():
        rt = db.execute_sql("SELECT kelurahan_code, rw, rt FROM person WHERE id = ?",
                            (pid,)).fetchone()
        days_by_rt[rt].add(slot.date)
    assert all(len(days) == 1 for days in days_by_rt.values())
    medono_days = sorted({where[p].date for p in medono})
    assert len(medono_days) == 2
    apply(db, the_plan)
    assert {s.start for s in scheduling.list_slots(db, JAN_3, dt.date(2024, 1, 31))
            if s.assigned} == {"17:00"}


def test_planning_evenings_without_any_evening_session_says_so(db):
    add_people(db, rt_people(MEDONO, "001", "001", 3))
    with unchanged(db, "evening_none_in_range") as caught:
        plan(db, Selection(), evening=True)
    assert "sesi malam" in caught[0].message


def test_a_kelurahan_office_takes_nobody_else_in_office_mode_either(db):
    add_people(db, rt_people(KAUMAN, "001", "001", 3))
    generate_evening_series(db, JAN_3, JAN_3, kelurahan_codes=[MEDONO], today=TODAY)
    the_plan = plan(db, overflow=(scheduling.kelurahan_offices(db)[MEDONO],))
    assert the_plan.scheduled == 3
    with pytest.raises(UserError):
        plan(db, evening=True)  # Kauman has no evening; Medono's is not theirs


def _evenings(db) -> dict[str, int]:
    """Medono's and Kauman's first evening: kelurahan code → slot id."""
    offices = scheduling.kelurahan_offices(db)
    result = generate_evening_series(db, JAN_3, dt.date(2024, 1, 31),
                                     kelurahan_codes=[MEDONO, KAUMAN], today=TODAY)
    slots = _series_slots(db, result.slot_ids)
    return {code: next(s.id for s in slots if s.location_id == offices[code])
            for code in (MEDONO, KAUMAN)}


def test_a_move_or_summons_by_hand_into_another_kelurahans_evening_is_refused(db):
    medono = add_people(db, rt_people(MEDONO, "001", "001", 2))
    kauman = add_people(db, [(KAUMAN, "003", "001", "SITI AMINAH")])
    nowhere = add_people(db, [(None, "001", "001", "BUDI TANPA ALAMAT")])
    evening = _evenings(db)
    # by hand: Kauman's Siti into Medono's evening, and someone with no kelurahan on record
    with unchanged(db, "evening_other_kelurahan") as caught:
        scheduling.summon_to_slot(db, [*medono, *kauman], evening[MEDONO], today=TODAY)
    assert caught[0].message.startswith(
        "Sesi malam Kelurahan Medono hanya untuk warga Kelurahan Medono; SITI AMINAH tinggal "
        "di Kelurahan Kauman.")
    with unchanged(db, "evening_other_kelurahan") as caught:
        scheduling.summon_to_slot(db, nowhere, evening[KAUMAN], today=TODAY)
    assert "kelurahan BUDI TANPA ALAMAT tidak tercatat" in caught[0].message
    # their own evening takes them
    assert scheduling.summon_to_slot(db, medono, evening[MEDONO], today=TODAY).moved == 2
    assert scheduling.summon_to_slot(db, kauman, evening[KAUMAN], today=TODAY).moved == 1
    # moved: Medono's people into Kauman's evening, refused; the summonses stay put
    with unchanged(db, "evening_other_kelurahan") as caught:
        scheduling.move_people(db, [*medono, *kauman], evening[KAUMAN], today=TODAY)
    assert "Sesi malam Kelurahan Kauman hanya untuk warga Kelurahan Kauman" in caught[0].message
    assert caught[0].message.count("tinggal di Kelurahan Medono") == 2
    assert {p.person_id for p in scheduling.slot_people(db, evening[MEDONO])} == set(medono)


def test_many_people_of_another_kelurahan_are_counted_not_all_named(db):
    medono = add_people(db, rt_people(MEDONO, "001", "001", 5))
    evening = _evenings(db)
    with unchanged(db, "evening_other_kelurahan") as caught:
        scheduling.summon_to_slot(db, medono, evening[KAUMAN], today=TODAY)
    assert caught[0].message.count("tinggal di Kelurahan Medono") == 3
    assert "dan 2 warga lainnya" in caught[0].message
