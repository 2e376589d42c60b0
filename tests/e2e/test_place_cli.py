"""`ektp-desk place …` and `schedule visit create/close` as a clerk's script runs them: a
subprocess, JSON on stdout, exit status 1 with the reason and nothing changed on bad
input."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.cli_helpers import DEMO_ADMIN, ektp, rows
from tests.e2e.test_schedule_cli import tables
from tests.plan_helpers import without_pupil_rule

TODAY = "2024-01-15"  # a Senin


def cli(db: Path, *args: str, status: int = 0) -> subprocess.CompletedProcess:
    return ektp(db, *args, status=status, env=DEMO_ADMIN)  # demo's database has accounts


def as_json(done: subprocess.CompletedProcess):
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def drive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """40 demo people, all summoned to their kantor kecamatan."""
    path = tmp_path_factory.mktemp("place") / "ektp.sqlite"
    cli(path, "demo", "--people", "40")
    without_pupil_rule(path)
    cli(path, "schedule", "auto", "--from", "2024-02-05", "--to", "2024-02-16",
        "--past-election", "--today", TODAY, "--json")
    return path


def test_places_are_added_listed_edited_and_deactivated(drive: Path):
    made = as_json(cli(drive, "place", "add", "--kind", "sekolah", "--name", "SMA Negeri 1",
                       "--address", "Jl. Kartini 36", "--kelurahan", "Medono", "--contact",
                       "Drs. Slamet", "--contact-title", "Kepala Sekolah", "--phone",
                       "0285 421123", "--npsn", "20325123", "--json"))
    assert set(made) == {"id"}
    lapas = as_json(cli(drive, "place", "add", "--kind", "lapas", "--name", "Lapas IIA",
                        "--json"))["id"]
    listed = {p["id"]: p for p in as_json(cli(drive, "place", "list", "--json"))}
    assert listed[made["id"]]["kelurahan_code"] == "3375011002"
    assert listed[made["id"]]["contact_title"] == "Kepala Sekolah"
    assert listed[lapas]["kind"] == "rutan_lapas"
    assert len([p for p in listed.values() if p["kind"] == "kelurahan"]) == 27
    only = as_json(cli(drive, "place", "list", "--kind", "rutan", "--json"))
    assert [p["id"] for p in only] == [lapas]

    edited = as_json(cli(drive, "place", "edit", str(lapas), "--address", "Jl. Merdeka",
                         "--phone", "", "--json"))
    assert edited["address"] == "Jl. Merdeka" and edited["contact_phone"] is None
    cli(drive, "place", "deactivate", str(lapas))
    assert lapas not in {p["id"] for p in as_json(cli(drive, "place", "list", "--json"))}
    assert lapas in {p["id"] for p in as_json(cli(drive, "place", "list", "--all", "--json"))}
    cli(drive, "place", "activate", str(lapas))

    before = tables(drive)
    for args, words in ((("add", "--kind", "pasar", "--name", "X"), "Jenis tempat"),
                        (("add", "--kind", "rumah", "--name", "X", "--npsn", "20325123"),
                         "NPSN hanya"),
                        (("add", "--kind", "sekolah", "--name", "X", "--npsn", "123"),
                         "8 angka"),
                        (("add", "--kind", "sekolah", "--name", "X", "--kelurahan", "Mars"),
                         "Kelurahan tidak dikenal"),
                        (("activate", str(lapas)), "sudah aktif"),
                        (("edit", "1", "--name", "X"), "bukan tempat jemput bola")):
        failed = cli(drive, "place", *args, "--json", status=1)
        assert words in failed.stderr and as_json(failed)["error"]["message"]
    assert tables(drive) == before


def test_a_visit_by_filter_and_hand_takes_back_the_office_calls(drive: Path, tmp_path: Path):
    place = as_json(cli(drive, "place", "add", "--kind", "rumah", "--name",
                        "Kunjungan rumah Medono", "--json"))["id"]
    kelurahan, count = rows(drive, "SELECT kelurahan_code, count(*) FROM person "
                                   "GROUP BY 1 ORDER BY 2 DESC LIMIT 1")[0]
    nik, = rows(drive, f"SELECT nik FROM person WHERE kelurahan_code != '{kelurahan}' "
                       "LIMIT 1")[0]
    before = tables(drive)
    args = ("schedule", "visit", "create", "--location", str(place), "--date", "2024-01-20",
            "--kelurahan", kelurahan, "--person", nik, "--team", "Rina", "--team", "Budi",
            "--kits", "2", "--start", "08.00", "--end", "12.00", "--today", TODAY, "--json")
    weekend = cli(drive, *args, status=1)  # a Saturday, without --deliberate
    assert "akhir pekan" in weekend.stderr and tables(drive) == before
    made = as_json(cli(drive, *args, "--deliberate"))
    assert set(made) >= {"id", "added", "withdrawn_summons", "unmatched"}
    assert made["added"] == made["withdrawn_summons"] == count + 1
    assert made["unmatched"] == []
    assert rows(drive, f"SELECT count(*) FROM summons WHERE withdrawn_visit_id = {made['id']} "
                       "AND state = 'cancelled'") == [(count + 1,)]
    assert rows(drive, f"SELECT team, kits, capacity FROM visit WHERE id = {made['id']}") == \
        [('["Rina", "Budi"]', 2, 48)]
    sources = rows(drive, "SELECT source, count(*) FROM visit_person WHERE visit_id = "
                          f"{made['id']} GROUP BY 1 ORDER BY 1")
    assert sources == [("filter", count), ("tangan", 1)]

    early = cli(drive, "schedule", "visit", "close", str(made["id"]), "--today", TODAY,
                status=1)
    assert "belum tiba" in early.stderr
    closed = as_json(cli(drive, "schedule", "visit", "close", str(made["id"]), "--today",
                         "2024-01-20", "--json"))
    assert closed == {"id": made["id"], "tidak_hadir": count + 1}


def test_a_list_with_ambiguous_rows_is_reviewed_then_chosen(drive: Path, tmp_path: Path):
    place = as_json(cli(drive, "place", "add", "--kind", "lapas", "--name", "Lapas Kelas IIA",
                        "--json"))["id"]
    (one, name_one), (two, _) = rows(
        drive, "SELECT id, name FROM person ORDER BY id DESC LIMIT 2")
    lapas = tmp_path / "wbp.csv"
    lapas.write_text("DAFTAR WARGA BINAAN\nNO;NAMA WBP;TGL LAHIR\n"
                     f"1;{name_one};01-01-1950\n2;ORANG ASING;01-01-1990\n", encoding="utf-8")
    made = as_json(cli(drive, "schedule", "visit", "create", "--location", str(place),
                       "--date", "2024-01-17", "--list", str(lapas), "--today", TODAY,
                       "--json"))
    assert made["added"] == 0
    assert [(u["row"], u["candidates"]) for u in made["unmatched"]] == [(3, [one]), (4, [])]
    add = ("schedule", "visit", "add", str(made["id"]), "--list", str(lapas), "--json")
    wrong = cli(drive, *add, "--choose", f"3={two}", status=1)
    assert "bukan salah satu calon" in wrong.stderr
    chosen = as_json(cli(drive, *add, "--choose", f"3={one}"))
    assert chosen["added"] == 1 and [u["row"] for u in chosen["unmatched"]] == [4]
    assert rows(drive, f"SELECT source FROM visit_person WHERE visit_id = {made['id']}") == \
        [("daftar",)]
    # recorded on the visit: refused on another with the reason, nothing changed
    nik, = rows(drive, f"SELECT nik FROM person WHERE id = {one}")[0]
    cli(drive, "schedule", "visit", "record", str(made["id"]), "--person", nik, "--outcome",
        "terekam")
    other = as_json(cli(drive, "schedule", "visit", "create", "--location", str(place),
                        "--date", "2024-01-18", "--today", TODAY, "--json"))
    before = tables(drive)
    again = cli(drive, "schedule", "visit", "add", str(other["id"]), "--person", nik, status=1)
    assert "sudah terekam" in again.stderr and tables(drive) == before
    no_column = tmp_path / "kamar.csv"
    no_column.write_text("NO;BLOK\n1;A\n", encoding="utf-8")
    before = tables(drive)
    failed = cli(drive, "schedule", "visit", "create", "--location", str(place), "--date",
                 "2024-01-17", "--list", str(no_column), "--today", TODAY, status=1)
    assert "tidak punya kolom NIK atau NAMA" in failed.stderr and tables(drive) == before
