"""Synthetic but realistic people of Kota Pekalongan, for demos and benchmarks.

Valid NIKs (region of a real kecamatan, birth date with +40 for women, serial), real
kelurahan, names and streets of the kind found in KPU lists. Deterministic for a seed.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

import peewee as pw

from ektp_desk.core import audit, clock, fields, regions, search
from ektp_desk.core.errors import UserError
from ektp_desk.core.fields import years_before
from ektp_desk.core.jobs import NEVER_CANCELLED, CancelToken, Changes, Progress, no_progress
from ektp_desk.core.text import search_key

MAX_PEOPLE = 1_000_000
CHUNK = 10_000

# Names as a KPU list of Kota Pekalongan holds them: upper case, no accents, Javanese and
# Arabic-derived given names; the second names, PUTRA/PUTRI and BIN/BINTI follow the sex.
MALE = ("AHMAD", "MUHAMMAD", "MOHAMAD", "ABDUL", "AGUS", "BUDI", "SLAMET", "RIZKY", "FAJAR",
        "DIMAS", "ARIF", "BAYU", "EKO", "HENDRA", "ILHAM", "JOKO", "LUTFI", "MA'RUF", "NAUFAL",
        "RAFI", "SYAIFUL", "TAUFIK", "WAHYU", "YUSUF", "ZAINAL", "HARIS", "IQBAL", "FIRMAN",
        "GILANG", "DANU", "RAKA", "AKBAR", "FAHMI", "ARYA", "KHOIRUL", "MUSTOFA", "ROFIQ",
        "ULIL", "HABIB", "FAUZAN", "AMINUDIN", "SYAMSUL")
FEMALE = ("SITI", "NUR'AINI", "DEWI", "AYU", "FITRI", "INDAH", "NOVI", "PUTRI", "RATNA", "SRI",
          "WULAN", "YULIA", "ZAHRA", "ANISA", "AULIA", "CITRA", "DINDA", "KHOIRUNNISA", "LAILA",
          "MAYA", "NABILA", "RAHMA", "SALSABILA", "TIARA", "UMI", "AMELIA", "NADIA", "FARAH",
          "HANI", "INTAN", "KARTIKA", "FATIMAH", "AISYAH", "NURUL", "ZULFA", "ISTIQOMAH",
          "MUFIDAH", "ALFINA")
MALE_MIDDLE = ("", "", "", "NUR", "DWI", "TRI", "ADI", "AL", "FAJAR", "BAGUS", "ILHAM")
FEMALE_MIDDLE = ("", "", "", "NUR", "DWI", "TRI", "AYU", "SARI", "PUTRI", "DEWI", "NURUL")
MALE_LAST = ("", "", "SANTOSO", "SAPUTRA", "PRASETYO", "HIDAYAT", "WIBOWO", "SETIAWAN",
             "MAULANA", "FIRDAUS", "NUGROHO", "HARYANTO", "PRATAMA", "RAMADHAN", "WIJAYA",
             "HAKIM", "FAUZI", "SYAHPUTRA", "ARDIANSYAH", "PUTRA", "FIRMANSYAH", "MUBAROK",
             "ADI PUTRA", "ALFARIZI")
FEMALE_LAST = ("", "", "RAHMAWATI", "KURNIASARI", "SUSANTI", "AZIZAH", "KHASANAH", "MUNAWAROH",
               "LESTARI", "WULANDARI", "PUSPITASARI", "RAMADHANI", "NOVITASARI", "FITRIANI",
               "PUTRI", "MAULIDA", "SAFITRI", "HANDAYANI", "ZAHROH", "AYU LESTARI")
# one-word names, as older Javanese people often have
MALE_SINGLE = ("SUHARTO", "SUPRIYADI", "SUGIYONO", "WARSONO", "KASMUDI", "TARYONO", "RASIDI",
               "CASMADI", "SUNARTO", "WASKITO")
FEMALE_SINGLE = ("SUMIATI", "WARSINAH", "KASMINI", "SUTINAH", "RASINAH", "CASRIPAH", "TARMINI",
                 "SUPINAH", "WATINI", "MUNIROH")
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
    previous_election: dt.date = dt.date(2019, 4, 17),
    born_by: dt.date | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken = NEVER_CANCELLED,
    build_index: bool = True,
) -> DemoResult:
    """Add `people` synthetic people in one transaction; then index their names. Most are
    first-time voters of `election` (see :func:`pemula_births`); `born_by`: none of them
    born after this day (16 today: old enough to record now)."""
    if not 1 <= people <= MAX_PEOPLE:
        raise UserError("demo_too_many")
    rng = random.Random(seed)
    table = regions.default_table()
    kelurahan = list(table.kelurahan.values())
    now = clock.timestamp()
    used: set[str] = {row[0] for row in db.execute_sql("SELECT nik FROM person")}
    serials: dict[str, int] = {}
    births = pemula_births(election, previous_election)
    if born_by is not None and births[0] <= born_by < births[1]:
        births = (births[0], born_by)
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
                batch.append(_person(rng, kelurahan, used, serials, births,
                                     previous_election, now))
            conn.executemany(sql, batch)
            made += len(batch)
            progress(made, people, "Membuat warga demo")
        audit.record(db, "demo", "demo", people=people, seed=seed)
    if build_index:
        search.index_pending(db, progress=progress, cancel=cancel)
    return DemoResult(made, Changes(people=True))


def full_name(rng: random.Random, sex: str, *, adult: bool = False) -> str:
    """A plausible name for a person of this sex ('L' or 'P'): 'DIMAS ADI PRATAMA',
    'SITI NUR KHASANAH', 'FAUZAN BIN ABDUL', or for adults now and then one word."""
    male = sex == "L"
    if adult and rng.random() < 0.15:
        return rng.choice(MALE_SINGLE if male else FEMALE_SINGLE)
    words: list[str] = []
    for part in (rng.choice(MALE if male else FEMALE),
                 rng.choice(MALE_MIDDLE if male else FEMALE_MIDDLE),
                 rng.choice(MALE_LAST if male else FEMALE_LAST)):
        words += [w for w in part.split() if w not in words]  # no 'PUTRI PUTRI'
    if rng.random() < 0.08:  # the father's name: 'BIN' for a son, 'BINTI' for a daughter
        father = rng.choice([n for n in MALE + MALE_SINGLE if n not in words])
        words = [*words[:2], "BIN" if male else "BINTI", father]
    return " ".join(words)


def pemula_births(election: dt.date, previous: dt.date) -> tuple[dt.date, dt.date]:
    """The birth dates of first-time voters, both ends included: under 17 on the previous
    election day and 17 by this one (docs/domain.md, "The election")."""
    return years_before(previous, 17) + dt.timedelta(days=1), years_before(election, 17)


def _person(rng: random.Random, kelurahan: list[regions.Kelurahan], used: set[str],
            serials: dict[str, int], births: tuple[dt.date, dt.date],
            previous: dt.date, now: str) -> tuple:
    sex = rng.choice("LP")
    first, last = births
    adult_before = first - dt.timedelta(days=1)  # 17 or over at the previous election
    roll = rng.random()
    disability = note = None
    if roll < 0.80:  # mostly first-time voters
        birth = first + dt.timedelta(days=rng.randint(0, (last - first).days))
    elif roll < 0.92:
        birth = adult_before - dt.timedelta(days=rng.randint(0, 365 * 50))
        disability = rng.choice(DISABILITIES)
        note = f"Disabilitas {disability}"
    elif roll < 0.96:
        birth = adult_before - dt.timedelta(days=rng.randint(0, 365 * 30))
        note = "Warga binaan Lapas"
    else:
        birth = adult_before - dt.timedelta(days=rng.randint(365 * 3, 365 * 60))
    category = fields.category(birth, disability=disability, inmate=note == "Warga binaan Lapas",
                               previous_election=previous)
    name = full_name(rng, sex, adult=category != "pemula")
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
