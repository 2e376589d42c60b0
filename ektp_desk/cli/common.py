"""What every verb shares: opening the database, JSON output, a terminal progress bar."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import sys
import time
from typing import Any

import peewee as pw

from ektp_desk.core import db as core_db
from ektp_desk.core import messages
from ektp_desk.core.errors import UserError


def iso_date(text: str) -> dt.date:
    """An argparse type: a date as YYYY-MM-DD, the one form every verb takes."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"tanggal harus YYYY-MM-DD, bukan '{text}'") from None


messages.register({
    "cli_db_missing": (
        "Basis data {path} tidak ada. Periksa nama berkasnya; basis data baru hanya dibuat "
        "oleh perintah 'import', 'demo' atau 'office init'.",
        "Database {path} does not exist. Check the file name; a new database is made only "
        "by the 'import', 'demo' or 'office init' commands.",
    ),
})


def makes_database(parser: argparse.ArgumentParser) -> None:
    """Mark a verb that may create its database (import, demo, office init)."""
    parser.set_defaults(creates_db=True)


def open_db(args: argparse.Namespace) -> pw.SqliteDatabase:
    """The verb's database, with the verb's account logged in (cli/access.py). A missing
    file is created only by the verbs that make one: a typo in --db must not leave an empty
    database behind and answer '[]'."""
    from ektp_desk.cli import access, db_path

    path = db_path(args)
    if not getattr(args, "creates_db", False) and not path.exists():
        raise UserError("cli_db_missing", path=path)
    db = core_db.open_database(path)
    access.enter(args, db)  # the account, or a refusal, before the verb touches anything
    return db


def emit_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, default=str)
    sys.stdout.write("\n")
    sys.stdout.flush()


def say(message: str) -> None:
    print(message, file=sys.stderr)


def user_name(db: pw.Database) -> str:
    from ektp_desk.core import accounts

    return accounts.acting_name(db)


def passphrase(confirm: bool = False) -> str | None:
    """The office keys' passphrase: EKTP_DESK_PASSPHRASE, else asked on a terminal, else
    None (the core then says what is missing)."""
    from ektp_desk.core.sync import office

    value = os.environ.get(office.PASSPHRASE_ENV)
    if value:
        return value
    if not sys.stdin.isatty():
        return None
    first = getpass.getpass("Kata sandi kunci kantor: ")
    if confirm and getpass.getpass("Ulangi kata sandi: ") != first:
        say("Kata sandi tidak sama.")
        return None
    return first


class TerminalProgress:
    """progress(done, total, message) drawn on stderr when it is a terminal; silent if piped."""

    def __init__(self, stream: Any = None, interval: float = 0.2) -> None:
        self._stream = stream or sys.stderr
        self._enabled = hasattr(self._stream, "isatty") and self._stream.isatty()
        self._interval = interval
        self._last = 0.0
        self._drawn = False

    def __call__(self, done: int, total: int, message: str = "") -> None:
        if not self._enabled:
            return
        now = time.monotonic()
        if done < total and now - self._last < self._interval:
            return
        self._last = now
        width = 30
        filled = int(width * done / total) if total else 0
        percent = int(100 * done / total) if total else 0
        line = f"\r[{'#' * filled}{'.' * (width - filled)}] {percent:3d}% {message[:40]:<40}"
        self._stream.write(line)
        self._stream.flush()
        self._drawn = True

    def finish(self) -> None:
        if self._enabled and self._drawn:
            self._stream.write("\n")
            self._stream.flush()
