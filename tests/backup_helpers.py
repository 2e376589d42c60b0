"""A database holding every kind of record, for the backup and retention tests."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from reportlab.pdfgen import canvas

from ektp_desk.core import db as core_db
from ektp_desk.core import demo_drive
from ektp_desk.core.printing import JobStatus, PrintRequest
from ektp_desk.core.printing import jobs as print_jobs
from ektp_desk.core.sync import export, office
from tests.sync_helpers import PASS

TODAY = dt.date(2026, 11, 28)
PEOPLE = 60
# the tables a drive fills, each of which must hold rows in the full database
FILLED = ("person", "event", "summons", "letter", "visit", "visit_person", "desk_event",
          "print_job", "print_job_summons", "sync_office", "sync_peer", "sync_item",
          "audit_log", "person_fts_data")


class QueuePrinter:
    """A print system that accepts every job (the real queue is CUPS or Windows)."""

    name = "cups"

    def printers(self) -> list[str]:
        return ["Uji"]

    def default_printer(self) -> str | None:
        return "Uji"

    def submit(self, request: PrintRequest, **_: object) -> str:
        return "Uji-1"

    def status(self, job: str) -> JobStatus:
        return JobStatus("selesai")

    def cancel(self, job: str) -> None:
        pass


def one_page_pdf(path: Path) -> Path:
    pdf = canvas.Canvas(str(path), pagesize=(595.28, 841.89))
    pdf.drawString(72, 720, "Surat uji")
    pdf.showPage()
    pdf.save()
    return path


def build_full(folder: Path) -> tuple[Path, Path]:
    """(the city office's database, a kecamatan office's) : a drive in progress at the
    city (people, events, desk events, summonses, letters, a visit, a print job) that has
    sent a sync file to the kecamatan office (sync items, peers both ways)."""
    folder.mkdir(parents=True, exist_ok=True)
    saved = office.SCRYPT_N
    office.SCRYPT_N = 2**10  # keys under a passphrase, cheaply
    try:
        city_path, kec_path = folder / "kota.sqlite", folder / "337501.sqlite"
        city = core_db.open_database(city_path, bind=False)
        kec = core_db.open_database(kec_path, bind=False)
        office.init_office(city, kind="kota", code="3375", name="Dindukcapil", passphrase=PASS)
        office.init_office(kec, kind="kecamatan", code="337501", name="Kec. Barat",
                           passphrase=PASS)
        demo_drive.build(city, PEOPLE, seed=11, today=TODAY)
        summons = [r[0] for r in city.execute_sql("SELECT id FROM summons LIMIT 3")]
        print_jobs.print_file(city, PrintRequest(one_page_pdf(folder / "uji.pdf"), "Uji"),
                              summons_ids=summons, system=QueuePrinter())
        cards = folder / "cards"
        office.export_card(city, cards / "kota.card")
        office.export_card(kec, cards / "kec.card")
        office.trust_card(city, cards / "kec.card")
        office.trust_card(kec, cards / "kota.card")
        own = office.identity(kec)
        export.export(city, own.office_id, folder / "files", passphrase=PASS)
        city.close()
        kec.close()
    finally:
        office.SCRYPT_N = saved
    return city_path, kec_path


def dump(path: Path, skip_audit: tuple[str, ...] = ()) -> dict[str, list[tuple]]:
    """Every table's rows, in rowid (or key) order, read with a connection of its own;
    audit rows of the actions in `skip_audit` left out (what a restore adds)."""
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE "
            "'CREATE VIRTUAL%' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        out = {}
        for table in tables:
            cursor = conn.execute(f"SELECT * FROM {table}")
            rows = cursor.fetchall()
            if table == "audit_log":
                action = [c[0] for c in cursor.description].index("action")
                rows = [r for r in rows if r[action] not in skip_audit]
            out[table] = sorted(rows, key=repr)
        return out
    finally:
        conn.close()


def audit_actions(path: Path) -> list[str]:
    """The actions of the audit trail, in seq order."""
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT action FROM audit_log ORDER BY seq")]
    finally:
        conn.close()


def chain_verifies(path: Path) -> bool:
    """The audit trail's hash chain verifies (core/audit.verify), every row of it."""
    from ektp_desk.core import audit

    db = core_db.open_database(path, bind=False)
    try:
        result = audit.verify(db)
        total = db.execute_sql("SELECT count(*) FROM audit_log").fetchone()[0]
    finally:
        db.close()
    return result.ok and result.rows == total > 0


def niks(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT nik FROM person ORDER BY id")]
    finally:
        conn.close()
