"""The PySide6 window: a thin layer over ektp_desk.core."""
