"""The record of processing (UU 27/2022): who did what, when. Rows are only ever added."""

from __future__ import annotations

import json
from typing import Any

import peewee as pw

from ektp_desk.core import clock


def record(db: pw.Database, user: str, action: str, **detail: Any) -> None:
    db.execute_sql(
        "INSERT INTO audit_log (at, by_user, action, detail) VALUES (?, ?, ?, ?)",
        (clock.timestamp(), user, action, json.dumps(detail, ensure_ascii=False, default=str)),
    )
