"""A problem report for the city office: the program's logs and versions in one zip, with no
personal data (docs/architecture.md, "Errors a clerk can act on").

The logs hold no names by design (only the program's own events and tracebacks), but an
exception's message may quote a value: every 16-digit run (a NIK or an NKK) is blotted out,
and so are the home folder and the account name in paths. The database itself never goes
in; only its schema version and how many rows each table holds.
"""

from __future__ import annotations

import datetime as dt
import getpass
import platform
import re
import sqlite3
import sys
import zipfile
from collections.abc import Iterable
from pathlib import Path

from ektp_desk import __version__
from ektp_desk.core import messages, outputs
from ektp_desk.core.errors import UserError, environment_error

# a NIK or NKK (16 digits), also when a spreadsheet wrote it with spaces or dots
_NIK_LIKE = re.compile(r"(?<!\d)\d(?:[ .]?\d){15}(?!\d)")
NIK_MARK = "################"
LOG_GLOB = "ektp-desk.log*"  # the log and its rotated copies

messages.register({
    "report_no_logs": (
        "Belum ada catatan (log) di {folder}; laporan tetap dibuat dengan versi program.",
        "No log yet in {folder}; the report is still made with the program's versions."),
})


def scrub(text: str) -> str:
    """The text without NIK-like digit runs, the home folder or the account's name."""
    text = _NIK_LIKE.sub(NIK_MARK, text)
    home = str(Path.home())
    if len(home) > 1:
        text = text.replace(home, "~")
    try:
        user = getpass.getuser()
    except Exception:  # no account name to find (a service): nothing to hide
        user = ""
    if len(user) > 2:  # a one- or two-letter name would blot out ordinary words
        text = re.sub(rf"(?<![\w]){re.escape(user)}(?![\w])", "<user>", text)
    return text


def database_facts(db_path: Path | None) -> list[str]:
    """Schema version and row counts per table, read-only; the rows themselves never."""
    if db_path is None or not db_path.is_file():
        return ["database: (none)"]
    lines = [f"database: {scrub(str(db_path))}"]
    try:
        con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=2)
    except sqlite3.Error as exc:
        return [*lines, f"database unreadable: {scrub(str(exc))}"]
    try:
        lines.append(f"schema version: {con.execute('PRAGMA user_version').fetchone()[0]}")
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name")]
        for table in tables:
            count = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            lines.append(f"rows {table}: {count}")
    except sqlite3.Error as exc:
        lines.append(f"database unreadable: {scrub(str(exc))}")
    finally:
        con.close()
    return lines


def versions_text(db_path: Path | None, extra: Iterable[tuple[str, str]] = ()) -> str:
    """The versions file: program, Python, OS, the caller's (Qt's) and the database's."""
    lines = [
        f"ektp-desk: {__version__}",
        f"python: {sys.version.split()[0]} ({platform.python_implementation()})",
        f"os: {platform.platform()}",
        f"frozen: {bool(getattr(sys, 'frozen', False))}",
        f"language: {messages.language()}",
        f"made: {dt.datetime.now().isoformat(timespec='seconds')}",
        *(f"{name}: {value}" for name, value in extra),
        *database_facts(db_path),
    ]
    return "\n".join(lines) + "\n"


def write(out: Path, log_dir: Path, db_path: Path | None,
          extra_versions: Iterable[tuple[str, str]] = ()) -> Path:
    """Write the zip to `out`: versions.txt and every log file, scrubbed. Written beside
    first and moved in place, so a failed write leaves no half zip behind; a path that is
    the database or cannot be written is a UserError, and nothing is written."""
    outputs.check_outputs([out], database=db_path)
    outputs.check_writable(out)
    partial = out.with_name(out.name + ".part")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("versions.txt", versions_text(db_path, extra_versions))
            logs = sorted(log_dir.glob(LOG_GLOB)) if log_dir.is_dir() else []
            for log in logs:
                text = log.read_text(encoding="utf-8", errors="replace")
                archive.writestr(f"logs/{log.name}", scrub(text))
            if not logs:
                archive.writestr("logs/README.txt",
                                 messages.text("report_no_logs", folder=scrub(str(log_dir))))
        partial.replace(out)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise environment_error(exc) or UserError(
            "write_failed", path=out, detail=exc.strerror or str(exc)) from exc
    return out
