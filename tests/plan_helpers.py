"""Planning in tests that are about something else than the pupils' hours and routing.

Pupils (younger than ``pelajar_age_below`` on polling day) are booked only on Saturdays or
after school by default (docs/domain.md, "A plan people can keep"). Most demo people are
16–17, so with the default office hours their one place is Dindukcapil's Saturday morning.
Inmates and people with disabilities are proposed for outreach, never summoned, by default
(docs/domain.md, "Routing by category"): a sixth of the demo people.
Tests of letters, the desk, sync, printing or the window that need a planned drive say so
here, once, and plan everyone at the offices; the planner's own tests keep the rules on.
"""

from __future__ import annotations

from pathlib import Path

import peewee as pw

from ektp_desk.core import accounts, settings
from tests.cli_helpers import DEMO_ADMIN, ektp

SETTING = "pelajar_after_school"
TO_OFFICES = {SETTING: "tidak", "route_warga_binaan": "kantor", "route_disabilitas": "kantor"}


def without_pupil_rule(db: pw.Database | Path) -> None:
    """Plan everyone alike at the offices in this database: pupils like everyone else,
    inmates and people with disabilities summoned too (an open database, or a file the
    command line works on: then through ``ektp-desk settings``, as a clerk would)."""
    if isinstance(db, Path):
        for key, value in TO_OFFICES.items():
            ektp(db, "settings", key, value, env=DEMO_ADMIN)
        return
    # a demo database with its accounts: the demo's admin changes the settings, as in the
    # window (core refuses a settings change with nobody logged in)
    as_admin = accounts.current(db) is None and accounts.has_accounts(db)
    if as_admin:
        accounts.sign_in(db, accounts.get(db, "admin"))
    try:
        for key, value in TO_OFFICES.items():
            settings.set(db, key, value)
    finally:
        if as_admin:
            accounts.sign_out(db)
