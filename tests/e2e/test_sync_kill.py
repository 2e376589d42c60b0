"""Killing the importing process at random points (SIGKILL: no cleanup runs) leaves the
database exactly as it was before the import, or, once the import has committed, exactly
as after it; the import then succeeds."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.sync_helpers import NOW, PASS, build

PEOPLE = 20_000
KINDS = ("dipanggil", "hadir", "terekam")

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")]


def state(path: Path) -> str:
    """A digest of everything an import may change."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        digest = hashlib.sha256()
        for sql in ("SELECT nik, name, status, origin, origin_seq, hlc FROM person ORDER BY nik",
                    "SELECT origin, origin_seq, hlc, kind, person_id FROM event "
                    "ORDER BY origin, origin_seq",
                    "SELECT origin, seq, digest FROM sync_item ORDER BY origin, seq",
                    "SELECT * FROM sync_origin ORDER BY origin",
                    "SELECT count(*) FROM sync_log", "SELECT * FROM meta ORDER BY key"):
            for row in conn.execute(sql):
                digest.update(repr(row).encode())
        return digest.hexdigest()
    finally:
        conn.close()


def import_cmd(db: Path, file: Path) -> list[str]:
    return [sys.executable, "-m", "ektp_desk", "--db", str(db), "sync", "import", str(file),
            "--json"]


def test_an_import_killed_anywhere_leaves_the_database_as_before(tmp_path: Path) -> None:
    offices = build(tmp_path / "offices", people=PEOPLE, kecamatan=("337501",))
    city, kec = offices["kota"], offices["337501"]
    ids = [r[0] for r in city.db.execute_sql("SELECT id FROM person")]
    at = NOW.isoformat(timespec="seconds")
    with city.db.atomic():
        city.db.connection().executemany(
            "INSERT INTO event (person_id, kind, at, by_user) VALUES (?, ?, ?, 'uji')",
            [(pid, kind, at) for pid in ids for kind in KINDS])
    from ektp_desk.core.sync import export

    big = export.export(city.db, kec.office_id, tmp_path / "stick", passphrase=PASS,
                        now=NOW).file
    kec.db.close()
    city.db.close()
    pristine = tmp_path / "pristine.sqlite"
    shutil.copyfile(kec.path, pristine)
    before = state(pristine)

    env = {**os.environ, "EKTP_DESK_PASSPHRASE": PASS}
    reference = tmp_path / "reference.sqlite"
    shutil.copyfile(pristine, reference)
    started = time.monotonic()
    subprocess.run(import_cmd(reference, big), env=env, check=True, capture_output=True,
                   timeout=300)
    took = time.monotonic() - started
    after = state(reference)
    assert after != before

    # one kill that surely lands inside the import's transaction: nothing of it is kept
    work = tmp_path / "inside.sqlite"
    shutil.copyfile(pristine, work)
    proc = subprocess.Popen(import_cmd(work, big), env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    assert kill_inside_a_write(proc, work, before), "the import ended before it was caught"
    assert state(work) == before

    # and kills anywhere (before, inside or after the commit): never a half-applied database
    rng = random.Random(6)
    for n in range(6):
        work = tmp_path / f"run{n}.sqlite"
        shutil.copyfile(pristine, work)
        proc = subprocess.Popen(import_cmd(work, big), env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 1.0) * took)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        got = state(work)
        assert got in (before, after), f"kill #{n}: a half-applied database"
        done = subprocess.run(import_cmd(work, big), env=env, capture_output=True, text=True,
                              timeout=300)
        assert done.returncode == 0, done.stderr
        assert state(work) == after or _same_but_log(work, reference)


def kill_inside_a_write(proc: subprocess.Popen, work: Path, before: str) -> bool:
    """SIGKILL `proc` while it is frozen (SIGSTOP) holding the database's write lock with
    nothing committed yet, so the kill lands inside its transaction wherever the machine's
    speed puts it; False if it ended first."""
    probe = sqlite3.connect(work, timeout=0, isolation_level=None)
    try:
        while proc.poll() is None:
            proc.send_signal(signal.SIGSTOP)
            try:
                probe.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError:  # locked: a write transaction is open
                if state(work) == before:  # WAL: this reads what is committed
                    proc.send_signal(signal.SIGKILL)
                    proc.wait(timeout=60)
                    return True
            else:
                probe.execute("ROLLBACK")
            proc.send_signal(signal.SIGCONT)
            time.sleep(0.005)  # poll interval: let it run a little further
        return False
    except BaseException:
        proc.kill()  # never leave a frozen process behind
        proc.wait(timeout=60)
        raise
    finally:
        probe.close()


def _same_but_log(work: Path, reference: Path) -> bool:
    # a run killed after its commit logged the import once more: compare all but the log
    def core(path: Path) -> list:
        conn = sqlite3.connect(path)
        try:
            return [conn.execute(sql).fetchall() for sql in (
                "SELECT nik, status, origin, origin_seq FROM person ORDER BY nik",
                "SELECT origin, origin_seq, kind FROM event ORDER BY origin, origin_seq")]
        finally:
            conn.close()
    return core(work) == core(reference)
