"""Service locations: offices and outreach places, their capacity, which serve each
kecamatan, and whether one is open at a given time (weekly hours, holidays).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import peewee as pw

from ektp_desk.core import audit, calendar, messages, models, regions
from ektp_desk.core.calendar import Interval, format_date_id
from ektp_desk.core.errors import UserError
from ektp_desk.core.jobs import Changes
from ektp_desk.core.scheduling.common import (
    DEFAULT_CAPACITY_PER_HOUR,
    LOCATION_KINDS,
    acting_user,
    parse_capacity,
)
from ektp_desk.core.text import clean


@dataclass(frozen=True, slots=True)
class Location:
    id: int
    kind: str
    name: str
    address: str | None
    kecamatan_code: str | None
    capacity_per_hour: int
    active: bool

    @property
    def kind_label(self) -> str:
        return LOCATION_KINDS.get(self.kind, self.kind)


@dataclass(frozen=True)
class LocationResult:
    location_id: int
    changes: Changes = field(default_factory=lambda: Changes(schedule=True))


def _select_locations() -> pw.ModelSelect:
    table = models.Location
    return table.select(table.id, table.kind, table.name, table.address, table.kecamatan_code,
                        table.capacity_per_hour, table.active).tuples()


def list_locations(db: pw.Database, *, kinds: Iterable[str] | None = None,
                   include_inactive: bool = False) -> list[Location]:
    """Locations (of some kinds), by id: the offices first, as preloaded."""
    rows = _select_locations().order_by(models.Location.id).execute(db)
    wanted = set(kinds) if kinds is not None else None
    found = [Location(*row) for row in rows]
    return [loc for loc in found
            if (include_inactive or loc.active) and (wanted is None or loc.kind in wanted)]


def get_location(db: pw.Database, location_id: int) -> Location:
    """One location, or UserError when there is none with that id."""
    row = _select_locations().where(models.Location.id == location_id).first(db)
    if row is None:
        raise UserError("cal_location_missing", location_id=location_id)
    return Location(*row)


def normalize_kecamatan(value: str | None) -> str | None:
    if value is None or not str(value).strip():
        return None
    found = regions.default_table().match_kecamatan(str(value))
    if found is None:
        raise UserError("sched_bad_kecamatan", value=value)
    return found.code


def add_location(db: pw.Database, kind: str, name: str, *, address: str | None = None,
                 kecamatan_code: str | None = None,
                 capacity_per_hour: int = DEFAULT_CAPACITY_PER_HOUR,
                 hours: Mapping[int | str, Iterable[tuple[str, str]]] | None = None,
                 user: str | None = None) -> LocationResult:
    """Add a place (an outreach place, another office), with optional weekly hours."""
    if kind not in LOCATION_KINDS:
        raise UserError("sched_bad_kind", kind=kind, kinds=", ".join(LOCATION_KINDS))
    name = clean(name)
    if not name:
        raise UserError("sched_name_empty")
    capacity = parse_capacity(capacity_per_hour)
    code = normalize_kecamatan(kecamatan_code)
    made_hours = calendar.make_hours(hours or {})
    with db.atomic():
        location_id = int(models.Location.insert(
            kind=kind, name=name, address=clean(address) or None, kecamatan_code=code,
            capacity_per_hour=capacity).execute(db))
        calendar.insert_hours(db, location_id, made_hours)
        audit.record(db, acting_user(db, user), "lokasi_tambah", location_id=location_id, kind=kind,
                     name=name)
    return LocationResult(location_id)


_UNSET = object()


def update_location(db: pw.Database, location_id: int, *, name: str | None = None,
                    address: object = _UNSET, kecamatan_code: object = _UNSET,
                    capacity_per_hour: int | None = None, active: bool | None = None,
                    user: str | None = None) -> LocationResult:
    """Change a location's fields (only those given). Existing slots keep their capacity."""
    get_location(db, location_id)
    updates: dict[str, object] = {}
    if name is not None:
        if not clean(name):
            raise UserError("sched_name_empty")
        updates["name"] = clean(name)
    if address is not _UNSET:
        updates["address"] = clean(address) or None
    if kecamatan_code is not _UNSET:
        updates["kecamatan_code"] = normalize_kecamatan(kecamatan_code)  # type: ignore[arg-type]
    if capacity_per_hour is not None:
        updates["capacity_per_hour"] = parse_capacity(capacity_per_hour)
    if active is not None:
        updates["active"] = int(bool(active))
    if updates:
        with db.atomic():
            (models.Location.update(**updates).where(models.Location.id == location_id)
             .execute(db))
            audit.record(db, acting_user(db, user), "lokasi_ubah", location_id=location_id,
                         **{k: v for k, v in updates.items()})
    return LocationResult(location_id)


def default_locations(db: pw.Database) -> dict[str, tuple[int, ...]]:
    """Which locations serve each kecamatan, by preference: the active kantor kecamatan
    whose ``kecamatan_code`` it is. The key '' (kecamatan unknown) maps to Dindukcapil, which
    is also the fallback for a kecamatan without an office of its own."""
    mapping: dict[str, list[int]] = {}
    city: list[int] = []
    for loc in list_locations(db, kinds=("kecamatan", "dindukcapil")):
        if loc.kind == "kecamatan" and loc.kecamatan_code:
            mapping.setdefault(loc.kecamatan_code, []).append(loc.id)
        elif loc.kind == "dindukcapil":
            city.append(loc.id)
    result = {code: tuple(ids) for code, ids in mapping.items()}
    result[""] = tuple(city)
    return result


def _holiday_name(db: pw.Database, day: dt.date) -> str | None:
    found = calendar.holidays(db, day, day).get(day)
    return found.name if found else None


def check_open(db: pw.Database, location: Location, day: dt.date, interval: Interval) -> None:
    """UserError unless the interval lies within the location's hours on a non-holiday."""
    holiday = _holiday_name(db, day)
    periods = calendar.location_hours(db, location.id).get(day.weekday(), ())
    inside = any(p.start <= interval.start and interval.end <= p.end for p in periods)
    if holiday or not inside:
        why = messages.text("sched_holiday_why", name=holiday) if holiday else ""
        raise UserError("sched_slot_off_hours", date=format_date_id(day), range=str(interval),
                        location=location.name, why=why)
