"""Per office: what was sent, acknowledged, pending, and when the last file came."""

from __future__ import annotations

from dataclasses import dataclass, field

import peewee as pw

from ektp_desk.core.sync import export, office, records


@dataclass(frozen=True)
class PeerStatus:
    office_id: str
    name: str
    kind: str
    fingerprint: str
    retired: bool
    sent: int  # rows in files exported to it
    acknowledged: int  # rows it confirmed by receipt
    pending: int  # rows the next file to it would hold (local changes not stamped included)
    files_sent: int
    last_export: str | None
    last_export_file: str | None
    last_import: str | None  # when the last file from it was imported
    last_import_file: str | None
    last_receipt: str | None

    def as_json(self) -> dict[str, object]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class SyncStatus:
    office: dict[str, object] | None
    unstamped: int
    conflicts_open: int
    rejected: int
    peers: list[PeerStatus] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {"office": self.office, "unstamped": self.unstamped,
                "conflicts_open": self.conflicts_open, "rejected": self.rejected,
                "peers": [p.as_json() for p in self.peers]}


def count_rows(db: pw.Database, origin: str, after: int, upto: int, scoped: bool = False
               ) -> int:
    """Rows of ``origin`` after ``after`` up to ``upto`` (``scoped``: only those about the
    people in ``temp.scope``, see :func:`export.scope_for`)."""
    if upto <= after:
        return 0
    items = db.execute_sql(
        "SELECT count(*) FROM sync_item WHERE origin = ? AND seq > ? AND seq <= ?"
        + (f" AND {export.ITEM_NIK} IN (SELECT nik FROM temp.scope)" if scoped else ""),
        (origin, after, upto)).fetchone()[0]
    events = db.execute_sql(
        "SELECT count(*) FROM event e" + (" JOIN person p ON p.id = e.person_id" if scoped
                                          else "")
        + " WHERE e.origin = ? AND e.origin_seq IS NOT NULL AND e.origin_seq > ? "
        "AND e.origin_seq <= ?" + (" AND p.nik IN (SELECT nik FROM temp.scope)" if scoped
                                   else ""), (origin, after, upto)).fetchone()[0]
    return int(items) + int(events)


def in_scope_only(db: pw.Database, own: office.OfficeInfo | None, peer: office.Peer) -> bool:
    """Whether this office sends ``peer`` only the rows about some people (the city to a
    kecamatan office); if so, ``temp.scope`` now holds them."""
    scoped = own is not None and own.kind == "kota" and peer.kind == "kecamatan"
    if scoped:
        export.scope_for(db.connection(), peer)
    return scoped


def _unstamped_in_scope(db: pw.Database) -> int:
    """Local changes not stamped yet about the people in ``temp.scope``."""
    return int(db.execute_sql(" + ".join(
        f"(SELECT count(*) FROM {table} t JOIN person p ON p.id = t.{key} WHERE "
        "t.origin_seq IS NULL AND p.nik IN (SELECT nik FROM temp.scope))"
        for table, key in (("person", "id"), ("event", "person_id"),
                           ("summons", "person_id"), ("letter", "person_id"),
                           ("visit_person", "person_id"),
                           ("visit_person_removed", "person_id"))
    ).join(("SELECT ", ""))).fetchone()[0])


def _last(db: pw.Database, peer: str, direction: str) -> tuple[str | None, str | None]:
    row = db.execute_sql("SELECT at, file FROM sync_log WHERE peer = ? AND direction = ? "
                         "ORDER BY id DESC LIMIT 1", (peer, direction)).fetchone()
    return (row[0], row[1]) if row else (None, None)


def sync_status(db: pw.Database) -> SyncStatus:
    """Reads only; cheap enough for a page refresh (indexed counts)."""
    own = office.identity(db)
    unstamped = records.unstamped(db)
    origins = db.execute_sql("SELECT origin, last_seq, applied FROM sync_origin").fetchall()
    peers = []
    for peer in office.peers(db):
        acks = dict(db.execute_sql("SELECT origin, seq FROM sync_ack WHERE peer = ?",
                                   (peer.office_id,)).fetchall())
        # what export sends it: a kecamatan office its own rows; the city a kecamatan
        # office only the rows about the people it is sent
        scoped = in_scope_only(db, own, peer)
        acknowledged, pending = 0, _unstamped_in_scope(db) if scoped else unstamped
        for origin, last_seq, applied in origins:
            is_own = own is not None and origin == own.office_id
            if origin == peer.office_id or (not is_own and (own is None or own.kind != "kota")):
                continue
            upto = last_seq if is_own else applied
            acked = min(int(acks.get(origin, 0)), upto)
            acknowledged += count_rows(db, origin, 0, acked, scoped)
            pending += count_rows(db, origin, acked, upto, scoped)
        sent, files = db.execute_sql(
            "SELECT coalesce(sum(rows), 0), count(*) FROM sync_log WHERE peer = ? "
            "AND direction = 'export'", (peer.office_id,)).fetchone()
        exp_at, exp_file = _last(db, peer.office_id, "export")
        imp_at, imp_file = _last(db, peer.office_id, "import")
        rec_at, _ = _last(db, peer.office_id, "receipt_in")
        peers.append(PeerStatus(peer.office_id, peer.name, peer.kind, peer.fingerprint,
                                peer.retired, int(sent), acknowledged, pending, int(files),
                                exp_at, exp_file, imp_at, imp_file, rec_at))
    conflicts = db.execute_sql("SELECT count(*) FROM sync_conflict WHERE reviewed_at IS NULL"
                               ).fetchone()[0]
    rejected = db.execute_sql("SELECT count(*) FROM sync_rejected").fetchone()[0]
    return SyncStatus(own.as_json() if own else None, unstamped, int(conflicts),
                      int(rejected), peers)
