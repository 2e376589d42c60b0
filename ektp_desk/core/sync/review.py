"""Conflicts for review: what the deterministic rule overruled, in words.

Sync never asks a clerk to choose: the owner's version, then the later clock, wins
everywhere. What lost stays in the history (``sync_item`` for people, ``event`` for
statuses) and is listed here, mostly at the city office, with what differed, so a person
can phone the office whose change lost. Marking a conflict reviewed only hides it from the
open list; it changes no data.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import peewee as pw

from ektp_desk.core import clock as core_clock
from ektp_desk.core import messages
from ektp_desk.core.jobs import Changes
from ektp_desk.core.people import format_date, kelurahan_label, mask_nkk
from ektp_desk.core.status import CATEGORY_LABELS, STATUS_LABELS
from ektp_desk.core.sync import office
from ektp_desk.core.sync.records import PERSON_FIELDS

messages.register({
    "conflict_person": ("Data warga diubah di dua kantor",
                        "Person changed at two offices"),
    "conflict_status": ("Status tidak dimundurkan (sudah terekam)",
                        "Status not set back (already recorded)"),
    "conflict_status_change": ("{overruled} (ditolak) → tetap {kept}",
                               "{overruled} (overruled) → kept {kept}"),
})

# The person fields a reviewer compares, with their labels (derived and raw copies left out).
FIELD_LABELS: dict[str, str] = {
    "nkk": "NKK", "name": "Nama", "birth_place": "Tempat lahir",
    "birth_date": "Tanggal lahir", "sex": "Jenis kelamin", "marital": "Status perkawinan",
    "address": "Alamat", "rt": "RT", "rw": "RW", "kelurahan_code": "Kelurahan",
    "disability": "Disabilitas", "note": "Keterangan", "category": "Kategori",
}
REVIEW_CHANGES = Changes(tables=frozenset({"sync_conflict"}))


@dataclass(frozen=True)
class Difference:
    field: str
    label: str
    kept: str  # the winning version's value, as shown
    overruled: str


@dataclass(frozen=True)
class Conflict:
    id: int
    at: str
    nik: str
    name: str  # the person's name now
    kind: str  # 'person' | 'status'
    winner: str  # office name (id) whose row was kept
    loser: str  # office name (id) whose row was overruled
    local_unsent: bool  # the overruled change was this office's and not sent yet
    differences: tuple[Difference, ...]
    reviewed_at: str | None
    reviewed_by: str | None

    @property
    def title(self) -> str:
        return messages.text("conflict_person" if self.kind == "person" else "conflict_status")

    def summary(self) -> str:
        return "; ".join(f"{d.label}: {d.overruled} → {d.kept}" if d.field != "status"
                         else d.kept for d in self.differences)

    def as_json(self, mask: Any = None) -> dict[str, object]:
        return {"id": self.id, "at": self.at, "nik": mask(self.nik) if mask else self.nik,
                "name": self.name, "kind": self.kind, "winner": self.winner,
                "loser": self.loser, "local_unsent": self.local_unsent,
                "differences": [{"field": d.field, "kept": d.kept, "overruled": d.overruled}
                                for d in self.differences],
                "reviewed_at": self.reviewed_at, "reviewed_by": self.reviewed_by}


def _office_names(db: pw.Database) -> dict[str, str]:
    names = {p.office_id: p.name for p in office.peers(db)}
    own = office.identity(db)
    if own is not None:
        names[own.office_id] = own.name
    return names


def _shown(field: str, value: Any) -> str:
    if value is None or value == "":
        return "-"
    if field == "nkk":
        return mask_nkk(str(value))
    if field == "birth_date":
        return format_date(str(value))
    if field == "kelurahan_code":
        return kelurahan_label(str(value)) or str(value)
    if field == "category":
        return CATEGORY_LABELS.get(str(value), str(value))
    return str(value)


def _fields(db: pw.Database, origin: str | None, seq: int | None) -> dict[str, Any] | None:
    if origin is None or seq is None:
        return None
    row = db.execute_sql("SELECT body FROM sync_item WHERE origin = ? AND seq = ? AND "
                         "kind = 'person'", (origin, seq)).fetchone()
    return dict(zip(PERSON_FIELDS, json.loads(row[0])["f"], strict=True)) if row else None


def _person_differences(db: pw.Database, winner: tuple[str | None, int | None],
                        loser: tuple[str, int]) -> tuple[Difference, ...]:
    kept, lost = _fields(db, *winner), _fields(db, *loser)
    if kept is None or lost is None:
        return ()
    return tuple(Difference(f, label, _shown(f, kept[f]), _shown(f, lost[f]))
                 for f, label in FIELD_LABELS.items() if kept[f] != lost[f])


def _status_difference(detail: dict[str, Any]) -> tuple[Difference, ...]:
    overruled, kept = str(detail.get("overruled", "")), str(detail.get("kept", ""))
    return (Difference("status", "Status", messages.text(
        "conflict_status_change", overruled=STATUS_LABELS.get(overruled, overruled),
        kept=STATUS_LABELS.get(kept, kept)), STATUS_LABELS.get(overruled, overruled)),)


def conflicts(db: pw.Database, *, include_reviewed: bool = False, limit: int = 500
              ) -> list[Conflict]:
    """Conflicts newest first, with what differed. Reads only."""
    names = _office_names(db)

    def who(office_id: str | None) -> str:
        if office_id is None:
            return "-"
        return f"{names[office_id]} ({office_id})" if office_id in names else office_id

    where = "" if include_reviewed else "WHERE c.reviewed_at IS NULL"
    out = []
    for (cid, at, nik, kind, w_origin, w_seq, l_origin, l_seq, unsent, detail, reviewed_at,
         reviewed_by, name) in db.execute_sql(
            "SELECT c.id, c.at, c.nik, c.kind, c.winner_origin, c.winner_seq, c.loser_origin, "
            "c.loser_seq, c.local_unsent, c.detail, c.reviewed_at, c.reviewed_by, p.name "
            f"FROM sync_conflict c LEFT JOIN person p ON p.nik = c.nik {where} "
            "ORDER BY c.id DESC LIMIT ?", (limit,)):
        differences = (_person_differences(db, (w_origin, w_seq), (l_origin, l_seq))
                       if kind == "person" else _status_difference(json.loads(detail or "{}")))
        out.append(Conflict(int(cid), at, nik, name or "", kind, who(w_origin), who(l_origin),
                            bool(unsent), differences, reviewed_at, reviewed_by))
    return out


@dataclass(frozen=True)
class ReviewResult:
    marked: int
    changes: Changes = REVIEW_CHANGES


def mark_reviewed(db: pw.Database, conflict_ids: list[int], *, by: str,
                  now: dt.datetime | None = None) -> ReviewResult:
    """Take these conflicts off the open list (they stay listed with --all)."""
    at = (now or core_clock.now()).isoformat(timespec="seconds")
    with db.atomic():
        cursor = db.execute_sql(
            "UPDATE sync_conflict SET reviewed_at = ?, reviewed_by = ? WHERE reviewed_at IS "
            "NULL AND id IN (SELECT value FROM json_each(?))",
            (at, by, json.dumps([int(i) for i in conflict_ids])))
    return ReviewResult(int(cursor.rowcount))
