"""The window on the demo database (`python3 tasks.py run`): every page shows what it is for
the moment it opens, because the demo is a drive in progress today."""

from __future__ import annotations

import pytest

from ektp_desk.core import clock, demo_drive, desk
from ektp_desk.ui.main_window import MainWindow

PEOPLE = 1500


@pytest.fixture
def window(qtbot, db, db_path):
    demo_drive.build(db, PEOPLE, seed=5)  # on the clock's today, as the window reads it
    main = MainWindow(db, db_path)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.close()


@pytest.mark.slow
def test_every_page_of_the_demo_shows_a_drive_in_progress(qtbot, window, db, output_dir):
    today = clock.today()
    # what each page must show once it has loaded
    shown = {
        "Warga": lambda: window.warga.table.model().rowCount() > 0,
        "Jadwal": lambda: True,
        "Surat": lambda: window.surat.model.rowCount() > 0,
        "Meja Layanan": lambda: window.meja.today_model.rowCount() > 0,
        "Sinkronisasi": lambda: True,
        "Profil Kantor": lambda: True,
        "Pengaturan": lambda: True,
        "Laporan": lambda: window.laporan.recap is not None,
        # the 27 kantor kelurahan are places from the start; the demo's visit is listed
        "Jemput Bola": lambda: window.jemput_bola.places_model.rowCount() >= 27,
    }
    assert list(shown) == list(window.pages)
    for row, title in enumerate(window.pages):
        window.nav.setCurrentRow(row)
        assert window.current_page() is window.pages[title]
        loaded = shown[title]
        qtbot.waitUntil(lambda: not window.runner.busy and loaded(), timeout=20000)  # noqa: B023
        name = title.lower().replace(" ", "_")
        window.grab().save(str(output_dir / f"demo_{name}.png"))
    # the desk's list is today's queue: recorded, failed and still waiting
    statuses = {window.meja.today_model.index(r, 0).data() for r in
                range(window.meja.today_model.rowCount())}
    assert statuses
    assert desk.today_counts(db, today)
    assert "Pemilihan Umum 2029" in window.pengaturan.editors["election_name"].text()
