"""The name search index (FTS5 trigram over person.name_norm).

Bulk loads do not maintain the index row by row (that slows them about elevenfold); they
leave new rows above the watermark meta 'fts_upto', and :func:`index_pending` catches up
later, in the background. Searches stay correct meanwhile: rows above the watermark are
scanned with LIKE, which is fast because they are few.
"""

from __future__ import annotations

from dataclasses import dataclass

import peewee as pw

from ektp_desk.core import db as core_db
from ektp_desk.core.jobs import NEVER_CANCELLED, CancelToken, Progress, no_progress
from ektp_desk.core.text import search_key

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


# --- searching --------------------------------------------------------------------------

MIN_TRIGRAM = 3  # FTS5 trigram cannot match anything shorter
_NIK_SEPARATORS = str.maketrans("", "", " .-\u00a0\t'")


@dataclass(frozen=True, slots=True)
class Condition:
    """A WHERE condition on ``person p`` (SQL with ? placeholders, and its parameters).

    `selective` says the condition narrows the rows enough to drive the query (index, FTS);
    other filters are then kept from competing with it for the plan.
    """

    sql: str
    params: tuple[object, ...]
    selective: bool = True


NOTHING = Condition("0", (), True)


def nik_digits(text: str) -> str | None:
    """The digits of a search that looks like a NIK ("3375 01", "3375.0114"), else None."""
    digits = text.strip().translate(_NIK_SEPARATORS)
    if digits and digits.isascii() and digits.isdigit():
        return digits
    return None


def _next_prefix(prefix: str) -> str:
    """The smallest string greater than every string starting with `prefix`."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def condition(
    db: pw.Database, text: str, *, keyset: bool = False, after_id: int = 0
) -> Condition | None:
    """What the search box means, as a condition on ``person p``; None when it is blank.

    - digits (spaces and dots allowed): 16 → that NIK; fewer → NIKs starting with them;
    - a name: every word of 3 or more letters must occur anywhere in the name (the FTS5
      trigram index for rows at or below the watermark, a LIKE scan for the rows above it,
      so the search is right while the index is behind); words of 1–2 letters must start a
      word of the name; a query with only short words is a prefix of the name (index).

    With `keyset` the condition is meant for scanning in id order from `after_id`, so any
    index it would use must not fight that order (see people.iter_rows).
    """
    digits = nik_digits(text)
    if digits is not None:
        if len(digits) > 16:
            return NOTHING
        if len(digits) == 16:
            return Condition("p.nik = ?", (digits,))
        col = "+p.nik" if keyset else "p.nik"  # keyset: scan in id order, not nik order
        # region (6) + birth day (2) narrows; a bare region code matches a whole kecamatan
        return Condition(f"{col} >= ? AND {col} < ?", (digits, _next_prefix(digits)),
                         selective=len(digits) >= 8)

    key = search_key(text)
    if not key:
        return None
    words = key.split()
    long_words = [w for w in words if len(w) >= MIN_TRIGRAM]
    short_words = [w for w in words if len(w) < MIN_TRIGRAM]
    if not long_words:
        col = "+p.name_norm" if keyset else "p.name_norm"
        return Condition(f"{col} >= ? AND {col} < ?", (key, _next_prefix(key)),
                         selective=len(key) >= 2)

    upto = indexed_upto(db)
    match = " AND ".join(f'"{w}"' for w in long_words)  # words are [A-Z0-9]: safe to quote
    likes = " AND ".join("name_norm LIKE ?" for _ in long_words)
    sql = (
        "p.id IN (SELECT rowid FROM person_fts WHERE person_fts MATCH ? AND rowid <= ?"
        + (" AND rowid > ?" if after_id else "")
        + f" UNION ALL SELECT id FROM person WHERE id > ? AND {likes})"
    )
    params: list[object] = [match, upto]
    if after_id:
        params.append(after_id)
    params.append(max(upto, after_id))
    params.extend(f"%{w}%" for w in long_words)
    for word in short_words:  # 'M YUSUF', 'BUDI S': a word of the name starts with it
        sql += " AND instr(' ' || p.name_norm, ?) > 0"
        params.append(" " + word)
    return Condition(sql, tuple(params))
