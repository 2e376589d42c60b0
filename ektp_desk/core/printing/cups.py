"""CUPS (Linux, macOS): the PDF itself goes to the queue with ``lp``; CUPS's own filters
turn it into what the printer speaks, so text and the QR code stay vectors.

The paper is named as media (A4, or F4 as ``Custom.215x330mm``: few PPDs know F4 by name)
and scaling is switched off both ways CUPS spells it (``print-scaling=none`` for IPP
Everywhere, ``fit-to-page=false`` for older filters), so the page prints at 100 %.
``server`` (or ``CUPS_SERVER``) points at another scheduler, e.g. a test's own cupsd.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

from ektp_desk.core.errors import UserError
from ektp_desk.core.jobs import NEVER_CANCELLED, CancelToken, Progress, no_progress
from ektp_desk.core.printing import (
    CANCELLED,
    DONE,
    FAILED,
    PAPER_SIZES_MM,
    PENDING,
    PRINTING,
    JobStatus,
    PrintRequest,
)

TIMEOUT_S = 60  # lp copies the file to the spooler; a hung scheduler must not hang a job

_REQUEST_ID = re.compile(r"request id is (\S+)")


def media_option(paper: str) -> str:
    """CUPS's media name for a paper: A4 by name, F4 as a custom size in millimetres."""
    if paper == "A4":
        return "A4"
    width, height = PAPER_SIZES_MM[paper]
    return f"Custom.{width}x{height}mm"


def lp_arguments(request: PrintRequest) -> list[str]:
    """The ``lp`` command line for a request (without the program name)."""
    args = ["-d", request.printer, "-n", str(request.copies), "-t", request.title,
            "-o", f"media={media_option(request.paper)}",
            "-o", "print-scaling=none", "-o", "fit-to-page=false",
            "-o", "sides=" + ("two-sided-long-edge" if request.duplex else "one-sided")]
    if request.pages is not None:
        args += ["-P", f"{request.pages[0]}-{request.pages[1]}"]
    return [*args, "--", str(request.pdf)]


class CupsPrinting:
    """The CUPS command-line clients (lp, lpstat, cancel), which every CUPS install has."""

    name = "cups"

    def __init__(self, server: str | None = None) -> None:
        self.server = server or os.environ.get("CUPS_SERVER") or None

    def _run(self, program: str, *args: str) -> subprocess.CompletedProcess[str]:
        path = shutil.which(program)
        if path is None:
            raise UserError("print_no_system", detail=f"perintah {program} tidak ada; "
                            "pasang paket cups-client")
        env = dict(os.environ, LANG="C", LC_ALL="C")  # lp's English answers are parsed
        if self.server:
            env["CUPS_SERVER"] = self.server
        try:
            return subprocess.run([path, *args], capture_output=True, text=True, env=env,
                                  timeout=TIMEOUT_S, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise UserError("print_no_system", detail=str(exc)) from None

    def printers(self) -> list[str]:
        done = self._run("lpstat", "-e")
        return [line.strip() for line in done.stdout.splitlines() if line.strip()]

    def default_printer(self) -> str | None:
        done = self._run("lpstat", "-d")
        match = re.search(r"destination:\s*(\S+)", done.stdout)
        return match.group(1) if match else None

    def _check_ready(self, printer: str) -> None:
        """UserError for an unknown, stopped or refusing queue: lp would take a job for a
        stopped printer and keep it, and the letters would wait unseen."""
        state = self._run("lpstat", "-p", printer)
        if state.returncode != 0 or not state.stdout.strip():
            detail = (state.stderr or state.stdout).strip()
            if "not running" in detail.lower() or "connect" in detail.lower():
                raise UserError("print_no_system", detail=detail)
            known = ", ".join(self.printers()) or "-"
            raise UserError("print_unknown_printer", printer=printer, known=known)
        if "disabled" in state.stdout:
            reason = state.stdout.strip().splitlines()[1:] or ["disabled"]
            raise UserError("print_printer_stopped", printer=printer,
                            detail=" ".join(r.strip() for r in reason))
        accepting = self._run("lpstat", "-a", printer)
        if "not accepting" in accepting.stdout:
            raise UserError("print_refused", printer=printer, detail="tidak menerima pekerjaan")

    def submit(self, request: PrintRequest, *, progress: Progress = no_progress,
               cancel: CancelToken = NEVER_CANCELLED) -> str:
        """One ``lp`` call: CUPS copies the file and answers at once."""
        self._check_ready(request.printer)
        cancel.raise_if_cancelled()
        done = self._run("lp", *lp_arguments(request))
        match = _REQUEST_ID.search(done.stdout)
        if done.returncode != 0 or match is None:
            detail = (done.stderr or done.stdout).strip().removeprefix("lp: ")
            if "does not exist" in detail:
                known = ", ".join(self.printers()) or "-"
                raise UserError("print_unknown_printer", printer=request.printer, known=known)
            raise UserError("print_refused", printer=request.printer, detail=detail)
        return match.group(1)

    def status(self, job: str) -> JobStatus:
        printer = job.rsplit("-", 1)[0]
        for which, state in (("not-completed", None), ("completed", DONE)):
            listed = self._run("lpstat", "-W", which, "-l", "-o", printer).stdout
            block = _job_block(listed, job)
            if block is None:
                continue
            if state is not None:
                return JobStatus(_finished_state(block), _reason(block))
            return JobStatus(PRINTING if "now printing" in block or "job-printing" in block
                             else PENDING, _reason(block))
        return JobStatus(DONE)  # CUPS forgot it: finished long ago

    def cancel(self, job: str) -> None:
        done = self._run("cancel", job)
        if done.returncode != 0:
            raise UserError("print_cancel_failed", job=job,
                            detail=(done.stderr or done.stdout).strip())


def _job_block(listing: str, job: str) -> str | None:
    """The lines of one job in ``lpstat -l -o`` (its first line, then indented ones)."""
    lines = listing.splitlines()
    for n, line in enumerate(lines):
        if line.split(" ", 1)[0] == job:
            block = [line]
            block += _indented(lines[n + 1:])
            return "\n".join(block)
    return None


def _indented(lines: list[str]) -> list[str]:
    taken = []
    for line in lines:
        if not line.startswith((" ", "\t")):
            break
        taken.append(line)
    return taken


def _reason(block: str) -> str:
    for line in block.splitlines():
        if "Alerts:" in line or "Status:" in line:
            return line.split(":", 1)[1].strip()
    return ""


def _finished_state(block: str) -> str:
    text = block.lower()
    if "canceled" in text or "cancelled" in text:
        return CANCELLED
    if "aborted" in text or "job-stopped" in text:
        return FAILED
    return DONE
