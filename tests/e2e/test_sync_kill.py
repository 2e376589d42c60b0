"""Killing the importing process at random points (SIGKILL: no cleanup runs) leaves the
database exactly as it was before the import, or, once the import has committed, exactly
as after it; the import then succeeds. The points are ticks of the import's database work
where the child stops itself (tests/stop_points.py), chosen at random by the test."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests import stop_points
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


def import_args(db: Path, file: Path) -> list[str]:
    return ["--db", str(db), "sync", "import", str(file), "--json"]


def import_cmd(db: Path, file: Path) -> list[str]:
    return [sys.executable, "-m", "ektp_desk", *import_args(db, file)]


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
    # the reference run counts the import's database ticks (tests/stop_points.py)
    done = subprocess.run([sys.executable, "-m", "tests.stop_points", "0",
                           *import_args(reference, big)], cwd=stop_points.ROOT, env=env,
                          check=True, capture_output=True, text=True, timeout=300)
    ticks = stop_points.total_ticks(done.stderr)
    after = state(reference)
    assert after != before and ticks > 10

    # one kill that surely lands inside the import's transaction: nothing of it is kept
    work = tmp_path / "inside.sqlite"
    shutil.copyfile(pristine, work)
    proc = stop_points.start("every", import_args(work, big), env=env)
    assert kill_inside_a_write(proc, work, before), "the import ended before it was caught"
    assert state(work) == before

    # and kills anywhere (before, inside or after the commit): never a half-applied
    # database. The child stops itself at a random tick of its database work and is killed
    # there; the last tick comes after the commit
    rng = random.Random(6)
    outcomes = set()
    for n, at in enumerate([rng.randint(1, ticks) for _ in range(5)] + [ticks]):
        work = tmp_path / f"run{n}.sqlite"
        shutil.copyfile(pristine, work)
        proc = stop_points.start(at, import_args(work, big), env=env)
        try:
            stop_points.next_stop(proc)  # None: it ended first (a tick fewer this time)
        finally:
            proc.kill()
            proc.wait(timeout=60)
            proc.stderr.close()
        got = state(work)
        assert got in (before, after), f"kill #{n} at tick {at} of {ticks}: half-applied"
        outcomes.add(got)
        done = subprocess.run(import_cmd(work, big), env=env, capture_output=True, text=True,
                              timeout=300)
        assert done.returncode == 0, done.stderr
        assert state(work) == after or _same_but_log(work, reference)
    assert outcomes == {before, after}  # the kills fell on both sides of the commit


def kill_inside_a_write(proc: subprocess.Popen, work: Path, before: str) -> bool:
    """SIGKILL `proc` (started to stop at every tick) at its first stop where it holds the
    database's write lock with nothing committed yet, so the kill lands inside its
    transaction; False if it ended first."""
    probe = sqlite3.connect(work, timeout=0, isolation_level=None)
    try:
        while stop_points.next_stop(proc) is not None:  # frozen at a tick
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
        proc.wait(timeout=60)
        return False
    except BaseException:
        proc.kill()  # never leave a frozen process behind
        proc.wait(timeout=60)
        raise
    finally:
        probe.close()
        proc.stderr.close()


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
