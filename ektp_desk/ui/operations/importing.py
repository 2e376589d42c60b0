"""The import wizard's read job (the import itself runs ``importer.run_import`` directly)."""

from __future__ import annotations

import peewee as pw

from ektp_desk.core import import_source


def read_source(db: pw.Database, path: str, sheet: str | None) -> import_source.Source:
    """Read a KPU file (one sheet of a workbook); the database is not needed."""
    return import_source.read_source(path, sheet)
