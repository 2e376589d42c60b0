"""At the city office, the Warga detail pane shows a call a kecamatan office made, in
words and read-only (core/calls.py), with nothing offered that would change it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QPushButton, QWidget

from ektp_desk.core import db as core_db
from ektp_desk.core import scheduling
from ektp_desk.ui.changes import ChangeBus
from ektp_desk.ui.models.people_model import COLUMN_KEYS
from ektp_desk.ui.pages.warga import WargaPage
from ektp_desk.ui.runner import JobRunner
from tests import sync_helpers as sh


def city_with_a_kecamatan_call(folder: Path) -> tuple[Path, str, str]:
    """A city office that imported Pekalongan Barat's summons of one of its residents:
    (the city's database, that NIK, the kecamatan office's id)."""
    made = sh.build(folder, people=8, kecamatan=("337501",))
    city, kec = made["kota"], made["337501"]
    try:
        nik = sh.resident(city.db, "337501")
        sh.exchange(city, kec, folder)
        slot = scheduling.add_slot(kec.db, 1, dt.date(2026, 12, 14), "08:00", "12:00",
                                   deliberate=True, today=sh.NOW.date()).slot_ids[0]
        pid = kec.db.execute_sql("SELECT id FROM person WHERE nik = ?", (nik,)).fetchone()[0]
        scheduling.summon_to_slot(kec.db, [pid], slot, today=sh.NOW.date())
        sh.exchange(kec, city, folder)
        return city.path, nik, kec.office_id
    finally:
        for item in made.values():
            item.db.close()


def test_the_detail_pane_shows_a_kecamatan_call_read_only(qtbot, tmp_path, output_dir):
    path, nik, _ = city_with_a_kecamatan_call(tmp_path / "offices")
    db = core_db.open_database(path)
    parent = QWidget()
    qtbot.addWidget(parent)
    runner = JobRunner(db, parent=parent)
    try:
        page = WargaPage(db, runner, ChangeBus())
        qtbot.addWidget(page)
        page.resize(1280, 720)
        page.show()
        qtbot.waitExposed(page)
        qtbot.waitUntil(lambda: page.model.complete, timeout=5000)
        qtbot.keyClicks(page.search, nik)
        qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=3000)
        page.table.selectRow(0)
        detail = page.detail
        qtbot.waitUntil(lambda: detail.person is not None and detail.person.nik == nik,
                        timeout=3000)
        assert detail.fields["call"].text() == (
            "Dipanggil oleh Kecamatan 337501: Senin, 14 Desember 2026 08.00–12.00, "
            "Kantor Kecamatan Pekalongan Barat (panggilan ke-1) — hanya-baca")
        # nothing there edits a call: the only button unmasks the NIK
        assert detail.findChildren(QPushButton) == [detail.show_nik]
        assert page.model.data(page.model.index(0, COLUMN_KEYS.index("status"))) == \
            "Dipanggil"
        qtbot.wait(50)  # let the pane lay out its new texts before the picture
        page.grab().save(str(output_dir / "warga_remote_call.png"))

        # someone nobody called says so
        page.clear_search()
        qtbot.waitUntil(lambda: page.model.rowCount() > 1, timeout=3000)
        other = next(r for r in range(page.model.rowCount())
                     if page.model.data(page.model.index(r, COLUMN_KEYS.index("status")))
                     == "Belum dipanggil")
        page.table.selectRow(other)
        qtbot.waitUntil(lambda: detail.person is not None and detail.person.nik != nik,
                        timeout=3000)
        assert detail.fields["call"].text() == "Tidak ada panggilan."
    finally:
        runner.shutdown()
        db.close()
