"""The protocol every long job follows: progress(done, total, message), a cancel token,
and a Changes value that says what the job changed (after Anki's OpChanges)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from ektp_desk.core.errors import Cancelled


class Progress(Protocol):
    def __call__(self, done: int, total: int, message: str = "") -> None: ...


def no_progress(done: int, total: int, message: str = "") -> None:
    """The progress callback for callers that do not care."""


class CancelToken:
    """Set from any thread (the UI's Cancel button); checked by the job between chunks."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until cancelled or ``timeout`` seconds pass (a job waiting for something
        stays cancellable at once); True when cancelled."""
        return self._event.wait(timeout)


NEVER_CANCELLED = CancelToken()


class ThrottledProgress:
    """Wraps a progress callback so it is called at most every `interval` seconds
    (and always for the last step), keeping hot loops cheap."""

    def __init__(self, progress: Progress, interval: float = 0.1) -> None:
        self._progress = progress
        self._interval = interval
        self._last = 0.0

    def __call__(self, done: int, total: int, message: str = "") -> None:
        now = time.monotonic()
        if done >= total or now - self._last >= self._interval:
            self._last = now
            self._progress(done, total, message)


@dataclass(frozen=True)
class Changes:
    """What a verb changed, so each screen can decide whether to refresh."""

    people: bool = False
    events: bool = False
    imports: bool = False
    settings: bool = False
    schedule: bool = False
    letters: bool = False
    tables: frozenset[str] = field(default_factory=frozenset)

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            people=self.people or other.people,
            events=self.events or other.events,
            imports=self.imports or other.imports,
            settings=self.settings or other.settings,
            schedule=self.schedule or other.schedule,
            letters=self.letters or other.letters,
            tables=self.tables | other.tables,
        )

    @property
    def any(self) -> bool:
        return any((self.people, self.events, self.imports, self.settings, self.schedule,
                    self.letters, self.tables))


Job = Callable[..., object]
