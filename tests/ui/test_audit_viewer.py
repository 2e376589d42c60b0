"""The Log Audit dialog as the admin uses it, opened from Pengaturan: filters narrow the
rows, the table loads more as it scrolls, *Ekspor* writes the csv, *Periksa rantai* says
whether the chain is whole and names the first bad row."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from ektp_desk.core import audit, audit_query, clock, demo
from ektp_desk.ui.dialogs.audit_viewer import AuditViewerDialog
from ektp_desk.ui.pages.pengaturan import PengaturanPage

WAIT = 15_000


@pytest.fixture
def trail(db, monkeypatch):
    """Rows by two clerks over three days, one of them about a person."""
    demo.fill(db, 20, build_index=False)
    person_id, nik = db.execute_sql("SELECT id, nik FROM person ORDER BY id").fetchone()
    for day, user, action, detail in (
            ("2026-11-26", "Rina", "import", {"file": "kpu.csv"}),
            ("2026-11-27", "Budi", "status_meja", {"person_id": person_id, "status": "hadir"}),
            ("2026-11-27", "Rina", "setting", {"values": {"desk_name": "Meja 2"}}),
            ("2026-11-28", "Budi", "tampilkan_nik", {"person_id": person_id})):
        monkeypatch.setattr(clock, "timestamp", lambda d=day: f"{d}T09:00:00+07:00")
        audit.record(db, user, action, **detail)
    monkeypatch.undo()
    return {"nik": nik, "person_id": person_id}


def open_viewer(qtbot, db, runner) -> AuditViewerDialog:
    page = PengaturanPage(db, runner)
    qtbot.addWidget(page)
    page.show()
    page.audit_button.click()
    dialog = page.audit_dialog
    dialog.opened_from = page  # qtbot holds widgets weakly: the page must outlive the test
    qtbot.waitUntil(lambda: dialog.isVisible() and settled(dialog), timeout=WAIT)
    return dialog


def settled(dialog: AuditViewerDialog) -> bool:
    return not dialog.model.loading and not dialog.runner.busy


def shown(dialog: AuditViewerDialog) -> list[audit_query.AuditRow]:
    return [dialog.model.row_value(r) for r in range(dialog.model.rowCount())]


def apply_filter(qtbot, dialog: AuditViewerDialog) -> None:
    dialog.filter_button.click()
    qtbot.waitUntil(lambda: settled(dialog), timeout=WAIT)


def test_filters_narrow_the_rows(qtbot, db, runner, trail, output_dir):
    dialog = open_viewer(qtbot, db, runner)
    everything = shown(dialog)
    assert [r.action for r in everything[:4]] == [
        "tampilkan_nik", "setting", "status_meja", "import"]
    assert dialog.model.index(0, 1).data() == "28-11-2026 09.00.00"
    dialog.grab().save(str(output_dir / "audit_viewer.png"))

    dialog.user_combo.setCurrentIndex(dialog.user_combo.findData("Budi"))
    apply_filter(qtbot, dialog)
    assert [r.action for r in shown(dialog)] == ["tampilkan_nik", "status_meja"]

    dialog.user_combo.setCurrentIndex(0)
    dialog.action_combo.setCurrentIndex(dialog.action_combo.findData("setting"))
    apply_filter(qtbot, dialog)
    assert [r.by_user for r in shown(dialog)] == ["Rina"]

    dialog.action_combo.setCurrentIndex(0)
    dialog.dates_box.setChecked(True)
    dialog.date_from.setDate(dialog.date_from.date().fromString("2026-11-27", "yyyy-MM-dd"))
    dialog.date_to.setDate(dialog.date_to.date().fromString("2026-11-27", "yyyy-MM-dd"))
    apply_filter(qtbot, dialog)
    assert [r.action for r in shown(dialog)] == ["setting", "status_meja"]

    dialog.dates_box.setChecked(False)
    dialog.nik_edit.setText(trail["nik"])
    apply_filter(qtbot, dialog)
    assert [r.action for r in shown(dialog)] == ["tampilkan_nik", "status_meja"]
    assert "2 baris" in dialog.count_label.text()

    dialog.nik_edit.setText("3375")
    apply_filter(qtbot, dialog)
    assert shown(dialog) == []
    assert "harus 16 angka" in dialog.result_label.text()
    dialog.close()


def test_the_table_loads_more_as_it_scrolls(qtbot, db, runner):
    with db.atomic():
        for i in range(audit_query.PAGE + 120):
            audit.record(db, "Rina", "status_meja", person_id=i)
    dialog = open_viewer(qtbot, db, runner)
    assert dialog.model.rowCount() == audit_query.PAGE and dialog.model.more
    assert "gulir" in dialog.count_label.text()
    dialog.table.scrollToBottom()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == audit_query.PAGE + 120, timeout=WAIT)
    seqs = [r.seq for r in shown(dialog)]
    assert seqs == list(range(audit_query.PAGE + 120, 0, -1))
    qtbot.waitUntil(lambda: settled(dialog), timeout=WAIT)
    assert not dialog.model.more
    dialog.close()


def test_export_writes_the_filtered_rows_to_a_csv(qtbot, db, runner, trail, tmp_path,
                                                 monkeypatch):
    out = tmp_path / "log.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    dialog = open_viewer(qtbot, db, runner)
    dialog.user_combo.setCurrentIndex(dialog.user_combo.findData("Budi"))
    apply_filter(qtbot, dialog)
    dialog.export_button.click()
    qtbot.waitUntil(lambda: "diekspor" in dialog.result_label.text(), timeout=WAIT)
    with Path(out).open(encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    assert [row[4] for row in table[1:]] == ["tampilkan_nik", "status_meja"]
    assert "2 baris diekspor" in dialog.result_label.text()
    # the export is itself recorded, by the clerk of this desk
    assert db.execute_sql("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1"
                          ).fetchone()[0] == "audit_ekspor"
    dialog.close()


def test_verify_says_whole_then_names_the_edited_row(qtbot, db, db_path, runner, trail):
    dialog = open_viewer(qtbot, db, runner)
    dialog.verify_button.click()
    qtbot.waitUntil(lambda: "utuh" in dialog.result_label.text(), timeout=WAIT)
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET by_user = 'Orang lain' WHERE seq = 2")
    conn.close()
    dialog.verify_button.click()
    qtbot.waitUntil(lambda: "telah diubah" in dialog.result_label.text(), timeout=WAIT)
    assert "seq 2" in dialog.result_label.text()
    assert dialog.verify_button.isEnabled()
    dialog.close()
