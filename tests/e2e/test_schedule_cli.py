"""`ektp-desk schedule …` as a clerk's script would run it: a subprocess, JSON on stdout,
messages on stderr, exit status 0 / 1 (job failed, reason given) / 2 (wrong usage)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_helpers import DEMO_ADMIN, ektp, new_database, rows
from tests.plan_helpers import without_pupil_rule

TODAY = "2024-01-15"


def cli(db: Path, *args: str, status: int = 0) -> subprocess.CompletedProcess:
    return ektp(db, *args, status=status, env=DEMO_ADMIN)


def as_json(done: subprocess.CompletedProcess):
    return json.loads(done.stdout)


def tables(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows, but the audit rows of logins: a command's login is recorded
    whatever the command then does."""
    names = [r[0] for r in rows(db, "SELECT name FROM sqlite_master WHERE type = 'table' "
                                    "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE "
                                    "'person_fts%'")]
    return {n: rows(db, f"SELECT * FROM {n} "
                        f"{'WHERE action <> ' + repr('login') if n == 'audit_log' else ''} "
                        "ORDER BY 1") for n in names}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "ektp.sqlite"
    cli(path, "demo", "--people", "300")
    without_pupil_rule(path)
    return path


def test_dry_run_previews_and_saves_nothing_then_auto_schedules(demo_db: Path):
    before = tables(demo_db)
    preview = as_json(cli(demo_db, "schedule", "auto", "--from", "2024-02-05", "--to",
                          "2024-02-16", "--past-election", "--today", TODAY, "--dry-run", "--json"))
    assert tables(demo_db) == before
    assert preview["scheduled"] == 300 and preview["left_over"] == 0
    assert preview["applied"] is False and preview["reasons"] == {}
    assert preview["slots_used"] > 0
    assert as_json(cli(demo_db, "schedule", "list", "--from", "2024-02-01", "--to",
                       "2024-02-29", "--json")) == []

    done = as_json(cli(demo_db, "schedule", "auto", "--from", "2024-02-05", "--to",
                       "2024-02-16", "--past-election", "--today", TODAY, "--json"))
    assert {k: done[k] for k in ("scheduled", "left_over", "slots_used")} == {
        k: preview[k] for k in ("scheduled", "left_over", "slots_used")}
    assert done["applied"] is True
    slots = as_json(cli(demo_db, "schedule", "list", "--from", "2024-02-01", "--to",
                        "2024-02-29", "--json"))
    assert len(slots) == done["slots_used"]
    assert sum(s["assigned"] for s in slots) == 300
    assert set(slots[0]) >= {"id", "date", "start", "end", "location", "capacity", "assigned"}
    # 8 Feb (Isra Mikraj), 9 Feb (cuti bersama), 14 Feb (Pemilu) and weekends are skipped
    assert not {s["date"] for s in slots} & {"2024-02-08", "2024-02-09", "2024-02-14",
                                              "2024-02-10", "2024-02-11"}
    assert all(s["assigned"] <= s["capacity"] for s in slots)
    one_day = as_json(cli(demo_db, "schedule", "list", "--date", "2024-02-05", "--json"))
    assert {s["date"] for s in one_day} == {"2024-02-05"}
    assert rows(demo_db, "SELECT DISTINCT status FROM person") == [("dipanggil",)]

    # a second run finds nobody left to call
    again = as_json(cli(demo_db, "schedule", "auto", "--from", "2024-02-05", "--to",
                        "2024-02-16", "--past-election", "--today", TODAY, "--json"))
    assert again["scheduled"] == 0

    text = cli(demo_db, "schedule", "list", "--date", "2024-02-05").stdout
    assert "Senin, 5 Februari 2024" in text and "08.00–09.00" in text


def test_pupils_left_without_a_fitting_session_are_counted_with_the_reason(tmp_path: Path):
    db = tmp_path / "pelajar.sqlite"
    cli(db, "demo", "--people", "40")
    week = ("schedule", "auto", "--from", "2024-02-05", "--to", "2024-02-09", "--today", TODAY,
            "--dry-run")  # Senin–Jumat: the offices close at 14.00, school ends at 14.00
    found = as_json(cli(db, *week, "--json"))
    pupils = found["reasons"]["pelajar_tanpa_sesi"]
    assert pupils > 0 and found["scheduled"] + pupils + found["proposed_visits_total"] == 40
    assert found["reason_texts"]["pelajar_tanpa_sesi"].startswith("pelajar: tidak ada tempat")
    told = cli(db, *week).stderr
    assert (f"Tidak terjadwal: {pupils} orang, pelajar: tidak ada tempat di sesi hari Sabtu "
            "atau sepulang sekolah") in told


def test_slots_holidays_moves_and_second_round(demo_db: Path):
    slots = as_json(cli(demo_db, "schedule", "list", "--date", "2024-02-05", "--json"))
    first = slots[0]

    # a deliberate Saturday session, and one refused on election day
    made = as_json(cli(demo_db, "schedule", "slot", "add", "--location", "5", "--date",
                       "2024-02-17", "--start", "09.00", "--end", "12.00", "--capacity", "40",
                       "--deliberate", "--name", "Sabtu khusus", "--today", TODAY, "--json"))
    assert made["deliberate"] is True and made["capacity"] == 40
    refused = cli(demo_db, "schedule", "slot", "add", "--location", "5", "--date",
                  "2024-02-14", "--start", "09.00", "--end", "10.00", "--today", TODAY,
                  status=1)
    assert "di luar jam layanan" in refused.stderr and "Pemilu" in refused.stderr

    # move two people of the first slot to the Saturday session
    people = as_json(cli(demo_db, "schedule", "people", str(first["id"]), "--json"))
    assert len(people) == first["assigned"]
    ids = [str(p["person_id"]) for p in people[:2]]
    moved = as_json(cli(demo_db, "schedule", "move", "--slot", str(made["id"]), "--person",
                        ids[0], "--person", ids[1], "--today", TODAY, "--json"))
    assert moved["moved"] == 2

    # cancel the first slot: its people go to the next free slots
    cancelled = as_json(cli(demo_db, "schedule", "slot", "cancel", str(first["id"]),
                            "--reason", "listrik padam", "--today", TODAY, "--json"))
    assert cancelled["moved"] == first["assigned"] - 2 and cancelled["unplaced"] == 0
    live = as_json(cli(demo_db, "schedule", "list", "--date", "2024-02-05", "--json"))
    assert first["id"] not in [s["id"] for s in live]
    every = as_json(cli(demo_db, "schedule", "list", "--date", "2024-02-05", "--all",
                        "--json"))
    assert next(s for s in every if s["id"] == first["id"])["cancelled"] is True
    assert rows(demo_db, "SELECT count(*) FROM summons WHERE state = 'open'") == [(300,)]

    # close the first day: nobody came; the second round calls them again
    closed = as_json(cli(demo_db, "schedule", "close-day", "--date", "2024-02-05", "--today",
                         "2024-02-05", "--json"))
    assert closed["no_show"] > 0 and closed["attended"] == 0
    second = as_json(cli(demo_db, "schedule", "auto", "--second-round", "--from",
                         "2024-02-19", "--to", "2024-02-29", "--past-election", "--today",
                         "2024-02-05", "--json"))
    assert second["scheduled"] == closed["no_show"]
    assert rows(demo_db, "SELECT DISTINCT round FROM summons WHERE state = 'open' AND "
                         "round > 1") == [(2,)]


def test_holidays_verbs(tmp_path: Path):
    db = new_database(tmp_path / "libur.sqlite")
    listed = as_json(cli(db, "schedule", "holidays", "list", "--year", "2024", "--json"))
    assert {"date": "2024-02-14", "name": "Hari pemungutan suara Pemilu 2024",
            "kind": "libur"} in listed
    cli(db, "schedule", "holidays", "add", "2024-08-19", "Libur daerah", "--cuti")
    listed = as_json(cli(db, "schedule", "holidays", "list", "--year", "2024", "--json"))
    assert {"date": "2024-08-19", "name": "Libur daerah", "kind": "cuti_bersama"} in listed
    cli(db, "schedule", "holidays", "remove", "2024-08-19")
    gone = cli(db, "schedule", "holidays", "remove", "2024-08-19", status=1)
    assert "tidak ada di daftar hari libur" in gone.stderr
    source = tmp_path / "libur.csv"
    source.write_text("Tanggal;Keterangan\n17-08-2024;HUT RI\n16-09-2024;Maulid Nabi\n",
                      encoding="utf-8")
    imported = as_json(cli(db, "schedule", "holidays", "import", str(source), "--json"))
    assert imported == {"added": 2, "updated": 0, "unchanged": 0}
    text = cli(db, "schedule", "holidays", "list", "--year", "2024").stdout
    assert "Senin, 16 September 2024" in text


def test_bad_input_fails_clearly_and_changes_nothing(tmp_path: Path):
    db = tmp_path / "salah.sqlite"
    cli(db, "demo", "--people", "40")
    without_pupil_rule(db)
    before = tables(db)
    cases = [
        (["--from", "2024-02-10", "--to", "2024-02-01"], "Rentang tanggal kosong"),
        (["--from", "2024-01-01", "--to", "2024-02-01"], "sudah lewat"),
        (["--from", "2024-04-08", "--to", "2024-04-15", "--past-election"],
         "Tidak ada hari layanan"),
        (["--from", "2024-02-12", "--to", "2024-02-16"], "--past-election"),
        (["--from", "2024-02-05", "--to", "2024-02-09", "--category", "pelajar"],
         "Kategori tidak dikenal"),
    ]
    for extra, message in cases:
        failed = cli(db, "schedule", "auto", *extra, "--today", TODAY, "--json", status=1)
        assert message in failed.stderr
        assert json.loads(failed.stdout)["error"]["message"] in failed.stderr
        assert "Traceback" not in failed.stderr
    assert tables(db) == before
    # wrong usage: exit 2
    cli(db, "schedule", "auto", "--from", "2024-13-01", "--to", "2024-02-01", status=2)
    cli(db, "schedule", "auto", "--from", "2024-02-01", status=2)
    cli(db, "schedule", status=2)
    assert tables(db) == before


def test_outreach_visit_from_a_list(tmp_path: Path):
    db = tmp_path / "jemput.sqlite"
    cli(db, "demo", "--people", "20")
    nik, name = rows(db, "SELECT nik, name FROM person ORDER BY id LIMIT 1")[0]
    school = tmp_path / "siswa.csv"
    school.write_text(f"DAFTAR SISWA\nNo;Nama;NIK\n1;{name};'{nik}\n2;Tidak Ada;\n",
                      encoding="utf-8")
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO location (kind, name) VALUES ('sekolah', 'SMA 1')")
    conn.commit()
    conn.close()
    made = as_json(cli(db, "schedule", "visit", "create", "--location", "6", "--date",
                       "2024-02-01", "--list", str(school), "--today", TODAY, "--json"))
    assert made["added"] == 1 and len(made["unmatched"]) == 1
    recorded = as_json(cli(db, "schedule", "visit", "record", str(made["visit_id"]),
                           "--person", nik, "--outcome", "terekam", "--json"))
    assert recorded == {"recorded": 1}
    visits = as_json(cli(db, "schedule", "visit", "list", "--json"))
    assert visits[0]["state"] == "selesai" and visits[0]["recorded"] == 1
    assert rows(db, f"SELECT status FROM person WHERE nik = '{nik}'") == [("terekam",)]


def test_slot_generate_and_locations(tmp_path: Path):
    db = new_database(tmp_path / "sesi.sqlite")
    made = as_json(cli(db, "schedule", "slot", "generate", "--from", "2024-02-05", "--to",
                       "2024-02-07", "--location", "1", "--today", TODAY, "--json"))
    assert made == {"created": 15}  # three days of 5 one-hour slots (the 12.00 break free)
    again = as_json(cli(db, "schedule", "slot", "generate", "--from", "2024-02-05", "--to",
                        "2024-02-07", "--location", "1", "--today", TODAY, "--json"))
    assert again == {"created": 0}
    places = as_json(cli(db, "schedule", "locations", "--json"))
    # the offices first, then the 27 kantor kelurahan preloaded for evening sessions
    assert [p["kind"] for p in places] == ["kecamatan"] * 4 + ["dindukcapil"] + \
        ["kelurahan"] * 27
    assert places[4]["hours"]["Sabtu"] == ["09.00–12.00"]
    assert places[0]["hours"]["Jumat"] == ["08.00–10.30"]


def test_people_json_carries_the_open_summons(tmp_path):
    import json
    import os
    import subprocess

    db = tmp_path / "s.sqlite"
    env = dict(os.environ, EKTP_DESK_TODAY="2024-02-01", **DEMO_ADMIN)

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "ektp_desk", "--db", str(db), *args],
                              capture_output=True, text=True, env=env, check=True)

    cli("demo", "--people", "40")
    planned = json.loads(cli("schedule", "auto", "--from", "2024-02-05", "--to", "2024-02-29",
                             "--past-election", "--json").stdout)
    listed = json.loads(cli("people", "--format", "json").stdout)
    summoned = [p for p in listed if p["summons"] is not None]
    # all but those proposed for outreach by their category (docs/domain.md, "Routing")
    assert summoned and len(summoned) == len(listed) - planned["proposed_visits_total"]
    first = summoned[0]["summons"]
    assert set(first) == {"kind", "slot_id", "date", "start", "location", "round", "office",
                          "read_only"}
    assert (first["kind"], first["read_only"]) == ("slot", False)
    assert first["date"] >= "2024-02-05" and first["round"] == 1
    csv_out = cli("people", "--format", "csv").stdout.splitlines()
    assert csv_out[0].endswith("summons_date,summons_start,summons_location,summons_round")


def test_evening_series_then_plan_to_each_kelurahan_office(tmp_path: Path):
    db = new_database(tmp_path / "malam.sqlite")
    made = as_json(cli(db, "schedule", "slot", "generate", "--evening", "--from", "2024-01-16",
                       "--to", "2024-01-19", "--kelurahan", "3375011002", "--kelurahan",
                       "Podosugih", "--start", "18.00", "--end", "21.00", "--today", TODAY,
                       "--json"))
    assert made["created"] == 4 and made["without_evening"] == []
    slots = as_json(cli(db, "schedule", "list", "--from", "2024-01-16", "--to", "2024-01-19",
                        "--json"))
    assert {(s["start"], s["end"], s["name"]) for s in slots} == {("18:00", "21:00",
                                                                   "Sesi malam")}
    assert [s["location"] for s in slots] == ["Kantor Kelurahan Medono",
                                              "Kantor Kelurahan Podosugih"] * 2
    bad = cli(db, "schedule", "slot", "generate", "--evening", "--from", "2024-01-16", "--to",
              "2024-01-19", "--kelurahan", "Atlantis", "--today", TODAY, status=1)
    assert "Kelurahan tidak dikenal: Atlantis" in bad.stderr
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO person (nik, name, name_norm, birth_date, rt, rw, kelurahan_code, "
            "kecamatan_code, category, status, created_at, updated_at) VALUES "
            "('3375010101000001', 'A', 'A', '1990-01-01', '001', '001', '3375011002', "
            "'337501', 'lainnya', 'belum_dipanggil', 'x', 'x'), "
            "('3375010101000002', 'B', 'B', '1990-01-01', '001', '001', '3375011003', "
            "'337501', 'lainnya', 'belum_dipanggil', 'x', 'x'), "
            "('3375010101000003', 'C', 'C', '1990-01-01', '002', '001', '3375011003', "
            "'337501', 'warga_binaan', 'belum_dipanggil', 'x', 'x')")
    plan = as_json(cli(db, "schedule", "auto", "--evening", "--from", "2024-01-16", "--to",
                       "2024-01-19", "--today", TODAY, "--json"))
    assert plan["scheduled"] == 2 and plan["evening"] is True
    assert plan["proposed_visits"] == {"lapas": 1, "rumah": 0, "sekolah": 0}
    assert {d["location"] for d in plan["days"]} == {"Kantor Kelurahan Medono",
                                                     "Kantor Kelurahan Podosugih"}
    text = cli(db, "schedule", "auto", "--evening", "--from", "2024-01-16", "--to",
               "2024-01-19", "--today", TODAY)
    assert "1 diusulkan untuk kunjungan (1 lapas)" in text.stderr
    # moved by hand into Podosugih's evening, Medono's A is refused; the summons stays
    [(medono_slot,)] = rows(db, "SELECT m.slot_id FROM summons m JOIN person p ON "
                                "p.id = m.person_id WHERE m.state = 'open' AND p.name = 'A'")
    [(podosugih_slot,)] = rows(db, "SELECT m.slot_id FROM summons m JOIN person p ON "
                                   "p.id = m.person_id WHERE m.state = 'open' AND p.name = 'B'")
    before = tables(db)
    refused = cli(db, "schedule", "move", "--slot", str(podosugih_slot), "--person",
                  "3375010101000001", "--today", TODAY, status=1)
    assert ("Sesi malam Kelurahan Podosugih hanya untuk warga Kelurahan Podosugih; A tinggal "
            "di Kelurahan Medono.") in refused.stderr
    assert tables(db) == before and medono_slot != podosugih_slot
