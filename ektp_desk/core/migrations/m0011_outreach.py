"""Jemput bola as a capability of its own (docs/domain.md, "Jemput bola").

- ``location`` is rebuilt (SQLite cannot widen a CHECK): two more kinds, ``panti`` and
  ``kelurahan`` (a kantor kelurahan holding evening sessions), and the place's kelurahan,
  contact (name, jabatan, telephone) and NPSN (schools and pesantren). Ids are kept, so
  every slot, visit and hour still points to its place.
- The 27 kantor kelurahan of the region table are preloaded, their addresses left for the
  office to fill in (not verified).
- ``visit`` gains its team (a JSON list of the officers' names), its kits, its capacity
  (people it can serve; NULL on visits made before), the series it belongs to (evening
  sessions made together), whether it was set on a holiday on purpose, and when and by whom
  it was closed.
- ``visit_person`` records how the person was added and the office summons their visit
  took back.
- ``summons.withdrawn_visit_id``: the visit that took this call back; with a letter already
  printed, that letter is to be withdrawn.
- ``visit_document``: the register of a visit's documents, numbered in the same yearly
  series as the summoning letters (``letter_serial``).
"""

from __future__ import annotations

import json
import sqlite3

from ektp_desk import paths

VERSION = 11

LOCATION_KINDS = ("kecamatan", "dindukcapil", "sekolah", "pesantren", "rutan_lapas", "panti",
                  "rumah", "kelurahan")

SQL = f"""
-- Dropping the old table would cascade to its hours: keep them aside and put them back.
CREATE TEMP TABLE hours_kept AS SELECT * FROM location_hours;
CREATE TABLE location_new (
    id                INTEGER PRIMARY KEY,
    kind              TEXT NOT NULL CHECK (kind IN {LOCATION_KINDS!r}),
    name              TEXT NOT NULL,
    address           TEXT,
    kecamatan_code    TEXT,                -- 6 digits; a kantor kecamatan serves this one
    kelurahan_code    TEXT,                -- 10 digits; the kelurahan the place lies in
    capacity_per_hour INTEGER NOT NULL DEFAULT 10 CHECK (capacity_per_hour >= 0),
    active            INTEGER NOT NULL DEFAULT 1,
    note              TEXT,
    contact_name      TEXT,
    contact_title     TEXT,                -- jabatan: kepala sekolah, pengasuh, kalapas …
    contact_phone     TEXT,
    npsn              TEXT,                -- sekolah and pesantren, when known
    origin            TEXT NOT NULL DEFAULT '',
    origin_seq        INTEGER,
    hlc               TEXT
);
INSERT INTO location_new (id, kind, name, address, kecamatan_code, capacity_per_hour, active,
                          note, origin, origin_seq, hlc)
    SELECT id, kind, name, address, kecamatan_code, capacity_per_hour, active, note, origin,
           origin_seq, hlc FROM location;
DROP TABLE location;
ALTER TABLE location_new RENAME TO location;
INSERT INTO location_hours SELECT * FROM temp.hours_kept;
DROP TABLE temp.hours_kept;
CREATE INDEX location_kecamatan ON location (kecamatan_code, kind);
CREATE INDEX location_kelurahan ON location (kelurahan_code, kind);

ALTER TABLE visit ADD COLUMN team TEXT NOT NULL DEFAULT '[]';
ALTER TABLE visit ADD COLUMN kits INTEGER NOT NULL DEFAULT 1 CHECK (kits >= 1);
ALTER TABLE visit ADD COLUMN capacity INTEGER CHECK (capacity >= 0);
ALTER TABLE visit ADD COLUMN series TEXT;
ALTER TABLE visit ADD COLUMN deliberate INTEGER NOT NULL DEFAULT 0;
ALTER TABLE visit ADD COLUMN closed_at TEXT;
ALTER TABLE visit ADD COLUMN closed_by TEXT;

ALTER TABLE visit_person ADD COLUMN source TEXT NOT NULL DEFAULT 'tangan'
    CHECK (source IN ('tangan', 'filter', 'daftar', 'kandidat', 'rute'));
ALTER TABLE visit_person ADD COLUMN withdrawn_summons_id INTEGER REFERENCES summons(id);

ALTER TABLE summons ADD COLUMN withdrawn_visit_id INTEGER REFERENCES visit(id);

CREATE TABLE visit_document (
    id          INTEGER PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE,
    year        INTEGER NOT NULL,
    serial      INTEGER NOT NULL CHECK (serial >= 1),
    code        TEXT NOT NULL UNIQUE,             -- random token (QR of a family letter)
    visit_id    INTEGER NOT NULL REFERENCES visit(id),
    person_id   INTEGER REFERENCES person(id),    -- a home visit's letter to the family
    kind        TEXT NOT NULL CHECK (kind IN ('pemberitahuan', 'daftar_peserta',
                                              'berita_acara', 'surat_keluarga')),
    letter_date TEXT NOT NULL,
    issued_at   TEXT NOT NULL,
    issued_by   TEXT NOT NULL
);
CREATE INDEX visit_document_visit ON visit_document (visit_id, kind);
"""


def kantor_kelurahan() -> list[tuple[str, str, str]]:
    """(name, kecamatan code, kelurahan code) of every kelurahan in the region tables."""
    out = []
    for path in sorted(paths.resource("regions").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for kec in data["kecamatan"]:
            for kel in kec["kelurahan"]:
                out.append((f"Kantor Kelurahan {kel['name']}", kec["code"],
                            kec["code"] + kel["code"]))
    return out


def apply(conn: sqlite3.Connection) -> None:
    # The rebuild drops the table slots, visits and hours point to; the checks wait for the
    # commit, when the rebuilt table holds every id again (the hours were kept aside).
    conn.execute("PRAGMA defer_foreign_keys = ON")
    for statement in SQL.split(";\n"):
        if statement.strip():
            conn.execute(statement)
    conn.executemany(
        "INSERT INTO location (kind, name, kecamatan_code, kelurahan_code) "
        "VALUES ('kelurahan', ?, ?, ?)", kantor_kelurahan())
