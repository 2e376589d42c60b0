"""The front desk: which service day and queue number (nomor antrian) each desk event
belongs to, and the indexes today's list and the desk lookups need.

``desk_event`` is local bookkeeping beside the append-only ``event`` table (one row per
event written at a desk, never updated or deleted): the *service day* as the desk saw it
(``event.at`` is the wall clock, which may disagree with a pinned day or a wrong PC clock)
and, for an arrival ('hadir'), the queue number of that day and office. Numbers are never
reused: an undone arrival keeps its row, so the next arrival gets the next number.
"""

from __future__ import annotations

import sqlite3

VERSION = 4

SQL = """
CREATE TABLE desk_event (
    event_id     INTEGER PRIMARY KEY REFERENCES event(id),
    person_id    INTEGER NOT NULL REFERENCES person(id),
    day          TEXT NOT NULL,                 -- ISO service day
    office       TEXT NOT NULL DEFAULT '',      -- queue scope: the office id ('' = this one)
    queue_number INTEGER CHECK (queue_number IS NULL OR queue_number >= 1)
);
-- One number per office and day, given in order; also answers "next number" (max + 1).
CREATE UNIQUE INDEX desk_event_queue ON desk_event (day, office, queue_number)
    WHERE queue_number IS NOT NULL;
-- Today's list: who was served at a desk on a day.
CREATE INDEX desk_event_day ON desk_event (day, person_id);
CREATE INDEX desk_event_person ON desk_event (person_id, day);
-- Which desk wrote what (recaps per desk).
CREATE INDEX event_desk ON event (desk, id) WHERE desk IS NOT NULL
"""


def apply(conn: sqlite3.Connection) -> None:
    for statement in SQL.split(";\n"):
        if statement.strip():
            conn.execute(statement)
