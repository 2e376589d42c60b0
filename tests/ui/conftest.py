"""Fixtures every window test shares."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QWidget

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
