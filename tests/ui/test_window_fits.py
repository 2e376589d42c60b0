"""The window on a clerk's screen: 1366×768 at 100 % and at 125 % (1093×614 logical),
less a 40 px taskbar. "Usable" means: the window's minimum fits the screen, at 100 %
every page shows whole without scrolling, and at 125 % a page larger than what is left
scrolls inside the window (the window never grows past the screen)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QLabel, QScrollArea

from ektp_desk.core import demo
from ektp_desk.ui import widgets
from ektp_desk.ui.app import STYLE
from ektp_desk.ui.main_window import MainWindow
from tests.ui.test_english_window import english  # noqa: F401  (a fixture)
from tests.ui.test_mnemonics import DIALOGS

TASKBAR = 40
SCREENS = {
    "100": QRect(0, 0, 1366, 768 - TASKBAR),
    "125": QRect(0, 0, 1093, 614 - round(TASKBAR / 1.25)),
}
TITLE_BAR = 32  # the window system's frame, which offscreen Qt does not draw


@pytest.fixture
def window(qtbot, db, db_path):
    yield from open_window(qtbot, db, db_path)


def open_window(qtbot, db, db_path):
    demo.fill(db, 300, build_index=False)
    main = MainWindow(db, db_path)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.close()


@pytest.fixture
def window_in(request, qtbot, db, db_path):
    """The window in the test's language (the English labels are longer: they must fit
    as well), built after the language is set, as at a start."""
    if request.node.callspec.params["language"] == "en":
        request.getfixturevalue("english")
    yield from open_window(qtbot, db, db_path)


def fits(size: QSize, room: QSize) -> bool:
    return size.width() <= room.width() and size.height() <= room.height()


@pytest.mark.parametrize(("scale", "language"), [("100", "id"), ("125", "id"), ("100", "en")])
def test_the_window_and_every_page_fit_the_screen(qtbot, window_in, scale, language,
                                                  output_dir):
    window = window_in
    available = SCREENS[scale]
    room = QSize(available.width(), available.height() - TITLE_BAR)
    assert fits(window.minimumSizeHint(), room), window.minimumSizeHint()
    window.resize(room)
    qtbot.waitUntil(lambda: window.size() == room, timeout=5000)
    scrolled = []
    for row, (title, page) in enumerate(window.pages.items()):
        window.nav.setCurrentRow(row)
        scroll = window.stack.currentWidget()
        assert isinstance(scroll, QScrollArea) and window.current_page() is page
        qtbot.waitUntil(lambda s=scroll: s.widget().isVisible(), timeout=5000)
        assert window.size() == room, f"{title} grew the window to {window.size()}"
        if not fits(page.minimumSizeHint(), scroll.maximumViewportSize()):
            scrolled.append(title)
        if scale == "100":
            qtbot.waitUntil(lambda s=scroll: not (s.horizontalScrollBar().isVisible()
                                                  or s.verticalScrollBar().isVisible()),
                            timeout=5000)
        window.grab().save(str(output_dir / f"fit_{scale}_{language}_{row + 1}_"
                                             f"{title.split()[0]}.png"))
    if scale == "100":
        assert scrolled == [], f"pages that do not fit at 1366×768 ({language}): {scrolled}"
    else:  # these scroll inside the window, which itself stays within the screen (above)
        assert set(scrolled) <= set(window.pages), scrolled
        print("pages that scroll at 125 %:", scrolled)


def test_long_status_texts_do_not_widen_the_window(qtbot, window):
    window.resize(1000, 600)
    qtbot.waitUntil(lambda: window.width() == 1000, timeout=5000)
    window.db_label.setText("Basis data: " + "C:\\Users\\petugas\\AppData\\Local\\" * 8)
    window.job_label.setText("Menyiapkan indeks pencarian nama " * 5)
    window.job_progress.setVisible(True)
    assert window.minimumSizeHint().width() < 1000
    assert "AppData" in window.db_label.toolTip()
    assert window.width() == 1000


def test_opens_maximised_first_then_as_left_within_the_screen(qtbot, db, db_path):
    first = MainWindow(db, db_path)
    qtbot.addWidget(first)
    first.show_on_screen()
    qtbot.waitExposed(first)
    assert first.isMaximized()
    first.showNormal()
    first.setGeometry(40, 50, 5000, 4000)  # e.g. saved on a larger monitor
    first.close()

    again = MainWindow(db, db_path)
    qtbot.addWidget(again)
    again.show_on_screen()
    qtbot.waitExposed(again)
    available = again.screen().availableGeometry()
    assert not again.isMaximized()
    assert available.contains(again.frameGeometry()), (again.frameGeometry(), available)
    again.close()




def test_every_page_has_a_title_at_its_top(window):
    window.setStyleSheet(STYLE)  # as the application styles every window
    titles = {name: page.findChild(QLabel, "pageTitle") for name, page in window.pages.items()}
    for label in titles.values():
        if label is not None:
            label.ensurePolished()
    assert {name for name, label in titles.items() if label is None} == set()
    fonts = {(label.font().pointSizeF(), label.font().bold())
             for label in titles.values() if label is not None}
    assert len(fonts) == 1  # one style everywhere
    for name, label in titles.items():
        if label is not None:  # the navigation's word, or a longer form of it
            assert label.text().startswith(name.split()[0]), (name, label.text())


@pytest.mark.parametrize("scale", SCREENS)
@pytest.mark.parametrize("make", DIALOGS, ids=lambda f: f.__name__)
def test_every_dialog_fits_the_screen(qtbot, db, runner, make, scale, output_dir,
                                     monkeypatch):
    """A dialog opens no larger than the screen leaves (less the title bar), and its
    smallest size fits there too."""
    available = SCREENS[scale]
    room = QSize(available.width(), available.height() - TITLE_BAR)
    monkeypatch.setattr(widgets, "screen_room", lambda window: room)  # this laptop's screen
    demo.fill(db, 50, build_index=False)
    dialog = make(db, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert fits(dialog.minimumSizeHint(), room), (make.__name__, dialog.minimumSizeHint())
    assert fits(dialog.size(), room), (make.__name__, dialog.size())
    dialog.grab().save(str(output_dir / f"dialog_{scale}_{make.__name__}.png"))
    dialog.close()
