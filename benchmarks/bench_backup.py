"""What the backups cost at 1,000,000 people: the start's page check, a backup, its check.

    .venv/bin/python benchmarks/bench_backup.py [--people N] [--db PATH]

Builds the database once with demo.fill into benchmarks/output/ (gitignored) and reuses
it. Prints, beside the raw baseline of reading the file once (`cat` into nothing): opening
as the CLI does, opening as the window does (PRAGMA quick_check), a backup
(online backup API + integrity_check of the copy), and latest_good_backup.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ektp_desk.core import backup, demo
from ektp_desk.core import db as core_db

OUTPUT = Path(__file__).resolve().parent / "output"


def timed(label: str, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    value = fn(*args, **kwargs)
    print(f"{label:<44} {time.perf_counter() - t0:8.2f} s")
    return value


def read_once(path: Path) -> None:
    with open(path, "rb") as fh:
        while fh.read(1 << 20):
            pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args()
    path = args.db or OUTPUT / f"backup_{args.people}.sqlite"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        db = core_db.open_database(path, bind=False)
        timed("building the demo database", demo.fill, db, args.people, seed=1)
        db.close()
    shutil.rmtree(backup.folder_for(path), ignore_errors=True)
    print(f"{path.name}: {path.stat().st_size / 1e6:,.0f} MB")
    timed("raw: read the file once", read_once, path)
    timed("open (CLI, no page check)", core_db.open_database, path, bind=False).close()
    db = timed("open with quick_check (the window)", core_db.open_database, path, bind=False,
               check=True)
    made = timed("backup + integrity_check of the copy", backup.make_backup, db,
                 reason=backup.MANUAL)
    db.close()
    timed("latest_good_backup (quick_check)", backup.latest_good_backup, made.parent)
    shutil.rmtree(made.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
