"""The change bus and the runner's keyed reads: hidden pages wait until shown, a page can
leave out the changes it made itself, and a newer read replaces an older one."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QWidget

from ektp_desk.core.jobs import Changes
from ektp_desk.ui.changes import ChangeBus, PageRefresh


def test_a_hidden_page_reloads_once_when_shown_not_at_every_change(qtbot):
    bus, page, reloads = ChangeBus(), QWidget(), []
    qtbot.addWidget(page)
    PageRefresh(page, bus, lambda c: c.people, lambda: reloads.append(1))
    for _ in range(5):  # five check-ins while the clerk is on another page
        bus.announce(Changes(people=True))
    assert reloads == []
    page.show()
    qtbot.waitUntil(lambda: reloads == [1])
    bus.announce(Changes(settings=True))  # not a change this page shows
    bus.announce(Changes(people=True))
    assert reloads == [1, 1]
    page.hide()
    page.show()  # shown again with nothing new: no reload
    assert reloads == [1, 1]


def test_a_page_can_leave_out_the_changes_it_started(qtbot):
    bus, page, other, reloads = ChangeBus(), QWidget(), QWidget(), []
    qtbot.addWidget(page)
    qtbot.addWidget(other)
    page.show()
    PageRefresh(page, bus, lambda c: c.events, lambda: reloads.append(1), skip_own=True)
    bus.announce(Changes(events=True), page)
    assert reloads == []
    bus.announce(Changes(events=True), other)
    assert reloads == [1]


def test_a_write_job_tells_the_bus_who_started_it(qtbot, runner):
    page, heard = QWidget(), []
    qtbot.addWidget(page)
    runner.bus.changed_by.connect(lambda changes, source: heard.append(source))
    with qtbot.waitSignal(runner.finished, timeout=5000):
        runner.run_write(lambda db: Changes(people=True), source=page)
    assert heard == [page]


def test_a_newer_read_with_the_same_key_replaces_the_older(qtbot, runner):
    hold, answers = threading.Event(), []

    def slow(db, *, cancel):
        hold.wait(5)
        return "lama"

    older = runner.run_read(slow, key="daftar", on_success=answers.append, with_progress=True)
    runner.run_read(lambda db: "baru", key="daftar", on_success=answers.append)
    assert older.token.cancelled  # told to stop
    hold.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
    assert answers == ["baru"]  # the older answer reached nobody


def test_forgetting_a_read_drops_its_answer(qtbot, runner):
    hold, answers = threading.Event(), []

    def slow(db, *, cancel):
        hold.wait(5)
        return "lama"

    handle = runner.run_read(slow, key="daftar", on_success=answers.append,
                             with_progress=True)
    runner.forget("daftar")  # the page answered another way (say, an empty choice)
    assert handle.token.cancelled
    hold.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
    assert answers == []
