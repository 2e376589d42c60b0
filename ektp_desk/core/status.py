"""The front-desk status vocabulary (DOMAIN.md §5): codes everywhere, words on screens."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

import peewee as pw

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


# The fold of a person's events into the cached person.status, set-based: the kind of the
# latest event not undone (a 'batal' event undoes the one it names), else belum_dipanggil.
REFOLD_SQL = (
    "UPDATE person SET status = coalesce((SELECT e.kind FROM event e "
    "WHERE e.person_id = person.id AND e.kind != 'batal' AND NOT EXISTS ("
    "SELECT 1 FROM event u WHERE u.person_id = e.person_id AND u.undoes = e.id) "
    "ORDER BY e.id DESC LIMIT 1), 'belum_dipanggil') "
    "WHERE id IN (SELECT value FROM json_each(?))")


def refold_status(conn: sqlite3.Connection | pw.Database, person_ids: Sequence[int]) -> None:
    """Recompute the cached ``person.status`` of some people from their events, set-based
    (:func:`fold` in SQL). Call inside the write transaction."""
    sql_conn = conn.connection() if isinstance(conn, pw.Database) else conn
    sql_conn.execute(REFOLD_SQL, (json.dumps([int(i) for i in person_ids]),))
