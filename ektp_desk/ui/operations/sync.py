"""The Sinkronisasi page's jobs (its writes run the core's sync functions directly)."""

from __future__ import annotations

import peewee as pw

from ektp_desk.core.sync import office, status


def page_state(db: pw.Database) -> tuple[office.OfficeInfo | None, status.SyncStatus]:
    """This office (None before its identity is made) and the per-office figures."""
    return office.identity(db), status.sync_status(db)

