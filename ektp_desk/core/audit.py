"""The record of processing (UU 27/2022): who did what, when. Rows are only ever added,
and each is chained to the one before it by a hash (docs/architecture.md, "The audit
trail"), so an edited, deleted or inserted row is found by :func:`verify`."""

from __future__ import annotations

import functools
import getpass
import hashlib
import json
import re
import sqlite3
from dataclasses import dataclass
from typing import Any

import peewee as pw

from ektp_desk.core import clock, messages, nik, text
from ektp_desk.core.errors import UserError
from ektp_desk.core.jobs import NEVER_CANCELLED, CancelToken, Progress, no_progress

messages.register({
    "audit_unwritable_locked": (
        "Log audit tidak dapat ditulis: basis data sedang dipakai meja lain. Data tidak "
        "ditampilkan; coba lagi sebentar lagi.",
        "The audit log cannot be written: the database is busy at another desk. Nothing was "
        "shown; try again shortly.",
    ),
    "audit_unwritable_readonly": (
        "Log audit tidak dapat ditulis: basis data hanya-baca. Data tidak ditampilkan.",
        "The audit log cannot be written: the database is read-only. Nothing was shown.",
    ),
    "audit_unwritable": (
        "Log audit tidak dapat ditulis ({detail}). Data tidak ditampilkan.",
        "The audit log cannot be written ({detail}). Nothing was shown.",
    ),
    "audit_verify_ok": (
        "Rantai log audit utuh: {rows} baris, kepala seq {seq}.",
        "The audit chain is intact: {rows} rows, head seq {seq}.",
    ),
    "audit_verify_empty": ("Log audit masih kosong.", "The audit log is still empty."),
    "audit_bad_edited": (
        "Baris log audit seq {seq} (id {id}) telah diubah: isinya tidak cocok dengan "
        "hash-nya.",
        "Audit row seq {seq} (id {id}) was edited: its content does not match its hash.",
    ),
    "audit_bad_deleted": (
        "Baris log audit seq {missing} hilang (dihapus); baris berikutnya adalah seq {seq} "
        "(id {id}).",
        "Audit row(s) seq {missing} are missing (deleted); the next row is seq {seq} "
        "(id {id}).",
    ),
    "audit_bad_link": (
        "Baris log audit seq {seq} (id {id}) tidak tersambung ke baris sebelumnya: baris "
        "disisipkan, diurutkan ulang, atau baris sebelumnya dihapus.",
        "Audit row seq {seq} (id {id}) does not link to the row before it: a row was "
        "inserted, reordered, or the row before it was deleted.",
    ),
    "audit_bad_order": (
        "Baris log audit seq {seq} (id {id}) berada di luar urutan: id-nya lebih kecil "
        "daripada baris sebelumnya (id {prev_id}).",
        "Audit row seq {seq} (id {id}) is out of place: its id is lower than the row "
        "before it (id {prev_id}).",
    ),
    "audit_verify_progress": ("Memeriksa rantai log audit", "Checking the audit chain"),
})

GENESIS = "0" * 64  # the prev_hash of seq 1


def row_hash(prev_hash: str, seq: int, at: str, by_user: str, os_user: str, action: str,
             detail: str) -> str:
    """SHA-256 over the canonical row and the previous hash. ``detail`` is the stored JSON
    text itself, so hashing never depends on how JSON is re-encoded. Never change this:
    every stored hash was made with it."""
    canonical = _canonical([seq, at, by_user, os_user, action, detail])
    return hashlib.sha256(f"{prev_hash}\n{canonical}".encode()).hexdigest()


# one encoder: json.dumps with options builds a new one on every call (a third of the
# time of a hash, which verify pays a million times)
_canonical = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


@functools.cache
def _os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no account name in the environment
        return ""


def _append(db: pw.Database, user: str, action: str, detail: str, os_user: str) -> None:
    conn = db.connection()
    # read inside the write transaction (BEGIN IMMEDIATE): no other desk can append
    # between this read and the insert, so the chain never forks
    last = conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    at = clock.timestamp()
    conn.execute(
        "INSERT INTO audit_log (seq, at, by_user, os_user, action, detail, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (seq, at, user, os_user, action, detail, prev,
         row_hash(prev, seq, at, user, os_user, action, detail)))


# NIKs never enter a row (docs/architecture.md, "The audit trail"): a run of 12 or more
# digits, also grouped by spaces or dots as a spreadsheet writes a NIK, holds a birth date
# and is masked as lists mask a NIK, in every text of the detail; in clerk-typed search
# text (SEARCH_KEYS) a run of 6 or more too, the start of a NIK typed to find someone.
# Shorter runs elsewhere are the program's (kelurahan codes, office ids, timestamps).
_NIK_RUN = re.compile(r"(?<!\d)\d(?:[ .]?\d){11,}(?!\d)")
_SEARCH_RUN = re.compile(r"(?<!\d)\d(?:[ .]?\d){5,}(?!\d)")
SEARCH_KEYS = frozenset({"search"})
_DIGEST = re.compile(r"[0-9a-fA-F]{32,}")  # a file's sha256, a row's hash: not a NIK
_LONG_INT = 10 ** 11  # an int of 12 digits or more is masked like a run in a text


def _masked_run(match: re.Match[str]) -> str:
    return nik.mask(match.group().replace(".", ""))


def scrubbed(value: Any, key: str = "") -> Any:
    """``value`` (a row's detail) with every NIK-like digit run masked; ``key`` is the
    detail's key the value sits under."""
    if isinstance(value, dict):
        return {k: scrubbed(v, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrubbed(v, key) for v in value]
    if value is None or isinstance(value, bool | float):
        return value
    if isinstance(value, int) and abs(value) < _LONG_INT:
        return value
    found = str(value)  # json.dumps would write any other object as its str() too
    if _DIGEST.fullmatch(found) and not found.isdigit():
        return found
    pattern = _SEARCH_RUN if key in SEARCH_KEYS else _NIK_RUN
    masked = pattern.sub(_masked_run, found)
    return value if masked == found and isinstance(value, int | str) else masked


def record(db: pw.Database, user: str, action: str, *, os_user: str | None = None,
           **detail: Any) -> None:
    """Add a row to the chain, inside the caller's transaction when there is one (it
    stands or falls with the change it records), else in a transaction of its own.
    ``user`` is the account (or the clerk's name); ``os_user`` the computer's account,
    taken from the system when not given. NIK-like digit runs in ``detail`` are masked
    before the row is hashed and stored (:func:`scrubbed`)."""
    body = json.dumps(scrubbed(detail), ensure_ascii=False, default=str)
    who = _os_user() if os_user is None else os_user
    if db.in_transaction():
        _append(db, str(user), action, body, who)
    else:
        with db.atomic():
            _append(db, str(user), action, body, who)


def record_before_disclosure(db: pw.Database, user: str, action: str, **detail: Any) -> None:
    """Record a disclosure (full NIKs, an export) before anything is shown, committed on its
    own: a disclosure whose record could not be written must not happen. Raises UserError
    when the log cannot be written (read-only or locked database); the caller then shows
    nothing."""
    if db.in_transaction():
        # inside a caller's transaction the row would stand or fall with that transaction
        raise RuntimeError("record_before_disclosure needs its own transaction")
    try:
        with db.atomic():
            record(db, user, action, **detail)
    except (sqlite3.DatabaseError, pw.DatabaseError) as exc:  # peewee wraps sqlite3's
        reason = str(exc).lower()
        if "locked" in reason or "busy" in reason:
            raise UserError("audit_unwritable_locked") from exc
        if "readonly" in reason or "read-only" in reason:
            raise UserError("audit_unwritable_readonly") from exc
        raise UserError("audit_unwritable", detail=str(exc)) from exc


# --- the chain's head and its checks --------------------------------------------------------

def head(db: pw.Database) -> tuple[int, str] | None:
    """(seq, hash) of the newest row, or None for an empty log."""
    row = db.execute_sql("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    return (int(row[0]), str(row[1])) if row else None


def hashes_at(db: pw.Database, seqs: set[int]) -> dict[int, str | None]:
    """seq → the hash stored at that seq now (None: no such row any more)."""
    out: dict[int, str | None] = dict.fromkeys(seqs)
    for seq, digest in db.execute_sql(
            f"SELECT seq, hash FROM audit_log WHERE seq IN ({','.join('?' * len(seqs))})",
            tuple(seqs)) if seqs else ():
        out[int(seq)] = str(digest)
    return out


# --- verification -----------------------------------------------------------------------------

@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    rows: int  # rows checked (up to the first bad one)
    head_seq: int
    problem: str = ""  # '' | 'edited' | 'deleted' | 'link' | 'order'
    seq: int | None = None  # the first bad row, as stored
    row_id: int | None = None
    message: str = ""

    def as_json(self) -> dict[str, object]:
        return {"ok": self.ok, "rows": self.rows, "head_seq": self.head_seq,
                "problem": self.problem or None, "seq": self.seq, "id": self.row_id,
                "message": self.message}


VERIFY_CHUNK = 20_000


def verify(db: pw.Database, *, progress: Progress = no_progress,
           cancel: CancelToken = NEVER_CANCELLED) -> VerifyResult:
    """Walk the chain in seq order and name the first row that was edited (its hash does
    not match its content), deleted (a gap in seq), inserted or reordered (its prev_hash
    is not the previous row's hash, or its id is out of order). A truncated tail cannot
    be seen here; the heads carried in sync files show it at the city."""
    total = int(db.execute_sql("SELECT count(*) FROM audit_log").fetchone()[0])
    label = messages.text("audit_verify_progress")
    progress(0, total, label)
    expected, prev, prev_id, checked = 1, GENESIS, 0, 0

    def bad(problem: str, message_id: str, seq: int, row_id: int, **params: Any
            ) -> VerifyResult:
        return VerifyResult(False, checked, expected - 1, problem, seq, row_id,
                            messages.text(message_id, seq=seq, id=row_id, **params))

    after = 0
    while True:
        rows = db.execute_sql(
            "SELECT id, seq, at, by_user, os_user, action, detail, prev_hash, hash "
            "FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?",
            (after, VERIFY_CHUNK)).fetchall()
        if not rows:
            break
        for row_id, seq, at, by_user, os_user, action, detail, prev_hash, digest in rows:
            if seq != expected:
                missing = str(expected) if seq - 1 == expected else f"{expected}–{seq - 1}"
                return bad("deleted", "audit_bad_deleted", seq, row_id, missing=missing)
            if prev_hash != prev:
                return bad("link", "audit_bad_link", seq, row_id)
            if row_id <= prev_id:
                return bad("order", "audit_bad_order", seq, row_id, prev_id=prev_id)
            if row_hash(prev, seq, at, by_user, os_user, action, detail) != digest:
                return bad("edited", "audit_bad_edited", seq, row_id)
            expected, prev, prev_id = seq + 1, digest, row_id
            checked += 1
        after = rows[-1][1]
        cancel.raise_if_cancelled()
        progress(checked, total, label)
    if checked == 0:
        return VerifyResult(True, 0, 0, message=messages.text("audit_verify_empty"))
    return VerifyResult(True, checked, expected - 1, message=messages.text(
        "audit_verify_ok", rows=text.format_count(checked), seq=expected - 1))
