"""The front desk at 1,000,000 people (its speed target): from Enter (a scanned
letter code or a typed NIK) to the person found and marked hadir, committed.

    .venv/bin/python benchmarks/bench_desk.py [--people N] [--samples N]

Builds the database once with demo.fill into benchmarks/output/ (gitignored; a minute or
two), summons 2,000 people to today's sessions and registers their letters; each run
works on a fresh copy. Prints median and p95 of desk.checkin by code and by NIK, of
desk.lookup alone, and the raw baseline measured in the same run: a bare SELECT by NIK
plus an INSERT of the event, committed, through sqlite3 with the same pragmas.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ektp_desk.core import clock, demo, desk, scheduling
from ektp_desk.core import db as core_db
from ektp_desk.core.letters import numbering

OUTPUT = Path(__file__).resolve().parent / "output"
DAY = dt.date(2026, 11, 30)  # a Senin
SUMMONED = 2_000
TARGET = 0.050
WHO = {"desk": "Meja 1", "user": "bench"}


def build(path: Path, n: int) -> None:
    if path.exists():
        with sqlite3.connect(path) as conn:
            have = conn.execute("SELECT count(*) FROM person").fetchone()[0]
        if have == n:
            return
        path.unlink()
    for extra in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        extra.unlink(missing_ok=True)
    started = time.perf_counter()
    db = core_db.open_database(path)
    try:
        demo.fill(db, n)
        # today's sessions at the four kantor kecamatan, with a registered letter each
        ids = [r[0] for r in db.execute_sql(
            "SELECT id FROM person ORDER BY random() LIMIT ?", (SUMMONED,))]
        per = SUMMONED // 8
        chunks = [ids[i:i + per] for i in range(0, SUMMONED, per)]
        times = (("08:00", "10:00"), ("10:00", "12:00"))
        for k, chunk in enumerate(chunks):
            location, (start, end) = 1 + k // 2, times[k % 2]
            slot = scheduling.add_slot(db, location, DAY, start, end, capacity=per,
                                       today=DAY).slot_ids[0]
            scheduling.summon_to_slot(db, chunk, slot, today=DAY)
        rows = db.execute_sql("SELECT id, person_id, round FROM summons WHERE state = 'open'"
                              ).fetchall()
        with db.atomic():
            first = numbering.take_serials(db, 2026, len(rows))
            numbering.register_letters(db, [
                {"number": f"471.13/{first + i}/2026", "year": 2026, "serial": first + i,
                 "code": numbering.new_code(), "summons_id": sid, "person_id": pid,
                 "round": rnd, "letter_date": "2026-11-20"}
                for i, (sid, pid, rnd) in enumerate(rows)],
                issued_at=clock.timestamp(), by="bench")
        db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    print(f"built {path.name}: {n:,} people in {time.perf_counter() - started:.0f} s")


def stats(name: str, samples: list[float], target: float | None = None) -> None:
    samples = sorted(samples)
    median = statistics.median(samples)
    p95 = samples[int(len(samples) * 0.95) - 1]
    line = f"{name:<38} median {median * 1000:7.2f} ms   p95 {p95 * 1000:7.2f} ms"
    if target is not None:
        line += f"   (target < {target * 1000:.0f} ms: {'OK' if p95 < target else 'MISSED'})"
    print(line)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=400)
    args = parser.parse_args()
    OUTPUT.mkdir(parents=True, exist_ok=True)
    base = OUTPUT / f"desk_{args.people}.sqlite"
    build(base, args.people)
    run = OUTPUT / f"desk_{args.people}_run.sqlite"
    for extra in (run, run.with_name(run.name + "-wal"), run.with_name(run.name + "-shm")):
        extra.unlink(missing_ok=True)
    shutil.copyfile(base, run)

    db = core_db.open_database(run)
    rng = random.Random(5)
    people = db.execute_sql("SELECT count(*) FROM person").fetchone()[0]
    codes = [r[0] for r in db.execute_sql("SELECT code FROM letter")]
    rng.shuffle(codes)
    niks = [r[0] for r in db.execute_sql(
        "SELECT nik FROM person WHERE status = 'belum_dipanggil' AND id % ? = 0",
        (max(1, people // 3000),))]
    rng.shuffle(niks)
    n = min(args.samples, len(codes) // 2, len(niks) // 3)

    def timed(fn, items):  # type: ignore[no-untyped-def]
        out = []
        for item in items:
            t0 = time.perf_counter()
            fn(item)
            out.append(time.perf_counter() - t0)
        return out

    lookups = timed(lambda c: desk.lookup(db, "EKTP:" + c, today=DAY), codes[n:2 * n])
    by_code = timed(lambda c: desk.checkin(db, "EKTP:" + c, today=DAY, **WHO), codes[:n])
    by_nik = timed(lambda k: desk.checkin(db, k, today=DAY, **WHO), niks[:n])
    queue = desk.lookup(db, niks[n - 1], today=DAY).queue_number
    db.close()

    # the raw floor: a bare SELECT by NIK and an INSERT of the event, committed
    conn = sqlite3.connect(run, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA busy_timeout=10000")

    def raw(nik: str) -> None:
        conn.execute("BEGIN IMMEDIATE")
        pid = conn.execute("SELECT id FROM person WHERE nik = ?", (nik,)).fetchone()[0]
        conn.execute("INSERT INTO event (person_id, kind, at, by_user, desk) "
                     "VALUES (?, 'hadir', ?, 'bench', 'raw')", (pid, clock.timestamp()))
        conn.execute("COMMIT")

    baseline = timed(raw, niks[n:2 * n])
    conn.close()

    print(f"\n{people:,} people; {n} check-ins each way; last queue number {queue}")
    stats("raw SELECT by NIK + INSERT (baseline)", baseline)
    stats("desk.lookup by letter code (read)", lookups)
    stats("desk.checkin by letter code", by_code, TARGET)
    stats("desk.checkin by NIK", by_nik, TARGET)
    ratio = statistics.median(by_code) / statistics.median(baseline)
    print(f"checkin by code / baseline (medians): {ratio:.1f}x")


if __name__ == "__main__":
    main()
