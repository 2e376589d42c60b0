"""Fixtures every window test shares."""

from __future__ import annotations

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
