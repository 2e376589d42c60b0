"""Hybrid logical clock (Kulkarni et al.): a timestamp that follows the wall clock when it
can and never goes backwards, so "happened before" orders correctly even between office PCs
whose clocks are wrong.

A stamp is text ``'<milliseconds since 1970, 15 digits>.<counter, 5 digits>'`` so that
string order is time order; ties between offices are broken by (origin, seq) by the caller.
The clock's last value lives in ``meta`` ('hlc_last'). Clocks off by days are not corrected
(there is nothing to correct them against) but reported: see :func:`skew_warnings`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

import peewee as pw

from ektp_desk.core import db as core_db
from ektp_desk.core import messages

META_KEY = "hlc_last"
DAY_MS = 86_400_000
SKEW_WARN_MS = DAY_MS  # a difference of a day or more is a wrong clock, not travel time
ZERO = "000000000000000.00000"

messages.register({
    "sync_clock_behind": (
        "Jam komputer ini tertinggal sekitar {days} hari dibanding data yang sudah diterima "
        "atau dibuat sebelumnya. Periksa tanggal dan jam komputer.",
        "This computer's clock is about {days} days behind data received or made before. "
        "Check the computer's date and time."),
    "sync_clock_peer": (
        "Jam komputer {office} berbeda sekitar {days} hari dari jam komputer ini. Periksa "
        "tanggal dan jam kedua komputer.",
        "The clock of {office} differs by about {days} days from this computer's clock. Check "
        "the date and time on both computers."),
})


def make(ms: int, counter: int = 0) -> str:
    return f"{ms:015d}.{counter:05d}"


def parse(stamp: str) -> tuple[int, int]:
    ms, _, counter = stamp.partition(".")
    return int(ms), int(counter or 0)


def wall_ms(when: dt.datetime) -> int:
    if when.tzinfo is None:
        raise ValueError("an aware datetime is needed")
    return int(when.timestamp() * 1000)


@functools.lru_cache(maxsize=4096)  # events of one day share few distinct seconds
def iso_ms(text: str | None) -> int | None:
    """Milliseconds of a stored ISO timestamp (with offset), or None if unreadable."""
    if not text:
        return None
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return wall_ms(when)


class Clock:
    """The office's HLC for one transaction: load, tick/observe, save.

    ``tick(physical)`` gives a stamp for a local change that happened at ``physical`` (ms),
    later than everything this clock has issued or seen; ``observe(stamp)`` moves the clock
    past a received stamp (the HLC receive rule)."""

    def __init__(self, last: str = ZERO) -> None:
        self.ms, self.counter = parse(last)

    @classmethod
    def load(cls, db: pw.Database) -> Clock:
        return cls(core_db.meta_get(db, META_KEY, ZERO) or ZERO)

    def save(self, db: pw.Database) -> None:
        core_db.meta_set(db, META_KEY, self.last)

    @property
    def last(self) -> str:
        return make(self.ms, self.counter)

    def tick(self, physical_ms: int, floor: str | None = None) -> str:
        """A new stamp for a change at ``physical_ms``, after ``floor`` (a stamp the change
        is known to follow, e.g. the person's previous event) and after the clock."""
        if floor is not None and floor > self.last:
            self.ms, self.counter = parse(floor)
        return self.ticks([physical_ms])[0]

    def ticks(self, physicals: Iterable[int]) -> list[str]:
        """:meth:`tick` for many changes in order (stamping in bulk)."""
        ms, counter = self.ms, self.counter
        out = []
        for physical in physicals:
            if physical > ms:
                ms, counter = physical, 0
            else:
                counter += 1
                if counter > 99_999:  # the counter is full: borrow a millisecond
                    ms, counter = ms + 1, 0
            out.append(make(ms, counter))
        self.ms, self.counter = ms, counter
        return out

    def observe(self, stamp: str) -> None:
        if stamp > self.last:
            self.ms, self.counter = parse(stamp)


def skew_warnings(local_now: dt.datetime, *, clock_last: str | None = None,
                  peer_now: dt.datetime | None = None, peer: str = "") -> list[str]:
    """Warnings for clocks off by a day or more: this PC's clock behind what it already
    issued or saw, or a peer's file made a day or more after our "now"."""
    out = []
    now_ms = wall_ms(local_now)
    if clock_last is not None:
        behind = parse(clock_last)[0] - now_ms
        if behind >= SKEW_WARN_MS:
            out.append(messages.text("sync_clock_behind", days=round(behind / DAY_MS)))
    if peer_now is not None:
        # a file made "in the future" means one of the two clocks is wrong; an old file
        # is only a slow trip on a USB stick
        diff = wall_ms(peer_now) - now_ms
        if diff >= SKEW_WARN_MS:
            out.append(messages.text("sync_clock_peer", office=peer,
                                     days=round(diff / DAY_MS)))
    return out
