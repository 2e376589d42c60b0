"""The window's colours and notice bars, in one place: a page names what a colour is for
(an error, a hint, today), never a hex value."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QWidget

# text
TEXT = "#1e1e1e"
DIM = "#6b6b6b"
FAINT = "#9a9a9a"
HINT = "#5f6368"
ERROR = "#b3261e"
OK = "#2e7d32"
REPRINT = "#a04000"
CUTI = "#6b4e00"  # cuti bersama in the holiday list
TODAY = "#1a5fb4"
SELECTED = "#1f3a5f"
WHITE = "#ffffff"

# panels and controls
PANEL = "#ffffff"
PANEL_BORDER = "#c8c8c8"
CONTROL = "#fafafa"
CONTROL_BORDER = "#b8b8b8"
CONTROL_TEXT = "#303030"
DISABLED = "#f2f2f2"
DISABLED_TEXT = "#a8a8a8"
DISABLED_EDGE = "#dddddd"
CAPTION = "#606060"
PLACEHOLDER = "#707070"
UNDONE = "#8a8a8a"
HOVER = "#eef4fc"

# a person's status badge: (colour, text on it), everywhere a status is shown in colour
STATUS = {
    "belum_dipanggil": ("#757575", WHITE),
    "dipanggil": ("#1565c0", WHITE),
    "hadir": ("#f9a825", "#2b1d00"),
    "terekam": ("#2e7d32", WHITE),
    "gagal_rekam": ("#c62828", WHITE),
    "tidak_hadir": ("#6d4c41", WHITE),
    "sudah_rekam": ("#00838f", WHITE),
    "tidak_dapat_dilayani": ("#424242", WHITE),
    "ktp_dicetak": ("#5e35b1", WHITE),
    "ktp_diterima": ("#1b5e20", WHITE),
    "suket": ("#00695c", WHITE),
    "menunggu_17": ("#7b1fa2", WHITE),
    "menunggu_blangko": ("#4527a0", WHITE),
    "data_ganda": ("#e65100", WHITE),
    "klarifikasi_selesai": ("#0277bd", WHITE),
    "rekam_luar_daerah": ("#546e7a", WHITE),
    "dirujuk": ("#37474f", WHITE),
}
STATUS_UNKNOWN = ("#9e9e9e", WHITE)

# the Jadwal calendar
FULLNESS = {  # (background, text) of a session by how full it is
    "empty": ("#dcefdc", "#2e7d32"),
    "partly": ("#fff0bf", "#b7860b"),
    "full": ("#f8d2ce", "#c62828"),
}
HOLIDAY_BG = "#fdf3f3"
HOLIDAY_HATCH = "#f3cccc"
WEEKEND_BG = "#f4f4f4"
OTHER_MONTH_BG = "#fafafa"
GRID = "#d0d0d0"

# notice bars: (background, border, text); info's colours also mark a queue number
NOTICE = {
    "info": ("#eef4fc", "#b6cdee", TEXT),
    "ok": ("#e3f3e4", "#8cc690", "#1b4d1e"),
    "warn": ("#fff4ce", "#e0b400", "#5c4300"),
    "error": ("#fde7e6", "#e7a29c", "#8c1d18"),
}


def colour(name: str) -> QColor:
    """One of the colours above as a QColor (for item models' foreground roles)."""
    return QColor(name)


def text_style(name: str) -> str:
    """A style sheet for a label's text colour."""
    return f"color: {name};"


def notice_style(kind: str, selector: str = "QLabel") -> str:
    background, border, text = NOTICE[kind]
    return (f"{selector} {{ background: {background}; border: 1px solid {border}; "
            f"color: {text}; border-radius: 4px; padding: 6px; }}")


class NoticeBar(QLabel):
    """The one notice bar: a wrapped line of info, success, warning or error above a page's
    work, hidden while it has nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notice")
        self.setWordWrap(True)
        self.setVisible(False)
        self.kind = ""

    def show_notice(self, kind: str, text: str) -> None:
        self.kind = kind
        self.setText(text)
        self.setStyleSheet(notice_style(kind, "QLabel#notice"))
        self.setVisible(bool(text))
