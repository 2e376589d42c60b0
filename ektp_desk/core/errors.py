"""Two kinds of error: UserError (the environment's fault, shown to the clerk) and bugs."""

from __future__ import annotations

from ektp_desk.core import messages


class UserError(Exception):
    """Something the clerk can understand and act on: a bad file, a full disk, a busy database.

    Carries a message id from :mod:`ektp_desk.core.messages` so it can be shown in the
    clerk's language; everything else that escapes is a bug and goes to the crash dialog.
    """

    def __init__(self, message_id: str, /, **params: object) -> None:
        self.message_id = message_id
        self.params = params
        super().__init__(messages.text(message_id, **params))

    @property
    def message(self) -> str:
        return messages.text(self.message_id, **self.params)


class Cancelled(Exception):
    """The clerk pressed Cancel; the job's transaction has been rolled back."""


def environment_error(exc: BaseException) -> UserError | None:
    """The UserError an environment failure means (busy, full, read-only disk), else None.

    SQLite and the OS report these as generic exceptions; the clerk needs words, not a crash.
    """
    text = str(exc).lower()
    if (isinstance(exc, OSError) and exc.errno == 28) or "disk is full" in text:
        return UserError("disk_full")
    if "database is locked" in text or "database is busy" in text:
        return UserError("db_locked")
    if "readonly database" in text or "read-only" in text:
        return UserError("write_failed", path="basis data", detail="hanya-baca")
    if isinstance(exc, OSError) and exc.filename:
        return UserError("write_failed", path=exc.filename, detail=exc.strerror or str(exc))
    return None
