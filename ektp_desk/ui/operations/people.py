"""The Warga page's write job: recording that a full NIK is shown."""

from __future__ import annotations

import peewee as pw

from ektp_desk.core import audit


def record_nik_shown(db: pw.Database, person_id: int, user: str) -> int:
    """The audit entry for showing a full NIK (UU 27/2022: every unmasking is recorded),
    committed before the NIK shows; a UserError when it cannot be written."""
    audit.record_before_disclosure(db, user, "tampilkan_nik", person_id=person_id)
    return person_id
