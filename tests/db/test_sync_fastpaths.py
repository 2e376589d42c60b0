"""The fast paths of sync give what the general paths give.

- importing events: the rows planned in Python (first copy of a row wins, same content
  skipped, other content refused, rows waiting for their person or undone event deferred)
  against the set-based SQL of the previous version, kept here as the reference;
- importing versions: the same against the previous SQL;
- stamping: HLC stamps in bulk against one tick at a time, and the JSON SQLite writes for
  a person's fields against :func:`records.canonical`;
- bulk writes: NULL (NaN) is stored as NULL.

(The single-version person and the fold of people new here are checked against
records.choose and status.folds after every import of the convergence property test.)
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ektp_desk.core import db as core_db
from ektp_desk.core.sync import apply, records
from ektp_desk.core.sync import hlc as hlc_mod

NIKS = [f"33750112010800{i:02d}" for i in range(6)]  # the first four are people here
ORIGINS = ("337501-aaaa", "337502-bbbb")
KINDS = ("dipanggil", "hadir", "terekam", "tidak_hadir", "batal")


@pytest.fixture(scope="module")
def db():
    made = core_db.open_database(":memory:", bind=False)
    made.connection().executemany(
        "INSERT INTO person (nik, name, name_norm, category, created_at, updated_at) "
        "VALUES (?, 'X', 'X', 'lainnya', '2026-01-01', '2026-01-01')",
        [(nik,) for nik in NIKS[:4]])
    yield made
    made.close()


def _savepoint(db, run):
    """What ``run(conn)`` returns, then everything it wrote rolled back."""
    with db.atomic() as tx:
        got = run(db.connection())
        tx.rollback()
    return got


# --- events --------------------------------------------------------------------------------

ident = st.tuples(st.sampled_from(ORIGINS), st.integers(1, 8))
stored_event = st.tuples(ident, st.integers(0, 3), st.sampled_from(KINDS[:4]),
                         st.integers(0, 9), st.none() | ident)
incoming_event = st.tuples(ident, st.integers(0, 5), st.sampled_from(KINDS),
                           st.integers(0, 9), st.none() | st.sampled_from(["r", "s"]),
                           st.none() | ident, st.booleans())


def _hlc(n: int) -> str:
    return hlc_mod.make(1_700_000_000_000 + n)


def _store(conn: sqlite3.Connection, stored: list[tuple]) -> list[tuple[Any, ...]]:
    """Events already here (unique identities; an undo names an earlier one); returns
    them as the rows a file would carry."""
    seen: dict[tuple[str, int], int] = {}
    rows = []
    for (origin, seq), person, kind, clock, undoes in stored:
        if (origin, seq) in seen:
            continue
        target = seen.get(undoes) if undoes else None
        cursor = conn.execute(
            "INSERT INTO event (person_id, kind, undoes, at, by_user, origin, origin_seq, hlc) "
            "VALUES (?, ?, ?, '2026-11-28T09:00:00+07:00', 'uji', ?, ?, ?)",
            (person + 1, kind, target, origin, seq, _hlc(clock)))
        seen[(origin, seq)] = cursor.lastrowid
        rows.append(["e", origin, seq, _hlc(clock), NIKS[person], kind, None, None,
                     *(undoes if target else (None, None)), "2026-11-28T09:00:00+07:00", "uji",
                     None])
    return rows


def _incoming(generated: list[tuple], stored_rows: list[list[Any]]) -> list[list[Any]]:
    rows = []
    for i, ((origin, seq), person, kind, clock, reason, undoes, copy) in enumerate(generated):
        if copy and stored_rows:  # a row already here, sometimes with other content
            row = list(stored_rows[i % len(stored_rows)])
            if reason == "r":
                row[5] = kind
            rows.append(row)
            continue
        rows.append(["e", origin, seq, _hlc(clock), NIKS[person], kind, reason, None,
                     *(undoes or (None, None)), "2026-11-28T10:00:00+07:00", "uji", "Meja 2"])
    return rows


def _events_now(conn: sqlite3.Connection) -> list[tuple]:
    return conn.execute(
        "SELECT e.id, e.person_id, e.kind, e.reason, e.note, e.undoes, e.at, e.by_user, "
        "e.desk, e.origin, e.origin_seq, e.hlc FROM event e ORDER BY e.id").fetchall()


def _outcome(out: apply._Outcome, deferred: dict[str, list[int]]) -> tuple:
    # (the previous SQL listed refused rows in no set order)
    return (out.skipped, sorted(out.rejected_rows), out.deferred,
            {k: sorted(v) for k, v in deferred.items() if v})


def _reference_events(conn: sqlite3.Connection, events: list[list[Any]]) -> tuple:
    """The previous version's set-based SQL."""
    out, deferred = apply._Outcome(), defaultdict(list)
    conn.execute("CREATE TEMP TABLE inc_event (origin TEXT, seq INTEGER, hlc TEXT, nik TEXT, "
                 "kind TEXT, reason TEXT, note TEXT, uo TEXT, us INTEGER, at TEXT, "
                 "by_user TEXT, desk TEXT, state TEXT NOT NULL DEFAULT 'new', "
                 "PRIMARY KEY (origin, seq))")
    conn.executemany("INSERT OR IGNORE INTO temp.inc_event (origin, seq, hlc, nik, kind, "
                     "reason, note, uo, us, at, by_user, desk) VALUES "
                     "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (r[1:] for r in events))
    marks = []
    for origin, seq, same in conn.execute(
            "SELECT i.origin, i.seq, (e.hlc IS i.hlc AND p.nik IS i.nik AND e.kind IS i.kind "
            "AND e.reason IS i.reason AND e.note IS i.note AND u.origin IS i.uo "
            "AND u.origin_seq IS i.us AND e.at IS i.at AND e.by_user IS i.by_user "
            "AND e.desk IS i.desk) FROM temp.inc_event i "
            "JOIN event e ON e.origin = i.origin AND e.origin_seq = i.seq "
            "JOIN person p ON p.id = e.person_id LEFT JOIN event u ON u.id = e.undoes"):
        if same:
            out.skipped += 1
            marks.append(("skip", origin, seq))
        else:
            apply._refuse(out, origin, seq)
            marks.append(("reject", origin, seq))
    conn.executemany("UPDATE temp.inc_event SET state = ? WHERE origin = ? AND seq = ?", marks)
    conn.execute("UPDATE temp.inc_event SET state = 'defer' WHERE state = 'new' AND NOT "
                 "EXISTS (SELECT 1 FROM person p WHERE p.nik = temp.inc_event.nik)")
    while conn.execute(
            "UPDATE temp.inc_event SET state = 'defer' WHERE state = 'new' AND uo IS NOT NULL "
            "AND NOT EXISTS (SELECT 1 FROM event u WHERE u.origin = temp.inc_event.uo "
            "AND u.origin_seq = temp.inc_event.us) AND NOT EXISTS (SELECT 1 FROM "
            "temp.inc_event j WHERE j.origin = temp.inc_event.uo "
            "AND j.seq = temp.inc_event.us AND j.state = 'new')").rowcount:
        pass
    for origin, seq in conn.execute("SELECT origin, seq FROM temp.inc_event "
                                    "WHERE state = 'defer'"):
        deferred[origin].append(seq)
        out.deferred += 1
    conn.execute(
        "INSERT INTO event (person_id, kind, reason, note, at, by_user, desk, origin, "
        "origin_seq, hlc) SELECT p.id, i.kind, i.reason, i.note, i.at, i.by_user, i.desk, "
        "i.origin, i.seq, i.hlc FROM temp.inc_event i JOIN person p ON p.nik = i.nik "
        "WHERE i.state = 'new' ORDER BY i.hlc, i.origin, i.seq")
    conn.execute(
        "UPDATE event SET undoes = (SELECT u.id FROM event u WHERE u.origin = i.uo "
        "AND u.origin_seq = i.us) FROM temp.inc_event i WHERE i.state = 'new' "
        "AND i.uo IS NOT NULL AND event.origin = i.origin AND event.origin_seq = i.seq")
    conn.execute("DROP TABLE temp.inc_event")
    return _events_now(conn), _outcome(out, deferred)


def _planned_events(conn: sqlite3.Connection, events: list[list[Any]], known: int) -> tuple:
    out, deferred = apply._Outcome(), defaultdict(list)
    people = {nik: i + 1 for i, nik in enumerate(NIKS[:known])}  # some already looked up
    rows, _ = apply._new_events(conn, events, people, out, deferred)
    records.insert_many(conn, "event", apply._EVENT_COLUMNS, rows)
    return _events_now(conn), _outcome(out, deferred)


@settings(max_examples=300, deadline=None)
@given(stored=st.lists(stored_event, max_size=10),
       incoming=st.lists(incoming_event, max_size=25), known=st.integers(0, 4))
def test_events_planned_in_python_are_what_the_set_based_sql_applied(db, stored, incoming,
                                                                     known):
    def run(conn: sqlite3.Connection, apply_: Any) -> tuple:
        return apply_(conn, _incoming(incoming, _store(conn, stored)))

    expected = _savepoint(db, lambda conn: run(conn, _reference_events))
    got = _savepoint(db, lambda conn: run(conn, lambda c, e: _planned_events(c, e, known)))
    assert got == expected


# --- versions ------------------------------------------------------------------------------

def _reference_items(conn: sqlite3.Connection, items: list[list[Any]]) -> tuple:
    out = apply._Outcome()
    conn.execute("CREATE TEMP TABLE inc_item (origin TEXT, seq INTEGER, hlc TEXT, kind TEXT, "
                 "key TEXT, digest TEXT, body TEXT, PRIMARY KEY (origin, seq))")
    rows = []
    for _, origin, seq, stamp, kind, key, body in items:
        text = records.canonical(body)
        rows.append((origin, seq, stamp, kind, key,
                     records.item_digest(origin, seq, stamp, kind, key, text), text))
    conn.executemany("INSERT OR IGNORE INTO temp.inc_item VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    for origin, seq, same in conn.execute(
            "SELECT i.origin, i.seq, s.digest = i.digest FROM temp.inc_item i "
            "JOIN sync_item s ON s.origin = i.origin AND s.seq = i.seq"):
        if same:
            out.skipped += 1
        else:
            apply._refuse(out, origin, seq)
    niks = {r[0] for r in conn.execute(
        "SELECT i.key FROM temp.inc_item i WHERE i.kind = 'person' AND NOT EXISTS "
        "(SELECT 1 FROM sync_item s WHERE s.origin = i.origin AND s.seq = i.seq)")}
    out.new_items = conn.execute(
        "INSERT INTO sync_item (origin, seq, kind, key, hlc, digest, body, received_at) "
        "SELECT origin, seq, kind, key, hlc, digest, body, 'now' FROM temp.inc_item i "
        "WHERE NOT EXISTS (SELECT 1 FROM sync_item s WHERE s.origin = i.origin "
        "AND s.seq = i.seq)").rowcount
    conn.execute("DROP TABLE temp.inc_item")
    return _items_now(conn), niks, (out.skipped, sorted(out.rejected_rows), out.new_items)


def _items_now(conn: sqlite3.Connection) -> list[tuple]:
    return conn.execute("SELECT * FROM sync_item ORDER BY origin, seq").fetchall()


item = st.tuples(ident, st.integers(0, 5), st.sampled_from(["A", "B"]), st.integers(0, 9))


@settings(max_examples=200, deadline=None)
@given(stored=st.lists(item, max_size=8), incoming=st.lists(item, max_size=20))
def test_versions_stored_in_python_are_what_the_set_based_sql_stored(db, stored, incoming):
    def rows(generated: list[tuple]) -> list[list[Any]]:
        return [["i", origin, seq, _hlc(clock), "person", NIKS[person],
                 {"f": [NIKS[person], None, None, name], "base": []}]
                for (origin, seq), person, name, clock in generated]

    def run(conn: sqlite3.Connection, apply_: Any) -> tuple:
        apply._apply_items(conn, rows(stored), apply._Outcome(), "now")
        return apply_(conn, rows(incoming))

    def planned(conn: sqlite3.Connection, items: list[list[Any]]) -> tuple:
        out = apply._Outcome()
        versions = apply._apply_items(conn, items, out, "now")
        return (_items_now(conn), {r[5] for r in versions},
                (out.skipped, sorted(out.rejected_rows), out.new_items))

    assert (_savepoint(db, lambda conn: run(conn, planned))
            == _savepoint(db, lambda conn: run(conn, _reference_items)))


# --- stamping ------------------------------------------------------------------------------

def _tick_one(clock: list[int], physical: int) -> str:
    """The HLC tick as it was written for one stamp at a time."""
    if physical > clock[0]:
        clock[0], clock[1] = physical, 0
    else:
        clock[1] += 1
        if clock[1] > 99_999:
            clock[0], clock[1] = clock[0] + 1, 0
    return hlc_mod.make(*clock)


@given(start=st.tuples(st.integers(0, 10**6), st.integers(0, 99_999)),
       physicals=st.lists(st.integers(0, 10**6 + 5) | st.just(10**6), max_size=60))
def test_stamps_in_bulk_are_the_ticks_one_at_a_time(start, physicals):
    clock = hlc_mod.Clock(hlc_mod.make(*start))
    reference = list(start)
    assert clock.ticks(physicals) == [_tick_one(reference, p) for p in physicals]
    assert clock.last == hlc_mod.make(*reference)


def test_a_full_counter_borrows_a_millisecond():
    clock = hlc_mod.Clock(hlc_mod.make(5, 99_998))
    assert clock.ticks([1, 1, 1]) == [hlc_mod.make(5, 99_999), hlc_mod.make(6, 0),
                                      hlc_mod.make(6, 1)]


# the values a person's fields hold: text (any character SQLite can store) or NULL
field_value = st.none() | st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)


@given(values=st.lists(field_value | st.integers(-2**63, 2**63 - 1), min_size=1,
                       max_size=20))
def test_sqlite_writes_the_json_canonical_writes(values):
    conn = sqlite3.connect(":memory:")
    sql = f"SELECT json_array({', '.join('?' * len(values))})"
    assert conn.execute(sql, values).fetchone()[0] == records.canonical(values)


def test_a_person_stamped_carries_the_canonical_body(tmp_path):
    from tests.sync_helpers import NOW, build

    city = build(tmp_path / "o", people=3, kecamatan=("337501",))["kota"]
    tricky = 'JL. "KUTIP" \\ \t\n\x01 Ünïcødé ☃'
    city.db.execute_sql("UPDATE person SET address = ?, note = NULL WHERE id = 1", (tricky,))
    records.stamp(city.db, city.office_id, hlc_mod.Clock(), NOW)
    fields = city.db.execute_sql(f"SELECT {', '.join(records.PERSON_FIELDS)} FROM person "
                                 "WHERE id = 1").fetchone()
    body = city.db.execute_sql("SELECT body FROM sync_item WHERE kind = 'person' AND key = ?",
                               (fields[0],)).fetchone()[0]
    assert body == records.canonical({"f": list(fields), "base": []})
    assert json.loads(body)["f"][records.PERSON_FIELDS.index("address")] == tricky
    city.db.close()


def test_null_is_stored_as_null(db):
    def run(conn: sqlite3.Connection) -> list[tuple]:
        conn.execute("CREATE TEMP TABLE t (a TEXT, b INTEGER)")
        records.insert_many(conn, "temp.t", ("a", "b"), [(records.NULL, records.NULL)])
        return conn.execute("SELECT typeof(a), typeof(b) FROM temp.t").fetchall()

    assert _savepoint(db, run) == [("null", "null")]
