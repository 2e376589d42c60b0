"""Holidays 2025–2027 and which years the holiday table knows (docs/domain.md, "Hours and
holidays").

- ``holiday_year``: one row per calendar year the holiday list covers, with the decree it
  comes from and whether it is *provisional* (no SKB known yet: only the fixed dates). The
  planner refuses, unless the clerk confirms, to plan into a year that is provisional or
  not listed at all.
- The lists of ``resources/holidays/<year>.json`` are loaded for existing and new databases
  alike. A date the office already holds is left as it is (its own name or kind wins), so
  an office's edits are never overwritten.
- 2023 and 2024 were preloaded by migration 2 from their SKB.

The files are read as they are when this step runs; later corrections reach a database by
*Impor* in the holidays dialog or ``schedule holidays import``.
"""

from __future__ import annotations

import json
import sqlite3

from ektp_desk import paths

VERSION = 10

SQL = """CREATE TABLE holiday_year (
    year        INTEGER PRIMARY KEY,
    provisional INTEGER NOT NULL DEFAULT 1 CHECK (provisional IN (0, 1)),
    source      TEXT NOT NULL DEFAULT ''  -- the SKB (number, date) or why it is provisional
)"""

PRELOADED = (
    (2023, 0, "SKB 3 Menteri tentang Hari Libur Nasional dan Cuti Bersama Tahun 2023, "
              "sebagaimana diubah"),
    (2024, 0, "SKB 3 Menteri tentang Hari Libur Nasional dan Cuti Bersama Tahun 2024; "
              "hari pemungutan suara 14 Februari 2024 (Keppres, 6 Februari 2024)"),
)


def year_files() -> list[dict]:
    """The year lists shipped in resources/holidays, oldest first."""
    folder = paths.resource("holidays")
    return [json.loads(path.read_text(encoding="utf-8"))
            for path in sorted(folder.glob("*.json"))]


def apply(conn: sqlite3.Connection) -> None:
    conn.execute(SQL)
    conn.executemany("INSERT INTO holiday_year (year, provisional, source) VALUES (?, ?, ?)",
                     PRELOADED)
    for data in year_files():
        conn.execute("INSERT OR IGNORE INTO holiday_year (year, provisional, source) "
                     "VALUES (?, ?, ?)",
                     (int(data["year"]), int(bool(data["provisional"])), data["source"]))
        conn.executemany("INSERT OR IGNORE INTO holiday (date, name, kind) VALUES (?, ?, ?)",
                         [tuple(row) for row in data["holidays"]])
