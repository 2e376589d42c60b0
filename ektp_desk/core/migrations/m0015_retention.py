"""Retention: the anonymous counts that stand in for purged people (docs/domain.md,
"Retention").

When the drive's purpose ends an admin may turn people into counts: one row per kelurahan,
category and final status (``what = 'orang'``, no day), and one per kelurahan, category,
event kind and day (``what = 'peristiwa'``), so the report's figures stay as they were
while no name, NIK or birth date remains.
"""

from __future__ import annotations

import sqlite3

VERSION = 15

SQL = """
CREATE TABLE anonymous_count (
    id             INTEGER PRIMARY KEY,
    purge_id       INTEGER NOT NULL,           -- which purge made it (its audit row's id)
    what           TEXT NOT NULL CHECK (what IN ('orang', 'peristiwa')),
    kecamatan_code TEXT,
    kelurahan_code TEXT,
    category       TEXT NOT NULL,
    status         TEXT NOT NULL,               -- final status, or the event's kind
    day            TEXT,                        -- ISO day of the events; NULL for 'orang'
    n              INTEGER NOT NULL CHECK (n >= 1)
);
CREATE INDEX anonymous_count_what ON anonymous_count (what, kelurahan_code, category, status)
"""


def apply(conn: sqlite3.Connection) -> None:
    for statement in SQL.split(";\n"):
        if statement.strip():
            conn.execute(statement)
