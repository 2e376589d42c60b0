"""One change bus: jobs announce what they changed; each page decides whether to refresh."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from ektp_desk.core.jobs import Changes


class ChangeBus(QObject):
    changed = Signal(object)  # Changes

    def announce(self, changes: Changes) -> None:
        if changes.any:
            self.changed.emit(changes)
