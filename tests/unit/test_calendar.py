"""Indonesian dates and times, opening hours, working days (pure functions, no database)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ektp_desk.core import calendar
from ektp_desk.core.calendar import Interval
from ektp_desk.core.errors import UserError

# Independent of our tables: English names from the C library, mapped by hand.
ENGLISH_DAYS = {"Monday": "Senin", "Tuesday": "Selasa", "Wednesday": "Rabu",
                "Thursday": "Kamis", "Friday": "Jumat", "Saturday": "Sabtu", "Sunday": "Minggu"}
ENGLISH_MONTHS = {"January": "Januari", "February": "Februari", "March": "Maret",
                  "April": "April", "May": "Mei", "June": "Juni", "July": "Juli",
                  "August": "Agustus", "September": "September", "October": "Oktober",
                  "November": "November", "December": "Desember"}
ISO_DAYS = {1: "Senin", 2: "Selasa", 3: "Rabu", 4: "Kamis", 5: "Jumat", 6: "Sabtu", 7: "Minggu"}


def every_day(year_from: int, year_to: int):
    day = dt.date(year_from, 1, 1)
    while day.year <= year_to:
        yield day
        day += dt.timedelta(days=1)


def test_every_day_of_2023_and_2024_is_named_right():
    days = list(every_day(2023, 2024))
    assert len(days) == 365 + 366
    for day in days:
        text = calendar.format_date_id(day)
        expected_day = ENGLISH_DAYS[day.strftime("%A")]
        assert expected_day == ISO_DAYS[day.isoweekday()]
        expected = f"{expected_day}, {day.day} {ENGLISH_MONTHS[day.strftime('%B')]} {day.year}"
        assert text == expected, day
        assert calendar.day_name(day) == expected_day
        assert calendar.parse_date(text) == day  # the long form reads back


@pytest.mark.parametrize(("day", "text"), [
    (dt.date(2024, 2, 14), "Rabu, 14 Februari 2024"),  # election day
    (dt.date(2023, 1, 1), "Minggu, 1 Januari 2023"),
    (dt.date(2023, 7, 3), "Senin, 3 Juli 2023"),
    (dt.date(2023, 8, 17), "Kamis, 17 Agustus 2023"),
    (dt.date(2024, 12, 31), "Selasa, 31 Desember 2024"),
    (dt.date(2024, 2, 29), "Kamis, 29 Februari 2024"),
])
def test_known_dates(day, text):
    assert calendar.format_date_id(day) == text


def test_plain_date_has_no_day_name():
    assert calendar.format_date_plain(dt.date(2023, 7, 3)) == "3 Juli 2023"


def test_names_are_hard_coded_in_order():
    assert calendar.DAY_NAMES == ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
    assert calendar.MONTH_NAMES[0] == "Januari" and calendar.MONTH_NAMES[11] == "Desember"
    assert [calendar.month_name(m) for m in range(1, 13)] == list(ENGLISH_MONTHS.values())


@pytest.mark.parametrize(("raw", "stored", "shown"), [
    ("08.00", "08:00", "08.00"), ("8", "08:00", "08.00"), ("8.30", "08:30", "08.30"),
    ("14:00", "14:00", "14.00"), (" 10 . 30 ", "10:30", "10.30"), (dt.time(9, 5), "09:05", "09.05"),
])
def test_times_with_a_dot(raw, stored, shown):
    assert calendar.parse_time(raw) == stored
    assert calendar.format_time(raw) == shown


@pytest.mark.parametrize("raw", ["", "jam 8", "25.00", "08.60", "8.5", "24.01", "08:00:00"])
def test_bad_times_are_refused_with_a_message(raw):
    with pytest.raises(UserError) as info:
        calendar.parse_time(raw)
    assert "08.00" in info.value.message


@given(st.integers(0, 23), st.integers(0, 59))
def test_time_round_trip(hour, minute):
    stored = calendar.parse_time(f"{hour}.{minute:02d}")
    assert calendar.format_time(stored) == f"{hour:02d}.{minute:02d}"
    assert calendar.from_minutes(calendar.minutes(stored)) == stored


def test_time_range():
    assert calendar.format_time_range("08:00", "10:30") == "08.00–10.30"


@pytest.mark.parametrize(("raw", "day"), [
    ("2024-02-14", dt.date(2024, 2, 14)), ("14-02-2024", dt.date(2024, 2, 14)),
    ("14/2/24", dt.date(2024, 2, 14)), ("14 Februari 2024", dt.date(2024, 2, 14)),
    ("17 Agu 2023", dt.date(2023, 8, 17)), ("Rabu, 14 Februari 2024", dt.date(2024, 2, 14)),
    (dt.datetime(2024, 2, 14, 0, 0), dt.date(2024, 2, 14)),
])
def test_parse_date(raw, day):
    assert calendar.parse_date(raw) == day


@pytest.mark.parametrize("raw", ["31-02-2024", "besok", "", "2024/13/01"])
def test_bad_dates_are_refused(raw):
    with pytest.raises(UserError):
        calendar.parse_date(raw)


def test_weekday_names_parse():
    assert calendar.parse_weekday("Senin") == 0
    assert calendar.parse_weekday("jumat") == 4
    assert calendar.parse_weekday("Sab") == 5
    assert calendar.parse_weekday(6) == 6
    with pytest.raises(UserError):
        calendar.parse_weekday("Friday")


def test_default_hours_follow_the_domain_notes():
    kec = calendar.KECAMATAN_HOURS
    assert [kec[d] for d in range(4)] == [(Interval("08:00", "14:00"),)] * 4
    assert kec[4] == (Interval("08:00", "10:30"),)
    assert 5 not in kec and 6 not in kec
    assert calendar.DINDUKCAPIL_HOURS[5] == (Interval("09:00", "12:00"),)


def test_friday_is_cut_into_hours_with_a_short_last_slot():
    pieces = calendar.split_period(Interval("08:00", "10:30"), 60)
    assert pieces == [Interval("08:00", "09:00"), Interval("09:00", "10:00"),
                      Interval("10:00", "10:30")]
    assert [calendar.slot_capacity(10, p) for p in pieces] == [10, 10, 5]


@given(st.integers(0, 22 * 60), st.integers(1, 8 * 60), st.sampled_from([15, 30, 45, 60, 90]))
def test_split_covers_the_period_exactly(start, length, slot_minutes):
    end = min(start + length, 24 * 60)
    period = Interval(calendar.from_minutes(start), calendar.from_minutes(end))
    pieces = calendar.split_period(period, slot_minutes)
    assert pieces[0].start == period.start and pieces[-1].end == period.end
    assert all(a.end == b.start for a, b in itertools.pairwise(pieces))
    assert all(0 < p.minutes <= slot_minutes for p in pieces)


def test_working_days_skip_weekends_and_holidays():
    holidays = {dt.date(2024, 2, 8), dt.date(2024, 2, 9), dt.date(2024, 2, 14)}
    days = calendar.working_days(dt.date(2024, 2, 5), dt.date(2024, 2, 16),
                                 calendar.KECAMATAN_HOURS, holidays)
    assert [d.day for d in days] == [5, 6, 7, 12, 13, 15, 16]
    saturday = dt.date(2024, 2, 17)
    assert not calendar.is_working_day(saturday, calendar.KECAMATAN_HOURS, set())
    assert calendar.is_working_day(saturday, calendar.DINDUKCAPIL_HOURS, set())
    assert calendar.periods_on(dt.date(2024, 2, 14), calendar.DINDUKCAPIL_HOURS, holidays) == ()


def test_make_hours_validates():
    hours = calendar.make_hours({"Senin": [("08.00", "12.00"), ("13.00", "15.00")], 5: []})
    assert hours == {0: (Interval("08:00", "12:00"), Interval("13:00", "15:00"))}
    with pytest.raises(UserError) as info:
        calendar.make_hours({0: [("08.00", "12.00"), ("11.00", "13.00")]})
    assert "tumpang tindih" in info.value.message
    with pytest.raises(UserError) as info:
        calendar.make_hours({0: [("14.00", "08.00")]})
    assert "harus sebelum" in info.value.message
