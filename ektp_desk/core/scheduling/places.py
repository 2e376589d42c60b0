"""Outreach places (jemput bola): schools, pesantren, rutan/lapas, panti, homes and the
kantor kelurahan of evening sessions, with their kelurahan and contact (docs/domain.md,
"Jemput bola"). Created, edited, deactivated and reactivated here; never deleted, since
visits keep pointing to them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

import peewee as pw

from ektp_desk.core import audit, messages, models, regions
from ektp_desk.core.errors import UserError
from ektp_desk.core.scheduling.common import LOCATION_KINDS, OUTREACH_KINDS, acting_user
from ektp_desk.core.scheduling.locations import LocationResult, get_location
from ektp_desk.core.text import clean

# Only these kinds have an NPSN (Nomor Pokok Sekolah Nasional, 8 digits; pesantren too).
NPSN_KINDS = ("sekolah", "pesantren")
# What a clerk may type for a kind: the codes, and the words said at the counter.
KIND_ALIASES = {"lapas": "rutan_lapas", "rutan": "rutan_lapas", "pondok": "pesantren",
                "pondok_pesantren": "pesantren", "kantor_kelurahan": "kelurahan"}

messages.register({
    "place_bad_kind": (
        "Jenis tempat jemput bola tidak dikenal: {kind}. Pilih: {kinds}.",
        "Unknown outreach place kind: {kind}. Choose: {kinds}."),
    "place_not_outreach": (
        "{name} bukan tempat jemput bola (jenisnya {kind}); ubah di daftar lokasi layanan.",
        "{name} is not an outreach place (it is a {kind}); change it with the service "
        "locations."),
    "place_bad_npsn": (
        "NPSN harus 8 angka, bukan '{value}'.", "An NPSN has 8 digits, not '{value}'."),
    "place_npsn_kind": (
        "NPSN hanya untuk sekolah dan pondok pesantren, bukan untuk {kind}.",
        "An NPSN belongs to schools and pesantren only, not to a {kind}."),
    "place_bad_phone": (
        "Nomor telepon '{value}' tidak sah: tulis angka saja (boleh diawali +, dengan spasi, "
        "titik, tanda hubung atau kurung), 6 sampai 15 angka.",
        "Telephone number '{value}' is not valid: digits only (a leading +, spaces, dots, "
        "hyphens or brackets allowed), 6 to 15 digits."),
    "place_already": (
        "{name} sudah {state}.", "{name} is already {state}."),
    "place_state_active": ("aktif", "active"),
    "place_state_inactive": ("nonaktif", "inactive"),
})


@dataclass(frozen=True, slots=True)
class Place:
    id: int
    kind: str
    name: str
    address: str | None
    kecamatan_code: str | None
    kelurahan_code: str | None
    contact_name: str | None
    contact_title: str | None
    contact_phone: str | None
    npsn: str | None
    active: bool

    @property
    def kind_label(self) -> str:
        return LOCATION_KINDS.get(self.kind, self.kind)

    def as_json(self) -> dict[str, object]:
        return {"id": self.id, "kind": self.kind, "name": self.name, "address": self.address,
                "kecamatan_code": self.kecamatan_code, "kelurahan_code": self.kelurahan_code,
                "contact_name": self.contact_name, "contact_title": self.contact_title,
                "contact_phone": self.contact_phone, "npsn": self.npsn,
                "active": self.active}


def parse_kind(value: str) -> str:
    """A place kind code from what the clerk typed (``lapas`` → ``rutan_lapas``)."""
    key = clean(value).lower().replace(" ", "_").replace("-", "_").replace("/", "_")
    key = KIND_ALIASES.get(key, key)
    if key not in OUTREACH_KINDS:
        raise UserError("place_bad_kind", kind=value, kinds=", ".join(OUTREACH_KINDS))
    return key


def parse_kelurahan(value: str | None) -> tuple[str, str] | None:
    """(kelurahan code, kecamatan code) of a kelurahan given by name or code, from the
    region table; None for nothing given."""
    if value is None or not clean(value):
        return None
    found = regions.default_table().match_kelurahan(clean(value))
    if found is None:
        raise UserError("sched_bad_kelurahan", value=value)
    return found.kelurahan.code, found.kelurahan.kecamatan_code


def parse_npsn(value: str | None, kind: str) -> str | None:
    text = clean(value).replace(" ", "")
    if not text:
        return None
    if kind not in NPSN_KINDS:
        raise UserError("place_npsn_kind", kind=LOCATION_KINDS.get(kind, kind))
    if len(text) != 8 or not text.isdigit():
        raise UserError("place_bad_npsn", value=value)
    return text


def parse_phone(value: str | None) -> str | None:
    """A telephone number as typed, checked: digits with the usual separators."""
    text = clean(value)
    if not text:
        return None
    body = text[1:] if text.startswith("+") else text
    digits = "".join(ch for ch in body if ch.isdigit())
    if any(not (ch.isdigit() or ch in " .-()") for ch in body) or not 6 <= len(digits) <= 15:
        raise UserError("place_bad_phone", value=value)
    return text


_COLUMNS = ("id", "kind", "name", "address", "kecamatan_code", "kelurahan_code",
            "contact_name", "contact_title", "contact_phone", "npsn", "active")


def list_places(db: pw.Database, *, kinds: Iterable[str] | None = None,
                include_inactive: bool = False) -> list[Place]:
    """Outreach places (of some kinds), by kind then name."""
    wanted = tuple(kinds) if kinds is not None else OUTREACH_KINDS
    rows = db.execute_sql(
        f"SELECT {', '.join(_COLUMNS)} FROM location WHERE kind IN (SELECT value FROM "
        "json_each(?)) AND (? OR active) ORDER BY kind, name, id",
        (json.dumps(list(wanted)), int(include_inactive)))
    return [Place(*r[:-1], bool(r[-1])) for r in rows]


def get_place(db: pw.Database, place_id: int) -> Place:
    """One outreach place, or UserError (also for an office: not edited here)."""
    location = get_location(db, place_id)
    if location.kind not in OUTREACH_KINDS:
        raise UserError("place_not_outreach", name=location.name, kind=location.kind_label)
    row = db.execute_sql(f"SELECT {', '.join(_COLUMNS)} FROM location WHERE id = ?",
                         (place_id,)).fetchone()
    return Place(*row[:-1], bool(row[-1]))


def add_place(db: pw.Database, kind: str, name: str, *, address: str | None = None,
              kelurahan: str | None = None, contact_name: str | None = None,
              contact_title: str | None = None, contact_phone: str | None = None,
              npsn: str | None = None, user: str | None = None) -> LocationResult:
    """Add an outreach place; everything is checked before anything is written."""
    code = parse_kind(kind)
    if not clean(name):
        raise UserError("sched_name_empty")
    region = parse_kelurahan(kelurahan)
    values = {"kind": code, "name": clean(name), "address": clean(address) or None,
              "kelurahan_code": region[0] if region else None,
              "kecamatan_code": region[1] if region else None,
              "contact_name": clean(contact_name) or None,
              "contact_title": clean(contact_title) or None,
              "contact_phone": parse_phone(contact_phone), "npsn": parse_npsn(npsn, code)}
    with db.atomic():
        place_id = int(models.Location.insert(**values).execute(db))
        audit.record(db, acting_user(db, user), "tempat_tambah", location_id=place_id,
                     kind=code, name=values["name"])
    return LocationResult(place_id)


_UNSET: object = object()


def update_place(db: pw.Database, place_id: int, *, kind: str | None = None,
                 name: str | None = None, address: object = _UNSET,
                 kelurahan: object = _UNSET, contact_name: object = _UNSET,
                 contact_title: object = _UNSET, contact_phone: object = _UNSET,
                 npsn: object = _UNSET, user: str | None = None) -> LocationResult:
    """Change a place's fields (only those given; ``None`` or '' clears a field)."""
    place = get_place(db, place_id)
    code = parse_kind(kind) if kind is not None else place.kind
    updates: dict[str, object] = {}
    if code != place.kind:
        updates["kind"] = code
    if name is not None:
        if not clean(name):
            raise UserError("sched_name_empty")
        updates["name"] = clean(name)
    if address is not _UNSET:
        updates["address"] = clean(address) or None  # type: ignore[arg-type]
    if kelurahan is not _UNSET:
        region = parse_kelurahan(kelurahan)  # type: ignore[arg-type]
        updates["kelurahan_code"] = region[0] if region else None
        updates["kecamatan_code"] = region[1] if region else None
    for field_, value in (("contact_name", contact_name), ("contact_title", contact_title)):
        if value is not _UNSET:
            updates[field_] = clean(value) or None  # type: ignore[arg-type]
    if contact_phone is not _UNSET:
        updates["contact_phone"] = parse_phone(contact_phone)  # type: ignore[arg-type]
    if npsn is not _UNSET:
        updates["npsn"] = parse_npsn(npsn, code)  # type: ignore[arg-type]
    elif code not in NPSN_KINDS and place.npsn:
        raise UserError("place_npsn_kind", kind=LOCATION_KINDS.get(code, code))
    if updates:
        with db.atomic():
            models.Location.update(**updates).where(models.Location.id == place_id).execute(db)
            audit.record(db, acting_user(db, user), "tempat_ubah", location_id=place_id,
                         **updates)
    return LocationResult(place_id)


def set_place_active(db: pw.Database, place_id: int, active: bool, *,
                     user: str | None = None) -> LocationResult:
    """Deactivate a place (no new visit goes there; its visits stay) or reactivate it."""
    place = get_place(db, place_id)
    if place.active == active:
        state = "place_state_active" if active else "place_state_inactive"
        raise UserError("place_already", name=place.name, state=messages.text(state))
    with db.atomic():
        db.execute_sql("UPDATE location SET active = ? WHERE id = ?", (int(active), place_id))
        audit.record(db, acting_user(db, user),
                     "tempat_aktifkan" if active else "tempat_nonaktifkan", location_id=place_id)
    return LocationResult(place_id)

