"""`ektp-desk report` as a clerk's script runs it: the figures as JSON, the recap as csv and
xlsx read back, and bad input refused with a clear message and no file written."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ektp_desk.core import clock, demo, desk, reports, scheduling
from ektp_desk.core import db as core_db
from tests.cli_helpers import ektp

TODAY = dt.date(2026, 11, 26)
WIB = clock.WIB
ENV = {"EKTP_DESK_TODAY": TODAY.isoformat()}
WHO = {"desk": "Meja 1", "user": "uji"}


@pytest.fixture(scope="module")
def drive_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small drive over three days: calls, recordings, a failure, no-shows."""
    path = tmp_path_factory.mktemp("report") / "ektp.sqlite"
    db = core_db.open_database(path, bind=False)
    demo.fill(db, 60, seed=5, build_index=False)
    ids = [r[0] for r in db.execute_sql("SELECT id FROM person ORDER BY id")]
    place = scheduling.add_location(db, "dindukcapil", "Dindukcapil Kota").location_id
    saved = clock.now
    try:
        for n, day in enumerate((TODAY - dt.timedelta(days=2), TODAY - dt.timedelta(days=1))):
            clock.now = lambda day=day: dt.datetime.combine(day, dt.time(9), WIB)
            slot = scheduling.add_slot(db, place, day, "08:00", "12:00", capacity=30,
                                       deliberate=True, today=day).slot_ids[0]
            group = ids[n * 10:(n + 1) * 10]
            scheduling.summon_to_slot(db, group, slot, today=day)
            for pid in group[:6]:
                desk.record(db, pid, "hadir", today=day, **WHO)
                desk.record(db, pid, "terekam", today=day, **WHO)
            desk.record(db, group[6], "hadir", today=day, **WHO)
            desk.record(db, group[6], "gagal_rekam", reason="sistem", today=day, **WHO)
            desk.close_day(db, day, today=day, **WHO)
    finally:
        clock.now = saved
    db.close()
    return path


def report(db: Path, *args: object, status: int = 0):
    return ektp(db, "report", *args, status=status, env=ENV)


def expected(db_path: Path, **span: object) -> dict:
    db = core_db.open_database(db_path, bind=False)
    try:
        return reports.recap(db, today=TODAY, **span).as_json()  # type: ignore[arg-type]
    finally:
        db.close()


def test_json_holds_the_figures_of_the_whole_drive(drive_db: Path):
    got = json.loads(report(drive_db, "--json").stdout)
    first = TODAY - dt.timedelta(days=2)
    assert (got["date_from"], got["date_to"]) == (first.isoformat(), TODAY.isoformat())
    assert got == expected(drive_db, date_from=first, date_to=TODAY)
    totals = got["totals"]
    assert {k: totals[k] for k in ("target", "summoned", "attended", "recorded", "failed",
                                   "no_show")} == {"target": 60, "summoned": 20,
                                                   "attended": 14, "recorded": 12,
                                                   "failed": 2, "no_show": 6}
    assert [d["recorded"] for d in got["by_day"]] == [6, 6, 0]
    assert {"kelurahan_code", "name", "target", "recorded"} <= set(got["by_kelurahan"][0])
    assert set(got["projection"]) >= {"days_left", "pace_needed", "pace_7d", "done_by"}
    assert got["projection"]["pace_7d"] == round(12 / 7, 1)
    one_day = json.loads(report(drive_db, "--date", TODAY - dt.timedelta(days=1),
                                "--json").stdout)
    assert [d["date"] for d in one_day["by_day"]] == [(TODAY - dt.timedelta(days=1))
                                                      .isoformat()]


def test_csv_and_xlsx_hold_the_same_figures_and_no_nik(drive_db: Path, tmp_path: Path):
    got = json.loads(report(drive_db, "--json", "--out", tmp_path / "rekap.csv").stdout)
    with (tmp_path / "rekap.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    total = next(r for r in rows if r["section"] == "total")
    assert {k: int(total[k]) for k in got["totals"]} == got["totals"]
    assert total["recorded_pct"] == "20,0%"
    kelurahan = {r["code"]: int(r["recorded"]) for r in rows if r["section"] == "kelurahan"}
    assert kelurahan == {k["kelurahan_code"] or "": k["recorded"] for k in got["by_kelurahan"]}
    assert [int(r["recorded"]) for r in rows if r["section"] == "day"] == [6, 6, 0]
    assert {r["code"]: int(r["failed"]) for r in rows if r["section"] == "reason"} == {
        "sistem": 2}
    niks = [r[0] for r in _people(drive_db)]
    text = (tmp_path / "rekap.csv").read_text(encoding="utf-8")
    assert not any(nik in text for nik in niks)

    report(drive_db, "--out", tmp_path / "rekap.xlsx")
    book = load_workbook(tmp_path / "rekap.xlsx")
    assert book.sheetnames == ["Rekap", "Harian", "Alasan"]
    sheet = book["Rekap"]
    assert sheet["A1"].value == "Rekap perekaman KTP-el"
    assert sheet.freeze_panes == "D8"
    header = [c.value for c in sheet[7]]
    assert header[:5] == ["Bagian", "Kode", "Nama", "Target", "Warga"]
    totals_row = [c.value for c in sheet[8]]
    assert totals_row[0] == "Jumlah" and totals_row[3:13] == [
        got["totals"][k] for k in ("target", "people", "summoned", "attended", "recorded",
                                   "failed", "no_show", "not_served", "unservable",
                                   "elsewhere")]
    assert sheet.column_dimensions["C"].width > sheet.column_dimensions["D"].width
    reasons = [[c.value for c in row] for row in book["Alasan"].iter_rows(min_row=2)]
    assert reasons[0] == ["sistem", "Sistem atau jaringan gangguan", 2]
    assert [r[3] for r in book["Harian"].iter_rows(min_row=2, values_only=True)] == [6, 6, 0]


def _people(path: Path) -> list[tuple]:
    from tests.cli_helpers import rows
    return rows(path, "SELECT nik FROM person")


@pytest.mark.parametrize(("args", "status", "words"), [
    (("--from", "2026-11-26", "--to", "2026-11-20"), 1, "sesudah tanggal akhir"),
    (("--office", "337599-zzzz"), 1, "tidak dikenal"),
    (("--date", "2026-11-25", "--from", "2026-11-20"), 2, "--date"),
    (("--date", "kemarin"), 2, "YYYY-MM-DD"),
])
def test_bad_input_is_refused_and_nothing_is_written(drive_db: Path, tmp_path: Path, args,
                                                     status, words):
    out = tmp_path / "rekap.csv"
    done = report(drive_db, *args, "--out", out, status=status)
    assert words in done.stderr
    assert not out.exists()


def test_the_pdf_holds_the_totals(drive_db: Path, tmp_path: Path):
    import pypdf

    got = json.loads(report(drive_db, "--json", "--out", tmp_path / "rekap.pdf").stdout)
    text = " ".join(" ".join(page.extract_text().split())
                    for page in pypdf.PdfReader(tmp_path / "rekap.pdf").pages)
    t = got["totals"]
    assert "LAPORAN KEMAJUAN PEREKAMAN KTP-el" in text
    assert f"Target {t['target']}" in text and f"Terekam {t['recorded']} (20,0%)" in text
    assert f"Dipanggil {t['summoned']}" in text


def test_bad_output_is_refused_before_anything_is_counted(drive_db: Path, tmp_path: Path):
    odd = report(drive_db, "--out", tmp_path / "rekap.txt", status=1)
    assert ".csv, .xlsx atau .pdf" in odd.stderr
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    refused = report(drive_db, "--out", folder, status=1)
    assert "itu sebuah folder" in refused.stderr
    backups = drive_db.parent / "backups"
    inside = report(drive_db, "--out", backups / "rekap.csv", status=1)
    assert "folder cadangan" in inside.stderr and not (backups / "rekap.csv").exists()
    english = ektp(drive_db, "--lang", "en", "report", "--out", tmp_path / "r.txt",
                   status=1, env=ENV)
    assert "Unknown report file type" in english.stderr
    assert list(tmp_path.iterdir()) == [folder]


def test_lists_as_files_and_json_with_masked_niks(drive_db: Path, tmp_path: Path):
    """--list: the no-shows as csv and xlsx, the failures as JSON, NIKs masked; --unmasked
    gives them in full; each is in the audit log."""
    from ektp_desk.core import nik
    from tests.cli_helpers import rows

    niks = {r[0]: r[1] for r in rows(drive_db, "SELECT id, nik FROM person")}
    absent = {r[0] for r in rows(drive_db, "SELECT id FROM person WHERE status = "
                                           "'tidak_hadir'")}
    done = report(drive_db, "--list", "tidak_hadir", "--out", tmp_path / "th.csv")
    assert "6 orang (NIK disamarkan)" in done.stderr
    with (tmp_path / "th.csv").open(encoding="utf-8", newline="") as f:
        table = list(csv.reader(f))
    assert table[0][1] == "NIK" and len(table) == 1 + len(absent) == 7
    assert {r[1] for r in table[1:]} == {nik.mask(niks[i]) for i in absent}
    assert not any(n in (tmp_path / "th.csv").read_text(encoding="utf-8")
                   for n in niks.values())
    report(drive_db, "--list", "tidak_hadir", "--out", tmp_path / "th.xlsx")
    book = load_workbook(tmp_path / "th.xlsx")
    assert book.sheetnames == ["Daftar", "Ringkasan"]
    assert book["Daftar"].max_row == 5 + len(absent)

    got = json.loads(report(drive_db, "--list", "gagal", "--json").stdout)
    assert got["list"] == "gagal" and got["count"] == 2 and got["masked"]
    assert {r["reason"] for r in got["rows"]} == {"sistem"}
    assert all("•" in r["nik"] for r in got["rows"])
    full = json.loads(report(drive_db, "--list", "gagal", "--json", "--unmasked").stdout)
    assert {r["nik"] for r in full["rows"]} <= set(niks.values())
    audit = [json.loads(r[0]) for r in rows(
        drive_db, "SELECT detail FROM audit_log WHERE action = 'ekspor_daftar' ORDER BY seq")]
    assert [(a["list"], a["format"], a["unmasked"]) for a in audit][-4:] == [
        ("tidak_hadir", "csv", False), ("tidak_hadir", "xlsx", False),
        ("gagal", "json", False), ("gagal", "json", True)]


@pytest.mark.parametrize(("args", "status", "words"), [
    (("--list", "semua"), 2, "pilihan tidak sah"),
    (("--list", "belum_rekam", "--kelurahan", "9999999999"), 1, "tidak dikenal"),
    (("--list", "gagal", "--date", "2026-11-25"), 2, "--list"),
    (("--kelurahan", "3375011002"), 2, "hanya untuk --list"),
])
def test_bad_list_requests_are_refused(drive_db: Path, tmp_path: Path, args, status, words):
    out = tmp_path / "daftar.csv"
    done = report(drive_db, *args, "--out", out, status=status)
    assert words in done.stderr
    assert not out.exists()
