"""The front-desk status vocabulary (docs/domain.md, "Statuses at the desk"): codes
everywhere, words on screens; and the fold of a person's events into their cached
``person.status``, the one rule the desk and sync share (:func:`fold_ordered`)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from itertools import groupby
from typing import Any, NamedTuple

import peewee as pw

from ektp_desk.core import messages

# Words on screens, from the message catalogue in the current language.
STATUS_LABELS = messages.Labels("status_", {
    "belum_dipanggil": ("Belum dipanggil", "Not called yet"),
    "dipanggil": ("Dipanggil", "Called"),
    "hadir": ("Hadir", "Present"),
    "terekam": ("Terekam", "Recorded"),
    "gagal_rekam": ("Gagal rekam", "Recording failed"),
    "tidak_hadir": ("Tidak hadir", "Did not come"),
    "sudah_rekam": ("Sudah rekam sebelumnya", "Already recorded before"),
    "tidak_dapat_dilayani": ("Tidak dapat dilayani", "Cannot be served"),
    "ktp_dicetak": ("KTP dicetak", "KTP printed"),
    "ktp_diterima": ("KTP diterima", "KTP received"),
    "suket": ("Suket diterbitkan", "Certificate (suket) issued"),
    "menunggu_17": ("Menunggu usia 17", "Waiting to turn 17"),
    "menunggu_blangko": ("Menunggu blangko", "Waiting for a blank card"),
    "data_ganda": ("Data ganda", "Duplicate record"),
    "klarifikasi_selesai": ("Klarifikasi selesai", "Clarification done"),
    "rekam_luar_daerah": ("Direkam di luar daerah", "Recorded outside the region"),
    "dirujuk": ("Dirujuk", "Referred"),
})
STATUSES = tuple(STATUS_LABELS)

CATEGORY_LABELS = messages.Labels("category_", {
    "pemula": ("Pemilih pemula", "First-time voter"),
    "disabilitas": ("Penyandang disabilitas", "Person with a disability"),
    "warga_binaan": ("Warga binaan", "Inmate"),
    "lainnya": ("Lainnya", "Other"),
})
CATEGORIES = tuple(CATEGORY_LABELS)

# Recorded-type statuses: a later no-show (or call, or arrival) from another office does
# not set them back (the overruled event stays in the history and is listed for review).
# A recorded 16-year-old waiting for 17, or a card waiting for blanks, is recorded.
RECORDED = frozenset({"terekam", "sudah_rekam", "suket", "ktp_dicetak", "ktp_diterima",
                      "menunggu_17", "menunggu_blangko"})
# Kept the same way though not a recording that counts: a duplicate record waits for its
# clarification, and nothing but the clarification moves it (docs/domain.md).
HELD = frozenset({"data_ganda"})
KEPT = RECORDED | HELD
# What a stale report from another office may not do to a kept person. Referred and
# recorded-elsewhere people may still be called and come in at another office, so those
# states are not kept; a clarification or a duplicate report moves a kept person on.
SETBACK = frozenset({"belum_dipanggil", "dipanggil", "hadir", "tidak_hadir",
                     "tidak_dapat_dilayani", "rekam_luar_daerah", "dirujuk"})
UNDO = "batal"
START = "belum_dipanggil"


def fold_ordered(events: Sequence[Sequence[Any]]) -> tuple[str, list[tuple[int, int]]]:
    """The status of a person's events given in fold order, each a row ``(ident, kind,
    origin, undoes, ...)`` (``undoes``: the ident of the event it undoes): the kind of the
    latest event that is neither an undo nor undone, except that a recorded (or held,
    :data:`KEPT`) person is not set back by an event from another office. Also the
    (overruled, recorded-by) positions of the events that would have set them back."""
    status, overruled, _ = _fold(events)
    return status, overruled


def _fold(events: Sequence[Sequence[Any]]) -> tuple[str, list[tuple[int, int]], int]:
    """:func:`fold_ordered`, plus the position of the event the status comes from (-1:
    none, the status is the start)."""
    undone = {e[3] for e in events if e[3] is not None}
    status, shown, by = START, -1, -1  # by: the position of the event that recorded them
    overruled = []
    for i, e in enumerate(events):
        kind = e[1]
        if kind == UNDO or e[0] in undone:
            continue
        if by >= 0 and kind in SETBACK and e[2] != events[by][2]:
            overruled.append((i, by))
            continue
        status, shown = kind, i
        by = i if kind in KEPT else -1
    return status, overruled, shown


# The order events fold in (``e`` an event): the HLC order every office shares. Local events
# not stamped yet come last, in id order: stamping gives them just that order.
FOLD_ORDER = "e.hlc IS NULL, e.hlc, e.origin, e.origin_seq, e.id"

# The ids of events the fold does not count: the undone ones, and set-backs it overruled
# after a sync (listed in ``sync_conflict``). The report leaves them out of its day series
# and a purge's anonymous counts say how many of theirs were such.
LEFT_OUT_IDS = ("SELECT undoes FROM event WHERE undoes IS NOT NULL "
                "UNION SELECT x.id FROM sync_conflict c JOIN event x "
                "ON x.origin = c.loser_origin AND x.origin_seq = c.loser_seq "
                "WHERE c.kind = 'status'")

# A failed person's reason (``{person}`` the person's id): that of the gagal_rekam event
# their status shows, the newest not undone (gagal_rekam is never overruled).
SHOWN_REASON_SQL = """(SELECT e.reason FROM event e WHERE e.person_id = {person}
    AND e.kind = 'gagal_rekam' AND NOT EXISTS (SELECT 1 FROM event u WHERE u.undoes = e.id)
    ORDER BY e.hlc IS NULL DESC, e.hlc DESC, e.origin DESC, e.origin_seq DESC, e.id DESC
    LIMIT 1)"""

# Every event of some people in fold order, the unstamped ones as this office's. Columns:
# the event as fold_ordered reads it (id, kind, origin, undoes), its sequence, then the
# person (id, nik, cached status); a person without events has one row of NULL event.
_FOLD_SQL = f"""
SELECT e.id, e.kind, CASE WHEN e.origin_seq IS NULL
       THEN coalesce((SELECT office_id FROM sync_office), '') ELSE e.origin END,
       e.undoes, e.origin_seq, p.id, p.nik, p.status
FROM person p LEFT JOIN event e ON e.person_id = p.id
WHERE p.id IN (SELECT value FROM json_each(?))
ORDER BY p.id, {FOLD_ORDER}
"""
EVENT_ID, KIND, ORIGIN, UNDOES, SEQ = range(5)


class Folded(NamedTuple):
    person_id: int
    nik: str
    cached: str  # person.status as stored
    status: str  # what the events fold to
    overruled: list[tuple[Sequence[Any], Sequence[Any]]]  # (overruled, recorded-by) rows


def folded(person_id: int, nik: str, cached: str, events: Sequence[Sequence[Any]]
           ) -> Folded:
    """:func:`fold_ordered` of one person's events (rows laid out as :data:`_FOLD_SQL`'s)."""
    status, pairs = fold_ordered(events)
    return Folded(person_id, nik, cached, status, [(events[i], events[j]) for i, j in pairs])


def folds(conn: sqlite3.Connection, person_ids: Iterable[int]) -> Iterator[Folded]:
    """:func:`folded` for each of these people, in one ordered pass over one query."""
    rows = conn.execute(_FOLD_SQL, (json.dumps([int(i) for i in person_ids]),))
    for _, group in groupby(rows, key=lambda r: r[5]):
        events = list(group)
        first = events[0]
        yield folded(first[5], first[6], first[7], [] if first[EVENT_ID] is None else events)


def shown_event(conn: sqlite3.Connection | pw.Database, person_id: int
                ) -> tuple[int, str] | None:
    """The (id, kind) of the event a person's status comes from: the latest in fold order
    that is neither an undo, undone, nor overruled; None when the status is the start."""
    sql_conn = conn.connection() if isinstance(conn, pw.Database) else conn
    rows = sql_conn.execute(_FOLD_SQL, (json.dumps([int(person_id)]),)).fetchall()
    if not rows or rows[0][EVENT_ID] is None:
        return None
    shown = _fold(rows)[2]
    return (rows[shown][EVENT_ID], rows[shown][KIND]) if shown >= 0 else None


def refold_status(conn: sqlite3.Connection | pw.Database, person_ids: Sequence[int]) -> None:
    """Recompute the cached ``person.status`` of some people from their events (the same
    fold as sync's, so a desk undo between syncs shows what the next sync will). Call
    inside the write transaction."""
    sql_conn = conn.connection() if isinstance(conn, pw.Database) else conn
    sql_conn.executemany("UPDATE person SET status = ? WHERE id = ?",
                         [(f.status, f.person_id) for f in folds(sql_conn, person_ids)
                          if f.status != f.cached])
