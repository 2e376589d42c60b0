"""The Meja Layanan page's person card: its widgets (name, status badge, queue number, the
fields, the warnings banner) and what they show of a :class:`PersonCard`.

Like the builders in ``sections.py``, these functions create the widgets as attributes of
the page (its methods and the tests use them by name) and translate in the page's context.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.core import nik as nik_rules
from ektp_desk.core import people
from ektp_desk.core.calendar import format_date_id, format_time_range
from ektp_desk.core.desk import PersonCard
from ektp_desk.core.errors import UserError
from ektp_desk.core.fields import age_on
from ektp_desk.core.status import CATEGORY_LABELS
from ektp_desk.ui import theme
from ektp_desk.ui.pages.meja.models import status_colours
from ektp_desk.ui.widgets import tr

if TYPE_CHECKING:
    from ektp_desk.ui.pages.meja.page import MejaPage

_CENTER = Qt.AlignmentFlag.AlignCenter


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


# --- building -----------------------------------------------------------------------------

def build_person_card(page: MejaPage) -> QFrame:
    """The card's frame: a hint while nobody is open, else the person's details."""
    page.card_frame = QFrame()
    page.card_frame.setObjectName("card")
    page.card_frame.setStyleSheet(
        f"QFrame#card {{ background: {theme.PANEL}; border: 1px solid {theme.PANEL_BORDER}; "
        "border-radius: 6px; }")
    card_layout = QVBoxLayout(page.card_frame)
    card_layout.setContentsMargins(16, 12, 16, 12)
    page.empty = QLabel(tr("Pindai QR surat panggilan, atau ketik NIK atau nama lalu "
                                "tekan Enter."))
    page.empty.setObjectName("empty")
    page.empty.setWordWrap(True)
    page.empty.setAlignment(_CENTER)
    page.empty.setStyleSheet(theme.text_style(theme.PLACEHOLDER))
    empty_font = page.empty.font()
    empty_font.setPointSizeF(empty_font.pointSizeF() * 1.3)
    page.empty.setFont(empty_font)
    page.empty.setMinimumHeight(120)

    head = _card_head(page)
    grid = _card_fields(page)
    _card_banner(page)
    page.details = QWidget()
    details_layout = QVBoxLayout(page.details)
    details_layout.setContentsMargins(0, 0, 0, 0)
    details_layout.addLayout(head)
    details_layout.addLayout(grid)
    details_layout.addWidget(page.banner)
    card_layout.addWidget(page.empty)
    card_layout.addWidget(page.details)
    return page.card_frame


def _card_head(page: MejaPage) -> QHBoxLayout:
    """The name, the status badge with the no-show count, and the queue number."""
    page.name_label = QLabel()
    page.name_label.setObjectName("name")
    page.name_label.setWordWrap(True)
    page.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    name_font = page.name_label.font()
    name_font.setBold(True)
    name_font.setPointSizeF(name_font.pointSizeF() * 2.0)
    page.name_label.setFont(name_font)
    page.badge = QLabel()
    page.badge.setObjectName("badge")
    page.badge.setAlignment(_CENTER)
    badge_font = page.badge.font()
    badge_font.setBold(True)
    badge_font.setPointSizeF(badge_font.pointSizeF() * 1.9)
    page.badge.setFont(badge_font)
    page.badge.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
    page.attempts = QLabel()
    page.attempts.setObjectName("attempts")
    page.queue = QLabel()
    page.queue.setObjectName("queue")
    page.queue.setAlignment(_CENTER)
    page.queue.setTextFormat(Qt.TextFormat.RichText)
    page.queue.setMinimumWidth(110)
    background, border, _ = theme.NOTICE["info"]
    page.queue.setStyleSheet(f"QLabel#queue {{ background: {background}; border: 1px solid "
                             f"{border}; border-radius: 6px; padding: 4px 10px; }}")

    head = QHBoxLayout()
    left_head = QVBoxLayout()
    left_head.addWidget(page.name_label)
    badge_row = QHBoxLayout()
    badge_row.addWidget(page.badge)
    badge_row.addWidget(page.attempts)
    badge_row.addStretch(1)
    left_head.addLayout(badge_row)
    head.addLayout(left_head, 1)
    head.addWidget(page.queue, 0, Qt.AlignmentFlag.AlignTop)
    return head


def _card_fields(page: MejaPage) -> QGridLayout:
    """Captions and values: NIK, birth, address, kelurahan, category, summons."""
    page.fields = {}
    grid = QGridLayout()
    grid.setHorizontalSpacing(12)
    grid.setVerticalSpacing(4)
    entries = (("nik", tr("NIK")), ("born", tr("Lahir")),
               ("address", tr("Alamat")), ("kelurahan", tr("Kelurahan")),
               ("category", tr("Kategori")), ("summons", tr("Jadwal")))
    value_font = page.font()
    value_font.setPointSizeF(value_font.pointSizeF() * 1.2)
    for i, (key, title) in enumerate(entries):
        caption = QLabel(title)
        caption.setStyleSheet(theme.text_style(theme.CAPTION))
        caption.setFont(value_font)
        value = QLabel()
        value.setObjectName(f"field_{key}")
        value.setWordWrap(True)
        value.setFont(value_font)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid.addWidget(caption, i, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(value, i, 1)
        page.fields[key] = value
    grid.setColumnStretch(1, 1)
    return grid


def _card_banner(page: MejaPage) -> None:
    """The yellow banner with the core's warnings."""
    page.banner = QLabel()
    page.banner.setObjectName("banner")
    page.banner.setWordWrap(True)
    page.banner.setStyleSheet(theme.notice_style("warn", "QLabel#banner"))
    banner_font = page.banner.font()
    banner_font.setBold(True)
    banner_font.setPointSizeF(banner_font.pointSizeF() * 1.1)
    page.banner.setFont(banner_font)


# --- showing ------------------------------------------------------------------------------

def show_person_card(page: MejaPage, card: PersonCard | None) -> None:
    """Fill the card with `card`, or show the hint when it is None."""
    page.empty.setVisible(card is None)
    page.details.setVisible(card is not None)
    if card is None:
        return
    _show_head(page, card)
    f = page.fields
    f["nik"].setText(nik_rules.mask(card.nik) if page.masked else card.nik)
    f["born"].setText(_born_text(page, card))
    rt_rw = f"RT {card.rt or '–'} / RW {card.rw or '–'}"
    f["address"].setText(f"{card.address}, {rt_rw}" if card.address else rt_rw)
    f["kelurahan"].setText(card.kelurahan_name or "–")
    category = CATEGORY_LABELS.get(card.category, card.category)
    if card.disability:
        category += tr(" · disabilitas: {}").format(card.disability)
    f["category"].setText(category)
    f["summons"].setText(summons_text(page, card.summons))
    if card.warnings:
        page.banner.setText("\n".join(f"⚠ {text}" for text in card.warnings))
        page.banner.setVisible(True)
    else:
        page.banner.setVisible(False)


def _show_head(page: MejaPage, card: PersonCard) -> None:
    page.name_label.setText(card.name)
    background, foreground = status_colours(card.status)
    page.badge.setText(card.status_label)
    page.badge.setStyleSheet(f"QLabel#badge {{ background: {background}; color: "
                             f"{foreground}; border-radius: 8px; padding: 6px 22px; }}")
    page.attempts.setText(tr("Tidak hadir {n}×").format(n=card.attempts)
                          if card.attempts else "")
    if card.queue_number:
        page.queue.setText(tr("<div style='color:{colour}'>ANTRIAN</div>"
                                   "<div style='font-size:30pt; font-weight:bold'>{n}"
                                   "</div>").format(n=card.queue_number, colour=theme.TODAY))
        page.queue.setVisible(True)
    else:
        page.queue.setVisible(False)


def _born_text(page: MejaPage, card: PersonCard) -> str:
    born = _as_date(card.birth_date)
    if page.masked:  # beside a masked NIK the age only: the date and sex give the NIK
        born_text = (tr("umur {n} tahun").format(n=age_on(born, page.today))
                     if born is not None else "–")
    else:
        born_text = people.format_date(card.birth_date) if card.birth_date else "–"
        if born is not None:
            born_text += tr("  (umur {n} tahun)").format(n=age_on(born, page.today))
    sex = {"L": tr("laki-laki"), "P": tr("perempuan")}.get(card.sex or "")
    return f"{born_text}, {sex}" if sex else born_text


def summons_text(page: MejaPage, summons: Mapping[str, object] | None) -> str:
    """The summons in one line: day, hours, location, which call."""
    if not summons:
        return tr("Tidak ada panggilan terbuka")
    parts = []
    day = _as_date(summons.get("date"))
    if day is not None:
        parts.append(tr("hari ini") if day == page.today else format_date_id(day))
    start, end = summons.get("start"), summons.get("end")
    if start and end:
        try:
            parts.append(format_time_range(str(start), str(end)))
        except UserError:
            parts.append(f"{start}–{end}")
    if summons.get("location"):
        parts.append(str(summons["location"]))
    round_ = summons.get("round")
    if round_:
        parts.append(tr("panggilan ke-{n}").format(n=round_))
    return " · ".join(parts) or "–"
