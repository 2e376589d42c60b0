"""The record of processing (UU 27/2022): who did what, when. Rows are only ever added."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import peewee as pw

from ektp_desk.core import clock, messages
from ektp_desk.core.errors import UserError

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
})


def record(db: pw.Database, user: str, action: str, **detail: Any) -> None:
    db.execute_sql(
        "INSERT INTO audit_log (at, by_user, action, detail) VALUES (?, ?, ?, ?)",
        (clock.timestamp(), user, action, json.dumps(detail, ensure_ascii=False, default=str)),
    )


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
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            raise UserError("audit_unwritable_locked") from exc
        if "readonly" in text or "read-only" in text:
            raise UserError("audit_unwritable_readonly") from exc
        raise UserError("audit_unwritable", detail=str(exc)) from exc
