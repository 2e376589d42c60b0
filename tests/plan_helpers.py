"""Planning in tests that are about something else than the pupils' hours.

Pupils (younger than ``pelajar_age_below`` on polling day) are booked only on Saturdays or
after school by default (docs/domain.md, "A plan people can keep"). Most demo people are
16–17, so with the default office hours their one place is Dindukcapil's Saturday morning.
Tests of letters, the desk, sync, printing or the window that need a planned drive say so
here, once, and plan without the rule; the planner's own tests keep it on.
"""

from __future__ import annotations

from pathlib import Path

import peewee as pw

from ektp_desk.core import settings
from tests.cli_helpers import DEMO_ADMIN, ektp

SETTING = "pelajar_after_school"


def without_pupil_rule(db: pw.Database | Path) -> None:
    """Plan pupils like everyone else in this database (an open one, or a file the command
    line works on: then through ``ektp-desk settings``, as a clerk would)."""
    if isinstance(db, Path):
        ektp(db, "settings", SETTING, "tidak", env=DEMO_ADMIN)
        return
    settings.set(db, SETTING, False)
