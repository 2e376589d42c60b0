"""The election the drive works towards: its name and polling day, from the settings.

Letters, the planner, the status bar and the reports all read it here, so a drive that
moves on to the next election changes one setting and every output follows (see
docs/domain.md, "The election").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import peewee as pw

from ektp_desk.core import messages, settings
from ektp_desk.core.calendar import format_date_plain

messages.register({
    "election_passed": (
        "Tanggal pemungutan suara {nama} ({tanggal}) sudah lewat. Perbarui nama dan tanggal "
        "pemilu di Pengaturan sebelum menjadwalkan atau mencetak surat.",
        "Polling day of {nama} ({tanggal}) has passed. Update the election's name and date "
        "in Settings before scheduling or printing letters.",
    ),
})


@dataclass(frozen=True)
class Election:
    name: str  # as letters write it: 'Pemilihan Umum 2029'
    day: dt.date  # polling day

    def passed(self, today: dt.date) -> bool:
        """True once polling day is over: recording after it no longer helps a voter."""
        return today > self.day

    def passed_warning(self, today: dt.date) -> str | None:
        """The clerk's warning when polling day has passed, else None."""
        if not self.passed(today):
            return None
        return messages.text("election_passed", nama=self.name,
                             tanggal=format_date_plain(self.day))


def current(db: pw.Database) -> Election:
    """The election in the settings."""
    return Election(settings.get(db, "election_name"), settings.get_date(db, "election_date"))
