"""Offices for sync tests: a city office and kecamatan offices that trust each other."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import peewee as pw

from ektp_desk.core import db as core_db
from ektp_desk.core import demo
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


def people_state(db: pw.SqliteDatabase) -> list[tuple]:
    return db.execute_sql(
        "SELECT nik, name, address, kecamatan_code, status FROM person ORDER BY nik").fetchall()


def event_state(db: pw.SqliteDatabase) -> list[tuple]:
    return db.execute_sql(
        "SELECT e.origin, e.origin_seq, e.hlc, p.nik, e.kind, u.origin, u.origin_seq "
        "FROM event e JOIN person p ON p.id = e.person_id LEFT JOIN event u "
        "ON u.id = e.undoes ORDER BY e.origin, e.origin_seq").fetchall()


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
    another (337502), both sent to the city: the owner's value wins there and the guest's is
    listed for review. Returns the NIK."""
    city, owner, guest = offices["kota"], offices["337501"], offices["337502"]
    exchange(city, owner, folder)
    exchange(city, guest, folder)
    nik = city.db.execute_sql("SELECT nik FROM person WHERE kecamatan_code = '337501' "
                              "ORDER BY nik LIMIT 1").fetchone()[0]
    owner.db.execute_sql(f"UPDATE person SET {column} = ? WHERE nik = ?", (owner_value, nik))
    guest.db.execute_sql(f"UPDATE person SET {column} = ? WHERE nik = ?", (guest_value, nik))
    exchange(owner, city, folder)
    exchange(guest, city, folder, NOW + dt.timedelta(hours=1))
    return nik
