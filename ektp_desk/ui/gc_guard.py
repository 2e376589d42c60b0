"""Python's cyclic garbage collector only ever runs on the GUI thread.

The collector runs in whichever thread happens to allocate when a generation fills up. On a
job runner's worker (ui/runner.py) it would destroy the widgets of a closed dialog there, and
Qt crashes: "Timers cannot be stopped from another thread", then a segmentation fault in the
GUI thread a moment later. So the automatic collector is switched off for the life of the
QApplication, and the GUI thread collects on a timer with the collector's own thresholds (the
way qutebrowser and pyqtgraph guard against the same crash). Reference counting frees
everything outside a cycle at once, as before. See docs/architecture.md, "Threads".
"""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 250
_PROPERTY = "ektpMainThreadGc"


class MainThreadCollector(QObject):
    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.collect_due)
        self.timer.start()

    def collect_due(self) -> int | None:
        """Collect the oldest generation whose count passed its threshold, as the automatic
        collector would have; returns that generation (None: nothing was due)."""
        if threading.current_thread() is not threading.main_thread():
            return None
        counts = gc.get_count()
        due = [gen for gen in range(3) if counts[gen] > self.thresholds[gen]]
        if not due:
            return None
        gc.collect(due[-1])
        return due[-1]


def install(app: QCoreApplication) -> MainThreadCollector:
    """Once per application (calling it again returns the one installed)."""
    collector = app.property(_PROPERTY)
    if isinstance(collector, MainThreadCollector):
        return collector
    collector = MainThreadCollector(app)
    app.setProperty(_PROPERTY, collector)
    return collector


def installed() -> MainThreadCollector | None:
    app = QCoreApplication.instance()
    collector = app.property(_PROPERTY) if app is not None else None
    return collector if isinstance(collector, MainThreadCollector) else None
