"""The Laporan page: the drive's dashboard (see :mod:`.page`)."""

from ektp_desk.ui.pages.laporan.page import LaporanPage

__all__ = ["LaporanPage"]
