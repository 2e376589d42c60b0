"""The scheduling vocabulary (kinds, letter states, reasons, defaults), its messages, and
small helpers every part uses: the acting user, today, settings, id lists, date ranges.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable

import peewee as pw

from ektp_desk.core import accounts, clock, messages, settings, status
from ektp_desk.core.calendar import format_date_id
from ektp_desk.core.errors import UserError

# --- vocabulary ---------------------------------------------------------------------------

# Codes in the database, words on screens (from the message catalogue, at lookup time).
LOCATION_KINDS = messages.Labels("sched_kind_", {
    "kecamatan": ("Kantor kecamatan", "Kecamatan office"),
    "dindukcapil": ("Dindukcapil", "Dindukcapil"),
    "sekolah": ("Sekolah", "School"),
    "pesantren": ("Pondok pesantren", "Islamic boarding school (pesantren)"),
    "rutan_lapas": ("Rutan/Lapas", "Detention centre/prison"),
    "rumah": ("Kunjungan rumah", "Home visit"),
    "panti": ("Panti", "Care home"),
    "kelurahan": ("Kantor kelurahan", "Kelurahan office"),
})
OUTREACH_KINDS = ("sekolah", "pesantren", "rutan_lapas", "panti", "rumah", "kelurahan")

LETTER_NOT_PRINTED = "belum_dicetak"
LETTER_PRINTED = "dicetak"
LETTER_REPRINT = "cetak_ulang"
LETTER_LABELS = messages.Labels("sched_letter_", {
    LETTER_NOT_PRINTED: ("Belum dicetak", "Not printed yet"),
    LETTER_PRINTED: ("Dicetak", "Printed"),
    LETTER_REPRINT: ("Perlu dicetak ulang", "Needs reprinting"),
})
SUMMONS_STATES = ("open", "closed", "cancelled", "moved")

# Who may be called: never called, did not come, came but recording failed, or a duplicate
# record cleared up and to be recorded anew. Not a duplicate still being clarified, nor
# someone referred or recorded elsewhere: they have left this office's target.
SCHEDULABLE = ("belum_dipanggil", "tidak_hadir", "gagal_rekam", "klarifikasi_selesai")
# The desk's outcomes, also recorded on outreach visits.
VISIT_OUTCOMES = ("terekam", "gagal_rekam", "tidak_hadir", "sudah_rekam", "tidak_dapat_dilayani")
# Nobody is put on an outreach visit once served: recorded, whatever the card's state.
SERVED = tuple(sorted(status.RECORDED))

# Settings read when present in settings.SCHEMA (the lead adds them), else these defaults.
SETTING_MAX_ATTEMPTS = "outreach_after_attempts"
SETTING_SLOT_MINUTES = "slot_minutes"
DEFAULT_MAX_ATTEMPTS = 2
DEFAULT_SLOT_MINUTES = 60
DEFAULT_CAPACITY_PER_HOUR = 10
MAX_RANGE_DAYS = 366
DEFAULT_RELOCATE_DAYS = 60
CHUNK = 10_000

# Why a person is left out of a plan (codes in JSON, words on screens).
REASONS = ("penuh", "tanpa_hari_layanan", "tanpa_lokasi", "sudah_dipanggil", "status",
           "jemput_bola", "ada_kunjungan", "tidak_ada", "pelajar_tanpa_sesi",
           "tanpa_sesi_malam")

messages.register({
    "sched_reason_penuh": (
        "tempat di lokasinya sudah penuh dalam rentang tanggal",
        "no place left at their location in the date range"),
    "sched_reason_tanpa_hari_layanan": (
        "lokasinya tidak buka sehari pun dalam rentang tanggal (libur, akhir pekan)",
        "their location is closed on every day of the range (holidays, weekend)"),
    "sched_reason_tanpa_lokasi": (
        "tidak ada lokasi layanan untuk kecamatannya",
        "no service location for their kecamatan"),
    "sched_reason_sudah_dipanggil": (
        "sudah punya panggilan yang masih berlaku",
        "already holds an open summons"),
    "sched_reason_status": (
        "statusnya tidak memerlukan panggilan (mis. sudah terekam)",
        "their status needs no summons (e.g. already recorded)"),
    "sched_reason_jemput_bola": (
        "sudah berkali-kali tidak hadir: diusulkan untuk jemput bola",
        "did not come too many times: proposed for an outreach visit"),
    "sched_reason_ada_kunjungan": (
        "sudah masuk daftar kunjungan jemput bola",
        "already on an outreach visit list"),
    "sched_reason_tidak_ada": ("tidak ada dalam daftar warga", "not in the list of people"),
    "sched_reason_pelajar_tanpa_sesi": (
        "pelajar: tidak ada tempat di sesi hari Sabtu atau sepulang sekolah (buka sesi "
        "sore/malam atau hari Sabtu, lalu jadwalkan lagi)",
        "pupils: no place in a Saturday or after-school session (open an evening or "
        "Saturday session, then plan again)"),
    "sched_reason_tanpa_sesi_malam": (
        "tidak ada sesi malam di kantor kelurahannya dalam rentang tanggal (buat sesi malam "
        "di kelurahan itu, lalu jadwalkan lagi)",
        "no evening session at their kantor kelurahan in the date range (make one there, "
        "then plan again)"),
    "sched_range_empty": (
        "Rentang tanggal kosong: tanggal mulai {date_from} sesudah tanggal akhir {date_to}.",
        "Empty date range: the start {date_from} is after the end {date_to}."),
    "sched_range_past": (
        "Tanggal {date} sudah lewat (hari ini {today}). Pilih tanggal mulai hari ini atau "
        "sesudahnya.",
        "{date} has passed (today is {today}). Start today or later."),
    "sched_range_too_long": (
        "Rentang tanggal terlalu panjang ({days} hari); paling lama {max} hari.",
        "The date range is too long ({days} days); at most {max} days."),
    "sched_no_working_day": (
        "Tidak ada hari layanan antara {date_from} dan {date_to} di {locations}: semuanya "
        "hari libur, akhir pekan atau hari tutup. Pilih rentang lain atau buat sesi khusus.",
        "No service day between {date_from} and {date_to} at {locations}: all are holidays, "
        "weekends or closed days. Choose another range or add a special session."),
    "sched_zero_capacity": (
        "Kapasitas {location} 0 orang per jam, jadi tidak ada yang bisa dijadwalkan di sana. "
        "Isi kapasitas per jam lebih dari 0.",
        "{location} serves 0 people per hour, so nobody can be scheduled there. Set a "
        "capacity above 0."),
    "sched_no_hours": (
        "{location} belum punya jam layanan. Isi jam layanannya dulu.",
        "{location} has no service hours yet. Set its hours first."),
    "sched_bad_slot_minutes": (
        "Lama satu sesi harus antara 15 dan 480 menit, bukan {value}.",
        "A session must last 15 to 480 minutes, not {value}."),
    "sched_bad_kind": (
        "Jenis lokasi tidak dikenal: {kind}. Pilih: {kinds}.",
        "Unknown location kind: {kind}. Choose: {kinds}."),
    "sched_bad_capacity": (
        "Kapasitas harus bilangan bulat 0 atau lebih, bukan {value}.",
        "Capacity must be a whole number 0 or more, not {value}."),
    "sched_slot_capacity_zero": (
        "Kapasitas sesi harus lebih dari 0 orang.",
        "A session's capacity must be more than 0 people."),
    "sched_name_empty": ("Nama lokasi tidak boleh kosong.", "A location needs a name."),
    "sched_bad_kecamatan": ("Kecamatan tidak dikenal: {value}", "Unknown kecamatan: {value}"),
    "sched_bad_kelurahan": ("Kelurahan tidak dikenal: {value}", "Unknown kelurahan: {value}"),
    "sched_bad_category": (
        "Kategori tidak dikenal: {value}. Pilih: {choices}.",
        "Unknown category: {value}. Choose: {choices}."),
    "sched_bad_status": ("Status tidak dikenal: {value}.", "Unknown status: {value}."),
    "sched_plan_stale": (
        "Jadwal atau data warga berubah sejak pratinjau dibuat ({detail}). Buat pratinjau "
        "lagi; tidak ada yang disimpan.",
        "The schedule or the people changed since the preview was made ({detail}). Make the "
        "preview again; nothing was saved."),
    "sched_slot_missing": ("Sesi jadwal nomor {slot_id} tidak ada.",
                           "Session number {slot_id} does not exist."),
    "sched_slot_cancelled": ("Sesi {slot} sudah dibatalkan.", "Session {slot} is cancelled."),
    "sched_slot_past": ("Sesi {slot} sudah lewat.", "Session {slot} has passed."),
    "sched_slot_full": (
        "Sesi {slot} tinggal {free} tempat; {count} orang tidak muat.",
        "Session {slot} has {free} places left; {count} people do not fit."),
    "sched_slot_clash": (
        "Di {location} pada {date} sudah ada sesi {other} yang bertumpuk dengan {range}.",
        "{location} already has a session {other} on {date} overlapping {range}."),
    "sched_slot_off_hours": (
        "{date} pukul {range} di luar jam layanan {location}{why}. Tandai sebagai sesi khusus "
        "untuk sengaja membuka layanan.",
        "{date} {range} is outside the service hours of {location}{why}. Mark it as a special "
        "session to open on purpose."),
    "sched_holiday_why": (" (hari libur: {name})", " (holiday: {name})"),
    "sched_same_slot": ("Sesi tujuan sama dengan sesi asal.",
                        "The target session is the session itself."),
    "sched_no_open_summons": (
        "{count} orang tidak punya panggilan yang masih berlaku: {names}.",
        "{count} people hold no open summons: {names}."),
    "sched_not_schedulable": (
        "{count} orang tidak dapat dipanggil (sudah dipanggil, sudah masuk daftar "
        "kunjungan jemput bola, atau statusnya tidak memerlukan panggilan): {names}.",
        "{count} people cannot be summoned (already summoned, already on an outreach "
        "visit, or their status needs no summons): {names}."),
    "sched_close_future": (
        "{date} belum tiba; hari layanan ditutup pada harinya atau sesudahnya.",
        "{date} has not come yet; a service day is closed on or after the day."),
    "sched_no_people": ("Tidak ada warga yang dipilih.", "No people were chosen."),
    "sched_person_missing": ("Warga nomor {ids} tidak ada.", "People number {ids} do not exist."),
    "sched_visit_missing": ("Kunjungan nomor {visit_id} tidak ada.",
                            "Visit number {visit_id} does not exist."),
    "sched_bad_outcome": ("Hasil tidak dikenal: {value}. Pilih: {choices}.",
                          "Unknown outcome: {value}. Choose: {choices}."),
    "sched_not_on_visit": (
        "Warga nomor {ids} tidak ada dalam daftar kunjungan ini.",
        "People number {ids} are not on this visit's list."),
    "sched_list_no_column": (
        "Berkas {path} tidak punya kolom NIK atau NAMA di baris judul.",
        "File {path} has no NIK or NAMA column in its header row."),
    "sched_past_date": ("Tanggal {date} sudah lewat.", "{date} has passed."),
    # what a long scheduling job is doing (the progress dialog's words)
    "sched_progress_choosing": ("Memilih warga", "Choosing people"),
    "sched_progress_sessions": ("Menyiapkan sesi", "Preparing sessions"),
    "sched_progress_planning": ("Menyusun jadwal", "Making the schedule"),
    "sched_progress_saving": ("Menyimpan jadwal", "Saving the schedule"),
    "sched_progress_cancelling": ("Membatalkan sesi", "Cancelling the session"),
    "sched_progress_done": ("Selesai", "Done"),
    # why a row of a people list (match_people_list) matched nobody
    "sched_match_not_found": ("tidak ditemukan", "not found"),
    "sched_match_nik_unknown": ("NIK tidak ada dalam daftar warga",
                                "NIK is not in the list of people"),
    "sched_match_namesakes": ("nama sama untuk {count} warga; tambahkan NIK",
                              "the same name for {count} people; add the NIK"),
    "sched_match_name_unknown": ("nama tidak ditemukan", "name not found"),
})


def reason_text(code: str) -> str:
    """The words for a left-over reason code, in the current language."""
    return messages.text(f"sched_reason_{code}")


# --- small helpers --------------------------------------------------------------------------

def acting_user(db: pw.Database, user: str | None) -> str:
    """The user named by the caller, else the desk's configured clerk."""
    return user if user else accounts.acting_name(db)


def int_setting(db: pw.Database, key: str, default: int) -> int:
    """A setting if the schema has it (the lead registers it), else our default."""
    if key in settings.BY_KEY:
        return int(settings.get(db, key))
    return default


def today_or_clock(today: dt.date | None) -> dt.date:
    """The given day (tests pass one), else the clock's."""
    return today if today is not None else clock.today()


def ids_json(ids: Iterable[int]) -> str:
    """Ids for ``json_each(?)``: one parameter however many ids (no variable limit)."""
    return json.dumps([int(i) for i in ids])


def parse_capacity(value: object) -> int:
    """A whole number of places, 0 or more (text from a form or the command line too)."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    else:
        raise UserError("sched_bad_capacity", value=value)
    if number < 0:
        raise UserError("sched_bad_capacity", value=value)
    return number


def slot_length(db: pw.Database, value: int | None) -> int:
    """A slot's length in minutes: the value given, else the setting (15 to 480)."""
    minutes_ = value if value is not None else int_setting(db, SETTING_SLOT_MINUTES,
                                                           DEFAULT_SLOT_MINUTES)
    if not 15 <= int(minutes_) <= 480:
        raise UserError("sched_bad_slot_minutes", value=minutes_)
    return int(minutes_)


def check_range(date_from: dt.date, date_to: dt.date, today: dt.date) -> None:
    """UserError for an empty, past or too long date range."""
    if date_from > date_to:
        raise UserError("sched_range_empty", date_from=format_date_id(date_from),
                        date_to=format_date_id(date_to))
    if date_from < today:
        raise UserError("sched_range_past", date=format_date_id(date_from),
                        today=format_date_id(today))
    days = (date_to - date_from).days + 1
    if days > MAX_RANGE_DAYS:
        raise UserError("sched_range_too_long", days=days, max=MAX_RANGE_DAYS)


def next_row_id(conn: sqlite3.Connection, table: str) -> int:
    """The id the next row of `table` gets."""
    # Explicit ids, taken inside the write transaction, let one executemany insert rows
    # that other rows refer to (events ← summonses) without a query per row.
    return int(conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0])
