"""`ektp-desk letters --visit ID --out F.pdf [--doc …] [--new-number] [--json]` as a
clerk's script runs it: the visit's documents in one PDF, their numbers in the letter
register, a reprint keeping its number, and bad input refused with nothing registered."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pypdf

from ektp_desk.core import db as core_db
from ektp_desk.core import demo, scheduling
from ektp_desk.core.scheduling import outreach
from tests.cli_helpers import ektp, rows
from tests.letter_helpers import give_logo

TODAY = "2024-01-15"


def cli(db: Path, *args: object, status: int = 0, today: str = TODAY):
    return ektp(db, "letters", *args, status=status, env={"EKTP_DESK_TODAY": today})


def make_visit(path: Path) -> int:
    db = core_db.open_database(path, bind=False)
    demo.fill(db, 8, build_index=False)
    give_logo(db)
    place = scheduling.add_location(db, "pesantren", "Pondok Pesantren Al-Hikmah",
                                    address="Jl. Sulawesi No. 9").location_id
    visit = outreach.create_visit(db, place, dt.date(2024, 1, 24), person_ids=[1, 2, 3, 4],
                                  start="13.00", end="16.00",
                                  today=dt.date(2024, 1, 15)).visit_id
    db.execute_sql("UPDATE visit SET team = ? WHERE id = ?",
                   (json.dumps(["SRI WAHYUNI", "BUDI SANTOSO"]), visit))
    db.close()
    return visit


def test_letters_visit_writes_the_documents_and_keeps_numbers(tmp_path: Path):
    path = tmp_path / "ektp.sqlite"
    visit = make_visit(path)
    out = tmp_path / "kunjungan.pdf"
    done = json.loads(cli(path, "--visit", visit, "--out", out, "--json").stdout)
    assert done["visit_id"] == visit and done["out"] == str(out)
    assert [(d["kind"], d["number"]) for d in done["documents"]] == [
        ("pemberitahuan", "400.12.2.1/1/Dindukcapil/I/2024"),
        ("daftar_peserta", "400.12.2.1/2/Dindukcapil/I/2024")]
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) == sum(d["pages"] for d in done["documents"])
    first = " ".join(reader.pages[0].extract_text().split())
    assert "Pengasuh Pondok Pesantren Pondok Pesantren Al-Hikmah" in first
    assert "Rabu, 24 Januari 2024" in first and "13.00–16.00 WIB" in first
    assert "SRI WAHYUNI, BUDI SANTOSO" in first and "4 orang" in first
    assert rows(path, "SELECT kind, serial FROM visit_document ORDER BY id") == [
        ("pemberitahuan", 1), ("daftar_peserta", 2)]

    # the berita acara, on the day of the visit; the list printed again keeps its number
    report = tmp_path / "ba.pdf"
    said = cli(path, "--visit", visit, "--out", report, "--doc", "berita_acara",
               today="2024-01-24")
    assert "Berita acara: nomor 400.12.2.1/3/Dindukcapil/I/2024" in said.stderr + said.stdout
    again = json.loads(cli(path, "--visit", visit, "--out", tmp_path / "d.pdf", "--doc",
                           "daftar", "--json").stdout)
    assert again["documents"][0]["number"] == "400.12.2.1/2/Dindukcapil/I/2024"
    fresh = json.loads(cli(path, "--visit", visit, "--out", tmp_path / "e.pdf", "--doc",
                           "daftar", "--new-number", "--json").stdout)
    assert fresh["documents"][0]["number"] == "400.12.2.1/4/Dindukcapil/I/2024"


def test_letters_visit_refuses_bad_input_and_registers_nothing(tmp_path: Path):
    path = tmp_path / "ektp.sqlite"
    visit = make_visit(path)
    out = tmp_path / "x.pdf"
    for args, words in (
            (("--visit", 999), "Kunjungan nomor 999 tidak ada"),
            (("--visit", visit, "--doc", "berita_acara"), "baru dapat dibuat pada atau"),
            (("--visit", visit, "--doc", "keluarga"), "hanya untuk kunjungan ke rumah"),
            (("--visit", visit, "--receipts", tmp_path / "r.pdf"), "--receipts"),
            (("--visit", visit, "--out", path), "basis data")):
        full = ("--out", out, *args) if "--out" not in args else args
        failed = cli(path, *full, status=1)
        assert words in failed.stderr, (args, failed.stderr)
    bad = cli(path, "--visit", visit, "--out", out, "--doc", "undangan", status=2)
    assert "undangan" in bad.stderr
    assert not out.exists()
    assert rows(path, "SELECT count(*) FROM visit_document") == [(0,)]
