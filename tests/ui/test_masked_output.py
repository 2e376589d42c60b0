"""Masked output cannot be undone, and nothing full is shown before its audit row is written.

Point 1: on 10,000 demo people, every masked record of every masked output (people CLI json
and csv, the Warga table and pane, the Meja card and results, the letters and their delivery
list) fits at least 1,000 NIKs, counted from what the record shows (tests/masking_helpers).
Point 2: on a read-only or locked database, `people --unmasked` and the Warga page's
"Tampilkan NIK" show no NIK and say why.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest

from ektp_desk.core import db as core_db
from ektp_desk.core import demo, desk, people, scheduling
from ektp_desk.core.fields import age_on
from ektp_desk.ui.models.people_model import COLUMN_KEYS
from ektp_desk.ui.pages.meja import MejaPage
from ektp_desk.ui.pages.warga import WargaPage
from ektp_desk.ui.runner import JobRunner
from tests.cli_helpers import DEMO_ADMIN
from tests.letter_helpers import png
from tests.masking_helpers import ENOUGH, SHOWN_NIK, TODAY, candidates
from tests.plan_helpers import without_pupil_rule

PEOPLE = 10_000
KELURAHAN = "3375011002"  # Medono: its people get letters
COL = {key: i for i, key in enumerate(COLUMN_KEYS)}
ANY_NIK = re.compile(r"\d{16}")


def cli(db: Path, *args: str, status: int = 0) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "ektp_desk", "--db", str(db), *args],
                          capture_output=True, text=True, encoding="utf-8", timeout=600,
                          env=dict(os.environ, EKTP_DESK_LANG="id", **DEMO_ADMIN))
    assert done.returncode == status, (args, done.returncode, done.stderr)
    return done


@pytest.fixture(scope="module")
def drive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """10,000 demo people; Medono's summoned and their letters and delivery list printed."""
    folder = tmp_path_factory.mktemp("masked")
    path = folder / "ektp.sqlite"
    cli(path, "demo", "--people", str(PEOPLE), "--seed", "5")
    db = core_db.open_database(path, bind=False)
    without_pupil_rule(db)
    plan = scheduling.plan(db, scheduling.Selection(kelurahan=KELURAHAN),
                           dt.date(2024, 2, 5), dt.date(2024, 2, 16), today=dt.date(2024, 1, 15),
                           past_election=True)
    scheduling.apply_plan(db, plan, today=dt.date(2024, 1, 15))
    db.close()
    logo = folder / "logo.png"
    logo.write_bytes(png())
    cli(path, "office", "set", "logo_path", str(logo))
    cli(path, "letters", "--after-election", "--kelurahan", KELURAHAN,
        "--out", str(folder / "surat.pdf"), "--receipts", str(folder / "terima.pdf"),
        "--letter-date", "2024-01-20")
    return path


@pytest.fixture
def drive_db(drive: Path) -> Iterator:
    database = core_db.open_database(drive)
    yield database
    database.close()


def full_niks(path: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return [r[0] for r in conn.execute("SELECT nik FROM person ORDER BY id")]


def assert_enough(counts: list[int], expected: int) -> None:
    assert len(counts) == expected
    assert min(counts) >= ENOUGH, f"a masked record fits only {min(counts)} NIKs"


# --- point 1: masked output cannot be undone ------------------------------------------------

def test_the_counter_rebuilds_the_old_mask_beside_date_and_sex(drive: Path):
    """The counter has teeth: the old mask (serial shown) next to the date and sex gives
    back exactly one NIK, as the issue found for 50 of 50."""
    data = json.loads(cli(drive, "people", "--unmasked").stdout)[:50]
    for obj in data:
        nik = obj["nik"]
        old = f"{nik[:4]} {nik[4:6]}•• •••• {nik[12:]}"
        assert candidates(old, birth=obj["birth_date"], sex=obj["sex"]) == 1


def test_people_cli_json_and_csv(drive: Path):
    data = json.loads(cli(drive, "people", "--format", "json").stdout)
    assert_enough([candidates(o["nik"], birth=o["birth_date"], sex=o["sex"]) for o in data],
                  PEOPLE)
    table = list(csv.DictReader(io.StringIO(cli(drive, "people", "--format", "csv").stdout)))
    assert_enough([candidates(r["nik"], birth=r["birth_date"], sex=r["sex"]) for r in table],
                  PEOPLE)
    assert not ANY_NIK.search(json.dumps(data))  # no full NIK or NKK anywhere


def test_warga_table_and_pane(qtbot, drive_db):
    page = WargaPage(drive_db)  # no runner: every query on the spot
    qtbot.addWidget(page)
    model = page.model
    assert model.rowCount() == PEOPLE and model.masks_nik

    def cell(row: int, key: str) -> str:
        return model.data(model.index(row, COL[key]))

    assert_enough([candidates(cell(r, "nik"), birth=cell(r, "birth_date"), sex=cell(r, "sex"))
                   for r in range(PEOPLE)], PEOPLE)
    pane = page.detail
    counts = []
    for row in range(PEOPLE):
        pane.show_person(people.person_detail(drive_db, model.person_id(row)))
        place_and_date = pane.fields["born"].text().rsplit(", ", 1)
        counts.append(candidates(pane.fields["nik"].text(), birth=place_and_date[-1],
                                 sex=pane.fields["sex"].text()))
    assert_enough(counts, PEOPLE)


@pytest.fixture
def drive_runner(qtbot, drive_db) -> Iterator[JobRunner]:
    job_runner = JobRunner(drive_db)
    yield job_runner
    job_runner.shutdown()


def test_meja_card_and_results(qtbot, drive_db, drive_runner):
    day = TODAY
    page = MejaPage(drive_db, drive_runner, today=day)
    qtbot.addWidget(page)
    ids = [r[0] for r in drive_db.execute_sql("SELECT id FROM person ORDER BY id")]
    cards = [desk.card(drive_db, pid, today=day) for pid in ids]
    counts = []
    for card in cards:
        page._show_card(card)
        born = page.fields["born"].text()  # 'umur 17 tahun, laki-laki'
        found = re.fullmatch(r"umur (\d+) tahun(?:, (.+))?", born)
        assert found, born
        warnings = page.banner.text() if page.banner.isVisibleTo(page) else ""
        shown_age = re.search(r"(\d+) tahun", warnings)  # the under-16 warning names the age
        assert shown_age is None or int(shown_age[1]) == int(found[1])
        counts.append(candidates(page.fields["nik"].text(), age=int(found[1]),
                                 sex=found[2] or "", today=day))
    assert_enough(counts, PEOPLE)
    results = page.results_model
    results.set_rows(cards)
    assert_enough([candidates(results.data(results.index(r, 1)),
                              birth=results.data(results.index(r, 2)))
                   for r in range(PEOPLE)], PEOPLE)
    assert all(age_on(dt.date.fromisoformat(c.birth_date), day) >= 0 for c in cards)


def test_letters_and_delivery_list(drive: Path):
    folder = drive.parent
    with contextlib.closing(sqlite3.connect(drive)) as conn:
        letters = conn.execute("SELECT count(*) FROM letter").fetchone()[0]
    assert letters > 50
    for name in ("surat.pdf", "terima.pdf"):
        text = " ".join(" ".join(p.extract_text().split())
                        for p in pypdf.PdfReader(folder / name).pages)
        shown = [m for m in SHOWN_NIK.findall(text) if "•" in m]
        # nothing but the NIK itself is shown about the birth: no date, no sex
        assert_enough([candidates(m) for m in shown], letters)
        assert not any(n in text for n in full_niks(drive))


# --- point 2: the audit row first, or nothing -------------------------------------------------

@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """The database file made read-only even for root (who ignores file modes)."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    if shutil.which("chattr") is None or subprocess.run(
            ["chattr", "+i", str(path)], capture_output=True).returncode:
        pytest.skip("cannot make a file read-only for root here (chattr +i)")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Another desk holding the write lock (for longer than the busy timeout)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        conn.execute("ROLLBACK")
        conn.close()


def audit_count(path: Path) -> int:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]


@pytest.fixture
def small(db, db_path: Path) -> Path:
    demo.fill(db, 30, seed=4, build_index=False)
    db.close()
    return db_path


@pytest.mark.parametrize("blocked", [read_only, locked])
def test_people_unmasked_prints_nothing_when_the_audit_cannot_be_written(small, blocked):
    before = audit_count(small)
    with blocked(small):
        for fmt in ("json", "csv"):
            done = cli(small, "people", "--unmasked", "--format", fmt, status=1)
            assert done.stdout == ""  # not a NIK, not a header
            assert "Log audit tidak dapat ditulis" in done.stderr
            assert not ANY_NIK.search(done.stderr)
    assert audit_count(small) == before
    done = cli(small, "people", "--unmasked")  # unblocked: shown, and recorded first
    assert len(json.loads(done.stdout)) == 30 and audit_count(small) == before + 1


@pytest.mark.parametrize("blocked", [read_only, locked])
def test_warga_show_nik_stays_masked_when_the_audit_cannot_be_written(qtbot, small, blocked):
    # a copy no connection of this process has opened: SQLite would reuse an open file
    # handle, writable from before the file became read-only
    path = Path(shutil.copy(small, small.with_name("window.sqlite")))
    before = audit_count(path)
    with blocked(path):
        database = core_db.open_database(path)
        runner = JobRunner(database)
        try:
            page = WargaPage(database, runner)
            qtbot.addWidget(page)
            page.show()
            qtbot.waitUntil(lambda: page.model.complete, timeout=5000)
            page._select_row(0)
            pane = page.detail
            masked = pane.fields["nik"].text()
            assert "•" in masked and re.fullmatch(r"PEKALONGAN, \d{4}|.*, \d{4}",
                                                  pane.fields["born"].text())
            pane.show_nik.click()  # the button may sit below the small window's fold
            # the busy timeout runs out first when locked
            qtbot.waitUntil(lambda: pane.nik_error.isVisibleTo(pane), timeout=30_000)
            assert "Log audit tidak dapat ditulis" in pane.nik_error.text()
            assert pane.fields["nik"].text() == masked and pane.show_nik.isVisibleTo(pane)
            assert not ANY_NIK.search(pane.fields["nkk"].text())
            assert re.search(r", \d{4}$", pane.fields["born"].text())  # still the year only
        finally:
            runner.shutdown()
            database.close()
    assert audit_count(path) == before  # nothing recorded, nothing shown
