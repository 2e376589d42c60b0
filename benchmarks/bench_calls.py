"""Other offices' calls at the city office (core/calls.py): keeping ``remote_call`` up to date
and reading each person's one current call.

    .venv/bin/python benchmarks/bench_calls.py [--people 100000] [--moved 10000]

Builds a city office holding `--people` demo people, every one summoned by a kecamatan
office (summons versions as an import stores them), then times:
- the whole table filled from the versions held (migration 12, or a file bringing calls
  for more than a third of the people called already: ``calls._FULL_SHARE``);
- `--moved` people moved to another slot (a newer version replacing theirs) refreshed NIK
  by NIK, as an import of such a file does;
- reading the current call of a batch of 500 people (a `people` export batch) and of one
  person (the Warga pane).
Baseline in the same run: the people rows of that batch by id, and the full scan of the
summons versions (json_extract of every body).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "benchmarks" / "output" / "calls"
sys.path.insert(0, str(ROOT))

from ektp_desk.core import calls, demo  # noqa: E402
from ektp_desk.core import db as core_db  # noqa: E402

KEC = "337501-beef"


def body(nik: str, date: str, state: str, replaces: str | None) -> str:
    return json.dumps({"nik": nik, "date": date, "start": "08:00", "end": "12:00",
                       "location": "Kantor Kecamatan Pekalongan Barat",
                       "location_kind": "kecamatan", "kecamatan_code": "337501", "round": 1,
                       "state": state, "replaces": replaces}, separators=(",", ":"))


def timed(label: str, work, *args) -> float:
    started = time.perf_counter()
    work(*args)
    took = time.perf_counter() - started
    print(f"{label:<58} {took * 1000:9.1f} ms")
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--moved", type=int, default=10_000)
    args = parser.parse_args()
    if OUTPUT.exists():
        shutil.rmtree(OUTPUT)
    OUTPUT.mkdir(parents=True)
    db = core_db.open_database(OUTPUT / "kota.sqlite", bind=False)
    demo.fill(db, args.people, seed=1, build_index=False)
    conn = db.connection()
    niks = [r[0] for r in conn.execute("SELECT nik FROM person ORDER BY id")]
    with db.atomic():
        conn.executemany(
            "INSERT INTO sync_item VALUES (?, ?, 'summons', ?, ?, 'd', ?, 'x')",
            [(KEC, i, f"{KEC}/{i}", f"{i:012d}", body(nik, "2026-12-14", "open", None))
             for i, nik in enumerate(niks, 1)])
    print(f"{args.people:,} people, each summoned by {KEC}")
    with db.atomic():
        timed("fill remote_call from every version (full refresh)", calls.refresh, conn,
              niks)
    moved = niks[:args.moved]
    base = len(niks)
    with db.atomic():
        conn.executemany(
            "INSERT INTO sync_item VALUES (?, ?, 'summons', ?, ?, 'd', ?, 'x')",
            [(KEC, base + i, f"{KEC}/{base + i}", f"{base + i:012d}",
              body(nik, "2026-12-15", "open", f"{KEC}/{i}"))
             for i, nik in enumerate(moved, 1)])
        timed(f"refresh {len(moved):,} moved people NIK by NIK (an import)",
              calls.refresh, conn, moved)
    assert calls.current_calls(db, [1])[1].date == "2026-12-15"
    batch = list(range(1, 501))
    timed("current_calls of a batch of 500 people", calls.current_calls, db, batch)
    timed("current_calls of one person", calls.current_calls, db, [args.people // 2])
    timed("baseline: those 500 people rows by id",
          lambda: conn.execute("SELECT * FROM person WHERE id IN (SELECT value FROM "
                               "json_each(?))", (json.dumps(batch),)).fetchall())
    timed("baseline: json_extract over every summons version",
          lambda: conn.execute("SELECT count(json_extract(body, '$.nik')) FROM sync_item "
                               "WHERE kind = 'summons'").fetchone())
    db.close()


if __name__ == "__main__":
    main()
