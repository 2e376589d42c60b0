"""`ektp-desk letters …`, `letter …` and `office …` as a clerk's script runs them: a
subprocess, JSON on stdout, messages on stderr, exit 0 / 1 (job failed, reason given) /
2 (wrong usage). People are made with demo.fill and summoned with the scheduling core."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest
import zxingcpp

from ektp_desk.core import db as core_db
from ektp_desk.core import demo, scheduling
from tests.cli_helpers import ektp, rows
from tests.letter_helpers import give_logo
from tests.plan_helpers import without_pupil_rule


def cli(db: Path, *args: str, status: int = 0, today: str = "2024-01-15"
        ) -> subprocess.CompletedProcess:
    return ektp(db, *args, status=status, env={"EKTP_DESK_TODAY": today})


@pytest.fixture(scope="module")
def summoned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("letters") / "ektp.sqlite"
    db = core_db.open_database(path, bind=False)
    demo.fill(db, 60, build_index=False)
    give_logo(db)
    without_pupil_rule(db)
    plan = scheduling.plan(db, scheduling.Selection(), dt.date(2024, 2, 5),
                           dt.date(2024, 2, 16), today=dt.date(2024, 1, 15),
                           past_election=True)
    scheduling.apply_plan(db, plan, today=dt.date(2024, 1, 15))
    db.close()
    return path


@pytest.mark.slow
def test_print_find_reprint_and_refuse(summoned: Path, tmp_path: Path):
    out, receipts, folder = tmp_path / "surat.pdf", tmp_path / "terima.pdf", tmp_path / "satu"
    done = json.loads(cli(summoned, "letters", "--unprinted", "--out", str(out),
                          "--receipts", str(receipts), "--per-letter", str(folder),
                          "--letter-date", "2024-01-20", "--json").stdout)
    assert {"letters", "pages", "out"} <= set(done)
    assert done["letters"] == done["pages"] == 60 and done["out"] == str(out)
    assert done["first_number"] == "400.12.2.1/1/Dindukcapil/I/2024"
    assert done["last_number"] == "400.12.2.1/60/Dindukcapil/I/2024"
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) == 60 and len(list(folder.glob("*.pdf"))) == 60
    assert len(pypdf.PdfReader(receipts).pages) == done["receipt_pages"] > 0

    # the desk scans the first letter's QR code
    pdf = pdfium.PdfDocument(str(out))
    image = pdf[0].render(scale=2).to_pil()
    pdf.close()
    scanned = [b.text for b in zxingcpp.read_barcodes(image)]
    assert len(scanned) == 1
    found = json.loads(cli(summoned, "letter", "find", scanned[0], "--json").stdout)
    assert found["number"] in reader.pages[0].extract_text()
    assert found["current_summons_id"] == found["summons_id"]
    agenda = json.loads(cli(summoned, "letter", "register", "--year", "2024", "--json").stdout)
    assert len(agenda) == 60 and agenda[0]["number"] == "400.12.2.1/60/Dindukcapil/I/2024"

    # nothing is marked for reprint yet: a clear message, exit 1
    refused = cli(summoned, "letters", "--reprint", "--out", str(tmp_path / "u.pdf"), status=1)
    assert "Tidak ada surat" in refused.stderr and not (tmp_path / "u.pdf").exists()
    cli(summoned, "letter", "mark-reprint", str(found["summons_id"]))
    again = json.loads(cli(summoned, "letters", "--reprint", "--out", str(tmp_path / "u.pdf"),
                           "--json").stdout)
    assert (again["letters"], again["new_numbers"], again["reprints"]) == (1, 0, 1)
    assert found["number"] in pypdf.PdfReader(tmp_path / "u.pdf").pages[0].extract_text()
    assert json.loads(cli(summoned, "letter", "find", scanned[0], "--json").stdout
                      )["reprints"] == 1

    # an unwritable folder: exit 1, the folder named, no number used
    blocker = tmp_path / "berkas"
    blocker.write_text("x")
    failed = cli(summoned, "letters", "--slot", "1", "--out", str(blocker / "s.pdf"), status=1)
    assert "Tidak dapat menulis di folder" in failed.stderr and str(blocker) in failed.stderr
    assert len(json.loads(cli(summoned, "letter", "register", "--json").stdout)) == 60
    unknown = cli(summoned, "letter", "find", "EKTP:AAAAAAAAAAAA", status=1)
    assert "tidak dikenal" in unknown.stderr


def test_office_profile_and_texts(summoned: Path, tmp_path: Path):
    shown = json.loads(cli(summoned, "office", "show", "--json").stdout)
    assert shown["government"] == "PEMERINTAH KOTA PEKALONGAN" and shown["paper"] == "A4"
    cli(summoned, "office", "set", "paper", "F4")
    assert json.loads(cli(summoned, "office", "show", "--json").stdout)["paper"] == "F4"
    bad = cli(summoned, "office", "set", "paper", "B5", status=1)
    assert "A4 atau F4" in bad.stderr
    missing = cli(summoned, "office", "set", "logo_path", str(tmp_path / "logo.png"), status=1)
    assert "Berkas logo tidak ditemukan" in missing.stderr
    wrong = cli(summoned, "office", "text", "1", "hal", "Panggilan untuk {nam}", status=1)
    assert "{nam}" in wrong.stderr and "tidak dikenal" in wrong.stderr
    text = json.loads(cli(summoned, "office", "text", "1", "hal", "Undangan {nama}",
                          "--json").stdout)
    assert text == {"round": 1, "part": "hal", "text": "Undangan {nama}", "custom": True}
    back = json.loads(cli(summoned, "office", "text", "1", "hal", "--json").stdout)
    assert back["custom"] is False
    cli(summoned, "office", "serial", "2025", "100")


def test_wrong_usage_exits_2(summoned: Path):
    done = cli(summoned, "letters", "--out", "x.pdf", status=2)
    assert "--unprinted" in done.stderr
    cli(summoned, "letters", "--unprinted", "--reprint", "--out", "x.pdf", status=2)


def test_after_polling_day_letters_need_the_flag(summoned: Path, tmp_path: Path):
    out = tmp_path / "telat.pdf"
    before = rows(summoned, "SELECT count(*) FROM letter")
    refused = cli(summoned, "letters", "--unprinted", "--out", str(out), status=1,
                  today="2024-03-01")
    assert "sudah lewat" in refused.stderr and "Pemilihan Umum 2024" in refused.stderr
    assert "--after-election" in refused.stderr and not out.exists()
    assert rows(summoned, "SELECT count(*) FROM letter") == before
    done = cli(summoned, "letters", "--summons", "1", "--out", str(out), "--after-election",
               "--letter-date", "2024-03-01", today="2024-03-01")
    assert "sudah lewat" in done.stderr and out.exists()
