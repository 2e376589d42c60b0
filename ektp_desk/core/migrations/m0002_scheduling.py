"""Call-up scheduling and outreach visits: locations, their weekly hours, holidays, slots,
summonses, outreach visits and their people. Preloads the four kantor kecamatan of Kota
Pekalongan, Dindukcapil, their hours and the holidays (docs/domain.md, "Hours and holidays").
"""

from __future__ import annotations

import sqlite3

VERSION = 2

# Rows that travel in sync files carry (origin, origin_seq, hlc) as person/event do.
SQL = """
CREATE TABLE location (
    id                INTEGER PRIMARY KEY,
    kind              TEXT NOT NULL CHECK (kind IN ('kecamatan', 'dindukcapil', 'sekolah',
                                                    'pesantren', 'rutan_lapas', 'rumah')),
    name              TEXT NOT NULL,
    address           TEXT,
    kecamatan_code    TEXT,                -- 6 digits; a kantor kecamatan serves this one
    capacity_per_hour INTEGER NOT NULL DEFAULT 10 CHECK (capacity_per_hour >= 0),
    active            INTEGER NOT NULL DEFAULT 1,
    note              TEXT,
    origin            TEXT NOT NULL DEFAULT '',
    origin_seq        INTEGER,
    hlc               TEXT
);
CREATE INDEX location_kecamatan ON location (kecamatan_code, kind);

-- Weekly service hours; weekday 0 = Senin … 6 = Minggu; times 'HH:MM'.
CREATE TABLE location_hours (
    location_id INTEGER NOT NULL REFERENCES location(id) ON DELETE CASCADE,
    weekday     INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    start_time  TEXT NOT NULL,
    end_time    TEXT NOT NULL,
    origin      TEXT NOT NULL DEFAULT '',
    origin_seq  INTEGER,
    hlc         TEXT,
    PRIMARY KEY (location_id, weekday, start_time),
    CHECK (start_time < end_time)
);

CREATE TABLE holiday (
    date       TEXT PRIMARY KEY,           -- ISO date
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL DEFAULT 'libur' CHECK (kind IN ('libur', 'cuti_bersama')),
    origin     TEXT NOT NULL DEFAULT '',
    origin_seq INTEGER,
    hlc        TEXT
);

-- A service session people are summoned to. Deliberate = made by hand on purpose,
-- possibly on a weekend or holiday or outside the usual hours.
CREATE TABLE slot (
    id            INTEGER PRIMARY KEY,
    location_id   INTEGER NOT NULL REFERENCES location(id),
    date          TEXT NOT NULL,
    start_time    TEXT NOT NULL,
    end_time      TEXT NOT NULL,
    capacity      INTEGER NOT NULL CHECK (capacity >= 0),
    name          TEXT,
    deliberate    INTEGER NOT NULL DEFAULT 0,
    cancelled     INTEGER NOT NULL DEFAULT 0,
    cancel_reason TEXT,
    created_at    TEXT NOT NULL,
    origin        TEXT NOT NULL DEFAULT '',
    origin_seq    INTEGER,
    hlc           TEXT,
    CHECK (start_time < end_time)
);
CREATE UNIQUE INDEX slot_live ON slot (location_id, date, start_time) WHERE cancelled = 0;
CREATE INDEX slot_date ON slot (date, location_id, start_time);

-- A person called to a slot. A move closes the old row as 'moved' and opens a new one
-- (replaces = the old row), so what each letter said stays on record.
CREATE TABLE summons (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES person(id),
    slot_id    INTEGER NOT NULL REFERENCES slot(id),
    round      INTEGER NOT NULL DEFAULT 1 CHECK (round >= 1),
    state      TEXT NOT NULL DEFAULT 'open'
               CHECK (state IN ('open', 'closed', 'cancelled', 'moved')),
    letter     TEXT NOT NULL DEFAULT 'belum_dicetak'
               CHECK (letter IN ('belum_dicetak', 'dicetak', 'cetak_ulang')),
    attended   INTEGER,                    -- set when closed: 1 came, 0 did not come
    replaces   INTEGER REFERENCES summons(id),
    event_id   INTEGER REFERENCES event(id),  -- the 'dipanggil' event that opened the call
    created_at TEXT NOT NULL,
    closed_at  TEXT,
    origin     TEXT NOT NULL DEFAULT '',
    origin_seq INTEGER,
    hlc        TEXT
);
-- Nobody ever holds two open summonses.
CREATE UNIQUE INDEX summons_one_open ON summons (person_id) WHERE state = 'open';
CREATE INDEX summons_slot ON summons (slot_id, state);
CREATE INDEX summons_person ON summons (person_id, state);
CREATE UNIQUE INDEX summons_origin ON summons (origin, origin_seq) WHERE origin_seq IS NOT NULL;

-- Jemput bola: a visit to a school, pesantren, prison or homes with its list of people.
CREATE TABLE visit (
    id          INTEGER PRIMARY KEY,
    location_id INTEGER NOT NULL REFERENCES location(id),
    date        TEXT NOT NULL,
    start_time  TEXT,
    end_time    TEXT,
    note        TEXT,
    state       TEXT NOT NULL DEFAULT 'rencana' CHECK (state IN ('rencana', 'selesai', 'batal')),
    created_at  TEXT NOT NULL,
    origin      TEXT NOT NULL DEFAULT '',
    origin_seq  INTEGER,
    hlc         TEXT
);
CREATE INDEX visit_date ON visit (date, location_id);

CREATE TABLE visit_person (
    visit_id    INTEGER NOT NULL REFERENCES visit(id) ON DELETE CASCADE,
    person_id   INTEGER NOT NULL REFERENCES person(id),
    outcome     TEXT,                      -- a desk status code, NULL until recorded
    reason      TEXT,
    event_id    INTEGER REFERENCES event(id),
    added_at    TEXT NOT NULL,
    recorded_at TEXT,
    origin      TEXT NOT NULL DEFAULT '',
    origin_seq  INTEGER,
    hlc         TEXT,
    PRIMARY KEY (visit_id, person_id)
);
CREATE INDEX visit_person_person ON visit_person (person_id);
"""

# Addresses of the kantor kecamatan are left for the office to fill in (not verified).
LOCATIONS = (
    (1, "kecamatan", "Kantor Kecamatan Pekalongan Barat", None, "337501"),
    (2, "kecamatan", "Kantor Kecamatan Pekalongan Timur", None, "337502"),
    (3, "kecamatan", "Kantor Kecamatan Pekalongan Utara", None, "337503"),
    (4, "kecamatan", "Kantor Kecamatan Pekalongan Selatan", None, "337504"),
    (5, "dindukcapil", "Dindukcapil Kota Pekalongan", "Jl. Majapahit No. 18, Kota Pekalongan",
     None),
)
WEEKDAY_HOURS = [(day, "08:00", "14:00") for day in range(4)] + [(4, "08:00", "10:30")]
SATURDAY_HOURS = [(5, "09:00", "12:00")]

# docs/domain.md, "Hours and holidays" (SKB 3 Menteri, as revised; Pemilu day declared on
# 6 Feb 2024).
HOLIDAYS = (
    ("2023-01-01", "Tahun Baru 2023 Masehi", "libur"),
    ("2023-01-22", "Tahun Baru Imlek 2574 Kongzili", "libur"),
    ("2023-01-23", "Cuti bersama Tahun Baru Imlek", "cuti_bersama"),
    ("2023-02-18", "Isra Mikraj Nabi Muhammad SAW", "libur"),
    ("2023-03-22", "Hari Suci Nyepi Tahun Baru Saka 1945", "libur"),
    ("2023-03-23", "Cuti bersama Hari Suci Nyepi", "cuti_bersama"),
    ("2023-04-07", "Wafat Isa Al Masih", "libur"),
    ("2023-04-19", "Cuti bersama Idul Fitri 1444 H", "cuti_bersama"),
    ("2023-04-20", "Cuti bersama Idul Fitri 1444 H", "cuti_bersama"),
    ("2023-04-21", "Cuti bersama Idul Fitri 1444 H", "cuti_bersama"),
    ("2023-04-22", "Hari Raya Idul Fitri 1444 H", "libur"),
    ("2023-04-23", "Hari Raya Idul Fitri 1444 H", "libur"),
    ("2023-04-24", "Cuti bersama Idul Fitri 1444 H", "cuti_bersama"),
    ("2023-04-25", "Cuti bersama Idul Fitri 1444 H", "cuti_bersama"),
    ("2023-05-01", "Hari Buruh Internasional", "libur"),
    ("2023-05-18", "Kenaikan Isa Al Masih", "libur"),
    ("2023-06-01", "Hari Lahir Pancasila", "libur"),
    ("2023-06-02", "Cuti bersama Hari Raya Waisak", "cuti_bersama"),
    ("2023-06-04", "Hari Raya Waisak 2567 BE", "libur"),
    ("2023-06-28", "Cuti bersama Idul Adha 1444 H", "cuti_bersama"),
    ("2023-06-29", "Hari Raya Idul Adha 1444 H", "libur"),
    ("2023-06-30", "Cuti bersama Idul Adha 1444 H", "cuti_bersama"),
    ("2023-07-19", "Tahun Baru Islam 1445 H", "libur"),
    ("2023-08-17", "Hari Kemerdekaan Republik Indonesia", "libur"),
    ("2023-09-28", "Maulid Nabi Muhammad SAW", "libur"),
    ("2023-12-25", "Hari Raya Natal", "libur"),
    ("2023-12-26", "Cuti bersama Hari Raya Natal", "cuti_bersama"),
    ("2024-01-01", "Tahun Baru 2024 Masehi", "libur"),
    ("2024-02-08", "Isra Mikraj Nabi Muhammad SAW", "libur"),
    ("2024-02-09", "Cuti bersama Tahun Baru Imlek", "cuti_bersama"),
    ("2024-02-10", "Tahun Baru Imlek 2575 Kongzili", "libur"),
    ("2024-02-14", "Hari pemungutan suara Pemilu 2024", "libur"),
    ("2024-03-11", "Hari Suci Nyepi Tahun Baru Saka 1946", "libur"),
    ("2024-03-12", "Cuti bersama Hari Suci Nyepi", "cuti_bersama"),
    ("2024-03-29", "Wafat Isa Al Masih", "libur"),
    ("2024-03-31", "Hari Paskah", "libur"),
    ("2024-04-08", "Cuti bersama Idul Fitri 1445 H", "cuti_bersama"),
    ("2024-04-09", "Cuti bersama Idul Fitri 1445 H", "cuti_bersama"),
    ("2024-04-10", "Hari Raya Idul Fitri 1445 H", "libur"),
    ("2024-04-11", "Hari Raya Idul Fitri 1445 H", "libur"),
    ("2024-04-12", "Cuti bersama Idul Fitri 1445 H", "cuti_bersama"),
    ("2024-04-15", "Cuti bersama Idul Fitri 1445 H", "cuti_bersama"),
    ("2024-05-01", "Hari Buruh Internasional", "libur"),
    ("2024-05-09", "Kenaikan Isa Al Masih", "libur"),
    ("2024-05-10", "Cuti bersama Kenaikan Isa Al Masih", "cuti_bersama"),
    ("2024-05-23", "Hari Raya Waisak 2568 BE", "libur"),
    ("2024-05-24", "Cuti bersama Hari Raya Waisak", "cuti_bersama"),
    ("2024-06-01", "Hari Lahir Pancasila", "libur"),
    ("2024-06-17", "Hari Raya Idul Adha 1445 H", "libur"),
    ("2024-06-18", "Cuti bersama Idul Adha 1445 H", "cuti_bersama"),
)


def apply(conn: sqlite3.Connection) -> None:
    for statement in SQL.split(";\n"):
        if statement.strip():
            conn.execute(statement)
    conn.executemany(
        "INSERT INTO location (id, kind, name, address, kecamatan_code) VALUES (?, ?, ?, ?, ?)",
        LOCATIONS)
    hours = []
    for location_id, kind, *_ in LOCATIONS:
        extra = SATURDAY_HOURS if kind == "dindukcapil" else []
        hours += [(location_id, day, start, end) for day, start, end in WEEKDAY_HOURS + extra]
    conn.executemany(
        "INSERT INTO location_hours (location_id, weekday, start_time, end_time) "
        "VALUES (?, ?, ?, ?)", hours)
    conn.executemany("INSERT INTO holiday (date, name, kind) VALUES (?, ?, ?)", HOLIDAYS)
