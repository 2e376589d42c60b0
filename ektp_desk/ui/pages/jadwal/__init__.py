"""The Jadwal page: the calendar of summoning slots and the scheduling actions (see
:mod:`.page`)."""

from ektp_desk.ui.pages.jadwal.page import JadwalPage

__all__ = ["JadwalPage"]
