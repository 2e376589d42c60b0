"""The progress report at 1,000,000 people and 2,000,000 events (its speed target: the
dashboard and the recap of the whole drive in under 1 s).

    .venv/bin/python benchmarks/bench_report.py [--people N] [--db PATH]

Builds the database once into benchmarks/output/ (gitignored), keyed by the schema version
and this builder's own version: the schema by the migrations, then synthetic people and a
drive of 60 days written in plain SQL (executemany in one transaction, indexes made after
the rows; a minute or two, never through the importer): a summons and a 'dipanggil' event
per call, arrivals, recordings, failures with reasons, data_ganda, no-shows called again,
some undone recordings, cards printed and handed over; person.status set to the fold of
each person's events, person.called to whether they were ever called, and the people and
day counts (migration 17) counted from them, as the migration's backfill does. The name index
is left unbuilt (meta 'fts_upto' says it is done: the report never searches names).
Prints the recap's time beside a raw baseline measured in the same run: one
``SELECT status, count(*) FROM person GROUP BY status``; then the city's follow-up list
``belum_rekam`` (``report --list belum_rekam --office all``: its query, and the whole
``lists.follow_up``) beside a raw ``SELECT`` of the same people's columns from ``person``,
in the same order, without their last call (``--no-list`` leaves the list out).
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
from ektp_desk.core import migrations, regions, reports, settings
from ektp_desk.core.migrations import m0018_report_called
from ektp_desk.core.status import CATEGORIES

OUTPUT = Path(__file__).resolve().parent / "output"
TARGET = 1.0  # seconds: the recap of the whole drive
TODAY = dt.date(2026, 11, 30)
DAYS = 60
EVENTS_PER_PERSON = 2
FAIL_REASONS = ("sidik_jari", "iris_lensa", "sistem")
BUILDER = 4  # bump when the synthetic drive changes: the cached file is rebuilt


def db_path(n: int) -> Path:
    return OUTPUT / f"report_{n}_s{migrations.latest_version()}_b{BUILDER}.sqlite"


def build(path: Path, n: int) -> None:
    if path.exists():
        return
    for old in OUTPUT.glob(f"report_{n}_*.sqlite*"):  # an older schema's or builder's
        old.unlink()
    print(f"building {n:,} people and their drive in {path} (once) …", flush=True)
    started = time.perf_counter()
    temp = path.with_name(path.name + ".building")
    for leftover in (temp, Path(f"{temp}-wal"), Path(f"{temp}-shm")):
        leftover.unlink(missing_ok=True)
    database = core_db.open_database(temp, bind=False)
    settings.set(database, "election_name", "Pemilihan Umum 2027")
    settings.set(database, "election_date", "2027-02-17")
    database.close()
    conn = sqlite3.connect(temp, isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN")
    # the rows first, then the indexes and the cached counts: far faster than keeping them
    # up row by row (the triggers are back before the file is used)
    kept = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
        "AND sql IS NOT NULL AND tbl_name IN ('person', 'event', 'summons')").fetchall()
    for kind, name, _ in kept:
        conn.execute(f"DROP {kind.upper()} {name}")
    _people(conn, n)
    _drive(conn, n)
    for _, _, sql in kept:
        conn.execute(sql)
    for table, backfill in (("event_day_count", m0018_report_called.BACKFILL),
                            ("person_count", m0018_report_called.PEOPLE_BACKFILL)):
        conn.execute(f"DELETE FROM {table}")
        conn.execute(backfill)
    conn.execute("UPDATE meta SET value = (SELECT max(id) FROM person) WHERE key = 'fts_upto'")
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()
    temp.rename(path)
    print(f"  built in {time.perf_counter() - started:.1f} s", flush=True)


def _people(conn: sqlite3.Connection, n: int) -> None:
    """n people spread over the city's kelurahan and the categories; a NIK each."""
    rng = random.Random(5)
    kelurahan = list(regions.default_table().kelurahan.values())
    weights = [70, *[30 / (len(CATEGORIES) - 1)] * (len(CATEGORIES) - 1)]
    now = f"{TODAY - dt.timedelta(days=DAYS):%Y-%m-%d}T07:00:00+07:00"
    rows = []
    for i in range(1, n + 1):
        kel = kelurahan[i % len(kelurahan)]
        born = dt.date(2008, 1, 1) + dt.timedelta(days=rng.randrange(700))
        nik = f"{kel.kecamatan_code}{i:010d}"  # the region, then a serial: unique
        rows.append((i, nik, f"WARGA {i}", f"warga {i}", born.isoformat(), kel.code,
                     kel.kecamatan_code, rng.choices(CATEGORIES, weights)[0], now))
    conn.executemany(
        "INSERT INTO person (id, nik, name, name_norm, birth_date, kelurahan_code, "
        "kecamatan_code, category, warnings, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, '[]', ?9, ?9)", rows)


def _drive(conn: sqlite3.Connection, n: int) -> None:
    """About two events a person over DAYS days; person.status the fold of each person's
    events (the last one counted), person.called set for everyone with a summons."""
    rng = random.Random(7)
    first_day = TODAY - dt.timedelta(days=DAYS - 1)
    conn.execute("INSERT INTO location (id, kind, name, kecamatan_code) "
                 "VALUES (9001, 'kecamatan', 'Kantor uji', '337501')")
    days = [first_day + dt.timedelta(days=i) for i in range(DAYS)]
    conn.executemany("INSERT INTO slot (id, location_id, date, start_time, end_time, "
                     "capacity, created_at) VALUES (?, 9001, ?, '08:00', '14:00', 100000, ?)",
                     [(9001 + i, d.isoformat(), d.isoformat()) for i, d in enumerate(days)])
    events: list[tuple] = []
    summonses: list[tuple] = []
    status: dict[int, str] = {}

    def add(pid: int, kind: str, day: dt.date, hour: str, reason: str | None = None,
            desk: str | None = "Meja 1", undoes: int | None = None) -> int:
        events.append((len(events) + 1, pid, kind, reason, undoes,
                       f"{day.isoformat()}T{hour}:00+07:00", "uji", desk))
        if kind != "batal":
            status[pid] = kind
        return len(events)

    def call(pid: int, round_: int, earliest: int = 0) -> tuple[dt.date, str] | None:
        if earliest >= DAYS:
            return None
        i = rng.randrange(earliest, DAYS)
        day = days[i]
        called = add(pid, "dipanggil", day, "07:00", desk=None)
        summonses.append((pid, 9001 + i, round_, called, day.isoformat()))
        return day, f"08:{rng.randrange(60):02d}"

    def serve(pid: int, day: dt.date, at: str) -> None:
        add(pid, "hadir", day, at)
        roll = rng.random()
        if roll < 0.86:
            recorded = add(pid, "terekam", day, at)
            if rng.random() < 0.03:  # a slip undone at the desk
                add(pid, "batal", day, at, undoes=recorded)
                status[pid] = "hadir"
            elif rng.random() < 0.3 and day < TODAY:  # the card printed, then handed over
                later = day + dt.timedelta(days=1)
                add(pid, "ktp_dicetak", later, "10:00", desk=None)
                if rng.random() < 0.6:
                    add(pid, "ktp_diterima", later, "13:00")
        elif roll < 0.96:
            add(pid, "gagal_rekam", day, at, rng.choice(FAIL_REASONS))
        elif roll < 0.97:
            add(pid, "data_ganda", day, at)
        # else: still waiting at the desk

    no_shows = []
    for pid in range(1, n + 1):
        if rng.random() > 0.72:
            continue  # not called yet
        day, at = call(pid, 1)
        if rng.random() < 0.25:
            add(pid, "tidak_hadir", day, "15:00", desk=None)
            no_shows.append((pid, day))
        else:
            serve(pid, day, at)
    # the rest of the two million: the no-shows called again on a later day
    for pid, day in no_shows:
        if len(events) >= EVENTS_PER_PERSON * n:
            break
        again = call(pid, 2, days.index(day) + 1)
        if again is None:
            continue
        if rng.random() < 0.6:
            serve(pid, *again)
    conn.executemany("INSERT INTO event (id, person_id, kind, reason, undoes, at, by_user, "
                     "desk) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", events)
    conn.executemany("INSERT INTO summons (person_id, slot_id, round, state, event_id, "
                     "created_at) VALUES (?, ?, ?, 'closed', ?, ?)", summonses)
    conn.executemany("UPDATE person SET status = ?, called = 1 WHERE id = ?",
                     ((s, pid) for pid, s in status.items()))
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
    parser.add_argument("--no-list", action="store_true")
    args = parser.parse_args()
    path = args.db or db_path(args.people)
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
    parts = _parts(database, start)
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
    for name, value in parts.items():
        print(f"  of which {name:<41} {value * 1000:8.1f} ms")
    if not args.no_list:
        _follow_up_list(path)
    return 0


def _follow_up_list(path: Path) -> None:
    """The city's belum_rekam list beside a raw SELECT of the same rows (same columns of
    person, same order, no last call), each the median of 3 runs, on the app's connection
    (its 32 MB page cache)."""
    from ektp_desk.core.reports import lists

    database = core_db.open_database(path, bind=False)
    conn = database.connection()
    statuses = sorted(lists.STATUSES["belum_rekam"])
    raw_sql = (
        "SELECT p.id, p.nik, p.name, p.birth_date, p.birth_date_raw, p.sex, p.address, "
        "p.rt, p.rw, p.kecamatan_code, p.kelurahan_code, p.kelurahan_raw, p.category, "
        f"p.status FROM person p WHERE p.status IN ({', '.join('?' * len(statuses))}) "
        "ORDER BY p.kelurahan_code, p.name_norm, p.id")
    rows = len(conn.execute(raw_sql, statuses).fetchall())
    raw = timed(lambda: conn.execute(raw_sql, statuses).fetchall(), repeat=3)
    query = timed(lambda: conn.execute(lists._list_sql("belum_rekam", ""),
                                       lists._list_params("belum_rekam")).fetchall(),
                  repeat=3)
    whole = timed(lambda: lists.follow_up(database, "belum_rekam", office="all"), repeat=3)
    database.close()
    print(f"follow-up list belum_rekam, all offices: {rows:,} people")
    print(f"baseline: SELECT the same rows FROM person   {raw * 1000:8.1f} ms")
    for name, value in (("the list's query (with the last call)", query),
                        ("lists.follow_up (the query and its rows)", whole)):
        print(f"{name:<50} {value * 1000:8.1f} ms  ({value / raw:.2f}× the baseline)")


def _parts(database: object, start: dt.date) -> dict[str, float]:
    """Where the whole drive's recap spends its time."""
    from ektp_desk.core.reports import figures

    scope = figures.resolve_scope(database)  # type: ignore[arg-type]
    totals = reports.recap(database, date_from=TODAY, date_to=TODAY,  # type: ignore[arg-type]
                           today=TODAY).totals
    return {
        "people by group and status (+ summoned)": timed(
            lambda: figures._people(database, scope)),
        f"the day series ({(TODAY - start).days + 1} days)": timed(
            lambda: figures._days(database, scope, start, TODAY)),
        "failure reasons": timed(lambda: figures._reasons(database, scope, 0)),
        "projection": timed(lambda: figures._projection(database, scope, totals, TODAY)),
    }


if __name__ == "__main__":
    raise SystemExit(main())
