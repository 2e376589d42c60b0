"""Running the command line as a clerk's shell would, for the end-to-end tests."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def ektp(db: Path, *args: object, status: int | None = 0, env: dict[str, str] | None = None,
         timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """``python -m ektp_desk --db DB ARGS…`` with Indonesian messages, no input, and none of
    the caller's ``EKTP_DESK_DB``, passphrase or account (``env`` adds what a test sets).
    ``status``: the exit status expected (None: any)."""
    full = dict(os.environ, EKTP_DESK_LANG="id")
    full.pop("EKTP_DESK_DB", None)
    for name in ("EKTP_DESK_PASSPHRASE", "EKTP_DESK_USER", "EKTP_DESK_PASSWORD",
                 "EKTP_DESK_NEW_PASSWORD"):
        full.pop(name, None)
    full.update(env or {})
    done = subprocess.run([sys.executable, "-m", "ektp_desk", "--db", str(db),
                           *(str(a) for a in args)],
                          capture_output=True, text=True, encoding="utf-8", env=full, cwd=ROOT,
                          timeout=timeout, stdin=subprocess.DEVNULL)
    if status is not None:
        assert done.returncode == status, (args, done.returncode, done.stdout, done.stderr)
    return done


# the demo database's admin (core/accounts.py DEMO_ACCOUNTS, the README): commands that
# write on a database `demo` made run as it (on a database without accounts it is unused)
DEMO_ADMIN = {"EKTP_DESK_USER": "admin", "EKTP_DESK_PASSWORD": "admin-demo"}


def new_database(path: Path) -> Path:
    """An empty database (the schema, no people) made as the program makes one: the verbs
    other than import, demo and office init refuse a file that does not exist."""
    from ektp_desk.core import db as core_db

    core_db.open_database(path, bind=False).close()
    return path


def rows(db: Path, sql: str) -> list[tuple]:
    """What a query gives on a database file, read with a connection of its own."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()
