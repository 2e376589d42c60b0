"""Synthetic but realistic people of Kota Pekalongan, for demos and benchmarks.

Valid NIKs (region of a real kecamatan, birth date with +40 for women, serial), real
kelurahan, names and streets of the kind found in KPU lists. Deterministic for a seed.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

import peewee as pw

from ektp_desk.core import audit, clock, regions, search
from ektp_desk.core.errors import UserError
from ektp_desk.core.jobs import NEVER_CANCELLED, CancelToken, Changes, Progress, no_progress
from ektp_desk.core.text import search_key

MAX_PEOPLE = 1_000_000
CHUNK = 10_000

MALE = ("AHMAD", "MUHAMMAD", "BUDI", "AGUS", "SLAMET", "RIZKY", "FAJAR", "DIMAS", "ARIF",
        "BAYU", "EKO", "HENDRA", "ILHAM", "JOKO", "KURNIAWAN", "LUTFI", "MA'RUF", "NAUFAL",
        "RAFI", "SYAIFUL", "TAUFIK", "WAHYU", "YUSUF", "ZAINAL", "ANDRÉ", "HARIS", "IQBAL",
        "FIRMAN", "GILANG", "ABDUL", "SUHARTO", "DANU", "RAKA", "AKBAR", "FAHMI", "ARYA")
FEMALE = ("SITI", "NUR'AINI", "DEWI", "AYU", "FITRI", "INDAH", "LESTARI", "NOVI", "PUTRI",
          "RATNA", "SRI", "TRI", "WULAN", "YULIA", "ZAHRA", "ANISA", "AULIA", "BUNGA", "CITRA",
          "DINDA", "KHOIRUNNISA", "LAILA", "MAYA", "NABILA", "RAHMA", "SALSABILA", "TIARA",
          "UMI", "VINA", "AMELIA", "NADIA", "FARAH", "HANI", "INTAN", "KARTIKA")
MIDDLE = ("", "", "", "NUR", "DWI", "TRI", "ADI", "PUTRA", "SARI", "AL", "ANDRIANSYAH")
SURNAME = ("", "", "SANTOSO", "SAPUTRA", "PRASETYO", "HIDAYAT", "RAHMAWATI", "WIBOWO",
           "SETIAWAN", "KURNIASARI", "MAULANA", "FIRDAUS", "NUGROHO", "HARYANTO", "SUSANTI",
           "PRATAMA", "RAMADHAN", "WIJAYA", "HAKIM", "FAUZI", "AZIZAH", "KHASANAH", "MUNAWAROH",
           "SYAHPUTRA", "ARDIANSYAH", "SEBASTIEN")
STREETS = ("JL. MERDEKA", "JL. DR. SUTOMO", "JL. HAYAM WURUK", "JL. GAJAH MADA",
           "JL. KH. MANSYUR", "JL. SULAWESI", "JL. PATIMURA", "JL. SRIWIJAYA", "JL. KARTINI",
           "JL. JLAMPRANG", "JL. SETIABUDI", "JL. PEMUDA", "GG. MAWAR", "GG. MELATI",
           "DUKUH KRAPYAK", "DUKUH SOKOREJO", "PERUM BINA SARANA", "JL. SAMUDRA")
BIRTH_PLACES = ("PEKALONGAN", "PEKALONGAN", "PEKALONGAN", "BATANG", "PEMALANG", "SEMARANG",
                "JAKARTA", "TEGAL", "KAJEN", "BREBES")
DISABILITIES = ("Fisik", "Intelektual", "Mental", "Sensorik Netra", "Sensorik Rungu",
                "Sensorik Wicara")


@dataclass(frozen=True)
class DemoResult:
    people: int
    changes: Changes


def fill(
    db: pw.Database,
    people: int,
    *,
    seed: int = 2024,
    election: dt.date = dt.date(2024, 2, 14),
    progress: Progress = no_progress,
    cancel: CancelToken = NEVER_CANCELLED,
    build_index: bool = True,
) -> DemoResult:
    """Add `people` synthetic people in one transaction; then index their names."""
    if not 1 <= people <= MAX_PEOPLE:
        raise UserError("demo_too_many")
    rng = random.Random(seed)
    table = regions.default_table()
    kelurahan = list(table.kelurahan.values())
    now = clock.timestamp()
    used: set[str] = {row[0] for row in db.execute_sql("SELECT nik FROM person")}
    serials: dict[str, int] = {}
    pemula_from = election.replace(year=election.year - 17)  # 17 on election day
    columns = ("nik", "nkk", "name", "name_norm", "birth_place", "birth_date", "sex",
               "marital", "address", "rt", "rw", "kelurahan_code", "kecamatan_code",
               "disability", "note", "category", "warnings", "created_at", "updated_at")
    sql = (f"INSERT INTO person ({', '.join(columns)}) "
           f"VALUES ({', '.join('?' * len(columns))})")
    conn = db.connection()
    made = 0
    with db.atomic():
        while made < people:
            cancel.raise_if_cancelled()
            batch = []
            for _ in range(min(CHUNK, people - made)):
                batch.append(_person(rng, kelurahan, used, serials, pemula_from, now))
            conn.executemany(sql, batch)
            made += len(batch)
            progress(made, people, "Membuat warga demo")
        audit.record(db, "demo", "demo", people=people, seed=seed)
    if build_index:
        search.index_pending(db, progress=progress, cancel=cancel)
    return DemoResult(made, Changes(people=True))


def _person(rng: random.Random, kelurahan: list[regions.Kelurahan], used: set[str],
            serials: dict[str, int], pemula_from: dt.date, now: str) -> tuple:
    sex = rng.choice("LP")
    first = rng.choice(MALE if sex == "L" else FEMALE)
    parts = [first, rng.choice(MIDDLE), rng.choice(SURNAME)]
    if rng.random() < 0.08:
        parts.append("BIN" if sex == "L" else "BINTI")
        parts.append(rng.choice(MALE))
    name = " ".join(p for p in parts if p)
    roll = rng.random()
    if roll < 0.80:  # mostly 16- and 17-year-olds: the first-time voters
        birth = pemula_from - dt.timedelta(days=rng.randint(-365, 365))
        category, disability, note = "pemula", None, None
    elif roll < 0.92:
        birth = pemula_from - dt.timedelta(days=rng.randint(365, 365 * 50))
        disability = rng.choice(DISABILITIES)
        category, note = "disabilitas", f"Disabilitas {disability}"
    elif roll < 0.96:
        birth = pemula_from - dt.timedelta(days=rng.randint(365, 365 * 30))
        category, disability, note = "warga_binaan", None, "Warga binaan Lapas"
    else:
        birth = pemula_from - dt.timedelta(days=rng.randint(365 * 5, 365 * 60))
        category, disability, note = "lainnya", None, None
    kel = rng.choice(kelurahan)
    # most NIKs were first registered in the kecamatan they live in
    region = kel.kecamatan_code if rng.random() < 0.9 else rng.choice(
        ("337501", "337502", "337503", "337504", "332601", "332501"))
    day = birth.day + (40 if sex == "P" else 0)
    stem = f"{region}{day:02d}{birth.month:02d}{birth.year % 100:02d}"
    serial = serials.get(stem, 0) + 1
    nik = f"{stem}{serial:04d}"
    while nik in used:
        serial += 1
        nik = f"{stem}{serial:04d}"
    serials[stem] = serial
    used.add(nik)
    nkk_date = birth + dt.timedelta(days=rng.randint(0, 5000))
    nkk = (f"{kel.kecamatan_code}{nkk_date.day:02d}{nkk_date.month:02d}"
           f"{nkk_date.year % 100:02d}{rng.randint(1, 9999):04d}")
    address = f"{rng.choice(STREETS)} NO. {rng.randint(1, 150)}"
    return (nik, nkk, name, search_key(name), rng.choice(BIRTH_PLACES), birth.isoformat(), sex,
            "B", address, f"{rng.randint(1, 12):03d}", f"{rng.randint(1, 9):03d}", kel.code,
            kel.kecamatan_code, disability, note, category, "[]", now, now)
