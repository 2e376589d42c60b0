"""The JobRunner: off-thread jobs, results on the main thread, delayed dialog, cancel, errors."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QPushButton

from ektp_desk.core import demo, search
from ektp_desk.core.errors import Cancelled, UserError
from ektp_desk.core.jobs import Changes
from ektp_desk.ui import crash
from ektp_desk.ui import runner as runner_module


def insert_settings_row(db, *, progress, cancel, fail=False):
    with db.atomic():
        db.execute_sql("INSERT INTO setting (key, value) VALUES ('desk_name', '\"X\"')")
        if fail:
            raise UserError("file_empty")
    return Changes(settings=True)


def test_write_runs_off_the_main_thread_and_announces_changes(qtbot, runner, db):
    threads, results, announced = [], [], []
    runner.bus.changed.connect(announced.append)

    def job(database, *, progress, cancel):
        threads.append(threading.current_thread())
        return insert_settings_row(database, progress=progress, cancel=cancel)

    with qtbot.waitSignal(runner.finished, timeout=5000):
        runner.run_write(job, on_success=results.append)
    assert threads[0] is not threading.main_thread()
    assert results == [Changes(settings=True)]
    assert announced == [Changes(settings=True)]
    assert db.execute_sql("SELECT count(*) FROM setting").fetchone()[0] == 1


def test_user_error_is_shown_to_the_clerk_and_rolled_back(qtbot, runner, db, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    with qtbot.waitSignal(runner.finished, timeout=5000):
        runner.run_write(insert_settings_row, fail=True)
    assert shown == ["Berkas kosong: tidak ada baris data."]
    assert db.execute_sql("SELECT count(*) FROM setting").fetchone()[0] == 0


def test_bug_goes_to_the_crash_report(qtbot, runner, monkeypatch):
    reported = []
    monkeypatch.setattr(crash, "report", reported.append)

    def broken(database):
        raise ZeroDivisionError("bug")

    with qtbot.waitSignal(runner.finished, timeout=5000):
        runner.run_read(broken)
    assert isinstance(reported[0], ZeroDivisionError)


def test_slow_job_shows_a_dialog_whose_cancel_rolls_back(qtbot, runner, db):
    def slow(database, *, progress, cancel):
        with database.atomic():
            database.execute_sql("INSERT INTO setting (key, value) VALUES ('desk_name', '1')")
            step = 0
            while not cancel.wait(0.02):  # a step of work, until the clerk cancels
                progress(step, 200, "langkah")
                step += 1
            cancel.raise_if_cancelled()
        return Changes(settings=True)

    handle = runner.run_write(slow, title="Pekerjaan lambat")
    qtbot.waitUntil(lambda: bool(runner.parent().findChildren(QProgressDialog)), timeout=3000)
    dialog = runner.parent().findChildren(QProgressDialog)[0]
    assert dialog.isVisible()
    cancel_button = dialog.findChild(QPushButton)
    assert cancel_button.text() == "Batal"
    with qtbot.waitSignal(runner.finished, timeout=5000):
        qtbot.mouseClick(cancel_button, Qt.MouseButton.LeftButton)
    assert handle.token.cancelled
    assert isinstance(handle.error, Cancelled)
    assert db.execute_sql("SELECT count(*) FROM setting").fetchone()[0] == 0


def test_fast_job_shows_no_dialog(qtbot, runner, monkeypatch):
    # "fast" is "done before the delay": a delay no busy machine reaches makes it so, and
    # the delay's timer must be stopped, so that no dialog comes later either
    monkeypatch.setattr(runner_module, "DIALOG_DELAY_MS", 3_600_000)
    with qtbot.waitSignal(runner.finished, timeout=5000):
        runner.run_write(insert_settings_row, title="Cepat")
    assert not runner.parent().findChildren(QProgressDialog)  # none made, not just hidden
    assert not [t for t in runner.findChildren(QTimer) if t.isActive()]


def test_background_job_steps_aside_for_a_clerks_job(qtbot, runner, db, monkeypatch):
    demo.fill(db, 400, build_index=False)
    monkeypatch.setattr(search, "CHUNK", 50)
    started = threading.Event()
    real = search.index_pending

    def slow_index(database, *, progress, cancel):
        def slow_progress(done, total, message=""):
            started.set()
            cancel.wait(0.05)  # a slow chunk, cut short when the job is told to step aside
            progress(done, total, message)
        return real(database, progress=slow_progress, cancel=cancel)

    runner.run_background(slow_index)
    qtbot.waitUntil(started.is_set, timeout=3000)
    with qtbot.waitSignal(runner.finished, timeout=5000,
                          check_params_cb=lambda h: h.title == "Pengaturan"):
        runner.run_write(insert_settings_row, title="Pengaturan")
    qtbot.waitUntil(lambda: search.pending(db) == 0, timeout=10000)
    qtbot.waitUntil(lambda: not runner._callbacks, timeout=5000)


def test_shutdown_cancels_drops_the_callbacks_and_refuses_new_jobs(qtbot, runner, db,
                                                                   until_cancelled,
                                                                   monkeypatch):
    monkeypatch.setattr(runner_module, "DIALOG_DELAY_MS", 0)
    called = []
    handle = runner.run_write(until_cancelled, title="Lama", on_success=called.append,
                              on_failure=called.append)
    queued = runner.run_write(insert_settings_row, on_success=called.append)
    qtbot.waitUntil(until_cancelled.started.is_set, timeout=5000)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in
                                runner.parent().findChildren(QProgressDialog)), timeout=5000)
    assert runner.shutdown() is True
    assert handle.token.cancelled and not runner.busy
    assert not [d for d in runner.parent().findChildren(QProgressDialog) if d.isVisible()]
    late = runner.run_read(lambda database: called.append("ran"))
    assert late.done and isinstance(late.error, Cancelled)
    QApplication.processEvents()  # the stopped worker's result is queued: it reaches nobody
    assert called == [] and not queued.done
    assert db.execute_sql("SELECT count(*) FROM setting").fetchone()[0] == 0  # never started
    assert runner.shutdown() is True  # twice is harmless


def test_a_job_that_ignores_cancel_is_abandoned_after_the_bound(qtbot, runner):
    release, started = threading.Event(), threading.Event()

    def stubborn(database):
        started.set()
        release.wait()

    runner.run_read(stubborn)
    qtbot.waitUntil(started.is_set, timeout=5000)
    try:
        assert runner.shutdown(timeout=0.05) is False
        assert not runner.busy
    finally:
        release.set()


def test_shutdown_joins_the_stopped_workers_on_the_gui_thread(qtbot, runner):
    """After shutdown no worker of the runner is alive (nor its SQLite connection)."""
    workers: list[threading.Thread] = []
    for run in (runner.run_read, runner.run_write):
        handle = run(lambda database: workers.append(threading.current_thread()))
        qtbot.waitUntil(lambda handle=handle: handle.done, timeout=5000)
    assert runner.shutdown() is True
    assert len(workers) == 2 and not any(worker.is_alive() for worker in workers)


def test_an_answer_for_a_dialog_closed_meanwhile_reaches_nobody(qtbot, runner):
    """A clerk closes a dialog (deleted on close) while its read is on the way: the answer
    is dropped, not delivered to a deleted widget."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialog, QLabel

    class Viewer(QDialog):
        def __init__(self) -> None:
            super().__init__()
            self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.label = QLabel(self)

        def show_answer(self, answer: str) -> None:
            self.label.setText(answer)

    release = threading.Event()
    viewer = Viewer()
    handle = runner.run_read(lambda database: release.wait(5) and "jawaban",
                             on_success=viewer.show_answer)
    with qtbot.waitSignal(viewer.destroyed, timeout=5000):
        viewer.close()
    release.set()
    with qtbot.waitSignal(runner.finished, timeout=5000):
        pass
    assert handle.done and handle.result == "jawaban"
