"""One typed schema for every setting: key, type, default, label, help.

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

from ektp_desk.core import accounts, audit, fields, messages
from ektp_desk.core.errors import UserError
from ektp_desk.core.jobs import Changes
from ektp_desk.core.models import Setting


@dataclass(frozen=True)
class SettingDef:
    """One setting. Its words are (Indonesian, English) pairs, registered in the message
    catalogue with the schema; :attr:`label` and :attr:`help` read them in the current
    language."""

    key: str
    kind: str  # 'date' | 'int' | 'bool' | 'text' | 'choice' | 'list' | 'time'
    default: Any
    label_words: tuple[str, str]
    help_words: tuple[str, str] | None = None
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    item: Callable[[str], object] | None = None  # a list entry's check: ValueError if wrong
    item_form_words: tuple[str, str] | None = None  # the entries' form, for the error
    choice_words: tuple[tuple[str, str], ...] = ()  # words for each choice, when codes

    def choice_label(self, code: str) -> str:
        """A choice in words (the code itself when the choices are words already)."""
        if code in self.choices and self.choice_words:
            return messages.text(f"setting_choice_{self.key}_{code}")
        return code

    @property
    def label(self) -> str:
        return messages.text(f"setting_label_{self.key}")

    @property
    def help(self) -> str:
        return messages.text(f"setting_help_{self.key}") if self.help_words else ""

    @property
    def item_form(self) -> str:
        return messages.text(f"setting_form_{self.key}") if self.item_form_words else ""


SCHEMA: tuple[SettingDef, ...] = (
    SettingDef("election_date", "date", "2024-02-14",
               ("Tanggal pemungutan suara", "Election day"),
               ("Umur pemilih dihitung pada tanggal ini (17 tahun atau lebih).",
                "Voters' ages are counted on this day (17 years or more).")),
    SettingDef("election_name", "text", "Pemilihan Umum 2024",
               ("Nama pemilu", "Election name"),
               ("Ditulis di surat panggilan: 'dalam rangka <nama pemilu> tanggal ...'. Ubah "
                "bersama tanggalnya bila pemilu berikutnya sudah ditetapkan.",
                "Written on the letters: 'for <election name> on ...'. Change it together "
                "with the date once the next election is set.")),
    SettingDef("receipt_acknowledger", "choice", "Lurah",
               ("Mengetahui daftar tanda terima", "Delivery list countersigned by"),
               ("Siapa yang menandatangani 'Mengetahui' pada daftar tanda terima surat: "
                "Lurah kelurahan itu atau Ketua RW-nya.",
                "Who signs 'Mengetahui' on the delivery list: the Lurah of the kelurahan "
                "or the head of the RW."),
               choices=("Lurah", "Ketua RW")),
    SettingDef("previous_election_date", "date", "2019-04-17",
               ("Tanggal pemilu sebelumnya", "Previous election day"),
               ("Pemilih pemula: belum berumur 17 tahun pada pemilu sebelumnya.",
                "First-time voters: not yet 17 at the previous election.")),
    SettingDef("placeholder_birth_dates", "list", ["01-01", "01-07", "31-12", "15"],
               ("Tanggal lahir pengganti", "Placeholder birth dates"),
               ("Tanggal (DD-MM, atau DD untuk setiap bulan) yang sering dipakai bila tanggal "
                "lahir tidak diketahui; diberi tanda peringatan saat impor.",
                "Dates (DD-MM, or DD for every month) often used when the birth date is "
                "unknown; flagged with a warning on import."),
               item=fields.parse_placeholder,
               item_form_words=("DD-MM atau DD, dipisah koma",
                                "DD-MM or DD, separated by commas")),
    SettingDef("outreach_after_attempts", "int", 2,
               ("Batas tidak hadir sebelum jemput bola",
                "No-shows before an outreach visit"),
               ("Warga yang sudah sekian kali tidak hadir tidak dipanggil lagi, tetapi diusulkan "
                "untuk kunjungan jemput bola.",
                "People who did not come this many times are not called again but proposed "
                "for an outreach (jemput bola) visit."), minimum=1, maximum=10),
    SettingDef("kit_people_per_hour", "int", 6,
               ("Jemput bola: warga per alat per jam", "Outreach: people per kit per hour"),
               ("Kapasitas kunjungan = alat × jam × angka ini. Di luar kantor perekaman lebih "
                "lambat (memasang alat, warga lansia, disabilitas, warga binaan).",
                "A visit's capacity = kits × hours × this number. Away from the office "
                "recording is slower (setting up, elderly, disabled people, inmates)."),
               minimum=1, maximum=30),
    SettingDef("slot_minutes", "int", 60,
               ("Lama satu sesi jadwal (menit)", "Length of a session (minutes)"),
               ("Jam layanan dibagi menjadi sesi sepanjang ini; kapasitas per jam dibagi rata.",
                "Service hours are cut into sessions this long; the hourly capacity is shared "
                "out evenly."), minimum=15, maximum=480),
    SettingDef("mask_nik", "bool", True, ("Samarkan NIK di daftar", "Mask NIKs in lists"),
               ("NIK ditampilkan sebagian (UU 27/2022). Membuka NIK lengkap dicatat.",
                "NIKs are shown in part (UU 27/2022). Showing a full NIK is recorded.")),
    SettingDef("desk_name", "text", "Meja 1", ("Nama meja layanan", "Service desk name")),
    SettingDef("desk_location_id", "int", 0,
               ("Lokasi meja ini (nomor lokasi)", "This desk's location (location number)"),
               ("Nomor lokasi layanan tempat meja ini berada (lihat Jadwal); 0 = tidak "
                "ditentukan. Dipakai untuk memperingatkan warga yang dijadwalkan di tempat "
                "lain.",
                "The number of the service location this desk is at (see Schedule); 0 = not "
                "set. Used to warn about people scheduled elsewhere."), minimum=0),
    SettingDef("desk_scan_marks_hadir", "bool", True,
               ("Pindai surat langsung menandai hadir", "Scanning a letter marks present"),
               ("Bila kode QR surat dipindai di Meja Layanan, warga langsung ditandai hadir.",
                "When a letter's QR code is scanned at the service desk, the person is marked "
                "present at once.")),
    SettingDef("report_target", "int", 0,
               ("Target perekaman (orang)", "Recording target (people)"),
               ("Target laporan kemajuan. 0 = semua warga yang diimpor.",
                "The progress report's target. 0 = everyone imported."), minimum=0,
               maximum=10_000_000),
    SettingDef("user_name", "text", "petugas", ("Nama petugas", "Clerk name"),
               ("Dicatat pada setiap impor dan perubahan.",
                "Recorded with every import and change.")),
    # accounts (docs/domain.md, "Accounts and roles")
    SettingDef("idle_lock_minutes", "int", 10,
               ("Kunci layar setelah tidak dipakai (menit)", "Lock after idle (minutes)"),
               ("Jendela terkunci bila tidak disentuh selama ini; buka dengan kata sandi.",
                "The window locks when untouched this long; the password opens it."),
               minimum=1, maximum=240),
    SettingDef("login_lock_minutes", "int", 15,
               ("Akun dikunci setelah 5 kali salah (menit)",
                "Account locked after 5 wrong passwords (minutes)"),
               minimum=1, maximum=1440),
    # A plan people can keep (docs/domain.md, "A plan people can keep").
    SettingDef("pelajar_after_school", "bool", True,
               ("Pelajar dijadwalkan hari Sabtu atau sepulang sekolah",
                "Pupils are booked on Saturdays or after school"),
               ("Jadwal otomatis menaruh pelajar hanya di sesi hari Sabtu atau sesi yang mulai "
                "setelah jam pulang sekolah (juga di Dindukcapil).",
                "Automatic planning books pupils only in Saturday sessions or sessions that "
                "start after school ends (Dindukcapil included).")),
    SettingDef("pelajar_age_below", "int", 19,
               ("Pelajar: umur di bawah (tahun, pada hari pemungutan suara)",
                "Pupils: younger than (years, on polling day)"),
               ("Warga yang umurnya di bawah angka ini pada hari pemungutan suara dianggap "
                "masih sekolah.",
                "People younger than this on polling day are taken to be at school."),
               minimum=17, maximum=30),
    SettingDef("school_end_time", "time", "14.00",
               ("Jam pulang sekolah", "School ends at"),
               ("Sesi hari Senin–Jumat untuk pelajar mulai paling awal jam ini.",
                "Weekday sessions for pupils start at this hour at the earliest.")),
    SettingDef("break_start", "time", "12.00",
               ("Istirahat mulai", "Break starts"),
               ("Tidak ada sesi baru antara jam istirahat mulai dan selesai.",
                "No new session is made between the break's start and end.")),
    SettingDef("break_end", "time", "13.00", ("Istirahat selesai", "Break ends")),
    SettingDef("friday_break_start", "time", "11.30",
               ("Istirahat hari Jumat mulai (salat Jumat)", "Friday break starts (prayers)"),
               ("Hari Jumat istirahat mulai jam ini sampai jam istirahat selesai.",
                "On Fridays the break runs from this hour to the break's end.")),
    SettingDef("backup_keep_days", "int", 14,
               ("Simpan cadangan (hari)", "Keep backups (days)"),
               ("Cadangan di folder data yang lebih tua dari ini dihapus; yang terbaru dan "
                "baik selalu disimpan.",
                "Backups in the data folder older than this are deleted; the newest good "
                "one is always kept."),
               minimum=1, maximum=365),
    # Who goes where (docs/domain.md, "Routing by category"): outreach, never an office.
    SettingDef("route_warga_binaan", "choice", "kunjungan_lapas",
               ("Warga binaan dilayani di", "Inmates are served at"),
               ("Bawaan: petugas datang ke rutan/lapas; warga binaan tidak dipanggil ke "
                "kantor, tetapi diusulkan untuk kunjungan.",
                "Default: the team goes to the prison; inmates are not summoned to an "
                "office but proposed for a visit."),
               choices=("kunjungan_lapas", "kantor"),
               choice_words=(("Kunjungan ke rutan/lapas", "A visit to the prison"),
                             ("Kantor (dipanggil)", "An office (summoned)"))),
    SettingDef("route_disabilitas", "choice", "kunjungan_rumah",
               ("Penyandang disabilitas dilayani di", "People with disabilities are served at"),
               ("Bawaan: kunjungan ke rumah, dikelompokkan per kelurahan dan RW; mereka tidak "
                "dipanggil ke kantor.",
                "Default: home visits, grouped by kelurahan and RW; they are not summoned "
                "to an office."),
               choices=("kunjungan_rumah", "kantor"),
               choice_words=(("Kunjungan ke rumah", "A home visit"),
                             ("Kantor (dipanggil)", "An office (summoned)"))),
    SettingDef("route_pelajar", "choice", "kantor",
               ("Pelajar dilayani di", "Pupils are served at"),
               ("'Sekolah': pelajar yang ada di daftar sekolah diusulkan untuk kunjungan ke "
                "sekolahnya; yang lain tetap dipanggil ke kantor.",
                "'School': pupils found on a school's list are proposed for a visit to their "
                "school; the others are still summoned to an office."),
               choices=("kantor", "sekolah"),
               choice_words=(("Kantor (dipanggil)", "An office (summoned)"),
                             ("Sekolah (menurut daftar sekolah)",
                              "School (by the school's list)"))),
    # the window's language (docs/architecture.md, "Languages"); letters stay Indonesian
    SettingDef("language", "choice", "id", ("Bahasa jendela", "Window language"),
               ("Bahasa menu, tombol dan pesan jendela ini. Berlaku saat aplikasi dibuka lagi. "
                "Surat dan daftar tanda terima tetap berbahasa Indonesia.",
                "The language of this window's menus, buttons and messages. Takes effect the "
                "next time the program starts. Letters and delivery lists stay in "
                "Indonesian."),
               choices=("id", "en"),
               choice_words=(("Bahasa Indonesia", "Bahasa Indonesia"), ("English", "English"))),
)

messages.register({f"setting_{part}_{s.key}": words for s in SCHEMA
                   for part, words in (("label", s.label_words), ("help", s.help_words),
                                       ("form", s.item_form_words)) if words})
messages.register({f"setting_choice_{s.key}_{code}": words for s in SCHEMA
                   for code, words in zip(s.choices, s.choice_words, strict=False)})
messages.register({
    "setting_bad_date": ("format tanggal YYYY-MM-DD", "date format YYYY-MM-DD"),
    "setting_bad_int": ("harus bilangan bulat", "must be a whole number"),
    "setting_bad_time": ("tulis jam seperti 14.00", "write the time like 14.00"),
    "setting_too_small": ("paling kecil {minimum}", "at least {minimum}"),
    "setting_too_large": ("paling besar {maximum}", "at most {maximum}"),
    "setting_bad_choice": ("pilih salah satu: {choices}", "choose one of: {choices}"),
    "setting_not_a_list": ("harus daftar: {form}", "must be a list: {form}"),
    "setting_comma_list": ("dipisah koma", "separated by commas"),
    "setting_bad_item": ("'{item}' bukan {form}", "'{item}' is not {form}"),
    "setting_empty": ("tidak boleh kosong", "must not be empty"),
})

BY_KEY = {s.key: s for s in SCHEMA}


def validate(key: str, value: Any) -> Any:
    """The value converted to its stored form, or UserError."""
    spec = BY_KEY.get(key)
    if spec is None:
        raise UserError("setting_unknown", key=key)

    def bad(detail_id: str, /, **params: object) -> UserError:
        return UserError("setting_invalid", label=spec.label,
                         detail=messages.text(detail_id, **params))

    if spec.kind == "date":
        if isinstance(value, dt.date):
            return value.isoformat()
        try:
            return dt.date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise bad("setting_bad_date") from None
    if spec.kind == "time":
        from ektp_desk.core import calendar  # calendar reads settings: imported when needed

        try:
            return calendar.format_time(value)
        except UserError:
            raise bad("setting_bad_time") from None
    if spec.kind == "int":
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise bad("setting_bad_int") from None
        if spec.minimum is not None and number < spec.minimum:
            raise bad("setting_too_small", minimum=spec.minimum)
        if spec.maximum is not None and number > spec.maximum:
            raise bad("setting_too_large", maximum=spec.maximum)
        return number
    if spec.kind == "bool":
        if isinstance(value, str):
            return value.strip().lower() in ("1", "ya", "yes", "true", "benar")
        return bool(value)
    if spec.kind == "choice":
        if value not in spec.choices:
            raise bad("setting_bad_choice", choices=", ".join(spec.choices))
        return value
    if spec.kind == "list":
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        if not isinstance(value, list | tuple):
            raise bad("setting_not_a_list",
                      form=spec.item_form or messages.text("setting_comma_list"))
        items = [str(v).strip() for v in value]
        for item in items:
            try:
                if spec.item is not None:
                    spec.item(item)
            except ValueError:
                raise bad("setting_bad_item", item=item, form=spec.item_form) from None
        return items
    text = str(value).strip()
    if not text:
        raise bad("setting_empty")
    return text


def get(db: pw.Database, key: str) -> Any:
    spec = BY_KEY[key]
    row = Setting.select(Setting.value).where(Setting.key == key).first(db)
    return spec.default if row is None else row.value


def get_date(db: pw.Database, key: str) -> dt.date:
    return dt.date.fromisoformat(get(db, key))


def set(db: pw.Database, key: str, value: Any) -> None:
    accounts.require_acting(db, "settings")
    stored = validate(key, value)
    (Setting.insert(key=key, value=stored)
     .on_conflict(conflict_target=[Setting.key], update={Setting.value: pw.EXCLUDED.value})
     .execute(db))


def save_many(db: pw.Database, values: dict[str, Any]) -> Changes:
    """Validate every value first (nothing is stored if one is wrong), then store them all
    in one transaction, recorded in the audit log."""
    for key, value in values.items():
        validate(key, value)
    recategorised = 0
    with db.atomic():
        for key, value in values.items():
            set(db, key, value)
        if "previous_election_date" in values:
            # who is a first-time voter follows the dates set (docs/domain.md, "The election")
            from ektp_desk.core import person_record  # it reads the settings itself

            recategorised = person_record.rederive_categories(db)
        audit.record(db, accounts.acting_name(db), "setting", values=values,
                     **({"kategori_diubah": recategorised} if recategorised else {}))
    return Changes(settings=True, people=bool(recategorised))


def all_values(db: pw.Database) -> dict[str, Any]:
    stored = {row.key: row.value for row in Setting.select().execute(db)}
    return {s.key: stored.get(s.key, s.default) for s in SCHEMA}
