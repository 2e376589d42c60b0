"""The one way the window runs core jobs (after Anki's CollectionOp and taskman).

- write jobs run one at a time on a single writer thread (a whole job is one transaction);
- read jobs run on a small reader pool (WAL lets them read while a write is going on);
- results and errors come back on the main thread through a queued signal;
- a progress dialog with Batal appears only when a job takes longer than half a second;
- a UserError becomes a message for the clerk, a bug goes to the crash dialog and the log;
- on success the job's `changes` are announced on the change bus;
- a background write (e.g. indexing names) steps aside when a clerk's job comes.

Core functions keep the shape f(db, …, *, progress, cancel); peewee gives each thread its
own connection to the same database object, so no model instance crosses threads.
"""

from __future__ import annotations

import inspect
import itertools
import queue
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

import peewee as pw
import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from ektp_desk.core.errors import Cancelled, UserError, environment_error
from ektp_desk.core.jobs import CancelToken, Changes
from ektp_desk.ui import crash
from ektp_desk.ui.changes import ChangeBus

DIALOG_DELAY_MS = 500
PUMP_MS = 10  # how often the GUI thread collects the workers' answers while jobs are out
SHUTDOWN_WAIT_S = 5.0  # how long closing waits for a cancelled job before abandoning it


def _takes_progress(fn: Callable[..., Any]) -> bool:
    """Whether fn follows the long-job protocol (keyword arguments progress and cancel);
    short jobs such as saving settings need neither."""
    try:
        parameters = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()):
        return True
    return "progress" in parameters and "cancel" in parameters


def _receiver_gone(*callbacks: Callable[..., Any] | None) -> bool:
    """Whether a callback belongs to a widget already destroyed (a dialog closed with
    WA_DeleteOnClose while its read was on the way): nobody waits for that answer, and
    calling it would touch a deleted C++ object."""
    for callback in callbacks:
        owner = getattr(callback, "__self__", None)
        if isinstance(owner, QObject) and not shiboken6.isValid(owner):
            return True
    return False


@dataclass
class JobHandle:
    id: int
    title: str | None
    token: CancelToken = field(default_factory=CancelToken)
    done: bool = False
    result: Any = None
    error: BaseException | None = None

    def cancel(self) -> None:
        self.token.cancel()


@dataclass
class _Callbacks:
    on_success: Callable[[Any], None] | None
    on_failure: Callable[[BaseException], None] | None
    dialog: QProgressDialog | None = None
    timer: QTimer | None = None
    background: bool = False
    write: bool = False
    source: object = None  # who started the job, told to the change bus
    superseded: bool = False  # a newer read with the same key replaced it: nobody waits


class JobRunner(QObject):
    finished = Signal(object)  # JobHandle, after its callbacks ran
    progressed = Signal(object, int, int, str)  # JobHandle, done, total, message

    def __init__(self, db: pw.Database, bus: ChangeBus | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.bus = bus or ChangeBus(self)
        self._parent = parent
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ektp-writer")
        self._readers = ThreadPoolExecutor(max_workers=2, thread_name_prefix="ektp-reader")
        # long reads nobody waits for (the start's checks and daily backup): their own thread,
        # so the pages' reads never queue behind them
        self._maintenance = ThreadPoolExecutor(max_workers=1,
                                               thread_name_prefix="ektp-maintenance")
        self._ids = itertools.count(1)
        self._callbacks: dict[int, _Callbacks] = {}
        self._handles: dict[int, JobHandle] = {}
        self._background: JobHandle | None = None
        self._background_job: tuple[Callable[..., Any], tuple, dict] | None = None
        self._futures: set[Future] = set()
        self._untracked: set[Future] = set()  # maintenance jobs: never waited for
        self._reads: dict[Hashable, int] = {}  # key → the newest read asked with it
        self._closed = False
        self._out = 0  # jobs submitted whose answer the GUI thread has not collected yet
        # Workers never call Qt (no signal emitted, no object touched, docs/architecture.md
        # "Threads"): they leave results and progress here, and the GUI thread collects
        # them on a short timer that runs only while a job is out.
        self._inbox: queue.SimpleQueue[tuple[Any, ...]] = queue.SimpleQueue()
        self._pump = QTimer(self)
        self._pump.setInterval(PUMP_MS)
        self._pump.timeout.connect(self._collect)

    # --- public --------------------------------------------------------------------------
    def run_write(self, fn: Callable[..., Any], *args: Any, title: str | None = None,
                  on_success: Callable[[Any], None] | None = None,
                  on_failure: Callable[[BaseException], None] | None = None,
                  source: object = None, **kwargs: Any) -> JobHandle:
        """Run fn(db, *args, progress=…, cancel=…, **kwargs) on the writer thread.
        ``source`` (the page starting it) goes with the changes it announces."""
        self._pause_background()
        return self._submit(self._writer, fn, args, kwargs, title, on_success, on_failure,
                            with_progress=True, source=source)

    def run_read(self, fn: Callable[..., Any], *args: Any,
                 on_success: Callable[[Any], None] | None = None,
                 on_failure: Callable[[BaseException], None] | None = None,
                 title: str | None = None, with_progress: bool = False,
                 key: Hashable | None = None, **kwargs: Any) -> JobHandle:
        """Run fn(db, *args, **kwargs) on a reader thread (progress/cancel only if asked).
        ``key``: a newer read with the same key replaces this one: the older is cancelled
        and its answer reaches nobody (a page asking again before the last answer came)."""
        if key is not None:
            self.forget(key)
        handle = self._submit(self._readers, fn, args, kwargs, title, on_success, on_failure,
                              with_progress=with_progress)
        if key is not None:
            self._reads[key] = handle.id
        return handle

    def forget(self, key: Hashable) -> None:
        """Nobody waits any more for the read asked with ``key`` (the page answered the
        question another way): it is cancelled and its answer dropped."""
        older = self._reads.pop(key, None)
        if older is not None and older in self._callbacks:
            self._callbacks[older].superseded = True
            self._handles[older].cancel()

    def run_background(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        """A low-priority write: no dialog, cancelled when a clerk's write job comes and
        started again after it (fn must keep what it has done when cancelled)."""
        self._background_job = (fn, args, kwargs)
        if self._background is None or self._background.done:
            handle = self._submit(self._writer, fn, args, kwargs, None, None, None,
                                  with_progress=True, background=True)
            self._background = handle

    def run_maintenance(self, fn: Callable[..., Any], *args: Any,
                        on_success: Callable[[Any], None] | None = None,
                        on_failure: Callable[[BaseException], None] | None = None,
                        **kwargs: Any) -> JobHandle:
        """Run fn(db, *args, **kwargs), a long job that only reads the database, on the
        maintenance thread: no dialog, not counted as busy (pages are still built after
        the paint), never waited for by shutdown. It cannot be stopped midway (one SQLite
        backup step): a window closed meanwhile leaves it to finish before the process
        ends. Its thread's connection is closed when it is done."""
        def job(db: pw.Database, *a: Any, **kw: Any) -> Any:
            try:
                return fn(db, *a, **kw)
            finally:
                db.close()  # this thread's own connection only (peewee keeps one a thread)

        return self._submit(self._maintenance, job, args, kwargs, None, on_success,
                            on_failure, with_progress=False, background=True, tracked=False)

    @property
    def busy(self) -> bool:
        return any(not cb.background for cb in self._callbacks.values())

    @property
    def busy_writing(self) -> bool:
        """Whether a clerk's write job runs: the only kind worth asking about before closing
        (a read job or the background indexing can be dropped at any point)."""
        return any(cb.write and not cb.background for cb in self._callbacks.values())

    def cancel_all(self) -> None:
        for handle_id in list(self._callbacks):
            self._handles[handle_id].cancel()

    def shutdown(self, timeout: float = SHUTDOWN_WAIT_S) -> bool:
        """Cancel every job, close their dialogs and wait at most `timeout` seconds for the
        threads; returns whether they all stopped. Never asks anything and never blocks for
        good: a job that ignores its cancel token is abandoned (its result is dropped). No
        callback runs after this, and the runner is not busy any more. Safe to call twice."""
        self._closed = True
        self._background_job = None
        self.cancel_all()
        for callbacks in self._callbacks.values():
            self._dismiss(callbacks)
        self._callbacks.clear()
        self._handles.clear()
        # queued jobs never start; running ones see their token at their next check
        self._writer.shutdown(wait=False, cancel_futures=True)
        self._readers.shutdown(wait=False, cancel_futures=True)
        self._maintenance.shutdown(wait=False, cancel_futures=True)
        _, running = wait(list(self._futures), timeout=timeout)
        if running:
            crash.log.warning("closing: %d job(s) did not stop in %.1f s; abandoned",
                              len(running), timeout)
        self._pump.stop()  # what a stopped or abandoned job leaves reaches nobody
        if running or self._untracked:
            return not running
        # the stopped workers end here, and with them their threads' SQLite connections
        # (a restore replaces the file: docs/architecture.md "Backups and the database file")
        for pool in (self._writer, self._readers, self._maintenance):
            pool.shutdown(wait=True)
        return True

    # --- internals -----------------------------------------------------------------------
    def _submit(self, pool: ThreadPoolExecutor, fn: Callable[..., Any], args: tuple,
                kwargs: dict, title: str | None, on_success: Callable[[Any], None] | None,
                on_failure: Callable[[BaseException], None] | None, *, with_progress: bool,
                background: bool = False, source: object = None,
                tracked: bool = True) -> JobHandle:
        handle = JobHandle(next(self._ids), title)
        if self._closed:  # e.g. a page reloading as its window goes away: nothing runs
            handle.done, handle.error = True, Cancelled()
            return handle
        callbacks = _Callbacks(on_success, on_failure, background=background,
                               write=pool is self._writer, source=source)
        self._callbacks[handle.id] = callbacks
        self._handles[handle.id] = handle
        if title is not None:
            callbacks.timer = QTimer(self)
            callbacks.timer.setSingleShot(True)
            callbacks.timer.timeout.connect(lambda: self._open_dialog(handle))
            callbacks.timer.start(DIALOG_DELAY_MS)
        if with_progress and _takes_progress(fn):
            inbox = self._inbox
            kwargs = dict(kwargs, progress=lambda d, t, m="": inbox.put((handle, d, t, m)),
                          cancel=handle.token)
        future = pool.submit(self._work, self._inbox, self.db, handle, fn, args, kwargs)
        self._out += 1
        self._pump.start()
        running = self._futures if tracked else self._untracked  # shutdown waits for the first
        running.add(future)
        future.add_done_callback(running.discard)
        return handle

    @staticmethod
    def _work(inbox: queue.SimpleQueue, db: pw.Database, handle: JobHandle,
              fn: Callable[..., Any], args: tuple, kwargs: dict) -> None:
        """On a worker: the job, its answer left in the inbox (no reference to the runner,
        a QObject, stays on this thread)."""
        try:
            handle.result = fn(db, *args, **kwargs)
        except BaseException as exc:
            handle.error = environment_error(exc) or exc
        inbox.put((handle,))

    def _collect(self) -> None:
        """On the GUI thread: what the workers had left by now, in the order they left it.
        An answer that comes while these callbacks run waits for the next turn of the event
        loop, as a queued signal would (a test's waitSignal sees each in its turn)."""
        for _ in range(self._inbox.qsize()):
            try:
                message = self._inbox.get_nowait()
            except queue.Empty:
                break
            if len(message) == 1:
                self._out -= 1
                self._finish(message[0])
            else:
                self._show_progress(*message)
        if self._out <= 0:
            self._pump.stop()

    def _open_dialog(self, handle: JobHandle) -> None:
        callbacks = self._callbacks.get(handle.id)
        if callbacks is None or handle.done:
            return
        dialog = QProgressDialog(handle.title or "", self.tr("Batal"), 0, 0, self._parent)
        dialog.setWindowTitle("ektp-desk")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(0)
        dialog.canceled.connect(lambda: self._cancel_from_dialog(handle, dialog))
        callbacks.dialog = dialog
        dialog.show()

    def _cancel_from_dialog(self, handle: JobHandle, dialog: QProgressDialog) -> None:
        handle.cancel()
        dialog.setLabelText(self.tr("Membatalkan…"))
        dialog.setCancelButton(None)
        dialog.show()  # QProgressDialog hides itself on cancel; keep it until the job ends

    def _show_progress(self, handle: JobHandle, done: int, total: int, message: str) -> None:
        callbacks = self._callbacks.get(handle.id)
        if callbacks is None:
            return
        self.progressed.emit(handle, done, total, message)
        dialog = callbacks.dialog
        if dialog is not None and not handle.token.cancelled:
            dialog.setMaximum(max(total, 1))
            dialog.setValue(min(done, total))
            if message:
                dialog.setLabelText(f"{handle.title}\n{message}")

    def _finish(self, handle: JobHandle) -> None:
        handle.done = True
        callbacks = self._callbacks.pop(handle.id, None)
        self._handles.pop(handle.id, None)
        if callbacks is None:
            return
        self._dismiss(callbacks)
        error = handle.error
        if callbacks.background and callbacks.write:  # the background write, not maintenance
            self._background = None
            if not isinstance(error, Cancelled):
                self._background_job = None  # finished (or failed): do not run it again
        try:
            if callbacks.superseded or _receiver_gone(callbacks.on_success, callbacks.on_failure):
                return  # (finally: still finished)
            if error is None:
                result = handle.result
                changes = result if isinstance(result, Changes) else getattr(
                    result, "changes", None)
                if isinstance(changes, Changes):
                    self.bus.announce(changes, callbacks.source)
                if callbacks.on_success is not None:
                    callbacks.on_success(handle.result)
            elif callbacks.on_failure is not None:
                callbacks.on_failure(error)
            elif isinstance(error, Cancelled):
                pass  # the clerk asked for it (or a clerk's job paused a background one)
            elif isinstance(error, UserError) and callbacks.background:
                crash.log.warning("background job: %s", error.message)
            elif isinstance(error, UserError):
                QMessageBox.warning(self._parent, "ektp-desk", error.message)
            else:
                crash.report(error)
        finally:
            self.finished.emit(handle)
            self._resume_background()

    @staticmethod
    def _dismiss(callbacks: _Callbacks) -> None:
        """The job is over for the window: no dialog now, and none later."""
        if callbacks.timer is not None:
            callbacks.timer.stop()
        if callbacks.dialog is not None:
            callbacks.dialog.canceled.disconnect()  # closing emits canceled; the job is over
            callbacks.dialog.close()
            callbacks.dialog.deleteLater()

    def _pause_background(self) -> None:
        if self._background is not None and not self._background.done:
            self._background.cancel()

    def _resume_background(self) -> None:
        if self._background_job is None or self.busy:
            return
        if self._background is not None and not self._background.done:
            return
        fn, args, kwargs = self._background_job
        self._background_job = None
        self.run_background(fn, *args, **kwargs)
