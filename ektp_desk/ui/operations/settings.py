"""Jobs over the settings: what the status bar and the desk's write jobs read."""

from __future__ import annotations

import peewee as pw

from ektp_desk.core import accounts, settings


def desk_and_user(db: pw.Database) -> tuple[str, str]:
    """This desk's name and the clerk's, as the events and the status bar name them."""
    return str(settings.get(db, "desk_name")), accounts.acting_name(db)
