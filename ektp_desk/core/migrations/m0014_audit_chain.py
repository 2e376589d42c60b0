"""The audit log becomes a hash chain (docs/architecture.md, "The audit trail").

- ``audit_log`` is rebuilt with ``seq`` (1..n, no gaps), ``os_user`` (the computer's
  account), ``prev_hash`` and ``hash``: SHA-256 over the canonical row and the previous
  hash (``core.audit.row_hash``). Existing rows are chained here in id order.
- Triggers refuse UPDATE and DELETE on it. Anyone with SQL can drop them; they stop
  mistakes, the chain is the proof (``audit verify``).
- ``audit_head``: per office, the heads of its chain that sync files carried here, so a
  trail rewritten after a file left the office is noticed at the next file.
"""

from __future__ import annotations

import sqlite3

from ektp_desk.core.audit import GENESIS, row_hash

VERSION = 14

SQL = """CREATE TABLE audit_log_new (
    id        INTEGER PRIMARY KEY,
    seq       INTEGER NOT NULL UNIQUE,
    at        TEXT NOT NULL,
    by_user   TEXT NOT NULL,
    os_user   TEXT NOT NULL DEFAULT '',
    action    TEXT NOT NULL,
    detail    TEXT NOT NULL DEFAULT '{}',
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_user ON audit_log (by_user, seq);
CREATE INDEX audit_log_action ON audit_log (action, seq);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log: baris log audit tidak boleh diubah'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log: baris log audit tidak boleh dihapus'); END;
CREATE TABLE audit_head (
    id        INTEGER PRIMARY KEY,
    office_id TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    hash      TEXT NOT NULL,
    seen_at   TEXT NOT NULL,
    file      TEXT NOT NULL DEFAULT '',
    flagged   TEXT          -- why this file's chain did not extend the heads seen before
);
CREATE INDEX audit_head_office ON audit_head (office_id, seq)"""


def apply(conn: sqlite3.Connection) -> None:
    prev = GENESIS
    rows = []
    for seq, (row_id, at, by_user, action, detail) in enumerate(conn.execute(
            "SELECT id, at, by_user, action, detail FROM audit_log ORDER BY id"), start=1):
        digest = row_hash(prev, seq, at, by_user, "", action, detail)
        rows.append((row_id, seq, at, by_user, action, detail, prev, digest))
        prev = digest
    statements = [s for s in SQL.split(";\n") if s.strip()]
    conn.execute(statements[0])
    conn.executemany(
        "INSERT INTO audit_log_new (id, seq, at, by_user, action, detail, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.execute("DROP TABLE audit_log")
    conn.execute("ALTER TABLE audit_log_new RENAME TO audit_log")
    for statement in statements[1:]:
        conn.execute(statement)
