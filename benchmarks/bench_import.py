"""Import speed: the whole `ektp-desk import` command against the raw pipeline.

    .venv/bin/python benchmarks/bench_import.py [--rows 100000] [--runs 3]

Builds a csv and an xlsx of `--rows` realistic people under benchmarks/output/, then measures
in the same run:
- csv baseline: the csv module reading the file and sqlite3 executemany inserting its rows
  into a plain table in one transaction;
- xlsx baseline: python-calamine reading the sheet alone;
- `python -m ektp_desk --db NEW import FILE --json` as a subprocess, into a fresh database
  (the whole command: interpreter start, imports, migrations, parsing, writing).
Medians of `--runs` runs; the target is a ratio of at most 2.5.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "benchmarks" / "output"
sys.path.insert(0, str(ROOT))

from tests.kpu_files import (  # noqa: E402
    KPU_HEADER,
    rows_of,
    sample_people,
    write_csv,
    write_xlsx,
)

TARGET = 2.5


def build(rows: int) -> tuple[Path, Path]:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    csv_path = OUTPUT / f"kpu_{rows}.csv"
    xlsx_path = OUTPUT / f"kpu_{rows}.xlsx"
    if not csv_path.exists() or not xlsx_path.exists():
        started = time.perf_counter()
        people = sample_people(rows, seed=2024)
        write_csv(csv_path, rows_of(people, date_format="%d-%m-%Y"))
        write_xlsx(xlsx_path, rows_of(people))
        print(f"built {rows:,} rows in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return csv_path, xlsx_path


def csv_baseline(path: Path, db_path: Path) -> float:
    _remove_db(db_path)  # a killed run may have left its -wal and -shm
    started = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = list(reader)
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA journal_mode = wal")
    conn.execute("PRAGMA synchronous = normal")
    columns = ", ".join(f"c{i} TEXT" for i in range(len(header)))
    conn.execute(f"CREATE TABLE plain ({columns})")
    with conn:
        conn.executemany(f"INSERT INTO plain VALUES ({', '.join('?' * len(header))})", rows)
    conn.close()
    elapsed = time.perf_counter() - started
    _remove_db(db_path)
    return elapsed


def person_table_floor(path: Path, db_path: Path) -> float:
    """For reading the ratio: the csv module + executemany of the rows, unvalidated, into
    the real person table (28 columns, UNIQUE nik and five secondary indexes) of a freshly
    migrated database. Not the issue's baseline; what the schema alone costs."""
    from ektp_desk.core import db as core_db

    _remove_db(db_path)
    database = core_db.open_database(db_path)
    started = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        rows = [(r[2], r[1], None, r[3], r[3], r[4], r[5], None, r[7], r[6], r[8], r[9], r[10],
                 None, r[11], None, None, r[13] or None, "pemula", "[]", 1, 1, "now", "now")
                for r in reader]
    columns = ("nik, nkk, nkk_raw, name, name_norm, birth_place, birth_date, birth_date_raw, "
               "sex, marital, address, rt, rw, kelurahan_code, kelurahan_raw, kecamatan_code, "
               "disability, note, category, warnings, first_import_id, last_import_id, "
               "created_at, updated_at")
    conn = database.connection()
    with database.atomic():
        conn.execute("INSERT INTO import_batch (id, file_name, sha256, rows, inserted, updated,"
                     " unchanged, rejected, duplicates, warnings, imported_at, imported_by) "
                     "VALUES (1, 'x', 'x', 0, 0, 0, 0, 0, 0, 0, 'now', 'x')")
        conn.executemany(f"INSERT INTO person ({columns}) VALUES ({', '.join('?' * 24)})", rows)
    elapsed = time.perf_counter() - started
    database.close()
    _remove_db(db_path)
    return elapsed


def xlsx_baseline(path: Path) -> float:
    from python_calamine import CalamineWorkbook

    started = time.perf_counter()
    book = CalamineWorkbook.from_path(str(path))
    rows = book.get_sheet_by_index(0).to_python()
    elapsed = time.perf_counter() - started
    assert len(rows) > 1
    return elapsed


def command(path: Path, db_path: Path) -> tuple[float, dict]:
    _remove_db(db_path)
    env = dict(os.environ, EKTP_DESK_LANG="id")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "ektp_desk", "--db", str(db_path), "import",
                           str(path), "--json"], capture_output=True, text=True, env=env,
                          cwd=ROOT, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"import failed ({done.returncode}): {done.stderr}")
    _remove_db(db_path)
    return elapsed, json.loads(done.stdout)


def _remove_db(db_path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)


def median_of(runs: int, measure) -> float:  # type: ignore[no-untyped-def]
    return statistics.median(measure() for _ in range(runs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    csv_path, xlsx_path = build(args.rows)
    db_path = OUTPUT / "bench_import.sqlite"
    header = KPU_HEADER

    csv_raw = median_of(args.runs, lambda: csv_baseline(csv_path, db_path))
    xlsx_raw = median_of(args.runs, lambda: xlsx_baseline(xlsx_path))
    floor = median_of(args.runs, lambda: person_table_floor(csv_path, db_path))
    counts: dict = {}

    def run_command(path: Path) -> float:
        elapsed, found = command(path, db_path)
        counts[path.suffix] = found
        return elapsed

    csv_cmd = median_of(args.runs, lambda: run_command(csv_path))
    xlsx_cmd = median_of(args.runs, lambda: run_command(xlsx_path))

    print(f"rows: {args.rows:,} ({len(header)} columns), runs: {args.runs} (medians)")
    print(f"csv  baseline (csv module + sqlite3 executemany): {csv_raw:6.2f} s")
    print(f"csv  ektp-desk import (whole command):           {csv_cmd:6.2f} s  "
          f"ratio {csv_cmd / csv_raw:4.2f} (target <= {TARGET})")
    print(f"     for reference: csv module + executemany into the real person table "
          f"(no validation): {floor:.2f} s = {floor / csv_raw:.2f}x the baseline; "
          f"import / that = {csv_cmd / floor:.2f}")
    print(f"xlsx baseline (python-calamine reading alone):    {xlsx_raw:6.2f} s")
    print(f"xlsx ektp-desk import (whole command):           {xlsx_cmd:6.2f} s  "
          f"ratio {xlsx_cmd / xlsx_raw:4.2f} (target <= {TARGET})")
    print(f"csv counts:  {counts.get('.csv')}")
    print(f"xlsx counts: {counts.get('.xlsx')}")
    ok = csv_cmd / csv_raw <= TARGET and xlsx_cmd / xlsx_raw <= TARGET
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
