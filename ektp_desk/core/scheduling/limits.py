"""How far a plan may reach, and the rules that make it one people can keep.

- **Limits** (docs/domain.md, "The election" and "Hours and holidays"): a plan must not
  reach into a year whose holidays are provisional or unknown (it could book people on a
  holiday nobody entered), nor past polling day (recording after it no longer helps a
  voter), unless the clerk confirms each.
- **Rules of the day** (docs/domain.md, "A plan people can keep"): the midday break (from
  an earlier hour on Friday, for the Friday prayers) gets no new session; pupils are booked
  only on Saturdays or after school.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import peewee as pw

from ektp_desk.core import calendar, election, messages, settings
from ektp_desk.core.calendar import Interval, format_date_id, format_date_plain
from ektp_desk.core.errors import UserError

PAST_CALENDAR = "past_calendar"
PAST_ELECTION = "past_election"
FRIDAY, SATURDAY = 4, 5

messages.register({
    "sched_limit_past_calendar": (
        "Hari libur mulai {tanggal} belum pasti (SKB tahun {tahun} belum ada di daftar "
        "hari libur): jadwal bisa jatuh pada hari libur. Impor daftar hari libur resmi dulu, "
        "atau lanjutkan dengan sadar.",
        "Holidays from {tanggal} on are not known yet (no SKB for {tahun} in the holiday "
        "list): the plan could fall on a holiday. Import the official holiday list first, "
        "or go on knowingly.",
    ),
    "sched_limit_past_election": (
        "Rentang jadwal melewati hari pemungutan suara {nama} ({tanggal}): perekaman "
        "sesudahnya tidak membantu warga memilih.",
        "The plan runs past polling day of {nama} ({tanggal}): recording after it no longer "
        "helps people vote.",
    ),
    "sched_limit_refused": (
        "Jadwal tidak dibuat. {alasan} Konfirmasi: {tanda}.",
        "No plan was made. {alasan} To confirm: {tanda}.",
    ),
})


@dataclass(frozen=True)
class PlanLimit:
    """One reason a plan reaches too far: ``code`` is PAST_CALENDAR or PAST_ELECTION,
    ``day`` the first day beyond the limit."""

    code: str
    day: dt.date
    message: str


def plan_limits(db: pw.Database, date_from: dt.date, date_to: dt.date) -> list[PlanLimit]:
    """What the range reaches past: the known holidays, polling day (empty when neither)."""
    found: list[PlanLimit] = []
    unknown = calendar.first_unknown_day(db, date_from, date_to)
    if unknown is not None:
        found.append(PlanLimit(PAST_CALENDAR, unknown, messages.text(
            "sched_limit_past_calendar", tanggal=format_date_plain(unknown),
            tahun=unknown.year)))
    vote = election.current(db)
    if date_to > vote.day:
        found.append(PlanLimit(PAST_ELECTION, max(date_from, vote.day + dt.timedelta(days=1)),
                               messages.text("sched_limit_past_election", nama=vote.name,
                                             tanggal=format_date_id(vote.day))))
    return found


class PlanRefused(UserError):
    """The range reaches past a limit the caller did not confirm; ``limits`` says which."""

    def __init__(self, limits: list[PlanLimit], flags: str) -> None:
        super().__init__("sched_limit_refused", alasan=" ".join(lim.message for lim in limits),
                         tanda=flags)
        self.limits = limits


def check_limits(db: pw.Database, date_from: dt.date, date_to: dt.date, *,
                 past_calendar: bool = False, past_election: bool = False) -> list[PlanLimit]:
    """The limits the range reaches past; PlanRefused when one is not confirmed."""
    limits = plan_limits(db, date_from, date_to)
    confirmed = {PAST_CALENDAR: past_calendar, PAST_ELECTION: past_election}
    open_ = [lim for lim in limits if not confirmed[lim.code]]
    if open_:
        raise PlanRefused(open_, ", ".join(f"--{lim.code.replace('_', '-')}"
                                           for lim in open_))
    return limits


# --- rules of the day --------------------------------------------------------------------

@dataclass(frozen=True)
class DayRules:
    """The settings that shape a service day."""

    break_start: str  # 'HH:MM'
    break_end: str
    friday_break_start: str
    pelajar_after_school: bool
    pelajar_age_below: int
    school_end: str

    def free_periods(self, day: dt.date, periods: tuple[Interval, ...]) -> list[Interval]:
        """The service periods of a day without the break."""
        start = self.friday_break_start if day.weekday() == FRIDAY else self.break_start
        if start >= self.break_end:
            return list(periods)
        out: list[Interval] = []
        for period in periods:
            if period.start < start:
                out.append(Interval(period.start, min(period.end, start)))
            if period.end > self.break_end:
                out.append(Interval(max(period.start, self.break_end), period.end))
        return out

    def fits_pelajar(self, day: dt.date, start: str) -> bool:
        """A session a pupil can come to: on a Saturday, or starting after school."""
        return day.weekday() == SATURDAY or (day.weekday() < SATURDAY
                                             and start >= self.school_end)


def day_rules(db: pw.Database) -> DayRules:
    """The day rules from the settings."""
    def time(key: str) -> str:
        return calendar.parse_time(settings.get(db, key))

    return DayRules(time("break_start"), time("break_end"), time("friday_break_start"),
                    bool(settings.get(db, "pelajar_after_school")),
                    int(settings.get(db, "pelajar_age_below")), time("school_end_time"))


def pelajar_birth_after(db: pw.Database, rules: DayRules) -> str:
    """People born after this ISO date are younger than ``pelajar_age_below`` on polling
    day: pupils."""
    day = election.current(db).day
    try:
        cut = day.replace(year=day.year - rules.pelajar_age_below)
    except ValueError:  # 29 February
        cut = day.replace(year=day.year - rules.pelajar_age_below, day=28)
    return cut.isoformat()
