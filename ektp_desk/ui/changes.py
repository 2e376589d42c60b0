"""One change bus: jobs announce what they changed, and who started them; each page decides
whether to refresh (:class:`PageRefresh`)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QWidget

from ektp_desk.core.jobs import Changes


class ChangeBus(QObject):
    changed = Signal(object)  # Changes
    changed_by = Signal(object, object)  # Changes, what started the job (None: not said)

    def announce(self, changes: Changes, source: object = None) -> None:
        if changes.any:
            self.changed.emit(changes)
            self.changed_by.emit(changes, source)


class PageRefresh(QObject):
    """How a page answers the change bus, as Anki's browser table does: a change it cares
    about reloads it at once while it is shown; while it is hidden the page only marks
    itself stale and reloads once when it is shown again. A check-in at the desk thus costs
    the hidden pages nothing until the clerk opens them.

    ``skip_own``: changes of jobs the page started itself (it shows their results as they
    come) do not reload it."""

    def __init__(self, page: QWidget, bus: ChangeBus | None, wants: Callable[[Changes], bool],
                 reload: Callable[[], None], *, skip_own: bool = False,
                 stale: bool = False) -> None:
        super().__init__(page)
        self._page = page
        self._wants = wants
        self._reload = reload
        self._skip_own = skip_own
        self.stale = stale  # True: load when first shown
        if bus is not None:
            bus.changed_by.connect(self._on_changes)
        page.installEventFilter(self)

    def _on_changes(self, changes: Changes, source: object) -> None:
        if (self._skip_own and source is self._page) or not self._wants(changes):
            return
        if self._page.isVisible():
            self._reload()
        else:
            self.stale = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # (Qt may still call in while the page is being torn down and this wrapper's
        # attributes are gone: then there is nothing to reload)
        if (watched is getattr(self, "_page", None) and event.type() == QEvent.Type.Show
                and self.stale):
            self.stale = False
            self._reload()
        return False
