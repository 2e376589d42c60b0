"""The burn-down of a period (docs/domain.md, "The Laporan page" and "The PDF"): the people
left to record at the end of each day, for the Laporan page's chart and the report PDF
alike, so both draw the same line.

A day's remaining is the target less those recorded now, plus the ``terekam`` events
written after that day, up to today (undone and overruled ones are out of both, as in the
day series). So a period that ended in the past is counted back from today through the
recordings since its end, and its line stops on its last day; a period reaching today
stops today (later days have no events yet). The 7 days' pace is carried on from today
only when the period reaches today: a past period's chart says what was, not what will be.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


class _Day(Protocol):
    day: dt.date
    recorded: int


@dataclass(frozen=True)
class BurnDown:
    points: tuple[tuple[dt.date, int], ...]  # left at the end of each day drawn
    start: int  # left before the period's first day: where the ideal line starts
    live: bool  # the period reaches today: the pace line belongs on its chart
    # the last 7 days' pace carried on from today, (today, left) to where it reaches 0 or
    # polling day; None for a period that ended before today, or at no pace
    pace_line: tuple[tuple[dt.date, float], tuple[dt.date, float]] | None


def build(by_day: Sequence[_Day], *, remaining: int, recorded_after: int, pace_7d: float,
          date_to: dt.date, today: dt.date, election_day: dt.date) -> BurnDown:
    """The burn-down of the days ``by_day`` (the period's, in order). ``remaining``: target
    less recorded now (never below 0); ``recorded_after``: the ``terekam`` events from the
    day after the period to today (0 for a period reaching today)."""
    points: list[tuple[dt.date, int]] = []
    later = recorded_after
    for d in reversed(by_day):
        if d.day <= today:
            points.append((d.day, max(remaining + later, 0)))
        later += d.recorded
    live = date_to >= today
    pace_line = None
    if live and remaining and pace_7d > 0:
        reach = today + dt.timedelta(days=remaining / pace_7d)
        stop = min(reach, max(election_day, today))
        left_then = remaining - pace_7d * (stop - today).days
        pace_line = ((today, float(remaining)), (stop, max(left_then, 0.0)))
    return BurnDown(tuple(reversed(points)), max(remaining + later, 0), live, pace_line)
