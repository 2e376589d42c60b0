"""The Meja Layanan page (the front desk); see page.py."""

from ektp_desk.ui.pages.meja.page import MejaPage

__all__ = ["MejaPage"]
