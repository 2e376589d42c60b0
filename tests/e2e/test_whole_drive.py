"""A whole drive through the command line, as separate processes: import the KPU list →
schedule → print letters → scan a letter at the desk → record → close the day → list."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import zxingcpp

from tests.cli_helpers import ektp
from tests.kpu_files import sample_people, write_kpu_xlsx
from tests.letter_helpers import png

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

    planned = as_json(db, "schedule", "auto", "--from", "2024-02-05", "--to", "2024-02-29")
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
