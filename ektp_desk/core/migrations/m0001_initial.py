"""The first schema: people, imports, status events, settings, audit log, metadata."""

from __future__ import annotations

import sqlite3

VERSION = 1

SQL = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL            -- JSON
);

CREATE TABLE import_batch (
    id          INTEGER PRIMARY KEY,
    file_name   TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    sheet       TEXT,
    rows        INTEGER NOT NULL,
    inserted    INTEGER NOT NULL,
    updated     INTEGER NOT NULL,
    unchanged   INTEGER NOT NULL,
    rejected    INTEGER NOT NULL,
    duplicates  INTEGER NOT NULL,
    warnings    INTEGER NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL
);

CREATE TABLE person (
    id              INTEGER PRIMARY KEY,
    nik             TEXT NOT NULL UNIQUE,
    nkk             TEXT,
    nkk_raw         TEXT,
    name            TEXT NOT NULL,
    name_norm       TEXT NOT NULL,       -- upper case, no accents or punctuation: for search
    birth_place     TEXT,
    birth_date      TEXT,                -- ISO date
    birth_date_raw  TEXT,
    sex             TEXT CHECK (sex IN ('L', 'P')),
    marital         TEXT CHECK (marital IN ('B', 'S', 'P')),
    address         TEXT,
    rt              TEXT,                -- '001'
    rw              TEXT,
    kelurahan_code  TEXT,                -- 10 digits, e.g. 3375011002
    kelurahan_raw   TEXT,
    kecamatan_code  TEXT,                -- 6 digits, e.g. 337501
    disability      TEXT,
    note            TEXT,                -- KETERANGAN as written
    category        TEXT NOT NULL,       -- pemula | disabilitas | warga_binaan | lainnya
    status          TEXT NOT NULL DEFAULT 'belum_dipanggil',  -- cached fold of events
    warnings        TEXT NOT NULL DEFAULT '[]',               -- JSON list of warning codes
    first_import_id INTEGER REFERENCES import_batch(id),
    last_import_id  INTEGER REFERENCES import_batch(id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    origin          TEXT NOT NULL DEFAULT '',   -- office id that wrote this version
    origin_seq      INTEGER,
    hlc             TEXT
);
CREATE INDEX person_name ON person (name_norm, id);
CREATE INDEX person_place ON person (kelurahan_code, rw, rt, name_norm);
CREATE INDEX person_kecamatan ON person (kecamatan_code, name_norm);
CREATE INDEX person_status ON person (status, name_norm);
CREATE INDEX person_category ON person (category, name_norm);

-- Everything that happens to a person after import. Never updated or deleted.
CREATE TABLE event (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES person(id),
    kind        TEXT NOT NULL,           -- a status code, or 'batal' (undo)
    reason      TEXT,
    note        TEXT,
    undoes      INTEGER REFERENCES event(id),
    at          TEXT NOT NULL,
    by_user     TEXT NOT NULL,
    desk        TEXT,
    origin      TEXT NOT NULL DEFAULT '',
    origin_seq  INTEGER,
    hlc         TEXT
);
CREATE INDEX event_person ON event (person_id, id);
CREATE UNIQUE INDEX event_origin ON event (origin, origin_seq) WHERE origin_seq IS NOT NULL;

CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    by_user TEXT NOT NULL,
    action  TEXT NOT NULL,
    detail  TEXT NOT NULL DEFAULT '{}'
);

-- Substring search on names (trigram). New rows are indexed after a bulk load, not by
-- triggers (triggers slow bulk inserts about elevenfold); meta 'fts_upto' says how far.
CREATE VIRTUAL TABLE person_fts USING fts5(
    name_norm, content='person', content_rowid='id', tokenize='trigram'
);
INSERT INTO meta (key, value) VALUES ('fts_upto', '0');
"""


def apply(conn: sqlite3.Connection) -> None:
    for statement in SQL.split(";\n"):
        if statement.strip():
            conn.execute(statement)
