"""Summoning letters: the office profile, the office's letter texts, the numbering counter,
the letter register (agenda surat keluar) and its reprint log.

A letter belongs to a call: the summons it was first printed for and the summonses that
replace it when a person or a slot is moved (``summons.replaces``). A reprint keeps the
letter's number and code and is logged in ``letter_reprint``; numbers are never reused
(UNIQUE on the number and on (year, serial), and a per-year counter that only grows).
"""

from __future__ import annotations

import sqlite3

VERSION = 3

SQL = """
-- One row: what the kop, the signature block and the numbering of every letter say.
CREATE TABLE office_profile (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    government     TEXT NOT NULL,
    office         TEXT NOT NULL,
    address        TEXT NOT NULL,
    telephone      TEXT NOT NULL DEFAULT '',
    contact        TEXT NOT NULL DEFAULT '',       -- e-mail / website line of the kop
    city           TEXT NOT NULL,                  -- the place in 'Pekalongan, 3 Juli 2023'
    signer_title   TEXT NOT NULL DEFAULT '',       -- jabatan
    signer_name    TEXT NOT NULL DEFAULT '',
    signer_rank    TEXT NOT NULL DEFAULT '',       -- pangkat / golongan
    signer_nip     TEXT NOT NULL DEFAULT '',
    logo           BLOB,                           -- the image: printing never needs the file
    logo_path      TEXT,                           -- where it was chosen from
    paper          TEXT NOT NULL DEFAULT 'A4' CHECK (paper IN ('A4', 'F4')),
    print_full_nik INTEGER NOT NULL DEFAULT 0,
    number_pattern TEXT NOT NULL DEFAULT '471.13/{nomor}/Dindukcapil/{bulan_romawi}/{tahun}',
    updated_at     TEXT,
    updated_by     TEXT
);
INSERT INTO office_profile (id, government, office, address, telephone, city, signer_title)
VALUES (1, 'PEMERINTAH KOTA PEKALONGAN', 'DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL',
        'Jl. Majapahit No. 18, Pekalongan', '(0285) 422814', 'Pekalongan',
        'KEPALA DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL KOTA PEKALONGAN');

-- The office's own wording; a part not here reads from resources/letters/ (the default).
-- Round 2 = the second and later calls.
CREATE TABLE letter_template (
    round      INTEGER NOT NULL CHECK (round IN (1, 2)),
    part       TEXT NOT NULL,
    text       TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (round, part)
);

-- The last serial given out per year; only ever grows.
CREATE TABLE letter_serial (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL CHECK (last >= 0)
);

-- Agenda surat keluar: one row per letter number, never updated or deleted.
CREATE TABLE letter (
    id          INTEGER PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE,
    year        INTEGER NOT NULL,
    serial      INTEGER NOT NULL CHECK (serial >= 1),
    code        TEXT NOT NULL UNIQUE,             -- random token in the QR code; no NIK
    summons_id  INTEGER NOT NULL UNIQUE REFERENCES summons(id),  -- first printed for
    person_id   INTEGER NOT NULL REFERENCES person(id),
    round       INTEGER NOT NULL,
    letter_date TEXT NOT NULL,                    -- ISO date printed on the letter
    issued_at   TEXT NOT NULL,
    issued_by   TEXT NOT NULL,
    origin      TEXT NOT NULL DEFAULT '',
    origin_seq  INTEGER,
    hlc         TEXT,
    UNIQUE (year, serial)
);
CREATE INDEX letter_person ON letter (person_id);

-- Every later print of a letter (same number), and the summons it was printed for.
CREATE TABLE letter_reprint (
    id           INTEGER PRIMARY KEY,
    letter_id    INTEGER NOT NULL REFERENCES letter(id),
    summons_id   INTEGER NOT NULL REFERENCES summons(id),
    reprinted_at TEXT NOT NULL,
    reprinted_by TEXT NOT NULL,
    origin       TEXT NOT NULL DEFAULT '',
    origin_seq   INTEGER,
    hlc          TEXT
);
CREATE INDEX letter_reprint_letter ON letter_reprint (letter_id, id);
CREATE INDEX letter_reprint_summons ON letter_reprint (summons_id);

-- Walking a call forward (letter → the summons that replaced it) needs this.
CREATE INDEX summons_replaces ON summons (replaces) WHERE replaces IS NOT NULL
"""


def apply(conn: sqlite3.Connection) -> None:
    for statement in SQL.split(";\n"):
        if statement.strip():
            conn.execute(statement)
