"""Retention: when the drive's purpose ends, people are purged or turned into anonymous
counts (docs/domain.md, "Retention").

Who goes: everyone whose *last trace in the drive* is before the chosen date: the last of
their events, their record's last change, the days they were called to and visited. Someone
still being served after it (a card still to hand over, a later call) stays.

A purge deletes the person and every row about them (events, desk events, summonses and
their print-job links, letters and reprints, visit rows and removals, sync versions and
conflicts, other offices' calls), names
them in no visit document, rebuilds the name index, then VACUUMs and truncates the WAL so no
NIK remains in the file. With ``anonymise`` their counts per kelurahan, category and status
(and their events per kind and day) are kept in ``anonymous_count`` first, so the report's
figures do not change. Backups made before the purge still hold the NIKs: they are deleted,
or listed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import peewee as pw

from ektp_desk.core import accounts, audit, messages
from ektp_desk.core import backup as backup_mod
from ektp_desk.core import db as core_db
from ektp_desk.core.errors import UserError
from ektp_desk.core.jobs import Changes
from ektp_desk.core.status import LEFT_OUT_IDS, SHOWN_REASON_SQL

messages.register({
    "purge_in_transaction": ("Penghapusan data tidak dapat berjalan di dalam transaksi lain.",
                             "A purge cannot run inside another transaction."),
    "purge_wal_busy": (
        "Data sudah dihapus, tetapi berkas WAL belum dapat dikosongkan karena basis data "
        "sedang dibaca meja lain. Tutup ektp-desk di meja lain lalu jalankan lagi.",
        "The data was deleted, but the WAL file could not be emptied because another desk "
        "is reading the database. Close ektp-desk at the other desks and run it again."),
})

# the set of people a purge takes: last trace before :before (an ISO date)
_SELECT = """
CREATE TEMP TABLE purge_person AS
SELECT p.id, p.nik FROM person p
WHERE max(p.updated_at, p.created_at,
          coalesce((SELECT max(e.at) FROM event e WHERE e.person_id = p.id), ''),
          coalesce((SELECT max(s.date) FROM summons m JOIN slot s ON s.id = m.slot_id
                    WHERE m.person_id = p.id), ''),
          coalesce((SELECT max(v.date) FROM visit_person vp JOIN visit v ON v.id = vp.visit_id
                    WHERE vp.person_id = p.id), '')) < ?
"""
_IN = "IN (SELECT id FROM temp.purge_person)"
_SUMMONS = f"IN (SELECT id FROM summons WHERE person_id {_IN})"
_LETTERS = f"IN (SELECT id FROM letter WHERE person_id {_IN})"
_NIKS = "IN (SELECT nik FROM temp.purge_person)"

# (what the count is called, SQL counting it, SQL deleting it), in an order the foreign
# keys allow
_STEPS: tuple[tuple[str, str, str], ...] = (
    ("print_links", f"SELECT count(*) FROM print_job_summons WHERE summons_id {_SUMMONS}",
     f"DELETE FROM print_job_summons WHERE summons_id {_SUMMONS}"),
    ("letter_reprints",
     f"SELECT count(*) FROM letter_reprint WHERE summons_id {_SUMMONS} OR letter_id {_LETTERS}",
     f"DELETE FROM letter_reprint WHERE summons_id {_SUMMONS} OR letter_id {_LETTERS}"),
    ("letters", f"SELECT count(*) FROM letter WHERE person_id {_IN}",
     f"DELETE FROM letter WHERE person_id {_IN}"),
    ("visit_documents", f"SELECT count(*) FROM visit_document WHERE person_id {_IN}",
     f"UPDATE visit_document SET person_id = NULL WHERE person_id {_IN}"),
    ("visit_people", f"SELECT count(*) FROM visit_person WHERE person_id {_IN}",
     f"DELETE FROM visit_person WHERE person_id {_IN}"),
    # taken off a visit that travelled (a closing version still to send); deleting their
    # visit rows just now wrote such rows too (the trigger visit_person_sync_removed)
    ("visit_people_removed",
     f"SELECT count(*) FROM visit_person_removed WHERE person_id {_IN}",
     f"DELETE FROM visit_person_removed WHERE person_id {_IN}"),
    ("summonses", f"SELECT count(*) FROM summons WHERE person_id {_IN}",
     f"DELETE FROM summons WHERE person_id {_IN}"),
    ("desk_events", f"SELECT count(*) FROM desk_event WHERE person_id {_IN}",
     f"DELETE FROM desk_event WHERE person_id {_IN}"),
    ("events", f"SELECT count(*) FROM event WHERE person_id {_IN}",
     f"DELETE FROM event WHERE person_id {_IN}"),
    # a person's versions are keyed by NIK; a summons', a letter's and a visit's person's
    # carry it in the body (the last in its key too)
    ("sync_items",
     f"SELECT count(*) FROM sync_item WHERE (kind = 'person' AND key {_NIKS}) OR "
     f"(kind IN ('summons', 'letter', 'visit_person') AND json_extract(body, '$.nik') {_NIKS})",
     f"DELETE FROM sync_item WHERE (kind = 'person' AND key {_NIKS}) OR "
     f"(kind IN ('summons', 'letter', 'visit_person') AND json_extract(body, '$.nik') {_NIKS})"),
    # other offices' calls, per NIK (core/calls.py)
    ("remote_calls", f"SELECT count(*) FROM remote_call WHERE nik {_NIKS}",
     f"DELETE FROM remote_call WHERE nik {_NIKS}"),
    ("sync_conflicts", f"SELECT count(*) FROM sync_conflict WHERE nik {_NIKS}",
     f"DELETE FROM sync_conflict WHERE nik {_NIKS}"),
    ("people", "SELECT count(*) FROM temp.purge_person",
     f"DELETE FROM person WHERE id {_IN}"),
)

_ANON_PEOPLE = f"""
INSERT INTO anonymous_count (purge_id, what, kecamatan_code, kelurahan_code, category,
                             status, day, n, called, reason)
SELECT ?, 'orang', kecamatan_code, kelurahan_code, category, status, NULL, count(*),
       sum(called), reason
FROM (SELECT *, CASE WHEN status = 'gagal_rekam'
                THEN {SHOWN_REASON_SQL.format(person="person.id")} END AS reason
      FROM person WHERE id {_IN})
GROUP BY kecamatan_code, kelurahan_code, category, status, reason
"""
_ANON_EVENTS = f"""
INSERT INTO anonymous_count (purge_id, what, kecamatan_code, kelurahan_code, category,
                             status, day, n, left_out, no_desk)
SELECT ?, 'peristiwa', p.kecamatan_code, p.kelurahan_code, p.category, e.kind,
       substr(e.at, 1, 10), count(*), sum(e.id IN ({LEFT_OUT_IDS})),
       sum(e.desk IS NULL AND e.id NOT IN ({LEFT_OUT_IDS}))
FROM event e JOIN person p ON p.id = e.person_id WHERE e.person_id {_IN}
GROUP BY p.kecamatan_code, p.kelurahan_code, p.category, e.kind, substr(e.at, 1, 10)
"""


@dataclass(frozen=True)
class PurgeResult:
    before: dt.date
    anonymise: bool
    dry_run: bool
    counts: dict[str, int]  # what goes (dry run) or went, by kind of row
    backups_with_nik: list[Path] = field(default_factory=list)  # still holding their NIKs
    backups_deleted: list[Path] = field(default_factory=list)
    made_backup: Path | None = None  # the backup made before the purge
    changes: Changes = field(default_factory=lambda: Changes(people=True))

    def as_json(self) -> dict[str, object]:
        return {"before": self.before.isoformat(), "anonymise": self.anonymise,
                "dry_run": self.dry_run, "counts": self.counts,
                "backups_with_nik": [str(p) for p in self.backups_with_nik],
                "backups_deleted": [str(p) for p in self.backups_deleted],
                "made_backup": str(self.made_backup) if self.made_backup else None}


def _select(db: pw.Database, before: dt.date) -> None:
    db.execute_sql("DROP TABLE IF EXISTS temp.purge_person")
    db.execute_sql(_SELECT, (before.isoformat(),))


def _counts(db: pw.Database) -> dict[str, int]:
    return {name: int(db.execute_sql(count).fetchone()[0]) for name, count, _ in _STEPS}


def _backups(db: pw.SqliteDatabase) -> list[Path]:
    path = backup_mod.db_file(db)
    if path is None:
        return []
    return [b.path for b in backup_mod.list_backups(backup_mod.folder_for(path), path.stem)]


def plan(db: pw.SqliteDatabase, before: dt.date, *, anonymise: bool = False) -> PurgeResult:
    """The dry run: what a purge before `before` would delete, and the backups that hold
    the NIKs now. Writes nothing."""
    with db.atomic():
        _select(db, before)
        counts = _counts(db)
        db.execute_sql("DROP TABLE temp.purge_person")
    return PurgeResult(before, anonymise, True, counts, _backups(db),
                       changes=Changes())


def purge(db: pw.SqliteDatabase, before: dt.date, *, anonymise: bool, by: str,
          delete_backups: bool = False) -> PurgeResult:
    """Purge everyone whose last trace is before `before` (see the module's words). A
    backup is made first; the purge is in the audit trail (counts only, no NIK). Then the
    file is VACUUMed and the WAL truncated. `delete_backups` deletes every backup made
    before the purge (including the one just made); otherwise they are listed."""
    accounts.require_acting(db, "purge")
    if db.in_transaction():
        raise UserError("purge_in_transaction")
    made = backup_mod.before(db, backup_mod.PURGE)
    with db.atomic():
        _select(db, before)
        counts = _counts(db)
        if counts["people"]:
            audit.record(db, by, "retensi_hapus", before=before.isoformat(),
                         anonymise=anonymise, **counts)
            purge_id = db.execute_sql("SELECT max(id) FROM audit_log").fetchone()[0]
            if anonymise:
                db.execute_sql(_ANON_PEOPLE, (purge_id,))
                db.execute_sql(_ANON_EVENTS, (purge_id,))
            for _, _, delete in _STEPS:
                db.execute_sql(delete)
            # the name index holds the names of the people gone: build it anew
            db.execute_sql("INSERT INTO person_fts (person_fts) VALUES ('rebuild')")
            top = db.execute_sql("SELECT coalesce(max(id), 0) FROM person").fetchone()[0]
            core_db.meta_set(db, "fts_upto", str(top))
        db.execute_sql("DROP TABLE temp.purge_person")
    if counts["people"]:
        _scrub_file(db)
    held = _backups(db) if counts["people"] else []
    gone: list[Path] = []
    if delete_backups:
        for path in held:
            path.unlink(missing_ok=True)
            gone.append(path)
        held = []
    return PurgeResult(before, anonymise, False, counts, held, gone, made,
                       Changes(people=True) if counts["people"] else Changes())


def _scrub_file(db: pw.SqliteDatabase) -> None:
    """Leave no deleted page behind: VACUUM rewrites the file, the checkpoint empties the
    WAL (a reader at another desk can keep it from finishing: then say so)."""
    db.execute_sql("VACUUM")
    busy, _, _ = db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy:
        raise UserError("purge_wal_busy")


# --- the report's figures with the anonymous counts ------------------------------------

def report_counts(db: pw.Database) -> dict[str, Counter]:
    """People per status, category and kelurahan, and events per (kind, day), counting the
    people and events kept only as anonymous counts too (for core/reports to add)."""
    out: dict[str, Counter] = {"status": Counter(), "category": Counter(),
                               "kelurahan": Counter(), "event_day": Counter()}
    for column in ("status", "category"):
        for key, n in db.execute_sql(f"SELECT {column}, count(*) FROM person GROUP BY 1"):
            out[column][key] += n
        for key, n in db.execute_sql(f"SELECT {column}, sum(n) FROM anonymous_count "
                                     "WHERE what = 'orang' GROUP BY 1"):
            out[column][key] += n
    for key, n in db.execute_sql("SELECT kelurahan_code, count(*) FROM person GROUP BY 1"):
        out["kelurahan"][key] += n
    for key, n in db.execute_sql("SELECT kelurahan_code, sum(n) FROM anonymous_count "
                                 "WHERE what = 'orang' GROUP BY 1"):
        out["kelurahan"][key] += n
    for kind, day, n in db.execute_sql("SELECT kind, substr(at, 1, 10), count(*) FROM event "
                                       "GROUP BY 1, 2"):
        out["event_day"][(kind, day)] += n
    for kind, day, n in db.execute_sql("SELECT status, day, sum(n) FROM anonymous_count "
                                       "WHERE what = 'peristiwa' GROUP BY 1, 2"):
        out["event_day"][(kind, day)] += n
    return out
