"""Row provenance and safe key changes (docs/architecture.md, "Sync files").

- ``sync_batch``: every row an office stamps belongs to one *batch* of at most
  :data:`ektp_desk.core.sync.provenance.BATCH` consecutive sequence numbers, signed by that
  office. The leaves (a 16-byte digest per row, in sequence order) are kept so a relay can
  forward the signature with any subset of the rows.
- ``sync_key_retired.reason``: a key replaced by a signed rotation ('rotated') still
  vouches for the rows it signed before; a key retired as lost or stolen ('retired') does
  not. Keys retired before this step are taken as retired, except this office's own
  rotations.
- ``sync_rotation``: this office's rotation statements (each signed by the key it
  replaces), carried on its office card so other offices accept the new key without an
  admin's override.
- Every acknowledgement is forgotten: the next export sends every row again, now with its
  batch signatures; the importer skips rows it holds and keeps their signatures.
"""

from __future__ import annotations

import sqlite3

VERSION = 7

SQL = [
    """CREATE TABLE sync_batch (
    origin    TEXT NOT NULL,
    first     INTEGER NOT NULL,
    last      INTEGER NOT NULL,
    key       TEXT NOT NULL,             -- fingerprint of the signing office key
    signature BLOB NOT NULL,             -- Ed25519 over provenance.message(...)
    leaves    BLOB NOT NULL,             -- 16 bytes per row, first..last in order
    PRIMARY KEY (origin, first)
) WITHOUT ROWID""",
    "ALTER TABLE sync_key_retired ADD COLUMN reason TEXT NOT NULL DEFAULT 'retired' "
    "CHECK (reason IN ('rotated', 'retired'))",
    "UPDATE sync_key_retired SET reason = 'rotated' "
    "WHERE office_id IN (SELECT office_id FROM sync_office)",
    """CREATE TABLE sync_rotation (
    office_id       TEXT NOT NULL,
    old_fingerprint TEXT NOT NULL,
    new_fingerprint TEXT NOT NULL,
    statement       TEXT NOT NULL,       -- canonical JSON, as signed
    signature       BLOB NOT NULL,       -- Ed25519 by the old key
    at              TEXT NOT NULL,
    PRIMARY KEY (office_id, new_fingerprint)
)""",
    "DELETE FROM sync_ack",
]


def apply(conn: sqlite3.Connection) -> None:
    for statement in SQL:
        conn.execute(statement)
