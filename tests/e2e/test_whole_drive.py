"""A whole drive through the command line, as separate processes: import the KPU list →
schedule → print letters → scan a letter at the desk → record → close the day → list."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import zxingcpp

from tests.cli_helpers import ektp
from tests.kpu_files import sample_people, write_kpu_xlsx
from tests.letter_helpers import png
from tests.plan_helpers import without_pupil_rule

TODAY = "2024-02-01"  # the clerk prints letters on a Thursday for the next weeks


def run(db: Path, *args: str, today: str = TODAY,
        check: bool = True) -> subprocess.CompletedProcess:
    return ektp(db, *args, status=0 if check else None, env={"EKTP_DESK_TODAY": today})


def as_json(db: Path, *args: str, today: str = TODAY) -> object:
    return json.loads(run(db, *args, "--json", today=today).stdout)


def qr_codes(pdf: Path, page: int) -> list[str]:
    document = pdfium.PdfDocument(str(pdf))
    image = document[page].render(scale=3).to_pil()
    return [b.text for b in zxingcpp.read_barcodes(image)]


def test_a_whole_drive(tmp_path):
    db = tmp_path / "kecamatan.sqlite"
    kpu = write_kpu_xlsx(tmp_path / "dpp_non_ktp_el.xlsx", sample_people(40))

    imported = as_json(db, "import", str(kpu))
    assert imported["inserted"] == 40 and imported["rejected"] == 0
    without_pupil_rule(db)  # the sample people are 17; pupils' hours: test_plan_rules

    # polling day is 14 February 2024: recording is planned before it
    planned = as_json(db, "schedule", "auto", "--from", "2024-02-05", "--to", "2024-02-13")
    assert planned["scheduled"] == 40 and planned["left_over"] == 0

    logo = tmp_path / "logo.png"
    logo.write_bytes(png())
    run(db, "office", "set", "logo_path", str(logo))  # no letter without the logo
    letters = as_json(db, "letters", "--unprinted", "--out", str(tmp_path / "surat.pdf"))
    assert letters["letters"] == 40 and letters["pages"] == 40

    people = json.loads(run(db, "people", "--format", "json", "--unmasked").stdout)
    code = qr_codes(tmp_path / "surat.pdf", 0)[0]
    assert code.startswith("EKTP:") and not any(p["nik"] in code for p in people)
    found = as_json(db, "letter", "find", code)
    assert found["number"] == letters["first_number"]

    # at the desk, on the day of that letter's session: the scanner types the QR text
    first_day = found["summons"]["date"]
    arrived = as_json(db, "checkin", code, today=first_day)
    assert arrived["status"] == "hadir" and arrived["queue_number"] == 1
    assert arrived["warnings"] == []
    person_nik = next(p["nik"] for p in people if p["name"] == arrived["name"]
                      and p["summons"]["date"] == first_day)
    recorded = as_json(db, "checkin", person_nik, "--status", "terekam", today=first_day)
    assert recorded["status"] == "terekam"

    closed = as_json(db, "close-day", "--date", first_day, today=first_day)
    summoned_that_day = [p for p in people if p["summons"]["date"] == first_day]
    assert closed["no_show"] == len(summoned_that_day) - 1

    after = {p["nik"]: p["status"] for p in json.loads(
        run(db, "people", "--format", "json", "--unmasked").stdout)}
    assert after[person_nik] == "terekam"
    assert sum(1 for s in after.values() if s == "tidak_hadir") == closed["no_show"]
    assert sum(1 for s in after.values() if s == "dipanggil") == 40 - len(summoned_that_day)

    history = as_json(db, "history", person_nik)
    kinds = [e["kind"] for e in history["events"]]
    assert kinds == ["dipanggil", "hadir", "terekam"]


def test_a_drive_across_christmas_and_new_year(tmp_path):
    """Planned on 7 December 2026 for the next election, over Natal 2026 and Tahun Baru
    2027: 2027's holidays are provisional, so the plan needs the clerk's confirmation, and
    nobody is booked on a holiday or a cuti bersama."""
    from ektp_desk.core import db as core_db
    from ektp_desk.core import scheduling

    today = "2026-12-07"
    db = tmp_path / "kota.sqlite"
    election = dt.date(2027, 2, 17)
    kpu = write_kpu_xlsx(tmp_path / "dpp.xlsx", sample_people(240, election=election))
    assert as_json(db, "import", str(kpu), today=today)["inserted"] == 240
    run(db, "settings", "election_date", election.isoformat(), today=today)
    run(db, "settings", "previous_election_date", "2024-02-14", today=today)
    without_pupil_rule(db)
    # one place an hour (5 a day, the break kept free): the plan runs into January
    database = core_db.open_database(db, bind=False)
    for location in scheduling.list_locations(database):
        scheduling.update_location(database, location.id, capacity_per_hour=1)
    database.close()

    args = ("schedule", "auto", "--from", "2026-12-21", "--to", "2027-01-29")
    refused = run(db, *args, today=today, check=False)
    assert refused.returncode == 1
    assert "2027" in refused.stderr and "--past-calendar" in refused.stderr
    assert as_json(db, "schedule", "list", "--from", "2026-12-01", "--to", "2027-02-28",
                   today=today) == []

    planned = as_json(db, *args, "--past-calendar", today=today)
    assert planned["scheduled"] == 240 and planned["applied"]
    assert [limit["code"] for limit in planned["limits"]] == ["past_calendar"]
    slots = as_json(db, "schedule", "list", "--from", "2026-12-01", "--to", "2027-02-28",
                    today=today)
    days = {dt.date.fromisoformat(s["date"]) for s in slots if s["assigned"]}
    holidays = {dt.date.fromisoformat(h["date"]) for year in ("2026", "2027")
                for h in as_json(db, "schedule", "holidays", "list", "--year", year,
                                 today=today)}
    assert {dt.date(2026, 12, 24), dt.date(2026, 12, 25), dt.date(2027, 1, 1)} <= holidays
    assert not days & holidays, "somebody was booked on a holiday"
    assert min(days) == dt.date(2026, 12, 21)
    assert max(days) >= dt.date(2027, 1, 4)  # across the New Year
    assert all(day.weekday() != 6 for day in days)  # never on a Sunday

    listed = run(db, "schedule", "holidays", "list", "--year", "2027", today=today)
    assert "Tahun 2027: sementara" in listed.stderr
    empty = run(db, "schedule", "holidays", "list", "--year", "2031", today=today)
    assert "Tidak ada hari libur tahun 2031" in empty.stdout + empty.stderr
