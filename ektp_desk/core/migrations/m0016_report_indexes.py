"""Indexes the progress report (core/reports) reads, towards its recap of a whole drive
in under a second at 1,000,000 people and 2,000,000 events (benchmarks/bench_report.py).

- ``person_report``: the people counted by office (kecamatan), kelurahan, category and
  folded status in one walk of a narrow index, never the wide table;
- ``event_at``: the events of a day (a range of ``at``, the event's own WIB time) by
  kind, with ``desk`` to tell a check-in from a recording made on the spot and the person
  for an office's scope, all in the index (an index on ``substr(at, 1, 10)`` would send
  every row back to the table: SQLite 3.40 does not cover from an expression);
- ``event_undoes``: the few events that undo another, so undone events are left out
  without a scan of every event.
"""

from __future__ import annotations

import sqlite3

VERSION = 16

SQL = (
    "CREATE INDEX person_report ON person (kecamatan_code, kelurahan_code, category, status)",
    "CREATE INDEX event_at ON event (at, kind, desk, person_id)",
    "CREATE INDEX event_undoes ON event (undoes) WHERE undoes IS NOT NULL",
)


def apply(conn: sqlite3.Connection) -> None:
    for statement in SQL:
        conn.execute(statement)
