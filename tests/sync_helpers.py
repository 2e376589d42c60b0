"""Offices for sync tests: a city office and kecamatan offices that trust each other."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import peewee as pw

from ektp_desk.core import db as core_db
from ektp_desk.core import demo, scheduling
from ektp_desk.core.sync import apply, export, office

PASS = "sandi-kantor-uji"
WIB = dt.timezone(dt.timedelta(hours=7))
NOW = dt.datetime(2026, 11, 28, 9, 0, tzinfo=WIB)
KECAMATAN = ("337501", "337502", "337503")


@dataclass
class Office:
    name: str
    path: Path
    db: pw.SqliteDatabase
    office_id: str


def open_office(path: Path, name: str) -> Office:
    db = core_db.open_database(path, bind=False)
    own = office.identity(db)
    return Office(name, path, db, own.office_id if own else "")


def build(folder: Path, *, people: int = 30, kecamatan: tuple[str, ...] = KECAMATAN
          ) -> dict[str, Office]:
    """A city office holding `people` demo people and kecamatan offices; the city trusts
    every kecamatan office and each of them trusts the city (a star)."""
    folder.mkdir(parents=True, exist_ok=True)
    saved = office.SCRYPT_N
    office.SCRYPT_N = 2**10  # keys under a passphrase, cheaply: tests make many offices
    try:
        offices = {}
        city = core_db.open_database(folder / "kota.sqlite", bind=False)
        office.init_office(city, kind="kota", code="3375", name="Dindukcapil", passphrase=PASS)
        demo.fill(city, people, seed=7, build_index=False)
        offices["kota"] = city
        for code in kecamatan:
            db = core_db.open_database(folder / f"{code}.sqlite", bind=False)
            office.init_office(db, kind="kecamatan", code=code, name=f"Kecamatan {code}",
                               passphrase=PASS)
            offices[code] = db
        cards = folder / "cards"
        for name, db in offices.items():
            office.export_card(db, cards / f"{name}.card")
        for code in kecamatan:
            office.trust_card(city, cards / f"{code}.card")
            office.trust_card(offices[code], cards / "kota.card")
    finally:
        office.SCRYPT_N = saved
    result = {}
    for name, db in offices.items():
        db.close()
        result[name] = open_office(folder / f"{name}.sqlite", name)
    return result


def copy_offices(template: dict[str, Office], folder: Path) -> dict[str, Office]:
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, item in template.items():
        item.db.close()
        target = folder / item.path.name
        shutil.copyfile(item.path, target)
        out[name] = open_office(target, name)
    return out


def snapshot(db: pw.SqliteDatabase) -> list[str]:
    """Every row of every table: 'the database is unchanged' means this is equal."""
    return list(db.connection().iterdump())


def people_state(db: pw.SqliteDatabase, niks: set[str] | None = None) -> list[tuple]:
    """Every person (or those of ``niks``) as the lists show them."""
    rows = db.execute_sql(
        "SELECT nik, name, address, kecamatan_code, status FROM person ORDER BY nik").fetchall()
    return rows if niks is None else [r for r in rows if r[0] in niks]


def event_state(db: pw.SqliteDatabase, niks: set[str] | None = None) -> list[tuple]:
    """Every event (or those of the people of ``niks``) with its identity."""
    rows = db.execute_sql(
        "SELECT e.origin, e.origin_seq, e.hlc, p.nik, e.kind, u.origin, u.origin_seq "
        "FROM event e JOIN person p ON p.id = e.person_id LEFT JOIN event u "
        "ON u.id = e.undoes ORDER BY e.origin, e.origin_seq").fetchall()
    return rows if niks is None else [r for r in rows if r[3] in niks]


def resident(db: pw.SqliteDatabase, code: str, n: int = 0) -> str:
    """The NIK of the ``n``-th person of kecamatan ``code``: one its office is sent."""
    return db.execute_sql("SELECT nik FROM person WHERE kecamatan_code = ? ORDER BY nik "
                          "LIMIT 1 OFFSET ?", (code, n)).fetchone()[0]


def scope(city: Office, kec: Office) -> set[str]:
    """The people the city sends a kecamatan office, worked out here from the README's
    rule: the people of its kecamatan, those summoned to its locations, and those it wrote
    rows about itself."""
    db, code = city.db, kec.name
    residents = {r[0] for r in db.execute_sql(
        "SELECT nik FROM person WHERE kecamatan_code = ?", (code,))}
    summoned = {body["nik"] for body in (json.loads(r[0]) for r in db.execute_sql(
        "SELECT body FROM sync_item WHERE kind = 'summons'")) if body["kecamatan_code"] == code}
    written = {r[0] for r in db.execute_sql(
        "SELECT key FROM sync_item WHERE kind = 'person' AND origin = ? UNION "
        "SELECT p.nik FROM event e JOIN person p ON p.id = e.person_id WHERE e.origin = ?",
        (kec.office_id, kec.office_id))}
    return residents | summoned | written


def summon_at(where: Office, nik: str, code: str, day: dt.date = dt.date(2026, 12, 1)) -> None:
    """Summon a person to a session at a location in kecamatan ``code`` (so that office
    serves them)."""
    db = where.db
    place = scheduling.add_location(db, "kecamatan", f"Kantor Kecamatan {code}",
                                    kecamatan_code=code).location_id
    slot = scheduling.add_slot(db, place, day, "08:00", "12:00", deliberate=True,
                               today=NOW.date()).slot_ids[0]
    pid = db.execute_sql("SELECT id FROM person WHERE nik = ?", (nik,)).fetchone()[0]
    scheduling.summon_to_slot(db, [pid], slot, today=NOW.date())


def add_event(db: pw.SqliteDatabase, nik: str, kind: str, at: dt.datetime = NOW) -> int:
    """What a desk does: append an event and cache its kind as the status."""
    with db.atomic():
        pid = db.execute_sql("SELECT id FROM person WHERE nik = ?", (nik,)).fetchone()[0]
        cursor = db.execute_sql(
            "INSERT INTO event (person_id, kind, at, by_user, desk) VALUES (?, ?, ?, 'uji', "
            "'Meja 1')", (pid, kind, at.isoformat(timespec="seconds")))
        db.execute_sql("UPDATE person SET status = ? WHERE id = ?", (kind, pid))
    return int(cursor.lastrowid)


def send(src: Office, dst: Office, folder: Path, now: dt.datetime = NOW) -> Path:
    """A sync file from src to dst, written in folder."""
    return export.export(src.db, dst.office_id, folder, passphrase=PASS, now=now).file


def receive(dst: Office, path: Path, now: dt.datetime = NOW) -> apply.ImportResult:
    return apply.import_file(dst.db, path, passphrase=PASS, now=now)


def exchange(src: Office, dst: Office, folder: Path, now: dt.datetime = NOW
             ) -> apply.ImportResult:
    """One file from src imported at dst (no receipt back); the import's result."""
    return receive(dst, send(src, dst, folder, now), now)


def person_conflict(offices: dict[str, Office], folder: Path, column: str, owner_value: str,
                    guest_value: str) -> str:
    """The same person changed at their own kecamatan office (337501) and an hour later at
    another that serves them too (337502), both sent to the city: the owner's value wins
    there and the guest's is listed for review. Returns the NIK."""
    city, owner, guest = offices["kota"], offices["337501"], offices["337502"]
    nik = city.db.execute_sql("SELECT nik FROM person WHERE kecamatan_code = '337501' "
                              "ORDER BY nik LIMIT 1").fetchone()[0]
    summon_at(city, nik, "337502")  # the guest office serves them too
    exchange(city, owner, folder)
    exchange(city, guest, folder)
    owner.db.execute_sql(f"UPDATE person SET {column} = ? WHERE nik = ?", (owner_value, nik))
    guest.db.execute_sql(f"UPDATE person SET {column} = ? WHERE nik = ?", (guest_value, nik))
    exchange(owner, city, folder)
    exchange(guest, city, folder, NOW + dt.timedelta(hours=1))
    return nik
