"""Fixtures every window test shares."""

from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtWidgets import QWidget

from ektp_desk.ui import crash
from ektp_desk.ui.runner import JobRunner


@pytest.fixture
def runner(qtbot, db):
    """A JobRunner (with its own change bus) on the test's database, shut down after."""
    parent = QWidget()
    qtbot.addWidget(parent)
    job_runner = JobRunner(db, parent=parent)
    yield job_runner
    job_runner.shutdown()


class UntilCancelled:
    """A job of the progress/cancel shape that runs until it is cancelled (a slow reload or
    import); `started` is set once a worker runs it."""

    def __init__(self) -> None:
        self.started = threading.Event()

    def __call__(self, db, *, progress, cancel) -> None:
        self.started.set()
        cancel.wait()
        cancel.raise_if_cancelled()


@pytest.fixture
def until_cancelled() -> UntilCancelled:
    return UntilCancelled()


@pytest.fixture
def run_app_state(monkeypatch: pytest.MonkeyPatch) -> None:
    """What ui/app.run_app sets for the whole process (the excepthook, the log, the crash
    report's database), given back after a test that runs it."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(crash.log, "handlers", list(crash.log.handlers))
    monkeypatch.setattr(crash.log, "level", crash.log.level)
    monkeypatch.setattr(crash, "_database", crash._database)
