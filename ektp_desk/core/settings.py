"""One typed schema for every setting: key, type, default, Indonesian label, help.

The Pengaturan page, validation and defaults all come from SCHEMA. Values are stored as
JSON in the `setting` table; a key not stored yet reads as its default, so new settings
appear by themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import peewee as pw

from ektp_desk.core import audit, fields
from ektp_desk.core.errors import UserError
from ektp_desk.core.jobs import Changes
from ektp_desk.core.models import Setting


@dataclass(frozen=True)
class SettingDef:
    key: str
    kind: str  # 'date' | 'int' | 'bool' | 'text' | 'choice' | 'list'
    default: Any
    label: str
    help: str = ""
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    item: Callable[[str], object] | None = None  # a list entry's check: ValueError if wrong
    item_form: str = ""  # the entries' form, in words, for the error


SCHEMA: tuple[SettingDef, ...] = (
    SettingDef("election_date", "date", "2024-02-14", "Tanggal pemungutan suara",
               "Umur pemilih dihitung pada tanggal ini (17 tahun atau lebih)."),
    SettingDef("previous_election_date", "date", "2019-04-17", "Tanggal pemilu sebelumnya",
               "Pemilih pemula: belum berumur 17 tahun pada pemilu sebelumnya."),
    SettingDef("placeholder_birth_dates", "list", ["01-01", "01-07", "31-12", "15"],
               "Tanggal lahir pengganti",
               "Tanggal (DD-MM, atau DD untuk setiap bulan) yang sering dipakai bila tanggal "
               "lahir tidak diketahui; diberi tanda peringatan saat impor.",
               item=fields.parse_placeholder, item_form="DD-MM atau DD, dipisah koma"),
    SettingDef("outreach_after_attempts", "int", 2, "Batas tidak hadir sebelum jemput bola",
               "Warga yang sudah sekian kali tidak hadir tidak dipanggil lagi, tetapi diusulkan "
               "untuk kunjungan jemput bola.", minimum=1, maximum=10),
    SettingDef("slot_minutes", "int", 60, "Lama satu sesi jadwal (menit)",
               "Jam layanan dibagi menjadi sesi sepanjang ini; kapasitas per jam dibagi rata.",
               minimum=15, maximum=480),
    SettingDef("mask_nik", "bool", True, "Samarkan NIK di daftar",
               "NIK ditampilkan sebagian (UU 27/2022). Membuka NIK lengkap dicatat."),
    SettingDef("desk_name", "text", "Meja 1", "Nama meja layanan"),
    SettingDef("desk_location_id", "int", 0, "Lokasi meja ini (nomor lokasi)",
               "Nomor lokasi layanan tempat meja ini berada (lihat Jadwal); 0 = tidak "
               "ditentukan. Dipakai untuk memperingatkan warga yang dijadwalkan di tempat lain.",
               minimum=0),
    SettingDef("desk_scan_marks_hadir", "bool", True, "Pindai surat langsung menandai hadir",
               "Bila kode QR surat dipindai di Meja Layanan, warga langsung ditandai hadir."),
    SettingDef("user_name", "text", "petugas", "Nama petugas",
               "Dicatat pada setiap impor dan perubahan."),
)

BY_KEY = {s.key: s for s in SCHEMA}


def validate(key: str, value: Any) -> Any:
    """The value converted to its stored form, or UserError."""
    spec = BY_KEY.get(key)
    if spec is None:
        raise UserError("setting_unknown", key=key)

    def bad(detail: str) -> UserError:
        return UserError("setting_invalid", label=spec.label, detail=detail)

    if spec.kind == "date":
        if isinstance(value, dt.date):
            return value.isoformat()
        try:
            return dt.date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise bad("format tanggal YYYY-MM-DD") from None
    if spec.kind == "int":
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise bad("harus bilangan bulat") from None
        if spec.minimum is not None and number < spec.minimum:
            raise bad(f"paling kecil {spec.minimum}")
        if spec.maximum is not None and number > spec.maximum:
            raise bad(f"paling besar {spec.maximum}")
        return number
    if spec.kind == "bool":
        if isinstance(value, str):
            return value.strip().lower() in ("1", "ya", "yes", "true", "benar")
        return bool(value)
    if spec.kind == "choice":
        if value not in spec.choices:
            raise bad("pilih salah satu: " + ", ".join(spec.choices))
        return value
    if spec.kind == "list":
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        if not isinstance(value, list | tuple):
            raise bad("harus daftar: " + (spec.item_form or "dipisah koma"))
        items = [str(v).strip() for v in value]
        for item in items:
            try:
                if spec.item is not None:
                    spec.item(item)
            except ValueError:
                raise bad(f"'{item}' bukan {spec.item_form}") from None
        return items
    text = str(value).strip()
    if not text:
        raise bad("tidak boleh kosong")
    return text


def get(db: pw.Database, key: str) -> Any:
    spec = BY_KEY[key]
    row = Setting.select(Setting.value).where(Setting.key == key).first(db)
    return spec.default if row is None else row.value


def get_date(db: pw.Database, key: str) -> dt.date:
    return dt.date.fromisoformat(get(db, key))


def set(db: pw.Database, key: str, value: Any) -> None:
    stored = validate(key, value)
    (Setting.insert(key=key, value=stored)
     .on_conflict(conflict_target=[Setting.key], update={Setting.value: pw.EXCLUDED.value})
     .execute(db))


def save_many(db: pw.Database, values: dict[str, Any]) -> Changes:
    """Validate every value first (nothing is stored if one is wrong), then store them all
    in one transaction, recorded in the audit log."""
    for key, value in values.items():
        validate(key, value)
    with db.atomic():
        for key, value in values.items():
            set(db, key, value)
        audit.record(db, get(db, "user_name"), "setting", values=values)
    return Changes(settings=True)


def all_values(db: pw.Database) -> dict[str, Any]:
    stored = {row.key: row.value for row in Setting.select().execute(db)}
    return {s.key: stored.get(s.key, s.default) for s in SCHEMA}
