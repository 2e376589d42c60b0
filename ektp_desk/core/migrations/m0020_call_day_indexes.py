"""Every call's day per person from the indexes alone, for the follow-up lists' *last call*
(core/reports/lists.py, docs/domain.md "Reports"): ``summons_person`` and
``visit_person_person`` carry the slot and the visit, so the lists group every call by
person in one walk of each index instead of reading a summons row per person
(benchmarks/bench_report.py). The same leading columns as before: every query that used
them still does.
"""

from __future__ import annotations

import sqlite3

VERSION = 20

SQL = (
    "DROP INDEX summons_person",
    "CREATE INDEX summons_person ON summons (person_id, state, slot_id)",
    "DROP INDEX visit_person_person",
    "CREATE INDEX visit_person_person ON visit_person (person_id, visit_id)",
)


def apply(conn: sqlite3.Connection) -> None:
    for statement in SQL:
        conn.execute(statement)
