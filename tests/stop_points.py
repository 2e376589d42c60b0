"""Stopping a child process at a point of its database work the test chose, not after a
fixed or random sleep: the child runs the ektp-desk command line with SQLite's progress
handler on every connection, one *tick* every ``STEP`` virtual-machine instructions and
one as each statement starts (its trace callback), and at
a chosen tick writes ``ektp-stop N`` on stderr and stops itself (SIGSTOP). The test reads
that line (a blocking read on the pipe: it waits on the child, not on the clock), looks at
the database and kills the frozen child, or lets it go on (SIGCONT).

As a child: ``python -m tests.stop_points WHEN ektp-desk-arguments…`` where WHEN is a
tick number (stop once, there), ``every`` (stop at every tick) or ``0`` (never stop). At
the end it writes ``ektp-ticks N``, the run's number of ticks, so a test can pick a tick
in range. Markers are lines of their own on stderr (a message the command line left
unfinished there is cut off by a newline first).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
STEP = 2000  # SQLite instructions between two ticks
STOP, TICKS = "ektp-stop ", "ektp-ticks "


def start(when: int | str, arguments: list[str], **popen: Any) -> subprocess.Popen[str]:
    """The command line with ``arguments`` in a child that stops as ``when`` says."""
    return subprocess.Popen([sys.executable, "-m", "tests.stop_points", str(when), *arguments],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, **popen)


def next_stop(proc: subprocess.Popen[str]) -> int | None:
    """The tick at which the child has stopped itself, or None once it ended without
    stopping again (its ``ektp-ticks`` line read, or its stderr closed)."""
    assert proc.stderr is not None
    for line in proc.stderr:
        if line.startswith(STOP):
            # the line comes just before the SIGSTOP: wait until the child has stopped,
            # or a SIGCONT sent now would come too early and leave it stopped for good
            _, status = os.waitpid(proc.pid, os.WUNTRACED)
            if not os.WIFSTOPPED(status):  # it ended (killed from elsewhere): reaped here
                proc.returncode = os.waitstatus_to_exitcode(status)
                return None
            return int(line[len(STOP):])
        if line.startswith(TICKS):
            return None
    return None


def total_ticks(output: str) -> int:
    """The ``ektp-ticks`` count in a finished child's stderr."""
    return next(int(line[len(TICKS):]) for line in output.splitlines()
                if line.startswith(TICKS))


def _run_child(when: str, arguments: list[str]) -> int:
    import peewee

    every = when == "every"
    stop_at = 0 if every else int(when)
    ticks = 0

    def tick() -> int:
        nonlocal ticks
        ticks += 1
        if every or ticks == stop_at:
            sys.stderr.write(f"\n{STOP}{ticks}\n")
            sys.stderr.flush()
            os.kill(os.getpid(), signal.SIGSTOP)  # the test kills us here, or lets us go on
        return 0  # go on with the statement

    add_hooks = peewee.SqliteDatabase._add_conn_hooks

    def with_ticks(self: peewee.SqliteDatabase, conn: Any) -> None:
        add_hooks(self, conn)
        conn.set_progress_handler(tick, STEP)
        # and one tick as each statement starts: COMMIT and what follows it get theirs
        conn.set_trace_callback(lambda _sql: tick())

    peewee.SqliteDatabase._add_conn_hooks = with_ticks
    from ektp_desk.cli import main

    code = main(arguments)
    sys.stderr.write(f"\n{TICKS}{ticks}\n")
    sys.stderr.flush()
    return code


if __name__ == "__main__":
    raise SystemExit(_run_child(sys.argv[1], sys.argv[2:]))
