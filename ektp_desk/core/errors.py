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
