"""The audit chain's head in sync files: the city keeps each office's heads and flags a
file from an office whose trail was rewritten after an earlier file left it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from ektp_desk.core import audit
from ektp_desk.core.sync import audit_heads, envelope
from tests.sync_helpers import build, copy_offices, receive, send


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build(tmp_path_factory.mktemp("template"), kecamatan=("337501",))


@pytest.fixture
def offices(template, tmp_path):
    offs = copy_offices(template, tmp_path / "offices")
    yield offs
    for o in offs.values():
        o.db.close()


def rewrite_trail(path: Path, seq: int) -> None:
    """What someone with SQL at the office does: edit an old row, then re-chain every row
    after it so the office's own `audit verify` still passes."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET by_user = 'Orang lain' WHERE seq = ?", (seq,))
    prev = conn.execute("SELECT hash FROM audit_log WHERE seq = ?", (seq - 1,)).fetchone()
    prev = prev[0] if prev else audit.GENESIS
    rows = conn.execute("SELECT seq, at, by_user, os_user, action, detail FROM audit_log "
                        "WHERE seq >= ? ORDER BY seq", (seq,)).fetchall()
    for s, at, by_user, os_user, action, detail in rows:
        digest = audit.row_hash(prev, s, at, by_user, os_user, action, detail)
        conn.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?",
                     (prev, digest, s))
        prev = digest
    conn.close()


def header(path: Path) -> dict:
    return envelope.read(path)[1].header


def test_each_file_carries_the_head_and_the_city_keeps_it(offices, tmp_path):
    kec, city = offices["337501"], offices["kota"]
    sent = send(kec, city, tmp_path)
    carried = header(sent)["audit"]
    assert (carried["seq"], carried["hash"]) == audit.head(kec.db)
    # the export is itself in the trail, as the head's row
    last = kec.db.execute_sql("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1")
    assert last.fetchone()[0] == "sinkron_ekspor"
    got = receive(city, sent)
    assert not got.warnings
    assert audit_heads.latest(city.db, kec.office_id)[:2] == audit.head(kec.db)
    actions = [r[0] for r in city.db.execute_sql("SELECT action FROM audit_log")]
    assert "sinkron_impor" in actions
    # the receipt tells the office which of its heads the city holds
    receive(kec, got.receipt)
    assert kec.db.execute_sql("SELECT value FROM meta WHERE key = ?", (
        f"audit_acked:{city.office_id}",)).fetchone()[0] == str(carried["seq"])


def test_an_honest_office_passes_file_after_file(offices, tmp_path):
    kec, city = offices["337501"], offices["kota"]
    first = receive(city, send(kec, city, tmp_path))
    receive(kec, first.receipt)
    audit.record(kec.db, "Rina", "setting", key="desk_name", value="Meja 3")
    # a file whose receipt never came back, then another: both still prove the chain
    assert not receive(city, send(kec, city, tmp_path)).warnings
    assert not receive(city, send(kec, city, tmp_path)).warnings
    flags = city.db.execute_sql("SELECT count(*) FROM audit_head WHERE flagged IS NOT NULL")
    assert flags.fetchone()[0] == 0


def test_a_file_sent_earlier_and_imported_later_is_not_flagged(offices, tmp_path):
    kec, city = offices["337501"], offices["kota"]
    older = send(kec, city, tmp_path / "a")
    newer = send(kec, city, tmp_path / "b")
    assert not receive(city, newer).warnings
    assert not receive(city, older).warnings


def test_a_rewritten_trail_is_flagged_at_the_city(offices, tmp_path):
    kec, city = offices["337501"], offices["kota"]
    got = receive(city, send(kec, city, tmp_path))
    receive(kec, got.receipt)
    kec.db.close()
    rewrite_trail(kec.path, 2)
    kec.db.connect()
    assert audit.verify(kec.db).ok  # the office alone cannot see it
    people_before = city.db.execute_sql("SELECT count(*) FROM sync_log").fetchone()[0]
    flagged = receive(city, send(kec, city, tmp_path))
    assert len(flagged.warnings) == 1
    warning = flagged.warnings[0]
    assert warning.startswith(f"Log audit kantor {kec.office_id} telah diubah")
    assert "data berkas tetap diimpor" in warning
    # the file was still applied and logged; the flag is kept with the head
    assert city.db.execute_sql("SELECT count(*) FROM sync_log").fetchone()[0] > people_before
    row = city.db.execute_sql("SELECT flagged FROM audit_head WHERE flagged IS NOT NULL")
    assert row.fetchone()[0] == warning
    detail = city.db.execute_sql("SELECT detail FROM audit_log WHERE action = 'sinkron_impor' "
                                 "ORDER BY seq DESC LIMIT 1").fetchone()[0]
    assert json.loads(detail)["audit_flagged"] is True


def test_a_trail_whose_proof_was_removed_is_flagged(offices, tmp_path):
    """The office also wiped what it knew it had sent: the file proves nothing about the
    head the city holds, and that is flagged too."""
    kec, city = offices["337501"], offices["kota"]
    receive(city, send(kec, city, tmp_path))
    kec.db.execute_sql("DELETE FROM sync_log")
    kec.db.execute_sql("DELETE FROM meta WHERE key LIKE 'audit_acked:%'")
    flagged = receive(city, send(kec, city, tmp_path))
    assert len(flagged.warnings) == 1 and "tidak membawa bukti" in flagged.warnings[0]
