"""The front desk's rules as data and pure functions: which outcome may follow which
status, the reasons each outcome takes, and the age rules (docs/domain.md, "Statuses at
the desk"). ``core/desk.py`` applies them inside its write transactions; the window and the
CLI ask them which outcomes to offer."""

from __future__ import annotations

import datetime as dt

from ektp_desk.core import messages
from ektp_desk.core.calendar import format_date_plain
from ektp_desk.core.errors import UserError
from ektp_desk.core.fields import age_on, years_before
from ektp_desk.core.status import STATUS_LABELS

UNDO = "batal"  # the event kind that undoes the event in its ``undoes`` column
START = "belum_dipanggil"

REASONS = messages.Labels("reason_fail_", {
    "sidik_jari": ("Sidik jari tidak terbaca", "Fingerprints unreadable"),
    "iris_lensa": ("Iris tidak terbaca / lensa kontak", "Iris unreadable / contact lenses"),
    "sistem": ("Sistem atau jaringan gangguan", "System or network down"),
    "lainnya": ("Lainnya", "Other"),
})
"""Why recording failed (``gagal_rekam``); ``lainnya`` needs a note. A duplicate record
is its own status (``data_ganda``) and no fingers under a biometric exception is a
success (``terekam`` with :data:`RECORDED_NOTES`): neither is a failure."""

RECORDED_NOTES = messages.Labels("reason_rec_", {
    "tanpa_jari": ("Tanpa jari (pengecualian biometri)",
                   "No fingers (biometric exception)"),
})
"""What a successful recording may note (``terekam``; the reason is optional)."""

NOT_SERVED = messages.Labels("reason_ns_", {
    "meninggal": ("Meninggal dunia", "Died"),
    "nik_tidak_ada_siak": ("NIK tidak ada di SIAK", "NIK not in SIAK"),
    "tidak_ditemukan_alamat": ("Orang tidak ditemukan di alamat",
                               "Person not found at the address"),
})
"""Why a person cannot be served (``tidak_dapat_dilayani``)."""

AWAY = messages.Labels("reason_away_", {
    "pindah": ("Pindah domisili", "Moved house"),
    "luar_kota": ("Di luar kota / mondok / merantau",
                  "Out of town / at a boarding school / working away"),
})
"""Why a person is recorded elsewhere (``rekam_luar_daerah``) or referred (``dirujuk``);
the place is the note, and it is required."""

RETIRED_REASONS = messages.Labels("reason_old_", {
    "tanpa_jari": ("Tidak punya jari / pengecualian biometri",
                   "No fingers / biometric exception"),
    "data_ganda": ("Data ganda (duplicate record)", "Duplicate record"),
    "tidak_ditemukan": ("Data tidak ditemukan", "Data not found"),
})
"""Reasons earlier versions recorded, still read in histories but no longer offered."""

# The reasons each outcome takes; the flag says whether one is required.
REASONS_OF: dict[str, tuple[messages.Labels, bool]] = {
    "gagal_rekam": (REASONS, True),
    "terekam": (RECORDED_NOTES, False),
    "tidak_dapat_dilayani": (NOT_SERVED, True),
    "rekam_luar_daerah": (AWAY, True),
    "dirujuk": (AWAY, True),
}
NEEDS_PLACE = frozenset({"rekam_luar_daerah", "dirujuk"})

# Someone not to be called (yet) who may be served here, or sent elsewhere.
_ELSEWHERE = frozenset({"sudah_rekam", "tidak_dapat_dilayani", "rekam_luar_daerah",
                        "dirujuk"})
# After a recording: the card, the Suket, or a wait (for 17, for blank cards).
_CARD = frozenset({"ktp_dicetak", "suket", "menunggu_17", "menunggu_blangko"})

# Allowed status changes: current status → the event kinds that may follow. 'dipanggil'
# comes from scheduling (a summons), 'tidak_hadir' from closing the day; the rest from the
# desk. Recording (terekam / gagal rekam / data ganda) only from 'hadir': it cannot be
# done by proxy, so someone whose recording failed checks in again before the next try.
# A duplicate record is not retried: only its clarification (or the finding that the
# person was recorded before) moves it on, and a new recording needs a new check-in.
TRANSITIONS: dict[str, frozenset[str]] = {
    "belum_dipanggil": frozenset({"dipanggil", "hadir"}) | _ELSEWHERE,
    "dipanggil": frozenset({"hadir", "tidak_hadir"}) | _ELSEWHERE,
    "hadir": frozenset({"terekam", "gagal_rekam", "data_ganda"}) | _ELSEWHERE,
    # central may still reject a capture later (enrolment failure, duplicate record)
    "terekam": frozenset({"gagal_rekam", "data_ganda"}) | _CARD,
    "gagal_rekam": frozenset({"hadir", "dipanggil"}) | _ELSEWHERE,
    "tidak_hadir": frozenset({"dipanggil", "hadir"}) | _ELSEWHERE,
    "sudah_rekam": _CARD,
    # a person reported not found may still turn up in person, or be found elsewhere
    "tidak_dapat_dilayani": frozenset({"hadir", "rekam_luar_daerah", "dirujuk"}),
    "data_ganda": frozenset({"klarifikasi_selesai", "sudah_rekam"}),
    "klarifikasi_selesai": frozenset({"hadir", "dipanggil"}) | _ELSEWHERE,
    # someone sent elsewhere may come back after all (or be called again here)
    "rekam_luar_daerah": frozenset({"hadir", "dipanggil"}),
    "dirujuk": frozenset({"hadir", "dipanggil"}),
    "menunggu_17": frozenset({"ktp_dicetak", "suket", "menunggu_blangko"}),
    "menunggu_blangko": frozenset({"ktp_dicetak", "suket"}),
    "suket": frozenset({"ktp_dicetak"}),
    "ktp_dicetak": frozenset({"ktp_diterima"}),
    "ktp_diterima": frozenset(),
}

# What a clerk may record at the desk (record / checkin). 'dipanggil' is made by the
# schedule and 'tidak_hadir' by closing the day, which also closes the summons.
DESK_KINDS: frozenset[str] = frozenset(STATUS_LABELS) - {"belum_dipanggil", "dipanggil",
                                                          "tidak_hadir"}

OUTCOME_KEYS: dict[str, str] = {
    "hadir": "F2",
    "terekam": "F3",
    "gagal_rekam": "F4",
    "sudah_rekam": "F5",
    "tidak_dapat_dilayani": "F6",
    "suket": "F7",
    "ktp_dicetak": "F8",
    "ktp_diterima": "F9",
    "data_ganda": "F10",
    "klarifikasi_selesai": "F11",
    "menunggu_17": "F12",
    "menunggu_blangko": "Shift+F7",
    "rekam_luar_daerah": "Shift+F5",
    "dirujuk": "Shift+F6",
}
"""Keyboard key per outcome (the page shows it on the button); undo: Ctrl+Z. The keys of
the first eight never change; the later ones sit beside their kin (Shift+F5 beside Sudah
rekam, Shift+F7 beside Suket)."""

TANPA_JARI_KEY = "Shift+F3"  # terekam, noting no fingers under a biometric exception
UNDO_KEY = "Ctrl+Z"

# Age rules (age on the day of the event): recording from 16; the card printed and handed
# over from 17, or once married (marital 'S' sudah kawin, 'P' pernah kawin).
RECORDING_AGE = 16
CARD_AGE = 17
RECORDING = frozenset({"terekam", "gagal_rekam", "data_ganda"})
CARD_KINDS = frozenset({"ktp_dicetak", "ktp_diterima", "menunggu_blangko"})
MARRIED = frozenset({"S", "P"})

messages.register({
    "desk_refused": (
        "Tidak dapat mengubah status {name} dari {current} menjadi {target}. {why}",
        "Cannot change {name}'s status from {current} to {target}. {why}"),
    "desk_refused_choices": ("Yang dapat dicatat: {choices}.", "Allowed: {choices}."),
    "desk_refused_none": ("Status ini sudah akhir.", "This status is final."),
    "desk_refused_proxy": (
        "Perekaman hanya untuk warga yang hadir sendiri (tidak dapat diwakilkan): catat "
        "Hadir dulu.",
        "Recording is only for a person present in person (no proxy): record Hadir first."),
    "desk_under_16": (
        "{name} berumur {age} tahun: perekaman KTP-el baru boleh mulai umur 16 tahun "
        "({date}).",
        "{name} is {age}: e-KTP recording is allowed from 16 ({date})."),
    "desk_card_under_17": (
        "{name} berumur {age} tahun dan belum kawin: KTP-el dicetak dan diserahkan mulai "
        "umur 17 tahun ({date}). Catat Menunggu usia 17.",
        "{name} is {age} and not married: the e-KTP is printed and handed over from 17 "
        "({date}). Record Waiting to turn 17."),
    "desk_not_waiting_17": (
        "{name} {why}: tidak perlu menunggu usia 17; catat KTP dicetak.",
        "{name} {why}: no need to wait for 17; record KTP printed."),
    "desk_why_17": ("sudah berumur {age} tahun", "is already {age}"),
    "desk_why_married": ("sudah/pernah kawin", "is or was married"),
    "desk_refused_duplicate": (
        "Data ganda tidak direkam ulang: klarifikasi dulu, lalu catat Klarifikasi selesai "
        "(atau Sudah rekam bila ternyata sudah pernah merekam).",
        "A duplicate record is not recorded again: clarify it first, then record "
        "Clarification done (or Already recorded if they had recorded before)."),
    "desk_place_needed": (
        "{label}: tuliskan tempatnya (kantor atau daerah tujuan) di keterangan.",
        "{label}: write the place (the office or region) in the note."),
})


def allowed(current: str, kind: str) -> bool:
    """Whether ``kind`` may follow status ``current`` (:data:`TRANSITIONS`)."""
    return kind in TRANSITIONS.get(current, frozenset())


def _label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def refusal(name: str, current: str, target: str) -> UserError:
    """The refusal of a step :data:`TRANSITIONS` does not allow, saying what may be done
    instead (the desk and the window's greyed-out keys say the same)."""
    nexts = sorted(TRANSITIONS.get(current, frozenset()) & DESK_KINDS)
    if current == "data_ganda":
        why = messages.text("desk_refused_duplicate")
    elif target in RECORDING and "hadir" in nexts:
        why = messages.text("desk_refused_proxy")
    elif nexts:
        why = messages.text("desk_refused_choices", choices=", ".join(_label(k) for k in nexts))
    else:
        why = messages.text("desk_refused_none")
    return UserError("desk_refused", name=name, current=_label(current),
                     target=_label(target), why=why)


def reason_label(reason: str | None) -> str | None:
    """A reason code in words (codes not ours are shown as written)."""
    if reason is None:
        return None
    for table in (REASONS, RECORDED_NOTES, NOT_SERVED, AWAY, RETIRED_REASONS):
        if reason in table:
            return table[reason]
    return reason


def _birthday(birth: dt.date, years: int) -> dt.date:
    """The first day :func:`age_on` counts ``years``."""
    day = years_before(birth, -years)
    return day if age_on(birth, day) >= years else day + dt.timedelta(days=1)


def age_refusal(kind: str, *, name: str, birth_date: str | None, marital: str | None,
                today: dt.date) -> UserError | None:
    """Why ``kind`` may not be recorded today for a person of this age and marital
    status, or None. Unknown birth dates refuse nothing (the NIK gives one for nearly
    everyone)."""
    if not birth_date or kind not in RECORDING | CARD_KINDS | {"menunggu_17"}:
        return None
    birth = dt.date.fromisoformat(birth_date)
    age = age_on(birth, today)
    if kind in RECORDING and age < RECORDING_AGE:
        return UserError("desk_under_16", name=name, age=age,
                         date=format_date_plain(_birthday(birth, RECORDING_AGE)))
    married = (marital or "") in MARRIED
    if kind in CARD_KINDS and age < CARD_AGE and not married:
        return UserError("desk_card_under_17", name=name, age=age,
                         date=format_date_plain(_birthday(birth, CARD_AGE)))
    if kind == "menunggu_17" and (age >= CARD_AGE or married):
        why = messages.text("desk_why_married") if married else messages.text(
            "desk_why_17", age=age)
        return UserError("desk_not_waiting_17", name=name, why=why)
    return None


def offered(status: str, kind: str, *, birth_date: str | None, marital: str | None,
            today: dt.date) -> bool:
    """Whether the desk offers ``kind`` to a person now: the table allows it and their
    age does not refuse it (the window greys the other keys out)."""
    return allowed(status, kind) and age_refusal(
        kind, name="", birth_date=birth_date, marital=marital, today=today) is None
