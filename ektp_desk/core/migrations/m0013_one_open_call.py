"""One open call per person, kept by the schema too (docs/domain.md, "Jemput bola").

An open call is an open office summons (``summons.state = 'open'``; a partial unique index
already allows one) or a place on a planned visit with no outcome yet (``visit_person`` of
a ``visit`` in state ``rencana``, ``outcome`` NULL). The core takes a person's summons back
before putting them on a visit; these triggers refuse any write that would still leave
someone with two (a summons opened for a person on an open visit, a person put on a visit
while summoned or on another open visit), so a slip in code cannot.

Calls written before this step are left as they are (a summons and a visit made for one
person before the rule): the triggers check new writes only, and closing the day or
recording the visit ends one of the two.
"""

from __future__ import annotations

import sqlite3

VERSION = 13

_ON_OPEN_VISIT = """EXISTS (SELECT 1 FROM visit_person vp JOIN visit v ON v.id = vp.visit_id
        WHERE vp.person_id = NEW.person_id AND vp.outcome IS NULL AND v.state = 'rencana')"""

SQL = f"""
CREATE TRIGGER summons_one_open_call BEFORE INSERT ON summons
WHEN NEW.state = 'open' AND {_ON_OPEN_VISIT}
BEGIN SELECT RAISE(ABORT, 'one open call: the person is on an open visit'); END;

CREATE TRIGGER summons_reopen_one_call BEFORE UPDATE OF state ON summons
WHEN NEW.state = 'open' AND OLD.state != 'open' AND {_ON_OPEN_VISIT}
BEGIN SELECT RAISE(ABORT, 'one open call: the person is on an open visit'); END;

CREATE TRIGGER visit_person_one_open_call BEFORE INSERT ON visit_person
WHEN NEW.outcome IS NULL AND (
    EXISTS (SELECT 1 FROM summons m WHERE m.person_id = NEW.person_id AND m.state = 'open')
    OR EXISTS (SELECT 1 FROM visit_person vp JOIN visit v ON v.id = vp.visit_id
               WHERE vp.person_id = NEW.person_id AND vp.visit_id != NEW.visit_id
                 AND vp.outcome IS NULL AND v.state = 'rencana'))
BEGIN SELECT RAISE(ABORT, 'one open call: the person holds another open call'); END
"""


def apply(conn: sqlite3.Connection) -> None:
    for statement in SQL.split(";\n\n"):
        if statement.strip():
            conn.execute(statement)
