"""The audit trail at 1,000,000 rows: appending one row (the desk's and the importer's
cost per action), the viewer's pages and the chain check.

    .venv/bin/python benchmarks/bench_audit.py [--rows N] [--samples N]

Builds the log once into benchmarks/output/ (gitignored), chained as audit.record chains
it. Prints the median of audit.record committed on its own beside the raw baseline (a bare
INSERT of the same row, committed, through sqlite3), the first and the last keyset page,
with and without a filter, and the time of audit.verify over the whole log.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ektp_desk.core import audit, audit_query
from ektp_desk.core import db as core_db

OUTPUT = Path(__file__).resolve().parent / "output"


def build(path: Path, n: int) -> None:
    if path.exists():
        return
    core_db.open_database(path, bind=False).close()
    conn = sqlite3.connect(path)
    prev, rows = audit.GENESIS, []
    for seq in range(1, n + 1):
        at = f"2026-{1 + seq * 12 // (n + 1):02d}-15T09:00:00+07:00"
        user, action = ("Rina", "status_meja") if seq % 3 else ("Budi", "import")
        detail = json.dumps({"person_id": seq % 50_000, "status": "hadir"})
        prev = audit.row_hash(prev, seq, at, user, "petugas", action, detail)
        rows.append((seq, at, user, "petugas", action, detail, "", prev))
    # prev_hash filled from the row before, in one pass
    rows = [(s, a, u, o, act, d, rows[i - 1][7] if i else audit.GENESIS, h)
            for i, (s, a, u, o, act, d, _, h) in enumerate(rows)]
    conn.executescript("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;")
    conn.executemany("INSERT INTO audit_log (seq, at, by_user, os_user, action, detail, "
                     "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.commit()
    conn.close()
    core_db.open_database(path, bind=False).close()


def timed(fn, samples: int) -> list[float]:
    out = []
    for _ in range(samples):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=300)
    args = parser.parse_args()
    OUTPUT.mkdir(exist_ok=True)
    source = OUTPUT / f"audit_{args.rows}.sqlite"
    t0 = time.perf_counter()
    build(source, args.rows)
    print(f"log of {args.rows:,} rows ready in {time.perf_counter() - t0:.1f} s")
    work = OUTPUT / "audit_work.sqlite"
    shutil.copyfile(source, work)
    db = core_db.open_database(work, bind=False)
    raw = sqlite3.connect(work, isolation_level=None)
    for pragma, value in core_db.PRAGMAS.items():
        raw.execute(f"PRAGMA {pragma} = {value}")

    def bare() -> None:
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("INSERT INTO audit_log (seq, at, by_user, os_user, action, detail, "
                    "prev_hash, hash) VALUES ((SELECT max(seq) + 1 FROM audit_log), ?, ?, "
                    "?, ?, ?, ?, ?)", ("2026-12-01T09:00:00+07:00", "Rina", "petugas",
                                       "status_meja", '{"person_id": 1}', "x", "y"))
        raw.execute("COMMIT")

    base = timed(bare, args.samples)
    raw.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    raw.execute("DELETE FROM audit_log WHERE hash = 'y'")  # the baseline's rows out again
    raw.close()
    rec = timed(lambda: audit.record(db, "Rina", "status_meja", person_id=1, status="hadir"),
                args.samples)
    ms = 1000
    print(f"raw INSERT committed (baseline)   median {statistics.median(base) * ms:6.2f} ms")
    print(f"audit.record committed            median {statistics.median(rec) * ms:6.2f} ms   "
          f"ratio {statistics.median(rec) / statistics.median(base):.1f}x")
    for name, flt in (("no filter", audit_query.AuditFilter()),
                      ("user Budi", audit_query.AuditFilter(user="Budi")),
                      ("action import", audit_query.AuditFilter(action="import"))):
        first = timed(lambda f=flt: audit_query.page(db, f), 20)
        last = timed(lambda f=flt: audit_query.page(db, f, before_seq=1_000), 20)
        print(f"page of {audit_query.PAGE} ({name:13}) first median "
              f"{statistics.median(first) * ms:6.1f} ms, near seq 1 "
              f"{statistics.median(last) * ms:6.1f} ms")
    t = time.perf_counter()
    choices = (audit_query.users(db), audit_query.actions(db))
    print(f"the viewer's account and action lists ({len(choices[0])}, {len(choices[1])}): "
          f"{(time.perf_counter() - t) * ms:.0f} ms")
    t = time.perf_counter()
    result = audit.verify(db)
    print(f"audit.verify over {result.rows:,} rows: {time.perf_counter() - t:.1f} s "
          f"({'whole' if result.ok else result.message})")
    db.close()


if __name__ == "__main__":
    main()
