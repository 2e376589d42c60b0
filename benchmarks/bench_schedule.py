"""Scheduling speed: planning 100,000 people over 3 months, saving the plan, and
what the Jadwal calendar needs to open a month.

    .venv/bin/python benchmarks/bench_schedule.py [--people 100000] [--runs 3]
                                                 [--capacity 100]

Builds (once, cached under benchmarks/output/) a database of `--people` demo people, then on
a fresh copy per run measures:
- plan: scheduling.plan() for everyone not yet summoned, 1 March – 31 May 2024 (Lebaran and
  other holidays inside), each at their kantor kecamatan with `--capacity` people per hour
  (100 = ten recording kits, so that 100,000 fit in three months; also measured with the
  default 10 per hour, where most are left over: the planner still walks everyone);
- apply: scheduling.apply_plan() (slots, summonses, events, statuses in one transaction);
- calendar: list_slots() + day_loads() for April 2024 and for one week, after the apply
  (what the Jadwal page queries to open); also slot_people() of one slot;
- raw baselines in the same run: reading the 100,000 people in neighbour order with plain
  sqlite3, and executemany of 100,000 summons-like rows into a plain table.
Targets: plan < 5 s, calendar open < 0.5 s. Medians of `--runs` runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sqlite3
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "benchmarks" / "output"
sys.path.insert(0, str(ROOT))

from ektp_desk.core import db as core_db  # noqa: E402
from ektp_desk.core import demo, scheduling  # noqa: E402
from tests.plan_helpers import without_pupil_rule  # noqa: E402

TODAY = dt.date(2024, 2, 20)
DATE_FROM, DATE_TO = dt.date(2024, 3, 1), dt.date(2024, 5, 31)
PLAN_TARGET_S = 5.0
CALENDAR_TARGET_S = 0.5


def template(people: int) -> Path:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / f"schedule_{people}.sqlite"
    if not path.exists():
        started = time.perf_counter()
        db = core_db.open_database(path, bind=False)
        demo.fill(db, people, build_index=False)
        db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        print(f"built {people:,} people in {time.perf_counter() - started:.1f} s",
              file=sys.stderr)
    return path


def fresh_copy(source: Path, name: str) -> Path:
    target = OUTPUT / name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, target)
    return target


def timed(fn, *args, **kwargs):
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - started, result


def raw_read(path: Path) -> float:
    conn = sqlite3.connect(path)
    started = time.perf_counter()
    rows = conn.execute(
        "SELECT id, kecamatan_code, kelurahan_code, rw, rt, status FROM person "
        "WHERE status = 'belum_dipanggil' ORDER BY kelurahan_code, rw, rt, name_norm, id"
    ).fetchall()
    elapsed = time.perf_counter() - started
    conn.close()
    assert rows
    return elapsed


def raw_write(rows: int) -> float:
    path = OUTPUT / "raw_write.sqlite"
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = wal")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, person_id INTEGER, slot_id INTEGER, "
                 "round INTEGER, state TEXT, letter TEXT, created_at TEXT)")
    data = [(i, i, i // 80, 1, "open", "belum_dicetak", "2024-02-20T10:00:00+07:00")
            for i in range(1, rows + 1)]
    started = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?)", data)
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def calendar_open(db) -> tuple[float, float, float, int]:
    month = timed(lambda: (scheduling.list_slots(db, dt.date(2024, 4, 1), dt.date(2024, 4, 30)),
                           scheduling.day_loads(db, dt.date(2024, 4, 1), dt.date(2024, 4, 30))))
    week = timed(lambda: scheduling.list_slots(db, dt.date(2024, 4, 22), dt.date(2024, 4, 28)))
    slots = month[1][0]
    detail = timed(scheduling.slot_people, db, slots[0].id)
    return month[0], week[0], detail[0], len(slots)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--capacity", type=int, default=100,
                        help="people per hour at each kantor kecamatan")
    args = parser.parse_args()
    source = template(args.people)

    raw_reads = [raw_read(source) for _ in range(args.runs)]
    raw_writes = [raw_write(args.people) for _ in range(args.runs)]

    plans, plans_default, applies, months, weeks, details = [], [], [], [], [], []
    summary = None
    for run in range(args.runs):
        path = fresh_copy(source, f"schedule_run{run}.sqlite")
        db = core_db.open_database(path, bind=False)
        try:
            without_pupil_rule(db)  # everyone like adults: the figures stay comparable
            elapsed, low = timed(scheduling.plan, db, scheduling.Selection(), DATE_FROM,
                                 DATE_TO, today=TODAY, past_election=True)
            plans_default.append(elapsed)
            for location in (1, 2, 3, 4):
                scheduling.update_location(db, location, capacity_per_hour=args.capacity)
            elapsed, plan = timed(scheduling.plan, db, scheduling.Selection(), DATE_FROM,
                                  DATE_TO, today=TODAY, past_election=True)
            plans.append(elapsed)
            elapsed, result = timed(scheduling.apply_plan, db, plan, today=TODAY)
            applies.append(elapsed)
            assert result.scheduled == plan.scheduled
            open_count = db.execute_sql(
                "SELECT count(*) FROM summons WHERE state = 'open'").fetchone()[0]
            assert open_count == plan.scheduled
            db.close()
            # the calendar opens on a fresh connection, as the Jadwal page would
            db = core_db.open_database(path, bind=False)
            month, week, detail, month_slots = calendar_open(db)
            months.append(month)
            weeks.append(week)
            details.append(detail)
            summary = (plan, low, month_slots)
        finally:
            db.close()

    assert summary is not None
    plan, low, month_slots = summary
    med = statistics.median

    def line(label: str, seconds: float, extra: str = "") -> None:
        print(f"{label:<48} {seconds:7.3f} s  {extra}".rstrip())

    def verdict(seconds: float, target: float) -> str:
        return f"target < {target} s: {'OK' if seconds < target else 'MISSED'}"

    print(f"people: {args.people:,}; range {DATE_FROM} – {DATE_TO}; today {TODAY}; "
          f"median of {args.runs} runs")
    line("raw: read the people in neighbour order", med(raw_reads))
    line(f"raw: executemany {args.people:,} rows, one transaction", med(raw_writes))
    line("plan, default 10/hour per office", med(plans_default),
         f"{low.scheduled:,} scheduled, {low.left_over_count:,} left over {low.reasons}, "
         f"{low.slots_used:,} slots")
    line(f"plan, {args.capacity}/hour per office", med(plans),
         f"{plan.scheduled:,} scheduled, {plan.left_over_count:,} left over, "
         f"{plan.slots_used:,} slots; {verdict(med(plans), PLAN_TARGET_S)}; "
         f"{med(plans) / med(raw_reads):.1f}x the raw read")
    line("apply (slots, summonses, events, statuses)", med(applies),
         f"{plan.scheduled / med(applies):,.0f} people/s")
    line(f"calendar: April 2024 ({month_slots} slots) + day loads", med(months),
         verdict(med(months), CALENDAR_TARGET_S))
    line("calendar: one week", med(weeks))
    line("slot detail (its people)", med(details))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
