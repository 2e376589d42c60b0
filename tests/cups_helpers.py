"""A CUPS scheduler of the test's own: cupsd with its config, socket, spool and logs in a
temporary folder, and cups-pdf queues whose output lands there too.

cups-pdf reads its settings from ``/etc/cups/cups-pdf-<instance>.conf`` (the path is built
in), where the instance is what follows ``cups-pdf:/`` in the queue's device URI; each
queue gets an instance named after this run, a conf file there removed at the end, and an
``Out`` folder inside the temporary folder. Its ``GhostScript`` is a wrapper that waits
while a gate file exists, so a test can hold a job in the queue and cancel it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest

CUPSD = "/usr/sbin/cupsd"
CUPS_PDF = "/usr/lib/cups/backend/cups-pdf"
PPD = "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd"
CONF_DIR = Path("/etc/cups")
POLL_SECONDS = 0.05  # the longest wait on cupsd between two questions to it (lpstat)


def missing() -> str | None:
    """Why a test cupsd cannot run here, or None."""
    for path in (CUPSD, CUPS_PDF, PPD, "/usr/bin/gs"):
        if not Path(path).exists():
            return (f"{path} tidak ada: pasang paket cups dan printer-driver-cups-pdf "
                    "(python3 tasks.py setup memasangnya)")
    if os.geteuid() != 0:
        return "cups-pdf hanya berjalan sebagai root"
    if not os.access(CONF_DIR, os.W_OK):
        return f"{CONF_DIR} tidak dapat ditulis"
    return None


class TestCups:
    """One scheduler; ``add_queue(name)`` makes a cups-pdf queue writing to ``out(name)``."""

    __test__ = False

    def __init__(self, root: Path) -> None:
        self.root = root
        self.socket = root / "cups.sock"
        self.tag = f"ektp{uuid.uuid4().hex[:8]}"
        self.gate = root / "gate"
        self.confs: list[Path] = []
        self.process: subprocess.Popen | None = None

    @property
    def env(self) -> dict[str, str]:
        return dict(os.environ, CUPS_SERVER=str(self.socket))

    def start(self) -> TestCups:
        for sub in ("spool/tmp", "cache", "state", "log", "out", "pdfspool"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        os.chmod(self.root, 0o755)
        for sub in ("spool", "spool/tmp", "out", "pdfspool"):
            os.chmod(self.root / sub, 0o1777)
        (self.root / "cupsd.conf").write_text(
            f"Listen {self.socket}\nLogLevel info\nWebInterface No\nBrowsing Off\n"
            "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
            "<Policy default>\n  JobPrivateAccess all\n  JobPrivateValues none\n"
            "  SubscriptionPrivateAccess all\n  SubscriptionPrivateValues none\n"
            "  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n")
        (self.root / "cups-files.conf").write_text(
            f"ServerRoot {self.root}\nRequestRoot {self.root}/spool\n"
            f"TempDir {self.root}/spool/tmp\nCacheDir {self.root}/cache\n"
            f"StateDir {self.root}/state\nErrorLog {self.root}/log/error_log\n"
            f"AccessLog {self.root}/log/access_log\nPageLog {self.root}/log/page_log\n")
        gs = self.root / "gs-gated"
        gs.write_text(f"#!/bin/sh\nwhile [ -e {self.gate} ]; do sleep 0.05; done\n"
                      'exec /usr/bin/gs "$@"\n')
        gs.chmod(0o755)
        self.process = subprocess.Popen(
            [CUPSD, "-f", "-c", str(self.root / "cupsd.conf"),
             "-s", str(self.root / "cups-files.conf")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        process = self.process
        if not self.wait_for(lambda: process.poll() is not None or self.lpstat("-r")
                             == "scheduler is running", timeout=30) or process.poll() is not None:
            log = self.root / "log" / "error_log"
            raise RuntimeError("cupsd did not start: "
                               + (log.read_text()[-2000:] if log.exists() else ""))
        return self

    def lpstat(self, *args: str) -> str:
        return subprocess.run(["lpstat", *args], env=self.env, capture_output=True,
                              text=True).stdout.strip()

    def out(self, queue: str) -> Path:
        return self.root / "out" / queue

    def add_queue(self, queue: str) -> str:
        instance = f"{self.tag}-{queue}"
        out = self.out(queue)
        out.mkdir(parents=True, exist_ok=True)
        os.chmod(out, 0o1777)
        conf = CONF_DIR / f"cups-pdf-{instance}.conf"
        conf.write_text(f"Out {out}\nSpool {self.root}/pdfspool\nLog {self.root}/log\n"
                        f"Label 0\nUserUMask 0000\nGhostScript {self.root}/gs-gated\n")
        self.confs.append(conf)
        self.lpadmin("-p", queue, "-E", "-v", f"cups-pdf:/{instance}", "-P", PPD)
        return queue

    def lpadmin(self, *args: str) -> None:
        subprocess.run(["lpadmin", *args], env=self.env, check=True, capture_output=True)

    def run(self, *cmd: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(list(cmd), env=self.env, check=True, capture_output=True,
                              text=True)

    def wait_output(self, queue: str, count: int = 1, timeout: float = 120) -> list[Path]:
        """The PDFs cups-pdf wrote for a queue, once there are ``count`` finished ones."""
        def finished() -> bool:
            return len(list(self.out(queue).glob("*.pdf"))) >= count and not self.lpstat(
                "-o", queue)

        if not self.wait_for(finished, timeout):
            raise AssertionError(f"no output for {queue}: "
                                 f"{sorted(self.out(queue).glob('*.pdf'))}, "
                                 f"queue {self.lpstat('-o', queue)!r}")
        return sorted(self.out(queue).glob("*.pdf"))

    def wait_for(self, condition, timeout: float = 60) -> bool:
        """Whether a condition on the scheduler's state came to hold within the timeout.
        cupsd and its backend send no signal to wait on, so between two questions this
        waits on the cupsd process itself: a scheduler that dies ends the wait at once
        (nothing it was to do can come then) instead of after the timeout."""
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                return False
            if self._ended_within(POLL_SECONDS):
                return condition()
        return True

    def _ended_within(self, seconds: float) -> bool:
        """Whether cupsd has exited, waiting up to ``seconds`` for it to."""
        if self.process is None:
            return True
        try:
            self.process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            return False
        return True

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for conf in self.confs:
            conf.unlink(missing_ok=True)
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def cups_server():
    """A running test cupsd (skips with the reason when CUPS is not installed). Its folder
    is outside pytest's 0700 temp tree: CUPS's filters run as user lp and must reach it."""
    why = missing()
    if why:
        pytest.skip(why)
    server = TestCups(Path(tempfile.mkdtemp(prefix="ektp-cups-"))).start()
    yield server
    server.stop()
