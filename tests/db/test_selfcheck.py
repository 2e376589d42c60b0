"""The core half of `ektp-desk --self-check`: a clerk's day on a fresh database, and a step
that fails saying what failed (the bundle's check in CI, docs/architecture.md)."""

from __future__ import annotations

import zxingcpp

from ektp_desk.core import messages
from ektp_desk.core.selfcheck import DayCheck, Report


def test_a_clerks_day_on_a_fresh_database(db, tmp_path, today):
    report = Report()
    assert DayCheck(db, tmp_path, today).run(report), report.lines()
    assert [step.name for step in report.steps] == ["impor", "jadwal", "surat + QR",
                                                    "meja layanan"]
    assert report.ok
    statuses = db.execute_sql("SELECT status, count(*) FROM person GROUP BY status").fetchall()
    assert dict(statuses) == {"hadir": 1, "dipanggil": 2}
    # the letter's QR code was read from the rendered page and named its summons
    assert db.execute_sql("SELECT count(*) FROM letter").fetchone()[0] == 1
    assert report.lines()[-1] == messages.text("selfcheck_summary_ok", count=4)
    assert report.steps[0].detail == "3 warga"


def test_a_failed_step_stops_the_rest_and_says_what_failed(db, tmp_path, today, monkeypatch):
    monkeypatch.setattr(zxingcpp, "read_barcodes", lambda image: [])  # an unreadable print
    report = Report()
    assert not DayCheck(db, tmp_path, today).run(report)
    assert [(s.name, s.ok) for s in report.steps] == [
        ("impor", True), ("jadwal", True), ("surat + QR", False)]
    assert messages.text("selfcheck_no_qr") in report.steps[-1].detail
    lines = report.lines()
    assert lines[-2].startswith("[GAGAL] surat + QR: AssertionError")
    assert lines[-1] == messages.text("selfcheck_summary_failed", failed=1, count=3)
    # nobody was checked in
    assert db.execute_sql("SELECT count(*) FROM person WHERE status = 'hadir'").fetchone()[0] == 0
