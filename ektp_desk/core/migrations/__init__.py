"""Schema steps. Each module ``mNNNN_name.py`` has ``VERSION`` and ``apply(conn)``.

A step uses plain SQL, never the current models (which describe only the newest schema).
Steps are applied in order, each inside one transaction together with its version bump,
after a backup of the file (see :func:`ektp_desk.core.db.open_database`).
"""

from __future__ import annotations

import importlib
import pkgutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    version: int
    name: str
    apply: Callable[[sqlite3.Connection], None]


def steps() -> list[Step]:
    found = []
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("m"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        found.append(Step(module.VERSION, info.name, module.apply))
    found.sort(key=lambda s: s.version)
    versions = [s.version for s in found]
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migration versions must be 1..n without gaps, got {versions}")
    return found


def latest_version() -> int:
    return len(steps())
