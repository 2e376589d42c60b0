"""How many NIKs fit what a masked record shows: the rebuild test of masked output.

Worked out only from the shown texts. A NIK is PPKKCC DDMMYY SSSS (women: day + 40); a
shown digit fixes its place, a hidden one (any non-digit) leaves it open. The birth text
shown beside it (a full date dd-mm-yyyy or yyyy-mm-dd, a year, an age, or nothing), the
sex shown, and the region digits narrow the candidates.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator

# A NIK as printed in four groups of four, some digits hidden.
SHOWN_NIK = re.compile(r"(?<![\d•])[\d•]{4} [\d•]{4} [\d•]{4} [\d•]{4}(?![\d•])")
ENOUGH = 1_000
TODAY = dt.date(2026, 1, 15)


def _age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _days(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


def _dates(birth: str, age: int | None, today: dt.date) -> list[dt.date]:
    """Every birth date (a century back from today: YY repeats after that) fitting `birth`
    and `age`."""
    oldest = dt.date(today.year - 100, today.month, today.day) + dt.timedelta(days=1)
    full = re.fullmatch(r"(\d{2})-(\d{2})-(\d{4})", birth)
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", birth)
    if full or iso:
        day = (dt.date(int(full[3]), int(full[2]), int(full[1])) if full
               else dt.date(int(iso[1]), int(iso[2]), int(iso[3])))
        first = last = day
    elif re.fullmatch(r"\d{4}", birth):
        first, last = dt.date(int(birth), 1, 1), dt.date(int(birth), 12, 31)
    elif birth:
        raise AssertionError(f"birth shown as {birth!r}: teach the counter this form")
    elif age is not None:  # born in one of two calendar years
        first, last = dt.date(today.year - age - 1, 1, 1), dt.date(today.year - age, 12, 31)
    else:
        first, last = oldest, today
    return [day for day in _days(max(first, oldest), min(last, today))
            if age is None or _age_on(day, today) == age]


def _fits(pattern: str, digits: str) -> bool:
    return all(not p.isdigit() or p == d for p, d in zip(pattern, digits, strict=True))


@functools.cache  # masked records share a few patterns: count each once
def candidates(shown_nik: str, *, birth: str = "", sex: str = "", age: int | None = None,
               today: dt.date = TODAY) -> int:
    """How many NIKs fit a record showing `shown_nik` with `birth`, `sex` ('L', 'P', the
    words, or '' when not shown) and `age` (years on `today`, None when not shown)."""
    pattern = shown_nik.replace(" ", "")
    assert len(pattern) == 16, shown_nik
    region = 10 ** sum(not c.isdigit() for c in pattern[:6])
    sexes = {"l": ("L",), "laki-laki": ("L",), "p": ("P",), "perempuan": ("P",)}.get(
        sex.strip().lower(), ("L", "P"))
    middles = set()
    for day in _dates(birth.strip(), age, today):
        for s in sexes:
            ddmmyy = f"{day.day + (40 if s == 'P' else 0):02d}{day.month:02d}{day.year % 100:02d}"
            if _fits(pattern[6:12], ddmmyy):
                middles.add(ddmmyy)
    return region * len(middles) * _serials(pattern[12:])


@functools.cache
def _serials(pattern: str) -> int:
    return sum(_fits(pattern, f"{n:04d}") for n in range(1, 10_000))
