"""Other offices' calls, held read-only (docs/architecture.md, "Sync files", "Remote calls").

- ``sync_item`` is rebuilt (SQLite cannot widen a CHECK) to take a fourth kind,
  ``visit_person``: a person on a visit travels like a summons. Every row is kept. An
  index on the NIK of call versions (summonses, people on visits) finds a person's calls.
- A change to a person on a visit, or to the visit itself (its date, hours, place or
  state), clears the stamp of the people concerned, so the change travels as a new
  version (as migration 5 does for summonses). Taking a person off a visit that already
  travelled leaves a row in ``visit_person_removed``, which travels as a closing version.
- ``remote_call_now`` is the rule, in one place: per NIK, the call another office owns
  that is current. For each call key (``office/summons id``, ``office/visit id/NIK``) the
  newest version (HLC, then origin and seq) counts; a summons is open when its state is
  ``open`` and no summons replaces it, a visit when it is planned (``rencana``), the person
  has no outcome there and was not taken off it. Among a person's calls the open one with
  the newest HLC is current; a person with none open keeps the newest (``open = 0``), so
  the table also lists everyone another office ever called.
- ``remote_call`` materialises that view; every sync import refreshes the NIKs it brought
  calls for, in its transaction, so reading is a lookup by NIK. Filled here from what is
  held.
"""

from __future__ import annotations

import sqlite3

VERSION = 12

_CALLS = "kind IN ('summons', 'visit_person')"

SQL = [
    """CREATE TABLE sync_item_new (
    origin      TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('person', 'summons', 'letter', 'visit_person')),
    key         TEXT NOT NULL,            -- NIK, summons key, letter code, visit key/NIK
    hlc         TEXT NOT NULL,
    digest      TEXT NOT NULL,            -- sha256 of the canonical row
    body        TEXT NOT NULL,            -- JSON
    received_at TEXT NOT NULL,
    PRIMARY KEY (origin, seq)
) WITHOUT ROWID""",
    "INSERT INTO sync_item_new SELECT origin, seq, kind, key, hlc, digest, body, received_at "
    "FROM sync_item",
    "DROP TABLE sync_item",
    "ALTER TABLE sync_item_new RENAME TO sync_item",
    "CREATE INDEX sync_item_key ON sync_item (kind, key)",
    f"CREATE INDEX sync_item_call_nik ON sync_item (json_extract(body, '$.nik')) "
    f"WHERE {_CALLS}",

    """CREATE TABLE visit_person_removed (
    id         INTEGER PRIMARY KEY,
    visit_id   INTEGER NOT NULL,
    person_id  INTEGER NOT NULL REFERENCES person(id),
    removed_at TEXT NOT NULL,
    origin     TEXT NOT NULL DEFAULT '',
    origin_seq INTEGER,
    hlc        TEXT
)""",
    # only a row that travelled (it has an HLC) needs its removal to travel
    """CREATE TRIGGER visit_person_sync_removed AFTER DELETE ON visit_person
WHEN OLD.hlc IS NOT NULL
BEGIN
    INSERT INTO visit_person_removed (visit_id, person_id, removed_at)
    VALUES (OLD.visit_id, OLD.person_id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
END""",
    """CREATE TRIGGER visit_person_sync_changed
AFTER UPDATE OF outcome, reason, withdrawn_summons_id ON visit_person
WHEN NEW.origin_seq IS NOT NULL AND NEW.origin_seq IS OLD.origin_seq
     AND (NEW.outcome IS NOT OLD.outcome OR NEW.reason IS NOT OLD.reason
          OR NEW.withdrawn_summons_id IS NOT OLD.withdrawn_summons_id)
BEGIN
    UPDATE visit_person SET origin_seq = NULL WHERE rowid = NEW.rowid;
END""",
    """CREATE TRIGGER visit_sync_changed
AFTER UPDATE OF location_id, date, start_time, end_time, state ON visit
WHEN NEW.location_id IS NOT OLD.location_id OR NEW.date IS NOT OLD.date
     OR NEW.start_time IS NOT OLD.start_time OR NEW.end_time IS NOT OLD.end_time
     OR NEW.state IS NOT OLD.state
BEGIN
    UPDATE visit_person SET origin_seq = NULL
    WHERE visit_id = NEW.id AND origin_seq IS NOT NULL;
END""",

    f"""CREATE VIEW remote_call_now AS
WITH version AS (
    SELECT json_extract(body, '$.nik') AS nik, kind, key, origin, seq, hlc, body,
           row_number() OVER (PARTITION BY json_extract(body, '$.nik'), key
                              ORDER BY hlc DESC, origin DESC, seq DESC) AS newest
    FROM sync_item
    WHERE {_CALLS} AND origin NOT IN (SELECT office_id FROM sync_office)
),
latest AS (
    SELECT v.*, CASE v.kind
        WHEN 'summons' THEN json_extract(v.body, '$.state') = 'open' AND NOT EXISTS (
            SELECT 1 FROM sync_item r WHERE r.{_CALLS}
            AND json_extract(r.body, '$.nik') = v.nik
            AND json_extract(r.body, '$.replaces') = v.key)
        ELSE json_extract(v.body, '$.state') = 'rencana'
            AND json_extract(v.body, '$.outcome') IS NULL
            AND NOT coalesce(json_extract(v.body, '$.removed'), 0)
        END AS open
    FROM version v WHERE v.newest = 1
),
ranked AS (
    SELECT *, row_number() OVER (PARTITION BY nik ORDER BY open DESC, hlc DESC,
                                 origin DESC, seq DESC) AS rank
    FROM latest
)
SELECT nik, open, CASE kind WHEN 'summons' THEN 'slot' ELSE 'visit' END AS kind,
       origin AS office, key, hlc, json_extract(body, '$.date') AS date,
       json_extract(body, '$.start') AS start_time, json_extract(body, '$.end') AS end_time,
       json_extract(body, '$.location') AS location,
       json_extract(body, '$.location_kind') AS location_kind,
       json_extract(body, '$.kecamatan_code') AS kecamatan_code,
       json_extract(body, '$.round') AS round
FROM ranked WHERE rank = 1 AND nik IS NOT NULL""",

    """CREATE TABLE remote_call (
    nik            TEXT PRIMARY KEY,
    open           INTEGER NOT NULL,   -- 1: the current open call; 0: called once, none open
    kind           TEXT NOT NULL CHECK (kind IN ('slot', 'visit')),
    office         TEXT NOT NULL,      -- the office that owns the call
    key            TEXT NOT NULL,
    hlc            TEXT NOT NULL,
    date           TEXT,
    start_time     TEXT,
    end_time       TEXT,
    location       TEXT,
    location_kind  TEXT,
    kecamatan_code TEXT,
    round          INTEGER
) WITHOUT ROWID""",
    "INSERT INTO remote_call SELECT * FROM remote_call_now",
]


def apply(conn: sqlite3.Connection) -> None:
    for statement in SQL:
        conn.execute(statement)
