"""USB sync between offices (docs/architecture.md, "Sync files"): this office's identity and
keys, trusted office cards, sequence counters and high-water marks, the journal of versioned
records, the sync log, rows refused and conflicts for review.

Identity of a syncable row everywhere: ``(origin, origin_seq)`` with a hybrid logical clock
``hlc``. A row this office wrote and has not stamped yet has ``origin_seq IS NULL``; rows
are stamped when a sync file is made or read (cheap, and no trigger on bulk inserts). A
*changed* person or summons gets its stamp cleared again by the triggers below, so the
change travels as a new version.
"""

from __future__ import annotations

import sqlite3

VERSION = 5

# The person fields that travel (status is a fold of events, computed at each office).
PERSON_FIELDS = ("nik", "nkk", "nkk_raw", "name", "name_norm", "birth_place", "birth_date",
                 "birth_date_raw", "sex", "marital", "address", "rt", "rw", "kelurahan_code",
                 "kelurahan_raw", "kecamatan_code", "disability", "note", "category",
                 "warnings")
SUMMONS_FIELDS = ("person_id", "slot_id", "round", "state", "letter", "attended", "replaces",
                  "closed_at")


def _changed(fields: tuple[str, ...]) -> str:
    return " OR ".join(f"NEW.{f} IS NOT OLD.{f}" for f in fields)


SQL = f"""
-- This installation as an office. Private keys: scrypt + AES-256-GCM under the passphrase.
CREATE TABLE sync_office (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    office_id   TEXT NOT NULL,            -- '<region code>-<4 hex>', e.g. 337501-9f2c
    kind        TEXT NOT NULL CHECK (kind IN ('kecamatan', 'kota')),
    code        TEXT NOT NULL,            -- 6-digit kecamatan or 4-digit kota code
    name        TEXT NOT NULL,
    sign_public BLOB NOT NULL,            -- Ed25519, raw 32 bytes
    box_public  BLOB NOT NULL,            -- X25519, raw 32 bytes
    fingerprint TEXT NOT NULL,
    secret      TEXT NOT NULL,            -- JSON: kdf parameters, salt, nonce, ciphertext
    created_at  TEXT NOT NULL,
    rotated_at  TEXT
);

-- Office cards an admin trusted after comparing the fingerprint by phone.
CREATE TABLE sync_peer (
    office_id   TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    sign_public BLOB NOT NULL,
    box_public  BLOB NOT NULL,
    fingerprint TEXT NOT NULL,
    trusted_at  TEXT NOT NULL,
    trusted_by  TEXT NOT NULL,
    retired     INTEGER NOT NULL DEFAULT 0   -- its current key was retired: files refused
);

-- Keys no longer valid (rotated or retired), ours and peers': files made with them are refused.
CREATE TABLE sync_key_retired (
    office_id   TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    sign_public BLOB NOT NULL,
    box_public  BLOB NOT NULL,
    retired_at  TEXT NOT NULL,
    PRIMARY KEY (office_id, fingerprint)
);

-- Per origin office: for ourselves the last sequence number given out; for every origin
-- the contiguous high-water mark of what this database holds (applied or refused).
CREATE TABLE sync_origin (
    origin   TEXT PRIMARY KEY,
    last_seq INTEGER NOT NULL DEFAULT 0,
    applied  INTEGER NOT NULL DEFAULT 0
);

-- What each recipient has acknowledged (by signed receipt), per origin.
CREATE TABLE sync_ack (
    peer   TEXT NOT NULL,
    origin TEXT NOT NULL,
    seq    INTEGER NOT NULL,
    at     TEXT NOT NULL,
    PRIMARY KEY (peer, origin)
);

-- Every version of a versioned record known here (people; summonses and letters, which
-- are kept and relayed, not merged into the local schedule), ours and received.
-- Overruled versions stay: this is the history a conflict review reads.
CREATE TABLE sync_item (
    origin      TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('person', 'summons', 'letter')),
    key         TEXT NOT NULL,            -- NIK, summons key, letter code
    hlc         TEXT NOT NULL,
    digest      TEXT NOT NULL,            -- sha256 of the canonical row
    body        TEXT NOT NULL,            -- JSON
    received_at TEXT NOT NULL,
    PRIMARY KEY (origin, seq)
) WITHOUT ROWID;
CREATE INDEX sync_item_key ON sync_item (kind, key);

CREATE TABLE sync_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('export', 'import', 'receipt_in',
                                                 'receipt_out')),
    peer      TEXT NOT NULL,
    file      TEXT NOT NULL,
    rows      INTEGER NOT NULL DEFAULT 0,
    new       INTEGER NOT NULL DEFAULT 0,
    updated   INTEGER NOT NULL DEFAULT 0,
    skipped   INTEGER NOT NULL DEFAULT 0,
    conflicts INTEGER NOT NULL DEFAULT 0,
    rejected  INTEGER NOT NULL DEFAULT 0,
    deferred  INTEGER NOT NULL DEFAULT 0,
    receipt   TEXT,
    detail    TEXT NOT NULL DEFAULT '{{}}'
);
CREATE INDEX sync_log_peer ON sync_log (peer, id);

-- Rows refused on import (same identity, different content): never overwritten.
CREATE TABLE sync_rejected (
    origin TEXT NOT NULL,
    seq    INTEGER NOT NULL,
    file   TEXT NOT NULL,
    reason TEXT NOT NULL,
    at     TEXT NOT NULL,
    PRIMARY KEY (origin, seq)
);

-- Overruled versions and status set-backs, for review (mostly at the city office).
CREATE TABLE sync_conflict (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    nik          TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('person', 'status')),
    winner_origin TEXT,
    winner_seq   INTEGER,
    loser_origin TEXT NOT NULL,
    loser_seq    INTEGER NOT NULL,
    local_unsent INTEGER NOT NULL DEFAULT 0,   -- the overruled change was ours, not yet sent
    detail       TEXT NOT NULL DEFAULT '{{}}',
    reviewed_at  TEXT,
    reviewed_by  TEXT,
    UNIQUE (kind, loser_origin, loser_seq)
);

-- Identity lookups for letters (event and summons have theirs since steps 1 and 2).
CREATE INDEX letter_origin ON letter (origin, origin_seq) WHERE origin_seq IS NOT NULL;

-- A local change to a person or a summons makes a new version: clear its stamp. An update
-- that sets a new stamp (applying a received version) is left alone.
CREATE TRIGGER person_sync_changed AFTER UPDATE OF {", ".join(PERSON_FIELDS)} ON person
WHEN NEW.origin_seq IS NOT NULL AND NEW.origin_seq IS OLD.origin_seq
     AND NEW.origin IS OLD.origin AND ({_changed(PERSON_FIELDS)})
BEGIN
    UPDATE person SET origin_seq = NULL WHERE id = NEW.id;
END;

CREATE TRIGGER summons_sync_changed AFTER UPDATE OF {", ".join(SUMMONS_FIELDS)} ON summons
WHEN NEW.origin_seq IS NOT NULL AND NEW.origin_seq IS OLD.origin_seq
     AND ({_changed(SUMMONS_FIELDS)})
BEGIN
    UPDATE summons SET origin_seq = NULL WHERE id = NEW.id;
END
"""


def apply(conn: sqlite3.Connection) -> None:
    # Triggers contain ';' inside BEGIN … END: split on the blank-line-free statement ends.
    for statement in _statements(SQL):
        conn.execute(statement)


def _statements(sql: str) -> list[str]:
    out, current, in_trigger = [], [], False
    for line in sql.splitlines():
        current.append(line)
        stripped = line.strip().upper()
        if stripped.startswith("CREATE TRIGGER"):
            in_trigger = True
        if (in_trigger and stripped in ("END;", "END")) or (
                not in_trigger and stripped.endswith(";")):
            out.append("\n".join(current).rstrip().rstrip(";"))
            current, in_trigger = [], False
    rest = "\n".join(current).strip()
    if rest:
        out.append(rest.rstrip(";"))
    return [s for s in out if s.strip() and not all(
        ln.strip().startswith("--") or not ln.strip() for ln in s.splitlines())]
