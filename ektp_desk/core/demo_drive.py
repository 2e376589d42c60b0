"""The demo as a drive in progress on the day it is built: every page has something to show.

Built only through the real functions a clerk's actions call (the planner, the letters'
print run, the desk, outreach visits), relative to today (:mod:`ektp_desk.core.clock`):

- an election in the future (the next general election, every five years from 2024);
- people of Kota Pekalongan, mostly its first-time voters (:func:`demo.fill`);
- sessions on the last three days an office opened, their letters printed, people served
  at the desk and each day closed, so the absent are no-shows waiting for a second call;
- sessions from today over the coming weeks, on the days and hours the locations open;
  today's letters printed, the later ones waiting on Surat;
- evening sessions (17.00–21.00) at the kantor kecamatan on Tuesdays and Thursdays, opened
  on purpose as many as the pupils need, who are booked only on Saturdays or after school
  (docs/domain.md, "A plan people can keep");
- today's queue at the desk: some recorded, one failed, some still waiting;
- a jemput bola visit to the prison for its inmates.

A day on which no office opens (a Sunday, a holiday) gets one deliberate session at
Dindukcapil, as offices open one on purpose during a drive (docs/domain.md, "Hours and
holidays"), so the desk is never empty when the demo opens.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import peewee as pw

from ektp_desk.core import (
    calendar,
    clock,
    demo,
    desk,
    election,
    messages,
    scheduling,
    settings,
)
from ektp_desk.core.errors import UserError
from ektp_desk.core.fields import years_before
from ektp_desk.core.jobs import NEVER_CANCELLED, CancelToken, Changes, Progress, no_progress
from ektp_desk.core.letters import batch, numbering
from ektp_desk.core.scheduling.evening import EVENING_END, EVENING_START
from ektp_desk.core.scheduling.limits import day_rules, pelajar_birth_after

FIRST_ELECTION = dt.date(2024, 2, 14)  # general elections every five years from this one
ELECTION_EVERY_YEARS = 5
LEAD_DAYS = 90  # a drive runs at least this long before polling day
PAST_DAYS = 14  # how far back the closed days are looked for, and planned before
PAST_SERVICE_DAYS = 3  # closed days with sessions before today
AHEAD_DAYS = 27  # sessions planned from today
# Letters printed so far: those of today's sessions (and the past days'); rendering one costs
# some 7 ms, and the demo is built at every `tasks.py run`.
PRINTED_AHEAD_DAYS = 0
PAST_SHARE, PLANNED_SHARE = 0.10, 0.45  # of the people: called before today, called from today
PAST_MAX = 150
CAME_SHARE = 0.7  # of those called for a past day
TODAY_CAME_SHARE = 0.85  # of the people of today's first sessions
TODAY_SO_FAR_MINUTES = 120  # today's sessions begun when the demo opens
VISIT_PEOPLE = 15
EVENING = (EVENING_START, EVENING_END)  # docs/domain.md "Hours and holidays"
EVENING_DAYS = (1, 3)  # Tuesday and Thursday
EVENING_NAME = "Sesi malam perekaman pelajar"
PRISON = "Lapas Kelas IIA Pekalongan"

messages.register({
    "demo_drive_not_empty": (
        "Pendataan contoh hanya dibuat di basis data kosong: basis data ini sudah berisi "
        "warga. Pilih berkas baru dengan --db.",
        "A demo drive is made only in an empty database: this one already holds people. "
        "Choose a new file with --db.",
    ),
})


@dataclass(frozen=True)
class DriveResult:
    election: election.Election
    people: int
    past_days: tuple[dt.date, ...]  # closed days with sessions
    no_show: int
    scheduled: int  # called from today on
    letters: int  # printed, the past days' included
    checked_in_today: int
    recorded_today: int
    visit_id: int
    changes: Changes


def next_election(today: dt.date) -> tuple[str, dt.date, dt.date]:
    """(name, polling day, previous polling day) of the first general election at least
    LEAD_DAYS after `today`: 'Pemilihan Umum 2029', 14 Februari 2029, 14 Februari 2024."""
    day = FIRST_ELECTION
    while day < today + dt.timedelta(days=LEAD_DAYS):
        day = day.replace(year=day.year + ELECTION_EVERY_YEARS)
    previous = day.replace(year=day.year - ELECTION_EVERY_YEARS)
    return f"Pemilihan Umum {day.year}", day, previous


def build(db: pw.Database, people: int, *, seed: int = 2024, today: dt.date | None = None,
          progress: Progress = no_progress,
          cancel: CancelToken = NEVER_CANCELLED) -> DriveResult:
    """Fill an empty database with a drive in progress on `today` (default: the clock's).
    UserError, nothing changed, when the database already holds people: their schedule
    and settings are not the demo's to rewrite."""
    if db.execute_sql("SELECT 1 FROM person LIMIT 1").fetchone():
        raise UserError("demo_drive_not_empty")
    today = today or clock.today()
    name, polling_day, previous = next_election(today)
    settings.save_many(db, {"election_name": name, "election_date": polling_day,
                            "previous_election_date": previous})
    # no letter is made without a logo: the demo office has a made-up one
    db.execute_sql("UPDATE office_profile SET logo = ? WHERE id = 1", (demo_logo(),))
    # first-time voters old enough to record (16, docs/domain.md "Who is a target") on
    # the past days the demo serves too
    demo.fill(db, people, seed=seed, election=polling_day, previous_election=previous,
              born_by=years_before(today - dt.timedelta(days=31), 16), progress=progress,
              cancel=cancel)
    rng = random.Random(seed)
    ids = [row[0] for row in db.execute_sql(
        "SELECT id FROM person WHERE status = 'belum_dipanggil' AND category != 'warga_binaan' "
        "ORDER BY id")]
    inmates = [row[0] for row in db.execute_sql(
        "SELECT id FROM person WHERE category = 'warga_binaan' ORDER BY id LIMIT ?",
        (VISIT_PEOPLE,))]
    past_count = min(PAST_MAX, int(len(ids) * PAST_SHARE))
    past_ids, ids = ids[:past_count], ids[past_count:]
    planned_ids = ids[:int(len(ids) * PLANNED_SHARE / (1 - PAST_SHARE))]
    who = {"desk": str(settings.get(db, "desk_name")), "user": str(settings.get(db, "user_name"))}
    with tempfile.TemporaryDirectory(prefix=".ektp-demo-", dir=_folder(db)) as folder:
        out = Path(folder) / "surat.pdf"
        progress(0, 4, "Menyusun jadwal yang sudah lewat")
        past_days, no_show = _past_sessions(db, past_ids, today, out, rng, who)
        cancel.raise_if_cancelled()
        progress(1, 4, "Menyusun jadwal mendatang")
        scheduled = _plan(db, planned_ids, today, today + dt.timedelta(days=AHEAD_DAYS), today)
        scheduled += _special_session(db, ids[len(planned_ids):], today)
        cancel.raise_if_cancelled()
        progress(2, 4, "Mencetak surat")
        _print(db, today, today + dt.timedelta(days=PRINTED_AHEAD_DAYS), out,
               letter_date=today)
        letters = db.execute_sql("SELECT count(*) FROM letter").fetchone()[0]
        progress(3, 4, "Melayani warga hari ini")
        came, recorded = _serve(db, today, TODAY_CAME_SHARE, rng, who, keep_waiting=True)
        visit = _visit(db, inmates, today)
        progress(4, 4, "Selesai")
    return DriveResult(election.current(db), people, past_days, no_show, scheduled, letters,
                       came, recorded, visit, Changes(people=True, schedule=True, events=True))


def demo_logo() -> bytes:
    """A made-up emblem for the demo office (a green shield with a star): PNG bytes."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (240, 280), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.polygon([(12, 12), (228, 12), (228, 150), (120, 268), (12, 150)],
                 fill=(22, 110, 60, 255), outline=(200, 160, 30, 255), width=8)
    star = [(120, 50), (137, 100), (190, 100), (147, 130), (163, 182), (120, 150),
            (77, 182), (93, 130), (50, 100), (103, 100)]
    draw.polygon(star, fill=(240, 200, 40, 255))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _folder(db: pw.Database) -> str | None:
    """Beside the database (never the system temp folder, as every print run)."""
    name = str(db.database)
    return str(Path(name).resolve().parent) if name and name != ":memory:" else None


def _plan(db: pw.Database, person_ids: list[int], date_from: dt.date, date_to: dt.date,
          today: dt.date) -> int:
    """Call these people between the dates, as *Jadwalkan otomatis* does on `today`; not
    past the last day whose holidays are known (the planner would refuse)."""
    unknown = calendar.first_unknown_day(db, date_from, date_to)
    if unknown is not None:
        date_to = unknown - dt.timedelta(days=1)
    if not person_ids or date_to < date_from:
        return 0
    _evening_sessions(db, person_ids, date_from, date_to, today)
    selection = scheduling.Selection(person_ids=tuple(person_ids))
    plan = scheduling.plan(db, selection, date_from, date_to, today=today)
    if not plan.scheduled:
        return 0
    return scheduling.apply_plan(db, plan, today=today).scheduled


def _evening_sessions(db: pw.Database, person_ids: Sequence[int], date_from: dt.date,
                      date_to: dt.date, today: dt.date) -> None:
    """Evening sessions, opened on purpose before planning, at the kantor kecamatan of the
    pupils among these people: on EVENING_DAYS between the dates (not on a holiday), as
    many as they need. Dindukcapil's Saturday mornings take whoever does not fit."""
    rules = day_rules(db)
    if not rules.pelajar_after_school:
        return
    need = Counter(code for (code,) in db.execute_sql(
        "SELECT coalesce(kecamatan_code, substr(kelurahan_code, 1, 6)) FROM person "
        "WHERE id IN (SELECT value FROM json_each(?)) AND birth_date > ?",
        (json.dumps(list(person_ids)), pelajar_birth_after(db, rules))))
    offices = [o for o in scheduling.list_locations(db, kinds=("kecamatan",))
               if need[o.kecamatan_code] > 0]
    off = calendar.holidays(db, date_from, date_to)
    day = date_from
    while day <= date_to and any(need[o.kecamatan_code] > 0 for o in offices):
        if day.weekday() in EVENING_DAYS and day not in off:
            for office in (o for o in offices if need[o.kecamatan_code] > 0):
                slot = scheduling.add_slot(db, office.id, day, *EVENING, deliberate=True,
                                           name=EVENING_NAME, today=today).slot_id
                need[office.kecamatan_code] -= scheduling.get_slot(db, slot).free
        day += dt.timedelta(days=1)


def _summonses(db: pw.Database, date_from: dt.date, date_to: dt.date) -> list[int]:
    return [row[0] for row in db.execute_sql(
        "SELECT m.id FROM summons m JOIN slot s ON s.id = m.slot_id WHERE m.state = 'open' "
        "AND s.date BETWEEN ? AND ? ORDER BY m.id", (date_from.isoformat(), date_to.isoformat()))]


def _print(db: pw.Database, date_from: dt.date, date_to: dt.date, out: Path, *,
           letter_date: dt.date) -> None:
    """Print the letters of the sessions between the dates through Surat's print run: each
    registered with its number and QR code and marked printed. One process: spawning the
    renderers costs more than it saves on these few hundred letters."""
    ids = _summonses(db, date_from, date_to)
    if ids:
        batch.print_batch(db, batch.Selection(summons_ids=tuple(ids)), out=out,
                          letter_date=letter_date, workers=1)
        out.unlink(missing_ok=True)


def _past_sessions(db: pw.Database, person_ids: list[int], today: dt.date, out: Path,
                   rng: random.Random, who: dict[str, str]) -> tuple[tuple[dt.date, ...], int]:
    """The last PAST_SERVICE_DAYS days an office opened before today, each planned two
    weeks before it, its letters printed, the people who came served on the day and the day
    closed after: the rest are no-shows waiting for a second call."""
    days: list[dt.date] = []
    share = -(-len(person_ids) // PAST_SERVICE_DAYS)
    day = today
    while len(days) < PAST_SERVICE_DAYS and (today - day).days < PAST_DAYS:
        day -= dt.timedelta(days=1)
        chunk = person_ids[len(days) * share:(len(days) + 1) * share]
        planned_on = day - dt.timedelta(days=PAST_DAYS)
        try:
            called = _plan(db, chunk, day, day, planned_on)
        except UserError:  # no office open that day (a weekend, a holiday)
            continue
        if called:
            _print(db, day, day, out, letter_date=planned_on)
            days.append(day)
    no_show = 0
    for day in sorted(days):
        _serve(db, day, CAME_SHARE, rng, who, keep_waiting=False)
        no_show += desk.close_day(db, day, today=today, **who).no_show
    return tuple(sorted(days)), no_show


def _serve(db: pw.Database, day: dt.date, share: float, rng: random.Random,
           who: dict[str, str], *, keep_waiting: bool) -> tuple[int, int]:
    """The letters of `share` of the day's people scanned at the desk (each gets a queue
    number), then their outcomes: most recorded, one failed. Today only the first
    sessions have come, and the last arrivals still wait."""
    summoned = [row for row in db.execute_sql(
        "SELECT m.id, m.person_id, s.start_time FROM summons m JOIN slot s ON s.id = m.slot_id "
        "WHERE m.state = 'open' AND s.date = ? ORDER BY s.start_time, m.id", (day.isoformat(),))]
    if keep_waiting and summoned:
        until = calendar.minutes(summoned[0][2]) + TODAY_SO_FAR_MINUTES
        summoned = [row for row in summoned if calendar.minutes(row[2]) < until]
    coming = [row for row in summoned if rng.random() < share]
    codes = numbering.letters_for(db, [summons_id for summons_id, _, _ in coming])
    came = recorded = 0
    for index, (summons_id, person_id, _start) in enumerate(coming):
        letter = codes.get(summons_id)
        if letter is not None:
            desk.checkin(db, letter.code, today=day, **who)
        else:
            desk.record(db, person_id, "hadir", today=day, **who)
        came += 1
        if keep_waiting and index >= len(coming) - 3:
            continue  # the last arrivals still wait in the queue
        if index == 1:
            desk.record(db, person_id, "gagal_rekam", reason="sidik_jari", today=day, **who)
        else:
            desk.record(db, person_id, "terekam", today=day, **who)
            recorded += 1
    return came, recorded


def _special_session(db: pw.Database, person_ids: list[int], today: dt.date) -> int:
    """A deliberate session at Dindukcapil when no office opens today (a Sunday, a
    holiday), with people called into it: the desk then has today's queue too."""
    if _summonses(db, today, today) or not person_ids:
        return 0
    city = scheduling.list_locations(db, kinds=("dindukcapil",))
    if not city:
        return 0
    slot = scheduling.add_slot(db, city[0].id, today, "09:00", "12:00", deliberate=True,
                               name="Sesi khusus perekaman pemilih pemula", today=today)
    free = scheduling.get_slot(db, slot.slot_id).free
    rules = day_rules(db)
    if rules.pelajar_after_school and not rules.fits_pelajar(today, "09:00"):
        # called by hand, but only where the planner would put a pupil
        born_after = pelajar_birth_after(db, rules)
        births = dict(db.execute_sql(
            "SELECT id, coalesce(birth_date, '') FROM person WHERE id IN "
            "(SELECT value FROM json_each(?))", (json.dumps(person_ids),)).fetchall())
        person_ids = [pid for pid in person_ids if births.get(pid, "") <= born_after]
    return scheduling.summon_to_slot(db, person_ids[:free], slot.slot_id, today=today).moved


def _visit(db: pw.Database, person_ids: list[int], today: dt.date) -> int:
    """A jemput bola visit to the prison on the first working day three days on, for its
    inmates on the list (a visit on a weekend or holiday is only made on purpose)."""
    prison = scheduling.add_location(db, "rutan_lapas", PRISON,
                                     kecamatan_code="337501").location_id
    day = today + dt.timedelta(days=3)
    while day.weekday() >= 5 or calendar.holidays(db, day, day):
        day += dt.timedelta(days=1)
    return scheduling.create_visit(db, prison, day,
                                   person_ids=person_ids, start="09:00", end="12:00",
                                   note="Perekaman di dalam lapas dengan alat bawa",
                                   today=today).visit_id
