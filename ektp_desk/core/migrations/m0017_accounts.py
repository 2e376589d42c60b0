"""Accounts: who may log in, with which role (docs/domain.md, "Accounts and roles").

An account is disabled, never deleted: the audit trail names it. ``failed_count`` counts
wrong passwords in a row; the fifth sets ``locked_until`` (an ISO timestamp) and starts
the count again. The password is stored only as its argon2id hash (the hash carries its
own salt and cost, so cheaper or dearer parameters later still verify old hashes).

The office profile gains what the first-run wizard asks besides the letterhead: the office
kind (kecamatan or kota) and its region code, which sync uses for routing.
"""

from __future__ import annotations

import sqlite3

VERSION = 17

SQL = """
CREATE TABLE account (
    id                  INTEGER PRIMARY KEY,
    name                TEXT NOT NULL UNIQUE,
    display_name        TEXT NOT NULL DEFAULT '',
    role                TEXT NOT NULL CHECK (role IN ('admin', 'supervisor', 'operator')),
    password_hash       TEXT NOT NULL,
    disabled            INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    failed_count        INTEGER NOT NULL DEFAULT 0,
    locked_until        TEXT,
    created_at          TEXT NOT NULL,
    created_by          TEXT NOT NULL,
    password_changed_at TEXT NOT NULL
);
ALTER TABLE office_profile ADD COLUMN office_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE office_profile ADD COLUMN region_code TEXT NOT NULL DEFAULT ''
"""


def apply(conn: sqlite3.Connection) -> None:
    for statement in SQL.split(";\n"):
        if statement.strip():
            conn.execute(statement)
