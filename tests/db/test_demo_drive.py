"""The demo: plausible people of Kota Pekalongan, and a drive in progress on the day it is
built (core/demo.py, core/demo_drive.py)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from ektp_desk.core import calendar, demo, demo_drive, desk, election, scheduling
from ektp_desk.core.fields import age_on
from ektp_desk.core.letters import numbering
from ektp_desk.core.scheduling.limits import day_rules, pelajar_birth_after

PEOPLE = 1500  # enough for sessions on several days (a day takes some 240)
WEEKDAY = dt.date(2026, 11, 26)  # a Thursday
SUNDAY = dt.date(2026, 11, 29)


def people(db) -> list[tuple]:
    return list(db.execute_sql("SELECT name, sex, birth_date, category FROM person"))


def test_demo_names_are_plausible_for_a_kpu_list(db):
    demo.fill(db, 3000, build_index=False)
    for name, sex, _born, _category in people(db):
        words = name.split()
        assert name == name.upper() and re.fullmatch(r"[A-Z' ]+", name), name
        assert "  " not in name and len(words) == len(set(words)), name
        if sex == "L":
            assert "BINTI" not in words and "PUTRI" not in words, name
        else:
            assert "BIN" not in words and "PUTRA" not in words, name
        if "BIN" in words or "BINTI" in words:
            assert words[-2] in ("BIN", "BINTI"), name  # followed by the father's name
    names = [row[0] for row in people(db)]
    assert any(" BIN " in n for n in names) and any(" BINTI " in n for n in names)
    assert any(len(n.split()) == 1 for n in names)  # some older people have one name


def test_demo_first_time_voters_are_17_on_election_day_and_were_not_at_the_last(db):
    polling, previous = dt.date(2029, 2, 14), dt.date(2024, 2, 14)
    demo.fill(db, 2000, election=polling, previous_election=previous, build_index=False)
    rows = people(db)
    pemula = [dt.date.fromisoformat(born) for _n, _s, born, category in rows
              if category == "pemula"]
    assert len(pemula) >= 0.7 * len(rows)
    assert all(age_on(born, polling) >= 17 and age_on(born, previous) < 17 for born in pemula)
    others = [dt.date.fromisoformat(born) for _n, _s, born, category in rows
              if category in ("lainnya", "disabilitas")]
    assert others and all(age_on(born, previous) >= 17 for born in others)


def test_next_election_is_in_the_future_in_the_five_year_cycle():
    assert demo_drive.next_election(dt.date(2026, 11, 26)) == (
        "Pemilihan Umum 2029", dt.date(2029, 2, 14), dt.date(2024, 2, 14))
    # too close to polling day for a drive: the next one
    assert demo_drive.next_election(dt.date(2028, 12, 1))[1] == dt.date(2034, 2, 14)


def slots_on(db, day: dt.date) -> list:
    return [s for s in scheduling.list_slots(db, day, day) if s.assigned]


def on_closed_day(db, slot) -> bool:
    """True when a slot lies outside its location's hours or on a holiday."""
    hours = calendar.location_hours(db, slot.location_id).get(slot.date.weekday(), ())
    inside = any(p.start <= slot.start and slot.end <= p.end for p in hours)
    return not inside or bool(calendar.holidays(db, slot.date, slot.date))


@pytest.mark.parametrize("today", [WEEKDAY, SUNDAY])
def test_demo_drive_is_in_progress_on_the_day_it_is_built(db, today):
    built = demo_drive.build(db, PEOPLE, seed=3, today=today)

    # an election in the future, in the settings the letters and the planner read
    vote = election.current(db)
    assert vote == built.election and vote.name == "Pemilihan Umum 2029"
    assert not vote.passed(today) and vote.passed_warning(today) is None

    # people summoned for today and the coming weeks, never on a closed day unless the
    # session was opened on purpose (only when no office opens today)
    coming = scheduling.list_slots(db, today, today + dt.timedelta(days=27))
    assert built.scheduled > PEOPLE / 4
    assert len({s.date for s in coming if s.assigned}) >= 3
    assert slots_on(db, today)
    for slot in coming:
        assert not on_closed_day(db, slot) or slot.deliberate, slot
    special = [s for s in slots_on(db, today)
               if s.deliberate and s.name != demo_drive.EVENING_NAME]
    assert bool(special) == (today == SUNDAY)

    # pupils (on by default) booked, and only on Saturdays or after school, most of them in
    # the evening sessions the demo opens at the kantor kecamatan
    rules = day_rules(db)
    assert rules.pelajar_after_school
    pupils = db.execute_sql(
        "SELECT s.date, s.start_time, s.name FROM summons m JOIN slot s ON s.id = m.slot_id "
        "JOIN person p ON p.id = m.person_id WHERE p.birth_date > ?",
        (pelajar_birth_after(db, rules),)).fetchall()
    assert len(pupils) > 20
    assert all(rules.fits_pelajar(dt.date.fromisoformat(day), start)
               for day, start, _name in pupils), pupils
    assert all(dt.date.fromisoformat(day).weekday() == 5 or start >= rules.school_end
               for day, start, _name in pupils)
    evening = [row for row in pupils if row[2] == demo_drive.EVENING_NAME]
    assert len(evening) > len(pupils) / 2

    # letters: today's and the past days' printed (numbered, in the register), later ones
    # waiting for Surat
    printed = [row[0] for row in db.execute_sql(
        "SELECT m.letter FROM summons m JOIN slot s ON s.id = m.slot_id WHERE s.date = ?",
        (today.isoformat(),))]
    assert printed and set(printed) == {scheduling.LETTER_PRINTED}
    later = {row[0] for row in db.execute_sql(
        "SELECT m.letter FROM summons m JOIN slot s ON s.id = m.slot_id WHERE s.date > ?",
        (today.isoformat(),))}
    assert later == {scheduling.LETTER_NOT_PRINTED}
    assert built.letters == len(numbering.register_entries(db)) > len(printed)

    # at the desk today: queue numbers, people recorded, one failed, some still waiting
    counts = desk.today_counts(db, today)
    rows = desk.today_list(db, today)
    assert built.checked_in_today >= 4 and built.recorded_today >= 1
    statuses = [r.status for r in rows]
    assert statuses.count("terekam") == built.recorded_today
    assert "gagal_rekam" in statuses and "hadir" in statuses
    assert counts, counts
    queue = [n for (n,) in db.execute_sql(
        "SELECT queue_number FROM desk_event WHERE day = ? AND queue_number IS NOT NULL",
        (today.isoformat(),))]
    assert sorted(queue) == list(range(1, built.checked_in_today + 1))

    # closed days in the past: people served, the absent are no-shows, nothing left open
    assert len(built.past_days) == demo_drive.PAST_SERVICE_DAYS
    assert all(day < today for day in built.past_days) and built.no_show > 0
    for day in built.past_days:
        assert desk.day_counts(db, day)[0].get("terekam")
    assert not db.execute_sql(
        "SELECT 1 FROM summons m JOIN slot s ON s.id = m.slot_id WHERE m.state = 'open' "
        "AND s.date < ?", (today.isoformat(),)).fetchall()
    absent = db.execute_sql("SELECT count(*) FROM person WHERE status = 'tidak_hadir'")
    assert absent.fetchone()[0] == built.no_show

    # a jemput bola visit ahead, to the prison, with its inmates
    visit = scheduling.get_visit(db, built.visit_id)
    assert visit.date > today
    visitors = [p.person_id for p in scheduling.visit_people(db, built.visit_id)]
    categories = {row[0] for row in db.execute_sql(
        "SELECT category FROM person WHERE id IN (SELECT value FROM json_each(?))",
        (str(visitors),))}
    assert visitors and categories == {"warga_binaan"}
