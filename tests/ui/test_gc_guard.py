"""Python's cyclic collector never runs on a worker thread once the window's app exists
(ui/gc_guard.py): a widget left in a reference cycle is destroyed on the GUI thread."""

from __future__ import annotations

import gc
import threading

from PySide6.QtWidgets import QPushButton, QWidget

from ektp_desk.ui import gc_guard
from ektp_desk.ui.app import make_application


def test_the_automatic_collector_is_off_and_the_app_has_one_collector(qapp):
    assert not gc.isenabled()
    assert gc_guard.installed() is gc_guard.install(qapp)
    make_application()  # the window's own start installs the same one, not a second
    assert gc_guard.installed() is gc_guard.install(qapp)


def test_a_widget_in_a_cycle_dies_on_the_gui_thread_not_on_a_busy_worker(qtbot):
    destroyed_on: list[threading.Thread] = []

    def make_garbage_widget() -> None:
        widget = QWidget()
        QPushButton("Tutup", widget)
        widget.itself = widget  # a reference cycle: only the collector frees it
        widget.destroyed.connect(lambda: destroyed_on.append(threading.current_thread()))

    make_garbage_widget()
    assert destroyed_on == []  # only the collector can free a cycle

    kept: list[list[list[int]]] = []

    def allocate_a_lot() -> None:
        # far past the youngest generation's threshold, and kept alive: the automatic
        # collector would run here, on this thread, and destroy the widget on it
        kept.append([[i] for i in range(50 * gc.get_threshold()[0])])

    worker = threading.Thread(target=allocate_a_lot)
    worker.start()
    worker.join()
    assert destroyed_on == []

    qtbot.waitUntil(lambda: destroyed_on != [], timeout=10000)  # the GUI thread's timer
    assert destroyed_on == [threading.main_thread()]


def test_collect_due_does_nothing_off_the_gui_thread(qapp):
    collector = gc_guard.installed()
    answers: list[int | None] = []
    kept = [[i] for i in range(5 * gc.get_threshold()[0])]  # something is due
    worker = threading.Thread(target=lambda: answers.append(collector.collect_due()))
    worker.start()
    worker.join()
    assert answers == [None]
    assert collector.collect_due() is not None
    assert len(kept) > 0
