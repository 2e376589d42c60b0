"""A problem report holds the logs and the versions, and no personal data: a NIK quoted in
a log is blotted out, the home folder and the account name too, and the database's rows
never go in, only how many there are."""

from __future__ import annotations

import getpass
import zipfile
from pathlib import Path

import pytest

from ektp_desk import __version__
from ektp_desk.core import demo, migrations, problem_report
from ektp_desk.core.errors import UserError

NIK = "3375012505040001"


def logs(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "ektp-desk.log").write_text(
        f"2026-12-07 ERROR ektp_desk: bug: KeyError: '{NIK}'\n"
        f"  File \"{Path.home()}/ektp/app.py\", line 3\n", encoding="utf-8")
    (folder / "ektp-desk.log.1").write_text(
        "older: NKK 3375 0125 0504 0002 and a count 12345\n", encoding="utf-8")
    return folder


def test_the_zip_has_the_logs_and_versions_and_no_nik(tmp_path, db, db_path):
    demo.fill(db, 30, build_index=False)
    folder = logs(tmp_path / "logs")
    out = problem_report.write(tmp_path / "laporan.zip", folder, db_path, [("qt", "6.x")])
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
        texts = {n: archive.read(n).decode("utf-8") for n in names}
    assert names == {"versions.txt", "logs/ektp-desk.log", "logs/ektp-desk.log.1"}
    everything = "\n".join(texts.values())
    assert NIK not in everything and "3375 0125 0504 0002" not in everything
    assert problem_report.NIK_MARK in texts["logs/ektp-desk.log"]
    assert "count 12345" in texts["logs/ektp-desk.log.1"]  # short numbers are kept
    assert str(Path.home()) not in everything and "~/ektp/app.py" in everything
    versions = texts["versions.txt"]
    assert f"ektp-desk: {__version__}" in versions and "qt: 6.x" in versions
    assert f"schema version: {migrations.latest_version()}" in versions
    assert "rows person: 30" in versions
    # no row of the database goes in: no name of a person
    names_in_db = [r[0] for r in db.execute_sql("SELECT name FROM person").fetchall()]
    assert not any(name in everything for name in names_in_db)
    assert not (tmp_path / "laporan.zip.part").exists()


def test_the_account_name_is_blotted_out(monkeypatch):
    monkeypatch.setattr(getpass, "getuser", lambda: "siti_rahma")
    assert problem_report.scrub("C:\\Users\\siti_rahma\\AppData") == "C:\\Users\\<user>\\AppData"


def test_without_a_log_or_a_database_the_report_still_has_the_versions(tmp_path):
    out = problem_report.write(tmp_path / "r.zip", tmp_path / "none", None)
    with zipfile.ZipFile(out) as archive:
        assert "database: (none)" in archive.read("versions.txt").decode()
        assert "logs/README.txt" in archive.namelist()


def test_a_report_over_the_database_or_where_no_file_can_be_made_writes_nothing(
        tmp_path, db, db_path):
    before = db_path.read_bytes()
    with pytest.raises(UserError) as caught:
        problem_report.write(db_path, tmp_path, db_path)
    assert caught.value.message_id == "output_is_database"
    assert db_path.read_bytes() == before
    # a folder that cannot be made (a file stands where it should be; root ignores chmod)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(UserError) as caught:
        problem_report.write(blocker / "r.zip", tmp_path, db_path)
    assert caught.value.message_id == "write_failed"
    assert blocker.read_text() == "x"
    assert not list(tmp_path.glob("**/r.zip*"))
