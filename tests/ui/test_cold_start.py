"""The window's cold start (docs/architecture.md, "Cold start"): only Warga is built before
the first paint; the other pages on their first visit, or one at a time after the paint."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ektp_desk.core import accounts, demo
from ektp_desk.ui.main_window import MainWindow


def test_pages_after_warga_are_built_on_their_first_visit(qtbot, db, db_path):
    demo.fill(db, 50, build_index=False)
    window = MainWindow(db, db_path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    titles = list(window.pages)
    assert [window.pages.built(t) for t in titles] == [True] + [False] * (len(titles) - 1)

    window.nav.setCurrentRow(titles.index("Meja Layanan"))
    assert window.pages.built("Meja Layanan")
    assert window.current_page() is window.pages["Meja Layanan"] is window.meja
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10000)
    assert not window.pages.built("Jadwal")
    # looked up by its attribute, a page is built then, and is the one the window shows
    jadwal = window.jadwal
    assert window.pages.built("Jadwal") and window.pages["Jadwal"] is jadwal
    window.nav.setCurrentRow(titles.index("Jadwal"))
    assert window.current_page() is jadwal
    window.close()


def test_after_the_first_paint_the_other_pages_are_built_one_by_one(qtbot, db, db_path):
    demo.fill(db, 50, build_index=False)
    window = MainWindow(db, db_path)
    qtbot.addWidget(window)
    window.build_pages_after_paint()
    assert not window.pages.built("Pengaturan")  # nothing before the window is shown
    window.show()
    qtbot.waitUntil(lambda: all(window.pages.built(t) for t in window.pages), timeout=30000)
    assert window.current_page() is window.warga  # still on the first page
    window.close()


def test_a_closed_window_builds_no_more_pages(qtbot, db, db_path):
    window = MainWindow(db, db_path)
    qtbot.addWidget(window)
    window.build_pages_after_paint()
    window.show()
    qtbot.waitExposed(window)
    window.close()
    built = [t for t in window.pages if window.pages.built(t)]
    assert len(built) < len(window.pages)
    window._build_next_page()  # a build still queued when the window closed
    assert [t for t in window.pages if window.pages.built(t)] == built


def test_a_logged_in_window_builds_only_warga_before_its_first_paint(qtbot, db, db_path):
    """The role gate waits for each page: the operator's buttons are gated as each page is
    built after the paint, with the tooltip saying who may."""
    accounts.add_demo_accounts(db)
    operator = next(a for a in accounts.list_accounts(db) if a.name == "operator")
    window = MainWindow(db, db_path, operator)
    qtbot.addWidget(window)
    built = [t for t in window.pages if window.pages.built(t)]
    assert built == ["Warga"]
    pengaturan_row = list(window.pages).index("Pengaturan")
    assert not window.nav.item(pengaturan_row).flags() & Qt.ItemFlag.ItemIsEnabled
    window.build_pages_after_paint()
    window.show()
    qtbot.waitUntil(lambda: all(window.pages.built(t) for t in window.pages), timeout=30000)
    for button in (window.meja.close_day_button, window.surat.reprint_button,
                   window.jadwal.auto_button, window.sinkronisasi.trust_button):
        assert not button.isEnabled()
        assert button.toolTip().startswith("Hanya untuk")
    window.close()
