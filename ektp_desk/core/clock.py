"""The one place the core asks the time, so tests can pass or pin it."""

from __future__ import annotations

import datetime as dt
import os

WIB = dt.timezone(dt.timedelta(hours=7), "WIB")


def now() -> dt.datetime:
    """Aware local time (WIB by default: the offices are in Jawa Tengah)."""
    return dt.datetime.now(WIB)


def today() -> dt.date:
    """Today in WIB, or EKTP_DESK_TODAY (YYYY-MM-DD) so a whole drive can be replayed or
    tested on fixed dates."""
    pinned = os.environ.get("EKTP_DESK_TODAY")
    if pinned:
        return dt.date.fromisoformat(pinned)
    return now().date()


def timestamp() -> str:
    """ISO 8601 timestamp with offset, as stored in the database."""
    return now().isoformat(timespec="seconds")
