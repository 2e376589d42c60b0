"""Shared fixtures: an off-screen Qt, a fresh SQLite file per test, an output folder."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before anything can create a QApplication.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("EKTP_DESK_LANG", "id")
# the cheapest argon2id for account passwords (core/accounts.py); the command lines the
# tests start inherit it
os.environ.setdefault("EKTP_DESK_HASH_COST", "test")

from ektp_desk.core import db as core_db

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "tests" / "output"
TODAY = dt.date(2026, 11, 28)


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the real user data directory."""
    monkeypatch.setenv("EKTP_DESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("EKTP_DESK_DB", raising=False)


@pytest.fixture(autouse=True)
def _bugs_fail_the_test(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[BaseException]]:
    """A bug reaching the crash dialog would block on a modal box; record it and fail."""
    reported: list[BaseException] = []
    try:
        from ektp_desk.ui import crash
    except ImportError:  # no Qt on this machine: the core tests still run
        yield reported
        return
    monkeypatch.setattr(crash, "report", reported.append)
    yield reported
    if reported:
        raise AssertionError(f"a bug reached the crash dialog: {reported[0]!r}") from reported[0]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ektp.sqlite"


@pytest.fixture
def db(db_path: Path) -> Iterator:
    database = core_db.open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def output_dir() -> Path:
    """Where tests leave PNGs and PDFs for a person to look at."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    return OUTPUT


@pytest.fixture
def today() -> dt.date:
    return TODAY


@pytest.fixture(scope="session")
def qapp_cls():
    """pytest-qt's QApplication, with the app's guard that keeps Python's cyclic garbage
    collector on the GUI thread (ui/gc_guard.py): without it, a runner's worker could destroy
    a finished test's widgets and crash the whole run."""
    from PySide6.QtWidgets import QApplication

    from ektp_desk.ui import gc_guard

    class GuardedApplication(QApplication):
        def __init__(self, *args) -> None:
            super().__init__(*args)
            gc_guard.install(self)

    return GuardedApplication


@pytest.fixture(autouse=True)
def _collect_on_the_main_thread() -> Iterator[None]:
    """The window's collector runs on a timer in the event loop; a test that never turns
    the loop still gets its due collection, here on the main thread."""
    yield
    try:
        from ektp_desk.ui import gc_guard
    except ImportError:  # no Qt on this machine
        return
    collector = gc_guard.installed()
    if collector is not None:
        collector.collect_due()
