"""The Qt binding must not leak references to None (PySide6 6.12.0 on Python 3.11 did:
every void call lowered None's count until the process aborted after ~10,000 calls)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel


def test_void_calls_do_not_eat_none(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(20_000):
        label.setText("x")
        QApplication.processEvents()
    assert sys.getrefcount(None) >= before - 100
