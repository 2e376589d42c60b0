"""The name search index (FTS5 trigram over person.name_norm).

Bulk loads do not maintain the index row by row (that slows them about elevenfold); they
leave new rows above the watermark meta 'fts_upto', and :func:`index_pending` catches up
later, in the background. Searches stay correct meanwhile: rows above the watermark are
scanned with LIKE, which is fast because they are few.
"""

from __future__ import annotations

import peewee as pw

from ektp_desk.core import db as core_db
from ektp_desk.core.jobs import NEVER_CANCELLED, CancelToken, Progress, no_progress

CHUNK = 20_000


def indexed_upto(db: pw.Database) -> int:
    return int(core_db.meta_get(db, "fts_upto", "0") or 0)


def pending(db: pw.Database) -> int:
    upto = indexed_upto(db)
    return db.execute_sql("SELECT count(*) FROM person WHERE id > ?", (upto,)).fetchone()[0]


def index_pending(
    db: pw.Database,
    *,
    progress: Progress = no_progress,
    cancel: CancelToken = NEVER_CANCELLED,
) -> int:
    """Index every person above the watermark, in chunks each committed on its own (so a
    cancel keeps what is done and loses nothing). Returns how many rows were indexed."""
    total = pending(db)
    done = 0
    while True:
        cancel.raise_if_cancelled()
        with db.atomic():
            upto = indexed_upto(db)
            rows = db.execute_sql(
                "SELECT id FROM person WHERE id > ? ORDER BY id LIMIT 1 OFFSET ?",
                (upto, CHUNK - 1),
            ).fetchone()
            last = rows[0] if rows else db.execute_sql("SELECT max(id) FROM person").fetchone()[0]
            if last is None or last <= upto:
                return done
            cursor = db.execute_sql(
                "INSERT INTO person_fts (rowid, name_norm) "
                "SELECT id, name_norm FROM person WHERE id > ? AND id <= ?",
                (upto, last),
            )
            done += cursor.rowcount
            core_db.meta_set(db, "fts_upto", str(last))
        progress(min(done, total), total, "Menyiapkan indeks pencarian nama")


def reindex_name(db: pw.Database, person_id: int, old_norm: str, new_norm: str) -> None:
    """Keep the index right when an indexed person's name changes (call inside the write)."""
    if person_id > indexed_upto(db) or old_norm == new_norm:
        return
    db.execute_sql(
        "INSERT INTO person_fts (person_fts, rowid, name_norm) VALUES ('delete', ?, ?)",
        (person_id, old_norm),
    )
    db.execute_sql("INSERT INTO person_fts (rowid, name_norm) VALUES (?, ?)",
                   (person_id, new_norm))
