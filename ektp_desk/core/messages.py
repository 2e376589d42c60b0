"""Messages for people, in Indonesian (the source language) with an English translation.

The core cannot use Qt's tr(), so its user-facing texts live here, keyed by a stable id.
The CLI and the window both format them with :func:`text`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping

# id -> (Indonesian, English)
CATALOG: dict[str, tuple[str, str]] = {
    # --- files and database -------------------------------------------------------------
    "file_not_found": ("Berkas tidak ditemukan: {path}", "File not found: {path}"),
    "file_unreadable": (
        "Berkas tidak dapat dibaca: {path} ({detail})",
        "File cannot be read: {path} ({detail})",
    ),
    "file_empty": ("Berkas kosong: tidak ada baris data.", "The file is empty: no data rows."),
    "file_type_unknown": (
        "Jenis berkas tidak dikenal: {path}. Gunakan .xlsx atau .csv.",
        "Unknown file type: {path}. Use .xlsx or .csv.",
    ),
    "sheet_not_found": (
        "Lembar kerja '{sheet}' tidak ada. Lembar yang ada: {sheets}.",
        "Sheet '{sheet}' does not exist. Sheets: {sheets}.",
    ),
    "no_nik_column": (
        "Kolom NIK tidak ditemukan. Pastikan ada judul kolom 'NIK' di baris judul.",
        "No NIK column found. Make sure the header row has a 'NIK' column.",
    ),
    "write_failed": (
        "Tidak dapat menulis berkas {path}: {detail}",
        "Cannot write file {path}: {detail}",
    ),
    "db_locked": (
        "Basis data sedang dipakai meja lain terlalu lama. Coba lagi sebentar lagi.",
        "The database is busy at another desk for too long. Try again shortly.",
    ),
    "db_newer": (
        "Basis data ini dibuat oleh versi ektp-desk yang lebih baru (skema {found}, "
        "versi ini mengenal sampai {known}). Perbarui aplikasi.",
        "This database was made by a newer ektp-desk (schema {found}, this version knows up "
        "to {known}). Update the application.",
    ),
    "db_version_bad": (
        "Basis data {path} rusak: nomor versi skemanya ({found}) tidak sah. Pulihkan dari "
        "cadangan.",
        "Database {path} is damaged: its schema version number ({found}) is invalid. "
        "Restore it from a backup.",
    ),
    "db_not_ektp": (
        "Berkas {path} bukan basis data ektp-desk.",
        "File {path} is not an ektp-desk database.",
    ),
    "db_unopenable": (
        "Basis data {path} tidak dapat dibuka: {detail}",
        "Database {path} cannot be opened: {detail}",
    ),
    "disk_full": (
        "Disk penuh. Kosongkan ruang lalu coba lagi.",
        "Disk full. Free space and retry.",
    ),
    # --- office identity (checked by core.sync.office) ---------------------------------
    "passphrase_blank": (
        "Kata sandi kunci kantor perlu minimal {n} karakter selain spasi.",
        "The office key passphrase needs at least {n} characters other than spaces."),
    "office_code_unknown": (
        "Kode wilayah {kind} '{code}' tidak ada dalam tabel wilayah {city} (yang ada: "
        "{known}).",
        "The {kind} region code '{code}' is not in the region table of {city} (known: "
        "{known})."),
    "office_name_long": (
        "Nama kantor terlalu panjang ({length} huruf; paling banyak {max}).",
        "The office name is too long ({length} characters; at most {max})."),
    "cancelled": ("Dibatalkan. Tidak ada yang diubah.", "Cancelled. Nothing was changed."),
    "person_not_found": ("NIK {nik} tidak ada dalam daftar.", "NIK {nik} is not in the list."),
    "setting_invalid": (
        "Nilai pengaturan '{label}' tidak sah: {detail}",
        "Invalid value for setting '{label}': {detail}",
    ),
    "setting_unknown": ("Pengaturan tidak dikenal: {key}", "Unknown setting: {key}"),
    "demo_too_many": (
        "Jumlah warga demo harus antara 1 dan 1.000.000.",
        "The number of demo people must be between 1 and 1,000,000.",
    ),
    "mapping_unknown_field": (
        "Kolom tujuan tidak dikenal: {field}",
        "Unknown target field: {field}",
    ),
    "mapping_bad_column": (
        "Kolom sumber tidak ada di berkas: {column}",
        "Source column not in the file: {column}",
    ),
}

_lang = os.environ.get("EKTP_DESK_LANG", "id")


def register(entries: dict[str, tuple[str, str]]) -> None:
    """Add a module's own messages (call at import time; ids must be new)."""
    clash = CATALOG.keys() & entries.keys()
    if clash:
        raise RuntimeError(f"message ids defined twice: {sorted(clash)}")
    CATALOG.update(entries)


def set_language(lang: str) -> None:
    """Choose 'id' (default) or 'en' for messages formatted from now on."""
    global _lang
    _lang = "en" if lang.lower().startswith("en") else "id"


def language() -> str:
    return _lang


def text(message_id: str, /, **params: object) -> str:
    """The message for people, in the current language, with its parameters filled in."""
    return text_in(_lang, message_id, **params)


def text_in(lang: str, message_id: str, /, **params: object) -> str:
    """The message in a given language ('id' or 'en'), e.g. Indonesian for stored data."""
    try:
        indonesian, english = CATALOG[message_id]
    except KeyError:
        return message_id
    template = english if lang == "en" else indonesian
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template


class Labels(Mapping[str, str]):
    """Words for a vocabulary's codes (statuses, kinds, …): ``labels[code]`` is the message
    ``prefix + code`` in the language current at lookup time, so a table built at import
    time still follows :func:`set_language`. Iterates over the codes in the given order."""

    def __init__(self, prefix: str, words: dict[str, tuple[str, str]]) -> None:
        register({prefix + code: pair for code, pair in words.items()})
        self._prefix = prefix
        self._codes = tuple(words)
        self._known = frozenset(words)  # membership is asked per row in lists

    def __contains__(self, code: object) -> bool:
        return code in self._known

    def __getitem__(self, code: str) -> str:
        if code not in self._known:
            raise KeyError(code)
        return text(self._prefix + code)

    def __iter__(self) -> Iterator[str]:
        return iter(self._codes)

    def __len__(self) -> int:
        return len(self._codes)

    def __repr__(self) -> str:
        return f"Labels({dict(self)!r})"
