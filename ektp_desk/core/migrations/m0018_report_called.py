"""The report's figures cached as they change, so a recap of 1,000,000 people reads a few
hundred rows instead of every person and event (benchmarks/bench_report.py;
docs/domain.md, "Reports").

``person.called``: 1 for a person ever called (by this office or another), so *summoned*
is counted with the rest instead of by two probes per person.

The flag is what ``calls.EVER_CALLED_SQL`` says, kept by triggers:

- a summons, a place on a visit, or another office's call for the NIK (``remote_call``,
  inserted or updated) sets it; a person arriving whose NIK already has a remote call too;
- taking someone off a visit list (the one call row ever deleted outside a purge) works it
  out again. ``remote_call`` rows are only deleted to be rewritten in the same transaction
  (``calls.refresh``), and a remote call never goes away, so no trigger on its delete.

``event_day_count``: every event counted per WIB day (``substr(at, 1, 10)``), the person's
kecamatan (an office's scope), kind and whether it had no desk, kept by triggers on event
insert, delete and update and on a person's move to another kecamatan. The report's day
series reads a few hundred rows from it instead of grouping every event of the period
(5 s for 60 days at 2,000,000 events); it still leaves out the undone and overruled ones
itself, as before.

``person_count``: people per kecamatan, kelurahan, category, folded status and called,
kept by triggers on person insert, delete and the update of any of those columns: the
report's people figures read a few hundred rows instead of walking every person.

The column is not in ``person_sync_changed`` (migration 5): setting it is no local change
of the person's details and leaves their sync stamp alone. It is not in the models either:
only the report reads it, and a person's sync version never carries it.
"""

from __future__ import annotations

import sqlite3

VERSION = 18

_EVER = """(EXISTS (SELECT 1 FROM summons m WHERE m.person_id = {id})
    OR EXISTS (SELECT 1 FROM visit_person v WHERE v.person_id = {id})
    OR EXISTS (SELECT 1 FROM remote_call r JOIN person q ON q.nik = r.nik
               WHERE q.id = {id}))"""

SQL = (
    "ALTER TABLE person ADD COLUMN called INTEGER NOT NULL DEFAULT 0",
    "UPDATE person SET called = 1 WHERE id IN (SELECT person_id FROM summons "
    "UNION SELECT person_id FROM visit_person "
    "UNION SELECT p.id FROM remote_call r JOIN person p ON p.nik = r.nik)",
    """CREATE TRIGGER person_called_summons AFTER INSERT ON summons BEGIN
    UPDATE person SET called = 1 WHERE id = NEW.person_id AND called = 0;
END""",
    """CREATE TRIGGER person_called_visit AFTER INSERT ON visit_person BEGIN
    UPDATE person SET called = 1 WHERE id = NEW.person_id AND called = 0;
END""",
    f"""CREATE TRIGGER person_called_visit_removed AFTER DELETE ON visit_person BEGIN
    UPDATE person SET called = {_EVER.format(id="OLD.person_id")} WHERE id = OLD.person_id;
END""",
    """CREATE TRIGGER person_called_remote AFTER INSERT ON remote_call BEGIN
    UPDATE person SET called = 1 WHERE nik = NEW.nik AND called = 0;
END""",
    """CREATE TRIGGER person_called_remote_changed AFTER UPDATE ON remote_call BEGIN
    UPDATE person SET called = 1 WHERE nik = NEW.nik AND called = 0;
END""",
    """CREATE TRIGGER person_called_arrives AFTER INSERT ON person
WHEN EXISTS (SELECT 1 FROM remote_call r WHERE r.nik = NEW.nik) BEGIN
    UPDATE person SET called = 1 WHERE id = NEW.id;
END""",
    # anonymous counts keep what the report tells apart, so a purge leaves its figures as
    # they were: of a row's n people how many were called; of its n events how many the
    # fold leaves out (undone, overruled) and how many counted ones had no desk (made on
    # the spot at an outreach visit)
    "ALTER TABLE anonymous_count ADD COLUMN called INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE anonymous_count ADD COLUMN left_out INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE anonymous_count ADD COLUMN no_desk INTEGER NOT NULL DEFAULT 0",
    # and of failed people the reason their status shows
    "ALTER TABLE anonymous_count ADD COLUMN reason TEXT",
    # the failure reasons in one pass over the few failures, not a lookup per person
    # (kind in it too: SQLite reads a partial index as covering only when it holds every
    # column the query names)
    "CREATE INDEX event_failed ON event (person_id, hlc, origin, origin_seq, reason, kind) "
    "WHERE kind = 'gagal_rekam'",
)


_KEC = "(SELECT coalesce(kecamatan_code, '') FROM person WHERE id = {id})"
_ADD = ("INSERT INTO event_day_count (day, kecamatan_code, kind, no_desk, n) VALUES "
        "(substr(NEW.at, 1, 10), " + _KEC.format(id="NEW.person_id") + ", NEW.kind, "
        "NEW.desk IS NULL, 1) ON CONFLICT DO UPDATE SET n = n + 1;")
_REMOVE = ("UPDATE event_day_count SET n = n - 1 WHERE day = substr(OLD.at, 1, 10) AND "
           "kecamatan_code = " + _KEC.format(id="OLD.person_id") + " AND kind = OLD.kind "
           "AND no_desk = (OLD.desk IS NULL);")

# Events per day, office, kind and desk (or none), from the events there are.
BACKFILL = """INSERT INTO event_day_count (day, kecamatan_code, kind, no_desk, n)
SELECT substr(e.at, 1, 10), coalesce(p.kecamatan_code, ''), e.kind, e.desk IS NULL, count(*)
FROM event e JOIN person p ON p.id = e.person_id GROUP BY 1, 2, 3, 4"""

DAY_COUNTS = (
    """CREATE TABLE event_day_count (
    day            TEXT NOT NULL,
    kecamatan_code TEXT NOT NULL,        -- the person's now; '' when unknown
    kind           TEXT NOT NULL,
    no_desk        INTEGER NOT NULL,     -- 1: written without a desk (on the spot)
    n              INTEGER NOT NULL,
    PRIMARY KEY (day, kecamatan_code, kind, no_desk)
) WITHOUT ROWID""",
    BACKFILL,
    f"CREATE TRIGGER event_day_added AFTER INSERT ON event BEGIN {_ADD} END",
    f"CREATE TRIGGER event_day_removed AFTER DELETE ON event BEGIN {_REMOVE} END",
    "CREATE TRIGGER event_day_changed AFTER UPDATE OF at, kind, desk, person_id ON event "
    f"BEGIN {_REMOVE} {_ADD} END",
    # a person moved to another kecamatan takes their events' counts along
    """CREATE TRIGGER event_day_person_moved AFTER UPDATE OF kecamatan_code ON person
WHEN OLD.kecamatan_code IS NOT NEW.kecamatan_code BEGIN
    UPDATE event_day_count SET n = n - (
        SELECT count(*) FROM event e WHERE e.person_id = NEW.id
        AND substr(e.at, 1, 10) = event_day_count.day AND e.kind = event_day_count.kind
        AND (e.desk IS NULL) = event_day_count.no_desk)
    WHERE kecamatan_code = coalesce(OLD.kecamatan_code, '')
      AND day IN (SELECT substr(at, 1, 10) FROM event WHERE person_id = NEW.id);
    INSERT INTO event_day_count (day, kecamatan_code, kind, no_desk, n)
    SELECT substr(at, 1, 10), coalesce(NEW.kecamatan_code, ''), kind, desk IS NULL, count(*)
    FROM event WHERE person_id = NEW.id GROUP BY 1, 3, 4
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
END""",
)


_GROUP = ("coalesce({p}.kecamatan_code, ''), coalesce({p}.kelurahan_code, ''), "
          "{p}.category, {p}.status, {p}.called")
_PERSON_ADD = ("INSERT INTO person_count (kecamatan_code, kelurahan_code, category, status, "
               "called, n) VALUES (" + _GROUP.format(p="NEW") + ", 1) "
               "ON CONFLICT DO UPDATE SET n = n + 1;")
_PERSON_REMOVE = ("UPDATE person_count SET n = n - 1 WHERE (kecamatan_code, kelurahan_code, "
                  "category, status, called) = (" + _GROUP.format(p="OLD") + ");")

# People per office, kelurahan, category, status and called, from the people there are.
PEOPLE_BACKFILL = """INSERT INTO person_count (kecamatan_code, kelurahan_code, category,
                          status, called, n)
SELECT coalesce(kecamatan_code, ''), coalesce(kelurahan_code, ''), category, status, called,
       count(*)
FROM person GROUP BY 1, 2, 3, 4, 5"""

PEOPLE_COUNTS = (
    """CREATE TABLE person_count (
    kecamatan_code TEXT NOT NULL,        -- '' when unknown
    kelurahan_code TEXT NOT NULL,
    category       TEXT NOT NULL,
    status         TEXT NOT NULL,
    called         INTEGER NOT NULL,
    n              INTEGER NOT NULL,
    PRIMARY KEY (kecamatan_code, kelurahan_code, category, status, called)
) WITHOUT ROWID""",
    PEOPLE_BACKFILL,
    f"CREATE TRIGGER person_count_added AFTER INSERT ON person BEGIN {_PERSON_ADD} END",
    f"CREATE TRIGGER person_count_removed AFTER DELETE ON person BEGIN {_PERSON_REMOVE} END",
    "CREATE TRIGGER person_count_changed AFTER UPDATE OF kecamatan_code, kelurahan_code, "
    "category, status, called ON person WHEN (" + _GROUP.format(p="OLD") + ") IS NOT ("
    + _GROUP.format(p="NEW") + f") BEGIN {_PERSON_REMOVE} {_PERSON_ADD} END",
)


def apply(conn: sqlite3.Connection) -> None:
    for statement in (*SQL, *DAY_COUNTS, *PEOPLE_COUNTS):
        conn.execute(statement)
