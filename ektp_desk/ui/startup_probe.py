"""When the window is usable: its first paint, then the event loop idle (the start-up
benchmark, benchmarks/bench_startup.py).

With EKTP_DESK_STARTUP_PROBE set, the app prints `accepted <time.time()>` once the
password was accepted, `painted <time.time()>` once the window has painted and every event
queued by then has run, then `rows <time.time()>` when the first page shows its first rows,
and quits. Set to ``login``, it also plays the clerk at the login dialog: `login <time>`
once the dialog has painted, then it types EKTP_DESK_STARTUP_PASSWORD and presses *Masuk*
(`submitted <time>`). The bare PySide6 window the benchmark compares against uses the same
probe (:func:`bare_window`), so both are timed the same way.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

ENV = "EKTP_DESK_STARTUP_PROBE"
PASSWORD_ENV = "EKTP_DESK_STARTUP_PASSWORD"  # what the probe types at the login dialog


class _FirstPaint(QObject):
    """On the window's first paint, waits for the queue to drain (a zero timer runs once
    the events posted before it are done), then calls `then`."""

    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._then = then
        self._seen = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._seen:
            self._seen = True
            QTimer.singleShot(0, self._idle)
        return False

    def _idle(self) -> None:
        self._then()


def enabled() -> bool:
    return bool(os.environ.get(ENV))


def mark(name: str) -> None:
    """Print `name <time>` for the benchmark; nothing without the probe."""
    if enabled():
        print(f"{name} {time.time():.6f}", flush=True)


def type_at_login(dialog: QWidget) -> None:
    """With the probe set to ``login``: once the login dialog has painted and is idle,
    print `login`, type the password and press *Masuk* (printing `submitted`)."""
    if os.environ.get(ENV) != "login":
        return

    def press() -> None:
        mark("login")
        dialog.password_edit.setText(os.environ.get(PASSWORD_ENV, ""))  # type: ignore[attr-defined]
        mark("submitted")
        dialog.login_button.click()  # type: ignore[attr-defined]

    _FirstPaint(dialog, press)


def install(app: QApplication, window: QWidget,
            has_rows: Callable[[], bool] | None = None) -> None:
    """Print the time of the first paint (and of the first rows, if asked), then quit."""

    def after_paint() -> None:
        mark("painted")
        if has_rows is None:
            app.quit()
            return
        timer = QTimer(window)
        timer.setInterval(5)

        def poll() -> None:
            if has_rows():
                print(f"rows {time.time():.6f}", flush=True)
                timer.stop()
                app.quit()

        timer.timeout.connect(poll)
        timer.start()

    _FirstPaint(window, after_paint)


def bare_window() -> int:
    """The baseline: a bare QMainWindow, shown maximised like the app's first start."""
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("bare")
    install(app, window)
    window.showMaximized()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(bare_window())
