"""Print jobs of a visit's documents: which registered documents (``visit_document``) a
job holds, and whether each was a reprint (docs/architecture.md, "Printing").

A visit's document has no printed state of its own (its number is taken when its PDF is
made); the link lets the print queue list the job like a letters job and tells a reprint
(the same numbered document in an earlier job the printer accepted) in the audit trail.
"""

from __future__ import annotations

import sqlite3

VERSION = 19

SQL = """
CREATE TABLE print_job_visit_document (
    job_id      INTEGER NOT NULL REFERENCES print_job(id),
    document_id INTEGER NOT NULL REFERENCES visit_document(id),
    reprint     INTEGER NOT NULL DEFAULT 0,   -- 1: in an earlier job the printer accepted
    PRIMARY KEY (job_id, document_id)
) WITHOUT ROWID;
CREATE INDEX print_job_visit_document_document ON print_job_visit_document (document_id)
"""


def apply(conn: sqlite3.Connection) -> None:
    for statement in SQL.split(";\n"):
        if statement.strip():
            conn.execute(statement)
