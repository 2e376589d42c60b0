"""`people` at the city office lists a kecamatan office's calls, read-only, with the place
and the office that owns them (core/calls.py), in JSON and in the csv's columns."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

from ektp_desk.core import scheduling
from tests import sync_helpers as sh
from tests.cli_helpers import ektp


def test_people_at_the_city_lists_a_kecamatan_offices_summons(tmp_path: Path) -> None:
    made = sh.build(tmp_path / "offices", people=8, kecamatan=("337501",))
    city, kec = made["kota"], made["337501"]
    try:
        nik = sh.resident(city.db, "337501")
        sh.exchange(city, kec, tmp_path)
        slot = scheduling.add_slot(kec.db, 1, dt.date(2026, 12, 14), "08:00", "09:00",
                                   deliberate=True, today=sh.NOW.date()).slot_ids[0]
        pid = kec.db.execute_sql("SELECT id FROM person WHERE nik = ?", (nik,)).fetchone()[0]
        scheduling.summon_to_slot(kec.db, [pid], slot, today=sh.NOW.date())
        sh.exchange(kec, city, tmp_path)
    finally:
        for item in made.values():
            item.db.close()

    listed = json.loads(ektp(city.path, "people", "--format", "json", "--unmasked").stdout)
    called = {p["nik"]: p["summons"] for p in listed if p["summons"] is not None}
    # read-only: no slot of the city's to point to
    assert called == {nik: {"kind": "slot", "slot_id": None, "date": "2026-12-14",
                            "start": "08:00", "location": "Kantor Kecamatan Pekalongan Barat",
                            "round": 1,
                            "office": kec.office_id, "read_only": True}}
    rows = list(csv.DictReader(io.StringIO(ektp(city.path, "people", "--format", "csv",
                                                 "--unmasked").stdout)))
    [row] = [r for r in rows if r["nik"] == nik]
    assert (row["summons_date"], row["summons_start"], row["summons_location"],
            row["summons_round"]) == ("2026-12-14", "08:00",
                                      "Kantor Kecamatan Pekalongan Barat", "1")
    assert all(r["summons_date"] == "" for r in rows if r["nik"] != nik)
