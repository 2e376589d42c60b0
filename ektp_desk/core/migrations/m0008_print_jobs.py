"""Print jobs: what was handed to the print system, and which summonses' letters it holds.

A letter counts as printed (``summons.letter = 'dicetak'``) only once the print system
accepted its job; a job that fails or is cancelled puts each letter back to the state it
had before (``letter_before``), and its number stays registered for the reprint.
"""

from __future__ import annotations

import sqlite3

VERSION = 8

SQL = """
CREATE TABLE print_job (
    id          INTEGER PRIMARY KEY,
    created_at  TEXT NOT NULL,
    by_user     TEXT NOT NULL,
    document    TEXT NOT NULL,                 -- what was printed (letters, receipts, visit)
    pdf         TEXT NOT NULL,                 -- the file handed over
    printer     TEXT NOT NULL,
    system      TEXT NOT NULL,                 -- cups | windows | raster
    job_ref     TEXT,                          -- the print system's id, once accepted
    pages       INTEGER NOT NULL,
    copies      INTEGER NOT NULL,
    state       TEXT NOT NULL DEFAULT 'dikirim'
                CHECK (state IN ('dikirim', 'diterima', 'selesai', 'gagal', 'dibatalkan')),
    message     TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL
);
CREATE INDEX print_job_recent ON print_job (id DESC);

CREATE TABLE print_job_summons (
    job_id        INTEGER NOT NULL REFERENCES print_job(id),
    summons_id    INTEGER NOT NULL REFERENCES summons(id),
    letter_before TEXT NOT NULL,
    PRIMARY KEY (job_id, summons_id)
) WITHOUT ROWID;
CREATE INDEX print_job_summons_summons ON print_job_summons (summons_id);
"""


def apply(conn: sqlite3.Connection) -> None:
    for statement in SQL.split(";\n"):
        if statement.strip():
            conn.execute(statement)
