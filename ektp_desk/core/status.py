"""The front-desk status vocabulary (DOMAIN.md §5): codes everywhere, words on screens."""

from __future__ import annotations

STATUS_LABELS: dict[str, str] = {
    "belum_dipanggil": "Belum dipanggil",
    "dipanggil": "Dipanggil",
    "hadir": "Hadir",
    "terekam": "Terekam",
    "gagal_rekam": "Gagal rekam",
    "tidak_hadir": "Tidak hadir",
    "sudah_rekam": "Sudah rekam sebelumnya",
    "tidak_dapat_dilayani": "Tidak dapat dilayani",
    "ktp_dicetak": "KTP dicetak",
    "ktp_diterima": "KTP diterima",
    "suket": "Suket diterbitkan",
}
STATUSES = tuple(STATUS_LABELS)

CATEGORY_LABELS: dict[str, str] = {
    "pemula": "Pemilih pemula",
    "disabilitas": "Penyandang disabilitas",
    "warga_binaan": "Warga binaan",
    "lainnya": "Lainnya",
}
CATEGORIES = tuple(CATEGORY_LABELS)
