"""What the parts of the Jadwal page share: the two views, how full a slot is and its
words, the drag format of people, and the date arithmetic of the calendar's grid (pure
functions, tested without a window)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ektp_desk.core import calendar
from ektp_desk.core.calendar import format_time_range, month_name
from ektp_desk.core.scheduling import Location, SlotInfo

MONTH, WEEK = "month", "week"
PEOPLE_MIME = "application/x-ektp-desk-people"

# How full a slot is: the word for it and its label (the colours are the calendar's).
EMPTY, PARTLY, FULL = "kosong", "sebagian", "penuh"
FULLNESS_LABELS = {EMPTY: QT_TRANSLATE_NOOP("JadwalPage", "Kosong"),
                   PARTLY: QT_TRANSLATE_NOOP("JadwalPage", "Terisi sebagian"),
                   FULL: QT_TRANSLATE_NOOP("JadwalPage", "Penuh")}
DELIBERATE_MARK = "★"


def fullness(assigned: int, capacity: int) -> str:
    """kosong (nobody yet), sebagian, or penuh (no place left)."""
    if assigned <= 0 and capacity > 0:
        return EMPTY
    return FULL if assigned >= capacity else PARTLY


def short_names(locations: Iterable[Location]) -> dict[int, str]:
    """Names that fit a calendar cell: the words all locations of a kind share are dropped
    ('Kantor Kecamatan Pekalongan Barat' → 'Barat'); a kind with one location keeps its
    first word ('Dindukcapil Kota Pekalongan' → 'Dindukcapil')."""
    by_kind: dict[str, list[Location]] = {}
    for loc in locations:
        by_kind.setdefault(loc.kind, []).append(loc)
    names: dict[int, str] = {}
    for group in by_kind.values():
        words = [loc.name.split() for loc in group]
        if len(group) == 1:
            first = words[0]
            names[group[0].id] = first[0] if first and len(first[0]) >= 6 else group[0].name
            continue
        shared = 0
        while all(len(w) > shared + 1 for w in words) and len({w[shared] for w in words}) == 1:
            shared += 1
        for loc, parts in zip(group, words, strict=True):
            names[loc.id] = " ".join(parts[shared:]) or loc.name
    return names


def grid_dates(anchor: dt.date, mode: str) -> list[dt.date]:
    """The days the calendar shows: whole weeks (Senin first) around the anchor's month,
    or the anchor's week."""
    if mode == WEEK:
        first = anchor - dt.timedelta(days=anchor.weekday())
        return [first + dt.timedelta(days=i) for i in range(7)]
    start = anchor.replace(day=1)
    end = (start.replace(year=start.year + 1, month=1) if start.month == 12
           else start.replace(month=start.month + 1)) - dt.timedelta(days=1)
    first = start - dt.timedelta(days=start.weekday())
    last = end + dt.timedelta(days=6 - end.weekday())
    return calendar.dates(first, last)


def period_text(anchor: dt.date, mode: str) -> str:
    """'Februari 2024', or a week: '5–11 Februari 2024', '29 Januari – 4 Februari 2024'."""
    if mode == MONTH:
        return f"{month_name(anchor.month)} {anchor.year}"
    days = grid_dates(anchor, WEEK)
    first, last = days[0], days[-1]
    if first.month == last.month:
        return f"{first.day}–{last.day} {month_name(last.month)} {last.year}"
    if first.year == last.year:
        return f"{first.day} {month_name(first.month)} – {last.day} {month_name(last.month)} " \
               f"{last.year}"
    return f"{calendar.format_date_plain(first)} – {calendar.format_date_plain(last)}"


def shift(anchor: dt.date, mode: str, steps: int) -> dt.date:
    """The anchor one week or one month on (or back); the day clamped to the month."""
    if mode == WEEK:
        return anchor + dt.timedelta(days=7 * steps)
    month = anchor.month - 1 + steps
    year, month = anchor.year + month // 12, month % 12 + 1
    for day in (anchor.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")



def slot_tip(slot: SlotInfo) -> str:
    state = QCoreApplication.translate("JadwalPage",
                                       FULLNESS_LABELS[fullness(slot.assigned, slot.capacity)])
    parts = [slot.location, f"{format_time_range(slot.start, slot.end)} · "
             f"{slot.assigned}/{slot.capacity} · {state}"]
    if slot.deliberate:
        parts.append(QCoreApplication.translate("JadwalPage", "Sesi khusus"))
    if slot.name:
        parts.append(slot.name)
    return "\n".join(parts)


