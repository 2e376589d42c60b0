"""The progress report at 1,000,000 people and 2,000,000 events (its speed target: the
dashboard and the recap of the whole drive in under 1 s).

    .venv/bin/python benchmarks/bench_report.py [--people N] [--db PATH]

Builds the database once into benchmarks/output/ (gitignored): demo.fill's people, then a
drive of 60 days written straight into the tables as the desk and the schedule write them
(a summons and a 'dipanggil' event, arrivals, recordings, failures with reasons, no-shows,
some undone recordings), person.status set to the fold of each person's events. Prints
the recap's time beside a raw baseline measured in the same run: one
``SELECT status, count(*) FROM person GROUP BY status``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ektp_desk.core import db as core_db
from ektp_desk.core import demo, reports, settings

OUTPUT = Path(__file__).resolve().parent / "output"
TARGET = 1.0  # seconds: the recap of the whole drive
TODAY = dt.date(2026, 11, 30)
DAYS = 60
EVENTS_PER_PERSON = 2
FAIL_REASONS = ("sidik_jari", "iris_lensa", "sistem")


def build(path: Path, n: int) -> None:
    if path.exists():
        with sqlite3.connect(path) as conn:
            have = conn.execute("SELECT count(*) FROM person").fetchone()[0]
        if have == n:
            return
        path.unlink()
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    print(f"building {n:,} people and their drive in {path} (once) …", flush=True)
    started = time.perf_counter()
    database = core_db.open_database(path, bind=False)
    demo.fill(database, n)
    settings.set(database, "election_name", "Pemilihan Umum 2027")
    settings.set(database, "election_date", "2027-02-17")
    _drive(database, n)
    database.close()
    print(f"  built in {time.perf_counter() - started:.1f} s", flush=True)


def _drive(database: object, n: int) -> None:
    """About two events a person over DAYS days, with person.status as their fold."""
    rng = random.Random(7)
    conn = database.connection()  # type: ignore[attr-defined]
    first_day = TODAY - dt.timedelta(days=DAYS - 1)
    conn.execute("INSERT INTO location (id, kind, name, kecamatan_code) "
                 "VALUES (9001, 'kecamatan', 'Kantor uji', '337501')")
    slots = []
    for i in range(DAYS):
        day = (first_day + dt.timedelta(days=i)).isoformat()
        slots.append((9001 + i, day))
        conn.execute("INSERT INTO slot (id, location_id, date, start_time, end_time, "
                     "capacity, created_at) VALUES (?, 9001, ?, '08:00', '14:00', 100000, ?)",
                     (9001 + i, day, day))
    ids = [r[0] for r in conn.execute("SELECT id FROM person ORDER BY id")]
    events: list[tuple] = []
    summonses: list[tuple] = []
    status: list[tuple[str, int]] = []
    event_id = conn.execute("SELECT coalesce(max(id), 0) FROM event").fetchone()[0]

    def add(pid: int, kind: str, at: str, reason: str | None = None, desk: str | None = None,
            undoes: int | None = None) -> int:
        nonlocal event_id
        event_id += 1
        events.append((event_id, pid, kind, reason, undoes, at, "uji", desk))
        return event_id

    for pid in ids:
        if rng.random() > 0.72:
            continue  # not called yet
        slot_id, day = slots[rng.randrange(DAYS)]
        at = f"{day}T08:{rng.randrange(60):02d}:00+07:00"
        called = add(pid, "dipanggil", f"{day}T07:00:00+07:00")
        summonses.append((pid, slot_id, called, at))
        roll = rng.random()
        if roll < 0.25:
            add(pid, "tidak_hadir", f"{day}T15:00:00+07:00")
            status.append(("tidak_hadir", pid))
            continue
        add(pid, "hadir", at, desk="Meja 1")
        roll = rng.random()
        if roll < 0.86:
            recorded = add(pid, "terekam", at, desk="Meja 1")
            if rng.random() < 0.03:  # a slip undone at the desk
                add(pid, "batal", at, desk="Meja 1", undoes=recorded)
                status.append(("hadir", pid))
            else:
                status.append(("terekam", pid))
        elif roll < 0.96:
            add(pid, "gagal_rekam", at, rng.choice(FAIL_REASONS), desk="Meja 1")
            status.append(("gagal_rekam", pid))
        else:
            status.append(("hadir", pid))
    # the rest of the two million: second calls of the no-shows, on later days
    for pid in ids:
        if len(events) >= EVENTS_PER_PERSON * n:
            break
        if rng.random() < 0.5:
            day = slots[rng.randrange(DAYS)][1]
            add(pid, "dipanggil", f"{day}T07:30:00+07:00")
    conn.executemany("INSERT INTO event (id, person_id, kind, reason, undoes, at, by_user, "
                     "desk) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", events)
    conn.executemany("INSERT INTO summons (person_id, slot_id, state, event_id, created_at) "
                     "VALUES (?, ?, 'closed', ?, ?)", summonses)
    conn.executemany("UPDATE person SET status = ? WHERE id = ?", status)
    conn.commit()
    print(f"  {len(events):,} events, {len(summonses):,} summonses", flush=True)


def timed(run: object, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    path = args.db or OUTPUT / f"report_{args.people}.sqlite"
    OUTPUT.mkdir(parents=True, exist_ok=True)
    build(path, args.people)
    database = core_db.open_database(path, bind=False)
    events = database.execute_sql("SELECT count(*) FROM event").fetchone()[0]
    people = database.execute_sql("SELECT count(*) FROM person").fetchone()[0]
    print(f"{people:,} people, {events:,} events")

    raw = sqlite3.connect(path)
    baseline = timed(lambda: raw.execute(
        "SELECT status, count(*) FROM person GROUP BY status").fetchall())
    raw.close()
    start = reports.drive_start(database) or TODAY
    whole = timed(lambda: reports.recap(database, date_from=start, date_to=TODAY,
                                        today=TODAY))
    one_day = timed(lambda: reports.recap(database, date_from=TODAY, date_to=TODAY,
                                          today=TODAY))
    recap = reports.recap(database, date_from=start, date_to=TODAY, today=TODAY)
    database.close()
    totals = recap.totals
    print(f"recorded {totals.recorded:,} of {totals.target:,} ({totals.recorded_pct}), "
          f"pace needed {recap.projection.pace_needed}, 7 days {recap.projection.pace_7d}")
    print(f"baseline: SELECT status, count(*) GROUP BY status  {baseline * 1000:8.1f} ms")
    for name, value in ((f"recap, whole drive ({len(recap.by_day)} days)", whole),
                        ("recap, one day", one_day)):
        verdict = "OK" if value < TARGET else "MISSED"
        print(f"{name:<50} {value * 1000:8.1f} ms  (target < {TARGET * 1000:.0f} ms: "
              f"{verdict}; {value / baseline:.1f}× the baseline)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
